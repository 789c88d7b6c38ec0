//! The I/O floor of a national run: what the same job costs with the libraries alone.
//!
//! 1. **read**: every input `.xlsx` under `activity/` and `feedback/`, each cell visited
//!    once through calamine's streaming cell reader (no conversion, no copies).
//! 2. **write**: as many workbooks as a run writes, with the same sheets and cells (taken
//!    from a run's output with `--like`, else a fixed shape of the same size as a national
//!    appendix), each with its native charts (with `--like`: the run's charts, same types
//!    and data ranges, so the same cached values, without their styling; else plain bar
//!    charts), with rust_xlsxwriter alone, then to disk.
//! 3. **charts**: the charts a run draws, as PNG+SVG, with the same drawing functions
//!    (`digihyte_report::charts`: plotters, ab_glyph and PNG encoding), to disk: exactly the
//!    run's charts when given their data (`--charts`, written by the run with
//!    `DIGIHYTE_CHART_SPECS`), else as many stand-in charts of fixed data.
//!
//! 4. **documents**: with `--like`, the run's Word documents again with docx-rs alone: the
//!    same paragraphs, tables (every cell) and pictures (the run's PNGs), to disk.
//!
//! Every part runs on a rayon pool of `threads` threads; times are wall clock.

use anyhow::{Context, Result};
use calamine::{DataRef, Reader};
use digihyte_report::charts::{self, BarChart, ChartSpec, HBarChart, Scatter, Series};
use rayon::prelude::*;
use rust_xlsxwriter::{Chart, ChartType, DocProperties, ExcelDateTime, Format, Workbook};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A cell of a workbook shape.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Number(f64),
}

/// The cells of one sheet: row, column, value.
pub type Cells = Vec<(u32, u16, Value)>;

/// A native chart: its type, the sheet it is placed on, and per series the range of its
/// categories (x values of a scatter) and of its values, as formulas (`Aiheet!$C$5:$C$15`).
#[derive(Clone)]
pub struct NativeChart {
    pub kind: ChartType,
    pub sheet: String,
    pub series: Vec<(Option<String>, String)>,
}

/// The cells and native charts of one workbook.
#[derive(Clone)]
pub struct Shape {
    pub sheets: Vec<(String, Cells)>,
    pub charts: Vec<NativeChart>,
}

/// Times of the parts, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct FloorTimes {
    pub read: f64,
    pub write: f64,
    pub charts: f64,
    pub documents: f64,
}

impl FloorTimes {
    /// The floor: every part.
    pub fn total(&self) -> f64 {
        self.read + self.write + self.charts + self.documents
    }
}

/// What a Word document holds, in order: paragraphs, tables (rows of cells) and pictures.
#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(String),
    Table(Vec<Vec<String>>),
    Picture(Vec<u8>),
}

pub struct FloorRun {
    pub times: FloorTimes,
    pub files_read: usize,
    pub cells_read: u64,
    pub workbooks: usize,
    pub cells_written: usize,
    pub charts: usize,
    pub documents: usize,
}

fn xlsx_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["activity", "feedback"]
        .iter()
        .filter_map(|s| std::fs::read_dir(dir.join(s)).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xlsx")))
        .collect();
    files.sort();
    files
}

/// Reads one xlsx: every cell of every worksheet, visited once.
fn read_one(path: &Path) -> Result<u64> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).with_context(|| format!("opening {}", path.display()))?;
    let mut cells = 0u64;
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name)?;
        while let Some(cell) = reader.next_cell()? {
            if !matches!(cell.get_value(), DataRef::Empty) {
                cells += 1;
            }
        }
    }
    Ok(cells)
}

