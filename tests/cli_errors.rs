//! Bad input: every mistake gets a clear message naming the file, the key and the line where
//! the parser knows it, exit code 2, no panic, and no output directory or partial file.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const CASE_HEADER: &str = "[experiment]\nseed = 1\nreplications = 2\n[base]\n";

fn check_fails(name: &str, text: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out = Command::new(negsim())
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(
        stderr.contains(name) && !stderr.contains("panicked"),
        "{stderr}"
    );
    for e in expect {
        assert!(stderr.contains(e), "{name}: expected `{e}` in: {stderr}");
    }
}

/// Runs negsim with `args` from the project folder and asserts exit code 2, no panic, and
/// every one of `expect` in the message; returns the message.
fn command_fails(args: &[&str], expect: &[&str]) -> String {
    let out = Command::new(negsim())
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{args:?}: expected `{e}` in: {stderr}");
    }
    stderr.into_owned()
}

/// A command's first argument typed as an option gets the command line that works, in the
/// user's own words, instead of clap's tip to write `-- --case` (in Dutch with `--lang nl`:
/// see teaching_cli).
#[test]
fn an_argument_typed_as_an_option_gets_the_command_line_that_works() {
    command_fails(
        &[
            "demo",
            "--case",
            "job-offer",
            "--culture",
            "collaborative",
            "--lang",
            "en",
        ],
        &[
            "`--case` is not an option of `demo`: give the case right after `demo`, without a flag",
            "hint: negsim demo job-offer --culture collaborative --lang en\n",
        ],
    );
    command_fails(
        &["play", "--case=job-offer", "--seat", "works council"],
        &["hint: negsim play job-offer --seat 'works council'\n"],
    );
    command_fails(
        &[
            "run",
            "--experiment",
            "experiments/quickstart.toml",
            "--threads",
            "1",
        ],
        &[
            "give the experiment right after `run`",
            "hint: negsim run experiments/quickstart.toml --threads 1\n",
        ],
    );
    // A negative number for an option that counts from 0 is told as that, not as an unknown
    // option `-1` with a tip (`-- -1`) that fails.
    command_fails(
        &["run", "experiments/quickstart.toml", "--seed", "-1", "-q"],
        &[
            "key `--seed`: `-1` is negative; `--seed` takes a number of 0 or more",
            "hint: e.g. --seed 1\n",
        ],
    );
    // A file of settings answers to the names other tools give it.
    command_fails(
        &["check", "--config", "experiments/quickstart.toml"],
        &[
            "`--config` is not an option of `check`: give the file right after `check`",
            "hint: negsim check experiments/quickstart.toml\n",
        ],
    );
    command_fails(
        &["run", "--file=experiments/quickstart.toml", "-q"],
        &["hint: negsim run experiments/quickstart.toml -q\n"],
    );
    // Without its value, the value's place is named.
    command_fails(
        &["demo", "--culture", "mixed", "--case"],
        &["hint: negsim demo CASE --culture mixed\n"],
    );
    // Any other unknown option is clap's to tell, and so is a line that would still not parse
    // with the case moved: a case given twice, a replay code, another unknown option, or a
    // `--case` after `--`.
    command_fails(
        &["demo", "job-offer", "--colour", "always"],
        &["'--colour'"],
    );
    for line in [
        &[
            "demo",
            "job-offer",
            "--case",
            "park-redesign",
            "--culture",
            "mixed",
        ][..],
        &[
            "demo",
            "--replay",
            "job-offer:positional:s1:d30",
            "--case",
            "job-offer",
        ],
        &[
            "demo",
            "--bogus",
            "--case",
            "job-offer",
            "--culture",
            "mixed",
        ],
        &["demo", "--case", "a", "--case", "b", "--culture", "mixed"],
        &["demo", "--culture", "mixed", "--", "--case"],
    ] {
        let stderr = command_fails(line, &[]);
        assert!(!stderr.contains("hint: negsim demo"), "{line:?}: {stderr}");
    }
    // An empty value is named by its place.
    command_fails(
        &["demo", "--case=", "--culture", "mixed"],
        &["hint: negsim demo CASE --culture mixed\n"],
    );
}

