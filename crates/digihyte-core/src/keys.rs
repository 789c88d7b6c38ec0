//! Canonical keys (DOMAIN.md, "Canonical keys") and the words people write for them.
//!
//! Tidy CSVs, the manifest and pipeline files use [`key`](Topic::key) strings; workbooks show
//! labels in the report language (the report crate owns those).

use crate::text::fold;

macro_rules! keyed_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }
        impl $name {
            /// Every value, in report order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The canonical key used in CSVs, the manifest and pipeline files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// Parses a canonical key exactly (`"in_person"`).
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize { self as usize }
        }
    };
}

keyed_enum!(
    /// What the client needed help with.
    Topic {
        DeviceBasics => "device_basics",
        EIdentification => "e_identification",
        HealthSocial => "health_social",
        KelaBenefits => "kela_benefits",
        PublicEservices => "public_eservices",
        BankingPayments => "banking_payments",
        Communication => "communication",
        Apps => "apps",
        SecurityScams => "security_scams",
        Other => "other",
        Unknown => "unknown",
    }
);

keyed_enum!(
    /// How the support was given.
    Channel {
        InPerson => "in_person",
        Phone => "phone",
        Remote => "remote",
        HomeVisit => "home_visit",
        Group => "group",
        Other => "other",
        Unknown => "unknown",
    }
);

keyed_enum!(
    /// Who gave the support.
    ProviderType {
        Municipality => "municipality",
        Library => "library",
        ServicePoint => "service_point",
        Association => "association",
        Kela => "kela",
        EmploymentServices => "employment_services",
        Education => "education",
        Parish => "parish",
        Company => "company",
        WellbeingCounty => "wellbeing_county",
        Other => "other",
        Unknown => "unknown",
    }
);

keyed_enum!(
    /// The client's age band.
    AgeGroup {
        Under30 => "under_30",
        Age30To64 => "30_64",
        Age65To74 => "65_74",
        Age75Plus => "75_plus",
        Unknown => "unknown",
    }
);

/// A set of topics, one bit per [`Topic`]: an event may have several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TopicSet(pub u16);

impl TopicSet {
    pub fn insert(&mut self, t: Topic) {
        self.0 |= 1 << t.index();
    }
    pub fn contains(self, t: Topic) -> bool {
        self.0 & (1 << t.index()) != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Topic> {
        Topic::ALL.iter().copied().filter(move |t| self.contains(*t))
    }
}

/// The outcome of classifying a free word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classified<T> {
    /// Recognised (a canonical key, a label or a known word).
    Known(T),
    /// The cell is empty.
    Empty,
    /// Not recognised: the caller maps it to `other` and counts the word.
    UnknownWord,
}

