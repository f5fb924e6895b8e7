//! Step 1, dialogue: stakeholders may disclose their priorities; listeners update their model
//! of each other's interests, with noise that falls with empathy. Everyone starts from the
//! fixed-pie prior (others want the opposite on every issue) until dialogue corrects it.

use crate::model::prepared::PreparedCase;
use crate::protocol::belief_view::BeliefView;
use crate::protocol::components::*;
use crate::protocol::input::Players;
use crate::protocol::observe::{Event, Transcript};
use crate::protocol::setup::Tactic;
use crate::protocol::statement::Statement;
use crate::rng::{chance, unit};
use bevy_ecs::prelude::*;

/// What the dialogue step reads and writes at each seat.
pub(crate) type Participant = (
    &'static Seat,
    &'static MindsetTraits,
    &'static Conduct,
    &'static Stress,
    &'static Trust,
    &'static mut Beliefs,
    &'static mut SeatStream,
);

/// Step 1, dialogue, as a system of its own, for tables that run the steps one by one
/// (see `dialogue_step`; other tables run it in [`crate::protocol::round`]).
pub fn dialogue(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut table_stream: ResMut<TableStream>,
    mut seats: Query<Participant>,
) {
    dialogue_step(
        &setting,
        facilitator.as_deref_mut(),
        players.as_deref(),
        &mut table,
        &mut transcript,
        &mut table_stream.0,
        &mut seats,
    );
}

/// Step 1, dialogue: the round opens, each stakeholder may disclose an issue (`speak`),
/// listeners take in what was said and read the opening offers (`listen`), and everyone whose
/// beliefs changed derives what it believes of the others again (`refresh_beliefs`).
pub(crate) fn dialogue_step(
    setting: &Setting,
    facilitator: Option<&mut Facilitator>,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    table_stream: &mut crate::rng::Stream,
    seats: &mut Query<Participant>,
) {
    open_round(table, transcript);
    speak(
        setting,
        facilitator.is_some(),
        players,
        table,
        transcript,
        seats,
    );
    listen(setting, table, facilitator, table_stream, seats);
    refresh_beliefs(&setting.case, seats);
}

/// Opens a round: clears last round's statements and walk-outs and marks the round in the
/// transcript.
fn open_round(table: &mut TableState, transcript: &mut Transcript) {
    table.statements.iter_mut().for_each(|s| *s = None);
    table.walked.iter_mut().for_each(|w| *w = false);
    let round = table.round + 1;
    transcript.push(|| Event::RoundStarted { round });
}

/// Each stakeholder decides whether to disclose one more issue this round.
///
/// Chance: `openness' * (0.5 + 0.5 * disclosure_norm) * (0.5 + 0.5 * trust_in_table)`, raised by
/// a facilitator's elicitation; openness' is openness narrowed by stress. The most important
/// undisclosed issue goes first. The statement is truthful with chance `0.5 + 0.5 * openness'`;
/// otherwise it is a bluff (overstated priority, exaggerated valuations). A seat played from
/// outside says what its [`SeatInput`] holds (after rolling the same dice, see
/// [`crate::protocol::input`]).
fn speak(
    setting: &Setting,
    facilitated: bool,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &mut Query<Participant>,
) {
    let case = &*setting.case;
    let round = table.round + 1;
    for (seat, traits, conduct, stress, trust, mut beliefs, mut stream) in seats.iter_mut() {
        let s = seat.0;
        table.statements[s] = None;
        let decide = |disclosed: &[bool], stream: &mut crate::rng::Stream| {
            disclosure(
                setting,
                facilitated,
                s,
                traits,
                stress,
                trust,
                disclosed,
                stream,
            )
        };
        let statement = match players.and_then(|p| p.input(s)) {
            Some(input) => {
                // A played seat rolls the dice a simulated one would, then says what its
                // player chose.
                if conduct.0 == Tactic::Mindset {
                    let _ = decide(&beliefs.disclosed, &mut stream.0);
                }
                match input.disclose {
                    Some(statement) if statement.issue < case.k => statement,
                    _ => continue,
                }
            }
            None => {
                if conduct.0 != Tactic::Mindset {
                    continue; // classic tactics do not talk
                }
                match decide(&beliefs.disclosed, &mut stream.0) {
                    Some(statement) => statement,
                    None => continue,
                }
            }
        };
        let Statement { issue, bluff } = statement;
        beliefs.disclosed[issue] = true;
        table.statements[s] = Some(statement);
        transcript.push(|| Event::Disclosed {
            round,
            seat: s,
            issue,
            bluff,
        });
    }
}

/// What a stakeholder of the model tells the table this round, if anything (see [`speak`]).
#[inline(always)]
fn disclosure(
    setting: &Setting,
    facilitated: bool,
    s: usize,
    traits: &MindsetTraits,
    stress: &Stress,
    trust: &Trust,
    disclosed: &[bool],
    stream: &mut crate::rng::Stream,
) -> Option<Statement> {
    let (case, rules, params) = (&*setting.case, &setting.rules, &*setting.params);
    let issue = most_important_undisclosed(case, s, disclosed)?;
    let openness = narrowed(traits.0.openness, stress.0, params);
    let trust_in_table = mean_except(&trust.0, s);
    let mut p = openness * (0.5 + 0.5 * rules.disclosure) * (0.5 + 0.5 * trust_in_table);
    if facilitated {
        p += params.facilitator_elicitation * (1.0 - p);
    }
    if !chance(stream, p) {
        return None;
    }
    let bluff = !chance(stream, 0.5 + 0.5 * openness);
    Some(Statement { issue, bluff })
}

