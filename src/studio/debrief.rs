//! The debrief: the trainer's board (every table, live), the class's results as CSV with the
//! columns of `processes.csv` and `stakeholders.csv` that apply, a printable handout, and the
//! cloud of simulated negotiations on the same case that the class is held against.

use crate::error::Result;
use crate::metrics::outcome_space::OutcomeSpace;
use crate::metrics::process::ProcessMetrics;
use crate::model::culture::Culture;
use crate::model::label::Lang;
use crate::model::name::FORMULA_STARTS;
use crate::output::csv_row::Row;
use crate::studio::engine::{self, Phase};
use crate::studio::session::Class;
use crate::studio::view::{CaseView, DanceView};
use crate::studio::words::say;
use crate::teaching::narrator::Narrator;
use crate::teaching::table::Played;
use crate::teaching::verdict::verdict;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// One party at a table on the board.
#[derive(Serialize)]
pub struct PartyView {
    /// The stakeholder.
    pub label: String,
    /// The seat.
    pub seat: usize,
    /// The person playing it, if any.
    pub person: Option<String>,
    /// Whether the person's page is connected.
    pub connected: bool,
    /// A person plays it now (not handed over).
    pub plays: bool,
    /// Score at the end, 0-100.
    pub score: Option<f64>,
    /// BATNA, 0-100 (the trainer sees it).
    pub batna: f64,
}

/// One table on the board.
#[derive(Serialize)]
pub struct TableView {
    /// Number, from 1.
    pub number: usize,
    /// "waiting", "move", "respond", "ended", or "stopped" (a registered strategy failed).
    pub phase: &'static str,
    /// Round.
    pub round: u32,
    /// Why the table stopped, if a registered strategy's failure stopped it: the strategy's
    /// name and its own words (a panic's message and place), for the trainer.
    pub stopped: Option<String>,
    /// The parties.
    pub parties: Vec<PartyView>,
    /// Agreed.
    pub agreed: Option<bool>,
    /// The agreed package, in words.
    pub package: Option<String>,
    /// Joint score, 0-100 per party.
    pub joint: Option<f64>,
    /// Joint score left on the table against the best package.
    pub left: Option<f64>,
    /// World value.
    pub world: Option<f64>,
    /// Win-win-win.
    pub win_win_win: Option<bool>,
}

/// The trainer's board.
#[derive(Serialize)]
pub struct BoardView {
    /// Whether a class session is open.
    pub open: bool,
    /// Session code.
    pub code: Option<String>,
    /// The address participants open.
    pub join_url: String,
    /// The case.
    pub case: Option<CaseView>,
    /// The culture of the simulated stakeholders.
    pub culture: Option<String>,
    /// Seats people take, by name.
    pub seats: Vec<String>,
    /// Deadline.
    pub deadline: u32,
    /// Started.
    pub started: bool,
    /// People joined.
    pub people: usize,
    /// The tables.
    pub tables: Vec<TableView>,
}

/// The board of a class (or of no class yet).
pub fn board(
    class: Option<&Class>,
    join_url: &str,
    connected: &dyn Fn(usize) -> bool,
    lang: Lang,
) -> BoardView {
    let Some(class) = class else {
        return BoardView {
            open: false,
            code: None,
            join_url: join_url.to_string(),
            case: None,
            culture: None,
            seats: Vec::new(),
            deadline: 0,
            started: false,
            people: 0,
            tables: Vec::new(),
        };
    };
    let case = &*class.case;
    let narrator = Narrator::new(case, lang);
    let tables = class
        .tables
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let snapshot = table.live.as_ref().map(|l| l.snapshot());
            let people_now = table.live.as_ref().map(|l| l.people()).unwrap_or_default();
            let played = snapshot.and_then(|s| s.played.as_ref());
            let metrics = played.map(|p| &p.metrics);
            let parties = (0..case.n)
                .map(|s| {
                    let person = table.people.iter().find(|&&p| class.people[p].seat == s);
                    PartyView {
                        label: narrator.name(s).to_string(),
                        seat: s,
                        person: person.map(|&p| class.people[p].name.clone()),
                        connected: person.is_some_and(|&p| connected(p)),
                        plays: people_now.contains(&s)
                            || (table.live.is_none() && person.is_some()),
                        score: metrics.map(|m| points(m.utilities[s])),
                        batna: points(case.batna[s]),
                    }
                })
                .collect();
            let (phase, round) = match snapshot {
                None => ("waiting", 0),
                Some(s) => match s.phase {
                    Phase::Move(r) => ("move", r),
                    Phase::Respond(r) => ("respond", r),
                    Phase::Ended if s.stopped.is_some() => ("stopped", s.rounds_done),
                    Phase::Ended => ("ended", played.map_or(0, |p| p.outcome.rounds)),
                },
            };
            let joint = metrics.map(|m| m.utilities.iter().map(|&u| points(u)).sum::<f64>());
            let best = case.has_outcome_space().then(|| {
                let space = OutcomeSpace::of(case);
                space
                    .utilities(space.best_joint)
                    .iter()
                    .map(|&u| points(u))
                    .sum::<f64>()
            });
            TableView {
                number: t + 1,
                phase,
                round,
                stopped: snapshot
                    .and_then(|s| s.stopped.as_ref())
                    .map(|f| f.to_string()),
                parties,
                agreed: metrics.map(|m| m.agreed),
                package: played
                    .and_then(|p| p.outcome.agreement.as_ref())
                    .map(|p| narrator.package(p)),
                joint,
                left: joint.zip(best).map(|(j, b)| (b - j).max(0.0)),
                world: metrics.map(|m| points(m.world_value)),
                win_win_win: metrics.map(|m| m.win_win_win),
            }
        })
        .collect();
    BoardView {
        open: true,
        code: Some(class.code.clone()),
        join_url: join_url.to_string(),
        case: Some(CaseView::of(case, lang)),
        culture: Some(narrator.speaker().culture(&class.culture.name)),
        seats: class
            .seats
            .iter()
            .map(|&s| narrator.name(s).to_string())
            .collect(),
        deadline: class.config.deadline,
        started: class.started,
        people: class.people.len(),
        tables,
    }
}

