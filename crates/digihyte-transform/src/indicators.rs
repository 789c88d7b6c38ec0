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

fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    Some(if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 })
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

/// Ranks 1…n, ties given their average rank.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rho: Pearson's correlation of the ranks (ties averaged).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    (vx > 0.0 && vy > 0.0).then(|| cov / (vx * vy).sqrt())
}

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
        let both: Vec<(f64, f64)> = year_rows.iter().filter_map(|x| x.need_index.zip(x.clients_per_1000)).collect();
        let need_median = median(&both.iter().map(|b| b.0).collect::<Vec<_>>());
        let reach_median = median(&both.iter().map(|b| b.1).collect::<Vec<_>>());
        if let (Some(nm), Some(rm)) = (need_median, reach_median) {
            for x in &mut year_rows {
                if let (Some(ni), Some(rate)) = (x.need_index, x.clients_per_1000) {
                    let need = if ni >= nm { "high_need" } else { "low_need" };
                    let reach = if rate >= rm { "high_reach" } else { "low_reach" };
                    x.quadrant = Some(format!("{need}_{reach}"));
                }
            }
        }
        let n = both.len() as u64;
        corr.push(NeedCorrelation {
            area_code: scope.area_code(&AreaKey::Area),
            year,
            n,
            spearman: if n >= 5 {
                spearman(&both.iter().map(|b| b.0).collect::<Vec<_>>(), &both.iter().map(|b| b.1).collect::<Vec<_>>())
            } else {
                None
            },
            need_median,
            reach_median,
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
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), vec![2.0, 3.5, 3.5, 1.0]);
    }

    #[test]
    fn spearman_of_monotone_and_reversed() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&x, &[2.0, 4.0, 8.0, 16.0, 32.0]).unwrap() - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap() + 1.0).abs() < 1e-12);
        // With ties: y = 1,3,2,3,5 → ranks 1, 3.5, 2, 3.5, 5; deviations from 3 are
        // x: −2 −1 0 1 2, y: −2 0.5 −1 0.5 2; Σxy = 8, Σx² = 10, Σy² = 9.5.
        let rho = spearman(&x, &[1.0, 3.0, 2.0, 3.0, 5.0]).unwrap();
        assert!((rho - 8.0 / (10.0 * 9.5f64).sqrt()).abs() < 1e-12, "{rho}");
        assert_eq!(spearman(&x, &[1.0; 5]), None);
    }

    #[test]
    fn median_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
