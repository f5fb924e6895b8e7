//! Shared helpers for the integration tests.
#![allow(dead_code)]

use negsim::model::case::Case;
use negsim::model::culture::DecisionRule;
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::Traits;
use negsim::protocol::parameters::Parameters;
use negsim::protocol::setup::{
    Agenda, Observe, ProtocolKind, Rules, SeatSetup, TableSetup, Tactic,
};
use negsim::rng::StreamKey;
use negsim::source::Source;
use std::path::PathBuf;
use std::sync::Arc;

/// Two stakeholders, two integrative issues (each cares 75% about a different issue), two
/// options each. Packages (a,b): (0,0) -> (1, 0); (0,1) -> (0.75, 0.75); (1,0) -> (0.25, 0.25);
/// (1,1) -> (0, 1).
pub const TINY_CASE: &str = r#"
name = "tiny"
world_threshold = 0.5
world_value_no_agreement = 0.1

[[issues]]
key = "a"
options = [{ key = "a0", world_value = 0.2 }, { key = "a1", world_value = 0.8 }]

[[issues]]
key = "b"
options = [{ key = "b0", world_value = 0.6 }, { key = "b1", world_value = 0.9 }]

[[stakeholders]]
key = "s1"
batna = 0.3
weights = { a = 3, b = 1 }
values = { a = [1.0, 0.0], b = [1.0, 0.0] }

[[stakeholders]]
key = "s2"
batna = 0.2
weights = { a = 1, b = 3 }
values = { a = [0.0, 1.0], b = [0.0, 1.0] }
"#;

/// Parses and validates a case from text.
pub fn case_from(text: &str) -> Case {
    let src = Source::from_text("test-case.toml", text);
    negsim::experiment::library::load_case(&src, "test-case").expect("valid test case")
}

/// The tiny case, prepared.
pub fn tiny() -> Arc<PreparedCase> {
    Arc::new(PreparedCase::new(case_from(TINY_CASE), 1_000_000))
}

/// Rules with defaults.
pub fn rules(deadline: u32, rule: DecisionRule) -> Rules {
    Rules {
        protocol: ProtocolKind::Mindset,
        deadline,
        agenda: Agenda::Package,
        agenda_order: Vec::new(),
        decision_rule: rule,
        disclosure: 0.5,
        facilitator: false,
    }
}

/// A table with the same traits for everyone.
pub fn table(case: Arc<PreparedCase>, traits: Traits, rules: Rules, seed: u64) -> TableSetup {
    let n = case.n;
    TableSetup {
        seats: vec![
            SeatSetup {
                traits,
                tactic: Tactic::Mindset
            };
            n
        ],
        rules,
        params: Arc::new(Parameters::default()),
        streams: StreamKey::new(seed, 0),
        initial_trust: None,
        observe: Observe::default(),
        case,
    }
}

/// Path of the negsim binary built for the tests.
pub fn negsim() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_negsim"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the plan of an experiment given as text (names resolve against the repository).
pub fn plan_from(text: &str) -> negsim::experiment::plan::Plan {
    let src = Source::from_text(root().join("experiments/test.toml"), text);
    let file = negsim::experiment::file::ExperimentFile::parse(src).expect("valid experiment");
    negsim::experiment::plan::Plan::build(file, None).expect("valid plan")
}

/// Runs every process of an experiment given as text, in process order.
pub fn run_text(
    text: &str,
) -> (
    negsim::experiment::plan::Plan,
    Vec<negsim::experiment::runner::ProcessResult>,
) {
    let plan = plan_from(text);
    let results = (0..plan.process_count())
        .map(|id| negsim::experiment::runner::simulate(&plan, id, Observe::default()))
        .collect();
    (plan, results)
}

/// Mean of a metric over the processes of one condition.
pub fn mean_of(
    results: &[negsim::experiment::runner::ProcessResult],
    condition: usize,
    f: impl Fn(&negsim::experiment::runner::ProcessResult) -> f64,
) -> f64 {
    let xs: Vec<f64> = results
        .iter()
        .filter(|r| r.process.condition == condition)
        .map(f)
        .collect();
    xs.iter().sum::<f64>() / xs.len() as f64
}
