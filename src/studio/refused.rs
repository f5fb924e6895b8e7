//! Why the studio refuses what a page asked for: a reason the page can act on
//! ([`RefusalReason`], sent as a word on the wire) and what went wrong, said in the page's own
//! language. A Dutch participant who mistypes the session code reads Dutch, whatever the
//! trainer's page is set to; the words are in `words.toml`, section `refused`.
//!
//! Errors of the engine, of a replay code and of a case or culture file ([`Refused::Other`])
//! are told as a page tells them ([`on_a_page`]): what is wrong, where in a file, and the hint.
//! The trainer meets them when opening a session or pasting a replay code, in the trainer's
//! language: those the teaching layer finds (a replay code, a case, culture, seat or deadline
//! that is not there) from its catalogue, a fault inside a case or culture file from its parts,
//! the session's own checks from `words.toml`.

use crate::error::Error;
use crate::model::label::{Label, Lang};
use crate::protocol::table::TableError;
use crate::studio::words::say;
use crate::teaching::catalogue::Speaker;
use crate::teaching::told;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of refusal it is, for the page to act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// Not a message the studio understands.
    Malformed,
    /// Longer than [`crate::studio::wire::MAX_MESSAGE`].
    TooLong,
    /// Too many messages in too short a time.
    Flood,
    /// A seat, table or session that is not this page's.
    NotYours,
    /// Understood, but not possible now (a round that is over, a package not on the table).
    Refused,
    /// No session with that code, or a secret nobody holds.
    Unknown,
}

/// Why a page's message was refused, with what the page needs to be told.
#[derive(Clone, Debug)]
pub enum Refused {
    /// Text that is not one of the studio's messages; `detail` is the reader's own account.
    Malformed {
        /// Where the message stopped making sense (English, from the JSON reader).
        detail: String,
    },
    /// A binary message.
    Binary,
    /// A message over the size limit.
    TooLong {
        /// The limit in bytes.
        limit: usize,
        /// The message's size in bytes.
        size: usize,
    },
    /// One message too many.
    Flood {
        /// Messages a page may send per second.
        per_second: f64,
    },
    /// A trainer's key that is not this studio's.
    NotTrainersKey,
    /// The trainer's page asked for a seat.
    TrainerCannotJoin,
    /// A page with a seat asked for another.
    HasSeat,
    /// A seat's secret that no one in the open session holds.
    StaleSeat,
    /// A person acted for a table or seat that is not theirs.
    NotYourSeat {
        /// Their table, from 1.
        table: usize,
        /// The stakeholder they play.
        role: Label,
    },
    /// A page without a seat acted.
    NoSeat,
    /// A participant's page asked for the trainer's controls.
    TrainerOnly,
    /// A session code that is not the open session's.
    UnknownCode {
        /// The code as typed.
        code: String,
    },
    /// No session is open.
    NoSession,
    /// An empty name.
    NameMissing,
    /// A name over the limit.
    NameTooLong {
        /// The most characters a name may have.
        max: usize,
    },
    /// A name a spreadsheet would run as a formula (see [`crate::model::name`]).
    NameFormula {
        /// The name's first character.
        first: char,
    },
    /// The session holds as many people as it may.
    SessionFull {
        /// The most people a session may hold.
        max: usize,
    },
    /// The person's table has not started.
    NotStarted,
    /// A move for a round that is not waiting for one (over, or not yet begun).
    NotWaitingForMove {
        /// The round of the move.
        round: u32,
    },
    /// An answer for a round that is not waiting for one.
    NotWaitingForAnswer {
        /// The round of the answer.
        round: u32,
    },
    /// The person's seat was handed to a simulated stakeholder.
    HandedOver,
    /// The trainer asked to hand over a seat nobody plays.
    SimulatedSeat {
        /// The stakeholder of the seat.
        role: Label,
    },
    /// The trainer asked to hand over a seat the table does not have.
    NoSeatAtTable {
        /// The table, from 1.
        table: usize,
        /// The seat, from 1.
        seat: usize,
    },
    /// The table's negotiation is over.
    Over,
    /// An option nobody has found yet.
    HiddenOption,
    /// A package that is not on the table.
    NotOnTable,
    /// Moves a page could only send if it were out of step with the table (a package of the
    /// wrong length, an option or issue that does not exist).
    BadMove {
        /// What the table said (English).
        detail: String,
    },
    /// A table number the session does not have (from 1).
    NoTable {
        /// The table, from 1.
        table: usize,
    },
    /// A table that has not started (from 1).
    TableNotStarted {
        /// The table, from 1.
        table: usize,
    },
    /// A download the studio does not offer.
    NoExport {
        /// The file asked for.
        file: String,
    },
    /// Any other error: said as the command line says it.
    Other(Error),
}

