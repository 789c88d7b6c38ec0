//! The national benchmark set: deterministic from a seed.
//!
//! - `activity/`: about [`POINTS`] support-point workbooks (sheet `Tapahtumat`, Finnish
//!   headers on row 1, date cells), with a municipality's points and events growing with
//!   its population; every event's year is 2019–2024.
//! - `feedback/asiakaspalaute.xlsx`: `events / 20` survey responses, four Likert items.
//! - `indicators/sotkanet.csv`: the Sotkanet REST CSV (internal region ids) for every
//!   municipality and the whole country.
//! - `national.toml`: the pipeline file for `digihyte run`.
//!
//! Each support point draws from its own generator seeded by (seed, point), so files are
//! written in parallel and still come out byte-identical for a seed.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use digihyte_core::keys::{AgeGroup, Channel, ProviderType, Topic};
use digihyte_core::model::AreaRef;
use digihyte_core::Reference;
use digihyte_report::template::{age_label, channel_label, provider_label, topic_label};
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::Path;

/// Support points (files) in the set.
pub const POINTS: usize = 300;
pub const FIRST_YEAR: i32 = 2019;
pub const LAST_YEAR: i32 = 2024;
/// Share of events in each year, 2019–2024 (support grew).
const YEAR_W: [f64; 6] = [0.11, 0.14, 0.16, 0.18, 0.19, 0.22];
const PROVIDERS: [(ProviderType, f64); 10] = [
    (ProviderType::Library, 0.28),
    (ProviderType::Municipality, 0.17),
    (ProviderType::ServicePoint, 0.13),
    (ProviderType::Association, 0.15),
    (ProviderType::Kela, 0.05),
    (ProviderType::EmploymentServices, 0.03),
    (ProviderType::Education, 0.08),
    (ProviderType::Parish, 0.05),
    (ProviderType::WellbeingCounty, 0.04),
    (ProviderType::Company, 0.02),
];
/// Channel, weight, durations in minutes to pick from.
const CHANNELS: [(Channel, f64, &[u32]); 6] = [
    (Channel::InPerson, 0.55, &[10, 15, 20, 30, 30, 45, 60, 90]),
    (Channel::Phone, 0.16, &[5, 10, 15, 20, 30]),
    (Channel::Remote, 0.08, &[15, 30, 45, 60]),
    (Channel::HomeVisit, 0.05, &[45, 60, 90, 120]),
    (Channel::Group, 0.12, &[60, 90, 120, 180]),
    (Channel::Other, 0.04, &[20, 30, 60]),
];
const TOPICS: [(Topic, f64); 10] = [
    (Topic::DeviceBasics, 0.19),
    (Topic::EIdentification, 0.17),
    (Topic::HealthSocial, 0.14),
    (Topic::KelaBenefits, 0.08),
    (Topic::PublicEservices, 0.08),
    (Topic::BankingPayments, 0.12),
    (Topic::Communication, 0.09),
    (Topic::Apps, 0.07),
    (Topic::SecurityScams, 0.05),
    (Topic::Other, 0.01),
];
const AGES: [(AgeGroup, f64); 5] = [
    (AgeGroup::Under30, 0.05),
    (AgeGroup::Age30To64, 0.21),
    (AgeGroup::Age65To74, 0.33),
    (AgeGroup::Age75Plus, 0.29),
    (AgeGroup::Unknown, 0.12),
];
const HEADER: [&str; 10] =
    ["Päivämäärä", "Kotikunta", "Tukipiste", "Toimijan tyyppi", "Kanava", "Aihe", "Ikäryhmä", "Kesto (min)", "Asiakkaita", "Asiakastunnus"];
const LIKERT_ITEMS: [&str; 4] = [
    "Sain apua asiaani",
    "Osaan jatkossa hoitaa asian itse",
    "Luottamukseni digitaalisiin palveluihin kasvoi",
    "Pärjään arjessani paremmin",
];
const LIKERT_WORDS: [&str; 5] =
    ["täysin eri mieltä", "jokseenkin eri mieltä", "ei samaa eikä eri mieltä", "jokseenkin samaa mieltä", "täysin samaa mieltä"];
