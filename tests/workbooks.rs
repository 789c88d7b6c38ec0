//! Workbooks and charts read back: every figure equals the tidy table it came from, every
//! native chart refers to cells of its own table, no label is left untranslated, and the
//! chart SVG is stable (golden snapshot).

use crate::support::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::path::Path;

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("{} › {name}: {e}", path.display())).rows().map(|r| r.to_vec()).collect()
}

/// A workbook cell against a published CSV cell: numbers to 1e-9, `<5` and blanks exactly.
fn agrees(cell: &Data, csv: &str) -> bool {
    match cell {
        Data::Float(v) => csv.parse::<f64>().is_ok_and(|c| (v - c).abs() <= 1e-9 * c.abs().max(1.0)),
        Data::Int(v) => csv.parse::<f64>().is_ok_and(|c| (*v as f64 - c).abs() < 1e-9),
        // The workbooks mark a cell hidden by secondary suppression; the CSV leaves it empty.
        Data::String(s) if s == ".." => csv.is_empty(),
        Data::String(s) => s == csv,
        Data::Empty => csv.is_empty(),
        _ => false,
    }
}

/// Workbook column → `reach.csv` column of the reach tables.
const REACH_COLUMNS: &[(usize, &str)] = &[
    (1, "area_code"),
    (3, "events"),
    (4, "clients"),
    (5, "unique_clients"),
    (6, "hours"),
    (7, "support_points"),
    (8, "clients_65plus"),
    (9, "clients_75plus"),
    (10, "population"),
    (11, "population_year"),
    (12, "clients_per_1000"),
    (13, "clients_65plus_per_1000_65plus"),
    (14, "clients_75plus_per_1000_75plus"),
];

#[test]
fn every_reach_figure_in_every_workbook_equals_the_published_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let published = read_csv(&out.join("data/reach.csv"));
    let index: BTreeMap<(String, String), &BTreeMap<String, String>> =
        published.iter().map(|r| ((r["area_code"].clone(), r["year"].clone()), r)).collect();
    let mut checked = 0;
    for f in files_under(&out.join("workbooks")) {
        let rows = sheet(&out.join("workbooks").join(&f), "Tavoittavuus");
        let head = rows.iter().position(|r| r.first() == Some(&Data::String("Alue".into()))).expect("reach table header");
        for r in rows.iter().skip(head + 1).take_while(|r| matches!(r.get(1), Some(Data::String(_)))) {
            let code = match &r[1] {
                Data::String(s) => s.clone(),
                other => panic!("code {other:?}"),
            };
            let year = match &r[2] {
                Data::Float(y) => (*y as i32).to_string(),
                other => panic!("year {other:?}"),
            };
            let csv = index.get(&(code.clone(), year.clone())).unwrap_or_else(|| panic!("{code} {year} not in reach.csv"));
            for (col, name) in REACH_COLUMNS {
                assert!(
                    agrees(&r[*col], &csv[*name]),
                    "{} {code} {year} {name}: workbook {:?}, csv {:?}",
                    f.display(),
                    r[*col],
                    csv[*name]
                );
                checked += 1;
            }
        }
    }
    // 30 appendices × (3 own + 3 area rows) + the regional sheet's 93 rows, 13 columns each.
    assert_eq!(checked, (30 * 6 + 93) * REACH_COLUMNS.len());
}

#[test]
fn mix_sheets_equal_the_published_mix_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let mix = read_csv(&out.join("data/mix.csv"));
    let find = |code: &str, year: &str, dim: &str, key_index: usize| -> &BTreeMap<String, String> {
        mix.iter().filter(|m| m["area_code"] == code && m["year"] == year && m["dimension"] == dim).nth(key_index).expect("mix row")
    };
    // The Oulu appendix: municipality and area side by side in the report year.
    let rows = sheet(&out.join("workbooks/example_564_oulu.xlsx"), "Kanavat");
    let head = rows.iter().position(|r| r.first() == Some(&Data::String("Kanava".into()))).expect("header");
    let body: Vec<&Vec<Data>> =
        rows.iter().skip(head + 1).take_while(|r| matches!(r.first(), Some(Data::String(s)) if !s.starts_with('<'))).collect();
    assert_eq!(body.len(), 7, "seven channels");
    for (i, r) in body.iter().enumerate() {
        let own = find("564", "2024", "channel", i);
        let area = find("17", "2024", "channel", i);
        assert!(agrees(&r[1], &own["events"]) && agrees(&r[2], &own["share"]), "Oulu {}: {:?} vs {own:?}", own["key"], r);
        assert!(agrees(&r[3], &area["events"]) && agrees(&r[4], &area["share"]), "area {}: {:?} vs {area:?}", area["key"], r);
    }
}

