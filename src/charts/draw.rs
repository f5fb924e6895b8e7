//! Drawing pieces every chart shares: the frame (title, subtitle, legend band, source line),
//! legends that sit outside the data, markers, arrows and the themed axes.

use crate::charts::figure::{Area, Drawn, Rect, record_plot};
use crate::charts::theme::{self, GRID, INK, MARGIN, MUTED, PAPER, size};
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::BTreeMap;

/// How a legend entry shows its series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A filled square (bars, boxes, cells).
    Block,
    /// A solid line.
    Line,
    /// A dashed line (reference lines such as BATNAs).
    Dashed,
    /// A marker.
    Marker(Marker),
    /// An outlined marker (e.g. processes without agreement).
    Hollow(Marker),
    /// A line through a marker, in a pattern (a stakeholder's line in a dance, a condition's
    /// line through its points).
    MarkedLine(Marker, Pattern),
}

/// A marker shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// Circle.
    Circle,
    /// Upward triangle.
    Triangle,
    /// Square.
    Square,
    /// Diamond.
    Diamond,
    /// Five-pointed star.
    Star,
    /// Downward triangle.
    TriangleDown,
    /// Plus sign.
    Plus,
    /// Diagonal cross.
    Cross,
    /// Pentagon.
    Pentagon,
}

/// How a line is stroked and a bar or box is filled, besides its colour: what tells apart two
/// series of one colour (conditions beyond the palette, stakeholders beyond the shapes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// A solid line; a plain fill.
    Solid,
    /// A dashed line; a fill with diagonal stripes.
    Dashed,
    /// A dotted line; a fill with a grid of dots.
    Dotted,
}

impl Pattern {
    /// The patterns in the order conditions get them, one per round through the palette.
    pub const CYCLE: [Pattern; 3] = [Pattern::Solid, Pattern::Dashed, Pattern::Dotted];
}

/// Marker shapes of conditions, in the order conditions get them: one more than the palette
/// has colours, so that colour and shape repeat at different lengths.
pub const CONDITION_MARKERS: [Marker; 9] = [
    Marker::Circle,
    Marker::Triangle,
    Marker::Square,
    Marker::Diamond,
    Marker::Star,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Cross,
    Marker::Pentagon,
];

/// How one condition is drawn, the same in every chart and its legend: its colour, the shape
/// of its points, and the pattern of its lines, bars and boxes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConditionStyle {
    /// Colour (the Okabe-Ito palette in turn).
    pub colour: RGBColor,
    /// Shape of its points and markers.
    pub marker: Marker,
    /// Stroke of its lines, fill of its bars and boxes.
    pub pattern: Pattern,
}

/// How condition `i` is drawn. The first eight conditions get the eight colours of the
/// palette, solid lines and plain fills; each further round through the palette a pattern of
/// its own (dashed lines and striped fills, then dotted lines and dotted fills). Shapes (nine)
/// cycle at another length than colours (eight). So any two of the first 24 conditions differ
/// in at least two of colour, shape and pattern, and in colour or pattern (what lines and bars
/// show); any two of the first 72 in colour or shape (what points show); the first nine in
/// shape alone (what the world-value chart, whose colours mean win-win-win, shows).
pub fn condition_style(i: usize) -> ConditionStyle {
    ConditionStyle {
        colour: theme::PALETTE[i % theme::PALETTE.len()],
        marker: CONDITION_MARKERS[i % CONDITION_MARKERS.len()],
        pattern: Pattern::CYCLE[(i / theme::PALETTE.len()) % Pattern::CYCLE.len()],
    }
}

/// One legend entry per condition in its style; `swatch` says how the chart shows a condition
/// (its line, its bar, its marker).
pub fn condition_legend(
    conditions: &[String],
    swatch: impl Fn(&ConditionStyle) -> Swatch,
) -> Vec<LegendItem> {
    conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let style = condition_style(i);
            LegendItem::new(c.clone(), style.colour, swatch(&style)).with_pattern(style.pattern)
        })
        .collect()
}

/// Marker shapes of stakeholder lines, in the order seats get them.
pub const SEAT_MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::Triangle,
    Marker::Square,
    Marker::Diamond,
    Marker::Star,
    Marker::TriangleDown,
];

/// How stakeholder seat `s` is told apart besides its colour: a marker shape (six, in turn)
/// and, from the seventh seat on, a dashed line. Colour (7) and shape (6) cycle at different
/// lengths, so any two of the first 12 seats differ in at least two of colour, shape and line:
/// a figure printed in grey still tells them apart.
pub fn seat_style(s: usize) -> (RGBColor, Marker, Pattern) {
    let dashed = (s / SEAT_MARKERS.len()) % 2 == 1;
    (
        theme::seat_colour(s),
        SEAT_MARKERS[s % SEAT_MARKERS.len()],
        if dashed {
            Pattern::Dashed
        } else {
            Pattern::Solid
        },
    )
}

/// One legend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// Text.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// Swatch.
    pub swatch: Swatch,
    /// Pattern of a line or block swatch.
    pub pattern: Pattern,
}

impl LegendItem {
    /// A legend entry (solid).
    pub fn new(label: impl Into<String>, colour: RGBColor, swatch: Swatch) -> LegendItem {
        LegendItem {
            label: label.into(),
            colour,
            swatch,
            pattern: Pattern::Solid,
        }
    }

    /// The entry with its line or block in a pattern.
    pub fn with_pattern(self, pattern: Pattern) -> LegendItem {
        LegendItem { pattern, ..self }
    }
}

/// The frame around a chart's plot area.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// The question the chart answers.
    pub title: String,
    /// What is shown, how many processes, how to read it.
    pub subtitle: String,
    /// Legend, drawn in a band under the subtitle so that it never covers data.
    pub legend: Vec<LegendItem>,
    /// Source line at the bottom right.
    pub footer: String,
}

fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Text width in pixels, measured with the embedded font's metrics.
pub fn width<DB: DrawingBackend>(area: &Area<DB>, text: &str, style: &TextStyle) -> i32 {
    area.estimate_text_size(text, style)
        .map(|(w, _)| w as i32)
        .unwrap_or(text.len() as i32 * 14)
}

/// A sweep point's label without its keys: `deadline=8, openness=0.2` as `8, 0.2`.
pub fn values_only(label: &str) -> String {
    label
        .split(", ")
        .map(|part| part.split_once('=').map_or(part, |(_, v)| v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The longest start of `text` that fits `max` pixels with an ellipsis after it (the whole
/// text if it fits).
pub fn truncated<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    max: i32,
) -> String {
    if width(area, text, style) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|t| width(area, t, style) <= max)
        .unwrap_or_default()
}

/// A label without its parenthesis (a stakeholder's role, a round, a key): what a label that
/// does not fit keeps first.
pub fn without_parenthesis(text: &str) -> &str {
    text.split(" (").next().unwrap_or(text)
}

/// A label that fits `room` pixels: the whole text, or without its parenthesis, or that cut
/// short with an ellipsis.
pub fn shortened<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    room: i32,
) -> String {
    let bare = without_parenthesis(text);
    [text, bare]
        .into_iter()
        .find(|t| width(area, t, style) <= room)
        .map_or_else(|| truncated(area, bare, style, room), str::to_string)
}

/// An axis title set to fit the room along its axis, drawn by [`draw_axis_titles`] (not by
/// plotters, whose descriptions take one line).
#[derive(Clone)]
pub struct AxisTitle {
    /// Its lines, in reading order: the first on top under an x axis, on the left beside a
    /// y axis (whose title reads upwards).
    pub lines: Vec<String>,
    /// Its style.
    pub style: TextStyle<'static>,
}

impl AxisTitle {
    /// The title `text` fitted to `room` pixels along its axis in at most `most_lines` lines.
    /// The first that fits of: the whole text, without its parenthesis, the part after its
    /// colon, each on one line or else broken at a space into two, at the axis size and then
    /// at 0.85 and 0.7 of it. Where nothing fits, the shortest cut short with an ellipsis.
    pub fn fit<DB: DrawingBackend>(
        area: &Area<DB>,
        text: &str,
        room: i32,
        most_lines: usize,
    ) -> AxisTitle {
        let bare = without_parenthesis(text).to_string();
        let after_colon = bare.rsplit(": ").next().unwrap_or(&bare).to_string();
        let choices = [text.to_string(), bare, after_colon.clone()];
        for shrink in [1.0, 0.85, 0.7] {
            let style = theme::text(size::AXIS * shrink, INK);
            for choice in &choices {
                if width(area, choice, &style) <= room {
                    return AxisTitle {
                        lines: vec![choice.clone()],
                        style,
                    };
                }
                if most_lines >= 2
                    && let Some(lines) = two_line_split(area, choice, &style, room)
                {
                    return AxisTitle { lines, style };
                }
            }
        }
        let style = theme::text(size::AXIS * 0.7, INK);
        AxisTitle {
            lines: vec![truncated(area, &after_colon, &style, room)],
            style,
        }
    }

    /// Pixels between the tops of two lines.
    fn line(&self) -> i32 {
        (self.style.font.get_size() * 1.05).round() as i32
    }

    /// Pixels the title takes across its axis.
    pub fn depth(&self) -> i32 {
        self.line() * self.lines.len() as i32
    }

    /// Pixels a label area gives the title beside (or under) the tick labels: its depth and
    /// the gap before it.
    pub fn room(&self) -> i32 {
        title_gap() + self.depth()
    }
}

/// `text` in two lines no wider than `room`, broken at the space that makes the longer line
/// shortest; `None` without a space or where no break fits.
fn two_line_split<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    room: i32,
) -> Option<Vec<String>> {
    text.match_indices(' ')
        .map(|(i, _)| [text[..i].to_string(), text[i + 1..].to_string()])
        .map(|pair| {
            let widest = pair
                .iter()
                .map(|l| width(area, l, style))
                .max()
                .unwrap_or(0);
            (widest, pair)
        })
        .filter(|(w, _)| *w <= room)
        .min_by_key(|(w, _)| *w)
        .map(|(_, pair)| pair.to_vec())
}

