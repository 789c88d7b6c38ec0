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

/// (municipality, year, code) → events, where code = dimension × 32 + key index.
type Counts = HashMap<(u32, i32, u32), u64>;

fn code(dim: usize, key: usize) -> u32 {
    (dim as u32) * 32 + key as u32
}

fn count(df: &DataFrame, by: &[&str]) -> PolarsResult<DataFrame> {
    df.clone().lazy().group_by(by.iter().map(|k| col(*k)).collect::<Vec<_>>()).agg([len().cast(DataType::Int64).alias("events")]).collect()
}

fn read(df: &DataFrame, with_municipality: bool) -> PolarsResult<Counts> {
    let year = df.column("year")?.i32()?;
    let codes = df.column("code")?.u32()?;
    let events = df.column("events")?.i64()?;
    let muni = if with_municipality { Some(df.column("municipality")?.u32()?) } else { None };
    let mut out = HashMap::new();
    for i in 0..df.height() {
        let m = muni.and_then(|m| m.get(i)).unwrap_or(0);
        out.insert((m, year.get(i).unwrap_or(0), codes.get(i).unwrap_or(u32::MAX)), events.get(i).unwrap_or(0).max(0) as u64);
    }
    Ok(out)
}

/// Mix rows for every area of the scope, every year, every dimension and key (zeros
/// included). A multi-topic event counts once in each of its topics; an event without a
/// topic counts as `unknown`. Keys are grouped as small integer codes, not strings.
pub fn compute_mix(events: &[&Event], scope: &Scope, totals: &HashMap<(AreaKey, i32), u64>) -> Result<Vec<MixRow>, TransformError> {
    let n = events.len() * 4;
    let (mut m, mut y, mut c) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let mut push = |e: &Event, code: u32| {
        m.push(u32::from(e.municipality));
        y.push(e.year);
        c.push(code);
    };
    // Dimension indices follow `dimensions()`: topic, channel, provider_type, age_group.
    for e in events {
        if e.topics.is_empty() {
            push(e, code(0, Topic::Unknown.index()));
        }
        for t in e.topics.iter() {
            push(e, code(0, t.index()));
        }
        push(e, code(1, e.channel.index()));
        push(e, code(2, e.provider.index()));
        push(e, code(3, e.age.index()));
    }
    let df = df!("municipality" => m, "year" => y, "code" => c)?;
    let per_muni = read(&count(&df, &["municipality", "year", "code"])?, true)?;
    let per_area = read(&count(&df, &["year", "code"])?, false)?;

    let mut rows = Vec::new();
    let dims = dimensions();
    for area in scope.area_keys() {
        for year in scope.years() {
            let total = totals.get(&(area.clone(), year)).copied().unwrap_or(0);
            for (d, (dim, keys)) in dims.iter().enumerate() {
                for (k, key) in keys.iter().enumerate() {
                    let events = match &area {
                        AreaKey::Municipality(c) => per_muni.get(&(u32::from(*c), year, code(d, k))),
                        AreaKey::Area => per_area.get(&(0, year, code(d, k))),
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
