//! Charts of `negsim bench curves`: processes per second against stakeholders and issues, and
//! the time of the exact metrics against the number of packages (for docs/performance.md).

use crate::bench::curves::{MetricTime, Throughput};
use crate::charts::draw::{Frame, LegendItem, Marker, Swatch, chart_on, marker, style_mesh};
use crate::charts::figure::{Area, Drawn, Figure};
use crate::charts::theme::{self, INK, REFERENCE};
use plotters::prelude::*;

/// Processes per second against stakeholders (left) and issues (right).
pub struct ThroughputCurves {
    /// The measured points.
    pub rows: Vec<Throughput>,
    /// Source line.
    pub footer: String,
}

impl Figure for ThroughputCurves {
    fn name(&self) -> String {
        "throughput".into()
    }

    fn title(&self) -> String {
        "How fast do large participation processes run?".into()
    }

    fn caption(&self) -> String {
        "Processes per second on one thread, each replication with a new generated case \
         (prepared, played and measured with exact metrics). Left: 8 issues of 5 options; \
         right: 7 stakeholders."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let frame = Frame {
            title: self.title(),
            subtitle: "W2's setting (mixed culture, facilitator, deadline 200, 2 distributive : 2 \
                       compatible : 4 integrative issues, 1 hidden option), a new case per \
                       replication, one thread"
                .into(),
            legend: Vec::new(),
            footer: self.footer.clone(),
        };
        let area = frame.draw(root)?;
        let (left, right) = area.split_horizontally((area.dim_in_pixel().0 as f64 * 0.5) as i32);
        for (cell, curve, x_desc) in [
            (&left, "stakeholders", "stakeholders (8 issues x 5 options)"),
            (&right, "issues", "issues of 5 options (7 stakeholders)"),
        ] {
            let points: Vec<(f64, f64)> = self
                .rows
                .iter()
                .filter(|r| r.curve == curve)
                .map(|r| {
                    let x = if curve == "stakeholders" {
                        r.stakeholders
                    } else {
                        r.issues
                    };
                    (x as f64, r.processes_per_second)
                })
                .collect();
            let x_max = points.iter().map(|p| p.0).fold(1.0, f64::max);
            let y_max = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.1;
            let mut chart = chart_on(cell, Some(&format!("Against the number of {curve}")))
                .build_cartesian_2d(0.0..x_max + 1.0, 0.0..y_max)?;
            let mut mesh = chart.configure_mesh();
            style_mesh(&mut mesh);
            mesh.x_desc(x_desc)
                .y_desc("processes per second")
                .x_label_formatter(&|x| theme::tick(*x))
                .y_label_formatter(&|y| theme::tick(*y))
                .draw()?;
            let colour = theme::PALETTE[0];
            chart.draw_series(LineSeries::new(
                points.iter().copied(),
                colour.stroke_width(3),
            ))?;
            for &(x, y) in &points {
                let at = chart.backend_coord(&(x, y));
                marker(
                    root,
                    Marker::Circle,
                    at,
                    7,
                    colour.filled(),
                    colour.stroke_width(2),
                )?;
            }
        }
        Ok(())
    }
}

/// The time of the exact metrics against the number of packages (both axes as powers of ten).
pub struct MetricTimeCurve {
    /// The measured cases.
    pub rows: Vec<MetricTime>,
    /// Source line.
    pub footer: String,
}

/// The goal for the metrics of one process, ms.
const GOAL_MS: f64 = 50.0;

impl Figure for MetricTimeCurve {
    fn name(&self) -> String {
        "exact-metrics-time".into()
    }

    fn title(&self) -> String {
        "How long do exact metrics take without enumerating packages?".into()
    }

    fn caption(&self) -> String {
        "Each dot is one generated case of 12 stakeholders and 6 options an issue. Pareto \
         distance: the longest search of one outcome (its BATNAs, random packages and the Nash \
         point); Nash point: once per case. The dashed line is 50 ms."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let distance = theme::PALETTE[0];
        let nash = theme::PALETTE[1];
        let frame = Frame {
            title: self.title(),
            subtitle: "Branch and bound over issues, one core; time axis in ms as powers of ten"
                .into(),
            legend: vec![
                LegendItem::new(
                    "Pareto distance of one outcome (longest)",
                    distance,
                    Swatch::Marker(Marker::Circle),
                ),
                LegendItem::new(
                    "Nash point of the case",
                    nash,
                    Swatch::Marker(Marker::Diamond),
                ),
                LegendItem::new(
                    format!("goal: {GOAL_MS} ms a process"),
                    REFERENCE,
                    Swatch::Dashed,
                ),
            ],
            footer: self.footer.clone(),
        };
        let area = frame.draw(root)?;
        let lg = |v: f64| v.max(1e-4).log10();
        let x_max = self
            .rows
            .iter()
            .map(|r| r.packages.log10())
            .fold(1.0, f64::max);
        let ys = self
            .rows
            .iter()
            .flat_map(|r| [lg(r.distance_ms_max), lg(r.nash_ms)])
            .chain([lg(GOAL_MS)]);
        let (y_lo, y_hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
            (a.min(y), b.max(y))
        });
        let y_range = (y_lo.floor() - 0.2)..(y_hi.ceil() + 0.2);
        let power = |v: &f64| format!("1e{}", v.round() as i32);
        let mut chart =
            chart_on(&area, None).build_cartesian_2d(0.0..x_max.ceil() + 0.5, y_range)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_desc("packages (powers of ten)")
            .y_desc("time, ms (powers of ten)")
            .x_labels(((x_max.ceil() as usize) + 1).min(20))
            .y_labels(8)
            .x_label_formatter(&power)
            .y_label_formatter(&power)
            .draw()?;
        let goal = lg(GOAL_MS);
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, goal), (x_max.ceil() + 0.5, goal)],
            10,
            6,
            REFERENCE.stroke_width(2),
        ))?;
        for r in &self.rows {
            let x = r.packages.log10();
            let at = chart.backend_coord(&(x - 0.08, lg(r.distance_ms_max)));
            marker(
                root,
                Marker::Circle,
                at,
                6,
                distance.filled(),
                distance.stroke_width(2),
            )?;
            let at = chart.backend_coord(&(x + 0.08, lg(r.nash_ms)));
            marker(
                root,
                Marker::Diamond,
                at,
                8,
                nash.filled(),
                nash.stroke_width(2),
            )?;
            if !r.exact {
                let at = chart.backend_coord(&(x, lg(r.distance_ms_max.max(r.nash_ms))));
                root.draw(&Text::new(
                    "stopped",
                    (at.0 + 8, at.1 - 20),
                    theme::text(theme::size::NOTE, INK),
                ))?;
            }
        }
        Ok(())
    }
}