/// The gap between tick labels and an axis title, pixels at the look's type scale.
fn title_gap() -> i32 {
    theme::px(8.0)
}

/// The height of an x label area of [`chart_on`] holding a line of tick labels and `title`
/// under them.
pub fn x_title_area(title: Option<&AxisTitle>) -> u32 {
    let ticks = theme::px(size::TICK * 1.2) + 10;
    let title = title.map_or(0, AxisTitle::room);
    (ticks + title + 4) as u32
}

/// The width of a y label area of [`chart_on`] holding tick labels up to `widest` pixels and
/// `title` beside them.
pub fn y_title_area(widest: i32, title: Option<&AxisTitle>) -> u32 {
    // Tick mark and the gaps plotters leaves either side of a tick label.
    let ticks = widest + 20;
    let title = title.map_or(0, AxisTitle::room);
    (ticks + title).max(theme::px(40.0)) as u32
}

/// The widest of `labels` as tick labels, pixels.
pub fn widest_tick<DB: DrawingBackend>(area: &Area<DB>, labels: &[String]) -> i32 {
    let style = theme::text(size::TICK, INK);
    labels
        .iter()
        .map(|l| width(area, l, &style))
        .max()
        .unwrap_or(0)
}

/// Whether tick labels centred at pixel positions (ascending, with their texts) keep clear
/// of each other.
pub fn ticks_clear<DB: DrawingBackend>(area: &Area<DB>, ticks: &[(i32, String)]) -> bool {
    let style = theme::text(size::TICK, INK);
    let gap = theme::px(10.0);
    ticks.windows(2).all(|pair| {
        let half = (width(area, &pair[0].1, &style) + width(area, &pair[1].1, &style)) / 2;
        pair[1].0 - pair[0].0 >= half + gap
    })
}

/// Of an axis's values (ascending, each with its tick label), the ones to tick so that their
/// labels keep clear of each other at the pixel positions `pixel` gives: every value, else
/// every second, third and so on, from the first (a step that also ticks the last value
/// first); at least the first value.
pub fn spaced_ticks<DB: DrawingBackend>(
    area: &Area<DB>,
    ticks: &[(f64, String)],
    pixel: impl Fn(f64) -> i32,
) -> Vec<f64> {
    let n = ticks.len();
    let every =
        |step: usize| -> Vec<(f64, String)> { ticks.iter().step_by(step).cloned().collect() };
    let clear = |step: usize| {
        let at: Vec<(i32, String)> = every(step)
            .into_iter()
            .map(|(v, l)| (pixel(v), l))
            .collect();
        ticks_clear(area, &at)
    };
    let steps = 1..n.max(1);
    let step = steps
        .clone()
        .find(|&s| (n - 1).is_multiple_of(s) && clear(s))
        .or_else(|| steps.clone().find(|&s| clear(s)))
        .unwrap_or(n.max(1));
    every(step).into_iter().map(|(v, _)| v).collect()
}

/// Round values over `range` to tick on an axis `pixels` long (see [`nice_ticks`]): the
/// most, up to `most`, whose labels (as `format` writes them) keep clear of each other.
pub fn clear_ticks<DB: DrawingBackend>(
    area: &Area<DB>,
    range: &std::ops::Range<f64>,
    most: usize,
    pixels: i32,
    format: impl Fn(f64) -> String,
) -> Vec<f64> {
    let span = range.end - range.start;
    let at = |v: f64| ((v - range.start) / span * f64::from(pixels)).round() as i32;
    (1..=most.max(1))
        .rev()
        .map(|k| nice_ticks(range, k))
        .find(|t| {
            let labelled: Vec<(i32, String)> = t.iter().map(|&v| (at(v), format(v))).collect();
            ticks_clear(area, &labelled)
        })
        .unwrap_or_else(|| nice_ticks(range, 1))
}

/// Where an axis is ticked (see [`measure_axes`]).
#[derive(Clone)]
pub enum Ticks {
    /// Round values (see [`nice_ticks`]), at most this many.
    Round(usize),
    /// These values (ascending); along x, thinned where their labels would touch (see
    /// [`spaced_ticks`]).
    At(Vec<f64>),
}

/// What one axis of a panel shows, for [`measure_axes`].
pub struct AxisSpec<'a> {
    /// Its title, if it has one.
    pub title: Option<&'a str>,
    /// Its range.
    pub range: std::ops::Range<f64>,
    /// Where it is ticked.
    pub ticks: Ticks,
    /// A tick's label.
    pub format: &'a dyn Fn(&f64) -> String,
}

/// A panel's axes laid out by [`measure_axes`].
pub struct Measured {
    /// Ticks along x.
    pub x_ticks: Vec<f64>,
    /// Ticks along y.
    pub y_ticks: Vec<f64>,
    /// Height of the x label area.
    pub x_area: u32,
    /// Width of the y label area.
    pub y_area: u32,
    /// The x title, fitted.
    pub x_title: Option<AxisTitle>,
    /// The y title, fitted.
    pub y_title: Option<AxisTitle>,
}

/// Lays out the axes of a panel drawn by [`chart_on`] on `cell`: measures the tick labels
/// and fits the titles (see [`AxisTitle::fit`], up to two lines) to the room along their
/// axes, then gives the label areas the room they take and keeps only as many ticks as keep
/// their labels apart. Build the chart with `x_area`, `y_area` and the ticks (see [`ticked`]),
/// and draw the titles with [`Measured::draw_titles`].
pub fn measure_axes<DB: DrawingBackend>(cell: &Area<DB>, x: &AxisSpec, y: &AxisSpec) -> Measured {
    let (w, h) = cell.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let across = margins_across();
    let y_ticks = match &y.ticks {
        Ticks::Round(most) => value_ticks(
            &y.range,
            *most,
            h - MARGINS_DOWN - x_title_area(None) as i32,
        ),
        Ticks::At(values) => values.clone(),
    };
    let labels: Vec<String> = y_ticks.iter().map(|v| (y.format)(v)).collect();
    let widest = widest_tick(cell, &labels);
    let x_title = x.title.map(|t| {
        // Room for a line of y title taken off.
        let room = w - across - y_title_area(widest, None) as i32 - theme::px(size::AXIS * 1.1);
        AxisTitle::fit(cell, t, room, 2)
    });
    let x_area = x_title_area(x_title.as_ref());
    // The y title may run beside the x tick labels as well as the plot.
    let y_title = y
        .title
        .map(|t| AxisTitle::fit(cell, t, h - MARGINS_DOWN, 2));
    let y_area = y_title_area(widest, y_title.as_ref());
    let x_ticks = x_ticks_on(cell, x, w - across - y_area as i32);
    Measured {
        x_ticks,
        y_ticks,
        x_area,
        y_area,
        x_title,
        y_title,
    }
}

/// The ticks of `x` whose labels keep apart on a plot `plot` pixels wide.
fn x_ticks_on<DB: DrawingBackend>(cell: &Area<DB>, x: &AxisSpec, plot: i32) -> Vec<f64> {
    match &x.ticks {
        Ticks::Round(most) => clear_ticks(cell, &x.range, *most, plot, |v| (x.format)(&v)),
        Ticks::At(values) => {
            let span = x.range.end - x.range.start;
            let pixel = |v: f64| ((v - x.range.start) / span * f64::from(plot)).round() as i32;
            let labelled: Vec<(f64, String)> =
                values.iter().map(|&v| (v, (x.format)(&v))).collect();
            spaced_ticks(cell, &labelled, pixel)
        }
    }
}

/// At most `most` round ticks over `range` on a value axis `plot` pixels high: a tick
/// label's line and as much space again between two.
pub fn value_ticks(range: &std::ops::Range<f64>, most: usize, plot: i32) -> Vec<f64> {
    let line = theme::px(size::TICK * 1.2);
    let room = plot / (2 * line).max(1);
    nice_ticks(range, most.min(room.max(2) as usize))
}

