//! The web server: pages and their assets from the binary, a small JSON API for the trainer's
//! page, and one WebSocket per open page through which participants play and the trainer's
//! board fills. All state lives in one [`Hub`] behind a mutex that is never held across an
//! `await` nor while the journal is written; every change is journaled before anyone is told
//! about it.
//!
//! Every page is trusted with nothing it did not prove: the trainer's page holds the key in
//! the address the studio printed, a participant's page the secret of its seat. A message
//! that asks for another seat, table or session, or that is malformed, oversized or one too
//! many, is refused with an error to that page alone.

use crate::error::{Error, Result};
use crate::experiment::library::{Kind, Library};
use crate::model::label::Lang;
use crate::output::atomic::write_file;
use crate::studio::assets;
use crate::studio::debrief;
use crate::studio::engine::{self, Moves, Responses};
use crate::studio::journal::Journal;
use crate::studio::refused::{self, Refused, on_a_page};
use crate::studio::session::{Changed, Class, new_code, new_secret};
use crate::studio::view::{TableLog, demo_view, seat_view_with};
use crate::studio::wire::{Inbound, MAX_MESSAGE, Outbound, parse};
use crate::studio::words::{say, words_json};
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::replay_code::ReplayCode;
use crate::teaching::told;
use axum::Router;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Messages a page may send in a burst before it must slow down.
pub const BURST: f64 = 20.0;
/// Messages a page may send per second, on average.
pub const PER_SECOND: f64 = 10.0;
/// Refused messages in a row after which a flooding page is disconnected.
const FLOOD_DISCONNECT: u32 = 200;
/// Simulated negotiations per culture in the debrief's cloud.
pub const CLOUD_SIZE: u64 = 200;

/// Who a page is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// Not yet identified.
    Anonymous,
    /// The trainer's page.
    Trainer,
    /// A participant's page, for person `p`.
    Person(usize),
}

struct Client {
    tx: mpsc::UnboundedSender<Message>,
    role: Role,
    lang: Lang,
}

/// The studio's state: the class session, the pages connected, the journal.
pub struct Hub {
    library: Library,
    key: String,
    journal: PathBuf,
    join_url: String,
    class: Option<Class>,
    clients: HashMap<u64, Client>,
    next_client: u64,
    /// The debrief cloud of the open class, once computed, per language-independent key.
    cloud: Option<(String, serde_json::Value)>,
    /// A change is to be journaled before its messages go out.
    unwritten: bool,
    /// Where changes go to be journaled and told, in order ([`deliver`]).
    effects: mpsc::UnboundedSender<Effects>,
    /// The other end, until [`serve`] takes it.
    delivery: Option<mpsc::UnboundedReceiver<Effects>>,
    /// Messages to send once the journal is written: (page, message).
    outbox: std::cell::RefCell<Vec<(mpsc::UnboundedSender<Message>, Message)>>,
    /// Each person's table log per language, told once per round (see [`TableLog`]).
    logs: std::cell::RefCell<HashMap<(usize, Lang), TableLog>>,
    /// The studio's language (`--lang`): a page's until it chooses its own.
    lang: Lang,
}

/// The shared hub.
pub type Shared = Arc<Mutex<Hub>>;

