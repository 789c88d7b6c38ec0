//! The plain-language summary of a municipality or of the area, written from the published
//! figures in the report language: what the workbooks' first sheet and the documents say.
//!
//! It is made in two steps so that every sentence can be tested for every case: [`facts`]
//! picks what the published tables say (a value, a small count, a hidden cell, or nothing),
//! and [`sentences`] writes them. Each sentence is written for each language by hand, so
//! that it stays grammatical: Finnish sentences never inflect a place name (they say
//! *kunnassa* / *alueella*), numbers take the singular after 1, and every case the tables
//! can be in (no events, a small count, a withheld cell, no previous year, no indicators,
//! no survey) has its own true sentence.

use crate::locale::{format_number, format_percent, key_label};
use crate::ReportInput;
use digihyte_core::vocabulary::Dimension;
use digihyte_publish::{Cell, MixKey, Reach};

/// A count as the tables publish it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Count {
    Value(u64),
    /// `<min`.
    Small,
    /// Withheld (secondary suppression, or under a small total).
    Withheld,
}

impl From<&Cell<u64>> for Count {
    fn from(c: &Cell<u64>) -> Count {
        match c {
            Cell::Value(v) => Count::Value(*v),
            Cell::Small => Count::Small,
            _ => Count::Withheld,
        }
    }
}

/// A breakdown (topics, channels) of the report year.
#[derive(Debug, Clone, PartialEq)]
pub enum Breakdown {
    /// No events: nothing to break down.
    Nothing,
    /// Not published (a small or withheld total).
    Withheld,
    /// The published shares of the known keys, largest first (other and unknown left out).
    Shares(Vec<(String, f64)>),
}

/// What the client survey says.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackFacts {
    /// No survey rows for the area and year.
    None,
    /// Fewer than `min` respondents.
    Small,
    /// The number of respondents is withheld.
    Withheld,
    /// `n` respondents; the share who got help (4–5) and who would recommend (yes), where
    /// published.
    Values { n: u64, got_help: Option<f64>, recommend: Option<f64> },
}

/// What the need–reach comparison says.
#[derive(Debug, Clone, PartialEq)]
pub enum NeedFacts {
    /// The pipeline has no need indicators (or no indicator files).
    NoIndicators,
    /// A municipality outside the quadrants: its reach is not published or it has no need
    /// index.
    NotPlaced,
    /// A municipality's quadrant key (`high_need_low_reach` …).
    Quadrant(String),
    /// The area: the municipalities with high need and low reach, and Spearman's rho with
    /// its n (when computed).
    Area { high_need_low_reach: Vec<String>, placed: usize, rho: Option<(f64, u64)> },
}

/// What the actor survey says.
#[derive(Debug, Clone, PartialEq)]
pub enum ActorFacts {
    /// No answer in the data.
    None,
    /// A municipality's answers (`None` = not known).
    Municipality { in_report: Option<bool>, in_plan: Option<bool> },
    /// The area: of `answered` municipalities, how many said yes to each.
    Area { answered: usize, in_report: usize, in_plan: usize },
}

/// Everything the summary says, as the published tables have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// `fi`, `sv`, `en`.
    pub lang: String,
    pub year: i32,
    /// The whole area (`true`) or one municipality.
    pub is_area: bool,
    /// The municipality's name, or the area's.
    pub name: String,
    /// The area's name (the comparison of a municipality).
    pub area_name: String,
    pub min: u32,
    /// Whether the report year has a row at all.
    pub has_row: bool,
    pub events: Count,
    pub clients: Count,
    pub rate: Option<f64>,
    /// The area's rate, beside a municipality's.
    pub area_rate: Option<f64>,
    /// The area: the municipalities with the lowest and the highest published rate.
    pub rate_range: Option<((String, f64), (String, f64))>,
    /// The previous year's clients: `None` when the previous year is outside the report.
    pub previous: Option<Count>,
    pub topics: Breakdown,
    pub channels: Breakdown,
    /// Shares of events of clients aged 65+ and 75+ (both published), and of unknown age.
    pub ages: Option<(f64, f64, f64)>,
    pub feedback: FeedbackFacts,
    pub need: NeedFacts,
    pub actor: ActorFacts,
}

fn reach_row<'i>(input: &ReportInput<'i>, code: Option<&str>, year: i32) -> Option<&'i Reach> {
    crate::reach_rows(input, code).into_iter().find(|p| p.year == year)
}

fn breakdown(input: &ReportInput, code: &str, year: i32, dim: Dimension, events: Count) -> Breakdown {
    if events == Count::Value(0) {
        return Breakdown::Nothing;
    }
    let lang = input.meta.language.as_str();
    let mut shares = Vec::new();
    let mut any_published = false;
    for key in MixKey::all(dim) {
        let Some(m) = input.lookup.mix(input.published, code, year, key) else { continue };
        if let Cell::Value(s) = m.share {
            any_published = true;
            if s > 0.0 && !matches!(key.key(), "other" | "unknown") {
                shares.push((key_label(dim.key(), key.key(), lang), s));
            }
        }
    }
    if !any_published {
        return Breakdown::Withheld;
    }
    // Largest first; equal shares in the table's order.
    shares.sort_by(|a, b| b.1.total_cmp(&a.1));
    Breakdown::Shares(shares)
}

