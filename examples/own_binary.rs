//! negsim's own command line in a binary of your own, with a strategy of your own among its
//! tactics: register it, then hand over to [`negsim::cli::main`]. Every command knows it by
//! name: `run` and `check` in experiment files, `demo`, `play` and `studio` in a culture
//! file's `tactic`.
//!
//! ```sh
//! cargo run --example own_binary -- --help
//! # negotiate in the terminal against a stubborn manager (the culture names "stubborn"):
//! cargo run --example own_binary -- play job-offer --seat candidate --culture examples/cultures/stubborn.toml
//! # an experiment file naming it: stakeholders.<key>.tactic = "stubborn"
//! cargo run --example own_binary -- run my-experiment.toml
//! ```
//!
//! The studio (`own_binary -- studio`) offers the cultures in `configs/cultures/` of the folder
//! it starts in: a culture file naming `tactic = "stubborn"` there seats the strategy at its
//! tables. In a crate of your own this file is `src/main.rs`, with negsim as a dependency.

use negsim::protocol::strategy::{self, Observation, Strategy};
use negsim::rng::Stream;

/// Holds out for its best package and accepts nothing less (nothing below its BATNA either).
struct Stubborn;

impl Strategy for Stubborn {
    fn respond(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
        o.offer_utility
            .is_some_and(|u| u >= o.best_utility && u >= o.batna)
    }

    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility, package);
    }
}

fn main() {
    if let Err(e) = strategy::register("stubborn", |_seat| Box::new(Stubborn)) {
        std::process::exit(negsim::cli::report(&e));
    }
    std::process::exit(negsim::cli::main());
}
