//! Sweep lines: a metric against a swept parameter, a line per condition with a shaded 95%
//! confidence band.
//!
//! - In a grid, one chart per sweep axis with two or more values, a panel per headline metric
//!   (pooled over the other axes).
//! - One axis at a time ([`OneAtATime`]), one chart per headline metric, a panel per axis (small
//!   multiples on one scale, so that the panels compare: which parameter moves the metric
//!   most?), with the base value the other panels hold it at.

use crate::charts::data::{Axis, Estimate, Metric, RunData};
use crate::charts::draw::{
    AxisSpec, ConditionStyle, Frame, LegendItem, Swatch, Ticks, TitleFit, axis_title_room,
    condition_legend, condition_style, dodge, draw_line, fit_titles, fitted_title, marker,
    measure_axes, padded, style_mesh, titled_grid, under_title,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, REFERENCE};
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

/// Emits a sweep chart for every axis with at least two values in a grid, and one chart per
/// headline metric one axis at a time.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.one_at_a_time() {
        for metric in data.headline() {
            canvas.emit(&OneAtATime::new(data, metric))?;
        }
        return Ok(());
    }
    for a in 0..data.axes.len() {
        if data.axes[a].labels.len() >= 2 {
            canvas.emit(&SweepLines::new(data, a))?;
        }
    }
    Ok(())
}

/// Estimates `[condition][value]` of a metric along one axis: from `summary.csv` for a
/// one-axis sweep and one axis at a time (where every point varies a single axis), pooled
/// over the other axes of a grid otherwise.
pub fn along_axis(data: &RunData, metric: Metric, axis: usize) -> Vec<Vec<Estimate>> {
    let v = data.axes[axis].labels.len();
    let c = data.conditions.len();
    let first = if data.one_at_a_time() {
        data.first_point_of(axis)
    } else {
        0
    };
    if data.axes.len() == 1 || data.one_at_a_time() {
        let exact: Option<Vec<Vec<Estimate>>> = (0..c)
            .map(|ci| {
                (0..v)
                    .map(|vi| data.summary_estimate(ci, first + vi, metric))
                    .collect()
            })
            .collect();
        if let Some(e) = exact {
            return e;
        }
    }
    let flat = if data.one_at_a_time() {
        data.pooled(metric, c * v, |p| {
            (p.point >= first && p.point < first + v).then(|| p.condition * v + p.point - first)
        })
    } else {
        data.pooled(metric, c * v, |p| {
            Some(p.condition * v + data.axis_index(p.point, axis))
        })
    };
    flat.chunks(v).map(|ch| ch.to_vec()).collect()
}

impl SweepLines {
    /// The chart for axis `axis` of a run.
    pub fn new(data: &RunData, axis: usize) -> SweepLines {
        let ax = data.axes[axis].clone();
        let panels = data
            .headline()
            .iter()
            .map(|&m| {
                let est = along_axis(data, m, axis)
                    .into_iter()
                    .map(|s| s.into_iter().map(|e| e.bounded(m)).collect())
                    .collect();
                (m, est)
            })
            .collect();
        let mut subtitle = format!(
            "Mean per condition at each value of the {} with its 95% confidence {}",
            ax.named(),
            interval_words(std::slice::from_ref(&ax))
        );
        let others: Vec<String> = data
            .axes
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != axis)
            .map(|(_, a)| a.words())
            .collect();
        if !others.is_empty() {
            subtitle.push_str(&format!("; pooled over {}", others.join(" and ")));
        }
        subtitle.push('.');
        SweepLines {
            frame: Frame {
                title: format!("How do the outcomes change with the {}?", ax.words()),
                subtitle,
                legend: condition_legend(
                    &data.conditions,
                    legend_swatch(std::slice::from_ref(&ax)),
                ),
                footer: footer(data),
            },
            axis: ax,
            panels,
        }
    }
}

