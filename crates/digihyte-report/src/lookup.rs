//! Indexes into a run's published tables.

use crate::workbooks::sheets;
use digihyte_core::IndicatorRow;
use digihyte_publish::{Feedback, Mix, MixKey, Published};

/// The maps of [`Lookup`]: hashed with foldhash, they are looked up for every cell.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// Indexes into a run's published tables, built once per run on first use. A national run
/// has 309 areas × 6 years × 40 mix keys; looking rows up by scanning for each cell of 309
/// workbooks cost more than writing the workbooks.
#[derive(Default)]
pub struct Lookup<'a> {
    mix: std::sync::OnceLock<HashMap<(&'a str, i32, MixKey), &'a Mix>>,
    indicators: std::sync::OnceLock<HashMap<(&'a str, i32, u32), &'a IndicatorRow>>,
    feedback: std::sync::OnceLock<FeedbackIndex<'a>>,
    /// The need–reach table of the report year (headers and rows): the same in every
    /// municipality's appendix, so made once.
    need: std::sync::OnceLock<(Vec<String>, Vec<Vec<sheets::V>>)>,
    /// The indicators published, by id: a column pair of every indicator sheet.
    indicator_ids: std::sync::OnceLock<Vec<u32>>,
}

#[derive(Default)]
struct FeedbackIndex<'a> {
    rows: HashMap<(&'a str, i32, &'a str), &'a Feedback>,
    /// The rows of each area and year, in the table's order.
    by_area: HashMap<(&'a str, i32), Vec<&'a Feedback>>,
    /// The items in the order they first appear.
    items: Vec<&'a str>,
}

impl<'a> Lookup<'a> {
    /// The mix row of an area, year and key.
    pub(crate) fn mix(&self, p: &'a Published, area_code: &str, year: i32, key: MixKey) -> Option<&'a Mix> {
        self.mix
            .get_or_init(|| p.mix.iter().map(|m| ((m.id.area_code.as_str(), m.year, m.key), m)).collect())
            .get(&(area_code, year, key))
            .copied()
    }
    fn feedback_index(&self, p: &'a Published) -> &FeedbackIndex<'a> {
        self.feedback.get_or_init(|| {
            let mut ix = FeedbackIndex::default();
            for r in &p.feedback {
                ix.rows.entry((r.id.area_code.as_str(), r.year, r.item.as_str())).or_insert(r);
                ix.by_area.entry((r.id.area_code.as_str(), r.year)).or_default().push(r);
                if !ix.items.contains(&r.item.as_str()) {
                    ix.items.push(&r.item);
                }
            }
            ix
        })
    }
    /// The feedback row of an area, year and item.
    pub(crate) fn feedback(&self, p: &'a Published, area_code: &str, year: i32, item: &str) -> Option<&'a Feedback> {
        self.feedback_index(p).rows.get(&(area_code, year, item)).copied()
    }
    /// The feedback rows of an area and year, in the table's order.
    pub(crate) fn feedback_rows(&self, p: &'a Published, area_code: &str, year: i32) -> Vec<&'a Feedback> {
        self.feedback_index(p).by_area.get(&(area_code, year)).cloned().unwrap_or_default()
    }
    /// The feedback items in the order of the feedback table.
    pub(crate) fn feedback_items(&self, p: &'a Published) -> &[&'a str] {
        &self.feedback_index(p).items
    }
    /// The need–reach table, made by `make` the first time.
    pub(crate) fn need_table(&self, make: impl FnOnce() -> (Vec<String>, Vec<Vec<sheets::V>>)) -> &(Vec<String>, Vec<Vec<sheets::V>>) {
        self.need.get_or_init(make)
    }
    /// The ids of the indicators published, in order.
    pub(crate) fn indicator_ids(&self, p: &Published) -> &[u32] {
        self.indicator_ids.get_or_init(|| {
            let mut ids: Vec<u32> = p.indicators.iter().map(|r| r.indicator).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
    }
    /// The indicator row of an area, year and indicator.
    pub(crate) fn indicator(&self, p: &'a Published, area_code: &str, year: i32, id: u32) -> Option<&'a IndicatorRow> {
        self.indicators
            .get_or_init(|| {
                let mut ix = HashMap::default();
                for r in &p.indicators {
                    ix.entry((r.area_code.as_str(), r.year, r.indicator)).or_insert(r);
                }
                ix
            })
            .get(&(area_code, year, id))
            .copied()
    }
}
