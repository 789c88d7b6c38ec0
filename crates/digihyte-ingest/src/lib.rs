//! Reads the inputs of a [`Plan`]: every file becomes accepted records, rejected rows (with
//! file, sheet, row, column, value, reason and suggestion) or skipped rows, and an
//! [`InputAccount`] that proves `rows_read = accepted + rejected + skipped`.
//!
//! Only this crate knows calamine, csv and encoding_rs. A file that cannot be read is an
//! account with an `error`, not a failed run.

mod activity;
pub mod actor_survey;
pub mod feedback;
pub mod grid;
pub mod header;
pub mod indicators;
mod inspect;
mod memo;
pub mod values;

#[cfg(test)]
mod streaming_tests;

pub use inspect::{inspect, ColumnInspection, HeaderInspection, Inspection, Samples, SheetInspection};

use chrono::NaiveDate;
use digihyte_core::text::fold;
use digihyte_core::vocabulary::{Dimension, Vocabulary, Words};
use digihyte_core::WordPlace;
use digihyte_core::{
    ActorSurveyRow, Event, FeedbackResponse, IndicatorValue, InputAccount, RejectReason, Rejection, SourceKind, UnknownWord, Warning,
};
use digihyte_pipeline::{Plan, Source};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What a run needs besides the plan.
#[derive(Debug, Clone)]
pub struct Context {
    /// Dates after this are `future_date`.
    pub run_date: NaiveDate,
    pub first_year: i32,
    pub last_year: i32,
    /// The words of topics, channels, providers, ages and answers: the built-in tables and
    /// the pipeline's `[words]`.
    pub vocabulary: Arc<Vocabulary>,
    /// Topic cells classified with `vocabulary`, shared by the run's files.
    topic_cells: Arc<memo::Shared<activity::TopicCell>>,
}

impl Context {
    /// A context with the built-in vocabulary.
    pub fn new(run_date: NaiveDate, first_year: i32, last_year: i32) -> Context {
        Context { run_date, first_year, last_year, vocabulary: Arc::new(Vocabulary::builtin().clone()), topic_cells: Default::default() }
    }
    /// The same with a job's own words (`[words]`) on top of the built-in vocabulary (and a
    /// memo of its own: the words change what a cell means).
    pub fn with_words(self, words: &Words) -> Context {
        Context { vocabulary: Arc::new(Vocabulary::with_words(words)), topic_cells: Default::default(), ..self }
    }
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Ingested {
    pub events: Vec<Event>,
    pub feedback: Vec<FeedbackResponse>,
    pub actor_survey: Vec<ActorSurveyRow>,
    pub indicators: Vec<IndicatorValue>,
    pub accounts: Vec<InputAccount>,
    pub rejections: Vec<Rejection>,
    pub unknown_words: Vec<UnknownWord>,
    pub warnings: Vec<Warning>,
}

/// The result of reading one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub account: InputAccount,
    pub events: Vec<Event>,
    pub feedback: Vec<FeedbackResponse>,
    pub actor_survey: Vec<ActorSurveyRow>,
    pub indicators: Vec<IndicatorValue>,
    pub rejections: Vec<Rejection>,
    /// Unknown words by (dimension, normalised word).
    pub unknown: BTreeMap<(Dimension, String), Unknown>,
    pub warnings: Vec<String>,
}

/// An unknown word of one file: as first written, its count, the first places.
#[derive(Debug, Default, Clone)]
pub struct Unknown {
    pub word: String,
    pub count: u64,
    pub note: Option<String>,
    pub places: Vec<WordPlace>,
}

/// How many rows of each place an unknown word keeps, and how many places.
const WORD_ROWS: usize = 5;
const WORD_PLACES: usize = 5;

impl Unknown {
    fn add_place(&mut self, place: WordPlace) {
        self.count += place.count;
        let kept = self.places.len();
        match self.places.iter_mut().find(|p| p.file == place.file && p.sheet == place.sheet && p.column == place.column) {
            Some(p) => {
                p.count += place.count;
                for r in place.rows {
                    if p.rows.len() < WORD_ROWS {
                        p.rows.push(r);
                    }
                }
            }
            None if kept < WORD_PLACES => self.places.push(place),
            None => {}
        }
    }
}