#[test]
fn missing_file() {
    let out = Command::new(negsim())
        .args(["run", "no/such/experiment.toml", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("file not found"));
}

#[test]
fn toml_syntax_error_names_the_line() {
    run_fails(
        "syntax.toml",
        "[experiment]\nseed = 1\n[base\ncase = \"job-offer\"\n",
        &["line 3"],
    );
}

#[test]
fn a_key_or_table_set_twice_is_named() {
    check_fails(
        "twice.toml",
        "[experiment]\nseed = 1\nseed = 2\n[base]\ncase = \"job-offer\"\n",
        &["line 3", "`seed` is set twice", "keep one"],
    );
    check_fails(
        "table_twice.toml",
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[base]\nculture = \"mixed\"\n",
        &["line 5", "`base` is set twice"],
    );
}

#[test]
fn a_bad_value_under_a_quoted_sweep_key_is_found_on_its_line() {
    check_fails(
        "sweep_value.toml",
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[sweep]\n\"parameters.stress_rate\" = [0.1, \"x\"]\n",
        &["line 6", "sweep.parameters.stress_rate"],
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    run_fails(
        "unknown.toml",
        &format!("{CASE_HEADER}case = \"job-offer\"\ncultur = \"positional\"\n"),
        &["line 6", "base.cultur", "did you mean `culture`"],
    );
}

#[test]
fn unknown_top_level_table() {
    run_fails(
        "top.toml",
        "[experiments]\nseed = 1\n",
        &[
            "line 1",
            "unknown key `experiments`",
            "did you mean `experiment`",
        ],
    );
}

#[test]
fn wrong_type() {
    run_fails(
        "type.toml",
        &format!("{CASE_HEADER}case = \"job-offer\"\ndeadline = \"ten\"\n"),
        &["line 6", "base.deadline", "whole number"],
    );
}

#[test]
fn trait_outside_unit_interval() {
    run_fails(
        "trait.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\n[base.stakeholders.candidate]\nopenness = 1.5\n"
        ),
        &[
            "line 7",
            "stakeholders.candidate.openness",
            "between 0 and 1",
        ],
    );
    run_fails(
        "mean.toml",
        &format!("{CASE_HEADER}case = \"job-offer\"\ntraits.empathy.mean = -0.2\n"),
        &["traits.empathy.mean", "between 0 and 1"],
    );
}

#[test]
fn unknown_culture_and_decision_rule() {
    run_fails(
        "culture.toml",
        &format!("{CASE_HEADER}case = \"job-offer\"\nculture = \"colaborative\"\n"),
        &[
            "line 6",
            "unknown culture `colaborative`",
            "did you mean `collaborative`",
        ],
    );
    run_fails(
        "rule.toml",
        &format!("{CASE_HEADER}case = \"job-offer\"\nnorms.decision_rule = \"dictator\"\n"),
        &["line 6", "decision_rule", "unknown value `dictator`"],
    );
}

#[test]
fn deadline_zero() {
    run_fails(
        "deadline.toml",
        &format!("{CASE_HEADER}case = \"job-offer\"\ndeadline = 0\n"),
        &["line 6", "at least 1 round"],
    );
}

#[test]
fn unknown_case_and_stakeholder() {
    run_fails(
        "case.toml",
        &format!("{CASE_HEADER}case = \"job-ofer\"\n"),
        &["unknown case `job-ofer`", "did you mean `job-offer`"],
    );
    run_fails(
        "pin.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\n[base.stakeholders.candidat]\nopenness = 0.5\n"
        ),
        &["no stakeholder `candidat`", "did you mean `candidate`"],
    );
}

const TWO_STAKEHOLDERS: &str = "\n[[stakeholders]]\nkey = \"s2\"\nbatna = 0.2\nweights = { a = 1 }\nvalues = { a = [0.0, 1.0] }\n";

#[test]
fn case_file_mistakes() {
    let issue = "world_threshold = 0.5\n[[issues]]\nkey = \"a\"\noptions = [{ key = \"x\" }, { key = \"y\" }]\n";
    check_fails(
        "negative.toml",
        &format!(
            "{issue}[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = -1 }}\nvalues = {{ a = [1.0, 0.0] }}{TWO_STAKEHOLDERS}"
        ),
        &["line 8", "stakeholders.0.weights.a", "0 or more"],
    );
    check_fails(
        "zero.toml",
        &format!(
            "{issue}[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = 0 }}\nvalues = {{ a = [1.0, 0.0] }}{TWO_STAKEHOLDERS}"
        ),
        &["line 8", "all weights", "zero"],
    );
    // Each weight is finite, but their sum is not: normalised, every weight would be 0.
    let two_issues = "world_threshold = 0.5\n[[issues]]\nkey = \"a\"\noptions = [{ key = \"x\" }, { key = \"y\" }]\n[[issues]]\nkey = \"b\"\noptions = [{ key = \"x\" }, { key = \"y\" }]\n";
    check_fails(
        "huge_weights.toml",
        &format!(
            "{two_issues}[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = 1.7e308, b = 1.7e308 }}\nvalues = {{ a = [1.0, 0.0], b = [1.0, 0.0] }}\n\
             [[stakeholders]]\nkey = \"s2\"\nbatna = 0.2\nweights = {{ a = 1, b = 1 }}\nvalues = {{ a = [0.0, 1.0], b = [0.0, 1.0] }}\n"
        ),
        &[
            "stakeholders.0.weights",
            "add up to more than the largest number",
            "scale them down",
        ],
    );
    check_fails(
        "one_option.toml",
        "world_threshold = 0.5\n[[issues]]\nkey = \"a\"\noptions = [{ key = \"x\" }]\n[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = { a = 1 }\nvalues = { a = [1.0] }\n",
        &["line 4", "at least 2 options"],
    );
    check_fails(
        "one_stakeholder.toml",
        &format!(
            "{issue}[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = 1 }}\nvalues = {{ a = [1.0, 0.0] }}\n"
        ),
        &["at least 2 stakeholders"],
    );
    // A key missing at the top level is named without blaming the file's first key.
    check_fails(
        "no_issues.toml",
        "title = \"x\"\nworld_threshold = 0.5\n[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {}\nvalues = {}\n",
        &["the file does not set `issues`", "hint: add `issues`"],
    );
    // Keys write packages as issue=option;issue=option.
    for (key_line, expect) in [
        ("key = \"a=b\"", "issue key `a=b` holds `=` or `;`"),
        ("key = \"  \"", "an issue key must not be empty"),
    ] {
        check_fails(
            "package_key.toml",
            &format!(
                "world_threshold = 0.5\n[[issues]]\n{key_line}\noptions = [{{ key = \"x\" }}, {{ key = \"y;z\" }}]\n[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = 1 }}\nvalues = {{ a = [1.0, 0.0] }}{TWO_STAKEHOLDERS}"
            ),
            &["line 3", expect],
        );
    }
    check_fails(
        "option_key.toml",
        &format!(
            "world_threshold = 0.5\n[[issues]]\nkey = \"a\"\noptions = [{{ key = \"x\" }}, {{ key = \"y;z\" }}]\n[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = 1 }}\nvalues = {{ a = [1.0, 0.0] }}{TWO_STAKEHOLDERS}"
        ),
        &["line 4", "issues.0.options.1.key", "option key `y;z` holds"],
    );
    // The words for asking more or less of an issue: optional, but whole when given.
    for (comparative, expect) in [
        (
            "comparative = { more = { en = \"more x\", nl = \" \" }, less = \"less x\" }",
            vec![
                "line 4",
                "issues.0.comparative.more.nl",
                "the nl words for asking more of issue `a` are empty",
                "hint: write what running text says",
            ],
        ),
        (
            "comparative = { more = \"more x\" }",
            vec!["line 4", "less"],
        ),
        (
            "comparative = { more = \"more x\", less = \"less x\", most = \"most x\" }",
            vec!["line 4", "most"],
        ),
    ] {
        check_fails(
            "comparative.toml",
            &format!(
                "world_threshold = 0.5\n[[issues]]\nkey = \"a\"\n{comparative}\noptions = [{{ key = \"x\" }}, {{ key = \"y\" }}]\n[[stakeholders]]\nkey = \"s1\"\nbatna = 0.2\nweights = {{ a = 1 }}\nvalues = {{ a = [1.0, 0.0] }}{TWO_STAKEHOLDERS}"
            ),
            &expect,
        );
    }
    // Stakeholder keys name seats: `play --seat KEY`, `--set KEY.trait=VALUE`.
    for (key, expect) in [
        ("", "a stakeholder key must not be empty"),
        ("a=b", "stakeholder key `a=b` holds `=`"),
    ] {
        check_fails(
            "stakeholder_key.toml",
            &format!(
                "{issue}[[stakeholders]]\nkey = \"{key}\"\nbatna = 0.2\nweights = {{ a = 1 }}\nvalues = {{ a = [1.0, 0.0] }}{TWO_STAKEHOLDERS}"
            ),
            &["stakeholders.0.key", expect],
        );
    }
}

