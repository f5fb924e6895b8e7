//! A seat for a person: scripted sessions through the library and through the binary's
//! standard input, including invalid commands and an early end of input.

use negsim::experiment::library::Library;
use negsim::model::label::Lang;
use negsim::teaching::play::{PlaySpec, play};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn library() -> Library {
    Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    )
}

fn spec(case: &str, seat: &str, culture: &str, lang: Lang) -> PlaySpec {
    PlaySpec {
        case: case.into(),
        seat: seat.into(),
        culture: culture.into(),
        seed: 3,
        deadline: 12,
        lang,
        echo: true,
        width: None,
    }
}

fn session(spec: &PlaySpec, script: &str) -> (negsim::teaching::table::Played, String) {
    let mut out = Vec::new();
    let mut input = script.as_bytes();
    let played = play(&library(), spec, &mut input, &mut out).unwrap();
    (played, String::from_utf8(out).unwrap())
}

#[test]
fn invalid_commands_get_help_and_the_game_goes_on() {
    let script = "dance\n\
                  disclose holidays\n\
                  disclose\n\
                  propose salary=99k\n\
                  propose salary\n\
                  accept 1\n\
                  disclose vacation\n\
                  disclose salary\n\
                  propose salary=61k vacation=30\n\
                  accept 7\n\
                  propose salary=58k\n\
                  object\n";
    let (_, text) = session(
        &spec("job-offer", "candidate", "collaborative", Lang::En),
        script,
    );
    assert!(text.contains("I don't know “dance”"));
    assert!(text.contains("There is no issue “holidays”"));
    assert!(text.contains("Which issue? Name one after the command, e.g. disclose salary."));
    assert!(text.contains("“99k” is not an option for salary."));
    assert!(text.contains("Write each choice as issue=option"));
    assert!(text.contains("Responding comes after the proposals"));
    assert!(text.contains("one issue per round; this round it is vacation days"));
    assert!(text.contains("There is no package “7” on the table; choose 1."));
    assert!(text.contains("Now is the time to respond"));
    assert!(text.contains("You accept none of them."));
    // The input ended in round 2: the person left, and the debrief follows.
    assert!(text.contains("You leave the table."));
    assert!(text.contains("Debrief"));
    assert!(text.contains("You played Sam (candidate) and end with 35 points; your BATNA was 35."));
    assert!(text.contains("How the others saw you"));
}

#[test]
fn an_empty_input_ends_at_once_with_a_debrief() {
    let (played, text) = session(
        &spec(
            "office-reorganisation",
            "works-council",
            "positional",
            Lang::Nl,
        ),
        "",
    );
    assert_eq!(played.outcome.rounds, 0);
    assert!(played.outcome.agreement.is_none());
    assert!(text.contains("Je verlaat de tafel."));
    assert!(text.contains("Nabespreking"));
    assert!(text.contains("De beste pakketten die binnen bereik lagen"));
}

#[test]
fn a_person_who_accepts_everything_reaches_agreement_and_sees_the_cost() {
    // Propose nothing of one's own and accept whatever is on the table: the simulated
    // collaborative manager's package soon passes. The debrief shows the result against BATNA.
    // Below one's BATNA the table asks first: yes (when it does not ask, `yes` is only an
    // unknown command before the next move).
    let script = "pass\naccept all\nyes\n".repeat(12);
    let (played, text) = session(
        &spec("job-offer", "candidate", "collaborative", Lang::En),
        &script,
    );
    assert!(played.outcome.agreement.is_some(), "{text}");
    assert!(text.contains("Agreement! The table settles on"));
    assert!(text.contains("Verdict"));
    assert!(text.contains("Debrief"));
}

#[test]
fn the_other_seats_react_to_what_the_person_does() {
    // A tough person who never moves and never accepts loses the others' trust.
    let script = "propose salary=64k bonus=6k\nobject\n".to_string() + &"pass\nobject\n".repeat(11);
    let (played, text) = session(&spec("job-offer", "candidate", "mixed", Lang::En), &script);
    let manager = &played.outcome.seats[1];
    let start = played.setup.seats[1].traits.trust_propensity;
    assert!(manager.trust[0] <= start, "{text}");
    assert!(played.outcome.agreement.is_none());
}

