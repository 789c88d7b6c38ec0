//! The words people write for the canonical keys, as data.
//!
//! The tables are `data/vocabulary/*.tsv` (one per dimension, each entry with its language,
//! how it is matched and where the label comes from; see that folder's README), compiled
//! into the binary and parsed once. A pipeline's `[words]` adds a job's own words on top
//! ([`Vocabulary::with_words`]); they win over the built-in ones.
//!
//! Matching works on [`normalize`]d text (NFC, lower case, punctuation and dashes as
//! spaces, `.` kept between letters or digits as in `suomi.fi`), with four kinds of entry
//! ([`MatchKind`]). When several entries match, the longest text wins (`pankkitunnu`,
//! identification, beats `pankki`, banking, in `pankkitunnukset`); in a topic cell every
//! non-overlapping match adds its topic.

use crate::keys::{AgeGroup, Channel, ProviderType, Topic, TopicSet};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// A classified dimension of an activity log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Topic,
    Channel,
    ProviderType,
    AgeGroup,
}

impl Dimension {
    pub const ALL: &'static [Dimension] = &[Dimension::Topic, Dimension::Channel, Dimension::ProviderType, Dimension::AgeGroup];
    /// `topic`, `channel`, `provider_type`, `age_group` (the `dimension` column of `mix.csv`,
    /// the keys of `[words]`).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Topic => "topic",
            Dimension::Channel => "channel",
            Dimension::ProviderType => "provider_type",
            Dimension::AgeGroup => "age_group",
        }
    }
    pub fn from_key(s: &str) -> Option<Dimension> {
        Dimension::ALL.iter().copied().find(|d| d.key() == s)
    }
    /// The keys a word of this dimension may be mapped to (in `[words]`).
    pub fn valid_keys(self) -> Vec<&'static str> {
        match self {
            Dimension::Topic => Topic::ALL.iter().filter(|t| **t != Topic::Unknown).map(|t| t.key()).collect(),
            Dimension::Channel => Channel::ALL.iter().filter(|t| **t != Channel::Unknown).map(|t| t.key()).collect(),
            Dimension::ProviderType => ProviderType::ALL.iter().filter(|t| **t != ProviderType::Unknown).map(|t| t.key()).collect(),
            Dimension::AgeGroup => AgeGroup::ALL.iter().map(|t| t.key()).collect(),
        }
    }
    /// What an unrecognised word of this dimension is counted as.
    pub fn fallback_key(self) -> &'static str {
        match self {
            Dimension::AgeGroup => "unknown",
            _ => "other",
        }
    }
}

/// A job's own words (`[words]` in the pipeline file): dimension, word, key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words(pub Vec<(Dimension, String, String)>);

/// How an entry's text is compared with a normalised cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The whole cell equals the text.
    Exact,
    /// The text's words equal consecutive whole words of the cell.
    Word,
    /// As `Word`, but the text's last word need only begin a word of the cell (inflection).
    Stem,
    /// Anywhere in the cell, also inside a compound.
    Part,
}

impl MatchKind {
    fn parse(s: &str) -> Option<MatchKind> {
        match s {
            "exact" => Some(MatchKind::Exact),
            "word" => Some(MatchKind::Word),
            "stem" => Some(MatchKind::Stem),
            "part" => Some(MatchKind::Part),
            _ => None,
        }
    }
}

/// Normalises text for matching: NFC, lower case; every character that is not a letter,
/// a digit or `+` becomes a space, except a `.` between two letters or digits; runs of
/// spaces collapse and the ends are trimmed. `"Suomi.fi-viestit"` → `"suomi.fi viestit"`.
pub fn normalize(s: &str) -> String {
    let chars: Vec<char> = s.nfc().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        let keep = c.is_alphanumeric()
            || c == '+'
            || (c == '.' && i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()));
        if keep {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// One entry of a table.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    /// Normalised.
    pub text: String,
    pub kind: MatchKind,
    pub value: T,
    pub lang: &'static str,
    /// Where the label comes from (`usage`, or a citation); `pipeline` for `[words]`.
    pub source: String,
    /// 1 for a job's own words (they win), 0 for the built-in tables.
    pub priority: u8,
}

/// A match of an entry in a cell: the span in the padded cell and the entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    start: usize,
    end: usize,
    entry: usize,
}

/// The entries of one dimension.
#[derive(Debug, Clone)]
pub struct Matcher<T> {
    pub entries: Vec<Entry<T>>,
    /// Every word, stem and part of `entries` in one automaton, made on first use (a cell is
    /// searched for all of them in one pass instead of one search per entry).
    index: std::sync::OnceLock<Index>,
}

/// The search index of a [`Matcher`].
#[derive(Debug, Clone)]
struct Index {
    /// The needles: ` word `, ` stem`, `part` (the cell is padded with a space each side).
    automaton: Option<aho_corasick::AhoCorasick>,
    /// For each needle, the entries that have it (the same text may be a word of two keys).
    needles: Vec<Vec<usize>>,
    /// Exact entries by their text.
    exact: std::collections::HashMap<String, Vec<usize>>,
}

impl<T: Copy + PartialEq> Matcher<T> {
    pub fn new(entries: Vec<Entry<T>>) -> Matcher<T> {
        Matcher { entries, index: std::sync::OnceLock::new() }
    }

