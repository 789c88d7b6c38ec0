//! The municipality boundaries of Finland for maps, embedded in the binary and projected to
//! ETRS-TM35FIN (EPSG:3067) metres.
//!
//! The source is Statistics Finland's generalised (1:4 500 000) municipality-based
//! statistical areas of 2021, as TopoJSON from Yleisradio/geodata (see `data/README.md`).
//! Every map drawn with it must carry the credit [`CREDIT_FI`] / [`CREDIT_SV`] /
//! [`CREDIT_EN`] (licence CC BY 4.0): use [`credit`].
//!
//! The division is that of 2025–2026, 308 municipalities: 588 Pertunmaa, which merged into
//! 507 Mäntyharju on 1 January 2025, is part of 507's polygon, with no internal border.
//!
//! ```
//! let oulu = digihyte_geo::municipality(564).unwrap();
//! assert_eq!(oulu.name_fi, "Oulu");
//! assert_eq!(oulu.county, "PP");
//! let label = oulu.label_point();
//! assert!(oulu.contains(label));
//! let pp = digihyte_geo::bounds(digihyte_geo::municipalities().iter().filter(|m| m.county == "PP").map(|m| m.code)).unwrap();
//! assert!(pp.height() > 200_000.0);
//! ```
//!
//! The land is clipped to the coastline, so islands are polygons of their own: 27
//! municipalities have more than one polygon (Parainen has fourteen; Oulu two, its mainland
//! and an island); Hailuoto is one island. Åland's 16 municipalities are shown like the
//! others: the main island divided among several, and the archipelago municipalities
//! (Brändö, Föglö, Kumlinge, Vårdö) as several islands each; their `county` is empty. Lakes
//! are part of the land. Rings are those of the 1:4.5M generalisation, about 7 400 points in
//! all, so no simplification is needed for maps of Finland or of a region.

#![deny(missing_docs)]

mod geometry;
mod projection;
mod topology;

pub use projection::tm35fin;

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The embedded source file, unchanged.
const TOPOJSON: &str = include_str!("../data/finland_municipalities_hva_2021_statfi4500k_yle.topo.json");

/// Municipalities of the source's classification (2021) merged since, as
/// (abolished municipality, the municipality it merged into).
const MERGERS: &[(u16, u16)] = &[(588, 507)];

/// Map credit in Finnish, for every map drawn with these boundaries.
pub const CREDIT_FI: &str = "Rajat: Tilastokeskus (CC BY 4.0)";
/// Map credit in Swedish.
pub const CREDIT_SV: &str = "Gränser: Statistikcentralen (CC BY 4.0)";
/// Map credit in English.
pub const CREDIT_EN: &str = "Boundaries: Statistics Finland (CC BY 4.0)";

/// The map credit in a language: `"fi"`, `"sv"` or `"en"`; any other code gives English.
pub fn credit(lang: &str) -> &'static str {
    match lang {
        "fi" => CREDIT_FI,
        "sv" => CREDIT_SV,
        _ => CREDIT_EN,
    }
}

/// A position in ETRS-TM35FIN metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Easting, metres (500 000 on the central meridian 27° E).
    pub x: f64,
    /// Northing, metres (from the equator).
    pub y: f64,
}

/// One polygon of a municipality: an exterior ring and the holes in it.
///
/// Rings are closed (the first point is repeated as the last) and oriented as in GeoJSON
/// (RFC 7946), with x east and y north: exteriors counter-clockwise, holes clockwise. So both
/// the even-odd and the non-zero fill rule leave the holes empty. On a canvas whose y axis
/// points down the orientations are mirrored, which changes neither rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// The outer boundary.
    pub exterior: Vec<Point>,
    /// The boundaries of the holes (areas of another municipality, such as Kauniainen in
    /// Espoo).
    pub holes: Vec<Vec<Point>>,
}

impl Polygon {
    /// The area in square metres on the map, holes excluded. TM35FIN's scale is 0.9996 on
    /// 27° E and grows to about 1.0016 in Åland, so map areas are within 0.3 % of true ones.
    pub fn area(&self) -> f64 {
        geometry::signed_area(&self.exterior).abs() - self.holes.iter().map(|h| geometry::signed_area(h).abs()).sum::<f64>()
    }

    /// Whether a point is inside the exterior and in none of the holes (a point exactly on
    /// the boundary may count either way).
    pub fn contains(&self, p: Point) -> bool {
        geometry::in_polygon(p, self)
    }
}

/// An axis-aligned rectangle in TM35FIN metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Westmost easting.
    pub min_x: f64,
    /// Southmost northing.
    pub min_y: f64,
    /// Eastmost easting.
    pub max_x: f64,
    /// Northmost northing.
    pub max_y: f64,
}

impl Bounds {
    /// East–west extent in metres.
    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    /// North–south extent in metres.
    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }

    fn union(self, o: Bounds) -> Bounds {
        Bounds {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }
}

/// A municipality of the 2025–2026 division with its boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    /// Statistics Finland's municipality code (`"049"` Espoo is 49).
    pub code: u16,
    /// Finnish name.
    pub name_fi: String,
    /// Swedish name.
    pub name_sv: String,
    /// The wellbeing services county (hyvinvointialue) as the source abbreviates it, e.g.
    /// `"PP"` Pohjois-Pohjanmaa, `"PO"` Pohjanmaa, `"LU"` Länsi-Uusimaa; empty for Helsinki,
    /// which organises the services itself, and for the 16 municipalities of Åland, which
    /// are outside the reform.
    pub county: String,
    /// The land areas: one polygon, or several for municipalities with islands or exclaves.
    pub polygons: Vec<Polygon>,
}

