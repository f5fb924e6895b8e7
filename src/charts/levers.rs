//! The lever comparison of organisation experiments: which lever moves the win-win-win rate
//! most per unit of cost? Left, each condition's gain in win-win-win rate against the total
//! cost of its levers; right, the gain per 1,000 cost units, most efficient first. The gain is
//! measured against a condition without levers when the experiment compares every condition
//! with one, and within each run (last cycles minus first) otherwise. With a sweep, a figure
//! per sweep point.

use crate::charts::cycles::runs_on;
use crate::charts::data::{Estimate, FacetPage, Metric, RunData};
use crate::charts::draw::{
    AxisSpec, Frame, Ticks, block, condition_style, facet_title, margins_across, marker,
    measure_axes, note, padded, page_words, place_labels, placed_label, style_mesh, width,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure, Rect};
use crate::charts::theme::{self, INK, MUTED, REFERENCE, size};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The lever comparison chart.
pub struct Levers {
    frame: Frame,
    name: String,
    names: Vec<String>,
    /// Per condition: total cost.
    cost: Vec<Estimate>,
    /// Per condition: gain in win-win-win rate.
    gain: Vec<Estimate>,
    /// Per condition: gain per 1,000 cost units (`n = 0` without cost).
    per_cost: Vec<Estimate>,
}

/// Emits the chart for organisation experiments in which some condition spends on levers: a
/// figure per sweep point.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if !data.is_organisation() {
        return Ok(());
    }
    for page in data.point_pages() {
        let chart = Levers::on_page(data, &page);
        // Without any cost there is no gain per cost, and without two cycles no gain at all
        // (the conditions chart says why).
        if chart.cost.iter().all(costs_nothing) || chart.gain.iter().all(|g| !g.mean.is_finite()) {
            continue;
        }
        canvas.emit(&chart)?;
    }
    Ok(())
}

impl Levers {
    /// The figure of the chart that shows the sweep point of `page` (see
    /// [`RunData::point_pages`]).
    pub fn on_page(data: &RunData, page: &FacetPage) -> Levers {
        let cycles = data.cycles.iter().map(|c| c.cycle).max().unwrap_or(0);
        let window = crate::organisation::records::window(cycles as usize);
        let cost = data.per_condition_on(Metric::TotalCost, page);
        let free: Vec<&str> = data
            .conditions
            .iter()
            .zip(&cost)
            .filter(|(_, e)| costs_nothing(e))
            .map(|(n, _)| n.as_str())
            .collect();
        let against = against_baseline(data, &cost, page);
        let all = match cycles {
            1 => "the one cycle".to_string(),
            c => format!("all {c} cycles"),
        };
        let span = match window {
            1 => "last cycle minus the first".to_string(),
            w => format!("last {w} cycles minus the first {w}"),
        };
        let mut subtitle = page_words(page);
        subtitle += &match &against {
            Some(Baseline { name: baseline, .. }) => format!(
                "Left: win-win-win rate over {all} above that of {baseline} (the same organisation without levers), against the cost of the levers. Right: that gain per 1,000 cost units, most efficient first"
            ),
            None => format!(
                "Left: gain in win-win-win rate ({span}) against the cost of the levers over {all}. Right: gain per 1,000 cost units, most efficient first"
            ),
        };
        if !free.is_empty() {
            subtitle.push_str(&format!(" ({} cost nothing)", free.join(", ")));
        }
        let runs = runs_on(data, page);
        subtitle.push_str(&if runs <= 1 {
            ". One organisation run per condition, so no confidence intervals".to_string()
        } else {
            format!(
                ". Means of {runs} organisation runs per condition with 95% confidence intervals"
            )
        });
        subtitle.push('.');
        let (gain, per_cost) = match against {
            Some(b) => (b.gain, b.per_cost),
            None => (
                data.per_condition_on(Metric::WinWinWinGain, page),
                data.per_condition_on(Metric::GainPerCost, page),
            ),
        };
        Levers {
            name: page.name("levers"),
            frame: Frame {
                title: page.title("Which lever moves the win-win-win rate most per unit of cost?"),
                subtitle,
                legend: Vec::new(),
                footer: footer(data),
            },
            names: data.conditions.clone(),
            gain,
            per_cost,
            cost,
        }
    }
}

