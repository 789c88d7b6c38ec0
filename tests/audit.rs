//! The outsider's audit: attacks the published tables (`data/` of a run) as someone without
//! the raw data would, and fails if any hidden count of persons that is small can be pinned
//! or narrowed below its full range 1 … min − 1.
//!
//! This is written apart from `digihyte-publish` (which decides what is hidden) and shares
//! none of its code: it reads only the CSV files, builds the relations an outsider can see
//! in them, and propagates intervals through them until nothing narrows. The true values
//! come from `internal/`, only to judge what was found.
//!
//! What the outsider knows of a cell:
//! - a number: its value;
//! - `<min`: 1 … min − 1;
//! - empty, where the cell's total is published (not small): hidden by secondary
//!   suppression, which the workbooks mark `..` — so *not* 1 … min − 1 (0 or at least min);
//! - empty under a total that is itself small or empty: nothing (0 … ∞).
//!
//! The relations: every area row is the sum of its municipalities (reach counts and hours,
//! every mix key, every feedback count; the area's respondents include those who named no
//! municipality); a row's channels, providers and age groups each sum to its events; n₁…n₅
//! sum to n and yes ≤ n; clients ⊇ 65+ ⊇ 75+ (so the clients under 65 and aged 65–74 are
//! counts too); distinct clients ≤ events with a client code, and the area's distinct clients
//! at most the sum of its municipalities'; a published rate with its population gives its
//! count; a published share gives its count from the total; a published mean gives
//! Σ k · nₖ; a published change gives the previous year from this year's value.

use crate::support::read_csv;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

type Row = BTreeMap<String, String>;
/// (area code, year).
type Key = (String, String);
/// The area's cell and its municipalities' cells.
type TotalAndParts<T> = (Option<T>, Vec<T>);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    Value(f64),
    Small,
    /// Hidden by secondary suppression: 0 or ≥ min.
    NotSmall,
    Nothing,
    /// An empty cell, before it is known which of the two it is.
    Empty,
}

#[derive(Debug, Clone)]
struct Var {
    known: Known,
    integer: bool,
    /// The true value (from internal/), for judging; `None` for slacks.
    truth: Option<f64>,
    /// A count of persons whose narrowing matters.
    counted: bool,
    what: String,
}

#[derive(Default)]
struct Attack {
    vars: Vec<Var>,
    /// Σ coef · x = constant.
    rels: Vec<(Vec<(usize, f64)>, f64)>,
    min: f64,
    /// (total, part, within the row): a part is a breakdown of its total. An empty part
    /// under a small total says nothing (nor, in turn, do the empty parts under it); within
    /// a row, an empty part under a total that is hidden at all says nothing.
    parents: Vec<(usize, usize, bool)>,
}

/// What the audit found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Hidden counts that can be pinned or narrowed: what, true value, interval found.
    pub leaks: Vec<(String, f64, f64, f64)>,
    /// Counts published between 1 and min − 1, or hidden as "not small" while small.
    pub wrong_marks: Vec<String>,
    /// Cells hidden (as `<min`, by secondary suppression, or under a small total).
    pub hidden: usize,
    /// Cells the workbooks mark `..`, found among the CSV's cells.
    pub marked: usize,
    pub relations: usize,
}

impl Attack {
    fn var(&mut self, known: Known, integer: bool, truth: Option<f64>, counted: bool, what: String) -> usize {
        self.vars.push(Var { known, integer, truth, counted, what });
        self.vars.len() - 1
    }
    /// total = Σ parts, across areas (`row = false`) or within a row.
    fn sum_of(&mut self, total: usize, parts: &[usize], row: bool) {
        let mut t = vec![(total, -1.0)];
        t.extend(parts.iter().map(|&p| (p, 1.0)));
        self.rels.push((t, 0.0));
        self.parents.extend(parts.iter().map(|&p| (total, p, row)));
    }
    fn sum(&mut self, total: usize, parts: &[usize]) {
        self.sum_of(total, parts, false)
    }

    /// What each empty cell is, as far as an outsider can tell: hidden by secondary
    /// suppression (not small) only when every total above it is a value or itself hidden as
    /// not small, and its row total is a value; otherwise it may be the withheld breakdown
    /// of a small or hidden figure, and says nothing. Cells that a workbook marks `..` are
    /// not small whatever the structure (`marked`).
    fn resolve_empty(&mut self) {
        let n = self.vars.len();
        // 0 unresolved, 1 not small, 2 nothing.
        let mut state = vec![0u8; n];
        for (i, v) in self.vars.iter().enumerate() {
            if v.known != Known::Empty {
                state[i] = if v.known == Known::NotSmall { 1 } else { 2 };
            }
        }
        let mut parents: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
        for &(t, p, row) in &self.parents {
            parents[p].push((t, row));
        }
        let is_value = |k: Known| matches!(k, Known::Value(_));
        let mut changed = true;
        while changed {
            changed = false;
            for p in 0..n {
                if state[p] != 0 {
                    continue;
                }
                let mut all_known = true;
                let mut nothing = false;
                for &(t, row) in &parents[p] {
                    let k = self.vars[t].known;
                    let t_state = match k {
                        Known::Empty => state[t],
                        Known::Value(_) | Known::NotSmall => 1,
                        _ => 2,
                    };
                    match t_state {
                        0 => all_known = false,
                        2 => nothing = true,
                        _ => nothing |= row && !is_value(k),
                    }
                }
                if nothing {
                    state[p] = 2;
                    changed = true;
                } else if all_known {
                    state[p] = 1;
                    changed = true;
                }
            }
        }
        for (v, s) in self.vars.iter_mut().zip(state) {
            if v.known == Known::Empty {
                v.known = if s == 1 { Known::NotSmall } else { Known::Nothing };
            }
        }
    }

