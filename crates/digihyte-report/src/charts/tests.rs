//! Tests of the chart renderer.

use super::draw::*;
use super::*;
use plotters::style::{RGBColor, WHITE};

const NB: char = crate::locale::THOUSANDS_SEP;

fn fi(s: &str) -> String {
    s.replace(' ', &NB.to_string())
}

/// A percentage of fi/sv: a no-break space before the sign.
fn fi_pct(s: &str) -> String {
    s.replace(" %", "\u{A0}%")
}

#[test]
fn format_number_cases() {
    assert_eq!(format_number(1234.5, 1, "fi"), fi("1 234,5"));
    assert_eq!(format_number(1234.5, 1, "sv"), fi("1 234,5"));
    assert_eq!(format_number(1234.5, 1, "en"), "1,234.5");
    assert_eq!(format_number(1234567.0, 0, "fi"), fi("1 234 567"));
    assert_eq!(format_number(1234567.0, 0, "en"), "1,234,567");
    assert_eq!(format_number(999.0, 0, "fi"), "999");
    assert_eq!(format_number(100.0, 0, "fi"), "100");
    assert_eq!(format_number(2.5, 1, "fi"), "2,5");
    assert_eq!(format_number(2.5, 0, "fi"), "3");
    assert_eq!(format_number(-2.5, 0, "fi"), "-3");
    assert_eq!(format_number(0.145, 2, "fi"), "0,15");
    assert_eq!(format_number(1.005, 2, "en"), "1.01");
    assert_eq!(format_number(0.0, 2, "fi"), "0,00");
    assert_eq!(format_number(-0.004, 2, "fi"), "0,00");
    assert_eq!(format_number(-1234.56, 1, "fi"), fi("-1 234,6"));
    assert_eq!(format_number(0.05, 1, "en"), "0.1");
    assert_eq!(format_number(999.96, 1, "fi"), fi("1 000,0"));
    assert_eq!(format_number(1e-7, 3, "fi"), "0,000");
    assert_eq!(format_number(f64::NAN, 1, "fi"), "–");
    assert_eq!(format_number(f64::INFINITY, 1, "en"), "–");
    assert_eq!(format_number(12.0, 1, "fi-FI"), "12,0");
    assert_eq!(format_number(1e22, 0, "en"), "10,000,000,000,000,000,000,000");
}

#[test]
fn format_percent_cases() {
    assert_eq!(format_percent(0.125, 1, "fi"), fi_pct("12,5 %"));
    assert_eq!(format_percent(0.125, 1, "sv"), fi_pct("12,5 %"));
    assert_eq!(format_percent(0.125, 1, "en"), "12.5%");
    assert_eq!(format_percent(0.5, 0, "fi"), fi_pct("50 %"));
    assert_eq!(format_percent(1.0, 0, "en"), "100%");
    assert_eq!(format_percent(f64::NAN, 1, "fi"), "–");
}

#[test]
fn nice_axis_steps() {
    let a = nice_axis(0.0, 12.0, 5, 1);
    assert_eq!(a.ticks, vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5]);
    assert_eq!(a.decimals, 1);
    // With no decimals allowed the step stays whole.
    let a = nice_axis(0.0, 12.0, 5, 0);
    assert!(a.ticks.iter().all(|t| t.fract() == 0.0), "{:?}", a.ticks);
    assert_eq!(a.decimals, 0);
    let a = nice_axis(0.0, 3.0, 5, 0);
    assert_eq!(a.ticks, vec![0.0, 1.0, 2.0, 3.0]);
    let a = nice_axis(-3.0, 7.0, 5, 0);
    assert_eq!(a.ticks, vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
    let a = nice_axis(0.0, 0.0, 5, 0);
    assert_eq!((a.lo, a.hi), (0.0, 1.0));
    let a = nice_axis(0.0, 0.37, 5, 3);
    assert_eq!(a.ticks, vec![0.0, 0.1, 0.2, 0.3, 0.4]);
}

fn sample_bar(lang: &str) -> BarChart {
    BarChart {
        title: "Digituen asiakkaat alueittain".into(),
        y_label: "Asiakkaita / 1 000 asukasta".into(),
        categories: vec!["2022".into(), "2023".into(), "2024".into()],
        series: vec![
            Series { label: "Keski-Suomi".into(), values: vec![Some(7.5), Some(10.0), Some(12.0)] },
            Series { label: "Jyväskylä".into(), values: vec![Some(4.25), None, Some(9.0)] },
            Series { label: "Muurame".into(), values: vec![Some(1.0), Some(2.0), Some(f64::NAN)] },
        ],
        decimals: 1,
        source: "Lähde: digituki-tilastot; THL Sotkanet".into(),
        lang: lang.into(),
    }
}

