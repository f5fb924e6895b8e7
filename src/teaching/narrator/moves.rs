//! Narrating a round's proposals: openings, moves on each issue (giving ground or asking for
//! more), trades worse for everyone, and who stood firm.

use super::{MAX_CHANGES_TOLD, MoveCount, Narrator};
use crate::model::prepared::Package;
use crate::protocol::reader::{MOVE_EPSILON, fixed_pie_trap};
use crate::teaching::catalogue::Msg;

/// Which way a changed proposal moved for its proposer: the one reading of a move that the
/// narration's words, its reasons for trust and the counts of rounds left out share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Worth less to the proposer than its package before.
    GivesGround,
    /// Worth more to the proposer than its package before: asking for more again.
    AsksMore,
    /// Worth the same to the proposer (within [`MOVE_EPSILON`]).
    Sideways,
}

impl Direction {
    /// The direction of a move from a package worth `before` to one worth `after` to its
    /// proposer.
    pub fn of(before: f64, after: f64) -> Direction {
        // Written as the model's concession step compares (`before - after > eps`): written
        // any other way, a move of exactly the epsilon can land on the other side in floating
        // point, and the narration would call sideways a move the model's trust counted as a
        // concession.
        if before - after > MOVE_EPSILON {
            Direction::GivesGround
        } else if after - before > MOVE_EPSILON {
            Direction::AsksMore
        } else {
            Direction::Sideways
        }
    }

    /// Whether a package went from worth `before` to worth `after` to someone down, by the
    /// same reading (for another seat's package: a worse offer).
    pub fn fell(before: f64, after: f64) -> bool {
        Direction::of(before, after) == Direction::GivesGround
    }

    /// Whether it went up, by the same reading (for another seat's package: a better offer).
    pub fn rose(before: f64, after: f64) -> bool {
        Direction::of(before, after) == Direction::AsksMore
    }
}

impl<'a> Narrator<'a> {
    /// Tells this round's proposals: openings, moves, and who stood firm.
    pub(super) fn flush_proposals(
        &mut self,
        proposals: &mut Vec<(usize, &Package)>,
        lines: &mut Vec<String>,
        moves: &mut MoveCount,
    ) {
        if proposals.is_empty() {
            return;
        }
        let mut firm = Vec::new();
        let mut moved = 0;
        for (seat, package) in proposals.drain(..) {
            let line = match &self.last[seat] {
                None => Some(self.speak.sentence(
                    Msg::Opens,
                    &[
                        ("who", self.name(seat)),
                        ("package", &self.package(package)),
                    ],
                )),
                Some(old) if old == package => {
                    firm.push(self.name(seat).to_string());
                    None
                }
                Some(old) => {
                    let direction = Direction::of(
                        self.case.utility(seat, old),
                        self.case.utility(seat, package),
                    );
                    moves.count(&self.names[seat], direction);
                    if self.proposed[seat].contains(package) {
                        moves.returned(&self.names[seat]);
                    }
                    let changed = old.iter().zip(package).filter(|(a, b)| a != b).count();
                    if changed > MAX_CHANGES_TOLD {
                        Some(self.speak.sentence(
                            Msg::NewPackage,
                            &[
                                ("who", self.name(seat)),
                                ("package", &self.package(package)),
                            ],
                        ))
                    } else {
                        Some(self.move_line(seat, old, package, direction))
                    }
                }
            };
            if let Some(line) = line {
                moved += 1;
                lines.push(line);
            }
            if !self.proposed[seat].contains(package) {
                self.proposed[seat].push(package.clone());
            }
            self.previous[seat] = self.last[seat].replace(package.clone());
        }
        if moved == 0 && firm.len() > 1 {
            lines.push(self.speak.sentence(Msg::NobodyMoves, &[]));
        } else if !firm.is_empty() {
            lines.push(if firm.len() == 1 {
                self.speak.sentence(Msg::HoldsOne, &[("who", &firm[0])])
            } else {
                self.speak
                    .sentence(Msg::HoldsMany, &[("list", &self.speak.list(&firm))])
            });
        }
    }

