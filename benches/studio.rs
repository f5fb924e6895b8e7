//! How quickly the studio answers a class: 30 participants, each with two screens on the same
//! seat (a phone and a laptop), play a session through the real HTTP and WebSocket interface,
//! and every action is timed from the moment a participant sends it until both of the
//! participant's screens show its result (the studio updates every screen at the table in the
//! same pass). Two sessions: the job offer with one person per table against simulated
//! stakeholders (30 tables), and the office reorganisation with three people per table and
//! two simulated stakeholders (10 tables).
//!
//! `cargo bench --bench studio` prints p50, p95 and the largest latency of each. The goal is
//! p95 under 100 ms on a 2-core machine.

use negsim::experiment::library::Library;
use negsim::studio::client::{Page, Policy};
use negsim::studio::server::{Hub, serve};
use negsim::studio::wire::{Inbound, Outbound};
use serde_json::json;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PARTICIPANTS: usize = 30;
const DEADLINE: u32 = 20;

async fn seat(base: &str, code: &str, name: &str) -> (Page, Page) {
    let mut phone = Page::connect(base).await.unwrap();
    phone
        .send(&Inbound::Join {
            code: code.into(),
            name: name.into(),
            lang: None,
        })
        .await
        .unwrap();
    let secret = match phone
        .next_where(|m| matches!(m, Outbound::Welcome { .. }))
        .await
        .unwrap()
    {
        Outbound::Welcome { secret } => secret,
        _ => unreachable!(),
    };
    phone.next_seat().await.unwrap();
    let mut laptop = Page::connect(base).await.unwrap();
    laptop.send(&Inbound::Rejoin { secret }).await.unwrap();
    laptop.next_seat().await.unwrap();
    (phone, laptop)
}

/// Whether a view shows the result of an action taken in `before`: the seat has acted, or the
/// table moved on.
fn answers(view: &serde_json::Value, before: &(String, u64)) -> bool {
    let now = (
        view["phase"].as_str().unwrap_or("").to_string(),
        view["round"].as_u64().unwrap_or(0),
    );
    view["acted"] == true || now != *before
}

/// The first view on `page` that shows the result of an action taken in `before`.
async fn answered(page: &mut Page, before: &(String, u64)) -> serde_json::Value {
    loop {
        let view = page.next_seat().await.unwrap();
        if answers(&view, before) {
            return view;
        }
    }
}

/// Where a view stands: phase, round, and whether the seat has acted.
fn key(view: &serde_json::Value) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    (
        view["phase"].clone(),
        view["round"].clone(),
        view["acted"].clone(),
    )
}

/// Waits until `page` shows the view `like` stands at (the second screen skips the views
/// it has not read yet).
async fn caught_up(page: &mut Page, like: &serde_json::Value) {
    while key(&page.next_seat().await.unwrap()) != key(like) {}
}

/// Plays a seat to the end; returns the latency of each action.
async fn play(mut phone: Page, mut laptop: Page) -> Vec<Duration> {
    let policy = Policy { accept_at: 55.0 };
    let mut latencies = Vec::new();
    let mut view = phone.next_seat().await.unwrap();
    laptop.next_seat().await.unwrap();
    while view["phase"] != "ended" {
        let Some(action) = policy.act(&view) else {
            // Waiting for the trainer or the others at the table.
            view = phone.next_seat().await.unwrap();
            continue;
        };
        let before = (
            view["phase"].as_str().unwrap_or("").to_string(),
            view["round"].as_u64().unwrap_or(0),
        );
        let text = serde_json::to_string(&action).unwrap();
        phone.pace().await;
        let sent = Instant::now();
        phone.send_text(&text).await.unwrap();
        let shown = answered(&mut phone, &before).await;
        let on_phone = Instant::now();
        caught_up(&mut laptop, &shown).await;
        latencies.push(on_phone.max(Instant::now()) - sent);
        view = shown;
    }
    latencies
}

/// A class on `case` with people in `seats` plays to the end; prints its latencies.
async fn session(case: &str, culture: &str, seats: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hub = Hub::new(
        Library::near(Path::new("negsim")),
        dir.path().join("journal.json"),
        base.clone(),
        None,
        negsim::model::label::Lang::En,
    )
    .unwrap();
    let key = hub.trainer_key().to_string();
    let hub = Arc::new(Mutex::new(hub));
    tokio::spawn(serve(listener, hub, std::future::pending()));
    let mut trainer = Page::connect(&base).await.unwrap();
    trainer
        .send(&Inbound::Trainer { key: key.clone() })
        .await
        .unwrap();
    trainer.next_board().await.unwrap();
    let config =
        json!({"case": case, "culture": culture, "seats": seats, "deadline": DEADLINE, "seed": 1});
    trainer
        .send(&Inbound::Open {
            config: serde_json::from_value(config).unwrap(),
        })
        .await
        .unwrap();
    let code = loop {
        let b = trainer.next_board().await.unwrap();
        if let Some(c) = b["code"].as_str() {
            break c.to_string();
        }
    };
    let mut pages = Vec::new();
    for i in 0..PARTICIPANTS {
        pages.push(seat(&base, &code, &format!("P{i}")).await);
    }
    // The trainer's board keeps receiving while the class plays.
    let board = tokio::spawn(async move {
        let mut boards = 0u64;
        while let Ok(Some(_)) = trainer.next().await {
            boards += 1;
        }
        boards
    });
    // A second trainer's page starts the tables, so that the first only listens.
    let mut starter = Page::connect(&base).await.unwrap();
    let started = Instant::now();
    starter.send(&Inbound::Trainer { key }).await.unwrap();
    starter.send(&Inbound::Start).await.unwrap();
    let tasks: Vec<_> = pages
        .into_iter()
        .map(|(phone, laptop)| tokio::spawn(play(phone, laptop)))
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let took = started.elapsed();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 - 1.0) * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "studio: {PARTICIPANTS} participants x 2 screens, {case}, people in {} seat(s) per table, {culture} stakeholders in the others, deadline {DEADLINE}",
        seats.len()
    );
    println!(
        "  {} actions in {:.1} s; latency from an action to both of the participant's screens updated:",
        all.len(),
        took.as_secs_f64()
    );
    println!(
        "  p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (goal: p95 < 100 ms)",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(*all.last().unwrap())
    );
    board.abort();
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        session("job-offer", "positional", &["candidate"]).await;
        session(
            "office-reorganisation",
            "positional",
            &["management", "works-council", "it"],
        )
        .await;
    });
}
