//! The teaching commands (`demo`, `play`, `studio`) speak the class's language from the first
//! word: their errors, and the command-line parser's own, which has no Dutch of its own and is
//! told here from the parts of its error ([`clap::Error::kind`], [`clap::Error::get`]).

use crate::model::label::Lang;
use crate::teaching::catalogue::{Msg, Speaker};
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The commands that speak a class's language.
const TEACHING: [&str; 3] = ["demo", "play", "studio"];

/// The language a teaching command was asked to speak (`--lang nl` or `--lang=nl` after
/// `demo`, `play` or `studio`); English for any other command, or when none is given or it is
/// not one negsim speaks.
pub fn language(args: &[std::ffi::OsString]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let Some(at) = args
        .iter()
        .skip(1)
        .position(|a| TEACHING.contains(&a.as_str()))
    else {
        return Lang::En;
    };
    // After `--` every word is a value.
    let rest: Vec<&String> = args[at + 2..].iter().take_while(|a| *a != "--").collect();
    let given = rest
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => rest.get(i + 1).map(|v| v.to_string()),
            Some(v) => v.strip_prefix('=').map(String::from),
            None => None,
        });
    given.and_then(|l| Lang::parse(&l)).unwrap_or(Lang::En)
}

/// The words in a context value: one string, or several joined by ", ".
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(s) => Some(s.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

/// A parse error of a teaching command, told in `lang`, as negsim tells its own errors:
/// "fout: ... / tip: ...", then the usage and where to read more. `program` is the
/// name the tool was started as, `command` the teaching command.
pub fn usage_error(e: &clap::Error, lang: Lang, program: &str, command: &str) -> String {
    let speak = Speaker::new(lang);
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut hints: Vec<String> = Vec::new();
    let message = match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            if let Some(similar) = text(e, ContextKind::SuggestedArg) {
                hints.push(speak.say(Msg::UsageDidYouMean, &[("arg", &similar)]));
            }
            speak.say(Msg::UsageUnknownOption, &[("arg", &arg)])
        }
        ErrorKind::UnknownArgument => speak.say(Msg::UsageUnexpected, &[("arg", &arg)]),
        ErrorKind::InvalidValue if value.is_empty() => {
            speak.say(Msg::UsageNoValue, &[("arg", &arg)])
        }
        ErrorKind::InvalidValue => {
            if let Some(list) = text(e, ContextKind::ValidValue) {
                hints.push(speak.say(Msg::UsagePossibleValues, &[("list", &list)]));
            }
            speak.say(Msg::UsageInvalidValue, &[("arg", &arg), ("value", &value)])
        }
        ErrorKind::ValueValidation => invalid(e, &arg, &value, speak, &mut hints),
        ErrorKind::MissingRequiredArgument => {
            let mut said = speak.say(Msg::UsageMissing, &[]);
            if let Some(ContextValue::Strings(missing)) = e.get(ContextKind::InvalidArg) {
                for m in missing {
                    said.push_str("\n  ");
                    // A group of which one is needed: `<--a <A>|--b <B>>`.
                    match m.strip_prefix('<').and_then(|g| g.strip_suffix('>')) {
                        Some(group) if group.contains('|') => {
                            let ways: Vec<&str> = group.split('|').collect();
                            said.push_str(
                                &speak.say(Msg::UsageOneOf, &[("list", &ways.join(", "))]),
                            );
                        }
                        _ => said.push_str(m),
                    }
                }
            }
            said
        }
        ErrorKind::ArgumentConflict => match text(e, ContextKind::PriorArg) {
            Some(other) if other != arg => {
                speak.say(Msg::UsageConflict, &[("arg", &arg), ("other", &other)])
            }
            _ => speak.say(Msg::UsageTwice, &[("arg", &arg)]),
        },
        // Kinds these commands' arguments do not give rise to: the parser's words, framed.
        _ => {
            let said = e.render().to_string();
            let first = said.lines().next().unwrap_or_default();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            speak.say(Msg::UsageOther, &[("said", first)])
        }
    };
    let mut out = format!("{}: {message}", speak.say(Msg::FrameError, &[]));
    let tip = speak.say(Msg::FrameHint, &[]);
    for hint in hints {
        out.push_str(&format!("\n  {tip}: {hint}"));
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let told = speak.say(Msg::UsageUsage, &[("usage", "")]);
        // Further usage lines stand under the first.
        let indent = format!("\n{}", " ".repeat(told.chars().count()));
        out.push_str("\n\n");
        out.push_str(&told);
        out.push_str(&usage.replace("\n       ", &indent));
    }
    out.push_str("\n\n");
    out.push_str(&speak.say(
        Msg::UsageMore,
        &[("command", &format!("{program} {command}"))],
    ));
    out
}

/// A value the argument's parser refused: a number that is not one, or one too large, told
/// by what the parser found; `--width` by its own check, and a `--deadline` too large to be a
/// count as the deadline's own check tells one too large (with its hint, in `hints`).
fn invalid(
    e: &clap::Error,
    arg: &str,
    value: &str,
    speak: Speaker,
    hints: &mut Vec<String>,
) -> String {
    use std::error::Error as _;
    use std::num::IntErrorKind;
    if arg.starts_with("--width")
        && let Err(why) = crate::cli::demo::width_in(value, speak.lang)
    {
        return why;
    }
    // A whole number of 0 or more that the parser still refused is beyond what the option's
    // type holds (clap says "is not in 0..=4294967295").
    let too_large = value.trim().parse::<u128>().is_ok();
    if arg.starts_with("--deadline ") && too_large {
        hints.push(speak.say(Msg::ErrorDeadlineHint, &[]));
        return speak.say(
            Msg::ErrorDeadline,
            &[
                (
                    "max",
                    &crate::teaching::table::MAX_DEMO_DEADLINE.to_string(),
                ),
                ("deadline", value.trim()),
            ],
        );
    }
    let args = [("arg", arg), ("value", value)];
    let source = e.source();
    if let Some(int) = source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
        return match int.kind() {
            IntErrorKind::PosOverflow => speak.say(Msg::UsageTooLarge, &args),
            _ => speak.say(Msg::UsageWhole, &args),
        };
    }
    if too_large {
        return speak.say(Msg::UsageTooLarge, &args);
    }
    if source.is_some_and(|s| s.is::<std::num::ParseFloatError>()) {
        return speak.say(Msg::UsageNumber, &args);
    }
    speak.say(Msg::UsageInvalidValue, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(args: &[&str]) -> Lang {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        language(&args)
    }

    #[test]
    fn the_language_is_read_from_a_teaching_command_line() {
        assert_eq!(lang(&["negsim", "demo", "x", "--lang", "nl"]), Lang::Nl);
        assert_eq!(lang(&["negsim", "play", "--lang=NL", "x"]), Lang::Nl);
        assert_eq!(lang(&["negsim", "demo", "--lang", "fr"]), Lang::En);
        assert_eq!(lang(&["negsim", "run", "--lang", "nl"]), Lang::En);
        assert_eq!(lang(&["negsim", "demo", "--", "--lang", "nl"]), Lang::En);
        assert_eq!(lang(&["negsim", "demo", "--lang"]), Lang::En);
    }
}
