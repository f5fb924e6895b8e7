//! The negotiation dance of one process, drawn from the transcript the run recorded
//! (`transcripts.jsonl`) as the transcript's reader tells it.
//!
//! - Two stakeholders: every offer as a point in utility space (x: the first stakeholder's
//!   utility, y: the second's), arrows in time order per stakeholder, all possible packages in
//!   grey, the Pareto frontier, the Nash point, both BATNAs and the agreement.
//! - More stakeholders: each stakeholder's utility of the table's leading proposal, round by
//!   round, with its BATNA. The leading proposal is the one of [`crate::protocol::reader`]:
//!   the package most stakeholders besides its proposer accepted (among equals the one closest
//!   to being accepted, then the facilitator's text, then the lowest seat); in the round of
//!   agreement, the agreed package.

use crate::charts::data::RunData;
use crate::charts::draw::{
    AxisSpec, Frame, LegendItem, Marker, Swatch, Ticked, Ticks, arrow, coloured_label, draw_line,
    legend, marker, measure_axes, note, place_labels, seat_style, shortened, style_mesh, width,
    without_parenthesis,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure, Rect, overlap};
use crate::charts::theme::{self, FAINT, INK, MARGIN, MUTED, REFERENCE, size};
use crate::charts::{PlotOptions, footer};
use crate::error::{Error, Result};
use crate::model::prepared::{Package, PreparedCase};
use crate::protocol::components::Status;
use crate::protocol::reader::{RoundReading, read};
use crate::record::transcript::ProcessTranscript;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::collections::BTreeMap;

/// Most dances drawn by default: one for each of the first conditions, as many as a run
/// records transcripts of (the first replication at the first sweep point).
pub const MAX_DEFAULT_DANCES: usize = crate::record::transcript::MAX_RECORDED;

/// Largest outcome space drawn as a cloud of all packages.
pub const MAX_CLOUD: u128 = 4_000_000;

/// Cells per axis of the package cloud.
pub const CLOUD_BINS: u32 = 100;

/// A point in a two-party utility space, with the round it belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offer {
    /// Round.
    pub round: u32,
    /// First stakeholder's utility.
    pub x: f64,
    /// Second stakeholder's utility.
    pub y: f64,
}

/// What a dance shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Moves {
    /// Two stakeholders.
    Bilateral {
        /// Packages per cell of a `CLOUD_BINS` square grid over utility space: (column, row,
        /// count); empty when the space is too large to enumerate.
        cloud: Vec<(u32, u32, u64)>,
        /// Pareto frontier, in order of the first stakeholder's utility.
        frontier: Vec<(f64, f64)>,
        /// Nash point.
        nash: Option<(f64, f64)>,
        /// Offers per seat, in time order.
        offers: Vec<Vec<Offer>>,
        /// The facilitator's texts, in time order.
        facilitator: Vec<Offer>,
        /// The agreement.
        agreement: Option<Offer>,
    },
    /// Three or more stakeholders.
    Table {
        /// Rounds shown.
        rounds: Vec<u32>,
        /// `[seat][round index]`: utility of the leading proposal.
        utilities: Vec<Vec<f64>>,
        /// Round of agreement.
        agreed_round: Option<u32>,
    },
}

/// The negotiation dance of one process.
pub struct Dance {
    frame: Frame,
    file: String,
    names: Vec<String>,
    batna: Vec<f64>,
    /// The moves.
    pub moves: Moves,
}

/// Emits the dance of `--process`, or of every process the run recorded (the first
/// replication of each condition). Processes of an organisation depend on everything that
/// happened in it before, so they are not recorded on their own: organisation experiments get
/// no dance.
pub fn build(data: &RunData, options: &PlotOptions, canvas: &mut Canvas) -> Result<()> {
    if data.is_organisation() {
        return match options.process {
            Some(_) => Err(Error::input(
                "`--process` draws the negotiation dance of a process experiment; this is an organisation experiment, whose processes are not replayed one by one",
            )
            .in_file(data.dir.join("manifest.json"))
            .with_hint("leave out `--process`; processes.csv has every process of every cycle")),
            None => Ok(()),
        };
    }
    let recorded = |id: u64| {
        data.transcripts
            .iter()
            .chain(&options.transcripts)
            .find(|t| t.process_id == id)
    };
    match options.process {
        Some(id) => {
            let transcript = recorded(id).ok_or_else(|| no_transcript(data, id))?;
            canvas.emit(&Dance::new(
                data,
                transcript,
                format!("dance-process-{id}"),
            )?)
        }
        None => {
            // Process ids run sweep point, replication, condition: ids 0..C are the first
            // replication of every condition at the first sweep point, with the same people.
            for c in 0..data.conditions.len().min(MAX_DEFAULT_DANCES) {
                let Some(transcript) = recorded(c as u64) else {
                    continue;
                };
                let name = format!("dance-{}", theme::slug(&data.conditions[c]));
                canvas.emit(&Dance::new(data, transcript, name)?)?;
            }
            Ok(())
        }
    }
}

