//! The analysis sheets of the workbooks: mixes, feedback, indicators, need–reach, and the
//! actor survey. Each sheet is a table written by [`table`], with its native Excel chart
//! (which refers to the table's own cells) above it: the chart starts on the first page and
//! is never cut by a page break, and the table's header row repeats on every page after.

use crate::charts::figures::{item_label, key_label};
use crate::locale::t;
use crate::workbooks::{alt, chart_rows, fit_header, print_setup, Formats};
use crate::{ReportError, ReportInput};
use digihyte_core::vocabulary::Dimension;
use digihyte_publish::{Cell, Feedback, Mix, MixKey};
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFormat, ChartLine, ChartMarker, ChartMarkerType, ChartPatternFill,
    ChartPatternFillType, ChartSolidFill, ChartType, Format, Workbook, Worksheet,
};

/// The colours of the native charts: those of the PNG and SVG charts.
const FIRST: &str = "08306B";
const SECOND: &str = "CF6A00";

/// The first series of a native chart: solid dark blue.
pub(crate) fn first_series_format() -> ChartFormat {
    ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(FIRST)).set_border(ChartLine::new().set_color(FIRST)).clone()
}

/// The second series: orange with white diagonal stripes, as in the pictures, so that
/// colour is never the only difference.
pub(crate) fn second_series_format() -> ChartFormat {
    ChartFormat::new()
        .set_pattern_fill(
            ChartPatternFill::new()
                .set_pattern(ChartPatternFillType::DiagonalStripesWideUpwards)
                .set_foreground_color(SECOND)
                .set_background_color("FFFFFF"),
        )
        .set_border(ChartLine::new().set_color(SECOND))
        .clone()
}

/// A value of a table cell.
pub(crate) enum V {
    Text(String),
    Int(Cell<u64>),
    Dec(Cell<f64>, usize),
    Pct(Cell<f64>),
    /// A year or another plain whole number (no thousands separator).
    Year(i32),
    /// A number shown as a whole number when it is one, else with one decimal.
    Auto(Cell<f64>),
    Blank,
}

pub(crate) fn opt(v: Option<f64>) -> Cell<f64> {
    v.map_or(Cell::Hidden, Cell::Value)
}

/// Writes a header and rows at `row`; returns the row after the table.
///
/// In a long table, a column whose numbers all take one format gets it as the column's
/// format (Excel's column style), and its numbers are written without one: the cells show
/// the same, and rust_xlsxwriter does not hash the format once per cell (for the need
/// sheet's table of every municipality, in every municipality's workbook, that was most of
/// the cost of writing it). The formats are number formats only, so the column's other
/// cells (text, blanks, the heading above) look as before.
pub(crate) fn table(ws: &mut Worksheet, row: u32, headers: &[String], rows: &[Vec<V>], f: &Formats, min: u32) -> Result<u32, ReportError> {
    write_table(ws, row, headers, rows, f, min, rows.len() >= COLUMN_FORMAT_ROWS)
}

fn write_table(
    ws: &mut Worksheet,
    row: u32,
    headers: &[String],
    rows: &[Vec<V>],
    f: &Formats,
    min: u32,
    by_column: bool,
) -> Result<u32, ReportError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
    }
    let columns = if by_column { column_formats(rows, f) } else { Vec::new() };
    for (c, format) in columns.iter().enumerate() {
        if let Some(format) = format {
            ws.set_column_format(c as u16, format)?;
        }
    }
    let mut r = row + 1;
    for cells in rows {
        for (c, v) in cells.iter().enumerate() {
            let of_column = columns.get(c).copied().flatten();
            let c = c as u16;
            match v {
                V::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                V::Int(Cell::Small) => {
                    ws.write_string_with_format(r, c, format!("<{min}"), &f.suppressed)?;
                }
                V::Int(Cell::Secondary) => {
                    ws.write_string_with_format(r, c, crate::workbooks::SECONDARY_MARK, &f.suppressed)?;
                }
                // A number with its format; a blank cell with the default format is not
                // written at all (Excel's "empty" cell), and text is written without a format
                // for the same reason.
                _ => match v.number(f) {
                    Some((x, format)) if of_column.is_some_and(|col| std::ptr::eq(col, format)) => {
                        ws.write_number(r, c, x)?;
                    }
                    Some((x, format)) => {
                        ws.write_number_with_format(r, c, x, format)?;
                    }
                    None => {}
                },
            }
        }
        r += 1;
    }
    Ok(r)
}

