//! The server's state in SQLite (`digihyte.sqlite` in the data folder): users, sessions,
//! projects, uploads and runs. The schema is migrated by number (`PRAGMA user_version`):
//! each entry of [`MIGRATIONS`] runs once, in a transaction, in order.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// The schema, one step per entry; never edit a step that has shipped, add one.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('analyst', 'coordinator')),
        municipality INTEGER,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE uploads (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        uploaded_by TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        UNIQUE (project_id, file_name)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        started_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        run_date TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT
    );",
    // 2: the folder under the project where an upload is kept (`inputs`, or
    // `inputs/<folder>` when an imported pipeline file reads that folder).
    "ALTER TABLE uploads ADD COLUMN folder TEXT NOT NULL DEFAULT 'inputs';",
];

/// Opens (creating) the database and brings its schema up to date.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let mut c = Connection::open(path)?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&mut c)?;
    Ok(c)
}

/// Runs the migrations the database has not had yet.
pub fn migrate(c: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = version.max(0) as usize;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = c.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema version this program writes.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// Who someone is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Analyst,
    /// A hyte coordinator of one municipality (its code).
    Coordinator(u16),
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    let municipality: Option<u16> = r.get(3)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: match (role.as_str(), municipality) {
            ("coordinator", Some(m)) => Role::Coordinator(m),
            _ => Role::Analyst,
        },
        password_hash: r.get(4)?,
    })
}

pub fn user_count(c: &Connection) -> rusqlite::Result<i64> {
    c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))
}

pub fn user_by_name(c: &Connection, name: &str) -> rusqlite::Result<Option<User>> {
    c.query_row("SELECT id, name, role, municipality, password_hash FROM users WHERE name = ?1", [name], user_from_row).optional()
}

pub fn user_by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<User>> {
    c.query_row("SELECT id, name, role, municipality, password_hash FROM users WHERE id = ?1", [id], user_from_row).optional()
}

/// Adds a user, or replaces the role and password of one with the same name.
pub fn upsert_user(c: &Connection, name: &str, role: &Role, password_hash: &str, now: &str) -> rusqlite::Result<()> {
    let (role, municipality) = match role {
        Role::Analyst => ("analyst", None),
        Role::Coordinator(m) => ("coordinator", Some(*m)),
    };
    c.execute(
        "INSERT INTO users (name, role, municipality, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(name) DO UPDATE SET role = excluded.role, municipality = excluded.municipality, password_hash = excluded.password_hash",
        params![name, role, municipality, password_hash, now],
    )?;
    // A changed password or role ends that user's sessions.
    c.execute("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)", [name])?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: Option<i64>,
    pub csrf: String,
}

pub fn insert_session(c: &Connection, token_hash: &str, user_id: Option<i64>, csrf: &str, now: i64, expires: i64) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash, user_id, csrf, now, expires],
    )?;
    Ok(())
}

pub fn session(c: &Connection, token_hash: &str, now: i64) -> rusqlite::Result<Option<Session>> {
    c.query_row("SELECT user_id, csrf FROM sessions WHERE token_hash = ?1 AND expires_at > ?2", params![token_hash, now], |r| {
        Ok(Session { user_id: r.get(0)?, csrf: r.get(1)? })
    })
    .optional()
}

