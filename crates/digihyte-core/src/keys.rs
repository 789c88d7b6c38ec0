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
        fn word_classifiers_never_panic(s in "\\PC{0,40}") {
            let _ = classify_topic(&s);
            let _ = classify_channel(&s);
            let _ = classify_provider(&s);
            let _ = parse_age(&s, 2024);
        }
    }
}