fn sample_hbar(lang: &str) -> HBarChart {
    HBarChart {
        title: "Tukitapahtumien aiheet".into(),
        x_label: "Osuus tapahtumista".into(),
        categories: vec![
            "Pankkiasiointi".into(),
            "Kela ja muut viranomaiset".into(),
            "Puhelimen käyttö".into(),
            "Terveyspalvelut ja OmaKanta sekä kaikki muut hyvin pitkät aiheet".into(),
            "Muu".into(),
        ],
        values: vec![Some(0.325), Some(0.2), Some(0.125), Some(0.1), None],
        percent: true,
        source: "Lähde: digituki-tilastot".into(),
        lang: lang.into(),
    }
}

fn sample_scatter(lang: &str) -> Scatter {
    Scatter {
        title: "Tarve ja tavoittavuus".into(),
        x_label: "Tarveindeksi".into(),
        y_label: "Asiakkaita / 1 000 asukasta".into(),
        points: vec![
            ("Jyväskylä".into(), 95.0, 12.5),
            ("Muurame".into(), 88.0, 4.0),
            ("Laukaa".into(), 102.0, 6.5),
            ("Äänekoski".into(), 121.0, 9.0),
            ("Saarijärvi".into(), 128.0, 15.0),
            ("Keuruu".into(), 124.0, 14.2),
            ("Petäjävesi".into(), 110.0, 5.5),
            ("Uurainen".into(), 109.0, 5.0),
        ],
        x_median: Some(106.0),
        y_median: Some(7.75),
        source: "Lähde: digituki-tilastot; THL Sotkanet".into(),
        lang: lang.into(),
    }
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

fn png_size(png: &[u8]) -> (u32, u32) {
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}

/// The text contents of the SVG's `<text>` elements.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>'))
        .filter_map(|(_, rest)| rest.split_once("</text>"))
        .map(|(content, _)| content.trim().to_string())
        .collect()
}

fn size_of<C: Chart>(chart: &C) -> (u32, u32) {
    chart.logical_size(&Metrics { s: 1.0, fonts: ensure_fonts().unwrap() })
}

fn check(r: &Rendered, logical: (u32, u32)) {
    assert!(r.png.starts_with(&PNG_SIGNATURE));
    assert_eq!(png_size(&r.png), (logical.0 * PNG_SCALE, logical.1 * PNG_SCALE));
    assert!(r.svg.starts_with("<svg"));
    assert!(r.svg.contains(&format!("width=\"{}\"", logical.0)));
    assert!(!r.svg.contains(FONT_FAMILY), "SVG must name a real font family");
    assert!(!r.svg.contains("00000"), "tidy font sizes");
}

#[test]
fn bar_chart_svg_has_title_and_decimal_comma_ticks() {
    let chart = sample_bar("fi");
    let r = render_bar(&chart).unwrap();
    check(&r, size_of(&chart));
    let texts = svg_texts(&r.svg);
    assert!(texts.iter().any(|t| t == "Digituen asiakkaat alueittain"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "2,5"), "tick 2,5 missing: {texts:?}");
    assert!(texts.iter().any(|t| t == "12,0"), "value label 12,0 missing: {texts:?}");
    assert!(texts.iter().any(|t| t == "Keski-Suomi"), "legend missing: {texts:?}");
    assert!(!texts.iter().any(|t| t.contains('.')), "no decimal points in Finnish charts: {texts:?}");
    assert!(r.svg.contains("font-weight=\"bold\""), "title in bold");
}

#[test]
fn bar_chart_english_uses_decimal_point() {
    let texts = svg_texts(&render_bar(&sample_bar("en")).unwrap().svg);
    assert!(texts.iter().any(|t| t == "2.5"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains(',')), "{texts:?}");
}

#[test]
fn integer_bar_chart_has_integer_ticks() {
    let chart = BarChart {
        series: vec![Series { label: "Asiakkaat".into(), values: vec![Some(3.0), Some(7.0), Some(12.0)] }],
        decimals: 0,
        ..sample_bar("fi")
    };
    let texts = svg_texts(&render_bar(&chart).unwrap().svg);
    let numbers: Vec<&String> = texts.iter().filter(|t| t.starts_with(|c: char| c.is_ascii_digit())).collect();
    assert!(numbers.iter().any(|t| *t == "12"), "{numbers:?}");
    assert!(numbers.iter().all(|t| !t.contains(',')), "no decimals anywhere: {numbers:?}");
}

