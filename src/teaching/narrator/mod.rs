//! The narrator: turns a process's structured transcript ([`Event`]s) into plain language for
//! a class, using the case's labels and the catalogue's sentences. It is an observer: it reads
//! the transcript after (or while) the process runs and never touches the simulation.
//!
//! A round is summarised, not recited: who opened up or bluffed, who found a new option, who
//! moved on which issue (and whether that gave ground or asked for more), which package came
//! closest to a deal and why the others still said no, and the turning points in trust and
//! stress. Rounds in which nothing changes are folded together by [`fold_rounds`].

use crate::model::label::Lang;
use crate::model::prepared::{Package, PreparedCase};
use crate::protocol::observe::Event;
use crate::protocol::reader::{Reader, WorldTurn};
use crate::teaching::catalogue::{Msg, Speaker};

mod intro;
mod moves;
mod support;
mod trust;

pub use moves::Direction;

/// More changed issues than this and a move is told as a whole new package.
const MAX_CHANGES_TOLD: usize = 3;

/// The narrated text of one round.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundStory {
    /// Round, from 1.
    pub round: u32,
    /// Sentences, in the order things happened (empty: nothing worth telling).
    pub lines: Vec<String>,
    /// What was said and how the round's proposals moved, counted.
    pub moves: MoveCount,
}

/// The moves of rounds, counted: what a line that folds rounds away says it leaves out. What
/// was said (disclosures, bluffs) and how proposals moved, each by what
/// it did to its proposer's own score against the proposer's package before ([`Direction`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MoveCount {
    /// Stakeholders who opened up about what matters to them on an issue.
    pub disclosures: u32,
    /// Disclosures that overstated (bluffs).
    pub bluffs: u32,
    /// Proposals worth less to their proposer than the one before (giving ground).
    pub concessions: u32,
    /// Proposals worth more to their proposer than the one before (asking for more again).
    pub harder: u32,
    /// Who asked for more again, as the narration names them, each once, in order.
    pub harder_by: Vec<String>,
    /// Changed proposals worth the same to their proposer.
    pub sideways: u32,
    /// Who went back to a package they had proposed before (moved away and back), as the
    /// narration names them, each once, in order.
    pub returned_by: Vec<String>,
}

impl MoveCount {
    /// Counts a changed proposal of `who`.
    pub fn count(&mut self, who: &str, direction: Direction) {
        match direction {
            Direction::GivesGround => self.concessions += 1,
            Direction::AsksMore => {
                self.harder += 1;
                if !self.harder_by.iter().any(|w| w == who) {
                    self.harder_by.push(who.to_string());
                }
            }
            Direction::Sideways => self.sideways += 1,
        }
    }

    /// Notes that `who` proposed a package they had proposed before, after another.
    pub fn returned(&mut self, who: &str) {
        if !self.returned_by.iter().any(|w| w == who) {
            self.returned_by.push(who.to_string());
        }
    }

    /// Both counts together.
    pub fn add(&mut self, other: &MoveCount) {
        self.disclosures += other.disclosures;
        self.bluffs += other.bluffs;
        self.concessions += other.concessions;
        self.harder += other.harder;
        for who in &other.harder_by {
            if !self.harder_by.contains(who) {
                self.harder_by.push(who.clone());
            }
        }
        self.sideways += other.sideways;
        for who in &other.returned_by {
            self.returned(who);
        }
    }