/// The shapes of a run's workbooks (`OUT/workbooks/*.xlsx` and `OUT/internal/*.xlsx`).
pub fn shapes_like(run_out: &Path) -> Result<Vec<Shape>> {
    let mut paths: Vec<PathBuf> = ["workbooks", "internal"]
        .iter()
        .filter_map(|s| std::fs::read_dir(run_out.join(s)).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    paths.sort();
    anyhow::ensure!(!paths.is_empty(), "no workbooks under {}/workbooks", run_out.display());
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p)?;
            let mut charts = native_charts(&bytes)?;
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
            let mut sheets = Vec::new();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name)?;
                let cells = range
                    .cells()
                    .filter_map(|(r, c, d)| {
                        let (r0, c0) = range.start().unwrap_or((0, 0));
                        let v = match d {
                            calamine::Data::String(s) => Value::Text(s.clone()),
                            calamine::Data::Float(f) => Value::Number(*f),
                            calamine::Data::Int(i) => Value::Number(*i as f64),
                            calamine::Data::DateTime(d) => Value::Number(d.as_f64()),
                            calamine::Data::Empty => return None,
                            other => Value::Text(other.to_string()),
                        };
                        Some((r0 + r as u32, (c0 + c as u32) as u16, v))
                    })
                    .collect();
                sheets.push((name, cells));
            }
            // A chart whose sheet is not found by name goes on the first sheet.
            for c in &mut charts {
                if !sheets.iter().any(|(name, _)| *name == c.sheet) {
                    c.sheet = sheets.first().map(|s| s.0.clone()).unwrap_or_default();
                }
            }
            Ok(Shape { sheets, charts })
        })
        .collect()
}

/// The text of every `<w:t>` in `xml`.
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some(gt) = piece.find('>') else { continue };
        let tag = &piece[..gt];
        if !(tag.is_empty() || tag.starts_with(' ')) {
            continue;
        }
        let body = &piece[gt + 1..];
        out.push_str(&body[..body.find("</w:t>").unwrap_or(body.len())]);
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// The blocks of a run's `.docx`, in document order.
pub fn document_like(bytes: &[u8]) -> Result<Vec<Block>> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut xml = String::new();
    z.by_name("word/document.xml")?.read_to_string(&mut xml)?;
    // The pictures by the relationship id a drawing refers to (`r:embed`), so that each
    // picture paragraph gets its own picture (the folder entry `word/media/` is no picture).
    let mut rels = String::new();
    if let Ok(mut f) = z.by_name("word/_rels/document.xml.rels") {
        f.read_to_string(&mut rels)?;
    }
    let target_of =
        |id: &str| rels.split("<Relationship ").find(|r| r.contains(&format!("Id=\"{id}\""))).and_then(|r| attr_value(r, "Target"));
    let mut media: HashMap<String, Vec<u8>> = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let name = f.name()?.to_string();
        if name.starts_with("word/media/") && !f.is_dir() {
            let mut b = Vec::new();
            f.read_to_end(&mut b)?;
            media.insert(name, b);
        }
    }
    let mut blocks = Vec::new();
    let body = xml.split("<w:body>").nth(1).unwrap_or("");
    // Tables and paragraphs at the top level, in order.
    let mut rest = body;
    while !rest.is_empty() {
        let (p, t) = (rest.find("<w:p "), rest.find("<w:tbl>"));
        let table_first = match (p, t) {
            (Some(p), Some(t)) => t < p,
            (None, Some(_)) => true,
            _ => false,
        };
        match (p, t) {
            (_, Some(t)) if table_first => {
                let end = rest[t..].find("</w:tbl>").map_or(rest.len(), |e| t + e + 8);
                let table = &rest[t..end];
                blocks.push(Block::Table(
                    table.split("<w:tr>").skip(1).map(|r| r.split("<w:tc>").skip(1).map(docx_text).collect()).collect(),
                ));
                rest = &rest[end..];
            }
            (Some(p), _) => {
                let end = rest[p..].find("</w:p>").map_or(rest.len(), |e| p + e + 6);
                let para = &rest[p..end];
                if para.contains("<w:drawing>") {
                    let Some(png) = attr_value(para, "r:embed").and_then(&target_of).and_then(|t| media.get(&format!("word/{t}"))) else {
                        anyhow::bail!("a picture of the document has no picture part");
                    };
                    blocks.push(Block::Picture(png.clone()));
                } else {
                    blocks.push(Block::Paragraph(docx_text(para)));
                }
                rest = &rest[end..];
            }
            _ => break,
        }
    }
    Ok(blocks)
}

