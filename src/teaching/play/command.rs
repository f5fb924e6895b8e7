//! What a person can type at the table, in English or Dutch, parsed into a [`Command`].

use crate::model::label::{Lang, as_typed};
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
    /// Accept packages on the table by number (1-based); empty: a bare `accept`, which names
    /// the one package on the table or asks which one when there are several.
    Accept(Vec<usize>),
    /// Accept every package on the table (`accept all`).
    AcceptAll,
    /// Accept none.
    Object,
    /// Leave the table.
    Quit,
    /// An empty line.
    Nothing,
}

/// The command words suggested for a slip, per language (both languages' words are read).
const COMMAND_WORDS: [&[&str]; 2] = [
    &[
        "help",
        "interests",
        "table",
        "pass",
        "object",
        "quit",
        "disclose",
        "propose",
        "accept",
    ],
    &[
        "hulp",
        "belangen",
        "tafel",
        "pas",
        "bezwaar",
        "stop",
        "vertel",
        "voorstel",
        "accepteer",
    ],
];

/// What an `accept` can answer at this point of the round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answerable {
    /// Nothing is on the table yet.
    Nothing,
    /// Packages stand from last round, but answering comes after this round's proposals.
    NotYet,
    /// This many packages to respond to, numbered from 1.
    Packages(usize),
}

impl From<usize> for Answerable {
    /// A count of packages to respond to; none is [`Answerable::Nothing`].
    fn from(packages: usize) -> Answerable {
        match packages {
            0 => Answerable::Nothing,
            n => Answerable::Packages(n),
        }
    }
}

/// Parses a line. `available[flat]` says which options are on the table and `packages` what
/// an `accept` can answer now (told before its numbers are read, so that the person first
/// hears when to respond); errors are messages for the person, in their language.
pub fn parse(
    line: &str,
    case: &PreparedCase,
    available: &[bool],
    packages: impl Into<Answerable>,
    speak: Speaker,
) -> Result<Command, String> {
    let packages = packages.into();
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
        other => {
            let said = speak.say(Msg::PlayUnknownCommand, &[("input", line)]);
            let index = match speak.lang {
                Lang::En => 0,
                Lang::Nl => 1,
            };
            let words: Vec<String> = COMMAND_WORDS[index].iter().map(|w| w.to_string()).collect();
            Err(match crate::error::nearest(other, &words) {
                Some(near) => format!(
                    "{said} {}",
                    speak.say(Msg::PlayDidYouMean, &[("suggestion", near)])
                ),
                None => said,
            })
        }
    }
}

fn matches(text: &str, key: &str, label: &crate::model::label::Label) -> bool {
    // A label may be typed with or without its article ("startdatum", "de startdatum").
    let text = as_typed(text);
    names(key, label).iter().any(|name| as_typed(name) == text)
}

/// What may be typed for an issue or option, as written: its key, and its name in either
/// language as a heading shows it. Both sides are compared as
/// [`as_typed`] reads them.
fn names<'a>(key: &'a str, label: &'a crate::model::label::Label) -> [&'a str; 3] {
    [key, label.heading(Lang::En), label.heading(Lang::Nl)]
}

/// Whether the player is shown an issue's or option's short key beside its name (and so is
/// told to type it). Case files write their keys in English; in Dutch only a key that is an
/// amount or a period (a digit and at most two letters: `[52k]`, `[2w]`, `[1.5M]`) is shown,
/// as a word key (`[bonus]`, `[20-trees]`) would ask a Dutch participant to type English. A key
/// that is the name itself (`scope [scope]`) is not shown twice. Names work in either language.
pub fn shows_key(key: &str, label: &crate::model::label::Label, lang: Lang) -> bool {
    let neutral = key.bytes().any(|b| b.is_ascii_digit())
        && key.bytes().filter(u8::is_ascii_alphabetic).count() <= 2;
    let is_the_name = key.to_lowercase() == label.heading(lang).to_lowercase();
    (lang == Lang::En || neutral) && !is_the_name
}

/// What the player is told to type for an issue or option: its key where [`shows_key`], else
/// its name in the player's language, without an article ("salaris", "platformteam").
pub fn typed_name(key: &str, label: &crate::model::label::Label, lang: Lang) -> String {
    if shows_key(key, label, lang) {
        key.to_string()
    } else {
        let name = label.get(lang).to_lowercase();
        crate::model::label::without_article(&name, lang).to_string()
    }
}

