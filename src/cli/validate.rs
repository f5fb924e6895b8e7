//! `negsim validate-findings`: run the published findings in `experiments/validation/` and
//! write the validation report.

use crate::error::{Error, Result};
use crate::output::atomic::write_file;
use crate::validation::{self, Options, report};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `negsim validate-findings`.
#[derive(Args, Debug, Clone)]
pub struct ValidateArgs {
    /// Fewer replications (each finding's `quick_replications`): a smoke test for CI.
    #[arg(long)]
    pub quick: bool,
    /// Folder with the validation experiments.
    #[arg(long, default_value = "experiments/validation")]
    pub dir: PathBuf,
    /// Output folder: a run folder per finding, validation.md and validation.csv.
    #[arg(long, default_value = "output/validation")]
    pub out: PathBuf,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Run every finding with this many seeds: its file's seed and the ones after it. A check
    /// passes only if it passes on every seed.
    #[arg(long, default_value_t = crate::validation::DEFAULT_SEEDS, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub seeds: u64,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
    /// A committed validation.csv (e.g. docs/validation.csv): exit with code 1 if a check that
    /// passes there fails here (for CI).
    #[arg(long, value_name = "CSV")]
    pub expect: Option<PathBuf>,
    /// Exit with code 1 if any check fails.
    #[arg(long, conflicts_with = "expect")]
    pub strict: bool,
    /// Also copy validation.md and validation.csv into this folder (e.g. docs).
    #[arg(long, value_name = "DIR")]
    pub publish: Option<PathBuf>,
}

/// Refuses, before the findings run, a `--publish` folder the report could not be copied into.
fn check_publish(dir: &Path) -> Result<()> {
    let refuse = |problem: String| {
        Err(Error::input(format!(
            "cannot publish the report into {}: {problem}",
            dir.display()
        ))
        .at_key("--publish")
        .with_hint("--publish takes a folder, e.g. --publish docs"))
    };
    // The nearest part of the path that exists must be a folder.
    if let Some(existing) = dir
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists())
        && !existing.is_dir()
    {
        return refuse(format!("{} is a file, not a folder", existing.display()));
    }
    for name in ["validation.md", "validation.csv"] {
        if dir.join(name).is_dir() {
            return refuse(format!("{name} there is a folder"));
        }
    }
    // Whether files can be written there at all, found out before the findings run.
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e).at_key("--publish"))?;
    crate::output::atomic::check_destination(
        &dir.join("validation.md"),
        "--publish",
        "report",
        "validation.md",
    )
}

/// Runs `negsim validate-findings`.
pub fn validate(args: ValidateArgs) -> Result<()> {
    super::check_threads(args.threads)?;
    // Read before anything runs: `--publish` may overwrite the very file.
    let expected = match &args.expect {
        Some(e) if !e.is_file() => {
            return Err(Error::input("no such file")
                .in_file(e)
                .with_hint("--expect takes a validation.csv, e.g. docs/validation.csv"));
        }
        Some(e) => Some(report::expected_passes(e)?),
        None => None,
    };
    if let Some(dir) = &args.publish {
        check_publish(dir)?;
    }
    if args.out.exists() && !args.out.is_dir() {
        return Err(Error::input(format!(
            "{} is a file; the findings' results go into a folder",
            args.out.display()
        ))
        .at_key("--out")
        .with_hint("give a folder, e.g. --out output/validation"));
    }
    crate::stop::install();
    let opts = Options {
        dir: args.dir.clone(),
        out: args.out.clone(),
        quick: args.quick,
        threads: args.threads,
        quiet: args.quiet,
        seeds: args.seeds,
    };
    let runs = validation::run_all(&opts)?;
    let markdown = report::markdown(&runs, args.quick, args.seeds);
    let table = report::csv(&runs)?;
    write_file(&args.out.join("validation.md"), markdown.as_bytes())?;
    write_file(&args.out.join("validation.csv"), &table)?;
    if let Some(dir) = &args.publish {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        write_file(&dir.join("validation.md"), markdown.as_bytes())?;
        write_file(&dir.join("validation.csv"), &table)?;
    }
    let total: usize = runs.iter().map(|r| r.verdicts.len()).sum();
    let passed: usize = runs.iter().map(|r| r.passed()).sum();
    for run in &runs {
        for (c, check) in run.finding.checks.iter().enumerate() {
            // Each seed's estimate, so that a check's robustness shows on the console too.
            let estimates: Vec<String> = run
                .seeds()
                .map(|(seed, e, v)| {
                    let e = &e[c];
                    format!(
                        "seed {seed}: {:.3} [{:.3}, {:.3}]{}",
                        e.value,
                        e.low,
                        e.high,
                        if v[c].pass() { "" } else { " FAIL" }
                    )
                })
                .collect();
            println!(
                "{}  {} {}: {}\n      {}",
                if run.passes(c) { "PASS" } else { "FAIL" },
                run.name,
                c + 1,
                check.claim,
                estimates.join("; ")
            );
        }
    }
    println!(
        "\n{passed} of {total} checks pass; report in {}",
        args.out.join("validation.md").display()
    );
    match (&expected, &args.expect) {
        (Some(expected), Some(path)) => {
            let lost = report::regressions(expected, &runs);
            if !lost.is_empty() {
                return Err(Error::failed(format!(
                    "{} check(s) that pass in {} fail now:\n  {}",
                    lost.len(),
                    path.display(),
                    lost.join("\n  ")
                )));
            }
            Ok(())
        }
        _ if args.strict && passed < total => Err(Error::failed(format!(
            "{} of {total} checks fail",
            total - passed
        ))
        .with_hint("validation.md says which and why; --expect docs/validation.csv fails only on checks that pass in the committed full run")),
        _ => Ok(()),
    }
}
