//! Every metric of the domain (DOMAIN.md, "What is computed" and "Definitions the numbers
//! must follow exactly"), computed from validated records.
//!
//! Invariants: no file I/O here; polars does the grouping (the mix is a plain count); the results are plain Rust rows
//! (`digihyte_core::Metrics`) so that no other crate depends on polars. Area rows sum the
//! counts of their municipalities (distinct support points and client codes over the area)
//! and divide by the sum of the municipalities' denominators: rates are never averaged.

mod feedback;
mod indicators;
mod mix;
mod reach;
mod trend;

#[cfg(test)]
mod properties;

pub use feedback::wilson;
pub use indicators::{ranks, spearman};

use digihyte_core::{ActorSurveyRow, Event, FeedbackResponse, IndicatorValue, Metrics};
use std::collections::HashMap;

/// Errors of the transform (a polars failure is a bug, not a data problem).
#[derive(Debug, thiserror::Error)]
pub enum TransformError {
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}

/// The area a pipeline reports on, as the transform needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaKind {
    Region(u8),
    Municipalities,
    Country,
}

/// One need indicator of the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedSpec {
    pub id: u32,
    pub weight: f64,
    pub lower_is_more_need: bool,
}

/// What the transform needs to know of the pipeline.
#[derive(Debug, Clone)]
pub struct Scope {
    /// In code order.
    pub municipalities: Vec<u16>,
    pub first_year: i32,
    pub last_year: i32,
    pub area: AreaKind,
    /// Name shown for the area row (`Pohjois-Pohjanmaa`, or the pipeline title).
    pub area_name: String,
    /// `fi`, `sv` or `en`: the language of `area_name` columns.
    pub language: String,
    /// True when the pipeline gives indicator files: population then comes from Sotkanet 127.
    pub indicators_given: bool,
    pub need: Vec<NeedSpec>,
}

/// A row's area: one municipality or the whole area.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AreaKey {
    Municipality(u16),
    Area,
}

impl Scope {
    pub fn years(&self) -> impl Iterator<Item = i32> + Clone {
        self.first_year..=self.last_year
    }
    /// Every municipality, then the area.
    pub fn area_keys(&self) -> Vec<AreaKey> {
        self.municipalities.iter().map(|&m| AreaKey::Municipality(m)).chain(std::iter::once(AreaKey::Area)).collect()
    }
    /// `municipality`, `region`, `country` or `area` (a list of municipalities).
    pub fn area_type(&self, key: &AreaKey) -> &'static str {
        match (key, &self.area) {
            (AreaKey::Municipality(_), _) => "municipality",
            (AreaKey::Area, AreaKind::Region(_)) => "region",
            (AreaKey::Area, AreaKind::Country) => "country",
            (AreaKey::Area, AreaKind::Municipalities) => "area",
        }
    }
    /// Three-digit municipality code, two-digit region code, `SSS` or `AREA`.
    pub fn area_code(&self, key: &AreaKey) -> String {
        match (key, &self.area) {
            (AreaKey::Municipality(m), _) => format!("{m:03}"),
            (AreaKey::Area, AreaKind::Region(r)) => format!("{r:02}"),
            (AreaKey::Area, AreaKind::Country) => "SSS".into(),
            (AreaKey::Area, AreaKind::Municipalities) => "AREA".into(),
        }
    }
    fn contains(&self, municipality: u16, year: i32) -> bool {
        self.municipalities.binary_search(&municipality).is_ok() && (self.first_year..=self.last_year).contains(&year)
    }
}

/// Indicator values by indicator and area, years ascending: "the latest value at or before
/// a year" is a binary search, not a scan (a national run asks it millions of times).
pub struct IndicatorIndex {
    by: HashMap<(u32, digihyte_core::AreaRef), Vec<(i32, f64)>>,
    ids: std::collections::BTreeSet<u32>,
}

impl IndicatorIndex {
    pub fn new(values: &[IndicatorValue]) -> IndicatorIndex {
        let mut by: HashMap<(u32, digihyte_core::AreaRef), Vec<(i32, f64)>> = HashMap::new();
        for v in values {
            by.entry((v.indicator, v.area)).or_default().push((v.year, v.value));
        }
        for list in by.values_mut() {
            // Stable: of two values for the same year, the later one in the files wins.
            list.sort_by_key(|x| x.0);
        }
        IndicatorIndex { ids: values.iter().map(|v| v.indicator).collect(), by }
    }

    /// The latest value of an indicator for an area at or before `year`, with its year.
    pub fn latest(&self, indicator: u32, area: digihyte_core::AreaRef, year: i32) -> Option<(f64, i32)> {
        let list = self.by.get(&(indicator, area))?;
        let n = list.partition_point(|x| x.0 <= year);
        n.checked_sub(1).map(|i| (list[i].1, list[i].0))
    }

    /// Every indicator id, ascending.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.ids.iter().copied()
    }
}

/// Everything the transform reads.
pub struct Inputs<'a> {
    pub events: &'a [Event],
    pub feedback: &'a [FeedbackResponse],
    pub actor_survey: &'a [ActorSurveyRow],
    pub indicators: &'a [IndicatorValue],
}

