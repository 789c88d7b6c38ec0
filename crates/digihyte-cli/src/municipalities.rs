//! `digihyte municipalities`: the embedded classification, to find codes and names.
//!
//! The program embeds Statistics Finland's classification of 2026 and the list of
//! abolished municipalities with their successors, not the classification of every year.
//! `--year` earlier than 2026 therefore prints the 2026 list, then the municipalities that
//! existed in that year and have since merged, with their successors (the codes a log of
//! that year may use, which digihyte maps to the successor). Municipalities founded by a
//! merger after that year are not marked: the embedded data has no founding dates.

use crate::{exit, table};
use digihyte_core::text::fold;
use digihyte_core::Reference;
use tracing::error;

/// The year of the embedded classification.
pub const CLASSIFICATION_YEAR: i32 = 2026;

#[derive(Debug, clap::Args)]
pub struct MunicipalitiesArgs {
    /// Only this region (maakunta): its code (17) or name (Pohjois-Pohjanmaa).
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// The year you need codes for; also lists municipalities of that year that have since
    /// merged (the embedded classification is that of 2026).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
}

/// A region code from a code or a name.
fn region_code(r: &Reference, given: &str) -> Option<u8> {
    let g = fold(given);
    let g = g.strip_prefix("mk").unwrap_or(&g).trim();
    if let Ok(code) = g.parse::<u8>() {
        return r.region(code).map(|_| code);
    }
    r.municipalities.iter().find(|m| [&m.region_fi, &m.region_sv, &m.region_en].iter().any(|n| fold(n) == g)).map(|m| m.region_code)
}

/// The year a municipality stopped existing, from `d.m.yyyy`: abolished on 1.1.2021 means
/// it existed until the end of 2020.
fn last_year(abolished: &str) -> Option<i32> {
    let mut parts = abolished.split('.');
    let (d, m, y) = (parts.next()?.trim(), parts.next()?.trim(), parts.next()?.trim().parse::<i32>().ok()?);
    Some(if d == "1" && m == "1" { y - 1 } else { y })
}

pub fn municipalities(args: &MunicipalitiesArgs) -> u8 {
    let r = Reference::get();
    let region = match &args.region {
        None => None,
        Some(given) => match region_code(r, given) {
            Some(c) => Some(c),
            None => {
                let mut regions: Vec<(u8, &str)> = r.municipalities.iter().map(|m| (m.region_code, m.region_fi.as_str())).collect();
                regions.sort_unstable();
                regions.dedup();
                let list: Vec<String> = regions.iter().map(|(c, n)| format!("{c:02} {n}")).collect();
                error!("unknown region `{given}`; the regions are: {}", list.join(", "));
                return exit::USAGE;
            }
        },
    };
    if let Some(y) = args.year {
        if !(1900..=2100).contains(&y) {
            error!("--year {y} is outside 1900–2100");
            return exit::USAGE;
        }
    }

    let mut rows = vec![["code", "name_fi", "name_sv", "region", "wellbeing_services_county"].map(String::from).to_vec()];
    let selected: Vec<_> = r.municipalities.iter().filter(|m| region.is_none_or(|c| m.region_code == c)).collect();
    for m in &selected {
        rows.push(vec![
            m.code_str(),
            m.name_fi.clone(),
            m.name_sv.clone(),
            format!("{:02} {}", m.region_code, m.region_fi),
            format!("{:02} {}", m.county_code, m.county_fi),
        ]);
    }
    let mut out = String::new();
    out.push_str(&format!("Municipality classification {CLASSIFICATION_YEAR} (Statistics Finland)"));
    if let Some(c) = region {
        out.push_str(&format!(", region {c:02} {}", r.region(c).map(|m| m.region_fi.as_str()).unwrap_or_default()));
    }
    out.push_str(&format!(": {} municipalities\n\n", selected.len()));
    out.push_str(&table::render(&rows, &[]));

    match args.year {
        Some(y) if y > CLASSIFICATION_YEAR => {
            out.push_str(&format!(
                "\nNote: the embedded classification is that of {CLASSIFICATION_YEAR}; changes after it (for {y}) are not known to this version of digihyte.\n"
            ));
        }
        Some(y) if y < CLASSIFICATION_YEAR => {
            let mut merged: Vec<_> = r
                .abolished
                .iter()
                .filter(|a| last_year(&a.abolished).is_some_and(|last| last >= y))
                .filter(|a| region.is_none_or(|c| r.municipality(a.successor).is_some_and(|s| s.region_code == c)))
                .collect();
            merged.sort_by_key(|a| a.code);
            out.push_str(&format!(
                "\nNote: the embedded classification is that of {CLASSIFICATION_YEAR}, not {y}. Municipalities that existed in {y} and have since merged ({}): digihyte reads their names and codes as their successor.\n\n",
                merged.len()
            ));
            let mut rows = vec![["code", "name_fi", "name_sv", "abolished", "successor"].map(String::from).to_vec()];
            for a in merged {
                let successor = r
                    .municipality(a.successor)
                    .map(|s| format!("{} {}", s.code_str(), s.name_fi))
                    .unwrap_or_else(|| format!("{:03}", a.successor));
                rows.push(vec![format!("{:03}", a.code), a.name_fi.clone(), a.name_sv.clone(), a.abolished.clone(), successor]);
            }
            out.push_str(&table::render(&rows, &[]));
            out.push_str(
                "Municipalities founded by a merger after that year are in the list above; the embedded data has no founding dates.\n",
            );
        }
        _ => {}
    }
    print!("{out}");
    exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abolished_on_new_year_existed_the_year_before() {
        assert_eq!(last_year("1.1.2021"), Some(2020));
        assert_eq!(last_year("31.12.1969"), Some(1969));
        assert_eq!(last_year(""), None);
    }

    #[test]
    fn regions_by_code_or_name() {
        let r = Reference::get();
        assert_eq!(region_code(r, "17"), Some(17));
        assert_eq!(region_code(r, "pohjois-pohjanmaa"), Some(17));
        assert_eq!(region_code(r, "Norra Österbotten"), Some(17));
        assert_eq!(region_code(r, "99"), None);
    }
}
