//! The published layer: every table that leaves the program for publication, made once
//! from the computed figures, with each cell a value, a small count (`<5`), a cell hidden by
//! secondary suppression, or a hidden value (derived from a hidden count, not available).
//!
//! Every writer of published outputs (CSV tables, workbooks, charts, documents, web pages)
//! takes [`Published`] and nothing else; the raw figures (`digihyte_core::Metrics`) reach
//! only `internal/`. What is hidden is decided here, once:
//!
//! 1. **Primary**: a count of persons from 1 to `min_count − 1` is small (`<5`).
//! 2. **Breakdowns of a small total** are hidden (not marked): the topics, channels,
//!    providers and ages of a municipality-year whose events are small, the 65+ and 75+ of
//!    small clients, the answers 1–5 and the yes answers of a small n — otherwise zeros
//!    would show where all of a small group lies.
//! 3. **Secondary** ([`system`]): the linked tables (municipalities ↔ the area per year;
//!    a dimension's keys ↔ the events; n₁…n₅ ↔ n; 65+ ↔ 75+ ↔ clients; the counts an
//!    outsider forms by subtraction) are propagated as intervals, as an outsider would, and
//!    further cells are hidden — the smallest published part first — until no small count
//!    can be narrowed below 1 … min − 1. What the secondary marker itself reveals (the cell
//!    is 0 or at least min) is part of that propagation.
//! 4. **Derived values** follow their counts: a rate, share, mean, interval or hours is
//!    published only when every count it is computed from is; a trend's change only when
//!    both years are; the need–reach medians, quadrants and Spearman's rho are computed over
//!    the municipalities whose reach is published.

pub mod system;

use digihyte_core::vocabulary::Dimension;
use digihyte_core::{ActorRow, AgeGroup, Channel, IndicatorRow, Metrics, ProviderType, Topic};
use std::collections::HashMap;
use system::{State, System, VarId};

/// A published cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<T> {
    Value(T),
    /// A count of persons from 1 to min − 1: `<5` everywhere.
    Small,
    /// Hidden by secondary suppression (not a small count): empty in CSV, `..` in workbooks.
    Secondary,
    /// Derived from a hidden count, a breakdown of a small total, or not available: empty.
    Hidden,
}

impl<T: Copy> Cell<T> {
    pub fn value(&self) -> Option<T> {
        match self {
            Cell::Value(v) => Some(*v),
            _ => None,
        }
    }
    pub fn is_value(&self) -> bool {
        matches!(self, Cell::Value(_))
    }
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Cell<U> {
        match self {
            Cell::Value(v) => Cell::Value(f(v)),
            Cell::Small => Cell::Small,
            Cell::Secondary => Cell::Secondary,
            Cell::Hidden => Cell::Hidden,
        }
    }
}

/// A derived value: published only when every count it rests on is.
fn derived(value: Option<f64>, bases: &[Cell<u64>]) -> Cell<f64> {
    match value {
        Some(v) if bases.iter().all(Cell::is_value) => Cell::Value(v),
        _ => Cell::Hidden,
    }
}

/// A row's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    Municipality(u16),
    /// The pipeline's area: a region, a list of municipalities or the whole country.
    Whole,
}

/// Who a row is about, as every table names it.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaId {
    pub area: Area,
    /// `municipality`, `region`, `area`, `country`.
    pub area_type: String,
    /// `564`, `17`, `AREA`, `SSS`.
    pub area_code: String,
}

impl AreaId {
    fn new(area_type: &str, area_code: &str) -> AreaId {
        let area = if area_type == "municipality" { Area::Municipality(area_code.parse().unwrap_or(0)) } else { Area::Whole };
        AreaId { area, area_type: area_type.to_string(), area_code: area_code.to_string() }
    }
}

/// A key of one of the four mixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MixKey {
    Topic(Topic),
    Channel(Channel),
    Provider(ProviderType),
    Age(AgeGroup),
}