/// The value of the attribute `name` in the XML text `s` (its first occurrence as a whole name).
fn attr_value<'s>(s: &'s str, name: &str) -> Option<&'s str> {
    let key = format!("{name}=\"");
    let mut from = 0;
    while let Some(at) = s[from..].find(&key).map(|i| from + i) {
        let whole = s[..at].chars().next_back().is_none_or(char::is_whitespace);
        let start = at + key.len();
        if whole {
            return s[start..].find('"').map(|end| &s[start..start + end]);
        }
        from = start;
    }
    None
}

/// A document of `blocks` with docx-rs alone (no styles, alternative texts or fixes).
pub fn write_document(blocks: &[Block]) -> Result<Vec<u8>> {
    use docx_rs::{Docx, Paragraph, Pic, Run, Table, TableCell, TableRow};
    let mut d = Docx::new();
    for b in blocks {
        d = match b {
            Block::Paragraph(t) => d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(t))),
            Block::Table(rows) => d.add_table(Table::new(
                rows.iter()
                    .map(|r| {
                        TableRow::new(
                            r.iter().map(|c| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(c)))).collect(),
                        )
                    })
                    .collect(),
            )),
            Block::Picture(png) => {
                let be = |x: &[u8]| u32::from_be_bytes([x[0], x[1], x[2], x[3]]);
                let (w, h) = if png.len() > 24 { (be(&png[16..20]), be(&png[20..24])) } else { (1, 1) };
                d.add_paragraph(Paragraph::new().add_run(Run::new().add_image(Pic::new_with_dimensions(png.clone(), w, h))))
            }
        };
    }
    let mut out = Cursor::new(Vec::new());
    d.build().pack(&mut out)?;
    Ok(out.into_inner())
}

/// The native charts of an xlsx (its `xl/charts/chartN.xml` parts): type and series ranges.
fn native_charts(bytes: &[u8]) -> Result<Vec<NativeChart>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let names: Vec<String> =
        zip.file_names().filter_map(|n| n.ok().map(|n| n.to_string())).filter(|n| n.starts_with("xl/charts/chart")).collect();
    let mut charts = Vec::new();
    for name in names {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&name)?, &mut xml)?;
        charts.push(parse_chart(&xml).with_context(|| format!("reading the chart {name}"))?);
    }
    Ok(charts)
}

/// The type and the series ranges of a chart part.
fn parse_chart(xml: &str) -> Result<NativeChart> {
    let kind = if xml.contains("<c:scatterChart") {
        ChartType::Scatter
    } else if xml.contains("<c:lineChart") {
        ChartType::Line
    } else if xml.contains("<c:pieChart") {
        ChartType::Pie
    } else if xml.contains("<c:barDir val=\"col\"/>") {
        ChartType::Column
    } else {
        ChartType::Bar
    };
    // The formula that follows `<c:{tag}>` within a series.
    let formula = |ser: &str, tags: &[&str]| {
        tags.iter().find_map(|tag| {
            let at = ser.find(&format!("<c:{tag}>"))?;
            let rest = &ser[at..];
            let f = rest.find("<c:f>")? + "<c:f>".len();
            let end = rest[f..].find("</c:f>")? + f;
            Some(rest[f..end].replace("&apos;", "'").replace("&amp;", "&"))
        })
    };
    let series: Vec<(Option<String>, String)> =
        xml.split("<c:ser>").skip(1).filter_map(|ser| Some((formula(ser, &["cat", "xVal"]), formula(ser, &["val", "yVal"])?))).collect();
    let sheet = series.first().and_then(|(_, v)| v.rsplit_once('!')).map(|(s, _)| s.trim_matches('\'').to_string()).unwrap_or_default();
    anyhow::ensure!(!series.is_empty(), "a chart without a series");
    Ok(NativeChart { kind, sheet, series })
}

