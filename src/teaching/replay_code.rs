//! Replay codes: a short, copy-pasteable text that pins a demonstration down completely, so
//! that `negsim demo --replay CODE` plays it again exactly.
//!
//! `CASE:CULTURE[,CULTURE...]:sSEED:dDEADLINE[:fROUND:STAKEHOLDER.TRAIT=VALUE]`
//!
//! for example `job-offer:collaborative:s42:d30`, `job-offer:collaborative,positional:s42:d30`
//! or, with a fork, `office-reorganisation:positional:s7:d30:f3:works-council.openness=0.9`.
//!
//! The fields after the case have known shapes, so a code is read from the right: the case is
//! whatever comes before the cultures and may itself hold `:` (a Windows path such as
//! `C:\cases\x.toml`, or `cases/a:b/x.toml`). A culture name or a stakeholder key is a
//! single field; a `:` (and in culture names a `,`) in one is written as `%3A` (`%2C`), and a
//! `%` that would read as such an escape as `%25`. Names without these characters are written
//! as they are, so every code of earlier versions still reads the same.

use crate::error::nearest;
use crate::error::{Error, Result};
use crate::model::case::Case;
use crate::model::label::{Lang, as_typed};
use crate::model::traits::TraitName;
use crate::teaching::catalogue::{Msg, Speaker, trait_msg};
use crate::teaching::table::MAX_DEMO_DEADLINE;
use std::fmt;

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
    /// The fork was read from a replay code (errors about it name the code), not given with
    /// `--fork-at` and `--set`.
    pub in_code: bool,
}

/// The most cultures a demonstration compares side by side.
pub const MAX_CULTURES: usize = 4;

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
        let cultures: Vec<String> = self.cultures.iter().map(|c| escape(c)).collect();
        write!(
            f,
            "{}:{}:s{}:d{}",
            self.case,
            cultures.join(","),
            self.seed,
            self.deadline
        )?;
        if let Some(fork) = self.fork_part() {
            write!(f, ":{fork}")?;
        }
        Ok(())
    }
}

impl ReplayCode {
    /// The code as one word for a POSIX shell command line (sh, bash, zsh): as it is when it
    /// holds only characters no shell treats specially, otherwise in single quotes (a quote
    /// inside written `'\''`). Codes of the bundled cases and cultures never need quotes.
    pub fn shell_word(&self) -> String {
        let code = self.to_string();
        let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:/,=%+@".contains(c);
        if !code.is_empty() && code.chars().all(plain) {
            code
        } else {
            format!("'{}'", code.replace('\'', "'\\''"))
        }
    }

    /// The fork's part of the code, `fROUND:STAKEHOLDER.TRAIT=VALUE`, if there is a fork.
    pub fn fork_part(&self) -> Option<String> {
        self.fork.as_ref().map(|fork| {
            format!(
                "f{}:{}.{}={}",
                fork.round,
                escape(&fork.stakeholder),
                fork.name.key(),
                fork.value
            )
        })
    }

