//! What a person can type at the table, in English or Dutch, parsed into a [`Command`].

use crate::model::label::Lang;
use crate::model::prepared::PreparedCase;
use crate::teaching::catalogue::{Msg, Speaker};

/// One line typed by the person.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show the commands.
    Help,
    /// Show one's interests and BATNA.
    Interests,
    /// Show the packages on the table.
    Table,
    /// Tell the table about an issue.
    Disclose(usize),
    /// Put a package on the table: (issue, option) choices; the rest stays as before.
    Propose(Vec<(usize, usize)>),
    /// Keep the last proposal (before proposals) or accept nothing (when responding).
    Pass,
    /// Accept packages on the table by number (1-based); empty means all.
    Accept(Vec<usize>),
    /// Accept none.
    Object,
    /// Leave the table.
    Quit,
    /// An empty line.
    Nothing,
}

/// Parses a line. `available[flat]` says which options are on the table and `packages` how
/// many packages there are to respond to (0 before the proposals: then `accept` is told that
/// nothing is on the table yet); errors are messages for the person, in their language.
pub fn parse(
    line: &str,
    case: &PreparedCase,
    available: &[bool],
    packages: usize,
    speak: Speaker,
) -> Result<Command, String> {
    let line = line.trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    // Dutch says "stel ... voor" as readily as "voorstel": `stel voor ...` proposes too.
    let (word, rest) = match (
        word.to_lowercase().as_str(),
        rest.split_once(char::is_whitespace),
    ) {
        ("stel", Some((next, more))) if next.eq_ignore_ascii_case("voor") => ("voorstel", more),
        ("stel", None) if rest.eq_ignore_ascii_case("voor") => ("voorstel", ""),
        _ => (word, rest),
    };
    match word.to_lowercase().as_str() {
        "" => Ok(Command::Nothing),
        "help" | "?" | "hulp" => Ok(Command::Help),
        "interests" | "belangen" => Ok(Command::Interests),
        "table" | "tafel" => Ok(Command::Table),
        "pass" | "pas" => Ok(Command::Pass),
        "object" | "bezwaar" => Ok(Command::Object),
        "quit" | "exit" | "stop" => Ok(Command::Quit),
        "disclose" | "vertel" => issue(rest, case, speak).map(Command::Disclose),
        "propose" | "voorstel" => propose(rest, case, available, speak),
        "accept" | "accepteer" => accept(rest, packages, speak),
        _ => Err(speak.say(Msg::PlayUnknownCommand, &[("input", line)])),
    }
}

fn matches(text: &str, key: &str, label: &crate::model::label::Label) -> bool {
    use crate::teaching::narrator::heading;
    let t = text.trim().to_lowercase();
    let t = heading(&t, Lang::Nl);
    // A Dutch label may be typed with or without its article ("startdatum", "de startdatum").
    t == key.to_lowercase()
        || t == label.en.to_lowercase()
        || t == heading(&label.nl.to_lowercase(), Lang::Nl)
}

/// Finds an issue by key or label.
pub fn issue(text: &str, case: &PreparedCase, speak: Speaker) -> Result<usize, String> {
    case.case
        .issues
        .iter()
        .position(|i| matches(text, &i.key, &i.label))
        .ok_or_else(|| {
            let keys: Vec<&str> = case.case.issues.iter().map(|i| i.key.as_str()).collect();
            let msg = if text.trim().is_empty() {
                Msg::PlayNoIssue
            } else {
                Msg::PlayUnknownIssue
            };
            speak.say(
                msg,
                &[
                    ("input", text),
                    ("first", keys.first().copied().unwrap_or_default()),
                    ("list", &keys.join(", ")),
                ],
            )
        })
}

