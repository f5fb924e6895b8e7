//! Replay and fork: a replay code plays a demonstration again exactly; a fork is identical to
//! the original up to its round and only then goes its own way.

use negsim::experiment::library::Library;
use negsim::metrics::process::evaluate;
use negsim::model::label::Lang;
use negsim::model::traits::TraitName;
use negsim::protocol::Arena;
use negsim::protocol::components::Status;
use negsim::protocol::observe::Event;
use negsim::protocol::table::{Stage, Table};
use negsim::teaching::demo::play_code;
use negsim::teaching::replay_code::ReplayCode;
use negsim::teaching::table::{load_case, load_culture, seat};
use std::path::Path;

fn library() -> Library {
    Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    )
}

fn round_of(e: &Event) -> u32 {
    match e {
        Event::RoundStarted { round }
        | Event::Disclosed { round, .. }
        | Event::Discovered { round, .. }
        | Event::Proposed { round, .. }
        | Event::FacilitatorText { round, .. }
        | Event::Responded { round, .. }
        | Event::IssueSettled { round, .. }
        | Event::Agreed { round, .. }
        | Event::TrustTurned { round, .. }
        | Event::StressRose { round, .. }
        | Event::WalkedOut { round, .. }
        | Event::DeadlinePassed { round } => *round,
    }
}

#[test]
fn a_replay_without_fork_reproduces_the_original_exactly() {
    let library = library();
    for text in [
        "job-offer:collaborative:s42:d30",
        "office-reorganisation:positional,collaborative:s3:d30",
        "park-redesign:mixed:s8:d20",
    ] {
        let code = ReplayCode::parse(text, Lang::En).unwrap();
        let first = play_code(&library, &code, Lang::En).unwrap();
        let again = play_code(
            &library,
            &ReplayCode::parse(&code.to_string(), Lang::En).unwrap(),
            Lang::En,
        )
        .unwrap();
        for (a, b) in first.played.iter().zip(&again.played) {
            assert_eq!(a.outcome.transcript, b.outcome.transcript, "{text}");
            assert_eq!(a.outcome.round_log, b.outcome.round_log, "{text}");
            assert_eq!(a.metrics, b.metrics, "{text}");
        }
    }
}

#[test]
fn a_table_stepped_round_by_round_plays_the_batch_process() {
    let library = library();
    let case = load_case(&library, "office-reorganisation", Lang::En).unwrap();
    for culture in ["collaborative", "positional"] {
        let culture = load_culture(&library, culture, Lang::En).unwrap();
        for s in 0..4 {
            let setup = seat(&case, &culture, s, 30).unwrap();
            let plain = Arena::new().run(&setup);
            let mut table = Table::simulated(setup.clone());
            let mut steps = 0;
            while table.stage() != Stage::Ended {
                table.advance().unwrap();
                steps += 1;
            }
            assert_eq!(steps, plain.rounds, "one step per round");
            let stepped = table.finish();
            assert_eq!(plain.transcript, stepped.transcript);
            assert_eq!(plain.round_log, stepped.round_log);
            assert_eq!(evaluate(&case, &plain), evaluate(&case, &stepped));
            // A trait changed after the end never takes effect: the table has ended.
            let mut ended = Table::simulated(setup.clone());
            while ended.stage() != Stage::Ended {
                ended.advance().unwrap();
            }
            assert!(ended.change_trait(0, TraitName::Openness, 1.0).is_err());
            assert_eq!(plain.transcript, ended.finish().transcript);
        }
    }
}

#[test]
fn a_fork_changes_only_what_follows_its_round() {
    let library = library();
    let code = ReplayCode::parse(
        "office-reorganisation:positional:s5:d30:f3:works-council.openness=1",
        Lang::En,
    )
    .unwrap();
    let shown = play_code(&library, &code, Lang::En).unwrap();
    let (original, forked) = (&shown.played[0], &shown.played[1]);
    let before = |events: &[Event]| -> Vec<Event> {
        events.iter().filter(|e| round_of(e) < 3).cloned().collect()
    };
    assert_eq!(
        before(&original.outcome.transcript),
        before(&forked.outcome.transcript)
    );
    assert!(!before(&original.outcome.transcript).is_empty());
    assert_ne!(original.outcome.transcript, forked.outcome.transcript);
    // In this replay the change turns a table that runs out of time into an agreement, a
    // win-win-win one.
    assert!(original.outcome.agreement.is_none());
    assert_eq!(original.outcome.status, Status::Deadline);
    assert!(forked.outcome.agreement.is_some());
    assert!(forked.metrics.win_win_win);
    assert!(forked.metrics.joint_utility > original.metrics.joint_utility);
    // The people are the same: only the council's openness differs, and only from round 3.
    assert_eq!(original.setup.seats, forked.setup.seats);
    // The original of a what-if is the process the code without its fork plays (the engine's
    // fork of it replays its past, and parts at the fork's round).
    let mut base = code.clone();
    base.fork = None;
    let plain = play_code(&library, &base, Lang::En).unwrap();
    assert_eq!(
        plain.played[0].outcome.transcript,
        original.outcome.transcript
    );
    assert_eq!(plain.played[0].metrics, original.metrics);
}

