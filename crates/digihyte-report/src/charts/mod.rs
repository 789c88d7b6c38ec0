//! Chart rendering for the report appendices: grouped vertical bars, horizontal bars and
//! labelled scatter plots.
//!
//! Every chart is rendered twice from the same drawing code: an SVG at the logical size
//! (e.g. 800×500) and a PNG at twice that size for sharp printing. The PNG carries a pHYs
//! chunk of 192 dpi, so programs that honour it (Word, LibreOffice, rust_xlsxwriter) place it
//! at the logical size.
//!
//! Design notes:
//! - plotters is used as rasteriser, SVG writer and font-metrics source only. Layout, grid,
//!   ticks and every label are computed here, so every number on a chart goes through
//!   [`format_number`] (decimal comma in Finnish and Swedish) and nothing depends on
//!   plotters' default `100.0`-style tick labels.
//! - The embedded DejaVu Sans (regular and bold) is registered once under [`FONT_FAMILY`];
//!   no system font is ever consulted. In the SVG the family is written as
//!   `DejaVu Sans, Verdana, Arial, sans-serif` so viewers pick a real font.
//! - Text in the PNG is rasterised here with ab_glyph (the same crate plotters uses): the
//!   ab_glyph text path of plotters 0.3.7 drops each glyph's left side bearing, which gives
//!   visibly uneven letter spacing ("Sotkan et"). Text sizes are em sizes in logical pixels
//!   and measure the same in both outputs.
//! - Output is deterministic: no timestamps, no hash-map iteration; the same input gives
//!   byte-identical PNG and SVG.
//! - Missing values (`None`, NaN, ±∞) draw no bar and no label; zero draws a `0` label on the
//!   baseline. A chart without any value draws an empty 0..1 axis and a "no data" note.

pub mod alt;
mod bar;
mod draw;
pub mod figures;
mod hbar;
pub mod map;
mod scatter;
#[cfg(test)]
mod tests;

pub use crate::locale::{format_number, format_percent, THOUSANDS_SEP};
pub use alt::alt_text;
use draw::render;
pub use draw::{FONT_FAMILY, PALETTE, PNG_SCALE, PRINT_WIDTH_PT};
pub use map::{MapArea, MapChart, MapClass};

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

/// One data series of a [`BarChart`]; `values` align with the chart's categories.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A vertical grouped bar chart (e.g. clients per year, one series per area).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    /// x axis, e.g. years "2022", "2023", "2024".
    pub categories: Vec<String>,
    /// One colour each; values align with categories; `None` = no bar.
    pub series: Vec<Series>,
    /// Decimals of the value labels; axis ticks never use more.
    pub decimals: usize,
    /// Source line printed under the chart, e.g. "Lähde: digituki-tilastot; THL Sotkanet".
    pub source: String,
    /// "fi" | "sv" | "en".
    pub lang: String,
}

/// A horizontal bar chart (e.g. shares of topics), categories top to bottom in the given
/// order.
///
/// With `percent = true` the values are **shares** (0.125 = 12.5 %) and are labelled as
/// percentages with one decimal ("12,5 %" in fi/sv, "12.5%" in en). Otherwise values are
/// labelled with no decimals when all are whole numbers, else with one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HBarChart {
    pub title: String,
    pub x_label: String,
    pub categories: Vec<String>,
    pub values: Vec<Option<f64>>,
    pub percent: bool,
    pub source: String,
    pub lang: String,
}

/// Points of a scatter chart that are all named; beyond this names overlap, so the PNG/SVG
/// names only the ones that fit and the workbook's native need–reach chart names none.
pub(crate) const MAX_NAMED_POINTS: usize = 40;

/// A scatter chart with labelled points `(label, x, y)` and dashed median lines.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scatter {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub points: Vec<(String, f64, f64)>,
    pub x_median: Option<f64>,
    pub y_median: Option<f64>,
    pub source: String,
    pub lang: String,
}

/// Any chart of a report, as data: what a run draws, and what the I/O-floor benchmark
/// draws again to time the drawing alone.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ChartSpec {
    Bar(BarChart),
    HBar(HBarChart),
    Scatter(Scatter),
    Map(map::MapChart),
}

impl ChartSpec {
    pub fn title(&self) -> &str {
        match self {
            ChartSpec::Bar(c) => &c.title,
            ChartSpec::HBar(c) => &c.title,
            ChartSpec::Scatter(c) => &c.title,
            ChartSpec::Map(c) => &c.title,
        }
    }
    pub fn source(&self) -> &str {
        match self {
            ChartSpec::Bar(c) => &c.source,
            ChartSpec::HBar(c) => &c.source,
            ChartSpec::Scatter(c) => &c.source,
            ChartSpec::Map(c) => &c.source,
        }
    }
    pub fn lang(&self) -> &str {
        match self {
            ChartSpec::Bar(c) => &c.lang,
            ChartSpec::HBar(c) => &c.lang,
            ChartSpec::Scatter(c) => &c.lang,
            ChartSpec::Map(c) => &c.lang,
        }
    }
}

/// A rendered chart: PNG bytes at [`PNG_SCALE`]× the logical size and SVG text at the
/// logical size.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub png: Vec<u8>,
    pub svg: String,
}

/// Errors of chart rendering. Drawing errors of plotters are kept as text.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("could not load the embedded chart font: {0}")]
    Font(String),
    #[error("could not draw the chart: {0}")]
    Drawing(String),
    #[error("could not encode the chart as PNG: {0}")]
    Png(String),
}

// ---------------------------------------------------------------------------------------
// Rendering entry points
// ---------------------------------------------------------------------------------------

/// Renders a vertical grouped bar chart.
pub fn render_bar(chart: &BarChart) -> Result<Rendered, ChartError> {
    render(chart)
}

/// Renders a horizontal bar chart.
pub fn render_hbar(chart: &HBarChart) -> Result<Rendered, ChartError> {
    render(chart)
}

/// Renders a scatter chart with labelled points and median lines.
pub fn render_scatter(chart: &Scatter) -> Result<Rendered, ChartError> {
    render(chart)
}

/// Renders any chart.
pub fn render_spec(chart: &ChartSpec) -> Result<Rendered, ChartError> {
    match chart {
        ChartSpec::Bar(c) => render(c),
        ChartSpec::HBar(c) => render(c),
        ChartSpec::Scatter(c) => render(c),
        ChartSpec::Map(c) => render(c),
    }
}
