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

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle};

/// Family name under which the embedded fonts are registered with plotters.
pub const FONT_FAMILY: &str = "digihyte-sans";

/// Font family written into the SVG output instead of [`FONT_FAMILY`].
const SVG_FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// The PNG is drawn at this multiple of the logical (SVG) size.
pub const PNG_SCALE: u32 = 2;

/// Okabe–Ito colour-blind-safe palette, in the order series get their colours.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];

const FONT_REGULAR: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

const TEXT_COLOR: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
const AXIS_TEXT: RGBColor = RGBColor(0x44, 0x44, 0x44);
const MUTED: RGBColor = RGBColor(0x6B, 0x6B, 0x6B);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const BASELINE: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// Category and legend labels longer than this many characters are cut with "…".
const MAX_LABEL_CHARS: usize = 40;

/// Logical width of every chart.
const WIDTH: u32 = 800;

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
// Number formatting
// ---------------------------------------------------------------------------------------

/// Thousands separator of Finnish and Swedish numbers: U+00A0 NO-BREAK SPACE. It never
/// breaks a number across lines, and every font and spreadsheet program has it (the narrow
/// U+202F is missing from some fonts).
pub const THOUSANDS_SEP_FI: char = '\u{A0}';

fn uses_decimal_comma(lang: &str) -> bool {
    let l = lang.trim().to_ascii_lowercase();
    l.starts_with("fi") || l.starts_with("sv")
}

/// Number formatting of the report language: "fi" and "sv" (also "fi-FI", "sv-FI") use a
/// decimal comma and U+00A0 (no-break space) as thousands separator; every other language
/// ("en") uses "." and ",".
///
/// Rounding is half away from zero on the decimal value as written with 15 significant
/// digits, as Excel shows it (`0.145` with 2 decimals → `0,15`, `2.5` with 0 → `3`).
/// Negative numbers use an ASCII "-"; a value that rounds to zero has no sign.
/// Non-finite values (NaN, ±∞) give "–" (en dash), the "no value" mark.
pub fn format_number(value: f64, decimals: usize, lang: &str) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let decimals = decimals.min(15);
    let (dec_mark, group_sep) = if uses_decimal_comma(lang) { (',', THOUSANDS_SEP_FI) } else { ('.', ',') };
    let digits = rounded_digits(value.abs(), decimals);
    let is_zero = digits.bytes().all(|b| b == b'0');
    let padded = if digits.len() <= decimals { format!("{}{}", "0".repeat(decimals + 1 - digits.len()), digits) } else { digits };
    let (int_part, frac_part) = padded.split_at(padded.len() - decimals);

    let mut out = String::with_capacity(padded.len() + padded.len() / 3 + 3);
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    let n = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(ch);
    }
    if decimals > 0 {
        out.push(dec_mark);
        out.push_str(frac_part);
    }
    out
}

/// A share (0.125) as a percentage of the report language: "12,5 %" in fi/sv (U+00A0
/// before the sign, as Finnish and Swedish style guides ask) and "12.5%" in en.
pub fn format_percent(share: f64, decimals: usize, lang: &str) -> String {
    if !share.is_finite() {
        return "–".to_string();
    }
    let number = format_number(share * 100.0, decimals, lang);
    if uses_decimal_comma(lang) {
        format!("{number}\u{A0}%")
    } else {
        format!("{number}%")
    }
}

/// The digits of `round(abs × 10^decimals)` (half away from zero), without leading zeros
/// ("0" for zero). `abs` must be finite and non-negative.
fn rounded_digits(abs: f64, decimals: usize) -> String {
    // 15 significant digits remove binary noise such as 0.145 = 0.14499999999999999.
    let sci = format!("{:.14e}", abs);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mantissa: u128 = mantissa.replace('.', "").parse().unwrap_or(0);
    let k = exp - 14 + decimals as i32;
    if k >= 0 {
        if k > 20 {
            // Above 10^20: far beyond any statistic; plain formatting is good enough.
            let plain = format!("{:.*}", decimals, abs);
            return plain.replace('.', "");
        }
        (mantissa * 10u128.pow(k as u32)).to_string()
    } else {
        let p = (-k) as u32;
        if p > 38 {
            return "0".to_string();
        }
        let pow = 10u128.pow(p);
        let mut q = mantissa / pow;
        if (mantissa % pow) * 2 >= pow {
            q += 1;
        }
        q.to_string()
    }
}

fn localized<'a>(lang: &str, fi: &'a str, sv: &'a str, en: &'a str) -> &'a str {
    let l = lang.trim().to_ascii_lowercase();
    if l.starts_with("fi") {
        fi
    } else if l.starts_with("sv") {
        sv
    } else {
        en
    }
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
    }
}

/// The embedded fonts, parsed once.
struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Fonts {
    fn get(&self, bold: bool) -> &FontRef<'static> {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Parses the embedded fonts and registers them with plotters, exactly once.
fn ensure_fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &'static [u8], name: &str| FontRef::try_from_slice(bytes).map_err(|e| format!("{name}: {e}"));
            let fonts = Fonts { regular: parse(FONT_REGULAR, "DejaVuSans.ttf")?, bold: parse(FONT_BOLD, "DejaVuSans-Bold.ttf")? };
            register_font(FONT_FAMILY, FontStyle::Normal, FONT_REGULAR).map_err(|_| "DejaVuSans.ttf is not a valid font".to_string())?;
            register_font(FONT_FAMILY, FontStyle::Bold, FONT_BOLD).map_err(|_| "DejaVuSans-Bold.ttf is not a valid font".to_string())?;
            Ok(fonts)
        })
        .as_ref()
        .map_err(|e| ChartError::Font(e.clone()))
}

/// A chart that can lay itself out and draw on any plotters backend.
trait Chart {
    /// Logical size (the SVG size); the PNG is [`PNG_SCALE`] times larger.
    fn logical_size(&self, m: &Metrics) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError>;
}

fn render<C: Chart>(chart: &C) -> Result<Rendered, ChartError> {
    let fonts = ensure_fonts()?;
    let (w, h) = chart.logical_size(&Metrics { s: 1.0, fonts });

    let mut svg = String::new();
    let labels;
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let canvas = Canvas::new(&area, Metrics { s: 1.0, fonts }, BackendKind::Svg);
        chart.draw(&canvas)?;
        area.present().map_err(draw_err)?;
        labels = match canvas.labels.into_inner() {
            LabelPlan::Record(placed) | LabelPlan::Replay(placed) => placed,
        };
    }
    let svg = tidy_svg(&svg);

    let (pw, ph) = (w * PNG_SCALE, h * PNG_SCALE);
    let mut rgb = vec![255u8; pw as usize * ph as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, (pw, ph)).into_drawing_area();
        let canvas = Canvas::new(&area, Metrics { s: PNG_SCALE as f64, fonts }, BackendKind::Bitmap);
        *canvas.labels.borrow_mut() = LabelPlan::Replay(labels);
        chart.draw(&canvas)?;
        area.present().map_err(draw_err)?;
    }
    let png = encode_png(&rgb, pw, ph)?;
    Ok(Rendered { png, svg })
}