/// Finds an issue by key or label.
pub fn issue(text: &str, case: &PreparedCase, speak: Speaker) -> Result<usize, String> {
    case.case
        .issues
        .iter()
        .position(|i| matches(text, &i.key, &i.label))
        .ok_or_else(|| {
            let keys: Vec<String> = case
                .case
                .issues
                .iter()
                .map(|i| typed_name(&i.key, &i.label, speak.lang))
                .collect();
            let msg = if text.trim().is_empty() {
                Msg::PlayNoIssue
            } else {
                Msg::PlayUnknownIssue
            };
            let names: Vec<(&str, &crate::model::label::Label)> = case
                .case
                .issues
                .iter()
                .map(|i| (i.key.as_str(), &i.label))
                .collect();
            let said = speak.say(
                msg,
                &[
                    ("input", text.trim()),
                    ("first", keys.first().map_or("", String::as_str)),
                    ("list", &keys.join(", ")),
                ],
            );
            with_suggestion(said, text, &names, speak)
        })
}

fn propose(
    rest: &str,
    case: &PreparedCase,
    available: &[bool],
    speak: Speaker,
) -> Result<Command, String> {
    let example = example(case, speak.lang);
    let syntax = || speak.say(Msg::PlayProposeSyntax, &[("example", &example)]);
    let mut choices = Vec::new();
    for (i_text, o_text) in pairs(rest, case).ok_or_else(syntax)? {
        // "=61k" names no issue: the example of a proposal, not of disclosing, helps.
        if i_text.trim().is_empty() {
            return Err(syntax());
        }
        let i = issue(&i_text, case, speak)?;
        let spec = &case.case.issues[i];
        let heading = spec.label.heading(speak.lang);
        let on_table: Vec<(usize, &crate::model::case::IssueOption)> = spec
            .options
            .iter()
            .enumerate()
            .filter(|(o, _)| available[case.flat(i, *o)])
            .collect();
        let o = on_table
            .iter()
            .find(|(_, opt)| matches(&o_text, &opt.key, &opt.label))
            .map(|(o, _)| *o)
            .ok_or_else(|| {
                let keys: Vec<String> = on_table
                    .iter()
                    .map(|(_, opt)| typed_name(&opt.key, &opt.label, speak.lang))
                    .collect();
                let said = speak.say(
                    Msg::PlayUnknownOption,
                    &[
                        ("issue", spec.label.get(speak.lang)),
                        ("input", o_text.trim()),
                        ("list", &keys.join(", ")),
                    ],
                );
                let names: Vec<(&str, &crate::model::label::Label)> = on_table
                    .iter()
                    .map(|(_, opt)| (opt.key.as_str(), &opt.label))
                    .collect();
                with_suggestion(said, &o_text, &names, speak)
            })?;
        if choices.iter().any(|&(j, _)| j == i) {
            let heading = crate::teaching::catalogue::capitalise(heading);
            return Err(speak.say(Msg::PlayIssueTwice, &[("issue", &heading)]));
        }
        choices.push((i, o));
    }
    if choices.is_empty() {
        return Err(syntax());
    }
    Ok(Command::Propose(choices))
}

/// The `issue=option` pairs of a proposal, as typed; `None` when it is not written so.
///
/// With semicolons each part is one pair. Without, names may still have spaces ("start=over
/// twee weken team=data"): the words between two `=` are the option of one pair followed by
/// the issue of the next, and the issue is the longest run of last words that names one
/// (leaving at least a word for the option).
fn pairs(rest: &str, case: &PreparedCase) -> Option<Vec<(String, String)>> {
    if rest.contains(';') {
        return rest
            .split(';')
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                p.split_once('=')
                    .map(|(i, o)| (i.trim().to_string(), o.trim().to_string()))
            })
            .collect();
    }
    let segments: Vec<&str> = rest.split('=').collect();
    if segments.len() < 2 {
        return None;
    }
    let names_issue = |text: &str| {
        case.case
            .issues
            .iter()
            .any(|i| matches(text, &i.key, &i.label))
    };
    let mut issue = segments[0].trim().to_string();
    let mut pairs = Vec::new();
    for (j, segment) in segments[1..].iter().enumerate() {
        if j + 2 == segments.len() {
            pairs.push((issue, segment.trim().to_string()));
            break;
        }
        let words: Vec<&str> = segment.split_whitespace().collect();
        if words.len() < 2 {
            return None;
        }
        let split = (1..words.len())
            .find(|&at| names_issue(&words[at..].join(" ")))
            .unwrap_or(words.len() - 1);
        pairs.push((issue, words[..split].join(" ")));
        issue = words[split..].join(" ");
    }
    Some(pairs)
}

