//! # negsim
//!
//! A multi-agent negotiation simulator. Stakeholders with interests (what they want, how much)
//! and mindset traits (openness, empathy, concession willingness and more) negotiate in rounds,
//! alone or with a facilitator, in pairs and in multi-party participation processes. Every
//! process is logged so that experiments can compare collaborative ("win-win-win") and
//! positional cultures and the levers an organisation can pull.
//!
//! Data flows one way: config -> plan -> one world per process -> round systems -> transcript
//! and records -> writers (CSV, manifest) -> charts, report, narration. The modules are layers,
//! listed from the top; each imports only those below it.
//!
//! - [`cli`]: one module per command: parse, call the library, map errors to exit codes
//! - [`studio`]: `negsim studio`, the classroom in the browser (web server, sessions, pages)
//! - [`teaching`]: narration (en, nl), comparisons, replay codes and forks, the GIF, a seat for
//!   a person
//! - [`charts`]: charts (PNG, SVG) and the report page of a finished run, read from its files
//! - [`organisation`]: populations over cycles, the five levers, the organisation runner
//! - [`validation`]: published findings reproduced as experiments, with a validation report
//! - [`bench`](mod@bench): benchmarks of NegMAS parity and speed, engine speed and scaling
//! - [`experiment`]: experiment files, plans (conditions x sweep x replications), one process
//!   simulated, the parallel runner, provenance, statistics, merge and replay, sensitivity
//!   analysis (Morris, Sobol')
//! - [`output`]: CSV rows and headers, manifest and journal, atomic files created without
//!   following links, fault points for the crash tests
//! - [`record`]: process records, the registry of columns and metrics, recorded transcripts
//! - [`metrics`]: per-process metrics, exact by search over issues at any size, and the
//!   outcome space (Pareto frontier, Nash point) for the views that draw it
//! - [`protocol`]: the round as bevy_ecs systems, classic tactics under alternating offers, the
//!   transcript and its reader, a table played step by step, and the plug-in point for
//!   strategies of your own ([`protocol::strategy`]: implement
//!   [`protocol::strategy::Strategy`], [`protocol::strategy::register`] it by name, name it in
//!   an experiment file as a tactic; `examples/custom_strategy.rs` runs one; a binary that
//!   registers strategies and calls [`cli::main`] is the whole tool with them,
//!   `examples/own_binary.rs`)
//! - [`interop`]: scenarios from and for other platforms (GENIUS / ANAC XML)
//! - [`text`]: wording shared by the command line, charts and report
//! - [`model`]: cases, traits, cultures, organisations (the nouns of docs/model.md)
//! - [`error`], [`fault`], [`source`], [`rng`], [`stop`], [`program`]: errors for people
//!   (and a config file's faults in parts, for commands that tell them in another language),
//!   config sources read safely with line numbers, random streams, requests to stop
//!   (signals), the name the tool was started by (for the commands a message suggests)

// Every public item says what it is for.
#![warn(missing_docs)]
// ECS systems take their data as parameters, and numerical code indexes parallel arrays.
#![allow(
    clippy::too_many_arguments,
    clippy::type_complexity,
    clippy::needless_range_loop
)]

pub mod bench;
pub mod charts;
pub mod cli;
pub mod error;
pub mod experiment;
pub mod fault;
pub mod interop;
pub mod metrics;
pub mod model;
pub mod organisation;
pub mod output;
pub mod program;
pub mod protocol;
pub mod record;
pub mod rng;
pub mod source;
pub mod stop;
pub mod studio;
pub mod teaching;
pub mod text;
pub mod validation;
