//! The command line as scheduled runs and people use it: exit codes, the atomic swap of
//! the output folder, the lock, logs, `check`, `template` and `municipalities`.

use crate::support::*;
use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `digihyte` with extra environment variables.
fn digihyte_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_digihyte"));
    c.args(args).current_dir(root());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("runs digihyte")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the hand-worked fixture's pipeline in `dir` (as `example.toml`), reading the
/// fixture's files and writing to `dir/out`.
fn example_pipeline_in(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("fixtures/handworked/pipeline.toml")).expect("fixture pipeline");
    let fixture = root().join("fixtures/handworked").to_string_lossy().replace('\\', "/");
    let text = text.replace("files = [\"", &format!("files = [\"{fixture}/")).replace("[pipeline]\n", "[pipeline]\noutput = \"out\"\n");
    let p = dir.join("example.toml");
    std::fs::write(&p, text).expect("write pipeline");
    p
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).expect("read"))).collect()
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest")).expect("manifest is JSON")
}

fn manifest_warnings(out: &Path) -> Vec<String> {
    manifest(out)["warnings"].as_array().expect("warnings").iter().map(|w| w.as_str().expect("string").to_string()).collect()
}

const RUN_DATE: &str = "2025-01-15";

fn run_in(pipeline: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args = vec!["run", pipeline.to_str().unwrap(), "--run-date", RUN_DATE];
    args.extend_from_slice(extra);
    digihyte_env(&args, env)
}

