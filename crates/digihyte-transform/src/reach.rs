//! Reach per municipality-year and for the area.

use crate::{AreaKey, IndicatorIndex, Scope, TransformError};
use digihyte_core::{AgeGroup, AreaRef, Event, ReachRow, Reference};
use polars::prelude::*;
use std::collections::HashMap;

/// Counts of one group, as polars returns them.
#[derive(Debug, Clone, Default)]
struct Counts {
    events: u64,
    clients: u64,
    unique_clients: u64,
    events_with_client_id: u64,
    minutes: f64,
    events_with_duration: u64,
    support_points: u64,
    clients_65plus: u64,
    clients_75plus: u64,
}

/// Small integer codes for strings: equal strings get equal codes, in order of first sight.
/// Distinct counts (`n_unique`) over codes are the distinct counts over the strings, and
/// polars groups integers much faster than strings.
struct Codes<'a> {
    codes: std::collections::HashMap<&'a str, u32, foldhash::fast::FixedState>,
}

impl<'a> Codes<'a> {
    fn with_capacity(n: usize) -> Self {
        Codes { codes: std::collections::HashMap::with_capacity_and_hasher(n, Default::default()) }
    }
    fn code(&mut self, s: Option<&'a str>) -> Option<u32> {
        let next = self.codes.len() as u32;
        s.map(|s| *self.codes.entry(s).or_insert(next))
    }
}

/// The pseudonymous client code of each event as an integer code ([`Codes`]), in order.
pub(crate) fn client_codes(in_scope: &[&Event]) -> Vec<Option<u32>> {
    let mut ids = Codes::with_capacity(in_scope.len());
    in_scope.iter().map(|e| ids.code(e.client_id.as_deref())).collect()
}

/// The events of the scope as a polars frame. Support points and client codes enter as
/// integer codes ([`Codes`]): only their distinct counts are needed. `client_codes` gives
/// the events' [`client_codes`].
fn frame(in_scope: &[&Event], client_codes: impl FnOnce() -> Vec<Option<u32>>) -> PolarsResult<DataFrame> {
    let n = in_scope.len();
    let mut municipality = Vec::with_capacity(n);
    let mut year = Vec::with_capacity(n);
    let mut clients = Vec::with_capacity(n);
    let mut c65 = Vec::with_capacity(n);
    let mut c75 = Vec::with_capacity(n);
    let mut duration = Vec::with_capacity(n);
    let mut point: Vec<Option<u32>> = Vec::with_capacity(n);
    let mut points = Codes::with_capacity(1024);
    for e in in_scope.iter().copied() {
        municipality.push(u32::from(e.municipality));
        year.push(e.year);
        clients.push(i64::from(e.clients));
        let is65 = matches!(e.age, AgeGroup::Age65To74 | AgeGroup::Age75Plus);
        c65.push(if is65 { i64::from(e.clients) } else { 0 });
        c75.push(if e.age == AgeGroup::Age75Plus { i64::from(e.clients) } else { 0 });
        duration.push(e.duration_min);
        point.push(points.code(e.support_point.as_deref()));
    }
    let client_id = client_codes();
    df!(
        "municipality" => municipality,
        "year" => year,
        "clients" => clients,
        "c65" => c65,
        "c75" => c75,
        "duration" => duration,
        "point" => point,
        "client_id" => client_id,
    )
}

fn aggregate(df: &DataFrame, by: &[&str]) -> PolarsResult<DataFrame> {
    let keys: Vec<Expr> = by.iter().map(|k| col(*k)).collect();
    df.clone()
        .lazy()
        .group_by(keys)
        .agg([
            len().cast(DataType::Int64).alias("events"),
            col("clients").sum().cast(DataType::Int64).alias("clients"),
            col("client_id").drop_nulls().n_unique().cast(DataType::Int64).alias("unique_clients"),
            col("client_id").count().cast(DataType::Int64).alias("events_with_client_id"),
            col("duration").sum().cast(DataType::Float64).alias("minutes"),
            col("duration").count().cast(DataType::Int64).alias("events_with_duration"),
            col("point").drop_nulls().n_unique().cast(DataType::Int64).alias("support_points"),
            col("c65").sum().cast(DataType::Int64).alias("clients_65plus"),
            col("c75").sum().cast(DataType::Int64).alias("clients_75plus"),
        ])
        .collect()
}

fn read_counts(df: &DataFrame, key: impl Fn(usize) -> PolarsResult<(u32, i32)>) -> PolarsResult<HashMap<(u32, i32), Counts>> {
    let i = |name: &str| -> PolarsResult<Vec<u64>> { Ok(df.column(name)?.i64()?.iter().map(|v| v.unwrap_or(0).max(0) as u64).collect()) };
    let (events, clients, unique, with_id, with_dur, points, c65, c75) = (
        i("events")?,
        i("clients")?,
        i("unique_clients")?,
        i("events_with_client_id")?,
        i("events_with_duration")?,
        i("support_points")?,
        i("clients_65plus")?,
        i("clients_75plus")?,
    );
    let minutes: Vec<f64> = df.column("minutes")?.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect();
    let mut out = HashMap::new();
    for r in 0..df.height() {
        out.insert(
            key(r)?,
            Counts {
                events: events[r],
                clients: clients[r],
                unique_clients: unique[r],
                events_with_client_id: with_id[r],
                minutes: minutes[r],
                events_with_duration: with_dur[r],
                support_points: points[r],
                clients_65plus: c65[r],
                clients_75plus: c75[r],
            },
        );
    }
    Ok(out)
}

