//! Horizontal bars.

use super::draw::*;
use super::*;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

// ---------------------------------------------------------------------------------------
// Horizontal bars
// ---------------------------------------------------------------------------------------

pub(crate) const HBAR_ROW: f64 = 26.0;

impl HBarChart {
    pub(crate) fn values_clean(&self) -> Vec<Option<f64>> {
        (0..self.categories.len()).map(|i| clean(self.values.get(i).copied().flatten())).collect()
    }

    /// Decimals of value labels (for percentages: of the percentage).
    pub(crate) fn value_decimals(&self) -> usize {
        if self.percent {
            1
        } else if self.values_clean().iter().flatten().all(|v| v.fract() == 0.0) {
            0
        } else {
            1
        }
    }

    pub(crate) fn value_label(&self, v: f64) -> String {
        if self.percent {
            format_percent(v, self.value_decimals(), &self.lang)
        } else {
            format_number(v, self.value_decimals(), &self.lang)
        }
    }

    pub(crate) fn header_h(&self, m: &Metrics, width: i32) -> i32 {
        m.px(PAD) + title_lines(m, &self.title, width).len() as i32 * m.line_h(&TITLE) + m.px(12.0)
    }

    pub(crate) fn footer_h(&self, m: &Metrics) -> i32 {
        let mut h = m.px(6.0) + m.line_h(&TICK);
        if !self.x_label.trim().is_empty() {
            h += m.px(2.0) + m.line_h(&AXIS_LABEL);
        }
        h + m.px(10.0) + m.line_h(&SOURCE) + source_extra(m, &self.source, m.px(WIDTH as f64)) + m.px(BOTTOM_PAD)
    }
}

impl Chart for HBarChart {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        let m = *m;
        let rows = self.categories.len().max(1) as i32;
        let h = self.header_h(&m, WIDTH as i32) + rows * m.px(HBAR_ROW) + self.footer_h(&m);
        (WIDTH, h.max(240) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        let lang = self.lang.as_str();
        c.fill_white()?;
        let pad = c.px(PAD);
        c.title(&self.title, pad)?;
        let source_top = c.source(&self.source)?;

        let values = self.values_clean();
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let dmin = present.iter().copied().fold(0.0, f64::min);
        let dmax = present.iter().copied().fold(0.0, f64::max);
        let value_labels: Vec<Option<String>> = values.iter().map(|v| v.map(|v| self.value_label(v))).collect();

        // Horizontal layout: category labels | bars | room for value labels.
        let cat_labels: Vec<String> = self.categories.iter().map(|c| short_label(c)).collect();
        let max_cat_w = (c.w as f64 * 0.4) as i32;
        let cat_w = cat_labels.iter().map(|l| m.width(l, &CATEGORY)).max().unwrap_or(0).min(max_cat_w);
        let left = pad + cat_w + c.px(10.0);
        let value_w = value_labels.iter().flatten().map(|l| m.width(l, &VALUE)).max().unwrap_or(0);
        let right = c.w - pad - value_w - c.px(8.0);
        let right = right.max(left + c.px(60.0));

        let target = (((right - left) as f64 / c.px(90.0) as f64).round() as usize).clamp(2, 8);
        let max_decimals = if self.percent {
            3
        } else if self.value_decimals() == 0 {
            0
        } else {
            2
        };
        let axis = if dmax - dmin > 0.0 { nice_axis(dmin, dmax, target, max_decimals) } else { nice_axis(0.0, 1.0, target, max_decimals) };
        let tick_label = |t: f64| {
            if self.percent {
                format_percent(t, axis.decimals.saturating_sub(2), lang)
            } else {
                format_number(t, axis.decimals, lang)
            }
        };
        // The last tick label is centred on the right edge: keep it inside the canvas.
        let half_last = axis.ticks.last().map_or(0, |t| m.width(&tick_label(*t), &TICK) / 2);
        let right = right.min(c.w - pad - half_last).max(left + c.px(60.0));
        let xmap = |v: f64| axis.map(v, left, right);

        // Vertical layout.
        let plot_top = self.header_h(m, c.w);
        let row_h = c.px(HBAR_ROW);
        let n = self.categories.len().max(1) as i32;
        let plot_bottom = plot_top + n * row_h;

        // Grid and x ticks.
        let tick_top = plot_bottom + c.px(6.0);
        for t in &axis.ticks {
            let px = xmap(*t);
            c.line((px, plot_top), (px, plot_bottom), GRID, 1.0)?;
            c.text_top(&tick_label(*t), px, tick_top, HPos::Center, &TICK)?;
        }
        if !self.x_label.trim().is_empty() {
            let top = tick_top + m.line_h(&TICK) + c.px(2.0);
            let line = m.fit(&one_line(&self.x_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, (left + right) / 2, top.min(source_top - m.line_h(&AXIS_LABEL)), HPos::Center, &AXIS_LABEL)?;
        }

        // Bars, value labels and category labels.
        let zero_x = xmap(0.0);
        let bar_h = (row_h as f64 * 0.62).round() as i32;
        for (i, label) in cat_labels.iter().enumerate() {
            let mid = plot_top + row_h * i as i32 + row_h / 2;
            let line = m.fit(label, &CATEGORY, cat_w);
            c.text_mid(&line, left - c.px(10.0), mid, HPos::Right, &CATEGORY)?;
            let Some(v) = values[i] else { continue };
            let vx = xmap(v);
            if vx != zero_x {
                c.rect(zero_x, mid - bar_h / 2, vx, mid + bar_h - bar_h / 2, PALETTE[0])?;
            }
            if let Some(text) = &value_labels[i] {
                let x = if v < 0.0 { zero_x } else { vx };
                c.text_mid(text, x + c.px(5.0), mid, HPos::Left, &VALUE)?;
            }
        }
        c.line((zero_x, plot_top), (zero_x, plot_bottom), BASELINE, 1.0)?;

        if present.is_empty() {
            c.no_data(lang, (left + right) / 2, (plot_top + plot_bottom) / 2)?;
        }
        Ok(())
    }
}
