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

/// Events per municipality, year and value of one column (a key index, or for topics the
/// set of topics as bits).
fn count(df: &DataFrame, by: &str) -> PolarsResult<Vec<(u32, i32, u32, u64)>> {
    let out = df
        .clone()
        .lazy()
        .group_by([col("municipality"), col("year"), col(by)])
        .agg([len().cast(DataType::Int64).alias("events")])
        .collect()?;
    let (m, y, k, n) =
        (out.column("municipality")?.u32()?, out.column("year")?.i32()?, out.column(by)?.u32()?, out.column("events")?.i64()?);
    Ok((0..out.height())
        .map(|i| (m.get(i).unwrap_or(0), y.get(i).unwrap_or(0), k.get(i).unwrap_or(0), n.get(i).unwrap_or(0).max(0) as u64))
        .collect())
}

/// Events per municipality (and for the area, `0`), year and key code.
pub struct MixCounts {
    per_muni: Counts,
    per_area: Counts,
}

/// Mix rows for every area of the scope, every year, every dimension and key (zeros
/// included). A multi-topic event counts once in each of its topics; an event without a
/// topic counts as `unknown`.
///
/// polars counts events per municipality, year and key, one dimension at a time (topics
/// per *set* of topics, which a log has few of, then spread over the topics of each set);
/// the area's counts are the sums over its municipalities, since every event of the scope
/// lives in exactly one of them.
///
/// This is the counting, which needs no reach figures and so runs beside them;
/// [`mix_rows`] makes the rows.
pub fn count_mix(events: &[&Event]) -> Result<MixCounts, TransformError> {
    // One pass over the events (a million of them do not stay in the cache).
    let n = events.len();
    let (mut m, mut y, mut topic, mut channel, mut provider, mut age) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for e in events {
        m.push(u32::from(e.municipality));
        y.push(e.year);
        topic.push(u32::from(e.topics.0));
        channel.push(e.channel.index() as u32);
        provider.push(e.provider.index() as u32);
        age.push(e.age.index() as u32);
    }
    let df = df!(
        "municipality" => m,
        "year" => y,
        "topic" => topic,
        "channel" => channel,
        "provider_type" => provider,
        "age_group" => age,
    )?;
    let mut per_muni: Counts = HashMap::new();
    let mut per_area: Counts = HashMap::new();
    let mut add = |m: u32, y: i32, code: u32, n: u64| {
        *per_muni.entry((m, y, code)).or_default() += n;
        *per_area.entry((0, y, code)).or_default() += n;
    };
    // Dimension indices follow `dimensions()`: topic, channel, provider_type, age_group.
    for (m, y, bits, n) in count(&df, "topic")? {
        let set = digihyte_core::TopicSet(bits as u16);
        if set.is_empty() {
            add(m, y, code(0, Topic::Unknown.index()), n);
        }
        for t in set.iter() {
            add(m, y, code(0, t.index()), n);
        }
    }
    for (d, dim) in ["channel", "provider_type", "age_group"].into_iter().enumerate() {
        for (m, y, k, n) in count(&df, dim)? {
            add(m, y, code(d + 1, k as usize), n);
        }
    }
    Ok(MixCounts { per_muni, per_area })
}

/// Mix rows from the counts, with each key's share of the area-year's events.
pub fn mix_rows(counts: &MixCounts, scope: &Scope, totals: &HashMap<(AreaKey, i32), u64>) -> Vec<MixRow> {
    let MixCounts { per_muni, per_area } = counts;

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
    rows
}
