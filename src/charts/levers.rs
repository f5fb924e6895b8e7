//! The lever comparison of organisation experiments: which lever moves the win-win-win rate
//! most per unit of cost? Left, each condition's gain in win-win-win rate against the total
//! cost of its levers; right, the gain per 1,000 cost units, most efficient first. The gain is
//! measured against a condition without levers when the experiment compares every condition
//! with one, and within each run (last cycles minus first) otherwise.

use crate::charts::data::{Estimate, Metric, RunData};
use crate::charts::draw::{Frame, chart_on, note, padded, style_mesh, ticked};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, INK, MUTED, REFERENCE, size};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The lever comparison chart.
pub struct Levers {
    frame: Frame,
    names: Vec<String>,
    /// Per condition: total cost.
    cost: Vec<Estimate>,
    /// Per condition: gain in win-win-win rate.
    gain: Vec<Estimate>,
    /// Per condition: gain per 1,000 cost units (`n = 0` without cost).
    per_cost: Vec<Estimate>,
}

/// Emits the chart for organisation experiments in which some condition spends on levers.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if !data.is_organisation() {
        return Ok(());
    }
    let chart = Levers::new(data);
    // Without any cost there is no gain per cost, and without two cycles no gain at all (the
    // conditions chart says why).
    if chart.cost.iter().all(costs_nothing) || chart.gain.iter().all(|g| !g.mean.is_finite()) {
        return Ok(());
    }
    canvas.emit(&chart)
}