/// What the published tables say of a municipality (`Some(code)`) or of the area (`None`)
/// in the report year.
pub fn facts(input: &ReportInput, code: Option<&str>) -> Facts {
    let m = &input.meta;
    let year = m.last_year;
    let area_code = crate::workbooks::sheets::area_code(input);
    let own_code = code.map(str::to_string).unwrap_or_else(|| area_code.clone());
    let now = reach_row(input, code, year);
    let area_now = reach_row(input, None, year);
    let events = now.map_or(Count::Value(0), |r| Count::from(&r.events));
    let clients = now.map_or(Count::Value(0), |r| Count::from(&r.clients));
    let previous = (year > m.first_year).then(|| reach_row(input, code, year - 1).map_or(Count::Value(0), |r| Count::from(&r.clients)));
    let rate_range = if code.is_none() {
        let mut rates: Vec<(String, f64)> = input
            .published
            .reach
            .iter()
            .filter(|p| p.year == year && p.id.area_type == "municipality")
            .filter_map(|p| p.clients_per_1000.value().map(|v| (p.area_name.clone(), v)))
            .collect();
        rates.sort_by(|a, b| a.1.total_cmp(&b.1));
        (rates.len() >= 2).then(|| (rates[0].clone(), rates[rates.len() - 1].clone()))
    } else {
        None
    };
    let share = |key: MixKey| input.lookup.mix(input.published, &own_code, year, key).and_then(|x| x.share.value());
    use digihyte_core::AgeGroup;
    let ages =
        match (share(MixKey::Age(AgeGroup::Age65To74)), share(MixKey::Age(AgeGroup::Age75Plus)), share(MixKey::Age(AgeGroup::Unknown))) {
            (Some(a), Some(b), Some(u)) if events != Count::Value(0) => Some((a + b, b, u)),
            _ => None,
        };
    let fb = |item: &str| input.lookup.feedback(input.published, &own_code, year, item);
    let feedback = match (fb("got_help"), fb("would_recommend")) {
        (None, None) => FeedbackFacts::None,
        (a, b) => {
            let n = a.or(b).map(|r| r.n).unwrap_or(Cell::Hidden);
            match n {
                Cell::Value(0) => FeedbackFacts::None,
                Cell::Value(n) => FeedbackFacts::Values {
                    n,
                    got_help: a.and_then(|r| r.share_4_5.value()),
                    recommend: b.and_then(|r| r.share_yes.value()),
                },
                Cell::Small => FeedbackFacts::Small,
                _ => FeedbackFacts::Withheld,
            }
        }
    };
    let need_rows: Vec<_> = input.published.need_reach.iter().filter(|r| r.year == year).collect();
    let need = if input.published.need_indicators.is_empty() || need_rows.iter().all(|r| r.need_index.is_none()) {
        NeedFacts::NoIndicators
    } else if let Some(c) = code {
        match need_rows.iter().find(|r| r.area_code == c).and_then(|r| r.quadrant) {
            Some(q) => NeedFacts::Quadrant(q.to_string()),
            None => NeedFacts::NotPlaced,
        }
    } else {
        let corr = input.published.need_correlation.iter().find(|c| c.year == year);
        NeedFacts::Area {
            high_need_low_reach: need_rows
                .iter()
                .filter(|r| r.quadrant == Some("high_need_low_reach"))
                .map(|r| r.area_name.clone())
                .collect(),
            placed: need_rows.iter().filter(|r| r.quadrant.is_some()).count(),
            rho: corr.and_then(|c| c.spearman.map(|r| (r, c.n))),
        }
    };
    let actor_rows: Vec<_> = input.published.actor_survey.iter().filter(|a| a.year == year).collect();
    let actor = match code {
        Some(c) => match actor_rows.iter().find(|a| a.area_code == c) {
            Some(a) => ActorFacts::Municipality { in_report: a.in_report, in_plan: a.in_plan },
            None => ActorFacts::None,
        },
        None => {
            let answered: Vec<_> = actor_rows.iter().filter(|a| a.in_report.is_some() || a.in_plan.is_some()).collect();
            if answered.is_empty() {
                ActorFacts::None
            } else {
                ActorFacts::Area {
                    answered: answered.len(),
                    in_report: answered.iter().filter(|a| a.in_report == Some(true)).count(),
                    in_plan: answered.iter().filter(|a| a.in_plan == Some(true)).count(),
                }
            }
        }
    };
    Facts {
        lang: m.language.clone(),
        year,
        is_area: code.is_none(),
        name: now.map(|r| r.area_name.clone()).unwrap_or_else(|| m.area_name.clone()),
        area_name: m.area_name.clone(),
        min: m.min_count,
        has_row: now.is_some(),
        events,
        clients,
        rate: now.and_then(|r| r.clients_per_1000.value()),
        area_rate: if code.is_some() { area_now.and_then(|r| r.clients_per_1000.value()) } else { None },
        rate_range,
        previous,
        topics: breakdown(input, &own_code, year, Dimension::Topic, events),
        channels: breakdown(input, &own_code, year, Dimension::Channel, events),
        ages,
        feedback,
        need,
        actor,
    }
}

