//! Organisations over time: the win-win-win rate of each cycle's processes and the
//! population's collaborativeness index, cycle by cycle, a line per condition (lever). With
//! replications a line is the mean over the condition's organisation runs, with a shaded 95%
//! confidence band. The collaborativeness panel marks the collaborative target and the cycle at
//! which each condition's mean first reached it. With a sweep, a figure per sweep point: two
//! points (two cultures, two turnovers) are never averaged into one line.

use crate::charts::data::organisations::{CycleRow, over_cycles};
use crate::charts::data::{Estimate, FacetPage, Metric, RunData};
use crate::charts::draw::{
    AxisSpec, Frame, LegendItem, MARGINS_DOWN, Marker, Swatch, Ticks, TitleFit, condition_legend,
    condition_style, draw_line, fit_titles, fitted_title, marker, measure_axes, note, padded,
    page_words, style_mesh, value_ticks,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure, Rect};
use crate::charts::theme::{self, INK, MUTED, REFERENCE};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The outcomes-over-cycles chart.
pub struct Cycles {
    frame: Frame,
    name: String,
    /// `[condition][cycle - 1]`.
    win_win_win: Vec<Vec<Estimate>>,
    /// `[condition][cycle - 1]`.
    collaborativeness: Vec<Vec<Estimate>>,
    /// The collaborative target, if every condition has the same one.
    target: Option<f64>,
}

/// Emits the chart for organisation experiments: a figure per sweep point.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.cycles.is_empty() {
        return Ok(());
    }
    for page in data.point_pages() {
        canvas.emit(&Cycles::on_page(data, &page))?;
    }
    Ok(())
}

/// The rows of `cycles.csv` a figure of `page` shows.
pub fn cycles_on(data: &RunData, page: &FacetPage) -> Vec<CycleRow> {
    data.cycles
        .iter()
        .filter(|r| data.on_page(page, r.point))
        .cloned()
        .collect()
}

/// Organisation runs per condition in a figure of `page`.
pub fn runs_on(data: &RunData, page: &FacetPage) -> usize {
    let runs = data
        .organisations
        .iter()
        .filter(|o| data.on_page(page, o.point))
        .count();
    runs / data.conditions.len().max(1)
}

/// How the lines of a per-cycle chart of `page` were made, for its subtitle: "from one
/// organisation run" or "the mean of N organisation runs with its 95% confidence band".
pub fn lines_note(data: &RunData, page: &FacetPage) -> String {
    match runs_on(data, page) {
        0 | 1 => "from one organisation run".to_string(),
        runs => format!("the mean of {runs} organisation runs with its 95% confidence band"),
    }
}

/// The collaborative target of the organisations a figure of `page` shows, if they share one.
pub fn collaborative_target(data: &RunData, page: &FacetPage) -> Option<f64> {
    let mut targets = data
        .plan
        .cells
        .iter()
        .filter(|c| data.on_page(page, c.point))
        .filter_map(|c| c.scenario.organisation.as_ref())
        .map(|o| o.collaborative_target);
    let first = targets.next()?;
    targets.all(|t| t == first).then_some(first)
}

impl Cycles {
    /// The figure of the chart that shows the sweep points of `page` (see
    /// [`RunData::point_pages`]).
    pub fn on_page(data: &RunData, page: &FacetPage) -> Cycles {
        let c = data.conditions.len();
        let rows = cycles_on(data, page);
        // A rate's band stays within 0 to 100% (a t-interval over few runs can pass 1).
        let win_win_win = over_cycles(&rows, c, |r: &CycleRow| r.win_win_win_rate)
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|e| e.bounded(Metric::WinWinWin))
                    .collect()
            })
            .collect();
        let collaborativeness = over_cycles(&rows, c, |r: &CycleRow| r.collaborativeness);
        let target = collaborative_target(data, page);
        let mut legend = condition_legend(&data.conditions, |_| Swatch::Line);
        if let Some(t) = target {
            legend.push(LegendItem::new(
                "collaborative target",
                REFERENCE,
                Swatch::Dashed,
            ));
            let reached = collaborativeness
                .iter()
                .any(|s| s.iter().any(|e| e.n > 0 && e.mean >= t));
            if reached {
                legend.push(LegendItem::new(
                    "first cycle at the target",
                    INK,
                    Swatch::Hollow(Marker::Diamond),
                ));
            }
        }
        let title = match data.conditions.as_slice() {
            [_] => "How does the win-win-win rate develop over the cycles?".to_string(),
            _ => "Which lever raises the win-win-win rate fastest?".to_string(),
        };
        Cycles {
            name: page.name("cycles"),
            frame: Frame {
                title: page.title(&title),
                subtitle: format!(
                    "{}Left: share of each cycle's processes that were win-win-win. Right: the population's collaborativeness index (mean of six traits). A line per condition, {}.",
                    page_words(page),
                    lines_note(data, page)
                ),
                legend,
                footer: footer(data),
            },
            win_win_win,
            collaborativeness,
            target,
        }
    }
}