/// Word stems, tried in order; the first stem contained in the folded cell wins.
/// Order matters where stems overlap (`pankkitunnus` is identification, not banking;
/// `seurakunta` is a parish, not a municipality).
const TOPIC_WORDS: &[(&str, Topic)] = &[
    ("tunnist", Topic::EIdentification),
    ("tunnukset", Topic::EIdentification),
    ("pankkitunn", Topic::EIdentification),
    ("varmenne", Topic::EIdentification),
    ("identif", Topic::EIdentification),
    ("bankid", Topic::EIdentification),
    ("bank id", Topic::EIdentification),
    ("legitim", Topic::EIdentification),
    ("mobil-id", Topic::EIdentification),
    ("omakanta", Topic::HealthSocial),
    ("oma kanta", Topic::HealthSocial),
    ("omaolo", Topic::HealthSocial),
    ("kanta.fi", Topic::HealthSocial),
    ("terveys", Topic::HealthSocial),
    ("sote", Topic::HealthSocial),
    ("ajanvara", Topic::HealthSocial),
    ("health", Topic::HealthSocial),
    ("social", Topic::HealthSocial),
    ("appointment", Topic::HealthSocial),
    ("hälsa", Topic::HealthSocial),
    ("hälso", Topic::HealthSocial),
    ("sjukvård", Topic::HealthSocial),
    ("tidsbokning", Topic::HealthSocial),
    ("socialtjänst", Topic::HealthSocial),
    ("kela", Topic::KelaBenefits),
    ("etuu", Topic::KelaBenefits),
    ("etuis", Topic::KelaBenefits),
    ("benefit", Topic::KelaBenefits),
    ("förmån", Topic::KelaBenefits),
    ("fpa", Topic::KelaBenefits),
    ("suomi.fi", Topic::PublicEservices),
    ("suomifi", Topic::PublicEservices),
    ("vero", Topic::PublicEservices),
    ("julki", Topic::PublicEservices),
    ("viranomai", Topic::PublicEservices),
    ("e-palvelu", Topic::PublicEservices),
    ("sähköiset palvelut", Topic::PublicEservices),
    ("public", Topic::PublicEservices),
    ("tax", Topic::PublicEservices),
    ("skatt", Topic::PublicEservices),
    ("myndighet", Topic::PublicEservices),
    ("offentlig", Topic::PublicEservices),
    ("pankki", Topic::BankingPayments),
    ("maksu", Topic::BankingPayments),
    ("lasku", Topic::BankingPayments),
    ("bank", Topic::BankingPayments),
    ("payment", Topic::BankingPayments),
    ("betal", Topic::BankingPayments),
    ("räkning", Topic::BankingPayments),
    ("sähköposti", Topic::Communication),
    ("viesti", Topic::Communication),
    ("whatsapp", Topic::Communication),
    ("videopuhelu", Topic::Communication),
    ("email", Topic::Communication),
    ("e-mail", Topic::Communication),
    ("messag", Topic::Communication),
    ("video call", Topic::Communication),
    ("communication", Topic::Communication),
    ("viestintä", Topic::Communication),
    ("e-post", Topic::Communication),
    ("meddel", Topic::Communication),
    ("videosamtal", Topic::Communication),
    ("kommunikation", Topic::Communication),
    ("sovellu", Topic::Apps),
    ("asennu", Topic::Apps),
    ("asenta", Topic::Apps),
    ("päivity", Topic::Apps),
    ("päivittä", Topic::Apps),
    ("appar", Topic::Apps),
    ("applikation", Topic::Apps),
    ("install", Topic::Apps),
    ("update", Topic::Apps),
    ("uppdater", Topic::Apps),
    ("app", Topic::Apps),
    ("tietoturva", Topic::SecurityScams),
    ("huijau", Topic::SecurityScams),
    ("huijaus", Topic::SecurityScams),
    ("salasan", Topic::SecurityScams),
    ("security", Topic::SecurityScams),
    ("scam", Topic::SecurityScams),
    ("fraud", Topic::SecurityScams),
    ("password", Topic::SecurityScams),
    ("säkerhet", Topic::SecurityScams),
    ("bedrägeri", Topic::SecurityScams),
    ("lösenord", Topic::SecurityScams),
    ("laite", Topic::DeviceBasics),
    ("laitteen", Topic::DeviceBasics),
    ("laitteet", Topic::DeviceBasics),
    ("älypuhelin", Topic::DeviceBasics),
    ("puhelimen", Topic::DeviceBasics),
    ("tabletti", Topic::DeviceBasics),
    ("tietokone", Topic::DeviceBasics),
    ("perustaid", Topic::DeviceBasics),
    ("perusteet", Topic::DeviceBasics),
    ("device", Topic::DeviceBasics),
    ("basics", Topic::DeviceBasics),
    ("computer", Topic::DeviceBasics),
    ("smartphone", Topic::DeviceBasics),
    ("tablet", Topic::DeviceBasics),
    ("enhet", Topic::DeviceBasics),
    ("dator", Topic::DeviceBasics),
    ("grundläggande", Topic::DeviceBasics),
    ("muu", Topic::Other),
    ("other", Topic::Other),
    ("annat", Topic::Other),
    ("övrig", Topic::Other),
];

