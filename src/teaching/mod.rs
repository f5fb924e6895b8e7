//! Teaching: negotiations narrated for a class in English and Dutch, cultures side by side
//! with the same people, replay codes and forks ("what if the works council had been more
//! open from round 3?"), an animated GIF of the negotiation dance, and a seat for a person.
//!
//! Everything here reads what the simulation records (the transcript and metrics); only the
//! fork and the person's seat act on a process, through [`crate::protocol::intervene`].
//!
//! - [`catalogue`]: every sentence in both languages (`narration.toml`)
//! - [`narrator`], [`verdict`], [`compare`]: transcript to text
//! - [`table`]: seating a demonstration table from a case, a culture and a seed
//! - [`replay_code`], [`demo`]: `negsim demo`; [`demonstration`]: what it played
//! - [`animation`]: the GIF
//! - [`play`]: `negsim play`
//! - [`wrap`]: text wrapped to a terminal's width, for both commands
//! - [`told`]: an error told in the class's language

pub mod animation;
pub mod catalogue;
pub mod compare;
pub mod demo;
pub mod demonstration;
pub mod narrator;
pub mod play;
pub mod replay_code;
pub mod table;
pub mod told;
pub mod verdict;
pub mod wrap;
