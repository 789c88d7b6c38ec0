//! Alternative text of a chart: what it shows and its figures, in the report language, so
//! that a screen reader gives what the picture gives (the Act on the Provision of Digital
//! Services asks it of every published document).

use super::{BarChart, ChartSpec, HBarChart, Scatter};
use crate::locale::{format_number, format_percent, localized};

/// At most this many categories are read out; the rest are summarised.
const MAX_ITEMS: usize = 12;

/// The chart's alternative text.
pub fn alt_text(spec: &ChartSpec) -> String {
    match spec {
        ChartSpec::Bar(c) => bar(c),
        ChartSpec::HBar(c) => hbar(c),
        ChartSpec::Scatter(c) => scatter(c),
        ChartSpec::Map(c) => map(c),
    }
}

fn map(c: &super::MapChart) -> String {
    let lang = c.lang.as_str();
    let kind = localized(lang, "Kartta", "Karta", "Map");
    let municipalities = |n: usize| {
        format!(
            "{n} {}",
            if n == 1 {
                localized(lang, "kunta", "kommun", "municipality")
            } else {
                localized(lang, "kuntaa", "kommuner", "municipalities")
            }
        )
    };
    let mut out = format!("{kind}: {}.", c.title);
    if c.legend {
        out.push_str(&format!(" {}.", c.legend_title));
        for (i, class) in c.classes.iter().enumerate() {
            let names: Vec<&str> = c.areas.iter().filter(|a| a.class == Some(i)).map(|a| a.name.as_str()).collect();
            let list = if names.len() <= 6 && !names.is_empty() { format!(" ({})", names.join(", ")) } else { String::new() };
            out.push_str(&format!(" {}: {}{list}.", class.label, municipalities(names.len())));
        }
        if let Some(hidden) = &c.hidden {
            let n = c.areas.iter().filter(|a| a.class.is_none()).count();
            if n > 0 {
                out.push_str(&format!(" {hidden}: {}.", municipalities(n)));
            }
        }
    } else if let Some(a) = c.areas.iter().find(|a| a.emphasis) {
        out.push_str(&format!(" {} {}.", a.name, localized(lang, "korostettuna", "markerad", "highlighted")));
    }
    out
}

fn not_published(lang: &str) -> &'static str {
    localized(lang, "ei julkaistu", "inte publicerat", "not published")
}

fn value(v: Option<f64>, decimals: usize, percent: bool, lang: &str) -> String {
    match v {
        Some(x) if x.is_finite() && percent => format_percent(x, 1, lang),
        Some(x) if x.is_finite() => format_number(x, decimals, lang),
        _ => not_published(lang).to_string(),
    }
}

fn bar(c: &BarChart) -> String {
    let lang = c.lang.as_str();
    let kind = localized(lang, "Pylväskaavio", "Stapeldiagram", "Bar chart");
    let mut out = format!("{kind}: {}. {}.", c.title, c.y_label);
    for s in &c.series {
        let items: Vec<String> =
            c.categories.iter().zip(&s.values).map(|(cat, v)| format!("{cat} {}", value(*v, c.decimals, false, lang))).collect();
        out.push_str(&format!(" {}: {}.", s.label, items.join("; ")));
    }
    out
}

fn hbar(c: &HBarChart) -> String {
    let lang = c.lang.as_str();
    let kind = localized(lang, "Vaakapylväskaavio", "Liggande stapeldiagram", "Horizontal bar chart");
    let decimals = if c.values.iter().flatten().all(|v| v.fract() == 0.0) { 0 } else { 1 };
    let mut items: Vec<(usize, &String, Option<f64>)> =
        c.categories.iter().zip(&c.values).enumerate().map(|(i, (k, v))| (i, k, *v)).collect();
    let mut out = format!("{kind}: {}. {}.", c.title, c.x_label);
    if items.len() > MAX_ITEMS {
        // Many bars (municipalities): the largest and smallest, and how many are hidden.
        items.sort_by(|a, b| b.2.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.2.unwrap_or(f64::NEG_INFINITY)).then(a.0.cmp(&b.0)));
        let shown: Vec<&(usize, &String, Option<f64>)> = items.iter().filter(|x| x.2.is_some()).collect();
        let hidden = items.len() - shown.len();
        let list = |xs: &[&(usize, &String, Option<f64>)]| {
            xs.iter().map(|(_, k, v)| format!("{k} {}", value(*v, decimals, c.percent, lang))).collect::<Vec<_>>().join("; ")
        };
        let top = &shown[..shown.len().min(5)];
        let bottom = &shown[shown.len().saturating_sub(3).max(top.len())..];
        out.push_str(&format!(
            " {} {}: {}.",
            items.len(),
            localized(lang, "pylvästä, suurimmat", "staplar, de största", "bars; the largest"),
            list(top)
        ));
        if !bottom.is_empty() {
            out.push_str(&format!(" {}: {}.", localized(lang, "Pienimmät", "De minsta", "The smallest"), list(bottom)));
        }
        if hidden > 0 {
            out.push_str(&format!(" {hidden} {}.", localized(lang, "ei julkaistu", "inte publicerade", "not published")));
        }
    } else {
        let list: Vec<String> = items.iter().map(|(_, k, v)| format!("{k} {}", value(*v, decimals, c.percent, lang))).collect();
        out.push_str(&format!(" {}.", list.join("; ")));
    }
    out
}

fn scatter(c: &Scatter) -> String {
    let lang = c.lang.as_str();
    let kind = localized(lang, "Hajontakuvio", "Spridningsdiagram", "Scatter chart");
    let mut out = format!(
        "{kind}: {}. {} {}, {} {}.",
        c.title,
        localized(lang, "Vaaka-akselilla", "Vågrät axel:", "Horizontal axis:"),
        c.x_label,
        localized(lang, "pystyakselilla", "lodrät axel:", "vertical axis:"),
        c.y_label
    );
    out.push_str(&format!(" {} {}.", c.points.len(), localized(lang, "kuntaa", "kommuner", "municipalities")));
    if let (Some(mx), Some(my)) = (c.x_median, c.y_median) {
        let (mut hl, mut hh, mut ll, mut lh) = (Vec::new(), 0, 0, 0);
        for (name, x, y) in &c.points {
            match (*x >= mx, *y >= my) {
                (true, false) => hl.push(name.as_str()),
                (true, true) => hh += 1,
                (false, false) => ll += 1,
                (false, true) => lh += 1,
            }
        }
        out.push_str(&format!(
            " {}: {} {}, {} {}.",
            localized(lang, "Mediaanit", "Medianer", "Medians"),
            c.x_label,
            format_number(mx, 2, lang),
            c.y_label,
            format_number(my, 1, lang)
        ));
        out.push_str(&format!(
            " {}: {} ({}). {}: {}; {}: {}; {}: {}.",
            localized(lang, "Suuri tarve, pieni tavoittavuus", "Stort behov, liten räckvidd", "High need, low reach"),
            hl.len(),
            if hl.is_empty() { "–".to_string() } else { hl.join(", ") },
            localized(lang, "suuri tarve, suuri tavoittavuus", "stort behov, stor räckvidd", "high need, high reach"),
            hh,
            localized(lang, "pieni tarve, pieni tavoittavuus", "litet behov, liten räckvidd", "low need, low reach"),
            ll,
            localized(lang, "pieni tarve, suuri tavoittavuus", "litet behov, stor räckvidd", "low need, high reach"),
            lh
        ));
    }
    out
}