/// A row being read: where it stands and the header above it, to reject it with its place.
pub(crate) struct RowAt<'a> {
    pub file: &'a str,
    /// The sheet's name.
    pub sheet: &'a str,
    /// The row number as the spreadsheet shows it.
    pub row_number: u32,
    /// The column of `row[0]` (0 = A).
    pub first_col: u32,
    pub row: &'a [grid::Cell],
    /// The header texts, by column.
    pub names: &'a [String],
}

impl<'a> RowAt<'a> {
    /// Row `index` of a sheet read whole.
    pub(crate) fn in_sheet(file: &'a str, sheet: &'a grid::Sheet, index: usize, names: &'a [String]) -> Self {
        RowAt { file, sheet: &sheet.name, row_number: sheet.row_number(index), first_col: sheet.first_col, row: &sheet.rows[index], names }
    }
}

impl FileOutcome {
    /// Counts a rejected row and keeps it with file, sheet, row, column (`Header (C)`, or
    /// `field` when the column is missing), the raw value, the reason and a suggestion.
    pub(crate) fn reject(&mut self, at: &RowAt<'_>, col: Option<usize>, field: &str, reason: RejectReason, suggestion: Option<String>) {
        self.account.rows_read += 1;
        self.account.rows_rejected += 1;
        self.rejections.push(Rejection {
            file: at.file.to_string(),
            sheet: at.sheet.to_string(),
            row: at.row_number,
            column: col
                .map(|c| format!("{} ({})", at.names[c], grid::column_letter(at.first_col as usize + c)))
                .unwrap_or_else(|| field.to_string()),
            value: col.and_then(|c| at.row.get(c)).map(grid::Cell::display).unwrap_or_default(),
            reason,
            suggestion,
        });
    }

    /// Counts an unknown word of a classified field at `at`, column `col`.
    pub(crate) fn unknown_word(&mut self, dim: Dimension, word: &str, at: &RowAt<'_>, col: Option<usize>, note: Option<&str>) {
        let key = digihyte_core::vocabulary::normalize(word);
        let u = self.unknown.entry((dim, key)).or_insert_with(|| Unknown { word: word.trim().to_string(), ..Unknown::default() });
        if u.note.is_none() {
            u.note = note.map(str::to_string);
        }
        let column = col
            .map(|c| format!("{} ({})", at.names[c], grid::column_letter(at.first_col as usize + c)))
            .unwrap_or_else(|| dim.key().to_string());
        u.add_place(WordPlace { file: at.file.to_string(), sheet: at.sheet.to_string(), column, rows: vec![at.row_number], count: 1 });
    }
}

/// Reads every input of the plan, files in parallel; the result is in file order.
pub fn ingest(plan: &Plan, ctx: &Context) -> Ingested {
    ingest_with_progress(plan, ctx, &|_| {})
}

/// [`ingest`], calling `on_file` with each file's account as soon as that file is read
/// (from the worker threads, in the order files finish): for a progress bar.
pub fn ingest_with_progress(plan: &Plan, ctx: &Context, on_file: &(dyn Fn(&InputAccount) + Sync)) -> Ingested {
    let jobs: Vec<(&Source, &Path)> = plan.sources.iter().flat_map(|s| s.files.iter().map(move |f| (s, f.as_path()))).collect();
    // The largest files first, each a task of its own: a big file (a region's feedback
    // export) started last would keep one thread reading while the others wait.
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = jobs.iter().enumerate().map(|(i, (_, p))| (size(p), i)).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut read: Vec<(usize, FileOutcome)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&(_, file)| {
            let (source, path) = jobs[file];
            let mut outcome = read_file(path, &plan.display_path(path), source, ctx);
            // Each file is one account, in job order: its index there is the events' origin.
            for e in &mut outcome.events {
                e.origin.file = file as u32;
            }
            on_file(&outcome.account);
            (file, outcome)
        })
        .collect();
    read.sort_by_key(|(file, _)| *file);
    let mut all = Ingested::default();
    // One allocation for a million events, not a doubling (and a copy) per file.
    all.events.reserve_exact(read.iter().map(|(_, o)| o.events.len()).sum());
    let outcomes = read.into_iter().map(|(_, o)| o);
    let mut unknown: BTreeMap<(Dimension, String), Unknown> = BTreeMap::new();
    for o in outcomes {
        if let Some(e) = &o.account.error {
            all.warnings.push(Warning { file: o.account.path.clone(), message: format!("not read: {e}") });
        }
        for w in o.warnings {
            all.warnings.push(Warning { file: o.account.path.clone(), message: w });
        }
        all.events.extend(o.events);
        all.feedback.extend(o.feedback);
        all.actor_survey.extend(o.actor_survey);
        all.indicators.extend(o.indicators);
        all.rejections.extend(o.rejections);
        merge_unknown(&mut unknown, o.unknown);
        all.accounts.push(o.account);
    }
    // Not among the warnings: the caller words them (`unknown_warning`) where it shows them.
    all.unknown_words = unknown_words(unknown, &ctx.vocabulary);
    all
}