impl Figure for SweepLines {
    fn name(&self) -> String {
        format!("sweep-{}", theme::slug(&self.axis.key))
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        if self.axis.is_numeric() {
            format!(
                "Each line follows one condition as the {} changes; the shaded band is its 95% confidence interval.",
                self.axis.named()
            )
        } else {
            format!(
                "Each marker is one condition's mean at one value of the {}, its whisker the 95% confidence interval; the values are names, with no order and nothing between them, so no line joins them.",
                self.axis.named()
            )
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let words = self.axis.words();
        let cells = area.split_evenly((2, 2));
        let titles: Vec<&str> = self.panels.iter().map(|(m, _)| m.title()).collect();
        let titles = fit_titles(&cells[0], &titles);
        for ((metric, est), cell) in self.panels.iter().zip(cells.iter()) {
            let panel = Panel {
                title: metric.title(),
                x_desc: Some(&words),
                y_desc: Some(metric.axis()),
                y_range: y_range(*metric, est.iter().flatten()),
                bases: &[],
                compact: false,
                titles,
                y_area: 0,
            };
            line_panel(root, cell, &panel, *metric, &self.axis, est)?;
        }
        Ok(())
    }
}

/// How the estimates along `axes` are drawn, for a subtitle: a band around a line where the
/// values are numbers, an interval (a whisker) where they are names.
fn interval_words(axes: &[Axis]) -> &'static str {
    match (
        axes.iter().any(Axis::is_numeric),
        axes.iter().all(Axis::is_numeric),
    ) {
        (_, true) => "band",
        (false, _) => "interval, side by side (the values are names, so no line joins them)",
        (true, false) => "band (an interval, side by side, where the values are names)",
    }
}

/// The legend entry of a condition in sweep panels along `axes`: its line through its markers,
/// or its marker alone where no panel has a line.
fn legend_swatch(axes: &[Axis]) -> fn(&ConditionStyle) -> Swatch {
    if axes.iter().any(Axis::is_numeric) {
        |s| Swatch::MarkedLine(s.marker, s.pattern)
    } else {
        |s| Swatch::Marker(s.marker)
    }
}

/// How a line panel is drawn.
struct Panel<'a> {
    title: &'a str,
    x_desc: Option<&'a str>,
    y_desc: Option<&'a str>,
    y_range: std::ops::Range<f64>,
    /// Base values to mark: (condition, x).
    bases: &'a [(usize, f64)],
    /// Small multiples: thinner lines.
    compact: bool,
    /// How the titles of the figure's panels are set.
    titles: TitleFit,
    /// The least width of its y label area: small multiples give each column one width
    /// whatever their tick labels and titles, so that their plots are equally wide.
    y_area: u32,
}

/// A value axis for estimates of a metric: 0 to 100% for rates, the values with some room
/// otherwise.
fn y_range<'e>(metric: Metric, est: impl Iterator<Item = &'e Estimate>) -> std::ops::Range<f64> {
    if metric.is_rate() {
        0.0..1.04
    } else {
        padded(
            est.filter(|e| e.n > 0)
                .flat_map(|e| [e.mean, e.low, e.high]),
            1e-3,
        )
    }
}

/// One axis at a time: a metric against every swept parameter, a panel per parameter.
pub struct OneAtATime {
    frame: Frame,
    metric: Metric,
    /// Per axis: panel title, the axis, estimates `[condition][value]`, base values.
    panels: Vec<(String, Axis, Vec<Vec<Estimate>>, Vec<(usize, f64)>)>,
    y_range: std::ops::Range<f64>,
}

/// The part all keys share before and after their own name (`traits.` and `.mean` for
/// `traits.openness.mean` and `traits.empathy.mean`), in whole dotted parts.
pub fn common_parts(keys: &[&str]) -> (String, String) {
    if keys.len() < 2 {
        return (String::new(), String::new());
    }
    let parts: Vec<Vec<&str>> = keys.iter().map(|k| k.split('.').collect()).collect();
    let shortest = parts.iter().map(Vec::len).min().unwrap_or(0);
    let mut pre = 0;
    while pre + 1 < shortest && parts.iter().all(|p| p[pre] == parts[0][pre]) {
        pre += 1;
    }
    let mut post = 0;
    while pre + post + 1 < shortest
        && parts
            .iter()
            .all(|p| p[p.len() - 1 - post] == parts[0][parts[0].len() - 1 - post])
    {
        post += 1;
    }
    let head: String = parts[0][..pre].iter().map(|p| format!("{p}.")).collect();
    let tail: String = parts[0][parts[0].len() - post..]
        .iter()
        .map(|p| format!(".{p}"))
        .collect();
    (head, tail)
}

