//! The Word documents (`documents/`): for the area and for each municipality, the appendix a
//! coordinator attaches to the wellbeing report, in the report language. Every number comes
//! from the published layer, with the same `<5` and `..` as the workbooks; the text is the
//! [`crate::summary`]; every chart is a picture with its alternative text.

mod docx;

use crate::charts::{alt_text, ChartSpec};
use crate::locale::{format_number, format_percent, key_label, t, tf};
use crate::summary;
use crate::{ReportError, ReportInput};
use digihyte_core::vocabulary::Dimension;
use digihyte_publish::{Cell, MixKey, Reach};
use docx::{Doc, TableCellText as C};

/// A chart as drawn for this run: what it shows and its PNG.
pub struct Figure<'a> {
    /// Which chart it is: its file-name part (`clients_per_1000`, `map_need_reach` …).
    pub stem: &'static str,
    pub spec: &'a ChartSpec,
    pub png: &'a [u8],
}

/// A count as published: the number, `<5`, `..` (withheld against subtraction) or empty.
fn count(v: &Cell<u64>, min: u32, lang: &str) -> C {
    C::number(match v {
        Cell::Value(n) => format_number(*n as f64, 0, lang),
        Cell::Small => format!("<{min}"),
        Cell::Secondary => crate::workbooks::SECONDARY_MARK.to_string(),
        Cell::Hidden => String::new(),
    })
}

fn num(v: &Cell<f64>, decimals: usize, lang: &str) -> C {
    C::number(v.value().map(|x| format_number(x, decimals, lang)).unwrap_or_default())
}

fn pct(v: &Cell<f64>, lang: &str) -> C {
    C::number(v.value().map(|x| format_percent(x, 1, lang)).unwrap_or_default())
}

/// Numbers figures and tables and writes their captions.
struct Captions {
    figures: usize,
    tables: usize,
}

impl Captions {
    fn figure(&mut self, lang: &str, text: &str) -> String {
        self.figures += 1;
        format!("{} {}. {text}", t(lang, "doc_figure"), self.figures)
    }
    fn table(&mut self, lang: &str, text: &str) -> String {
        self.tables += 1;
        format!("{} {}. {text}", t(lang, "doc_table"), self.tables)
    }
}

fn chart_title(spec: &ChartSpec) -> &str {
    spec.title()
}

fn chart_source(spec: &ChartSpec) -> &str {
    spec.source()
}

fn add_figure(doc: &mut Doc, caps: &mut Captions, lang: &str, f: &Figure) {
    let caption = caps.figure(lang, &format!("{}. {}", chart_title(f.spec), chart_source(f.spec)));
    // A locator map is small; the other pictures take the column's width.
    let width = if f.stem == "map_locator" { Some(8.0) } else { None };
    doc.figure(f.png, &alt_text(f.spec), &caption, width);
}

fn find<'f, 'a>(figures: &'f [Figure<'a>], stem: &str) -> Option<&'f Figure<'a>> {
    figures.iter().find(|f| f.stem == stem)
}

fn new_doc(input: &ReportInput, title: &str) -> Doc {
    let m = &input.meta;
    let lang = m.language.as_str();
    let mut doc = Doc::new(lang, title, title, m.run_date);
    doc.title(title);
    doc.subtitle(&tf(
        lang,
        "doc_subtitle",
        &[("area", m.area_name.clone()), ("first", m.first_year.to_string()), ("last", m.last_year.to_string())],
    ));
    doc
}

/// The reach table: year by year for each area given.
fn reach_table(doc: &mut Doc, caps: &mut Captions, input: &ReportInput, rows: &[&Reach], caption: &str) {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let header: Vec<String> =
        ["area", "year", "events", "clients", "clients_per_1000", "clients_65plus", "clients_75plus"].iter().map(|k| t(lang, k)).collect();
    let body: Vec<Vec<C>> = rows
        .iter()
        .map(|r| {
            vec![
                C::text(r.area_name.clone()),
                C::text(r.year.to_string()),
                count(&r.events, min, lang),
                count(&r.clients, min, lang),
                num(&r.clients_per_1000, 1, lang),
                count(&r.clients_65plus, min, lang),
                count(&r.clients_75plus, min, lang),
            ]
        })
        .collect();
    doc.table_caption(&caps.table(lang, caption));
    doc.table(&header, &body, &[3.0, 1.2, 1.6, 1.6, 1.8, 1.4, 1.4]);
}