impl Figure for Cycles {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Each line follows one condition from cycle to cycle. A line that climbs early and stays high marks a lever that works fast and lasts; \
         on the right, a diamond marks the first cycle at which the culture counted as collaborative."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let (left, right) = area.split_horizontally((area.dim_in_pixel().0 as f64 * 0.5) as i32);
        let www = CyclePanel {
            title: "Win-win-win rate",
            y_desc: "% of the cycle's processes",
            y_range: 0.0..1.04,
            percent: true,
            reference: None,
            y_area: 0,
        };
        www.draw(root, &left, &self.win_win_win)?;
        let collab = CyclePanel {
            title: "Collaborativeness index",
            y_desc: "population mean (0 to 1)",
            y_range: padded(
                self.collaborativeness
                    .iter()
                    .flatten()
                    .filter(|e| e.n > 0)
                    .flat_map(|e| [e.mean, e.low, e.high])
                    .chain(self.target),
                0.05,
            ),
            percent: false,
            reference: self.target,
            y_area: 0,
        };
        collab.draw(root, &right, &self.collaborativeness)?;
        Ok(())
    }
}

/// Which axis descriptions a panel of small multiples carries. The value axis is always
/// ticked; the cycle axis is labelled where it is described, under the bottom row: the
/// panels above it stand at the same cycles, and their tick labels would take their plots'
/// height.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Descriptions {
    /// Both axes described (a panel on its own).
    Both,
    /// Only the cycle axis (a bottom-row panel that is not the first of its row).
    Cycle,
    /// Neither.
    None,
}

/// The x label area of a panel of small multiples whose cycle axis is not labelled (see
/// [`Descriptions`]): its tick marks and a gap before the title of the panel below.
pub fn unlabelled_area() -> u32 {
    theme::px(12.0) as u32
}

/// A panel of a quantity over cycles: a line per condition with its confidence band, and an
/// optional reference level (marked where each line first reaches it).
pub struct CyclePanel<'a> {
    /// Panel title.
    pub title: &'a str,
    /// Value axis description.
    pub y_desc: &'a str,
    /// Value axis range.
    pub y_range: std::ops::Range<f64>,
    /// Show values as percentages.
    pub percent: bool,
    /// A target level, drawn dashed.
    pub reference: Option<f64>,
    /// The least width of its y label area: small multiples give their columns one width
    /// whatever their tick labels, so that their plots are equally wide.
    pub y_area: u32,
}