#[test]
fn exit_1_when_more_rows_are_rejected_than_allowed_and_the_reports_are_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let o = run_in(&p, &["--max-rejected", "0.01", "-q"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = dir.path().join("out");
    assert!(out.join("data/reach.csv").is_file());
    // 7 of 90 rows: the warning is on stderr and in the manifest.
    assert!(stderr(&o).contains("7.8 % of the rows were rejected"), "{}", stderr(&o));
    assert!(manifest_warnings(&out).iter().any(|w| w.contains("more than max_rejected 1.0 %")));
    let o = run_in(&p, &["--max-rejected", "0.1", "-q"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn exit_2_for_a_wrong_command_line_or_pipeline_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    for args in [
        vec!["run", p.to_str().unwrap(), "--language", "de"],
        vec!["run", p.to_str().unwrap(), "--max-rejected", "5"],
        vec!["check", "no/such/pipeline.toml"],
        vec!["run", "--no-such-flag"],
        vec!["municipalities", "--region", "99"],
        vec!["template", "activity", "--language", "de", "--out", "x.xlsx"],
    ] {
        let o = digihyte(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(names_in(dir.path()), ["example.toml"], "nothing was written");
}

/// A pipeline whose only activity file is not a spreadsheet.
fn unreadable_pipeline(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("activity")).unwrap();
    std::fs::write(dir.join("activity/loki.xlsx"), b"PK\x03\x04 this is not a workbook").unwrap();
    let p = dir.join("broken.toml");
    std::fs::write(&p, "[pipeline]\nname = \"broken\"\narea = { region = \"17\" }\nyears = [2022, 2024]\noutput = \"out\"\n\n[[activity]]\nfiles = [\"activity/*.xlsx\"]\n").unwrap();
    p
}

#[test]
fn exit_3_when_no_activity_file_can_be_read_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = unreadable_pipeline(dir.path());
    let o = run_in(&p, &[], &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("loki.xlsx: not read"), "{}", stderr(&o));
    assert_eq!(names_in(dir.path()), ["activity", "broken.toml"], "no output, no lock file, no staging folder");
    let o = digihyte(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stdout(&o).contains("NOT READ"), "{}", stdout(&o));
}

#[test]
fn exit_4_when_the_output_folder_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("reports");
    let o = run_in(&p, &["--out", out.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("a-file"), "{}", stderr(&o));
}

#[test]
fn a_folder_that_is_not_a_digihyte_output_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "precious").unwrap();
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a digihyte output folder"), "{}", stderr(&o));
    assert_eq!(names_in(&out), ["thesis.docx"]);
    assert_eq!(names_in(dir.path()), ["example.toml", "out"]);
}

#[test]
fn the_chart_specs_a_run_writes_for_the_floor_benchmark_draw_exactly_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let specs_path = dir.path().join("specs.json");
    let o = run_in(&p, &["-q"], &[("DIGIHYTE_CHART_SPECS", specs_path.to_str().unwrap())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    // The specs are written beside, never into, the output folder.
    assert!(!files_under(&out).iter().any(|f| f.to_string_lossy().contains("spec")));
    let specs: Vec<(String, digihyte_report::charts::ChartSpec)> =
        serde_json::from_slice(&std::fs::read(&specs_path).expect("the specs were written")).expect("specs are JSON");
    let mut charts: Vec<String> =
        names_in(&out.join("charts")).into_iter().filter_map(|n| n.strip_suffix(".png").map(str::to_string)).collect();
    let mut stems: Vec<String> = specs.iter().map(|(s, _)| s.clone()).collect();
    charts.sort();
    stems.sort();
    assert_eq!(stems, charts, "one spec per chart file");
    for (stem, spec) in &specs {
        let drawn = digihyte_report::charts::render_spec(spec).expect("draws");
        assert!(drawn.png == std::fs::read(out.join(format!("charts/{stem}.png"))).unwrap(), "{stem}.png differs");
        assert!(drawn.svg.as_bytes() == std::fs::read(out.join(format!("charts/{stem}.svg"))).unwrap(), "{stem}.svg differs");
    }
}

#[test]
fn a_run_that_fails_mid_write_leaves_the_previous_output_byte_identical_and_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let out = dir.path().join("out");
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = snapshot(&out);
    // A run that would write different files (Swedish) fails half-way through its write.
    let o = run_in(&p, &["-q", "--language", "sv"], &[("DIGIHYTE_FAIL_AFTER_WRITE", "1")]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("DIGIHYTE_FAIL_AFTER_WRITE"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before, "the previous output folder changed");
    assert_eq!(names_in(dir.path()), ["example.toml", "out"], "a staging folder or lock file was left behind");
}

/// Kills the child when dropped, so that a failed assertion never leaves it running.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_run_killed_mid_write_leaves_the_previous_output_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let out = dir.path().join("out");
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = snapshot(&out);

    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_digihyte"))
            .args(["run", p.to_str().unwrap(), "--run-date", RUN_DATE, "--language", "en"])
            .env("DIGIHYTE_PAUSE_MID_WRITE", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn"),
    );
    let pid = child.0.id();
    let mut lines = std::io::BufReader::new(child.0.stderr.take().expect("stderr")).lines();
    let mut seen = String::new();
    loop {
        match lines.next() {
            Some(Ok(line)) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains("DIGIHYTE_PAUSE_MID_WRITE") {
                    break;
                }
            }
            _ => panic!("the run ended before pausing:\n{seen}"),
        }
    }
    // Mid-write: the staging folder is half full, the lock is held.
    let lock = dir.path().join(".out.lock");
    assert!(std::fs::read_to_string(&lock).unwrap().contains(&format!("pid={pid}")));
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(5), "a second run while the first writes: {}", stderr(&o));
    assert!(stderr(&o).contains(&format!("process {pid}")) && stderr(&o).contains(".out.lock"), "{}", stderr(&o));

    drop(child); // SIGKILL
    assert_eq!(snapshot(&out), before, "the previous output folder changed");
    assert!(names_in(dir.path()).iter().any(|n| n.starts_with(".out.new-")), "the killed run's staging folder is there");

    // The next run takes over the dead run's lock, removes its staging folder, and says so.
    let o = run_in(&p, &[], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("took over the lock") && err.contains(&format!("process {pid}")), "{err}");
    assert!(err.contains("is no longer running"), "{err}");
    assert!(err.contains("removed") && err.contains(".out.new-"), "{err}");
    let warnings = manifest_warnings(&out);
    assert!(warnings.iter().any(|w| w.contains("took over the lock")), "{warnings:?}");
    assert_eq!(names_in(dir.path()), ["example.toml", "out"]);
}

