//! The output folder: one run at a time ([`OutputLock`]) and the atomic swap
//! ([`write_atomically`]), shared by the command line and the server.
//!
//! A run holds an advisory lock (`flock`, via fs4) on `.<name>.lock` beside the output
//! folder from before it reads its inputs until it exits. The kernel drops the lock when
//! the process dies, however it dies, so a lock can never be left held by a dead run; the
//! file also records the holder's process id, which the refusal message names. A lock file
//! that still holds an id when the next run takes the lock was left by a run that did not
//! finish (killed, power cut): that run is taken over with a warning, and the staging
//! folders it left beside the output are removed (or, if it died between the two renames
//! of the swap, the previous output folder is put back).

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// Who holds (or held) a lock, as written in the lock file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub started: Option<String>,
}

impl Holder {
    fn parse(text: &str) -> Option<Holder> {
        let mut h = Holder::default();
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => h.pid = v.trim().parse().ok(),
                Some(("started", v)) => h.started = Some(v.trim().to_string()),
                _ => {}
            }
        }
        h.pid.map(|_| h)
    }

    /// `process 1234 (started 2026-01-01T10:00:00+02:00)`.
    pub fn describe(&self) -> String {
        let mut s = match self.pid {
            Some(p) => format!("process {p}"),
            None => "another process".to_string(),
        };
        if let Some(t) = &self.started {
            s.push_str(&format!(" (started {t})"));
        }
        s
    }
}

/// Whether a process is running: `Some` on systems with `/proc` (Linux), else `None`.
pub fn pid_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self").exists().then(|| proc.join(pid.to_string()).exists())
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it.
    Held { path: PathBuf, holder: Option<Holder> },
    /// The lock file could not be created, opened or locked.
    Io { path: PathBuf, source: std::io::Error },
}

impl std::error::Error for LockError {}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held { path, holder } => write!(
                f,
                "another digihyte run is writing the same output folder: {} holds the lock {}; wait for it to finish (nothing was done)",
                holder.as_ref().map(Holder::describe).unwrap_or_else(|| "another process".into()),
                path.display()
            ),
            LockError::Io { path, source } => write!(f, "cannot lock {}: {source}", path.display()),
        }
    }
}

/// The lock of one output folder; released (and its file removed) on drop.
#[derive(Debug)]
pub struct OutputLock {
    file: Option<File>,
    path: PathBuf,
}

/// The parent folder of `out` and the name the lock and staging folders are derived from.
pub fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "reports".into());
    (parent, name)
}

impl OutputLock {
    /// `.<name>.lock` beside the output folder.
    pub fn path_for(out: &Path) -> PathBuf {
        let (parent, name) = parent_and_name(out);
        parent.join(format!(".{name}.lock"))
    }

    /// Takes the lock of `out` (its parent folder must exist). Returns the lock and, when a
    /// run that did not finish left the lock file behind, who that was.
    pub fn acquire(out: &Path) -> Result<(OutputLock, Option<Holder>), LockError> {
        let path = Self::path_for(out);
        let io = |source| LockError::Io { path: path.clone(), source };
        // A finishing run removes the file while holding the lock; whoever opened the old
        // file in that moment sees a different inode and tries again.
        for _ in 0..20 {
            let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(fs4::TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    return Err(LockError::Held { path, holder: Holder::parse(&text) });
                }
                Err(fs4::TryLockError::Error(e)) => return Err(io(e)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let left_behind = Holder::parse(&text).filter(|h| h.pid != Some(std::process::id()));
            let started = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z");
            let record = format!("pid={}\nstarted={started}\nprogram=digihyte {}\n", std::process::id(), env!("CARGO_PKG_VERSION"));
            file.set_len(0).map_err(io)?;
            file.rewind().map_err(io)?;
            file.write_all(record.as_bytes()).map_err(io)?;
            let _ = file.sync_all();
            return Ok((OutputLock { file: Some(file), path }, left_behind));
        }
        Err(io(std::io::Error::other("the lock file kept changing; try again")))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Remove while still holding the lock (see `acquire`), then close, which unlocks.
        // Elsewhere than Unix the file stays (an open file may not be removable there).
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        drop(self.file.take());
    }
}

/// Removes what runs that did not finish left beside `out`: staging folders
/// (`.<name>.new-XXXXXX`) and folders moved aside during a swap (`.<name>.old-<pid>`). When
/// `out` is missing and a moved-aside folder exists, that is the previous output: it is
/// put back. Call only while holding the lock. Returns what was done, for the warnings.
pub fn clean_leftovers(out: &Path) -> Vec<String> {
    let (parent, name) = parent_and_name(out);
    let Ok(entries) = std::fs::read_dir(&parent) else { return Vec::new() };
    let (new_prefix, old_prefix) = (format!(".{name}.new-"), format!(".{name}.old-"));
    let mut staging = Vec::new();
    let mut old = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        if !e.path().is_dir() {
            continue;
        }
        if let Some(rest) = file_name.strip_prefix(&new_prefix) {
            if rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric()) {
                staging.push(e.path());
            }
        } else if let Some(rest) = file_name.strip_prefix(&old_prefix) {
            if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
                old.push(e.path());
            }
        }
    }
    staging.sort();
    old.sort();
    let mut notes = Vec::new();
    if !out.exists() {
        if let Some(previous) = old.pop() {
            match std::fs::rename(&previous, out) {
                Ok(()) => notes.push(format!(
                    "an earlier run stopped while swapping in its output; the previous output folder was put back from {}",
                    previous.display()
                )),
                Err(e) => notes.push(format!("could not put back the previous output folder from {}: {e}", previous.display())),
            }
        }
    }
    for dir in staging.iter().chain(&old) {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => notes.push(format!("removed {}, left by an earlier run that did not finish", dir.display())),
            Err(e) => notes.push(format!("could not remove {}, left by an earlier run: {e}", dir.display())),
        }
    }
    notes
}

