//! Sotkanet indicator files, in three shapes:
//!
//! - the REST CSV (`indicator;region;year;gender;primary value;absolute value`) and the
//!   REST JSON, old (`"primary value"`, every value a string) and current (`value`,
//!   `absValue`, numbers), which `grid` turns into the same rows: **long** form, one value
//!   per row, `region` a Sotkanet internal id (or an area name);
//! - the web export saved as a sheet (xlsx or csv): **wide** form, area names down and
//!   years across, one indicator per sheet.
//!
//! The indicator of a web export comes from (first that answers): an indicator column;
//! an id written in a title row above the header, the sheet name or the file name
//! (`Väestö 31.12. (id 127)`, `id: 4287`, `indikaattori 171`); a title row or the sheet
//! name that is (or contains) an indicator's Finnish, Swedish or English name in the
//! embedded subset (`digihyte_core::indicators`). Otherwise the file is not read, and the
//! message says to write `(id NNNN)` into the title.
//!
//! Area names: municipalities (current, Swedish and merged names), regions (`Pohjois-
//! Pohjanmaa` → region 17), wellbeing services counties and the whole country (`Koko maa`,
//! `Hela landet`, `Whole country`). Other area kinds (sub-regions, hospital districts …)
//! are skipped as out of scope; an unknown name is rejected as `unknown_municipality` with
//! a suggestion. Only `gender = total` rows are used; a value Sotkanet did not publish
//! (empty, `..`, `-`) is left out, and a row without any value is skipped.

use crate::grid::{Cell, Sheet};
use crate::header::{is_total_cells, skip_above};
use crate::values::{parse_number, Parsed};
use crate::{ColumnRole, FileOutcome, SheetLayout};
use digihyte_core::advice;
use digihyte_core::indicators::{indicator_by_title, indicator_id_in_text};
use digihyte_core::text::{fold, fold_compact};
use digihyte_core::{AreaRef, IndicatorValue, MunicipalityMatch, Reference, RejectReason, Rejection, SkipKind};

/// Column positions of a long-form (REST CSV / JSON) header.
#[derive(Debug, Clone, PartialEq)]
pub struct SotkanetHeader {
    pub row: usize,
    pub indicator: usize,
    pub region: usize,
    pub year: usize,
    pub gender: Option<usize>,
    pub value: usize,
    pub names: Vec<String>,
}

/// A web export: area names down, years across.
#[derive(Debug, Clone, PartialEq)]
pub struct WideHeader {
    pub row: usize,
    pub area: usize,
    pub gender: Option<usize>,
    pub indicator_col: Option<usize>,
    pub years: Vec<(usize, i32)>,
    /// The sheet's indicator (when there is no indicator column).
    pub indicator: Option<u32>,
    pub names: Vec<String>,
}

/// How an indicator sheet is laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorLayout {
    Long(SotkanetHeader),
    Wide(WideHeader),
}

impl IndicatorLayout {
    /// What each column is, for `inspect`.
    pub fn describe(&self) -> SheetLayout {
        let role = |col: usize, label: &str| ColumnRole { col, label: label.to_string(), private: false };
        match self {
            IndicatorLayout::Long(h) => {
                let mut roles =
                    vec![role(h.indicator, "indicator"), role(h.region, "region"), role(h.year, "year"), role(h.value, "value")];
                if let Some(g) = h.gender {
                    roles.push(role(g, "gender"));
                }
                roles.sort_by_key(|r| r.col);
                SheetLayout { header_row: h.row, roles }
            }
            IndicatorLayout::Wide(w) => {
                let area = match w.indicator {
                    Some(id) => format!("area (indicator {id})"),
                    None => "area".to_string(),
                };
                let mut roles = vec![role(w.area, &area)];
                if let Some(g) = w.gender {
                    roles.push(role(g, "gender"));
                }
                if let Some(c) = w.indicator_col {
                    roles.push(role(c, "indicator"));
                }
                roles.extend(w.years.iter().map(|(c, y)| role(*c, &format!("value {y}"))));
                roles.sort_by_key(|r| r.col);
                SheetLayout { header_row: w.row, roles }
            }
        }
    }
}

fn one_of(name: &str, words: &[&str]) -> bool {
    let n = fold_compact(name);
    words.contains(&n.as_str())
}