    /// Adds an entry (the index is made again on the next search).
    pub fn push(&mut self, e: Entry<T>) {
        self.entries.push(e);
        self.index = std::sync::OnceLock::new();
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut needles: Vec<String> = Vec::new();
            let mut owners: Vec<Vec<usize>> = Vec::new();
            let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
            let mut exact: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
            for (i, e) in self.entries.iter().enumerate() {
                if e.text.is_empty() {
                    continue;
                }
                let needle = match e.kind {
                    MatchKind::Exact => {
                        exact.entry(e.text.clone()).or_default().push(i);
                        continue;
                    }
                    MatchKind::Word => format!(" {} ", e.text),
                    MatchKind::Stem => format!(" {}", e.text),
                    MatchKind::Part => e.text.clone(),
                };
                let n = *at.entry(needle.clone()).or_insert_with(|| {
                    needles.push(needle);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[n].push(i);
            }
            let automaton = if needles.is_empty() {
                None
            } else {
                aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::Standard).build(&needles).ok()
            };
            Index { automaton, needles: owners, exact }
        })
    }

    /// Every occurrence of every entry in the normalised cell `norm` (overlapping ones too),
    /// as spans of the cell padded with a space each side.
    pub(crate) fn hits(&self, norm: &str) -> Vec<Hit> {
        let ix = self.index();
        let mut hits = Vec::new();
        if let Some(entries) = ix.exact.get(norm) {
            hits.extend(entries.iter().map(|&i| Hit { start: 1, end: 1 + norm.len(), entry: i }));
        }
        let Some(ac) = &ix.automaton else { return hits };
        let padded = format!(" {norm} ");
        for m in ac.find_overlapping_iter(&padded) {
            for &i in &ix.needles[m.pattern().as_usize()] {
                let (start, end) = match self.entries[i].kind {
                    MatchKind::Word => (m.start() + 1, m.end() - 1),
                    MatchKind::Stem => (m.start() + 1, m.end()),
                    _ => (m.start(), m.end()),
                };
                hits.push(Hit { start, end, entry: i });
            }
        }
        // The order of the scan over entries: by entry, then by position.
        hits.sort_by_key(|h| (h.entry, h.start));
        hits
    }

    /// Best first: a job's words, then the longest text, then the earliest in the cell,
    /// then the earliest in the table.
    pub(crate) fn rank(&self, hits: &mut [Hit]) {
        hits.sort_by(|a, b| {
            let (ea, eb) = (&self.entries[a.entry], &self.entries[b.entry]);
            eb.priority
                .cmp(&ea.priority)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
                .then(a.entry.cmp(&b.entry))
        });
    }

    /// The value of the best match, if any.
    pub fn best(&self, norm: &str) -> Option<&Entry<T>> {
        let mut hits = self.hits(norm);
        self.rank(&mut hits);
        hits.first().map(|h| &self.entries[h.entry])
    }

    /// The values of every non-overlapping match, best first.
    pub fn all(&self, norm: &str) -> Vec<T> {
        let mut hits = self.hits(norm);
        self.rank(&mut hits);
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for h in hits {
            if taken.iter().any(|&(s, e)| h.start < e && s < h.end) {
                continue;
            }
            taken.push((h.start, h.end));
            let v = self.entries[h.entry].value;
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
}

/// The outcome of classifying a free word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classified<T> {
    /// Recognised (a canonical key, a label or a known word).
    Known(T),
    /// The cell is empty.
    Empty,
    /// Not recognised: the caller maps it to `other` and counts the word.
    UnknownWord,
}

/// The role of an age-table entry that is not a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeRole {
    Band(AgeGroup),
    /// `n and over` (`yli`, `över`, `and over`, `täyttäneet`).
    Lower,
    /// `under n` (`alle`, `under`).
    Upper,
    /// Carries nothing beside a number (`vuotiaat`, `v.`, `år`, `years`, `aged`).
    Unit,
}

/// What an age cell said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeParse {
    Band(AgeGroup),
    Empty,
    /// A number that cannot be an age or a birth year (negative, over 120, a birth year
    /// after the event): the only age that rejects a row (`age_invalid`).
    Invalid,
    /// Counted as `unknown`, with a warning: words that are not known, or a band that does
    /// not fit inside one of the report's bands (`65+`, `60–70`).
    Unrecognised(AgeIssue),
}

/// Why an age cell is counted as `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeIssue {
    /// Not a word of the age table.
    Word,
    /// A band that spans two of the report's bands.
    SpansBands,
}

/// The answer keys of `answer.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerWord {
    Likert(u8),
    Yes,
    No,
    CantSay,
    Partly,
}

/// Every table, parsed.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub topic: Matcher<Topic>,
    pub channel: Matcher<Channel>,
    pub provider: Matcher<ProviderType>,
    pub age: Matcher<AgeRole>,
    pub answer: Matcher<AnswerWord>,
}

const TOPIC_TSV: &str = include_str!("../data/vocabulary/topic.tsv");
const CHANNEL_TSV: &str = include_str!("../data/vocabulary/channel.tsv");
const PROVIDER_TSV: &str = include_str!("../data/vocabulary/provider_type.tsv");
const AGE_TSV: &str = include_str!("../data/vocabulary/age_group.tsv");
const ANSWER_TSV: &str = include_str!("../data/vocabulary/answer.tsv");

