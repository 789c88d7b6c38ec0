//! Indicators per area-year (latest year at or before), the need index, the need–reach
//! quadrants and Spearman's rank correlation; the actor-survey table.

use crate::{AreaKey, IndicatorIndex, NeedSpec, Scope};
use digihyte_core::{ActorRow, ActorSurveyRow, AreaRef, IndicatorRow, NeedCorrelation, NeedReachRow, ReachRow, Reference};
use std::collections::HashMap;

fn area_ref(scope: &Scope, area: &AreaKey) -> Option<AreaRef> {
    match area {
        AreaKey::Municipality(c) => Some(AreaRef::Municipality(*c)),
        AreaKey::Area => match scope.area {
            crate::AreaKind::Region(r) => Some(AreaRef::Region(r)),
            crate::AreaKind::Country => Some(AreaRef::Country),
            crate::AreaKind::Municipalities => None,
        },
    }
}

/// Every indicator found in the files, for every area of the scope and every year.
pub fn compute_indicators(values: &IndicatorIndex, scope: &Scope) -> Vec<IndicatorRow> {
    let ids: Vec<u32> = values.ids().collect();
    let mut rows = Vec::new();
    for area in scope.area_keys() {
        let Some(aref) = area_ref(scope, &area) else { continue };
        for year in scope.years() {
            for &id in &ids {
                let latest = values.latest(id, aref, year);
                rows.push(IndicatorRow {
                    area_type: scope.area_type(&area).to_string(),
                    area_code: scope.area_code(&area),
                    year,
                    indicator: id,
                    value: latest.map(|l| l.0),
                    year_used: latest.map(|l| l.1),
                });
            }
        }
    }
    rows
}

/// Mean and sample standard deviation (n − 1).
fn mean_sd(v: &[f64]) -> Option<(f64, f64)> {
    if v.len() < 2 {
        return None;
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Some((mean, var.sqrt()))
}

pub use digihyte_core::stats::{ranks, spearman};

/// The need index per municipality-year, its quadrant against reach, and the correlation.
///
/// For each need indicator, the municipalities' values (latest at or before the year) are
/// turned into z-scores across the area's municipalities that have a value (sample standard
/// deviation; sign flipped for `lower_is_more_need`); the index is the weighted mean of the
/// z-scores a municipality has. *High need* / *high reach* mean at or above the median of
/// the area's municipalities.
pub fn compute_need(
    values: &IndicatorIndex,
    reach: &[ReachRow],
    need: &[NeedSpec],
    scope: &Scope,
) -> (Vec<NeedReachRow>, Vec<NeedCorrelation>) {
    if need.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let r = Reference::get();
    let reach_of: HashMap<(&str, i32), &ReachRow> =
        reach.iter().filter(|x| x.area_type == "municipality").map(|x| ((x.area_code.as_str(), x.year), x)).collect();
    let mut rows = Vec::new();
    let mut corr = Vec::new();
    for year in scope.years() {
        let vals: Vec<Vec<Option<f64>>> = scope
            .municipalities
            .iter()
            .map(|&m| need.iter().map(|n| values.latest(n.id, AreaRef::Municipality(m), year).map(|v| v.0)).collect())
            .collect();
        let stats: Vec<Option<(f64, f64)>> =
            (0..need.len()).map(|i| mean_sd(&vals.iter().filter_map(|v| v[i]).collect::<Vec<_>>()).filter(|s| s.1 > 0.0)).collect();
        let mut year_rows = Vec::new();
        for (mi, &m) in scope.municipalities.iter().enumerate() {
            let (mut wsum, mut zsum, mut available) = (0.0, 0.0, 0u32);
            for (i, n) in need.iter().enumerate() {
                if let (Some(v), Some((mean, sd))) = (vals[mi][i], stats[i]) {
                    let z = (v - mean) / sd;
                    let z = if n.lower_is_more_need { -z } else { z };
                    zsum += n.weight * z;
                    wsum += n.weight;
                    available += 1;
                }
            }
            let code = format!("{m:03}");
            let rr = reach_of.get(&(code.as_str(), year)).copied();
            year_rows.push(NeedReachRow {
                area_name: r.municipality(m).map(|x| x.name(&scope.language).to_string()).unwrap_or_default(),
                area_code: code,
                year,
                need_index: (available > 0).then(|| zsum / wsum),
                indicators_available: available,
                clients: rr.map_or(0, |x| x.clients),
                clients_per_1000: rr.and_then(|x| x.clients_per_1000),
                quadrant: None,
                values: vals[mi].clone(),
            });
        }
        let placement = digihyte_core::stats::place(&year_rows.iter().map(|x| (x.need_index, x.clients_per_1000)).collect::<Vec<_>>());
        for (x, q) in year_rows.iter_mut().zip(&placement.quadrants) {
            x.quadrant = q.map(str::to_string);
        }
        corr.push(NeedCorrelation {
            area_code: scope.area_code(&AreaKey::Area),
            year,
            n: placement.n,
            spearman: placement.spearman,
            need_median: placement.need_median,
            reach_median: placement.reach_median,
        });
        rows.extend(year_rows);
    }
    (rows, corr)
}

/// The actor survey for every municipality of the scope and every year (unknown where
/// there is no answer; a later row for the same municipality-year wins).
pub fn compute_actor(survey: &[ActorSurveyRow], scope: &Scope) -> Vec<ActorRow> {
    let by: HashMap<(u16, i32), &ActorSurveyRow> = survey.iter().map(|s| ((s.municipality, s.year), s)).collect();
    let mut rows = Vec::new();
    if survey.is_empty() {
        return rows;
    }
    for &m in &scope.municipalities {
        for year in scope.years() {
            let s = by.get(&(m, year));
            rows.push(ActorRow {
                area_code: format!("{m:03}"),
                year,
                in_report: s.and_then(|s| s.in_report),
                in_plan: s.and_then(|s| s.in_plan),
                contact_person: s.and_then(|s| s.contact_person),
                support_points: s.and_then(|s| s.support_points),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_with_ties() {
        // y = 1,3,2,3,5 → ranks 1, 3.5, 2, 3.5, 5; deviations from 3 are
        // x: −2 −1 0 1 2, y: −2 0.5 −1 0.5 2; Σxy = 8, Σx² = 10, Σy² = 9.5.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let rho = spearman(&x, &[1.0, 3.0, 2.0, 3.0, 5.0]).unwrap();
        assert!((rho - 8.0 / (10.0 * 9.5f64).sqrt()).abs() < 1e-12, "{rho}");
    }
}
