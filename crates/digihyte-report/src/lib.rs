//! Writes the output folder (DOMAIN.md, "The output folder"): tidy CSVs, workbooks,
//! charts and the manifest.
//!
//! Invariants: only this crate knows rust_xlsxwriter and plotters; every output is rendered
//! to bytes in memory by a task of its own ([`render_into`]) and handed to a sink that
//! writes it; a file's bytes never depend on the order the tasks ran in, and the manifest
//! lists the outputs in a fixed order, so the same inputs give the same bytes; published
//! outputs take only [`digihyte_publish::Published`].

pub mod charts;
mod figures;
pub mod labels;
pub mod manifest;
mod sheets;
pub mod template;
pub mod tidy;
pub mod workbook;

use chrono::NaiveDate;
use digihyte_core::vocabulary::Dimension;
use digihyte_core::{IndicatorRow, InputAccount, Metrics, Origin, Rejection, UnknownWord, Warning};
use digihyte_publish::{Cell, Feedback, Mix, MixKey, Published, Reach};
use labels::{t, tf};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The maps of [`Lookup`]: hashed with foldhash, they are looked up for every cell.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// Errors while rendering or writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("writing a workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing a CSV table: {0}")]
    Csv(String),
    #[error("drawing a chart: {0}")]
    Chart(#[from] charts::ChartError),
    #[error("writing {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> Self {
        ReportError::Csv(e.to_string())
    }
}

/// Credits shown in every workbook's sources sheet and in the README.
pub const CREDITS: &[&str] = &[
    "Kuntaluokitus ja kuntien yhdistymiset / Municipality classification and mergers: Tilastokeskus / Statistics Finland (CC BY 4.0), via rOpenGov/geofi (BSD-2-Clause), Meeris/kuntar and pttry/statficlassifications (MIT).",
    "Väestö 31.12. (Sotkanet-indikaattori 127) / Population 31 Dec (Sotkanet indicator 127): Tilastokeskus / Statistics Finland, via THL Sotkanet (sotkanet.fi) and rOpenGov/geofi.",
    "Hyvinvointi-indikaattorit ja alueiden tunnisteet / Wellbeing indicators and region ids: THL / Sotkanet (CC BY 4.0 for THL-produced data and metadata).",
    "Kirjasintyyppi / Font: DejaVu Sans (Bitstream Vera licence, public-domain changes).",
];

/// Facts about the run that reports show.
#[derive(Debug, Clone)]
pub struct RunMeta {
    pub name: String,
    pub title: String,
    pub area_name: String,
    pub language: String,
    pub first_year: i32,
    pub last_year: i32,
    pub min_count: u32,
    pub version: String,
    pub pipeline_path: String,
    pub pipeline_sha256: String,
    pub run_date: NaiveDate,
}

/// Everything the reports are made of.
pub struct ReportInput<'a> {
    pub meta: RunMeta,
    /// Every published table: what every published output shows, and nothing else.
    pub published: &'a Published,
    /// The figures as computed, unsuppressed: only for `internal/`.
    pub internal: &'a Metrics,
    pub accounts: &'a [InputAccount],
    pub rejections: &'a [Rejection],
    pub unknown_words: &'a [UnknownWord],
    pub warnings: &'a [Warning],
    /// Groups of accepted rows with the same content (where they were read), for the
    /// data-quality sheet.
    pub duplicates: &'a [Vec<Origin>],
    /// Lookups into `published`, built on first use: `Lookup::default()`.
    pub lookup: Lookup<'a>,
}

