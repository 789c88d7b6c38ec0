//! The hand-worked fixture end to end, against the figures worked out by hand in
//! fixtures/handworked/README.md.

use crate::support::*;
use std::collections::BTreeMap;

type Row = BTreeMap<String, String>;

/// (code, year, events, clients, unique_clients, events_with_client_id, minutes,
///  events_with_duration, support_points, clients_65plus, clients_75plus)
type Counts = (&'static str, i32, u64, u64, Option<u64>, u64, f64, u64, u64, u64, u64);

const COUNTS: &[Counts] = &[
    ("564", 2022, 4, 9, Some(2), 3, 200.0, 4, 2, 8, 0),
    ("564", 2023, 5, 12, Some(3), 3, 265.0, 5, 3, 10, 10),
    ("564", 2024, 4, 10, Some(3), 3, 165.0, 4, 2, 9, 0),
    ("244", 2022, 3, 7, Some(1), 1, 180.0, 3, 2, 7, 6),
    ("244", 2023, 1, 6, None, 0, 120.0, 1, 1, 6, 0),
    // The row with the age "vanha" is an event of unknown age (it was rejected before).
    ("244", 2024, 3, 3, Some(1), 1, 100.0, 3, 2, 2, 1),
    ("305", 2022, 1, 1, None, 0, 30.0, 1, 1, 1, 1),
    ("305", 2023, 1, 1, None, 0, 20.0, 1, 1, 1, 1),
    ("305", 2024, 1, 9, None, 0, 90.0, 1, 1, 9, 9),
    ("139", 2022, 0, 0, None, 0, 0.0, 0, 0, 0, 0),
    ("139", 2023, 2, 2, None, 0, 45.0, 2, 0, 1, 0),
    ("139", 2024, 2, 3, None, 0, 75.0, 2, 0, 3, 1),
    ("17", 2022, 8, 17, Some(3), 4, 410.0, 8, 4, 16, 7),
    ("17", 2023, 9, 21, Some(3), 3, 450.0, 9, 4, 18, 11),
    ("17", 2024, 10, 25, Some(4), 4, 430.0, 10, 4, 23, 11),
];

/// (code, year, population, population_year, 1068 %, 171 %) from the Sotkanet fixture.
const DENOMINATORS: &[(&str, i32, f64, i32, f64, f64)] = &[
    ("564", 2022, 211_848.0, 2022, 17.6, 7.9),
    ("564", 2023, 214_633.0, 2023, 18.0, 8.2),
    ("564", 2024, 214_633.0, 2023, 18.0, 8.2),
    ("244", 2022, 19_521.0, 2022, 15.5, 6.5),
    ("244", 2023, 19_640.0, 2023, 15.9, 6.8),
    ("244", 2024, 19_640.0, 2023, 15.9, 6.8),
    ("305", 2022, 14_766.0, 2022, 31.2, 14.6),
    ("305", 2023, 14_661.0, 2023, 31.8, 15.0),
    ("305", 2024, 14_661.0, 2023, 31.8, 15.0),
    ("139", 2022, 9_741.0, 2022, 22.9, 10.1),
    ("139", 2023, 9_712.0, 2023, 23.3, 10.5),
    ("139", 2024, 9_712.0, 2023, 23.3, 10.5),
];

/// Embedded 2022 population of the other 26 municipalities of region 17 (fixtures/README.md).
const OTHERS_2022: f64 = 160_396.0;

fn num(row: &Row, col: &str) -> f64 {
    row[col].parse().unwrap_or_else(|_| panic!("{col} = {:?} is not a number", row[col]))
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() <= 1e-9 * expected.abs().max(1.0), "{what}: {actual} != {expected}");
}

fn find<'a>(rows: &'a [Row], code: &str, year: i32) -> &'a Row {
    rows.iter().find(|r| r["area_code"] == code && r["year"] == year.to_string()).unwrap_or_else(|| panic!("no row for {code} {year}"))
}

