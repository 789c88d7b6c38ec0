//! Reads the inputs of a [`Plan`]: every file becomes accepted records, rejected rows (with
//! file, sheet, row, column, value, reason and suggestion) or skipped rows, and an
//! [`InputAccount`] that proves `rows_read = accepted + rejected + skipped`.
//!
//! Only this crate knows calamine, csv and encoding_rs. A file that cannot be read is an
//! account with an `error`, not a failed run.

mod activity;
pub mod grid;
pub mod header;
mod indicators;
pub mod values;

use chrono::NaiveDate;
use digihyte_core::{ActorSurveyRow, Event, FeedbackResponse, IndicatorValue, InputAccount, Rejection, SourceKind, UnknownWord, Warning};
use digihyte_pipeline::{Plan, Source};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// What a run needs besides the plan.
#[derive(Debug, Clone)]
pub struct Context {
    /// Dates after this are `future_date`.
    pub run_date: NaiveDate,
    pub first_year: i32,
    pub last_year: i32,
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
    pub unknown: BTreeMap<(String, String), u64>,
    pub warnings: Vec<String>,
}

impl FileOutcome {
    fn unknown_word(&mut self, field: &str, word: &str) {
        *self.unknown.entry((field.to_string(), digihyte_core::text::fold(word))).or_default() += 1;
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
    let outcomes: Vec<FileOutcome> = jobs
        .par_iter()
        .map(|(source, path)| {
            let outcome = read_file(path, &plan.display_path(path), source, ctx);
            on_file(&outcome.account);
            outcome
        })
        .collect();
    let mut all = Ingested::default();
    let mut unknown: BTreeMap<(String, String), u64> = BTreeMap::new();
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
        for (k, v) in o.unknown {
            *unknown.entry(k).or_default() += v;
        }
        all.accounts.push(o.account);
    }
    for ((field, word), count) in unknown {
        all.warnings
            .push(Warning { file: String::new(), message: format!("{count} × unknown {field} word \"{word}\" counted as `other`") });
        all.unknown_words.push(UnknownWord { field, word, count });
    }
    all
}

/// Reads one file of a source.
pub fn read_file(path: &Path, display: &str, source: &Source, ctx: &Context) -> FileOutcome {
    let mut out = FileOutcome::default();
    out.account.path = display.to_string();
    out.account.kind = Some(source.kind);
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > grid::MAX_FILE_BYTES => {
            out.account.error = Some(grid::ReadError::TooLarge { limit_mb: grid::MAX_FILE_BYTES >> 20 }.to_string());
            return out;
        }
        _ => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                out.account.error = Some(format!("cannot open the file: {e}"));
                return out;
            }
        },
    };
    out.account.sha256 = hex(&Sha256::digest(&bytes));
    out.account.bytes = bytes.len() as u64;
    let (_format, sheets) = match grid::read(bytes) {
        Ok(v) => v,
        Err(e) => {
            out.account.error = Some(e.to_string());
            return out;
        }
    };
    let chosen: Vec<&grid::Sheet> = match &source.sheet {
        Some(name) => match sheets.iter().find(|s| s.name == *name) {
            Some(s) => vec![s],
            None => {
                let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
                out.account.error = Some(format!(
                    "the sheet \"{name}\" named in the pipeline file is not in this file; its sheets are: {}",
                    names.join(", ")
                ));
                return out;
            }
        },
        // Hidden sheets hold lists and helpers, not data.
        None => sheets.iter().filter(|s| !s.hidden).collect(),
    };
    let mut found = false;
    for sheet in chosen {
        match source.kind {
            SourceKind::Activity => {
                if let Some(h) = activity::header(sheet, source) {
                    found = true;
                    out.account.sheets.push(sheet.name.clone());
                    activity::read_sheet(sheet, &h, source, ctx, display, &mut out);
                }
            }
            SourceKind::Indicators => {
                if let Some(h) = indicators::sotkanet_header(sheet) {
                    found = true;
                    out.account.sheets.push(sheet.name.clone());
                    indicators::read_sotkanet(sheet, &h, &mut out);
                }
            }
            SourceKind::Feedback | SourceKind::ActorSurvey => {}
        }
    }
    if !found && matches!(source.kind, SourceKind::Activity | SourceKind::Indicators) {
        out.account.error = Some(format!(
            "no recognisable header in the first {} rows of any sheet; check the column names (`digihyte inspect {display}` shows what was recognised) or map them with `columns = {{ date = \"…\" }}` in the pipeline file",
            header::HEADER_SEARCH_ROWS
        ));
    }
    out
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
