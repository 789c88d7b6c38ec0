//! Every metric of the domain (DOMAIN.md, "What is computed" and "Definitions the numbers
//! must follow exactly"), computed from validated records.
//!
//! Invariants: no file I/O here; polars does the grouping; the results are plain Rust rows
//! so that no other crate depends on polars. Area rows sum the counts of their
//! municipalities (distinct support points and client codes over the area) and divide by
//! the sum of the municipalities' denominators: rates are never averaged.

mod reach;

pub use reach::compute_reach;

use digihyte_core::IndicatorValue;

/// Errors of the transform (a polars failure is a bug, not a data problem).
#[derive(Debug, thiserror::Error)]
pub enum TransformError {
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}

/// The area a pipeline reports on, as the transform needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaKind {
    Region(u8),
    Municipalities,
    Country,
}

/// What the transform needs to know of the pipeline.
#[derive(Debug, Clone)]
pub struct Scope {
    pub municipalities: Vec<u16>,
    pub first_year: i32,
    pub last_year: i32,
    pub area: AreaKind,
    /// Name shown for the area row (`Pohjois-Pohjanmaa`, or the pipeline title).
    pub area_name: String,
    /// `fi`, `sv` or `en`: the language of `area_name` columns.
    pub language: String,
    /// True when the pipeline gives indicator files: population then comes from Sotkanet 127.
    pub indicators_given: bool,
}

impl Scope {
    pub fn years(&self) -> impl Iterator<Item = i32> + Clone {
        self.first_year..=self.last_year
    }
}

/// The latest value of an indicator for an area at or before `year`, with its year.
pub fn latest_at_or_before(values: &[IndicatorValue], indicator: u32, area: digihyte_core::AreaRef, year: i32) -> Option<(f64, i32)> {
    values.iter().filter(|v| v.indicator == indicator && v.area == area && v.year <= year).max_by_key(|v| v.year).map(|v| (v.value, v.year))
}