/// How much room a panel's axis titles take (see [`measure_axes`]): how much wider its y
/// label area is with the y title than without, and how much taller its x label area is with
/// the x title. Small multiples that describe an axis once per row or column add this to the
/// cells that carry the titles (see [`plot_grid`]), so that every plot gets the same size.
pub fn axis_title_room<DB: DrawingBackend>(
    cell: &Area<DB>,
    x: &AxisSpec,
    y: &AxisSpec,
) -> (u32, u32) {
    fn bare<'a>(a: &AxisSpec<'a>) -> AxisSpec<'a> {
        AxisSpec {
            title: None,
            range: a.range.clone(),
            ticks: a.ticks.clone(),
            format: a.format,
        }
    }
    let titled = measure_axes(cell, x, y);
    let untitled = measure_axes(cell, &bare(x), &bare(y));
    (
        titled.y_area.saturating_sub(untitled.y_area),
        titled.x_area.saturating_sub(untitled.x_area),
    )
}

/// Splits `area` into `rows` x `cols` cells, row by row, for small multiples whose first
/// column alone carries the y titles (`left` pixels more label area, see
/// [`axis_title_room`]) and whose last row alone carries the x titles (`bottom` pixels more):
/// that column is wider and that row taller by as much, so that every plot gets the same
/// width and height and the panels compare at a glance.
pub fn plot_grid<DB: DrawingBackend>(
    area: &Area<DB>,
    (rows, cols): (usize, usize),
    (left, bottom): (u32, u32),
) -> Vec<Area<DB>> {
    let (rows, cols) = (rows.max(1), cols.max(1));
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (left, bottom) = (left as i32, bottom as i32);
    // Breakpoints in the area's own pixels, each a whole pixel: cells differ by at most one.
    let across = |k: usize| left + ((w - left).max(0) * k as i32) / cols as i32;
    let down = |k: usize| ((h - bottom).max(0) * k as i32) / rows as i32;
    area.split_by_breakpoints(
        (1..cols).map(across).collect::<Vec<_>>(),
        (1..rows).map(down).collect::<Vec<_>>(),
    )
}

/// The cells of `rows` x `cols` small multiples titled `titles` (see [`plot_grid`]) and the
/// one fit of their titles (see [`fit_titles`]): `room` gives the extra label areas of the
/// titled column and row (see [`axis_title_room`]) measured on a cell under its title. The
/// titles are fitted to the narrowest cell, so that each fits its own.
pub fn titled_grid<DB: DrawingBackend>(
    area: &Area<DB>,
    (rows, cols): (usize, usize),
    titles: &[&str],
    room: impl Fn(&Area<DB>) -> (u32, u32),
) -> (Vec<Area<DB>>, TitleFit) {
    let mut cells = area.split_evenly((rows, cols));
    let mut fit = fit_titles(&cells[0], titles);
    // Twice: the titles fitted to the narrower cells may take another line, which changes
    // the height the y titles are fitted to.
    for _ in 0..2 {
        let probe = under_title(&cells[0], fit.lines, fit);
        cells = plot_grid(area, (rows, cols), room(&probe));
        fit = fit_titles(&cells[cols.min(cells.len()) - 1], titles);
    }
    (cells, fit)
}

impl Measured {
    /// The same axes with a y label area at least `least` wide, as small multiples give every
    /// panel of a column: a plot narrower than measured keeps fewer of `x`'s ticks (`x` as
    /// measured on `cell`), as many as stay apart, like its neighbours of the same width.
    pub fn widened<DB: DrawingBackend>(
        mut self,
        cell: &Area<DB>,
        x: &AxisSpec,
        least: u32,
    ) -> Measured {
        if least > self.y_area {
            self.y_area = least;
            let plot = cell.dim_in_pixel().0 as i32 - margins_across() - least as i32;
            self.x_ticks = x_ticks_on(cell, x, plot);
        }
        self
    }

    /// The panel's chart on `cell` over `x` and `y`, built by [`chart_on`] with the measured
    /// label areas and ticks.
    pub fn chart_on<'a, DB: DrawingBackend>(
        &self,
        cell: &'a Area<DB>,
        x: std::ops::Range<f64>,
        y: std::ops::Range<f64>,
    ) -> Result<
        ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>,
        DrawingAreaErrorKind<DB::ErrorType>,
    > {
        let chart = chart_on(cell, None)
            .x_label_area_size(self.x_area)
            .y_label_area_size(self.y_area)
            .build_cartesian_2d(
                ticked(x, self.x_ticks.clone()),
                ticked(y, self.y_ticks.clone()),
            )?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        record_plot((xs.start, ys.start, xs.end, ys.end));
        Ok(chart)
    }

    /// Draws the titles beside the plot of the chart built on `cell` (see
    /// [`draw_axis_titles`]).
    pub fn draw_titles<DB: DrawingBackend, X: Ranged, Y: Ranged>(
        &self,
        cell: &Area<DB>,
        chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        draw_axis_titles(
            cell,
            chart.plotting_area().get_pixel_range(),
            self.x_title.as_ref(),
            self.y_title.as_ref(),
        )
    }
}

/// Draws axis titles in the label areas of a chart made with [`chart_on`] on `cell`, whose
/// plot takes `plot` (the pixel ranges of its plotting area): the x title at the bottom of
/// the cell, centred under the plot; the y title at the left of the cell, reading upwards,
/// centred beside the plot (lower where it is longer than the plot is high).
pub fn draw_axis_titles<DB: DrawingBackend>(
    cell: &Area<DB>,
    plot: (std::ops::Range<i32>, std::ops::Range<i32>),
    x: Option<&AxisTitle>,
    y: Option<&AxisTitle>,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let (cx, cy) = cell.get_pixel_range();
    // Drawn on the cell, in its own coordinates; chart_on leaves 8 pixels at the bottom and
    // on the left.
    let (origin_x, origin_y) = (cx.start, cy.start);
    if let Some(t) = x {
        let centre = (plot.0.start + plot.0.end) / 2 - origin_x;
        let bottom = cy.end - 8 - origin_y;
        let style = anchored(t.style.clone(), HPos::Center, VPos::Bottom);
        let n = t.lines.len() as i32;
        for (k, line) in t.lines.iter().enumerate() {
            let y = bottom - (n - 1 - k as i32) * t.line();
            cell.draw(&Text::new(line.clone(), (centre, y), style.clone()))?;
        }
    }
    if let Some(t) = y {
        // Centred beside the plot; a title longer than the plot moves down, into the free
        // corner beside the x tick labels, as far as it must.
        let half = t
            .lines
            .iter()
            .map(|l| width(cell, l, &t.style))
            .max()
            .unwrap_or(0)
            / 2;
        let lowest = (cy.end - 8 - half).max(plot.1.start + half);
        let centre =
            ((plot.1.start + plot.1.end) / 2).clamp(plot.1.start + half, lowest) - origin_y;
        let left = 8;
        let style = anchored(
            t.style.transform(FontTransform::Rotate270),
            HPos::Center,
            VPos::Top,
        );
        for (k, line) in t.lines.iter().enumerate() {
            let x = left + k as i32 * t.line();
            cell.draw(&Text::new(line.clone(), (x, centre), style.clone()))?;
        }
    }
    Ok(())
}

/// The room along the axes of a panel drawn by [`chart_on`] on `area` (with a title when
/// `titled`): (x, y) in pixels, for axis titles fitted along them (see [`AxisTitle::fit`]).
pub fn desc_room<DB: DrawingBackend>(area: &Area<DB>, titled: bool) -> (i32, i32) {
    let (w, h) = area.dim_in_pixel();
    let title = if titled {
        theme::px(size::PANEL * 1.4)
    } else {
        0
    };
    (
        w as i32 - theme::px(104.0) - 32,
        h as i32 - theme::px(78.0) - title - MARGINS_DOWN,
    )
}

/// The shortest plot of a bar or box panel under upright names, pixels at type scale 1: a
/// value axis that still holds two ticks 64 pixels apart. Upright names under the bars take
/// more than their share of the height (see [`category_labels`]) only as long as the plots
/// keep this much.
pub const MIN_PLOT: f64 = 80.0;

/// Labels of the categories along an x axis (see [`category_labels`]).
pub struct CategoryLabels {
    /// A label per category, `\n` between lines.
    pub labels: Vec<String>,
    /// Their style.
    pub style: TextStyle<'static>,
    /// Set reading upwards, each on one line, as a paper sets names too long to stand side
    /// by side under their bars.
    pub upright: bool,
}

impl CategoryLabels {
    /// Pixels the labels take under the axis, with the gap above them.
    pub fn depth<DB: DrawingBackend>(&self, area: &Area<DB>) -> i32 {
        let along = if self.upright {
            self.labels
                .iter()
                .map(|l| width(area, l, &self.style))
                .max()
                .unwrap_or(0)
        } else {
            (self.style.font.get_size() * 1.2).round() as i32 * label_lines(&self.labels) as i32
        };
        12 + along
    }
}

