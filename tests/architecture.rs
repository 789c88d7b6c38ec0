//! The invariants of ARCHITECTURE.md, checked: which crate may depend on which library,
//! and what the sources of a crate must not contain. A change that breaks one fails here
//! (for example a writer that reads the raw figures instead of the published layer).

use crate::support::root;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each workspace package's normal (not dev) dependencies, by name.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    m["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().expect("name").to_string())
                .collect();
            (p["name"].as_str().expect("name").to_string(), deps)
        })
        .collect()
}

/// The packages that depend on `lib`.
fn users(deps: &BTreeMap<String, Vec<String>>, lib: &str) -> Vec<String> {
    deps.iter().filter(|(_, d)| d.iter().any(|x| x == lib)).map(|(p, _)| p.clone()).collect()
}

#[test]
fn each_library_is_known_only_where_architecture_md_says() {
    let deps = dependencies();
    assert!(deps.len() >= 8, "{deps:?}");
    for (lib, allowed) in [
        ("polars", &["digihyte-transform"][..]),
        ("calamine", &["digihyte-ingest", "digihyte-bench"]),
        ("encoding_rs", &["digihyte-ingest"]),
        ("rust_xlsxwriter", &["digihyte-report", "digihyte-bench"]),
        ("plotters", &["digihyte-report"]),
        ("docx-rs", &["digihyte-report", "digihyte-bench"]),
        ("clap", &["digihyte-cli", "digihyte-bench"]),
        ("anyhow", &["digihyte-cli", "digihyte-bench", "digihyte-server"]),
        ("toml", &["digihyte-pipeline"]),
        ("axum", &["digihyte-server"]),
        ("rusqlite", &["digihyte-server"]),
        ("tokio", &["digihyte-server"]),
        ("argon2", &["digihyte-server"]),
        ("minijinja", &["digihyte-server"]),
        ("toml_edit", &["digihyte-server"]),
        ("fs4", &["digihyte-engine"]),
        // The job is orchestrated once, in the engine: the command line and the server
        // call it and never the phases themselves.
        ("digihyte-transform", &["digihyte-engine", "digihyte-bench"]),
        ("digihyte-publish", &["digihyte-engine", "digihyte-report", "digihyte-bench"]),
    ] {
        for u in users(&deps, lib) {
            assert!(allowed.contains(&u.as_str()), "{u} depends on {lib}; ARCHITECTURE.md allows only {allowed:?}");
        }
    }
    // The published layer and the core know no file format and no writer.
    for p in ["digihyte-publish", "digihyte-core"] {
        let d = &deps[p];
        assert!(
            d.iter()
                .all(|x| x.starts_with("digihyte-") || ["unicode-normalization", "strsim", "chrono", "aho-corasick"].contains(&x.as_str())),
            "{p}: {d:?}"
        );
    }
    // The report takes the published layer and never the transform (nor polars through it).
    assert!(!deps["digihyte-report"].contains(&"digihyte-transform".to_string()));
    assert!(deps["digihyte-report"].contains(&"digihyte-publish".to_string()));
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The source of a file without its `#[cfg(test)]` module (tests may use anything).
fn code(p: &Path) -> String {
    let s = std::fs::read_to_string(p).expect("read");
    match s.find("#[cfg(test)]") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[test]
fn no_writer_reads_the_raw_figures() {
    // In the report crate the unsuppressed figures (`ReportInput::internal`) are read only
    // by the internal tables; every other writer takes `published`.
    let dir = root().join("crates/digihyte-report/src");
    let mut readers = Vec::new();
    for f in rust_files(&dir) {
        let text = code(&f);
        for (i, line) in text.lines().enumerate() {
            if line.contains(".internal") && !line.trim_start().starts_with("//") {
                readers.push(format!("{}:{}: {}", f.strip_prefix(&dir).unwrap().display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        readers.iter().all(|r| r.starts_with("outputs.rs") && r.contains("tidy::all_tables(input.published, input.internal)")),
        "only the internal tables may read the raw figures: {readers:#?}"
    );
    assert_eq!(readers.len(), 1, "{readers:#?}");
}

#[test]
fn what_each_crate_must_not_contain() {
    let checks: &[(&str, &[&str], &str)] = &[
        // (crate, forbidden text, why)
        ("digihyte-transform", &["std::fs", "File::"], "the transform does no file I/O"),
        ("digihyte-publish", &["std::fs", "File::", "polars"], "the published layer does no I/O and knows no engine"),
        ("digihyte-core", &["std::fs::read", "File::open"], "the core reads nothing at run time (reference data is compiled in)"),
        ("digihyte-report", &[".client_id", "client_id:"], "no client code ever reaches a writer"),
        ("digihyte-report", &["fn is_small", "min_count - 1", "< min"], "suppression is decided in the published layer only"),
        ("digihyte-ingest", &["rust_xlsxwriter", "plotters"], "only the report writes"),
        ("digihyte-pipeline", &["calamine", "rust_xlsxwriter"], "the pipeline file reads no input"),
    ];
    let mut broken = Vec::new();
    for (krate, forbidden, why) in checks {
        // Test-only modules (`streaming_tests.rs`) may use anything.
        for f in
            rust_files(&root().join("crates").join(krate).join("src")).into_iter().filter(|f| !f.to_string_lossy().ends_with("tests.rs"))
        {
            let text = code(&f);
            for word in *forbidden {
                if text.lines().any(|l| l.contains(word) && !l.trim_start().starts_with("//")) {
                    broken.push(format!("{}: contains `{word}`: {why}", f.display()));
                }
            }
        }
    }
    // Only the modules ARCHITECTURE.md names know each writing library.
    // (Paths inside crates/digihyte-report/src: a folder ends with `/`.)
    for (lib, allowed) in [
        ("rust_xlsxwriter", &["workbooks/", "lib.rs"][..]),
        ("plotters", &["charts/"][..]),
        ("docx_rs", &["documents/docx.rs"][..]),
        ("csv::", &["tidy.rs", "lib.rs"][..]),
    ] {
        let src = root().join("crates/digihyte-report/src");
        for f in rust_files(&src) {
            let name = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            let uses = code(&f).lines().any(|l| l.contains(lib) && !l.trim_start().starts_with("//"));
            let allowed_here = allowed.iter().any(|a| if a.ends_with('/') { name.starts_with(a) } else { name == *a });
            if uses && !allowed_here {
                broken.push(format!("{}: uses {lib}; ARCHITECTURE.md allows it only in {allowed:?}", f.display()));
            }
        }
    }
    // The raw figures' type is named only where the internal tables are made.
    for f in rust_files(&root().join("crates/digihyte-report/src")) {
        let text = code(&f);
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let imports_metrics = text.lines().any(|l| l.trim_start().starts_with("use digihyte_core") && l.contains("Metrics"));
        if imports_metrics && !["lib.rs", "tidy.rs"].contains(&name.as_str()) {
            broken.push(format!("{}: imports the raw figures (digihyte_core::Metrics)", f.display()));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn only_the_pipeline_and_the_chart_specs_are_deserialized() {
    // The pipeline file is the one input that serde reads; the chart specs are data the
    // benchmark's floor reads back (DIGIHYTE_CHART_SPECS).
    let mut found = Vec::new();
    for f in rust_files(&root().join("crates")) {
        let text = code(&f);
        if text.contains("Deserialize") {
            found.push(f.strip_prefix(root().join("crates")).unwrap().display().to_string());
        }
    }
    for f in &found {
        assert!(
            f.starts_with("digihyte-pipeline/") || f.starts_with("digihyte-report/src/charts") || f.starts_with("digihyte-server/"),
            "{f} derives Deserialize: {found:?}"
        );
    }
}
