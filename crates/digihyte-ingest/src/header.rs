//! Finding the header row and recognising its columns.

use crate::grid::{Cell, Sheet};
use digihyte_core::text::{fold, fold_compact};
use digihyte_pipeline::Field;

/// Header names people use, per field, compared after [`fold_compact`]. A header matches
/// a synonym exactly, or starts with it when the synonym is at least 5 letters long.
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Date,
        &[
            "pvm",
            "päivämäärä",
            "paivamaara",
            "päiväys",
            "päivä",
            "käyntipäivä",
            "tapahtumapäivä",
            "tukipäivä",
            "ajankohta",
            "date",
            "day",
            "datum",
            "dag",
            "besöksdatum",
            "aikaleima",
            "vastausaika",
            "timestamp",
            "tidsstämpel",
        ],
    ),
    (
        Field::Municipality,
        &[
            "kunta",
            "kotikunta",
            "asuinkunta",
            "asiakkaankotikunta",
            "kuntakoodi",
            "kuntanumero",
            "municipality",
            "homemunicipality",
            "municipalitycode",
            "kommun",
            "hemkommun",
            "kommunkod",
            "kommunnummer",
        ],
    ),
    (
        Field::SupportPoint,
        &[
            "tukipiste",
            "digitukipiste",
            "toimipiste",
            "toimipaikka",
            "tuenpaikka",
            "paikka",
            "piste",
            "supportpoint",
            "location",
            "stödpunkt",
            "plats",
            "verksamhetsställe",
            "konttori",
            "toimisto",
            "opetuspaikka",
            "kohtaamispaikka",
            "kurssipaikka",
            "branch",
            "office",
        ],
    ),
    (
        Field::ProviderType,
        &[
            "tuenantaja",
            "antaja",
            "toimija",
            "toimijatyyppi",
            "järjestäjä",
            "organisaatio",
            "organisaatiotyyppi",
            "tuenantajatyyppi",
            "provider",
            "providertype",
            "organisation",
            "organization",
            "anordnare",
            "aktör",
            "aktörstyp",
            "järjestö",
            "palveluntuottaja",
            "palveluntarjoaja",
            "tuottaja",
            "organisationstyp",
            "organisationtype",
        ],
    ),
    (
        Field::Channel,
        &[
            "kanava",
            "tukikanava",
            "tukimuoto",
            "asiointitapa",
            "tuentapa",
            "tapa",
            "muoto",
            "opetusmuoto",
            "toteutus",
            "toteutustapa",
            "käyntitapa",
            "palvelukanava",
            "channel",
            "mode",
            "supporttype",
            "typeofsupport",
            "format",
            "kanal",
            "stödform",
            "stödtyp",
        ],
    ),
    (
        Field::Topic,
        &[
            "aihe",
            "aiheet",
            "aihealue",
            "tuenaihe",
            "asia",
            "asiat",
            "mihinapua",
            "topic",
            "topics",
            "subject",
            "ämne",
            "ärende",
            "ärenden",
            "asiointiaihe",
            "tarve",
            "mitäopastettiin",
            "mitätehtiin",
            "mihinopastettiin",
            "opastuksenaihe",
            "kurssinaihe",
        ],
    ),
    (
        Field::AgeGroup,
        &[
            "ikä",
            "ikäryhmä",
            "ikäluokka",
            "asiakkaanikä",
            "syntymävuosi",
            "age",
            "agegroup",
            "ageband",
            "birthyear",
            "yearofbirth",
            "ålder",
            "åldersgrupp",
            "födelseår",
        ],
    ),
    (
        Field::DurationMin,
        &[
            "kesto",
            "kestomin",
            "kestominuutteina",
            "tuenkesto",
            "käytettyaika",
            "aikamin",
            "duration",
            "durationmin",
            "minutes",
            "minuutit",
            "längd",
            "varaktighet",
            "tidmin",
            "tidåtgång",
        ],
    ),
    (
        Field::Clients,
        &[
            "asiakkaat",
            "asiakkaita",
            "asiakasmäärä",
            "asiakasmaara",
            "henkilöt",
            "henkilömäärä",
            "osallistujat",
            "osallistujia",
            "osallistujamäärä",
            "lkm",
            "clients",
            "persons",
            "participants",
            "people",
            "klienter",
            "kunder",
            "deltagare",
            "antal",
            "antalpersoner",
            "henkilöitä",
            "henkilöä",
            "hlö",
            "hlöä",
            "hlöt",
        ],
    ),
    (
        Field::ClientId,
        &[
            "asiakastunnus",
            "asiakaskoodi",
            "asiakasnumero",
            "asiakasid",
            "tunniste",
            "pseudonyymi",
            "clientid",
            "clientcode",
            "customerid",
            "klientkod",
            "kundnummer",
            "klientid",
            "asiakasnro",
            "asiakasno",
            "kävijänumero",
            "kävijätunnus",
            "clientnumber",
            "clientno",
            "klientnummer",
        ],
    ),
    (
        Field::Year,
        &[
            "vuosi",
            "year",
            "år",
            "vastausvuosi",
            "raportointivuosi",
            "tilastovuosi",
            "vuosi jota vastaus koskee",
            "reporting year",
            "rapporteringsår",
        ],
    ),
    (
        Field::InReport,
        &[
            "hyvinvointikertomukseen",
            "hyvinvointikertomuksessa",
            "hyvinvointikertomus",
            "kertomuksessa",
            "inreport",
            "welfarereport",
            "wellbeingreport",
            "välfärdsberättelse",
            "välfärdsberättelsen",
            "iberättelsen",
        ],
    ),
    (
        Field::InPlan,
        &[
            "hyvinvointisuunnitelmaan",
            "hyvinvointisuunnitelmassa",
            "hyvinvointisuunnitelma",
            "suunnitelmassa",
            "inplan",
            "wellbeingplan",
            "welfareplan",
            "välfärdsplan",
            "välfärdsplanen",
            "iplanen",
        ],
    ),
    (
        Field::ContactPerson,
        &["yhteyshenkilö", "digitukiyhteyshenkilö", "digituenyhteyshenkilö", "contactperson", "kontaktperson", "vastuuhenkilö"],
    ),
    (
        Field::SupportPoints,
        &[
            "tukipisteitä",
            "tukipisteet",
            "tukipisteidenmäärä",
            "digitukipisteet",
            "digitukipisteitä",
            "supportpoints",
            "numberofsupportpoints",
            "stödpunkter",
            "antalstödpunkter",
        ],
    ),
];

