//! How `negsim demo` shows a process: the highlights (turning points only), stepping round by
//! round without hanging on a closed input, wrapping to a width between words, colour only
//! when wanted (never with `NO_COLOR`), the world's value told during the rounds in both
//! languages, and both futures of a fork.

use negsim::experiment::library::Library;
use negsim::model::label::Lang;
use negsim::teaching::demo::{DemoOptions, demo, demo_live, highlights};
use negsim::teaching::replay_code::ReplayCode;
use std::path::Path;
use std::process::Command;

fn library() -> Library {
    Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    )
}

fn shown(
    code: &str,
    options: &DemoOptions,
) -> (negsim::teaching::demonstration::Demonstration, String) {
    let code = ReplayCode::parse(code, Lang::En).unwrap();
    let mut out = Vec::new();
    let shown = demo(&library(), &code, options, &mut out).unwrap();
    (shown, String::from_utf8(out).unwrap())
}

fn options(lang: Lang) -> DemoOptions {
    DemoOptions {
        lang,
        ..DemoOptions::default()
    }
}

/// The round `round` of a narration, its wrapped lines joined.
fn round_told(text: &str, word: &str, round: u32) -> String {
    let from = text
        .find(&format!("\n{word}{round}\n"))
        .expect("the round is told");
    let rest = &text[from + 1..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    rest[..end].replace("\n    ", " ")
}

#[test]
fn a_move_the_models_trust_counts_as_a_concession_is_told_as_one() {
    // Round 10: facilities' move is worth exactly the epsilon less to it, which the model
    // counts as giving ground (its trust in the unmoved client panel drops): the move is told
    // so too, not as "something just as good".
    for (lang, word, moved, trust) in [
        (
            Lang::En,
            "Round ",
            "Facilities gives ground on the client service desk",
            "Trust drops: facilities gives ground without getting anything back",
        ),
        (
            Lang::Nl,
            "Ronde ",
            "De facilitaire dienst geeft toe op de klantenbalie",
            "Het vertrouwen daalt: de facilitaire dienst geeft toe zonder",
        ),
    ] {
        let (_, text) = shown("office-reorganisation:positional:s3:d30", &options(lang));
        let round = round_told(&text, word, 10);
        assert!(round.contains(moved) && round.contains(trust), "{round}");
        assert!(
            !round.contains("just as good") && !round.contains("even goed"),
            "{round}"
        );
    }
}

/// The rounds whose heading is printed.
fn round_headings(text: &str, word: &str) -> Vec<u32> {
    text.lines()
        .filter_map(|l| l.strip_prefix(word)?.parse().ok())
        .collect()
}

/// Each fold line with the rounds it stands for: "Round 3: ...", "Rounds 3 and 4 ...",
/// "Rounds 3 to 5 ..." (in Dutch "Ronde", "Rondes", "en", "tot en met"), without the headings.
fn folds<'t>(text: &'t str, word: &str) -> Vec<(Vec<u32>, &'t str)> {
    let plural = format!("{}s ", word.trim_end());
    let mut folds = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.len() > word.len() && l.contains(' '))
    {
        let Some(rest) = line
            .strip_prefix(&plural)
            .or_else(|| line.strip_prefix(word))
        else {
            continue;
        };
        let head = rest.split(':').next().unwrap();
        let numbers: Vec<u32> = head.split(' ').filter_map(|w| w.parse().ok()).collect();
        let rounds = match (
            numbers.as_slice(),
            head.contains(" tot ") || head.contains(" to "),
        ) {
            ([one], false) if rest.contains(':') => vec![*one],
            ([from, to], true) => (*from..=*to).collect(),
            ([a, b], false) => vec![*a, *b],
            _ => continue,
        };
        folds.push((rounds, line));
    }
    folds
}

/// The rounds the fold lines stand for.
fn folded_rounds(text: &str, word: &str) -> Vec<u32> {
    folds(text, word).into_iter().flat_map(|(r, _)| r).collect()
}

