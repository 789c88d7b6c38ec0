//! Parsers for the values people type into spreadsheets. Pure functions, property-tested.

use crate::grid::Cell;
use chrono::{Duration, NaiveDate};

/// Excel's day zero for the 1900 date system (serial 1 = 1900-01-01, with Lotus' leap-day bug).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date")
}

/// A date from an Excel serial (days since 1899-12-30; the time part is dropped).
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    excel_epoch().checked_add_signed(Duration::days(serial.floor() as i64))
}

/// The Excel serial of a date.
pub fn serial_from_date(d: NaiveDate) -> f64 {
    (d - excel_epoch()).num_days() as f64
}

/// Result of reading a cell as a value of some kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parsed<T> {
    Value(T),
    Empty,
    Invalid,
}

/// A date from a date cell, an Excel serial stored as a number (in a date column), or text:
/// `1.3.2024`, `01.03.2024`, `1.3.24`, `2024-03-01`, `1/3/2024`, each optionally followed by
/// a time (`klo 14.30`, `14:30`, `T14:30:00`).
pub fn parse_date(cell: &Cell) -> Parsed<NaiveDate> {
    match cell {
        Cell::Empty => Parsed::Empty,
        Cell::DateTime(s) | Cell::Number(s) => date_from_serial(*s).map_or(Parsed::Invalid, Parsed::Value),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Parsed::Empty;
            }
            parse_date_text(t).map_or(Parsed::Invalid, Parsed::Value)
        }
        _ => Parsed::Invalid,
    }
}

fn parse_date_text(t: &str) -> Option<NaiveDate> {
    // Cut a time part: "2024-03-01T12:00", "1.3.2024 klo 12.30", "1.3.2024 12:30".
    let date_part = t.split(['T', ' ']).next().unwrap_or(t).trim();
    if date_part.len() > 10 {
        return None;
    }
    let nums: Vec<&str> = date_part.split(['.', '-', '/']).collect();
    if nums.len() != 3 || nums.iter().any(|n| n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit())) {
        // A serial number stored as text ("45352").
        if let Ok(n) = date_part.parse::<f64>() {
            if (20_000.0..80_000.0).contains(&n) {
                return date_from_serial(n);
            }
        }
        return None;
    }
    let v: Vec<i32> = nums.iter().map(|n| n.parse().expect("digits")).collect();
    let (y, m, d) = if nums[0].len() == 4 {
        (v[0], v[1], v[2]) // ISO 2024-03-01
    } else {
        let y = match nums[2].len() {
            4 => v[2],
            2 => 2000 + v[2],
            _ => return None,
        };
        (y, v[1], v[0]) // Finnish day.month.year
    };
    NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// A number with a decimal comma or point, thousands spaces, stored as number or text.
pub fn parse_number(cell: &Cell) -> Parsed<f64> {
    match cell {
        Cell::Empty => Parsed::Empty,
        Cell::Number(n) => Parsed::Value(*n),
        Cell::Bool(_) | Cell::Error(_) | Cell::DateTime(_) | Cell::Duration(_) => Parsed::Invalid,
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Parsed::Empty;
            }
            parse_number_text(t).map_or(Parsed::Invalid, Parsed::Value)
        }
    }
}

/// `"12,5"`, `"1 234,5"`, `"1234.5"`, `"-3"` → number; anything else → `None`.
pub fn parse_number_text(t: &str) -> Option<f64> {
    let cleaned: String = t.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let cleaned = cleaned.replace('−', "-");
    let s = if cleaned.contains(',') && !cleaned.contains('.') { cleaned.replace(',', ".") } else { cleaned };
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Minutes from `45`, `45 min`, `22,5`, `1:30` (h:mm), `1,5 h`, `1 h 30 min`, `PT1H30M`, or a
/// time cell (`[h]:mm`, a fraction of a day).
pub fn parse_duration_min(cell: &Cell) -> Parsed<f64> {
    match cell {
        Cell::Empty => Parsed::Empty,
        Cell::Number(n) => Parsed::Value(*n),
        Cell::Duration(days) | Cell::DateTime(days) => Parsed::Value(days * 1440.0),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Parsed::Empty;
            }
            parse_duration_text(t).map_or(Parsed::Invalid, Parsed::Value)
        }
        _ => Parsed::Invalid,
    }
}

fn parse_duration_text(t: &str) -> Option<f64> {
    let f = t.to_lowercase().replace(',', ".");
    let f = f.trim();
    if let Some(iso) = f.strip_prefix("pt") {
        let mut minutes = 0.0;
        let mut num = String::new();
        for c in iso.chars() {
            match c {
                'h' => minutes += num.parse::<f64>().ok()? * 60.0,
                'm' => minutes += num.parse::<f64>().ok()?,
                's' => minutes += num.parse::<f64>().ok()? / 60.0,
                _ => {
                    num.push(c);
                    continue;
                }
            }
            num.clear();
        }
        return num.is_empty().then_some(minutes);
    }
    if let Some((h, rest)) = f.split_once(':') {
        let h: f64 = h.trim().parse().ok()?;
        let mut parts = rest.split(':');
        let m: f64 = parts.next()?.trim().parse().ok()?;
        let s: f64 = parts.next().map_or(Some(0.0), |s| s.trim().parse().ok())?;
        if parts.next().is_some() || !(0.0..60.0).contains(&m) || h < 0.0 {
            return None;
        }
        return Some(h * 60.0 + m + s / 60.0);
    }
    // "1 h 30 min", "1.5 h", "45 min", "90 minuuttia", "2 t", "45"
    let mut total = 0.0;
    let mut any = false;
    let tokens: Vec<&str> = split_units(f);
    let mut i = 0;
    while i < tokens.len() {
        let n: f64 = tokens[i].parse().ok()?;
        let unit = tokens.get(i + 1).copied().unwrap_or("min");
        let factor = if ["h", "t", "tunti", "tuntia", "tuntii", "tim", "timme", "timmar", "hour", "hours", "hr", "hrs"].contains(&unit) {
            60.0
        } else if ["min", "mins", "minute", "minutes", "minuutti", "minuuttia", "minuutit", "m", "minuter", "minut"].contains(&unit) {
            1.0
        } else {
            return None;
        };
        total += n * factor;
        any = true;
        i += if tokens.get(i + 1).is_some() { 2 } else { 1 };
    }
    any.then_some(total)
}