#[test]
fn handworked_reach_matches_the_hand_worked_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_handworked(&out, &[]);
    let rows = read_csv(&out.join("internal/reach.csv"));
    // 30 municipalities and the region, three years each.
    assert_eq!(rows.len(), 31 * 3);
    for &(code, year, events, clients, unique, with_id, minutes, with_dur, points, c65, c75) in COUNTS {
        let r = find(&rows, code, year);
        let what = format!("{code} {year}");
        assert_eq!(r["events"], events.to_string(), "{what} events");
        assert_eq!(r["clients"], clients.to_string(), "{what} clients");
        assert_eq!(r["unique_clients"], unique.map(|u| u.to_string()).unwrap_or_default(), "{what} unique");
        assert_eq!(r["events_with_client_id"], with_id.to_string(), "{what} with id");
        close(num(r, "hours"), minutes / 60.0, &format!("{what} hours"));
        assert_eq!(r["events_with_duration"], with_dur.to_string(), "{what} with duration");
        assert_eq!(r["support_points"], points.to_string(), "{what} points");
        assert_eq!(r["clients_65plus"], c65.to_string(), "{what} 65+");
        assert_eq!(r["clients_75plus"], c75.to_string(), "{what} 75+");
    }
    for &(code, year, pop, pop_year, s65, s75) in DENOMINATORS {
        let r = find(&rows, code, year);
        let &(_, _, _, clients, _, _, _, _, _, c65, c75) = COUNTS.iter().find(|c| c.0 == code && c.1 == year).unwrap();
        let what = format!("{code} {year}");
        close(num(r, "population"), pop, &what);
        assert_eq!(r["population_year"], pop_year.to_string(), "{what}");
        close(num(r, "population_65plus"), pop * s65 / 100.0, &what);
        close(num(r, "population_75plus"), pop * s75 / 100.0, &what);
        close(num(r, "clients_per_1000"), clients as f64 * 1000.0 / pop, &what);
        close(num(r, "clients_65plus_per_1000_65plus"), c65 as f64 * 1000.0 / (pop * s65 / 100.0), &what);
        close(num(r, "clients_75plus_per_1000_75plus"), c75 as f64 * 1000.0 / (pop * s75 / 100.0), &what);
    }
    for (year, pop) in [
        (2022, 211_848.0 + 19_521.0 + 14_766.0 + 9_741.0),
        (2023, 214_633.0 + 19_640.0 + 14_661.0 + 9_712.0),
        (2024, 214_633.0 + 19_640.0 + 14_661.0 + 9_712.0),
    ] {
        let r = find(&rows, "17", year);
        assert_eq!(r["area_type"], "region");
        assert_eq!(r["area_name"], "Pohjois-Pohjanmaa");
        let region_pop = pop + OTHERS_2022;
        close(num(r, "population"), region_pop, &format!("region {year}"));
        let clients = num(r, "clients");
        close(num(r, "clients_per_1000"), clients * 1000.0 / region_pop, &format!("region {year} rate"));
        assert_eq!(r["clients_65plus_per_1000_65plus"], "", "no complete 65+ denominator");
        assert_eq!(r["population_65plus"], "");
    }
    // Every other municipality of the region: present every year, all zeros.
    let others: Vec<&Row> = rows
        .iter()
        .filter(|r| r["area_type"] == "municipality" && !["564", "244", "305", "139"].contains(&r["area_code"].as_str()))
        .collect();
    assert_eq!(others.len(), 26 * 3);
    for r in others {
        for col in ["events", "clients", "support_points", "clients_65plus", "clients_75plus", "events_with_duration"] {
            assert_eq!(r[col], "0", "{} {} {col}", r["area_code"], r["year"]);
        }
        assert_eq!(r["population_year"], "2022", "embedded population for {}", r["area_code"]);
    }
}

