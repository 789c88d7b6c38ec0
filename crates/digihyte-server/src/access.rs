//! Who is asking, and what they may see. Every rule of the server is a function here, and
//! every handler calls the one it needs before it reads anything:
//!
//! - anonymous (accounts exist, not logged in): the login page, `/healthz`, the stylesheet,
//!   the language switch; every other page sends them to the login page;
//! - local use (no account exists, and the request did not come through a proxy): the one
//!   person at this machine is an analyst;
//! - the owner of a project (the analyst who made it; in local use the person at the
//!   machine owns every project): the project, its uploads, its checks with the raw
//!   rejected values and the unknown words, its runs and every output, `internal/` and
//!   the manifest included; only the owner changes the project;
//! - another analyst: every project's page, the accounting of its files (rows read,
//!   accepted, rejected, skipped, by reason), its runs and its published outputs; no raw
//!   value (no rejected value, no unknown word, no `internal/`, no manifest, no pipeline
//!   file with its `[words]`);
//! - a coordinator of municipality M: the published outputs of M's appendix (its
//!   workbook, charts and document) and the area's published tables (`data/`), of the
//!   projects whose area includes M; nothing else (no uploads, no other municipality, no
//!   `internal/`, no manifest).

use crate::db::{self, Role, User};
use crate::{ui, Shared};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "digihyte_session";
pub const LANG_COOKIE: &str = "digihyte_lang";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;

#[derive(Debug, Clone)]
pub enum Who {
    Anonymous,
    /// No account exists: the person at this machine.
    Local,
    User(User),
}

/// The person behind a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub who: Who,
    pub lang: &'static str,
    /// The session's CSRF token (every form carries it).
    pub csrf: String,
    /// The hash of the session token (the key of the session row).
    pub session: String,
    /// The page asked for (path and query), for the language switch.
    pub path: String,
    pub client: Option<IpAddr>,
    /// Whether cookies are to be `Secure`.
    pub secure: bool,
}

impl Viewer {
    /// The name stored as a project's owner or an upload's author.
    pub fn name(&self) -> String {
        match &self.who {
            Who::User(u) => u.name.clone(),
            _ => "local".into(),
        }
    }
    pub fn is_analyst(&self) -> bool {
        matches!(&self.who, Who::Local) || matches!(&self.who, Who::User(u) if u.role == Role::Analyst)
    }
    /// Rule: whether this person owns the project whose owner is stored as `owner`: the
    /// analyst who made it; in local use (no accounts) the person at the machine owns
    /// every project. Only the owner sees raw values and changes the project.
    pub fn owns(&self, owner: &str) -> bool {
        match &self.who {
            Who::Local => true,
            Who::User(u) => u.role == Role::Analyst && u.name == owner,
            Who::Anonymous => false,
        }
    }
    /// The municipality of a coordinator.
    pub fn coordinator_of(&self) -> Option<u16> {
        match &self.who {
            Who::User(User { role: Role::Coordinator(m), .. }) => Some(*m),
            _ => None,
        }
    }
    pub fn is_anonymous(&self) -> bool {
        matches!(self.who, Who::Anonymous)
    }
}

/// Rule: analysts only. Anonymous people are sent to the login page, others refused.
pub fn require_analyst(state: &crate::AppState, v: &Viewer) -> Result<(), Response> {
    if v.is_analyst() {
        Ok(())
    } else if v.is_anonymous() {
        Err(crate::see_other("/login"))
    } else {
        Err(crate::forbidden(state, v))
    }
}

/// Rule: anyone who is logged in (or local).
pub fn require_login(_state: &crate::AppState, v: &Viewer) -> Result<(), Response> {
    if v.is_anonymous() {
        Err(crate::see_other("/login"))
    } else {
        Ok(())
    }
}

/// Rule: a municipality's appendix: analysts, and the coordinator of that municipality.
pub fn may_see_municipality(v: &Viewer, code: u16) -> bool {
    v.is_analyst() || v.coordinator_of() == Some(code)
}

/// Rule: one file of a project's output folder (`path` relative to it, already checked to
/// be a plain relative path). `name` is the job's name (the outputs' file-name prefix);
/// `owner` the project's owner. The owner sees every file; another analyst what is meant
/// for publication ([`is_published`]); a coordinator her appendix and the area's tables.
pub fn may_see_output(v: &Viewer, owner: &str, name: &str, path: &str) -> bool {
    if v.owns(owner) {
        return true;
    }
    if v.is_analyst() {
        return is_published(path);
    }
    let Some(m) = v.coordinator_of() else { return false };
    is_published_of(name, path, m)
}

/// Whether `path` is one of the published outputs a coordinator of `m` sees: the area's
/// tables (`data/*.csv`), and the workbook, charts and document of `m`.
pub fn is_published_of(name: &str, path: &str, m: u16) -> bool {
    let prefix = format!("{name}_{m:03}_");
    match path.split_once('/') {
        Some(("data", f)) => !f.contains('/') && f.ends_with(".csv"),
        Some(("workbooks" | "charts" | "documents", f)) => !f.contains('/') && f.starts_with(&prefix),
        _ => false,
    }
}

/// Whether `path` (relative to an output folder) is meant for publication: everything
/// but `internal/` (the unsuppressed tables and the raw rejected values) and
/// `manifest.json` (the run's record: the pipeline file with its `[words]`, the input
/// files' names and warnings that quote raw unknown words and where they are).
pub fn is_published(path: &str) -> bool {
    !path.starts_with("internal/") && path != "internal" && path != MANIFEST
}

/// The run's record in an output folder: the owner's, never in a publication download.
pub const MANIFEST: &str = "manifest.json";