/// The field a header names, if it is one of `allowed`: a synonym exactly; a header that
/// starts with a synonym of five letters or more (`Käyntipäivämäärä`); a header whose last
/// word is a synonym (`Kurssikerran pvm`, `Kohderyhmä (ikä)`, `Kurssin aihe`); or one that
/// ends with a synonym of five letters or more (`Opetuspaikka`).
pub fn recognise(header: &str, allowed: &[Field]) -> Option<Field> {
    let h = fold_compact(header);
    if h.is_empty() {
        return None;
    }
    let candidates = folded_synonyms().iter().filter(|(f, _)| allowed.contains(f));
    for (f, syns) in candidates.clone() {
        if syns.iter().any(|(s, _)| *s == h) {
            return Some(*f);
        }
    }
    for (f, syns) in candidates.clone() {
        if syns.iter().any(|(s, long)| *long && h.starts_with(s.as_str())) {
            return Some(*f);
        }
    }
    let folded = fold(header);
    let last = folded.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty()).map(fold_compact).unwrap_or_default();
    if !last.is_empty() && last != h {
        for (f, syns) in candidates.clone() {
            if syns.iter().any(|(s, _)| *s == last) {
                return Some(*f);
            }
        }
    }
    for (f, syns) in candidates {
        if syns.iter().any(|(s, long)| *long && h.ends_with(s.as_str())) {
            return Some(*f);
        }
    }
    None
}

/// [`SYNONYMS`] folded once (`fold_compact`), each with whether it has at least 5
/// characters (only those match as the start of a longer header). Folding them for every
/// cell of every candidate header row cost seconds on 300 files.
fn folded_synonyms() -> &'static [(Field, Vec<(String, bool)>)] {
    type Folded = Vec<(Field, Vec<(String, bool)>)>;
    static FOLDED: std::sync::OnceLock<Folded> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| {
        SYNONYMS.iter().map(|(f, syns)| (*f, syns.iter().map(|s| (fold_compact(s), s.chars().count() >= 5)).collect())).collect()
    })
}

/// A header found in a sheet: the row index (within `sheet.rows`) and field → column.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub row: usize,
    pub columns: Vec<(Field, usize)>,
    /// The header texts, by column.
    pub names: Vec<String>,
}

impl Header {
    pub fn col(&self, f: Field) -> Option<usize> {
        self.columns.iter().find(|(g, _)| *g == f).map(|(_, c)| *c)
    }
}