/// From this many rows, a table's number columns take their format as the column's.
const COLUMN_FORMAT_ROWS: usize = 50;

/// Per column, the one format all its numbers take, if they take one.
fn column_formats<'f>(rows: &[Vec<V>], f: &'f Formats) -> Vec<Option<&'f Format>> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| {
            let mut formats = rows.iter().filter_map(|cells| cells.get(c)).filter_map(|v| v.number(f)).map(|(_, format)| format);
            let first = formats.next()?;
            formats.all(|g| std::ptr::eq(g, first)).then_some(first)
        })
        .collect()
}

impl V {
    /// The number this cell is written as, with its format; `None` for text, marks and
    /// blanks.
    fn number<'f>(&self, f: &'f Formats) -> Option<(f64, &'f Format)> {
        match self {
            V::Int(Cell::Value(n)) => Some((*n as f64, &f.int)),
            V::Dec(Cell::Value(x), d) => Some((*x, if *d >= 2 { &f.dec2 } else { &f.dec1 })),
            V::Pct(Cell::Value(x)) => Some((*x, &f.pct)),
            V::Year(y) => Some((f64::from(*y), &f.plain)),
            V::Auto(Cell::Value(x)) => Some((*x, if x.fract() == 0.0 { &f.int } else { &f.dec1 })),
            _ => None,
        }
    }
}

fn heading(ws: &mut Worksheet, title: &str, subtitle: &str, f: &Formats) -> Result<(), ReportError> {
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    Ok(())
}

fn note(ws: &mut Worksheet, row: u32, cols: usize, width: f64, input: &ReportInput, f: &Formats) -> Result<(), ReportError> {
    crate::workbooks::suppression_note(ws, row, cols as u16, width, input, f)
}

/// Published events and share of one mix row.
fn mix_cells(r: Option<&Mix>) -> (V, V) {
    match r {
        None => (V::Blank, V::Blank),
        Some(r) => (V::Int(r.events), V::Pct(r.share)),
    }
}

pub(crate) fn find_mix<'a>(input: &ReportInput<'a>, area_code: &str, year: i32, key: MixKey) -> Option<&'a Mix> {
    input.lookup.mix(input.published, area_code, year, key)
}

/// The area's row code (`17`, `SSS`, `AREA`).
pub(crate) fn area_code(input: &ReportInput) -> String {
    input.published.reach.iter().find(|r| r.id.area_type != "municipality").map(|r| r.id.area_code.clone()).unwrap_or_default()
}

pub(crate) const DIMENSIONS: &[(Dimension, &str, &str)] = &[
    (Dimension::Topic, "sheet_topics", "chart_topics"),
    (Dimension::Channel, "sheet_channels", "chart_channels"),
    (Dimension::ProviderType, "sheet_providers", "chart_topics"),
    (Dimension::AgeGroup, "sheet_ages", "chart_ages"),
];