/// Names real fonts in the SVG and writes font sizes as short decimals (plotters divides
/// by 1.24, which leaves sizes such as `13.000000000000002`).
fn tidy_svg(svg: &str) -> String {
    let svg = svg.replace(&format!("font-family=\"{FONT_FAMILY}\""), &format!("font-family=\"{SVG_FONT_FAMILY}\""));
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(size) => {
                let mut short = format!("{:.2}", size);
                while short.contains('.') && (short.ends_with('0') || short.ends_with('.')) {
                    short.pop();
                }
                out.push_str(&short);
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let png_err = |e: png::EncodingError| ChartError::Png(e.to_string());
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // One filter for every row: Paeth gives files as small as the adaptive choice per
        // row (87.1 against 86.7 MB for a national run's 622 charts) in about two thirds of
        // the time (measured, BENCHMARKS.md).
        enc.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        enc.set_filter(png::FilterType::Paeth);
        // 96 dpi × PNG_SCALE, in pixels per metre: shown at the logical size.
        let ppm = (96.0 * PNG_SCALE as f64 / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        let mut writer = enc.write_header().map_err(png_err)?;
        writer.write_image_data(rgb).map_err(png_err)?;
        writer.finish().map_err(png_err)?;
    }
    Ok(out)
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Drawing(e.to_string())
}

// ---------------------------------------------------------------------------------------
// Drawing helpers
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum BackendKind {
    Svg,
    Bitmap,
}

/// Font size (em, in logical pixels), weight and colour of a piece of text.
#[derive(Clone, Copy)]
struct TextSpec {
    size: f64,
    bold: bool,
    color: RGBColor,
}

// Sizes are chosen for print: an 800 px wide chart scaled to a 16 cm column shows 12.5 px
// as about 7 pt.
const TITLE: TextSpec = TextSpec { size: 18.0, bold: true, color: TEXT_COLOR };
const AXIS_LABEL: TextSpec = TextSpec { size: 13.0, bold: false, color: AXIS_TEXT };
const TICK: TextSpec = TextSpec { size: 12.5, bold: false, color: AXIS_TEXT };
const CATEGORY: TextSpec = TextSpec { size: 13.0, bold: false, color: TEXT_COLOR };
const VALUE: TextSpec = TextSpec { size: 12.0, bold: false, color: TEXT_COLOR };
const LEGEND: TextSpec = TextSpec { size: 13.0, bold: false, color: TEXT_COLOR };
const SOURCE: TextSpec = TextSpec { size: 11.0, bold: false, color: MUTED };
const NOTE: TextSpec = TextSpec { size: 14.0, bold: false, color: MUTED };
const POINT_LABEL: TextSpec = TextSpec { size: 11.5, bold: false, color: TEXT_COLOR };

impl TextSpec {
    fn sized(self, size: f64) -> Self {
        Self { size, ..self }
    }
}

/// Pure text metrics at scale `s` (independent of the backend, so layouts can be computed
/// before a backend exists).
#[derive(Clone, Copy)]
struct Metrics {
    s: f64,
    fonts: &'static Fonts,
}

impl Metrics {
    fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }

    /// Em size of `t` in device pixels.
    fn em(&self, t: &TextSpec) -> f64 {
        t.size * self.s
    }

    /// ab_glyph's scale (ascent − descent in pixels) for the em size of `t`.
    fn scale(&self, t: &TextSpec) -> PxScale {
        let font = self.fonts.get(t.bold);
        let upem = font.units_per_em().unwrap_or(2048.0);
        PxScale::from((self.em(t) as f32) * font.height_unscaled() / upem)
    }

    /// Advance width of `text` in device pixels, with kerning.
    fn width_f(&self, text: &str, t: &TextSpec) -> f32 {
        let font = self.fonts.get(t.bold).as_scaled(self.scale(t));
        let mut w = 0.0f32;
        let mut prev = None;
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = prev {
                w += font.kern(p, id);
            }
            w += font.h_advance(id);
            prev = Some(id);
        }
        w
    }

    fn width(&self, text: &str, t: &TextSpec) -> i32 {
        self.width_f(text, t).ceil() as i32
    }

    fn line_h(&self, t: &TextSpec) -> i32 {
        self.px(t.size * 1.35)
    }

    /// `text` cut with "…" so that it is at most `max_w` pixels wide.
    fn fit(&self, text: &str, t: &TextSpec, max_w: i32) -> String {
        if self.width(text, t) <= max_w {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        for n in (1..chars.len()).rev() {
            let head: String = chars[..n].iter().collect();
            let candidate = format!("{}…", head.trim_end());
            if self.width(&candidate, t) <= max_w {
                return candidate;
            }
        }
        "…".to_string()
    }

    /// Greedy word wrap into at most `max_lines` lines of at most `max_w` pixels; the last
    /// line is cut with "…" when the text does not fit.
    fn wrap(&self, text: &str, t: &TextSpec, max_w: i32, max_lines: usize) -> Vec<String> {
        let max_lines = max_lines.max(1);
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut i = 0;
        while i < words.len() {
            let candidate = if current.is_empty() { words[i].to_string() } else { format!("{current} {}", words[i]) };
            if self.width(&candidate, t) <= max_w || current.is_empty() {
                current = candidate;
                i += 1;
            } else {
                lines.push(std::mem::take(&mut current));
                if lines.len() == max_lines - 1 {
                    break;
                }
            }
        }
        if i < words.len() {
            // Last allowed line: everything that is left, cut to fit.
            let rest = words[i..].join(" ");
            current = if current.is_empty() { rest } else { format!("{current} {rest}") };
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines.into_iter().map(|l| self.fit(&l, t, max_w)).collect()
    }
}

/// A drawing area with the scale and backend quirks needed to place text by its baseline.
struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    m: Metrics,
    kind: BackendKind,
    w: i32,
    h: i32,
    /// Point labels placed by the drawing at the logical size (SVG), as (point, spot):
    /// recorded there and replayed for the PNG, so that both name the same points in the
    /// same places whatever the rounding at either scale.
    labels: std::cell::RefCell<LabelPlan>,
}

enum LabelPlan {
    Record(Vec<(usize, usize)>),
    Replay(Vec<(usize, usize)>),
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    fn new(area: &'a DrawingArea<DB, Shift>, m: Metrics, kind: BackendKind) -> Self {
        let (w, h) = area.dim_in_pixel();
        Self { area, m, kind, w: w as i32, h: h as i32, labels: std::cell::RefCell::new(LabelPlan::Record(Vec::new())) }
    }

    fn px(&self, v: f64) -> i32 {
        self.m.px(v)
    }

    fn fill_white(&self) -> Result<(), ChartError> {
        self.area.fill(&WHITE).map_err(draw_err)
    }

    /// Draws `text` with its baseline at `baseline`, anchored horizontally at `x`.
    fn text(&self, text: &str, x: i32, baseline: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
        if text.is_empty() {
            return Ok(());
        }
        match self.kind {
            BackendKind::Svg => {
                // plotters writes `font-size = size / 1.24` and, for a top anchor,
                // `dy="0.76em"`: the baseline lies 0.76 em below the anchor.
                let em = self.m.em(t);
                let style = if t.bold { FontStyle::Bold } else { FontStyle::Normal };
                let font = FontDesc::new(FontFamily::Name(FONT_FAMILY), em * 1.24, style);
                let top = baseline - (0.76 * em).round() as i32;
                let style = font.color(&t.color).pos(Pos::new(h, VPos::Top));
                self.area.draw(&Text::new(text.to_string(), (x, top), style)).map_err(draw_err)
            }
            BackendKind::Bitmap => self.raster_text(text, x, baseline, h, t),
        }
    }

