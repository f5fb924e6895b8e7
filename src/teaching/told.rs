//! An error told to a class in its language: the frame ("fout in FILE, regel 3, sleutel
//! `norms.disclosure`: ... / tip: ...") and a fault inside a case or culture file, told from
//! its parts ([`Fault`]). The layers below teaching write their errors in English only; this
//! is where a Dutch class's errors become Dutch. In English every error reads exactly as
//! negsim's other commands write it.

use crate::error::{Error, key_leaf, nearest};
use crate::fault::{
    CaseNumber, ConfigKind, Counted, Expected, Fault, Interest, NameProblem, Named, PathKind,
    Quantity, Slip, Total, Written,
};
use crate::model::label::Lang;
use crate::teaching::catalogue::{Msg, Speaker};

/// The whole error as a class reads it: where, what and the hint (no program name before it).
pub fn error(e: &Error, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let speak = Speaker::new(lang);
    let mut text = speak.say(Msg::FrameError, &[]);
    text.push_str(&place(e, speak));
    text.push_str(": ");
    text.push_str(&message(e, lang));
    if let Some(hint) = hint(e, lang) {
        text.push_str("\n  ");
        text.push_str(&speak.say(Msg::FrameHint, &[]));
        text.push_str(": ");
        text.push_str(&hint);
    }
    text
}

/// Where the error is, each piece with its leading separator: " in FILE, line 3, key `k`"
/// (a flag such as `--set` is named as one).
pub fn place(e: &Error, speak: Speaker) -> String {
    let mut text = String::new();
    if let Some(file) = &e.file {
        text.push_str(&speak.say(Msg::FrameFile, &[("file", &file.display().to_string())]));
        if let Some(line) = e.line {
            text.push_str(&speak.say(Msg::FrameLine, &[("line", &line.to_string())]));
        }
    }
    if let Some(key) = &e.key {
        text.push_str(&if key.starts_with("--") {
            speak.say(Msg::FrameFlag, &[("flag", key)])
        } else {
            speak.say(Msg::FrameKey, &[("key", key)])
        });
    }
    text
}

/// What is wrong, in `lang`: a fault from its parts, any other error as it was said (the
/// teaching layer says its own errors in the class's language already).
pub fn message(e: &Error, lang: Lang) -> String {
    match (e.fault.as_deref(), lang) {
        (Some(fault), Lang::Nl) => fault_message(fault, Speaker::new(lang)),
        _ => e.message.clone(),
    }
}

/// How to fix it, in `lang` (see [`message`]). The system's errors have no hint of their own:
/// the one the command gave, if any, stays.
pub fn hint(e: &Error, lang: Lang) -> Option<String> {
    match (e.fault.as_deref(), lang) {
        (Some(Fault::System { .. }), _) => e.hint_or_general(),
        (Some(fault), Lang::Nl) => fault_hint(fault, e.key.as_deref(), Speaker::new(lang)),
        _ => e.hint_or_general(),
    }
}

fn slip_msgs(slip: Slip) -> (Msg, Msg) {
    match slip {
        Slip::Unquoted => (Msg::FileSlipUnquoted, Msg::FileSlipUnquotedHint),
        Slip::NoValue => (Msg::FileSlipNoValue, Msg::FileSlipNoValueHint),
        Slip::UnclosedTable => (Msg::FileSlipUnclosedTable, Msg::FileSlipUnclosedTableHint),
        Slip::UnclosedList => (Msg::FileSlipUnclosedList, Msg::FileSlipUnclosedListHint),
        Slip::UnclosedText => (Msg::FileSlipUnclosedText, Msg::FileSlipUnclosedTextHint),
        Slip::Underscore => (Msg::FileSlipUnderscore, Msg::FileSlipUnderscoreHint),
        Slip::Trailing => (Msg::FileSlipTrailing, Msg::FileSlipTrailingHint),
        Slip::LeadingZero => (Msg::FileSlipLeadingZero, Msg::FileSlipLeadingZeroHint),
        Slip::Escape => (Msg::FileSlipEscape, Msg::FileSlipEscapeHint),
    }
}

