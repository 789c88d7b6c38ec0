//! The public behaviour of digihyte-geo: the 2025–2026 division, the merger, holes and
//! drawing order, counties, label points, bounds and the TM35FIN projection.

use digihyte_geo::{bounds, credit, municipalities, municipality, tm35fin, Bounds, Municipality, Point, Polygon};

fn m(code: u16) -> &'static Municipality {
    municipality(code).unwrap_or_else(|| panic!("no municipality {code:03}"))
}

/// Twice the signed area, positive when counter-clockwise with y north.
fn orientation(ring: &[Point]) -> f64 {
    ring.windows(2).map(|w| (w[0].x - ring[0].x) * (w[1].y - ring[0].y) - (w[1].x - ring[0].x) * (w[0].y - ring[0].y)).sum()
}

/// Whether `p` is inside the ring alone (its holes, if any, ignored).
fn in_ring(p: Point, ring: &[Point]) -> bool {
    Polygon { exterior: ring.to_vec(), holes: Vec::new() }.contains(p)
}

#[test]
fn there_are_308_municipalities_sorted_by_unique_code_without_pertunmaa() {
    let all = municipalities();
    assert_eq!(all.len(), 308);
    assert!(all.windows(2).all(|w| w[0].code < w[1].code), "sorted, so unique");
    assert!(municipality(588).is_none(), "588 Pertunmaa merged into 507 in 2025");
    assert!(all.iter().all(|x| x.code != 588));
    assert_eq!(m(507).name_fi, "Mäntyharju");
    assert_eq!((m(49).name_fi.as_str(), m(49).name_sv.as_str()), ("Espoo", "Esbo"));
    assert_eq!((m(564).name_fi.as_str(), m(564).name_sv.as_str()), ("Oulu", "Uleåborg"));
    assert_eq!(m(9).name_fi, "Alavieska");
    for x in all {
        assert!(std::ptr::eq(m(x.code), x));
    }
    assert!(municipality(0).is_none() && municipality(999).is_none());
}

#[test]
fn rings_are_closed_exteriors_counter_clockwise_and_holes_clockwise() {
    let mut holes = 0;
    for x in municipalities() {
        assert!(!x.polygons.is_empty(), "{:03}", x.code);
        for p in &x.polygons {
            for (k, ring) in std::iter::once(&p.exterior).chain(&p.holes).enumerate() {
                assert!(ring.len() >= 4 && ring.first() == ring.last(), "{:03}: an open ring", x.code);
                assert_eq!(orientation(ring) > 0.0, k == 0, "{:03}: ring {k}", x.code);
            }
            holes += p.holes.len();
        }
    }
    assert_eq!(holes, 1, "only Espoo has a hole");
}

#[test]
fn kauniainen_lies_in_espoos_hole_and_is_drawn_after_espoo() {
    let (espoo, kauniainen) = (m(49), m(235));
    let k = kauniainen.label_point();
    assert!(kauniainen.contains(k));
    assert!(!espoo.contains(k), "Espoo's exterior less its hole does not hold Kauniainen");
    let hole = espoo.polygons.iter().flat_map(|p| &p.holes).find(|h| in_ring(k, h)).expect("a hole of Espoo holds Kauniainen");
    assert!(in_ring(k, &espoo.polygons[0].exterior), "the hole is inside Espoo's exterior");
    // The hole is exactly Kauniainen's boundary (one arc of the topology), the other way round.
    assert_eq!(kauniainen.polygons.len(), 1);
    let mut reversed = kauniainen.polygons[0].exterior.clone();
    reversed.reverse();
    assert_eq!(hole, &reversed);

    // Drawing order: whatever lies in a hole comes after the municipality with the hole.
    let all = municipalities();
    let mut pairs = Vec::new();
    for (i, outer) in all.iter().enumerate() {
        for hole in outer.polygons.iter().flat_map(|p| &p.holes) {
            for (j, inner) in all.iter().enumerate() {
                if j != i && in_ring(inner.label_point(), hole) {
                    assert!(j > i, "{:03} is in a hole of {:03} but comes before it", inner.code, outer.code);
                    pairs.push((outer.code, inner.code));
                }
            }
        }
    }
    assert_eq!(pairs, [(49, 235)]);
}

#[test]
fn pohjois_pohjanmaa_has_its_30_municipalities() {
    let pp: Vec<u16> = municipalities().iter().filter(|x| x.county == "PP").map(|x| x.code).collect();
    // Statistics Finland's 2026 key, region 17 (SOURCES.md, file 11).
    let expected = [
        9, 69, 71, 72, 139, 208, 244, 305, 317, 425, 436, 483, 494, 535, 563, 564, 615, 625, 626, 630, 678, 691, 746, 748, 785, 791, 832,
        859, 889, 977,
    ];
    assert_eq!(pp, expected);
    for c in [564, 305, 139, 244] {
        assert!(pp.contains(&c));
    }
    assert_eq!(m(499).county, "PO", "Mustasaari is in Pohjanmaa, not Pohjois-Pohjanmaa");
}

