//! The ingest fixture corpus (fixtures/ingest/, described file by file in its README): one
//! table of files, source settings and expected accounting, driven through `check`; a test
//! per unreadable file for its message; `digihyte inspect` on one fixture.

use crate::support::*;
use chrono::NaiveDate;
use digihyte_core::keys::ProviderType;
use digihyte_core::{Answer, RejectReason, SkipKind, SourceKind};
use digihyte_ingest::{read_file, Context, FileOutcome};
use digihyte_pipeline::{Field, Source};
use std::collections::BTreeMap;
use std::path::PathBuf;

use SourceKind::{Activity, ActorSurvey, Feedback, Indicators};

/// One fixture: how the pipeline would name it, and what reading it must give.
struct Case {
    file: &'static str,
    kind: SourceKind,
    sheet: Option<&'static str>,
    municipality: Option<u16>,
    provider: Option<ProviderType>,
    columns: &'static [(Field, &'static str)],
    items: &'static [(&'static str, &'static str)],
    read: u64,
    accepted: u64,
    rejected: &'static [(&'static str, u64)],
    skipped: &'static [(&'static str, u64)],
    /// Records produced: events, feedback responses, actor-survey rows or indicator values.
    records: usize,
    /// Unknown topic/channel/provider words counted as `other`.
    unknown_words: u64,
}

fn case(file: &'static str, kind: SourceKind) -> Case {
    Case {
        file,
        kind,
        sheet: None,
        municipality: None,
        provider: None,
        columns: &[],
        items: &[],
        read: 0,
        accepted: 0,
        rejected: &[],
        skipped: &[],
        records: 0,
        unknown_words: 0,
    }
}

/// The context of every case: the example's run date and years.
fn ctx() -> Context {
    Context::new(NaiveDate::from_ymd_opt(2025, 1, 15).expect("date"), 2022, 2024)
}

fn fixture(file: &str) -> PathBuf {
    root().join("fixtures/ingest").join(file)
}

fn source(c: &Case) -> Source {
    Source {
        kind: c.kind,
        files: vec![fixture(c.file)],
        sheet: c.sheet.map(str::to_string),
        default_municipality: c.municipality,
        default_provider: c.provider,
        columns: c.columns.iter().map(|(f, t)| (*f, t.to_string())).collect(),
        items: c.items.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect(),
    }
}

fn read(c: &Case) -> FileOutcome {
    read_file(&fixture(c.file), c.file, &source(c), &ctx())
}

/// Reads the file as the pipeline would and compares its accounting with the case.
fn check(c: &Case) -> Result<(), String> {
    let o = read(c);
    let a = &o.account;
    let mut problems = Vec::new();
    if let Some(e) = &a.error {
        return Err(format!("{}: not read: {e}", c.file));
    }
    if !a.balanced() {
        problems.push(format!("not balanced: {a:?}"));
    }
    let mut rejected: BTreeMap<&str, u64> = BTreeMap::new();
    for r in &o.rejections {
        *rejected.entry(r.reason.key()).or_default() += 1;
    }
    let want_rejected: BTreeMap<&str, u64> = c.rejected.iter().copied().collect();
    let skipped: BTreeMap<&str, u64> =
        SkipKind::ALL.iter().filter(|k| a.skipped[**k as usize] > 0).map(|k| (k.key(), a.skipped[*k as usize])).collect();
    let want_skipped: BTreeMap<&str, u64> = c.skipped.iter().copied().collect();
    let records = o.events.len() + o.feedback.len() + o.actor_survey.len() + o.indicators.len();
    let unknown: u64 = o.unknown.values().map(|u| u.count).sum();
    for (what, got, want) in [
        ("read", a.rows_read, c.read),
        ("accepted", a.rows_accepted, c.accepted),
        ("rejected", a.rows_rejected, want_rejected.values().sum()),
        ("records", records as u64, c.records as u64),
        ("unknown words", unknown, c.unknown_words),
    ] {
        if got != want {
            problems.push(format!("{what}: {got}, expected {want}"));
        }
    }
    if rejected != want_rejected {
        problems.push(format!("rejected by reason: {rejected:?}, expected {want_rejected:?}"));
    }
    if skipped != want_skipped {
        problems.push(format!("skipped by kind: {skipped:?}, expected {want_skipped:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}:\n    {}\n    rejections: {:?}\n    warnings: {:?}", c.file, problems.join("\n    "), o.rejections, o.warnings))
    }
}