/// The summary's paragraphs: reach, what the support was about, what clients said, need
/// and reach, and the municipality's plans.
pub fn sentences(f: &Facts) -> Vec<String> {
    let w = Words::of(&f.lang);
    let mut reach = vec![reach_sentence(f, &w)];
    reach.extend(rate_sentence(f, &w));
    reach.extend(change_sentence(f, &w));
    let mut content = Vec::new();
    if f.has_row {
        content.extend(breakdown_sentence(f, &w, &f.topics, true));
        content.extend(breakdown_sentence(f, &w, &f.channels, false));
        content.extend(age_sentence(f, &w));
    }
    let paragraphs = [reach, content, vec![feedback_sentence(f, &w)], vec![need_sentence(f, &w)], vec![actor_sentence(f, &w)]];
    paragraphs.into_iter().filter(|p| !p.is_empty()).map(|p| p.join(" ")).collect()
}

/// The first sheet's headline: the reach, its rate and its change.
pub fn headlines(input: &ReportInput, municipality: Option<&str>) -> Vec<String> {
    let f = facts(input, municipality);
    let w = Words::of(&f.lang);
    let mut out = vec![reach_sentence(&f, &w)];
    out.extend(rate_sentence(&f, &w));
    out.extend(change_sentence(&f, &w));
    out
}

/// The few words a language needs besides whole sentences.
struct Words {
    lang: &'static str,
}

impl Words {
    fn of(lang: &str) -> Words {
        let l = lang.trim().to_ascii_lowercase();
        Words {
            lang: if l.starts_with("fi") {
                "fi"
            } else if l.starts_with("sv") {
                "sv"
            } else {
                "en"
            },
        }
    }
    fn n(&self, v: u64) -> String {
        format_number(v as f64, 0, self.lang)
    }
    /// A number in a sentence: a negative one with the minus sign (U+2212).
    fn x(&self, v: f64, decimals: usize) -> String {
        let s = format_number(v, decimals, self.lang);
        match s.strip_prefix('-') {
            Some(rest) => format!("\u{2212}{rest}"),
            None => s,
        }
    }
    fn pct(&self, share: f64) -> String {
        format_percent(share, 0, self.lang)
    }
    /// `1 asiakas`, `2 asiakasta`; `1 klient`, `2 klienter`; `1 client`, `2 clients`.
    fn count(&self, v: u64, one: [&str; 3], many: [&str; 3]) -> String {
        let i = match self.lang {
            "fi" => 0,
            "sv" => 1,
            _ => 2,
        };
        format!("{} {}", self.n(v), if v == 1 { one[i] } else { many[i] })
    }
    fn pick<'a>(&self, fi: &'a str, sv: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            "fi" => fi,
            "sv" => sv,
            _ => en,
        }
    }
    /// `A`, `A ja B`, `A, B ja C`.
    fn list(&self, items: &[String]) -> String {
        let and = self.pick("ja", "och", "and");
        match items {
            [] => String::new(),
            [a] => a.clone(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        }
    }
}