/// One mix sheet. `municipality = None`: the area over the years; `Some(code)`: the
/// municipality beside the area in the report year.
pub(crate) fn mix_sheet(
    wb: &mut Workbook,
    input: &ReportInput,
    f: &Formats,
    dim: Dimension,
    sheet_key: &str,
    municipality: Option<(&str, &str)>,
) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let name = t(lang, sheet_key);
    let ws = wb.add_worksheet().set_name(&name)?;
    let area = area_code(input);
    let year = input.meta.last_year;
    let keys = MixKey::all(dim);
    let head = 3;
    let mut headers = vec![t(lang, &format!("dim_{}", dim.key()))];
    let mut rows = Vec::new();
    let chart_col: u16 = match municipality {
        None => {
            heading(ws, &format!("{} – {}", t(lang, sheet_key), input.meta.area_name), &input.meta.title, f)?;
            for y in input.meta.first_year..=year {
                headers.push(format!("{} {y}", t(lang, "events")));
                headers.push(format!("{} {y}", t(lang, "share_of_events")));
            }
            for k in &keys {
                let mut cells = vec![V::Text(key_label(lang, *k))];
                for y in input.meta.first_year..=year {
                    let (e, s) = mix_cells(find_mix(input, &area, y, *k));
                    cells.push(e);
                    cells.push(s);
                }
                rows.push(cells);
            }
            headers.len() as u16 - 1
        }
        Some((code, mname)) => {
            heading(ws, &format!("{mname}: {}", t(lang, sheet_key)), &format!("{} {year}", t(lang, "report_year")), f)?;
            headers.extend([
                format!("{mname}: {}", t(lang, "events")),
                format!("{mname}: {}", t(lang, "share_of_events")),
                format!("{}: {}", input.meta.area_name, t(lang, "events")),
                format!("{}: {}", input.meta.area_name, t(lang, "share_of_events")),
            ]);
            for k in &keys {
                let (e, s) = mix_cells(find_mix(input, code, year, *k));
                let (ae, a_s) = mix_cells(find_mix(input, &area, year, *k));
                rows.push(vec![V::Text(key_label(lang, *k)), e, s, ae, a_s]);
            }
            2
        }
    };
    let n = keys.len() as u32;
    let chart_h = (n * 22 + 120).max(320);
    let head = head + chart_rows(chart_h);
    let end = table(ws, head, &headers, &rows, f, min)?;
    ws.set_freeze_panes(head + 1, 1)?;
    let width = fit_header(ws, head, 0, &headers, &[30.0, 11.0], 16.0)?;
    note(ws, end + 1, headers.len(), width, input, f)?;
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(&format!("{} {year}", t(lang, sheet_key)));
    chart
        .add_series()
        .set_name(headers[chart_col as usize].as_str())
        .set_categories((name.as_str(), head + 1, 0, head + n, 0))
        .set_values((name.as_str(), head + 1, chart_col, head + n, chart_col))
        .set_format(&mut first_series_format());
    if municipality.is_some() {
        chart
            .add_series()
            .set_name(headers[4].as_str())
            .set_categories((name.as_str(), head + 1, 0, head + n, 0))
            .set_values((name.as_str(), head + 1, 4, head + n, 4))
            .set_format(&mut second_series_format());
    } else {
        chart.legend().set_hidden();
    }
    // In a bar chart the value axis is the x axis; categories read from the top.
    chart.x_axis().set_num_format("0%");
    chart.y_axis().set_reverse();
    let (code, cname) = municipality.unwrap_or((&area, &input.meta.area_name));
    let spec = crate::charts::figures::mix_chart(input, code, cname, dim, sheet_key_chart(dim));
    chart.set_width(640).set_height(chart_h).set_alt_text(alt(&spec));
    ws.insert_chart(3, 0, &chart)?;
    print_setup(ws, input, &name, head)?;
    Ok(())
}

/// The chart title key of a dimension's PNG chart.
fn sheet_key_chart(dim: Dimension) -> &'static str {
    DIMENSIONS.iter().find(|d| d.0 == dim).map_or("chart_topics", |d| d.2)
}

fn feedback_cells(r: Option<&Feedback>) -> Vec<V> {
    let Some(r) = r else { return vec![V::Blank, V::Blank, V::Blank, V::Blank, V::Blank] };
    if r.yes_no {
        return vec![V::Int(r.n), V::Blank, V::Pct(r.share_yes), V::Blank, V::Blank];
    }
    vec![V::Int(r.n), V::Dec(r.mean, 2), V::Pct(r.share_4_5), V::Pct(r.share_4_5_low), V::Pct(r.share_4_5_high)]
}

