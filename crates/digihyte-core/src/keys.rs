//! Canonical keys (DOMAIN.md, "Canonical keys") and the words people write for them.
//!
//! Tidy CSVs, the manifest and pipeline files use [`key`](Topic::key) strings; workbooks show
//! labels in the report language (the report crate owns those).

use crate::text::fold;
use crate::vocabulary::normalize;

macro_rules! keyed_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }
        impl $name {
            /// Every value, in report order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The canonical key used in CSVs, the manifest and pipeline files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// Parses a canonical key exactly (`"in_person"`).
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize { self as usize }
        }
    };
}

keyed_enum!(
    /// What the client needed help with.
    Topic {
        DeviceBasics => "device_basics",
        EIdentification => "e_identification",
        HealthSocial => "health_social",
        KelaBenefits => "kela_benefits",
        PublicEservices => "public_eservices",
        BankingPayments => "banking_payments",
        Communication => "communication",
        Apps => "apps",
        SecurityScams => "security_scams",
        Other => "other",
        Unknown => "unknown",
    }
);

keyed_enum!(
    /// How the support was given.
    Channel {
        InPerson => "in_person",
        Phone => "phone",
        Remote => "remote",
        HomeVisit => "home_visit",
        Group => "group",
        Other => "other",
        Unknown => "unknown",
    }
);

keyed_enum!(
    /// Who gave the support.
    ProviderType {
        Municipality => "municipality",
        Library => "library",
        ServicePoint => "service_point",
        Association => "association",
        Kela => "kela",
        EmploymentServices => "employment_services",
        Education => "education",
        Parish => "parish",
        Company => "company",
        WellbeingCounty => "wellbeing_county",
        Other => "other",
        Unknown => "unknown",
    }
);

keyed_enum!(
    /// The client's age band.
    AgeGroup {
        Under30 => "under_30",
        Age30To64 => "30_64",
        Age65To74 => "65_74",
        Age75Plus => "75_plus",
        Unknown => "unknown",
    }
);

/// A set of topics, one bit per [`Topic`]: an event may have several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TopicSet(pub u16);

impl TopicSet {
    pub fn insert(&mut self, t: Topic) {
        self.0 |= 1 << t.index();
    }
    pub fn contains(self, t: Topic) -> bool {
        self.0 & (1 << t.index()) != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Topic> {
        Topic::ALL.iter().copied().filter(move |t| self.contains(*t))
    }
}

pub use crate::vocabulary::{band_of_age, split_topics, AgeIssue, AgeParse, Classified};
use crate::vocabulary::{AnswerWord, Vocabulary};

/// Classifies one topic item with the built-in vocabulary (see [`Vocabulary`]).
pub fn classify_topic(raw: &str) -> Classified<Topic> {
    Vocabulary::builtin().classify_topic(raw)
}

/// Classifies a channel word with the built-in vocabulary.
pub fn classify_channel(raw: &str) -> Classified<Channel> {
    Vocabulary::builtin().classify_channel(raw)
}

/// Classifies a provider-type word with the built-in vocabulary.
pub fn classify_provider(raw: &str) -> Classified<ProviderType> {
    Vocabulary::builtin().classify_provider(raw)
}

/// Parses an age cell with the built-in vocabulary ([`Vocabulary::parse_age`]).
pub fn parse_age(raw: &str, event_year: i32) -> AgeParse {
    Vocabulary::builtin().parse_age(raw, event_year)
}

/// What a survey answer cell said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerParse<T> {
    Value(T),
    /// Empty, or *can't say* (`En osaa sanoa`, `Kan inte säga`, `Don't know`): not an
    /// answer; left out, never rejected.
    NoAnswer,
    /// Not an answer of this kind: the row is rejected (`answer_invalid`).
    Invalid,
}

/// The answer word of a whole cell, by the answer table (`answer.tsv`).
fn answer_word(raw: &str) -> Option<AnswerWord> {
    Vocabulary::builtin().answer(raw)
}

/// Is the cell a *can't say* or empty?
pub fn is_no_answer(raw: &str) -> bool {
    normalize(raw).is_empty() || answer_word(raw) == Some(AnswerWord::CantSay)
}

