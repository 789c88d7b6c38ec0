//! Every text a person reads in a workbook or chart, in Finnish, Swedish and English.
//! Canonical keys (CSV columns, manifest) never pass through here.

/// (key, fi, sv, en)
const LABELS: &[(&str, &str, &str, &str)] = &[
    ("sheet_summary", "Yhteenveto", "Sammanfattning", "Summary"),
    ("sheet_reach", "Tavoittavuus", "Räckvidd", "Reach"),
    ("sheet_quality", "Tietojen laatu", "Datakvalitet", "Data quality"),
    ("sheet_sources", "Lähteet ja menetelmä", "Källor och metod", "Sources and method"),
    ("sheet_rejected", "Hylätyt rivit", "Avvisade rader", "Rejected rows"),
    ("area", "Alue", "Område", "Area"),
    ("code", "Koodi", "Kod", "Code"),
    ("year", "Vuosi", "År", "Year"),
    ("events", "Tukitapahtumat", "Stödtillfällen", "Support events"),
    ("clients", "Asiakkaat", "Klienter", "Clients"),
    ("unique_clients", "Eri asiakkaat", "Unika klienter", "Unique clients"),
    ("hours", "Tukitunnit", "Stödtimmar", "Support hours"),
    ("support_points", "Tukipisteet", "Stödpunkter", "Support points"),
    ("clients_65plus", "Asiakkaat 65+", "Klienter 65+", "Clients 65+"),
    ("clients_75plus", "Asiakkaat 75+", "Klienter 75+", "Clients 75+"),
    ("population", "Väestö", "Befolkning", "Population"),
    ("population_year", "Väestön vuosi", "Befolkningsår", "Population year"),
    ("clients_per_1000", "Asiakkaat / 1 000 asukasta", "Klienter / 1 000 invånare", "Clients per 1,000 residents"),
    ("clients_65plus_per_1000", "Asiakkaat 65+ / 1 000 65 vuotta täyttänyttä", "Klienter 65+ / 1 000 i åldern 65+", "Clients 65+ per 1,000 aged 65+"),
    ("clients_75plus_per_1000", "Asiakkaat 75+ / 1 000 75 vuotta täyttänyttä", "Klienter 75+ / 1 000 i åldern 75+", "Clients 75+ per 1,000 aged 75+"),
    ("file", "Tiedosto", "Fil", "File"),
    ("sheet", "Taulukko", "Blad", "Sheet"),
    ("row", "Rivi", "Rad", "Row"),
    ("column", "Sarake", "Kolumn", "Column"),
    ("value", "Arvo", "Värde", "Value"),
    ("reason", "Syy", "Orsak", "Reason"),
    ("suggestion", "Ehdotus", "Förslag", "Suggestion"),
    ("rows_read", "Rivejä luettu", "Rader lästa", "Rows read"),
    ("rows_accepted", "Hyväksytty", "Godkända", "Accepted"),
    ("rows_rejected", "Hylätty", "Avvisade", "Rejected"),
    ("rows_skipped", "Ohitettu", "Överhoppade", "Skipped"),
    ("skipped_blank", "tyhjiä", "tomma", "blank"),
    ("skipped_total", "summarivejä", "summarader", "total rows"),
    ("skipped_out_of_scope", "muita vuosia", "andra år", "other years"),
    ("skipped_title", "otsikkorivejä", "rubrikrader", "title rows"),
    ("not_read", "Ei luettu", "Inte läst", "Not read"),
    ("inputs", "Syötetiedostot", "Indatafiler", "Input files"),
    ("rejections_by_reason", "Hylätyt rivit syittäin", "Avvisade rader per orsak", "Rejected rows by reason"),
    ("unknown_words", "Tuntemattomat sanat (luokiteltu: muu)", "Okända ord (klassificerade: annat)", "Unknown words (classified as other)"),
    ("field", "Kenttä", "Fält", "Field"),
    ("word", "Sana", "Ord", "Word"),
    ("count", "Lukumäärä", "Antal", "Count"),
    ("warnings", "Huomautukset", "Anmärkningar", "Warnings"),
    ("source_line", "Lähde: digitukitilastot; väestö: Tilastokeskus / THL Sotkanet", "Källa: digistödsstatistik; befolkning: Statistikcentralen / THL Sotkanet", "Source: digital support logs; population: Statistics Finland / THL Sotkanet"),
    ("suppressed_note", "<{n} = alle {n} henkilöä; luku ja siitä lasketut osuudet on jätetty pois tietosuojan vuoksi.", "<{n} = färre än {n} personer; talet och andelar beräknade av det visas inte av dataskyddsskäl.", "<{n} = fewer than {n} persons; the figure and rates computed from it are withheld to protect privacy."),
    ("chart_clients_title", "Digituen asiakkaat", "Digistödets klienter", "Digital support clients"),
    ("chart_rate_title", "Asiakkaat / 1 000 asukasta", "Klienter / 1 000 invånare", "Clients per 1,000 residents"),
    ("report_title", "Digituki hyvinvointikertomuksen liitteenä", "Digistöd som bilaga till välfärdsberättelsen", "Digital support: appendix to the wellbeing report"),
    ("years", "Vuodet", "År", "Years"),
    ("report_year", "Raportointivuosi", "Rapportår", "Report year"),
    ("headline_clients", "{area}: vuonna {year} digituki tavoitti {clients} asiakasta ({events} tukitapahtumaa).", "{area}: år {year} nådde digistödet {clients} klienter ({events} stödtillfällen).", "{area}: in {year}, digital support reached {clients} clients ({events} support events)."),
    ("headline_change", "Muutos edellisestä vuodesta: {change} asiakasta ({pct}).", "Förändring från föregående år: {change} klienter ({pct}).", "Change from the previous year: {change} clients ({pct})."),
    ("headline_rate", "Asiakkaita oli {rate} tuhatta asukasta kohden.", "Det var {rate} klienter per tusen invånare.", "That is {rate} clients per 1,000 residents."),
    ("program", "Ohjelma", "Program", "Program"),
    ("pipeline_file", "Putkitiedosto", "Pipelinefil", "Pipeline file"),
    ("run_date", "Ajopäivä", "Körningsdatum", "Run date"),
    ("suppression", "Pienten lukujen suojaus", "Skydd av små tal", "Small-number suppression"),
    ("credits", "Lähteet ja lisenssit", "Källor och licenser", "Sources and licences"),
    ("method", "Menetelmä", "Metod", "Method"),
    ("method_text", "Asiakkaat = tukitapahtumien asiakasmäärien summa (tyhjä = 1). Osuudet tuhatta asukasta kohden lasketaan alueen asiakkaista ja väestöstä; alueen luku lasketaan summista, ei kuntien lukujen keskiarvona. Väestönä käytetään viimeisintä vuotta, joka on sama tai aiempi kuin tilastovuosi.", "Klienter = summan av antalet klienter per stödtillfälle (tomt = 1). Andelar per tusen invånare beräknas av områdets klienter och befolkning; områdets tal beräknas av summor, inte som medeltal av kommunernas tal. Befolkningen är från det senaste året som är samma som eller före statistikåret.", "Clients = the sum of persons served per support event (empty = 1). Rates per 1,000 residents divide the area's clients by its population; area figures are computed from sums, never as averages of municipal rates. Population is from the latest year at or before the statistics year."),
];

/// The label of `key` in `lang` (`fi`, `sv`, `en`); the key itself if it has none.
pub fn t(lang: &str, key: &str) -> String {
    LABELS
        .iter()
        .find(|l| l.0 == key)
        .map(|l| match lang {
            "sv" => l.2,
            "en" => l.3,
            _ => l.1,
        })
        .unwrap_or(key)
        .to_string()
}

/// `t` with `{name}` placeholders filled.
pub fn tf(lang: &str, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key);
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_three_languages_and_unique_key() {
        let mut keys = std::collections::HashSet::new();
        for l in LABELS {
            assert!(keys.insert(l.0), "duplicate {}", l.0);
            assert!(!l.1.is_empty() && !l.2.is_empty() && !l.3.is_empty(), "{}", l.0);
        }
        assert_eq!(t("sv", "sheet_reach"), "Räckvidd");
        assert_eq!(tf("en", "suppressed_note", &[("n", "5".into())]).matches("5").count(), 2);
    }
}
