//! Excel workbooks: the regional workbook, one appendix per municipality, the rejected
//! rows, and the input templates. Only the modules of this folder know rust_xlsxwriter.
//! Text from inputs is always written as text, never as a formula.

pub(crate) mod sheets;
pub mod template;

use crate::locale::{t, tf};
use crate::{ReportError, ReportInput};
use digihyte_core::{RejectReason, SkipKind};
use digihyte_publish::{Cell, Reach};
use rust_xlsxwriter::{Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) subtitle: Format,
    pub(crate) header: Format,
    pub(crate) int: Format,
    pub(crate) dec1: Format,
    pub(crate) dec2: Format,
    pub(crate) pct: Format,
    pub(crate) plain: Format,
    pub(crate) text: Format,
    pub(crate) suppressed: Format,
    pub(crate) note: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic().set_font_color("595959"),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color("D9E2F3")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
            int: Format::new().set_num_format("#,##0"),
            dec1: Format::new().set_num_format("#,##0.0"),
            dec2: Format::new().set_num_format("#,##0.00"),
            pct: Format::new().set_num_format("0.0%"),
            plain: Format::new().set_num_format("0"),
            text: Format::new(),
            suppressed: Format::new().set_align(FormatAlign::Right).set_font_color("595959"),
            note: Format::new().set_italic().set_font_color("595959").set_font_size(9),
        }
    }
}

/// Creation date fixed to the run date, so that the same run gives the same bytes.
pub(crate) fn new_workbook(input: &ReportInput) -> Result<Workbook, ReportError> {
    let mut wb = Workbook::new();
    let d = input.meta.run_date;
    use chrono::Datelike;
    let created = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    let title = input.meta.title.clone();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title(&title).set_author("digihyte"));
    Ok(wb)
}

/// A4 print set-up with the page title and the source credit.
pub(crate) fn print_setup(ws: &mut Worksheet, input: &ReportInput, page_title: &str, header_row: u32) -> Result<(), ReportError> {
    let esc = |s: &str| s.replace('&', "&&");
    let lang = input.meta.language.as_str();
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&L&\"-,Bold\"{}&R{}", esc(page_title), esc(&input.meta.title)));
    ws.set_footer(format!("&L{}&R&P / &N", esc(&t(lang, "source_line"))));
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// Rows that a chart `height_px` high covers at the default row height (20 px), and one
/// row of space below it.
pub(crate) fn chart_rows(height_px: u32) -> u32 {
    height_px.div_ceil(20) + 1
}

/// Column widths (in characters) for a table whose header row is `headers`: each column at
/// least `min` wide and as wide as the longest word of its header (a header is wrapped
/// between words, never inside one), at most `max`; and the header row's height for the
/// lines its longest header takes. Sets both on the sheet.
pub(crate) fn fit_header(
    ws: &mut Worksheet,
    row: u32,
    first_col: u16,
    headers: &[String],
    min: &[f64],
    max: f64,
) -> Result<f64, ReportError> {
    let mut lines = 1usize;
    let mut total = 0.0;
    for (i, h) in headers.iter().enumerate() {
        let longest = h.split([' ', '/']).map(|w| w.chars().count()).max().unwrap_or(0) as f64;
        let lo = min.get(i).copied().unwrap_or_else(|| min.last().copied().unwrap_or(10.0));
        // Bold text is a little wider than the width unit (a digit of the default font).
        let width = (longest * 1.15 + 1.5).max(lo).min(max.max(lo));
        ws.set_column_width(first_col + i as u16, width)?;
        total += width;
        lines = lines.max(wrapped_lines(h, width));
    }
    ws.set_row_height(row, 15.0 * lines as f64 + 4.0)?;
    Ok(total)
}

/// A paragraph across columns `0..cols` (`width` characters in all), wrapped, its row as
/// high as its lines: text wider than the table would be cut off in print.
pub(crate) fn text_row(ws: &mut Worksheet, row: u32, cols: u16, width: f64, text: &str, fmt: &Format) -> Result<(), ReportError> {
    let per_line = (width * 1.1).max(20.0) as usize;
    let lines: usize = text.split('\n').map(|l| l.chars().count().div_ceil(per_line).max(1)).sum();
    let fmt = fmt.clone().set_text_wrap().set_align(FormatAlign::Top);
    if cols > 1 {
        ws.merge_range(row, 0, row, cols - 1, text, &fmt)?;
    } else {
        ws.write_string_with_format(row, 0, text, &fmt)?;
    }
    ws.set_row_height(row, 15.0 * lines as f64 + 3.0)?;
    Ok(())
}