    /// total = Σ parts + an unknown remainder, itself a count of persons (`what`).
    fn remainder(&mut self, total: usize, parts: &[usize], what: String, row: bool) {
        let truth = self.vars[total].truth.zip(parts.iter().map(|&p| self.vars[p].truth).sum::<Option<f64>>()).map(|(t, p)| t - p);
        let r = self.var(Known::Nothing, true, truth, true, what);
        let mut all = parts.to_vec();
        all.push(r);
        self.sum_of(total, &all, row);
    }

    /// Σ small ≤ Σ large.
    fn at_most(&mut self, small: &[usize], large: &[usize]) {
        let slack = self.var(Known::Nothing, false, None, false, String::new());
        let mut t: Vec<(usize, f64)> = small.iter().map(|&v| (v, 1.0)).collect();
        t.push((slack, 1.0));
        t.extend(large.iter().map(|&v| (v, -1.0)));
        self.rels.push((t, 0.0));
    }

    fn start(&self, v: &Var) -> (f64, f64) {
        match v.known {
            Known::Value(x) => (x, x),
            Known::Small => (1.0, self.min - 1.0),
            Known::NotSmall | Known::Nothing | Known::Empty => (0.0, f64::INFINITY),
        }
    }

    fn fit(&self, v: &Var, (mut lo, mut hi): (f64, f64)) -> (f64, f64) {
        if v.integer {
            lo = (lo - 1e-7).ceil();
            hi = (hi + 1e-7).floor();
        }
        if v.known == Known::NotSmall {
            if lo > 1e-9 && lo < self.min {
                lo = self.min;
            }
            if hi < self.min - 1e-9 {
                hi = 0.0;
            }
        }
        (lo, hi)
    }