impl CyclePanel<'_> {
    /// Draws `series[condition][cycle - 1]` on `cell`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        cell: &Area<DB>,
        series: &[Vec<Estimate>],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let titles = fit_titles(cell, &[self.title]);
        self.draw_with(root, cell, series, Descriptions::Both, titles)
            .map(|_| ())
    }

    /// As [`CyclePanel::draw`], with the axis descriptions small multiples need and their
    /// titles set alike (see [`fit_titles`]). Returns where the plot stands, for a title
    /// shared by several panels.
    pub fn draw_with<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        cell: &Area<DB>,
        series: &[Vec<Estimate>],
        desc: Descriptions,
        titles: TitleFit,
    ) -> std::result::Result<Rect, Box<dyn std::error::Error>>
    where
        DB::ErrorType: 'static,
    {
        let compact = desc != Descriptions::Both;
        let y_desc = desc == Descriptions::Both;
        let x_desc = matches!(desc, Descriptions::Both | Descriptions::Cycle);
        let cycles = series.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let x_range = 0.5..cycles as f64 + 0.5;
        // The title set as its neighbours' are, with room under it for the top tick label.
        let cell = &fitted_title(cell, self.title, titles)?;
        let percent = self.percent;
        let y_fmt = |y: &f64| {
            if percent {
                theme::percent(*y)
            } else {
                theme::tick(*y)
            }
        };
        let x_fmt = |x: &f64| theme::tick(*x);
        let x_most = if compact { 6 } else { cycles.min(10) + 1 };
        let x_axis = AxisSpec {
            title: x_desc.then_some("cycle"),
            range: x_range.clone(),
            ticks: Ticks::Round(x_most),
            format: &x_fmt,
        };
        let y_axis = AxisSpec {
            title: y_desc.then_some(self.y_desc),
            range: self.y_range.clone(),
            ticks: Ticks::Round(6),
            format: &y_fmt,
        };
        // As wide a label area as its neighbours', which are as wide.
        let mut axes = measure_axes(cell, &x_axis, &y_axis).widened(cell, &x_axis, self.y_area);
        if !x_desc {
            // No tick labels under the plot: it is as high as its neighbours below, which
            // have them, and holds as many value ticks.
            axes.x_area = unlabelled_area();
            let high = cell.dim_in_pixel().1 as i32 - MARGINS_DOWN - axes.x_area as i32;
            axes.y_ticks = value_ticks(&self.y_range, 6, high);
        }
        let no_label = |_: &f64| String::new();
        let x_label: &dyn Fn(&f64) -> String = if x_desc { &x_fmt } else { &no_label };
        let mut chart = axes.chart_on(cell, x_range.clone(), self.y_range.clone())?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let plot = (xs.start, ys.start, xs.end, ys.end);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_label_formatter(x_label)
            .y_label_formatter(&y_fmt)
            .draw()?;
        axes.draw_titles(cell, &chart)?;
        if let Some(t) = self.reference {
            chart.draw_series(DashedLineSeries::new(
                vec![(x_range.start, t), (x_range.end, t)],
                10,
                8,
                REFERENCE.stroke_width(3),
            ))?;
            let at = chart.backend_coord(&(x_range.start, t));
            root.draw(&Text::new(
                format!("target {}", theme::tick(t)),
                (at.0 + 8, at.1 - 6),
                note(HPos::Left, VPos::Bottom, MUTED),
            ))?;
        }
        // Bands stay inside the axis (a rate's interval cannot leave 0 to 100%).
        let (y0, y1) = (self.y_range.start, self.y_range.end);
        let point = |i: usize, v: f64| ((i + 1) as f64, v);
        let clamped = |i: usize, v: f64| ((i + 1) as f64, v.clamp(y0, y1));
        for (c, s) in series.iter().enumerate() {
            let band: Vec<(f64, f64)> = s
                .iter()
                .enumerate()
                .filter(|(_, e)| e.n > 0 && e.low.is_finite() && e.high.is_finite())
                .map(|(i, e)| clamped(i, e.high))
                .collect();
            let low: Vec<(f64, f64)> = s
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, e)| e.n > 0 && e.low.is_finite() && e.high.is_finite())
                .map(|(i, e)| clamped(i, e.low))
                .collect();
            if band.len() >= 2 {
                let polygon: Vec<(f64, f64)> = band.into_iter().chain(low).collect();
                chart.draw_series(std::iter::once(Polygon::new(
                    polygon,
                    condition_style(c).colour.mix(0.15).filled(),
                )))?;
            }
        }
        let width = if series.len() > 4 { 3 } else { 4 };
        for (c, s) in series.iter().enumerate() {
            let style = condition_style(c);
            let colour = style.colour;
            let line: Vec<(f64, f64)> = s
                .iter()
                .enumerate()
                .filter(|(_, e)| e.n > 0)
                .map(|(i, e)| point(i, e.mean))
                .collect();
            // A run of one cycle has no line to draw: its one value is a dot.
            if let [only] = line[..] {
                chart.draw_series(std::iter::once(Circle::new(
                    only,
                    width * 2,
                    colour.filled(),
                )))?;
            }
            draw_line(&mut chart, line, colour, width, style.pattern)?;
        }
        if let Some(t) = self.reference {
            for (c, s) in series.iter().enumerate() {
                if let Some(i) = s.iter().position(|e| e.n > 0 && e.mean >= t) {
                    let at = chart.backend_coord(&point(i, s[i].mean));
                    let colour = condition_style(c).colour;
                    marker(
                        root,
                        Marker::Diamond,
                        at,
                        10,
                        WHITE.filled(),
                        colour.stroke_width(4),
                    )?;
                }
            }
        }
        Ok(plot)
    }
}