/// Listeners take in this round's statements: perceived values are the claimed ones plus
/// uniform noise with standard deviation `listening_noise * (1 - empathy')`, and beliefs move
/// towards them by
/// `uptake = (uptake_min + (1 - uptake_min) * openness') * (0.5 + 0.5 * trust_in_speaker)`,
/// times the listener's [`attention_share`] for the number of statements it hears this round
/// (a facilitator, whose job is to listen, takes in every statement fully).
/// After the first round each also reads the opening offers: see [`read_opening_offers`].
fn listen(
    setting: &Setting,
    table: &TableState,
    facilitator: Option<&mut Facilitator>,
    table_stream: &mut crate::rng::Stream,
    seats: &mut Query<Participant>,
) {
    let (case, params) = (&*setting.case, &*setting.params);
    let speakers = table.statements.iter().filter(|s| s.is_some()).count();
    let spoken = speakers > 0;
    let opening_offers = opening_offers_on_table(table);
    if !spoken && !opening_offers {
        return;
    }
    for (seat, traits, _, stress, trust, mut beliefs, mut stream) in seats.iter_mut() {
        let l = seat.0;
        let empathy = narrowed(traits.0.empathy, stress.0, params);
        let openness = narrowed(traits.0.openness, stress.0, params);
        let noise = params.listening_noise * (1.0 - empathy);
        // What one takes in of a round's statements is shared among those one hears.
        let heard = speakers - usize::from(table.statements[l].is_some());
        let base_uptake = (params.uptake_min + (1.0 - params.uptake_min) * openness)
            * attention_share(params.communication_load, heard);
        let b = &mut *beliefs;
        if spoken {
            let n = table.statements.len();
            let first = first_heard(b, n, &mut stream.0);
            for s in (first..n).chain(0..first) {
                let Some(statement) = &table.statements[s] else {
                    continue;
                };
                if s == l {
                    continue;
                }
                let uptake = base_uptake * (0.5 + 0.5 * trust.0[s]);
                take_in(case, b, s, *statement, noise, uptake, &mut stream.0);
            }
        }
        if opening_offers {
            read_opening_offers(case, table, l, openness, b, &mut stream.0);
        }
    }
    if !spoken {
        return;
    }
    if let Some(f) = facilitator {
        f.kept_logs.forget();
        // The facilitator listens closely (empathy 0.9) and takes everything on board.
        let noise = params.listening_noise * 0.1;
        let (k, total) = (case.k, case.total);
        for (s, statement) in table.statements.iter().enumerate() {
            if let Some(statement) = statement {
                absorb(
                    case,
                    s,
                    *statement,
                    noise,
                    1.0,
                    &mut f.weights[s * k..(s + 1) * k],
                    &mut f.valuations[s * total..(s + 1) * total],
                    table_stream,
                );
            }
        }
    }
}

/// The share of its attention a listener gives each of the `heard` statements of a round:
/// `1 / (1 + load * (heard - 1))`, 1 when it hears one speaker (as at a table of two). With
/// `load` 1 a listener takes in as much per round however many speak, shared among them; with
/// `load` 0 it takes in every statement fully. More parties bring more interactions and more
/// information to process (Bazerman, Mannix & Thompson 1988; the seed essay's "argument
/// polonaises"), and a listener's capacity per round does not grow with them.
pub fn attention_share(load: f64, heard: usize) -> f64 {
    if heard <= 1 {
        return 1.0;
    }
    1.0 / (1.0 + load * (heard - 1) as f64)
}

/// Whether last round's positions on the table are the opening offers (the listener reads
/// them in round 2's dialogue).
fn opening_offers_on_table(table: &TableState) -> bool {
    table.round == 1
}

/// Reading the opening offers: when every other stakeholder opened, on some issue, with
/// exactly the option the listener likes best, the issue may be compatible. After the first
/// round the listener notices this with chance `openness'` per such issue (if its beliefs do
/// not already say so) and then believes every other stakeholder values that issue's options
/// as it does itself.
///
/// Only opening offers are read: they are each side's ideal, whereas later offers are read as
/// concessions, which say what one gives, not what one wants (reading every offer this way
/// mistakes a full concession for a shared interest). Offers are facts, not statements, so
/// neither trust nor `uptake_min` (what even a closed mind takes in of what is said) enters.
/// People infer interests from offers too (Thompson 1991); without this, fixed-pie beliefs
/// survive even when both sides open with the same demand, and positional pairs "compromise"
/// away from it far more often than the one agreement in five that Thompson & Hrebec (1996)
/// report.
pub fn read_opening_offers(
    case: &PreparedCase,
    table: &TableState,
    me: usize,
    openness: f64,
    b: &mut Beliefs,
    stream: &mut crate::rng::Stream,
) {
    if !opening_offers_on_table(table) {
        return;
    }
    let (n, k, total) = (case.n, case.k, case.total);
    for i in 0..k {
        let mut demanded: Option<u8> = None;
        let mut shared = true;
        for t in (0..n).filter(|&t| t != me && table.previous_present[t]) {
            let o = table.positions[t * k + i];
            if demanded.is_some_and(|d| d != o) {
                shared = false;
                break;
            }
            demanded = Some(o);
        }
        let Some(o) = demanded.filter(|_| shared) else {
            continue;
        };
        // Only the listener's own favourite counts: a shared demand on an option both have
        // conceded to says nothing about what the others want.
        let range = case.flat(i, 0)..case.flat(i, 0) + case.options[i];
        let mine = &case.valuations[me * total + range.start..me * total + range.end];
        let favourite = mine.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if mine[o as usize] < favourite {
            continue;
        }
        // Every belief row about others: one per other seat, or, beyond the listener's
        // belief memory, the general impression and the seats remembered.
        let (rows, own) = if b.bounded() {
            (b.remembered.rows(), OWN_ROW)
        } else {
            (n, me)
        };
        let already = (0..rows)
            .filter(|&r| r != own)
            .all(|r| b.valuations[r * total + range.start..r * total + range.end] == *mine);
        if already || !chance(stream, openness) {
            continue;
        }
        for r in (0..rows).filter(|&r| r != own) {
            b.valuations[r * total + range.start..r * total + range.end].copy_from_slice(mine);
        }
        for t in (0..n).filter(|&t| t != me) {
            b.stale[t] = true;
        }
    }
}

/// Perception noise with mean 0 and standard deviation 1: uniform on [-sqrt 3, sqrt 3]
/// (cheaper than a normal draw on the hot path, and bounded, so a mishearing never flips a
/// valuation from one end of the scale to the other).
#[inline]
fn centred(stream: &mut crate::rng::Stream) -> f64 {
    const SQRT_3: f64 = 1.732_050_807_568_877_2;
    SQRT_3 * (2.0 * unit(stream) - 1.0)
}

