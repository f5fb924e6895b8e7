//! Replay codes: a short, copy-pasteable text that pins a demonstration down completely, so
//! that `negsim demo --replay CODE` plays it again exactly.
//!
//! `CASE:CULTURE[,CULTURE...]:sSEED:dDEADLINE[:fROUND:STAKEHOLDER.TRAIT=VALUE]`
//!
//! for example `job-offer:collaborative:s42:d30`, `job-offer:collaborative,positional:s42:d30`
//! or, with a fork, `office-reorganisation:positional:s7:d30:f3:works-council.openness=0.9`.

use crate::error::{Error, Result};
use crate::experiment::library::nearest;
use crate::model::case::Case;
use crate::model::traits::TraitName;
use std::fmt;

/// What the code format looks like, for hints.
pub const FORMAT_HINT: &str = "a replay code looks like CASE:CULTURE:sSEED:dDEADLINE, e.g. job-offer:collaborative:s42:d30, optionally followed by :fROUND:STAKEHOLDER.TRAIT=VALUE";

/// A fork: from a round on, one stakeholder's trait is set to a value.
#[derive(Clone, Debug, PartialEq)]
pub struct ForkSpec {
    /// First round played with the new value (from 1).
    pub round: u32,
    /// Stakeholder key.
    pub stakeholder: String,
    /// The trait.
    pub name: TraitName,
    /// Its new value in [0, 1].
    pub value: f64,
}

/// Everything that determines a demonstration.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayCode {
    /// Case name or path.
    pub case: String,
    /// One culture, or several to compare.
    pub cultures: Vec<String>,
    /// Seed of the random streams.
    pub seed: u64,
    /// Deadline in rounds.
    pub deadline: u32,
    /// A fork, if any.
    pub fork: Option<ForkSpec>,
}

impl fmt::Display for ReplayCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:s{}:d{}",
            self.case,
            self.cultures.join(","),
            self.seed,
            self.deadline
        )?;
        if let Some(fork) = &self.fork {
            write!(
                f,
                ":f{}:{}.{}={}",
                fork.round,
                fork.stakeholder,
                fork.name.key(),
                fork.value
            )?;
        }
        Ok(())
    }
}

impl ReplayCode {
    /// Parses a replay code.
    pub fn parse(text: &str) -> Result<ReplayCode> {
        let text = text.trim();
        let bad = |what: String| {
            Error::input(format!("`{text}` is not a replay code: {what}"))
                .at_key("--replay")
                .with_hint(FORMAT_HINT)
        };
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() != 4 && parts.len() != 6 {
            return Err(bad(format!(
                "it has {} parts separated by `:`, expected 4 (or 6 with a fork)",
                parts.len()
            )));
        }
        let case = parts[0].to_string();
        if case.is_empty() {
            return Err(bad("the case is missing".into()));
        }
        let cultures: Vec<String> = parts[1].split(',').map(str::to_string).collect();
        if cultures.iter().any(String::is_empty) {
            return Err(bad("a culture name is missing".into()));
        }
        let number = |part: &str, prefix: char, what: &str| -> Result<u64> {
            part.strip_prefix(prefix)
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| {
                    bad(format!(
                        "`{part}` should be {prefix} followed by the {what}"
                    ))
                })
        };
        let seed = number(parts[2], 's', "seed")?;
        let deadline = number(parts[3], 'd', "deadline")?;
        let deadline =
            u32::try_from(deadline).map_err(|_| bad("the deadline is too large".into()))?;
        let fork = if parts.len() == 6 {
            let round = number(parts[4], 'f', "fork round")?;
            let round =
                u32::try_from(round).map_err(|_| bad("the fork round is too large".into()))?;
            let mut fork = parse_setting(parts[5]).map_err(|e| e.at_key("--replay"))?;
            fork.round = round;
            Some(fork)
        } else {
            None
        };
        Ok(ReplayCode {
            case,
            cultures,
            seed,
            deadline,
            fork,
        })
    }
}

/// Parses `STAKEHOLDER.TRAIT=VALUE` (the round is set by the caller).
pub fn parse_setting(text: &str) -> Result<ForkSpec> {
    let hint = "write STAKEHOLDER.TRAIT=VALUE, e.g. --set works-council.openness=0.9";
    let bad = |what: String| {
        Error::input(format!("`{text}` is not a setting: {what}"))
            .at_key("--set")
            .with_hint(hint)
    };
    let (target, value) = text
        .split_once('=')
        .ok_or_else(|| bad("there is no `=`".into()))?;
    let (stakeholder, name) = target
        .rsplit_once('.')
        .ok_or_else(|| bad("there is no `.` between stakeholder and trait".into()))?;
    let traits: Vec<String> = TraitName::ALL.iter().map(|t| t.key().to_string()).collect();
    let name = TraitName::from_key(name).ok_or_else(|| {
        let mut e = Error::input(format!("unknown trait `{name}`")).at_key("--set");
        e.hint = Some(match nearest(name, &traits) {
            Some(n) => format!("did you mean `{n}`? The traits are: {}", traits.join(", ")),
            None => format!("the traits are: {}", traits.join(", ")),
        });
        e
    })?;
    let value: f64 = value
        .trim()
        .parse()
        .map_err(|_| bad(format!("`{value}` is not a number")))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(
            Error::input(format!("a trait must be between 0 and 1, found {value}"))
                .at_key("--set")
                .with_hint(hint),
        );
    }
    Ok(ForkSpec {
        round: 0,
        stakeholder: stakeholder.to_string(),
        name,
        value,
    })
}

/// The seat of a stakeholder key in a case, or an error listing the stakeholders.
pub fn stakeholder_seat(case: &Case, key: &str, flag: &str) -> Result<usize> {
    case.stakeholder_index(key).ok_or_else(|| {
        let keys: Vec<String> = case.stakeholders.iter().map(|s| s.key.clone()).collect();
        let mut e =
            Error::input(format!("case `{}` has no stakeholder `{key}`", case.name)).at_key(flag);
        e.hint = Some(match nearest(key, &keys) {
            Some(n) => format!(
                "did you mean `{n}`? The stakeholders are: {}",
                keys.join(", ")
            ),
            None => format!("the stakeholders are: {}", keys.join(", ")),
        });
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for text in [
            "job-offer:collaborative:s42:d30",
            "job-offer:collaborative,positional:s0:d12",
            "office-reorganisation:positional:s7:d30:f3:works-council.openness=0.9",
        ] {
            let code = ReplayCode::parse(text).unwrap();
            assert_eq!(code.to_string(), text);
        }
    }

    #[test]
    fn a_fork_is_read_from_the_code() {
        let code = ReplayCode::parse("park:positional:s1:d20:f4:residents.empathy=1").unwrap();
        let fork = code.fork.unwrap();
        assert_eq!(fork.round, 4);
        assert_eq!(fork.stakeholder, "residents");
        assert_eq!(fork.name, TraitName::Empathy);
        assert_eq!(fork.value, 1.0);
    }

    #[test]
    fn bad_codes_and_settings_are_explained() {
        for text in [
            "job-offer",
            "job-offer:collaborative:42:d30",
            "a::s1:d2",
            "a:b:s1:dx",
        ] {
            let e = ReplayCode::parse(text).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{text}");
            assert!(e.hint.is_some());
        }
        let e = parse_setting("works-council.opennes=0.9").unwrap_err();
        assert!(e.hint.unwrap().contains("did you mean `openness`"));
        assert!(parse_setting("works-council.openness=1.5").is_err());
        assert!(parse_setting("openness=0.5").is_err());
    }
}