pub fn delete_session(c: &Connection, token_hash: &str) -> rusqlite::Result<()> {
    c.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub fn delete_expired_sessions(c: &Connection, now: i64) -> rusqlite::Result<()> {
    c.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub owner: String,
    pub created_at: String,
}

pub fn insert_project(c: &Connection, name: &str, owner: &str, now: &str) -> rusqlite::Result<i64> {
    c.execute("INSERT INTO projects (name, owner, created_at) VALUES (?1, ?2, ?3)", params![name, owner, now])?;
    Ok(c.last_insert_rowid())
}

pub fn projects(c: &Connection) -> rusqlite::Result<Vec<Project>> {
    let mut s = c.prepare("SELECT id, name, owner, created_at FROM projects ORDER BY id")?;
    let rows = s.query_map([], |r| Ok(Project { id: r.get(0)?, name: r.get(1)?, owner: r.get(2)?, created_at: r.get(3)? }))?;
    rows.collect()
}

pub fn project(c: &Connection, id: i64) -> rusqlite::Result<Option<Project>> {
    c.query_row("SELECT id, name, owner, created_at FROM projects WHERE id = ?1", [id], |r| {
        Ok(Project { id: r.get(0)?, name: r.get(1)?, owner: r.get(2)?, created_at: r.get(3)? })
    })
    .optional()
}

pub fn rename_project(c: &Connection, id: i64, name: &str) -> rusqlite::Result<()> {
    c.execute("UPDATE projects SET name = ?2 WHERE id = ?1", params![id, name])?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Upload {
    pub file_name: String,
    /// Relative to the project folder: `inputs` or `inputs/<folder>`.
    pub folder: String,
    pub bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

pub fn upsert_upload(c: &Connection, project: i64, u: &Upload) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO uploads (project_id, file_name, bytes, sha256, uploaded_by, uploaded_at, folder) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(project_id, file_name) DO UPDATE SET bytes = excluded.bytes, sha256 = excluded.sha256,
           uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at, folder = excluded.folder",
        params![project, u.file_name, u.bytes, u.sha256, u.uploaded_by, u.uploaded_at, u.folder],
    )?;
    Ok(())
}

pub fn uploads(c: &Connection, project: i64) -> rusqlite::Result<Vec<Upload>> {
    let mut s = c.prepare(
        "SELECT file_name, bytes, sha256, uploaded_by, uploaded_at, folder FROM uploads WHERE project_id = ?1 ORDER BY file_name",
    )?;
    let rows = s.query_map([project], |r| {
        Ok(Upload {
            file_name: r.get(0)?,
            bytes: r.get(1)?,
            sha256: r.get(2)?,
            uploaded_by: r.get(3)?,
            uploaded_at: r.get(4)?,
            folder: r.get(5)?,
        })
    })?;
    rows.collect()
}

pub fn delete_upload(c: &Connection, project: i64, file_name: &str) -> rusqlite::Result<usize> {
    c.execute("DELETE FROM uploads WHERE project_id = ?1 AND file_name = ?2", params![project, file_name])
}

impl Upload {
    /// The file's path relative to the project folder, as the pipeline and the manifest
    /// name it.
    pub fn path(&self) -> String {
        format!("{}/{}", self.folder, self.file_name)
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Run {
    pub id: i64,
    pub project_id: i64,
    pub started_by: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub run_date: String,
    pub status: String,
    pub message: Option<String>,
}

fn run_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Run> {
    Ok(Run {
        id: r.get(0)?,
        project_id: r.get(1)?,
        started_by: r.get(2)?,
        started_at: r.get(3)?,
        finished_at: r.get(4)?,
        run_date: r.get(5)?,
        status: r.get(6)?,
        message: r.get(7)?,
    })
}

const RUN_COLUMNS: &str = "id, project_id, started_by, started_at, finished_at, run_date, status, message";

pub fn insert_run(c: &Connection, project: i64, by: &str, now: &str, run_date: &str) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO runs (project_id, started_by, started_at, run_date, status) VALUES (?1, ?2, ?3, ?4, 'running')",
        params![project, by, now, run_date],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn finish_run(c: &Connection, id: i64, status: &str, message: Option<&str>, now: &str) -> rusqlite::Result<()> {
    c.execute("UPDATE runs SET status = ?2, message = ?3, finished_at = ?4 WHERE id = ?1", params![id, status, message, now])?;
    Ok(())
}

pub fn runs(c: &Connection, project: i64) -> rusqlite::Result<Vec<Run>> {
    let mut s = c.prepare(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE project_id = ?1 ORDER BY id DESC"))?;
    let rows = s.query_map([project], run_from_row)?;
    rows.collect()
}

pub fn run(c: &Connection, project: i64, id: i64) -> rusqlite::Result<Option<Run>> {
    c.query_row(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE project_id = ?1 AND id = ?2"), params![project, id], run_from_row).optional()
}

/// Marks the runs that were going when the server stopped as interrupted; returns how many.
pub fn interrupt_running(c: &Connection, now: &str) -> rusqlite::Result<usize> {
    c.execute(
        "UPDATE runs SET status = 'interrupted', finished_at = ?1,
           message = 'the server stopped during this run; the previous outputs are unchanged'
         WHERE status = 'running'",
        [now],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_leave_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.sqlite");
        let c = open(&p).unwrap();
        let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v as usize, schema_version());
        upsert_user(&c, "anna", &Role::Coordinator(564), "h", "now").unwrap();
        drop(c);
        // Opening again runs nothing and keeps the data.
        let c = open(&p).unwrap();
        assert_eq!(user_by_name(&c, "ANNA").unwrap().unwrap().role, Role::Coordinator(564));
    }

    #[test]
    fn running_runs_become_interrupted() {
        let dir = tempfile::tempdir().unwrap();
        let c = open(&dir.path().join("s.sqlite")).unwrap();
        let p = insert_project(&c, "x", "a", "now").unwrap();
        let r = insert_run(&c, p, "a", "now", "2025-01-15").unwrap();
        assert_eq!(interrupt_running(&c, "later").unwrap(), 1);
        assert_eq!(run(&c, p, r).unwrap().unwrap().status, "interrupted");
    }
}