/// Process `id` has no transcript to draw.
fn no_transcript(data: &RunData, id: u64) -> Error {
    let count = data.plan.process_count();
    if id >= count {
        return Error::input(format!(
            "there is no process {id}: this run has processes 0 to {}",
            count.saturating_sub(1)
        ));
    }
    Error::input(format!(
        "the run did not record the transcript of process {id}"
    ))
    .in_file(data.dir.join(crate::record::transcript::FILE))
    .with_hint(format!(
        "`{program} plot {} --process {id}` records it",
        data.dir.display(),
        program = crate::program::name(),
    ))
}

fn stakeholder_name(case: &PreparedCase, s: usize) -> String {
    let st = &case.case.stakeholders[s];
    if st.label.en.is_empty() {
        st.key.clone()
    } else {
        st.label.en.clone()
    }
}

fn outcome_text(t: &ProcessTranscript) -> String {
    let rounds = t.rounds;
    match t.outcome {
        Status::Agreed => format!("agreement in round {rounds}"),
        Status::Deadline => format!("no agreement by the deadline ({rounds} rounds)"),
        Status::WalkOut => format!("a walk-out in round {rounds}"),
        Status::Open => format!("still open after {rounds} rounds"),
    }
}

impl Dance {
    /// Prepares the dance of a recorded process.
    pub fn new(data: &RunData, t: &ProcessTranscript, file: String) -> Result<Dance> {
        let id = t.process_id;
        let process = data.plan.locate(id);
        let case = &data.plan.case_of(&process);
        let readings = read(case, &t.events);
        let names: Vec<String> = (0..case.n).map(|s| stakeholder_name(case, s)).collect();
        let condition = &data.plan.file.conditions[process.condition].name;
        let mut place = format!("Process {id} ({condition}");
        if data.points() > 1 {
            place.push_str(&format!(", {}", data.point_label(process.point)));
        }
        place.push_str(&format!(", replication {})", process.replication));
        let (moves, title, subtitle, legend) = if case.n == 2 {
            let moves = bilateral(case, &readings);
            let grey = match &moves {
                Moves::Bilateral { cloud, .. } if !cloud.is_empty() => {
                    " Grey: where the possible packages lie."
                }
                _ => "",
            };
            let mut legend = vec![
                LegendItem::new(
                    format!("offers by {}", names[0]),
                    theme::seat_colour(0),
                    Swatch::Marker(Marker::Circle),
                ),
                LegendItem::new(
                    format!("offers by {}", names[1]),
                    theme::seat_colour(1),
                    Swatch::Marker(Marker::Triangle),
                ),
            ];
            if let Moves::Bilateral { facilitator, .. } = &moves
                && !facilitator.is_empty()
            {
                legend.push(LegendItem::new(
                    "facilitator's text",
                    MUTED,
                    Swatch::Marker(Marker::Square),
                ));
            }
            legend.push(LegendItem::new("Pareto frontier", REFERENCE, Swatch::Line));
            if let Moves::Bilateral { nash: Some(_), .. } = &moves {
                legend.push(LegendItem::new(
                    "Nash point",
                    INK,
                    Swatch::Marker(Marker::Diamond),
                ));
            }
            if let Moves::Bilateral {
                agreement: Some(_), ..
            } = &moves
            {
                legend.push(LegendItem::new(
                    "agreement",
                    INK,
                    Swatch::Marker(Marker::Star),
                ));
            }
            legend.extend([
                LegendItem::new("BATNA", REFERENCE, Swatch::Dashed),
                LegendItem::new(
                    "both above their BATNA",
                    RGBColor(0xd9, 0xe8, 0xf3),
                    Swatch::Block,
                ),
            ]);
            (
                moves,
                format!(
                    "Did {} and {} find the Pareto frontier?",
                    names[0], names[1]
                ),
                format!(
                    "{place}: {}. Each marker is an offer, valued by both; arrows follow each side's offers in time.{grey}",
                    outcome_text(t)
                ),
                legend,
            )
        } else {
            let mut legend: Vec<LegendItem> = names
                .iter()
                .enumerate()
                .map(|(s, n)| {
                    let (colour, shape, pattern) = seat_style(s);
                    LegendItem::new(n.clone(), colour, Swatch::MarkedLine(shape, pattern))
                })
                .collect();
            legend.push(LegendItem::new(
                "BATNA (in each stakeholder's colour)",
                REFERENCE,
                Swatch::Dashed,
            ));
            (
                table(case, &readings),
                "Did the table's proposal clear everyone's BATNA?".to_string(),
                format!(
                    "{place}: {}. Lines: what each stakeholder gets from the leading proposal of each round (the one most others accepted; among equals, the one closest to being accepted).",
                    outcome_text(t)
                ),
                legend,
            )
        };
        Ok(Dance {
            frame: Frame {
                title,
                subtitle,
                legend,
                footer: footer(data),
            },
            file,
            batna: case.batna.clone(),
            names,
            moves,
        })
    }
}

