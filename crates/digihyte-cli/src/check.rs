//! `digihyte check`: everything a run would check, writing nothing.
//!
//! The engine's check (`digihyte_engine::check`: the same steps as a run up to the figures),
//! then the accounting per file on standard output, and the exit code a run would give
//! before writing.

use crate::run;
use crate::{exit, table};
use digihyte_core::{RejectReason, SkipKind};
use digihyte_engine::{Job, Prepared};
use digihyte_pipeline::Area;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The pipeline file (.toml) to check.
    pub pipeline: PathBuf,
    /// Treat this date as today (YYYY-MM-DD), as `run --run-date` does.
    #[arg(long, value_name = "DATE")]
    pub run_date: Option<chrono::NaiveDate>,
    /// Exit with status 1 when more than this share of rows would be rejected (0–1).
    #[arg(long, value_name = "SHARE")]
    pub max_rejected: Option<f64>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub fn check(args: &CheckArgs) -> u8 {
    run::set_threads(args.threads);
    let job = Job { pipeline: args.pipeline.clone(), run_date: args.run_date, max_rejected: args.max_rejected, ..Job::default() };
    let bar = run::Bar::default();
    let checked = digihyte_engine::check(&job, &bar);
    bar.finish();
    let checked = match checked {
        Ok(c) => c,
        Err(e) => return run::report(&e, "a run would stop here (exit status 3)"),
    };
    print!("{}", render(&checked.prepared, &checked.ingested));
    if let Some(accounts) = &checked.unusable {
        run::log_unusable(accounts, "a run would stop here (exit status 3)");
        return exit::INPUT;
    }
    if let Some(message) = &checked.too_many_rejected {
        println!("result: {message}; a run would write the reports and exit with status 1");
        return exit::TOO_MANY_REJECTED;
    }
    println!("result: a run would read these inputs and write the reports (exit status 0)");
    exit::OK
}

/// The report printed on standard output.
fn render(p: &Prepared, ingested: &digihyte_ingest::Ingested) -> String {
    let plan = &p.plan;
    let mut s = String::new();
    let area = match &plan.area {
        Area::Region(c) => format!("region {c:02}"),
        Area::Municipalities(m) => format!("{} municipalities", m.len()),
        Area::Country => "whole country".to_string(),
    };
    s.push_str(&format!("pipeline {}: ok\n", plan.path.display()));
    s.push_str(&format!(
        "  name {}, area {area} ({} municipalities), years {}–{}, language {}, run date {}\n",
        plan.name,
        plan.municipalities.len(),
        plan.first_year,
        plan.last_year,
        plan.language.code(),
        p.run_date
    ));
    match &plan.output {
        Some(o) => s.push_str(&format!("  output folder: {} (check writes nothing)\n", o.display())),
        None => s.push_str(&format!("  output folder: reports/{} under the working folder (check writes nothing)\n", plan.name)),
    }
    s.push('\n');

    let mut rows = vec![["file", "kind", "read", "accepted", "rejected", "skipped"].map(String::from).to_vec()];
    let mut notes: Vec<Vec<String>> = Vec::new();
    for a in &ingested.accounts {
        rows.push(vec![
            a.path.clone(),
            a.kind.map(|k| k.key().to_string()).unwrap_or_default(),
            a.rows_read.to_string(),
            a.rows_accepted.to_string(),
            a.rows_rejected.to_string(),
            a.rows_skipped().to_string(),
        ]);
        let mut n = Vec::new();
        if let Some(e) = &a.error {
            n.push(format!("NOT READ: {e}"));
        }
        let sheets: Vec<&str> = a.sheets.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
        if !sheets.is_empty() {
            n.push(format!("sheets: {}", sheets.join(", ")));
        }
        let reasons: Vec<String> = RejectReason::ALL
            .iter()
            .filter_map(|r| {
                let k = ingested.rejections.iter().filter(|x| x.file == a.path && x.reason == *r).count();
                (k > 0).then(|| format!("{} {k}", r.key()))
            })
            .collect();
        if !reasons.is_empty() {
            n.push(format!("rejected: {}", reasons.join(", ")));
        }
        let skipped: Vec<String> = SkipKind::ALL
            .iter()
            .filter(|k| a.skipped[**k as usize] > 0)
            .map(|k| format!("{} {}", k.key(), a.skipped[*k as usize]))
            .collect();
        if !skipped.is_empty() {
            n.push(format!("skipped: {}", skipped.join(", ")));
        }
        notes.push(n);
    }
    let t = digihyte_engine::totals(&ingested.accounts);
    rows.push(vec![
        "total".into(),
        String::new(),
        t.read.to_string(),
        t.accepted.to_string(),
        t.rejected.to_string(),
        t.skipped.to_string(),
    ]);
    let table = table::render(&rows, &[false, false, true, true, true, true]);
    let lines: Vec<&str> = table.lines().collect();
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    let n_files = ingested.accounts.len() as u64;
    s.push_str(&format!("inputs ({n_files} file{}):\n", plural(n_files)));
    s.push_str(&format!("  {}\n", lines[0]));
    for (i, line) in lines.iter().enumerate().skip(1) {
        s.push_str(&format!("  {line}\n"));
        if let Some(n) = notes.get(i - 1) {
            for note in n {
                s.push_str(&format!("      {note}\n"));
            }
        }
    }
    if t.files_not_read > 0 {
        s.push_str(&format!("  {} file{} could not be read\n", t.files_not_read, plural(t.files_not_read)));
    }
    if t.rejected > 0 {
        s.push_str("  a run lists every rejected row, with its cell and a suggestion, in internal/rejected.xlsx\n");
    }
    s.push('\n');
    if !ingested.warnings.is_empty() {
        s.push_str(&format!("warnings ({}):\n", ingested.warnings.len()));
        for w in &ingested.warnings {
            if w.file.is_empty() {
                s.push_str(&format!("  {}\n", w.message));
            } else {
                s.push_str(&format!("  {}: {}\n", w.file, w.message));
            }
        }
        s.push('\n');
    }
    s.push_str(&unknown_words_section(&ingested.unknown_words));
    s
}

/// The unknown words as a table (count, field, word, what it is counted as, the key it most
/// likely means, where), then a `[words]` block to paste into the pipeline file.
pub fn unknown_words_section(words: &[digihyte_core::UnknownWord]) -> String {
    if words.is_empty() {
        return String::new();
    }
    let mut s = format!("unknown words ({}): counted as other (topics, channels, providers) or unknown (ages)\n", words.len());
    let mut rows = vec![["count", "field", "word", "maybe", "where"].map(String::from).to_vec()];
    for u in words {
        rows.push(vec![
            u.count.to_string(),
            u.field.clone(),
            u.word.clone(),
            match (&u.suggestion, &u.note) {
                (Some((k, _)), _) => k.clone(),
                (None, Some(n)) => format!("({n})"),
                (None, None) => "–".into(),
            },
            u.where_(),
        ]);
    }
    for line in table::render(&rows, &[true, false, false, false, false]).lines() {
        s.push_str(&format!("  {line}\n"));
    }
    s.push_str("\nto map them, add this to the pipeline file (check every key first; a suggestion is only a guess):\n\n");
    s.push_str(&digihyte_core::words_block(words));
    s.push('\n');
    s
}
