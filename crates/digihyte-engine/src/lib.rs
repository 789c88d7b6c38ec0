//! One job, from the pipeline file to the output folder, as one library call: used by the
//! command line (`digihyte run` / `check`) and by the server (`digihyte serve`) alike, so
//! that the orchestration is written once.
//!
//! [`run`] compiles the pipeline file (with a [`Job`]'s overrides), takes the output
//! folder's lock ([`output::OutputLock`]), reads the inputs, computes, publishes, renders
//! every output into a staging folder with the manifest, and swaps that folder in
//! ([`output::write_atomically`]). [`check`] stops before the figures and writes nothing.
//! Both report what they do as [`Event`]s to a [`Progress`] and return a typed outcome;
//! warnings are also logged with `tracing`, as the command line always has.
//!
//! Invariants: the same job gives byte-identical outputs (only the manifest's timings
//! differ); a job that fails leaves the previous output folder as it was; two jobs on the
//! same output folder never run at once (the second is refused with
//! [`EngineError::Locked`]).

pub mod output;

use chrono::NaiveDate;
use digihyte_core::{InputAccount, Reference, Rejection, SourceKind, UnknownWord, Warning};
use digihyte_ingest::Ingested;
use digihyte_pipeline::{Area, Language, PipelineError, Plan};
use digihyte_report::manifest::*;
use digihyte_report::{ReportInput, RunMeta};
use output::{Chain, LockError, OutputLock};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tracing::{debug, info, warn};

/// What to run: a pipeline file and the knobs of one run.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// The pipeline file; paths in it are relative to its folder.
    pub pipeline: PathBuf,
    /// The pipeline's text, when the caller has it already (it is compiled as if it were
    /// the file at `pipeline`); `None` reads the file.
    pub text: Option<String>,
    /// The output folder; `None`: the file's `output`, else `reports/<name>`.
    pub out: Option<PathBuf>,
    /// `fi`, `sv` or `en` instead of the file's language.
    pub language: Option<String>,
    /// Treat this date as today; `None`: today.
    pub run_date: Option<NaiveDate>,
    /// A share from 0 to 1 instead of the file's `max_rejected`.
    pub max_rejected: Option<f64>,
}

/// The phases of a run, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Compiling the pipeline file and taking the output folder's lock.
    Compile,
    /// Reading every input.
    Read,
    /// Computing the figures.
    Transform,
    /// Deciding what is published (suppression).
    Publish,
    /// Writing every output into the staging folder and swapping it in.
    Render,
}

impl Phase {
    pub const ALL: [Phase; 5] = [Phase::Compile, Phase::Read, Phase::Transform, Phase::Publish, Phase::Render];
    /// The name in the manifest's `timings`.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Compile => "compile",
            Phase::Read => "read",
            Phase::Transform => "transform",
            Phase::Publish => "publish",
            Phase::Render => "render",
        }
    }
}

