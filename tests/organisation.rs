//! Organisations over time: drift, the levers' directions, turnover and determinism.

mod common;

use common::*;
use negsim::model::traits::Traits;
use negsim::organisation::components::collaborativeness;
use negsim::organisation::engine::Organisation;
use negsim::organisation::runner::org_setup;
use negsim::protocol::setup::Observe;
use std::collections::HashSet;
use std::process::Command;

fn organisation(extra: &str) -> Organisation {
    let text = format!(
        r#"
[experiment]
seed = 17
[base]
culture = "positional"
deadline = 20
[base.case_generator]
issues = 4
options = 4
[base.organisation]
population = 120
cycles = 10
group_size = {{ min = 3, max = 5 }}
case_pool = 4
{extra}
"#
    );
    let plan = plan_from(&text);
    let unit = plan.locate(0);
    Organisation::new(org_setup(&plan, &unit).unwrap(), unit)
}

fn mean_index(traits: &[Traits]) -> f64 {
    traits.iter().map(collaborativeness).sum::<f64>() / traits.len() as f64
}

#[test]
fn without_levers_or_turnover_traits_do_not_drift() {
    let mut org = organisation("turnover = 0.0");
    let before = org.population_traits();
    let records: Vec<_> = (0..6)
        .map(|_| org.run_cycle(Observe::default()).record)
        .collect();
    assert_eq!(org.population_traits(), before, "nobody's traits changed");
    for r in &records {
        assert_eq!(r.trait_means, records[0].trait_means);
        assert!(r.processes > 0);
        assert_eq!(r.ledger.total(), 0.0, "no lever, no cost");
    }
}

#[test]
fn evaluate_and_learn_moves_traits_towards_what_paid_off() {
    let mut plain = organisation("turnover = 0.0");
    let mut learning = organisation("turnover = 0.0\nevaluation = { learning_rate = 0.1 }");
    let start = mean_index(&learning.population_traits());
    let mut wins = Vec::new();
    for _ in 0..12 {
        plain.run_cycle(Observe::default());
        let report = learning.run_cycle(Observe::default());
        // Who was at win-win-win tables: they are more collaborative than the rest.
        for t in report
            .tables
            .iter()
            .filter(|t| t.result.metrics.win_win_win)
        {
            wins.extend(t.result.seats.iter().map(|s| collaborativeness(&s.traits)));
        }
    }
    let end = mean_index(&learning.population_traits());
    assert!(!wins.is_empty());
    let winners = wins.iter().sum::<f64>() / wins.len() as f64;
    assert!(
        winners > start,
        "what paid off was more collaborative ({winners} vs {start})"
    );
    // The direction, not a size: how far it moves depends on how much more collaborative the
    // people at win-win-win tables are, which the round's mechanisms set (since positional
    // tables agree out of impasse aversion, less so than before).
    assert!(
        end > start,
        "learning moved the culture towards it: {start} -> {end}"
    );
    assert!(end > mean_index(&plain.population_traits()));
}

#[test]
fn mentoring_moves_newcomers_towards_their_mentors() {
    // Founders are collaborative; newcomers are hired positional.
    let newcomers = |extra: &str| {
        let text = format!(
            r#"
[experiment]
seed = 17
[base]
culture = "collaborative"
deadline = 20
[base.case_generator]
issues = 4
options = 4
[base.organisation]
population = 120
cycles = 10
group_size = {{ min = 3, max = 5 }}
case_pool = 4
turnover = 0.2
hiring_culture = "positional"
{extra}
"#
        );
        let plan = plan_from(&text);
        let unit = plan.locate(0);
        let mut org = Organisation::new(org_setup(&plan, &unit).unwrap(), unit);
        for _ in 0..6 {
            org.run_cycle(Observe::default());
        }
        let traits = org.population_traits();
        let hired = org.member_hired();
        let new: Vec<Traits> = traits
            .iter()
            .zip(&hired)
            .filter(|(_, h)| **h > 0)
            .map(|(t, _)| *t)
            .collect();
        (mean_index(&new), new.len())
    };
    let (mentored, n1) =
        newcomers("mentoring = { rate = 0.3, newcomer_cycles = 4, mentor_experience = 1 }");
    let (alone, n2) = newcomers("");
    assert!(n1 > 20 && n1 == n2, "the same newcomers: {n1} vs {n2}");
    assert!(
        mentored > alone + 0.05,
        "mentored newcomers are closer to their collaborative mentors: {mentored} vs {alone}"
    );
}