/// The seat whose statement a listener takes in first this round; the others follow in seat
/// order, round the table. Within its belief memory that is seat 0 (no draw). Beyond it the
/// order decides whom it remembers when more speak than it can keep, and a round's statements
/// are made at once, so the listener starts at a seat drawn from its own stream: otherwise
/// every listener would forget the lowest-numbered speakers.
fn first_heard(b: &Beliefs, n: usize, stream: &mut crate::rng::Stream) -> usize {
    if !b.bounded() {
        return 0;
    }
    ((unit(stream) * n as f64) as usize).min(n - 1)
}

/// Beyond its belief memory, the row of the general impression of the others.
const GENERAL_ROW: usize = 0;
/// Beyond its belief memory, the row of the listener's own interests.
const OWN_ROW: usize = 1;

/// The belief row that will hold what the listener hears from `speaker`. Within the listener's
/// belief memory that is the speaker's own row. Beyond it, a speaker not remembered takes a
/// row, starting from the general impression (what the listener believed of it until now):
/// a free row while there is one, else the row of the seat heard longest ago, which is
/// forgotten (believed to be like the others in general again).
fn remember(b: &mut Beliefs, speaker: usize) -> usize {
    if !b.bounded() {
        return speaker;
    }
    let r = b.row_of[speaker] as usize;
    if r != GENERAL_ROW {
        b.remembered.touch(r);
        return r;
    }
    let r = if b.remembered.rows() < OWN_ROW + 1 + b.memory {
        b.weights.extend_from_within(..b.k);
        b.valuations.extend_from_within(..b.total);
        b.remembered.push_newest(speaker)
    } else {
        let (oldest, forgotten) = b
            .remembered
            .replace_oldest(speaker)
            .expect("a belief memory of at least one seat");
        b.row_of[forgotten] = GENERAL_ROW as u32;
        b.stale[forgotten] = true;
        let (k, total) = (b.k, b.total);
        b.weights.copy_within(..k, oldest * k);
        b.valuations.copy_within(..total, oldest * total);
        oldest
    };
    b.row_of[speaker] = r as u32;
    r
}

/// A listener takes in one statement of `speaker`, with `uptake`: in the speaker's belief row
/// (beyond the belief memory, remembering the speaker, see [`remember`]) its belief moves
/// towards what it heard ([`absorb`]).
///
/// A listener that takes in nothing (uptake 0: a closed mind under stress, with `uptake_min`
/// 0) changes no belief, so it does not remember the speaker either: it forgets nobody for a
/// statement it did not take in, and the speaker does not become its most recently heard. It
/// still perceives the statement, so its perception noise is drawn as [`absorb`] draws it,
/// and every later draw of its stream is what it would have been.
fn take_in(
    case: &PreparedCase,
    b: &mut Beliefs,
    speaker: usize,
    statement: Statement,
    noise: f64,
    uptake: f64,
    stream: &mut crate::rng::Stream,
) {
    if uptake == 0.0 {
        // absorb's draws: the priority heard, then each of the issue's options.
        for _ in 0..=case.options[statement.issue] {
            centred(stream);
        }
        return;
    }
    let r = remember(b, speaker);
    let (weights, valuations) = belief_row_mut(b, r);
    absorb(
        case, speaker, statement, noise, uptake, weights, valuations, stream,
    );
    b.stale[speaker] = true;
}

/// Belief row `r`'s priorities and valuations, to be written.
fn belief_row_mut(b: &mut Beliefs, r: usize) -> (&mut [f64], &mut [f64]) {
    let (k, total) = (b.k, b.total);
    (
        &mut b.weights[r * k..(r + 1) * k],
        &mut b.valuations[r * total..(r + 1) * total],
    )
}

/// Moves a belief about `speaker` on the stated issue towards what was heard: `weights` and
/// `valuations` are the row of beliefs about the speaker.
fn absorb(
    case: &PreparedCase,
    speaker: usize,
    statement: Statement,
    noise: f64,
    uptake: f64,
    weights: &mut [f64],
    valuations: &mut [f64],
    stream: &mut crate::rng::Stream,
) {
    let i = statement.issue;
    let k = case.k;
    let total = case.total;
    let true_w = &case.weights[speaker * k..(speaker + 1) * k];
    let claimed_w = if statement.bluff {
        true_w.iter().copied().fold(0.0, f64::max)
    } else {
        true_w[i]
    };
    let heard_w = (claimed_w * (1.0 + noise * centred(stream))).max(0.0);
    let w = &mut weights[i];
    *w += uptake * (heard_w - *w);
    for o in 0..case.options[i] {
        let f = case.flat(i, o);
        let v = case.valuations[speaker * total + f];
        let claimed = if statement.bluff {
            if v >= 0.5 { 1.0 } else { 0.0 }
        } else {
            v
        };
        let heard = (claimed + noise * centred(stream)).clamp(0.0, 1.0);
        let b = &mut valuations[f];
        *b += uptake * (heard - *b);
    }
}

/// Derives the believed mean value of the others per option, after beliefs changed.
fn refresh_beliefs(case: &PreparedCase, seats: &mut Query<Participant>) {
    for (seat, _, _, _, _, mut beliefs, _) in seats.iter_mut() {
        if beliefs.stale.contains(&true) {
            recompute_others(case, seat.0, &mut beliefs);
        }
    }
}

/// Largest table, in stakeholders times flat options, at which each seat keeps the share of
/// every other seat in the believed others' values (`Beliefs::others_by` and its two
/// companions). Keeping them lets a statement re-derive only the speaker's share; their size
/// grows with the square of the table (n x n x options over the table), 480 KB a seat and
/// 480 MB a table of 1,000 stakeholders with 30 options. Larger tables derive every share
/// again whenever a seat sums them: the same arithmetic in the same order, so the same bits.
pub const SHARE_CACHE_LIMIT: usize = 8192;

/// Whether seats at a table of this case keep the others' shares (see [`SHARE_CACHE_LIMIT`]).
pub fn keeps_shares(case: &PreparedCase) -> bool {
    case.n * case.total <= SHARE_CACHE_LIMIT
}