/// Adds one file's unknown words to the run's.
pub(crate) fn merge_unknown(into: &mut BTreeMap<(Dimension, String), Unknown>, from: BTreeMap<(Dimension, String), Unknown>) {
    for (k, u) in from {
        let e = into.entry(k).or_insert_with(|| Unknown { word: u.word.clone(), note: u.note.clone(), ..Unknown::default() });
        // Occurrences at places the file did not keep still count.
        let kept: u64 = u.places.iter().map(|p| p.count).sum();
        e.count += u.count - kept;
        for p in u.places {
            e.add_place(p);
        }
    }
}

/// The unknown words of a run, most frequent first, each with the key it most likely
/// means.
pub(crate) fn unknown_words(map: BTreeMap<(Dimension, String), Unknown>, v: &Vocabulary) -> Vec<UnknownWord> {
    let mut out: Vec<UnknownWord> = map
        .into_iter()
        .map(|((dim, _), u)| UnknownWord {
            field: dim.key().to_string(),
            suggestion: if u.note.is_some() {
                None
            } else {
                digihyte_core::vocabulary::suggest(v, dim, &u.word).map(|(k, like)| (k.to_string(), like))
            },
            word: u.word,
            count: u.count,
            counted_as: dim.fallback_key().to_string(),
            note: u.note,
            places: u.places,
        })
        .collect();
    out.sort_by(|a, b| a.field.cmp(&b.field).then(b.count.cmp(&a.count)).then(a.word.cmp(&b.word)));
    out
}

/// The warning line of an unknown word.
pub fn unknown_warning(u: &UnknownWord) -> String {
    let note = u.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
    let hint = match &u.suggestion {
        Some((k, like)) => format!("; maybe `{k}` (like \"{like}\"): add it to [words] if so"),
        None => String::new(),
    };
    format!("{} × unknown {} word \"{}\"{note} counted as `{}` ({}){hint}", u.count, u.field, u.word, u.counted_as, u.where_())
}

/// What one column of a read sheet was recognised as (for `inspect`).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRole {
    /// 0-based index within the sheet's rows.
    pub col: usize,
    /// The field or item, as `inspect` prints it: `date`, `item got_help (Likert 1–5)`.
    pub label: String,
    /// Values never shown (client codes).
    pub private: bool,
}

/// The header found in a sheet and what its columns are.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLayout {
    /// Index of the header row within the sheet's rows.
    pub header_row: usize,
    pub roles: Vec<ColumnRole>,
}

/// Reads one file of a source.
pub fn read_file(path: &Path, display: &str, source: &Source, ctx: &Context) -> FileOutcome {
    let mut out = read_detailed_as(path, display, source, ctx, Reading::Stream).outcome;
    for r in &mut out.rejections {
        cap_value(&mut r.value);
    }
    out
}

/// Longest raw value a rejection keeps (a spreadsheet cell holds at most 32 767 characters,
/// and nobody fixes a row by reading more than this).
pub const MAX_REJECTED_VALUE_CHARS: usize = 200;

fn cap_value(v: &mut String) {
    if let Some((i, _)) = v.char_indices().nth(MAX_REJECTED_VALUE_CHARS) {
        v.truncate(i);
        v.push('…');
    }
}

