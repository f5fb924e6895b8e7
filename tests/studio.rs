//! `negsim studio` through its real HTTP and WebSocket interface: a class of 30 plays to the
//! end with no error, every kind of bad message is refused to its sender alone, a killed
//! studio resumes every table where it was, and a demonstration equals `negsim demo`.

mod studio_support;

use negsim::model::label::Lang;
use negsim::studio::client::{Page, Policy};
use negsim::studio::wire::{Inbound, Outbound};
use serde_json::Value;
use std::collections::HashSet;
use studio_support::{
    Running, get, join, open_class, open_job_offer, refusal, scratch, start, start_from,
    start_with, trainer,
};

/// A move for a table, seat and round that tells nothing and puts no package on the table.
fn no_move(table: usize, seat: usize, round: u32) -> Inbound {
    Inbound::Move {
        table,
        seat,
        round,
        disclose: None,
        proposal: None,
        walk_out: false,
    }
}

/// Plays a participant's seat with the policy until the table ends; returns the refusals.
async fn play_to_the_end(mut page: Page, mut view: Value) -> Result<Value, String> {
    let policy = Policy { accept_at: 55.0 };
    let mut acted = HashSet::new();
    loop {
        let phase = view["phase"].as_str().unwrap_or("").to_string();
        if phase == "ended" {
            page.close().await;
            return Ok(view);
        }
        let round = view["round"].as_u64().unwrap_or(0);
        if acted.insert((phase.clone(), round))
            && let Some(action) = policy.act(&view)
        {
            page.send(&action).await?;
        }
        view = page.next_seat().await?;
    }
}

/// The next seat view in phase `phase`, skipping the views before it (a table's screens are
/// all refreshed whenever anything at it changes, e.g. someone joins).
async fn view_in(page: &mut Page, phase: &str) -> Value {
    loop {
        let view = page.next_seat().await.unwrap();
        if view["phase"] == phase {
            return view;
        }
    }
}

/// Joins `count` participants (named `prefix 0`, `prefix 1`, ...), starts the tables and
/// plays every seat with the policy to its table's end, all at once; returns each
/// participant's last view, in the order they joined.
async fn class_plays_to_the_end(
    studio: &Running,
    trainer: &mut Page,
    code: &str,
    count: usize,
    prefix: &str,
) -> Vec<Value> {
    let mut seated = Vec::new();
    for i in 0..count {
        let (page, _, view) = join(studio, code, &format!("{prefix} {i}")).await;
        assert_eq!(view["phase"], "waiting");
        seated.push(page);
    }
    trainer.send(&Inbound::Start).await.unwrap();
    let players: Vec<_> = seated
        .into_iter()
        .map(|mut page| {
            tokio::spawn(async move {
                let view = page.next_seat().await?;
                play_to_the_end(page, view).await
            })
        })
        .collect();
    let mut ended = Vec::new();
    for p in players {
        ended.push(
            p.await
                .unwrap()
                .expect("a participant plays without a refusal"),
        );
    }
    ended
}

/// The trainer's board once every table has ended.
async fn board_when_every_table_ended(trainer: &mut Page) -> Value {
    loop {
        let board = trainer.next_board().await.unwrap();
        let tables = board["tables"].as_array().unwrap();
        if !tables.is_empty() && tables.iter().all(|t| t["phase"] == "ended") {
            return board;
        }
    }
}

