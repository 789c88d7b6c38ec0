//! Every input format as one shape: sheets of cells with their spreadsheet row numbers.
//! Only this module knows calamine, csv and encoding_rs.

use calamine::{Data, DataRef, Reader, SheetVisible};
use std::io::Cursor;
use std::sync::Arc;

/// One cell, format-independent. Text is shared: a sheet repeats the same few words (a
/// municipality, a topic, a support point) in every row, and an xlsx file stores each of
/// them once.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(Arc<str>),
    Number(f64),
    /// A date/time cell, as an Excel serial (days since 1899-12-30).
    DateTime(f64),
    /// A duration cell, in days.
    Duration(f64),
    Bool(bool),
    /// An error value (`#DIV/0!`), as Excel shows it. Boxed: a cell is 24 bytes, not 32.
    Error(Box<str>),
}

// A sheet holds millions of cells: keep them at three words.
const _: () = assert!(std::mem::size_of::<Cell>() == 24);

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
    /// The text of a text cell.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t.as_ref()),
            _ => None,
        }
    }
    /// The value as a person would read it (for the rejected-rows table and matching).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::DateTime(s) => match crate::values::date_from_serial(*s) {
                Some(d) if s.fract() == 0.0 => d.format("%Y-%m-%d").to_string(),
                Some(d) => {
                    let mins = (s.fract() * 1440.0).round() as i64;
                    format!("{} {:02}:{:02}", d.format("%Y-%m-%d"), mins / 60, mins % 60)
                }
                None => {
                    let mins = (s * 1440.0).round() as i64;
                    format!("{}:{:02}", mins / 60, mins % 60)
                }
            },
            Cell::Duration(d) => {
                let mins = (d * 1440.0).round() as i64;
                format!("{}:{:02}", mins / 60, mins % 60)
            }
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.to_string(),
        }
    }
}

/// One sheet. `rows[i]` is spreadsheet row `first_row + i` (1-based).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub first_row: u32,
    pub first_col: u32,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The spreadsheet row number of `rows[i]`.
    pub fn row_number(&self, i: usize) -> u32 {
        self.first_row + i as u32
    }
    /// Column letters for a 0-based index within `rows` (`A`, `B`, … `AA`).
    pub fn column_letter(&self, i: usize) -> String {
        column_letter(self.first_col as usize + i)
    }
}

pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// The format of an input, detected from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Why a file could not be read at all. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty (0 bytes); export or copy it again, or remove it from the `files` of the pipeline file")]
    Empty,
    #[error(
        "the file is password-protected (encrypted); open it in Excel, remove the password (File › Info › Protect Workbook) or save an unprotected copy, and run again"
    )]
    Encrypted,
    #[error(
        "the file is not a readable spreadsheet ({0}); it may be damaged or only partly copied: open it in Excel or LibreOffice and save it again as .xlsx"
    )]
    Corrupt(String),
    #[error(
        "the file is neither a spreadsheet (xlsx, xls, ods) nor a text (CSV or JSON) file: it holds binary data; export the data again as .xlsx or .csv"
    )]
    Binary,
    #[error(
        "the file looks like JSON but cannot be read ({0}); download it again from Sotkanet (for example https://sotkanet.fi/rest/1.1/json?indicator=127&years=2024&genders=total)"
    )]
    Json(String),
    #[error(
        "the JSON file is not a list of Sotkanet data rows (objects with indicator, region, year and value); download the data from Sotkanet's /rest/1.1/json or /rest/1.1/csv"
    )]
    JsonShape,
    #[error("the file is larger than {limit_mb} MB; split it (for example one file per year) and list the parts in the pipeline file")]
    TooLarge { limit_mb: u64 },
    #[error("{} has more than {limit} rows; split it (for example one file per year) and list the parts in the pipeline file", sheet_label(.sheet))]
    TooManyRows { sheet: String, limit: usize },
    #[error(
        "{} has more than {limit} cells (rows × columns up to the last filled column); delete the stray cells far to the right or below the data, or split the file",
        sheet_label(.sheet)
    )]
    TooManyCells { sheet: String, limit: usize },
    #[error(
        "the workbook would unpack to {unpacked_mb} MB, more than the {limit_mb} MB a file may take (a damaged or deliberately packed file); save the data again as a plain .xlsx, or split it"
    )]
    TooLargeUnpacked { unpacked_mb: u64, limit_mb: u64 },
}

