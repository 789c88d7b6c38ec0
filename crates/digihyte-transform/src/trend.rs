//! Each reach metric over the years, with the change from the previous year.

use digihyte_core::{ReachRow, TrendRow};
use std::collections::HashMap;

/// (metric, value, is a count of persons, the count a rate rests on)
fn metrics(r: &ReachRow) -> Vec<(&'static str, Option<f64>, bool, Option<u64>)> {
    vec![
        ("events", Some(r.events as f64), true, Some(r.events)),
        ("clients", Some(r.clients as f64), true, Some(r.clients)),
        ("unique_clients", r.unique_clients.map(|v| v as f64), true, r.unique_clients),
        ("hours", Some(r.hours), false, Some(r.events)),
        ("support_points", Some(r.support_points as f64), false, None),
        ("clients_65plus", Some(r.clients_65plus as f64), true, Some(r.clients_65plus)),
        ("clients_75plus", Some(r.clients_75plus as f64), true, Some(r.clients_75plus)),
        ("clients_per_1000", r.clients_per_1000, false, Some(r.clients)),
        ("clients_65plus_per_1000_65plus", r.clients_65plus_per_1000_65plus, false, Some(r.clients_65plus)),
        ("clients_75plus_per_1000_75plus", r.clients_75plus_per_1000_75plus, false, Some(r.clients_75plus)),
    ]
}

/// Trend rows in reach order: for each area, each year, each metric.
pub fn compute_trend(reach: &[ReachRow]) -> Vec<TrendRow> {
    let by_key: HashMap<(&str, &str, i32), &ReachRow> =
        reach.iter().map(|r| ((r.area_type.as_str(), r.area_code.as_str(), r.year), r)).collect();
    let mut rows = Vec::new();
    for r in reach {
        let prev = by_key.get(&(r.area_type.as_str(), r.area_code.as_str(), r.year - 1)).map(|p| metrics(p));
        for (i, (metric, value, is_count, base)) in metrics(r).into_iter().enumerate() {
            let (previous, base_previous) = match &prev {
                Some(p) => (p[i].1, p[i].3),
                None => (None, None),
            };
            let change = value.zip(previous).map(|(v, p)| v - p);
            let change_share = change.zip(previous).and_then(|(c, p)| (p != 0.0).then(|| c / p));
            rows.push(TrendRow {
                area_type: r.area_type.clone(),
                area_code: r.area_code.clone(),
                year: r.year,
                metric: metric.to_string(),
                value,
                previous,
                change,
                change_share,
                is_count_of_persons: is_count,
                base_now: base,
                base_previous,
            });
        }
    }
    rows
}