/// The feedback sheet: items of the report year (area or municipality beside area).
pub(crate) fn feedback_sheet(
    wb: &mut Workbook,
    input: &ReportInput,
    f: &Formats,
    municipality: Option<(&str, &str)>,
) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let name = t(lang, "sheet_feedback");
    let year = input.meta.last_year;
    let area = area_code(input);
    let ws = wb.add_worksheet().set_name(&name)?;
    let items = input.lookup.feedback_items(input.published);
    let find = |code: &str, item: &str| input.lookup.feedback(input.published, code, year, item);
    let label = |item: &str| item_label(lang, item);
    let base = [t(lang, "respondents"), t(lang, "mean"), t(lang, "share_4_5"), t(lang, "ci_low"), t(lang, "ci_high")];
    let mut headers = vec![t(lang, "item")];
    let mut rows = Vec::new();
    let (title, who) = match municipality {
        Some((_, mname)) => (format!("{mname}: {}", t(lang, "sheet_feedback")), Some(mname)),
        None => (format!("{} – {}", t(lang, "sheet_feedback"), input.meta.area_name), None),
    };
    heading(ws, &title, &format!("{} {year}; {}", t(lang, "report_year"), t(lang, "yes_share")), f)?;
    if let Some(m) = who {
        headers.extend(base.iter().map(|h| format!("{m}: {h}")));
    }
    headers.extend(base.iter().map(|h| format!("{}: {h}", input.meta.area_name)));
    for item in items {
        let mut cells = vec![V::Text(label(item))];
        if let Some((code, _)) = municipality {
            cells.extend(feedback_cells(find(code, item)));
        }
        cells.extend(feedback_cells(find(&area, item)));
        rows.push(cells);
    }
    let n = items.len() as u32;
    let chart_h = (n * 30 + 140).max(300);
    let head = 3 + if items.is_empty() { 0 } else { chart_rows(chart_h) };
    let end = table(ws, head, &headers, &rows, f, min)?;
    ws.set_freeze_panes(head + 1, 1)?;
    let width = fit_header(ws, head, 0, &headers, &[40.0, 10.0], 16.0)?;
    note(ws, end + 1, headers.len(), width, input, f)?;
    if items.is_empty() {
        ws.write_string_with_format(3, 0, t(lang, "no_data"), &f.subtitle)?;
    } else {
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name(&format!("{} {year}", t(lang, "chart_feedback")));
        let share_cols: Vec<u16> = if municipality.is_some() { vec![3, 8] } else { vec![3] };
        for (i, c) in share_cols.iter().enumerate() {
            chart
                .add_series()
                .set_name(headers[*c as usize].as_str())
                .set_categories((name.as_str(), head + 1, 0, head + n, 0))
                .set_values((name.as_str(), head + 1, *c, head + n, *c))
                .set_format(&mut if i == 0 { first_series_format() } else { second_series_format() });
        }
        if share_cols.len() == 1 {
            chart.legend().set_hidden();
        }
        chart.x_axis().set_num_format("0%").set_min(0).set_max(1);
        chart.y_axis().set_reverse();
        let alt_text = crate::charts::figures::feedback_chart_for(input, municipality.map(|m| m.0))
            .map(|spec| alt(&spec))
            .unwrap_or_else(|| t(lang, "chart_feedback"));
        chart.set_width(640).set_height(chart_h).set_alt_text(alt_text);
        ws.insert_chart(3, 0, &chart)?;
    }
    print_setup(ws, input, &name, head)?;
    Ok(())
}

fn quadrant_label(lang: &str, q: Option<&str>) -> V {
    q.map_or(V::Blank, |q| V::Text(t(lang, &format!("q.{q}"))))
}

/// An indicator's name in the report language, with its id.
fn indicator_title(lang: &str, id: u32) -> String {
    digihyte_core::indicators::indicator_name(id)
        .map(|n| {
            format!(
                "{} ({id})",
                match lang {
                    "sv" => n.title_sv,
                    "en" => n.title_en,
                    _ => n.title_fi,
                }
            )
        })
        .unwrap_or_else(|| format!("{} {id}", t(lang, "indicator")))
}

/// The indicators of the report year: one row per area (the municipality and the area, or
/// every municipality), one column per indicator and the year its value is from.
pub(crate) fn indicator_sheet(
    wb: &mut Workbook,
    input: &ReportInput,
    f: &Formats,
    municipality: Option<(&str, &str)>,
) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let year = input.meta.last_year;
    let name = t(lang, "sheet_indicators");
    let ws = wb.add_worksheet().set_name(&name)?;
    heading(ws, &format!("{} {year}", t(lang, "sheet_indicators")), &input.meta.title, f)?;
    let ids = input.lookup.indicator_ids(input.published);
    let mut headers = vec![t(lang, "area"), t(lang, "code")];
    for id in ids {
        headers.push(indicator_title(lang, *id));
        headers.push(format!("{} ({id})", t(lang, "year_used")));
    }
    let mut areas: Vec<(String, String)> = input
        .published
        .reach
        .iter()
        .filter(|r| r.year == year && municipality.is_none_or(|(c, _)| r.id.area_code == c || r.id.area_type != "municipality"))
        .map(|r| (r.id.area_code.clone(), r.area_name.clone()))
        .collect();
    areas.dedup();
    let mut rows = Vec::new();
    for (code, aname) in &areas {
        let mut cells = vec![V::Text(aname.clone()), V::Text(code.clone())];
        for id in ids {
            let r = input.lookup.indicator(input.published, code, year, *id);
            cells.push(V::Auto(opt(r.and_then(|r| r.value))));
            cells.push(r.and_then(|r| r.year_used).map_or(V::Blank, V::Year));
        }
        rows.push(cells);
    }
    let head = 3;
    let end = table(ws, head, &headers, &rows, f, min)?;
    ws.set_freeze_panes(head + 1, 1)?;
    // An indicator's title is long: its column is 18 wide and the header wraps.
    let mut mins = vec![22.0, 6.0];
    for _ in ids {
        mins.extend([18.0, 8.0]);
    }
    let width = fit_header(ws, head, 0, &headers, &mins, 18.0)?;
    if ids.is_empty() {
        ws.write_string_with_format(end + 1, 0, t(lang, "no_data"), &f.subtitle)?;
    }
    let _ = width;
    print_setup(ws, input, &name, head)?;
    Ok(())
}