#[test]
fn helsinki_and_aland_belong_to_no_wellbeing_services_county() {
    let none: Vec<u16> = municipalities().iter().filter(|x| x.county.is_empty()).map(|x| x.code).collect();
    assert_eq!(none, [35, 43, 60, 62, 65, 76, 91, 170, 295, 318, 417, 438, 478, 736, 766, 771, 941]);
    // Åland (all but 091) is in the far west, west of 21.5° E (Brändö reaches about 21.2°).
    let west = tm35fin(21.5, 60.2).x;
    assert!(none.iter().filter(|&&c| c != 91).all(|&c| m(c).bounds().max_x < west));
}

#[test]
fn label_points_are_inside_and_where_the_towns_are() {
    for x in municipalities() {
        let p = x.label_point();
        assert!(x.contains(p), "{:03} {}: {p:?}", x.code, x.name_fi);
        let b = x.bounds();
        assert!(p.x > b.min_x && p.x < b.max_x && p.y > b.min_y && p.y < b.max_y);
    }
    let (oulu, helsinki, kuusamo) = (m(564).label_point(), m(91).label_point(), m(305).label_point());
    assert!(oulu.y > helsinki.y + 400_000.0, "Oulu is some 500 km north of Helsinki");
    assert!(oulu.x < kuusamo.x, "Oulu is west of Kuusamo");
    // Inland, not in the sea off Helsinki: the city centre (24.94° E 60.17° N) is within 15 km.
    let centre = tm35fin(24.9384, 60.1699);
    assert!((helsinki.x - centre.x).hypot(helsinki.y - centre.y) < 15_000.0, "{helsinki:?}");
}

#[test]
fn areas_add_up_to_finland() {
    let total: f64 = municipalities().iter().map(Municipality::area).sum();
    // Land and inland waters (lakes are part of the municipalities here): 303 890 + 34 550 km²
    // by Statistics Finland; the 1:4.5M generalisation keeps it within 2 %.
    assert!((total / 1e6 - 338_440.0).abs() < 0.02 * 338_440.0, "{} km²", total / 1e6);
    let largest = municipalities().iter().max_by(|a, b| a.area().total_cmp(&b.area())).unwrap();
    assert_eq!(largest.name_fi, "Inari");
    assert!(m(445).polygons.len() > 10, "Parainen is an archipelago");
}

#[test]
fn bounds_cover_the_codes_given() {
    assert_eq!(bounds([]), None);
    assert_eq!(bounds([588]), None, "abolished codes are not known");
    let (h, e) = (m(91).bounds(), m(49).bounds());
    let both = bounds([91, 49, 588]).unwrap();
    assert_eq!(
        both,
        Bounds { min_x: h.min_x.min(e.min_x), min_y: h.min_y.min(e.min_y), max_x: h.max_x.max(e.max_x), max_y: h.max_y.max(e.max_y) }
    );
    assert!(both.width() > h.width() && both.width() > e.width());
    let b = m(564).bounds();
    for p in m(564).polygons.iter().flat_map(|p| &p.exterior) {
        assert!(p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y);
    }
    assert!(m(564).polygons.iter().flat_map(|p| &p.exterior).any(|p| p.x == b.min_x), "tight");
}

