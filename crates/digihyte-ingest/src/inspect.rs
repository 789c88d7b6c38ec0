//! `digihyte inspect FILE`: what a file holds and what a run would make of it, for a
//! person setting up a pipeline. The file is read exactly as a run reads it
//! ([`crate::read_detailed`]), with a default context: today as the run date and every year
//! in scope (so nothing is skipped as out of scope).
//!
//! Privacy: sample values are never shown for a `client_id` column, for a column of a survey
//! (feedback, actor survey) that is not used — in survey exports those are free text, names,
//! e-mail addresses and the tools' metadata — nor for any other column that is not used and
//! whose header or values look like names, e-mail addresses or free text (all these show as
//! [`Samples::Hidden`]).

use crate::grid::{Cell, Sheet};
use crate::{read_detailed, Context, Detailed};
use digihyte_core::text::fold;
use digihyte_core::{InputAccount, RejectReason, SourceKind, UnknownWord};
use digihyte_pipeline::Source;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything `inspect` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    pub path: String,
    /// `xlsx`, `xls`, `ods`, `csv`, `json`; `None` when the file could not be read.
    pub format: Option<&'static str>,
    pub kind: SourceKind,
    /// No kind was asked for: this is the kind that recognised the most columns.
    pub kind_guessed: bool,
    pub sheets: Vec<SheetInspection>,
    /// The row accounting a run would produce (and the file's error, if any).
    pub account: InputAccount,
    pub rejected: Vec<(RejectReason, u64)>,
    /// The first and last year of the accepted rows.
    pub years: Option<(i32, i32)>,
    pub warnings: Vec<String>,
    /// The words of topic, channel, provider and age cells that were not recognised.
    pub unknown_words: Vec<UnknownWord>,
    /// Assumptions the accounting rests on.
    pub notes: Vec<String>,
}

/// One sheet (CSV and JSON files have one, without a name).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetInspection {
    pub name: String,
    pub hidden: bool,
    /// The last used row, as the spreadsheet numbers it.
    pub last_row: u32,
    /// The header found, when the sheet was read.
    pub header: Option<HeaderInspection>,
}

/// A header row and its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderInspection {
    /// The header's row, as the spreadsheet numbers it.
    pub row: u32,
    pub columns: Vec<ColumnInspection>,
}

/// One column of a header.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnInspection {
    pub letter: String,
    pub header: String,
    /// The field the column was recognised as; `None` = not used.
    pub field: Option<String>,
    pub samples: Samples,
}

/// Up to three sample values, or hidden.
#[derive(Debug, Clone, PartialEq)]
pub enum Samples {
    Values(Vec<String>),
    Hidden,
}

/// Inspects a file as a source of `kind`, or of the kind that recognises the most columns.
pub fn inspect(path: &Path, kind: Option<SourceKind>) -> Inspection {
    let ctx = Context::new(chrono::Local::now().date_naive(), 1900, 9999);
    let display = path.display().to_string();
    let kinds: Vec<SourceKind> = match kind {
        Some(k) => vec![k],
        None => vec![SourceKind::Activity, SourceKind::Feedback, SourceKind::ActorSurvey, SourceKind::Indicators],
    };
    let mut best: Option<(usize, SourceKind, Detailed, Vec<String>)> = None;
    for k in kinds {
        let mut source = Source {
            kind: k,
            files: vec![path.to_path_buf()],
            sheet: None,
            default_municipality: None,
            default_provider: None,
            columns: Vec::new(),
            items: Vec::new(),
        };
        let mut d = read_detailed(path, &display, &source, &ctx);
        let mut notes = Vec::new();
        // A log without a municipality column is read with the source's default.
        if k == SourceKind::Activity && d.format.is_some() && d.layouts.iter().all(Option::is_none) {
            source.default_municipality = Some(digihyte_core::Reference::get().municipalities[0].code);
            let retry = read_detailed(path, &display, &source, &ctx);
            if retry.layouts.iter().any(Option::is_some) {
                d = retry;
                notes.push(
                    "the file has no municipality column: the accounting assumes that the pipeline sets `municipality = \"…\"` for this source"
                        .to_string(),
                );
            }
        }
        let score: usize = d.layouts.iter().flatten().map(|l| l.roles.len()).sum();
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, k, d, notes));
        }
    }
    let (score, kind_found, d, mut notes) = best.expect("at least one kind");
    if kind.is_none() && score == 0 && d.format.is_some() {
        notes.push("no kind of input was recognised; use --kind to see what is missing for one".into());
    }
    let sheets = d
        .sheets
        .iter()
        .zip(&d.layouts)
        .map(|(s, l)| SheetInspection {
            name: s.name.clone(),
            hidden: s.hidden,
            last_row: s.first_row.saturating_sub(1) + s.rows.len() as u32,
            header: l.as_ref().map(|l| header_inspection(s, l, matches!(kind_found, SourceKind::Feedback | SourceKind::ActorSurvey))),
        })
        .collect();
    let mut rejected: BTreeMap<RejectReason, u64> = BTreeMap::new();
    for r in &d.outcome.rejections {
        *rejected.entry(r.reason).or_default() += 1;
    }
    let o = &d.outcome;
    let years = o
        .events
        .iter()
        .map(|e| e.year)
        .chain(o.feedback.iter().map(|f| f.year))
        .chain(o.actor_survey.iter().map(|a| a.year))
        .chain(o.indicators.iter().map(|i| i.year))
        .fold(None, |acc: Option<(i32, i32)>, y| Some(acc.map_or((y, y), |(a, b)| (a.min(y), b.max(y)))));
    let warnings = o.warnings.clone();
    let unknown_words = crate::unknown_words(o.unknown.clone(), &ctx.vocabulary);
    Inspection {
        path: display,
        format: d.format.map(|f| f.name()),
        kind: kind_found,
        kind_guessed: kind.is_none(),
        sheets,
        account: o.account.clone(),
        rejected: rejected.into_iter().collect(),
        years,
        warnings,
        unknown_words,
        notes,
    }
}