/// How many lines `text` takes wrapped at word boundaries in a column `width` characters
/// wide (bold).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = ((width - 1.0) / 1.15).max(1.0) as usize;
    let mut lines = 1;
    let mut used = 0usize;
    for word in text.split(' ') {
        let n = word.chars().count();
        if used == 0 {
            used = n;
        } else if used + 1 + n <= room {
            used += 1 + n;
        } else {
            lines += 1;
            used = n;
        }
    }
    lines
}

/// Text for one cell: at most what Excel holds in a cell (32 767 characters), cut with `…`.
pub(crate) fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_000;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
        None => std::borrow::Cow::Borrowed(s),
    }
}

/// The workbooks' mark of a cell hidden by secondary suppression (not a small count), as
/// Statistics Finland marks a figure that is withheld.
pub const SECONDARY_MARK: &str = "..";

fn write_pub_int(ws: &mut Worksheet, row: u32, col: u16, v: &Cell<u64>, min: u32, f: &Formats) -> Result<(), ReportError> {
    match v {
        Cell::Value(n) => ws.write_number_with_format(row, col, *n as f64, &f.int)?,
        Cell::Small => ws.write_string_with_format(row, col, format!("<{min}"), &f.suppressed)?,
        Cell::Secondary => ws.write_string_with_format(row, col, SECONDARY_MARK, &f.suppressed)?,
        Cell::Hidden => ws.write_blank(row, col, &f.text)?,
    };
    Ok(())
}

fn write_pub_num(ws: &mut Worksheet, row: u32, col: u16, v: &Cell<f64>, fmt: &Format) -> Result<(), ReportError> {
    match v {
        Cell::Value(n) => ws.write_number_with_format(row, col, *n, fmt)?,
        _ => ws.write_blank(row, col, fmt)?,
    };
    Ok(())
}

fn write_opt(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>, fmt: &Format) -> Result<(), ReportError> {
    match v {
        Some(n) => ws.write_number_with_format(row, col, n, fmt)?,
        None => ws.write_blank(row, col, fmt)?,
    };
    Ok(())
}

/// The reach columns of a workbook table (label keys).
const REACH_HEADERS: &[&str] = &[
    "area",
    "code",
    "year",
    "events",
    "clients",
    "unique_clients",
    "hours",
    "support_points",
    "clients_65plus",
    "clients_75plus",
    "population",
    "population_year",
    "clients_per_1000",
    "clients_65plus_per_1000",
    "clients_75plus_per_1000",
];

/// Column of `clients_per_1000` in [`REACH_HEADERS`].
pub(crate) const RATE_COL: u16 = 12;
pub(crate) const YEAR_COL: u16 = 2;
pub(crate) const CLIENTS_COL: u16 = 4;

/// Writes a reach table with its header at `row`; returns the row after it.
pub(crate) fn reach_table(
    ws: &mut Worksheet,
    row: u32,
    rows: &[&Reach],
    input: &ReportInput,
    f: &Formats,
) -> Result<(u32, f64), ReportError> {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let headers: Vec<String> = REACH_HEADERS.iter().map(|k| t(lang, k)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
    }
    let longest_name = rows.iter().map(|r| r.area_name.chars().count()).max().unwrap_or(10) as f64;
    let width = fit_header(ws, row, 0, &headers, &[(longest_name + 2.0).clamp(12.0, 26.0), 6.0, 6.0, 9.0], 16.0)?;
    let mut r = row + 1;
    for p in rows {
        let x = p;
        ws.write_string(r, 0, &x.area_name)?;
        ws.write_string(r, 1, &x.id.area_code)?;
        ws.write_number(r, 2, x.year)?;
        write_pub_int(ws, r, 3, &p.events, min, f)?;
        write_pub_int(ws, r, 4, &p.clients, min, f)?;
        write_pub_int(ws, r, 5, &p.unique_clients, min, f)?;
        write_pub_num(ws, r, 6, &p.hours, &f.dec1)?;
        ws.write_number_with_format(r, 7, x.support_points as f64, &f.int)?;
        write_pub_int(ws, r, 8, &p.clients_65plus, min, f)?;
        write_pub_int(ws, r, 9, &p.clients_75plus, min, f)?;
        write_opt(ws, r, 10, x.population, &f.int)?;
        match x.population_year {
            Some(y) => ws.write_number(r, 11, y)?,
            None => ws.write_blank(r, 11, &f.text)?,
        };
        write_pub_num(ws, r, 12, &p.clients_per_1000, &f.dec2)?;
        write_pub_num(ws, r, 13, &p.clients_65plus_per_1000_65plus, &f.dec2)?;
        write_pub_num(ws, r, 14, &p.clients_75plus_per_1000_75plus, &f.dec2)?;
        r += 1;
    }
    Ok((r, width))
}

