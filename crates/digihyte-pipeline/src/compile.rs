//! `spec` → [`Plan`]: resolves paths, globs, codes and keys, and collects every problem.

use crate::spec::*;
use crate::{PipelineError, Problem};
use digihyte_core::keys::ProviderType;
use digihyte_core::vocabulary::{Dimension, Words};
use digihyte_core::{MunicipalityMatch, Reference, SourceKind};
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Language> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fi" | "suomi" | "finnish" => Some(Language::Fi),
            "sv" | "svenska" | "swedish" => Some(Language::Sv),
            "en" | "english" => Some(Language::En),
            _ => None,
        }
    }
}

/// The area a pipeline reports on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    Region(u8),
    Municipalities(Vec<u16>),
    Country,
}

/// A field of an input that a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Date,
    Municipality,
    SupportPoint,
    ProviderType,
    Channel,
    Topic,
    AgeGroup,
    DurationMin,
    Clients,
    ClientId,
    Year,
    InReport,
    InPlan,
    ContactPerson,
    SupportPoints,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Municipality => "municipality",
            Field::SupportPoint => "support_point",
            Field::ProviderType => "provider_type",
            Field::Channel => "channel",
            Field::Topic => "topic",
            Field::AgeGroup => "age_group",
            Field::DurationMin => "duration_min",
            Field::Clients => "clients",
            Field::ClientId => "client_id",
            Field::Year => "year",
            Field::InReport => "in_report",
            Field::InPlan => "in_plan",
            Field::ContactPerson => "contact_person",
            Field::SupportPoints => "support_points",
        }
    }

    /// The fields an input kind knows.
    pub fn for_kind(kind: SourceKind) -> &'static [Field] {
        match kind {
            SourceKind::Activity => &[
                Field::Date,
                Field::Municipality,
                Field::SupportPoint,
                Field::ProviderType,
                Field::Channel,
                Field::Topic,
                Field::AgeGroup,
                Field::DurationMin,
                Field::Clients,
                Field::ClientId,
            ],
            SourceKind::Feedback => &[Field::Date, Field::Municipality, Field::AgeGroup],
            // `date`: a survey tool's answer time, used for the year when there is no year column.
            SourceKind::ActorSurvey => {
                &[Field::Municipality, Field::Year, Field::Date, Field::InReport, Field::InPlan, Field::ContactPerson, Field::SupportPoints]
            }
            SourceKind::Indicators => &[],
        }
    }
}

/// One `[[activity]]`, `[[feedback]]`, `[[actor_survey]]` or `[[indicators]]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub kind: SourceKind,
    /// Files matched by the globs, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    pub sheet: Option<String>,
    pub default_municipality: Option<u16>,
    pub default_provider: Option<ProviderType>,
    /// Explicit field → header text.
    pub columns: Vec<(Field, String)>,
    /// Feedback item key → header text (or a distinctive part of it).
    pub items: Vec<(String, String)>,
}

/// Which way an indicator points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedDirection {
    HigherIsMoreNeed,
    LowerIsMoreNeed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NeedIndicator {
    pub id: u32,
    pub weight: f64,
    pub direction: NeedDirection,
}

/// A validated pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub title: Option<String>,
    pub area: Area,
    /// The municipalities of the area, in code order.
    pub municipalities: Vec<u16>,
    pub first_year: i32,
    /// The report year.
    pub last_year: i32,
    pub language: Language,
    /// The output folder from the file (resolved against the file's folder), if any.
    pub output: Option<PathBuf>,
    pub min_count: u32,
    pub max_rejected: Option<f64>,
    pub sources: Vec<Source>,
    pub need: Vec<NeedIndicator>,
    /// `[words]`: the job's own words of topics, channels, providers and ages.
    pub words: Words,
    /// The pipeline file as given and its folder.
    pub path: PathBuf,
    pub base_dir: PathBuf,
    /// The file's text (its checksum goes into the manifest).
    pub text: String,
}

