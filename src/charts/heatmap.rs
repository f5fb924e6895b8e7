//! Heatmaps for sweeps over two (or more) parameters: one panel per condition, the first two
//! axes as rows and columns, the mean in every cell, and a shared colour bar (viridis, which
//! stays readable in grey and for colour-blind readers).

use crate::charts::data::{Axis, Estimate, Metric, RunData};
use crate::charts::draw::{Frame, chart_on, style_mesh, ticked, width, y_label_area};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, INK, size};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A heatmap of one metric over the first two sweep axes.
pub struct Heatmap {
    frame: Frame,
    metric: Metric,
    conditions: Vec<String>,
    /// Columns (x).
    x: Axis,
    /// Rows (y).
    y: Axis,
    /// `[condition][row * columns + column]`.
    cells: Vec<Vec<Estimate>>,
}

/// Emits heatmaps of joint utility and the win-win-win rate (for organisations: the final
/// win-win-win rate and collaborativeness) for grid sweeps with two or more axes of at least
/// two values each. One axis at a time there are no combinations to map.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.one_at_a_time()
        || data.axes.len() < 2
        || data.axes[0].labels.len() < 2
        || data.axes[1].labels.len() < 2
    {
        return Ok(());
    }
    let metrics = if data.is_organisation() {
        [Metric::FinalWinWinWin, Metric::FinalCollaborativeness]
    } else {
        [data.value_created(), Metric::WinWinWin]
    };
    for metric in metrics {
        canvas.emit(&Heatmap::new(data, metric))?;
    }
    Ok(())
}

/// Estimates `[condition][i0 * n1 + i1]` over axes 0 and 1: from `summary.csv` for a
/// two-axis sweep, pooled over the other axes otherwise.
pub fn over_first_two(data: &RunData, metric: Metric) -> Vec<Vec<Estimate>> {
    let (n0, n1) = (data.axes[0].labels.len(), data.axes[1].labels.len());
    let g = n0 * n1;
    let c = data.conditions.len();
    if data.axes.len() == 2 {
        let exact: Option<Vec<Vec<Estimate>>> = (0..c)
            .map(|ci| {
                (0..g)
                    .map(|p| data.summary_estimate(ci, p, metric))
                    .collect()
            })
            .collect();
        if let Some(e) = exact {
            return e;
        }
    }
    let flat = data.pooled(metric, c * g, |p| {
        Some(p.condition * g + data.axis_index(p.point, 0) * n1 + data.axis_index(p.point, 1))
    });
    flat.chunks(g).map(|ch| ch.to_vec()).collect()
}

impl Heatmap {
    /// The heatmap of `metric` for a run with at least two sweep axes.
    pub fn new(data: &RunData, metric: Metric) -> Heatmap {
        let (a0, a1) = (&data.axes[0], &data.axes[1]);
        let what = match metric {
            Metric::WinWinWin => "win-win-win most likely",
            Metric::Agreed => "agreement most likely",
            Metric::Rounds => "the negotiation longest",
            Metric::JointUtility => "the most value created",
            Metric::MeanUtility => "the most value created per stakeholder",
            Metric::FinalWinWinWin | Metric::MeanWinWinWin => "the win-win-win rate highest",
            Metric::WinWinWinGain | Metric::GainPerCost => "the gain in win-win-win rate largest",
            Metric::FinalCollaborativeness => "the culture most collaborative",
            Metric::CyclesToCollaborative => "a collaborative culture slowest to come",
            Metric::TotalCost => "the cost highest",
        };
        let mut subtitle = format!(
            "Mean {} per combination of the {} and the {}, one panel per condition",
            metric.noun(),
            a0.named(),
            a1.named()
        );
        if data.axes.len() > 2 {
            let rest: Vec<String> = data.axes[2..].iter().map(|a| a.words()).collect();
            subtitle.push_str(&format!(", pooled over {}", rest.join(" and ")));
        }
        subtitle.push('.');
        Heatmap {
            frame: Frame {
                title: format!("Where in the sweep is {what}?"),
                subtitle,
                legend: Vec::new(),
                footer: footer(data),
            },
            metric,
            conditions: data.conditions.clone(),
            x: a0.clone(),
            y: a1.clone(),
            cells: over_first_two(data, metric),
        }
    }

    fn scale(&self) -> (f64, f64) {
        if self.metric.is_rate() {
            return (0.0, 1.0);
        }
        let vals = self
            .cells
            .iter()
            .flatten()
            .filter(|e| e.n > 0)
            .map(|e| e.mean);
        let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
        if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-9 {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        }
    }

    /// A cell's number: percentages for rates, one number of decimals for the whole chart.
    fn label(&self, v: f64) -> String {
        if self.metric.is_rate() || self.metric.in_points() {
            return self.metric.format(v);
        }
        let (lo, hi) = self.scale();
        format!("{v:.*}", theme::decimals_for(lo.abs().max(hi.abs())))
    }

    fn tick(&self, v: f64) -> String {
        self.metric.tick(v)
    }