fn header_inspection(sheet: &Sheet, layout: &crate::SheetLayout, hide_unused: bool) -> HeaderInspection {
    let header = &sheet.rows[layout.header_row];
    let data: Vec<&Vec<Cell>> =
        sheet.rows.iter().skip(layout.header_row + 1).filter(|r| !r.iter().all(Cell::is_empty)).take(2000).collect();
    let width = header.len().max(data.iter().map(|r| r.len()).max().unwrap_or(0));
    let columns = (0..width)
        .map(|c| {
            let name = header.get(c).map(Cell::display).unwrap_or_default().trim().to_string();
            let role = layout.roles.iter().find(|r| r.col == c);
            let mut samples: Vec<String> = Vec::new();
            let mut private_values = false;
            for row in &data {
                let v = row.get(c).map(Cell::display).unwrap_or_default().trim().to_string();
                if v.is_empty() {
                    continue;
                }
                private_values |= looks_private(&v);
                if samples.len() < 3 && !samples.contains(&v) {
                    samples.push(v);
                }
            }
            let hidden = match role {
                Some(r) => r.private,
                None => hide_unused || private_header(&name) || private_values,
            };
            ColumnInspection {
                letter: sheet.column_letter(c),
                header: name,
                field: role.map(|r| r.label.clone()),
                samples: if hidden { Samples::Hidden } else { Samples::Values(samples) },
            }
        })
        .collect();
    HeaderInspection { row: sheet.row_number(layout.header_row), columns }
}

/// Headers of columns that hold personal data or free text.
fn private_header(header: &str) -> bool {
    const PARTS: &[&str] = &[
        "nimi",
        "name",
        "namn",
        "sähköposti",
        "email",
        "e-mail",
        "e-post",
        "sposti",
        "puhelin",
        "phone",
        "telefon",
        "osoite",
        "address",
        "adress",
        "henkilötunnus",
        "hetu",
        "personnummer",
        "asiakastunnus",
        "client",
        "tunniste",
        "kommentti",
        "comment",
        "kommentar",
        "palaute",
        "feedback",
        "terveiset",
        "vapaa",
        "muuta",
        "övrig",
        "synpunkt",
        "kerro",
        "berätta",
        "tell us",
        "lisätie",
        "huomio",
        "notes",
        "anmärkning",
        "avoin",
        "open",
        "miksi",
        "varför",
        "why",
        "respondent",
        "vastaaja",
    ];
    let f = fold(header);
    PARTS.iter().any(|p| f.contains(p)) || f.split(|c: char| !c.is_alphanumeric()).any(|w| w == "ip" || w == "id")
}

/// Values that look like an e-mail address, a person's name or free text.
fn looks_private(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    let capitalised = |w: &&str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_lowercase() || c == '-')
    };
    v.contains('@') || v.chars().count() > 30 || words.len() > 3 || (words.len() >= 2 && words.iter().all(capitalised))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_columns_and_values() {
        assert!(private_header("Sähköpostiosoite"));
        assert!(private_header("Vapaa palaute"));
        assert!(private_header("Respondent ID"));
        assert!(!private_header("Kanava"));
        assert!(looks_private("matti@example.fi"));
        assert!(looks_private("Matti Meikäläinen"));
        assert!(looks_private("Kiitos avusta, oli tosi kiva kun joku jaksoi neuvoa"));
        assert!(!looks_private("Kaukovainion kirjasto"));
        assert!(!looks_private("45 min"));
    }
}