/// Names in backquotes, as a list: `a`, `b` and `c`.
fn names(speak: Speaker, known: &[String]) -> String {
    let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    speak.list(&quoted)
}

fn fault_message(fault: &Fault, speak: Speaker) -> String {
    match fault {
        Fault::Syntax {
            slip: Some(slip), ..
        } => speak.say(slip_msgs(*slip).0, &[]),
        Fault::Syntax { slip: None, said } => speak.say(Msg::FileSyntax, &[("said", said)]),
        Fault::UnknownKey { name, .. } => speak.say(Msg::FileUnknownKey, &[("name", name)]),
        Fault::UnknownName { name, .. } => speak.say(Msg::FileUnknownName, &[("name", name)]),
        Fault::NameNotText { found, .. } => speak.say(Msg::FileNameNotText, &[("found", found)]),
        Fault::WrongType { found, expected } => speak.say(
            Msg::FileWrongType,
            &[
                ("expected", &expected_words(expected, speak)),
                ("found", &found_words(found, speak)),
            ],
        ),
        Fault::Missing { name } => speak.say(Msg::FileMissing, &[("name", name)]),
        Fault::System { kind, said } => system_words(*kind, said, speak),
        Fault::Twice { name } => speak.say(Msg::FileTwice, &[("name", name)]),
        Fault::NotAFraction { found, .. } => speak.say(
            Msg::FileFraction,
            &[("found", &speak.lang.decimal_mark(found.to_string()))],
        ),
        Fault::OutOfRange { quantity, found } => {
            let msg = match quantity {
                Quantity::WorldWeight => Msg::FileRangeWorldWeight,
                Quantity::Weight => Msg::FileRangeWeight,
                Quantity::Spread => Msg::FileRangeSpread,
                Quantity::DiscountFactor => Msg::FileRangeDiscountFactor,
            };
            speak.say(
                msg,
                &[("found", &speak.lang.decimal_mark(found.to_string()))],
            )
        }
        Fault::BadName {
            named,
            name,
            problem,
        } => name_message(named, name, *problem, speak),
        Fault::KeyTwice { named, key } => match named {
            Named::Issue => speak.say(Msg::FileKeyTwiceIssue, &[("key", key)]),
            Named::Option { issue } => {
                speak.say(Msg::FileKeyTwiceOption, &[("key", key), ("issue", issue)])
            }
            Named::Stakeholder => speak.say(Msg::FileKeyTwiceStakeholder, &[("key", key)]),
            Named::Case | Named::Culture => speak.say(Msg::FileTwice, &[("name", key)]),
        },
        Fault::TooFew {
            counted,
            found,
            least,
        } => {
            let (found, least) = (found.to_string(), least.to_string());
            let counts = [("found", found.as_str()), ("least", least.as_str())];
            match counted {
                Counted::Issues => speak.say(Msg::FileTooFewIssues, &counts),
                Counted::Options { issue } => speak.say(
                    Msg::FileTooFewOptions,
                    &[counts[0], counts[1], ("issue", issue)],
                ),
                Counted::VisibleOptions { issue } => {
                    speak.say(Msg::FileAllHidden, &[("issue", issue)])
                }
                Counted::Stakeholders => speak.say(Msg::FileTooFewStakeholders, &counts),
            }
        }
        Fault::TooMany {
            counted,
            found,
            most,
        } => {
            let (found, most) = (found.to_string(), most.to_string());
            let counts = [("found", found.as_str()), ("most", most.as_str())];
            match counted {
                Counted::Issues => speak.say(Msg::FileTooManyIssues, &counts),
                Counted::Options { issue } | Counted::VisibleOptions { issue } => speak.say(
                    Msg::FileTooManyOptions,
                    &[counts[0], counts[1], ("issue", issue)],
                ),
                Counted::Stakeholders => speak.say(Msg::FileTooManyStakeholders, &counts),
            }
        }
        Fault::ValueCount {
            issue,
            options,
            values,
        } => speak.say(
            Msg::FileValueCount,
            &[
                ("issue", issue),
                ("options", &options.to_string()),
                ("values", &values.to_string()),
            ],
        ),
        Fault::NotGiven {
            stakeholder,
            issue,
            interest,
        } => {
            let msg = match interest {
                Interest::Weight => Msg::FileNoWeight,
                Interest::Values => Msg::FileNoValues,
            };
            speak.say(msg, &[("stakeholder", stakeholder), ("issue", issue)])
        }
        Fault::UnknownIssue { name, .. } => speak.say(Msg::FileUnknownIssue, &[("name", name)]),
        Fault::WeightTotal { stakeholder, total } => match (stakeholder, total) {
            (None, Total::Zero) => speak.say(Msg::FileWorldWeightsZero, &[]),
            (None, Total::Overflow) => speak.say(Msg::FileWorldWeightsOverflow, &[]),
            (Some(s), Total::Zero) => speak.say(Msg::FileWeightsZero, &[("stakeholder", s)]),
            (Some(s), Total::Overflow) => {
                speak.say(Msg::FileWeightsOverflow, &[("stakeholder", s)])
            }
        },
        Fault::EmptyComparative { issue, more, lang } => {
            let lang = match Lang::parse(lang) {
                Some(Lang::Nl) => Msg::FileComparativeNl,
                _ => Msg::FileComparativeEn,
            };
            let direction = if *more {
                Msg::FileComparativeMore
            } else {
                Msg::FileComparativeLess
            };
            speak.say(
                Msg::FileComparativeEmpty,
                &[
                    ("lang", &speak.say(lang, &[])),
                    ("direction", &speak.say(direction, &[])),
                    ("issue", issue),
                ],
            )
        }
        Fault::UnknownTactic { name, known } => speak.say(
            Msg::FileTacticUnknown,
            &[("name", name), ("list", &names(speak, known))],
        ),
        Fault::WrongKind { found, expected } => speak.say(
            Msg::FileKindWrong,
            &[
                ("found", &kind_words(*found, speak)),
                ("expected", &kind_words(*expected, speak)),
            ],
        ),
        Fault::NotAFile { path, found } => speak.say(
            Msg::FileNotAFile,
            &[("path", path), ("found", &speak.say(path_msg(*found), &[]))],
        ),
        Fault::TooLarge {
            path,
            size,
            limit_mib,
        } => speak.say(
            Msg::FileTooLarge,
            &[
                ("path", path),
                ("size", &size.to_string()),
                ("limit", &limit_mib.to_string()),
            ],
        ),
        Fault::NotText { path } => speak.say(Msg::FileNotText, &[("path", path)]),
    }
}