/// `'Sheet name'!$C$5:$C$7` → (sheet, first row, first col, last row, last col), 0-based.
fn parse_ref(f: &str) -> (String, u32, u32, u32, u32) {
    let (sheet, cells) = f.rsplit_once('!').expect("sheet!range");
    let sheet = sheet.trim_matches('\'').replace("''", "'");
    let cell = |c: &str| {
        let c = c.replace('$', "");
        let letters: String = c.chars().take_while(|ch| ch.is_ascii_alphabetic()).collect();
        let row: u32 = c[letters.len()..].parse().expect("row");
        let col = letters.bytes().fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1)) - 1;
        (row - 1, col)
    };
    let (a, b) = cells.split_once(':').unwrap_or((cells, cells));
    let (r0, c0) = cell(a);
    let (r1, c1) = cell(b);
    (sheet, r0, c0, r1, c1)
}

#[test]
fn every_native_chart_refers_to_its_own_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let mut refs = 0;
    for name in ["workbooks/example.xlsx", "workbooks/example_564_oulu.xlsx", "workbooks/example_305_kuusamo.xlsx"] {
        let path = out.join(name);
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let charts: Vec<String> =
            zip.file_names().filter_map(Result::ok).filter(|n| n.starts_with("xl/charts/chart")).map(|n| n.to_string()).collect();
        // reach and the three or four mix sheets (the example has no feedback or need indicators)
        assert!(charts.len() >= 4, "{name}: {} charts", charts.len());
        for c in charts {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(&c).unwrap(), &mut xml).unwrap();
            for part in xml.split("<c:f>").skip(1) {
                let f = part.split("</c:f>").next().unwrap().replace("&apos;", "'");
                let (sheet_name, r0, c0, r1, c1) = parse_ref(&f);
                let rows = sheet(&path, &sheet_name);
                // The header above a data range names a figure; a one-cell reference is a series name.
                if r0 == r1 && c0 == c1 {
                    continue;
                }
                // Walk up through the column's values to the table header that names the figure.
                let is_value = |d: &Data| matches!(d, Data::Float(_) | Data::Empty) || matches!(d, Data::String(s) if s.starts_with('<'));
                let mut h = r0 as usize;
                while h > 0 && rows.get(h).and_then(|x| x.get(c0 as usize)).is_some_and(is_value) {
                    h -= 1;
                }
                let header = &rows[h][c0 as usize];
                assert!(
                    matches!(header, Data::String(s) if !s.is_empty() && !s.starts_with('<')),
                    "{name} {c}: {f} has no header ({header:?})"
                );
                for r in r0..=r1 {
                    for col in c0..=c1 {
                        let v = rows.get(r as usize).and_then(|x| x.get(col as usize)).unwrap_or(&Data::Empty);
                        assert!(
                            matches!(v, Data::Float(_) | Data::Empty) || matches!(v, Data::String(s) if !s.is_empty()),
                            "{name} {c}: {f} holds {v:?}"
                        );
                    }
                }
                refs += 1;
            }
        }
    }
    assert!(refs > 20, "{refs} chart ranges checked");
}

#[test]
fn no_label_is_left_as_a_key_or_a_placeholder_in_any_language() {
    for lang in ["fi", "sv", "en"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        run_example(&out, &["--language", lang]);
        for f in ["workbooks/example.xlsx", "workbooks/example_564_oulu.xlsx"] {
            let path = out.join(f);
            let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
            for name in wb.sheet_names() {
                for row in wb.worksheet_range(&name).unwrap().rows() {
                    for cell in row {
                        if let Data::String(s) = cell {
                            assert!(!s.contains('{') && !s.contains('}'), "{lang} {f} › {name}: placeholder in {s:?}");
                            for prefix in ["topic.", "channel.", "provider_type.", "age_group.", "item.", "q.", "sheet_", "chart_"] {
                                assert!(!s.starts_with(prefix), "{lang} {f} › {name}: untranslated {s:?}");
                            }
                        }
                    }
                }
            }
        }
        let names: Vec<String> = {
            let wb: Xlsx<_> = open_workbook(out.join("workbooks/example_564_oulu.xlsx")).unwrap();
            wb.sheet_names()
        };
        let expected_first = match lang {
            "fi" => "Tavoittavuus",
            "sv" => "Räckvidd",
            _ => "Reach",
        };
        assert_eq!(names[0], expected_first, "{lang}");

        // The area's reach table and its rates chart list the municipalities by their names
        // in the report language (Uleåborg among the U's in Swedish), the same order in the
        // table, the native chart that points at it and the PNG/SVG chart.
        let rows = sheet(&out.join("workbooks/example.xlsx"), expected_first);
        let listed: Vec<String> = rows
            .iter()
            .skip(4)
            .take(30)
            .map(|r| match &r[0] {
                Data::String(s) => s.clone(),
                other => panic!("{lang}: {other:?}"),
            })
            .collect();
        let mut sorted = listed.clone();
        sorted.sort_by_cached_key(|n| digihyte_report::locale::name_key(n));
        assert_eq!(listed, sorted, "{lang}: the reach table's municipalities by name");
        let oulu = if lang == "sv" { "Uleåborg" } else { "Oulu" };
        assert!(listed.iter().any(|n| n == oulu), "{lang}: {listed:?}");
        let svg = std::fs::read_to_string(out.join("charts/example_clients_per_1000.svg")).unwrap();
        let at = |name: &str| {
            svg.find(&format!(">\n{name}\n<"))
                .or_else(|| svg.find(&format!(">{name}<")))
                .unwrap_or_else(|| panic!("{lang}: {name} in the chart"))
        };
        let positions: Vec<usize> = listed.iter().map(|n| at(n)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{lang}: the chart's bars in the table's order");
    }
}

#[test]
fn chart_svg_golden() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let svg = std::fs::read_to_string(out.join("charts/example_564_oulu_clients_per_1000.svg")).unwrap();
    insta::assert_snapshot!("oulu_clients_per_1000_svg", svg);
    let sv_dir = dir.path().join("sv");
    run_example(&sv_dir, &["--language", "sv"]);
    let svg = std::fs::read_to_string(sv_dir.join("charts/example_topics.svg")).unwrap();
    insta::assert_snapshot!("region_topics_sv_svg", svg);
}