/// Recomputes `others`, `others_priority` and `others_position` from the raw beliefs. Where
/// the shares are kept, each seat's share is derived again only if the beliefs about it
/// changed; the shares are then summed in seat order.
pub fn recompute_others(case: &PreparedCase, me: usize, b: &mut Beliefs) {
    if b.keeps_shares {
        for t in 0..case.n {
            if t != me && b.stale[t] {
                derive_share(case, t, b);
            }
        }
    }
    b.stale.fill(false);
    sum_all_shares(case, me, b);
}

/// Derives seat t's share of the believed others' values, priorities and positions from the
/// raw beliefs about t, into its kept rows.
fn derive_share(case: &PreparedCase, t: usize, b: &mut Beliefs) {
    let (k, total) = (case.k, case.total);
    derive_share_into(
        case,
        &b.weights[t * k..(t + 1) * k],
        &b.valuations[t * total..(t + 1) * total],
        &mut b.others_by[t * total..(t + 1) * total],
        &mut b.priority_by[t * k..(t + 1) * k],
        &mut b.position_by[t * k..(t + 1) * k],
    );
    b.stale[t] = false;
}

/// One seat's share of the believed others' values (`others`, per flat option), priorities
/// and positions (per issue), from the weights and valuations believed of it. The one place
/// this arithmetic is written, so kept and re-derived shares are the same bits.
#[inline(always)]
fn derive_share_into(
    case: &PreparedCase,
    w: &[f64],
    valuations: &[f64],
    others: &mut [f64],
    priority: &mut [f64],
    position: &mut [f64],
) {
    let share = 1.0 / (case.n - 1) as f64;
    let sum: f64 = w.iter().sum();
    let sum = if sum > 0.0 { sum } else { 1.0 };
    for (i, &wi) in w.iter().enumerate() {
        let wi = wi / sum;
        priority[i] = share * wi;
        let first = case.offsets[i];
        let mut favourite = (0usize, f64::NEG_INFINITY);
        for (o, &v) in valuations[first..first + case.options[i]]
            .iter()
            .enumerate()
        {
            others[first + o] = share * wi * v;
            if v > favourite.1 {
                favourite = (o, v);
            }
        }
        position[i] = share * favourite.0 as f64;
    }
}

/// Derives a seat's shares from the weights and valuations believed of it into `row` (`total`
/// values, `k` priorities, `k` positions), for tables whose shares are not kept.
fn derive_share_row(case: &PreparedCase, w: &[f64], valuations: &[f64], row: &mut [f64]) {
    let (others, rest) = row.split_at_mut(case.total);
    let (priority, position) = rest.split_at_mut(case.k);
    derive_share_into(
        case,
        w,
        valuations,
        others,
        priority,
        &mut position[..case.k],
    );
}

/// Seat t's share (as [`derive_share_row`] writes it), for tables whose shares are not kept:
/// beyond the belief memory, for a seat not remembered, the general impression's share
/// (`general`, derived once for the sum by [`derive_general_share`]); otherwise derived from
/// the beliefs about t into `row`.
fn share_of<'a>(
    case: &PreparedCase,
    beliefs: BeliefView<'_>,
    general: &'a [f64],
    t: usize,
    row: &'a mut [f64],
) -> &'a [f64] {
    if beliefs.bounded() && beliefs.row(t) == GENERAL_ROW {
        return general;
    }
    derive_share_row(case, beliefs.weights_of(t), beliefs.valuations_of(t), row);
    row
}

/// Sums the shares of every seat but `me` into `others`, `others_priority` and
/// `others_position`, in seat order.
fn sum_all_shares(case: &PreparedCase, me: usize, b: &mut Beliefs) {
    b.forget_objective();
    if b.keeps_shares {
        sum_shares(&mut b.others, &b.others_by, me);
        sum_shares(&mut b.others_priority, &b.priority_by, me);
        sum_shares(&mut b.others_position, &b.position_by, me);
        return;
    }
    let (k, total) = (case.k, case.total);
    b.others.fill(0.0);
    b.others_priority.fill(0.0);
    b.others_position.fill(0.0);
    derive_general_share(case, b);
    // `Beliefs::view` would borrow all of `b`; the sums below write other fields of it.
    let view = BeliefView::new(&b.row_of, &b.weights, &b.valuations, k, total);
    let row = &mut b.share_row[..total + 2 * k];
    for t in (0..case.n).filter(|&t| t != me) {
        let share = share_of(case, view, &b.general_share, t, row);
        add_row(&mut b.others, &share[..total]);
        add_row(&mut b.others_priority, &share[total..total + k]);
        add_row(&mut b.others_position, &share[total + k..]);
    }
}

/// Beyond the belief memory, derives the general impression's share into
/// `Beliefs::general_share` once for a sum, rather than again for every seat not remembered
/// (the same arithmetic, so the same bits). Within it, does nothing.
fn derive_general_share(case: &PreparedCase, b: &mut Beliefs) {
    if b.bounded() {
        let (k, total) = (case.k, case.total);
        let (w, v) = (&b.weights[..k], &b.valuations[..total]);
        b.general_share.resize(total + 2 * k, 0.0);
        derive_share_row(case, w, v, &mut b.general_share);
    }
}

/// `sum[j] += row[j]` for every j.
#[inline(always)]
fn add_row(sum: &mut [f64], row: &[f64]) {
    for (x, &y) in sum.iter_mut().zip(row) {
        *x += y;
    }
}