/// A problem in a table (the built-in ones are checked by a test, so this never happens at
/// run time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub table: &'static str,
    pub line: usize,
    pub message: String,
}

fn parse_table<T>(name: &'static str, tsv: &str, key: impl Fn(&str) -> Option<T>) -> Result<Vec<Entry<T>>, Vec<TableError>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut header_seen = false;
    for (i, line) in tsv.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            header_seen = true;
            if cols[..cols.len().min(5)] != ["key", "lang", "match", "text", "source"] {
                errors.push(TableError { table: name, line: line_no, message: "the header must be key, lang, match, text, source".into() });
            }
            continue;
        }
        let err = |m: String| TableError { table: name, line: line_no, message: m };
        if cols.len() < 5 {
            errors.push(err(format!("{} columns, expected 5", cols.len())));
            continue;
        }
        let (k, lang, kind, text, source) = (cols[0].trim(), cols[1].trim(), cols[2].trim(), cols[3], cols[4].trim());
        let Some(value) = key(k) else {
            errors.push(err(format!("unknown key `{k}`")));
            continue;
        };
        let lang: &'static str = match lang {
            "fi" => "fi",
            "sv" => "sv",
            "en" => "en",
            "any" => "any",
            other => {
                errors.push(err(format!("unknown language `{other}`")));
                continue;
            }
        };
        let Some(kind) = MatchKind::parse(kind) else {
            errors.push(err(format!("unknown match `{kind}` (exact, word, stem, part)")));
            continue;
        };
        let norm = normalize(text);
        if norm.is_empty() {
            errors.push(err(format!("the text {text:?} is empty once normalised")));
            continue;
        }
        if source.is_empty() {
            errors.push(err("no source".into()));
            continue;
        }
        entries.push(Entry { text: norm, kind, value, lang, source: source.to_string(), priority: 0 });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn age_role(k: &str) -> Option<AgeRole> {
    match k {
        "@lower" => Some(AgeRole::Lower),
        "@upper" => Some(AgeRole::Upper),
        "@unit" => Some(AgeRole::Unit),
        other => AgeGroup::from_key(other).map(AgeRole::Band),
    }
}

fn answer_key(k: &str) -> Option<AnswerWord> {
    match k {
        "1" | "2" | "3" | "4" | "5" => Some(AnswerWord::Likert(k.parse().expect("digit"))),
        "yes" => Some(AnswerWord::Yes),
        "no" => Some(AnswerWord::No),
        "cant_say" => Some(AnswerWord::CantSay),
        "partly" => Some(AnswerWord::Partly),
        _ => None,
    }
}

impl Vocabulary {
    /// Parses the built-in tables; every problem of every table at once.
    pub fn parse_builtin() -> Result<Vocabulary, Vec<TableError>> {
        fn take<T>(r: Result<Vec<Entry<T>>, Vec<TableError>>, errors: &mut Vec<TableError>) -> Option<Vec<Entry<T>>> {
            match r {
                Ok(v) => Some(v),
                Err(mut e) => {
                    errors.append(&mut e);
                    None
                }
            }
        }
        let mut errors = Vec::new();
        let e = &mut errors;
        let topic = take(parse_table("topic.tsv", TOPIC_TSV, |k| Topic::from_key(k).filter(|t| *t != Topic::Unknown)), e);
        let channel = take(parse_table("channel.tsv", CHANNEL_TSV, |k| Channel::from_key(k).filter(|t| *t != Channel::Unknown)), e);
        let provider =
            take(parse_table("provider_type.tsv", PROVIDER_TSV, |k| ProviderType::from_key(k).filter(|t| *t != ProviderType::Unknown)), e);
        let age = take(parse_table("age_group.tsv", AGE_TSV, age_role), e);
        let answer = take(parse_table("answer.tsv", ANSWER_TSV, answer_key), e);
        match (topic, channel, provider, age, answer) {
            (Some(topic), Some(channel), Some(provider), Some(age), Some(answer)) if errors.is_empty() => Ok(Vocabulary {
                topic: Matcher::new(topic),
                channel: Matcher::new(channel),
                provider: Matcher::new(provider),
                age: Matcher::new(age),
                answer: Matcher::new(answer),
            }),
            _ => Err(errors),
        }
    }

