//! The facilitator (tip 3 of the source essay): neutral, it elicits interests (see
//! `dialogue::speak`), lowers stress (see `emotion::feel`), reframes positions as interests
//! (see `proposal::propose`), and keeps one single negotiating text that it improves every
//! round for all parties, using what was disclosed.

use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
use crate::protocol::observe::{Event, Transcript};
use crate::protocol::setup::Agenda;

/// Coordinate-ascent passes over the issues per round.
const PASSES: usize = 3;

/// The facilitator's beliefs before anyone has spoken: no idea (flat priorities, indifferent).
pub fn blank_facilitator(case: &PreparedCase) -> Facilitator {
    Facilitator {
        weights: vec![1.0; case.n * case.k],
        valuations: vec![0.5; case.n * case.total],
        objections: vec![0; case.n],
        text: vec![0; case.k],
        has_text: false,
        kept_logs: KeptLogs::default(),
    }
}

/// Improves the single negotiating text: a weighted Nash product of believed utilities plus
/// world value, `sum_t (1 + objections_t / 2) * ln(U_t) + world_weight * n * W`, maximised by
/// coordinate ascent from last round's text. Parties who objected weigh more next time. The
/// first pass reads the logs it remembers from last round where they still hold
/// ([`KeptLogs`]).
pub fn improve_text(
    setting: &Setting,
    f: &mut Facilitator,
    table: &mut TableState,
    transcript: &mut Transcript,
) {
    search_text(setting, f, table, transcript, true);
}