fn utilities2(case: &PreparedCase, p: &[u8]) -> (f64, f64) {
    (case.utility(0, p), case.utility(1, p))
}

fn bilateral(case: &PreparedCase, readings: &[RoundReading]) -> Moves {
    let n = case.n;
    let mut offers = vec![Vec::new(); 2];
    let mut facilitator = Vec::new();
    let mut agreement = None;
    for reading in readings {
        let round = reading.round;
        let at = |package: &[u8]| {
            let (x, y) = utilities2(case, package);
            Offer { round, x, y }
        };
        for offer in &reading.proposals {
            if offer.slot < n {
                offers[offer.slot].push(at(&offer.package));
            } else {
                facilitator.push(at(&offer.package));
            }
        }
        if let Some(leading) = reading.leading.as_ref().filter(|l| l.agreed) {
            agreement = Some(at(&leading.package));
        }
    }
    let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
    let frontier = (0..space.len())
        .map(|p| (space.utilities(p)[0], space.utilities(p)[1]))
        .collect();
    let nash = space
        .nash
        .map(|p| (space.utilities(p)[0], space.utilities(p)[1]));
    Moves::Bilateral {
        cloud: cloud(case),
        frontier,
        nash,
        offers,
        facilitator,
        agreement,
    }
}

/// How many packages fall in each cell of utility space, when there are few enough to count.
fn cloud(case: &PreparedCase) -> Vec<(u32, u32, u64)> {
    if case.case.package_count() > MAX_CLOUD {
        return Vec::new();
    }
    let mut counts: BTreeMap<(u32, u32), u64> = BTreeMap::new();
    let bin = |u: f64| ((u * CLOUD_BINS as f64) as u32).min(CLOUD_BINS - 1);
    let mut p: Package = vec![0; case.k];
    loop {
        let (x, y) = utilities2(case, &p);
        *counts.entry((bin(x), bin(y))).or_insert(0) += 1;
        let mut i = case.k;
        loop {
            if i == 0 {
                return counts.into_iter().map(|((x, y), n)| (x, y, n)).collect();
            }
            i -= 1;
            p[i] += 1;
            if (p[i] as usize) < case.options[i] {
                break;
            }
            p[i] = 0;
        }
    }
}

fn table(case: &PreparedCase, readings: &[RoundReading]) -> Moves {
    let mut rounds = Vec::new();
    let mut utilities = vec![Vec::new(); case.n];
    let mut agreed_round = None;
    for reading in readings {
        let Some(leading) = &reading.leading else {
            continue;
        };
        rounds.push(reading.round);
        for (u, &score) in utilities.iter_mut().zip(&leading.scores) {
            u.push(score);
        }
        if leading.agreed {
            agreed_round = Some(reading.round);
        }
    }
    Moves::Table {
        rounds,
        utilities,
        agreed_round,
    }
}

