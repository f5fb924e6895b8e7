//! A class session: the case a class negotiates, its tables, and who sits where. Pure state
//! and rules, no I/O: the server feeds it what people do and sends out what it answers, and
//! the journal is written from [`Class::journal`].
//!
//! People get a seat at the first table that still has a seat for a person; a table starts
//! when the trainer says so (the seats nobody took are played by simulated stakeholders of
//! the session's culture) or, after the start, as soon as its people's seats are filled.
//! Each person holds a secret that brings them back to their seat after a reload.

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::model::culture::Culture;
use crate::model::label::Lang;
use crate::model::prepared::PreparedCase;
use crate::studio::engine::{self, HandOver, LiveTable, Moves, Phase, PlayedStage};
use crate::studio::refused::{self, Refused};
use crate::studio::words::say;
use crate::teaching::replay_code::stakeholder_seat;
use crate::teaching::table::{MAX_DEMO_DEADLINE, check_deadline};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most people in one session.
pub const MAX_PEOPLE: usize = 200;
/// The longest name a person may give, in characters.
pub const MAX_NAME: usize = 40;
/// Letters and digits of session codes: no 0/O, 1/I/L, so that a code read from a projector
/// is typed right.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a session code.
pub const CODE_LENGTH: usize = 5;

/// What the trainer sets up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassConfig {
    /// The case, by name or path.
    pub case: String,
    /// The culture of the simulated stakeholders in the empty seats.
    pub culture: String,
    /// The stakeholder keys whose seats people take at every table.
    pub seats: Vec<String>,
    /// Rounds before the deadline.
    pub deadline: u32,
    /// Minutes a round may take, if limited.
    #[serde(default)]
    pub minutes_per_round: Option<f64>,
    /// Seed of the first table (table `t` uses `seed + t`).
    pub seed: u64,
}

/// A person in the class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The name they gave.
    pub name: String,
    /// Their secret: whoever holds it plays their seat.
    pub secret: String,
    /// Their language.
    pub lang: Lang,
    /// Their table.
    pub table: usize,
    /// Their seat (stakeholder index).
    pub seat: usize,
}

/// A table of the class as the journal keeps it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TableRecord {
    /// The people at the table (indices into the people), in seat order of `config.seats`.
    pub people: Vec<usize>,
    /// Whether the table has started.
    pub started: bool,
    /// The seats handed to the model's simulated stakeholder, and from which round.
    #[serde(default)]
    pub handed_over: Vec<HandOver>,
    /// What happened at the table, stage by stage (people's moves and hand-overs).
    #[serde(default)]
    pub stages: Vec<PlayedStage>,
}

/// Everything needed to bring a class back: the journal's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRecord {
    /// The session code.
    pub code: String,
    /// The setup.
    pub config: ClassConfig,
    /// Whether the trainer started the tables.
    pub started: bool,
    /// The people.
    pub people: Vec<Person>,
    /// The tables.
    pub tables: Vec<TableRecord>,
}

/// A table of the class.
pub struct Table {
    /// People at the table (indices into the people).
    pub people: Vec<usize>,
    /// The negotiation, once started.
    pub live: Option<LiveTable>,
    /// When the current phase began (for the time per round).
    pub phase_since: Instant,
}

/// A class session.
pub struct Class {
    /// Its code.
    pub code: String,
    /// Its setup.
    pub config: ClassConfig,
    /// The case.
    pub case: Arc<PreparedCase>,
    /// The culture of the simulated stakeholders.
    pub culture: Culture,
    /// Seats people take (stakeholder indices), in the order of `config.seats`.
    pub seats: Vec<usize>,
    /// Whether the trainer started the tables.
    pub started: bool,
    /// The people.
    pub people: Vec<Person>,
    /// The tables.
    pub tables: Vec<Table>,
}

/// What changed, so that the server tells the right screens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changed {
    /// Tables whose screens must be refreshed.
    pub tables: Vec<usize>,
}

impl Class {
    /// Opens a session: checks the setup against the case and culture (a case, culture,
    /// deadline or seat that is not there is told in `lang`, the trainer's).
    pub fn open(library: &Library, config: ClassConfig, code: String, lang: Lang) -> Result<Class> {
        let case = engine::case(library, &config.case, lang)?;
        let culture = engine::culture(library, &config.culture, lang)?;
        check_deadline(config.deadline, lang).map_err(|e| e.at_key("deadline"))?;
        if let Some(m) = config.minutes_per_round
            && !(m.is_finite() && (0.25..=60.0).contains(&m))
        {
            let minutes = lang.decimal_mark(m.to_string());
            return Err(Error::input(say(
                lang,
                "open.minutes_per_round",
                &[("minutes", &minutes)],
            ))
            .at_key("minutes_per_round"));
        }
        if config.seats.is_empty() {
            return Err(Error::input(say(lang, "open.no_seats", &[]))
                .at_key("seats")
                .with_hint(say(
                    lang,
                    "open.no_seats_hint",
                    &[("case", &case.case.name), ("keys", &keys(&case))],
                )));
        }
        let mut seats = Vec::new();
        for key in &config.seats {
            let s = stakeholder_seat(&case.case, key, "seats", lang)?;
            if seats.contains(&s) {
                return Err(
                    Error::input(say(lang, "open.seat_twice", &[("key", key)])).at_key("seats")
                );
            }
            seats.push(s);
        }
        Ok(Class {
            code,
            config,
            case,
            culture,
            seats,
            started: false,
            people: Vec::new(),
            tables: Vec::new(),
        })
    }

