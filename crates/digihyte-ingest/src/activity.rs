//! Activity-log rows → [`Event`]s, rejections and skips.

use crate::grid::{Cell, Sheet};
use crate::header::{find_header, is_total_row, Header};
use crate::values::{parse_date, parse_duration_min, parse_number, Parsed};
use crate::{ColumnRole, Context, FileOutcome, RowAt, SheetLayout};
use chrono::Datelike;
use digihyte_core::advice;
use digihyte_core::text::fold;
use digihyte_core::vocabulary::{AgeIssue, AgeParse, Classified, Dimension, Vocabulary};
use digihyte_core::{
    AgeGroup, Channel, Event, MunicipalityMatch, Origin, ProviderType, Reference, RejectReason, SkipKind, SourceKind, TopicSet,
};
use digihyte_pipeline::{Field, Source};
use std::borrow::Cow;
use std::sync::Arc;

/// The text of a cell without copying a text cell.
fn text_of(c: &Cell) -> Cow<'_, str> {
    match c {
        Cell::Text(t) => Cow::Borrowed(t.as_ref()),
        other => Cow::Owned(other.display()),
    }
}

/// The word lookups of one sheet, remembered: a log repeats a few municipalities, topics,
/// channels and support points thousands of times, and folding and classifying each cell
/// anew was most of the reading time. Each map is looked up by the cell's text without
/// copying it, and cleared if it grows past `LIMIT` entries.
#[derive(Default)]
struct Memo {
    municipality: CellMemo<MunicipalityMatch>,
    /// Per year (a log spans a few): a birth year means another band in another year.
    age: Vec<(i32, CellMemo<AgeParse>)>,
    topics: CellMemo<TopicCell>,
    channel: CellMemo<Classified<Channel>>,
    provider: CellMemo<Classified<ProviderType>>,
    /// Support points folded once and shared by every event that names them.
    point: CellMemo<Option<Arc<str>>>,
}

type Map<V> = crate::memo::Memo<String, V>;

/// The topics of a topic cell, and its words that are no topic.
pub(crate) type TopicCell = (TopicSet, Arc<[String]>);

const LIMIT: usize = 100_000;

/// A memo of cells. An xlsx shares each distinct text among its cells (one `Arc<str>` per
/// shared string, [`crate::grid`]), so a text cell is first looked up by the address of its
/// text, which is hashed and compared as one number; the memo holds that `Arc`, so the
/// address cannot be freed and reused by another text while it is a key. Other cells, and
/// the first cell with each address, go through the memo by text.
struct CellMemo<V> {
    by_text: Map<V>,
    by_address: std::collections::HashMap<usize, (Arc<str>, V), foldhash::fast::FixedState>,
}

impl<V> Default for CellMemo<V> {
    fn default() -> Self {
        CellMemo { by_text: Map::default(), by_address: Default::default() }
    }
}

impl<V: Clone> CellMemo<V> {
    fn get(&mut self, c: &Cell, f: impl FnOnce(&str) -> V) -> V {
        let Cell::Text(text) = c else {
            return crate::memo::remember(&mut self.by_text, text_of(c).as_ref(), LIMIT, f);
        };
        let address = Arc::as_ptr(text) as *const u8 as usize;
        if let Some((_, v)) = self.by_address.get(&address) {
            return v.clone();
        }
        let v = crate::memo::remember(&mut self.by_text, &**text, LIMIT, f);
        crate::memo::store(&mut self.by_address, address, (text.clone(), v.clone()), LIMIT);
        v
    }
}

