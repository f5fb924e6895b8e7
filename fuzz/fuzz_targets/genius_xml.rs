//! A GENIUS scenario, as `negsim import genius` reads it: the input is the domain file and
//! the profile files, separated by NUL bytes; imported into a case (validated), which is
//! prepared and described.
#![no_main]

mod cap;

#[global_allocator]
static ALLOCATOR: cap::Capped = cap::Capped;

use libfuzzer_sys::fuzz_target;
use negsim::interop::genius::import_texts;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let domain = (
        PathBuf::from("domain.xml"),
        parts.next().unwrap_or("").to_string(),
    );
    let profiles: Vec<(PathBuf, String)> = parts
        .enumerate()
        .map(|(i, p)| (PathBuf::from(format!("profile-{i}.xml")), p.to_string()))
        .collect();
    if let Ok(case) = import_texts(Path::new("fuzz"), &domain, &profiles) {
        let _ = negsim::cli::check::describe_case(&case);
    }
});