/// The shares of the seats in `b.coalition` alone, summed in seat order: the values per flat
/// option into `b.scratch`, the priorities per issue into `b.share_row[total + 2k..total +
/// 3k]` and the positions into `[total + 3k..total + 4k]`. Each sum is `Iterator::sum` over
/// the members' shares (kept, or derived again).
pub fn sum_coalition_shares(case: &PreparedCase, b: &mut Beliefs) {
    let (k, total) = (case.k, case.total);
    let keeps = b.keeps_shares;
    b.forget_objective();
    derive_general_share(case, b);
    // As in `sum_all_shares`, built from the fields the sums do not write.
    let view = BeliefView::new(&b.row_of, &b.weights, &b.valuations, k, total);
    let (row, sums) = b.share_row.split_at_mut(total + 2 * k);
    let (priority, position) = sums[..2 * k].split_at_mut(k);
    // `Iterator::sum` of floats starts from -0.0, so these do too.
    b.scratch.fill(-0.0);
    priority.fill(-0.0);
    position.fill(-0.0);
    for t in (0..case.n).filter(|&t| b.coalition[t]) {
        if keeps {
            add_row(&mut b.scratch, &b.others_by[t * total..(t + 1) * total]);
            add_row(priority, &b.priority_by[t * k..(t + 1) * k]);
            add_row(position, &b.position_by[t * k..(t + 1) * k]);
        } else {
            let share = share_of(case, view, &b.general_share, t, row);
            add_row(&mut b.scratch, &share[..total]);
            add_row(priority, &share[total..total + k]);
            add_row(position, &share[total + k..]);
        }
    }
}

/// `sum[j]` = the sum over the seats t other than `me`, in seat order, of
/// `shares[t * len + j]` (`len` = `sum.len()`). A seat's shares lie side by side, so the sums
/// grow a whole row at a time: every element still adds its terms one by one in seat order,
/// and the row's elements are added side by side (the compiler vectorises the row).
fn sum_shares(sum: &mut [f64], shares: &[f64], me: usize) {
    sum.fill(0.0);
    for (t, row) in shares.chunks_exact(sum.len()).enumerate() {
        if t != me {
            for (x, &y) in sum.iter_mut().zip(row) {
                *x += y;
            }
        }
    }
}

/// Fills `beliefs` with the initial beliefs, the fixed-pie prior, keeping its buffers: others
/// are believed to weigh issues as oneself does and to want the opposite on every issue.
/// `memory` is the listener's belief memory (`Parameters::belief_memory`): at a table with
/// more others than that, it keeps individual beliefs only about the `memory` seats heard
/// most recently and one general impression of the rest.
pub fn fill_fixed_pie_beliefs(
    case: &PreparedCase,
    me: usize,
    memory: usize,
    beliefs: &mut Beliefs,
) {
    fill_beliefs(case, me, memory, beliefs, keeps_shares(case));
}

/// [`fill_fixed_pie_beliefs`], keeping the others' shares or not as `keep` says (the two give
/// the same beliefs; tests compare them). Shares are never kept beyond the belief memory.
fn fill_beliefs(case: &PreparedCase, me: usize, memory: usize, beliefs: &mut Beliefs, keep: bool) {
    let (n, k, total) = (case.n, case.k, case.total);
    let own_w = &case.weights[me * k..(me + 1) * k];
    let own_v = &case.valuations[me * total..(me + 1) * total];
    let b = beliefs;
    // A memory of nobody is refused when parameters are read; a caller that builds them by
    // hand gets a memory of one.
    let memory = memory.max(1);
    let bounded = n.saturating_sub(1) > memory;
    let keep = keep && !bounded;
    b.forget_objective();
    (b.k, b.total, b.memory) = (k, total, memory);
    b.weights.clear();
    b.valuations.clear();
    b.row_of.clear();
    if bounded {
        // The general impression (row 0) and one's own interests (row 1); remembered seats
        // take rows as they are heard, up to `memory` rows. The rows are reserved exactly
        // (growing by doubling would reserve up to twice the memory), and a seat kept from a
        // larger table gives back what it does not need here.
        let rows = OWN_ROW + 1 + memory;
        b.weights.shrink_to(rows * k);
        b.valuations.shrink_to(rows * total);
        b.weights.reserve_exact(rows * k);
        b.valuations.reserve_exact(rows * total);
        b.remembered.reset(OWN_ROW + 1, rows);
        b.weights.extend_from_slice(own_w);
        b.weights.extend_from_slice(own_w);
        b.valuations.extend(own_v.iter().map(|v| 1.0 - v));
        b.valuations.extend_from_slice(own_v);
        b.row_of.resize(n, GENERAL_ROW as u32);
        b.row_of[me] = OWN_ROW as u32;
    } else {
        b.remembered.reset(0, 0);
        for t in 0..n {
            b.weights.extend_from_slice(own_w);
            if t == me {
                b.valuations.extend_from_slice(own_v);
            } else {
                b.valuations.extend(own_v.iter().map(|v| 1.0 - v));
            }
        }
    }
    // The shares are kept only at tables small enough; larger ones keep their buffers empty.
    b.keeps_shares = keep;
    let kept = if keep { n } else { 0 };
    for (v, len) in [
        (&mut b.others, total),
        (&mut b.others_priority, k),
        (&mut b.others_position, k),
        (&mut b.scratch, total),
        (&mut b.others_by, kept * total),
        (&mut b.priority_by, kept * k),
        (&mut b.position_by, kept * k),
        (&mut b.share_row, total + 4 * k),
    ] {
        v.clear();
        v.resize(len, 0.0);
    }
    b.disclosed.clear();
    b.disclosed.resize(k, false);
    b.coalition.clear();
    b.coalition.resize(n, false);
    b.stale.clear();
    b.stale.resize(n, false);
    if kept > 0 {
        // Under the prior every other seat is believed alike: one share is derived and copied.
        let Some(first) = (0..n).find(|&t| t != me) else {
            return;
        };
        derive_share(case, first, b);
        for (by, len) in [
            (&mut b.others_by, total),
            (&mut b.priority_by, k),
            (&mut b.position_by, k),
        ] {
            for t in (first + 1..n).filter(|&t| t != me) {
                by.copy_within(first * len..(first + 1) * len, t * len);
            }
        }
    } else if n < 2 {
        return;
    }
    sum_all_shares(case, me, b);
}

/// Accuracy of `me`'s beliefs about the others: 1 minus the priority-weighted mean absolute
/// error of believed valuations, averaged over the others. 1 = perfect; the fixed-pie prior
/// scores low exactly where issues are compatible.
pub fn belief_accuracy(case: &PreparedCase, me: usize, beliefs: &Beliefs) -> f64 {
    let (n, k, total) = (case.n, case.k, case.total);
    let view = beliefs.view();
    let mut sum = 0.0;
    for t in (0..n).filter(|&t| t != me) {
        let valuations = view.valuations_of(t);
        let mut err = 0.0;
        for i in 0..k {
            let mut e = 0.0;
            for o in 0..case.options[i] {
                let f = case.flat(i, o);
                e += (valuations[f] - case.valuations[t * total + f]).abs();
            }
            err += case.weights[t * k + i] * e / case.options[i] as f64;
        }
        sum += 1.0 - err;
    }
    sum / (n - 1) as f64
}

