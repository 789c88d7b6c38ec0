//! How long reading a large xlsx activity log takes, against calamine's own read of the
//! same file (issue 4: within 1.5×). Not a timed test: run it by hand and read the output.
//!
//!     cargo bench -p digihyte-ingest --bench read_xlsx            # 200 000 rows
//!     cargo bench -p digihyte-ingest --bench read_xlsx -- 1000000
//!
//! The log is written here (zip of the sheet XML, date cells, shared-string-free inline
//! text), so no large file lives in the repository. Each measurement is the best of three.
//! `calamine` = open the workbook and `worksheet_range` every sheet (what calamine itself
//! does to hand out cells); `grid::read` = the same bytes to digihyte's `Sheet`s;
//! `read_file` = grid plus header search, every value parsed and every row accounted.

use calamine::Reader;
use chrono::NaiveDate;
use digihyte_core::SourceKind;
use digihyte_ingest::{grid, read_file, Context};
use digihyte_pipeline::Source;
use std::io::Write;
use std::time::{Duration, Instant};

fn xlsx(rows: usize) -> Vec<u8> {
    let mut sheet = String::with_capacity(rows * 420);
    sheet.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#);
    let head = ["Päivämäärä", "Kotikunta", "Tukipiste", "Kanava", "Aihe", "Ikä", "Kesto (min)", "Asiakkaita", "Asiakastunnus"];
    let text = |s: &mut String, r: usize, c: usize, v: &str| {
        s.push_str(&format!(r#"<c r="{}{r}" t="inlineStr"><is><t>{v}</t></is></c>"#, grid::column_letter(c)));
    };
    let num = |s: &mut String, r: usize, c: usize, v: f64, style: u8| {
        s.push_str(&format!(r#"<c r="{}{r}" s="{style}"><v>{v}</v></c>"#, grid::column_letter(c)));
    };
    sheet.push_str(r#"<row r="1">"#);
    for (c, h) in head.iter().enumerate() {
        text(&mut sheet, 1, c, h);
    }
    sheet.push_str("</row>");
    let places = ["Oulu", "Kempele", "Ii", "Kuusamo", "Muhos", "Liminka"];
    let topics = ["OmaKanta; pankkitunnukset", "sähköposti", "Kela", "älypuhelimen perusteet", "Suomi.fi"];
    for i in 0..rows {
        let r = i + 2;
        sheet.push_str(&format!(r#"<row r="{r}">"#));
        num(&mut sheet, r, 0, 44_927.0 + (i % 700) as f64, 1);
        text(&mut sheet, r, 1, places[i % places.len()]);
        text(&mut sheet, r, 2, if i % 3 == 0 { "Pääkirjasto" } else { "Kaukovainion kirjasto" });
        text(&mut sheet, r, 3, if i % 4 == 0 { "puhelin" } else { "lähituki" });
        text(&mut sheet, r, 4, topics[i % topics.len()]);
        num(&mut sheet, r, 5, (30 + i % 60) as f64, 0);
        num(&mut sheet, r, 6, (15 + i % 90) as f64, 0);
        num(&mut sheet, r, 7, (1 + i % 3) as f64, 0);
        text(&mut sheet, r, 8, &format!("A{:05}", i % 20_000));
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tapahtumat" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_string()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(body.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

fn best_of_three(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("three runs")
}

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(200_000);
    let bytes = xlsx(rows);
    let dir = std::env::temp_dir().join(format!("digihyte-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("log.xlsx");
    std::fs::write(&path, &bytes).expect("write the log");
    println!("{rows} rows, {:.1} MB xlsx", bytes.len() as f64 / 1e6);

    let calamine = best_of_three(|| {
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).expect("open");
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).expect("range");
            assert!(range.height() > rows);
        }
    });
    let grid = best_of_three(|| {
        let (_, sheets) = grid::read(bytes.clone()).expect("grid");
        assert!(sheets[0].rows.len() > rows);
    });
    let source = Source {
        kind: SourceKind::Activity,
        files: vec![path.clone()],
        sheet: None,
        default_municipality: None,
        default_provider: None,
        columns: Vec::new(),
        items: Vec::new(),
    };
    let ctx = Context::new(NaiveDate::from_ymd_opt(2025, 1, 15).expect("date"), 2022, 2024);
    let whole = best_of_three(|| {
        let o = read_file(&path, "log.xlsx", &source, &ctx);
        assert_eq!(o.account.rows_read as usize, rows);
    });
    std::fs::remove_dir_all(&dir).ok();
    let ratio = |d: Duration| d.as_secs_f64() / calamine.as_secs_f64();
    println!("calamine worksheet_range  {:>8.3} s", calamine.as_secs_f64());
    println!("digihyte grid::read       {:>8.3} s  ({:.2}× calamine)", grid.as_secs_f64(), ratio(grid));
    println!("digihyte read_file        {:>8.3} s  ({:.2}× calamine; header, parsing, accounting)", whole.as_secs_f64(), ratio(whole));
    let verdict = |d: Duration| if ratio(d) <= 1.5 { "met" } else { "NOT met" };
    println!("target 1.5× calamine: grid::read {}, read_file {}", verdict(grid), verdict(whole));
}