#[test]
fn rendering_is_deterministic() {
    let a = render_bar(&sample_bar("fi")).unwrap();
    let b = render_bar(&sample_bar("fi")).unwrap();
    assert_eq!(a, b);
    let a = render_hbar(&sample_hbar("sv")).unwrap();
    let b = render_hbar(&sample_hbar("sv")).unwrap();
    assert_eq!(a, b);
    let a = render_scatter(&sample_scatter("en")).unwrap();
    let b = render_scatter(&sample_scatter("en")).unwrap();
    assert_eq!(a, b);
}

/// The palette's colours against white and against the next colour: at least 3:1 (WCAG
/// 2.1, 1.4.11), as the chart of a public body's document must have.
#[test]
fn palette_contrast_is_at_least_three_to_one() {
    fn lum(c: RGBColor) -> f64 {
        let f = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(c.0) + 0.7152 * f(c.1) + 0.0722 * f(c.2)
    }
    fn ratio(a: RGBColor, b: RGBColor) -> f64 {
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }
    for (i, c) in PALETTE.iter().enumerate() {
        assert!(ratio(*c, WHITE) >= 3.0, "colour {i} against white: {:.2}", ratio(*c, WHITE));
        let next = PALETTE[(i + 1) % PALETTE.len()];
        assert!(ratio(*c, next) >= 3.0, "colours {i} and {}: {:.2}", i + 1, ratio(*c, next));
    }
    for (name, c) in [("text", TEXT_COLOR), ("axis text", AXIS_TEXT), ("muted", MUTED)] {
        assert!(ratio(c, WHITE) >= 4.5, "{name}: {:.2}", ratio(c, WHITE));
    }
}

/// Every text of every chart prints at 9 pt or more when the chart is printed 16 cm wide.
#[test]
fn no_text_is_smaller_than_nine_points_in_print() {
    let charts = [ChartSpec::Bar(sample_bar("fi")), ChartSpec::HBar(sample_hbar("sv")), ChartSpec::Scatter(sample_scatter("en"))];
    for spec in charts {
        let r = render_spec(&spec).unwrap();
        let width: f64 = r.svg.split("width=\"").nth(1).and_then(|s| s.split('"').next()).and_then(|s| s.parse().ok()).unwrap();
        let pt_per_px = PRINT_WIDTH_PT / width;
        let sizes: Vec<f64> =
            r.svg.split("font-size=\"").skip(1).filter_map(|s| s.split('"').next()).filter_map(|s| s.parse().ok()).collect();
        assert!(!sizes.is_empty());
        for s in sizes {
            // plotters writes the font size as size / 1.24 (its em-to-px convention).
            let px = s * 1.24;
            assert!(px * pt_per_px >= 9.0 - 1e-9, "{px} px = {:.1} pt in {spec:?}", px * pt_per_px);
        }
    }
}

#[test]
fn hbar_percent_labels() {
    let chart = sample_hbar("fi");
    let r = render_hbar(&chart).unwrap();
    check(&r, size_of(&chart));
    assert!(r.svg.contains(&fi_pct("32,5 %")));
    assert!(r.svg.contains(&fi_pct("10 %")) || r.svg.contains(&fi_pct("20 %")), "percent ticks");
    assert!(r.svg.contains('…'), "long label cut");
    let r = render_hbar(&HBarChart { lang: "en".into(), ..sample_hbar("fi") }).unwrap();
    assert!(r.svg.contains("32.5%"));
}

#[test]
fn scatter_renders_labels_and_medians() {
    let chart = sample_scatter("fi");
    let r = render_scatter(&chart).unwrap();
    check(&r, size_of(&chart));
    assert!(r.svg.contains("Saarijärvi"));
    assert!(r.svg.contains("mediaani 7,75") || r.svg.contains("mediaani 7,8"));
}