fn lock(hub: &Shared) -> MutexGuard<'_, Hub> {
    // A panic while holding the lock would be a bug; the state itself stays consistent
    // (every change is whole before it is stored), so carry on with it.
    hub.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hub {
    /// A hub for a new studio, or one resumed from its journal, speaking `lang` to a page
    /// until it chooses a language (and telling a journal's errors in it).
    pub fn new(
        library: Library,
        journal: PathBuf,
        join_url: String,
        resumed: Option<Journal>,
        lang: Lang,
    ) -> Result<Hub> {
        let (key, class) = match resumed {
            Some(j) => {
                let class = match j.class {
                    Some(record) => Some(Class::restore(&library, record, lang)?),
                    None => None,
                };
                (j.trainer_key, class)
            }
            None => (new_secret(), None),
        };
        let (effects, delivery) = mpsc::unbounded_channel();
        let hub = Hub {
            library,
            key,
            journal,
            join_url,
            class,
            clients: HashMap::new(),
            next_client: 0,
            cloud: None,
            unwritten: false,
            effects,
            delivery: Some(delivery),
            outbox: Default::default(),
            logs: Default::default(),
            lang,
        };
        hub.journal_text()
            .and_then(|text| write_file(&hub.journal, &text))?;
        Ok(hub)
    }

    /// The key in the trainer's address.
    pub fn trainer_key(&self) -> &str {
        &self.key
    }

    /// The open class's session code, if any.
    pub fn code(&self) -> Option<&str> {
        self.class.as_ref().map(|c| c.code.as_str())
    }

    fn journal_text(&self) -> Result<Vec<u8>> {
        let mut journal = Journal::new(self.key.clone());
        journal.class = self.class.as_ref().map(Class::journal);
        journal.text()
    }

    /// Queues a message for page `id`; it goes out after the journal of the change is written
    /// ([`Effects::deliver`]).
    fn send(&self, id: u64, message: &Outbound) {
        if let Some(c) = self.clients.get(&id)
            && let Ok(text) = serde_json::to_string(message)
        {
            self.outbox
                .borrow_mut()
                .push((c.tx.clone(), Message::Text(text.into())));
        }
    }

    /// Sends a message already written out.
    fn send_text(&self, id: u64, text: Utf8Bytes) {
        if let Some(c) = self.clients.get(&id) {
            self.outbox
                .borrow_mut()
                .push((c.tx.clone(), Message::Text(text)));
        }
    }

    /// Tells page `id` alone why it was refused, in the page's language.
    fn refuse(&self, id: u64, why: Refused) {
        let lang = self.clients.get(&id).map_or(Lang::En, |c| c.lang);
        self.send(
            id,
            &Outbound::Error {
                reason: why.reason(),
                message: why.say(lang),
            },
        );
    }

    fn connected(&self, person: usize) -> bool {
        self.clients
            .values()
            .any(|c| c.role == Role::Person(person))
    }

    /// Sends every page at the changed tables its new screen, and the trainer the board.
    fn tell(&self, changed: &Changed) {
        let now = Instant::now();
        if let Some(class) = &self.class {
            // A person's screens (a phone and a laptop) in one language get one view, built once.
            let mut built: HashMap<(usize, Lang), Option<Utf8Bytes>> = HashMap::new();
            for (&id, c) in &self.clients {
                if let Role::Person(p) = c.role
                    && changed.tables.contains(&class.people[p].table)
                {
                    let lang = c.lang;
                    let text = built
                        .entry((p, lang))
                        .or_insert_with(|| self.seat_text(class, p, lang, now));
                    if let Some(text) = text {
                        self.send_text(id, text.clone());
                    }
                }
            }
        }
        self.tell_trainers();
    }

    fn send_seat(&self, id: u64, class: &Class, p: usize, now: Instant) {
        // The words follow the page's language, which the person may switch.
        let lang = self
            .clients
            .get(&id)
            .map_or(class.people[p].lang, |c| c.lang);
        if let Some(text) = self.seat_text(class, p, lang, now) {
            self.send_text(id, text);
        }
    }

    /// Person `p`'s seat view in `lang`, written out as the message their pages get.
    fn seat_text(&self, class: &Class, p: usize, lang: Lang, now: Instant) -> Option<Utf8Bytes> {
        let mut logs = self.logs.borrow_mut();
        let log = logs.entry((p, lang)).or_default();
        let view = seat_view_with(class, p, lang, now, log);
        // Written straight out as an [`Outbound::Seat`], with no JSON tree built in between.
        serde_json::to_string(&Tagged {
            r#type: "seat",
            view: &view,
        })
        .ok()
        .map(Utf8Bytes::from)
    }

    fn tell_trainers(&self) {
        // One board per language, whatever the number of trainer's pages.
        let mut built: HashMap<Lang, Option<Utf8Bytes>> = HashMap::new();
        for (&id, c) in &self.clients {
            if c.role == Role::Trainer {
                let board = built.entry(c.lang).or_insert_with(|| {
                    let board = debrief::board(
                        self.class.as_ref(),
                        &self.join_url,
                        &|p| self.connected(p),
                        c.lang,
                    );
                    // Written straight out as an [`Outbound::Board`].
                    serde_json::to_string(&Tagged {
                        r#type: "board",
                        view: &board,
                    })
                    .ok()
                    .map(Utf8Bytes::from)
                });
                if let Some(board) = board {
                    self.send_text(id, board.clone());
                }
            }
        }
    }

    /// Applies a change, journals it, and tells the screens; an error goes to page `id`.
    fn apply(&mut self, id: u64, change: refused::Result<Changed>) {
        match change {
            Ok(changed) => {
                self.unwritten = true;
                self.tell(&changed);
            }
            Err(why) => self.refuse(id, why),
        }
    }

    /// Handles one message from page `id`.
    pub fn handle(&mut self, id: u64, text: &str) {
        let message = match parse(text) {
            Ok(m) => m,
            Err(why) => return self.refuse(id, why),
        };
        let Some(role) = self.clients.get(&id).map(|c| c.role) else {
            return;
        };
        match (message, role) {
            (Inbound::Lang { lang }, _) => {
                if let Some(c) = self.clients.get_mut(&id) {
                    c.lang = lang;
                }
                self.refresh(id);
            }
            (Inbound::Trainer { key }, _) => {
                if key == self.key {
                    if let Some(c) = self.clients.get_mut(&id) {
                        c.role = Role::Trainer;
                    }
                    self.tell_trainers();
                } else {
                    self.refuse(id, Refused::NotTrainersKey);
                }
            }
            (Inbound::Join { code, name, lang }, Role::Anonymous) => {
                self.join(id, &code, &name, lang)
            }
            (Inbound::Join { .. }, Role::Trainer) => self.refuse(id, Refused::TrainerCannotJoin),
            (Inbound::Join { .. } | Inbound::Rejoin { .. }, Role::Person(_)) => {
                self.refuse(id, Refused::HasSeat)
            }
            (Inbound::Rejoin { secret }, Role::Anonymous | Role::Trainer) => {
                match self.class.as_ref().and_then(|c| c.person_with(&secret)) {
                    Some(p) => {
                        if let Some(c) = self.clients.get_mut(&id) {
                            c.role = Role::Person(p);
                        }
                        self.refresh(id);
                        self.tell_trainers();
                    }
                    None => self.refuse(id, Refused::StaleSeat),
                }
            }
            (
                Inbound::Move {
                    table,
                    seat,
                    round,
                    disclose,
                    proposal,
                    walk_out,
                },
                Role::Person(p),
            ) => {
                if let Some(why) = self.not_yours(p, table, seat) {
                    return self.refuse(id, why);
                }
                let moves = Moves {
                    disclose,
                    proposal,
                    walk_out,
                };
                let change = self.class_mut().and_then(|c| c.act(p, round, moves));
                self.apply(id, change);
            }
            (
                Inbound::Respond {
                    table,
                    seat,
                    round,
                    accept,
                },
                Role::Person(p),
            ) => {
                if let Some(why) = self.not_yours(p, table, seat) {
                    return self.refuse(id, why);
                }
                let change = self
                    .class_mut()
                    .and_then(|c| c.respond(p, round, Responses { accept }));
                self.apply(id, change);
            }
            (Inbound::Move { .. } | Inbound::Respond { .. }, _) => self.refuse(id, Refused::NoSeat),
            (Inbound::Open { config }, Role::Trainer) => {
                let code = new_code();
                let lang = self.clients.get(&id).map_or(Lang::En, |c| c.lang);
                match Class::open(&self.library, config, code, lang) {
                    Ok(class) => {
                        self.class = Some(class);
                        self.logs.borrow_mut().clear();
                        self.cloud = None;
                        // People of an earlier session keep their pages but lose their seats.
                        for c in self.clients.values_mut() {
                            if matches!(c.role, Role::Person(_)) {
                                c.role = Role::Anonymous;
                            }
                        }
                        self.apply(id, Ok(Changed::default()));
                    }
                    Err(e) => self.refuse(id, e.into()),
                }
            }
            (Inbound::Start, Role::Trainer) => {
                let change = self
                    .class_mut()
                    .and_then(|c| c.start().map_err(Refused::from));
                self.apply(id, change);
            }
            (Inbound::HandOver { table, seat }, Role::Trainer) => {
                let change = self
                    .class_mut()
                    .and_then(|c| c.hand_over(table.wrapping_sub(1), seat));
                self.apply(id, change);
            }
            (Inbound::Open { .. } | Inbound::Start | Inbound::HandOver { .. }, _) => {
                self.refuse(id, Refused::TrainerOnly)
            }
        }
    }

    /// Why person `p` may not act for `table` (from 1) and `seat`, if they may not.
    fn not_yours(&self, p: usize, table: usize, seat: usize) -> Option<Refused> {
        let class = self.class.as_ref()?;
        let person = &class.people[p];
        (person.table + 1 != table || person.seat != seat).then(|| Refused::NotYourSeat {
            table: person.table + 1,
            role: class.case.case.stakeholders[person.seat].label.clone(),
        })
    }

    fn class_mut(&mut self) -> refused::Result<&mut Class> {
        self.class.as_mut().ok_or(Refused::NoSession)
    }

    fn join(&mut self, id: u64, code: &str, name: &str, lang: Option<Lang>) {
        let lang = lang.unwrap_or_else(|| self.clients.get(&id).map_or(Lang::En, |c| c.lang));
        // Whatever comes of it, the page is answered in the language it joins in.
        if let Some(c) = self.clients.get_mut(&id) {
            c.lang = lang;
        }
        let open = self.class.as_ref().map(|c| c.code.clone());
        if open.as_deref() != Some(code.trim().to_ascii_uppercase().as_str()) {
            return self.refuse(
                id,
                Refused::UnknownCode {
                    code: code.trim().to_string(),
                },
            );
        }
        let secret = new_secret();
        let joined = self
            .class_mut()
            .and_then(|c| c.join(name, lang, secret.clone()));
        match joined {
            Ok((p, changed)) => {
                if let Some(c) = self.clients.get_mut(&id) {
                    c.role = Role::Person(p);
                }
                self.send(id, &Outbound::Welcome { secret });
                let mut changed = changed;
                if let Some(class) = &self.class {
                    changed.tables.push(class.people[p].table);
                }
                self.apply(id, Ok(changed));
            }
            Err(why) => self.refuse(id, why),
        }
    }

    /// Sends page `id` its current screen.
    fn refresh(&self, id: u64) {
        match self.clients.get(&id).map(|c| c.role) {
            Some(Role::Person(p)) => {
                if let Some(class) = &self.class {
                    self.send_seat(id, class, p, Instant::now());
                }
            }
            Some(Role::Trainer) => self.tell_trainers(),
            _ => {}
        }
    }

    fn register(&mut self, tx: mpsc::UnboundedSender<Message>) -> u64 {
        let id = self.next_client;
        self.next_client += 1;
        self.clients.insert(
            id,
            Client {
                tx,
                role: Role::Anonymous,
                lang: self.lang,
            },
        );
        id
    }

    fn unregister(&mut self, id: u64) {
        if let Some(c) = self.clients.remove(&id)
            && matches!(c.role, Role::Person(_))
        {
            self.tell_trainers();
        }
    }

    /// Plays the moves of people whose time ran out.
    fn tick(&mut self) {
        let change = match self.class.as_mut() {
            Some(c) => c.time_up(Instant::now()),
            None => return,
        };
        match change {
            Ok(changed) if !changed.tables.is_empty() => self.apply(u64::MAX, Ok(changed)),
            Ok(_) => {}
            Err(e) => tell_terminal(&told::error(&e, self.lang)),
        }
    }
}