fn cases() -> Vec<Case> {
    vec![
        // ---- formats
        Case { read: 5, accepted: 4, rejected: &[("unknown_municipality", 1)], records: 4, ..case("formats/log.xlsx", Activity) },
        Case { read: 5, accepted: 4, rejected: &[("unknown_municipality", 1)], records: 4, ..case("formats/log.xls", Activity) },
        Case { read: 5, accepted: 4, rejected: &[("unknown_municipality", 1)], records: 4, ..case("formats/log.ods", Activity) },
        Case { read: 4, accepted: 4, records: 4, ..case("formats/utf8_bom_semicolon.csv", Activity) },
        Case { read: 4, accepted: 3, rejected: &[("bad_date", 1)], records: 3, ..case("formats/utf8_comma_lf.csv", Activity) },
        Case { read: 3, accepted: 3, records: 3, ..case("formats/cp1252_semicolon_crlf.csv", Activity) },
        Case { read: 3, accepted: 3, records: 3, ..case("formats/quoted_separators.csv", Activity) },
        Case { read: 2, accepted: 2, records: 2, ..case("formats/csv_named_xlsx.xlsx", Activity) },
        Case { read: 2, accepted: 2, records: 2, ..case("formats/xlsx_named_csv.csv", Activity) },
        // ---- layout
        Case {
            read: 7,
            accepted: 4,
            skipped: &[("title", 2), ("blank", 1)],
            records: 4,
            ..case("layout/title_rows_merged.xlsx", Activity)
        },
        Case { read: 16, accepted: 3, skipped: &[("title", 12), ("blank", 1)], records: 3, ..case("layout/header_deep.xlsx", Activity) },
        Case { read: 6, accepted: 4, skipped: &[("blank", 2)], records: 4, ..case("layout/blank_rows_middle.xlsx", Activity) },
        Case { read: 8, accepted: 4, skipped: &[("total", 3), ("blank", 1)], records: 4, ..case("layout/total_rows.xlsx", Activity) },
        Case { read: 3, accepted: 3, records: 3, ..case("layout/formatted_empty_rows.xlsx", Activity) },
        Case { read: 4, accepted: 4, records: 4, ..case("layout/instructions_and_summary.xlsx", Activity) },
        Case { read: 8, accepted: 6, skipped: &[("out_of_scope", 2)], records: 6, ..case("layout/sheet_per_year.xlsx", Activity) },
        Case { read: 3, accepted: 3, records: 3, ..case("layout/hidden_list_sheet.xlsx", Activity) },
        Case { read: 5, accepted: 3, skipped: &[("title", 1), ("blank", 1)], records: 3, ..case("layout/table_off_a1.xlsx", Activity) },
        // ---- values
        Case {
            read: 12,
            accepted: 8,
            rejected: &[("bad_date", 1), ("missing_date", 1), ("future_date", 1)],
            skipped: &[("out_of_scope", 1)],
            records: 8,
            ..case("values/dates.xlsx", Activity)
        },
        Case { read: 4, accepted: 4, records: 4, ..case("values/numbers_as_text.xlsx", Activity) },
        Case {
            read: 9,
            accepted: 7,
            rejected: &[("duration_absurd", 1), ("duration_not_numeric", 1)],
            records: 7,
            ..case("values/durations.xlsx", Activity)
        },
        Case {
            read: 7,
            accepted: 3,
            rejected: &[("clients_not_numeric", 3), ("clients_not_positive", 1)],
            records: 3,
            ..case("values/clients.csv", Activity)
        },
        // `vanha` (no age) and `60-70` (across two bands) are events of unknown age, with a
        // warning each; only `2030` (a birth year after the event) is not an age at all.
        Case {
            read: 12,
            accepted: 11,
            rejected: &[("age_invalid", 1)],
            records: 11,
            unknown_words: 2,
            ..case("values/ages.csv", Activity)
        },
        // ---- words
        Case { read: 6, accepted: 6, records: 6, unknown_words: 2, ..case("words/topics_channels_providers.csv", Activity) },
        Case { read: 3, accepted: 3, records: 3, ..case("words/swedish_headers.csv", Activity) },
        Case {
            read: 15,
            accepted: 10,
            rejected: &[("unknown_municipality", 4), ("missing_municipality", 1)],
            records: 10,
            ..case("words/municipalities.csv", Activity)
        },
        // ---- per-source options
        Case { municipality: Some(139), read: 3, accepted: 3, records: 3, ..case("options/default_municipality.xlsx", Activity) },
        Case { provider: Some(ProviderType::Library), read: 3, accepted: 3, records: 3, ..case("options/default_provider.csv", Activity) },
        Case { sheet: Some("Data 2024"), read: 3, accepted: 3, records: 3, ..case("options/explicit_sheet.xlsx", Activity) },
        Case { read: 5, accepted: 5, records: 5, ..case("options/explicit_sheet.xlsx", Activity) },
        Case {
            columns: &[
                (Field::Date, "Käyntipvm"),
                (Field::Municipality, "Mistä kunnasta"),
                (Field::DurationMin, "Käytetty aika"),
                (Field::Topic, "Mitä tehtiin"),
            ],
            read: 3,
            accepted: 3,
            records: 3,
            ..case("options/explicit_columns.csv", Activity)
        },
        // ---- client feedback
        Case {
            read: 10,
            // A respondent is never dropped for the age: `vanha` is unknown, with a warning.
            accepted: 4,
            rejected: &[("unknown_municipality", 1), ("answer_invalid", 1), ("missing_date", 1)],
            skipped: &[("title", 2), ("out_of_scope", 1)],
            records: 4,
            unknown_words: 1,
            ..case("feedback/webropol.xlsx", Feedback)
        },
        Case { read: 5, accepted: 4, rejected: &[("answer_invalid", 1)], records: 4, ..case("feedback/forms.xlsx", Feedback) },
        Case { read: 5, accepted: 4, rejected: &[("missing_date", 1)], records: 4, ..case("feedback/limesurvey.csv", Feedback) },
        Case {
            municipality: Some(244),
            items: &[("got_help", "Q1"), ("satisfied", "tyytyväinen"), ("easy_to_find", "helppo löytää")],
            read: 4,
            accepted: 3,
            rejected: &[("answer_invalid", 1)],
            records: 3,
            ..case("feedback/custom_items.csv", Feedback)
        },
        // ---- actor survey
        Case {
            read: 9,
            accepted: 3,
            rejected: &[("answer_invalid", 2), ("unknown_municipality", 1), ("missing_municipality", 1)],
            skipped: &[("title", 1), ("blank", 1)],
            records: 3,
            ..case("actor_survey/kuntakysely_2024.xlsx", ActorSurvey)
        },
        Case {
            read: 5,
            accepted: 3,
            rejected: &[("future_date", 1)],
            skipped: &[("out_of_scope", 1)],
            records: 3,
            ..case("actor_survey/kuntakysely_sv_en.csv", ActorSurvey)
        },
        Case {
            columns: &[(Field::InReport, "K1"), (Field::InPlan, "K2"), (Field::ContactPerson, "K3"), (Field::SupportPoints, "K4")],
            read: 2,
            accepted: 2,
            records: 2,
            ..case("actor_survey/columns_mapped.csv", ActorSurvey)
        },
        // ---- indicators
        Case { read: 7, accepted: 4, skipped: &[("out_of_scope", 3)], records: 4, ..case("indicators/sotkanet_rest.csv", Indicators) },
        Case { read: 5, accepted: 4, skipped: &[("out_of_scope", 1)], records: 4, ..case("indicators/sotkanet_old.json", Indicators) },
        Case { read: 5, accepted: 3, skipped: &[("out_of_scope", 2)], records: 3, ..case("indicators/sotkanet_new.json", Indicators) },
        Case {
            read: 11,
            accepted: 5,
            rejected: &[("unknown_municipality", 1)],
            skipped: &[("title", 2), ("blank", 1), ("out_of_scope", 2)],
            records: 19,
            ..case("indicators/web_export_name.xlsx", Indicators)
        },
        Case {
            read: 5,
            accepted: 3,
            skipped: &[("title", 1), ("out_of_scope", 1)],
            records: 6,
            ..case("indicators/web_export_id.csv", Indicators)
        },
    ]
}