impl Figure for Dance {
    fn name(&self) -> String {
        self.file.clone()
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        match self.moves {
            Moves::Bilateral { .. } => {
                "Offers that move up and to the right make both sides better off (value created); \
                 offers that slide along the frontier shift value from one side to the other. \
                 Agreements inside the dashed BATNA lines leave nobody worse off than walking away."
                    .into()
            }
            Moves::Table { .. } => {
                "Each line is one stakeholder; while a line is below its dashed BATNA, that \
                 stakeholder is better off without this proposal."
                    .into()
            }
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        match &self.moves {
            Moves::Bilateral {
                cloud,
                frontier,
                nash,
                offers,
                facilitator,
                agreement,
            } => {
                // A square plot (equal scales) with the legend in a column to its right.
                let frame = Frame {
                    legend: Vec::new(),
                    ..self.frame.clone()
                };
                let area = frame.draw(root)?;
                let side = self.plot_side(root, &area);
                let (plot, side_column) = area.split_horizontally(side);
                let (x0, _) = side_column.get_base_pixel();
                let (_, y0) = plot.get_base_pixel();
                // One entry a row; a label longer than the column loses its parenthesis (a
                // stakeholder's role), or is cut short.
                let style = theme::text(size::LEGEND, INK);
                let room = legend_room(root, x0);
                let items: Vec<LegendItem> = self
                    .frame
                    .legend
                    .iter()
                    .map(|item| LegendItem {
                        label: shortened(root, &item.label, &style, room),
                        ..item.clone()
                    })
                    .collect();
                legend(root, &items, x0 + LEGEND_GAP, y0 + 10, 100)?;
                self.draw_bilateral(
                    root,
                    &plot,
                    cloud,
                    frontier,
                    *nash,
                    offers,
                    facilitator,
                    *agreement,
                )
            }
            Moves::Table {
                rounds,
                utilities,
                agreed_round,
            } => {
                let area = self.frame.draw(root)?;
                self.draw_table(root, &area, rounds, utilities, *agreed_round)
            }
        }
    }
}

/// Pixels between the plot's cell and the legend column's swatches.
const LEGEND_GAP: i32 = 30;

/// The legend column's width beside a bilateral dance where the canvas is too narrow even for
/// its labels without their parentheses.
const LEGEND_COLUMN: i32 = 520;

/// The room for the legend's labels in a column starting at `x0`: the canvas's width less the
/// gap, the swatch and the right margin.
fn legend_room<DB: DrawingBackend>(root: &Area<DB>, x0: i32) -> i32 {
    root.dim_in_pixel().0 as i32 - MARGIN / 2 - (x0 + LEGEND_GAP) - theme::px(40.0)
}

/// The chart over the utilities of a bilateral dance.
type UtilityChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// A point's pixel position on the chart.
type Pixel<'a> = &'a dyn Fn(f64, f64) -> (i32, i32);

/// What a drawing step gives back, or plotters' error, boxed.
type Drawing<T> = std::result::Result<T, Box<dyn std::error::Error>>;

impl Dance {
    /// The width of a bilateral dance's plot cell on `area`: as wide as the plot is high and
    /// some (a square plot, equal scales), but leaving the legend column beside it the room
    /// its labels take without their parentheses, so that on a small canvas the plot keeps
    /// its room and the legend drops the roles; never narrower than beside a column of
    /// [`LEGEND_COLUMN`].
    fn plot_side<DB: DrawingBackend>(&self, root: &Area<DB>, area: &Area<DB>) -> i32 {
        let (w, h) = area.dim_in_pixel();
        let style = theme::text(size::LEGEND, INK);
        let widest = self
            .frame
            .legend
            .iter()
            .map(|item| width(root, without_parenthesis(&item.label), &style))
            .max()
            .unwrap_or(0);
        let beside_labels = legend_room(root, area.get_base_pixel().0) - widest;
        (h as i32 + 120).min(beside_labels.max(w as i32 - LEGEND_COLUMN))
    }