/// Need and reach: the scatter chart of the report year above the need–reach table (need
/// index, clients per 1,000, quadrant and the need indicators of each municipality).
pub(crate) fn need_sheet(
    wb: &mut Workbook,
    input: &ReportInput,
    f: &Formats,
    municipality: Option<(&str, &str)>,
) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let year = input.meta.last_year;
    let need_rows: Vec<_> = input.published.need_reach.iter().filter(|r| r.year == year).collect();
    if need_rows.is_empty() {
        return Ok(());
    }
    let name = t(lang, "sheet_need");
    let ws = wb.add_worksheet().set_name(&name)?;
    heading(ws, &format!("{}: {} {year}", input.meta.area_name, t(lang, "sheet_need")), &input.meta.title, f)?;
    let chart_h = 420;
    // Under the chart: the correlation and the municipality's quadrant, then the table.
    let mut r = 3 + chart_rows(chart_h);
    let corr = input.published.need_correlation.iter().find(|c| c.year == year);
    if let Some(c) = corr {
        let text = match c.spearman {
            Some(rho) => format!("{}: {} (n = {})", t(lang, "spearman"), crate::locale::format_number(rho, 2, lang), c.n),
            None => format!("{}: {} (n = {})", t(lang, "spearman"), t(lang, "spearman_none"), c.n),
        };
        ws.write_string_with_format(r, 0, text, &f.subtitle)?;
        r += 1;
    }
    if let Some((code, _)) = municipality {
        if let Some(row) = need_rows.iter().find(|x| x.area_code == code) {
            let q = row.quadrant.map(|q| t(lang, &format!("q.{q}"))).unwrap_or_else(|| t(lang, "no_data"));
            ws.write_string_with_format(r, 0, format!("{}: {q}", t(lang, "quadrant")), &f.subtitle)?;
            r += 1;
        }
    }
    let nh = r + 1;
    let (headers, rows) = input.lookup.need_table(|| {
        let mut headers = vec![t(lang, "area"), t(lang, "code"), t(lang, "need_index"), t(lang, "clients_per_1000"), t(lang, "quadrant")];
        headers.extend(input.published.need_indicators.iter().map(|id| indicator_title(lang, *id)));
        let rows: Vec<Vec<V>> = need_rows
            .iter()
            .map(|r| {
                let mut cells = vec![
                    V::Text(r.area_name.clone()),
                    V::Text(r.area_code.clone()),
                    V::Dec(opt(r.need_index), 2),
                    V::Dec(r.clients_per_1000, 2),
                    quadrant_label(lang, r.quadrant),
                ];
                cells.extend(r.values.iter().map(|v| V::Dec(opt(*v), 1)));
                cells
            })
            .collect();
        (headers, rows)
    });
    let end = table(ws, nh, headers, rows, f, min)?;
    ws.set_freeze_panes(nh + 1, 1)?;
    let mut mins = vec![22.0, 6.0, 10.0, 11.0, 28.0];
    mins.extend(input.published.need_indicators.iter().map(|_| 18.0));
    let width = fit_header(ws, nh, 0, headers, &mins, 28.0)?;
    note(ws, end + 1, headers.len(), width, input, f)?;

    let n = need_rows.len() as u32;
    let mut chart = Chart::new(ChartType::Scatter);
    chart.title().set_name(&format!("{} {year}", t(lang, "chart_need")));
    let marker = |color: &str, size: u8| {
        ChartMarker::new()
            .set_type(ChartMarkerType::Circle)
            .set_size(size)
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)).set_border(ChartLine::new().set_color(color)),
            )
            .clone()
    };
    // Every municipality of the table as a point.
    let all = chart
        .add_series()
        .set_name(t(lang, "clients_per_1000").as_str())
        .set_categories((name.as_str(), nh + 1, 2, nh + n, 2))
        .set_values((name.as_str(), nh + 1, 3, nh + n, 3));
    let own = municipality.and_then(|(code, _)| need_rows.iter().position(|r| r.area_code == code));
    match own {
        // A municipality's appendix: the others in grey, itself larger, orange and named.
        Some(k) => {
            all.set_marker(&marker("8C8C8C", 6));
            let row = nh + 1 + k as u32;
            chart
                .add_series()
                .set_name((name.as_str(), row, 0))
                .set_categories((name.as_str(), row, 2, row, 2))
                .set_values((name.as_str(), row, 3, row, 3))
                .set_marker(&marker(SECOND, 10))
                .set_data_label(ChartDataLabel::new().show_series_name().set_position(ChartDataLabelPosition::Right));
        }
        // The area's workbook: each point named from the table's first column, while
        // the names can still be read (a national chart of 308 names is a blot).
        None if n as usize <= crate::charts::MAX_NAMED_POINTS => {
            let labels: Vec<ChartDataLabel> = (0..n)
                .map(|i| {
                    ChartDataLabel::new().set_value((name.as_str(), nh + 1 + i, 0)).set_position(ChartDataLabelPosition::Right).to_custom()
                })
                .collect();
            all.set_marker(&marker(FIRST, 7)).set_custom_data_labels(&labels);
        }
        None => {
            all.set_marker(&marker(FIRST, 6));
        }
    }
    chart.x_axis().set_name(t(lang, "need_index").as_str());
    chart.y_axis().set_name(t(lang, "clients_per_1000").as_str());
    chart.legend().set_hidden();
    let alt_text = crate::charts::figures::need_chart(input).map(|spec| alt(&spec)).unwrap_or_else(|| t(lang, "chart_need"));
    chart.set_width(640).set_height(chart_h).set_alt_text(alt_text);
    ws.insert_chart(3, 0, &chart)?;
    print_setup(ws, input, &name, nh)?;
    Ok(())
}