#[test]
fn the_binary_reads_commands_from_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args([
            "play",
            "sprint-planning",
            "--seat",
            "tester",
            "--culture",
            "positional",
            "--lang",
            "nl",
            "--deadline",
            "5",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"hulp\nvertel testen\nvoorstel testing=automated\nonzin\nbezwaar\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("Opdrachten (één per regel)"));
    assert!(text.contains("> onzin"));
    assert!(text.contains("„onzin” ken ik niet"));
    assert!(text.contains("Nabespreking"));
}

#[test]
fn accepting_before_the_proposals_says_nothing_is_on_the_table_yet() {
    let script = "accept 0\n\
                  accept 99999999999999999999999\n\
                  accept 1\n\
                  accept\n\
                  pass\n\
                  quit\n";
    for (lang, expected) in [
        (Lang::En, "There is no package on the table yet."),
        (Lang::Nl, "Er ligt nog geen pakket op tafel."),
    ] {
        let (_, text) = session(&spec("job-offer", "candidate", "mixed", lang), script);
        assert_eq!(text.matches(expected).count(), 4, "{text}");
        assert!(!text.contains("18446744073709551615"), "{text}");
        assert!(!text.contains("“0”") && !text.contains("„0”"), "{text}");
    }
}

#[test]
fn a_line_in_another_encoding_is_answered_and_the_game_goes_on() {
    // "café" in Latin-1: not UTF-8. It used to end the game as if the input had closed.
    let mut input: &[u8] = b"caf\xe9\npass\n";
    let mut out = Vec::new();
    let spec = spec("job-offer", "candidate", "collaborative", Lang::En);
    play(&library(), &spec, &mut input, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("I don't know “caf\u{fffd}”"), "{text}");
    assert!(
        text.contains("You put nothing on the table this round."),
        "{text}"
    );
}

#[test]
fn during_ones_move_the_table_shows_last_rounds_packages() {
    let (_, text) = session(
        &spec("sprint-planning", "tester", "mixed", Lang::En),
        "table\npass\naccept 1\ntable\naccept 1\npass\n",
    );
    assert!(
        text.contains("> table\nNothing is on the table yet."),
        "{text}"
    );
    let round2 = &text[text.find("Round 2 of").expect("a second round")..];
    assert!(
        round2.contains("Still on the table from round 1"),
        "{round2}"
    );
    assert!(
        round2.contains("> accept 1\nResponding comes after the proposals."),
        "{round2}"
    );
}

/// Whether a round's header is followed by something told of that round, indented under it
/// (never by a blank line, the next move's prompt, the table's packages or the end).
fn no_empty_round_headers(text: &str, header: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let is_header = line
            .strip_prefix(header)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty());
        if is_header {
            let next = lines.get(i + 1).copied().unwrap_or("");
            assert!(
                next.starts_with("  ") && !next.trim().is_empty(),
                "an empty header `{line}` in:\n{text}"
            );
        }
    }
}

#[test]
fn a_bare_accept_with_several_packages_asks_which_one() {
    // Four others at the office reorganisation: several packages on the table in round 1.
    let (played, text) = session(
        &spec(
            "office-reorganisation",
            "works-council",
            "positional",
            Lang::En,
        ),
        "pass\naccept\nobject\n",
    );
    let asked = text
        .find("> accept\n")
        .map(|at| &text[at..])
        .expect("the bare accept is echoed");
    assert!(
        asked
            .contains("packages on the table. Which one do you accept? Type accept and its number"),
        "{asked}"
    );
    // Nothing was accepted until the person answered: they objected.
    let answer = &asked[..asked.find("> object").expect("the answer")];
    assert!(!answer.contains("You accept"), "{answer}");
    assert!(
        asked.contains("> object\nYou accept none of them."),
        "{asked}"
    );
    assert!(played.outcome.agreement.is_none());
}

#[test]
fn a_package_below_ones_batna_is_accepted_only_after_a_warning() {
    // Robin's opening package gives Sam 23, below Sam's BATNA of 35: a bare accept (one
    // package on the table) names it, but first warns; "no" chooses again.
    let script = "pass\naccept\nno\naccept 1\nja\n";
    let (played, text) = session(
        &spec("job-offer", "candidate", "positional", Lang::En),
        script,
    );
    let warning = "Careful: package 1 gives you 23 points, less than your BATNA of 35. Without a \
                   deal you would get more. Accept anyway? Type yes to accept, anything else to \
                   choose again.";
    assert_eq!(text.matches(warning).count(), 2, "{text}");
    assert!(
        text.contains("> no\nNothing accepted yet. Accept other numbers, or object."),
        "{text}"
    );
    assert!(
        text.contains(
            "> ja\nYou accept the proposal from Robin (hiring manager): salary: €52,000; signing \
             bonus: none;"
        ),
        "{text}"
    );
    // The table records the acceptance (Robin then holds out for the world's sake).
    assert!(
        text.contains("Closest to a deal: the proposal from Robin (hiring manager), accepted by Sam (candidate) [you]."),
        "{text}"
    );
    assert!(played.outcome.agreement.is_none(), "{text}");
}

