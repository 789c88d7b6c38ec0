//! Plane geometry on TM35FIN rings: area, point-in-polygon, and a label point that is
//! guaranteed to lie inside (pole of inaccessibility, with a scanline fallback).

use crate::{Bounds, Point, Polygon};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Signed area of a closed ring by the shoelace formula: positive when counter-clockwise
/// (x east, y north).
pub(crate) fn signed_area(ring: &[Point]) -> f64 {
    if ring.len() < 3 {
        return 0.0;
    }
    let o = ring[0];
    let mut twice = 0.0;
    for w in ring.windows(2) {
        // Relative to the first point, so that the products stay small (northings are ~7e6).
        let (a, b) = (w[0], w[1]);
        twice += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
    }
    twice / 2.0
}

/// Whether `p` is inside the closed ring (even-odd rule; a point on the boundary may go either
/// way).
pub(crate) fn in_ring(p: Point, ring: &[Point]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
    }
    inside
}

/// Whether `p` is inside the polygon: inside its exterior and in none of its holes.
pub(crate) fn in_polygon(p: Point, poly: &Polygon) -> bool {
    in_ring(p, &poly.exterior) && !poly.holes.iter().any(|h| in_ring(p, h))
}

/// Squared distance from `p` to the segment `a`–`b`.
fn segment_distance_sq(p: Point, a: Point, b: Point) -> f64 {
    let (mut x, mut y) = (a.x, a.y);
    let (dx, dy) = (b.x - x, b.y - y);
    if dx != 0.0 || dy != 0.0 {
        let t = ((p.x - x) * dx + (p.y - y) * dy) / (dx * dx + dy * dy);
        if t > 1.0 {
            x = b.x;
            y = b.y;
        } else if t > 0.0 {
            x += dx * t;
            y += dy * t;
        }
    }
    (p.x - x).powi(2) + (p.y - y).powi(2)
}

/// Distance from `p` to the polygon's boundary, positive inside and negative outside.
fn signed_distance(p: Point, poly: &Polygon) -> f64 {
    let mut min_sq = f64::INFINITY;
    for ring in std::iter::once(&poly.exterior).chain(&poly.holes) {
        for w in ring.windows(2) {
            min_sq = min_sq.min(segment_distance_sq(p, w[0], w[1]));
        }
    }
    let d = min_sq.sqrt();
    if in_polygon(p, poly) {
        d
    } else {
        -d
    }
}

/// The bounding box of some points; `None` when there are none.
pub(crate) fn bounds_of<'a>(points: impl IntoIterator<Item = &'a Point>) -> Option<Bounds> {
    let mut it = points.into_iter();
    let first = it.next()?;
    let mut b = Bounds { min_x: first.x, min_y: first.y, max_x: first.x, max_y: first.y };
    for p in it {
        b.min_x = b.min_x.min(p.x);
        b.min_y = b.min_y.min(p.y);
        b.max_x = b.max_x.max(p.x);
        b.max_y = b.max_y.max(p.y);
    }
    Some(b)
}

/// A square cell of the pole-of-inaccessibility search.
struct Cell {
    centre: Point,
    /// Half the cell's side.
    half: f64,
    /// Signed distance from the centre to the boundary.
    d: f64,
    /// The largest distance any point of the cell can have: `d + half * sqrt(2)`.
    max: f64,
}

impl Cell {
    fn new(centre: Point, half: f64, poly: &Polygon) -> Cell {
        let d = signed_distance(centre, poly);
        Cell { centre, half, d, max: d + half * std::f64::consts::SQRT_2 }
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.max.total_cmp(&other.max) == Ordering::Equal
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.max.total_cmp(&other.max)
    }
}

/// The pole of inaccessibility of a polygon to within `precision` metres (the "polylabel"
/// quadtree search of Mapbox, after Garcia-Castellanos & Lombardo 2007): the interior point
/// farthest from the boundary, holes included. Returns the point and its distance (positive
/// when the point is inside).
pub(crate) fn pole_of_inaccessibility(poly: &Polygon, precision: f64) -> (Point, f64) {
    let Some(b) = bounds_of(&poly.exterior) else { return (Point { x: 0.0, y: 0.0 }, f64::NEG_INFINITY) };
    let size = b.width().min(b.height());
    let centre = Point { x: (b.min_x + b.max_x) / 2.0, y: (b.min_y + b.max_y) / 2.0 };
    if size <= 0.0 {
        return (centre, signed_distance(centre, poly));
    }
    let half = size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut x = b.min_x;
    while x < b.max_x {
        let mut y = b.min_y;
        while y < b.max_y {
            queue.push(Cell::new(Point { x: x + half, y: y + half }, half, poly));
            y += size;
        }
        x += size;
    }
    let mut best = Cell::new(centre, 0.0, poly);
    while let Some(cell) = queue.pop() {
        if cell.d > best.d {
            best = Cell { max: cell.d, half: 0.0, ..cell };
        }
        if cell.max - best.d <= precision {
            continue;
        }
        let h = cell.half / 2.0;
        for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            queue.push(Cell::new(Point { x: cell.centre.x + sx * h, y: cell.centre.y + sy * h }, h, poly));
        }
    }
    (best.centre, best.d)
}

