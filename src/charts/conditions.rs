//! Condition comparison: one panel per headline metric, a bar per condition with its 95%
//! interval.

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

/// Emits the comparison of conditions (always: a run has at least one condition).
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    canvas.emit(&Conditions::new(data))
}

impl Conditions {
    /// The chart for a run.
    pub fn new(data: &RunData) -> Conditions {
        let names = data.conditions.clone();
        let panels: Vec<(Metric, Vec<Estimate>)> = Metric::HEADLINE
            .iter()
            .map(|&m| (m, data.per_condition(m)))
            .collect();
        let title = match names.as_slice() {
            [a] => format!("{a}: how much value, how often, how fast?"),
            [a, b] => format!("{a} or {b}: which creates more value, more often, faster?"),
            _ => "Which condition creates more value, more often, faster?".to_string(),
        };
        let n = panels[0].1.iter().map(|e| e.n).min().unwrap_or(0);
        let mut subtitle = format!(
            "Mean per condition with its 95% confidence interval (t for means, Wilson for rates); at least {n} processes per condition"
        );
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

/// Upper end of a bar panel's value axis.
fn top(metric: Metric, estimates: &[Estimate]) -> f64 {
    if metric.is_rate() {
        // Room above 100% for the value labels.
        return 1.12;
    }
    let hi = estimates
        .iter()
        .map(|e| if e.high.is_finite() { e.high } else { e.mean })
        .fold(0.0f64, f64::max);
    if hi > 0.0 { hi * 1.18 } else { 1.0 }
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
    let y_top = top(metric, estimates);
    let keys: Vec<f64> = (0..c).map(|i| i as f64).collect();
    let mut chart = chart_on(cell, Some(metric.title()))
        .build_cartesian_2d(ticked(-0.5..c as f64 - 0.5, keys), 0.0..y_top)?;
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
    let y_fmt = |y: &f64| {
        if metric.is_rate() {
            theme::percent(*y)
        } else {
            theme::tick(*y)
        }
    };
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh);
    mesh.disable_x_mesh()
        .y_desc(metric.axis())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_labels(6)
        .draw()?;
    for (i, e) in estimates.iter().enumerate() {
        let x = i as f64;
        let colour = theme::condition_colour(i);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.32, 0.0), (x + 0.32, e.mean.max(0.0))],
            colour.filled(),
        )))?;
        let mut label_at = e.mean;
        if e.low.is_finite() && e.high.is_finite() && e.high > e.low {
            let ink = INK.stroke_width(3);
            chart.draw_series([
                PathElement::new(vec![(x, e.low), (x, e.high)], ink),
                PathElement::new(vec![(x - 0.07, e.low), (x + 0.07, e.low)], ink),
                PathElement::new(vec![(x - 0.07, e.high), (x + 0.07, e.high)], ink),
            ])?;
            label_at = e.high;
        }
        let text = if metric.is_rate() {
            theme::percent(e.mean)
        } else {
            theme::number(e.mean)
        };
        let (px, py) = chart.backend_coord(&(x, label_at));
        root.draw(&Text::new(
            text,
            (px, py - 8),
            note(HPos::Center, VPos::Bottom, INK),
        ))?;
    }
    Ok(())
}