impl MixKey {
    pub fn dimension(self) -> Dimension {
        match self {
            MixKey::Topic(_) => Dimension::Topic,
            MixKey::Channel(_) => Dimension::Channel,
            MixKey::Provider(_) => Dimension::ProviderType,
            MixKey::Age(_) => Dimension::AgeGroup,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            MixKey::Topic(k) => k.key(),
            MixKey::Channel(k) => k.key(),
            MixKey::Provider(k) => k.key(),
            MixKey::Age(k) => k.key(),
        }
    }
    pub fn parse(dimension: &str, key: &str) -> Option<MixKey> {
        match Dimension::from_key(dimension)? {
            Dimension::Topic => Topic::from_key(key).map(MixKey::Topic),
            Dimension::Channel => Channel::from_key(key).map(MixKey::Channel),
            Dimension::ProviderType => ProviderType::from_key(key).map(MixKey::Provider),
            Dimension::AgeGroup => AgeGroup::from_key(key).map(MixKey::Age),
        }
    }
    /// Every key of a dimension, in report order.
    pub fn all(dim: Dimension) -> Vec<MixKey> {
        match dim {
            Dimension::Topic => Topic::ALL.iter().map(|k| MixKey::Topic(*k)).collect(),
            Dimension::Channel => Channel::ALL.iter().map(|k| MixKey::Channel(*k)).collect(),
            Dimension::ProviderType => ProviderType::ALL.iter().map(|k| MixKey::Provider(*k)).collect(),
            Dimension::AgeGroup => AgeGroup::ALL.iter().map(|k| MixKey::Age(*k)).collect(),
        }
    }
}

/// One row of `reach.csv` as published.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    pub id: AreaId,
    pub area_name: String,
    pub year: i32,
    pub events: Cell<u64>,
    pub clients: Cell<u64>,
    pub unique_clients: Cell<u64>,
    pub events_with_client_id: Cell<u64>,
    pub hours: Cell<f64>,
    pub events_with_duration: Cell<u64>,
    /// A count of support points (not of persons): always published.
    pub support_points: u64,
    pub clients_65plus: Cell<u64>,
    pub clients_75plus: Cell<u64>,
    pub population: Option<f64>,
    pub population_65plus: Option<f64>,
    pub population_75plus: Option<f64>,
    pub population_year: Option<i32>,
    pub clients_per_1000: Cell<f64>,
    pub clients_65plus_per_1000_65plus: Cell<f64>,
    pub clients_75plus_per_1000_75plus: Cell<f64>,
}

/// One row of `mix.csv` as published.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    pub id: AreaId,
    pub year: i32,
    pub key: MixKey,
    pub events: Cell<u64>,
    pub share: Cell<f64>,
}

/// One row of `trend.csv` as published.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub id: AreaId,
    pub year: i32,
    pub metric: String,
    pub value: Cell<f64>,
    pub previous: Cell<f64>,
    pub change: Cell<f64>,
    pub change_share: Cell<f64>,
}

/// One row of `feedback.csv` as published.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub id: AreaId,
    pub year: i32,
    pub item: String,
    pub yes_no: bool,
    pub n: Cell<u64>,
    pub mean: Cell<f64>,
    pub share_4_5: Cell<f64>,
    pub share_4_5_low: Cell<f64>,
    pub share_4_5_high: Cell<f64>,
    /// Answers 1…5 (Likert items); hidden for yes/no items.
    pub dist: [Cell<u64>; 5],
    pub yes: Cell<u64>,
    pub share_yes: Cell<f64>,
}

/// One row of `need_reach.csv` as published.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedReach {
    pub area_code: String,
    pub area_name: String,
    pub year: i32,
    /// From public indicators: always published.
    pub need_index: Option<f64>,
    pub indicators_available: u32,
    pub clients_per_1000: Cell<f64>,
    /// Against the medians of the municipalities whose reach is published.
    pub quadrant: Option<&'static str>,
    pub values: Vec<Option<f64>>,
}

/// One row of `need_reach_correlation.csv` as published.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedCorrelation {
    pub area_code: String,
    pub year: i32,
    pub n: u64,
    pub spearman: Option<f64>,
    pub need_median: Option<f64>,
    pub reach_median: Option<f64>,
}

