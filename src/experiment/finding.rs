//! The `[finding]` section of a validation experiment: a published finding, where it comes
//! from, and the checks that test it against the experiment's conditions.
//!
//! ```toml
//! [finding]
//! title = "Toughness trade-off"
//! source = "Faratin, Sierra & Jennings (1998)"
//! hypothesis = "Boulware against Conceder wins the higher individual utility."
//!
//! [[finding.checks]]
//! claim = "Boulware gets more than Conceder"
//! metric = "utility"
//! terms = [
//!   { condition = "boulware-conceder", stakeholder = "s1" },
//!   { condition = "boulware-conceder", stakeholder = "s2", weight = -1 },
//! ]
//! ```
//!
//! A check's estimate is the contrast `sum(weight * statistic of the term)`; it passes when its
//! 95% interval lies on the expected side of `than` (the direction) and, where the source gives
//! a size, the estimate lies in `size`.

use crate::error::Result;
use crate::record::columns::{PROCESS_METRICS, StakeholderColumn};
use crate::source::Source;
use serde::{Deserialize, Serialize};

/// A finding from the literature and the checks that test it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Short name of the finding.
    pub title: String,
    /// The publications it comes from.
    pub source: String,
    /// The hypothesis, in words.
    pub hypothesis: String,
    /// Replications per condition in `--quick` runs (default: a fifth of the full run's, at
    /// least 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_replications: Option<u64>,
    /// What the model says about the finding: why it holds or, where it fails, why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub discussion: String,
    /// The checks.
    pub checks: Vec<Check>,
}

/// One testable claim: a contrast of conditions on one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The claim, in words.
    pub claim: String,
    /// Column of `processes.csv` (or of `stakeholders.csv` for terms naming a stakeholder).
    pub metric: String,
    /// Which processes count.
    #[serde(default)]
    pub among: Among,
    /// What is averaged per term.
    #[serde(default)]
    pub statistic: Statistic,
    /// The terms of the contrast.
    pub terms: Vec<Term>,
    /// On which side of `than` the estimate is expected.
    #[serde(default)]
    pub expect: Expect,
    /// The reference value (default 0: a difference with a sign).
    #[serde(default)]
    pub than: f64,
    /// The size the source reports, as `[low, high]` for the estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<[f64; 2]>,
    /// The effect size the source reports for this contrast, as Cohen's d; the report shows
    /// negsim's d beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_d: Option<f64>,
}

/// One condition (optionally one stakeholder in it) with a weight in the contrast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Condition name.
    pub condition: String,
    /// Stakeholder key: the term reads `stakeholders.csv` rows of this stakeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder: Option<String>,
    /// Metric for this term, instead of the check's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Weight in the contrast.
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// Which processes a check counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Among {
    /// Every process.
    #[default]
    All,
    /// Processes that reached an agreement.
    Agreements,
    /// Processes that ended without agreement.
    Impasses,
}

/// What a term averages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    /// The mean of the metric (a rate for true/false metrics).
    #[default]
    Mean,
    /// The share of processes where the metric is above 0.
    SharePositive,
}

/// The expected side of the reference value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// The whole interval above `than`.
    #[default]
    Above,
    /// The whole interval below `than`.
    Below,
}

impl Expect {
    /// `above` or `below`.
    pub fn key(self) -> &'static str {
        match self {
            Expect::Above => "above",
            Expect::Below => "below",
        }
    }
}

impl Among {
    /// `all`, `agreements` or `impasses`.
    pub fn key(self) -> &'static str {
        match self {
            Among::All => "all",
            Among::Agreements => "agreements",
            Among::Impasses => "impasses",
        }
    }
}

impl Statistic {
    /// `mean` or `share_positive`.
    pub fn key(self) -> &'static str {
        match self {
            Statistic::Mean => "mean",
            Statistic::SharePositive => "share_positive",
        }
    }
}

/// Metrics of `processes.csv` a check may name.
pub fn process_metrics() -> Vec<&'static str> {
    PROCESS_METRICS.all().map(|c| c.name).collect()
}

