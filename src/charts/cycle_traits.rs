//! Organisations over time, trait by trait: the population mean of each of the eight mindset
//! traits per cycle, a panel per trait and a line per condition (lever). Every panel spans the
//! same range of trait values, so that slopes compare across panels. With a sweep, a figure
//! per sweep point.

use crate::charts::cycles::{CyclePanel, Descriptions, cycles_on, lines_note, unlabelled_area};
use crate::charts::data::organisations::over_cycles;
use crate::charts::data::{Estimate, FacetPage, RunData};
use crate::charts::draw::{
    AxisSpec, AxisTitle, Frame, MARGINS_DOWN, Swatch, Ticks, TitleFit, axis_title_room,
    condition_legend, draw_axis_titles, measure_axes, page_words, plot_grid, titled_grid,
    under_title, x_title_area,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme;
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use crate::model::traits::TraitName;
use plotters::prelude::*;

/// The value axis's title.
const VALUE_TITLE: &str = "population mean";

/// The cycle axis's title (as the cycle panels give it).
const CYCLE_TITLE: &str = "cycle";

/// The panel title size times at most this where titles take two lines: the second line
/// takes height from the plots.
const TWO_LINE_TITLES: f64 = 0.8;

/// Smallest range of trait values a panel spans.
pub const MIN_SPAN: f64 = 0.1;

/// The trait-means-over-cycles chart.
pub struct CycleTraits {
    frame: Frame,
    name: String,
    /// Per trait (in [`TraitName::ALL`] order): `[condition][cycle - 1]`.
    traits: Vec<Vec<Vec<Estimate>>>,
}

/// Emits the chart for organisation experiments: a figure per sweep point.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.cycles.is_empty() {
        return Ok(());
    }
    for page in data.point_pages() {
        canvas.emit(&CycleTraits::on_page(data, &page))?;
    }
    Ok(())
}

/// Value ranges of the same width for every panel: the widest panel's data (at least
/// [`MIN_SPAN`]) with some room, centred on each panel's data and kept within [0, 1].
pub fn shared_span(extents: &[(f64, f64)]) -> Vec<std::ops::Range<f64>> {
    let widest = extents
        .iter()
        .map(|(lo, hi)| hi - lo)
        .filter(|s| s.is_finite())
        .fold(MIN_SPAN, f64::max);
    let span = (widest * 1.15).min(1.0);
    extents
        .iter()
        .map(|&(lo, hi)| {
            let mid = if lo.is_finite() && hi.is_finite() {
                (lo + hi) / 2.0
            } else {
                0.5
            };
            let start = (mid - span / 2.0).clamp(0.0, 1.0 - span);
            start..start + span
        })
        .collect()
}

impl CycleTraits {
    /// The figure of the chart that shows the sweep points of `page` (see
    /// [`RunData::point_pages`]).
    pub fn on_page(data: &RunData, page: &FacetPage) -> CycleTraits {
        let c = data.conditions.len();
        let rows = cycles_on(data, page);
        let traits = (0..TraitName::ALL.len())
            .map(|t| over_cycles(&rows, c, |r| r.trait_means[t]))
            .collect();
        CycleTraits {
            name: page.name("cycles-traits"),
            frame: Frame {
                title: page.title("Which traits does each lever move, and how fast?"),
                subtitle: format!(
                    "{}Population mean of each trait per cycle; a line per condition, {}. Every panel spans the same range of trait values, so slopes compare.",
                    page_words(page),
                    lines_note(data, page)
                ),
                legend: condition_legend(&data.conditions, |_| Swatch::Line),
                footer: footer(data),
            },
            traits,
        }
    }
}