#[test]
fn the_highlights_say_which_rounds_they_leave_out() {
    // Round 2 is told, then nothing until round 6: the class sees where rounds are missing.
    let brief = DemoOptions {
        highlights: true,
        ..options(Lang::En)
    };
    let (_, text) = shown("job-offer:collaborative:s1:d30", &brief);
    assert!(
        text.contains("\n\nRound 2\n")
            && text.contains(
                "\n\nRounds 3 to 5 are not shown: no turning point. Meanwhile: 3 disclosures and 6 concessions.\n\nRound 6\n"
            ),
        "{text}"
    );
    assert!(
        text.contains(
            "\n\nRounds 7 and 8 are not shown: no turning point. Meanwhile: 2 disclosures and 2 concessions.\n"
        ),
        "{text}"
    );
    let brief = DemoOptions {
        highlights: true,
        ..options(Lang::Nl)
    };
    let (_, text) = shown("job-offer:collaborative:s1:d30", &brief);
    assert!(
        text.contains(
            "\n\nRondes 3 tot en met 5 worden niet getoond: geen keerpunt. Intussen: 3 keer open kaart en 6 concessies.\n\nRonde 6\n"
        ),
        "{text}"
    );
    // Without highlights nothing is left out.
    let (_, full) = shown("job-offer:collaborative:s1:d30", &options(Lang::En));
    assert!(!full.contains("not shown"), "{full}");
}

/// The numbers written just before `noun` in a line, summed: "6 concessions" is 6 for
/// "concession", and "2 keer open kaart" is 2 for "keer open".
fn counted(line: &str, noun: &str) -> u32 {
    let words: Vec<&str> = line.split(' ').collect();
    (0..words.len().saturating_sub(1))
        .filter(|&i| words[i + 1..].join(" ").starts_with(noun))
        .filter_map(|i| words[i].parse::<u32>().ok())
        .sum()
}