#[test]
fn each_package_shows_ones_score_and_its_value_for_the_world() {
    let (_, en) = session(
        &spec("job-offer", "candidate", "positional", Lang::En),
        "pass\nobject\n",
    );
    assert!(
        en.contains(
            "relocation allowance: none (for you: 23; for the world: 44, \
             short of the 70 the case asks)"
        ),
        "{en}"
    );
    let (_, nl) = session(
        &spec("job-offer", "candidate", "positional", Lang::Nl),
        "pass\nbezwaar\n",
    );
    assert!(
        nl.contains("(voor jou: 23; voor de wereld: 44, minder dan de 70 die de casus vraagt)"),
        "{nl}"
    );
}

#[test]
fn a_slip_is_suggested_as_written_and_a_proposal_without_an_issue_gets_its_example() {
    // The office case's budget options have the keys 0.5M, 1M, 1.5M and 2M.
    let (_, text) = session(
        &spec("office-reorganisation", "it", "positional", Lang::En),
        "propose budget=3M
propose =1M
quit
",
    );
    assert!(
        text.contains("“3M” is not an option for the budget.")
            && text.contains("Did you mean “1M”?"),
        "{text}"
    );
    assert!(text.contains("Write each choice as issue=option"), "{text}");
    assert!(!text.contains("e.g. disclose"), "{text}");
}

#[test]
fn names_with_spaces_work_in_either_language_and_a_slip_gets_a_suggestion() {
    let (_, en) = session(
        &spec("job-offer", "candidate", "positional", Lang::En),
        "propose start date=in two weks\n\
         propose salary=61k start date=in two weeks team=the data team\nobject\n",
    );
    assert!(
        en.contains(
            "“in two weks” is not an option for the start date. The options are: 2w, 1m, 2m, \
             3m. Did you mean “in two weeks”?"
        ),
        "{en}"
    );
    assert!(
        en.contains(
            "Your proposal: salary: €61,000; signing bonus: €6,000; start date: in two weeks; \
             team: the data team;"
        ),
        "{en}"
    );
    let (_, nl) = session(
        &spec("job-offer", "candidate", "positional", Lang::Nl),
        "stel voor startdatum=over twee weken team=het datateam salaris = 61k\nbezwaar\n",
    );
    assert!(
        nl.contains(
            "Jouw voorstel: salaris: € 61.000; tekenbonus: € 6.000; startdatum: over twee weken; \
             team: het datateam;"
        ),
        "{nl}"
    );
}

#[test]
fn the_game_shows_the_others_trust_and_never_an_empty_round_header() {
    let script = "propose salary=64k bonus=6k\nobject\n".to_string() + &"pass\nobject\n".repeat(11);
    let (played, text) = session(&spec("job-offer", "candidate", "mixed", Lang::En), &script);
    let shown: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("How much the others trust you (0 to 100): "))
        .collect();
    assert_eq!(shown.len(), played.outcome.rounds as usize, "{text}");
    // The last figure shown before the end is the trust at the start of the last round; it
    // moved since the first.
    assert!(shown.iter().any(|l| l.contains("(was ")), "{shown:?}");
    no_empty_round_headers(&text, "Round ");
    let (_, nl) = session(
        &spec(
            "office-reorganisation",
            "works-council",
            "positional",
            Lang::Nl,
        ),
        &"pas\nbezwaar\n".repeat(12),
    );
    assert!(nl.contains("Het vertrouwen van de anderen in jou (0 tot 100): "));
    no_empty_round_headers(&nl, "Ronde ");
    // A round in which nobody moves says so under its header.
    for (lang, header, still) in [
        (
            Lang::En,
            "Round 2",
            "  No party moves: every proposal stays as it was.",
        ),
        (
            Lang::Nl,
            "Ronde 2",
            "  Geen partij doet een stap: elk voorstel blijft zoals het was.",
        ),
    ] {
        let spec = spec("sprint-planning", "product-owner", "positional", lang);
        let (_, text) = session(
            &spec,
            &"pass
pass
"
            .repeat(4),
        );
        assert!(text.contains(&format!("\n{header}\n{still}\n")), "{text}");
        no_empty_round_headers(&text, &header[..header.len() - 1]);
    }
}

