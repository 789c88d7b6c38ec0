//! `digihyte run`.

use crate::{exit, RunArgs};
use anyhow::Context as _;
use digihyte_core::{Reference, SourceKind, Warning};
use digihyte_pipeline::{Area, Language, Plan};
use digihyte_report::manifest::*;
use digihyte_report::{PubReach, ReportInput, RunMeta};
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

pub fn run(args: &RunArgs) -> u8 {
    if let Some(n) = args.threads {
        // Only fails if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let mut clock = Timer::new();

    let mut plan = match digihyte_pipeline::compile_file(&args.pipeline) {
        Ok(p) => p,
        Err(e) => {
            error!("{e}");
            return exit::USAGE;
        }
    };
    if let Some(l) = &args.language {
        match Language::parse(l) {
            Some(l) => plan.language = l,
            None => {
                error!("unknown --language `{l}`: use fi, sv or en");
                return exit::USAGE;
            }
        }
    }
    let max_rejected = args.max_rejected.or(plan.max_rejected);
    if let Some(m) = max_rejected {
        if !(0.0..=1.0).contains(&m) {
            error!("--max-rejected is a share from 0 to 1, for example 0.05");
            return exit::USAGE;
        }
    }
    let run_date = args.run_date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let out_dir = args.out.clone().or_else(|| plan.output.clone()).unwrap_or_else(|| PathBuf::from("reports").join(&plan.name));
    clock.phase("compile");

    let ctx = digihyte_ingest::Context { run_date, first_year: plan.first_year, last_year: plan.last_year };
    let ingested = digihyte_ingest::ingest(&plan, &ctx);
    clock.phase("read");
    for a in &ingested.accounts {
        match &a.error {
            Some(e) => warn!("{}: not read: {e}", a.path),
            None => debug!(
                "{}: {} rows read, {} accepted, {} rejected, {} skipped",
                a.path,
                a.rows_read,
                a.rows_accepted,
                a.rows_rejected,
                a.rows_skipped()
            ),
        }
    }
    let activity: Vec<_> = ingested.accounts.iter().filter(|a| a.kind == Some(SourceKind::Activity)).collect();
    if !activity.is_empty() && activity.iter().all(|a| a.error.is_some()) {
        error!("none of the {} activity files could be read; nothing was written", activity.len());
        return exit::INPUT;
    }

    let scope = digihyte_transform::Scope {
        municipalities: plan.municipalities.clone(),
        first_year: plan.first_year,
        last_year: plan.last_year,
        area: match plan.area {
            Area::Region(c) => digihyte_transform::AreaKind::Region(c),
            Area::Municipalities(_) => digihyte_transform::AreaKind::Municipalities,
            Area::Country => digihyte_transform::AreaKind::Country,
        },
        area_name: area_name(&plan),
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

    let mut warnings: Vec<Warning> = ingested.warnings.clone();
    let outside = ingested.events.iter().filter(|e| plan.municipalities.binary_search(&e.municipality).is_err()).count();
    if outside > 0 {
        warnings.push(Warning {
            file: String::new(),
            message: format!("{outside} accepted events are of clients from municipalities outside the pipeline's area; they are not in the area's figures"),
        });
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
        reach: metrics.reach.iter().map(|r| PubReach::new(r, plan.min_count)).collect(),
        metrics: &metrics,
        accounts: &ingested.accounts,
        rejections: &ingested.rejections,
        unknown_words: &ingested.unknown_words,
        warnings: &warnings,
    };
    let files = match digihyte_report::render(&input) {
        Ok(f) => f,
        Err(e) => {
            error!("rendering the reports failed: {e}");
            return exit::OUTPUT;
        }
    };
    clock.phase("render");

    let totals = ManifestTotals {
        read: ingested.accounts.iter().map(|a| a.rows_read).sum(),
        accepted: ingested.accounts.iter().map(|a| a.rows_accepted).sum(),
        rejected: ingested.accounts.iter().map(|a| a.rows_rejected).sum(),
        skipped: ingested.accounts.iter().map(|a| a.rows_skipped()).sum(),
        files_not_read: ingested.accounts.iter().filter(|a| a.error.is_some()).count() as u64,
    };
    let written = write_atomically(&out_dir, |staging| {
        let outputs = digihyte_report::write_files(staging, &files)?;
        clock.phase("write");
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
            timings: clock.with_total(),
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
    if let Some(m) = max_rejected {
        let share = if totals.read > 0 { totals.rejected as f64 / totals.read as f64 } else { 0.0 };
        if share > m {
            warn!("{:.1} % of the rows were rejected, more than max_rejected {:.1} %", share * 100.0, m * 100.0);
            return exit::TOO_MANY_REJECTED;
        }
    }
    exit::OK
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
/// the previous output folder as it was.
fn write_atomically(out: &Path, write: impl FnOnce(&Path) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "reports".into());
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.new-")).tempdir_in(&parent).context("creating a temporary folder")?;
    write(staging.path())?;
    let staged = staging.keep();
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the previous folder back.
            let _ = std::fs::rename(&old, out);
            return Err(e).with_context(|| format!("renaming the new folder to {}", out.display()));
        }
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    } else {
        std::fs::rename(&staged, out).with_context(|| format!("renaming the new folder to {}", out.display()))?;
    }
    Ok(())
}
