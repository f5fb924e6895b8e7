//! The validation report: `validation.md` for people and `validation.csv` for machines (and
//! for `--expect`, which compares a run with a committed full run).

use crate::error::{Error, Result};
use crate::experiment::finding::{Among, Check, Expect, Statistic};
use crate::output::csv_row::Row;
use crate::validation::FindingRun;
use crate::validation::measure::{CheckEstimate, Verdict, read_table};
use std::fmt::Write as _;
use std::path::Path;

/// Columns of `validation.csv`.
pub const COLUMNS: &[&str] = &[
    "finding",
    "check",
    "claim",
    "metric",
    "among",
    "statistic",
    "expect",
    "than",
    "size_low",
    "size_high",
    "estimate",
    "ci_low",
    "ci_high",
    "n",
    "interval",
    "direction",
    "size",
    "verdict",
    "replications",
    "seed",
    "cohens_d",
    "source_d",
];

fn verdict_key(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
}

fn size_key(size: Option<bool>) -> &'static str {
    match size {
        None => "",
        Some(true) => "PASS",
        Some(false) => "FAIL",
    }
}

/// `validation.csv`: one row per check and seed (the file's seed first).
pub fn csv(runs: &[FindingRun]) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::input(format!("cannot write validation.csv: {e}"));
    out.write_record(COLUMNS).map_err(fail)?;
    let mut row = Row::new();
    for run in runs {
        let rows = run.seeds().flat_map(|(seed, estimates, verdicts)| {
            run.finding
                .checks
                .iter()
                .zip(estimates.iter().zip(verdicts))
                .enumerate()
                .map(move |(c, (check, (e, v)))| (seed, c, check, e, v))
        });
        for (seed, c, check, e, v) in rows {
            row.clear();
            row.text(&run.name)
                .int(c as u64 + 1)
                .text(&check.claim)
                .text(&metric_label(check))
                .text(check.among.key())
                .text(check.statistic.key())
                .text(check.expect.key())
                .num(check.than);
            match check.size {
                Some([lo, hi]) => row.num(lo).num(hi),
                None => row.text("").text(""),
            };
            row.num(e.value)
                .num(e.low)
                .num(e.high)
                .int(e.n)
                .text(e.interval.key())
                .text(verdict_key(v.direction))
                .text(size_key(v.size))
                .text(verdict_key(v.pass()))
                .int(run.replications)
                .int(seed)
                .num(e.effect_size);
            match check.source_d {
                Some(d) => row.num(d),
                None => row.text(""),
            };
            out.write_byte_record(row.record()).map_err(fail)?;
        }
    }
    out.into_inner()
        .map_err(|e| Error::input(format!("cannot write validation.csv: {e}")))
}

/// The metric as the report names it: one metric, or the terms' metrics where they differ.
fn metric_label(check: &Check) -> String {
    let mut names: Vec<&str> = Vec::new();
    for t in &check.terms {
        let m = t.metric(check);
        if !names.contains(&m) {
            names.push(m);
        }
    }
    names.join(" / ")
}

/// The contrast in words, e.g. `problem-solving - yielding`.
pub fn contrast_text(check: &Check) -> String {
    let mut s = String::new();
    for (i, t) in check.terms.iter().enumerate() {
        let who = match (&t.stakeholder, &t.metric) {
            (Some(k), Some(m)) => format!("{} ({k}, {m})", t.condition),
            (Some(k), None) => format!("{} ({k})", t.condition),
            (None, Some(m)) => format!("{} ({m})", t.condition),
            (None, None) => t.condition.clone(),
        };
        let w = t.weight.abs();
        let factor = if w == 1.0 {
            String::new()
        } else {
            format!("{} x ", trim(w))
        };
        match (i, t.weight < 0.0) {
            (0, false) => {}
            (0, true) => s.push_str("- "),
            (_, false) => s.push_str(" + "),
            (_, true) => s.push_str(" - "),
        }
        s.push_str(&factor);
        s.push_str(&who);
    }
    s
}

