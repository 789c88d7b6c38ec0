//! The Word documents read back (unzipped, their XML parsed as text): every number of their
//! tables equals `data/`, every picture has its alternative text, the document has its title
//! and language; and every native chart of every workbook has its alternative text.

use crate::support::{read_csv, run_example};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

fn part(zip_path: &Path, name: &str) -> String {
    let f = std::fs::File::open(zip_path).expect("open");
    let mut z = zip::ZipArchive::new(f).expect("zip");
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", zip_path.display())).read_to_string(&mut s).expect("read");
    s
}

fn parts(zip_path: &Path, prefix: &str) -> Vec<String> {
    let f = std::fs::File::open(zip_path).expect("open");
    let mut z = zip::ZipArchive::new(f).expect("zip");
    let names: Vec<String> =
        z.file_names().filter_map(Result::ok).map(|n| n.to_string()).filter(|n| n.starts_with(prefix) && n.ends_with(".xml")).collect();
    names
        .iter()
        .map(|n| {
            let mut s = String::new();
            z.by_name(n).unwrap().read_to_string(&mut s).unwrap();
            s
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The text of every `<w:t>` inside `xml`.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:t") {
        let after = &rest[i..];
        // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tbl>`, `<w:tc>` …
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        if tag != "<w:t" && !tag.starts_with("<w:t ") {
            rest = &after[gt..];
            continue;
        }
        let body = &after[gt + 1..];
        let end = body.find("</w:t>").unwrap_or(body.len());
        out.push_str(&unescape(&body[..end]));
        rest = &body[end..];
    }
    out
}

/// Every table of the document: rows of cell texts.
fn tables(document: &str) -> Vec<Vec<Vec<String>>> {
    document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</w:tbl>").unwrap_or(t.len())];
            t.split("<w:tr>").skip(1).map(|r| r.split("<w:tc>").skip(1).map(text_of).collect()).collect()
        })
        .collect()
}

/// A number as the documents write it in Finnish (`1 234,5`, `12,5 %`) as the CSV writes it.
fn plain(s: &str) -> String {
    s.replace(['\u{202F}', '\u{A0}', ' '], "").replace(',', ".")
}

/// Whether the document shows a count of `data/` as published: the same number, `<5`, or
/// for an empty cell of the CSV either `..` (withheld against subtraction) or empty
/// (withheld under a small total).
fn same_count(doc: &str, csv: &str) -> bool {
    let doc = plain(doc);
    if csv.is_empty() {
        doc.is_empty() || doc == ".."
    } else {
        doc == csv
    }
}

fn close(doc: &str, csv: &str, decimals: i32) -> bool {
    match (plain(doc).parse::<f64>(), csv.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9,
        _ => plain(doc).is_empty() && csv.is_empty(),
    }
}