fn sheet_label(sheet: &str) -> String {
    if sheet.is_empty() {
        "the file".to_string()
    } else {
        format!("the sheet \"{sheet}\"")
    }
}

/// Largest input accepted (bytes).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Limits that keep a hostile or broken file from exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows per sheet (spreadsheet row numbers, title and blank rows included).
    pub max_rows: usize,
    /// Cells per sheet, counting the empty cells up to each row's last filled cell.
    pub max_cells: usize,
    /// Bytes a zipped workbook (xlsx, ods) may unpack to, as its zip directory declares;
    /// a zip bomb is refused before anything is unpacked.
    pub max_unpacked: u64,
}

impl Limits {
    /// 5 million rows and 20 million cells per sheet (Excel itself stops at 1 048 576 rows;
    /// 20 million cells are well under 1 GiB in memory), and 1 GiB unpacked.
    pub const DEFAULT: Limits = Limits { max_rows: 5_000_000, max_cells: 20_000_000, max_unpacked: 1 << 30 };
}

/// Detects the format from the content (not the name).
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        // An OpenDocument zip starts with its uncompressed `mimetype` entry.
        let head = &bytes[..bytes.len().min(200)];
        let ods = b"application/vnd.oasis.opendocument.spreadsheet";
        if head.windows(ods.len()).any(|w| w == ods) {
            return Format::Ods;
        }
        return Format::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::Xls;
    }
    let text_start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text_start.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') | Some(b'{') => Format::Json,
        _ => Format::Csv,
    }
}

/// Binary data that is not a spreadsheet: NUL bytes or many control characters near the
/// start of a file without a byte-order mark.
fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    head.contains(&0) || control * 20 > head.len()
}

/// Reads every sheet of a file.
pub fn read(bytes: Vec<u8>) -> Result<(Format, Vec<Sheet>), ReadError> {
    read_with_limits(bytes, Limits::DEFAULT)
}

/// Reads every sheet of a file within `limits`.
pub fn read_with_limits(bytes: Vec<u8>, limits: Limits) -> Result<(Format, Vec<Sheet>), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let format = detect(&bytes);
    if format == Format::Ods {
        check_unpacked_size(&bytes, limits.max_unpacked)?;
    }
    let sheets = match format {
        Format::Csv if looks_binary(&bytes) => return Err(ReadError::Binary),
        Format::Csv => vec![read_csv(&bytes, limits)?],
        Format::Json => vec![read_json(&bytes, limits)?],
        Format::Xlsx => read_xlsx(bytes, limits)?,
        Format::Xls if is_encrypted_ole(&bytes) => return Err(ReadError::Encrypted),
        Format::Xls | Format::Ods => read_workbook(bytes, format, limits)?,
    };
    Ok((format, sheets))
}

/// Refuses a zip whose entries declare more than `limit` bytes unpacked. (A zip that lies
/// about its sizes fails later, when an entry's data does not match its declared size.)
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a readable zip: calamine says why
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > limit {
        return Err(ReadError::TooLargeUnpacked { unpacked_mb: total >> 20, limit_mb: limit >> 20 });
    }
    Ok(())
}

/// An encrypted xlsx is an OLE (compound file) container holding `EncryptionInfo` and
/// `EncryptedPackage` instead of a zip; calamine's own check looks for the latter.
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let probe: Result<calamine::Xlsx<_>, _> = calamine::open_workbook_from_rs(Cursor::new(bytes));
    if matches!(probe, Err(calamine::XlsxError::Password)) {
        return true;
    }
    let needle: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A calamine error as a [`ReadError`]: password errors are [`ReadError::Encrypted`].
fn workbook_error(e: &dyn std::fmt::Display) -> ReadError {
    let msg = e.to_string();
    let lower = msg.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(msg)
    }
}

