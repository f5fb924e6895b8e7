//! The side-by-side table that ends a comparison: the same case and the same people under
//! two cultures (or an original and its fork), result by result.

use crate::metrics::process::dominated_choices;
use crate::protocol::components::Status;
use crate::teaching::catalogue::{Msg, capitalise};
use crate::teaching::narrator::Narrator;
use crate::teaching::table::Played;
use crate::teaching::wrap::{wrap, wrap_words};
use serde::Serialize;

/// A comparison of processes, result by result: what the side-by-side table shows, computed
/// once. The terminal prints it as text ([`Comparison::side_by_side`]); the studio's page
/// draws it as a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The title.
    pub title: String,
    /// The column names: a culture each, or the original and the fork.
    pub columns: Vec<String>,
    /// One row per result.
    pub rows: Vec<ComparisonRow>,
    /// A sentence under the table where a value needs one (a world value with a decimal).
    pub note: Option<String>,
}

/// One result of a [`Comparison`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComparisonRow {
    /// What the row shows, with a capital ("Agreement", "Sam (candidate), BATNA 30").
    pub label: String,
    /// Its value in each column, as told: numbers with the language's decimal mark.
    pub cells: Vec<String>,
}

/// A side-by-side table as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideBySide {
    /// The title, its rule, the column names, one row per result, and a note where a value
    /// needs one.
    pub lines: Vec<String>,
    /// How many of the lines are the title: more than one where it wraps to fit a width.
    pub title_lines: usize,
}

/// The comparison of `columns` (each a name and what was played), under the title `title`.
pub fn comparison(narrator: &Narrator, title: Msg, columns: &[(String, &Played)]) -> Comparison {
    let speak = narrator.speaker();
    let case = narrator.case();
    let mut rows: Vec<ComparisonRow> = Vec::new();
    let mut row = |label: String, f: &dyn Fn(&Played) -> String| {
        rows.push(ComparisonRow {
            label: capitalise(&label),
            cells: columns.iter().map(|(_, p)| f(p)).collect(),
        })
    };
    row(
        speak.say(Msg::RowAgreement, &[]),
        &|p| match (&p.outcome.agreement, p.outcome.status) {
            (Some(_), _) => speak.say(Msg::RowInRound, &[("round", &p.outcome.rounds.to_string())]),
            (None, Status::WalkOut) => {
                speak.say(Msg::RowWalkout, &[("round", &p.outcome.rounds.to_string())])
            }
            (None, _) => speak.say(Msg::RowNoDeal, &[]),
        },
    );
    for s in 0..case.n {
        row(
            format!(
                "{}, BATNA {}",
                narrator.name(s),
                speak.points(case.batna[s])
            ),
            &|p| speak.points(p.metrics.utilities[s]),
        );
    }
    // The sum of the scores in the rows above, as a class would add them.
    row(speak.say(Msg::RowJoint, &[]), &|p| {
        speak.points_total(speak.points_sum(&p.metrics.utilities))
    });
    // One decimal where a value just below the threshold would round up to it.
    let threshold = case.case.world_threshold;
    row(
        speak.say(Msg::RowWorld, &[("threshold", &speak.points(threshold))]),
        &|p| speak.points_pair(p.metrics.world_value, threshold).0,
    );
    row(speak.say(Msg::RowWinWinWin, &[]), &|p| {
        speak.yes_no(p.metrics.win_win_win)
    });
    if case.has_outcome_space() {
        let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
        let best = speak.points_sum(space.utilities(space.best_joint));
        row(speak.say(Msg::RowLeft, &[]), &|p| {
            speak.points_total((best - speak.points_sum(&p.metrics.utilities)).max(0.0))
        });
    }
    row(
        speak.say(Msg::RowFixedPie, &[]),
        &|p| match &p.outcome.agreement {
            Some(pkg) => dominated_choices(case, pkg, &p.outcome.available)
                .len()
                .to_string(),
            None => "-".to_string(),
        },
    );
    if case.hidden.iter().any(|&h| h) {
        row(speak.say(Msg::RowHidden, &[]), &|p| {
            p.metrics.hidden_options_found.to_string()
        });
    }
    row(speak.say(Msg::RowTrust, &[]), &|p| {
        speak.points(p.metrics.trust_mean)
    });
    // A value with a decimal is one that would round to the bar it misses: say so.
    let world_decimal = columns
        .iter()
        .any(|(_, p)| speak.rounds_onto(p.metrics.world_value, threshold));
    Comparison {
        title: speak.say(title, &[]),
        columns: columns.iter().map(|(name, _)| name.clone()).collect(),
        rows,
        note: world_decimal
            .then(|| speak.say(Msg::DecimalNote, &[("threshold", &speak.points(threshold))])),
    }
}

