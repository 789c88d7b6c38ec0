//! Validated records (what ingest produces and transform consumes) and the accounting that
//! proves nothing was lost.

use crate::keys::{AgeGroup, Channel, ProviderType, TopicSet};
use chrono::NaiveDate;

/// One accepted support event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub date: NaiveDate,
    pub year: i32,
    /// Current municipality code (merged names already mapped to their successor).
    pub municipality: u16,
    /// Support-point name, trimmed and case-folded (the key `support_points` counts).
    pub support_point: Option<std::sync::Arc<str>>,
    pub provider: ProviderType,
    pub channel: Channel,
    /// Empty means `unknown`.
    pub topics: TopicSet,
    pub age: AgeGroup,
    pub duration_min: Option<f64>,
    pub clients: u32,
    /// Pseudonymous client code: only ever counted, never written. Shared with the cell it
    /// was read from (a client's code repeats on every visit of a log).
    pub client_id: Option<std::sync::Arc<str>>,
    /// Where the row was read (for the data-quality sheet's likely duplicates).
    pub origin: Origin,
}

/// Where a row came from: the input's index in the run's accounts, the sheet's index in
/// that input's `sheets`, and the row number as the spreadsheet shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Origin {
    pub file: u32,
    pub sheet: u16,
    pub row: u32,
}

/// Where an indicator value belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AreaRef {
    Municipality(u16),
    /// Maakunta (`17`).
    Region(u8),
    /// Hyvinvointialue (`19`).
    County(u8),
    Country,
}

impl AreaRef {
    /// `municipality` / `region` / `wellbeing_county` / `country`.
    pub fn area_type(self) -> &'static str {
        match self {
            AreaRef::Municipality(_) => "municipality",
            AreaRef::Region(_) => "region",
            AreaRef::County(_) => "wellbeing_county",
            AreaRef::Country => "country",
        }
    }
    /// Three-digit municipality code, two-digit region code, county code, `SSS`.
    pub fn code(self) -> String {
        match self {
            AreaRef::Municipality(c) => format!("{c:03}"),
            AreaRef::Region(c) => format!("{c:02}"),
            AreaRef::County(c) => format!("{c:02}"),
            AreaRef::Country => "SSS".to_string(),
        }
    }
}

/// One indicator value (Sotkanet `gender = total`).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorValue {
    pub indicator: u32,
    pub area: AreaRef,
    pub year: i32,
    pub value: f64,
}

/// Why a row was rejected (DOMAIN.md, "rejection reasons").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    MissingDate,
    BadDate,
    FutureDate,
    MissingMunicipality,
    UnknownMunicipality,
    ClientsNotNumeric,
    ClientsNotPositive,
    DurationNotNumeric,
    DurationAbsurd,
    AgeInvalid,
    AnswerInvalid,
}

impl RejectReason {
    pub const ALL: &'static [RejectReason] = &[
        RejectReason::MissingDate,
        RejectReason::BadDate,
        RejectReason::FutureDate,
        RejectReason::MissingMunicipality,
        RejectReason::UnknownMunicipality,
        RejectReason::ClientsNotNumeric,
        RejectReason::ClientsNotPositive,
        RejectReason::DurationNotNumeric,
        RejectReason::DurationAbsurd,
        RejectReason::AgeInvalid,
        RejectReason::AnswerInvalid,
    ];
    pub fn key(self) -> &'static str {
        match self {
            RejectReason::MissingDate => "missing_date",
            RejectReason::BadDate => "bad_date",
            RejectReason::FutureDate => "future_date",
            RejectReason::MissingMunicipality => "missing_municipality",
            RejectReason::UnknownMunicipality => "unknown_municipality",
            RejectReason::ClientsNotNumeric => "clients_not_numeric",
            RejectReason::ClientsNotPositive => "clients_not_positive",
            RejectReason::DurationNotNumeric => "duration_not_numeric",
            RejectReason::DurationAbsurd => "duration_absurd",
            RejectReason::AgeInvalid => "age_invalid",
            RejectReason::AnswerInvalid => "answer_invalid",
        }
    }
}

/// A rejected row, kept for people to fix (written only under `internal/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// File name as given (relative to the pipeline file where possible).
    pub file: String,
    /// Sheet name; empty for CSV.
    pub sheet: String,
    /// Row number as the spreadsheet shows it (1-based, header and title rows included).
    pub row: u32,
    /// The header text of the offending column, with its letter: `Pvm (B)`.
    pub column: String,
    pub value: String,
    pub reason: RejectReason,
    pub suggestion: Option<String>,
}

/// Why a row was skipped (not an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipKind {
    Blank,
    Total,
    OutOfScope,
    Title,
}

impl SkipKind {
    pub const ALL: &'static [SkipKind] = &[SkipKind::Blank, SkipKind::Total, SkipKind::OutOfScope, SkipKind::Title];
    pub fn key(self) -> &'static str {
        match self {
            SkipKind::Blank => "blank",
            SkipKind::Total => "total",
            SkipKind::OutOfScope => "out_of_scope",
            SkipKind::Title => "title",
        }
    }
}