/// A label inside a sentence: lower case, except a name (Kela, FPA, TE-…).
fn in_sentence(label: &str) -> String {
    let first = label.split([' ', '-']).next().unwrap_or("");
    let is_name = first.len() > 1 && (first.chars().nth(1).is_some_and(char::is_uppercase) || ["Kela", "Suomi.fi"].contains(&first));
    if is_name {
        return label.to_string();
    }
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn reach_sentence(f: &Facts, w: &Words) -> String {
    let y = f.year;
    let name = &f.name;
    if !f.has_row {
        return match w.lang {
            "fi" => format!("Vuodelta {y} ei ole digituen tietoja."),
            "sv" => format!("För år {y} finns inga uppgifter om digistöd i {name}."),
            _ => format!("There are no digital support data for {name} in {y}."),
        };
    }
    let place_fi = if f.is_area { "alueella" } else { "kunnassa" };
    match (f.events, f.clients) {
        (Count::Value(0), _) => match w.lang {
            "fi" => format!("Vuonna {y} {place_fi} ei kirjattu yhtään digitukitapahtumaa."),
            "sv" => format!("År {y} registrerades inga stödtillfällen i {name}."),
            _ => format!("No digital support events were recorded in {name} in {y}."),
        },
        (Count::Value(e), Count::Value(c)) => match w.lang {
            "fi" => format!(
                "Vuonna {y} {place_fi} kirjattiin {} ja {}.",
                w.count(e, ["digitukitapahtuma", "", ""], ["digitukitapahtumaa", "", ""]),
                w.count(c, ["asiakas", "", ""], ["asiakasta", "", ""])
            ),
            "sv" => format!(
                "År {y} registrerades {} med {} i {name}.",
                w.count(e, ["", "stödtillfälle", ""], ["", "stödtillfällen", ""]),
                w.count(c, ["", "klient", ""], ["", "klienter", ""])
            ),
            _ => format!(
                "In {y}, {} with {} {} recorded in {name}.",
                w.count(e, ["", "", "support event"], ["", "", "support events"]),
                w.count(c, ["", "", "client"], ["", "", "clients"]),
                if e == 1 { "was" } else { "were" }
            ),
        },
        (Count::Value(e), clients) => {
            let why = clients_hidden(w, clients, f.min);
            match w.lang {
                "fi" => format!("Vuonna {y} {place_fi} kirjattiin {}; {why}", w.count(e, ["digitukitapahtuma", "", ""], ["digitukitapahtumaa", "", ""])),
                "sv" => format!("År {y} registrerades {} i {name}; {why}", w.count(e, ["", "stödtillfälle", ""], ["", "stödtillfällen", ""])),
                _ => format!("In {y}, {} {} recorded in {name}; {why}", w.count(e, ["", "", "support event"], ["", "", "support events"]), if e == 1 { "was" } else { "were" }),
            }
        }
        (Count::Small, _) | (_, Count::Small) => {
            let min = f.min;
            match w.lang {
                "fi" => format!("Vuonna {y} {place_fi} kirjattiin alle {min} digitukitapahtumaa; tarkkaa määrää ei julkaista tietosuojan vuoksi."),
                "sv" => format!("År {y} registrerades färre än {min} stödtillfällen i {name}; det exakta antalet publiceras inte av dataskyddsskäl."),
                _ => format!("Fewer than {min} digital support events were recorded in {name} in {y}; the exact number is withheld to protect privacy."),
            }
        }
        _ => match w.lang {
            "fi" => format!("Vuoden {y} digitukitapahtumien ja asiakkaiden määriä ei julkaista, jotta muiden kuntien pienet luvut eivät paljastu vähennyslaskulla."),
            "sv" => format!("Antalet stödtillfällen och klienter i {name} år {y} publiceras inte, så att små tal i andra kommuner inte kan räknas fram."),
            _ => format!("The numbers of events and clients in {name} in {y} are withheld so that small numbers elsewhere cannot be worked out by subtraction."),
        },
    }
}

/// Why the clients are not given, as the end of a sentence.
fn clients_hidden(w: &Words, clients: Count, min: u32) -> String {
    match clients {
        Count::Small => match w.lang {
            "fi" => format!("asiakkaita oli alle {min}, joten heidän määräänsä ei julkaista."),
            "sv" => format!("klienterna var färre än {min}, så deras antal publiceras inte."),
            _ => format!("there were fewer than {min} clients, so their number is withheld."),
        },
        _ => w
            .pick(
                "asiakkaiden määrää ei julkaista, jotta pienet luvut eivät paljastu.",
                "antalet klienter publiceras inte, så att små tal inte kan räknas fram.",
                "the number of clients is withheld so that small numbers cannot be worked out.",
            )
            .to_string(),
    }
}

fn rate_sentence(f: &Facts, w: &Words) -> Option<String> {
    if !f.has_row || f.events == Count::Value(0) {
        return None;
    }
    let rate = f.rate?;
    let r = w.x(rate, 1);
    let mut s = match w.lang {
        "fi" => format!("Asiakkaita oli {r} tuhatta asukasta kohden"),
        "sv" => format!("Det är {r} klienter per tusen invånare"),
        _ => format!("That is {r} clients per 1,000 residents"),
    };
    if let Some(a) = f.area_rate {
        let a = w.x(a, 1);
        let area = &f.area_name;
        s.push_str(&match w.lang {
            "fi" => format!(", kun koko alueella ({area}) heitä oli {a}."),
            "sv" => format!(", mot {a} i hela området ({area})."),
            _ => format!(", against {a} in the whole area ({area})."),
        });
    } else if let Some(((lo_name, lo), (hi_name, hi))) = &f.rate_range {
        let (lo, hi) = (w.x(*lo, 1), w.x(*hi, 1));
        s.push_str(&match w.lang {
            "fi" => format!("; kunnittain luku vaihteli {lo} ({lo_name}) – {hi} ({hi_name})."),
            "sv" => format!("; mellan kommunerna varierade talet från {lo} ({lo_name}) till {hi} ({hi_name})."),
            _ => format!("; by municipality it ranged from {lo} ({lo_name}) to {hi} ({hi_name})."),
        });
    } else {
        s.push('.');
    }
    Some(s)
}

fn change_sentence(f: &Facts, w: &Words) -> Option<String> {
    let y = f.year;
    let p = y - 1;
    let Count::Value(now) = f.clients else { return None };
    if !f.has_row {
        return None;
    }
    Some(match f.previous {
        None => w
            .pick(
                "Aineistossa ei ole edellistä vuotta, johon verrata.",
                "Materialet har inget föregående år att jämföra med.",
                "The data have no previous year to compare with.",
            )
            .to_string(),
        Some(Count::Value(0)) if now == 0 => return None,
        Some(Count::Value(0)) => match w.lang {
            "fi" => format!("Vuonna {p} asiakkaita ei ollut."),
            "sv" => format!("År {p} fanns inga klienter."),
            _ => format!("There were no clients in {p}."),
        },
        Some(Count::Value(before)) => {
            let d = now.abs_diff(before);
            let share = w.pct(d as f64 / before as f64);
            if now == before {
                match w.lang {
                    "fi" => format!("Asiakkaita oli yhtä paljon kuin vuonna {p}."),
                    "sv" => format!("Klienterna var lika många som år {p}."),
                    _ => format!("There were as many clients as in {p}."),
                }
            } else {
                let more = now > before;
                match w.lang {
                    "fi" => format!(
                        "Asiakkaita oli {} {} kuin vuonna {p} ({}{share}).",
                        w.n(d),
                        if more { "enemmän" } else { "vähemmän" },
                        if more { "+" } else { "−" }
                    ),
                    "sv" => format!(
                        "Det är {} {} än år {p} ({}{share}).",
                        w.count(d, ["", "klient", ""], ["", "klienter", ""]),
                        if more { "fler" } else { "färre" },
                        if more { "+" } else { "−" }
                    ),
                    _ => format!(
                        "There {} {} {} {} than in {p} ({}{share}).",
                        if d == 1 { "was" } else { "were" },
                        w.n(d),
                        if more { "more" } else { "fewer" },
                        if d == 1 { "client" } else { "clients" },
                        if more { "+" } else { "−" }
                    ),
                }
            }
        }
        Some(_) => match w.lang {
            "fi" => format!("Vuoden {p} asiakasmäärää ei julkaista, joten muutosta ei voi laskea."),
            "sv" => format!("Antalet klienter år {p} publiceras inte, så förändringen kan inte beräknas."),
            _ => format!("The number of clients in {p} is withheld, so the change cannot be given."),
        },
    })
}

fn breakdown_sentence(f: &Facts, w: &Words, b: &Breakdown, topics: bool) -> Option<String> {
    match b {
        Breakdown::Nothing => None,
        Breakdown::Withheld => Some(if topics {
            w.pick(
                "Aiheiden ja kanavien jakaumaa ei julkaista, koska tapahtumia oli vähän tai niiden määrä on piilotettu.",
                "Fördelningen på ämnen och kanaler publiceras inte, eftersom stödtillfällena var få eller deras antal är dolt.",
                "The breakdown by topic and channel is withheld, since the events were few or their number is withheld.",
            )
            .to_string()
        } else {
            return None;
        }),
        Breakdown::Shares(shares) if shares.is_empty() => None,
        Breakdown::Shares(shares) => {
            let items: Vec<String> = shares.iter().take(3).map(|(k, s)| format!("{} ({})", in_sentence(k), w.pct(*s))).collect();
            let list = w.list(&items);
            Some(
                match (topics, items.len(), w.lang) {
                    (true, 1, "fi") => format!("Yleisin tuen aihe oli {list}."),
                    (true, _, "fi") => format!("Yleisimmät tuen aiheet olivat {list}."),
                    (true, 1, "sv") => format!("Det vanligaste ämnet var {list}."),
                    (true, _, "sv") => format!("De vanligaste ämnena var {list}."),
                    (true, 1, _) => format!("The most common topic was {list}."),
                    (true, _, _) => format!("The most common topics were {list}."),
                    (false, _, "fi") => format!("Yleisin tukimuoto oli {}.", items[0]),
                    (false, _, "sv") => format!("Den vanligaste stödformen var {}.", items[0]),
                    (false, _, _) => format!("The most common channel was {}.", items[0]),
                } + if topics && f.topics_sum_above_one() {
                    w.pick(
                        " Tapahtumassa voi olla useita aiheita.",
                        " Ett stödtillfälle kan ha flera ämnen.",
                        " An event can have several topics.",
                    )
                } else {
                    ""
                },
            )
        }
    }
}

impl Facts {
    fn topics_sum_above_one(&self) -> bool {
        matches!(&self.topics, Breakdown::Shares(s) if s.iter().map(|x| x.1).sum::<f64>() > 1.0 + 1e-9)
    }
}

fn age_sentence(f: &Facts, w: &Words) -> Option<String> {
    let (a65, a75, unknown) = f.ages?;
    let (p65, p75) = (w.pct(a65), w.pct(a75));
    let mut s = match w.lang {
        "fi" => format!("Tapahtumista {p65} oli 65 vuotta täyttäneiden ja {p75} 75 vuotta täyttäneiden asiakkaiden."),
        "sv" => format!("Av stödtillfällena gällde {p65} klienter som fyllt 65 år och {p75} klienter som fyllt 75 år."),
        _ => format!("Of the events, {p65} were with clients aged 65 or over and {p75} with clients aged 75 or over."),
    };
    if unknown >= 0.1 {
        let u = w.pct(unknown);
        s.push_str(&match w.lang {
            "fi" => format!(" Iän tieto puuttui {u} tapahtumista."),
            "sv" => format!(" Åldern saknades för {u} av stödtillfällena."),
            _ => format!(" The age was not known for {u} of the events."),
        });
    }
    Some(s)
}

fn feedback_sentence(f: &Facts, w: &Words) -> String {
    let y = f.year;
    match &f.feedback {
        FeedbackFacts::None => match w.lang {
            "fi" => format!("Asiakaspalautetta ei ole vuodelta {y}."),
            "sv" => format!("Det finns ingen klientrespons för år {y}."),
            _ => format!("There is no client feedback for {y}."),
        },
        FeedbackFacts::Small => match w.lang {
            "fi" => format!("Asiakaspalautteeseen vastasi alle {} asiakasta, joten tuloksia ei julkaista.", f.min),
            "sv" => format!("Färre än {} klienter besvarade responsenkäten, så resultaten publiceras inte.", f.min),
            _ => format!("Fewer than {} clients answered the feedback survey, so the results are withheld.", f.min),
        },
        FeedbackFacts::Withheld => w
            .pick(
                "Asiakaspalautteen vastaajamäärää ei julkaista, jotta pienet luvut eivät paljastu.",
                "Antalet svarande på responsenkäten publiceras inte, så att små tal inte kan räknas fram.",
                "The number of feedback respondents is withheld so that small numbers cannot be worked out.",
            )
            .to_string(),
        FeedbackFacts::Values { n, got_help, recommend } => {
            let who = match w.lang {
                "fi" => format!("Asiakaspalautteeseen vastasi {}", w.count(*n, ["asiakas", "", ""], ["asiakasta", "", ""])),
                "sv" => format!("Responsenkäten besvarades av {}", w.count(*n, ["", "klient", ""], ["", "klienter", ""])),
                _ => format!("The feedback survey was answered by {}", w.count(*n, ["", "", "client"], ["", "", "clients"])),
            };
            let mut said = Vec::new();
            if let Some(g) = got_help {
                said.push(match w.lang {
                    "fi" => format!("{} koki saaneensa apua asiaansa (vastaus 4 tai 5)", w.pct(*g)),
                    "sv" => format!("ansåg {} att de fått hjälp med sitt ärende (svar 4 eller 5)", w.pct(*g)),
                    _ => format!("{} felt they got help with their matter (answer 4 or 5)", w.pct(*g)),
                });
            }
            if let Some(r) = recommend {
                said.push(match w.lang {
                    "fi" => format!("{} suosittelisi digitukea muille", w.pct(*r)),
                    // Swedish puts the verb second: "av dem skulle 90 % rekommendera".
                    "sv" if said.is_empty() => format!("skulle {} rekommendera digistöd åt andra", w.pct(*r)),
                    "sv" => format!("{} skulle rekommendera digistöd åt andra", w.pct(*r)),
                    _ => format!("{} would recommend digital support to others", w.pct(*r)),
                });
            }
            if said.is_empty() {
                return format!("{who}.");
            }
            let of_them = w.pick("heistä", "av dem", "of them");
            let said = w.list(&said);
            match w.lang {
                "en" => format!("{who}; {of_them}, {said}."),
                _ => format!("{who}; {of_them} {said}."),
            }
        }
    }
}

fn quadrant_sentence(w: &Words, q: &str) -> String {
    match (q, w.lang) {
        ("high_need_low_reach", "fi") => "Kunta kuuluu nelikenttään suuri tarve, pieni tavoittavuus: hyvinvointi-indikaattorien perusteella digituen tarve on suurempi kuin alueen kunnissa keskimäärin (mediaani), mutta tuki tavoittaa asukkaita mediaania vähemmän. Näissä kunnissa tukea kannattaa vahvistaa ensin.",
        ("high_need_low_reach", "sv") => "Kommunen hör till fältet stort behov, liten räckvidd: enligt välfärdsindikatorerna är behovet av digistöd större än i områdets kommuner i mitten (medianen), men stödet når färre invånare än medianen. I dessa kommuner lönar det sig att stärka stödet först.",
        ("high_need_low_reach", _) => "The municipality is in the quadrant high need, low reach: by the wellbeing indicators its need for digital support is above the area's median municipality, but the support reaches fewer residents than the median. These are the municipalities where support should be strengthened first.",
        ("high_need_high_reach", "fi") => "Kunta kuuluu nelikenttään suuri tarve, suuri tavoittavuus: tarve on mediaania suurempi, ja tuki myös tavoittaa asukkaita mediaania paremmin. Nykyinen tuki kannattaa turvata.",
        ("high_need_high_reach", "sv") => "Kommunen hör till fältet stort behov, stor räckvidd: behovet är större än medianen, och stödet når också fler invånare än medianen. Det nuvarande stödet bör tryggas.",
        ("high_need_high_reach", _) => "The municipality is in the quadrant high need, high reach: its need is above the median, and the support also reaches more residents than the median. The present support is worth securing.",
        ("low_need_low_reach", "fi") => "Kunta kuuluu nelikenttään pieni tarve, pieni tavoittavuus: sekä tarve että tavoittavuus ovat alueen mediaania pienempiä.",
        ("low_need_low_reach", "sv") => "Kommunen hör till fältet litet behov, liten räckvidd: både behovet och räckvidden är mindre än områdets median.",
        ("low_need_low_reach", _) => "The municipality is in the quadrant low need, low reach: both its need and its reach are below the area's median.",
        (_, "fi") => "Kunta kuuluu nelikenttään pieni tarve, suuri tavoittavuus: tarve on alueen mediaania pienempi ja tavoittavuus mediaania suurempi.",
        (_, "sv") => "Kommunen hör till fältet litet behov, stor räckvidd: behovet är mindre och räckvidden större än områdets median.",
        (_, _) => "The municipality is in the quadrant low need, high reach: its need is below the area's median and its reach above it.",
    }
    .to_string()
}

fn need_sentence(f: &Facts, w: &Words) -> String {
    match &f.need {
        NeedFacts::NoIndicators => w.pick("Tarvetta ja tavoittavuutta ei verrata, koska aineistossa ei ole hyvinvointi-indikaattoreita.", "Behov och räckvidd jämförs inte, eftersom materialet saknar välfärdsindikatorer.", "Need and reach are not compared, since the data have no wellbeing indicators.").to_string(),
        NeedFacts::NotPlaced => w.pick("Kuntaa ei sijoiteta tarpeen ja tavoittavuuden nelikenttään, koska sen tavoittavuutta ei julkaista tai sen tarveindeksiä ei voitu laskea.", "Kommunen placeras inte i fyrfältet för behov och räckvidd, eftersom dess räckvidd inte publiceras eller dess behovsindex inte kunde beräknas.", "The municipality is not placed in the need–reach quadrants, since its reach is withheld or its need index could not be computed.").to_string(),
        NeedFacts::Quadrant(q) => quadrant_sentence(w, q),
        NeedFacts::Area { high_need_low_reach, placed, rho } => {
            let k = high_need_low_reach.len();
            let list = w.list(high_need_low_reach);
            let mut s = match (k, w.lang) {
                (0, "fi") => format!("Yksikään {placed} vertaillusta kunnasta ei kuulu nelikenttään suuri tarve, pieni tavoittavuus."),
                (0, "sv") => format!("Ingen av de {placed} jämförda kommunerna hör till fältet stort behov, liten räckvidd."),
                (0, _) => format!("None of the {placed} municipalities compared is in the quadrant high need, low reach."),
                (_, "fi") => format!("Vertailluista {placed} kunnasta {k} kuuluu nelikenttään suuri tarve, pieni tavoittavuus: {list}."),
                (_, "sv") => format!("Av de {placed} jämförda kommunerna hör {k} till fältet stort behov, liten räckvidd: {list}."),
                (1, _) => format!("Of the {placed} municipalities compared, 1 is in the quadrant high need, low reach: {list}."),
                (_, _) => format!("Of the {placed} municipalities compared, {k} are in the quadrant high need, low reach: {list}."),
            };
            if let Some((r, n)) = rho {
                let rv = w.x(*r, 2);
                let meaning = if *r >= 0.3 {
                    w.pick("tuki tavoittaa paremmin kunnat, joissa tarve on suurempi", "stödet når bättre de kommuner där behovet är större", "support reaches the municipalities with more need better")
                } else if *r <= -0.3 {
                    w.pick("tuki tavoittaa heikommin kunnat, joissa tarve on suurempi", "stödet når sämre de kommuner där behovet är större", "support reaches the municipalities with more need less well")
                } else {
                    w.pick("tarpeen ja tavoittavuuden välillä ei ole selvää yhteyttä", "det finns inget tydligt samband mellan behov och räckvidd", "there is no clear link between need and reach")
                };
                s.push_str(&match w.lang {
                    "fi" => format!(" Tarpeen ja tavoittavuuden järjestyskorrelaatio on {rv} ({n} kuntaa): {meaning}."),
                    "sv" => format!(" Rangkorrelationen mellan behov och räckvidd är {rv} ({n} kommuner): {meaning}."),
                    _ => format!(" The rank correlation of need and reach is {rv} ({n} municipalities): {meaning}."),
                });
            }
            s
        }
    }
}

fn actor_sentence(f: &Facts, w: &Words) -> String {
    match &f.actor {
        ActorFacts::None => w.pick("Kuntakyselyn vastausta ei ole.", "Svar på kommunenkäten saknas.", "There is no answer to the municipal survey.").to_string(),
        ActorFacts::Municipality { in_report, in_plan } => match (in_report, in_plan) {
            (Some(true), Some(true)) => w.pick("Kuntakyselyn mukaan digituki on kirjattu sekä hyvinvointikertomukseen että hyvinvointisuunnitelmaan.", "Enligt kommunenkäten är digistöd inskrivet både i välfärdsberättelsen och i välfärdsplanen.", "According to the municipal survey, digital support is written into both the wellbeing report and the wellbeing plan."),
            (Some(true), Some(false)) => w.pick("Kuntakyselyn mukaan digituki on kirjattu hyvinvointikertomukseen mutta ei hyvinvointisuunnitelmaan.", "Enligt kommunenkäten är digistöd inskrivet i välfärdsberättelsen men inte i välfärdsplanen.", "According to the municipal survey, digital support is written into the wellbeing report but not into the wellbeing plan."),
            (Some(false), Some(true)) => w.pick("Kuntakyselyn mukaan digituki on kirjattu hyvinvointisuunnitelmaan mutta ei hyvinvointikertomukseen.", "Enligt kommunenkäten är digistöd inskrivet i välfärdsplanen men inte i välfärdsberättelsen.", "According to the municipal survey, digital support is written into the wellbeing plan but not into the wellbeing report."),
            (Some(false), Some(false)) => w.pick("Kuntakyselyn mukaan digitukea ei ole kirjattu hyvinvointikertomukseen eikä hyvinvointisuunnitelmaan.", "Enligt kommunenkäten är digistöd varken inskrivet i välfärdsberättelsen eller i välfärdsplanen.", "According to the municipal survey, digital support is written into neither the wellbeing report nor the wellbeing plan."),
            (Some(true), None) => w.pick("Kuntakyselyn mukaan digituki on kirjattu hyvinvointikertomukseen; hyvinvointisuunnitelmasta ei vastattu.", "Enligt kommunenkäten är digistöd inskrivet i välfärdsberättelsen; om välfärdsplanen fanns inget svar.", "According to the municipal survey, digital support is written into the wellbeing report; the plan was not answered."),
            (Some(false), None) => w.pick("Kuntakyselyn mukaan digitukea ei ole kirjattu hyvinvointikertomukseen; hyvinvointisuunnitelmasta ei vastattu.", "Enligt kommunenkäten är digistöd inte inskrivet i välfärdsberättelsen; om välfärdsplanen fanns inget svar.", "According to the municipal survey, digital support is not written into the wellbeing report; the plan was not answered."),
            (None, Some(true)) => w.pick("Kuntakyselyn mukaan digituki on kirjattu hyvinvointisuunnitelmaan; hyvinvointikertomuksesta ei vastattu.", "Enligt kommunenkäten är digistöd inskrivet i välfärdsplanen; om välfärdsberättelsen fanns inget svar.", "According to the municipal survey, digital support is written into the wellbeing plan; the report was not answered."),
            (None, Some(false)) => w.pick("Kuntakyselyn mukaan digitukea ei ole kirjattu hyvinvointisuunnitelmaan; hyvinvointikertomuksesta ei vastattu.", "Enligt kommunenkäten är digistöd inte inskrivet i välfärdsplanen; om välfärdsberättelsen fanns inget svar.", "According to the municipal survey, digital support is not written into the wellbeing plan; the report was not answered."),
            (None, None) => w.pick("Kuntakyselyssä ei kerrottu, onko digituki kirjattu hyvinvointikertomukseen tai -suunnitelmaan.", "Kommunenkäten svarade inte på om digistöd är inskrivet i välfärdsberättelsen eller välfärdsplanen.", "The municipal survey did not say whether digital support is in the wellbeing report or plan."),
        }
        .to_string(),
        ActorFacts::Area { answered: 1, in_report, in_plan } => {
            let (r, p) = (*in_report == 1, *in_plan == 1);
            match w.lang {
                "fi" => format!(
                    "Kuntakyselyyn vastasi yksi kunta. Sen mukaan digituki {} kirjattu hyvinvointikertomukseen ja {} kirjattu hyvinvointisuunnitelmaan.",
                    if r { "on" } else { "ei ole" },
                    if p { "on" } else { "ei ole" }
                ),
                "sv" => format!(
                    "En kommun besvarade kommunenkäten. Enligt den {} digistöd inskrivet i välfärdsberättelsen och {} inskrivet i välfärdsplanen.",
                    if r { "är" } else { "är inte" },
                    if p { "är" } else { "är inte" }
                ),
                _ => format!(
                    "One municipality answered the municipal survey: digital support {} written into its wellbeing report and {} written into its wellbeing plan.",
                    if r { "is" } else { "is not" },
                    if p { "is" } else { "is not" }
                ),
            }
        }
        ActorFacts::Area { answered, in_report, in_plan } => match w.lang {
            "fi" => format!("Kuntakyselyyn vastanneista {answered} kunnasta {in_report} on kirjannut digituen hyvinvointikertomukseen ja {in_plan} hyvinvointisuunnitelmaan."),
            "sv" => format!("Av de {answered} kommuner som besvarade kommunenkäten har {in_report} skrivit in digistöd i välfärdsberättelsen och {in_plan} i välfärdsplanen."),
            _ => format!("Of the {answered} municipalities that answered the municipal survey, {in_report} {} digital support into the wellbeing report and {in_plan} into the wellbeing plan.", if *in_report == 1 { "has written" } else { "have written" }),
        },
    }
}

#[cfg(test)]
mod tests;
