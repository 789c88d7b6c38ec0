//! Projects: the list, creating one (from the page's settings or an uploaded pipeline
//! file), uploads and their checks, the words, and runs. Every handler here is for
//! analysts (the person at the machine in local use); what changes a project, and every
//! raw value (rejected values, unknown words, the pipeline file with its `[words]`), is
//! for its owner only. The list page also shows a coordinator her appendices.

use crate::access::{self, csrf_ok, Viewer};
use crate::pipeline_file::{self, AreaChoice, Settings, SourceInfo, INPUTS};
use crate::{db, error_page, render, see_other, ui, AppState, Shared};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use digihyte_core::vocabulary::Dimension;
use digihyte_core::{InputAccount, Reference, Rejection, SourceKind, UnknownWord};
use digihyte_engine::{EngineError, Job};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

type V = Extension<Arc<Viewer>>;

/// The last check of a project's uploads, made by the engine's check (the reader of
/// `digihyte check`) on the pipeline file without the sources still waiting for files.
#[derive(Debug, Default)]
pub struct ProjectCheck {
    pub problems: Vec<String>,
    pub unmatched: Vec<SourceInfo>,
    pub accounts: Vec<InputAccount>,
    pub rejections: Vec<Rejection>,
    pub unknown_words: Vec<UnknownWord>,
    pub totals: digihyte_report::manifest::ManifestTotals,
}

fn field<'f>(form: &'f [(String, String)], k: &str) -> Option<&'f str> {
    form.iter().find(|(n, _)| n == k).map(|(_, x)| x.as_str())
}

/// The project `id`, for an analyst.
fn project_for_analyst(state: &AppState, v: &Viewer, id: i64) -> Result<(db::Project, PathBuf), Response> {
    access::require_analyst(state, v)?;
    match db::project(&state.db(), id) {
        Ok(Some(p)) => Ok((p, state.project_dir(id))),
        _ => Err(crate::not_found(state, v)),
    }
}

/// The project `id`, for its owner (the analyst who made it; in local use, the person at
/// the machine): what changes the project or shows its raw values.
fn project_for_owner(state: &AppState, v: &Viewer, id: i64) -> Result<(db::Project, PathBuf), Response> {
    let (p, dir) = project_for_analyst(state, v, id)?;
    if v.owns(&p.owner) {
        Ok((p, dir))
    } else {
        Err(crate::forbidden(state, v))
    }
}

/// A form that changes project `id`: its owner's, with the session's CSRF token; the
/// project's folder, or the page that refuses it.
fn owner_form(state: &AppState, v: &Viewer, id: i64, form: &[(String, String)]) -> Result<PathBuf, Response> {
    let (_, dir) = project_for_owner(state, v, id)?;
    if !csrf_ok(v, field(form, "csrf")) {
        return Err(crate::csrf_refused(state, v));
    }
    Ok(dir)
}

fn read_pipeline(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("pipeline.toml")).unwrap_or_default()
}

/// Problems of a pipeline text (compiled as the project's file, without the sources that
/// wait for files), one line each; empty when it compiles.
fn problems_of(dir: &std::path::Path, text: &str) -> Vec<String> {
    let (effective, _) = pipeline_file::without_unmatched(text, dir);
    match digihyte_pipeline::compile(&dir.join("pipeline.toml"), &effective) {
        Ok(_) => Vec::new(),
        Err(digihyte_pipeline::PipelineError::Invalid { problems, .. }) => {
            problems.iter().map(|p| p.to_string_with("pipeline.toml")).collect()
        }
        Err(e) => vec![e.to_string()],
    }
}

