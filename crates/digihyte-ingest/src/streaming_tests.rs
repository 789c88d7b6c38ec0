//! An activity log read as its rows stream ([`Reading::Stream`]) gives exactly the outcome
//! of reading it whole ([`Reading::Whole`]): events, rejections, skips and errors.

use crate::{read_detailed_as, Context, FileOutcome, Reading};
use digihyte_core::SourceKind;
use digihyte_pipeline::{Field, Source};
use proptest::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

fn source(sheet: Option<&str>, columns: Vec<(Field, String)>) -> Source {
    Source {
        kind: SourceKind::Activity,
        files: vec![],
        sheet: sheet.map(str::to_string),
        default_municipality: None,
        default_provider: None,
        columns,
        items: vec![],
    }
}

fn ctx() -> Context {
    Context::new(chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(), 2019, 2025)
}

/// Both readings of one file, as text (every field of the outcome).
fn both(path: &Path, source: &Source) -> (FileOutcome, String, String) {
    let whole = read_detailed_as(path, "f.xlsx", source, &ctx(), Reading::Whole).outcome;
    let streamed = read_detailed_as(path, "f.xlsx", source, &ctx(), Reading::Stream).outcome;
    let (w, s) = (format!("{whole:?}"), format!("{streamed:?}"));
    (streamed, w, s)
}

fn xlsx_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path();
        if p.is_dir() {
            xlsx_under(&p, found);
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            found.push(p);
        }
    }
}

#[test]
fn every_fixture_reads_the_same_streamed_and_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    xlsx_under(&root, &mut files);
    files.sort();
    assert!(files.len() >= 20, "the fixtures are missing: {}", root.display());
    let mut events = 0;
    for f in &files {
        for s in [source(None, vec![]), source(Some("Tapahtumat"), vec![]), source(Some("no such sheet"), vec![])] {
            let (streamed, whole, stream) = both(f, &s);
            assert_eq!(whole, stream, "{} read differently streamed (sheet {:?})", f.display(), s.sheet);
            events += streamed.events.len();
        }
    }
    assert!(events > 100, "the fixtures gave only {events} events");
}

