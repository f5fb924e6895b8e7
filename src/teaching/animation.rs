//! The negotiation dance as an animated GIF for slides, one frame per round.
//!
//! With two parties every proposal is a point in utility space: the frame shows where each
//! party's proposals have moved, towards or away from the Pareto frontier, with both BATNAs
//! and the Nash point. With more parties a plane no longer fits, so the frame shows, round by
//! round, what the package closest to a deal gives each party (and the world), against their
//! BATNAs. A comparison or a fork shows its processes side by side.
//!
//! Each frame says what the package closest to a deal is worth to the world, against what the
//! case asks; the final state holds about three seconds before the loop starts again.
//!
//! Drawing is self-contained (plotters' bitmap backend with DejaVu Sans embedded, its text set
//! by the charts' typesetter, [`crate::charts::typeset`], so letters are spaced evenly as in
//! the PNG charts: no system fonts). The file is written next to its destination and renamed
//! when complete.

use crate::charts::draw::{LegendItem, Swatch, legend_at_scale, legend_height};
use crate::charts::typeset::Typeset;
use crate::error::{Error, ErrorKind, Result};
use crate::model::label::Lang;
use crate::model::prepared::{Package, PreparedCase};
use crate::output::atomic::write_whole;
use crate::protocol::reader::read;
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::demonstration::{Demonstration, fork_words};
use crate::teaching::table::Played;
use plotters::prelude::*;
use std::path::Path;

/// Width of one panel in pixels.
const PANEL_WIDTH: u32 = 640;
/// Height of the animation in pixels.
const HEIGHT: u32 = 560;
/// Time each round stays on screen, in milliseconds.
const FRAME_MS: u32 = 600;
/// How long the final state stays on screen before the loop starts again, in milliseconds
/// (long enough to read the ending and the world's value).
const HOLD_MS: u32 = 3000;
/// Extra frames that hold the final state (a GIF made by plotters has one delay for all).
const HOLD_FRAMES: u32 = HOLD_MS / FRAME_MS;
/// Okabe-Ito colours: distinguishable with colour-blindness, one per stakeholder.
const COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
];
const GREY: RGBColor = RGBColor(150, 150, 150);
/// Muted text (the fork's note).
const MUTED: RGBColor = RGBColor(95, 95, 95);
/// The legend's size relative to the report charts' (which are drawn at 1600 x 900).
const LEGEND_SCALE: f64 = 0.5;

/// What one process looked like round by round, as the transcript's reader tells it.
struct Frames {
    /// Per round: each slot's package (seats, then the facilitator), if one was on the table.
    proposals: Vec<Vec<Option<Package>>>,
    /// Per round: the leading proposal (see [`crate::protocol::reader`]).
    leading: Vec<Option<Package>>,
}

impl Frames {
    fn of(case: &PreparedCase, played: &Played) -> Frames {
        let n = case.n;
        let rounds = played.outcome.rounds.max(1) as usize;
        let mut proposals = vec![vec![None; n + 1]; rounds];
        let mut leading = vec![None; rounds];
        for reading in read(case, &played.outcome.transcript) {
            let r = reading.round as usize;
            if r == 0 || r > rounds {
                continue;
            }
            for offer in reading.proposals {
                proposals[r - 1][offer.slot] = Some(offer.package);
            }
            leading[r - 1] = reading.leading.map(|l| l.package);
        }
        Frames { proposals, leading }
    }

    /// The leading proposal of round `r` (from 1).
    fn leading_package(&self, r: usize) -> Option<&Package> {
        self.leading.get(r - 1)?.as_ref()
    }
}

