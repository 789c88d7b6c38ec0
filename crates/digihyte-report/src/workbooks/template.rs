//! Input templates (`digihyte template`): a workbook that a support point or a hyte
//! contact fills in, made so that what they write is read without rejections.
//!
//! Sheets: the data sheet (header row with names that digihyte's ingest recognises,
//! dropdown lists, date and number formats, one example row), an instructions sheet (one
//! column of text, so that it can never look like a header row to the reader) and a hidden
//! sheet holding the lists (hidden sheets are not read as data).

use crate::ReportError;
use chrono::{Datelike, NaiveDate};
use digihyte_core::keys::{AgeGroup, Channel, ProviderType, Topic};
use digihyte_core::Reference;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    Workbook,
};

/// Which input the template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Activity,
    Feedback,
    ActorSurvey,
}

/// How many rows below the header carry the dropdowns and checks.
pub const ROWS: u32 = 10_000;

/// One cell of an example row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// What a column accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Date,
    Text,
    Whole {
        min: i32,
        max: i32,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    /// A dropdown; `strict` refuses other values, otherwise Excel only warns (topics may
    /// list several, ages may be written in years).
    List {
        name: String,
        values: Vec<String>,
        strict: bool,
    },
}

/// One column of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The field key (`date`, `municipality`, …) or feedback item key (`got_help`, …).
    pub key: &'static str,
    pub header: String,
    pub help: String,
    pub input: Input,
    pub width: f64,
}

fn l(lang: &str, fi: &str, sv: &str, en: &str) -> String {
    match lang {
        "sv" => sv,
        "en" => en,
        _ => fi,
    }
    .to_string()
}

/// The dropdown label of a provider type (the same wording as in the reports).
pub fn provider_label(p: ProviderType, lang: &str) -> String {
    let p = if p == ProviderType::Unknown { ProviderType::Other } else { p };
    crate::locale::key_label("provider_type", p.key(), lang)
}

/// The dropdown label of a channel.
pub fn channel_label(c: Channel, lang: &str) -> String {
    let c = if c == Channel::Unknown { Channel::Other } else { c };
    crate::locale::key_label("channel", c.key(), lang)
}

/// The dropdown label of a topic (never with `;` `,` `/` or `|`, which separate topics).
pub fn topic_label(t: Topic, lang: &str) -> String {
    let t = if t == Topic::Unknown { Topic::Other } else { t };
    crate::locale::key_label("topic", t.key(), lang)
}

/// The dropdown label of an age group.
pub fn age_label(a: AgeGroup, lang: &str) -> String {
    crate::locale::key_label("age_group", a.key(), lang)
}

/// Municipality names in the language, in alphabetical order (å, ä, ö after z).
pub fn municipality_names(lang: &str) -> Vec<String> {
    let mut names: Vec<String> =
        Reference::get().municipalities.iter().map(|m| if lang == "sv" { m.name_sv.clone() } else { m.name_fi.clone() }).collect();
    names.sort_by_cached_key(|n| crate::locale::name_key(n));
    names.dedup();
    names
}

fn list(name: &str, values: Vec<String>, strict: bool) -> Input {
    Input::List { name: name.to_string(), values, strict }
}

fn yes_no(lang: &str, unknown: bool) -> Vec<String> {
    let mut v = vec![l(lang, "kyllä", "ja", "yes"), l(lang, "ei", "nej", "no")];
    if unknown {
        v.push(l(lang, "en tiedä", "vet inte", "don't know"));
    }
    v
}

fn likert(lang: &str) -> Vec<String> {
    let mut v: Vec<String> = (1..=5).rev().map(|n| n.to_string()).collect();
    v.push(l(lang, "en osaa sanoa", "kan inte säga", "don't know"));
    v
}

fn col(key: &'static str, header: String, help: String, input: Input, width: f64) -> Column {
    Column { key, header, help, input, width }
}

fn date_col(lang: &str, what: (&str, &str, &str)) -> Column {
    col(
        "date",
        l(lang, "Päivämäärä", "Datum", "Date"),
        l(
            lang,
            &format!("{}, esim. 1.3.2024. Pakollinen.", what.0),
            &format!("{}, t.ex. 1.3.2024. Obligatorisk.", what.1),
            &format!("{}, e.g. 1.3.2024. Required.", what.2),
        ),
        Input::Date,
        12.0,
    )
}