/// A fixed shape when no run output is given: `sheets` sheets of `rows` × `cols` cells,
/// every other column text, and `charts` native charts.
pub fn fixed_shape(sheets: usize, rows: u32, cols: u16, charts: usize) -> Shape {
    let names: Vec<String> = (0..sheets).map(|s| format!("Taulukko {}", s + 1)).collect();
    let last = rows.max(2);
    Shape {
        sheets: (0..sheets)
            .map(|s| {
                let cells = (0..rows)
                    .flat_map(|r| {
                        (0..cols).map(move |c| {
                            let v = if c % 2 == 0 {
                                Value::Text(format!("Rivi {r} sarake {c}"))
                            } else {
                                Value::Number(r as f64 * 1.5 + c as f64)
                            };
                            (r, c, v)
                        })
                    })
                    .collect();
                (names[s].clone(), cells)
            })
            .collect(),
        // Spread over the sheets, each a bar chart of the sheet's first two columns.
        charts: (0..charts)
            .map(|k| {
                let sheet = names[k % names.len().max(1)].clone();
                let range = |col: char| format!("'{sheet}'!${col}$2:${col}${last}");
                NativeChart { kind: ChartType::Bar, series: vec![(Some(range('A')), range('B'))], sheet }
            })
            .collect(),
    }
}

fn write_workbook(shape: &Shape) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 15)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let number = Format::new().set_num_format("#,##0.0");
    for (name, cells) in &shape.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        ws.set_freeze_panes(1, 0)?;
        let mut last_row = 0;
        for (r, c, v) in cells {
            match v {
                Value::Text(s) => ws.write_string(*r, *c, s)?,
                Value::Number(n) => ws.write_number_with_format(*r, *c, *n, &number)?,
            };
            last_row = last_row.max(*r);
        }
        // The sheet's charts below its cells.
        for (k, native) in shape.charts.iter().filter(|c| c.sheet == *name).enumerate() {
            let mut chart = Chart::new(native.kind);
            for (categories, values) in &native.series {
                let series = chart.add_series();
                if let Some(c) = categories {
                    series.set_categories(c.as_str());
                }
                series.set_values(values.as_str());
            }
            ws.insert_chart(last_row + 3 + 16 * k as u32, 0, &chart)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// The charts a run drew (`DIGIHYTE_CHART_SPECS`), to draw them again.
pub fn chart_specs_from(path: &Path) -> Result<Vec<ChartSpec>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let specs: Vec<(String, ChartSpec)> =
        serde_json::from_slice(&bytes).with_context(|| format!("reading the chart specs in {}", path.display()))?;
    Ok(specs.into_iter().map(|(_, c)| c).collect())
}