impl OneAtATime {
    /// The chart of `metric` for a run that sweeps one axis at a time.
    pub fn new(data: &RunData, metric: Metric) -> OneAtATime {
        let keys: Vec<&str> = data.axes.iter().map(|a| a.key.as_str()).collect();
        let (head, tail) = common_parts(&keys);
        let traits = head == "traits.";
        let panels: Vec<(String, Axis, Vec<Vec<Estimate>>, Vec<(usize, f64)>)> = data
            .axes
            .iter()
            .enumerate()
            .map(|(a, axis)| {
                let short = &axis.key[head.len()..axis.key.len() - tail.len()];
                let title = if head.is_empty() && tail.is_empty() {
                    short.to_string()
                } else {
                    short.replace('_', " ")
                };
                let bases = (0..data.conditions.len())
                    .filter_map(|c| {
                        let label = data.base_label(c, a)?;
                        let x = match &axis.numbers {
                            Some(_) => label.parse::<f64>().ok()?,
                            None => axis.labels.iter().position(|l| l == label)? as f64,
                        };
                        Some((c, x))
                    })
                    .collect();
                let est = along_axis(data, metric, a)
                    .into_iter()
                    .map(|s| s.into_iter().map(|e| e.bounded(metric)).collect())
                    .collect();
                (title, axis.clone(), est, bases)
            })
            .collect();
        let y_range = y_range(metric, panels.iter().flat_map(|p| p.2.iter().flatten()));
        let what = if traits { "trait" } else { "parameter" };
        let mut subtitle = format!("Each panel varies one {what}");
        if !head.is_empty() || !tail.is_empty() {
            subtitle.push_str(&format!(" ({head}<{what}>{tail})"));
        }
        subtitle.push_str(", the others held at their base values");
        let has_bases = panels.iter().any(|p| !p.3.is_empty());
        if has_bases {
            subtitle.push_str(" (dashed line)");
        }
        subtitle.push_str(&format!(
            ". Mean {} {}with its 95% confidence {}; all panels share one scale.",
            metric.noun(),
            if data.conditions.len() > 1 {
                "per condition "
            } else {
                ""
            },
            interval_words(&data.axes)
        ));
        // One condition needs no name, only what its line shows.
        let mut legend = match data.conditions.len() {
            1 => vec![
                LegendItem::new(
                    format!(
                        "mean with its 95% confidence {}",
                        if data.axes.iter().any(Axis::is_numeric) {
                            "band"
                        } else {
                            "interval"
                        }
                    ),
                    condition_style(0).colour,
                    legend_swatch(&data.axes)(&condition_style(0)),
                )
                .with_pattern(condition_style(0).pattern),
            ],
            _ => condition_legend(&data.conditions, legend_swatch(&data.axes)),
        };
        if has_bases {
            legend.push(LegendItem::new(
                format!("base value (where the other panels hold this {what})"),
                REFERENCE,
                Swatch::Dashed,
            ));
        }
        OneAtATime {
            frame: Frame {
                title: format!("Which {what} changes the {} most?", metric.noun()),
                subtitle,
                legend,
                footer: footer(data),
            },
            metric,
            panels,
            y_range,
        }
    }

    /// Rows and columns of the panels: at most four columns, rows as even as they get.
    fn layout(&self) -> (usize, usize) {
        let n = self.panels.len().max(1);
        let rows = n.div_ceil(4);
        (rows, n.div_ceil(rows))
    }
}