/// A dimension's keys in the report year: events and share, for the municipality and,
/// beside it, the area's share.
fn mix_table(doc: &mut Doc, caps: &mut Captions, input: &ReportInput, dim: Dimension, code: &str, with_area: bool, caption: &str) {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let year = input.meta.last_year;
    let area = crate::workbooks::sheets::area_code(input);
    let mut header = vec![t(lang, &format!("dim_{}", dim.key())), t(lang, "events"), t(lang, "share_of_events")];
    if with_area {
        header.push(format!("{}: {}", input.meta.area_name, t(lang, "share_of_events")));
    }
    let mut body = Vec::new();
    for key in MixKey::all(dim) {
        let Some(m) = input.lookup.mix(input.published, code, year, key) else { continue };
        let a = with_area.then(|| input.lookup.mix(input.published, &area, year, key));
        // Keys nobody has, here or in the area, are left out of the document's table.
        let area_zero = a.flatten().is_none_or(|x| x.events == Cell::Value(0));
        if m.events == Cell::Value(0) && area_zero {
            continue;
        }
        let mut row = vec![C::text(key_label(dim.key(), key.key(), lang)), count(&m.events, min, lang), pct(&m.share, lang)];
        if let Some(a) = a {
            row.push(a.map_or(C::number(""), |x| pct(&x.share, lang)));
        }
        body.push(row);
    }
    if body.is_empty() {
        return;
    }
    doc.table_caption(&caps.table(lang, caption));
    let widths: &[f64] = if with_area { &[4.0, 1.5, 1.8, 2.4] } else { &[4.0, 1.5, 1.8] };
    doc.table(&header, &body, widths);
}

/// The feedback items of an area in the report year.
fn feedback_table(doc: &mut Doc, caps: &mut Captions, input: &ReportInput, code: &str, caption: &str) {
    let lang = input.meta.language.as_str();
    let min = input.meta.min_count;
    let year = input.meta.last_year;
    let rows = input.lookup.feedback_rows(input.published, code, year);
    if rows.is_empty() {
        return;
    }
    let header: Vec<String> = ["item", "respondents", "mean", "share_4_5", "yes_share"].iter().map(|k| t(lang, k)).collect();
    let body: Vec<Vec<C>> = rows
        .iter()
        .map(|r| {
            vec![
                C::text(crate::charts::figures::item_label(lang, &r.item)),
                count(&r.n, min, lang),
                num(&r.mean, 2, lang),
                pct(&r.share_4_5, lang),
                pct(&r.share_yes, lang),
            ]
        })
        .collect();
    doc.table_caption(&caps.table(lang, caption));
    doc.table(&header, &body, &[4.6, 1.4, 1.4, 1.6, 1.4]);
}

/// The method and sources: how the figures are made, what `<5`, `..` and empty mean, the
/// credits.
fn method(doc: &mut Doc, input: &ReportInput) {
    let m = &input.meta;
    let lang = m.language.as_str();
    let n = [("n", m.min_count.to_string())];
    doc.heading1(&t(lang, "sheet_sources"));
    for (head, text) in [
        ("method", t(lang, "method_text")),
        ("suppression", tf(lang, "suppressed_note", &n)),
        ("secondary", tf(lang, "secondary_note", &n)),
        ("derived", t(lang, "derived_text")),
        ("words", t(lang, "words_text")),
    ] {
        doc.heading2(&t(lang, head));
        doc.paragraph(&text);
    }
    doc.heading2(&t(lang, "credits"));
    for line in crate::CREDITS {
        doc.paragraph(line);
    }
    doc.note(&format!(
        "digihyte {} · {} {} (sha256 {}) · {} {}",
        m.version,
        t(lang, "pipeline_file"),
        m.pipeline_path,
        &m.pipeline_sha256[..m.pipeline_sha256.len().min(12)],
        t(lang, "run_date"),
        m.run_date.format("%Y-%m-%d")
    ));
}

fn summary_section(doc: &mut Doc, input: &ReportInput, code: Option<&str>) {
    let lang = input.meta.language.as_str();
    doc.heading1(&t(lang, "sheet_summary"));
    for p in summary::sentences(&summary::facts(input, code)) {
        doc.paragraph(&p);
    }
}