/// Indexes into a run's published tables, built once per run on first use. A national run
/// has 309 areas × 6 years × 40 mix keys; looking rows up by scanning for each cell of 309
/// workbooks cost more than writing the workbooks.
#[derive(Default)]
pub struct Lookup<'a> {
    mix: std::sync::OnceLock<HashMap<(&'a str, i32, MixKey), &'a Mix>>,
    indicators: std::sync::OnceLock<HashMap<(&'a str, i32, u32), &'a IndicatorRow>>,
    feedback: std::sync::OnceLock<FeedbackIndex<'a>>,
    /// The need–reach table of the report year (headers and rows): the same in every
    /// municipality's appendix, so made once.
    need: std::sync::OnceLock<(Vec<String>, Vec<Vec<sheets::V>>)>,
}

#[derive(Default)]
struct FeedbackIndex<'a> {
    rows: HashMap<(&'a str, i32, &'a str), &'a Feedback>,
    /// The items in the order they first appear.
    items: Vec<&'a str>,
}

impl<'a> Lookup<'a> {
    /// The mix row of an area, year and key.
    pub(crate) fn mix(&self, p: &'a Published, area_code: &str, year: i32, key: MixKey) -> Option<&'a Mix> {
        self.mix
            .get_or_init(|| p.mix.iter().map(|m| ((m.id.area_code.as_str(), m.year, m.key), m)).collect())
            .get(&(area_code, year, key))
            .copied()
    }
    fn feedback_index(&self, p: &'a Published) -> &FeedbackIndex<'a> {
        self.feedback.get_or_init(|| {
            let mut ix = FeedbackIndex::default();
            for r in &p.feedback {
                ix.rows.entry((r.id.area_code.as_str(), r.year, r.item.as_str())).or_insert(r);
                if !ix.items.contains(&r.item.as_str()) {
                    ix.items.push(&r.item);
                }
            }
            ix
        })
    }
    /// The feedback row of an area, year and item.
    pub(crate) fn feedback(&self, p: &'a Published, area_code: &str, year: i32, item: &str) -> Option<&'a Feedback> {
        self.feedback_index(p).rows.get(&(area_code, year, item)).copied()
    }
    /// The feedback items in the order of the feedback table.
    pub(crate) fn feedback_items(&self, p: &'a Published) -> &[&'a str] {
        &self.feedback_index(p).items
    }
    /// The need–reach table, made by `make` the first time.
    pub(crate) fn need_table(&self, make: impl FnOnce() -> (Vec<String>, Vec<Vec<sheets::V>>)) -> &(Vec<String>, Vec<Vec<sheets::V>>) {
        self.need.get_or_init(make)
    }
    /// The indicator row of an area, year and indicator.
    pub(crate) fn indicator(&self, p: &'a Published, area_code: &str, year: i32, id: u32) -> Option<&'a IndicatorRow> {
        self.indicators
            .get_or_init(|| {
                let mut ix = HashMap::default();
                for r in &p.indicators {
                    ix.entry((r.area_code.as_str(), r.year, r.indicator)).or_insert(r);
                }
                ix
            })
            .get(&(area_code, year, id))
            .copied()
    }
}

/// One rendered output: its path inside the output folder and its bytes.
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file-name-safe ASCII slug (`Pyhäjärvi` → `pyhajarvi`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => out.push('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => out.push('o'),
            'ü' | 'ú' => out.push('u'),
            'é' | 'è' => out.push('e'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A number in the report language's style for sentences (`1 234`, `12,5`).
fn fmt_num(v: f64, decimals: usize, lang: &str) -> String {
    charts::format_number(v, decimals, lang)
}

/// The published reach rows of the area (`None`) or one municipality, in year order.
pub(crate) fn reach_rows<'i>(input: &ReportInput<'i>, municipality: Option<&str>) -> Vec<&'i Reach> {
    input
        .published
        .reach
        .iter()
        .filter(|p| match municipality {
            Some(code) => p.id.area_type == "municipality" && p.id.area_code == code,
            None => p.id.area_type != "municipality",
        })
        .collect()
}

/// Headline sentences for the report year: of the area (`None`) or one municipality.
pub fn headlines(input: &ReportInput, municipality: Option<&str>) -> Vec<String> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let rows = reach_rows(input, municipality);
    let pick = |y: i32| rows.iter().copied().find(|p| p.year == y);
    let Some(now) = pick(year) else { return Vec::new() };
    let min = input.meta.min_count;
    let show = |v: &Cell<u64>| match v {
        Cell::Value(n) => fmt_num(*n as f64, 0, lang),
        Cell::Small => format!("<{min}"),
        _ => "..".to_string(),
    };
    let mut lines = vec![tf(
        lang,
        "headline_clients",
        &[("area", now.area_name.clone()), ("year", year.to_string()), ("clients", show(&now.clients)), ("events", show(&now.events))],
    )];
    if let (Some(prev), Cell::Value(c_now)) = (pick(year - 1), &now.clients) {
        if let Cell::Value(c_prev) = &prev.clients {
            let change = *c_now as f64 - *c_prev as f64;
            let pct = if *c_prev > 0 {
                let p = change / *c_prev as f64 * 100.0;
                format!("{}{}", if p > 0.0 { "+" } else { "" }, charts::format_percent(p / 100.0, 1, lang))
            } else {
                "–".to_string()
            };
            let sign = if change > 0.0 { "+" } else { "" };
            lines.push(tf(lang, "headline_change", &[("change", format!("{sign}{}", fmt_num(change, 0, lang))), ("pct", pct)]));
        }
    }
    if let Cell::Value(rate) = &now.clients_per_1000 {
        lines.push(tf(lang, "headline_rate", &[("rate", fmt_num(*rate, decimals_for(*rate), lang))]));
    }
    lines
}

fn chart_for(input: &ReportInput, code: &str) -> charts::ChartSpec {
    let lang = input.meta.language.as_str();
    let own = reach_rows(input, Some(code));
    let area = reach_rows(input, None);
    let rate = |p: &Reach| p.clients_per_1000.value();
    let name = own.first().map(|p| p.area_name.clone()).unwrap_or_default();
    let mut series = vec![charts::Series { label: name.clone(), values: own.iter().map(|p| rate(p)).collect() }];
    if !area.is_empty() {
        series.push(charts::Series { label: input.meta.area_name.clone(), values: area.iter().map(|p| rate(p)).collect() });
    }
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b));
    charts::ChartSpec::Bar(charts::BarChart {
        title: format!("{name}: {}", t(lang, "chart_rate_title")),
        y_label: t(lang, "clients_per_1000"),
        categories: own.iter().map(|p| p.year.to_string()).collect(),
        series,
        decimals: decimals_for(max),
        source: t(lang, "source_line"),
        lang: lang.to_string(),
    })
}

/// Decimals that show a value range without rounding it all to zero.
fn decimals_for(max: f64) -> usize {
    match max {
        m if m >= 10.0 => 1,
        m if m >= 1.0 => 1,
        m if m >= 0.1 => 2,
        _ => 3,
    }
}

/// What a part of the rendering makes (for the thread time per part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Csv,
    Workbooks,
    Charts,
}

/// One unit of rendering work; the list of tasks is in the order of the outputs.
enum Task<'s> {
    Tables,
    Rejected,
    RejectedWorkbook,
    Regional,
    AreaChart(usize),
    Municipality { code: &'s str, name: &'s str },
}

