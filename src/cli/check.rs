//! `negsim check`: validate a config (experiment, case or culture) and print what it describes.

use crate::error::{Error, Result};
use crate::experiment::file::{ExperimentFile, value_label};
use crate::experiment::library::{Library, load_case, load_culture};
use crate::experiment::plan::toml_tree::leaves;
use crate::experiment::plan::{CaseSpec, Plan};
use crate::experiment::sensitivity::analysis;
use crate::experiment::sensitivity::design::SensitivityPlan;
use crate::experiment::sensitivity::spec::Method;
use crate::fault::ConfigKind;
use crate::model::case::Case;
use crate::model::culture::Culture;
use crate::model::organisation::OrganisationConfig;
use crate::model::prepared::PreparedCase;
use crate::model::traits::TraitName;
use crate::protocol::parameters::Parameters;
use crate::record::process::SweepMode;
use crate::source::Source;
use crate::text::{counted, levers, percent};
use clap::Args;
use std::fmt::Write;
use std::path::PathBuf;

/// Arguments of `negsim check`.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// An experiment, case or culture file.
    pub file: PathBuf,
    /// Also check that the experiment splits into N shards (given as K/N, as `negsim run
    /// --shard` takes it; only N is checked against the experiment), e.g. before a cluster script
    /// queues them.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

/// Runs `negsim check`.
pub fn check(args: CheckArgs) -> Result<()> {
    let checked = check_config(Source::read(&args.file)?)?;
    if let Some(shard) = args.shard.as_deref() {
        let Some((units, unit_name)) = checked.work else {
            return Err(Error::input(format!(
                "`--shard {shard}` splits an experiment's run, and {} is not an experiment",
                args.file.display()
            ))
            .at_key("--shard")
            .with_hint("check the experiment that uses it"));
        };
        crate::cli::run::check_shard_count(shard, units, unit_name)?;
    }
    print!("{}", checked.text);
    println!("ok: {} is valid", args.file.display());
    Ok(())
}

