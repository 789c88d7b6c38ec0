//! Maps of municipalities: a choropleth of a figure by class, the need–reach quadrants, and
//! the small locator map of one municipality. The boundaries are Statistics Finland's
//! (`digihyte-geo`, in TM35FIN metres, so that Finland keeps its shape).
//!
//! The PNG is drawn with plotters like every chart. In the SVG the municipalities are one
//! `<path>` each, tagged with the municipality's code and its class
//! (`<path data-code="564" class="class-2" …>`): plotters draws polygons without names, so
//! the SVG backend draws a marker where the shapes go and [`MapChart::shapes_svg`] puts them
//! there.

use super::draw::*;
use super::*;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use plotters::style::RGBColor;

/// One municipality on a map.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapArea {
    /// The municipality code (2025 division).
    pub code: u16,
    pub name: String,
    /// Its class (an index into [`MapChart::classes`]); `None`: not published (drawn
    /// hatched, with the legend's `hidden` entry).
    pub class: Option<usize>,
    /// Text written at its label point (its value, or its name), if any.
    pub label: Option<String>,
    /// Drawn with a heavy outline (the municipality of a locator map, a quadrant to notice).
    pub emphasis: bool,
}

/// A class of the legend.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapClass {
    pub label: String,
    /// `RRGGBB`.
    pub color: String,
}

/// A map of municipalities.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapChart {
    pub title: String,
    /// The legend's heading (e.g. "Asiakkaat / 1 000 asukasta 2024").
    pub legend_title: String,
    pub classes: Vec<MapClass>,
    /// The legend entry of municipalities drawn hatched (not published), when there are any.
    pub hidden: Option<String>,
    pub areas: Vec<MapArea>,
    /// The source line, with the boundaries' credit.
    pub source: String,
    /// Logical width (the locator map is smaller than the area's maps).
    pub width: u32,
    /// Whether the legend is drawn (a locator map has none).
    pub legend: bool,
    pub lang: String,
}

/// Where a map's parts go, in pixels of the canvas.
struct Layout {
    map: (i32, i32, i32, i32),
    legend_x: i32,
    legend_top: i32,
    /// TM35FIN metres to pixels: x = x0 + (e − e0)·k, y = y0 − (n − n0)·k.
    e0: f64,
    n0: f64,
    x0: f64,
    y0: f64,
    k: f64,
}

/// The colour of a class: `RRGGBB`.
fn rgb(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x888888);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

const HIDDEN_FILL: RGBColor = RGBColor(0xF2, 0xF2, 0xF2);
const HIDDEN_HATCH: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
const BORDER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
const EMPHASIS: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// The SVG marker where the shapes go.
const MARKER: RGBColor = RGBColor(0x01, 0x02, 0x03);
/// The SVG marker of a label's colour: `put_shapes` gives these labels their halo.
const LABEL_MARKER: RGBColor = RGBColor(0x01, 0x02, 0x04);
/// The width of a label's white halo, in logical pixels.
const HALO: f64 = 1.4;

/// A plotters polygon: points in pixels.
type Ring = Vec<(i32, i32)>;

impl MapChart {
    fn bounds(&self) -> digihyte_geo::Bounds {
        digihyte_geo::bounds(self.areas.iter().map(|a| a.code)).unwrap_or(digihyte_geo::Bounds {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 1.0,
            max_y: 1.0,
        })
    }

    /// The legend's heading, wrapped to the legend's width.
    fn legend_title_lines(&self, m: &Metrics) -> Vec<String> {
        m.wrap(&self.legend_title, &LEGEND.bold(), self.legend_width(m) - m.px(PAD), 3)
    }

    fn legend_width(&self, m: &Metrics) -> i32 {
        if !self.legend {
            return 0;
        }
        let mut w = m.width(&self.legend_title, &LEGEND.bold()).min(m.px(170.0));
        for c in self.classes.iter().map(|c| &c.label).chain(self.hidden.iter()) {
            w = w.max(m.px(SWATCH + 8.0) + m.width(c, &LEGEND));
        }
        w + m.px(PAD)
    }

