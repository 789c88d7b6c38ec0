//! Sotkanet indicator files: the REST CSV (`indicator;region;year;gender;primary value;absolute value`).

use crate::grid::{Cell, Sheet};
use crate::values::{parse_number, Parsed};
use crate::FileOutcome;
use digihyte_core::text::fold_compact;
use digihyte_core::{IndicatorValue, Reference, SkipKind};

/// Column positions of a Sotkanet REST CSV header.
pub struct SotkanetHeader {
    row: usize,
    indicator: usize,
    region: usize,
    year: usize,
    gender: Option<usize>,
    value: usize,
}

pub fn sotkanet_header(sheet: &Sheet) -> Option<SotkanetHeader> {
    for (i, row) in sheet.rows.iter().enumerate().take(10) {
        let names: Vec<String> = row.iter().map(|c| fold_compact(&c.display())).collect();
        let pos = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
        if let (Some(indicator), Some(region), Some(year), Some(value)) = (
            pos(&["indicator", "indikaattori"]),
            pos(&["region", "alue"]),
            pos(&["year", "vuosi"]),
            pos(&["primaryvalue", "value", "arvo"]),
        ) {
            return Some(SotkanetHeader { row: i, indicator, region, year, gender: pos(&["gender", "sukupuoli"]), value });
        }
    }
    None
}

/// Reads the rows: `gender = total` rows of known regions are accepted; rows for men and
/// women and for region kinds the tool does not use are skipped as out of scope.
pub fn read_sotkanet(sheet: &Sheet, h: &SotkanetHeader, out: &mut FileOutcome) {
    let r = Reference::get();
    for row in sheet.rows.iter().take(h.row) {
        out.account.skip(if row.iter().all(Cell::is_empty) { SkipKind::Blank } else { SkipKind::Title });
    }
    let empty = Cell::Empty;
    for row in sheet.rows.iter().skip(h.row + 1) {
        let get = |c: usize| row.get(c).unwrap_or(&empty);
        if row.iter().all(Cell::is_empty) {
            out.account.skip(SkipKind::Blank);
            continue;
        }
        let num = |c: usize| match parse_number(get(c)) {
            Parsed::Value(v) => Some(v),
            _ => None,
        };
        let gender_ok = h.gender.is_none_or(|g| {
            let t = fold_compact(&get(g).display());
            t.is_empty() || t == "total" || t == "yhteensä"
        });
        let area = num(h.region).and_then(|id| r.sotkanet_region(id as u32));
        match (num(h.indicator), area, num(h.year), num(h.value)) {
            (Some(ind), Some(area), Some(year), Some(value)) if gender_ok => {
                out.account.rows_read += 1;
                out.account.rows_accepted += 1;
                out.indicators.push(IndicatorValue { indicator: ind as u32, area, year: year as i32, value });
            }
            // A value that is missing (Sotkanet leaves it empty when it is not published),
            // another gender or a region kind the reports do not use.
            _ => out.account.skip(SkipKind::OutOfScope),
        }
    }
}