/// How many count cells a table hid, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hidden {
    /// Small counts (`<5`).
    pub primary: u64,
    /// Hidden so that small counts cannot be worked out by subtraction (`..`).
    pub secondary: u64,
    /// Not shown because the figure they break down is small or hidden (empty).
    pub withheld: u64,
}

/// What suppression hid, per published table (reach, mix, feedback).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SuppressionCost {
    pub tables: Vec<(&'static str, Hidden)>,
    /// Seconds the secondary suppression took.
    pub seconds: f64,
}

/// Every published table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Published {
    pub min_count: u32,
    pub reach: Vec<Reach>,
    pub mix: Vec<Mix>,
    pub trend: Vec<Trend>,
    pub feedback: Vec<Feedback>,
    /// Public statistics: published as computed.
    pub indicators: Vec<IndicatorRow>,
    pub need_indicators: Vec<u32>,
    pub need_reach: Vec<NeedReach>,
    pub need_correlation: Vec<NeedCorrelation>,
    /// Not counts of persons: published as computed.
    pub actor_survey: Vec<ActorRow>,
    pub cost: SuppressionCost,
}

/// A count cell's variable and what it stands for.
struct CountCells {
    reach: Vec<ReachVars>,
    /// Per mix row.
    mix: Vec<VarId>,
    /// Per feedback row: n, n₁…n₅ (Likert) or yes (yes/no).
    feedback: Vec<FeedbackVars>,
    /// A row total's breakdown within its row (hidden with it).
    rows: HashMap<VarId, Vec<VarId>>,
}

#[derive(Clone, Copy)]
struct ReachVars {
    events: VarId,
    clients: VarId,
    unique: Option<VarId>,
    with_id: VarId,
    with_duration: VarId,
    hours: VarId,
    c65: VarId,
    c75: VarId,
}

#[derive(Clone)]
struct FeedbackVars {
    n: VarId,
    dist: Option<[VarId; 5]>,
    yes: Option<VarId>,
}

fn is_small(v: u64, min: u32) -> bool {
    v > 0 && v < u64::from(min)
}

/// The state a count gets before secondary suppression: small, or hidden under a small
/// total, or published.
fn primary(v: u64, min: u32, total_small: bool) -> State {
    if total_small {
        State::Unknown
    } else if is_small(v, min) {
        State::Small
    } else {
        State::Published
    }
}

/// An area row's code, year and a dimension.
type RowKey<'a> = (&'a str, i32, Dimension);
/// The area's cell and its municipalities' cells.
type TotalAndParts<T> = (Option<T>, Vec<T>);

