//! What each screen shows, as plain data for the page: a demonstration round by round, a
//! participant's seat, and the trainer's board. Text comes from the teaching catalogue (the
//! narration) and the studio's own words (`words.toml`), in the screen's language.
//!
//! A participant's view is built from their own seat only: their role sheet, the packages on
//! the table with their own score, and what anyone at a real table could see happen. No other
//! seat's valuations or BATNA ever enter it.

use crate::metrics::process::ProcessMetrics;
use crate::model::label::Lang;
use crate::model::prepared::{Package, PreparedCase};
use crate::protocol::components::Status;
use crate::protocol::observe::Event;
use crate::protocol::reader::{Leading, RoundReading, TurningPoint, WorldTurn};
use crate::studio::engine::{self, Phase, Snapshot};
use crate::studio::session::Class;
use crate::studio::words::say;
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::compare::{Comparison, comparison};
use crate::teaching::demonstration::{Demonstration, fork_words};
use crate::teaching::narrator::{Narrator, split_rounds};
use crate::teaching::replay_code::ReplayCode;
use crate::teaching::verdict::verdict;
use serde::Serialize;
use std::time::Instant;

/// A case as every screen may show it: no stakeholder's valuations or BATNA.
#[derive(Serialize)]
pub struct CaseView {
    /// Key or path.
    pub name: String,
    /// Title.
    pub title: String,
    /// The story.
    pub story: String,
    /// The stakeholders' names.
    pub stakeholders: Vec<String>,
    /// Their keys.
    pub keys: Vec<String>,
    /// The world's bar, 0-100.
    pub threshold: f64,
}

impl CaseView {
    pub(crate) fn of(case: &PreparedCase, lang: Lang) -> CaseView {
        CaseView {
            name: case.case.name.clone(),
            title: case.case.title.get(lang).to_string(),
            story: case.case.story.get(lang).to_string(),
            stakeholders: case
                .case
                .stakeholders
                .iter()
                .map(|s| s.label.get(lang).to_string())
                .collect(),
            keys: case
                .case
                .stakeholders
                .iter()
                .map(|s| s.key.clone())
                .collect(),
            threshold: points(case.case.world_threshold),
        }
    }
}

/// A utility or world value on the 0-100 scale, rounded to a whole point as the narration
/// shows it.
fn points(u: f64) -> f64 {
    (u * 100.0).round()
}

/// One round of a demonstration.
#[derive(Serialize)]
pub struct DemoRound {
    /// Round, from 1.
    pub round: u32,
    /// The narration of the round.
    pub lines: Vec<String>,
    /// What kinds of things happened (for the highlight chips).
    pub highlights: Vec<&'static str>,
    /// The package closest to a deal, and what it gives.
    pub dance: DanceView,
}

/// The dance step of a round, for the chart.
#[derive(Serialize)]
pub struct DanceView {
    /// Whose package leads, in words.
    pub whose: Option<String>,
    /// The package, in words.
    pub package: Option<String>,
    /// Each stakeholder's score, 0-100.
    pub scores: Vec<f64>,
    /// The world value, 0-100.
    pub world: Option<f64>,
}

impl DanceView {
    /// The leading proposal of round `round` as the transcript's reader reads it.
    pub(crate) fn of(readings: &[RoundReading], round: u32, narrator: &Narrator) -> DanceView {
        let leading: Option<&Leading> = readings
            .iter()
            .find(|r| r.round == round)
            .and_then(|r| r.leading.as_ref());
        match leading {
            Some(l) => DanceView {
                whose: Some(narrator.whose(l.slot)),
                package: Some(narrator.package(&l.package)),
                scores: l.scores.iter().map(|&u| points(u)).collect(),
                world: Some(points(l.world_value)),
            },
            None => DanceView {
                whose: None,
                package: None,
                scores: Vec::new(),
                world: None,
            },
        }
    }
}

