//! `digihyte`: the command line.

mod check;
mod inspect;
mod municipalities;
mod run;
mod serve;
mod table;
mod template;
mod ui;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes (documented in the README and in `--help`).
pub mod exit {
    /// The run succeeded.
    pub const OK: u8 = 0;
    /// The run succeeded, but more rows were rejected than `max_rejected` allows.
    pub const TOO_MANY_REJECTED: u8 = 1;
    /// The pipeline file or the command line is wrong; nothing was written.
    pub const USAGE: u8 = 2;
    /// The inputs could not be used (no input file could be read); nothing was written.
    pub const INPUT: u8 = 3;
    /// Writing the outputs failed; the previous output folder is unchanged.
    pub const OUTPUT: u8 = 4;
    /// Another run holds the lock of the same output folder; nothing was done.
    pub const LOCKED: u8 = 5;
}

const AFTER_HELP: &str = "\
Exit status:
  0  the run succeeded
  1  the run succeeded, but more rows were rejected than max_rejected allows
  2  the pipeline file or the command line is wrong (nothing was written)
  3  no input could be read (nothing was written)
  4  the outputs could not be written (the previous output folder is unchanged)
  5  another run is writing the same output folder (nothing was done; try later)
  `check` exits as a run would (0, 1, 2, 3); `template` and `municipalities` use 0, 2, 4;
  `serve` 0 (stopped), 2 (refused: a non-loopback address without accounts, a wrong
  option) or 4 (the data folder or the address cannot be used).

Examples:
  digihyte run pipelines/example.toml
  digihyte run pipelines/example.toml --out /tmp/raportti --language sv
  digihyte check pipelines/example.toml
  digihyte template activity --language fi --out tukipiste.xlsx
  digihyte municipalities --region 17
  digihyte serve --data-dir /srv/digihyte";

/// digihyte turns digital-support (digituki) activity logs and THL Sotkanet indicators into
/// the appendix of the municipal wellbeing report: Excel workbooks, charts and tidy tables.
#[derive(Debug, Parser)]
#[command(name = "digihyte", version, about, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Show less: only warnings and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Show more: every file read and the time of each phase.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Log format on standard error.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline file: read the inputs, compute the figures, write the reports.
    ///
    /// The reports go to the folder named by `output` in the pipeline file (or
    /// reports/<name> under the current folder), unless --out is given. The folder is
    /// replaced only when the whole run succeeded.
    Run(RunArgs),
    /// Show what a file holds and how a run would read it.
    ///
    /// Prints the detected format, the sheets (hidden ones marked), the header row found,
    /// each column with the field it was recognised as and sample values (never of client
    /// codes, names, e-mail addresses or free text), and the row accounting a run would
    /// produce. Exits 0 when the file can be read, 3 when it cannot.
    Inspect(inspect::InspectArgs),
    /// Check a pipeline file and its inputs as a run would, writing nothing.
    ///
    /// Compiles the pipeline file, reads every input and prints the accounting per file
    /// (rows read, accepted, rejected by reason, skipped by kind). Exits as a run would.
    Check(check::CheckArgs),
    /// Write an input template workbook (.xlsx) with instructions and dropdown lists.
    Template(template::TemplateArgs),
    /// List the embedded municipality classification: codes, names, regions, counties.
    Municipalities(municipalities::MunicipalitiesArgs),
    /// Serve the web pages: projects, uploads with their checks, runs, appendices.
    ///
    /// For one person on this machine: `digihyte serve`, then open http://127.0.0.1:8080/.
    /// For a region's coordinators: create accounts with --add-user, then serve behind a
    /// TLS reverse proxy (docs/server.md). Exits 2 when asked to listen on a non-loopback
    /// address while no account exists.
    Serve(serve::ServeArgs),
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The pipeline file (.toml) that describes the job.
    pipeline: PathBuf,
    /// Write the reports to this folder instead.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Report language: fi, sv or en (overrides the pipeline file).
    #[arg(long, value_name = "LANG")]
    language: Option<String>,
    /// Treat this date as today (YYYY-MM-DD): later dates are rejected as future dates, and
    /// the workbooks and manifest carry it, so that reruns give identical files.
    #[arg(long, value_name = "DATE")]
    run_date: Option<chrono::NaiveDate>,
    /// Exit with status 1 when more than this share of rows is rejected (0–1, e.g. 0.05).
    #[arg(long, value_name = "SHARE")]
    max_rejected: Option<f64>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

fn init_logging(cli: &Cli) {
    let level = if cli.quiet {
        tracing::Level::WARN
    } else if cli.verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal());
    match cli.log_format {
        LogFormat::Json => builder.json().with_current_span(false).init(),
        LogFormat::Text => builder.without_time().with_level(true).init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
    ui::init(cli.log_format == LogFormat::Text, cli.quiet);
    let code = match &cli.command {
        Command::Run(args) => run::run(args),
        Command::Inspect(args) => inspect::inspect(args),
        Command::Check(args) => check::check(args),
        Command::Template(args) => template::template(args),
        Command::Municipalities(args) => municipalities::municipalities(args),
        Command::Serve(args) => serve::serve(args),
    };
    ExitCode::from(code)
}