    /// Rasterises `text` with ab_glyph, blending each pixel's coverage onto the canvas.
    fn raster_text(&self, text: &str, x: i32, baseline: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
        let scale = self.m.scale(t);
        let font = self.m.fonts.get(t.bold).as_scaled(scale);
        let width = self.m.width_f(text, t);
        let mut caret = match h {
            HPos::Left => x as f32,
            HPos::Center => x as f32 - width / 2.0,
            HPos::Right => x as f32 - width,
        };
        let mut coverage: Vec<(i32, i32, f32)> = Vec::new();
        let mut prev = None;
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = prev {
                caret += font.kern(p, id);
            }
            let glyph = id.with_scale_and_position(scale, ab_glyph::point(caret, baseline as f32));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                let (bx, by) = (b.min.x as i32, b.min.y as i32);
                outline.draw(|gx, gy, c| {
                    if c > 0.0 {
                        coverage.push((bx + gx as i32, by + gy as i32, c.min(1.0)));
                    }
                });
            }
            caret += font.h_advance(id);
            prev = Some(id);
        }
        for (px, py, c) in coverage {
            if px < 0 || py < 0 || px >= self.w || py >= self.h {
                continue;
            }
            self.area.draw_pixel((px, py), &t.color.mix(c as f64)).map_err(draw_err)?;
        }
        Ok(())
    }

    /// Draws a line of text whose line box starts at `top`.
    fn text_top(&self, text: &str, x: i32, top: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
        // DejaVu Sans: ascent 0.93 em; the line box adds a little room above it.
        let baseline = top + (self.m.em(t) * 1.0).round() as i32;
        self.text(text, x, baseline, h, t)
    }

    /// Draws text vertically centred (on its capital letters, 0.73 em high) at `mid`.
    fn text_mid(&self, text: &str, x: i32, mid: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
        let baseline = mid + (self.m.em(t) * 0.365).round() as i32;
        self.text(text, x, baseline, h, t)
    }

    fn rect(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) -> Result<(), ChartError> {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled())).map_err(draw_err)
    }

    fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: ((width * self.m.s).round() as u32).max(1) }
    }

    fn line(&self, from: (i32, i32), to: (i32, i32), color: RGBColor, width: f64) -> Result<(), ChartError> {
        self.area.draw(&PathElement::new(vec![from, to], self.stroke(color, width))).map_err(draw_err)
    }

    fn dashed(&self, from: (i32, i32), to: (i32, i32), color: RGBColor, width: f64) -> Result<(), ChartError> {
        let style = self.stroke(color, width);
        self.area.draw(&DashedPathElement::new(vec![from, to], self.px(6.0), self.px(4.0), style)).map_err(draw_err)
    }

    fn dot(&self, at: (i32, i32), radius: f64, color: RGBColor) -> Result<(), ChartError> {
        let r = self.px(radius);
        self.area.draw(&Circle::new(at, r, color.filled())).map_err(draw_err)?;
        self.area.draw(&Circle::new(at, r, self.stroke(WHITE, 1.0))).map_err(draw_err)
    }

    /// Draws the (wrapped, at most two lines) title at the top left; returns the y below it.
    fn title(&self, title: &str, top: i32) -> Result<i32, ChartError> {
        let pad = self.px(PAD);
        let mut y = top;
        for line in title_lines(&self.m, title, self.w) {
            self.text_top(&line, pad, y, HPos::Left, &TITLE)?;
            y += self.m.line_h(&TITLE);
        }
        Ok(y)
    }

    /// Draws the source line at the bottom left; returns its top y.
    fn source(&self, source: &str) -> Result<i32, ChartError> {
        let pad = self.px(PAD);
        let top = self.h - self.px(BOTTOM_PAD) - self.m.line_h(&SOURCE);
        let line = self.m.fit(&one_line(source), &SOURCE, self.w - 2 * pad);
        self.text_top(&line, pad, top, HPos::Left, &SOURCE)?;
        Ok(top)
    }

    fn no_data(&self, lang: &str, cx: i32, cy: i32) -> Result<(), ChartError> {
        let note = localized(lang, "Ei tietoja", "Inga uppgifter", "No data");
        self.text_mid(note, cx, cy, HPos::Center, &NOTE)
    }
}

const PAD: f64 = 16.0;
const BOTTOM_PAD: f64 = 12.0;

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace and cuts labels longer than [`MAX_LABEL_CHARS`] with "…".
fn short_label(text: &str) -> String {
    let text = one_line(text);
    if text.chars().count() <= MAX_LABEL_CHARS {
        return text;
    }
    let head: String = text.chars().take(MAX_LABEL_CHARS - 1).collect();
    format!("{}…", head.trim_end())
}

fn title_lines(m: &Metrics, title: &str, width: i32) -> Vec<String> {
    m.wrap(&one_line(title), &TITLE, width - 2 * m.px(PAD), 2)
}

/// `v` if it is a finite number.
fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

// ---------------------------------------------------------------------------------------
// Axes
// ---------------------------------------------------------------------------------------

/// A linear axis with "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ).
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    /// Decimals needed to write the ticks exactly.
    decimals: usize,
}

/// Decimals needed to write `x` exactly (at most 12).
fn decimals_of(x: f64) -> usize {
    for d in 0..=12usize {
        let scaled = x * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() <= 1e-9 * scaled.abs().max(1.0) {
            return d;
        }
    }
    12
}

fn round_to(x: f64, decimals: usize) -> f64 {
    let p = 10f64.powi(decimals as i32);
    let r = (x * p).round() / p;
    if r == 0.0 {
        0.0 // no "-0"
    } else {
        r
    }
}

/// Ticks covering `lo..=hi` with about `target` intervals and steps of at most
/// `max_decimals` decimals.
fn nice_axis(lo: f64, hi: f64, target: usize, max_decimals: usize) -> Axis {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    if hi < lo {
        std::mem::swap(&mut lo, &mut hi);
    }
    if hi - lo <= 1e-12 * hi.abs().max(lo.abs()).max(1e-300) {
        if lo == 0.0 && hi == 0.0 {
            hi = 1.0;
        } else {
            let pad = (hi.abs() * 0.1).max(1e-9);
            lo -= pad;
            hi += pad;
        }
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let min_step = 10f64.powi(-(max_decimals.min(12) as i32));
    let mut step = 10.0 * mag;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let candidate = m * mag;
        if candidate < raw * (1.0 - 1e-9) || decimals_of(candidate) > max_decimals {
            continue;
        }
        step = candidate;
        break;
    }
    let step = step.max(min_step);
    let decimals = decimals_of(step);
    let i0 = (lo / step + 1e-9).floor() as i64;
    let mut i1 = (hi / step - 1e-9).ceil() as i64;
    if i1 <= i0 {
        i1 = i0 + 1;
    }
    let ticks: Vec<f64> = (i0..=i1).map(|i| round_to(i as f64 * step, decimals)).collect();
    Axis { lo: ticks[0], hi: ticks[ticks.len() - 1], ticks, decimals }
}

impl Axis {
    /// Maps `v` onto the pixel range `p0` (at `lo`) .. `p1` (at `hi`).
    fn map(&self, v: f64, p0: i32, p1: i32) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (p0 as f64 + t * (p1 - p0) as f64).round() as i32
    }
}

// ---------------------------------------------------------------------------------------
// Legend
// ---------------------------------------------------------------------------------------

const SWATCH: f64 = 12.0;

/// Legend items laid out in rows of at most `max_w` pixels: `(row, x offset, label)`.
fn legend_layout(m: &Metrics, labels: &[String], max_w: i32) -> (Vec<(usize, i32, String)>, usize) {
    let swatch_gap = m.px(SWATCH + 6.0);
    let item_gap = m.px(18.0);
    let mut out = Vec::new();
    let (mut row, mut x) = (0usize, 0i32);
    for label in labels {
        let label = m.fit(&short_label(label), &LEGEND, max_w - swatch_gap);
        let item_w = swatch_gap + m.width(&label, &LEGEND);
        if x > 0 && x + item_w > max_w {
            row += 1;
            x = 0;
        }
        out.push((row, x, label));
        x += item_w + item_gap;
    }
    let rows = if labels.is_empty() { 0 } else { row + 1 };
    (out, rows)
}

fn legend_row_h(m: &Metrics) -> i32 {
    m.px(20.0)
}

// ---------------------------------------------------------------------------------------
// Vertical grouped bars
// ---------------------------------------------------------------------------------------

const BAR_BASE_HEIGHT: u32 = 500;

impl BarChart {
    fn series_labels(&self) -> Vec<String> {
        self.series.iter().map(|s| s.label.clone()).collect()
    }

    /// Vertical space above the plot that grows with the title and legend.
    fn header_h(&self, m: &Metrics, width: i32) -> i32 {
        let mut h = m.px(PAD) + title_lines(m, &self.title, width).len() as i32 * m.line_h(&TITLE);
        h += m.px(8.0);
        if self.series.len() > 1 {
            let (_, rows) = legend_layout(m, &self.series_labels(), width - 2 * m.px(PAD));
            h += rows as i32 * legend_row_h(m) + m.px(4.0);
        }
        if !self.y_label.trim().is_empty() {
            h += m.line_h(&AXIS_LABEL);
        }
        h
    }
}