    /// Draws a dance of two on `area` (the plot's cell): the utility space, the moves and
    /// the names of the BATNAs, the agreement, the Nash point and the opening offers.
    fn draw_bilateral<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        area: &Area<DB>,
        cloud: &[(u32, u32, u64)],
        frontier: &[(f64, f64)],
        nash: Option<(f64, f64)>,
        offers: &[Vec<Offer>],
        facilitator: &[Offer],
        agreement: Option<Offer>,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let mut chart = self.utility_axes(area)?;
        self.draw_space(&mut chart, cloud, frontier)?;
        let px = |x: f64, y: f64| chart.backend_coord(&(x, y));
        let mut markers = draw_moves(root, &px, offers, facilitator, nash, agreement)?;
        markers.extend(frontier.iter().map(|&(x, y)| square(px(x, y), 4)));
        // Labels stay inside the plot, clear of the tick labels and the legend around it.
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let mut labels = Labels {
            bounds: (xs.start + 4, ys.start + 4, xs.end - 4, ys.end - 4),
            markers,
            placed: Vec::new(),
        };
        self.name_batnas(root, &mut labels, &px)?;
        name_points(root, &mut labels, &px, offers, nash, agreement)
    }

    /// The chart over both stakeholders' utilities on `area`, its axes drawn: the titles
    /// fitted along them and as many ticks as keep their labels apart on a narrow plot (see
    /// [`measure_axes`]).
    fn utility_axes<'a, DB: DrawingBackend>(
        &self,
        area: &'a Area<DB>,
    ) -> Drawing<UtilityChart<'a, DB>>
    where
        DB::ErrorType: 'static,
    {
        let fmt = |v: &f64| theme::tick(*v);
        let x_title = format!("utility of {}", self.names[0]);
        let y_title = format!("utility of {}", self.names[1]);
        let axis = |title| AxisSpec {
            title: Some(title),
            range: 0.0..1.0,
            ticks: Ticks::Round(6),
            format: &fmt,
        };
        let axes = measure_axes(area, &axis(&x_title), &axis(&y_title));
        let mut chart = axes.chart_on(area, 0.0..1.0, 0.0..1.0)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .draw()?;
        axes.draw_titles(area, &chart)?;
        Ok(chart)
    }

    /// Draws the space the offers move in: the packages (darker cells hold more), where both
    /// are better off than without agreement, the Pareto frontier and both BATNA lines.
    fn draw_space<DB: DrawingBackend>(
        &self,
        chart: &mut UtilityChart<'_, DB>,
        cloud: &[(u32, u32, u64)],
        frontier: &[(f64, f64)],
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let (b0, b1) = (self.batna[0], self.batna[1]);
        let most = cloud.iter().map(|c| c.2).max().unwrap_or(1).max(1) as f64;
        let cell = 1.0 / CLOUD_BINS as f64;
        // The outcome space as a density of packages: darker cells hold more of them.
        chart.draw_series(cloud.iter().map(|&(i, j, count)| {
            let t = ((count as f64).ln_1p() / most.ln_1p()).clamp(0.0, 1.0);
            let grey = (0xee as f64 - t * (0xee - FAINT.0) as f64).round() as u8;
            let (x, y) = (f64::from(i) * cell, f64::from(j) * cell);
            Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                RGBColor(grey, grey, grey).filled(),
            )
        }))?;
        // Where both are better off than without agreement.
        chart.draw_series(std::iter::once(Rectangle::new(
            [(b0, b1), (1.0, 1.0)],
            theme::seat_colour(0).mix(0.08).filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            frontier.to_vec(),
            REFERENCE.stroke_width(3),
        ))?;
        chart.draw_series(
            frontier
                .iter()
                .map(|&p| Circle::new(p, 4, REFERENCE.filled())),
        )?;
        chart.draw_series(DashedLineSeries::new(
            vec![(b0, 0.0), (b0, 1.0)],
            10,
            8,
            REFERENCE.stroke_width(3),
        ))?;
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, b1), (1.0, b1)],
            10,
            8,
            REFERENCE.stroke_width(3),
        ))?;
        Ok(())
    }

    /// Names both BATNA lines: the first stakeholder's beside its upright line from the x
    /// axis up, the second's along its level line from the y axis on.
    fn name_batnas<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        labels: &mut Labels,
        px: Pixel<'_>,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let (b0, b1) = (self.batna[0], self.batna[1]);
        let (upright, bottom) = px(b0, 0.0);
        let (left, level) = px(0.0, b1);
        let right = px(1.0, b1).0;
        let named = [
            labels.place(
                root,
                &format!("BATNA of {}", self.names[0]),
                |l, size, strict| l.first_clear(beside_upright(upright, bottom, size), strict),
            ),
            labels.place(
                root,
                &format!("BATNA of {}", self.names[1]),
                |l, size, strict| l.first_clear(along_level(left, right, level, size), strict),
            ),
        ];
        for (text, r) in named.into_iter().flatten() {
            root.draw(&Text::new(
                text,
                (r.0, r.1),
                note(HPos::Left, VPos::Top, MUTED),
            ))?;
        }
        Ok(())
    }
}

