//! The municipal actor survey (*kuntakysely*) → [`ActorSurveyRow`]s: one row per
//! municipality and year, answered by the municipality's hyte contact.
//!
//! Decisions where DOMAIN.md is silent:
//! - **Answers**: yes/no as in feedback (`kyllä`/`ei`, `ja`/`nej`, `yes`/`no`, `1`/`0`);
//!   `en tiedä`/`vet ej`/`don't know` and empty are *unknown* (`None`). *Partly*
//!   (`osittain`, `delvis`, `partly`) counts as **yes**: the question is whether digital
//!   support is written into the report or plan at all, and a partial mention is a mention.
//!   It is never silent: the file gets a warning with the number of such answers.
//! - **Year**: a year column; else the year of a date column (a survey tool's answer time);
//!   else a single year written in the title rows or the sheet name (`Kuntakysely 2024`);
//!   else the file is not read, with a message that says to add a year column.
//! - **support_points**: a whole number ≥ 0 (`ei yhtään`/`none`/`inga` = 0); *don't know*
//!   and empty are unknown.
//! - Two rows for the same municipality and year are both kept, with a warning: which one
//!   is right is for a person to say.

use crate::grid::{Cell, Sheet};
use crate::header::{find_named, is_total_cells, recognise_question, row_names, skip_above, Recognised, HEADER_SEARCH_ROWS};
use crate::values::{parse_date, parse_number, Parsed};
use crate::{ColumnRole, Context, FileOutcome, RowAt, SheetLayout};
use chrono::Datelike;
use digihyte_core::advice;
use digihyte_core::keys::{is_no_answer, is_partly, parse_yes_no, AnswerParse};
use digihyte_core::text::fold;
use digihyte_core::{ActorSurveyRow, MunicipalityMatch, Reference, RejectReason, SkipKind, SourceKind};
use digihyte_pipeline::{Field, Source};
use std::collections::BTreeMap;

const ANSWERS: &[Field] = &[Field::InReport, Field::InPlan, Field::ContactPerson, Field::SupportPoints];

/// The columns of an actor-survey sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorLayout {
    pub row: usize,
    pub names: Vec<String>,
    pub columns: Vec<(Field, usize)>,
    /// The year written in the title rows or the sheet name, for rows without one.
    pub title_year: Option<i32>,
    pub notes: Vec<String>,
}

impl ActorLayout {
    fn col(&self, f: Field) -> Option<usize> {
        self.columns.iter().find(|(g, _)| *g == f).map(|(_, c)| *c)
    }

    /// What each column is, for `inspect`.
    pub fn describe(&self) -> SheetLayout {
        let mut roles: Vec<ColumnRole> =
            self.columns.iter().map(|(f, c)| ColumnRole { col: *c, label: f.key().into(), private: false }).collect();
        roles.sort_by_key(|r| r.col);
        SheetLayout { header_row: self.row, roles }
    }
}

/// The one year (1990–2100) written in these texts, if exactly one is.
fn single_year<'a>(texts: impl Iterator<Item = &'a str>) -> Option<i32> {
    let mut years: Vec<i32> = Vec::new();
    for t in texts {
        let bytes = t.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i - start == 4 {
                    let y: i32 = t[start..i].parse().expect("4 digits");
                    if (1990..=2100).contains(&y) && !years.contains(&y) {
                        years.push(y);
                    }
                }
            } else {
                i += 1;
            }
        }
    }
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}