/// The area's charts, by the file-name part of each ([`area_chart`] makes them).
const AREA_CHARTS: [&str; 6] = ["clients_per_1000", "topics", "channels", "ages", "feedback", "need_reach"];

fn area_chart(input: &ReportInput, i: usize) -> Option<charts::ChartSpec> {
    let area = sheets::area_code(input);
    let mix = |dim: Dimension, key: &str| Some(figures::mix_chart(input, &area, &input.meta.area_name, dim, key));
    match i {
        0 => Some(figures::rate_by_municipality(input)),
        1 => mix(Dimension::Topic, "chart_topics"),
        2 => mix(Dimension::Channel, "chart_channels"),
        3 => mix(Dimension::AgeGroup, "chart_ages"),
        4 => figures::feedback_chart(input),
        _ => figures::need_chart(input),
    }
}

/// The file stem of the area's `i`th chart.
fn area_chart_stem(input: &ReportInput, i: usize) -> String {
    format!("{}_{}", input.meta.name, AREA_CHARTS[i])
}

/// The file stem of a municipality's outputs: the Finnish name in every report language,
/// so that scripts find them.
fn municipal_stem(input: &ReportInput, code: &str, name: &str) -> String {
    let fi_name = code.parse().ok().and_then(|c| digihyte_core::Reference::get().municipality(c)).map_or(name, |m| m.name_fi.as_str());
    format!("{}_{}_{}", input.meta.name, code, slug(fi_name))
}