/// One process of a demonstration.
#[derive(Serialize)]
pub struct DemoProcess {
    /// Its column name (the culture, or original / fork).
    pub name: String,
    /// The introduction.
    pub intro: Vec<String>,
    /// Its rounds.
    pub rounds: Vec<DemoRound>,
    /// The verdict.
    pub verdict: Vec<String>,
    /// Agreed, and in which round it ended.
    pub agreed: bool,
    /// Rounds played.
    pub played: u32,
}

/// A demonstration, round by round.
#[derive(Serialize)]
pub struct DemoView {
    /// The replay code.
    pub code: String,
    /// The code's settings, for the form that makes codes: what is shown is what it says.
    pub settings: DemoSettings,
    /// The case.
    pub case: CaseView,
    /// Each stakeholder's BATNA, 0-100 (a demonstration shows everything to the class).
    pub batna: Vec<f64>,
    /// The processes side by side.
    pub processes: Vec<DemoProcess>,
    /// The processes side by side, result by result, when there is more than one.
    pub comparison: Option<Comparison>,
    /// The fork: from which round, and what changed.
    pub fork: Option<ForkView>,
    /// Traits a what-if may change: (key, name).
    pub traits: Vec<(String, String)>,
    /// Whether a what-if can be played from here (one culture).
    pub can_fork: bool,
}

/// A replay code's settings as the demonstration form holds them.
#[derive(Serialize)]
pub struct DemoSettings {
    /// Case name (or path).
    pub case: String,
    /// The culture played.
    pub culture: String,
    /// The culture side by side with it, or empty for none.
    pub compare: String,
    /// Seed of the random streams.
    pub seed: u64,
    /// Deadline in rounds.
    pub deadline: u32,
}

impl DemoSettings {
    /// The settings of a replay code (a third culture and beyond have no place in the form).
    pub fn of(code: &ReplayCode) -> DemoSettings {
        let culture = |i: usize| code.cultures.get(i).cloned().unwrap_or_default();
        DemoSettings {
            case: code.case.clone(),
            culture: culture(0),
            compare: culture(1),
            seed: code.seed,
            deadline: code.deadline,
        }
    }
}

/// A what-if, as shown.
#[derive(Serialize)]
pub struct ForkView {
    /// First round with the change.
    pub round: u32,
    /// What changed, in words.
    pub text: String,
}

/// The demonstration view of what `negsim demo` played.
pub fn demo_view(shown: &Demonstration, code: &ReplayCode, lang: Lang, can_fork: bool) -> DemoView {
    let case = &shown.case;
    let speak = Speaker::new(lang);
    let names: Vec<String> = if shown.fork.is_some() {
        vec![
            speak.say(Msg::ColumnOriginal, &[]),
            speak.say(Msg::ColumnFork, &[]),
        ]
    } else {
        shown.names.iter().map(|n| speak.culture(n)).collect()
    };
    let processes = shown
        .played
        .iter()
        .zip(&names)
        .map(|(played, name)| {
            let mut narrator = Narrator::new(case, lang);
            let intro = narrator.intro(&played.culture, &played.setup.rules);
            let transcript = &played.outcome.transcript;
            let readings = engine::readings(case, transcript);
            let rounds = split_rounds(transcript)
                .into_iter()
                .filter(|(round, _)| *round > 0)
                .map(|(round, events)| {
                    let lines = narrator.narrate(events);
                    DemoRound {
                        round,
                        highlights: highlights(readings.iter().find(|r| r.round == round), case.n),
                        dance: DanceView::of(&readings, round, &narrator),
                        lines,
                    }
                })
                .collect();
            DemoProcess {
                name: name.clone(),
                intro,
                rounds,
                verdict: verdict(&narrator, &played.outcome, &played.metrics),
                agreed: played.outcome.agreement.is_some(),
                played: played.outcome.rounds,
            }
        })
        .collect();
    let narrator = Narrator::new(case, lang);
    let comparison = (shown.played.len() > 1).then(|| {
        let title = if shown.fork.is_some() {
            Msg::CompareForkTitle
        } else {
            Msg::CompareTitle
        };
        let columns: Vec<(String, &crate::teaching::table::Played)> =
            names.iter().cloned().zip(shown.played.iter()).collect();
        comparison(&narrator, title, &columns)
    });
    DemoView {
        code: code.to_string(),
        settings: DemoSettings::of(code),
        case: CaseView::of(case, lang),
        batna: case.batna.iter().map(|&b| points(b)).collect(),
        processes,
        comparison,
        fork: shown.fork.map(|f| ForkView {
            round: f.round,
            text: fork_words(Msg::ForkMarker, &shown.played[0], &f, speak),
        }),
        traits: engine::trait_names()
            .iter()
            .map(|&t| {
                (
                    t.key().to_string(),
                    speak.say(crate::teaching::catalogue::trait_msg(t), &[]),
                )
            })
            .collect(),
        can_fork,
    }
}