/// Indicators of the Sotkanet file: id and a plausible range of the municipal value.
const INDICATORS: [(u32, f64, f64); 9] = [
    (1068, 14.0, 38.0),
    (171, 6.0, 19.0),
    (4284, 7.0, 14.0),
    (4287, 8.0, 16.0),
    (237, 40.0, 60.0),
    (4291, 20.0, 45.0),
    (4292, 18.0, 40.0),
    (4381, 10.0, 30.0),
    (4382, 12.0, 35.0),
];

/// splitmix64: small, fast, good enough for synthetic data, and stable forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    /// An index drawn by weights.
    fn weighted<T>(&mut self, items: &[(T, f64)]) -> usize {
        let total: f64 = items.iter().map(|i| i.1).sum();
        let mut x = self.unit() * total;
        for (i, item) in items.iter().enumerate() {
            if x < item.1 {
                return i;
            }
            x -= item.1;
        }
        items.len() - 1
    }
}

/// Splits `n` into parts proportional to `w` (largest remainder), summing exactly to `n`.
fn apportion(n: usize, w: &[f64]) -> Vec<usize> {
    let total: f64 = w.iter().sum();
    let quotas: Vec<f64> = w.iter().map(|x| n as f64 * x / total).collect();
    let mut parts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let rest = n - parts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..w.len()).collect();
    order.sort_by(|&a, &b| (quotas[b] - quotas[b].floor()).total_cmp(&(quotas[a] - quotas[a].floor())).then(a.cmp(&b)));
    for &i in order.iter().take(rest) {
        parts[i] += 1;
    }
    parts
}

/// One municipality as the generator sees it.
struct Muni {
    code: u16,
    name_fi: String,
    region: u8,
    pop: f64,
}

/// One support point.
struct Point {
    /// Index into the municipalities.
    home: usize,
    name: String,
    provider: ProviderType,
    has_ids: bool,
    events: usize,
}

/// What was generated, for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub events: usize,
    pub feedback: usize,
    pub indicator_rows: usize,
    pub bytes: u64,
}

fn municipalities() -> Vec<Muni> {
    let r = Reference::get();
    r.municipalities
        .iter()
        .map(|m| Muni {
            code: m.code,
            name_fi: m.name_fi.clone(),
            region: m.region_code,
            pop: r.population(m.code, 2022).map_or(1000.0, |p| p.1.max(100.0)),
        })
        .collect()
}

/// Support points: about [`POINTS`], by population^0.6 (a big city has several); events per
/// point by population^0.8 with log-normal noise.
fn points(munis: &[Muni], events: usize, seed: u64) -> Vec<Point> {
    let mut rng = Rng::new(seed, u64::MAX);
    let per_muni = apportion(POINTS, &munis.iter().map(|m| m.pop.powf(0.6)).collect::<Vec<_>>());
    let mut points = Vec::new();
    for (home, &k) in per_muni.iter().enumerate() {
        for j in 0..k {
            let provider = PROVIDERS[rng.weighted(&PROVIDERS)].0;
            let label = provider_label(provider, "fi").to_lowercase();
            let name = if j == 0 {
                format!("{} – {label}", munis[home].name_fi)
            } else {
                format!("{} – {label} {}", munis[home].name_fi, j + 1)
            };
            points.push(Point { home, name, provider, has_ids: rng.unit() < 0.5, events: 0 });
        }
    }
    let weights: Vec<f64> =
        points.iter().map(|p| munis[p.home].pop.powf(0.8) / per_muni[p.home] as f64 * (0.35 * rng.normal()).exp()).collect();
    for (p, n) in points.iter_mut().zip(apportion(events, &weights)) {
        p.events = n;
    }
    points
}

/// Days since 1899-12-30 (Excel's serial) of 1 January.
fn jan1_serial(year: i32) -> i64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("date");
    (NaiveDate::from_ymd_opt(year, 1, 1).expect("date") - base).num_days()
}

