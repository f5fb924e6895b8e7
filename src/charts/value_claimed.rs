//! Value created vs value claimed: joint utility (value created) against the share of it that
//! went to the richest party (value claimed). Integrative outcomes sit high and near the equal
//! split; distributive ones sit low or far to the right.

use crate::charts::data::{FacetPage, RunData};
use crate::charts::draw::{
    AxisWords, Frame, LegendItem, Marker, SCATTER_PANEL, Swatch, bubble_radius, bubbles,
    condition_legend, condition_style, facet_title, facets, marker, most_facets, note, padded_by,
    page_words, scatter_chart,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure};
use crate::charts::theme::{self, MUTED, REFERENCE};
use crate::charts::{PlotOptions, footer};
use crate::error::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Most circles drawn per group; beyond that every k-th is drawn (said in the subtitle).
pub const MAX_POINTS: usize = 1500;

/// Keeps at most `max` items, evenly spread.
pub fn thin<T: Clone>(items: Vec<T>, max: usize) -> (Vec<T>, bool) {
    if items.len() <= max {
        return (items, false);
    }
    let step = items.len().div_ceil(max);
    (items.into_iter().step_by(step).collect(), true)
}

/// The outcomes of one sweep point (of the whole run without a sweep).
pub struct Facet {
    /// The sweep point it shows (`None` without a sweep).
    pub title: Option<String>,
    /// (condition, agreed, richest share, joint utility, count).
    pub points: Vec<((usize, bool), f64, f64, u64)>,
    /// 1/n when every table at this point has the same number of stakeholders.
    pub equal_split: Option<f64>,
}

/// The value created vs value claimed chart: one small multiple per sweep point, so that two
/// cases or two group sizes are never mixed into clusters that look like conditions; more
/// sweep points than a canvas holds readably are drawn as several figures (see
/// [`RunData::facet_pages`]).
pub struct ValueClaimed {
    frame: Frame,
    name: String,
    /// Small multiples, one per sweep point.
    pub facets: Vec<Facet>,
}

/// Emits the chart for process experiments. Organisation experiments get none: their tens of
/// thousands of processes over cycles and group sizes would cover each other, and the cycle
/// and lever charts answer their questions.
pub fn build(data: &RunData, options: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.is_organisation() || data.processes.is_empty() {
        return Ok(());
    }
    for page in data.facet_pages(most_facets(options.look, SCATTER_PANEL)) {
        canvas.emit(&ValueClaimed::on_page(data, &page))?;
    }
    Ok(())
}

impl ValueClaimed {
    /// The chart for a run, every sweep point in one figure.
    pub fn new(data: &RunData) -> ValueClaimed {
        ValueClaimed::on_page(data, &data.facet_pages(usize::MAX)[0])
    }

    /// The figure of the chart that shows the sweep points of `page`.
    pub fn on_page(data: &RunData, page: &FacetPage) -> ValueClaimed {
        let mut thinned = false;
        let titles = data.facets();
        let facets: Vec<Facet> = page
            .facets
            .iter()
            .map(|&f| {
                let title = titles[f].clone();
                let here = || {
                    data.processes
                        .iter()
                        .filter(move |p| data.facet_of(p.point) == f)
                };
                let all = bubbles(
                    here().map(|p| ((p.condition, p.agreed), p.richest_share, p.joint_utility)),
                );
                let (points, thin_here) = thin(all, MAX_POINTS * data.conditions.len().max(1));
                thinned |= thin_here;
                let mut sizes = here().map(|p| p.stakeholders);
                let first = sizes.next();
                let equal_split = first
                    .filter(|&n| sizes.all(|m| m == n))
                    .map(|n| 1.0 / f64::from(n.max(1)));
                Facet {
                    title,
                    points,
                    equal_split,
                }
            })
            .collect();
        let mut legend = condition_legend(&data.conditions, |s| Swatch::Marker(s.marker));
        legend.push(LegendItem::new(
            "hollow: no agreement (everyone keeps their BATNA)",
            MUTED,
            Swatch::Hollow(Marker::Circle),
        ));
        if facets.iter().any(|f| f.equal_split.is_some()) {
            legend.push(LegendItem::new("equal split", REFERENCE, Swatch::Dashed));
        }
        let mut subtitle = page_words(page);
        subtitle += "Each marker is an outcome (larger: more processes). Up: more value created; right: more of it claimed by one party.";
        if facets.len() > 1 {
            subtitle.push_str(" One panel per sweep point, each on its own scales.");
        }
        if thinned {
            subtitle.push_str(" Only an even sample of the outcomes is drawn.");
        }
        ValueClaimed {
            frame: Frame {
                title: page.title("Do agreements create value, or only divide it?"),
                subtitle,
                legend,
                footer: footer(data),
            },
            facets,
            name: page.name("value-created-claimed"),
        }
    }
}

impl Figure for ValueClaimed {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Integrative outcomes sit high and close to the equal split: value was created and shared. \
         Distributive outcomes sit lower or further right: value was divided, or claimed by one party."
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
/// `narrow`: one of several panels side by side, with a shorter axis description.
fn draw_facet<DB: DrawingBackend>(
    root: &Area<DB>,
    area: &Area<DB>,
    facet: &Facet,
    narrow: bool,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let xs = facet.points.iter().map(|p| p.1).chain(facet.equal_split);
    let x = padded_by(xs, 0.1, 0.12);
    // Nobody's share can be below the equal split, so the axis starts just left of it.
    let x = match facet.equal_split {
        Some(e) => (e - (x.end - e) * 0.06)..x.end.min(1.04),
        None => x.start.max(-0.02)..x.end.min(1.04),
    };
    let y = padded_by(facet.points.iter().map(|p| p.2), 0.1, 0.12);
    let mut chart = scatter_chart(
        area,
        narrow,
        &AxisWords {
            full: (
                "value claimed: share of the joint utility that went to the richest party",
                "value created: joint utility",
            ),
            short: ("value claimed: richest party's share", "value created"),
        },
        (x.clone(), y.clone()),
        &|v| theme::percent(*v),
        &|v| theme::tick(*v),
    )?;
    if let Some(e) = facet.equal_split {
        chart.draw_series(DashedLineSeries::new(
            vec![(e, y.start), (e, y.end)],
            10,
            8,
            REFERENCE.stroke_width(3),
        ))?;
        let at = chart.backend_coord(&(e, y.end));
        root.draw(&Text::new(
            format!("equal split ({})", theme::percent(e)),
            (at.0 + 10, at.1 + 8),
            note(HPos::Left, VPos::Top, MUTED),
        ))?;
    }
    let largest = facet.points.iter().map(|p| p.3).max().unwrap_or(1);
    for &((c, agreed), sx, sy, count) in &facet.points {
        let style = condition_style(c);
        let colour = style.colour;
        let at = chart.backend_coord(&(sx, sy));
        let r = bubble_radius(count, largest);
        if agreed {
            marker(
                root,
                style.marker,
                at,
                r,
                colour.mix(0.45).filled(),
                colour.stroke_width(2),
            )?;
        } else {
            marker(
                root,
                style.marker,
                at,
                r,
                TRANSPARENT.filled(),
                colour.stroke_width(4),
            )?;
        }
    }
    Ok(())
}
