//! Small-number suppression (DOMAIN.md, "Rules that protect people").
//!
//! A count of persons from 1 to `min_count − 1` is published as `<min_count`, and every
//! value derived from it is hidden. Zero is published: it describes nobody.

/// How a value is published.
#[derive(Debug, Clone, PartialEq)]
pub enum Published<T> {
    Value(T),
    /// A count below the threshold: shown as `<5`.
    Suppressed,
    /// Derived from a suppressed count, or not available: left empty.
    Hidden,
}

/// Whether a count of persons must be suppressed.
pub fn is_small(count: u64, min_count: u32) -> bool {
    count > 0 && count < u64::from(min_count)
}

/// A count of persons as published.
pub fn count(count: u64, min_count: u32) -> Published<u64> {
    if is_small(count, min_count) {
        Published::Suppressed
    } else {
        Published::Value(count)
    }
}

/// A value derived from a count: hidden when that count is suppressed.
pub fn derived<T>(value: Option<T>, base: u64, min_count: u32) -> Published<T> {
    match value {
        Some(v) if !is_small(base, min_count) => Published::Value(v),
        _ => Published::Hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_edges() {
        assert_eq!(count(0, 5), Published::Value(0));
        assert_eq!(count(1, 5), Published::Suppressed);
        assert_eq!(count(4, 5), Published::Suppressed);
        assert_eq!(count(5, 5), Published::Value(5));
        assert_eq!(derived(Some(2.5), 4, 5), Published::Hidden);
        assert_eq!(derived(Some(2.5), 5, 5), Published::Value(2.5));
        assert_eq!(derived::<f64>(None, 50, 5), Published::Hidden);
    }
}
