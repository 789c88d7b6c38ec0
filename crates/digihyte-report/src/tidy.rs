//! Tidy CSV tables (DOMAIN.md, "The output folder"): UTF-8, comma-separated, `.` decimals,
//! one header row; a suppressed count is `<5` and values derived from it are empty.

use crate::{PubReach, ReportError};
use digihyte_core::suppress::Published;
use digihyte_core::{ReachRow, Rejection};

/// The columns of `reach.csv`, in order.
pub const REACH_COLUMNS: &[&str] = &[
    "area_type",
    "area_code",
    "area_name",
    "year",
    "events",
    "clients",
    "unique_clients",
    "events_with_client_id",
    "hours",
    "events_with_duration",
    "support_points",
    "clients_65plus",
    "clients_75plus",
    "population",
    "population_65plus",
    "population_75plus",
    "population_year",
    "clients_per_1000",
    "clients_65plus_per_1000_65plus",
    "clients_75plus_per_1000_75plus",
];

/// A float as CSV text: shortest round-trip form, `.` decimal point.
pub fn num(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

fn opt_num(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn pub_int(v: &Published<u64>, min: u32) -> String {
    match v {
        Published::Value(n) => n.to_string(),
        Published::Suppressed => format!("<{min}"),
        Published::Hidden => String::new(),
    }
}

fn pub_num(v: &Published<f64>) -> String {
    match v {
        Published::Value(n) => num(*n),
        _ => String::new(),
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    w.into_inner().map_err(|e| ReportError::Csv(e.to_string()))
}

/// `internal/reach.csv`: every figure as computed.
pub fn reach_internal(rows: &[ReachRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(REACH_COLUMNS)?;
    for r in rows {
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            r.events.to_string(),
            r.clients.to_string(),
            r.unique_clients.map(|v| v.to_string()).unwrap_or_default(),
            r.events_with_client_id.to_string(),
            num(r.hours),
            r.events_with_duration.to_string(),
            r.support_points.to_string(),
            r.clients_65plus.to_string(),
            r.clients_75plus.to_string(),
            opt_num(r.population),
            opt_num(r.population_65plus),
            opt_num(r.population_75plus),
            r.population_year.map(|v| v.to_string()).unwrap_or_default(),
            opt_num(r.clients_per_1000),
            opt_num(r.clients_65plus_per_1000_65plus),
            opt_num(r.clients_75plus_per_1000_75plus),
        ])?;
    }
    finish(w)
}

/// `data/reach.csv`: small numbers suppressed.
pub fn reach_published(rows: &[PubReach], min: u32) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(REACH_COLUMNS)?;
    for p in rows {
        let r = &p.row;
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            pub_int(&p.events, min),
            pub_int(&p.clients, min),
            pub_int(&p.unique_clients, min),
            pub_int(&p.events_with_client_id, min),
            pub_num(&p.hours),
            pub_int(&p.events_with_duration, min),
            r.support_points.to_string(),
            pub_int(&p.clients_65plus, min),
            pub_int(&p.clients_75plus, min),
            opt_num(r.population),
            opt_num(r.population_65plus),
            opt_num(r.population_75plus),
            r.population_year.map(|v| v.to_string()).unwrap_or_default(),
            pub_num(&p.clients_per_1000),
            pub_num(&p.clients_65plus_per_1000_65plus),
            pub_num(&p.clients_75plus_per_1000_75plus),
        ])?;
    }
    finish(w)
}

/// `internal/rejected.csv`.
pub fn rejected(rows: &[Rejection]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["file", "sheet", "row", "column", "value", "reason", "suggestion"])?;
    for r in rows {
        w.write_record([
            r.file.as_str(),
            r.sheet.as_str(),
            &r.row.to_string(),
            r.column.as_str(),
            r.value.as_str(),
            r.reason.key(),
            r.suggestion.as_deref().unwrap_or(""),
        ])?;
    }
    finish(w)
}