#[test]
fn a_case_file_that_is_not_text_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("latin1-case.toml");
    std::fs::write(&case, b"title = \"caf\xe9\"\n").unwrap();
    check_fails(
        "names_a_latin1_case.toml",
        &format!("{CASE_HEADER}case = \"{}\"\n", case.display()),
        &[
            "line 5",
            "latin1-case.toml is not UTF-8 text",
            "hint: save it as UTF-8",
        ],
    );
}

#[test]
fn a_case_file_used_as_an_experiment() {
    run_fails(
        "a_case.toml",
        "world_threshold = 0.5\n[[issues]]\nkey = \"a\"\n",
        &["case file, not an experiment"],
    );
}

#[test]
fn check_describes_valid_files() {
    for f in [
        "experiments/quickstart.toml",
        "configs/cases/job-offer.toml",
        "configs/cultures/collaborative.toml",
    ] {
        let out = Command::new(negsim())
            .current_dir(root())
            .args(["check", f])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("is valid"));
    }
}

#[test]
fn check_shows_the_tactic_a_culture_seats() {
    let dir = tempfile::tempdir().unwrap();
    let culture = std::fs::read_to_string(root().join("configs/cultures/positional.toml"))
        .unwrap()
        .replacen("name = ", "tactic = \"boulware\"\nname = ", 1);
    let file = dir.path().join("boulware-people.toml");
    std::fs::write(&file, culture).unwrap();
    for (f, tactic) in [
        (file.to_str().unwrap(), "  tactic: boulware\n"),
        (
            "configs/cultures/positional.toml",
            "  tactic: mindset (negsim's own round, the traits above)\n",
        ),
    ] {
        let out = Command::new(negsim())
            .current_dir(root())
            .args(["check", f])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains(tactic), "{f}: {text}");
    }
}

#[test]
fn classic_tactics_on_an_outcome_space_too_large_to_search() {
    // 40 issues of 10 options: 10^40 packages. The meet-in-the-middle search of classic tactics
    // would need more memory than exists; the run is refused before anything is written.
    run_fails(
        "huge_space.toml",
        &format!(
            "{CASE_HEADER}protocol = \"alternating_offers\"\n\
             case_generator = {{ kind = \"random_linear\", issues = 40, options = 10 }}\n\
             stakeholders = {{ s1 = {{ tactic = \"boulware\" }}, s2 = {{ tactic = \"conceder\" }} }}\n"
        ),
        &[
            "line 6",
            "base.case_generator",
            "1.0e40 packages",
            "too many for classic tactics",
            "protocol = \"mindset\"",
        ],
    );
}