    /// A move of a few issues: giving ground or asking for more, judged by the proposer's own
    /// score, and, when the issues moved in both directions, which ones went which way (so that
    /// "gives ground on salary" never lists the training budget the proposer raised).
    pub(super) fn move_line(
        &self,
        seat: usize,
        old: &[u8],
        new: &[u8],
        direction: Direction,
    ) -> String {
        let line = self.move_sentence(seat, old, new, direction);
        // The fixed-pie trap: issues the move made worse for every seat, the mover included
        // (a lose-lose step, which is what a fixed-pie picture of the others' interests leads
        // to), or the package as a whole worse for everyone.
        let Some(lose_lose) = fixed_pie_trap(self.case, old, new) else {
            return line;
        };
        if lose_lose.is_empty() {
            let msg = if self.lose_lose_package_told.replace(true) {
                Msg::LoseLosePackageAgain
            } else {
                Msg::LoseLosePackage
            };
            let note = self.speak.sentence(msg, &[]);
            return format!("{line} {note}");
        }
        let issues: Vec<&str> = lose_lose.iter().map(|&i| self.issue(i)).collect();
        let msg = if self.lose_lose_told.replace(true) {
            Msg::LoseLoseAgain
        } else {
            Msg::LoseLose
        };
        let note = self
            .speak
            .sentence(msg, &[("issues", &self.speak.list(&issues))]);
        format!("{line} {note}")
    }

    /// The move in words: what the stakeholder gave up and asked for.
    pub(super) fn move_sentence(
        &self,
        seat: usize,
        old: &[u8],
        new: &[u8],
        direction: Direction,
    ) -> String {
        let values = self.case.values_of(seat);
        let (mut down, mut up, mut even) = (Vec::new(), Vec::new(), Vec::new());
        for (i, (&a, &b)) in old.iter().zip(new).enumerate().filter(|(_, (a, b))| a != b) {
            let delta =
                values[self.case.flat(i, b as usize)] - values[self.case.flat(i, a as usize)];
            if delta < 0.0 {
                down.push(i);
            } else if delta > 0.0 {
                up.push(i);
            } else {
                even.push(i);
            }
        }
        let who = self.name(seat);
        let all = |mut a: Vec<usize>, b: &[usize]| {
            a.extend_from_slice(b);
            a.sort_unstable();
            a
        };
        if direction == Direction::GivesGround && !up.is_empty() {
            // "asks in exchange for a higher signing bonus" where the case has the words.
            let (msg, asked) = match self.asked_for(old, new, &up) {
                Some(asked) => (Msg::GivesGroundForNamed, asked),
                None => (Msg::GivesGroundForMore, self.changes_on(old, new, &up)),
            };
            self.speak.sentence(
                msg,
                &[
                    ("who", who),
                    ("down", &self.changes_on(old, new, &all(down, &even))),
                    ("up", &asked),
                ],
            )
        } else if direction == Direction::AsksMore && !down.is_empty() {
            self.speak.sentence(
                Msg::AsksMoreGiving,
                &[
                    ("who", who),
                    ("up", &self.changes_on(old, new, &all(up, &even))),
                    ("down", &self.changes_on(old, new, &down)),
                ],
            )
        } else {
            // One issue, or gains and losses that are none, is no trade: a switch.
            let switch =
                up.len() + down.len() + even.len() == 1 || (up.is_empty() && down.is_empty());
            let msg = match direction {
                Direction::GivesGround => Msg::GivesGround,
                Direction::AsksMore => Msg::AsksMore,
                Direction::Sideways if switch => Msg::Switches,
                Direction::Sideways => Msg::Trades,
            };
            self.speak
                .sentence(msg, &[("who", who), ("changes", &self.changes(old, new))])
        }
    }