    /// The built-in tables (parsed on first use).
    pub fn builtin() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| Vocabulary::parse_builtin().expect("the built-in vocabulary tables are checked by a test"))
    }

    /// The built-in tables with a job's own words on top. A word whose key does not exist
    /// is left out (the pipeline crate rejects such a file before this).
    pub fn with_words(words: &Words) -> Vocabulary {
        let mut v = Vocabulary::builtin().clone();
        for (dim, word, key) in &words.0 {
            let text = normalize(word);
            if text.is_empty() {
                continue;
            }
            fn entry<T>(text: &str, value: T) -> Entry<T> {
                Entry { text: text.to_string(), kind: MatchKind::Stem, value, lang: "any", source: "pipeline".into(), priority: 1 }
            }
            match dim {
                Dimension::Topic => {
                    if let Some(t) = Topic::from_key(key) {
                        v.topic.push(entry(&text, t));
                    }
                }
                Dimension::Channel => {
                    if let Some(t) = Channel::from_key(key) {
                        v.channel.push(entry(&text, t));
                    }
                }
                Dimension::ProviderType => {
                    if let Some(t) = ProviderType::from_key(key) {
                        v.provider.push(entry(&text, t));
                    }
                }
                Dimension::AgeGroup => {
                    if let Some(t) = AgeGroup::from_key(key) {
                        // A job's age word is the whole cell: `eläkeläinen`, `nuori`.
                        v.age.push(Entry { kind: MatchKind::Exact, ..entry(&text, AgeRole::Band(t)) });
                    }
                }
            }
        }
        v
    }

    /// The topics of one item of a topic cell (an item may name several: `Kela ja pankki`).
    /// Empty when nothing matched.
    pub fn topics(&self, raw: &str) -> Vec<Topic> {
        let norm = normalize(raw);
        if let Some(k) = Topic::from_key(&norm.replace(' ', "_")) {
            return vec![k];
        }
        let mut found = self.topic.all(&norm);
        // `other` is what is left over: beside a topic it names nothing more ("Muu: Kela").
        if found.len() > 1 {
            found.retain(|t| *t != Topic::Other);
        }
        found
    }

    /// Classifies one topic item: the first (best) of [`Self::topics`].
    pub fn classify_topic(&self, raw: &str) -> Classified<Topic> {
        if normalize(raw).is_empty() {
            return Classified::Empty;
        }
        self.topics(raw).first().map_or(Classified::UnknownWord, |t| Classified::Known(*t))
    }

    /// The topics of a whole topic cell, split on `;` `,` `/` `|` and new lines, and the
    /// items that matched no topic (each counted as `other`).
    pub fn topic_cell(&self, raw: &str) -> (TopicSet, Vec<String>) {
        let mut set = TopicSet::default();
        let mut unknown = Vec::new();
        for item in split_topics(raw) {
            if normalize(item).is_empty() {
                continue;
            }
            let found = self.topics(item);
            if found.is_empty() {
                set.insert(Topic::Other);
                unknown.push(item.to_string());
            }
            for t in found {
                set.insert(t);
            }
        }
        (set, unknown)
    }

    /// Classifies a channel cell. A group session or course is `group` however it was held
    /// (`lähiopetus ryhmässä`, `ryhmä (Teams)`): the group wins over the place or the medium.
    pub fn classify_channel(&self, raw: &str) -> Classified<Channel> {
        match classify_single(raw, &self.channel, Channel::from_key) {
            Classified::Known(c) if c != Channel::Group && self.channel.all(&normalize(raw)).contains(&Channel::Group) => {
                Classified::Known(Channel::Group)
            }
            other => other,
        }
    }

    pub fn classify_provider(&self, raw: &str) -> Classified<ProviderType> {
        classify_single(raw, &self.provider, ProviderType::from_key)
    }

    /// Parses an age cell: an age in years (`67`, `67 v`), a birth year (`1950`, banded at
    /// `event_year`), a band written with numbers and the table's words (`65–74`,
    /// `65–74-vuotiaat`, `75+`, `yli 75 v`, `75 vuotta täyttäneet`, `75 år och äldre`,
    /// `aged 75 and over`, `alle 30`, `under 30 år`) or a word of the table (`tuntematon`).
    pub fn parse_age(&self, raw: &str, event_year: i32) -> AgeParse {
        parse_age_with(self, raw, event_year)
    }

    /// The answer word of a whole answer, if the table has it.
    pub fn answer(&self, raw: &str) -> Option<AnswerWord> {
        let norm = normalize(raw);
        self.answer.entries.iter().find(|e| e.text == norm).map(|e| e.value).or_else(|| self.answer.best(&norm).map(|e| e.value))
    }
}

fn classify_single<T: Copy + PartialEq>(raw: &str, m: &Matcher<T>, from_key: fn(&str) -> Option<T>) -> Classified<T> {
    let norm = normalize(raw);
    if norm.is_empty() {
        return Classified::Empty;
    }
    if let Some(k) = from_key(&norm.replace(' ', "_")) {
        return Classified::Known(k);
    }
    m.best(&norm).map_or(Classified::UnknownWord, |e| Classified::Known(e.value))
}