/// `--replications` overrides the file's number, is recorded in the manifest, and is checked
/// as the file's own is.
#[test]
fn replications_on_the_command_line_override_the_file_s() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("five");
    let run = Command::new(negsim())
        .current_dir(root())
        .args([
            "run",
            "experiments/quickstart.toml",
            "--replications",
            "5",
            "--no-plots",
            "-q",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = std::fs::read_to_string(out.join("processes.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(
        rows,
        1 + 3 * 5,
        "three conditions of five replications and a header"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"replications\": 5,"), "{manifest}");
    command_fails(
        &["run", "experiments/quickstart.toml", "--replications", "0"],
        &["key `--replications`: replications must be at least 1, found 0"],
    );
    command_fails(
        &[
            "run",
            "experiments/quickstart.toml",
            "--replications",
            "9999999999",
        ],
        &[
            "key `--replications`: 3 cells x 9999999999 replications",
            "hint: use fewer replications",
        ],
    );
}

/// A case's numbers out of range get a hint on their own scale (a BATNA is a utility, not a
/// trait), with a score out of 100 read as one.
#[test]
fn a_case_value_out_of_range_is_explained_on_its_own_scale() {
    let case = std::fs::read_to_string(root().join("configs/cases/job-offer.toml")).unwrap();
    for (from, to, expect) in [
        (
            "batna = 0.35",
            "batna = 1.3",
            "hint: a BATNA is what the stakeholder gets without agreement, on its own scale: 0 is as bad as its worst package, 1 as good as its best\n",
        ),
        (
            "batna = 0.35",
            "batna = 40",
            "its best; 40 out of 100 is written 0.4\n",
        ),
    ] {
        assert!(case.contains(from));
        check_fails(
            "case.toml",
            &case.replacen(from, to, 1),
            &["key `stakeholders.0.batna`", expect],
        );
    }
}

/// A range with a fractional step over a key that counts whole units names the values that
/// are not whole, not the `10.0` serde sees first, which the user never wrote.
#[test]
fn a_fractional_range_over_whole_units_names_its_fractional_values() {
    check_fails(
        "step.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\n[sweep]\ndeadline = {{ start = 10, stop = 20, step = 2.5 }}\n"
        ),
        &[
            "line 7",
            "key `sweep.deadline`: deadline counts whole units, and its sweep has values that are not whole: 12.5, 17.5\n",
            "hint: give the range a whole start, stop and step, or list the values: deadline = [10, 13, 15, 18, 20]\n",
        ],
    );
}

#[test]
fn a_grid_too_large_to_plan() {
    // Two axes of 90,000 and 10,001 values: some 900 million cells, each resolved before the
    // run.
    check_fails(
        "grid.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\n[sweep]\ndeadline = {{ start = 10, stop = 90009, step = 1 }}\n\
             \"traits.openness.mean\" = {{ start = 0.0, stop = 1.0, step = 0.0001 }}\n"
        ),
        &[
            "line 6",
            "key `sweep`",
            "900090000 sweep points x 1 condition are more than 1000000 cells",
            "split the sweep",
        ],
    );
}

#[test]
fn more_processes_than_can_be_numbered() {
    // 3 conditions x (2^63 - 1) replications overflows a 64-bit process number.
    check_fails(
        "numbered.toml",
        "[experiment]\nseed = 1\nreplications = 9223372036854775807\n[base]\ncase = \"job-offer\"\n\
         [[condition]]\nname = \"a\"\n[[condition]]\nname = \"b\"\n[[condition]]\nname = \"c\"\n",
        &[
            "line 3",
            "experiment.replications",
            "3 cells x 9223372036854775807 replications",
        ],
    );
}

#[test]
fn organisation_replications_beyond_their_streams() {
    check_fails(
        "org_replications.toml",
        "[experiment]\nseed = 1\nreplications = 2000000\n[base]\n\
         case_generator = { issues = 4, options = 3 }\n\
         organisation = { population = 100, cycles = 1, processes_per_cycle = 5 }\n",
        &[
            "line 3",
            "experiment.replications",
            "at most 1048576 replications, found 2000000",
        ],
    );
}

#[test]
fn parameters_that_would_exhaust_memory_or_time() {
    run_fails(
        "exact_bound.toml",
        &format!(
            "{CASE_HEADER}culture = \"mixed\"\nparameters.exact_outcome_bound = 10000000000\n\
             case_generator = {{ issues = 10, options = 10 }}\n"
        ),
        &[
            "line 6",
            "base.parameters.exact_outcome_bound",
            "at most 100000000, found 10000000000",
        ],
    );
    run_fails(
        "case_pool.toml",
        &format!(
            "{CASE_HEADER}case_generator = {{ issues = 4, options = 4 }}\n\
             organisation = {{ population = 50, cycles = 3, case_pool = 100000 }}\n"
        ),
        &[
            "base.organisation.case_pool",
            "between 1 and 1000",
            "found 100000",
        ],
    );
}

#[test]
fn a_belief_memory_of_nobody() {
    run_fails(
        "belief_memory.toml",
        &format!(
            "{CASE_HEADER}culture = \"mixed\"\nparameters.belief_memory = 0\n\
             case_generator = {{ stakeholders = 4, issues = 3, options = 3 }}\n"
        ),
        &[
            "line 6",
            "base.parameters.belief_memory",
            "belief_memory must be at least 1, found 0",
            "belief_memory = 150",
        ],
    );
}

#[test]
fn a_tactic_nobody_registered_says_how_to_register_one() {
    run_fails(
        "unregistered.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\nprotocol = \"alternating_offers\"\n\
             stakeholders = {{ candidate = {{ tactic = \"jittery_linear\" }} }}\n"
        ),
        &[
            "stakeholders.candidate.tactic",
            "unknown value `jittery_linear`",
            "negsim::protocol::strategy::register",
            "strategies=",
        ],
    );
    // A slip of a built-in name still gets its "did you mean".
    run_fails(
        "slip.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\nprotocol = \"alternating_offers\"\n\
             stakeholders = {{ candidate = {{ tactic = \"bouldware\" }} }}\n"
        ),
        &["did you mean `boulware`?"],
    );
}

