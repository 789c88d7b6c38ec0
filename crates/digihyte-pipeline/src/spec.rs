//! The raw shape of a pipeline file. Every table denies unknown keys.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    pub pipeline: PipelineSection,
    #[serde(default)]
    pub privacy: Option<PrivacySection>,
    #[serde(default)]
    pub activity: Vec<Spanned<ActivitySpec>>,
    #[serde(default)]
    pub feedback: Vec<Spanned<FeedbackSpec>>,
    #[serde(default)]
    pub actor_survey: Vec<Spanned<ActorSurveySpec>>,
    #[serde(default)]
    pub indicators: Vec<Spanned<IndicatorSpec>>,
    #[serde(default)]
    pub need: Option<NeedSpec>,
    #[serde(default)]
    pub words: Option<WordsSpec>,
}

/// `[words]`: a job's own words, per dimension, word → key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsSpec {
    #[serde(default)]
    pub topic: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub channel: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub provider_type: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub age_group: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSection {
    pub name: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub area: Spanned<AreaSpec>,
    pub years: Spanned<Vec<i64>>,
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub output: Option<Spanned<String>>,
    /// Exit with status 1 when more than this share (0–1) of the rows read is rejected.
    #[serde(default)]
    pub max_rejected: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaSpec {
    #[serde(default)]
    pub region: Option<Spanned<String>>,
    #[serde(default)]
    pub municipalities: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub country: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySection {
    #[serde(default)]
    pub min_count: Option<Spanned<i64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub municipality: Option<Spanned<String>>,
    #[serde(default)]
    pub provider_type: Option<Spanned<String>>,
    #[serde(default)]
    pub columns: BTreeMap<Spanned<String>, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackSpec {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub municipality: Option<Spanned<String>>,
    #[serde(default)]
    pub columns: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    pub items: BTreeMap<Spanned<String>, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorSurveySpec {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub columns: BTreeMap<Spanned<String>, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedSpec {
    pub indicators: Vec<Spanned<NeedIndicatorSpec>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedIndicatorSpec {
    pub id: Spanned<i64>,
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
}