impl Chart for BarChart {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        let m = *m;
        // Two lines of title and one legend row are included in the base height.
        let base_header = m.px(PAD) + 2 * m.line_h(&TITLE) + m.px(8.0) + legend_row_h(&m) + m.px(4.0) + m.line_h(&AXIS_LABEL);
        let extra = (self.header_h(&m, WIDTH as i32) - base_header).max(0);
        (WIDTH, BAR_BASE_HEIGHT + extra as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        let lang = self.lang.as_str();
        c.fill_white()?;
        let pad = c.px(PAD);

        // Header: title, legend, y axis label.
        let mut y = c.title(&self.title, pad)? + c.px(8.0);
        if self.series.len() > 1 {
            let (items, rows) = legend_layout(m, &self.series_labels(), c.w - 2 * pad);
            for (i, (row, x, label)) in items.iter().enumerate() {
                let top = y + *row as i32 * legend_row_h(m);
                let sw = c.px(SWATCH);
                let mid = top + legend_row_h(m) / 2;
                c.rect(pad + x, mid - sw / 2, pad + x + sw, mid + sw / 2, PALETTE[i % PALETTE.len()])?;
                c.text_mid(label, pad + x + c.px(SWATCH + 6.0), mid, HPos::Left, &LEGEND)?;
            }
            y += rows as i32 * legend_row_h(m) + c.px(4.0);
        }
        if !self.y_label.trim().is_empty() {
            let line = m.fit(&one_line(&self.y_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, pad, y, HPos::Left, &AXIS_LABEL)?;
            y += m.line_h(&AXIS_LABEL);
        }
        let source_top = c.source(&self.source)?;

        // Data.
        let n_cat = self.categories.len();
        let values: Vec<Vec<Option<f64>>> =
            self.series.iter().map(|s| (0..n_cat).map(|i| clean(s.values.get(i).copied().flatten())).collect()).collect();
        let all: Vec<f64> = values.iter().flatten().flatten().copied().collect();
        let any_value = !all.is_empty();
        let dmin = all.iter().copied().fold(0.0, f64::min);
        let dmax = all.iter().copied().fold(0.0, f64::max);
        let axis = if dmax - dmin > 0.0 { nice_axis(dmin, dmax, 5, self.decimals) } else { nice_axis(0.0, 1.0, 5, self.decimals) };
        let has_negative = dmin < 0.0;

        // Horizontal layout.
        let tick_labels: Vec<String> = axis.ticks.iter().map(|t| format_number(*t, axis.decimals, lang)).collect();
        let tick_w = tick_labels.iter().map(|l| m.width(l, &TICK)).max().unwrap_or(0);
        let left = pad + tick_w + c.px(8.0);
        let right = c.w - pad;
        let slot = (right - left) as f64 / n_cat.max(1) as f64;

        // Vertical layout.
        let value_room = m.line_h(&VALUE) + c.px(2.0);
        let cat_lines: Vec<Vec<String>> =
            self.categories.iter().map(|cat| m.wrap(&short_label(cat), &CATEGORY, (slot - c.px(6.0) as f64) as i32, 2)).collect();
        let max_cat_lines = cat_lines.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
        let cat_top_gap = c.px(6.0) + if has_negative { value_room } else { 0 };
        let plot_top = y + value_room;
        let min_plot = c.px(60.0);
        let plot_bottom = (source_top - c.px(12.0) - max_cat_lines * m.line_h(&CATEGORY) - cat_top_gap).max(plot_top + min_plot);
        let ymap = |v: f64| axis.map(v, plot_bottom, plot_top);

        // Grid and y ticks.
        for (t, label) in axis.ticks.iter().zip(&tick_labels) {
            let py = ymap(*t);
            c.line((left, py), (right, py), GRID, 1.0)?;
            c.text_mid(label, left - c.px(8.0), py, HPos::Right, &TICK)?;
        }

        // Bars and value labels.
        let k = self.series.len().max(1);
        let group_w = slot * if k == 1 { 0.55 } else { 0.8 };
        let bar_w = group_w / k as f64;
        let gap = if k > 1 { c.px(2.0).min((bar_w / 4.0) as i32) } else { 0 };
        let zero_y = ymap(0.0);
        let label_room = if k == 1 { slot - c.px(4.0) as f64 } else { bar_w + c.px(4.0) as f64 };
        for (si, series_values) in values.iter().enumerate() {
            let color = PALETTE[si % PALETTE.len()];
            for (ci, v) in series_values.iter().enumerate() {
                let Some(v) = *v else { continue };
                let x0 = left as f64 + slot * ci as f64 + (slot - group_w) / 2.0 + bar_w * si as f64;
                let bx0 = x0.round() as i32 + gap / 2;
                let bx1 = (x0 + bar_w).round() as i32 - (gap - gap / 2);
                let vy = ymap(v);
                if vy != zero_y && bx1 > bx0 {
                    c.rect(bx0, vy, bx1, zero_y, color)?;
                }
                let label = format_number(v, self.decimals, lang);
                let cx = (bx0 + bx1) / 2;
                let Some(spec) =
                    [11.0, 9.5, 8.0].into_iter().map(|size| VALUE.sized(size)).find(|spec| m.width(&label, spec) as f64 <= label_room)
                else {
                    continue; // too narrow for any readable label
                };
                if v < 0.0 {
                    c.text_top(&label, cx, vy + c.px(2.0), HPos::Center, &spec)?;
                } else {
                    c.text(&label, cx, vy - c.px(4.0), HPos::Center, &spec)?;
                }
            }
        }
        c.line((left, zero_y), (right, zero_y), BASELINE, 1.0)?;

        // Category labels.
        for (ci, lines) in cat_lines.iter().enumerate() {
            let cx = (left as f64 + slot * (ci as f64 + 0.5)).round() as i32;
            let mut top = plot_bottom + cat_top_gap;
            for line in lines {
                c.text_top(line, cx, top, HPos::Center, &CATEGORY)?;
                top += m.line_h(&CATEGORY);
            }
        }

        if !any_value {
            c.no_data(lang, (left + right) / 2, (plot_top + plot_bottom) / 2)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Horizontal bars
// ---------------------------------------------------------------------------------------

const HBAR_ROW: f64 = 30.0;

impl HBarChart {
    fn values_clean(&self) -> Vec<Option<f64>> {
        (0..self.categories.len()).map(|i| clean(self.values.get(i).copied().flatten())).collect()
    }

    /// Decimals of value labels (for percentages: of the percentage).
    fn value_decimals(&self) -> usize {
        if self.percent {
            1
        } else if self.values_clean().iter().flatten().all(|v| v.fract() == 0.0) {
            0
        } else {
            1
        }
    }

    fn value_label(&self, v: f64) -> String {
        if self.percent {
            format_percent(v, self.value_decimals(), &self.lang)
        } else {
            format_number(v, self.value_decimals(), &self.lang)
        }
    }

    fn header_h(&self, m: &Metrics, width: i32) -> i32 {
        m.px(PAD) + title_lines(m, &self.title, width).len() as i32 * m.line_h(&TITLE) + m.px(12.0)
    }

    fn footer_h(&self, m: &Metrics) -> i32 {
        let mut h = m.px(6.0) + m.line_h(&TICK);
        if !self.x_label.trim().is_empty() {
            h += m.px(2.0) + m.line_h(&AXIS_LABEL);
        }
        h + m.px(10.0) + m.line_h(&SOURCE) + m.px(BOTTOM_PAD)
    }
}

impl Chart for HBarChart {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        let m = *m;
        let rows = self.categories.len().max(1) as i32;
        let h = self.header_h(&m, WIDTH as i32) + rows * m.px(HBAR_ROW) + self.footer_h(&m);
        (WIDTH, h.max(240) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        let lang = self.lang.as_str();
        c.fill_white()?;
        let pad = c.px(PAD);
        c.title(&self.title, pad)?;
        let source_top = c.source(&self.source)?;

        let values = self.values_clean();
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let dmin = present.iter().copied().fold(0.0, f64::min);
        let dmax = present.iter().copied().fold(0.0, f64::max);
        let value_labels: Vec<Option<String>> = values.iter().map(|v| v.map(|v| self.value_label(v))).collect();

        // Horizontal layout: category labels | bars | room for value labels.
        let cat_labels: Vec<String> = self.categories.iter().map(|c| short_label(c)).collect();
        let max_cat_w = (c.w as f64 * 0.4) as i32;
        let cat_w = cat_labels.iter().map(|l| m.width(l, &CATEGORY)).max().unwrap_or(0).min(max_cat_w);
        let left = pad + cat_w + c.px(10.0);
        let value_w = value_labels.iter().flatten().map(|l| m.width(l, &VALUE)).max().unwrap_or(0);
        let right = c.w - pad - value_w - c.px(8.0);
        let right = right.max(left + c.px(60.0));

        let target = (((right - left) as f64 / c.px(90.0) as f64).round() as usize).clamp(2, 8);
        let max_decimals = if self.percent {
            3
        } else if self.value_decimals() == 0 {
            0
        } else {
            2
        };
        let axis = if dmax - dmin > 0.0 { nice_axis(dmin, dmax, target, max_decimals) } else { nice_axis(0.0, 1.0, target, max_decimals) };
        let tick_label = |t: f64| {
            if self.percent {
                format_percent(t, axis.decimals.saturating_sub(2), lang)
            } else {
                format_number(t, axis.decimals, lang)
            }
        };
        // The last tick label is centred on the right edge: keep it inside the canvas.
        let half_last = axis.ticks.last().map_or(0, |t| m.width(&tick_label(*t), &TICK) / 2);
        let right = right.min(c.w - pad - half_last).max(left + c.px(60.0));
        let xmap = |v: f64| axis.map(v, left, right);

        // Vertical layout.
        let plot_top = self.header_h(m, c.w);
        let row_h = c.px(HBAR_ROW);
        let n = self.categories.len().max(1) as i32;
        let plot_bottom = plot_top + n * row_h;

        // Grid and x ticks.
        let tick_top = plot_bottom + c.px(6.0);
        for t in &axis.ticks {
            let px = xmap(*t);
            c.line((px, plot_top), (px, plot_bottom), GRID, 1.0)?;
            c.text_top(&tick_label(*t), px, tick_top, HPos::Center, &TICK)?;
        }
        if !self.x_label.trim().is_empty() {
            let top = tick_top + m.line_h(&TICK) + c.px(2.0);
            let line = m.fit(&one_line(&self.x_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, (left + right) / 2, top.min(source_top - m.line_h(&AXIS_LABEL)), HPos::Center, &AXIS_LABEL)?;
        }

        // Bars, value labels and category labels.
        let zero_x = xmap(0.0);
        let bar_h = (row_h as f64 * 0.62).round() as i32;
        for (i, label) in cat_labels.iter().enumerate() {
            let mid = plot_top + row_h * i as i32 + row_h / 2;
            let line = m.fit(label, &CATEGORY, cat_w);
            c.text_mid(&line, left - c.px(10.0), mid, HPos::Right, &CATEGORY)?;
            let Some(v) = values[i] else { continue };
            let vx = xmap(v);
            if vx != zero_x {
                c.rect(zero_x, mid - bar_h / 2, vx, mid + bar_h - bar_h / 2, PALETTE[0])?;
            }
            if let Some(text) = &value_labels[i] {
                let x = if v < 0.0 { zero_x } else { vx };
                c.text_mid(text, x + c.px(5.0), mid, HPos::Left, &VALUE)?;
            }
        }
        c.line((zero_x, plot_top), (zero_x, plot_bottom), BASELINE, 1.0)?;

        if present.is_empty() {
            c.no_data(lang, (left + right) / 2, (plot_top + plot_bottom) / 2)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Scatter
// ---------------------------------------------------------------------------------------

const SCATTER_BASE_HEIGHT: u32 = 560;

/// A pixel rectangle `(x0, y0, x1, y1)`.
type Bbox = (i32, i32, i32, i32);

fn overlap(a: &Bbox, b: &Bbox) -> i64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0) as i64;
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0) as i64;
    w * h
}

fn text_bbox(x: i32, y_mid: i32, w: i32, h: i32, hpos: HPos) -> Bbox {
    let x0 = match hpos {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    (x0, y_mid - h / 2, x0 + w, y_mid + h - h / 2)
}

impl Scatter {
    fn points_clean(&self) -> Vec<(&str, f64, f64)> {
        self.points.iter().filter(|(_, x, y)| x.is_finite() && y.is_finite()).map(|(l, x, y)| (l.as_str(), *x, *y)).collect()
    }
}

/// Data range of one scatter axis with a little room around the points.
fn scatter_axis(values: &[f64], median: Option<f64>, target: usize) -> Axis {
    let all: Vec<f64> = values.iter().copied().chain(median.filter(|m| m.is_finite())).collect();
    if all.is_empty() {
        return nice_axis(0.0, 1.0, target, 3);
    }
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = hi - lo;
    let margin = if span > 0.0 { span * 0.06 } else { (hi.abs() * 0.1).max(1.0) };
    let (mut lo, hi) = (lo - margin, hi + margin);
    if lo < 0.0 && all.iter().all(|v| *v >= 0.0) {
        lo = 0.0; // do not invent negative room for non-negative data
    }
    nice_axis(lo, hi, target, 3)
}

impl Chart for Scatter {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        let m = *m;
        let extra = (title_lines(&m, &self.title, WIDTH as i32).len() as i32 - 1).max(0) * m.line_h(&TITLE);
        (WIDTH, SCATTER_BASE_HEIGHT + extra as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        let lang = self.lang.as_str();
        c.fill_white()?;
        let pad = c.px(PAD);
        let mut y = c.title(&self.title, pad)? + c.px(8.0);
        if !self.y_label.trim().is_empty() {
            let line = m.fit(&one_line(&self.y_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, pad, y, HPos::Left, &AXIS_LABEL)?;
            y += m.line_h(&AXIS_LABEL);
        }
        let source_top = c.source(&self.source)?;

        let points = self.points_clean();
        let xs: Vec<f64> = points.iter().map(|p| p.1).collect();
        let ys: Vec<f64> = points.iter().map(|p| p.2).collect();
        let x_median = clean(self.x_median);
        let y_median = clean(self.y_median);
        let x_axis = scatter_axis(&xs, x_median, 6);
        let y_axis = scatter_axis(&ys, y_median, 5);

        let y_ticks: Vec<String> = y_axis.ticks.iter().map(|t| format_number(*t, y_axis.decimals, lang)).collect();
        let tick_w = y_ticks.iter().map(|l| m.width(l, &TICK)).max().unwrap_or(0);
        let left = pad + tick_w + c.px(10.0);
        // The last x tick label is centred on the right edge: keep it inside the canvas.
        let last_x_tick = x_axis.ticks.last().map(|t| format_number(*t, x_axis.decimals, lang));
        let half_last = last_x_tick.map_or(0, |l| m.width(&l, &TICK) / 2);
        let right = c.w - pad.max(half_last + c.px(4.0)) - c.px(8.0);
        let plot_top = y + c.px(10.0);
        let mut footer = m.px(6.0) + m.line_h(&TICK) + c.px(10.0);
        if !self.x_label.trim().is_empty() {
            footer += m.line_h(&AXIS_LABEL) + c.px(2.0);
        }
        let plot_bottom = (source_top - footer).max(plot_top + c.px(60.0));
        let xmap = |v: f64| x_axis.map(v, left, right);
        let ymap = |v: f64| y_axis.map(v, plot_bottom, plot_top);

        // Grid, axes and ticks.
        for (t, label) in y_axis.ticks.iter().zip(&y_ticks) {
            let py = ymap(*t);
            c.line((left, py), (right, py), GRID, 1.0)?;
            c.text_mid(label, left - c.px(8.0), py, HPos::Right, &TICK)?;
        }
        c.line((left, plot_bottom), (right, plot_bottom), BASELINE, 1.0)?;
        for t in &x_axis.ticks {
            let px = xmap(*t);
            c.line((px, plot_bottom), (px, plot_bottom + c.px(4.0)), BASELINE, 1.0)?;
            let label = format_number(*t, x_axis.decimals, lang);
            c.text_top(&label, px, plot_bottom + c.px(6.0), HPos::Center, &TICK)?;
        }
        if !self.x_label.trim().is_empty() {
            let top = plot_bottom + c.px(6.0) + m.line_h(&TICK) + c.px(2.0);
            let line = m.fit(&one_line(&self.x_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, (left + right) / 2, top, HPos::Center, &AXIS_LABEL)?;
        }

        // Median lines with their labels; the labels are obstacles for point labels.
        let median_word = localized(lang, "mediaani", "median", "median");
        let median_spec = TICK.sized(10.5);
        let mut obstacles: Vec<Bbox> = Vec::new();
        let lh = m.line_h(&median_spec);
        if let Some(xm) = x_median {
            let px = xmap(xm);
            c.dashed((px, plot_top), (px, plot_bottom), BASELINE, 1.0)?;
            obstacles.push((px - c.px(1.0), plot_top, px + c.px(1.0), plot_bottom));
            let text = format!("{median_word} {}", format_number(xm, x_axis.decimals + 1, lang));
            let w = m.width(&text, &median_spec);
            let (x, hpos) = if px + c.px(4.0) + w <= right { (px + c.px(4.0), HPos::Left) } else { (px - c.px(4.0), HPos::Right) };
            let mid = plot_top + lh / 2;
            c.text_mid(&text, x, mid, hpos, &median_spec)?;
            obstacles.push(text_bbox(x, mid, w, lh, hpos));
        }
        if let Some(ym) = y_median {
            let py = ymap(ym);
            c.dashed((left, py), (right, py), BASELINE, 1.0)?;
            obstacles.push((left, py - c.px(1.0), right, py + c.px(1.0)));
            let text = format!("{median_word} {}", format_number(ym, y_axis.decimals + 1, lang));
            let w = m.width(&text, &median_spec);
            let mid = if py - lh / 2 - c.px(2.0) - lh / 2 >= plot_top { py - lh / 2 - c.px(2.0) } else { py + lh / 2 + c.px(2.0) };
            c.text_mid(&text, right, mid, HPos::Right, &median_spec)?;
            obstacles.push(text_bbox(right, mid, w, lh, HPos::Right));
        }

        // Points, then their labels placed greedily where they overlap least.
        let r = c.px(4.5);
        let centres: Vec<(i32, i32)> = points.iter().map(|(_, x, y)| (xmap(*x), ymap(*y))).collect();
        for &(px, py) in &centres {
            obstacles.push((px - r - 1, py - r - 1, px + r + 1, py + r + 1));
        }
        for &at in &centres {
            c.dot(at, 4.5, PALETTE[0])?;
        }
        let d = c.px(7.0);
        let dd = c.px(5.0);
        let bounds: Bbox = (left, plot_top, right, plot_bottom);
        let lh = m.line_h(&POINT_LABEL);
        // Many points (a national chart has 308): the points farthest from the middle of the
        // plot are named first, and a name that would cover another name, a point or a line
        // is left out, so that the names shown can be read. Few points: every point is named.
        let crowded = points.len() > MAX_NAMED_POINTS;
        // The spots tried around a point, in order of preference.
        let spots = |px: i32, py: i32| {
            [
                (px + d, py, HPos::Left),
                (px - d, py, HPos::Right),
                (px, py - d - lh / 2, HPos::Center),
                (px, py + d + lh / 2, HPos::Center),
                (px + dd, py - dd - lh / 2, HPos::Left),
                (px + dd, py + dd + lh / 2, HPos::Left),
                (px - dd, py - dd - lh / 2, HPos::Right),
                (px - dd, py + dd + lh / 2, HPos::Right),
            ]
        };
        let replay = match &*c.labels.borrow() {
            LabelPlan::Replay(plan) => Some(plan.clone()),
            LabelPlan::Record(_) => None,
        };
        if let Some(plan) = replay {
            // The PNG: the same names in the same spots as the SVG.
            for (i, spot) in plan {
                let (Some((label, _, _)), Some(&(px, py))) = (points.get(i), centres.get(i)) else { continue };
                let Some(&(x, mid, hpos)) = spots(px, py).get(spot) else { continue };
                c.text_mid(&short_label(label), x, mid, hpos, &POINT_LABEL)?;
            }
        } else {
            let mut order: Vec<usize> = (0..points.len()).collect();
            if crowded {
                let (cx, cy) = (i64::from(left + right) / 2, i64::from(plot_top + plot_bottom) / 2);
                let far = |i: usize| {
                    let (px, py) = centres[i];
                    (i64::from(px) - cx).pow(2) + (i64::from(py) - cy).pow(2)
                };
                order.sort_by_key(|&i| std::cmp::Reverse(far(i)));
            }
            let mut placed = Vec::new();
            for i in order {
                let ((label, _, _), &(px, py)) = (&points[i], &centres[i]);
                let text = short_label(label);
                if text.is_empty() {
                    continue;
                }
                let w = m.width(&text, &POINT_LABEL);
                let candidates = spots(px, py);
                let mut best: Option<(i64, usize, Bbox)> = None;
                for (k, &(x, mid, hpos)) in candidates.iter().enumerate() {
                    let bb = text_bbox(x, mid, w, lh, hpos);
                    let inside = bb.0 >= bounds.0 && bb.1 >= bounds.1 && bb.2 <= bounds.2 && bb.3 <= bounds.3;
                    let area = (w as i64) * (lh as i64);
                    let penalty: i64 = obstacles.iter().map(|o| overlap(&bb, o)).sum::<i64>() + if inside { 0 } else { area * 4 };
                    if best.is_none_or(|(p, _, _)| penalty < p) {
                        best = Some((penalty, k, bb));
                    }
                    if penalty == 0 {
                        break;
                    }
                }
                if let Some((penalty, k, bb)) = best {
                    if crowded && penalty > 0 {
                        continue;
                    }
                    let (x, mid, hpos) = candidates[k];
                    c.text_mid(&text, x, mid, hpos, &POINT_LABEL)?;
                    obstacles.push(bb);
                    placed.push((i, k));
                }
            }
            *c.labels.borrow_mut() = LabelPlan::Record(placed);
        }

        if points.is_empty() {
            c.no_data(lang, (left + right) / 2, (plot_top + plot_bottom) / 2)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const NB: char = '\u{A0}';

    fn fi(s: &str) -> String {
        s.replace(' ', &NB.to_string())
    }

    #[test]
    fn format_number_cases() {
        assert_eq!(format_number(1234.5, 1, "fi"), fi("1 234,5"));
        assert_eq!(format_number(1234.5, 1, "sv"), fi("1 234,5"));
        assert_eq!(format_number(1234.5, 1, "en"), "1,234.5");
        assert_eq!(format_number(1234567.0, 0, "fi"), fi("1 234 567"));
        assert_eq!(format_number(1234567.0, 0, "en"), "1,234,567");
        assert_eq!(format_number(999.0, 0, "fi"), "999");
        assert_eq!(format_number(100.0, 0, "fi"), "100");
        assert_eq!(format_number(2.5, 1, "fi"), "2,5");
        assert_eq!(format_number(2.5, 0, "fi"), "3");
        assert_eq!(format_number(-2.5, 0, "fi"), "-3");
        assert_eq!(format_number(0.145, 2, "fi"), "0,15");
        assert_eq!(format_number(1.005, 2, "en"), "1.01");
        assert_eq!(format_number(0.0, 2, "fi"), "0,00");
        assert_eq!(format_number(-0.004, 2, "fi"), "0,00");
        assert_eq!(format_number(-1234.56, 1, "fi"), fi("-1 234,6"));
        assert_eq!(format_number(0.05, 1, "en"), "0.1");
        assert_eq!(format_number(999.96, 1, "fi"), fi("1 000,0"));
        assert_eq!(format_number(1e-7, 3, "fi"), "0,000");
        assert_eq!(format_number(f64::NAN, 1, "fi"), "–");
        assert_eq!(format_number(f64::INFINITY, 1, "en"), "–");
        assert_eq!(format_number(12.0, 1, "fi-FI"), "12,0");
        assert_eq!(format_number(1e22, 0, "en"), "10,000,000,000,000,000,000,000");
    }

    #[test]
    fn format_percent_cases() {
        assert_eq!(format_percent(0.125, 1, "fi"), fi("12,5 %"));
        assert_eq!(format_percent(0.125, 1, "sv"), fi("12,5 %"));
        assert_eq!(format_percent(0.125, 1, "en"), "12.5%");
        assert_eq!(format_percent(0.5, 0, "fi"), fi("50 %"));
        assert_eq!(format_percent(1.0, 0, "en"), "100%");
        assert_eq!(format_percent(f64::NAN, 1, "fi"), "–");
    }

    #[test]
    fn nice_axis_steps() {
        let a = nice_axis(0.0, 12.0, 5, 1);
        assert_eq!(a.ticks, vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5]);
        assert_eq!(a.decimals, 1);
        // With no decimals allowed the step stays whole.
        let a = nice_axis(0.0, 12.0, 5, 0);
        assert!(a.ticks.iter().all(|t| t.fract() == 0.0), "{:?}", a.ticks);
        assert_eq!(a.decimals, 0);
        let a = nice_axis(0.0, 3.0, 5, 0);
        assert_eq!(a.ticks, vec![0.0, 1.0, 2.0, 3.0]);
        let a = nice_axis(-3.0, 7.0, 5, 0);
        assert_eq!(a.ticks, vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        let a = nice_axis(0.0, 0.0, 5, 0);
        assert_eq!((a.lo, a.hi), (0.0, 1.0));
        let a = nice_axis(0.0, 0.37, 5, 3);
        assert_eq!(a.ticks, vec![0.0, 0.1, 0.2, 0.3, 0.4]);
    }

    fn sample_bar(lang: &str) -> BarChart {
        BarChart {
            title: "Digituen asiakkaat alueittain".into(),
            y_label: "Asiakkaita / 1 000 asukasta".into(),
            categories: vec!["2022".into(), "2023".into(), "2024".into()],
            series: vec![
                Series { label: "Keski-Suomi".into(), values: vec![Some(7.5), Some(10.0), Some(12.0)] },
                Series { label: "Jyväskylä".into(), values: vec![Some(4.25), None, Some(9.0)] },
                Series { label: "Muurame".into(), values: vec![Some(1.0), Some(2.0), Some(f64::NAN)] },
            ],
            decimals: 1,
            source: "Lähde: digituki-tilastot; THL Sotkanet".into(),
            lang: lang.into(),
        }
    }

    fn sample_hbar(lang: &str) -> HBarChart {
        HBarChart {
            title: "Tukitapahtumien aiheet".into(),
            x_label: "Osuus tapahtumista".into(),
            categories: vec![
                "Pankkiasiointi".into(),
                "Kela ja muut viranomaiset".into(),
                "Puhelimen käyttö".into(),
                "Terveyspalvelut ja OmaKanta sekä kaikki muut hyvin pitkät aiheet".into(),
                "Muu".into(),
            ],
            values: vec![Some(0.325), Some(0.2), Some(0.125), Some(0.1), None],
            percent: true,
            source: "Lähde: digituki-tilastot".into(),
            lang: lang.into(),
        }
    }

    fn sample_scatter(lang: &str) -> Scatter {
        Scatter {
            title: "Tarve ja tavoittavuus".into(),
            x_label: "Tarveindeksi".into(),
            y_label: "Asiakkaita / 1 000 asukasta".into(),
            points: vec![
                ("Jyväskylä".into(), 95.0, 12.5),
                ("Muurame".into(), 88.0, 4.0),
                ("Laukaa".into(), 102.0, 6.5),
                ("Äänekoski".into(), 121.0, 9.0),
                ("Saarijärvi".into(), 128.0, 15.0),
                ("Keuruu".into(), 124.0, 14.2),
                ("Petäjävesi".into(), 110.0, 5.5),
                ("Uurainen".into(), 109.0, 5.0),
            ],
            x_median: Some(106.0),
            y_median: Some(7.75),
            source: "Lähde: digituki-tilastot; THL Sotkanet".into(),
            lang: lang.into(),
        }
    }

    const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

    fn png_size(png: &[u8]) -> (u32, u32) {
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (w, h)
    }

    /// The text contents of the SVG's `<text>` elements.
    fn svg_texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>'))
            .filter_map(|(_, rest)| rest.split_once("</text>"))
            .map(|(content, _)| content.trim().to_string())
            .collect()
    }

    fn size_of<C: Chart>(chart: &C) -> (u32, u32) {
        chart.logical_size(&Metrics { s: 1.0, fonts: ensure_fonts().unwrap() })
    }

    fn check(r: &Rendered, logical: (u32, u32)) {
        assert!(r.png.starts_with(&PNG_SIGNATURE));
        assert_eq!(png_size(&r.png), (logical.0 * PNG_SCALE, logical.1 * PNG_SCALE));
        assert!(r.svg.starts_with("<svg"));
        assert!(r.svg.contains(&format!("width=\"{}\"", logical.0)));
        assert!(!r.svg.contains(FONT_FAMILY), "SVG must name a real font family");
        assert!(!r.svg.contains("00000"), "tidy font sizes");
    }

    #[test]
    fn bar_chart_svg_has_title_and_decimal_comma_ticks() {
        let chart = sample_bar("fi");
        let r = render_bar(&chart).unwrap();
        check(&r, size_of(&chart));
        let texts = svg_texts(&r.svg);
        assert!(texts.iter().any(|t| t == "Digituen asiakkaat alueittain"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "2,5"), "tick 2,5 missing: {texts:?}");
        assert!(texts.iter().any(|t| t == "12,0"), "value label 12,0 missing: {texts:?}");
        assert!(texts.iter().any(|t| t == "Keski-Suomi"), "legend missing: {texts:?}");
        assert!(!texts.iter().any(|t| t.contains('.')), "no decimal points in Finnish charts: {texts:?}");
        assert!(r.svg.contains("font-weight=\"bold\""), "title in bold");
    }

    #[test]
    fn bar_chart_english_uses_decimal_point() {
        let texts = svg_texts(&render_bar(&sample_bar("en")).unwrap().svg);
        assert!(texts.iter().any(|t| t == "2.5"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains(',')), "{texts:?}");
    }

    #[test]
    fn integer_bar_chart_has_integer_ticks() {
        let chart = BarChart {
            series: vec![Series { label: "Asiakkaat".into(), values: vec![Some(3.0), Some(7.0), Some(12.0)] }],
            decimals: 0,
            ..sample_bar("fi")
        };
        let texts = svg_texts(&render_bar(&chart).unwrap().svg);
        let numbers: Vec<&String> = texts.iter().filter(|t| t.starts_with(|c: char| c.is_ascii_digit())).collect();
        assert!(numbers.iter().any(|t| *t == "12"), "{numbers:?}");
        assert!(numbers.iter().all(|t| !t.contains(',')), "no decimals anywhere: {numbers:?}");
    }

    #[test]
    fn rendering_is_deterministic() {
        let a = render_bar(&sample_bar("fi")).unwrap();
        let b = render_bar(&sample_bar("fi")).unwrap();
        assert_eq!(a, b);
        let a = render_hbar(&sample_hbar("sv")).unwrap();
        let b = render_hbar(&sample_hbar("sv")).unwrap();
        assert_eq!(a, b);
        let a = render_scatter(&sample_scatter("en")).unwrap();
        let b = render_scatter(&sample_scatter("en")).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn hbar_percent_labels() {
        let chart = sample_hbar("fi");
        let r = render_hbar(&chart).unwrap();
        check(&r, size_of(&chart));
        assert!(r.svg.contains(&fi("32,5 %")));
        assert!(r.svg.contains(&fi("10 %")), "percent ticks");
        assert!(r.svg.contains('…'), "long label cut");
        let r = render_hbar(&HBarChart { lang: "en".into(), ..sample_hbar("fi") }).unwrap();
        assert!(r.svg.contains("32.5%"));
    }

    #[test]
    fn scatter_renders_labels_and_medians() {
        let chart = sample_scatter("fi");
        let r = render_scatter(&chart).unwrap();
        check(&r, size_of(&chart));
        assert!(r.svg.contains("Saarijärvi"));
        assert!(r.svg.contains("mediaani 7,75") || r.svg.contains("mediaani 7,8"));
    }

    /// 308 points in a cloud: the outliers are named, the crowd is not, and no two names
    /// overlap. 5 points close together: every one is named.
    #[test]
    fn crowded_scatter_names_only_what_can_be_read() {
        let mut points: Vec<(String, f64, f64)> =
            (0..306).map(|i| (format!("Kunta{i:03}"), (i % 17) as f64 / 17.0 - 0.5, 80.0 + (i % 23) as f64)).collect();
        points.push(("Kaukana".into(), 3.0, 400.0));
        points.push(("Toisaalla".into(), -3.0, 0.0));
        let chart = Scatter { points, ..sample_scatter("fi") };
        let r = render_scatter(&chart).unwrap();
        let texts = svg_texts(&r.svg);
        let named = texts.iter().filter(|t| t.starts_with("Kunta")).count();
        assert!(texts.iter().any(|t| t == "Kaukana") && texts.iter().any(|t| t == "Toisaalla"), "{texts:?}");
        assert!(named < 100, "{named} of 306 crowded points named");
        // No two point names share a position (a name left out is better than a blot).
        let positions: Vec<&str> = r.svg.split("<text").skip(1).map(|t| t.split('>').next().unwrap_or("")).collect();
        let mut unique = positions.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), positions.len());

        let few: Vec<(String, f64, f64)> = (0..5).map(|i| (format!("Lähellä{i}"), 0.01 * i as f64, 50.0)).collect();
        let r = render_scatter(&Scatter { points: few, ..sample_scatter("fi") }).unwrap();
        assert_eq!(svg_texts(&r.svg).iter().filter(|t| t.starts_with("Lähellä")).count(), 5);
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let empty_bar = BarChart {
            title: "Tyhjä".into(),
            y_label: String::new(),
            categories: vec![],
            series: vec![],
            decimals: 0,
            source: String::new(),
            lang: "fi".into(),
        };
        let r = render_bar(&empty_bar).unwrap();
        assert!(r.svg.contains("Tyhjä") && r.svg.contains("Ei tietoja"));

        let all_none =
            BarChart { series: vec![Series { label: "A".into(), values: vec![None, Some(f64::NAN), None] }], ..sample_bar("sv") };
        assert!(render_bar(&all_none).unwrap().svg.contains("Inga uppgifter"));

        let zeros =
            BarChart { series: vec![Series { label: "A".into(), values: vec![Some(0.0), Some(0.0), Some(0.0)] }], ..sample_bar("fi") };
        preview("edge-bar-zeros", &render_bar(&zeros).unwrap());

        let single = BarChart {
            categories: vec!["2024".into()],
            series: vec![Series { label: "A".into(), values: vec![Some(5.0)] }],
            ..sample_bar("fi")
        };
        preview("edge-bar-single", &render_bar(&single).unwrap());

        let negative_and_long = BarChart {
            categories: vec!["Hyvin pitkä luokan nimi joka ei mahdu mihinkään järkevään tilaan".into(), "B".into()],
            series: (0..12)
                .map(|i| Series {
                    label: format!("Sarja numero {i} jolla on myös melko pitkä nimi"),
                    values: vec![Some(i as f64 - 5.5), Some(f64::INFINITY)],
                })
                .collect(),
            ..sample_bar("fi")
        };
        preview("edge-bar-negative-long", &render_bar(&negative_and_long).unwrap());

        let huge =
            BarChart { series: vec![Series { label: "A".into(), values: vec![Some(1e12), Some(3.0), Some(-1e-12)] }], ..sample_bar("en") };
        preview("edge-bar-huge", &render_bar(&huge).unwrap());

        let hbar_empty = HBarChart { categories: vec![], values: vec![], ..sample_hbar("fi") };
        render_hbar(&hbar_empty).unwrap();
        let hbar_none = HBarChart { values: vec![None, Some(f64::NAN)], ..sample_hbar("fi") };
        render_hbar(&hbar_none).unwrap();
        let hbar_neg = HBarChart { values: vec![Some(-3.0), Some(5.0), Some(0.0)], percent: false, ..sample_hbar("en") };
        preview("edge-hbar-negative", &render_hbar(&hbar_neg).unwrap());

        let scatter_empty = Scatter { points: vec![], x_median: None, y_median: None, ..sample_scatter("fi") };
        render_scatter(&scatter_empty).unwrap();
        let scatter_one = Scatter {
            points: vec![("Yksi".into(), 5.0, 5.0), ("NaN".into(), f64::NAN, 1.0)],
            x_median: Some(f64::NAN),
            ..sample_scatter("fi")
        };
        render_scatter(&scatter_one).unwrap();
        let scatter_negative = Scatter {
            points: vec![("A".into(), -12.5, -3.0), ("B".into(), 4.0, 2.5), ("C".into(), 0.0, 0.0)],
            x_median: Some(0.0),
            y_median: Some(-0.5),
            ..sample_scatter("en")
        };
        preview("edge-scatter-negative", &render_scatter(&scatter_negative).unwrap());
        let crowded = Scatter {
            points: (0..40)
                .map(|i| {
                    let f = i as f64;
                    (format!("Kunta {i}"), 80.0 + (f * 7.3) % 50.0, 2.0 + (f * 3.7) % 15.0)
                })
                .collect(),
            ..sample_scatter("sv")
        };
        preview("edge-scatter-crowded", &render_scatter(&crowded).unwrap());
        let single_point =
            Scatter { points: vec![("Ainoa".into(), 100.0, 10.0)], x_median: Some(100.0), y_median: Some(10.0), ..sample_scatter("fi") };
        preview("edge-scatter-single", &render_scatter(&single_point).unwrap());
    }

    /// Writes a chart for looking at it when `DIGIHYTE_CHART_PREVIEW` names a folder.
    fn preview(name: &str, r: &Rendered) {
        let Some(dir) = std::env::var_os("DIGIHYTE_CHART_PREVIEW") else { return };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), &r.png).unwrap();
        std::fs::write(dir.join(format!("{name}.svg")), &r.svg).unwrap();
    }

    /// Renders the sample charts (written out by `preview`).
    #[test]
    fn preview_samples() {
        let samples = [
            ("bar-fi", render_bar(&sample_bar("fi")).unwrap()),
            (
                "bar-single-en",
                render_bar(&BarChart {
                    series: vec![Series { label: "Clients".into(), values: vec![Some(1234.0), Some(2345.0), Some(0.0)] }],
                    decimals: 0,
                    ..sample_bar("en")
                })
                .unwrap(),
            ),
            ("hbar-fi", render_hbar(&sample_hbar("fi")).unwrap()),
            ("scatter-fi", render_scatter(&sample_scatter("fi")).unwrap()),
            (
                "bar-empty-fi",
                render_bar(&BarChart { series: vec![Series { label: "A".into(), values: vec![None, None, None] }], ..sample_bar("fi") })
                    .unwrap(),
            ),
        ];
        for (name, r) in &samples {
            preview(name, r);
        }
    }
}