/// What checking a config found: its description and, for an experiment, the units of work
/// its run splits into shards (how many, and what they are).
struct Checked {
    text: String,
    work: Option<(u64, &'static str)>,
}

/// Validates a config (an experiment, case or culture, told apart by its keys) and describes
/// it: what `negsim check` prints before "ok".
pub fn describe(source: Source) -> Result<String> {
    Ok(check_config(source)?.text)
}

/// [`describe`], with the units of work of an experiment.
fn check_config(source: Source) -> Result<Checked> {
    let table = source.table()?;
    let mut work = None;
    let text = match ConfigKind::of(&table).unwrap_or(ConfigKind::Experiment) {
        ConfigKind::Case => {
            let name = source
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("case")
                .to_string();
            describe_case(&load_case(&source, &name)?)
        }
        ConfigKind::Culture => {
            let name = source.path.display().to_string();
            describe_culture(&load_culture(&source, &name)?)
        }
        ConfigKind::Experiment => {
            let file = ExperimentFile::parse(source)?;
            if file.sensitivity.is_some() {
                let library = Library::near(&file.source.path);
                let sp = SensitivityPlan::build(file, None, Some(library))?;
                work = Some((sp.plan.process_count(), "processes"));
                describe_sensitivity(&sp)
            } else {
                let plan =
                    Plan::build_with(file.clone(), None, Some(Library::near(&file.source.path)))?;
                work = Some((plan.process_count(), crate::cli::run::units_of_work(&plan)));
                describe_plan(&plan)
            }
        }
    };
    Ok(Checked { text, work })
}

/// A description of a case: stakeholders, issues and the shape of its outcome space.
pub fn describe_case(case: &Case) -> String {
    let prepared = PreparedCase::new(case.clone(), Parameters::default().exact_outcome_bound);
    let mut out = String::new();
    let _ = writeln!(out, "case `{}`: {}", case.name, case.title.en);
    let _ = writeln!(
        out,
        "  {} stakeholders, {} issues, {} packages; world threshold {}",
        case.stakeholders.len(),
        case.issues.len(),
        case.package_count(),
        case.world_threshold
    );
    let _ = writeln!(out, "  issues:");
    for issue in &case.issues {
        let options: Vec<String> = issue
            .options
            .iter()
            .map(|o| {
                if o.hidden {
                    format!("{} (hidden)", o.key)
                } else {
                    o.key.clone()
                }
            })
            .collect();
        let _ = writeln!(out, "    {:<14} {}", issue.key, options.join(", "));
    }
    let _ = writeln!(out, "  stakeholders (BATNA; top priorities):");
    for (s, st) in case.stakeholders.iter().enumerate() {
        let w = case.weights(s);
        let mut order: Vec<usize> = (0..w.len()).collect();
        order.sort_by(|&a, &b| w[b].total_cmp(&w[a]));
        let top: Vec<String> = order
            .iter()
            .take(3)
            .map(|&i| format!("{} {:.0}%", case.issues[i].key, 100.0 * w[i]))
            .collect();
        let _ = writeln!(
            out,
            "    {:<14} {:.2}; {}",
            st.key,
            st.batna,
            top.join(", ")
        );
    }
    let space = crate::metrics::outcome_space::OutcomeSpace::of(&prepared);
    let _ = writeln!(
        out,
        "  outcome space: {} Pareto-optimal packages ({})",
        space.len(),
        if space.exact { "exact" } else { "approximated" }
    );
    let show = |p: usize| {
        let u: Vec<String> = space
            .utilities(p)
            .iter()
            .map(|u| format!("{u:.2}"))
            .collect();
        format!(
            "{} (utilities {}; world value {:.2})",
            prepared.package_keys(space.package(p)),
            u.join(", "),
            prepared.world_value(space.package(p))
        )
    };
    let _ = writeln!(out, "  best joint package: {}", show(space.best_joint));
    match space.nash {
        Some(p) => {
            let _ = writeln!(out, "  Nash point: {}", show(p));
        }
        None => {
            let _ = writeln!(out, "  Nash point: none (no package beats every BATNA)");
        }
    }
    let feasible = (0..space.len()).filter(|&p| {
        let u = space.utilities(p);
        u.iter().zip(&prepared.batna).all(|(u, b)| u > b)
            && prepared.world_value(space.package(p)) >= case.world_threshold
    });
    let _ = writeln!(
        out,
        "  Pareto-optimal packages that are win-win-win: {}",
        feasible.count()
    );
    out
}

/// A description of a culture.
pub fn describe_culture(culture: &Culture) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "culture `{}`: {}",
        culture.name, culture.description.en
    );
    for (t, d) in TraitName::ALL.iter().zip(culture.traits.to_array()) {
        let _ = writeln!(
            out,
            "  {:<24} mean {:.2}  spread {:.2}",
            t.key(),
            d.mean,
            d.spread
        );
    }
    let n = &culture.norms;
    let _ = writeln!(
        out,
        "  norms: decision rule {}, disclosure {:.2}, facilitator {}",
        n.decision_rule.key(),
        n.disclosure,
        if n.facilitator { "yes" } else { "no" }
    );
    // A tactic changes who plays every seat the culture draws, so it must not go unseen.
    let _ = writeln!(
        out,
        "  tactic: {}",
        culture
            .tactic
            .as_deref()
            .unwrap_or("mindset (negsim's own round, the traits above)")
    );
    out
}