/// Builds the system of every published count and its relations.
fn build(m: &Metrics, min: u32) -> (System, CountCells) {
    let mut s = System::new(min);
    // (total, parts, within the row): see `hide_breakdowns`.
    let mut breakdowns: Vec<(VarId, Vec<VarId>, bool)> = Vec::new();
    // Reach.
    let mut reach_vars = Vec::with_capacity(m.reach.len());
    for r in &m.reach {
        let events = s.var(r.events as f64, true, true, true, primary(r.events, min, false));
        let clients = s.var(r.clients as f64, true, true, true, primary(r.clients, min, false));
        let unique = r.unique_clients.map(|u| s.var(u as f64, true, true, true, primary(u, min, false)));
        // The events with a client code and with a duration are counts of events like the
        // events, and hidden with them; the hours follow the events.
        let with_id = s.var(r.events_with_client_id as f64, true, true, true, primary(r.events_with_client_id, min, false));
        let with_duration = s.var(r.events_with_duration as f64, true, true, true, primary(r.events_with_duration, min, false));
        let hours = s.var(r.hours, false, false, true, State::Published);
        let c65 = s.var(r.clients_65plus as f64, true, true, true, primary(r.clients_65plus, min, false));
        let c75 = s.var(r.clients_75plus as f64, true, true, true, primary(r.clients_75plus, min, false));
        breakdowns.push((events, vec![with_id, with_duration, hours], true));
        breakdowns.push((clients, vec![c65], true));
        breakdowns.push((c65, vec![c75], true));
        if let Some(u) = unique {
            breakdowns.push((with_id, vec![u], true));
        }
        // Within the row: clients = under 65 (or of unknown age) + 65+, and 65+ = 65–74 + 75+;
        // the two remainders are counts of persons an outsider can form, so they are
        // protected too.
        s.remainder(clients, &[c65], true);
        s.remainder(c65, &[c75], true);
        // Distinct clients are among the events that have a code.
        if let Some(u) = unique {
            s.at_most(&[(u, 1.0)], &[(with_id, 1.0)]);
        }
        reach_vars.push(ReachVars { events, clients, unique, with_id, with_duration, hours, c65, c75 });
    }
    let reach_ix: HashMap<(&str, i32), usize> = m.reach.iter().enumerate().map(|(i, r)| ((r.area_code.as_str(), r.year), i)).collect();
    // The area rows are the sums of their municipalities.
    let years: Vec<i32> = {
        let mut y: Vec<i32> = m.reach.iter().map(|r| r.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    for &year in &years {
        let (munis, whole): (Vec<usize>, Vec<usize>) =
            (0..m.reach.len()).filter(|&i| m.reach[i].year == year).partition(|&i| m.reach[i].area_type == "municipality");
        for &w in &whole {
            let pick = |f: fn(&ReachVars) -> VarId| -> (VarId, Vec<VarId>) {
                (f(&reach_vars[w]), munis.iter().map(|&i| f(&reach_vars[i])).collect())
            };
            for f in [
                (|v: &ReachVars| v.events) as fn(&ReachVars) -> VarId,
                |v| v.clients,
                |v| v.with_id,
                |v| v.with_duration,
                |v| v.hours,
                |v| v.c65,
                |v| v.c75,
            ] {
                let (t, parts) = pick(f);
                s.sum(t, &parts);
                breakdowns.push((t, parts, false));
            }
            // A client lives in one municipality: the area's distinct clients are at most the
            // sum of its municipalities' (and in practice equal to it), and at least each one's.
            if let Some(u) = reach_vars[w].unique {
                let parts: Vec<(VarId, f64)> = munis.iter().filter_map(|&i| reach_vars[i].unique.map(|x| (x, 1.0))).collect();
                if parts.len() == munis.len() {
                    s.at_most(&[(u, 1.0)], &parts);
                }
                for &(p, _) in &parts {
                    s.at_most(&[(p, 1.0)], &[(u, 1.0)]);
                }
                breakdowns.push((u, parts.iter().map(|p| p.0).collect(), false));
            }
        }
    }
    // Mix: each key a count; channel, provider and age keys sum to the events.
    let mut mix_vars = Vec::with_capacity(m.mix.len());
    let mut by_row: HashMap<RowKey, Vec<(MixKey, VarId)>> = HashMap::new();
    for x in &m.mix {
        let v = s.var(x.events as f64, true, true, true, primary(x.events, min, false));
        mix_vars.push(v);
        if let Some(k) = MixKey::parse(&x.dimension, &x.key) {
            by_row.entry((x.area_code.as_str(), x.year, k.dimension())).or_default().push((k, v));
        }
    }
    let mut rows: Vec<_> = by_row.iter().collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    for ((code, year, dim), keys) in rows {
        let Some(&ri) = reach_ix.get(&(*code, *year)) else { continue };
        let rv = reach_vars[ri];
        let parts: Vec<VarId> = keys.iter().map(|k| k.1).collect();
        // An event has one channel, one provider and one age group (topics may be several).
        if *dim != Dimension::Topic {
            s.sum(rv.events, &parts);
        }
        breakdowns.push((rv.events, parts, true));
    }
    // The area's key = the sum of its municipalities' keys.
    let mut by_key: HashMap<(i32, &str, &str), TotalAndParts<VarId>> = HashMap::new();
    for (x, &v) in m.mix.iter().zip(&mix_vars) {
        let e = by_key.entry((x.year, x.dimension.as_str(), x.key.as_str())).or_default();
        if x.area_type == "municipality" {
            e.1.push(v);
        } else {
            e.0 = Some(v);
        }
    }
    let mut keys: Vec<_> = by_key.into_iter().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, (total, parts)) in keys {
        if let Some(t) = total {
            s.sum(t, &parts);
            breakdowns.push((t, parts, false));
        }
    }
    // Feedback: n = n₁ + … + n₅, or n = yes + no; the area = its municipalities + the
    // respondents who named none (protected remainders).
    let mut fb_vars = Vec::with_capacity(m.feedback.len());
    for r in &m.feedback {
        let n = s.var(r.n as f64, true, true, true, primary(r.n, min, false));
        let (dist, yes) = if r.yes_no {
            let yes = s.var(r.yes as f64, true, true, true, primary(r.yes, min, false));
            s.remainder(n, &[yes], true);
            breakdowns.push((n, vec![yes], true));
            (None, Some(yes))
        } else {
            let d: [VarId; 5] = std::array::from_fn(|k| s.var(r.dist[k] as f64, true, true, true, primary(r.dist[k], min, false)));
            s.sum(n, &d);
            breakdowns.push((n, d.to_vec(), true));
            (Some(d), None)
        };
        fb_vars.push(FeedbackVars { n, dist, yes });
    }
    let mut by_item: HashMap<(i32, &str), TotalAndParts<usize>> = HashMap::new();
    for (i, r) in m.feedback.iter().enumerate() {
        let e = by_item.entry((r.year, r.item.as_str())).or_default();
        if r.area_type == "municipality" {
            e.1.push(i);
        } else {
            e.0 = Some(i);
        }
    }
    let mut items: Vec<_> = by_item.into_iter().collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, (total, parts)) in items {
        let Some(t) = total else { continue };
        let tv = fb_vars[t].clone();
        let pv: Vec<FeedbackVars> = parts.iter().map(|&i| fb_vars[i].clone()).collect();
        let ns: Vec<VarId> = pv.iter().map(|p| p.n).collect();
        s.remainder(tv.n, &ns, true);
        breakdowns.push((tv.n, ns, false));
        if let (Some(td), true) = (tv.dist, pv.iter().all(|p| p.dist.is_some())) {
            for (k, &t) in td.iter().enumerate() {
                let parts: Vec<VarId> = pv.iter().map(|p| p.dist.expect("checked")[k]).collect();
                s.remainder(t, &parts, true);
                breakdowns.push((t, parts, false));
            }
        }
        if let (Some(ty), true) = (tv.yes, pv.iter().all(|p| p.yes.is_some())) {
            let parts: Vec<VarId> = pv.iter().map(|p| p.yes.expect("checked")).collect();
            s.remainder(ty, &parts, true);
            breakdowns.push((ty, parts, false));
        }
    }
    hide_breakdowns(&mut s, &breakdowns);
    let rows = row_breakdowns(&breakdowns);
    (s, CountCells { reach: reach_vars, mix: mix_vars, feedback: fb_vars, rows })
}

