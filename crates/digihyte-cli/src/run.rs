//! `digihyte run`: the engine's run (`digihyte_engine::run`), with a progress bar on a
//! terminal, the closing log lines and the exit code.

use crate::{exit, RunArgs};
use digihyte_engine::{EngineError, Event, Job, Progress};
use tracing::{error, info};

/// Sets the worker threads (before any parallel work).
pub fn set_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Only fails if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
}

/// The progress bar over the input files (drawn only on a terminal, see `ui`).
#[derive(Default)]
pub struct Bar {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl Progress for Bar {
    fn event(&self, event: &Event<'_>) {
        match event {
            Event::Reading { files } => {
                let _ = self.bar.set(crate::ui::bar(*files as u64, "reading"));
            }
            Event::FileRead(account) => {
                if let Some(bar) = self.bar.get() {
                    bar.set_message(account.path.clone());
                    bar.inc(1);
                }
            }
            Event::PhaseFinished { phase: digihyte_engine::Phase::Read, .. } => self.finish(),
            _ => {}
        }
    }
}

impl Bar {
    /// Clears the bar (reading is over, or stopped).
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// Logs why the engine stopped and returns the exit code; `what_happens` ends the message
/// about unreadable inputs.
pub fn report(e: &EngineError, what_happens: &str) -> u8 {
    match e {
        EngineError::Pipeline(_) | EngineError::Usage(_) => {
            error!("{e}");
            exit::USAGE
        }
        EngineError::NoInputs { accounts } => {
            log_unusable(accounts, what_happens);
            exit::INPUT
        }
        EngineError::Locked(_) => {
            error!("{e}");
            exit::LOCKED
        }
        EngineError::Output(_) => {
            error!("{e}");
            exit::OUTPUT
        }
    }
}

/// Logs each activity file that could not be read, and that none could.
pub fn log_unusable(accounts: &[digihyte_core::InputAccount], what_happens: &str) {
    for a in accounts {
        error!("{}: not read: {}", a.path, a.error.as_deref().unwrap_or_default());
    }
    error!("none of the {} activity files could be read; {what_happens}", accounts.len());
}

pub fn run(args: &RunArgs) -> u8 {
    set_threads(args.threads);
    let job = Job {
        pipeline: args.pipeline.clone(),
        text: None,
        out: args.out.clone(),
        language: args.language.clone(),
        run_date: args.run_date,
        max_rejected: args.max_rejected,
    };
    let bar = Bar::default();
    let outcome = digihyte_engine::run(&job, &bar);
    bar.finish();
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return report(&e, "nothing was written"),
    };
    let totals = &outcome.totals;
    info!(
        "{} rows read: {} accepted, {} rejected, {} skipped; {} files not read",
        totals.read, totals.accepted, totals.rejected, totals.skipped, totals.files_not_read
    );
    if totals.rejected > 0 {
        info!("rejected rows, with reasons and suggestions: {}", outcome.out_dir.join("internal/rejected.xlsx").display());
    }
    info!("reports written to {}", outcome.out_dir.display());
    if outcome.too_many_rejected.is_some() {
        return exit::TOO_MANY_REJECTED;
    }
    exit::OK
}