/// A municipality's charts, by file stem.
fn municipal_charts(input: &ReportInput, code: &str, name: &str) -> Vec<(String, charts::ChartSpec)> {
    let stem = municipal_stem(input, code, name);
    vec![
        (format!("{stem}_clients_per_1000"), chart_for(input, code)),
        (format!("{stem}_topics"), figures::mix_chart(input, code, name, Dimension::Topic, "chart_topics")),
    ]
}

/// The municipalities that get an appendix: those of the area with a row in the report year.
fn appendix_municipalities<'i>(input: &'i ReportInput) -> Vec<(&'i str, &'i str)> {
    input
        .published
        .reach
        .iter()
        .filter(|p| p.id.area_type == "municipality" && p.year == input.meta.last_year)
        .map(|p| (p.id.area_code.as_str(), p.area_name.as_str()))
        .collect()
}

/// Every chart a run draws, as data, with the file stem it is written under
/// (`charts/{stem}.png` and `.svg`): the area's charts, then each municipality's. The
/// I/O-floor benchmark draws exactly these again (`DIGIHYTE_CHART_SPECS`).
pub fn chart_specs(input: &ReportInput) -> Vec<(String, charts::ChartSpec)> {
    let mut specs: Vec<(String, charts::ChartSpec)> =
        (0..AREA_CHARTS.len()).filter_map(|i| area_chart(input, i).map(|c| (area_chart_stem(input, i), c))).collect();
    for (code, name) in appendix_municipalities(input) {
        specs.extend(municipal_charts(input, code, name));
    }
    specs
}

/// Where [`render_into`] puts each output as soon as it is made: it writes the file and
/// returns its manifest entry. It is called from several threads at once.
pub type Sink<'s> = dyn Fn(&OutputFile) -> Result<manifest::ManifestOutput, ReportError> + Sync + 's;

/// Renders every output and hands each to `sink` as soon as its task is done, so that
/// writing overlaps rendering and no more than a few outputs are held in memory. Returns
/// the manifest entries in the fixed order of the outputs.
///
/// Every table, workbook and chart is a task of its own, and the tasks run in parallel on
/// rayon's threads.
pub fn render_into(input: &ReportInput, sink: &Sink) -> Result<(Vec<manifest::ManifestOutput>, manifest::RenderSeconds), ReportError> {
    let munis = appendix_municipalities(input);
    // The regional workbook is the longest task: it goes first so that it never ends last.
    let mut tasks = vec![Task::Regional, Task::Tables, Task::Rejected, Task::RejectedWorkbook];
    tasks.extend((0..AREA_CHARTS.len()).map(Task::AreaChart));
    tasks.extend(munis.iter().map(|&(code, name)| Task::Municipality { code, name }));
    let done: Vec<Result<(Vec<manifest::ManifestOutput>, manifest::RenderSeconds), ReportError>> = tasks
        .par_iter()
        .with_max_len(1)
        .map(|task| {
            let mut times = manifest::RenderSeconds::default();
            let mut files = Vec::new();
            for (part, secs, mut f) in run_task(input, task)? {
                *match part {
                    Part::Csv => &mut times.csv,
                    Part::Workbooks => &mut times.workbooks,
                    Part::Charts => &mut times.charts,
                } += secs;
                files.append(&mut f);
            }
            let started = std::time::Instant::now();
            let finished = files.iter().map(sink).collect::<Result<Vec<_>, _>>()?;
            times.write = started.elapsed().as_secs_f64();
            Ok((finished, times))
        })
        .collect();
    let mut times = manifest::RenderSeconds::default();
    let mut by_task = Vec::with_capacity(done.len());
    for d in done {
        let (finished, t) = d?;
        times.add(&t);
        by_task.push(finished);
    }
    // The order of the files: tables, rejected rows, the regional workbook, the area's
    // charts, then each municipality's workbook and charts.
    let order = [1, 2, 3, 0];
    let mut out = Vec::new();
    for &i in &order {
        out.append(&mut by_task[i]);
    }
    for f in by_task.iter_mut().skip(order.len()) {
        out.append(f);
    }
    Ok((out, times))
}