impl Plan {
    pub fn years(&self) -> impl Iterator<Item = i32> {
        self.first_year..=self.last_year
    }
    pub fn sources(&self, kind: SourceKind) -> impl Iterator<Item = &Source> {
        self.sources.iter().filter(move |s| s.kind == kind)
    }
    /// A path as the manifest and reports show it: relative to the pipeline file's folder.
    pub fn display_path(&self, p: &Path) -> String {
        p.strip_prefix(&self.base_dir).unwrap_or(p).to_string_lossy().replace('\\', "/")
    }
}

/// Reads and compiles a pipeline file.
pub fn compile_file(path: &Path) -> Result<Plan, PipelineError> {
    let text = std::fs::read_to_string(path).map_err(|source| PipelineError::Read { path: path.display().to_string(), source })?;
    compile(path, &text)
}

struct Problems<'a> {
    text: &'a str,
    list: Vec<Problem>,
}

impl Problems<'_> {
    fn at(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let (line, column) = match span {
            Some(s) => {
                let before = &self.text[..s.start.min(self.text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (Some(line), Some(col))
            }
            None => (None, None),
        };
        self.list.push(Problem { line, column, message: message.into() });
    }
    fn span<T>(&mut self, s: &Spanned<T>, message: impl Into<String>) {
        self.at(Some(s.span()), message);
    }
}

/// Removes the entry that an error at `err` points into; returns whether one was removed.
/// Tables opened by a `[header]` do not span their body, so every table is searched.
fn remove_at(table: &mut DeTable<'_>, err: &Range<usize>) -> bool {
    let contains = |r: &Range<usize>| r.start <= err.start && err.start < r.end.max(r.start + 1);
    let mut remove = None;
    let mut containing_compound = None;
    for (k, v) in table.iter() {
        if contains(&k.span()) {
            remove = Some(k.get_ref().clone());
            break;
        }
        if contains(&v.span()) {
            match v.get_ref() {
                DeValue::Table(_) | DeValue::Array(_) => containing_compound = Some(k.get_ref().clone()),
                _ => {
                    remove = Some(k.get_ref().clone());
                    break;
                }
            }
        }
    }
    if remove.is_none() {
        for (_, v) in table.iter_mut() {
            let found = match v.get_mut() {
                DeValue::Table(t) => remove_at(t, err),
                DeValue::Array(a) => a.iter_mut().any(|item| match item.get_mut() {
                    DeValue::Table(t) => remove_at(t, err),
                    _ => false,
                }),
                _ => false,
            };
            if found {
                return true;
            }
        }
        remove = containing_compound;
    }
    match remove {
        Some(key) => table.remove(key.as_ref()).is_some(),
        None => false,
    }
}

/// Deserializes, removing each offending entry and trying again, so that every unknown
/// key and wrongly typed value is reported in one run (serde stops at the first).
fn deserialize_all(text: &str, problems: &mut Problems<'_>) -> Option<PipelineSpec> {
    let (table, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in syntax {
            problems.at(e.span(), format!("TOML syntax: {}", e.message().trim()));
        }
        return None;
    }
    let mut table = table;
    for _ in 0..200 {
        match PipelineSpec::deserialize(toml::de::Deserializer::from(table.clone())) {
            Ok(spec) => return Some(spec),
            Err(e) => {
                let message = e.message().trim().replace('\n', " ");
                match e.span() {
                    Some(span) if remove_at(table.get_mut(), &span) => problems.at(Some(span), message),
                    span => {
                        problems.at(span, message);
                        return None;
                    }
                }
            }
        }
    }
    None
}

/// Compiles the text of a pipeline file found at `path`.
pub fn compile(path: &Path, text: &str) -> Result<Plan, PipelineError> {
    let mut p = Problems { text, list: Vec::new() };
    let spec = deserialize_all(text, &mut p);
    let invalid = |p: Problems<'_>| PipelineError::Invalid { path: path.display().to_string(), problems: p.list };
    let Some(spec) = spec else { return Err(invalid(p)) };
    // A spec that only parsed after removing bad entries still gets its semantic checks,
    // so the person sees everything at once.
    let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base_dir = if base_dir.as_os_str().is_empty() { PathBuf::from(".") } else { base_dir };
    let r = Reference::get();
    let sec = &spec.pipeline;

    let name = sec.name.get_ref().trim().to_string();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)) {
        p.span(&sec.name, "`name` must be a non-empty word of letters, digits, `-`, `_` or `.` (it names output files)");
    }

    let a = sec.area.get_ref();
    let given = usize::from(a.region.is_some()) + usize::from(a.municipalities.is_some()) + usize::from(a.country.is_some());
    let mut area = Area::Country;
    let mut municipalities = Vec::new();
    if given != 1 {
        p.span(&sec.area, "`area` needs exactly one of `region = \"17\"`, `municipalities = [\"564\", …]` or `country = true`");
    } else if let Some(reg) = &a.region {
        match reg.get_ref().trim().parse::<u8>() {
            Ok(code) if !r.region_members(code).is_empty() => {
                area = Area::Region(code);
                municipalities = r.region_members(code);
            }
            _ => p.span(reg, format!("unknown region code `{}`: use a maakunta code such as \"17\" (Pohjois-Pohjanmaa); `digihyte municipalities` lists them", reg.get_ref())),
        }
    } else if let Some(list) = &a.municipalities {
        for m in list {
            match r.match_municipality(m.get_ref()) {
                MunicipalityMatch::Found(c) | MunicipalityMatch::Merged { successor: c, .. } => municipalities.push(c),
                MunicipalityMatch::Unknown { suggestion } => p.span(
                    m,
                    format!(
                        "unknown municipality `{}`{}",
                        m.get_ref(),
                        suggestion.map(|s| format!(" (did you mean {s}?)")).unwrap_or_default()
                    ),
                ),
            }
        }
        if list.is_empty() {
            p.span(&sec.area, "`municipalities` is empty");
        }
        municipalities.sort_unstable();
        municipalities.dedup();
        area = Area::Municipalities(municipalities.clone());
    } else if a.country == Some(true) {
        municipalities = r.municipalities.iter().map(|m| m.code).collect();
    } else {
        p.span(&sec.area, "`country = false` selects nothing: give `region` or `municipalities` instead");
    }

    let years = sec.years.get_ref();
    let (mut first_year, mut last_year) = (0, 0);
    match years.as_slice() {
        [y] | [y, _] | [_, y] if !(1990..=2100).contains(y) => {
            p.span(&sec.years, format!("year {y} is outside 1990–2100"));
        }
        [a] => (first_year, last_year) = (*a as i32, *a as i32),
        [a, b] if a <= b => (first_year, last_year) = (*a as i32, *b as i32),
        [a, b] => p.span(&sec.years, format!("years are reversed: [{a}, {b}] should be [{b}, {a}] (first year, then the report year)")),
        _ => p.span(&sec.years, "`years` is [first, last], for example [2022, 2024]"),
    }

    let language = match &sec.language {
        None => Language::Fi,
        Some(l) => Language::parse(l.get_ref()).unwrap_or_else(|| {
            p.span(l, format!("unknown language `{}`: use \"fi\", \"sv\" or \"en\"", l.get_ref()));
            Language::Fi
        }),
    };
    let output = sec.output.as_ref().map(|o| lexically_clean(&base_dir.join(o.get_ref())));
    let min_count = match spec.privacy.as_ref().and_then(|pr| pr.min_count.as_ref()) {
        None => 5,
        Some(m) if (1..=1000).contains(m.get_ref()) => *m.get_ref() as u32,
        Some(m) => {
            p.span(m, "`min_count` is a whole number from 1 to 1000 (the usual threshold is 5)");
            5
        }
    };
    let max_rejected = sec.max_rejected.as_ref().map(|m| {
        if !(0.0..=1.0).contains(m.get_ref()) {
            p.span(m, "`max_rejected` is a share from 0 to 1, for example 0.05 for 5 %");
        }
        *m.get_ref()
    });

    let mut sources = Vec::new();
    for s in &spec.activity {
        let spec = s.get_ref();
        let mut src = source(&mut p, &base_dir, SourceKind::Activity, &spec.files, spec.sheet.clone(), &spec.columns, s);
        src.default_municipality = spec.municipality.as_ref().and_then(|m| default_municipality(&mut p, r, m));
        if let Some(pt) = &spec.provider_type {
            match ProviderType::from_key(pt.get_ref().trim()) {
                Some(v) => src.default_provider = Some(v),
                None => p.span(
                    pt,
                    format!(
                        "unknown provider_type `{}`: use one of {}",
                        pt.get_ref(),
                        ProviderType::ALL.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ")
                    ),
                ),
            }
        }
        sources.push(src);
    }
    for s in &spec.feedback {
        let spec = s.get_ref();
        let mut src = source(&mut p, &base_dir, SourceKind::Feedback, &spec.files, spec.sheet.clone(), &spec.columns, s);
        src.default_municipality = spec.municipality.as_ref().and_then(|m| default_municipality(&mut p, r, m));
        for (k, v) in &spec.items {
            let key = k.get_ref().trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                p.span(k, format!("item key `{key}` must be lower-case letters, digits and `_` (it names rows in feedback.csv)"));
            }
            src.items.push((key.to_string(), v.clone()));
        }
        sources.push(src);
    }
    for s in &spec.actor_survey {
        let spec = s.get_ref();
        sources.push(source(&mut p, &base_dir, SourceKind::ActorSurvey, &spec.files, spec.sheet.clone(), &spec.columns, s));
    }
    for s in &spec.indicators {
        let spec = s.get_ref();
        sources.push(source(&mut p, &base_dir, SourceKind::Indicators, &spec.files, spec.sheet.clone(), &Default::default(), s));
    }

    let mut need = Vec::new();
    for n in spec.need.iter().flat_map(|n| &n.indicators) {
        let ns = n.get_ref();
        let id = *ns.id.get_ref();
        if !(1..=u32::MAX as i64).contains(&id) {
            p.span(&ns.id, "an indicator `id` is a Sotkanet indicator number, for example 4287");
        }
        let weight = ns.weight.as_ref().map_or(1.0, |w| *w.get_ref());
        if let Some(w) = &ns.weight {
            if !(w.get_ref().is_finite() && *w.get_ref() > 0.0) {
                p.span(w, "`weight` must be a positive number");
            }
        }
        let direction = match ns.direction.as_ref().map(|d| d.get_ref().trim()) {
            None | Some("higher_is_more_need") => NeedDirection::HigherIsMoreNeed,
            Some("lower_is_more_need") => NeedDirection::LowerIsMoreNeed,
            Some(other) => {
                p.span(
                    ns.direction.as_ref().expect("some"),
                    format!("unknown direction `{other}`: use \"higher_is_more_need\" or \"lower_is_more_need\""),
                );
                NeedDirection::HigherIsMoreNeed
            }
        };
        need.push(NeedIndicator { id: id.clamp(0, u32::MAX as i64) as u32, weight, direction });
    }

    let mut words = Words::default();
    if let Some(w) = &spec.words {
        for (dim, map) in [
            (Dimension::Topic, &w.topic),
            (Dimension::Channel, &w.channel),
            (Dimension::ProviderType, &w.provider_type),
            (Dimension::AgeGroup, &w.age_group),
        ] {
            let valid = dim.valid_keys();
            for (word, key) in map {
                let k = key.get_ref().trim();
                if digihyte_core::vocabulary::normalize(word.get_ref()).is_empty() {
                    p.span(word, format!("the {} word {:?} has no letters or digits", dim.key(), word.get_ref()));
                } else if valid.contains(&k) {
                    words.0.push((dim, word.get_ref().clone(), k.to_string()));
                } else {
                    p.span(key, format!("unknown {} key `{k}` for \"{}\": use one of {}", dim.key(), word.get_ref(), valid.join(", ")));
                }
            }
        }
    }

    if !p.list.is_empty() {
        // In file order, as a person reads them.
        p.list.sort_by_key(|x| (x.line.unwrap_or(usize::MAX), x.column.unwrap_or(0)));
        return Err(invalid(p));
    }
    Ok(Plan {
        name,
        title: sec.title.clone(),
        area,
        municipalities,
        first_year,
        last_year,
        language,
        output,
        min_count,
        max_rejected,
        sources,
        need,
        words,
        path: path.to_path_buf(),
        base_dir,
        text: text.to_string(),
    })
}

