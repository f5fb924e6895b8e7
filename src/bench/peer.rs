//! NegMAS and negsim side by side on the same work, in one run: the NegMAS benchmark script
//! (`benches/peer/negmas_bench.py`) runs its time-based negotiators on fresh random domains and
//! dumps them; negsim then replays exactly those negotiations on one thread, checks that it
//! reaches the same agreements in the same number of rounds, and both rates are printed with
//! their ratio.

use crate::bench::negmas::{self, Dump, Negotiation, ScenarioFigures};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The reference workload (W1): 5 issues x 10 values, 100 rounds.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Issues.
    pub issues: usize,
    /// Values per issue.
    pub values: usize,
    /// Rounds.
    pub steps: u32,
    /// Negotiations per pairing (NegMAS runs each once).
    pub repeats: usize,
    /// Pairings `first:second` of NegMAS negotiator names.
    pub pairings: Vec<String>,
    /// Seed of the domains.
    pub seed: u64,
    /// Reservation value of every party.
    pub reserved: f64,
}

impl Default for Workload {
    fn default() -> Workload {
        Workload {
            issues: 5,
            values: 10,
            steps: 100,
            repeats: 10,
            pairings: vec!["boulware:conceder".into(), "linear:linear".into()],
            seed: 0,
            reserved: 0.0,
        }
    }
}

/// NegMAS's figures for one scenario, from the script's closing JSON line.
#[derive(Clone, Debug, Deserialize)]
pub struct NegmasFigures {
    /// Negotiator names.
    pub agents: Vec<String>,
    /// Negotiations.
    #[serde(rename = "R")]
    pub negotiations: usize,
    /// Negotiations per second.
    pub negotiations_per_s: f64,
    /// Rounds per second.
    pub rounds_per_s: f64,
    /// Rounds per second after each negotiation's first round (NegMAS sorts every outcome
    /// before its first offer).
    pub steady_rounds_per_s: Option<f64>,
    /// Mean rounds per negotiation.
    pub mean_rounds: f64,
}

#[derive(Deserialize)]
struct NegmasSummary {
    negmas_version: String,
    python: String,
    scenarios: Vec<NegmasFigures>,
}

/// One scenario measured on both platforms.
#[derive(Clone, Debug)]
pub struct SideBySide {
    /// NegMAS's figures.
    pub negmas: NegmasFigures,
    /// negsim's figures on the same negotiations.
    pub negsim: ScenarioFigures,
}

impl SideBySide {
    /// negsim's negotiations per second over NegMAS's.
    pub fn ratio(&self) -> f64 {
        self.negsim.negotiations_per_second() / self.negmas.negotiations_per_s.max(1e-12)
    }
}

/// The result of a side-by-side run.
#[derive(Clone, Debug)]
pub struct PeerRun {
    /// NegMAS and Python versions.
    pub negmas_version: String,
    /// Python version.
    pub python: String,
    /// One entry per pairing.
    pub scenarios: Vec<SideBySide>,
}

/// Checks that `python` can import NegMAS; returns its version.
pub fn negmas_version(python: &Path) -> Option<String> {
    let out = Command::new(python)
        .args(["-c", "import negmas; print(negmas.__version__)"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs the NegMAS script on the workload, then negsim on the dumped domains.
pub fn run(python: &Path, script: &Path, work: &Workload, min_time: Duration) -> Result<PeerRun> {
    if !script.is_file() {
        return Err(Error::input("the NegMAS benchmark script is missing")
            .in_file(script)
            .with_hint("run from the repository root, or pass --script PATH"));
    }
    let dump_path = temp_path("negmas-dump.json");
    let out = Command::new(python)
        .arg(script)
        .args(["-K", &work.issues.to_string()])
        .args(["-V", &work.values.to_string()])
        .args(["-R", &work.repeats.to_string()])
        .args(["-s", &work.steps.to_string()])
        .args(["--seed", &work.seed.to_string()])
        .args(["--reserved", &work.reserved.to_string()])
        .args(["--pairings", &work.pairings.join(",")])
        .arg("--dump")
        .arg(&dump_path)
        .output()
        .map_err(|e| Error::input(format!("cannot run {}: {e}", python.display())))?;
    let result = (|| {
        if !out.status.success() {
            return Err(Error::input(format!(
                "the NegMAS script failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
            .in_file(script));
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let last = stdout
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .unwrap_or("");
        let summary: NegmasSummary = serde_json::from_str(last).map_err(|e| {
            Error::input(format!("unexpected output from the NegMAS script: {e}")).in_file(script)
        })?;
        let dump = Dump::read(&dump_path)?;
        let negotiations = dump.negotiations()?;
        let figures = negmas::measure(&negotiations, dump.steps, min_time);
        let scenarios = pair_up(summary.scenarios, figures)?;
        Ok(PeerRun {
            negmas_version: summary.negmas_version,
            python: summary.python,
            scenarios,
        })
    })();
    let _ = std::fs::remove_file(&dump_path);
    result
}

fn pair_up(negmas: Vec<NegmasFigures>, negsim: Vec<ScenarioFigures>) -> Result<Vec<SideBySide>> {
    negmas
        .into_iter()
        .map(|n| {
            let label = n.agents.join(":");
            let ours = negsim
                .iter()
                .find(|f| f.scenario == label)
                .cloned()
                .ok_or_else(|| Error::input(format!("no negsim figures for {label}")))?;
            Ok(SideBySide {
                negmas: n,
                negsim: ours,
            })
        })
        .collect()
}

/// negsim alone on domains of the workload's shape drawn by negsim (when NegMAS is not
/// installed): the same distribution as the script's, not the same draws.
pub fn negsim_only(work: &Workload, min_time: Duration) -> Result<Vec<ScenarioFigures>> {
    use crate::bench::negmas::PartyDomain;
    use crate::rng::{Purpose, StreamKey, unit};
    let mut negotiations: Vec<Negotiation> = Vec::new();
    for pairing in &work.pairings {
        let names: Vec<&str> = pairing.split(':').collect();
        let tactics = names
            .iter()
            .map(|n| negmas::tactic_of(n))
            .collect::<Result<Vec<_>>>()?;
        for r in 0..work.repeats {
            let mut rng = StreamKey::new(work.seed, r as u64).stream(Purpose::Case, 0);
            let domain: Vec<PartyDomain> = (0..tactics.len())
                .map(|_| {
                    let w: Vec<f64> = (0..work.issues).map(|_| unit(&mut rng)).collect();
                    let total: f64 = w.iter().sum();
                    PartyDomain {
                        weights: w.iter().map(|x| x / total).collect(),
                        tables: (0..work.issues)
                            .map(|_| (0..work.values).map(|_| unit(&mut rng)).collect())
                            .collect(),
                    }
                })
                .collect();
            negotiations.push(Negotiation {
                scenario: pairing.clone(),
                index: r,
                tactics: tactics.clone(),
                case: negmas::case_of(&domain, work.issues, work.values, work.reserved)?,
                expected_agreement: None,
                expected_rounds: 0,
            });
        }
    }
    Ok(negmas::measure(&negotiations, work.steps, min_time))
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("negsim-{}-{name}", std::process::id()))
}