impl Memo {
    fn municipality(&mut self, r: &Reference, c: &Cell) -> MunicipalityMatch {
        self.municipality.get(c, |k| r.match_municipality(k))
    }
    fn age(&mut self, v: &Vocabulary, c: &Cell, year: i32) -> AgeParse {
        let by_year = match self.age.iter_mut().position(|(y, _)| *y == year) {
            Some(i) => &mut self.age[i].1,
            None => {
                self.age.push((year, CellMemo::default()));
                &mut self.age.last_mut().expect("just pushed").1
            }
        };
        by_year.get(c, |k| v.parse_age(k, year))
    }
    /// The topics of a cell, and its words that are no topic: from this sheet's memo, else
    /// from the run's (`shared`), else classified.
    fn topics(&mut self, v: &Vocabulary, shared: &crate::memo::Shared<TopicCell>, c: &Cell) -> TopicCell {
        self.topics.get(c, |text| {
            shared.remember(text, LIMIT, |text| {
                let (set, unknown) = v.topic_cell(text);
                (set, unknown.into())
            })
        })
    }
    fn channel(&mut self, v: &Vocabulary, c: &Cell) -> Classified<Channel> {
        self.channel.get(c, |t| v.classify_channel(t))
    }
    fn provider(&mut self, v: &Vocabulary, c: &Cell) -> Classified<ProviderType> {
        self.provider.get(c, |t| v.classify_provider(t))
    }
    fn support_point(&mut self, c: &Cell) -> Option<Arc<str>> {
        self.point.get(c, |k| Some(fold(k)).filter(|s| !s.is_empty()).map(Arc::from))
    }
}

/// The header of an activity sheet, if it has one.
pub fn header(sheet: &Sheet, source: &Source) -> Option<Header> {
    let required: &[Field] = if source.default_municipality.is_some() { &[Field::Date] } else { &[Field::Date, Field::Municipality] };
    let mut h = find_header(sheet, Field::for_kind(SourceKind::Activity), &source.columns, required, 2.min(required.len() + 1))?;
    duration_by_content(sheet, &mut h);
    Some(h)
}

/// Headers that name a duration in some logs and a time of day or a date in others
/// (*Aika*, *Time*, *Tid*): such a column is the duration when the log has no other
/// duration column, another column is the date, and its values are durations (45,
/// `1:30`, `1,5 h`, `45 min`).
const TIME_WORDS: &[&str] = &["aika", "käytetty aika", "time", "time spent", "tid", "tidsåtgång"];

fn duration_by_content(sheet: &Sheet, h: &mut Header) {
    if h.col(Field::DurationMin).is_some() {
        return;
    }
    for (c, name) in h.names.iter().enumerate() {
        if h.columns.iter().any(|(_, col)| *col == c) || !TIME_WORDS.contains(&fold(name).as_str()) {
            continue;
        }
        let cells: Vec<&Cell> = sheet.rows.iter().skip(h.row + 1).filter_map(|r| r.get(c)).filter(|x| !x.is_empty()).take(50).collect();
        let durations = cells
            .iter()
            .filter(|x| {
                !matches!(x, Cell::DateTime(d) if *d >= 1.0)
                    && matches!(parse_duration_min(x), Parsed::Value(m) if (0.0..=1440.0).contains(&m))
            })
            .count();
        if !cells.is_empty() && durations * 10 >= cells.len() * 8 {
            h.columns.push((Field::DurationMin, c));
            return;
        }
    }
}

/// Why a sheet has no activity header, when a row came close.
pub fn hint(sheet: &Sheet, source: &Source) -> Option<String> {
    let h = find_header(sheet, Field::for_kind(SourceKind::Activity), &source.columns, &[Field::Date], 1)?;
    Some(format!(
        "row {} has a date column (\"{}\") but no municipality column: map it with `columns = {{ municipality = \"…\" }}`, or set `municipality = \"…\"` for a source whose clients all live in one municipality",
        sheet.row_number(h.row),
        h.col(Field::Date).map(|c| h.names[c].as_str()).unwrap_or_default()
    ))
}

/// What each column is, for `inspect`.
pub fn describe(h: &Header) -> SheetLayout {
    let mut roles: Vec<ColumnRole> =
        h.columns.iter().map(|(f, c)| ColumnRole { col: *c, label: f.key().to_string(), private: *f == Field::ClientId }).collect();
    roles.sort_by_key(|r| r.col);
    SheetLayout { header_row: h.row, roles }
}

/// Reads the rows of one activity sheet below `h`.
pub fn read_sheet(sheet: &Sheet, h: &Header, source: &Source, ctx: &Context, file: &str, out: &mut FileOutcome) {
    read_rows(sheet, &sheet.name, h.clone(), source, ctx, file, out);
}

