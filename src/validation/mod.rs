//! Scientific validation: published negotiation findings reproduced as bundled experiments.
//!
//! Each file in `experiments/validation/` is an ordinary experiment (it runs with `negsim run`)
//! with a [`finding::Finding`] section: the finding, its source, the hypothesis and the checks
//! that test it. [`run_all`] runs every file, [`measure`] estimates each check with its 95%
//! interval from the CSVs the run wrote, and [`report`] writes `validation.md` and
//! `validation.csv`.

pub mod measure;
pub mod report;

use crate::error::{Error, Result};
use crate::experiment::file::ExperimentFile;
use crate::experiment::finding::{self, Finding};
use crate::experiment::plan::{CaseSpec, Plan};
use crate::experiment::runner::{self, RunOptions};
use crate::experiment::stats;
use measure::{CheckEstimate, Verdict};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where and how to run the findings.
#[derive(Clone, Debug)]
pub struct Options {
    /// Folder with the validation experiments.
    pub dir: PathBuf,
    /// Output folder: one run folder per finding, plus the report.
    pub out: PathBuf,
    /// Fewer replications (each finding's `quick_replications`).
    pub quick: bool,
    /// Worker threads (default: all cores); results do not depend on it.
    pub threads: Option<usize>,
    /// No progress output.
    pub quiet: bool,
    /// Seeds each finding runs with: its file's seed and the `seeds - 1` seeds after it (a
    /// finding that holds on one seed only is not robust).
    pub seeds: u64,
}

/// Seeds a finding is run with by default: its file's and the next two.
pub const DEFAULT_SEEDS: u64 = 3;

/// One finding, run and measured.
#[derive(Clone, Debug)]
pub struct FindingRun {
    /// The experiment file, as named in the options' folder.
    pub file: PathBuf,
    /// The experiment's name (also its run folder).
    pub name: String,
    /// The finding.
    pub finding: Finding,
    /// Seed.
    pub seed: u64,
    /// Replications per condition.
    pub replications: u64,
    /// Conditions, in file order.
    pub conditions: Vec<String>,
    /// One estimate per check.
    pub estimates: Vec<CheckEstimate>,
    /// One verdict per check.
    pub verdicts: Vec<Verdict>,
    /// The same finding run again with the seeds after the file's.
    pub more_seeds: Vec<SeedRun>,
}

/// A finding's checks measured on a run with another seed.
#[derive(Clone, Debug)]
pub struct SeedRun {
    /// Seed.
    pub seed: u64,
    /// One estimate per check.
    pub estimates: Vec<CheckEstimate>,
    /// One verdict per check.
    pub verdicts: Vec<Verdict>,
}

impl FindingRun {
    /// Every check with its index, estimate and verdict on the file's seed.
    pub fn results(
        &self,
    ) -> impl Iterator<Item = (usize, &finding::Check, &CheckEstimate, &Verdict)> {
        self.finding
            .checks
            .iter()
            .zip(&self.estimates)
            .zip(&self.verdicts)
            .enumerate()
            .map(|(c, ((check, e), v))| (c, check, e, v))
    }

    /// Every seed's run: the file's seed first, with its estimates and verdicts.
    pub fn seeds(&self) -> impl Iterator<Item = (u64, &[CheckEstimate], &[Verdict])> {
        std::iter::once((self.seed, &self.estimates[..], &self.verdicts[..])).chain(
            self.more_seeds
                .iter()
                .map(|r| (r.seed, &r.estimates[..], &r.verdicts[..])),
        )
    }

    /// Whether check `c` (from 0) passes on every seed.
    pub fn passes(&self, c: usize) -> bool {
        self.seeds()
            .all(|(_, _, v)| v.get(c).is_some_and(Verdict::pass))
    }

    /// Checks that pass on every seed.
    pub fn passed(&self) -> usize {
        (0..self.verdicts.len()).filter(|&c| self.passes(c)).count()
    }
}