const INDICATOR_WORDS: &[&str] = &["indicator", "indikaattori", "indikator", "indicatorid", "indikaattoriid", "mittari"];
const REGION_WORDS: &[&str] = &["region", "alue", "område", "regionid", "alueid"];
const AREA_WORDS: &[&str] =
    &["alue", "alueet", "aluenimi", "region", "område", "kunta", "kunnat", "municipality", "kommun", "area", "nimi", "name"];
const YEAR_WORDS: &[&str] = &["year", "vuosi", "år"];
const GENDER_WORDS: &[&str] = &["gender", "sukupuoli", "kön", "sex"];
const VALUE_WORDS: &[&str] = &["primaryvalue", "value", "arvo", "värde", "ensisijainenarvo"];

/// The long-form header (REST CSV, JSON, or a long table with these column names).
pub fn sotkanet_header(sheet: &Sheet) -> Option<SotkanetHeader> {
    for (i, row) in sheet.rows.iter().enumerate().take(10) {
        let names: Vec<String> = row.iter().map(Cell::display).collect();
        let pos = |want: &[&str]| names.iter().position(|n| one_of(n, want));
        if let (Some(indicator), Some(region), Some(year), Some(value)) =
            (pos(INDICATOR_WORDS), pos(REGION_WORDS), pos(YEAR_WORDS), pos(VALUE_WORDS))
        {
            let gender = pos(GENDER_WORDS);
            return Some(SotkanetHeader { row: i, indicator, region, year, gender, value, names });
        }
    }
    None
}

/// A year heading: a whole number 1990–2100 as a number or as four digits of text.
fn year_of(cell: &Cell) -> Option<i32> {
    let y = match cell {
        Cell::Number(n) if n.fract() == 0.0 => *n as i64,
        Cell::Text(t) if t.trim().len() == 4 => t.trim().parse().ok()?,
        _ => return None,
    };
    (1990..=2100).contains(&y).then_some(y as i32)
}

/// What an area name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaName {
    Area(AreaRef),
    /// Another kind of area (sub-region, hospital district …): not used.
    Other,
    Unknown(Option<String>),
}

/// Matches an area name of a Sotkanet export (see the module comment).
pub fn match_area_name(raw: &str) -> AreaName {
    let r = Reference::get();
    let mut f = fold(raw);
    // "Oulu (kunta)", "Pohjois-Pohjanmaa (maakunta)"
    if let Some((head, _)) = f.split_once(" (") {
        if f.ends_with(')') {
            f = head.trim().to_string();
        }
    }
    if f.is_empty() {
        return AreaName::Unknown(None);
    }
    if ["koko maa", "koko suomi", "suomi", "hela landet", "finland", "whole country", "entire country", "maa"].contains(&f.as_str()) {
        return AreaName::Area(AreaRef::Country);
    }
    // A current municipality name first; a merged municipality's name only after the
    // region and county names (*Lappi* is Lapland, not the Lappi that joined Rauma in 2009).
    let (merged, suggestion) = match r.match_municipality(&f) {
        MunicipalityMatch::Found(c) => return AreaName::Area(AreaRef::Municipality(c)),
        MunicipalityMatch::Merged { successor, .. } => (Some(successor), None),
        MunicipalityMatch::Unknown { suggestion } => (None, suggestion),
    };
    for m in &r.municipalities {
        if [&m.region_fi, &m.region_sv, &m.region_en].iter().any(|n| fold(n) == f) {
            return AreaName::Area(AreaRef::Region(m.region_code));
        }
        if [&m.county_fi, &m.county_sv, &m.county_en].iter().any(|n| fold(n) == f) {
            return AreaName::Area(AreaRef::County(m.county_code));
        }
    }
    if let Some(successor) = merged {
        return AreaName::Area(AreaRef::Municipality(successor));
    }
    for m in &r.municipalities {
        if fold(&m.subregion_fi) == f || f == format!("{} seutukunta", fold(&m.subregion_fi)) {
            return AreaName::Other;
        }
    }
    const OTHER_KINDS: &[&str] = &[
        "seutukunta",
        "erva",
        "avi",
        "aluehallintovirasto",
        "ely",
        "sairaanhoitopiiri",
        "shp",
        "suuralue",
        "nuts",
        "hyvinvointialue",
        "välfärdsområde",
        "maakunta",
        "landskap",
        "ekonomisk region",
        "manner-suomi",
        "fastlandsfinland",
        "mainland",
        "kunnat",
        "pohjoismaat",
        "euroopan",
    ];
    if OTHER_KINDS.iter().any(|w| f.split([' ', '-', '(', ')', ',']).any(|part| part == *w) || f.ends_with(w)) {
        return AreaName::Other;
    }
    AreaName::Unknown(suggestion)
}