impl Levers {
    /// The chart for an organisation run.
    pub fn new(data: &RunData) -> Levers {
        let cycles = data.cycles.iter().map(|c| c.cycle).max().unwrap_or(0);
        let window = crate::organisation::records::window(cycles as usize);
        let cost = data.per_condition(Metric::TotalCost);
        let free: Vec<&str> = data
            .conditions
            .iter()
            .zip(&cost)
            .filter(|(_, e)| costs_nothing(e))
            .map(|(n, _)| n.as_str())
            .collect();
        let against = against_baseline(data, &cost);
        let all = match cycles {
            1 => "the one cycle".to_string(),
            c => format!("all {c} cycles"),
        };
        let span = match window {
            1 => "last cycle minus the first".to_string(),
            w => format!("last {w} cycles minus the first {w}"),
        };
        let mut subtitle = match &against {
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
        let runs = data.organisations.len() / data.conditions.len().max(1);
        subtitle.push_str(&if runs <= 1 {
            ". One organisation run per condition, so no confidence intervals".to_string()
        } else {
            format!(
                ". Means of {runs} organisation runs per condition with 95% confidence intervals"
            )
        });
        if data.points() > 1 {
            subtitle.push_str(&format!(", pooled over the {} sweep points", data.points()));
        }
        subtitle.push('.');
        let (gain, per_cost) = match against {
            Some(b) => (b.gain, b.per_cost),
            None => (
                data.per_condition(Metric::WinWinWinGain),
                data.per_condition(Metric::GainPerCost),
            ),
        };
        Levers {
            frame: Frame {
                title: "Which lever moves the win-win-win rate most per unit of cost?".into(),
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
/// `None` for sweeps, without such a baseline, or when the comparison rows are missing.
fn against_baseline(data: &RunData, cost: &[Estimate]) -> Option<Baseline> {
    if data.points() != 1 {
        return None;
    }
    let metric = Metric::MeanWinWinWin.key();
    let free = |i: usize| costs_nothing(&cost[i]);
    let baseline = (0..data.conditions.len()).filter(|&b| free(b)).find(|&b| {
        (0..data.conditions.len()).filter(|&i| i != b).all(|i| {
            data.comparisons.iter().any(|r| {
                r.point == 0
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
        let row = data
            .comparisons
            .iter()
            .find(|r| r.point == 0 && r.metric == metric && &r.a == condition && &r.b == name)?;
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

/// Spreads labels that would overlap: given wanted pixel rows, returns rows at least `gap`
/// apart, as close to the wanted ones as the order allows.
pub fn spread(wanted: &[i32], gap: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i], i));
    let mut placed = vec![0; wanted.len()];
    let mut last: Option<i32> = None;
    for &i in &order {
        let y = match last {
            Some(l) if wanted[i] < l + gap => l + gap,
            _ => wanted[i],
        };
        placed[i] = y;
        last = Some(y);
    }
    // Centre the shifted group on what was wanted, so that labels do not all drift down.
    let shift =
        (wanted.iter().sum::<i32>() - placed.iter().sum::<i32>()) / wanted.len().max(1) as i32;
    if shift < 0 {
        placed.iter_mut().for_each(|y| *y += shift);
    }
    placed
}

/// [`spread`], then kept between the pixel rows `top` and `bottom` (the plotting area), so that
/// no label lands on the tick labels below the axis: labels pushed past an edge push their
/// neighbours back, keeping the order and the gap where the room allows.
pub fn spread_within(wanted: &[i32], gap: i32, top: i32, bottom: i32) -> Vec<i32> {
    let mut placed = spread(wanted, gap);
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&i| (placed[i], i));
    // From the bottom up: nothing below `bottom`, each at least `gap` above the next.
    let mut limit = bottom;
    for &i in order.iter().rev() {
        placed[i] = placed[i].min(limit);
        limit = placed[i] - gap;
    }
    // From the top down: nothing above `top` (wins over `bottom` when the room is too small).
    let mut limit = top;
    for &i in &order {
        placed[i] = placed[i].max(limit);
        limit = placed[i] + gap;
    }
    placed
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
        "levers".into()
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
        let mut chart = chart_on(cell, Some("Gain against cost"))
            .build_cartesian_2d(x_range.clone(), y_range.clone())?;
        let x_fmt = |v: &f64| theme::tick(*v);
        let y_fmt = |v: &f64| Metric::WinWinWinGain.tick(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_desc("total cost of the levers (cost units)")
            .y_desc("gain (percentage points)")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(6)
            .y_labels(6)
            .draw()?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x_range.start, 0.0), (x_range.end, 0.0)],
            REFERENCE.stroke_width(2),
        )))?;
        let ink = INK.stroke_width(2);
        for (g, c) in self.gain.iter().zip(&self.cost) {
            if g.low.is_finite() && g.high.is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(c.mean, g.low), (c.mean, g.high)],
                    ink,
                )))?;
            }
            if c.low.is_finite() && c.high.is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(c.low, g.mean), (c.high, g.mean)],
                    ink,
                )))?;
            }
        }
        // A condition without a gain (none in its runs) has no point.
        let points: Vec<(usize, (i32, i32))> = self
            .gain
            .iter()
            .zip(&self.cost)
            .enumerate()
            .filter(|(_, (g, c))| g.mean.is_finite() && c.mean.is_finite())
            .map(|(i, (g, c))| (i, chart.backend_coord(&(c.mean, g.mean))))
            .collect();
        for &(i, at) in &points {
            let colour = theme::condition_colour(i);
            root.draw(&Circle::new(at, 11, colour.filled()))?;
            root.draw(&Circle::new(at, 11, INK.stroke_width(2)))?;
        }
        // Names beside the points: to the right, or to the left near the right edge; labels
        // on the same side are spread so that they do not overlap and stay inside the plot,
        // with a thin line to their point when spreading moved them away from it.
        let (x_end, _) = chart.backend_coord(&(x_range.end, y_range.start));
        let (_, top) = chart.backend_coord(&(x_range.start, y_range.end));
        let (_, bottom) = chart.backend_coord(&(x_range.start, y_range.start));
        let label = theme::text(size::NOTE, INK);
        let mut sides: [Vec<(usize, (i32, i32))>; 2] = [Vec::new(), Vec::new()];
        for &(i, at) in &points {
            let w = root
                .estimate_text_size(&self.names[i], &label)
                .map_or(120, |(w, _)| w as i32);
            sides[usize::from(at.0 + 20 + w > x_end)].push((i, at));
        }
        for (side, members) in sides.iter().enumerate() {
            let wanted: Vec<i32> = members.iter().map(|&(_, at)| at.1).collect();
            let rows = spread_within(&wanted, 28, top + 12, bottom - 12);
            for (&(i, (px, py)), y) in members.iter().zip(rows) {
                let (x, h) = if side == 0 {
                    (px + 18, HPos::Left)
                } else {
                    (px - 18, HPos::Right)
                };
                if (y - py).abs() > 10 {
                    let edge = if side == 0 { px + 11 } else { px - 11 };
                    let end = if side == 0 { x - 3 } else { x + 3 };
                    root.draw(&PathElement::new(
                        vec![(edge, py), (end, y)],
                        MUTED.stroke_width(1),
                    ))?;
                }
                root.draw(&Text::new(
                    self.names[i].clone(),
                    (x, y),
                    note(h, VPos::Center, INK),
                ))?;
            }
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
        let label = theme::text(size::TICK, INK);
        let longest = order
            .iter()
            .map(|&i| {
                root.estimate_text_size(&self.names[i], &label)
                    .map_or(120, |(w, _)| w)
            })
            .max()
            .unwrap_or(60);
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
                let w = root
                    .estimate_text_size(&Metric::GainPerCost.format(e.mean), &value_style)
                    .map_or(80, |(w, _)| w);
                (end, f64::from(w) + 24.0)
            })
            .collect();
        let plot_width = f64::from(cell.dim_in_pixel().0) - f64::from(longest) - 24.0 - 32.0;
        let x_range = value_room(lo, lo + span.max(hi - lo), &labels, plot_width)
            .unwrap_or((lo - if lo < 0.0 { 0.3 * span } else { 0.0 })..(hi + 0.3 * span));
        // The most efficient condition in the top row.
        let y_keys: Vec<f64> = (0..n).map(|k| k as f64).collect();
        let mut chart = chart_on(cell, Some("Gain per 1,000 cost units"))
            .y_label_area_size(longest as i32 + 24)
            .build_cartesian_2d(x_range.clone(), ticked(-0.5..n as f64 - 0.5, y_keys))?;
        let names: Vec<&str> = order.iter().map(|&i| self.names[i].as_str()).collect();
        let y_fmt = |y: &f64| {
            let row = y.round();
            if row >= 0.0 && (row as usize) < names.len() {
                names[names.len() - 1 - row as usize].to_string()
            } else {
                String::new()
            }
        };
        let x_fmt = |v: &f64| Metric::GainPerCost.tick(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.disable_y_mesh()
            .x_desc("percentage points per 1,000 cost units")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(5)
            .draw()?;
        if order.is_empty() {
            let (w, h) = cell.dim_in_pixel();
            cell.draw(&Text::new(
                "no condition with a cost has a gain",
                (w as i32 / 2, h as i32 / 2),
                note(HPos::Center, VPos::Center, MUTED),
            ))?;
            return Ok(());
        }
        for (k, &i) in order.iter().enumerate() {
            let y = (n - 1 - k) as f64;
            let e = self.per_cost[i];
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.32), (e.mean, y + 0.32)],
                theme::condition_colour(i).filled(),
            )))?;
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
            let (px, py) = chart.backend_coord(&(end, y));
            let (dx, h) = if e.mean < 0.0 {
                (-8, HPos::Right)
            } else {
                (8, HPos::Left)
            };
            root.draw(&Text::new(
                Metric::GainPerCost.format(e.mean),
                (px + dx, py),
                note(h, VPos::Center, INK),
            ))?;
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
    fn labels_spread_within_the_plot_keep_their_gap_and_order() {
        // Three labels wanted below the plot's bottom (100): pushed up, 28 apart, in order.
        assert_eq!(
            spread_within(&[120, 130, 90], 28, 0, 100),
            vec![72, 100, 44]
        );
        // Room enough: nothing moves.
        assert_eq!(spread_within(&[10, 50], 28, 0, 100), vec![10, 50]);
    }

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

    #[test]
    fn labels_are_spread_apart_in_order() {
        assert_eq!(spread(&[100, 300], 28), vec![100, 300]);
        // Three labels wanted on one row: spread 28 apart and centred on it.
        assert_eq!(spread(&[200, 200, 200], 28), vec![172, 200, 228]);
        // Order is kept: the label wanted higher stays higher.
        let s = spread(&[210, 200], 28);
        assert!(s[1] < s[0] && s[0] - s[1] >= 28, "{s:?}");
    }
}
