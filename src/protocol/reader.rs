//! The one reader of a transcript: what a round meant. Every view of a process (the narration,
//! the GIF, the negotiation-dance chart, the studio) asks it, so that they all name the same
//! package for the same round.
//!
//! Per round it answers:
//!
//! - the packages put on the table ([`RoundReading::proposals`]);
//! - the **leading proposal** ([`Leading`]): the package closest to a deal, with what each
//!   stakeholder scores it against its BATNA and what it is worth to the world against the
//!   case's threshold. In the round of agreement it is the agreed package. Otherwise it is,
//!   among the packages the table judged that round, the one with the most backers: the
//!   stakeholders besides its proposer who accepted it (a proposer nearly always accepts its
//!   own package, so that says little about how close it is to a deal; the facilitator's text
//!   has no proposer). Among equals it is the one whose refusers fall least short of what they
//!   hold out for (the sum over refusers of `max(aspiration, BATNA) - utility`), then the
//!   facilitator's text, then the lowest seat. The package that led the round before keeps its
//!   place while it has as many backers as the best and falls short by at most
//!   [`LEADING_TOLERANCE`] more: a near tie that flips only because aspirations fall at
//!   different speeds is no change. A round in which nothing was judged keeps the leading
//!   proposal of the round before.
//! - the **turning points** ([`TurningPoint`]): disclosures, concessions, trades good for
//!   both, the fixed-pie trap, trust gained or broken, hidden options found, stress,
//!   walk-outs, the facilitator's moves, settled issues, agreement and the deadline;
//! - the **world's turn** ([`WorldTurn`]): in the first round a package is judged, whether the
//!   leading proposal is good enough for the world, and later whenever a newly judged leading
//!   proposal crosses the case's bar (a case that asks nothing of the world has none).
//!
//! The reader takes events as they come ([`Reader::feed`]), a round or part of one at a time,
//! so that a live table can be read while it is played; [`read`] reads a whole transcript.

use crate::model::prepared::{Package, PreparedCase};
use crate::protocol::observe::Event;
use serde::{Deserialize, Serialize};

/// How much further from a deal (summed shortfall, utility) another package may be before
/// the leading proposal moves away from the package that led the round before.
pub const LEADING_TOLERANCE: f64 = 0.02;

/// Smallest change in utility that counts as giving ground or gaining (the model's default
/// `progress_epsilon`, so that the reading and the trust it explains agree).
pub const MOVE_EPSILON: f64 = 0.005;

/// A package put on the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    /// Whose: a seat, or `n` for the facilitator's text.
    pub slot: usize,
    /// The package.
    pub package: Package,
}

/// One stakeholder's judgement of a package in a round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// Who judged.
    pub seat: usize,
    /// Accepted.
    pub accepted: bool,
    /// Its utility of the package, as judged (under a sequential agenda, issues still to come
    /// count at its best option).
    pub utility: f64,
    /// What it held out for.
    pub aspiration: f64,
}

/// The package closest to a deal in a round; see the [module documentation](self).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Leading {
    /// Whose package: a seat, or `n` for the facilitator's text.
    pub slot: usize,
    /// The package.
    pub package: Package,
    /// The round whose judgements it carries (earlier than the round read when no package
    /// was judged in it).
    pub judged_in: u32,
    /// Every stakeholder's judgement of it in that round, in seat order.
    pub judgements: Vec<Judgement>,
    /// Summed shortfall of those who refused it: `max(aspiration, BATNA) - utility`.
    pub shortfall: f64,
    /// It was agreed.
    pub agreed: bool,
    /// Each stakeholder's utility of it.
    pub scores: Vec<f64>,
    /// Each stakeholder's BATNA.
    pub batna: Vec<f64>,
    /// Its value for the world.
    pub world_value: f64,
    /// The world value the case asks of a package.
    pub world_threshold: f64,
}