/// How far the Nash point's marker reaches from its centre, pixels.
const NASH_REACH: i32 = 15;
/// How far the agreement's marker reaches from its centre, pixels.
const AGREEMENT_REACH: i32 = 23;
/// How far an opening offer's marker reaches from its centre, pixels, with a gap: with the
/// gap [`place_labels`] adds, its label starts 16 pixels from the point.
const OFFER_REACH: i32 = 12;

/// The square a marker at `at` takes, `r` pixels from its centre each way.
fn square((x, y): (i32, i32), r: i32) -> Rect {
    (x - r, y - r, x + r, y + r)
}

/// Draws the offers (with arrows in time order, per side), the facilitator's texts, the
/// Nash point and the agreement; returns the squares their markers take, which labels keep
/// clear of.
fn draw_moves<DB: DrawingBackend>(
    root: &Area<DB>,
    px: Pixel<'_>,
    offers: &[Vec<Offer>],
    facilitator: &[Offer],
    nash: Option<(f64, f64)>,
    agreement: Option<Offer>,
) -> Drawing<Vec<Rect>>
where
    DB::ErrorType: 'static,
{
    let mut markers: Vec<Rect> = Vec::new();
    for (s, seat_offers) in offers.iter().enumerate() {
        let colour = theme::seat_colour(s);
        let shape = if s == 0 {
            Marker::Circle
        } else {
            Marker::Triangle
        };
        for pair in seat_offers.windows(2) {
            let (a, b) = (px(pair[0].x, pair[0].y), px(pair[1].x, pair[1].y));
            arrow(root, a, b, 11.0, colour)?;
        }
        for o in seat_offers {
            let at = px(o.x, o.y);
            marker(root, shape, at, 9, colour.filled(), WHITE.stroke_width(2))?;
            markers.push(square(at, 11));
        }
    }
    for o in facilitator {
        let at = px(o.x, o.y);
        marker(
            root,
            Marker::Square,
            at,
            8,
            MUTED.filled(),
            WHITE.stroke_width(2),
        )?;
        markers.push(square(at, 11));
    }
    if let Some((x, y)) = nash {
        let at = px(x, y);
        marker(
            root,
            Marker::Diamond,
            at,
            11,
            INK.filled(),
            WHITE.stroke_width(2),
        )?;
        markers.push(square(at, NASH_REACH));
    }
    if let Some(a) = agreement {
        let at = px(a.x, a.y);
        marker(
            root,
            Marker::Star,
            at,
            15,
            RGBColor(0xf0, 0xe4, 0x42).filled(),
            INK.stroke_width(2),
        )?;
        markers.push(square(at, AGREEMENT_REACH));
    }
    Ok(markers)
}

/// Names the agreement, the Nash point and both opening offers beside their markers, in that
/// order: a name that finds no place clear of those before it is left out.
fn name_points<DB: DrawingBackend>(
    root: &Area<DB>,
    labels: &mut Labels,
    px: Pixel<'_>,
    offers: &[Vec<Offer>],
    nash: Option<(f64, f64)>,
    agreement: Option<Offer>,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let mut points: Vec<(String, (i32, i32), i32, RGBColor)> = Vec::new();
    if let Some(a) = agreement {
        let text = format!("agreement (round {})", a.round);
        points.push((text, px(a.x, a.y), AGREEMENT_REACH, INK));
    }
    if let Some((x, y)) = nash {
        points.push(("Nash point".into(), px(x, y), NASH_REACH, INK));
    }
    for (s, seat_offers) in offers.iter().enumerate() {
        if let Some(first) = seat_offers.first() {
            let at = px(first.x, first.y);
            let colour = theme::seat_colour(s);
            points.push(("opening offer".into(), at, OFFER_REACH, colour));
        }
    }
    for (text, at, reach, colour) in points {
        let placed = labels.place(root, &text, |l, size, strict| {
            l.beside_point(at, reach, size, strict)
        });
        if let Some((text, r)) = placed {
            coloured_label(root, &text, at, r, reach, colour)?;
        }
    }
    Ok(())
}

