//! `negsim studio`: a classroom in the browser. A trainer shows a demonstration round by round
//! on a projector, opens a session in which the class negotiates from phones and laptops with
//! simulated stakeholders in the empty seats, and debriefs the class's results beside
//! simulated cultures.
//!
//! - [`engine`]: the one door to the negotiation engine (demonstrations, tables with people)
//! - [`session`]: a class session: tables, seats, people, what they did
//! - [`view`], [`debrief`]: what each screen shows; the board, CSV and handout
//! - [`wire`]: the messages between pages and the studio
//! - [`refused`], [`words`]: why a page's message was refused, and the studio's words, in the
//!   page's language
//! - [`journal`]: the session on disk, for `--resume`
//! - [`server`], [`assets`]: the web server and the embedded pages
//! - [`client`]: a participant and a trainer driven from code (load tests, the benchmark)

pub mod assets;
pub mod client;
pub mod debrief;
pub mod engine;
pub mod journal;
pub mod refused;
pub mod server;
pub mod session;
pub mod view;
pub mod wire;
pub mod words;