#[test]
fn every_fixture_gives_its_expected_accounting() {
    let failures: Vec<String> = cases().iter().filter_map(|c| check(c).err()).collect();
    assert!(failures.is_empty(), "{} of {} fixtures differ:\n{}", failures.len(), cases().len(), failures.join("\n"));
}

#[test]
fn every_fixture_file_is_in_the_table_or_the_unreadable_tests() {
    let listed: Vec<String> = cases().iter().map(|c| c.file.to_string()).chain(UNREADABLE.iter().map(|(f, ..)| f.to_string())).collect();
    for f in files_under(&root().join("fixtures/ingest")) {
        let f = f.to_string_lossy().replace('\\', "/");
        if f.ends_with(".md") {
            continue;
        }
        assert!(listed.contains(&f), "fixtures/ingest/{f} is not tested");
    }
}

/// Unreadable files: (file, kind, sheet, parts of the message).
const UNREADABLE: &[(&str, SourceKind, Option<&str>, &[&str])] = &[
    ("unreadable/corrupt.xlsx", Activity, None, &["not a readable spreadsheet", "save it again as .xlsx"]),
    ("unreadable/password.xlsx", Activity, None, &["password-protected", "remove the password"]),
    ("unreadable/empty.xlsx", Activity, None, &["the file is empty", "export or copy it again"]),
    ("unreadable/text_named.xlsx", Activity, None, &["named .xlsx but is not a spreadsheet", "not a CSV file with a recognisable header"]),
    ("unreadable/binary.xlsx", Activity, None, &["neither a spreadsheet", "binary data"]),
    ("unreadable/no_header.csv", Activity, None, &["no recognisable header", "digihyte inspect unreadable/no_header.csv", "columns = {"]),
    ("unreadable/not_sotkanet.json", Indicators, None, &["not a list of Sotkanet data rows"]),
    ("unreadable/web_export_no_indicator.xlsx", Indicators, None, &["does not say which indicator", "(id 127)"]),
    (
        "formats/log.xlsx",
        Activity,
        Some("Tapahtumat 2025"),
        &["the sheet \"Tapahtumat 2025\"", "its sheets are \"Tapahtumat\"", "correct `sheet`"],
    ),
    ("options/explicit_columns.csv", Activity, None, &["no recognisable header", "columns = {"]),
    ("feedback/webropol.xlsx", ActorSurvey, None, &["no recognisable header (a municipality column"]),
];