/// A file as read, with what `inspect` shows besides the outcome.
pub(crate) struct Detailed {
    pub outcome: FileOutcome,
    pub format: Option<grid::Format>,
    pub sheets: Vec<grid::Sheet>,
    /// Per sheet (same order): the layout read, if the sheet was read.
    pub layouts: Vec<Option<SheetLayout>>,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Every sheet whole, kept for `inspect`.
    Whole,
    /// An activity log in xlsx row by row as calamine reads it, holding one row at a time
    /// (the events and outcome are the same as read whole); other files whole.
    Stream,
}

pub(crate) fn read_detailed(path: &Path, display: &str, source: &Source, ctx: &Context) -> Detailed {
    read_detailed_as(path, display, source, ctx, Reading::Whole)
}

pub(crate) fn read_detailed_as(path: &Path, display: &str, source: &Source, ctx: &Context, reading: Reading) -> Detailed {
    let mut out = FileOutcome::default();
    out.account.path = display.to_string();
    out.account.kind = Some(source.kind);
    let fail = |mut out: FileOutcome, e: String| {
        out.account.error = Some(e);
        Detailed { outcome: out, format: None, sheets: Vec::new(), layouts: Vec::new() }
    };
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > grid::MAX_FILE_BYTES => {
            let e = grid::ReadError::TooLarge { limit_mb: grid::MAX_FILE_BYTES >> 20 }.to_string();
            return fail(out, e);
        }
        Ok(m) if m.is_dir() => return fail(out, "this is a folder, not a file; name the files inside it (e.g. \"folder/*.xlsx\")".into()),
        _ => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return fail(out, format!("cannot open the file: {e}; check that it exists and that you may read it")),
        },
    };
    out.account.sha256 = hex(&Sha256::digest(&bytes));
    out.account.bytes = bytes.len() as u64;
    if reading == Reading::Stream && source.kind == SourceKind::Activity && grid::detect(&bytes) == grid::Format::Xlsx {
        let mut streamed = FileOutcome { account: out.account.clone(), ..FileOutcome::default() };
        match stream_activity(&bytes, path, display, source, ctx, &mut streamed) {
            Ok(grid::Streamed::Done) => {
                return Detailed { outcome: streamed, format: Some(grid::Format::Xlsx), sheets: Vec::new(), layouts: Vec::new() }
            }
            // Written out of order: read whole below, from the start.
            Ok(grid::Streamed::OutOfOrder) => {}
            Err(e) => return fail(out, e.to_string()),
        }
    }
    let (format, sheets) = match grid::read(bytes) {
        Ok(v) => v,
        Err(e) => return fail(out, e.to_string()),
    };
    let mut layouts: Vec<Option<SheetLayout>> = vec![None; sheets.len()];
    let named: Vec<(&str, bool)> = sheets.iter().map(|s| (s.name.as_str(), s.hidden)).collect();
    let chosen = match choose_sheets(&named, source, format) {
        Ok(c) => c,
        Err(e) => return Detailed { format: Some(format), sheets, layouts, ..fail(out, e) },
    };
    let mut hints: Vec<String> = Vec::new();
    for i in chosen {
        let sheet = &sheets[i];
        let mut hint = |h: Option<String>| {
            if let Some(h) = h {
                hints.push(if sheet.name.is_empty() { h } else { format!("sheet \"{}\": {h}", sheet.name) });
            }
        };
        let layout = match source.kind {
            SourceKind::Activity => match activity::header(sheet, source) {
                Some(h) => {
                    activity::read_sheet(sheet, &h, source, ctx, display, &mut out);
                    Some(activity::describe(&h))
                }
                None => {
                    hint(activity::hint(sheet, source));
                    None
                }
            },
            SourceKind::Feedback => match feedback::layout(sheet, source) {
                Ok(l) => {
                    feedback::read_sheet(sheet, &l, source, ctx, display, &mut out);
                    Some(l.describe())
                }
                Err(h) => {
                    hint(h);
                    None
                }
            },
            SourceKind::ActorSurvey => match actor_survey::layout(sheet, source) {
                Ok(l) => {
                    actor_survey::read_sheet(sheet, &l, ctx, display, &mut out);
                    Some(l.describe())
                }
                Err(h) => {
                    hint(h);
                    None
                }
            },
            SourceKind::Indicators => match indicators::layout(sheet, display) {
                Ok(l) => {
                    indicators::read_sheet(sheet, &l, display, &mut out);
                    Some(l.describe())
                }
                Err(h) => {
                    hint(h);
                    None
                }
            },
        };
        if layout.is_some() {
            out.account.sheets.push(sheet.name.clone());
        }
        layouts[i] = layout;
    }
    if layouts.iter().all(Option::is_none) {
        out.account.error = Some(no_header_message(path, display, format, source, &hints));
    }
    Detailed { outcome: out, format: Some(format), sheets, layouts }
}