/// Pixels between two places tried along a line.
const STEP: i32 = 8;

/// Places for a label of `size` beside an upright line at `x`, from `bottom` up: right of the
/// line, then left of it, a step higher each time.
fn beside_upright(x: i32, bottom: i32, (w, h): (i32, i32)) -> Vec<Rect> {
    (0..=bottom.max(0) / STEP)
        .flat_map(|k| {
            let b = bottom - 8 - k * STEP;
            [(x + 8, b - h, x + 8 + w, b), (x - 8 - w, b - h, x - 8, b)]
        })
        .collect()
}

/// Places for a label of `size` along a level line at `y` from `left` to `right`: above the
/// line, then under it, a step further right each time.
fn along_level(left: i32, right: i32, y: i32, (w, h): (i32, i32)) -> Vec<Rect> {
    (0..=(right - left).max(0) / STEP)
        .flat_map(|k| {
            let l = left + 8 + k * STEP;
            [(l, y - 6 - h, l + w, y - 6), (l, y + 6, l + w, y + 6 + h)]
        })
        .collect()
}

/// The gap a label keeps around it, pixels (as [`place_labels`] keeps).
const PAD: i32 = 3;

/// The labels inside a plot, placed one after another, each where it stays inside the plot
/// (clear of the tick labels and the legend outside it) and covers no label placed before it
/// nor, where it can, a marker.
struct Labels {
    /// Where labels may go: the plot, less a small gap.
    bounds: Rect,
    /// The markers labels keep clear of where they can.
    markers: Vec<Rect>,
    /// The labels placed so far.
    placed: Vec<Rect>,
}

impl Labels {
    /// What a label must not cover: the labels placed, and the markers where `strict`.
    fn obstacles(&self, strict: bool) -> Vec<Rect> {
        let markers: &[Rect] = if strict { &self.markers } else { &[] };
        self.placed.iter().chain(markers).copied().collect()
    }

    /// Whether a label at `r` stays inside the plot and keeps clear of what it must not
    /// cover (see [`Labels::obstacles`]).
    fn clear(&self, r: Rect, strict: bool) -> bool {
        let inside = r.0 >= self.bounds.0
            && r.1 >= self.bounds.1
            && r.2 <= self.bounds.2
            && r.3 <= self.bounds.3;
        let padded = (r.0 - PAD, r.1 - PAD, r.2 + PAD, r.3 + PAD);
        inside && !self.obstacles(strict).iter().any(|&o| overlap(padded, o))
    }

    /// The first of `places` that is clear (see [`Labels::clear`]).
    fn first_clear(&self, places: Vec<Rect>, strict: bool) -> Option<Rect> {
        places.into_iter().find(|&r| self.clear(r, strict))
    }

    /// Where [`place_labels`] puts a label of `size` beside the point at `at` (its marker
    /// `reach` pixels across its radius), if that place is clear: the nearest of the places
    /// around the point, ring by ring.
    fn beside_point(
        &self,
        at: (i32, i32),
        reach: i32,
        size: (i32, i32),
        strict: bool,
    ) -> Option<Rect> {
        let r = place_labels(
            &[(at, size)],
            reach + 4,
            &self.obstacles(strict),
            self.bounds,
        )[0];
        self.clear(r, strict).then_some(r)
    }

    /// Places `text`, whole or else without its parenthesis, where `spot` finds room for it:
    /// clear of the markers too if either form can be, else clear of the labels alone. Returns
    /// the form placed and its place, or `None` where neither fits: a label is left out
    /// rather than drawn over another.
    fn place<DB: DrawingBackend>(
        &mut self,
        root: &Area<DB>,
        text: &str,
        spot: impl Fn(&Labels, (i32, i32), bool) -> Option<Rect>,
    ) -> Option<(String, Rect)> {
        let style = theme::text(size::NOTE, INK);
        let mut forms = vec![text.to_string()];
        if without_parenthesis(text) != text {
            forms.push(without_parenthesis(text).to_string());
        }
        let sized: Vec<(String, (i32, i32))> = forms
            .into_iter()
            .map(|t| {
                let size = root
                    .estimate_text_size(&t, &style)
                    .map_or((160, 24), |(w, h)| (w as i32, h as i32));
                (t, size)
            })
            .collect();
        let found = [true, false].into_iter().find_map(|strict| {
            sized
                .iter()
                .find_map(|(t, size)| spot(self, *size, strict).map(|r| (t.clone(), r)))
        });
        if let Some((_, r)) = found {
            self.placed.push(r);
        }
        found
    }
}