impl Municipality {
    /// The bounding box of all the polygons (for a municipality without polygons, the empty
    /// box: minima `+∞`, maxima `-∞`).
    pub fn bounds(&self) -> Bounds {
        geometry::bounds_of(self.polygons.iter().flat_map(|p| &p.exterior)).unwrap_or(Bounds {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        })
    }

    /// The land area in square metres (see [`Polygon::area`]).
    pub fn area(&self) -> f64 {
        self.polygons.iter().map(Polygon::area).sum()
    }

    /// Whether a point is inside one of the polygons.
    pub fn contains(&self, p: Point) -> bool {
        self.polygons.iter().any(|poly| poly.contains(p))
    }

    /// A point for the municipality's label, inside its largest polygon and clear of holes:
    /// the pole of inaccessibility (the inside point farthest from the boundary, found to
    /// within 1/500 of the polygon's size), so it is inside even for concave shapes where the
    /// centroid is not. Computed on each call (in a release build about 0.04 ms on average
    /// and under 0.3 ms for the most intricate coast): keep the points if you draw often.
    /// `NaN` coordinates for a municipality without polygons.
    pub fn label_point(&self) -> Point {
        self.polygons.iter().max_by(|a, b| a.area().total_cmp(&b.area())).map_or(Point { x: f64::NAN, y: f64::NAN }, geometry::label_point)
    }
}

/// A quantised polygon of the topology in TM35FIN, its rings oriented as [`Polygon`] says.
fn project(topo: &topology::Topology, q: &topology::QPolygon) -> Polygon {
    let ring = |ring: &[topology::Q], counter_clockwise: bool| {
        let mut pts: Vec<Point> = ring
            .iter()
            .map(|q| tm35fin(q[0] as f64 * topo.scale[0] + topo.translate[0], q[1] as f64 * topo.scale[1] + topo.translate[1]))
            .collect();
        if (geometry::signed_area(&pts) > 0.0) != counter_clockwise {
            pts.reverse();
        }
        pts
    };
    Polygon { exterior: ring(&q.exterior, true), holes: q.holes.iter().map(|h| ring(h, false)).collect() }
}

/// Builds the 308 municipalities from a TopoJSON text of the source's shape: one per code,
/// with the polygons of each abolished municipality of [`MERGERS`] joined to its successor's.
fn build(text: &str) -> Result<Vec<Municipality>, String> {
    let topo = topology::parse(text, "munis")?;
    let successor = |code: u16| MERGERS.iter().find(|m| m.0 == code).map_or(code, |m| m.1);
    let mut seen = std::collections::BTreeSet::new();
    let mut groups: BTreeMap<u16, Vec<&topology::Feature>> = BTreeMap::new();
    for f in &topo.features {
        if !seen.insert(f.code) {
            return Err(format!("code {:03} appears twice", f.code));
        }
        groups.entry(successor(f.code)).or_default().push(f);
    }
    groups
        .into_iter()
        .map(|(code, features)| {
            let head = features.iter().find(|f| f.code == code).ok_or_else(|| format!("{code:03}, a merger's successor, is missing"))?;
            let quantised = match features.as_slice() {
                [only] => topo.polygons(only)?,
                _ => topo.union(&features.iter().flat_map(|f| f.polygons.iter().map(Vec::as_slice)).collect::<Vec<_>>())?,
            };
            Ok(Municipality {
                code,
                name_fi: head.name_fi.clone(),
                name_sv: head.name_sv.clone(),
                county: head.county.clone(),
                polygons: quantised.iter().map(|q| project(&topo, q)).collect(),
            })
        })
        .collect()
}

static MUNICIPALITIES: LazyLock<Vec<Municipality>> = LazyLock::new(|| build(TOPOJSON).expect("the embedded boundary file"));

/// The 308 municipalities of 2025–2026, sorted by code; parsed and projected once, on first
/// use (about 10 ms in a release build, 10–20 ms in a debug one).
///
/// This order is also a drawing order: a municipality that lies in a hole of another (235
/// Kauniainen, in Espoo) comes after it, so a drawer that paints in this order paints it
/// over its encloser even if it ignores holes. (The crate's tests check this for every
/// hole.)
pub fn municipalities() -> &'static [Municipality] {
    &MUNICIPALITIES
}

/// The municipality with this code, if it exists in the 2025–2026 division (`None` for
/// abolished codes such as 588 Pertunmaa; map those to their successor first).
pub fn municipality(code: u16) -> Option<&'static Municipality> {
    let all = municipalities();
    all.binary_search_by_key(&code, |m| m.code).ok().map(|i| &all[i])
}

/// The bounding box of the municipalities with these codes, for fitting a map to an area.
/// Codes that are not in the division are skipped; `None` when no code is known.
pub fn bounds(codes: impl IntoIterator<Item = u16>) -> Option<Bounds> {
    codes.into_iter().filter_map(municipality).map(Municipality::bounds).reduce(Bounds::union)
}

#[cfg(test)]
mod tests;
