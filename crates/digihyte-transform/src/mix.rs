//! Mix of topics, channels, provider types and age groups (shares of events).

use crate::{AreaKey, Scope};
use digihyte_core::{AgeGroup, Channel, Event, MixRow, ProviderType, Topic};
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

/// Codes per area-year: dimension × 32 + key index.
const CODES: usize = 4 * 32;

// Every dimension's keys fit its 32 codes.
const _: () = assert!(Topic::ALL.len() <= 32 && Channel::ALL.len() <= 32 && ProviderType::ALL.len() <= 32 && AgeGroup::ALL.len() <= 32);

fn code(dim: usize, key: usize) -> usize {
    dim * 32 + key
}

/// (municipality, year) → events per key code.
type Counts = HashMap<(u16, i32), [u64; CODES], foldhash::fast::FixedState>;

/// Events per municipality (and for the area) and year, per dimension and key.
pub struct MixCounts {
    per_muni: Counts,
    per_area: HashMap<i32, [u64; CODES], foldhash::fast::FixedState>,
}

/// Counts every event once per dimension: a multi-topic event counts once in each of its
/// topics, an event without a topic as `unknown`. The area's counts are the sums over its
/// municipalities, since every event of the scope lives in exactly one of them.
///
/// A plain count into a small array per municipality-year: four dimensions of at most 32
/// keys each need no grouping engine (polars took 0.22 s for a million events, this one
/// pass about a tenth of that). This is the counting, which needs no reach figures and so
/// runs beside them; [`mix_rows`] makes the rows.
pub fn count_mix(events: &[&Event]) -> MixCounts {
    let mut per_muni: Counts = HashMap::default();
    for e in events {
        let counts = per_muni.entry((e.municipality, e.year)).or_insert([0; CODES]);
        if e.topics.is_empty() {
            counts[code(0, Topic::Unknown.index())] += 1;
        }
        for t in e.topics.iter() {
            counts[code(0, t.index())] += 1;
        }
        counts[code(1, e.channel.index())] += 1;
        counts[code(2, e.provider.index())] += 1;
        counts[code(3, e.age.index())] += 1;
    }
    let mut per_area: HashMap<i32, [u64; CODES], foldhash::fast::FixedState> = HashMap::default();
    for (&(_, year), c) in &per_muni {
        add_into(per_area.entry(year).or_insert([0; CODES]), c);
    }
    MixCounts { per_muni, per_area }
}

fn add_into(total: &mut [u64; CODES], more: &[u64; CODES]) {
    for (t, m) in total.iter_mut().zip(more) {
        *t += m;
    }
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
                    let counts = match &area {
                        AreaKey::Municipality(c) => per_muni.get(&(*c, year)),
                        AreaKey::Area => per_area.get(&year),
                    };
                    let events = counts.map_or(0, |c| c[code(d, k)]);
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