/// Rule (DNS rebinding): with no accounts, only a request addressed to this machine by a
/// loopback name (`localhost`, `127.0.0.1`, `[::1]`, any port) is answered; a page of
/// another site whose name was made to point at 127.0.0.1 sends its own name and is refused.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.strip_prefix(':').is_some_and(is_port) => return ip == "::1",
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((n, port)) if is_port(port) => n,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1"
}

fn is_port(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit())
}

/// A path from a request, inside a project's output folder: plain names joined by `/`
/// (no `..`, no hidden names, nothing absolute). `None` when it is anything else.
pub fn safe_relative(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let ok = !parts.is_empty()
        && parts.len() <= 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && !p.starts_with('.') && p.len() <= 200 && p.chars().all(|c| c.is_alphanumeric() || "._-".contains(c)));
    ok.then(|| parts.join("/"))
}

/// Compares a form's CSRF token with the session's, in constant time.
pub fn csrf_ok(v: &Viewer, token: Option<&str>) -> bool {
    let Some(t) = token else { return false };
    let (a, b) = (t.as_bytes(), v.csrf.as_bytes());
    a.len() == b.len() && !b.is_empty() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the system's random numbers");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value of a session.
pub(crate) fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}"))
        .expect("a cookie of hex digits")
}

/// Starts a session (anonymous, local or a user's); returns its token.
pub(crate) fn new_session(state: &crate::AppState, user_id: Option<i64>) -> (String, String, String) {
    let token = random_hex(32);
    let csrf = random_hex(32);
    let hash = token_hash(&token);
    let now = crate::unix_now();
    state.prune_sessions_now_and_then(now);
    if let Err(e) = db::insert_session(&state.db(), &hash, user_id, &csrf, now, now + SESSION_SECONDS) {
        tracing::error!("storing a session: {e}");
    }
    (token, hash, csrf)
}

/// Resolves the session of every page request (creating one when there is none), decides
/// the language, and refuses proxied requests while no account exists.
pub async fn session_layer(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let forwarded = headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED);
    let https = headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = state.secure_cookies || https;
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(|l| ui::LANGS.iter().find(|x| **x == l).copied())
        .unwrap_or_else(|| ui::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())));
    let has_accounts = state.has_accounts();
    // The name the request was addressed to (Host, or the authority of HTTP/2).
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).or_else(|| req.uri().authority().map(|a| a.as_str()));
    if !has_accounts && !host.is_some_and(is_loopback_host) {
        // Refused before any session or page: a short message.
        tracing::warn!("request for host {host:?} refused: without accounts only localhost, 127.0.0.1 and [::1] are answered");
        let mut res = (StatusCode::MISDIRECTED_REQUEST, ui::t(lang, "host_refused")).into_response();
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let now = crate::unix_now();
    let existing = cookie(headers, SESSION_COOKIE).and_then(|t| {
        let hash = token_hash(t);
        db::session(&state.db(), &hash, now).ok().flatten().map(|s| (hash, s))
    });
    let (hash, user_id, csrf, new_token) = match existing {
        Some((hash, s)) => (hash, s.user_id, s.csrf, None),
        None => {
            let (token, hash, csrf) = new_session(&state, None);
            (hash, None, csrf, Some(token))
        }
    };
    let who = match user_id {
        Some(id) => match db::user_by_id(&state.db(), id).ok().flatten() {
            Some(u) => Who::User(u),
            None => Who::Anonymous,
        },
        None if has_accounts => Who::Anonymous,
        None => Who::Local,
    };
    let viewer = Viewer {
        who,
        lang,
        csrf,
        session: hash,
        path: req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into()),
        client: req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()),
        secure,
    };
    let mut res = if !has_accounts && forwarded {
        crate::error_page(&state, &viewer, StatusCode::FORBIDDEN, "forbidden", ui::t(lang, "forwarded_no_accounts"))
    } else {
        req.extensions_mut().insert(Arc::new(viewer));
        next.run(req).await
    };
    if let Some(t) = new_token {
        res.headers_mut().append(header::SET_COOKIE, session_cookie(&t, secure));
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_never_leave_the_folder() {
        for bad in ["../x", "a/../../b", "/etc/passwd", "a//b", ".lock", "data/.hidden", "a\\b", "", "a/b/c/d/e", "%2e%2e/x"] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
        assert_eq!(safe_relative("charts/example_564_oulu_topics.png").as_deref(), Some("charts/example_564_oulu_topics.png"));
        assert_eq!(safe_relative("workbooks/Pyhäjärvi.xlsx").as_deref(), Some("workbooks/Pyhäjärvi.xlsx"));
    }

    #[test]
    fn a_coordinator_sees_her_appendix_and_the_area_tables_only() {
        assert!(is_published_of("example", "data/reach.csv", 564));
        assert!(is_published_of("example", "workbooks/example_564_oulu.xlsx", 564));
        assert!(is_published_of("example", "charts/example_564_oulu_topics.png", 564));
        assert!(!is_published_of("example", "charts/example_244_kempele_topics.png", 564));
        assert!(!is_published_of("example", "workbooks/example.xlsx", 564));
        assert!(!is_published_of("example", "internal/rejected.csv", 564));
        assert!(!is_published_of("example", "manifest.json", 564));
        assert!(!is_published_of("example", "data/sub/reach.csv", 564));
        assert!(!is_published("internal/rejected.xlsx"));
        assert!(!is_published("manifest.json"));
        assert!(is_published("data/reach.csv"));
    }

    #[test]
    fn only_loopback_names_are_answered_without_accounts() {
        for ok in ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:8080"] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "localhost.evil",
            "[::2]:80",
            "127.0.0.1:x",
            "",
            "[::1]x",
            "10.0.0.1",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
