//! `manifest.json`: what was run, on what, and what came out.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub program: String,
    pub version: String,
    pub pipeline: ManifestPipeline,
    pub run_date: String,
    pub language: String,
    pub years: [i32; 2],
    pub min_count: u32,
    pub inputs: Vec<ManifestInput>,
    pub outputs: Vec<ManifestOutput>,
    pub rows: ManifestTotals,
    pub warnings: Vec<String>,
    /// Cells hidden in each published table: small counts (`<5`, primary) and cells hidden
    /// so that those cannot be worked out by subtraction (secondary).
    pub suppression: Vec<ManifestSuppression>,
    /// Seconds per phase (wall clock), in the order they ran; they add up to `total`.
    pub timings: Vec<(String, f64)>,
    /// Seconds of thread time the render phase spent on each kind of output. They run in
    /// parallel, so together they are more than the render phase's wall-clock time.
    pub render_thread_seconds: RenderSeconds,
}

/// Seconds of thread time spent on each kind of output (see `render_thread_seconds`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RenderSeconds {
    pub csv: f64,
    pub workbooks: f64,
    pub documents: f64,
    pub charts: f64,
    /// Writing the files to disk, with their checksums.
    pub write: f64,
}

impl RenderSeconds {
    /// Adds another task's seconds to these.
    pub fn add(&mut self, other: &RenderSeconds) {
        self.csv += other.csv;
        self.workbooks += other.workbooks;
        self.documents += other.documents;
        self.charts += other.charts;
        self.write += other.write;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestSuppression {
    pub table: String,
    /// Counts below the threshold, written `<5`.
    pub primary: u64,
    /// Cells hidden so that those cannot be worked out by subtraction (empty in CSV, `..` in
    /// workbooks).
    pub secondary: u64,
    /// Non-zero counts not shown because the figure they break down is small or hidden.
    pub withheld: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestPipeline {
    pub path: String,
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestInput {
    pub path: String,
    pub kind: String,
    pub sha256: String,
    pub bytes: u64,
    pub sheets: Vec<String>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub rows_skipped: u64,
    pub skipped: SkippedByKind,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedByKind {
    pub blank: u64,
    pub total: u64,
    pub out_of_scope: u64,
    pub title: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestOutput {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ManifestTotals {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub skipped: u64,
    pub files_not_read: u64,
}

impl Manifest {
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("manifest serializes");
        v.push(b'\n');
        v
    }
}
