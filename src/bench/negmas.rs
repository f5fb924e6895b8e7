//! Replaying NegMAS's own results: a `--dump` file of the NegMAS peer benchmark script holds
//! every random domain (per party: issue weights and a value table, K issues x V values) and,
//! per pairing of time-based negotiators, NegMAS's agreement and round count. Each negotiation
//! is run again through negsim's alternating-offers protocol on the same domain, and the
//! agreements and round counts are compared.

use crate::error::{Error, Result};
use crate::model::case::{Case, Issue, IssueOption, StakeholderInterests};
use crate::model::culture::DecisionRule;
use crate::model::label::Label;
use crate::model::prepared::PreparedCase;
use crate::model::traits::Traits;
use crate::protocol::Arena;
use crate::protocol::inverter::check_visible_options;
use crate::protocol::parameters::Parameters;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::{Agenda, Observe, Rules, SeatSetup, TableSetup, Tactic};
use crate::rng::StreamKey;
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// World value given to every option of a replayed domain (NegMAS has no world value).
pub const NEUTRAL_WORLD_VALUE: f64 = 0.5;

/// A NegMAS `--dump` file.
#[derive(Clone, Debug, Deserialize)]
pub struct Dump {
    /// Issues.
    #[serde(rename = "K")]
    pub issues: usize,
    /// Values per issue.
    #[serde(rename = "V")]
    pub values: usize,
    /// Seed of the script.
    pub seed: u64,
    /// Reservation value of every party.
    pub reserved: f64,
    /// Rounds (NegMAS `n_steps`).
    pub steps: u32,
    /// Bilateral domains, one per negotiation.
    pub domains: Vec<Vec<PartyDomain>>,
    /// Bilateral results per pairing `first:second`, one per domain.
    pub results: IndexMap<String, Vec<NegmasResult>>,
    /// The multilateral run, if the script ran one.
    #[serde(default)]
    pub multilateral: Option<Multilateral>,
}

/// One party's preferences in a dump.
#[derive(Clone, Debug, Deserialize)]
pub struct PartyDomain {
    /// Issue weights (already normalised by NegMAS's script).
    pub weights: Vec<f64>,
    /// Value of each value of each issue, `[issue][value]`.
    pub tables: Vec<Vec<f64>>,
}

/// NegMAS's result of one negotiation.
#[derive(Clone, Debug, Deserialize)]
pub struct NegmasResult {
    /// The agreed outcome (one value index per issue), or none.
    pub agreement: Option<Vec<i64>>,
    /// Rounds used.
    pub rounds: u32,
}

/// The multilateral part of a dump.
#[derive(Clone, Debug, Deserialize)]
pub struct Multilateral {
    /// Negotiator names in seat order.
    pub agents: Vec<String>,
    /// Domains, one per negotiation.
    pub domains: Vec<Vec<PartyDomain>>,
    /// Results, one per domain.
    pub results: Vec<NegmasResult>,
}

/// One negotiation to replay: who sits at the table, on which domain, and what NegMAS got.
#[derive(Clone, Debug)]
pub struct Negotiation {
    /// Scenario label, e.g. `boulware:conceder` or `multilateral:linear:linear:linear`.
    pub scenario: String,
    /// Index of the domain within its scenario.
    pub index: usize,
    /// Tactic per seat.
    pub tactics: Vec<Tactic>,
    /// The case built from the domain.
    pub case: Case,
    /// NegMAS's agreement (option index per issue), if any.
    pub expected_agreement: Option<Vec<u8>>,
    /// NegMAS's round count.
    pub expected_rounds: u32,
}