#[inline(always)]
fn most_important_undisclosed(case: &PreparedCase, s: usize, disclosed: &[bool]) -> Option<usize> {
    let w = &case.weights[s * case.k..(s + 1) * case.k];
    (0..case.k)
        .filter(|&i| !disclosed[i])
        .max_by(|&a, &b| w[a].total_cmp(&w[b]).then(b.cmp(&a)))
}

/// Mean of a per-seat vector, leaving out one seat.
pub fn mean_except(values: &[f64], me: usize) -> f64 {
    let n = values.len();
    if n <= 1 {
        return 0.0;
    }
    (values.iter().sum::<f64>() - values[me]) / (n - 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::negmas::{PartyDomain, case_of};
    use crate::protocol::parameters::Parameters;
    use crate::rng::Stream;
    use rand::SeedableRng;

    /// A belief memory larger than any table.
    const UNBOUNDED: usize = usize::MAX;

    fn fixed_pie_beliefs(case: &PreparedCase, me: usize) -> Beliefs {
        let mut beliefs = Beliefs::default();
        fill_fixed_pie_beliefs(case, me, Parameters::default().belief_memory, &mut beliefs);
        beliefs
    }

    /// Two stakeholders, two issues of three options. Issue 0 is compatible (both like option
    /// 0 best), issue 1 distributive (seat 0 likes option 0, seat 1 option 2).
    fn case() -> PreparedCase {
        let domain = [
            PartyDomain {
                weights: vec![0.5, 0.5],
                tables: vec![vec![1.0, 0.5, 0.0], vec![1.0, 0.5, 0.0]],
            },
            PartyDomain {
                weights: vec![0.5, 0.5],
                tables: vec![vec![1.0, 0.5, 0.0], vec![0.0, 0.5, 1.0]],
            },
        ];
        PreparedCase::with_weights_as_written(case_of(&domain, 2, 3, 0.0).unwrap(), 0)
    }

    /// Seat 0's beliefs after reading seat 1's offer `offer` at the end of round `round`.
    fn read(offer: [u8; 2], round: u32, openness: f64) -> Beliefs {
        let case = case();
        let mut table = TableState::default();
        table.reset(2, 2, &[true; 6]);
        table.round = round;
        table.positions[2..4].copy_from_slice(&offer);
        table.previous_present[1] = true;
        let mut beliefs = fixed_pie_beliefs(&case, 0);
        let mut stream = Stream::seed_from_u64(7);
        read_opening_offers(&case, &table, 0, openness, &mut beliefs, &mut stream);
        beliefs
    }

    #[test]
    fn a_listeners_attention_is_shared_among_the_statements_it_hears() {
        // One speaker (or none): full attention, as at a table of two.
        assert_eq!(attention_share(1.0, 0), 1.0);
        assert_eq!(attention_share(1.0, 1), 1.0);
        // A fixed capacity (load 1): four statements get a quarter each.
        assert_eq!(attention_share(1.0, 4), 0.25);
        // Load 1/2: three statements get 1 / (1 + 0.5 * 2) = 1/2 each.
        assert_eq!(attention_share(0.5, 3), 0.5);
        // No load: everything is taken in.
        assert_eq!(attention_share(0.0, 11), 1.0);
    }

    #[test]
    fn an_opening_demand_for_ones_own_favourite_reveals_the_compatible_issue() {
        // The fixed-pie prior: seat 1 is believed to want the opposite on both issues.
        let before = fixed_pie_beliefs(&case(), 0);
        assert_eq!(&before.valuations[6..9], &[0.0, 0.5, 1.0]);
        // Seat 1 opens with option 0 on issue 0 (seat 0's favourite) and option 2 on issue 1.
        let after = read([0, 2], 1, 1.0);
        assert_eq!(
            &after.valuations[6..9],
            &[1.0, 0.5, 0.0],
            "issue 0: as seat 0 values it"
        );
        assert_eq!(
            &after.valuations[9..12],
            &[0.0, 0.5, 1.0],
            "issue 1: unchanged"
        );
        assert!(after.stale[1]);
    }

    #[test]
    fn later_offers_closed_minds_and_other_demands_reveal_nothing() {
        let prior = fixed_pie_beliefs(&case(), 0).valuations;
        // A concession in a later round is not read as a want.
        assert_eq!(read([0, 2], 2, 1.0).valuations, prior);
        // Openness 0 never notices.
        assert_eq!(read([0, 2], 1, 0.0).valuations, prior);
        // A demand for an option that is not seat 0's favourite says nothing.
        assert_eq!(read([1, 1], 1, 1.0).valuations, prior);
    }

    #[test]
    fn under_the_prior_the_others_are_believed_to_want_the_opposite_kept_or_not() {
        // Seat 0 believes seat 1 weighs the issues as it does (0.5 each) and values every
        // option as 1 minus its own value: issue 0 [0, 0.5, 1], issue 1 [0, 0.5, 1]. With one
        // other seat its share is all: values 0.5 * v, priorities 0.5, favourites option 2.
        let case = case();
        for keep in [true, false] {
            let mut b = Beliefs::default();
            fill_beliefs(&case, 0, UNBOUNDED, &mut b, keep);
            assert_eq!(b.others, [0.0, 0.25, 0.5, 0.0, 0.25, 0.5], "keep {keep}");
            assert_eq!(b.others_priority, [0.5, 0.5], "keep {keep}");
            assert_eq!(b.others_position, [2.0, 2.0], "keep {keep}");
            assert_eq!(b.others_by.is_empty(), !keep);
        }
    }

    #[test]
    fn kept_and_derived_shares_give_the_same_bits() {
        // Seats that keep the others' shares and seats that derive them again when summing
        // must believe exactly the same, statement after statement, and so must a coalition
        // builder's sums.
        let case = crate::model::prepared::tests::varied_case(6);
        let (n, k, total) = (case.n, case.k, case.total);
        for me in [0, 3] {
            let mut kept = Beliefs::default();
            let mut derived = Beliefs::default();
            fill_beliefs(&case, me, UNBOUNDED, &mut kept, true);
            fill_beliefs(&case, me, UNBOUNDED, &mut derived, false);
            let mut sk = Stream::seed_from_u64(11);
            let mut sd = Stream::seed_from_u64(11);
            for step in 0..40 {
                let speaker = (step * 5 + 1) % n;
                if speaker == me {
                    continue;
                }
                let statement = Statement {
                    issue: step % k,
                    bluff: step % 7 == 3,
                };
                for (b, stream) in [(&mut kept, &mut sk), (&mut derived, &mut sd)] {
                    let uptake = 0.3 + 0.01 * step as f64;
                    absorb(
                        &case,
                        speaker,
                        statement,
                        0.2,
                        uptake,
                        &mut b.weights[speaker * k..(speaker + 1) * k],
                        &mut b.valuations[speaker * total..(speaker + 1) * total],
                        stream,
                    );
                    b.stale[speaker] = true;
                    recompute_others(&case, me, b);
                }
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&kept.others), bits(&derived.others));
                assert_eq!(bits(&kept.others_priority), bits(&derived.others_priority));
                assert_eq!(bits(&kept.others_position), bits(&derived.others_position));
                for (t, member) in kept.coalition.iter_mut().enumerate() {
                    *member = t != me && (t + step) % 3 != 0;
                }
                derived.coalition.clone_from(&kept.coalition);
                sum_coalition_shares(&case, &mut kept);
                sum_coalition_shares(&case, &mut derived);
                assert_eq!(bits(&kept.scratch), bits(&derived.scratch));
                let sums = total + 2 * k..total + 4 * k;
                assert_eq!(
                    bits(&kept.share_row[sums.clone()]),
                    bits(&derived.share_row[sums])
                );
            }
            // The beliefs moved away from the prior.
            let mut prior = Beliefs::default();
            fill_beliefs(&case, me, UNBOUNDED, &mut prior, true);
            assert_ne!(prior.others, kept.others);
        }
    }

    /// Seat `me` hears each of `speakers` in turn, one statement on issue 0 each (truthful,
    /// noise 0.2, uptake 0.5), with the belief memory given, and derives the others again.
    fn hear(case: &PreparedCase, me: usize, memory: usize, speakers: &[usize]) -> Beliefs {
        hear_with_noise(case, me, memory, speakers, 0.2)
    }

    /// [`hear`] with the perception noise given.
    fn hear_with_noise(
        case: &PreparedCase,
        me: usize,
        memory: usize,
        speakers: &[usize],
        noise: f64,
    ) -> Beliefs {
        let heard: Vec<(usize, f64)> = speakers.iter().map(|&s| (s, 0.5)).collect();
        hear_taking_in(case, me, memory, &heard, noise).0
    }

    /// Seat `me` hears each `(speaker, uptake)` in turn as [`hear_with_noise`] does, the
    /// uptake given per statement; also returns its stream, as the hearing left it.
    fn hear_taking_in(
        case: &PreparedCase,
        me: usize,
        memory: usize,
        heard: &[(usize, f64)],
        noise: f64,
    ) -> (Beliefs, Stream) {
        let mut b = Beliefs::default();
        fill_fixed_pie_beliefs(case, me, memory, &mut b);
        let mut stream = Stream::seed_from_u64(5);
        let statement = Statement {
            issue: 0,
            bluff: false,
        };
        for &(s, uptake) in heard {
            take_in(case, &mut b, s, statement, noise, uptake, &mut stream);
            recompute_others(case, me, &mut b);
        }
        (b, stream)
    }

    #[test]
    fn a_listener_that_takes_in_nothing_forgets_nobody_and_draws_its_noise_all_the_same() {
        let case = crate::model::prepared::tests::varied_case(6);
        // Memory 2 at a table of 6: seats 1 and 2 are remembered. Seat 3's statement, taken in
        // with uptake 0, changes no belief: seat 1 is not forgotten for it, seat 3 is not
        // remembered, and the beliefs are those of never having heard seat 3.
        let (closed, closed_stream) =
            hear_taking_in(&case, 0, 2, &[(1, 0.5), (2, 0.5), (3, 0.0)], 0.2);
        let (never, _) = hear_taking_in(&case, 0, 2, &[(1, 0.5), (2, 0.5)], 0.2);
        assert!(closed.view().row(1) > OWN_ROW, "seat 1 is still remembered");
        assert!(closed.view().row(2) > OWN_ROW, "seat 2 is still remembered");
        assert_eq!(
            closed.view().row(3),
            GENERAL_ROW,
            "seat 3 is not remembered"
        );
        assert_eq!(closed.weights, never.weights);
        assert_eq!(closed.valuations, never.valuations);
        assert_eq!(closed.others, never.others);
        // Taken in with any uptake, seat 3 would have been remembered, forgetting seat 1.
        let (open, open_stream) = hear_taking_in(&case, 0, 2, &[(1, 0.5), (2, 0.5), (3, 0.1)], 0.2);
        assert!(open.view().row(3) > OWN_ROW);
        assert_eq!(open.view().row(1), GENERAL_ROW);
        // The noise was drawn either way: the streams go on alike.
        let (mut a, mut b) = (closed_stream, open_stream);
        assert_eq!(unit(&mut a).to_bits(), unit(&mut b).to_bits());
        // Within the belief memory too, nothing taken in is nothing changed.
        let (closed, _) = hear_taking_in(&case, 0, UNBOUNDED, &[(1, 0.5), (3, 0.0)], 0.2);
        let (never, _) = hear_taking_in(&case, 0, UNBOUNDED, &[(1, 0.5)], 0.2);
        assert_eq!(closed.valuations, never.valuations);
        assert_eq!(closed.others, never.others);
    }

    #[test]
    fn beyond_its_belief_memory_a_listener_remembers_the_seats_heard_most_recently() {
        let case = crate::model::prepared::tests::varied_case(6);
        let (k, total) = (case.k, case.total);
        let prior = fixed_pie_beliefs(&case, 0);
        // Memory 2 at a table of 6: seats 1 and 2 are remembered; hearing 3 forgets 1 (heard
        // longest ago); hearing 2 again, then 4, forgets 3, not 2.
        let b = hear(&case, 0, 2, &[1, 2, 3, 2, 4]);
        assert!(b.bounded());
        let general = prior.view().valuations_of(1);
        for t in [1, 3, 5] {
            assert_eq!(b.view().row(t), GENERAL_ROW, "seat {t} is not remembered");
            assert_eq!(
                b.view().valuations_of(t),
                general,
                "seat {t}: the general impression"
            );
            assert_eq!(b.view().weights_of(t), prior.view().weights_of(t));
        }
        for t in [2, 4] {
            assert!(b.view().row(t) > OWN_ROW, "seat {t} is remembered");
            assert_ne!(
                b.view().valuations_of(t),
                general,
                "what was heard of seat {t} is kept"
            );
        }
        // One's own row holds one's own interests, in both layouts.
        assert_eq!(b.view().valuations_of(0), &case.valuations[..total]);
        assert_eq!(prior.view().valuations_of(0), &case.valuations[..total]);
        // The general impression, one's own row and two remembered seats: four rows.
        assert_eq!((b.weights.len(), b.valuations.len()), (4 * k, 4 * total));
        // A forgotten seat heard again starts from the general impression, not from what was
        // heard of it before (without noise, hearing seat 1 twice with a lapse in between is
        // hearing it once).
        let again = hear_with_noise(&case, 0, 2, &[1, 2, 3, 2, 4, 1], 0.0);
        let once = hear_with_noise(&case, 0, 2, &[1], 0.0);
        let twice = hear_with_noise(&case, 0, UNBOUNDED, &[1, 2, 3, 2, 4, 1], 0.0);
        assert_eq!(again.view().valuations_of(1), once.view().valuations_of(1));
        assert_ne!(twice.view().valuations_of(1), once.view().valuations_of(1));
        assert_eq!(
            again.view().row(2),
            GENERAL_ROW,
            "seat 2 was now heard longest ago"
        );
    }

    #[test]
    fn within_its_belief_memory_a_listener_believes_as_with_unlimited_memory() {
        let case = crate::model::prepared::tests::varied_case(6);
        let speakers = [1, 2, 3, 4, 5, 3, 1, 2, 5, 4];
        let unlimited = hear(&case, 0, UNBOUNDED, &speakers);
        // Five others fit a memory of 5: the same bits.
        let within = hear(&case, 0, 5, &speakers);
        assert!(!within.bounded());
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&within.valuations), bits(&unlimited.valuations));
        assert_eq!(bits(&within.others), bits(&unlimited.others));
        // A memory of 4 is bounded and forgets.
        let beyond = hear(&case, 0, 4, &speakers);
        assert!(beyond.bounded());
        assert_ne!(bits(&beyond.others), bits(&unlimited.others));
    }

    #[test]
    fn beyond_its_belief_memory_the_believed_others_sum_every_seat_as_believed_of_it() {
        // What a bounded listener believes of the others is what an unbounded one would
        // believe holding the same row about each seat: the general impression for every seat
        // not remembered. Summed in seat order, so the same bits.
        let case = crate::model::prepared::tests::varied_case(7);
        let (k, total) = (case.k, case.total);
        for me in [0, 4] {
            let speakers: Vec<usize> = (0..30)
                .map(|j| (j * 5 + 1) % 7)
                .filter(|&s| s != me)
                .collect();
            let mut b = hear(&case, me, 3, &speakers);
            let mut u = Beliefs::default();
            fill_beliefs(&case, me, UNBOUNDED, &mut u, false);
            for t in 0..case.n {
                u.weights[t * k..(t + 1) * k].copy_from_slice(b.view().weights_of(t));
                u.valuations[t * total..(t + 1) * total].copy_from_slice(b.view().valuations_of(t));
                u.stale[t] = t != me;
            }
            recompute_others(&case, me, &mut u);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&b.others), bits(&u.others), "me {me}");
            assert_eq!(bits(&b.others_priority), bits(&u.others_priority));
            assert_eq!(bits(&b.others_position), bits(&u.others_position));
            // And a coalition builder's sums.
            for t in 0..case.n {
                b.coalition[t] = t != me && t % 2 == 1;
            }
            u.coalition.clone_from(&b.coalition);
            sum_coalition_shares(&case, &mut b);
            sum_coalition_shares(&case, &mut u);
            assert_eq!(bits(&b.scratch), bits(&u.scratch));
            assert_eq!(
                bits(&b.share_row[total + 2 * k..]),
                bits(&u.share_row[total + 2 * k..])
            );
        }
    }

    #[test]
    fn beyond_its_belief_memory_opening_offers_reach_the_general_impression_too() {
        // Three seats, memory 1: seat 0 remembers seat 1 after hearing it; seat 2 is known only
        // by the general impression. Both open with seat 0's favourite on issue 0 (option 0).
        let case = crate::model::prepared::tests::varied_case(3);
        let (k, total) = (case.k, case.total);
        let own = case.valuations[..total].to_vec();
        let favourite = (0..case.options[0])
            .max_by(|&a, &b| own[a].total_cmp(&own[b]).then(b.cmp(&a)))
            .unwrap();
        let mut b = hear(&case, 0, 1, &[1]);
        assert!(b.bounded() && b.view().row(1) > OWN_ROW && b.view().row(2) == GENERAL_ROW);
        let mut table = TableState::default();
        table.reset(3, k, &case.visible);
        table.round = 1;
        for t in [1, 2] {
            table.positions[t * k] = favourite as u8;
            table.previous_present[t] = true;
        }
        let mut stream = Stream::seed_from_u64(7);
        read_opening_offers(&case, &table, 0, 1.0, &mut b, &mut stream);
        let issue0 = case.offsets[0]..case.offsets[0] + case.options[0];
        for t in [1, 2] {
            assert_eq!(
                &b.view().valuations_of(t)[issue0.clone()],
                &own[issue0.clone()],
                "seat {t}"
            );
            assert!(b.stale[t]);
        }
    }
}
