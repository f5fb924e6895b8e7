//! A case file, as `negsim check` reads it: parsed, validated, prepared (its outcome space:
//! Pareto frontier, Nash point) and described.
#![no_main]

mod cap;

#[global_allocator]
static ALLOCATOR: cap::Capped = cap::Capped;

use libfuzzer_sys::fuzz_target;
use negsim::experiment::library::load_case;
use negsim::source::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(case) = load_case(&Source::from_text("fuzz.toml", text), "fuzz") {
        let _ = negsim::cli::check::describe_case(&case);
    }
});
