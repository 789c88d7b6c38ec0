//! Tests that need the crate's insides: the raw file before the merger, the union, and the
//! label point's fallback. The public behaviour is tested in `tests/geo.rs`.

use super::*;
use crate::topology::{twice_area, Topology};

fn raw() -> Topology {
    topology::parse(TOPOJSON, "munis").unwrap()
}

/// The raw feature's polygons, projected as `build` projects them.
fn raw_polygons(t: &Topology, code: u16) -> Vec<Polygon> {
    let f = t.features.iter().find(|f| f.code == code).unwrap();
    t.polygons(f).unwrap().iter().map(|q| project(t, q)).collect()
}

fn perimeter(ring: &[Point]) -> f64 {
    ring.windows(2).map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y)).sum()
}

/// The arcs that both 507 and 588 use in the raw file: their old common border.
fn shared_arcs(t: &Topology) -> Vec<usize> {
    let arcs_of = |code: u16| -> std::collections::BTreeSet<usize> {
        let f = t.features.iter().find(|f| f.code == code).unwrap();
        f.polygons.iter().flatten().flatten().map(|&i| t.arc_index(i)).collect()
    };
    arcs_of(507).intersection(&arcs_of(588)).copied().collect()
}

fn projected_arc(t: &Topology, i: usize) -> Vec<Point> {
    t.arcs[i].iter().map(|q| tm35fin(q[0] as f64 * t.scale[0] + t.translate[0], q[1] as f64 * t.scale[1] + t.translate[1])).collect()
}

#[test]
fn the_raw_file_has_309_features_with_clockwise_exteriors_and_counter_clockwise_holes() {
    // The union tells exteriors from holes by this convention of the file, so check it.
    let t = raw();
    assert_eq!(t.features.len(), 309);
    assert!(t.features.iter().any(|f| f.code == 588));
    let mut holes = 0;
    for f in &t.features {
        for p in t.polygons(f).unwrap() {
            assert!(twice_area(&p.exterior) < 0, "{:03}", f.code);
            for h in &p.holes {
                assert!(twice_area(h) > 0, "{:03}", f.code);
                holes += 1;
            }
        }
    }
    assert_eq!(holes, 1, "only Espoo has a hole");
}

#[test]
fn parsing_the_embedded_file_twice_gives_the_same_result() {
    let a = build(TOPOJSON).unwrap();
    let b = build(TOPOJSON).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.as_slice(), municipalities());
}

#[test]
fn mantyharju_is_the_union_of_mantyharju_and_pertunmaa() {
    let t = raw();
    let old_507 = raw_polygons(&t, 507);
    let old_588 = raw_polygons(&t, 588);
    // Each was one polygon without holes, and so is a proper union of two neighbours.
    assert_eq!((old_507.len(), old_507[0].holes.len(), old_588.len(), old_588[0].holes.len()), (1, 0, 1, 0));
    let new = municipality(507).unwrap();
    assert_eq!(new.name_fi, "Mäntyharju");
    assert_eq!(new.county, "ES");
    assert_eq!(new.polygons.len(), 1, "one exterior ring");
    assert!(new.polygons[0].holes.is_empty());

    let sum = old_507[0].area() + old_588[0].area();
    assert!((new.area() - sum).abs() < 0.005 * sum, "{} vs {sum}", new.area());
    // Both together are larger than either alone by the other's area (not, say, 507 alone).
    assert!(new.area() > 1.2 * old_507[0].area(), "{} vs {}", new.area(), old_507[0].area());

    // The old common border is gone: none of its inner vertices is on the new boundary,
    // and the boundary is the two old ones less the common part, counted once for each.
    let shared = shared_arcs(&t);
    assert!(!shared.is_empty());
    let ring = &new.polygons[0].exterior;
    let mut shared_length = 0.0;
    for &i in &shared {
        let arc = projected_arc(&t, i);
        shared_length += perimeter(&arc);
        for p in &arc[1..arc.len() - 1] {
            assert!(!ring.contains(p), "arc {i} of the old border is still in 507's ring");
        }
        // The middle of the arc's first segment, on the old border, is now inside 507.
        let mid = Point { x: (arc[0].x + arc[1].x) / 2.0, y: (arc[0].y + arc[1].y) / 2.0 };
        assert!(new.contains(mid), "the old border at arc {i} is not inside the new 507");
    }
    let expected = perimeter(&old_507[0].exterior) + perimeter(&old_588[0].exterior) - 2.0 * shared_length;
    assert!((perimeter(ring) - expected).abs() < 1e-6 * expected, "{} vs {expected}", perimeter(ring));

    // All of old Pertunmaa is in the new 507.
    let p = geometry::label_point(&old_588[0]);
    assert!(old_588[0].contains(p) && new.contains(p));
}

#[test]
fn the_scanline_fallback_is_inside_every_largest_polygon_and_so_is_the_pole() {
    for m in municipalities() {
        let largest = m.polygons.iter().max_by(|a, b| a.area().total_cmp(&b.area())).unwrap();
        let s = geometry::scanline_point(largest).unwrap();
        assert!(largest.contains(s), "{:03}: {s:?}", m.code);
        // The labels come from the pole search itself everywhere, not from the fallback.
        let (p, d) = geometry::pole_of_inaccessibility(largest, geometry::label_precision(largest));
        assert!(d > 0.0 && largest.contains(p), "{:03}", m.code);
        assert_eq!(p, m.label_point());
    }
}

#[test]
fn a_file_with_a_missing_successor_or_a_repeated_code_is_refused() {
    let without_507 = TOPOJSON.replacen("\"id\":\"507\"", "\"id\":\"999\"", 1);
    assert!(build(&without_507).unwrap_err().contains("507"));
    let twice_049 = TOPOJSON.replacen("\"id\":\"091\"", "\"id\":\"049\"", 1);
    assert!(build(&twice_049).unwrap_err().contains("049 appears twice"));
    assert!(build("{\"type\":\"FeatureCollection\"}").is_err());
}