/// The actor survey: every municipality (or one) over the years.
pub(crate) fn actor_sheet(wb: &mut Workbook, input: &ReportInput, f: &Formats, municipality: Option<&str>) -> Result<(), ReportError> {
    if input.published.actor_survey.is_empty() {
        return Ok(());
    }
    let lang = input.meta.language.as_str();
    let name = t(lang, "sheet_actor");
    let ws = wb.add_worksheet().set_name(&name)?;
    heading(ws, &t(lang, "sheet_actor"), &input.meta.title, f)?;
    let yn = |v: Option<bool>| {
        V::Text(t(
            lang,
            match v {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            },
        ))
    };
    let names: std::collections::HashMap<&str, &str> =
        input.published.reach.iter().map(|r| (r.id.area_code.as_str(), r.area_name.as_str())).collect();
    let headers = [
        t(lang, "area"),
        t(lang, "code"),
        t(lang, "year"),
        t(lang, "in_report"),
        t(lang, "in_plan"),
        t(lang, "contact_person"),
        t(lang, "support_points_survey"),
    ];
    let rows: Vec<Vec<V>> = input
        .published
        .actor_survey
        .iter()
        .filter(|r| municipality.is_none_or(|c| r.area_code == c))
        .map(|r| {
            vec![
                V::Text(names.get(r.area_code.as_str()).unwrap_or(&"").to_string()),
                V::Text(r.area_code.clone()),
                V::Year(r.year),
                yn(r.in_report),
                yn(r.in_plan),
                yn(r.contact_person),
                r.support_points.map_or(V::Blank, |s| V::Int(Cell::Value(u64::from(s)))),
            ]
        })
        .collect();
    let head = 3;
    table(ws, head, &headers, &rows, f, input.meta.min_count)?;
    ws.set_freeze_panes(head + 1, 1)?;
    fit_header(ws, head, 0, &headers, &[22.0, 6.0, 6.0, 16.0], 22.0)?;
    print_setup(ws, input, &name, head)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;

    fn part(xlsx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// The value of `name="…"` in an XML tag.
    fn attr(tag: &str, name: &str) -> Option<String> {
        let tag = format!(" {}", tag.split('>').next()?);
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next().map(str::to_string)
    }

    /// Every written cell of the first sheet: its reference, its value, and the number
    /// format it shows with (through its style, or its column's).
    fn cells_as_shown(xlsx: &[u8]) -> BTreeMap<String, (String, String)> {
        let styles = part(xlsx, "xl/styles.xml");
        let mut codes: BTreeMap<String, String> = [("0", "General"), ("1", "0"), ("3", "#,##0"), ("4", "#,##0.00"), ("10", "0.00%")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        for tag in styles.split("<numFmt ").skip(1) {
            codes.insert(attr(tag, "numFmtId").unwrap(), attr(tag, "formatCode").unwrap().replace("&quot;", "\""));
        }
        let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
        let shown: Vec<String> = xfs.split("<xf ").skip(1).map(|x| codes[&attr(x, "numFmtId").unwrap()].clone()).collect();
        let sheet = part(xlsx, "xl/worksheets/sheet1.xml");
        let mut out = BTreeMap::new();
        for c in sheet.split("<c ").skip(1) {
            let style = attr(c, "s").map_or(0, |s| s.parse::<usize>().unwrap());
            let value = c.split("<v>").nth(1).map_or("", |v| v.split("</v>").next().unwrap());
            out.insert(attr(c, "r").unwrap(), (value.to_string(), shown[style].clone()));
        }
        out
    }

    fn workbook(rows: &[Vec<V>], by_column: bool) -> Vec<u8> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string_with_format(0, 2, "A title above the table", &f.title).unwrap();
        let headers: Vec<String> = ["area", "code", "index", "per 1000", "events", "share", "year"].map(String::from).to_vec();
        write_table(ws, 2, &headers, rows, &f, 5, by_column).unwrap();
        wb.save_to_buffer().unwrap()
    }

    /// A long table's numbers show with the same formats whether each cell carries its
    /// format or its column does; a column of mixed formats (whole numbers and decimals,
    /// `Auto`) keeps its formats per cell, and marks and blanks are as before.
    #[test]
    fn column_formats_show_as_cell_formats() {
        let rows: Vec<Vec<V>> = (0..80u32)
            .map(|i| {
                vec![
                    V::Text(format!("Kunta {i}")),
                    V::Text(format!("{:03}", i)),
                    if i % 7 == 0 { V::Dec(Cell::Hidden, 2) } else { V::Dec(Cell::Value(f64::from(i) / 7.0), 2) },
                    V::Auto(Cell::Value(if i % 2 == 0 { f64::from(i) } else { f64::from(i) + 0.5 })),
                    match i % 11 {
                        0 => V::Int(Cell::Small),
                        1 => V::Int(Cell::Secondary),
                        _ => V::Int(Cell::Value(u64::from(i) * 1000)),
                    },
                    V::Pct(Cell::Value(f64::from(i) / 100.0)),
                    V::Year(2024),
                ]
            })
            .collect();
        let by_column = workbook(&rows, true);
        let by_cell = workbook(&rows, false);
        let (a, b) = (cells_as_shown(&by_column), cells_as_shown(&by_cell));
        assert_eq!(a, b);
        assert_eq!(a["C5"], ("0.14285714285714285".to_string(), "#,##0.00".to_string()));
        assert_eq!(a["D5"].1, "#,##0.0");
        assert_eq!(a["D6"].1, "#,##0");
        assert_eq!(a["F5"].1, "0.0%");
        assert_eq!(a["G5"].1, "0");
        assert!(!a.contains_key("C4"), "a hidden value is not written");
        // The column styles are there: the numbers of C, E, F and G take theirs, not D's mix.
        let sheet = part(&by_column, "xl/worksheets/sheet1.xml");
        let cols = sheet.split("<cols>").nth(1).unwrap().split("</cols>").next().unwrap();
        assert_eq!(cols.matches("style=").count(), 4, "{cols}");
        assert!(!part(&by_cell, "xl/worksheets/sheet1.xml").contains("style="));
    }
}