/// Stand-ins for the charts of a run with `munis` municipalities: per municipality its
/// clients per 1,000 by year (two series) and its topics; for the area its rate by
/// municipality, topics, channels, age groups, feedback and the need–reach scatter.
fn stand_in_charts(munis: usize) -> Vec<ChartSpec> {
    let years: Vec<String> = (2019..=2024).map(|y| y.to_string()).collect();
    let topics: Vec<String> = (1..=10).map(|i| format!("Aihe numero {i}")).collect();
    let names: Vec<String> = (0..munis).map(|i| format!("Kunta {i:03}")).collect();
    let mut specs = Vec::new();
    for m in 0..munis {
        let base = 20.0 + (m % 37) as f64;
        specs.push(ChartSpec::Bar(BarChart {
            title: format!("Kunta {m:03}: asiakkaita 1 000 asukasta kohden"),
            y_label: "Asiakkaita / 1 000 asukasta".into(),
            categories: years.clone(),
            series: vec![
                Series { label: format!("Kunta {m:03}"), values: (0..6).map(|y| Some(base + 3.0 * y as f64)).collect() },
                Series { label: "Koko maa".into(), values: (0..6).map(|y| Some(30.0 + 2.0 * y as f64)).collect() },
            ],
            decimals: 1,
            source: "Lähde: digitukitapahtumat".into(),
            lang: "fi".into(),
        }));
        specs.push(ChartSpec::HBar(HBarChart {
            title: format!("Kunta {m:03}: aiheet 2024"),
            x_label: "Osuus tapahtumista".into(),
            categories: topics.clone(),
            values: (0..10).map(|i| Some(0.02 + 0.01 * ((i + m) % 10) as f64)).collect(),
            percent: true,
            source: "Lähde: digitukitapahtumat".into(),
            lang: "fi".into(),
        }));
    }
    for (what, n) in [("kunnittain", munis), ("aiheet", 10), ("kanavat", 6), ("ikäryhmät", 5), ("palaute", 4)] {
        let cats: Vec<String> = if n == munis { names.clone() } else { (1..=n).map(|i| format!("Luokka {i}")).collect() };
        specs.push(ChartSpec::HBar(HBarChart {
            title: format!("Koko maa: {what} 2024"),
            x_label: "Osuus".into(),
            values: (0..cats.len()).map(|i| Some(0.1 + 0.001 * (i % 100) as f64)).collect(),
            categories: cats,
            percent: what != "kunnittain",
            source: "Lähde: digitukitapahtumat".into(),
            lang: "fi".into(),
        }));
    }
    specs.push(ChartSpec::Scatter(Scatter {
        title: "Koko maa: tarve ja tavoittavuus 2024".into(),
        x_label: "Tarveindeksi".into(),
        y_label: "Asiakkaita / 1 000 asukasta".into(),
        points: names.iter().enumerate().map(|(i, n)| (n.clone(), (i % 17) as f64 / 8.0 - 1.0, 10.0 + (i % 23) as f64)).collect(),
        x_median: Some(0.0),
        y_median: Some(20.0),
        source: "Lähde: digitukitapahtumat, Sotkanet".into(),
        lang: "fi".into(),
    }));
    specs
}