fn points(u: f64) -> f64 {
    (u * 100.0).round()
}

/// A finished or running table's negotiation, for a replay of its dance on the board.
#[derive(Serialize)]
pub struct TableReplay {
    /// Per round: the narration and the dance step.
    pub rounds: Vec<(u32, Vec<String>, DanceView)>,
    /// The verdict, once over.
    pub verdict: Vec<String>,
    /// BATNAs, 0-100.
    pub batna: Vec<f64>,
    /// The deadline in rounds: the length of the chart's axis, whenever the table ended.
    pub deadline: u32,
    /// The case.
    pub case: CaseView,
}

/// The replay of table `t` (from 0) for the trainer.
pub fn table_replay(class: &Class, t: usize, lang: Lang) -> Option<TableReplay> {
    let live = class.tables.get(t)?.live.as_ref()?;
    let case = &class.case;
    let snapshot = live.snapshot();
    let mut narrator = Narrator::new(case, lang);
    let readings = engine::readings(case, live.events());
    let rounds = crate::teaching::narrator::split_rounds(live.events())
        .into_iter()
        .filter(|(r, _)| *r > 0)
        .map(|(r, events)| {
            let lines = narrator.narrate(events);
            (r, lines, DanceView::of(&readings, r, &narrator))
        })
        .collect();
    let verdict = snapshot
        .played
        .as_ref()
        .map(|p| verdict(&narrator, &p.outcome, &p.metrics))
        .unwrap_or_default();
    Some(TableReplay {
        rounds,
        verdict,
        batna: case.batna.iter().map(|&b| points(b)).collect(),
        deadline: class.config.deadline,
        case: CaseView::of(case, lang),
    })
}

/// One simulated negotiation in the cloud: joint score and world value, 0-100 per party.
#[derive(Clone, Debug, Serialize)]
pub struct CloudPoint {
    /// Sum of the parties' scores.
    pub joint: f64,
    /// World value.
    pub world: f64,
    /// Agreed.
    pub agreed: bool,
    /// Win-win-win.
    pub win_win_win: bool,
}

/// The simulated negotiations of a case in a culture, as points.
pub fn cloud(
    case: &Arc<crate::model::prepared::PreparedCase>,
    culture: &Culture,
    deadline: u32,
    count: u64,
) -> Result<Vec<CloudPoint>> {
    Ok(engine::simulated_outcomes(case, culture, deadline, count)?
        .iter()
        .map(|m: &ProcessMetrics| CloudPoint {
            joint: m.utilities.iter().map(|&u| u * 100.0).sum(),
            world: m.world_value * 100.0,
            agreed: m.agreed,
            win_win_win: m.win_win_win,
        })
        .collect())
}

/// The finished tables of a class: (table index, the process).
fn finished(class: &Class) -> Vec<(usize, &Played)> {
    class
        .tables
        .iter()
        .enumerate()
        .filter_map(|(t, table)| {
            let played = table.live.as_ref()?.snapshot().played.as_ref()?;
            Some((t, played))
        })
        .collect()
}