const CHANNEL_WORDS: &[(&str, Channel)] = &[
    ("kotikäyn", Channel::HomeVisit),
    ("kotona", Channel::HomeVisit),
    ("home", Channel::HomeVisit),
    ("hembesök", Channel::HomeVisit),
    ("ryhm", Channel::Group),
    ("koulutu", Channel::Group),
    ("kurssi", Channel::Group),
    ("työpaja", Channel::Group),
    ("group", Channel::Group),
    ("training", Channel::Group),
    ("workshop", Channel::Group),
    ("grupp", Channel::Group),
    ("kurs", Channel::Group),
    ("utbildning", Channel::Group),
    ("videopuhelu", Channel::Remote),
    ("etä", Channel::Remote),
    ("video", Channel::Remote),
    ("chat", Channel::Remote),
    ("remote", Channel::Remote),
    ("online", Channel::Remote),
    ("distans", Channel::Remote),
    ("teams", Channel::Remote),
    ("puhel", Channel::Phone),
    ("phone", Channel::Phone),
    ("telefon", Channel::Phone),
    ("lähi", Channel::InPerson),
    ("kasvok", Channel::InPerson),
    ("paikan päällä", Channel::InPerson),
    ("henkilökoht", Channel::InPerson),
    ("in person", Channel::InPerson),
    ("in-person", Channel::InPerson),
    ("face", Channel::InPerson),
    ("på plats", Channel::InPerson),
    ("personlig", Channel::InPerson),
    ("närstöd", Channel::InPerson),
    ("muu", Channel::Other),
    ("other", Channel::Other),
    ("annat", Channel::Other),
    ("övrig", Channel::Other),
];

const PROVIDER_WORDS: &[(&str, ProviderType)] = &[
    ("hyvinvointialue", ProviderType::WellbeingCounty),
    ("wellbeing", ProviderType::WellbeingCounty),
    ("välfärdsområde", ProviderType::WellbeingCounty),
    ("seurakun", ProviderType::Parish),
    ("parish", ProviderType::Parish),
    ("church", ProviderType::Parish),
    ("församling", ProviderType::Parish),
    ("kirkko", ProviderType::Parish),
    ("kirjasto", ProviderType::Library),
    ("library", ProviderType::Library),
    ("bibliotek", ProviderType::Library),
    ("asiointipiste", ProviderType::ServicePoint),
    ("palvelupiste", ProviderType::ServicePoint),
    ("yhteispalvelu", ProviderType::ServicePoint),
    ("service point", ProviderType::ServicePoint),
    ("servicepunkt", ProviderType::ServicePoint),
    ("medborgarkontor", ProviderType::ServicePoint),
    ("te-palvel", ProviderType::EmploymentServices),
    ("te palvel", ProviderType::EmploymentServices),
    ("te-toimisto", ProviderType::EmploymentServices),
    ("työllisyy", ProviderType::EmploymentServices),
    ("työvoima", ProviderType::EmploymentServices),
    ("employment", ProviderType::EmploymentServices),
    ("arbetskraft", ProviderType::EmploymentServices),
    ("te-tjänst", ProviderType::EmploymentServices),
    ("sysselsättning", ProviderType::EmploymentServices),
    ("kela", ProviderType::Kela),
    ("fpa", ProviderType::Kela),
    ("järjestö", ProviderType::Association),
    ("yhdistys", ProviderType::Association),
    ("association", ProviderType::Association),
    ("ngo", ProviderType::Association),
    ("förening", ProviderType::Association),
    ("organisation", ProviderType::Association),
    ("oppilaitos", ProviderType::Education),
    ("opisto", ProviderType::Education),
    ("koulu", ProviderType::Education),
    ("education", ProviderType::Education),
    ("school", ProviderType::Education),
    ("college", ProviderType::Education),
    ("institut", ProviderType::Education),
    ("skola", ProviderType::Education),
    ("läroanstalt", ProviderType::Education),
    ("yritys", ProviderType::Company),
    ("pankki", ProviderType::Company),
    ("company", ProviderType::Company),
    ("business", ProviderType::Company),
    ("bank", ProviderType::Company),
    ("företag", ProviderType::Company),
    ("kunta", ProviderType::Municipality),
    ("kaupunki", ProviderType::Municipality),
    ("municipal", ProviderType::Municipality),
    ("city", ProviderType::Municipality),
    ("kommun", ProviderType::Municipality),
    ("stad", ProviderType::Municipality),
    ("muu", ProviderType::Other),
    ("other", ProviderType::Other),
    ("annat", ProviderType::Other),
    ("övrig", ProviderType::Other),
];