/// A description of an experiment's plan.
pub fn describe_plan(plan: &Plan) -> String {
    let f = &plan.file;
    let mut out = String::new();
    let _ = writeln!(out, "experiment `{}`", f.name);
    if !f.question.is_empty() {
        for line in f.question.lines() {
            let _ = writeln!(out, "  | {line}");
        }
    }
    let _ = writeln!(out, "  {}; seed {}", plan.size(), plan.seed);
    if plan.points() > 1 {
        let _ = writeln!(
            out,
            "  conditions as at the first sweep point (the sweep below varies them):"
        );
    }
    // What the base sets beyond what every condition's line shows (trait means, parameters):
    // it applies to every condition but would show nowhere else.
    let shown = [
        "case",
        "case_generator",
        "culture",
        "protocol",
        "deadline",
        "agenda",
        "agenda_order",
        "norms.decision_rule",
        "norms.facilitator",
        "stakeholders",
        "organisation",
    ];
    let mut base = settings(&f.base, "");
    base.retain(|k| {
        let key = k.split(" = ").next().unwrap_or_default();
        !shown
            .iter()
            .any(|s| key == *s || key.starts_with(&format!("{s}.")))
    });
    if !base.is_empty() {
        let _ = writeln!(
            out,
            "  every condition's base also sets {}",
            base.join(", ")
        );
    }
    for (c, cond) in f.conditions.iter().enumerate() {
        let cell = &plan.cells[c];
        let s = &cell.scenario;
        if let Some(org) = &s.organisation {
            describe_organisation(&mut out, &cond.name, cell, org);
            continue;
        }
        let case = match &cell.case {
            CaseSpec::Fixed(p) => format!("case {}", p.case.name),
            CaseSpec::Generated { generator, .. } => format!(
                "generated case ({} stakeholders, {} issues x {} options)",
                generator.stakeholders, generator.issues, generator.options
            ),
        };
        let _ = writeln!(
            out,
            "  condition `{}`: {case}, culture {}, {} protocol, deadline {}, {} agenda, decision rule {}, facilitator {}{}",
            cond.name,
            s.culture,
            s.protocol.key(),
            s.deadline,
            match s.agenda {
                crate::protocol::setup::Agenda::Package => "package",
                crate::protocol::setup::Agenda::Sequential => "sequential",
            },
            s.norms.decision_rule.key(),
            if s.norms.facilitator { "yes" } else { "no" },
            if s.stakeholders.is_empty() {
                String::new()
            } else {
                format!(", pins: {}", pins(s))
            }
        );
        // What sets this condition apart, as its table in the file wrote it (the line above
        // shows the result; trait overrides and norms it does not list show here).
        let mut own = settings(&cond.overrides, "");
        own.retain(|k| !k.starts_with("stakeholders.")); // shown with the pins
        if !own.is_empty() {
            let _ = writeln!(out, "    sets {}", own.join(", "));
        }
    }
    if f.meta.sweep_mode == SweepMode::OneAtATime && !f.sweep.is_empty() {
        let _ = writeln!(
            out,
            "  sweep one axis at a time (the others at their base values):"
        );
    }
    for axis in &f.sweep {
        let values: Vec<String> = axis.values.iter().map(value_label).collect();
        let _ = writeln!(out, "  sweep {} = [{}]", axis.key, values.join(", "));
    }
    if let Some(finding) = &f.finding {
        let _ = writeln!(
            out,
            "  finding `{}` ({}): {} checks; run it with `{program} validate-findings`",
            finding.title,
            finding.source,
            finding.checks.len(),
            program = crate::program::name(),
        );
        for check in &finding.checks {
            let _ = writeln!(out, "    - {}", check.claim);
        }
    }
    out
}