/// The appendix of one municipality, with its charts (`figures`: its clients per 1,000 and
/// its topics).
pub fn municipal(input: &ReportInput, code: &str, figures: &[Figure]) -> Result<Vec<u8>, ReportError> {
    let m = &input.meta;
    let lang = m.language.as_str();
    let own = crate::reach_rows(input, Some(code));
    let area = crate::reach_rows(input, None);
    let name = own.first().map(|p| p.area_name.clone()).unwrap_or_default();
    let title = tf(lang, "doc_title", &[("name", name.clone()), ("year", m.last_year.to_string())]);
    let mut doc = new_doc(input, &title);
    let mut caps = Captions { figures: 0, tables: 0 };
    summary_section(&mut doc, input, Some(code));

    doc.heading1(&t(lang, "sheet_reach"));
    for stem in ["map_locator", "clients_per_1000"] {
        if let Some(f) = find(figures, stem) {
            add_figure(&mut doc, &mut caps, lang, f);
        }
    }
    let mut rows = own.clone();
    rows.extend(area.iter().copied());
    reach_table(
        &mut doc,
        &mut caps,
        input,
        &rows,
        &tf(lang, "doc_reach_caption", &[("name", name.clone()), ("area", m.area_name.clone())]),
    );
    doc.note(&tf(lang, "suppressed_note", &[("n", m.min_count.to_string())]));
    doc.note(&tf(lang, "secondary_note", &[("n", m.min_count.to_string())]));

    doc.heading1(&t(lang, "doc_h_content"));
    if let Some(f) = find(figures, "topics") {
        add_figure(&mut doc, &mut caps, lang, f);
    }
    let year = m.last_year.to_string();
    mix_table(
        &mut doc,
        &mut caps,
        input,
        Dimension::Topic,
        code,
        true,
        &tf(lang, "doc_mix_caption", &[("what", t(lang, "sheet_topics")), ("name", name.clone()), ("year", year.clone())]),
    );
    mix_table(
        &mut doc,
        &mut caps,
        input,
        Dimension::Channel,
        code,
        true,
        &tf(lang, "doc_mix_caption", &[("what", t(lang, "sheet_channels")), ("name", name.clone()), ("year", year.clone())]),
    );
    mix_table(
        &mut doc,
        &mut caps,
        input,
        Dimension::AgeGroup,
        code,
        true,
        &tf(lang, "doc_mix_caption", &[("what", t(lang, "sheet_ages")), ("name", name.clone()), ("year", year.clone())]),
    );

    doc.heading1(&t(lang, "table.feedback"));
    feedback_table(&mut doc, &mut caps, input, code, &tf(lang, "doc_feedback_caption", &[("name", name.clone()), ("year", year.clone())]));

    method(&mut doc, input);
    doc.finish()
}