/// Result of a studio action a page asked for.
pub type Result<T> = std::result::Result<T, Refused>;

impl Refused {
    /// The kind of refusal, for the page to act on.
    pub fn reason(&self) -> RefusalReason {
        use Refused::*;
        match self {
            Malformed { .. } | Binary => RefusalReason::Malformed,
            TooLong { .. } => RefusalReason::TooLong,
            Flood { .. } => RefusalReason::Flood,
            NotTrainersKey | NotYourSeat { .. } | NoSeat | TrainerOnly => RefusalReason::NotYours,
            StaleSeat | UnknownCode { .. } => RefusalReason::Unknown,
            TrainerCannotJoin
            | HasSeat
            | NoSession
            | NameMissing
            | NameTooLong { .. }
            | NameFormula { .. }
            | SessionFull { .. }
            | NotStarted
            | NotWaitingForMove { .. }
            | NotWaitingForAnswer { .. }
            | HandedOver
            | SimulatedSeat { .. }
            | NoSeatAtTable { .. }
            | Over
            | HiddenOption
            | NotOnTable
            | BadMove { .. }
            | NoTable { .. }
            | TableNotStarted { .. }
            | NoExport { .. }
            | Other(_) => RefusalReason::Refused,
        }
    }

    /// The word's id in `words.toml` and its blanks, or the error that has no word
    /// ([`Refused::Other`]).
    fn word(
        &self,
        lang: Lang,
    ) -> std::result::Result<(&'static str, Vec<(&'static str, String)>), &Error> {
        use Refused::*;
        let no = Vec::new;
        Ok(match self {
            Malformed { detail } => ("refused.malformed", vec![("detail", detail.clone())]),
            Binary => ("refused.binary", no()),
            TooLong { limit, size } => (
                "refused.too_long",
                vec![("limit", limit.to_string()), ("size", size.to_string())],
            ),
            Flood { per_second } => (
                "refused.flood",
                vec![("per_second", lang.decimal_mark(per_second.to_string()))],
            ),
            NotTrainersKey => (
                "refused.not_trainers_key",
                vec![("program", crate::program::name().to_string())],
            ),
            TrainerCannotJoin => ("refused.trainer_cannot_join", no()),
            HasSeat => ("refused.has_seat", no()),
            StaleSeat => ("refused.stale_seat", no()),
            NotYourSeat { table, role } => (
                "refused.not_your_seat",
                vec![
                    ("table", table.to_string()),
                    ("role", role.get(lang).to_string()),
                ],
            ),
            NoSeat => ("refused.no_seat", no()),
            TrainerOnly => ("refused.trainer_only", no()),
            UnknownCode { code } => ("refused.unknown_code", vec![("code", code.clone())]),
            NoSession => ("refused.no_session", no()),
            NameMissing => ("refused.name_missing", no()),
            NameTooLong { max } => ("refused.name_too_long", vec![("max", max.to_string())]),
            NameFormula { first } => ("refused.name_formula", vec![("first", first.to_string())]),
            SessionFull { max } => ("refused.session_full", vec![("max", max.to_string())]),
            NotStarted => ("refused.not_started", no()),
            NotWaitingForMove { round } => (
                "refused.not_waiting_for_move",
                vec![("round", round.to_string())],
            ),
            NotWaitingForAnswer { round } => (
                "refused.not_waiting_for_answer",
                vec![("round", round.to_string())],
            ),
            HandedOver => ("refused.handed_over", no()),
            SimulatedSeat { role } => (
                "refused.simulated_seat",
                vec![("role", role.get(lang).to_string())],
            ),
            NoSeatAtTable { table, seat } => (
                "refused.no_seat_at_table",
                vec![("table", table.to_string()), ("seat", seat.to_string())],
            ),
            Over => ("refused.over", no()),
            HiddenOption => ("refused.hidden_option", no()),
            NotOnTable => ("refused.not_on_table", no()),
            BadMove { detail } => ("refused.bad_move", vec![("detail", detail.clone())]),
            NoTable { table } => ("refused.no_table", vec![("table", table.to_string())]),
            TableNotStarted { table } => (
                "refused.table_not_started",
                vec![("table", table.to_string())],
            ),
            NoExport { file } => ("refused.no_export", vec![("file", file.clone())]),
            Other(e) => return Err(e),
        })
    }

    /// What went wrong, in `lang`: a clause that reads on after the page's "Not done:".
    pub fn say(&self, lang: Lang) -> String {
        match self.word(lang) {
            Ok((id, args)) => {
                let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                say(lang, id, &args)
            }
            Err(e) => on_a_page(e, lang),
        }
    }
}