fn title_block(ws: &mut Worksheet, title: &str, subtitle: &str, f: &Formats) -> Result<(), ReportError> {
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    Ok(())
}

/// The two notes under a table: what `<5` means and what `..` means.
pub(crate) fn suppression_note(
    ws: &mut Worksheet,
    row: u32,
    cols: u16,
    width: f64,
    input: &ReportInput,
    f: &Formats,
) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let n = [("n", input.meta.min_count.to_string())];
    // The notes are in 9 pt: more of them fits on a line.
    text_row(ws, row, cols, width * 1.2, &tf(lang, "suppressed_note", &n), &f.note)?;
    text_row(ws, row + 1, cols, width * 1.2, &tf(lang, "secondary_note", &n), &f.note)?;
    Ok(())
}

/// The alternative text of a native chart, from what the same chart shows as a picture,
/// within Excel's 255 characters: a longer one is cut after a whole figure and says that
/// the table under the chart has them all.
pub(crate) fn alt(spec: &crate::charts::ChartSpec) -> String {
    let text = crate::charts::alt_text(spec);
    let lang = spec.lang();
    fit_alt(&text, lang)
}

fn fit_alt(text: &str, lang: &str) -> String {
    const MAX: usize = 255;
    if text.encode_utf16().count() <= MAX {
        return text.to_string();
    }
    let more = crate::locale::localized(
        lang,
        " … Kaikki luvut ovat kaavion alla olevassa taulukossa.",
        " … Alla tal finns i tabellen under diagrammet.",
        " … The table under the chart has every figure.",
    );
    let room = MAX - more.encode_utf16().count();
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        cut.push(c);
    }
    // End after a whole figure.
    if let Some(i) = cut.rfind(';').or_else(|| cut.rfind(". ")) {
        cut.truncate(i);
    }
    format!("{cut}{more}")
}

