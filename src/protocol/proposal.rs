//! Step 2, proposal: creativity may reveal a hidden option when progress stalls; then every
//! stakeholder puts a package on the table, and a facilitator, if there is one, improves its
//! single text.

use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
use crate::protocol::facilitator::improve_text;
use crate::protocol::input::Players;
use crate::protocol::observe::{Event, Transcript};
use crate::protocol::search::{Search, cost_sensitivity};
use crate::protocol::setup::{Agenda, Tactic};
use crate::rng::{chance, unit};
use bevy_ecs::prelude::*;

/// What the proposal step reads and writes at each seat.
pub(crate) type Proposer = (
    &'static Seat,
    &'static MindsetTraits,
    &'static Conduct,
    &'static Stress,
    &'static Aspiration,
    &'static mut Beliefs,
    &'static mut Position,
    &'static mut SeatStream,
);

/// Step 2, proposal, as a system of its own, for tables that run the steps one by one
/// (see `proposal_step`; other tables run it in [`crate::protocol::round`]).
pub fn proposal(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut seats: Query<Proposer>,
) {
    proposal_step(
        &setting,
        facilitator.as_deref_mut(),
        players.as_deref(),
        &mut table,
        &mut transcript,
        &mut seats,
    );
}

/// Step 2, proposal: creativity may reveal a hidden option (`discover`), every stakeholder
/// puts a package on the table (`propose`), and a facilitator, if there is one, improves its
/// single text ([`crate::protocol::facilitator::improve_text`]).
pub(crate) fn proposal_step(
    setting: &Setting,
    facilitator: Option<&mut Facilitator>,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &mut Query<Proposer>,
) {
    discover(setting, players, table, transcript, seats);
    propose(
        setting,
        facilitator.is_some(),
        players,
        table,
        transcript,
        seats,
    );
    if let Some(f) = facilitator {
        improve_text(setting, f, table, transcript);
    }
}

/// A stakeholder stuck last round discovers a hidden option with chance
/// `creativity' * discovery_rate`; a discovered option is on the table for everyone.
fn discover(
    setting: &Setting,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &mut Query<Proposer>,
) {
    let (case, params) = (&*setting.case, &*setting.params);
    let undiscovered = (0..case.total).filter(|&f| !table.available[f]).count();
    if undiscovered == 0 {
        return;
    }
    for (seat, traits, conduct, stress, _, _, _, mut stream) in seats.iter_mut() {
        let s = seat.0;
        table.discovery[s] = None;
        if conduct.0 != Tactic::Mindset || !table.stuck[s] {
            continue;
        }
        let creativity = narrowed(traits.0.creativity, stress.0, params);
        if chance(&mut stream.0, creativity * params.discovery_rate) {
            let draw = unit(&mut stream.0);
            // A played seat rolls the same dice, but the model finds no option on a player's
            // behalf.
            if players.and_then(|p| p.input(s)).is_none() {
                table.discovery[s] = Some(draw);
            }
        }
    }
    // Apply discoveries in seat order so the result does not depend on visiting order.
    let round = table.round + 1;
    for s in 0..table.n {
        let Some(u) = table.discovery[s] else {
            continue;
        };
        // The hidden option at rank u among those still hidden, found without a list.
        let hidden = table.available.iter().filter(|&&a| !a).count();
        if hidden == 0 {
            break;
        }
        let rank = ((u * hidden as f64) as usize).min(hidden - 1);
        let Some(f) = (0..case.total).filter(|&f| !table.available[f]).nth(rank) else {
            break;
        };
        table.available[f] = true;
        table.hidden_found += 1;
        let issue = case.offsets.partition_point(|&off| off <= f) - 1;
        transcript.push(|| Event::Discovered {
            round,
            seat: s,
            issue,
            option: f - case.offsets[issue],
        });
    }
}