#[test]
fn the_debrief_comes_back_to_offers_turned_down_above_ones_batna_and_to_lost_trust() {
    // A tough opening, then never a move: the manager keeps giving ground unanswered.
    let script = "propose salary=64k bonus=6k\nobject\n".to_string() + &"pass\nobject\n".repeat(11);
    let (played, text) = session(&spec("job-offer", "candidate", "mixed", Lang::En), &script);
    assert!(played.outcome.agreement.is_none(), "{text}");
    assert!(played.outcome.seats[1].trust[0] < played.setup.seats[1].traits.trust_propensity);
    let debrief = &text[text.find("Debrief").unwrap()..];
    assert!(
        debrief.contains("packages that beat your BATNA (35). The best: the proposal from Robin"),
        "{debrief}"
    );
    assert!(
        debrief.contains("You ended with 35: holding out cost you "),
        "{debrief}"
    );
    assert!(
        debrief.contains("Why Robin (hiring manager) trusted you less: in "),
        "{debrief}"
    );
}

#[test]
fn a_person_who_leaves_is_told_what_leaving_cost_not_that_holding_out_did() {
    // The same tough start, then three rounds without a move, then the person leaves (quit,
    // or the end of the input, which is the same).
    for end in ["quit\n", ""] {
        let script =
            "propose salary=64k bonus=6k\nobject\n".to_string() + &"pass\nobject\n".repeat(3) + end;
        let (played, text) = session(&spec("job-offer", "candidate", "mixed", Lang::En), &script);
        assert!(played.outcome.agreement.is_none(), "{text}");
        let debrief = &text[text.find("Debrief").unwrap()..];
        assert!(debrief.contains("that beat your BATNA (35)"), "{debrief}");
        assert!(
            debrief.contains("You left the table with 35: accepting it would have given you "),
            "{end:?}: {debrief}"
        );
        assert!(!debrief.contains("holding out"), "{end:?}: {debrief}");
    }
}

/// Simulated processes of the bundled cases, as a debrief would read them with the person in
/// seat 0 (searched over seeds, so that the cases below are found, not built by hand).
fn simulated(
    case: &str,
    culture: &str,
    seeds: std::ops::Range<u64>,
) -> Vec<negsim::teaching::table::Played> {
    use negsim::teaching::table::{load_case, load_culture, play_out, seat};
    let library = library();
    let prepared = load_case(&library, case, Lang::En).unwrap();
    let culture = load_culture(&library, culture, Lang::En).unwrap();
    seeds
        .map(|s| play_out(&culture, seat(&prepared, &culture, s, 30).unwrap()))
        .collect()
}

fn debrief_of(played: &negsim::teaching::table::Played, available: &[bool], lang: Lang) -> String {
    use negsim::teaching::narrator::Narrator;
    use negsim::teaching::play::debrief::{PlayerRecord, debrief};
    let narrator = Narrator::new(&played.setup.case, lang).with_human(0);
    let record = PlayerRecord {
        seat: 0,
        last_proposal: None,
        available,
        turned_down: &[],
        left: false,
    };
    debrief(&narrator, played, &record).join("\n")
}

#[test]
fn the_debrief_never_blames_the_person_for_an_option_they_could_not_create() {
    use negsim::metrics::process::dominated_choices;
    // A process whose agreement a hidden option (found by a simulated creative stakeholder)
    // would have improved for everyone: the person, who saw only the visible options at
    // their last move, is not blamed for it.
    let mut checked = 0;
    let cases = [
        "park-redesign",
        "office-reorganisation",
        "sprint-planning",
        "job-offer",
    ];
    let cultures = ["collaborative", "mixed", "positional-facilitated"];
    for (case, culture) in cases.iter().flat_map(|c| cultures.map(|k| (*c, k))) {
        for played in simulated(case, culture, 1..30) {
            let prepared = &played.setup.case;
            let Some(agreed) = played.outcome.agreement.as_deref() else {
                continue;
            };
            let with_found = dominated_choices(prepared, agreed, &played.outcome.available);
            let theirs = dominated_choices(prepared, agreed, &prepared.visible);
            if with_found == theirs {
                continue;
            }
            checked += 1;
            let text = debrief_of(&played, &prepared.visible, Lang::En);
            let blamed: Vec<&str> = with_found
                .iter()
                .filter(|c| !theirs.contains(c))
                .map(|&(i, _)| prepared.case.issues[i].label.en.as_str())
                .collect();
            let line = text
                .lines()
                .find(|l| {
                    l.starts_with("The fixed-pie trap cost you")
                        || l.starts_with("No issue was settled")
                })
                .unwrap_or_default()
                .to_string();
            for issue in blamed {
                assert!(!line.contains(issue), "{case}: {issue} blamed in {line:?}");
            }
            // With everything that was on the table at the end, the hidden option counts.
            let all = debrief_of(&played, &played.outcome.available, Lang::En);
            assert_ne!(text, all, "{case}");
        }
    }
    assert!(
        checked > 0,
        "no process where a found option mattered: widen the search"
    );
}