#[test]
fn handworked_accounting_and_rejections() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_handworked(&out, &[]);
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 4);
    let expect = [
        ("oulu_kirjasto_2022-2024.xlsx", 22, 14, 3, 5),
        ("yhdistykset_2022-2024.csv", 17, 9, 3, 5),
        ("ii_asiointipiste.xlsx", 5, 4, 1, 0),
        ("sotkanet_127_1068_171.csv", 46, 42, 0, 4),
    ];
    for i in inputs {
        let (read, acc, rej, skip) = (
            i["rows_read"].as_u64().unwrap(),
            i["rows_accepted"].as_u64().unwrap(),
            i["rows_rejected"].as_u64().unwrap(),
            i["rows_skipped"].as_u64().unwrap(),
        );
        assert_eq!(read, acc + rej + skip, "{}: nothing lost", i["path"]);
        let path = i["path"].as_str().unwrap();
        let e = expect.iter().find(|e| path.ends_with(e.0)).unwrap_or_else(|| panic!("unexpected input {path}"));
        assert_eq!((read, acc, rej, skip), (e.1, e.2, e.3, e.4), "{path}");
        assert_eq!(i["sha256"].as_str().unwrap().len(), 64);
        assert!(i["error"].is_null());
    }
    let oulu = inputs.iter().find(|i| i["path"].as_str().unwrap().ends_with("oulu_kirjasto_2022-2024.xlsx")).unwrap();
    assert_eq!(oulu["skipped"]["title"], 2);
    assert_eq!(oulu["skipped"]["blank"], 2);
    assert_eq!(oulu["skipped"]["total"], 1);
    assert_eq!(oulu["sheets"], serde_json::json!(["Tapahtumat"]));

    let rejected = read_csv(&out.join("internal/rejected.csv"));
    let got: Vec<(String, String, String, String, String)> = rejected
        .iter()
        .map(|r| {
            (
                r["file"].rsplit('/').next().unwrap().to_string(),
                r["sheet"].clone(),
                r["row"].clone(),
                r["value"].clone(),
                r["reason"].clone(),
            )
        })
        .collect();
    let want = [
        ("oulu_kirjasto_2022-2024.xlsx", "Tapahtumat", "13", "Olu", "unknown_municipality"),
        ("oulu_kirjasto_2022-2024.xlsx", "Tapahtumat", "14", "kaksi", "clients_not_numeric"),
        ("oulu_kirjasto_2022-2024.xlsx", "Tapahtumat", "16", "32.13.2023", "bad_date"),
        ("yhdistykset_2022-2024.csv", "", "12", "", "missing_date"),
        ("yhdistykset_2022-2024.csv", "", "13", "30 h", "duration_absurd"),
        ("yhdistykset_2022-2024.csv", "", "16", "1.3.2031", "future_date"),
        ("ii_asiointipiste.xlsx", "2024", "4", "0", "clients_not_positive"),
    ];
    let want: Vec<(String, String, String, String, String)> =
        want.iter().map(|w| (w.0.into(), w.1.into(), w.2.into(), w.3.into(), w.4.into())).collect();
    assert_eq!(got, want);
    let olu = &rejected[0];
    assert_eq!(olu["column"], "Kotikunta (B)");
    assert_eq!(olu["suggestion"], "did you mean Oulu (564)?");
    // The workbook for people says it in the report language; the CSV keeps the keys.
    let xlsx = searchable_text(&out.join("internal/rejected.xlsx"));
    assert!(xlsx.contains("tuntematon kunta") && xlsx.contains("tarkoititko Oulu (564)?"), "rejected.xlsx in Finnish");
    assert!(xlsx.contains("päivämäärä on ajopäivän") && !xlsx.contains("unknown_municipality") && !xlsx.contains("did you mean"));
    // The unknown topic word and the age word are counted, not lost, and say where they are.
    let warnings = manifest["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("\"kirjekyyhky\"")), "{warnings:?}");
    assert!(
        warnings.iter().any(|w| {
            let w = w.as_str().unwrap();
            w.contains("unknown age_group word \"vanha\" counted as `unknown`")
                && w.contains("yhdistykset_2022-2024.csv › Ikäryhmä (G), row 14")
        }),
        "{warnings:?}"
    );
}

#[test]
fn handworked_publishes_small_numbers_suppressed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_handworked(&out, &[]);
    let path = out.join("data/reach.csv");
    assert_eq!(
        csv_header(&path).join(","),
        "area_type,area_code,area_name,year,events,clients,unique_clients,events_with_client_id,hours,events_with_duration,support_points,clients_65plus,clients_75plus,population,population_65plus,population_75plus,population_year,clients_per_1000,clients_65plus_per_1000_65plus,clients_75plus_per_1000_75plus"
    );
    let rows = read_csv(&path);
    let kuusamo = find(&rows, "305", 2022);
    assert_eq!((kuusamo["events"].as_str(), kuusamo["clients"].as_str()), ("<5", "<5"));
    assert_eq!((kuusamo["hours"].as_str(), kuusamo["clients_per_1000"].as_str()), ("", ""));
    // Oulu 2024: 4 events (<5) and 10 clients, 9 of them 65+ and none 75+.
    let oulu = find(&rows, "564", 2024);
    assert_eq!(oulu["events"], "<5");
    assert_eq!(oulu["clients"], "10");
    // With 4 events (<5), what they break down into is withheld: the events with a client
    // code and the distinct clients among them.
    assert_eq!((oulu["events_with_client_id"].as_str(), oulu["unique_clients"].as_str()), ("", ""));
    close(num(oulu, "clients_per_1000"), 10_000.0 / 214_633.0, "published rate");
    // Its 65+ (9) and 75+ (0) are hidden: with 10 clients published, they would tell that
    // one client is under 65 and none 75+ (secondary suppression, an empty cell).
    assert_eq!((oulu["clients_65plus"].as_str(), oulu["clients_75plus"].as_str()), ("", ""));
    // No count of persons from 1 to 4 anywhere in the published table, and no rate from one.
    for r in &rows {
        for (count, rate) in [
            ("clients", "clients_per_1000"),
            ("clients_65plus", "clients_65plus_per_1000_65plus"),
            ("clients_75plus", "clients_75plus_per_1000_75plus"),
        ] {
            if let Ok(n) = r[count].parse::<u64>() {
                assert!(n == 0 || n >= 5, "{count} = {n} published");
            } else {
                assert!(r[count] == "<5" || r[count].is_empty(), "{count} = {}", r[count]);
                assert_eq!(r[rate], "", "{rate} derived from a hidden count");
            }
        }
        for col in ["events", "unique_clients"] {
            if let Ok(n) = r[col].parse::<u64>() {
                assert!(n == 0 || n >= 5, "{col} = {n} published");
            }
        }
    }
}