/// The regions of the classification, for the settings form.
fn regions(lang: &str) -> Vec<minijinja::Value> {
    let r = Reference::get();
    let mut codes: Vec<u8> = r.municipalities.iter().map(|m| m.region_code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .filter_map(|c| r.region(c).map(|m| minijinja::context! { code => format!("{c:02}"), name => m.region_name(lang).to_string() }))
        .collect()
}

fn area_text(s: &Settings, lang: &str) -> String {
    let r = Reference::get();
    match &s.area {
        AreaChoice::Region(c) => {
            c.parse::<u8>().ok().and_then(|c| r.region(c)).map(|m| m.region_name(lang).to_string()).unwrap_or_else(|| c.clone())
        }
        AreaChoice::Municipalities(list) => {
            let names: Vec<String> =
                list.iter().map(|c| c.parse::<u16>().map(|c| crate::municipality_name(c, lang)).unwrap_or_else(|_| c.clone())).collect();
            names.join(", ")
        }
        AreaChoice::Country => ui::t(lang, "area_country"),
    }
}

/// The settings in a submitted form.
fn settings_from(form: &[(String, String)]) -> Settings {
    let f = |k| field(form, k).unwrap_or("").trim().to_string();
    let area = match f("area_kind").as_str() {
        "municipalities" => AreaChoice::Municipalities(
            f("municipalities").split([',', ' ', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        ),
        "country" => AreaChoice::Country,
        _ => AreaChoice::Region(f("region")),
    };
    Settings {
        name: f("name"),
        title: f("title"),
        area,
        first_year: f("first_year").parse().unwrap_or(0),
        last_year: f("last_year").parse().unwrap_or(0),
        language: f("language"),
    }
}

fn default_settings(lang: &str) -> Settings {
    let year = chrono::Local::now().format("%Y").to_string().parse::<i32>().unwrap_or(2025) - 1;
    Settings {
        name: "digituki".into(),
        title: String::new(),
        area: AreaChoice::Region("17".into()),
        first_year: year - 2,
        last_year: year,
        language: lang.into(),
    }
}

/// Whether the output folder of project `id` holds a finished run.
fn has_results(state: &AppState, id: i64) -> bool {
    state.project_dir(id).join("output/manifest.json").is_file()
}

pub async fn index(State(state): State<Shared>, Extension(v): V) -> Response {
    if let Err(r) = access::require_login(&state, &v) {
        return r;
    }
    let projects = db::projects(&state.db()).unwrap_or_default();
    if let Some(code) = v.coordinator_of() {
        // A coordinator: the projects with a published appendix of her municipality.
        let items: Vec<_> = projects
            .iter()
            .filter_map(|p| {
                let r = crate::results::Results::load(&state, p.id)?;
                r.municipality_name(code)?;
                Some(minijinja::context! { id => p.id, title => r.title(), run_date => r.run_date() })
            })
            .collect();
        return render(
            &state,
            &v,
            "coordinator.html",
            minijinja::context! {
                items, code => format!("{code:03}"), municipality => crate::municipality_name(code, v.lang),
            },
        );
    }
    if let Err(r) = access::require_analyst(&state, &v) {
        return r;
    }
    let rows: Vec<_> = projects
        .iter()
        .map(|p| {
            let s = pipeline_file::settings_of(&read_pipeline(&state.project_dir(p.id)));
            minijinja::context! {
                id => p.id, name => s.name.clone(), title => s.title.clone(), area => area_text(&s, v.lang),
                years => format!("{}–{}", s.first_year, s.last_year), has_results => has_results(&state, p.id),
            }
        })
        .collect();
    render(&state, &v, "index.html", minijinja::context! { projects => rows, s => default_settings(v.lang), regions => regions(v.lang) })
}

/// Makes the project's folder and writes its first pipeline file.
fn create_project(state: &AppState, v: &Viewer, text: &str) -> Result<i64, String> {
    let name = pipeline_file::name_of(text).unwrap_or_else(|| "digituki".into());
    let id = db::insert_project(&state.db(), &name, &v.name(), &crate::now()).map_err(|e| e.to_string())?;
    let dir = state.project_dir(id);
    std::fs::create_dir_all(dir.join(INPUTS)).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("pipeline.toml"), text).map_err(|e| e.to_string())?;
    Ok(id)
}

pub async fn create(State(state): State<Shared>, Extension(v): V, Form(form): Form<Vec<(String, String)>>) -> Response {
    if let Err(r) = access::require_analyst(&state, &v) {
        return r;
    }
    if !csrf_ok(&v, field(&form, "csrf")) {
        return crate::csrf_refused(&state, &v);
    }
    let s = settings_from(&form);
    let text = pipeline_file::new_pipeline(&s);
    // Checked as a file in a project folder that has no uploads yet.
    let scratch = state.data_dir.join("projects");
    let problems = problems_of(&scratch.join("new"), &text);
    if !problems.is_empty() {
        for p in problems {
            state.push_flash(&v, "error", p);
        }
        return see_other("/");
    }
    match create_project(&state, &v, &text) {
        Ok(id) => {
            state.push_flash(&v, "ok", ui::t(v.lang, "project_created"));
            see_other(&format!("/projects/{id}"))
        }
        Err(e) => error_page(&state, &v, StatusCode::INTERNAL_SERVER_ERROR, "bad_request", e),
    }
}

/// The text of an uploaded pipeline file (the form's `csrf` field first, then `pipeline`).
async fn read_pipeline_upload(v: &Viewer, mut mp: Multipart) -> Result<String, &'static str> {
    let mut csrf_seen = false;
    while let Ok(Some(f)) = mp.next_field().await {
        match f.name() {
            Some("csrf") => {
                let t = f.text().await.unwrap_or_default();
                if !csrf_ok(v, Some(&t)) {
                    return Err("csrf");
                }
                csrf_seen = true;
            }
            Some("pipeline") if csrf_seen => {
                let bytes = f.bytes().await.map_err(|_| "bad")?;
                if bytes.len() > 1 << 20 {
                    return Err("bad");
                }
                return String::from_utf8(bytes.to_vec()).map_err(|_| "bad");
            }
            _ if !csrf_seen => return Err("csrf"),
            _ => {}
        }
    }
    Err(if csrf_seen { "bad" } else { "csrf" })
}

pub async fn import(State(state): State<Shared>, Extension(v): V, mp: Multipart) -> Response {
    if let Err(r) = access::require_analyst(&state, &v) {
        return r;
    }
    let text = match read_pipeline_upload(&v, mp).await {
        Ok(t) => t,
        Err("csrf") => return crate::csrf_refused(&state, &v),
        Err(_) => return error_page(&state, &v, StatusCode::BAD_REQUEST, "bad_request", ui::t(v.lang, "bad_name")),
    };
    let text = match pipeline_file::import(&text) {
        Ok(t) => t,
        Err(e) => {
            state.push_flash(&v, "error", format!("pipeline.toml: {e}"));
            return see_other("/");
        }
    };
    let problems = problems_of(&state.data_dir.join("projects/new"), &text);
    if !problems.is_empty() {
        for p in problems {
            state.push_flash(&v, "error", p);
        }
        return see_other("/");
    }
    match create_project(&state, &v, &text) {
        Ok(id) => {
            state.push_flash(&v, "ok", ui::t(v.lang, "project_created"));
            see_other(&format!("/projects/{id}"))
        }
        Err(e) => error_page(&state, &v, StatusCode::INTERNAL_SERVER_ERROR, "bad_request", e),
    }
}

/// Checks the project's uploads (cached while the pipeline file and the uploads are the same).
pub fn check_project(state: &AppState, id: i64) -> Arc<ProjectCheck> {
    let dir = state.project_dir(id);
    let text = read_pipeline(&dir);
    let (effective, unmatched) = pipeline_file::without_unmatched(&text, &dir);
    let uploads = db::uploads(&state.db(), id).unwrap_or_default();
    let mut key = Sha256::new();
    key.update(effective.as_bytes());
    for u in &uploads {
        key.update(u.file_name.as_bytes());
        key.update(u.sha256.as_bytes());
    }
    key.update(chrono::Local::now().date_naive().to_string().as_bytes());
    let key: String = key.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if let Some((k, c)) = state.checks.lock().expect("checks").get(&id) {
        if *k == key {
            return c.clone();
        }
    }
    let job = Job { pipeline: dir.join("pipeline.toml"), text: Some(effective), ..Job::default() };
    let mut check = ProjectCheck { unmatched, ..ProjectCheck::default() };
    match digihyte_engine::check(&job, &digihyte_engine::Silent) {
        Ok(c) => {
            check.totals = c.totals;
            check.accounts = c.ingested.accounts;
            check.rejections = c.ingested.rejections;
            check.unknown_words = c.ingested.unknown_words;
        }
        Err(EngineError::Pipeline(digihyte_pipeline::PipelineError::Invalid { problems, .. })) => {
            check.problems = problems.iter().map(|p| p.to_string_with("pipeline.toml")).collect();
        }
        Err(e) => check.problems = vec![e.to_string()],
    }
    let check = Arc::new(check);
    state.checks.lock().expect("checks").insert(id, (key, check.clone()));
    check
}

fn kind_label(kind: Option<SourceKind>, lang: &str) -> String {
    match kind {
        Some(k) => ui::t(lang, &format!("kind_{}", k.key())),
        None => "–".into(),
    }
}

/// `oulu.xlsx › Tapahtumat › C17 (Pvm)`: the place of a rejected row as a spreadsheet user
/// finds it.
pub fn place(r: &Rejection) -> String {
    let (header, letter) = match r.column.rsplit_once(" (") {
        Some((h, l)) => (h.to_string(), l.trim_end_matches(')').to_string()),
        None => (r.column.clone(), String::new()),
    };
    let file = r.file.rsplit('/').next().unwrap_or(&r.file);
    let cell = if letter.is_empty() { format!("{} {}", ui::t("en", "row").to_lowercase(), r.row) } else { format!("{letter}{}", r.row) };
    let mut s = file.to_string();
    if !r.sheet.is_empty() {
        s.push_str(&format!(" › {}", r.sheet));
    }
    s.push_str(&format!(" › {cell} ({header})"));
    s
}

fn word_view(u: &UnknownWord, lang: &str, with_options: bool) -> minijinja::Value {
    let dim = Dimension::from_key(&u.field);
    let suggestion = u.suggestion.as_ref().map(|(k, _)| k.clone());
    let options: Vec<minijinja::Value> = if with_options {
        dim.map(|d| d.valid_keys())
            .unwrap_or_default()
            .into_iter()
            .map(|k| {
                let mut label = digihyte_report::labels::key_label(&u.field, k, lang);
                if suggestion.as_deref() == Some(k) {
                    label.push_str(" ★");
                }
                minijinja::context! { key => k, label => label, selected => false }
            })
            .collect()
    } else {
        Vec::new()
    };
    let field_label = match u.field.as_str() {
        "topic" => digihyte_report::labels::t(lang, "dim_topic"),
        "channel" => digihyte_report::labels::t(lang, "dim_channel"),
        "provider_type" => digihyte_report::labels::t(lang, "dim_provider_type"),
        "age_group" => digihyte_report::labels::t(lang, "dim_age_group"),
        other => other.to_string(),
    };
    let where_ = u.where_().replace("inputs/", "");
    minijinja::context! {
        field => u.field.clone(), field_label, word => u.word.clone(), count => u.count,
        note => u.note.clone(), where_, options,
    }
}

pub async fn show(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>) -> Response {
    let (project, dir) = match project_for_analyst(&state, &v, id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let st = state.clone();
    let check = tokio::task::spawn_blocking(move || check_project(&st, id)).await.unwrap_or_default();
    let text = read_pipeline(&dir);
    let s = pipeline_file::settings_of(&text);
    let uploads = db::uploads(&state.db(), id).unwrap_or_default();
    let files: Vec<_> = uploads
        .iter()
        .map(|u| {
            let a = check.accounts.iter().find(|a| a.path == u.path());
            minijinja::context! {
                name => u.file_name.clone(),
                kind => kind_label(a.and_then(|a| a.kind), v.lang),
                read => a.map_or(0, |a| a.rows_read), accepted => a.map_or(0, |a| a.rows_accepted),
                rejected => a.map_or(0, |a| a.rows_rejected), skipped => a.map_or(0, |a| a.rows_skipped()),
                error => a.and_then(|a| a.error.clone()),
            }
        })
        .collect();
    let runs: Vec<_> = db::runs(&state.db(), id)
        .unwrap_or_default()
        .into_iter()
        .take(20)
        .map(|r| minijinja::context! { status_label => ui::t(v.lang, &format!("status_{}", r.status)), ..minijinja::Value::from_serialize(&r) })
        .collect();
    // The unknown words and the words already mapped are raw values: the owner's only.
    let owner = v.owns(&project.owner);
    let unknown: Vec<_> = if owner { check.unknown_words.iter().map(|u| word_view(u, v.lang, true)).collect() } else { Vec::new() };
    let mapped = if owner { pipeline_file::words_of(&text) } else { Vec::new() };
    let owner_note = (!owner).then(|| ui::tf(v.lang, "owner_only_note", &[("owner", project.owner.clone())]));
    let unknown_hidden = (!owner && !check.unknown_words.is_empty())
        .then(|| ui::tf(v.lang, "unknown_words_hidden", &[("n", check.unknown_words.len().to_string())]));
    render(
        &state,
        &v,
        "project.html",
        minijinja::context! {
            project => minijinja::context! { id => project.id, name => s.name.clone(), title => s.title.clone() },
            s => s, regions => regions(v.lang), owner, owner_note, unknown_hidden,
            problems => check.problems.clone(), unmatched => check.unmatched.clone(),
            files, totals => minijinja::Value::from_serialize(&check.totals), unknown,
            mapped,
            runs, has_results => has_results(&state, id),
            today => chrono::Local::now().date_naive().to_string(),
        },
    )
}

/// Saves a new pipeline text after checking it compiles (the sources that wait for files
/// aside); otherwise flashes its problems and keeps the old one.
fn save_pipeline(state: &AppState, v: &Viewer, id: i64, text: &str, ok_key: &str) -> bool {
    let dir = state.project_dir(id);
    let problems = problems_of(&dir, text);
    if !problems.is_empty() {
        state.push_flash(v, "error", ui::t(v.lang, "invalid_settings"));
        for p in problems {
            state.push_flash(v, "error", p);
        }
        return false;
    }
    if let Err(e) = std::fs::write(dir.join("pipeline.toml"), text) {
        state.push_flash(v, "error", e.to_string());
        return false;
    }
    if let Some(name) = pipeline_file::name_of(text) {
        let _ = db::rename_project(&state.db(), id, &name);
    }
    state.push_flash(v, "ok", ui::t(v.lang, ok_key));
    true
}

pub async fn settings(
    State(state): State<Shared>,
    Extension(v): V,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let dir = match owner_form(&state, &v, id, &form) {
        Ok(dir) => dir,
        Err(r) => return r,
    };
    match pipeline_file::apply_settings(&read_pipeline(&dir), &settings_from(&form)) {
        Ok(text) => {
            save_pipeline(&state, &v, id, &text, "settings_saved");
        }
        Err(e) => state.push_flash(&v, "error", e),
    }
    see_other(&format!("/projects/{id}#settings"))
}

pub async fn pipeline_download(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>) -> Response {
    let (_, dir) = match project_for_owner(&state, &v, id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    (
        [
            (header::CONTENT_TYPE, "application/toml; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"pipeline.toml\""),
        ],
        read_pipeline(&dir),
    )
        .into_response()
}

pub async fn pipeline_replace(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>, mp: Multipart) -> Response {
    if let Err(r) = project_for_owner(&state, &v, id) {
        return r;
    }
    let text = match read_pipeline_upload(&v, mp).await {
        Ok(t) => t,
        Err("csrf") => return crate::csrf_refused(&state, &v),
        Err(_) => return error_page(&state, &v, StatusCode::BAD_REQUEST, "bad_request", ui::t(v.lang, "bad_name")),
    };
    match pipeline_file::import(&text) {
        Ok(text) => {
            save_pipeline(&state, &v, id, &text, "pipeline_replaced");
        }
        Err(e) => state.push_flash(&v, "error", format!("pipeline.toml: {e}")),
    }
    see_other(&format!("/projects/{id}"))
}

/// A safe name for an uploaded file: its last path part, NFC, letters, digits, `.`, `-`
/// and `_` only (others become `_`), no leading dot, at most 120 characters, and one of the
/// extensions the ingest reads. `Err` says why not.
pub fn sanitize_file_name(raw: &str) -> Result<String, &'static str> {
    use unicode_normalization::UnicodeNormalization as _;
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let nfc: String = base.nfc().collect();
    let mut name: String = nfc
        .chars()
        .map(|c| if c.is_alphanumeric() || ".-_".contains(c) { c } else { '_' })
        .collect::<String>()
        .trim_start_matches(['.', '_'])
        .to_string();
    if name.chars().count() > 120 {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_string()).unwrap_or_default();
        let stem: String = name.chars().take(110).collect();
        name = format!("{stem}.{ext}");
    }
    let Some((stem, ext)) = name.rsplit_once('.') else { return Err("bad_extension") };
    if stem.is_empty() {
        return Err("bad_name");
    }
    if !["xlsx", "xls", "ods", "csv", "json"].contains(&ext.to_ascii_lowercase().as_str()) {
        return Err("bad_extension");
    }
    Ok(name)
}

pub async fn upload(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>, mut mp: Multipart) -> Response {
    let (_, dir) = match project_for_owner(&state, &v, id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut csrf_seen = false;
    let mut count = 0;
    let mut saved: Vec<(String, PathBuf)> = Vec::new();
    loop {
        let mut f = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                state.push_flash(&v, "error", e.to_string());
                break;
            }
        };
        match f.name() {
            Some("csrf") => {
                let t = f.text().await.unwrap_or_default();
                if !csrf_ok(&v, Some(&t)) {
                    return crate::csrf_refused(&state, &v);
                }
                csrf_seen = true;
                continue;
            }
            _ if !csrf_seen => return crate::csrf_refused(&state, &v),
            Some("files") => {}
            _ => continue,
        }
        let raw = f.file_name().unwrap_or("").to_string();
        if raw.is_empty() {
            continue;
        }
        count += 1;
        if count > crate::MAX_FILES {
            state.push_flash(&v, "error", ui::tf(v.lang, "too_many_files", &[("n", crate::MAX_FILES.to_string())]));
            break;
        }
        let name = match sanitize_file_name(&raw) {
            Ok(n) => n,
            Err(why) => {
                state.push_flash(&v, "error", format!("{raw}: {}: {}", ui::t(v.lang, "upload_refused"), ui::t(v.lang, why)));
                continue;
            }
        };
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Ok(Some(chunk)) = f.chunk().await {
            if bytes.len() + chunk.len() > crate::MAX_FILE_BYTES {
                too_large = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        if too_large {
            let mb = (crate::MAX_FILE_BYTES >> 20).to_string();
            state.push_flash(
                &v,
                "error",
                format!("{name}: {}: {}", ui::t(v.lang, "upload_refused"), ui::tf(v.lang, "file_too_large", &[("mb", mb)])),
            );
            continue;
        }
        let part = dir.join(INPUTS).join(format!(".{name}.part"));
        if let Err(e) = std::fs::create_dir_all(dir.join(INPUTS)).and_then(|_| std::fs::write(&part, &bytes)) {
            state.push_flash(&v, "error", format!("{name}: {e}"));
            continue;
        }
        saved.push((name, part));
    }
    // Each file is checked at once: unreadable files (encrypted, truncated, a zip bomb, not
    // a spreadsheet) are refused with the ingest's own message; the others are kept and
    // given a source in the pipeline file when none of its sources reads them.
    let st = state.clone();
    let lang = v.lang;
    let by = v.name();
    let notes = tokio::task::spawn_blocking(move || keep_uploads(&st, id, saved, lang, &by)).await.unwrap_or_default();
    // One message for the files kept (a line each), one per file refused.
    let kept: Vec<String> = notes.iter().filter(|(k, _)| *k == "ok").map(|(_, t)| t.clone()).collect();
    if !kept.is_empty() {
        state.push_flash(&v, "ok", kept.join("\n"));
    }
    for (kind, text) in notes.into_iter().filter(|(k, _)| *k != "ok") {
        state.push_flash(&v, kind, text);
    }
    see_other(&format!("/projects/{id}#files"))
}

fn keep_uploads(state: &AppState, id: i64, saved: Vec<(String, PathBuf)>, lang: &str, by: &str) -> Vec<(&'static str, String)> {
    let dir = state.project_dir(id);
    let mut notes = Vec::new();
    for (name, part) in saved {
        let i = digihyte_ingest::inspect(&part, None);
        if let Some(e) = &i.account.error {
            let _ = std::fs::remove_file(&part);
            notes.push(("error", format!("{name}: {}: {e}", ui::t(lang, "upload_refused"))));
            continue;
        }
        let bytes = std::fs::read(&part).unwrap_or_default();
        // Into the folder of the source that reads such a name; a name no source reads gets
        // a source of the kind the reader recognised.
        let text = read_pipeline(&dir);
        let folder = match pipeline_file::placement(&text, &name) {
            Some(f) => f,
            None => {
                if let Ok(t) = pipeline_file::add_source(&text, i.kind.key(), &name) {
                    let _ = std::fs::write(dir.join("pipeline.toml"), t);
                }
                INPUTS.to_string()
            }
        };
        let target = dir.join(&folder).join(&name);
        if let Some(old) = upload_named(state, id, &name).filter(|u| u.folder != folder) {
            let _ = std::fs::remove_file(dir.join(old.path()));
        }
        if let Err(e) = std::fs::create_dir_all(dir.join(&folder)).and_then(|_| std::fs::rename(&part, &target)) {
            let _ = std::fs::remove_file(&part);
            notes.push(("error", format!("{name}: {e}")));
            continue;
        }
        let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        let u = db::Upload {
            file_name: name.clone(),
            folder,
            bytes: bytes.len() as i64,
            sha256: sha,
            uploaded_by: by.to_string(),
            uploaded_at: crate::now(),
        };
        if let Err(e) = db::upsert_upload(&state.db(), id, &u) {
            notes.push(("error", format!("{name}: {e}")));
            continue;
        }
        notes.push(("ok", format!("{name}: {} ({} {})", ui::t(lang, "uploaded"), ui::t(lang, "read_as"), kind_label(Some(i.kind), lang))));
    }
    notes
}

/// The uploaded file `name` of project `id`, if it is one.
fn upload_named(state: &AppState, id: i64, name: &str) -> Option<db::Upload> {
    db::uploads(&state.db(), id).ok()?.into_iter().find(|u| u.file_name == name)
}

/// How many rejected rows a file page lists.
const MAX_ROWS_SHOWN: usize = 500;

pub async fn file_page(State(state): State<Shared>, Extension(v): V, Path((id, name)): Path<(i64, String)>) -> Response {
    let project = match project_for_analyst(&state, &v, id) {
        Ok((p, _)) => p,
        Err(r) => return r,
    };
    // The rejected values and the unknown words are raw values: the owner's only; another
    // analyst sees each row's place, reason and fix.
    let owner = v.owns(&project.owner);
    let Some(upload) = upload_named(&state, id, &name) else { return crate::not_found(&state, &v) };
    let st = state.clone();
    let check = tokio::task::spawn_blocking(move || check_project(&st, id)).await.unwrap_or_default();
    let path = upload.path();
    let a = check.accounts.iter().find(|a| a.path == path).cloned().unwrap_or_default();
    let rows: Vec<&Rejection> = check.rejections.iter().filter(|r| r.file == path).collect();
    let rejections: Vec<_> = rows
        .iter()
        .take(MAX_ROWS_SHOWN)
        .map(|r| {
            minijinja::context! {
                place => place(r), value => if owner { r.value.clone() } else { String::new() },
                reason => digihyte_report::locale::reason(v.lang, r.reason.key()),
                suggestion => r.suggestion.as_deref().map(|s| digihyte_report::locale::advice(v.lang, s)).unwrap_or_default(),
            }
        })
        .collect();
    let more = (rows.len() > MAX_ROWS_SHOWN).then(|| ui::tf(v.lang, "more_rejected", &[("n", MAX_ROWS_SHOWN.to_string())]));
    let words: Vec<_> = check
        .unknown_words
        .iter()
        .filter(|u| owner && u.places.iter().any(|p| p.file == path))
        .map(|u| word_view(u, v.lang, false))
        .collect();
    let skipped_by: Vec<String> = digihyte_core::SkipKind::ALL
        .iter()
        .filter(|k| a.skipped[**k as usize] > 0)
        .map(|k| format!("{} {}", digihyte_report::labels::t(v.lang, &format!("skipped_{}", k.key())), a.skipped[*k as usize]))
        .collect();
    let s = pipeline_file::settings_of(&read_pipeline(&state.project_dir(id)));
    render(
        &state,
        &v,
        "file.html",
        minijinja::context! {
            project => minijinja::context! { id => id, name => s.name, title => s.title },
            file => minijinja::context! {
                name => name, kind => kind_label(a.kind, v.lang), sheets => a.sheets.clone(), read => a.rows_read,
                accepted => a.rows_accepted, rejected => a.rows_rejected, skipped => a.rows_skipped(),
                skipped_by => skipped_by.join(", "), error => a.error.clone(),
            },
            rejections, more, words, owner,
            owner_note => (!owner).then(|| ui::tf(v.lang, "owner_only_note", &[("owner", project.owner.clone())])),
        },
    )
}

pub async fn file_delete(
    State(state): State<Shared>,
    Extension(v): V,
    Path((id, name)): Path<(i64, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let dir = match owner_form(&state, &v, id, &form) {
        Ok(dir) => dir,
        Err(r) => return r,
    };
    let Some(upload) = upload_named(&state, id, &name) else { return crate::not_found(&state, &v) };
    let _ = db::delete_upload(&state.db(), id, &name);
    let _ = std::fs::remove_file(dir.join(upload.path()));
    state.push_flash(&v, "ok", format!("{name}: {}", ui::t(v.lang, "file_deleted")));
    see_other(&format!("/projects/{id}#files"))
}

pub async fn source_remove(
    State(state): State<Shared>,
    Extension(v): V,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let dir = match owner_form(&state, &v, id, &form) {
        Ok(dir) => dir,
        Err(r) => return r,
    };
    let table = field(&form, "table").unwrap_or("");
    let index = field(&form, "index").and_then(|i| i.parse().ok()).unwrap_or(usize::MAX);
    match pipeline_file::remove_source(&read_pipeline(&dir), table, index) {
        Ok(text) => {
            save_pipeline(&state, &v, id, &text, "source_removed");
        }
        Err(e) => state.push_flash(&v, "error", e),
    }
    see_other(&format!("/projects/{id}#files"))
}

pub async fn words(State(state): State<Shared>, Extension(v): V, Path(id): Path<i64>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let dir = match owner_form(&state, &v, id, &form) {
        Ok(dir) => dir,
        Err(r) => return r,
    };
    let mut chosen = Vec::new();
    for (k, word) in &form {
        let Some(n) = k.strip_prefix("word_") else { continue };
        let Some(key) = field(&form, &format!("key_{n}")).filter(|k| !k.is_empty()) else { continue };
        let Some((dim, word)) = word.split_once('\t') else { continue };
        // Only keys the dimension has (the pipeline compile would refuse others anyway).
        if Dimension::from_key(dim).is_some_and(|d| d.valid_keys().contains(&key)) {
            chosen.push((dim.to_string(), word.to_string(), key.to_string()));
        }
    }
    if !chosen.is_empty() {
        match pipeline_file::set_words(&read_pipeline(&dir), &chosen) {
            Ok(text) => {
                save_pipeline(&state, &v, id, &text, "words_saved");
            }
            Err(e) => state.push_flash(&v, "error", e),
        }
    }
    see_other(&format!("/projects/{id}#words"))
}

pub async fn start_run(
    State(state): State<Shared>,
    Extension(v): V,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let dir = match owner_form(&state, &v, id, &form) {
        Ok(dir) => dir,
        Err(r) => return r,
    };
    let run_date = match field(&form, "run_date").map(str::trim).filter(|d| !d.is_empty()) {
        None => chrono::Local::now().date_naive(),
        Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => return error_page(&state, &v, StatusCode::BAD_REQUEST, "bad_request", format!("{}: {d}", ui::t(v.lang, "run_date"))),
        },
    };
    let run_id = match db::insert_run(&state.db(), id, &v.name(), &crate::now(), &run_date.to_string()) {
        Ok(r) => r,
        Err(e) => return error_page(&state, &v, StatusCode::INTERNAL_SERVER_ERROR, "bad_request", e.to_string()),
    };
    let progress = Arc::new(crate::RunProgress::default());
    state.runs.lock().expect("runs").insert(run_id, progress.clone());
    let st = state.clone();
    let job = Job { pipeline: dir.join("pipeline.toml"), out: Some(dir.join("output")), run_date: Some(run_date), ..Job::default() };
    std::thread::spawn(move || {
        tracing::info!("project {id}: run {run_id} started");
        // The engine takes the output folder's lock: a second run of the same project (or
        // a `digihyte run` on the same folder) is refused, not interleaved.
        let (status, message) = match digihyte_engine::run(&job, &*progress) {
            Ok(o) => match o.too_many_rejected {
                Some(m) => ("too_many_rejected", Some(m)),
                None => ("succeeded", None),
            },
            Err(e @ EngineError::Locked(_)) => ("refused", Some(e.to_string())),
            Err(e) => ("failed", Some(e.to_string())),
        };
        tracing::info!("project {id}: run {run_id} {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default());
        if let Err(e) = db::finish_run(&st.db(), run_id, status, message.as_deref(), &crate::now()) {
            tracing::error!("recording run {run_id}: {e}");
        }
        st.runs.lock().expect("runs").remove(&run_id);
    });
    see_other(&format!("/projects/{id}/runs/{run_id}"))
}

pub async fn run_page(State(state): State<Shared>, Extension(v): V, Path((id, run_id)): Path<(i64, i64)>) -> Response {
    if let Err(r) = project_for_analyst(&state, &v, id) {
        return r;
    }
    let Some(run) = db::run(&state.db(), id, run_id).ok().flatten() else { return crate::not_found(&state, &v) };
    let progress = state.runs.lock().expect("runs").get(&run_id).map(|p| p.state.lock().expect("progress").clone()).unwrap_or_default();
    let phases: Vec<_> = digihyte_engine::Phase::ALL
        .iter()
        .map(|p| {
            let state = if progress.finished.contains(p) {
                "done"
            } else if progress.phase == Some(*p) {
                "active"
            } else {
                "todo"
            };
            let detail = match p {
                digihyte_engine::Phase::Read if progress.files_total > 0 => {
                    format!("{} / {} {}", progress.files_read, progress.files_total, ui::t(v.lang, "files_read"))
                }
                digihyte_engine::Phase::Render if progress.outputs > 0 => {
                    format!("{} {}", progress.outputs, ui::t(v.lang, "outputs_written"))
                }
                _ => String::new(),
            };
            minijinja::context! { label => ui::t(v.lang, &format!("phase_{}", p.key())), state, detail }
        })
        .collect();
    let s = pipeline_file::settings_of(&read_pipeline(&state.project_dir(id)));
    let running = run.status == "running";
    let message = match run.status.as_str() {
        "refused" => Some(ui::t(v.lang, "run_locked")),
        _ => run.message.clone(),
    };
    render(
        &state,
        &v,
        "run.html",
        minijinja::context! {
            project => minijinja::context! { id => id, name => s.name, title => s.title },
            run => minijinja::context! { status_label => ui::t(v.lang, &format!("status_{}", run.status)), message, ..minijinja::Value::from_serialize(&run) },
            phases, files_total => progress.files_total, files_read => progress.files_read,
            refresh => if running { Some(1) } else { None },
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_are_made_safe() {
        assert_eq!(sanitize_file_name("../../etc/passwd.csv").unwrap(), "passwd.csv");
        assert_eq!(sanitize_file_name("C:\\Users\\anna\\Oulu kirjasto 2024.xlsx").unwrap(), "Oulu_kirjasto_2024.xlsx");
        assert_eq!(sanitize_file_name(".hidden.csv").unwrap(), "hidden.csv");
        assert_eq!(sanitize_file_name("Pyha\u{308}ja\u{308}rvi.ods").unwrap(), "Pyhäjärvi.ods");
        assert_eq!(sanitize_file_name("x.exe"), Err("bad_extension"));
        assert_eq!(sanitize_file_name("noext"), Err("bad_extension"));
        assert!(sanitize_file_name(".csv").is_err());
        assert!(sanitize_file_name(&format!("{}.csv", "a".repeat(300))).unwrap().chars().count() <= 120);
    }

    #[test]
    fn a_rejected_row_is_placed_as_the_spreadsheet_shows_it() {
        let r = Rejection {
            file: "inputs/oulu.xlsx".into(),
            sheet: "Tapahtumat".into(),
            row: 17,
            column: "Pvm (C)".into(),
            value: "31.2.2024".into(),
            reason: digihyte_core::RejectReason::BadDate,
            suggestion: None,
        };
        assert_eq!(place(&r), "oulu.xlsx › Tapahtumat › C17 (Pvm)");
    }
}