/// Finds a web-export header: a row with at least one year heading to the right of an area
/// column whose cells below name areas. `Err` carries a hint when the indicator is not named.
pub fn wide_header(sheet: &Sheet, file: &str) -> Result<WideHeader, Option<String>> {
    for (i, row) in sheet.rows.iter().enumerate().take(crate::header::HEADER_SEARCH_ROWS) {
        let years: Vec<(usize, i32)> = row.iter().enumerate().filter_map(|(c, cell)| year_of(cell).map(|y| (c, y))).collect();
        let Some(&(first_year_col, _)) = years.first() else { continue };
        let names: Vec<String> = row.iter().map(Cell::display).map(|s| s.trim().to_string()).collect();
        let gender = names.iter().position(|n| one_of(n, GENDER_WORDS));
        let indicator_col = names.iter().position(|n| one_of(n, INDICATOR_WORDS));
        let others = |c: &usize| Some(*c) != gender && Some(*c) != indicator_col;
        let area = (0..first_year_col)
            .filter(others)
            .find(|&c| one_of(&names[c], AREA_WORDS))
            .or_else(|| (0..first_year_col).filter(others).find(|&c| names[c].is_empty() || !one_of(&names[c], YEAR_WORDS)));
        let Some(area) = area else { continue };
        // The cells below must name areas.
        let named = sheet
            .rows
            .iter()
            .skip(i + 1)
            .take(50)
            .filter_map(|r| r.get(area).and_then(Cell::text))
            .any(|t| matches!(match_area_name(t), AreaName::Area(_)));
        if !named {
            continue;
        }
        let years = years.into_iter().filter(|(c, _)| *c > area).collect::<Vec<_>>();
        let mut w = WideHeader { row: i, area, gender, indicator_col, years, indicator: None, names };
        if indicator_col.is_none() {
            w.indicator = sheet_indicator(sheet, i, file);
            if w.indicator.is_none() {
                return Err(Some(format!(
                    "this looks like a Sotkanet web export (areas down, years across, header on row {}), but it does not say which indicator it holds; write the indicator's id into the title above the table, e.g. \"Väestö 31.12. (id 127)\", or into the sheet name",
                    sheet.row_number(i)
                )));
            }
        }
        return Ok(w);
    }
    Err(None)
}

/// The indicator named above the header, in the sheet name or in the file name.
fn sheet_indicator(sheet: &Sheet, header_row: usize, file: &str) -> Option<u32> {
    let titles: Vec<String> =
        sheet.rows.iter().take(header_row).flat_map(|r| r.iter().filter_map(Cell::text).map(str::to_string)).collect();
    let stem = std::path::Path::new(file).file_stem().map(|s| s.to_string_lossy().replace('_', " ")).unwrap_or_default();
    let by_id = titles.iter().chain([&sheet.name, &stem]).find_map(|t| indicator_id_in_text(t));
    by_id.or_else(|| titles.iter().chain([&sheet.name]).find_map(|t| indicator_by_title(t)))
}

/// The layout of an indicator sheet: long form first, then the web export.
pub fn layout(sheet: &Sheet, file: &str) -> Result<IndicatorLayout, Option<String>> {
    if let Some(h) = sotkanet_header(sheet) {
        return Ok(IndicatorLayout::Long(h));
    }
    wide_header(sheet, file).map(IndicatorLayout::Wide)
}

/// Values Sotkanet leaves out ("not published"); other text is counted in a warning.
fn unpublished(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(t) => ["", ".", "..", "...", "-", "–", "—", "x", "n/a"].contains(&t.trim()),
        _ => false,
    }
}

fn is_total_gender(cell: &Cell) -> bool {
    let t = fold_compact(&cell.display());
    ["", "total", "yhteensä", "totalt", "molemmatsukupuolet", "bådakönen", "kaikki", "alla", "all", "bothsexes", "bothgenders"]
        .contains(&t.as_str())
}

/// Reads one sheet in either layout.
pub fn read_sheet(sheet: &Sheet, l: &IndicatorLayout, file: &str, out: &mut FileOutcome) {
    match l {
        IndicatorLayout::Long(h) => read_long(sheet, h, file, out),
        IndicatorLayout::Wide(w) => read_wide(sheet, w, file, out),
    }
}