/// An [`Outbound`] screen (`seat`, `board`) written straight from its view, with no JSON tree
/// built in between: the same text `Outbound` gives.
#[derive(serde::Serialize)]
struct Tagged<'a, V: serde::Serialize> {
    r#type: &'static str,
    view: &'a V,
}

/// What a change leaves to do once the hub's lock is released: write the journal (the
/// slow part: the file is synced to disk), then send the messages.
struct Effects {
    /// The change must be journaled before its messages go out.
    journal: bool,
    messages: Vec<(mpsc::UnboundedSender<Message>, Message)>,
}

/// Writes journals and sends messages in the order of the changes, so that nobody hears of a
/// change before it is on disk and no page gets an older screen after a newer one. Changes
/// that arrive while a journal is being written are written together: the journal is taken
/// from the hub as it is when the batch is written, so it holds every change of the batch
/// (and perhaps later ones, whose messages follow in the next batch).
async fn deliver(hub: Shared, path: PathBuf, mut effects: mpsc::UnboundedReceiver<Effects>) {
    while let Some(first) = effects.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = effects.try_recv() {
            batch.push(more);
        }
        if batch.iter().any(|e| e.journal) {
            let text = lock(&hub).journal_text();
            let path = path.clone();
            let written =
                tokio::task::spawn_blocking(move || text.and_then(|t| write_file(&path, &t))).await;
            let lang = lock(&hub).lang;
            match written {
                Ok(Ok(())) => {}
                Ok(Err(e)) => journal_unwritten(&told::error(&e, lang), lang),
                Err(e) => journal_unwritten(&e.to_string(), lang),
            }
        }
        for e in batch {
            for (tx, message) in e.messages {
                let _ = tx.send(message);
            }
        }
    }
}