/// Every person at a table saw the same outcome, and the board shows it with each person's
/// own score.
fn results_agree_with_the_board(ended: &[Value], board: &Value) {
    let tables = board["tables"].as_array().unwrap();
    for v in ended {
        let t = &tables[v["table"].as_u64().unwrap() as usize - 1];
        let seat = v["seat"].as_u64().unwrap() as usize;
        assert_eq!(t["parties"][seat]["score"], v["result"]["score"], "{t}");
        assert_eq!(t["parties"][seat]["person"], v["name"]);
        assert_eq!(t["parties"][seat]["plays"], true);
        assert_eq!(t["agreed"], v["result"]["agreed"]);
        for other in ended.iter().filter(|o| o["table"] == v["table"]) {
            for field in ["agreed", "round", "package", "world", "win_win_win"] {
                assert_eq!(other["result"][field], v["result"][field], "{field}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_participants_at_ten_tables_of_three_and_the_trainer_play_to_the_end_with_no_error()
{
    let dir = scratch("load");
    let studio = start(&dir, None);
    let mut trainer = trainer(&studio).await;
    // Three people at each office table; the clients and facilities are simulated.
    let code = open_class(
        &mut trainer,
        "office-reorganisation",
        "positional",
        &["management", "works-council", "it"],
        12,
    )
    .await;
    let ended = class_plays_to_the_end(&studio, &mut trainer, &code, 30, "Participant").await;
    assert_eq!(ended.len(), 30);
    assert!(ended.iter().all(|v| v["result"].is_object()));
    // Ten tables, each with the three seats taken in order.
    for t in 1..=10u64 {
        let seats: Vec<u64> = ended
            .iter()
            .filter(|v| v["table"] == t)
            .map(|v| v["seat"].as_u64().unwrap())
            .collect();
        assert_eq!(seats.len(), 3, "table {t}");
        for s in &seats {
            assert!(seats.iter().filter(|x| *x == s).count() == 1, "table {t}");
        }
    }
    // The trainer's board shows every table ended, each with its outcome.
    let board = board_when_every_table_ended(&mut trainer).await;
    let tables = board["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 10);
    for t in tables {
        assert!(t["agreed"].is_boolean() && t["world"].is_number(), "{t}");
        let parties = t["parties"].as_array().unwrap();
        assert_eq!(parties.len(), 5);
        for (s, p) in parties.iter().enumerate() {
            assert_eq!(p["plays"], s < 3, "{t}");
            assert_eq!(p["person"].is_string(), s < 3, "{t}");
        }
    }
    results_agree_with_the_board(&ended, &board);
    // The exports hold one row per table, and one per party.
    let (status, csv) = get(&format!(
        "{}/export/processes.csv?key={}",
        studio.base, studio.key
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 11, "{csv}");
    assert!(csv.starts_with("table,case,stakeholders,culture,people,outcome,agreed,rounds"));
    let (_, people) = get(&format!(
        "{}/export/stakeholders.csv?key={}&names=1",
        studio.base, studio.key
    ))
    .await;
    assert_eq!(people.lines().count(), 51);
    assert!(people.contains("Participant 7"));
    let (_, anonymous) = get(&format!(
        "{}/export/stakeholders.csv?key={}",
        studio.base, studio.key
    ))
    .await;
    assert!(!anonymous.contains("Participant"));
    let (status, handout) = get(&format!(
        "{}/handout?key={}&lang=nl",
        studio.base, studio.key
    ))
    .await;
    assert_eq!(status, 200);
    assert!(handout.contains("Tafel 10"), "{handout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairs_negotiate_the_job_offer_and_a_simulated_stakeholder_fills_an_empty_seat() {
    let dir = scratch("pairs");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_class(
        &mut trainer_page,
        "job-offer",
        "collaborative",
        &["candidate", "manager"],
        20,
    )
    .await;
    // Ann and Bob make a pair; Cem's table has nobody in Robin's seat when it starts.
    let (mut ann, _, _) = join(&studio, &code, "Ann").await;
    let (mut bob, _, _) = join(&studio, &code, "Bob").await;
    let (cem, _, _) = join(&studio, &code, "Cem").await;
    trainer_page.send(&Inbound::Start).await.unwrap();
    let ann_view = view_in(&mut ann, "move").await;
    let bob_view = view_in(&mut bob, "move").await;
    assert_eq!(
        (ann_view["table"].clone(), ann_view["seat"].clone()),
        (1.into(), 0.into())
    );
    assert_eq!(
        (bob_view["table"].clone(), bob_view["seat"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(ann_view["others"][0]["person"], "Bob");
    // The round waits for both: Ann's move alone does not close it.
    let policy = Policy { accept_at: 55.0 };
    ann.send(&policy.act(&ann_view).unwrap()).await.unwrap();
    let ann_view = ann.next_seat().await.unwrap();
    assert_eq!(
        (&ann_view["phase"], &ann_view["acted"]),
        (&"move".into(), &true.into())
    );
    assert!(policy.act(&ann_view).is_none(), "Ann waits for Bob");
    let bob_view = bob.next_seat().await.unwrap();
    assert_eq!(
        (&bob_view["phase"], &bob_view["acted"]),
        (&"move".into(), &false.into())
    );
    // Bob's move closes the proposals: both now answer the packages on the table, Ann's
    // among them for Bob.
    bob.send(&policy.act(&bob_view).unwrap()).await.unwrap();
    let bob_view = bob.next_seat().await.unwrap();
    assert_eq!(bob_view["phase"], "respond", "{bob_view}");
    assert!(
        bob_view["on_table"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["slot"] == 0),
        "{bob_view}"
    );
    let ann_view = ann.next_seat().await.unwrap();
    assert_eq!(ann_view["phase"], "respond");
    // And on to the end, all three at once.
    let (a, b, c) = tokio::join!(
        play_to_the_end(ann, ann_view),
        play_to_the_end(bob, bob_view),
        async move {
            let mut cem = cem;
            let view = cem.next_seat().await?;
            play_to_the_end(cem, view).await
        }
    );
    let ended = vec![a.unwrap(), b.unwrap(), c.unwrap()];
    let board = board_when_every_table_ended(&mut trainer_page).await;
    let tables = board["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0]["parties"][1]["person"], "Bob");
    assert_eq!(tables[1]["parties"][0]["person"], "Cem");
    assert!(tables[1]["parties"][1]["person"].is_null());
    assert_eq!(tables[1]["parties"][1]["plays"], false);
    results_agree_with_the_board(&ended, &board);
    // The pair's log tells both names.
    let log = ended[0]["log"].to_string();
    assert!(log.contains("Robin") && log.contains("Sam"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fives_negotiate_the_office_reorganisation_with_simulated_stakeholders_in_empty_seats() {
    let dir = scratch("fives");
    let studio = start(&dir, None);
    let mut trainer = trainer(&studio).await;
    let code = open_class(
        &mut trainer,
        "office-reorganisation",
        "mixed",
        &["management", "works-council", "it", "facilities", "clients"],
        15,
    )
    .await;
    // Seven people: a full table of five, and a table of two with three simulated seats.
    let ended = class_plays_to_the_end(&studio, &mut trainer, &code, 7, "Person").await;
    assert!(ended.iter().all(|v| v["result"].is_object()));
    assert_eq!(ended.iter().filter(|v| v["table"] == 1).count(), 5);
    assert_eq!(ended.iter().filter(|v| v["table"] == 2).count(), 2);
    let board = board_when_every_table_ended(&mut trainer).await;
    let tables = board["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    let plays = |t: usize| -> Vec<bool> {
        tables[t]["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["plays"].as_bool().unwrap())
            .collect()
    };
    assert_eq!(plays(0), vec![true; 5]);
    assert_eq!(plays(1), vec![true, true, false, false, false]);
    results_agree_with_the_board(&ended, &board);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_out_ends_the_table_for_everyone_at_it() {
    let dir = scratch("walk-out");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_class(
        &mut trainer_page,
        "job-offer",
        "collaborative",
        &["candidate", "manager"],
        20,
    )
    .await;
    let (mut ann, _, _) = join(&studio, &code, "Ann").await;
    let (mut bob, _, _) = join(&studio, &code, "Bob").await;
    trainer_page.send(&Inbound::Start).await.unwrap();
    view_in(&mut ann, "move").await;
    let bob_view = view_in(&mut bob, "move").await;
    ann.send(&Inbound::Move {
        table: 1,
        seat: 0,
        round: 1,
        disclose: None,
        proposal: None,
        walk_out: true,
    })
    .await
    .unwrap();
    // Ann has said her last word; Bob still makes his move and answers, then it is over.
    let after = ann.next_seat().await.unwrap();
    assert_eq!(after["acted"], true, "{after}");
    let policy = Policy { accept_at: 55.0 };
    bob.next_seat().await.unwrap();
    bob.send(&policy.act(&bob_view).unwrap()).await.unwrap();
    let bob_view = bob.next_seat().await.unwrap();
    assert_eq!(bob_view["phase"], "respond");
    bob.send(&policy.act(&bob_view).unwrap()).await.unwrap();
    let bob_view = bob.next_seat().await.unwrap();
    assert_eq!(bob_view["phase"], "ended", "{bob_view}");
    assert_eq!(bob_view["result"]["agreed"], false);
    assert!(
        bob_view["log"]
            .to_string()
            .contains("Sam (candidate) walks out"),
        "{}",
        bob_view["log"]
    );
    let ann_view = loop {
        let v = ann.next_seat().await.unwrap();
        if v["phase"] == "ended" {
            break v;
        }
    };
    assert_eq!(ann_view["result"]["agreed"], false);
    // A move sent after the end is told that the negotiation is over.
    bob.send(&no_move(
        bob_view["table"].as_u64().unwrap() as usize,
        bob_view["seat"].as_u64().unwrap() as usize,
        2,
    ))
    .await
    .unwrap();
    assert_eq!(
        refusal(&mut bob).await,
        ("refused".to_string(), "the negotiation is over".to_string())
    );
    let (_, csv) = get(&format!(
        "{}/export/processes.csv?key={}",
        studio.base, studio.key
    ))
    .await;
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",walk_out,false,1,1,"), "{csv}");
}

#[tokio::test]
async fn every_bad_message_is_refused_to_its_sender_alone() {
    let dir = scratch("refusals");
    let studio = start(&dir, None);
    let mut trainer = trainer(&studio).await;
    let code = open_job_offer(&mut trainer, "collaborative", 10).await;
    let (mut ann, _, _) = join(&studio, &code, "Ann").await;
    let (mut bob, _, _) = join(&studio, &code, "Bob").await;
    trainer.send(&Inbound::Start).await.unwrap();
    let ann_view = ann.next_seat().await.unwrap();
    let bob_view = bob.next_seat().await.unwrap();
    assert_eq!(ann_view["table"], 1);
    assert_eq!(bob_view["table"], 2);
    let forged = |table: usize, seat: usize| no_move(table, seat, 1);
    // Bob acting at Ann's table, or for another seat at his own.
    for message in [forged(1, 0), forged(2, 1)] {
        bob.send(&message).await.unwrap();
        let (reason, text) = refusal(&mut bob).await;
        assert_eq!(reason, "not_yours");
        assert_eq!(
            text,
            "you sit at table 2 as Sam (candidate); you cannot act for another seat or table"
        );
    }
    for (text, reason) in [
        ("hello", "malformed"),
        (r#"{"type":"move","table":"one"}"#, "malformed"),
        (r#"{"type":"start"}"#, "not_yours"),
        (r#"{"type":"hand_over","table":1,"seat":0}"#, "not_yours"),
        (r#"{"type":"trainer","key":"guess"}"#, "not_yours"),
        (r#"{"type":"join","code":"ZZZZZ","name":"Bob"}"#, "refused"),
    ] {
        bob.send_text(text).await.unwrap();
        assert_eq!(refusal(&mut bob).await.0, reason, "{text}");
    }
    let long = format!(r#"{{"type":"lang","lang":"{}"}}"#, "x".repeat(10_000));
    bob.send_text(&long).await.unwrap();
    let (reason, text) = refusal(&mut bob).await;
    assert_eq!(reason, "too_long");
    assert!(text.contains("at most 4096 bytes"), "{text}");
    // A package of options that do not exist, and a round that is not now.
    bob.send(&Inbound::Move {
        table: 2,
        seat: 0,
        round: 1,
        disclose: None,
        proposal: Some(vec![9; 8]),
        walk_out: false,
    })
    .await
    .unwrap();
    assert_eq!(refusal(&mut bob).await.0, "refused");
    bob.send(&Inbound::Respond {
        table: 2,
        seat: 0,
        round: 7,
        accept: vec![1],
    })
    .await
    .unwrap();
    assert_eq!(refusal(&mut bob).await.0, "refused");
    // A page that is nobody's.
    let mut stranger = Page::connect(&studio.base).await.unwrap();
    stranger.send(&forged(1, 0)).await.unwrap();
    assert_eq!(refusal(&mut stranger).await.0, "not_yours");
    stranger
        .send(&Inbound::Rejoin {
            secret: "00".repeat(16),
        })
        .await
        .unwrap();
    assert_eq!(refusal(&mut stranger).await.0, "unknown");
    // A flood: the messages beyond the burst are refused, with one error a second at most.
    for _ in 0..60 {
        bob.send_text(r#"{"type":"lang","lang":"en"}"#)
            .await
            .unwrap();
    }
    let (reason, text) = refusal(&mut bob).await;
    assert_eq!(reason, "flood");
    assert!(text.contains("too many messages"), "{text}");
    // Through all of this Ann saw no refusal and plays on: her move is taken.
    let policy = Policy { accept_at: 50.0 };
    ann.send(&policy.act(&ann_view).unwrap()).await.unwrap();
    let next = ann.next_seat().await.unwrap();
    assert_eq!(next["phase"], "respond", "{next}");
    // The trainer's key is needed for the trainer's pages.
    let (status, _) = get(&format!("{}/export/processes.csv?key=guess", studio.base)).await;
    assert_eq!(status, 403);
    let (status, _) = get(&format!(
        "{}/api/demo?key=guess&code=job-offer:collaborative:s1:d30",
        studio.base
    ))
    .await;
    assert_eq!(status, 403);
    // A replay code pasted wrong on the trainer's page: what is wrong and how a code looks,
    // without the command line's "error, key `--replay`".
    let (status, body) = get(&format!(
        "{}/api/demo?key={}&code=job-offer:collaborative:s1",
        studio.base, studio.key
    ))
    .await;
    assert_eq!(status, 400);
    let told: Value = serde_json::from_str(&body).unwrap();
    let told = told["error"].as_str().unwrap();
    assert!(
        told.starts_with("`job-offer:collaborative:s1` is not a replay code: it has 3 parts")
            && told.contains("; a replay code looks like")
            && !told.contains("--replay")
            && !told.starts_with("error"),
        "{told}"
    );
}

/// Joins with a language; the page, unanswered yet.
async fn page_joining(studio: &Running, code: &str, name: &str, lang: Lang) -> Page {
    let mut page = Page::connect(&studio.base).await.unwrap();
    page.send(&Inbound::Join {
        code: code.into(),
        name: name.into(),
        lang: Some(lang),
    })
    .await
    .unwrap();
    page
}

/// The Dutch and the English words of a refusal, whole: a page is never told anything in a
/// language it did not choose, nor with the command line's "error, key" in front.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_is_told_what_went_wrong_in_their_own_language() {
    let dir = scratch("refusal-words");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_job_offer(&mut trainer_page, "collaborative", 10).await;
    // A code typed wrong, and no name.
    let mut anke = page_joining(&studio, "zzzzz", "Anke", Lang::Nl).await;
    assert_eq!(
        refusal(&mut anke).await,
        (
            "unknown".to_string(),
            "er is geen sessie met de code „zzzzz”; kijk nog eens naar de code op het scherm"
                .to_string()
        )
    );
    let mut bob = page_joining(&studio, "zzzzz", "Bob", Lang::En).await;
    assert_eq!(
        refusal(&mut bob).await.1,
        "there is no session with the code “zzzzz”; check the code on the screen"
    );
    anke.send(&Inbound::Join {
        code: code.clone(),
        name: "  ".into(),
        lang: Some(Lang::Nl),
    })
    .await
    .unwrap();
    assert_eq!(refusal(&mut anke).await.1, "vul je naam in");
    // A name the trainer's CSV download would hand a spreadsheet as a formula, in either
    // language, spaces in front or not.
    for (page, lang, told) in [
        (
            &mut anke,
            Lang::Nl,
            "een naam mag niet beginnen met „=”: een spreadsheet met de resultaten zou hem als \
             formule uitvoeren; begin met een letter of een cijfer",
        ),
        (
            &mut bob,
            Lang::En,
            "a name may not start with “=”, which a spreadsheet opening the results would run \
             as a formula; start with a letter or a digit",
        ),
    ] {
        page.send(&Inbound::Join {
            code: code.clone(),
            name: "  =HYPERLINK(\"http://x.example\",\"click\")".into(),
            lang: Some(lang),
        })
        .await
        .unwrap();
        assert_eq!(
            refusal(page).await,
            ("refused".to_string(), told.to_string())
        );
    }
    for name in ["+31 6", "-x", "@x"] {
        bob.send(&Inbound::Join {
            code: code.clone(),
            name: name.into(),
            lang: Some(Lang::En),
        })
        .await
        .unwrap();
        assert!(refusal(&mut bob).await.1.contains("as a formula"), "{name}");
    }
    // Seated, at tables of their own: an answer before the packages, a move for a round to
    // come.
    for (page, name, lang) in [(&mut anke, "Anke", Lang::Nl), (&mut bob, "Bob", Lang::En)] {
        page.send(&Inbound::Join {
            code: code.clone(),
            name: name.into(),
            lang: Some(lang),
        })
        .await
        .unwrap();
    }
    trainer_page.send(&Inbound::Start).await.unwrap();
    let anke_view = view_in(&mut anke, "move").await;
    let bob_view = view_in(&mut bob, "move").await;
    let answer = |view: &Value, round: u32| Inbound::Respond {
        table: view["table"].as_u64().unwrap() as usize,
        seat: view["seat"].as_u64().unwrap() as usize,
        round,
        accept: vec![],
    };
    anke.send(&answer(&anke_view, 1)).await.unwrap();
    assert_eq!(
        refusal(&mut anke).await,
        (
            "refused".to_string(),
            "ronde 1 wacht niet op je antwoord".to_string()
        )
    );
    bob.send(&no_move(bob_view["table"].as_u64().unwrap() as usize, 0, 7))
        .await
        .unwrap();
    assert_eq!(
        refusal(&mut bob).await.1,
        "round 7 is not waiting for your move"
    );
    // Acting for Bob's table.
    anke.send(&answer(&bob_view, 1)).await.unwrap();
    let hers = &anke_view["table"];
    assert_eq!(
        refusal(&mut anke).await,
        (
            "not_yours".to_string(),
            format!(
                "je zit aan tafel {hers} als Sam (kandidaat); je kunt niet handelen namens een \
                 andere stoel of tafel"
            )
        )
    );
    // The words follow the page when it switches language.
    anke.send(&Inbound::Lang { lang: Lang::En }).await.unwrap();
    anke.send(&answer(&anke_view, 1)).await.unwrap();
    assert_eq!(
        refusal(&mut anke).await.1,
        "round 1 is not waiting for your answer"
    );
    anke.send(&Inbound::Lang { lang: Lang::Nl }).await.unwrap();
    // Her seat handed to a simulated stakeholder: she is told why her moves are not taken.
    trainer_page
        .send(&Inbound::HandOver {
            table: hers.as_u64().unwrap() as usize,
            seat: 0,
        })
        .await
        .unwrap();
    view_in(&mut anke, "ended").await;
    anke.send(&answer(&anke_view, 1)).await.unwrap();
    assert_eq!(
        refusal(&mut anke).await.1,
        "een gesimuleerde belanghebbende speelt nu jouw stoel: de trainer heeft die overgedragen"
    );
    // The trainer is told the seats by the stakeholders who sit in them, as the buttons name
    // them, and seats the case does not have by their number from 1.
    let table = hers.as_u64().unwrap() as usize;
    for (seat, told) in [
        (
            0,
            "a simulated stakeholder already plays Sam (candidate)".to_string(),
        ),
        (9, format!("table {table} has no seat 10")),
    ] {
        trainer_page
            .send(&Inbound::HandOver { table, seat })
            .await
            .unwrap();
        assert_eq!(refusal(&mut trainer_page).await.1, told);
    }
    // A page that speaks Dutch and sends what no page sends.
    let mut stranger = Page::connect(&studio.base).await.unwrap();
    stranger
        .send(&Inbound::Lang { lang: Lang::Nl })
        .await
        .unwrap();
    stranger.send(&Inbound::Start).await.unwrap();
    assert_eq!(
        refusal(&mut stranger).await.1,
        "dat kan alleen vanaf de pagina van de trainer"
    );
    stranger.send_text("hallo").await.unwrap();
    let (reason, text) = refusal(&mut stranger).await;
    assert_eq!(reason, "malformed");
    assert!(
        text.starts_with("de studio begrijpt dit bericht niet ("),
        "{text}"
    );
}

#[tokio::test]
async fn a_studio_killed_mid_session_resumes_every_table_where_it_was() {
    let dir = scratch("resume");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_job_offer(&mut trainer_page, "positional", 20).await;
    let mut seated = Vec::new();
    for name in ["Ann", "Bob", "Cem"] {
        seated.push(join(&studio, &code, name).await);
    }
    trainer_page.send(&Inbound::Start).await.unwrap();
    // Each plays a different number of rounds before the studio dies.
    let policy = Policy { accept_at: 70.0 };
    let mut before = Vec::new();
    for (i, (page, secret, _)) in seated.iter_mut().enumerate() {
        let mut view = page.next_seat().await.unwrap();
        for _ in 0..(2 * i + 1) {
            page.send(&policy.act(&view).unwrap()).await.unwrap();
            view = page.next_seat().await.unwrap();
        }
        before.push((secret.clone(), view));
    }
    let journal = studio.journal.clone();
    let key = studio.key.clone();
    drop(seated);
    drop(studio); // killed
    let studio = start(&dir, Some(&journal));
    assert_eq!(studio.key, key, "the trainer's address stays the same");
    for (secret, view) in &before {
        let mut page = Page::connect(&studio.base).await.unwrap();
        page.send(&Inbound::Rejoin {
            secret: secret.clone(),
        })
        .await
        .unwrap();
        let back = page.next_seat().await.unwrap();
        for field in ["table", "seat", "name", "phase", "round", "on_table", "log"] {
            assert_eq!(back[field], view[field], "{field}");
        }
        // And the game goes on from there.
        page.send(&policy.act(&back).unwrap()).await.unwrap();
        let next = page.next_seat().await.unwrap();
        assert_ne!(
            (next["phase"].clone(), next["round"].clone()),
            (back["phase"].clone(), back["round"].clone())
        );
    }
    let mut trainer_page = trainer(&studio).await;
    trainer_page
        .send(&Inbound::Lang {
            lang: negsim::model::label::Lang::En,
        })
        .await
        .unwrap();
    let board = trainer_page.next_board().await.unwrap();
    assert_eq!(board["code"], code.as_str());
    assert_eq!(board["people"], 3);
    // A journal is never written over without --resume.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(["studio", "--port", "0", "--journal"])
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--resume"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_formula_name_from_an_old_journal_is_exported_as_text() {
    let dir = scratch("formula-name");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_job_offer(&mut trainer_page, "collaborative", 8).await;
    class_plays_to_the_end(&studio, &mut trainer_page, &code, 1, "Ann").await;
    board_when_every_table_ended(&mut trainer_page).await;
    let journal = studio.journal.clone();
    drop(trainer_page);
    drop(studio);
    // A journal written before names were checked: the person's name is a formula.
    let formula = r#"=HYPERLINK("http://example.com","results")"#;
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(text.contains("\"Ann 0\""), "{text}");
    let name = serde_json::to_string(formula).unwrap();
    std::fs::write(&journal, text.replace("\"Ann 0\"", &name)).unwrap();
    let studio = start(&dir, Some(&journal));
    let (status, csv) = get(&format!(
        "{}/export/stakeholders.csv?key={}&names=1",
        studio.base, studio.key
    ))
    .await;
    assert_eq!(status, 200, "{csv}");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = rows
        .records()
        .map(|r| r.unwrap().get(12).unwrap().to_string())
        .collect();
    // The name opens as text, not as a formula (the simulated seat has none).
    assert!(names.contains(&format!("'{formula}")), "{csv}");
    assert!(
        names.iter().all(|n| !n.starts_with('=')),
        "a formula in the export: {csv}"
    );
}

#[tokio::test]
async fn a_demonstration_in_the_studio_equals_negsim_demo_for_the_same_replay_code() {
    let dir = scratch("demo");
    let studio = start(&dir, None);
    for code in [
        "job-offer:collaborative,positional:s9:d30",
        "office-reorganisation:mixed:s12:d30:f3:works-council.openness=1",
    ] {
        for lang in ["en", "nl"] {
            let (status, body) = get(&format!(
                "{}/api/demo?key={}&code={code}&lang={lang}",
                studio.base, studio.key
            ))
            .await;
            assert_eq!(status, 200, "{body}");
            let view: Value = serde_json::from_str(&body).unwrap();
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_negsim"))
                // Unwrapped (a pipe is wrapped at 80 columns), to compare whole sentences.
                .args(["demo", "--replay", code, "--lang", lang, "--width", "0"])
                .output()
                .unwrap();
            assert!(out.status.success());
            let told = String::from_utf8(out.stdout).unwrap();
            let processes = view["processes"].as_array().unwrap();
            // A fork's demo tells the forked process's verdict; a comparison tells each.
            let told_verdicts = if view["fork"].is_null() {
                processes.len()
            } else {
                1
            };
            for p in &processes[processes.len() - told_verdicts..] {
                for line in p["verdict"].as_array().unwrap() {
                    assert!(
                        told.contains(line.as_str().unwrap()),
                        "{code} {lang}: {line}"
                    );
                }
            }
            // The chart leads with the package the narration names closest to a deal.
            if lang == "en" {
                for p in processes {
                    for r in p["rounds"].as_array().unwrap() {
                        for line in r["lines"].as_array().unwrap() {
                            let line = line.as_str().unwrap();
                            if line.starts_with("Closest to a deal: ")
                                || line.starts_with("Still closest to a deal: ")
                            {
                                let whose = r["dance"]["whose"].as_str().unwrap();
                                assert!(
                                    line.contains(whose),
                                    "{code} round {}: {line} / {whose}",
                                    r["round"]
                                );
                            }
                        }
                    }
                }
            }
            // The last process's rounds are told in the demo as the studio shows them.
            for r in processes.last().unwrap()["rounds"].as_array().unwrap() {
                for line in r["lines"].as_array().unwrap() {
                    assert!(
                        told.contains(line.as_str().unwrap()),
                        "{code} {lang}: {line}"
                    );
                }
            }
            // The page's table holds what the demo's table prints: its title, and each row's
            // label with its values on one line, in the columns' order.
            let comparison = &view["comparison"];
            assert!(
                told.contains(comparison["title"].as_str().unwrap()),
                "{code}"
            );
            let rows = comparison["rows"].as_array().unwrap();
            assert!(rows.len() >= 6, "{code}: {comparison}");
            for row in rows {
                let label = row["label"].as_str().unwrap();
                let cells: Vec<&str> = row["cells"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect();
                assert_eq!(cells.len(), comparison["columns"].as_array().unwrap().len());
                let printed = told.lines().any(|line| {
                    line.strip_prefix(label).is_some_and(|rest| {
                        rest.split("  ")
                            .map(str::trim)
                            .filter(|c| !c.is_empty())
                            .eq(cells.iter().copied())
                    })
                });
                assert!(printed, "{code} {lang}: {row} is not a line of\n{told}");
                // Figures in the page's language: a Dutch decimal is written with a comma.
                if lang == "nl" {
                    for cell in &cells {
                        assert!(!cell.contains('.'), "{code}: {cell}");
                    }
                }
            }
        }
    }
    let (status, body) = get(&format!(
        "{}/api/demo?key={}&code=job-offer:nobody:s1:d30",
        studio.base, studio.key
    ))
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("nobody"), "{body}");
    // A Dutch page is told what is wrong with a code in Dutch.
    for (code, told) in [
        ("job-offer:nobody:s1:d30", "onbekende cultuur `nobody`"),
        (
            "job-offer:mixed:s1",
            "`job-offer:mixed:s1` is geen herhaalcode: ze heeft 3 delen tussen de `:`",
        ),
        (
            "job-offer:mixed:s1:d30:f40:manager.openness=1",
            "ronde 40 valt buiten de onderhandeling: die heeft rondes 1 tot en met 30",
        ),
    ] {
        let (status, body) = get(&format!(
            "{}/api/demo?key={}&code={code}&lang=nl",
            studio.base, studio.key
        ))
        .await;
        assert_eq!(status, 400, "{code}");
        let error: Value = serde_json::from_str(&body).unwrap();
        let error = error["error"].as_str().unwrap();
        assert!(error.contains(told), "{code}: {error}");
    }
}

#[tokio::test]
async fn a_missing_participants_seat_goes_to_a_simulated_stakeholder() {
    let dir = scratch("hand-over");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_job_offer(&mut trainer_page, "collaborative", 30).await;
    let (mut ann, _, _) = join(&studio, &code, "Ann").await;
    trainer_page.send(&Inbound::Start).await.unwrap();
    ann.next_seat().await.unwrap();
    trainer_page
        .send(&Inbound::HandOver { table: 1, seat: 0 })
        .await
        .unwrap();
    // The table plays on without her, to its end.
    let view = ann.next_seat().await.unwrap();
    assert_eq!(view["phase"], "ended", "{view}");
    assert!(view["result"].is_object());
    let board = loop {
        let b = trainer_page.next_board().await.unwrap();
        if b["tables"][0]["phase"] == "ended" {
            break b;
        }
    };
    assert_eq!(board["tables"][0]["parties"][0]["plays"], false);
    let _ = Outbound::Welcome {
        secret: String::new(),
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pair_plays_on_after_a_hand_over_and_resumes_where_it_was_after_a_kill() {
    let dir = scratch("hand-over-pair");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_class(
        &mut trainer_page,
        "job-offer",
        "positional",
        &["candidate", "manager"],
        20,
    )
    .await;
    let (mut ann, ann_secret, _) = join(&studio, &code, "Ann").await;
    let (mut bob, _, _) = join(&studio, &code, "Bob").await;
    trainer_page.send(&Inbound::Start).await.unwrap();
    let policy = Policy { accept_at: 80.0 };
    let ann_view = view_in(&mut ann, "move").await;
    let bob_view = view_in(&mut bob, "move").await;
    // Ann moves; Bob has gone for coffee.
    ann.send(&policy.act(&ann_view).unwrap()).await.unwrap();
    ann.next_seat().await.unwrap();
    bob.next_seat().await.unwrap();
    trainer_page
        .send(&Inbound::HandOver { table: 1, seat: 1 })
        .await
        .unwrap();
    // The simulated Robin moves at once, so Ann answers the packages of round 1.
    let ann_view = ann.next_seat().await.unwrap();
    assert_eq!(ann_view["phase"], "respond", "{ann_view}");
    assert!(
        ann_view["on_table"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["slot"] == 1),
        "Robin's package is on the table: {ann_view}"
    );
    let bob_after = bob.next_seat().await.unwrap();
    assert_eq!(bob_after["phase"], "handed_over");
    // Bob's seat is no longer his to play.
    bob.send(&policy.act(&bob_view).unwrap()).await.unwrap();
    assert_eq!(refusal(&mut bob).await.0, "refused");
    let board = loop {
        let b = trainer_page.next_board().await.unwrap();
        if b["tables"][0]["parties"][1]["plays"] == false {
            break b;
        }
    };
    assert_eq!(board["tables"][0]["parties"][0]["plays"], true);
    // Ann plays two more stages, then the studio dies.
    let mut view = ann_view;
    for _ in 0..2 {
        ann.send(&policy.act(&view).unwrap()).await.unwrap();
        view = ann.next_seat().await.unwrap();
    }
    assert_ne!(view["phase"], "ended", "{view}");
    let journal = studio.journal.clone();
    drop((ann, bob, trainer_page));
    drop(studio);
    let studio = start(&dir, Some(&journal));
    let mut ann = Page::connect(&studio.base).await.unwrap();
    ann.send(&Inbound::Rejoin { secret: ann_secret })
        .await
        .unwrap();
    let back = ann.next_seat().await.unwrap();
    for field in [
        "table", "seat", "phase", "round", "acted", "on_table", "log", "others",
    ] {
        assert_eq!(back[field], view[field], "{field}");
    }
    // The simulated Robin plays on after the resume: Ann plays to the end alone.
    let ended = play_to_the_end(ann, back).await.unwrap();
    assert!(ended["result"].is_object(), "{ended}");
    let mut trainer_page = Page::connect(&studio.base).await.unwrap();
    trainer_page
        .send(&Inbound::Trainer {
            key: studio.key.clone(),
        })
        .await
        .unwrap();
    let board = board_when_every_table_ended(&mut trainer_page).await;
    assert_eq!(board["tables"][0]["parties"][1]["plays"], false);
    assert_eq!(
        board["tables"][0]["parties"][0]["score"],
        ended["result"]["score"]
    );
}

#[test]
fn a_participants_screen_holds_nothing_of_the_other_seats_interests() {
    use negsim::experiment::library::Library;
    use negsim::studio::session::{Class, ClassConfig};
    use negsim::studio::view::seat_view;
    use std::path::Path;
    // The job offer with Robin's BATNA, weights and valuations changed, Sam's kept.
    let original = std::fs::read_to_string("configs/cases/job-offer.toml").unwrap();
    let changed = original
        .replace("batna = 0.3\n", "batna = 0.45\n")
        .replace("vacation = 5, remote = 18", "vacation = 9, remote = 14")
        .replace(
            "salary = [1.0, 0.75, 0.5, 0.25, 0.0]",
            "salary = [1.0, 0.9, 0.6, 0.2, 0.0]",
        );
    assert_ne!(original, changed);
    let dir = scratch("information");
    std::fs::create_dir_all(dir.join("configs/cases")).unwrap();
    std::fs::write(dir.join("configs/cases/job-offer.toml"), changed).unwrap();
    let screens = |library: &Library| {
        let config = ClassConfig {
            case: "job-offer".into(),
            culture: "positional".into(),
            seats: vec!["candidate".into()],
            deadline: 20,
            minutes_per_round: None,
            seed: 1,
        };
        let mut class = Class::open(library, config, "ABCDE".into(), Lang::En).unwrap();
        class.join("Sam", Lang::En, "secret".into()).unwrap();
        let now = std::time::Instant::now();
        let waiting = serde_json::to_value(seat_view(&class, 0, Lang::Nl, now)).unwrap();
        class.start().unwrap();
        let first = serde_json::to_value(seat_view(&class, 0, Lang::En, now)).unwrap();
        (waiting, first)
    };
    let bundled = screens(&Library::near(Path::new("negsim")));
    let other = screens(&Library::near(&dir.join("negsim")));
    assert_eq!(bundled.1["phase"], "move");
    assert_eq!(
        bundled, other,
        "Sam's screens must not change with Robin's interests"
    );
}

/// Plays a live table's people with a fixed rule: propose their ideal, accept what beats
/// their BATNA by `margin`.
fn play_live(live: &mut negsim::studio::engine::LiveTable, margin: f64, stages: usize) {
    use negsim::studio::engine::{Moves, Phase, Responses};
    for _ in 0..stages {
        let phase = live.snapshot().phase;
        let case = live.case().clone();
        for s in live.snapshot().waiting.clone() {
            match phase {
                Phase::Move(_) => live
                    .act(
                        s,
                        Moves {
                            disclose: None,
                            proposal: Some(case.ideal[s].clone()),
                            walk_out: false,
                        },
                    )
                    .unwrap(),
                Phase::Respond(_) => {
                    let accept = live
                        .snapshot()
                        .on_table
                        .iter()
                        .filter(|p| case.utility(s, &p.package) >= case.batna[s] + margin)
                        .map(|p| p.slot)
                        .collect();
                    live.respond(s, Responses { accept }).unwrap()
                }
                Phase::Ended => return,
            }
        }
    }
}

#[test]
fn a_handed_over_seat_is_the_cultures_stakeholder_and_a_resumed_table_ends_the_same() {
    use negsim::experiment::library::Library;
    use negsim::protocol::table::{Moves, Stage, Table};
    use negsim::studio::engine::{LiveTable, Phase};
    use negsim::teaching::table::{load_case, load_culture, seat};
    use std::path::Path;
    let library = Library::near(Path::new("negsim"));
    let case = load_case(&library, "office-reorganisation", Lang::En).unwrap();
    let culture = load_culture(&library, "positional", Lang::En).unwrap();
    let (seed, deadline) = (4, 20);
    let mut live = LiveTable::new(case.clone(), culture.clone(), seed, deadline, &[0, 2]).unwrap();
    // Two rounds with both people, then seat 2 leaves while the others answer round 3.
    play_live(&mut live, 0.1, 4);
    play_live(&mut live, 0.1, 1);
    assert_eq!(live.snapshot().phase, Phase::Respond(3));
    live.hand_over(2).unwrap();
    assert_eq!(live.people(), vec![0]);
    assert_eq!(live.snapshot().waiting, vec![0]);
    play_live(&mut live, 0.1, 3);
    // The journal of the table as it stands, brought back as `--resume` does.
    let mut resumed = LiveTable::restore(
        case.clone(),
        culture.clone(),
        seed,
        deadline,
        &[0, 2],
        live.handed_over().to_vec(),
        live.stages().to_vec(),
    )
    .unwrap();
    assert_eq!(resumed.events(), live.events());
    assert_eq!(resumed.snapshot().phase, live.snapshot().phase);
    assert_eq!(resumed.people(), vec![0]);
    play_live(&mut live, 0.1, 100);
    play_live(&mut resumed, 0.1, 100);
    let ended = |l: &LiveTable| l.snapshot().played.clone().expect("the table ended");
    let (a, b) = (ended(&live), ended(&resumed));
    assert_eq!(a.outcome.transcript, b.outcome.transcript);
    assert_eq!(a.metrics, b.metrics);
    // The engine's table with seat 2 released at the same stage plays the same process: the
    // seat is the culture's own stakeholder, not a stand-in tactic.
    let mut table = Table::start(seat(&case, &culture, seed, deadline).unwrap(), &[0, 2]).unwrap();
    while table.stage() != Stage::Ended {
        if table.stage() == (Stage::Responding { round: 3 }) && table.players().contains(&2) {
            table.release(2).unwrap();
        }
        for s in table.players() {
            let moves = match table.stage() {
                Stage::Proposing { .. } => Moves::propose(case.ideal[s].clone()),
                _ => Moves::accept(
                    table
                        .observe(s)
                        .packages
                        .iter()
                        .filter(|p| p.slot == s || p.utility >= case.batna[s] + 0.1)
                        .map(|p| p.slot)
                        .collect(),
                ),
            };
            table.submit(s, moves).unwrap();
        }
        table.advance().unwrap();
    }
    assert_eq!(table.finish().transcript, a.outcome.transcript);
}

#[test]
fn a_pair_agrees_on_one_persons_package_when_the_other_accepts_it() {
    use negsim::experiment::library::Library;
    use negsim::studio::engine::{Moves, Phase, Responses};
    use negsim::studio::session::{Class, ClassConfig};
    use std::path::Path;
    let config = ClassConfig {
        case: "job-offer".into(),
        culture: "collaborative".into(),
        seats: vec!["candidate".into(), "manager".into()],
        deadline: 10,
        minutes_per_round: None,
        seed: 5,
    };
    let library = Library::near(Path::new("negsim"));
    let mut class = Class::open(&library, config, "ABCDE".into(), Lang::En).unwrap();
    let (ann, _) = class.join("Ann", Lang::En, "a".into()).unwrap();
    let (bob, _) = class.join("Bob", Lang::En, "b".into()).unwrap();
    class.start().unwrap();
    let ideal = class.case.ideal[0].clone();
    let propose = Moves {
        proposal: Some(ideal.clone()),
        ..Moves::default()
    };
    class.act(ann, 1, propose).unwrap();
    let phase = |class: &Class| class.tables[0].live.as_ref().unwrap().snapshot().phase;
    assert_eq!(phase(&class), Phase::Move(1), "the round waits for Bob");
    class.act(bob, 1, Moves::default()).unwrap();
    assert_eq!(phase(&class), Phase::Respond(1));
    // Ann stands by her package without saying so; Bob accepts it.
    class.respond(ann, 1, Responses::default()).unwrap();
    class
        .respond(bob, 1, Responses { accept: vec![0] })
        .unwrap();
    assert_eq!(phase(&class), Phase::Ended);
    let live = class.tables[0].live.as_ref().unwrap();
    let played = live.snapshot().played.as_ref().unwrap();
    assert_eq!(played.outcome.agreement, Some(ideal));
    assert_eq!(played.outcome.agreed_slot, Some(0));
    assert_eq!(played.outcome.rounds, 1);
}

#[test]
fn a_table_log_kept_between_screens_tells_what_a_fresh_one_tells() {
    use negsim::experiment::library::Library;
    use negsim::studio::engine::{LiveTable, Phase};
    use negsim::studio::view::{TableLog, table_log};
    use negsim::teaching::table::{load_case, load_culture};
    use std::path::Path;
    let library = Library::near(Path::new("negsim"));
    let case = load_case(&library, "office-reorganisation", Lang::En).unwrap();
    let culture = load_culture(&library, "mixed", Lang::En).unwrap();
    let mut live = LiveTable::new(case.clone(), culture, 2, 12, &[0, 1, 2]).unwrap();
    let mut kept: Vec<TableLog> = vec![TableLog::default(); 3];
    let mut stages = 0;
    loop {
        for (s, log) in kept.iter_mut().enumerate() {
            let lang = if s == 1 { Lang::Nl } else { Lang::En };
            let fresh = table_log(&case, live.events(), s, lang);
            assert_eq!(
                log.read(&case, live.events(), s, lang),
                fresh,
                "stage {stages}"
            );
        }
        if live.snapshot().phase == Phase::Ended {
            break;
        }
        play_live(&mut live, 0.05, 1);
        stages += 1;
    }
    assert!(stages > 4, "{stages}");
    // A different transcript (another table) is told from its start.
    let other = LiveTable::new(
        case.clone(),
        load_culture(&library, "positional", Lang::En).unwrap(),
        9,
        12,
        &[0],
    )
    .unwrap();
    let mut log = kept.remove(0);
    assert_eq!(
        log.read(&case, other.events(), 0, Lang::En),
        table_log(&case, other.events(), 0, Lang::En)
    );
}

#[test]
fn a_demonstrations_chips_are_the_turning_points_of_the_one_reader() {
    use negsim::protocol::reader::{TurningPoint, read};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let library = negsim::experiment::library::Library::near(&root.join("negsim"));
    let code = negsim::teaching::replay_code::ReplayCode::parse(
        "office-reorganisation:mixed:s8:d30",
        Lang::En,
    )
    .unwrap();
    let shown = negsim::teaching::demo::play_code(&library, &code, Lang::En).unwrap();
    let view = negsim::studio::view::demo_view(&shown, &code, negsim::model::label::Lang::En, true);
    let readings = read(&shown.case, &shown.played[0].outcome.transcript);
    let mut fixed_pie = 0;
    for round in &view.processes[0].rounds {
        let reading = readings.iter().find(|r| r.round == round.round).unwrap();
        let trap = reading
            .turning_points
            .iter()
            .any(|t| matches!(t, TurningPoint::FixedPieTrap { .. }));
        assert_eq!(
            round.highlights.contains(&"fixed_pie"),
            trap,
            "round {}",
            round.round
        );
        fixed_pie += usize::from(trap);
        let world = match reading.world_turn.map(|t| t.good()) {
            Some(true) => Some("world_good"),
            Some(false) => Some("world_short"),
            None => None,
        };
        for kind in ["world_good", "world_short"] {
            assert_eq!(round.highlights.contains(&kind), world == Some(kind));
        }
    }
    assert!(fixed_pie > 0, "the demonstration shows no fixed-pie trap");
}

/// The trainer opens a session with `config` and reads why it is refused.
async fn opening_refused(trainer: &mut Page, config: Value) -> String {
    trainer
        .send(&Inbound::Open {
            config: serde_json::from_value(config).unwrap(),
        })
        .await
        .unwrap();
    let (reason, message) = refusal(trainer).await;
    assert_eq!(reason, "refused", "{message}");
    message
}

/// A session opened with a bad setting is refused in the trainer's page's language: in Dutch
/// by a studio started with `--lang nl` to a page that chose no language, and in English once
/// the page switches. The studio's own checks, the teaching layer's (a seat or deadline that is
/// not there) and a slip inside a case file are all told whole, without the command line's
/// "error" or flags.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_opened_with_a_bad_setting_is_refused_in_the_trainers_language() {
    let dir = scratch("open-words");
    let case = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cases/job-offer.toml"),
    )
    .unwrap();
    // A decimal comma, as a Dutch trainer writes it.
    std::fs::write(
        dir.join("comma.toml"),
        case.replace("batna = 0.35", "batna = 0,35"),
    )
    .unwrap();
    let studio = start_with(&dir, None, &["--lang", "nl"]);
    let mut page = trainer(&studio).await;
    let config = |case: &str, seats: &[&str], deadline: u32, minutes: Option<f64>| {
        serde_json::json!({
            "case": case, "culture": "positional", "seats": seats,
            "deadline": deadline, "minutes_per_round": minutes, "seed": 1
        })
    };
    let settings = [
        config("job-offer", &["candidate"], 20, Some(90.0)),
        config("job-offer", &[], 20, None),
        config("job-offer", &["candidate", "candidate"], 20, None),
        config("job-offer", &["kim"], 20, None),
        config("job-offer", &["candidate"], 0, None),
        config("comma.toml", &["candidate"], 20, None),
    ];
    let dutch = [
        "de minuten per ronde liggen tussen 0,25 en 60, niet op 90".to_string(),
        "kies minstens één stoel voor de deelnemers; de belanghebbenden van `job-offer` zijn: \
         candidate, manager"
            .to_string(),
        "de stoel `candidate` is twee keer gekozen".to_string(),
        "casus `job-offer` heeft geen belanghebbende `kim`; bedoel je `sam`? Typ een sleutel of \
         een naam: candidate voor Sam (kandidaat), manager voor Robin (leidinggevende)"
            .to_string(),
        "de deadline moet tussen 1 en 200 rondes liggen, niet op 0".to_string(),
        "na de waarde staat nog iets op deze regel (in ./comma.toml, regel 113); één waarde per \
         regel; een kommagetal schrijf je in het bestand met een punt: 0.35, niet 0,35"
            .to_string(),
    ];
    for (setting, told) in settings.iter().zip(&dutch) {
        assert_eq!(&opening_refused(&mut page, setting.clone()).await, told);
    }
    page.send(&Inbound::Lang { lang: Lang::En }).await.unwrap();
    let english = [
        "minutes per round must be between 0.25 and 60, found 90".to_string(),
        "choose at least one seat for people to take; the stakeholders of `job-offer` are: \
         candidate, manager"
            .to_string(),
        "the seat `candidate` is chosen twice".to_string(),
        "case `job-offer` has no stakeholder `kim`; did you mean `sam`? Type a key or a name: \
         candidate for Sam (candidate), manager for Robin (hiring manager)"
            .to_string(),
        "the deadline must be between 1 and 200 rounds, found 0".to_string(),
        "unexpected key or value, expected newline, `#` (in ./comma.toml, line 113); one value \
         per line; a number with decimals takes a point: 0.35, not 0,35"
            .to_string(),
    ];
    for (setting, told) in settings.iter().zip(&english) {
        assert_eq!(&opening_refused(&mut page, setting.clone()).await, told);
    }
}

/// `negsim studio --lang nl` prints its addresses in Dutch, tells its own errors in Dutch,
/// and a page that has chosen no language starts in Dutch: the pages read the studio's
/// language with their words, and a page's first refusal is Dutch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dutch_studio_speaks_dutch_in_the_terminal_and_to_a_page_that_chose_no_language() {
    let dir = scratch("lang-nl");
    let studio = start_with(&dir, None, &["--lang", "nl"]);
    let journal = studio.journal.display().to_string();
    assert_eq!(
        studio.banner,
        [
            "negsim studio draait.".to_string(),
            format!(
                "  Trainer (open dit op deze computer en houd het adres voor jezelf): {}/trainer?key={}",
                studio.base, studio.key
            ),
            format!("  Deelnemers doen mee via: {}/join", studio.base),
            "  Alleen deze computer kan verbinding maken; voeg --class toe om de telefoons en \
             laptops van de groep toe te laten."
                .to_string(),
            format!("  Logboek: {journal}  (na een crash: negsim studio --resume {journal})"),
            "Druk op Ctrl-C om te stoppen.".to_string(),
        ]
    );
    let (status, words) = get(&format!("{}/api/words", studio.base)).await;
    assert_eq!(status, 200);
    let words: Value = serde_json::from_str(&words).unwrap();
    assert_eq!(words["default"], "nl");
    // The trainer's HTTP calls without `lang=` answer in the studio's language; with it, in
    // the one asked for.
    let error = |body: &str| serde_json::from_str::<Value>(body).unwrap()["error"].clone();
    let api = |path: &str| format!("{}{path}", studio.base);
    let key = &studio.key;
    for (path, status, told) in [
        (
            api("/api/cloud?key=guess"),
            403,
            "dit is niet de sleutel van de trainer: open het adres dat negsim studio liet zien",
        ),
        (
            api(&format!("/api/cloud?key={key}")),
            404,
            "er is geen sessie open",
        ),
        (
            api(&format!("/api/cloud?key={key}&lang=en")),
            404,
            "no session is open",
        ),
    ] {
        let (got, body) = get(&path).await;
        assert_eq!((got, error(&body)), (status, Value::from(told)), "{path}");
    }
    let mut t = trainer(&studio).await;
    let code = open_job_offer(&mut t, "positional", 6).await;
    join(&studio, &code, "Ann").await;
    for (path, told) in [
        (
            api(&format!("/export/x.csv?key={key}")),
            "x.csv is niet te downloaden: te downloaden zijn processes.csv en stakeholders.csv",
        ),
        (
            api(&format!("/api/table?key={key}&table=9")),
            "er is geen tafel 9",
        ),
        (
            api(&format!("/api/table?key={key}&table=1")),
            "tafel 1 is nog niet gestart",
        ),
        (
            api(&format!("/api/table?key={key}&table=1&lang=en")),
            "table 1 has not started",
        ),
    ] {
        let (got, body) = get(&path).await;
        assert_eq!((got, error(&body)), (404, Value::from(told)), "{path}");
    }
    let mut stranger = Page::connect(&studio.base).await.unwrap();
    stranger.send(&Inbound::Start).await.unwrap();
    assert_eq!(
        refusal(&mut stranger).await.1,
        "dat kan alleen vanaf de pagina van de trainer"
    );
    // The studio's own errors on the terminal: a journal it will not write over, a port in
    // use. English as before without --lang.
    let port = studio.base.rsplit(':').next().unwrap().to_string();
    let studio_fails = |more: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_negsim"))
            .arg("studio")
            .args(more)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{more:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    for (lang, exists) in [
        (
            "nl",
            "negsim: fout bij optie `--journal`: {j} bestaat al: de studio schrijft niet over een \
             logboek heen\n  tip: om die sessie voort te zetten: negsim studio --resume {j}\n",
        ),
        (
            "en",
            "negsim: error, key `--journal`: {j} exists: the studio does not write over a \
             journal\n  hint: to continue that session: negsim studio --resume {j}\n",
        ),
    ] {
        assert_eq!(
            studio_fails(&["--lang", lang, "--port", "0", "--journal", &journal]),
            exists.replace("{j}", &journal)
        );
    }
    // A journal to resume that is not there, or of another format.
    assert_eq!(
        studio_fails(&["--lang", "nl", "--resume", "gone.json"]),
        "negsim: fout bij optie `--resume`: er is geen logboek gone.json\n  tip: geef het \
         logboek dat `negsim studio` bij het starten noemde\n"
    );
    std::fs::write(
        dir.join("old.json"),
        r#"{"format":1,"negsim":"0.1.0","trainer_key":"k","class":null}"#,
    )
    .unwrap();
    assert_eq!(
        studio_fails(&["--lang", "nl", "--resume", "old.json"]),
        "negsim: fout bij optie `--resume`: old.json is een logboek van de studio in formaat 1; \
         deze negsim leest formaat 3\n"
    );
    // A journal cut short, or not JSON at all, is told as such (the reader's words are
    // English); its place once.
    std::fs::write(dir.join("cut.json"), "{\"format\":3,\n").unwrap();
    std::fs::write(dir.join("notes.json"), "my notes").unwrap();
    assert_eq!(
        studio_fails(&["--lang", "nl", "--resume", "cut.json"]),
        "negsim: fout bij optie `--resume`: cut.json is geen logboek van de studio: het bestand \
         houdt halverwege op (is het afgebroken?) (regel 2, kolom 0)\n  tip: geef het logboek \
         dat `negsim studio` bij het starten noemde\n"
    );
    assert_eq!(
        studio_fails(&["--resume", "notes.json"]),
        "negsim: error, key `--resume`: notes.json is not a studio journal: the text is not JSON \
         (line 1, column 1)\n  hint: pass the journal file `negsim studio` printed when it \
         started\n"
    );
    assert_eq!(
        studio_fails(&["--resume", "old.json"]),
        "negsim: error, key `--resume`: old.json is a studio journal of format 1; this negsim \
         reads format 3\n"
    );
    let in_use = studio_fails(&["--lang", "nl", "--port", &port, "--journal", "other.json"]);
    assert_eq!(
        in_use,
        format!(
            "negsim: fout bij optie `--port`: de studio kan niet luisteren op poort {port}: die \
             poort is al in gebruik\n  tip: misschien gebruikt een ander programma (een andere \
             negsim studio?) die poort: kies een andere met --port, of --port 0 voor een \
             willekeurige vrije poort\n"
        )
    );
    let in_use = studio_fails(&["--port", &port, "--journal", "other.json"]);
    assert!(
        in_use.starts_with(&format!(
            "negsim: error, key `--port`: cannot listen on port {port}: "
        )),
        "{in_use}"
    );
    // Without --lang the pages start in English, as before.
    let english = start(&scratch("lang-en"), None);
    assert_eq!(english.banner[0], "negsim studio is running.");
    let (_, words) = get(&format!("{}/api/words", english.base)).await;
    let words: Value = serde_json::from_str(&words).unwrap();
    assert_eq!(words["default"], "en");
}

/// A journal the studio cannot write while it serves (its folder went away) is told on the
/// studio's terminal in the studio's language, with the file and the system's reason; the
/// class goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_that_cannot_be_written_is_told_in_the_studios_language() {
    for (lang, told) in [
        (
            "nl",
            "negsim studio: het logboek kon niet worden opgeslagen: fout in ",
        ),
        (
            "en",
            "negsim studio: the journal could not be written: error in ",
        ),
    ] {
        let dir = scratch(&format!("journal-unwritten-{lang}"));
        let folder = dir.join("journals");
        std::fs::create_dir_all(&folder).unwrap();
        let studio = start_from(&dir, "--journal", &folder.join("j.json"), &["--lang", lang]);
        std::fs::remove_dir_all(&folder).unwrap();
        let mut page = trainer(&studio).await;
        // Opening a class is journaled.
        let code = open_job_offer(&mut page, "positional", 6).await;
        let mut said = String::new();
        for _ in 0..100 {
            said = std::fs::read_to_string(&studio.stderr).unwrap();
            if said.contains(told) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(said.contains(told), "{lang}: {said}");
        // The journal is named, not the partial file it is written to first, and the
        // system's reason is told in the studio's language.
        let why = match lang {
            "nl" => "j.json: dat bestand of die map bestaat niet\n",
            _ => "j.json: No such file or directory (os error 2)\n",
        };
        assert!(said.contains(why), "{lang}: {said}");
        // The class goes on: a person joins.
        join(&studio, &code, "Ann").await;
    }
}
