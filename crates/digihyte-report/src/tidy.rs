//! Tidy CSV tables (DOMAIN.md, "The output folder"): UTF-8, comma-separated, `.` decimals,
//! one header row; a suppressed count is `<5` and values derived from it are empty.

use crate::{PubReach, ReportError};
use digihyte_core::suppress::Published;
use digihyte_core::{ReachRow, Rejection};

/// The columns of `reach.csv`, in order.
pub const REACH_COLUMNS: &[&str] = &[
    "area_type",
    "area_code",
    "area_name",
    "year",
    "events",
    "clients",
    "unique_clients",
    "events_with_client_id",
    "hours",
    "events_with_duration",
    "support_points",
    "clients_65plus",
    "clients_75plus",
    "population",
    "population_65plus",
    "population_75plus",
    "population_year",
    "clients_per_1000",
    "clients_65plus_per_1000_65plus",
    "clients_75plus_per_1000_75plus",
];

/// A float as CSV text: shortest round-trip form, `.` decimal point.
pub fn num(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

fn opt_num(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn pub_int(v: &Published<u64>, min: u32) -> String {
    match v {
        Published::Value(n) => n.to_string(),
        Published::Suppressed => format!("<{min}"),
        Published::Hidden => String::new(),
    }
}

fn pub_num(v: &Published<f64>) -> String {
    match v {
        Published::Value(n) => num(*n),
        _ => String::new(),
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    w.into_inner().map_err(|e| ReportError::Csv(e.to_string()))
}

/// `internal/reach.csv`: every figure as computed.
pub fn reach_internal(rows: &[ReachRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(REACH_COLUMNS)?;
    for r in rows {
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            r.events.to_string(),
            r.clients.to_string(),
            r.unique_clients.map(|v| v.to_string()).unwrap_or_default(),
            r.events_with_client_id.to_string(),
            num(r.hours),
            r.events_with_duration.to_string(),
            r.support_points.to_string(),
            r.clients_65plus.to_string(),
            r.clients_75plus.to_string(),
            opt_num(r.population),
            opt_num(r.population_65plus),
            opt_num(r.population_75plus),
            r.population_year.map(|v| v.to_string()).unwrap_or_default(),
            opt_num(r.clients_per_1000),
            opt_num(r.clients_65plus_per_1000_65plus),
            opt_num(r.clients_75plus_per_1000_75plus),
        ])?;
    }
    finish(w)
}

/// `data/reach.csv`: small numbers suppressed.
pub fn reach_published(rows: &[PubReach], min: u32) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(REACH_COLUMNS)?;
    for p in rows {
        let r = &p.row;
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            pub_int(&p.events, min),
            pub_int(&p.clients, min),
            pub_int(&p.unique_clients, min),
            pub_int(&p.events_with_client_id, min),
            pub_num(&p.hours),
            pub_int(&p.events_with_duration, min),
            r.support_points.to_string(),
            pub_int(&p.clients_65plus, min),
            pub_int(&p.clients_75plus, min),
            opt_num(r.population),
            opt_num(r.population_65plus),
            opt_num(r.population_75plus),
            r.population_year.map(|v| v.to_string()).unwrap_or_default(),
            pub_num(&p.clients_per_1000),
            pub_num(&p.clients_65plus_per_1000_65plus),
            pub_num(&p.clients_75plus_per_1000_75plus),
        ])?;
    }
    finish(w)
}

/// `internal/rejected.csv`.
pub fn rejected(rows: &[Rejection]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["file", "sheet", "row", "column", "value", "reason", "suggestion"])?;
    for r in rows {
        w.write_record([
            r.file.as_str(),
            r.sheet.as_str(),
            &r.row.to_string(),
            r.column.as_str(),
            r.value.as_str(),
            r.reason.key(),
            r.suggestion.as_deref().unwrap_or(""),
        ])?;
    }
    finish(w)
}