/// A line that leaves rounds out counts what was said and how the proposals moved in them, as
/// the transcript has it: disclosures and bluffs (a round with a hidden option found is never
/// left out, so the line counts none), and each seat's
/// proposal against its own package before, by its own score, so that an offer that went back
/// and forth, or a stakeholder who opened up, in rounds not shown is not hidden.
#[test]
fn a_line_that_leaves_rounds_out_counts_the_moves_in_them() {
    use negsim::protocol::observe::Event;
    use negsim::protocol::reader::MOVE_EPSILON;
    // Concessions, harder demands, sideways moves, disclosures, bluffs, options found (which a
    // line never names: their rounds are shown).
    let mut seen = [0; 6];
    for (code, lang) in [
        ("job-offer:positional:s1:d30", Lang::En),
        ("office-reorganisation:mixed:s3:d25", Lang::Nl),
        ("park-redesign:positional:s2:d30", Lang::En),
        ("sprint-planning:mixed:s5:d30", Lang::Nl),
        ("office-reorganisation:collaborative:s3:d25", Lang::Nl),
        ("park-redesign:collaborative:s2:d30", Lang::En),
        ("job-offer:collaborative:s2:d30", Lang::En),
    ] {
        // The word of a round's heading, and the nouns the counts stand before.
        let (word, nouns) = match lang {
            Lang::En => (
                "Round ",
                [
                    "concession",
                    "harder",
                    "sideways",
                    "disclosure",
                    "bluff",
                    "new option",
                ],
            ),
            Lang::Nl => (
                "Ronde ",
                [
                    "concessie",
                    "verharding",
                    "zijwaartse",
                    "keer open kaart",
                    "keer bluf",
                    "nieuwe optie",
                ],
            ),
        };
        let brief = DemoOptions {
            highlights: true,
            ..options(lang)
        };
        let (shown, text) = shown(code, &brief);
        let case = &shown.case;
        // Per round, from the transcript, in the order of `nouns`.
        let mut moved = std::collections::BTreeMap::<u32, [u32; 6]>::new();
        // Per round, the seats that asked for more again.
        let mut back = std::collections::BTreeMap::<u32, Vec<usize>>::new();
        let mut last: Vec<Option<Vec<u8>>> = vec![None; case.n];
        for e in &shown.played[0].outcome.transcript {
            match e {
                Event::Disclosed { round, bluff, .. } => {
                    moved.entry(*round).or_default()[if *bluff { 4 } else { 3 }] += 1;
                }
                Event::Discovered { round, .. } => moved.entry(*round).or_default()[5] += 1,
                _ => {}
            }
            if let Event::Proposed {
                round,
                seat,
                package,
                ..
            } = e
            {
                if let Some(old) = last[*seat].as_ref().filter(|old| *old != package) {
                    let (before, after) = (case.utility(*seat, old), case.utility(*seat, package));
                    // Compared as the model's concession step compares, so that a move of
                    // exactly the epsilon counts as the model's trust counted it.
                    let kind = if before - after > MOVE_EPSILON {
                        0
                    } else if after - before > MOVE_EPSILON {
                        1
                    } else {
                        2
                    };
                    moved.entry(*round).or_default()[kind] += 1;
                    if kind == 1 {
                        back.entry(*round).or_default().push(*seat);
                    }
                }
                last[*seat] = Some(package.clone());
            }
        }
        let folded = folds(&text, word);
        assert!(!folded.is_empty(), "{code}: nothing left out\n{text}");
        for (rounds, line) in folded {
            let mut expected = [0; 6];
            for r in &rounds {
                for (k, n) in moved.get(r).copied().unwrap_or_default().iter().enumerate() {
                    expected[k] += n;
                }
            }
            let found = nouns.map(|noun| counted(line, noun));
            assert_eq!(found, expected, "{code}: {line}");
            // Whoever asked for more again is named in a sentence after the counts, and only
            // then (with going back to an earlier proposal, if they did both).
            let asked = match lang {
                Lang::En => " asked for more again",
                Lang::Nl => " weer meer",
            };
            let named = line
                .split_once(asked)
                .map(|(before, _)| before.rsplit_once(". ").map_or(before, |(_, who)| who));
            for seat in rounds.iter().filter_map(|r| back.get(r)).flatten() {
                let name = case.case.stakeholders[*seat].label.get(lang);
                assert!(
                    named.is_some_and(|w| w.to_lowercase().contains(&name.to_lowercase())),
                    "{code}: {line}"
                );
            }
            assert_eq!(named.is_some(), expected[1] > 0, "{code}: {line}");
            for (seen, found) in seen.iter_mut().zip(found) {
                *seen += found;
            }
        }
    }
    // Not a check of empty lines: each kind is counted somewhere, but options found, whose
    // rounds are always shown (a folded one would fail the comparison above).
    assert!(seen[..5].iter().all(|&n| n > 0), "{seen:?}");
    assert_eq!(seen[5], 0, "a round with an option found is a highlight");
}

#[test]
fn the_highlights_keep_the_round_a_hidden_option_is_found() {
    // Round 3: facilities invents the client lounge, the lesson of this case.
    let brief = DemoOptions {
        highlights: true,
        ..options(Lang::En)
    };
    let (_, text) = shown("office-reorganisation:positional:s3:d30", &brief);
    assert!(round_headings(&text, "Round ").contains(&3), "{text}");
    assert!(
        round_told(&text, "Round ", 3)
            .contains("Facilities comes up with something nobody had thought of"),
        "{text}"
    );
}

