//! The PNG/SVG charts: what each shows, from the published layer (a hidden value has no
//! bar, label or point, and the source line says so).

use crate::charts::{ChartSpec, HBarChart, Scatter};
use crate::locale::{t, tf};
use crate::workbooks::sheets::area_code;
use crate::ReportInput;
use digihyte_core::vocabulary::Dimension;
use digihyte_publish::MixKey;
use digihyte_publish::Reach;

fn source(input: &ReportInput, key: &str) -> String {
    let lang = input.meta.language.as_str();
    format!("{}. {}", t(lang, key), tf(lang, "suppressed_chart_note", &[("n", input.meta.min_count.to_string())]))
}

/// The label of a mix key in the report language.
pub(crate) fn key_label(lang: &str, key: MixKey) -> String {
    t(lang, &format!("{}.{}", key.dimension().key(), key.key()))
}

/// Shares of a dimension's keys in the report year for one area code (published values).
pub(crate) fn mix_chart(input: &ReportInput, code: &str, area_name: &str, dim: Dimension, title_key: &str) -> ChartSpec {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let keys = MixKey::all(dim);
    let values = keys.iter().map(|k| input.lookup.mix(input.published, code, year, *k).and_then(|m| m.share.value())).collect();
    ChartSpec::HBar(HBarChart {
        title: format!("{area_name}: {} {year}", t(lang, title_key)),
        x_label: t(lang, "share_of_events"),
        categories: keys.iter().map(|k| key_label(lang, *k)).collect(),
        values,
        percent: true,
        source: source(input, "source_line"),
        lang: lang.to_string(),
    })
}

/// Clients per 1,000 residents by municipality in the report year.
pub(crate) fn rate_by_municipality(input: &ReportInput) -> ChartSpec {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let rows: Vec<_> = input.published.reach.iter().filter(|p| p.year == year && p.id.area_type == "municipality").collect();
    ChartSpec::HBar(HBarChart {
        title: format!("{}: {} {year}", input.meta.area_name, t(lang, "chart_rate_title")),
        x_label: t(lang, "clients_per_1000"),
        categories: rows.iter().map(|p| p.area_name.clone()).collect(),
        values: rows.iter().map(|p| p.clients_per_1000.value()).collect(),
        percent: false,
        source: source(input, "source_line"),
        lang: lang.to_string(),
    })
}

/// The label of a feedback item in the report language (its key for a pipeline's own item).
pub(crate) fn item_label(lang: &str, item: &str) -> String {
    let l = t(lang, &format!("item.{item}"));
    if l.starts_with("item.") {
        item.to_string()
    } else {
        l
    }
}

/// Share agreeing (4–5) by item in the report year, for the area.
pub(crate) fn feedback_chart(input: &ReportInput) -> Option<ChartSpec> {
    feedback_chart_for(input, None)
}

/// Share agreeing (4–5) by item in the report year, for a municipality (`Some(code)`) or
/// the area.
pub(crate) fn feedback_chart_for(input: &ReportInput, code: Option<&str>) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let area = code.map(str::to_string).unwrap_or_else(|| area_code(input));
    let who = match code {
        Some(c) => crate::reach_rows(input, Some(c)).first().map_or(c.to_string(), |r| r.area_name.clone()),
        None => input.meta.area_name.clone(),
    };
    let rows: Vec<_> = input.published.feedback.iter().filter(|r| r.id.area_code == area && r.year == year && !r.yes_no).collect();
    if rows.is_empty() {
        return None;
    }
    Some(ChartSpec::HBar(HBarChart {
        title: format!("{}: {} {year}", who, t(lang, "chart_feedback")),
        x_label: t(lang, "share_4_5"),
        categories: rows.iter().map(|r| item_label(lang, &r.item)).collect(),
        values: rows.iter().map(|r| r.share_4_5.value()).collect(),
        percent: true,
        source: source(input, "source_feedback"),
        lang: lang.to_string(),
    }))
}

/// Need index against clients per 1,000 residents, with the medians (of the municipalities
/// whose reach is published).
pub(crate) fn need_chart(input: &ReportInput) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    if input.published.need_reach.is_empty() {
        return None;
    }
    let points: Vec<(String, f64, f64)> = input
        .published
        .need_reach
        .iter()
        .filter(|r| r.year == year)
        .filter_map(|r| r.need_index.zip(r.clients_per_1000.value()).map(|(x, y)| (r.area_name.clone(), x, y)))
        .collect();
    let corr = input.published.need_correlation.iter().find(|c| c.year == year);
    Some(ChartSpec::Scatter(Scatter {
        title: format!("{}: {} {year}", input.meta.area_name, t(lang, "chart_need")),
        x_label: t(lang, "need_index"),
        y_label: t(lang, "clients_per_1000"),
        points,
        x_median: corr.and_then(|c| c.need_median),
        y_median: corr.and_then(|c| c.reach_median),
        source: source(input, "source_need"),
        lang: lang.to_string(),
    }))
}

/// A municipality's clients per 1,000 residents by year, beside the area's.
pub(crate) fn municipal_rate_chart(input: &ReportInput, code: &str) -> crate::charts::ChartSpec {
    let lang = input.meta.language.as_str();
    let own = crate::reach_rows(input, Some(code));
    let area = crate::reach_rows(input, None);
    let rate = |p: &Reach| p.clients_per_1000.value();
    let name = own.first().map(|p| p.area_name.clone()).unwrap_or_default();
    let mut series = vec![crate::charts::Series { label: name.clone(), values: own.iter().map(|p| rate(p)).collect() }];
    if !area.is_empty() {
        series.push(crate::charts::Series { label: input.meta.area_name.clone(), values: area.iter().map(|p| rate(p)).collect() });
    }
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b));
    crate::charts::ChartSpec::Bar(crate::charts::BarChart {
        title: format!("{name}: {}", t(lang, "chart_rate_title")),
        y_label: t(lang, "clients_per_1000"),
        categories: own.iter().map(|p| p.year.to_string()).collect(),
        series,
        decimals: crate::locale::decimals_for(max),
        source: t(lang, "source_line"),
        lang: lang.to_string(),
    })
}