/// 308 points in a cloud: the outliers are named, the crowd is not, and no two names
/// overlap.
#[test]
fn crowded_scatter_names_only_what_can_be_read() {
    let mut points: Vec<(String, f64, f64)> =
        (0..306).map(|i| (format!("Kunta{i:03}"), (i % 17) as f64 / 17.0 - 0.5, 80.0 + (i % 23) as f64)).collect();
    points.push(("Kaukana".into(), 3.0, 400.0));
    points.push(("Toisaalla".into(), -3.0, 0.0));
    let chart = Scatter { points, ..sample_scatter("fi") };
    let r = render_scatter(&chart).unwrap();
    let texts = svg_texts(&r.svg);
    let named = texts.iter().filter(|t| t.starts_with("Kunta")).count();
    assert!(texts.iter().any(|t| t == "Kaukana") && texts.iter().any(|t| t == "Toisaalla"), "{texts:?}");
    assert!(named < 100, "{named} of 306 crowded points named");
    // No two point names share a position (a name left out is better than a blot).
    let positions: Vec<&str> = r.svg.split("<text").skip(1).map(|t| t.split('>').next().unwrap_or("")).collect();
    let mut unique = positions.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), positions.len());

    // Five points on top of each other: the names that fit beside them, never over each
    // other (the tables name every point).
    let few: Vec<(String, f64, f64)> = (0..5).map(|i| (format!("Lähellä{i}"), 0.01 * i as f64, 50.0)).collect();
    let r = render_scatter(&Scatter { points: few, ..sample_scatter("fi") }).unwrap();
    let named = svg_texts(&r.svg).iter().filter(|t| t.starts_with("Lähellä")).count();
    assert!((2..5).contains(&named), "{named}");
    // Five points apart: every one is named.
    let apart: Vec<(String, f64, f64)> = (0..5).map(|i| (format!("Erillään{i}"), i as f64, 10.0 * i as f64)).collect();
    let r = render_scatter(&Scatter { points: apart, ..sample_scatter("fi") }).unwrap();
    assert_eq!(svg_texts(&r.svg).iter().filter(|t| t.starts_with("Erillään")).count(), 5);
}

#[test]
fn edge_cases_do_not_panic() {
    let empty_bar = BarChart {
        title: "Tyhjä".into(),
        y_label: String::new(),
        categories: vec![],
        series: vec![],
        decimals: 0,
        source: String::new(),
        lang: "fi".into(),
    };
    let r = render_bar(&empty_bar).unwrap();
    assert!(r.svg.contains("Tyhjä") && r.svg.contains("Ei tietoja"));

    let all_none = BarChart { series: vec![Series { label: "A".into(), values: vec![None, Some(f64::NAN), None] }], ..sample_bar("sv") };
    assert!(render_bar(&all_none).unwrap().svg.contains("Inga uppgifter"));

    let zeros = BarChart { series: vec![Series { label: "A".into(), values: vec![Some(0.0), Some(0.0), Some(0.0)] }], ..sample_bar("fi") };
    preview("edge-bar-zeros", &render_bar(&zeros).unwrap());

    let single = BarChart {
        categories: vec!["2024".into()],
        series: vec![Series { label: "A".into(), values: vec![Some(5.0)] }],
        ..sample_bar("fi")
    };
    preview("edge-bar-single", &render_bar(&single).unwrap());

    let negative_and_long = BarChart {
        categories: vec!["Hyvin pitkä luokan nimi joka ei mahdu mihinkään järkevään tilaan".into(), "B".into()],
        series: (0..12)
            .map(|i| Series {
                label: format!("Sarja numero {i} jolla on myös melko pitkä nimi"),
                values: vec![Some(i as f64 - 5.5), Some(f64::INFINITY)],
            })
            .collect(),
        ..sample_bar("fi")
    };
    preview("edge-bar-negative-long", &render_bar(&negative_and_long).unwrap());

    let huge =
        BarChart { series: vec![Series { label: "A".into(), values: vec![Some(1e12), Some(3.0), Some(-1e-12)] }], ..sample_bar("en") };
    preview("edge-bar-huge", &render_bar(&huge).unwrap());

    let hbar_empty = HBarChart { categories: vec![], values: vec![], ..sample_hbar("fi") };
    render_hbar(&hbar_empty).unwrap();
    let hbar_none = HBarChart { values: vec![None, Some(f64::NAN)], ..sample_hbar("fi") };
    render_hbar(&hbar_none).unwrap();
    let hbar_neg = HBarChart { values: vec![Some(-3.0), Some(5.0), Some(0.0)], percent: false, ..sample_hbar("en") };
    preview("edge-hbar-negative", &render_hbar(&hbar_neg).unwrap());

    let scatter_empty = Scatter { points: vec![], x_median: None, y_median: None, ..sample_scatter("fi") };
    render_scatter(&scatter_empty).unwrap();
    let scatter_one = Scatter {
        points: vec![("Yksi".into(), 5.0, 5.0), ("NaN".into(), f64::NAN, 1.0)],
        x_median: Some(f64::NAN),
        ..sample_scatter("fi")
    };
    render_scatter(&scatter_one).unwrap();
    let scatter_negative = Scatter {
        points: vec![("A".into(), -12.5, -3.0), ("B".into(), 4.0, 2.5), ("C".into(), 0.0, 0.0)],
        x_median: Some(0.0),
        y_median: Some(-0.5),
        ..sample_scatter("en")
    };
    preview("edge-scatter-negative", &render_scatter(&scatter_negative).unwrap());
    let crowded = Scatter {
        points: (0..40)
            .map(|i| {
                let f = i as f64;
                (format!("Kunta {i}"), 80.0 + (f * 7.3) % 50.0, 2.0 + (f * 3.7) % 15.0)
            })
            .collect(),
        ..sample_scatter("sv")
    };
    preview("edge-scatter-crowded", &render_scatter(&crowded).unwrap());
    let single_point =
        Scatter { points: vec![("Ainoa".into(), 100.0, 10.0)], x_median: Some(100.0), y_median: Some(10.0), ..sample_scatter("fi") };
    preview("edge-scatter-single", &render_scatter(&single_point).unwrap());
}

