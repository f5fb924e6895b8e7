//! Which protocol a table follows. Its own file, below both the table's set-up and the
//! plug-in strategies that observe it, so that neither imports the other for it.

use serde::{Deserialize, Serialize};

/// Which protocol a table follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolKind {
    /// negsim's round: dialogue, proposal, response, concession, emotion, close.
    #[default]
    Mindset,
    /// Stacked alternating offers (NegMAS SAO semantics), for classic tactics.
    AlternatingOffers,
}

impl ProtocolKind {
    /// Config key.
    pub fn key(self) -> &'static str {
        match self {
            ProtocolKind::Mindset => "mindset",
            ProtocolKind::AlternatingOffers => "alternating_offers",
        }
    }
}