    /// The type size at which every panel's numbers fit inside their cells, as large as the
    /// cells of `chart`: the notes' size, or smaller down to 0.7 of it; `None` (the colours
    /// alone, read against the colour bar) where even that does not fit, or where a panel has
    /// more than 64 cells.
    fn number_size<DB: DrawingBackend, X: Ranged, Y: Ranged>(
        &self,
        area: &Area<DB>,
        chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Option<f64> {
        let (nx, ny) = (self.x.labels.len(), self.y.labels.len());
        if nx * ny > 64 || nx * ny == 0 {
            return None;
        }
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let across = (xs.end - xs.start) / nx as i32 - NUMBER_PADDING;
        let down = (ys.end - ys.start) / ny as i32 - NUMBER_PADDING;
        let labels: Vec<String> = self
            .cells
            .iter()
            .flatten()
            .filter(|e| e.n > 0)
            .map(|e| self.label(e.mean))
            .collect();
        [1.0, 0.85, 0.7]
            .into_iter()
            .map(|k| size::NOTE * k)
            .find(|&size| {
                let style = theme::text(size, INK);
                let high = area
                    .estimate_text_size("0%", &style)
                    .map_or(size as i32, |(_, h)| h as i32);
                high <= down && labels.iter().all(|l| width(area, l, &style) <= across)
            })
    }
}

/// Pixels a cell's number keeps clear of the cell's edges, both sides together.
const NUMBER_PADDING: i32 = 6;

fn colour(v: f64, (lo, hi): (f64, f64)) -> RGBColor {
    ViridisRGB::get_color(((v - lo) / (hi - lo)).clamp(0.0, 1.0))
}

fn is_dark(c: RGBColor) -> bool {
    0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64 <= 140.0
}

impl Figure for Heatmap {
    fn name(&self) -> String {
        format!("heatmap-{}", theme::slug(self.metric.key()))
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Each cell is one combination of the two swept parameters; its colour and number give the mean. \
         Panels share one colour scale, so colours compare across conditions."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let (w, _) = area.dim_in_pixel();
        let (panels, bar) = area.split_horizontally(w as i32 - 190);
        let c = self.conditions.len();
        let cols = c.min(3);
        let rows = c.div_ceil(cols);
        let cells = panels.split_evenly((rows, cols));
        let scale = self.scale();
        let (nx, ny) = (self.x.labels.len(), self.y.labels.len());
        let y_labels = y_label_area(root, self.y.labels.iter().map(String::as_str));
        let mut number_size = None;
        for (ci, cell) in cells.iter().enumerate().take(c) {
            let mut builder = chart_on(cell, Some(self.conditions[ci].as_str()));
            builder.y_label_area_size(y_labels);
            let mut chart = builder.build_cartesian_2d(
                ticked(-0.5..nx as f64 - 0.5, (0..nx).map(|i| i as f64).collect()),
                ticked(-0.5..ny as f64 - 0.5, (0..ny).map(|i| i as f64).collect()),
            )?;
            let fx = |v: &f64| label_at(&self.x, *v);
            let fy = |v: &f64| label_at(&self.y, *v);
            let mut mesh = chart.configure_mesh();
            style_mesh(&mut mesh);
            let (x_words, y_words) = (self.x.words(), self.y.words());
            mesh.disable_mesh()
                .x_desc(x_words.as_str())
                .y_desc(y_words.as_str())
                .x_label_formatter(&fx)
                .y_label_formatter(&fy)
                .draw()?;
            // One size for every panel's numbers, measured on the first panel (all are alike).
            let numbers = *number_size.get_or_insert_with(|| self.number_size(cell, &chart));
            for i0 in 0..nx {
                for i1 in 0..ny {
                    let e = self.cells[ci][i0 * ny + i1];
                    let (x, y) = (i0 as f64, i1 as f64);
                    if e.n == 0 {
                        continue;
                    }
                    let fill = colour(e.mean, scale);
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                        fill.filled(),
                    )))?;
                    if let Some(size) = numbers {
                        let ink = if is_dark(fill) { WHITE } else { INK };
                        let at = chart.backend_coord(&(x, y));
                        let style =
                            theme::text(size, ink).pos(Pos::new(HPos::Center, VPos::Center));
                        root.draw(&Text::new(self.label(e.mean), at, style))?;
                    }
                }
            }
        }
        colour_bar(&bar, scale, |v| self.tick(v))
    }
}

fn label_at(axis: &Axis, v: f64) -> String {
    let i = v.round();
    if i >= 0.0 && (i as usize) < axis.labels.len() {
        axis.labels[i as usize].clone()
    } else {
        String::new()
    }
}

fn colour_bar<DB: DrawingBackend>(
    area: &Area<DB>,
    (lo, hi): (f64, f64),
    label: impl Fn(f64) -> String,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area)
        .margin_top(60)
        .margin_bottom(90)
        .margin_left(8)
        .y_label_area_size(0)
        .right_y_label_area_size(110)
        .build_cartesian_2d(0.0..1.0, lo..hi)?;
    let fmt = |v: &f64| label(*v);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh);
    mesh.disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&fmt)
        .y_labels(6)
        .draw()?;
    let steps = 120;
    chart.draw_series((0..steps).map(|k| {
        let a = lo + (hi - lo) * k as f64 / steps as f64;
        let b = lo + (hi - lo) * (k + 1) as f64 / steps as f64;
        Rectangle::new(
            [(0.0, a), (1.0, b)],
            colour((a + b) / 2.0, (lo, hi)).filled(),
        )
    }))?;
    Ok(())
}
