//! Scientific validation: the published findings of `experiments/validation/`, the report
//! of `negsim validate-findings`, and what bad finding sections get.

mod common;

use common::*;
use negsim::validation::measure::Interval;
use negsim::validation::{self, FindingRun, Options};
use std::path::Path;
use std::process::Command;

/// Runs one bundled finding at its quick replications (fixed seed: the file's).
fn quick(finding: &str) -> FindingRun {
    let opts = Options {
        dir: root().join("experiments/validation"),
        out: scratch_in("validation-findings", finding),
        quick: true,
        threads: Some(2),
        quiet: true,
        seeds: 1,
    };
    let path = root().join(format!("experiments/validation/{finding}.toml"));
    validation::run_finding(&path, &opts).expect("the finding runs")
}

/// Verdict and estimate of the check whose claim starts with `claim`.
fn check<'a>(run: &'a FindingRun, claim: &str) -> (bool, &'a validation::measure::CheckEstimate) {
    let c = run
        .finding
        .checks
        .iter()
        .position(|c| c.claim.starts_with(claim))
        .unwrap_or_else(|| panic!("{}: no check `{claim}`", run.name));
    (run.verdicts[c].pass(), &run.estimates[c])
}

fn validate(args: &[&str]) -> std::process::Output {
    Command::new(negsim())
        .current_dir(root())
        .arg("validate-findings")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn dual_concern_problem_solving_beats_yielding_which_is_fastest_and_contending_fails_most() {
    let run = quick("dual-concern");
    for claim in [
        "Problem solving reaches a higher joint utility than yielding",
        "Problem solving reaches a higher joint utility than avoiding",
        "Yielding settles in fewer rounds than problem solving",
        "Contending agrees less often than problem solving",
        "Contending agrees less often than yielding",
        "Contending agrees less often than avoiding",
    ] {
        let (pass, e) = check(&run, claim);
        assert!(pass, "{claim}: {e:?}");
    }
    let (_, e) = check(&run, "Yielding settles in fewer rounds");
    assert!(e.value < -10.0, "yielding - problem solving rounds {e:?}");
    // Yielders choose concessions by what they give, not by what they cost (cost sensitivity):
    // the gap is clear, not a hair's breadth.
    let (_, e) = check(
        &run,
        "Problem solving reaches a higher joint utility than yielding",
    );
    assert!(e.low > 0.005, "{e:?}");
    // Other-concern as the source studies define it (concern for the other party, no third
    // party): problem solvers beat contenders too.
    let (pass, e) = check(
        &run,
        "Problem solving reaches a higher joint utility than contending",
    );
    assert!(pass, "{e:?}");
}

#[test]
fn decision_rule_unanimity_integrates_more_and_majority_distributes_less_equally() {
    let run = quick("decision-rule");
    assert_eq!(run.passed(), 3, "{:?}", run.estimates);
    let (_, e) = check(&run, "Majority agreements leave the worst-off");
    assert!(e.value < -0.05, "{e:?}");
    assert_eq!(
        e.interval,
        Interval::Welch,
        "agreements only: different processes"
    );
    assert!(e.effect_size < -0.5, "a large effect: {e:?}");
}

#[test]
fn agenda_sequential_under_majority_is_worst() {
    let run = quick("agenda");
    assert_eq!(run.passed(), 4, "{:?}", run.estimates);
}

#[test]
fn group_size_more_parties_agree_less_and_later() {
    let run = quick("group-size");
    let (pass, e) = check(
        &run,
        "In the positional culture, tables of 12 agree less often",
    );
    assert!(pass && e.value < -0.2, "{e:?}");
    let (pass, e) = check(&run, "In the mixed culture, tables of 12 take more rounds");
    assert!(pass && e.value > 2.0, "{e:?}");
}

#[test]
fn impasse_aversion_puts_some_positional_agreements_below_a_batna() {
    let run = quick("impasse-aversion");
    assert_eq!(run.passed(), 5, "{:?}", run.estimates);
    let (_, e) = check(&run, "Some positional agreements leave a stakeholder below");
    assert!(e.value > 0.03 && e.value < 0.3, "{e:?}");
    assert_eq!(e.interval, Interval::Wilson);
}

#[test]
fn efficiency_gap_positional_pairs_leave_about_a_third_of_the_value() {
    let run = quick("efficiency-gap");
    assert_eq!(run.passed(), 3, "{:?}", run.estimates);
    let (_, positional) = check(&run, "Positional pairs reach");
    let (_, collaborative) = check(&run, "Collaborative pairs come close");
    assert!(
        positional.value > 0.4 && positional.value < 0.7,
        "{positional:?}"
    );
    assert!(
        collaborative.value > 0.9 && collaborative.value <= 1.0,
        "{collaborative:?}"
    );
}

#[test]
fn fixed_pie_positional_pairs_settle_lose_lose_and_stay_misinformed() {
    let run = quick("fixed-pie");
    let (pass, e) = check(&run, "Lose-lose agreements are rare in collaborative pairs");
    assert!(pass && e.value == 0.0, "{e:?}");
    let (pass, e) = check(&run, "After a quarter of the deadline");
    assert!(pass, "{e:?}");
    let (pass, e) = check(&run, "Positional pairs end with less accurate beliefs");
    assert!(pass, "{e:?}");
    // About one positional agreement in five settles a compatible issue lose-lose.
    let (pass, e) = check(&run, "A sizeable share of positional agreements");
    assert!(pass && e.value > 0.15 && e.value < 0.35, "{e:?}");
}

#[test]
fn toughness_boulware_wins_against_conceder_and_deadlocks_against_itself() {
    let run = quick("toughness");
    assert_eq!(run.passed(), 5, "{:?}", run.estimates);
    let (_, e) = check(&run, "Against a Conceder, the Boulware negotiator");
    assert!(e.value > 0.05, "{e:?}");
    assert_eq!(
        e.interval,
        Interval::PairedT,
        "seats of the same processes pair up"
    );
}

#[test]
fn facilitation_helps_most_where_the_culture_is_positional() {
    let run = quick("facilitation");
    assert_eq!(run.passed(), 4, "{:?}", run.estimates);
    let (_, e) = check(&run, "The facilitator's gain in joint utility is larger");
    assert!(e.value > 0.0 && e.interval == Interval::PairedT, "{e:?}");
}

#[test]
fn reciprocity_tit_for_tat_cooperates_and_resists_exploitation() {
    let run = quick("reciprocity");
    assert_eq!(run.passed(), 4, "{:?}", run.estimates);
    let (_, e) = check(
        &run,
        "With a cooperative counterpart, tit-for-tat reaches agreement",
    );
    assert!(e.value > 0.95, "{e:?}");
}

#[test]
fn quick_run_keeps_every_check_that_passes_in_the_committed_full_run() {
    let out = scratch_in("validation-cli", "quick");
    let o = validate(&[
        "--quick",
        "--quiet",
        "--threads",
        "1",
        "--expect",
        "docs/validation.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stdout.contains("checks pass"), "{stdout}");
    let md = std::fs::read_to_string(out.join("validation.md")).unwrap();
    assert!(md.contains("negsim validate-findings --quick"), "{md}");
    let csv = std::fs::read_to_string(out.join("validation.csv")).unwrap();
    let committed = std::fs::read_to_string(root().join("docs/validation.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        committed.lines().count(),
        "same checks"
    );
    for finding in [
        "agenda",
        "decision-rule",
        "dual-concern",
        "efficiency-gap",
        "facilitation",
        "fixed-pie",
        "group-size",
        "impasse-aversion",
        "reciprocity",
        "toughness",
    ] {
        assert!(
            out.join(finding).join("processes.csv").is_file(),
            "{finding} run kept"
        );
    }
}

#[test]
fn committed_report_is_what_the_full_run_writes_at_any_thread_count() {
    // docs/validation.md and docs/validation.csv are regenerated with
    // `negsim validate-findings --publish docs --expect docs/validation.csv`; a model change
    // that moves any figure must regenerate them.
    let out = scratch_in("validation-cli", "full");
    let o = validate(&[
        "--quiet",
        "--strict",
        "--threads",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    // Every check passes on all three seeds, so --strict exits with code 0.
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("43 of 43 checks pass"), "{stdout}");
    for file in ["validation.md", "validation.csv"] {
        let now = std::fs::read_to_string(out.join(file)).unwrap();
        let committed = std::fs::read_to_string(root().join("docs").join(file)).unwrap();
        assert!(
            now == committed,
            "docs/{file} is out of date: regenerate it with \
             `negsim validate-findings --publish docs --expect docs/validation.csv`"
        );
    }
}

/// Writes a validation folder with one experiment and runs `validate-findings` on it.
fn validate_text(name: &str, text: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let findings = dir.path().join("findings");
    std::fs::create_dir_all(&findings).unwrap();
    std::fs::write(findings.join(name), text).unwrap();
    let o = validate_folder(&findings, &dir.path().join("out"), &[]);
    (o, dir)
}

/// Runs `validate-findings --quiet` on a folder of findings into `out`.
fn validate_folder(findings: &Path, out: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--quiet",
        "--dir",
        findings.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    validate(&args)
}

const GOOD: &str = r#"
[experiment]
seed = 4
replications = 30
[base]
case = "job-offer"
[[condition]]
name = "collaborative"
culture = "collaborative"
[[condition]]
name = "positional"
culture = "positional"
[finding]
title = "Culture"
source = "A test"
hypothesis = "Collaborative pairs create more joint value."
[[finding.checks]]
claim = "Collaborative beats positional"
metric = "joint_utility"
terms = [{ condition = "collaborative" }, { condition = "positional", weight = -1 }]
"#;

#[test]
fn a_users_own_finding_runs_and_is_reported() {
    let (o, dir) = validate_text("culture.toml", GOOD);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read_to_string(dir.path().join("out/validation.md")).unwrap();
    assert!(md.contains("1 of 1 checks pass"), "{md}");
    assert!(md.contains("| 1. Collaborative beats positional | joint_utility | collaborative - positional | 30 |"), "{md}");
    // The experiment is also an ordinary experiment.
    let file = dir.path().join("findings/culture.toml");
    let run = negsim_run(&[
        "run",
        file.to_str().unwrap(),
        "--quiet",
        "--no-plots",
        "--out",
        dir.path().join("plain").to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn every_finding_runs_on_three_seeds_with_cohens_d_beside_the_sources() {
    let text = GOOD.replace("terms = [", "source_d = 0.8\nterms = [");
    let (o, dir) = validate_text("culture.toml", &text);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The console shows every seed's estimate.
    let stdout = String::from_utf8_lossy(&o.stdout);
    for seed in ["seed 4:", "seed 5:", "seed 6:"] {
        assert!(stdout.contains(seed), "{seed} in {stdout}");
    }
    // validation.csv: one row per seed, the file's first, each with its d and the source's.
    let csv = std::fs::read_to_string(dir.path().join("out/validation.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let col = |name: &str| header.iter().position(|&c| c == name).unwrap();
    let seeds: Vec<&str> = rows.iter().map(|r| r[col("seed")]).collect();
    assert_eq!(seeds, vec!["4", "5", "6"], "{csv}");
    for r in &rows {
        let d: f64 = r[col("cohens_d")].parse().unwrap();
        assert!(d > 0.0, "collaborative beats positional: d {d}");
        assert_eq!(r[col("source_d")], "0.8");
    }
    // Each seed ran into its own folder.
    for folder in ["culture", "culture-seed-5", "culture-seed-6"] {
        assert!(
            dir.path()
                .join("out")
                .join(folder)
                .join("processes.csv")
                .is_file()
        );
    }
    let md = std::fs::read_to_string(dir.path().join("out/validation.md")).unwrap();
    for part in [
        "1 of 1 checks pass on every seed",
        "seed + 1 | seed + 2 | d | source d |",
        "| 0.80 | > 0 | PASS |",
        "seed 4, 5, 6",
        "The same checks with the other seeds",
    ] {
        assert!(md.contains(part), "missing {part:?} in {md}");
    }
    // One seed on request.
    let one = dir.path().join("one");
    let o = validate_folder(&dir.path().join("findings"), &one, &["--seeds", "1"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(one.join("validation.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let md = std::fs::read_to_string(one.join("validation.md")).unwrap();
    assert!(md.contains("validate-findings --seeds 1`"), "{md}");
    assert!(!md.contains("seed + 1"), "{md}");
}

#[test]
fn bad_finding_sections_are_reported_with_file_line_and_hint() {
    let cases: &[(&str, String, &[&str])] = &[
        (
            "unknown-condition.toml",
            GOOD.replace(
                "{ condition = \"positional\", weight",
                "{ condition = \"positonal\", weight",
            ),
            &[
                "unknown condition `positonal`",
                "line 20",
                "the conditions are: collaborative, positional",
            ],
        ),
        (
            "unknown-metric.toml",
            GOOD.replace("metric = \"joint_utility\"", "metric = \"joint_value\""),
            &[
                "`joint_value` is not a metric of processes.csv",
                "joint_utility",
            ],
        ),
        (
            "stakeholder-metric.toml",
            GOOD.replace(
                "{ condition = \"collaborative\" }",
                "{ condition = \"collaborative\", stakeholder = \"candidate\" }",
            ),
            &[
                "`joint_utility` is not a metric of stakeholders.csv",
                "utility",
            ],
        ),
        (
            "unknown-key.toml",
            GOOD.replace(
                "claim = \"Collaborative",
                "expected = \"above\"\nclaim = \"Collaborative",
            ),
            &["expected", "line 18"],
        ),
        (
            "zero-weight.toml",
            GOOD.replace("weight = -1", "weight = 0"),
            &["non-zero"],
        ),
        (
            "bad-size.toml",
            GOOD.replace("terms = [", "size = [0.5, 0.1]\nterms = ["),
            &["is not a range"],
        ),
        (
            "bad-source-d.toml",
            GOOD.replace("terms = [", "source_d = nan\nterms = ["),
            &["`source_d` must be a finite number", "Cohen's d"],
        ),
        (
            "no-checks.toml",
            GOOD.split("[[finding.checks]]").next().unwrap().to_string(),
            &["missing field `checks`"],
        ),
        (
            "unknown-stakeholder.toml",
            GOOD.replace(
                "{ condition = \"collaborative\" }",
                "{ condition = \"collaborative\", stakeholder = \"recruiter\", metric = \"utility\" }",
            ),
            &["has no stakeholder `recruiter`", "candidate, manager", "line 20"],
        ),
        (
            "sweep.toml",
            format!("{GOOD}\n[sweep]\ndeadline = [10, 20]\n"),
            &["no [sweep]", "[[condition]]"],
        ),
    ];
    for (name, text, expect) in cases {
        // Bad findings are bad experiments too: `negsim run` rejects them the same way.
        if !name.starts_with("sweep") && !name.starts_with("unknown-stakeholder") {
            run_fails(name, text, expect);
        }
        let (o, dir) = validate_text(name, text);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(stderr.contains(name), "{name} names the file: {stderr}");
        for e in *expect {
            assert!(stderr.contains(e), "{name}: expected `{e}` in: {stderr}");
        }
        assert!(!dir.path().join("out").exists(), "{name}: nothing written");
    }
}

#[test]
fn a_folder_without_findings_and_a_missing_expectation_are_errors() {
    let (o, _dir) = validate_text(
        "plain.toml",
        "[experiment]\nreplications = 2\n[base]\ncase = \"job-offer\"\n",
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no [finding] section"), "{stderr}");
    let o = validate(&["--quick", "--expect", "docs/nothing.csv"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("docs/nothing.csv"), "{stderr}");
    let empty = tempfile::tempdir().unwrap();
    let o = validate(&["--dir", empty.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no validation experiments"));
    assert!(!Path::new(&empty.path().join("validation.md")).exists());
}

#[test]
fn two_findings_with_one_name_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let findings = dir.path().join("findings");
    std::fs::create_dir_all(&findings).unwrap();
    let named = GOOD.replace("seed = 4", "name = \"culture\"\nseed = 4");
    std::fs::write(findings.join("a.toml"), &named).unwrap();
    std::fs::write(findings.join("b.toml"), &named).unwrap();
    let out = dir.path().join("out");
    let o = validate_folder(&findings, &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    for part in [
        "two validation experiments are named `culture`",
        "b.toml",
        "line 3",
        "experiment.name",
        "its own [experiment] name",
    ] {
        assert!(stderr.contains(part), "missing {part:?} in {stderr}");
    }
    assert!(!out.exists(), "nothing written");
}

#[test]
fn an_expected_pass_whose_claim_changed_is_reported_not_compared() {
    let (o, dir) = validate_text("culture.toml", GOOD);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = dir.path().join("out/validation.csv");
    let file = dir.path().join("findings/culture.toml");
    std::fs::write(
        &file,
        GOOD.replace("Collaborative beats positional", "Collaboration wins"),
    )
    .unwrap();
    let o = validate_folder(
        &dir.path().join("findings"),
        &dir.path().join("again"),
        &["--expect", expected.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "check 1 is now \"Collaboration wins\", not \"Collaborative beats positional\""
        ),
        "{stderr}"
    );
}

#[test]
fn an_interval_that_does_not_exist_is_left_empty_in_validation_csv() {
    // One replication: a mean difference without an interval.
    let (_, dir) = validate_text(
        "one.toml",
        &GOOD.replace("replications = 30", "replications = 1"),
    );
    let csv = std::fs::read_to_string(dir.path().join("out/validation.csv")).unwrap();
    assert!(!csv.contains("NaN"), "{csv}");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let field = |name: &str| row[header.iter().position(|&c| c == name).unwrap()];
    assert!(field("estimate").parse::<f64>().is_ok(), "{csv}");
    assert_eq!((field("ci_low"), field("ci_high")), ("", ""), "{csv}");
    assert_eq!(field("n"), "1");
}
