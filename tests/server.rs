//! `digihyte serve` at the HTTP level (the axum app called in-process, no network): every
//! route's access rule for an anonymous visitor, the coordinator of municipality A (Oulu,
//! 564), the coordinator of B (Kempele, 244), the coordinator of a municipality outside the
//! area (Helsinki, 091), the analyst who owns the projects and a second analyst; CSRF on
//! every form; cookies; the login rate limit; expired sessions; uploads (limits, hostile
//! files, names); paths that try to leave the data folder; local use and its Host check; a
//! run interrupted by a restart.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use digihyte_server::{AppState, Role, Shared};
use std::path::PathBuf;
use std::sync::OnceLock;
use tower::ServiceExt as _;

const PASSWORD: &str = "kymmenen merkkiä";

fn rt() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap())
}

/// One response, read whole.
struct Res {
    status: StatusCode,
    location: String,
    cookies: Vec<String>,
    body: Vec<u8>,
}

impl Res {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A browser of one person: keeps the session cookie and the page's CSRF token.
#[derive(Clone)]
struct Client {
    app: axum::Router,
    cookie: Option<String>,
    csrf: String,
    headers: Vec<(&'static str, String)>,
}

fn csrf_in(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[i..].chars().take_while(|c| *c != '"').collect())
}

impl Client {
    fn new(state: &Shared) -> Client {
        Client { app: digihyte_server::app(state.clone()), cookie: None, csrf: String::new(), headers: Vec::new() }
    }

    fn send(&mut self, req: Request<Body>) -> Res {
        let mut req = req;
        if let Some(c) = &self.cookie {
            req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
        }
        // A browser always says which host it addresses (here the default address).
        if !req.headers().contains_key(header::HOST) {
            req.headers_mut().insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        }
        for (k, v) in &self.headers {
            req.headers_mut().insert(*k, v.parse().unwrap());
        }
        let res = rt().block_on(self.app.clone().oneshot(req)).unwrap();
        let status = res.status();
        let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let cookies: Vec<String> = res.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
        for c in &cookies {
            if let Some(v) = c.strip_prefix("digihyte_session=") {
                let v = v.split(';').next().unwrap();
                self.cookie = if v.is_empty() { None } else { Some(format!("digihyte_session={v}")) };
            }
        }
        let body = rt().block_on(axum::body::to_bytes(res.into_body(), 512 << 20)).unwrap().to_vec();
        let res = Res { status, location, cookies, body };
        if let Some(t) = csrf_in(&res.text()) {
            self.csrf = t;
        }
        res
    }

    fn get(&mut self, path: &str) -> Res {
        self.send(Request::get(path).body(Body::empty()).unwrap())
    }

    /// A form post; `with_csrf` adds the session's token.
    fn post(&mut self, path: &str, fields: &[(&str, &str)], with_csrf: bool) -> Res {
        let mut pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        if with_csrf {
            pairs.insert(0, ("csrf".into(), self.csrf.clone()));
        }
        let body = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        self.send(Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body)).unwrap())
    }

    /// A multipart post of files (`field` name each), the CSRF token first when asked.
    fn upload(&mut self, path: &str, field: &str, files: &[(&str, Vec<u8>)], with_csrf: bool) -> Res {
        let boundary = "----digihyte-test-boundary";
        let mut body = Vec::new();
        if with_csrf {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n", self.csrf).as_bytes());
        }
        for (name, bytes) in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            );
            body.extend(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                .body(Body::from(body))
                .unwrap(),
        )
    }

    fn login(state: &Shared, name: &str) -> Client {
        let mut c = Client::new(state);
        c.get("/login");
        let r = c.post("/login", &[("name", name), ("password", PASSWORD)], true);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login of {name}: {}", r.text());
        c.get("/");
        c
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A data folder with an analyst and two coordinators, and a project (1) made from the
/// hand-worked fixture with a finished run, and an empty project (2) for the routes that
/// change things.
struct World {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    state: Shared,
}

fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    digihyte_server::add_user(&data, "anna", &Role::Analyst, PASSWORD).unwrap();
    digihyte_server::add_user(&data, "kaisa", &Role::Coordinator(564), PASSWORD).unwrap();
    digihyte_server::add_user(&data, "bertta", &Role::Coordinator(244), PASSWORD).unwrap();
    // Helsinki is not in Pohjois-Pohjanmaa (project 1's area, region 17).
    digihyte_server::add_user(&data, "helena", &Role::Coordinator(91), PASSWORD).unwrap();
    // A second analyst: every project is anna's.
    digihyte_server::add_user(&data, "aino", &Role::Analyst, PASSWORD).unwrap();
    let state = AppState::open(&data, false).unwrap();
    let mut a = Client::login(&state, "anna");
    // Project 1: the hand-worked fixture's pipeline file and files, run once.
    let text = std::fs::read(root().join("fixtures/handworked/pipeline.toml")).unwrap();
    let r = a.upload("/projects/import", "pipeline", &[("pipeline.toml", text)], true);
    assert_eq!(r.location, "/projects/1", "{}", r.text());
    a.get("/projects/1");
    let files: Vec<(String, Vec<u8>)> = files_under(&root().join("fixtures/handworked"))
        .into_iter()
        .filter(|p| p.starts_with("activity") || p.starts_with("indicators"))
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(root().join("fixtures/handworked").join(&p)).unwrap())
        })
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let r = a.upload("/projects/1/files", "files", &refs, true);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = a.get("/projects/1").text();
    assert!(!page.contains("odottaa"), "{page}");
    let r = a.post("/projects/1/runs", &[("run_date", "2025-01-15")], true);
    assert_eq!(r.location, "/projects/1/runs/1", "{}", r.text());
    wait_for_run(&mut a, 1, 1);
    // Project 2: made on the page, no files.
    let r = a.post(
        "/projects",
        &[
            ("name", "kaksi"),
            ("title", ""),
            ("area_kind", "municipalities"),
            ("municipalities", "564, 244"),
            ("first_year", "2023"),
            ("last_year", "2024"),
            ("language", "fi"),
        ],
        true,
    );
    assert_eq!(r.location, "/projects/2", "{}", r.text());
    // Projects 3 and 4, the same, for the tests that post forms and hostile files (the
    // tests run at once, and each changes only its own project).
    for (n, name) in [(3, "kolme"), (4, "nelja")] {
        let r = a.post(
            "/projects",
            &[
                ("name", name),
                ("area_kind", "municipalities"),
                ("municipalities", "564, 244"),
                ("first_year", "2023"),
                ("last_year", "2024"),
                ("language", "fi"),
            ],
            true,
        );
        assert_eq!(r.location, format!("/projects/{n}"), "{}", r.text());
    }
    World { _tmp: tmp, data, state }
}

