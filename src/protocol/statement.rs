//! What a stakeholder says at the table: a disclosure of one issue, honest or a bluff. Its own
//! file, below the table's components and the strategies that decide it, so that both can
//! name it without importing each other.

use serde::{Deserialize, Serialize};

/// A disclosure made this round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The issue disclosed.
    pub issue: usize,
    /// True if the speaker bluffed (overstated priority, exaggerated valuations).
    pub bluff: bool,
}