fn municipality_col(lang: &str, header: String, help: String) -> Column {
    col("municipality", header, help, list("municipality", municipality_names(lang), true), 18.0)
}

fn age_col(lang: &str) -> Column {
    col(
        "age_group",
        l(lang, "Ikäryhmä", "Åldersgrupp", "Age group"),
        l(
            lang,
            "Ikäryhmä listasta, tai ikä vuosina (67) tai syntymävuosi (1957).",
            "Åldersgrupp ur listan, eller ålder i år (67) eller födelseår (1957).",
            "Age group from the list, or an age in years (67) or a birth year (1957).",
        ),
        list("age_group", AgeGroup::ALL.iter().map(|a| age_label(*a, lang)).collect(), false),
        12.0,
    )
}

/// The columns of a template, in order.
pub fn columns(kind: TemplateKind, lang: &str) -> Vec<Column> {
    match kind {
        TemplateKind::Activity => vec![
            date_col(lang, ("Tukitapahtuman päivä", "Stödtillfällets datum", "Day of the support event")),
            municipality_col(
                lang,
                l(lang, "Kotikunta", "Hemkommun", "Home municipality"),
                l(
                    lang,
                    "Asiakkaan kotikunta (ei tukipisteen kunta). Valitse listasta. Pakollinen.",
                    "Klientens hemkommun (inte stödpunktens). Välj i listan. Obligatorisk.",
                    "The client's home municipality (not the support point's). Pick it from the list. Required.",
                ),
            ),
            col(
                "support_point",
                l(lang, "Tukipiste", "Stödpunkt", "Support point"),
                l(
                    lang,
                    "Tukipisteen nimi, aina samoin kirjoitettuna.",
                    "Stödpunktens namn, alltid skrivet på samma sätt.",
                    "Name of the support point, always written the same way.",
                ),
                Input::Text,
                20.0,
            ),
            col(
                "provider_type",
                l(lang, "Toimijatyyppi", "Aktörstyp", "Provider type"),
                l(
                    lang,
                    "Kuka tuen antoi. Valitse listasta.",
                    "Vem som gav stödet. Välj i listan.",
                    "Who gave the support. Pick from the list.",
                ),
                list(
                    "provider_type",
                    ProviderType::ALL.iter().filter(|p| **p != ProviderType::Unknown).map(|p| provider_label(*p, lang)).collect(),
                    true,
                ),
                22.0,
            ),
            col(
                "channel",
                l(lang, "Kanava", "Kanal", "Channel"),
                l(
                    lang,
                    "Miten tuki annettiin. Valitse listasta.",
                    "Hur stödet gavs. Välj i listan.",
                    "How the support was given. Pick from the list.",
                ),
                list("channel", Channel::ALL.iter().filter(|c| **c != Channel::Unknown).map(|c| channel_label(*c, lang)).collect(), true),
                18.0,
            ),
            col(
                "topic",
                l(lang, "Aihe", "Ämne", "Topic"),
                l(
                    lang,
                    "Mihin asiakas tarvitsi apua. Valitse listasta; useamman aiheen voi erottaa puolipisteellä (;).",
                    "Vad klienten behövde hjälp med. Välj i listan; flera ämnen skiljs med semikolon (;).",
                    "What the client needed help with. Pick from the list; separate several topics with a semicolon (;).",
                ),
                list("topic", Topic::ALL.iter().filter(|t| **t != Topic::Unknown).map(|t| topic_label(*t, lang)).collect(), false),
                28.0,
            ),
            age_col(lang),
            col(
                "duration_min",
                l(lang, "Kesto (min)", "Tid (min)", "Duration (min)"),
                l(
                    lang,
                    "Tuen kesto minuutteina, esim. 45.",
                    "Stödets längd i minuter, t.ex. 45.",
                    "Length of the support in minutes, e.g. 45.",
                ),
                Input::Decimal { min: 0.0, max: 1440.0 },
                11.0,
            ),
            col(
                "clients",
                l(lang, "Asiakkaita", "Antal personer", "Clients"),
                l(
                    lang,
                    "Montako henkilöä sai tukea; tyhjä = 1. Ryhmässä osallistujien määrä.",
                    "Hur många personer fick stöd; tomt = 1. I en grupp antalet deltagare.",
                    "How many persons were helped; empty = 1. For a group, the number of participants.",
                ),
                Input::Whole { min: 1, max: 100_000 },
                11.0,
            ),
            col(
                "client_id",
                l(lang, "Asiakastunnus", "Klientkod", "Client ID"),
                l(
                    lang,
                    "Vapaaehtoinen asiakaskoodi saman asiakkaan käyntien laskemiseen. Ei nimiä eikä henkilötunnuksia.",
                    "Frivillig klientkod för att räkna samma klients besök. Inga namn eller personbeteckningar.",
                    "Optional client code, to count visits of the same client. No names or personal identity codes.",
                ),
                Input::Text,
                14.0,
            ),
        ],
        TemplateKind::Feedback => {
            let scale = l(
                lang,
                "5 = täysin samaa mieltä … 1 = täysin eri mieltä. 'En osaa sanoa' ei ole vastaus.",
                "5 = helt av samma åsikt … 1 = helt av annan åsikt. 'Kan inte säga' räknas inte som svar.",
                "5 = strongly agree … 1 = strongly disagree. 'Don't know' is not counted as an answer.",
            );
            let item = |key: &'static str, fi: &str, sv: &str, en: &str| {
                col(key, l(lang, fi, sv, en), scale.clone(), list(key, likert(lang), true), 22.0)
            };
            vec![
                date_col(lang, ("Vastauspäivä", "Svarsdatum", "Day of the answer")),
                municipality_col(
                    lang,
                    l(lang, "Kotikunta", "Hemkommun", "Home municipality"),
                    l(
                        lang,
                        "Vastaajan kotikunta. Valitse listasta.",
                        "Svararens hemkommun. Välj i listan.",
                        "The respondent's home municipality. Pick it from the list.",
                    ),
                ),
                age_col(lang),
                item("got_help", "Sain apua asiaani", "Jag fick hjälp med mitt ärende", "I got help with my matter"),
                item(
                    "can_do_myself",
                    "Osaan itse hoitaa asian ensi kerralla",
                    "Jag kan själv sköta ärendet nästa gång",
                    "I can handle it myself next time",
                ),
                item(
                    "confidence_grew",
                    "Luottamukseni digipalveluihin kasvoi",
                    "Mitt självförtroende med digitala tjänster växte",
                    "My confidence with digital services grew",
                ),
                item("cope_better", "Pärjään arjessa paremmin", "Jag klarar vardagen bättre", "I cope better in daily life"),
                col(
                    "would_recommend",
                    l(lang, "Suosittelisin digitukea muille", "Jag skulle rekommendera digistödet", "I would recommend digital support"),
                    l(lang, "kyllä tai ei.", "ja eller nej.", "yes or no."),
                    list("would_recommend", yes_no(lang, false), true),
                    22.0,
                ),
            ]
        }
        TemplateKind::ActorSurvey => {
            let yn = |key: &'static str, header: String, help: String| col(key, header, help, list(key, yes_no(lang, true), true), 26.0);
            vec![
                municipality_col(
                    lang,
                    l(lang, "Kunta", "Kommun", "Municipality"),
                    l(
                        lang,
                        "Kunta, jonka puolesta vastataan. Valitse listasta.",
                        "Kommunen som svaret gäller. Välj i listan.",
                        "The municipality the answer is for. Pick it from the list.",
                    ),
                ),
                col(
                    "year",
                    l(lang, "Vuosi", "År", "Year"),
                    l(
                        lang,
                        "Vuosi, jota vastaus koskee, esim. 2024.",
                        "Året som svaret gäller, t.ex. 2024.",
                        "The year the answer is about, e.g. 2024.",
                    ),
                    Input::Whole { min: 2000, max: 2100 },
                    8.0,
                ),
                yn(
                    "in_report",
                    l(
                        lang,
                        "Hyvinvointikertomuksessa on digituki",
                        "Välfärdsberättelsen tar upp digistöd",
                        "Wellbeing report covers digital support",
                    ),
                    l(
                        lang,
                        "Onko digituki kirjattu kunnan hyvinvointikertomukseen?",
                        "Finns digistöd med i kommunens välfärdsberättelse?",
                        "Is digital support written into the municipality's wellbeing report?",
                    ),
                ),
                yn(
                    "in_plan",
                    l(
                        lang,
                        "Hyvinvointisuunnitelmassa on digituki",
                        "Välfärdsplanen tar upp digistöd",
                        "Wellbeing plan covers digital support",
                    ),
                    l(
                        lang,
                        "Onko digituki kirjattu hyvinvointisuunnitelmaan?",
                        "Finns digistöd med i välfärdsplanen?",
                        "Is digital support written into the wellbeing plan?",
                    ),
                ),
                yn(
                    "contact_person",
                    l(
                        lang,
                        "Yhteyshenkilö digituelle nimetty",
                        "Kontaktperson för digistöd utsedd",
                        "Contact person for digital support named",
                    ),
                    l(
                        lang,
                        "Onko kunnassa nimetty digituen yhteyshenkilö?",
                        "Har kommunen en utsedd kontaktperson för digistöd?",
                        "Has the municipality named a contact person for digital support?",
                    ),
                ),
                col(
                    "support_points",
                    l(lang, "Tukipisteitä (lkm)", "Stödpunkter (antal)", "Support points (number)"),
                    l(
                        lang,
                        "Montako digitukipistettä kunnassa on.",
                        "Hur många stödpunkter för digistöd kommunen har.",
                        "How many digital support points the municipality has.",
                    ),
                    Input::Whole { min: 0, max: 1000 },
                    12.0,
                ),
            ]
        }
    }
}

