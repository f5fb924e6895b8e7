//! Condition comparison: one panel per headline metric, a bar per condition with its 95%
//! interval. Process experiments show the process metrics; organisation experiments where
//! each condition leaves the organisation (final win-win-win rate and collaborativeness, the
//! gain in win-win-win rate, and the cost of the levers).

use crate::charts::data::{Estimate, Metric, RunData};
use crate::charts::draw::{Frame, LegendItem, Swatch, chart_on, note, style_mesh, ticked};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, INK};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The condition comparison chart.
pub struct Conditions {
    frame: Frame,
    names: Vec<String>,
    /// The sweep points the bars are grouped by (one untitled group without a sweep).
    pub groups: Vec<Option<String>>,
    /// Per headline metric, the estimate of each condition at each sweep point,
    /// `[point * conditions + condition]`.
    pub panels: Vec<(Metric, Vec<Estimate>)>,
}

/// Most sweep points the bars are grouped by; a larger sweep is shown by the sweep charts and
/// heatmaps alone, as bars pooled over its points would mix cases and group sizes.
pub const MAX_GROUPS: usize = 12;

/// Emits the comparison of conditions: always, except for a single condition swept one
/// parameter at a time (the sweep charts say it better), and sweeps of more than
/// [`MAX_GROUPS`] points.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.one_at_a_time() && data.conditions.len() == 1 || data.points() > MAX_GROUPS {
        return Ok(());
    }
    canvas.emit(&Conditions::new(data))
}

impl Conditions {
    /// The chart for a run.
    pub fn new(data: &RunData) -> Conditions {
        let names = data.conditions.clone();
        let groups = data.facets();
        let c = names.len();
        let panels: Vec<(Metric, Vec<Estimate>)> = data
            .headline()
            .iter()
            .map(|&m| {
                let estimates = if groups.len() == 1 {
                    data.per_condition(m)
                } else {
                    data.pooled(m, groups.len() * c, |p| Some(p.point * c + p.condition))
                };
                (m, estimates)
            })
            .collect();
        let n = panels[0].1.iter().map(|e| e.n).min().unwrap_or(0);
        let (title, mut subtitle) = if data.is_organisation() {
            let cycles = data.cycles.iter().map(|c| c.cycle).max().unwrap_or(0);
            let after = match cycles {
                1 => "one cycle".to_string(),
                c => format!("{c} cycles"),
            };
            let title = match names.as_slice() {
                [a] => format!("{a}: where does the organisation stand after {after}?"),
                _ => format!("Where does each condition leave the organisation after {after}?"),
            };
            let runs = if n == 1 {
                "one organisation run per condition, so no interval".to_string()
            } else {
                format!("{n} organisation runs per condition, with the 95% confidence interval")
            };
            let end = crate::organisation::records::window_words(cycles as usize);
            (title, format!("Mean per condition ({runs}). {end}"))
        } else {
            let title = match names.as_slice() {
                [a] => format!("{a}: how much value, how often, how fast?"),
                [a, b] => format!("{a} or {b}: which creates more value, more often, faster?"),
                _ => "Which condition creates more value, more often, faster?".to_string(),
            };
            let subtitle = if n == 1 {
                "Mean per condition, from one process per condition (rates with their 95% Wilson interval; means have none)".to_string()
            } else {
                format!(
                    "Mean per condition with its 95% confidence interval (t for means, Wilson for rates); at least {n} processes per bar"
                )
            };
            (title, subtitle)
        };
        if groups.len() > 1 {
            let keys: Vec<&str> = data.axes.iter().map(|a| a.key.as_str()).collect();
            subtitle.push_str(&format!(", grouped by sweep point ({})", keys.join(", ")));
        }
        subtitle.push('.');
        let legend = names
            .iter()
            .enumerate()
            .map(|(i, c)| LegendItem::new(c.clone(), theme::condition_colour(i), Swatch::Block))
            .collect();
        Conditions {
            frame: Frame {
                title,
                subtitle,
                legend,
                footer: footer(data),
            },
            names,
            groups,
            panels,
        }
    }
}

impl Figure for Conditions {
    fn name(&self) -> String {
        "conditions".into()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Each bar is a condition's mean (with a sweep, at one sweep point: bars are grouped by \
         sweep point and never pooled over them); the black whisker is its 95% confidence \
         interval. Where whiskers do not overlap, the difference is unlikely to be chance."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let cells = area.split_evenly((2, 2));
        for ((metric, estimates), cell) in self.panels.iter().zip(cells.iter()) {
            bar_panel(root, cell, *metric, &self.names, &self.groups, estimates)?;
        }
        Ok(())
    }
}

