//! Condition comparison: one panel per headline metric, a bar per condition with its 95%
//! interval. Process experiments show the process metrics; organisation experiments where
//! each condition leaves the organisation (final win-win-win rate and collaborativeness, the
//! gain in win-win-win rate, and the cost of the levers).

use crate::charts::data::{Estimate, Metric, RunData};
use crate::charts::draw::{
    AxisTitle, CategoryLabels, Frame, MARGINS_DOWN, MIN_PLOT, Slots, Swatch, block,
    category_labels, chart_on, condition_legend, condition_style, desc_room, dodge,
    draw_category_labels, draw_value_axis, facet_title, fit_titles, nice_ticks, note, plot_grid,
    ticked, under_title, values_only, widest_tick, width, y_title_area,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, INK, size};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
        let legend = condition_legend(&names, |_| Swatch::Block);
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
        // Condition names standing upright under every bar say what the legend says, and
        // take height the plots need: such a chart has no legend. (Sweep points under the
        // bars need the legend to name the conditions.)
        let unkeyed = Frame {
            legend: Vec::new(),
            ..self.frame.clone()
        };
        let upright = |area: &Area<DB>| {
            let probe = &area.split_evenly((2, 2))[0];
            names_under(probe, &self.names, &self.groups, (0, 0))
                .0
                .upright
        };
        let grouped = self.groups.len() > 1;
        let frame = if !grouped && upright(&self.frame.plot_area(root)) {
            &unkeyed
        } else {
            &self.frame
        };
        let area = frame.draw(root)?;
        // Names too long to stand side by side under the bars stand upright (see
        // category_labels), once per column, under the lowest panel: the bars of a column
        // stand at the same places, and upright names in every panel would leave the plots
        // no height. That row gets the names' room, so that every plot is as tall.
        let n = self.panels.len();
        let probe = &area.split_evenly((2, 2))[0];
        let once = upright(&area) && n > 2;
        let metrics: Vec<Metric> = self.panels.iter().map(|(m, _)| *m).collect();
        let upright = upright_room(&area, &metrics, once);
        let (labels, _) = names_under(probe, &self.names, &self.groups, upright);
        let extra = if once {
            (labels.depth(probe) - unnamed_area()).max(0) as u32
        } else {
            0
        };
        let cells = plot_grid(&area, (2, 2), (0, extra));
        for (k, ((metric, estimates), cell)) in self.panels.iter().zip(cells.iter()).enumerate() {
            let named = !once || k + 2 >= n;
            let panel = BarPanel {
                metric: *metric,
                names: &self.names,
                groups: &self.groups,
                estimates,
                named,
            };
            bar_panel(root, cell, &panel, upright)?;
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

/// One panel of the chart: a metric's bars.
struct BarPanel<'a> {
    metric: Metric,
    names: &'a [String],
    groups: &'a [Option<String>],
    estimates: &'a [Estimate],
    /// Whether the names stand under its bars (or under the panel below it).
    named: bool,
}

/// The labels under the bars of a panel on `cell` (conditions, or sweep points), measured
/// against their slot: with keys, values alone, or a line per value, smaller, or upright if
/// need be; never left out, as the legend names conditions, not sweep points. Without their
/// keys, sweep points need the keys said once, under them: the second.
fn names_under<DB: DrawingBackend>(
    cell: &Area<DB>,
    names: &[String],
    groups: &[Option<String>],
    upright: (i32, i32),
) -> (CategoryLabels, Option<AxisTitle>) {
    let grouped = groups.len() > 1;
    let slots = if grouped { groups.len() } else { names.len() };
    let (x_room, _) = desc_room(cell, false);
    let slot = x_room / slots.max(1) as i32;
    let choices: Vec<Vec<String>> = if grouped {
        let full: Vec<String> = groups
            .iter()
            .map(|g| g.clone().unwrap_or_default())
            .collect();
        let short: Vec<String> = full.iter().map(|l| values_only(l)).collect();
        let stacked: Vec<String> = short.iter().map(|l| l.replace(", ", "\n")).collect();
        vec![full, short, stacked]
    } else {
        vec![names.to_vec(), names.iter().map(|n| two_lines(n)).collect()]
    };
    let labels = category_labels(cell, &choices, slot, upright);
    let keys_line = (grouped && labels.labels != choices[0]).then(|| {
        let keys: Vec<&str> = groups[0]
            .as_deref()
            .unwrap_or_default()
            .split(", ")
            .map(|part| part.split_once('=').map_or(part, |(k, _)| k))
            .collect();
        let sep = if labels.labels.iter().any(|l| l.contains('\n')) {
            " / "
        } else {
            ", "
        };
        AxisTitle::fit(cell, &keys.join(sep), x_room, 2)
    });
    (labels, keys_line)
}

/// The longest upright names under the bars of the chart drawn on `area` may be (see
/// [`category_labels`]): 0.3 of its height, which leaves the two rows of plots most of it;
/// names longer than that at their smallest take what leaves every plot [`MIN_PLOT`] high,
/// with the names `once` per column under the lower row, or under every panel.
fn upright_room<DB: DrawingBackend>(area: &Area<DB>, metrics: &[Metric], once: bool) -> (i32, i32) {
    let h = area.dim_in_pixel().1 as i32;
    let probe = &area.split_evenly((2, 2))[0];
    let cell = probe.dim_in_pixel().1 as i32;
    // The panel titles (see facet_title), chart_on's margins and the plot.
    let title = metrics
        .iter()
        .map(|m| {
            let fit = fit_titles(probe, &[m.title()]);
            cell - under_title(probe, fit.lines, fit).dim_in_pixel().1 as i32
        })
        .max()
        .unwrap_or(0);
    let panel = title + MARGINS_DOWN + theme::px(MIN_PLOT);
    // Upright names take 12 pixels more than their length (see CategoryLabels::depth).
    let most = if once {
        h - 2 * panel - unnamed_area() - 12
    } else {
        h / 2 - panel - 12
    };
    ((f64::from(h) * 0.3) as i32, most)
}

