//! The project's pipeline file (`pipeline.toml`), edited as text with `toml_edit` so that a
//! file someone wrote keeps its comments and layout: the page's settings, the sources of
//! uploaded files, the `[words]` chosen on the page. The file is what a run compiles
//! (`digihyte_pipeline::compile`, the same as `digihyte run`); nothing here decides what a
//! key means.

use std::path::Path;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table};

/// The folder inside a project where uploaded files are kept, as the pipeline names it.
pub const INPUTS: &str = "inputs";

/// The source tables of a pipeline file, by input kind.
pub const SOURCE_TABLES: [&str; 4] = ["activity", "feedback", "actor_survey", "indicators"];

/// The area of a job.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "codes", rename_all = "snake_case")]
pub enum AreaChoice {
    Region(String),
    Municipalities(Vec<String>),
    Country,
}

/// What the page's settings form edits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Settings {
    pub name: String,
    pub title: String,
    pub area: AreaChoice,
    pub first_year: i32,
    pub last_year: i32,
    pub language: String,
}

/// A source of the file: its table, index within that table, and file patterns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceInfo {
    pub table: String,
    pub index: usize,
    pub patterns: Vec<String>,
}

fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>().map_err(|e| e.to_string())
}

/// A new pipeline file for the settings.
pub fn new_pipeline(s: &Settings) -> String {
    let header = "# Made on the digihyte server's project page; the page edits it (area, years, sources of\n\
                  # uploaded files, [words]). It runs the same with `digihyte run pipeline.toml`.\n\n";
    let mut doc = DocumentMut::new();
    doc["pipeline"] = Item::Table(Table::new());
    doc["privacy"] = Item::Table(Table::new());
    doc["privacy"]["min_count"] = value(5);
    let text = apply(&mut doc, s);
    format!("{header}{text}")
}

fn apply(doc: &mut DocumentMut, s: &Settings) -> String {
    let p = &mut doc["pipeline"];
    p["name"] = value(s.name.trim());
    if s.title.trim().is_empty() {
        if let Some(t) = p.as_table_mut() {
            t.remove("title");
        }
    } else {
        p["title"] = value(s.title.trim());
    }
    let mut area = InlineTable::new();
    match &s.area {
        AreaChoice::Region(r) => {
            area.insert("region", r.trim().into());
        }
        AreaChoice::Municipalities(m) => {
            area.insert("municipalities", Array::from_iter(m.iter().map(|c| c.trim())).into());
        }
        AreaChoice::Country => {
            area.insert("country", true.into());
        }
    }
    p["area"] = value(area);
    p["years"] = value(Array::from_iter([s.first_year as i64, s.last_year as i64]));
    p["language"] = value(s.language.as_str());
    doc.to_string()
}

/// The file with the settings applied (other lines unchanged).
pub fn apply_settings(text: &str, s: &Settings) -> Result<String, String> {
    let mut doc = parse(text)?;
    if doc.get("pipeline").and_then(Item::as_table).is_none() {
        doc["pipeline"] = Item::Table(Table::new());
    }
    Ok(apply(&mut doc, s))
}

/// The settings as the file has them (what it lacks is left at a default).
pub fn settings_of(text: &str) -> Settings {
    let doc = parse(text).unwrap_or_default();
    let p = doc.get("pipeline");
    let s = |k: &str| p.and_then(|p| p.get(k)).and_then(Item::as_str).unwrap_or_default().to_string();
    let area = p.and_then(|p| p.get("area"));
    let area = match area {
        Some(a) if a.get("municipalities").is_some() => AreaChoice::Municipalities(
            a.get("municipalities")
                .and_then(Item::as_array)
                .map(|v| v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
        ),
        Some(a) if a.get("country").is_some() => AreaChoice::Country,
        Some(a) => AreaChoice::Region(a.get("region").and_then(Item::as_str).unwrap_or("17").to_string()),
        None => AreaChoice::Region("17".into()),
    };
    let years: Vec<i64> = p
        .and_then(|p| p.get("years"))
        .and_then(Item::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_integer()).collect())
        .unwrap_or_default();
    let (first, last) = match years.as_slice() {
        [a] => (*a, *a),
        [a, b, ..] => (*a, *b),
        _ => (2022, 2024),
    };
    let language = s("language");
    Settings {
        name: s("name"),
        title: s("title"),
        area,
        first_year: first as i32,
        last_year: last as i32,
        language: if language.is_empty() { "fi".into() } else { language },
    }
}

