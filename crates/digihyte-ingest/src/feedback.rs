//! Client-feedback exports (Webropol, Microsoft Forms, LimeSurvey and hand-made sheets) →
//! [`FeedbackResponse`]s, rejections and skips.
//!
//! Survey tools write one column per question with the whole question text as its header.
//! A column is recognised as:
//! - an item the pipeline names (`items = { key = "header text or a distinctive part" }`;
//!   these come first and may be any key),
//! - the answer date (a date header, or a survey tool's answer time: *Vastausaika*,
//!   *Completion time*, *Date submitted* … — the time the answer was sent is preferred to
//!   the time it was started),
//! - the municipality or the age (a column name or a question such as *Mikä on kotikuntasi?*),
//! - a default item by its distinctive words in Finnish, Swedish or English
//!   ([`DEFAULT_ITEMS`]); a question whose words fit several items is not used, with a
//!   warning.
//!
//! Every other column (free text, names, e-mail addresses, respondent ids …) is never read:
//! nothing of it is kept, not even in a rejection, whose value is only ever the cell of a
//! recognised field.
//!
//! An item is a Likert item (1–5) or a yes/no item, decided per column from its answers:
//! yes/no when more answers fit only yes/no (`kyllä`, `ei`, `0` …) than fit only the 1–5
//! scale (`2`–`5`, scale words), with a tie going to yes/no for `would_recommend` (which
//! DOMAIN.md defines as yes/no) and to Likert otherwise; answers that fit neither are then
//! rejected row by row (`answer_invalid`). A column found
//! by the default words in which *no* answer fits either scale (a 0–10 recommendation
//! score, say) is not used, with a warning, rather than rejecting every row.

use crate::grid::{Cell, Sheet};
use crate::header::{find_named, is_total_cells, recognise_question, row_names, skip_above, Recognised, HEADER_SEARCH_ROWS};
use crate::memo::{remember, Memo};
use crate::values::{parse_date, Parsed};
use crate::{ColumnRole, Context, FileOutcome, RowAt, SheetLayout};
use chrono::Datelike;
use digihyte_core::advice;
use digihyte_core::keys::{parse_likert, parse_yes_no, AnswerParse};
use digihyte_core::text::fold;
use digihyte_core::vocabulary::{AgeParse, Dimension};
use digihyte_core::{AgeGroup, Answer, FeedbackResponse, MunicipalityMatch, Reference, RejectReason, SkipKind};
use digihyte_pipeline::{Field, Source};
use std::collections::HashMap;

/// The default items and the distinctive words (folded) that recognise them in a question.
pub const DEFAULT_ITEMS: &[(&str, &[&str])] = &[
    (
        "got_help",
        &[
            "sain apua",
            "sain tarvitsemaani apua",
            "sain avun",
            "fick hjälp",
            "fick den hjälp",
            "got help",
            "got the help",
            "received help",
            "received the help",
        ],
    ),
    (
        "can_do_myself",
        &[
            "osaan itse",
            "osaan jatkossa",
            "osaan nyt itse",
            "pystyn itse",
            "pystyn jatkossa",
            "klarar själv",
            "det själv",
            "själv nästa",
            "kan sköta",
            "kan själv",
            "can do it myself",
            "handle it myself",
            "do it myself",
            "on my own",
            "myself",
            "by myself",
            "itsenäisesti",
            "hoitaa asian itse",
            "hoidan itse",
            "osaan hoitaa",
            "itse jatkossa",
            "jatkossa itse",
            "själv i framtiden",
            "sköta ärendet själv",
            "själv nästa gång",
        ],
    ),
    ("confidence_grew", &["varmuu", "luottamu", "säkerhet", "självförtroende", "confiden"]),
    (
        "cope_better",
        &[
            "pärjään",
            "pärjäämi",
            "selviydyn",
            "selviän",
            "arjessa",
            "arjen",
            "klarar mig bättre",
            "vardag",
            "cope better",
            "manage better",
            "daily life",
            "everyday life",
        ],
    ),
    ("would_recommend", &["suosittel", "rekommender", "recommend"]),
];

/// How many distinct answer or age texts a memo of [`read_sheet`] holds before it starts again.
const MEMO_LIMIT: usize = 10_000;

