//! Hostile and broken inputs: none makes a reader panic or take unbounded memory; each gets
//! a clear error or is read within the stated limits (`digihyte_ingest::grid::Limits`).
//! The files are made here, at test time, rather than committed.

use digihyte_core::SourceKind;
use digihyte_ingest::grid::{read, read_with_limits, Limits, ReadError};
use digihyte_ingest::{read_file, Context};
use digihyte_pipeline::Source;
use std::io::Write;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A minimal xlsx with one sheet whose `<sheetData>` body is given.
fn xlsx(sheet_data: &[u8]) -> Vec<u8> {
    let mut sheet = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>".to_vec();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    zip_with(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tapahtumat" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

fn inline(r: u32, col: &str, text: &str) -> String {
    format!(r#"<c r="{col}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A header and two good rows.
fn log_rows() -> String {
    let mut s = String::new();
    s.push_str(&format!(r#"<row r="1">{}{}</row>"#, inline(1, "A", "Päivämäärä"), inline(1, "B", "Kotikunta")));
    s.push_str(&format!(r#"<row r="2">{}{}</row>"#, inline(2, "A", "1.3.2024"), inline(2, "B", "Oulu")));
    s.push_str(&format!(r#"<row r="3">{}{}</row>"#, inline(3, "A", "2.3.2024"), inline(3, "B", "Ii")));
    s
}

fn activity() -> Source {
    Source {
        kind: SourceKind::Activity,
        files: vec![],
        sheet: None,
        default_municipality: None,
        default_provider: None,
        columns: vec![],
        items: vec![],
    }
}

fn ctx() -> Context {
    Context::new(chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(), 2024, 2024)
}

fn read_bytes(name: &str, bytes: &[u8]) -> digihyte_ingest::FileOutcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = read_file(&path, name, &activity(), &ctx());
    assert!(out.account.balanced(), "{name}: {:?}", out.account);
    out
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 64 MB of one repeated byte packs to about 64 kB.
    let bomb = xlsx(&vec![b' '; 64 << 20]);
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let limits = Limits { max_unpacked: 16 << 20, ..Limits::DEFAULT };
    match read_with_limits(bomb, limits) {
        Err(ReadError::TooLargeUnpacked { unpacked_mb, limit_mb }) => {
            assert!(unpacked_mb >= 64 && limit_mb == 16);
        }
        other => panic!("expected TooLargeUnpacked, got {:?}", other.map(|o| o.1.len())),
    }
    assert_eq!(Limits::DEFAULT.max_unpacked, 1 << 30, "the stated limit: 1 GiB unpacked per file");
}

#[test]
fn a_million_empty_styled_rows_cost_nothing() {
    let mut data = log_rows();
    for r in 4..1_000_004u32 {
        data.push_str(&format!(r#"<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1"/>"#));
    }
    let out = read_bytes("styled.xlsx", &xlsx(data.as_bytes()));
    assert_eq!(out.account.error, None);
    assert_eq!(out.account.rows_accepted, 2);
}

#[test]
fn a_huge_text_cell_is_read_without_panic() {
    let mut data = log_rows();
    data.push_str(&format!(r#"<row r="4">{}{}</row>"#, inline(4, "A", "3.3.2024"), inline(4, "B", &"x".repeat(20 << 20))));
    let out = read_bytes("huge-string.xlsx", &xlsx(data.as_bytes()));
    assert_eq!(out.account.rows_accepted, 2);
    assert_eq!(out.account.rows_rejected, 1, "the 20 MB municipality name is rejected, not kept whole");
    // The rejected value is kept short enough for a spreadsheet cell and a person.
    assert_eq!(out.rejections[0].value.chars().count(), digihyte_ingest::MAX_REJECTED_VALUE_CHARS + 1);
    assert!(out.rejections[0].value.ends_with('…'));
}

#[test]
fn a_csv_with_a_ten_megabyte_line_and_invalid_utf8_is_read() {
    let mut csv = b"Pvm;Kunta;Aihe\n1.3.2024;Oulu;Kela\n2.3.2024;Oulu;".to_vec();
    csv.extend(std::iter::repeat_n(b'a', 10 << 20));
    csv.extend_from_slice(b"\n3.3.2024;Oulu;\xff\xfe\x80 laite\n");
    let out = read_bytes("long-line.csv", &csv);
    assert_eq!(out.account.error, None);
    assert_eq!(out.account.rows_accepted, 3);
}

#[test]
fn many_cells_past_the_limit_give_a_clear_error() {
    let mut data = log_rows();
    let mut row = String::from(r#"<row r="4">"#);
    for c in 0..300u32 {
        row.push_str(&format!(r#"<c r="{}4"><v>1</v></c>"#, digihyte_ingest::grid::column_letter(c as usize)));
    }
    row.push_str("</row>");
    data.push_str(&row);
    let limits = Limits { max_cells: 100, ..Limits::DEFAULT };
    let err = read_with_limits(xlsx(data.as_bytes()), limits).unwrap_err();
    assert!(err.to_string().contains("more than 100 cells"), "{err}");
    // The default reader takes the same file.
    assert!(read(xlsx(log_rows().as_bytes())).is_ok());
}

/// A stray value in the last row of a sheet (A1048576), below a few wide rows, and one far
/// to the right (XFD3): read within the limits, the rows in between hold no memory, and the
/// stray cells are where the spreadsheet shows them.
#[test]
fn stray_cells_far_below_and_to_the_right_cost_no_rows_in_between() {
    let mut data = String::new();
    for r in 1..=3 {
        let cells: String = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"].iter().map(|c| inline(r, c, "x")).collect();
        data.push_str(&format!(r#"<row r="{r}">{cells}"#));
        if r == 3 {
            data.push_str(&inline(3, "XFD", "far right"));
        }
        data.push_str("</row>");
    }
    data.push_str(&format!(r#"<row r="1048576">{}</row>"#, inline(1_048_576, "A", "far below")));
    let (_, sheets) = read(xlsx(data.as_bytes())).expect("read within the limits");
    let s = &sheets[0];
    assert_eq!(s.rows.len(), 1_048_576);
    assert_eq!(s.rows[2].len(), 16_384, "XFD is column 16 384");
    assert_eq!(s.rows[2][16_383].text(), Some("far right"));
    assert_eq!(s.rows[1_048_575][0].text(), Some("far below"));
    let reserved: usize = s.rows[3..1_048_575].iter().map(Vec::capacity).sum();
    assert_eq!(reserved, 0, "the rows between hold no cells");
}
