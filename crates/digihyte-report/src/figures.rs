//! The PNG/SVG charts: what each shows, from the published figures (a suppressed value is
//! left out of a chart, and the source line says so).

use crate::charts::{ChartSpec, HBarChart, Scatter};
use crate::labels::{t, tf};
use crate::sheets::{area_code, keys};
use crate::ReportInput;
use digihyte_core::suppress::is_small;

fn source(input: &ReportInput, key: &str) -> String {
    let lang = input.meta.language.as_str();
    format!("{}. {}", t(lang, key), tf(lang, "suppressed_chart_note", &[("n", input.meta.min_count.to_string())]))
}

/// Shares of a dimension's keys in the report year for one area code (published values).
pub(crate) fn mix_chart(input: &ReportInput, code: &str, area_name: &str, dim: &str, title_key: &str) -> ChartSpec {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let min = input.meta.min_count;
    let keys = keys(input, dim);
    let values = keys
        .iter()
        .map(|k| crate::sheets::find_mix(input, code, year, dim, k).filter(|m| !is_small(m.events, min)).and_then(|m| m.share))
        .collect();
    ChartSpec::HBar(HBarChart {
        title: format!("{area_name}: {} {year}", t(lang, title_key)),
        x_label: t(lang, "share_of_events"),
        categories: keys.iter().map(|k| t(lang, &format!("{dim}.{k}"))).collect(),
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
    let rows: Vec<_> = input.reach.iter().filter(|p| p.row.year == year && p.row.area_type == "municipality").collect();
    ChartSpec::HBar(HBarChart {
        title: format!("{}: {} {year}", input.meta.area_name, t(lang, "chart_rate_title")),
        x_label: t(lang, "clients_per_1000"),
        categories: rows.iter().map(|p| p.row.area_name.clone()).collect(),
        values: rows
            .iter()
            .map(|p| match p.clients_per_1000 {
                digihyte_core::suppress::Published::Value(v) => Some(v),
                _ => None,
            })
            .collect(),
        percent: false,
        source: source(input, "source_line"),
        lang: lang.to_string(),
    })
}

/// Share agreeing (4–5) by item in the report year, for the area.
pub(crate) fn feedback_chart(input: &ReportInput) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let min = input.meta.min_count;
    let area = area_code(input);
    let rows: Vec<_> = input.metrics.feedback.iter().filter(|r| r.area_code == area && r.year == year && !r.yes_no).collect();
    if rows.is_empty() {
        return None;
    }
    let label = |item: &str| {
        let l = t(lang, &format!("item.{item}"));
        if l.starts_with("item.") {
            item.to_string()
        } else {
            l
        }
    };
    Some(ChartSpec::HBar(HBarChart {
        title: format!("{}: {} {year}", input.meta.area_name, t(lang, "chart_feedback")),
        x_label: t(lang, "share_4_5"),
        categories: rows.iter().map(|r| label(&r.item)).collect(),
        values: rows.iter().map(|r| if is_small(r.n, min) || is_small(r.dist[3] + r.dist[4], min) { None } else { r.share_4_5 }).collect(),
        percent: true,
        source: source(input, "source_feedback"),
        lang: lang.to_string(),
    }))
}

/// Need index against clients per 1,000 residents, with the medians.
pub(crate) fn need_chart(input: &ReportInput) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let min = input.meta.min_count;
    let points: Vec<(String, f64, f64)> = input
        .metrics
        .need_reach
        .iter()
        .filter(|r| r.year == year && !is_small(r.clients, min))
        .filter_map(|r| r.need_index.zip(r.clients_per_1000).map(|(x, y)| (r.area_name.clone(), x, y)))
        .collect();
    if input.metrics.need_reach.is_empty() {
        return None;
    }
    let corr = input.metrics.need_correlation.iter().find(|c| c.year == year);
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
