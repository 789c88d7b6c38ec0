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

/// Clients per 1,000 residents by municipality in the report year, by name in the report
/// language.
pub(crate) fn rate_by_municipality(input: &ReportInput) -> ChartSpec {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let rows = crate::municipalities_by_name(input, year);
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
    let rows: Vec<_> = input.lookup.feedback_rows(input.published, &area, year).into_iter().filter(|r| !r.yes_no).collect();
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

/// The boundaries' credit after the source line of a map.
fn map_source(input: &ReportInput, key: &str) -> String {
    let lang = input.meta.language.as_str();
    format!("{}. {}.", source(input, key).trim_end_matches('.'), digihyte_geo::credit(lang))
}

/// Class breaks for `values`: five classes at the quintiles, each break rounded to two
/// significant digits (readable numbers), duplicates dropped.
pub(crate) fn class_breaks(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    if v.len() < 2 || v[0] == v[v.len() - 1] {
        return Vec::new();
    }
    let round2 = |x: f64| {
        if x <= 0.0 {
            return 0.0;
        }
        let p = 10f64.powi(x.log10().floor() as i32 - 1);
        (x / p).round() * p
    };
    let mut breaks: Vec<f64> = Vec::new();
    for q in [0.2, 0.4, 0.6, 0.8] {
        let b = round2(crate::charts::figures::quantile(&v, q));
        if b > v[0] && b <= v[v.len() - 1] && breaks.last().is_none_or(|l| b > *l) {
            breaks.push(b);
        }
    }
    breaks
}

/// The `q` quantile of sorted `v` (linear between the closest ranks).
pub(crate) fn quantile(v: &[f64], q: f64) -> f64 {
    let pos = q * (v.len() - 1) as f64;
    let (i, f) = (pos.floor() as usize, pos.fract());
    if i + 1 < v.len() {
        v[i] + f * (v[i + 1] - v[i])
    } else {
        v[i]
    }
}

/// The class of `v` among `breaks`: a value on a break is in the class that starts there.
pub(crate) fn class_index(breaks: &[f64], v: f64) -> usize {
    breaks.iter().take_while(|b| v >= **b).count()
}

/// Sequential blues, light to dark, one per class (up to five).
const CLASS_COLOURS: [&str; 5] = ["DEEBF7", "9ECAE1", "4292C6", "2171B5", "08306B"];

fn break_label(v: f64, lang: &str) -> String {
    crate::locale::format_number(
        v,
        if v.fract() == 0.0 {
            0
        } else if v < 1.0 {
            2
        } else {
            1
        },
        lang,
    )
}

/// The classes of `breaks`: `under b1`, `b1 to under b2`, …, `bn or more`, with their
/// colours. A value on a break is in the class that starts there, and the labels say so.
pub(crate) fn classes_of(breaks: &[f64], lang: &str) -> Vec<crate::charts::MapClass> {
    let n = breaks.len() + 1;
    let colours: Vec<&str> = match n {
        1 => vec![CLASS_COLOURS[2]],
        2 => vec![CLASS_COLOURS[1], CLASS_COLOURS[3]],
        3 => vec![CLASS_COLOURS[0], CLASS_COLOURS[2], CLASS_COLOURS[4]],
        4 => vec![CLASS_COLOURS[0], CLASS_COLOURS[1], CLASS_COLOURS[3], CLASS_COLOURS[4]],
        _ => CLASS_COLOURS.to_vec(),
    };
    (0..n)
        .map(|i| {
            let label = match (i, n) {
                (_, 1) => String::new(),
                (0, _) => tf(lang, "map_under", &[("a", break_label(breaks[0], lang))]),
                (i, n) if i == n - 1 => tf(lang, "map_over", &[("a", break_label(breaks[i - 1], lang))]),
                (i, _) => tf(lang, "map_between", &[("a", break_label(breaks[i - 1], lang)), ("b", break_label(breaks[i], lang))]),
            };
            crate::charts::MapClass { label, color: colours[i].to_string() }
        })
        .collect()
}

/// The area's map of clients per 1,000 residents in the report year, by class; a
/// municipality whose rate is not published is drawn hatched. A region's map writes each
/// rate in its municipality (so that colour is not the only carrier of the value); a map of
/// more than 60 municipalities has too little room for them.
pub(crate) fn reach_map(input: &ReportInput) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let rows: Vec<&Reach> = input.published.reach.iter().filter(|p| p.year == year && p.id.area_type == "municipality").collect();
    let codes: Vec<(u16, &Reach)> = rows.iter().filter_map(|r| r.id.area_code.parse().ok().map(|c| (c, *r))).collect();
    if codes.is_empty() || codes.iter().all(|(c, _)| digihyte_geo::municipality(*c).is_none()) {
        return None;
    }
    let values: Vec<f64> = codes.iter().filter_map(|(_, r)| r.clients_per_1000.value()).collect();
    let breaks = class_breaks(&values);
    let classes = classes_of(&breaks, lang);
    let label_values = codes.len() <= 60;
    // A labelled map is classed by the rates as written on it: 10.6 is written "11" and
    // drawn in the class "11 – under 17", never in "under 11" beside its own label.
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let decimals = if max >= 10.0 {
        0
    } else if max >= 1.0 {
        1
    } else {
        2
    };
    let shown = |v: f64| if label_values { crate::locale::rounded(v, decimals) } else { v };
    let areas: Vec<crate::charts::MapArea> = codes
        .iter()
        .map(|(code, r)| {
            let v = r.clients_per_1000.value();
            crate::charts::MapArea {
                code: *code,
                name: r.area_name.clone(),
                class: v.map(|x| class_index(&breaks, shown(x))),
                label: if label_values { v.map(|x| crate::locale::format_number(x, decimals, lang)) } else { None },
                emphasis: false,
            }
        })
        .collect();
    let hidden = areas.iter().any(|a| a.class.is_none()).then(|| t(lang, "map_hidden"));
    Some(ChartSpec::Map(crate::charts::MapChart {
        title: format!("{}: {} {year}", input.meta.area_name, t(lang, "chart_rate_title")),
        legend_title: t(lang, "chart_rate_title"),
        classes,
        hidden,
        areas,
        source: map_source(input, "source_line"),
        width: 640,
        legend: true,
        lang: lang.to_string(),
    }))
}