/// Writes a chart for looking at it when `DIGIHYTE_CHART_PREVIEW` names a folder.
fn preview(name: &str, r: &Rendered) {
    let Some(dir) = std::env::var_os("DIGIHYTE_CHART_PREVIEW") else { return };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), &r.png).unwrap();
    std::fs::write(dir.join(format!("{name}.svg")), &r.svg).unwrap();
}

/// Renders the sample charts (written out by `preview`).
#[test]
fn preview_samples() {
    let samples = [
        ("bar-fi", render_bar(&sample_bar("fi")).unwrap()),
        (
            "bar-single-en",
            render_bar(&BarChart {
                series: vec![Series { label: "Clients".into(), values: vec![Some(1234.0), Some(2345.0), Some(0.0)] }],
                decimals: 0,
                ..sample_bar("en")
            })
            .unwrap(),
        ),
        ("hbar-fi", render_hbar(&sample_hbar("fi")).unwrap()),
        ("scatter-fi", render_scatter(&sample_scatter("fi")).unwrap()),
        (
            "bar-empty-fi",
            render_bar(&BarChart { series: vec![Series { label: "A".into(), values: vec![None, None, None] }], ..sample_bar("fi") })
                .unwrap(),
        ),
    ];
    for (name, r) in &samples {
        preview(name, r);
    }
}

fn national_map(hidden_every: usize) -> MapChart {
    let areas = digihyte_geo::municipalities()
        .iter()
        .enumerate()
        .map(|(i, m)| MapArea {
            code: m.code,
            name: m.name_fi.clone(),
            class: if hidden_every > 0 && i % hidden_every == 0 { None } else { Some(i % 5) },
            label: None,
            emphasis: false,
        })
        .collect();
    MapChart {
        title: "Koko maa: Asiakkaat / 1 000 asukasta 2024".into(),
        legend_title: "Asiakkaat / 1 000 asukasta".into(),
        classes: ["DEEBF7", "9ECAE1", "4292C6", "2171B5", "08306B"]
            .iter()
            .enumerate()
            .map(|(i, c)| MapClass { label: format!("luokka {i}"), color: c.to_string() })
            .collect(),
        hidden: Some("Ei julkaistu".into()),
        areas,
        source: "Rajat: Tilastokeskus (CC BY 4.0)".into(),
        width: 640,
        legend: true,
        lang: "fi".into(),
    }
}

/// A municipality's shape in an SVG: its code, its class and its points.
type SvgShape = (String, String, Vec<(f64, f64)>);