impl Leading {
    /// Stakeholders who accepted it (its proposer included).
    pub fn accepted_by(&self) -> impl Iterator<Item = usize> + '_ {
        self.judgements
            .iter()
            .filter(|j| j.accepted)
            .map(|j| j.seat)
    }

    /// Its backers: the stakeholders besides its proposer who accepted it.
    pub fn backers(&self) -> impl Iterator<Item = usize> + '_ {
        let slot = self.slot;
        self.accepted_by().filter(move |&s| s != slot)
    }

    /// Whether it gives stakeholder `s` at least its BATNA.
    pub fn clears_batna(&self, s: usize) -> bool {
        self.scores[s] >= self.batna[s]
    }

    /// Whether it is good enough for the world.
    pub fn good_for_world(&self) -> bool {
        self.world_value >= self.world_threshold
    }
}

/// Something in a round worth pointing at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TurningPoint {
    /// A stakeholder told the table what matters to it on an issue (`bluff`: it overstated).
    Disclosed {
        /// Who.
        seat: usize,
        /// The issue.
        issue: usize,
        /// It was a bluff.
        bluff: bool,
    },
    /// A creative stakeholder found a hidden option; it is on the table for everyone.
    OptionFound {
        /// Who.
        seat: usize,
        /// The issue.
        issue: usize,
        /// The option.
        option: usize,
    },
    /// A stakeholder's new package gives it less than its last one: it gave ground.
    Concession {
        /// Who.
        seat: usize,
        /// What it gave up, in its own utility.
        cost: f64,
    },
    /// A stakeholder's new package is no worse for anyone than its last one and better for
    /// somebody else: a trade good for both.
    GoodTrade {
        /// Who.
        seat: usize,
    },
    /// The fixed-pie trap: a move that made issues worse for everyone, the mover included
    /// (`issues` empty: no single issue, but the package as a whole).
    FixedPieTrap {
        /// Who moved.
        seat: usize,
        /// The issues that got worse for everyone.
        issues: Vec<usize>,
    },
    /// `from` came to trust `to`.
    TrustGained {
        /// Who trusts.
        from: usize,
        /// Whom.
        to: usize,
    },
    /// `from` no longer trusts `to`.
    TrustBroken {
        /// Who trusted.
        from: usize,
        /// Whom.
        to: usize,
    },
    /// A stakeholder's stress crossed a notable level.
    Stress {
        /// Who.
        seat: usize,
        /// Its stress, in [0, 1].
        level: f64,
    },
    /// A stakeholder walked out.
    WalkedOut {
        /// Who.
        seat: usize,
    },
    /// The facilitator put its single negotiating text on the table, or revised it.
    FacilitatorText {
        /// It revised an earlier text.
        revised: bool,
    },
    /// Under a sequential agenda, an issue was settled.
    IssueSettled {
        /// The issue.
        issue: usize,
        /// The option.
        option: usize,
    },
    /// The table agreed.
    Agreement {
        /// Whose package.
        slot: usize,
    },
    /// The deadline passed without agreement.
    Deadline,
}

/// What one round meant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundReading {
    /// The round, from 1.
    pub round: u32,
    /// The packages put on the table this round, in the order they were put.
    pub proposals: Vec<Offer>,
    /// The leading proposal (none before any package was judged).
    pub leading: Option<Leading>,
    /// The turning points, in the order they happened.
    pub turning_points: Vec<TurningPoint>,
    /// Where the leading proposal stands with the world, when this round judged it first or
    /// it crossed the bar.
    #[serde(default)]
    pub world_turn: Option<WorldTurn>,
}

/// Where the leading proposal stands with the world, told when it is first judged and when it
/// crosses the case's bar (`true`: good enough for the world).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorldTurn {
    /// The first package judged is, or is not, good enough.
    First(bool),
    /// The package closest to a deal is now good enough, or no longer.
    Crossed(bool),
}