/// Labels of the categories along an x axis, each centred in its slot of `slot` pixels: the
/// first of `choices` (each a label per category, `\n` between lines) whose every line fits its
/// slot, at the tick size or smaller down to 0.7 of it. Where none fits, the last choice of
/// one line a label set reading upwards, as large as the labels stand side by side and no
/// longer than `upright` pixels (down to 0.6 of the size); labels longer than that at 0.6 of
/// the size take up to `most` pixels: names stay whole, as the charts name conditions under
/// their bars. Only where even that does not fit (names longer than the plots can make room
/// for, see [`MIN_PLOT`]) are they cut short.
pub fn category_labels<DB: DrawingBackend>(
    area: &Area<DB>,
    choices: &[Vec<String>],
    slot: i32,
    (upright, most): (i32, i32),
) -> CategoryLabels {
    let room = slot - theme::px(8.0);
    let fits = |labels: &[String], style: &TextStyle| {
        labels
            .iter()
            .flat_map(|l| l.split('\n'))
            .all(|line| width(area, line, style) <= room)
    };
    for shrink in [1.0, 0.85, 0.7] {
        let style = theme::text(size::TICK * shrink, INK);
        if let Some(labels) = choices.iter().find(|c| fits(c, &style)) {
            return CategoryLabels {
                labels: labels.clone(),
                style,
                upright: false,
            };
        }
    }
    let labels = choices
        .iter()
        .rev()
        .find(|c| c.iter().all(|l| !l.contains('\n')))
        .or(choices.first())
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|l| l.replace('\n', " "))
        .collect::<Vec<String>>();
    let fits_upright = |k: f64| {
        let style = theme::text(size::TICK * k, INK);
        (size::TICK * k * theme::look().font_scale * 1.2).round() as i32 <= room
            && labels.iter().all(|l| width(area, l, &style) <= upright)
    };
    // Smaller type before more of the height: the plots keep their share where they can.
    let (shrink, longest) = [1.0, 0.85, 0.7, 0.6]
        .into_iter()
        .find(|&k| fits_upright(k))
        .map_or((0.6, most.max(upright)), |k| (k, upright));
    let style = theme::text(size::TICK * shrink, INK);
    let labels = labels
        .iter()
        .map(|l| truncated(area, l, &style, longest))
        .collect();
    CategoryLabels {
        labels,
        style,
        upright: true,
    }
}

/// Draws category labels (see [`category_labels`]) under an axis: label `i` centred at
/// `centres[i]`, from `top` down (an upright label ends at `top`); returns the y below the
/// lowest.
pub fn draw_category_labels<DB: DrawingBackend>(
    root: &Area<DB>,
    labels: &CategoryLabels,
    centres: &[i32],
    top: i32,
) -> std::result::Result<i32, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    if labels.upright {
        let style = anchored(
            labels.style.transform(FontTransform::Rotate270),
            HPos::Right,
            VPos::Center,
        );
        for (label, &x) in labels.labels.iter().zip(centres) {
            root.draw(&Text::new(label.clone(), (x, top), style.clone()))?;
        }
        return Ok(top + labels.depth(root) - 12);
    }
    let line = (labels.style.font.get_size() * 1.2).round() as i32;
    let mut below = top;
    let style = anchored(labels.style.clone(), HPos::Center, VPos::Top);
    for (label, &x) in labels.labels.iter().zip(centres) {
        for (k, text) in label.split('\n').enumerate() {
            let y = top + k as i32 * line;
            root.draw(&Text::new(text.to_string(), (x, y), style.clone()))?;
            below = below.max(y + line);
        }
    }
    Ok(below)
}

/// Lines the tallest of `labels` takes (`\n` between lines).
pub fn label_lines(labels: &[String]) -> usize {
    labels
        .iter()
        .map(|l| l.split('\n').count())
        .max()
        .unwrap_or(1)
}

/// Splits text into lines no wider than `max` pixels.
pub fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    max: i32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(area, &candidate, style) > max {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

impl Frame {
    /// Paints the background, header, legend and footer; returns the area left for plots.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
    ) -> std::result::Result<Area<DB>, Box<dyn std::error::Error>>
    where
        DB::ErrorType: 'static,
    {
        self.lay_out(root, true)
    }

    /// The area [`Frame::draw`] would leave for plots on `root`, nothing drawn: for charts
    /// that measure their panels before they choose their frame.
    pub fn plot_area<DB: DrawingBackend>(&self, root: &Area<DB>) -> Area<DB>
    where
        DB::ErrorType: 'static,
    {
        // Nothing is drawn, so nothing can fail.
        self.lay_out(root, false)
            .unwrap_or_else(|_| root.margin(0, 0, MARGIN / 2, MARGIN))
    }

    /// Lays out the frame on `root`, painting it where `paint`; returns the area left for
    /// plots.
    fn lay_out<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        paint: bool,
    ) -> std::result::Result<Area<DB>, Box<dyn std::error::Error>>
    where
        DB::ErrorType: 'static,
    {
        if paint {
            root.fill(&PAPER)?;
        }
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let inner = w - 2 * MARGIN;
        // A bare figure (for a paper, whose caption says what it shows) has no title,
        // subtitle or source line.
        let bare = theme::look().bare;
        let mut y = if bare { 16 } else { 26 };
        // Title and subtitle take at most a third of a small canvas: the title set smaller
        // until it takes two lines, the subtitle's last line cut short.
        let budget = h / 3;
        if !bare {
            let (lines, style, line) = [1.0, 0.85, 0.7]
                .iter()
                .map(|&k| {
                    let style = anchored(theme::bold(size::TITLE * k, INK), HPos::Left, VPos::Top);
                    (
                        wrap(root, &self.title, &style, inner),
                        style,
                        theme::px(54.0 * k),
                    )
                })
                .find(|(lines, _, _)| lines.len() <= 2)
                .unwrap_or_else(|| {
                    let style =
                        anchored(theme::bold(size::TITLE * 0.7, INK), HPos::Left, VPos::Top);
                    (
                        wrap(root, &self.title, &style, inner),
                        style,
                        theme::px(54.0 * 0.7),
                    )
                });
            for text in lines {
                if paint {
                    root.draw(&Text::new(text, (MARGIN, y), style.clone()))?;
                }
                y += line;
            }
        }
        let sub = anchored(theme::text(size::SUBTITLE, MUTED), HPos::Left, VPos::Top);
        if !self.subtitle.is_empty() && !bare {
            y += 2;
            let line = theme::px(34.0);
            let lines = wrap(root, &self.subtitle, &sub, inner);
            let room = ((budget - y) / line).clamp(1, 3) as usize;
            let cut = lines.len() > room;
            for (k, text) in lines.into_iter().take(room).enumerate() {
                let text = if cut && k + 1 == room {
                    truncated(root, &format!("{text} …"), &sub, inner)
                } else {
                    text
                };
                if paint {
                    root.draw(&Text::new(text, (MARGIN, y), sub.clone()))?;
                }
                y += line;
            }
        }
        if !self.legend.is_empty() {
            if !bare {
                y += 10;
            }
            y = if paint {
                legend(root, &self.legend, MARGIN, y, inner)?
            } else {
                y + legend_height(root, &self.legend, inner, 1.0)
            };
        }
        y += 8;
        let mut bottom = 12;
        if !self.footer.is_empty() && !bare {
            let foot = anchored(theme::text(size::FOOTER, MUTED), HPos::Right, VPos::Bottom);
            if paint {
                root.draw(&Text::new(self.footer.clone(), (w - MARGIN, h - 10), foot))?;
            }
            bottom = theme::px(40.0);
        }
        Ok(root.margin(y, bottom, MARGIN / 2, MARGIN))
    }
}

/// Draws legend entries in rows starting at (x, y); returns the y below the legend.
pub fn legend<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    x0: i32,
    y0: i32,
    max_width: i32,
) -> std::result::Result<i32, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    legend_at_scale(area, items, (x0, y0), max_width, 1.0)
}

/// A legend's layout at a scale of the chart sizes (1 for report charts; smaller pictures such
/// as the teaching animation use less): each entry's swatch centre, and the y below the
/// legend.
fn legend_layout<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    (x0, y0): (i32, i32),
    max_width: i32,
    scale: f64,
) -> (Vec<(i32, i32)>, i32) {
    // Spacing follows the type, which the look may scale.
    let spacing = scale * theme::look().font_scale;
    let px = |v: f64| (v * spacing).round() as i32;
    let style = theme::text(size::LEGEND * scale, INK);
    let row = px(38.0);
    let (mut x, mut y) = (x0, y0 + row / 2);
    let mut at = Vec::with_capacity(items.len());
    for item in items {
        let w = px(44.0) + width(area, &item.label, &style) + px(36.0);
        if x > x0 && x + w > x0 + max_width {
            x = x0;
            y += row;
        }
        at.push((x + px(16.0), y));
        x += w;
    }
    (at, y + row / 2)
}

/// The height a legend takes at a scale (see [`legend_at_scale`]).
pub fn legend_height<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    max_width: i32,
    scale: f64,
) -> i32 {
    legend_layout(area, items, (0, 0), max_width, scale).1
}

/// Draws legend entries in rows at a scale of the chart sizes; returns the y below the legend.
pub fn legend_at_scale<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    start: (i32, i32),
    max_width: i32,
    scale: f64,
) -> std::result::Result<i32, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let style = anchored(
        theme::text(size::LEGEND * scale, INK),
        HPos::Left,
        VPos::Center,
    );
    let (at, below) = legend_layout(area, items, start, max_width, scale);
    for (item, &(x, y)) in items.iter().zip(&at) {
        let spacing = scale * theme::look().font_scale;
        swatch(area, item, (x, y), spacing)?;
        let gap = (24.0 * spacing).round() as i32;
        area.draw(&Text::new(item.label.clone(), (x + gap, y), style.clone()))?;
    }
    Ok(below)
}

