//! The blind test sets (fixtures/blind/): region-wide messy logs and survey exports whose
//! words were chosen by helpers who never saw this code, with the truth they counted by hand
//! (`truth.json`, computed by their generators from the true values, never by reading the
//! files back). A run must lose no event to a word: the accounting of every file, the reach
//! of every municipality-year and the feedback equal the truth; the mix of topics, channels,
//! providers and ages may differ only where a person's judgement differs (see the README).

use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;

fn truth(set: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(format!("fixtures/blind/set_{set}/truth.json"))).expect("truth"))
        .expect("json")
}

fn run_set(set: &str, out: &Path) {
    let o = digihyte(&[
        "run",
        &format!("fixtures/blind/set_{set}/pipeline.toml"),
        "--out",
        out.to_str().expect("utf-8"),
        "--run-date",
        "2025-01-15",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The reasons a row may be rejected for: dates, municipalities and numbers, never a word.
const REJECTABLE: &[&str] = &[
    "missing_date",
    "bad_date",
    "future_date",
    "missing_municipality",
    "unknown_municipality",
    "clients_not_numeric",
    "clients_not_positive",
    "duration_not_numeric",
    "duration_absurd",
    "age_invalid",
    "answer_invalid",
];

/// Compares a run of set `set` with its truth; returns (mix cells equal, mix cells).
fn check(set: &str) -> (usize, usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_set(set, &out);
    let t = truth(set);
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let rejected = read_csv(&out.join("internal/rejected.csv"));

    // Every file: nothing lost, and the same rows accepted and rejected, for the same reasons.
    for f in t["files"].as_array().expect("files") {
        let path = f["path"].as_str().unwrap();
        let m =
            manifest["inputs"].as_array().unwrap().iter().find(|i| i["path"] == path).unwrap_or_else(|| panic!("{set}: {path} not read"));
        assert!(m["error"].is_null(), "{set}: {path}: {}", m["error"]);
        let read = m["rows_read"].as_u64().unwrap();
        assert_eq!(read, m["rows_accepted"].as_u64().unwrap() + m["rows_rejected"].as_u64().unwrap() + m["rows_skipped"].as_u64().unwrap());
        assert_eq!(m["rows_accepted"], f["rows_accepted"], "{set}: {path} accepted");
        assert_eq!(m["rows_rejected"], f["rows_rejected"], "{set}: {path} rejected");
        assert_eq!(m["skipped"]["out_of_scope"], f["rows_out_of_scope"], "{set}: {path} out of scope");
        let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
        for r in rejected.iter().filter(|r| r["file"] == path) {
            assert!(REJECTABLE.contains(&r["reason"].as_str()), "{set}: {path} row {} rejected for {}", r["row"], r["reason"]);
            *reasons.entry(r["reason"].clone()).or_default() += 1;
        }
        let want: BTreeMap<String, u64> =
            f["rejected_by_reason"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        assert_eq!(reasons, want, "{set}: {path} reasons");
    }
    // An age is rejected only for a number that cannot be one (never for a word).
    for r in rejected.iter().filter(|r| r["reason"] == "age_invalid") {
        let v = r["value"].trim_start_matches("s. ").trim_end_matches(" v");
        assert!(v.trim_start_matches('-').parse::<i64>().is_ok(), "{set}: age word {:?} rejected", r["value"]);
    }

    // Reach: every municipality-year.
    let reach: BTreeMap<(String, String), Row> =
        read_csv(&out.join("internal/reach.csv")).into_iter().map(|r| ((r["area_code"].clone(), r["year"].clone()), r)).collect();
    let rows = t["reach"].as_array().unwrap();
    assert_eq!(rows.len(), 90, "30 municipalities × 3 years");
    for x in rows {
        let key = (x["municipality"].as_str().unwrap().to_string(), x["year"].to_string());
        let r = &reach[&key];
        let at = format!("{set} {} {}", key.0, key.1);
        for c in ["events", "clients", "clients_65plus", "clients_75plus", "events_with_duration", "support_points"] {
            assert_eq!(r[c], x[c].to_string(), "{at} {c}");
        }
        let minutes: f64 = r["hours"].parse::<f64>().unwrap() * 60.0;
        assert!((minutes - x["minutes"].as_f64().unwrap()).abs() < 1e-6, "{at} minutes {minutes} vs {}", x["minutes"]);
        let unique = if x["unique_clients"].is_null() { String::new() } else { x["unique_clients"].to_string() };
        assert_eq!(r["unique_clients"], unique, "{at} unique clients");
    }

    // Feedback of every municipality-year and item.
    let fb: BTreeMap<(String, String, String), Row> = read_csv(&out.join("internal/feedback.csv"))
        .into_iter()
        .map(|r| ((r["area_code"].clone(), r["year"].clone(), r["item"].clone()), r))
        .collect();
    let mut checked = 0;
    for x in t["feedback"].as_array().unwrap() {
        let Some(code) = x["municipality"].as_str() else { continue };
        let r = &fb[&(code.to_string(), x["year"].to_string(), x["item"].as_str().unwrap().to_string())];
        assert_eq!(r["n"], x["n"].to_string(), "{set} {code} {} {} n", x["year"], x["item"]);
        match x.get("dist") {
            Some(d) => {
                for k in 0..5 {
                    assert_eq!(r[&format!("n_{}", k + 1)], d[k].to_string(), "{set} {code} {} {} n_{}", x["year"], x["item"], k + 1);
                }
            }
            None => assert_eq!(r["yes"], x["yes"].to_string(), "{set} {code} {} {} yes", x["year"], x["item"]),
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked}");

    // The mix: cells that equal the truth.
    let mix: BTreeMap<(String, String, String, String), String> = read_csv(&out.join("internal/mix.csv"))
        .into_iter()
        .filter(|r| r["area_type"] == "municipality")
        .map(|r| ((r["area_code"].clone(), r["year"].clone(), r["dimension"].clone(), r["key"].clone()), r["events"].clone()))
        .collect();
    let truth_mix: BTreeMap<(String, String, String, String), String> = t["mix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                (
                    m["municipality"].as_str().unwrap().into(),
                    m["year"].to_string(),
                    m["dimension"].as_str().unwrap().into(),
                    m["key"].as_str().unwrap().into(),
                ),
                m["events"].to_string(),
            )
        })
        .collect();
    let mut keys: std::collections::BTreeSet<_> = mix.keys().cloned().collect();
    keys.extend(truth_mix.keys().cloned());
    let equal = keys.iter().filter(|k| mix.get(*k).map_or("0", |v| v.as_str()) == truth_mix.get(*k).map_or("0", |v| v.as_str())).count();
    (equal, keys.len())
}

type Row = BTreeMap<String, String>;

#[test]
fn blind_set_a_loses_no_event_to_a_word() {
    let (equal, all) = check("a");
    // Measured: 3 064 of 3 150; the rest are typos (never matched silently) and judgement
    // calls listed in fixtures/blind/README.md.
    assert!(equal * 100 >= all * 95, "mix: {equal} of {all} cells equal the truth");
}

#[test]
fn blind_set_b_loses_no_event_to_a_word() {
    let (equal, all) = check("b");
    // Measured: 3 063 of 3 150 (the rest: typos, and `nuori`, which the Youth Act makes
    // under 29 and the set's writer filed as unknown).
    assert!(equal * 100 >= all * 95, "mix: {equal} of {all} cells equal the truth");
}