/// The midpoint of the widest inside stretch of a horizontal line through the middle of the
/// polygon: always inside when the polygon has any area (the fallback of [`label_point`]).
pub(crate) fn scanline_point(poly: &Polygon) -> Option<Point> {
    let b = bounds_of(&poly.exterior)?;
    // A line exactly through a vertex would count it twice or not at all: nudge it off.
    let mut y = (b.min_y + b.max_y) / 2.0;
    let rings: Vec<&Vec<Point>> = std::iter::once(&poly.exterior).chain(&poly.holes).collect();
    while rings.iter().any(|r| r.iter().any(|p| p.y == y)) {
        y += b.height() * 1e-6;
    }
    let mut xs: Vec<f64> = Vec::new();
    for ring in &rings {
        for w in ring.windows(2) {
            let (a, c) = (w[0], w[1]);
            if (a.y > y) != (c.y > y) {
                xs.push(a.x + (y - a.y) * (c.x - a.x) / (c.y - a.y));
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    // Even-odd: the stretches between the 1st and 2nd crossing, the 3rd and 4th, ... are inside.
    xs.chunks_exact(2).max_by(|p, q| (p[1] - p[0]).total_cmp(&(q[1] - q[0]))).map(|s| Point { x: (s[0] + s[1]) / 2.0, y })
}

/// How close to the true pole [`label_point`] searches: 1/500 of the polygon's smaller side,
/// at least 1 m.
pub(crate) fn label_precision(poly: &Polygon) -> f64 {
    bounds_of(&poly.exterior).map_or(1.0, |b| (b.width().min(b.height()) / 500.0).max(1.0))
}

/// A point for a label inside the polygon, as far from its boundary as the search finds (to
/// within 1/500 of the polygon's smaller side, at least 1 m).
pub(crate) fn label_point(poly: &Polygon) -> Point {
    let (p, d) = pole_of_inaccessibility(poly, label_precision(poly));
    if d > 0.0 {
        p
    } else {
        scanline_point(poly).unwrap_or(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// A C shape open at the bottom, counter-clockwise: a 10 × 10 square less the notch
    /// x 2..8, y 0..8. Its centroid and bounding-box centre lie in the notch, outside it.
    fn c_shape() -> Polygon {
        let ring = [(0., 0.), (2., 0.), (2., 8.), (8., 8.), (8., 0.), (10., 0.), (10., 10.), (0., 10.), (0., 0.)];
        Polygon { exterior: ring.iter().map(|&(x, y)| pt(x, y)).collect(), holes: vec![] }
    }

    #[test]
    fn area_sign_follows_the_orientation() {
        let p = c_shape();
        assert_eq!(signed_area(&p.exterior), 100.0 - 48.0);
        let rev: Vec<Point> = p.exterior.iter().rev().copied().collect();
        assert_eq!(signed_area(&rev), -52.0);
    }

    #[test]
    fn the_label_of_a_concave_shape_is_inside_it_where_its_centre_is_not() {
        let p = c_shape();
        assert!(!in_polygon(pt(5.0, 5.0), &p), "the centre is in the notch");
        let l = label_point(&p);
        assert!(in_polygon(l, &p), "{l:?}");
        let s = scanline_point(&p).unwrap();
        assert!(in_polygon(s, &p), "{s:?}");
    }

    #[test]
    fn the_label_avoids_a_hole() {
        let sq = |a: f64, b: f64| vec![pt(a, a), pt(b, a), pt(b, b), pt(a, b), pt(a, a)];
        let p = Polygon { exterior: sq(0.0, 100.0), holes: vec![sq(30.0, 70.0)] };
        let l = label_point(&p);
        assert!(in_polygon(l, &p), "{l:?}");
        // The widest free band is 30 wide: the pole is about 15 from the nearest boundary.
        assert!(signed_distance(l, &p) > 14.0, "{l:?}");
    }
}
