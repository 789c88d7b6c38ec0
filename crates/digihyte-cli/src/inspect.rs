//! `digihyte inspect FILE`: what a file holds and what a run would make of it. The ingest
//! crate gathers everything (`digihyte_ingest::inspect`); this module only prints.

use crate::exit;
use clap::ValueEnum;
use digihyte_core::{SkipKind, SourceKind};
use digihyte_ingest::{Inspection, Samples};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The file to inspect (.xlsx, .xls, .ods, .csv or Sotkanet .json).
    pub file: PathBuf,
    /// Read the file as this kind of input (default: the kind that recognises the most columns).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Activity,
    Feedback,
    ActorSurvey,
    Indicators,
}

impl KindArg {
    fn kind(self) -> SourceKind {
        match self {
            KindArg::Activity => SourceKind::Activity,
            KindArg::Feedback => SourceKind::Feedback,
            KindArg::ActorSurvey => SourceKind::ActorSurvey,
            KindArg::Indicators => SourceKind::Indicators,
        }
    }
}

/// Prints the inspection; exit 0 when the file can be read, 3 when it cannot.
pub fn inspect(args: &InspectArgs) -> u8 {
    let i = digihyte_ingest::inspect(&args.file, args.kind.map(KindArg::kind));
    print!("{}", render(&i));
    if i.account.error.is_some() {
        exit::INPUT
    } else {
        exit::OK
    }
}

/// [`crate::table::render`] (every column left-aligned), each line indented.
fn table(rows: &[Vec<String>], indent: &str) -> String {
    crate::table::render(rows, &[]).lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("{indent}{l}\n") }).collect()
}

/// At most `n` characters, with `…` when cut.
fn cut(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

fn kind_key(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::ActorSurvey => "actor-survey",
        other => other.key(),
    }
}

/// The text `inspect` prints.
pub fn render(i: &Inspection) -> String {
    let mut s = String::new();
    s.push_str(&format!("file:    {}\n", i.path));
    s.push_str(&format!("format:  {}\n", i.format.unwrap_or("(not read)")));
    let how = if i.kind_guessed { " (the kind that recognised the most columns; choose another with --kind)" } else { "" };
    s.push_str(&format!("kind:    {}{how}\n", kind_key(i.kind)));
    // CSV and JSON files have one sheet without a name: nothing to list.
    if i.sheets.iter().any(|sh| !sh.name.is_empty()) {
        s.push_str("\nsheets:\n");
        let rows: Vec<Vec<String>> = i
            .sheets
            .iter()
            .map(|sh| {
                let name = if sh.hidden { format!("{} (hidden)", sh.name) } else { sh.name.clone() };
                let what = match (&sh.header, sh.hidden) {
                    (Some(h), _) => format!("data, header on row {}", h.row),
                    (None, true) => "not read: hidden sheets hold lists, not data".to_string(),
                    (None, false) => "not read: no recognisable header".to_string(),
                };
                vec![name, format!("{} rows", sh.last_row), what]
            })
            .collect();
        s.push_str(&table(&rows, "  "));
    }
    for sh in &i.sheets {
        let Some(h) = &sh.header else { continue };
        let place = if sh.name.is_empty() { String::new() } else { format!(" of sheet \"{}\"", sh.name) };
        s.push_str(&format!("\nheader row {}{place}:\n", h.row));
        let mut rows = vec![vec!["col".to_string(), "header".into(), "recognised as".into(), "sample values".into()]];
        for c in &h.columns {
            let samples = match &c.samples {
                Samples::Hidden => "(hidden)".to_string(),
                Samples::Values(v) if v.is_empty() => "(empty)".to_string(),
                Samples::Values(v) => v.iter().map(|x| cut(x, 24)).collect::<Vec<_>>().join(" | "),
            };
            rows.push(vec![c.letter.clone(), cut(&c.header, 48), c.field.clone().unwrap_or_else(|| "not used".into()), samples]);
        }
        s.push_str(&table(&rows, "  "));
    }
    let a = &i.account;
    match &a.error {
        Some(e) => s.push_str(&format!("\nnot read: {e}\n")),
        None => {
            s.push_str("\nrows (what a run would count, with today as the run date and every year in scope):\n");
            let rejected = i.rejected.iter().map(|(r, n)| format!("{} {n}", r.key())).collect::<Vec<_>>().join(", ");
            let skipped = SkipKind::ALL
                .iter()
                .filter(|k| a.skipped[**k as usize] > 0)
                .map(|k| format!("{} {}", k.key(), a.skipped[*k as usize]))
                .collect::<Vec<_>>()
                .join(", ");
            let rows = vec![
                vec!["read".to_string(), a.rows_read.to_string(), String::new()],
                vec!["accepted".into(), a.rows_accepted.to_string(), String::new()],
                vec!["rejected".into(), a.rows_rejected.to_string(), rejected],
                vec!["skipped".into(), a.rows_skipped().to_string(), skipped],
            ];
            s.push_str(&table(&rows, "  "));
            if let Some((a, b)) = i.years {
                if a == b {
                    s.push_str(&format!("years in the accepted rows: {a}\n"));
                } else {
                    s.push_str(&format!("years in the accepted rows: {a}–{b}\n"));
                }
            }
        }
    }
    for n in &i.notes {
        s.push_str(&format!("note: {n}\n"));
    }
    if !i.warnings.is_empty() {
        s.push_str("\nwarnings:\n");
        for w in &i.warnings {
            s.push_str(&format!("  {w}\n"));
        }
    }
    if !i.unknown_words.is_empty() {
        s.push('\n');
        s.push_str(&crate::check::unknown_words_section(&i.unknown_words));
    }
    s
}