/// The need–reach quadrant of each municipality in the report year; the municipalities of
/// high need and low reach are named and outlined, so that they stand out.
pub(crate) fn quadrant_map(input: &ReportInput) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let rows: Vec<_> = input.published.need_reach.iter().filter(|r| r.year == year).collect();
    if rows.is_empty() || rows.iter().all(|r| r.need_index.is_none()) {
        return None;
    }
    const ORDER: [(&str, &str); 4] = [
        ("high_need_low_reach", "CF6A00"),
        ("high_need_high_reach", "08306B"),
        ("low_need_low_reach", "C6DBEF"),
        ("low_need_high_reach", "6BAED6"),
    ];
    let classes = ORDER.iter().map(|(q, c)| crate::charts::MapClass { label: t(lang, &format!("q.{q}")), color: c.to_string() }).collect();
    let named = rows.len() <= 60;
    let areas: Vec<crate::charts::MapArea> = rows
        .iter()
        .filter_map(|r| {
            let code: u16 = r.area_code.parse().ok()?;
            let class = r.quadrant.and_then(|q| ORDER.iter().position(|(k, _)| *k == q));
            let first = class == Some(0);
            Some(crate::charts::MapArea {
                code,
                name: r.area_name.clone(),
                class,
                label: (first && named).then(|| r.area_name.clone()),
                emphasis: first,
            })
        })
        .collect();
    let hidden = areas.iter().any(|a| a.class.is_none()).then(|| t(lang, "map_not_placed"));
    Some(ChartSpec::Map(crate::charts::MapChart {
        title: format!("{}: {} {year}", input.meta.area_name, t(lang, "map_quadrants")),
        legend_title: t(lang, "quadrant"),
        classes,
        hidden,
        areas,
        source: map_source(input, "source_need"),
        width: 640,
        legend: true,
        lang: lang.to_string(),
    }))
}

/// A small map of the area with one municipality drawn dark and outlined. In an area of
/// more than 60 municipalities (the whole country) the map shows the municipality's region,
/// where its neighbours can still be seen.
pub(crate) fn locator_map(input: &ReportInput, code: &str, name: &str) -> Option<ChartSpec> {
    let lang = input.meta.language.as_str();
    let year = input.meta.last_year;
    let own: u16 = code.parse().ok()?;
    digihyte_geo::municipality(own)?;
    let r = digihyte_core::Reference::get();
    let rows: Vec<&Reach> = input.published.reach.iter().filter(|p| p.year == year && p.id.area_type == "municipality").collect();
    let region = r.municipality(own).map(|m| m.region_code);
    let (rows, context) = if rows.len() > 60 {
        let in_region: Vec<&Reach> = rows
            .iter()
            .copied()
            .filter(|p| p.id.area_code.parse::<u16>().ok().and_then(|c| r.municipality(c)).map(|m| m.region_code) == region)
            .collect();
        let region_name = r.municipality(own).map(|m| m.region_name(lang).to_string()).unwrap_or_default();
        (in_region, region_name)
    } else {
        (rows, input.meta.area_name.clone())
    };
    let areas: Vec<crate::charts::MapArea> = rows
        .iter()
        .filter_map(|p| {
            let c: u16 = p.id.area_code.parse().ok()?;
            Some(crate::charts::MapArea {
                code: c,
                name: p.area_name.clone(),
                class: Some(usize::from(c == own)),
                label: None,
                emphasis: c == own,
            })
        })
        .collect();
    Some(ChartSpec::Map(crate::charts::MapChart {
        title: format!("{name} – {context}"),
        legend_title: String::new(),
        classes: vec![
            crate::charts::MapClass { label: t(lang, "map_others"), color: "D9D9D9".into() },
            crate::charts::MapClass { label: t(lang, "map_this"), color: "CF6A00".into() },
        ],
        hidden: None,
        areas,
        source: digihyte_geo::credit(lang).to_string(),
        width: 300,
        legend: false,
        lang: lang.to_string(),
    }))
}