/// The kinds of highlight in a round, from the one transcript reader's turning points and
/// world turn (the narration and `negsim demo --highlights` read the same).
fn highlights(reading: Option<&RoundReading>, n: usize) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    let Some(reading) = reading else {
        return kinds;
    };
    let mut add = |k: &'static str| {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    };
    for point in &reading.turning_points {
        match point {
            TurningPoint::Disclosed { .. } => add("disclosed"),
            TurningPoint::OptionFound { .. } => add("discovered"),
            TurningPoint::Concession { .. } => add("concession"),
            TurningPoint::GoodTrade { .. } => add("good_trade"),
            TurningPoint::FixedPieTrap { .. } => add("fixed_pie"),
            TurningPoint::TrustGained { .. } => add("trust_up"),
            TurningPoint::TrustBroken { .. } => add("trust_down"),
            TurningPoint::Stress { .. } => add("stress"),
            TurningPoint::WalkedOut { .. } => add("walked_out"),
            TurningPoint::FacilitatorText { .. } => add("facilitator"),
            TurningPoint::IssueSettled { .. } => add("settled"),
            TurningPoint::Agreement { slot } => {
                if *slot >= n {
                    add("facilitator");
                }
                add("agreed")
            }
            TurningPoint::Deadline => add("deadline"),
        }
    }
    match reading.world_turn.map(WorldTurn::good) {
        Some(true) => add("world_good"),
        Some(false) => add("world_short"),
        None => {}
    }
    kinds
}

/// One option on a role sheet.
#[derive(Serialize)]
pub struct OptionView {
    /// Its label.
    pub label: String,
    /// Its score for this seat, 0-100 (the valuation, before the issue's weight).
    pub score: f64,
    /// What it adds to the package's score for this seat (weight x valuation), 0-100.
    pub adds: f64,
    /// What it adds to the world value, 0-100.
    pub world: f64,
    /// On the table (a hidden option only once someone found it).
    pub available: bool,
}

/// One issue on a role sheet.
#[derive(Serialize)]
pub struct IssueView {
    /// Its label.
    pub label: String,
    /// Its weight for this seat, in percent.
    pub weight: f64,
    /// Its options (hidden ones not yet found are left out).
    pub options: Vec<Option<OptionView>>,
}

/// A package on the table, as one seat sees it.
#[derive(Serialize)]
pub struct PackageView {
    /// Whose (slot).
    pub slot: usize,
    /// Whose, in words.
    pub whose: String,
    /// The options, per issue.
    pub package: Package,
    /// In words.
    pub text: String,
    /// Its score for this seat, 0-100.
    pub score: f64,
    /// Its world value, 0-100.
    pub world: f64,
}

/// Someone else at the table.
#[derive(Serialize)]
pub struct OtherView {
    /// The stakeholder's name.
    pub label: String,
    /// The person playing it, if a person does.
    pub person: Option<String>,
    /// How much they trust this seat, 0-100 (simulated stakeholders only).
    pub trust_in_you: Option<f64>,
}