fn sources_sheet(wb: &mut Workbook, input: &ReportInput, scope: Option<&str>, f: &Formats) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let ws = wb.add_worksheet().set_name(t(lang, "sheet_sources"))?;
    // Text in B:I (merged, its height set from its length), so that the tables below have
    // columns of their own width.
    ws.set_column_width(0, 28)?;
    ws.set_column_range_width(1, 8, 13)?;
    ws.write_string_with_format(0, 0, t(lang, "sheet_sources"), &f.title)?;
    let m = &input.meta;
    let mut r = 2;
    for (k, v) in [
        ("program", format!("digihyte {}", m.version)),
        ("pipeline_file", format!("{} (sha256 {})", m.pipeline_path, m.pipeline_sha256)),
        ("run_date", m.run_date.format("%Y-%m-%d").to_string()),
        ("years", format!("{}–{}", m.first_year, m.last_year)),
        ("suppression", tf(lang, "suppressed_note", &[("n", m.min_count.to_string())])),
        ("secondary", tf(lang, "secondary_note", &[("n", m.min_count.to_string())])),
        ("method", t(lang, "method_text")),
        ("derived", t(lang, "derived_text")),
        ("words", t(lang, "words_text")),
    ] {
        ws.write_string_with_format(r, 0, t(lang, k), &f.header)?;
        paragraph(ws, r, &v)?;
        r += 1;
    }
    // Which year each indicator's value is from, in the report year (indicators lag).
    let mut used: std::collections::BTreeMap<u32, std::collections::BTreeSet<i32>> = Default::default();
    for row in input.published.indicators.iter().filter(|x| x.year == m.last_year) {
        if let Some(y) = row.year_used {
            used.entry(row.indicator).or_default().insert(y);
        }
    }
    let pop_years: std::collections::BTreeSet<i32> =
        input.published.reach.iter().filter(|x| x.year == m.last_year).filter_map(|x| x.population_year).collect();
    let mut lines: Vec<String> = Vec::new();
    if !pop_years.is_empty() {
        lines.push(format!(
            "{} ({}): {}",
            t(lang, "population"),
            m.last_year,
            pop_years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    for (id, years) in &used {
        lines.push(format!("{} {id}: {}", t(lang, "indicator"), years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")));
    }
    if !lines.is_empty() {
        ws.write_string_with_format(r, 0, t(lang, "indicator_years"), &f.header)?;
        paragraph(ws, r, &lines.join("\n"))?;
        r += 1;
    }
    r = suppression_cost_table(ws, r + 1, input, f)?;
    r = other_unknown_table(ws, r + 1, input, scope, f)?;
    r += 1;
    ws.write_string_with_format(r, 0, t(lang, "credits"), &f.header)?;
    for line in crate::CREDITS {
        r += 1;
        paragraph(ws, r, line)?;
    }
    print_setup(ws, input, &t(lang, "sheet_sources"), 0)?;
    Ok(())
}

/// A paragraph in B:I of the sources sheet, the row as high as its wrapped lines.
fn paragraph(ws: &mut Worksheet, row: u32, text: &str) -> Result<(), ReportError> {
    // B:I are 8 × 13 characters wide; about 110 characters of body text fit on a line.
    let lines: usize = text.split('\n').map(|l| l.chars().count().div_ceil(100).max(1)).sum();
    let fmt = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.merge_range(row, 1, row, 8, text, &fmt)?;
    ws.set_row_height(row, 15.0 * lines as f64 + 2.0)?;
    Ok(())
}

/// How many cells suppression hid in each published table (the manifest says the same).
fn suppression_cost_table(ws: &mut Worksheet, row: u32, input: &ReportInput, f: &Formats) -> Result<u32, ReportError> {
    let lang = input.meta.language.as_str();
    let n = [("n", input.meta.min_count.to_string())];
    ws.write_string_with_format(row, 0, t(lang, "suppression_cost"), &f.subtitle)?;
    let head = row + 1;
    for (c, h) in ["table", "hidden_primary", "hidden_secondary", "hidden_withheld"].iter().enumerate() {
        ws.write_string_with_format(head, c as u16, tf(lang, h, &n), &f.header)?;
    }
    ws.set_row_height(head, 45.0)?;
    let mut r = head;
    for (table, hidden) in &input.published.cost.tables {
        r += 1;
        ws.write_string(r, 0, t(lang, &format!("table.{table}")))?;
        ws.write_number_with_format(r, 1, hidden.primary as f64, &f.int)?;
        ws.write_number_with_format(r, 2, hidden.secondary as f64, &f.int)?;
        ws.write_number_with_format(r, 3, hidden.withheld as f64, &f.int)?;
    }
    Ok(r + 1)
}

/// The events whose topic, channel, provider or age is `other` or `unknown`, per area and
/// year, as published (the same cells as the mix sheets): the workbook's own municipality
/// and the area, or every area of the regional workbook.
fn other_unknown_table(ws: &mut Worksheet, row: u32, input: &ReportInput, scope: Option<&str>, f: &Formats) -> Result<u32, ReportError> {
    use digihyte_core::vocabulary::Dimension;
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    const COLUMNS: [(Dimension, &str); 7] = [
        (Dimension::Topic, "other"),
        (Dimension::Topic, "unknown"),
        (Dimension::Channel, "other"),
        (Dimension::Channel, "unknown"),
        (Dimension::ProviderType, "other"),
        (Dimension::ProviderType, "unknown"),
        (Dimension::AgeGroup, "unknown"),
    ];
    ws.write_string_with_format(row, 0, t(lang, "words_table"), &f.subtitle)?;
    let head = row + 1;
    ws.write_string_with_format(head, 0, t(lang, "area"), &f.header)?;
    ws.write_string_with_format(head, 1, t(lang, "year"), &f.header)?;
    for (c, (dim, key)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(head, c as u16 + 2, t(lang, &format!("{}.{key}_short", dim.key())), &f.header)?;
    }
    ws.set_row_height(head, 32.0)?;
    let mut r = head;
    let rows = input.published.reach.iter().filter(|p| match scope {
        Some(code) => p.id.area_code == code || p.id.area_type != "municipality",
        None => true,
    });
    for p in rows {
        r += 1;
        ws.write_string(r, 0, &p.area_name)?;
        ws.write_number_with_format(r, 1, p.year as f64, &f.plain)?;
        for (c, (dim, key)) in COLUMNS.iter().enumerate() {
            let cell =
                digihyte_publish::MixKey::parse(dim.key(), key).and_then(|k| input.lookup.mix(input.published, &p.id.area_code, p.year, k));
            match cell {
                Some(m) => write_pub_int(ws, r, c as u16 + 2, &m.events, min, f)?,
                None => {
                    ws.write_blank(r, c as u16 + 2, &f.text)?;
                }
            }
        }
    }
    Ok(r + 1)
}

fn quality_sheet(wb: &mut Workbook, input: &ReportInput, f: &Formats) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let ws = wb.add_worksheet().set_name(t(lang, "sheet_quality"))?;
    ws.write_string_with_format(0, 0, t(lang, "sheet_quality"), &f.title)?;
    ws.write_string_with_format(1, 0, t(lang, "inputs"), &f.subtitle)?;
    let heads = [
        "file",
        "rows_read",
        "rows_accepted",
        "rows_rejected",
        "rows_skipped",
        "skipped_blank",
        "skipped_total",
        "skipped_out_of_scope",
        "skipped_title",
        "not_read",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, t(lang, h), &f.header)?;
    }
    ws.set_freeze_panes(3, 1)?;
    let mut r = 3;
    for a in input.accounts {
        ws.write_string(r, 0, &a.path)?;
        for (c, v) in [a.rows_read, a.rows_accepted, a.rows_rejected, a.rows_skipped()].iter().enumerate() {
            ws.write_number_with_format(r, 1 + c as u16, *v as f64, &f.int)?;
        }
        for k in SkipKind::ALL {
            ws.write_number_with_format(r, 5 + *k as u16, a.skipped[*k as usize] as f64, &f.int)?;
        }
        if let Some(e) = &a.error {
            ws.write_string(r, 9, e)?;
        }
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, t(lang, "rejections_by_reason"), &f.subtitle)?;
    r += 1;
    ws.write_string_with_format(r, 0, t(lang, "reason"), &f.header)?;
    ws.write_string_with_format(r, 1, t(lang, "count"), &f.header)?;
    for reason in RejectReason::ALL {
        let n = input.rejections.iter().filter(|x| x.reason == *reason).count();
        if n > 0 {
            r += 1;
            ws.write_string(r, 0, crate::locale::reason(lang, reason.key()))?;
            ws.write_number_with_format(r, 1, n as f64, &f.int)?;
        }
    }
    r += 2;
    ws.write_string_with_format(r, 0, t(lang, "unknown_words"), &f.subtitle)?;
    r += 1;
    for (c, h) in ["field", "word", "count", "counted_as", "maybe", "where"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, t(lang, h), &f.header)?;
    }
    for u in input.unknown_words {
        r += 1;
        ws.write_string(r, 0, &u.field)?;
        ws.write_string(r, 1, &u.word)?;
        ws.write_number_with_format(r, 2, u.count as f64, &f.int)?;
        ws.write_string(r, 3, &u.counted_as)?;
        match (&u.suggestion, &u.note) {
            (Some((k, like)), _) => ws.write_string(r, 4, format!("{k} ({like})"))?,
            (None, Some(n)) => ws.write_string(r, 4, n)?,
            (None, None) => ws.write_string(r, 4, "–")?,
        };
        ws.write_string(r, 5, cell_text(&u.where_()))?;
    }
    if !input.unknown_words.is_empty() {
        r += 2;
        ws.write_string_with_format(r, 0, t(lang, "words_block"), &f.note)?;
        let mono = Format::new().set_font_name("Courier New").set_font_size(9);
        for line in digihyte_core::words_block(input.unknown_words).lines() {
            r += 1;
            ws.write_string_with_format(r, 1, cell_text(line), &mono)?;
        }
    }
    r += 2;
    ws.write_string_with_format(r, 0, t(lang, "duplicates"), &f.subtitle)?;
    r += 1;
    for (c, h) in ["file", "sheet", "rows", "times"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, t(lang, h), &f.header)?;
    }
    for group in input.duplicates {
        r += 1;
        let first = group[0];
        let account = input.accounts.get(first.file as usize);
        ws.write_string(r, 0, account.map_or("", |a| a.path.as_str()))?;
        ws.write_string(r, 1, account.and_then(|a| a.sheets.get(first.sheet as usize)).map_or("", |s| s.as_str()))?;
        // Rows of the same file and sheet as the first; others are named with their file.
        let rows: Vec<String> = group
            .iter()
            .map(|o| {
                if o.file == first.file && o.sheet == first.sheet {
                    o.row.to_string()
                } else {
                    format!("{} › {}", input.accounts.get(o.file as usize).map_or("", |a| a.path.as_str()), o.row)
                }
            })
            .collect();
        ws.write_string(r, 2, rows.join(", "))?;
        ws.write_number_with_format(r, 3, group.len() as f64, &f.int)?;
    }
    r += 2;
    ws.write_string_with_format(r, 0, t(lang, "warnings"), &f.subtitle)?;
    for w in input.warnings {
        r += 1;
        ws.write_string(r, 0, if w.file.is_empty() { "–" } else { &w.file })?;
        ws.write_string(r, 1, cell_text(&w.message))?;
    }
    ws.set_column_width(0, 40)?;
    for c in 1..=8 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(9, 60)?;
    print_setup(ws, input, &t(lang, "sheet_quality"), 2)?;
    Ok(())
}