    /// Interval propagation to a fixed point (rounds capped for real-valued cells).
    fn propagate(&self) -> Vec<(f64, f64)> {
        let mut b: Vec<(f64, f64)> = self.vars.iter().map(|v| self.fit(v, self.start(v))).collect();
        for _round in 0..500 {
            let mut changed = false;
            for (terms, constant) in &self.rels {
                // Σ of the terms' lowest and highest values, the unbounded ones counted apart.
                let range = |b: &[(f64, f64)], i: usize, c: f64| {
                    let (l, h) = b[i];
                    if c > 0.0 {
                        (c * l, c * h)
                    } else {
                        (c * h, c * l)
                    }
                };
                let (mut lo_sum, mut hi_sum, mut lo_inf, mut hi_inf) = (0.0, 0.0, 0, 0);
                for &(i, ci) in terms {
                    let (a, z) = range(&b, i, ci);
                    if a.is_finite() {
                        lo_sum += a
                    } else {
                        lo_inf += 1
                    }
                    if z.is_finite() {
                        hi_sum += z
                    } else {
                        hi_inf += 1
                    }
                }
                for &(j, cj) in terms {
                    // cj·xj = constant − Σ others
                    let (a, z) = range(&b, j, cj);
                    let others_lo =
                        if lo_inf > usize::from(!a.is_finite()) { f64::NEG_INFINITY } else { lo_sum - if a.is_finite() { a } else { 0.0 } };
                    let others_hi =
                        if hi_inf > usize::from(!z.is_finite()) { f64::INFINITY } else { hi_sum - if z.is_finite() { z } else { 0.0 } };
                    let (lo, hi) = (constant - others_hi, constant - others_lo);
                    let (nl, nh) = if cj > 0.0 { (lo / cj, hi / cj) } else { (hi / cj, lo / cj) };
                    let cur = b[j];
                    let next = self.fit(&self.vars[j], (cur.0.max(nl), cur.1.min(nh)));
                    if next.0 > cur.0 + 1e-6 || next.1 < cur.1 - 1e-6 {
                        b[j] = next;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        b
    }

    fn findings(&mut self) -> Findings {
        self.resolve_empty();
        let b = self.propagate();
        let mut f = Findings { relations: self.rels.len(), ..Findings::default() };
        for (v, &(lo, hi)) in self.vars.iter().zip(&b) {
            if !v.counted {
                continue;
            }
            let Some(t) = v.truth else { continue };
            let small = t >= 1.0 && t <= self.min - 1.0;
            match v.known {
                Known::Value(x) if x >= 1.0 && x <= self.min - 1.0 => f.wrong_marks.push(format!("{} published as {x}", v.what)),
                Known::NotSmall if small => f.wrong_marks.push(format!("{} hidden as not small but is {t}", v.what)),
                Known::Value(_) => {}
                _ => f.hidden += usize::from(!v.what.starts_with("virtual")),
            }
            if small && !matches!(v.known, Known::Value(_)) && (lo > 1.0 + 1e-9 || hi < self.min - 1.0 - 1e-9) {
                f.leaks.push((v.what.clone(), t, lo, hi));
            }
        }
        f
    }
}

fn key(r: &Row) -> (String, String) {
    (r["area_code"].clone(), r["year"].clone())
}

/// The cells the workbooks mark `..` (hidden by secondary suppression: not small), named as
/// the audit names its cells (`reach 564 2024 events`, `mix 564 2024 channel.phone`,
/// `feedback 564 2024 got_help n`): what an outsider learns from the workbooks beyond the CSV.
fn workbook_marks(out: &Path, lang: &str) -> std::collections::HashSet<String> {
    use calamine::{open_workbook_auto, Data, Reader};
    use digihyte_report::labels::t;
    let mut marks = std::collections::HashSet::new();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        _ => String::new(),
    };
    let reach_cols: [(usize, &str); 6] = [(3, "events"), (4, "clients"), (5, "unique"), (8, "65+"), (9, "75+"), (7, "support_points")];
    let dims =
        [("topic", "sheet_topics"), ("channel", "sheet_channels"), ("provider_type", "sheet_providers"), ("age_group", "sheet_ages")];
    let keys: Vec<(&str, Vec<&str>)> = vec![
        ("topic", digihyte_core::Topic::ALL.iter().map(|k| k.key()).collect()),
        ("channel", digihyte_core::Channel::ALL.iter().map(|k| k.key()).collect()),
        ("provider_type", digihyte_core::ProviderType::ALL.iter().map(|k| k.key()).collect()),
        ("age_group", digihyte_core::AgeGroup::ALL.iter().map(|k| k.key()).collect()),
    ];
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default()).unwrap_or_default();
    let report_year = manifest["years"][1].as_i64().unwrap_or(0);
    let first_year = manifest["years"][0].as_i64().unwrap_or(0);
    let Ok(files) = std::fs::read_dir(out.join("workbooks")) else { return marks };
    for f in files.flatten() {
        let path = f.path();
        let Ok(mut wb) = open_workbook_auto(&path) else { continue };
        // `<name>_<code>_<slug>.xlsx` is a municipality's appendix.
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let muni: Option<String> = stem.split('_').find(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit())).map(str::to_string);
        let area_code =
            read_csv(&out.join("data/reach.csv")).into_iter().find(|r| r["area_type"] != "municipality").map(|r| r["area_code"].clone());
        // Reach tables: code in column B, year in C.
        if let Ok(range) = wb.worksheet_range(&t(lang, "sheet_reach")) {
            for r in range.rows() {
                let (Some(code), Some(Data::Float(y))) = (r.get(1).map(text), r.get(2)) else { continue };
                for (c, name) in reach_cols {
                    if r.get(c).map(text).as_deref() == Some("..") {
                        marks.insert(format!("reach {code} {} {name}", *y as i32));
                    }
                }
            }
        }
        for (dim, sheet) in dims {
            let Ok(range) = wb.worksheet_range(&t(lang, sheet)) else { continue };
            let labels: Vec<(String, &str)> =
                keys.iter().find(|k| k.0 == dim).expect("dim").1.iter().map(|k| (t(lang, &format!("{dim}.{k}")), *k)).collect();
            for r in range.rows() {
                let Some(key) = r.first().map(text).and_then(|l| labels.iter().find(|x| x.0 == l).map(|x| x.1)) else { continue };
                let mut mark = |code: &str, year: i64, col: usize| {
                    if r.get(col).map(text).as_deref() == Some("..") {
                        marks.insert(format!("mix {code} {year} {dim}.{key}"));
                    }
                };
                match (&muni, &area_code) {
                    (Some(m), Some(a)) => {
                        mark(m, report_year, 1);
                        mark(a, report_year, 3);
                    }
                    (None, Some(a)) => {
                        for (i, y) in (first_year..=report_year).enumerate() {
                            mark(a, y, 1 + 2 * i);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    marks
}

/// Attacks the published tables of the run in `out`.
pub fn audit(out: &Path) -> Findings {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
    let min = manifest["min_count"].as_f64().expect("min_count");
    let mut a = Attack { min, ..Attack::default() };
    let small_mark = format!("<{min}");
    let published = |dir: &str, name: &str| read_csv(&out.join(dir).join(name));
    let index = |rows: Vec<Row>| -> HashMap<(String, String), Row> { rows.into_iter().map(|r| (key(&r), r)).collect() };

    // A count cell; what an empty one is, is decided once every relation is known.
    let count = |a: &mut Attack, text: &str, truth: &str, _total: bool, what: String| -> usize {
        let known = if text == small_mark {
            Known::Small
        } else if text.is_empty() {
            Known::Empty
        } else {
            Known::Value(text.parse().unwrap_or_else(|_| panic!("{what}: {text:?}")))
        };
        a.var(known, true, truth.parse().ok(), true, what)
    };
    let is_value = |t: &str| !t.is_empty() && !t.starts_with('<');
    // A total whose parts are marked: a value or hidden as not small (empty where the row
    // itself is a top-level count).
    let not_small = |t: &str| !t.starts_with('<');

    // --- Reach.
    let reach = published("data", "reach.csv");
    let reach_truth = index(published("internal", "reach.csv"));
    let mut rv: HashMap<(String, String), HashMap<&'static str, usize>> = HashMap::new();
    for r in &reach {
        let t = &reach_truth[&key(r)];
        let at = format!("{} {}", r["area_code"], r["year"]);
        let mut v = HashMap::new();
        v.insert("events", count(&mut a, &r["events"], &t["events"], true, format!("reach {at} events")));
        v.insert("clients", count(&mut a, &r["clients"], &t["clients"], true, format!("reach {at} clients")));
        let ev_pub = is_value(&r["events"]) || r["events"] == "0";
        for c in ["events_with_client_id", "events_with_duration"] {
            // Hidden with the events when those are hidden.
            v.insert(c, count(&mut a, &r[c], &t[c], ev_pub, format!("reach {at} {c}")));
        }
        let cl_pub = not_small(&r["clients"]);
        v.insert("clients_65plus", count(&mut a, &r["clients_65plus"], &t["clients_65plus"], cl_pub, format!("reach {at} 65+")));
        let c65_pub = cl_pub && not_small(&r["clients_65plus"]);
        v.insert("clients_75plus", count(&mut a, &r["clients_75plus"], &t["clients_75plus"], c65_pub, format!("reach {at} 75+")));
        if !t["unique_clients"].is_empty() {
            v.insert("unique_clients", count(&mut a, &r["unique_clients"], &t["unique_clients"], true, format!("reach {at} unique")));
        }
        let hours = match r["hours"].as_str() {
            "" => Known::Nothing,
            h => Known::Value(h.parse().expect("hours")),
        };
        v.insert("hours", a.var(hours, false, t["hours"].parse().ok(), false, format!("reach {at} hours")));
        // Within the row.
        a.remainder(v["clients"], &[v["clients_65plus"]], format!("virtual {at} clients under 65"), true);
        a.remainder(v["clients_65plus"], &[v["clients_75plus"]], format!("virtual {at} clients 65–74"), true);
        for c in ["events_with_client_id", "events_with_duration", "hours"] {
            a.parents.push((v["events"], v[c], true));
        }
        if let Some(&u) = v.get("unique_clients") {
            a.at_most(&[u], &[v["events_with_client_id"]]);
            a.parents.push((v["events_with_client_id"], u, true));
        }
        // A rate with its population gives the count.
        for (rate, base, pop) in [
            ("clients_per_1000", "clients", "population"),
            ("clients_65plus_per_1000_65plus", "clients_65plus", "population_65plus"),
            ("clients_75plus_per_1000_75plus", "clients_75plus", "population_75plus"),
        ] {
            if let (Ok(x), Ok(p)) = (r[rate].parse::<f64>(), r[pop].parse::<f64>()) {
                a.rels.push((vec![(v[base], 1.0)], x * p / 1000.0));
            }
        }
        rv.insert(key(r), v);
    }
    let mut by_year: BTreeMap<String, (Vec<Key>, Vec<Key>)> = BTreeMap::new();
    for r in &reach {
        let e = by_year.entry(r["year"].clone()).or_default();
        if r["area_type"] == "municipality" {
            e.0.push(key(r));
        } else {
            e.1.push(key(r));
        }
    }
    for (munis, areas) in by_year.values() {
        for area in areas {
            for c in ["events", "clients", "events_with_client_id", "events_with_duration", "hours", "clients_65plus", "clients_75plus"] {
                let parts: Vec<usize> = munis.iter().map(|m| rv[m][c]).collect();
                a.sum(rv[area][c], &parts);
            }
            if let Some(&u) = rv[area].get("unique_clients") {
                let parts: Vec<usize> = munis.iter().filter_map(|m| rv[m].get("unique_clients").copied()).collect();
                if parts.len() == munis.len() {
                    a.at_most(&[u], &parts);
                }
                for p in parts {
                    a.at_most(&[p], &[u]);
                    a.parents.push((u, p, false));
                }
            }
        }
    }

    // --- Trend: a published change gives last year's value from this year's.
    for r in published("data", "trend.csv") {
        let (Ok(change), Some(now), Some(prev)) = (
            r["change"].parse::<f64>(),
            rv.get(&key(&r)),
            rv.get(&(r["area_code"].clone(), (r["year"].parse::<i32>().expect("year") - 1).to_string())),
        ) else {
            continue;
        };
        let metric = r["metric"].as_str();
        if let (Some(&x), Some(&y)) = (now.get(metric), prev.get(metric)) {
            a.rels.push((vec![(x, 1.0), (y, -1.0)], change));
        }
    }

    // --- Mix.
    let mix_truth: HashMap<(String, String, String, String), String> = published("internal", "mix.csv")
        .into_iter()
        .map(|r| ((r["area_code"].clone(), r["year"].clone(), r["dimension"].clone(), r["key"].clone()), r["events"].clone()))
        .collect();
    let mut mv: BTreeMap<(String, String, String), Vec<(String, usize)>> = BTreeMap::new();
    let reach_pub: HashMap<(String, String), Row> = reach.iter().map(|r| (key(r), r.clone())).collect();
    for r in published("data", "mix.csv") {
        let k = (r["area_code"].clone(), r["year"].clone());
        let events_text = reach_pub.get(&k).map(|x| x["events"].clone()).unwrap_or_default();
        let truth = &mix_truth[&(k.0.clone(), k.1.clone(), r["dimension"].clone(), r["key"].clone())];
        let what = format!("mix {} {} {}.{}", k.0, k.1, r["dimension"], r["key"]);
        let v = count(&mut a, &r["events"], truth, not_small(&events_text), what);
        // A share with its published total gives the count.
        if let (Ok(share), Ok(total)) = (r["share"].parse::<f64>(), events_text.parse::<f64>()) {
            a.rels.push((vec![(v, 1.0)], share * total));
        }
        mv.entry((k.0, k.1, r["dimension"].clone())).or_default().push((r["key"].clone(), v));
    }
    for ((code, year, dim), keys) in &mv {
        if let Some(v) = rv.get(&(code.clone(), year.clone())) {
            if dim == "topic" {
                // An event may have several topics: each is a part of the events.
                a.parents.extend(keys.iter().map(|k| (v["events"], k.1, true)));
            } else {
                a.sum_of(v["events"], &keys.iter().map(|k| k.1).collect::<Vec<_>>(), true);
            }
        }
    }
    let area_codes: Vec<String> = reach.iter().filter(|r| r["area_type"] != "municipality").map(|r| r["area_code"].clone()).collect();
    let mut per_key: BTreeMap<(String, String, String), TotalAndParts<usize>> = BTreeMap::new();
    for ((code, year, dim), keys) in &mv {
        for (k, v) in keys {
            let e = per_key.entry((year.clone(), dim.clone(), k.clone())).or_default();
            if area_codes.contains(code) {
                e.0 = Some(*v);
            } else {
                e.1.push(*v);
            }
        }
    }
    for (total, parts) in per_key.values() {
        if let Some(t) = total {
            a.sum(*t, parts);
        }
    }

    // --- Feedback.
    let fb_truth: HashMap<(String, String, String), Row> = published("internal", "feedback.csv")
        .into_iter()
        .map(|r| ((r["area_code"].clone(), r["year"].clone(), r["item"].clone()), r))
        .collect();
    let mut fv: BTreeMap<(String, String), TotalAndParts<Vec<usize>>> = BTreeMap::new();
    for r in published("data", "feedback.csv") {
        let k = (r["area_code"].clone(), r["year"].clone(), r["item"].clone());
        let t = &fb_truth[&k];
        let at = format!("{} {} {}", k.0, k.1, k.2);
        let n = count(&mut a, &r["n"], &t["n"], true, format!("feedback {at} n"));
        let n_pub = not_small(&r["n"]);
        let yes_no = !r["yes"].is_empty() || !t["yes"].is_empty();
        let mut cells = vec![n];
        if yes_no {
            let y = count(&mut a, &r["yes"], &t["yes"], n_pub, format!("feedback {at} yes"));
            a.remainder(n, &[y], format!("virtual {at} no"), true);
            if let (Ok(share), Ok(total)) = (r["share_yes"].parse::<f64>(), r["n"].parse::<f64>()) {
                a.rels.push((vec![(y, 1.0)], share * total));
            }
            cells.push(y);
        } else {
            let d: Vec<usize> = (1..=5)
                .map(|i| count(&mut a, &r[&format!("n_{i}")], &t[&format!("n_{i}")], n_pub, format!("feedback {at} n_{i}")))
                .collect();
            a.sum_of(n, &d, true);
            if let Ok(total) = r["n"].parse::<f64>() {
                if let Ok(mean) = r["mean"].parse::<f64>() {
                    a.rels.push((d.iter().enumerate().map(|(i, &x)| (x, (i + 1) as f64)).collect(), mean * total));
                }
                if let Ok(share) = r["share_4_5"].parse::<f64>() {
                    a.rels.push((vec![(d[3], 1.0), (d[4], 1.0)], share * total));
                }
            }
            cells.extend(d);
        }
        let e = fv.entry((k.1.clone(), k.2.clone())).or_default();
        if area_codes.contains(&k.0) {
            e.0 = Some(cells);
        } else {
            e.1.push(cells);
        }
    }
    for ((year, item), (total, parts)) in &fv {
        let Some(total) = total else { continue };
        for (i, &t) in total.iter().enumerate() {
            let ps: Vec<usize> = parts.iter().filter_map(|p| p.get(i).copied()).collect();
            a.remainder(t, &ps, format!("virtual {year} {item} answer {i} of respondents without a municipality"), false);
        }
    }
    // What the workbooks say besides the CSV: a `..` cell is not small.
    let marks = workbook_marks(out, manifest["language"].as_str().unwrap_or("fi"));
    let mut marked = 0;
    for v in &mut a.vars {
        if marks.contains(&v.what) {
            assert_eq!(v.known, Known::Empty, "{} is marked `..` in a workbook but not empty in the CSV", v.what);
            v.known = Known::NotSmall;
            marked += 1;
        }
    }
    assert_eq!(marked, marks.len(), "every `..` of the workbooks is a cell of the CSV");
    Findings { marked, ..a.findings() }
}

/// Runs `pipeline` (relative to the repository) and audits its published tables.
fn audit_run(pipeline: &str) -> Findings {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let o = crate::support::digihyte(&["run", pipeline, "--out", out.to_str().expect("utf-8"), "--run-date", "2025-01-15", "-q"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{pipeline}: {}", String::from_utf8_lossy(&o.stderr));
    audit(&out)
}

fn assert_safe(name: &str, f: &Findings) {
    assert!(f.wrong_marks.is_empty(), "{name}: {:#?}", f.wrong_marks);
    assert!(
        f.leaks.is_empty(),
        "{name}: {} hidden counts can be worked out (what, true value, lowest, highest): {:#?}",
        f.leaks.len(),
        &f.leaks[..f.leaks.len().min(20)]
    );
    assert!(f.relations > 0);
}

#[test]
fn the_outsider_recovers_nothing_from_the_handworked_fixture() {
    let f = audit_run("fixtures/handworked/pipeline.toml");
    assert!(f.hidden > 50, "the fixture is mostly small counts: {}", f.hidden);
    assert_safe("handworked", &f);
}

#[test]
fn the_outsider_recovers_nothing_from_the_example() {
    let f = audit_run("pipelines/example.toml");
    assert!(f.marked > 10, "the workbooks' `..` marks were read: {}", f.marked);
    assert_safe("example", &f);
}

#[test]
fn the_outsider_recovers_nothing_from_the_metrics_fixture() {
    assert_safe("metrics", &audit_run("fixtures/metrics/pipeline.toml"));
}

#[test]
fn the_outsider_recovers_nothing_from_the_blind_sets() {
    for set in ["a", "b"] {
        let f = audit_run(&format!("fixtures/blind/set_{set}/pipeline.toml"));
        assert!(f.marked > 10, "the workbooks' `..` marks were read: {}", f.marked);
        assert_safe(set, &f);
    }
}

#[test]
fn the_audit_finds_what_primary_suppression_alone_leaves() {
    // The audit itself must be able to fail: with only small counts marked, a region row
    // and its published municipalities give the hidden one away.
    let mut a = Attack { min: 5.0, ..Attack::default() };
    let total = a.var(Known::Value(20.0), true, Some(20.0), true, "region".into());
    let small = a.var(Known::Small, true, Some(3.0), true, "A".into());
    let b = a.var(Known::Value(17.0), true, Some(17.0), true, "B".into());
    a.sum(total, &[small, b]);
    let f = a.findings();
    assert_eq!(f.leaks.len(), 1, "{f:?}");
    assert_eq!((f.leaks[0].2, f.leaks[0].3), (3.0, 3.0));
    // And what the secondary marker says: 2 (<5) beside a hidden 6 in a total of 18 with
    // 10 published leaves the small one at most 3.
    let mut a = Attack { min: 5.0, ..Attack::default() };
    let t = a.var(Known::Value(18.0), true, Some(18.0), true, "t".into());
    let x = a.var(Known::Small, true, Some(2.0), true, "x".into());
    let y = a.var(Known::NotSmall, true, Some(6.0), true, "y".into());
    let z = a.var(Known::Value(10.0), true, Some(10.0), true, "z".into());
    a.sum(t, &[x, y, z]);
    let f = a.findings();
    assert_eq!(f.leaks.len(), 1, "{f:?}");
    assert_eq!(f.leaks[0].3, 3.0);
}

mod generated {
    //! Random linked tables with many small counts: published, written as CSV, attacked.
    use super::{assert_safe, audit};
    use digihyte_core::{FeedbackRow, Metrics, MixRow, ReachRow, TrendRow};
    use proptest::prelude::*;

    /// Splits `total` into `parts` non-negative counts, weighted by `w`.
    fn split(total: u64, w: &[u64]) -> Vec<u64> {
        let sum: u64 = w.iter().sum::<u64>().max(1);
        let mut out: Vec<u64> = w.iter().map(|x| total * x / sum).collect();
        let rest = total - out.iter().sum::<u64>();
        out[0] += rest;
        out
    }

    /// One municipality-year: events, extra clients in groups, shares of 65+ and 75+, and
    /// weights for each key of each dimension and the answers.
    #[derive(Debug, Clone)]
    struct Cell {
        events: u64,
        extra: u64,
        c65: u64,
        c75: u64,
        keys: Vec<Vec<u64>>,
        answers: Vec<u64>,
        n: u64,
        yes: u64,
    }

    fn cell() -> impl Strategy<Value = Cell> {
        (
            prop_oneof![0u64..4, 0u64..12, 5u64..60],
            0u64..6,
            0u64..100,
            0u64..100,
            proptest::collection::vec(proptest::collection::vec(prop_oneof![Just(0u64), 1u64..5, 1u64..30], 4), 4),
            proptest::collection::vec(prop_oneof![Just(0u64), 1u64..4, 1u64..20], 5),
            prop_oneof![0u64..4, 0u64..15],
            0u64..100,
        )
            .prop_map(|(events, extra, p65, p75, keys, answers, n, pyes)| {
                let clients = events + if events > 0 { extra } else { 0 };
                let c65 = clients * p65 / 100;
                let c75 = c65 * p75 / 100;
                Cell { events, extra: clients - events, c65, c75, keys, answers, n, yes: n * pyes / 100 }
            })
    }

    const DIMS: [(&str, [&str; 4]); 4] = [
        ("topic", ["device_basics", "e_identification", "banking_payments", "unknown"]),
        ("channel", ["in_person", "phone", "group", "unknown"]),
        ("provider_type", ["library", "association", "service_point", "unknown"]),
        ("age_group", ["30_64", "65_74", "75_plus", "unknown"]),
    ];

    /// The metrics of `munis` municipalities (codes 1…) and their area (`17`) over the years.
    fn metrics(cells: &[Vec<Cell>]) -> Metrics {
        let mut m = Metrics::default();
        let years = cells[0].len();
        for y in 0..years {
            let year = 2022 + y as i32;
            let mut area =
                ReachRow { area_type: "region".into(), area_code: "17".into(), area_name: "Alue".into(), year, ..ReachRow::default() };
            let mut area_mix = vec![vec![0u64; 4]; 4];
            let mut area_fb = [0u64; 5];
            let (mut area_yes, mut area_n) = (0u64, 0u64);
            for (i, muni) in cells.iter().enumerate() {
                let c = &muni[y];
                let code = format!("{:03}", i + 1);
                let clients = c.events + c.extra;
                let r = ReachRow {
                    area_type: "municipality".into(),
                    area_code: code.clone(),
                    area_name: format!("Kunta {i}"),
                    year,
                    events: c.events,
                    clients,
                    unique_clients: Some(c.events / 2),
                    events_with_client_id: c.events / 2 + c.events % 2,
                    hours: c.events as f64 * 0.75,
                    events_with_duration: c.events - c.events / 4,
                    support_points: 1,
                    clients_65plus: c.c65,
                    clients_75plus: c.c75,
                    population: Some(5000.0),
                    clients_per_1000: Some(clients as f64 / 5.0),
                    ..ReachRow::default()
                };
                area.events += r.events;
                area.clients += r.clients;
                area.unique_clients = Some(area.unique_clients.unwrap_or(0) + r.unique_clients.unwrap_or(0));
                area.events_with_client_id += r.events_with_client_id;
                area.hours += r.hours;
                area.events_with_duration += r.events_with_duration;
                area.clients_65plus += r.clients_65plus;
                area.clients_75plus += r.clients_75plus;
                m.reach.push(r);
                for (d, (dim, keys)) in DIMS.iter().enumerate() {
                    let counts: Vec<u64> =
                        if *dim == "topic" { c.keys[d].iter().map(|w| (*w).min(c.events)).collect() } else { split(c.events, &c.keys[d]) };
                    for (k, key) in keys.iter().enumerate() {
                        area_mix[d][k] += counts[k];
                        m.mix.push(MixRow {
                            area_type: "municipality".into(),
                            area_code: code.clone(),
                            year,
                            dimension: dim.to_string(),
                            key: key.to_string(),
                            events: counts[k],
                            share: (c.events > 0).then(|| counts[k] as f64 / c.events as f64),
                        });
                    }
                }
                let dist = split(c.n, &c.answers);
                let d5 = [dist[0], dist[1], dist[2], dist[3], dist[4]];
                for k in 0..5 {
                    area_fb[k] += d5[k];
                }
                area_n += c.n;
                area_yes += c.yes;
                m.feedback.push(likert(&code, "municipality", year, d5));
                m.feedback.push(yes_no(&code, "municipality", year, c.n, c.yes));
            }
            area.clients_per_1000 = Some(area.clients as f64 / (5.0 * cells.len() as f64));
            area.population = Some(5000.0 * cells.len() as f64);
            for (d, (dim, keys)) in DIMS.iter().enumerate() {
                for (k, key) in keys.iter().enumerate() {
                    m.mix.push(MixRow {
                        area_type: "region".into(),
                        area_code: "17".into(),
                        year,
                        dimension: dim.to_string(),
                        key: key.to_string(),
                        events: area_mix[d][k],
                        share: (area.events > 0).then(|| area_mix[d][k] as f64 / area.events as f64),
                    });
                }
            }
            m.reach.push(area);
            m.feedback.push(likert("17", "region", year, area_fb));
            m.feedback.push(yes_no("17", "region", year, area_n, area_yes));
        }
        // Trend of the counts: this year beside the previous.
        let by: std::collections::HashMap<(String, i32), ReachRow> =
            m.reach.iter().map(|r| ((r.area_code.clone(), r.year), r.clone())).collect();
        for r in &m.reach {
            for (metric, now) in [("events", r.events), ("clients", r.clients), ("clients_65plus", r.clients_65plus)] {
                let prev = by.get(&(r.area_code.clone(), r.year - 1)).map(|p| match metric {
                    "events" => p.events,
                    "clients" => p.clients,
                    _ => p.clients_65plus,
                });
                m.trend.push(TrendRow {
                    area_type: r.area_type.clone(),
                    area_code: r.area_code.clone(),
                    year: r.year,
                    metric: metric.into(),
                    value: Some(now as f64),
                    previous: prev.map(|p| p as f64),
                    change: prev.map(|p| now as f64 - p as f64),
                    change_share: None,
                    is_count_of_persons: true,
                    base_now: Some(now),
                    base_previous: prev,
                });
            }
        }
        m
    }

    fn likert(code: &str, area_type: &str, year: i32, dist: [u64; 5]) -> FeedbackRow {
        let n: u64 = dist.iter().sum();
        let sum: u64 = dist.iter().enumerate().map(|(k, v)| (k as u64 + 1) * v).sum();
        FeedbackRow {
            area_type: area_type.into(),
            area_code: code.into(),
            year,
            item: "got_help".into(),
            yes_no: false,
            n,
            mean: (n > 0).then(|| sum as f64 / n as f64),
            share_4_5: (n > 0).then(|| (dist[3] + dist[4]) as f64 / n as f64),
            share_4_5_low: None,
            share_4_5_high: None,
            dist,
            yes: 0,
            share_yes: None,
        }
    }

    fn yes_no(code: &str, area_type: &str, year: i32, n: u64, yes: u64) -> FeedbackRow {
        FeedbackRow {
            item: "would_recommend".into(),
            yes_no: true,
            n,
            mean: None,
            share_4_5: None,
            dist: [0; 5],
            yes,
            share_yes: (n > 0).then(|| yes as f64 / n as f64),
            ..likert(code, area_type, year, [0; 5])
        }
    }

    /// Writes the published and internal tables and a manifest as a run would.
    fn write_run(dir: &std::path::Path, m: &Metrics, min: u32) {
        let published = digihyte_publish::publish(m, min);
        for (path, bytes) in digihyte_report::tidy::all_tables(&published, m).expect("tables") {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().expect("folder")).expect("mkdir");
            std::fs::write(p, bytes).expect("write");
        }
        std::fs::write(dir.join("manifest.json"), format!("{{\"min_count\": {min}}}")).expect("manifest");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever the counts, the published tables give no small count away.
        #[test]
        fn random_linked_tables_give_nothing_away(
            cells in proptest::collection::vec(proptest::collection::vec(cell(), 2..4), 2..9),
            min in prop_oneof![Just(3u32), Just(5u32), Just(10u32)],
        ) {
            let years = cells[0].len();
            let cells: Vec<Vec<Cell>> = cells.into_iter().map(|mut c| { c.resize(years, c[0].clone()); c }).collect();
            let m = metrics(&cells);
            let dir = tempfile::tempdir().expect("tempdir");
            write_run(dir.path(), &m, min);
            let f = audit(dir.path());
            if !f.wrong_marks.is_empty() && std::env::var_os("AUDIT_KEEP").is_some() {
                let keep = std::path::Path::new("/tmp/audit_fail");
                let _ = std::fs::remove_dir_all(keep);
                std::fs::create_dir_all(keep).unwrap();
                write_run(keep, &m, min);
                std::fs::write(keep.join("findings.txt"), format!("{:#?}", f.wrong_marks)).unwrap();
            }
            assert_safe("generated", &f);
        }
    }
}

fn audit_national(events: usize) -> Findings {
    let dir = tempfile::tempdir().expect("tempdir");
    digihyte_bench::gen::generate(&dir.path().join("set"), events, 7).expect("generate");
    let out = dir.path().join("out");
    let pipeline = dir.path().join("set/national.toml");
    let o = crate::support::digihyte(&[
        "run",
        pipeline.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--run-date",
        "2025-01-15",
        "-q",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&o.stderr));
    audit(&out)
}

#[test]
fn the_outsider_recovers_nothing_from_a_national_set() {
    // The benchmark's national set (308 municipalities, 2019–2024), at 10 000 events: most
    // municipality-years are small, so this is where suppression works hardest.
    let f = audit_national(10_000);
    assert!(f.hidden > 1000, "{}", f.hidden);
    assert_safe("national 10k", &f);
}

/// The larger national sets (100k and 1M events: minutes in a debug build, so not in every
/// test run): `cargo test --release --test integration -- --ignored national_sets_of`.
#[test]
#[ignore = "minutes: run with --ignored (BENCHMARKS.md)"]
fn the_outsider_recovers_nothing_from_national_sets_of_100k_and_1m_events() {
    for events in [100_000, 1_000_000] {
        let f = audit_national(events);
        eprintln!("national {events}: {} hidden cells, {} relations, {} marks read", f.hidden, f.relations, f.marked);
        assert_safe(&format!("national {events}"), &f);
    }
}