fn likert_word(raw: &str) -> Option<u8> {
    match answer_word(raw) {
        Some(AnswerWord::Likert(v)) => Some(v),
        _ => None,
    }
}

/// A whole number 1–5 written as `4`, `4.0` or `4,0`.
fn likert_number(t: &str) -> Option<u8> {
    let v: f64 = t.trim().replace(',', ".").parse().ok()?;
    (v.fract() == 0.0 && (1.0..=5.0).contains(&v)).then_some(v as u8)
}

/// Parses a Likert answer: `1`–`5`, a word of the scale in Finnish, Swedish or English
/// (`täysin samaa mieltä` = 5, `delvis av annan åsikt` = 2, `agree` = 4; the answer table),
/// or both as survey tools write them (`5 = täysin samaa mieltä`, `Täysin samaa mieltä (5)`;
/// a number with a contradicting word is invalid). Empty and *can't say* are
/// [`AnswerParse::NoAnswer`].
pub fn parse_likert(raw: &str) -> AnswerParse<u8> {
    let f = fold(raw);
    let f = f.trim_matches(|c: char| matches!(c, '.' | '!' | '"' | '\'' | '*' | ' ' | '’'));
    if is_no_answer(f) {
        return AnswerParse::NoAnswer;
    }
    if let Some(v) = likert_number(f).or_else(|| likert_word(f)) {
        return AnswerParse::Value(v);
    }
    // "5 = täysin samaa mieltä", "5 - erittäin hyvin", "5) ...", "(5) ...", "... (5)"
    let (num, words) = if let Some(rest) = f.strip_suffix(')') {
        match rest.rsplit_once('(') {
            Some((words, num)) => (num.trim().to_string(), words.trim().to_string()),
            None => return AnswerParse::Invalid,
        }
    } else {
        let g = f.strip_prefix('(').unwrap_or(f);
        let digits: String = g.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return AnswerParse::Invalid;
        }
        let after = &g[digits.len()..];
        // The number must end at a separator: "2,5" and "2.5" are not "2".
        if !after.starts_with([')', '=', '-', '–', '—', ':', ' ']) && !after.starts_with(". ") {
            return AnswerParse::Invalid;
        }
        let rest = after.trim_start_matches([')', '=', '-', '–', '—', ':', '.', ' ']);
        (digits, rest.trim().to_string())
    };
    match (likert_number(&num), likert_word(&words)) {
        (Some(n), Some(w)) if n != w => AnswerParse::Invalid,
        (Some(n), _) => AnswerParse::Value(n),
        _ => AnswerParse::Invalid,
    }
}

/// Parses a yes/no answer: the answer table's yes and no words (`kyllä`/`ei`, `ja`/`nej`,
/// `yes`/`no`, `Y`/`N`, `TRUE`/`FALSE` …), `1`/`0`, or one of these followed by a comma, a
/// dash or a bracket and an explanation (`Kyllä, vuoden 2023 kertomuksessa`). Empty and
/// *can't say* are [`AnswerParse::NoAnswer`].
pub fn parse_yes_no(raw: &str) -> AnswerParse<bool> {
    let f = fold(raw);
    let f = f.trim_matches(|c: char| matches!(c, '.' | '!' | '"' | '\'' | '*' | ' ' | '’'));
    if is_no_answer(f) {
        return AnswerParse::NoAnswer;
    }
    let word = |w: &str| {
        let w = w.trim();
        if let Ok(n) = w.replace(',', ".").parse::<f64>() {
            return if n == 1.0 {
                Some(true)
            } else if n == 0.0 {
                Some(false)
            } else {
                None
            };
        }
        match answer_word(w) {
            Some(AnswerWord::Yes) => Some(true),
            Some(AnswerWord::No) => Some(false),
            _ => None,
        }
    };
    if let Some(v) = word(f) {
        return AnswerParse::Value(v);
    }
    if let Some(i) = f.find([',', '(', '–', '—', ':', ';']).or_else(|| f.find(" - ")) {
        if let Some(v) = word(&f[..i]) {
            return AnswerParse::Value(v);
        }
    }
    AnswerParse::Invalid
}

