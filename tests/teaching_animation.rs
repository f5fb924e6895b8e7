//! The animated GIF of the negotiation dance: one frame per round plus a hold at the end,
//! written completely or not at all.

use negsim::experiment::library::Library;
use negsim::model::label::Lang;
use negsim::teaching::demo::{DemoOptions, demo};
use negsim::teaching::replay_code::ReplayCode;
use std::path::Path;

fn frames(path: &Path) -> (u16, u16, usize) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options
        .read_info(std::fs::File::open(path).unwrap())
        .unwrap();
    let (w, h) = (decoder.width(), decoder.height());
    let mut count = 0;
    while decoder.read_next_frame().unwrap().is_some() {
        count += 1;
    }
    (w, h, count)
}

fn animate(code: &str, lang: Lang, path: &Path) -> usize {
    let library = Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    );
    let code = ReplayCode::parse(code).unwrap();
    let options = DemoOptions {
        lang,
        pace: None,
        gif: Some(path.to_path_buf()),
    };
    let shown = demo(&library, &code, &options, &mut std::io::sink()).unwrap();
    shown.played.iter().map(|p| p.outcome.rounds).max().unwrap() as usize
}

#[test]
fn a_two_party_comparison_is_two_panels_with_a_frame_per_round() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dance.gif");
    let rounds = animate(
        "job-offer:collaborative,positional:s42:d30",
        Lang::En,
        &path,
    );
    let (w, h, n) = frames(&path);
    assert_eq!((w, h), (1280, 560));
    assert_eq!(n, rounds + 5);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the finished GIF remains");
}

#[test]
fn a_multi_party_process_is_animated_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("park.gif");
    let rounds = animate("park-redesign:mixed:s8:d20", Lang::Nl, &path);
    let (w, _, n) = frames(&path);
    assert_eq!(w, 640);
    assert_eq!(n, rounds + 5);
}

#[test]
fn a_missing_folder_is_a_clear_input_error() {
    let library = Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    );
    let code = ReplayCode::parse("job-offer:collaborative:s1:d10").unwrap();
    let options = DemoOptions {
        lang: Lang::En,
        pace: None,
        gif: Some("no/such/folder/x.gif".into()),
    };
    let e = demo(&library, &code, &options, &mut std::io::sink()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.message.contains("does not exist"));
}
