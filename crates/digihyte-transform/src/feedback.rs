//! Client feedback per item and area-year: n, mean, share answering 4–5 with its 95 %
//! Wilson interval, the 1–5 distribution; yes/no items as n, yes, share.

use crate::{AreaKey, Scope, TransformError};
use digihyte_core::{Answer, FeedbackResponse, FeedbackRow};
use polars::prelude::*;
use std::collections::HashMap;

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score interval for k successes in n trials.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

#[derive(Debug, Default, Clone)]
struct Agg {
    n: u64,
    sum: u64,
    dist: [u64; 5],
    yes_no: bool,
}

fn aggregate(df: &DataFrame, by: &[&str]) -> PolarsResult<DataFrame> {
    let mut aggs = vec![
        len().cast(DataType::Int64).alias("n"),
        col("value").sum().cast(DataType::Int64).alias("sum"),
        col("yes_no").max().cast(DataType::Int64).alias("yes_no"),
    ];
    for k in 1..=5u32 {
        aggs.push(col("value").eq(lit(k)).and(col("yes_no").not()).sum().cast(DataType::Int64).alias(format!("n_{k}")));
    }
    df.clone().lazy().group_by(by.iter().map(|k| col(*k)).collect::<Vec<_>>()).agg(aggs).collect()
}

/// Aggregates by (municipality, year, item).
type AggMap = HashMap<(Option<u32>, i32, String), Agg>;

fn read(df: &DataFrame, with_municipality: bool) -> PolarsResult<AggMap> {
    let year = df.column("year")?.i32()?;
    let item = df.column("item")?.str()?;
    let i64s =
        |name: &str| -> PolarsResult<Vec<u64>> { Ok(df.column(name)?.i64()?.iter().map(|v| v.unwrap_or(0).max(0) as u64).collect()) };
    let (n, sum, yn) = (i64s("n")?, i64s("sum")?, i64s("yes_no")?);
    let dist: Vec<Vec<u64>> = (1..=5).map(|k| i64s(&format!("n_{k}"))).collect::<PolarsResult<_>>()?;
    let muni = if with_municipality { Some(df.column("municipality")?.u32()?) } else { None };
    let mut out = HashMap::new();
    for i in 0..df.height() {
        let m = muni.and_then(|m| m.get(i));
        if with_municipality && m.is_none() {
            continue; // responses without a municipality count for the area only
        }
        let mut d = [0u64; 5];
        for (k, col) in dist.iter().enumerate() {
            d[k] = col[i];
        }
        out.insert(
            (m, year.get(i).unwrap_or(0), item.get(i).unwrap_or("").to_string()),
            Agg { n: n[i], sum: sum[i], dist: d, yes_no: yn[i] == 1 },
        );
    }
    Ok(out)
}

/// Feedback rows for every area of the scope, every year and every item seen.
pub fn compute_feedback(responses: &[&FeedbackResponse], scope: &Scope) -> Result<Vec<FeedbackRow>, TransformError> {
    let (mut m, mut y): (Vec<Option<u32>>, Vec<i32>) = Default::default();
    let (mut it, mut v, mut yn): (Vec<&str>, Vec<u32>, Vec<bool>) = Default::default();
    // Item order: the canonical items first, then the pipeline's own in order of appearance.
    let canonical = ["got_help", "can_do_myself", "confidence_grew", "cope_better", "would_recommend"];
    let mut seen: Vec<String> = Vec::new();
    let mut kinds: HashMap<String, bool> = HashMap::new();
    for r in responses {
        for (item, answer) in &r.answers {
            m.push(r.municipality.map(u32::from));
            y.push(r.year);
            it.push(item.as_str());
            let (value, is_yes_no) = match answer {
                Answer::Likert(x) => (u32::from(*x), false),
                Answer::YesNo(b) => (u32::from(*b), true),
            };
            v.push(value);
            yn.push(is_yes_no);
            kinds.entry(item.clone()).or_insert(is_yes_no);
            if !seen.contains(item) {
                seen.push(item.clone());
            }
        }
    }
    let mut items: Vec<String> = canonical.iter().filter(|c| seen.iter().any(|s| s == *c)).map(|c| c.to_string()).collect();
    items.extend(seen.iter().filter(|s| !canonical.contains(&s.as_str())).cloned());
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let df = df!("municipality" => m, "year" => y, "item" => it, "value" => v, "yes_no" => yn)?;
    let per_muni = read(&aggregate(&df, &["municipality", "year", "item"])?, true)?;
    let per_area = read(&aggregate(&df, &["year", "item"])?, false)?;
    let mut rows = Vec::new();
    for area in scope.area_keys() {
        for year in scope.years() {
            for item in &items {
                let agg = match &area {
                    AreaKey::Municipality(c) => per_muni.get(&(Some(u32::from(*c)), year, item.clone())),
                    AreaKey::Area => per_area.get(&(None, year, item.clone())),
                }
                .cloned()
                .unwrap_or(Agg { yes_no: kinds[item], ..Agg::default() });
                let n = agg.n;
                let top = agg.dist[3] + agg.dist[4];
                let ci = if agg.yes_no { None } else { wilson(top, n) };
                rows.push(FeedbackRow {
                    area_type: scope.area_type(&area).to_string(),
                    area_code: scope.area_code(&area),
                    year,
                    item: item.clone(),
                    yes_no: agg.yes_no,
                    n,
                    mean: (!agg.yes_no && n > 0).then(|| agg.sum as f64 / n as f64),
                    share_4_5: (!agg.yes_no && n > 0).then(|| top as f64 / n as f64),
                    share_4_5_low: ci.map(|c| c.0),
                    share_4_5_high: ci.map(|c| c.1),
                    dist: if agg.yes_no { [0; 5] } else { agg.dist },
                    yes: if agg.yes_no { agg.sum } else { 0 },
                    share_yes: (agg.yes_no && n > 0).then(|| agg.sum as f64 / n as f64),
                });
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_the_textbook_values() {
        // 8 of 10: Wilson 95 % interval 0.4902 … 0.9433 (Newcombe 1998, table I method 3).
        let (lo, hi) = wilson(8, 10).unwrap();
        assert!((lo - 0.490_162).abs() < 1e-6, "{lo}");
        assert!((hi - 0.943_318).abs() < 1e-6, "{hi}");
        let (lo, hi) = wilson(0, 5).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.434_482).abs() < 1e-6, "{hi}");
        assert_eq!(wilson(0, 0), None);
    }
}