/// The SVG's paths.
fn svg_paths(svg: &str) -> Vec<SvgShape> {
    svg.split("<path data-code=\"")
        .skip(1)
        .map(|p| {
            let code = p.split('"').next().unwrap().to_string();
            let class = p.split("class=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let d = p.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
            let pts = d
                .split(['M', 'L', 'Z'])
                .filter_map(|xy| {
                    let mut it = xy.split_whitespace();
                    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
                })
                .collect();
            (code, class, pts)
        })
        .collect()
}

#[test]
fn a_map_has_one_shape_per_municipality_tagged_with_its_code_and_class() {
    let map = national_map(7);
    let r = render_spec(&ChartSpec::Map(map.clone())).unwrap();
    let paths = svg_paths(&r.svg);
    assert_eq!(paths.len(), 308);
    for (a, (code, class, pts)) in map.areas.iter().zip(&paths) {
        assert_eq!(code, &format!("{:03}", a.code));
        match a.class {
            Some(c) => assert_eq!(class, &format!("class-{c}")),
            None => assert_eq!(class, "hidden"),
        }
        assert!(pts.len() >= 3, "{code}");
    }
    // Hidden municipalities are hatched, never coloured as a class.
    assert!(r.svg.contains("<pattern id=\"hidden\""));
    for p in r.svg.split("class=\"hidden\"").skip(1) {
        assert!(p.trim_start().starts_with("fill=\"url(#hidden)\""), "{}", &p[..60.min(p.len())]);
    }
    // The PNG is the same picture: twice the SVG's size.
    let (w, h) = size_of_png(&r.png);
    let svg_w: u32 = r.svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert_eq!(w, svg_w * PNG_SCALE);
    assert!(h > w, "Finland is taller than wide");
}

#[test]
fn finland_keeps_its_shape_on_the_map() {
    // The drawn aspect ratio of the whole country is within 10 % of TM35FIN's.
    let r = render_spec(&ChartSpec::Map(national_map(0))).unwrap();
    let pts: Vec<(f64, f64)> = svg_paths(&r.svg).into_iter().flat_map(|p| p.2).collect();
    let (x0, x1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let drawn = (y1 - y0) / (x1 - x0);
    let b = digihyte_geo::bounds(digihyte_geo::municipalities().iter().map(|m| m.code)).unwrap();
    let tm = b.height() / b.width();
    assert!((drawn / tm - 1.0).abs() < 0.10, "drawn {drawn:.3}, TM35FIN {tm:.3}");
    // And on the map Oulu (564) is north of Helsinki (091) and west of Kuusamo (305).
    let paths = svg_paths(&r.svg);
    let centre = |code: &str| {
        let p = &paths.iter().find(|p| p.0 == code).unwrap().2;
        let n = p.len() as f64;
        (p.iter().map(|q| q.0).sum::<f64>() / n, p.iter().map(|q| q.1).sum::<f64>() / n)
    };
    let (oulu, helsinki, kuusamo) = (centre("564"), centre("091"), centre("305"));
    assert!(oulu.1 < helsinki.1, "north is up");
    assert!(oulu.0 < kuusamo.0, "west is left");
}

fn size_of_png(png: &[u8]) -> (u32, u32) {
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn class_breaks_are_round_and_increasing() {
    let v: Vec<f64> = (1..=30).map(|i| f64::from(i) * 2.37).collect();
    let b = crate::charts::figures::class_breaks(&v);
    assert_eq!(b.len(), 4, "{b:?}");
    assert!(b.windows(2).all(|w| w[0] < w[1]), "{b:?}");
    for x in &b {
        // Two significant digits.
        let p = 10f64.powi(x.log10().floor() as i32 - 1);
        assert!(((x / p).round() * p - x).abs() < 1e-9, "{x}");
    }
    assert!(crate::charts::figures::class_breaks(&[5.0, 5.0, 5.0]).is_empty());
}

/// No two legend entries share an end point: a value on a break is in the class that
/// starts there, and the labels say which (issue 16: readable classes).
#[test]
fn class_labels_say_where_a_break_belongs() {
    use crate::charts::figures::{class_index, classes_of};
    let breaks = [20.0, 40.0, 60.0];
    let labels = |lang| classes_of(&breaks, lang).into_iter().map(|c| c.label).collect::<Vec<_>>();
    assert_eq!(labels("fi"), ["alle 20", "20 – alle 40", "40 – alle 60", "60 tai enemmän"]);
    assert_eq!(labels("sv"), ["under 20", "20 – under 40", "40 – under 60", "60 eller mer"]);
    assert_eq!(labels("en"), ["under 20", "20 to under 40", "40 to under 60", "60 or more"]);
    // 40 is drawn in the class whose label starts at 40, 39.9 in the one below it.
    assert_eq!(class_index(&breaks, 40.0), 2);
    assert_eq!(class_index(&breaks, 39.9), 1);
    assert_eq!(class_index(&breaks, 19.99), 0);
    assert_eq!(class_index(&breaks, 60.0), 3);
    // Decimal breaks keep the decimal comma in fi and sv.
    let small = classes_of(&[0.85, 1.5], "sv").into_iter().map(|c| c.label).collect::<Vec<_>>();
    assert_eq!(small, ["under 0,85", "0,85 – under 1,5", "1,5 eller mer"]);
}