/// The example row written under the header (dated `date`).
pub fn example_row(kind: TemplateKind, lang: &str, date: NaiveDate) -> Vec<Value> {
    let text = |s: String| Value::Text(s);
    let oulu = || text(l(lang, "Oulu", "Uleåborg", "Oulu"));
    match kind {
        TemplateKind::Activity => vec![
            Value::Date(date),
            oulu(),
            text(l(lang, "Pääkirjasto", "Huvudbiblioteket", "Main library")),
            text(provider_label(ProviderType::Library, lang)),
            text(channel_label(Channel::InPerson, lang)),
            text(topic_label(Topic::EIdentification, lang)),
            text(age_label(AgeGroup::Age65To74, lang)),
            Value::Number(30.0),
            Value::Number(1.0),
            text("A-001".into()),
        ],
        TemplateKind::Feedback => vec![
            Value::Date(date),
            oulu(),
            text(age_label(AgeGroup::Age75Plus, lang)),
            Value::Number(5.0),
            Value::Number(4.0),
            Value::Number(4.0),
            Value::Number(3.0),
            text(yes_no(lang, false)[0].clone()),
        ],
        TemplateKind::ActorSurvey => vec![
            oulu(),
            Value::Number(f64::from(date.year())),
            text(yes_no(lang, true)[0].clone()),
            text(yes_no(lang, true)[1].clone()),
            text(yes_no(lang, true)[0].clone()),
            Value::Number(12.0),
        ],
    }
}

