//! Logging in and out, passwords (argon2id), the login rate limit and the language switch.

use crate::access::{self, csrf_ok, Viewer};
use crate::{db, render, render_status, ui, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failed logins allowed per user name and per client address within [`WINDOW`].
pub const MAX_FAILURES_PER_NAME: usize = 5;
pub const MAX_FAILURES_PER_CLIENT: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed logins by key (`name:…`, `ip:…`), kept for [`WINDOW`].
#[derive(Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    /// Minutes to wait when `key` has too many recent failures.
    fn blocked(&self, key: &str, max: usize) -> Option<u64> {
        let mut f = self.failures.lock().expect("limiter");
        let list = f.entry(key.to_string()).or_default();
        list.retain(|t| t.elapsed() < WINDOW);
        (list.len() >= max).then(|| {
            let oldest = list.iter().min().copied().unwrap_or_else(Instant::now);
            (WINDOW.saturating_sub(oldest.elapsed()).as_secs() / 60).max(1)
        })
    }
    fn fail(&self, key: &str) {
        self.failures.lock().expect("limiter").entry(key.to_string()).or_default().push(Instant::now());
    }
    fn clear(&self, key: &str) {
        self.failures.lock().expect("limiter").remove(key);
    }
}

/// A PHC string (`$argon2id$v=19$…`) of the password with a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    use argon2::password_hash::PasswordHasher as _;
    argon2::Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| format!("hashing the password: {e}"))
}

/// Whether `password` is the one hashed in `phc`.
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::password_hash::PasswordVerifier as _;
    match argon2::password_hash::phc::PasswordHash::new(phc) {
        Ok(h) => argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the user does not exist, so that both take as long.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

pub async fn login_page(State(state): State<Shared>, Extension(v): Extension<Arc<Viewer>>) -> Response {
    if !v.is_anonymous() {
        return crate::see_other("/");
    }
    render(&state, &v, "login.html", minijinja::context! { name => "" })
}

pub async fn login(State(state): State<Shared>, Extension(v): Extension<Arc<Viewer>>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, x)| x.as_str());
    if !csrf_ok(&v, field("csrf")) {
        return crate::csrf_refused(&state, &v);
    }
    let name = field("name").unwrap_or("").trim().to_string();
    let password = field("password").unwrap_or("").to_string();
    let name_key = format!("name:{}", name.to_lowercase());
    let ip_key = format!("ip:{}", v.client.map(|c| c.to_string()).unwrap_or_default());
    let limited =
        state.limiter.blocked(&name_key, MAX_FAILURES_PER_NAME).or_else(|| state.limiter.blocked(&ip_key, MAX_FAILURES_PER_CLIENT));
    if let Some(minutes) = limited {
        tracing::warn!("login for `{name}` refused: too many failed logins");
        let message = ui::tf(v.lang, "login_limited", &[("minutes", minutes.to_string())]);
        return render_status(&state, &v, StatusCode::TOO_MANY_REQUESTS, "login.html", minijinja::context! { name, message });
    }
    let user = db::user_by_name(&state.db(), &name).ok().flatten();
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| dummy_hash().to_string());
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false);
    match user.filter(|_| ok) {
        Some(u) => {
            state.limiter.clear(&name_key);
            // A new session at login (the anonymous one is dropped: no session fixation);
            // the expired sessions of everyone go at each login, not only at startup.
            let _ = db::delete_session(&state.db(), &v.session);
            state.prune_sessions(crate::unix_now());
            let (token, _, _) = access::new_session(&state, Some(u.id));
            tracing::info!("`{}` logged in", u.name);
            let mut res = crate::see_other("/");
            res.headers_mut().append(header::SET_COOKIE, access::session_cookie(&token, v.secure));
            res
        }
        None => {
            state.limiter.fail(&name_key);
            state.limiter.fail(&ip_key);
            tracing::warn!("failed login for `{name}`");
            let message = ui::t(v.lang, "login_failed");
            render_status(&state, &v, StatusCode::UNAUTHORIZED, "login.html", minijinja::context! { name, message })
        }
    }
}

pub async fn logout(
    State(state): State<Shared>,
    Extension(v): Extension<Arc<Viewer>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !csrf_ok(&v, form.iter().find(|(n, _)| n == "csrf").map(|(_, x)| x.as_str())) {
        return crate::csrf_refused(&state, &v);
    }
    let _ = db::delete_session(&state.db(), &v.session);
    let mut res = crate::see_other("/login");
    res.headers_mut()
        .append(header::SET_COOKIE, HeaderValue::from_static("digihyte_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"));
    res
}

/// `/lang/sv?back=/projects/1`: remembers the page language in a cookie and goes back.
pub async fn language(Path(code): Path<String>, Query(q): Query<HashMap<String, String>>) -> Response {
    let back = q.get("back").map(String::as_str).filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\')).unwrap_or("/");
    let mut res = crate::see_other(back);
    if let Some(l) = ui::LANGS.iter().find(|l| **l == code) {
        if let Ok(h) = HeaderValue::from_str(&format!("{}={l}; Path=/; SameSite=Strict; Max-Age=31536000", access::LANG_COOKIE)) {
            res.headers_mut().append(header::SET_COOKIE, h);
        }
    }
    res.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn the_limiter_blocks_after_the_allowed_failures() {
        let l = Limiter::default();
        for _ in 0..MAX_FAILURES_PER_NAME {
            assert_eq!(l.blocked("name:a", MAX_FAILURES_PER_NAME), None);
            l.fail("name:a");
        }
        assert!(l.blocked("name:a", MAX_FAILURES_PER_NAME).is_some());
        assert_eq!(l.blocked("name:b", MAX_FAILURES_PER_NAME), None);
        l.clear("name:a");
        assert_eq!(l.blocked("name:a", MAX_FAILURES_PER_NAME), None);
    }
}
