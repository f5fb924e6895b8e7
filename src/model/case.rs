//! A case: what is on the table. Issues with labelled options, each stakeholder's interests
//! (priority weights and option valuations) and BATNA, and the world value of every option.
//!
//! The same struct is the TOML file format of `configs/cases/*.toml`, so cases can be written,
//! generated, imported and exported through one type.

use crate::error::{Error, Result};
use crate::fault::{CaseNumber, Counted, Fault, Interest, NameProblem, Named, Quantity, Total};
use crate::model::label::{Label, Lang};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Largest number of options one issue may have (packages store option indices as `u8`).
pub const MAX_OPTIONS: usize = 255;
/// Largest number of issues in a case.
pub const MAX_ISSUES: usize = 64;

/// A case, as written in a case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Short machine name (defaults to the file name).
    #[serde(default)]
    pub name: String,
    /// Title for people.
    #[serde(default)]
    pub title: Label,
    /// A one-paragraph story that sets the scene (for teaching).
    #[serde(default)]
    pub story: Label,
    /// World value a package needs for a win-win-win, in [0, 1].
    pub world_threshold: f64,
    /// World value when there is no agreement (status quo), in [0, 1].
    #[serde(default)]
    pub world_value_no_agreement: f64,
    /// The issues, in agenda order.
    pub issues: Vec<Issue>,
    /// The stakeholders' interests.
    pub stakeholders: Vec<StakeholderInterests>,
}

/// One thing to decide.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    /// Machine key, unique in the case.
    pub key: String,
    /// Label for people.
    #[serde(default)]
    pub label: Label,
    /// Relative weight of this issue in the world value (normalised over issues).
    #[serde(default = "one")]
    pub world_weight: f64,
    /// The options, in their natural order (options are ordered: "splitting the difference"
    /// moves along this order).
    pub options: Vec<IssueOption>,
    /// How running text names asking for an option further along the order, or further back
    /// ("a higher signing bonus", "een lagere tekenbonus"); optional. Without it the narration
    /// says "asks for more on the signing bonus".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparative: Option<Comparative>,
}

/// The words for asking more or less of an issue, each in English and Dutch, as running text
/// says them after "asks in exchange for" / "vraagt in ruil" (article included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparative {
    /// An option further along the issue's order ("a higher signing bonus").
    pub more: Label,
    /// An option further back ("a lower signing bonus").
    pub less: Label,
}

/// One possible choice on an issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueOption {
    /// Machine key, unique within the issue.
    pub key: String,
    /// Label for people.
    #[serde(default)]
    pub label: Label,
    /// How good this option is for the world around the table, in [0, 1].
    #[serde(default)]
    pub world_value: f64,
    /// Hidden until a creative stakeholder discovers it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
}

/// A stakeholder's interests in a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakeholderInterests {
    /// Machine key, unique in the case.
    pub key: String,
    /// Label for people.
    #[serde(default)]
    pub label: Label,
    /// Utility without agreement, in [0, 1].
    pub batna: f64,
    /// Relative priority per issue key (normalised to sum 1).
    pub weights: IndexMap<String, f64>,
    /// Valuation per option, per issue key, each in [0, 1].
    pub values: IndexMap<String, Vec<f64>>,
    /// Time discount per round in (0, 1], as in GENIUS profiles. Kept so that cases imported
    /// from (and exported to) GENIUS and NegMAS carry it; negsim's own model does not discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_factor: Option<f64>,
}

fn one() -> f64 {
    1.0
}

/// A value in [0, 1] at `key`; `what` names it in the error, and `number` says which of a
/// case's numbers it is, so that the hint says what 0 and 1 mean for it (a case's numbers are
/// utilities and world values, not traits or shares).
fn unit(key: String, v: f64, what: &str, number: CaseNumber) -> Result<()> {
    if !(0.0..=1.0).contains(&v) || v.is_nan() {
        let mut hint = scale_words(number).to_string();
        // 40 reads as a score out of 100.
        if (10.0..=100.0).contains(&v) {
            hint.push_str(&format!("; {v} out of 100 is written {}", v / 100.0));
        }
        Err(
            Error::input(format!("{what} must be between 0 and 1, found {v}"))
                .at_key(key)
                .with_hint(hint)
                .with_fault(Fault::NotAFraction {
                    found: v,
                    number: Some(number),
                }),
        )
    } else {
        Ok(())
    }
}

