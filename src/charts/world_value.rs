//! World value, the third win: joint utility against the world value of the outcome, coloured
//! by whether it was a win-win-win (everyone above BATNA and the world at or above its
//! threshold). Conditions are told apart by marker shape, as colour carries win-win-win.

use crate::charts::data::{FacetPage, RunData};
use crate::charts::draw::{
    AxisWords, Frame, LegendItem, SCATTER_PANEL, Swatch, bubble_radius, bubbles, condition_style,
    facet_title, facets, marker, most_facets, note, padded_by, page_words, scatter_chart,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, INK, MUTED, NOT_WIN_WIN_WIN, REFERENCE, WIN_WIN_WIN};
use crate::charts::value_claimed::{MAX_POINTS, thin};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The outcomes of one sweep point (of the whole run without a sweep).
pub struct Facet {
    /// The sweep point it shows (`None` without a sweep).
    pub title: Option<String>,
    /// ((condition, win-win-win), joint utility, world value, count).
    pub points: Vec<((usize, bool), f64, f64, u64)>,
    /// The world thresholds of the cases negotiated here, each drawn as a dashed line.
    pub thresholds: Vec<f64>,
}

/// The world value chart: one small multiple per sweep point, each with its case's
/// threshold; more sweep points than a canvas holds readably are drawn as several figures
/// (see [`RunData::facet_pages`]).
pub struct WorldValue {
    frame: Frame,
    name: String,
    /// Small multiples, one per sweep point.
    pub facets: Vec<Facet>,
}

/// Emits the chart for process experiments (not for organisation experiments, for the
/// reason given at [`crate::charts::value_claimed::build`]).
pub fn build(data: &RunData, options: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.is_organisation() || data.processes.is_empty() {
        return Ok(());
    }
    for page in data.facet_pages(most_facets(options.look, SCATTER_PANEL)) {
        canvas.emit(&WorldValue::on_page(data, &page))?;
    }
    Ok(())
}

impl WorldValue {
    /// The chart for a run, every sweep point in one figure.
    pub fn new(data: &RunData) -> WorldValue {
        WorldValue::on_page(data, &data.facet_pages(usize::MAX)[0])
    }

    /// The figure of the chart that shows the sweep points of `page`.
    pub fn on_page(data: &RunData, page: &FacetPage) -> WorldValue {
        let mut thinned = false;
        let titles = data.facets();
        let facets: Vec<Facet> = page
            .facets
            .iter()
            .map(|&f| {
                let title = titles[f].clone();
                let all = bubbles(
                    data.processes
                        .iter()
                        .filter(|p| data.facet_of(p.point) == f)
                        .map(|p| ((p.condition, p.win_win_win), p.joint_utility, p.world_value)),
                );
                let (points, thin_here) = thin(all, MAX_POINTS * data.conditions.len().max(1));
                thinned |= thin_here;
                Facet {
                    title,
                    points,
                    thresholds: data.world_thresholds_at(f),
                }
            })
            .collect();
        let mut legend = vec![
            LegendItem::new("win-win-win", WIN_WIN_WIN, Swatch::Block),
            LegendItem::new("not win-win-win", NOT_WIN_WIN_WIN, Swatch::Block),
        ];
        if data.conditions.len() > 1 {
            for (i, c) in data.conditions.iter().enumerate() {
                legend.push(LegendItem::new(
                    c.clone(),
                    INK,
                    Swatch::Hollow(condition_style(i).marker),
                ));
            }
        }
        if facets.iter().any(|f| !f.thresholds.is_empty()) {
            legend.push(LegendItem::new(
                "world threshold",
                REFERENCE,
                Swatch::Dashed,
            ));
        }
        let mut subtitle = page_words(page);
        subtitle += "Each marker is an outcome (larger: more processes ended there). A win-win-win is good for everyone at the table and, above the threshold, for the world around it.";
        if facets.len() > 1 {
            subtitle.push_str(" One panel per sweep point, each on its own scales.");
        }
        if thinned {
            subtitle.push_str(" Only an even sample of the outcomes is drawn.");
        }
        WorldValue {
            frame: Frame {
                title: page.title("Is the deal also good for the world around the table?"),
                subtitle,
                legend,
                footer: footer(data),
            },
            facets,
            name: page.name("world-value"),
        }
    }
}

impl Figure for WorldValue {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Green outcomes are win-win-wins. Outcomes right of others created more value at the table; \
         outcomes above the dashed line (the world threshold of the case) are good enough for the world."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        for (facet, panel) in self
            .facets
            .iter()
            .zip(facets(&area, self.facets.len(), 4.0 / 3.0))
        {
            let panel = facet_title(&panel, facet.title.as_deref())?;
            draw_facet(root, &panel, facet, self.facets.len() > 1)?;
        }
        Ok(())
    }
}

/// Draws one small multiple on `area`; marks go on `root` at the chart's backend coordinates.
/// `narrow`: one of several panels, with shorter axis descriptions.
fn draw_facet<DB: DrawingBackend>(
    root: &Area<DB>,
    area: &Area<DB>,
    facet: &Facet,
    narrow: bool,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let x = padded_by(facet.points.iter().map(|p| p.1), 0.1, 0.12);
    let y = padded_by(
        facet
            .points
            .iter()
            .map(|p| p.2)
            .chain(facet.thresholds.iter().copied()),
        0.1,
        0.12,
    );
    let y = y.start.max(-0.08)..y.end.min(1.08);
    let mut chart = scatter_chart(
        area,
        narrow,
        &AxisWords {
            full: (
                "value at the table: joint utility",
                "value for the world: world value (0 to 1)",
            ),
            short: ("joint utility", "world value"),
        },
        (x.clone(), y.clone()),
        &|v| theme::tick(*v),
        &|v| theme::tick(*v),
    )?;
    for &t in &facet.thresholds {
        chart.draw_series(DashedLineSeries::new(
            vec![(x.start, t), (x.end, t)],
            10,
            8,
            REFERENCE.stroke_width(3),
        ))?;
        let at = chart.backend_coord(&(x.start, t));
        root.draw(&Text::new(
            format!("world threshold {}", theme::tick(t)),
            (at.0 + 10, at.1 - 6),
            note(HPos::Left, VPos::Bottom, MUTED),
        ))?;
    }
    let largest = facet.points.iter().map(|p| p.3).max().unwrap_or(1);
    for &((c, www), jx, wy, count) in &facet.points {
        let colour = if www { WIN_WIN_WIN } else { NOT_WIN_WIN_WIN };
        let at = chart.backend_coord(&(jx, wy));
        marker(
            root,
            condition_style(c).marker,
            at,
            bubble_radius(count, largest),
            colour.mix(0.5).filled(),
            colour.stroke_width(2),
        )?;
    }
    Ok(())
}