impl Dance {
    /// Draws a dance of three or more on `area`: each stakeholder's utility of the leading
    /// proposal, round by round, with the BATNAs and the round of agreement.
    fn draw_table<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        area: &Area<DB>,
        rounds: &[u32],
        utilities: &[Vec<f64>],
        agreed_round: Option<u32>,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let last = rounds.last().copied().unwrap_or(1).max(2) as f64;
        let (x_range, y_range) = (0.5..last + 0.5, 0.0..1.02);
        let fmt = |v: &f64| theme::tick(*v);
        // No more ticks than rounds, so that every tick is a whole round; the value axis's
        // title fitted beside the plot, never above its top (see [`measure_axes`]).
        let axes = measure_axes(
            area,
            &AxisSpec {
                title: Some("round"),
                range: x_range.clone(),
                ticks: Ticks::Round((last as usize).min(12)),
                format: &fmt,
            },
            &AxisSpec {
                title: Some("utility of the leading proposal: 0 worst, 1 best"),
                range: y_range.clone(),
                ticks: Ticks::Round(6),
                format: &fmt,
            },
        );
        let mut chart = axes.chart_on(area, x_range, y_range)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .draw()?;
        axes.draw_titles(area, &chart)?;
        // Stakeholders with the same BATNA share one line whose dashes take their colours in
        // turn; drawn one over the other, only the last colour would show.
        let (left, right) = (
            chart.backend_coord(&(0.5, 0.0)).0,
            chart.backend_coord(&(last + 0.5, 0.0)).0,
        );
        let per_pixel = last / f64::from((right - left).max(1));
        let (dash, period) = (10.0 * per_pixel, 18.0 * per_pixel);
        let dashes = (last / period).ceil() as usize;
        for (b, same) in batna_lines(&self.batna) {
            chart.draw_series((0..dashes).map(|j| {
                let x = 0.5 + j as f64 * period;
                PathElement::new(
                    vec![(x, b), ((x + dash).min(last + 0.5), b)],
                    theme::seat_colour(same[j % same.len()]).stroke_width(2),
                )
            }))?;
        }
        if let Some(r) = agreed_round {
            let x = f64::from(r);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, 1.02)],
                INK.stroke_width(2),
            )))?;
            let at = chart.backend_coord(&(x, 1.02));
            root.draw(&Text::new(
                "agreement",
                (at.0 - 8, at.1 + 6),
                note(HPos::Right, VPos::Top, INK),
            ))?;
        }
        // Each stakeholder by colour, marker shape and (from the seventh on) dashes, so that
        // large tables and grey prints stay readable.
        for (s, u) in utilities.iter().enumerate() {
            let (colour, shape, pattern) = seat_style(s);
            let pts: Vec<(f64, f64)> = rounds
                .iter()
                .zip(u)
                .map(|(&r, &v)| (f64::from(r), v))
                .collect();
            draw_line(&mut chart, pts.clone(), colour, 3, pattern)?;
            for p in &pts {
                let at = chart.backend_coord(p);
                marker(root, shape, at, 7, colour.filled(), WHITE.stroke_width(1))?;
            }
        }
        Ok(())
    }
}

/// One BATNA line per distinct BATNA, with the seats that share it (in seat order), in the
/// order of their first seat.
fn batna_lines(batna: &[f64]) -> Vec<(f64, Vec<usize>)> {
    let mut lines: Vec<(f64, Vec<usize>)> = Vec::new();
    for (s, &b) in batna.iter().enumerate() {
        match lines.iter_mut().find(|(v, _)| (v - b).abs() < 1e-9) {
            Some((_, seats)) => seats.push(s),
            None => lines.push((b, vec![s])),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stakeholders_with_the_same_batna_share_one_line() {
        // The quickstart's office reorganisation: two pairs share a BATNA.
        assert_eq!(
            batna_lines(&[0.45, 0.35, 0.30, 0.30, 0.35]),
            [(0.45, vec![0]), (0.35, vec![1, 4]), (0.30, vec![2, 3])]
        );
    }
}