/// Accounts for the rows of `sheet` above `h` and reads those below it; returns the reader,
/// which goes on with the rows after `sheet`'s when `sheet` is the first rows of a streamed
/// sheet (named `name`).
pub(crate) fn read_rows<'a>(
    sheet: &Sheet,
    name: &'a str,
    h: Header,
    source: &'a Source,
    ctx: &'a Context,
    file: &'a str,
    out: &mut FileOutcome,
) -> Rows<'a> {
    crate::header::skip_above(sheet, h.row, &mut out.account);
    out.events.reserve(sheet.rows.len().saturating_sub(h.row + 1));
    let below = h.row + 1;
    // The events' origin is the index the sheet gets in the file's account, which is
    // appended to once the sheet is read.
    let sheet_index = out.account.sheets.len() as u16;
    let mut rows = Rows { h, source, ctx, file, sheet: name, first_col: sheet.first_col, sheet_index, memo: Memo::default() };
    for i in below..sheet.rows.len() {
        rows.row(sheet.row_number(i), &sheet.rows[i], out);
    }
    rows
}

/// The rows of an activity sheet below its header, read one at a time: from a sheet read
/// whole ([`read_sheet`]) or as an xlsx streams them.
pub(crate) struct Rows<'a> {
    h: Header,
    source: &'a Source,
    ctx: &'a Context,
    file: &'a str,
    sheet: &'a str,
    /// The column of `row[0]` (0 = A).
    first_col: u32,
    /// The sheet's index in the file's account, for the events' origin.
    sheet_index: u16,
    memo: Memo,
}

