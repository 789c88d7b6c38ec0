//! A wrong pipeline file: every problem at once, with lines, exit status 2, nothing written.

use crate::support::*;

#[test]
fn three_mistakes_are_reported_together_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pipeline = dir.path().join("wrong.toml");
    std::fs::write(
        &pipeline,
        "[pipeline]\nname = \"wrong\"\narea = { region = \"17\" }\nyears = [2024, 2022]\nlangauge = \"fi\"\n\n[[activity]]\nfiles = [\"missing/*.xlsx\"]\n",
    )
    .expect("write pipeline");
    let out = dir.path().join("out");
    let o = digihyte(&["run", pipeline.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("3 problems"), "{err}");
    assert!(err.contains("wrong.toml:5:1: unknown field `langauge`"), "{err}");
    assert!(err.contains("wrong.toml:4:9: years are reversed"), "{err}");
    assert!(err.contains("wrong.toml:8:10: `missing/*.xlsx` matches no file"), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn an_unreadable_pipeline_file_is_a_usage_error() {
    let o = digihyte(&["run", "no/such/pipeline.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read the pipeline file"));
}