/// Distinct inline strings remembered per sheet at most.
const INLINE_INTERN_LIMIT: usize = 100_000;

/// Cells reserved for a new row at most (a stray cell far to the right of one row does not
/// make every later row that wide).
const MAX_RESERVED_WIDTH: usize = 64;

/// Collects cells arriving in any order into rows, keeping the row and cell limits.
struct SheetBuilder<'a> {
    name: &'a str,
    limits: Limits,
    /// Indexed by 0-based absolute row and column.
    rows: Vec<Vec<Cell>>,
    cells: usize,
}

impl<'a> SheetBuilder<'a> {
    fn new(name: &'a str, limits: Limits) -> Self {
        SheetBuilder { name, limits, rows: Vec::new(), cells: 0 }
    }

    fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), ReadError> {
        let (r, c) = (row as usize, col as usize);
        if r >= self.limits.max_rows {
            return Err(ReadError::TooManyRows { sheet: self.name.to_string(), limit: self.limits.max_rows });
        }
        if self.rows.len() <= r {
            // The new row is made as wide as the one above it (most rows are, up to a
            // bound); rows skipped over stay empty and cost no cells.
            let width = self.rows.last().map_or(0, Vec::len).min(MAX_RESERVED_WIDTH);
            self.rows.resize_with(r, Vec::new);
            self.rows.push(Vec::with_capacity(width));
        }
        let cells = &mut self.rows[r];
        if cells.len() == c && self.cells < self.limits.max_cells {
            // The usual case: cells arrive left to right.
            self.cells += 1;
            cells.push(cell);
            return Ok(());
        }
        if cells.len() <= c {
            self.cells += c + 1 - cells.len();
            if self.cells > self.limits.max_cells {
                return Err(ReadError::TooManyCells { sheet: self.name.to_string(), limit: self.limits.max_cells });
            }
            cells.resize(c + 1, Cell::Empty);
        }
        cells[c] = cell;
        Ok(())
    }

    /// The used range: from the first row and column that hold a value.
    fn finish(mut self, hidden: bool) -> Sheet {
        let first_row = self.rows.iter().position(|r| r.iter().any(|c| !matches!(c, Cell::Empty))).unwrap_or(0);
        let first_col = self.rows.iter().filter_map(|r| r.iter().position(|c| !matches!(c, Cell::Empty))).min().unwrap_or(0);
        self.rows.drain(..first_row);
        if first_col > 0 {
            for r in &mut self.rows {
                r.drain(..first_col.min(r.len()));
            }
        }
        Sheet { name: self.name.to_string(), hidden, first_row: first_row as u32 + 1, first_col: first_col as u32, rows: self.rows }
    }
}

/// An xlsx workbook opened over borrowed bytes.
pub type XlsxBook<'b> = calamine::Xlsx<Cursor<&'b [u8]>>;

/// Opens an xlsx over `bytes`, after checking what it would unpack to.
pub fn open_xlsx(bytes: &[u8], limits: Limits) -> Result<XlsxBook<'_>, ReadError> {
    check_unpacked_size(bytes, limits.max_unpacked)?;
    calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| workbook_error(&e))
}

/// The sheets of an xlsx: name, hidden, and whether it is a worksheet (a chart sheet has no
/// cells).
pub fn xlsx_sheets(wb: &XlsxBook<'_>) -> Vec<(String, bool, bool)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible, s.typ == calamine::SheetType::WorkSheet))
        .collect()
}

