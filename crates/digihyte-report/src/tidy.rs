//! Tidy CSV tables (DOMAIN.md, "The output folder"): UTF-8, comma-separated, `.` decimals,
//! one header row. `data/` is written from the published layer only (a small count is
//! `<5`; a cell hidden by secondary suppression and every value derived from a hidden count
//! is empty); `internal/` from the figures as computed.

use crate::ReportError;
use digihyte_core::{Metrics, ReachRow, Rejection};
use digihyte_publish::{Cell, Published};

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

/// A published count: its value, `<min` when small, empty when hidden.
fn count_cell(v: &Cell<u64>, min: u32) -> String {
    match v {
        Cell::Value(n) => n.to_string(),
        Cell::Small => format!("<{min}"),
        Cell::Secondary | Cell::Hidden => String::new(),
    }
}

/// A published value derived from counts: empty unless published.
fn value_cell(v: &Cell<f64>) -> String {
    match v {
        Cell::Value(n) => num(*n),
        _ => String::new(),
    }
}

/// A published trend value: a count shows `<min` when small, like the count itself.
fn trend_cell(v: &Cell<f64>, min: u32) -> String {
    match v {
        Cell::Value(n) => num(*n),
        Cell::Small => format!("<{min}"),
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

/// `data/reach.csv`, from the published layer.
pub fn reach_published(p: &Published) -> Result<Vec<u8>, ReportError> {
    let min = p.min_count;
    let mut w = writer();
    w.write_record(REACH_COLUMNS)?;
    for r in &p.reach {
        w.write_record([
            r.id.area_type.clone(),
            r.id.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            count_cell(&r.events, min),
            count_cell(&r.clients, min),
            count_cell(&r.unique_clients, min),
            count_cell(&r.events_with_client_id, min),
            value_cell(&r.hours),
            count_cell(&r.events_with_duration, min),
            r.support_points.to_string(),
            count_cell(&r.clients_65plus, min),
            count_cell(&r.clients_75plus, min),
            opt_num(r.population),
            opt_num(r.population_65plus),
            opt_num(r.population_75plus),
            r.population_year.map(|v| v.to_string()).unwrap_or_default(),
            value_cell(&r.clients_per_1000),
            value_cell(&r.clients_65plus_per_1000_65plus),
            value_cell(&r.clients_75plus_per_1000_75plus),
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

fn opt_u(v: Option<u64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

use digihyte_core::{ActorRow, FeedbackRow, IndicatorRow, MixRow, NeedReachRow, TrendRow};

const MIX_COLUMNS: [&str; 7] = ["area_type", "area_code", "year", "dimension", "key", "events", "share"];

/// `data/mix.csv`.
pub fn mix_published(p: &Published) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(MIX_COLUMNS)?;
    for r in &p.mix {
        w.write_record([
            r.id.area_type.as_str(),
            &r.id.area_code,
            &r.year.to_string(),
            r.key.dimension().key(),
            r.key.key(),
            &count_cell(&r.events, p.min_count),
            &value_cell(&r.share),
        ])?;
    }
    finish(w)
}

/// `internal/mix.csv`.
pub fn mix_internal(rows: &[MixRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(MIX_COLUMNS)?;
    for r in rows {
        w.write_record([&r.area_type, &r.area_code, &r.year.to_string(), &r.dimension, &r.key, &r.events.to_string(), &opt_num(r.share)])?;
    }
    finish(w)
}

const TREND_COLUMNS: [&str; 8] = ["area_type", "area_code", "year", "metric", "value", "previous", "change", "change_share"];

/// `data/trend.csv`.
pub fn trend_published(p: &Published) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(TREND_COLUMNS)?;
    for r in &p.trend {
        w.write_record([
            r.id.area_type.clone(),
            r.id.area_code.clone(),
            r.year.to_string(),
            r.metric.clone(),
            trend_cell(&r.value, p.min_count),
            trend_cell(&r.previous, p.min_count),
            value_cell(&r.change),
            value_cell(&r.change_share),
        ])?;
    }
    finish(w)
}

/// `internal/trend.csv`.
pub fn trend_internal(rows: &[TrendRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(TREND_COLUMNS)?;
    for r in rows {
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.year.to_string(),
            r.metric.clone(),
            opt_num(r.value),
            opt_num(r.previous),
            opt_num(r.change),
            opt_num(r.change_share),
        ])?;
    }
    finish(w)
}

const FEEDBACK_COLUMNS: [&str; 16] = [
    "area_type",
    "area_code",
    "year",
    "item",
    "n",
    "mean",
    "share_4_5",
    "share_4_5_low",
    "share_4_5_high",
    "n_1",
    "n_2",
    "n_3",
    "n_4",
    "n_5",
    "yes",
    "share_yes",
];

/// `data/feedback.csv`.
pub fn feedback_published(p: &Published) -> Result<Vec<u8>, ReportError> {
    let min = p.min_count;
    let mut w = writer();
    w.write_record(FEEDBACK_COLUMNS)?;
    for r in &p.feedback {
        let mut rec = vec![r.id.area_type.clone(), r.id.area_code.clone(), r.year.to_string(), r.item.clone(), count_cell(&r.n, min)];
        if r.yes_no {
            rec.extend(std::iter::repeat_n(String::new(), 9));
            rec.push(count_cell(&r.yes, min));
            rec.push(value_cell(&r.share_yes));
        } else {
            rec.extend([&r.mean, &r.share_4_5, &r.share_4_5_low, &r.share_4_5_high].iter().map(|v| value_cell(v)));
            rec.extend(r.dist.iter().map(|d| count_cell(d, min)));
            rec.push(String::new());
            rec.push(String::new());
        }
        w.write_record(rec)?;
    }
    finish(w)
}

/// `internal/feedback.csv`.
pub fn feedback_internal(rows: &[FeedbackRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(FEEDBACK_COLUMNS)?;
    for r in rows {
        let mut rec = vec![r.area_type.clone(), r.area_code.clone(), r.year.to_string(), r.item.clone(), r.n.to_string()];
        if r.yes_no {
            rec.extend(std::iter::repeat_n(String::new(), 9));
            rec.push(r.yes.to_string());
            rec.push(opt_num(r.share_yes));
        } else {
            rec.extend([r.mean, r.share_4_5, r.share_4_5_low, r.share_4_5_high].iter().map(|v| opt_num(*v)));
            rec.extend(r.dist.iter().map(|d| d.to_string()));
            rec.push(String::new());
            rec.push(String::new());
        }
        w.write_record(rec)?;
    }
    finish(w)
}

/// `indicators.csv` (public statistics: nothing to suppress).
pub fn indicators(rows: &[IndicatorRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_type", "area_code", "year", "indicator", "value", "year_used"])?;
    for r in rows {
        w.write_record([
            r.area_type.clone(),
            r.area_code.clone(),
            r.year.to_string(),
            r.indicator.to_string(),
            opt_num(r.value),
            r.year_used.map(|y| y.to_string()).unwrap_or_default(),
        ])?;
    }
    finish(w)
}

fn need_header(indicator_ids: &[u32]) -> Vec<String> {
    // DOMAIN.md's columns, one per need indicator, then how many indicators entered the index.
    let mut header: Vec<String> =
        ["area_code", "area_name", "year", "need_index", "clients_per_1000", "quadrant"].iter().map(|s| s.to_string()).collect();
    header.extend(indicator_ids.iter().map(|id| format!("indicator_{id}")));
    header.push("indicators_available".to_string());
    header
}

/// `data/need_reach.csv`: the rate as published; quadrants against the medians of the
/// municipalities whose reach is published.
pub fn need_reach_published(p: &Published) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(need_header(&p.need_indicators))?;
    for r in &p.need_reach {
        let mut rec = vec![
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            opt_num(r.need_index),
            value_cell(&r.clients_per_1000),
            r.quadrant.unwrap_or_default().to_string(),
        ];
        rec.extend(r.values.iter().map(|v| opt_num(*v)));
        rec.push(r.indicators_available.to_string());
        w.write_record(rec)?;
    }
    finish(w)
}

/// `internal/need_reach.csv`.
pub fn need_reach_internal(rows: &[NeedReachRow], indicator_ids: &[u32]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(need_header(indicator_ids))?;
    for r in rows {
        let mut rec = vec![
            r.area_code.clone(),
            r.area_name.clone(),
            r.year.to_string(),
            opt_num(r.need_index),
            opt_num(r.clients_per_1000),
            r.quadrant.clone().unwrap_or_default(),
        ];
        rec.extend(r.values.iter().map(|v| opt_num(*v)));
        rec.push(r.indicators_available.to_string());
        w.write_record(rec)?;
    }
    finish(w)
}

const CORRELATION_COLUMNS: [&str; 6] = ["area_code", "year", "n", "spearman", "need_median", "clients_per_1000_median"];

/// `need_reach_correlation.csv`: (area code, year, n, rho, need median, reach median) rows.
pub fn need_correlation<'r>(
    rows: impl Iterator<Item = (&'r str, i32, u64, Option<f64>, Option<f64>, Option<f64>)>,
) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(CORRELATION_COLUMNS)?;
    for (code, year, n, rho, nm, rm) in rows {
        w.write_record([code.to_string(), year.to_string(), n.to_string(), opt_num(rho), opt_num(nm), opt_num(rm)])?;
    }
    finish(w)
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// `actor_survey.csv` (not counts of persons: nothing to suppress).
pub fn actor_survey(rows: &[ActorRow]) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record(["area_code", "year", "in_report", "in_plan", "contact_person", "support_points"])?;
    for r in rows {
        w.write_record([
            r.area_code.as_str(),
            &r.year.to_string(),
            yes_no(r.in_report),
            yes_no(r.in_plan),
            yes_no(r.contact_person),
            &opt_u(r.support_points.map(u64::from)),
        ])?;
    }
    finish(w)
}

/// Every tidy table: `data/…` from the published layer, `internal/…` from the figures as
/// computed; in path order.
pub fn all_tables(p: &Published, m: &Metrics) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut out = vec![
        ("data/reach.csv".to_string(), reach_published(p)?),
        ("internal/reach.csv".to_string(), reach_internal(&m.reach)?),
        ("data/mix.csv".to_string(), mix_published(p)?),
        ("internal/mix.csv".to_string(), mix_internal(&m.mix)?),
        ("data/trend.csv".to_string(), trend_published(p)?),
        ("internal/trend.csv".to_string(), trend_internal(&m.trend)?),
        ("data/feedback.csv".to_string(), feedback_published(p)?),
        ("internal/feedback.csv".to_string(), feedback_internal(&m.feedback)?),
        ("data/indicators.csv".to_string(), indicators(&p.indicators)?),
        ("internal/indicators.csv".to_string(), indicators(&m.indicators)?),
        ("data/need_reach.csv".to_string(), need_reach_published(p)?),
        ("internal/need_reach.csv".to_string(), need_reach_internal(&m.need_reach, &m.need_indicators)?),
        (
            "data/need_reach_correlation.csv".to_string(),
            need_correlation(
                p.need_correlation.iter().map(|c| (c.area_code.as_str(), c.year, c.n, c.spearman, c.need_median, c.reach_median)),
            )?,
        ),
        (
            "internal/need_reach_correlation.csv".to_string(),
            need_correlation(
                m.need_correlation.iter().map(|c| (c.area_code.as_str(), c.year, c.n, c.spearman, c.need_median, c.reach_median)),
            )?,
        ),
        ("data/actor_survey.csv".to_string(), actor_survey(&p.actor_survey)?),
        ("internal/actor_survey.csv".to_string(), actor_survey(&m.actor_survey)?),
    ];
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}