impl Dump {
    /// Reads a dump file.
    pub fn read(path: &Path) -> Result<Dump> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::input("file not found")
                    .in_file(path)
                    .with_hint("write one with the NegMAS benchmark script's --dump FILE option")
            } else {
                Error::input(format!("cannot read the file: {e}")).in_file(path)
            }
        })?;
        Dump::parse(&text).map_err(|e| e.in_file(path))
    }

    /// Parses a dump from JSON text.
    pub fn parse(text: &str) -> Result<Dump> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let dump: Dump = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            Error::input(format!("not a NegMAS benchmark dump: {inner}"))
                .at_key(key)
                .with_hint(
                    "expected the JSON written by the NegMAS benchmark script's --dump option",
                )
        })?;
        dump.check()?;
        Ok(dump)
    }

    fn check(&self) -> Result<()> {
        if self.issues == 0 || self.values < 2 || self.values > crate::model::case::MAX_OPTIONS {
            return Err(Error::input(format!(
                "a dump needs at least 1 issue and 2 to {} values per issue, found K = {}, V = {}",
                crate::model::case::MAX_OPTIONS,
                self.issues,
                self.values
            ))
            .at_key("K"));
        }
        if self.steps == 0 {
            return Err(Error::input("steps must be at least 1").at_key("steps"));
        }
        let visible = vec![self.values; self.issues];
        check_visible_options("the dump's domain", &visible).map_err(|e| {
            let mut e = e.at_key("K");
            e.hint = Some("dump a smaller domain (fewer issues K or values V)".into());
            e
        })?;
        for (pairing, results) in &self.results {
            if results.len() > self.domains.len() {
                return Err(Error::input(format!(
                    "pairing `{pairing}` has {} results but the dump has {} domains",
                    results.len(),
                    self.domains.len()
                ))
                .at_key(format!("results.{pairing}")));
            }
        }
        if let Some(m) = &self.multilateral
            && m.results.len() > m.domains.len()
        {
            return Err(Error::input(format!(
                "the multilateral run has {} results but {} domains",
                m.results.len(),
                m.domains.len()
            ))
            .at_key("multilateral.results"));
        }
        Ok(())
    }

    /// Every negotiation of the dump, bilateral pairings first, then the multilateral run.
    pub fn negotiations(&self) -> Result<Vec<Negotiation>> {
        let mut out = Vec::new();
        for (pairing, results) in &self.results {
            let names: Vec<String> = pairing.split(':').map(str::to_string).collect();
            let tactics = tactics_of(&names).map_err(|e| e.at_key(format!("results.{pairing}")))?;
            for (i, result) in results.iter().enumerate() {
                out.push(self.negotiation(pairing, i, &tactics, &self.domains[i], result)?);
            }
        }
        if let Some(m) = &self.multilateral {
            let tactics = tactics_of(&m.agents).map_err(|e| e.at_key("multilateral.agents"))?;
            let label = format!("multilateral:{}", m.agents.join(":"));
            for (i, result) in m.results.iter().enumerate() {
                out.push(self.negotiation(&label, i, &tactics, &m.domains[i], result)?);
            }
        }
        Ok(out)
    }

    fn negotiation(
        &self,
        scenario: &str,
        index: usize,
        tactics: &[Tactic],
        domain: &[PartyDomain],
        result: &NegmasResult,
    ) -> Result<Negotiation> {
        let at = |e: Error| e.at_key(format!("{scenario}[{index}]"));
        if domain.len() != tactics.len() {
            return Err(at(Error::input(format!(
                "{} negotiators but the domain has {} parties",
                tactics.len(),
                domain.len()
            ))));
        }
        let case = case_of(domain, self.issues, self.values, self.reserved).map_err(at)?;
        let expected_agreement = match &result.agreement {
            None => None,
            Some(a) => {
                if a.len() != self.issues || a.iter().any(|&v| v < 0 || v >= self.values as i64) {
                    return Err(at(Error::input(format!(
                        "agreement {a:?} is not an outcome of {} issues with values 0..{}",
                        self.issues, self.values
                    ))));
                }
                Some(a.iter().map(|&v| v as u8).collect())
            }
        };
        Ok(Negotiation {
            scenario: scenario.to_string(),
            index,
            tactics: tactics.to_vec(),
            case,
            expected_agreement,
            expected_rounds: result.rounds,
        })
    }
}

/// The tactic of a NegMAS time-based negotiator name.
pub fn tactic_of(name: &str) -> Result<Tactic> {
    match name {
        "boulware" => Ok(Tactic::Boulware),
        "linear" => Ok(Tactic::Linear),
        "conceder" => Ok(Tactic::Conceder),
        other => Err(Error::input(format!(
            "unknown NegMAS negotiator `{other}`; expected boulware, linear or conceder"
        ))),
    }
}