    fn layout(&self, m: &Metrics, w: i32, h: i32) -> Layout {
        let pad = m.px(PAD);
        let top = pad + title_lines(m, &self.title, w).len() as i32 * m.line_h(&TITLE) + m.px(8.0);
        let bottom = h - m.px(BOTTOM_PAD) - source_lines(m, &self.source, w).len() as i32 * m.line_h(&SOURCE) - m.px(8.0);
        let legend_w = self.legend_width(m);
        let (left, right) = (pad, w - pad - legend_w);
        let b = self.bounds();
        let k = ((right - left) as f64 / b.width().max(1.0)).min((bottom - top) as f64 / b.height().max(1.0));
        let (mw, mh) = (b.width() * k, b.height() * k);
        let x0 = left as f64 + ((right - left) as f64 - mw) / 2.0;
        let y0 = top as f64 + ((bottom - top) as f64 - mh) / 2.0 + mh;
        Layout { map: (left, top, right, bottom), legend_x: right + pad / 2, legend_top: top, e0: b.min_x, n0: b.min_y, x0, y0, k }
    }

    /// The logical height: the map's width fixes its height through the area's shape.
    fn height(&self, m: &Metrics) -> u32 {
        let w = self.width as i32;
        let b = self.bounds();
        let map_w = (w - 2 * m.px(PAD) - self.legend_width(m)) as f64;
        let map_h = (map_w * b.height() / b.width().max(1.0)).clamp(160.0, 1100.0);
        let header = m.px(PAD) + title_lines(m, &self.title, w).len() as i32 * m.line_h(&TITLE) + m.px(8.0);
        let footer = m.px(8.0) + source_lines(m, &self.source, w).len() as i32 * m.line_h(&SOURCE) + m.px(BOTTOM_PAD);
        let legend_h = if self.legend { m.line_h(&LEGEND) * (self.classes.len() as i32 + 5) } else { 0 };
        (header + (map_h as i32).max(legend_h) + footer) as u32
    }

    fn project(l: &Layout, p: digihyte_geo::Point) -> (f64, f64) {
        (l.x0 + (p.x - l.e0) * l.k, l.y0 - (p.y - l.n0) * l.k)
    }

    /// Each municipality's rings in pixels, in drawing order (an enclosed municipality after
    /// the one around it), with its area.
    fn rings<'s>(&'s self, l: &Layout) -> Vec<(&'s MapArea, Vec<Ring>)> {
        let mut out = Vec::with_capacity(self.areas.len());
        for a in &self.areas {
            let Some(geo) = digihyte_geo::municipality(a.code) else { continue };
            let mut rings = Vec::new();
            for poly in &geo.polygons {
                for ring in std::iter::once(&poly.exterior).chain(poly.holes.iter()) {
                    let mut r: Ring = Vec::with_capacity(ring.len());
                    for p in ring {
                        let (x, y) = Self::project(l, *p);
                        let q = (x.round() as i32, y.round() as i32);
                        // Points that fall on the same pixel add nothing.
                        if r.last() != Some(&q) {
                            r.push(q);
                        }
                    }
                    if r.len() >= 3 {
                        rings.push(r);
                    }
                }
            }
            out.push((a, rings));
        }
        // Codes ascending is the geo crate's drawing order (Espoo before Kauniainen).
        out.sort_by_key(|(a, _)| a.code);
        out
    }

    fn fill(&self, a: &MapArea) -> RGBColor {
        match a.class.and_then(|c| self.classes.get(c)) {
            Some(c) => rgb(&c.color),
            None => HIDDEN_FILL,
        }
    }

    /// The municipalities as SVG paths (one per municipality, every ring in it, even-odd
    /// fill), in logical pixels.
    pub(crate) fn shapes_svg(&self, w: u32, h: u32) -> String {
        let Ok(fonts) = ensure_fonts() else { return String::new() };
        let m = Metrics { s: 1.0, fonts };
        let l = self.layout(&m, w as i32, h as i32);
        let mut out = String::from("<g class=\"municipalities\">");
        for (a, rings) in self.rings(&l) {
            let fill = self.fill(a);
            let mut d = String::new();
            for r in &rings {
                for (i, (x, y)) in r.iter().enumerate() {
                    d.push_str(&format!("{}{x} {y}", if i == 0 { "M" } else { " L" }));
                }
                d.push_str(" Z ");
            }
            let class = a.class.map_or("hidden".to_string(), |c| format!("class-{c}"));
            let name = a.name.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
            let paint = if a.class.is_none() { "url(#hidden)".to_string() } else { hex(fill) };
            let (stroke, sw) = if a.emphasis { ("#1A1A1A", 2.0) } else { ("#FFFFFF", 0.8) };
            out.push_str(&format!(
                "<path data-code=\"{:03}\" data-name=\"{name}\" class=\"{class}\" fill=\"{paint}\" fill-rule=\"evenodd\" stroke=\"{stroke}\" stroke-width=\"{sw}\" d=\"{}\"><title>{name}</title></path>",
                a.code,
                d.trim_end()
            ));
        }
        out.push_str("</g>");
        out
    }
}