/// Computes every table.
pub fn compute(inputs: &Inputs<'_>, scope: &Scope) -> Result<Metrics, TransformError> {
    let events = in_scope(inputs.events, scope);
    let mut m = figures(inputs, scope, &events)?;
    m.duplicates = duplicates(&events);
    Ok(m)
}

/// [`compute`] without the likely duplicates (`duplicates` is empty): what publishing
/// needs. `events` are [`in_scope`] of `inputs.events`. The duplicates ([`duplicates`] of
/// the same events) are only shown, so a run finds them while it publishes, on the core
/// publishing leaves idle.
pub fn figures(inputs: &Inputs<'_>, scope: &Scope, events: &[&Event]) -> Result<Metrics, TransformError> {
    let index = IndicatorIndex::new(inputs.indicators);
    // The mix count, the feedback and the client codes of the reach frame need none of the
    // rest: they run on threads of their own while the reach frame is built and grouped.
    let (reach, (mix_counts, feedback)) = std::thread::scope(|s| {
        let beside = s.spawn(|| (mix::count_mix(events), feedback_rows(inputs.feedback, scope)));
        let codes = s.spawn(|| reach::client_codes(events));
        let reach = reach::reach_rows(events, || codes.join().expect("the client codes panicked"), &index, scope);
        (reach, beside.join().expect("the mix count panicked"))
    });
    tables(inputs, scope, &index, reach?, mix_counts, feedback?)
}

/// The events of the scope's municipalities and years: what every table counts.
pub fn in_scope<'a>(events: &'a [Event], scope: &Scope) -> Vec<&'a Event> {
    events.iter().filter(|e| scope.contains(e.municipality, e.year)).collect()
}

/// The feedback table, from the responses of the scope's years and municipalities.
fn feedback_rows(responses: &[FeedbackResponse], scope: &Scope) -> Result<Vec<digihyte_core::FeedbackRow>, TransformError> {
    let in_scope: Vec<&FeedbackResponse> = responses
        .iter()
        .filter(|f| {
            (scope.first_year..=scope.last_year).contains(&f.year)
                && f.municipality.is_none_or(|m| scope.municipalities.binary_search(&m).is_ok())
        })
        .collect();
    feedback::compute_feedback(&in_scope, scope)
}

/// Every table but the duplicates, from the reach, the mix counts and the feedback.
fn tables(
    inputs: &Inputs<'_>,
    scope: &Scope,
    index: &IndicatorIndex,
    reach: Vec<digihyte_core::ReachRow>,
    mix_counts: mix::MixCounts,
    feedback: Vec<digihyte_core::FeedbackRow>,
) -> Result<Metrics, TransformError> {
    let totals: HashMap<(AreaKey, i32), u64> = reach
        .iter()
        .map(|r| {
            let key = if r.area_type == "municipality" { AreaKey::Municipality(r.area_code.parse().unwrap_or(0)) } else { AreaKey::Area };
            ((key, r.year), r.events)
        })
        .collect();
    let mix = mix::mix_rows(&mix_counts, scope, &totals);
    let trend = trend::compute_trend(&reach);
    let indicators = indicators::compute_indicators(index, scope);
    let (need_reach, need_correlation) = indicators::compute_need(index, &reach, &scope.need, scope);
    let actor_survey = indicators::compute_actor(inputs.actor_survey, scope);
    Ok(Metrics {
        reach,
        mix,
        trend,
        feedback,
        indicators,
        need_indicators: scope.need.iter().map(|n| n.id).collect(),
        need_reach,
        need_correlation,
        actor_survey,
        duplicates: Vec::new(),
    })
}

/// Groups of events with identical content (every field but where they were read), in
/// the order of their first row. An identical row is still an event (DOMAIN.md); the groups
/// are listed for a person to judge.
///
/// Each event gets a 64-bit fingerprint of its content; sorting the fingerprints brings
/// candidates together, and events are grouped only when their content is equal (two
/// different events that share a fingerprint are never taken for duplicates). A national
/// run has a million events and few duplicates: this is a sort, not a million-entry map.
pub fn duplicates(events: &[&Event]) -> Vec<Vec<digihyte_core::Origin>> {
    use std::hash::BuildHasher;
    fn content(e: &Event) -> impl std::hash::Hash + Eq + '_ {
        (
            e.date,
            e.municipality,
            e.support_point.as_deref(),
            e.provider,
            e.channel,
            e.topics,
            e.age,
            e.duration_min.map(f64::to_bits),
            e.clients,
            e.client_id.as_deref(),
        )
    }
    let hasher = foldhash::fast::FixedState::default();
    let mut prints: Vec<(u64, usize)> = events.iter().enumerate().map(|(i, e)| (hasher.hash_one(content(e)), i)).collect();
    prints.sort_unstable();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for run in prints.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // Indices ascend within a run; split it by content.
        let mut taken = vec![false; run.len()];
        for a in 0..run.len() {
            if taken[a] {
                continue;
            }
            let first = content(events[run[a].1]);
            let mut group = vec![run[a].1];
            for b in a + 1..run.len() {
                if !taken[b] && content(events[run[b].1]) == first {
                    taken[b] = true;
                    group.push(run[b].1);
                }
            }
            if group.len() > 1 {
                groups.push(group);
            }
        }
    }
    groups.sort_by_key(|g| g[0]);
    groups.into_iter().map(|g| g.into_iter().map(|i| events[i].origin).collect()).collect()
}