/// Runs `f` on the hub; the journal and messages it leaves go out in order, after the lock.
fn with_hub<T>(hub: &Shared, f: impl FnOnce(&mut Hub) -> T) -> T {
    let mut h = lock(hub);
    let out = f(&mut h);
    let effects = Effects {
        journal: std::mem::take(&mut h.unwritten),
        messages: std::mem::take(&mut *h.outbox.borrow_mut()),
    };
    if effects.journal || !effects.messages.is_empty() {
        let _ = h.effects.send(effects);
    }
    out
}

/// A token bucket: how many messages a page may still send now.
struct Bucket {
    tokens: f64,
    at: Instant,
    refused: u32,
    told: Option<Instant>,
}

impl Bucket {
    fn new() -> Bucket {
        Bucket {
            tokens: BURST,
            at: Instant::now(),
            refused: 0,
            told: None,
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.at).as_secs_f64() * PER_SECOND).min(BURST);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.refused = 0;
            true
        } else {
            self.refused += 1;
            false
        }
    }

    /// Whether to tell the page it is refused (at most once a second).
    fn tell(&mut self) -> bool {
        let now = Instant::now();
        if self
            .told
            .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
        {
            self.told = Some(now);
            true
        } else {
            false
        }
    }
}

/// One page's WebSocket: its messages in, its screens out.
async fn client(socket: WebSocket, hub: Shared) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let id = lock(&hub).register(tx);
    let writer = tokio::spawn(async move {
        while let Some(m) = rx.recv().await {
            let close = matches!(m, Message::Close(_));
            if sink.send(m).await.is_err() || close {
                break;
            }
        }
    });
    let mut bucket = Bucket::new();
    while let Some(Ok(message)) = stream.next().await {
        let text = match message {
            Message::Text(t) => t,
            Message::Binary(_) => {
                with_hub(&hub, |h| h.refuse(id, Refused::Binary));
                continue;
            }
            Message::Close(_) => break,
            _ => continue,
        };
        if !bucket.take() {
            let tell = bucket.tell();
            let close = bucket.refused >= FLOOD_DISCONNECT;
            with_hub(&hub, |h| {
                if tell {
                    h.refuse(
                        id,
                        Refused::Flood {
                            per_second: PER_SECOND,
                        },
                    );
                }
                if close && let Some(c) = h.clients.get(&id) {
                    h.outbox
                        .borrow_mut()
                        .push((c.tx.clone(), Message::Close(None)));
                }
            });
            if close {
                break;
            }
            continue;
        }
        with_hub(&hub, |h| h.handle(id, text.as_str()));
    }
    with_hub(&hub, |h| h.unregister(id));
    // Let the writer send what is queued (a last refusal), then stop.
    let _ = tokio::time::timeout(Duration::from_secs(1), writer).await;
}

