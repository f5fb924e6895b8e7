//! The messages between a page and the studio over its WebSocket, as JSON objects with a
//! `type`. Anything else (text that is not such an object, a field of the wrong type, an
//! unknown field, an oversized message) is refused with an [`Outbound::Error`] to that page
//! alone.

use crate::model::label::Lang;
use crate::model::prepared::Package;
use crate::studio::refused::{RefusalReason, Refused};
use crate::studio::session::ClassConfig;
use serde::{Deserialize, Serialize};

/// The largest message a page may send, in bytes: a package of a large case is well under.
pub const MAX_MESSAGE: usize = 4096;

/// What a page sends.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inbound {
    /// A participant joins a session with a name.
    Join {
        /// The session code.
        code: String,
        /// Their name.
        name: String,
        /// Their language.
        #[serde(default)]
        lang: Option<Lang>,
    },
    /// A participant comes back to their seat.
    Rejoin {
        /// The secret the page was given when joining.
        secret: String,
    },
    /// The page's language changes.
    Lang {
        /// The language.
        lang: Lang,
    },
    /// A participant's moves for a round.
    Move {
        /// Their table, from 1.
        table: usize,
        /// Their seat.
        seat: usize,
        /// The round.
        round: u32,
        /// The issue they open up about.
        #[serde(default)]
        disclose: Option<usize>,
        /// Their package (none: nothing new; their last one stays).
        #[serde(default)]
        proposal: Option<Package>,
        /// They walk out.
        #[serde(default)]
        walk_out: bool,
    },
    /// A participant's answers to the packages on the table.
    Respond {
        /// Their table, from 1.
        table: usize,
        /// Their seat.
        seat: usize,
        /// The round.
        round: u32,
        /// The slots of the packages they accept.
        accept: Vec<usize>,
    },
    /// The trainer's page identifies itself.
    Trainer {
        /// The trainer's key (in the address the studio printed).
        key: String,
    },
    /// The trainer opens a class session (closing any before).
    Open {
        /// The setup.
        config: ClassConfig,
    },
    /// The trainer starts the tables.
    Start,
    /// The trainer lets a simulated stakeholder play a person's seat.
    HandOver {
        /// The table, from 1.
        table: usize,
        /// The seat.
        seat: usize,
    },
}

/// What the studio sends a page.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outbound {
    /// A participant has a seat: the page keeps the secret to come back to it.
    Welcome {
        /// The secret.
        secret: String,
    },
    /// A participant's screen.
    Seat {
        /// The view.
        view: serde_json::Value,
    },
    /// The trainer's board.
    Board {
        /// The view.
        view: serde_json::Value,
    },
    /// A refusal, for this page only.
    Error {
        /// Why.
        reason: RefusalReason,
        /// What went wrong and what to do, for people.
        message: String,
    },
}

/// Reads one message from a page.
pub fn parse(text: &str) -> Result<Inbound, Refused> {
    if text.len() > MAX_MESSAGE {
        return Err(Refused::TooLong {
            limit: MAX_MESSAGE,
            size: text.len(),
        });
    }
    serde_json::from_str(text).map_err(|e| Refused::Malformed {
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_and_refused_with_reasons() {
        assert_eq!(
            parse(r#"{"type":"respond","table":1,"seat":0,"round":2,"accept":[1]}"#).unwrap(),
            Inbound::Respond {
                table: 1,
                seat: 0,
                round: 2,
                accept: vec![1]
            }
        );
        assert_eq!(parse(r#"{"type":"start"}"#).unwrap(), Inbound::Start);
        for bad in [
            "hello",
            "{}",
            r#"{"type":"fly"}"#,
            r#"{"type":"lang","lang":"en","extra":1}"#,
            r#"{"type":"move","table":"x","seat":0,"round":1}"#,
            r#"{"type":"move","table":1,"seat":0,"round":1,"proposal":[300]}"#,
        ] {
            assert_eq!(
                parse(bad).unwrap_err().reason(),
                RefusalReason::Malformed,
                "{bad}"
            );
        }
        let long = format!(
            r#"{{"type":"join","code":"A","name":"{}"}}"#,
            "x".repeat(5000)
        );
        assert_eq!(parse(&long).unwrap_err().reason(), RefusalReason::TooLong);
    }
}