impl Figure for OneAtATime {
    fn name(&self) -> String {
        format!("sweep-{}", theme::slug(self.metric.key()))
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        let names = if self.panels.iter().all(|p| p.1.is_numeric()) {
            ""
        } else {
            " A parameter whose values are names gets a marker per value with its interval as a whisker, and no line."
        };
        format!(
            "Each panel changes one parameter and holds the others at their base values; the steeper its line, the more the {} depends on that parameter. Panels share one scale, so they compare directly; the shaded band is the 95% confidence interval.{names}",
            self.metric.noun()
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let (rows, cols) = self.layout();
        let titles: Vec<&str> = self.panels.iter().map(|p| p.0.as_str()).collect();
        let y_fmt = |y: &f64| self.metric.tick(*y);
        // The first column alone carries the y title: it gets the title's room on top of an
        // even share, so that every plot is as wide as the others.
        let room = std::cell::Cell::new(0);
        let (cells, titles) = titled_grid(&area, (rows, cols), &titles, |probe| {
            let (left, _) = axis_title_room(
                probe,
                &AxisSpec {
                    title: None,
                    range: 0.0..1.0,
                    ticks: Ticks::Round(2),
                    format: &y_fmt,
                },
                &AxisSpec {
                    title: Some(self.metric.axis()),
                    range: self.y_range.clone(),
                    ticks: Ticks::Round(6),
                    format: &y_fmt,
                },
            );
            room.set(left);
            (left, 0)
        });
        // The y title fitted to the final cells may take another line or none; the columns
        // keep one width of plot all the same: the first column's label area exceeds the
        // others' by exactly the room the grid gave it.
        let left = room.get();
        let no_x = AxisSpec {
            title: None,
            range: 0.0..1.0,
            ticks: Ticks::At(Vec::new()),
            format: &y_fmt,
        };
        let bare = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let first = i % cols == 0;
                let y = AxisSpec {
                    title: first.then(|| self.metric.axis()),
                    range: self.y_range.clone(),
                    ticks: Ticks::Round(6),
                    format: &y_fmt,
                };
                let area = measure_axes(&under_title(cell, titles.lines, titles), &no_x, &y).y_area;
                if first {
                    area.saturating_sub(left)
                } else {
                    area
                }
            })
            .max()
            .unwrap_or(0);
        for (i, ((title, axis, est, bases), cell)) in
            self.panels.iter().zip(cells.iter()).enumerate()
        {
            let panel = Panel {
                title,
                x_desc: None,
                // The unit once per row, on the left.
                y_desc: (i % cols == 0).then(|| self.metric.axis()),
                y_range: self.y_range.clone(),
                bases,
                compact: true,
                titles,
                y_area: if i % cols == 0 { bare + left } else { bare },
            };
            line_panel(root, cell, &panel, self.metric, axis, est)?;
        }
        Ok(())
    }
}