/// Survey tools' answer times, best first (lower rank wins).
const ANSWER_TIME_PARTS: &[(&str, u8)] = &[
    ("valmistumisaika", 1),
    ("vastausaika", 1),
    ("vastauspäivä", 1),
    ("vastattu", 1),
    ("lähetetty", 1),
    ("lähetyspäivä", 1),
    ("tallennettu", 1),
    ("aikaleima", 1),
    ("completion time", 1),
    ("date submitted", 1),
    ("submitdate", 1),
    ("submitted", 1),
    ("timestamp", 1),
    ("response date", 1),
    ("tidsstämpel", 1),
    ("inlämnad", 1),
    ("svarstid", 1),
    ("slutförd", 1),
    ("slutför", 1),
    ("tid för slutförande", 1),
    ("aloitusaika", 3),
    ("start time", 3),
    ("startdate", 3),
    ("starttid", 3),
    ("date started", 3),
];

/// Likert (1–5) or yes/no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Likert,
    YesNo,
}

/// One item column.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: String,
    pub col: usize,
    pub kind: ItemKind,
    /// Named in the pipeline (always used), or found by the default words.
    pub explicit: bool,
}

/// The columns of a feedback sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackLayout {
    pub row: usize,
    pub names: Vec<String>,
    pub date: usize,
    pub municipality: Option<usize>,
    pub age: Option<usize>,
    pub items: Vec<Item>,
    pub notes: Vec<String>,
}

struct Candidate {
    date: Option<(usize, u8)>,
    municipality: Option<usize>,
    age: Option<usize>,
    items: Vec<Item>,
    notes: Vec<String>,
}

impl Candidate {
    fn score(&self) -> usize {
        usize::from(self.date.is_some()) + usize::from(self.municipality.is_some()) + usize::from(self.age.is_some()) + self.items.len()
    }
}

fn answer_time_rank(header: &str) -> Option<u8> {
    let h = fold(header);
    ANSWER_TIME_PARTS.iter().filter(|(p, _)| h.contains(p)).map(|(_, r)| *r).min()
}

fn default_items_of(header: &str) -> Vec<&'static str> {
    let h = fold(header);
    DEFAULT_ITEMS.iter().filter(|(_, words)| words.iter().any(|w| h.contains(w))).map(|(k, _)| *k).collect()
}

fn candidate(names: &[String], source: &Source, sheet: &Sheet) -> Candidate {
    let mut c = Candidate { date: None, municipality: None, age: None, items: Vec::new(), notes: Vec::new() };
    let mut taken: Vec<usize> = Vec::new();
    let label = |col: usize| format!("\"{}\" ({})", names[col], sheet.column_letter(col));
    // 1. The pipeline's own mapping.
    for (f, text) in &source.columns {
        if let Some(col) = find_named(names, text, &taken) {
            match f {
                Field::Date => c.date = Some((col, 0)),
                Field::Municipality => c.municipality = Some(col),
                Field::AgeGroup => c.age = Some(col),
                _ => continue,
            }
            taken.push(col);
        }
    }
    for (key, text) in &source.items {
        match find_named(names, text, &taken) {
            Some(col) => {
                taken.push(col);
                c.items.push(Item { key: key.clone(), col, kind: ItemKind::Likert, explicit: true });
            }
            None => c.notes.push(format!("item `{key}` = \"{text}\" matches no column of the header")),
        }
    }
    // 2. Recognised by name or words.
    for (col, name) in names.iter().enumerate() {
        if name.is_empty() || taken.contains(&col) {
            continue;
        }
        if let Recognised::Field(f) = recognise_question(name, &[Field::Date]) {
            debug_assert_eq!(f, Field::Date);
            if c.date.is_none_or(|(_, rank)| rank > 2) {
                c.date = Some((col, 2));
            }
            continue;
        }
        if let Some(rank) = answer_time_rank(name) {
            if c.date.is_none_or(|(_, r)| r > rank) {
                c.date = Some((col, rank));
            }
            continue;
        }
        let keys = default_items_of(name);
        match keys.as_slice() {
            [] => {}
            [key] if c.items.iter().any(|i| i.key == *key) => {
                c.notes.push(format!("{} also looks like item `{key}`, which another column already is: not used", label(col)));
                continue;
            }
            [key] => {
                c.items.push(Item { key: key.to_string(), col, kind: ItemKind::Likert, explicit: false });
                continue;
            }
            several => {
                c.notes.push(format!(
                    "{} fits several items ({}): not used; name it in the pipeline file with `items = {{ {} = \"…\" }}`",
                    label(col),
                    several.join(", "),
                    several[0]
                ));
                continue;
            }
        }
        match recognise_question(name, &[Field::Municipality, Field::AgeGroup]) {
            Recognised::Field(Field::Municipality) if c.municipality.is_none() => c.municipality = Some(col),
            Recognised::Field(Field::AgeGroup) if c.age.is_none() => c.age = Some(col),
            _ => {}
        }
    }
    c
}