/// An error as a page tells it in `lang`, after its "Not done:": what is wrong, the file, line
/// and key where it is in a file, and the hint. A command-line flag (`--replay`) means nothing
/// on a page, so a key is named only inside a file, a hint that names a flag is left out, and
/// the command line's "error" is left to the page's own words. A fault inside a case or
/// culture file is told in `lang` from its parts ([`crate::teaching::told`]).
pub fn on_a_page(e: &Error, lang: Lang) -> String {
    let mut text = told::message(e, lang);
    if e.file.is_some() {
        // The frame's pieces, as the command line says them: " in FILE, line 7, key `k`".
        let place = told::place(e, Speaker::new(lang));
        text.push_str(&format!(" ({})", place.trim_start()));
    }
    // A hint that says what to type on a command line ("leave --deadline out") does not fit
    // a page, whose fields have no flags.
    let names_a_flag = |hint: &str| hint.split_whitespace().any(|w| w.starts_with("--"));
    if let Some(hint) = told::hint(e, lang).filter(|h| !names_a_flag(h)) {
        text.push_str("; ");
        text.push_str(&hint);
    }
    text
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl From<Error> for Refused {
    fn from(e: Error) -> Refused {
        Refused::Other(e)
    }
}

/// A refusal where only an [`Error`] can go (restoring a journal, the command line): the
/// English words as an input error.
impl From<Refused> for Error {
    fn from(r: Refused) -> Error {
        match r {
            Refused::Other(e) => e,
            r => Error::input(r.say(Lang::En)),
        }
    }
}

/// What the table refused, as a page is told: the moves a page shows can run into a table
/// that ended or a package withdrawn; the rest only a page out of step with the table sends.
impl From<TableError> for Refused {
    fn from(e: TableError) -> Refused {
        match e {
            TableError::Ended => Refused::Over,
            TableError::HiddenOption { .. } => Refused::HiddenOption,
            TableError::NotOnTable(_) => Refused::NotOnTable,
            other => Refused::BadMove {
                detail: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teaching::catalogue::blanks;

    /// One refusal of each kind.
    fn every_refusal() -> Vec<Refused> {
        use Refused::*;
        vec![
            Malformed {
                detail: "expected value at line 1 column 1".into(),
            },
            Binary,
            TooLong {
                limit: 4096,
                size: 5000,
            },
            Flood { per_second: 10.0 },
            NotTrainersKey,
            TrainerCannotJoin,
            HasSeat,
            StaleSeat,
            NotYourSeat {
                table: 2,
                role: Label {
                    en: "Sam (candidate)".into(),
                    nl: "Sam (kandidaat)".into(),
                },
            },
            NoSeat,
            TrainerOnly,
            UnknownCode {
                code: "ZZZZZ".into(),
            },
            NoSession,
            NameMissing,
            NameTooLong { max: 40 },
            NameFormula { first: '=' },
            SessionFull { max: 200 },
            NotStarted,
            NotWaitingForMove { round: 3 },
            NotWaitingForAnswer { round: 3 },
            HandedOver,
            SimulatedSeat {
                role: Label {
                    en: "Robin (hiring manager)".into(),
                    nl: "Robin (leidinggevende)".into(),
                },
            },
            NoSeatAtTable { table: 1, seat: 9 },
            Over,
            HiddenOption,
            NotOnTable,
            BadMove {
                detail: "issue 9 has no option 9".into(),
            },
            NoTable { table: 4 },
            TableNotStarted { table: 4 },
            NoExport {
                file: "results.xlsx".into(),
            },
        ]
    }

    /// Fails to compile when a refusal is added: add it to [`every_refusal`] too.
    fn listed(refused: &Refused) {
        use Refused::*;
        match refused {
            Malformed { .. } | Binary | TooLong { .. } | Flood { .. } | NotTrainersKey => {}
            TrainerCannotJoin | HasSeat | StaleSeat | NotYourSeat { .. } | NoSeat => {}
            TrainerOnly | UnknownCode { .. } | NoSession | NameMissing | NameTooLong { .. } => {}
            NameFormula { .. } | SessionFull { .. } | NotStarted => {}
            NotWaitingForMove { .. } => {}
            NotWaitingForAnswer { .. } | HandedOver | SimulatedSeat { .. } => {}
            NoSeatAtTable { .. } | Over | HiddenOption | NotOnTable | BadMove { .. } => {}
            NoTable { .. } | TableNotStarted { .. } | NoExport { .. } | Other(_) => {}
        }
    }

    #[test]
    fn every_refusal_is_said_in_both_languages_with_every_blank_filled() {
        for refused in every_refusal() {
            listed(&refused);
            let Ok((id, args)) = refused.word(Lang::En) else {
                panic!("{refused:?} has no word");
            };
            let (en, nl) = (refused.say(Lang::En), refused.say(Lang::Nl));
            assert!(!en.is_empty() && !nl.is_empty(), "{id}");
            assert_ne!(en, nl, "{id}: the same in both languages");
            assert!(!en.contains('{') && !nl.contains('{'), "{id}: {en} / {nl}");
            // Each blank the code fills is in both templates, and no other.
            let given: Vec<String> = {
                let mut names: Vec<String> = args.iter().map(|(n, _)| n.to_string()).collect();
                names.sort();
                names
            };
            for lang in [Lang::En, Lang::Nl] {
                let template = crate::studio::words::words()
                    .template_by_id(id, lang)
                    .unwrap_or_default();
                assert_eq!(blanks(template), given, "{id} ({lang:?})");
            }
            // A clause after the page's "Not done:", as the English errors are written.
            for text in [&en, &nl] {
                let first = text.chars().next().unwrap();
                assert!(!first.is_uppercase(), "{id}: {text}");
            }
        }
    }

    #[test]
    fn a_table_s_refusals_read_as_a_page_is_told_them() {
        let over: Refused = TableError::Ended.into();
        assert_eq!(over.say(Lang::Nl), "de onderhandeling is voorbij");
        let gone: Refused = TableError::NotOnTable(2).into();
        assert_eq!(
            gone.say(Lang::En),
            "that package is not on the table this round"
        );
        let forged: Refused = TableError::PackageLength {
            issues: 5,
            found: 8,
        }
        .into();
        assert_eq!(forged.reason(), RefusalReason::Refused);
        // The table's own account stays as it is, in brackets, for whoever reads the logs.
        assert_eq!(
            forged.say(Lang::Nl),
            "deze zet past niet bij de tafel (a package holds one option for each of the 5 \
             issues, not 8); laad de pagina opnieuw"
        );
    }

    #[test]
    fn an_error_without_words_is_told_with_its_file_and_hint_and_without_a_flag() {
        let code = Error::input("`job:x` is not a replay code: it has 2 parts")
            .at_key("--replay")
            .with_hint("a replay code looks like job-offer:collaborative:s42:d30");
        let refused = Refused::from(code.clone());
        assert_eq!(
            refused.say(Lang::Nl),
            "`job:x` is not a replay code: it has 2 parts; a replay code looks like \
             job-offer:collaborative:s42:d30"
        );
        // Where the command line needs it, the error is the one given.
        assert_eq!(Error::from(refused).to_string(), code.to_string());
        let file = Error::input("expected a number")
            .in_file("cases/mine.toml")
            .at_line(Some(7))
            .at_key("issues.salary.weight");
        assert_eq!(
            on_a_page(&file, Lang::En),
            "expected a number (in cases/mine.toml, line 7, key `issues.salary.weight`)"
        );
        assert_eq!(
            on_a_page(&file, Lang::Nl),
            "expected a number (in cases/mine.toml, regel 7, sleutel `issues.salary.weight`)"
        );
        let deadline = Error::input("the deadline must be between 1 and 200 rounds, found 0")
            .at_key("--deadline")
            .with_hint("leave --deadline out for the default");
        assert_eq!(
            on_a_page(&deadline, Lang::En),
            "the deadline must be between 1 and 200 rounds, found 0"
        );
        let name = Error::from(Refused::NameMissing);
        assert_eq!(name.to_string(), "error: please give a name");
    }
}