#[test]
fn the_highlights_tell_only_the_rounds_with_a_turning_point() {
    for (code, lang, word) in [
        ("job-offer:collaborative:s1:d30", Lang::En, "Round "),
        (
            "office-reorganisation:positional:s2:d30",
            Lang::Nl,
            "Ronde ",
        ),
    ] {
        let (full_shown, full) = shown(code, &options(lang));
        let brief = DemoOptions {
            highlights: true,
            ..options(lang)
        };
        let (_, text) = shown(code, &brief);
        let played = &full_shown.played[0];
        let marked = highlights(&full_shown.case, &played.outcome.transcript);
        let told = round_headings(&text, word);
        assert!(!told.is_empty(), "{text}");
        assert!(
            told.iter().all(|r| marked.contains(r)),
            "{told:?} not within {marked:?}"
        );
        // Fewer rounds than the whole story, and the last round (agreement or deadline) is
        // always one.
        assert!(told.len() < round_headings(&full, word).len(), "{text}");
        assert_eq!(told.last(), Some(&played.outcome.rounds), "{text}");
        // Every round is accounted for, once: told, or in a line that folds it.
        let mut accounted = told.clone();
        accounted.extend(folded_rounds(&text, word));
        accounted.sort_unstable();
        let every: Vec<u32> = (1..=played.outcome.rounds).collect();
        assert_eq!(accounted, every, "{text}");
        // A highlighted round is told as in the full story.
        let first = format!("\n{word}{}\n", told[0]);
        let block = |t: &str| {
            let at = t.find(&first).unwrap();
            t[at..][..t[at..][1..].find("\n\n").unwrap() + 1].to_string()
        };
        assert_eq!(block(&text), block(&full));
        // The verdict still closes it.
        assert!(
            text.contains("Verdict") || text.contains("De balans"),
            "{text}"
        );
    }
}

#[test]
fn the_world_value_is_told_during_the_rounds_in_both_languages() {
    let (_, en) = shown("job-offer:collaborative:s1:d30", &options(Lang::En));
    assert!(
        en.contains(
            "  For the world around the table this package is worth 87, which clears the 70 the \
             case asks."
        ),
        "{en}"
    );
    assert!(
        en.contains(
            "  The package closest to a deal is no longer good enough for the world: 49, short \
             of the 70 the case asks."
        ),
        "{en}"
    );
    assert!(
        en.contains("  Now the package closest to a deal is good for the world too: 71, clearing"),
        "{en}"
    );
    let (_, nl) = shown("job-offer:collaborative:s1:d30", &options(Lang::Nl));
    assert!(
        nl.contains(
            "  Voor de wereld om de tafel heen is dit pakket 87 waard; dat haalt de 70 die de \
             casus vraagt."
        ),
        "{nl}"
    );
    assert!(
        nl.contains("  Nu is het pakket dat het dichtst bij een akkoord ligt ook goed voor de wereld: 71 haalt de 70 die de casus vraagt."),
        "{nl}"
    );
}

/// A demonstration's text split into its narration and its side-by-side table (the block of
/// lines from the table's title to the blank line after it).
fn narration_and_table(text: &str) -> (String, String) {
    let (mut narration, mut table) = (String::new(), String::new());
    let mut in_table = false;
    for line in text.lines() {
        if line.starts_with("Side by side:") || line.starts_with("Naast elkaar:") {
            in_table = true;
        } else if line.is_empty() {
            in_table = false;
        }
        let into = if in_table { &mut table } else { &mut narration };
        into.push_str(line);
        into.push('\n');
    }
    (narration, table)
}