/// Checks that the animation can be written to `path` before anything is played: the path
/// names a `.gif` file (not an existing folder) in a folder that exists. Another extension is
/// refused: a GIF under a `.png` name opens as a still picture, or not at all. Told in `lang`.
pub fn check_destination(path: &Path, lang: Lang) -> Result<()> {
    use crate::output::atomic::{Unwritable, destination_problem};
    let speak = Speaker::new(lang);
    let shown = |p: &Path| p.display().to_string();
    if let Some(problem) = destination_problem(path) {
        let example = |p: &Path| speak.say(Msg::GifNameItHint, &[("example", &shown(p))]);
        let (problem, hint) = match problem {
            Unwritable::Empty => (
                speak.say(Msg::GifEmpty, &[]),
                example(Path::new("demo.gif")),
            ),
            Unwritable::Folder => (
                speak.say(Msg::GifFolder, &[]),
                speak.say(
                    Msg::GifInFolderHint,
                    &[("example", &shown(&path.join("demo.gif")))],
                ),
            ),
            Unwritable::NoFileName => (
                speak.say(Msg::GifNoFileName, &[]),
                example(Path::new("demo.gif")),
            ),
            Unwritable::ParentIsFile(dir) => (
                speak.say(Msg::GifParentIsFile, &[("dir", &shown(&dir))]),
                speak.say(Msg::GifIntoFolderHint, &[]),
            ),
            Unwritable::NoFolder(dir) => (
                speak.say(Msg::GifNoFolder, &[("dir", &shown(&dir))]),
                speak.say(Msg::GifNoFolderHint, &[]),
            ),
            Unwritable::PartialIsFolder(partial) => (
                speak.say(Msg::GifPartialIsFolder, &[("partial", &shown(&partial))]),
                speak.say(Msg::GifPartialHint, &[]),
            ),
            Unwritable::NotCreatable(e) => (
                speak.say(Msg::GifNotCreatable, &[("why", &e.to_string())]),
                speak.say(Msg::GifWritableHint, &[]),
            ),
        };
        return Err(Error::input(speak.say(
            Msg::GifCannot,
            &[("path", &shown(path)), ("problem", &problem)],
        ))
        .at_key("--gif")
        .with_hint(hint));
    }
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !extension.eq_ignore_ascii_case("gif") {
        return Err(
            Error::input(speak.say(Msg::GifExtension, &[("path", &shown(path))])).with_hint(
                speak.say(
                    Msg::GifExtensionHint,
                    &[("example", &shown(&path.with_extension("gif")))],
                ),
            ),
        );
    }
    Ok(())
}

/// Writes the animation of a demonstration to `path`.
pub fn write_gif(shown: &Demonstration, lang: Lang, path: &Path) -> Result<()> {
    crate::charts::fonts::register()?;
    let speak = Speaker::new(lang);
    let case = &shown.case;
    check_destination(path, lang)?;
    let panels = shown.played.len().max(1) as u32;
    let frames: Vec<Frames> = shown.played.iter().map(|p| Frames::of(case, p)).collect();
    let rounds = shown
        .played
        .iter()
        .map(|p| p.outcome.rounds)
        .max()
        .unwrap_or(0)
        .max(1);
    // A fork is marked in both panels (where they part) and told in the fork's panel.
    let fork_note = shown
        .fork
        .map(|fork| fork_words(Msg::AnimFork, &shown.played[0], &fork, speak));
    let draw_error = |e: String| Error {
        kind: ErrorKind::Io,
        file: Some(path.to_path_buf()),
        line: None,
        key: None,
        message: speak.say(Msg::GifDraw, &[("why", &e)]),
        hint: None,
        fault: None,
    };
    write_whole(path, |partial| {
        {
            // Text set by the charts' typesetter: even letter spacing, as in the PNG charts.
            let root = Typeset::raster(
                BitMapBackend::gif(partial, (PANEL_WIDTH * panels, HEIGHT), FRAME_MS)
                    .map_err(|e| draw_error(e.to_string()))?,
            )
            .into_drawing_area();
            for frame in 1..=rounds + HOLD_FRAMES {
                let round = frame.min(rounds);
                root.fill(&WHITE).map_err(|e| draw_error(e.to_string()))?;
                let areas = root.split_evenly((1, panels as usize));
                for (p, area) in areas.iter().enumerate() {
                    let played = &shown.played[p];
                    let panel = Panel {
                        case,
                        played,
                        frames: &frames[p],
                        name: shown.names.get(p).cloned().unwrap_or_default(),
                        round: round.min(played.outcome.rounds.max(1)),
                        rounds,
                        speak,
                        fork_round: shown.fork.map(|f| f.round),
                        note: fork_note.as_deref().filter(|_| p == 1),
                    };
                    let result = if case.n == 2 {
                        plane(area, &panel)
                    } else {
                        lines(area, &panel)
                    };
                    result.map_err(draw_error)?;
                }
                root.present().map_err(|e| draw_error(e.to_string()))?;
            }
        }
        Ok(())
    })
}

type Area<'a> = DrawingArea<Typeset<BitMapBackend<'a>>, plotters::coord::Shift>;

