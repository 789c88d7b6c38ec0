//! Shared helpers: run the binary, read CSV and workbooks back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

/// Runs `digihyte` with `args` in the repository root.
pub fn digihyte(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_digihyte")).args(args).current_dir(root()).output().expect("runs digihyte")
}

/// Runs the shipped example pipeline (the realistic region) into `out` with a pinned run
/// date; panics unless it succeeds.
pub fn run_example(out: &Path, extra: &[&str]) -> Output {
    run_pipeline("pipelines/example.toml", out, extra)
}

/// Runs the hand-worked fixture (`fixtures/handworked/pipeline.toml`) into `out`.
pub fn run_handworked(out: &Path, extra: &[&str]) -> Output {
    run_pipeline("fixtures/handworked/pipeline.toml", out, extra)
}

/// Runs the metrics fixture (`fixtures/metrics/pipeline.toml`) into `out`; asserts success.
pub fn run_metrics(out: &Path) -> Output {
    run_pipeline("fixtures/metrics/pipeline.toml", out, &[])
}

/// Runs `pipeline` (relative to the repository) into `out` with the tests' run date, quietly;
/// asserts success.
fn run_pipeline(pipeline: &str, out: &Path, extra: &[&str]) -> Output {
    let out_s = out.to_str().expect("utf-8 path");
    let mut args = vec!["run", pipeline, "--out", out_s, "--run-date", "2025-01-15", "-q"];
    args.extend_from_slice(extra);
    let o = digihyte(&args);
    assert!(o.status.success(), "digihyte failed: {}\n{}", o.status, String::from_utf8_lossy(&o.stderr));
    o
}

/// A CSV as rows of column → value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

/// The header row of a CSV.
pub fn csv_header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    r.headers().expect("header").iter().map(str::to_string).collect()
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).expect("under base").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The text of a file; for `.xlsx`, the text of every part of the zip.
pub fn searchable_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read output");
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("zip entry");
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).ok();
            all.push_str(&s);
        }
        all
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}
