//! Every cell of every table in internal/ and data/ for the metrics fixture, against the
//! independent reference computation in fixtures/metrics/expected/ (see its README).

use crate::support::*;
use std::path::Path;

fn cells(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records().map(|rec| rec.expect("record").iter().map(str::to_string).collect()).collect()
}

fn same(actual: &str, expected: &str) -> bool {
    match (actual.parse::<f64>(), expected.parse::<f64>()) {
        (Ok(a), Ok(e)) => (a - e).abs() <= 1e-9 * e.abs().max(1.0),
        _ => actual == expected,
    }
}

/// Runs the metrics fixture and compares every table; returns the tables compared. The
/// reference computes the published tables with small counts marked (`<3`) and values
/// derived from them left empty; the program hides more than that (secondary suppression,
/// and the breakdown of a small or hidden figure), so a published cell is either the
/// reference's or empty, and `<3` only where the reference has it.
fn check_tables(kind: &str) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_metrics(&out);
    let expected_dir = root().join("fixtures/metrics/expected").join(kind);
    let mut compared = 0;
    for f in files_under(&expected_dir) {
        let expected = cells(&expected_dir.join(&f));
        let actual = cells(&out.join(kind).join(&f));
        let name = f.display();
        assert_eq!(actual.len(), expected.len(), "{kind}/{name}: row count");
        assert_eq!(actual[0], expected[0], "{kind}/{name}: header");
        for (i, (a, e)) in actual.iter().zip(&expected).enumerate().skip(1) {
            assert_eq!(a.len(), e.len(), "{kind}/{name} row {i}: columns");
            for (j, (x, y)) in a.iter().zip(e).enumerate() {
                // The published quadrants and medians are of the municipalities whose reach is
                // published (checked below); the reference places every municipality.
                let column = expected[0][j].as_str();
                if kind == "data" && (column == "quadrant" || name.to_string().contains("correlation")) {
                    continue;
                }
                let hidden_more = kind == "data" && x.is_empty();
                assert!(
                    same(x, y) || hidden_more,
                    "{kind}/{name} row {} ({}) column {}: got {x:?}, expected {y:?}",
                    i + 1,
                    a[..4].join(","),
                    expected[0][j]
                );
            }
        }
        compared += 1;
    }
    compared
}

#[test]
fn every_internal_table_matches_the_reference_computation() {
    assert_eq!(check_tables("internal"), 8);
}

#[test]
fn every_published_table_matches_the_reference_computation() {
    assert_eq!(check_tables("data"), 8);
}

#[test]
fn secondary_suppression_hides_only_what_it_must_in_the_metrics_fixture() {
    // Every published cell is checked against the reference above; here, that the program
    // still publishes most of what the reference publishes.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_metrics(&out);
    let (mut published, mut reference) = (0, 0);
    for f in ["reach.csv", "mix.csv", "feedback.csv"] {
        let expected = cells(&root().join("fixtures/metrics/expected/data").join(f));
        let actual = cells(&out.join("data").join(f));
        for (a, e) in actual.iter().zip(&expected).skip(1) {
            for (x, y) in a.iter().zip(e) {
                if !y.is_empty() && !y.starts_with('<') {
                    reference += 1;
                    published += usize::from(!x.is_empty());
                }
            }
        }
    }
    // Measured: 2 514 of 3 213 (78 %) with min_count 3 over five small municipalities.
    assert!(published * 10 >= reference * 7, "{published} of {reference} reference values published");
}

#[test]
fn published_quadrants_are_placed_against_the_published_rates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_metrics(&out);
    let rows = read_csv(&out.join("data/need_reach.csv"));
    let corr = read_csv(&out.join("data/need_reach_correlation.csv"));
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let mut placed = 0;
    for c in &corr {
        let year: Vec<_> = rows.iter().filter(|r| r["year"] == c["year"]).collect();
        let both: Vec<(f64, f64)> =
            year.iter().filter_map(|r| Some((r["need_index"].parse::<f64>().ok()?, r["clients_per_1000"].parse::<f64>().ok()?))).collect();
        assert_eq!(c["n"], both.len().to_string(), "n is the municipalities with a published rate");
        if both.is_empty() {
            continue;
        }
        let (nm, rm) = (median(both.iter().map(|b| b.0).collect()), median(both.iter().map(|b| b.1).collect()));
        assert!((c["need_median"].parse::<f64>().unwrap() - nm).abs() < 1e-12);
        assert!((c["clients_per_1000_median"].parse::<f64>().unwrap() - rm).abs() < 1e-12);
        for r in year {
            let expected = match (r["need_index"].parse::<f64>(), r["clients_per_1000"].parse::<f64>()) {
                (Ok(n), Ok(rate)) => {
                    format!("{}_need_{}_reach", if n >= nm { "high" } else { "low" }, if rate >= rm { "high" } else { "low" })
                }
                _ => String::new(),
            };
            assert_eq!(r["quadrant"], expected, "{} {}", r["area_code"], r["year"]);
            placed += usize::from(!expected.is_empty());
        }
    }
    assert!(placed > 0);
}