#[test]
fn the_documents_show_the_published_figures_and_every_picture_has_its_alternative_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let reach = read_csv(&out.join("data/reach.csv"));
    let by_name_year: BTreeMap<(String, String), &BTreeMap<String, String>> =
        reach.iter().map(|r| ((r["area_name"].clone(), r["year"].clone()), r)).collect();
    let docs: Vec<_> = std::fs::read_dir(out.join("documents")).expect("documents/").flatten().map(|e| e.path()).collect();
    // One for the area and one per municipality of the region (30).
    assert_eq!(docs.len(), 31, "{docs:?}");
    let mut compared = 0;
    let mut pictures = 0;
    for d in &docs {
        let document = part(d, "word/document.xml");
        // Every picture has its alternative text, and the ids are unique.
        let n_pics = document.matches("<wp:docPr ").count();
        assert!(n_pics >= 2, "{}: {n_pics} pictures", d.display());
        let descr: Vec<&str> = document
            .split("<wp:docPr ")
            .skip(1)
            .map(|s| s.split(" descr=\"").nth(1).and_then(|x| x.split('"').next()).unwrap_or(""))
            .collect();
        assert!(descr.iter().all(|t| t.len() > 40), "{}: a picture without its alternative text: {descr:?}", d.display());
        let mut ids: Vec<&str> = document.split("<wp:docPr id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n_pics, "{}: picture ids not unique", d.display());
        pictures += n_pics;
        // Word's own styles, so that the headings join the report's table of contents.
        let styles = part(d, "word/styles.xml");
        for s in [
            "w:styleId=\"Title\"",
            "w:styleId=\"Heading1\"",
            "w:styleId=\"Caption\"",
            "w:styleId=\"TableGrid\"",
            "<w:name w:val=\"heading 1\"",
        ] {
            assert!(styles.contains(s), "{}: {s}", d.display());
        }
        assert!(document.contains("<w:pStyle w:val=\"Heading1\""));
        assert!(document.contains("<w:tblHeader"), "{}: table headers repeat on each page", d.display());
        let core = part(d, "docProps/core.xml");
        assert!(core.contains("<dc:title>") && core.contains("<dc:language>fi-FI</dc:language>"), "{core}");
        // The reach table (the first table with the reach header) equals data/reach.csv.
        let t = tables(&document);
        let reach_table = t.iter().find(|t| t.first().is_some_and(|h| h.len() == 7 && h[0] == "Alue")).expect("reach table");
        for row in reach_table.iter().skip(1) {
            let key = (row[0].clone(), row[1].clone());
            let csv = by_name_year.get(&key).unwrap_or_else(|| panic!("{}: {key:?} not in reach.csv", d.display()));
            for (i, col) in [(2, "events"), (3, "clients"), (5, "clients_65plus"), (6, "clients_75plus")] {
                assert!(same_count(&row[i], &csv[col]), "{} {key:?} {col}: document {:?}, data/ {:?}", d.display(), row[i], csv[col]);
                compared += 1;
            }
            assert!(close(&row[4], &csv["clients_per_1000"], 1), "{} {key:?} rate {} vs {}", d.display(), row[4], csv["clients_per_1000"]);
            compared += 1;
        }
    }
    // The municipal documents' topic, channel and age tables equal data/mix.csv.
    let mix = read_csv(&out.join("data/mix.csv"));
    let mut mixed = 0;
    for d in docs.iter().filter(|d| d.file_name().unwrap().to_string_lossy().starts_with("example_")) {
        let code = d.file_name().unwrap().to_string_lossy().split('_').nth(1).unwrap().to_string();
        let t = tables(&part(d, "word/document.xml"));
        for (dim, head) in [("topic", "Aihe"), ("channel", "Kanava"), ("age_group", "Ikäryhmä")] {
            let Some(table) = t.iter().find(|t| t.first().is_some_and(|h| h[0] == head)) else { continue };
            for row in table.iter().skip(1) {
                let key = mix
                    .iter()
                    .find(|m| m["dimension"] == dim && digihyte_report::labels::key_label(dim, &m["key"], "fi") == row[0])
                    .map(|m| m["key"].clone())
                    .unwrap_or_else(|| panic!("{}: no key for {:?}", d.display(), row[0]));
                let csv = mix
                    .iter()
                    .find(|m| m["area_code"] == code && m["year"] == "2024" && m["dimension"] == dim && m["key"] == key)
                    .expect("mix row");
                assert!(same_count(&row[1], &csv["events"]), "{} {dim} {key}: {:?} vs {:?}", d.display(), row[1], csv["events"]);
                let share = plain(&row[2]).trim_end_matches('%').to_string();
                let csv_share = csv["share"].parse::<f64>().map(|v| format!("{:.1}", v * 100.0)).unwrap_or_default();
                assert!(
                    share == csv_share || (share.is_empty() && csv["share"].is_empty()),
                    "{} {dim} {key} share {share} vs {csv_share}",
                    d.display()
                );
                mixed += 1;
            }
        }
    }
    assert!(mixed > 300, "{mixed}");
    assert!(compared > 500, "{compared}");
    assert!(pictures >= 31 * 2, "{pictures}");
}

#[test]
fn the_summary_says_what_the_tables_say() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let reach = read_csv(&out.join("data/reach.csv"));
    let oulu = reach.iter().find(|r| r["area_code"] == "564" && r["year"] == "2024").expect("Oulu 2024");
    let text = text_of(&part(&out.join("documents/example_564_oulu.docx"), "word/document.xml"));
    let fi = |n: &str| {
        let v: u64 = n.parse().expect("a published count");
        let s = v.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('\u{202F}');
            }
            out.push(c);
        }
        out
    };
    assert!(
        text.contains(&format!("kirjattiin {} digitukitapahtumaa ja {} asiakasta", fi(&oulu["events"]), fi(&oulu["clients"]))),
        "{text}"
    );
}

#[test]
fn every_native_chart_of_every_workbook_has_its_alternative_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run_example(&out, &[]);
    let mut charts = 0;
    for e in std::fs::read_dir(out.join("workbooks")).expect("workbooks/").flatten() {
        for drawing in parts(&e.path(), "xl/drawings/drawing") {
            for frame in drawing.split("<xdr:graphicFrame").skip(1) {
                let descr = frame.split(" descr=\"").nth(1).and_then(|x| x.split('"').next()).unwrap_or("");
                assert!(descr.len() > 30, "{}: a chart without alternative text", e.path().display());
                assert!(descr.encode_utf16().count() <= 255 + 40, "{descr}");
                charts += 1;
            }
        }
    }
    assert!(charts > 31 * 4, "{charts}");
}
