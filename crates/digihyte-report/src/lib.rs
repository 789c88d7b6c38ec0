//! Writes the output folder (DOMAIN.md, "The output folder"): tidy CSVs, workbooks,
//! documents, charts and the manifest.
//!
//! The crate is laid out by what it makes: `charts/` (PNG and SVG, with plotters),
//! `workbooks/` (xlsx, with rust_xlsxwriter), `documents/` (docx, with docx-rs), `tidy`
//! (CSV); `locale` holds every word and number format of the three report languages,
//! `summary` the sentences written from the figures, and `outputs` the one list of
//! outputs a run writes.
//!
//! Invariants: every output is rendered to bytes in memory by a task of its own
//! ([`render_into`]) and handed to a sink that writes it; a file's bytes never depend on
//! the order the tasks ran in, and the manifest lists the outputs in a fixed order, so the
//! same inputs give the same bytes; published outputs take only
//! [`digihyte_publish::Published`].

pub mod charts;
pub mod documents;
pub mod locale;
mod lookup;
pub mod manifest;
mod outputs;
pub mod summary;
pub mod tidy;
pub mod workbooks;

/// The report language's labels (the old name of [`locale`]).
pub use crate::locale as labels;
pub use lookup::Lookup;
pub use outputs::{chart_specs, render_into, Sink};
pub use workbooks::template;

use chrono::NaiveDate;
use digihyte_core::{InputAccount, Metrics, Origin, Rejection, UnknownWord, Warning};
use digihyte_publish::{Published, Reach};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Errors while rendering or writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("writing a workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing a CSV table: {0}")]
    Csv(String),
    #[error("writing a document: {0}")]
    Docx(String),
    #[error("drawing a chart: {0}")]
    Chart(#[from] charts::ChartError),
    #[error("writing {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> Self {
        ReportError::Csv(e.to_string())
    }
}

/// Credits shown in every workbook's sources sheet and in the README.
pub const CREDITS: &[&str] = &[
    "Kuntaluokitus ja kuntien yhdistymiset / Municipality classification and mergers: Tilastokeskus / Statistics Finland (CC BY 4.0), via rOpenGov/geofi (BSD-2-Clause), Meeris/kuntar and pttry/statficlassifications (MIT).",
    "Väestö 31.12. (Sotkanet-indikaattori 127) / Population 31 Dec (Sotkanet indicator 127): Tilastokeskus / Statistics Finland, via THL Sotkanet (sotkanet.fi) and rOpenGov/geofi.",
    "Hyvinvointi-indikaattorit ja alueiden tunnisteet / Wellbeing indicators and region ids: THL / Sotkanet (CC BY 4.0 for THL-produced data and metadata).",
    "Kirjasintyyppi / Font: DejaVu Sans (Bitstream Vera licence, public-domain changes).",
];

/// Facts about the run that reports show.
#[derive(Debug, Clone)]
pub struct RunMeta {
    pub name: String,
    pub title: String,
    pub area_name: String,
    pub language: String,
    pub first_year: i32,
    pub last_year: i32,
    pub min_count: u32,
    pub version: String,
    pub pipeline_path: String,
    pub pipeline_sha256: String,
    pub run_date: NaiveDate,
}

/// Everything the reports are made of.
pub struct ReportInput<'a> {
    pub meta: RunMeta,
    /// Every published table: what every published output shows, and nothing else.
    pub published: &'a Published,
    /// The figures as computed, unsuppressed: only for `internal/`.
    pub internal: &'a Metrics,
    pub accounts: &'a [InputAccount],
    pub rejections: &'a [Rejection],
    pub unknown_words: &'a [UnknownWord],
    pub warnings: &'a [Warning],
    /// Groups of accepted rows with the same content (where they were read), for the
    /// data-quality sheet.
    pub duplicates: &'a [Vec<Origin>],
    /// Lookups into `published`, built on first use: `Lookup::default()`.
    pub lookup: Lookup<'a>,
}

/// One rendered output: its path inside the output folder and its bytes.
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file-name-safe ASCII slug (`Pyhäjärvi` → `pyhajarvi`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => out.push('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => out.push('o'),
            'ü' | 'ú' => out.push('u'),
            'é' | 'è' => out.push('e'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The published reach rows of the area (`None`) or one municipality, in year order.
pub(crate) fn reach_rows<'i>(input: &ReportInput<'i>, municipality: Option<&str>) -> Vec<&'i Reach> {
    input
        .published
        .reach
        .iter()
        .filter(|p| match municipality {
            Some(code) => p.id.area_type == "municipality" && p.id.area_code == code,
            None => p.id.area_type != "municipality",
        })
        .collect()
}

/// The municipalities' reach rows of `year`, by name in the report language
/// ([`locale::name_key`]): the order of the area's rates chart and of its reach tables.
pub(crate) fn municipalities_by_name<'i>(input: &ReportInput<'i>, year: i32) -> Vec<&'i Reach> {
    let mut rows: Vec<&Reach> = input.published.reach.iter().filter(|p| p.year == year && p.id.area_type == "municipality").collect();
    rows.sort_by_cached_key(|p| locale::name_key(&p.area_name));
    rows
}

/// Writes one rendered file under `dir` (making its folder); returns its manifest entry.
pub fn write_file(dir: &Path, f: &OutputFile) -> Result<manifest::ManifestOutput, ReportError> {
    let path = dir.join(&f.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ReportError::Io { path: parent.display().to_string(), source })?;
    }
    std::fs::write(&path, &f.bytes).map_err(|source| ReportError::Io { path: path.display().to_string(), source })?;
    Ok(manifest::ManifestOutput { path: f.path.clone(), sha256: sha256_hex(&f.bytes), bytes: f.bytes.len() as u64 })
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