/// The regional workbook.
/// The regional workbook; `maps` are the area's maps as drawn for `charts/` (what each
/// shows, and its PNG), placed on the maps sheet.
pub fn regional(input: &ReportInput, maps: &[(&crate::charts::ChartSpec, &[u8])]) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new();
    let lang = input.meta.language.as_str();
    let mut wb = new_workbook(input)?;
    let area = crate::reach_rows(input, None);
    let report_year = input.meta.last_year;
    {
        // Summary: the headline, the area's trend chart, the area's reach by year.
        let sheet = t(lang, "sheet_summary");
        let ws = wb.add_worksheet().set_name(&sheet)?;
        title_block(ws, &input.meta.title, &format!("{} {}–{}", t(lang, "years"), input.meta.first_year, report_year), &f)?;
        let lines = crate::summary::headlines(input, None);
        let chart_h = 300;
        let chart_top = 3 + lines.len() as u32 + 1;
        let head = chart_top + if area.is_empty() { 0 } else { chart_rows(chart_h) };
        let (end, width) = reach_table(ws, head, &area, input, &f)?;
        for (i, line) in lines.iter().enumerate() {
            text_row(ws, 3 + i as u32, REACH_HEADERS.len() as u16, width, line, &f.text)?;
        }
        suppression_note(ws, end + 1, REACH_HEADERS.len() as u16, width, input, &f)?;
        if !area.is_empty() {
            let n = area.len() as u32;
            let title = format!("{}: {}", input.meta.area_name, t(lang, "chart_clients_trend"));
            let spec = crate::charts::ChartSpec::Bar(crate::charts::BarChart {
                title: title.clone(),
                y_label: t(lang, "clients"),
                categories: area.iter().map(|p| p.year.to_string()).collect(),
                series: vec![crate::charts::Series {
                    label: t(lang, "clients"),
                    values: area.iter().map(|p| p.clients.value().map(|v| v as f64)).collect(),
                }],
                decimals: 0,
                source: t(lang, "source_line"),
                lang: lang.to_string(),
            });
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name(&title);
            chart
                .add_series()
                .set_name(t(lang, "clients").as_str())
                .set_categories((sheet.as_str(), head + 1, YEAR_COL, head + n, YEAR_COL))
                .set_values((sheet.as_str(), head + 1, CLIENTS_COL, head + n, CLIENTS_COL))
                .set_format(&mut crate::workbooks::sheets::first_series_format());
            chart.legend().set_hidden();
            chart.set_width(560).set_height(chart_h).set_alt_text(alt(&spec));
            ws.insert_chart(chart_top, 0, &chart)?;
        }
        print_setup(ws, input, &sheet, head)?;
    }
    {
        // Reach: every area and year (a long table; its chart is on a sheet of its own).
        let ws = wb.add_worksheet().set_name(t(lang, "sheet_reach"))?;
        title_block(ws, &t(lang, "sheet_reach"), &input.meta.title, &f)?;
        // Report year first, so the chart's range is one block; municipalities by name in
        // the report language (the chart's order), then the area.
        let mut rows = crate::municipalities_by_name(input, report_year);
        rows.extend(input.published.reach.iter().filter(|p| p.year == report_year && p.id.area_type != "municipality"));
        let mut earlier: Vec<&Reach> = input.published.reach.iter().filter(|p| p.year != report_year).collect();
        earlier.sort_by_cached_key(|p| (p.id.area_type != "municipality", crate::locale::name_key(&p.area_name), p.year));
        rows.extend(earlier);
        let head = 3;
        let (end, width) = reach_table(ws, head, &rows, input, &f)?;
        ws.set_freeze_panes(head + 1, 1)?;
        suppression_note(ws, end + 1, REACH_HEADERS.len() as u16, width, input, &f)?;
        print_setup(ws, input, &t(lang, "sheet_reach"), head)?;
    }
    let n_munis = input.published.reach.iter().filter(|p| p.year == report_year && p.id.area_type == "municipality").count() as u32;
    // The rates by municipality as a native chart, on a sheet of its own so that it prints on
    // one page; beyond 60 municipalities the bars cannot be read on a page (the PNG in
    // charts/ has them all).
    if n_munis > 0 && n_munis <= 60 {
        let sheet = t(lang, "sheet_reach_chart");
        let ws = wb.add_worksheet().set_name(&sheet)?;
        let spec = crate::charts::figures::rate_by_municipality(input);
        let title = format!("{}: {} {report_year}", input.meta.area_name, t(lang, "chart_rate_title"));
        title_block(ws, &title, &input.meta.title, &f)?;
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name(&format!("{} {report_year}", t(lang, "chart_rate_title")));
        let data = t(lang, "sheet_reach");
        chart
            .add_series()
            .set_name(t(lang, "clients_per_1000").as_str())
            .set_categories((data.as_str(), 4, 0, 3 + n_munis, 0))
            .set_values((data.as_str(), 4, RATE_COL, 3 + n_munis, RATE_COL))
            .set_format(&mut crate::workbooks::sheets::first_series_format());
        chart.legend().set_hidden();
        // Every municipality's name, also where LibreOffice would skip every other one
        // (in a Bar chart the category axis is rust_xlsxwriter's y axis).
        chart.y_axis().set_reverse().set_label_interval(1).set_font(rust_xlsxwriter::ChartFont::new().set_size(8));
        chart.set_width(720).set_height((n_munis * 16 + 110).clamp(300, 600)).set_alt_text(alt(&spec));
        ws.insert_chart(3, 0, &chart)?;
        ws.set_column_width(0, 30)?;
        print_setup(ws, input, &sheet, 0)?;
        ws.set_repeat_rows(0, 0)?;
    }
    if !maps.is_empty() {
        maps_sheet(&mut wb, input, maps, &f)?;
    }
    for (dim, sheet, _) in crate::workbooks::sheets::DIMENSIONS {
        crate::workbooks::sheets::mix_sheet(&mut wb, input, &f, *dim, sheet, None)?;
    }
    crate::workbooks::sheets::feedback_sheet(&mut wb, input, &f, None)?;
    crate::workbooks::sheets::indicator_sheet(&mut wb, input, &f, None)?;
    crate::workbooks::sheets::need_sheet(&mut wb, input, &f, None)?;
    crate::workbooks::sheets::actor_sheet(&mut wb, input, &f, None)?;
    quality_sheet(&mut wb, input, &f)?;
    sources_sheet(&mut wb, input, None, &f)?;
    Ok(wb.save_to_buffer()?)
}