/// One process's panel in one frame.
struct Panel<'a> {
    case: &'a PreparedCase,
    played: &'a Played,
    frames: &'a Frames,
    /// The panel's name (a culture, "original", "fork"), or empty.
    name: String,
    /// The round shown.
    round: u32,
    /// The rounds of the longest process shown (the common time axis).
    rounds: u32,
    speak: Speaker,
    /// The round a fork starts, in both of a fork's panels.
    fork_round: Option<u32>,
    /// What the fork changed, in the fork's panel.
    note: Option<&'a str>,
}

impl Panel<'_> {
    /// "name: round r", and the ending in the last round.
    fn caption(&self) -> String {
        let speak = self.speak;
        let mut text = speak.say(
            Msg::AnimRound,
            &[("name", &self.name), ("round", &self.round.to_string())],
        );
        if self.round >= self.played.outcome.rounds {
            text.push_str(" - ");
            text.push_str(&speak.say(
                if self.played.outcome.agreement.is_some() {
                    Msg::AnimAgreement
                } else {
                    Msg::AnimNoDeal
                },
                &[],
            ));
        }
        text
    }

    /// A stakeholder's name.
    fn who(&self, s: usize) -> String {
        self.case.case.stakeholders[s]
            .label
            .get(self.speak.lang)
            .to_string()
    }
}

/// Draws the fork's note at the top of `area` if the panel has one; returns the area below.
/// Both panels of a fork keep room for it, so that their plots line up.
fn with_note<'a>(area: &Area<'a>, panel: &Panel) -> std::result::Result<Area<'a>, String> {
    if panel.fork_round.is_none() {
        return Ok(area.clone());
    }
    let (top, rest) = area.split_vertically(22);
    if let Some(note) = panel.note {
        top.draw_text(note, &("sans-serif", 13).into_font().color(&MUTED), (12, 6))
            .map_err(|e| e.to_string())?;
    }
    Ok(rest)
}