fn classify_word<T: Copy>(raw: &str, words: &[(&str, T)], from_key: fn(&str) -> Option<T>) -> Classified<T> {
    let f = fold(raw);
    if f.is_empty() {
        return Classified::Empty;
    }
    if let Some(k) = from_key(&f.replace([' ', '-'], "_")) {
        return Classified::Known(k);
    }
    for (stem, v) in words {
        if f.contains(stem) {
            return Classified::Known(*v);
        }
    }
    Classified::UnknownWord
}

/// Classifies one topic word (one item of a multi-topic cell).
pub fn classify_topic(raw: &str) -> Classified<Topic> {
    classify_word(raw, TOPIC_WORDS, Topic::from_key)
}

/// Splits a multi-topic cell on `;` `,` `/` `|` and new lines.
pub fn split_topics(raw: &str) -> impl Iterator<Item = &str> {
    raw.split([';', ',', '/', '|', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

/// Classifies a channel word.
pub fn classify_channel(raw: &str) -> Classified<Channel> {
    classify_word(raw, CHANNEL_WORDS, Channel::from_key)
}

/// Classifies a provider-type word.
pub fn classify_provider(raw: &str) -> Classified<ProviderType> {
    classify_word(raw, PROVIDER_WORDS, ProviderType::from_key)
}

/// Age: what a cell said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeParse {
    Band(AgeGroup),
    Empty,
    Invalid,
}

/// The band of an age in whole years.
pub fn band_of_age(age: i64) -> AgeGroup {
    match age {
        i64::MIN..=29 => AgeGroup::Under30,
        30..=64 => AgeGroup::Age30To64,
        65..=74 => AgeGroup::Age65To74,
        _ => AgeGroup::Age75Plus,
    }
}

/// The band for an age range `lo..=hi` when the range lies wholly inside one band.
fn band_of_range(lo: i64, hi: i64) -> Option<AgeGroup> {
    let (a, b) = (band_of_age(lo), band_of_age(hi));
    (a == b && lo <= hi).then_some(a)
}

/// Parses an age cell: an age in years (`67`), a birth year (`1950`, banded at
/// `event_year`), a band (`65–74`, `75+`, `yli 75`, `alle 30`, `under_30`) or *unknown*.
pub fn parse_age(raw: &str, event_year: i32) -> AgeParse {
    let f = fold(raw);
    if f.is_empty() {
        return AgeParse::Empty;
    }
    if let Some(k) = AgeGroup::from_key(&f) {
        return AgeParse::Band(k);
    }
    if ["tuntematon", "ei tiedossa", "unknown", "okänd", "ei tietoa", "?", "-", "en osaa sanoa"].contains(&f.as_str()) {
        return AgeParse::Band(AgeGroup::Unknown);
    }
    let mut s = f.replace(['–', '—', '−'], "-");
    for suffix in ["vuotiaat", "vuotias", "vuotta", "years", "year", "vuotiaita", "år", "v.", "v", "y"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped.trim().to_string();
            break;
        }
    }
    let s = s.replace(' ', "");
    let num = |t: &str| -> Option<i64> {
        let t = t.trim();
        if let Ok(v) = t.parse::<i64>() {
            return Some(v);
        }
        let v = t.replace(',', ".").parse::<f64>().ok()?;
        (v.fract() == 0.0 && v.is_finite()).then_some(v as i64)
    };
    if let Some(n) = num(&s) {
        if (0..=120).contains(&n) {
            return AgeParse::Band(band_of_age(n));
        }
        let age = i64::from(event_year) - n;
        if (1880..=i64::from(event_year)).contains(&n) && (0..=120).contains(&age) {
            return AgeParse::Band(band_of_age(age));
        }
        return AgeParse::Invalid;
    }
    for (prefixes, is_lower_bound) in
        [(&["yli", "över", "over", "vähintään", "minst", "≥", ">="][..], true), (&["alle", "under", "<"][..], false)]
    {
        for p in prefixes {
            if let Some(rest) = s.strip_prefix(p) {
                return match num(rest) {
                    // "yli 75" / "över 75": 75 and over, as people mean it in age bands
                    Some(n) if is_lower_bound => band_of_range(n, 120).map_or(AgeParse::Invalid, AgeParse::Band),
                    Some(n) if n >= 1 => band_of_range(0, n - 1).map_or(AgeParse::Invalid, AgeParse::Band),
                    _ => AgeParse::Invalid,
                };
            }
        }
    }
    if let Some(rest) = s.strip_suffix('+') {
        return match num(rest) {
            Some(n) => band_of_range(n, 120).map_or(AgeParse::Invalid, AgeParse::Band),
            None => AgeParse::Invalid,
        };
    }
    if let Some((a, b)) = s.split_once('-') {
        if let (Some(lo), Some(hi)) = (num(a), num(b)) {
            return band_of_range(lo, hi).map_or(AgeParse::Invalid, AgeParse::Band);
        }
    }
    AgeParse::Invalid
}

/// What a survey answer cell said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerParse<T> {
    Value(T),
    /// Empty, or *can't say* (`En osaa sanoa`, `Kan inte säga`, `Don't know`): not an
    /// answer; left out, never rejected.
    NoAnswer,
    /// Not an answer of this kind: the row is rejected (`answer_invalid`).
    Invalid,
}