    /// The counts as a class is told them after a line that leaves rounds out: "Meanwhile: 1
    /// disclosure, 6 concessions and 1 harder demand. Robin (hiring manager) asked for more
    /// again." `None` when nothing happened. Asking for more again is rare and turns the
    /// story, so who did is named, in a sentence of its own (names can hold brackets and
    /// "and"); so is who went back to a package they had proposed before, which a count of
    /// moves hides. Who did both is named once: "Robin asked for more again and went back to
    /// an earlier proposal."
    pub fn told(&self, speak: Speaker) -> Option<String> {
        let counted = |n: u32, one: Msg, many: Msg| match n {
            0 => None,
            1 => Some(speak.say(one, &[])),
            n => Some(speak.say(many, &[("n", &n.to_string())])),
        };
        let parts: Vec<String> = [
            counted(self.disclosures, Msg::DisclosuresOne, Msg::DisclosuresMany),
            counted(self.bluffs, Msg::BluffsOne, Msg::BluffsMany),
            counted(self.concessions, Msg::ConcessionsOne, Msg::ConcessionsMany),
            counted(self.harder, Msg::HarderOne, Msg::HarderMany),
            counted(self.sideways, Msg::SidewaysOne, Msg::SidewaysMany),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            return None;
        }
        let mut told = speak.sentence(Msg::FoldedMoves, &[("moves", &speak.list(&parts))]);
        // Who did both is told once, in one sentence; the others in a sentence per kind.
        let both: Vec<&String> = self
            .harder_by
            .iter()
            .filter(|w| self.returned_by.contains(w))
            .collect();
        let only = |all: &[String]| -> Vec<String> {
            all.iter().filter(|w| !both.contains(w)).cloned().collect()
        };
        for (who, one, many) in [
            (only(&self.harder_by), Msg::HarderWhoOne, Msg::HarderWhoMany),
            (
                both.iter().map(|w| w.to_string()).collect(),
                Msg::HarderReturnedOne,
                Msg::HarderReturnedMany,
            ),
            (only(&self.returned_by), Msg::ReturnedOne, Msg::ReturnedMany),
        ] {
            let msg = match who.len() {
                0 => continue,
                1 => one,
                _ => many,
            };
            told.push(' ');
            told.push_str(&speak.sentence(msg, &[("who", &speak.list(&who))]));
        }
        Some(told)
    }
}

/// A block of narration to print: a round with something to tell, or a run of quiet rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// First round of the block.
    pub first: u32,
    /// Last round of the block.
    pub last: u32,
    /// Heading and sentences.
    pub lines: Vec<String>,
}

/// Splits a transcript into rounds at each `RoundStarted`.
pub fn split_rounds(events: &[Event]) -> Vec<(u32, &[Event])> {
    let mut rounds = Vec::new();
    let mut start = 0;
    let mut current = 0;
    for (i, e) in events.iter().enumerate() {
        if let Event::RoundStarted { round } = e {
            if i > start {
                rounds.push((current, &events[start..i]));
            }
            start = i;
            current = *round;
        }
    }
    if start < events.len() {
        rounds.push((current, &events[start..]));
    }
    rounds
}

/// Narrates a case's process: keeps what was said before so that each round tells only what
/// changed.
pub struct Narrator<'a> {
    case: &'a PreparedCase,
    speak: Speaker,
    names: Vec<String>,
    human: Option<usize>,
    last: Vec<Option<Package>>,
    /// Each stakeholder's package before its latest proposal (to tell why trust turned).
    previous: Vec<Option<Package>>,
    /// Every package each stakeholder has proposed, to notice one proposed again.
    proposed: Vec<Vec<Package>>,
    text: Option<Package>,
    /// The support lines told last, so that an unchanged picture is not told again.
    closest: Option<Vec<String>>,
    /// The transcript's reader, which says which package is closest to a deal.
    reader: Reader<'a>,
    /// Whether the fixed-pie trap has been explained (later lose-lose moves are only named).
    lose_lose_told: std::cell::Cell<bool>,
    /// Whether a package worse for everyone than the one before was told: later ones are
    /// told in short. Apart from `lose_lose_told`, so that the fixed-pie trap is named in
    /// full when it first shows.
    lose_lose_package_told: std::cell::Cell<bool>,
    /// Turns of trust told per pair `[from * n + to]`: two are told, the third is told as
    /// swinging, later ones not at all.
    trust_turns: Vec<u8>,
}