/// Columns of `stakeholders.csv` a check may name: the stakeholder's outcomes.
pub fn stakeholder_metrics() -> Vec<&'static str> {
    StakeholderColumn::OUTCOMES
        .map(|c| c.column().name)
        .to_vec()
}

impl Term {
    /// The metric this term reads.
    pub fn metric<'a>(&'a self, check: &'a Check) -> &'a str {
        self.metric.as_deref().unwrap_or(&check.metric)
    }
}

impl Finding {
    /// Checks that every term names a condition of the file and a metric negsim writes.
    pub fn validate(&self, source: &Source, conditions: &[String]) -> Result<()> {
        let text = |key: &str, value: &str| -> Result<()> {
            if value.trim().is_empty() {
                return Err(source
                    .error_at(&format!("finding.{key}"), format!("finding.{key} is empty"))
                    .with_hint("say it in a sentence: the report prints it"));
            }
            Ok(())
        };
        text("title", &self.title)?;
        text("source", &self.source)?;
        text("hypothesis", &self.hypothesis)?;
        if self.quick_replications == Some(0) {
            return Err(source
                .error_at(
                    "finding.quick_replications",
                    "quick_replications must be at least 1",
                )
                .with_hint("e.g. quick_replications = 40"));
        }
        if self.checks.is_empty() {
            return Err(source
                .error_at("finding", "a finding needs at least one [[finding.checks]]")
                .with_hint("each check is a claim, a metric and the terms of a contrast"));
        }
        let processes = process_metrics();
        let stakeholders = stakeholder_metrics();
        for (c, check) in self.checks.iter().enumerate() {
            let at = |k: &str| format!("finding.checks.{c}.{k}");
            if check.claim.trim().is_empty() {
                return Err(source.error_at(&at("claim"), "a check's claim is empty"));
            }
            if check.terms.is_empty() {
                return Err(source
                    .error_at(&at("terms"), "a check needs at least one term")
                    .with_hint(
                        "e.g. terms = [{ condition = \"a\" }, { condition = \"b\", weight = -1 }]",
                    ));
            }
            if !check.than.is_finite() {
                return Err(source.error_at(&at("than"), "`than` must be a finite number"));
            }
            if check.source_d.is_some_and(|d| !d.is_finite()) {
                return Err(source
                    .error_at(&at("source_d"), "`source_d` must be a finite number")
                    .with_hint("the source's effect size as Cohen's d, e.g. source_d = 0.5"));
            }
            if let Some([lo, hi]) = check.size
                && (lo.is_nan() || hi.is_nan() || lo > hi)
            {
                return Err(source
                    .error_at(&at("size"), format!("size [{lo}, {hi}] is not a range"))
                    .with_hint("write [low, high] with low <= high"));
            }
            for (t, term) in check.terms.iter().enumerate() {
                let key = |k: &str| format!("finding.checks.{c}.terms.{t}.{k}");
                if !conditions.contains(&term.condition) {
                    return Err(source
                        .error_at(
                            &key("condition"),
                            format!("unknown condition `{}`", term.condition),
                        )
                        .with_hint(format!("the conditions are: {}", conditions.join(", "))));
                }
                if !term.weight.is_finite() || term.weight == 0.0 {
                    return Err(source
                        .error_at(&key("weight"), "a term's weight must be a non-zero number")
                        .with_hint("use 1 and -1 for a difference"));
                }
                let metric = term.metric(check);
                let (known, file): (&[&str], &str) = if term.stakeholder.is_some() {
                    (&stakeholders, "stakeholders.csv")
                } else {
                    (&processes, "processes.csv")
                };
                if !known.contains(&metric) {
                    let where_ = if term.metric.is_some() {
                        key("metric")
                    } else {
                        at("metric")
                    };
                    return Err(source
                        .error_at(&where_, format!("`{metric}` is not a metric of {file}"))
                        .with_hint(format!("the metrics are: {}", known.join(", "))));
                }
            }
        }
        Ok(())
    }
}