/// Splits a multi-topic cell on `;` `,` `/` `|` and new lines.
pub fn split_topics(raw: &str) -> impl Iterator<Item = &str> {
    raw.split([';', ',', '/', '|', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

/// The band of an age in whole years.
pub fn band_of_age(age: i64) -> AgeGroup {
    match age {
        i64::MIN..=29 => AgeGroup::Under30,
        30..=64 => AgeGroup::Age30To64,
        65..=74 => AgeGroup::Age65To74,
        _ => AgeGroup::Age75Plus,
    }
}

/// The band for ages `lo..=hi` when they lie wholly inside one band.
fn band_of_range(lo: i64, hi: i64) -> AgeParse {
    let (a, b) = (band_of_age(lo), band_of_age(hi));
    if lo <= hi && a == b {
        AgeParse::Band(a)
    } else {
        AgeParse::Unrecognised(AgeIssue::SpansBands)
    }
}

/// A token of an age cell.
#[derive(Debug, Clone, PartialEq)]
enum AgeToken {
    Num(i64),
    /// A number that is not whole (`67,5`).
    Frac,
    Dash,
    Plus,
    /// `<`, `≤`.
    Less,
    /// `>`, `≥`.
    More,
    Word(String),
}

fn age_tokens(raw: &str) -> Vec<AgeToken> {
    let s: String = raw.nfc().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            // A decimal part: `67,5` or `67.5` is not a whole age; `67.0` / `67,0` is.
            if i + 1 < chars.len() && (chars[i] == ',' || chars[i] == '.') && chars[i + 1].is_ascii_digit() {
                let fs = i + 1;
                let mut j = fs;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                let frac: String = chars[fs..j].iter().collect();
                i = j;
                if frac.chars().all(|d| d == '0') {
                    out.push(digits.parse().map_or(AgeToken::Frac, AgeToken::Num));
                } else {
                    out.push(AgeToken::Frac);
                }
                continue;
            }
            out.push(digits.parse().map_or(AgeToken::Frac, AgeToken::Num));
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphabetic() || (chars[i] == '.' && i + 1 < chars.len() && chars[i + 1].is_alphabetic()))
            {
                i += 1;
            }
            out.push(AgeToken::Word(chars[start..i].iter().collect()));
            continue;
        }
        match c {
            '-' | '–' | '—' | '−' | '‐' | '‑' | '‒' => out.push(AgeToken::Dash),
            '+' => out.push(AgeToken::Plus),
            '<' | '≤' => out.push(AgeToken::Less),
            '>' | '≥' => out.push(AgeToken::More),
            _ => {}
        }
        i += 1;
    }
    out
}

/// Words that join an age's parts and carry nothing themselves (`75 v tai yli`,
/// `65 to 74`).
const AGE_CONNECTIVES: &[&str] = &["ja", "tai", "och", "eller", "and", "or", "to", "till", "bis", "asti", "saakka", "mennessä"];

/// What the words of an age cell are, by the age table: `None` when a word is not in it.
struct AgeWords {
    lower: bool,
    upper: bool,
    bands: Vec<AgeGroup>,
    /// The index in the cell's tokens of each word that is a unit (`vuotiaat`, `år`).
    units: Vec<usize>,
    /// A connective that makes two numbers a range (`65 to 74`).
    range_word: bool,
}

fn age_words(v: &Vocabulary, tokens: &[AgeToken]) -> Option<AgeWords> {
    let words: Vec<(usize, &str)> =
        tokens.iter().enumerate().filter_map(|(i, t)| if let AgeToken::Word(w) = t { Some((i, w.as_str())) } else { None }).collect();
    let mut out = AgeWords { lower: false, upper: false, bands: Vec::new(), units: Vec::new(), range_word: false };
    if words.is_empty() {
        return Some(out);
    }
    // Each word's span in the words joined by spaces (as the table's texts are matched).
    let mut text = String::new();
    let mut spans = Vec::with_capacity(words.len());
    for (_, w) in &words {
        let w = normalize(w);
        if !text.is_empty() {
            text.push(' ');
        }
        // +1: the matcher pads the text with a space in front.
        spans.push((text.len() + 1, text.len() + 1 + w.len()));
        text.push_str(&w);
    }
    let mut hits = v.age.hits(&text);
    v.age.rank(&mut hits);
    let mut covered = vec![None::<AgeRole>; words.len()];
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for h in hits {
        if taken.iter().any(|&(s, e)| h.start < e && s < h.end) {
            continue;
        }
        taken.push((h.start, h.end));
        for (k, &(s, e)) in spans.iter().enumerate() {
            if h.start < e && s < h.end && covered[k].is_none() {
                covered[k] = Some(v.age.entries[h.entry].value);
            }
        }
    }
    for (k, role) in covered.iter().enumerate() {
        match role {
            Some(AgeRole::Unit) => out.units.push(words[k].0),
            Some(AgeRole::Lower) => out.lower = true,
            Some(AgeRole::Upper) => out.upper = true,
            Some(AgeRole::Band(b)) => out.bands.push(*b),
            None if AGE_CONNECTIVES.contains(&normalize(words[k].1).as_str()) => {
                out.range_word |= matches!(words[k].1, "to" | "till" | "bis");
            }
            None => return None,
        }
    }
    Some(out)
}