/// Finds the header of a feedback sheet: among the first rows, the one with an answer date
/// and at least one item that recognises the most columns (Webropol's title row and
/// question-number row above it recognise nothing). `Err` carries a hint when a row came
/// close (questions but no date, or a date but no question).
pub fn layout(sheet: &Sheet, source: &Source) -> Result<FeedbackLayout, Option<String>> {
    let mut best: Option<(usize, Vec<String>, Candidate)> = None;
    let mut hint: Option<(usize, String)> = None;
    for (i, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let names = row_names(row);
        if names.iter().all(String::is_empty) {
            continue;
        }
        let c = candidate(&names, source, sheet);
        if c.date.is_some() && !c.items.is_empty() {
            if best.as_ref().is_none_or(|b| c.score() > b.2.score()) {
                best = Some((i, names, c));
            }
        } else if c.score() > hint.as_ref().map_or(0, |h| h.0) {
            let row_no = sheet.row_number(i);
            let text = if c.date.is_some() {
                format!("row {row_no} has an answer-date column but no question that is a known item; name the items with `items = {{ got_help = \"…\" }}`")
            } else {
                format!(
                    "row {row_no} has questions ({}) but no answer-date column; map it with `columns = {{ date = \"…\" }}`",
                    c.items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>().join(", ")
                )
            };
            hint = Some((c.score(), text));
        }
    }
    let Some((row, names, c)) = best else { return Err(hint.map(|h| h.1)) };
    let mut l = FeedbackLayout {
        row,
        names,
        date: c.date.expect("checked").0,
        municipality: c.municipality,
        age: c.age,
        items: c.items,
        notes: c.notes,
    };
    decide_kinds(sheet, &mut l);
    l.items.sort_by_key(|i| i.col);
    if l.items.is_empty() {
        return Err(Some(format!("row {} has questions, but none of their answers are 1–5 or yes/no", sheet.row_number(row))));
    }
    Ok(l)
}

/// Decides Likert or yes/no per item column from its answers, and drops default-word
/// columns none of whose answers fit either scale.
fn decide_kinds(sheet: &Sheet, l: &mut FeedbackLayout) {
    let mut keep = Vec::new();
    for mut item in std::mem::take(&mut l.items) {
        // Answers that only a yes/no item takes (words, 0), only a Likert item takes (2–5,
        // scale words), or either (1).
        let (mut yes_no_only, mut likert_only, mut either, mut any) = (0usize, 0usize, 0usize, false);
        // A column repeats a few answers: each is parsed once.
        let mut seen: HashMap<String, (bool, bool, bool)> = HashMap::new();
        for row in sheet.rows.iter().skip(l.row + 1) {
            let text = row.get(item.col).map(Cell::display).unwrap_or_default();
            let (yn, lk, answered) = *seen.entry(text).or_insert_with_key(|text| {
                let likert = parse_likert(text);
                (
                    matches!(parse_yes_no(text), AnswerParse::Value(_)),
                    matches!(likert, AnswerParse::Value(_)),
                    likert != AnswerParse::NoAnswer,
                )
            });
            any |= answered;
            match (yn, lk) {
                (true, true) => either += 1,
                (true, false) => yes_no_only += 1,
                (false, true) => likert_only += 1,
                (false, false) => {}
            }
        }
        let prefers_yes_no = item.key == "would_recommend";
        item.kind =
            if yes_no_only > likert_only || (yes_no_only == likert_only && prefers_yes_no) { ItemKind::YesNo } else { ItemKind::Likert };
        if any && !item.explicit && yes_no_only + likert_only + either == 0 {
            l.notes.push(format!(
                "\"{}\" ({}) looks like item `{}`, but none of its answers is 1–5 or yes/no: not used; name it with `items = {{ … }}` if it is one",
                l.names[item.col],
                sheet.column_letter(item.col),
                item.key
            ));
            continue;
        }
        keep.push(item);
    }
    l.items = keep;
}

impl FeedbackLayout {
    /// What each column is, for `inspect`.
    pub fn describe(&self) -> SheetLayout {
        let mut roles = vec![ColumnRole { col: self.date, label: "date".into(), private: false }];
        if let Some(c) = self.municipality {
            roles.push(ColumnRole { col: c, label: "municipality".into(), private: false });
        }
        if let Some(c) = self.age {
            roles.push(ColumnRole { col: c, label: "age_group".into(), private: false });
        }
        for i in &self.items {
            let kind = match i.kind {
                ItemKind::Likert => "Likert 1–5",
                ItemKind::YesNo => "yes/no",
            };
            roles.push(ColumnRole { col: i.col, label: format!("item {} ({kind})", i.key), private: false });
        }
        roles.sort_by_key(|r| r.col);
        SheetLayout { header_row: self.row, roles }
    }
}

