//! Every input format as one shape: sheets of cells with their spreadsheet row numbers.
//! Only this module knows calamine, csv and encoding_rs.

use calamine::{Data, Reader, SheetVisible};
use std::io::Cursor;

/// One cell, format-independent.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date/time cell, as an Excel serial (days since 1899-12-30).
    DateTime(f64),
    /// A duration cell, in days.
    Duration(f64),
    Bool(bool),
    Error(String),
}

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
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }
    /// The value as a person would read it (for the rejected-rows table and matching).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
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
            Cell::Error(e) => e.clone(),
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

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is password-protected (encrypted); save an unprotected copy and run again")]
    Encrypted,
    #[error("the file is not a readable spreadsheet ({0}); open it in Excel or LibreOffice and save it again as .xlsx")]
    Corrupt(String),
    #[error("the file is larger than {limit_mb} MB; split it or raise the limit")]
    TooLarge { limit_mb: u64 },
}

/// Largest input accepted (bytes).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Detects the format from the content (not the name).
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(200)];
        if head.windows(28).any(|w| w == b"application/vnd.oasis.opend") {
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

/// Reads every sheet of a file.
pub fn read(bytes: Vec<u8>) -> Result<(Format, Vec<Sheet>), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let format = detect(&bytes);
    let sheets = match format {
        Format::Csv => vec![read_csv(&bytes)?],
        Format::Json => Vec::new(),
        Format::Xls if is_encrypted_ole(&bytes) => return Err(ReadError::Encrypted),
        _ => read_workbook(bytes, format)?,
    };
    Ok((format, sheets))
}

/// An encrypted xlsx is an OLE container holding `EncryptionInfo`.
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).take(1 << 20).any(|w| w == needle.as_slice())
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_duration() => Cell::Duration(dt.as_f64()),
        Data::DateTime(dt) => Cell::DateTime(dt.as_f64()),
        Data::DateTimeIso(s) => iso_datetime(s).map_or_else(|| Cell::Text(s.clone()), Cell::DateTime),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
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

fn read_workbook(bytes: Vec<u8>, format: Format) -> Result<Vec<Sheet>, ReadError> {
    let cursor = Cursor::new(bytes);
    let corrupt = |e: &dyn std::fmt::Display| {
        let msg = e.to_string();
        if msg.to_lowercase().contains("password") || msg.to_lowercase().contains("encrypt") {
            ReadError::Encrypted
        } else {
            ReadError::Corrupt(msg)
        }
    };
    let mut wb = match format {
        Format::Xlsx => calamine::Sheets::Xlsx(calamine::open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?),
        Format::Xls => calamine::Sheets::Xls(calamine::open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?),
        Format::Ods => calamine::Sheets::Ods(calamine::open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?),
        _ => unreachable!("not a workbook format"),
    };
    let meta: Vec<(String, bool)> = wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
    let mut sheets = Vec::with_capacity(meta.len());
    for (name, hidden) in meta {
        let range = wb.worksheet_range(&name).map_err(|e| corrupt(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
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

fn read_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let text = decode(bytes);
    let sep = sniff_separator(&text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                rows.push(record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect())
            }
            Ok(false) => break,
            Err(e) => return Err(ReadError::Corrupt(format!("CSV: {e}"))),
        }
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
        let s = read_csv(cp1252).unwrap();
        assert_eq!(s.rows[1][1], Cell::Text("Hämeenlinna".into()));
        let bom = "\u{feff}Pvm,Kunta\n\"1.3.2024\",\"Oulu, keskusta\"\n".as_bytes();
        let s = read_csv(bom).unwrap();
        assert_eq!(s.rows[0][0], Cell::Text("Pvm".into()));
        assert_eq!(s.rows[1][1], Cell::Text("Oulu, keskusta".into()));
    }

    #[test]
    fn formats_from_content() {
        assert_eq!(detect(b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(detect(b"\xD0\xCF\x11\xE0"), Format::Xls);
        assert_eq!(detect(b" [ {\"a\":1} ]"), Format::Json);
        assert_eq!(detect(b"a;b"), Format::Csv);
        assert_eq!(read(Vec::new()).unwrap_err(), ReadError::Empty);
    }
}