/// Every mindset stakeholder proposes a package: from its ideal it concedes where a unit of
/// its own utility buys the most of [`objective`], staying at or above its aspiration. Under a
/// sequential agenda only the open issue moves, and future issues are counted at the
/// stakeholder's best option. A seat played from outside puts the package of its
/// [`crate::protocol::input::SeatInput`] on the table, if any.
fn propose(
    setting: &Setting,
    facilitated: bool,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &mut Query<Proposer>,
) {
    let (case, rules, params) = (&*setting.case, &setting.rules, &*setting.params);
    let k = case.k;
    let round = table.round + 1;
    let current = table.current_issue(rules);
    let movable = match current {
        Some(i) => case.only_issue(i),
        None => &case.all_issues[..],
    };
    let as_dealt = table.hidden_found == 0 && !table.locked.contains(&true);
    for (seat, traits, _, stress, aspiration, mut beliefs, mut position, _) in seats.iter_mut() {
        let s = seat.0;
        if let Some(input) = players.and_then(|p| p.input(s)) {
            match &input.proposal {
                Some(package) if package.len() == k => {
                    position.current.copy_from_slice(package);
                    table.offers[s * k..(s + 1) * k].copy_from_slice(package);
                    table.offer_present[s] = true;
                    let aspiration = aspiration.value;
                    transcript.push(|| Event::Proposed {
                        round,
                        seat: s,
                        package: package.clone(),
                        aspiration,
                    });
                }
                _ => table.offer_present[s] = false,
            }
            continue;
        }
        let empathy = narrowed(traits.0.empathy, stress.0, params);
        let c = if facilitated {
            empathy + params.facilitator_reframing * (1.0 - empathy)
        } else {
            empathy
        };
        let w = traits.0.world_orientation;
        let own = case.values_of(s);
        let b = &mut *beliefs;
        if rules.decision_rule == DecisionRule::Majority
            && choose_coalition(table, s, &mut b.coalition)
        {
            coalition_objective(case, c, w, b);
        } else {
            objective(case, c, w, b);
        }
        // Start from the ideal over what is on the table: the case's own ideal while the table
        // holds the visible options and no issue is settled.
        let package = &mut position.current;
        if as_dealt {
            package.copy_from_slice(&case.ideal[s]);
        } else {
            for i in 0..k {
                package[i] = if rules.agenda == Agenda::Sequential && table.locked[i] {
                    table.agreement[i]
                } else {
                    best_available(case, s, i, &table.available)
                };
            }
        }
        let aspiration = aspiration.value;
        // Issues still to come (sequential agenda) sit at the ideal in `package` already, as
        // the response step counts them.
        let projected: f64 = (0..k).map(|i| own[case.flat(i, package[i] as usize)]).sum();
        let cost_log2 = case.cost_log2_of(s);
        let sensitivity = cost_sensitivity(empathy, traits.0.assertiveness);
        // The moves ranked in earlier rounds hold while the objective (kept, not a
        // coalition's) and the sensitivity are the same; they share the cost table's layout,
        // which very large cases do not have.
        let kept = match (b.objective_for, cost_log2) {
            (Some(_), Some(_)) => b.kept_moves.keep_for(case, sensitivity),
            _ => None,
        };
        let search = Search {
            case,
            own,
            objective: &b.scratch,
            available: &table.available,
            movable,
            cost_log2,
            cost_sensitivity: sensitivity,
        };
        search.concede(package, projected - aspiration, kept);
        let slot = s * k;
        table.offers[slot..slot + k].copy_from_slice(package);
        table.offer_present[s] = true;
        transcript.push(|| Event::Proposed {
            round,
            seat: s,
            package: position.current.clone(),
            aspiration,
        });
    }
}