/// The sheets of a file to read: the one the pipeline names (exactly, else after folding),
/// else every sheet that is not hidden (hidden sheets hold lists and helpers, not data).
/// `sheets` are the names and whether each is hidden; the error says what to do.
fn choose_sheets(sheets: &[(&str, bool)], source: &Source, format: grid::Format) -> Result<Vec<usize>, String> {
    let Some(name) = &source.sheet else {
        return Ok((0..sheets.len()).filter(|&i| !sheets[i].1).collect());
    };
    if let Some(i) = sheets.iter().position(|s| s.0 == name).or_else(|| sheets.iter().position(|s| fold(s.0) == fold(name))) {
        return Ok(vec![i]);
    }
    Err(if format == grid::Format::Csv || format == grid::Format::Json {
        format!(
            "the pipeline file names the sheet \"{name}\", but this is a {} file, which has no sheets; remove `sheet` from this source",
            format.name()
        )
    } else {
        let names: Vec<String> =
            sheets.iter().map(|(s, hidden)| if *hidden { format!("\"{s}\" (hidden)") } else { format!("\"{s}\"") }).collect();
        format!(
            "the sheet \"{name}\" named in the pipeline file is not in this file; its sheets are {}: correct `sheet` in the pipeline file, or remove it to read every sheet with a recognisable header",
            names.join(", ")
        )
    })
}

/// An activity log in xlsx, read as calamine streams its rows ([`Reading::Stream`]): the
/// first rows of each sheet are held until its header is found, then every row is read as
/// soon as it is complete. The outcome is the one [`read_detailed`] gives reading the file
/// whole (a test compares them); a file written out of order is left to that path.
fn stream_activity(
    bytes: &[u8],
    path: &Path,
    display: &str,
    source: &Source,
    ctx: &Context,
    out: &mut FileOutcome,
) -> Result<grid::Streamed, grid::ReadError> {
    let limits = grid::Limits::DEFAULT;
    let mut wb = grid::open_xlsx(bytes, limits)?;
    let meta = grid::xlsx_sheets(&wb);
    let named: Vec<(&str, bool)> = meta.iter().map(|(n, hidden, _)| (n.as_str(), *hidden)).collect();
    let chosen = match choose_sheets(&named, source, grid::Format::Xlsx) {
        Ok(c) => c,
        Err(e) => {
            out.account.error = Some(e);
            return Ok(grid::Streamed::Done);
        }
    };
    let mut hints: Vec<String> = Vec::new();
    for i in chosen {
        let (name, hidden, worksheet) = &meta[i];
        let mut state = SheetState::Head(grid::Sheet { name: name.clone(), hidden: *hidden, ..grid::Sheet::default() });
        if *worksheet {
            let streamed = grid::stream_rows(&mut wb, name, limits, |number, cells| match &mut state {
                SheetState::Head(head) => {
                    if head.rows.is_empty() {
                        head.first_row = number;
                    }
                    head.rows.resize_with((number - head.first_row) as usize, Vec::new);
                    head.rows.push(cells.to_vec());
                    if head.rows.len() >= header::HEADER_SEARCH_ROWS {
                        state = SheetState::decide(std::mem::take(head), source, ctx, display, name, out);
                    }
                }
                SheetState::Reading { rows, next_row } => {
                    // The rows skipped over are blank rows.
                    for _ in *next_row..number {
                        out.account.skip(digihyte_core::SkipKind::Blank);
                    }
                    rows.row(number, cells, out);
                    *next_row = number + 1;
                }
                SheetState::NoHeader(_) => {}
            })?;
            if streamed == grid::Streamed::OutOfOrder {
                return Ok(streamed);
            }
        }
        if let SheetState::Head(head) = state {
            // A sheet shorter than the rows searched for a header.
            state = SheetState::decide(head, source, ctx, display, name, out);
        }
        match state {
            SheetState::Reading { .. } => out.account.sheets.push(name.clone()),
            SheetState::NoHeader(Some(h)) => hints.push(if name.is_empty() { h } else { format!("sheet \"{name}\": {h}") }),
            _ => {}
        }
    }
    if out.account.sheets.is_empty() {
        out.account.error = Some(no_header_message(path, display, grid::Format::Xlsx, source, &hints));
    }
    Ok(grid::Streamed::Done)
}