#[test]
fn finland_is_drawn_about_1_75_times_as_tall_as_wide() {
    let all = bounds(municipalities().iter().map(|x| x.code)).unwrap();
    let ratio = all.height() / all.width();
    // About 1140 km by 650 km.
    assert!((1_100_000.0..1_200_000.0).contains(&all.height()), "{all:?}");
    assert!((600_000.0..700_000.0).contains(&all.width()), "{all:?}");

    // The same from the raw file, independently: decode every arc position to longitude and
    // latitude, take the west-, east-, south- and northmost, and project those four.
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../data/finland_municipalities_hva_2021_statfi4500k_yle.topo.json")).unwrap();
    let (s, t) = (&v["transform"]["scale"], &v["transform"]["translate"]);
    let mut lonlat = Vec::new();
    for arc in v["arcs"].as_array().unwrap() {
        let (mut x, mut y) = (0i64, 0i64);
        for d in arc.as_array().unwrap() {
            x += d[0].as_i64().unwrap();
            y += d[1].as_i64().unwrap();
            lonlat.push((
                x as f64 * s[0].as_f64().unwrap() + t[0].as_f64().unwrap(),
                y as f64 * s[1].as_f64().unwrap() + t[1].as_f64().unwrap(),
            ));
        }
    }
    let pick = |f: fn(&(f64, f64), &(f64, f64)) -> std::cmp::Ordering| *lonlat.iter().min_by(|a, b| f(a, b)).unwrap();
    let extremes = [
        pick(|a, b| a.0.total_cmp(&b.0)),
        pick(|a, b| b.0.total_cmp(&a.0)),
        pick(|a, b| a.1.total_cmp(&b.1)),
        pick(|a, b| b.1.total_cmp(&a.1)),
    ];
    let p: Vec<Point> = extremes.iter().map(|&(lon, lat)| tm35fin(lon, lat)).collect();
    let raw_w = p.iter().map(|q| q.x).fold(f64::MIN, f64::max) - p.iter().map(|q| q.x).fold(f64::MAX, f64::min);
    let raw_h = p.iter().map(|q| q.y).fold(f64::MIN, f64::max) - p.iter().map(|q| q.y).fold(f64::MAX, f64::min);
    let raw_ratio = raw_h / raw_w;
    assert!((ratio / raw_ratio - 1.0).abs() < 0.10, "{ratio} vs {raw_ratio}");
    // Longitude plotted against latitude would be wider than tall (about 12° by 10°).
    let (lon_span, lat_span) = (extremes[1].0 - extremes[0].0, extremes[3].1 - extremes[2].1);
    assert!(lat_span / lon_span < 1.0 && ratio > 1.6 && ratio < 1.9, "{ratio}, degrees {}", lat_span / lon_span);
}

/// Reference pairs for EPSG:3067 (longitude, latitude) → (easting, northing).
///
/// The first is the worked example of JHS 197 (appendix 3): point G4, Geta, 60°23′06.38474″ N
/// 19°50′53.29237″ E. The others were computed with PROJ 9.5.1 (pyproj 3.7.2,
/// EPSG:4258 → EPSG:3067), which uses a different (Poder/Engsager, 6th-order) series.
const REFERENCE: [((f64, f64), (f64, f64)); 6] = [
    ((19.0 + 50.0 / 60.0 + 53.29237 / 3600.0, 60.0 + 23.0 / 60.0 + 6.38474 / 3600.0), (106256.35961, 6715706.37708)),
    ((27.0, 60.0), (500000.0, 6651411.1902)),
    ((24.9384, 60.1699), (385611.3167, 6672118.3802)),
    ((27.4722, 68.411994), (519388.5568, 7588873.4052)),
    ((31.5, 62.9), (728578.2028, 6982444.1796)),
    ((21.0, 69.3), (263633.0379, 7699404.5170)),
];

#[test]
fn the_projection_matches_published_and_proj_coordinates_to_a_millimetre() {
    for ((lon, lat), (x, y)) in REFERENCE {
        let p = tm35fin(lon, lat);
        assert!((p.x - x).abs() < 0.001 && (p.y - y).abs() < 0.001, "{lon} {lat}: {p:?}, expected {x} {y}");
    }
    assert_eq!(tm35fin(27.0, 60.0).x, 500_000.0, "the central meridian");
    assert_eq!(tm35fin(27.0, 0.0), Point { x: 500_000.0, y: 0.0 }, "the origin");
}

#[test]
fn the_projection_is_symmetric_about_27_degrees_east() {
    for lat in [59.5, 62.0, 65.0, 70.1] {
        for d in [0.5, 3.0, 7.5] {
            let (e, w) = (tm35fin(27.0 + d, lat), tm35fin(27.0 - d, lat));
            assert!((e.x - 500_000.0 + (w.x - 500_000.0)).abs() < 1e-6 && (e.y - w.y).abs() < 1e-6, "{lat} {d}");
            assert!(e.x > 500_000.0 && e.y > tm35fin(27.0, lat).y, "east of the meridian, and bent north");
        }
    }
}

#[test]
fn credits_by_language() {
    assert_eq!(credit("fi"), "Rajat: Tilastokeskus (CC BY 4.0)");
    assert_eq!(credit("sv"), "Gränser: Statistikcentralen (CC BY 4.0)");
    assert_eq!(credit("en"), "Boundaries: Statistics Finland (CC BY 4.0)");
    assert_eq!(credit("de"), credit("en"));
    assert_eq!(credit(""), digihyte_geo::CREDIT_EN);
    assert_eq!((digihyte_geo::CREDIT_FI, digihyte_geo::CREDIT_SV), (credit("fi"), credit("sv")));
}