fn reject_area(out: &mut FileOutcome, sheet: &Sheet, file: &str, i: usize, col: usize, names: &[String], suggestion: Option<String>) {
    let row = &sheet.rows[i];
    out.account.rows_read += 1;
    out.account.rows_rejected += 1;
    out.rejections.push(Rejection {
        file: file.to_string(),
        sheet: sheet.name.clone(),
        row: sheet.row_number(i),
        column: format!("{} ({})", names.get(col).map(String::as_str).unwrap_or_default(), sheet.column_letter(col)),
        value: row.get(col).map(Cell::display).unwrap_or_default(),
        reason: RejectReason::UnknownMunicipality,
        suggestion: suggestion.map(|s| advice::fill(advice::DID_YOU_MEAN, s)),
    });
}

/// Long form: `gender = total` rows of known areas with a value are accepted; rows for men
/// and women, for area kinds the tool does not use, and without a published value are
/// skipped as out of scope; an unknown area *name* is rejected.
fn read_long(sheet: &Sheet, h: &SotkanetHeader, file: &str, out: &mut FileOutcome) {
    let r = Reference::get();
    skip_above(sheet, h.row, &mut out.account);
    let empty = Cell::Empty;
    let mut odd_values = 0u64;
    for (i, row) in sheet.rows.iter().enumerate().skip(h.row + 1) {
        let get = |c: usize| row.get(c).unwrap_or(&empty);
        if row.iter().all(Cell::is_empty) {
            out.account.skip(SkipKind::Blank);
            continue;
        }
        let num = |c: usize| match parse_number(get(c)) {
            Parsed::Value(v) => Some(v),
            _ => None,
        };
        if !h.gender.is_none_or(|g| is_total_gender(get(g))) {
            out.account.skip(SkipKind::OutOfScope);
            continue;
        }
        let area = match num(h.region) {
            Some(id) if id >= 0.0 && id.fract() == 0.0 && id < f64::from(u32::MAX) => r.sotkanet_region(id as u32),
            Some(_) => None,
            None => match get(h.region).text().map(match_area_name) {
                Some(AreaName::Area(a)) => Some(a),
                Some(AreaName::Unknown(suggestion)) => {
                    reject_area(out, sheet, file, i, h.region, &h.names, suggestion);
                    continue;
                }
                _ => None,
            },
        };
        let indicator = num(h.indicator).filter(|v| *v >= 1.0 && v.fract() == 0.0 && *v < f64::from(u32::MAX));
        let year = num(h.year).filter(|v| v.fract() == 0.0 && (1900.0..=2200.0).contains(v));
        let value = num(h.value);
        if value.is_none() && !unpublished(get(h.value)) {
            odd_values += 1;
        }
        match (indicator, area, year, value) {
            (Some(ind), Some(area), Some(year), Some(value)) => {
                out.account.rows_read += 1;
                out.account.rows_accepted += 1;
                out.indicators.push(IndicatorValue { indicator: ind as u32, area, year: year as i32, value });
            }
            // A value that is missing (Sotkanet leaves it empty when it is not published),
            // or a region kind the reports do not use.
            _ => out.account.skip(SkipKind::OutOfScope),
        }
    }
    if odd_values > 0 {
        out.warnings.push(format!("{odd_values} value cells are neither numbers nor empty: their rows were skipped"));
    }
}