fn swatch<DB: DrawingBackend>(
    area: &Area<DB>,
    item: &LegendItem,
    (x, y): (i32, i32),
    scale: f64,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let px = |v: f64| ((v * scale).round() as i32).max(1);
    let c = item.colour;
    match item.swatch {
        Swatch::Block => {
            block(
                area,
                [(x - px(13.0), y - px(11.0)), (x + px(13.0), y + px(11.0))],
                c.filled(),
                item.pattern,
            )?;
        }
        Swatch::Line => match item.pattern {
            Pattern::Solid => {
                area.draw(&PathElement::new(
                    vec![(x - px(16.0), y), (x + px(16.0), y)],
                    c.stroke_width(px(4.0) as u32),
                ))?;
            }
            pattern => swatch_line(area, pattern, (x, y), 16.0, c, scale)?,
        },
        Swatch::Dashed => swatch_line(area, Pattern::Dashed, (x, y), 16.0, c, scale)?,
        Swatch::MarkedLine(m, pattern) => {
            if pattern == Pattern::Solid {
                area.draw(&PathElement::new(
                    vec![(x - px(20.0), y), (x + px(20.0), y)],
                    c.stroke_width(px(3.0) as u32),
                ))?;
            } else {
                swatch_line(area, pattern, (x, y), 20.0, c, scale)?;
            }
            marker(
                area,
                m,
                (x, y),
                px(8.0),
                c.filled(),
                WHITE.stroke_width(px(1.0) as u32),
            )?
        }
        Swatch::Marker(m) | Swatch::Hollow(m) => {
            let hollow = matches!(item.swatch, Swatch::Hollow(_));
            let (fill, stroke) = if hollow {
                (TRANSPARENT.filled(), px(3.0))
            } else {
                (c.filled(), px(2.0))
            };
            marker(
                area,
                m,
                (x, y),
                px(11.0),
                fill,
                c.stroke_width(stroke as u32),
            )?
        }
    }
    Ok(())
}

/// A dashed or dotted line of a legend swatch, `half` (at type scale 1) either side of its
/// centre: three dashes, or five dots.
fn swatch_line<DB: DrawingBackend>(
    area: &Area<DB>,
    pattern: Pattern,
    (x, y): (i32, i32),
    half: f64,
    c: RGBColor,
    scale: f64,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let px = |v: f64| ((v * scale).round() as i32).max(1);
    match pattern {
        Pattern::Solid | Pattern::Dashed => {
            // Three dashes over the swatch's length, each about a quarter of it.
            let dash = half * 0.5;
            let step = (2.0 * half - dash) / 2.0;
            for k in 0..3 {
                let from = x + ((-half + k as f64 * step) * scale).round() as i32;
                area.draw(&PathElement::new(
                    vec![(from, y), (from + px(dash), y)],
                    c.stroke_width(px(3.0) as u32),
                ))?;
            }
        }
        Pattern::Dotted => {
            for k in 0..5 {
                let at = x + ((-half + f64::from(k) * half / 2.0) * scale).round() as i32;
                area.draw(&Circle::new((at, y), px(2.5) as u32, c.filled()))?;
            }
        }
    }
    Ok(())
}

/// Draws a series' line through `points` in its pattern: solid, dashed or dotted, `width`
/// pixels wide.
pub fn draw_line<DB, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    points: Vec<(f64, f64)>,
    colour: RGBColor,
    width: u32,
    pattern: Pattern,
) -> Drawn
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate<From = (f64, f64)>,
{
    match pattern {
        Pattern::Solid => {
            chart.draw_series(LineSeries::new(points, colour.stroke_width(width)))?;
        }
        Pattern::Dashed => {
            chart.draw_series(DashedLineSeries::new(
                points,
                14,
                8,
                colour.stroke_width(width),
            ))?;
        }
        Pattern::Dotted => {
            let r = width.div_ceil(2).max(2);
            chart.draw_series(DottedLineSeries::new(
                points,
                0,
                3 * r as i32 + 4,
                move |c| Circle::new(c, r, colour.filled()),
            ))?;
        }
    }
    Ok(())
}

/// Spacing of the stripes and dots of a patterned fill, pixels.
const HATCH: i32 = 8;

/// Fills a block (a bar, a box, a legend swatch) between two pixel corners with `fill`, then
/// with its pattern in white over it: diagonal stripes (dashed) or a grid of dots (dotted).
pub fn block<DB: DrawingBackend>(
    area: &Area<DB>,
    [a, b]: [(i32, i32); 2],
    fill: ShapeStyle,
    pattern: Pattern,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    area.draw(&Rectangle::new([a, b], fill))?;
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    match pattern {
        Pattern::Solid => {}
        Pattern::Dashed => {
            // Lines x + y = k, cut to the block.
            let first = (x0 + y0).div_euclid(HATCH) * HATCH + HATCH;
            for k in (first..x1 + y1).step_by(HATCH as usize) {
                let (from, to) = ((k - y1).max(x0), (k - y0).min(x1));
                if from < to {
                    area.draw(&PathElement::new(
                        vec![(from, k - from), (to, k - to)],
                        PAPER.stroke_width(2),
                    ))?;
                }
            }
        }
        Pattern::Dotted => {
            for y in (y0 + HATCH / 2..y1 - 1).step_by(HATCH as usize) {
                let shift = if (y - y0) / HATCH % 2 == 0 {
                    0
                } else {
                    HATCH / 2
                };
                for x in (x0 + HATCH / 2 + shift..x1 - 1).step_by(HATCH as usize) {
                    area.draw(&Circle::new((x, y), 2, PAPER.filled()))?;
                }
            }
        }
    }
    Ok(())
}

fn marker_points(m: Marker, (x, y): (i32, i32), r: i32) -> Vec<(i32, i32)> {
    let polar = |k: usize, count: usize, radius: f64, phase: f64| {
        let a = phase + std::f64::consts::TAU * k as f64 / count as f64;
        (
            x + (radius * a.cos()).round() as i32,
            y + (radius * a.sin()).round() as i32,
        )
    };
    let r = r as f64;
    let up = -std::f64::consts::FRAC_PI_2;
    match m {
        Marker::Circle => Vec::new(),
        Marker::Triangle => (0..3).map(|k| polar(k, 3, r * 1.25, up)).collect(),
        Marker::TriangleDown => (0..3).map(|k| polar(k, 3, r * 1.25, -up)).collect(),
        Marker::Square => (0..4)
            .map(|k| polar(k, 4, r * 1.2, std::f64::consts::FRAC_PI_4))
            .collect(),
        Marker::Diamond => (0..4).map(|k| polar(k, 4, r * 1.3, up)).collect(),
        Marker::Star => (0..10)
            .map(|k| polar(k, 10, if k % 2 == 0 { r * 1.5 } else { r * 0.62 }, up))
            .collect(),
        Marker::Pentagon => (0..5).map(|k| polar(k, 5, r * 1.2, up)).collect(),
        Marker::Plus | Marker::Cross => {
            // Twelve corners of a cross with arms 0.42 r wide either side, turned 45 degrees
            // for the diagonal one.
            let (a, l) = (r * 0.42, r * 1.3);
            let turn = if m == Marker::Cross {
                std::f64::consts::FRAC_PI_4
            } else {
                0.0
            };
            let (sin, cos) = turn.sin_cos();
            [
                (a, l),
                (a, a),
                (l, a),
                (l, -a),
                (a, -a),
                (a, -l),
                (-a, -l),
                (-a, -a),
                (-l, -a),
                (-l, a),
                (-a, a),
                (-a, l),
            ]
            .iter()
            .map(|&(dx, dy)| {
                (
                    x + (dx * cos - dy * sin).round() as i32,
                    y + (dx * sin + dy * cos).round() as i32,
                )
            })
            .collect()
        }
    }
}

/// Draws a marker centred at a pixel position with radius `r`.
pub fn marker<DB: DrawingBackend>(
    area: &Area<DB>,
    m: Marker,
    at: (i32, i32),
    r: i32,
    fill: ShapeStyle,
    stroke: ShapeStyle,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    if m == Marker::Circle {
        area.draw(&Circle::new(at, r, fill))?;
        area.draw(&Circle::new(at, r, stroke))?;
        return Ok(());
    }
    let mut pts = marker_points(m, at, r);
    area.draw(&Polygon::new(pts.clone(), fill))?;
    pts.push(pts[0]);
    area.draw(&PathElement::new(pts, stroke))?;
    Ok(())
}

/// Where member `i` of a group of `c` side by side (the bars of a sweep point, the points of
/// the conditions at one value) stands, relative to the group's centre, and half its width:
/// members fill four fifths of a group's slot of 1, so groups stay apart.
pub fn dodge(i: usize, c: usize) -> (f64, f64) {
    let width = 0.8 / c.max(1) as f64;
    (((i as f64) - (c as f64 - 1.0) / 2.0) * width, width * 0.4)
}