    /// Brings a class back from its journal, every table where it was; a case or culture
    /// that is no longer there is told in `lang`, the command line's.
    pub fn restore(library: &Library, record: ClassRecord, lang: Lang) -> Result<Class> {
        let mut class = Class::open(library, record.config, record.code, lang)?;
        class.started = record.started;
        for (i, p) in record.people.iter().enumerate() {
            let ok = record
                .tables
                .get(p.table)
                .is_some_and(|t| t.people.contains(&i))
                && class.seats.contains(&p.seat);
            if !ok {
                return Err(Error::input(format!(
                    "person {i} ({}) sits at a table or seat the journal does not have",
                    p.name
                )));
            }
        }
        class.people = record.people;
        for (t, r) in record.tables.into_iter().enumerate() {
            let seats: Vec<usize> = r.people.iter().map(|&p| class.people[p].seat).collect();
            let live = if r.started {
                Some(
                    LiveTable::restore(
                        class.case.clone(),
                        class.culture.clone(),
                        class.config.seed + t as u64,
                        class.config.deadline,
                        &seats,
                        r.handed_over,
                        r.stages,
                    )
                    .map_err(|e| e.at_key(format!("tables[{t}]")))?,
                )
            } else {
                None
            };
            class.tables.push(Table {
                people: r.people,
                live,
                phase_since: Instant::now(),
            });
        }
        Ok(class)
    }