/// The appendix workbook of one municipality: its figures beside the area's.
pub fn municipal(input: &ReportInput, code: &str) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new();
    let lang = input.meta.language.as_str();
    let mut wb = new_workbook(input)?;
    let own = crate::reach_rows(input, Some(code));
    let area = crate::reach_rows(input, None);
    let name = own.first().map(|p| p.area_name.clone()).unwrap_or_default();
    {
        // Reach: the headline, the municipality's rate beside the area's, the table.
        let sheet = t(lang, "sheet_reach");
        let ws = wb.add_worksheet().set_name(&sheet)?;
        title_block(ws, &format!("{name}: {}", t(lang, "report_title")), &input.meta.title, &f)?;
        let lines = crate::summary::headlines(input, Some(code));
        let n = own.len() as u32;
        let chart_h = 320;
        let chart_top = 3 + lines.len() as u32 + 1;
        let head = chart_top + if n > 0 { chart_rows(chart_h) } else { 0 };
        let mut rows = own.clone();
        rows.extend(area.iter().copied());
        let (end, width) = reach_table(ws, head, &rows, input, &f)?;
        for (i, line) in lines.iter().enumerate() {
            text_row(ws, 3 + i as u32, REACH_HEADERS.len() as u16, width, line, &f.text)?;
        }
        ws.set_freeze_panes(head + 1, 1)?;
        suppression_note(ws, end + 1, REACH_HEADERS.len() as u16, width, input, &f)?;
        if n > 0 {
            let spec = crate::charts::figures::municipal_rate_chart(input, code);
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name(&t(lang, "chart_rate_title"));
            chart
                .add_series()
                .set_name(name.as_str())
                .set_categories((sheet.as_str(), head + 1, YEAR_COL, head + n, YEAR_COL))
                .set_values((sheet.as_str(), head + 1, RATE_COL, head + n, RATE_COL))
                .set_format(&mut crate::workbooks::sheets::first_series_format());
            if !area.is_empty() {
                let a0 = head + 1 + n;
                chart
                    .add_series()
                    .set_name(input.meta.area_name.as_str())
                    .set_categories((sheet.as_str(), head + 1, YEAR_COL, head + n, YEAR_COL))
                    .set_values((sheet.as_str(), a0, RATE_COL, a0 + area.len() as u32 - 1, RATE_COL))
                    .set_format(&mut crate::workbooks::sheets::second_series_format());
            }
            chart.set_width(640).set_height(chart_h).set_alt_text(alt(&spec));
            ws.insert_chart(chart_top, 0, &chart)?;
        }
        print_setup(ws, input, &format!("{name} – {}", t(lang, "sheet_reach")), head)?;
    }
    for (dim, sheet, _) in crate::workbooks::sheets::DIMENSIONS.iter().filter(|d| d.0 != digihyte_core::vocabulary::Dimension::ProviderType)
    {
        crate::workbooks::sheets::mix_sheet(&mut wb, input, &f, *dim, sheet, Some((code, &name)))?;
    }
    crate::workbooks::sheets::feedback_sheet(&mut wb, input, &f, Some((code, &name)))?;
    crate::workbooks::sheets::indicator_sheet(&mut wb, input, &f, Some((code, &name)))?;
    crate::workbooks::sheets::need_sheet(&mut wb, input, &f, Some((code, &name)))?;
    crate::workbooks::sheets::actor_sheet(&mut wb, input, &f, Some(code))?;
    sources_sheet(&mut wb, input, Some(code), &f)?;
    Ok(wb.save_to_buffer()?)
}

