//! Geographic coordinates (GRS80 / ETRS89 longitude and latitude) to ETRS-TM35FIN (EPSG:3067).
//!
//! The forward transverse Mercator of JHS 154 (the Finnish public-administration
//! recommendation), which is Krüger's series in the third flattening `n` to the fourth order.
//! Within Finland (up to about 8° from the central meridian) the series is exact to well under
//! a millimetre; the tests compare it with the worked example of JHS 197, appendix 3.

use crate::Point;

/// GRS80 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// GRS80 flattening.
const F: f64 = 1.0 / 298.257_222_101;
/// Scale factor on the central meridian.
const K0: f64 = 0.9996;
/// Central meridian, degrees east.
const LON0_DEG: f64 = 27.0;
/// False easting, metres (the false northing is 0).
const E0: f64 = 500_000.0;

/// The constants of the series, derived once from the ellipsoid.
struct Series {
    /// Meridian radius `A1` (the rectifying radius) in metres.
    a1: f64,
    /// First eccentricity.
    e: f64,
    /// The coefficients h1'..h4' of the forward series.
    h: [f64; 4],
}

fn series() -> Series {
    let n = F / (2.0 - F);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    Series {
        a1: A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0),
        e: (2.0 * F - F * F).sqrt(),
        h: [
            n / 2.0 - 2.0 / 3.0 * n2 + 5.0 / 16.0 * n3 + 41.0 / 180.0 * n4,
            13.0 / 48.0 * n2 - 3.0 / 5.0 * n3 + 557.0 / 1440.0 * n4,
            61.0 / 240.0 * n3 - 103.0 / 140.0 * n4,
            49561.0 / 161280.0 * n4,
        ],
    }
}

/// Projects a longitude and latitude in degrees (ETRS89 / EUREF-FIN, which for maps at this
/// scale is the same as WGS 84) to ETRS-TM35FIN metres: `x` is the easting (500 000 on the
/// central meridian 27° E), `y` the northing (distance from the equator, times 0.9996).
///
/// Transverse Mercator on the GRS80 ellipsoid with the parameters of EPSG:3067; accurate to
/// well under a millimetre anywhere in Finland.
pub fn tm35fin(lon_deg: f64, lat_deg: f64) -> Point {
    let s = series();
    let phi = lat_deg.to_radians();
    let l = (lon_deg - LON0_DEG).to_radians();
    // Isometric latitude, then the conformal latitude beta.
    let q = phi.tan().asinh() - s.e * (s.e * phi.sin()).atanh();
    let beta = q.sinh().atan();
    let eta1 = (beta.cos() * l.sin()).atanh();
    let zeta1 = (beta.sin() * eta1.cosh()).asin();
    let (mut zeta, mut eta) = (zeta1, eta1);
    for (k, h) in s.h.iter().enumerate() {
        let m = 2.0 * (k as f64 + 1.0);
        zeta += h * (m * zeta1).sin() * (m * eta1).cosh();
        eta += h * (m * zeta1).cos() * (m * eta1).sinh();
    }
    Point { x: s.a1 * eta * K0 + E0, y: s.a1 * zeta * K0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JHS 197, appendix 3: the intermediate values of the worked example (point G4, Geta),
    /// which pin the series constants, not only the end result.
    #[test]
    fn the_series_matches_the_worked_example_of_jhs_197() {
        let s = series();
        let lat = 60.0 + 23.0 / 60.0 + 6.38474 / 3600.0;
        let lon = 19.0 + 50.0 / 60.0 + 53.29237 / 3600.0;
        let p = tm35fin(lon, lat);
        // zeta = N / (A1 k0), eta = (E - E0) / (A1 k0): JHS gives 1.055115412901418 and
        // -0.061861695610397.
        assert!((p.y / (s.a1 * K0) - 1.055_115_412_901_418).abs() < 1e-14);
        assert!(((p.x - E0) / (s.a1 * K0) + 0.061_861_695_610_397).abs() < 1e-14);
    }
}