/// Removes `.` and resolves `..` against the preceding name without touching the file
/// system (`pipelines/../reports/x` → `reports/x`).
pub fn lexically_clean(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

fn default_municipality(p: &mut Problems<'_>, r: &Reference, m: &Spanned<String>) -> Option<u16> {
    match r.match_municipality(m.get_ref()) {
        MunicipalityMatch::Found(c) | MunicipalityMatch::Merged { successor: c, .. } => Some(c),
        MunicipalityMatch::Unknown { suggestion } => {
            p.span(
                m,
                format!(
                    "unknown municipality `{}`{}",
                    m.get_ref(),
                    suggestion.map(|s| format!(" (did you mean {s}?)")).unwrap_or_default()
                ),
            );
            None
        }
    }
}

fn source<T>(
    p: &mut Problems<'_>,
    base: &Path,
    kind: SourceKind,
    globs: &[Spanned<String>],
    sheet: Option<String>,
    columns: &std::collections::BTreeMap<Spanned<String>, String>,
    whole: &Spanned<T>,
) -> Source {
    let mut files = Vec::new();
    if globs.is_empty() {
        p.span(whole, format!("[[{}]] has an empty `files` list", kind.key()));
    }
    for g in globs {
        let pattern = base.join(g.get_ref());
        let pattern = pattern.to_string_lossy();
        match glob::glob(&pattern) {
            Err(e) => p.span(g, format!("bad file pattern `{}`: {e}", g.get_ref())),
            Ok(paths) => {
                let before = files.len();
                files.extend(paths.filter_map(Result::ok).filter(|f| f.is_file()));
                if files.len() == before {
                    p.span(g, format!("`{}` matches no file (looked in {})", g.get_ref(), base.display()));
                }
            }
        }
    }
    files.sort();
    files.dedup();
    let allowed = Field::for_kind(kind);
    let mut cols = Vec::new();
    for (k, v) in columns {
        match allowed.iter().find(|f| f.key() == k.get_ref().trim()) {
            Some(f) => cols.push((*f, v.clone())),
            None => p.span(
                k,
                format!(
                    "unknown column field `{}` for [[{}]]: use one of {}",
                    k.get_ref(),
                    kind.key(),
                    allowed.iter().map(|f| f.key()).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    Source { kind, files, sheet, default_municipality: None, default_provider: None, columns: cols, items: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Problem> {
        match compile(Path::new("/nonexistent/p.toml"), text) {
            Err(PipelineError::Invalid { problems, .. }) => problems,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "[pipeline]\nname = \"x\"\narea = { region = \"17\" }\nyears = [2024, 2022]\nlanguage = \"de\"\ncolour = \"red\"\n\n[privacy]\nmin_count = 5\nmaximum = 3\n";
        let ps = problems(text);
        let lines: Vec<_> = ps.iter().map(|p| p.line).collect();
        assert!(ps.iter().any(|p| p.line == Some(6) && p.message.contains("colour")), "{ps:?}");
        assert!(ps.iter().any(|p| p.line == Some(10) && p.message.contains("maximum")), "{ps:?}");
        assert!(ps.iter().any(|p| p.line == Some(4) && p.message.contains("reversed")), "{ps:?}");
        assert!(ps.iter().any(|p| p.line == Some(5) && p.message.contains("unknown language")), "{ps:?}");
        assert_eq!(ps.len(), 4, "{lines:?}");
    }

    #[test]
    fn wrong_types_and_unknown_codes() {
        let text = "[pipeline]\nname = \"x\"\narea = { municipalities = [\"564\", \"Olu\"] }\nyears = [2022, 2024]\n\n[[activity]]\nfiles = [\"nothing/*.xlsx\"]\nprovider_type = \"libary\"\ncolumns = { dat = \"Pvm\" }\n";
        let ps = problems(text);
        assert!(ps.iter().any(|p| p.line == Some(3) && p.message.contains("did you mean Oulu (564)")), "{ps:?}");
        assert!(ps.iter().any(|p| p.line == Some(7) && p.message.contains("matches no file")), "{ps:?}");
        assert!(ps.iter().any(|p| p.line == Some(8) && p.message.contains("libary")), "{ps:?}");
        assert!(ps.iter().any(|p| p.line == Some(9) && p.message.contains("dat")), "{ps:?}");
    }

    #[test]
    fn words_with_a_key_that_does_not_exist_are_listed_with_the_valid_keys() {
        let text = "[pipeline]\nname = \"x\"\narea = { region = \"17\" }\nyears = [2022, 2024]\n\n[words]\ntopic = { \"veneilyluvat\" = \"public_eservices\", \"sukututkimus\" = \"genealogy\" }\nchannel = { \"messuosasto\" = \"in_person\" }\nage_group = { \"eläkeläinen\" = \"senior\" }\nflavour = { \"x\" = \"y\" }\n";
        let ps = problems(text);
        assert!(
            ps.iter()
                .any(|p| p.line == Some(7) && p.message.contains("genealogy") && p.message.contains("device_basics, e_identification")),
            "{ps:?}"
        );
        assert!(
            ps.iter().any(|p| p.line == Some(9)
                && p.message.contains("senior")
                && p.message.contains("under_30, 30_64, 65_74, 75_plus, unknown")),
            "{ps:?}"
        );
        assert!(ps.iter().any(|p| p.line == Some(10) && p.message.contains("flavour")), "{ps:?}");
        assert_eq!(ps.len(), 3, "{ps:?}");
    }

    #[test]
    fn syntax_errors_stop_early_with_a_line() {
        let ps = problems("[pipeline]\nname = \"x\nyears = [2022]\n");
        assert!(!ps.is_empty());
        assert_eq!(ps[0].line, Some(2), "{ps:?}");
    }

    #[test]
    fn a_good_file_compiles() {
        let dir = std::env::temp_dir().join(format!("digihyte-pipeline-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/log.csv"), "x").unwrap();
        let text = "[pipeline]\nname = \"pp\"\narea = { region = \"17\" }\nyears = [2022, 2024]\nlanguage = \"sv\"\n\n[[activity]]\nfiles = [\"a/*.csv\"]\nmunicipality = \"Uleåborg\"\nprovider_type = \"library\"\ncolumns = { date = \"Käyntipäivä\" }\n\n[need]\nindicators = [{ id = 4287 }, { id = 171, weight = 2.0, direction = \"lower_is_more_need\" }]\n\n[words]\ntopic = { \"veneilyluvat\" = \"public_eservices\" }\nage_group = { \"eläkeläinen\" = \"unknown\" }\n";
        let plan = compile(&dir.join("p.toml"), text).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(plan.municipalities.len(), 30);
        assert_eq!((plan.first_year, plan.last_year), (2022, 2024));
        assert_eq!(plan.language, Language::Sv);
        assert_eq!(plan.sources[0].files.len(), 1);
        assert_eq!(plan.sources[0].default_municipality, Some(564));
        assert_eq!(plan.sources[0].columns, vec![(Field::Date, "Käyntipäivä".to_string())]);
        assert_eq!(plan.need[1].direction, NeedDirection::LowerIsMoreNeed);
        assert_eq!(plan.min_count, 5);
        assert_eq!(
            plan.words.0,
            vec![
                (Dimension::Topic, "veneilyluvat".to_string(), "public_eservices".to_string()),
                (Dimension::AgeGroup, "eläkeläinen".to_string(), "unknown".to_string())
            ]
        );
    }

    #[test]
    fn output_paths_are_cleaned() {
        assert_eq!(lexically_clean(Path::new("pipelines/../reports/x")), PathBuf::from("reports/x"));
        assert_eq!(lexically_clean(Path::new("./a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(lexically_clean(Path::new("../up")), PathBuf::from("../up"));
        assert_eq!(lexically_clean(Path::new("a/..")), PathBuf::from("."));
    }
}