fn opt_u(v: Option<u64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// A count of persons as published.
fn persons(v: u64, min: u32) -> String {
    pub_int(&count(v, min), min)
}

use digihyte_core::suppress::{count, is_small};
use digihyte_core::{ActorRow, FeedbackRow, IndicatorRow, Metrics, MixRow, NeedCorrelation, NeedReachRow, TrendRow};

/// `mix.csv`; `min = None` writes the unsuppressed table.
pub fn mix(rows: &[MixRow], min: Option<u32>) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_type", "area_code", "year", "dimension", "key", "events", "share"])?;
    for r in rows {
        let (events, share) = match min {
            Some(m) if is_small(r.events, m) => (format!("<{m}"), String::new()),
            _ => (r.events.to_string(), opt_num(r.share)),
        };
        w.write_record([&r.area_type, &r.area_code, &r.year.to_string(), &r.dimension, &r.key, &events, &share])?;
    }
    finish(w)
}

/// `trend.csv`.
pub fn trend(rows: &[TrendRow], min: Option<u32>) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_type", "area_code", "year", "metric", "value", "previous", "change", "change_share"])?;
    for r in rows {
        let hidden = |base: Option<u64>| matches!((min, base), (Some(m), Some(b)) if is_small(b, m));
        let show = |v: Option<f64>, base: Option<u64>| -> String {
            match (min, base) {
                (Some(m), Some(b)) if is_small(b, m) && r.is_count_of_persons => format!("<{m}"),
                _ if hidden(base) => String::new(),
                _ => opt_num(v),
            }
        };
        let either_hidden = hidden(r.base_now) || hidden(r.base_previous);
        let (change, share) = if either_hidden { (String::new(), String::new()) } else { (opt_num(r.change), opt_num(r.change_share)) };
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.year.to_string(),
            r.metric.clone(),
            show(r.value, r.base_now),
            show(r.previous, r.base_previous),
            change,
            share,
        ])?;
    }
    finish(w)
}

/// `feedback.csv`.
pub fn feedback(rows: &[FeedbackRow], min: Option<u32>) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record([
        "area_type",
        "area_code",
        "year",
        "item",
        "n",
        "mean",
        "share_4_5",
        "share_4_5_low",
        "share_4_5_high",
        "n_1",
        "n_2",
        "n_3",
        "n_4",
        "n_5",
        "yes",
        "share_yes",
    ])?;
    for r in rows {
        let small = |v: u64| min.is_some_and(|m| is_small(v, m));
        let cnt = |v: u64| match min {
            Some(m) => persons(v, m),
            None => v.to_string(),
        };
        let n_small = small(r.n);
        let mut rec = vec![r.area_type.clone(), r.area_code.clone(), r.year.to_string(), r.item.clone(), cnt(r.n)];
        if r.yes_no {
            rec.extend(std::iter::repeat_n(String::new(), 9));
            rec.push(cnt(r.yes));
            rec.push(if n_small || small(r.yes) { String::new() } else { opt_num(r.share_yes) });
        } else {
            let top = r.dist[3] + r.dist[4];
            let share_hidden = n_small || small(top);
            rec.push(if n_small { String::new() } else { opt_num(r.mean) });
            for v in [r.share_4_5, r.share_4_5_low, r.share_4_5_high] {
                rec.push(if share_hidden { String::new() } else { opt_num(v) });
            }
            rec.extend(r.dist.iter().map(|d| cnt(*d)));
            rec.push(String::new());
            rec.push(String::new());
        }
        w.write_record(rec)?;
    }
    finish(w)
}

/// `indicators.csv` (public statistics: nothing to suppress).
pub fn indicators(rows: &[IndicatorRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_type", "area_code", "year", "indicator", "value", "year_used"])?;
    for r in rows {
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.year.to_string(),
            r.indicator.to_string(),
            opt_num(r.value),
            r.year_used.map(|y| y.to_string()).unwrap_or_default(),
        ])?;
    }
    finish(w)
}

/// `need_reach.csv`: the rate is hidden when the clients behind it are few.
pub fn need_reach(rows: &[NeedReachRow], indicator_ids: &[u32], min: Option<u32>) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    // DOMAIN.md's columns, one per need indicator, then how many indicators entered the index.
    let mut header: Vec<String> =
        ["area_code", "area_name", "year", "need_index", "clients_per_1000", "quadrant"].iter().map(|s| s.to_string()).collect();
    header.extend(indicator_ids.iter().map(|id| format!("indicator_{id}")));
    header.push("indicators_available".to_string());
    w.write_record(&header)?;
    for r in rows {
        let rate_hidden = min.is_some_and(|m| is_small(r.clients, m));
        let mut rec = vec![
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            opt_num(r.need_index),
            if rate_hidden { String::new() } else { opt_num(r.clients_per_1000) },
            r.quadrant.clone().unwrap_or_default(),
        ];
        rec.extend(r.values.iter().map(|v| opt_num(*v)));
        rec.push(r.indicators_available.to_string());
        w.write_record(rec)?;
    }
    finish(w)
}

