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

/// Runs the metrics fixture and compares every table; returns the tables compared.
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
                assert!(
                    same(x, y),
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
