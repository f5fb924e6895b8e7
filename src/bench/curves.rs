//! Scaling curves of large participation processes (`negsim bench curves`): processes per
//! second on one thread against the number of stakeholders and of issues, with a new case per
//! replication (W2's setting otherwise), and the time of the exact metrics against the number
//! of packages. Written as CSV; drawn by [`crate::charts::bench_curves`].

use crate::bench::engine;
use crate::error::{Error, Result};
use crate::experiment::file::ExperimentFile;
use crate::experiment::plan::Plan;
use crate::metrics::search::{largest_common_gain, nash_point};
use crate::model::generator::CaseGenerator;
use crate::model::prepared::PreparedCase;
use crate::output::atomic::write_whole;
use crate::rng::{Purpose, StreamKey, index};
use crate::source::Source;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// Stakeholders on the throughput curve against stakeholders (8 issues of 5 options).
pub const STAKEHOLDERS: [usize; 7] = [2, 3, 4, 6, 8, 10, 12];
/// Issues on the throughput curve against issues (7 stakeholders, 5 options).
pub const ISSUES: [usize; 7] = [4, 6, 8, 10, 12, 16, 20];
/// Issues of the exact-metrics curve (12 stakeholders, 6 options: up to 3.7e15 packages).
pub const METRIC_ISSUES: [usize; 10] = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20];
/// Stakeholders of the exact-metrics curve.
pub const METRIC_STAKEHOLDERS: usize = 12;
/// Options per issue of the exact-metrics curve.
pub const METRIC_OPTIONS: usize = 6;

/// One point of a throughput curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Throughput {
    /// `stakeholders` or `issues`: which curve.
    pub curve: String,
    /// Stakeholders.
    pub stakeholders: usize,
    /// Issues.
    pub issues: usize,
    /// Options per issue.
    pub options: usize,
    /// Processes per pass.
    pub processes: u64,
    /// Processes per second on one thread (a new case per replication).
    pub processes_per_second: f64,
    /// Mean rounds per process.
    pub mean_rounds: f64,
}

/// One point of the exact-metrics curve: a generated case.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricTime {
    /// Stakeholders.
    pub stakeholders: usize,
    /// Issues.
    pub issues: usize,
    /// Options per issue.
    pub options: usize,
    /// Packages (options to the power of issues).
    pub packages: f64,
    /// Seed of the generated case.
    pub seed: u64,
    /// Time of the Nash point's search (once per case), ms.
    pub nash_ms: f64,
    /// Mean time of one Pareto distance (once per process), ms, over the outcomes measured.
    pub distance_ms_mean: f64,
    /// Longest time of one Pareto distance, ms.
    pub distance_ms_max: f64,
    /// Outcomes measured: the BATNAs and random packages.
    pub outcomes: usize,
    /// True if every search finished (all metrics exact).
    pub exact: bool,
}

/// W2 with another number of stakeholders and issues and `replications` replications.
fn w2_plan(stakeholders: usize, issues: usize, replications: u64) -> Result<Plan> {
    let text = engine::PARTICIPATION_W2
        .replace(
            "stakeholders = 7",
            &format!("stakeholders = {stakeholders}"),
        )
        .replace("issues = 8", &format!("issues = {issues}"))
        .replace(
            "replications = 2000",
            &format!("replications = {replications}"),
        );
    Plan::build(
        ExperimentFile::parse(Source::from_text("participation-w2.toml", text))?,
        None,
    )
}

/// Measures both throughput curves.
pub fn throughput(replications: u64, min_time: Duration) -> Result<Vec<Throughput>> {
    let mut out = Vec::new();
    let points = STAKEHOLDERS
        .iter()
        .map(|&n| ("stakeholders", n, 8))
        .chain(ISSUES.iter().map(|&k| ("issues", 7, k)));
    for (curve, n, k) in points {
        let plan = w2_plan(n, k, replications)?;
        let f = engine::measure(curve, &plan, Duration::ZERO, min_time);
        out.push(Throughput {
            curve: curve.to_string(),
            stakeholders: n,
            issues: k,
            options: 5,
            processes: f.processes,
            processes_per_second: f.processes_per_second(),
            mean_rounds: f.rounds as f64 / f.processes.max(1) as f64,
        });
    }
    Ok(out)
}

