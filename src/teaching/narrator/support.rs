//! Narrating the package closest to a deal (the reader's leading proposal) and why the others
//! still say no.

use super::Narrator;
use crate::protocol::reader::Leading;
use crate::teaching::catalogue::{Msg, capitalise};

impl<'a> Narrator<'a> {
    /// The package closest to a deal (the reader's leading proposal) and why the others still
    /// say no; told only when it differs from what was last told.
    pub(super) fn support(&mut self, leading: &Leading) -> Vec<String> {
        let slot = leading.slot;
        let backers: Vec<usize> = leading.backers().collect();
        let names: Vec<&str> = backers.iter().map(|&s| self.name(s)).collect();
        let mut lines = vec![if backers.is_empty() && slot >= self.case.n {
            // The facilitator's text has no proposer who backs it: "nobody else" would be wrong.
            self.speak.sentence(Msg::ClosestUnsupportedText, &[])
        } else if backers.is_empty() {
            self.speak
                .sentence(Msg::ClosestUnsupported, &[("whose", &self.whose(slot))])
        } else {
            self.speak.sentence(
                Msg::Closest,
                &[
                    ("whose", &self.whose(slot)),
                    ("list", &self.speak.list(&names)),
                ],
            )
        }];
        // A proposer who does not accept its own package is told only when nobody else objects:
        // otherwise the others' objections are the story.
        let refusals = leading.judgements.iter().filter(|j| !j.accepted);
        let others_object = refusals.clone().any(|j| j.seat != slot);
        let objections: Vec<String> = refusals
            .filter(|j| j.seat != slot || !others_object)
            .map(|j| {
                let (seat, utility, aspiration) = (j.seat, j.utility, j.aspiration);
                let batna = self.case.batna[seat];
                let who = self.name(seat);
                if self.human == Some(seat) {
                    self.speak.say(
                        Msg::SaysNo,
                        &[("who", who), ("score", &self.speak.points(utility))],
                    )
                } else if utility < batna {
                    let (score, batna) = self.speak.points_pair(utility, batna);
                    self.speak.say(
                        Msg::BelowBatna,
                        &[("who", who), ("score", &score), ("batna", &batna)],
                    )
                } else if utility < aspiration {
                    let (score, aspiration) = self.speak.points_pair(utility, aspiration);
                    self.speak.say(
                        Msg::BelowAspiration,
                        &[("who", who), ("score", &score), ("aspiration", &aspiration)],
                    )
                } else {
                    // The world value, next to what the case asks, is what the class checks.
                    let (world, threshold) = self
                        .speak
                        .points_pair(leading.world_value, leading.world_threshold);
                    self.speak.say(
                        Msg::WorldTooLow,
                        &[
                            ("who", who),
                            ("score", &self.speak.points(utility)),
                            ("world", &world),
                            ("threshold", &threshold),
                        ],
                    )
                }
            })
            .collect();
        if !objections.is_empty() {
            lines.push(capitalise(
                &self
                    .speak
                    .say(Msg::NotYet, &[("list", &objections.join("; "))]),
            ));
        }
        // Told only when something in it changed since the last time; a package that stays
        // closest is named again in short.
        if self.closest.as_ref() == Some(&lines) {
            return Vec::new();
        }
        let same_package = self.closest.as_ref().map(|told| &told[0]) == Some(&lines[0]);
        self.closest = Some(lines.clone());
        if same_package {
            lines[0] = self
                .speak
                .sentence(Msg::StillClosest, &[("whose", &self.whose(slot))]);
        }
        lines
    }
}