/// How many rows from the top are searched for a header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header: among the first rows, the one that names the most fields (at least
/// `min_fields`, and every field of `required`). Explicit `columns` (field → header text,
/// matched exactly after folding, else as a part of the header) take precedence.
pub fn find_header(
    sheet: &Sheet,
    allowed: &[Field],
    explicit: &[(Field, String)],
    required: &[Field],
    min_fields: usize,
) -> Option<Header> {
    let mut best: Option<Header> = None;
    // The rows below a header repeat the same few words: each is recognised once.
    let mut known: std::collections::HashMap<String, Option<Field>> = std::collections::HashMap::new();
    for (i, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let names: Vec<String> = row.iter().map(|c| c.text().map(str::trim).unwrap_or_default().to_string()).collect();
        if names.iter().filter(|n| !n.is_empty()).count() < min_fields.max(1) {
            continue;
        }
        let mut columns: Vec<(Field, usize)> = Vec::new();
        for (f, text) in explicit {
            let want = fold(text);
            let exact = names.iter().position(|n| fold(n) == want);
            let part = || names.iter().position(|n| !want.is_empty() && fold(n).contains(&want));
            if let Some(c) = exact.or_else(part) {
                columns.push((*f, c));
            }
        }
        for (c, n) in names.iter().enumerate() {
            if columns.iter().any(|(_, col)| *col == c) {
                continue;
            }
            let recognised = match known.get(n.as_str()) {
                Some(f) => *f,
                None => *known.entry(n.clone()).or_insert_with(|| recognise(n, allowed)),
            };
            if let Some(f) = recognised {
                if !columns.iter().any(|(g, _)| *g == f) {
                    columns.push((f, c));
                }
            }
        }
        let ok = columns.len() >= min_fields && required.iter().all(|r| columns.iter().any(|(f, _)| f == r));
        if ok && best.as_ref().is_none_or(|b| columns.len() > b.columns.len()) {
            best = Some(Header { row: i, columns, names });
        }
    }
    best
}

/// Distinctive parts of long question texts (survey-tool headers such as *Onko digituki
/// kirjattu kunnan hyvinvointikertomukseen?*), compared after [`fold`]: a header that
/// contains a part names the field.
const QUESTION_PARTS: &[(Field, &[&str])] = &[
    (
        Field::Municipality,
        &[
            "kotikunta",
            "asuinkunta",
            "kuntasi",
            "kuntanne",
            "missä kunnassa",
            "vastaajan kunta",
            "kunnan nimi",
            "kunta, jota",
            "hemkommun",
            "vilken kommun",
            "din kommun",
            "kommunens namn",
            "home municipality",
            "your municipality",
            "which municipality",
            "name of the municipality",
        ],
    ),
    (
        Field::AgeGroup,
        &["ikäsi", "ikäryhm", "ikäluok", "syntymävuo", "ålder", "födelseår", "your age", "age group", "how old", "year of birth"],
    ),
    (
        Field::InReport,
        &["hyvinvointikertomu", "hyte-kertomu", "välfärdsberättelse", "wellbeing report", "well-being report", "welfare report"],
    ),
    (Field::InPlan, &["hyvinvointisuunnitelm", "välfärdsplan", "wellbeing plan", "well-being plan", "welfare plan"]),
    (Field::ContactPerson, &["yhteyshenkilö", "vastuuhenkilö", "kontaktperson", "ansvarsperson", "contact person"]),
    (Field::SupportPoints, &["tukipist", "stödpunkt", "support point", "support location"]),
];

/// What a header names, as a column name or as a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognised {
    Field(Field),
    /// The text names several fields (*…hyvinvointikertomukseen ja -suunnitelmaan…*): not
    /// used; the pipeline must say which.
    Ambiguous(Vec<Field>),
    None,
}

/// Like [`recognise`], then by the distinctive parts of question texts.
pub fn recognise_question(header: &str, allowed: &[Field]) -> Recognised {
    let h = fold(header);
    let found: Vec<Field> =
        QUESTION_PARTS.iter().filter(|(f, parts)| allowed.contains(f) && parts.iter().any(|p| h.contains(p))).map(|(f, _)| *f).collect();
    // A question that names two fields is ambiguous even when its last word names one.
    if found.len() < 2 {
        if let Some(f) = recognise(header, allowed) {
            return Recognised::Field(f);
        }
    }
    match found.as_slice() {
        [] => Recognised::None,
        [f] => Recognised::Field(*f),
        _ => Recognised::Ambiguous(found),
    }
}

/// The column a pipeline's header text names: the header equal to it after folding, else
/// the first header that contains it.
pub fn find_named(names: &[String], text: &str, taken: &[usize]) -> Option<usize> {
    let want = fold(text);
    if want.is_empty() {
        return None;
    }
    let free = |c: &usize| !taken.contains(c);
    let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
    (0..names.len())
        .filter(free)
        .find(|&c| folded[c] == want)
        .or_else(|| (0..names.len()).filter(free).find(|&c| folded[c].contains(&want)))
}

/// The header texts of a row (text cells trimmed; other cells as displayed).
pub fn row_names(row: &[Cell]) -> Vec<String> {
    row.iter()
        .map(|c| match c {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Empty => String::new(),
            other => other.display(),
        })
        .collect()
}

