//! The side-by-side table that ends a comparison: the same case and the same people under
//! two cultures (or an original and its fork), result by result.

use crate::metrics::process::dominated_choices;
use crate::protocol::components::Status;
use crate::teaching::catalogue::{Msg, capitalise};
use crate::teaching::narrator::Narrator;
use crate::teaching::table::Played;

/// The table as lines: a title, a header row with the column names, one row per result.
pub fn side_by_side(narrator: &Narrator, title: Msg, columns: &[(String, &Played)]) -> Vec<String> {
    let speak = narrator.speaker();
    let case = narrator.case();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let cell = |f: &dyn Fn(&Played) -> String| -> Vec<String> {
        columns.iter().map(|(_, p)| f(p)).collect()
    };
    rows.push((
        speak.say(Msg::RowAgreement, &[]),
        cell(&|p| match (&p.outcome.agreement, p.outcome.status) {
            (Some(_), _) => speak.say(Msg::RowInRound, &[("round", &p.outcome.rounds.to_string())]),
            (None, Status::WalkOut) => {
                speak.say(Msg::RowWalkout, &[("round", &p.outcome.rounds.to_string())])
            }
            (None, _) => speak.say(Msg::RowNoDeal, &[]),
        }),
    ));
    for s in 0..case.n {
        rows.push((
            capitalise(&format!(
                "{}, BATNA {}",
                narrator.name(s),
                speak.points(case.batna[s])
            )),
            cell(&|p| speak.points(p.metrics.utilities[s])),
        ));
    }
    rows.push((
        speak.say(Msg::RowJoint, &[]),
        // The sum of the scores in the rows above, as a class would add them.
        cell(&|p| speak.points_total(speak.points_sum(&p.metrics.utilities))),
    ));
    // One decimal where a value just below the threshold would round up to it.
    let world = cell(&|p| {
        speak
            .points_pair(p.metrics.world_value, case.case.world_threshold)
            .0
    });
    let world_decimal = columns
        .iter()
        .any(|(_, p)| speak.rounds_onto(p.metrics.world_value, case.case.world_threshold));
    rows.push((
        speak.say(
            Msg::RowWorld,
            &[("threshold", &speak.points(case.case.world_threshold))],
        ),
        world,
    ));
    rows.push((
        speak.say(Msg::RowWinWinWin, &[]),
        cell(&|p| speak.yes_no(p.metrics.win_win_win)),
    ));
    if case.has_outcome_space() {
        let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
        let best = speak.points_sum(space.utilities(space.best_joint));
        rows.push((
            speak.say(Msg::RowLeft, &[]),
            cell(&|p| speak.points_total((best - speak.points_sum(&p.metrics.utilities)).max(0.0))),
        ));
    }
    rows.push((
        speak.say(Msg::RowFixedPie, &[]),
        cell(&|p| match &p.outcome.agreement {
            Some(pkg) => dominated_choices(case, pkg, &p.outcome.available)
                .len()
                .to_string(),
            None => "-".to_string(),
        }),
    ));
    if case.hidden.iter().any(|&h| h) {
        rows.push((
            speak.say(Msg::RowHidden, &[]),
            cell(&|p| p.metrics.hidden_options_found.to_string()),
        ));
    }
    rows.push((
        speak.say(Msg::RowTrust, &[]),
        cell(&|p| speak.points(p.metrics.trust_mean)),
    ));
    let width = |s: &str| s.chars().count();
    let label_width = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
    let col_widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(c, (name, _))| {
            rows.iter()
                .map(|r| width(&r.1[c]))
                .chain(std::iter::once(width(name)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let title = speak.say(title, &[]);
    let mut lines = vec![title.clone(), "-".repeat(width(&title))];
    let pad_left = |s: &str, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(width(s))));
    let pad_right = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
    let mut header = pad_right("", label_width);
    for (c, (name, _)) in columns.iter().enumerate() {
        header.push_str("   ");
        header.push_str(&pad_left(name, col_widths[c]));
    }
    lines.push(header.trim_end().to_string());
    for (label, values) in &rows {
        let mut line = pad_right(&capitalise(label), label_width);
        for (c, v) in values.iter().enumerate() {
            line.push_str("   ");
            line.push_str(&pad_left(v, col_widths[c]));
        }
        lines.push(line);
    }
    // A value with a decimal is one that would round to the bar it misses: say so.
    if world_decimal {
        lines.push(speak.say(
            Msg::DecimalNote,
            &[("threshold", &speak.points(case.case.world_threshold))],
        ));
    }
    lines
}
