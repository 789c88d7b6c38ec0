//! Labelled scatter plots with median lines.

use super::draw::*;
use super::*;
use crate::locale::localized;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

// ---------------------------------------------------------------------------------------
// Scatter
// ---------------------------------------------------------------------------------------

pub(crate) const SCATTER_BASE_HEIGHT: u32 = 500;

/// A pixel rectangle `(x0, y0, x1, y1)`.
pub(crate) type Bbox = (i32, i32, i32, i32);

pub(crate) fn overlap(a: &Bbox, b: &Bbox) -> i64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0) as i64;
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0) as i64;
    w * h
}

pub(crate) fn text_bbox(x: i32, y_mid: i32, w: i32, h: i32, hpos: HPos) -> Bbox {
    let x0 = match hpos {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    (x0, y_mid - h / 2, x0 + w, y_mid + h - h / 2)
}

impl Scatter {
    pub(crate) fn points_clean(&self) -> Vec<(&str, f64, f64)> {
        self.points.iter().filter(|(_, x, y)| x.is_finite() && y.is_finite()).map(|(l, x, y)| (l.as_str(), *x, *y)).collect()
    }
}

/// Data range of one scatter axis with a little room around the points.
pub(crate) fn scatter_axis(values: &[f64], median: Option<f64>, target: usize) -> Axis {
    let all: Vec<f64> = values.iter().copied().chain(median.filter(|m| m.is_finite())).collect();
    if all.is_empty() {
        return nice_axis(0.0, 1.0, target, 3);
    }
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = hi - lo;
    let margin = if span > 0.0 { span * 0.06 } else { (hi.abs() * 0.1).max(1.0) };
    let (mut lo, hi) = (lo - margin, hi + margin);
    if lo < 0.0 && all.iter().all(|v| *v >= 0.0) {
        lo = 0.0; // do not invent negative room for non-negative data
    }
    nice_axis(lo, hi, target, 3)
}

impl Chart for Scatter {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        let m = *m;
        let extra = (title_lines(&m, &self.title, WIDTH as i32).len() as i32 - 1).max(0) * m.line_h(&TITLE);
        let extra = extra + source_extra(&m, &self.source, WIDTH as i32);
        (WIDTH, SCATTER_BASE_HEIGHT + extra as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        let lang = self.lang.as_str();
        c.fill_white()?;
        let pad = c.px(PAD);
        let mut y = c.title(&self.title, pad)? + c.px(8.0);
        if !self.y_label.trim().is_empty() {
            let line = m.fit(&one_line(&self.y_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, pad, y, HPos::Left, &AXIS_LABEL)?;
            y += m.line_h(&AXIS_LABEL);
        }
        let source_top = c.source(&self.source)?;

        let points = self.points_clean();
        let xs: Vec<f64> = points.iter().map(|p| p.1).collect();
        let ys: Vec<f64> = points.iter().map(|p| p.2).collect();
        let x_median = clean(self.x_median);
        let y_median = clean(self.y_median);
        let x_axis = scatter_axis(&xs, x_median, 6);
        let y_axis = scatter_axis(&ys, y_median, 5);

        let y_ticks: Vec<String> = y_axis.ticks.iter().map(|t| format_number(*t, y_axis.decimals, lang)).collect();
        let tick_w = y_ticks.iter().map(|l| m.width(l, &TICK)).max().unwrap_or(0);
        let left = pad + tick_w + c.px(10.0);
        // The last x tick label is centred on the right edge: keep it inside the canvas.
        let last_x_tick = x_axis.ticks.last().map(|t| format_number(*t, x_axis.decimals, lang));
        let half_last = last_x_tick.map_or(0, |l| m.width(&l, &TICK) / 2);
        let right = c.w - pad.max(half_last + c.px(4.0)) - c.px(8.0);
        let plot_top = y + c.px(10.0);
        let mut footer = m.px(6.0) + m.line_h(&TICK) + c.px(10.0);
        if !self.x_label.trim().is_empty() {
            footer += m.line_h(&AXIS_LABEL) + c.px(2.0);
        }
        let plot_bottom = (source_top - footer).max(plot_top + c.px(60.0));
        let xmap = |v: f64| x_axis.map(v, left, right);
        let ymap = |v: f64| y_axis.map(v, plot_bottom, plot_top);

        // Grid, axes and ticks.
        for (t, label) in y_axis.ticks.iter().zip(&y_ticks) {
            let py = ymap(*t);
            c.line((left, py), (right, py), GRID, 1.0)?;
            c.text_mid(label, left - c.px(8.0), py, HPos::Right, &TICK)?;
        }
        c.line((left, plot_bottom), (right, plot_bottom), BASELINE, 1.0)?;
        for t in &x_axis.ticks {
            let px = xmap(*t);
            c.line((px, plot_bottom), (px, plot_bottom + c.px(4.0)), BASELINE, 1.0)?;
            let label = format_number(*t, x_axis.decimals, lang);
            c.text_top(&label, px, plot_bottom + c.px(6.0), HPos::Center, &TICK)?;
        }
        if !self.x_label.trim().is_empty() {
            let top = plot_bottom + c.px(6.0) + m.line_h(&TICK) + c.px(2.0);
            let line = m.fit(&one_line(&self.x_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, (left + right) / 2, top, HPos::Center, &AXIS_LABEL)?;
        }

        // Median lines with their labels; the labels are obstacles for point labels.
        let median_word = localized(lang, "mediaani", "median", "median");
        let median_spec = TICK;
        let mut obstacles: Vec<Bbox> = Vec::new();
        let lh = m.line_h(&median_spec);
        if let Some(xm) = x_median {
            let px = xmap(xm);
            c.dashed((px, plot_top), (px, plot_bottom), BASELINE, 1.0)?;
            obstacles.push((px - c.px(1.0), plot_top, px + c.px(1.0), plot_bottom));
            let text = format!("{median_word} {}", format_number(xm, x_axis.decimals + 1, lang));
            let w = m.width(&text, &median_spec);
            let (x, hpos) = if px + c.px(4.0) + w <= right { (px + c.px(4.0), HPos::Left) } else { (px - c.px(4.0), HPos::Right) };
            let mid = plot_top + lh / 2;
            c.text_mid(&text, x, mid, hpos, &median_spec)?;
            obstacles.push(text_bbox(x, mid, w, lh, hpos));
        }
        if let Some(ym) = y_median {
            let py = ymap(ym);
            c.dashed((left, py), (right, py), BASELINE, 1.0)?;
            obstacles.push((left, py - c.px(1.0), right, py + c.px(1.0)));
            let text = format!("{median_word} {}", format_number(ym, y_axis.decimals + 1, lang));
            let w = m.width(&text, &median_spec);
            let mid = if py - lh / 2 - c.px(2.0) - lh / 2 >= plot_top { py - lh / 2 - c.px(2.0) } else { py + lh / 2 + c.px(2.0) };
            c.text_mid(&text, right, mid, HPos::Right, &median_spec)?;
            obstacles.push(text_bbox(right, mid, w, lh, HPos::Right));
        }

        // Points, then their labels placed greedily where they overlap least.
        let r = c.px(4.5);
        let centres: Vec<(i32, i32)> = points.iter().map(|(_, x, y)| (xmap(*x), ymap(*y))).collect();
        for &(px, py) in &centres {
            obstacles.push((px - r - 1, py - r - 1, px + r + 1, py + r + 1));
        }
        for &at in &centres {
            c.dot(at, 4.5, PALETTE[0])?;
        }
        let d = c.px(7.0);
        let dd = c.px(5.0);
        let bounds: Bbox = (left, plot_top, right, plot_bottom);
        let lh = m.line_h(&POINT_LABEL);
        // The points farthest from the middle of the plot are named first. A name never
        // covers another name: one that would is left out (the tables name every point).
        // With many points (a national chart has 308) a name that would cover a point or a
        // line is left out too.
        let crowded = points.len() > MAX_NAMED_POINTS;
        let mut names: Vec<Bbox> = Vec::new();
        // The spots tried around a point, in order of preference.
        let spots = |px: i32, py: i32| {
            [
                (px + d, py, HPos::Left),
                (px - d, py, HPos::Right),
                (px, py - d - lh / 2, HPos::Center),
                (px, py + d + lh / 2, HPos::Center),
                (px + dd, py - dd - lh / 2, HPos::Left),
                (px + dd, py + dd + lh / 2, HPos::Left),
                (px - dd, py - dd - lh / 2, HPos::Right),
                (px - dd, py + dd + lh / 2, HPos::Right),
            ]
        };
        let replay = match &*c.labels.borrow() {
            LabelPlan::Replay(plan) => Some(plan.clone()),
            LabelPlan::Record(_) => None,
        };
        if let Some(plan) = replay {
            // The PNG: the same names in the same spots as the SVG.
            for (i, spot) in plan {
                let (Some((label, _, _)), Some(&(px, py))) = (points.get(i), centres.get(i)) else { continue };
                let Some(&(x, mid, hpos)) = spots(px, py).get(spot) else { continue };
                c.text_mid(&short_label(label), x, mid, hpos, &POINT_LABEL)?;
            }
        } else {
            let mut order: Vec<usize> = (0..points.len()).collect();
            {
                let (cx, cy) = (i64::from(left + right) / 2, i64::from(plot_top + plot_bottom) / 2);
                let far = |i: usize| {
                    let (px, py) = centres[i];
                    (i64::from(px) - cx).pow(2) + (i64::from(py) - cy).pow(2)
                };
                order.sort_by_key(|&i| std::cmp::Reverse(far(i)));
            }
            let mut placed = Vec::new();
            for i in order {
                let ((label, _, _), &(px, py)) = (&points[i], &centres[i]);
                let text = short_label(label);
                if text.is_empty() {
                    continue;
                }
                let w = m.width(&text, &POINT_LABEL);
                let candidates = spots(px, py);
                let mut best: Option<(i64, i64, usize, Bbox)> = None;
                for (k, &(x, mid, hpos)) in candidates.iter().enumerate() {
                    let bb = text_bbox(x, mid, w, lh, hpos);
                    let inside = bb.0 >= bounds.0 && bb.1 >= bounds.1 && bb.2 <= bounds.2 && bb.3 <= bounds.3;
                    let area = (w as i64) * (lh as i64);
                    let on_names: i64 = names.iter().map(|o| overlap(&bb, o)).sum();
                    let penalty: i64 = obstacles.iter().map(|o| overlap(&bb, o)).sum::<i64>() + if inside { 0 } else { area * 4 };
                    if best.is_none_or(|(n, p, _, _)| (on_names, penalty) < (n, p)) {
                        best = Some((on_names, penalty, k, bb));
                    }
                    if penalty == 0 {
                        break;
                    }
                }
                if let Some((on_names, penalty, k, bb)) = best {
                    if on_names > 0 || (crowded && penalty > 0) {
                        continue;
                    }
                    names.push(bb);
                    let (x, mid, hpos) = candidates[k];
                    c.text_mid(&text, x, mid, hpos, &POINT_LABEL)?;
                    obstacles.push(bb);
                    placed.push((i, k));
                }
            }
            *c.labels.borrow_mut() = LabelPlan::Record(placed);
        }

        if points.is_empty() {
            c.no_data(lang, (left + right) / 2, (plot_top + plot_bottom) / 2)?;
        }
        Ok(())
    }
}