/// Folds an answer and evens out the punctuation people and survey tools add: curly
/// apostrophes, trailing full stops, surrounding quotes.
fn fold_answer(raw: &str) -> String {
    let f = fold(raw).replace(['’', '‘', '`', '´'], "'");
    f.trim_matches(|c: char| matches!(c, '.' | '!' | '"' | '\'' | '*' | ' ')).to_string()
}

/// Answers that are not answers (compared after [`fold_answer`]).
const CANT_SAY: &[&str] = &[
    "en osaa sanoa",
    "eos",
    "ei osaa sanoa",
    "en tiedä",
    "en tieda",
    "ei tietoa",
    "ei vastausta",
    "ei koske minua",
    "kan inte säga",
    "kan ej säga",
    "vet inte",
    "vet ej",
    "inget svar",
    "don't know",
    "dont know",
    "do not know",
    "can't say",
    "cant say",
    "cannot say",
    "not sure",
    "no answer",
    "n/a",
    "-",
    "–",
    "—",
];

/// The Likert words, 1 (strongly disagree) … 5 (strongly agree), in Finnish, Swedish and
/// English, including the common 5-point variants (`eri mieltä`, `delvis enig`, `agree`).
const LIKERT_WORDS: &[(&str, u8)] = &[
    ("täysin eri mieltä", 1),
    ("täysin erimieltä", 1),
    ("helt av annan åsikt", 1),
    ("helt oenig", 1),
    ("strongly disagree", 1),
    ("completely disagree", 1),
    ("totally disagree", 1),
    ("jokseenkin eri mieltä", 2),
    ("osittain eri mieltä", 2),
    ("eri mieltä", 2),
    ("delvis av annan åsikt", 2),
    ("delvis oenig", 2),
    ("av annan åsikt", 2),
    ("oenig", 2),
    ("disagree", 2),
    ("somewhat disagree", 2),
    ("partly disagree", 2),
    ("ei samaa eikä eri mieltä", 3),
    ("en samaa enkä eri mieltä", 3),
    ("ei samaa mieltä eikä eri mieltä", 3),
    ("ei eri eikä samaa mieltä", 3),
    ("neutraali", 3),
    ("varken av samma eller annan åsikt", 3),
    ("varken av samma eller av annan åsikt", 3),
    ("varken enig eller oenig", 3),
    ("varken eller", 3),
    ("neither agree nor disagree", 3),
    ("neither agree or disagree", 3),
    ("neither disagree nor agree", 3),
    ("neutral", 3),
    ("jokseenkin samaa mieltä", 4),
    ("osittain samaa mieltä", 4),
    ("samaa mieltä", 4),
    ("delvis av samma åsikt", 4),
    ("delvis enig", 4),
    ("av samma åsikt", 4),
    ("enig", 4),
    ("agree", 4),
    ("somewhat agree", 4),
    ("partly agree", 4),
    ("täysin samaa mieltä", 5),
    ("helt av samma åsikt", 5),
    ("helt enig", 5),
    ("strongly agree", 5),
    ("completely agree", 5),
    ("totally agree", 5),
];