#[test]
fn feedback_and_need_sheets_equal_the_published_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_metrics(&out);
    // Feedback: the area's items in the report year (Likert: n, mean, share 4–5 and its interval).
    let feedback = read_csv(&out.join("data/feedback.csv"));
    let rows = sheet(&out.join("workbooks/metrics.xlsx"), "Palaute");
    let head = rows.iter().position(|r| r.first() == Some(&Data::String("Väittämä".into()))).expect("feedback header");
    let mut checked = 0;
    for (item, label) in [("got_help", "Sain apua asiaani"), ("can_do_myself", "Osaan hoitaa asian itse ensi kerralla")] {
        let r = rows.iter().skip(head + 1).find(|r| r[0] == Data::String(label.into())).unwrap_or_else(|| panic!("{label}"));
        let csv = feedback.iter().find(|f| f["area_code"] == "AREA" && f["year"] == "2024" && f["item"] == item).expect("csv row");
        for (col, name) in [(1, "n"), (2, "mean"), (3, "share_4_5"), (4, "share_4_5_low"), (5, "share_4_5_high")] {
            assert!(agrees(&r[col], &csv[name]), "{item} {name}: workbook {:?}, csv {:?}", r[col], csv[name]);
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
    // Need and reach: index and rate of every municipality in the report year.
    let need = read_csv(&out.join("data/need_reach.csv"));
    let rows = sheet(&out.join("workbooks/metrics.xlsx"), "Tarve ja tavoittavuus");
    let head = rows.iter().position(|r| r.get(2) == Some(&Data::String("Tarveindeksi".into()))).expect("need header");
    for r in rows.iter().skip(head + 1).take(5) {
        let code = match &r[1] {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        let csv = need.iter().find(|n| n["area_code"] == code && n["year"] == "2024").expect("need row");
        assert!(agrees(&r[2], &csv["need_index"]), "{code} need index {:?} vs {}", r[2], csv["need_index"]);
        assert!(agrees(&r[3], &csv["clients_per_1000"]), "{code} rate {:?} vs {}", r[3], csv["clients_per_1000"]);
    }
}

/// The need–reach scatter: in the area's workbook (5 municipalities) every point is named
/// from the table; in a municipality's appendix the others are unnamed and the municipality
/// is a series of its own, one point at its own row, named by its own name cell.
#[test]
fn the_need_chart_names_the_points_people_can_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_metrics(&out);
    let scatter = |file: &str| -> String {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(out.join(file)).unwrap()).unwrap();
        let names: Vec<String> =
            zip.file_names().filter_map(Result::ok).filter(|n| n.starts_with("xl/charts/chart")).map(|n| n.to_string()).collect();
        names
            .iter()
            .map(|n| {
                let mut xml = String::new();
                std::io::Read::read_to_string(&mut zip.by_name(n).unwrap(), &mut xml).unwrap();
                xml
            })
            .find(|xml| xml.contains("<c:scatterChart>"))
            .unwrap_or_else(|| panic!("{file} has no scatter chart"))
    };
    let area = scatter("workbooks/metrics.xlsx");
    assert_eq!(area.matches("<c:ser>").count(), 1, "{area}");
    assert_eq!(area.matches("<c:dLbl>").count(), 5, "one name per municipality: {area}");

    let oulu = scatter("workbooks/metrics_564_oulu.xlsx");
    assert_eq!(oulu.matches("<c:ser>").count(), 2, "{oulu}");
    assert_eq!(oulu.matches("<c:dLbl>").count(), 0, "no point-by-point names: {oulu}");
    assert!(oulu.contains("<c:showSerName val=\"1\"/>"), "Oulu's point shows its series name: {oulu}");
    // The second series is one row of the need table: the row whose first cell is Oulu.
    let second = oulu.split("<c:ser>").nth(2).unwrap();
    let name_ref =
        second.split("<c:tx>").nth(1).and_then(|t| t.split("<c:f>").nth(1)).and_then(|f| f.split("</c:f>").next()).expect("name ref");
    let (sheet_name, r0, c0, _, _) = parse_ref(&name_ref.replace("&apos;", "'"));
    let rows = sheet(&out.join("workbooks/metrics_564_oulu.xlsx"), &sheet_name);
    assert_eq!(rows[r0 as usize][c0 as usize], Data::String("Oulu".into()));
    let values =
        second.split("<c:yVal>").nth(1).and_then(|t| t.split("<c:f>").nth(1)).and_then(|f| f.split("</c:f>").next()).expect("values");
    let (_, v0, _, v1, _) = parse_ref(&values.replace("&apos;", "'"));
    assert_eq!((v0, v1), (r0, r0), "Oulu's point is Oulu's row");
}