impl WorldTurn {
    /// Whether the leading proposal is now good enough for the world.
    pub fn good(self) -> bool {
        match self {
            WorldTurn::First(good) | WorldTurn::Crossed(good) => good,
        }
    }
}

/// A package judged in a round, with its judgements so far.
#[derive(Clone, Debug)]
struct Candidate {
    slot: usize,
    package: Package,
    judgements: Vec<Judgement>,
}

/// The round being read.
#[derive(Clone, Debug)]
struct RoundState {
    round: u32,
    proposals: Vec<Offer>,
    candidates: Vec<Candidate>,
    agreed: Option<Offer>,
    turning_points: Vec<TurningPoint>,
}

impl RoundState {
    fn new(round: u32) -> RoundState {
        RoundState {
            round,
            proposals: Vec::new(),
            candidates: Vec::new(),
            agreed: None,
            turning_points: Vec::new(),
        }
    }
}

/// Reads a transcript as it comes; see the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    case: &'a PreparedCase,
    /// Each slot's latest package (seats, then the facilitator).
    latest: Vec<Option<Package>>,
    /// The round being read.
    current: Option<RoundState>,
    /// The leading proposal of the last round read to its end.
    last_leading: Option<Leading>,
    /// Whether the leading proposal was good enough for the world when last judged.
    world_standing: Option<bool>,
}

/// Reads a whole transcript, round by round.
pub fn read(case: &PreparedCase, events: &[Event]) -> Vec<RoundReading> {
    let mut reader = Reader::new(case);
    let mut rounds = reader.feed(events);
    rounds.extend(reader.finish());
    rounds
}

