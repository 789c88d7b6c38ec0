//! Sotkanet indicator names (a 2016 subset, `data/sotkanet_indicators.tsv`; see the data
//! README): used only to recognise which indicator a Sotkanet web export holds when its
//! title names the indicator but not its id.

use crate::text::{fold, fold_compact};
use std::sync::OnceLock;

const NAMES: &str = include_str!("../data/sotkanet_indicators.tsv");

/// One indicator's id and titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorName {
    pub id: u32,
    pub title_fi: &'static str,
    pub title_sv: &'static str,
    pub title_en: &'static str,
}

struct Table {
    names: Vec<IndicatorName>,
    /// (compacted title, id) for every language.
    compact: Vec<(String, u32)>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let names: Vec<IndicatorName> = NAMES
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let f: Vec<&'static str> = l.split('\t').collect();
                IndicatorName { id: f[0].parse().expect("embedded id"), title_fi: f[1], title_sv: f[2], title_en: f[3] }
            })
            .collect();
        let compact = names
            .iter()
            .flat_map(|n| [n.title_fi, n.title_sv, n.title_en].map(|t| (fold_compact(t), n.id)))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        Table { names, compact }
    })
}

/// Every embedded indicator name, in id order.
pub fn indicator_names() -> &'static [IndicatorName] {
    &table().names
}

/// The names of an indicator, if it is in the embedded subset.
pub fn indicator_name(id: u32) -> Option<&'static IndicatorName> {
    table().names.iter().find(|n| n.id == id)
}

/// An id written out in a text: `(id 127)`, `id: 4287`, `ID=171`, `indikaattori 127`,
/// `indicator 4287`, `indikator 171`.
pub fn indicator_id_in_text(text: &str) -> Option<u32> {
    let f = fold(text);
    for word in ["indikaattori", "indicator", "indikator", "id"] {
        let mut from = 0;
        while let Some(pos) = f[from..].find(word) {
            let start = from + pos;
            from = start + word.len();
            // A whole word: "id" inside "hyvinvointi" or "paid" does not count.
            if f[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let rest = f[from..].trim_start_matches([' ', ':', '=', '#', '.', '-', '–', '\u{a0}']);
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if (1..=6).contains(&digits.len()) && !rest[digits.len()..].starts_with(|c: char| c.is_alphanumeric()) {
                return digits.parse().ok();
            }
        }
    }
    None
}

/// The indicator whose Finnish, Swedish or English title the text is, or contains (the
/// longest such title of at least 8 letters and digits; two different indicators with
/// equally long titles in the text give `None`).
pub fn indicator_by_title(text: &str) -> Option<u32> {
    let t = fold_compact(text);
    if t.is_empty() {
        return None;
    }
    let table = table();
    if let Some((_, id)) = table.compact.iter().find(|(c, _)| *c == t) {
        return Some(*id);
    }
    let mut best: Option<(usize, u32, bool)> = None;
    for (c, id) in &table.compact {
        let len = c.chars().count();
        if len < 8 || !t.contains(c.as_str()) {
            continue;
        }
        best = match best {
            Some((l, b, _)) if l > len => Some((l, b, false)),
            Some((l, b, _)) if l == len && b != *id => Some((l, b, true)),
            Some(keep) if keep.0 == len => Some(keep),
            _ => Some((len, *id, false)),
        };
    }
    best.filter(|b| !b.2).map(|b| b.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_written_in_titles() {
        assert_eq!(indicator_id_in_text("Väestö 31.12. (id 127)"), Some(127));
        assert_eq!(indicator_id_in_text("ID: 4287 Yksinäiset"), Some(4287));
        assert_eq!(indicator_id_in_text("Indikaattori 171, Pohjois-Pohjanmaa"), Some(171));
        assert_eq!(indicator_id_in_text("hyvinvointi 2024"), None);
        assert_eq!(indicator_id_in_text("id 2024abc"), None);
    }

    #[test]
    fn titles_in_three_languages() {
        assert_eq!(indicator_by_title("Väestö 31.12."), Some(127));
        assert_eq!(indicator_by_title("Befolkning 31.12"), Some(127));
        assert_eq!(indicator_by_title("Sotkanet: 75 vuotta täyttäneet, % väestöstä, 2019–2023"), Some(171));
        // The longer title wins over the one it contains.
        assert_eq!(indicator_by_title("Itsensä yksinäiseksi tuntevien osuus (%), 75 vuotta täyttäneet"), Some(4287));
        assert_eq!(indicator_by_title("Itsensä yksinäiseksi tuntevien osuus (%)"), Some(4284));
        assert_eq!(indicator_by_title("Digituen tilastot"), None);
        assert!(indicator_names().len() > 300);
        assert_eq!(indicator_name(1068).map(|n| n.title_fi), Some("65 vuotta täyttäneet, % väestöstä"));
    }
}