/// Each pinned stakeholder with what is pinned: `s1 (tactic boulware)`.
fn pins(s: &crate::experiment::scenario::Scenario) -> String {
    s.stakeholders
        .iter()
        .map(|(name, pin)| {
            let set = toml::Value::try_from(pin)
                .ok()
                .and_then(|v| v.as_table().map(|t| settings(t, "")))
                .unwrap_or_default();
            if set.is_empty() {
                name.clone()
            } else {
                format!("{name} ({})", set.join(", ").replace(" = ", " "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The keys a table sets, flattened: `traits.empathy.mean = 0.8`.
fn settings(table: &toml::Table, prefix: &str) -> Vec<String> {
    leaves(table, prefix)
        .into_iter()
        .map(|(key, v)| format!("{key} = {}", value_label(v)))
        .collect()
}

/// One condition of an organisation experiment: the organisation, its cases and its levers.
fn describe_organisation(
    out: &mut String,
    name: &str,
    cell: &crate::experiment::plan::Cell,
    org: &OrganisationConfig,
) {
    let s = &cell.scenario;
    let sizes = if org.group_size.min == org.group_size.max {
        format!("{}", org.group_size.min)
    } else {
        format!("{} to {}", org.group_size.min, org.group_size.max)
    };
    let tables = match org.processes_per_cycle {
        0 => format!("everyone at one table per cycle, tables of {sizes} people"),
        1 => format!("one table per cycle, of {sizes} people"),
        n => format!("up to {n} tables per cycle, of {sizes} people"),
    };
    let case = match &cell.case {
        CaseSpec::Fixed(p) => format!("case {} at every table", p.case.name),
        CaseSpec::Generated { generator, .. } => format!(
            "{} generated cases per table size ({} issues x {} options)",
            org.case_pool, generator.issues, generator.options
        ),
    };
    let turnover = if org.turnover == 0.0 {
        "no turnover".to_string()
    } else {
        format!(
            "{} turnover per cycle, newcomers hired from {}",
            percent(org.turnover),
            org.hiring_culture.as_deref().unwrap_or("the same culture")
        )
    };
    let _ = writeln!(
        out,
        "  condition `{name}`: {} people over {}, {tables}; {case}; culture {}, {turnover}; deadline {}, decision rule {}",
        org.population,
        counted(org.cycles, "cycle", "cycles"),
        s.culture,
        s.deadline,
        s.norms.decision_rule.key(),
    );
    let _ = writeln!(out, "    levers: {}", levers(org));
}

/// What `negsim check` says about a sensitivity analysis: the design's size, the conditions
/// at their base values, the parameters and the outputs.
pub fn describe_sensitivity(sp: &SensitivityPlan) -> String {
    let f = &sp.plan.file;
    let mut out = String::new();
    let _ = writeln!(out, "sensitivity analysis `{}`", f.name);
    for line in f.question.lines() {
        let _ = writeln!(out, "  | {line}");
    }
    let _ = writeln!(out, "  {}; seed {}", sp.size(), sp.plan.seed);
    match sp.spec.method {
        Method::Morris {
            trajectories,
            levels,
        } => {
            let _ = writeln!(
                out,
                "  Morris elementary effects: {trajectories} trajectories on {levels} levels; {} bootstrap resamples",
                sp.spec.bootstrap
            );
        }
        Method::Sobol { samples } => {
            let _ = writeln!(
                out,
                "  Sobol' indices (Saltelli design, Jansen total order): {samples} samples; {} bootstrap resamples",
                sp.spec.bootstrap
            );
        }
    }
    let _ = writeln!(
        out,
        "  conditions at their base values (the parameters vary them):"
    );
    let base = describe_plan(&sp.base);
    for line in base.lines().filter(|l| {
        l.starts_with("  condition `") || l.starts_with("    sets ") || l.starts_with("  every ")
    }) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "  parameters:");
    let width = sp
        .spec
        .parameters
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for (p, whole) in sp.spec.parameters.iter().zip(&sp.whole) {
        let _ = writeln!(
            out,
            "    {:<width$}  {} to {}{}{}{}",
            p.name,
            p.low,
            p.high,
            if *whole { " (whole numbers)" } else { "" },
            if p.name != p.key && !p.name.starts_with(&format!("{}[", p.key)) {
                format!(", sets {}", p.key)
            } else {
                String::new()
            },
            match p.condition {
                Some(c) => format!(", in condition `{}` only", f.conditions[c].name),
                None => String::new(),
            }
        );
    }
    let _ = writeln!(out, "  outputs:");
    for o in &sp.spec.outputs {
        let _ = writeln!(
            out,
            "    {}: mean {} in {}",
            o.name,
            o.metric,
            analysis::measure_label(sp, o)
        );
    }
    out
}