/// The area's document, with the area's charts (`figures`).
pub fn area(input: &ReportInput, figures: &[Figure]) -> Result<Vec<u8>, ReportError> {
    let m = &input.meta;
    let lang = m.language.as_str();
    let code = crate::workbooks::sheets::area_code(input);
    let title = tf(lang, "doc_title", &[("name", m.area_name.clone()), ("year", m.last_year.to_string())]);
    let mut doc = new_doc(input, &title);
    let mut caps = Captions { figures: 0, tables: 0 };
    summary_section(&mut doc, input, None);
    let year = m.last_year.to_string();

    doc.heading1(&t(lang, "sheet_reach"));
    for stem in ["map_clients_per_1000", "clients_per_1000"] {
        if let Some(f) = find(figures, stem) {
            add_figure(&mut doc, &mut caps, lang, f);
        }
    }
    let mut rows = crate::municipalities_by_name(input, m.last_year);
    rows.extend(crate::reach_rows(input, None));
    reach_table(
        &mut doc,
        &mut caps,
        input,
        &rows,
        &tf(lang, "doc_area_reach_caption", &[("area", m.area_name.clone()), ("year", year.clone())]),
    );
    doc.note(&tf(lang, "suppressed_note", &[("n", m.min_count.to_string())]));
    doc.note(&tf(lang, "secondary_note", &[("n", m.min_count.to_string())]));

    doc.heading1(&t(lang, "doc_h_content"));
    for stem in ["topics", "channels", "ages"] {
        if let Some(f) = find(figures, stem) {
            add_figure(&mut doc, &mut caps, lang, f);
        }
    }
    for (dim, what) in [
        (Dimension::Topic, "sheet_topics"),
        (Dimension::Channel, "sheet_channels"),
        (Dimension::ProviderType, "sheet_providers"),
        (Dimension::AgeGroup, "sheet_ages"),
    ] {
        mix_table(
            &mut doc,
            &mut caps,
            input,
            dim,
            &code,
            false,
            &tf(lang, "doc_mix_caption", &[("what", t(lang, what)), ("name", m.area_name.clone()), ("year", year.clone())]),
        );
    }

    doc.heading1(&t(lang, "table.feedback"));
    if let Some(f) = find(figures, "feedback") {
        add_figure(&mut doc, &mut caps, lang, f);
    }
    feedback_table(
        &mut doc,
        &mut caps,
        input,
        &code,
        &tf(lang, "doc_feedback_caption", &[("name", m.area_name.clone()), ("year", year.clone())]),
    );

    if let Some(f) = find(figures, "need_reach") {
        doc.heading1(&t(lang, "sheet_need"));
        if let Some(map) = find(figures, "map_need_reach") {
            add_figure(&mut doc, &mut caps, lang, map);
        }
        add_figure(&mut doc, &mut caps, lang, f);
        need_table(&mut doc, &mut caps, input, &tf(lang, "doc_need_caption", &[("area", m.area_name.clone()), ("year", year.clone())]));
    }
    actor_table(&mut doc, &mut caps, input);
    method(&mut doc, input);
    doc.finish()
}

/// Need index, reach and quadrant of each municipality in the report year.
fn need_table(doc: &mut Doc, caps: &mut Captions, input: &ReportInput, caption: &str) {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let rows: Vec<_> = input.published.need_reach.iter().filter(|r| r.year == year).collect();
    if rows.is_empty() {
        return;
    }
    let header: Vec<String> = ["area", "need_index", "clients_per_1000", "quadrant"].iter().map(|k| t(lang, k)).collect();
    let body: Vec<Vec<C>> = rows
        .iter()
        .map(|r| {
            vec![
                C::text(r.area_name.clone()),
                C::number(r.need_index.map(|x| format_number(x, 2, lang)).unwrap_or_default()),
                num(&r.clients_per_1000, 1, lang),
                C::text(r.quadrant.map(|q| t(lang, &format!("q.{q}"))).unwrap_or_default()),
            ]
        })
        .collect();
    doc.table_caption(&caps.table(lang, caption));
    doc.table(&header, &body, &[3.2, 1.6, 2.0, 3.6]);
}

/// The actor survey of the report year, one row per municipality that answered.
fn actor_table(doc: &mut Doc, caps: &mut Captions, input: &ReportInput) {
    let m = &input.meta;
    let lang = m.language.as_str();
    let rows: Vec<_> = input.published.actor_survey.iter().filter(|a| a.year == m.last_year).collect();
    if rows.is_empty() {
        return;
    }
    let names: std::collections::HashMap<&str, &str> =
        input.published.reach.iter().map(|p| (p.id.area_code.as_str(), p.area_name.as_str())).collect();
    let yn = |v: Option<bool>| {
        C::text(match v {
            Some(true) => t(lang, "yes"),
            Some(false) => t(lang, "no"),
            None => t(lang, "unknown"),
        })
    };
    doc.heading1(&t(lang, "sheet_actor"));
    let header: Vec<String> =
        ["area", "in_report", "in_plan", "contact_person", "support_points_survey"].iter().map(|k| t(lang, k)).collect();
    let body: Vec<Vec<C>> = rows
        .iter()
        .map(|a| {
            vec![
                C::text(names.get(a.area_code.as_str()).map_or(a.area_code.clone(), |n| n.to_string())),
                yn(a.in_report),
                yn(a.in_plan),
                yn(a.contact_person),
                C::number(a.support_points.map(|n| format_number(n as f64, 0, lang)).unwrap_or_default()),
            ]
        })
        .collect();
    doc.table_caption(&caps.table(lang, &tf(lang, "doc_actor_caption", &[("year", m.last_year.to_string())])));
    doc.table(&header, &body, &[3.0, 2.0, 2.0, 2.0, 1.6]);
}