/// What 0 and 1 mean for a number of a case, in English.
fn scale_words(number: CaseNumber) -> &'static str {
    match number {
        CaseNumber::WorldValue => {
            "a world value runs from 0 (bad for the world around) to 1 (the best for it)"
        }
        CaseNumber::WorldThreshold => {
            "the world threshold is the world value a package needs to be good for the world \
             around, from 0 to 1"
        }
        CaseNumber::Batna => {
            "a BATNA is what the stakeholder gets without agreement, on its own scale: 0 is as \
             bad as its worst package, 1 as good as its best"
        }
        CaseNumber::OptionValue => {
            "a value says how much the stakeholder wants the option: 0 the least, 1 the most"
        }
    }
}

/// Checks issue `i` (its key already known to be unique): its key, options and world values.
fn validate_issue(i: usize, issue: &Issue) -> Result<()> {
    let at = |k: &str| format!("issues.{i}.{k}");
    check_package_key(&issue.key, Named::Issue).map_err(|e| e.at_key(at("key")))?;
    let options = || Counted::Options {
        issue: issue.key.clone(),
    };
    if issue.options.len() < 2 {
        return Err(Error::input(format!(
            "issue `{}` has {} option(s); an issue needs at least 2 options to decide between",
            issue.key,
            issue.options.len()
        ))
        .at_key(at("options"))
        .with_hint("add options, or drop the issue")
        .with_fault(Fault::TooFew {
            counted: options(),
            found: issue.options.len(),
            least: 2,
        }));
    }
    if issue.options.len() > MAX_OPTIONS {
        return Err(Error::input(format!(
            "issue `{}` has {} options; at most {MAX_OPTIONS} are supported",
            issue.key,
            issue.options.len()
        ))
        .at_key(at("options"))
        .with_fault(Fault::TooMany {
            counted: options(),
            found: issue.options.len(),
            most: MAX_OPTIONS,
        }));
    }
    if issue.options.iter().all(|o| o.hidden) {
        return Err(Error::input(format!(
            "all options of issue `{}` are hidden; at least one must be visible",
            issue.key
        ))
        .at_key(at("options"))
        .with_fault(Fault::TooFew {
            counted: Counted::VisibleOptions {
                issue: issue.key.clone(),
            },
            found: 0,
            least: 1,
        }));
    }
    if !(issue.world_weight.is_finite() && issue.world_weight >= 0.0) {
        return Err(Error::input(format!(
            "world_weight must be a finite number, 0 or more, found {}",
            issue.world_weight
        ))
        .at_key(at("world_weight"))
        .with_fault(Fault::OutOfRange {
            quantity: Quantity::WorldWeight,
            found: issue.world_weight,
        }));
    }
    if let Some(comparative) = &issue.comparative {
        for (name, label) in [("more", &comparative.more), ("less", &comparative.less)] {
            for (lang, text) in [(Lang::En, &label.en), (Lang::Nl, &label.nl)] {
                if text.trim().is_empty() {
                    let code = lang.code();
                    return Err(Error::input(format!(
                        "the {code} words for asking {name} of issue `{}` are empty",
                        issue.key
                    ))
                    .at_key(at(&format!("comparative.{name}.{code}")))
                    .with_hint(
                        "write what running text says, e.g. comparative = { more = { en = \"a \
                         higher bonus\", nl = \"een hogere bonus\" }, less = { en = \"a lower \
                         bonus\", nl = \"een lagere bonus\" } }, or leave comparative out",
                    )
                    .with_fault(Fault::EmptyComparative {
                        issue: issue.key.clone(),
                        more: name == "more",
                        lang: code.to_string(),
                    }));
                }
            }
        }
    }
    let mut okeys = HashSet::new();
    for (o, opt) in issue.options.iter().enumerate() {
        let named = Named::Option {
            issue: issue.key.clone(),
        };
        check_package_key(&opt.key, named.clone())
            .map_err(|e| e.at_key(format!("issues.{i}.options.{o}.key")))?;
        if !okeys.insert(opt.key.as_str()) {
            return Err(Error::input(format!(
                "option key `{}` is used twice in issue `{}`",
                opt.key, issue.key
            ))
            .at_key(format!("issues.{i}.options.{o}.key"))
            .with_fault(Fault::KeyTwice {
                named,
                key: opt.key.clone(),
            }));
        }
        unit(
            format!("issues.{i}.options.{o}.world_value"),
            opt.world_value,
            "world_value",
            CaseNumber::WorldValue,
        )?;
    }
    Ok(())
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Case {
    /// Checks the case; errors carry the dotted key of the offending value. The checks run in a
    /// fixed order: the world values, each issue, the world weights, then each stakeholder.
    pub fn validate(&self) -> Result<()> {
        unit(
            "world_threshold".into(),
            self.world_threshold,
            "the world threshold",
            CaseNumber::WorldThreshold,
        )?;
        unit(
            "world_value_no_agreement".into(),
            self.world_value_no_agreement,
            "the world value without agreement",
            CaseNumber::WorldValue,
        )?;
        if self.issues.is_empty() {
            return Err(Error::input("a case needs at least one issue")
                .at_key("issues")
                .with_fault(Fault::TooFew {
                    counted: Counted::Issues,
                    found: 0,
                    least: 1,
                }));
        }
        if self.issues.len() > MAX_ISSUES {
            return Err(Error::input(format!(
                "a case has at most {MAX_ISSUES} issues, found {}",
                self.issues.len()
            ))
            .at_key("issues")
            .with_fault(Fault::TooMany {
                counted: Counted::Issues,
                found: self.issues.len(),
                most: MAX_ISSUES,
            }));
        }
        let mut seen = HashSet::new();
        for (i, issue) in self.issues.iter().enumerate() {
            if !seen.insert(issue.key.as_str()) {
                return Err(
                    Error::input(format!("issue key `{}` is used twice", issue.key))
                        .at_key(format!("issues.{i}.key"))
                        .with_fault(Fault::KeyTwice {
                            named: Named::Issue,
                            key: issue.key.clone(),
                        }),
                );
            }
            validate_issue(i, issue)?;
        }
        if !self
            .issues
            .iter()
            .map(|i| i.world_weight)
            .sum::<f64>()
            .is_finite()
        {
            return Err(Error::input(
                "the world weights add up to more than the largest number there is",
            )
            .at_key("issues.0.world_weight")
            .with_hint("weights are relative: scale them down, e.g. to add up to 1")
            .with_fault(Fault::WeightTotal {
                stakeholder: None,
                total: Total::Overflow,
            }));
        }
        if self.issues.iter().all(|i| i.world_weight == 0.0) {
            return Err(Error::input(
                "all world weights are zero; at least one issue must matter to the world",
            )
            .at_key("issues.0.world_weight")
            .with_fault(Fault::WeightTotal {
                stakeholder: None,
                total: Total::Zero,
            }));
        }
        if self.stakeholders.len() < 2 {
            return Err(Error::input(format!(
                "a case needs at least 2 stakeholders to negotiate, found {}",
                self.stakeholders.len()
            ))
            .at_key("stakeholders")
            .with_fault(Fault::TooFew {
                counted: Counted::Stakeholders,
                found: self.stakeholders.len(),
                least: 2,
            }));
        }
        let mut skeys = HashSet::new();
        for (s, st) in self.stakeholders.iter().enumerate() {
            if !skeys.insert(st.key.as_str()) {
                return Err(
                    Error::input(format!("stakeholder key `{}` is used twice", st.key))
                        .at_key(format!("stakeholders.{s}.key"))
                        .with_fault(Fault::KeyTwice {
                            named: Named::Stakeholder,
                            key: st.key.clone(),
                        }),
                );
            }
            self.validate_stakeholder(s, st)?;
        }
        Ok(())
    }

    /// Checks stakeholder `s` (its key already known to be unique) against the issues.
    fn validate_stakeholder(&self, s: usize, st: &StakeholderInterests) -> Result<()> {
        let at = |k: &str| format!("stakeholders.{s}.{k}");
        check_stakeholder_key(&st.key).map_err(|e| e.at_key(at("key")))?;
        unit(at("batna"), st.batna, "batna", CaseNumber::Batna)?;
        if let Some(d) = st.discount_factor
            && !(d > 0.0 && d <= 1.0)
        {
            return Err(Error::input(format!(
                "discount_factor must be above 0 and at most 1, found {d}"
            ))
            .at_key(at("discount_factor"))
            .with_fault(Fault::OutOfRange {
                quantity: Quantity::DiscountFactor,
                found: d,
            }));
        }
        for k in st.weights.keys() {
            if !self.issues.iter().any(|i| &i.key == k) {
                return Err(unknown_issue(k, self).at_key(at(&format!("weights.{k}"))));
            }
        }
        for k in st.values.keys() {
            if !self.issues.iter().any(|i| &i.key == k) {
                return Err(unknown_issue(k, self).at_key(at(&format!("values.{k}"))));
            }
        }
        let mut total = 0.0;
        let not_given = |issue: &Issue, interest| Fault::NotGiven {
            stakeholder: st.key.clone(),
            issue: issue.key.clone(),
            interest,
        };
        for issue in &self.issues {
            let Some(&w) = st.weights.get(&issue.key) else {
                return Err(Error::input(format!(
                    "stakeholder `{}` has no weight for issue `{}`",
                    st.key, issue.key
                ))
                .at_key(at("weights"))
                .with_hint("give every issue a weight; use 0 for an issue this stakeholder does not care about")
                .with_fault(not_given(issue, Interest::Weight)));
            };
            if (w.is_nan() || w < 0.0) || !w.is_finite() {
                return Err(
                    Error::input(format!("weights must be 0 or more, found {w}"))
                        .at_key(at(&format!("weights.{}", issue.key)))
                        .with_fault(Fault::OutOfRange {
                            quantity: Quantity::Weight,
                            found: w,
                        }),
                );
            }
            total += w;
            let Some(vals) = st.values.get(&issue.key) else {
                return Err(Error::input(format!(
                    "stakeholder `{}` has no values for issue `{}`",
                    st.key, issue.key
                ))
                .at_key(at("values"))
                .with_fault(not_given(issue, Interest::Values)));
            };
            if vals.len() != issue.options.len() {
                return Err(Error::input(format!(
                    "issue `{}` has {} options but {} values are given",
                    issue.key,
                    issue.options.len(),
                    vals.len()
                ))
                .at_key(at(&format!("values.{}", issue.key)))
                .with_hint("give one value per option, in the order the options are listed")
                .with_fault(Fault::ValueCount {
                    issue: issue.key.clone(),
                    options: issue.options.len(),
                    values: vals.len(),
                }));
            }
            for &v in vals {
                unit(
                    at(&format!("values.{}", issue.key)),
                    v,
                    "every value",
                    CaseNumber::OptionValue,
                )?;
            }
        }
        if total <= 0.0 {
            return Err(Error::input(format!(
                "all weights of stakeholder `{}` are zero; at least one issue must matter",
                st.key
            ))
            .at_key(at("weights"))
            .with_fault(Fault::WeightTotal {
                stakeholder: Some(st.key.clone()),
                total: Total::Zero,
            }));
        }
        if !total.is_finite() {
            return Err(Error::input(format!(
                "the weights of stakeholder `{}` add up to more than the largest number there is",
                st.key
            ))
            .at_key(at("weights"))
            .with_hint("weights are relative: scale them down, e.g. to add up to 1")
            .with_fault(Fault::WeightTotal {
                stakeholder: Some(st.key.clone()),
                total: Total::Overflow,
            }));
        }
        Ok(())
    }

    /// Priority weights of stakeholder `s` as written, in issue order.
    pub fn raw_weights(&self, s: usize) -> Vec<f64> {
        let st = &self.stakeholders[s];
        self.issues.iter().map(|i| st.weights[&i.key]).collect()
    }

    /// Normalised priority weights of stakeholder `s`, in issue order.
    pub fn weights(&self, s: usize) -> Vec<f64> {
        let raw = self.raw_weights(s);
        let total: f64 = raw.iter().sum();
        raw.iter().map(|w| w / total).collect()
    }

    /// Valuations of stakeholder `s` for the options of issue `i`.
    pub fn values(&self, s: usize, i: usize) -> &[f64] {
        &self.stakeholders[s].values[&self.issues[i].key]
    }

    /// Normalised world weights, in issue order.
    pub fn world_weights(&self) -> Vec<f64> {
        let total: f64 = self.issues.iter().map(|i| i.world_weight).sum();
        self.issues.iter().map(|i| i.world_weight / total).collect()
    }

    /// Number of packages (product of option counts), saturating.
    pub fn package_count(&self) -> u128 {
        self.issues
            .iter()
            .fold(1u128, |acc, i| acc.saturating_mul(i.options.len() as u128))
    }

    /// Index of a stakeholder by key.
    pub fn stakeholder_index(&self, key: &str) -> Option<usize> {
        self.stakeholders.iter().position(|s| s.key == key)
    }

    /// Fills empty labels with keys, so narration always has something to say.
    pub fn fill_labels(&mut self) {
        let fill = |l: &mut Label, key: &str| {
            if l.is_empty() {
                *l = Label::plain(key);
            }
        };
        if self.title.is_empty() {
            self.title = Label::plain(self.name.clone());
        }
        for issue in &mut self.issues {
            fill(&mut issue.label, &issue.key);
            for o in &mut issue.options {
                fill(&mut o.label, &o.key);
            }
        }
        for s in &mut self.stakeholders {
            fill(&mut s.label, &s.key);
        }
    }
}

fn unknown_issue(k: &str, case: &Case) -> Error {
    let keys: Vec<String> = case.issues.iter().map(|i| i.key.clone()).collect();
    Error::input(format!("unknown issue `{k}`"))
        .with_hint(format!("the issues are: {}", keys.join(", ")))
        .with_fault(Fault::UnknownIssue {
            name: k.to_string(),
            known: keys,
        })
}

/// Stakeholder keys name a seat (`negsim play --seat KEY`, `--set KEY.trait=VALUE`, the
/// `stakeholder` column): they must be there, and hold no `=`.
fn check_stakeholder_key(key: &str) -> Result<()> {
    let fault = |problem| Fault::BadName {
        named: Named::Stakeholder,
        name: key.to_string(),
        problem,
    };
    if key.trim().is_empty() {
        return Err(Error::input("a stakeholder key must not be empty")
            .with_hint("keys are short names such as \"works-council\" or \"candidate\"")
            .with_fault(fault(NameProblem::Empty)));
    }
    crate::model::name::check_name(key, "a stakeholder key")
        .map_err(|e| e.with_fault(crate::model::name::refused(Named::Stakeholder, key)))?;
    if key.contains('=') {
        return Err(Error::input(format!(
            "stakeholder key `{key}` holds `=`, which ends the name in --set KEY.trait=VALUE"
        ))
        .with_hint("keep such characters for the label; the key is a short name")
        .with_fault(fault(NameProblem::Separator)));
    }
    Ok(())
}

/// Issue and option keys write a package as `issue=option;issue=option` (the `agreement`
/// column, the `propose` command of `negsim play`): they must be there, and hold neither
/// separator.
fn check_package_key(key: &str, named: Named) -> Result<()> {
    let what = match named {
        Named::Issue => "issue",
        _ => "option",
    };
    let fault = |problem| Fault::BadName {
        named: named.clone(),
        name: key.to_string(),
        problem,
    };
    if key.trim().is_empty() {
        return Err(Error::input(format!("an {what} key must not be empty"))
            .with_hint("keys are short names such as \"salary\" or \"high\"")
            .with_fault(fault(NameProblem::Empty)));
    }
    crate::model::name::check_name(key, &format!("an {what} key"))
        .map_err(|e| e.with_fault(crate::model::name::refused(named.clone(), key)))?;
    if key.contains(['=', ';']) {
        return Err(Error::input(format!(
            "{what} key `{key}` holds `=` or `;`, which write packages (issue=option;issue=option)"
        ))
        .with_hint("keep such characters for the label; the key is a short name")
        .with_fault(fault(NameProblem::Separator)));
    }
    Ok(())
}