/// The kind of input a source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Activity,
    Feedback,
    ActorSurvey,
    Indicators,
}

impl SourceKind {
    pub fn key(self) -> &'static str {
        match self {
            SourceKind::Activity => "activity",
            SourceKind::Feedback => "feedback",
            SourceKind::ActorSurvey => "actor_survey",
            SourceKind::Indicators => "indicators",
        }
    }
}

/// The accounting of one input file: `rows_read = rows_accepted + rows_rejected + rows_skipped`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputAccount {
    /// Path as written in the manifest (relative to the pipeline file).
    pub path: String,
    pub kind: Option<SourceKind>,
    pub sha256: String,
    pub bytes: u64,
    /// The sheets that held data (empty for CSV).
    pub sheets: Vec<String>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    /// Skipped rows by kind, indexed like [`SkipKind::ALL`].
    pub skipped: [u64; 4],
    /// Set when the file could not be read at all; the run goes on without it.
    pub error: Option<String>,
}

impl InputAccount {
    pub fn rows_skipped(&self) -> u64 {
        self.skipped.iter().sum()
    }
    pub fn skip(&mut self, kind: SkipKind) {
        self.skipped[kind as usize] += 1;
        self.rows_read += 1;
    }
    pub fn balanced(&self) -> bool {
        self.rows_read == self.rows_accepted + self.rows_rejected + self.rows_skipped()
    }
}

/// A non-fatal observation for the manifest and the data-quality sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub file: String,
    pub message: String,
}

/// An unrecognised word of a classified field, with how often and where it occurred.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnknownWord {
    /// `topic`, `channel`, `provider_type`, `age_group`.
    pub field: String,
    /// The word as first written (trimmed); words that normalise alike are one word.
    pub word: String,
    pub count: u64,
    /// `other` (topic, channel, provider) or `unknown` (age).
    pub counted_as: String,
    /// Why, where it is not simply an unknown word (`spans two age bands`).
    pub note: Option<String>,
    /// The first places it was seen: file, sheet, column and first rows.
    pub places: Vec<WordPlace>,
    /// The key it most likely means and the known word it resembles (only suggested,
    /// never applied).
    pub suggestion: Option<(String, String)>,
}

/// Where an unknown word stands.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WordPlace {
    pub file: String,
    pub sheet: String,
    /// The header and letter: `Aihe (E)`.
    pub column: String,
    /// The first rows (as the spreadsheet numbers them).
    pub rows: Vec<u32>,
    /// How often it occurs in this file, sheet and column.
    pub count: u64,
}

impl UnknownWord {
    /// `aktiviteetit.xlsx › Tapahtumat › Aihe (E), rows 5, 9, 23 …` for each place.
    pub fn where_(&self) -> String {
        self.places
            .iter()
            .map(|p| {
                let mut s = p.file.clone();
                if !p.sheet.is_empty() {
                    s.push_str(" › ");
                    s.push_str(&p.sheet);
                }
                s.push_str(" › ");
                s.push_str(&p.column);
                let rows: Vec<String> = p.rows.iter().map(|r| r.to_string()).collect();
                s.push_str(if p.rows.len() == 1 { ", row " } else { ", rows " });
                s.push_str(&rows.join(", "));
                if p.count > p.rows.len() as u64 {
                    s.push_str(" …");
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A ready-to-paste `[words]` block for a pipeline file: every unknown word with the key
/// suggested for it (or what it is counted as now), commented with its count and place.
pub fn words_block(words: &[UnknownWord]) -> String {
    let mut out = String::new();
    let mut by_field: std::collections::BTreeMap<&str, Vec<&UnknownWord>> = Default::default();
    for w in words {
        by_field.entry(w.field.as_str()).or_default().push(w);
    }
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    for (field, list) in by_field {
        out.push_str(&format!("[words.{field}]\n"));
        for w in list {
            let (key, why) = match &w.suggestion {
                Some((k, like)) => (k.as_str(), format!("suggested: like \"{like}\"")),
                None => (w.counted_as.as_str(), "no suggestion: check the key".to_string()),
            };
            let note = w.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            out.push_str(&format!("{} = {}  # {} ×{note}; {}; {}\n", quote(&w.word), quote(key), w.count, why, w.where_()));
        }
    }
    out
}

/// One row of `reach.csv` (unsuppressed).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReachRow {
    /// `municipality`, `region`, `area` (a list of municipalities) or `country`.
    pub area_type: String,
    pub area_code: String,
    pub area_name: String,
    pub year: i32,
    pub events: u64,
    pub clients: u64,
    pub unique_clients: Option<u64>,
    pub events_with_client_id: u64,
    pub hours: f64,
    pub events_with_duration: u64,
    pub support_points: u64,
    pub clients_65plus: u64,
    pub clients_75plus: u64,
    pub population: Option<f64>,
    pub population_65plus: Option<f64>,
    pub population_75plus: Option<f64>,
    pub population_year: Option<i32>,
    pub clients_per_1000: Option<f64>,
    pub clients_65plus_per_1000_65plus: Option<f64>,
    pub clients_75plus_per_1000_75plus: Option<f64>,
}

/// One answer of a feedback respondent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 1 (strongly disagree) … 5 (strongly agree).
    Likert(u8),
    /// Yes / no.
    YesNo(bool),
}

/// One client-feedback respondent. Free text, names and e-mail addresses are never kept.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackResponse {
    pub date: NaiveDate,
    pub year: i32,
    /// `None` when neither the row nor the source names one: the response then counts for
    /// the area only.
    pub municipality: Option<u16>,
    pub age: AgeGroup,
    /// Item key (`got_help`, …, or the pipeline's own) → answer; *can't say* and empty
    /// answers are left out.
    pub answers: Vec<(String, Answer)>,
}

/// One row of the municipal actor survey (*kuntakysely*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorSurveyRow {
    pub municipality: u16,
    pub year: i32,
    /// `None` = unknown (empty or *en tiedä*).
    pub in_report: Option<bool>,
    pub in_plan: Option<bool>,
    pub contact_person: Option<bool>,
    pub support_points: Option<u32>,
}

/// One row of `mix.csv`: events of one key of one dimension in an area-year.
#[derive(Debug, Clone, PartialEq)]
pub struct MixRow {
    pub area_type: String,
    pub area_code: String,
    pub year: i32,
    /// `topic`, `channel`, `provider_type` or `age_group`.
    pub dimension: String,
    pub key: String,
    pub events: u64,
    /// `events` / all events of the area-year; `None` when the area-year has no events.
    pub share: Option<f64>,
}

/// One row of `trend.csv`: a metric in a year beside the year before.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    pub area_type: String,
    pub area_code: String,
    pub year: i32,
    /// A column name of `reach.csv` (`clients`, `clients_per_1000`, …).
    pub metric: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<f64>,
    /// `change / previous`; `None` when the previous value is 0 or missing.
    pub change_share: Option<f64>,
    /// Whether the metric is a count of persons (suppressed when small).
    pub is_count_of_persons: bool,
    /// The count a rate was computed from (its suppression decides the rate's).
    pub base_now: Option<u64>,
    pub base_previous: Option<u64>,
}