fn read_wide(sheet: &Sheet, w: &WideHeader, file: &str, out: &mut FileOutcome) {
    skip_above(sheet, w.row, &mut out.account);
    let empty = Cell::Empty;
    let mut odd_values = 0u64;
    let mut unnamed_indicator = 0u64;
    for (i, row) in sheet.rows.iter().enumerate().skip(w.row + 1) {
        let get = |c: usize| row.get(c).unwrap_or(&empty);
        if row.iter().all(Cell::is_empty) {
            out.account.skip(SkipKind::Blank);
            continue;
        }
        if is_total_cells(std::iter::once(get(w.area))) {
            out.account.skip(SkipKind::Total);
            continue;
        }
        if !w.gender.is_none_or(|g| is_total_gender(get(g))) {
            out.account.skip(SkipKind::OutOfScope);
            continue;
        }
        let indicator = match w.indicator_col {
            None => w.indicator,
            Some(c) => match parse_number(get(c)) {
                Parsed::Value(v) if v >= 1.0 && v.fract() == 0.0 && v < f64::from(u32::MAX) => Some(v as u32),
                _ => {
                    let t = get(c).display();
                    indicator_id_in_text(&t).or_else(|| indicator_by_title(&t))
                }
            },
        };
        let Some(indicator) = indicator else {
            unnamed_indicator += 1;
            out.account.skip(SkipKind::OutOfScope);
            continue;
        };
        let area = match get(w.area).display().trim() {
            "" => None,
            name => match match_area_name(name) {
                AreaName::Area(a) => Some(a),
                AreaName::Other => None,
                AreaName::Unknown(suggestion) => {
                    reject_area(out, sheet, file, i, w.area, &w.names, suggestion);
                    continue;
                }
            },
        };
        let Some(area) = area else {
            out.account.skip(SkipKind::OutOfScope);
            continue;
        };
        let mut any = false;
        for &(c, year) in &w.years {
            match parse_number(get(c)) {
                Parsed::Value(value) => {
                    any = true;
                    out.indicators.push(IndicatorValue { indicator, area, year, value });
                }
                _ if unpublished(get(c)) => {}
                _ => odd_values += 1,
            }
        }
        if any {
            out.account.rows_read += 1;
            out.account.rows_accepted += 1;
        } else {
            out.account.skip(SkipKind::OutOfScope);
        }
    }
    if odd_values > 0 {
        out.warnings.push(format!("{odd_values} value cells are neither numbers nor empty (`..`): left out"));
    }
    if unnamed_indicator > 0 {
        out.warnings.push(format!("{unnamed_indicator} rows name no indicator that is known: skipped"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_names() {
        assert_eq!(match_area_name("Oulu"), AreaName::Area(AreaRef::Municipality(564)));
        assert_eq!(match_area_name("Uleåborg"), AreaName::Area(AreaRef::Municipality(564)));
        assert_eq!(match_area_name("Haukipudas"), AreaName::Area(AreaRef::Municipality(564)));
        assert_eq!(match_area_name("Pohjois-Pohjanmaa"), AreaName::Area(AreaRef::Region(17)));
        assert_eq!(match_area_name("Norra Österbotten"), AreaName::Area(AreaRef::Region(17)));
        assert_eq!(match_area_name("Pohjois-Pohjanmaan hyvinvointialue"), AreaName::Area(AreaRef::County(19)));
        assert_eq!(match_area_name("Koko maa"), AreaName::Area(AreaRef::Country));
        assert_eq!(match_area_name("Hela landet"), AreaName::Area(AreaRef::Country));
        assert_eq!(match_area_name("Whole country"), AreaName::Area(AreaRef::Country));
        assert_eq!(match_area_name("Oulun seutukunta"), AreaName::Other);
        assert_eq!(match_area_name("Pohjois-Pohjanmaan sairaanhoitopiiri"), AreaName::Other);
        assert_eq!(match_area_name("Kempelee"), AreaName::Unknown(Some("Kempele (244)".into())));
        assert_eq!(match_area_name("Lappi"), AreaName::Area(AreaRef::Region(19)));
    }

    proptest::proptest! {
        #[test]
        fn every_municipality_region_and_county_name_is_its_area(i in 0usize..308, lang in 0usize..3, upper in proptest::prelude::any::<bool>()) {
            let m = &Reference::get().municipalities[i];
            let case = |s: &str| if upper { s.to_uppercase() } else { s.to_string() };
            let names = [&m.name_fi, &m.name_sv, &m.name_en];
            proptest::prop_assert_eq!(match_area_name(&case(names[lang])), AreaName::Area(AreaRef::Municipality(m.code)));
            let regions = [&m.region_fi, &m.region_sv, &m.region_en];
            proptest::prop_assert_eq!(match_area_name(&case(regions[lang])), AreaName::Area(AreaRef::Region(m.region_code)));
            let counties = [&m.county_fi, &m.county_sv, &m.county_en];
            // Åland's region and county share one name: the region wins.
            let want = if counties[lang] == regions[lang] { AreaRef::Region(m.region_code) } else { AreaRef::County(m.county_code) };
            proptest::prop_assert_eq!(match_area_name(&case(counties[lang])), AreaName::Area(want));
        }

        #[test]
        fn area_names_never_panic(s in "\\PC{0,40}") {
            let _ = match_area_name(&s);
        }
    }

    #[test]
    fn year_headings() {
        assert_eq!(year_of(&Cell::Number(2022.0)), Some(2022));
        assert_eq!(year_of(&Cell::Text(" 2023 ".into())), Some(2023));
        assert_eq!(year_of(&Cell::Number(127.0)), None);
        assert_eq!(year_of(&Cell::Text("Alue".into())), None);
    }
}