/// Hands every cell of a worksheet that holds a value to `cell` (0-based row and column), in
/// the order of the file, without holding the sheet. Text is shared ([`Cell::Text`]).
fn each_cell(wb: &mut XlsxBook<'_>, name: &str, mut cell: impl FnMut(u32, u32, Cell) -> Result<(), ReadError>) -> Result<(), ReadError> {
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart or dialog sheet: no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(workbook_error(&e)),
    };
    // Shared strings, each made once per sheet: calamine hands out the same `&str` (same
    // address) for every cell that refers to one.
    let mut shared: std::collections::HashMap<(usize, usize), Arc<str>, foldhash::fast::FixedState> = Default::default();
    // Inline strings (files written without a shared-string table) arrive as a new String
    // per cell: equal ones are made to share one `Arc<str>` too.
    let mut inline: std::collections::HashSet<Arc<str>, foldhash::fast::FixedState> = Default::default();
    while let Some(c) = reader.next_cell().map_err(|e| workbook_error(&e))? {
        let value = match c.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => Cell::Text(shared.entry((s.as_ptr() as usize, s.len())).or_insert_with(|| Arc::from(*s)).clone()),
            DataRef::String(s) => Cell::Text(match inline.get(s.as_str()) {
                Some(t) => t.clone(),
                None => {
                    let t: Arc<str> = Arc::from(s.as_str());
                    // A sheet of distinct texts (free-text notes) is not kept twice.
                    if inline.len() < INLINE_INTERN_LIMIT {
                        inline.insert(t.clone());
                    }
                    t
                }
            }),
            other => convert_ref(other),
        };
        let (r, col) = c.get_position();
        cell(r, col, value)?;
    }
    Ok(())
}

/// xlsx, streamed cell by cell: memory follows the cells that hold values, not the
/// rectangle from A1 to the last cell (a stray value in XFD1048576 costs nothing).
fn read_xlsx(bytes: Vec<u8>, limits: Limits) -> Result<Vec<Sheet>, ReadError> {
    let mut wb = open_xlsx(&bytes, limits)?;
    let mut sheets = Vec::new();
    for (name, hidden, worksheet) in xlsx_sheets(&wb) {
        let mut b = SheetBuilder::new(&name, limits);
        if worksheet {
            each_cell(&mut wb, &name, |r, c, value| b.push(r, c, value))?;
        }
        sheets.push(b.finish(hidden));
    }
    Ok(sheets)
}

/// What [`stream_rows`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Streamed {
    /// Every row was handed over.
    Done,
    /// A cell came before one already handed over (a file written out of order): the
    /// sheet must be read whole ([`read`]); what was handed over is to be thrown away.
    OutOfOrder,
}

/// Hands the rows of a worksheet to `row`, in order, each as soon as its last cell is read:
/// the 1-based row number and its cells from column A. Rows without a value are not handed
/// over (the gaps between row numbers are blank rows). One row is held at a time; the
/// limits are those of [`read_with_limits`] (the same cells count).
pub fn stream_rows(wb: &mut XlsxBook<'_>, name: &str, limits: Limits, mut row: impl FnMut(u32, &[Cell])) -> Result<Streamed, ReadError> {
    let (mut current, mut cells, mut counted) = (None::<u32>, Vec::<Cell>::new(), 0usize);
    let mut out_of_order = false;
    let too_many_cells = || ReadError::TooManyCells { sheet: name.to_string(), limit: limits.max_cells };
    each_cell(wb, name, |r, c, value| {
        if out_of_order {
            return Ok(());
        }
        if r as usize >= limits.max_rows {
            return Err(ReadError::TooManyRows { sheet: name.to_string(), limit: limits.max_rows });
        }
        match current {
            Some(at) if r < at => {
                out_of_order = true;
                return Ok(());
            }
            Some(at) if r == at => {}
            _ => {
                if let Some(at) = current {
                    row(at + 1, &cells);
                }
                cells.clear();
                current = Some(r);
            }
        }
        let c = c as usize;
        if c < cells.len() {
            out_of_order = true;
            return Ok(());
        }
        // The empty cells up to this one count, as in a sheet read whole.
        counted += c + 1 - cells.len();
        if counted > limits.max_cells {
            return Err(too_many_cells());
        }
        cells.resize(c, Cell::Empty);
        cells.push(value);
        Ok(())
    })?;
    if out_of_order {
        return Ok(Streamed::OutOfOrder);
    }
    if let Some(at) = current {
        row(at + 1, &cells);
    }
    Ok(Streamed::Done)
}