/// `need_reach_correlation.csv`.
pub fn need_correlation(rows: &[NeedCorrelation]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_code", "year", "n", "spearman", "need_median", "clients_per_1000_median"])?;
    for r in rows {
        w.write_record([
            r.area_code.clone(),
            r.year.to_string(),
            r.n.to_string(),
            opt_num(r.spearman),
            opt_num(r.need_median),
            opt_num(r.reach_median),
        ])?;
    }
    finish(w)
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// `actor_survey.csv`.
pub fn actor_survey(rows: &[ActorRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_code", "year", "in_report", "in_plan", "contact_person", "support_points"])?;
    for r in rows {
        w.write_record([
            r.area_code.as_str(),
            &r.year.to_string(),
            yes_no(r.in_report),
            yes_no(r.in_plan),
            yes_no(r.contact_person),
            &opt_u(r.support_points.map(u64::from)),
        ])?;
    }
    finish(w)
}

/// Every tidy table: (`data/…` published, `internal/…` unsuppressed) pairs, reach first.
pub fn all_tables(m: &Metrics, published_reach: &[crate::PubReach], min: u32) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut out = vec![
        ("data/reach.csv".to_string(), reach_published(published_reach, min)?),
        ("internal/reach.csv".to_string(), reach_internal(&m.reach)?),
        ("data/mix.csv".to_string(), mix(&m.mix, Some(min))?),
        ("internal/mix.csv".to_string(), mix(&m.mix, None)?),
        ("data/trend.csv".to_string(), trend(&m.trend, Some(min))?),
        ("internal/trend.csv".to_string(), trend(&m.trend, None)?),
        ("data/feedback.csv".to_string(), feedback(&m.feedback, Some(min))?),
        ("internal/feedback.csv".to_string(), feedback(&m.feedback, None)?),
        ("data/indicators.csv".to_string(), indicators(&m.indicators)?),
        ("internal/indicators.csv".to_string(), indicators(&m.indicators)?),
        ("data/need_reach.csv".to_string(), need_reach(&m.need_reach, &m.need_indicators, Some(min))?),
        ("internal/need_reach.csv".to_string(), need_reach(&m.need_reach, &m.need_indicators, None)?),
        ("data/need_reach_correlation.csv".to_string(), need_correlation(&m.need_correlation)?),
        ("internal/need_reach_correlation.csv".to_string(), need_correlation(&m.need_correlation)?),
        ("data/actor_survey.csv".to_string(), actor_survey(&m.actor_survey)?),
        ("internal/actor_survey.csv".to_string(), actor_survey(&m.actor_survey)?),
    ];
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PubReach;
    use digihyte_core::{FeedbackRow, MixRow, ReachRow};
    use proptest::prelude::*;

    fn parse(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
        let mut r = csv::Reader::from_reader(bytes);
        let h = r.headers().unwrap().clone();
        r.records().map(|x| h.iter().zip(x.unwrap().iter()).map(|(a, b)| (a.to_string(), b.to_string())).collect()).collect()
    }

    /// A published cell: never a count from 1 to min − 1.
    fn assert_count_ok(v: &str, min: u32) {
        if let Ok(n) = v.parse::<u64>() {
            assert!(n == 0 || n >= u64::from(min), "count {n} published with threshold {min}");
        } else {
            assert!(v.is_empty() || v == format!("<{min}"), "unexpected cell {v:?}");
        }
    }

    fn reach_row() -> impl Strategy<Value = ReachRow> {
        (0u64..12, 0u64..12, proptest::option::of(0u64..12), 0u64..12, 0u64..12, 1.0f64..100_000.0).prop_map(
            |(events, clients, unique, c65, c75, pop)| ReachRow {
                area_type: "municipality".into(),
                area_code: "564".into(),
                area_name: "Oulu".into(),
                year: 2024,
                events,
                clients,
                unique_clients: unique,
                events_with_client_id: events,
                hours: events as f64,
                events_with_duration: events,
                support_points: 1,
                clients_65plus: c65,
                clients_75plus: c75,
                population: Some(pop),
                population_65plus: Some(pop / 5.0),
                population_75plus: Some(pop / 10.0),
                population_year: Some(2022),
                clients_per_1000: Some(clients as f64 * 1000.0 / pop),
                clients_65plus_per_1000_65plus: Some(c65 as f64 * 5000.0 / pop),
                clients_75plus_per_1000_75plus: Some(c75 as f64 * 10000.0 / pop),
            },
        )
    }

    proptest! {
        #[test]
        fn published_reach_never_shows_a_small_count_or_a_rate_from_one(rows in proptest::collection::vec(reach_row(), 1..20), min in 2u32..8) {
            let published: Vec<PubReach> = rows.iter().map(|r| PubReach::new(r, min)).collect();
            let out = parse(&reach_published(&published, min).unwrap());
            for (r, raw) in out.iter().zip(&rows) {
                for c in ["events", "clients", "unique_clients", "clients_65plus", "clients_75plus"] {
                    assert_count_ok(&r[c], min);
                }
                for (rate, base) in [("clients_per_1000", raw.clients), ("clients_65plus_per_1000_65plus", raw.clients_65plus), ("clients_75plus_per_1000_75plus", raw.clients_75plus)] {
                    if base > 0 && base < u64::from(min) {
                        prop_assert_eq!(&r[rate], "");
                    }
                }
                if raw.events > 0 && raw.events < u64::from(min) {
                    prop_assert_eq!(&r["hours"], "");
                }
            }
        }

        #[test]
        fn published_mix_and_feedback_never_show_a_small_count(events in proptest::collection::vec(0u64..12, 1..20), dist in proptest::collection::vec(0u64..6, 5), yes in 0u64..8, min in 2u32..8) {
            let mix_rows: Vec<MixRow> = events.iter().map(|&e| MixRow { area_type: "region".into(), area_code: "17".into(), year: 2024, dimension: "topic".into(), key: "apps".into(), events: e, share: Some(e as f64 / 20.0) }).collect();
            for (r, raw) in parse(&mix(&mix_rows, Some(min)).unwrap()).iter().zip(&mix_rows) {
                assert_count_ok(&r["events"], min);
                if raw.events > 0 && raw.events < u64::from(min) {
                    prop_assert_eq!(&r["share"], "");
                }
            }
            let n: u64 = dist.iter().sum();
            let d = [dist[0], dist[1], dist[2], dist[3], dist[4]];
            let likert = FeedbackRow { area_type: "region".into(), area_code: "17".into(), year: 2024, item: "got_help".into(), yes_no: false, n, mean: (n > 0).then_some(3.0), share_4_5: (n > 0).then(|| (d[3] + d[4]) as f64 / n as f64), share_4_5_low: Some(0.1), share_4_5_high: Some(0.9), dist: d, yes: 0, share_yes: None };
            let yn = FeedbackRow { item: "would_recommend".into(), yes_no: true, n: n.max(yes), yes, share_yes: Some(0.5), dist: [0; 5], mean: None, share_4_5: None, share_4_5_low: None, share_4_5_high: None, ..likert.clone() };
            let out = parse(&feedback(&[likert, yn.clone()], Some(min)).unwrap());
            for c in ["n", "n_1", "n_2", "n_3", "n_4", "n_5", "yes"] {
                assert_count_ok(&out[0][c], min);
                assert_count_ok(&out[1][c], min);
            }
            let small = |v: u64| v > 0 && v < u64::from(min);
            if small(n) {
                prop_assert_eq!(&out[0]["mean"], "");
            }
            if small(n) || small(d[3] + d[4]) {
                prop_assert_eq!(&out[0]["share_4_5"], "");
                prop_assert_eq!(&out[0]["share_4_5_low"], "");
            }
            if small(yn.n) || small(yes) {
                prop_assert_eq!(&out[1]["share_yes"], "");
            }
        }
    }
}