#[test]
fn command_line_values_out_of_range() {
    for (args, expect) in [
        (
            vec!["run", "experiments/quickstart.toml", "--threads", "100000"],
            "--threads must be between 1 and 256, found 100000",
        ),
        (
            vec!["run", "experiments/quickstart.toml", "--shard", "1/601"],
            "splits the run into 601 shards, but it has only 600 processes",
        ),
        (
            vec!["run", "experiments/levers.toml", "--shard", "3/181"],
            "splits the run into 181 shards, but it has only 180 organisation runs",
        ),
        (
            vec!["check", "experiments/quickstart.toml", "--shard", "1/601"],
            "splits the run into 601 shards, but it has only 600 processes",
        ),
        (
            vec!["check", "configs/cultures/mixed.toml", "--shard", "1/2"],
            "splits an experiment's run, and configs/cultures/mixed.toml is not an experiment",
        ),
        (
            vec!["bench", "engine", "--min-seconds", "1e308"],
            "--min-seconds must be between 0 and 86400 seconds",
        ),
        (
            vec!["bench", "engine", "--only", "W3"],
            "key `--only`: `W3` matches no workload; they are: quickstart (office reorganisation",
        ),
    ] {
        command_fails(&args, &[expect]);
    }
}

#[test]
fn experiment_names_that_cannot_name_a_folder() {
    let long = "x".repeat(300);
    for (name, problem) in [
        ("   ", "is empty"),
        ("../elsewhere", "path separator"),
        ("a:b", "Windows does not allow"),
        ("trailing.", "ends with a space or dot"),
        (long.as_str(), "longer than 128 bytes"),
        ("nul", "a device name on Windows"),
    ] {
        check_fails(
            "named.toml",
            &format!("[experiment]\nname = \"{name}\"\nseed = 1\n[base]\ncase = \"job-offer\"\n"),
            &["line 2", "experiment.name", problem, "culture-comparison"],
        );
    }
}

#[test]
#[cfg(unix)] // Windows has no file names with `:`
fn a_name_taken_from_the_file_name_is_not_held_to_other_systems() {
    // No `name`: the file's own name names the output folder, and it is a file name here.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run 10:00.toml");
    std::fs::write(
        &file,
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n",
    )
    .unwrap();
    let out = Command::new(negsim())
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_publish_folder_that_cannot_take_the_report_is_refused_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs");
    std::fs::write(&file, "not a folder").unwrap();
    let out = Command::new(negsim())
        .current_dir(root())
        .args(["validate-findings", "--quick", "-q", "--out"])
        .arg(dir.path().join("validation"))
        .arg("--publish")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--publish") && stderr.contains("is a file, not a folder"));
    // Refused before anything ran: no validation output.
    assert!(!dir.path().join("validation").exists());
}