fn propose(
    rest: &str,
    case: &PreparedCase,
    available: &[bool],
    speak: Speaker,
) -> Result<Command, String> {
    let example = example(case);
    let syntax = || speak.say(Msg::PlayProposeSyntax, &[("example", &example)]);
    let parts: Vec<&str> = if rest.contains(';') {
        rest.split(';').collect()
    } else {
        rest.split_whitespace().collect()
    };
    let mut choices = Vec::new();
    for part in parts.into_iter().filter(|p| !p.trim().is_empty()) {
        let (i_text, o_text) = part.split_once('=').ok_or_else(syntax)?;
        let i = issue(i_text, case, speak)?;
        let spec = &case.case.issues[i];
        let o = spec
            .options
            .iter()
            .enumerate()
            .position(|(o, opt)| {
                available[case.flat(i, o)] && matches(o_text, &opt.key, &opt.label)
            })
            .ok_or_else(|| {
                let keys: Vec<&str> = spec
                    .options
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| available[case.flat(i, *o)])
                    .map(|(_, opt)| opt.key.as_str())
                    .collect();
                speak.say(
                    Msg::PlayUnknownOption,
                    &[
                        (
                            "issue",
                            crate::teaching::narrator::heading(
                                spec.label.get(speak.lang),
                                speak.lang,
                            ),
                        ),
                        ("input", o_text.trim()),
                        ("list", &keys.join(", ")),
                    ],
                )
            })?;
        if choices.iter().any(|&(j, _)| j == i) {
            return Err(speak.say(
                Msg::PlayIssueTwice,
                &[(
                    "issue",
                    crate::teaching::narrator::heading(spec.label.get(speak.lang), speak.lang),
                )],
            ));
        }
        choices.push((i, o));
    }
    if choices.is_empty() {
        return Err(syntax());
    }
    Ok(Command::Propose(choices))
}

fn accept(rest: &str, packages: usize, speak: Speaker) -> Result<Command, String> {
    if packages == 0 {
        return Err(speak.say(Msg::PlayNothingOnTable, &[]));
    }
    let rest = rest.trim().to_lowercase();
    if rest.is_empty() || rest == "all" || rest == "alles" {
        return Ok(Command::Accept(Vec::new()));
    }
    let mut numbers = Vec::new();
    for token in rest.split(|c: char| c == ',' || c.is_whitespace()) {
        if token.is_empty() {
            continue;
        }
        match token.parse::<usize>() {
            Ok(n) if (1..=packages).contains(&n) => numbers.push(n),
            _ => {
                return Err(speak.say(
                    Msg::PlayBadPackageNumber,
                    &[("input", token), ("max", &packages.to_string())],
                ));
            }
        }
    }
    Ok(Command::Accept(numbers))
}

/// An example proposal with the case's first two issues.
fn example(case: &PreparedCase) -> String {
    case.case
        .issues
        .iter()
        .take(2)
        .map(|i| format!("{}={}", i.key, i.options[0].key))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::library::Library;
    use crate::model::label::Lang;
    use crate::teaching::table::load_case;

    fn job_offer() -> std::sync::Arc<PreparedCase> {
        load_case(&Library::default(), "job-offer").unwrap()
    }

    #[test]
    fn options_go_by_key_or_by_label_in_either_language() {
        let case = job_offer();
        let speak = Speaker::new(Lang::En);
        let visible = case.visible.clone();
        let by_keys = parse("propose start=1m team=data", &case, &visible, 0, speak).unwrap();
        let by_labels = parse(
            "voorstel startdatum = over een maand; Team=the data team",
            &case,
            &visible,
            0,
            speak,
        )
        .unwrap();
        assert_eq!(by_keys, Command::Propose(vec![(2, 1), (3, 1)]));
        // The Dutch verb split in two, as a Dutch player types it.
        let split = parse("Stel voor start=1m team=data", &case, &visible, 0, speak).unwrap();
        assert_eq!(split, by_keys);
        assert_eq!(by_keys, by_labels);
    }

    #[test]
    fn an_issue_given_twice_is_refused_not_silently_overwritten() {
        let case = job_offer();
        let visible = case.visible.clone();
        let e = parse(
            "propose team=data start=1m team=platform",
            &case,
            &visible,
            0,
            Speaker::new(Lang::En),
        )
        .unwrap_err();
        assert!(
            e.contains("comes twice") && e.contains("Give each issue once"),
            "{e}"
        );
    }

    #[test]
    fn package_numbers_are_checked_against_the_table() {
        let case = job_offer();
        let speak = Speaker::new(Lang::Nl);
        let visible = case.visible.clone();
        assert_eq!(
            parse("accept 1, 2", &case, &visible, 2, speak),
            Ok(Command::Accept(vec![1, 2]))
        );
        assert_eq!(
            parse("accepteer alles", &case, &visible, 2, speak),
            Ok(Command::Accept(vec![]))
        );
        let e = parse("accept 3", &case, &visible, 2, speak).unwrap_err();
        assert!(e.contains("kies een nummer van 1 tot en met 2"), "{e}");
    }
}