/// The outcome, as one seat sees it.
#[derive(Serialize)]
pub struct ResultView {
    /// Agreed.
    pub agreed: bool,
    /// Round it ended.
    pub round: u32,
    /// The agreed package in words.
    pub package: Option<String>,
    /// This seat's score.
    pub score: f64,
    /// Its BATNA.
    pub batna: f64,
    /// World value.
    pub world: f64,
    /// Win-win-win.
    pub win_win_win: bool,
}

/// A participant's screen.
#[derive(Serialize)]
pub struct SeatView {
    /// Session code.
    pub code: String,
    /// Their name.
    pub name: String,
    /// Table number, from 1.
    pub table: usize,
    /// Their seat.
    pub seat: usize,
    /// The stakeholder they play.
    pub role: String,
    /// The case.
    pub case: CaseView,
    /// Their role sheet.
    pub sheet: Vec<IssueView>,
    /// Their BATNA, 0-100.
    pub batna: f64,
    /// Their ideal package.
    pub ideal: Package,
    /// "waiting", "move", "respond", "handed_over", "ended", or "stopped" (a registered
    /// strategy playing a simulated stakeholder failed, so the table stopped).
    pub phase: &'static str,
    /// Whether they have acted in this phase and wait for the others at the table.
    pub acted: bool,
    /// The round (0 before the start).
    pub round: u32,
    /// The deadline.
    pub deadline: u32,
    /// The others at the table.
    pub others: Vec<OtherView>,
    /// Packages on the table.
    pub on_table: Vec<PackageView>,
    /// Their last proposal.
    pub last_proposal: Option<Package>,
    /// What happened, per round: (round, lines).
    pub log: Vec<(u32, Vec<String>)>,
    /// The outcome, when over.
    pub result: Option<ResultView>,
    /// Seconds left in the phase, if rounds are timed.
    pub seconds_left: Option<u64>,
}

/// The screen of person `p` in the class, in `lang`.
pub fn seat_view(class: &Class, p: usize, lang: Lang, now: Instant) -> SeatView {
    seat_view_with(class, p, lang, now, &mut TableLog::default())
}