    /// What a move asks for, in the case's own words: "a higher signing bonus (€6,000 instead
    /// of no bonus)" per issue (an option further along the issue's order is `more`, further
    /// back `less`); `None` unless every issue has its words ([`crate::model::case::Comparative`]).
    pub(super) fn asked_for(&self, old: &[u8], new: &[u8], issues: &[usize]) -> Option<String> {
        let parts = issues
            .iter()
            .map(|&i| {
                let comparative = self.case.case.issues[i].comparative.as_ref()?;
                let words = if new[i] > old[i] {
                    &comparative.more
                } else {
                    &comparative.less
                };
                let (new_text, old_text) = shared_noun_once(
                    self.option(i, new[i] as usize),
                    self.option(i, old[i] as usize),
                    self.issue_heading(i),
                );
                Some(self.speak.say(
                    Msg::ChangeNamed,
                    &[
                        ("asked", words.get(self.speak.lang)),
                        ("new", &new_text),
                        ("old", &old_text),
                    ],
                ))
            })
            .collect::<Option<Vec<String>>>()?;
        Some(self.speak.list(&parts))
    }

    /// `issue new instead of old`, for every issue that differs.
    pub(super) fn changes(&self, old: &[u8], new: &[u8]) -> String {
        let issues: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
        self.changes_on(old, new, &issues)
    }

    /// `issue new instead of old`, for the given issues in order.
    pub(super) fn changes_on(&self, old: &[u8], new: &[u8], issues: &[usize]) -> String {
        let parts: Vec<String> = issues
            .iter()
            .map(|&i| {
                let (new, old) = shared_noun_once(
                    self.option(i, new[i] as usize),
                    self.option(i, old[i] as usize),
                    self.issue_heading(i),
                );
                self.speak.say(
                    Msg::Change,
                    &[("issue", self.issue(i)), ("new", &new), ("old", &old)],
                )
            })
            .collect();
        self.speak.list(&parts)
    }
}

/// Two amounts of the same thing said once: "25 dagen in plaats van 20 dagen" becomes "25 in
/// plaats van 20 dagen", and the noun goes altogether when it is the issue's own name, said
/// just before ("de verhuisvergoeding (€ 6.000 in plaats van € 9.000)", "(geen in plaats van
/// € 6.000)"). Only amounts (each begins with a number, a sum of money or "none") share their
/// noun: "het datateam" and "het klantteam" keep theirs.
pub(super) fn shared_noun_once(new: &str, old: &str, issue: &str) -> (String, String) {
    let (a, b): (Vec<&str>, Vec<&str>) = (new.split(' ').collect(), old.split(' ').collect());
    let shared = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let amount = |words: &[&str]| words.first().is_some_and(|w| is_amount(w));
    // "€ 2 in plaats van € 2,5 miljoen" would read as two euros: a magnitude stays with each.
    let magnitude = |w: &str| ["million", "miljoen", "thousand", "duizend"].contains(&w);
    if shared == 0
        || shared >= a.len()
        || shared >= b.len()
        || !amount(&a)
        || !amount(&b)
        || magnitude(a[a.len() - shared])
    {
        return (new.to_string(), old.to_string());
    }
    let noun = a[a.len() - shared..].join(" ");
    let new_amount = a[..a.len() - shared].join(" ");
    let old_amount = b[..b.len() - shared].join(" ");
    if noun == issue {
        (new_amount, old_amount)
    } else {
        (new_amount, format!("{old_amount} {noun}"))
    }
}

/// An option as listed after its issue's heading ("relocation allowance: €9,000"): an amount
/// whose label ends in words of the heading is said without them ("€9,000 relocation",
/// "30 days" under "vacation days"), and "no relocation allowance" is `none`; other labels
/// stay whole ("team: the data team").
pub(super) fn listed_option(option: &str, heading: &str, none: &str) -> String {
    let words: Vec<&str> = option.split(' ').collect();
    let heading: Vec<String> = heading.split(' ').map(str::to_lowercase).collect();
    let named = words
        .iter()
        .rev()
        .take_while(|w| heading.contains(&w.to_lowercase()))
        .count();
    if named == 0 || named >= words.len() || !is_amount(words[0]) {
        return option.to_string();
    }
    match &words[..words.len() - named] {
        [no] if ["no", "geen"].contains(&no.to_lowercase().as_str()) => none.to_string(),
        amount => amount.join(" "),
    }
}