/// Finds the header: the row among the first ones with a municipality column and at least
/// one answer column that recognises the most columns.
pub fn layout(sheet: &Sheet, source: &Source) -> Result<ActorLayout, Option<String>> {
    let allowed = Field::for_kind(SourceKind::ActorSurvey);
    let mut best: Option<ActorLayout> = None;
    let mut hint: Option<String> = None;
    for (i, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let names = row_names(row);
        if names.iter().all(String::is_empty) {
            continue;
        }
        let mut columns: Vec<(Field, usize)> = Vec::new();
        let mut notes = Vec::new();
        for (f, text) in &source.columns {
            let taken: Vec<usize> = columns.iter().map(|(_, c)| *c).collect();
            if let Some(c) = find_named(&names, text, &taken) {
                columns.push((*f, c));
            }
        }
        for (c, name) in names.iter().enumerate() {
            if name.is_empty() || columns.iter().any(|(_, col)| *col == c) {
                continue;
            }
            match recognise_question(name, allowed) {
                Recognised::Field(f) if columns.iter().any(|(g, _)| *g == f) => notes.push(format!(
                    "\"{name}\" ({}) also looks like `{}`, which another column already is: not used",
                    sheet.column_letter(c),
                    f.key()
                )),
                Recognised::Field(f) => columns.push((f, c)),
                Recognised::Ambiguous(fs) => notes.push(format!(
                    "\"{name}\" ({}) fits several questions ({}): not used; map it with `columns = {{ {} = \"…\" }}`",
                    sheet.column_letter(c),
                    fs.iter().map(|f| f.key()).collect::<Vec<_>>().join(", "),
                    fs[0].key()
                )),
                Recognised::None => {}
            }
        }
        let has = |f: Field| columns.iter().any(|(g, _)| *g == f);
        let answers = ANSWERS.iter().filter(|f| has(**f)).count();
        if has(Field::Municipality) && answers > 0 {
            if best.as_ref().is_none_or(|b| columns.len() > b.columns.len()) {
                best = Some(ActorLayout { row: i, names, columns, title_year: None, notes });
            }
        } else if answers > 0 && hint.is_none() {
            hint = Some(format!(
                "row {} has survey questions but no municipality column; map it with `columns = {{ municipality = \"…\" }}`",
                sheet.row_number(i)
            ));
        }
    }
    let Some(mut l) = best else { return Err(hint) };
    let title_texts: Vec<String> =
        sheet.rows.iter().take(l.row).flat_map(|r| r.iter().map(Cell::display)).chain([sheet.name.clone()]).collect();
    l.title_year = single_year(title_texts.iter().map(String::as_str));
    if l.col(Field::Year).is_none() && l.col(Field::Date).is_none() && l.title_year.is_none() {
        return Err(Some(format!(
            "the header on row {} has no year column, no answer date and no single year in its title; add a column \"Vuosi\" (or map one with `columns = {{ year = \"…\" }}`)",
            sheet.row_number(l.row)
        )));
    }
    Ok(l)
}

/// A year cell: a whole number 1990–2100, a date, or text holding one of these.
fn parse_year(cell: &Cell) -> Parsed<i32> {
    match parse_number(cell) {
        Parsed::Empty => return Parsed::Empty,
        Parsed::Value(v) if v.fract() == 0.0 && (1990.0..=2100.0).contains(&v) => return Parsed::Value(v as i32),
        _ => {}
    }
    match parse_date(cell) {
        Parsed::Value(d) if matches!(cell, Cell::DateTime(_) | Cell::Text(_)) => Parsed::Value(d.year()),
        _ => Parsed::Invalid,
    }
}