/// The effect of each condition's levers measured against a condition without levers, when
/// the experiment compares every other condition with it: the difference in win-win-win rate
/// over all cycles (paired over replications, with its interval) and that difference per 1,000
/// cost units. A lever that works from the first cycle on (a facilitator) shows its whole
/// effect here, where a within-run gain (last cycles minus first) would hide it.
/// Measured at the one sweep point of `page`; `None` for a page of several sweep points,
/// without such a baseline, or when the comparison rows are missing.
fn against_baseline(data: &RunData, cost: &[Estimate], page: &FacetPage) -> Option<Baseline> {
    let &[point] = page.facets.as_slice() else {
        return None;
    };
    let metric = Metric::MeanWinWinWin.key();
    let free = |i: usize| costs_nothing(&cost[i]);
    let baseline = (0..data.conditions.len()).filter(|&b| free(b)).find(|&b| {
        (0..data.conditions.len()).filter(|&i| i != b).all(|i| {
            data.comparisons.iter().any(|r| {
                r.point == point
                    && r.metric == metric
                    && r.a == data.conditions[i]
                    && r.b == data.conditions[b]
            })
        })
    })?;
    let name = &data.conditions[baseline];
    let mut gain = Vec::with_capacity(data.conditions.len());
    let mut per_cost = Vec::with_capacity(data.conditions.len());
    for (i, condition) in data.conditions.iter().enumerate() {
        if i == baseline {
            let zero = Estimate {
                n: cost[i].n,
                mean: 0.0,
                low: f64::NAN,
                high: f64::NAN,
            };
            gain.push(zero);
            per_cost.push(Estimate { n: 0, ..zero });
            continue;
        }
        let row = data.comparisons.iter().find(|r| {
            r.point == point && r.metric == metric && &r.a == condition && &r.b == name
        })?;
        let effect = Estimate {
            n: row.n_pairs,
            mean: row.difference,
            low: row.low,
            high: row.high,
        };
        gain.push(effect);
        per_cost.push(if free(i) {
            Estimate {
                n: 0,
                mean: f64::NAN,
                low: f64::NAN,
                high: f64::NAN,
            }
        } else {
            // Per 1,000 cost units at the condition's mean cost.
            let k = 1000.0 / cost[i].mean;
            Estimate {
                n: effect.n,
                mean: effect.mean * k,
                low: effect.low * k,
                high: effect.high * k,
            }
        });
    }
    Some(Baseline {
        name: name.clone(),
        gain,
        per_cost,
    })
}

/// Effects measured against the condition without levers.
struct Baseline {
    /// The condition without levers.
    name: String,
    /// Per condition: difference in win-win-win rate over all cycles.
    gain: Vec<Estimate>,
    /// Per condition: that difference per 1,000 cost units.
    per_cost: Vec<Estimate>,
}

/// Whether a condition's levers cost nothing (or its cost is unknown).
fn costs_nothing(cost: &Estimate) -> bool {
    cost.mean.is_nan() || cost.mean <= 0.0
}

/// The smallest x range around `lo..hi` in which every label fits: `labels` holds each bar's
/// end and the pixels its label needs beyond it (to the left of a loss, to the right of a
/// gain), `plot_width` the plot's width in pixels. `None` when the labels alone need more than
/// the plot's width.
pub fn value_room(
    lo: f64,
    hi: f64,
    labels: &[(f64, f64)],
    plot_width: f64,
) -> Option<std::ops::Range<f64>> {
    let (mut left, mut right) = (lo, hi);
    // Widening the range shrinks the pixels per unit, so repeat until the room holds still.
    for _ in 0..50 {
        let per_unit = plot_width / (right - left);
        if !per_unit.is_finite() || per_unit <= 0.0 {
            return None;
        }
        let (mut l, mut r) = (lo, hi);
        for &(end, need) in labels {
            if end < 0.0 {
                l = l.min(end - need / per_unit);
            } else {
                r = r.max(end + need / per_unit);
            }
        }
        let settled = (l - left).abs() < 1e-9 * (hi - lo) && (r - right).abs() < 1e-9 * (hi - lo);
        (left, right) = (l, r);
        if settled {
            return Some(left..right);
        }
    }
    // Not settled: the labels need (nearly) the whole width.
    None
}

