//! Reading a TopoJSON topology (quantised, delta-encoded arcs) and joining polygons that share
//! border arcs into their union, all in the file's integer (quantised) coordinates, where
//! shared points are exactly equal.

use serde_json::Value;
use std::collections::BTreeMap;

/// A quantised position: longitude and latitude steps from the topology's `translate`.
pub(crate) type Q = [i64; 2];

/// A polygon in quantised coordinates: closed rings (first point repeated last).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QPolygon {
    pub exterior: Vec<Q>,
    pub holes: Vec<Vec<Q>>,
}

/// One feature of a layer, as the file gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Feature {
    /// The `id` property, e.g. `"049"` → 49.
    pub code: u16,
    pub name_fi: String,
    pub name_sv: String,
    /// The `hva_id` property.
    pub county: String,
    /// Polygons, each a list of rings (the first the exterior), each a list of arc indices;
    /// `!i` (that is `-i - 1`) is arc `i` reversed.
    pub polygons: Vec<Vec<Vec<i64>>>,
}

/// The decoded topology: absolute quantised arcs and the features of one layer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Topology {
    /// Degrees per quantisation step, longitude and latitude.
    pub scale: [f64; 2],
    /// Longitude and latitude of the quantised origin.
    pub translate: [f64; 2],
    pub arcs: Vec<Vec<Q>>,
    pub features: Vec<Feature>,
}

fn pair(v: &Value, what: &str) -> Result<[f64; 2], String> {
    match v.as_array().map(|a| a.as_slice()) {
        Some([a, b]) => Ok([a.as_f64().ok_or(what)?, b.as_f64().ok_or(what)?]),
        _ => Err(format!("{what}: not a pair of numbers")),
    }
}

fn string(props: &Value, key: &str) -> Result<String, String> {
    props[key].as_str().map(str::to_owned).ok_or_else(|| format!("property {key} missing or not a string"))
}

fn arc_list(v: &Value) -> Result<Vec<i64>, String> {
    v.as_array().ok_or("a ring is not a list of arc indices")?.iter().map(|i| i.as_i64().ok_or_else(|| "bad arc index".into())).collect()
}

fn polygon(v: &Value) -> Result<Vec<Vec<i64>>, String> {
    v.as_array().ok_or("a polygon is not a list of rings")?.iter().map(arc_list).collect()
}

/// Parses a TopoJSON text and the features of its layer `layer`.
pub(crate) fn parse(text: &str, layer: &str) -> Result<Topology, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if v["type"] != "Topology" {
        return Err("not a TopoJSON Topology".into());
    }
    let scale = pair(&v["transform"]["scale"], "transform.scale")?;
    let translate = pair(&v["transform"]["translate"], "transform.translate")?;
    let mut arcs = Vec::new();
    for arc in v["arcs"].as_array().ok_or("no arcs")? {
        // Delta encoding: each position is the offset from the previous one.
        let (mut x, mut y) = (0i64, 0i64);
        let mut pts = Vec::new();
        for p in arc.as_array().ok_or("an arc is not a list")? {
            match p.as_array().map(|a| a.as_slice()) {
                Some([dx, dy, ..]) => {
                    x += dx.as_i64().ok_or("arc position is not an integer")?;
                    y += dy.as_i64().ok_or("arc position is not an integer")?;
                    pts.push([x, y]);
                }
                _ => return Err("an arc position is not a pair".into()),
            }
        }
        if pts.len() < 2 {
            return Err(format!("arc {} has fewer than two positions", arcs.len()));
        }
        arcs.push(pts);
    }
    let mut features = Vec::new();
    for g in v["objects"][layer]["geometries"].as_array().ok_or_else(|| format!("no layer {layer}"))? {
        let props = &g["properties"];
        let id = string(props, "id")?;
        let code = id.parse::<u16>().map_err(|_| format!("id {id:?} is not a municipality code"))?;
        let polygons = match g["type"].as_str() {
            Some("Polygon") => vec![polygon(&g["arcs"])?],
            Some("MultiPolygon") => g["arcs"].as_array().ok_or("bad MultiPolygon")?.iter().map(polygon).collect::<Result<_, _>>()?,
            other => return Err(format!("{id}: geometry type {other:?}")),
        };
        features.push(Feature {
            code,
            name_fi: string(props, "name_fi")?,
            name_sv: string(props, "name_sv")?,
            county: string(props, "hva_id")?,
            polygons,
        });
    }
    let topo = Topology { scale, translate, arcs, features };
    for f in &topo.features {
        for ring in f.polygons.iter().flatten() {
            for &i in ring {
                if topo.arc_index(i) >= topo.arcs.len() {
                    return Err(format!("{:03}: arc index {i} out of range", f.code));
                }
            }
        }
    }
    Ok(topo)
}

