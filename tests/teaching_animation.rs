//! The animated GIF of the negotiation dance: one frame per round plus a hold at the end,
//! written completely or not at all.

use negsim::experiment::library::Library;
use negsim::model::label::Lang;
use negsim::teaching::catalogue::Msg;
use negsim::teaching::demo::{DemoOptions, demo};
use negsim::teaching::demonstration::fork_words;
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
    let code = ReplayCode::parse(code, Lang::En).unwrap();
    let options = DemoOptions {
        lang,
        pace: None,
        gif: Some(path.to_path_buf()),
        ..DemoOptions::default()
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

/// The columns of the first frame in which at least 100 pixels are mid grey: vertical lines
/// such as the fork's marker (the grid is lighter, the axes black, text too short).
fn grey_columns(path: &Path) -> Vec<usize> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(path).unwrap())
        .unwrap();
    let frame = decoder.read_next_frame().unwrap().unwrap();
    let (w, h) = (usize::from(frame.width), usize::from(frame.height));
    let pixel = |x: usize, y: usize| {
        let i = 4 * (y * w + x);
        (frame.buffer[i], frame.buffer[i + 1], frame.buffer[i + 2])
    };
    let grey =
        |(r, g, b): (u8, u8, u8)| r.abs_diff(g) < 8 && g.abs_diff(b) < 8 && (60..=130).contains(&r);
    (0..w)
        .filter(|&x| (0..h).filter(|&y| grey(pixel(x, y))).count() >= 100)
        .collect()
}

#[test]
fn a_fork_is_marked_in_both_panels_and_told_in_the_forks() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, forked) = (dir.path().join("plain.gif"), dir.path().join("fork.gif"));
    animate("park-redesign:mixed:s8:d20", Lang::En, &plain);
    animate(
        "park-redesign:mixed:s8:d20:f4:council.openness=0.9",
        Lang::En,
        &forked,
    );
    assert!(grey_columns(&plain).is_empty(), "no marker without a fork");
    let marked = grey_columns(&forked);
    assert!(marked.iter().any(|&x| x < 640), "original: {marked:?}");
    assert!(marked.iter().any(|&x| x >= 640), "fork: {marked:?}");
    // The same round in both panels: the marks are one panel width apart.
    assert!(marked.iter().all(|x| marked.contains(&((x + 640) % 1280))));

    let library = Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    );
    let code = ReplayCode::parse(
        "park-redesign:mixed:s8:d20:f4:council.openness=0.9",
        Lang::En,
    )
    .unwrap();
    let shown = negsim::teaching::demo::play_code(&library, &code, Lang::En).unwrap();
    let fork = shown.fork.expect("a fork");
    assert_eq!((fork.round, fork.value), (4, 0.9));
    for (lang, note) in [
        (
            Lang::En,
            "From round 4: the council has openness 0.90 instead of ",
        ),
        (
            Lang::Nl,
            "Vanaf ronde 4: de gemeente heeft openheid 0,90 in plaats van ",
        ),
    ] {
        let speak = negsim::teaching::catalogue::Speaker::new(lang);
        let words = fork_words(Msg::AnimFork, &shown.played[0], &fork, speak);
        assert!(words.starts_with(note), "{words}");
    }
}

#[test]
fn a_missing_folder_is_a_clear_input_error() {
    let library = Library::near(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("negsim")
            .as_path(),
    );
    let code = ReplayCode::parse("job-offer:collaborative:s1:d10", Lang::En).unwrap();
    let options = DemoOptions {
        lang: Lang::En,
        pace: None,
        gif: Some("no/such/folder/x.gif".into()),
        ..DemoOptions::default()
    };
    let e = demo(&library, &code, &options, &mut std::io::sink()).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.message.contains("does not exist"));
}

/// Each frame's delay (hundredths of a second) and, per frame as shown (frames hold only
/// what changed, so they are laid over the picture before), how many pixels of the top strip
/// (`strip` rows) have a colour `hue` accepts (GIF palettes shift colours, so a hue, not a
/// value).
fn delays_and_strip(path: &Path, strip: usize, hue: fn(u8, u8, u8) -> bool) -> Vec<(u16, usize)> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(path).unwrap())
        .unwrap();
    let (w, h) = (usize::from(decoder.width()), usize::from(decoder.height()));
    let mut canvas = vec![255u8; 4 * w * h];
    let mut out = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        let (left, top) = (usize::from(frame.left), usize::from(frame.top));
        let fw = usize::from(frame.width);
        for y in 0..usize::from(frame.height) {
            for x in 0..fw {
                let from = 4 * (y * fw + x);
                if frame.buffer[from + 3] == 0 {
                    continue;
                }
                let to = 4 * ((top + y) * w + left + x);
                canvas[to..to + 4].copy_from_slice(&frame.buffer[from..from + 4]);
            }
        }
        let near = |i: usize| hue(canvas[i], canvas[i + 1], canvas[i + 2]);
        let count = (0..w * strip.min(h)).filter(|p| near(4 * p)).count();
        out.push((frame.delay, count));
    }
    out
}

#[test]
fn the_last_frame_holds_three_seconds_and_shows_the_worlds_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dance.gif");
    // Collaborative: an agreement worth 85 to the world, above the 70 the case asks.
    let rounds = animate("job-offer:collaborative:s1:d30", Lang::En, &path);
    // Bluish green (Okabe-Ito 0, 158, 115) and vermillion (213, 94, 0), as the palette has them.
    let green = delays_and_strip(&path, 20, |r, g, b| {
        g > 130 && u16::from(g) > u16::from(r) + 80 && u16::from(b) + 10 < u16::from(g)
    });
    let red = delays_and_strip(&path, 20, |r, g, b| {
        r > 170 && u16::from(r) > u16::from(g) + 60 && u16::from(g) > u16::from(b) + 20
    });
    assert_eq!(green.len(), rounds + 5);
    let held: u32 = green[rounds - 1..].iter().map(|f| u32::from(f.0)).sum();
    assert!(
        held >= 300,
        "the final state shows {held} hundredths of a second"
    );
    // The world's value is written at the top of the final frames, in green (it clears).
    assert!(green.last().unwrap().1 > 30, "{green:?}");
    // Round 2's package closest to a deal gives the world 49: written in vermillion.
    assert!(
        red[1].1 > 30 && green[1].1 == 0,
        "{:?} {:?}",
        red[1],
        green[1]
    );
}