/// Is the cell a *can't say* or empty?
pub fn is_no_answer(raw: &str) -> bool {
    let f = fold_answer(raw);
    f.is_empty() || CANT_SAY.contains(&f.as_str())
}

fn likert_word(f: &str) -> Option<u8> {
    LIKERT_WORDS.iter().find(|(w, _)| *w == f).map(|(_, v)| *v)
}

/// A whole number 1–5 written as `4`, `4.0` or `4,0`.
fn likert_number(t: &str) -> Option<u8> {
    let v: f64 = t.trim().replace(',', ".").parse().ok()?;
    (v.fract() == 0.0 && (1.0..=5.0).contains(&v)).then_some(v as u8)
}

/// Parses a Likert answer: `1`–`5`, a word of the scale in Finnish, Swedish or English
/// (`täysin samaa mieltä` = 5, `delvis av annan åsikt` = 2, `agree` = 4), or both as survey
/// tools write them (`5 = täysin samaa mieltä`, `Täysin samaa mieltä (5)`; a number with a
/// contradicting word is invalid). Empty and *can't say* are [`AnswerParse::NoAnswer`].
pub fn parse_likert(raw: &str) -> AnswerParse<u8> {
    let f = fold_answer(raw);
    if f.is_empty() || CANT_SAY.contains(&f.as_str()) {
        return AnswerParse::NoAnswer;
    }
    if let Some(v) = likert_number(&f).or_else(|| likert_word(&f)) {
        return AnswerParse::Value(v);
    }
    // "5 = täysin samaa mieltä", "5 - erittäin hyvin", "5) ...", "(5) ...", "... (5)"
    let (num, words) = if let Some(rest) = f.strip_suffix(')') {
        match rest.rsplit_once('(') {
            Some((words, num)) => (num.trim().to_string(), words.trim().to_string()),
            None => return AnswerParse::Invalid,
        }
    } else {
        let g = f.strip_prefix('(').unwrap_or(&f);
        let digits: String = g.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return AnswerParse::Invalid;
        }
        let after = &g[digits.len()..];
        // The number must end at a separator: "2,5" and "2.5" are not "2".
        if !after.starts_with([')', '=', '-', '–', '—', ':', ' ']) && !after.starts_with(". ") {
            return AnswerParse::Invalid;
        }
        let rest = after.trim_start_matches([')', '=', '-', '–', '—', ':', '.', ' ']);
        (digits, rest.trim().to_string())
    };
    match (likert_number(&num), likert_word(&words)) {
        (Some(n), Some(w)) if n != w => AnswerParse::Invalid,
        (Some(n), _) => AnswerParse::Value(n),
        _ => AnswerParse::Invalid,
    }
}

const YES: &[&str] = &["kyllä", "kylla", "joo", "ja", "yes", "y", "1", "true", "tosi", "sant"];
const NO: &[&str] = &["ei", "nej", "no", "n", "0", "false", "epätosi", "falskt"];

/// Parses a yes/no answer: `kyllä`/`ei`, `ja`/`nej`, `yes`/`no`, `Y`/`N`, `1`/`0`,
/// `TRUE`/`FALSE` (`TOSI`/`EPÄTOSI`, `SANT`/`FALSKT`), or one of these followed by a comma,
/// a dash or a bracket and an explanation (`Kyllä, vuoden 2023 kertomuksessa`).
/// Empty and *can't say* are [`AnswerParse::NoAnswer`].
pub fn parse_yes_no(raw: &str) -> AnswerParse<bool> {
    let f = fold_answer(raw);
    if f.is_empty() || CANT_SAY.contains(&f.as_str()) {
        return AnswerParse::NoAnswer;
    }
    let word = |w: &str| {
        let w = w.trim();
        let w = if w.parse::<f64>().is_ok() { w.trim_end_matches(".0").trim_end_matches(",0") } else { w };
        if YES.contains(&w) {
            Some(true)
        } else if NO.contains(&w) {
            Some(false)
        } else {
            None
        }
    };
    if let Some(v) = word(&f) {
        return AnswerParse::Value(v);
    }
    if let Some(i) = f.find([',', '(', '–', '—', ':', ';']).or_else(|| f.find(" - ")) {
        if let Some(v) = word(&f[..i]) {
            return AnswerParse::Value(v);
        }
    }
    AnswerParse::Invalid
}