/// Draws a panel of sweep lines on `cell`; markers go on `root` at the chart's backend
/// coordinates.
fn line_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    cell: &Area<DB>,
    panel: &Panel,
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
    let x_range = if axis.is_numeric() {
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.05).max(1e-9);
        (lo - pad)..(hi + pad)
    } else {
        // Room either side for the conditions' points, side by side.
        -0.5..(v as f64 - 0.5)
    };
    let numeric = axis.is_numeric();
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
    let y_fmt = |y: &f64| metric.tick(*y);
    // The title set as its neighbours' are, then label areas measured to hold the tick
    // labels and the axis titles; ticks at the swept values, as many as keep apart.
    let cell = &fitted_title(cell, panel.title, panel.titles)?;
    let x_axis = AxisSpec {
        title: panel.x_desc,
        range: x_range.clone(),
        ticks: Ticks::At(xs.clone()),
        format: &x_fmt,
    };
    let y_axis = AxisSpec {
        title: panel.y_desc,
        range: panel.y_range.clone(),
        ticks: Ticks::Round(6),
        format: &y_fmt,
    };
    let axes = measure_axes(cell, &x_axis, &y_axis).widened(cell, &x_axis, panel.y_area);
    let mut chart = axes.chart_on(cell, x_range.clone(), panel.y_range.clone())?;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh);
    mesh.x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    axes.draw_titles(cell, &chart)?;
    for &(c, x) in panel.bases {
        let colour = if panel.bases.iter().all(|b| b.1 == x) {
            REFERENCE
        } else {
            condition_style(c).colour
        };
        chart.draw_series(DashedLineSeries::new(
            vec![(x, panel.y_range.start), (x, panel.y_range.end)],
            9,
            7,
            colour.stroke_width(2),
        ))?;
    }
    let (width, dot) = if panel.compact { (3, 5) } else { (4, 7) };
    if !axis.is_numeric() {
        // Values without an order or anything between them: each condition's mean as a point
        // with its interval, side by side at each value; no line joins values.
        let c = est.len();
        for (ci, series) in est.iter().enumerate() {
            let style = condition_style(ci);
            let (offset, half) = dodge(ci, c);
            let cap = (half * 0.5).min(0.06);
            for (&x, e) in xs.iter().zip(series).filter(|(_, e)| e.n > 0) {
                let x = x + offset;
                if e.low.is_finite() && e.high.is_finite() && e.high > e.low {
                    let ink = style.colour.stroke_width(width.min(3));
                    chart.draw_series([
                        PathElement::new(vec![(x, e.low), (x, e.high)], ink),
                        PathElement::new(vec![(x - cap, e.low), (x + cap, e.low)], ink),
                        PathElement::new(vec![(x - cap, e.high), (x + cap, e.high)], ink),
                    ])?;
                }
                let at = chart.backend_coord(&(x, e.mean));
                marker(
                    root,
                    style.marker,
                    at,
                    dot + 2,
                    style.colour.filled(),
                    WHITE.stroke_width(1),
                )?;
            }
        }
        return Ok(());
    }
    for (c, series) in est.iter().enumerate() {
        let colour = condition_style(c).colour;
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
        let style = condition_style(c);
        let line: Vec<(f64, f64)> = xs
            .iter()
            .zip(series)
            .filter(|(_, e)| e.n > 0)
            .map(|(&x, e)| (x, e.mean))
            .collect();
        draw_line(&mut chart, line.clone(), style.colour, width, style.pattern)?;
        for p in &line {
            let at = chart.backend_coord(p);
            marker(
                root,
                style.marker,
                at,
                dot,
                style.colour.filled(),
                style.colour.stroke_width(1),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG of a sweep panel of one condition over three values of `axis`.
    fn panel_svg(axis: &Axis) -> String {
        crate::charts::fonts::register().unwrap();
        let est: Vec<Vec<Estimate>> = vec![
            [0.4, 0.5, 0.7]
                .iter()
                .map(|&mean| Estimate {
                    n: 10,
                    mean,
                    low: mean - 0.05,
                    high: mean + 0.05,
                })
                .collect(),
        ];
        let panel = Panel {
            title: "panel",
            x_desc: Some("x"),
            y_desc: Some("y"),
            y_range: 0.0..1.0,
            bases: &[],
            compact: false,
            titles: TitleFit {
                scale: 1.0,
                lines: 1,
            },
            y_area: 0,
        };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (800, 600)).into_drawing_area();
            line_panel(&root, &root, &panel, Metric::MeanUtility, axis, &est).unwrap();
            root.present().unwrap();
        }
        svg
    }

    /// Most points of any polyline in an SVG, and whether it has a filled polygon (a band).
    fn lines_and_bands(svg: &str) -> (usize, bool) {
        let longest = svg
            .split("<polyline")
            .skip(1)
            .map(|p| {
                let points = p.split("points=\"").nth(1).unwrap_or("");
                points[..points.find('"').unwrap_or(0)]
                    .split_whitespace()
                    .count()
            })
            .max()
            .unwrap_or(0);
        (longest, svg.contains("<polygon"))
    }

    #[test]
    fn names_get_points_with_whiskers_and_numbers_get_lines_with_bands() {
        let names = Axis {
            key: "culture".into(),
            labels: vec!["collaborative".into(), "mixed".into(), "positional".into()],
            numbers: None,
        };
        // Whiskers and their caps are two-point lines; nothing joins the three values.
        assert_eq!(lines_and_bands(&panel_svg(&names)), (2, false));
        let numbers = Axis {
            key: "deadline".into(),
            labels: vec!["8".into(), "16".into(), "32".into()],
            numbers: Some(vec![8.0, 16.0, 32.0]),
        };
        assert_eq!(lines_and_bands(&panel_svg(&numbers)), (3, true));
    }

    #[test]
    fn subtitles_say_how_the_intervals_are_drawn() {
        let names = Axis {
            key: "case".into(),
            labels: vec!["a".into(), "b".into()],
            numbers: None,
        };
        let numbers = Axis {
            numbers: Some(vec![1.0, 2.0]),
            ..names.clone()
        };
        assert_eq!(interval_words(std::slice::from_ref(&numbers)), "band");
        assert!(interval_words(std::slice::from_ref(&names)).starts_with("interval"));
        assert!(interval_words(&[numbers, names]).starts_with("band (an interval"));
    }
}
