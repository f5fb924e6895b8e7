//! A page of the studio driven from code, over the same WebSocket a browser uses: the load
//! test and `cargo bench --bench studio` seat simulated participants with it, and a simple
//! negotiating policy ([`Policy`]) plays their seats.

use crate::studio::server::{BURST, PER_SECOND};
use crate::studio::wire::{Inbound, Outbound};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

/// How long a page waits for the studio before it gives up.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// One page connected to a studio.
pub struct Page {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pace: Pace,
}

/// The page's own slower copy of the studio's flood limit, so that a scripted page (which
/// answers as fast as the studio does) is never refused for flooding however fast the
/// machine is: it refills at 80% of the studio's rate and holds half its burst, so messages
/// that arrive bunched by the network still fit the studio's bucket.
struct Pace {
    tokens: f64,
    at: Instant,
}

impl Pace {
    const RATE: f64 = PER_SECOND * 0.8;
    const BURST: f64 = BURST / 2.0;

    fn new() -> Pace {
        Pace {
            tokens: Pace::BURST,
            at: Instant::now(),
        }
    }

    /// Waits until one more message fits, then takes it.
    async fn wait(&mut self) {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.at).as_secs_f64() * Pace::RATE).min(Pace::BURST);
        self.at = now;
        if self.tokens < 1.0 {
            let short = (1.0 - self.tokens) / Pace::RATE;
            tokio::time::sleep(Duration::from_secs_f64(short)).await;
            self.tokens = 1.0;
            self.at = Instant::now();
        }
        self.tokens -= 1.0;
    }
}

/// Something went wrong for a page: what, in words.
pub type Failure = String;

impl Page {
    /// Opens a page's WebSocket on the studio at `base` (e.g. `http://127.0.0.1:7878`).
    pub async fn connect(base: &str) -> Result<Page, Failure> {
        let url = format!("{}/ws", base.replacen("http://", "ws://", 1));
        let (socket, _) = connect_async(url.as_str())
            .await
            .map_err(|e| format!("connecting to {url}: {e}"))?;
        Ok(Page {
            socket,
            pace: Pace::new(),
        })
    }

    /// Sends a message, paced to stay within the studio's flood limit.
    pub async fn send(&mut self, message: &Inbound) -> Result<(), Failure> {
        let text = serde_json::to_string(message).map_err(|e| e.to_string())?;
        self.pace().await;
        self.send_text(&text).await
    }

    /// Waits until the studio's flood limit lets one more message through ([`Page::send`]
    /// does this itself; a benchmark calls it before it starts its clock).
    pub async fn pace(&mut self) {
        self.pace.wait().await;
    }

    /// Sends raw text at once, unpaced (to test refusals, the flood limit among them).
    pub async fn send_text(&mut self, text: &str) -> Result<(), Failure> {
        self.socket
            .send(Message::Text(text.into()))
            .await
            .map_err(|e| format!("sending: {e}"))
    }

    /// The next message from the studio; `None` when the connection closed.
    pub async fn next(&mut self) -> Result<Option<Outbound>, Failure> {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.socket.next())
                .await
                .map_err(|_| format!("the studio said nothing for {PATIENCE:?}"))?;
            match message {
                None | Some(Ok(Message::Close(_))) => return Ok(None),
                Some(Ok(Message::Text(t))) => {
                    return read(t.as_str())
                        .map(Some)
                        .map_err(|e| format!("unreadable message {t}: {e}"));
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(format!("receiving: {e}")),
            }
        }
    }

    /// The next message that `wanted` picks, skipping others; refusals are failures unless
    /// `wanted` picks them.
    pub async fn next_where(
        &mut self,
        mut wanted: impl FnMut(&Outbound) -> bool,
    ) -> Result<Outbound, Failure> {
        loop {
            match self.next().await? {
                None => return Err("the studio closed the connection".into()),
                Some(m) if wanted(&m) => return Ok(m),
                Some(Outbound::Error { reason, message }) => {
                    return Err(format!("refused ({reason:?}): {message}"));
                }
                Some(_) => {}
            }
        }
    }

    /// The next seat view.
    pub async fn next_seat(&mut self) -> Result<Value, Failure> {
        match self
            .next_where(|m| matches!(m, Outbound::Seat { .. }))
            .await?
        {
            Outbound::Seat { view } => Ok(view),
            _ => unreachable!("picked a seat view"),
        }
    }

    /// The next board.
    pub async fn next_board(&mut self) -> Result<Value, Failure> {
        match self
            .next_where(|m| matches!(m, Outbound::Board { .. }))
            .await?
        {
            Outbound::Board { view } => Ok(view),
            _ => unreachable!("picked a board"),
        }
    }

    /// Closes the page.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

/// How a simulated participant plays: it opens with its ideal package, accepts any package
/// that gives it at least `accept_at` points (and never less than its BATNA), and from the
/// second round on proposes the package on the table it likes best when that one is good
/// enough for it. It opens up about its weightiest issue in round 1.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Least score (0-100) it accepts.
    pub accept_at: f64,
}

impl Policy {
    /// The move or answer for a seat view, if the view asks for one (not once the seat has
    /// acted in the phase and waits for the others).
    pub fn act(&self, view: &Value) -> Option<Inbound> {
        let table = view["table"].as_u64()? as usize;
        let seat = view["seat"].as_u64()? as usize;
        let round = view["round"].as_u64()? as u32;
        let batna = view["batna"].as_f64()?;
        let floor = self.accept_at.max(batna + 1.0);
        let on_table = view["on_table"].as_array().cloned().unwrap_or_default();
        if view["acted"].as_bool() == Some(true) {
            // Done for this phase: waiting for the others at the table.
            return None;
        }
        match view["phase"].as_str()? {
            "move" => {
                let best = on_table
                    .iter()
                    .filter(|p| p["score"].as_f64().unwrap_or(0.0) >= floor)
                    .max_by(|a, b| {
                        a["score"]
                            .as_f64()
                            .partial_cmp(&b["score"].as_f64())
                            .unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .and_then(|p| serde_json::from_value(p["package"].clone()).ok());
                let proposal = match (round, best) {
                    (1, _) | (_, None) => serde_json::from_value(view["ideal"].clone()).ok(),
                    (_, Some(p)) => Some(p),
                };
                let disclose = (round == 1).then(|| weightiest(view)).flatten();
                Some(Inbound::Move {
                    table,
                    seat,
                    round,
                    disclose,
                    proposal,
                    walk_out: false,
                })
            }
            "respond" => Some(Inbound::Respond {
                table,
                seat,
                round,
                accept: on_table
                    .iter()
                    .filter(|p| p["score"].as_f64().unwrap_or(0.0) >= floor)
                    .filter_map(|p| p["slot"].as_u64().map(|s| s as usize))
                    .collect(),
            }),
            _ => None,
        }
    }
}

/// The issue that weighs most on a seat's role sheet.
fn weightiest(view: &Value) -> Option<usize> {
    view["sheet"]
        .as_array()?
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            a["weight"]
                .as_f64()
                .partial_cmp(&b["weight"].as_f64())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|(i, _)| i)
}

/// A message from the studio, read once: a screen's view (most of what a page receives, and
/// large) is taken as it was parsed, not buffered and parsed again as a tagged enum would be.
fn read(text: &str) -> Result<Outbound, serde_json::Error> {
    let mut message: Value = serde_json::from_str(text)?;
    let view = message["view"].take();
    match message["type"].as_str() {
        Some("seat") => Ok(Outbound::Seat { view }),
        Some("board") => Ok(Outbound::Board { view }),
        _ => serde_json::from_value(message),
    }
}