/// The area's rates by municipality name every municipality on the category axis: at the
/// default size LibreOffice showed every other name of 30 (looked at in a printed PDF), so
/// the names are 8 pt and the chart grows 16 px per municipality. rust_xlsxwriter writes no
/// label interval of 1 (it omits `tickLblSkip` unless it is above 1), so size is the means.
#[test]
fn the_rates_chart_names_every_municipality() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_metrics(&out);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(out.join("workbooks/metrics.xlsx")).unwrap()).unwrap();
    let names: Vec<String> =
        zip.file_names().filter_map(Result::ok).filter(|n| n.starts_with("xl/charts/chart")).map(|n| n.to_string()).collect();
    let bars: Vec<String> = names
        .iter()
        .map(|n| {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(n).unwrap(), &mut xml).unwrap();
            xml
        })
        .filter(|xml| xml.contains("<c:barDir val=\"bar\"/>") && xml.contains("<c:orientation val=\"maxMin\"/>"))
        .collect();
    let category_axis = |xml: &str| xml.split("<c:catAx>").nth(1).and_then(|a| a.split("</c:catAx>").next()).unwrap_or("").to_string();
    let rates: Vec<&String> = bars.iter().filter(|xml| category_axis(xml).contains("<a:defRPr sz=\"800\"/>")).collect();
    assert_eq!(rates.len(), 1, "one chart of rates by municipality, its names at 8 pt: {bars:?}");
    assert!(rates[0].contains("<c:cat>") && rates[0].contains("$A$5:$A$9"), "the five municipalities' names: {}", rates[0]);
}

/// A row entered twice is listed once as a likely duplicate on the regional workbook's
/// data-quality sheet, with both its rows (the run finds the duplicates while it
/// publishes, apart from the other figures; that a duplicate still counts is a transform
/// test).
#[test]
fn a_row_entered_twice_is_listed_as_a_likely_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loki.csv"),
        "Pvm;Kunta;Kanava;Aihe;Ikäryhmä;Kesto (min);Asiakkaita\n\
         4.3.2024;Oulu;Lähituki;Pankkiasiat;65–74;30;1\n\
         5.3.2024;Oulu;Puhelin;Kela;75+;20;1\n\
         5.3.2024;Oulu;Puhelin;Kela;75+;20;1\n\
         6.3.2024;Kempele;Lähituki;Sähköposti;30–64;15;2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("p.toml"),
        "[pipeline]\nname = \"dup\"\narea = { municipalities = [\"564\", \"244\"] }\nyears = [2024, 2024]\nlanguage = \"fi\"\noutput = \"out\"\n\n\
         [[activity]]\nfiles = [\"loki.csv\"]\nprovider_type = \"library\"\n",
    )
    .unwrap();
    let p = dir.path().join("p.toml");
    let o = digihyte(&["run", p.to_str().unwrap(), "--run-date", "2025-01-15", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("out");
    let rows = sheet(&out.join("workbooks/dup.xlsx"), "Tietojen laatu");
    let heading = rows.iter().position(|r| r[0].to_string().starts_with("Mahdolliset kaksoiskirjaukset")).expect("the duplicates heading");
    let listed: Vec<Vec<String>> = rows[heading + 2..]
        .iter()
        .take_while(|r| !r[0].to_string().is_empty())
        .map(|r| r.iter().take(4).map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(listed, vec![vec!["loki.csv".to_string(), String::new(), "3, 4".to_string(), "2".to_string()]], "{listed:?}");
}
