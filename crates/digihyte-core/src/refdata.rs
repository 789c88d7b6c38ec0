//! The embedded reference data (see `data/README.md` for origin and licences).
//!
//! - Statistics Finland's municipality classification 2026 (via rOpenGov/geofi): code,
//!   Finnish/Swedish/English names, region (maakunta), wellbeing services county, sub-region.
//! - Abolished municipalities → current successor (Statistics Finland via Meeris/kuntar and
//!   pttry/statficlassifications, plus the yearly keys).
//! - Population 31.12. by municipality, 2000–2022 (Sotkanet indicator 127, Statistics Finland).
//! - Sotkanet internal region ids → official codes (THL Sotkanet regions list).

use crate::model::AreaRef;
use crate::text::fold;
use std::collections::HashMap;
use std::sync::OnceLock;

const MUNICIPALITIES: &str = include_str!("../data/municipalities_2026.csv");
const ABOLISHED: &str = include_str!("../data/abolished_municipalities.csv");
const POPULATION: &str = include_str!("../data/population.csv");
const SOTKANET_REGIONS: &str = include_str!("../data/sotkanet_regions.csv");

/// One municipality of the current classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub code: u16,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub region_code: u8,
    pub region_fi: String,
    pub region_sv: String,
    pub region_en: String,
    pub county_code: u8,
    pub county_fi: String,
    pub county_sv: String,
    pub county_en: String,
    pub subregion_code: u16,
    pub subregion_fi: String,
    /// Statistics Finland's language status: 0 Finnish, 1 Swedish, 2 bilingual Finnish
    /// majority, 3 bilingual Swedish majority.
    pub language_code: u8,
}

impl Municipality {
    /// The municipality's name in a report language (`fi`, `sv`, `en`).
    pub fn name(&self, lang: &str) -> &str {
        match lang {
            "sv" => &self.name_sv,
            "en" => &self.name_en,
            _ => &self.name_fi,
        }
    }
    /// The region's name in a report language.
    pub fn region_name(&self, lang: &str) -> &str {
        match lang {
            "sv" => &self.region_sv,
            "en" => &self.region_en,
            _ => &self.region_fi,
        }
    }
    /// Three-digit code (`009`).
    pub fn code_str(&self) -> String {
        format!("{:03}", self.code)
    }
}

/// An abolished municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abolished {
    pub code: u16,
    pub name_fi: String,
    pub name_sv: String,
    /// `d.m.yyyy` as Statistics Finland writes it.
    pub abolished: String,
    pub successor: u16,
}

/// The outcome of matching a municipality cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MunicipalityMatch {
    Found(u16),
    /// A name or code of a municipality that merged into `successor`.
    Merged {
        successor: u16,
        old_name: String,
    },
    /// Not a municipality; a suggestion where one is close enough.
    Unknown {
        suggestion: Option<String>,
    },
}

/// All embedded reference tables, loaded once.
#[derive(Debug)]
pub struct Reference {
    pub municipalities: Vec<Municipality>,
    pub abolished: Vec<Abolished>,
    by_code: HashMap<u16, usize>,
    abolished_by_code: HashMap<u16, usize>,
    by_name: HashMap<String, u16>,
    abolished_by_name: HashMap<String, usize>,
    population: HashMap<u16, Vec<(i32, f64)>>,
    sotkanet: HashMap<u32, AreaRef>,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split(',').collect())
}