#[test]
fn no_client_code_appears_in_any_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_handworked(&out, &[]);
    let files = files_under(&out);
    assert!(files.iter().any(|f| f.extension().is_some_and(|e| e == "xlsx")));
    for f in files {
        if f.extension().is_some_and(|e| e == "png") {
            continue; // pixels, no text
        }
        let text = searchable_text(&out.join(&f));
        for code in ["A001", "A002", "A003", "A004", "A005", "A006", "A007", "A008", "A009"] {
            assert!(!text.contains(code), "client code {code} leaked into {}", f.display());
        }
    }
}

#[test]
fn the_output_folder_has_every_part_and_reruns_are_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run_handworked(&a, &[]);
    run_handworked(&b, &[]);
    let files = files_under(&a);
    assert_eq!(files, files_under(&b));
    let names: Vec<String> = files.iter().map(|f| f.to_string_lossy().replace('\\', "/")).collect();
    for needed in [
        "manifest.json",
        "data/reach.csv",
        "internal/reach.csv",
        "internal/rejected.csv",
        "internal/rejected.xlsx",
        "workbooks/handworked.xlsx",
        "workbooks/handworked_564_oulu.xlsx",
        "charts/handworked_564_oulu_clients_per_1000.png",
        "charts/handworked_564_oulu_clients_per_1000.svg",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} missing from {names:?}");
    }
    assert_eq!(names.iter().filter(|n| n.starts_with("workbooks/handworked_")).count(), 30);
    // Per municipality: clients per 1,000 and topics; for the area: rates by municipality,
    // topics, channels and age groups (the example has no feedback or need indicators).
    for suffix in ["_clients_per_1000.svg", "_topics.svg", "_clients_per_1000.png", "_topics.png"] {
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("charts/handworked_") && !n.contains("_map_") && n.ends_with(suffix) && n.len() > 24)
                .count(),
            31,
            "{suffix}"
        );
    }
    for area_chart in ["clients_per_1000", "topics", "channels", "ages", "map_clients_per_1000"] {
        assert!(names.contains(&format!("charts/handworked_{area_chart}.svg")), "area chart {area_chart}");
    }
    for f in &files {
        if f.ends_with("manifest.json") {
            continue;
        }
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{} differs between runs", f.display());
    }
    // The manifest differs only in its timings.
    let strip = |p: &std::path::Path| {
        let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(p.join("manifest.json")).unwrap()).unwrap();
        let times = m.as_object_mut().unwrap();
        assert!(times.remove("timings").is_some() && times.remove("render_thread_seconds").is_some(), "the manifest has its timings");
        m
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn workbooks_hold_the_published_figures() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_handworked(&out, &[]);
    let mut wb: Xlsx<_> = open_workbook(out.join("workbooks/handworked_564_oulu.xlsx")).expect("opens");
    let range = wb.worksheet_range("Tavoittavuus").expect("reach sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header = rows.iter().position(|r| r.first() == Some(&Data::String("Alue".into()))).expect("table header");
    let row =
        |year: f64| rows.iter().skip(header + 1).find(|r| r[1] == Data::String("564".into()) && r[2] == Data::Float(year)).expect("Oulu");
    let row_2024 = row(2024.0);
    assert_eq!(row_2024[3], Data::String("<5".into()), "events suppressed");
    assert_eq!(row_2024[4], Data::Float(10.0), "clients");
    assert_eq!(row_2024[5], Data::Empty, "unique clients withheld under 3 events with a code");
    match &row_2024[12] {
        Data::Float(v) => close(*v, 10_000.0 / 214_633.0, "rate in workbook"),
        other => panic!("rate is {other:?}"),
    }
    // 2023: 5 events and 12 clients, hidden so that Kempele's, Kuusamo's and Ii's small counts
    // cannot be worked out from the region's: the secondary mark, and no rate.
    let row_2023 = row(2023.0);
    assert_eq!((&row_2023[3], &row_2023[4]), (&Data::String("..".into()), &Data::String("..".into())));
    assert_eq!(row_2023[12], Data::Empty);
}