/// Is the answer *partly* (`osittain`, `jossain määrin`, `delvis`, `partly`)? The actor
/// survey counts it as yes, with a warning (see `digihyte-ingest`'s `actor_survey`).
pub fn is_partly(raw: &str) -> bool {
    let f = fold(raw);
    let head = f.split([',', '(']).next().unwrap_or("").trim();
    answer_word(head) == Some(AnswerWord::Partly)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn overlapping_stems_resolve_in_order() {
        assert_eq!(classify_topic("Pankkitunnukset"), Classified::Known(Topic::EIdentification));
        assert_eq!(classify_topic("verkkopankki"), Classified::Known(Topic::BankingPayments));
        assert_eq!(classify_provider("Oulun seurakunta"), Classified::Known(ProviderType::Parish));
        assert_eq!(classify_provider("Kempeleen kunta"), Classified::Known(ProviderType::Municipality));
        assert_eq!(classify_channel("Kotikäynti"), Classified::Known(Channel::HomeVisit));
        assert_eq!(classify_channel("lähituki"), Classified::Known(Channel::InPerson));
        assert_eq!(classify_channel("in_person"), Classified::Known(Channel::InPerson));
        assert_eq!(classify_channel("savumerkit"), Classified::UnknownWord);
        assert_eq!(classify_channel("  "), Classified::Empty);
    }

    #[test]
    fn topic_cells_split_on_every_separator() {
        let v: Vec<_> = split_topics("OmaKanta; pankki / sähköposti,  ").collect();
        assert_eq!(v, ["OmaKanta", "pankki", "sähköposti"]);
    }

    #[test]
    fn ages_bands_and_birth_years() {
        assert_eq!(parse_age("67", 2024), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(parse_age("1940", 2024), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(parse_age("65–74", 2024), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(parse_age("75+", 2024), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(parse_age("yli 75 v", 2024), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(parse_age("alle 30", 2024), AgeParse::Band(AgeGroup::Under30));
        assert_eq!(parse_age("30-64 vuotta", 2024), AgeParse::Band(AgeGroup::Age30To64));
        assert_eq!(parse_age("under_30", 2024), AgeParse::Band(AgeGroup::Under30));
        assert_eq!(parse_age("Tuntematon", 2024), AgeParse::Band(AgeGroup::Unknown));
        assert_eq!(parse_age("60-70", 2024), AgeParse::Unrecognised(AgeIssue::SpansBands));
        assert_eq!(parse_age("vanha", 2024), AgeParse::Unrecognised(AgeIssue::Word));
        assert_eq!(parse_age("", 2024), AgeParse::Empty);
        assert_eq!(parse_age("2030", 2024), AgeParse::Invalid);
    }

    #[test]
    fn likert_words_in_three_languages() {
        for (s, v) in [
            ("täysin eri mieltä", 1),
            ("Jokseenkin eri mieltä", 2),
            ("Ei samaa eikä eri mieltä", 3),
            ("jokseenkin samaa mieltä", 4),
            ("TÄYSIN SAMAA MIELTÄ", 5),
            ("Helt av annan åsikt", 1),
            ("delvis av annan åsikt", 2),
            ("Varken av samma eller annan åsikt", 3),
            ("delvis av samma åsikt", 4),
            ("helt av samma åsikt", 5),
            ("Strongly disagree", 1),
            ("disagree", 2),
            ("Neither agree nor disagree", 3),
            ("Agree", 4),
            ("strongly agree", 5),
            ("5", 5),
            ("4,0", 4),
            ("5 = täysin samaa mieltä", 5),
            ("1 - Täysin eri mieltä", 1),
            ("Täysin samaa mieltä (5)", 5),
            ("3) erittäin hyvin", 3),
        ] {
            assert_eq!(parse_likert(s), AnswerParse::Value(v), "{s}");
        }
        for s in ["", "  ", "En osaa sanoa", "kan inte säga", "Don’t know", "Can't say", "-"] {
            assert_eq!(parse_likert(s), AnswerParse::NoAnswer, "{s:?}");
        }
        for s in ["6", "0", "2,5", "2.5", "2,5 h", "hyvä", "5 = täysin eri mieltä", "kyllä"] {
            assert_eq!(parse_likert(s), AnswerParse::Invalid, "{s}");
        }
    }

    #[test]
    fn yes_no_words() {
        for (s, v) in [
            ("Kyllä", true),
            ("ei", false),
            ("JA", true),
            ("Nej", false),
            ("yes", true),
            ("No", false),
            ("Y", true),
            ("1", true),
            ("0", false),
            ("1.0", true),
            ("TRUE", true),
            ("Kyllä, vuoden 2023 kertomuksessa", true),
            ("Ei (vielä)", false),
        ] {
            assert_eq!(parse_yes_no(s), AnswerParse::Value(v), "{s}");
        }
        assert_eq!(parse_yes_no("En osaa sanoa"), AnswerParse::NoAnswer);
        assert_eq!(parse_yes_no("vet ej"), AnswerParse::NoAnswer);
        assert_eq!(parse_yes_no("ehkä"), AnswerParse::Invalid);
        assert_eq!(parse_yes_no("2"), AnswerParse::Invalid);
        assert!(is_partly("Osittain"));
        assert!(is_partly("partly"));
        assert!(!is_partly("kyllä"));
    }

    /// The answer table's texts of one answer key.
    fn answer_texts(key: AnswerWord) -> Vec<String> {
        Vocabulary::builtin().answer.entries.iter().filter(|e| e.value == key).map(|e| e.text.clone()).collect()
    }

    #[test]
    fn every_answer_word_of_the_table_parses_as_its_key() {
        for v in 1..=5u8 {
            for w in answer_texts(AnswerWord::Likert(v)) {
                assert_eq!(parse_likert(&w), AnswerParse::Value(v), "{w}");
            }
        }
        for (key, yes) in [(AnswerWord::Yes, true), (AnswerWord::No, false)] {
            for w in answer_texts(key) {
                assert_eq!(parse_yes_no(&w), AnswerParse::Value(yes), "{w}");
            }
        }
        for w in answer_texts(AnswerWord::CantSay) {
            assert!(is_no_answer(&w), "{w}");
            assert_eq!(parse_likert(&w), AnswerParse::NoAnswer, "{w}");
        }
        for w in answer_texts(AnswerWord::Partly) {
            assert!(is_partly(&w), "{w}");
        }
    }

    proptest! {
        #[test]
        fn likert_numbers_and_words_agree(v in 1u8..=5, pick in any::<prop::sample::Index>(), upper in any::<bool>(), pad in " {0,3}") {
            let words = answer_texts(AnswerWord::Likert(v));
            let w = pick.get(&words);
            let w = if upper { w.to_uppercase() } else { w.to_string() };
            prop_assert_eq!(parse_likert(&format!("{pad}{w}{pad}")), AnswerParse::Value(v));
            prop_assert_eq!(parse_likert(&v.to_string()), AnswerParse::Value(v));
            prop_assert_eq!(parse_likert(&format!("{v} = {w}")), AnswerParse::Value(v));
            prop_assert_eq!(parse_likert(&format!("{w} ({v})")), AnswerParse::Value(v));
        }

        #[test]
        fn likert_rejects_numbers_off_the_scale(n in -1000i64..1000) {
            prop_assume!(!(1..=5).contains(&n));
            prop_assert_eq!(parse_likert(&n.to_string()), AnswerParse::Invalid);
        }

        #[test]
        fn yes_no_any_case_and_spacing(yes in any::<bool>(), pick in any::<prop::sample::Index>(), upper in any::<bool>(), pad in " {0,3}") {
            let words = answer_texts(if yes { AnswerWord::Yes } else { AnswerWord::No });
            let w = pick.get(&words);
            let w = if upper { w.to_uppercase() } else { w.to_string() };
            prop_assert_eq!(parse_yes_no(&format!("{pad}{w}{pad}")), AnswerParse::Value(yes));
        }

        #[test]
        fn answer_parsers_never_panic(s in "\\PC{0,40}") {
            let _ = parse_likert(&s);
            let _ = parse_yes_no(&s);
            let _ = is_partly(&s);
        }
    }
}