/// A folder of validation experiments that is not there, or is a file, is the user's slip:
/// exit code 2 with the folder named, as a missing config file is.
#[test]
fn a_validation_folder_that_is_not_there_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("validation.toml");
    std::fs::write(&file, "").unwrap();
    for (folder, said) in [
        (dir.path().join("missing"), "folder not found"),
        (file, "this is a file, not a folder"),
    ] {
        let stderr = command_fails(
            &[
                "validate-findings",
                "--quick",
                "-q",
                "--dir",
                folder.to_str().unwrap(),
                "--out",
                dir.path().join("out").to_str().unwrap(),
            ],
            &[said, "name the folder with --dir"],
        );
        assert!(stderr.contains(folder.to_str().unwrap()), "{stderr}");
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn a_file_of_another_kind_is_named_for_what_it_is() {
    for (args, expect) in [
        (
            vec![
                "demo",
                "job-offer",
                "--culture",
                "configs/cases/park-redesign.toml",
                "--pace",
                "0",
            ],
            "this is a case file, not a culture file",
        ),
        (
            vec![
                "demo",
                "experiments/quickstart.toml",
                "--culture",
                "mixed",
                "--pace",
                "0",
            ],
            "this is an experiment file, not a case file",
        ),
        (
            vec!["play", "configs/cultures/mixed.toml", "--seat", "x"],
            "this is a culture file, not a case file",
        ),
        (
            vec!["run", "configs/cultures/mixed.toml", "-q"],
            "this is a culture file, not an experiment file",
        ),
    ] {
        command_fails(&args, &[expect, "hint:"]);
    }
}

#[test]
fn meaningless_lists_are_refused() {
    check_fails(
        "compare_itself.toml",
        "[experiment]\nseed = 1\ncompare = [[\"a\", \"a\"]]\n[base]\ncase = \"job-offer\"\n[[condition]]\nname = \"a\"\n[[condition]]\nname = \"b\"\n",
        &["experiment.compare.0", "compared with itself"],
    );
    check_fails(
        "compare_twice.toml",
        "[experiment]\nseed = 1\ncompare = [[\"a\", \"b\"], [\"b\", \"a\"]]\n[base]\ncase = \"job-offer\"\n[[condition]]\nname = \"a\"\n[[condition]]\nname = \"b\"\n",
        &[
            "experiment.compare.1",
            "compared already in experiment.compare.0",
        ],
    );
    check_fails(
        "compare_nothing.toml",
        "[experiment]\nseed = 1\ncompare = []\n[base]\ncase = \"job-offer\"\n[[condition]]\nname = \"a\"\n[[condition]]\nname = \"b\"\n",
        &[
            "line 3",
            "`compare` lists no pairs",
            "leave `compare` out to compare every pair",
        ],
    );
    check_fails(
        "trained_twice.toml",
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[base.organisation]\npopulation = 20\ncycles = 2\ntraining = { share = 0.5, traits = [\"empathy\", \"openness\", \"empathy\"] }\n",
        &["training.traits", "\"empathy\" twice (entries 1 and 3)"],
    );
    check_fails(
        "trained_in_nothing.toml",
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[base.organisation]\npopulation = 20\ncycles = 2\ntraining = { share = 0.2, traits = [] }\n",
        &["training.traits", "is empty", "hint: name the traits"],
    );
    check_fails(
        "processes_off.toml",
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[output]\nprocesses = false\n",
        &[
            "line 6",
            "output.processes",
            "only in organisation experiments",
        ],
    );
}

#[test]
fn command_line_slips_get_the_right_message() {
    // A replay code holds its seed and deadline: flags that would not change it are refused.
    command_fails(
        &["demo", "--replay", "job-offer:mixed:s4:d5", "--seed", "9"],
        &["cannot be used with '--seed"],
    );
    command_fails(
        &[
            "demo",
            "--replay",
            "job-offer:mixed:s4:d30",
            "--fork-at",
            "0",
            "--set",
            "candidate.openness=1",
        ],
        &["--fork-at", "there is no round 0"],
    );
    command_fails(
        &[
            "demo",
            "--replay",
            "job-offer:mixed:s4:d30",
            "--fork-at",
            "2",
            "--set",
            "candidate.openness=0.5=0.6",
        ],
        &["--set", "more than one `=`"],
    );
}

#[test]
fn a_run_that_has_not_finished_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("progress.json"), "{}").unwrap();
    command_fails(
        &["plot", dir.path().to_str().unwrap()],
        &["holds a run that has not finished", "--resume"],
    );
    command_fails(
        &[
            "run",
            "experiments/quickstart.toml",
            "--out",
            dir.path().to_str().unwrap(),
            "--resume",
            "--force",
        ],
        &["cannot be used with"],
    );
}

#[test]
fn an_output_file_that_cannot_be_created_is_refused_before_the_work() {
    let gif_fails = |gif: &std::path::Path, expect: &str| {
        command_fails(
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed",
                "--gif",
                gif.to_str().unwrap(),
            ],
            &["--gif", expect],
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "not a folder").unwrap();
    // A folder inside a file: nothing can be created there.
    gif_fails(&blocked.join("x.gif"), "is a file, not a folder");
    // A folder that exists but takes no files, even for root: the probe finds it out.
    #[cfg(target_os = "linux")]
    gif_fails(
        Path::new("/proc/negsim.gif"),
        "no file can be created there",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root may write anywhere: the check only means something for other users.
        if std::fs::write(locked.join("probe"), "x").is_err() {
            gif_fails(&locked.join("x.gif"), "no file can be created there");
        }
    }
}

#[test]
fn generator_values_that_mean_nothing_are_refused() {
    check_fails(
        "batna_spread.toml",
        "[experiment]\nseed = 1\n[base]\ncase_generator = { issues = 3, options = 3, batna_spread = inf }\n",
        &[
            "base.case_generator.batna_spread",
            "between 0 and 1, found inf",
        ],
    );
    check_fails(
        "shares.toml",
        "[experiment]\nseed = 1\n[base]\ncase_generator = { issues = 3, options = 3, distributive = 1e308, compatible = 1e308, integrative = 1e308 }\n",
        &["issue shares are too large to add up"],
    );
}

#[test]
fn check_says_what_sets_each_condition_apart() {
    let check = |f: &str| {
        let out = Command::new(negsim())
            .current_dir(root())
            .args(["check", f])
            .output()
            .unwrap();
        assert!(out.status.success(), "{f}");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    // Conditions that differ only in trait overrides used to read alike.
    let text = check("experiments/validation/dual-concern.toml");
    assert!(
        text.contains("    sets traits.empathy.mean = 0.8, traits.empathy.spread = 0.05, traits.assertiveness.mean = 0.2,"),
        "{text}"
    );
    let text = check("experiments/validation/toughness.toml");
    assert!(
        text.contains("pins: s1 (tactic boulware), s2 (tactic conceder)"),
        "{text}"
    );
    assert!(!text.contains("sets stakeholders."), "{text}");
    let text = check("experiments/traits.toml");
    assert!(text.contains("sweep one axis at a time"), "{text}");
    // What the base sets for every condition, beyond each condition's line, shows once.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("base.toml");
    std::fs::write(
        &file,
        format!(
            "{CASE_HEADER}case = \"job-offer\"\nculture = \"positional\"\ntraits.openness.mean = 0.9\nparameters.stress_rate = 0.1\n"
        ),
    )
    .unwrap();
    let text = check(file.to_str().unwrap());
    assert!(
        text.contains(
            "every condition's base also sets traits.openness.mean = 0.9, parameters.stress_rate = 0.1\n"
        ),
        "{text}"
    );
}

#[test]
fn a_condition_that_contradicts_the_base_is_blamed_for_it() {
    check_fails(
        "agenda_conflict.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\nagenda = \"sequential\"\nagenda_order = [\"salary\"]\n\
             [[condition]]\nname = \"seq\"\n[[condition]]\nname = \"pkg\"\nagenda = \"package\"\n"
        ),
        &[
            "line 12",
            "key `agenda`",
            "(`agenda_order` is set in [base]) (in condition `pkg`)",
        ],
    );
}

#[test]
fn slips_of_toml_get_a_hint_that_shows_the_fix() {
    let cases: [(&str, &str, &[&str]); 12] = [
        (
            "quoted_number.toml",
            "[experiment]\nreplications = \"10\"\n[base]\ncase = \"job-offer\"\n",
            &[
                "line 2",
                "hint: write the number without quotes: replications = 10",
            ],
        ),
        (
            "fraction_count.toml",
            "[experiment]\nreplications = 2.5\n[base]\ncase = \"job-offer\"\n",
            &["hint: replications counts whole units: write replications = 2 or replications = 3"],
        ),
        (
            "whole_float_count.toml",
            "[experiment]\nreplications = 2.0\n[base]\ncase = \"job-offer\"\n",
            &[
                "hint: replications counts whole units: write replications = 2, without a decimal point",
            ],
        ),
        (
            "negative_count.toml",
            "[experiment]\nreplications = -5\n[base]\ncase = \"job-offer\"\n",
            &["hint: replications cannot be negative"],
        ),
        (
            "unquoted_text.toml",
            "[experiment]\nname = 5\n[base]\ncase = \"job-offer\"\n",
            &["hint: text goes in double quotes: name = \"5\""],
        ),
        (
            "percentage.toml",
            &format!(
                "{CASE_HEADER}case = \"job-offer\"\n[base.organisation]\npopulation = 100\nturnover = 15\n"
            ),
            &[
                "line 8",
                "hint: fractions run from 0 to 1: 15% is written 0.15",
            ],
        ),
        (
            "name_as_number.toml",
            &format!("{CASE_HEADER}case = \"job-offer\"\nagenda = 3\n"),
            &[
                "line 6",
                "expected `package` or `sequential`, found 3",
                "hint: write the name in double quotes: agenda = \"package\"",
            ],
        ),
        (
            "rule_as_number.toml",
            &format!("{CASE_HEADER}case = \"job-offer\"\n[base.norms]\ndecision_rule = 1\n"),
            &[
                "expected one of `unanimity`, `majority`, `consent`, found 1",
                "decision_rule = \"unanimity\"",
            ],
        ),
        (
            "protocol_cut_short.toml",
            &format!("{CASE_HEADER}case = \"job-offer\"\nprotocol = \"alternating\"\n"),
            &["line 6", "hint: did you mean `alternating_offers`?"],
        ),
        (
            "consensus.toml",
            &format!(
                "{CASE_HEADER}case = \"job-offer\"\n[base.norms]\ndecision_rule = \"consensus\"\n"
            ),
            &["hint: for consensus, write `unanimity` (everyone accepts) or `consent`"],
        ),
        (
            "unclosed.toml",
            "[experiment\nseed = 1\n",
            &["line 1", "hint: close the table header on the same line"],
        ),
        (
            "empty.toml",
            "# to do\n",
            &[
                "the file sets nothing",
                "hint: start from a bundled example",
            ],
        ),
    ];
    for (name, text, expect) in cases {
        check_fails(name, text, expect);
    }
}

#[test]
fn slips_in_conditions_sweeps_and_group_sizes_name_what_to_change() {
    // Both spellings of the conditions: the second one is named, on its line.
    check_fails(
        "both_spellings.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\n[[condition]]\nname = \"a\"\n[[conditions]]\nname = \"b\"\n"
        ),
        &["line 8", "both as [[condition]] and as [[conditions]]"],
    );
    let organisation = format!(
        "{CASE_HEADER}case_generator = {{ issues = 3, options = 3 }}\n[base.organisation]\npopulation = 100\ncycles = 2\nprocesses_per_cycle = 5\n"
    );
    // A condition that raises only the smallest group past the default largest one.
    check_fails(
        "group_min.toml",
        &format!(
            "{organisation}[[condition]]\nname = \"big\"\norganisation = {{ group_size = {{ min = 9 }} }}\n"
        ),
        &[
            "key `organisation.group_size.min`",
            "group_size.min (9) is above group_size.max (6, its default)",
            "hint: set both, e.g. group_size = { min = 9, max = 9 }",
        ],
    );
    check_fails(
        "group_max.toml",
        &format!("{organisation}group_size = {{ min = 5, max = 4 }}\n"),
        &[
            "organisation.group_size.max`",
            "group_size.min (5) is above group_size.max (4)",
        ],
    );
    // An organisation key swept where no organisation is set up.
    check_fails(
        "sweep_organisation.toml",
        &format!(
            "{CASE_HEADER}case = \"job-offer\"\n[sweep]\n\"organisation.turnover\" = [0.1, 0.2]\n"
        ),
        &["line 7", "add a [base.organisation] table"],
    );
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_wrong_choice_of_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "x").unwrap();
    let mut places = vec![file.join("run")];
    // A folder that takes no new folders, even for root.
    if cfg!(target_os = "linux") {
        places.push("/proc/negsim-run".into());
    }
    for out in places {
        command_fails(
            &[
                "run",
                "experiments/quickstart.toml",
                "-q",
                "--no-plots",
                "--out",
                out.to_str().unwrap(),
            ],
            &["hint: choose a folder you can write to"],
        );
    }
}