/// Where a streamed activity sheet stands.
enum SheetState<'a> {
    /// Holding its first rows until the header is found.
    Head(grid::Sheet),
    /// Below the header: each row is read as it arrives; `next_row` is the row number
    /// after the last one read.
    Reading { rows: Box<activity::Rows<'a>>, next_row: u32 },
    /// No header in the first rows (with a hint when a row came close): the sheet is not read.
    NoHeader(Option<String>),
}

impl<'a> SheetState<'a> {
    /// Finds the header in the first rows, as [`read_detailed`] does in a sheet read whole,
    /// and reads the rows of `head` below it.
    fn decide(head: grid::Sheet, source: &'a Source, ctx: &'a Context, file: &'a str, name: &'a str, out: &mut FileOutcome) -> Self {
        let Some(h) = activity::header(&head, source) else {
            return SheetState::NoHeader(activity::hint(&head, source));
        };
        let rows = activity::read_rows(&head, name, h, source, ctx, file, out);
        SheetState::Reading { rows: Box::new(rows), next_row: head.first_row + head.rows.len() as u32 }
    }
}

/// The message for a file in which no sheet has a recognisable header.
fn no_header_message(path: &Path, display: &str, format: grid::Format, source: &Source, hints: &[String]) -> String {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let inspect = format!("`digihyte inspect {display}` shows what was recognised");
    if format == grid::Format::Csv && ["xlsx", "xlsm", "xls", "ods"].contains(&ext.as_str()) {
        return format!(
            "the file is named .{ext} but is not a spreadsheet: it holds plain text, and that text is not a CSV file with a recognisable header either; if it should be a spreadsheet, save it again from Excel as .xlsx; if it is a CSV file, rename it to .csv and check its column names ({inspect})"
        );
    }
    let what = match source.kind {
        SourceKind::Activity => format!(
            "no recognisable header (a date and a municipality column) in the first {} rows of any sheet; check the column names ({inspect}) or map them with `columns = {{ date = \"…\", municipality = \"…\" }}` in the pipeline file",
            header::HEADER_SEARCH_ROWS
        ),
        SourceKind::Feedback => format!(
            "no recognisable header (an answer date and at least one question such as \"Sain apua…\") in the first {} rows of any sheet; check the headers ({inspect}) or map them with `columns = {{ date = \"…\" }}` and `items = {{ got_help = \"…\" }}` in the pipeline file",
            header::HEADER_SEARCH_ROWS
        ),
        SourceKind::ActorSurvey => format!(
            "no recognisable header (a municipality column and at least one of the questions in_report, in_plan, contact_person, support_points) in the first {} rows of any sheet; check the headers ({inspect}) or map them with `columns = {{ municipality = \"…\", in_report = \"…\" }}` in the pipeline file",
            header::HEADER_SEARCH_ROWS
        ),
        SourceKind::Indicators => format!(
            "neither Sotkanet data (columns indicator, region, year, value) nor a Sotkanet web export (area names down, years across); download the indicator from Sotkanet again as CSV or JSON, or save the web export as it is ({inspect})"
        ),
    };
    // A sheet that came close says best what is missing.
    match hints.first() {
        Some(h) => format!("{h} ({inspect})"),
        None => what,
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