#[test]
fn the_debrief_says_when_the_agreement_was_the_nash_point() {
    let mut found = 0;
    for case in ["job-offer", "sprint-planning"] {
        for played in simulated(case, "collaborative", 1..40) {
            let space = negsim::metrics::outcome_space::OutcomeSpace::of(&played.setup.case);
            let nash = space.nash.map(|p| space.package(p).to_vec());
            let was = played.outcome.agreement.is_some() && played.outcome.agreement == nash;
            let en = debrief_of(&played, &played.outcome.available, Lang::En);
            let nl = debrief_of(&played, &played.outcome.available, Lang::Nl);
            assert_eq!(
                en.contains("Your agreement was the Nash point"),
                was,
                "{en}"
            );
            assert_eq!(nl.contains("Jullie akkoord was het Nash-punt"), was, "{nl}");
            found += usize::from(was);
        }
    }
    assert!(
        found > 0,
        "no agreement on the Nash point among the seeds searched"
    );
}

#[test]
fn a_session_wraps_between_words_to_the_width_asked() {
    let script = "propose salary=61k start=in two weeks\naccept 1\nno\nobject\n";
    let plain = spec("job-offer", "candidate", "collaborative", Lang::Nl);
    let wrapped = PlaySpec {
        width: Some(60),
        ..plain.clone()
    };
    let (_, long) = session(&plain, script);
    let (_, short) = session(&wrapped, script);
    assert!(long.lines().any(|l| l.chars().count() > 60));
    for line in short.lines() {
        // A word longer than the width stands alone, unbroken; nothing else passes it.
        assert!(
            line.chars().count() <= 60 || !line.trim().contains(' '),
            "{line}"
        );
    }
    // The same words in the same order: only where the lines break has changed.
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&long), words(&short));
}

#[test]
fn a_dutch_player_sees_dutch_names_and_only_language_neutral_short_keys() {
    let script = "voorstel tekenbonus=geen bonus team=het klantteam salaris=52k\n";
    let (_, nl) = session(
        &spec("job-offer", "candidate", "collaborative", Lang::Nl),
        script,
    );
    // English word keys are not shown in Dutch; keys with a digit are, and names work.
    assert!(nl.contains("  tekenbonus, gewicht 8%:"), "{nl}");
    assert!(nl.contains("      geen bonus: 0"), "{nl}");
    assert!(nl.contains("      € 52.000 [52k]: 0"), "{nl}");
    assert!(
        !nl.contains("[bonus]") && !nl.contains("[customer]"),
        "{nl}"
    );
    assert!(nl.contains("Jouw voorstel: salaris: € 52.000; tekenbonus: geen bonus;"));
    assert!(nl.contains("team: het klantteam"));
    // English shows every key.
    let (_, en) = session(
        &spec("job-offer", "candidate", "collaborative", Lang::En),
        "interests\n",
    );
    assert!(en.contains("signing bonus [bonus], weight 8%:"), "{en}");
    assert!(en.contains("the customer team [customer]"), "{en}");
}

