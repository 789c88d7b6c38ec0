//! What a person at a terminal sees besides the log: progress bars, and only for them.
//!
//! A bar is drawn only when standard error is a terminal, the log is text, `-q` is not
//! given, `TERM` is not `dumb` and `CI` is not set: never under cron, systemd, CI or a pipe.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicBool, Ordering};

static PROGRESS: AtomicBool = AtomicBool::new(false);

/// Decides once, from the command line, whether progress bars may be drawn.
pub fn init(text_log: bool, quiet: bool) {
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let ci = std::env::var_os("CI").is_some();
    PROGRESS.store(text_log && !quiet && !dumb && !ci && std::io::stderr().is_terminal(), Ordering::Relaxed);
}

/// A bar over `len` steps, or a hidden one that draws nothing.
pub fn bar(len: u64, prefix: &str) -> ProgressBar {
    if !PROGRESS.load(Ordering::Relaxed) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    pb.set_style(style);
    pb.set_prefix(prefix.to_string());
    pb
}