fn fixed_properties() -> DocProperties {
    let created = ExcelDateTime::from_ymd(2025, 1, 15).expect("date");
    DocProperties::new().set_creation_datetime(&created).set_author("digihyte-bench")
}

/// Writes the whole set under `out` (its `activity/`, `feedback/` and `indicators/` are replaced).
pub fn generate(out: &Path, events: usize, seed: u64) -> Result<Summary> {
    for sub in ["activity", "feedback", "indicators"] {
        let d = out.join(sub);
        if d.exists() {
            std::fs::remove_dir_all(&d).with_context(|| format!("removing {}", d.display()))?;
        }
        std::fs::create_dir_all(&d).with_context(|| format!("creating {}", d.display()))?;
    }
    let munis = municipalities();
    let points = points(&munis, events, seed);
    // Clients from elsewhere in the region: members by population.
    let r = Reference::get();
    let index_of = |code: u16| munis.iter().position(|m| m.code == code).expect("member");
    let region_members: Vec<Vec<(usize, f64)>> =
        munis.iter().map(|m| r.region_members(m.region).into_iter().map(|c| (index_of(c), munis[index_of(c)].pop)).collect()).collect();

    let sizes: Vec<u64> = points
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let bytes = activity_file(i, p, &munis, &region_members, seed)?;
            let path = out.join("activity").join(format!("tp{i:03}_{}.xlsx", digihyte_report::slug(&p.name)));
            std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
            Ok(bytes.len() as u64)
        })
        .collect::<Result<_>>()?;
    let n_feedback = (events / 20).max(1);
    let fb = feedback_file(n_feedback, &munis, seed)?;
    std::fs::write(out.join("feedback/asiakaspalaute_2019-2024.xlsx"), &fb).context("writing the feedback file")?;
    let (csv, indicator_rows) = sotkanet_csv(&munis, seed);
    std::fs::write(out.join("indicators/sotkanet_2019-2024.csv"), &csv).context("writing the Sotkanet file")?;
    std::fs::write(out.join("national.toml"), PIPELINE).context("writing national.toml")?;
    Ok(Summary {
        files: points.len(),
        events,
        feedback: n_feedback,
        indicator_rows,
        bytes: sizes.iter().sum::<u64>() + fb.len() as u64 + csv.len() as u64,
    })
}

/// One event: serial date, municipality index, channel, topic 1, topic 2, age, minutes,
/// clients, client id.
type Row = (i64, usize, usize, usize, Option<usize>, usize, u32, u32, Option<u32>);