/// The label area under a panel whose names stand under the panel below it: a gap before
/// that panel's title.
fn unnamed_area() -> i32 {
    theme::px(12.0)
}

fn bar_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    cell: &Area<DB>,
    panel: &BarPanel,
    upright: (i32, i32),
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let BarPanel {
        metric,
        names,
        groups,
        estimates,
        named,
    } = *panel;
    let c = names.len();
    let grouped = groups.len() > 1;
    // Without a sweep a bar per condition; with one, a group of bars per sweep point.
    let slots = if grouped { groups.len() } else { c };
    let keys: Vec<f64> = (0..slots).map(|i| i as f64).collect();
    // The panel's title is set as a facet's: with room under it for the top tick label.
    let cell = &facet_title(cell, Some(metric.title()))?;
    let (x_room, _) = desc_room(cell, false);
    let y_room = cell.dim_in_pixel().1 as i32 - MARGINS_DOWN;
    let slot = x_room / slots.max(1) as i32;
    let (labels, keys_line) = names_under(cell, names, groups, upright);
    let keys_line = keys_line.filter(|_| named);
    let label_area = if named {
        let keys = keys_line
            .as_ref()
            .map_or(0, |t| t.depth() + theme::px(size::AXIS * 0.3));
        (labels.depth(cell) + keys).max(theme::px(40.0))
    } else {
        unnamed_area()
    };
    let y_range = value_range(metric, estimates);
    // As many ticks as the plot's own height holds apart, 64 px (at the type scale) between
    // two: n ticks take n - 1 gaps (one on a very short plot).
    let plot_height = cell.dim_in_pixel().1 as i32 - label_area - MARGINS_DOWN;
    let y_ticks = nice_ticks(
        &y_range,
        (plot_height / theme::px(64.0) + 1).clamp(1, 6) as usize,
    );
    let y_labels: Vec<String> = y_ticks.iter().map(|y| metric.tick(*y)).collect();
    // The value axis's title on two lines where one does not fit beside the plot; it may run
    // beside the labels under the bars as well (see draw_axis_titles).
    let y_title = AxisTitle::fit(cell, metric.axis(), y_room, 2);
    let mut chart = chart_on(cell, None)
        .x_label_area_size(label_area as u32)
        .y_label_area_size(y_title_area(widest_tick(cell, &y_labels), Some(&y_title)))
        .build_cartesian_2d(
            ticked(-0.5..slots as f64 - 0.5, keys),
            ticked(y_range, y_ticks),
        )?;
    let Slots { centres, axis } =
        draw_value_axis(cell, &mut chart, slots, &|y| metric.tick(y), &y_title)?;
    let below = if named {
        draw_category_labels(root, &labels, &centres, axis + 10)?
    } else {
        axis
    };
    if let Some(keys) = keys_line {
        let style = keys.style.clone().pos(Pos::new(HPos::Center, VPos::Top));
        let mid = (centres[0] + centres[slots - 1]) / 2;
        let line = keys.depth() / keys.lines.len().max(1) as i32;
        for (k, text) in keys.lines.iter().enumerate() {
            root.draw(&Text::new(
                text.clone(),
                (mid, below + 2 + k as i32 * line),
                style.clone(),
            ))?;
        }
    }
    if chart.y_range().start < 0.0 {
        let x = chart.x_range();
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x.start, 0.0), (x.end, 0.0)],
            INK.stroke_width(2),
        )))?;
    }
    // Value labels only where every bar's slot is wide enough to carry its label.
    // Bars of a group stand 0.8 of a slot / c apart.
    let bar_slot = if grouped {
        slot * 4 / (5 * c as i32)
    } else {
        slot
    };
    let value_style = theme::text(size::NOTE, INK);
    let labelled = estimates
        .iter()
        .filter(|e| e.n > 0 && e.mean.is_finite())
        .all(|e| width(cell, &metric.format(e.mean), &value_style) + theme::px(6.0) <= bar_slot);
    for (k, e) in estimates.iter().enumerate() {
        if e.n == 0 || !e.mean.is_finite() {
            continue;
        }
        let e = e.bounded(metric);
        let (i, x, half) = if grouped {
            let (offset, half) = dodge(k % c, c);
            (k % c, (k / c) as f64 + offset, half)
        } else {
            (k, k as f64, 0.32)
        };
        let style = condition_style(i);
        block(
            root,
            [
                chart.backend_coord(&(x - half, 0.0)),
                chart.backend_coord(&(x + half, e.mean)),
            ],
            style.colour.filled(),
            style.pattern,
        )?;
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

/// A name on two lines, broken at the space or dash nearest its middle (as it is without one).
pub fn two_lines(name: &str) -> String {
    let mid = name.chars().count() / 2;
    let best = name
        .char_indices()
        .filter(|(_, c)| *c == ' ' || *c == '-')
        .min_by_key(|(i, _)| name[..*i].chars().count().abs_diff(mid));
    match best {
        Some((i, ' ')) => format!("{}\n{}", &name[..i], &name[i + 1..]),
        Some((i, _)) => format!("{}\n{}", &name[..=i], &name[i + 1..]),
        None => name.to_string(),
    }
}