/// What a run tells its [`Progress`] as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    PhaseStarted(Phase),
    PhaseFinished {
        phase: Phase,
        seconds: f64,
    },
    /// Reading starts: how many files there are.
    Reading {
        files: usize,
    },
    /// One file was read (from a worker thread, in the order files finish).
    FileRead(&'a InputAccount),
    /// Outputs written into the staging folder so far.
    OutputsWritten(usize),
    /// A warning of the run (also logged, and in the manifest).
    Warning(&'a Warning),
}

/// Receives a run's [`Event`]s: the command line draws a progress bar, the server a
/// progress page. Called from several threads.
pub trait Progress: Sync {
    fn event(&self, event: &Event<'_>);
}

/// A [`Progress`] that ignores every event.
pub struct Silent;

impl Progress for Silent {
    fn event(&self, _: &Event<'_>) {}
}

/// Why a job stopped. Each maps to one of the command line's exit codes.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The pipeline file is wrong (every problem, with its line). Nothing was written.
    #[error("{0}")]
    Pipeline(#[from] PipelineError),
    /// An override is wrong. Nothing was written.
    #[error("{0}")]
    Usage(String),
    /// There are activity files and none could be read. Nothing was written.
    #[error("none of the {} activity files could be read", .accounts.len())]
    NoInputs { accounts: Vec<InputAccount> },
    /// Another run holds the output folder's lock. Nothing was done.
    #[error("{0}")]
    Locked(LockError),
    /// The outputs could not be written; the previous output folder is unchanged.
    #[error("{0}")]
    Output(Chain),
}

/// A pipeline compiled with the job's overrides.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub plan: Plan,
    pub run_date: NaiveDate,
    pub max_rejected: Option<f64>,
}

/// What [`check`] found: everything a run reads and counts, before any figure.
#[derive(Debug)]
pub struct Checked {
    pub prepared: Prepared,
    pub ingested: Ingested,
    pub totals: ManifestTotals,
    /// The warning when more rows were rejected than `max_rejected` allows.
    pub too_many_rejected: Option<String>,
    /// The activity files, when there are some and none of them could be read.
    pub unusable: Option<Vec<InputAccount>>,
}

/// What a finished run wrote and found.
#[derive(Debug)]
pub struct Outcome {
    pub out_dir: PathBuf,
    pub manifest: Manifest,
    pub totals: ManifestTotals,
    pub accounts: Vec<InputAccount>,
    pub rejections: Vec<Rejection>,
    pub unknown_words: Vec<UnknownWord>,
    /// Every warning of the run, as in the manifest.
    pub warnings: Vec<Warning>,
    /// Set when more rows were rejected than `max_rejected` allows (the reports are
    /// written all the same; the command line exits with 1).
    pub too_many_rejected: Option<String>,
}

/// Compiles the job's pipeline file and applies its overrides.
pub fn prepare(job: &Job) -> Result<Prepared, EngineError> {
    let mut plan = match &job.text {
        Some(text) => digihyte_pipeline::compile(&job.pipeline, text)?,
        None => digihyte_pipeline::compile_file(&job.pipeline)?,
    };
    if let Some(l) = &job.language {
        match Language::parse(l) {
            Some(l) => plan.language = l,
            None => return Err(EngineError::Usage(format!("unknown --language `{l}`: use fi, sv or en"))),
        }
    }
    let max_rejected = job.max_rejected.or(plan.max_rejected);
    if let Some(m) = max_rejected {
        if !(0.0..=1.0).contains(&m) {
            return Err(EngineError::Usage("--max-rejected is a share from 0 to 1, for example 0.05".into()));
        }
    }
    let run_date = job.run_date.unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok(Prepared { plan, run_date, max_rejected })
}

/// The output folder of a job: `out`, else the file's `output`, else `reports/<name>`.
pub fn output_folder(job: &Job, plan: &Plan) -> PathBuf {
    job.out.clone().or_else(|| plan.output.clone()).unwrap_or_else(|| PathBuf::from("reports").join(&plan.name))
}

/// Reads every input of a prepared job, telling `progress` about each file.
pub fn read_inputs(p: &Prepared, progress: &dyn Progress) -> Ingested {
    let plan = &p.plan;
    let ctx = digihyte_ingest::Context::new(p.run_date, plan.first_year, plan.last_year).with_words(&plan.words);
    let n_files: usize = plan.sources.iter().map(|s| s.files.len()).sum();
    progress.event(&Event::Reading { files: n_files });
    let ingested = digihyte_ingest::ingest_with_progress(plan, &ctx, &|account| progress.event(&Event::FileRead(account)));
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

/// The activity files, when there are some and none of them could be read.
pub fn unusable_activity(ingested: &Ingested) -> Option<Vec<InputAccount>> {
    let activity: Vec<_> = ingested.accounts.iter().filter(|a| a.kind == Some(SourceKind::Activity)).cloned().collect();
    (!activity.is_empty() && activity.iter().all(|a| a.error.is_some())).then_some(activity)
}

/// Row totals over every input.
pub fn totals(accounts: &[InputAccount]) -> ManifestTotals {
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

/// Everything a run checks, up to the figures: compiles, reads every input, counts. Writes
/// nothing and takes no lock.
pub fn check(job: &Job, progress: &dyn Progress) -> Result<Checked, EngineError> {
    let prepared = prepare(job)?;
    let ingested = read_inputs(&prepared, progress);
    let totals = totals(&ingested.accounts);
    let too_many_rejected = too_many_rejected(&totals, prepared.max_rejected);
    let unusable = unusable_activity(&ingested);
    Ok(Checked { prepared, ingested, totals, too_many_rejected, unusable })
}

/// The area's name in the report language.
pub fn area_name(plan: &Plan) -> String {
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

/// The warnings of a run: logged, told to `progress`, kept for the manifest.
struct Warnings<'p> {
    list: Vec<Warning>,
    progress: &'p dyn Progress,
}

impl Warnings<'_> {
    fn push(&mut self, w: Warning) {
        if w.file.is_empty() {
            warn!("{}", w.message);
        } else {
            warn!("{}: {}", w.file, w.message);
        }
        self.progress.event(&Event::Warning(&w));
        self.list.push(w);
    }
    fn message(&mut self, message: String) {
        self.push(Warning { file: String::new(), message });
    }
}

/// Runs a job: compiles, takes the output folder's lock, reads, computes, publishes,
/// renders every output into a staging folder and swaps it in. On any error the previous
/// output folder is left as it was.
pub fn run(job: &Job, progress: &dyn Progress) -> Result<Outcome, EngineError> {
    let mut clock = Timer::new(progress);
    progress.event(&Event::PhaseStarted(Phase::Compile));
    let prepared = prepare(job)?;
    let (plan, run_date, max_rejected) = (&prepared.plan, prepared.run_date, prepared.max_rejected);
    let out_dir = output_folder(job, plan);

    // One run at a time per output folder, from before reading until the end.
    let mut warnings = Warnings { list: Vec::new(), progress };
    let (parent, _) = output::parent_and_name(&out_dir);
    if let Err(e) = std::fs::create_dir_all(&parent) {
        return Err(EngineError::Output(Chain::msg(format!("cannot create the folder {} for the reports: {e}", parent.display()))));
    }
    let _lock = match OutputLock::acquire(&out_dir) {
        Ok((lock, left_behind)) => {
            if let Some(h) = left_behind {
                let state = match h.pid.and_then(output::pid_alive) {
                    Some(true) => "is running but no longer holds the lock",
                    Some(false) => "is no longer running",
                    None => "no longer holds the lock",
                };
                warnings.message(format!(
                    "took over the lock {} left by {}, which {state}; its run did not finish",
                    lock.path().display(),
                    h.describe()
                ));
            }
            for message in output::clean_leftovers(&out_dir) {
                warnings.message(message);
            }
            lock
        }
        Err(e @ LockError::Held { .. }) => return Err(EngineError::Locked(e)),
        Err(e) => return Err(EngineError::Output(Chain::msg(e.to_string()))),
    };
    clock.phase(Phase::Compile);

    let ingested = read_inputs(&prepared, progress);
    if let Some(accounts) = unusable_activity(&ingested) {
        return Err(EngineError::NoInputs { accounts });
    }
    clock.phase(Phase::Read);

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
    let events = digihyte_transform::in_scope(inputs.events, &scope);
    let mut metrics = digihyte_transform::figures(&inputs, &scope, &events)
        .map_err(|e| EngineError::Output(Chain::msg(format!("computing the figures failed (a bug; please report it): {e}"))))?;
    clock.phase(Phase::Transform);
    // What is published is decided here, once: every published output takes this. Publishing
    // runs on one thread; the likely duplicates (shown on the data-quality sheet, published
    // nowhere) are found beside it.
    let (published, duplicates) = std::thread::scope(|s| {
        let duplicates = s.spawn(|| digihyte_transform::duplicates(&events));
        let published = digihyte_publish::publish(&metrics, plan.min_count);
        (published, duplicates.join().expect("the duplicate check panicked"))
    });
    metrics.duplicates = duplicates;
    for (table, h) in &published.cost.tables {
        debug!(
            "suppression in {table}: {} small counts (<{}), {} cells hidden so that they cannot be worked out, {} withheld under hidden figures",
            h.primary, plan.min_count, h.secondary, h.withheld
        );
    }
    clock.phase(Phase::Publish);

    for w in &ingested.warnings {
        warnings.push(w.clone());
    }
    for u in &ingested.unknown_words {
        warnings.message(digihyte_ingest::unknown_warning(u));
    }
    if !ingested.unknown_words.is_empty() {
        info!(
            "to map the unknown words, add this to the pipeline file (check every key first):\n{}",
            digihyte_core::words_block(&ingested.unknown_words)
        );
    }
    let outside = ingested.events.iter().filter(|e| plan.municipalities.binary_search(&e.municipality).is_err()).count();
    if outside > 0 {
        warnings.message(format!(
            "{outside} accepted events are of clients from municipalities outside the pipeline's area; they are not in the area's figures"
        ));
    }
    let totals = totals(&ingested.accounts);
    let too_many = too_many_rejected(&totals, max_rejected);
    if let Some(message) = &too_many {
        warnings.message(message.clone());
    }
    let warnings = warnings.list;
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
    dump_chart_specs(&input)?;
    // Every output is written into the staging folder as soon as it is rendered.
    progress.event(&Event::PhaseStarted(Phase::Render));
    let mut manifest = None;
    let written = output::write_atomically(&out_dir, |staging| {
        let sink = sink(staging, progress);
        let (outputs, times) = digihyte_report::render_into(&input, &sink).map_err(|e| Chain::new("rendering the reports", &e))?;
        clock.phase(Phase::Render);
        debug!(
            "render, thread time by part: CSV {:.3} s, workbooks {:.3} s, charts {:.3} s, writing {:.3} s",
            times.csv, times.workbooks, times.charts, times.write
        );
        let m = Manifest {
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
        std::fs::write(staging.join("manifest.json"), m.to_json()).map_err(|e| Chain::new("writing manifest.json", &e))?;
        manifest = Some(m);
        Ok(())
    });
    if let Err(e) = written {
        return Err(EngineError::Output(e.context(format!("writing the reports to {}", out_dir.display()))));
    }
    let manifest = manifest.expect("the manifest is written before the swap");
    Ok(Outcome {
        out_dir,
        manifest,
        totals,
        accounts: ingested.accounts,
        rejections: ingested.rejections,
        unknown_words: ingested.unknown_words,
        warnings,
        too_many_rejected: too_many,
    })
}

/// The sink that writes each output into `staging` and counts it for `progress`.
fn sink<'a>(
    staging: &'a Path,
    progress: &'a dyn Progress,
) -> impl Fn(&digihyte_report::OutputFile) -> Result<ManifestOutput, digihyte_report::ReportError> + Sync + 'a {
    let written = AtomicUsize::new(0);
    #[cfg(feature = "test-faults")]
    let faults = faults::Faults::from_env();
    move |f| {
        let entry = digihyte_report::write_file(staging, f)?;
        let n = written.fetch_add(1, Ordering::SeqCst) + 1;
        progress.event(&Event::OutputsWritten(n));
        #[cfg(feature = "test-faults")]
        faults.after_write(n, &f.path)?;
        Ok(entry)
    }
}

/// The test-only switches of the atomic swap (README, "Testing the atomic swap"), compiled
/// in only with the `test-faults` feature, which only the integration tests enable.
#[cfg(feature = "test-faults")]
mod faults {
    /// How many outputs are written before a switch acts.
    const FAULT_AFTER: usize = 20;

    /// `DIGIHYTE_FAIL_AFTER_WRITE=1` makes the write fail once the first [`FAULT_AFTER`]
    /// files are in the staging folder; `DIGIHYTE_PAUSE_MID_WRITE=1` stops there for ten
    /// minutes, so that a test can kill the process mid-write.
    pub struct Faults {
        fail: bool,
        pause: bool,
    }

    impl Faults {
        pub fn from_env() -> Faults {
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            Faults { fail: set("DIGIHYTE_FAIL_AFTER_WRITE"), pause: set("DIGIHYTE_PAUSE_MID_WRITE") }
        }

        pub fn after_write(&self, written: usize, path: &str) -> Result<(), digihyte_report::ReportError> {
            if written != FAULT_AFTER {
                return Ok(());
            }
            if self.fail {
                return Err(digihyte_report::ReportError::Io {
                    path: path.to_string(),
                    source: std::io::Error::other(format!(
                        "stopped after writing {FAULT_AFTER} files: DIGIHYTE_FAIL_AFTER_WRITE is set (a switch for tests)"
                    )),
                });
            }
            if self.pause {
                tracing::warn!("paused after writing {FAULT_AFTER} files: DIGIHYTE_PAUSE_MID_WRITE is set (a switch for tests)");
                std::thread::sleep(std::time::Duration::from_secs(600));
            }
            Ok(())
        }
    }
}

/// A switch for the I/O-floor benchmark (BENCHMARKS.md): `DIGIHYTE_CHART_SPECS=FILE` writes
/// every chart the run draws, as data (JSON), to FILE, outside the output folder, so that
/// `digihyte-bench floor --charts` can draw exactly the same charts with the drawing code
/// alone.
fn dump_chart_specs(input: &ReportInput) -> Result<(), EngineError> {
    let Some(path) = std::env::var_os("DIGIHYTE_CHART_SPECS").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = Path::new(&path);
    let json = serde_json::to_vec(&digihyte_report::chart_specs(input))
        .map_err(|e| EngineError::Output(Chain::new("writing the chart specs", &e)))?;
    std::fs::write(path, json)
        .map_err(|e| EngineError::Output(Chain::new(format!("writing the chart specs to {}", path.display()), &e)))?;
    info!("chart specs written to {} (DIGIHYTE_CHART_SPECS is set)", path.display());
    Ok(())
}

/// Phase timings for the manifest, `-v` and the progress events.
struct Timer<'p> {
    started: Instant,
    since: Instant,
    phases: Vec<(String, f64)>,
    progress: &'p dyn Progress,
}

impl<'p> Timer<'p> {
    fn new(progress: &'p dyn Progress) -> Timer<'p> {
        Timer { started: Instant::now(), since: Instant::now(), phases: Vec::new(), progress }
    }
    fn phase(&mut self, phase: Phase) {
        let secs = self.since.elapsed().as_secs_f64();
        debug!("{}: {secs:.3} s", phase.key());
        self.phases.push((phase.key().to_string(), secs));
        self.progress.event(&Event::PhaseFinished { phase, seconds: secs });
        if let Some(next) = Phase::ALL.iter().skip_while(|p| **p != phase).nth(1) {
            if *next != Phase::Render {
                self.progress.event(&Event::PhaseStarted(*next));
            }
        }
        self.since = Instant::now();
    }
    fn with_total(&self) -> Vec<(String, f64)> {
        let mut v = self.phases.clone();
        v.push(("total".into(), self.started.elapsed().as_secs_f64()));
        v
    }
}

fn manifest_input(a: &InputAccount) -> ManifestInput {
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
