//! Scaling curves of negsim's own protocol (the mindset round with dialogue and a
//! facilitator): time per process and peak memory against the number of stakeholders, issues
//! and options, on one and two threads; and the error of the frontier drawn for views when a
//! case has too many packages to enumerate (the metrics are exact at any size).
//!
//! Every point runs in a child process (`negsim bench scaling --point N,K,V --threads T`), so
//! that its peak memory (the kernel's high-water mark of resident memory) is its own.

use crate::error::{Error, Result};
use crate::experiment::file::ExperimentFile;
use crate::experiment::plan::Plan;
use crate::experiment::simulation::simulate;
use crate::metrics::outcome_space::{APPROXIMATION_WEIGHTS, OutcomeSpace};
use crate::model::generator::CaseGenerator;
use crate::model::prepared::PreparedCase;
use crate::protocol::setup::Observe;
use crate::rng::{Purpose, StreamKey, index};
use crate::source::Source;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Seed of the generated case at every point (one case per point, prepared once).
pub const CASE_SEED: u64 = 11;
/// Rounds before an impasse.
pub const DEADLINE: u32 = 30;
/// Packages enumerated exactly (negsim's default `exact_outcome_bound`).
pub const EXACT_BOUND: u64 = 1_000_000;

/// One size of case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Stakeholders.
    pub stakeholders: usize,
    /// Issues.
    pub issues: usize,
    /// Options per issue.
    pub options: usize,
}

impl Point {
    /// Number of packages.
    pub fn packages(&self) -> u128 {
        (self.options as u128).saturating_pow(self.issues as u32)
    }

    /// Parses `N,K,V`.
    pub fn parse(text: &str) -> Result<Point> {
        let parts: Vec<usize> = text
            .split(',')
            .map(|p| p.trim().parse::<usize>())
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| Error::input(format!("`{text}` is not N,K,V (three whole numbers)")))?;
        match parts[..] {
            [stakeholders, issues, options] => Ok(Point {
                stakeholders,
                issues,
                options,
            }),
            _ => Err(Error::input(format!(
                "`{text}` is not N,K,V (three numbers)"
            ))),
        }
    }
}

/// The three curves: which axis varies, and its points (the others held fixed).
pub fn default_axes() -> Vec<(&'static str, Vec<Point>)> {
    let p = |stakeholders, issues, options| Point {
        stakeholders,
        issues,
        options,
    };
    vec![
        (
            "stakeholders",
            [2, 4, 8, 16, 32, 64].iter().map(|&n| p(n, 5, 5)).collect(),
        ),
        (
            "issues",
            [2, 4, 8, 12, 16].iter().map(|&k| p(3, k, 5)).collect(),
        ),
        (
            "options",
            [2, 5, 10, 15, 20].iter().map(|&v| p(3, 4, v)).collect(),
        ),
    ]
}

/// The experiment of one point: a generated structured case, the collaborative culture with
/// a facilitator, negsim's own protocol.
pub fn experiment_text(point: Point, replications: u64) -> String {
    format!(
        r#"
[experiment]
name = "scaling"
seed = 1
replications = {replications}

[base]
culture = "collaborative"
protocol = "mindset"
deadline = {DEADLINE}

[base.norms]
facilitator = true

[base.case_generator]
stakeholders = {}
issues = {}
options = {}
seed = {CASE_SEED}
"#,
        point.stakeholders, point.issues, point.options
    )
}

/// The plan of one point.
pub fn plan_for(point: Point, replications: u64) -> Result<Plan> {
    let text = experiment_text(point, replications);
    let file = ExperimentFile::parse(Source::from_text("scaling.toml", text))?;
    Plan::build(file, None)
}

/// Figures of one point at one thread count.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PointFigures {
    /// The point.
    pub point: Point,
    /// Worker threads.
    pub threads: usize,
    /// Processes per pass.
    pub processes: u64,
    /// Wall time per process (a pass divided by its processes).
    pub seconds_per_process: f64,
    /// Time to prepare the case once (outcome space included).
    pub prepare_seconds: f64,
    /// True if the outcome space was enumerated exactly.
    pub exact: bool,
    /// Pareto frontier points.
    pub frontier: usize,
    /// Peak resident memory of the whole run, in KiB, where the platform reports it.
    pub peak_kib: Option<u64>,
    /// Mean rounds per process.
    pub mean_rounds: f64,
    /// Share of processes that reached agreement.
    pub agreement_rate: f64,
}

