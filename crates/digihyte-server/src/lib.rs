//! `digihyte serve`: the pages for hyte coordinators and analysts.
//!
//! A project is one job: its pipeline file (`pipeline.toml`, the same file `digihyte run`
//! takes; made from the page's settings or uploaded), its uploaded inputs, and its output
//! folder, written by the same engine call as the command line (`digihyte_engine::run`).
//! Pages are rendered on the server (minijinja templates embedded in the program, one
//! stylesheet, no script); nothing is fetched from elsewhere.
//!
//! The data folder (`--data-dir`):
//!
//! ```text
//! digihyte.sqlite            users (argon2 hashes), sessions, projects, uploads, runs
//! projects/<id>/pipeline.toml
//! projects/<id>/inputs/      the uploaded files (sanitised names)
//! projects/<id>/output/      the last finished run's output folder (manifest.json, data/,
//!                            internal/, workbooks/, charts/, documents/)
//! projects/<id>/.output.lock the engine's lock while a run writes
//! ```
//!
//! Invariants: every route checks who may see it ([`access`]); no path from a request is
//! used without being checked against a project's own folders; `internal/`, the manifest
//! and every raw value are served to the project's owner only, and neither `internal/` nor
//! the manifest is ever in a zip; without accounts only a loopback `Host` is answered; a
//! form without the session's CSRF token changes nothing.

// The access rules return the page that refuses (an axum `Response`, 128 bytes) as their
// error; boxing it would only add noise on a path taken at most once per request.
#![allow(clippy::result_large_err)]

pub mod access;
mod auth;
pub mod db;
pub mod pipeline_file;
mod projects;
mod results;
pub mod ui;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use access::{Viewer, Who};
pub use db::Role;

/// Largest upload of one file (the ingest's own limit is larger; a log this size is
/// already a national one).
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// Most files in one upload.
pub const MAX_FILES: usize = 50;
/// Largest request body (several files at once).
pub const MAX_BODY_BYTES: usize = 256 << 20;

/// How `digihyte serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// Mark the session cookie `Secure` (set behind a TLS proxy); requests that arrive
    /// with `X-Forwarded-Proto: https` get it anyway.
    pub secure_cookies: bool,
}

/// Why the server did not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A setting that makes the server unsafe or unusable (the command line exits 2).
    #[error("{0}")]
    Refused(String),
    #[error("the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("the database {path}: {source}")]
    Database { path: String, source: rusqlite::Error },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A run as it goes, for its progress page.
#[derive(Debug, Default)]
pub struct RunProgress {
    pub state: Mutex<ProgressState>,
}

#[derive(Debug, Default, Clone)]
pub struct ProgressState {
    pub phase: Option<digihyte_engine::Phase>,
    pub finished: Vec<digihyte_engine::Phase>,
    pub files_total: usize,
    pub files_read: usize,
    pub outputs: usize,
    pub warnings: usize,
}

impl digihyte_engine::Progress for RunProgress {
    fn event(&self, event: &digihyte_engine::Event<'_>) {
        use digihyte_engine::Event;
        let mut s = self.state.lock().expect("progress lock");
        match event {
            Event::PhaseStarted(p) => s.phase = Some(*p),
            Event::PhaseFinished { phase, .. } => s.finished.push(*phase),
            Event::Reading { files } => s.files_total = *files,
            Event::FileRead(_) => s.files_read += 1,
            Event::OutputsWritten(n) => s.outputs = *n,
            Event::Warning(_) => s.warnings += 1,
        }
    }
}

/// A message shown once on the next page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Flash {
    pub kind: &'static str,
    pub text: String,
}

/// Everything the handlers share.
pub struct AppState {
    pub data_dir: PathBuf,
    pub db: Mutex<rusqlite::Connection>,
    templates: minijinja::Environment<'static>,
    secure_cookies: bool,
    /// Runs going now, by run id.
    runs: Mutex<HashMap<i64, Arc<RunProgress>>>,
    /// The last check of each project's uploads: (what it was made of, the check).
    checks: Mutex<HashMap<i64, (String, Arc<projects::ProjectCheck>)>>,
    flash: Mutex<HashMap<String, Vec<Flash>>>,
    limiter: auth::Limiter,
    /// When expired sessions were last removed (unix seconds): at startup, at each login,
    /// and at most every [`PRUNE_SECONDS`] when a session starts.
    last_prune: std::sync::atomic::AtomicI64,
}

/// How often, at most, starting a session also removes the expired ones.
pub const PRUNE_SECONDS: i64 = 600;

pub type Shared = Arc<AppState>;