/// One row of `feedback.csv`: one item in an area-year.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRow {
    pub area_type: String,
    pub area_code: String,
    pub year: i32,
    pub item: String,
    /// `true` for yes/no items.
    pub yes_no: bool,
    pub n: u64,
    pub mean: Option<f64>,
    pub share_4_5: Option<f64>,
    pub share_4_5_low: Option<f64>,
    pub share_4_5_high: Option<f64>,
    /// Answers 1…5 (Likert items).
    pub dist: [u64; 5],
    /// Yes answers (yes/no items).
    pub yes: u64,
    pub share_yes: Option<f64>,
}

/// One row of `indicators.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub area_type: String,
    pub area_code: String,
    pub year: i32,
    pub indicator: u32,
    pub value: Option<f64>,
    /// The year the value is from: the latest at or before `year`.
    pub year_used: Option<i32>,
}

/// One row of `need_reach.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedReachRow {
    pub area_code: String,
    pub area_name: String,
    pub year: i32,
    pub need_index: Option<f64>,
    /// How many of the need indicators had a value (and so entered the index).
    pub indicators_available: u32,
    pub clients: u64,
    pub clients_per_1000: Option<f64>,
    /// `high_need_low_reach`, `high_need_high_reach`, `low_need_low_reach`,
    /// `low_need_high_reach`; `None` without an index or a rate.
    pub quadrant: Option<String>,
    /// The value of each need indicator, in the pipeline's order.
    pub values: Vec<Option<f64>>,
}

/// Spearman's rank correlation of need and reach across an area's municipalities.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedCorrelation {
    pub area_code: String,
    pub year: i32,
    pub n: u64,
    /// `None` when n < 5 (or a side has no variation).
    pub spearman: Option<f64>,
    pub need_median: Option<f64>,
    pub reach_median: Option<f64>,
}

/// One row of `actor_survey.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRow {
    pub area_code: String,
    pub year: i32,
    pub in_report: Option<bool>,
    pub in_plan: Option<bool>,
    pub contact_person: Option<bool>,
    pub support_points: Option<u32>,
}

/// Every computed table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub reach: Vec<ReachRow>,
    pub mix: Vec<MixRow>,
    pub trend: Vec<TrendRow>,
    pub feedback: Vec<FeedbackRow>,
    pub indicators: Vec<IndicatorRow>,
    pub need_indicators: Vec<u32>,
    pub need_reach: Vec<NeedReachRow>,
    pub need_correlation: Vec<NeedCorrelation>,
    pub actor_survey: Vec<ActorRow>,
    /// Groups of accepted rows with identical content (likely duplicates, for a person to
    /// judge; every one of them is still counted as an event).
    pub duplicates: Vec<Vec<Origin>>,
}