/// Draws, at the top of `area`, what the package closest to a deal in the panel's round is
/// worth to the world against what the case asks (green when it clears the bar); returns the
/// area below. A panel keeps the room when there is no such package yet, so frames line up.
fn with_world<'a>(area: &Area<'a>, panel: &Panel) -> std::result::Result<Area<'a>, String> {
    let (top, rest) = area.split_vertically(20);
    let case = panel.case;
    if let Some(package) = panel.frames.leading_package(panel.round as usize) {
        let (world, threshold) = (case.world_value(package), case.case.world_threshold);
        let (world_text, threshold_text) = panel.speak.points_pair(world, threshold);
        let text = panel.speak.say(
            Msg::AnimWorldNow,
            &[("world", &world_text), ("threshold", &threshold_text)],
        );
        let colour = if world >= threshold {
            COLOURS[2]
        } else {
            COLOURS[1]
        };
        top.draw_text(
            &text,
            &("sans-serif", 14).into_font().color(&colour),
            (12, 3),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(rest)
}

/// Two parties: proposals as points in utility space.
fn plane(area: &Area, panel: &Panel) -> std::result::Result<(), String> {
    let (case, frames, round, speak) = (panel.case, panel.frames, panel.round, panel.speak);
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let area = with_note(area, panel)?;
    let area = with_world(&area, panel)?;
    let mut chart = ChartBuilder::on(&area)
        .caption(panel.caption(), ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..100f64, 0f64..100f64)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(speak.say(Msg::AnimUtilityOf, &[("who", &panel.who(0))]))
        .y_desc(speak.say(Msg::AnimUtilityOf, &[("who", &panel.who(1))]))
        .light_line_style(WHITE)
        .label_style(("sans-serif", 13))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()
        .map_err(|e| err(&e))?;
    let point = |p: &[u8]| (case.utility(0, p) * 100.0, case.utility(1, p) * 100.0);
    // BATNAs: below them, a party would rather have no deal.
    let (b0, b1) = (case.batna[0] * 100.0, case.batna[1] * 100.0);
    let dashed = GREY.stroke_width(1);
    chart
        .draw_series(DashedLineSeries::new(
            vec![(b0, 0.0), (b0, 100.0)],
            6,
            4,
            dashed,
        ))
        .map_err(|e| err(&e))?
        .label(speak.say(Msg::AnimBatna, &[]))
        .legend(move |(x, y)| {
            EmptyElement::at((x, y))
                + PathElement::new(vec![(0, 0), (6, 0)], dashed)
                + PathElement::new(vec![(10, 0), (16, 0)], dashed)
        });
    chart
        .draw_series(DashedLineSeries::new(
            vec![(0.0, b1), (100.0, b1)],
            6,
            4,
            dashed,
        ))
        .map_err(|e| err(&e))?;
    if case.has_outcome_space() {
        let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
        let mut frontier: Vec<(f64, f64)> = (0..space.len())
            .map(|p| {
                let u = space.utilities(p);
                (u[0] * 100.0, u[1] * 100.0)
            })
            .collect();
        frontier.sort_by(|a, b| a.0.total_cmp(&b.0));
        chart
            .draw_series(LineSeries::new(frontier, BLACK.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(speak.say(Msg::AnimFrontier, &[]))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
        if let Some(nash) = space.nash {
            let u = space.utilities(nash);
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    (u[0] * 100.0, u[1] * 100.0),
                    9,
                    BLACK.filled(),
                )))
                .map_err(|e| err(&e))?
                .label(speak.say(Msg::AnimNash, &[]))
                .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, BLACK.filled()));
        }
    }
    for slot in 0..=case.n {
        let trail: Vec<(f64, f64)> = (0..round as usize)
            .filter_map(|r| frames.proposals.get(r)?.get(slot)?.as_deref().map(point))
            .collect();
        if trail.is_empty() {
            continue;
        }
        let colour = if slot < case.n {
            COLOURS[slot]
        } else {
            COLOURS[6]
        };
        let label = if slot < case.n {
            panel.who(slot)
        } else {
            speak.say(Msg::Facilitator, &[])
        };
        chart
            .draw_series(LineSeries::new(
                trail.clone(),
                colour.mix(0.35).stroke_width(2),
            ))
            .map_err(|e| err(&e))?;
        chart
            .draw_series(
                trail[..trail.len() - 1]
                    .iter()
                    .map(|&p| Circle::new(p, 3, colour.mix(0.45).filled())),
            )
            .map_err(|e| err(&e))?;
        let last = *trail.last().unwrap_or(&(0.0, 0.0));
        chart
            .draw_series(std::iter::once(Circle::new(last, 8, colour.filled())))
            .map_err(|e| err(&e))?
            .label(label)
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, colour.filled()));
    }
    if round >= panel.played.outcome.rounds
        && let Some(agreed) = &panel.played.outcome.agreement
    {
        chart
            .draw_series(std::iter::once(Circle::new(
                point(agreed),
                14,
                BLACK.stroke_width(3),
            )))
            .map_err(|e| err(&e))?
            .label(speak.say(Msg::AnimAgreement, &[]))
            .legend(|(x, y)| Circle::new((x + 8, y), 6, BLACK.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(|e| err(&e))
}

/// More parties: per round, what the package closest to a deal gives each party and the world.
fn lines(area: &Area, panel: &Panel) -> std::result::Result<(), String> {
    let (case, frames, round, speak) = (panel.case, panel.frames, panel.round, panel.speak);
    let err = |e: &dyn std::fmt::Display| e.to_string();
    // The header: what is shown, the fork's note, and the legend, above the plot so that it
    // never covers a line.
    let mut legend: Vec<LegendItem> = (0..case.n)
        .map(|s| LegendItem::new(panel.who(s), COLOURS[s % 6], Swatch::Line))
        .collect();
    legend.push(LegendItem::new(
        speak.say(Msg::AnimWorld, &[]),
        BLACK,
        Swatch::Line,
    ));
    let (width, _) = area.dim_in_pixel();
    let legend_width = width as i32 - 24;
    // Both panels of a fork keep room for the note, so that their plots line up.
    let note_height = if panel.fork_round.is_some() { 20 } else { 0 };
    let header = 28 + note_height + legend_height(area, &legend, legend_width, LEGEND_SCALE);
    let (top, rest) = area.split_vertically(header as u32);
    top.draw_text(
        &speak.say(Msg::AnimLeading, &[]),
        &("sans-serif", 14).into_font().color(&BLACK),
        (12, 10),
    )
    .map_err(|e| err(&e))?;
    if let Some(note) = panel.note {
        top.draw_text(
            note,
            &("sans-serif", 13).into_font().color(&MUTED),
            (12, 30),
        )
        .map_err(|e| err(&e))?;
    }
    legend_at_scale(
        &top,
        &legend,
        (12, 24 + note_height),
        legend_width,
        LEGEND_SCALE,
    )
    .map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&rest)
        .caption(panel.caption(), ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(1f64..f64::from(panel.rounds.max(2)), 0f64..100f64)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(speak.say(Msg::AnimRoundAxis, &[]))
        .y_desc(speak.say(Msg::AnimScoreAxis, &[]))
        .light_line_style(WHITE)
        .label_style(("sans-serif", 13))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()
        .map_err(|e| err(&e))?;
    let span = (1.0, f64::from(panel.rounds.max(2)));
    if let Some(fork) = panel.fork_round {
        let x = f64::from(fork);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x, 0.0), (x, 100.0)],
                4,
                4,
                MUTED.stroke_width(2),
            ))
            .map_err(|e| err(&e))?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((x, 99.0))
                    + Text::new(
                        speak.say(Msg::ColumnFork, &[]),
                        (5, 0),
                        ("sans-serif", 13).into_font().color(&MUTED),
                    ),
            ))
            .map_err(|e| err(&e))?;
    }
    for s in 0..case.n {
        let colour = COLOURS[s % 6];
        let b = case.batna[s] * 100.0;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(span.0, b), (span.1, b)],
                6,
                4,
                colour.mix(0.6).stroke_width(1),
            ))
            .map_err(|e| err(&e))?;
        let series: Vec<(f64, f64)> = (1..=round as usize)
            .filter_map(|r| {
                frames
                    .leading_package(r)
                    .map(|p| (r as f64, case.utility(s, p) * 100.0))
            })
            .collect();
        chart
            .draw_series(LineSeries::new(series.clone(), colour.stroke_width(3)))
            .map_err(|e| err(&e))?;
        if let Some(&last) = series.last() {
            chart
                .draw_series(std::iter::once(Circle::new(last, 5, colour.filled())))
                .map_err(|e| err(&e))?;
        }
    }
    let world: Vec<(f64, f64)> = (1..=round as usize)
        .filter_map(|r| {
            frames
                .leading_package(r)
                .map(|p| (r as f64, case.world_value(p) * 100.0))
        })
        .collect();
    chart
        .draw_series(LineSeries::new(world, BLACK.stroke_width(2)))
        .map_err(|e| err(&e))?;
    let threshold = case.case.world_threshold * 100.0;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(span.0, threshold), (span.1, threshold)],
            3,
            3,
            BLACK.stroke_width(1),
        ))
        .map_err(|e| err(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::atomic::partial_path;

    #[test]
    fn a_failed_write_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        // The drawing fails half-way.
        let path = dir.path().join("demo.gif");
        let e = write_whole(&path, |partial| {
            std::fs::write(partial, b"GIF89a half").unwrap();
            Err(Error::input("the drawing failed"))
        })
        .unwrap_err();
        assert_eq!(e.message, "the drawing failed");
        // The file cannot be moved into place (a folder is in the way).
        let folder = dir.path().join("taken.gif");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inside"), b"x").unwrap();
        assert!(
            write_whole(&folder, |partial| {
                std::fs::write(partial, b"GIF89a whole").map_err(|e| Error::io(partial, &e))
            })
            .is_err()
        );
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["taken.gif"]);
        // A whole write is moved into place.
        write_whole(&path, |partial| {
            std::fs::write(partial, b"GIF89a").map_err(|e| Error::io(partial, &e))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"GIF89a");
        assert!(!partial_path(&path).exists());
    }

    #[test]
    fn a_folder_or_a_file_in_the_way_is_refused_before_anything_is_played() {
        let dir = tempfile::tempdir().unwrap();
        let e = check_destination(dir.path(), Lang::En).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.contains("it is a folder"), "{}", e.message);
        assert!(e.hint.unwrap().contains("demo.gif"));
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, b"x").unwrap();
        let e = check_destination(&file.join("demo.gif"), Lang::En).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.message.contains("is a file, not a folder"),
            "{}",
            e.message
        );
        check_destination(&dir.path().join("demo.gif"), Lang::En).unwrap();
        check_destination(&dir.path().join("DEMO.GIF"), Lang::En).unwrap();
    }

    #[test]
    fn a_name_that_does_not_end_in_gif_is_refused_with_the_right_one() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["dance.png", "dance"] {
            let e = check_destination(&dir.path().join(name), Lang::En).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.message.contains("must end in .gif"), "{}", e.message);
            assert!(e.hint.unwrap().ends_with("dance.gif"));
        }
    }
}