/// A colour as the SVG writes it: `#RRGGBB`.
fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The hatch pattern of municipalities not published, for the SVG.
const HATCH_DEF: &str = "<defs><pattern id=\"hidden\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#F2F2F2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"#8C8C8C\" stroke-width=\"1.5\"/></pattern></defs>";

/// Replaces the marker the SVG backend drew with the municipalities' paths, and gives the
/// labels drawn in the marker colour their colour and a white halo (an outline painted
/// under the text).
pub(crate) fn put_shapes(svg: &str, map: &MapChart, w: u32, h: u32) -> String {
    let label = format!("fill=\"{}\"", hex(LABEL_MARKER));
    let halo = format!(
        "fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
        hex(TEXT_COLOR),
        2.0 * HALO
    );
    let svg = svg.replace(&label, &halo).replace(&label.to_lowercase(), &halo);
    let svg = svg.as_str();
    let marker = format!("fill=\"{}\"", hex(MARKER));
    let Some(at) = svg.find(&marker).or_else(|| svg.find(&marker.to_lowercase())) else { return svg.to_string() };
    let start = svg[..at].rfind('<').unwrap_or(at);
    let end = svg[at..].find("/>").map_or(svg.len(), |e| at + e + 2);
    let body_start = svg.find('>').map_or(0, |i| i + 1);
    let mut out = String::with_capacity(svg.len() + 200_000);
    out.push_str(&svg[..body_start]);
    out.push_str(HATCH_DEF);
    out.push_str(&svg[body_start..start]);
    out.push_str(&map.shapes_svg(w, h));
    out.push_str(&svg[end..]);
    out
}

