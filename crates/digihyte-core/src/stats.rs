//! Small statistics shared by the transform (every municipality, for `internal/`) and the
//! published layer (the municipalities whose reach is published): medians, ranks,
//! Spearman's rho and the need–reach quadrants.

/// The median; `None` for no values.
pub fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    Some(if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 })
}

/// Ranks 1…n, ties given their average rank.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rho: Pearson's correlation of the ranks (ties averaged).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    (vx > 0.0 && vy > 0.0).then(|| cov / (vx * vy).sqrt())
}

/// The fewest municipalities for which Spearman's rho is reported.
pub const MIN_SPEARMAN_N: usize = 5;

/// Where the municipalities stand on need against reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Per input point: `high_need_low_reach` … , `None` without both values.
    pub quadrants: Vec<Option<&'static str>>,
    /// How many points had both values.
    pub n: u64,
    pub spearman: Option<f64>,
    pub need_median: Option<f64>,
    pub reach_median: Option<f64>,
}

/// Places each (need index, reach rate) point in a quadrant against the medians of the points
/// that have both (at or above the median is *high*), with Spearman's rho of the two when
/// there are at least [`MIN_SPEARMAN_N`] such points.
pub fn place(points: &[(Option<f64>, Option<f64>)]) -> Placement {
    let both: Vec<(f64, f64)> = points.iter().filter_map(|(a, b)| a.zip(*b)).collect();
    let need_median = median(&both.iter().map(|b| b.0).collect::<Vec<_>>());
    let reach_median = median(&both.iter().map(|b| b.1).collect::<Vec<_>>());
    let quadrants = points
        .iter()
        .map(|(need, rate)| {
            let (ni, r, nm, rm) = (need.as_ref()?, rate.as_ref()?, need_median?, reach_median?);
            Some(match (*ni >= nm, *r >= rm) {
                (true, false) => "high_need_low_reach",
                (true, true) => "high_need_high_reach",
                (false, false) => "low_need_low_reach",
                (false, true) => "low_need_high_reach",
            })
        })
        .collect();
    let spearman = if both.len() >= MIN_SPEARMAN_N {
        spearman(&both.iter().map(|b| b.0).collect::<Vec<_>>(), &both.iter().map(|b| b.1).collect::<Vec<_>>())
    } else {
        None
    };
    Placement { quadrants, n: both.len() as u64, spearman, need_median, reach_median }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), vec![2.0, 3.5, 3.5, 1.0]);
    }

    #[test]
    fn spearman_of_monotone_and_reversed() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&x, &[2.0, 4.0, 8.0, 16.0, 32.0]).unwrap() - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[1.0; 5]), None);
    }

    #[test]
    fn median_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn quadrants_against_the_medians() {
        let p = place(&[(Some(1.0), Some(1.0)), (Some(2.0), Some(3.0)), (Some(3.0), Some(2.0)), (None, Some(5.0))]);
        assert_eq!(p.quadrants, vec![Some("low_need_low_reach"), Some("high_need_high_reach"), Some("high_need_high_reach"), None]);
        assert_eq!((p.n, p.need_median, p.reach_median, p.spearman), (3, Some(2.0), Some(2.0), None));
    }
}