/// The catalogue's words for what a path names.
fn path_msg(kind: PathKind) -> Msg {
    match kind {
        PathKind::Folder => Msg::FilePathFolder,
        PathKind::NamedPipe => Msg::FilePathNamedPipe,
        PathKind::Device => Msg::FilePathDevice,
        PathKind::Socket => Msg::FilePathSocket,
        PathKind::Link => Msg::FilePathLink,
        PathKind::File => Msg::FilePathFile,
        PathKind::Other => Msg::FilePathOther,
    }
}

/// Whose key or name it is, as the subject of a sentence ("de sleutel van een kwestie").
fn named_words(named: &Named, speak: Speaker) -> String {
    match named {
        Named::Issue => speak.say(Msg::FileNamedIssue, &[]),
        Named::Option { issue } => speak.say(Msg::FileNamedOption, &[("issue", issue)]),
        Named::Stakeholder => speak.say(Msg::FileNamedStakeholder, &[]),
        Named::Case => speak.say(Msg::FileNamedCase, &[]),
        Named::Culture => speak.say(Msg::FileNamedCulture, &[]),
    }
}

fn name_message(named: &Named, name: &str, problem: NameProblem, speak: Speaker) -> String {
    let what = named_words(named, speak);
    // Shown as the English shows it: a tab or a newline inside as `\t`, `\n`.
    let shown = name.escape_debug().to_string();
    match problem {
        NameProblem::Empty => speak.say(Msg::FileNameEmpty, &[("what", &what)]),
        NameProblem::Formula(first) => {
            let first = match first {
                '\t' => speak.say(Msg::FileNameTab, &[]),
                '\r' => speak.say(Msg::FileNameCarriageReturn, &[]),
                c => format!("`{c}`"),
            };
            speak.say(
                Msg::FileNameFormula,
                &[("what", &what), ("name", &shown), ("first", &first)],
            )
        }
        NameProblem::Separator => {
            let msg = match named {
                Named::Stakeholder => Msg::FileNameStakeholderSeparator,
                _ => Msg::FileNamePackageSeparator,
            };
            speak.say(msg, &[("what", &what), ("name", &shown)])
        }
    }
}