/// Text cells that mark a total row.
pub fn is_total_row(row: &[Cell]) -> bool {
    is_total_cells(row.iter())
}

/// Whether any of these cells marks a total row (*Yhteensä*, *Summa*, *Totalt*, *Total*).
pub fn is_total_cells<'a>(cells: impl Iterator<Item = &'a Cell>) -> bool {
    cells.filter_map(Cell::text).any(|t| {
        // Every total word starts with one of these triples of ASCII letters (any case): most
        // cells need no folding, which matters at a million rows.
        let t = t.trim_start();
        let mut bytes = t.bytes().map(|b| b.to_ascii_lowercase());
        let head = [bytes.next().unwrap_or(0), bytes.next().unwrap_or(0), bytes.next().unwrap_or(0)];
        if !matches!(&head, b"yht" | b"sum" | b"tot" | b"kai" | b"gra") {
            return false;
        }
        let f = fold(t);
        let f = f.trim_end_matches([':', '.']);
        ["yhteensä", "yht", "summa", "totalt", "total", "sum", "kaikki yhteensä", "grand total", "summa yhteensä", "totalsumma"]
            .contains(&f)
            || f.starts_with("yhteensä ")
            || f.starts_with("totalt ")
            || f.starts_with("total ")
    })
}

/// Rows above a header: blank or title rows (and the blank rows above the used range).
pub fn skip_above(sheet: &Sheet, header_row: usize, account: &mut digihyte_core::InputAccount) {
    for _ in 1..sheet.first_row {
        account.skip(digihyte_core::SkipKind::Blank);
    }
    for row in sheet.rows.iter().take(header_row) {
        account.skip(if row.iter().all(Cell::is_empty) { digihyte_core::SkipKind::Blank } else { digihyte_core::SkipKind::Title });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use digihyte_core::SourceKind;

    #[test]
    fn header_variants() {
        let a = Field::for_kind(SourceKind::Activity);
        assert_eq!(recognise("Käyntipäivä", a), Some(Field::Date));
        assert_eq!(recognise("PVM", a), Some(Field::Date));
        assert_eq!(recognise("Asiakkaan kotikunta", a), Some(Field::Municipality));
        assert_eq!(recognise("Kesto (min)", a), Some(Field::DurationMin));
        assert_eq!(recognise("Ålder", a), Some(Field::AgeGroup));
        assert_eq!(recognise("Client ID", a), Some(Field::ClientId));
        assert_eq!(recognise("Lisätiedot", a), None);
    }

    #[test]
    fn question_texts() {
        let a = Field::for_kind(SourceKind::ActorSurvey);
        assert_eq!(recognise_question("Onko digituki kirjattu kunnan hyvinvointikertomukseen?", a), Recognised::Field(Field::InReport));
        assert_eq!(recognise_question("Är digitalt stöd inskrivet i välfärdsplanen?", a), Recognised::Field(Field::InPlan));
        assert_eq!(
            recognise_question("Has the municipality named a digital support contact person?", a),
            Recognised::Field(Field::ContactPerson)
        );
        assert_eq!(recognise_question("Montako digitukipistettä kunnassa on?", a), Recognised::Field(Field::SupportPoints));
        assert_eq!(
            recognise_question("Onko digituki hyvinvointikertomuksessa ja hyvinvointisuunnitelmassa?", a),
            Recognised::Ambiguous(vec![Field::InReport, Field::InPlan])
        );
        assert_eq!(recognise_question("Kunta", a), Recognised::Field(Field::Municipality));
        assert_eq!(recognise_question("Vastaajan nimi", a), Recognised::None);
        let f = Field::for_kind(SourceKind::Feedback);
        assert_eq!(recognise_question("Mikä on kotikuntasi?", f), Recognised::Field(Field::Municipality));
        assert_eq!(recognise_question("Ikäsi", f), Recognised::Field(Field::AgeGroup));
        assert_eq!(recognise_question("Start language", f), Recognised::None);
    }

    #[test]
    fn named_columns() {
        let names: Vec<String> = ["Pvm", "Sain apua asiaani", "Sain apua"].iter().map(|s| s.to_string()).collect();
        assert_eq!(find_named(&names, "sain apua", &[]), Some(2));
        assert_eq!(find_named(&names, "apua asia", &[]), Some(1));
        assert_eq!(find_named(&names, "Sain apua", &[2]), Some(1));
        assert_eq!(find_named(&names, "", &[]), None);
    }

    #[test]
    fn total_rows() {
        assert!(is_total_row(&[Cell::Empty, Cell::Text("Yhteensä".into()), Cell::Number(5.0)]));
        assert!(is_total_row(&[Cell::Text("TOTALT:".into())]));
        assert!(!is_total_row(&[Cell::Text("Oulu".into())]));
    }
}
