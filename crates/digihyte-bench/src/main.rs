//! `digihyte-bench gen` writes the national benchmark set; `digihyte-bench floor` measures
//! what reading its inputs and writing a run's outputs cost with the libraries alone.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "digihyte-bench", about = "Benchmark data and the I/O floor of a national digihyte run", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes the national set: activity/, feedback/, indicators/ and national.toml under OUT.
    Gen {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Reads DIR's xlsx inputs with calamine, writes a run's workbooks with rust_xlsxwriter
    /// and draws its charts with plotters, and prints the time of each part.
    Floor {
        /// A set written by `gen` (or the Python peer's set): DIR/activity, DIR/feedback.
        dir: PathBuf,
        /// Where the floor's workbooks and charts go (default: a folder under the system temp dir).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A digihyte run's output folder: write workbooks with exactly its cells and charts.
        #[arg(long)]
        like: Option<PathBuf>,
        /// The charts a run drew, as data (the file `DIGIHYTE_CHART_SPECS=FILE digihyte run …`
        /// writes): draw exactly these. Without it, as many stand-in charts of fixed data.
        #[arg(long)]
        charts: Option<PathBuf>,
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Gen { out, events, seed } => {
            let t = Instant::now();
            let s = digihyte_bench::gen::generate(&out, events, seed)?;
            println!(
                "{} events in {} activity files, {} feedback responses, {} Sotkanet rows; {:.1} MB in {:.1} s → {}",
                s.events,
                s.files,
                s.feedback,
                s.indicator_rows,
                s.bytes as f64 / 1e6,
                t.elapsed().as_secs_f64(),
                out.join("national.toml").display()
            );
        }
        Command::Floor { dir, out, like, charts, threads } => {
            let out = out.unwrap_or_else(|| std::env::temp_dir().join(format!("digihyte-floor-{}", std::process::id())));
            let total = Instant::now();
            let r = digihyte_bench::floor::run(&dir, &out, like.as_deref(), charts.as_deref(), threads)?;
            let total = total.elapsed().as_secs_f64();
            let t = r.times;
            println!("read    {:7.3} s  ({} xlsx files, {} cells; calamine)", t.read, r.files_read, r.cells_read);
            println!("write   {:7.3} s  ({} workbooks, {} cells, native charts; rust_xlsxwriter)", t.write, r.workbooks, r.cells_written);
            let which = if charts.is_some() { "the run's charts" } else { "stand-in charts of fixed data" };
            println!("charts  {:7.3} s  ({} charts as PNG + SVG, {which}; plotters)", t.charts, r.charts);
            println!("docs    {:7.3} s  ({} documents, the run's paragraphs, tables and pictures; docx-rs)", t.documents, r.documents);
            println!("floor   {:7.3} s  (read + write + charts + docs, {threads} threads)", t.total());
            println!("total   {total:7.3} s  (with setting up the shapes) → {}", out.display());
        }
    }
    Ok(())
}