/// Whether a word begins an amount: a figure, a currency sign, a number word or "none".
fn is_amount(word: &str) -> bool {
    const NUMBERS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "eighteen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
        "negen", "tien", "elf", "twaalf", "achttien", "no", "geen",
    ];
    word.starts_with(|c: char| c.is_ascii_digit() || c == '€' || c == '$')
        || NUMBERS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::{Direction, MOVE_EPSILON, listed_option, shared_noun_once};

    #[test]
    fn an_option_under_its_heading_does_not_say_the_heading_again() {
        let cases = [
            ("€9,000 relocation", "relocation allowance", "€9,000"),
            ("€ 9.000 verhuisvergoeding", "verhuisvergoeding", "€ 9.000"),
            ("no training budget", "training budget", "none"),
            ("geen opleidingsbudget", "opleidingsbudget", "geen"),
            ("30 days", "vacation days", "30"),
            ("30 dagen", "vakantiedagen", "30 dagen"),
            ("no remote days", "remote work", "no remote days"),
            ("the data team", "team", "the data team"),
            ("€1.5 million", "budget", "€1.5 million"),
        ];
        for (option, heading, listed) in cases {
            let none = if listed == "geen" { "geen" } else { "none" };
            assert_eq!(listed_option(option, heading, none), listed, "{option}");
        }
    }

    #[test]
    fn a_move_of_exactly_the_epsilon_reads_as_the_models_trust_reads_it() {
        // 0.016 - 0.011 is 0.005000000000000001 in floating point: the model's concession step
        // (`before - after > eps`) counts it as a concession, and so must the narration.
        let (before, after) = (0.016, 0.016 - MOVE_EPSILON);
        assert!(before - after > MOVE_EPSILON);
        assert_eq!(Direction::of(before, after), Direction::GivesGround);
        assert!(Direction::fell(before, after));
        assert_eq!(Direction::of(after, before), Direction::AsksMore);
        assert!(Direction::rose(after, before));
        assert_eq!(
            Direction::of(0.5, 0.5 + MOVE_EPSILON / 2.0),
            Direction::Sideways
        );
    }

    fn once(new: &str, old: &str, issue: &str) -> (String, String) {
        shared_noun_once(new, old, issue)
    }

    #[test]
    fn two_amounts_of_one_thing_name_it_once() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            once(
                "€ 6.000 verhuisvergoeding",
                "€ 9.000 verhuisvergoeding",
                "verhuisvergoeding"
            ),
            pair("€ 6.000", "€ 9.000")
        );
        assert_eq!(
            once("25 dagen", "20 dagen", "vakantiedagen"),
            pair("25", "20 dagen")
        );
        assert_eq!(
            once(
                "twee thuiswerkdagen per week",
                "drie thuiswerkdagen per week",
                "thuiswerken"
            ),
            pair("twee", "drie thuiswerkdagen per week")
        );
        assert_eq!(
            once("€4,000 a year", "€3,000 a year", "training budget"),
            pair("€4,000", "€3,000 a year")
        );
        assert_eq!(
            once(
                "geen verhuisvergoeding",
                "€ 6.000 verhuisvergoeding",
                "verhuisvergoeding"
            ),
            pair("geen", "€ 6.000")
        );
        // Not two amounts of one thing, or amounts with a magnitude: each keeps its words.
        assert_eq!(
            once("€ 2 miljoen", "€ 2,5 miljoen", "budget"),
            pair("€ 2 miljoen", "€ 2,5 miljoen")
        );
        assert_eq!(
            once("een maandelijkse markt", "geen markt", "marktdagen"),
            pair("een maandelijkse markt", "geen markt")
        );
        assert_eq!(
            once("geen bonus", "€ 2.000", "tekenbonus"),
            pair("geen bonus", "€ 2.000")
        );
        assert_eq!(
            once("€ 58.000", "€ 64.000", "salaris"),
            pair("€ 58.000", "€ 64.000")
        );
        assert_eq!(
            once("het datateam", "het klantteam", "team"),
            pair("het datateam", "het klantteam")
        );
    }
}
