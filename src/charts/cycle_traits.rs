//! Organisations over time, trait by trait: the population mean of each of the eight mindset
//! traits per cycle, a panel per trait and a line per condition (lever). Every panel spans the
//! same range of trait values, so that slopes compare across panels. With a sweep, a figure
//! per sweep point.

use crate::charts::cycles::{CyclePanel, Descriptions, cycles_on, lines_note, unlabelled_area};
use crate::charts::data::organisations::over_cycles;
use crate::charts::data::{Estimate, FacetPage, RunData};
use crate::charts::draw::{
    AxisSpec, Frame, Swatch, Ticks, TitleFit, axis_title_room, condition_legend, measure_axes,
    page_words, plot_grid, titled_grid, under_title, x_title_area,
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
        // The first column alone carries the value axis's title and the bottom row the cycle
        // axis's, with its tick labels: they get that room on top of an even share, so that
        // every plot has the same size and a slope means the same in every panel.
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
        // Label areas as wide as the widest panel's tick labels need, with and without the
        // value axis's title: every panel gets one of the two.
        let areas = |probe: &Area<DB>, title: Option<&str>| {
            ranges
                .iter()
                .map(|r| {
                    let y = AxisSpec {
                        title,
                        range: r.clone(),
                        ticks: Ticks::Round(6),
                        format: &fmt,
                    };
                    measure_axes(probe, &cycle_axis, &y).y_area
                })
                .max()
                .unwrap_or(0)
        };
        let widest = std::cell::Cell::new((0, 0, 0));
        let (cells, fit) = titled_grid(&area, (2, 4), &titles, |probe| {
            let (titled, bare) = (areas(probe, Some(VALUE_TITLE)), areas(probe, None));
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
            widest.set((titled, bare, bottom));
            (titled - bare, bottom)
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
        let (mut titled, mut bare, bottom) = widest.get();
        for cell in [&cells[0], &cells[4]] {
            let under = under_title(cell, fit.lines, fit);
            titled = titled.max(areas(&under, Some(VALUE_TITLE)));
            bare = bare.max(areas(&under, None));
        }
        let cells = plot_grid(&area, (2, 4), (titled - bare, bottom));
        for (t, cell) in cells.iter().enumerate().take(self.traits.len()) {
            let title = &names[t];
            let panel = CyclePanel {
                title,
                y_desc: VALUE_TITLE,
                y_range: ranges[t].clone(),
                percent: false,
                reference: None,
                y_area: if t % 4 == 0 { titled } else { bare },
            };
            // Describe the value axis once per row and the cycle axis once per column.
            let desc = match (t % 4 == 0, t >= 4) {
                (true, true) => Descriptions::Both,
                (true, false) => Descriptions::Value,
                (false, true) => Descriptions::Cycle,
                (false, false) => Descriptions::None,
            };
            panel.draw_with(root, cell, &self.traits[t], desc, fit)?;
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