/// The name of the job (`[pipeline] name`), if the file has one.
pub fn name_of(text: &str) -> Option<String> {
    let n = settings_of(text).name;
    (!n.is_empty()).then_some(n)
}

/// The last part of a file pattern (`../fixtures/a/*.xlsx` → `*.xlsx`).
fn file_part(pattern: &str) -> String {
    pattern.rsplit(['/', '\\']).next().unwrap_or(pattern).to_string()
}

/// A folder name from a pipeline pattern, made safe (letters, digits, `-`, `_`), if any.
fn folder_part(pattern: &str) -> Option<String> {
    let mut parts: Vec<&str> = pattern.split(['/', '\\']).collect();
    parts.pop();
    let last = parts.into_iter().rev().find(|p| !p.is_empty() && *p != "." && *p != "..")?;
    let safe: String = last.chars().filter(|c| c.is_alphanumeric() || "-_".contains(*c)).collect();
    (!safe.is_empty() && safe == last).then_some(safe)
}

/// An existing pipeline file made to read this project's uploads: every `files` pattern
/// keeps its file-name part and its last folder under `inputs/`
/// (`../fixtures/example/indicators/*.csv` → `inputs/indicators/*.csv`), so that a pattern
/// that named every file of a folder still reads only that folder; `output` goes (the
/// server decides where the reports are written). Everything else stays as written.
pub fn import(text: &str) -> Result<String, String> {
    let mut doc = parse(text)?;
    if doc.get("pipeline").and_then(Item::as_table).is_none() {
        return Err("the file has no [pipeline] table".into());
    }
    if let Some(p) = doc["pipeline"].as_table_mut() {
        p.remove("output");
    }
    for table in SOURCE_TABLES {
        if let Some(aot) = doc.get_mut(table).and_then(Item::as_array_of_tables_mut) {
            for t in aot.iter_mut() {
                if let Some(files) = t.get_mut("files").and_then(Item::as_array_mut) {
                    let new: Vec<String> = files
                        .iter()
                        .filter_map(|v| v.as_str())
                        .map(|p| match folder_part(p) {
                            Some(f) => format!("{INPUTS}/{f}/{}", file_part(p)),
                            None => format!("{INPUTS}/{}", file_part(p)),
                        })
                        .collect();
                    let mut arr = Array::from_iter(new);
                    arr.decor_mut().clone_from(files.decor());
                    *files = arr;
                }
            }
        }
    }
    Ok(doc.to_string())
}

/// Every source of the file.
pub fn sources(text: &str) -> Vec<SourceInfo> {
    let Ok(doc) = parse(text) else { return Vec::new() };
    let mut out = Vec::new();
    for table in SOURCE_TABLES {
        if let Some(aot) = doc.get(table).and_then(Item::as_array_of_tables) {
            for (index, t) in aot.iter().enumerate() {
                let patterns = t
                    .get("files")
                    .and_then(Item::as_array)
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                    .unwrap_or_default();
                out.push(SourceInfo { table: table.to_string(), index, patterns });
            }
        }
    }
    out
}

/// How specific a pattern's file-name part is: its literal characters.
fn literal_chars(name_pattern: &str) -> usize {
    name_pattern.chars().filter(|c| !"*?[]!".contains(*c)).count()
}

/// Where an uploaded file named `file` goes, relative to the project folder (`inputs` or
/// `inputs/<folder>`): the folder of the most specific pattern whose file-name part
/// matches it (a name written out beats `*.csv`); `None` when no source reads such a name.
pub fn placement(text: &str, file: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for s in sources(text) {
        for p in &s.patterns {
            let name = file_part(p);
            let folder = p.strip_suffix(&name).unwrap_or("").trim_end_matches(['/', '\\']).to_string();
            if !(folder == INPUTS || folder.strip_prefix(INPUTS).is_some_and(|f| f.starts_with('/') && !f[1..].contains('/'))) {
                continue;
            }
            if glob::Pattern::new(&name).is_ok_and(|g| g.matches(file)) {
                let score = literal_chars(&name);
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    best = Some((score, folder));
                }
            }
        }
    }
    best.map(|(_, f)| f)
}