#[test]
fn every_fork_round_keeps_the_earlier_rounds() {
    let library = library();
    let base = ReplayCode::parse("job-offer:positional:s5:d20", Lang::En).unwrap();
    let original = &play_code(&library, &base, Lang::En).unwrap().played[0];
    for round in 1..=original.outcome.rounds.min(8) {
        let mut code = base.clone();
        code.fork = ReplayCode::parse(
            &format!("x:y:s0:d1:f{round}:manager.assertiveness=0.1"),
            Lang::En,
        )
        .unwrap()
        .fork;
        let forked = &play_code(&library, &code, Lang::En).unwrap().played[1];
        let keep = |events: &[Event]| -> Vec<Event> {
            events
                .iter()
                .filter(|e| round_of(e) < round)
                .cloned()
                .collect()
        };
        assert_eq!(
            keep(&original.outcome.transcript),
            keep(&forked.outcome.transcript),
            "fork at round {round}"
        );
    }
}

#[test]
fn the_same_seed_seats_the_same_people_under_both_cultures() {
    let library = library();
    let code =
        ReplayCode::parse("sprint-planning:collaborative,positional:s5:d30", Lang::En).unwrap();
    let shown = play_code(&library, &code, Lang::En).unwrap();
    let (a, b) = (&shown.played[0], &shown.played[1]);
    // Common random numbers: every stakeholder keeps its rank in each trait's distribution.
    for (x, y) in a.setup.seats.iter().zip(&b.setup.seats) {
        let culture_a = &a.culture.traits.to_array();
        let culture_b = &b.culture.traits.to_array();
        for t in 0..8 {
            let za = (x.traits.to_array()[t] - culture_a[t].mean) / culture_a[t].spread;
            let zb = (y.traits.to_array()[t] - culture_b[t].mean) / culture_b[t].spread;
            let clamped = |v: f64| v <= 0.0 || v >= 1.0;
            if !clamped(x.traits.to_array()[t]) && !clamped(y.traits.to_array()[t]) {
                assert!((za - zb).abs() < 1e-9);
            }
        }
    }
    // The comparison's lesson on this case and seed.
    assert!(a.metrics.win_win_win);
    assert!(a.metrics.joint_utility > b.metrics.joint_utility);
}

#[test]
fn codes_with_colons_and_commas_in_their_names_play_back_the_same_demonstration() {
    // Paths with `:` (as every Windows path has) and `,`, and a stakeholder key with `:`.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case_dir = dir.path().join("cases:2024");
    let culture_dir = dir.path().join("c:d,e");
    std::fs::create_dir_all(&case_dir).unwrap();
    std::fs::create_dir_all(&culture_dir).unwrap();
    let case_text = std::fs::read_to_string(root.join("configs/cases/job-offer.toml")).unwrap();
    let renamed = case_text.replace(r#"key = "candidate""#, r#"key = "sam:candidate""#);
    assert_ne!(renamed, case_text);
    let case = case_dir.join("job offer.toml");
    std::fs::write(&case, renamed).unwrap();
    let culture = culture_dir.join("mixed.toml");
    std::fs::copy(root.join("configs/cultures/mixed.toml"), &culture).unwrap();
    let library = library();
    let plain = ReplayCode {
        case: case.to_string_lossy().into_owned(),
        cultures: vec![culture.to_string_lossy().into_owned(), "positional".into()],
        seed: 4,
        deadline: 20,
        fork: None,
    };
    let mut forked = plain.clone();
    forked.cultures.truncate(1);
    forked.fork = ReplayCode::parse("x:y:s0:d1:f2:sam%3Acandidate.openness=1", Lang::En)
        .unwrap()
        .fork;
    assert_eq!(forked.fork.as_ref().unwrap().stakeholder, "sam:candidate");
    for code in [plain, forked] {
        let text = code.to_string();
        let back = ReplayCode::parse(&text, Lang::En).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(back, code, "{text}");
        let first = play_code(&library, &code, Lang::En).unwrap();
        let again = play_code(&library, &back, Lang::En).unwrap();
        assert_eq!(first.played.len(), again.played.len());
        for (a, b) in first.played.iter().zip(&again.played) {
            assert_eq!(a.outcome.transcript, b.outcome.transcript, "{text}");
            assert_eq!(a.metrics, b.metrics, "{text}");
        }
    }
}