fn tactics_of(names: &[String]) -> Result<Vec<Tactic>> {
    if names.len() < 2 {
        return Err(Error::input("a negotiation needs at least 2 negotiators"));
    }
    names.iter().map(|n| tactic_of(n)).collect()
}

/// A negsim case from one NegMAS domain: issues `i0..` with options `0..V-1` (NegMAS's
/// contiguous issue values), one stakeholder `p1..` per party with the dump's weights and
/// tables, BATNA = the reservation value, and a neutral world value.
pub fn case_of(
    domain: &[PartyDomain],
    issues: usize,
    values: usize,
    reserved: f64,
) -> Result<Case> {
    let issue_list: Vec<Issue> = (0..issues)
        .map(|i| Issue {
            key: format!("i{i}"),
            label: Label::default(),
            world_weight: 1.0,
            comparative: None,
            options: (0..values)
                .map(|v| IssueOption {
                    key: v.to_string(),
                    label: Label::default(),
                    world_value: NEUTRAL_WORLD_VALUE,
                    hidden: false,
                })
                .collect(),
        })
        .collect();
    let mut stakeholders = Vec::with_capacity(domain.len());
    for (p, party) in domain.iter().enumerate() {
        if party.weights.len() != issues || party.tables.len() != issues {
            return Err(Error::input(format!(
                "party {p} has {} weights and {} tables for {issues} issues",
                party.weights.len(),
                party.tables.len()
            )));
        }
        let mut weights = IndexMap::new();
        let mut table = IndexMap::new();
        for (i, issue) in issue_list.iter().enumerate() {
            if party.tables[i].len() != values {
                return Err(Error::input(format!(
                    "party {p}, issue {i}: {} values for V = {values}",
                    party.tables[i].len()
                )));
            }
            weights.insert(issue.key.clone(), party.weights[i]);
            table.insert(issue.key.clone(), party.tables[i].clone());
        }
        stakeholders.push(StakeholderInterests {
            key: format!("p{}", p + 1),
            label: Label::default(),
            batna: reserved,
            weights,
            values: table,
            discount_factor: None,
        });
    }
    let case = Case {
        name: "negmas-domain".into(),
        title: Label::default(),
        story: Label::default(),
        world_threshold: NEUTRAL_WORLD_VALUE,
        world_value_no_agreement: 0.0,
        issues: issue_list,
        stakeholders,
    };
    case.validate()?;
    Ok(case)
}

/// The table of one replayed negotiation: classic tactics under alternating offers.
pub fn table_setup(
    case: Arc<PreparedCase>,
    tactics: &[Tactic],
    deadline: u32,
    params: &Arc<Parameters>,
) -> TableSetup {
    TableSetup {
        seats: tactics
            .iter()
            .map(|&tactic| SeatSetup {
                traits: Traits::uniform(0.5),
                tactic,
            })
            .collect(),
        rules: Rules {
            protocol: ProtocolKind::AlternatingOffers,
            deadline,
            agenda: Agenda::Package,
            agenda_order: (0..case.k).collect(),
            decision_rule: DecisionRule::Unanimity,
            disclosure: 0.0,
            facilitator: false,
            mirror_negmas: true,
        },
        params: params.clone(),
        streams: StreamKey::new(0, 0),
        initial_trust: None,
        observe: Observe::default(),
        case,
    }
}

/// negsim's result of one replayed negotiation next to NegMAS's.
#[derive(Clone, Debug)]
pub struct Replayed {
    /// Scenario label.
    pub scenario: String,
    /// Index within the scenario.
    pub index: usize,
    /// negsim's agreement.
    pub agreement: Option<Vec<u8>>,
    /// negsim's rounds.
    pub rounds: u32,
    /// Same agreement (or both none) as NegMAS.
    pub agreement_matches: bool,
    /// Same round count as NegMAS.
    pub rounds_match: bool,
}

/// Counts and speed of a replay, per scenario.
#[derive(Clone, Debug, Default)]
pub struct ScenarioFigures {
    /// Scenario label.
    pub scenario: String,
    /// Negotiations.
    pub negotiations: usize,
    /// Agreements reached by negsim.
    pub agreements: usize,
    /// Negotiations whose agreement matches NegMAS's.
    pub agreements_matching: usize,
    /// Negotiations whose round count matches NegMAS's.
    pub rounds_matching: usize,
    /// Rounds run in one pass.
    pub rounds: u64,
    /// Time per pass over the scenario (preparing the cases and running them).
    pub elapsed: Duration,
}