/// Measures one point in this process: prepares its case once (timed), then runs passes of
/// all its processes on `threads` threads for at least `min_time`.
pub fn measure_point(
    point: Point,
    threads: usize,
    replications: u64,
    min_time: Duration,
) -> Result<PointFigures> {
    let generator = CaseGenerator {
        stakeholders: point.stakeholders,
        issues: point.issues,
        options: point.options,
        seed: Some(CASE_SEED),
        ..CaseGenerator::default()
    };
    generator.validate()?;
    let case = generator.generate(&mut StreamKey::new(CASE_SEED, 0).stream(Purpose::Case, 0));
    let clock = Instant::now();
    let prepared = PreparedCase::new(case, EXACT_BOUND);
    // What every process of the case shares: the search tables and the Nash point.
    prepared.derived(crate::metrics::search::nash_point);
    let prepare_seconds = clock.elapsed().as_secs_f64();
    let plan = plan_for(point, replications)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::input(format!("cannot start {threads} threads: {e}")))?;
    let count = plan.process_count();
    // Warm every thread (its schedules and its copy of the case), then check the outcomes.
    pool.broadcast(|_| simulate(&plan, 0, Observe::default()));
    let (rounds, agreements) = pool.install(|| {
        (0..count)
            .into_par_iter()
            .map(|id| {
                let r = simulate(&plan, id, Observe::default());
                (
                    r.outcome.rounds as u64,
                    r.outcome.agreement.is_some() as u64,
                )
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let mut passes = 0u32;
    let mut elapsed = Duration::ZERO;
    while passes == 0 || elapsed < min_time {
        let clock = Instant::now();
        pool.install(|| {
            (0..count).into_par_iter().for_each(|id| {
                std::hint::black_box(simulate(&plan, id, Observe::default()));
            })
        });
        elapsed += clock.elapsed();
        passes += 1;
    }
    Ok(PointFigures {
        point,
        threads,
        processes: count,
        seconds_per_process: elapsed.as_secs_f64() / (passes as f64 * count as f64),
        prepare_seconds,
        exact: OutcomeSpace::of(&prepared).exact,
        frontier: OutcomeSpace::of(&prepared).len(),
        peak_kib: peak_memory_kib(),
        mean_rounds: rounds as f64 / count as f64,
        agreement_rate: agreements as f64 / count as f64,
    })
}

/// Peak resident memory of this process in KiB (`VmHWM` in /proc/self/status), where the
/// platform has it.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Measures one point in a child process (so that its peak memory is its own).
pub fn measure_in_child(
    exe: &Path,
    point: Point,
    threads: usize,
    replications: u64,
    min_time: Duration,
) -> Result<PointFigures> {
    let out = Command::new(exe)
        .args(["bench", "scaling", "--point"])
        .arg(format!(
            "{},{},{}",
            point.stakeholders, point.issues, point.options
        ))
        .args(["--threads", &threads.to_string()])
        .args(["--replications", &replications.to_string()])
        .args(["--min-seconds", &min_time.as_secs_f64().to_string()])
        .output()
        .map_err(|e| Error::input(format!("cannot run {}: {e}", exe.display())))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(Error::input(format!(
            "measuring {point:?} on {threads} threads failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    serde_json::from_str(line)
        .map_err(|e| Error::input(format!("unexpected output measuring {point:?}: {e}")))
}

/// How far the approximate outcome space (supported points of weighted sums) is from the
/// exact one on a case small enough to enumerate.
#[derive(Clone, Debug)]
pub struct ApproximationError {
    /// The case size.
    pub point: Point,
    /// Exact frontier points.
    pub exact_frontier: usize,
    /// Approximate frontier points.
    pub approx_frontier: usize,
    /// Share of the exact frontier the approximation finds (same package).
    pub found_share: f64,
    /// Utility vectors the distances were measured on (agreements and random packages).
    pub samples: usize,
    /// Mean error of `pareto_distance` (exact minus approximate, never negative).
    pub pareto_mean: f64,
    /// Largest error of `pareto_distance`.
    pub pareto_max: f64,
    /// Share of samples whose `pareto_distance` differs at all.
    pub pareto_share_off: f64,
    /// 1 - (Nash product of the approximate Nash point) / (exact Nash product).
    pub nash_product_shortfall: f64,
    /// Distance between the exact and the approximate Nash points' utilities.
    pub nash_point_gap: f64,
}

/// Measures the approximation error on one case: the agreements of `replications` processes
/// of the point's experiment and as many random packages again serve as samples.
pub fn approximation_error(point: Point, replications: u64) -> Result<ApproximationError> {
    let plan = plan_for(point, replications)?;
    let mut samples: Vec<Vec<f64>> = Vec::new();
    let mut case = None;
    for id in 0..plan.process_count() {
        let r = simulate(&plan, id, Observe::default());
        if let Some(a) = &r.outcome.agreement {
            samples.push((0..r.case.n).map(|s| r.case.utility(s, a)).collect());
        }
        case = Some(r.case);
    }
    let case = case.ok_or_else(|| Error::input("no processes"))?;
    let mut rng = StreamKey::new(CASE_SEED, 1).stream(Purpose::Case, 1);
    let mut package = vec![0u8; case.k];
    for _ in 0..replications.max(100) {
        for (i, o) in package.iter_mut().enumerate() {
            *o = index(&mut rng, case.options[i]) as u8;
        }
        samples.push((0..case.n).map(|s| case.utility(s, &package)).collect());
    }
    let exact = OutcomeSpace::compute(&case, u64::MAX);
    let approx = OutcomeSpace::compute(&case, 0);
    let approx_packages: std::collections::HashSet<&[u8]> =
        (0..approx.len()).map(|p| approx.package(p)).collect();
    let found = (0..exact.len())
        .filter(|&p| approx_packages.contains(exact.package(p)))
        .count();
    let errors: Vec<f64> = samples
        .iter()
        .map(|u| (exact.pareto_distance(u) - approx.pareto_distance(u)).max(0.0))
        .collect();
    let product = |space: &OutcomeSpace| -> Option<f64> {
        space.nash.map(|p| {
            space
                .utilities(p)
                .iter()
                .zip(&case.batna)
                .map(|(u, b)| u - b)
                .product()
        })
    };
    let (nash_product_shortfall, nash_point_gap) =
        match (exact.nash, product(&exact), product(&approx)) {
            (Some(p), Some(e), Some(a)) => (
                1.0 - a / e,
                approx.nash_distance(exact.utilities(p)).unwrap_or(f64::NAN),
            ),
            _ => (f64::NAN, f64::NAN),
        };
    Ok(ApproximationError {
        point,
        exact_frontier: exact.len(),
        approx_frontier: approx.len(),
        found_share: found as f64 / exact.len().max(1) as f64,
        samples: samples.len(),
        pareto_mean: errors.iter().sum::<f64>() / errors.len().max(1) as f64,
        pareto_max: errors.iter().copied().fold(0.0, f64::max),
        pareto_share_off: errors.iter().filter(|&&e| e > 1e-12).count() as f64
            / errors.len().max(1) as f64,
        nash_product_shortfall,
        nash_point_gap,
    })
}

/// Case sizes small enough to enumerate on which the approximation is checked.
pub fn approximation_points() -> Vec<Point> {
    let p = |stakeholders, issues, options| Point {
        stakeholders,
        issues,
        options,
    };
    vec![
        p(2, 6, 5),
        p(3, 6, 5),
        p(5, 6, 5),
        p(3, 8, 5),
        p(8, 5, 5),
        p(3, 4, 20),
    ]
}

/// Markdown tables of a scaling run.
pub fn render(
    axes: &[(&str, Vec<(PointFigures, PointFigures)>)],
    errors: &[ApproximationError],
    replications: u64,
    command: &str,
    machine: &str,
) -> String {
    let mut s = String::new();
    s.push_str("## Scaling of negsim's own protocol\n\n");
    s.push_str(&format!(
        "Produced by `{command}` on {machine}. Each point is a generated structured case \
         (default issue mix; one case per point, seed {CASE_SEED}), the `collaborative` culture \
         with a facilitator, negsim's mindset round (dialogue, proposals, facilitator's single \
         text, responses, concession, emotion), deadline {DEADLINE} rounds, {replications} \
         replications. *Time per process* is the wall time of a pass over all processes divided \
         by their number, after a warm-up pass; *preparation* is the one-off cost of a case \
         (flattening it, its search tables and Nash point); *frontier points* are those of the \
         frontier a view would draw. *Peak memory* is \
         the high-water mark of resident memory of a process that prepares the case and runs \
         the point (each point runs in its own process). Figures vary between runs with what \
         else the machine is doing: run the command twice to see by how much.\n\n",
    ));
    for (axis, rows) in axes {
        s.push_str(&format!("### Against the number of {axis}\n\n"));
        s.push_str(
            "| stakeholders | issues | options | packages | outcome space | frontier points \
             | preparation (ms) | ms/process, 1 thread | ms/process, 2 threads | speed-up \
             | peak memory 1 / 2 threads (MiB) | mean rounds | agreements |\n",
        );
        s.push_str("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (one, two) in rows {
            let p = one.point;
            let mib = |k: Option<u64>| {
                k.map_or("n/a".to_string(), |k| format!("{:.1}", k as f64 / 1024.0))
            };
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {:.1} | {:.3} | {:.3} | {:.2} | {} / {} | {:.1} | {:.0}% |\n",
                p.stakeholders,
                p.issues,
                p.options,
                packages_label(p.packages()),
                if one.exact { "exact" } else { "approximate" },
                one.frontier,
                one.prepare_seconds * 1e3,
                one.seconds_per_process * 1e3,
                two.seconds_per_process * 1e3,
                one.seconds_per_process / two.seconds_per_process,
                mib(one.peak_kib),
                mib(two.peak_kib),
                one.mean_rounds,
                one.agreement_rate * 100.0
            ));
        }
        s.push('\n');
    }
    s.push_str("### The drawn frontier above the bound and its error\n\n");
    s.push_str(&format!(
        "The metrics in `processes.csv` (`pareto_distance`, `nash_distance`) are exact at any \
         size: they are found by branch and bound over issues, not read off a frontier. A whole \
         frontier is built only for the views that draw or narrate it (the bilateral dance \
         chart, teaching, `negsim check`): enumerated up to {EXACT_BOUND} packages \
         (`exact_outcome_bound`); above that exact for two stakeholders (merged issue by issue) \
         and, for more, approximated by the packages that maximise a weighted sum of the \
         stakeholders' utilities for {APPROXIMATION_WEIGHTS} weight vectors (each stakeholder \
         alone, all equal, the rest uniform at random), with the exact Nash point added. Each \
         such package is on the true frontier (a *supported* point); the approximation misses \
         the points in the dents of the frontier (not on its convex hull).\n\n\
         The drawn frontier's error against enumeration, on cases small enough for both, with \
         the agreements of the point's processes and random packages as samples (the distance \
         a sample would have to the drawn frontier; two stakeholders: none):\n\n",
    ));
    s.push_str(
        "| stakeholders | issues | options | packages | exact frontier | approximate frontier \
         | exact points found | samples | pareto_distance error: mean / max | samples off \
         | Nash product shortfall | Nash point gap |\n",
    );
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for e in errors {
        let p = e.point;
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {:.1}% | {} | {:.5} / {:.4} | {:.1}% | {:.2e} | {:.4} |\n",
            p.stakeholders,
            p.issues,
            p.options,
            packages_label(p.packages()),
            e.exact_frontier,
            e.approx_frontier,
            e.found_share * 100.0,
            e.samples,
            e.pareto_mean,
            e.pareto_max,
            e.pareto_share_off * 100.0,
            e.nash_product_shortfall,
            e.nash_point_gap
        ));
    }
    s.push_str(
        "\n*pareto_distance error*: exact minus approximate distance of a sample to the frontier \
         (utilities are in [0, 1]). *Nash product shortfall*: 1 - (product of surpluses over \
         BATNA at the approximate Nash point) / (at the exact one). *Nash point gap*: \
         Euclidean distance between the two Nash points' utility vectors.\n",
    );
    s
}

fn packages_label(p: u128) -> String {
    if p < 1_000_000 {
        p.to_string()
    } else {
        let e = (p as f64).log10().floor() as i32;
        format!("{:.1}e{e}", p as f64 / 10f64.powi(e))
    }
}

/// Marks the generated part of docs/performance.md.
pub const BEGIN: &str = "<!-- negsim bench scaling: begin (generated, do not edit) -->";
/// End marker.
pub const END: &str = "<!-- negsim bench scaling: end -->";

/// Replaces the marked section of `existing` with `section` (or appends it).
pub fn splice(existing: &str, section: &str) -> String {
    let block = format!("{BEGIN}\n{section}{END}\n");
    match (existing.find(BEGIN), existing.find(END)) {
        (Some(b), Some(e)) if e > b => {
            let rest = &existing[e + END.len()..];
            let rest = rest.strip_prefix('\n').unwrap_or(rest);
            format!("{}{block}{rest}", &existing[..b])
        }
        _ => {
            let mut s = existing.to_string();
            if !s.is_empty() && !s.ends_with("\n\n") {
                s.push_str(if s.ends_with('\n') { "\n" } else { "\n\n" });
            }
            s.push_str(&block);
            s
        }
    }
}

/// A short description of this machine: CPU model and logical cores.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} logical cores")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_the_marked_section() {
        let doc = format!("# Performance\n\nintro\n\n{BEGIN}\nold\n{END}\n\n## After\n");
        let new = splice(&doc, "new\n");
        assert_eq!(
            new,
            format!("# Performance\n\nintro\n\n{BEGIN}\nnew\n{END}\n\n## After\n")
        );
        assert_eq!(splice(&new, "new\n"), new);
        let appended = splice("# Performance\n", "x\n");
        assert_eq!(appended, format!("# Performance\n\n{BEGIN}\nx\n{END}\n"));
    }

    #[test]
    fn points_parse_and_count_packages() {
        let p = Point::parse("3, 4,20").unwrap();
        assert_eq!((p.stakeholders, p.issues, p.options), (3, 4, 20));
        assert_eq!(p.packages(), 160_000);
        assert!(Point::parse("3,4").is_err());
        assert!(Point::parse("a,b,c").is_err());
    }
}