impl Reference {
    /// The embedded tables, parsed on first use.
    pub fn get() -> &'static Reference {
        static REF: OnceLock<Reference> = OnceLock::new();
        REF.get_or_init(Reference::load)
    }

    fn load() -> Reference {
        let municipalities: Vec<Municipality> = rows(MUNICIPALITIES)
            .map(|r| Municipality {
                code: r[0].parse().expect("embedded code"),
                name_fi: r[1].into(),
                name_sv: r[2].into(),
                name_en: r[3].into(),
                region_code: r[4].parse().expect("embedded region"),
                region_fi: r[5].into(),
                region_sv: r[6].into(),
                region_en: r[7].into(),
                county_code: r[8].parse().expect("embedded county"),
                county_fi: r[9].into(),
                county_sv: r[10].into(),
                county_en: r[11].into(),
                subregion_code: r[12].parse().expect("embedded subregion"),
                subregion_fi: r[13].into(),
                language_code: r[15].parse().expect("embedded language"),
            })
            .collect();
        let abolished: Vec<Abolished> = rows(ABOLISHED)
            .map(|r| Abolished {
                code: r[0].parse().expect("embedded code"),
                name_fi: r[1].into(),
                name_sv: r[2].into(),
                abolished: r[3].into(),
                successor: r[4].parse().expect("embedded successor"),
            })
            .collect();
        let by_code = municipalities.iter().enumerate().map(|(i, m)| (m.code, i)).collect();
        let abolished_by_code = abolished.iter().enumerate().map(|(i, a)| (a.code, i)).collect();
        let mut by_name = HashMap::new();
        for m in &municipalities {
            for n in [&m.name_fi, &m.name_sv, &m.name_en] {
                by_name.insert(fold(n), m.code);
            }
        }
        let mut abolished_by_name = HashMap::new();
        for (i, a) in abolished.iter().enumerate() {
            for n in [&a.name_fi, &a.name_sv] {
                let k = fold(n);
                // A current name always wins (several places have reused names).
                if !k.is_empty() && !by_name.contains_key(&k) {
                    abolished_by_name.insert(k, i);
                }
            }
        }
        let mut population: HashMap<u16, Vec<(i32, f64)>> = HashMap::new();
        for r in rows(POPULATION) {
            population
                .entry(r[0].parse().expect("embedded code"))
                .or_default()
                .push((r[1].parse().expect("embedded year"), r[2].parse().expect("embedded population")));
        }
        for v in population.values_mut() {
            v.sort_by_key(|p| p.0);
        }
        let mut sotkanet = HashMap::new();
        for r in rows(SOTKANET_REGIONS) {
            let id: u32 = r[0].parse().expect("embedded id");
            let area = match r[1] {
                "KUNTA" => r[2].parse().ok().map(AreaRef::Municipality),
                "MAAKUNTA" => r[2].parse().ok().map(AreaRef::Region),
                "HYVINVOINTIALUE" => r[2].parse().ok().map(AreaRef::County),
                "MAA" => Some(AreaRef::Country),
                _ => None,
            };
            if let Some(a) = area {
                sotkanet.insert(id, a);
            }
        }
        Reference { municipalities, abolished, by_code, abolished_by_code, by_name, abolished_by_name, population, sotkanet }
    }

    /// A current municipality by code.
    pub fn municipality(&self, code: u16) -> Option<&Municipality> {
        self.by_code.get(&code).map(|&i| &self.municipalities[i])
    }

    /// The municipalities of a region (maakunta), in code order.
    pub fn region_members(&self, region: u8) -> Vec<u16> {
        self.municipalities.iter().filter(|m| m.region_code == region).map(|m| m.code).collect()
    }

    /// Names of a region code in fi/sv/en, if any municipality belongs to it.
    pub fn region(&self, region: u8) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.region_code == region)
    }

    /// Matches a municipality cell: a code (`564`, `KU564`, `9`, `009`, `564.0`), or a
    /// Finnish, Swedish or English name in any case; names and codes of merged
    /// municipalities map to their successor. Never guesses: a near miss is `Unknown`
    /// with a suggestion.
    pub fn match_municipality(&self, raw: &str) -> MunicipalityMatch {
        let f = fold(raw);
        let code_text = f.strip_prefix("ku").unwrap_or(&f).trim();
        let code_text = code_text.strip_suffix(".0").unwrap_or(code_text);
        if !code_text.is_empty() && code_text.len() <= 3 && code_text.bytes().all(|b| b.is_ascii_digit()) {
            let code: u16 = code_text.parse().expect("1-3 ascii digits");
            if self.by_code.contains_key(&code) {
                return MunicipalityMatch::Found(code);
            }
            if let Some(&i) = self.abolished_by_code.get(&code) {
                let a = &self.abolished[i];
                return MunicipalityMatch::Merged { successor: a.successor, old_name: a.name_fi.clone() };
            }
            return MunicipalityMatch::Unknown { suggestion: None };
        }
        if let Some(&code) = self.by_name.get(&f) {
            return MunicipalityMatch::Found(code);
        }
        if let Some(&i) = self.abolished_by_name.get(&f) {
            let a = &self.abolished[i];
            return MunicipalityMatch::Merged { successor: a.successor, old_name: a.name_fi.clone() };
        }
        MunicipalityMatch::Unknown { suggestion: self.suggest(&f) }
    }

    /// The closest current name, written `Oulu (564)`: the fewest edits (Damerau-Levenshtein,
    /// at most 2 and under half the name), ties broken by Jaro-Winkler similarity.
    fn suggest(&self, folded: &str) -> Option<String> {
        let len = folded.chars().count();
        // No municipality name is longer than 30 letters: a longer cell is not a near miss
        // (and comparing a huge cell with every name would take minutes).
        if !(3..=60).contains(&len) {
            return None;
        }
        let mut best: Option<(usize, f64, u16, &str)> = None;
        for m in &self.municipalities {
            for n in [&m.name_fi, &m.name_sv] {
                let candidate = fold(n);
                let d = strsim::damerau_levenshtein(folded, &candidate);
                let jw = strsim::jaro_winkler(folded, &candidate);
                if best.is_none_or(|b| d < b.0 || (d == b.0 && jw > b.1)) {
                    best = Some((d, jw, m.code, n));
                }
            }
        }
        best.filter(|b| b.0 <= 2 && b.0 * 2 < len).map(|(_, _, code, name)| format!("{name} ({code:03})"))
    }

    /// Population 31.12. from the embedded table: the latest year at or before `year`.
    pub fn population(&self, code: u16, year: i32) -> Option<(i32, f64)> {
        self.population.get(&code)?.iter().rev().find(|p| p.0 <= year).copied()
    }

    /// The area a Sotkanet internal region id stands for.
    pub fn sotkanet_region(&self, id: u32) -> Option<AreaRef> {
        self.sotkanet.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn embedded_tables_have_the_expected_sizes() {
        let r = Reference::get();
        assert_eq!(r.municipalities.len(), 308);
        assert_eq!(r.region_members(17).len(), 30);
        assert_eq!(r.sotkanet_region(261), Some(AreaRef::Municipality(564)));
        assert_eq!(r.sotkanet_region(658), Some(AreaRef::Country));
        assert_eq!(r.sotkanet_region(503), Some(AreaRef::Region(17)));
        let (year, _) = r.population(564, 2024).expect("Oulu population");
        assert_eq!(year, 2022);
    }

    #[test]
    fn municipality_cells() {
        let r = Reference::get();
        for s in ["564", "KU564", "ku 564", "Oulu", "OULU", "Uleåborg", " oulu ", "564.0"] {
            assert_eq!(r.match_municipality(s), MunicipalityMatch::Found(564), "{s}");
        }
        assert_eq!(r.match_municipality("9"), MunicipalityMatch::Found(9));
        assert_eq!(r.match_municipality("009"), MunicipalityMatch::Found(9));
        assert_eq!(r.match_municipality("Haukipudas"), MunicipalityMatch::Merged { successor: 564, old_name: "Haukipudas".into() });
        assert_eq!(r.match_municipality("084"), MunicipalityMatch::Merged { successor: 564, old_name: "Haukipudas".into() });
        assert_eq!(r.match_municipality("Olu"), MunicipalityMatch::Unknown { suggestion: Some("Oulu (564)".into()) });
        assert_eq!(r.match_municipality("Kempelee"), MunicipalityMatch::Unknown { suggestion: Some("Kempele (244)".into()) });
        assert_eq!(r.match_municipality("Kuusmo"), MunicipalityMatch::Unknown { suggestion: Some("Kuusamo (305)".into()) });
        assert_eq!(r.match_municipality("999"), MunicipalityMatch::Unknown { suggestion: None });
    }

    #[test]
    fn a_huge_cell_is_unknown_at_once_without_a_suggestion() {
        // Regression: a 20 MB cell was compared with every name, which took minutes.
        let r = Reference::get();
        assert_eq!(r.match_municipality(&"oulu".repeat(250_000)), MunicipalityMatch::Unknown { suggestion: None });
    }

    #[test]
    fn decomposed_names_match() {
        let r = Reference::get();
        assert_eq!(r.match_municipality("Jyva\u{308}skyla\u{308}"), MunicipalityMatch::Found(179));
    }

    proptest! {
        #[test]
        fn every_current_name_and_code_matches_itself(i in 0usize..308, upper in any::<bool>()) {
            let r = Reference::get();
            let m = &r.municipalities[i];
            let name = if upper { m.name_fi.to_uppercase() } else { m.name_fi.clone() };
            prop_assert_eq!(r.match_municipality(&name), MunicipalityMatch::Found(m.code));
            prop_assert_eq!(r.match_municipality(&format!("KU{:03}", m.code)), MunicipalityMatch::Found(m.code));
            prop_assert_eq!(r.match_municipality(&m.code.to_string()), MunicipalityMatch::Found(m.code));
        }
    }
}