#[test]
fn wrapping_keeps_every_line_within_the_width_and_never_breaks_a_word() {
    for (lang, width) in [(Lang::En, 60), (Lang::Nl, 44), (Lang::En, 100)] {
        let code = "park-redesign:positional:s3:d12:f4:residents.openness=0.9";
        let (_, plain) = shown(code, &options(lang));
        let wrapped_options = DemoOptions {
            width: Some(width),
            ..options(lang)
        };
        let (_, wrapped) = shown(code, &wrapped_options);
        for line in wrapped.lines() {
            let long = line.chars().count() > width;
            // Only a single word longer than the width, or the replay code (a command to
            // copy), may stand out.
            let one_word = line.split_whitespace().count() == 1;
            assert!(
                !long
                    || one_word
                    || line.starts_with("Replay code: ")
                    || line.starts_with("Replaycode: ")
                    || line.starts_with("Herhaalcode: "),
                "{width}: {line:?}"
            );
        }
        // The narration: the same words in the same order, none broken, none lost.
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let (plain_text, plain_table) = narration_and_table(&plain);
        let (wrapped_text, wrapped_table) = narration_and_table(&wrapped);
        assert_eq!(words(&plain_text), words(&wrapped_text));
        assert!(wrapped.lines().count() > plain.lines().count());
        // The side-by-side table is laid out for the width, not wrapped as prose: its names
        // may be stacked and its labels wrapped, or it may become a list that names each
        // column again, but it holds the same words, and no others (its rule aside).
        let table_words = |t: &str| {
            t.lines()
                .filter(|l| !l.chars().all(|c| c == '-'))
                .flat_map(str::split_whitespace)
                .map(|w| w.trim_end_matches(':').to_string())
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert!(!plain_table.is_empty());
        assert_eq!(table_words(&plain_table), table_words(&wrapped_table));
    }
}

#[test]
fn colour_only_when_asked() {
    let code = "sprint-planning:mixed:s7:d15";
    let (_, plain) = shown(code, &options(Lang::En));
    assert!(!plain.contains('\u{1b}'));
    let (_, coloured) = shown(
        code,
        &DemoOptions {
            colour: true,
            ..options(Lang::En)
        },
    );
    assert!(coloured.contains("\u{1b}[1mRound 1\u{1b}[0m"), "{coloured}");
    // Without its escape codes it is the same text.
    let mut stripped = String::new();
    let mut rest = coloured.as_str();
    while let Some(at) = rest.find('\u{1b}') {
        stripped.push_str(&rest[..at]);
        let end = rest[at..].find('m').unwrap();
        rest = &rest[at + end + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain);
}

#[test]
fn stepping_reads_a_line_per_round_and_an_ended_input_does_not_hang() {
    let code = ReplayCode::parse("job-offer:mixed:s2:d12", Lang::En).unwrap();
    let stepping = DemoOptions {
        step: true,
        ..options(Lang::En)
    };
    let mut plain = Vec::new();
    demo(&library(), &code, &options(Lang::En), &mut plain).unwrap();
    // Three Enters, then the input ends: the rest follows without waiting.
    let mut input = std::io::Cursor::new(b"\n\n\n".to_vec());
    let mut out = Vec::new();
    demo_live(&library(), &code, &stepping, &mut out, &mut input).unwrap();
    assert_eq!(input.position(), 3);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Press Enter for the next round."));
    let plain = String::from_utf8(plain).unwrap();
    assert_eq!(
        text.replace("\nPress Enter for the next round.\n", "\n")
            .replace("\n\n\n", "\n\n"),
        plain
    );
}

#[test]
fn a_fork_tells_both_futures() {
    for (lang, without, with) in [
        (
            Lang::En,
            "Without the change (the original), from round 4:",
            "With the change (the what-if), from round 4:",
        ),
        (
            Lang::Nl,
            "Zonder de verandering (het origineel), vanaf ronde 4:",
            "Met de verandering (het wat-als-scenario), vanaf ronde 4:",
        ),
    ] {
        let (shown_fork, text) = shown(
            "park-redesign:positional:s3:d12:f4:residents.openness=0.9",
            &options(lang),
        );
        let (a, b) = (text.find(without).unwrap(), text.find(with).unwrap());
        assert!(a < b);
        let heading = if lang == Lang::En {
            "Round 4"
        } else {
            "Ronde 4"
        };
        // Round 4 is told once in each future, after its heading.
        assert!(text[a..b].contains(heading) && text[b..].contains(heading));
        assert!(!text[..a].contains(&format!("\n{heading}\n")));
        assert_eq!(shown_fork.played.len(), 2);
    }
}

/// With `--highlights`, each future of a fork begins with its first round, told or quiet:
/// never with a line saying that the round the class is watching for is not shown.
#[test]
fn a_fork_with_highlights_shows_its_first_round_in_both_futures() {
    let brief = DemoOptions {
        highlights: true,
        ..options(Lang::En)
    };
    for (code, round) in [
        // The fork's round is quiet in both futures here.
        ("job-offer:positional:s1:d30:f3:candidate.openness=1", 3),
        (
            "park-redesign:positional:s3:d12:f4:residents.openness=0.9",
            4,
        ),
    ] {
        let (_, text) = shown(code, &brief);
        let starts: Vec<&str> = text
            .split(&format!(", from round {round}:\n\n"))
            .skip(1)
            .map(|future| future.lines().next().unwrap())
            .collect();
        assert_eq!(starts.len(), 2, "{text}");
        for first in starts {
            assert!(
                first == format!("Round {round}")
                    || first.starts_with(&format!("Round {round}: nothing changes"))
                    || first.starts_with(&format!("Rounds {round} and "))
                        && first.contains("nothing changes")
                    || first.starts_with(&format!("Rounds {round} to "))
                        && first.contains("nothing changes"),
                "{code}: the future starts with `{first}`"
            );
        }
    }
}

fn negsim(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_negsim"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn the_binary_colours_only_when_asked_and_never_with_no_color() {
    let demo = ["demo", "job-offer", "--culture", "mixed", "--highlights"];
    let (code, piped) = negsim(&demo, &[]);
    assert_eq!(code, 0);
    assert!(!piped.contains('\u{1b}'), "a pipe gets no escape codes");
    // CLICOLOR_FORCE asks for colour even into a pipe; NO_COLOR still wins.
    let (_, forced) = negsim(&demo, &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}["), "{forced}");
    let (_, no_color) = negsim(&demo, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no_color.contains('\u{1b}'), "{no_color}");
    let (_, always) = negsim(&[&demo[..], &["--color", "always"]].concat(), &[]);
    assert!(always.contains("\u{1b}["));
    let (_, never) = negsim(
        &[&demo[..], &["--color", "never"]].concat(),
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!never.contains('\u{1b}'));
}

#[test]
fn the_binary_wraps_at_80_into_a_pipe_or_at_the_width_asked() {
    let demo = ["demo", "office-reorganisation", "--culture", "positional"];
    for (extra, width) in [(vec![], 80), (vec!["--width", "50"], 50)] {
        let (code, out) = negsim(&[&demo[..], &extra[..]].concat(), &[]);
        assert_eq!(code, 0);
        for line in out.lines().filter(|l| !l.starts_with("Replay code: ")) {
            assert!(
                line.chars().count() <= width || line.split_whitespace().count() == 1,
                "{width}: {line:?}"
            );
        }
    }
    let (_, unwrapped) = negsim(&[&demo[..], &["--width", "0"]].concat(), &[]);
    assert!(unwrapped.lines().any(|l| l.chars().count() > 120));
}

#[test]
fn the_binary_steps_without_hanging_when_standard_input_is_closed() {
    // `output()` gives the child a closed standard input: stepping ends at once.
    let (code, out) = negsim(&["demo", "job-offer", "--culture", "mixed", "--step"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("Press Enter for the next round.") && out.contains("Replay code: "));
}

#[test]
fn an_amount_is_never_split_from_its_currency_sign() {
    let line = "Sam geeft toe op de verhuisvergoeding (€ 6.000 in plaats van € 9.000) en vraagt € 2.000 meer";
    for width in 10..line.len() {
        let lines = negsim::teaching::wrap::wrap(line, width);
        assert!(
            lines.iter().all(|l| !l.trim_end().ends_with('€')),
            "{width}: {lines:?}"
        );
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_world_value_shown_with_a_decimal_is_explained_under_the_table() {
    // The original ends at a world value of 84.6 against a bar of 85: as a whole number it
    // would read 85 and seem to clear the bar.
    let code = "office-reorganisation:mixed:s8:d30:f3:works-council.openness=1";
    for (lang, row, note) in [
        (
            Lang::En,
            "84.6",
            "A value with a decimal lies just below the bar of 85",
        ),
        (
            Lang::Nl,
            "84,6",
            "Een waarde met een decimaal ligt net onder de lat van 85",
        ),
    ] {
        let (_, text) = shown(code, &options(lang));
        assert!(text.contains(row) && text.contains(note), "{text}");
    }
    // Whole numbers everywhere: no note.
    let (_, text) = shown(
        "park-redesign:positional:s3:d12:f4:residents.openness=0.9",
        &options(Lang::En),
    );
    assert!(!text.contains("A value with a decimal"), "{text}");
}

/// Rounds whose narration tells the world's value (in English).
fn world_rounds(text: &str) -> Vec<u32> {
    let mut rounds = Vec::new();
    let mut round = 0;
    // The verdict after the rounds tells the agreement's world value too: not a round's.
    for line in text.lines().take_while(|l| *l != "Verdict") {
        if let Some(r) = line.strip_prefix("Round ").and_then(|r| r.parse().ok()) {
            round = r;
        } else if line.contains("the world") && line.contains("the case asks") && round > 0 {
            rounds.push(round);
        }
    }
    rounds.dedup();
    rounds
}

#[test]
fn the_world_turns_of_the_reader_are_the_rounds_the_narration_tells_the_worlds_value() {
    use negsim::protocol::reader::{WorldTurn, read};
    let mut told = 0;
    for code in [
        "office-reorganisation:mixed:s8:d30",
        "job-offer:positional:s1:d30",
        "park-redesign:collaborative:s3:d20",
    ] {
        let (shown, text) = shown(
            code,
            &DemoOptions {
                width: None,
                ..options(Lang::En)
            },
        );
        let played = &shown.played[0];
        let readings = read(&shown.case, &played.outcome.transcript);
        let turns: Vec<(u32, WorldTurn)> = readings
            .iter()
            .filter_map(|r| r.world_turn.map(|t| (r.round, t)))
            .collect();
        // The first turn is a first judgement; every later one changes sides.
        if let Some((_, first)) = turns.first() {
            assert!(matches!(first, WorldTurn::First(_)), "{code}: {turns:?}");
        }
        for pair in turns.windows(2) {
            assert!(
                matches!(pair[1].1, WorldTurn::Crossed(_)),
                "{code}: {turns:?}"
            );
            assert_ne!(pair[0].1.good(), pair[1].1.good(), "{code}: {turns:?}");
        }
        // The narration tells the world's value in those rounds (but the agreement's,
        // which the verdict tells).
        let agreed = played
            .outcome
            .agreement
            .is_some()
            .then_some(played.outcome.rounds);
        let expected: Vec<u32> = turns
            .iter()
            .map(|t| t.0)
            .filter(|&r| Some(r) != agreed)
            .collect();
        assert_eq!(world_rounds(&text), expected, "{code}");
        told += expected.len();
    }
    assert!(told >= 3, "only {told} world turns told");
}

#[test]
fn a_fork_may_name_a_stakeholder_as_the_class_knows_them_and_the_code_keeps_the_key() {
    let by_key = shown(
        "sprint-planning:positional:s1:d30:f3:tester.openness=0.9",
        &options(Lang::En),
    )
    .1;
    let by_name = shown(
        "sprint-planning:positional:s1:d30:f3:Kim.openness=0.9",
        &options(Lang::En),
    )
    .1;
    assert_eq!(by_name, by_key);
    assert!(
        by_key.contains("Replay code: sprint-planning:positional:s1:d30:f3:tester.openness=0.9"),
        "{by_key}"
    );
}
