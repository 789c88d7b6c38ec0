//! The pipeline file (DOMAIN.md, "The pipeline file").
//!
//! Two steps, as in ripgrep's `LowArgs → HiArgs`: [`spec`] holds the raw TOML shape
//! (`serde`, `deny_unknown_fields`, spans kept), and [`compile`] turns it into a [`Plan`]
//! with paths, globs, codes and keys resolved, reporting **every** problem at once with its
//! line. This is the only crate that derives `Deserialize`.

mod compile;
pub mod spec;

pub use compile::{compile, compile_file, Area, Field, Language, NeedDirection, NeedIndicator, Plan, Source};

use std::fmt;

/// One problem in a pipeline file, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// Everything wrong with a pipeline file.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("cannot read the pipeline file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{}", render(.path, .problems))]
    Invalid { path: String, problems: Vec<Problem> },
}

fn render(path: &str, problems: &[Problem]) -> String {
    let mut s = format!("the pipeline file {path} has {} problem{}:", problems.len(), if problems.len() == 1 { "" } else { "s" });
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string_with(path));
    }
    s
}

impl Problem {
    /// `example.toml:12:5: message`.
    pub fn to_string_with(&self, path: &str) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}: {}", self.message),
            (Some(l), None) => format!("{path}:{l}: {}", self.message),
            _ => format!("{path}: {}", self.message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_with("pipeline"))
    }
}