/// [`improve_text`], reading remembered logs (`remember`) or working every log out again; both
/// give the same text, bit for bit.
fn search_text(
    setting: &Setting,
    f: &mut Facilitator,
    table: &mut TableState,
    transcript: &mut Transcript,
    remember: bool,
) {
    let (case, rules, params) = (&*setting.case, &setting.rules, &*setting.params);
    let (n, k, total) = (case.n, case.k, case.total);
    let current = table.current_issue(rules);
    // Each seat's believed priorities sum once per call, not once per option scored (the
    // same sums, so the same results).
    let mut sums_stack = [0.0f64; 64];
    let mut sums_heap;
    let sums: &mut [f64] = if n <= 64 {
        &mut sums_stack[..n]
    } else {
        sums_heap = vec![0.0; n];
        &mut sums_heap
    };
    for (t, sum) in sums.iter_mut().enumerate() {
        *sum = f.weights[t * k..(t + 1) * k].iter().sum();
    }
    let sums: &[f64] = sums;
    // Normalised believed priority of t for issue i.
    let priority = |f: &Facilitator, t: usize, i: usize| {
        let sum = sums[t];
        if sum > 0.0 {
            f.weights[t * k + i] / sum
        } else {
            1.0 / k as f64
        }
    };
    let part = |f: &Facilitator, t: usize, i: usize, o: usize| {
        priority(f, t, i) * f.valuations[t * total + case.flat(i, o)]
    };
    let world_weight = params.facilitator_world_weight * n as f64;
    if !f.has_text {
        for i in 0..k {
            let mut best = (0usize, f64::NEG_INFINITY);
            for o in 0..case.options[i] {
                if !table.available[case.flat(i, o)] {
                    continue;
                }
                let score: f64 = (0..n).map(|t| part(f, t, i, o)).sum::<f64>()
                    + world_weight * case.world[case.flat(i, o)];
                if score > best.1 {
                    best = (o, score);
                }
            }
            f.text[i] = best.0 as u8;
        }
        f.has_text = true;
    }
    if rules.agenda == Agenda::Sequential {
        for i in 0..k {
            if table.locked[i] {
                f.text[i] = table.agreement[i];
            }
        }
    }
    let mut utilities = [0.0f64; 64];
    let mut utilities_heap;
    let u: &mut [f64] = if n <= 64 {
        &mut utilities[..n]
    } else {
        utilities_heap = vec![0.0; n];
        &mut utilities_heap
    };
    for (t, ut) in u.iter_mut().enumerate() {
        *ut = (0..k).map(|i| part(f, t, i, f.text[i] as usize)).sum();
    }
    // The log term of seat t with issue i moved from `cur` to `o`.
    let log_term = |f: &Facilitator, t: usize, ut: f64, i: usize, o: usize, cur: usize| {
        let ut = ut - part(f, t, i, cur) + part(f, t, i, o);
        libm::log(ut.max(1e-3))
    };
    let weight = |f: &Facilitator, t: usize| 1.0 + 0.5 * f.objections[t] as f64;
    let score = |f: &Facilitator, u: &[f64], i: usize, o: usize, cur: usize| -> f64 {
        let mut s = 0.0;
        for (t, &ut) in u.iter().enumerate() {
            s += weight(f, t) * log_term(f, t, ut, i, o, cur);
        }
        s + world_weight * case.world[case.flat(i, o)]
    };
    // Until the first move the utilities are those the kept logs were worked out at: the
    // same sums as `score`'s, in the same order, so the same bits.
    let mut logs = std::mem::take(&mut f.kept_logs);
    if !logs.holds(&f.text, &table.available) {
        logs.restart(n, k, total, &f.text, &table.available);
    }
    if !remember {
        logs.forget();
    }
    let remembered = |f: &Facilitator, logs: &KeptLogs, i: usize, o: usize| -> f64 {
        let flat = case.flat(i, o);
        let mut s = 0.0;
        for t in 0..n {
            s += weight(f, t) * logs.log_utility[t * total + flat];
        }
        s + world_weight * case.world[flat]
    };
    let mut moved = !remember;
    for _ in 0..PASSES {
        let mut changed = false;
        for i in 0..k {
            if current.is_some_and(|c| c != i) {
                continue;
            }
            let cur = f.text[i] as usize;
            if !moved && !logs.filled[i] {
                for o in 0..case.options[i] {
                    if o == cur || table.available[case.flat(i, o)] {
                        let flat = case.flat(i, o);
                        for (t, &ut) in u.iter().enumerate() {
                            logs.log_utility[t * total + flat] = log_term(f, t, ut, i, o, cur);
                        }
                    }
                }
                logs.filled[i] = true;
            }
            let scored = |o: usize| {
                if moved {
                    return score(f, u, i, o, cur);
                }
                let sc = remembered(f, &logs, i, o);
                // Every debug build (the test suite's) checks each remembered score.
                debug_assert_eq!(
                    sc.to_bits(),
                    score(f, u, i, o, cur).to_bits(),
                    "a remembered log is out of date (issue {i}, option {o})"
                );
                sc
            };
            let mut best = (cur, scored(cur));
            for o in 0..case.options[i] {
                if o == cur || !table.available[case.flat(i, o)] {
                    continue;
                }
                let sc = scored(o);
                if sc > best.1 + 1e-12 {
                    best = (o, sc);
                }
            }
            if best.0 != cur {
                for (t, ut) in u.iter_mut().enumerate() {
                    *ut += part(f, t, i, best.0) - part(f, t, i, cur);
                }
                f.text[i] = best.0 as u8;
                changed = true;
                // The utilities moved: the kept logs no longer hold, this round or the next.
                moved = true;
                logs.forget();
            }
        }
        if !changed {
            break;
        }
    }
    f.kept_logs = logs;
    let slot = n * k;
    table.offers[slot..slot + k].copy_from_slice(&f.text);
    table.offer_present[n] = true;
    let round = table.round + 1;
    transcript.push(|| Event::FacilitatorText {
        round,
        package: f.text.clone(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::culture::DecisionRule;
    use crate::protocol::parameters::Parameters;
    use crate::protocol::protocol_kind::ProtocolKind;
    use crate::protocol::setup::Rules;
    use std::sync::Arc;

    /// Five stakeholders, four issues of four options, with values that differ by seat.
    fn setting() -> Setting {
        let case = crate::model::prepared::tests::varied_case(5);
        let k = case.k;
        Setting {
            case: Arc::new(case),
            rules: Rules {
                protocol: ProtocolKind::Mindset,
                deadline: 30,
                agenda: Agenda::Package,
                agenda_order: (0..k).collect(),
                decision_rule: DecisionRule::Unanimity,
                disclosure: 0.5,
                facilitator: true,
                mirror_negmas: false,
            },
            params: Arc::new(Parameters::default()),
            clock_steps: Arc::from(Vec::new()),
        }
    }

    #[test]
    fn remembered_logs_give_the_text_a_fresh_search_gives() {
        let setting = setting();
        let case = &*setting.case;
        let mut table = TableState::default();
        table.reset(case.n, case.k, &case.visible);
        // One option hidden until it is discovered.
        let hidden = case.flat(0, 3);
        table.available[hidden] = false;
        let mut discovered = false;
        let mut transcript = Transcript {
            enabled: false,
            events: Vec::new(),
        };
        // Beliefs that differ by seat, issue and option.
        let mut kept = blank_facilitator(case);
        for (x, v) in kept.valuations.iter_mut().enumerate() {
            *v = ((x * 37) % 17) as f64 / 16.0;
        }
        for (x, w) in kept.weights.iter_mut().enumerate() {
            *w = 0.2 + ((x * 13) % 7) as f64 / 10.0;
        }
        let (mut remembered, mut moved) = (0, 0);
        for round in 0..40usize {
            // Objections grow round by round, unevenly; every seventh round the facilitator
            // hears something, and once an option is discovered.
            for (s, o) in kept.objections.iter_mut().enumerate() {
                *o += 4 * u32::from(round % 5 == s);
            }
            if round % 7 == 6 {
                // One seat is heard to value one issue's options the other way round.
                let (t, i) = ((round / 7) % case.n, (round / 7) % case.k);
                let row = t * case.total + case.flat(i, 0);
                kept.valuations[row..row + case.options[i]].reverse();
                kept.weights[t * case.k + i] *= 3.0;
                kept.kept_logs.forget();
            }
            // Discovered in a round that would otherwise read the remembered logs.
            if round >= 20 && !discovered && kept.kept_logs.holds(&kept.text, &table.available) {
                table.available[hidden] = true;
                discovered = true;
                // Its logs were never worked out: the kept logs start over.
                assert!(!kept.kept_logs.holds(&kept.text, &table.available));
            }
            // A facilitator with the same beliefs, text and objections that works every log
            // out again.
            let mut fresh = kept.clone();
            remembered += usize::from(kept.kept_logs.holds(&kept.text, &table.available));
            let before = kept.text.clone();
            improve_text(&setting, &mut kept, &mut table, &mut transcript);
            search_text(&setting, &mut fresh, &mut table, &mut transcript, false);
            assert_eq!(kept.text, fresh.text, "round {round}");
            moved += usize::from(kept.text != before);
        }
        assert!(discovered, "no round to discover the option in");
        // Both paths ran: rounds that read the remembered logs, and rounds whose text moved.
        assert!(
            remembered >= 5,
            "the logs were remembered in {remembered} rounds"
        );
        assert!(moved >= 2, "the text moved in {moved} rounds");
    }
}
