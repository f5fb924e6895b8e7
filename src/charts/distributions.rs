//! Distributions: box plots of joint utility and rounds per condition, so that spread and
//! outliers are as visible as the means.

use crate::charts::conditions::two_lines;
use crate::charts::data::{FacetPage, Metric, RunData};
use crate::charts::draw::{
    AxisTitle, CategoryLabels, Frame, MARGINS_DOWN, MIN_PLOT, SCATTER_PANEL, Slots, Swatch, block,
    category_labels, chart_on, condition_legend, condition_style, desc_room, draw_category_labels,
    draw_value_axis, facet_title, facets, marker, most_facets, nice_ticks, padded, page_words,
    ticked, widest_tick, y_title_area,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, INK};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;

/// Five-number summary of a box plot (Tukey whiskers) and the points beyond the whiskers.
#[derive(Clone, Debug, PartialEq)]
pub struct BoxStats {
    /// Values.
    pub n: usize,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Lowest value within 1.5 IQR below q1.
    pub low: f64,
    /// Highest value within 1.5 IQR above q3.
    pub high: f64,
    /// Values beyond the whiskers (distinct values only).
    pub outliers: Vec<f64>,
}

/// Quantile with linear interpolation between order statistics (Hyndman-Fan type 7, the
/// default of R and NumPy) of sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (i, f) = (h.floor() as usize, h - h.floor());
    if i + 1 < sorted.len() {
        sorted[i] + f * (sorted[i + 1] - sorted[i])
    } else {
        sorted[i]
    }
}

impl BoxStats {
    /// Box statistics of values.
    pub fn of(mut values: Vec<f64>) -> BoxStats {
        values.retain(|v| v.is_finite());
        values.sort_by(f64::total_cmp);
        let (q1, median, q3) = (
            quantile(&values, 0.25),
            quantile(&values, 0.5),
            quantile(&values, 0.75),
        );
        let iqr = q3 - q1;
        let (lo_fence, hi_fence) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        let inside = values.iter().filter(|&&v| v >= lo_fence && v <= hi_fence);
        let low = inside.clone().copied().fold(f64::INFINITY, f64::min);
        let high = inside.copied().fold(f64::NEG_INFINITY, f64::max);
        let mut outliers: Vec<f64> = values
            .iter()
            .copied()
            .filter(|&v| v < lo_fence || v > hi_fence)
            .collect();
        outliers.dedup();
        BoxStats {
            n: values.len(),
            q1,
            median,
            q3,
            low,
            high,
            outliers,
        }
    }
}

/// The distributions chart: a pair of box panels per sweep point; more sweep points than a
/// canvas holds readably are drawn as several figures (see [`RunData::facet_pages`]).
pub struct Distributions {
    frame: Frame,
    name: String,
    names: Vec<String>,
    /// One small multiple per sweep point: its title (`None` without a sweep) and a box per
    /// condition for each metric.
    pub facets: Vec<(Option<String>, Vec<(Metric, Vec<BoxStats>)>)>,
}

/// Emits the distributions chart (when the run wrote its processes).
pub fn build(data: &RunData, options: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.processes.is_empty() {
        return Ok(());
    }
    // Each sweep point takes a pair of box panels side by side, under a title of its own.
    let pair = (2.0 * SCATTER_PANEL.0, SCATTER_PANEL.1 + 80.0);
    for page in data.facet_pages(most_facets(options.look, pair)) {
        canvas.emit(&Distributions::on_page(data, &page))?;
    }
    Ok(())
}

impl Distributions {
    /// The chart for a run, every sweep point in one figure.
    pub fn new(data: &RunData) -> Distributions {
        Distributions::on_page(data, &data.facet_pages(usize::MAX)[0])
    }

    /// The figure of the chart that shows the sweep points of `page`.
    pub fn on_page(data: &RunData, page: &FacetPage) -> Distributions {
        let c = data.conditions.len();
        let titles = data.facets();
        let facets = page
            .facets
            .iter()
            .map(|&f| {
                let title = titles[f].clone();
                let panels = [data.value_created(), Metric::Rounds]
                    .into_iter()
                    .map(|m| {
                        let mut values = vec![Vec::new(); c];
                        for p in data
                            .processes
                            .iter()
                            .filter(|p| data.facet_of(p.point) == f)
                        {
                            values[p.condition].push(m.value(p));
                        }
                        (m, values.into_iter().map(BoxStats::of).collect())
                    })
                    .collect();
                (title, panels)
            })
            .collect();
        let mut subtitle = page_words(page);
        subtitle += "Box: middle half of the processes, line: median, whiskers: up to 1.5 box lengths, dots: outliers";
        if data.is_organisation() {
            subtitle.push_str("; every process of every cycle");
        }
        if data.points() > 1 {
            subtitle.push_str("; two panels per sweep point");
        }
        subtitle.push('.');
        Distributions {
            frame: Frame {
                title: page.title("How much do outcomes vary within each condition?"),
                subtitle,
                legend: condition_legend(&data.conditions, |_| Swatch::Block),
                footer: footer(data),
            },
            names: data.conditions.clone(),
            facets,
            name: page.name("distributions"),
        }
    }
}