/// A message with "did you mean ...?" added when the input is close to one of the names (keys,
/// and labels in either language).
fn with_suggestion(
    message: String,
    input: &str,
    names: &[(&str, &crate::model::label::Label)],
    speak: Speaker,
) -> String {
    let input = as_typed(input);
    if input.is_empty() {
        return message;
    }
    // Both languages' names: a player may type either. They are compared as typed and
    // suggested as written ("1.5M", not "1.5m").
    let written: Vec<&str> = names
        .iter()
        .flat_map(|(key, label)| self::names(key, label))
        .collect();
    let candidates: Vec<String> = written.iter().map(|w| as_typed(w)).collect();
    let Some(near) = crate::error::nearest(&input, &candidates) else {
        return message;
    };
    let at = candidates.iter().position(|c| c == near).unwrap_or(0);
    let suggestion = written.get(at).copied().unwrap_or(near);
    format!(
        "{message} {}",
        speak.say(Msg::PlayDidYouMean, &[("suggestion", suggestion)])
    )
}

fn accept(rest: &str, packages: Answerable, speak: Speaker) -> Result<Command, String> {
    let packages = match packages {
        Answerable::Nothing => return Err(speak.say(Msg::PlayNothingOnTable, &[])),
        Answerable::NotYet => return Err(speak.say(Msg::PlayNotNowMove, &[])),
        Answerable::Packages(n) => n,
    };
    let rest = rest.trim().to_lowercase();
    if rest.is_empty() {
        return Ok(Command::Accept(Vec::new()));
    }
    if rest == "all" || rest == "alles" {
        return Ok(Command::AcceptAll);
    }
    let mut numbers = Vec::new();
    for token in rest.split(|c: char| c == ',' || c.is_whitespace()) {
        if token.is_empty() {
            continue;
        }
        match token.parse::<usize>() {
            // `accept 1 1` accepts package 1 once.
            Ok(n) if numbers.contains(&n) => {}
            Ok(n) if (1..=packages).contains(&n) => numbers.push(n),
            _ => {
                return Err(speak.say(
                    Msg::PlayBadPackageNumber,
                    &[
                        ("input", token),
                        ("numbers", &numbers_on_table(packages, speak)),
                    ],
                ));
            }
        }
    }
    Ok(Command::Accept(numbers))
}

/// The numbers of `packages` packages as a person is asked to choose one: "1", "1 or 2",
/// "1 to 5".
pub fn numbers_on_table(packages: usize, speak: Speaker) -> String {
    match packages {
        0 | 1 => "1".to_string(),
        2 => speak.say(Msg::PlayNumbersTwo, &[]),
        max => speak.say(Msg::PlayNumbersRange, &[("max", &max.to_string())]),
    }
}