/// Pixels two rectangles share (0 when they do not touch).
fn shared(a: Rect, b: Rect) -> i64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0);
    i64::from(w) * i64::from(h)
}

/// Where labels beside points go, each clear of every point, line and label: `labels` holds
/// each label's point (its pixel centre) and its size; `reach` is how far from its point's
/// centre a label starts (the marker's radius and a gap); `obstacles` are what labels must not
/// cover (the points, their whiskers, reference lines); `bounds` is the plot. The places right,
/// left, above right, below right, above left, below left, above and below a point (centred
/// on it, starting at it, ending at it, or moved into the plot) are tried
/// ring by ring, further out each time, for every label not yet placed before the next ring
/// (labels of points in a crowd first), so that no label takes a place far from its own point
/// that another label needs near its own; a label takes the first place that stays in the
/// plot and covers nothing, and where none does, the place that covers least. Returns each
/// label's rectangle, in the order of `labels`.
pub fn place_labels(
    labels: &[((i32, i32), (i32, i32))],
    reach: i32,
    obstacles: &[Rect],
    bounds: Rect,
) -> Vec<Rect> {
    // A gap kept around each label; rings 8 pixels apart.
    const PAD: i32 = 3;
    const RINGS: i32 = 16;
    let near = |a: (i32, i32), b: (i32, i32)| (a.0 - b.0).abs().max((a.1 - b.1).abs()) < 4 * reach;
    let crowd = |i: usize| labels.iter().filter(|l| near(l.0, labels[i].0)).count();
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(crowd(i)), i));
    let places = |i: usize, step: i32| {
        let ((x, y), (w, h)) = labels[i];
        let d = reach + step * 8;
        let e = (f64::from(d) * 0.7).round() as i32;
        let shifted = (x - w / 2).min(bounds.2 - w).max(bounds.0);
        [
            (x + d, y - h / 2),
            (x - d - w, y - h / 2),
            (x + e, y - e - h),
            (x + e, y + e),
            (x - e - w, y - e - h),
            (x - e - w, y + e),
            (x - w / 2, y - d - h),
            (x - w / 2, y + d),
            (x - reach / 2, y - d - h),
            (x - reach / 2, y + d),
            (x + reach / 2 - w, y - d - h),
            (x + reach / 2 - w, y + d),
            // A label wider than the room either side of its point: moved into the plot.
            (shifted, y - d - h),
            (shifted, y + d),
        ]
        .map(|(left, top)| (left, top, left + w, top + h))
        .into_iter()
        .filter(|r| r.0 >= bounds.0 && r.1 >= bounds.1 && r.2 <= bounds.2 && r.3 <= bounds.3)
    };
    let mut at: Vec<Option<Rect>> = vec![None; labels.len()];
    let covered = |r: Rect, at: &[Option<Rect>]| -> i64 {
        let padded = (r.0 - PAD, r.1 - PAD, r.2 + PAD, r.3 + PAD);
        obstacles
            .iter()
            .chain(at.iter().flatten())
            .map(|&o| shared(padded, o))
            .sum()
    };
    for step in 0..RINGS {
        for &i in &order {
            if at[i].is_none() {
                at[i] = places(i, step).find(|&r| covered(r, &at) == 0);
            }
        }
    }
    // Labels with no free place: the place that covers least (right of the point if none is
    // inside the plot).
    for &i in &order {
        if at[i].is_none() {
            let ((x, y), (w, h)) = labels[i];
            let fallback = (x + reach, y - h / 2, x + reach + w, y - h / 2 + h);
            at[i] = Some(
                (0..RINGS)
                    .flat_map(|step| places(i, step))
                    .min_by_key(|&r| covered(r, &at))
                    .unwrap_or(fallback),
            );
        }
    }
    at.into_iter().flatten().collect()
}

/// Draws a label at the place [`place_labels`] gave it, with a thin line from its point (a
/// marker `reach` pixels across its radius) where the label had to move away from it.
pub fn placed_label<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    at: (i32, i32),
    r: Rect,
    reach: i32,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    coloured_label(area, text, at, r, reach, INK)
}

/// A [`placed_label`] in `colour` (a label that belongs to one side, in that side's colour).
pub fn coloured_label<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    (x, y): (i32, i32),
    r: Rect,
    reach: i32,
    colour: RGBColor,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let near = (x.clamp(r.0, r.2), y.clamp(r.1, r.3));
    let (dx, dy) = (f64::from(near.0 - x), f64::from(near.1 - y));
    let gap = (dx * dx + dy * dy).sqrt();
    if gap > f64::from(reach + 10) {
        let from = (
            x + (dx / gap * f64::from(reach)).round() as i32,
            y + (dy / gap * f64::from(reach)).round() as i32,
        );
        area.draw(&PathElement::new(vec![from, near], MUTED.stroke_width(1)))?;
    }
    area.draw(&Text::new(
        text.to_string(),
        (r.0, r.1),
        note(HPos::Left, VPos::Top, colour),
    ))?;
    Ok(())
}

/// Draws an arrow between pixel positions, stopping `gap` pixels short of both ends.
pub fn arrow<DB: DrawingBackend>(
    area: &Area<DB>,
    from: (i32, i32),
    to: (i32, i32),
    gap: f64,
    colour: RGBColor,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 2.0 * gap + 10.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let start = (from.0 as f64 + ux * gap, from.1 as f64 + uy * gap);
    let tip = (to.0 as f64 - ux * gap, to.1 as f64 - uy * gap);
    let head = 14.0;
    let base = (tip.0 - ux * head, tip.1 - uy * head);
    let p = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    area.draw(&PathElement::new(
        vec![p(start.0, start.1), p(base.0, base.1)],
        colour.stroke_width(3),
    ))?;
    area.draw(&Polygon::new(
        vec![
            p(tip.0, tip.1),
            p(base.0 - uy * 7.0, base.1 + ux * 7.0),
            p(base.0 + uy * 7.0, base.1 - ux * 7.0),
        ],
        colour.filled(),
    ))?;
    Ok(())
}

/// [`chart_on`]'s margin above the plot, pixels.
const MARGIN_TOP: i32 = 10;
/// [`chart_on`]'s margin under the x label area, pixels.
const MARGIN_BOTTOM: i32 = 8;
/// [`chart_on`]'s margin left of the y label area, pixels.
const MARGIN_LEFT: i32 = 8;

/// [`chart_on`]'s margin right of the plot: it holds half the last x tick label, which grows
/// with the type.
fn margin_right() -> i32 {
    theme::px(24.0)
}

/// [`chart_on`]'s margins above and below, in all: what a cell's height holds besides its
/// plot, label areas and title.
pub const MARGINS_DOWN: i32 = MARGIN_TOP + MARGIN_BOTTOM;

/// [`chart_on`]'s margins left and right, in all.
pub fn margins_across() -> i32 {
    MARGIN_LEFT + margin_right()
}

/// A chart builder with the theme's margins and label areas.
pub fn chart_on<'a, 'b, DB: DrawingBackend>(
    area: &'a Area<DB>,
    title: Option<&'b str>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin_top(MARGIN_TOP)
        .margin_right(margin_right())
        .margin_left(MARGIN_LEFT)
        .margin_bottom(MARGIN_BOTTOM)
        .x_label_area_size(theme::px(78.0) as u32)
        .y_label_area_size(theme::px(104.0) as u32);
    if let Some(t) = title {
        b.caption(t, theme::bold(size::PANEL, INK));
    }
    b
}

/// The width of a y label area that holds the widest of `labels` as tick labels, with the
/// tick marks and the axis description beside them; never narrower than [`chart_on`]'s.
pub fn y_label_area<'l, DB: DrawingBackend>(
    area: &Area<DB>,
    labels: impl Iterator<Item = &'l str>,
) -> u32 {
    let style = theme::text(size::TICK, INK);
    let widest = labels.map(|l| width(area, l, &style)).max().unwrap_or(0);
    // Tick mark and gap, then the rotated axis description (about 1.5 lines of its size).
    (widest + 20 + theme::px(1.5 * size::AXIS)).max(theme::px(104.0)) as u32
}

/// How many ticks an area's axes can carry without their labels touching, at the look's
/// type scale: one per 110 pixels across (about a tick label's width and a gap) and one per
/// 50 pixels up, at least 3, at most plotters' usual 10.
pub fn tick_counts<DB: DrawingBackend>(area: &Area<DB>) -> (usize, usize) {
    let (w, h) = area.dim_in_pixel();
    let scale = theme::look().font_scale;
    let fit = |pixels: u32, per: f64| ((f64::from(pixels) / (per * scale)) as usize).clamp(3, 10);
    (fit(w, 110.0), fit(h, 50.0))
}

/// Where a bar or box panel's categories stand: each slot's centre along x and the x axis's
/// height, in pixels (for the names under the panel, see [`draw_category_labels`]).
pub struct Slots {
    /// Each slot's centre along x.
    pub centres: Vec<i32>,
    /// Where the x axis runs.
    pub axis: i32,
}