/// "een casusbestand", "een cultuurbestand".
fn kind_words(kind: ConfigKind, speak: Speaker) -> String {
    speak.say(
        match kind {
            ConfigKind::Case => Msg::FileKindCase,
            ConfigKind::Culture => Msg::FileKindCulture,
            ConfigKind::Experiment => Msg::FileKindExperiment,
        },
        &[],
    )
}

fn found_words(found: &Written, speak: Speaker) -> String {
    match found {
        Written::Text(v) => speak.say(Msg::FileFoundText, &[("value", v)]),
        Written::Integer(v) | Written::Decimal(v) | Written::Boolean(v) => {
            speak.say(Msg::FileFoundNumber, &[("value", v)])
        }
        Written::List => speak.say(Msg::FileFoundList, &[]),
        Written::Table => speak.say(Msg::FileFoundTable, &[]),
        Written::Other(words) => words.clone(),
    }
}

fn expected_words(expected: &Expected, speak: Speaker) -> String {
    match expected {
        Expected::Number => speak.say(Msg::FileExpectedNumber, &[]),
        Expected::Whole {
            unsigned: true,
            most: Some(most),
        } => speak.say(Msg::FileExpectedWholeUpto, &[("most", &most.to_string())]),
        Expected::Whole {
            unsigned: true,
            most: None,
        } => speak.say(Msg::FileExpectedWholeNatural, &[]),
        Expected::Whole { .. } => speak.say(Msg::FileExpectedWhole, &[]),
        Expected::Boolean => speak.say(Msg::FileExpectedBoolean, &[]),
        Expected::Text => speak.say(Msg::FileExpectedText, &[]),
        Expected::Table => speak.say(Msg::FileExpectedTable, &[]),
        Expected::Label => speak.say(Msg::FileExpectedLabel, &[]),
        Expected::Other(words) => words.clone(),
    }
}