/// A cell of a generated log.
#[derive(Debug, Clone)]
enum Gen {
    Empty,
    Text(&'static str),
    Number(f64),
    Date(f64),
}

fn gen_cell() -> impl Strategy<Value = Gen> {
    prop_oneof![
        3 => Just(Gen::Empty),
        6 => prop::sample::select(vec![
            "Oulu", "Ii", "Olu", "Helsinki", "Yhteensä", "Kirjasto", "puhelin", "etä", "Pankkiasiat; Kela", "75+", "65–74", "alle 30",
            "n. 15", "1:30", "1.3.2024", "2024-03-01", "2031-01-01", "K001-00001", "  ", "Päivämäärä", "x",
        ])
        .prop_map(Gen::Text),
        2 => (-5.0f64..200.0).prop_map(|n| Gen::Number(n.round())),
        3 => (43_466f64..45_700.0).prop_map(|d| Gen::Date(d.floor())),
    ]
}

/// A sheet: title rows, the header at a column offset, then rows (each with a gap before it).
#[derive(Debug, Clone)]
struct GenSheet {
    titles: usize,
    offset: u16,
    rows: Vec<(u32, Vec<Gen>)>,
    hidden: bool,
    stray_far_below: bool,
}

fn gen_sheet() -> impl Strategy<Value = GenSheet> {
    (
        0usize..4,
        0u16..3,
        prop::collection::vec((prop_oneof![8 => Just(0u32), 1 => 1u32..40], prop::collection::vec(gen_cell(), 0..11)), 0..60),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(titles, offset, rows, hidden, stray_far_below)| GenSheet { titles, offset, rows, hidden, stray_far_below })
}

const HEADER: [&str; 10] =
    ["Päivämäärä", "Kotikunta", "Tukipiste", "Toimija", "Kanava", "Aihe", "Ikä", "Kesto (min)", "Asiakkaita", "Asiakastunnus"];

fn write_log(path: &Path, sheets: &[GenSheet]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("d.m.yyyy");
    for (k, s) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(format!("Tapahtumat{}", if k == 0 { String::new() } else { k.to_string() })).unwrap();
        let mut r = 0u32;
        for t in 0..s.titles {
            if t % 2 == 0 {
                ws.write_string(r, 0, "Digituen tapahtumat").unwrap();
            }
            r += 1;
        }
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string(r, s.offset + c as u16, *h).unwrap();
        }
        for (gap, cells) in &s.rows {
            r += 1 + gap;
            for (c, v) in cells.iter().enumerate() {
                let c = s.offset + c as u16;
                match v {
                    Gen::Empty => {}
                    Gen::Text(t) => drop(ws.write_string(r, c, *t).unwrap()),
                    Gen::Number(n) => drop(ws.write_number(r, c, *n).unwrap()),
                    Gen::Date(d) => drop(ws.write_number_with_format(r, c, *d, &date).unwrap()),
                }
            }
        }
        if s.stray_far_below {
            ws.write_string(r + 5000, 0, "x").unwrap();
        }
        if s.hidden && k > 0 {
            ws.set_hidden(true);
        }
    }
    wb.save(path).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Generated logs (title rows, offsets, blank-row gaps, totals, bad values, several and
    /// hidden sheets, a stray cell far below) read the same streamed and whole.
    #[test]
    fn generated_logs_read_the_same_streamed_and_whole(sheets in prop::collection::vec(gen_sheet(), 1..3), named in any::<bool>()) {
        let dir = tempfile_dir();
        let path = dir.join("log.xlsx");
        write_log(&path, &sheets);
        let s = source(named.then_some("Tapahtumat1"), vec![]);
        let (_, whole, stream) = both(&path, &s);
        prop_assert_eq!(whole, stream);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A fresh folder under the system temp folder.
fn tempfile_dir() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "digihyte-stream-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Rewrites the first worksheet of an xlsx with its second and third `<row>` swapped.
fn swap_rows(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let starts: Vec<usize> = xml.match_indices("<row ").map(|(i, _)| i).collect();
            let end_of = |from: usize| xml[from..].find("</row>").unwrap() + from + "</row>".len();
            let (a, b) = ((starts[1], end_of(starts[1])), (starts[2], end_of(starts[2])));
            let swapped = format!("{}{}{}{}", &xml[..a.0], &xml[b.0..b.1], &xml[a.0..a.1], &xml[b.1..]);
            data = swapped.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_log_written_out_of_order_is_read_whole_and_gives_the_same_outcome() {
    let dir = tempfile_dir();
    let path = dir.join("log.xlsx");
    let rows = vec![
        (0, vec![Gen::Date(45_000.0), Gen::Text("Oulu")]),
        (0, vec![Gen::Date(45_001.0), Gen::Text("Ii")]),
        (0, vec![Gen::Date(45_002.0), Gen::Text("Olu")]),
    ];
    write_log(&path, &[GenSheet { titles: 0, offset: 0, rows, hidden: false, stray_far_below: false }]);
    swap_rows(&path);
    let bytes = std::fs::read(&path).unwrap();
    let mut wb = crate::grid::open_xlsx(&bytes, crate::grid::Limits::DEFAULT).unwrap();
    assert_eq!(
        crate::grid::stream_rows(&mut wb, "Tapahtumat", crate::grid::Limits::DEFAULT, |_, _| {}).unwrap(),
        crate::grid::Streamed::OutOfOrder
    );
    let (streamed, whole, stream) = both(&path, &source(None, vec![]));
    assert_eq!(whole, stream);
    assert_eq!(streamed.events.len(), 2, "{streamed:?}");
    assert_eq!(streamed.rejections.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn streamed_events_of_a_second_sheet_point_at_that_sheet() {
    let dir = tempfile_dir();
    let path = dir.join("log.xlsx");
    let sheet = |m: &'static str| GenSheet {
        titles: 0,
        offset: 0,
        rows: vec![(0, vec![Gen::Date(45_000.0), Gen::Text(m)])],
        hidden: false,
        stray_far_below: false,
    };
    write_log(&path, &[sheet("Oulu"), sheet("Ii")]);
    let (streamed, whole, stream) = both(&path, &source(None, vec![]));
    assert_eq!(whole, stream);
    assert_eq!(streamed.account.sheets, ["Tapahtumat", "Tapahtumat1"]);
    let origins: Vec<(u16, u32)> = streamed.events.iter().map(|e| (e.origin.sheet, e.origin.row)).collect();
    assert_eq!(origins, [(0, 2), (1, 2)]);
    let _ = std::fs::remove_dir_all(&dir);
}