impl Rows<'_> {
    /// Reads row `number` (1-based, as the spreadsheet shows it), whose cells start at
    /// `first_col`: an event, a rejection or a skip.
    pub(crate) fn row(&mut self, number: u32, row: &[Cell], out: &mut FileOutcome) {
        let h = &self.h;
        let empty = Cell::Empty;
        let get = |f: Field| h.col(f).and_then(|c| row.get(c)).unwrap_or(&empty);
        let at = RowAt { file: self.file, sheet: self.sheet, row_number: number, first_col: self.first_col, row, names: &h.names };
        let reject = |out: &mut FileOutcome, f: Field, reason: RejectReason, suggestion: Option<String>| {
            out.reject(&at, h.col(f), f.key(), reason, suggestion);
        };
        if row.iter().all(Cell::is_empty) {
            out.account.skip(SkipKind::Blank);
            return;
        }
        if is_total_row(row) {
            out.account.skip(SkipKind::Total);
            return;
        }
        let date = match parse_date(get(Field::Date)) {
            Parsed::Value(d) => d,
            Parsed::Empty => {
                reject(out, Field::Date, RejectReason::MissingDate, Some(advice::DATE_MISSING.into()));
                return;
            }
            Parsed::Invalid => {
                reject(out, Field::Date, RejectReason::BadDate, Some(advice::DATE_FORMAT.into()));
                return;
            }
        };
        if date > self.ctx.run_date {
            reject(out, Field::Date, RejectReason::FutureDate, Some(advice::fill(advice::AFTER_RUN_DATE, self.ctx.run_date)));
            return;
        }
        let year = date.year();
        if year < self.ctx.first_year || year > self.ctx.last_year {
            out.account.skip(SkipKind::OutOfScope);
            return;
        }
        let m_cell = get(Field::Municipality);
        let municipality = if m_cell.is_empty() {
            match self.source.default_municipality {
                Some(m) => m,
                None => {
                    reject(out, Field::Municipality, RejectReason::MissingMunicipality, Some(advice::MUNICIPALITY_MISSING.into()));
                    return;
                }
            }
        } else {
            match self.memo.municipality(Reference::get(), m_cell) {
                MunicipalityMatch::Found(c) => c,
                MunicipalityMatch::Merged { successor, .. } => successor,
                MunicipalityMatch::Unknown { suggestion } => {
                    reject(
                        out,
                        Field::Municipality,
                        RejectReason::UnknownMunicipality,
                        suggestion.map(|s| advice::fill(advice::DID_YOU_MEAN, s)),
                    );
                    return;
                }
            }
        };
        let clients = match parse_number(get(Field::Clients)) {
            Parsed::Empty => 1,
            Parsed::Value(n) if n.fract() != 0.0 => {
                reject(out, Field::Clients, RejectReason::ClientsNotNumeric, Some(advice::CLIENTS_WHOLE.into()));
                return;
            }
            Parsed::Value(n) if n < 1.0 => {
                reject(out, Field::Clients, RejectReason::ClientsNotPositive, Some(advice::CLIENTS_AT_LEAST_ONE.into()));
                return;
            }
            Parsed::Value(n) if n > 100_000.0 => {
                reject(out, Field::Clients, RejectReason::ClientsNotNumeric, Some(advice::CLIENTS_TOO_MANY.into()));
                return;
            }
            Parsed::Value(n) => n as u32,
            Parsed::Invalid => {
                reject(out, Field::Clients, RejectReason::ClientsNotNumeric, Some(advice::CLIENTS_DIGITS.into()));
                return;
            }
        };
        let duration_min = match parse_duration_min(get(Field::DurationMin)) {
            Parsed::Empty => None,
            Parsed::Value(m) if m < 0.0 => {
                reject(out, Field::DurationMin, RejectReason::DurationNotNumeric, Some(advice::DURATION_NEGATIVE.into()));
                return;
            }
            Parsed::Value(m) if m > 24.0 * 60.0 => {
                reject(out, Field::DurationMin, RejectReason::DurationAbsurd, Some(advice::DURATION_TOO_LONG.into()));
                return;
            }
            Parsed::Value(m) => Some(m),
            Parsed::Invalid => {
                reject(out, Field::DurationMin, RejectReason::DurationNotNumeric, Some(advice::DURATION_FORMAT.into()));
                return;
            }
        };
        let vocabulary = &*self.ctx.vocabulary;
        let age_cell = get(Field::AgeGroup);
        let age = match self.memo.age(vocabulary, age_cell, year) {
            AgeParse::Band(b) => b,
            AgeParse::Empty => AgeGroup::Unknown,
            AgeParse::Unrecognised(issue) => {
                let note = match issue {
                    AgeIssue::Word => None,
                    AgeIssue::SpansBands => Some("spans two of the age bands"),
                };
                out.unknown_word(Dimension::AgeGroup, &text_of(age_cell), &at, h.col(Field::AgeGroup), note);
                AgeGroup::Unknown
            }
            AgeParse::Invalid => {
                reject(out, Field::AgeGroup, RejectReason::AgeInvalid, Some(advice::AGE_FORMAT.into()));
                return;
            }
        };
        let (topics, unknown_topics) = self.memo.topics(vocabulary, &self.ctx.topic_cells, get(Field::Topic));
        for word in unknown_topics.iter() {
            out.unknown_word(Dimension::Topic, word, &at, h.col(Field::Topic), None);
        }
        let channel = match self.memo.channel(vocabulary, get(Field::Channel)) {
            Classified::Known(c) => c,
            Classified::Empty => Channel::Unknown,
            Classified::UnknownWord => {
                out.unknown_word(Dimension::Channel, &text_of(get(Field::Channel)), &at, h.col(Field::Channel), None);
                Channel::Other
            }
        };
        let provider = match self.memo.provider(vocabulary, get(Field::ProviderType)) {
            Classified::Known(p) => p,
            Classified::Empty => self.source.default_provider.unwrap_or(ProviderType::Unknown),
            Classified::UnknownWord => {
                out.unknown_word(Dimension::ProviderType, &text_of(get(Field::ProviderType)), &at, h.col(Field::ProviderType), None);
                ProviderType::Other
            }
        };
        let support_point = self.memo.support_point(get(Field::SupportPoint));
        let client_id = match get(Field::ClientId) {
            Cell::Text(t) if t.trim().len() == t.len() => Some(t.clone()).filter(|t| !t.is_empty()),
            other => Some(text_of(other).trim()).filter(|s| !s.is_empty()).map(Arc::from),
        };
        out.account.rows_read += 1;
        out.account.rows_accepted += 1;
        out.events.push(Event {
            date,
            year,
            municipality,
            support_point,
            provider,
            channel,
            topics,
            age,
            duration_min,
            clients,
            client_id,
            // The file index is set when the run's outcomes are collected.
            origin: Origin { file: 0, sheet: self.sheet_index, row: number },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Empty),
            "\\PC{0,12}".prop_map(|s| Cell::Text(s.into())),
            prop_oneof![
                Just("Yhteensä"),
                Just("1.3.2024"),
                Just("Oulu"),
                Just("Olu"),
                Just("n. 15"),
                Just("1:30"),
                Just("75+"),
                Just("2031-01-01")
            ]
            .prop_map(|s| Cell::Text(s.into())),
            (-1e6f64..1e6).prop_map(Cell::Number),
            (30_000f64..60_000.0).prop_map(Cell::DateTime),
            (0f64..3.0).prop_map(Cell::Duration),
            any::<bool>().prop_map(Cell::Bool),
        ]
    }

    /// A cell memo answers by the text, whichever `Arc` holds it: equal texts in two
    /// allocations are computed once, and an address it has seen keeps its text alive (a
    /// new text can never arrive at the same address while the memo holds it).
    #[test]
    fn cell_memo_is_keyed_by_the_text() {
        let mut memo: CellMemo<usize> = CellMemo::default();
        let calls = std::cell::Cell::new(0);
        let f = |t: &str| {
            calls.set(calls.get() + 1);
            t.chars().count()
        };
        let a = Cell::Text(Arc::from("Kempele"));
        let b = Cell::Text(Arc::from("Kempele"));
        assert_eq!(memo.get(&a, f), 7);
        assert_eq!(memo.get(&a, f), 7);
        assert_eq!(memo.get(&b, f), 7);
        assert_eq!(calls.get(), 1);
        // The memo holds the text of every address it has seen.
        let weak = match &a {
            Cell::Text(t) => Arc::downgrade(t),
            _ => unreachable!(),
        };
        drop(a);
        assert!(weak.upgrade().is_some());
        for _ in 0..100 {
            assert_eq!(memo.get(&Cell::Text(Arc::from("Liminka")), f), 7);
        }
        assert_eq!(memo.get(&Cell::Text(Arc::from("Ii")), f), 2);
        assert_eq!(memo.get(&Cell::Number(2024.0), f), 4);
        assert_eq!(calls.get(), 4);
    }

    proptest! {
        /// Random cells under a real header: never a panic, and every row is accepted,
        /// rejected or skipped exactly once.
        #[test]
        fn random_cells_are_always_accounted_for(rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..12), 0..40)) {
            let names = ["Päivämäärä", "Kotikunta", "Tukipiste", "Kanava", "Aihe", "Ikä", "Kesto (min)", "Asiakkaita", "Asiakastunnus", "Toimija"];
            let mut all = vec![names.iter().map(|h| Cell::Text((*h).into())).collect::<Vec<_>>()];
            all.extend(rows.iter().cloned());
            let sheet = Sheet { name: "Tapahtumat".into(), hidden: false, first_row: 1, first_col: 0, rows: all };
            let source = Source { kind: SourceKind::Activity, files: vec![], sheet: None, default_municipality: None, default_provider: None, columns: vec![], items: vec![] };
            let ctx = Context::new(chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(), 2020, 2025);
            let h = header(&sheet, &source).expect("the header is recognised");
            let mut out = FileOutcome::default();
            read_sheet(&sheet, &h, &source, &ctx, "random.xlsx", &mut out);
            prop_assert!(out.account.balanced(), "{:?}", out.account);
            prop_assert_eq!(out.account.rows_read, rows.len() as u64);
            prop_assert_eq!(out.account.rows_accepted, out.events.len() as u64);
            prop_assert_eq!(out.account.rows_rejected, out.rejections.len() as u64);
        }
    }
}