fn parse_age_with(v: &Vocabulary, raw: &str, event_year: i32) -> AgeParse {
    let norm = normalize(raw);
    if norm.is_empty() {
        return AgeParse::Empty;
    }
    if let Some(k) = AgeGroup::from_key(&norm.replace(' ', "_")) {
        return AgeParse::Band(k);
    }
    // A job's own words are the whole cell.
    if let Some(e) = v.age.entries.iter().filter(|e| e.priority > 0).find(|e| e.text == norm) {
        if let AgeRole::Band(b) = e.value {
            return AgeParse::Band(b);
        }
    }
    let tokens = age_tokens(raw);
    let Some(words) = age_words(v, &tokens) else { return AgeParse::Unrecognised(AgeIssue::Word) };
    // The numbers and signs, without a dash that joins a unit to its number
    // (`65-vuotiaat`, `65–74-vuotiaat`).
    let mut shape: Vec<&AgeToken> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            AgeToken::Word(_) => {}
            AgeToken::Dash if i > 0 && matches!(tokens[i - 1], AgeToken::Num(_)) && words.units.contains(&(i + 1)) => {}
            other => shape.push(other),
        }
    }
    if shape.contains(&&AgeToken::Frac) {
        return AgeParse::Unrecognised(AgeIssue::Word);
    }
    let age_of = |n: i64| -> Option<i64> {
        if (0..=120).contains(&n) {
            Some(n)
        } else {
            let age = i64::from(event_year) - n;
            (n > 1800 && (0..=120).contains(&age)).then_some(age)
        }
    };
    let plain = !words.lower && !words.upper && words.bands.is_empty();
    let numeric = match shape.as_slice() {
        [] => None,
        // One number: an age or a birth year; a number that can be neither is the only
        // age that rejects a row.
        [AgeToken::Num(n)] if plain => Some(age_of(*n).map_or(AgeParse::Invalid, |a| AgeParse::Band(band_of_age(a)))),
        [AgeToken::Dash, AgeToken::Num(_)] if plain => Some(AgeParse::Invalid),
        // `75+`, `yli 75`, `75 ja yli`, `≥ 75`, and `75-` as Statistics Finland's tables
        // write an open band.
        // `yli 74` is over 74: 75 and over, when only that fits one band.
        [AgeToken::Num(n)] if words.lower && !words.upper => Some(match lower(*n) {
            AgeParse::Unrecognised(AgeIssue::SpansBands) if matches!(lower(*n + 1), AgeParse::Band(_)) => lower(*n + 1),
            other => other,
        }),
        [AgeToken::Num(n), AgeToken::Plus] | [AgeToken::Num(n), AgeToken::Dash] | [AgeToken::More, AgeToken::Num(n)] if !words.upper => {
            Some(lower(*n))
        }
        // `alle 30`, `< 30`, `under 30 år`.
        [AgeToken::Num(n)] if words.upper && !words.lower => Some(upper(*n)),
        [AgeToken::Less, AgeToken::Num(n)] if !words.lower => Some(upper(*n)),
        // `65–74`, `65 - 74 år`, `65 to 74`, `yli 65 ja alle 75`.
        [AgeToken::Num(a), AgeToken::Dash, AgeToken::Num(b)] if !words.lower && !words.upper => {
            // Two birth years (`1940–1949`): the ages between.
            let (a, b) = if *a > 1800 && *b > 1800 { (i64::from(event_year) - b, i64::from(event_year) - a) } else { (*a, *b) };
            Some(range(a, b))
        }
        [AgeToken::Num(a), AgeToken::Num(b)] if words.range_word && !words.lower && !words.upper => Some(range(*a, *b)),
        [AgeToken::Num(a), AgeToken::Num(b)] if words.lower && words.upper => Some(range(*a, *b - 1)),
        _ => Some(AgeParse::Unrecognised(AgeIssue::Word)),
    };
    let known: Vec<AgeGroup> = words.bands.iter().copied().filter(|b| *b != AgeGroup::Unknown).collect();
    match numeric {
        // Words only: the band they name, when they agree.
        None => match (known.first(), words.bands.first()) {
            (Some(b), _) if known.iter().all(|x| x == b) => AgeParse::Band(*b),
            (None, Some(AgeGroup::Unknown)) => AgeParse::Band(AgeGroup::Unknown),
            _ => AgeParse::Unrecognised(AgeIssue::Word),
        },
        // A number beside a band word: the number, unless the word names another band.
        Some(AgeParse::Band(b)) if known.iter().all(|x| *x == b) => AgeParse::Band(b),
        Some(AgeParse::Band(_)) => AgeParse::Unrecognised(AgeIssue::Word),
        Some(other) => other,
    }
}

fn lower(n: i64) -> AgeParse {
    if (0..=120).contains(&n) {
        band_of_range(n, 120)
    } else {
        AgeParse::Unrecognised(AgeIssue::Word)
    }
}

fn upper(n: i64) -> AgeParse {
    if (1..=121).contains(&n) {
        band_of_range(0, n - 1)
    } else {
        AgeParse::Unrecognised(AgeIssue::Word)
    }
}

fn range(a: i64, b: i64) -> AgeParse {
    if (0..=120).contains(&a) && (0..=120).contains(&b) && a <= b {
        band_of_range(a, b)
    } else {
        AgeParse::Unrecognised(AgeIssue::Word)
    }
}