impl Figure for CycleTraits {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "One panel per mindset trait: a rising line means the population grew in that trait over the cycles under that condition. \
         Panels are equally tall in trait units, so a steeper line is a larger change."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let extents: Vec<(f64, f64)> = self
            .traits
            .iter()
            .map(|series| {
                series
                    .iter()
                    .flatten()
                    .filter(|e| e.n > 0)
                    .flat_map(|e| [e.mean, e.low, e.high])
                    .filter(|v| v.is_finite())
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                        (l.min(v), h.max(v))
                    })
            })
            .collect();
        let ranges = shared_span(&extents);
        let names: Vec<String> = TraitName::ALL
            .iter()
            .map(|t| t.key().replace('_', " "))
            .collect();
        let titles: Vec<&str> = names.iter().map(String::as_str).collect();
        // One value axis title for the first column, fitted to the height of both rows: a
        // title per row would be fitted to one short plot and cut short on a small canvas.
        // The bottom row alone carries the cycle axis's title, with its tick labels. The first
        // column and the bottom row get that room on top of an even share, so that every
        // plot has the same size and a slope means the same in every panel.
        let value_title = AxisTitle::fit(
            &area,
            VALUE_TITLE,
            area.dim_in_pixel().1 as i32 - MARGINS_DOWN,
            2,
        );
        let beside = value_title.room() as u32;
        let cycles = self
            .traits
            .iter()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        let fmt = |v: &f64| theme::tick(*v);
        let cycle_axis = AxisSpec {
            title: Some(CYCLE_TITLE),
            range: 0.5..cycles as f64 + 0.5,
            ticks: Ticks::Round(6),
            format: &fmt,
        };
        // A label area as wide as the widest panel's tick labels need: every panel gets it.
        let tick_area = |probe: &Area<DB>| {
            ranges
                .iter()
                .map(|r| {
                    let y = AxisSpec {
                        title: None,
                        range: r.clone(),
                        ticks: Ticks::Round(6),
                        format: &fmt,
                    };
                    measure_axes(probe, &cycle_axis, &y).y_area
                })
                .max()
                .unwrap_or(0)
        };
        let widest = std::cell::Cell::new((0, 0));
        let (cells, fit) = titled_grid(&area, (2, 4), &titles, |probe| {
            let bare = tick_area(probe);
            let (_, bottom) = axis_title_room(
                probe,
                &cycle_axis,
                &AxisSpec {
                    title: None,
                    range: ranges[0].clone(),
                    ticks: Ticks::Round(6),
                    format: &fmt,
                },
            );
            let bottom = bottom + x_title_area(None) - unlabelled_area();
            widest.set((bare, bottom));
            (beside, bottom)
        });
        let fit = if fit.lines > 1 {
            TitleFit {
                scale: fit.scale.min(TWO_LINE_TITLES),
                ..fit
            }
        } else {
            fit
        };
        // The cells are taller under smaller titles, and the bottom row's (the cycle axis's
        // labels and title) taller still: they may hold more ticks.
        let (mut bare, bottom) = widest.get();
        for cell in [&cells[0], &cells[4]] {
            bare = bare.max(tick_area(&under_title(cell, fit.lines, fit)));
        }
        let cells = plot_grid(&area, (2, 4), (beside, bottom));
        let mut plots = Vec::with_capacity(cells.len());
        for (t, cell) in cells.iter().enumerate().take(self.traits.len()) {
            let title = &names[t];
            // The first column's cells leave the value title its strip on their left, so that
            // their panel titles are centred as the other columns' are, clear of it.
            let cell = &if t % 4 == 0 {
                let (w, h) = cell.dim_in_pixel();
                cell.clone()
                    .shrink((beside, 0), (w.saturating_sub(beside), h))
            } else {
                cell.clone()
            };
            let panel = CyclePanel {
                title,
                y_desc: VALUE_TITLE,
                y_range: ranges[t].clone(),
                percent: false,
                reference: None,
                y_area: bare,
            };
            // The cycle axis described once per column; the value axis below, once.
            let desc = if t >= 4 {
                Descriptions::Cycle
            } else {
                Descriptions::None
            };
            plots.push(panel.draw_with(root, cell, &self.traits[t], desc, fit)?);
        }
        if let (Some(top), Some(bottom)) = (plots.first(), plots.get(4)) {
            // Beside the first column's two plots, centred on them.
            let (x, y) = area.get_pixel_range();
            let (first, last) = (cells[0].get_pixel_range(), cells[4].get_pixel_range());
            let column = area.shrink(
                (first.0.start - x.start, first.1.start - y.start),
                (
                    (first.0.end - first.0.start) as u32,
                    (last.1.end - first.1.start) as u32,
                ),
            );
            draw_axis_titles(
                &column,
                (top.0..top.2, top.1..bottom.3),
                None,
                Some(&value_title),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_share_one_span_within_the_unit_interval() {
        let r = shared_span(&[(0.2, 0.3), (0.5, 0.9), (0.95, 0.97)]);
        let widths: Vec<f64> = r.iter().map(|r| r.end - r.start).collect();
        assert!(
            widths.iter().all(|w| (w - 0.46).abs() < 1e-12),
            "{widths:?}"
        );
        // Centred on the data where it fits, shifted inside [0, 1] where it does not.
        assert!((r[0].start - 0.02).abs() < 1e-12);
        assert!((r[2].end - 1.0).abs() < 1e-12);
        assert!(r.iter().all(|r| r.start >= 0.0 && r.end <= 1.0));
        // Flat data still gets the minimum span.
        let flat = shared_span(&[(0.5, 0.5)]);
        assert!((flat[0].end - flat[0].start - MIN_SPAN * 1.15).abs() < 1e-12);
    }
}
