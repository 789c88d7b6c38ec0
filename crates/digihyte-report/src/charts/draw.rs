//! What every chart shares: the embedded fonts, the two backends (SVG and PNG), text
//! metrics and placement, axes with round ticks, legends, the palette.

#![allow(clippy::too_many_arguments)]

use super::*;
use crate::locale::localized;
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
pub(crate) const SVG_FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// The PNG is drawn at this multiple of the logical (SVG) size.
pub const PNG_SCALE: u32 = 2;

/// The series colours, in the order series get them: dark and mid tones alternate, so that
/// every colour has at least 3:1 contrast with the white background and with the colours
/// next to it (WCAG 2.1, 1.4.11), and blue and orange stay apart for every kind of colour
/// vision. A second series is also hatched, so that colour is never the only difference.
pub const PALETTE: [RGBColor; 4] = [
    RGBColor(0x08, 0x30, 0x6B), // dark blue
    RGBColor(0xCF, 0x6A, 0x00), // orange
    RGBColor(0x3B, 0x0F, 0x4F), // dark purple
    RGBColor(0xCC, 0x66, 0x77), // rose
];

pub(crate) const FONT_REGULAR: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
pub(crate) const FONT_BOLD: &[u8] = include_bytes!("../../assets/DejaVuSans-Bold.ttf");

pub(crate) const TEXT_COLOR: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
pub(crate) const AXIS_TEXT: RGBColor = RGBColor(0x44, 0x44, 0x44);
pub(crate) const MUTED: RGBColor = RGBColor(0x6B, 0x6B, 0x6B);
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
pub(crate) const BASELINE: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// Category and legend labels longer than this many characters are cut with "…".
pub(crate) const MAX_LABEL_CHARS: usize = 40;

/// Logical width of every chart: 640 px printed 16 cm wide (a Word column on A4), so that
/// 1 px is 0.71 pt and the smallest text (13 px) prints at 9.2 pt.
pub(crate) const WIDTH: u32 = 640;

/// The width a chart is printed at in the documents, in points (16 cm).
pub const PRINT_WIDTH_PT: f64 = 16.0 / 2.54 * 72.0;

/// The embedded fonts, parsed once.
pub(crate) struct Fonts {
    pub(crate) regular: FontRef<'static>,
    pub(crate) bold: FontRef<'static>,
}