fn names(kind: TemplateKind, lang: &str) -> (String, String, String, String) {
    let (data, title) = match kind {
        TemplateKind::Activity => {
            (l(lang, "Tapahtumat", "Händelser", "Events"), l(lang, "Digituen tapahtumaloki", "Logg över digistödet", "Digital support log"))
        }
        TemplateKind::Feedback => (
            l(lang, "Palaute", "Respons", "Feedback"),
            l(lang, "Digituen asiakaspalaute", "Klientrespons om digistödet", "Client feedback on digital support"),
        ),
        TemplateKind::ActorSurvey => (
            l(lang, "Kuntakysely", "Kommunenkät", "Municipal survey"),
            l(
                lang,
                "Digituki kunnan hyvinvointityössä",
                "Digistöd i kommunens välfärdsarbete",
                "Digital support in the municipality's wellbeing work",
            ),
        ),
    };
    (data, l(lang, "Ohjeet", "Anvisningar", "Instructions"), l(lang, "Listat", "Listor", "Lists"), title)
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, ReportError> {
    Ok(ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?)
}

/// The first `max` UTF-16 units of `s` (Excel's limits on validation texts).
fn clip(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        n += c.len_utf16();
        if n > max {
            break;
        }
        out.push(c);
    }
    out
}

/// The instruction lines (one cell each, column A).
fn instructions(kind: TemplateKind, lang: &str, cols: &[Column], data_sheet: &str) -> Vec<(String, bool)> {
    let (_, _, _, title) = names(kind, lang);
    let mut v: Vec<(String, bool)> = vec![(title, true), (String::new(), false)];
    let one_row = match kind {
        TemplateKind::Activity => l(lang, "Yksi rivi = yksi tukitapahtuma.", "En rad = ett stödtillfälle.", "One row = one support event."),
        TemplateKind::Feedback => {
            l(lang, "Yksi rivi = yhden vastaajan vastaukset.", "En rad = en svarares svar.", "One row = the answers of one respondent.")
        }
        TemplateKind::ActorSurvey => {
            l(lang, "Yksi rivi = yksi kunta ja vuosi.", "En rad = en kommun och ett år.", "One row = one municipality and year.")
        }
    };
    v.push((
        format!(
            "{one_row} {}",
            l(
                lang,
                &format!("Täytä välilehti \"{data_sheet}\" riviltä 2 alkaen. Rivi 2 on esimerkki: kirjoita sen päälle tai poista se."),
                &format!("Fyll i fliken \"{data_sheet}\" från rad 2. Rad 2 är ett exempel: skriv över den eller ta bort den."),
                &format!("Fill in the sheet \"{data_sheet}\" from row 2. Row 2 is an example: overwrite it or delete it."),
            )
        ),
        false,
    ));
    v.push((
        l(
            lang,
            "Älä muuta otsikkorivin nimiä äläkä lisää rivejä otsikon yläpuolelle. Sarakkeita voi jättää tyhjiksi, paitsi pakolliset.",
            "Ändra inte rubrikraden och lägg inte till rader ovanför den. Kolumner får lämnas tomma, utom de obligatoriska.",
            "Do not change the header row or add rows above it. Columns may be left empty, except the required ones.",
        ),
        false,
    ));
    v.push((
        l(
            lang,
            "Valikot (pudotusvalikot) näyttävät sallitut arvot; digihyte tunnistaa ne suomeksi, ruotsiksi ja englanniksi.",
            "Rullgardinslistorna visar tillåtna värden; digihyte känner igen dem på finska, svenska och engelska.",
            "The dropdown lists show the allowed values; digihyte recognises them in Finnish, Swedish and English.",
        ),
        false,
    ));
    v.push((String::new(), false));
    v.push((l(lang, "Sarakkeet", "Kolumner", "Columns"), true));
    for c in cols {
        v.push((format!("{}: {}", c.header, c.help), false));
    }
    v.push((String::new(), false));
    v.push((
        l(
            lang,
            "Tallenna .xlsx-muodossa. Tiedosto ei saa sisältää nimiä, puhelinnumeroita eikä henkilötunnuksia.",
            "Spara i .xlsx-format. Filen får inte innehålla namn, telefonnummer eller personbeteckningar.",
            "Save as .xlsx. The file must not contain names, phone numbers or personal identity codes.",
        ),
        false,
    ));
    let section = match kind {
        TemplateKind::Activity => "[[activity]]",
        TemplateKind::Feedback => "[[feedback]]",
        TemplateKind::ActorSurvey => "[[actor_survey]]",
    };
    v.push((
        l(
            lang,
            &format!("Analyytikolle: putkitiedostossa {section} files = [\"…/*.xlsx\"]; digihyte check näyttää, miten rivit luetaan."),
            &format!("För analytikern: i pipelinefilen {section} files = [\"…/*.xlsx\"]; digihyte check visar hur raderna läses."),
            &format!("For the analyst: in the pipeline file {section} files = [\"…/*.xlsx\"]; digihyte check shows how the rows are read."),
        ),
        false,
    ));
    v
}