impl Comparison {
    /// The table as a terminal prints it: a title, a header row with the column names, one
    /// row per result, and the note.
    ///
    /// With a `width` (a terminal's columns) a table that would be wider is fitted to it:
    /// first each column's name is stacked word by word over its values, then the gaps
    /// narrowed, then the row labels wrapped (the values stand on a label's last line); where
    /// no table fits, it becomes a list of each row's values. Without one, every name and
    /// label stands on one line (the golden transcripts).
    pub fn side_by_side(&self, width: Option<usize>) -> SideBySide {
        let names: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let mut lines = lay_out(&self.title, &names, &self.rows, width);
        if let Some(note) = &self.note {
            // A sentence, wrapped as the narration is (the table's lines are not wrapped again).
            match width {
                Some(width) => lines.extend(wrap(note, width)),
                None => lines.push(note.clone()),
            }
        }
        let title_lines = lines.iter().position(|l| is_rule(l)).unwrap_or(0);
        SideBySide { lines, title_lines }
    }
}

/// Columns between the labels and each column of values.
const GAP: usize = 3;
/// The gap of a table narrowed to fit a terminal.
const NARROW_GAP: usize = 2;

/// The columns a string takes in a terminal (one per character: the narration has no wide
/// characters).
fn chars(s: &str) -> usize {
    s.chars().count()
}

/// `text` wrapped between words to `width` (a longer word stands unbroken), continuations
/// indented by `indent`. A number stays on the line of the word before it ("BATNA 30",
/// "(asked: 85)"), so that no line starts with a number cut off from what it counts.
fn wrapped(text: &str, width: usize, indent: &str) -> Vec<String> {
    wrap_words(text, width, "", indent, |_, word| {
        word.trim_start_matches('(')
            .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A column's name stacked over values `values` wide: as narrow as its longest word and its
/// values allow, but on at most two lines where a wider stack can do that.
fn stacked(name: &str, values: usize) -> Vec<String> {
    let longest_word = name.split(' ').map(chars).max().unwrap_or(0);
    let mut width = values.max(longest_word);
    let mut lines = wrapped(name, width, "");
    while lines.len() > 2 && width < chars(name) {
        width += 1;
        lines = wrapped(name, width, "");
    }
    lines
}

/// The title, its underline, the column names (bottom-aligned when stacked) and the rows,
/// fitted to `width` as [`Comparison::side_by_side`] says: names stacked first, then narrower gaps, then
/// labels wrapped (a row's values on its label's last line, level with the names' last line
/// above them); a table that still does not fit becomes a list.
fn lay_out(
    title: &str,
    names: &[&str],
    rows: &[ComparisonRow],
    width: Option<usize>,
) -> Vec<String> {
    let values: Vec<usize> = (0..names.len())
        .map(|c| rows.iter().map(|r| chars(&r.cells[c])).max().unwrap_or(0))
        .collect();
    let mut headers: Vec<Vec<String>> = names.iter().map(|n| vec![n.to_string()]).collect();
    let mut label_width = rows.iter().map(|r| chars(&r.label)).max().unwrap_or(0);
    let mut gap = GAP;
    let column_widths = |headers: &[Vec<String>]| -> Vec<usize> {
        headers
            .iter()
            .zip(&values)
            .map(|(lines, &v)| lines.iter().map(|l| chars(l)).fold(v, usize::max))
            .collect()
    };
    let values_width = |widths: &[usize], gap: usize| widths.iter().map(|w| gap + w).sum::<usize>();
    let mut widths = column_widths(&headers);
    let mut title_lines = vec![title.to_string()];
    if let Some(limit) = width {
        if label_width + values_width(&widths, gap) > limit {
            for (c, name) in names.iter().enumerate() {
                headers[c] = stacked(name, values[c]);
            }
            widths = column_widths(&headers);
        }
        if label_width + values_width(&widths, gap) > limit {
            gap = NARROW_GAP;
        }
        if label_width + values_width(&widths, gap) > limit {
            // No narrower than a label's longest unbreakable run (a word and its number),
            // indented as a continuation.
            let narrowest = rows
                .iter()
                .flat_map(|r| wrapped(&r.label, 1, ""))
                .map(|l| chars(&l) + 2)
                .max()
                .unwrap_or(0);
            label_width = limit
                .saturating_sub(values_width(&widths, gap))
                .clamp(narrowest.min(label_width), label_width);
        }
        if chars(title) > limit {
            title_lines = wrapped(title, limit, "");
        }
        if label_width + values_width(&widths, gap) > limit {
            return listed(title_lines, names, rows, limit);
        }
    }
    let pad_left = |s: &str, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(chars(s))));
    let pad_right = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(chars(s))));
    // A line of the table: its label on the left, its cells right-aligned in the columns.
    let line_of = |label: &str, cells: &mut dyn Iterator<Item = &str>| {
        let mut line = pad_right(label, label_width);
        for (cell, &w) in cells.zip(&widths) {
            line.push_str(&" ".repeat(gap));
            line.push_str(&pad_left(cell, w));
        }
        line
    };
    let mut lines = underlined(title_lines);
    let header_lines = headers.iter().map(Vec::len).max().unwrap_or(0);
    for h in 0..header_lines {
        // Stacked names end on the same line, just above the values.
        let mut parts = headers.iter().map(|name| {
            (h + name.len())
                .checked_sub(header_lines)
                .map_or("", |i| name[i].as_str())
        });
        lines.push(line_of("", &mut parts).trim_end().to_string());
    }
    for row in rows {
        let mut label_lines = if chars(&row.label) > label_width {
            wrapped(&row.label, label_width, "  ")
        } else {
            vec![row.label.clone()]
        };
        let last = label_lines.pop().unwrap_or_default();
        lines.extend(label_lines);
        lines.push(line_of(&last, &mut row.cells.iter().map(String::as_str)));
    }
    lines
}