/// Draws the value axis of a bar or box panel (`chart`, built on `cell` with its slots at 0,
/// 1, ..., `slots - 1`): the mesh without vertical lines and without x labels (the category
/// names are drawn apart), the y ticks as `tick` writes them, and the y title beside the
/// plot; notes the plot area (see [`record_plot`]). Returns where the slots stand.
pub fn draw_value_axis<DB: DrawingBackend>(
    cell: &Area<DB>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<Ticked, Ticked>>,
    slots: usize,
    tick: &dyn Fn(f64) -> String,
    y_title: &AxisTitle,
) -> Result<Slots, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    record_plot((xs.start, ys.start, xs.end, ys.end));
    let x_fmt = |_: &f64| String::new();
    let y_fmt = |y: &f64| tick(*y);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh);
    mesh.disable_x_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    draw_axis_titles(
        cell,
        chart.plotting_area().get_pixel_range(),
        None,
        Some(y_title),
    )?;
    let y0 = chart.y_range().start;
    Ok(Slots {
        centres: (0..slots)
            .map(|i| chart.backend_coord(&(i as f64, y0)).0)
            .collect(),
        axis: chart.backend_coord(&(0.0, y0)).1,
    })
}
/// Applies the theme to a mesh: light horizontal grid, readable ticks, axis descriptions.
pub fn style_mesh<X: Ranged, Y: Ranged, DB: DrawingBackend>(m: &mut MeshStyle<'_, '_, X, Y, DB>) {
    m.label_style(theme::text(size::TICK, INK))
        .axis_desc_style(theme::text(size::AXIS, INK))
        .bold_line_style(GRID.stroke_width(1))
        .max_light_lines(0)
        .axis_style(INK.stroke_width(2))
        .set_all_tick_mark_size(6);
}

/// What a scatter panel's axes say: the full descriptions, and the short ones a panel uses
/// when it is one of several side by side.
pub struct AxisWords {
    /// (x, y) descriptions on a panel of its own.
    pub full: (&'static str, &'static str),
    /// (x, y) descriptions on one of several panels.
    pub short: (&'static str, &'static str),
}

/// A scatter panel's chart on `cell` over `x` and `y`, its axes drawn: the titles (short ones
/// on a `narrow` panel, one of several) fitted along their axes and the label areas measured
/// (see [`measure_axes`]), as many round ticks as keep their labels apart.
pub fn scatter_chart<'a, DB: DrawingBackend>(
    cell: &'a Area<DB>,
    narrow: bool,
    words: &AxisWords,
    (x, y): (std::ops::Range<f64>, std::ops::Range<f64>),
    x_label: &dyn Fn(&f64) -> String,
    y_label: &dyn Fn(&f64) -> String,
) -> std::result::Result<
    ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>,
    Box<dyn std::error::Error>,
>
where
    DB::ErrorType: 'static,
{
    let (x_title, y_title) = if narrow { words.short } else { words.full };
    let (x_most, y_most) = tick_counts(cell);
    let axes = measure_axes(
        cell,
        &AxisSpec {
            title: Some(x_title),
            range: x.clone(),
            ticks: Ticks::Round(x_most),
            format: x_label,
        },
        &AxisSpec {
            title: Some(y_title),
            range: y.clone(),
            ticks: Ticks::Round(y_most),
            format: y_label,
        },
    );
    let mut chart = axes.chart_on(cell, x, y)?;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh);
    mesh.x_label_formatter(x_label)
        .y_label_formatter(y_label)
        .draw()?;
    axes.draw_titles(cell, &chart)?;
    Ok(chart)
}

/// Points that coincide, counted: (group, x, y) -> how many.
pub fn bubbles<K: Ord + Copy>(
    points: impl Iterator<Item = (K, f64, f64)>,
) -> Vec<(K, f64, f64, u64)> {
    let mut counts: BTreeMap<(K, i64, i64), (f64, f64, u64)> = BTreeMap::new();
    for (k, x, y) in points {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let key = (k, (x * 1e6).round() as i64, (y * 1e6).round() as i64);
        counts.entry(key).or_insert((x, y, 0)).2 += 1;
    }
    let mut out: Vec<(K, f64, f64, u64)> = counts
        .into_iter()
        .map(|((k, _, _), (x, y, n))| (k, x, y, n))
        .collect();
    // Big bubbles first, so that small ones stay visible on top.
    out.sort_by_key(|b| std::cmp::Reverse(b.3));
    out
}

/// Radius of a bubble holding `count` processes in a chart whose largest bubble holds
/// `largest`: the area is in proportion to the count, the largest bubble 36 pixels across the
/// radius, none below 5. A fixed cap would draw 35 and 195 processes alike, and a smaller
/// bubble on the same spot would hide a larger one's ring.
pub fn bubble_radius(count: u64, largest: u64) -> i32 {
    let share = count as f64 / largest.max(1) as f64;
    (36.0 * share.sqrt()).clamp(5.0, 36.0).round() as i32
}

/// An axis range that holds `values` with some room, never narrower than `min_span`.
pub fn padded(values: impl Iterator<Item = f64>, min_span: f64) -> std::ops::Range<f64> {
    padded_by(values, min_span, 0.06)
}

/// As [`padded`], with `room` of the span added on each side (scatter plots need room for
/// their largest markers).
pub fn padded_by(
    values: impl Iterator<Item = f64>,
    min_span: f64,
    room: f64,
) -> std::ops::Range<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return 0.0..1.0;
    }
    let span = (hi - lo).max(min_span);
    let mid = (hi + lo) / 2.0;
    let half = span * (0.5 + room);
    (mid - half)..(mid + half)
}

/// Text of a note inside the plot, anchored as given.
pub fn note(h: HPos, v: VPos, colour: RGBColor) -> TextStyle<'static> {
    anchored(theme::text(size::NOTE, colour), h, v)
}

/// A linear axis with ticks exactly at the given values (categories, swept values), with the
/// tick labels left to a formatter.
pub struct Ticked {
    inner: plotters::coord::types::RangedCoordf64,
    ticks: Vec<f64>,
}

