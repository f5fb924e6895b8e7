//! Sweep lines: each headline metric against a swept parameter, a line per condition with a
//! shaded 95% confidence band. One chart per sweep axis with two or more values.

use crate::charts::data::{Axis, Estimate, Metric, RunData};
use crate::charts::draw::{Frame, LegendItem, Swatch, chart_on, padded, style_mesh, ticked};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;

/// A sweep chart for one axis.
pub struct SweepLines {
    frame: Frame,
    axis: Axis,
    /// Per metric: estimates `[condition][value]`.
    panels: Vec<(Metric, Vec<Vec<Estimate>>)>,
}

/// Emits a sweep chart for every axis with at least two values.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    for a in 0..data.axes.len() {
        if data.axes[a].labels.len() >= 2 {
            canvas.emit(&SweepLines::new(data, a))?;
        }
    }
    Ok(())
}

/// Estimates `[condition][value]` of a metric along one axis: from `summary.csv` for a
/// one-axis sweep, pooled over the other axes otherwise.
pub fn along_axis(data: &RunData, metric: Metric, axis: usize) -> Vec<Vec<Estimate>> {
    let v = data.axes[axis].labels.len();
    let c = data.conditions.len();
    if data.axes.len() == 1 {
        let exact: Option<Vec<Vec<Estimate>>> = (0..c)
            .map(|ci| {
                (0..v)
                    .map(|vi| data.summary_estimate(ci, vi, metric))
                    .collect()
            })
            .collect();
        if let Some(e) = exact {
            return e;
        }
    }
    let flat = data.pooled(metric, c * v, |p| {
        Some(p.condition * v + data.axis_index(p.point, axis))
    });
    flat.chunks(v).map(|ch| ch.to_vec()).collect()
}

impl SweepLines {
    /// The chart for axis `axis` of a run.
    pub fn new(data: &RunData, axis: usize) -> SweepLines {
        let ax = data.axes[axis].clone();
        let panels = Metric::HEADLINE
            .iter()
            .map(|&m| (m, along_axis(data, m, axis)))
            .collect();
        let mut subtitle = format!(
            "Mean per condition at each value of {} with its 95% confidence band",
            ax.key
        );
        let others: Vec<&str> = data
            .axes
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != axis)
            .map(|(_, a)| a.key.as_str())
            .collect();
        if !others.is_empty() {
            subtitle.push_str(&format!("; pooled over {}", others.join(" and ")));
        }
        subtitle.push('.');
        SweepLines {
            frame: Frame {
                title: format!("How do the outcomes change with {}?", ax.key),
                subtitle,
                legend: condition_legend(&data.conditions, Swatch::Line),
                footer: footer(data),
            },
            axis: ax,
            panels,
        }
    }
}

/// One legend entry per condition in its colour.
pub fn condition_legend(conditions: &[String], swatch: Swatch) -> Vec<LegendItem> {
    conditions
        .iter()
        .enumerate()
        .map(|(i, c)| LegendItem::new(c.clone(), theme::condition_colour(i), swatch))
        .collect()
}

impl Figure for SweepLines {
    fn name(&self) -> String {
        format!("sweep-{}", theme::slug(&self.axis.key))
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        format!(
            "Each line follows one condition as {} changes; the shaded band is its 95% confidence interval.",
            self.axis.key
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let cells = area.split_evenly((2, 2));
        for ((metric, est), cell) in self.panels.iter().zip(cells.iter()) {
            line_panel(cell, *metric, &self.axis, est)?;
        }
        Ok(())
    }
}

fn line_panel<DB: DrawingBackend>(
    cell: &Area<DB>,
    metric: Metric,
    axis: &Axis,
    est: &[Vec<Estimate>],
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let v = axis.labels.len();
    let xs: Vec<f64> = match &axis.numbers {
        Some(n) => n.clone(),
        None => (0..v).map(|i| i as f64).collect(),
    };
    let x_range = if axis.numbers.is_some() {
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.05).max(1e-9);
        (lo - pad)..(hi + pad)
    } else {
        -0.3..(v as f64 - 0.7)
    };
    let y_range = if metric.is_rate() {
        0.0..1.04
    } else {
        padded(
            est.iter().flatten().flat_map(|e| [e.mean, e.low, e.high]),
            1e-3,
        )
    };
    // Ticks at the swept values (at most about eight of them).
    let keys: Vec<f64> = xs.iter().step_by(v.div_ceil(8).max(1)).copied().collect();
    let numeric = axis.numbers.is_some();
    let mut chart = chart_on(cell, Some(metric.title()))
        .build_cartesian_2d(ticked(x_range.clone(), keys), y_range)?;
    let x_fmt = |x: &f64| {
        if numeric {
            theme::tick(*x)
        } else {
            let i = x.round();
            if i >= 0.0 && (i as usize) < v {
                axis.labels[i as usize].clone()
            } else {
                String::new()
            }
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
    mesh.x_desc(axis.key.as_str())
        .y_desc(metric.axis())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_labels(6)
        .draw()?;
    for (c, series) in est.iter().enumerate() {
        let colour = theme::condition_colour(c);
        let band: Vec<(f64, f64)> = xs
            .iter()
            .zip(series)
            .filter(|(_, e)| e.low.is_finite())
            .map(|(&x, e)| (x, e.high))
            .chain(
                xs.iter()
                    .zip(series)
                    .rev()
                    .filter(|(_, e)| e.low.is_finite())
                    .map(|(&x, e)| (x, e.low)),
            )
            .collect();
        if band.len() >= 4 {
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                colour.mix(0.2).filled(),
            )))?;
        }
    }
    for (c, series) in est.iter().enumerate() {
        let colour = theme::condition_colour(c);
        let line: Vec<(f64, f64)> = xs
            .iter()
            .zip(series)
            .filter(|(_, e)| e.n > 0)
            .map(|(&x, e)| (x, e.mean))
            .collect();
        chart.draw_series(LineSeries::new(line.clone(), colour.stroke_width(4)))?;
        chart.draw_series(line.iter().map(|&p| Circle::new(p, 7, colour.filled())))?;
    }
    Ok(())
}