/// The newcomers' mean collaborativeness after six cycles of a positional organisation that
/// hires positional people (20% turnover) and mentors them with `mentoring`.
fn positional_newcomers(mentoring: &str) -> (f64, usize, f64) {
    let text = format!(
        r#"
[experiment]
seed = 17
[base]
culture = "positional"
deadline = 20
[base.case_generator]
issues = 4
options = 4
[base.organisation]
population = 120
cycles = 10
group_size = {{ min = 3, max = 5 }}
case_pool = 4
turnover = 0.2
mentoring = {mentoring}
"#
    );
    let plan = plan_from(&text);
    let unit = plan.locate(0);
    let mut org = Organisation::new(org_setup(&plan, &unit).unwrap(), unit);
    let mut cost = 0.0;
    for _ in 0..6 {
        cost += org.run_cycle(Observe::default()).record.ledger.mentoring;
    }
    let traits = org.population_traits();
    let new: Vec<Traits> = traits
        .iter()
        .zip(org.member_hired())
        .filter(|(_, h)| *h > 0)
        .map(|(t, _)| *t)
        .collect();
    (mean_index(&new), new.len(), cost)
}

#[test]
fn coaching_towards_collaboration_moves_newcomers_where_positional_mentors_do_not() {
    let base = "rate = 0.3, newcomer_cycles = 4, mentor_experience = 1";
    let (none, n, _) = positional_newcomers("{ rate = 0.0 }");
    let (experienced, n1, _) = positional_newcomers(&format!("{{ {base} }}"));
    let (collaborative, n2, _) =
        positional_newcomers(&format!("{{ {base}, pool = \"collaborative\" }}"));
    let (external, n3, cost) = positional_newcomers(&format!(
        "{{ {base}, pool = \"external\", cost_per_pair = 0.5 }}"
    ));
    assert!(n > 20 && [n1, n2, n3] == [n; 3], "the same newcomers");
    // Positional mentors pass on positional habits: the newcomers stay about where they were
    // hired (within a hundredth of the index).
    assert!(
        (experienced - none).abs() < 0.01,
        "experienced {experienced} vs none {none}"
    );
    // The organisation's most collaborative quarter pulls them up a little; coaches from a
    // collaborative culture a lot.
    assert!(
        collaborative > experienced,
        "collaborative {collaborative} vs experienced {experienced}"
    );
    assert!(
        external > collaborative + 0.05,
        "external {external} vs collaborative {collaborative}"
    );
    // Each pair costs the coach's fee.
    assert!(cost > 0.0);
    assert!(
        (cost / 0.5).fract().abs() < 1e-9,
        "whole pairs at 0.5: {cost}"
    );
}

#[test]
fn training_has_diminishing_returns() {
    let mut org = organisation(
        "turnover = 0.0\ntraining = { share = 1.0, dose = 0.3, decay = 0.0, traits = [\"openness\"], timing = { start = 1, every = 1, stop = 0 } }",
    );
    let mut openness = vec![mean_of_openness(&org.population_traits())];
    for _ in 0..4 {
        org.run_cycle(Observe::default());
        openness.push(mean_of_openness(&org.population_traits()));
    }
    let gains: Vec<f64> = openness.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gains.iter().all(|&g| g > 0.0), "{gains:?}");
    assert!(
        gains.windows(2).all(|w| w[1] < w[0]),
        "each session adds less: {gains:?}"
    );
    // dose * (1 - current): from the positional mean 0.25 the first session adds about 0.225.
    assert!(
        (gains[0] - 0.3 * (1.0 - openness[0])).abs() < 0.02,
        "{gains:?}"
    );
}