/// Reads the rows of one actor-survey sheet below its header.
pub fn read_sheet(sheet: &Sheet, l: &ActorLayout, ctx: &Context, file: &str, out: &mut FileOutcome) {
    let r = Reference::get();
    skip_above(sheet, l.row, &mut out.account);
    for n in &l.notes {
        out.warnings.push(n.clone());
    }
    let empty = Cell::Empty;
    let used: Vec<usize> = l.columns.iter().map(|(_, c)| *c).chain([0]).collect();
    let mut partly = 0u64;
    let mut seen: BTreeMap<(u16, i32), u32> = BTreeMap::new();
    let mut duplicates = Vec::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(l.row + 1) {
        let get = |f: Field| l.col(f).and_then(|c| row.get(c)).unwrap_or(&empty);
        let at = RowAt::in_sheet(file, sheet, i, &l.names);
        let reject = |out: &mut FileOutcome, f: Field, reason: RejectReason, suggestion: Option<String>| {
            out.reject(&at, l.col(f), f.key(), reason, suggestion);
        };
        if row.iter().all(Cell::is_empty) {
            out.account.skip(SkipKind::Blank);
            continue;
        }
        if is_total_cells(used.iter().filter_map(|&c| row.get(c))) {
            out.account.skip(SkipKind::Total);
            continue;
        }
        let year = if l.col(Field::Year).is_some() {
            match (parse_year(get(Field::Year)), l.title_year) {
                (Parsed::Value(y), _) | (Parsed::Empty, Some(y)) => y,
                (Parsed::Empty, None) => {
                    reject(out, Field::Year, RejectReason::MissingDate, Some(advice::YEAR_MISSING.into()));
                    continue;
                }
                (Parsed::Invalid, _) => {
                    reject(out, Field::Year, RejectReason::BadDate, Some(advice::YEAR_FORMAT.into()));
                    continue;
                }
            }
        } else if l.col(Field::Date).is_some() {
            match (parse_date(get(Field::Date)), l.title_year) {
                (Parsed::Value(d), _) if d > ctx.run_date => {
                    reject(out, Field::Date, RejectReason::FutureDate, Some(advice::fill(advice::AFTER_RUN_DATE, ctx.run_date)));
                    continue;
                }
                (Parsed::Value(d), _) => d.year(),
                (Parsed::Empty, Some(y)) => y,
                (Parsed::Empty, None) => {
                    reject(out, Field::Date, RejectReason::MissingDate, Some(advice::DATE_OR_YEAR.into()));
                    continue;
                }
                (Parsed::Invalid, _) => {
                    reject(out, Field::Date, RejectReason::BadDate, Some(advice::DATE_FORMAT.into()));
                    continue;
                }
            }
        } else {
            l.title_year.expect("layout checks that a year exists")
        };
        if year > ctx.run_date.year() {
            let f = if l.col(Field::Year).is_some() { Field::Year } else { Field::Date };
            reject(out, f, RejectReason::FutureDate, Some(advice::fill(advice::YEAR_AFTER_RUN_DATE, ctx.run_date)));
            continue;
        }
        if year < ctx.first_year || year > ctx.last_year {
            out.account.skip(SkipKind::OutOfScope);
            continue;
        }
        let m_cell = get(Field::Municipality);
        let municipality = if m_cell.is_empty() {
            reject(out, Field::Municipality, RejectReason::MissingMunicipality, Some(advice::SURVEY_MUNICIPALITY.into()));
            continue;
        } else {
            match r.match_municipality(&m_cell.display()) {
                MunicipalityMatch::Found(c) => c,
                MunicipalityMatch::Merged { successor, .. } => successor,
                MunicipalityMatch::Unknown { suggestion } => {
                    reject(
                        out,
                        Field::Municipality,
                        RejectReason::UnknownMunicipality,
                        suggestion.map(|s| advice::fill(advice::DID_YOU_MEAN, s)),
                    );
                    continue;
                }
            }
        };
        let mut answers = [None; 3];
        let mut bad = None;
        for (k, f) in [Field::InReport, Field::InPlan, Field::ContactPerson].into_iter().enumerate() {
            let text = get(f).display();
            if is_partly(&text) {
                partly += 1;
                answers[k] = Some(true);
                continue;
            }
            match parse_yes_no(&text) {
                AnswerParse::Value(v) => answers[k] = Some(v),
                AnswerParse::NoAnswer => {}
                AnswerParse::Invalid => {
                    bad = Some(f);
                    break;
                }
            }
        }
        if let Some(f) = bad {
            reject(out, f, RejectReason::AnswerInvalid, Some(advice::ANSWER_WORDS.into()));
            continue;
        }
        let points_cell = get(Field::SupportPoints);
        let points_text = points_cell.display();
        let support_points = if is_no_answer(&points_text) {
            None
        } else if ["ei yhtään", "ei ole", "none", "inga", "ingen"].contains(&fold(&points_text).as_str()) {
            Some(0)
        } else {
            match parse_number(points_cell) {
                Parsed::Value(v) if v.fract() == 0.0 && (0.0..=100_000.0).contains(&v) => Some(v as u32),
                _ => {
                    reject(out, Field::SupportPoints, RejectReason::AnswerInvalid, Some(advice::SUPPORT_POINTS_WHOLE.into()));
                    continue;
                }
            }
        };
        let n = seen.entry((municipality, year)).or_default();
        *n += 1;
        if *n == 2 {
            duplicates.push((municipality, year));
        }
        out.account.rows_read += 1;
        out.account.rows_accepted += 1;
        out.actor_survey.push(ActorSurveyRow {
            municipality,
            year,
            in_report: answers[0],
            in_plan: answers[1],
            contact_person: answers[2],
            support_points,
        });
    }
    if partly > 0 {
        out.warnings.push(format!("{partly} × answer \"osittain\" (partly) counted as yes"));
    }
    for (m, y) in duplicates {
        out.warnings.push(format!("municipality {m:03} has more than one answer for {y}; all are kept: check which one is right"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_year_in_the_title() {
        assert_eq!(single_year(["Kuntakysely 2024", "Vastaukset 1.–31.3."].into_iter()), Some(2024));
        assert_eq!(single_year(["Kuntakysely 2023–2024"].into_iter()), None);
        assert_eq!(single_year(["Kysely 12345"].into_iter()), None);
    }

    #[test]
    fn year_cells() {
        assert_eq!(parse_year(&Cell::Number(2024.0)), Parsed::Value(2024));
        assert_eq!(parse_year(&Cell::Text("2024".into())), Parsed::Value(2024));
        assert_eq!(parse_year(&Cell::Text("1.3.2024".into())), Parsed::Value(2024));
        assert_eq!(parse_year(&Cell::Text("viime vuonna".into())), Parsed::Invalid);
        assert_eq!(parse_year(&Cell::Number(24.0)), Parsed::Invalid);
        assert_eq!(parse_year(&Cell::Empty), Parsed::Empty);
    }
}