fn wait_for_run(c: &mut Client, project: i64, run: i64) -> String {
    let t0 = std::time::Instant::now();
    loop {
        let page = c.get(&format!("/projects/{project}/runs/{run}")).text();
        if let Some(i) = page.find("data-status=\"") {
            let s: String = page[i + 13..].chars().take_while(|c| *c != '"').collect();
            if s != "running" {
                return s;
            }
        }
        assert!(t0.elapsed().as_secs() < 240, "run {run} did not finish");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

fn shared_world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(world)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    CoordinatorA,
    CoordinatorB,
    /// The projects' owner.
    Analyst,
    /// The coordinator of Helsinki (091), outside project 1's area.
    CoordinatorOutside,
    /// An analyst who owns no project.
    OtherAnalyst,
}

const EVERYONE: [Who; 6] = [Who::Anonymous, Who::CoordinatorA, Who::CoordinatorB, Who::Analyst, Who::CoordinatorOutside, Who::OtherAnalyst];

fn client(w: &World, who: Who) -> Client {
    match who {
        Who::Anonymous => {
            let mut c = Client::new(&w.state);
            c.get("/login");
            c
        }
        Who::CoordinatorA => Client::login(&w.state, "kaisa"),
        Who::CoordinatorB => Client::login(&w.state, "bertta"),
        Who::Analyst => Client::login(&w.state, "anna"),
        Who::CoordinatorOutside => Client::login(&w.state, "helena"),
        Who::OtherAnalyst => Client::login(&w.state, "aino"),
    }
}

/// What a person gets: the page, the login page, or a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gets {
    Ok,
    Login,
    Refused,
    Missing,
}

fn outcome(r: &Res) -> Gets {
    match r.status {
        StatusCode::OK => Gets::Ok,
        StatusCode::SEE_OTHER if r.location == "/login" => Gets::Login,
        StatusCode::SEE_OTHER => Gets::Ok,
        StatusCode::FORBIDDEN => Gets::Refused,
        StatusCode::NOT_FOUND => Gets::Missing,
        s => panic!("unexpected {s}: {}", r.text()),
    }
}

use Gets::{Login, Missing, Ok as Shown, Refused};

