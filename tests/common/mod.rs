//! Shared helpers for the integration tests.
#![allow(dead_code)]

use negsim::model::case::Case;
use negsim::model::culture::DecisionRule;
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::Traits;
use negsim::protocol::parameters::Parameters;
use negsim::protocol::protocol_kind::ProtocolKind;
use negsim::protocol::setup::{Agenda, Observe, Rules, SeatSetup, TableSetup, Tactic};
use negsim::rng::StreamKey;
use negsim::source::Source;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

/// Two stakeholders, two integrative issues (each cares 75% about a different issue), two
/// options each. Packages (a,b): (0,0) -> (1, 0); (0,1) -> (0.75, 0.75); (1,0) -> (0.25, 0.25);
/// (1,1) -> (0, 1).
pub const TINY_CASE: &str = r#"
name = "tiny"
world_threshold = 0.5
world_value_no_agreement = 0.1

[[issues]]
key = "a"
options = [{ key = "a0", world_value = 0.2 }, { key = "a1", world_value = 0.8 }]

[[issues]]
key = "b"
options = [{ key = "b0", world_value = 0.6 }, { key = "b1", world_value = 0.9 }]

[[stakeholders]]
key = "s1"
batna = 0.3
weights = { a = 3, b = 1 }
values = { a = [1.0, 0.0], b = [1.0, 0.0] }

[[stakeholders]]
key = "s2"
batna = 0.2
weights = { a = 1, b = 3 }
values = { a = [0.0, 1.0], b = [0.0, 1.0] }
"#;

/// Parses and validates a case from text.
pub fn case_from(text: &str) -> Case {
    let src = Source::from_text("test-case.toml", text);
    negsim::experiment::library::load_case(&src, "test-case").expect("valid test case")
}

/// The tiny case, prepared.
pub fn tiny() -> Arc<PreparedCase> {
    Arc::new(PreparedCase::new(case_from(TINY_CASE), 1_000_000))
}

/// Rules with defaults.
pub fn rules(deadline: u32, rule: DecisionRule) -> Rules {
    Rules {
        protocol: ProtocolKind::Mindset,
        deadline,
        agenda: Agenda::Package,
        agenda_order: Vec::new(),
        decision_rule: rule,
        disclosure: 0.5,
        facilitator: false,
        mirror_negmas: false,
    }
}

/// A table with the same traits for everyone.
pub fn table(case: Arc<PreparedCase>, traits: Traits, rules: Rules, seed: u64) -> TableSetup {
    let n = case.n;
    TableSetup {
        seats: vec![
            SeatSetup {
                traits,
                tactic: Tactic::Mindset
            };
            n
        ],
        rules,
        params: Arc::new(Parameters::default()),
        streams: StreamKey::new(seed, 0),
        initial_trust: None,
        observe: Observe::default(),
        case,
    }
}

/// Path of the negsim binary built for the tests.
pub fn negsim() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_negsim"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the plan of an experiment given as text (names resolve against the repository).
pub fn plan_from(text: &str) -> negsim::experiment::plan::Plan {
    let src = Source::from_text(root().join("experiments/test.toml"), text);
    let file = negsim::experiment::file::ExperimentFile::parse(src).expect("valid experiment");
    negsim::experiment::plan::Plan::build(file, None).expect("valid plan")
}

/// Runs every process of an experiment given as text, in process order.
pub fn run_text(
    text: &str,
) -> (
    negsim::experiment::plan::Plan,
    Vec<negsim::record::process::ProcessRecord>,
) {
    let plan = plan_from(text);
    let results = (0..plan.process_count())
        .map(|id| negsim::experiment::simulation::simulate(&plan, id, Observe::default()))
        .collect();
    (plan, results)
}

/// Mean of a metric over the processes of one condition.
pub fn mean_of(
    results: &[negsim::record::process::ProcessRecord],
    condition: usize,
    f: impl Fn(&negsim::record::process::ProcessRecord) -> f64,
) -> f64 {
    let xs: Vec<f64> = results
        .iter()
        .filter(|r| r.process.condition == condition)
        .map(f)
        .collect();
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Runs negsim with arguments (in the repository root).
pub fn negsim_run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("negsim runs")
}

/// Writes an experiment's text to `dir/name` and runs it into `dir/out`; panics with its
/// stderr if it fails. Returns the output folder.
pub fn run_text_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let config = dir.join(name);
    std::fs::write(&config, text).unwrap();
    let out = dir.join("out");
    let o = negsim_run(&[
        "run",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// Runs an experiment fixture into `out`; panics with its stderr if it fails.
pub fn run_fixture(fixture: &str, out: &Path, extra: &[&str]) {
    let path = root().join("tests/fixtures").join(fixture);
    let mut args = vec![
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = negsim_run(&args);
    assert!(
        o.status.success(),
        "negsim run failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Decodes a PNG: (width, height, RGBA pixels).
pub fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let rgba: Vec<u8> = buf
        .chunks(channels)
        .flat_map(|p| match p.len() {
            1 => [p[0], p[0], p[0], 255],
            2 => [p[0], p[0], p[0], p[1]],
            3 => [p[0], p[1], p[2], 255],
            _ => [p[0], p[1], p[2], p[3]],
        })
        .collect();
    (info.width, info.height, rgba)
}

/// Variance of the luminance of an RGBA image, and the share of pixels that are not
/// (near) white.
pub fn ink(rgba: &[u8]) -> (f64, f64) {
    let lum: Vec<f64> = rgba
        .chunks(4)
        .map(|p| 0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64)
        .collect();
    let n = lum.len() as f64;
    let mean = lum.iter().sum::<f64>() / n;
    let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n;
    let inked = lum.iter().filter(|&&l| l < 235.0).count() as f64 / n;
    (var, inked)
}

/// A fresh, empty folder `group/name` under cargo's scratch directory for integration tests.
pub fn scratch_in(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    dir
}

/// The file names in a run's `charts/` folder, sorted.
pub fn chart_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// The PNG and SVG file names of the given chart stems, sorted.
pub fn chart_files(stems: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = stems
        .iter()
        .flat_map(|s| [format!("{s}.png"), format!("{s}.svg")])
        .collect();
    v.sort();
    v
}

/// Runs `negsim run` on a config text written to a file called `name` and checks that it fails
/// as bad input should: exit code 2, no panic, the file named, every `expect` in the message and
/// no output directory left behind. Returns stderr.
pub fn run_fails(name: &str, text: &str, expect: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out_dir = dir.path().join("out");
    let out = std::process::Command::new(negsim())
        .current_dir(root())
        .args([
            "run",
            file.to_str().unwrap(),
            "--quiet",
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{name}: exit code; stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: panic: {stderr}");
    assert!(
        stderr.contains(name),
        "{name}: message names the file: {stderr}"
    );
    for e in expect {
        assert!(stderr.contains(e), "{name}: expected `{e}` in: {stderr}");
    }
    assert!(
        !out_dir.exists(),
        "{name}: no output directory may be left behind"
    );
    stderr
}

/// A fixture run shared by the tests of one file: run once, into `group/name` under cargo's
/// scratch directory, on first use.
pub fn shared_run(
    cell: &'static std::sync::OnceLock<PathBuf>,
    group: &str,
    name: &str,
    fixture: &str,
) -> &'static Path {
    cell.get_or_init(|| {
        let dir = scratch_in(group, name);
        run_fixture(fixture, &dir, &[]);
        dir
    })
}