#[test]
fn each_unreadable_file_says_what_is_wrong_and_what_to_do() {
    for &(file, kind, sheet, parts) in UNREADABLE {
        let c = Case { sheet, ..case(file, kind) };
        let o = read(&c);
        let e = o.account.error.clone().unwrap_or_else(|| panic!("{file} was read: {:?}", o.account));
        for p in parts {
            assert!(e.contains(p), "{file}: the message\n  {e}\nlacks \"{p}\"");
        }
        assert_eq!(o.account.rows_read, 0, "{file}");
        assert!(o.events.is_empty() && o.feedback.is_empty() && o.indicators.is_empty(), "{file}");
    }
}

#[test]
fn feedback_keeps_answers_and_never_free_text_or_addresses() {
    let o = read(&case("feedback/webropol.xlsx", Feedback));
    let first = &o.feedback[0];
    assert_eq!(first.municipality, Some(564));
    assert_eq!(first.age, digihyte_core::AgeGroup::Age65To74);
    assert_eq!(
        first.answers,
        vec![
            ("got_help".to_string(), Answer::Likert(5)),
            ("can_do_myself".to_string(), Answer::Likert(4)),
            ("confidence_grew".to_string(), Answer::Likert(5)),
            ("cope_better".to_string(), Answer::Likert(4)),
            ("would_recommend".to_string(), Answer::YesNo(true)),
        ]
    );
    // "En osaa sanoa" and the empty answer are left out, not rejected.
    assert_eq!(o.feedback[1].answers.len(), 3);
    // No municipality in the row and none in the source: allowed.
    assert_eq!(o.feedback[2].municipality, None);
    let everything = format!("{:?}{:?}{:?}", o.feedback, o.rejections, o.warnings);
    for secret in ["@example.fi", "Maija", "Kiitos", "Hyvä palvelu"] {
        assert!(!everything.contains(secret), "{secret} was kept");
    }
    let invalid = o.rejections.iter().find(|r| r.reason == RejectReason::AnswerInvalid).expect("an invalid answer");
    assert_eq!((invalid.row, invalid.column.as_str(), invalid.value.as_str()), (7, "1. Sain apua asiaani (D)", "hyvä"));
}