/// Twice the signed area of a closed ring, exactly: negative when clockwise (x east, y north).
pub(crate) fn twice_area(ring: &[Q]) -> i128 {
    ring.windows(2).map(|w| w[0][0] as i128 * w[1][1] as i128 - w[1][0] as i128 * w[0][1] as i128).sum()
}

/// Whether the position is strictly inside the ring (even-odd; on the boundary counts as not).
fn strictly_inside(p: Q, ring: &[Q]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        // On this edge?
        let cross = (b[0] - a[0]) as i128 * (p[1] - a[1]) as i128 - (b[1] - a[1]) as i128 * (p[0] - a[0]) as i128;
        if cross == 0 && p[0] >= a[0].min(b[0]) && p[0] <= a[0].max(b[0]) && p[1] >= a[1].min(b[1]) && p[1] <= a[1].max(b[1]) {
            return false;
        }
        if (a[1] > p[1]) != (b[1] > p[1]) {
            // p is left of the upward edge a→b (or right of a downward one) when the crossing is
            // to its right.
            let x_cross_num = (b[0] - a[0]) as i128 * (p[1] - a[1]) as i128;
            let dy = (b[1] - a[1]) as i128;
            let lhs = (p[0] - a[0]) as i128 * dy;
            if (dy > 0 && lhs < x_cross_num) || (dy < 0 && lhs > x_cross_num) {
                inside = !inside;
            }
        }
    }
    inside
}

impl Topology {
    /// The index of the arc that a signed reference `i` (or `!i`) names.
    pub fn arc_index(&self, i: i64) -> usize {
        (if i < 0 { !i } else { i }) as usize
    }

    /// The positions of arc reference `i`, reversed when `i` is negative.
    pub fn arc(&self, i: i64) -> Vec<Q> {
        let a = &self.arcs[self.arc_index(i)];
        if i < 0 {
            a.iter().rev().copied().collect()
        } else {
            a.clone()
        }
    }

    /// The closed ring that a list of arc references makes: each arc starts where the previous
    /// one ended, and the last ends where the first began.
    pub fn ring(&self, arcs: &[i64]) -> Result<Vec<Q>, String> {
        let mut pts: Vec<Q> = Vec::new();
        for &i in arcs {
            let a = self.arc(i);
            match pts.last() {
                None => pts.extend(a),
                Some(&end) if end == a[0] => pts.extend(&a[1..]),
                Some(_) => return Err(format!("arc {i} does not start where the previous arc ended")),
            }
        }
        if pts.len() < 4 || pts.first() != pts.last() {
            return Err(format!("the arcs {arcs:?} do not make a closed ring"));
        }
        Ok(pts)
    }

    /// A feature's polygons as the file gives them (first ring the exterior, the rest holes).
    pub fn polygons(&self, f: &Feature) -> Result<Vec<QPolygon>, String> {
        f.polygons
            .iter()
            .map(|rings| {
                let mut it = rings.iter().map(|r| self.ring(r));
                let exterior = it.next().ok_or_else(|| format!("{:03}: a polygon without rings", f.code))??;
                Ok(QPolygon { exterior, holes: it.collect::<Result<_, _>>()? })
            })
            .collect()
    }