/// Reads the rows of one feedback sheet below its header.
pub fn read_sheet(sheet: &Sheet, l: &FeedbackLayout, source: &Source, ctx: &Context, file: &str, out: &mut FileOutcome) {
    let r = Reference::get();
    skip_above(sheet, l.row, &mut out.account);
    for n in &l.notes {
        out.warnings.push(format!("{}: {n}", sheet_label(sheet)));
    }
    let empty = Cell::Empty;
    let used: Vec<usize> =
        [Some(l.date), l.municipality, l.age].into_iter().flatten().chain(l.items.iter().map(|i| i.col)).chain([0]).collect();
    // Answers repeat: each distinct text is parsed once per kind (cleared at `MEMO_LIMIT`).
    let mut parsed_answers: Memo<(ItemKind, String), AnswerParse<Answer>> = Memo::default();
    // So do ages (a band, or an age or birth year that is banded per year).
    let mut parsed_ages: Memo<(i32, String), AgeParse> = Memo::default();
    for (i, row) in sheet.rows.iter().enumerate().skip(l.row + 1) {
        let cell = |c: usize| row.get(c).unwrap_or(&empty);
        let at = RowAt::in_sheet(file, sheet, i, &l.names);
        let reject = |out: &mut FileOutcome, col: Option<usize>, what: &str, reason: RejectReason, suggestion: Option<String>| {
            out.reject(&at, col, what, reason, suggestion);
        };
        if row.iter().all(Cell::is_empty) {
            out.account.skip(SkipKind::Blank);
            continue;
        }
        if is_total_cells(used.iter().filter_map(|&c| row.get(c))) {
            out.account.skip(SkipKind::Total);
            continue;
        }
        let date = match parse_date(cell(l.date)) {
            Parsed::Value(d) => d,
            Parsed::Empty => {
                reject(out, Some(l.date), "date", RejectReason::MissingDate, Some(advice::ANSWER_DATE.into()));
                continue;
            }
            Parsed::Invalid => {
                reject(out, Some(l.date), "date", RejectReason::BadDate, Some(advice::DATE_FORMAT.into()));
                continue;
            }
        };
        if date > ctx.run_date {
            reject(out, Some(l.date), "date", RejectReason::FutureDate, Some(advice::fill(advice::AFTER_RUN_DATE, ctx.run_date)));
            continue;
        }
        let year = date.year();
        if year < ctx.first_year || year > ctx.last_year {
            out.account.skip(SkipKind::OutOfScope);
            continue;
        }
        let municipality = match l.municipality.map(cell).filter(|c| !c.is_empty()) {
            None => source.default_municipality,
            Some(c) => match r.match_municipality(&c.display()) {
                MunicipalityMatch::Found(code) => Some(code),
                MunicipalityMatch::Merged { successor, .. } => Some(successor),
                MunicipalityMatch::Unknown { suggestion } => {
                    reject(
                        out,
                        l.municipality,
                        "municipality",
                        RejectReason::UnknownMunicipality,
                        suggestion.map(|s| advice::fill(advice::DID_YOU_MEAN, s)),
                    );
                    continue;
                }
            },
        };
        // A respondent is never dropped for the age: what is not an age band is `unknown`.
        let mut age_of = |c: usize| {
            remember(&mut parsed_ages, &(year, cell(c).display()), MEMO_LIMIT, |(year, text)| ctx.vocabulary.parse_age(text, *year))
        };
        let (age, age_unknown) = match l.age.map(|c| (c, age_of(c))) {
            None | Some((_, AgeParse::Empty)) => (AgeGroup::Unknown, None),
            Some((_, AgeParse::Band(b))) => (b, None),
            Some((c, AgeParse::Unrecognised(_) | AgeParse::Invalid)) => (AgeGroup::Unknown, Some(c)),
        };
        let mut answers = Vec::with_capacity(l.items.len());
        let mut invalid = None;
        for item in &l.items {
            let text = cell(item.col).display();
            let kind = item.kind;
            let parsed = remember(&mut parsed_answers, &(kind, text), MEMO_LIMIT, |(kind, text)| match kind {
                ItemKind::Likert => match parse_likert(text) {
                    AnswerParse::Value(v) => AnswerParse::Value(Answer::Likert(v)),
                    AnswerParse::NoAnswer => AnswerParse::NoAnswer,
                    AnswerParse::Invalid => AnswerParse::Invalid,
                },
                ItemKind::YesNo => match parse_yes_no(text) {
                    AnswerParse::Value(v) => AnswerParse::Value(Answer::YesNo(v)),
                    AnswerParse::NoAnswer => AnswerParse::NoAnswer,
                    AnswerParse::Invalid => AnswerParse::Invalid,
                },
            });
            match parsed {
                AnswerParse::Value(a) => answers.push((item.key.clone(), a)),
                AnswerParse::NoAnswer => {}
                AnswerParse::Invalid => {
                    invalid = Some(item);
                    break;
                }
            }
        }
        if let Some(item) = invalid {
            let hint = match item.kind {
                ItemKind::Likert => {
                    "answer 1–5 or a word of the scale (täysin eri mieltä … täysin samaa mieltä); en osaa sanoa is left out"
                }
                ItemKind::YesNo => "answer kyllä/ei, ja/nej, yes/no or 1/0; en osaa sanoa is left out",
            };
            reject(out, Some(item.col), &item.key, RejectReason::AnswerInvalid, Some(hint.into()));
            continue;
        }
        if let Some(c) = age_unknown {
            out.unknown_word(Dimension::AgeGroup, &cell(c).display(), &at, Some(c), None);
        }
        out.account.rows_read += 1;
        out.account.rows_accepted += 1;
        out.feedback.push(FeedbackResponse { date, year, municipality, age, answers });
    }
}