/// One support point's log, rows in date order.
fn activity_file(i: usize, p: &Point, munis: &[Muni], region_members: &[Vec<(usize, f64)>], seed: u64) -> Result<Vec<u8>> {
    let mut rng = Rng::new(seed, i as u64);
    let years: Vec<(i32, f64)> = (FIRST_YEAR..=LAST_YEAR).zip(YEAR_W).collect();
    let mut rows: Vec<Row> = (0..p.events)
        .map(|_| {
            let y = years[rng.weighted(&years)].0;
            let days = if y % 4 == 0 { 366 } else { 365 };
            let serial = jan1_serial(y) + rng.below(days) as i64;
            let muni = if rng.unit() < 0.85 { p.home } else { region_members[p.home][rng.weighted(&region_members[p.home])].0 };
            let ch = rng.weighted(&CHANNELS.map(|c| (c.0, c.1)));
            let t1 = rng.weighted(&TOPICS);
            let t2 = (rng.unit() < 0.3).then(|| (t1 + 1 + rng.below(TOPICS.len() - 1)) % TOPICS.len());
            let age = rng.weighted(&AGES);
            let durations = CHANNELS[ch].2;
            let minutes = durations[rng.below(durations.len())];
            let clients = match CHANNELS[ch].0 {
                Channel::Group => 3 + rng.below(16) as u32,
                _ if rng.unit() < 0.03 => 2,
                _ => 1,
            };
            let pool = (1.2 * munis[muni].pop.sqrt()).max(10.0) as usize;
            let id = (p.has_ids && clients == 1 && rng.unit() < 0.7).then(|| rng.below(pool) as u32);
            (serial, muni, ch, t1, t2, age, minutes, clients, id)
        })
        .collect();
    rows.sort_by_key(|r| r.0);

    let topic: Vec<String> = TOPICS.iter().map(|t| topic_label(t.0, "fi")).collect();
    let channel: Vec<String> = CHANNELS.iter().map(|c| channel_label(c.0, "fi")).collect();
    let age: Vec<String> = AGES.iter().map(|a| age_label(a.0, "fi")).collect();
    let provider = provider_label(p.provider, "fi");

    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties());
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("d.m.yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Tapahtumat")?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(5, 40)?;
    ws.set_freeze_panes(1, 0)?;
    for (k, (serial, muni, ch, t1, t2, ag, minutes, clients, id)) in rows.into_iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_number_with_format(row, 0, serial as f64, &date)?;
        ws.write_string(row, 1, &munis[muni].name_fi)?;
        ws.write_string(row, 2, &p.name)?;
        ws.write_string(row, 3, &provider)?;
        ws.write_string(row, 4, &channel[ch])?;
        match t2 {
            Some(t2) => ws.write_string(row, 5, format!("{}; {}", topic[t1], topic[t2]))?,
            None => ws.write_string(row, 5, &topic[t1])?,
        };
        ws.write_string(row, 6, &age[ag])?;
        ws.write_number(row, 7, minutes)?;
        ws.write_number(row, 8, clients)?;
        if let Some(id) = id {
            ws.write_string(row, 9, format!("K{:03}-{id:05}", munis[muni].code))?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// The client-feedback export: answer time, municipality, age group, four Likert items
/// (mostly numbers, some as words, some left empty).
fn feedback_file(n: usize, munis: &[Muni], seed: u64) -> Result<Vec<u8>> {
    let mut rng = Rng::new(seed, u64::MAX - 1);
    let weights: Vec<(usize, f64)> = munis.iter().enumerate().map(|(i, m)| (i, m.pop.powf(0.8))).collect();
    let age: Vec<String> = AGES.iter().map(|a| age_label(a.0, "fi")).collect();
    let years: Vec<(i32, f64)> = (FIRST_YEAR..=LAST_YEAR).zip(YEAR_W).collect();
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties());
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("d.m.yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Vastaukset")?;
    for (c, h) in ["Vastausaika", "Kotikunta", "Ikäryhmä"].iter().chain(LIKERT_ITEMS.iter()).enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for k in 0..n {
        let row = k as u32 + 1;
        let y = years[rng.weighted(&years)].0;
        let serial = jan1_serial(y) + rng.below(365) as i64;
        ws.write_number_with_format(row, 0, serial as f64, &date)?;
        ws.write_string(row, 1, &munis[rng.weighted(&weights)].name_fi)?;
        ws.write_string(row, 2, &age[rng.weighted(&AGES)])?;
        for item in 0..LIKERT_ITEMS.len() {
            let x = rng.unit();
            if x < 0.05 {
                continue; // not answered
            }
            let v = match rng.unit() {
                u if u < 0.03 => 1,
                u if u < 0.08 => 2,
                u if u < 0.22 => 3,
                u if u < 0.55 => 4,
                _ => 5,
            };
            let col = 3 + item as u16;
            if x < 0.15 {
                ws.write_string(row, col, LIKERT_WORDS[v - 1])?;
            } else {
                ws.write_number(row, col, v as f64)?;
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// The Sotkanet REST CSV: 127 (population) and the [`INDICATORS`] for every municipality,
/// 2019–2023 (indicators lag a year), and the whole country for 127, 1068 and 171.
fn sotkanet_csv(munis: &[Muni], seed: u64) -> (String, usize) {
    let r = Reference::get();
    // Sotkanet's internal ids, inverted from the embedded regions list.
    let mut region_id = std::collections::HashMap::new();
    let mut country = None;
    for id in 0..20_000u32 {
        match r.sotkanet_region(id) {
            Some(AreaRef::Municipality(c)) => {
                region_id.entry(c).or_insert(id);
            }
            Some(AreaRef::Country) => country = country.or(Some(id)),
            _ => {}
        }
    }
    let mut rng = Rng::new(seed, u64::MAX - 2);
    let mut out = String::from("indicator;region;year;gender;primary value;absolute value\n");
    let mut rows = 0;
    let years = FIRST_YEAR..LAST_YEAR;
    let mut national = [[0.0f64; 3]; 6];
    for m in munis {
        let Some(id) = region_id.get(&m.code) else { continue };
        let level: Vec<f64> = INDICATORS.iter().map(|&(_, lo, hi)| lo + (hi - lo) * rng.unit()).collect();
        for (yi, year) in years.clone().enumerate() {
            let pop = r.population(m.code, year).map_or(m.pop, |p| p.1);
            out.push_str(&format!("127;{id};{year};total;{pop};{pop}\n"));
            rows += 1;
            national[yi][0] += pop;
            for (k, &(ind, _, _)) in INDICATORS.iter().enumerate() {
                let v = ((level[k] + 0.2 * yi as f64 + 0.5 * rng.normal()) * 10.0).round() / 10.0;
                out.push_str(&format!("{ind};{id};{year};total;{v};\n"));
                rows += 1;
                if ind == 1068 {
                    national[yi][1] += v * pop;
                } else if ind == 171 {
                    national[yi][2] += v * pop;
                }
            }
        }
    }
    if let Some(id) = country {
        for (yi, year) in years.enumerate() {
            let [pop, a65, a75] = national[yi];
            let (s65, s75) = ((a65 / pop * 10.0).round() / 10.0, (a75 / pop * 10.0).round() / 10.0);
            out.push_str(&format!("127;{id};{year};total;{pop};{pop}\n1068;{id};{year};total;{s65};\n171;{id};{year};total;{s75};\n"));
            rows += 3;
        }
    }
    (out, rows)
}

/// The pipeline file written beside the set.
const PIPELINE: &str = r#"# The national benchmark set written by `digihyte-bench gen` (see BENCHMARKS.md).
# Run it with:  digihyte run national.toml --out OUT
# Paths are relative to this file.

[pipeline]
name = "national"
title = "Digituki koko maassa 2019–2024"
area = { country = true }
years = [2019, 2024]
language = "fi"
output = "reports/national"

[[activity]]
files = ["activity/*.xlsx"]
sheet = "Tapahtumat"

[[feedback]]
files = ["feedback/*.xlsx"]

[[indicators]]
files = ["indicators/*.csv"]

[need]
indicators = [
  { id = 4287, weight = 2.0 },                                 # feel lonely, 75+ (%)
  { id = 1068, weight = 1.0 },                                 # aged 65+ (%)
  { id = 4291, weight = 1.0, direction = "lower_is_more_need" }, # take part in associations (%)
]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn all_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for sub in ["activity", "feedback", "indicators"] {
            let mut names: Vec<_> = std::fs::read_dir(dir.join(sub)).expect("dir").map(|e| e.expect("entry").path()).collect();
            names.sort();
            for p in names {
                files.push((p.display().to_string().replace(&dir.display().to_string(), ""), std::fs::read(&p).expect("read")));
            }
        }
        files
    }

    #[test]
    fn same_seed_gives_the_same_bytes() {
        let base = std::env::temp_dir().join(format!("digihyte-bench-test-{}", std::process::id()));
        let (a, b, c) = (base.join("a"), base.join("b"), base.join("c"));
        let sa = generate(&a, 2_000, 7).expect("gen a");
        generate(&b, 2_000, 7).expect("gen b");
        generate(&c, 2_000, 8).expect("gen c");
        assert_eq!(sa.events, 2_000);
        assert!(sa.files >= 290 && sa.files <= 310, "{} files", sa.files);
        let (fa, fc) = (all_bytes(&a), all_bytes(&c));
        assert_eq!(fa, all_bytes(&b));
        assert_ne!(fa, fc);
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn apportion_sums_exactly() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(apportion(1_000_000, &[0.3, 2.7, 5.1, 0.01]).iter().sum::<usize>(), 1_000_000);
    }
}