    /// The union of polygons that meet along shared arcs (the topological merge of
    /// `topojson.merge`): every arc that two of the rings use (once each way, as neighbours
    /// do) is an internal border and is dropped; the arcs left are stitched end to start into
    /// closed rings. The file's exterior rings run clockwise and its holes counter-clockwise,
    /// and stitching keeps each arc's direction, so a stitched clockwise ring is an exterior
    /// and a counter-clockwise one a hole, which goes to the exterior that encloses it.
    pub fn union(&self, polygons: &[&[Vec<i64>]]) -> Result<Vec<QPolygon>, String> {
        let mut uses: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in polygons.iter().copied().flatten().flatten() {
            *uses.entry(self.arc_index(i)).or_default() += 1;
        }
        let kept: Vec<Vec<Q>> =
            polygons.iter().copied().flatten().flatten().filter(|&&i| uses[&self.arc_index(i)] == 1).map(|&i| self.arc(i)).collect();
        let mut starting_at: BTreeMap<Q, Vec<usize>> = BTreeMap::new();
        for (k, a) in kept.iter().enumerate() {
            starting_at.entry(a[0]).or_default().push(k);
        }
        let mut used = vec![false; kept.len()];
        let mut rings = Vec::new();
        for first in 0..kept.len() {
            if used[first] {
                continue;
            }
            used[first] = true;
            let mut ring = kept[first].clone();
            while ring.last() != ring.first() {
                let end = *ring.last().expect("an arc has positions");
                let next = starting_at
                    .get(&end)
                    .and_then(|ks| ks.iter().copied().find(|&k| !used[k]))
                    .ok_or_else(|| format!("the union leaves an open ring at {end:?}"))?;
                used[next] = true;
                ring.extend(&kept[next][1..]);
            }
            rings.push(ring);
        }
        let (exteriors, holes): (Vec<Vec<Q>>, Vec<Vec<Q>>) = rings.into_iter().partition(|r| twice_area(r) < 0);
        let mut out: Vec<QPolygon> = exteriors.into_iter().map(|exterior| QPolygon { exterior, holes: Vec::new() }).collect();
        for hole in holes {
            // The exterior that holds most of the hole's positions (a hole may touch its
            // exterior at a position); of equals, the smallest.
            let owner = out
                .iter()
                .enumerate()
                .map(|(k, p)| (hole.iter().filter(|&&q| strictly_inside(q, &p.exterior)).count(), -twice_area(&p.exterior), k))
                .filter(|&(n, _, _)| n > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|(_, _, k)| k)
                .ok_or("the union has a hole outside every exterior")?;
            out[owner].holes.push(hole);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made topology: squares a (0..2 × 0..2) and b (2..4 × 0..2) share the arc x = 2;
    /// a U (c) and a cap (d) together enclose the square hole 11..12 × 11..12.
    fn topo() -> Topology {
        let arcs = vec![
            // 0: the shared edge of a and b, upwards.
            vec![[2, 0], [2, 1], [2, 2]],
            // 1: a's outline apart from the shared edge: (2,2) → (0,2) → (0,0) → (2,0).
            vec![[2, 2], [0, 2], [0, 0], [2, 0]],
            // 2: b's outline apart from the shared edge: (2,0) → (4,0) → (4,2) → (2,2).
            vec![[2, 0], [4, 0], [4, 2], [2, 2]],
            // 3: the U's outline: (13,12) → (13,10) → (10,10) → (10,12), then its inner side
            // (10,12) → (11,12) → (11,11) → (12,11) → (12,12) → (13,12) is arcs 4, 5, 6.
            vec![[13, 12], [13, 10], [10, 10], [10, 12]],
            vec![[10, 12], [11, 12]],
            vec![[11, 12], [11, 11], [12, 11], [12, 12]],
            vec![[12, 12], [13, 12]],
            // 7: the cap's top: (10,12) → (10,13) → (13,13) → (13,12).
            vec![[10, 12], [10, 13], [13, 13], [13, 12]],
            // 8: the cap's underside between the U's arms, (12,12) → (11,12).
            vec![[12, 12], [11, 12]],
        ];
        Topology { scale: [1.0, 1.0], translate: [0.0, 0.0], arcs, features: Vec::new() }
    }

    #[test]
    fn two_squares_sharing_an_edge_become_one_ring() {
        let t = topo();
        // Clockwise: a runs down the shared edge (arc 0 reversed), then round its left part;
        // b runs up the shared edge, then round its right part.
        let a = vec![vec![!0, !1]];
        let b = vec![vec![0, !2]];
        assert_eq!(twice_area(&t.ring(&a[0]).unwrap()), -8);
        assert_eq!(twice_area(&t.ring(&b[0]).unwrap()), -8);
        let u = t.union(&[&a, &b]).unwrap();
        assert_eq!(u.len(), 1);
        assert!(u[0].holes.is_empty());
        assert_eq!(twice_area(&u[0].exterior), -16);
        assert!(!u[0].exterior.contains(&[2, 1]) && u[0].exterior.len() == 7, "{:?}", u[0].exterior);
    }

    #[test]
    fn a_union_that_closes_round_an_area_makes_a_hole() {
        let t = topo();
        // The U, clockwise: down its right side, along the bottom, up the left, then its inner
        // edge 10,12 → 11,12, down into the notch and out, 12,12 → 13,12.
        let u_shape = vec![vec![3, 4, 5, 6]];
        // The cap, clockwise: its top from (10,12) to (13,12), then back along the bottom, whose
        // middle stretch (12,12) → (11,12) spans the notch.
        let cap = vec![vec![7, !6, 8, !4]];
        let u = t.union(&[&u_shape, &cap]).unwrap();
        assert_eq!(u.len(), 1, "{u:?}");
        assert_eq!(u[0].holes.len(), 1, "{u:?}");
        assert_eq!(twice_area(&u[0].exterior), -18);
        assert_eq!(twice_area(&u[0].holes[0]), 2);
    }

    #[test]
    fn a_broken_ring_is_an_error() {
        let t = topo();
        assert!(t.ring(&[0, 2]).is_err());
        assert!(t.ring(&[1]).is_err());
    }
}