#[test]
fn actor_survey_answers_and_the_partly_warning() {
    let o = read(&case("actor_survey/kuntakysely_2024.xlsx", ActorSurvey));
    let rows: Vec<_> =
        o.actor_survey.iter().map(|r| (r.municipality, r.year, r.in_report, r.in_plan, r.contact_person, r.support_points)).collect();
    assert_eq!(
        rows,
        [
            (564, 2024, Some(true), Some(true), Some(true), Some(12)),
            (244, 2024, Some(true), Some(false), Some(true), Some(3)),
            (139, 2024, None, Some(false), Some(false), Some(0)),
        ]
    );
    assert!(o.warnings.iter().any(|w| w.contains("\"osittain\" (partly) counted as yes")), "{:?}", o.warnings);
    assert!(!format!("{:?}", o.rejections).contains("@example.fi"));
}

#[test]
fn indicator_areas_and_years() {
    use digihyte_core::AreaRef;
    let o = read(&case("indicators/web_export_name.xlsx", Indicators));
    assert!(o.indicators.iter().all(|v| v.indicator == 237));
    let areas: std::collections::BTreeSet<AreaRef> = o.indicators.iter().map(|v| v.area).collect();
    assert_eq!(
        areas.into_iter().collect::<Vec<_>>(),
        [AreaRef::Municipality(244), AreaRef::Municipality(564), AreaRef::Region(17), AreaRef::County(19), AreaRef::Country]
    );
    let kempelee = &o.rejections[0];
    assert_eq!(kempelee.suggestion.as_deref(), Some("did you mean Kempele (244)?"));
    let o = read(&case("indicators/web_export_id.csv", Indicators));
    let oulu: Vec<(i32, f64)> = o.indicators.iter().filter(|v| v.area == AreaRef::Municipality(564)).map(|v| (v.year, v.value)).collect();
    assert_eq!(oulu, [(2022, 211_848.0), (2023, 214_633.0)]);
    let o = read(&case("indicators/sotkanet_rest.csv", Indicators));
    assert!(o.indicators.iter().any(|v| v.indicator == 171 && (v.value - 8.2).abs() < 1e-9), "decimal comma");
    let o = read(&case("indicators/sotkanet_new.json", Indicators));
    assert!(o.indicators.iter().any(|v| v.area == AreaRef::County(19) && v.value == 11.8));
}

#[test]
fn inspect_prints_the_header_row_fields_and_hides_private_values() {
    let o = digihyte(&["inspect", "fixtures/ingest/feedback/webropol.xlsx"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", String::from_utf8_lossy(&o.stderr));
    for want in [
        "format:  xlsx",
        "kind:    feedback",
        "header row 3 of sheet \"Vastaukset\"",
        "Vastausaika",
        "date",
        "item got_help (Likert 1–5)",
        "item would_recommend (yes/no)",
        "(hidden)",
        "answer_invalid 1",
        "title 2",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    for secret in ["@example.fi", "Maija", "Kiitos"] {
        assert!(!out.contains(secret), "{secret} printed:\n{out}");
    }
    let o = digihyte(&["inspect", "fixtures/ingest/unreadable/password.xlsx", "--kind", "activity"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stdout).contains("password-protected"));
}
