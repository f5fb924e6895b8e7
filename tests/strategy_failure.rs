//! A registered strategy that fails (panics, or makes a mistake such as an option its issue
//! does not have) stops the run: the processes before the first
//! one it failed in are written, none it touched is, and the folder is an unfinished run; a
//! stop request ends a run within the processes under way. One test function, since stop
//! requests are process-wide.

mod common;

use common::*;
use negsim::error::ErrorKind;
use negsim::experiment::runner::{self, RunOptions};
use negsim::protocol::statement::Statement;
use negsim::protocol::strategy::{self, Observation, Strategy};
use negsim::rng::{Stream, unit};
use std::path::Path;

/// Concedes linearly; in round 3 of about one process in four it panics (decided by its
/// seat's stream, so the same processes fail on any thread count).
struct Brittle {
    doomed: Option<bool>,
}

impl Strategy for Brittle {
    fn respond(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        let doomed = *self.doomed.get_or_insert_with(|| unit(rng) < 0.25);
        if doomed && o.round == 3 {
            panic!("brittle gave way in round {}", o.round);
        }
        o.offer_utility
            .is_some_and(|u| u >= o.best_utility * (1.0 - o.time))
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility * (1.0 - o.time), package);
    }
}

/// Asks the run to stop (as Ctrl-C would) at its first response, in the first process.
struct Stopper;

impl Strategy for Stopper {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        negsim::stop::request(2);
        true
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility, package);
    }
}

fn experiment(tactic: &str, replications: u32) -> String {
    format!(
        r#"
[experiment]
seed = 11
replications = {replications}
[base]
case = "job-offer"
protocol = "alternating_offers"
deadline = 12
[[condition]]
name = "c"
stakeholders = {{ candidate = {{ tactic = "{tactic}" }}, manager = {{ tactic = "conceder" }} }}
"#
    )
}

fn options(out: &Path, threads: usize, resume: bool) -> RunOptions {
    RunOptions {
        out: out.to_path_buf(),
        threads: Some(threads),
        quiet: true,
        force: false,
        resume,
        shard: None,
    }
}

/// The data rows of a CSV file.
fn rows(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn a_failing_strategy_stops_the_run_and_a_stop_request_stops_it_within_the_processes_under_way() {
    a_strategys_mistake_abandons_the_first_process_and_says_what_was_wrong(
        tempfile::tempdir().unwrap().path(),
    );
    strategy::register("test_brittle", |_| Box::new(Brittle { doomed: None })).unwrap();
    let plan = plan_from(&experiment("test_brittle", 40));
    let dir = tempfile::tempdir().unwrap();
    let mut prefixes = Vec::new();
    for threads in [1, 2] {
        let out = dir.path().join(format!("t{threads}"));
        let err = runner::run(&plan, &options(&out, threads, false)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Failed, "{err}");
        assert_eq!(err.exit_code(), 1);
        assert!(
            err.message.starts_with(
                "strategy `test_brittle` failed: panicked at tests/strategy_failure.rs:"
            ) && err.message.contains("brittle gave way in round 3"),
            "{err}"
        );
        assert!(err.hint.as_deref().unwrap().contains("--force"), "{err:?}");
        // The failed process is named (the first doomed one on this seed is process 1), and
        // exactly the processes before it are written.
        let failed = 1;
        assert!(
            err.message
                .ends_with("(process 1); the 1 process before the first it touched is written"),
            "{err}"
        );
        // An unfinished run, not a finished one: no manifest, a journal, partial files.
        assert!(!out.join("manifest.json").exists());
        assert!(out.join("progress.json").exists());
        let written = rows(&out.join("processes.csv.partial"));
        assert_eq!(written.len(), failed);
        assert!(written.iter().all(|r| !r.contains("walk_out")));
        prefixes.push(written);
    }
    assert_eq!(
        prefixes[0], prefixes[1],
        "the same processes on one thread and two"
    );

    // A resume with the same code fails again in the same process, adding nothing.
    let out = dir.path().join("t1");
    let again = runner::run(&plan, &options(&out, 1, true)).unwrap_err();
    assert_eq!(again.kind, ErrorKind::Failed, "{again}");
    assert_eq!(rows(&out.join("processes.csv.partial")), prefixes[0]);

    // A stop requested while a process runs: the processes under way finish, no new one
    // starts, what was simulated before the first skipped process is written, and the run
    // is resumable.
    strategy::register("test_stopper", |_| Box::new(Stopper)).unwrap();
    let plan = plan_from(&experiment("test_stopper", 30));
    let out = dir.path().join("stopped");
    let err = runner::run(&plan, &options(&out, 1, false)).unwrap_err();
    negsim::stop::INTERRUPTED.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(err.kind, ErrorKind::Interrupted, "{err}");
    assert!(
        err.message
            .starts_with("interrupted after 1 of 30 processes"),
        "{err}"
    );
    assert_eq!(rows(&out.join("processes.csv.partial")).len(), 1);
    assert!(!out.join("manifest.json").exists());
}

/// Makes one mistake a strategy can make, every time it is asked.
struct Mistaken {
    mistake: &'static str,
}

impl Strategy for Mistaken {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        match self.mistake {
            "option" => package[1] = 9,
            "nan" => o.package_near(f64::NAN, package),
            _ => o.package_near(o.best_utility, package),
        }
    }
    fn disclose(&mut self, o: &Observation<'_>, _: &mut Stream) -> Option<Statement> {
        (self.mistake == "issue").then_some(Statement {
            issue: o.case.k,
            bluff: false,
        })
    }
}

/// A strategy's mistake abandons the first process and says what was wrong (called by the
/// one test: registrations are process-wide, and a resume compares them).
fn a_strategys_mistake_abandons_the_first_process_and_says_what_was_wrong(dir: &Path) {
    for (mistake, protocol, said) in [
        (
            "option",
            "alternating_offers",
            "strategy `test_mistaken_option` failed: propose() put option 9 on issue 1 \
             (`bonus`), which has options 0 to 3 (process 0); no process is written",
        ),
        (
            "issue",
            "mindset",
            "strategy `test_mistaken_issue` failed: disclose() named issue 8; the case's issues \
             are numbered 0 to 7 (process 0); no process is written",
        ),
        (
            "nan",
            "alternating_offers",
            "package_near() was given a target that is not a number (NaN) (process 0)",
        ),
    ] {
        let name = format!("test_mistaken_{mistake}");
        strategy::register(&name, move |_| Box::new(Mistaken { mistake })).unwrap();
        let text = experiment(&name, 3)
            .replace("alternating_offers", protocol)
            .replace(
                "conceder",
                if protocol == "mindset" {
                    "mindset"
                } else {
                    "conceder"
                },
            );
        let out = dir.join(mistake);
        let err = runner::run(&plan_from(&text), &options(&out, 1, false)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Failed, "{err}");
        assert!(err.message.contains(said), "{mistake}: {err}");
        assert!(rows(&out.join("processes.csv.partial")).is_empty());
    }
}
