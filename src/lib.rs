//! # negsim
//!
//! A multi-agent negotiation simulator. Stakeholders with interests (what they want, how much)
//! and mindset traits (openness, empathy, concession willingness and more) negotiate in rounds,
//! alone or with a facilitator, in pairs and in multi-party participation processes. Every
//! process is logged so that experiments can compare collaborative ("win-win-win") and
//! positional cultures and the levers an organisation can pull.
//!
//! Data flows one way: config -> world -> systems -> records -> writers and charts.
//!
//! - [`model`]: cases, traits, cultures (the nouns of MODEL.md)
//! - [`protocol`]: the round as bevy_ecs systems, classic tactics under alternating offers
//! - [`metrics`]: outcome space (Pareto, Nash) and per-process metrics
//! - [`experiment`]: config files, plans (conditions x sweep x replications), the runner,
//!   sensitivity analysis
//! - [`output`]: records and writers (CSV, manifest)
//! - [`charts`]: charts (PNG, SVG) and the report page of a finished run
//! - [`interop`]: scenarios from and for other platforms (GENIUS / ANAC XML)
//! - [`validation`]: published findings reproduced as experiments, with a validation report
//! - [`bench`](mod@bench): benchmarks of NegMAS parity and speed, engine speed and scaling
//! - [`studio`]: `negsim studio`, the classroom in the browser (web server, sessions, pages)
//! - [`text`]: wording shared by the command line, charts and report

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
pub mod interop;
pub mod metrics;
pub mod model;
pub mod organisation;
pub mod output;
pub mod protocol;
pub mod record;
pub mod rng;
pub mod source;
pub mod studio;
pub mod teaching;
pub mod text;
pub mod validation;