/// What a task made of one part, and the seconds it took.
type TaskOutput = (Part, f64, Vec<OutputFile>);

/// Runs one task: its outputs by part, with the seconds each part took.
fn run_task(input: &ReportInput, task: &Task) -> Result<Vec<TaskOutput>, ReportError> {
    let timed = |part: Part, f: &dyn Fn() -> Result<Vec<OutputFile>, ReportError>| -> Result<TaskOutput, ReportError> {
        let started = std::time::Instant::now();
        let files = f()?;
        Ok((part, started.elapsed().as_secs_f64(), files))
    };
    let one = |path: String, bytes: Vec<u8>| vec![OutputFile { path, bytes }];
    let chart_files = |stem: &str, spec: &charts::ChartSpec| -> Result<Vec<OutputFile>, ReportError> {
        let c = charts::render_spec(spec)?;
        Ok(vec![
            OutputFile { path: format!("charts/{stem}.png"), bytes: c.png },
            OutputFile { path: format!("charts/{stem}.svg"), bytes: c.svg.into_bytes() },
        ])
    };
    Ok(match task {
        Task::Tables => vec![timed(Part::Csv, &|| {
            Ok(tidy::all_tables(input.published, input.internal)?.into_iter().map(|(path, bytes)| OutputFile { path, bytes }).collect())
        })?],
        Task::Rejected => vec![timed(Part::Csv, &|| Ok(one("internal/rejected.csv".into(), tidy::rejected(input.rejections)?)))?],
        Task::RejectedWorkbook => vec![timed(Part::Workbooks, &|| Ok(one("internal/rejected.xlsx".into(), workbook::rejected(input)?)))?],
        Task::Regional => {
            vec![timed(Part::Workbooks, &|| Ok(one(format!("workbooks/{}.xlsx", input.meta.name), workbook::regional(input)?)))?]
        }
        Task::AreaChart(i) => vec![timed(Part::Charts, &|| {
            Ok(match area_chart(input, *i) {
                Some(spec) => chart_files(&area_chart_stem(input, *i), &spec)?,
                None => Vec::new(),
            })
        })?],
        Task::Municipality { code, name } => {
            let stem = municipal_stem(input, code, name);
            vec![
                timed(Part::Workbooks, &|| Ok(one(format!("workbooks/{stem}.xlsx"), workbook::municipal(input, code)?)))?,
                timed(Part::Charts, &|| {
                    let mut files = Vec::new();
                    for (stem, spec) in municipal_charts(input, code, name) {
                        files.extend(chart_files(&stem, &spec)?);
                    }
                    Ok(files)
                })?,
            ]
        }
    })
}

/// Writes one rendered file under `dir` (making its folder); returns its manifest entry.
pub fn write_file(dir: &Path, f: &OutputFile) -> Result<manifest::ManifestOutput, ReportError> {
    let path = dir.join(&f.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ReportError::Io { path: parent.display().to_string(), source })?;
    }
    std::fs::write(&path, &f.bytes).map_err(|source| ReportError::Io { path: path.display().to_string(), source })?;
    Ok(manifest::ManifestOutput { path: f.path.clone(), sha256: sha256_hex(&f.bytes), bytes: f.bytes.len() as u64 })
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
