//! Writes the output folder (DOMAIN.md, "The output folder"): tidy CSVs, workbooks,
//! charts and the manifest.
//!
//! Invariants: only this crate knows rust_xlsxwriter and plotters; everything is rendered
//! in memory first ([`render`]), in a fixed order, so that the same inputs give the same
//! bytes; published tables go through [`digihyte_core::suppress`].

pub mod charts;
mod figures;
pub mod labels;
pub mod manifest;
mod sheets;
pub mod template;
pub mod tidy;
pub mod workbook;

use chrono::NaiveDate;
use digihyte_core::suppress::{count, derived, Published};
use digihyte_core::{IndicatorRow, InputAccount, Metrics, MixRow, ReachRow, Rejection, UnknownWord, Warning};
use labels::{t, tf};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

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

/// A reach row as published.
#[derive(Debug, Clone)]
pub struct PubReach {
    pub row: ReachRow,
    pub events: Published<u64>,
    pub clients: Published<u64>,
    pub unique_clients: Published<u64>,
    pub events_with_client_id: Published<u64>,
    pub hours: Published<f64>,
    pub events_with_duration: Published<u64>,
    pub clients_65plus: Published<u64>,
    pub clients_75plus: Published<u64>,
    pub clients_per_1000: Published<f64>,
    pub clients_65plus_per_1000_65plus: Published<f64>,
    pub clients_75plus_per_1000_75plus: Published<f64>,
}

impl PubReach {
    /// Suppression of one row: counts of persons (events, clients, unique clients, 65+,
    /// 75+) below the threshold become `<min`; hours and the event counts behind them
    /// follow `events`; each rate follows its own count.
    pub fn new(row: &ReachRow, min: u32) -> PubReach {
        let events_small = digihyte_core::suppress::is_small(row.events, min);
        let follow_events = |v: u64| if events_small { Published::Hidden } else { Published::Value(v) };
        PubReach {
            events: count(row.events, min),
            clients: count(row.clients, min),
            unique_clients: match row.unique_clients {
                Some(u) => count(u, min),
                None => Published::Hidden,
            },
            events_with_client_id: follow_events(row.events_with_client_id),
            hours: derived(Some(row.hours), row.events, min),
            events_with_duration: follow_events(row.events_with_duration),
            clients_65plus: count(row.clients_65plus, min),
            clients_75plus: count(row.clients_75plus, min),
            clients_per_1000: derived(row.clients_per_1000, row.clients, min),
            clients_65plus_per_1000_65plus: derived(row.clients_65plus_per_1000_65plus, row.clients_65plus, min),
            clients_75plus_per_1000_75plus: derived(row.clients_75plus_per_1000_75plus, row.clients_75plus, min),
            row: row.clone(),
        }
    }
}

/// Everything the reports are made of.
pub struct ReportInput<'a> {
    pub meta: RunMeta,
    pub reach: Vec<PubReach>,
    /// Every computed table, unsuppressed.
    pub metrics: &'a Metrics,
    pub accounts: &'a [InputAccount],
    pub rejections: &'a [Rejection],
    pub unknown_words: &'a [UnknownWord],
    pub warnings: &'a [Warning],
    /// Lookups into `metrics`, built on first use: `Lookup::default()`.
    pub lookup: Lookup<'a>,
}

/// Indexes into a run's tables, built once per run on first use. A national run has
/// 309 areas × 6 years × 40 mix keys; looking rows up by scanning for each cell of 309
/// workbooks cost more than writing the workbooks.
#[derive(Default)]
pub struct Lookup<'a> {
    mix: std::sync::OnceLock<MixIndex<'a>>,
    indicators: std::sync::OnceLock<HashMap<(&'a str, i32, u32), &'a IndicatorRow>>,
}

#[derive(Default)]
struct MixIndex<'a> {
    rows: HashMap<(&'a str, i32, &'a str, &'a str), &'a MixRow>,
    /// Each dimension's keys in the order they first appear.
    keys: HashMap<&'a str, Vec<String>>,
}