/// An axis over `range` with ticks at `ticks`.
pub fn ticked(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Ticked {
    Ticked {
        inner: range.into(),
        ticks,
    }
}

impl Ranged for Ticked {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// At most `most` (and at least one) round values in `range` (steps of 1, 2 or 5 times a
/// power of ten), for an axis whose ticks must not crowd: plotters' own choice can hold
/// twice as many as asked for.
pub fn nice_ticks(range: &std::ops::Range<f64>, most: usize) -> Vec<f64> {
    let span = range.end - range.start;
    if !(span.is_finite() && span > 0.0) {
        return vec![range.start];
    }
    let most = most.max(1) as f64;
    let mut step = 10f64.powf((span / most).log10().floor());
    for k in [1.0, 2.0, 5.0, 10.0, 20.0, 50.0] {
        let s = step * k;
        if (range.end / s).floor() - (range.start / s).ceil() + 1.0 <= most {
            step = s;
            break;
        }
    }
    let first = (range.start / step).ceil() as i64;
    let last = (range.end / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Rows and columns of a grid of `n` small multiples on a `width` x `height` area, each
/// multiple of `aspect` (width / height): the grid in which the multiples can be drawn
/// largest. Two 4:3 scatters on a wide area sit side by side; two pairs of box panels (8:3)
/// stack.
pub fn facet_grid(n: usize, (width, height): (u32, u32), aspect: f64) -> (usize, usize) {
    let n = n.max(1);
    let mut best = (1, n);
    let mut best_scale = f64::NEG_INFINITY;
    for cols in 1..=n {
        let rows = n.div_ceil(cols);
        let (w, h) = (
            f64::from(width) / cols as f64,
            f64::from(height) / rows as f64,
        );
        let scale = (w / aspect).min(h);
        if scale > best_scale + 1e-9 {
            best_scale = scale;
            best = (rows, cols);
        }
    }
    best
}

/// Most small multiples in one figure, however large the canvas.
pub const MAX_FACETS: usize = 12;

/// Most small multiples a figure of `look` holds when each needs `panel` (width, height)
/// pixels at type scale 1 to stay readable: as many as fit under the frame, at least one and
/// at most [`MAX_FACETS`].
pub fn most_facets(look: theme::Look, (panel_w, panel_h): (f64, f64)) -> usize {
    let s = look.font_scale;
    let header = if look.bare { 70.0 } else { 230.0 };
    let cols = (f64::from(look.width) / s / panel_w).floor().max(1.0);
    let rows = ((f64::from(look.height) / s - header) / panel_h)
        .floor()
        .max(1.0);
    ((cols * rows) as usize).clamp(1, MAX_FACETS)
}

/// The room a scatter panel needs to stay readable, pixels at type scale 1 (a box panel the
/// same; a pair of them twice the width).
pub const SCATTER_PANEL: (f64, f64) = (360.0, 220.0);

/// The start of the subtitle of a figure that shows some of a chart's sweep points: which.
pub fn page_words(page: &crate::charts::data::FacetPage) -> String {
    match &page.part {
        Some(part) => format!("Sweep points with {part}. "),
        None => String::new(),
    }
}

/// Splits an area into `n` small multiples of `aspect` (see [`facet_grid`]), row by row.
pub fn facets<DB: DrawingBackend>(area: &Area<DB>, n: usize, aspect: f64) -> Vec<Area<DB>> {
    let grid = facet_grid(n, area.dim_in_pixel(), aspect);
    area.split_evenly(grid).into_iter().take(n.max(1)).collect()
}

/// How the titles of a figure's small multiples are set: one size and one height for all, so
/// that their plots line up and no title looks more important than another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TitleFit {
    /// The panel title size times this (0.6 to 1).
    pub scale: f64,
    /// Lines every title gets room for.
    pub lines: usize,
}

/// The room a small multiple's title has on `area`: its width less a margin.
fn title_room<DB: DrawingBackend>(area: &Area<DB>) -> i32 {
    (area.dim_in_pixel().0 as i32 - 16).max(1)
}

/// A small multiple's title as set on `area`: its text (`\n` between lines) and the scale of
/// the panel title size it fits at (at most 1). A long sweep label (two axes, many panels) or
/// name is set smaller until it fits its panel, down to 0.6 of the size (a name: down to 0.85,
/// then broken into two lines, then down to 0.6); where that is not enough, a sweep label
/// gets its keys in words, a line per key; last the values alone, cut short if need be.
fn title_layout<DB: DrawingBackend>(area: &Area<DB>, title: &str) -> (String, f64) {
    let room = title_room(area);
    let full = theme::bold(size::PANEL, INK);
    let shrink_for = |text: &str| {
        let widest = text
            .split('\n')
            .map(|l| width(area, l, &full))
            .max()
            .unwrap_or(1);
        f64::from(room) / f64::from(widest.max(1))
    };
    let words = title
        .split(", ")
        .map(|part| match part.split_once('=') {
            Some((k, v)) => format!("{}={v}", crate::charts::data::key_words(k)),
            None => part.to_string(),
        })
        .collect::<Vec<_>>();
    let mut choices = vec![title.to_string(), words.join(", ")];
    let label = title.contains(", ");
    if label {
        choices.extend([title.replace(", ", "\n"), words.join("\n")]);
    } else if let Some(lines) = two_line_split(area, title, &full, i32::MAX) {
        choices.push(lines.join("\n"));
    }
    choices.push(values_only(title));
    // A name is broken into two lines before it is set below 0.85 of the size.
    let floors: &[f64] = if label { &[0.6] } else { &[0.85, 0.6] };
    for &least in floors {
        if let Some((text, k)) = choices
            .iter()
            .map(|t| (t.clone(), shrink_for(t)))
            .find(|(_, k)| *k >= least)
        {
            return (text, k.min(1.0));
        }
    }
    let style = theme::bold(size::PANEL * 0.6, INK);
    (truncated(area, &values_only(title), &style, room), 0.6)
}

/// One size and height for the titles of small multiples that each take an area as wide as
/// `area` (see [`TitleFit`]): the size the longest title needs, room for the most lines.
pub fn fit_titles<DB: DrawingBackend>(area: &Area<DB>, titles: &[&str]) -> TitleFit {
    titles.iter().map(|t| title_layout(area, t)).fold(
        TitleFit {
            scale: 1.0,
            lines: 1,
        },
        |fit, (text, k)| TitleFit {
            scale: fit.scale.min(k),
            lines: fit.lines.max(text.split('\n').count()),
        },
    )
}

/// The title of a small multiple above its plot; returns the area under it.
pub fn facet_title<DB: DrawingBackend>(
    area: &Area<DB>,
    title: Option<&str>,
) -> std::result::Result<Area<DB>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    match title {
        Some(t) => fitted_title(area, t, fit_titles(area, &[t])),
        None => Ok(area.clone()),
    }
}

/// The title of one of several small multiples above its plot, at the size and height
/// `fit` gives all of them (see [`fit_titles`]); returns the area under it.
pub fn fitted_title<DB: DrawingBackend>(
    area: &Area<DB>,
    title: &str,
    fit: TitleFit,
) -> std::result::Result<Area<DB>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let (text, k) = title_layout(area, title);
    let shrink = k.min(fit.scale);
    let style = anchored(
        theme::bold(size::PANEL * shrink, INK),
        HPos::Center,
        VPos::Top,
    );
    let line = theme::px(size::PANEL * fit.scale * 1.2);
    let mut y = 4;
    for l in text.split('\n') {
        area.draw(&Text::new(l.to_string(), (w as i32 / 2, y), style.clone()))?;
        y += line;
    }
    Ok(under_title(
        area,
        fit.lines.max(text.split('\n').count()),
        fit,
    ))
}

/// The area of a small multiple under a title of `lines` lines set as `fit` says (see
/// [`fitted_title`]), for measuring a panel before it is drawn.
pub fn under_title<DB: DrawingBackend>(area: &Area<DB>, lines: usize, fit: TitleFit) -> Area<DB> {
    let line = theme::px(size::PANEL * fit.scale * 1.2);
    let height = 4 + line * lines.max(1) as i32;
    area.margin(height + theme::px(size::PANEL * 0.3), 0, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_multiples_are_laid_out_where_they_are_largest() {
        // The plot area of a 1600x900 chart under its header: 1520x700.
        let area = (1520, 700);
        // Scatters (4:3): two side by side, four in a square, five in two rows of three.
        assert_eq!(facet_grid(1, area, 4.0 / 3.0), (1, 1));
        assert_eq!(facet_grid(2, area, 4.0 / 3.0), (1, 2));
        assert_eq!(facet_grid(4, area, 4.0 / 3.0), (2, 2));
        assert_eq!(facet_grid(5, area, 4.0 / 3.0), (2, 3));
        // Pairs of box panels (8:3) stack.
        assert_eq!(facet_grid(2, area, 8.0 / 3.0), (2, 1));
        // Every multiple gets a place.
        for n in 1..=30 {
            let (rows, cols) = facet_grid(n, area, 4.0 / 3.0);
            assert!(
                rows * cols >= n && (rows - 1) * cols < n,
                "{n}: {rows}x{cols}"
            );
        }
    }

    #[test]
    fn labels_are_placed_clear_of_points_lines_and_each_other() {
        // Three points close together on a reference line, one apart: labels 120 x 20 pixels.
        let points = [(200, 300), (215, 305), (230, 295), (400, 200)];
        let mut obstacles: Vec<Rect> = points
            .iter()
            .map(|&(x, y)| (x - 12, y - 12, x + 12, y + 12))
            .collect();
        obstacles.push((0, 299, 800, 301));
        let labels: Vec<_> = points.iter().map(|&p| (p, (120, 20))).collect();
        let bounds = (0, 0, 800, 600);
        let placed = place_labels(&labels, 16, &obstacles, bounds);
        for (i, &r) in placed.iter().enumerate() {
            assert!(obstacles.iter().all(|&o| shared(r, o) == 0), "{i}: {r:?}");
            assert!(placed[..i].iter().all(|&o| shared(r, o) == 0), "{i}: {r:?}");
            assert!(r.0 >= 0 && r.1 >= 0 && r.2 <= 800 && r.3 <= 600);
        }
        // A label with room beside its point sits right of it, centred on it.
        assert_eq!(placed[3], (416, 190, 536, 210));
    }

    #[test]
    fn conditions_beyond_the_palette_look_different() {
        let styles: Vec<ConditionStyle> = (0..72).map(condition_style).collect();
        // The first eight: the palette, plain; the ninth: the first colour, dashed.
        assert!((0..8).all(|i| styles[i].pattern == Pattern::Solid));
        assert_eq!(styles[8].colour, styles[0].colour);
        assert_ne!(styles[8].pattern, styles[0].pattern);
        assert_ne!(styles[8].marker, styles[0].marker);
        for a in 0..72 {
            for b in a + 1..72 {
                let (sa, sb) = (styles[a], styles[b]);
                // Points: colour or shape.
                assert!(sa.colour != sb.colour || sa.marker != sb.marker, "{a} {b}");
                if b < 24 {
                    // Lines and bars: colour or pattern; and two ways of the three.
                    assert!(
                        sa.colour != sb.colour || sa.pattern != sb.pattern,
                        "{a} {b}"
                    );
                    let differences = [
                        sa.colour != sb.colour,
                        sa.marker != sb.marker,
                        sa.pattern != sb.pattern,
                    ];
                    assert!(differences.iter().filter(|d| **d).count() >= 2, "{a} {b}");
                }
                if b < 9 {
                    // The world-value chart: shape alone.
                    assert_ne!(sa.marker, sb.marker, "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn twelve_stakeholders_look_different_in_two_ways() {
        let styles: Vec<_> = (0..12).map(seat_style).collect();
        for a in 0..12 {
            for b in a + 1..12 {
                let (ca, ma, da) = styles[a];
                let (cb, mb, db) = styles[b];
                let differences = [ca != cb, ma != mb, da != db]
                    .iter()
                    .filter(|d| **d)
                    .count();
                assert!(differences >= 2, "seats {a} and {b}: {differences}");
            }
        }
        // No yellow line.
        assert!((0..12).all(|s| theme::seat_colour(s) != theme::PALETTE[7]));
    }
}
