//! The last finished run of a project: the results page, each municipality's appendix
//! (charts as images, key figures from `data/reach.csv`, downloads), the data-quality
//! page, single output files and zips. What each person sees is decided by
//! [`access`](crate::access).

use crate::access::{self, Viewer};
use crate::{render, ui, AppState, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

type V = Extension<Arc<Viewer>>;

/// A project's output folder as its manifest describes it.
pub struct Results {
    pub id: i64,
    /// The project's owner (the only one who sees `internal/` and the manifest).
    pub owner: String,
    pub dir: PathBuf,
    pub manifest: serde_json::Value,
    /// `data/reach.csv` as rows of column → value.
    pub reach: Vec<BTreeMap<String, String>>,
}

impl Results {
    /// The output of project `id`, when a run has finished.
    pub fn load(state: &AppState, id: i64) -> Option<Results> {
        let dir = state.project_dir(id).join("output");
        let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).ok()?).ok()?;
        let mut reach = Vec::new();
        if let Ok(mut r) = csv::Reader::from_path(dir.join("data/reach.csv")) {
            let headers = r.headers().ok()?.clone();
            for rec in r.records().flatten() {
                reach.push(headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect());
            }
        }
        let owner = crate::db::project(&state.db(), id).ok().flatten().map(|p| p.owner).unwrap_or_default();
        Some(Results { id, owner, dir, manifest, reach })
    }

    /// The job's name: the outputs' file-name prefix.
    pub fn name(&self) -> &str {
        self.manifest["pipeline"]["name"].as_str().unwrap_or("")
    }
    pub fn run_date(&self) -> String {
        self.manifest["run_date"].as_str().unwrap_or("").to_string()
    }
    pub fn last_year(&self) -> i64 {
        self.manifest["years"][1].as_i64().unwrap_or(0)
    }
    pub fn min_count(&self) -> i64 {
        self.manifest["min_count"].as_i64().unwrap_or(5)
    }
    /// The area's name (its row in reach.csv).
    pub fn area_name(&self) -> String {
        self.reach
            .iter()
            .find(|r| r.get("area_type").is_some_and(|t| t != "municipality"))
            .and_then(|r| r.get("area_name").cloned())
            .unwrap_or_default()
    }
    pub fn title(&self) -> String {
        let a = self.area_name();
        if a.is_empty() {
            self.name().to_string()
        } else {
            a
        }
    }
    /// Whether `v` owns the project (sees `internal/` and the manifest).
    pub fn owned_by(&self, v: &Viewer) -> bool {
        v.owns(&self.owner)
    }
    /// Every output path (from the manifest, so only what the run wrote).
    pub fn outputs(&self) -> Vec<String> {
        let mut v: Vec<String> = self.manifest["outputs"]
            .as_array()
            .map(|a| a.iter().filter_map(|o| o["path"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        v.push(access::MANIFEST.into());
        v
    }
    /// The municipalities with an appendix: (code, name), in code order.
    pub fn municipalities(&self) -> Vec<(String, String)> {
        let year = self.last_year().to_string();
        let mut v: Vec<(String, String)> = self
            .reach
            .iter()
            .filter(|r| r.get("area_type").map(String::as_str) == Some("municipality") && r.get("year") == Some(&year))
            .map(|r| (r["area_code"].clone(), r["area_name"].clone()))
            .collect();
        v.sort();
        v.dedup();
        v
    }
    pub fn municipality_name(&self, code: u16) -> Option<String> {
        let c = format!("{code:03}");
        self.municipalities().into_iter().find(|(k, _)| *k == c).map(|(_, n)| n)
    }
    fn url(&self, path: &str) -> String {
        format!("/projects/{}/out/{path}", self.id)
    }
    /// The outputs of one municipality under `folder` (`workbooks`, `charts`, `documents`).
    fn of_municipality(&self, folder: &str, code: &str) -> Vec<String> {
        let prefix = format!("{folder}/{}_{code}_", self.name());
        self.outputs().into_iter().filter(|p| p.starts_with(&prefix)).collect()
    }
}

/// The results of project `id` for someone who may see them: analysts, and coordinators
/// whose municipality has an appendix there.
fn results_for(state: &AppState, v: &Viewer, id: i64) -> Result<Results, Response> {
    access::require_login(state, v)?;
    if crate::db::project(&state.db(), id).ok().flatten().is_none() {
        return Err(crate::not_found(state, v));
    }
    let r = Results::load(state, id);
    match (v.coordinator_of(), r) {
        (Some(m), Some(r)) if r.municipality_name(m).is_some() => Ok(r),
        (Some(_), _) => Err(crate::forbidden(state, v)),
        (None, _) if !v.is_analyst() => Err(crate::forbidden(state, v)),
        (None, Some(r)) => Ok(r),
        (None, None) => Err(crate::error_page(state, v, StatusCode::NOT_FOUND, "results", ui::t(v.lang, "no_results"))),
    }
}

fn published_note(r: &Results, lang: &str) -> String {
    ui::tf(lang, "published_note", &[("min", r.min_count().to_string())])
}

fn chart_views(r: &Results, paths: &[String]) -> Vec<minijinja::Value> {
    paths
        .iter()
        .filter(|p| p.ends_with(".png"))
        .map(|p| {
            let svg = p.trim_end_matches(".png").to_string() + ".svg";
            let name = p.rsplit('/').next().unwrap_or(p).to_string();
            minijinja::context! { url => r.url(p), svg => r.url(&svg), name }
        })
        .collect()
}

pub async fn results(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>) -> Response {
    let r = match results_for(&state, &v, id) {
        Ok(r) => r,
        Err(res) => return res,
    };
    let year = r.last_year().to_string();
    let outputs = r.outputs();
    let municipalities: Vec<_> = r
        .municipalities()
        .into_iter()
        .filter(|(code, _)| code.parse().is_ok_and(|c| access::may_see_municipality(&v, c)))
        .map(|(code, name)| {
            // The page's language (the report's own files keep the report's language).
            let name = code.parse::<u16>().map(|c| crate::municipality_name(c, v.lang)).unwrap_or(name);
            let row = r.reach.iter().find(|x| x.get("area_code") == Some(&code) && x.get("year") == Some(&year));
            let get = |k: &str| row.and_then(|x| x.get(k)).cloned().unwrap_or_default();
            minijinja::context! {
                workbook => r.of_municipality("workbooks", &code).first().map(|p| r.url(p)),
                document => r.of_municipality("documents", &code).first().map(|p| r.url(p)),
                clients => shown(&get("clients"), 0, v.lang), rate => shown(&get("clients_per_1000"), 1, v.lang), code, name,
            }
        })
        .collect();
    let tables: Vec<_> = outputs
        .iter()
        .filter(|p| p.starts_with("data/"))
        .map(|p| minijinja::context! { url => r.url(p), name => p.trim_start_matches("data/").to_string() })
        .collect();
    let name = r.name().to_string();
    let area_charts: Vec<String> = if v.is_analyst() {
        outputs
            .iter()
            .filter(|p| {
                p.strip_prefix(&format!("charts/{name}_"))
                    .is_some_and(|rest| !(rest.len() > 4 && rest[..3].chars().all(|c| c.is_ascii_digit()) && &rest[3..4] == "_"))
            })
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let area_workbook = outputs.iter().find(|p| **p == format!("workbooks/{name}.xlsx")).map(|p| r.url(p));
    let area_document = outputs.iter().find(|p| **p == format!("documents/{name}.docx")).map(|p| r.url(p));
    render(
        &state,
        &v,
        "results.html",
        minijinja::context! {
            project => minijinja::context! { id => id, name => name.clone(), title => r.title() },
            analyst => v.is_analyst(), owner => r.owned_by(&v), area_name => r.area_name(), run_date => r.run_date(),
            published_note => published_note(&r, v.lang), municipalities, tables,
            area_charts => chart_views(&r, &area_charts), area_workbook, area_document,
        },
    )
}

/// The columns of the key-figures table, from `data/reach.csv`.
const KEY_FIGURES: [(&str, &str); 7] = [
    ("events", "events"),
    ("clients", "clients"),
    ("clients_per_1000", "clients_per_1000"),
    ("clients_65plus", "clients_65plus"),
    ("clients_75plus", "clients_75plus"),
    ("support_points", "support_points"),
    ("hours", "hours"),
];

pub async fn appendix(State(state): State<Shared>, Extension(v): V, Path((id, code)): Path<(i64, String)>) -> Response {
    let r = match results_for(&state, &v, id) {
        Ok(r) => r,
        Err(res) => return res,
    };
    let Some(c) = code.parse::<u16>().ok().filter(|_| code.len() == 3) else { return crate::not_found(&state, &v) };
    if !access::may_see_municipality(&v, c) {
        return crate::forbidden(&state, &v);
    }
    if r.municipality_name(c).is_none() {
        return crate::not_found(&state, &v);
    }
    let name = crate::municipality_name(c, v.lang);
    let mut rows: Vec<_> = r
        .reach
        .iter()
        .filter(|x| x.get("area_type").map(String::as_str) == Some("municipality") && x.get("area_code") == Some(&code))
        .collect();
    rows.sort_by_key(|x| x.get("year").cloned());
    let headers: Vec<String> = KEY_FIGURES.iter().map(|(_, label)| ui::t(v.lang, label)).collect();
    let rows: Vec<_> = rows
        .iter()
        .map(|x| {
            let values: Vec<String> = KEY_FIGURES
                .iter()
                .map(|(col, _)| {
                    let raw = x.get(*col).cloned().unwrap_or_default();
                    match raw.parse::<f64>() {
                        Ok(n) => format_number(n, if raw.contains('.') { 1 } else { 0 }, v.lang),
                        Err(_) => raw,
                    }
                })
                .collect();
            minijinja::context! { year => x.get("year").cloned().unwrap_or_default(), values }
        })
        .collect();
    let charts = r.of_municipality("charts", &code);
    render(
        &state,
        &v,
        "appendix.html",
        minijinja::context! {
            project => minijinja::context! { id => id },
            name, code => code.clone(), run_date => r.run_date(), published_note => published_note(&r, v.lang),
            workbook => r.of_municipality("workbooks", &code).first().map(|p| r.url(p)),
            document => r.of_municipality("documents", &code).first().map(|p| r.url(p)),
            headers, rows, charts => chart_views(&r, &charts),
        },
    )
}

pub async fn quality(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>) -> Response {
    if let Err(res) = access::require_analyst(&state, &v) {
        return res;
    }
    let r = match results_for(&state, &v, id) {
        Ok(r) => r,
        Err(res) => return res,
    };
    let m = &r.manifest;
    let n = |x: &serde_json::Value| x.as_u64().unwrap_or(0);
    let inputs: Vec<_> = m["inputs"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    let kind = i["kind"].as_str().unwrap_or("");
                    minijinja::context! {
                        path => i["path"].as_str().unwrap_or("").trim_start_matches("inputs/").to_string(),
                        kind => if kind.is_empty() { String::new() } else { ui::t(v.lang, &format!("kind_{kind}")) },
                        read => n(&i["rows_read"]), accepted => n(&i["rows_accepted"]), rejected => n(&i["rows_rejected"]),
                        skipped => n(&i["rows_skipped"]), error => i["error"].as_str().map(str::to_string),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    if let Ok(mut rd) = csv::Reader::from_path(r.dir.join("internal/rejected.csv")) {
        let col = rd.headers().ok().and_then(|h| h.iter().position(|x| x == "reason"));
        if let Some(col) = col {
            for rec in rd.records().flatten() {
                *reasons.entry(rec.get(col).unwrap_or("").to_string()).or_default() += 1;
            }
        }
    }
    let reasons: Vec<_> = reasons
        .into_iter()
        .map(|(k, c)| minijinja::context! { label => digihyte_report::locale::reason(v.lang, &k), count => c })
        .collect();
    // The warnings quote raw unknown words and where they are: the owner's only.
    let owner = r.owned_by(&v);
    let warnings: Vec<String> = m["warnings"]
        .as_array()
        .map(|a| a.iter().filter_map(|w| w.as_str().map(|s| s.replace("inputs/", ""))).collect())
        .unwrap_or_default();
    let warning_count = warnings.len();
    let warnings = if owner { warnings } else { Vec::new() };
    let owner_note = (!owner).then(|| ui::tf(v.lang, "owner_only_note", &[("owner", r.owner.clone())]));
    let s = crate::pipeline_file::settings_of(&std::fs::read_to_string(state.project_dir(id).join("pipeline.toml")).unwrap_or_default());
    render(
        &state,
        &v,
        "quality.html",
        minijinja::context! {
            project => minijinja::context! { id => id, name => s.name, title => s.title },
            run_date => r.run_date(), inputs, rows => minijinja::Value::from_serialize(&m["rows"]),
            reasons, suppression => minijinja::Value::from_serialize(&m["suppression"]), warnings, warning_count, owner, owner_note,
        },
    )
}

/// A published cell as the page shows it: a number in the language's style, `<5` and empty
/// cells as they are.
fn shown(raw: &str, decimals: usize, lang: &str) -> String {
    match raw.parse::<f64>() {
        Ok(n) => format_number(n, decimals, lang),
        Err(_) => raw.to_string(),
    }
}

/// `12 345,6` (fi, sv: a narrow space between thousands, a decimal comma) or `12,345.6` (en).
pub fn format_number(v: f64, decimals: usize, lang: &str) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let (sep, point) = if lang == "en" { (',', '.') } else { ('\u{202F}', ',') };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    if v < 0.0 && out.chars().any(|c| c != '0' && c.is_ascii_digit()) {
        out.insert(0, '−');
    }
    out
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

pub async fn output_file(State(state): State<Shared>, Extension(v): V, Path((id, path)): Path<(i64, String)>) -> Response {
    let r = match results_for(&state, &v, id) {
        Ok(r) => r,
        Err(res) => return res,
    };
    let Some(rel) = access::safe_relative(&path) else { return crate::not_found(&state, &v) };
    if !access::may_see_output(&v, &r.owner, r.name(), &rel) {
        return crate::forbidden(&state, &v);
    }
    // Only what the run wrote (listed in its manifest) is served.
    if !r.outputs().contains(&rel) {
        return crate::not_found(&state, &v);
    }
    let full = r.dir.join(&rel);
    match std::fs::symlink_metadata(&full) {
        Ok(m) if m.is_file() => {}
        _ => return crate::not_found(&state, &v),
    }
    let Ok(bytes) = std::fs::read(&full) else { return crate::not_found(&state, &v) };
    let file_name = rel.rsplit('/').next().unwrap_or("file").to_string();
    let inline = rel.ends_with(".png") || rel.ends_with(".svg");
    let disposition = format!("{}; filename=\"{}\"", if inline { "inline" } else { "attachment" }, file_name.replace('"', ""));
    ([(header::CONTENT_TYPE, content_type(&rel).to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

/// The files a zip holds for this person: an analyst without `municipality`, everything
/// published (never `internal/`, never the manifest, also for the owner: a zip is what
/// goes out); with one, or a coordinator, that municipality's appendix and the area's
/// tables.
pub fn zip_members(v: &Viewer, r: &Results, municipality: Option<u16>) -> Result<Vec<String>, ()> {
    let outputs = r.outputs();
    let m = match (v.coordinator_of(), municipality) {
        (Some(own), Some(asked)) if own != asked => return Err(()),
        (Some(own), _) => Some(own),
        (None, m) if v.is_analyst() => m,
        (None, _) => return Err(()),
    };
    Ok(match m {
        Some(m) => outputs.into_iter().filter(|p| access::is_published_of(r.name(), p, m)).collect(),
        None => outputs.into_iter().filter(|p| access::is_published(p)).collect(),
    })
}

pub async fn download_zip(
    State(state): State<Shared>,
    Extension(v): V,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let r = match results_for(&state, &v, id) {
        Ok(r) => r,
        Err(res) => return res,
    };
    let municipality = match q.get("municipality") {
        Some(c) => match c.parse::<u16>() {
            Ok(c) if r.municipality_name(c).is_some() => Some(c),
            _ => return crate::not_found(&state, &v),
        },
        None => None,
    };
    let Ok(members) = zip_members(&v, &r, municipality) else { return crate::forbidden(&state, &v) };
    let dir = r.dir.clone();
    let zipped = tokio::task::spawn_blocking(move || -> zip::result::ZipResult<Vec<u8>> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for p in &members {
            let bytes = std::fs::read(dir.join(p))?;
            w.start_file(p.as_str(), opts)?;
            w.write_all(&bytes)?;
        }
        Ok(w.finish()?.into_inner())
    })
    .await;
    let bytes = match zipped {
        Ok(Ok(b)) => b,
        _ => return crate::error_page(&state, &v, StatusCode::INTERNAL_SERVER_ERROR, "not_found", ui::t(v.lang, "not_found_text")),
    };
    let file = match municipality.or(v.coordinator_of()) {
        Some(m) => format!("{}_{m:03}.zip", r.name()),
        None => format!("{}.zip", r.name()),
    };
    (
        [(header::CONTENT_TYPE, "application/zip".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\""))],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_as_the_language_writes_them() {
        assert_eq!(super::format_number(12345.64, 1, "fi"), "12\u{202F}345,6");
        assert_eq!(super::format_number(12345.0, 0, "en"), "12,345");
        assert_eq!(super::format_number(-3.0, 0, "sv"), "−3");
        assert_eq!(super::format_number(999.0, 0, "fi"), "999");
    }
}
