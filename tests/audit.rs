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

    /// What each empty cell is: the breakdown of a small total, or of a hidden row total,
    /// says nothing; any other empty count was hidden by secondary suppression (not small).
    fn resolve_empty(&mut self) {
        let empty: Vec<bool> = self.vars.iter().map(|v| v.known == Known::Empty).collect();
        // Under small totals, across rows and areas.
        let mut nothing = vec![false; self.vars.len()];
        let mut changed = true;
        while changed {
            changed = false;
            for &(t, p, _) in &self.parents {
                let says_nothing = self.vars[t].known == Known::Small || nothing[t];
                if empty[p] && says_nothing && !nothing[p] {
                    nothing[p] = true;
                    changed = true;
                }
            }
        }
        // Under hidden totals, within rows.
        changed = true;
        while changed {
            changed = false;
            for &(t, p, row) in &self.parents {
                let hidden = !matches!(self.vars[t].known, Known::Value(_));
                if row && empty[p] && hidden && !nothing[p] {
                    nothing[p] = true;
                    changed = true;
                }
            }
        }
        for (v, n) in self.vars.iter_mut().zip(nothing) {
            if v.known == Known::Empty {
                v.known = if n { Known::Nothing } else { Known::NotSmall };
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
                for &(j, cj) in terms {
                    // cj·xj = constant − Σ others
                    let (mut lo, mut hi) = (*constant, *constant);
                    for &(i, ci) in terms {
                        if i == j {
                            continue;
                        }
                        let (l, h) = b[i];
                        let (a, z) = if ci > 0.0 { (ci * l, ci * h) } else { (ci * h, ci * l) };
                        lo -= z;
                        hi -= a;
                    }
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

/// Attacks the published tables of the run in `out`.
pub fn audit(out: &Path) -> Findings {
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
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
    let mut by_year: BTreeMap<String, (Vec<(String, String)>, Vec<(String, String)>)> = BTreeMap::new();
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
    let mut per_key: BTreeMap<(String, String, String), (Option<usize>, Vec<usize>)> = BTreeMap::new();
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
    let fb_truth: HashMap<(String, String, String), Row> =
        published("internal", "feedback.csv").into_iter().map(|r| ((r["area_code"].clone(), r["year"].clone(), r["item"].clone()), r)).collect();
    let mut fv: BTreeMap<(String, String), (Option<Vec<usize>>, Vec<Vec<usize>>)> = BTreeMap::new();
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
            let d: Vec<usize> = (1..=5).map(|i| count(&mut a, &r[&format!("n_{i}")], &t[&format!("n_{i}")], n_pub, format!("feedback {at} n_{i}"))).collect();
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
    a.findings()
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
fn the_outsider_recovers_nothing_from_the_metrics_fixture() {
    assert_safe("metrics", &audit_run("fixtures/metrics/pipeline.toml"));
}

#[test]
fn the_outsider_recovers_nothing_from_the_blind_sets() {
    for set in ["a", "b"] {
        assert_safe(set, &audit_run(&format!("fixtures/blind/set_{set}/pipeline.toml")));
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