fn mean_of_openness(traits: &[Traits]) -> f64 {
    traits.iter().map(|t| t.openness).sum::<f64>() / traits.len() as f64
}

#[test]
fn turnover_keeps_the_population_and_never_reuses_ids() {
    let mut org = organisation("turnover = 0.25");
    let mut seen: HashSet<u64> = org.member_ids().into_iter().collect();
    let mut max_id = *seen.iter().max().unwrap();
    for cycle in 0..8 {
        let report = org.run_cycle(Observe::default());
        let ids = org.member_ids();
        assert_eq!(ids.len(), 120, "population is constant");
        let unique: HashSet<u64> = ids.iter().copied().collect();
        assert_eq!(unique.len(), 120);
        let new: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|id| !seen.contains(id))
            .collect();
        if cycle > 0 {
            assert_eq!(new.len(), 30, "a quarter replaced");
            assert_eq!(report.record.ledger.newcomers, 30);
        }
        assert!(new.iter().all(|&id| id > max_id), "fresh ids only");
        seen.extend(new);
        max_id = *seen.iter().max().unwrap();
    }
}

const SMALL_ORG: &str = r#"
[experiment]
name = "small-org"
seed = 5
replications = 2
[base]
culture = "mixed"
deadline = 15
[base.case_generator]
issues = 4
options = 3
[base.organisation]
population = 60
cycles = 4
group_size = { min = 3, max = 4 }
case_pool = 3
[[condition]]
name = "none"
[[condition]]
name = "all"
organisation.training = { share = 0.3 }
organisation.culture_norm = { strength = 0.05 }
organisation.facilitation = { share = 0.5 }
organisation.mentoring = { rate = 0.2 }
organisation.evaluation = { learning_rate = 0.05 }
"#;

#[test]
fn organisation_output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.toml");
    std::fs::write(&file, SMALL_ORG).unwrap();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("t{threads}"));
        let o = Command::new(negsim())
            .current_dir(root())
            .args([
                "run",
                file.to_str().unwrap(),
                "--quiet",
                "--no-plots",
                "--threads",
                threads,
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for f in [
        "cycles.csv",
        "organisations.csv",
        "processes.csv",
        "stakeholders.csv",
        "summary.csv",
        "comparison.csv",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join("t1").join(f)).unwrap(),
            std::fs::read(dir.path().join("t2").join(f)).unwrap(),
            "{f}"
        );
    }
    let cycles = std::fs::read_to_string(dir.path().join("t1/cycles.csv")).unwrap();
    assert_eq!(
        cycles.lines().count(),
        1 + 2 * 2 * 4,
        "a row per cycle per organisation run"
    );
    assert!(
        cycles.lines().next().unwrap().contains("openness_mean")
            && cycles.contains("training_cost")
    );
    let stakeholders = std::fs::read_to_string(dir.path().join("t1/stakeholders.csv")).unwrap();
    assert!(
        stakeholders.starts_with("organisation,condition,replication,cycle,table,stakeholder_id,")
    );
}

#[test]
fn bad_organisation_input_is_refused() {
    let cases = [
        (
            "population = 3\ngroup_size = { min = 3, max = 6 }",
            "smaller than the largest group",
        ),
        ("turnover = 1.5", "turnover must be between 0 and 1"),
        (
            "training = { dose = -0.1 }",
            "training.dose must be between 0 and 1",
        ),
        (
            "facilitation = { cost_per_process = -1.0 }",
            "must be 0 or more",
        ),
        ("cycles = 0", "at least 1 cycle"),
    ];
    for (bad, expect) in cases {
        let text = format!(
            "[experiment]\nseed = 1\n[base]\ncase_generator = {{ issues = 3 }}\n[base.organisation]\n{bad}\n"
        );
        run_fails("org.toml", &text, &[expect, "organisation."]);
    }
}