/// Runs the floor on the set in `dir`, writing under `out`.
pub fn run(dir: &Path, out: &Path, like: Option<&Path>, charts: Option<&Path>, threads: usize) -> Result<FloorRun> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let shapes = match like {
        Some(p) => shapes_like(p)?,
        None => {
            let mut v = vec![fixed_shape(9, 40, 8, 4); digihyte_core::Reference::get().municipalities.len()];
            v.push(fixed_shape(11, 330, 10, 6));
            v
        }
    };
    let munis = shapes.len().saturating_sub(2).max(1);
    let inputs = xlsx_under(dir);
    anyhow::ensure!(!inputs.is_empty(), "no .xlsx under {}/activity or {}/feedback", dir.display(), dir.display());
    std::fs::create_dir_all(out.join("workbooks"))?;
    std::fs::create_dir_all(out.join("charts"))?;

    let t = Instant::now();
    let cells_read: u64 = pool.install(|| inputs.par_iter().map(|p| read_one(p)).collect::<Result<Vec<u64>>>())?.into_iter().sum();
    let read = t.elapsed().as_secs_f64();

    let t = Instant::now();
    pool.install(|| {
        shapes.par_iter().with_max_len(1).enumerate().try_for_each(|(i, s)| -> Result<()> {
            let bytes = write_workbook(s)?;
            std::fs::write(out.join(format!("workbooks/wb{i:03}.xlsx")), bytes)?;
            Ok(())
        })
    })?;
    let write = t.elapsed().as_secs_f64();

    let jobs = match charts {
        Some(p) => chart_specs_from(p)?,
        None => stand_in_charts(munis),
    };
    let t = Instant::now();
    pool.install(|| {
        jobs.par_iter().with_max_len(1).enumerate().try_for_each(|(i, spec)| -> Result<()> {
            let r = charts::render_spec(spec)?;
            std::fs::write(out.join(format!("charts/c{i:04}.png")), r.png)?;
            std::fs::write(out.join(format!("charts/c{i:04}.svg")), r.svg)?;
            Ok(())
        })
    })?;
    let charts = t.elapsed().as_secs_f64();

    // The run's documents, read before the clock starts.
    let docs: Vec<Vec<Block>> = match like {
        Some(p) => {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(p.join("documents"))
                .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "docx")).collect())
                .unwrap_or_default();
            paths.sort();
            paths.iter().map(|p| document_like(&std::fs::read(p)?)).collect::<Result<_>>()?
        }
        None => Vec::new(),
    };
    std::fs::create_dir_all(out.join("documents"))?;
    let t = Instant::now();
    pool.install(|| {
        docs.par_iter().with_max_len(1).enumerate().try_for_each(|(i, blocks)| -> Result<()> {
            std::fs::write(out.join(format!("documents/d{i:03}.docx")), write_document(blocks)?)?;
            Ok(())
        })
    })?;
    let documents = t.elapsed().as_secs_f64();

    Ok(FloorRun {
        times: FloorTimes { read, write, charts, documents },
        documents: docs.len(),
        files_read: inputs.len(),
        cells_read,
        workbooks: shapes.len(),
        cells_written: shapes.iter().flat_map(|s| &s.sheets).map(|s| s.1.len()).sum(),
        charts: jobs.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document's pictures are read back one per picture paragraph, each its own, in
    /// order: the folder entry `word/media/` that docx-rs writes is no picture.
    #[test]
    fn a_documents_pictures_are_read_back_each_in_its_place() {
        // Enough of a PNG for docx-rs (the width and height at bytes 16..24), each different.
        let png = |w: u8, fill: u8| {
            let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
            b.extend([0, 0, 0, w, 0, 0, 0, 10]);
            b.extend(std::iter::repeat_n(fill, 40 + usize::from(w)));
            b
        };
        let blocks = vec![
            Block::Paragraph("Ennen kuvia".into()),
            Block::Picture(png(20, 1)),
            Block::Table(vec![vec!["a".into(), "1".into()]]),
            Block::Picture(png(30, 2)),
            Block::Picture(png(40, 3)),
        ];
        let back = document_like(&write_document(&blocks).unwrap()).unwrap();
        let pictures = |b: &[Block]| -> Vec<Vec<u8>> {
            b.iter().filter_map(|x| if let Block::Picture(p) = x { Some(p.clone()) } else { None }).collect()
        };
        assert_eq!(pictures(&back), pictures(&blocks));
        assert!(matches!(&back[0], Block::Paragraph(t) if t == "Ennen kuvia"), "{:?}", back.first().map(std::mem::discriminant));
    }

    /// A workbook with a column chart and a scatter, written by rust_xlsxwriter, read back as
    /// native charts: the same types, sheets and ranges.
    #[test]
    fn native_charts_are_read_back_with_their_types_and_ranges() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Ikäryhmät").unwrap();
        for r in 0..5u32 {
            ws.write_string(r, 0, format!("k{r}")).unwrap();
            ws.write_number(r, 1, f64::from(r)).unwrap();
            ws.write_number(r, 2, f64::from(r) * 2.0).unwrap();
        }
        let mut column = Chart::new(ChartType::Column);
        column.add_series().set_categories("Ikäryhmät!$A$1:$A$5").set_values("Ikäryhmät!$B$1:$B$5");
        column.add_series().set_categories("Ikäryhmät!$A$1:$A$5").set_values("Ikäryhmät!$C$1:$C$5");
        ws.insert_chart(8, 0, &column).unwrap();
        let mut scatter = Chart::new(ChartType::Scatter);
        scatter.add_series().set_categories("Ikäryhmät!$B$1:$B$5").set_values("Ikäryhmät!$C$1:$C$5");
        ws.insert_chart(30, 0, &scatter).unwrap();
        let charts = native_charts(&wb.save_to_buffer().unwrap()).unwrap();
        assert_eq!(charts.len(), 2);
        let (a, b) = (&charts[0], &charts[1]);
        assert!(a.kind == ChartType::Column && b.kind == ChartType::Scatter);
        assert_eq!(a.sheet, "Ikäryhmät");
        assert_eq!(a.series.len(), 2);
        assert_eq!(a.series[1], (Some("Ikäryhmät!$A$1:$A$5".to_string()), "Ikäryhmät!$C$1:$C$5".to_string()));
        assert_eq!(b.series, [(Some("Ikäryhmät!$B$1:$B$5".to_string()), "Ikäryhmät!$C$1:$C$5".to_string())]);
    }
}