    /// Parses a replay code. Besides its form, it checks what the code alone decides: the
    /// deadline, how many cultures it compares, and that a fork has one culture and a round
    /// from 1 on. Every error names the code and the part that is wrong, in `lang`.
    pub fn parse(text: &str, lang: Lang) -> Result<ReplayCode> {
        let speak = Speaker::new(lang);
        let text = text.trim();
        let bad = |problem: String| {
            Error::input(speak.say(Msg::ErrorNotACode, &[("code", text), ("problem", &problem)]))
                .at_key("--replay")
                .with_hint(speak.say(Msg::ErrorCodeHint, &[]))
        };
        let parts: Vec<&str> = text.split(':').collect();
        let tagged = |part: &str, prefix: char| {
            part.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        // A fork's setting always holds `=`; a deadline never does.
        let forked = parts.last().is_some_and(|p| p.contains('='));
        if !forked
            && parts.len() >= 5
            && let Some(last) = parts.last().filter(|p| tagged(p, 'f'))
        {
            return Err(bad(
                speak.say(Msg::ErrorCodeForkNoSetting, &[("fork", last)])
            ));
        }
        // A fork whose setting lost its `=VALUE` would otherwise be read from the right as a
        // code without a fork, and blamed for its seed.
        if !forked
            && parts.len() >= 6
            && let [.., round, setting] = parts.as_slice()
            && tagged(round, 'f')
        {
            return Err(bad(speak.say(
                Msg::ErrorCodeSettingNoValue,
                &[("setting", setting), ("fork", round)],
            )));
        }
        // The fields after the case: cultures, sSEED, dDEADLINE [, fROUND, SETTING].
        let fields = if forked { 5 } else { 3 };
        if parts.len() <= fields {
            return Err(bad(match parts.len() {
                1 => speak.say(Msg::ErrorCodePartsOne, &[]),
                n => speak.say(Msg::ErrorCodePartsMany, &[("n", &n.to_string())]),
            }));
        }
        // Read from the right, so that the case may hold `:` itself.
        let at = parts.len() - fields;
        let case = parts[..at].join(":");
        let culture_part = parts[at];
        let tail = &parts[at + 1..];
        if case.is_empty() {
            return Err(bad(speak.say(Msg::ErrorCodeNoCase, &[])));
        }
        if tagged(culture_part, 's') && tagged(tail[0], 'd') {
            return Err(bad(
                speak.say(Msg::ErrorCodeNoCulture, &[("part", culture_part)])
            ));
        }
        let cultures: Vec<String> = culture_part.split(',').map(unescape).collect();
        if cultures.iter().any(String::is_empty) {
            return Err(bad(speak.say(Msg::ErrorCodeCultureNameMissing, &[])));
        }
        if cultures.len() > MAX_CULTURES {
            return Err(bad(speak.say(
                Msg::ErrorCodeTooManyCultures,
                &[
                    ("part", culture_part),
                    ("n", &cultures.len().to_string()),
                    ("max", &MAX_CULTURES.to_string()),
                ],
            )));
        }
        let number = |part: &str, prefix: char, what: Msg| -> Result<u64> {
            part.strip_prefix(prefix)
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| bad(speak.say(what, &[("part", part)])))
        };
        let seed = number(tail[0], 's', Msg::ErrorCodeSeed)?;
        let deadline = number(tail[1], 'd', Msg::ErrorCodeDeadline)?;
        if deadline == 0 || deadline > u64::from(MAX_DEMO_DEADLINE) {
            return Err(bad(speak.say(
                Msg::ErrorCodeDeadlineRange,
                &[("part", tail[1]), ("max", &MAX_DEMO_DEADLINE.to_string())],
            )));
        }
        let deadline = deadline as u32;
        let fork = if forked {
            let round = number(tail[2], 'f', Msg::ErrorCodeForkRound)?;
            if round == 0 || round > u64::from(u32::MAX) {
                return Err(bad(
                    speak.say(Msg::ErrorCodeForkRoundRange, &[("part", tail[2])])
                ));
            }
            if cultures.len() > 1 {
                let one = format!(
                    "{case}:{}:{}:{}:{}:{}",
                    escape(&cultures[0]),
                    tail[0],
                    tail[1],
                    tail[2],
                    tail[3]
                );
                return Err(bad(speak.say(
                    Msg::ErrorCodeForkCompares,
                    &[("part", culture_part), ("n", &cultures.len().to_string())],
                ))
                .with_hint(speak.say(Msg::ErrorCodeForkComparesHint, &[("code", &one)])));
            }
            let mut fork = parse_setting(tail[3], lang).map_err(|e| {
                let mut e = e.at_key("--replay");
                e.message = speak.say(
                    Msg::ErrorInFork,
                    &[("fork", tail[3]), ("code", text), ("problem", &e.message)],
                );
                e
            })?;
            fork.stakeholder = unescape(&fork.stakeholder);
            fork.round = round as u32;
            fork.in_code = true;
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

/// Escapes a name for a single field of a code: `:` as `%3A`, `,` as `%2C`, and a `%` that
/// would otherwise read as one of these escapes as `%25`.
fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.char_indices() {
        match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            '%' if escape_at(&name[i..]).is_some() => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// The character an escape at the start of `text` stands for, if there is one.
fn escape_at(text: &str) -> Option<char> {
    let code = text.strip_prefix('%')?.get(..2)?;
    match code.to_ascii_uppercase().as_str() {
        "3A" => Some(':'),
        "2C" => Some(','),
        "25" => Some('%'),
        _ => None,
    }
}

/// Reads a field written by [`escape`]; text without escapes stays as it is.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(c) = rest.chars().next() {
        match escape_at(rest) {
            Some(e) => {
                out.push(e);
                rest = &rest[3..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Parses `STAKEHOLDER.TRAIT=VALUE` (the round is set by the caller); errors in `lang`.
pub fn parse_setting(text: &str, lang: Lang) -> Result<ForkSpec> {
    let speak = Speaker::new(lang);
    let hint = speak.say(Msg::ErrorSettingHint, &[]);
    let bad = |problem: String| {
        Error::input(speak.say(
            Msg::ErrorNotASetting,
            &[("setting", text), ("problem", &problem)],
        ))
        .at_key("--set")
        .with_hint(hint.clone())
    };
    // The value is a number, so the last `=` ends the target.
    let (target, value) = text
        .rsplit_once('=')
        .ok_or_else(|| bad(speak.say(Msg::ErrorSettingNoEquals, &[])))?;
    if target.contains('=') {
        return Err(bad(speak.say(Msg::ErrorSettingTwoEquals, &[])));
    }
    // Spaces around the parts ("works-council.openness = 0.9") are not part of them.
    let (stakeholder, name) = target
        .rsplit_once('.')
        .map(|(s, n)| (s.trim(), n.trim()))
        .ok_or_else(|| bad(speak.say(Msg::ErrorSettingNoDot, &[])))?;
    let traits: Vec<String> = TraitName::ALL.iter().map(|t| t.key().to_string()).collect();
    let name = trait_named(name).ok_or_else(|| {
        let list = traits.join(", ");
        Error::input(speak.say(Msg::ErrorUnknownTrait, &[("name", name)]))
            .at_key("--set")
            .with_hint(match nearest(name, &traits) {
                Some(n) => speak.say(Msg::ErrorTraitDidYouMean, &[("name", n), ("list", &list)]),
                None => speak.say(Msg::ErrorTraits, &[("list", &list)]),
            })
    })?;
    // A decimal comma, as Dutch writes it (and as the Dutch narration prints a trait), reads
    // as a decimal point.
    let value = value.trim();
    let number = if value.contains(',') && !value.contains('.') {
        value.replacen(',', ".", 1)
    } else {
        value.to_string()
    };
    let value: f64 = number
        .parse()
        .map_err(|_| bad(speak.say(Msg::ErrorSettingNotANumber, &[("value", value)])))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(Error::input(speak.say(
            Msg::ErrorSettingRange,
            &[("value", &lang.decimal_mark(value.to_string()))],
        ))
        .at_key("--set")
        .with_hint(hint));
    }
    Ok(ForkSpec {
        round: 0,
        stakeholder: stakeholder.to_string(),
        name,
        value,
        in_code: false,
    })
}

/// A trait typed as its key or as the narration names it, in either language, read as a
/// stakeholder's name is ([`as_typed`]: any case, `-` or `_` for a space; "openheid", "World
/// orientation", "world-orientation"): a class retypes what the narration printed. The code
/// written out names it by its key all the same.
fn trait_named(typed: &str) -> Option<TraitName> {
    TraitName::from_key(typed).or_else(|| {
        let typed = as_typed(typed);
        TraitName::ALL.into_iter().find(|&t| {
            [Lang::En, Lang::Nl]
                .into_iter()
                .any(|lang| as_typed(&Speaker::new(lang).say(trait_msg(t), &[])) == typed)
        })
    })
}

/// The seat of a stakeholder in a case, typed as its key or as a class knows it ("Kim",
/// "works council", "de ondernemingsraad": its name in either language, with or without its
/// article, or the person or role of a name like "Kim (tester)"), or an error in `lang`
/// listing the stakeholders.
pub fn stakeholder_seat(case: &Case, typed: &str, flag: &str, lang: Lang) -> Result<usize> {
    if let Some(seat) = case.stakeholder_index(typed) {
        return Ok(seat);
    }
    let speak = Speaker::new(lang);
    // The names a class knows them by, beside the keys to type.
    let listed = |seats: &[usize]| -> String {
        seats
            .iter()
            .map(|&s| {
                let st = &case.stakeholders[s];
                match st.label.get(lang) {
                    name if name != st.key && !name.is_empty() => {
                        speak.say(Msg::ErrorSeatKeyFor, &[("key", &st.key), ("name", name)])
                    }
                    _ => st.key.clone(),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let every_seat: Vec<usize> = (0..case.stakeholders.len()).collect();
    let all = listed(&every_seat);
    let wanted = as_typed(typed);
    if wanted.is_empty() {
        return Err(
            Error::input(speak.say(Msg::ErrorSeatMissing, &[("flag", flag)]))
                .at_key(flag)
                .with_hint(speak.say(Msg::ErrorSeatMissingHint, &[("all", &all)])),
        );
    }
    let names: Vec<Vec<String>> = (0..case.stakeholders.len())
        .map(|s| seat_names(case, s))
        .collect();
    let named: Vec<usize> = (0..names.len())
        .filter(|&s| names[s].contains(&wanted))
        .collect();
    let about = [("case", case.name.as_str()), ("typed", typed)];
    match named.as_slice() {
        [seat] => Ok(*seat),
        [] => {
            let keys: Vec<String> = case.stakeholders.iter().map(|s| s.key.clone()).collect();
            let every: Vec<String> = names.concat();
            // A slip in a key, else in a name: either may be typed.
            let hint = match nearest(typed, &keys).or_else(|| nearest(&wanted, &every)) {
                Some(n) => speak.say(Msg::ErrorSeatDidYouMean, &[("name", n), ("all", &all)]),
                None => speak.say(Msg::ErrorSeatUnknownHint, &[("all", &all)]),
            };
            Err(Error::input(speak.say(Msg::ErrorSeatUnknown, &about))
                .at_key(flag)
                .with_hint(hint))
        }
        several => Err(Error::input(speak.say(Msg::ErrorSeatAmbiguous, &about))
            .at_key(flag)
            .with_hint(speak.say(Msg::ErrorSeatAmbiguousHint, &[("list", &listed(several))]))),
    }
}

/// What may be typed for the stakeholder at `seat`, as [`as_typed`] makes it: its key, and in
/// either language its name as the case writes it ("works council"), and a name with a role
/// in brackets, whole and split in two ("Kim (tester)": "kim (tester)", "kim", "tester").
fn seat_names(case: &Case, seat: usize) -> Vec<String> {
    let stakeholder = &case.stakeholders[seat];
    let mut names = vec![as_typed(&stakeholder.key)];
    for lang in [Lang::En, Lang::Nl] {
        let name = as_typed(stakeholder.label.get(lang));
        if let Some((person, role)) = name
            .strip_suffix(')')
            .and_then(|rest| rest.split_once(" ("))
        {
            names.extend([person.to_string(), as_typed(role)]);
        }
        names.push(name);
    }
    names.retain(|n| !n.is_empty());
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sprint_planning() -> Case {
        let library = crate::experiment::library::Library::default();
        let case =
            crate::teaching::table::load_case(&library, "sprint-planning", Lang::En).unwrap();
        case.case.clone()
    }

    #[test]
    fn a_seat_is_found_by_key_or_by_the_name_a_class_knows() {
        let case = sprint_planning();
        // Noor (product owner), the development team, Kim (tester).
        for (typed, seat) in [
            ("tester", 2),
            ("Kim", 2),
            ("kim (tester)", 2),
            ("  KIM ", 2),
            ("product owner", 0),
            ("product_owner", 0),
            ("Noor", 0),
            ("the development team", 1),
            ("development team", 1),
            ("het ontwikkelteam", 1),
            ("ontwikkelteam", 1),
            ("the tester", 2),
            ("the product owner", 0),
        ] {
            assert_eq!(
                stakeholder_seat(&case, typed, "--seat", Lang::En).unwrap(),
                seat,
                "{typed}"
            );
        }
        let e = stakeholder_seat(&case, "Kimm", "--seat", Lang::En).unwrap_err();
        assert!(
            e.message.contains("has no stakeholder `Kimm`"),
            "{}",
            e.message
        );
        assert!(
            e.hint
                .as_deref()
                .unwrap()
                .contains("tester for Kim (tester)"),
            "{:?}",
            e.hint
        );
        let e = stakeholder_seat(&case, "Noorr", "--seat", Lang::En).unwrap_err();
        let hint = e.hint.unwrap();
        assert!(hint.starts_with("did you mean `noor`?"), "{hint}");
        // Two letters that are another word are not a slip.
        let e = stakeholder_seat(&case, "OR", "--seat", Lang::En).unwrap_err();
        let hint = e.hint.unwrap();
        assert!(hint.starts_with("type a"), "{hint}");
        let e = stakeholder_seat(&case, " ", "--seat", Lang::En).unwrap_err();
        assert!(
            e.message.contains("--seat needs a stakeholder"),
            "{}",
            e.message
        );
        let hint = e.hint.unwrap();
        assert!(hint.contains("tester for Kim (tester)"), "{hint}");
        // A name as pasted from slides, with a curly apostrophe or none.
        let library = crate::experiment::library::Library::default();
        let park = crate::teaching::table::load_case(&library, "park-redesign", Lang::En).unwrap();
        let residents = park.case.stakeholder_index("residents").unwrap();
        for typed in [
            "residents\u{2019} association",
            "Residents association",
            "the residents' association",
        ] {
            let seat = stakeholder_seat(&park.case, typed, "--seat", Lang::En).unwrap();
            assert_eq!(seat, residents, "{typed}");
        }
    }

    #[test]
    fn a_name_two_stakeholders_share_asks_for_the_key() {
        let mut case = sprint_planning();
        case.stakeholders[0].label.en = "Kim (product owner)".into();
        let e = stakeholder_seat(&case, "kim", "--seat", Lang::En).unwrap_err();
        assert!(
            e.message.contains("could be more than one"),
            "{}",
            e.message
        );
        let hint = e.hint.unwrap();
        assert!(
            hint.contains("product-owner for Kim (product owner), tester for Kim (tester)"),
            "{hint}"
        );
        // The key still finds each.
        assert_eq!(
            stakeholder_seat(&case, "tester", "--seat", Lang::En).unwrap(),
            2
        );
    }

    #[test]
    fn codes_round_trip() {
        for text in [
            "job-offer:collaborative:s42:d30",
            "job-offer:collaborative,positional:s0:d12",
            "office-reorganisation:positional:s7:d30:f3:works-council.openness=0.9",
        ] {
            let code = ReplayCode::parse(text, Lang::En).unwrap();
            assert_eq!(code.to_string(), text);
        }
    }

    #[test]
    fn a_code_is_quoted_for_the_shell_only_when_it_must_be() {
        let code = |case: &str| ReplayCode {
            case: case.into(),
            cultures: vec!["mixed".into()],
            seed: 9,
            deadline: 30,
            fork: None,
        };
        assert_eq!(
            code("job-offer").shell_word(),
            "job-offer:mixed:s9:d30",
            "nothing to quote"
        );
        assert_eq!(
            code("my cases/it's.toml").shell_word(),
            "'my cases/it'\\''s.toml:mixed:s9:d30'"
        );
        // A shell reads the quoted word back as the code itself.
        #[cfg(unix)]
        for case in ["my cases/it's.toml", "a$b`c\\d\"e.toml", "C:\\x y.toml"] {
            let c = code(case);
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", c.shell_word()))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8(out.stdout).unwrap(), c.to_string());
        }
    }

    fn fork(stakeholder: &str) -> ForkSpec {
        ForkSpec {
            round: 3,
            stakeholder: stakeholder.into(),
            name: TraitName::Openness,
            value: 0.25,
            in_code: true,
        }
    }

    #[test]
    fn every_code_reads_back_whatever_its_names_hold() {
        let names = [
            "job-offer",
            "cases/a:b/x.toml",
            "C:\\cases\\job offer.toml",
            "a:",
            ":a",
            "s1:d30",
            "x:mixed:s1:d30",
            "100%.toml",
            "%3A",
            "%3a%2C%25",
            "%%3A",
            "%",
            "a,b",
            "a=b.c",
            "f3:works-council.openness=0.9",
        ];
        for case in names {
            for culture in names {
                // A stakeholder key holds no `=` (the case refuses it); a culture name may.
                let key = Some(culture).filter(|c| !c.contains('='));
                for fork_key in [None, Some("works-council"), key] {
                    let code = ReplayCode {
                        case: case.into(),
                        cultures: vec![culture.into()],
                        seed: 7,
                        deadline: 30,
                        fork: fork_key.map(fork),
                    };
                    let text = code.to_string();
                    let back = ReplayCode::parse(&text, Lang::En)
                        .unwrap_or_else(|e| panic!("{text}: {e}"));
                    assert_eq!(back, code, "{text}");
                }
            }
            let compared = ReplayCode {
                case: case.into(),
                cultures: names[..4].iter().map(|c| c.to_string()).collect(),
                seed: u64::MAX,
                deadline: 200,
                fork: None,
            };
            let text = compared.to_string();
            assert_eq!(
                ReplayCode::parse(&text, Lang::En).unwrap(),
                compared,
                "{text}"
            );
        }
    }

    #[test]
    fn names_without_colons_are_written_as_before() {
        let code = ReplayCode::parse(
            "cases/100%.toml:positional:s7:d30:f3:works-council.openness=0.9",
            Lang::En,
        )
        .unwrap();
        assert_eq!(code.case, "cases/100%.toml");
        assert_eq!(
            code.to_string(),
            "cases/100%.toml:positional:s7:d30:f3:works-council.openness=0.9"
        );
        let windows = ReplayCode::parse("C:\\cases\\x.toml:my:culture:s1:d30", Lang::En);
        // The culture is one field: `my:culture` leaves `my` to the case.
        assert_eq!(windows.unwrap().cultures, ["culture"]);
        let code = ReplayCode::parse("C:\\cases\\x.toml:C%3A\\c.toml:s1:d30", Lang::En).unwrap();
        assert_eq!(code.case, "C:\\cases\\x.toml");
        assert_eq!(code.cultures, ["C:\\c.toml"]);
    }

    #[test]
    fn faults_in_a_code_name_the_code_and_the_part() {
        for (text, part) in [
            ("job-offer:collaborative:s1:d0", "`d0`"),
            ("job-offer:collaborative:s1:d201", "`d201`"),
            ("job-offer:a,b,c,d,e:s1:d30", "`a,b,c,d,e` names 5 cultures"),
            (
                "job-offer:collaborative:s1:d30:f0:manager.openness=1",
                "`f0`",
            ),
            (
                "job-offer:a,b:s1:d30:f2:manager.openness=1",
                "`a,b` compares 2 cultures",
            ),
            (
                "job-offer:collaborative:s1:d30:f2",
                "the fork `f2` has no setting",
            ),
            (
                "job-offer:collaborative:s1:d30:f3:candidate.openness",
                "the fork's setting `candidate.openness` has no value (:f3:",
            ),
            ("job-offer:s1:d30:x", "the culture is missing before `s1`"),
            (
                "job-offer:collaborative:s1:d30:f2:manager.opennes=1",
                "in the fork `manager.opennes=1` of replay code",
            ),
        ] {
            let e = ReplayCode::parse(text, Lang::En).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{text}");
            assert_eq!(e.key.as_deref(), Some("--replay"), "{text}");
            assert!(e.message.contains(part), "{text}: {}", e.message);
            assert!(e.hint.is_some(), "{text}");
        }
    }

    #[test]
    fn a_fork_is_read_from_the_code() {
        let code =
            ReplayCode::parse("park:positional:s1:d20:f4:residents.empathy=1", Lang::En).unwrap();
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
            let e = ReplayCode::parse(text, Lang::En).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{text}");
            assert!(e.hint.is_some());
        }
        let e = parse_setting("works-council.opennes=0.9", Lang::En).unwrap_err();
        assert!(e.hint.unwrap().contains("did you mean `openness`"));
        assert!(parse_setting("works-council.openness=1.5", Lang::En).is_err());
        assert!(parse_setting("openness=0.5", Lang::En).is_err());
    }

    #[test]
    fn a_setting_may_have_spaces_around_its_parts_and_a_decimal_comma() {
        let plain = parse_setting("works-council.openness=0.9", Lang::En).unwrap();
        for text in [
            "works-council.openness = 0.9",
            " works-council . openness=0.9 ",
            "works-council.openness=0,9",
        ] {
            let read = parse_setting(text, Lang::En).unwrap();
            assert_eq!(
                (read.stakeholder.as_str(), read.name, read.value),
                (plain.stakeholder.as_str(), plain.name, plain.value),
                "{text:?}"
            );
        }
        // A trait as the narration names it, in Dutch or English and any case.
        for (text, name) in [
            ("ondernemingsraad.openheid=0,9", TraitName::Openness),
            (
                "or.Bereidheid tot concessies=0.5",
                TraitName::ConcessionWillingness,
            ),
            ("it.world orientation=0.5", TraitName::WorldOrientation),
            ("it.vertrouwen in anderen=0.5", TraitName::TrustPropensity),
        ] {
            assert_eq!(
                parse_setting(text, Lang::En).unwrap().name,
                name,
                "{text:?}"
            );
        }
        assert!(parse_setting("it.openheid van zaken=0.5", Lang::En).is_err());
        // A comma beside a point, or two commas, is not a number.
        for text in [
            "works-council.openness=0,9.1",
            "works-council.openness=0,9,1",
        ] {
            let e = parse_setting(text, Lang::En).unwrap_err();
            assert!(e.message.contains("is not a number"), "{text:?}: {e}");
        }
    }
}
