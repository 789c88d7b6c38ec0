//! `digihyte run`.

use crate::{exit, lock, RunArgs};
use anyhow::Context as _;
use digihyte_core::{Reference, SourceKind, Warning};
use digihyte_pipeline::{Area, Language, Plan};
use digihyte_report::manifest::*;
use digihyte_report::{ReportInput, RunMeta};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tracing::{debug, error, info, warn};

/// Prints an error chain the way people read it.
pub fn report_error(e: &anyhow::Error) {
    let mut msg = format!("{e}");
    for cause in e.chain().skip(1) {
        msg.push_str(&format!("\n  caused by: {cause}"));
    }
    error!("{msg}");
}

fn area_name(plan: &Plan) -> String {
    let r = Reference::get();
    let lang = plan.language.code();
    match &plan.area {
        Area::Region(code) => r.region(*code).map(|m| m.region_name(lang).to_string()).unwrap_or_else(|| format!("{code:02}")),
        Area::Country => match plan.language {
            Language::Fi => "Koko maa".into(),
            Language::Sv => "Hela landet".into(),
            Language::En => "Whole country".into(),
        },
        Area::Municipalities(_) => plan.title.clone().unwrap_or_else(|| plan.name.clone()),
    }
}

/// A compiled pipeline with the command line's overrides applied.
pub struct Prepared {
    pub plan: Plan,
    pub run_date: chrono::NaiveDate,
    pub max_rejected: Option<f64>,
}

/// Sets the worker threads (before any parallel work).
pub fn set_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Only fails if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
}

/// Compiles the pipeline file and applies `--language`, `--run-date` and `--max-rejected`;
/// on a problem, logs it and returns the exit code.
pub fn prepare(
    pipeline: &Path,
    language: Option<&str>,
    run_date: Option<chrono::NaiveDate>,
    max_rejected: Option<f64>,
) -> Result<Prepared, u8> {
    let mut plan = match digihyte_pipeline::compile_file(pipeline) {
        Ok(p) => p,
        Err(e) => {
            error!("{e}");
            return Err(exit::USAGE);
        }
    };
    if let Some(l) = language {
        match Language::parse(l) {
            Some(l) => plan.language = l,
            None => {
                error!("unknown --language `{l}`: use fi, sv or en");
                return Err(exit::USAGE);
            }
        }
    }
    let max_rejected = max_rejected.or(plan.max_rejected);
    if let Some(m) = max_rejected {
        if !(0.0..=1.0).contains(&m) {
            error!("--max-rejected is a share from 0 to 1, for example 0.05");
            return Err(exit::USAGE);
        }
    }
    let run_date = run_date.unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok(Prepared { plan, run_date, max_rejected })
}