/// Measures the exact-metrics curve on `cases` generated cases per size, each with its BATNAs
/// and `outcomes` random packages as the outcomes whose distance is found.
pub fn metric_times(cases: u64, outcomes: usize) -> Result<Vec<MetricTime>> {
    let mut out = Vec::new();
    for &k in &METRIC_ISSUES {
        for seed in 0..cases {
            let generator = CaseGenerator {
                stakeholders: METRIC_STAKEHOLDERS,
                issues: k,
                options: METRIC_OPTIONS,
                seed: Some(seed),
                ..CaseGenerator::default()
            };
            generator.validate()?;
            let case = PreparedCase::new(
                generator.generate(&mut StreamKey::new(seed, 0).stream(Purpose::Case, 0)),
                1_000_000,
            );
            let clock = Instant::now();
            let nash = nash_point(&case);
            let nash_ms = clock.elapsed().as_secs_f64() * 1e3;
            let mut exact = nash.exact;
            let mut probes = vec![case.batna.clone()];
            let mut rng = StreamKey::new(seed, 1).stream(Purpose::Case, 1);
            let mut package = vec![0u8; k];
            for _ in 0..outcomes {
                for (i, o) in package.iter_mut().enumerate() {
                    *o = index(&mut rng, case.options[i]) as u8;
                }
                probes.push((0..case.n).map(|s| case.utility(s, &package)).collect());
            }
            // The Nash point itself: an outcome on the frontier.
            if let Some(p) = &nash.point {
                probes.push(p.utilities.clone());
            }
            let mut times = Vec::with_capacity(probes.len());
            for u in &probes {
                let clock = Instant::now();
                let gain = largest_common_gain(&case, u, 0.0);
                times.push(clock.elapsed().as_secs_f64() * 1e3);
                exact &= gain.exact;
            }
            out.push(MetricTime {
                stakeholders: METRIC_STAKEHOLDERS,
                issues: k,
                options: METRIC_OPTIONS,
                packages: (METRIC_OPTIONS as f64).powi(k as i32),
                seed,
                nash_ms,
                distance_ms_mean: times.iter().sum::<f64>() / times.len() as f64,
                distance_ms_max: times.iter().copied().fold(0.0, f64::max),
                outcomes: times.len(),
                exact,
            });
        }
    }
    Ok(out)
}

/// The throughput curves as CSV.
pub fn throughput_csv(rows: &[Throughput]) -> String {
    let mut s = String::from(
        "curve,stakeholders,issues,options,processes,processes_per_second,mean_rounds\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{:.1},{:.1}",
            r.curve,
            r.stakeholders,
            r.issues,
            r.options,
            r.processes,
            r.processes_per_second,
            r.mean_rounds
        );
    }
    s
}

/// The exact-metrics curve as CSV.
pub fn metric_times_csv(rows: &[MetricTime]) -> String {
    let mut s = String::from(
        "stakeholders,issues,options,packages,seed,nash_ms,distance_ms_mean,distance_ms_max,outcomes,exact\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{},{},{},{:e},{},{:.4},{:.4},{:.4},{},{}",
            r.stakeholders,
            r.issues,
            r.options,
            r.packages,
            r.seed,
            r.nash_ms,
            r.distance_ms_mean,
            r.distance_ms_max,
            r.outcomes,
            r.exact
        );
    }
    s
}

/// Writes both CSV files into `dir` (created if missing).
pub fn write(dir: &Path, throughput: &[Throughput], metrics: &[MetricTime]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    for (name, text) in [
        ("throughput.csv", throughput_csv(throughput)),
        ("exact-metrics.csv", metric_times_csv(metrics)),
    ] {
        write_whole(&dir.join(name), |partial| {
            std::fs::write(partial, &text).map_err(|e| Error::io(partial, &e))
        })?;
    }
    Ok(())
}