#[test]
fn everyone_sits_at_a_table_unless_fewer_than_the_smallest_group_are_left() {
    // 12 people in groups of 2 to 10: a drawn size that no longer fits takes everyone left.
    let text = "[experiment]\nseed = 5\n[base]\nculture = \"mixed\"\ncase_generator = { issues = 3, options = 3 }\n\
                [base.organisation]\npopulation = 12\ncycles = 8\ngroup_size = { min = 2, max = 10 }\ncase_pool = 2\n";
    let plan = plan_from(text);
    let unit = plan.locate(0);
    let mut org = Organisation::new(org_setup(&plan, &unit).unwrap(), unit);
    for _ in 0..8 {
        let report = org.run_cycle(Observe::default());
        let seated: usize = report.tables.iter().map(|t| t.ids.len()).sum();
        assert!(
            seated >= 11,
            "cycle {}: {seated} of 12 seated",
            report.record.cycle
        );
        assert!(
            report
                .tables
                .iter()
                .all(|t| (2..=10).contains(&t.ids.len()))
        );
    }
}

#[test]
fn the_facilitation_lever_leaves_who_sits_together_as_it_was() {
    // Common random numbers: facilitators are drawn apart from the seating.
    let seating = |lever: &str| {
        let mut org = organisation(&format!("turnover = 0.0\n{lever}"));
        let report = org.run_cycle(Observe::default());
        report
            .tables
            .iter()
            .map(|t| t.ids.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(seating(""), seating("facilitation = { share = 0.5 }"));
}

#[test]
fn organisation_experiments_refuse_what_they_cannot_honour() {
    let org = "[experiment]\nseed = 1\n[base]\ncase_generator = { issues = 3 }\n";
    run_fails(
        "norm.toml",
        &format!(
            "{org}culture = \"positional-facilitated\"\n[base.organisation]\npopulation = 40\n"
        ),
        &["organisation.facilitation", "norms.facilitator", "line 6"],
    );
    run_fails(
        "mixed.toml",
        &format!(
            "{org}[[condition]]\nname = \"single\"\n[[condition]]\nname = \"org\"\norganisation = {{ population = 40, cycles = 2 }}\n"
        ),
        &["condition `single` has no organisation", "line 5"],
    );
}

/// An organisation on one fixed case seats the whole case at every table unless it says
/// otherwise; a size that does not fit the case is refused with the way out.
#[test]
fn an_organisation_on_a_fixed_case_has_tables_of_the_case_s_size() {
    let head = "[experiment]\nseed = 1\n[base]\nculture = \"mixed\"\n";
    let plan = plan_from(&format!(
        "{head}[base.organisation]\npopulation = 40\ncycles = 2\n[[condition]]\nname = \"office\"\ncase = \"office-reorganisation\"\n[[condition]]\nname = \"job\"\ncase = \"job-offer\"\n"
    ));
    let size = |c: usize| {
        plan.cells[c]
            .scenario
            .organisation
            .as_ref()
            .unwrap()
            .group_size
    };
    assert_eq!((size(0).min, size(0).max), (5, 5));
    assert_eq!((size(1).min, size(1).max), (2, 2));
    run_fails(
        "sized.toml",
        &format!(
            "{head}case = \"job-offer\"\n[base.organisation]\npopulation = 40\ngroup_size = {{ min = 3, max = 4 }}\n"
        ),
        &[
            "case `job-offer` has 2 stakeholders, so every table needs exactly 2 people",
            "hint: leave group_size out (tables are then the case's size)",
        ],
    );
}

#[test]
fn a_partial_lever_or_group_table_keeps_the_rest_of_its_defaults() {
    // Neither [base] nor the conditions write a whole `training` or `group_size` table.
    let plan = plan_from(
        r#"
[experiment]
seed = 1
[base]
case_generator = { issues = 3 }
[base.organisation]
population = 40
cycles = 2
[[condition]]
name = "later"
organisation.training.timing.start = 2
organisation.training.share = 0.2
[[condition]]
name = "small"
organisation.group_size.max = 4
[sweep]
"organisation.hiring_culture" = ["collaborative", "positional"]
"#,
    );
    let org = |c: usize| plan.cells[c].scenario.organisation.clone().unwrap();
    let defaults = negsim::model::organisation::OrganisationConfig::default();
    let later = org(0);
    assert_eq!(later.training.timing.start, 2);
    assert_eq!(
        later.training.timing.every, defaults.training.timing.every,
        "the training's own default (every 5 cycles), not a generic timing"
    );
    assert_eq!(later.training.dose, defaults.training.dose);
    assert_eq!(later.group_size, defaults.group_size);
    let small = org(1);
    assert_eq!(small.group_size.min, defaults.group_size.min);
    assert_eq!(small.group_size.max, 4);
    assert_eq!(small.training, defaults.training);
    // The sweep over the hiring culture (unset in [base]) is a valid key and takes effect.
    assert_eq!(plan.points(), 2);
    assert_eq!(org(0).hiring_culture.as_deref(), Some("collaborative"));
    assert_eq!(org(2).hiring_culture.as_deref(), Some("positional"));
    assert_ne!(plan.cells[0].hiring, plan.cells[2].hiring);
    // A misspelt field inside a partial table is still refused.
    run_fails(
        "typo.toml",
        "[experiment]\nseed = 1\n[base]\ncase_generator = { issues = 3 }\n[base.organisation]\npopulation = 40\ntraining.timing.strat = 2\n",
        &["unknown key `strat`", "line 7"],
    );
}

#[test]
fn a_single_cycle_has_no_gain_and_empty_metrics_are_summarised_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.toml");
    std::fs::write(
        &file,
        "[experiment]\nseed = 3\nreplications = 2\n[base]\ndeadline = 8\ncase_generator = { issues = 3 }\n[base.organisation]\npopulation = 30\ncycles = 1\n[[condition]]\nname = \"base\"\n[[condition]]\nname = \"trained\"\norganisation.training.share = 0.5\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = negsim_run(&[
        "run",
        file.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let organisations = std::fs::read_to_string(out.join("organisations.csv")).unwrap();
    let header: Vec<&str> = organisations.lines().next().unwrap().split(',').collect();
    let gain = header
        .iter()
        .position(|&c| c == "win_win_win_gain")
        .unwrap();
    let start = header
        .iter()
        .position(|&c| c == "start_win_win_win_rate")
        .unwrap();
    for row in organisations.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields[gain], "", "no gain within one cycle: {row}");
        assert!(fields[start].parse::<f64>().is_ok());
    }
    // The metric had no value in any run: n = 0 and nothing else, not a mean of 0.
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let row = summary
        .lines()
        .find(|l| l.starts_with("base,win_win_win_gain,"))
        .unwrap();
    assert_eq!(row, "base,win_win_win_gain,mean,0,,,,,,");
    let row = summary
        .lines()
        .find(|l| l.starts_with("base,final_win_win_win_rate,"))
        .unwrap();
    // Two runs, each with a rate: a mean in [0, 1].
    let fields: Vec<&str> = row.split(',').collect();
    assert_eq!(fields[3], "2", "{row}");
    let mean: f64 = fields[4].parse().unwrap();
    assert!((0.0..=1.0).contains(&mean), "{row}");
    assert!(out.join("charts/conditions.png").is_file());
    // Training cost something, but there is no gain to set against it: no lever chart of
    // points pinned to the axis.
    let total_cost = header.iter().position(|&c| c == "total_cost").unwrap();
    let trained = organisations
        .lines()
        .find(|l| l.contains(",trained,"))
        .unwrap();
    let cost: f64 = trained.split(',').nth(total_cost).unwrap().parse().unwrap();
    assert!(cost > 0.0, "{trained}");
    assert!(!out.join("charts/levers.png").exists());
}