/// The value axis of a bar panel: from 0 (or below the lowest bar, for negative differences)
/// to above the highest whisker, with room for the value labels.
fn value_range(metric: Metric, estimates: &[Estimate]) -> std::ops::Range<f64> {
    if metric.is_rate() {
        // Room above 100% for the value labels.
        return 0.0..1.12;
    }
    let ends = |e: &Estimate| {
        let (lo, hi) = if e.low.is_finite() && e.high.is_finite() {
            (e.low, e.high)
        } else {
            (e.mean, e.mean)
        };
        (lo.min(e.mean), hi.max(e.mean))
    };
    let (lo, hi) = estimates
        .iter()
        .filter(|e| e.n > 0 && e.mean.is_finite())
        .map(ends)
        .fold((0.0f64, 0.0f64), |(l, h), (a, b)| (l.min(a), h.max(b)));
    let span = hi - lo;
    if span <= 0.0 {
        return 0.0..1.0;
    }
    // Below a negative bar, room for its value label.
    let bottom = if lo < 0.0 { lo - 0.24 * span } else { 0.0 };
    bottom..hi + 0.18 * span
}

/// A sweep point's label without its keys: `deadline=8, openness=0.2` as `8, 0.2`.
fn values_only(label: &str) -> String {
    label
        .split(", ")
        .map(|part| part.split_once('=').map_or(part, |(_, v)| v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where bar `i` of a group of `c` stands, relative to the group's centre: bars fill four
/// fifths of a group, so groups stay apart.
fn bar_offset(i: usize, c: usize) -> (f64, f64) {
    let width = 0.8 / c as f64;
    (((i as f64) - (c as f64 - 1.0) / 2.0) * width, width * 0.4)
}

fn bar_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    cell: &Area<DB>,
    metric: Metric,
    names: &[String],
    groups: &[Option<String>],
    estimates: &[Estimate],
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let c = names.len();
    let grouped = groups.len() > 1;
    // Without a sweep a bar per condition; with one, a group of bars per sweep point.
    let slots = if grouped { groups.len() } else { c };
    let keys: Vec<f64> = (0..slots).map(|i| i as f64).collect();
    let mut chart = chart_on(cell, Some(metric.title())).build_cartesian_2d(
        ticked(-0.5..slots as f64 - 0.5, keys),
        value_range(metric, estimates),
    )?;
    // Condition (or sweep point) names under the bars when they fit; the legend names the
    // conditions otherwise.
    let fit = |labels: &[String]| {
        labels.iter().map(|n| n.chars().count()).sum::<usize>() * 14
            < cell.dim_in_pixel().0 as usize * 8 / 10
    };
    let labels: Vec<String> = if grouped {
        let full: Vec<String> = groups
            .iter()
            .map(|g| g.clone().unwrap_or_default())
            .collect();
        // `deadline=8, traits.openness.mean=0.2` as `8, 0.2` where the keys do not fit (the
        // subtitle names them).
        let short: Vec<String> = full.iter().map(|l| values_only(l)).collect();
        if fit(&full) { full } else { short }
    } else {
        names.to_vec()
    };
    let fits = fit(&labels);
    let x_fmt = |x: &f64| {
        let i = x.round();
        if fits && i >= 0.0 && (i as usize) < slots {
            labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    let y_fmt = |y: &f64| metric.tick(*y);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh);
    mesh.disable_x_mesh()
        .y_desc(metric.axis())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_labels(6)
        .draw()?;
    if chart.y_range().start < 0.0 {
        let x = chart.x_range();
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x.start, 0.0), (x.end, 0.0)],
            INK.stroke_width(2),
        )))?;
    }
    // Value labels only where a bar is wide enough to carry one.
    let labelled = estimates.len() <= 8;
    for (k, e) in estimates.iter().enumerate() {
        if e.n == 0 || !e.mean.is_finite() {
            continue;
        }
        let e = e.bounded(metric);
        let (i, x, half) = if grouped {
            let (offset, half) = bar_offset(k % c, c);
            (k % c, (k / c) as f64 + offset, half)
        } else {
            (k, k as f64, 0.32)
        };
        let colour = theme::condition_colour(i);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - half, 0.0), (x + half, e.mean)],
            colour.filled(),
        )))?;
        let whisker = e.low.is_finite() && e.high.is_finite() && e.high > e.low;
        if whisker {
            let ink = INK.stroke_width(3);
            let cap = (half * 0.22).max(0.02);
            chart.draw_series([
                PathElement::new(vec![(x, e.low), (x, e.high)], ink),
                PathElement::new(vec![(x - cap, e.low), (x + cap, e.low)], ink),
                PathElement::new(vec![(x - cap, e.high), (x + cap, e.high)], ink),
            ])?;
        }
        if !labelled {
            continue;
        }
        // The value above the bar, or below it when it is negative.
        let (label_at, dy, v) = match (e.mean < 0.0, whisker) {
            (false, true) => (e.high, -8, VPos::Bottom),
            (false, false) => (e.mean, -8, VPos::Bottom),
            (true, true) => (e.low, 8, VPos::Top),
            (true, false) => (e.mean, 8, VPos::Top),
        };
        let (px, py) = chart.backend_coord(&(x, label_at));
        root.draw(&Text::new(
            metric.format(e.mean),
            (px, py + dy),
            note(HPos::Center, v, INK),
        ))?;
    }
    Ok(())
}