impl Figure for Distributions {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "The box holds the middle half of the processes of a condition and the line in it is the median; \
         a flat box means nearly every process ended the same way."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let n = self.facets.len();
        // Condition names standing upright under every box say what the legend says, and
        // take height the boxes need: such a chart has no legend.
        let upright = {
            let area = self.frame.plot_area(root);
            let facet = facets(&area, n, 8.0 / 3.0).swap_remove(0);
            let cell = &facet.split_evenly((1, 2))[0];
            names_under(cell, &self.names).upright
        };
        let unkeyed = Frame {
            legend: Vec::new(),
            ..self.frame.clone()
        };
        let frame = if upright { &unkeyed } else { &self.frame };
        let area = frame.draw(root)?;
        for ((title, panels), facet) in self.facets.iter().zip(facets(&area, n, 8.0 / 3.0)) {
            let facet = facet_title(&facet, title.as_deref())?;
            let cells = facet.split_evenly((1, 2));
            for ((metric, boxes), cell) in panels.iter().zip(cells.iter()) {
                box_panel(root, cell, *metric, &self.names, boxes)?;
            }
        }
        Ok(())
    }
}

/// Condition names under the boxes of a panel on `cell` (under its title), measured against
/// their slot: on two lines, or smaller, where they do not fit on one; else upright, in at
/// most 0.4 of the panel's height, which leaves the boxes the rest, or in what leaves the
/// boxes [`MIN_PLOT`] where the names need more.
fn names_under<DB: DrawingBackend>(cell: &Area<DB>, names: &[String]) -> CategoryLabels {
    let (x_room, _) = desc_room(cell, false);
    let h = cell.dim_in_pixel().1 as i32;
    let choices = [names.to_vec(), names.iter().map(|n| two_lines(n)).collect()];
    // chart_on's margins, and the 12 pixels upright names take beyond their
    // length (see CategoryLabels::depth).
    let most = h - MARGINS_DOWN - theme::px(MIN_PLOT) - 12;
    let upright = ((f64::from(h) * 0.4) as i32, most);
    category_labels(cell, &choices, x_room / names.len().max(1) as i32, upright)
}

fn box_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    cell: &Area<DB>,
    metric: Metric,
    names: &[String],
    boxes: &[BoxStats],
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let c = names.len();
    let y_range = padded(
        boxes.iter().flat_map(|b| {
            [b.low, b.high]
                .into_iter()
                .chain(b.outliers.iter().copied())
        }),
        if metric == Metric::Rounds { 2.0 } else { 0.05 },
    );
    let cell = &facet_title(cell, Some(metric.title()))?;
    let y_room = cell.dim_in_pixel().1 as i32 - MARGINS_DOWN;
    let labels = names_under(cell, names);
    let label_area = labels.depth(cell).max(theme::px(40.0));
    // The plot's own height (under chart_on's margins), for as many ticks as it holds, 64 px
    // (at the type scale) between two: n ticks take n - 1 gaps.
    let plot_height = cell.dim_in_pixel().1 as i32 - label_area - MARGINS_DOWN;
    let y_ticks = nice_ticks(
        &y_range,
        (plot_height / theme::px(64.0) + 1).clamp(2, 6) as usize,
    );
    let y_labels: Vec<String> = y_ticks.iter().map(|y| theme::tick(*y)).collect();
    // The value axis's title on two lines where one does not fit beside the plot; it may run
    // beside the labels under the bars as well (see draw_axis_titles).
    let y_title = AxisTitle::fit(cell, metric.axis(), y_room, 2);
    let mut chart = chart_on(cell, None)
        .x_label_area_size(label_area as u32)
        .y_label_area_size(y_title_area(widest_tick(cell, &y_labels), Some(&y_title)))
        .build_cartesian_2d(
            ticked(-0.5..c as f64 - 0.5, (0..c).map(|i| i as f64).collect()),
            ticked(y_range.clone(), y_ticks),
        )?;
    let Slots { centres, axis } =
        draw_value_axis(cell, &mut chart, c, &|y| theme::tick(y), &y_title)?;
    draw_category_labels(root, &labels, &centres, axis + 10)?;
    for (i, b) in boxes.iter().enumerate() {
        if b.n == 0 {
            continue;
        }
        let x = i as f64;
        let style = condition_style(i);
        let colour = style.colour;
        let ink = INK.stroke_width(3);
        chart.draw_series([
            PathElement::new(vec![(x, b.low), (x, b.q1)], ink),
            PathElement::new(vec![(x, b.q3), (x, b.high)], ink),
            PathElement::new(vec![(x - 0.12, b.low), (x + 0.12, b.low)], ink),
            PathElement::new(vec![(x - 0.12, b.high), (x + 0.12, b.high)], ink),
        ])?;
        block(
            root,
            [
                chart.backend_coord(&(x - 0.3, b.q1)),
                chart.backend_coord(&(x + 0.3, b.q3)),
            ],
            colour.mix(0.55).filled(),
            style.pattern,
        )?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, b.q1), (x + 0.3, b.q3)],
            colour.stroke_width(3),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x - 0.3, b.median), (x + 0.3, b.median)],
            INK.stroke_width(5),
        )))?;
        for &v in &b.outliers {
            let at = chart.backend_coord(&(x, v));
            marker(
                root,
                style.marker,
                at,
                5,
                TRANSPARENT.filled(),
                colour.stroke_width(2),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_statistics_match_hand_computation() {
        // Sorted: 1 2 3 4 5 6 7 8 100. Type 7: q1 = 3, median = 5, q3 = 7; IQR 4, fences -3 and 13.
        let b = BoxStats::of(vec![5.0, 1.0, 100.0, 2.0, 3.0, 4.0, 6.0, 7.0, 8.0]);
        assert_eq!((b.q1, b.median, b.q3), (3.0, 5.0, 7.0));
        assert_eq!((b.low, b.high), (1.0, 8.0));
        assert_eq!(b.outliers, vec![100.0]);
        assert_eq!(quantile(&[1.0, 2.0], 0.5), 1.5);
    }
}