fn trim(x: f64) -> String {
    let t = format!("{x:.3}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    t.to_string()
}

fn number(x: f64) -> String {
    if x.is_nan() {
        "n/a".into()
    } else {
        format!("{x:.3}")
    }
}

/// The expectation in words, e.g. `> 0` or `< 0.7, size 0.1 to 0.35`.
fn expectation(check: &Check) -> String {
    let side = match check.expect {
        Expect::Above => ">",
        Expect::Below => "<",
    };
    let mut s = format!("{side} {}", trim(check.than));
    if let Some([lo, hi]) = check.size {
        let _ = write!(s, "; size {} to {}", trim(lo), trim(hi));
    }
    s
}

/// Cohen's d, or `n/a` without spread.
fn d_text(d: f64) -> String {
    if d.is_finite() {
        format!("{d:.2}")
    } else {
        "n/a".into()
    }
}

/// The source's effect size, or a dash where it reports none.
fn source_d_text(check: &Check) -> String {
    check
        .source_d
        .map_or_else(|| "-".into(), |d| format!("{d:.2}"))
}

fn estimate_text(e: &CheckEstimate) -> String {
    format!(
        "{} [{}, {}]",
        number(e.value),
        number(e.low),
        number(e.high)
    )
}

fn verdict_text(v: &Verdict) -> String {
    let mut s = verdict_key(v.pass()).to_string();
    if !v.pass() {
        let why = match (v.direction, v.size) {
            (false, Some(false)) => " (direction, size)",
            (false, _) => " (direction)",
            (true, Some(false)) => " (size)",
            _ => "",
        };
        s.push_str(why);
    }
    s
}

/// Markdown cells cannot hold a bare `|`.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `validation.md`: the summary table, then every finding with its source, hypothesis, checks
/// and discussion.
pub fn markdown(runs: &[FindingRun], quick: bool, seeds: u64) -> String {
    let total: usize = runs.iter().map(|r| r.verdicts.len()).sum();
    let passed: usize = runs.iter().map(FindingRun::passed).sum();
    let mut command = crate::program::command("validate-findings");
    if quick {
        command.push_str(" --quick");
    }
    if seeds != crate::validation::DEFAULT_SEEDS {
        let _ = write!(command, " --seeds {seeds}");
    }
    let seed_words = match seeds {
        0 | 1 => "on its file's seed".to_string(),
        2 => "on its file's seed and on the next seed".to_string(),
        n => format!("on its file's seed and on the {} seeds after it", n - 1),
    };
    let mut s = String::new();
    let _ = writeln!(s, "# Validation: published findings reproduced by negsim\n");
    let _ = writeln!(
        s,
        "Generated by `{command}` (negsim {}). Each finding is an experiment in \
         `experiments/validation/`, run {seed_words}; every check is a contrast of its \
         conditions, estimated with \
         a 95% confidence interval: a paired t-interval over replications when every term has a \
         value in the same replications (conditions share their random streams per \
         replication), a Wilson interval for a single share, a t-interval for a single mean, \
         and Welch's interval when a filter leaves the terms different replications (it takes \
         them as independent, which they are only approximately). The column *interval* says \
         which. A check passes when the whole interval lies on the \
         side the literature predicts and, where the source gives a size, the estimate lies in \
         that range, on every seed. *d* is Cohen's d of the contrast on the file's seed (the \
         estimate over the conditions' pooled standard deviation; for a single condition, its \
         distance from the expected bound), beside the source's d where the source reports \
         one. Each finding's run (processes.csv, stakeholders.csv, summary.csv, \
         comparison.csv) is in a folder of the output directory named after the experiment \
         (`<name>-seed-<seed>` for the other seeds).\n",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        s,
        "**{passed} of {total} checks pass{}.**\n",
        if seeds > 1 { " on every seed" } else { "" }
    );
    let columns = runs
        .iter()
        .map(|r| r.more_seeds.len() + 1)
        .max()
        .unwrap_or(1);
    let mut header = String::from("| finding | check | estimate [95% CI], file's seed |");
    let mut rule = String::from("|---|---|---|");
    for k in 1..columns {
        let _ = write!(header, " seed + {k} |");
        rule.push_str("---|");
    }
    header.push_str(" d | source d | expected | verdict |");
    rule.push_str("---|---|---|---|");
    let _ = writeln!(s, "{header}\n{rule}");
    for run in runs {
        for (c, check, e, _) in run.results() {
            let mut row = format!(
                "| {} | {}. {} |",
                cell(&run.finding.title),
                c + 1,
                cell(&check.claim)
            );
            for k in 0..columns {
                match run.seeds().nth(k) {
                    Some((_, estimates, verdicts)) => {
                        let mark = if verdicts[c].pass() { "" } else { " (fails)" };
                        let _ = write!(row, " {}{mark} |", estimate_text(&estimates[c]));
                    }
                    None => row.push_str(" |"),
                }
            }
            let _ = writeln!(
                s,
                "{row} {} | {} | {} | {} |",
                d_text(e.effect_size),
                source_d_text(check),
                expectation(check),
                overall_verdict(run, c)
            );
        }
    }
    for run in runs {
        let f = &run.finding;
        let _ = writeln!(s, "\n## {}\n", f.title);
        let _ = writeln!(s, "- **Source:** {}", f.source);
        let _ = writeln!(s, "- **Hypothesis:** {}", f.hypothesis);
        let seeds: Vec<String> = run.seeds().map(|(seed, _, _)| seed.to_string()).collect();
        let _ = writeln!(
            s,
            "- **Experiment:** `{}` ({} conditions: {}; {} replications each, seed {})",
            display_path(&run.file),
            run.conditions.len(),
            run.conditions.join(", "),
            run.replications,
            seeds.join(", "),
        );
        let _ = writeln!(
            s,
            "- **Result:** {} of {} checks pass{}.\n",
            run.passed(),
            run.verdicts.len(),
            if seeds.len() > 1 {
                " on every seed"
            } else {
                ""
            }
        );
        let _ = writeln!(
            s,
            "| check | metric | contrast | n | estimate [95% CI] | interval | d | source d | expected | verdict |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|");
        for (c, check, e, v) in run.results() {
            let mut metric = metric_label(check);
            if check.statistic == Statistic::SharePositive {
                metric = format!("share with {metric} > 0");
            }
            if check.among != Among::All {
                let _ = write!(metric, ", {} only", check.among.key());
            }
            let _ = writeln!(
                s,
                "| {}. {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                c + 1,
                cell(&check.claim),
                cell(&metric),
                cell(&contrast_text(check)),
                e.n,
                estimate_text(e),
                e.interval.label(),
                d_text(e.effect_size),
                source_d_text(check),
                expectation(check),
                verdict_text(v)
            );
        }
        if !run.more_seeds.is_empty() {
            let _ = writeln!(
                s,
                "\nThe same checks with the other seeds:\n\n| check | seed | n | estimate [95% CI] | d | verdict |\n|---|---|---|---|---|---|"
            );
            for more in &run.more_seeds {
                for (c, (e, v)) in more.estimates.iter().zip(&more.verdicts).enumerate() {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} | {} | {} |",
                        c + 1,
                        more.seed,
                        e.n,
                        estimate_text(e),
                        d_text(e.effect_size),
                        verdict_text(v)
                    );
                }
            }
        }
        if !f.discussion.trim().is_empty() {
            let _ = writeln!(s, "\n{}", f.discussion.trim());
        }
    }
    s
}