/// Splits `"1h30min"` / `"1 h 30 min"` into `["1", "h", "30", "min"]`.
fn split_units(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut numeric = false;
    for (i, c) in s.char_indices() {
        let is_num = c.is_ascii_digit() || c == '.';
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
            continue;
        }
        match start {
            Some(st) if is_num != numeric => {
                out.push(&s[st..i]);
                start = Some(i);
                numeric = is_num;
            }
            None => {
                start = Some(i);
                numeric = is_num;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }
    fn d(y: i32, m: u32, day: u32) -> Parsed<NaiveDate> {
        Parsed::Value(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(parse_date(&text("1.3.2024")), d(2024, 3, 1));
        assert_eq!(parse_date(&text("01.03.2024")), d(2024, 3, 1));
        assert_eq!(parse_date(&text("2024-03-01")), d(2024, 3, 1));
        assert_eq!(parse_date(&text("1.3.2024 klo 14.30")), d(2024, 3, 1));
        assert_eq!(parse_date(&text("2024-03-01T14:30:00")), d(2024, 3, 1));
        assert_eq!(parse_date(&text("1.3.24")), d(2024, 3, 1));
        assert_eq!(parse_date(&Cell::Number(45352.0)), d(2024, 3, 1));
        assert_eq!(parse_date(&Cell::DateTime(45352.5)), d(2024, 3, 1));
        assert_eq!(parse_date(&text("45352")), d(2024, 3, 1));
        assert_eq!(parse_date(&text("31.2.2024")), Parsed::Invalid);
        assert_eq!(parse_date(&text("eilen")), Parsed::Invalid);
        assert_eq!(parse_date(&text("  ")), Parsed::Empty);
    }

    #[test]
    fn numbers_with_decimal_comma() {
        assert_eq!(parse_number(&text("12,5")), Parsed::Value(12.5));
        assert_eq!(parse_number(&text("1 234,5")), Parsed::Value(1234.5));
        assert_eq!(parse_number(&text("n. 15")), Parsed::Invalid);
        assert_eq!(parse_number(&text("kaksi")), Parsed::Invalid);
    }

    #[test]
    fn durations_in_every_form() {
        for (s, m) in [
            ("45", 45.0),
            ("45 min", 45.0),
            ("22,5", 22.5),
            ("1:30", 90.0),
            ("1,5 h", 90.0),
            ("1 h 30 min", 90.0),
            ("1h30min", 90.0),
            ("PT1H30M", 90.0),
            ("2 t", 120.0),
        ] {
            assert_eq!(parse_duration_min(&text(s)), Parsed::Value(m), "{s}");
        }
        assert_eq!(parse_duration_min(&Cell::Duration(1.5 / 24.0)), Parsed::Value(90.0));
        assert_eq!(parse_duration_min(&text("puoli tuntia")), Parsed::Invalid);
    }

    proptest! {
        #[test]
        fn finnish_and_iso_dates_agree(days in 0i64..40_000) {
            let date = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Duration::days(days);
            let fi = date.format("%-d.%-m.%Y").to_string();
            let fi0 = date.format("%d.%m.%Y").to_string();
            let iso = date.format("%Y-%m-%d").to_string();
            prop_assert_eq!(parse_date(&text(&fi)), Parsed::Value(date));
            prop_assert_eq!(parse_date(&text(&fi0)), Parsed::Value(date));
            prop_assert_eq!(parse_date(&text(&iso)), Parsed::Value(date));
            prop_assert_eq!(parse_date(&Cell::Number(serial_from_date(date))), Parsed::Value(date));
        }

        #[test]
        fn decimal_comma_equals_decimal_point(whole in 0u32..100_000, frac in 0u32..100) {
            let comma = format!("{whole},{frac:02}");
            let point = format!("{whole}.{frac:02}");
            prop_assert_eq!(parse_number(&text(&comma)), parse_number(&text(&point)));
            prop_assert_eq!(parse_number(&text(&point)), Parsed::Value(f64::from(whole) + f64::from(frac) / 100.0));
        }

        #[test]
        fn h_mm_durations(h in 0u32..24, m in 0u32..60) {
            let s = format!("{h}:{m:02}");
            prop_assert_eq!(parse_duration_min(&text(&s)), Parsed::Value(f64::from(h * 60 + m)));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,30}") {
            let _ = parse_date(&text(&s));
            let _ = parse_number(&text(&s));
            let _ = parse_duration_min(&text(&s));
        }
    }
}