/// The key a word most likely means, for a person to confirm (never applied): an entry
/// that shares a stem of five or more letters with one of its words, or one that is
/// spelled nearly alike. Returns the key and the entry's text.
pub fn suggest(v: &Vocabulary, dim: Dimension, word: &str) -> Option<(&'static str, String)> {
    let norm = normalize(word);
    if norm.is_empty() {
        return None;
    }
    fn best_of<T: Copy>(m: &Matcher<T>, norm: &str, key: impl Fn(T) -> Option<&'static str>) -> Option<(f64, &'static str, String)> {
        let words: Vec<&str> = norm.split(' ').collect();
        let mut best: Option<(f64, &'static str, String)> = None;
        for e in &m.entries {
            let Some(k) = key(e.value) else { continue };
            let mut score: f64 = strsim::jaro_winkler(norm, &e.text);
            for w in &words {
                // `digi-` starts half the words of this field: a shared `digi` says nothing.
                let w = w.strip_prefix("digi").unwrap_or(w);
                for t in e.text.split(' ') {
                    let t = t.strip_prefix("digi").unwrap_or(t);
                    let common = w.chars().zip(t.chars()).take_while(|(a, b)| a == b).count();
                    if common >= 5 {
                        score = score.max(0.9 + 0.01 * common.min(9) as f64);
                    }
                    if w.chars().count() >= 4 && t.chars().count() >= 4 {
                        score = score.max(strsim::jaro_winkler(w, t) - 0.02);
                    }
                }
            }
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, k, e.text.clone()));
            }
        }
        best.filter(|b| b.0 >= 0.88)
    }
    let found = match dim {
        Dimension::Topic => best_of(&v.topic, &norm, |t: Topic| Some(t.key())),
        Dimension::Channel => best_of(&v.channel, &norm, |t: Channel| Some(t.key())),
        Dimension::ProviderType => best_of(&v.provider, &norm, |t: ProviderType| Some(t.key())),
        Dimension::AgeGroup => best_of(&v.age, &norm, |r: AgeRole| if let AgeRole::Band(b) = r { Some(b.key()) } else { None }),
    };
    found.map(|(_, k, text)| (k, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn suggestions_follow_the_word_not_the_digi_prefix() {
        let v = Vocabulary::builtin();
        // A misspelt or inflected word gets the key of the word it resembles.
        assert_eq!(suggest(v, Dimension::Topic, "pankkitunnuksien uusiminen").map(|s| s.0), Some("e_identification"));
        assert_eq!(suggest(v, Dimension::Topic, "sähköpostti").map(|s| s.0), Some("communication"));
        // A course called "digital skills in daily life" does not resemble the Digital and
        // Population Data Services Agency because both start with `digi`.
        assert_ne!(suggest(v, Dimension::Topic, "Digitaidot arjessa").map(|s| s.0), Some("public_eservices"));
    }

    /// `data/vocabulary/examples.tsv`: cells as people write them, with the key a person
    /// would give each (written with the tables, from real sources; see that folder's README).
    #[test]
    fn every_example_cell_gets_the_key_a_person_would_give_it() {
        let v = Vocabulary::builtin();
        let mut wrong = Vec::new();
        let mut n = 0;
        for line in include_str!("../data/vocabulary/examples.tsv").lines().skip(1) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (dim, text, want) = (cols[0], cols[1], cols[2]);
            let got = match dim {
                "topic" => {
                    let (set, _) = v.topic_cell(text);
                    let mut keys: Vec<&str> = set.iter().map(|t| t.key()).collect();
                    keys.sort_unstable();
                    keys.join("+")
                }
                "channel" => match v.classify_channel(text) {
                    Classified::Known(k) => k.key().to_string(),
                    _ => "other".to_string(),
                },
                "provider_type" => match v.classify_provider(text) {
                    Classified::Known(k) => k.key().to_string(),
                    _ => "other".to_string(),
                },
                "age_group" => match v.parse_age(text, 2024) {
                    AgeParse::Band(b) => b.key().to_string(),
                    AgeParse::Invalid => "invalid".to_string(),
                    _ => "unknown".to_string(),
                },
                // Answers through the parsers the survey readers use.
                "answer" => {
                    use crate::keys::{is_no_answer, is_partly, parse_likert, parse_yes_no, AnswerParse};
                    if is_no_answer(text) {
                        "cant_say".into()
                    } else if is_partly(text) {
                        "partly".into()
                    } else if let AnswerParse::Value(k) = parse_likert(text) {
                        k.to_string()
                    } else if let AnswerParse::Value(y) = parse_yes_no(text) {
                        if y {
                            "yes".into()
                        } else {
                            "no".into()
                        }
                    } else {
                        "invalid".into()
                    }
                }
                other => panic!("unknown dimension {other}"),
            };
            n += 1;
            if got != want {
                wrong.push(format!("{dim} {text:?}: got {got}, expected {want}"));
            }
        }
        assert!(n > 300, "{n} examples");
        assert!(wrong.is_empty(), "{} of {n} examples wrong:\n{}", wrong.len(), wrong.join("\n"));
    }

    #[test]
    fn the_builtin_tables_parse() {
        if let Err(errors) = Vocabulary::parse_builtin() {
            panic!("{}", errors.iter().map(|e| format!("{}:{}: {}", e.table, e.line, e.message)).collect::<Vec<_>>().join("\n"));
        }
    }

    #[test]
    fn no_table_has_a_text_twice() {
        fn dups<T>(name: &str, m: &Matcher<T>) -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            m.entries.iter().filter(|e| !seen.insert(e.text.clone())).map(|e| format!("{name}: {:?}", e.text)).collect()
        }
        let v = Vocabulary::builtin();
        let all: Vec<String> = [
            dups("topic", &v.topic),
            dups("channel", &v.channel),
            dups("provider_type", &v.provider),
            dups("age_group", &v.age),
            dups("answer", &v.answer),
        ]
        .concat();
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn normalising_keeps_dotted_names_and_plus() {
        assert_eq!(normalize("Suomi.fi-viestit"), "suomi.fi viestit");
        assert_eq!(normalize("  E-Mail, (Outlook) "), "e mail outlook");
        assert_eq!(normalize("75+ v."), "75+ v");
        assert_eq!(normalize("Jyva\u{308}skyla\u{308}"), "jyväskylä");
    }

    fn matcher(entries: &[(&str, MatchKind, u8)]) -> Matcher<u8> {
        Matcher::new(
            entries
                .iter()
                .map(|(t, k, v)| Entry { text: normalize(t), kind: *k, value: *v, lang: "fi", source: "test".into(), priority: 0 })
                .collect(),
        )
    }

    #[test]
    fn match_kinds_and_the_longest_match() {
        let m = matcher(&[
            ("pankki", MatchKind::Part, 1),
            ("pankkitunnu", MatchKind::Stem, 2),
            ("muu", MatchKind::Exact, 3),
            ("kela", MatchKind::Word, 4),
        ]);
        assert_eq!(m.best("pankkitunnuksilla").map(|e| e.value), Some(2));
        assert_eq!(m.best("verkkopankki").map(|e| e.value), Some(1));
        assert_eq!(m.best("muu").map(|e| e.value), Some(3));
        assert!(m.best("muutto").is_none(), "exact entries match the whole cell only");
        assert_eq!(m.best("kela asiat").map(|e| e.value), Some(4));
        assert!(m.best("kelan asiat").is_none(), "word entries match whole words");
        assert_eq!(m.all("kela ja verkkopankki"), vec![1, 4]);
        assert_eq!(m.all("pankkitunnukset"), vec![2], "the shorter overlapping match is dropped");
    }

    #[test]
    fn a_jobs_words_win() {
        let v = Vocabulary::with_words(&Words(vec![(Dimension::Channel, "messuosasto".into(), "in_person".into())]));
        assert_eq!(v.classify_channel("Messuosastolla"), Classified::Known(Channel::InPerson));
        let v = Vocabulary::with_words(&Words(vec![(Dimension::AgeGroup, "eläkeläinen".into(), "unknown".into())]));
        assert_eq!(v.parse_age("Eläkeläinen", 2024), AgeParse::Band(AgeGroup::Unknown));
    }

    #[test]
    fn ages_in_numbers_and_words() {
        let v = Vocabulary::builtin();
        let band = |s: &str| v.parse_age(s, 2024);
        assert_eq!(band("67"), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(band("67.0"), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(band("1940"), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(band("65–74"), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(band("65-74-vuotiaat"), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(band("75+"), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(band("yli 75 v"), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(band("alle 30"), AgeParse::Band(AgeGroup::Under30));
        assert_eq!(band("30-64 vuotta"), AgeParse::Band(AgeGroup::Age30To64));
        assert_eq!(band("under_30"), AgeParse::Band(AgeGroup::Under30));
        assert_eq!(band("65+"), AgeParse::Unrecognised(AgeIssue::SpansBands));
        assert_eq!(band("60-70"), AgeParse::Unrecognised(AgeIssue::SpansBands));
        assert_eq!(band("xyzzy"), AgeParse::Unrecognised(AgeIssue::Word));
        assert_eq!(band(""), AgeParse::Empty);
        assert_eq!(band("2030"), AgeParse::Invalid);
        assert_eq!(band("-5"), AgeParse::Invalid);
        assert_eq!(band("150"), AgeParse::Invalid);
    }

    proptest! {
        #[test]
        fn every_age_in_years_gets_its_band(age in 0i64..=120) {
            let v = Vocabulary::builtin();
            let expected = AgeParse::Band(band_of_age(age));
            prop_assert_eq!(v.parse_age(&age.to_string(), 2024), expected);
            prop_assert_eq!(v.parse_age(&format!("{age} v"), 2024), expected);
        }

        #[test]
        fn birth_years_band_by_event_year(age in 0i64..=110, year in 2000i32..2030) {
            let birth = i64::from(year) - age;
            prop_assume!(birth > 1800);
            prop_assert_eq!(Vocabulary::builtin().parse_age(&birth.to_string(), year), AgeParse::Band(band_of_age(age)));
        }

        #[test]
        fn closed_bands_inside_one_of_ours(lo in 0i64..=120, len in 0i64..=20, dash in prop_oneof![Just("-"), Just("–"), Just(" - "), Just("—")]) {
            let hi = (lo + len).min(120);
            let expected = band_of_range(lo, hi);
            prop_assert_eq!(Vocabulary::builtin().parse_age(&format!("{lo}{dash}{hi}"), 2024), expected);
            prop_assert_eq!(Vocabulary::builtin().parse_age(&format!("{lo}{dash}{hi}-vuotiaat"), 2024), expected);
        }

        #[test]
        fn classifiers_never_panic(s in "\\PC{0,40}") {
            let v = Vocabulary::builtin();
            let _ = v.topic_cell(&s);
            let _ = v.classify_channel(&s);
            let _ = v.classify_provider(&s);
            let _ = v.parse_age(&s, 2024);
            let _ = v.answer(&s);
            let _ = suggest(v, Dimension::Topic, &s);
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,30}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
        }
    }
}
