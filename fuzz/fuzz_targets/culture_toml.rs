//! A culture file, as `negsim check` reads it: parsed, validated and described; people are
//! drawn from it.
#![no_main]

mod cap;

#[global_allocator]
static ALLOCATOR: cap::Capped = cap::Capped;

use libfuzzer_sys::fuzz_target;
use negsim::experiment::library::load_culture;
use negsim::rng::{Purpose, StreamKey};
use negsim::source::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(culture) = load_culture(&Source::from_text("fuzz.toml", text), "fuzz") {
        let _ = negsim::cli::check::describe_culture(&culture);
        let mut stream = StreamKey::new(1, 0).stream(Purpose::Traits, 0);
        let traits = culture.traits.draw(&mut stream);
        assert!(traits.to_array().iter().all(|t| (0.0..=1.0).contains(t)));
    }
});