/// The validation experiments in a folder, sorted by file name.
pub fn experiment_files(dir: &Path) -> Result<Vec<PathBuf>> {
    // A folder that is not there, or not a folder, is the user's to fix (exit code 2), as a
    // config file that is not there is; other failures to read it are the machine's.
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let e = match e.kind() {
            std::io::ErrorKind::NotFound => Error::input("folder not found").in_file(dir),
            std::io::ErrorKind::NotADirectory => {
                Error::input("this is a file, not a folder").in_file(dir)
            }
            _ => Error::io(dir, &e),
        };
        e.with_hint("run from the project folder, or name the folder with --dir")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(
            Error::input("no validation experiments (*.toml) in this folder")
                .in_file(dir)
                .with_hint("the bundled ones are in experiments/validation"),
        );
    }
    Ok(files)
}

/// Reads a validation experiment: an experiment file with a `[finding]`, whose checks compare
/// conditions of process experiments without a sweep.
pub fn read(path: &Path) -> Result<(ExperimentFile, Finding)> {
    let file = ExperimentFile::read(path)?;
    let finding = file.finding.clone().ok_or_else(|| {
        Error::input("this experiment has no [finding] section")
            .in_file(path)
            .with_hint("a validation experiment states its finding, source, hypothesis and checks under [finding]")
    })?;
    if !file.sweep.is_empty() {
        return Err(file
            .source
            .error_at(
                "sweep",
                "validation experiments compare conditions; they have no [sweep]",
            )
            .with_hint("write each point to compare as a [[condition]]"));
    }
    if file.base.contains_key("organisation") {
        return Err(file
            .source
            .error_at(
                "base.organisation",
                "validation experiments are process experiments",
            )
            .with_hint(
                "findings are checked on processes.csv; organisation runs write cycles.csv",
            ));
    }
    Ok((file, finding))
}

/// The stakeholder keys of a condition's case (`s1`, `s2`, ... for generated cases).
fn stakeholder_keys(plan: &Plan, condition: usize) -> Vec<String> {
    match &plan.cells[condition].case {
        CaseSpec::Fixed(case) => case
            .case
            .stakeholders
            .iter()
            .map(|s| s.key.clone())
            .collect(),
        CaseSpec::Generated { generator, .. } => (1..=generator.stakeholders)
            .map(|s| format!("s{s}"))
            .collect(),
    }
}

/// Checks that every term naming a stakeholder names one of its condition's case.
fn check_stakeholders(plan: &Plan, finding: &Finding) -> Result<()> {
    let source = &plan.file.source;
    for (c, check) in finding.checks.iter().enumerate() {
        for (t, term) in check.terms.iter().enumerate() {
            let Some(key) = &term.stakeholder else {
                continue;
            };
            let condition = plan
                .file
                .conditions
                .iter()
                .position(|x| x.name == term.condition)
                .unwrap_or(0);
            let keys = stakeholder_keys(plan, condition);
            if !keys.contains(key) {
                return Err(source
                    .error_at(
                        &format!("finding.checks.{c}.terms.{t}.stakeholder"),
                        format!("condition `{}` has no stakeholder `{key}`", term.condition),
                    )
                    .with_hint(format!("its stakeholders are: {}", keys.join(", "))));
            }
        }
    }
    Ok(())
}

/// Reads a validation experiment and builds its plan (every scenario and stakeholder checked),
/// with the quick replications if asked for, and with `seed` instead of the file's if given.
fn prepare(path: &Path, quick: bool, seed: Option<u64>) -> Result<(Plan, Finding)> {
    let (mut file, finding) = read(path)?;
    if let Some(seed) = seed {
        file.meta.seed = seed;
    }
    if quick {
        file.meta.replications = finding
            .quick_replications
            .unwrap_or((file.meta.replications / 5).max(20))
            .min(file.meta.replications);
    }
    let plan = Plan::build(file, None)?;
    check_stakeholders(&plan, &finding)?;
    Ok((plan, finding))
}

/// Runs one finding's experiment into `out/<name>` (and, with more seeds, into
/// `out/<name>-seed-<seed>`) and measures its checks.
pub fn run_finding(path: &Path, opts: &Options) -> Result<FindingRun> {
    let (plan, finding) = prepare(path, opts.quick, None)?;
    run_prepared(path, plan, finding, opts)
}