fn convert_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::SharedString(s) => Cell::Text(Arc::from(*s)),
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) if dt.is_duration() => Cell::Duration(dt.as_f64()),
        DataRef::DateTime(dt) => Cell::DateTime(dt.as_f64()),
        DataRef::DateTimeIso(s) => iso_datetime(s).map_or_else(|| Cell::Text(s.as_str().into()), Cell::DateTime),
        DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Error(e) => Cell::Error(e.to_string().into()),
        DataRef::Empty => Cell::Empty,
    }
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_duration() => Cell::Duration(dt.as_f64()),
        Data::DateTime(dt) => Cell::DateTime(dt.as_f64()),
        Data::DateTimeIso(s) => iso_datetime(s).map_or_else(|| Cell::Text(s.as_str().into()), Cell::DateTime),
        Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(e.to_string().into()),
    }
}

/// `2024-03-01` or `2024-03-01T14:30:00` (ODS) → Excel serial.
fn iso_datetime(s: &str) -> Option<f64> {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let mut serial = crate::values::serial_from_date(d);
    if let Ok(t) = chrono::NaiveTime::parse_from_str(time.trim_end_matches('Z'), "%H:%M:%S%.f") {
        use chrono::Timelike;
        serial += f64::from(t.num_seconds_from_midnight()) / 86_400.0;
    }
    Some(serial)
}

/// xls and ods: calamine loads these whole (and caps ods itself at 100 million cells).
fn read_workbook(bytes: Vec<u8>, format: Format, limits: Limits) -> Result<Vec<Sheet>, ReadError> {
    let cursor = Cursor::new(bytes);
    let mut wb = match format {
        Format::Xls => calamine::Sheets::Xls(calamine::open_workbook_from_rs(cursor).map_err(|e| workbook_error(&e))?),
        Format::Ods => calamine::Sheets::Ods(calamine::open_workbook_from_rs(cursor).map_err(|e| workbook_error(&e))?),
        _ => return Err(ReadError::Corrupt(format!("{} is not read as a workbook", format.name()))),
    };
    let meta: Vec<(String, bool)> = wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
    let mut sheets = Vec::with_capacity(meta.len());
    for (name, hidden) in meta {
        let range = wb.worksheet_range(&name).map_err(|e| workbook_error(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (height, width) = range.get_size();
        if r0 as usize + height > limits.max_rows {
            return Err(ReadError::TooManyRows { sheet: name, limit: limits.max_rows });
        }
        if height.saturating_mul(width) > limits.max_cells {
            return Err(ReadError::TooManyCells { sheet: name, limit: limits.max_cells });
        }
        let rows = range.rows().map(|r| r.iter().map(convert).collect()).collect();
        sheets.push(Sheet { name, hidden, first_row: r0 + 1, first_col: c0, rows });
    }
    Ok(sheets)
}

/// Decodes text: a UTF-8 BOM (or UTF-16 BOM), else UTF-8 if valid, else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The separator used most consistently in the first lines: `;`, `,` or tab.
fn sniff_separator(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b',', 0usize);
    for sep in [b';', b',', b'\t'] {
        let count = lines.iter().filter(|l| l.as_bytes().contains(&sep)).count();
        if count > best.1 {
            best = (sep, count);
        }
    }
    best.0
}

fn read_csv(bytes: &[u8], limits: Limits) -> Result<Sheet, ReadError> {
    let text = decode(bytes);
    let sep = sniff_separator(&text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                if rows.len() >= limits.max_rows {
                    return Err(ReadError::TooManyRows { sheet: String::new(), limit: limits.max_rows });
                }
                cells += record.len();
                if cells > limits.max_cells {
                    return Err(ReadError::TooManyCells { sheet: String::new(), limit: limits.max_cells });
                }
                rows.push(record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.into()) }).collect())
            }
            Ok(false) => break,
            Err(e) => return Err(ReadError::Corrupt(format!("CSV: {e}"))),
        }
    }
    Ok(Sheet { name: String::new(), hidden: false, first_row: 1, first_col: 0, rows })
}