/// [`seat_view`], with the person's table log kept in `log` from one screen to the next.
pub fn seat_view_with(
    class: &Class,
    p: usize,
    lang: Lang,
    now: Instant,
    log: &mut TableLog,
) -> SeatView {
    let person = &class.people[p];
    let case = &*class.case;
    let s = person.seat;
    let narrator = Narrator::new(case, lang);
    let table = &class.tables[person.table];
    let sheet = (0..case.k)
        .map(|i| {
            let issue = &case.case.issues[i];
            IssueView {
                label: issue.label.heading(lang).to_string(),
                weight: (case.weights[s * case.k + i] * 100.0).round(),
                options: (0..case.options[i])
                    .map(|o| {
                        let f = case.flat(i, o);
                        let available = table
                            .live
                            .as_ref()
                            .map_or(case.visible[f], |l| l.snapshot().available[f]);
                        (available || !case.hidden[f]).then(|| OptionView {
                            label: issue.options[o].label.get(lang).to_string(),
                            score: points(case.valuations[s * case.total + f]),
                            adds: case.value[s * case.total + f] * 100.0,
                            world: case.world[f] * 100.0,
                            available,
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let person_at = |seat: usize| {
        table
            .people
            .iter()
            .find(|&&q| class.people[q].seat == seat)
            .map(|&q| class.people[q].name.clone())
    };
    let snapshot: Option<&Snapshot> = table.live.as_ref().map(|l| l.snapshot());
    let events: &[Event] = table.live.as_ref().map_or(&[], |l| l.events());
    let people_now = table.live.as_ref().map(|l| l.people()).unwrap_or_default();
    let others = (0..case.n)
        .filter(|&t| t != s)
        .map(|t| OtherView {
            label: case.case.stakeholders[t].label.get(lang).to_string(),
            person: person_at(t),
            trust_in_you: snapshot
                .filter(|_| !people_now.contains(&t))
                .and_then(|sn| sn.trust.get(t).and_then(|row| row.get(s)))
                .map(|&v| (v * 100.0).round()),
        })
        .collect();
    let (phase, round) = match (snapshot, people_now.contains(&s)) {
        (None, _) => ("waiting", 0),
        (Some(sn), plays) => match sn.phase {
            Phase::Ended if sn.stopped.is_some() => ("stopped", sn.rounds_done),
            Phase::Ended => ("ended", sn.rounds_done),
            _ if !plays => ("handed_over", sn.round()),
            Phase::Move(r) => ("move", r),
            Phase::Respond(r) => ("respond", r),
        },
    };
    let on_table = snapshot
        .map(|sn| {
            sn.on_table
                .iter()
                .filter(|o| o.slot != s)
                .map(|o| PackageView {
                    slot: o.slot,
                    whose: narrator.whose(o.slot),
                    text: narrator.package(&o.package),
                    score: points(case.utility(s, &o.package)),
                    world: points(case.world_value(&o.package)),
                    package: o.package.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let acted =
        matches!(phase, "move" | "respond") && snapshot.is_some_and(|sn| !sn.waiting.contains(&s));
    let last_proposal = events.iter().rev().find_map(|e| match e {
        Event::Proposed { seat, package, .. } if *seat == s => Some(package.clone()),
        _ => None,
    });
    let log = log.read(case, events, s, lang);
    let result = snapshot.and_then(|sn| sn.played.as_ref()).map(|played| {
        let m: &ProcessMetrics = &played.metrics;
        ResultView {
            agreed: played.outcome.status == Status::Agreed,
            round: played.outcome.rounds,
            package: played
                .outcome
                .agreement
                .as_ref()
                .map(|p| narrator.package(p)),
            score: points(m.utilities[s]),
            batna: points(case.batna[s]),
            world: points(m.world_value),
            win_win_win: m.win_win_win,
        }
    });
    let seconds_left = class.config.minutes_per_round.and_then(|m| {
        matches!(phase, "move" | "respond").then(|| {
            let limit = (m * 60.0) as u64;
            limit.saturating_sub(now.duration_since(table.phase_since).as_secs())
        })
    });
    SeatView {
        code: class.code.clone(),
        name: person.name.clone(),
        table: person.table + 1,
        seat: s,
        role: case.case.stakeholders[s].label.get(lang).to_string(),
        case: CaseView::of(case, lang),
        sheet,
        batna: points(case.batna[s]),
        ideal: case.ideal[s].clone(),
        phase,
        acted,
        round,
        deadline: class.config.deadline,
        others,
        on_table,
        last_proposal,
        log,
        result,
        seconds_left,
    }
}

impl Snapshot {
    /// The round the table is in (the last one played, once over).
    pub fn round(&self) -> u32 {
        match self.phase {
            Phase::Move(r) | Phase::Respond(r) => r,
            Phase::Ended => self.rounds_done,
        }
    }
}

/// What anyone at the table saw happen, round by round, as seat `me` is told it: who opened
/// up about which issue (not how, and never whether it was a bluff), new options, packages put
/// on the table, who accepted what, walk-outs, the agreement and the deadline. Nobody's scores.
pub fn table_log(
    case: &PreparedCase,
    events: &[Event],
    me: usize,
    lang: Lang,
) -> Vec<(u32, Vec<String>)> {
    TableLog::default().read(case, events, me, lang)
}

/// One seat's [`table_log`] kept between screens: a round once over is told once, and each new
/// screen tells only the round being played (the log of a table late in a session is most of
/// a screen's work otherwise).
#[derive(Clone, Debug, Default)]
pub struct TableLog {
    /// Events read into `rounds`: up to the start of the round being played.
    read: usize,
    /// The last event read, to notice a different transcript.
    last: Option<Event>,
    /// The rounds over, told.
    rounds: Vec<(u32, Vec<String>)>,
}

impl TableLog {
    /// The log of `events` (a transcript that grows at its end), telling only what it has
    /// not told before.
    pub fn read(
        &mut self,
        case: &PreparedCase,
        events: &[Event],
        me: usize,
        lang: Lang,
    ) -> Vec<(u32, Vec<String>)> {
        let same = self.read <= events.len()
            && (self.read == 0 || events.get(self.read - 1) == self.last.as_ref());
        if !same {
            *self = TableLog::default();
        }
        let teller = Teller::new(case, me, lang);
        let rounds = split_rounds(&events[self.read..]);
        let open = rounds.len().saturating_sub(1);
        let mut told = None;
        for (i, (round, round_events)) in rounds.into_iter().enumerate() {
            let lines = if round > 0 {
                teller.round(round_events)
            } else {
                Vec::new()
            };
            if i < open {
                // Over: told for good.
                self.read += round_events.len();
                self.last = round_events.last().cloned();
                if !lines.is_empty() {
                    self.rounds.push((round, lines));
                }
            } else if !lines.is_empty() {
                told = Some((round, lines));
            }
        }
        let mut log = self.rounds.clone();
        log.extend(told);
        log
    }
}

/// Tells one seat what happened at the table.
struct Teller<'a> {
    speak: Speaker,
    narrator: Narrator<'a>,
    lang: Lang,
    me: usize,
    you: String,
}

impl<'a> Teller<'a> {
    fn new(case: &'a PreparedCase, me: usize, lang: Lang) -> Teller<'a> {
        Teller {
            speak: Speaker::new(lang),
            narrator: Narrator::new(case, lang),
            lang,
            me,
            you: say(lang, "log.you", &[]),
        }
    }

    fn name(&self, s: usize) -> String {
        if s == self.me {
            format!("{} ({})", self.narrator.name(s), self.you)
        } else {
            self.narrator.name(s).to_string()
        }
    }

    /// The lines of one round's events.
    fn round(&self, events: &[Event]) -> Vec<String> {
        let (speak, narrator, lang, me) = (self.speak, &self.narrator, self.lang, self.me);
        let name = |s: usize| self.name(s);
        let mut lines = Vec::new();
        for e in events {
            match e {
                Event::Disclosed { seat, issue, .. } => lines.push(speak.say(
                    Msg::Disclosed,
                    &[("who", &name(*seat)), ("issue", narrator.issue(*issue))],
                )),
                Event::Discovered {
                    seat,
                    issue,
                    option,
                    ..
                } => lines.push(speak.say(
                    Msg::Discovered,
                    &[
                        ("who", &name(*seat)),
                        ("issue", narrator.issue(*issue)),
                        ("option", narrator.option(*issue, *option)),
                    ],
                )),
                Event::Proposed { seat, package, .. } => lines.push(say(
                    lang,
                    "log.proposes",
                    &[
                        ("who", &name(*seat)),
                        ("package", &narrator.package(package)),
                    ],
                )),
                Event::FacilitatorText { package, .. } => lines.push(say(
                    lang,
                    "log.text",
                    &[("package", &narrator.package(package))],
                )),
                Event::Responded {
                    seat,
                    slot,
                    accepted: true,
                    ..
                } if seat != slot => {
                    let whose = if *slot == me {
                        narrator.whose(*slot).replace(narrator.name(me), &name(me))
                    } else {
                        narrator.whose(*slot)
                    };
                    lines.push(say(
                        lang,
                        "log.accepts",
                        &[("who", &name(*seat)), ("whose", &whose)],
                    ))
                }
                Event::WalkedOut { seat, .. } => {
                    lines.push(say(lang, "log.walked_out", &[("who", &name(*seat))]))
                }
                Event::Agreed { slot, package, .. } => lines.push(speak.say(
                    Msg::Agreed,
                    &[
                        ("whose", &narrator.whose(*slot)),
                        ("package", &narrator.package(package)),
                    ],
                )),
                Event::DeadlinePassed { round } => {
                    lines.push(speak.say(Msg::Deadline, &[("round", &round.to_string())]))
                }
                _ => {}
            }
        }
        lines
    }
}
