//! What a person can do about a rejected row: one sentence per case. The readers write it in
//! English into the row's `suggestion` (`internal/rejected.csv` is for scripts, like the
//! reasons' keys); where people read it (`rejected.xlsx`, the web app) it is shown in the
//! report language (`digihyte_report::locale::advice`, which has every sentence of [`ALL`]).
//! A `{}` stands for a value of that row or run (a date, a municipality's name).

pub const DATE_MISSING: &str = "fill in the date of the event, e.g. 1.3.2024";
pub const DATE_FORMAT: &str = "write the date as 1.3.2024 or 2024-03-01";
pub const AFTER_RUN_DATE: &str = "the date is after the run date {}";
pub const YEAR_AFTER_RUN_DATE: &str = "the year is after the run date {}";
pub const MUNICIPALITY_MISSING: &str = "fill in the client's home municipality, or set `municipality` for this source in the pipeline file";
pub const DID_YOU_MEAN: &str = "did you mean {}?";
pub const CLIENTS_WHOLE: &str = "write the number of persons as a whole number";
pub const CLIENTS_AT_LEAST_ONE: &str = "an event serves at least one person; leave empty for 1";
pub const CLIENTS_TOO_MANY: &str = "more than 100 000 persons in one event";
pub const CLIENTS_DIGITS: &str = "write the number of persons as digits, e.g. 15";
pub const DURATION_NEGATIVE: &str = "a duration cannot be negative";
pub const DURATION_TOO_LONG: &str = "more than 24 hours: write minutes (90) or h:mm (1:30)";
pub const DURATION_FORMAT: &str = "write minutes (45), h:mm (1:30) or hours (1,5 h)";
pub const AGE_FORMAT: &str = "write an age (67), a birth year (1957) or a band: alle 30, 30–64, 65–74, 75+";
pub const YEAR_MISSING: &str = "write the year the answer is for, e.g. 2024";
pub const YEAR_FORMAT: &str = "write the year as four digits, e.g. 2024";
pub const DATE_OR_YEAR: &str = "every answer needs its date or a year column";
pub const ANSWER_DATE: &str = "every answer needs its date";
pub const SURVEY_MUNICIPALITY: &str = "write the municipality the answer is for";
pub const ANSWER_WORDS: &str = "answer kyllä, ei, osittain or en tiedä (ja/nej/delvis/vet ej, yes/no/partly/don't know)";
pub const SUPPORT_POINTS_WHOLE: &str = "write the number of support points as a whole number, e.g. 3";

/// Every sentence a reader may write.
pub const ALL: &[&str] = &[
    DATE_MISSING,
    DATE_FORMAT,
    AFTER_RUN_DATE,
    YEAR_AFTER_RUN_DATE,
    MUNICIPALITY_MISSING,
    DID_YOU_MEAN,
    CLIENTS_WHOLE,
    CLIENTS_AT_LEAST_ONE,
    CLIENTS_TOO_MANY,
    CLIENTS_DIGITS,
    DURATION_NEGATIVE,
    DURATION_TOO_LONG,
    DURATION_FORMAT,
    AGE_FORMAT,
    YEAR_MISSING,
    YEAR_FORMAT,
    DATE_OR_YEAR,
    ANSWER_DATE,
    SURVEY_MUNICIPALITY,
    ANSWER_WORDS,
    SUPPORT_POINTS_WHOLE,
];

/// `sentence` with its `{}` filled with `value`.
pub fn fill(sentence: &str, value: impl std::fmt::Display) -> String {
    sentence.replacen("{}", &value.to_string(), 1)
}

/// The value a filled sentence holds where `sentence` has its `{}` (`None`: `text` is not
/// `sentence`, filled or not).
pub fn value_in<'t>(sentence: &str, text: &'t str) -> Option<&'t str> {
    match sentence.split_once("{}") {
        None => (sentence == text).then_some(""),
        Some((before, after)) => text.strip_prefix(before).and_then(|rest| rest.strip_suffix(after)).filter(|v| !v.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_sentence_gives_back_its_value() {
        let s = fill(DID_YOU_MEAN, "Oulu (564)");
        assert_eq!(s, "did you mean Oulu (564)?");
        assert_eq!(value_in(DID_YOU_MEAN, &s), Some("Oulu (564)"));
        assert_eq!(value_in(DATE_FORMAT, DATE_FORMAT), Some(""));
        assert_eq!(value_in(DATE_FORMAT, "write the date"), None);
        assert_eq!(value_in(AFTER_RUN_DATE, "the date is after the run date "), None);
        // Each sentence holds at most one value, and no two sentences are the same.
        for (i, a) in ALL.iter().enumerate() {
            assert!(a.matches("{}").count() <= 1, "{a}");
            assert!(ALL[i + 1..].iter().all(|b| b != a), "{a}");
        }
    }
}