/// What the rule under the title is drawn with.
const RULE: char = '-';

/// The title's lines and a rule as long as the longest.
fn underlined(title_lines: Vec<String>) -> Vec<String> {
    let underline = title_lines.iter().map(|l| chars(l)).max().unwrap_or(0);
    let mut lines = title_lines;
    lines.push(RULE.to_string().repeat(underline));
    lines
}

/// Whether a line is the rule under the title (a title has words, never a rule alone).
fn is_rule(line: &str) -> bool {
    !line.is_empty() && line.chars().all(|c| c == RULE)
}

/// The table as a list, for a width no table fits: each row's label, then each column's name
/// and value on a line of its own.
fn listed(
    title_lines: Vec<String>,
    names: &[&str],
    rows: &[ComparisonRow],
    width: usize,
) -> Vec<String> {
    let mut lines = underlined(title_lines);
    for row in rows {
        lines.extend(wrapped(&row.label, width, "  "));
        for (name, cell) in names.iter().zip(&row.cells) {
            lines.extend(wrapped(&format!("  {name}: {cell}"), width, "    "));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The park's three cultures, as `negsim demo park-redesign --compare` lays them out.
    fn park() -> (Vec<&'static str>, Vec<ComparisonRow>) {
        let row = |label: &str, cells: [&str; 3]| ComparisonRow {
            label: label.to_string(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        (
            vec!["positional", "positional, facilitated", "collaborative"],
            vec![
                row("Agreement", ["round 23", "round 20", "round 8"]),
                row("The shopkeepers' association, BATNA 30", ["79", "75", "75"]),
                row("Mean trust at the end (0-100)", ["24", "28", "56"]),
            ],
        )
    }

    #[test]
    fn without_a_width_every_name_and_label_stands_on_one_line() {
        let (names, rows) = park();
        let lines = lay_out("Side by side", &names, &rows, None);
        assert_eq!(
            lines,
            [
                "Side by side",
                "------------",
                "                                         positional   positional, facilitated   collaborative",
                "Agreement                                  round 23                  round 20         round 8",
                "The shopkeepers' association, BATNA 30           79                        75              75",
                "Mean trust at the end (0-100)                    24                        28              56",
            ]
        );
        // A width the table fits in changes nothing.
        assert_eq!(lay_out("Side by side", &names, &rows, Some(95)), lines);
    }

    #[test]
    fn at_eighty_columns_the_names_are_stacked_over_their_values() {
        let (names, rows) = park();
        let lines = lay_out("Side by side", &names, &rows, Some(80));
        assert_eq!(
            lines,
            [
                "Side by side",
                "------------",
                "                                                    positional,",
                "                                        positional  facilitated  collaborative",
                "Agreement                                 round 23     round 20        round 8",
                "The shopkeepers' association, BATNA 30          79           75             75",
                "Mean trust at the end (0-100)                   24           28             56",
            ]
        );
    }

    #[test]
    fn narrower_still_the_labels_wrap_and_no_line_starts_with_a_number() {
        let (names, rows) = park();
        let lines = lay_out("Side by side: the same case", &names, &rows, Some(60));
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{lines:#?}");
        assert_eq!(lines[0], "Side by side: the same case");
        // The values stand on a label's last line; its continuations are indented.
        let shop = lines
            .iter()
            .position(|l| l.starts_with("The shopkeepers'"))
            .unwrap();
        assert_eq!(lines[shop], "The shopkeepers'");
        assert_eq!(lines[shop + 1], "  association,");
        assert!(lines[shop + 2].starts_with("  BATNA 30 "), "{lines:#?}");
        assert!(lines[shop + 2].ends_with("79           75             75"));
        let continuations: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .collect();
        assert!(continuations.len() >= 3, "{lines:#?}");
        for line in continuations {
            let word = line.trim_start().trim_start_matches('(');
            assert!(!word.starts_with(|c: char| c.is_ascii_digit()), "{line:?}");
        }
    }

    #[test]
    fn a_width_no_table_fits_gives_a_list_of_each_rows_values() {
        let (names, rows) = park();
        let lines = lay_out("Side by side", &names, &rows, Some(30));
        assert_eq!(
            lines[..9],
            [
                "Side by side",
                "------------",
                "Agreement",
                "  positional: round 23",
                "  positional, facilitated:",
                "    round 20",
                "  collaborative: round 8",
                "The shopkeepers' association,",
                "  BATNA 30",
            ]
        );
        assert_eq!(
            lines[9..11],
            ["  positional: 79", "  positional, facilitated: 75"]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:#?}");
    }
}