/// What a stakeholder wants to increase for others when it concedes, per option:
///
/// `c * believed_others_value + w * world_value + (1 - c) * believed_priority * closeness`
///
/// with c its other-concern (empathy, narrowed by stress, raised by a facilitator's
/// reframing) and w its world orientation. The first term is problem solving: with accurate
/// beliefs it finds logrolling trades. The last is positional bargaining: step towards where
/// the others are believed to stand (`closeness = 1 - |option - believed position| / span`),
/// on each issue as far as the others are believed to care about it. Under the fixed-pie
/// prior the others are believed to care about what oneself cares about, so every concession
/// looks like a pure transfer (no trades), and the believed position on a compatible issue is
/// the opposite of one's own: positional minds "compromise" there too (the lose-lose outcome).
///
/// Written into `b.scratch`, and worked out again only when c, w or the derived beliefs
/// changed since the last time (`b.objective_for`).
pub fn objective(case: &PreparedCase, c: f64, w: f64, b: &mut Beliefs) {
    let key = Some((c.to_bits(), w.to_bits()));
    if b.objective_for == key {
        // Every debug build checks that the objective kept is the one worked out again.
        #[cfg(debug_assertions)]
        {
            let kept = b.scratch.clone();
            write_objective(case, c, w, b);
            assert!(
                kept.iter()
                    .zip(&b.scratch)
                    .all(|(x, y)| x.to_bits() == y.to_bits()),
                "a kept objective is out of date"
            );
        }
        return;
    }
    b.forget_objective();
    write_objective(case, c, w, b);
    b.objective_for = key;
}

/// [`objective`] worked out into `b.scratch`.
fn write_objective(case: &PreparedCase, c: f64, w: f64, b: &mut Beliefs) {
    for i in 0..case.k {
        let span = (case.options[i] - 1).max(1) as f64;
        let position = b.others_position[i];
        let priority = b.others_priority[i];
        for o in 0..case.options[i] {
            let f = case.flat(i, o);
            let closeness = 1.0 - ((o as f64 - position).abs() / span).min(1.0);
            b.scratch[f] = c * b.others[f] + w * case.world[f] + (1.0 - c) * priority * closeness;
        }
    }
}

/// Under majority rule a stakeholder needs only a majority, and courts a minimal winning
/// coalition (Riker 1962): the `n / 2` others (rounded down) whose last packages were worth the
/// most to it, the others whose interests it has seen to be closest to its own (compatible
/// interests draw parties into coalitions; Polzer, Mannix & Neale 1998). Ties go to the lower
/// seat. Fills `coalition` (true for partners) and returns whether a coalition was formed: not
/// at a table of two (the majority is everyone), nor before any package is on the table.
pub fn choose_coalition(table: &TableState, s: usize, coalition: &mut [bool]) -> bool {
    let n = table.n;
    coalition.fill(false);
    let seen = (0..n)
        .filter(|&t| t != s && table.previous_present[t])
        .count();
    let size = n / 2;
    if n < 3 || seen < size {
        return false;
    }
    for _ in 0..size {
        let mut pick: Option<(usize, f64)> = None;
        for t in (0..n).filter(|&t| t != s && table.previous_present[t] && !coalition[t]) {
            let u = table.previous_offer_utility[table.cell(s, t)];
            if pick.is_none_or(|(_, best)| u > best) {
                pick = Some((t, u));
            }
        }
        if let Some((t, _)) = pick {
            coalition[t] = true;
        }
    }
    true
}

/// [`objective`] for a coalition builder: the others' believed values, priorities and
/// positions are those of its coalition partners (`b.coalition`) alone, so that its packages
/// trade among the coalition and ignore the minority's priorities.
pub fn coalition_objective(case: &PreparedCase, c: f64, w: f64, b: &mut Beliefs) {
    let (k, total) = (case.k, case.total);
    let partners = b.coalition.iter().filter(|&&p| p).count();
    // The shares are kept as 1 / (n - 1) of each seat's beliefs: rescaled to a mean over the
    // partners.
    let scale = (case.n - 1) as f64 / partners.max(1) as f64;
    crate::protocol::dialogue::sum_coalition_shares(case, b);
    for i in 0..k {
        let span = (case.options[i] - 1).max(1) as f64;
        let priority = scale * b.share_row[total + 2 * k + i];
        let position = scale * b.share_row[total + 3 * k + i];
        for o in 0..case.options[i] {
            let f = case.flat(i, o);
            let others = scale * b.scratch[f];
            let closeness = 1.0 - ((o as f64 - position).abs() / span).min(1.0);
            b.scratch[f] = c * others + w * case.world[f] + (1.0 - c) * priority * closeness;
        }
    }
}