#[test]
fn the_help_is_a_list_of_commands_at_any_width_in_either_language() {
    for (lang, help, first, propose) in [
        (Lang::En, "help", "Commands", "  propose ISSUE=OPTION ..."),
        (
            Lang::Nl,
            "hulp",
            "Opdrachten",
            "  voorstel KWESTIE=OPTIE ...",
        ),
    ] {
        for width in [80, 60, 40] {
            let mut spec = spec("sprint-planning", "tester", "positional", lang);
            spec.width = Some(width);
            let (_, text) = session(&spec, &format!("{help}\n"));
            let list: Vec<&str> = text
                .lines()
                .skip_while(|l| !l.starts_with(first))
                .skip(1)
                .take_while(|l| l.starts_with(' '))
                .collect();
            assert!(list.len() >= 10, "{lang:?} {width}: {text}");
            for line in &list {
                assert!(line.chars().count() <= width, "{lang:?} {width}: {line:?}");
            }
            // Each command starts a line, two columns in, and what it does stands deeper:
            // beside it where there is room, else on the lines below it.
            let commands: Vec<&&str> = list.iter().filter(|l| !l.starts_with("   ")).collect();
            assert_eq!(commands.len(), 9, "{lang:?} {width}: {list:#?}");
            let propose_at = list.iter().position(|l| l.starts_with(propose)).unwrap();
            let description = list[propose_at + 1];
            let line = list[propose_at];
            let column = if width >= 60 {
                line.len() - line[propose.len()..].trim_start().len()
            } else {
                6
            };
            assert_eq!(
                description.len() - description.trim_start().len(),
                column,
                "{lang:?} {width}: {list:#?}"
            );
        }
    }
}

#[test]
fn a_seat_may_be_named_as_the_class_knows_the_stakeholder() {
    for (seat, lang, played) in [
        ("Kim", Lang::En, "You play Kim (tester)."),
        ("ontwikkelteam", Lang::Nl, "Je speelt het ontwikkelteam."),
    ] {
        let (_, text) = session(&spec("sprint-planning", seat, "mixed", lang), "");
        assert!(text.contains(played), "{text}");
    }
}

#[test]
fn a_standing_proposal_turned_down_counts_once_and_one_accepted_instead_not_at_all() {
    // Accepting Noor's package every round: the development team's proposals that beat it are
    // the ones turned down, each once, however many rounds it stood.
    let script = "pass\naccept 1\n".repeat(12);
    let (played, text) = session(
        &spec("sprint-planning", "tester", "positional", Lang::En),
        &script,
    );
    assert_eq!(played.outcome.rounds, 10, "{text}");
    let debrief = &text[text.find("Debrief").unwrap()..];
    assert!(
        debrief.contains(
            "You turned down 5 packages that beat your BATNA (30). The best: the proposal from \
             the development team in round 9, worth 86 to you"
        ),
        "{debrief}"
    );
    assert!(
        debrief.contains("You ended with 80: holding out cost you 6 points."),
        "{debrief}"
    );
}

#[test]
fn a_package_named_twice_is_accepted_once_and_an_early_accept_is_told_to_wait() {
    for (lang, script, told) in [
        (
            Lang::En,
            "pass\naccept\naccept 1 1\naccept -1\nquit\n",
            [
                "Type accept and its number (1 or 2), accept all, or object.",
                "> accept 1 1\nYou accept the proposal from Noor (product owner): ",
                "> accept -1\nResponding comes after the proposals. First: disclose, propose or pass.",
                "No agreement: you left the table in round 2, so everyone falls back on their BATNA.",
            ],
        ),
        (
            Lang::Nl,
            "pas\naccepteer\naccepteer 1 1\naccepteer -1\nstop\n",
            [
                "Typ accepteer en het nummer (1 of 2), accepteer alles, of bezwaar.",
                "> accepteer 1 1\nJe accepteert het voorstel van Noor (product owner): ",
                "> accepteer -1\nReageren komt na de voorstellen. Eerst: vertel, voorstel of pas.",
                "Geen akkoord: je verliet de tafel in ronde 2, dus iedereen valt terug op het eigen \
                 alternatief (de BATNA).",
            ],
        ),
    ] {
        let (_, text) = session(
            &spec("sprint-planning", "tester", "positional", lang),
            script,
        );
        for line in told {
            assert!(text.contains(line), "`{line}` missing:\n{text}");
        }
        assert!(!text.contains("after 1 round"), "{text}");
    }
}

#[test]
fn leaving_in_the_first_round_is_told_as_leaving_not_as_zero_rounds_played() {
    for (lang, told) in [
        (
            Lang::En,
            "No agreement: you left the table in round 1, so everyone falls back on their BATNA.",
        ),
        (
            Lang::Nl,
            "Geen akkoord: je verliet de tafel in ronde 1, dus iedereen valt terug op het eigen \
             alternatief (de BATNA).",
        ),
    ] {
        let (_, text) = session(&spec("job-offer", "candidate", "mixed", lang), "quit\n");
        assert!(text.contains(told), "{text}");
        assert!(
            !text.contains("0 rounds") && !text.contains("0 rondes"),
            "{text}"
        );
    }
}