/// An example proposal with the case's first two issues, as the player would type it.
fn example(case: &PreparedCase, lang: Lang) -> String {
    case.case
        .issues
        .iter()
        .take(2)
        .map(|i| {
            let option = &i.options[0];
            format!(
                "{}={}",
                typed_name(&i.key, &i.label, lang),
                typed_name(&option.key, &option.label, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_shown_where_it_is_short_language_neutral_and_not_the_name_itself() {
        use crate::model::label::Label;
        let label = |en: &str, nl: &str| Label {
            en: en.into(),
            nl: nl.into(),
        };
        let salary = label("€52,000", "€ 52.000");
        assert!(shows_key("52k", &salary, Lang::En));
        assert!(shows_key("52k", &salary, Lang::Nl));
        assert!(shows_key(
            "1.5M",
            &label("€1.5 million", "€ 1,5 miljoen"),
            Lang::Nl
        ));
        let trees = label("20 new trees", "20 nieuwe bomen");
        assert!(shows_key("20-trees", &trees, Lang::En));
        assert!(!shows_key("20-trees", &trees, Lang::Nl));
        let bonus = label("the signing bonus", "de tekenbonus");
        assert!(shows_key("bonus", &bonus, Lang::En));
        assert!(!shows_key("bonus", &bonus, Lang::Nl));
        // "scope [scope]" says the same twice.
        assert!(!shows_key(
            "scope",
            &label("the scope", "de omvang"),
            Lang::En
        ));
        assert!(!shows_key("IT", &label("IT", "IT"), Lang::Nl));
    }
    use crate::experiment::library::Library;
    use crate::model::label::Lang;
    use crate::teaching::table::load_case;

    fn job_offer() -> std::sync::Arc<PreparedCase> {
        load_case(&Library::default(), "job-offer", Lang::En).unwrap()
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
    fn names_with_spaces_are_read_without_semicolons() {
        let case = job_offer();
        let speak = Speaker::new(Lang::Nl);
        let visible = case.visible.clone();
        // Start date: 2w, 1m, 2m, 3m; team: platform, data, ...; signing bonus is `bonus`.
        let typed = parse(
            "voorstel startdatum=over twee weken signing bonus=4k team = het datateam",
            &case,
            &visible,
            0,
            speak,
        )
        .unwrap();
        assert_eq!(typed, Command::Propose(vec![(2, 0), (1, 2), (3, 1)]));
        let e = parse("propose team=the dta team", &case, &visible, 0, speak).unwrap_err();
        assert!(e.ends_with("Bedoel je „data team”?"), "{e}");
        let e = parse("voorstel team=het dattaeam", &case, &visible, 0, speak).unwrap_err();
        assert!(e.ends_with("Bedoel je „datateam”?"), "{e}");
    }

    #[test]
    fn a_dutch_player_is_told_to_type_dutch_names_and_short_keys_never_english_words() {
        let case = job_offer();
        let nl = Speaker::new(Lang::Nl);
        let visible = case.visible.clone();
        // The message a line gets, in the language given.
        let error =
            |line: &str, speak: Speaker| parse(line, &case, &visible, 0, speak).unwrap_err();
        let e = error("vertel salris", nl);
        assert!(
            e.starts_with("Er is geen kwestie „salris”. De kwesties zijn: salaris, tekenbonus, startdatum, team, vakantiedagen,"),
            "{e}"
        );
        let e = error("vertel", nl);
        assert!(e.contains("bijvoorbeeld vertel salaris."), "{e}");
        let e = error("voorstel startdatum morgen", nl);
        assert!(
            e.ends_with("bijvoorbeeld: voorstel salaris=52k tekenbonus=geen bonus"),
            "{e}"
        );
        // Keys with a digit are shown in the Dutch interests list, so they are offered; word
        // keys are not, so the names stand in their place.
        let e = error("voorstel startdatum=morgen", nl);
        assert!(e.ends_with("De opties zijn: 2w, 1m, 2m, 3m."), "{e}");
        let e = error("voorstel team=keuken", nl);
        assert!(
            e.contains("De opties zijn: platformteam, datateam, klantteam, onderzoeksteam."),
            "{e}"
        );
        // What the errors offer is typed back without trouble.
        let typed = parse(
            "voorstel salaris=52k tekenbonus=geen bonus team=datateam",
            &case,
            &visible,
            0,
            nl,
        )
        .unwrap();
        assert_eq!(typed, Command::Propose(vec![(0, 0), (1, 0), (3, 1)]));
        // In English the keys, as the interests list shows them.
        let en = Speaker::new(Lang::En);
        let e = error("propose team=kitchen", en);
        assert!(
            e.contains("The options are: platform, data, customer, research."),
            "{e}"
        );
        let e = error("propose x", en);
        assert!(
            e.ends_with("for example: propose salary=52k bonus=none"),
            "{e}"
        );
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
            Ok(Command::AcceptAll)
        );
        // A bare accept is not "all": the session asks which one.
        assert_eq!(
            parse("accept", &case, &visible, 2, speak),
            Ok(Command::Accept(vec![]))
        );
        let e = parse("accept 3", &case, &visible, 2, speak).unwrap_err();
        assert!(e.ends_with("op tafel; kies 1 of 2."), "{e}");
        let e = parse("accept 6", &case, &visible, 5, speak).unwrap_err();
        assert!(e.ends_with("op tafel; kies 1 tot en met 5."), "{e}");
        let e = parse("acept 1", &case, &visible, 2, Speaker::new(Lang::En)).unwrap_err();
        assert!(e.ends_with("Did you mean “accept”?"), "{e}");
        let e = parse("bezwar", &case, &visible, 2, speak).unwrap_err();
        assert!(e.ends_with("Bedoel je „bezwaar”?"), "{e}");
        // A package named twice is accepted once.
        assert_eq!(
            parse("accept 1 1", &case, &visible, 2, speak),
            Ok(Command::Accept(vec![1]))
        );
    }

    #[test]
    fn an_accept_before_the_proposals_is_told_when_to_respond_whatever_its_numbers() {
        let case = job_offer();
        let visible = case.visible.clone();
        let en = Speaker::new(Lang::En);
        for line in ["accept -1", "accept 7", "accept", "accept all"] {
            let e = parse(line, &case, &visible, Answerable::NotYet, en).unwrap_err();
            assert_eq!(e, en.say(Msg::PlayNotNowMove, &[]), "{line}");
            let e = parse(line, &case, &visible, Answerable::Nothing, en).unwrap_err();
            assert_eq!(e, en.say(Msg::PlayNothingOnTable, &[]), "{line}");
        }
    }
}
