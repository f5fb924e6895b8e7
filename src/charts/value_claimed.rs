//! Value created vs value claimed: joint utility (value created) against the share of it that
//! went to the richest party (value claimed). Integrative outcomes sit high and near the equal
//! split; distributive ones sit low or far to the right.

use crate::charts::data::RunData;
use crate::charts::draw::{
    Frame, LegendItem, Marker, Swatch, bubble_radius, bubbles, chart_on, note, padded_by,
    style_mesh,
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

/// The value created vs value claimed chart.
pub struct ValueClaimed {
    frame: Frame,
    /// (condition, agreed, richest share, joint utility, count).
    points: Vec<((usize, bool), f64, f64, u64)>,
    /// 1/n when every table has the same number of stakeholders.
    equal_split: Option<f64>,
}

/// Emits the chart for process experiments. Organisation experiments get none: their tens of
/// thousands of processes over cycles and group sizes would cover each other, and the cycle
/// and lever charts answer their questions.
pub fn build(data: &RunData, _: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.is_organisation() || data.processes.is_empty() {
        return Ok(());
    }
    canvas.emit(&ValueClaimed::new(data))
}

impl ValueClaimed {
    /// The chart for a run.
    pub fn new(data: &RunData) -> ValueClaimed {
        let all = bubbles(
            data.processes
                .iter()
                .map(|p| ((p.condition, p.agreed), p.richest_share, p.joint_utility)),
        );
        let (points, thinned) = thin(all, MAX_POINTS * data.conditions.len().max(1));
        let n = data.processes[0].stakeholders;
        let equal_split = data
            .processes
            .iter()
            .all(|p| p.stakeholders == n)
            .then(|| 1.0 / f64::from(n.max(1)));
        let mut legend: Vec<LegendItem> = data
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| {
                LegendItem::new(
                    c.clone(),
                    theme::condition_colour(i),
                    Swatch::Marker(Marker::Circle),
                )
            })
            .collect();
        legend.push(LegendItem::new(
            "ring: no agreement (everyone keeps their BATNA)",
            MUTED,
            Swatch::Hollow(Marker::Circle),
        ));
        if equal_split.is_some() {
            legend.push(LegendItem::new("equal split", REFERENCE, Swatch::Dashed));
        }
        let mut subtitle = "Each circle is an outcome (larger: more processes). Up: more value created; right: more of it claimed by one party.".to_string();
        if thinned {
            subtitle.push_str(" Only an even sample of the outcomes is drawn.");
        }
        ValueClaimed {
            frame: Frame {
                title: "Do agreements create value, or only divide it?".into(),
                subtitle,
                legend,
                footer: footer(data),
            },
            points,
            equal_split,
        }
    }
}

impl Figure for ValueClaimed {
    fn name(&self) -> String {
        "value-created-claimed".into()
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
        let xs = self.points.iter().map(|p| p.1).chain(self.equal_split);
        let x = padded_by(xs, 0.1, 0.12);
        // Nobody's share can be below the equal split, so the axis starts just left of it.
        let x = match self.equal_split {
            Some(e) => (e - (x.end - e) * 0.06)..x.end.min(1.04),
            None => x.start.max(-0.02)..x.end.min(1.04),
        };
        let y = padded_by(self.points.iter().map(|p| p.2), 0.1, 0.12);
        let mut chart = chart_on(&area, None).build_cartesian_2d(x.clone(), y.clone())?;
        let x_fmt = |v: &f64| theme::percent(*v);
        let y_fmt = |v: &f64| theme::tick(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_desc("value claimed: share of the joint utility that went to the richest party")
            .y_desc("value created: joint utility")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        if let Some(e) = self.equal_split {
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
        let largest = self.points.iter().map(|p| p.3).max().unwrap_or(1);
        for &((c, agreed), sx, sy, count) in &self.points {
            let colour = theme::condition_colour(c);
            let at = chart.backend_coord(&(sx, sy));
            let r = bubble_radius(count, largest);
            if agreed {
                root.draw(&Circle::new(at, r, colour.mix(0.45).filled()))?;
                root.draw(&Circle::new(at, r, colour.stroke_width(2)))?;
            } else {
                root.draw(&Circle::new(at, r, colour.stroke_width(4)))?;
            }
        }
        Ok(())
    }
}
