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
    panels: Vec<(Metric, Vec<Estimate>)>,
}

/// Emits the comparison of conditions: always, except for a single condition swept one
/// parameter at a time, where one bar pooled over unrelated sweep points would say nothing the
/// sweep charts do not say better.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.one_at_a_time() && data.conditions.len() == 1 {
        return Ok(());
    }
    canvas.emit(&Conditions::new(data))
}

impl Conditions {
    /// The chart for a run.
    pub fn new(data: &RunData) -> Conditions {
        let names = data.conditions.clone();
        let panels: Vec<(Metric, Vec<Estimate>)> = data
            .headline()
            .iter()
            .map(|&m| (m, data.per_condition(m)))
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
                    "Mean per condition with its 95% confidence interval (t for means, Wilson for rates); at least {n} processes per condition"
                )
            };
            (title, subtitle)
        };
        if data.points() > 1 {
            subtitle.push_str(&format!(", pooled over the {} sweep points", data.points()));
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
        "Each bar is a condition's mean; the black whisker is its 95% confidence interval. \
         Where whiskers do not overlap, the difference is unlikely to be chance."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let cells = area.split_evenly((2, 2));
        for ((metric, estimates), cell) in self.panels.iter().zip(cells.iter()) {
            bar_panel(root, cell, *metric, &self.names, estimates)?;
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

fn bar_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    cell: &Area<DB>,
    metric: Metric,
    names: &[String],
    estimates: &[Estimate],
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let c = names.len();
    let keys: Vec<f64> = (0..c).map(|i| i as f64).collect();
    let mut chart = chart_on(cell, Some(metric.title())).build_cartesian_2d(
        ticked(-0.5..c as f64 - 0.5, keys),
        value_range(metric, estimates),
    )?;
    // Condition names under the bars when they fit; the legend names them otherwise.
    let fits = names.iter().map(|n| n.chars().count()).sum::<usize>() * 14
        < cell.dim_in_pixel().0 as usize * 8 / 10;
    let x_fmt = |x: &f64| {
        let i = x.round();
        if fits && i >= 0.0 && (i as usize) < c {
            names[i as usize].clone()
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
    for (i, e) in estimates.iter().enumerate() {
        if e.n == 0 || !e.mean.is_finite() {
            continue;
        }
        let e = e.bounded(metric);
        let x = i as f64;
        let colour = theme::condition_colour(i);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.32, 0.0), (x + 0.32, e.mean)],
            colour.filled(),
        )))?;
        let whisker = e.low.is_finite() && e.high.is_finite() && e.high > e.low;
        if whisker {
            let ink = INK.stroke_width(3);
            chart.draw_series([
                PathElement::new(vec![(x, e.low), (x, e.high)], ink),
                PathElement::new(vec![(x - 0.07, e.low), (x + 0.07, e.low)], ink),
                PathElement::new(vec![(x - 0.07, e.high), (x + 0.07, e.high)], ink),
            ])?;
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