#[test]
fn check_describes_an_organisation_experiment_as_organisations() {
    let o = negsim_run(&["check", "experiments/levers.toml"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    for expect in [
        "9 conditions x 1 sweep point x 20 replications = 180 organisation runs; seed 50",
        "condition `none`: 1000 people over 50 cycles, everyone at one table per cycle, tables of 5 people; case office-reorganisation at every table",
        "culture positional, 3% turnover per cycle",
        "    levers: none",
        "levers: a facilitator at 30% of the tables\n",
        "levers: training of 20% of the people (dose 0.3: openness, empathy, creativity, composure) every 5 cycles",
        "levers: mentoring of newcomers by external coaches (collaborative) (rate 0.15)\n",
        "levers: mentoring of newcomers by experienced colleagues (rate 0.15)\n",
        "levers: mentoring of newcomers by the most collaborative 25% of experienced colleagues (rate 0.15)\n",
    ] {
        assert!(text.contains(expect), "`{expect}` missing from:\n{text}");
    }
    assert!(!text.contains("2 stakeholders"), "{text}");
}

#[test]
fn an_error_in_a_filled_in_default_points_at_the_partial_table_that_caused_it() {
    let head = "[experiment]\nseed = 1\n[base]\ncase_generator = { issues = 3 }\n[base.organisation]\npopulation = 40\ncycles = 3\n";
    // group_size.max keeps its default (6), below the condition's min: the error belongs to
    // the condition's line (10), not to [base.organisation], which never wrote either.
    run_fails(
        "min.toml",
        &format!("{head}[[condition]]\nname = \"big\"\norganisation.group_size.min = 8\n"),
        &[
            "line 10",
            "group_size.min (8) is above group_size.max (6, its default)",
            "in condition `big`",
        ],
    );
    run_fails(
        "sweep.toml",
        &format!("{head}[sweep]\n\"organisation.group_size.min\" = [2, 8]\n"),
        &[
            "line 9",
            "sweep.organisation.group_size.min",
            "sweep value 8",
        ],
    );
    // An element of an array points at the array's line.
    run_fails(
        "traits.toml",
        &format!(
            "{head}[[condition]]\nname = \"t\"\norganisation.training.traits = [\"openness\", \"opennes\"]\n"
        ),
        &["line 10", "traits[1]", "did you mean `openness`?"],
    );
    // A whole table in error is not blamed on a sweep over one of its fields.
    let err = run_fails(
        "table.toml",
        "[experiment]\nreplications = 2\n[base]\nprotocol = \"alternating_offers\"\ncase_generator = { stakeholders = 3, issues = 40, options = 9 }\n[sweep]\n\"case_generator.batna\" = [0.2, 0.3]\n",
        &[
            "line 5",
            "key `base.case_generator`",
            "too many for classic tactics",
        ],
    );
    assert!(!err.contains("sweep value"), "{err}");
    // serde's name for the Rust type stays out of the message.
    let err = run_fails(
        "type.toml",
        &format!("{head}group_size = 4\n"),
        &["line 8", "expected a table of keys and values"],
    );
    assert!(!err.contains("struct"), "{err}");
}

#[test]
fn an_error_in_base_that_a_sweep_value_triggers_names_the_sweep_point() {
    let head = "[experiment]\nseed = 1\n[base]\ncase_generator = { issues = 3 }\n[base.organisation]\npopulation = 40\ncycles = 6\n";
    let training = "training = { share = 0.1, timing = { start = 1, stop = 3 } }\n";
    // stop = 3 is fine with start = 1 but not with the swept start = 5: the error stays at
    // the key [base] wrote and says which sweep point made it one.
    let err = run_fails(
        "triggered.toml",
        &format!("{head}{training}[sweep]\n\"organisation.training.timing.start\" = [1, 5]\n"),
        &[
            "line 8",
            "key `base.organisation.training.timing.stop`",
            "at least `start` (at the sweep point organisation.training.timing.start = 5)",
        ],
    );
    assert!(!err.contains("sweep value"), "{err}");
    // An error [base] makes on its own is not put on the sweep.
    let err = run_fails(
        "own.toml",
        &format!(
            "{head}turnover = 2.0\n{training}[sweep]\n\"organisation.training.timing.start\" = [1, 2]\n"
        ),
        &[
            "line 8",
            "key `base.organisation.turnover`",
            "between 0 and 1",
        ],
    );
    assert!(!err.contains("sweep point"), "{err}");
}