/// PASS when a check passes on every seed, else the first failing seed's verdict.
fn overall_verdict(run: &FindingRun, c: usize) -> String {
    match run.seeds().find(|(_, _, v)| !v[c].pass()) {
        None => verdict_key(true).to_string(),
        Some((_, _, v)) if run.more_seeds.is_empty() => verdict_text(&v[c]),
        Some((seed, _, v)) => format!("{} on seed {seed}", verdict_text(&v[c])),
    }
}

/// A path with `/` separators, so the report reads the same on every platform.
fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A check that passes in a committed `validation.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedPass {
    /// Finding (experiment name).
    pub finding: String,
    /// Check number, from 1.
    pub check: usize,
    /// The claim.
    pub claim: String,
}

/// The checks that pass in a committed `validation.csv`: on every seed it holds a row for.
pub fn expected_passes(path: &Path) -> Result<Vec<ExpectedPass>> {
    let mut out: Vec<(ExpectedPass, bool)> = Vec::new();
    read_table(
        path,
        &["finding", "check", "claim", "verdict"],
        &[],
        |fields, _| {
            let check = fields[1].parse().map_err(|_| {
                Error::input(format!(
                    "`check`: expected a check number, found `{}`",
                    fields[1]
                ))
                .in_file(path)
                .with_hint(format!(
                    "--expect takes a validation.csv written by {program} validate-findings",
                    program = crate::program::name()
                ))
            })?;
            let pass = fields[3] == "PASS";
            match out
                .iter_mut()
                .find(|(e, _)| e.finding == fields[0] && e.check == check)
            {
                Some((_, all)) => *all &= pass,
                None => out.push((
                    ExpectedPass {
                        finding: fields[0].to_string(),
                        check,
                        claim: fields[2].to_string(),
                    },
                    pass,
                )),
            }
            Ok(())
        },
    )?;
    Ok(out
        .into_iter()
        .filter(|(_, pass)| *pass)
        .map(|(e, _)| e)
        .collect())
}

/// The expected passes that this run does not pass (a check it did not run counts too, and so
/// does a check whose claim changed: checks are matched by number, and a renumbered check
/// would otherwise be compared with another's verdict), in words.
pub fn regressions(expected: &[ExpectedPass], runs: &[FindingRun]) -> Vec<String> {
    let mut out = Vec::new();
    for e in expected {
        let index = e.check.wrapping_sub(1);
        let now = runs
            .iter()
            .find(|r| r.name == e.finding)
            .and_then(|r| Some((r.passes(index), &r.finding.checks.get(index)?.claim)));
        match now {
            Some((_, claim)) if *claim != e.claim => out.push(format!(
                "{} check {} is now \"{}\", not \"{}\" (regenerate the expected file)",
                e.finding, e.check, claim, e.claim
            )),
            Some((true, _)) => {}
            Some(_) => out.push(format!(
                "{} check {} ({}) now fails",
                e.finding, e.check, e.claim
            )),
            None => out.push(format!(
                "{} check {} ({}) was not run",
                e.finding, e.check, e.claim
            )),
        }
    }
    out
}