impl AppState {
    /// Opens the data folder (creating it) and its database; runs that were going when the
    /// server last stopped are marked interrupted (the engine left their previous outputs
    /// as they were).
    pub fn open(data_dir: &Path, secure_cookies: bool) -> Result<Shared, ServeError> {
        let dd = |source| ServeError::DataDir { path: data_dir.display().to_string(), source };
        std::fs::create_dir_all(data_dir.join("projects")).map_err(dd)?;
        let db_path = data_dir.join("digihyte.sqlite");
        let dbe = |source| ServeError::Database { path: db_path.display().to_string(), source };
        let conn = db::open(&db_path).map_err(dbe)?;
        let interrupted = db::interrupt_running(&conn, &now()).map_err(dbe)?;
        if interrupted > 0 {
            tracing::warn!(
                "{interrupted} run(s) were going when the server stopped: marked interrupted (their previous outputs are unchanged)"
            );
        }
        db::delete_expired_sessions(&conn, unix_now()).map_err(dbe)?;
        Ok(Arc::new(AppState {
            data_dir: data_dir.to_path_buf(),
            db: Mutex::new(conn),
            templates: templates(),
            secure_cookies,
            runs: Mutex::default(),
            checks: Mutex::default(),
            flash: Mutex::default(),
            limiter: auth::Limiter::default(),
            last_prune: std::sync::atomic::AtomicI64::new(unix_now()),
        }))
    }

    pub fn project_dir(&self, id: i64) -> PathBuf {
        self.data_dir.join("projects").join(id.to_string())
    }

    fn db(&self) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push_flash(&self, v: &Viewer, kind: &'static str, text: String) {
        self.flash.lock().expect("flash").entry(v.session.clone()).or_default().push(Flash { kind, text });
    }

    fn take_flash(&self, v: &Viewer) -> Vec<Flash> {
        self.flash.lock().expect("flash").remove(&v.session).unwrap_or_default()
    }

    /// Removes the expired sessions (each login; a new session when the last removal is
    /// older than [`PRUNE_SECONDS`]).
    pub(crate) fn prune_sessions(&self, now: i64) {
        self.last_prune.store(now, std::sync::atomic::Ordering::Relaxed);
        if let Err(e) = db::delete_expired_sessions(&self.db(), now) {
            tracing::warn!("removing expired sessions: {e}");
        }
    }

    pub(crate) fn prune_sessions_now_and_then(&self, now: i64) {
        if now - self.last_prune.load(std::sync::atomic::Ordering::Relaxed) >= PRUNE_SECONDS {
            self.prune_sessions(now);
        }
    }

    /// Whether accounts exist (then every page needs a login).
    pub fn has_accounts(&self) -> bool {
        db::user_count(&self.db()).unwrap_or(0) > 0
    }
}