impl<'a> Lookup<'a> {
    fn mix_index(&self, metrics: &'a Metrics) -> &MixIndex<'a> {
        self.mix.get_or_init(|| {
            let mut ix = MixIndex::default();
            for m in &metrics.mix {
                ix.rows.entry((m.area_code.as_str(), m.year, m.dimension.as_str(), m.key.as_str())).or_insert(m);
                let keys = ix.keys.entry(m.dimension.as_str()).or_default();
                if !keys.contains(&m.key) {
                    keys.push(m.key.clone());
                }
            }
            ix
        })
    }
    /// The first mix row of an area, year, dimension and key.
    pub(crate) fn mix(&self, metrics: &'a Metrics, area_code: &str, year: i32, dim: &str, key: &str) -> Option<&'a MixRow> {
        self.mix_index(metrics).rows.get(&(area_code, year, dim, key)).copied()
    }
    /// A dimension's keys in the order of the mix table.
    pub(crate) fn mix_keys(&self, metrics: &'a Metrics, dim: &str) -> Vec<String> {
        self.mix_index(metrics).keys.get(dim).cloned().unwrap_or_default()
    }
    /// The first indicator row of an area, year and indicator.
    pub(crate) fn indicator(&self, metrics: &'a Metrics, area_code: &str, year: i32, id: u32) -> Option<&'a IndicatorRow> {
        self.indicators
            .get_or_init(|| {
                let mut ix = HashMap::new();
                for r in &metrics.indicators {
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

/// Headline sentences for the report year: of the area (`None`) or one municipality.
pub fn headlines(input: &ReportInput, municipality: Option<&str>) -> Vec<String> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let pick = |y: i32| {
        input.reach.iter().find(|p| {
            p.row.year == y
                && match municipality {
                    Some(code) => p.row.area_type == "municipality" && p.row.area_code == code,
                    None => p.row.area_type != "municipality",
                }
        })
    };
    let Some(now) = pick(year) else { return Vec::new() };
    let min = input.meta.min_count;
    let show = |v: &Published<u64>| match v {
        Published::Value(n) => fmt_num(*n as f64, 0, lang),
        _ => format!("<{min}"),
    };
    let mut lines = vec![tf(
        lang,
        "headline_clients",
        &[("area", now.row.area_name.clone()), ("year", year.to_string()), ("clients", show(&now.clients)), ("events", show(&now.events))],
    )];
    if let (Some(prev), Published::Value(c_now)) = (pick(year - 1), &now.clients) {
        if let Published::Value(c_prev) = &prev.clients {
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
    if let Published::Value(rate) = &now.clients_per_1000 {
        lines.push(tf(lang, "headline_rate", &[("rate", fmt_num(*rate, decimals_for(*rate), lang))]));
    }
    lines
}

fn chart_for(input: &ReportInput, code: &str) -> Result<charts::Rendered, ReportError> {
    let lang = input.meta.language.as_str();
    let own: Vec<&PubReach> = input.reach.iter().filter(|p| p.row.area_type == "municipality" && p.row.area_code == code).collect();
    let area: Vec<&PubReach> = input.reach.iter().filter(|p| p.row.area_type != "municipality").collect();
    let rate = |p: &PubReach| match p.clients_per_1000 {
        Published::Value(v) => Some(v),
        _ => None,
    };
    let name = own.first().map(|p| p.row.area_name.clone()).unwrap_or_default();
    let mut series = vec![charts::Series { label: name.clone(), values: own.iter().map(|p| rate(p)).collect() }];
    if !area.is_empty() {
        series.push(charts::Series { label: input.meta.area_name.clone(), values: area.iter().map(|p| rate(p)).collect() });
    }
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b));
    Ok(charts::render_bar(&charts::BarChart {
        title: format!("{name}: {}", t(lang, "chart_rate_title")),
        y_label: t(lang, "clients_per_1000"),
        categories: own.iter().map(|p| p.row.year.to_string()).collect(),
        series,
        decimals: decimals_for(max),
        source: t(lang, "source_line"),
        lang: lang.to_string(),
    })?)
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

/// Renders every output in memory, in a fixed order (workbooks and charts in parallel).
pub fn render(input: &ReportInput) -> Result<Vec<OutputFile>, ReportError> {
    let min = input.meta.min_count;
    let mut files: Vec<OutputFile> =
        tidy::all_tables(input.metrics, &input.reach, min)?.into_iter().map(|(path, bytes)| OutputFile { path, bytes }).collect();
    files.extend([
        OutputFile { path: "internal/rejected.csv".into(), bytes: tidy::rejected(input.rejections)? },
        OutputFile { path: "internal/rejected.xlsx".into(), bytes: workbook::rejected(input)? },
        OutputFile { path: format!("workbooks/{}.xlsx", input.meta.name), bytes: workbook::regional(input)? },
    ]);
    let munis: Vec<(String, String)> = input
        .reach
        .iter()
        .filter(|p| p.row.area_type == "municipality" && p.row.year == input.meta.last_year)
        .map(|p| (p.row.area_code.clone(), p.row.area_name.clone()))
        .collect();
    let per_muni: Vec<Result<Vec<OutputFile>, ReportError>> = munis
        .par_iter()
        .map(|(code, name)| {
            // File names use the Finnish name in every report language, so scripts find them.
            let fi_name = code
                .parse()
                .ok()
                .and_then(|c| digihyte_core::Reference::get().municipality(c))
                .map_or(name.as_str(), |m| m.name_fi.as_str());
            let stem = format!("{}_{}_{}", input.meta.name, code, slug(fi_name));
            let chart = chart_for(input, code)?;
            let topics = figures::mix_chart(input, code, name, "topic", "chart_topics")?;
            Ok(vec![
                OutputFile { path: format!("workbooks/{stem}.xlsx"), bytes: workbook::municipal(input, code)? },
                OutputFile { path: format!("charts/{stem}_clients_per_1000.png"), bytes: chart.png },
                OutputFile { path: format!("charts/{stem}_clients_per_1000.svg"), bytes: chart.svg.into_bytes() },
                OutputFile { path: format!("charts/{stem}_topics.png"), bytes: topics.png },
                OutputFile { path: format!("charts/{stem}_topics.svg"), bytes: topics.svg.into_bytes() },
            ])
        })
        .collect();
    // The area's charts.
    let name = &input.meta.name;
    let area = sheets::area_code(input);
    let mut area_charts = vec![("clients_per_1000", Some(figures::rate_by_municipality(input)?))];
    for (dim, key) in [("topic", "chart_topics"), ("channel", "chart_channels"), ("age_group", "chart_ages")] {
        area_charts.push((key.trim_start_matches("chart_"), Some(figures::mix_chart(input, &area, &input.meta.area_name, dim, key)?)));
    }
    area_charts.push(("feedback", figures::feedback_chart(input)?));
    area_charts.push(("need_reach", figures::need_chart(input)?));
    for (what, chart) in area_charts {
        if let Some(c) = chart {
            files.push(OutputFile { path: format!("charts/{name}_{what}.png"), bytes: c.png });
            files.push(OutputFile { path: format!("charts/{name}_{what}.svg"), bytes: c.svg.into_bytes() });
        }
    }
    for r in per_muni {
        files.extend(r?);
    }
    Ok(files)
}

/// Writes rendered files under `dir`; returns each output's manifest entry.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<Vec<manifest::ManifestOutput>, ReportError> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ReportError::Io { path: parent.display().to_string(), source })?;
        }
        std::fs::write(&path, &f.bytes).map_err(|source| ReportError::Io { path: path.display().to_string(), source })?;
        out.push(manifest::ManifestOutput { path: f.path.clone(), sha256: sha256_hex(&f.bytes), bytes: f.bytes.len() as u64 });
    }
    Ok(out)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
