//! What a demonstration played (one culture, cultures side by side, or a process and its
//! fork), as the narration, the comparison and the animation read it, and the words for a
//! fork.

use crate::model::prepared::PreparedCase;
use crate::protocol::intervene::Fork;
use crate::teaching::catalogue::{Msg, Speaker, trait_msg};
use crate::teaching::replay_code::ReplayCode;
use crate::teaching::table::Played;
use std::sync::Arc;

/// Everything a demonstration played, for tests and the animation.
#[derive(Clone, Debug)]
pub struct Demonstration {
    /// The case.
    pub case: Arc<PreparedCase>,
    /// The processes in the order shown (a fork: the original, then the fork).
    pub played: Vec<Played>,
    /// Column names for the processes.
    pub names: Vec<String>,
    /// The fork, when the second process is the first with one trait changed.
    pub fork: Option<Fork>,
    /// The replay code of what was played, as it is shown and copied: a fork's stakeholder
    /// by key, whatever name the code was given with.
    pub code: ReplayCode,
}

impl Demonstration {
    /// The processes with their column names, for a side-by-side comparison.
    pub fn columns(&self) -> Vec<(String, &Played)> {
        self.names.iter().cloned().zip(self.played.iter()).collect()
    }
}

/// What a fork changes, in the words of `msg` (the narration's marker or the animation's
/// note): from which round, whose trait, its value in the fork and in the `original`.
pub fn fork_words(msg: Msg, original: &Played, fork: &Fork, speak: Speaker) -> String {
    let who = original.setup.case.case.stakeholders[fork.seat]
        .label
        .get(speak.lang);
    let old = original.setup.seats[fork.seat].traits.get(fork.name);
    speak.say(
        msg,
        &[
            ("round", &fork.round.to_string()),
            ("who", who),
            ("trait", &speak.say(trait_msg(fork.name), &[])),
            ("value", &speak.decimal(fork.value)),
            ("old", &speak.decimal(old)),
        ],
    )
}