/// The hint for a fault: the line that fixes it where one can be read from its parts.
fn fault_hint(fault: &Fault, key: Option<&str>, speak: Speaker) -> Option<String> {
    let leaf = key_leaf(key);
    let did_you_mean = |name: &str, known: &[String], otherwise: Msg| {
        let list = known.join(", ");
        Some(match nearest(name, known) {
            Some(n) => speak.say(Msg::ErrorKnownDidYouMean, &[("name", n), ("list", &list)]),
            None => speak.say(otherwise, &[("list", &list)]),
        })
    };
    match fault {
        Fault::Syntax { slip, .. } => slip.map(|s| speak.say(slip_msgs(s).1, &[])),
        Fault::UnknownKey { known, .. } if known.is_empty() => None,
        Fault::UnknownKey { name, known } => did_you_mean(name, known, Msg::FileKnownKeys),
        Fault::UnknownName { name, known } => did_you_mean(name, known, Msg::FileKnownNames),
        Fault::NameNotText { known, .. } => known.first().map(|first| {
            speak.say(
                Msg::FileNameNotTextHint,
                &[
                    ("leaf", leaf),
                    ("first", first),
                    ("list", &names(speak, known)),
                ],
            )
        }),
        Fault::WrongType { found, expected } => {
            type_hint(found, expected, leaf, key.unwrap_or(leaf), speak)
        }
        Fault::Missing { name } => Some(speak.say(Msg::FileMissingHint, &[("name", name)])),
        Fault::Twice { .. } => Some(speak.say(Msg::FileTwiceHint, &[])),
        Fault::NotAFraction { found, number } => {
            // 40 reads as a percentage, or a score out of 100; written in the file with a
            // point.
            let fraction = (found / 100.0 * 1e6).round() / 1e6;
            let blanks = [
                ("percent", speak.lang.decimal_mark(found.to_string())),
                ("fraction", fraction.to_string()),
            ];
            let blanks = blanks.each_ref().map(|(k, v)| (*k, v.as_str()));
            let out_of_100 = (10.0..=100.0).contains(found);
            Some(match number {
                // What 0 and 1 mean for a case's number, as the English hint says.
                Some(number) => {
                    let mut hint = speak.say(scale_msg(*number), &[]);
                    if out_of_100 {
                        hint.push_str("; ");
                        hint.push_str(&speak.say(Msg::FileScaleOutOf100, &blanks));
                    }
                    hint
                }
                None if out_of_100 => speak.say(Msg::FileFractionPercentHint, &blanks),
                None => speak.say(Msg::FileFractionHint, &[]),
            })
        }
        // Each hint below is said where the English error gives one, and only there.
        Fault::OutOfRange { quantity, .. } => {
            (*quantity == Quantity::Spread).then(|| speak.say(Msg::FileRangeSpreadHint, &[]))
        }
        Fault::BadName { named, problem, .. } => Some(speak.say(
            match (problem, named) {
                (NameProblem::Empty, Named::Issue | Named::Option { .. }) => Msg::FileNameKeyHint,
                (NameProblem::Empty, Named::Stakeholder) => Msg::FileNameStakeholderKeyHint,
                (NameProblem::Empty, Named::Case | Named::Culture) => Msg::FileNameNameHint,
                (NameProblem::Formula(_), _) => Msg::FileNameFormulaHint,
                (NameProblem::Separator, _) => Msg::FileNameSeparatorHint,
            },
            &[],
        )),
        Fault::TooFew {
            counted: Counted::Options { .. },
            ..
        } => Some(speak.say(Msg::FileTooFewOptionsHint, &[])),
        Fault::ValueCount { .. } => Some(speak.say(Msg::FileValueCountHint, &[])),
        Fault::NotGiven {
            interest: Interest::Weight,
            ..
        } => Some(speak.say(Msg::FileNoWeightHint, &[])),
        Fault::UnknownIssue { known, .. } => {
            Some(speak.say(Msg::FileKnownIssues, &[("list", &known.join(", "))]))
        }
        Fault::WeightTotal {
            total: Total::Overflow,
            ..
        } => Some(speak.say(Msg::FileWeightsOverflowHint, &[])),
        Fault::EmptyComparative { .. } => Some(speak.say(Msg::FileComparativeHint, &[])),
        // `time_based` is a tactic's name, but not one a culture can give without its
        // exponent: "did you mean `time_based`?" would name it back.
        Fault::UnknownTactic { name, .. } if name == "time_based" => {
            Some(speak.say(Msg::FileTacticTimeBased, &[]))
        }
        Fault::UnknownTactic { name, known } => Some(match nearest(name, known) {
            Some(n) => speak.say(Msg::FileTacticDidYouMean, &[("name", n)]),
            None => speak.say(Msg::FileTacticRegister, &[]),
        }),
        Fault::WrongKind { found, expected } => {
            let program = crate::program::name();
            Some(match expected {
                ConfigKind::Case => speak.say(Msg::FileKindCaseHint, &[("program", program)]),
                ConfigKind::Culture => speak.say(Msg::FileKindCultureHint, &[("program", program)]),
                ConfigKind::Experiment => {
                    let what = if *found == ConfigKind::Case {
                        "case"
                    } else {
                        "culture"
                    };
                    speak.say(
                        Msg::FileKindExperimentHint,
                        &[("program", program), ("what", what)],
                    )
                }
            })
        }
        Fault::NotAFile { .. } => Some(speak.say(Msg::FileNotAFileHint, &[])),
        Fault::TooLarge { .. } => Some(speak.say(Msg::FileTooLargeHint, &[])),
        Fault::NotText { .. } => Some(speak.say(Msg::FileNotTextHint, &[])),
        Fault::KeyTwice { .. }
        | Fault::TooFew { .. }
        | Fault::TooMany { .. }
        | Fault::NotGiven { .. }
        | Fault::WeightTotal { .. }
        | Fault::System { .. } => None,
    }
}