impl<'a> Narrator<'a> {
    /// A narrator for a case in a language.
    pub fn new(case: &'a PreparedCase, lang: Lang) -> Narrator<'a> {
        let names = case
            .case
            .stakeholders
            .iter()
            .map(|s| s.label.get(lang).to_string())
            .collect();
        Narrator {
            case,
            speak: Speaker::new(lang),
            names,
            human: None,
            last: vec![None; case.n],
            previous: vec![None; case.n],
            proposed: vec![Vec::new(); case.n],
            text: None,
            closest: None,
            reader: Reader::new(case),
            lose_lose_told: std::cell::Cell::new(false),
            lose_lose_package_told: std::cell::Cell::new(false),
            trust_turns: vec![0; case.n * case.n],
        }
    }

    /// Marks the seat a person plays: it is named "(you)" and its refusals are its own choice.
    pub fn with_human(mut self, seat: usize) -> Narrator<'a> {
        let you = self.speak.say(Msg::You, &[]);
        self.names[seat] = format!("{} [{you}]", self.names[seat]);
        self.human = Some(seat);
        self
    }

    /// The case narrated.
    pub fn case(&self) -> &'a PreparedCase {
        self.case
    }

    /// The language spoken.
    pub fn speaker(&self) -> Speaker {
        self.speak
    }

    /// A stakeholder's name as narrated.
    pub fn name(&self, seat: usize) -> &str {
        &self.names[seat]
    }

    /// Whether no issue weighs more for `seat` than `issue` (its true priorities), and if so,
    /// whether another weighs as much: `Some(true)` when tied at the top.
    fn matters_most(&self, seat: usize, issue: usize) -> Option<bool> {
        let k = self.case.k;
        let weights = &self.case.weights[seat * k..(seat + 1) * k];
        let top = weights[issue];
        weights
            .iter()
            .all(|&w| w <= top)
            .then(|| weights.iter().filter(|&&w| w == top).count() > 1)
    }

    /// An issue's label.
    pub fn issue(&self, i: usize) -> &str {
        self.case.case.issues[i].label.get(self.speak.lang)
    }

    /// An option's label.
    pub fn option(&self, i: usize, o: usize) -> &str {
        self.case.case.issues[i].options[o]
            .label
            .get(self.speak.lang)
    }

    /// An issue's label as a heading (`salaris: € 52.000`, a column of a role sheet): a label
    /// carries its article for running text ("gives ground on the timeline"), which a heading
    /// leaves out ([`crate::model::label::without_article`]).
    pub fn issue_heading(&self, i: usize) -> &str {
        self.case.case.issues[i].label.heading(self.speak.lang)
    }

    /// A package as `issue: option; issue: option; ...`, each option without the words of
    /// its heading ("relocation allowance: €9,000", not "€9,000 relocation").
    pub fn package(&self, package: &[u8]) -> String {
        let none = self.speak.say(Msg::OptionNone, &[]);
        package
            .iter()
            .enumerate()
            .map(|(i, &o)| {
                let heading = self.issue_heading(i);
                let option = moves::listed_option(self.option(i, o as usize), heading, &none);
                format!("{heading}: {option}")
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// What a package gives each party, as "A 73 and B 76" (`utilities` per seat).
    pub fn scores(&self, utilities: &[f64]) -> String {
        let each: Vec<String> = utilities
            .iter()
            .enumerate()
            .map(|(s, &u)| format!("{} {}", self.name(s), self.speak.points(u)))
            .collect();
        self.speak.list(&each)
    }

    /// Whose package sits in a slot: a stakeholder's proposal or the facilitator's text.
    pub fn whose(&self, slot: usize) -> String {
        if slot >= self.case.n {
            self.speak.say(Msg::TextOfFacilitator, &[])
        } else {
            self.speak.say(Msg::ProposalOf, &[("who", self.name(slot))])
        }
    }

    /// A utility on the 0-100 scale, with its unit.
    pub fn points(&self, utility: f64) -> String {
        self.speak
            .say(Msg::Points, &[("points", &self.speak.points(utility))])
    }

    /// Narrates the events of one round (or of the part of a round played so far).
    pub fn narrate(&mut self, events: &[Event]) -> Vec<String> {
        self.narrate_counted(events).0
    }

    /// [`Narrator::narrate`], with what was said and how the proposals moved, counted (what
    /// a line that folds the round away says it leaves out).
    fn narrate_counted(&mut self, events: &[Event]) -> (Vec<String>, MoveCount) {
        self.reader.feed(events);
        let mut moves = MoveCount::default();
        let mut lines = Vec::new();
        let mut agreed = false;
        let mut responses: Vec<usize> = Vec::new();
        let mut proposals: Vec<(usize, &Package)> = Vec::new();
        let mut trust: Vec<(usize, usize, bool)> = Vec::new();
        let mut stress: Vec<(usize, f64)> = Vec::new();
        let mut ending: Vec<String> = Vec::new();
        for e in events {
            match e {
                Event::Disclosed {
                    seat, issue, bluff, ..
                } => {
                    // A bluff claims the issue matters most; when it truly does, the lie is
                    // only in the exaggerated preferences, and the class is told so.
                    let msg = match (*bluff, self.matters_most(*seat, *issue)) {
                        (false, _) => Msg::Disclosed,
                        (true, None) => Msg::Bluffed,
                        (true, Some(false)) => Msg::BluffedTop,
                        (true, Some(true)) => Msg::BluffedTopTied,
                    };
                    if *bluff {
                        moves.bluffs += 1;
                    } else {
                        moves.disclosures += 1;
                    }
                    lines.push(self.speak.sentence(
                        msg,
                        &[("who", self.name(*seat)), ("issue", self.issue(*issue))],
                    ));
                }
                Event::Discovered {
                    seat,
                    issue,
                    option,
                    ..
                } => {
                    lines.push(self.speak.sentence(
                        Msg::Discovered,
                        &[
                            ("who", self.name(*seat)),
                            ("issue", self.issue(*issue)),
                            ("option", self.option(*issue, *option)),
                        ],
                    ));
                }
                Event::Proposed { seat, package, .. } => proposals.push((*seat, package)),
                Event::FacilitatorText { package, .. } => {
                    self.flush_proposals(&mut proposals, &mut lines, &mut moves);
                    match &self.text {
                        None => lines.push(self.speak.sentence(
                            Msg::FacilitatorText,
                            &[("package", &self.package(package))],
                        )),
                        Some(old) if old != package => {
                            let changes = self.changes(old, package);
                            lines.push(
                                self.speak
                                    .sentence(Msg::FacilitatorRevises, &[("changes", &changes)]),
                            );
                        }
                        Some(_) => {}
                    }
                    self.text = Some(package.clone());
                }
                Event::Responded { seat, .. } => responses.push(*seat),
                Event::IssueSettled { issue, option, .. } => ending.push(self.speak.sentence(
                    Msg::Settled,
                    &[
                        ("issue", self.issue_heading(*issue)),
                        ("option", self.option(*issue, *option)),
                    ],
                )),
                Event::Agreed { slot, package, .. } => {
                    agreed = true;
                    ending.push(self.speak.sentence(
                        Msg::Agreed,
                        &[
                            ("whose", &self.whose(*slot)),
                            ("package", &self.package(package)),
                        ],
                    ));
                }
                Event::TrustTurned {
                    from,
                    to,
                    before,
                    after,
                    ..
                } => trust.push((*from, *to, after > before)),
                Event::StressRose { seat, level, .. } => {
                    match stress.iter_mut().find(|(s, _)| s == seat) {
                        Some(entry) => entry.1 = entry.1.max(*level),
                        None => stress.push((*seat, *level)),
                    }
                }
                Event::WalkedOut { seat, .. } => ending.push(self.speak.sentence(
                    Msg::WalkedOut,
                    &[
                        ("who", self.name(*seat)),
                        ("batna", &self.speak.points(self.case.batna[*seat])),
                    ],
                )),
                Event::DeadlinePassed { round } => ending.push(
                    self.speak
                        .sentence(Msg::Deadline, &[("round", &round.to_string())]),
                ),
                Event::RoundStarted { .. } => {}
            }
        }
        self.flush_proposals(&mut proposals, &mut lines, &mut moves);
        let reading = self.reader.current();
        let world_turn = reading.as_ref().and_then(|r| r.world_turn);
        let leading = reading.and_then(|r| r.leading);
        if let Some(leading) = leading.filter(|_| !agreed && !responses.is_empty()) {
            lines.extend(self.support(&leading));
            lines.extend(world_turn.map(|turn| self.world_line(&leading, turn)));
        }
        let swinging = self.keep_trust_turns_told(&mut trust);
        lines.extend(self.trust_lines(&trust));
        lines.extend(self.swing_lines(&swinging));
        for (seat, level) in stress {
            let msg = if level >= 0.75 {
                Msg::StressHeavy
            } else {
                Msg::StressTense
            };
            lines.push(self.speak.sentence(
                msg,
                &[
                    ("who", self.name(seat)),
                    ("level", &self.speak.points(level)),
                ],
            ));
        }
        lines.extend(ending);
        // A round in which nobody moves and nothing else is told is a quiet round, told
        // together with the quiet rounds around it.
        if lines.len() == 1 && lines[0] == self.speak.sentence(Msg::NobodyMoves, &[]) {
            lines.clear();
        }
        (lines, moves)
    }

    /// What the package closest to a deal is worth to the world around the table, against
    /// what the case asks, at the reader's world turn (the first time, and whenever it crosses
    /// the bar).
    fn world_line(&self, leading: &crate::protocol::reader::Leading, turn: WorldTurn) -> String {
        let msg = match turn {
            WorldTurn::First(true) => Msg::WorldEnough,
            WorldTurn::First(false) => Msg::WorldShort,
            WorldTurn::Crossed(true) => Msg::WorldNowEnough,
            WorldTurn::Crossed(false) => Msg::WorldNowShort,
        };
        let (world, threshold) = self
            .speak
            .points_pair(leading.world_value, leading.world_threshold);
        self.speak
            .sentence(msg, &[("world", &world), ("threshold", &threshold)])
    }

    /// Narrates a whole transcript round by round.
    pub fn stories(&mut self, events: &[Event]) -> Vec<RoundStory> {
        split_rounds(events)
            .into_iter()
            .map(|(round, events)| {
                let (lines, moves) = self.narrate_counted(events);
                RoundStory {
                    round,
                    lines,
                    moves,
                }
            })
            .collect()
    }
}

/// Gives each round with something to tell its own heading, and folds each run of the other
/// rounds into one line. With `highlights` (the rounds to show), a round outside it is left
/// out, and the line says so and counts the moves it leaves out: otherwise an offer would seem
/// to jump from the last round shown to the next. A run in which nothing changes says that
/// instead. A quiet round in `highlights` (a fork's first round) is never folded into a line
/// that says its rounds are not shown.
pub fn fold_rounds(
    stories: &[RoundStory],
    highlights: Option<&[u32]>,
    speak: Speaker,
) -> Vec<Block> {
    /// A run of rounds not told one by one.
    struct Run {
        first: u32,
        last: u32,
        /// Whether a round of the run was left out (rather than quiet).
        left_out: bool,
        /// Whether a round of the run is one the highlights keep (a quiet one).
        kept: bool,
        /// How the proposals moved in the rounds left out.
        moves: MoveCount,
    }
    let mut blocks = Vec::new();
    let mut run: Option<Run> = None;
    let flush = |run: &mut Option<Run>, blocks: &mut Vec<Block>| {
        if let Some(Run {
            first,
            last,
            left_out,
            moves,
            ..
        }) = run.take()
        {
            let msg = match (left_out, last - first) {
                (false, 0) => Msg::RoundQuiet,
                (false, 1) => Msg::RoundsQuietTwo,
                (false, _) => Msg::RoundsQuiet,
                (true, 0) => Msg::RoundLeftOut,
                (true, 1) => Msg::RoundsLeftOutTwo,
                (true, _) => Msg::RoundsLeftOut,
            };
            let (from, to) = (first.to_string(), last.to_string());
            let mut line = speak.say(msg, &[("round", &from), ("from", &from), ("to", &to)]);
            if let Some(moves) = moves.told(speak) {
                line.push(' ');
                line.push_str(&moves);
            }
            blocks.push(Block {
                first,
                last,
                lines: vec![line],
            });
        }
    };
    for story in stories {
        let shown = highlights.is_none_or(|h| h.contains(&story.round));
        let left_out = !story.lines.is_empty() && !shown;
        if story.lines.is_empty() || left_out {
            // A quiet round has no moves to count; a left-out one may.
            let moves = if left_out {
                story.moves.clone()
            } else {
                MoveCount::default()
            };
            // A quiet round the highlights keep (a fork's first round).
            let kept = shown && highlights.is_some();
            if run
                .as_ref()
                .is_some_and(|r| (r.left_out && kept) || (r.kept && left_out))
            {
                flush(&mut run, &mut blocks);
            }
            match &mut run {
                Some(r) => {
                    r.last = story.round;
                    r.left_out |= left_out;
                    r.kept |= kept;
                    r.moves.add(&moves);
                }
                None => {
                    run = Some(Run {
                        first: story.round,
                        last: story.round,
                        left_out,
                        kept,
                        moves,
                    })
                }
            }
            continue;
        }
        flush(&mut run, &mut blocks);
        let mut lines = vec![speak.say(Msg::RoundHeader, &[("round", &story.round.to_string())])];
        lines.extend(story.lines.iter().map(|l| format!("  {l}")));
        blocks.push(Block {
            first: story.round,
            last: story.round,
            lines,
        });
    }
    flush(&mut run, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::library::Library;
    use crate::teaching::table::load_case;

    // The job offer: Sam (seat 0) and Robin (seat 1). Issues in order: salary, signing bonus,
    // start date, team, vacation days, remote work, training budget, relocation allowance.
    const SAM: [u8; 8] = [4, 3, 1, 1, 4, 3, 3, 3];
    const ROBIN: [u8; 8] = [0, 0, 1, 1, 0, 0, 0, 0];

    fn proposed(round: u32, seat: usize, package: &[u8]) -> Event {
        Event::Proposed {
            round,
            seat,
            package: package.to_vec(),
            aspiration: 1.0,
        }
    }

    fn refused(round: u32, seat: usize, slot: usize, utility: f64, aspiration: f64) -> Event {
        Event::Responded {
            round,
            seat,
            slot,
            accepted: false,
            utility,
            aspiration,
        }
    }

    fn trust(round: u32, from: usize, to: usize, before: f64, after: f64) -> Event {
        Event::TrustTurned {
            round,
            from,
            to,
            before,
            after,
        }
    }

    /// Narrates rounds one after the other, as a demo does.
    fn tell(rounds: &[Vec<Event>]) -> Vec<Vec<String>> {
        let case = load_case(&Library::default(), "job-offer", Lang::En).unwrap();
        let mut narrator = Narrator::new(&case, Lang::En);
        rounds
            .iter()
            .map(|events| narrator.narrate(events))
            .collect()
    }

    #[test]
    fn a_line_that_folds_rounds_away_names_who_went_back_to_an_earlier_proposal() {
        let case = load_case(&Library::default(), "job-offer", Lang::En).unwrap();
        // Robin raises the salary offer, then goes back to the first package; Sam gives
        // ground once and never returns.
        let mut robin = ROBIN;
        robin[0] = 1;
        let mut sam = SAM;
        sam[0] = 3;
        let rounds = [
            (1, SAM, ROBIN),
            (2, SAM, robin),
            (3, sam, ROBIN),
            (4, sam, ROBIN),
        ];
        let events: Vec<Event> = rounds
            .iter()
            .flat_map(|(r, sam, robin)| {
                [
                    Event::RoundStarted { round: *r },
                    proposed(*r, 0, sam),
                    proposed(*r, 1, robin),
                ]
            })
            .collect();
        let folded = |lang: Lang, shown: &[u32]| {
            let mut narrator = Narrator::new(&case, lang);
            let stories = narrator.stories(&events);
            fold_rounds(&stories, Some(shown), Speaker::new(lang))
                .into_iter()
                .flat_map(|b| b.lines)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            folded(Lang::En, &[1]).last().unwrap(),
            "Rounds 2 to 4 are not shown: no turning point. Meanwhile: 2 concessions and 1 \
                 harder demand. Robin (hiring manager) asked for more again and went back to an \
                 earlier proposal."
        );
        assert_eq!(
            folded(Lang::Nl, &[1]).last().unwrap(),
            "Rondes 2 tot en met 4 worden niet getoond: geen keerpunt. Intussen: 2 \
                 concessies en 1 verharding. Robin (leidinggevende) vroeg weer meer en greep \
                 terug op een eerder voorstel."
        );
        // Moved away in a round shown and back in one folded: still a return to name.
        let told = folded(Lang::En, &[1, 2]);
        assert!(
            told.last()
                .unwrap()
                .ends_with("went back to an earlier proposal."),
            "{told:?}"
        );
        // Rounds without a return do not mention one.
        let told = folded(Lang::En, &[1, 3]);
        assert!(told.iter().all(|l| !l.contains("went back")), "{told:?}");
    }

    #[test]
    fn who_asked_for_more_and_went_back_is_named_once() {
        let mut count = MoveCount::default();
        count.count("Sam", Direction::GivesGround);
        for who in ["Robin", "Kim", "Lou"] {
            count.count(who, Direction::AsksMore);
        }
        for who in ["Kim", "Lou", "Ash"] {
            count.returned(who);
        }
        assert_eq!(
            count.told(Speaker::new(Lang::En)).unwrap(),
            "Meanwhile: 1 concession and 3 harder demands. Robin asked for more again. Kim and \
             Lou asked for more again and went back to earlier proposals. Ash went back to an \
             earlier proposal."
        );
        assert_eq!(
            count.told(Speaker::new(Lang::Nl)).unwrap(),
            "Intussen: 1 concessie en 3 verhardingen. Robin vroeg weer meer. Kim en Lou vroegen \
             weer meer en grepen terug op eerdere voorstellen. Ash greep terug op een eerder \
             voorstel."
        );
    }

    #[test]
    fn a_move_in_both_directions_tells_which_issue_went_which_way() {
        // Sam lowers the salary and raises the training budget: less for Sam on the whole.
        let mut sam = SAM;
        sam[0] = 3;
        sam[6] = 4;
        let told = tell(&[
            vec![proposed(1, 0, &SAM), proposed(1, 1, &ROBIN)],
            vec![proposed(2, 0, &sam), proposed(2, 1, &ROBIN)],
        ]);
        assert_eq!(
            told[1][0],
            "Sam (candidate) gives ground on salary (€61,000 instead of €64,000) and asks in \
             exchange for a larger training budget (€4,000 instead of €3,000 a year)."
        );
        // A move in one direction stays one sentence.
        let mut lower = SAM;
        lower[7] = 0;
        let told = tell(&[vec![proposed(1, 0, &SAM)], vec![proposed(2, 0, &lower)]]);
        assert_eq!(
            told[1][0],
            "Sam (candidate) gives ground on the relocation allowance (no relocation allowance \
             instead of €9,000 relocation)."
        );
    }

    #[test]
    fn a_trade_worse_for_everyone_is_named_once_then_in_short() {
        // Robin gives ground on remote work (one day to two: -0.054 for Robin, +0.018 for
        // Sam) and asks for more on the training budget (€4,000 to €3,000: +0.015 for Robin,
        // -0.024 for Sam). No issue got worse for both, the package did.
        let mut before = ROBIN;
        (before[5], before[6]) = (1, 4);
        let mut after = before;
        (after[5], after[6]) = (2, 3);
        let told = tell(&[
            vec![proposed(1, 1, &before)],
            vec![proposed(2, 1, &after)],
            vec![proposed(3, 1, &before)],
            vec![proposed(4, 1, &after)],
        ]);
        let note = "Nobody gains from that: the new package is worse for everyone at the table \
                    than the one before.";
        assert!(told[1][0].ends_with(note), "{:?}", told[1]);
        // Back again is better for both: no note.
        assert!(!told[2][0].contains("Nobody gains"), "{:?}", told[2]);
        assert!(
            told[3][0]
                .ends_with("Again a package worse for everyone at the table than the one before."),
            "{:?}",
            told[3]
        );
    }

    #[test]
    fn a_trust_turn_says_why() {
        let mut sam = SAM;
        sam[0] = 3;
        let mut robin = ROBIN;
        robin[0] = 1;
        // Round 2: Sam gives ground, Robin stands still: exploitation. Round 3: Robin moves
        // towards Sam: a better offer.
        let told = tell(&[
            vec![proposed(1, 0, &SAM), proposed(1, 1, &ROBIN)],
            vec![
                proposed(2, 0, &sam),
                proposed(2, 1, &ROBIN),
                trust(2, 0, 1, 0.55, 0.47),
            ],
            vec![
                proposed(3, 0, &sam),
                proposed(3, 1, &robin),
                trust(3, 0, 1, 0.47, 0.52),
                trust(3, 1, 0, 0.52, 0.44),
            ],
        ]);
        assert!(
            told[1].contains(
                &"Trust drops: Sam (candidate) gives ground without getting anything back and no \
              longer trusts Robin (hiring manager)."
                    .to_string()
            )
        );
        assert!(
            told[2].contains(
                &"Trust grows: after a better offer, Sam (candidate) now trusts Robin (hiring \
              manager)."
                    .to_string()
            )
        );
        // Robin gave ground and Sam stood firm.
        assert!(
            told[2].contains(
                &"Trust drops: Robin (hiring manager) gives ground without getting anything back \
              and no longer trusts Sam (candidate)."
                    .to_string()
            )
        );
    }

    #[test]
    fn trust_that_flips_every_round_is_told_twice_then_once_as_swinging() {
        let round = |r: u32, before: f64, after: f64| {
            vec![
                proposed(r, 0, &SAM),
                proposed(r, 1, &ROBIN),
                trust(r, 0, 1, before, after),
            ]
        };
        let told = tell(&[
            round(1, 0.55, 0.45),
            round(2, 0.45, 0.55),
            round(3, 0.55, 0.45),
            round(4, 0.45, 0.55),
        ]);
        let about_trust = |lines: &Vec<String>| {
            lines
                .iter()
                .filter(|l| l.starts_with("Trust "))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(about_trust(&told[0]).len(), 1);
        assert_eq!(about_trust(&told[1]).len(), 1);
        assert_eq!(
            about_trust(&told[2]),
            [
                "Trust keeps swinging: Sam (candidate) trusts Robin (hiring manager) one round and \
              not the next."
            ]
        );
        assert!(about_trust(&told[3]).is_empty(), "{:?}", told[3]);
    }

    #[test]
    fn the_package_closest_to_a_deal_does_not_flip_on_a_near_tie() {
        let offers = |r: u32| vec![proposed(r, 0, &SAM), proposed(r, 1, &ROBIN)];
        let round = |r: u32, short_sam: f64, short_robin: f64| {
            let mut events = offers(r);
            // Robin's shortfall on Sam's package, and Sam's on Robin's (above their BATNAs,
            // so that the falling aspirations make every round's picture new).
            events.push(refused(r, 1, 0, 0.35, 0.35 + short_sam));
            events.push(refused(r, 0, 1, 0.4, 0.4 + short_robin));
            events
        };
        let told = tell(&[
            round(1, 0.50, 0.56),
            round(2, 0.49, 0.48),
            round(3, 0.49, 0.40),
        ]);
        let closest = |lines: &[String]| {
            lines
                .iter()
                .find(|l| l.contains("losest to a deal"))
                .cloned()
                .unwrap_or_default()
        };
        assert!(closest(&told[0]).contains("from Sam"), "{:?}", told[0]);
        // Robin's package is a hair closer now: not worth telling as a change, and Sam's,
        // with the same support, is named in short.
        assert_eq!(
            closest(&told[1]),
            "Still closest to a deal: the proposal from Sam (candidate).",
            "{:?}",
            told[1]
        );
        // Both stood by their packages of round 1.
        assert!(told[1].contains(&"No party moves: every proposal stays as it was.".to_string()));
        // Now it is clearly closer.
        assert!(closest(&told[2]).contains("from Robin"), "{:?}", told[2]);
    }
}