/// The file with a new source of `table` (`activity` …) that reads `inputs/<file>`.
pub fn add_source(text: &str, table: &str, file: &str) -> Result<String, String> {
    if !SOURCE_TABLES.contains(&table) {
        return Err(format!("unknown kind of input `{table}`"));
    }
    let mut doc = parse(text)?;
    if doc.get(table).and_then(Item::as_array_of_tables).is_none() {
        doc.insert(table, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let mut t = Table::new();
    t["files"] = value(Array::from_iter([format!("{INPUTS}/{file}")]));
    doc[table].as_array_of_tables_mut().expect("an array of tables").push(t);
    Ok(doc.to_string())
}

/// The file without the `index`th source of `table`.
pub fn remove_source(text: &str, table: &str, index: usize) -> Result<String, String> {
    let mut doc = parse(text)?;
    let aot = doc.get_mut(table).and_then(Item::as_array_of_tables_mut).ok_or("no such source")?;
    if index >= aot.len() {
        return Err("no such source".into());
    }
    aot.remove(index);
    if aot.is_empty() {
        doc.remove(table);
    }
    Ok(doc.to_string())
}

/// The file without the sources none of whose patterns matches a file under `base`, and
/// those sources. For checking uploads while some of the file's sources still wait for
/// their files (a run compiles the whole file and says which pattern matches nothing).
pub fn without_unmatched(text: &str, base: &Path) -> (String, Vec<SourceInfo>) {
    let unmatched: Vec<SourceInfo> = sources(text)
        .into_iter()
        .filter(|s| {
            !s.patterns.iter().any(|p| {
                let full = base.join(p);
                glob::glob(&full.to_string_lossy()).map(|mut g| g.any(|f| f.is_ok_and(|f| f.is_file()))).unwrap_or(false)
            })
        })
        .collect();
    let mut t = text.to_string();
    // Remove from the last, so that indexes stay right.
    for s in unmatched.iter().rev() {
        if let Ok(next) = remove_source(&t, &s.table, s.index) {
            t = next;
        }
    }
    (t, unmatched)
}

/// The file with `[words]` entries set: (dimension, word, key).
pub fn set_words(text: &str, words: &[(String, String, String)]) -> Result<String, String> {
    let mut doc = parse(text)?;
    if doc.get("words").and_then(Item::as_table).is_none() {
        let mut t = Table::new();
        t.set_implicit(true);
        doc.insert("words", Item::Table(t));
    }
    for (dim, word, key) in words {
        let w = doc["words"].as_table_mut().expect("a table");
        if w.get(dim).is_none() {
            w.insert(dim, Item::Table(Table::new()));
        }
        match w.get_mut(dim) {
            Some(Item::Table(t)) => {
                t.insert(word, value(key.as_str()));
            }
            Some(item) => {
                if let Some(it) = item.as_inline_table_mut() {
                    it.insert(word, key.as_str().into());
                }
            }
            None => {}
        }
    }
    Ok(doc.to_string())
}

/// The `[words]` entries of the file: (dimension, word, key).
pub fn words_of(text: &str) -> Vec<(String, String, String)> {
    let Ok(doc) = parse(text) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(w) = doc.get("words").and_then(Item::as_table_like) {
        for (dim, t) in w.iter() {
            if let Some(t) = t.as_table_like() {
                for (word, key) in t.iter() {
                    if let Some(k) = key.as_str() {
                        out.push((dim.to_string(), word.to_string(), k.to_string()));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            name: "oulu".into(),
            title: "Digituki".into(),
            area: AreaChoice::Municipalities(vec!["564".into(), "244".into()]),
            first_year: 2023,
            last_year: 2024,
            language: "sv".into(),
        }
    }

    #[test]
    fn a_new_file_has_the_settings_and_reads_back() {
        let text = new_pipeline(&settings());
        assert!(text.contains("area = { municipalities = [\"564\", \"244\"] }"), "{text}");
        assert!(text.contains("years = [2023, 2024]"), "{text}");
        assert_eq!(settings_of(&text), settings());
    }

    #[test]
    fn import_points_every_pattern_at_the_uploads_and_keeps_comments() {
        let text = "# mine\n[pipeline]\nname = \"x\"\noutput = \"../reports/x\"\narea = { region = \"17\" }\nyears = [2022, 2024]\n\n# the library\n[[activity]]\nfiles = [\"../fixtures/a/oulu_*.xlsx\", \"b\\\\c.csv\"]\nsheet = \"Tapahtumat\"\n";
        let out = import(text).unwrap();
        assert!(out.contains("# the library"), "{out}");
        assert!(out.contains("files = [\"inputs/a/oulu_*.xlsx\", \"inputs/b/c.csv\"]"), "{out}");
        assert!(!out.contains("output"), "{out}");
        assert_eq!(placement(&out, "oulu_2024.xlsx").as_deref(), Some("inputs/a"));
        assert_eq!(placement(&out, "vaala.xlsx"), None);
    }

    #[test]
    fn a_folder_pattern_reads_only_its_folder_and_a_named_file_wins() {
        let text = "[pipeline]\nname = \"x\"\n[[activity]]\nfiles = [\"../f/activity/yhdistykset_2024.csv\"]\n[[indicators]]\nfiles = [\"../f/indicators/*.csv\"]\n";
        let out = import(text).unwrap();
        assert!(out.contains("inputs/indicators/*.csv") && out.contains("inputs/activity/yhdistykset_2024.csv"), "{out}");
        assert_eq!(placement(&out, "yhdistykset_2024.csv").as_deref(), Some("inputs/activity"));
        assert_eq!(placement(&out, "sotkanet.csv").as_deref(), Some("inputs/indicators"));
        // A source added on the page reads its one file.
        let out = add_source(&out, "feedback", "palaute.xlsx").unwrap();
        assert_eq!(placement(&out, "palaute.xlsx").as_deref(), Some("inputs"));
        assert_eq!(folder_part("../../x.csv"), None, "only parent folders");
        assert_eq!(folder_part("a b/x.csv"), None, "not a safe folder name");
    }

    #[test]
    fn sources_are_added_and_removed() {
        let text = new_pipeline(&settings());
        let text = add_source(&text, "activity", "a.xlsx").unwrap();
        let text = add_source(&text, "feedback", "f.xlsx").unwrap();
        let text = add_source(&text, "activity", "b.csv").unwrap();
        let s = sources(&text);
        assert_eq!(s.len(), 3, "{text}");
        let text = remove_source(&text, "activity", 0).unwrap();
        assert_eq!(sources(&text).iter().map(|s| s.patterns[0].as_str()).collect::<Vec<_>>(), ["inputs/b.csv", "inputs/f.xlsx"]);
        assert!(add_source(&text, "../x", "a").is_err());
    }

    #[test]
    fn words_are_set_in_their_tables() {
        let text = new_pipeline(&settings());
        let text = set_words(&text, &[("topic".into(), "Digitaidot arjessa".into(), "device_basics".into())]).unwrap();
        assert!(text.contains("[words.topic]\n\"Digitaidot arjessa\" = \"device_basics\""), "{text}");
        let text = set_words(&text, &[("topic".into(), "x".into(), "apps".into())]).unwrap();
        assert_eq!(words_of(&text).len(), 2);
        // A file with inline words tables keeps its form.
        let inline = "[pipeline]\nname = \"x\"\n[words]\ntopic = { \"a\" = \"apps\" }\n";
        let out = set_words(inline, &[("topic".into(), "b".into(), "other".into())]).unwrap();
        assert!(out.contains("topic = {") && !out.contains("[words.topic]"), "the inline table stays inline: {out}");
        assert_eq!(words_of(&out).len(), 2, "{out}");
    }
}