/// The parts of a total that is small are hidden without a mark, and so on down: the
/// topics of a municipality-year with three events, its 65+ and 75+ when its clients are
/// few, the municipalities' cells of a key the whole area has fewer than min of, the
/// answers of a small n. Otherwise a `<5` beside zeros would show where all of a small
/// group lies, and a `<5` part under a `<5` total would narrow both.
fn hide_breakdowns(s: &mut System, breakdowns: &[(VarId, Vec<VarId>, bool)]) {
    let mut changed = true;
    while changed {
        changed = false;
        for (total, parts, _) in breakdowns {
            if matches!(s.vars[*total as usize].state, State::Small | State::Unknown) {
                for &p in parts {
                    if s.vars[p as usize].state != State::Unknown {
                        s.vars[p as usize].state = State::Unknown;
                        changed = true;
                    }
                }
            }
        }
    }
}

/// The within-row breakdown of every row total, for hiding it with its total: the mix,
/// the events with a code or a duration and the hours under the events; 65+ under the
/// clients and 75+ under 65+; distinct clients under the events with a code; the answers
/// under n.
fn row_breakdowns(breakdowns: &[(VarId, Vec<VarId>, bool)]) -> HashMap<VarId, Vec<VarId>> {
    let mut out: HashMap<VarId, Vec<VarId>> = HashMap::new();
    for (t, parts, row) in breakdowns {
        if *row {
            out.entry(*t).or_default().extend(parts);
        }
    }
    out
}