#[test]
fn a_second_run_on_the_same_output_is_refused_while_the_lock_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let lock_path = dir.path().join(".out.lock");
    let mut lock = std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&lock_path).unwrap();
    fs4::FileExt::try_lock(&lock).expect("the test takes the lock");
    write!(lock, "pid={}\nstarted=2026-01-01T00:00:00+02:00\n", std::process::id()).unwrap();
    let o = run_in(&p, &[], &[]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&lock_path.display().to_string()), "names the lock file: {err}");
    assert!(err.contains(&format!("process {}", std::process::id())), "names the process: {err}");
    assert!(!dir.path().join("out").exists());
    drop(lock);
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_stale_lock_of_a_process_that_is_gone_is_taken_over_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    // The id of a process that has ended.
    let mut gone = Command::new(env!("CARGO_BIN_EXE_digihyte")).arg("--version").stdout(Stdio::null()).spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    std::fs::write(dir.path().join(".out.lock"), format!("pid={dead}\nstarted=2026-01-01T00:00:00+02:00\n")).unwrap();
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("took over the lock") && stderr(&o).contains(&format!("process {dead}")), "{}", stderr(&o));
    let warnings = manifest_warnings(&dir.path().join("out"));
    assert!(warnings.iter().any(|w| w.contains(&format!("process {dead}"))), "{warnings:?}");
    assert!(!dir.path().join(".out.lock").exists(), "the lock file is removed at the end");
}

#[test]
fn json_logs_are_one_object_per_line_and_every_warning_is_in_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let o = run_in(&p, &["--log-format", "json", "-v"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let mut levels = BTreeMap::new();
    let mut warned = Vec::new();
    for line in err.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        let level = v["level"].as_str().expect("level").to_string();
        let message = v["fields"]["message"].as_str().expect("message").to_string();
        if level == "WARN" {
            warned.push(message);
        }
        *levels.entry(level).or_insert(0) += 1;
    }
    assert!(levels.contains_key("INFO") && levels.contains_key("DEBUG"), "{levels:?}");
    assert!(!warned.is_empty());
    let in_manifest = manifest_warnings(&dir.path().join("out"));
    for w in &warned {
        assert!(in_manifest.contains(w), "warning {w:?} is not in the manifest {in_manifest:?}");
    }
}

#[test]
fn quiet_shows_only_warnings_and_no_progress_output_goes_to_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(!err.is_empty() && err.lines().all(|l| l.trim_start().starts_with("WARN")), "{err}");
    for args in [vec![], vec!["-v"]] {
        let o = run_in(&p, &args, &[]);
        let err = stderr(&o);
        assert!(err.contains("INFO"), "{err}");
        assert!(!err.contains('\r') && !err.contains("\x1b["), "progress or colour codes on a pipe: {err:?}");
    }
    let o = digihyte(&["check", p.to_str().unwrap()]);
    assert!(!stderr(&o).contains('\r') && !stdout(&o).contains("\x1b["));
}

