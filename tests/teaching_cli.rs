//! Bad input to `negsim demo` and `negsim play`: a clear message and exit code 2, never a
//! panic. And a plain demo through the binary.

use std::process::Command;

fn negsim(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn fails(args: &[&str], expected: &[&str]) {
    let (code, _, err) = negsim(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    for e in expected {
        assert!(err.contains(e), "{args:?}: expected {e:?} in {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unknown_case_culture_or_language() {
    fails(
        &["demo", "job-ofer", "--culture", "collaborative"],
        &["unknown case `job-ofer`", "did you mean `job-offer`"],
    );
    fails(
        &["demo", "job-offer", "--culture", "colaborative"],
        &["unknown culture", "did you mean `collaborative`"],
    );
    fails(
        &[
            "demo",
            "job-offer",
            "--culture",
            "collaborative",
            "--lang",
            "fr",
        ],
        &["unknown language `fr`", "--lang nl"],
    );
    fails(
        &["play", "job-offer", "--seat", "candidate", "--lang", "de"],
        &["unknown language `de`"],
    );
    fails(
        &["demo", "job-offer", "--compare", "collaborative,"],
        &["--compare"],
    );
    // A comparison that would compare nothing, and an empty culture blamed on its own flag.
    fails(
        &["demo", "job-offer", "--compare", "collaborative"],
        &[
            "--compare needs two or more cultures",
            "e.g. --compare collaborative,positional",
            "--culture collaborative",
        ],
    );
    // The suggestion for positional alone is not positional twice, which is refused.
    fails(
        &["demo", "job-offer", "--compare", "positional"],
        &["e.g. --compare positional,collaborative"],
    );
    fails(
        &["demo", "job-offer", "--compare", "mixed,mixed"],
        &["--compare names `mixed` twice"],
    );
    fails(
        &["demo", "job-offer", "--culture", ""],
        &["key `--culture`", "--culture needs a culture name"],
    );
}

#[test]
fn unknown_stakeholder_or_trait() {
    fails(
        &["play", "job-offer", "--seat", "candidat"],
        &["no stakeholder `candidat`", "did you mean `candidate`"],
    );
    fails(
        &[
            "demo",
            "--replay",
            "job-offer:positional:s1:d30",
            "--fork-at",
            "2",
            "--set",
            "boss.openness=0.9",
        ],
        &[
            "no stakeholder `boss`",
            "type a stakeholder's key or name: candidate for Sam (candidate), manager for Robin (hiring manager)",
        ],
    );
    fails(
        &[
            "demo",
            "--replay",
            "job-offer:positional:s1:d30",
            "--fork-at",
            "2",
            "--set",
            "manager.kindness=0.9",
        ],
        &["unknown trait `kindness`", "the traits are"],
    );
    fails(
        &[
            "demo",
            "--replay",
            "job-offer:positional:s1:d30",
            "--fork-at",
            "2",
            "--set",
            "manager.openness=2",
        ],
        &["between 0 and 1"],
    );
}

#[test]
fn a_fork_takes_the_stakeholder_and_trait_as_the_dutch_narration_names_them() {
    // "heeft de ondernemingsraad openheid 0,90", typed back; the code keeps the keys.
    let (code, out, err) = negsim(&[
        "demo",
        "--replay",
        "office-reorganisation:positional:s3:d12",
        "--fork-at",
        "3",
        "--set",
        "ondernemingsraad.openheid=0,9",
        "--lang",
        "NL",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "Herhaalcode: office-reorganisation:positional:s3:d12:f3:works-council.openness=0.9"
        ),
        "{out}"
    );
    assert!(
        out.contains("*** Het wat-als-scenario: vanaf ronde 3"),
        "{out}"
    );
}

#[test]
fn rounds_beyond_the_deadline_or_the_process() {
    fails(
        &[
            "demo",
            "--replay",
            "job-offer:positional:s1:d30",
            "--fork-at",
            "31",
            "--set",
            "manager.openness=0.9",
        ],
        &["round 31 is beyond the process", "rounds 1 to 30"],
    );
    fails(
        &[
            "demo",
            "--replay",
            "job-offer:collaborative:s42:d30",
            "--fork-at",
            "25",
            "--set",
            "manager.openness=0.9",
        ],
        &["ended in round 19", "no round 25"],
    );
    fails(
        &[
            "demo",
            "job-offer",
            "--culture",
            "collaborative",
            "--deadline",
            "0",
        ],
        &["deadline must be between 1"],
    );
    fails(
        &[
            "play",
            "job-offer",
            "--seat",
            "manager",
            "--deadline",
            "5000",
        ],
        &["deadline must be between 1"],
    );
}

#[test]
fn bad_replay_codes_and_flags() {
    fails(
        &["demo", "--replay", "job-offer-collaborative-42"],
        &["not a replay code", "CASE:CULTURE:sSEED:dDEADLINE"],
    );
    fails(
        &[
            "demo",
            "--replay",
            "job-offer:collaborative,positional:s1:d30",
            "--fork-at",
            "2",
            "--set",
            "manager.openness=0.5",
        ],
        &["a fork changes one process"],
    );
    fails(
        &[
            "demo",
            "job-offer",
            "--culture",
            "collaborative",
            "--pace",
            "-1",
        ],
        &["--pace"],
    );
    // clap's own usage errors also exit with 2. Without a culture, all three ways to say what
    // to play are named, and the usage lines show the case and the fork as they are used.
    fails(
        &["demo", "job-offer"],
        &[
            "--culture <CULTURE>|--compare <A,B[,...]>|--replay <CODE>",
            "Usage: negsim demo <CASE> --culture <CULTURE> [OPTIONS]\n       \
             negsim demo <CASE> --compare <A,B[,...]> [OPTIONS]\n       \
             negsim demo --replay <CODE> [--fork-at <ROUND> --set <SETTING>] [OPTIONS]\n",
        ],
    );
    fails(
        &["demo", "job-offer", "--culture", "collaborative,positional"],
        &[
            "--culture takes one culture, not 2",
            "to compare them: --compare collaborative,positional",
        ],
    );
    fails(
        &[
            "demo",
            "--fork-at",
            "3",
            "--replay",
            "job-offer:positional:s1:d30",
        ],
        &["--set"],
    );
}

#[test]
fn a_demo_prints_a_narration_and_a_replay_code_that_reproduces_it() {
    let (code, out, err) = negsim(&[
        "demo",
        "sprint-planning",
        "--culture",
        "mixed",
        "--seed",
        "7",
        "--deadline",
        "15",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Round 1"));
    assert!(out.contains("Verdict"));
    let replay = out
        .lines()
        .find_map(|l| l.strip_prefix("Replay code: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    assert_eq!(replay, "sprint-planning:mixed:s7:d15");
    let (code, again, _) = negsim(&["demo", "--replay", &replay]);
    assert_eq!(code, 0);
    assert_eq!(out, again);
}

fn replay_code_of(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("Replay code: "))
        .and_then(|l| l.split("   (").next())
        .unwrap()
        .to_string()
}

#[test]
fn a_gif_into_an_existing_folder_is_refused_before_anything_is_played() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = negsim(&[
        "demo",
        "job-offer",
        "--culture",
        "mixed",
        "--gif",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--gif"), "{err}");
    assert!(err.contains("it is a folder"), "{err}");
    assert!(err.contains("hint: give a file name"), "{err}");
    assert!(out.is_empty(), "nothing is played: {out}");
    // A file where a folder should be.
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "keep me").unwrap();
    fails(
        &[
            "demo",
            "job-offer",
            "--culture",
            "mixed",
            "--gif",
            file.join("demo.gif").to_str().unwrap(),
        ],
        &["is a file, not a folder", "hint:"],
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no .partial file is left");
    let parent = dir.path().parent().unwrap();
    let partial = format!(
        "{}.partial",
        dir.path().file_name().unwrap().to_string_lossy()
    );
    assert!(!parent.join(partial).exists(), "no .partial file is left");
}

#[test]
fn every_printed_replay_code_replays_the_same_demonstration() {
    // A case path with `:` (as every Windows path has) and a stakeholder key with `:`.
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("a:b");
    std::fs::create_dir_all(&cases).unwrap();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cases/job-offer.toml"),
    )
    .unwrap()
    .replace(r#"key = "manager""#, r#"key = "hr:manager""#);
    let case = cases.join("x.toml");
    std::fs::write(&case, text).unwrap();
    let case = case.to_str().unwrap();
    for args in [
        vec!["demo", case, "--culture", "mixed", "--deadline", "12"],
        vec![
            "demo",
            case,
            "--culture",
            "positional",
            "--seed",
            "3",
            "--deadline",
            "12",
            "--fork-at",
            "2",
            "--set",
            "hr:manager.openness=1",
        ],
    ] {
        let (code, out, err) = negsim(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let replay = replay_code_of(&out);
        assert!(replay.starts_with(case), "{replay}");
        let (code, again, err) = negsim(&["demo", "--replay", &replay]);
        assert_eq!(code, 0, "{replay}: {err}");
        assert_eq!(out, again, "{replay}");
    }
}

#[test]
fn faults_in_a_replay_code_are_blamed_on_the_code() {
    for (replay, part) in [
        ("job-offer:collaborative:s1:d0", "`d0`"),
        (
            "job-offer:collaborative,positional,mixed,collaborative,positional:s1:d30",
            "names 5 cultures",
        ),
        ("job-offer:positional:s1:d30:f0:manager.openness=1", "`f0`"),
        (
            "job-offer:positional:s1:d30:f2:boss.openness=1",
            "no stakeholder `boss`",
        ),
        (
            "job-offer:collaborative:s42:d30:f25:manager.openness=0.9",
            "no round 25",
        ),
    ] {
        let (code, _, err) = negsim(&["demo", "--replay", replay]);
        assert_eq!(code, 2, "{replay}: {err}");
        assert!(err.contains("key `--replay`"), "{replay}: {err}");
        assert!(err.contains(replay), "{replay}: {err}");
        assert!(err.contains(part), "{replay}: {err}");
        assert!(err.contains("hint:"), "{replay}: {err}");
        for flag in ["--deadline", "--compare", "--fork-at", "--set"] {
            assert!(!err.contains(flag), "{replay}: {err}");
        }
    }
}

#[test]
fn a_local_case_that_differs_from_the_bundled_one_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("configs").join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    let bundled = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cases/job-offer.toml"),
    )
    .unwrap();
    let demo = || {
        let output = Command::new(env!("CARGO_BIN_EXE_negsim"))
            .args(["demo", "job-offer", "--culture", "mixed", "--pace", "0"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    // A copy of the bundled case, even with Windows line endings, is the bundled case.
    std::fs::write(cases.join("job-offer.toml"), bundled.replace('\n', "\r\n")).unwrap();
    assert!(!demo().contains("note:"));
    std::fs::write(
        cases.join("job-offer.toml"),
        format!("{bundled}\n# edited\n"),
    )
    .unwrap();
    let note = demo();
    assert!(
        note.contains("note: `job-offer` is read from") && note.contains("differs from the case"),
        "{note}"
    );
}

#[test]
fn a_comparison_of_three_cultures_fits_eighty_columns_as_a_table() {
    let (code, out, err) = negsim(&[
        "demo",
        "park-redesign",
        "--compare",
        "positional,positional-facilitated,collaborative",
        "--seed",
        "15",
        "--width",
        "80",
    ]);
    assert_eq!(code, 0, "{err}");
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Side by side"))
        .take_while(|l| !l.is_empty())
        .collect();
    // Every line of the narration and the table within the width; the replay code is a
    // command to copy and is never broken.
    for line in out.lines().filter(|l| !l.starts_with("Replay code: ")) {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    // The long name stacked over its column; every row of results on one line, its values
    // in the columns of the last header line.
    let header = table
        .iter()
        .position(|l| l.trim_start() == "positional,")
        .unwrap();
    assert!(
        table[header + 1]
            .trim_start()
            .starts_with("positional  facilitated  collaborative")
    );
    let agreement = table[header + 2];
    assert!(agreement.starts_with("Agreement"), "{table:#?}");
    let columns = |line: &str| line.split("  ").filter(|c| !c.trim().is_empty()).count();
    for row in &table[header + 2..] {
        assert_eq!(columns(row), 4, "{row:?} in {table:#?}");
    }
}

#[test]
fn a_side_by_side_title_that_wraps_is_coloured_on_every_line() {
    let (code, out, err) = negsim(&[
        "demo",
        "park-redesign",
        "--compare",
        "positional,collaborative",
        "--seed",
        "15",
        "--width",
        "40",
        "--color",
        "always",
    ]);
    assert_eq!(code, 0, "{err}");
    let bold_cyan = "\u{1b}[1m\u{1b}[36m";
    let title: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("Side by side"))
        .take_while(|l| !l.starts_with('-'))
        .collect();
    // The title is too long for 40 columns: it wraps, and each of its lines stands out.
    assert!(title.len() > 1, "{out}");
    for line in &title {
        assert!(
            line.starts_with(bold_cyan) && line.ends_with("\u{1b}[0m"),
            "{line:?}"
        );
    }
    // The rule under it and the rows are not coloured.
    let after: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with('-'))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(after.len() > 3, "{out}");
    assert!(after.iter().all(|l| !l.contains('\u{1b}')), "{after:#?}");
}

#[test]
fn a_width_too_narrow_to_read_is_refused_with_the_narrowest_one_can_ask() {
    for command in [
        &["demo", "job-offer", "--culture", "collaborative"][..],
        &["play", "job-offer", "--seat", "candidate"][..],
    ] {
        for (width, said) in [
            (
                "5",
                "5 columns is too narrow to read: give 20 or more (0: do not wrap)",
            ),
            ("-1", "`-1` is not a number of columns"),
        ] {
            let args: Vec<&str> = command.iter().copied().chain(["--width", width]).collect();
            let (code, out, err) = negsim(&args);
            assert_eq!(code, 2, "{args:?}: {out}");
            assert!(err.contains(said), "{args:?}: {err}");
            assert!(out.is_empty(), "{args:?}: nothing is played: {out}");
        }
    }
    // The narrowest width asked is read, and every line keeps within it but for a word
    // longer than it.
    let (code, out, err) = negsim(&[
        "demo",
        "job-offer",
        "--culture",
        "collaborative",
        "--width",
        "20",
    ]);
    assert_eq!(code, 0, "{err}");
    for line in out
        .lines()
        .filter(|l| l.contains(' ') && !l.starts_with("Replay code: "))
    {
        assert!(line.chars().count() <= 20, "{line:?}");
    }
}

#[test]
fn a_dutch_demo_or_play_tells_its_start_up_errors_in_dutch() {
    for (args, expected) in [
        (
            &["demo", "jobb-offer", "--culture", "mixed", "--lang", "nl"][..],
            &[
                "fout: onbekende casus `jobb-offer`\n",
                "tip: bedoel je `job-offer`? Bekend: job-offer,",
            ][..],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "samenwerkend",
                "--lang",
                "NL",
            ],
            &[
                "onbekende cultuur `samenwerkend`",
                "bekende culturen: collaborative,",
            ],
        ),
        (
            &["demo", "--replay", "job-offer:mixed:x1:d30", "--lang", "nl"],
            &[
                "fout bij optie `--replay`: `job-offer:mixed:x1:d30` is geen herhaalcode: `x1` hoort een s te zijn",
                "tip: een herhaalcode ziet eruit als CASUS:CULTUUR:sSEED:dDEADLINE",
            ],
        ),
        (
            &[
                "demo",
                "--replay",
                "job-offer:mixed:s1:d30",
                "--fork-at",
                "3",
                "--set",
                "candidate.opennes=0,9",
                "--lang",
                "nl",
            ],
            &[
                "fout bij optie `--set`: onbekende eigenschap `opennes`",
                "tip: bedoel je `openness`? De eigenschappen zijn: openness,",
            ],
        ),
        (
            &[
                "demo",
                "--replay",
                "job-offer:mixed:s1:d30",
                "--fork-at",
                "3",
                "--set",
                "candidate.openness=1,5",
                "--lang",
                "nl",
            ],
            &["een eigenschap ligt tussen 0 en 1, niet op 1,5"],
        ),
        (
            &["play", "job-offer", "--seat", "Kimm", "--lang", "nl"],
            &[
                "fout bij optie `--seat`: casus `job-offer` heeft geen belanghebbende `Kimm`",
                "candidate voor Sam (kandidaat), manager voor Robin (leidinggevende)",
            ],
        ),
        (
            &[
                "play",
                "job-offer",
                "--seat",
                "sam",
                "--deadline",
                "0",
                "--lang",
                "nl",
            ],
            &["de deadline moet tussen 1 en 200 rondes liggen, niet op 0"],
        ),
        // The command-line parser's own errors, told in Dutch from their parts.
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed",
                "--sed",
                "3",
                "--lang",
                "nl",
            ],
            &[
                "negsim: fout: onbekende optie `--sed`\n  tip: bedoel je `--seed`?\n\n",
                "Gebruik: negsim demo <CASE> --culture <CULTURE> [OPTIONS]\n         negsim demo",
                "\n\nMeer uitleg: negsim demo --help\n",
            ],
        ),
        (
            &[
                "play",
                "job-offer",
                "--seat",
                "sam",
                "--lang",
                "nl",
                "--seed",
            ],
            &["fout: `--seed <SEED>` vraagt om een waarde"],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed",
                "--color",
                "blau",
                "--lang=nl",
            ],
            &[
                "fout: `blau` is geen geldige waarde voor `--color <WHEN>`",
                "tip: mogelijk zijn: auto, always, never",
            ],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed",
                "--seed",
                "zeven",
                "--lang",
                "nl",
            ],
            &["fout: `--seed <SEED>` vraagt om een geheel getal, niet `zeven`"],
        ),
        (
            &["demo", "job-offer", "--lang", "nl"],
            &[
                "fout: dit ontbreekt nog:\n  een van deze: --culture <CULTURE>, --compare <A,B[,...]>, --replay <CODE>\n",
            ],
        ),
        (
            &["play", "job-offer", "--lang", "nl"],
            &["fout: dit ontbreekt nog:\n  --seat <SEAT>\n"],
        ),
        (
            &[
                "play",
                "job-offer",
                "--seat",
                "sam",
                "--width",
                "5",
                "--lang",
                "nl",
            ],
            &["fout: 5 kolommen is te smal om te lezen: geef 20 of meer (0: niet afbreken)"],
        ),
        (
            &[
                "demo",
                "--replay",
                "job-offer:mixed:s1:d30",
                "--seed",
                "4",
                "--lang",
                "nl",
            ],
            &["fout: `--replay <CODE>` gaat niet samen met `--seed <SEED>`"],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed",
                "--culture",
                "positional",
                "--lang",
                "nl",
            ],
            &["fout: `--culture <CULTURE>` mag maar één keer"],
        ),
        // demo's own flags.
        (
            &["demo", "job-offer", "--compare", "mixed", "--lang", "nl"],
            &[
                "fout bij optie `--compare`: vergelijken vraagt om twee of meer culturen\n",
                "tip: bijvoorbeeld --compare mixed,positional, of --culture mixed voor één cultuur",
            ],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--compare",
                "mixed,mixed",
                "--lang",
                "nl",
            ],
            &["fout bij optie `--compare`: `mixed` staat er twee keer in"],
        ),
        (
            &["demo", "job-offer", "--compare", "mixed,", "--lang", "nl"],
            &["geef namen van culturen, gescheiden door komma's"],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--compare",
                "mixed,positional,collaborative,positional-facilitated,x",
                "--lang",
                "nl",
            ],
            &["vergelijk hoogstens 4 culturen naast elkaar, niet 5"],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed,positional",
                "--lang",
                "nl",
            ],
            &[
                "fout bij optie `--culture`: hier hoort één cultuur, geen 2",
                "tip: om ze te vergelijken: --compare mixed,positional",
            ],
        ),
        (
            &["demo", "job-offer", "--culture", "", "--lang", "nl"],
            &["fout bij optie `--culture`: geef de naam van een cultuur"],
        ),
        (
            &[
                "demo",
                "job-offer",
                "--culture",
                "mixed",
                "--pace",
                "60.5",
                "--lang",
                "nl",
            ],
            &[
                "fout bij optie `--pace`: het wachten per ronde ligt tussen 0 en 60 seconden, niet op 60,5",
            ],
        ),
        (
            &[
                "demo",
                "--replay",
                "job-offer:positional:s1:d30:f2:manager.openness=1",
                "--fork-at",
                "3",
                "--set",
                "manager.openness=0.5",
                "--lang",
                "nl",
            ],
            &["fout bij optie `--fork-at`: deze herhaalcode heeft al een wat-als-scenario"],
        ),
    ] {
        fails(args, expected);
        // The same mistake in English is told as before.
        let english: Vec<&str> = args
            .iter()
            .map(|a| {
                if a.eq_ignore_ascii_case("nl") {
                    "en"
                } else if *a == "--lang=nl" {
                    "--lang=en"
                } else {
                    a
                }
            })
            .collect();
        let (code, _, err) = negsim(&english);
        assert_eq!(code, 2, "{english:?}: {err}");
        for dutch in [
            "onbekende",
            "herhaalcode",
            "eigenschap",
            "belanghebbende",
            "rondes",
            "fout",
            "Meer uitleg",
            "optie",
            "Gebruik",
            "ontbreekt",
            "vraagt",
            "kolommen",
            "hoort",
            "één",
        ] {
            assert!(!err.contains(dutch), "{english:?}: {err}");
        }
    }
}