impl<'a> Reader<'a> {
    /// A reader for a process on `case`.
    pub fn new(case: &'a PreparedCase) -> Reader<'a> {
        Reader {
            case,
            latest: vec![None; case.n + 1],
            current: None,
            last_leading: None,
            world_standing: None,
        }
    }

    /// Takes in the next events of the transcript; returns the readings of the rounds they
    /// closed (a round closes when an event of a later round arrives, or at [`Reader::finish`]).
    pub fn feed(&mut self, events: &[Event]) -> Vec<RoundReading> {
        let mut closed = Vec::new();
        for event in events {
            let round = event.round();
            if self.current.as_ref().is_some_and(|c| c.round != round) {
                closed.extend(self.close());
            }
            let state = self.current.get_or_insert_with(|| RoundState::new(round));
            read_event(self.case, &mut self.latest, state, event);
        }
        closed
    }

    /// The round being read, as far as it has been read.
    pub fn current(&self) -> Option<RoundReading> {
        self.current.as_ref().map(|state| self.reading(state))
    }

    /// Closes the round being read and returns its reading, if any.
    pub fn finish(&mut self) -> Option<RoundReading> {
        self.close()
    }

    fn close(&mut self) -> Option<RoundReading> {
        let state = self.current.take()?;
        let reading = self.reading(&state);
        self.last_leading = reading.leading.clone();
        if let Some(turn) = reading.world_turn {
            self.world_standing = Some(turn.good());
        }
        Some(reading)
    }

    fn reading(&self, state: &RoundState) -> RoundReading {
        let leading = self.leading(state);
        let world_turn = leading
            .as_ref()
            .filter(|l| l.world_threshold > 0.0 && l.judged_in == state.round)
            .and_then(|l| {
                let good = l.good_for_world();
                match self.world_standing {
                    None => Some(WorldTurn::First(good)),
                    Some(was) if was != good => Some(WorldTurn::Crossed(good)),
                    Some(_) => None,
                }
            });
        RoundReading {
            round: state.round,
            proposals: state.proposals.clone(),
            leading,
            turning_points: state.turning_points.clone(),
            world_turn,
        }
    }

    /// The leading proposal of a round; see the module documentation.
    fn leading(&self, state: &RoundState) -> Option<Leading> {
        let n = self.case.n;
        if let Some(agreed) = &state.agreed {
            let judgements = state
                .candidates
                .iter()
                .find(|c| c.slot == agreed.slot && c.package == agreed.package)
                .map(|c| c.judgements.clone())
                .unwrap_or_default();
            let mut leading = self.lead(agreed.slot, &agreed.package, state.round, judgements);
            leading.agreed = true;
            return Some(leading);
        }
        let rank = |slot: usize| if slot == n { 0 } else { slot + 1 };
        let mut order: Vec<&Candidate> = state.candidates.iter().collect();
        order.sort_by_key(|c| rank(c.slot));
        let score = |c: &Candidate| (backers(c), self.shortfall(&c.judgements));
        let mut best: Option<(&Candidate, (usize, f64))> = None;
        for c in order {
            let (a, short) = score(c);
            let better = match best {
                None => true,
                Some((_, (ba, bshort))) => a > ba || (a == ba && short < bshort),
            };
            if better {
                best = Some((c, (a, short)));
            }
        }
        let Some((mut chosen, (a, short))) = best else {
            return self.last_leading.clone();
        };
        let kept_slot = self.last_leading.as_ref().map(|l| l.slot);
        if let Some(kept) = state.candidates.iter().find(|c| Some(c.slot) == kept_slot) {
            let (ka, kshort) = score(kept);
            if ka == a && kshort <= short + LEADING_TOLERANCE {
                chosen = kept;
            }
        }
        Some(self.lead(
            chosen.slot,
            &chosen.package,
            state.round,
            chosen.judgements.clone(),
        ))
    }

    fn shortfall(&self, judgements: &[Judgement]) -> f64 {
        judgements
            .iter()
            .filter(|j| !j.accepted)
            .map(|j| (j.aspiration.max(self.case.batna[j.seat]) - j.utility).max(0.0))
            .sum()
    }

    fn lead(
        &self,
        slot: usize,
        package: &[u8],
        round: u32,
        mut judgements: Vec<Judgement>,
    ) -> Leading {
        let case = self.case;
        judgements.sort_by_key(|j| j.seat);
        Leading {
            slot,
            package: package.to_vec(),
            judged_in: round,
            shortfall: self.shortfall(&judgements),
            judgements,
            agreed: false,
            scores: (0..case.n).map(|s| case.utility(s, package)).collect(),
            batna: case.batna.clone(),
            world_value: case.world_value(package),
            world_threshold: case.case.world_threshold,
        }
    }
}

/// Stakeholders besides its proposer who accepted a candidate.
fn backers(c: &Candidate) -> usize {
    c.judgements
        .iter()
        .filter(|j| j.accepted && j.seat != c.slot)
        .count()
}

/// Takes one event into the round being read.
fn read_event(
    case: &PreparedCase,
    latest: &mut [Option<Package>],
    state: &mut RoundState,
    event: &Event,
) {
    let n = case.n;
    let points = &mut state.turning_points;
    match event {
        Event::RoundStarted { .. } => {}
        Event::Disclosed {
            seat, issue, bluff, ..
        } => points.push(TurningPoint::Disclosed {
            seat: *seat,
            issue: *issue,
            bluff: *bluff,
        }),
        Event::Discovered {
            seat,
            issue,
            option,
            ..
        } => points.push(TurningPoint::OptionFound {
            seat: *seat,
            issue: *issue,
            option: *option,
        }),
        Event::Proposed { seat, package, .. } => {
            if let Some(old) = &latest[*seat] {
                points.extend(moved(case, *seat, old, package));
            }
            latest[*seat] = Some(package.clone());
            state.proposals.push(Offer {
                slot: *seat,
                package: package.clone(),
            });
        }
        Event::FacilitatorText { package, .. } => {
            let revised = match &latest[n] {
                None => Some(false),
                Some(old) if old != package => Some(true),
                Some(_) => None,
            };
            if let Some(revised) = revised {
                points.push(TurningPoint::FacilitatorText { revised });
            }
            latest[n] = Some(package.clone());
            state.proposals.push(Offer {
                slot: n,
                package: package.clone(),
            });
        }
        Event::Responded {
            seat,
            slot,
            accepted,
            utility,
            aspiration,
            ..
        } => {
            let Some(Some(package)) = latest.get(*slot) else {
                return;
            };
            let judgement = Judgement {
                seat: *seat,
                accepted: *accepted,
                utility: *utility,
                aspiration: *aspiration,
            };
            match state
                .candidates
                .iter_mut()
                .find(|c| c.slot == *slot && &c.package == package)
            {
                Some(c) => c.judgements.push(judgement),
                None => state.candidates.push(Candidate {
                    slot: *slot,
                    package: package.clone(),
                    judgements: vec![judgement],
                }),
            }
        }
        Event::IssueSettled { issue, option, .. } => points.push(TurningPoint::IssueSettled {
            issue: *issue,
            option: *option,
        }),
        Event::Agreed { slot, package, .. } => {
            state.agreed = Some(Offer {
                slot: *slot,
                package: package.clone(),
            });
            points.push(TurningPoint::Agreement { slot: *slot });
        }
        Event::TrustTurned {
            from,
            to,
            before,
            after,
            ..
        } => points.push(if after > before {
            TurningPoint::TrustGained {
                from: *from,
                to: *to,
            }
        } else {
            TurningPoint::TrustBroken {
                from: *from,
                to: *to,
            }
        }),
        Event::StressRose { seat, level, .. } => points.push(TurningPoint::Stress {
            seat: *seat,
            level: *level,
        }),
        Event::WalkedOut { seat, .. } => points.push(TurningPoint::WalkedOut { seat: *seat }),
        Event::DeadlinePassed { .. } => points.push(TurningPoint::Deadline),
    }
}

/// What a stakeholder's move from `old` to `new` was: a concession, a trade good for both,
/// the fixed-pie trap (several at once where they apply).
pub fn moved(case: &PreparedCase, seat: usize, old: &[u8], new: &[u8]) -> Vec<TurningPoint> {
    let mut points = Vec::new();
    if old == new {
        return points;
    }
    let gain: Vec<f64> = (0..case.n)
        .map(|s| case.utility(s, new) - case.utility(s, old))
        .collect();
    if gain[seat] < -MOVE_EPSILON {
        points.push(TurningPoint::Concession {
            seat,
            cost: -gain[seat],
        });
    }
    let nobody_worse = gain.iter().all(|&g| g >= -MOVE_EPSILON);
    let others_better = (0..case.n).any(|s| s != seat && gain[s] > MOVE_EPSILON);
    if nobody_worse && others_better {
        points.push(TurningPoint::GoodTrade { seat });
    }
    if let Some(issues) = fixed_pie_trap(case, old, new) {
        points.push(TurningPoint::FixedPieTrap { seat, issues });
    }
    points
}

/// The fixed-pie trap in a move from `old` to `new`: the issues it made worse for every
/// stakeholder, the mover included; or, when no single issue is, an empty list if the package
/// as a whole is worse for everyone (by more than [`MOVE_EPSILON`]); `None` otherwise.
pub fn fixed_pie_trap(case: &PreparedCase, old: &[u8], new: &[u8]) -> Option<Vec<usize>> {
    let issues: Vec<usize> = (0..old.len())
        .filter(|&i| old[i] != new[i])
        .filter(|&i| {
            let (a, b) = (case.flat(i, old[i] as usize), case.flat(i, new[i] as usize));
            (0..case.n).all(|s| case.values_of(s)[b] < case.values_of(s)[a])
        })
        .collect();
    if !issues.is_empty() {
        return Some(issues);
    }
    let worse_for_all =
        (0..case.n).all(|s| case.utility(s, new) < case.utility(s, old) - MOVE_EPSILON);
    worse_for_all.then(Vec::new)
}
