//! Vertical grouped bars.

use super::draw::*;
use super::*;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

// ---------------------------------------------------------------------------------------
// Vertical grouped bars
// ---------------------------------------------------------------------------------------

pub(crate) const BAR_BASE_HEIGHT: u32 = 420;

impl BarChart {
    pub(crate) fn series_labels(&self) -> Vec<String> {
        self.series.iter().map(|s| s.label.clone()).collect()
    }

    /// Vertical space above the plot that grows with the title and legend.
    pub(crate) fn header_h(&self, m: &Metrics, width: i32) -> i32 {
        let mut h = m.px(PAD) + title_lines(m, &self.title, width).len() as i32 * m.line_h(&TITLE);
        h += m.px(8.0);
        if self.series.len() > 1 {
            let (_, rows) = legend_layout(m, &self.series_labels(), width - 2 * m.px(PAD));
            h += rows as i32 * legend_row_h(m) + m.px(4.0);
        }
        if !self.y_label.trim().is_empty() {
            h += m.line_h(&AXIS_LABEL);
        }
        h
    }
}

impl Chart for BarChart {
    fn logical_size(&self, m: &Metrics) -> (u32, u32) {
        let m = *m;
        // Two lines of title and one legend row are included in the base height.
        let base_header = m.px(PAD) + 2 * m.line_h(&TITLE) + m.px(8.0) + legend_row_h(&m) + m.px(4.0) + m.line_h(&AXIS_LABEL);
        let extra = (self.header_h(&m, WIDTH as i32) - base_header).max(0);
        let extra = extra + source_extra(&m, &self.source, WIDTH as i32);
        (WIDTH, BAR_BASE_HEIGHT + extra as u32)
    }

    fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let m = &c.m;
        let lang = self.lang.as_str();
        c.fill_white()?;
        let pad = c.px(PAD);

        // Header: title, legend, y axis label.
        let mut y = c.title(&self.title, pad)? + c.px(8.0);
        if self.series.len() > 1 {
            let (items, rows) = legend_layout(m, &self.series_labels(), c.w - 2 * pad);
            for (i, (row, x, label)) in items.iter().enumerate() {
                let top = y + *row as i32 * legend_row_h(m);
                let sw = c.px(SWATCH);
                let mid = top + legend_row_h(m) / 2;
                c.bar(pad + x, mid - sw / 2, pad + x + sw, mid + sw / 2, PALETTE[i % PALETTE.len()], i % 2 == 1)?;
                c.text_mid(label, pad + x + c.px(SWATCH + 6.0), mid, HPos::Left, &LEGEND)?;
            }
            y += rows as i32 * legend_row_h(m) + c.px(4.0);
        }
        if !self.y_label.trim().is_empty() {
            let line = m.fit(&one_line(&self.y_label), &AXIS_LABEL, c.w - 2 * pad);
            c.text_top(&line, pad, y, HPos::Left, &AXIS_LABEL)?;
            y += m.line_h(&AXIS_LABEL);
        }
        let source_top = c.source(&self.source)?;

        // Data.
        let n_cat = self.categories.len();
        let values: Vec<Vec<Option<f64>>> =
            self.series.iter().map(|s| (0..n_cat).map(|i| clean(s.values.get(i).copied().flatten())).collect()).collect();
        let all: Vec<f64> = values.iter().flatten().flatten().copied().collect();
        let any_value = !all.is_empty();
        let dmin = all.iter().copied().fold(0.0, f64::min);
        let dmax = all.iter().copied().fold(0.0, f64::max);
        let axis = if dmax - dmin > 0.0 { nice_axis(dmin, dmax, 5, self.decimals) } else { nice_axis(0.0, 1.0, 5, self.decimals) };
        let has_negative = dmin < 0.0;

        // Horizontal layout.
        let tick_labels: Vec<String> = axis.ticks.iter().map(|t| format_number(*t, axis.decimals, lang)).collect();
        let tick_w = tick_labels.iter().map(|l| m.width(l, &TICK)).max().unwrap_or(0);
        let left = pad + tick_w + c.px(8.0);
        let right = c.w - pad;
        let slot = (right - left) as f64 / n_cat.max(1) as f64;

        // Vertical layout.
        let value_room = m.line_h(&VALUE) + c.px(2.0);
        let cat_lines: Vec<Vec<String>> =
            self.categories.iter().map(|cat| m.wrap(&short_label(cat), &CATEGORY, (slot - c.px(6.0) as f64) as i32, 2)).collect();
        let max_cat_lines = cat_lines.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
        let cat_top_gap = c.px(6.0) + if has_negative { value_room } else { 0 };
        let plot_top = y + value_room;
        let min_plot = c.px(60.0);
        let plot_bottom = (source_top - c.px(12.0) - max_cat_lines * m.line_h(&CATEGORY) - cat_top_gap).max(plot_top + min_plot);
        let ymap = |v: f64| axis.map(v, plot_bottom, plot_top);

        // Grid and y ticks.
        for (t, label) in axis.ticks.iter().zip(&tick_labels) {
            let py = ymap(*t);
            c.line((left, py), (right, py), GRID, 1.0)?;
            c.text_mid(label, left - c.px(8.0), py, HPos::Right, &TICK)?;
        }

        // Bars and value labels.
        let k = self.series.len().max(1);
        let group_w = slot * if k == 1 { 0.55 } else { 0.8 };
        let bar_w = group_w / k as f64;
        let gap = if k > 1 { c.px(2.0).min((bar_w / 4.0) as i32) } else { 0 };
        let zero_y = ymap(0.0);
        let label_room = if k == 1 { slot - c.px(4.0) as f64 } else { bar_w + c.px(4.0) as f64 };
        for (si, series_values) in values.iter().enumerate() {
            let color = PALETTE[si % PALETTE.len()];
            for (ci, v) in series_values.iter().enumerate() {
                let Some(v) = *v else { continue };
                let x0 = left as f64 + slot * ci as f64 + (slot - group_w) / 2.0 + bar_w * si as f64;
                let bx0 = x0.round() as i32 + gap / 2;
                let bx1 = (x0 + bar_w).round() as i32 - (gap - gap / 2);
                let vy = ymap(v);
                if vy != zero_y && bx1 > bx0 {
                    c.bar(bx0, vy, bx1, zero_y, color, si % 2 == 1)?;
                }
                let label = format_number(v, self.decimals, lang);
                let cx = (bx0 + bx1) / 2;
                let Some(spec) =
                    [VALUE.size].into_iter().map(|size| VALUE.sized(size)).find(|spec| m.width(&label, spec) as f64 <= label_room)
                else {
                    continue; // too narrow for any readable label
                };
                if v < 0.0 {
                    c.text_top(&label, cx, vy + c.px(2.0), HPos::Center, &spec)?;
                } else {
                    c.text(&label, cx, vy - c.px(4.0), HPos::Center, &spec)?;
                }
            }
        }
        c.line((left, zero_y), (right, zero_y), BASELINE, 1.0)?;

        // Category labels.
        for (ci, lines) in cat_lines.iter().enumerate() {
            let cx = (left as f64 + slot * (ci as f64 + 0.5)).round() as i32;
            let mut top = plot_bottom + cat_top_gap;
            for line in lines {
                c.text_top(line, cx, top, HPos::Center, &CATEGORY)?;
                top += m.line_h(&CATEGORY);
            }
        }

        if !any_value {
            c.no_data(lang, (left + right) / 2, (plot_top + plot_bottom) / 2)?;
        }
        Ok(())
    }
}