impl Chart for MapChart {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        (self.width, self.height(m))
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        c.fill_white()?;
        let pad = c.px(PAD);
        c.title(&self.title, pad)?;
        c.source(&self.source)?;
        let l = self.layout(m, c.w, c.h);
        let shapes = self.rings(&l);
        match c.kind {
            // The SVG's shapes are written by `put_shapes`, where this marker is.
            BackendKind::Svg => c.rect(0, 0, 1, 1, MARKER)?,
            BackendKind::Bitmap => {
                for (a, rings) in &shapes {
                    let fill = self.fill(a);
                    for r in rings {
                        c.polygon(r, fill)?;
                    }
                    if a.class.is_none() {
                        for r in rings {
                            c.hatch_polygon(r, HIDDEN_HATCH)?;
                        }
                    }
                }
                for (a, rings) in &shapes {
                    let (color, width) = if a.emphasis { (EMPHASIS, 2.0) } else { (BORDER, 0.8) };
                    if a.emphasis {
                        continue;
                    }
                    for r in rings {
                        c.outline(r, color, width)?;
                    }
                }
                // Heavy outlines last, so that no neighbour's border covers them.
                for (a, rings) in &shapes {
                    if a.emphasis {
                        for r in rings {
                            c.outline(r, EMPHASIS, 2.0)?;
                        }
                    }
                }
            }
        }
        // Labels at each municipality's label point (values or names): dark text with a
        // white halo, so that it reads on every fill and across borders; larger
        // municipalities first, and a label that would cover another is left out (the
        // tables have every value).
        let mut order: Vec<usize> = (0..shapes.len()).filter(|i| shapes[*i].0.label.is_some()).collect();
        let area_of = |i: usize| digihyte_geo::municipality(shapes[i].0.code).map_or(0.0, |g| g.area());
        order.sort_by(|a, b| area_of(*b).total_cmp(&area_of(*a)).then(a.cmp(b)));
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        let lh = m.line_h(&POINT_LABEL);
        for i in order {
            let a = shapes[i].0;
            let (Some(text), Some(geo)) = (&a.label, digihyte_geo::municipality(a.code)) else { continue };
            let (x, y) = MapChart::project(&l, geo.label_point());
            let w = m.width(text, &POINT_LABEL);
            let x = (x.round() as i32).clamp(pad + w / 2, c.w - pad - w / 2);
            let y = y.round() as i32;
            let bb = (x - w / 2 - 2, y - lh / 2, x + w / 2 + 2, y + lh / 2);
            if placed.iter().any(|p| bb.0 < p.2 && p.0 < bb.2 && bb.1 < p.3 && p.1 < bb.3) {
                continue;
            }
            placed.push(bb);
            match c.kind {
                // The SVG's label is its own outline (`put_shapes` makes it one, where this
                // marker colour is): white copies beside it would show as stripes when zoomed in.
                BackendKind::Svg => c.text_mid(text, x, y, HPos::Center, &TextSpec { color: LABEL_MARKER, ..POINT_LABEL })?,
                BackendKind::Bitmap => {
                    let halo = TextSpec { color: WHITE, ..POINT_LABEL };
                    let r = c.px(HALO).max(1);
                    for (dx, dy) in [(-r, 0), (r, 0), (0, -r), (0, r), (-r, -r), (r, r), (-r, r), (r, -r)] {
                        c.text_mid(text, x + dx, y + dy, HPos::Center, &halo)?;
                    }
                    c.text_mid(text, x, y, HPos::Center, &POINT_LABEL)?;
                }
            }
        }
        if self.legend {
            let mut y = l.legend_top;
            for line in self.legend_title_lines(m) {
                c.text_top(&line, l.legend_x, y, HPos::Left, &LEGEND.bold())?;
                y += m.line_h(&LEGEND);
            }
            y += c.px(4.0);
            let sw = c.px(SWATCH);
            for class in &self.classes {
                let mid = y + m.line_h(&LEGEND) / 2;
                c.rect(l.legend_x, mid - sw / 2, l.legend_x + sw, mid + sw / 2, rgb(&class.color))?;
                c.text_mid(&class.label, l.legend_x + sw + c.px(8.0), mid, HPos::Left, &LEGEND)?;
                y += m.line_h(&LEGEND);
            }
            if let Some(hidden) = &self.hidden {
                let mid = y + m.line_h(&LEGEND) / 2;
                let sq: Ring = vec![
                    (l.legend_x, mid - sw / 2),
                    (l.legend_x + sw, mid - sw / 2),
                    (l.legend_x + sw, mid + sw / 2),
                    (l.legend_x, mid + sw / 2),
                ];
                c.polygon(&sq, HIDDEN_FILL)?;
                c.hatch_polygon(&sq, HIDDEN_HATCH)?;
                c.outline(&sq, HIDDEN_HATCH, 1.0)?;
                c.text_mid(hidden, l.legend_x + sw + c.px(8.0), mid, HPos::Left, &LEGEND)?;
            }
        }
        let _ = l.map;
        Ok(())
    }

    fn finish_svg(&self, svg: String, w: u32, h: u32) -> String {
        put_shapes(&svg, self, w, h)
    }
}