/// Is the answer *partly* (`osittain`, `jossain määrin`, `delvis`, `partly`)? The actor
/// survey counts it as yes, with a warning (see `digihyte-ingest`'s `actor_survey`).
pub fn is_partly(raw: &str) -> bool {
    let f = fold_answer(raw);
    ["osittain", "osin", "jossain määrin", "delvis", "till viss del", "partly", "partially", "in part", "to some extent"]
        .iter()
        .any(|w| f == *w || f.starts_with(&format!("{w},")) || f.starts_with(&format!("{w} (")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn overlapping_stems_resolve_in_order() {
        assert_eq!(classify_topic("Pankkitunnukset"), Classified::Known(Topic::EIdentification));
        assert_eq!(classify_topic("verkkopankki"), Classified::Known(Topic::BankingPayments));
        assert_eq!(classify_provider("Oulun seurakunta"), Classified::Known(ProviderType::Parish));
        assert_eq!(classify_provider("Kempeleen kunta"), Classified::Known(ProviderType::Municipality));
        assert_eq!(classify_channel("Kotikäynti"), Classified::Known(Channel::HomeVisit));
        assert_eq!(classify_channel("lähituki"), Classified::Known(Channel::InPerson));
        assert_eq!(classify_channel("in_person"), Classified::Known(Channel::InPerson));
        assert_eq!(classify_channel("kirjekyyhky"), Classified::UnknownWord);
        assert_eq!(classify_channel("  "), Classified::Empty);
    }

    #[test]
    fn topic_cells_split_on_every_separator() {
        let v: Vec<_> = split_topics("OmaKanta; pankki / sähköposti,  ").collect();
        assert_eq!(v, ["OmaKanta", "pankki", "sähköposti"]);
    }

    #[test]
    fn ages_bands_and_birth_years() {
        assert_eq!(parse_age("67", 2024), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(parse_age("1940", 2024), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(parse_age("65–74", 2024), AgeParse::Band(AgeGroup::Age65To74));
        assert_eq!(parse_age("75+", 2024), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(parse_age("yli 75 v", 2024), AgeParse::Band(AgeGroup::Age75Plus));
        assert_eq!(parse_age("alle 30", 2024), AgeParse::Band(AgeGroup::Under30));
        assert_eq!(parse_age("30-64 vuotta", 2024), AgeParse::Band(AgeGroup::Age30To64));
        assert_eq!(parse_age("under_30", 2024), AgeParse::Band(AgeGroup::Under30));
        assert_eq!(parse_age("Tuntematon", 2024), AgeParse::Band(AgeGroup::Unknown));
        assert_eq!(parse_age("60-70", 2024), AgeParse::Invalid);
        assert_eq!(parse_age("vanha", 2024), AgeParse::Invalid);
        assert_eq!(parse_age("", 2024), AgeParse::Empty);
        assert_eq!(parse_age("2030", 2024), AgeParse::Invalid);
    }

    #[test]
    fn likert_words_in_three_languages() {
        for (s, v) in [
            ("täysin eri mieltä", 1),
            ("Jokseenkin eri mieltä", 2),
            ("Ei samaa eikä eri mieltä", 3),
            ("jokseenkin samaa mieltä", 4),
            ("TÄYSIN SAMAA MIELTÄ", 5),
            ("Helt av annan åsikt", 1),
            ("delvis av annan åsikt", 2),
            ("Varken av samma eller annan åsikt", 3),
            ("delvis av samma åsikt", 4),
            ("helt av samma åsikt", 5),
            ("Strongly disagree", 1),
            ("disagree", 2),
            ("Neither agree nor disagree", 3),
            ("Agree", 4),
            ("strongly agree", 5),
            ("5", 5),
            ("4,0", 4),
            ("5 = täysin samaa mieltä", 5),
            ("1 - Täysin eri mieltä", 1),
            ("Täysin samaa mieltä (5)", 5),
            ("3) erittäin hyvin", 3),
        ] {
            assert_eq!(parse_likert(s), AnswerParse::Value(v), "{s}");
        }
        for s in ["", "  ", "En osaa sanoa", "kan inte säga", "Don’t know", "Can't say", "-"] {
            assert_eq!(parse_likert(s), AnswerParse::NoAnswer, "{s:?}");
        }
        for s in ["6", "0", "2,5", "2.5", "2,5 h", "hyvä", "5 = täysin eri mieltä", "kyllä"] {
            assert_eq!(parse_likert(s), AnswerParse::Invalid, "{s}");
        }
    }

    #[test]
    fn yes_no_words() {
        for (s, v) in [
            ("Kyllä", true),
            ("ei", false),
            ("JA", true),
            ("Nej", false),
            ("yes", true),
            ("No", false),
            ("Y", true),
            ("1", true),
            ("0", false),
            ("1.0", true),
            ("TRUE", true),
            ("Kyllä, vuoden 2023 kertomuksessa", true),
            ("Ei (vielä)", false),
        ] {
            assert_eq!(parse_yes_no(s), AnswerParse::Value(v), "{s}");
        }
        assert_eq!(parse_yes_no("En osaa sanoa"), AnswerParse::NoAnswer);
        assert_eq!(parse_yes_no("vet ej"), AnswerParse::NoAnswer);
        assert_eq!(parse_yes_no("ehkä"), AnswerParse::Invalid);
        assert_eq!(parse_yes_no("2"), AnswerParse::Invalid);
        assert!(is_partly("Osittain"));
        assert!(is_partly("partly"));
        assert!(!is_partly("kyllä"));
    }

    proptest! {
        #[test]
        fn every_age_in_years_gets_its_band(age in 0i64..=120) {
            let expected = band_of_age(age);
            prop_assert_eq!(parse_age(&age.to_string(), 2024), AgeParse::Band(expected));
            prop_assert_eq!(parse_age(&format!("{age} v"), 2024), AgeParse::Band(expected));
        }

        #[test]
        fn birth_years_band_by_event_year(age in 0i64..=110, year in 2000i32..2030) {
            let birth = i64::from(year) - age;
            prop_assume!(birth > 120);
            prop_assert_eq!(parse_age(&birth.to_string(), year), AgeParse::Band(band_of_age(age)));
        }


        #[test]
        fn likert_numbers_and_words_agree(v in 1u8..=5, lang in 0usize..3, upper in any::<bool>(), pad in " {0,3}") {
            let words: Vec<&str> = LIKERT_WORDS.iter().filter(|(_, n)| *n == v).map(|(w, _)| *w).collect();
            let w = match lang { 0 => words[0], 1 => words[words.len() / 2], _ => words[words.len() - 1] };
            let w = if upper { w.to_uppercase() } else { w.to_string() };
            prop_assert_eq!(parse_likert(&format!("{pad}{w}{pad}")), AnswerParse::Value(v));
            prop_assert_eq!(parse_likert(&v.to_string()), AnswerParse::Value(v));
            prop_assert_eq!(parse_likert(&format!("{v} = {w}")), AnswerParse::Value(v));
            prop_assert_eq!(parse_likert(&format!("{w} ({v})")), AnswerParse::Value(v));
        }

        #[test]
        fn likert_rejects_numbers_off_the_scale(n in -1000i64..1000) {
            prop_assume!(!(1..=5).contains(&n));
            prop_assert_eq!(parse_likert(&n.to_string()), AnswerParse::Invalid);
        }

        #[test]
        fn yes_no_any_case_and_spacing(yes in any::<bool>(), i in 0usize..6, upper in any::<bool>(), pad in " {0,3}") {
            let words = if yes { YES } else { NO };
            let w = words[i % words.len()];
            let w = if upper { w.to_uppercase() } else { w.to_string() };
            prop_assert_eq!(parse_yes_no(&format!("{pad}{w}{pad}")), AnswerParse::Value(yes));
        }

        #[test]
        fn answer_parsers_never_panic(s in "\\PC{0,40}") {
            let _ = parse_likert(&s);
            let _ = parse_yes_no(&s);
            let _ = is_partly(&s);
        }

        #[test]
        fn word_classifiers_never_panic(s in "\\PC{0,40}") {
            let _ = classify_topic(&s);
            let _ = classify_channel(&s);
            let _ = classify_provider(&s);
            let _ = parse_age(&s, 2024);
        }
    }
}