/// JSON (Sotkanet's `/rest/1.1/json`, old and current shapes) as one sheet: a header row of
/// the keys (in serde_json's order, sorted), then one row per object (object *n* is row
/// *n* + 1). A list wrapped in an object (`{"data": [...]}`) is found too.
fn read_json(bytes: &[u8], limits: Limits) -> Result<Sheet, ReadError> {
    use serde_json::Value;
    let text = decode(bytes);
    let value: Value = serde_json::from_str(&text).map_err(|e| ReadError::Json(e.to_string()))?;
    let list = match &value {
        Value::Array(a) => a,
        Value::Object(o) => o.values().find_map(|v| v.as_array().filter(|a| a.iter().any(Value::is_object))).ok_or(ReadError::JsonShape)?,
        _ => return Err(ReadError::JsonShape),
    };
    if list.iter().any(|v| !v.is_object()) {
        return Err(ReadError::JsonShape);
    }
    if list.len() >= limits.max_rows {
        return Err(ReadError::TooManyRows { sheet: String::new(), limit: limits.max_rows });
    }
    let mut keys: Vec<&str> = Vec::new();
    for item in list.iter().filter_map(Value::as_object) {
        for k in item.keys() {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    if list.len().saturating_mul(keys.len().max(1)) > limits.max_cells {
        return Err(ReadError::TooManyCells { sheet: String::new(), limit: limits.max_cells });
    }
    let mut rows = Vec::with_capacity(list.len() + 1);
    rows.push(keys.iter().map(|k| Cell::Text((*k).into())).collect());
    for item in list.iter().filter_map(Value::as_object) {
        rows.push(
            keys.iter()
                .map(|k| match item.get(*k) {
                    None | Some(Value::Null) => Cell::Empty,
                    Some(Value::String(s)) if s.trim().is_empty() => Cell::Empty,
                    Some(Value::String(s)) => Cell::Text(s.as_str().into()),
                    Some(Value::Number(n)) => n.as_f64().map_or(Cell::Empty, Cell::Number),
                    Some(Value::Bool(b)) => Cell::Bool(*b),
                    Some(other) => Cell::Text(other.to_string().into()),
                })
                .collect(),
        );
    }
    Ok(Sheet { name: String::new(), hidden: false, first_row: 1, first_col: 0, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn csv_encodings_and_separators() {
        let cp1252 = b"Pvm;Kunta\r\n1.3.2024;H\xe4meenlinna\r\n";
        let s = read_csv(cp1252, Limits::DEFAULT).unwrap();
        assert_eq!(s.rows[1][1], Cell::Text("Hämeenlinna".into()));
        let bom = "\u{feff}Pvm,Kunta\n\"1.3.2024\",\"Oulu, keskusta\"\n".as_bytes();
        let s = read_csv(bom, Limits::DEFAULT).unwrap();
        assert_eq!(s.rows[0][0], Cell::Text("Pvm".into()));
        assert_eq!(s.rows[1][1], Cell::Text("Oulu, keskusta".into()));
    }

    #[test]
    fn formats_from_content() {
        assert_eq!(detect(b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(detect(b"PK\x03\x04\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK"), Format::Ods);
        assert_eq!(detect(b"\xD0\xCF\x11\xE0"), Format::Xls);
        assert_eq!(detect(b" [ {\"a\":1} ]"), Format::Json);
        assert_eq!(detect(b"a;b"), Format::Csv);
        assert_eq!(read(Vec::new()).unwrap_err(), ReadError::Empty);
    }

    #[test]
    fn row_and_cell_limits() {
        let small = Limits { max_rows: 3, max_cells: 100, max_unpacked: 1 << 30 };
        let text = b"a;b\n1;2\n3;4\n5;6\n".to_vec();
        assert_eq!(read_with_limits(text, small).unwrap_err(), ReadError::TooManyRows { sheet: String::new(), limit: 3 });
        let wide = format!("{}\n", "x;".repeat(60)).repeat(2).into_bytes();
        assert_eq!(read_with_limits(wide, small).unwrap_err(), ReadError::TooManyCells { sheet: String::new(), limit: 100 });
        let mut b = SheetBuilder::new("S", small);
        assert!(b.push(1, 2, Cell::Number(1.0)).is_ok());
        assert_eq!(b.push(0, 200, Cell::Number(1.0)).unwrap_err(), ReadError::TooManyCells { sheet: "S".into(), limit: 100 });
        assert_eq!(b.push(3, 0, Cell::Number(1.0)).unwrap_err(), ReadError::TooManyRows { sheet: "S".into(), limit: 3 });
    }

    #[test]
    fn cells_in_any_order_make_the_used_range() {
        let mut b = SheetBuilder::new("S", Limits::DEFAULT);
        b.push(4, 3, Cell::Number(2.0)).unwrap();
        b.push(2, 2, Cell::Number(1.0)).unwrap();
        let s = b.finish(false);
        assert_eq!((s.first_row, s.first_col), (3, 2));
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[0], vec![Cell::Number(1.0)]);
        assert!(s.rows[1].is_empty());
        assert_eq!(s.rows[2], vec![Cell::Empty, Cell::Number(2.0)]);
    }

    #[test]
    fn json_old_and_new_shapes() {
        let old = br#"[{"region":"261","indicator":"127","primary value":"2406","gender":"total","year":"2009"}]"#.to_vec();
        let (f, s) = read(old).unwrap();
        assert_eq!(f, Format::Json);
        // serde_json keeps keys sorted: find the columns by name.
        let col = |s: &Sheet, k: &str| s.rows[0].iter().position(|c| c.text() == Some(k)).unwrap();
        assert_eq!(s[0].rows[1][col(&s[0], "primary value")], Cell::Text("2406".into()));
        let new = br#"{"data": [{"indicator":127,"region":261,"year":2009,"gender":"total","value":139133.5,"absValue":null}]}"#.to_vec();
        let (_, s) = read(new).unwrap();
        assert_eq!(s[0].rows[1][col(&s[0], "value")], Cell::Number(139133.5));
        assert_eq!(s[0].rows[1][col(&s[0], "absValue")], Cell::Empty);
        assert!(matches!(read(b"[1, 2]".to_vec()).unwrap_err(), ReadError::JsonShape));
        assert!(matches!(read(b"[{\"a\": ".to_vec()).unwrap_err(), ReadError::Json(_)));
    }

    #[test]
    fn binary_data_is_not_a_csv() {
        assert_eq!(read(vec![0x00, 0x01, 0x02, 0xff, 0x10, 0x00]).unwrap_err(), ReadError::Binary);
        let utf16 = [0xFF, 0xFE, b'a', 0, b';', 0, b'b', 0];
        assert!(read(utf16.to_vec()).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn json_numbers_survive_both_shapes(value in -1e9f64..1e9, region in 1u32..100_000, year in 1990i32..2100) {
            use crate::values::{parse_number, Parsed};
            // Current shape: numbers.
            let new = format!(r#"[{{"indicator":127,"region":{region},"year":{year},"gender":"total","value":{value:?}}}]"#);
            let (_, s) = read(new.into_bytes()).unwrap();
            let col = |k: &str| s[0].rows[0].iter().position(|c| c.text() == Some(k)).unwrap();
            proptest::prop_assert_eq!(&s[0].rows[1][col("value")], &Cell::Number(value));
            proptest::prop_assert_eq!(&s[0].rows[1][col("region")], &Cell::Number(f64::from(region)));
            // Old shape: the same numbers as strings, with a decimal comma too.
            let text = format!("{value:?}").replace('.', ",");
            let old = format!(r#"[{{"region":"{region}","indicator":"127","primary value":"{text}","gender":"total","year":"{year}"}}]"#);
            let (_, s) = read(old.into_bytes()).unwrap();
            let col = |k: &str| s[0].rows[0].iter().position(|c| c.text() == Some(k)).unwrap();
            proptest::prop_assert_eq!(parse_number(&s[0].rows[1][col("primary value")]), Parsed::Value(value));
        }

        #[test]
        fn no_bytes_make_the_reader_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400), prefix in 0usize..4) {
            let heads: [&[u8]; 4] = [b"", b"PK\x03\x04", &[0xD0, 0xCF, 0x11, 0xE0], b"[{"];
            let mut v = heads[prefix].to_vec();
            v.extend(bytes);
            let _ = read(v);
        }
    }
}