#[test]
fn every_page_and_file_is_shown_only_to_whom_its_rule_allows() {
    let w = shared_world();
    // (path, anonymous, coordinator of 564, coordinator of 244, the owner (analyst),
    // coordinator of 091 (outside the area), another analyst)
    let rules: &[(&str, [Gets; 6])] = &[
        ("/healthz", [Shown, Shown, Shown, Shown, Shown, Shown]),
        ("/", [Login, Shown, Shown, Shown, Shown, Shown]),
        ("/projects/1", [Login, Refused, Refused, Shown, Refused, Shown]),
        ("/projects/1/pipeline.toml", [Login, Refused, Refused, Shown, Refused, Refused]),
        ("/projects/1/files/oulu_kirjasto_2022-2024.xlsx", [Login, Refused, Refused, Shown, Refused, Shown]),
        ("/projects/1/runs/1", [Login, Refused, Refused, Shown, Refused, Shown]),
        ("/projects/1/quality", [Login, Refused, Refused, Shown, Refused, Shown]),
        ("/projects/1/results", [Login, Shown, Shown, Shown, Refused, Shown]),
        ("/projects/1/results/564", [Login, Shown, Refused, Shown, Refused, Shown]),
        ("/projects/1/results/244", [Login, Refused, Shown, Shown, Refused, Shown]),
        ("/projects/1/out/workbooks/handworked_564_oulu.xlsx", [Login, Shown, Refused, Shown, Refused, Shown]),
        ("/projects/1/out/charts/handworked_564_oulu_topics.png", [Login, Shown, Refused, Shown, Refused, Shown]),
        ("/projects/1/out/workbooks/handworked_244_kempele.xlsx", [Login, Refused, Shown, Shown, Refused, Shown]),
        ("/projects/1/out/data/reach.csv", [Login, Shown, Shown, Shown, Refused, Shown]),
        ("/projects/1/out/workbooks/handworked.xlsx", [Login, Refused, Refused, Shown, Refused, Shown]),
        ("/projects/1/out/charts/handworked_topics.png", [Login, Refused, Refused, Shown, Refused, Shown]),
        ("/projects/1/out/internal/rejected.csv", [Login, Refused, Refused, Shown, Refused, Refused]),
        ("/projects/1/out/internal/reach.csv", [Login, Refused, Refused, Shown, Refused, Refused]),
        ("/projects/1/out/manifest.json", [Login, Refused, Refused, Shown, Refused, Refused]),
        ("/projects/1/download.zip", [Login, Shown, Shown, Shown, Refused, Shown]),
        ("/projects/1/download.zip?municipality=564", [Login, Shown, Refused, Shown, Refused, Shown]),
        ("/projects/1/download.zip?municipality=244", [Login, Refused, Shown, Shown, Refused, Shown]),
        ("/projects/1/download.zip?municipality=091", [Login, Missing, Missing, Missing, Refused, Missing]),
        // A project whose area has no appendix of theirs yet.
        ("/projects/2/results", [Login, Refused, Refused, Shown, Refused, Shown]),
    ];
    let mut wrong = Vec::new();
    for who in EVERYONE {
        let mut c = client(w, who);
        for (path, expected) in rules {
            let r = c.get(path);
            // An analyst is told that project 2 has no results yet (404, with the reason).
            let analyst = matches!(who, Who::Analyst | Who::OtherAnalyst);
            let got = if r.status == StatusCode::NOT_FOUND && analyst && path.starts_with("/projects/2/") { Shown } else { outcome(&r) };
            if got != expected[who as usize] {
                wrong.push(format!("{who:?} GET {path}: {got:?}, expected {:?}", expected[who as usize]));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_internal_tables_are_never_in_a_zip_and_a_coordinator_gets_only_her_appendix() {
    let w = shared_world();
    let names = |r: &Res| -> Vec<String> {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).expect("a zip");
        (0..z.len()).map(|i| z.by_index(i).unwrap().name().unwrap().to_string()).collect()
    };
    let all = names(&client(w, Who::Analyst).get("/projects/1/download.zip"));
    assert!(all.iter().any(|n| n == "workbooks/handworked.xlsx"), "{all:?}");
    // The manifest names the input files and quotes raw unknown words: not for publication.
    assert!(all.iter().all(|n| !n.starts_with("internal/") && n != "manifest.json"), "{all:?}");
    let out = w.data.join("projects/1/output");
    let published: Vec<String> = files_under(&out)
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.starts_with("internal/") && p != "manifest.json")
        .collect();
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(sorted, published, "every published file is in the analyst's zip, and nothing else");
    // Another analyst gets the same publication download; the owner alone gets the manifest.
    assert_eq!(names(&client(w, Who::OtherAnalyst).get("/projects/1/download.zip")), all);
    let manifest = client(w, Who::Analyst).get("/projects/1/out/manifest.json");
    assert_eq!(manifest.status, StatusCode::OK);
    assert_eq!(manifest.body, std::fs::read(out.join("manifest.json")).unwrap());
    let hers = names(&client(w, Who::CoordinatorA).get("/projects/1/download.zip"));
    assert!(hers.iter().any(|n| n == "workbooks/handworked_564_oulu.xlsx"), "{hers:?}");
    assert!(hers.iter().any(|n| n == "data/reach.csv"), "{hers:?}");
    for n in &hers {
        assert!(n.starts_with("data/") || n.contains("handworked_564_"), "{n} is not Oulu's: {hers:?}");
    }
    // Her results page lists her municipality only.
    let page = client(w, Who::CoordinatorA).get("/projects/1/results").text();
    assert!(page.contains("/projects/1/results/564") && !page.contains("/projects/1/results/244"), "{page}");
}

#[test]
fn every_form_is_refused_without_its_csrf_token_and_to_those_it_is_not_for() {
    let w = shared_world();
    let pipeline = || std::fs::read_to_string(w.data.join("projects/3/pipeline.toml")).unwrap();
    let runs = || {
        rusqlite::Connection::open(w.data.join("digihyte.sqlite"))
            .unwrap()
            .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    let before = (pipeline(), runs());
    let settings: &[(&str, &str)] =
        &[("name", "kaksi"), ("area_kind", "country"), ("first_year", "2022"), ("last_year", "2024"), ("language", "sv")];
    let words: &[(&str, &str)] = &[("word_0", "topic\tMuumitalo"), ("key_0", "other")];
    let forms: &[(&str, &[(&str, &str)])] = &[
        ("/projects", settings),
        ("/projects/3/settings", settings),
        ("/projects/3/words", words),
        ("/projects/3/runs", &[("run_date", "2025-01-15")]),
        ("/projects/3/sources/remove", &[("table", "activity"), ("index", "0")]),
        ("/projects/1/files/oulu_kirjasto_2022-2024.xlsx/delete", &[]),
    ];
    let uploads = ["/projects/3/files", "/projects/3/pipeline", "/projects/import"];
    let csv = b"Pvm;Kunta\n1.3.2024;Oulu\n".to_vec();
    let toml = std::fs::read(root().join("fixtures/handworked/pipeline.toml")).unwrap();
    let mut wrong = Vec::new();
    for who in EVERYONE {
        let mut c = client(w, who);
        for (path, fields) in forms {
            for with_csrf in [false, true] {
                // Analysts need the token; everyone else is refused (or sent to log in) first;
                // only the owner changes a project (another analyst may make her own).
                let expected = match (who, with_csrf) {
                    (Who::Anonymous, _) => Login,
                    (Who::CoordinatorA | Who::CoordinatorB | Who::CoordinatorOutside, _) => Refused,
                    (Who::Analyst | Who::OtherAnalyst, false) => Refused,
                    (Who::OtherAnalyst, true) if path.starts_with("/projects/") => Refused,
                    (Who::Analyst | Who::OtherAnalyst, true) => continue,
                };
                let got = outcome(&c.post(path, fields, with_csrf));
                if got != expected {
                    wrong.push(format!("{who:?} POST {path} csrf={with_csrf}: {got:?}, expected {expected:?}"));
                }
            }
        }
        for path in uploads {
            let field = if path.ends_with("files") { "files" } else { "pipeline" };
            let data = if field == "files" { csv.clone() } else { toml.clone() };
            for with_csrf in [false, true] {
                let expected = match (who, with_csrf) {
                    (Who::Anonymous, _) => Login,
                    (Who::CoordinatorA | Who::CoordinatorB | Who::CoordinatorOutside, _) => Refused,
                    (Who::Analyst | Who::OtherAnalyst, false) => Refused,
                    (Who::OtherAnalyst, true) if path != "/projects/import" => Refused,
                    (Who::Analyst | Who::OtherAnalyst, true) => continue,
                };
                let got = outcome(&c.upload(path, field, &[("x.csv", data.clone())], with_csrf));
                if got != expected {
                    wrong.push(format!("{who:?} upload {path} csrf={with_csrf}: {got:?}, expected {expected:?}"));
                }
            }
        }
        // Logging out needs the token too.
        if who != Who::Anonymous {
            let got = c.post("/logout", &[], false).status;
            if got != StatusCode::FORBIDDEN {
                wrong.push(format!("{who:?} POST /logout without the token: {got}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!((pipeline(), runs()), before, "nothing changed");
    assert!(w.data.join("projects/1/inputs/activity/oulu_kirjasto_2022-2024.xlsx").is_file(), "nothing deleted");
}

#[test]
fn cookies_are_http_only_same_site_strict_and_secure_behind_tls() {
    let w = shared_world();
    let mut c = Client::new(&w.state);
    let r = c.get("/login");
    let cookie = r.cookies.iter().find(|c| c.starts_with("digihyte_session=")).expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"), "{cookie}");
    let mut c = Client::new(&w.state);
    c.headers.push(("x-forwarded-proto", "https".into()));
    let r = c.get("/login");
    let cookie = r.cookies.iter().find(|c| c.starts_with("digihyte_session=")).unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    // A session that logs in gets a new token (no fixation).
    let mut c = Client::new(&w.state);
    c.get("/login");
    let anonymous = c.cookie.clone();
    c.post("/login", &[("name", "anna"), ("password", PASSWORD)], true);
    assert_ne!(c.cookie, anonymous);
    // Pages are not cached, and no script runs.
    let r = c.get("/");
    assert_eq!(r.status, StatusCode::OK);
    let res = rt().block_on(digihyte_server::app(w.state.clone()).oneshot(Request::get("/healthz").body(Body::empty()).unwrap())).unwrap();
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("script-src 'none'"));
}

#[test]
fn logins_are_rate_limited_and_wrong_passwords_refused() {
    let w = shared_world();
    // Its own server state on the same data folder (its own limiter), so that the other
    // tests' logins are not blocked.
    let state = AppState::open(&w.data, false).unwrap();
    let mut c = Client::new(&state);
    c.get("/login");
    assert_eq!(c.post("/login", &[("name", "nobody"), ("password", "x")], true).status, StatusCode::UNAUTHORIZED);
    for _ in 0..5 {
        assert_eq!(c.post("/login", &[("name", "bertta"), ("password", "wrong password")], true).status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits.
    let r = c.post("/login", &[("name", "bertta"), ("password", PASSWORD)], true);
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert!(r.text().contains("minuuttia"), "{}", r.text());
    assert_eq!(
        c.post("/login", &[("name", "bertta"), ("password", PASSWORD)], false).status,
        StatusCode::FORBIDDEN,
        "and the token is still needed"
    );
}

#[test]
fn request_paths_never_leave_the_project_folder() {
    let w = shared_world();
    let mut c = client(w, Who::Analyst);
    for path in [
        "/projects/1/out/../pipeline.toml",
        "/projects/1/out/..%2Fpipeline.toml",
        "/projects/1/out/%2e%2e/%2e%2e/digihyte.sqlite",
        "/projects/1/out/data/../../inputs/ii_asiointipiste.xlsx",
        "/projects/1/out/.%2e/.%2e/.%2e/digihyte.sqlite",
        "/projects/1/out//etc/passwd",
        "/projects/1/out/data%2F..%2F..%2Fpipeline.toml",
        "/projects/1/files/..%2F..%2Fdigihyte.sqlite",
        "/projects/1/files/..%2Fpipeline.toml",
        "/projects/9/results",
        "/projects/1/results/..%2F2",
    ] {
        let r = c.get(path);
        assert!(matches!(r.status, StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST), "{path}: {}", r.status);
        assert!(!r.text().contains("SQLite format") && !r.text().contains("[pipeline]"), "{path}");
    }
    // Uploaded names are made safe, and stay inside the project's inputs folder.
    let r = c.upload("/projects/4/files", "files", &[("../../../evil.csv", b"Pvm;Kunta\n1.3.2024;Oulu\n".to_vec())], true);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(w.data.join("projects/4/inputs/evil.csv").is_file());
    assert!(!w.data.join("evil.csv").exists() && !w.data.parent().unwrap().join("evil.csv").exists());
    let page = c.get("/projects/4").text();
    assert!(page.contains("evil.csv"), "{page}");
    c.post("/projects/4/files/evil.csv/delete", &[], true);
}

#[test]
fn hostile_and_wrong_uploads_get_a_clear_message_and_are_not_kept() {
    let w = shared_world();
    let mut c = client(w, Who::Analyst);
    let real = std::fs::read(root().join("fixtures/handworked/activity/oulu_kirjasto_2022-2024.xlsx")).unwrap();
    // An encrypted workbook is an OLE (CFB) file with an EncryptedPackage stream.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 4096));
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    bomb.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..1100 {
        std::io::Write::write_all(&mut bomb, &zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("binary.xlsx", (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect()),
        ("truncated.xlsx", real[..real.len() / 2].to_vec()),
        ("encrypted.xlsx", ole),
        ("bomb.xlsx", bomb),
        ("program.exe", b"MZ".to_vec()),
    ];
    let r = c.upload("/projects/4/files", "files", &files, true);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = c.get("/projects/4").text();
    for name in ["binary.xlsx", "truncated.xlsx", "encrypted.xlsx", "bomb.xlsx", "program.exe"] {
        let line =
            page.lines().find(|l| l.contains(name) && l.contains("flash error")).unwrap_or_else(|| panic!("no message for {name}: {page}"));
        assert!(line.contains("ei tallennettu"), "{line}");
        assert!(!w.data.join("projects/4/inputs").join(name).exists(), "{name} was kept");
    }
    assert!(page.contains("tiedostotyyppiä ei lueta"), "{page}");
    // Too many files at once.
    let many: Vec<(String, Vec<u8>)> = (0..digihyte_server::MAX_FILES + 1).map(|i| (format!("f{i}.csv"), b"a;b\n".to_vec())).collect();
    let refs: Vec<(&str, Vec<u8>)> = many.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    c.upload("/projects/4/files", "files", &refs, true);
    let page = c.get("/projects/4").text();
    assert!(page.contains("Liian monta tiedostoa"), "{page}");
    for i in 0..digihyte_server::MAX_FILES {
        c.post(&format!("/projects/4/files/f{i}.csv/delete"), &[], true);
    }
}

#[test]
fn an_upload_is_checked_at_once_and_chosen_words_go_into_the_pipeline_file() {
    let w = shared_world();
    let mut c = client(w, Who::Analyst);
    let csv = "Päivämäärä;Kotikunta;Aihe\n1.3.2024;Oulu;Muumitalo\n31.2.2024;Oulu;pankki\n2.3.2024;Oulou;pankki\n".as_bytes().to_vec();
    let r = c.upload("/projects/2/files", "files", &[("tarkistus.csv", csv)], true);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = c.get("/projects/2").text();
    assert!(page.contains("tarkistus.csv: tallennettu"), "{page}");
    let file = c.get("/projects/2/files/tarkistus.csv").text();
    assert!(file.contains("tarkistus.csv › A3 (Päivämäärä)"), "{file}");
    assert!(file.contains("Oulou") && file.contains("Oulu (564)"), "{file}");
    assert!(page.contains("Muumitalo"), "the unknown word is listed: {page}");
    let r = c.post(
        "/projects/2/words",
        &[("word_0", "topic\tMuumitalo"), ("key_0", "other"), ("word_1", "topic\tx"), ("key_1", "not_a_key")],
        true,
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let text = std::fs::read_to_string(w.data.join("projects/2/pipeline.toml")).unwrap();
    assert!(text.contains("[words.topic]\nMuumitalo = \"other\""), "{text}");
    assert!(!text.contains("not_a_key"), "{text}");
    assert!(!c.get("/projects/2").text().contains("<strong>Muumitalo</strong>"), "no longer unknown");
    c.post("/projects/2/files/tarkistus.csv/delete", &[], true);
}

#[test]
fn without_accounts_the_person_at_the_machine_is_an_analyst_but_not_through_a_proxy() {
    let tmp = tempfile::tempdir().unwrap();
    let state = AppState::open(tmp.path(), false).unwrap();
    let mut c = Client::new(&state);
    let r = c.get("/");
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("paikallinen käyttö"), "{}", r.text());
    let r = c.post(
        "/projects",
        &[("name", "oma"), ("area_kind", "region"), ("region", "17"), ("first_year", "2022"), ("last_year", "2024"), ("language", "en")],
        true,
    );
    assert_eq!(r.location, "/projects/1");
    let mut p = Client::new(&state);
    p.headers.push(("x-forwarded-for", "10.0.0.9".into()));
    assert_eq!(p.get("/").status, StatusCode::FORBIDDEN);
    assert_eq!(p.get("/projects/1").status, StatusCode::FORBIDDEN);
    // The browser's language decides the page's, until switched.
    let mut c = Client::new(&state);
    c.headers.push(("accept-language", "sv-FI,sv;q=0.9".into()));
    assert!(c.get("/").text().contains("Nytt projekt"));
    let r = c.get("/lang/en?back=/projects/1");
    assert_eq!(r.location, "/projects/1");
    let lang = r.cookies.iter().find(|c| c.starts_with("digihyte_lang=en")).expect("remembered").split(';').next().unwrap().to_string();
    let cookie = format!("{}; {lang}", c.cookie.clone().unwrap());
    c.cookie = Some(cookie);
    assert!(c.get("/").text().contains("New project"));
    assert_eq!(c.get("/lang/en?back=//evil.example").location, "/", "no open redirect");
}

#[test]
fn a_non_loopback_address_is_refused_until_accounts_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let o = digihyte(&["serve", "--bind", "0.0.0.0:0", "--data-dir", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("refusing to listen on 0.0.0.0:0") && err.contains("--add-user"), "{err}");
    // A coordinator needs her municipality; a short password is refused.
    let o = digihyte(&["serve", "--data-dir", tmp.path().to_str().unwrap(), "--add-user", "x", "--role", "coordinator"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(digihyte_server::add_user(tmp.path(), "x", &Role::Analyst, "short").is_err());
    assert!(digihyte_server::add_user(tmp.path(), "../x", &Role::Analyst, PASSWORD).is_err());
}

#[test]
fn a_run_interrupted_by_a_restart_leaves_the_previous_outputs_and_the_page_says_so() {
    let w = shared_world();
    let out = w.data.join("projects/1/output");
    let before: Vec<(PathBuf, Vec<u8>)> =
        files_under(&out).into_iter().map(|p| (p.clone(), std::fs::read(out.join(&p)).unwrap())).collect();
    // A run that was going when the server stopped: its row, and the staging folder it left.
    let staging = w.data.join("projects/1/.output.new-AbC123");
    std::fs::create_dir_all(staging.join("data")).unwrap();
    std::fs::write(staging.join("data/reach.csv"), "half").unwrap();
    {
        let db = rusqlite::Connection::open(w.data.join("digihyte.sqlite")).unwrap();
        db.execute(
            "INSERT INTO runs (project_id, started_by, started_at, run_date, status) VALUES (1, 'anna', 'then', '2025-01-15', 'running')",
            [],
        )
        .unwrap();
    }
    let id: i64 = rusqlite::Connection::open(w.data.join("digihyte.sqlite"))
        .unwrap()
        .query_row("SELECT MAX(id) FROM runs", [], |r| r.get(0))
        .unwrap();
    // The server starts again on the same data folder.
    let restarted = AppState::open(&w.data, false).unwrap();
    let mut c = Client::login(&restarted, "anna");
    let page = c.get(&format!("/projects/1/runs/{id}")).text();
    assert!(page.contains("data-status=\"interrupted\""), "{page}");
    assert!(page.contains("Edelliset tulokset ovat ennallaan"), "{page}");
    let after: Vec<(PathBuf, Vec<u8>)> = files_under(&out).into_iter().map(|p| (p.clone(), std::fs::read(out.join(&p)).unwrap())).collect();
    assert!(before == after, "the previous outputs are byte-identical");
    // The next run cleans up what the interrupted one left.
    let _ = std::fs::remove_dir_all(&staging);
}

/// The data folder's layout, as docs/server.md describes it.
#[test]
fn the_data_folder_holds_what_docs_server_md_says() {
    let w = shared_world();
    for p in [
        "digihyte.sqlite",
        "projects/1/pipeline.toml",
        "projects/1/inputs/activity/ii_asiointipiste.xlsx",
        "projects/1/output/manifest.json",
    ] {
        assert!(w.data.join(p).exists(), "{p}");
    }
    let doc = std::fs::read_to_string(root().join("docs/server.md")).unwrap();
    for p in ["digihyte.sqlite", "projects/<id>/pipeline.toml", "projects/<id>/inputs/", "projects/<id>/output/"] {
        assert!(doc.contains(p), "docs/server.md names {p}");
    }
}

/// A text as the pages write it (minijinja's HTML escaping).
fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;").replace('/', "&#x2f;")
}

#[test]
fn a_second_analyst_sees_the_accounting_and_the_published_outputs_but_no_raw_value() {
    let w = shared_world();
    let mut owner = client(w, Who::Analyst);
    let mut other = client(w, Who::OtherAnalyst);
    // A rejected row of project 1 with its raw value (from the run's internal table).
    let rejected = read_csv(&w.data.join("projects/1/output/internal/rejected.csv"));
    let row = rejected
        .iter()
        .find(|r| r["value"].len() >= 3 && r["value"].chars().all(|c| c.is_alphanumeric() || " .-".contains(c)))
        .expect("a rejected row with a plain value");
    let file = row["file"].rsplit('/').next().unwrap().to_string();
    let value = format!("<code>{}</code>", html(&row["value"]));
    let path = format!("/projects/1/files/{}", enc(&file));
    let mine = owner.get(&path).text();
    assert!(mine.contains(&value), "the owner sees the raw value {value}: {mine}");
    let theirs = other.get(&path);
    assert_eq!(theirs.status, StatusCode::OK);
    let theirs = theirs.text();
    assert!(!theirs.contains(&value) && !theirs.contains("<code>"), "another analyst sees no raw value: {theirs}");
    // ... but the file's accounting and each rejected row's place and reason.
    assert!(theirs.contains("id=\"rejected-rows\"") && theirs.contains("id=\"owner-note\"") && theirs.contains("anna"), "{theirs}");
    assert!(theirs.contains(&format!("<td class=\"n\">{}</td>", rejected.iter().filter(|r| r["file"] == row["file"]).count())), "{theirs}");
    // The project page: the accounting and the runs, no form, no unknown word.
    let mine = owner.get("/projects/1").text();
    let theirs = other.get("/projects/1").text();
    assert!(theirs.contains("id=\"accounts\"") && theirs.contains(&html(&file)), "{theirs}");
    for form in ["id=\"upload\"", "id=\"run-form\"", "id=\"words-form\"", "/settings\"", "/delete\"", "pipeline.toml\""] {
        assert!(!theirs.contains(form), "another analyst has no {form}: {theirs}");
    }
    if mine.contains("id=\"words-form\"") {
        assert!(theirs.contains("id=\"unknown-hidden\""), "{theirs}");
    }
    // The data-quality page: the accounting and the reasons, not the warnings (they quote
    // raw words) nor the links to internal/ and the manifest.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.data.join("projects/1/output/manifest.json")).unwrap()).unwrap();
    let warning = manifest["warnings"].as_array().and_then(|a| a.first()).and_then(|w| w.as_str()).expect("project 1 has warnings");
    let warning = html(&warning.replace("inputs/", ""));
    let mine = owner.get("/projects/1/quality").text();
    assert!(mine.contains(&warning) && mine.contains("id=\"run-record\""), "{warning} in {mine}");
    let theirs = other.get("/projects/1/quality").text();
    assert!(
        !theirs.contains(&warning) && !theirs.contains("internal/rejected.xlsx\"") && !theirs.contains("id=\"run-record\""),
        "{theirs}"
    );
    assert!(theirs.contains("id=\"owner-note\""), "{theirs}");
    // The results page: the published downloads, not the run's record.
    assert!(owner.get("/projects/1/results").text().contains("id=\"run-record\""));
    let theirs = other.get("/projects/1/results").text();
    assert!(theirs.contains("id=\"download-zip\"") && !theirs.contains("id=\"run-record\""), "{theirs}");
}

#[test]
fn a_coordinator_outside_the_area_gets_nothing_of_it_and_the_list_shows_only_projects_covering_hers() {
    let w = shared_world();
    let mut outside = client(w, Who::CoordinatorOutside);
    let home = outside.get("/").text();
    assert!(home.contains("Helsinki"), "{home}");
    assert!(!home.contains("/projects/1/"), "project 1 (Pohjois-Pohjanmaa) is not in Helsinki's list: {home}");
    for path in ["/projects/1/results", "/projects/1/download.zip", "/projects/1/out/data/reach.csv", "/projects/1/results/091"] {
        let r = outside.get(path);
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text());
        assert!(!r.text().contains("Oulu") && r.body.get(..2) != Some(b"PK"), "{path}");
    }
    // Oulu's and Kempele's coordinators find project 1, each her own appendix, and not
    // project 2 (no run yet).
    for (who, code, not) in [(Who::CoordinatorA, "564", "244"), (Who::CoordinatorB, "244", "564")] {
        let home = client(w, who).get("/").text();
        assert!(home.contains(&format!("href=\"/projects/1/results/{code}\"")), "{who:?}: {home}");
        assert!(!home.contains(&format!("/results/{not}")) && !home.contains("/projects/2/"), "{who:?}: {home}");
    }
}

#[test]
fn without_accounts_only_a_loopback_host_is_answered() {
    let tmp = tempfile::tempdir().unwrap();
    let state = AppState::open(tmp.path(), false).unwrap();
    for host in ["localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:8080"] {
        let mut c = Client::new(&state);
        c.headers.push(("host", host.into()));
        let r = c.get("/");
        assert_eq!(r.status, StatusCode::OK, "{host}");
    }
    // A page of another site whose name was made to point at 127.0.0.1 (DNS rebinding).
    for host in ["evil.example", "evil.example:8080", "127.0.0.1.nip.io:8080", "192.168.1.5:8080", "localhost.evil.example"] {
        let mut c = Client::new(&state);
        c.headers.push(("host", host.into()));
        for path in ["/", "/projects/1", "/login"] {
            let r = c.get(path);
            assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{host}{path}");
            let text = r.text();
            assert!(text.contains("localhost, 127.0.0.1") && text.len() < 300 && !text.contains("<form"), "{text}");
            assert!(r.cookies.is_empty(), "no session for {host}");
        }
    }
    // With accounts the name is the proxy's to check (every page needs a login anyway).
    let w = shared_world();
    let mut c = Client::new(&w.state);
    c.headers.push(("host", "digituki.example.fi".into()));
    assert_eq!(c.get("/login").status, StatusCode::OK);
}

#[test]
fn expired_sessions_are_removed_at_each_login() {
    let tmp = tempfile::tempdir().unwrap();
    digihyte_server::add_user(tmp.path(), "anna", &Role::Analyst, PASSWORD).unwrap();
    let state = AppState::open(tmp.path(), false).unwrap();
    let count = |sql: &str| -> i64 {
        rusqlite::Connection::open(tmp.path().join("digihyte.sqlite")).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    // Sessions that ended while the server ran (after its startup cleaned up).
    {
        let db = rusqlite::Connection::open(tmp.path().join("digihyte.sqlite")).unwrap();
        for i in 0..3 {
            db.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, NULL, 'x', 1, 2)",
                [format!("expired{i}")],
            )
            .unwrap();
        }
    }
    assert_eq!(count("SELECT COUNT(*) FROM sessions WHERE expires_at <= strftime('%s','now')"), 3);
    let mut c = Client::login(&state, "anna");
    assert_eq!(count("SELECT COUNT(*) FROM sessions WHERE expires_at <= strftime('%s','now')"), 0, "the login removed them");
    assert!(count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL") >= 1, "the new session stays");
    assert_eq!(c.get("/").status, StatusCode::OK);
}