/// What 0 and 1 mean for a case's number.
fn scale_msg(number: CaseNumber) -> Msg {
    match number {
        CaseNumber::WorldValue => Msg::FileScaleWorldValue,
        CaseNumber::WorldThreshold => Msg::FileScaleWorldThreshold,
        CaseNumber::Batna => Msg::FileScaleBatna,
        CaseNumber::OptionValue => Msg::FileScaleOptionValue,
    }
}

/// The operating system's words for the common kinds of error, in the class's language; its
/// own words for the rest.
fn system_words(kind: std::io::ErrorKind, said: &str, speak: Speaker) -> String {
    use std::io::ErrorKind::*;
    let msg = match kind {
        NotFound => Msg::SystemNotFound,
        PermissionDenied => Msg::SystemPermissionDenied,
        IsADirectory => Msg::SystemIsADirectory,
        NotADirectory => Msg::SystemNotADirectory,
        StorageFull | QuotaExceeded => Msg::SystemStorageFull,
        ReadOnlyFilesystem => Msg::SystemReadOnly,
        InvalidData => Msg::SystemNotText,
        _ => return speak.say(Msg::SystemOther, &[("said", said)]),
    };
    speak.say(msg, &[])
}

fn type_hint(
    found: &Written,
    expected: &Expected,
    leaf: &str,
    key: &str,
    speak: Speaker,
) -> Option<String> {
    let number = matches!(expected, Expected::Number | Expected::Whole { .. });
    let say = |msg: Msg, args: &[(&str, &str)]| Some(speak.say(msg, args));
    match (found, expected) {
        (Written::Text(v), _) if number && v.trim().parse::<f64>().is_ok() => say(
            Msg::FileHintUnquoteNumber,
            &[("leaf", leaf), ("value", v.trim())],
        ),
        (Written::Text(_), _) if number => say(Msg::FileHintNumberInDigits, &[("leaf", leaf)]),
        (Written::Text(_), Expected::Boolean) => {
            say(Msg::FileHintUnquoteBoolean, &[("leaf", leaf)])
        }
        (Written::Integer(v), Expected::Whole { unsigned: true, .. }) if v.starts_with('-') => {
            say(Msg::FileHintNotNegative, &[("leaf", leaf)])
        }
        (Written::Decimal(v), Expected::Whole { .. }) => {
            let whole = v
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map_or(10.0, |v| v.round().max(0.0));
            say(
                Msg::FileHintWhole,
                &[("leaf", leaf), ("whole", &whole.to_string())],
            )
        }
        (_, Expected::Text) => {
            let value = match found {
                Written::Integer(v) | Written::Decimal(v) | Written::Boolean(v) => v.as_str(),
                _ => "...",
            };
            say(Msg::FileHintQuoteText, &[("leaf", leaf), ("value", value)])
        }
        (_, Expected::Table) => say(Msg::FileHintTable, &[("leaf", leaf), ("key", key)]),
        (_, Expected::Label) => say(Msg::FileHintLabel, &[("leaf", leaf)]),
        _ if number => say(Msg::FileHintNumber, &[("leaf", leaf)]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn culture_error(text: &str) -> Error {
        let source = Source::from_text("c.toml", text);
        crate::experiment::library::load_culture(&source, "c").unwrap_err()
    }

    const NORMS: &str = include_str!("../../configs/cultures/mixed.toml");

    #[test]
    fn in_english_an_error_reads_as_every_command_writes_it() {
        let e = Error::input("something is wrong")
            .in_file("x.toml")
            .at_line(Some(3))
            .at_key("a.b")
            .with_hint("fix it");
        assert_eq!(error(&e, Lang::En), e.to_string());
        // The English pieces of the catalogue are the frame Display writes.
        let speak = Speaker::new(Lang::En);
        assert_eq!(
            format!(
                "{}{}: {}\n  {}: {}",
                speak.say(Msg::FrameError, &[]),
                place(&e, speak),
                e.message,
                speak.say(Msg::FrameHint, &[]),
                "fix it"
            ),
            e.to_string()
        );
        let flag = Error::input("no").at_key("--set");
        assert_eq!(
            format!(
                "{}{}: no",
                speak.say(Msg::FrameError, &[]),
                place(&flag, speak)
            ),
            flag.to_string()
        );
    }

    #[test]
    fn a_fault_in_a_culture_file_is_told_in_dutch_from_its_parts() {
        let told = |from: &str, to: &str| {
            let e = culture_error(&NORMS.replace(from, to));
            assert!(e.fault.is_some(), "{e}");
            (error(&e, Lang::Nl), e.to_string())
        };
        let (nl, en) = told("disclosure = 0.5", "disclosure = \"0.5\"");
        assert_eq!(
            nl,
            "fout in c.toml, regel 18, sleutel `norms.disclosure`: hier hoort een getal, niet \
             de tekst \"0.5\"\n  tip: schrijf het getal zonder aanhalingstekens: disclosure = 0.5"
        );
        assert!(en.starts_with("error in c.toml, line 18, key `norms.disclosure`: invalid type"));
        let (nl, _) = told("disclosure = 0.5", "disclosur = 0.5");
        assert!(
            nl.contains("onbekende sleutel `disclosur`\n  tip: bedoel je `disclosure`?"),
            "{nl}"
        );
        let (nl, _) = told("disclosure = 0.5", "disclosure = 50");
        assert!(
            nl.contains("niet op 50\n  tip: een fractie loopt van 0 tot 1: 50% schrijf je in het bestand als 0.5"),
            "{nl}"
        );
        let (nl, _) = told("disclosure = 0.5", "disclosure = 1.5");
        assert!(nl.contains("tussen 0 en 1 liggen, niet op 1,5"), "{nl}");
        let (nl, _) = told("[norms]", "[norms");
        assert!(
            nl.contains("regel 16: de tabelkop is niet afgesloten: de `]` ontbreekt"),
            "{nl}"
        );
        let (nl, _) = told("facilitator = false", "facilitator = \"no\"");
        assert!(
            nl.contains("hier hoort true of false, niet de tekst \"no\""),
            "{nl}"
        );
        let (nl, _) = told("decision_rule = \"unanimity\"", "decision_rule = 3");
        assert!(nl.contains("`unanimity`"), "{nl}");
        let (nl, _) = told("decision_rule = \"unanimity\"\n", "");
        assert!(nl.contains("de sleutel `decision_rule` ontbreekt"), "{nl}");
        let (nl, _) = told("disclosure = 0.5", "disclosure = 0.5\ndisclosure = 0.6");
        assert!(nl.contains("`disclosure` staat er twee keer in"), "{nl}");
        for english in ["invalid", "expected", "found", "hint", "line", "key `"] {
            assert!(!nl.contains(english), "{nl}");
        }
    }

    /// Every fault of the checks a case or culture file passes once it is read, told in Dutch:
    /// every blank filled, no English words, and a hint where the English has one.
    #[test]
    fn every_check_on_a_case_or_culture_is_told_in_dutch() {
        use crate::fault::{Counted, Interest, NameProblem, Named, Quantity, Total};
        let option = || Named::Option {
            issue: "team".into(),
        };
        let options = || Counted::Options {
            issue: "team".into(),
        };
        let faults = [
            Fault::OutOfRange {
                quantity: Quantity::WorldWeight,
                found: f64::INFINITY,
            },
            Fault::OutOfRange {
                quantity: Quantity::Weight,
                found: -1.5,
            },
            Fault::OutOfRange {
                quantity: Quantity::Spread,
                found: f64::NAN,
            },
            Fault::OutOfRange {
                quantity: Quantity::DiscountFactor,
                found: 0.0,
            },
            Fault::BadName {
                named: option(),
                name: String::new(),
                problem: NameProblem::Empty,
            },
            Fault::BadName {
                named: Named::Case,
                name: "\rx".into(),
                problem: NameProblem::Formula('\r'),
            },
            Fault::BadName {
                named: Named::Stakeholder,
                name: "a=b".into(),
                problem: NameProblem::Separator,
            },
            Fault::BadName {
                named: option(),
                name: "a;b".into(),
                problem: NameProblem::Separator,
            },
            Fault::KeyTwice {
                named: Named::Issue,
                key: "team".into(),
            },
            Fault::KeyTwice {
                named: Named::Culture,
                key: "mixed".into(),
            },
            Fault::TooFew {
                counted: Counted::Issues,
                found: 0,
                least: 1,
            },
            Fault::TooFew {
                counted: options(),
                found: 1,
                least: 2,
            },
            Fault::TooFew {
                counted: Counted::VisibleOptions {
                    issue: "team".into(),
                },
                found: 0,
                least: 1,
            },
            Fault::TooFew {
                counted: Counted::Stakeholders,
                found: 1,
                least: 2,
            },
            Fault::TooMany {
                counted: Counted::Issues,
                found: 65,
                most: 64,
            },
            Fault::TooMany {
                counted: options(),
                found: 300,
                most: 255,
            },
            Fault::TooMany {
                counted: Counted::Stakeholders,
                found: 300,
                most: 255,
            },
            Fault::ValueCount {
                issue: "team".into(),
                options: 4,
                values: 1,
            },
            Fault::NotGiven {
                stakeholder: "candidate".into(),
                issue: "team".into(),
                interest: Interest::Values,
            },
            Fault::UnknownIssue {
                name: "holidays".into(),
                known: vec!["team".into()],
            },
            Fault::WeightTotal {
                stakeholder: None,
                total: Total::Zero,
            },
            Fault::WeightTotal {
                stakeholder: Some("candidate".into()),
                total: Total::Overflow,
            },
            Fault::EmptyComparative {
                issue: "team".into(),
                more: true,
                lang: "en".into(),
            },
            Fault::UnknownTactic {
                name: "time_base".into(),
                known: vec!["mindset".into(), "time_based".into()],
            },
            Fault::WrongKind {
                found: ConfigKind::Culture,
                expected: ConfigKind::Experiment,
            },
            Fault::NotAFile {
                path: "cultures".into(),
                found: PathKind::Folder,
            },
            Fault::TooLarge {
                path: "big.toml".into(),
                size: 17_000_000,
                limit_mib: 16,
            },
            Fault::NotText {
                path: "latin1.toml".into(),
            },
        ];
        let speak = Speaker::new(Lang::Nl);
        for fault in faults {
            let said = fault_message(&fault, speak);
            let hint = fault_hint(&fault, Some("a.b"), speak).unwrap_or_default();
            for text in [&said, &hint] {
                // A blank left unfilled reads `{name}`; examples of TOML read `{ en = ...`.
                let blank = |rest: &str| rest.starts_with(|c: char| c.is_ascii_lowercase());
                assert!(!text.split('{').skip(1).any(blank), "{fault:?}: {text}");
                for english in [
                    "must",
                    "found",
                    "issue `",
                    "stakeholder",
                    "weights",
                    "option",
                    "key `",
                    " are ",
                    "used",
                    "given",
                    "hint",
                ] {
                    assert!(!text.contains(english), "{fault:?}: {english:?} in {text}");
                }
            }
            assert!(!said.is_empty(), "{fault:?}");
        }
    }
}