/// The class's finished tables with the columns of `processes.csv` that apply.
pub fn processes_csv(class: &Class) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "table",
        "case",
        "stakeholders",
        "culture",
        "people",
        "outcome",
        "agreed",
        "rounds",
        "walkouts",
        "joint_utility",
        "mean_utility",
        "min_utility",
        "nash_product",
        "pareto_distance",
        "world_value",
        "win_win_win",
        "lose_lose_issues",
        "efficiency",
        "hidden_options_found",
        "agreement",
    ];
    let _ = out.write_record(header);
    for (t, played) in finished(class) {
        let m = &played.metrics;
        let mut row = Row::new();
        row.int((t + 1) as u64)
            .text(&cell(&class.case.case.name))
            .int(class.case.n as u64)
            .text(&cell(&class.culture.name))
            .int(class.tables[t].people.len() as u64)
            .text(m.outcome.key())
            .bool(m.agreed)
            .int(u64::from(m.rounds))
            .int(u64::from(m.walkouts))
            .num(m.joint_utility)
            .num(m.joint_utility / class.case.n as f64)
            .num(m.min_utility)
            .num(m.nash_product)
            .opt(m.pareto_distance)
            .num(m.world_value)
            .bool(m.win_win_win)
            .int(u64::from(m.lose_lose_issues))
            .num(m.efficiency)
            .int(u64::from(m.hidden_options_found))
            .text(&cell(
                &played
                    .outcome
                    .agreement
                    .as_ref()
                    .map(|p| class.case.package_keys(p))
                    .unwrap_or_default(),
            ));
        let _ = out.write_byte_record(row.record());
    }
    csv_text(out)
}

/// A text field of the studio's CSV downloads as a spreadsheet should read it: one that starts
/// with a character a spreadsheet reads as the start of a formula
/// ([`FORMULA_STARTS`]) gets a leading apostrophe, as OWASP advises against CSV injection, so
/// that it opens as text. New names are refused at the door ([`crate::studio::session::check_name`]),
/// but a journal written before that check can still hold `=HYPERLINK(...)` as a person's name.
fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a CSV written to memory (which cannot fail to write).
fn csv_text(out: csv::Writer<Vec<u8>>) -> String {
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Every party at the class's finished tables, with the columns of `stakeholders.csv` that
/// apply; `names` adds the person's name.
pub fn stakeholders_csv(class: &Class, names: bool) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "table",
        "stakeholder",
        "seat",
        "played_by",
        "batna",
        "utility",
        "surplus",
        "beat_batna",
        "trust_mean",
        "stress",
        "walked_out",
        "disclosed_issues",
    ];
    if names {
        header.push("name");
    }
    let _ = out.write_record(&header);
    let case = &class.case;
    for (t, played) in finished(class) {
        for s in 0..case.n {
            let person = class.tables[t]
                .people
                .iter()
                .find(|&&p| class.people[p].seat == s);
            let seat = &played.outcome.seats[s];
            let u = played.metrics.utilities[s];
            let others: Vec<f64> = (0..case.n)
                .filter(|&o| o != s)
                .map(|o| seat.trust[o])
                .collect();
            let trust_mean = if others.is_empty() {
                0.0
            } else {
                others.iter().sum::<f64>() / others.len() as f64
            };
            let mut row = Row::new();
            row.int((t + 1) as u64)
                .text(&cell(&case.case.stakeholders[s].key))
                .int(s as u64)
                .text(if person.is_some() {
                    "person"
                } else {
                    "simulated"
                })
                .num(case.batna[s])
                .num(u)
                .num(u - case.batna[s])
                .bool(u > case.batna[s])
                .num(trust_mean)
                .num(seat.stress)
                .bool(seat.walked_out)
                .int(u64::from(seat.disclosed));
            if names {
                row.text(&cell(person.map_or("", |&p| class.people[p].name.as_str())));
            }
            let _ = out.write_byte_record(row.record());
        }
    }
    csv_text(out)
}

/// A printable page with every finished table's outcome and verdict.
pub fn handout(class: &Class, lang: Lang) -> String {
    let case = &class.case;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let title = case.case.title.get(lang);
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <link rel=\"stylesheet\" href=\"/assets/studio.css\"></head><body class=\"handout\">\
         <h1>{}</h1><p>{}</p>",
        lang.code(),
        esc(title),
        esc(title),
        esc(case.case.story.get(lang))
    );
    let done = finished(class);
    if done.is_empty() {
        html.push_str(&format!(
            "<p>{}</p>",
            esc(&say(lang, "debrief.nothing", &[]))
        ));
    }
    for (t, played) in done {
        let narrator = Narrator::new(case, lang);
        html.push_str(&format!(
            "<section><h2>{}</h2><ul>",
            esc(&say(
                lang,
                "class.table",
                &[("table", &(t + 1).to_string())]
            ))
        ));
        for line in verdict(&narrator, &played.outcome, &played.metrics)
            .iter()
            .skip(2)
        {
            html.push_str(&format!(
                "<li>{}</li>",
                esc(line.trim_start_matches("  - "))
            ));
        }
        html.push_str("</ul></section>");
    }
    html.push_str("</body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn a_field_a_spreadsheet_would_run_as_a_formula_opens_as_text() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Ann", "Ann"),
            ("a=b", "a=b"),
            ("x-1", "x-1"),
            ("", ""),
        ] {
            assert_eq!(cell(text), written, "{text:?}");
        }
    }
}