fn sheet_label(sheet: &Sheet) -> String {
    if sheet.name.is_empty() {
        "header".to_string()
    } else {
        format!("sheet \"{}\"", sheet.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "S".into(),
            hidden: false,
            first_row: 1,
            first_col: 0,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).into()) }).collect())
                .collect(),
        }
    }

    fn source() -> Source {
        use digihyte_core::SourceKind;
        Source {
            kind: SourceKind::Feedback,
            files: vec![],
            sheet: None,
            default_municipality: None,
            default_provider: None,
            columns: vec![],
            items: vec![],
        }
    }

    #[test]
    fn webropol_title_and_number_rows_above_the_questions() {
        let s = sheet(&[
            &["Digituen asiakaspalaute 2024"],
            &["", "1.", "2.", "3.", "4."],
            &["Vastausaika", "Sain apua asiaani", "Osaan jatkossa hoitaa asian itse", "Suosittelisin digitukea muille", "Sähköpostiosoite"],
            &["1.3.2024", "5", "4", "Kyllä", "x@y.fi"],
        ]);
        let l = layout(&s, &source()).unwrap();
        assert_eq!(l.row, 2);
        assert_eq!(l.date, 0);
        let items: Vec<_> = l.items.iter().map(|i| (i.key.as_str(), i.col, i.kind)).collect();
        assert_eq!(
            items,
            [("got_help", 1, ItemKind::Likert), ("can_do_myself", 2, ItemKind::Likert), ("would_recommend", 3, ItemKind::YesNo)]
        );
    }

    #[test]
    fn explicit_items_take_precedence_and_ambiguous_questions_are_not_used() {
        let s = sheet(&[&["Pvm", "Q1 Sain apua", "Sain apua ja pärjään nyt arjessa", "Olin tyytyväinen"], &["1.3.2024", "5", "4", "4"]]);
        let mut src = source();
        src.items = vec![("satisfied".into(), "tyytyväinen".into()), ("got_help".into(), "Q1".into())];
        let l = layout(&s, &src).unwrap();
        let items: Vec<_> = l.items.iter().map(|i| (i.key.as_str(), i.col)).collect();
        assert_eq!(items, [("got_help", 1), ("satisfied", 3)]);
        assert!(l.notes.iter().any(|n| n.contains("fits several items")), "{:?}", l.notes);
    }

    #[test]
    fn a_recommendation_score_is_not_a_likert_item() {
        let s = sheet(&[
            &["Pvm", "Sain apua", "How likely are you to recommend us (0-10)?"],
            &["1.3.2024", "5", "9"],
            &["2.3.2024", "4", "10"],
        ]);
        let l = layout(&s, &source()).unwrap();
        assert_eq!(l.items.len(), 1);
        assert!(l.notes.iter().any(|n| n.contains("none of its answers")), "{:?}", l.notes);
    }

    #[test]
    fn questions_without_a_date_give_a_hint() {
        let s = sheet(&[&["Sain apua", "Osaan itse"], &["5", "4"]]);
        let hint = layout(&s, &source()).unwrap_err().unwrap();
        assert!(hint.contains("no answer-date column"), "{hint}");
    }
}