/// Reads every input (a progress bar per file on a terminal).
pub fn read_inputs(p: &Prepared) -> digihyte_ingest::Ingested {
    let plan = &p.plan;
    let ctx = digihyte_ingest::Context::new(p.run_date, plan.first_year, plan.last_year).with_words(&plan.words);
    let n_files: usize = plan.sources.iter().map(|s| s.files.len()).sum();
    let bar = crate::ui::bar(n_files as u64, "reading");
    let ingested = digihyte_ingest::ingest_with_progress(plan, &ctx, &|account| {
        bar.set_message(account.path.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    for a in &ingested.accounts {
        if a.error.is_none() {
            debug!(
                "{}: {} rows read, {} accepted, {} rejected, {} skipped",
                a.path,
                a.rows_read,
                a.rows_accepted,
                a.rows_rejected,
                a.rows_skipped()
            );
        }
    }
    ingested
}

/// True (after logging why) when the inputs are unusable: there are activity files and
/// none of them could be read.
pub fn inputs_unusable(ingested: &digihyte_ingest::Ingested, what_happens: &str) -> bool {
    let activity: Vec<_> = ingested.accounts.iter().filter(|a| a.kind == Some(SourceKind::Activity)).collect();
    if !activity.is_empty() && activity.iter().all(|a| a.error.is_some()) {
        for a in &activity {
            error!("{}: not read: {}", a.path, a.error.as_deref().unwrap_or_default());
        }
        error!("none of the {} activity files could be read; {what_happens}", activity.len());
        return true;
    }
    false
}

/// Row totals over every input.
pub fn totals(ingested: &digihyte_ingest::Ingested) -> ManifestTotals {
    let accounts = &ingested.accounts;
    ManifestTotals {
        read: accounts.iter().map(|a| a.rows_read).sum(),
        accepted: accounts.iter().map(|a| a.rows_accepted).sum(),
        rejected: accounts.iter().map(|a| a.rows_rejected).sum(),
        skipped: accounts.iter().map(|a| a.rows_skipped()).sum(),
        files_not_read: accounts.iter().filter(|a| a.error.is_some()).count() as u64,
    }
}

/// The warning when more rows were rejected than `max_rejected` allows.
pub fn too_many_rejected(totals: &ManifestTotals, max_rejected: Option<f64>) -> Option<String> {
    let m = max_rejected?;
    let share = if totals.read > 0 { totals.rejected as f64 / totals.read as f64 } else { 0.0 };
    (share > m).then(|| format!("{:.1} % of the rows were rejected, more than max_rejected {:.1} %", share * 100.0, m * 100.0))
}

/// Logs a warning and keeps it for the manifest.
fn warn_and_keep(warnings: &mut Vec<Warning>, w: Warning) {
    if w.file.is_empty() {
        warn!("{}", w.message);
    } else {
        warn!("{}: {}", w.file, w.message);
    }
    warnings.push(w);
}

pub fn run(args: &RunArgs) -> u8 {
    set_threads(args.threads);
    let mut clock = Timer::new();

    let prepared = match prepare(&args.pipeline, args.language.as_deref(), args.run_date, args.max_rejected) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (plan, run_date, max_rejected) = (&prepared.plan, prepared.run_date, prepared.max_rejected);
    let out_dir = args.out.clone().or_else(|| plan.output.clone()).unwrap_or_else(|| PathBuf::from("reports").join(&plan.name));

    // One run at a time per output folder, from before reading until the end.
    let mut warnings: Vec<Warning> = Vec::new();
    let (parent, _) = lock::parent_and_name(&out_dir);
    if let Err(e) = std::fs::create_dir_all(&parent) {
        error!("cannot create the folder {} for the reports: {e}", parent.display());
        return exit::OUTPUT;
    }
    let _lock = match lock::OutputLock::acquire(&out_dir) {
        Ok((lock, left_behind)) => {
            if let Some(h) = left_behind {
                let state = match h.pid.and_then(lock::pid_alive) {
                    Some(true) => "is running but no longer holds the lock",
                    Some(false) => "is no longer running",
                    None => "no longer holds the lock",
                };
                let message =
                    format!("took over the lock {} left by {}, which {state}; its run did not finish", lock.path().display(), h.describe());
                warn_and_keep(&mut warnings, Warning { file: String::new(), message });
            }
            for message in lock::clean_leftovers(&out_dir) {
                warn_and_keep(&mut warnings, Warning { file: String::new(), message });
            }
            lock
        }
        Err(e @ lock::LockError::Held { .. }) => {
            error!("{e}");
            return exit::LOCKED;
        }
        Err(e) => {
            error!("{e}");
            return exit::OUTPUT;
        }
    };
    clock.phase("compile");

    let ingested = read_inputs(&prepared);
    if inputs_unusable(&ingested, "nothing was written") {
        return exit::INPUT;
    }
    clock.phase("read");

    let scope = digihyte_transform::Scope {
        municipalities: plan.municipalities.clone(),
        first_year: plan.first_year,
        last_year: plan.last_year,
        area: match plan.area {
            Area::Region(c) => digihyte_transform::AreaKind::Region(c),
            Area::Municipalities(_) => digihyte_transform::AreaKind::Municipalities,
            Area::Country => digihyte_transform::AreaKind::Country,
        },
        area_name: area_name(plan),
        language: plan.language.code().to_string(),
        indicators_given: plan.sources(SourceKind::Indicators).next().is_some(),
        need: plan
            .need
            .iter()
            .map(|n| digihyte_transform::NeedSpec {
                id: n.id,
                weight: n.weight,
                lower_is_more_need: n.direction == digihyte_pipeline::NeedDirection::LowerIsMoreNeed,
            })
            .collect(),
    };
    let inputs = digihyte_transform::Inputs {
        events: &ingested.events,
        feedback: &ingested.feedback,
        actor_survey: &ingested.actor_survey,
        indicators: &ingested.indicators,
    };
    let metrics = match digihyte_transform::compute(&inputs, &scope) {
        Ok(r) => r,
        Err(e) => {
            error!("computing the figures failed (a bug; please report it): {e}");
            return exit::OUTPUT;
        }
    };
    clock.phase("transform");
    // What is published is decided here, once: every published output takes this.
    let published = digihyte_publish::publish(&metrics, plan.min_count);
    for (table, h) in &published.cost.tables {
        debug!(
            "suppression in {table}: {} small counts (<{}), {} cells hidden so that they cannot be worked out, {} withheld under hidden figures",
            h.primary, plan.min_count, h.secondary, h.withheld
        );
    }
    clock.phase("publish");

    for w in &ingested.warnings {
        warn_and_keep(&mut warnings, w.clone());
    }
    for u in &ingested.unknown_words {
        warn_and_keep(&mut warnings, Warning { file: String::new(), message: digihyte_ingest::unknown_warning(u) });
    }
    if !ingested.unknown_words.is_empty() {
        info!(
            "to map the unknown words, add this to the pipeline file (check every key first):\n{}",
            digihyte_core::words_block(&ingested.unknown_words)
        );
    }
    let outside = ingested.events.iter().filter(|e| plan.municipalities.binary_search(&e.municipality).is_err()).count();
    if outside > 0 {
        warn_and_keep(
            &mut warnings,
            Warning {
                file: String::new(),
                message: format!("{outside} accepted events are of clients from municipalities outside the pipeline's area; they are not in the area's figures"),
            },
        );
    }
    let totals = totals(&ingested);
    let too_many = too_many_rejected(&totals, max_rejected);
    if let Some(message) = &too_many {
        warn_and_keep(&mut warnings, Warning { file: String::new(), message: message.clone() });
    }
    let pipeline_sha = digihyte_report::sha256_hex(plan.text.as_bytes());
    let meta = RunMeta {
        name: plan.name.clone(),
        title: plan.title.clone().unwrap_or_else(|| scope.area_name.clone()),
        area_name: scope.area_name.clone(),
        language: plan.language.code().to_string(),
        first_year: plan.first_year,
        last_year: plan.last_year,
        min_count: plan.min_count,
        version: env!("CARGO_PKG_VERSION").to_string(),
        pipeline_path: plan.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        pipeline_sha256: pipeline_sha.clone(),
        run_date,
    };
    let input = ReportInput {
        meta,
        published: &published,
        internal: &metrics,
        accounts: &ingested.accounts,
        rejections: &ingested.rejections,
        unknown_words: &ingested.unknown_words,
        warnings: &warnings,
        duplicates: &metrics.duplicates,
        lookup: Default::default(),
    };
    if let Err(e) = dump_chart_specs(&input) {
        report_error(&e);
        return exit::OUTPUT;
    }
    // Every output is written into the staging folder as soon as it is rendered.
    let written = write_atomically(&out_dir, |staging| {
        let sink = test_faults(staging);
        let (outputs, times) = digihyte_report::render_into(&input, &sink).context("rendering the reports")?;
        clock.phase("render");
        debug!(
            "render, thread time by part: CSV {:.3} s, workbooks {:.3} s, charts {:.3} s, writing {:.3} s",
            times.csv, times.workbooks, times.charts, times.write
        );
        let manifest = Manifest {
            program: "digihyte".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            pipeline: ManifestPipeline { path: plan.display_path(&plan.path), name: plan.name.clone(), sha256: pipeline_sha.clone() },
            run_date: run_date.to_string(),
            language: plan.language.code().into(),
            years: [plan.first_year, plan.last_year],
            min_count: plan.min_count,
            inputs: ingested.accounts.iter().map(manifest_input).collect(),
            outputs,
            rows: totals.clone(),
            warnings: warnings
                .iter()
                .map(|w| if w.file.is_empty() { w.message.clone() } else { format!("{}: {}", w.file, w.message) })
                .collect(),
            suppression: published
                .cost
                .tables
                .iter()
                .map(|(table, h)| ManifestSuppression {
                    table: table.to_string(),
                    primary: h.primary,
                    secondary: h.secondary,
                    withheld: h.withheld,
                })
                .collect(),
            timings: clock.with_total(),
            render_thread_seconds: times,
        };
        std::fs::write(staging.join("manifest.json"), manifest.to_json()).context("writing manifest.json")?;
        Ok(())
    });
    if let Err(e) = written {
        report_error(&e.context(format!("writing the reports to {}", out_dir.display())));
        return exit::OUTPUT;
    }

    info!(
        "{} rows read: {} accepted, {} rejected, {} skipped; {} files not read",
        totals.read, totals.accepted, totals.rejected, totals.skipped, totals.files_not_read
    );
    if totals.rejected > 0 {
        info!("rejected rows, with reasons and suggestions: {}", out_dir.join("internal/rejected.xlsx").display());
    }
    info!("reports written to {}", out_dir.display());
    if too_many.is_some() {
        return exit::TOO_MANY_REJECTED;
    }
    exit::OK
}

/// How many outputs are written before a test switch acts.
const FAULT_AFTER: usize = 20;

/// The sink that writes each output into `staging`, with two test-only switches
/// (documented in the README under "Testing the atomic swap"): `DIGIHYTE_FAIL_AFTER_WRITE=1`
/// makes the write fail once the first [`FAULT_AFTER`] files are in the staging folder;
/// `DIGIHYTE_PAUSE_MID_WRITE=1` stops there for ten minutes, so that a test can kill the
/// process mid-write.
fn test_faults(
    staging: &Path,
) -> impl Fn(&digihyte_report::OutputFile) -> Result<ManifestOutput, digihyte_report::ReportError> + Sync + '_ {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let (fail, pause) = (set("DIGIHYTE_FAIL_AFTER_WRITE"), set("DIGIHYTE_PAUSE_MID_WRITE"));
    let written = std::sync::atomic::AtomicUsize::new(0);
    move |f| {
        let entry = digihyte_report::write_file(staging, f)?;
        if (fail || pause) && written.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == FAULT_AFTER {
            if fail {
                return Err(digihyte_report::ReportError::Io {
                    path: f.path.clone(),
                    source: std::io::Error::other(format!(
                        "stopped after writing {FAULT_AFTER} files: DIGIHYTE_FAIL_AFTER_WRITE is set (a switch for tests)"
                    )),
                });
            }
            warn!("paused after writing {FAULT_AFTER} files: DIGIHYTE_PAUSE_MID_WRITE is set (a switch for tests)");
            std::thread::sleep(std::time::Duration::from_secs(600));
        }
        Ok(entry)
    }
}

/// A switch for the I/O-floor benchmark (BENCHMARKS.md): `DIGIHYTE_CHART_SPECS=FILE` writes
/// every chart the run draws, as data (JSON), to FILE, outside the output folder, so that
/// `digihyte-bench floor --charts` can draw exactly the same charts with the drawing code
/// alone.
fn dump_chart_specs(input: &ReportInput) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("DIGIHYTE_CHART_SPECS").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let json = serde_json::to_vec(&digihyte_report::chart_specs(input)).context("writing the chart specs")?;
    std::fs::write(&path, json).with_context(|| format!("writing the chart specs to {}", Path::new(&path).display()))?;
    info!("chart specs written to {} (DIGIHYTE_CHART_SPECS is set)", Path::new(&path).display());
    Ok(())
}

/// Phase timings for the manifest and `-v`.
struct Timer {
    started: Instant,
    since: Instant,
    phases: Vec<(String, f64)>,
}

impl Timer {
    fn new() -> Timer {
        Timer { started: Instant::now(), since: Instant::now(), phases: Vec::new() }
    }
    fn phase(&mut self, name: &str) {
        let secs = self.since.elapsed().as_secs_f64();
        debug!("{name}: {secs:.3} s");
        self.phases.push((name.to_string(), secs));
        self.since = Instant::now();
    }
    fn with_total(&self) -> Vec<(String, f64)> {
        let mut v = self.phases.clone();
        v.push(("total".into(), self.started.elapsed().as_secs_f64()));
        v
    }
}

fn manifest_input(a: &digihyte_core::InputAccount) -> ManifestInput {
    ManifestInput {
        path: a.path.clone(),
        kind: a.kind.map(|k| k.key().to_string()).unwrap_or_default(),
        sha256: a.sha256.clone(),
        bytes: a.bytes,
        sheets: a.sheets.clone(),
        rows_read: a.rows_read,
        rows_accepted: a.rows_accepted,
        rows_rejected: a.rows_rejected,
        rows_skipped: a.rows_skipped(),
        skipped: SkippedByKind { blank: a.skipped[0], total: a.skipped[1], out_of_scope: a.skipped[2], title: a.skipped[3] },
        error: a.error.clone(),
    }
}

/// Writes into a fresh folder beside `out`, then swaps it in: a failed or killed run leaves
/// the previous output folder as it was, and a failed run leaves no staging folder behind
/// (a killed one may; the next run removes it, see `lock::clean_leftovers`).
fn write_atomically(out: &Path, write: impl FnOnce(&Path) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let (parent, name) = lock::parent_and_name(out);
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    if out.exists() {
        // Never replace something that is not a digihyte output folder.
        if !out.is_dir() {
            anyhow::bail!("{} exists and is not a folder; choose another output folder", out.display());
        }
        let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !out.join("manifest.json").is_file() {
            anyhow::bail!(
                "{} is not empty and has no manifest.json, so it is not a digihyte output folder; it was left as it was: choose another output folder",
                out.display()
            );
        }
    }
    // Until the final rename, `staging` is removed when it goes out of scope, on every
    // error path.
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.new-")).tempdir_in(&parent).context("creating a temporary folder")?;
    write(staging.path())?;
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(staging.path(), out) {
            // Put the previous folder back.
            let _ = std::fs::rename(&old, out);
            return Err(e).with_context(|| format!("renaming the new folder to {}", out.display()));
        }
        let _ = staging.keep();
        if let Err(e) = std::fs::remove_dir_all(&old) {
            // The new reports are in place; the next run removes the old folder.
            warn!("could not remove the previous output folder, moved aside to {}: {e}", old.display());
        }
    } else {
        std::fs::rename(staging.path(), out).with_context(|| format!("renaming the new folder to {}", out.display()))?;
        let _ = staging.keep();
    }
    Ok(())
}
