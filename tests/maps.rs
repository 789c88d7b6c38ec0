//! The maps as an outsider reads them: the SVG's shapes against `data/reach.csv`, the maps
//! in the area's workbook and documents, and the country's map of a national run.

use crate::support::{read_csv, run_example};
use std::io::Read;

/// (code, class) of every municipality shape of an SVG map.
fn shapes(svg: &str) -> Vec<(String, String)> {
    svg.split("<path data-code=\"")
        .skip(1)
        .map(|p| (p.split('"').next().unwrap().to_string(), p.split("class=\"").nth(1).unwrap().split('"').next().unwrap().to_string()))
        .collect()
}

/// The legend's classes of a Finnish map as [from, to): `alle 11`, `11 – alle 17`, …,
/// `32 tai enemmän`.
fn legend_ranges(svg: &str) -> Vec<(f64, f64)> {
    let number = |s: &str| s.trim().replace(['\u{202f}', ' '], "").replace(',', ".").parse::<f64>().unwrap();
    svg.split("<text")
        .filter_map(|t| t.split('>').nth(1).map(|x| x.split('<').next().unwrap().trim().to_string()))
        .filter_map(|label| {
            if let Some(to) = label.strip_prefix("alle ") {
                Some((f64::NEG_INFINITY, number(to)))
            } else if let Some(from) = label.strip_suffix(" tai enemmän") {
                Some((number(from), f64::INFINITY))
            } else {
                label.split_once(" – alle ").map(|(a, b)| (number(a), number(b)))
            }
        })
        .collect()
}

#[test]
fn the_reach_map_has_every_municipality_in_its_class() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let svg = std::fs::read_to_string(out.join("charts/example_map_clients_per_1000.svg")).expect("the area's map");
    assert!(out.join("charts/example_map_clients_per_1000.png").is_file());
    let reach = read_csv(&out.join("data/reach.csv"));
    let munis: Vec<_> = reach.iter().filter(|r| r["area_type"] == "municipality" && r["year"] == "2024").collect();
    let shapes = shapes(&svg);
    let mut codes: Vec<&str> = shapes.iter().map(|s| s.0.as_str()).collect();
    codes.sort_unstable();
    let mut expected: Vec<&str> = munis.iter().map(|r| r["area_code"].as_str()).collect();
    expected.sort_unstable();
    assert_eq!(codes, expected, "one shape per municipality of the area");
    // A published rate has a class, a hidden one the hidden style; a higher rate is never in
    // a lower class.
    let mut classed: Vec<(f64, usize)> = Vec::new();
    for (code, class) in &shapes {
        let rate = &munis.iter().find(|r| &r["area_code"] == code).unwrap()["clients_per_1000"];
        if rate.is_empty() {
            assert_eq!(class, "hidden", "{code}");
        } else {
            let c: usize = class.strip_prefix("class-").unwrap_or_else(|| panic!("{code}: {class}")).parse().unwrap();
            classed.push((rate.parse().unwrap(), c));
        }
    }
    classed.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(classed.windows(2).all(|w| w[0].1 <= w[1].1), "{classed:?}");
    assert!(classed.last().unwrap().1 >= 3, "the classes are used: {classed:?}");
    // Read as a reader does: each rate as written on the map (whole numbers) lies in the
    // range its colour's legend entry states, and no two entries share an end point.
    let legend = legend_ranges(&svg);
    assert_eq!(legend.len(), classed.iter().map(|c| c.1).max().unwrap() + 1, "{legend:?}");
    for (rate, class) in &classed {
        let (lo, hi) = legend[*class];
        let written = rate.round();
        assert!(written >= lo && written < hi, "{rate} is written {written} and drawn in the class [{lo}, {hi}): {legend:?}");
    }
    // The boundaries are credited on the map.
    assert!(svg.contains("Rajat: Tilastokeskus (CC BY 4.0)"));
    // Each label is one text with its white halo painted under it: no white copies beside
    // it (they show as stripes when the SVG is zoomed in), and no marker colour left over.
    let texts: Vec<&str> = svg.split("<text").skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]).collect();
    let haloed = texts.iter().filter(|t| t.contains("paint-order=\"stroke\"") && t.contains("stroke=\"#FFFFFF\"")).count();
    assert!(haloed >= 20, "{haloed} labels with a halo of {} texts", texts.len());
    assert!(!texts.iter().any(|t| t.contains("fill=\"#FFFFFF\"")), "white copies of a label");
    assert!(!svg.to_uppercase().contains("#010204"), "the label marker colour");
    insta::assert_snapshot!("region_map_clients_per_1000_svg", svg);

    // The quadrant map and each municipality's locator map.
    let q = std::fs::read_to_string(out.join("charts/example_map_need_reach.svg")).expect("quadrant map");
    assert_eq!(self::shapes(&q).len(), 30);
    let locator = std::fs::read_to_string(out.join("charts/example_564_oulu_map_locator.svg")).expect("locator");
    let own: Vec<_> = self::shapes(&locator).into_iter().filter(|s| s.1 == "class-1").collect();
    assert_eq!(own, vec![("564".to_string(), "class-1".to_string())]);

    // The area's workbook has the maps as pictures with their alternative text.
    let f = std::fs::File::open(out.join("workbooks/example.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let drawings: Vec<String> =
        z.file_names().filter_map(Result::ok).filter(|n| n.starts_with("xl/drawings/drawing")).map(|n| n.to_string()).collect();
    let mut pictures = Vec::new();
    for d in drawings {
        let mut xml = String::new();
        z.by_name(&d).unwrap().read_to_string(&mut xml).unwrap();
        for pic in xml.split("<xdr:pic>").skip(1) {
            pictures.push(pic.split(" descr=\"").nth(1).and_then(|x| x.split('"').next()).unwrap_or("").to_string());
        }
    }
    assert_eq!(pictures.len(), 2, "{pictures:?}");
    assert!(pictures.iter().all(|d| d.starts_with("Kartta: ")), "{pictures:?}");
}

#[test]
fn a_national_run_draws_the_country() {
    let dir = tempfile::tempdir().expect("tempdir");
    digihyte_bench::gen::generate(&dir.path().join("set"), 3_000, 3).expect("generate");
    let out = dir.path().join("out");
    let pipeline = dir.path().join("set/national.toml");
    let o =
        crate::support::digihyte(&["run", pipeline.to_str().unwrap(), "--out", out.to_str().unwrap(), "--run-date", "2025-01-15", "-q"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with("_map_clients_per_1000.svg") && !e.file_name().to_string_lossy().contains("_0"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("the country's map");
    let s = shapes(&svg);
    assert_eq!(s.len(), 308);
    // At 3,000 events most municipalities are small: hidden, in the hidden style.
    assert!(s.iter().any(|x| x.1 == "hidden") && s.iter().any(|x| x.1.starts_with("class-")));
}
