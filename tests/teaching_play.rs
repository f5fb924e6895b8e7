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
    assert!(text.contains("has no option “99k”"));
    assert!(text.contains("Write each choice as issue=option"));
    assert!(text.contains("Responding comes after the proposals"));
    assert!(text.contains("one issue per round; this round it is vacation days"));
    assert!(text.contains("There is no package “7” on the table; choose a number from 1 to 1"));
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
    let script = "pass\naccept all\n".repeat(12);
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