/// The maps sheet: each map as a picture with its alternative text, one map per page.
fn maps_sheet(wb: &mut Workbook, input: &ReportInput, maps: &[(&crate::charts::ChartSpec, &[u8])], f: &Formats) -> Result<(), ReportError> {
    let lang = input.meta.language.as_str();
    let sheet = t(lang, "sheet_maps");
    let ws = wb.add_worksheet().set_name(&sheet)?;
    title_block(ws, &format!("{}: {}", input.meta.area_name, t(lang, "sheet_maps")), &input.meta.title, f)?;
    let mut row = 3;
    let mut breaks = Vec::new();
    for (i, (spec, png)) in maps.iter().enumerate() {
        if i > 0 {
            breaks.push(row);
        }
        // Shown at its logical size (the PNG is drawn at twice it, with 192 dpi).
        let image = rust_xlsxwriter::Image::new_from_buffer(png)?.set_alt_text(alt(spec));
        let height_px = image.height() / f64::from(crate::charts::PNG_SCALE);
        ws.insert_image(row, 0, &image)?;
        row += chart_rows(height_px as u32) + 1;
    }
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    print_setup(ws, input, &sheet, 0)?;
    ws.set_portrait();
    Ok(())
}

/// `internal/rejected.xlsx`: the rejected rows, for people to fix.
pub fn rejected(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new();
    let lang = input.meta.language.as_str();
    let mut wb = new_workbook(input)?;
    let ws = wb.add_worksheet().set_name(t(lang, "sheet_rejected"))?;
    let heads = ["file", "sheet", "row", "column", "value", "reason", "suggestion"];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, t(lang, h), &f.header)?;
    }
    for (i, x) in input.rejections.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &x.file)?;
        ws.write_string(r, 1, &x.sheet)?;
        ws.write_number(r, 2, x.row)?;
        ws.write_string(r, 3, &x.column)?;
        ws.write_string(r, 4, &x.value)?;
        ws.write_string(r, 5, crate::locale::reason(lang, x.reason.key()))?;
        ws.write_string(r, 6, x.suggestion.as_deref().map(|s| crate::locale::advice(lang, s)).unwrap_or_default())?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (c, w) in [40, 16, 7, 24, 24, 34, 60].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    print_setup(ws, input, &t(lang, "sheet_rejected"), 0)?;
    Ok(wb.save_to_buffer()?)
}