    /// What the journal keeps.
    pub fn journal(&self) -> ClassRecord {
        ClassRecord {
            code: self.code.clone(),
            config: self.config.clone(),
            started: self.started,
            people: self.people.clone(),
            tables: self
                .tables
                .iter()
                .map(|t| TableRecord {
                    people: t.people.clone(),
                    started: t.live.is_some(),
                    handed_over: t
                        .live
                        .as_ref()
                        .map(|l| l.handed_over().to_vec())
                        .unwrap_or_default(),
                    stages: t
                        .live
                        .as_ref()
                        .map(|l| l.stages().to_vec())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// A person joins: they get the first free seat for a person, at a new table if every
    /// table is full. Returns their index.
    pub fn join(
        &mut self,
        name: &str,
        lang: Lang,
        secret: String,
    ) -> refused::Result<(usize, Changed)> {
        let name = check_name(name)?;
        if self.people.len() >= MAX_PEOPLE {
            return Err(Refused::SessionFull { max: MAX_PEOPLE });
        }
        let free = self
            .tables
            .iter()
            .position(|t| t.live.is_none() && t.people.len() < self.seats.len());
        let table = match free {
            Some(t) => t,
            None => {
                self.tables.push(Table {
                    people: Vec::new(),
                    live: None,
                    phase_since: Instant::now(),
                });
                self.tables.len() - 1
            }
        };
        let seat = self.seats[self.tables[table].people.len()];
        let person = self.people.len();
        self.people.push(Person {
            name,
            secret,
            lang,
            table,
            seat,
        });
        self.tables[table].people.push(person);
        let mut changed = Changed {
            tables: vec![table],
        };
        if self.started && self.tables[table].people.len() == self.seats.len() {
            self.start_table(table)?;
            changed.tables = vec![table];
        }
        Ok((person, changed))
    }

    /// The person holding `secret`, if any.
    pub fn person_with(&self, secret: &str) -> Option<usize> {
        self.people.iter().position(|p| p.secret == secret)
    }

    /// The trainer starts every table with at least one person.
    pub fn start(&mut self) -> Result<Changed> {
        self.started = true;
        let mut changed = Changed::default();
        for t in 0..self.tables.len() {
            if self.tables[t].live.is_none() && !self.tables[t].people.is_empty() {
                self.start_table(t)?;
                changed.tables.push(t);
            }
        }
        Ok(changed)
    }

    fn start_table(&mut self, t: usize) -> Result<()> {
        let seats: Vec<usize> = self.tables[t]
            .people
            .iter()
            .map(|&p| self.people[p].seat)
            .collect();
        self.tables[t].live = Some(LiveTable::new(
            self.case.clone(),
            self.culture.clone(),
            self.config.seed + t as u64,
            self.config.deadline,
            &seats,
        )?);
        self.tables[t].phase_since = Instant::now();
        Ok(())
    }

    /// The table of a person, started.
    fn live_of(&mut self, person: usize) -> refused::Result<(usize, &mut LiveTable)> {
        let t = self.people[person].table;
        let table = &mut self.tables[t];
        match table.live.as_mut() {
            Some(live) => Ok((t, live)),
            None => Err(Refused::NotStarted),
        }
    }

    /// A person's moves for the round.
    pub fn act(&mut self, person: usize, round: u32, moves: Moves) -> refused::Result<Changed> {
        let seat = self.people[person].seat;
        let (t, live) = self.live_of(person)?;
        // A seat handed over is told so, whatever the round.
        live.check_person(seat)?;
        match live.snapshot().phase {
            Phase::Move(now) if now == round => {}
            Phase::Ended => return Err(Refused::Over),
            _ => return Err(Refused::NotWaitingForMove { round }),
        }
        live.act(seat, moves)?;
        self.phase_moved(t, Phase::Move(round));
        Ok(Changed { tables: vec![t] })
    }

    /// A person's responses to the packages on the table.
    pub fn respond(
        &mut self,
        person: usize,
        round: u32,
        responses: engine::Responses,
    ) -> refused::Result<Changed> {
        let seat = self.people[person].seat;
        let (t, live) = self.live_of(person)?;
        live.check_person(seat)?;
        match live.snapshot().phase {
            Phase::Respond(now) if now == round => {}
            Phase::Ended => return Err(Refused::Over),
            _ => return Err(Refused::NotWaitingForAnswer { round }),
        }
        live.respond(seat, responses)?;
        self.phase_moved(t, Phase::Respond(round));
        Ok(Changed { tables: vec![t] })
    }

    /// Restarts table `t`'s clock for the round if its phase moved on from `before`.
    fn phase_moved(&mut self, t: usize, before: Phase) {
        let table = &mut self.tables[t];
        if table.live.as_ref().map(|l| l.snapshot().phase) != Some(before) {
            table.phase_since = Instant::now();
        }
    }

    /// The trainer hands a person's seat to a simulated stakeholder.
    pub fn hand_over(&mut self, table: usize, seat: usize) -> refused::Result<Changed> {
        if seat >= self.case.n {
            return Err(Refused::NoSeatAtTable {
                table: table.wrapping_add(1),
                seat: seat.wrapping_add(1),
            });
        }
        let t = self.tables.get_mut(table).ok_or(Refused::NoTable {
            table: table.wrapping_add(1),
        })?;
        let live = t.live.as_mut().ok_or(Refused::TableNotStarted {
            table: table.wrapping_add(1),
        })?;
        live.hand_over(seat)?;
        t.phase_since = Instant::now();
        Ok(Changed {
            tables: vec![table],
        })
    }

    /// Plays the moves of people whose time per round ran out and who have not acted: their
    /// last package stays on the table, and they accept nothing.
    pub fn time_up(&mut self, now: Instant) -> Result<Changed> {
        let Some(minutes) = self.config.minutes_per_round else {
            return Ok(Changed::default());
        };
        let limit = Duration::from_secs_f64(minutes * 60.0);
        let mut changed = Changed::default();
        for t in 0..self.tables.len() {
            let table = &mut self.tables[t];
            let Some(live) = table.live.as_mut() else {
                continue;
            };
            if live.snapshot().phase == Phase::Ended
                || now.duration_since(table.phase_since) < limit
            {
                continue;
            }
            live.time_up()?;
            table.phase_since = now;
            changed.tables.push(t);
        }
        Ok(changed)
    }
}

/// The stakeholder keys of a case, for hints.
fn keys(case: &PreparedCase) -> String {
    case.case
        .stakeholders
        .iter()
        .map(|s| s.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A name as it will be shown: trimmed, one line, not empty, not too long, and not one a
/// spreadsheet would run as a formula: names go into the trainer's CSV download, and
/// negsim refuses such names rather than change them in the output (see
/// [`crate::model::name`]).
pub fn check_name(name: &str) -> refused::Result<String> {
    let name: String = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if name.is_empty() {
        return Err(Refused::NameMissing);
    }
    if name.chars().count() > MAX_NAME {
        return Err(Refused::NameTooLong { max: MAX_NAME });
    }
    if let Some(first) = name
        .chars()
        .next()
        .filter(|c| crate::model::name::FORMULA_STARTS.contains(c))
    {
        return Err(Refused::NameFormula { first });
    }
    Ok(name)
}

/// A fresh session code, e.g. `K7QMX`.
pub fn new_code() -> String {
    use rand::RngExt;
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// A fresh secret: 128 random bits as hex.
pub fn new_secret() -> String {
    use rand::RngExt;
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The deadline a class may set, for the page.
pub const MAX_DEADLINE: u32 = MAX_DEMO_DEADLINE;