async fn websocket(ws: WebSocketUpgrade, State(hub): State<Shared>) -> Response {
    // Frames up to 16 times the largest message are read and refused with a reason; beyond
    // that the connection itself is refused by the WebSocket layer.
    ws.max_message_size(MAX_MESSAGE * 16)
        .max_frame_size(MAX_MESSAGE * 16)
        .on_upgrade(move |socket| client(socket, hub))
}

/// Query of the trainer's API calls.
#[derive(Deserialize)]
struct TrainerQuery {
    key: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    table: Option<usize>,
    #[serde(default)]
    names: Option<u8>,
}

impl TrainerQuery {
    /// The language the call asks for (`lang=`), else the studio's.
    fn lang_or(&self, studio: Lang) -> Lang {
        self.lang.as_deref().and_then(Lang::parse).unwrap_or(studio)
    }
}

fn refused(status: StatusCode, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "error": message.into() });
    (status, axum::Json(body)).into_response()
}

/// Checks the trainer's key; the hub when it is right, with the language to answer in (the
/// call's `lang=`, else the studio's).
fn trainer<'a>(
    hub: &'a Shared,
    q: &TrainerQuery,
) -> std::result::Result<(MutexGuard<'a, Hub>, Lang), Response> {
    let h = lock(hub);
    let lang = q.lang_or(h.lang);
    if q.key == h.key {
        Ok((h, lang))
    } else {
        Err(refused(
            StatusCode::FORBIDDEN,
            Refused::NotTrainersKey.say(lang),
        ))
    }
}