/// The seeds after `seed` that a finding also runs with.
fn more_seeds(seed: u64, opts: &Options) -> impl Iterator<Item = u64> {
    (1..opts.seeds.max(1)).map(move |k| seed.wrapping_add(k))
}

/// Runs a prepared finding (see [`prepare`]) on its seed and on the seeds after it.
fn run_prepared(path: &Path, plan: Plan, finding: Finding, opts: &Options) -> Result<FindingRun> {
    let conditions: Vec<String> = plan
        .file
        .conditions
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let name = plan.file.name.clone();
    let (seed, replications) = (plan.seed, plan.replications);
    let started = Instant::now();
    if !opts.quiet {
        eprint!(
            "{program}: {name}: {} conditions x {} replications x {} seed{} ... ",
            plan.conditions(),
            plan.replications,
            opts.seeds.max(1),
            if opts.seeds > 1 { "s" } else { "" },
            program = crate::program::name(),
        );
    }
    let (estimates, verdicts) = run_seed(path, &plan, &finding, &opts.out.join(&name), opts)?;
    let mut more = Vec::new();
    for seed in more_seeds(seed, opts) {
        let (plan, _) = prepare(path, opts.quick, Some(seed))?;
        let dir = opts.out.join(format!("{name}-seed-{seed}"));
        let (estimates, verdicts) = run_seed(path, &plan, &finding, &dir, opts)?;
        more.push(SeedRun {
            seed,
            estimates,
            verdicts,
        });
    }
    let run = FindingRun {
        file: path.to_path_buf(),
        name,
        seed,
        replications,
        finding,
        conditions,
        estimates,
        verdicts,
        more_seeds: more,
    };
    if !opts.quiet {
        eprintln!(
            "{} of {} checks pass ({:.1} s)",
            run.passed(),
            run.verdicts.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(run)
}

/// Runs a finding's plan into `dir` and measures its checks.
fn run_seed(
    path: &Path,
    plan: &Plan,
    finding: &Finding,
    dir: &Path,
    opts: &Options,
) -> Result<(Vec<CheckEstimate>, Vec<Verdict>)> {
    let dir = dir.to_path_buf();
    // The report holds the folder's lock until the finding is measured.
    let _report = runner::run(
        plan,
        &RunOptions {
            out: dir.clone(),
            threads: opts.threads,
            quiet: true,
            force: true,
            resume: false,
            shard: None,
        },
    )?;
    stats::summarise(&dir, plan)?;
    let estimates = measure::measure(&dir, finding).map_err(|e| e.or_file(path))?;
    let verdicts: Vec<Verdict> = finding
        .checks
        .iter()
        .zip(&estimates)
        .map(|(c, e)| measure::judge(c, e))
        .collect();
    Ok((estimates, verdicts))
}

/// Runs every validation experiment in the folder, in file-name order.
pub fn run_all(opts: &Options) -> Result<Vec<FindingRun>> {
    // Prepare them all first, so that a broken file is reported before anything runs.
    let files = experiment_files(&opts.dir)?;
    let prepared = files
        .iter()
        .map(|f| prepare(f, opts.quick, None))
        .collect::<Result<Vec<_>>>()?;
    // Each finding runs into the folder named after its experiment, and --expect finds it by
    // that name: two files with one name would overwrite each other's runs.
    for (i, (_, (plan, _))) in files.iter().zip(&prepared).enumerate() {
        let name = &plan.file.name;
        if let Some(first) = prepared[..i].iter().position(|(p, _)| &p.file.name == name) {
            return Err(Error::input(format!(
                "two validation experiments are named `{name}`: {} and this file",
                files[first].display()
            ))
            .in_file(&files[i])
            .at_line(plan.file.source.line_of("experiment.name"))
            .at_key("experiment.name")
            .with_hint("give every experiment in the folder its own [experiment] name"));
        }
    }
    files
        .iter()
        .zip(prepared)
        .map(|(f, (plan, finding))| run_prepared(f, plan, finding, opts))
        .collect()
}
