//! An experiment file, as `negsim check` reads it: parsed, checked, and planned (cases and
//! cultures resolved and prepared) when it asks for at most 1,000 cells. Planning takes time
//! in proportion to the cells an experiment asks for (up to 1,000,000, the documented limit,
//! about two minutes); planning only small ones keeps a slow input a finding, not a large
//! experiment.
#![no_main]

mod cap;

#[global_allocator]
static ALLOCATOR: cap::Capped = cap::Capped;

use libfuzzer_sys::fuzz_target;
use negsim::experiment::file::ExperimentFile;
use negsim::experiment::library::Library;
use negsim::experiment::plan::Plan;
use negsim::source::Source;

/// Most cells planned per input.
const CELLS: usize = 1_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = ExperimentFile::parse(Source::from_text("fuzz.toml", text)) else {
        return;
    };
    if file.points().saturating_mul(file.conditions.len()) > CELLS {
        return;
    }
    let library = Library::near(&file.source.path);
    if let Ok(plan) = Plan::build_with(file, None, Some(library)) {
        let _ = negsim::cli::check::describe_plan(&plan);
    }
});