impl ScenarioFigures {
    /// Negotiations per second.
    pub fn negotiations_per_second(&self) -> f64 {
        self.negotiations as f64 / self.elapsed.as_secs_f64().max(1e-12)
    }

    /// Rounds per second.
    pub fn rounds_per_second(&self) -> f64 {
        self.rounds as f64 / self.elapsed.as_secs_f64().max(1e-12)
    }

    /// True if every negotiation matched.
    pub fn all_match(&self) -> bool {
        self.agreements_matching == self.negotiations && self.rounds_matching == self.negotiations
    }
}

/// Runs one negotiation on an already prepared case.
pub fn run_one(
    arena: &mut Arena,
    case: Arc<PreparedCase>,
    negotiation: &Negotiation,
    deadline: u32,
    params: &Arc<Parameters>,
) -> (Option<Vec<u8>>, u32) {
    let setup = table_setup(case, &negotiation.tactics, deadline, params);
    let outcome = arena.run(&setup);
    (outcome.agreement, outcome.rounds)
}

/// Replays every negotiation once and compares with NegMAS.
pub fn replay(negotiations: &[Negotiation], deadline: u32) -> Vec<Replayed> {
    let params = Arc::new(Parameters::default());
    let mut arena = Arena::new();
    negotiations
        .iter()
        .map(|n| {
            let case = Arc::new(PreparedCase::with_weights_as_written(n.case.clone(), 0));
            let (agreement, rounds) = run_one(&mut arena, case, n, deadline, &params);
            Replayed {
                scenario: n.scenario.clone(),
                index: n.index,
                agreement_matches: agreement == n.expected_agreement,
                rounds_match: rounds == n.expected_rounds,
                agreement,
                rounds,
            }
        })
        .collect()
}

/// Replays and times every scenario of a dump on one thread. Each scenario is run
/// `passes` times over (at least once) so that short scenarios can be timed; the time covers
/// preparing each case (negsim's per-case precomputation, like NegMAS's negotiator set-up) and
/// running it, not building the case from the file (like NegMAS's domain generation).
pub fn measure(
    negotiations: &[Negotiation],
    deadline: u32,
    min_time: Duration,
) -> Vec<ScenarioFigures> {
    let params = Arc::new(Parameters::default());
    let mut arena = Arena::new();
    let mut figures: Vec<ScenarioFigures> = Vec::new();
    let mut start = 0;
    while start < negotiations.len() {
        let scenario = &negotiations[start].scenario;
        let end = start
            + negotiations[start..]
                .iter()
                .take_while(|n| &n.scenario == scenario)
                .count();
        let group = &negotiations[start..end];
        let mut f = ScenarioFigures {
            scenario: scenario.clone(),
            negotiations: group.len(),
            ..ScenarioFigures::default()
        };
        // First pass: check the results (and warm up).
        for n in group {
            let case = Arc::new(PreparedCase::with_weights_as_written(n.case.clone(), 0));
            let (agreement, rounds) = run_one(&mut arena, case, n, deadline, &params);
            f.agreements += agreement.is_some() as usize;
            f.agreements_matching += (agreement == n.expected_agreement) as usize;
            f.rounds_matching += (rounds == n.expected_rounds) as usize;
            f.rounds += rounds as u64;
        }
        // Timed passes: the cases are copied before the clock starts.
        let mut passes = 0u32;
        let mut elapsed = Duration::ZERO;
        while passes == 0 || elapsed < min_time {
            let cases: Vec<Case> = group.iter().map(|n| n.case.clone()).collect();
            let clock = Instant::now();
            for (n, case) in group.iter().zip(cases) {
                let case = Arc::new(PreparedCase::with_weights_as_written(case, 0));
                std::hint::black_box(run_one(&mut arena, case, n, deadline, &params));
            }
            elapsed += clock.elapsed();
            passes += 1;
        }
        f.elapsed = elapsed / passes;
        figures.push(f);
        start = end;
    }
    figures
}