pub(crate) fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn templates() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    for (name, src) in [
        ("base.html", include_str!("../templates/base.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("login.html", include_str!("../templates/login.html")),
        ("index.html", include_str!("../templates/index.html")),
        ("settings_fields.html", include_str!("../templates/settings_fields.html")),
        ("project.html", include_str!("../templates/project.html")),
        ("file.html", include_str!("../templates/file.html")),
        ("run.html", include_str!("../templates/run.html")),
        ("results.html", include_str!("../templates/results.html")),
        ("appendix.html", include_str!("../templates/appendix.html")),
        ("quality.html", include_str!("../templates/quality.html")),
        ("coordinator.html", include_str!("../templates/coordinator.html")),
    ] {
        env.add_template(name, src).expect("the embedded templates parse");
    }
    env.add_function("t", |state: &minijinja::State, key: &str| -> String {
        let lang = state.lookup("lang").and_then(|l| l.as_str().map(str::to_string)).unwrap_or_else(|| "fi".into());
        ui::t(&lang, key)
    });
    env
}

/// Renders a page with the layout's context (language, CSRF token, who, flash messages).
pub(crate) fn render(state: &AppState, v: &Viewer, name: &str, ctx: minijinja::Value) -> Response {
    render_status(state, v, StatusCode::OK, name, ctx)
}

pub(crate) fn render_status(state: &AppState, v: &Viewer, status: StatusCode, name: &str, ctx: minijinja::Value) -> Response {
    let langs: Vec<_> = ui::LANGS.iter().map(|l| minijinja::context! { code => *l, name => ui::t(l, "lang_name") }).collect();
    let user = match &v.who {
        Who::Anonymous => None,
        Who::Local => {
            Some(minijinja::context! { name => ui::t(v.lang, "local_user"), role => ui::t(v.lang, "role_analyst"), can_logout => false })
        }
        Who::User(u) => Some(minijinja::context! {
            name => u.name.clone(),
            role => match u.role {
                Role::Analyst => ui::t(v.lang, "role_analyst"),
                Role::Coordinator(m) => format!("{}, {}", ui::t(v.lang, "role_coordinator"), municipality_name(m, v.lang)),
            },
            can_logout => true,
        }),
    };
    let base = minijinja::context! {
        lang => v.lang,
        langs => langs,
        csrf => v.csrf.clone(),
        back => v.path.clone(),
        user => user,
        flash => state.take_flash(v),
    };
    let ctx = minijinja::context! { ..ctx, ..base };
    match state.templates.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            tracing::error!("rendering {name}: {e:#}");
            (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be rendered (a bug; see the server's log)").into_response()
        }
    }
}

/// An error page.
pub(crate) fn error_page(state: &AppState, v: &Viewer, status: StatusCode, heading: &str, text: String) -> Response {
    render_status(state, v, status, "error.html", minijinja::context! { heading => ui::t(v.lang, heading), text => text })
}

pub(crate) fn forbidden(state: &AppState, v: &Viewer) -> Response {
    error_page(state, v, StatusCode::FORBIDDEN, "forbidden", ui::t(v.lang, "forbidden_text"))
}

pub(crate) fn not_found(state: &AppState, v: &Viewer) -> Response {
    error_page(state, v, StatusCode::NOT_FOUND, "not_found", ui::t(v.lang, "not_found_text"))
}

pub(crate) fn csrf_refused(state: &AppState, v: &Viewer) -> Response {
    error_page(state, v, StatusCode::FORBIDDEN, "forbidden", ui::t(v.lang, "csrf_text"))
}

pub(crate) fn municipality_name(code: u16, lang: &str) -> String {
    digihyte_core::Reference::get().municipality(code).map(|m| m.name(lang).to_string()).unwrap_or_else(|| format!("{code:03}"))
}

pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// The application: every route, with the session layer and the security headers.
pub fn app(state: Shared) -> Router {
    let pages = Router::new()
        .route("/", get(projects::index))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang/{code}", get(auth::language))
        .route("/projects", post(projects::create))
        .route("/projects/import", post(projects::import))
        .route("/projects/{id}", get(projects::show))
        .route("/projects/{id}/settings", post(projects::settings))
        .route("/projects/{id}/pipeline.toml", get(projects::pipeline_download))
        .route("/projects/{id}/pipeline", post(projects::pipeline_replace))
        .route("/projects/{id}/files", post(projects::upload))
        .route("/projects/{id}/files/{name}", get(projects::file_page))
        .route("/projects/{id}/files/{name}/delete", post(projects::file_delete))
        .route("/projects/{id}/sources/remove", post(projects::source_remove))
        .route("/projects/{id}/words", post(projects::words))
        .route("/projects/{id}/runs", post(projects::start_run))
        .route("/projects/{id}/runs/{run}", get(projects::run_page))
        .route("/projects/{id}/results", get(results::results))
        .route("/projects/{id}/results/{code}", get(results::appendix))
        .route("/projects/{id}/quality", get(results::quality))
        .route("/projects/{id}/out/{*path}", get(results::output_file))
        .route("/projects/{id}/download.zip", get(results::download_zip))
        .layer(axum::middleware::from_fn_with_state(state.clone(), access::session_layer))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/assets/style.css", get(stylesheet))
        .merge(pages)
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], include_str!("../assets/style.css"))
        .into_response()
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h: &mut HeaderMap = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Starts the server and serves until Ctrl-C / SIGTERM. Refuses a non-loopback address
/// while no account exists.
pub fn serve(opts: &ServeOptions) -> Result<(), ServeError> {
    let state = AppState::open(&opts.data_dir, opts.secure_cookies)?;
    if !opts.bind.ip().is_loopback() && !state.has_accounts() {
        return Err(ServeError::Refused(format!(
            "refusing to listen on {}: that address can be reached from other machines, and no account exists yet, so anyone could use the server. \
             Create accounts first (digihyte serve --add-user NAME --role analyst|coordinator [--municipality CODE] --data-dir {}), \
             or listen on 127.0.0.1 (the default) for use on this machine only",
            opts.bind,
            opts.data_dir.display()
        )));
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.bind).await?;
        let addr = listener.local_addr()?;
        let mode = if state.has_accounts() { "accounts: every page needs a login" } else { "no accounts: local use on this machine" };
        tracing::info!("digihyte serve listening on http://{addr}/ ({mode}); data in {}", opts.data_dir.display());
        axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        tracing::info!("digihyte serve stopped");
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Adds an account (or changes the role and password of an existing one).
pub fn add_user(data_dir: &Path, name: &str, role: &Role, password: &str) -> Result<(), ServeError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_alphanumeric() || "._-@".contains(c)) {
        return Err(ServeError::Refused(format!("`{name}` is not a user name: use letters, digits, `.`, `_`, `-` or `@` (at most 64)")));
    }
    if password.chars().count() < 10 {
        return Err(ServeError::Refused("the password is too short: use at least 10 characters".into()));
    }
    if let Role::Coordinator(m) = role {
        if digihyte_core::Reference::get().municipality(*m).is_none() {
            return Err(ServeError::Refused(format!("{m:03} is not a municipality code; `digihyte municipalities` lists them")));
        }
    }
    std::fs::create_dir_all(data_dir).map_err(|source| ServeError::DataDir { path: data_dir.display().to_string(), source })?;
    let db_path = data_dir.join("digihyte.sqlite");
    let conn = db::open(&db_path).map_err(|source| ServeError::Database { path: db_path.display().to_string(), source })?;
    let hash = auth::hash_password(password).map_err(ServeError::Refused)?;
    db::upsert_user(&conn, name, role, &hash, &now())
        .map_err(|source| ServeError::Database { path: db_path.display().to_string(), source })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_templates_parse() {
        let env = super::templates();
        assert!(env.get_template("project.html").is_ok());
    }
}
