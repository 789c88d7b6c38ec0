//! Mix of topics, channels, provider types and age groups (shares of events).

use crate::{AreaKey, Scope, TransformError};
use digihyte_core::{AgeGroup, Channel, Event, MixRow, ProviderType, Topic};
use polars::prelude::*;
use std::collections::HashMap;

/// The dimensions and their keys, in report order.
pub fn dimensions() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("topic", Topic::ALL.iter().map(|t| t.key()).collect()),
        ("channel", Channel::ALL.iter().map(|t| t.key()).collect()),
        ("provider_type", ProviderType::ALL.iter().map(|t| t.key()).collect()),
        ("age_group", AgeGroup::ALL.iter().map(|t| t.key()).collect()),
    ]
}

type Counts = HashMap<(u32, i32, String, String), u64>;

fn count(df: &DataFrame, by: &[&str]) -> PolarsResult<DataFrame> {
    df.clone().lazy().group_by(by.iter().map(|k| col(*k)).collect::<Vec<_>>()).agg([len().cast(DataType::Int64).alias("events")]).collect()
}

fn read(df: &DataFrame, with_municipality: bool) -> PolarsResult<Counts> {
    let year = df.column("year")?.i32()?;
    let dim = df.column("dimension")?.str()?;
    let key = df.column("key")?.str()?;
    let events = df.column("events")?.i64()?;
    let muni = if with_municipality { Some(df.column("municipality")?.u32()?) } else { None };
    let mut out = HashMap::new();
    for i in 0..df.height() {
        let m = muni.and_then(|m| m.get(i)).unwrap_or(0);
        out.insert(
            (m, year.get(i).unwrap_or(0), dim.get(i).unwrap_or("").to_string(), key.get(i).unwrap_or("").to_string()),
            events.get(i).unwrap_or(0).max(0) as u64,
        );
    }
    Ok(out)
}

/// Mix rows for every area of the scope, every year, every dimension and key (zeros
/// included). A multi-topic event counts once in each of its topics; an event without a
/// topic counts as `unknown`.
pub fn compute_mix(events: &[&Event], scope: &Scope, totals: &HashMap<(AreaKey, i32), u64>) -> Result<Vec<MixRow>, TransformError> {
    let (mut m, mut y, mut d, mut k) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut push = |e: &Event, dim: &'static str, key: &'static str| {
        m.push(u32::from(e.municipality));
        y.push(e.year);
        d.push(dim);
        k.push(key);
    };
    for e in events {
        if e.topics.is_empty() {
            push(e, "topic", Topic::Unknown.key());
        }
        for t in e.topics.iter() {
            push(e, "topic", t.key());
        }
        push(e, "channel", e.channel.key());
        push(e, "provider_type", e.provider.key());
        push(e, "age_group", e.age.key());
    }
    let df = df!("municipality" => m, "year" => y, "dimension" => d, "key" => k)?;
    let per_muni = read(&count(&df, &["municipality", "year", "dimension", "key"])?, true)?;
    let per_area = read(&count(&df, &["year", "dimension", "key"])?, false)?;

    let mut rows = Vec::new();
    let dims = dimensions();
    for area in scope.area_keys() {
        for year in scope.years() {
            let total = totals.get(&(area.clone(), year)).copied().unwrap_or(0);
            for (dim, keys) in &dims {
                for key in keys {
                    let events = match &area {
                        AreaKey::Municipality(c) => per_muni.get(&(u32::from(*c), year, dim.to_string(), key.to_string())),
                        AreaKey::Area => per_area.get(&(0, year, dim.to_string(), key.to_string())),
                    }
                    .copied()
                    .unwrap_or(0);
                    rows.push(MixRow {
                        area_type: scope.area_type(&area).to_string(),
                        area_code: scope.area_code(&area),
                        year,
                        dimension: dim.to_string(),
                        key: key.to_string(),
                        events,
                        share: (total > 0).then(|| events as f64 / total as f64),
                    });
                }
            }
        }
    }
    Ok(rows)
}