#[test]
fn the_parsers_own_errors_stay_as_they_were_in_english() {
    let (code, _, err) = negsim(&["demo", "job-offer", "--culture", "mixed", "--sed", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "error: unexpected argument '--sed' found\n\n  tip: a similar argument exists: '--seed'\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("For more information, try '--help'.\n"),
        "{err}"
    );
    // Another language than en or nl leaves the parser's English too.
    let (code, _, err) = negsim(&["demo", "job-offer", "--lang", "fr"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: the following required arguments were not provided:"),
        "{err}"
    );
}

/// A culture file with `from` replaced by `to`, in `dir`.
fn culture_file(dir: &std::path::Path, name: &str, from: &str, to: &str) -> String {
    let mixed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cultures/mixed.toml"),
    )
    .unwrap();
    assert!(mixed.contains(from), "{from}");
    let path = dir.join(name);
    std::fs::write(&path, mixed.replace(from, to)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_fault_inside_a_culture_file_is_told_in_dutch_and_as_before_in_english() {
    let dir = tempfile::tempdir().unwrap();
    for (name, from, to, dutch, english) in [
        (
            "quoted.toml",
            "disclosure = 0.5",
            "disclosure = \"0.5\"",
            "regel 18, sleutel `norms.disclosure`: hier hoort een getal, niet de tekst \"0.5\"\n  \
             tip: schrijf het getal zonder aanhalingstekens: disclosure = 0.5\n",
            "line 18, key `norms.disclosure`: invalid type: string \"0.5\", expected a number\n  \
             hint: write the number without quotes: disclosure = 0.5\n",
        ),
        (
            "unknown.toml",
            "disclosure = 0.5",
            "disclosur = 0.5",
            "regel 18, sleutel `norms.disclosur`: onbekende sleutel `disclosur`\n  \
             tip: bedoel je `disclosure`? Bekend: decision_rule, disclosure, facilitator\n",
            "line 18, key `norms.disclosur`: unknown key `disclosur`, expected one of \
             `decision_rule`, `disclosure`, `facilitator`\n  hint: did you mean `disclosure`?\n",
        ),
        (
            "syntax.toml",
            "[norms]",
            "[norms",
            "regel 16: de tabelkop is niet afgesloten: de `]` ontbreekt\n  \
             tip: sluit de tabelkop op dezelfde regel af, bijvoorbeeld [norms]\n",
            "line 16: unclosed table, expected `]`\n  \
             hint: close the table header on the same line, e.g. [experiment]\n",
        ),
        (
            "percent.toml",
            "disclosure = 0.5",
            "disclosure = 50",
            "regel 18, sleutel `norms.disclosure`: de waarde moet tussen 0 en 1 liggen, niet op 50\n  \
             tip: een fractie loopt van 0 tot 1: 50% schrijf je in het bestand als 0.5\n",
            "line 18, key `norms.disclosure`: the disclosure norm must be between 0 and 1, found 50\n  \
             hint: fractions run from 0 to 1: 50% is written 0.5\n",
        ),
        (
            "mean.toml",
            "openness = { mean = 0.50",
            "openness = { mean = 1.5",
            "regel 7, sleutel `traits.openness.mean`: de waarde moet tussen 0 en 1 liggen, niet op 1,5\n  \
             tip: 0 is niets en 1 het meest; het midden schrijf je in het bestand als 0.5\n",
            "line 7, key `traits.openness.mean`: a trait mean must be between 0 and 1, found 1.5\n  \
             hint: 0 means none and 1 the most; 0.5 lies in the middle\n",
        ),
        (
            "flag.toml",
            "facilitator = false",
            "facilitator = \"no\"",
            "regel 19, sleutel `norms.facilitator`: hier hoort true of false, niet de tekst \"no\"\n  \
             tip: schrijf true of false zonder aanhalingstekens: facilitator = false\n",
            "line 19, key `norms.facilitator`: invalid type: string \"no\", expected true or false\n  \
             hint: write true or false without quotes: facilitator = false\n",
        ),
        (
            "twice.toml",
            "disclosure = 0.5",
            "disclosure = 0.5\ndisclosure = 0.6",
            "regel 19: `disclosure` staat er twee keer in\n  tip: houd er één over",
            "line 19: `disclosure` is set twice\n  hint: keep one of the two",
        ),
        (
            "missing.toml",
            "decision_rule = \"unanimity\"\n",
            "",
            "regel 16, sleutel `norms`: de sleutel `decision_rule` ontbreekt, en die is nodig\n  \
             tip: voeg `decision_rule` toe; de bestanden in configs/ laten zien hoe\n",
            "line 16, key `norms`: missing field `decision_rule`\n",
        ),
    ] {
        let path = culture_file(dir.path(), name, from, to);
        let (code, out, err) = negsim(&["demo", "job-offer", "--culture", &path, "--lang", "nl"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert!(
            err.starts_with(&format!("negsim: fout in {path}, {dutch}")),
            "{name}: {err}"
        );
        let (code, _, err) = negsim(&["demo", "job-offer", "--culture", &path]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.starts_with(&format!("negsim: error in {path}, {english}")),
            "{name}: {err}"
        );
        // `play` tells the same fault in the same words.
        let (_, _, err) = negsim(&[
            "play",
            "job-offer",
            "--seat",
            "sam",
            "--culture",
            &path,
            "--lang",
            "nl",
        ]);
        assert!(
            err.contains(dutch.split('\n').next().unwrap()),
            "{name}: {err}"
        );
    }
}

/// A culture file that cannot be read as one (a folder, text in another encoding, a file
/// larger than negsim reads) is told in Dutch too, where English stays as it was.
#[test]
fn a_culture_path_that_is_no_readable_text_file_is_told_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cultures.toml");
    std::fs::create_dir(&folder).unwrap();
    // "zoë" in Latin-1: not UTF-8.
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"name = \"zo\xeb\"\n").unwrap();
    let big = dir.path().join("big.toml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(17 << 20).unwrap();
    for (path, dutch, english) in [
        (
            &folder,
            "is niet te lezen: het is een map en geen bestand\n  \
             tip: noem een configuratiebestand (.toml)\n",
            "it is a folder, not a file\n  hint: name a config file (.toml)\n",
        ),
        (
            &latin1,
            "is geen UTF-8-tekst\n  tip: sla het in je editor op als UTF-8 (TOML-bestanden zijn UTF-8)\n",
            "is not UTF-8 text\n  hint: save it as UTF-8 in your editor (TOML files are UTF-8)\n",
        ),
        (
            &big,
            "is 17825792 bytes groot; negsim leest configuratiebestanden van hoogstens 16 MiB\n  \
             tip: een configuratiebestand is een paar kilobyte: kijk of dit het bestand is dat je \
             bedoelde\n",
            "is 17825792 bytes long; negsim reads config files of at most 16 MiB\n  \
             hint: a config file is a few kilobytes: check that this is the file you meant\n",
        ),
    ] {
        let path = path.to_str().unwrap();
        for (lang, told) in [("nl", dutch), ("en", english)] {
            let (code, out, err) =
                negsim(&["demo", "job-offer", "--culture", path, "--lang", lang]);
            assert_eq!(code, 2, "{path}: {err}");
            assert!(out.is_empty(), "{path}: {out}");
            assert!(err.ends_with(told), "{lang} {path}: {err}");
            let frame = if lang == "nl" { "fout in" } else { "error in" };
            assert!(
                err.starts_with(&format!("negsim: {frame} {path}: ")),
                "{lang} {path}: {err}"
            );
        }
    }
}

/// Whole messages, in Dutch and in English, for the mistakes the command-line parser reads as
/// something else (a case typed as `--case`, a negative count), a count beyond what it holds,
/// and an animation that cannot go where `--gif` says: no English inside the Dutch frame.
#[test]
fn a_flag_for_the_case_a_negative_count_a_huge_deadline_and_a_bad_gif_path_are_told_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap().to_string();
    let missing = dir.path().join("nowhere").join("x.gif");
    let missing = missing.to_str().unwrap();
    let gif = |path: &str| -> Vec<String> {
        ["demo", "job-offer", "--culture", "mixed", "--gif", path]
            .map(String::from)
            .to_vec()
    };
    let cases: Vec<(Vec<String>, String, String)> =
        vec![
        (
            ["demo", "--case", "--culture", "mixed"].map(String::from).to_vec(),
            "negsim: fout: `--case` is geen optie van `demo`: typ de casus direct na `demo`, \
             zonder `--case` ervoor\n  tip: negsim demo CASE --culture mixed --lang nl\n"
                .into(),
            "negsim: error: `--case` is not an option of `demo`: give the case right after \
             `demo`, without a flag\n  hint: negsim demo CASE --culture mixed --lang en\n"
                .into(),
        ),
        (
            ["play", "--case", "job-offer", "--seat", "sam"].map(String::from).to_vec(),
            "negsim: fout: `--case` is geen optie van `play`: typ de casus direct na `play`, \
             zonder `--case` ervoor\n  tip: negsim play job-offer --seat sam --lang nl\n"
                .into(),
            "negsim: error: `--case` is not an option of `play`: give the case right after \
             `play`, without a flag\n  hint: negsim play job-offer --seat sam --lang en\n"
                .into(),
        ),
        (
            ["demo", "job-offer", "--culture", "mixed", "--seed", "-1"].map(String::from).to_vec(),
            "negsim: fout bij optie `--seed`: `-1` is negatief; `--seed` vraagt om een getal van \
             0 of meer\n  tip: bijvoorbeeld --seed 1\n"
                .into(),
            "negsim: error, key `--seed`: `-1` is negative; `--seed` takes a number of 0 or \
             more\n  hint: e.g. --seed 1\n"
                .into(),
        ),
        (
            // A count smaller than u64 said "-3 is not in 0..=4294967295" in either language.
            ["play", "job-offer", "--seat", "sam", "--deadline", "-3"].map(String::from).to_vec(),
            "negsim: fout bij optie `--deadline`: `-3` is negatief; `--deadline` vraagt om een \
             getal van 0 of meer\n  tip: bijvoorbeeld --deadline 3\n"
                .into(),
            "negsim: error, key `--deadline`: `-3` is negative; `--deadline` takes a number of 0 \
             or more\n  hint: e.g. --deadline 3\n"
                .into(),
        ),
        (
            ["demo", "job-offer", "--culture", "mixed", "--deadline", "99999999999"]
                .map(String::from)
                .to_vec(),
            "negsim: fout: de deadline moet tussen 1 en 200 rondes liggen, niet op 99999999999\n  \
             tip: een groep volgt 10 tot 40 rondes goed; laat --deadline weg voor de \
             standaardwaarde\n\nMeer uitleg: negsim demo --help\n"
                .into(),
            "error: invalid value '99999999999' for '--deadline <DEADLINE>': 99999999999 is not \
             in 0..=4294967295\n\nFor more information, try '--help'.\n"
                .into(),
        ),
        (
            gif(&folder),
            format!(
                "negsim: fout bij optie `--gif`: de animatie kan niet worden opgeslagen als \
                 {folder}: dat is een map, en de animatie is een bestand\n  tip: geef een \
                 bestandsnaam in die map, bijvoorbeeld --gif {folder}/demo.gif\n"
            ),
            format!(
                "negsim: error, key `--gif`: cannot write the animation to {folder}: it is a \
                 folder; the animation is a file\n  hint: give a file name in that folder, e.g. \
                 --gif {folder}/demo.gif\n"
            ),
        ),
        (
            gif(missing),
            format!(
                "negsim: fout bij optie `--gif`: de animatie kan niet worden opgeslagen als \
                 {missing}: de map {folder}/nowhere bestaat niet\n  tip: maak eerst de map aan, \
                 of sla de animatie ergens anders op\n"
            ),
            format!(
                "negsim: error, key `--gif`: cannot write the animation to {missing}: the folder \
                 {folder}/nowhere does not exist\n  hint: create the folder first, or write the \
                 animation elsewhere\n"
            ),
        ),
        (
            gif(&format!("{folder}/dance.png")),
            format!(
                "negsim: fout: --gif {folder}/dance.png: de animatie is een GIF, dus de naam \
                 eindigt op .gif\n  tip: bijvoorbeeld: --gif {folder}/dance.gif\n"
            ),
            format!(
                "negsim: error: --gif {folder}/dance.png: the animation is a GIF, so its name \
                 must end in .gif\n  hint: for example: --gif {folder}/dance.gif\n"
            ),
        ),
    ];
    for (args, dutch, english) in cases {
        for (lang, told) in [("nl", dutch), ("en", english)] {
            let mut line: Vec<&str> = args.iter().map(String::as_str).collect();
            line.extend(["--lang", lang]);
            let (code, out, err) = negsim(&line);
            assert_eq!(code, 2, "{line:?}: {err}");
            assert!(out.is_empty(), "{line:?}: {out}");
            assert_eq!(err, told, "{line:?}");
        }
    }
}

/// A case or culture file written as a Dutch trainer might: a decimal comma, a leading zero, a
/// backslash in text, a number where a description goes. Told in Dutch from the fault's parts,
/// and in English with a hint.
#[test]
fn slips_a_dutch_trainer_makes_in_a_culture_file_are_told_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    for (name, from, to, dutch, english) in [
        (
            "comma.toml",
            "disclosure = 0.5",
            "disclosure = 0,5",
            "regel 18: na de waarde staat nog iets op deze regel\n  tip: één waarde per regel; \
             een kommagetal schrijf je in het bestand met een punt: 0.35, niet 0,35\n",
            "line 18: unexpected key or value, expected newline, `#`\n  hint: one value per \
             line; a number with decimals takes a point: 0.35, not 0,35\n",
        ),
        (
            "zero.toml",
            "disclosure = 0.5",
            "disclosure = 05",
            "regel 18: een geheel getal begint niet met een 0\n  tip: schrijf gehele getallen \
             zonder 0 ervoor: 7, niet 07\n",
            "line 18: unexpected leading zero, expected nothing\n  hint: write whole numbers \
             without a leading zero: 7, not 07\n",
        ),
        (
            "backslash.toml",
            "name = \"mixed\"",
            "name = \"mixed\\culture\"",
            "regel 3: een \\ in tekst hoort een speciaal teken te beginnen, zoals \\n, en dat \
             doet deze niet\n  tip: schrijf een backslash in tekst dubbel (\\\\), of zet de \
             tekst tussen enkele aanhalingstekens\n",
            "line 3: missing escaped value, expected `b`, `e`, `f`, `n`, `r`, `\\`, `\"`, `x`, \
             `u`, `U`\n  hint: a \\ in text starts an escape: write \\\\ for a backslash, or put \
             the text in single quotes\n",
        ),
        (
            "label.toml",
            "description = { en = \"Mixed: a wide spread of mindsets, on average between \
             collaborative and positional.\", nl = \"Gemengd: een brede spreiding van houdingen, \
             gemiddeld tussen samenwerkend en positioneel.\" }",
            "description = 3",
            "regel 4, sleutel `description`: hier hoort tekst, of een tabel met een tekst per \
             taal, niet het getal 3\n  tip: zet de tekst tussen dubbele aanhalingstekens, of \
             geef er één per taal: description = { en = \"...\", nl = \"...\" }\n",
            "line 4, key `description`: invalid type: integer `3`, expected a string, or a \
             table { en = \"...\", nl = \"...\" }\n",
        ),
    ] {
        let path = culture_file(dir.path(), name, from, to);
        let (code, _, err) = negsim(&["demo", "job-offer", "--culture", &path, "--lang", "nl"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert_eq!(err, format!("negsim: fout in {path}, {dutch}"), "{name}");
        let (code, _, err) = negsim(&["demo", "job-offer", "--culture", &path]);
        assert_eq!(code, 2, "{name}: {err}");
        assert_eq!(err, format!("negsim: error in {path}, {english}"), "{name}");
    }
}

/// A copy of the job offer with `from` replaced by `to`, in `dir`.
fn case_file(dir: &std::path::Path, name: &str, from: &str, to: &str) -> String {
    let job_offer = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cases/job-offer.toml"),
    )
    .unwrap();
    assert!(job_offer.contains(from), "{from}");
    let path = dir.join(name);
    std::fs::write(&path, job_offer.replacen(from, to, 1)).unwrap();
    path.to_str().unwrap().to_string()
}

/// English words that would give away an untold check in a Dutch message (the frame's key,
/// such as `stakeholders.0.weights`, keeps the file's own words and is left out).
const ENGLISH: [&str; 14] = [
    "error",
    "line ",
    "hint",
    "has no",
    "must",
    "found",
    "given",
    "twice",
    "issue `",
    "stakeholder `",
    "weights ",
    "option(s)",
    "a stakeholder key",
    "an issue key",
];

/// The checks a case file passes once it is read (every issue weighed, a value per option,
/// keys used once, weights of 0 or more, no empty keys) told in Dutch with file, line and
/// key, and in English exactly as before.
#[test]
fn a_case_file_whose_parts_do_not_fit_is_told_in_dutch_and_as_before_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let weights = "weights = { salary = 20, bonus = 8, start = 10, team = 12, vacation = 20, \
                   remote = 6, training = 16, relocation = 5 }";
    for (name, from, to, dutch, english) in [
        (
            "no-weight.toml",
            weights,
            "weights = { salary = 20, bonus = 8, start = 10, team = 12, vacation = 20, \
             remote = 6, training = 16 }",
            "regel 116, sleutel `stakeholders.0.weights`: belanghebbende `candidate` heeft geen \
             gewicht voor kwestie `relocation`\n  tip: geef elke kwestie een gewicht; een \
             kwestie waar deze belanghebbende niet om geeft, krijgt 0\n",
            "line 116, key `stakeholders.0.weights`: stakeholder `candidate` has no weight for \
             issue `relocation`\n  hint: give every issue a weight; use 0 for an issue this \
             stakeholder does not care about\n",
        ),
        (
            "values.toml",
            "bonus = [0.0, 0.35, 0.7, 1.0]",
            "bonus = [0.0, 0.35, 1.0]",
            "regel 119, sleutel `stakeholders.0.values.bonus`: kwestie `bonus` heeft 4 opties, \
             maar het aantal waarden is 3\n  tip: geef één waarde per optie, in de volgorde \
             waarin de opties staan\n",
            "line 119, key `stakeholders.0.values.bonus`: issue `bonus` has 4 options but 3 \
             values are given\n  hint: give one value per option, in the order the options are \
             listed\n",
        ),
        (
            "batna.toml",
            "batna = 0.35",
            "batna = 35",
            "regel 113, sleutel `stakeholders.0.batna`: de waarde moet tussen 0 en 1 liggen, niet \
             op 35\n  tip: een BATNA is wat de belanghebbende krijgt zonder akkoord, op de eigen \
             schaal: 0 is zo slecht als het slechtste pakket, 1 zo goed als het beste; 35 van de \
             100 schrijf je in het bestand als 0.35\n",
            "line 113, key `stakeholders.0.batna`: batna must be between 0 and 1, found 35\n  \
             hint: a BATNA is what the stakeholder gets without agreement, on its own scale: 0 is \
             as bad as its worst package, 1 as good as its best; 35 out of 100 is written 0.35\n",
        ),
        (
            "twice.toml",
            "key = \"manager\"",
            "key = \"candidate\"",
            "regel 128, sleutel `stakeholders.1.key`: twee belanghebbenden hebben de sleutel \
             `candidate`\n",
            "line 128, key `stakeholders.1.key`: stakeholder key `candidate` is used twice\n",
        ),
        (
            "option-twice.toml",
            "{ key = \"2k\"",
            "{ key = \"none\"",
            "regel 32, sleutel `issues.1.options.1.key`: twee opties van kwestie `bonus` hebben \
             de sleutel `none`\n",
            "line 32, key `issues.1.options.1.key`: option key `none` is used twice in issue \
             `bonus`\n",
        ),
        (
            "negative.toml",
            "relocation = 5 }",
            "relocation = -5 }",
            "regel 116, sleutel `stakeholders.0.weights.relocation`: een gewicht moet 0 of meer \
             zijn, niet -5\n",
            "line 116, key `stakeholders.0.weights.relocation`: weights must be 0 or more, found \
             -5\n",
        ),
        (
            "empty-key.toml",
            "key = \"team\"",
            "key = \"\"",
            "regel 50, sleutel `issues.3.key`: de sleutel van een kwestie mag niet leeg zijn\n  \
             tip: een sleutel is een korte naam, zoals \"salary\" of \"high\"\n",
            "line 50, key `issues.3.key`: an issue key must not be empty\n  hint: keys are short \
             names such as \"salary\" or \"high\"\n",
        ),
        (
            "empty-stakeholder.toml",
            "key = \"candidate\"",
            "key = \" \"",
            "regel 111, sleutel `stakeholders.0.key`: de sleutel van een belanghebbende mag niet \
             leeg zijn\n  tip: een sleutel is een korte naam, zoals \"works-council\" of \
             \"candidate\"\n",
            "line 111, key `stakeholders.0.key`: a stakeholder key must not be empty\n  hint: \
             keys are short names such as \"works-council\" or \"candidate\"\n",
        ),
        (
            "unknown-issue.toml",
            "relocation = 5 }",
            "relocation = 5, holidays = 3 }",
            "regel 116, sleutel `stakeholders.0.weights.holidays`: onbekende kwestie `holidays`\n  \
             tip: de kwesties zijn: salary, bonus, start, team, vacation, remote, training, \
             relocation\n",
            "line 116, key `stakeholders.0.weights.holidays`: unknown issue `holidays`\n  hint: \
             the issues are: salary, bonus, start, team, vacation, remote, training, \
             relocation\n",
        ),
        (
            "formula.toml",
            "key = \"team\"",
            "key = \"=team\"",
            "regel 50, sleutel `issues.3.key`: de sleutel van een kwestie, `=team`, begint met \
             `=`: een spreadsheet die de CSV-bestanden opent, zou dat als formule uitvoeren\n  \
             tip: laat de naam met een letter of een cijfer beginnen\n",
            "line 50, key `issues.3.key`: an issue key `=team` starts with `=`, which a \
             spreadsheet opening the CSV files would run as a formula\n  hint: start the name \
             with a letter or a digit\n",
        ),
    ] {
        let path = case_file(dir.path(), name, from, to);
        let (code, out, err) = negsim(&["demo", &path, "--culture", "mixed", "--lang", "nl"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert_eq!(err, format!("negsim: fout in {path}, {dutch}"), "{name}");
        let told = err.split_once("`: ").map_or(err.as_str(), |(_, told)| told);
        for english in ENGLISH {
            assert!(!told.contains(english), "{name}: {english:?} in {err}");
        }
        let (code, _, err) = negsim(&["demo", &path, "--culture", "mixed"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert_eq!(err, format!("negsim: error in {path}, {english}"), "{name}");
        // `play` tells the same fault in the same words.
        let (code, _, err) = negsim(&["play", &path, "--seat", "candidate", "--lang", "nl"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert_eq!(err, format!("negsim: fout in {path}, {dutch}"), "{name}");
    }
}

/// The checks a culture file passes once it is read: a spread of 0 or more, a tactic that
/// exists, and a case file given where a culture belongs.
#[test]
fn a_culture_file_whose_parts_do_not_fit_is_told_in_dutch_and_as_before_in_english() {
    let dir = tempfile::tempdir().unwrap();
    for (name, from, to, dutch, english) in [
        (
            "spread.toml",
            "openness = { mean = 0.50, spread = 0.20 }",
            "openness = { mean = 0.50, spread = -0.2 }",
            "regel 7, sleutel `traits.openness.spread`: de spreiding van een eigenschap moet een \
             getal van 0 of meer zijn, niet -0,2\n  tip: de spreiding is een standaardafwijking \
             op de schaal van 0 tot 1; in het bestand is 0.1 tot 0.3 gebruikelijk\n",
            "line 7, key `traits.openness.spread`: a trait spread must be a finite number, 0 or \
             more, found -0.2\n  hint: a spread is a standard deviation on the 0-to-1 scale: \
             0.1 to 0.3 are usual\n",
        ),
        (
            "tactic.toml",
            "name = \"mixed\"",
            "name = \"mixed\"\ntactic = \"bulware\"",
            "regel 4, sleutel `tactic`: onbekende tactiek `bulware`; een cultuur noemt er een \
             van: `mindset`, `boulware`, `linear`, `conceder`, `time_based` en `tit_for_tat`\n  \
             tip: bedoel je `boulware`?\n",
            "line 4, key `tactic`: unknown tactic `bulware`; a culture names one of `mindset`, \
             `boulware`, `linear`, `conceder`, `time_based`, `tit_for_tat`\n  hint: did you mean \
             `boulware`?\n",
        ),
        (
            "no-name.toml",
            "name = \"mixed\"",
            "name = \"\"",
            "regel 3, sleutel `name`: de naam van de cultuur mag niet leeg zijn\n  tip: geef een \
             korte naam, of laat `name` weg: dan geldt de naam van het bestand\n",
            "line 3, key `name`: a culture name must not be empty\n  hint: give a short name, or \
             leave `name` out to use the file's name\n",
        ),
    ] {
        let path = culture_file(dir.path(), name, from, to);
        let (code, out, err) = negsim(&["demo", "job-offer", "--culture", &path, "--lang", "nl"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert_eq!(err, format!("negsim: fout in {path}, {dutch}"), "{name}");
        let told = err.split_once("`: ").map_or(err.as_str(), |(_, told)| told);
        for english in ENGLISH {
            assert!(!told.contains(english), "{name}: {english:?} in {err}");
        }
        let (code, _, err) = negsim(&["demo", "job-offer", "--culture", &path]);
        assert_eq!(code, 2, "{name}: {err}");
        assert_eq!(err, format!("negsim: error in {path}, {english}"), "{name}");
    }
    // A case file where the culture belongs.
    let case = "configs/cases/job-offer.toml";
    let (code, _, err) = negsim(&["demo", "job-offer", "--culture", case, "--lang", "nl"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        format!(
            "negsim: fout in ./{case}: dit is een casusbestand en niet een cultuurbestand\n  \
             tip: geef hier een cultuur: een naam uit configs/cultures (bijvoorbeeld \
             collaborative) of een cultuurbestand; `negsim check BESTAND` zegt wat voor bestand \
             het is\n"
        )
    );
    let (_, _, err) = negsim(&["demo", "job-offer", "--culture", case]);
    assert_eq!(
        err,
        format!(
            "negsim: error in ./{case}: this is a case file, not a culture file\n  hint: give a \
             culture here: a name from configs/cultures (e.g. collaborative) or a culture file; \
             `negsim check FILE` says what a file is\n"
        )
    );
}