/// Writes the template workbook with `rows` under the header (usually the one example
/// row). `created` is the workbook's creation date.
pub fn render(kind: TemplateKind, lang: &str, rows: &[Vec<Value>], created: NaiveDate) -> Result<Vec<u8>, ReportError> {
    let cols = columns(kind, lang);
    let (data_name, help_name, lists_name, title) = names(kind, lang);
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&excel_date(created)?).set_title(&title).set_author("digihyte"));

    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("D9E2F3")
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let date_fmt = Format::new().set_num_format(if lang == "fi" { "d.m.yyyy" } else { "yyyy-mm-dd" });
    let text_fmt = Format::new().set_num_format("@");
    let whole_fmt = Format::new().set_num_format("0");
    let decimal_fmt = Format::new().set_num_format("0.##");

    // The lists first (their sheet is created last, but validations refer to it by name).
    let mut list_cols: Vec<(String, Vec<String>)> = Vec::new();
    {
        let ws = wb.add_worksheet().set_name(&data_name)?;
        ws.set_active(true);
        for (c, column) in cols.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, &column.header, &header)?;
            ws.set_column_width(c, column.width)?;
            let fmt = match &column.input {
                Input::Date => &date_fmt,
                Input::Whole { .. } => &whole_fmt,
                Input::Decimal { .. } => &decimal_fmt,
                Input::Text | Input::List { .. } => &text_fmt,
            };
            ws.set_column_format(c, fmt)?;
            let (dv, warn_only) = match &column.input {
                Input::Date => (
                    DataValidation::new().allow_date(DataValidationRule::Between(
                        ExcelDateTime::from_ymd(2000, 1, 1)?,
                        ExcelDateTime::from_ymd(2100, 12, 31)?,
                    )),
                    false,
                ),
                Input::Whole { min, max } => (DataValidation::new().allow_whole_number(DataValidationRule::Between(*min, *max)), false),
                Input::Decimal { min, max } => (DataValidation::new().allow_decimal_number(DataValidationRule::Between(*min, *max)), false),
                Input::Text => (DataValidation::new().allow_any_value(), false),
                Input::List { name, values, strict } => {
                    let lc = list_cols.len();
                    list_cols.push((name.clone(), values.clone()));
                    let letter = rust_xlsxwriter::utility::column_number_to_name(lc as u16);
                    let range = format!("='{lists_name}'!${letter}$2:${letter}${}", values.len() + 1);
                    (DataValidation::new().allow_list_formula(Formula::new(range)), !strict)
                }
            };
            let mut dv = dv.set_input_title(clip(&column.header, 32))?.set_input_message(clip(&column.help, 255))?;
            if !matches!(column.input, Input::Text) {
                dv = dv.set_error_title(clip(&column.header, 32))?.set_error_message(clip(&column.help, 255))?;
                if warn_only {
                    dv = dv.set_error_style(DataValidationErrorStyle::Warning);
                }
            }
            ws.add_data_validation(1, c, ROWS, c, &dv)?;
        }
        ws.set_row_height(0, 45)?;
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate().take(cols.len()) {
                let c = c as u16;
                match v {
                    Value::Empty => {}
                    Value::Text(s) => {
                        ws.write_string_with_format(r, c, s, &text_fmt)?;
                    }
                    Value::Number(n) => {
                        ws.write_number_with_format(r, c, *n, if n.fract() == 0.0 { &whole_fmt } else { &decimal_fmt })?;
                    }
                    Value::Date(d) => {
                        ws.write_datetime_with_format(r, c, excel_date(*d)?, &date_fmt)?;
                    }
                }
            }
        }
    }
    {
        let ws = wb.add_worksheet().set_name(&help_name)?;
        ws.set_column_width(0, 110)?;
        let bold = Format::new().set_bold().set_font_size(12);
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        for (r, (line, is_heading)) in instructions(kind, lang, &cols, &data_name).iter().enumerate() {
            if !line.is_empty() {
                ws.write_string_with_format(r as u32, 0, line, if *is_heading { &bold } else { &wrap })?;
            }
        }
    }
    {
        let ws = wb.add_worksheet().set_name(&lists_name)?;
        for (c, (name, values)) in list_cols.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, name, &header)?;
            ws.set_column_width(c, 28)?;
            for (r, v) in values.iter().enumerate() {
                let r = r as u32 + 1;
                // Likert answers are numbers, so that picking "5" writes the number 5.
                match v.parse::<u8>() {
                    Ok(n) => ws.write_number(r, c, n)?,
                    Err(_) => ws.write_string(r, c, v)?,
                };
            }
        }
        ws.set_hidden(true);
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use digihyte_core::keys::{
        classify_channel, classify_provider, classify_topic, parse_age, parse_likert, parse_yes_no, split_topics, AgeParse, AnswerParse,
        Classified,
    };
    use digihyte_core::MunicipalityMatch;

    const KINDS: [TemplateKind; 3] = [TemplateKind::Activity, TemplateKind::Feedback, TemplateKind::ActorSurvey];

    #[test]
    fn every_dropdown_value_is_classified_as_the_key_it_stands_for() {
        for lang in ["fi", "sv", "en"] {
            for p in ProviderType::ALL.iter().filter(|p| **p != ProviderType::Unknown) {
                assert_eq!(classify_provider(&provider_label(*p, lang)), Classified::Known(*p), "{lang} {p:?}");
            }
            for c in Channel::ALL.iter().filter(|c| **c != Channel::Unknown) {
                assert_eq!(classify_channel(&channel_label(*c, lang)), Classified::Known(*c), "{lang} {c:?}");
            }
            for t in Topic::ALL.iter().filter(|t| **t != Topic::Unknown) {
                let label = topic_label(*t, lang);
                assert_eq!(split_topics(&label).count(), 1, "{label} would be split");
                assert_eq!(classify_topic(&label), Classified::Known(*t), "{lang} {t:?}");
            }
            for a in AgeGroup::ALL {
                assert_eq!(parse_age(&age_label(*a, lang), 2024), AgeParse::Band(*a), "{lang} {a:?}");
            }
            let scale = likert(lang);
            for (v, n) in scale.iter().zip((1..=5).rev()) {
                assert_eq!(parse_likert(v), AnswerParse::Value(n), "{lang} {v}");
            }
            assert_eq!(parse_likert(&scale[5]), AnswerParse::NoAnswer, "{lang}");
            let yn = yes_no(lang, true);
            assert_eq!(parse_yes_no(&yn[0]), AnswerParse::Value(true), "{lang}");
            assert_eq!(parse_yes_no(&yn[1]), AnswerParse::Value(false), "{lang}");
            assert_eq!(parse_yes_no(&yn[2]), AnswerParse::NoAnswer, "{lang}");
            let r = Reference::get();
            let names = municipality_names(lang);
            assert_eq!(names.len(), 308, "{lang}");
            for n in &names {
                assert!(matches!(r.match_municipality(n), MunicipalityMatch::Found(_)), "{lang} {n}");
            }
        }
    }

    #[test]
    fn municipalities_sort_with_the_nordic_letters_last() {
        let names = municipality_names("fi");
        assert_eq!(names.first().map(String::as_str), Some("Akaa"));
        let last: Vec<&str> = names.iter().rev().take(3).map(String::as_str).collect();
        assert_eq!(last, ["Äänekoski", "Ähtäri", "Ypäjä"]);
    }

    #[test]
    fn every_template_renders_with_one_value_per_column_in_every_language() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        for kind in KINDS {
            for lang in ["fi", "sv", "en"] {
                let cols = columns(kind, lang);
                assert_eq!(example_row(kind, lang, d).len(), cols.len());
                for c in &cols {
                    assert!(c.header.encode_utf16().count() <= 255 && !c.help.is_empty());
                }
                let bytes = render(kind, lang, &[example_row(kind, lang, d)], d).unwrap();
                assert!(bytes.starts_with(b"PK"));
            }
        }
    }
}