/// Stakeholder `s`'s best available option on issue `i` (ties: higher world value, lower index).
pub fn best_available(case: &PreparedCase, s: usize, i: usize, available: &[bool]) -> u8 {
    let v = case.values_of(s);
    let mut best = (0usize, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for o in 0..case.options[i] {
        let f = case.flat(i, o);
        if !available[f] {
            continue;
        }
        if v[f] > best.1 || (v[f] == best.1 && case.world[f] > best.2) {
            best = (o, v[f], case.world[f]);
        }
    }
    best.0 as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::negmas::{PartyDomain, case_of};
    use crate::protocol::dialogue::fill_fixed_pie_beliefs;

    /// Seat 0's view of a table of `n` where seat t's last package was worth `worth[t]` to it.
    fn table(n: usize, worth: &[f64]) -> TableState {
        let mut t = TableState::default();
        t.reset(n, 1, &[true]);
        for (tt, &w) in worth.iter().enumerate() {
            let c = t.cell(0, tt);
            t.previous_offer_utility[c] = w;
            t.previous_present[tt] = true;
        }
        t
    }

    #[test]
    fn a_coalition_is_the_smallest_majority_of_those_who_offered_most() {
        // Five at the table: seat 0 needs two partners; seats 2 and 4 offered it the most (a
        // tie broken towards the lower seat would pick 2 before 4 either way).
        let t = table(5, &[1.0, 0.3, 0.8, 0.5, 0.8]);
        let mut coalition = vec![false; 5];
        assert!(choose_coalition(&t, 0, &mut coalition));
        assert_eq!(coalition, vec![false, false, true, false, true]);
        // Three at the table: one partner, the better offer.
        let t = table(3, &[1.0, 0.4, 0.6]);
        let mut coalition = vec![false; 3];
        assert!(choose_coalition(&t, 0, &mut coalition));
        assert_eq!(coalition, vec![false, false, true]);
        // Two at the table: the majority is everyone, no coalition.
        let t = table(2, &[1.0, 0.4]);
        assert!(!choose_coalition(&t, 0, &mut [false; 2]));
        // Before any package is on the table: none either.
        let mut t = table(5, &[1.0, 0.3, 0.8, 0.5, 0.8]);
        t.previous_present.fill(false);
        assert!(!choose_coalition(&t, 0, &mut [false; 5]));
    }

    /// Three parties, two issues of two options; seat 1 and seat 2 want opposite options and
    /// care differently.
    fn three_party_case() -> PreparedCase {
        let party = |weights: Vec<f64>, tables: Vec<Vec<f64>>| PartyDomain { weights, tables };
        let domain = [
            party(vec![0.5, 0.5], vec![vec![1.0, 0.0], vec![1.0, 0.0]]),
            party(vec![0.8, 0.2], vec![vec![0.0, 1.0], vec![1.0, 0.0]]),
            party(vec![0.3, 0.7], vec![vec![1.0, 0.0], vec![0.0, 1.0]]),
        ];
        PreparedCase::with_weights_as_written(case_of(&domain, 2, 2, 0.0).unwrap(), 0)
    }

    #[test]
    fn the_kept_objective_follows_the_beliefs_and_the_mindset() {
        // The objective is kept between calls with the same other-concern and world
        // orientation and the same beliefs; a change in any of them works it out again.
        let case = three_party_case();
        let mut b = Beliefs::default();
        fill_fixed_pie_beliefs(&case, 0, usize::MAX, &mut b);
        let fresh = |b: &Beliefs, c: f64, w: f64| {
            let mut b = b.clone();
            write_objective(&case, c, w, &mut b);
            b.scratch
        };
        objective(&case, 0.6, 0.2, &mut b);
        assert_eq!(b.objective_for, Some((0.6f64.to_bits(), 0.2f64.to_bits())));
        let prior = b.scratch.clone();
        // The search's rankings start for this objective (the first search scans).
        assert!(b.kept_moves.keep_for(&case, 0.5).is_none());
        objective(&case, 0.6, 0.2, &mut b);
        assert_eq!(b.scratch, prior);
        assert!(
            b.kept_moves.keep_for(&case, 0.5).is_some(),
            "kept with the objective"
        );
        // Another world orientation. (Under the prior the other-concern cancels out: the
        // others are believed to want the opposite, where their believed position lies too.)
        objective(&case, 0.6, 0.4, &mut b);
        assert_eq!(b.scratch, fresh(&b, 0.6, 0.4));
        assert_ne!(b.scratch, prior);
        assert!(
            b.kept_moves.keep_for(&case, 0.5).is_none(),
            "forgotten with the objective"
        );
        // Beliefs about seat 1 set to its true interests and derived again.
        b.weights[2..4].copy_from_slice(&case.weights[2..4]);
        b.valuations[4..8].copy_from_slice(&case.valuations[4..8]);
        b.stale[1] = true;
        assert!(b.kept_moves.keep_for(&case, 0.5).is_some());
        crate::protocol::dialogue::recompute_others(&case, 0, &mut b);
        assert_eq!(b.objective_for, None);
        assert!(
            b.kept_moves.keep_for(&case, 0.5).is_none(),
            "forgotten with the beliefs"
        );
        let before = b.scratch.clone();
        objective(&case, 0.6, 0.4, &mut b);
        assert_eq!(b.scratch, fresh(&b, 0.6, 0.4));
        assert_ne!(b.scratch, before);
        // Another other-concern.
        let before = b.scratch.clone();
        objective(&case, 0.3, 0.4, &mut b);
        assert_eq!(b.scratch, fresh(&b, 0.3, 0.4));
        assert_ne!(b.scratch, before);
        // A coalition's objective leaves nothing kept.
        b.coalition.copy_from_slice(&[false, true, false]);
        coalition_objective(&case, 0.3, 0.4, &mut b);
        assert_eq!(b.objective_for, None);
        objective(&case, 0.3, 0.4, &mut b);
        assert_eq!(b.scratch, fresh(&b, 0.3, 0.4));
    }

    #[test]
    fn a_coalition_builder_counts_its_partners_alone() {
        let case = three_party_case();
        let mut b = Beliefs::default();
        fill_fixed_pie_beliefs(&case, 0, usize::MAX, &mut b);
        // Beliefs about seat 1 and 2 set to their true interests.
        for t in 1..3 {
            b.weights[t * 2..t * 2 + 2].copy_from_slice(&case.weights[t * 2..t * 2 + 2]);
            b.valuations[t * 4..t * 4 + 4].copy_from_slice(&case.valuations[t * 4..t * 4 + 4]);
            b.stale[t] = true;
        }
        crate::protocol::dialogue::recompute_others(&case, 0, &mut b);
        // With everyone in the coalition it is the plain objective.
        objective(&case, 0.6, 0.2, &mut b);
        let plain = b.scratch.clone();
        b.coalition.copy_from_slice(&[false, true, true]);
        coalition_objective(&case, 0.6, 0.2, &mut b);
        for (x, y) in plain.iter().zip(&b.scratch) {
            assert!((x - y).abs() < 1e-12, "{plain:?} vs {:?}", b.scratch);
        }
        // With seat 1 alone it is seat 1's believed value: on issue 0, option 1 is worth
        // 0.8 * 1 to it and option 0 nothing (c = 1, no world, no closeness term).
        b.coalition.copy_from_slice(&[false, true, false]);
        coalition_objective(&case, 1.0, 0.0, &mut b);
        assert!((b.scratch[0] - 0.0).abs() < 1e-12);
        assert!((b.scratch[1] - 0.8).abs() < 1e-12);
        // Seat 2 would have weighed issue 0's option 0 at 0.3.
        b.coalition.copy_from_slice(&[false, false, true]);
        coalition_objective(&case, 1.0, 0.0, &mut b);
        assert!((b.scratch[0] - 0.3).abs() < 1e-12);
    }
}