async fn api_demo(State(hub): State<Shared>, Query(q): Query<TrainerQuery>) -> Response {
    let (library, lang) = match trainer(&hub, &q) {
        Ok((h, lang)) => (h.library.clone(), lang),
        Err(r) => return r,
    };
    let Some(text) = q.code.as_deref() else {
        return refused(StatusCode::BAD_REQUEST, say(lang, "open.no_code", &[]));
    };
    // Playing takes some milliseconds per process: off the async workers.
    let text = text.to_string();
    let played = tokio::task::spawn_blocking(move || -> Result<serde_json::Value> {
        let shown = engine::demonstration(&library, &ReplayCode::parse(&text, lang)?, lang)?;
        // The code as played: a fork's stakeholder by key, whatever name it was given.
        let code = shown.code.clone();
        let can_fork = code.cultures.len() == 1;
        let mut base = code.clone();
        base.fork = None;
        let mut view = serde_json::to_value(demo_view(&shown, &code, lang, can_fork))
            .map_err(|e| Error::input(e.to_string()))?;
        view["base_code"] = base.to_string().into();
        Ok(view)
    })
    .await;
    match played {
        Ok(Ok(view)) => axum::Json(view).into_response(),
        Ok(Err(e)) => refused(StatusCode::BAD_REQUEST, on_a_page(&e, lang)),
        Err(e) => refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn api_library(State(hub): State<Shared>, Query(q): Query<TrainerQuery>) -> Response {
    let (library, lang) = match trainer(&hub, &q) {
        Ok((h, lang)) => (h.library.clone(), lang),
        Err(r) => return r,
    };
    let cases: Vec<serde_json::Value> = library
        .names(Kind::Case)
        .iter()
        .filter_map(|name| {
            let case = engine::case(&library, name, lang).ok()?;
            Some(serde_json::json!({
                "name": name,
                "title": case.case.title.get(lang),
                "stakeholders": case.case.stakeholders.iter().map(|s| {
                    serde_json::json!({"key": s.key, "label": s.label.get(lang)})
                }).collect::<Vec<_>>(),
            }))
        })
        .collect();
    axum::Json(serde_json::json!({
        "cases": cases,
        // (key, name in the page's language) per culture.
        "cultures": library
            .names(Kind::Culture)
            .iter()
            .map(|c| (c.clone(), Speaker::new(lang).culture(c)))
            .collect::<Vec<_>>(),
        "traits": engine::trait_names().iter().map(|t| t.key()).collect::<Vec<_>>(),
    }))
    .into_response()
}

async fn api_cloud(State(hub): State<Shared>, Query(q): Query<TrainerQuery>) -> Response {
    let (library, config, cached, lang) = match trainer(&hub, &q) {
        Ok((h, lang)) => match &h.class {
            Some(c) => (h.library.clone(), c.config.clone(), h.cloud.clone(), lang),
            None => return refused(StatusCode::NOT_FOUND, Refused::NoSession.say(lang)),
        },
        Err(r) => return r,
    };
    let key = format!("{}|{}", config.case, config.deadline);
    if let Some((k, v)) = cached
        && k == key
    {
        return axum::Json(v).into_response();
    }
    let computed = tokio::task::spawn_blocking(move || -> Result<serde_json::Value> {
        let case = engine::case(&library, &config.case, lang)?;
        let mut out = serde_json::Map::new();
        for name in ["collaborative", "positional"] {
            let culture = engine::culture(&library, name, lang)?;
            let points = debrief::cloud(&case, &culture, config.deadline, CLOUD_SIZE)?;
            out.insert(
                name.into(),
                serde_json::to_value(points).unwrap_or_default(),
            );
        }
        Ok(serde_json::Value::Object(out))
    })
    .await;
    match computed {
        Ok(Ok(v)) => {
            lock(&hub).cloud = Some((key, v.clone()));
            axum::Json(v).into_response()
        }
        Ok(Err(e)) => refused(StatusCode::BAD_REQUEST, on_a_page(&e, lang)),
        Err(e) => refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn api_table(State(hub): State<Shared>, Query(q): Query<TrainerQuery>) -> Response {
    let (h, lang) = match trainer(&hub, &q) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let Some(class) = &h.class else {
        return refused(StatusCode::NOT_FOUND, Refused::NoSession.say(lang));
    };
    let table = q.table.unwrap_or(0);
    match debrief::table_replay(class, table.wrapping_sub(1), lang) {
        Some(r) => axum::Json(r).into_response(),
        None if (1..=class.tables.len()).contains(&table) => refused(
            StatusCode::NOT_FOUND,
            Refused::TableNotStarted { table }.say(lang),
        ),
        None => refused(StatusCode::NOT_FOUND, Refused::NoTable { table }.say(lang)),
    }
}

async fn export(
    State(hub): State<Shared>,
    UrlPath(file): UrlPath<String>,
    Query(q): Query<TrainerQuery>,
) -> Response {
    let (h, lang) = match trainer(&hub, &q) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let Some(class) = &h.class else {
        return refused(StatusCode::NOT_FOUND, Refused::NoSession.say(lang));
    };
    let body = match file.as_str() {
        "processes.csv" => debrief::processes_csv(class),
        "stakeholders.csv" => debrief::stakeholders_csv(class, q.names == Some(1)),
        _ => return refused(StatusCode::NOT_FOUND, Refused::NoExport { file }.say(lang)),
    };
    let disposition = format!("attachment; filename=\"{}-{}\"", class.code, file);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

async fn handout(State(hub): State<Shared>, Query(q): Query<TrainerQuery>) -> Response {
    let (h, lang) = match trainer(&hub, &q) {
        Ok(found) => found,
        Err(r) => return r,
    };
    match &h.class {
        Some(class) => assets::html(debrief::handout(class, lang)),
        None => refused(StatusCode::NOT_FOUND, Refused::NoSession.say(lang)),
    }
}

async fn qr(State(hub): State<Shared>) -> Response {
    let url = {
        let h = lock(&hub);
        match &h.class {
            Some(c) => format!("{}/j/{}", h.join_url, c.code),
            None => format!("{}/", h.join_url),
        }
    };
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(256, 256)
                .quiet_zone(true)
                .build();
            ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
        }
        Err(e) => refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The words in both languages, and the studio's language as `default`: a page speaks it
/// until it is asked for another.
async fn words(State(hub): State<Shared>) -> Response {
    let mut words = words_json();
    words["default"] = lock(&hub).lang.code().into();
    axum::Json(words).into_response()
}

async fn not_found() -> Response {
    refused(StatusCode::NOT_FOUND, "there is no such page in the studio")
}

/// The studio's routes.
pub fn router(hub: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/join") }))
        .route("/join", get(|| async { assets::page(assets::PARTICIPANT) }))
        .route(
            "/j/{code}",
            get(|| async { assets::page(assets::PARTICIPANT) }),
        )
        .route("/trainer", get(|| async { assets::page(assets::TRAINER) }))
        .route("/assets/{file}", get(assets::asset))
        .route("/api/words", get(words))
        .route("/api/library", get(api_library))
        .route("/api/demo", get(api_demo))
        .route("/api/cloud", get(api_cloud))
        .route("/api/table", get(api_table))
        .route("/export/{file}", get(export))
        .route("/handout", get(handout))
        .route("/qr.svg", get(qr))
        .route("/ws", get(websocket))
        .fallback(not_found)
        .with_state(hub)
}

/// Serves the studio on `listener` until `shutdown` completes; plays out timed rounds.
pub async fn serve(
    listener: tokio::net::TcpListener,
    hub: Shared,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (path, delivery) = {
        let mut h = lock(&hub);
        (h.journal.clone(), h.delivery.take())
    };
    let delivering = delivery.map(|d| tokio::spawn(deliver(hub.clone(), path, d)));
    let ticker = {
        let hub = hub.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(1));
            loop {
                every.tick().await;
                with_hub(&hub, Hub::tick);
            }
        })
    };
    let served = axum::serve(listener, router(hub.clone()))
        .with_graceful_shutdown(shutdown)
        .await;
    ticker.abort();
    if let Some(d) = delivering {
        d.abort();
    }
    // The last word: the journal as the studio stops.
    let h = lock(&hub);
    if let Err(e) = h
        .journal_text()
        .and_then(|text| write_file(&h.journal, &text))
    {
        journal_unwritten(&told::error(&e, h.lang), h.lang);
    }
    served
}

/// Tells the terminal the studio runs in what went wrong while it serves (no page asked for
/// it, so no page can be told).
fn tell_terminal(what: &str) {
    eprintln!("{} studio: {what}", crate::program::name());
}

/// Tells the terminal, in the studio's language, that the journal could not be written and why.
fn journal_unwritten(why: &str, lang: Lang) {
    tell_terminal(&Speaker::new(lang).say(Msg::StudioJournalUnwritten, &[("why", why)]));
}