fn ends(e: &Estimate) -> [f64; 3] {
    [e.mean, e.low, e.high]
}

impl Figure for Levers {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Up on the left: a larger rise in the win-win-win rate; right: a costlier programme. \
         The right panel divides the one by the other: the longest bar buys the most win-win-win per unit spent."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let (left, right) = area.split_horizontally((area.dim_in_pixel().0 as f64 * 0.55) as i32);
        self.scatter(root, &left)?;
        self.bars(root, &right)
    }
}

impl Levers {
    fn scatter<DB: DrawingBackend>(&self, root: &Area<DB>, cell: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let hi = self
            .cost
            .iter()
            .flat_map(ends)
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let x_range = -0.04 * hi.max(1e-9)..hi.max(1e-9) * 1.08;
        // Padded a little more than other charts: the names beside the points need the room.
        let y_range = padded(self.gain.iter().flat_map(ends).chain([0.0]), 0.1);
        let x_fmt = |v: &f64| theme::tick(*v);
        let y_fmt = |v: &f64| Metric::WinWinWinGain.tick(*v);
        let cell = &facet_title(cell, Some("Gain against cost"))?;
        let axes = measure_axes(
            cell,
            &AxisSpec {
                title: Some("total cost of the levers (cost units)"),
                range: x_range.clone(),
                ticks: Ticks::Round(6),
                format: &x_fmt,
            },
            &AxisSpec {
                title: Some("gain (percentage points)"),
                range: y_range.clone(),
                ticks: Ticks::Round(6),
                format: &y_fmt,
            },
        );
        let mut chart = axes.chart_on(cell, x_range.clone(), y_range.clone())?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        axes.draw_titles(cell, &chart)?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x_range.start, 0.0), (x_range.end, 0.0)],
            REFERENCE.stroke_width(2),
        )))?;
        let ink = INK.stroke_width(2);
        // What the names must keep clear of: the zero line, the whiskers and the points.
        let (x_end, zero) = chart.backend_coord(&(x_range.end, 0.0));
        let (x_start, top) = chart.backend_coord(&(x_range.start, y_range.end));
        let (_, bottom) = chart.backend_coord(&(x_range.start, y_range.start));
        let mut obstacles: Vec<Rect> = vec![(x_start, zero - 1, x_end, zero + 1)];
        let mut line = |from: (f64, f64), to: (f64, f64)| {
            let (a, b) = (chart.backend_coord(&from), chart.backend_coord(&to));
            obstacles.push((
                a.0.min(b.0) - 1,
                a.1.min(b.1) - 1,
                a.0.max(b.0) + 1,
                a.1.max(b.1) + 1,
            ));
        };
        let mut whiskers = Vec::new();
        for (g, c) in self.gain.iter().zip(&self.cost) {
            if g.low.is_finite() && g.high.is_finite() {
                whiskers.push([(c.mean, g.low), (c.mean, g.high)]);
            }
            if c.low.is_finite() && c.high.is_finite() {
                whiskers.push([(c.low, g.mean), (c.high, g.mean)]);
            }
        }
        for &[from, to] in &whiskers {
            line(from, to);
        }
        chart.draw_series(
            whiskers
                .iter()
                .map(|&[from, to]| PathElement::new(vec![from, to], ink)),
        )?;
        // A condition without a gain (none in its runs) has no point.
        let points: Vec<(usize, (i32, i32))> = self
            .gain
            .iter()
            .zip(&self.cost)
            .enumerate()
            .filter(|(_, (g, c))| g.mean.is_finite() && c.mean.is_finite())
            .map(|(i, (g, c))| (i, chart.backend_coord(&(c.mean, g.mean))))
            .collect();
        // A marker reaches 1.5 times its radius (a star's points).
        let (radius, reach) = (11, 17);
        for &(i, at) in &points {
            let style = condition_style(i);
            marker(
                root,
                style.marker,
                at,
                radius,
                style.colour.filled(),
                INK.stroke_width(2),
            )?;
            obstacles.push((at.0 - reach, at.1 - reach, at.0 + reach, at.1 + reach));
        }
        // Names beside the points, clear of every point, whisker, the zero line and each
        // other, with a thin line to their point where they had to move away from it.
        let label = theme::text(size::NOTE, INK);
        let sized: Vec<((i32, i32), (i32, i32))> = points
            .iter()
            .map(|&(i, at)| {
                let (w, h) = root
                    .estimate_text_size(&self.names[i], &label)
                    .map_or((120, 24), |(w, h)| (w as i32, h as i32));
                (at, (w, h))
            })
            .collect();
        let bounds = (x_start + 4, top + 4, x_end - 4, bottom - 4);
        let placed = place_labels(&sized, reach + 4, &obstacles, bounds);
        for (&(i, at), r) in points.iter().zip(placed) {
            placed_label(root, &self.names[i], at, r, reach)?;
        }
        Ok(())
    }

    fn bars<DB: DrawingBackend>(&self, root: &Area<DB>, cell: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let mut order: Vec<usize> = (0..self.names.len())
            .filter(|&i| self.per_cost[i].n > 0 && self.per_cost[i].mean.is_finite())
            .collect();
        order.sort_by(|&a, &b| {
            self.per_cost[b]
                .mean
                .total_cmp(&self.per_cost[a].mean)
                .then(a.cmp(&b))
        });
        let n = order.len().max(1);
        let values: Vec<f64> = order
            .iter()
            .flat_map(|&i| ends(&self.per_cost[i]))
            .filter(|v| v.is_finite())
            .collect();
        let lo = values.iter().copied().fold(0.0f64, f64::min);
        let hi = values.iter().copied().fold(0.0f64, f64::max);
        // At least one percentage point per 1,000 cost units, so that a gain of nothing
        // still gets a readable axis.
        let span = (hi - lo).max(0.01);
        let names: Vec<&str> = order.iter().map(|&i| self.names[i].as_str()).collect();
        let cell = &facet_title(cell, Some("Gain per 1,000 cost units"))?;
        // Names beside the bars where the longest takes at most a third of the panel; above
        // their bars otherwise, so that a long name leaves the bars their room.
        let label = theme::text(size::TICK, INK);
        let longest = names
            .iter()
            .map(|n| width(cell, n, &label))
            .max()
            .unwrap_or(0);
        let above = longest > cell.dim_in_pixel().0 as i32 / 3;
        // With names above the bars, a bar (and its tick) takes the lower part of its row.
        let (centre, half) = if above { (-0.2, 0.22) } else { (0.0, 0.32) };
        let y_fmt = |y: &f64| {
            let row = (y - centre).round();
            if !above && row >= 0.0 && (row as usize) < names.len() {
                names[names.len() - 1 - row as usize].to_string()
            } else {
                String::new()
            }
        };
        let x_fmt = |v: &f64| Metric::GainPerCost.tick(*v);
        // The most efficient condition in the top row.
        let y_keys: Vec<f64> = (0..n).map(|k| k as f64 + centre).collect();
        let axes = |x_range: std::ops::Range<f64>| {
            measure_axes(
                cell,
                &AxisSpec {
                    title: Some("percentage points per 1,000 cost units"),
                    range: x_range,
                    ticks: Ticks::Round(5),
                    format: &x_fmt,
                },
                &AxisSpec {
                    title: None,
                    range: -0.5..n as f64 - 0.5,
                    ticks: Ticks::At(y_keys.clone()),
                    format: &y_fmt,
                },
            )
        };
        // Room on the right (and left, for losses) for the value labels, measured: each label
        // sits 8 pixels beyond its bar's interval and must end inside the plot, clear of the axis.
        let value_style = theme::text(size::NOTE, INK);
        let labels: Vec<(f64, f64)> = order
            .iter()
            .map(|&i| {
                let e = self.per_cost[i];
                let end = if e.low.is_finite() && e.high.is_finite() && e.high > e.low {
                    if e.mean < 0.0 { e.low } else { e.high }
                } else {
                    e.mean
                };
                let w = width(cell, &Metric::GainPerCost.format(e.mean), &value_style);
                (end, f64::from(w) + 24.0)
            })
            // Above the bars, a value follows its name (below): no room at the bars' ends.
            .filter(|_| !above)
            .collect();
        // The label areas do not depend on the range: measured once to find the plot's width.
        let y_area = axes(lo..lo + span).y_area;
        let plot_width =
            f64::from(cell.dim_in_pixel().0) - f64::from(y_area) - f64::from(margins_across());
        // Below zero (a loss, or an interval reaching below no gain), room for the whisker's
        // cap off the axis.
        let lo = if lo < 0.0 { lo - 0.03 * span } else { lo };
        let x_range = value_room(lo, lo + span.max(hi - lo), &labels, plot_width)
            .unwrap_or((lo - if lo < 0.0 { 0.3 * span } else { 0.0 })..(hi + 0.3 * span));
        let axes = axes(x_range.clone());
        let mut chart = axes.chart_on(cell, x_range.clone(), -0.5..n as f64 - 0.5)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.disable_y_mesh()
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        axes.draw_titles(cell, &chart)?;
        if order.is_empty() {
            let (w, h) = cell.dim_in_pixel();
            cell.draw(&Text::new(
                "no condition with a cost has a gain",
                (w as i32 / 2, h as i32 / 2),
                note(HPos::Center, VPos::Center, MUTED),
            ))?;
            return Ok(());
        }
        let (plot_x, _) = chart.plotting_area().get_pixel_range();
        for (k, &i) in order.iter().enumerate() {
            let row = (n - 1 - k) as f64;
            let y = row + centre;
            let e = self.per_cost[i];
            let style = condition_style(i);
            let value = Metric::GainPerCost.format(e.mean);
            if above {
                // A row holds the name's line and the bar, not a value label beside the bar as
                // well: the next row's name would run into it. The value follows the name.
                let (_, top) = chart.backend_coord(&(0.0, y + half));
                let style = note(HPos::Left, VPos::Bottom, INK);
                let name = &self.names[i];
                let gap = width(cell, "  ", &style);
                root.draw(&Text::new(
                    name.clone(),
                    (plot_x.start + 6, top - 4),
                    style.clone(),
                ))?;
                root.draw(&Text::new(
                    value.clone(),
                    (plot_x.start + 6 + width(cell, name, &style) + gap, top - 4),
                    style,
                ))?;
            }
            block(
                root,
                [
                    chart.backend_coord(&(0.0, y - half)),
                    chart.backend_coord(&(e.mean, y + half)),
                ],
                style.colour.filled(),
                style.pattern,
            )?;
            let mut end = e.mean;
            if e.low.is_finite() && e.high.is_finite() && e.high > e.low {
                let ink = INK.stroke_width(3);
                chart.draw_series([
                    PathElement::new(vec![(e.low, y), (e.high, y)], ink),
                    PathElement::new(vec![(e.low, y - 0.1), (e.low, y + 0.1)], ink),
                    PathElement::new(vec![(e.high, y - 0.1), (e.high, y + 0.1)], ink),
                ])?;
                end = if e.mean < 0.0 { e.low } else { e.high };
            }
            if !above {
                let (px, py) = chart.backend_coord(&(end, y));
                let (dx, h) = if e.mean < 0.0 {
                    (-8, HPos::Right)
                } else {
                    (8, HPos::Left)
                };
                root.draw(&Text::new(value, (px + dx, py), note(h, VPos::Center, INK)))?;
            }
        }
        if lo < 0.0 {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, n as f64 - 0.5), (0.0, -0.5)],
                INK.stroke_width(2),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_labels_get_room_on_their_side() {
        // A gain ending at 10 and a loss ending at -2, labels needing 100 px each, plot 400 px.
        let range = value_room(-2.0, 10.0, &[(10.0, 100.0), (-2.0, 100.0)], 400.0).unwrap();
        let per_unit = 400.0 / (range.end - range.start);
        assert!(((range.end - 10.0) * per_unit - 100.0).abs() < 1e-6);
        assert!(((-2.0 - range.start) * per_unit - 100.0).abs() < 1e-6);
        // Labels wider than the plot: no range.
        assert!(value_room(-2.0, 10.0, &[(10.0, 300.0), (-2.0, 300.0)], 400.0).is_none());
    }
}