/// An error with the chain of what was being done, outermost first; shown as
/// `writing the reports to X` / `  caused by: …` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain(pub Vec<String>);

impl Chain {
    /// The error `e` (and its sources) while doing `what`.
    pub fn new(what: impl Into<String>, e: &dyn std::error::Error) -> Chain {
        let mut v = vec![what.into(), e.to_string()];
        let mut source = e.source();
        while let Some(s) = source {
            v.push(s.to_string());
            source = s.source();
        }
        Chain(v)
    }
    /// A message without a cause.
    pub fn msg(message: impl Into<String>) -> Chain {
        Chain(vec![message.into()])
    }
    /// The same error inside `what`.
    pub fn context(mut self, what: impl Into<String>) -> Chain {
        self.0.insert(0, what.into());
        self
    }
}

impl std::fmt::Display for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, part) in self.0.iter().enumerate() {
            if i == 0 {
                f.write_str(part)?;
            } else {
                write!(f, "\n  caused by: {part}")?;
            }
        }
        Ok(())
    }
}

/// Writes into a fresh folder beside `out`, then swaps it in: a failed or killed run leaves
/// the previous output folder as it was, and a failed run leaves no staging folder behind
/// (a killed one may; the next run removes it, see [`clean_leftovers`]).
pub fn write_atomically(out: &Path, write: impl FnOnce(&Path) -> Result<(), Chain>) -> Result<(), Chain> {
    let (parent, name) = parent_and_name(out);
    std::fs::create_dir_all(&parent).map_err(|e| Chain::new(format!("creating {}", parent.display()), &e))?;
    if out.exists() {
        // Never replace something that is not a digihyte output folder.
        if !out.is_dir() {
            return Err(Chain::msg(format!("{} exists and is not a folder; choose another output folder", out.display())));
        }
        let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !out.join("manifest.json").is_file() {
            return Err(Chain::msg(format!(
                "{} is not empty and has no manifest.json, so it is not a digihyte output folder; it was left as it was: choose another output folder",
                out.display()
            )));
        }
    }
    // Until the final rename, `staging` is removed when it goes out of scope, on every
    // error path.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .map_err(|e| Chain::new("creating a temporary folder", &e))?;
    write(staging.path())?;
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(out, &old).map_err(|e| Chain::new(format!("moving the previous {} aside", out.display()), &e))?;
        if let Err(e) = std::fs::rename(staging.path(), out) {
            // Put the previous folder back.
            let _ = std::fs::rename(&old, out);
            return Err(Chain::new(format!("renaming the new folder to {}", out.display()), &e));
        }
        let _ = staging.keep();
        if let Err(e) = std::fs::remove_dir_all(&old) {
            // The new reports are in place; the next run removes the old folder.
            tracing::warn!("could not remove the previous output folder, moved aside to {}: {e}", old.display());
        }
    } else {
        std::fs::rename(staging.path(), out).map_err(|e| Chain::new(format!("renaming the new folder to {}", out.display()), &e))?;
        let _ = staging.keep();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_output_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (first, left) = OutputLock::acquire(&out).unwrap();
        assert_eq!(left, None);
        assert!(first.path().ends_with(".out.lock"));
        // flock locks belong to the open file description: a second open in the same
        // process conflicts, as a second process would.
        match OutputLock::acquire(&out) {
            Err(LockError::Held { holder, .. }) => assert_eq!(holder.unwrap().pid, Some(std::process::id())),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(!OutputLock::path_for(&out).exists());
        let (_again, left) = OutputLock::acquire(&out).unwrap();
        assert_eq!(left, None);
    }

    #[test]
    fn holder_lines_parse() {
        let h = Holder::parse("pid=42\nstarted=2026-01-01T00:00:00+02:00\nprogram=digihyte 0.1.0\n").unwrap();
        assert_eq!(h.pid, Some(42));
        assert!(h.describe().contains("process 42 (started 2026-01-01"));
        assert_eq!(Holder::parse(""), None);
    }
}