/// Denominators of one municipality-year: total, 65+, 75+ and the year of the total.
#[derive(Debug, Clone, Copy, Default)]
struct Denominators {
    total: Option<f64>,
    p65: Option<f64>,
    p75: Option<f64>,
    year: Option<i32>,
}

fn denominators(code: u16, year: i32, indicators: &IndicatorIndex, scope: &Scope) -> Denominators {
    let area = AreaRef::Municipality(code);
    let sotkanet = if scope.indicators_given { indicators.latest(127, area, year) } else { None };
    let (total, pop_year) = match sotkanet.or_else(|| Reference::get().population(code, year).map(|(y, v)| (v, y))) {
        Some((v, y)) => (Some(v), Some(y)),
        None => (None, None),
    };
    let share = |id| indicators.latest(id, area, year).map(|(v, _)| v);
    Denominators {
        total,
        p65: total.zip(share(1068)).map(|(t, s)| t * s / 100.0),
        p75: total.zip(share(171)).map(|(t, s)| t * s / 100.0),
        year: pop_year,
    }
}

fn rate(count: u64, denominator: Option<f64>) -> Option<f64> {
    denominator.filter(|d| *d > 0.0).map(|d| count as f64 * 1000.0 / d)
}

fn row(area_type: &str, area_code: String, area_name: String, year: i32, c: &Counts, d: Denominators, has_ids: bool) -> ReachRow {
    ReachRow {
        area_type: area_type.to_string(),
        area_code,
        area_name,
        year,
        events: c.events,
        clients: c.clients,
        unique_clients: has_ids.then_some(c.unique_clients),
        events_with_client_id: c.events_with_client_id,
        hours: c.minutes / 60.0,
        events_with_duration: c.events_with_duration,
        support_points: c.support_points,
        clients_65plus: c.clients_65plus,
        clients_75plus: c.clients_75plus,
        population: d.total,
        population_65plus: d.p65,
        population_75plus: d.p75,
        population_year: d.year,
        clients_per_1000: rate(c.clients, d.total),
        clients_65plus_per_1000_65plus: rate(c.clients_65plus, d.p65),
        clients_75plus_per_1000_75plus: rate(c.clients_75plus, d.p75),
    }
}

/// Reach per municipality and year (every municipality of the scope, every year, zeros where
/// there were no events), then the area rows per year. `client_codes` gives the
/// [`client_codes`] of `in_scope` (computed on another thread meanwhile).
pub(crate) fn reach_rows(
    in_scope: &[&Event],
    client_codes: impl FnOnce() -> Vec<Option<u32>>,
    indicators: &IndicatorIndex,
    scope: &Scope,
) -> Result<Vec<ReachRow>, TransformError> {
    let r = Reference::get();
    let df = frame(in_scope, client_codes)?;
    let by_muni = aggregate(&df, &["municipality", "year"])?;
    let m_col = by_muni.column("municipality")?.u32()?.clone();
    let y_col = by_muni.column("year")?.i32()?.clone();
    let per_muni = read_counts(&by_muni, |i| Ok((m_col.get(i).unwrap_or(0), y_col.get(i).unwrap_or(0))))?;
    let by_year = aggregate(&df, &["year"])?;
    let y_col = by_year.column("year")?.i32()?.clone();
    let per_year = read_counts(&by_year, |i| Ok((0, y_col.get(i).unwrap_or(0))))?;

    let mut rows = Vec::new();
    let lang = scope.language.as_str();
    for &code in &scope.municipalities {
        let name = r.municipality(code).map(|m| m.name(lang).to_string()).unwrap_or_default();
        for year in scope.years() {
            let c = per_muni.get(&(u32::from(code), year)).cloned().unwrap_or_default();
            let d = denominators(code, year, indicators, scope);
            rows.push(row("municipality", format!("{code:03}"), name.clone(), year, &c, d, c.events_with_client_id > 0));
        }
    }
    let (area_type, area_code) = (scope.area_type(&AreaKey::Area), scope.area_code(&AreaKey::Area));
    for year in scope.years() {
        let c = per_year.get(&(0, year)).cloned().unwrap_or_default();
        let ds: Vec<Denominators> = scope.municipalities.iter().map(|&m| denominators(m, year, indicators, scope)).collect();
        // A sum over members is only a denominator when every member has one.
        let sum = |f: fn(&Denominators) -> Option<f64>| ds.iter().map(f).sum::<Option<f64>>();
        let d = Denominators {
            total: sum(|d| d.total),
            p65: sum(|d| d.p65),
            p75: sum(|d| d.p75),
            year: ds.iter().filter_map(|d| d.year).max(),
        };
        rows.push(row(area_type, area_code.clone(), scope.area_name.clone(), year, &c, d, c.events_with_client_id > 0));
    }
    Ok(rows)
}