#[test]
fn a_folder_in_the_place_of_an_output_file_is_refused_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("processes.csv")).unwrap();
    command_fails(
        &[
            "run",
            "experiments/quickstart.toml",
            "-q",
            "--force",
            "--no-plots",
            "--out",
            out.to_str().unwrap(),
        ],
        &["processes.csv is a folder, where the run writes its file"],
    );
    // Nothing was simulated or written: the folder holds what it held (and the lock).
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".negsim-lock")
        .collect();
    left.sort();
    assert_eq!(left, ["processes.csv"]);
}

#[test]
fn every_run_has_a_limit_checked_before_it_starts() {
    // Defect: `replications = 1000000000000000` ran without end.
    check_fails(
        "endless.toml",
        "[experiment]\nseed = 1\nreplications = 1000000000000000\n[base]\ncase = \"job-offer\"\n",
        &[
            "line 3",
            "experiment.replications",
            "1000000000000000 processes; at most 10000000000",
            "hint: use fewer replications",
        ],
    );
    check_fails(
        "huge.toml",
        "[experiment]\nseed = 1\nreplications = 18446744073709551615\n[base]\ncase = \"job-offer\"\n",
        &[
            "experiment.replications",
            "too large",
            "hint: use fewer replications",
        ],
    );
}

#[test]
fn a_sweep_list_is_held_to_its_limit_while_it_is_read() {
    // Defects: lists skipped the 100,000-values-per-axis limit (200,001 values passed `check`
    // after 83 s), and the duplicate check was quadratic.
    let values =
        |n: usize| -> String { (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(",") };
    check_fails(
        "long.toml",
        &format!(
            "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[sweep]\ndeadline = [{}]\n",
            values(100_001)
        ),
        &[
            "line 6",
            "sweep.deadline",
            "more than 100000 values",
            "hint: a sweep axis",
        ],
    );
    check_fails(
        "copies.toml",
        &format!(
            "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[sweep]\ndeadline = [{},99999]\n",
            values(99_999)
        ),
        &["sweep.deadline", "the value 99999 appears more than once"],
    );
}

#[test]
fn bad_culture_values_and_names_are_refused() {
    // Defects: `spread = inf` and an empty culture name were accepted.
    let culture = std::fs::read_to_string(root().join("configs/cultures/mixed.toml")).unwrap();
    let spread = culture.replacen("spread = 0.15", "spread = inf", 1);
    assert_ne!(spread, culture, "the mixed culture sets a spread of 0.15");
    check_fails(
        "infinite.toml",
        &spread,
        &["spread", "a finite number, 0 or more, found inf"],
    );
    let unnamed: String = culture
        .lines()
        .filter(|l| !l.starts_with("name"))
        .map(|l| format!("{l}\n"))
        .collect();
    check_fails(
        "unnamed.toml",
        &format!("name = \"\"\n{unnamed}"),
        &["line 1", "key `name`", "must not be empty"],
    );
}

#[test]
fn numbers_out_of_range_get_a_message_with_the_limit() {
    // Defects: a deadline of 10^12 said "expected a whole number of 0 or more" without the
    // 1,000,000-round limit, `deadline = inf` hinted "deadline = inf", `deadline = nan` hinted
    // the refused `deadline = 0`, a seed of 2^64 said "as i128", and a header 50,000 keys
    // deep said "recursion limit" with no line.
    let with_deadline =
        |d: &str| format!("[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\ndeadline = {d}\n");
    for d in ["4294967295", "4294967296", "1000000000000"] {
        check_fails(
            "deadline.toml",
            &with_deadline(d),
            &["line 5", &format!("at most 1000000 rounds, found {d}")],
        );
    }
    for d in ["inf", "nan"] {
        check_fails(
            "deadline.toml",
            &with_deadline(d),
            &["hint: deadline counts whole units: write a whole number, for example deadline = 10"],
        );
    }
    check_fails(
        "seed.toml",
        "[experiment]\nseed = 18446744073709551616\n[base]\ncase = \"job-offer\"\n",
        &[
            "line 2",
            "experiment.seed",
            "the number 18446744073709551616 is too large",
            "hint: a seed is a whole number from 0 to 9223372036854775807",
        ],
    );
    let header = format!("[{}]\n", vec!["a"; 50_000].join("."));
    check_fails(
        "deep.toml",
        &header,
        &["line 1", "nested more than 32 levels", "hint:"],
    );
}

#[test]
fn names_a_spreadsheet_would_run_are_refused() {
    // Defect: a condition named `=HYPERLINK(...)` was written raw into processes.csv.
    check_fails(
        "formula.toml",
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[[condition]]\nname = \"=HYPERLINK(\\\"http://example.com\\\",\\\"x\\\")\"\n",
        &[
            "line 6",
            "condition.0.name",
            "as a formula",
            "hint: start the name",
        ],
    );
    let case = std::fs::read_to_string(root().join("configs/cases/job-offer.toml")).unwrap();
    let first_key = case
        .lines()
        .find_map(|l| l.trim().strip_prefix("key = \""))
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    check_fails(
        "formula-case.toml",
        &case.replacen(
            &format!("key = \"{first_key}\""),
            &format!("key = \"@{first_key}\""),
            1,
        ),
        &["as a formula"],
    );
}

/// A culture naming the time-based tactic, whose exponent a culture cannot give, is told
/// where the exponent goes (not "did you mean `time_based`?"), in English and in Dutch.
#[test]
fn a_culture_naming_the_time_based_tactic_is_told_where_its_exponent_goes() {
    let dir = tempfile::tempdir().unwrap();
    let culture = dir.path().join("waiting.toml");
    let positional = std::fs::read_to_string(root().join("configs/cultures/positional.toml"))
        .unwrap()
        .replace("name = \"positional\"", "name = \"waiting\"");
    std::fs::write(&culture, format!("tactic = \"time_based\"\n{positional}")).unwrap();
    let culture = culture.to_str().unwrap();
    for (lang, told) in [
        (
            "en",
            "write a time-based one with its exponent in the experiment: tactic = { time_based = 0.5 }",
        ),
        (
            "nl",
            "een tijdgebonden tactiek schrijf je met haar exponent in het experiment: tactic = { time_based = 0.5 }",
        ),
    ] {
        let stderr = command_fails(
            &["demo", "job-offer", "--culture", culture, "--lang", lang],
            &[told],
        );
        assert!(!stderr.contains("`time_based`?"), "{stderr}");
    }
}