#[test]
fn check_prints_the_accounting_a_run_would_produce_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_pipeline_in(dir.path());
    let o = digihyte(&["check", p.to_str().unwrap(), "--run-date", RUN_DATE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names_in(dir.path()), ["example.toml"], "check wrote something");
    let text = stdout(&o);
    let row = |file: &str| -> Vec<String> {
        let line = text.lines().find(|l| l.contains(file) && l.contains("activity")).unwrap_or_else(|| panic!("{file} missing:\n{text}"));
        line.split_whitespace().skip(2).map(str::to_string).collect()
    };
    // The same figures as the run's manifest (tests/handworked.rs).
    assert_eq!(row("oulu_kirjasto_2022-2024.xlsx"), ["22", "14", "3", "5"]);
    assert_eq!(row("yhdistykset_2022-2024.csv"), ["17", "9", "3", "5"]);
    assert_eq!(row("ii_asiointipiste.xlsx"), ["5", "4", "1", "0"]);
    assert!(text.contains("rejected: bad_date 1, unknown_municipality 1, clients_not_numeric 1"), "{text}");
    assert!(text.contains("skipped: blank 2, total 1, title 2"), "{text}");
    let total: Vec<&str> = text.lines().find(|l| l.trim_start().starts_with("total")).unwrap().split_whitespace().collect();
    assert_eq!(total, ["total", "90", "69", "7", "14"]);
    // The unknown words, where they are, and a [words] block to paste.
    assert!(text.contains("unknown words (2)"), "{text}");
    assert!(text.contains("vanha") && text.contains("yhdistykset_2022-2024.csv › Ikäryhmä (G), row 14"), "{text}");
    assert!(text.contains("[words.age_group]\n\"vanha\" = \"unknown\""), "{text}");
    let o = digihyte(&["check", p.to_str().unwrap(), "--run-date", RUN_DATE, "--max-rejected", "0.01"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(names_in(dir.path()), ["example.toml"]);
}

#[test]
fn municipalities_lists_the_classification_by_region() {
    let o = digihyte(&["municipalities", "--region", "17"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let rows: Vec<&str> = text.lines().filter(|l| l.len() > 3 && l.as_bytes()[..3].iter().all(u8::is_ascii_digit)).collect();
    assert_eq!(rows.len(), 30, "{text}");
    let oulu: Vec<&str> = rows.iter().find(|l| l.starts_with("564")).unwrap().split_whitespace().collect();
    assert_eq!(oulu[..4], ["564", "Oulu", "Uleåborg", "17"]);
    // Columns line up: every row has its region at the same character position.
    let at: Vec<usize> = rows.iter().map(|l| l[..l.find("17 Pohjois").unwrap()].chars().count()).collect();
    assert!(at.windows(2).all(|w| w[0] == w[1]), "{at:?}");
    let all = stdout(&digihyte(&["municipalities"]));
    assert_eq!(all.lines().filter(|l| l.len() > 3 && l.as_bytes()[..3].iter().all(u8::is_ascii_digit)).count(), 308);
    // An earlier year: the municipalities that have merged since, with their successors.
    let old = stdout(&digihyte(&["municipalities", "--region", "17", "--year", "2012"]));
    assert!(old.contains("not 2012"), "{old}");
    let haukipudas = old.lines().find(|l| l.contains("Haukipudas")).expect("Haukipudas existed in 2012");
    assert!(haukipudas.contains("564 Oulu"), "{haukipudas}");
    assert!(!old.contains("Ylikiiminki"), "merged into Oulu in 2009, so not a 2012 municipality");
}

mod template {
    use super::*;
    use chrono::NaiveDate;
    use digihyte_core::{Channel, ProviderType, SourceKind, Topic};
    use digihyte_pipeline::{Field, Source};
    use digihyte_report::template::{self as tpl, TemplateKind, Value};

    fn source(kind: SourceKind) -> Source {
        Source {
            kind,
            files: Vec::new(),
            sheet: None,
            default_municipality: None,
            default_provider: None,
            columns: Vec::new(),
            items: Vec::new(),
        }
    }

    fn read(path: &Path, kind: SourceKind) -> digihyte_ingest::FileOutcome {
        let ctx = digihyte_ingest::Context::new(NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(), 2000, 2100);
        digihyte_ingest::read_file(path, "template.xlsx", &source(kind), &ctx)
    }

    const KINDS: [(&str, TemplateKind, SourceKind); 3] = [
        ("activity", TemplateKind::Activity, SourceKind::Activity),
        ("feedback", TemplateKind::Feedback, SourceKind::Feedback),
        ("actor-survey", TemplateKind::ActorSurvey, SourceKind::ActorSurvey),
    ];

    #[test]
    fn every_template_header_is_one_the_reader_recognises() {
        for (_, kind, source_kind) in KINDS {
            let allowed = Field::for_kind(source_kind);
            for lang in ["fi", "sv", "en"] {
                for c in tpl::columns(kind, lang) {
                    if let Some(field) = allowed.iter().find(|f| f.key() == c.key) {
                        assert_eq!(digihyte_ingest::header::recognise(&c.header, allowed), Some(*field), "{lang} {:?}", c.header);
                    } else {
                        // Feedback items: never mistaken for another field.
                        assert_eq!(digihyte_ingest::header::recognise(&c.header, allowed), None, "{lang} {:?}", c.header);
                    }
                }
            }
        }
    }

    #[test]
    fn the_written_template_is_read_back_with_zero_rejections() {
        let dir = tempfile::tempdir().unwrap();
        for (arg, _, source_kind) in KINDS {
            for lang in ["fi", "sv", "en"] {
                let path = dir.path().join(format!("{arg}-{lang}.xlsx"));
                let o = digihyte(&["template", arg, "--language", lang, "--out", path.to_str().unwrap()]);
                assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
                let got = read(&path, source_kind);
                let a = &got.account;
                assert_eq!(a.error, None, "{arg} {lang}");
                assert_eq!(a.rows_rejected, 0, "{arg} {lang}: {:?}", got.rejections);
                assert!(got.unknown.is_empty(), "{arg} {lang}: {:?}", got.unknown);
                assert_eq!((a.rows_read, a.rows_accepted), (1, 1), "{arg} {lang}: the example row");
                assert_eq!(a.sheets.len(), 1, "only the data sheet is read: {:?}", a.sheets);
                assert!(got.warnings.is_empty(), "{arg} {lang}: {:?}", got.warnings);
                // Every question of the template is recognised as its item.
                match source_kind {
                    SourceKind::Feedback => {
                        let items: Vec<&str> = got.feedback[0].answers.iter().map(|(k, _)| k.as_str()).collect();
                        assert_eq!(items, ["got_help", "can_do_myself", "confidence_grew", "cope_better", "would_recommend"], "{lang}");
                        assert_eq!(got.feedback[0].municipality, Some(564));
                    }
                    SourceKind::ActorSurvey => {
                        let r = &got.actor_survey[0];
                        assert_eq!(
                            (r.municipality, r.in_report, r.in_plan, r.contact_person, r.support_points),
                            (564, Some(true), Some(false), Some(true), Some(12)),
                            "{lang}"
                        );
                    }
                    _ => assert_eq!(got.events[0].municipality, 564),
                }
            }
        }
        // An existing file is never overwritten without --force.
        let path = dir.path().join("activity-fi.xlsx");
        let before = std::fs::read(&path).unwrap();
        let o = digihyte(&["template", "activity", "--out", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(digihyte(&["template", "activity", "--force", "--out", path.to_str().unwrap()]).status.code(), Some(0));
    }

    #[test]
    fn a_template_filled_with_every_dropdown_value_is_read_as_those_keys() {
        let dir = tempfile::tempdir().unwrap();
        let d = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        for lang in ["fi", "sv", "en"] {
            let providers: Vec<ProviderType> = ProviderType::ALL.iter().copied().filter(|p| *p != ProviderType::Unknown).collect();
            let channels: Vec<Channel> = Channel::ALL.iter().copied().filter(|c| *c != Channel::Unknown).collect();
            let topics: Vec<Topic> = Topic::ALL.iter().copied().filter(|t| *t != Topic::Unknown).collect();
            let names = tpl::municipality_names(lang);
            let n = providers.len().max(channels.len()).max(topics.len());
            let rows: Vec<Vec<Value>> = (0..n)
                .map(|i| {
                    let mut row = tpl::example_row(TemplateKind::Activity, lang, d);
                    row[1] = Value::Text(names[i * 37 % names.len()].clone());
                    row[3] = Value::Text(tpl::provider_label(providers[i % providers.len()], lang));
                    row[4] = Value::Text(tpl::channel_label(channels[i % channels.len()], lang));
                    row[5] = Value::Text(tpl::topic_label(topics[i % topics.len()], lang));
                    row
                })
                .collect();
            let path = dir.path().join(format!("filled-{lang}.xlsx"));
            std::fs::write(&path, tpl::render(TemplateKind::Activity, lang, &rows, d).unwrap()).unwrap();
            let got = read(&path, SourceKind::Activity);
            assert_eq!(got.account.rows_rejected, 0, "{lang}: {:?}", got.rejections);
            assert_eq!(got.account.rows_accepted, n as u64, "{lang}");
            assert!(got.unknown.is_empty(), "{lang}: {:?}", got.unknown);
            for (i, e) in got.events.iter().enumerate() {
                assert_eq!(e.date, d);
                assert_eq!(e.provider, providers[i % providers.len()], "{lang} row {i}");
                assert_eq!(e.channel, channels[i % channels.len()], "{lang} row {i}");
                assert_eq!(e.topics.iter().collect::<Vec<_>>(), [topics[i % topics.len()]], "{lang} row {i}");
                assert_eq!(e.duration_min, Some(30.0));
            }
        }
    }

    #[test]
    fn the_template_has_dropdowns_formats_and_a_hidden_list_of_all_308_municipalities() {
        use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        assert_eq!(digihyte(&["template", "activity", "--out", path.to_str().unwrap()]).status.code(), Some(0));
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let sheets = wb.sheets_metadata().to_vec();
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Tapahtumat", "Ohjeet", "Listat"]);
        assert_eq!(sheets[2].visible, SheetVisible::Hidden);
        let data = wb.worksheet_range("Tapahtumat").unwrap();
        assert_eq!(data.get((0, 0)), Some(&Data::String("Päivämäärä".into())));
        assert!(matches!(data.get((1, 0)), Some(Data::DateTime(_))), "the example date is a date: {:?}", data.get((1, 0)));
        let lists = wb.worksheet_range("Listat").unwrap();
        let municipalities = lists.rows().skip(1).filter(|r| matches!(r.first(), Some(Data::String(_)))).count();
        assert_eq!(municipalities, 308);
        let xml = searchable_text(&path);
        assert_eq!(xml.matches("<dataValidation ").count(), 10, "one check per column");
        assert!(xml.contains("'Listat'!$A$2:$A$309"), "the municipality dropdown");
    }
}

#[test]
fn formula_like_text_from_inputs_is_written_to_workbooks_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(
        dir.path().join("a/loki.csv"),
        "Päivämäärä;Kotikunta;Tukipiste;Aihe\n1.3.2024;\"=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";Kirjasto;pankki\n2.3.2024;Oulu;+cmd;@SUM(A1)\n3.3.2024;-2+3;Kirjasto;pankki\n",
    )
    .unwrap();
    let p = dir.path().join("f.toml");
    std::fs::write(&p, "[pipeline]\nname = \"f\"\narea = { region = \"17\" }\nyears = [2024, 2024]\noutput = \"out\"\n\n[[activity]]\nfiles = [\"a/*.csv\"]\n").unwrap();
    let o = run_in(&p, &["-q"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let rejected = read_csv(&out.join("internal/rejected.csv"));
    assert!(rejected.iter().any(|r| r["value"].starts_with("=HYPERLINK")), "{rejected:?}");
    for f in files_under(&out).iter().filter(|f| f.extension().is_some_and(|e| e == "xlsx")) {
        let xml = searchable_text(&out.join(f));
        for formula in xml.split("<f>").skip(1).map(|rest| rest.split("</f>").next().unwrap_or_default()) {
            for injected in ["HYPERLINK", "cmd", "SUM(A1)", "-2+3"] {
                assert!(!formula.contains(injected), "{} turned input text into a formula: {formula}", f.display());
            }
        }
    }
    let xml = searchable_text(&out.join("internal/rejected.xlsx"));
    assert!(xml.contains("=HYPERLINK(&quot;http://x&quot;") || xml.contains("=HYPERLINK(\"http://x\""), "kept as text");
}