fn cell(s: &System, v: VarId) -> Cell<u64> {
    let var = &s.vars[v as usize];
    match var.state {
        State::Published => Cell::Value(var.truth.round() as u64),
        State::Small => Cell::Small,
        State::Secondary => Cell::Secondary,
        State::Unknown => Cell::Hidden,
    }
}

/// Makes every published table from the computed figures with threshold `min`.
pub fn publish(m: &Metrics, min: u32) -> Published {
    let started = std::time::Instant::now();
    let (mut s, cells) = build(m, min);
    // A row total hidden by secondary suppression takes its breakdown within the row with
    // it (its parts would add up to it, and a part beside the secondary mark could be
    // narrowed by it).
    s.suppress(|s, hidden| {
        let mut stack = vec![hidden];
        while let Some(t) = stack.pop() {
            for &p in cells.rows.get(&t).map(Vec::as_slice).unwrap_or_default() {
                if s.vars[p as usize].state != State::Unknown {
                    s.vars[p as usize].state = State::Unknown;
                    stack.push(p);
                }
            }
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    if std::env::var_os("DIGIHYTE_TRACE_SUPPRESSION").is_some() {
        trace(m, &s, &cells);
    }

    // Reach.
    let reach: Vec<Reach> = m
        .reach
        .iter()
        .zip(&cells.reach)
        .map(|(r, v)| {
            let (events, clients, c65, c75) = (cell(&s, v.events), cell(&s, v.clients), cell(&s, v.c65), cell(&s, v.c75));
            Reach {
                id: AreaId::new(&r.area_type, &r.area_code),
                area_name: r.area_name.clone(),
                year: r.year,
                events,
                clients,
                unique_clients: v.unique.map_or(Cell::Hidden, |u| cell(&s, u)),
                events_with_client_id: cell(&s, v.with_id),
                hours: if s.vars[v.hours as usize].state == State::Published { Cell::Value(r.hours) } else { Cell::Hidden },
                events_with_duration: cell(&s, v.with_duration),
                support_points: r.support_points,
                clients_65plus: c65,
                clients_75plus: c75,
                population: r.population,
                population_65plus: r.population_65plus,
                population_75plus: r.population_75plus,
                population_year: r.population_year,
                clients_per_1000: derived(r.clients_per_1000, &[clients]),
                clients_65plus_per_1000_65plus: derived(r.clients_65plus_per_1000_65plus, &[c65]),
                clients_75plus_per_1000_75plus: derived(r.clients_75plus_per_1000_75plus, &[c75]),
            }
        })
        .collect();
    let reach_at: HashMap<(&str, i32), &Reach> = reach.iter().map(|r| ((r.id.area_code.as_str(), r.year), r)).collect();

    // Mix.
    let mix: Vec<Mix> = m
        .mix
        .iter()
        .zip(&cells.mix)
        .filter_map(|(x, &v)| {
            let key = MixKey::parse(&x.dimension, &x.key)?;
            let events = cell(&s, v);
            let total = reach_at.get(&(x.area_code.as_str(), x.year)).map_or(Cell::Hidden, |r| r.events);
            Some(Mix { id: AreaId::new(&x.area_type, &x.area_code), year: x.year, key, events, share: derived(x.share, &[events, total]) })
        })
        .collect();

    // Trend: every figure beside the year before, each year as published.
    let trend = m
        .trend
        .iter()
        .map(|t| {
            let now = reach_at.get(&(t.area_code.as_str(), t.year)).copied();
            let before = reach_at.get(&(t.area_code.as_str(), t.year - 1)).copied();
            let value = now.map_or(Cell::Hidden, |r| reach_metric(r, &t.metric, t.value));
            let previous = before.map_or(Cell::Hidden, |r| reach_metric(r, &t.metric, t.previous));
            let both = value.is_value() && previous.is_value();
            Trend {
                id: AreaId::new(&t.area_type, &t.area_code),
                year: t.year,
                metric: t.metric.clone(),
                value,
                previous,
                change: if both { t.change.map_or(Cell::Hidden, Cell::Value) } else { Cell::Hidden },
                change_share: if both { t.change_share.map_or(Cell::Hidden, Cell::Value) } else { Cell::Hidden },
            }
        })
        .collect();

    // Feedback: shares, means and intervals only when every count they rest on is published.
    let feedback = m
        .feedback
        .iter()
        .zip(&cells.feedback)
        .map(|(r, v)| {
            let n = cell(&s, v.n);
            let dist: [Cell<u64>; 5] = match v.dist {
                Some(d) => std::array::from_fn(|k| cell(&s, d[k])),
                None => [Cell::Hidden; 5],
            };
            let yes = v.yes.map_or(Cell::Hidden, |y| cell(&s, y));
            let all: Vec<Cell<u64>> = std::iter::once(n).chain(dist).collect();
            let top = [n, dist[3], dist[4]];
            Feedback {
                id: AreaId::new(&r.area_type, &r.area_code),
                year: r.year,
                item: r.item.clone(),
                yes_no: r.yes_no,
                n,
                mean: derived(r.mean, &all),
                share_4_5: derived(r.share_4_5, &top),
                share_4_5_low: derived(r.share_4_5_low, &top),
                share_4_5_high: derived(r.share_4_5_high, &top),
                dist,
                yes,
                share_yes: derived(r.share_yes, &[n, yes]),
            }
        })
        .collect();

    // Need and reach: the rate as published; medians, quadrants and rho over the published.
    let mut need_reach = Vec::with_capacity(m.need_reach.len());
    let mut need_correlation = Vec::new();
    for c in &m.need_correlation {
        let rows: Vec<&digihyte_core::NeedReachRow> = m.need_reach.iter().filter(|r| r.year == c.year).collect();
        let rates: Vec<Cell<f64>> =
            rows.iter().map(|r| reach_at.get(&(r.area_code.as_str(), r.year)).map_or(Cell::Hidden, |p| p.clients_per_1000)).collect();
        let placement =
            digihyte_core::stats::place(&rows.iter().zip(&rates).map(|(r, rate)| (r.need_index, rate.value())).collect::<Vec<_>>());
        for ((r, rate), q) in rows.iter().zip(&rates).zip(&placement.quadrants) {
            need_reach.push(NeedReach {
                area_code: r.area_code.clone(),
                area_name: r.area_name.clone(),
                year: r.year,
                need_index: r.need_index,
                indicators_available: r.indicators_available,
                clients_per_1000: *rate,
                quadrant: *q,
                values: r.values.clone(),
            });
        }
        need_correlation.push(NeedCorrelation {
            area_code: c.area_code.clone(),
            year: c.year,
            n: placement.n,
            spearman: placement.spearman,
            need_median: placement.need_median,
            reach_median: placement.reach_median,
        });
    }

    let mut cost = SuppressionCost { tables: Vec::new(), seconds };
    let count = |vars: &mut dyn Iterator<Item = VarId>| -> Hidden {
        let mut h = Hidden::default();
        for v in vars {
            match s.vars[v as usize].state {
                State::Small => h.primary += 1,
                State::Secondary => h.secondary += 1,
                // A zero under a hidden total is withheld too, but it hides nobody.
                State::Unknown if s.vars[v as usize].truth > 0.0 => h.withheld += 1,
                _ => {}
            }
        }
        h
    };
    cost.tables.push((
        "reach",
        count(
            &mut cells
                .reach
                .iter()
                .flat_map(|r| [r.events, r.clients, r.with_id, r.with_duration, r.c65, r.c75].into_iter().chain(r.unique)),
        ),
    ));
    cost.tables.push(("mix", count(&mut cells.mix.iter().copied())));
    cost.tables.push((
        "feedback",
        count(&mut cells.feedback.iter().flat_map(|f| std::iter::once(f.n).chain(f.dist.into_iter().flatten()).chain(f.yes))),
    ));
    Published {
        min_count: min,
        reach,
        mix,
        trend,
        feedback,
        indicators: m.indicators.clone(),
        need_indicators: m.need_indicators.clone(),
        need_reach,
        need_correlation,
        actor_survey: m.actor_survey.clone(),
        cost,
    }
}

/// Prints why each secondary cell was hidden (a debugging aid: `DIGIHYTE_TRACE_SUPPRESSION`).
fn trace(m: &Metrics, s: &System, cells: &CountCells) {
    let mut names: HashMap<VarId, String> = HashMap::new();
    for (r, v) in m.reach.iter().zip(&cells.reach) {
        let at = format!("{} {}", r.area_code, r.year);
        for (id, col) in [(v.events, "events"), (v.clients, "clients"), (v.c65, "c65"), (v.c75, "c75")] {
            names.insert(id, format!("reach {at} {col}"));
        }
        if let Some(u) = v.unique {
            names.insert(u, format!("reach {at} unique"));
        }
    }
    for (x, &v) in m.mix.iter().zip(&cells.mix) {
        names.insert(v, format!("mix {} {} {}.{}", x.area_code, x.year, x.dimension, x.key));
    }
    for (r, v) in m.feedback.iter().zip(&cells.feedback) {
        names.insert(v.n, format!("feedback {} {} {} n", r.area_code, r.year, r.item));
    }
    let name = |v: VarId| names.get(&v).cloned().unwrap_or_else(|| format!("virtual #{v} = {}", s.vars[v as usize].truth));
    let mut kinds: HashMap<(String, String), u64> = HashMap::new();
    for &(why, hid) in &s.trace {
        let k = |n: String| n.split(' ').take(1).chain(n.split(' ').skip(3).take(1)).collect::<Vec<_>>().join(" ");
        *kinds.entry((k(name(why)), k(name(hid)))).or_default() += 1;
        eprintln!(
            "suppression: {} (truth {}) → hide {} ({})",
            name(why),
            s.vars[why as usize].truth,
            name(hid),
            s.vars[hid as usize].truth
        );
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    for ((a, b), n) in kinds {
        eprintln!("suppression: {n} × {a} → {b}");
    }
}

/// A reach figure as published in `r`, by its column name; `value` is the computed figure.
fn reach_metric(r: &Reach, metric: &str, value: Option<f64>) -> Cell<f64> {
    let count = |c: Cell<u64>| c.map(|v| v as f64);
    let published = match metric {
        "events" => count(r.events),
        "clients" => count(r.clients),
        "unique_clients" => count(r.unique_clients),
        "hours" => r.hours,
        "support_points" => Cell::Value(r.support_points as f64),
        "clients_65plus" => count(r.clients_65plus),
        "clients_75plus" => count(r.clients_75plus),
        "clients_per_1000" => r.clients_per_1000,
        "clients_65plus_per_1000_65plus" => r.clients_65plus_per_1000_65plus,
        "clients_75plus_per_1000_75plus" => r.clients_75plus_per_1000_75plus,
        _ => Cell::Hidden,
    };
    match (published, value) {
        (Cell::Value(_), Some(v)) => Cell::Value(v),
        (Cell::Value(_), None) => Cell::Hidden,
        (other, _) => other,
    }
}

impl Published {
    /// The reach row of an area and year.
    pub fn reach_of(&self, area: Area, year: i32) -> Option<&Reach> {
        self.reach.iter().find(|r| r.id.area == area && r.year == year)
    }
}