impl Fonts {
    pub(crate) fn get(&self, bold: bool) -> &FontRef<'static> {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Parses the embedded fonts and registers them with plotters, exactly once.
pub(crate) fn ensure_fonts() -> Result<&'static Fonts, ChartError> {
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
pub(crate) trait Chart {
    /// Logical size (the SVG size); the PNG is [`PNG_SCALE`] times larger.
    fn logical_size(&self, m: &Metrics) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError>;
    /// The SVG after drawing, `w` × `h` logical pixels (a map puts its named shapes in).
    fn finish_svg(&self, svg: String, _w: u32, _h: u32) -> String {
        svg
    }
}

pub(crate) fn render<C: Chart>(chart: &C) -> Result<Rendered, ChartError> {
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
    let svg = chart.finish_svg(tidy_svg(&svg), w, h);

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
pub(crate) fn tidy_svg(svg: &str) -> String {
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

pub(crate) fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
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

pub(crate) fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Drawing(e.to_string())
}

// ---------------------------------------------------------------------------------------
// Drawing helpers
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BackendKind {
    Svg,
    Bitmap,
}

/// Font size (em, in logical pixels), weight and colour of a piece of text.
#[derive(Clone, Copy)]
pub(crate) struct TextSpec {
    pub(crate) size: f64,
    pub(crate) bold: bool,
    pub(crate) color: RGBColor,
}

// Sizes are chosen for print: a chart is 640 px wide and printed 16 cm wide, so 13 px is
// 9.2 pt, the smallest text allowed.
pub(crate) const TITLE: TextSpec = TextSpec { size: 17.0, bold: true, color: TEXT_COLOR };
pub(crate) const AXIS_LABEL: TextSpec = TextSpec { size: 13.5, bold: false, color: AXIS_TEXT };
pub(crate) const TICK: TextSpec = TextSpec { size: 13.0, bold: false, color: AXIS_TEXT };
pub(crate) const CATEGORY: TextSpec = TextSpec { size: 13.5, bold: false, color: TEXT_COLOR };
pub(crate) const VALUE: TextSpec = TextSpec { size: 13.0, bold: false, color: TEXT_COLOR };
pub(crate) const LEGEND: TextSpec = TextSpec { size: 13.5, bold: false, color: TEXT_COLOR };
pub(crate) const SOURCE: TextSpec = TextSpec { size: 13.0, bold: false, color: MUTED };
pub(crate) const NOTE: TextSpec = TextSpec { size: 14.0, bold: false, color: MUTED };
pub(crate) const POINT_LABEL: TextSpec = TextSpec { size: 13.0, bold: false, color: TEXT_COLOR };

impl TextSpec {
    pub(crate) fn sized(self, size: f64) -> Self {
        Self { size, ..self }
    }
    pub(crate) fn bold(self) -> Self {
        Self { bold: true, ..self }
    }
}

/// Pure text metrics at scale `s` (independent of the backend, so layouts can be computed
/// before a backend exists).
#[derive(Clone, Copy)]
pub(crate) struct Metrics {
    pub(crate) s: f64,
    pub(crate) fonts: &'static Fonts,
}

impl Metrics {
    pub(crate) fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }

    /// Em size of `t` in device pixels.
    pub(crate) fn em(&self, t: &TextSpec) -> f64 {
        t.size * self.s
    }

    /// ab_glyph's scale (ascent − descent in pixels) for the em size of `t`.
    pub(crate) fn scale(&self, t: &TextSpec) -> PxScale {
        let font = self.fonts.get(t.bold);
        let upem = font.units_per_em().unwrap_or(2048.0);
        PxScale::from((self.em(t) as f32) * font.height_unscaled() / upem)
    }

    /// Advance width of `text` in device pixels, with kerning.
    pub(crate) fn width_f(&self, text: &str, t: &TextSpec) -> f32 {
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

    pub(crate) fn width(&self, text: &str, t: &TextSpec) -> i32 {
        self.width_f(text, t).ceil() as i32
    }

    pub(crate) fn line_h(&self, t: &TextSpec) -> i32 {
        self.px(t.size * 1.35)
    }

    /// `text` cut with "…" so that it is at most `max_w` pixels wide.
    pub(crate) fn fit(&self, text: &str, t: &TextSpec, max_w: i32) -> String {
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
    pub(crate) fn wrap(&self, text: &str, t: &TextSpec, max_w: i32, max_lines: usize) -> Vec<String> {
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
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    pub(crate) area: &'a DrawingArea<DB, Shift>,
    pub(crate) m: Metrics,
    pub(crate) kind: BackendKind,
    pub(crate) w: i32,
    pub(crate) h: i32,
    /// Point labels placed by the drawing at the logical size (SVG), as (point, spot):
    /// recorded there and replayed for the PNG, so that both name the same points in the
    /// same places whatever the rounding at either scale.
    pub(crate) labels: std::cell::RefCell<LabelPlan>,
}

pub(crate) enum LabelPlan {
    Record(Vec<(usize, usize)>),
    Replay(Vec<(usize, usize)>),
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub(crate) fn new(area: &'a DrawingArea<DB, Shift>, m: Metrics, kind: BackendKind) -> Self {
        let (w, h) = area.dim_in_pixel();
        Self { area, m, kind, w: w as i32, h: h as i32, labels: std::cell::RefCell::new(LabelPlan::Record(Vec::new())) }
    }

    pub(crate) fn px(&self, v: f64) -> i32 {
        self.m.px(v)
    }

    pub(crate) fn fill_white(&self) -> Result<(), ChartError> {
        self.area.fill(&WHITE).map_err(draw_err)
    }

    /// Draws `text` with its baseline at `baseline`, anchored horizontally at `x`.
    pub(crate) fn text(&self, text: &str, x: i32, baseline: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
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
    pub(crate) fn raster_text(&self, text: &str, x: i32, baseline: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
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
    pub(crate) fn text_top(&self, text: &str, x: i32, top: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
        // DejaVu Sans: ascent 0.93 em; the line box adds a little room above it.
        let baseline = top + (self.m.em(t) * 1.0).round() as i32;
        self.text(text, x, baseline, h, t)
    }

    /// Draws text vertically centred (on its capital letters, 0.73 em high) at `mid`.
    pub(crate) fn text_mid(&self, text: &str, x: i32, mid: i32, h: HPos, t: &TextSpec) -> Result<(), ChartError> {
        let baseline = mid + (self.m.em(t) * 0.365).round() as i32;
        self.text(text, x, baseline, h, t)
    }

    pub(crate) fn rect(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) -> Result<(), ChartError> {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled())).map_err(draw_err)
    }

    /// A filled rectangle, hatched with white diagonal lines when `hatched` (the second
    /// series of a chart, so that it differs by more than its colour).
    pub(crate) fn bar(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor, hatched: bool) -> Result<(), ChartError> {
        self.rect(x0, y0, x1, y1, color)?;
        if !hatched {
            return Ok(());
        }
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        if x1 - x0 < 2 || y1 - y0 < 2 {
            return Ok(());
        }
        // Lines y = x − k (going up to the right, 45°) every `step` pixels, clipped to the
        // rectangle.
        let step = self.px(7.0).max(2);
        let mut k = x0 - y1;
        while k < x1 - y0 {
            let (ax, ay) = if x0 - k >= y0 { (x0, x0 - k) } else { (y0 + k, y0) };
            let (bx, by) = if x1 - k <= y1 { (x1, x1 - k) } else { (y1 + k, y1) };
            let (ax, ay) = (ax.clamp(x0, x1), ay.clamp(y0, y1));
            let (bx, by) = (bx.clamp(x0, x1), by.clamp(y0, y1));
            if (ax, ay) != (bx, by) {
                self.line((ax, ay), (bx, by), WHITE, 1.5)?;
            }
            k += step;
        }
        Ok(())
    }

    /// A filled polygon (points in pixels of this canvas).
    pub(crate) fn polygon(&self, points: &[(i32, i32)], color: RGBColor) -> Result<(), ChartError> {
        self.area.draw(&Polygon::new(points.to_vec(), color.filled())).map_err(draw_err)
    }

    /// A polygon's outline.
    pub(crate) fn outline(&self, points: &[(i32, i32)], color: RGBColor, width: f64) -> Result<(), ChartError> {
        let mut path = points.to_vec();
        if let Some(first) = points.first() {
            path.push(*first);
        }
        self.area.draw(&PathElement::new(path, self.stroke(color, width))).map_err(draw_err)
    }

    /// Diagonal lines across a polygon (even–odd inside), every 7 logical pixels.
    pub(crate) fn hatch_polygon(&self, points: &[(i32, i32)], color: RGBColor) -> Result<(), ChartError> {
        if points.len() < 3 {
            return Ok(());
        }
        let step = self.px(7.0).max(2) as f64;
        // Lines x − y = k; along each, the crossings with the polygon's edges, in order.
        let ks: Vec<f64> = points.iter().map(|(x, y)| f64::from(*x - *y)).collect();
        let (lo, hi) = ks.iter().fold((f64::MAX, f64::MIN), |(a, b), k| (a.min(*k), b.max(*k)));
        let mut k = (lo / step).floor() * step;
        while k <= hi {
            let mut xs: Vec<f64> = Vec::new();
            for i in 0..points.len() {
                let (x1, y1) = (f64::from(points[i].0), f64::from(points[i].1));
                let (x2, y2) = {
                    let p = points[(i + 1) % points.len()];
                    (f64::from(p.0), f64::from(p.1))
                };
                let (k1, k2) = (x1 - y1, x2 - y2);
                if (k1 <= k && k2 > k) || (k2 <= k && k1 > k) {
                    let t = (k - k1) / (k2 - k1);
                    xs.push(x1 + t * (x2 - x1));
                }
            }
            xs.sort_by(f64::total_cmp);
            for pair in xs.chunks_exact(2) {
                let (a, b) = (pair[0], pair[1]);
                let from = (a.round() as i32, (a - k).round() as i32);
                let to = (b.round() as i32, (b - k).round() as i32);
                if from != to {
                    self.line(from, to, color, 1.0)?;
                }
            }
            k += step;
        }
        Ok(())
    }

    pub(crate) fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: ((width * self.m.s).round() as u32).max(1) }
    }

    pub(crate) fn line(&self, from: (i32, i32), to: (i32, i32), color: RGBColor, width: f64) -> Result<(), ChartError> {
        self.area.draw(&PathElement::new(vec![from, to], self.stroke(color, width))).map_err(draw_err)
    }

    pub(crate) fn dashed(&self, from: (i32, i32), to: (i32, i32), color: RGBColor, width: f64) -> Result<(), ChartError> {
        let style = self.stroke(color, width);
        self.area.draw(&DashedPathElement::new(vec![from, to], self.px(6.0), self.px(4.0), style)).map_err(draw_err)
    }

    pub(crate) fn dot(&self, at: (i32, i32), radius: f64, color: RGBColor) -> Result<(), ChartError> {
        let r = self.px(radius);
        self.area.draw(&Circle::new(at, r, color.filled())).map_err(draw_err)?;
        self.area.draw(&Circle::new(at, r, self.stroke(WHITE, 1.0))).map_err(draw_err)
    }

    /// Draws the (wrapped, at most two lines) title at the top left; returns the y below it.
    pub(crate) fn title(&self, title: &str, top: i32) -> Result<i32, ChartError> {
        let pad = self.px(PAD);
        let mut y = top;
        for line in title_lines(&self.m, title, self.w) {
            self.text_top(&line, pad, y, HPos::Left, &TITLE)?;
            y += self.m.line_h(&TITLE);
        }
        Ok(y)
    }

    /// Draws the source (one or two lines) at the bottom left; returns its top y.
    pub(crate) fn source(&self, source: &str) -> Result<i32, ChartError> {
        let pad = self.px(PAD);
        let lines = source_lines(&self.m, source, self.w);
        let top = self.h - self.px(BOTTOM_PAD) - lines.len() as i32 * self.m.line_h(&SOURCE);
        for (i, line) in lines.iter().enumerate() {
            self.text_top(line, pad, top + i as i32 * self.m.line_h(&SOURCE), HPos::Left, &SOURCE)?;
        }
        Ok(top)
    }

    pub(crate) fn no_data(&self, lang: &str, cx: i32, cy: i32) -> Result<(), ChartError> {
        let note = localized(lang, "Ei tietoja", "Inga uppgifter", "No data");
        self.text_mid(note, cx, cy, HPos::Center, &NOTE)
    }
}

pub(crate) const PAD: f64 = 16.0;
pub(crate) const BOTTOM_PAD: f64 = 12.0;

pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace and cuts labels longer than [`MAX_LABEL_CHARS`] with "…".
pub(crate) fn short_label(text: &str) -> String {
    let text = one_line(text);
    if text.chars().count() <= MAX_LABEL_CHARS {
        return text;
    }
    let head: String = text.chars().take(MAX_LABEL_CHARS - 1).collect();
    format!("{}…", head.trim_end())
}

/// The source line wrapped to at most two lines of a chart `width` wide.
pub(crate) fn source_lines(m: &Metrics, source: &str, width: i32) -> Vec<String> {
    let lines = m.wrap(&one_line(source), &SOURCE, width - 2 * m.px(PAD), 2);
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// The extra height of a source that takes two lines.
pub(crate) fn source_extra(m: &Metrics, source: &str, width: i32) -> i32 {
    (source_lines(m, source, width).len() as i32 - 1).max(0) * m.line_h(&SOURCE)
}

pub(crate) fn title_lines(m: &Metrics, title: &str, width: i32) -> Vec<String> {
    m.wrap(&one_line(title), &TITLE, width - 2 * m.px(PAD), 2)
}

/// `v` if it is a finite number.
pub(crate) fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

// ---------------------------------------------------------------------------------------
// Axes
// ---------------------------------------------------------------------------------------

/// A linear axis with "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) ticks: Vec<f64>,
    /// Decimals needed to write the ticks exactly.
    pub(crate) decimals: usize,
}

/// Decimals needed to write `x` exactly (at most 12).
pub(crate) fn decimals_of(x: f64) -> usize {
    for d in 0..=12usize {
        let scaled = x * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() <= 1e-9 * scaled.abs().max(1.0) {
            return d;
        }
    }
    12
}

pub(crate) fn round_to(x: f64, decimals: usize) -> f64 {
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
pub(crate) fn nice_axis(lo: f64, hi: f64, target: usize, max_decimals: usize) -> Axis {
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
    pub(crate) fn map(&self, v: f64, p0: i32, p1: i32) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (p0 as f64 + t * (p1 - p0) as f64).round() as i32
    }
}

// ---------------------------------------------------------------------------------------
// Legend
// ---------------------------------------------------------------------------------------

pub(crate) const SWATCH: f64 = 12.0;

/// Legend items laid out in rows of at most `max_w` pixels: `(row, x offset, label)`.
pub(crate) fn legend_layout(m: &Metrics, labels: &[String], max_w: i32) -> (Vec<(usize, i32, String)>, usize) {
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

pub(crate) fn legend_row_h(m: &Metrics) -> i32 {
    m.px(20.0)
}
