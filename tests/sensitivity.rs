//! The sensitivity analysis: its Sobol' sequence against an independent implementation, and
//! `negsim sensitivity` end to end.

mod common;

use negsim::experiment::sensitivity::sequence::{MAX_DIMENSIONS, SobolSequence};

/// Every coordinate of 119 points (the first 64, and others that bring in all 32 direction
/// numbers) in all 64 dimensions equals SciPy's (see tests/data/sobol/README.md): the whole
/// table of direction numbers, and the recurrence that extends it, are Joe and Kuo's.
#[test]
fn the_sobol_sequence_matches_scipy_in_every_dimension() {
    let text = std::fs::read_to_string("tests/data/sobol/scipy-joe-kuo-64d.csv").unwrap();
    let sequence = SobolSequence::new(MAX_DIMENSIONS).unwrap();
    let mut rows = 0;
    for line in text.lines() {
        let mut fields = line.split(',').map(|v| v.parse::<u32>().unwrap());
        let n = fields.next().unwrap();
        let want: Vec<u32> = fields.collect();
        assert_eq!(sequence.point_bits(n), want, "point {n}");
        rows += 1;
    }
    assert_eq!(rows, 119);
}

use common::{negsim, root, scratch_in};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small Morris screening of the job offer: 3 parameters, 4 trajectories, 2 replications
/// (16 points x 2 conditions x 2 = 64 processes).
const MORRIS: &str = r#"
# Does the culture effect on the job offer depend on the deadline and stress?
[experiment]
name = "screening"
seed = 7
replications = 2

[base]
case = "job-offer"

[[condition]]
name = "collaborative"
culture = "collaborative"

[[condition]]
name = "positional"
culture = "positional"

[sensitivity]
method = "morris"
trajectories = 4
bootstrap = 50

[sensitivity.parameters]
deadline = [5, 40]
"parameters.stress_rate" = [0.05, 0.2]
"positional openness" = { key = "traits.openness.mean", range = [0.1, 0.4], condition = "positional" }

[[sensitivity.output]]
metric = "joint_utility"
contrast = ["collaborative", "positional"]

[[sensitivity.output]]
metric = "agreed"
condition = "positional"
"#;

/// The same question as a Sobol' analysis: 8 rows x (2 + 2) points x 2 conditions x 2.
const SOBOL: &str = r#"
[experiment]
name = "variance"
seed = 7
replications = 2

[base]
case = "job-offer"

[[condition]]
name = "collaborative"
culture = "collaborative"

[[condition]]
name = "positional"
culture = "positional"

[sensitivity]
method = "sobol"
samples = 8
bootstrap = 50

[sensitivity.parameters]
deadline = [5, 40]
"parameters.stress_rate" = [0.05, 0.2]

[[sensitivity.output]]
metric = "win_win_win"
contrast = ["collaborative", "positional"]
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn sensitivity(file: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(negsim())
        .current_dir(root())
        .arg("sensitivity")
        .arg(file)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .unwrap()
}

fn succeeds(o: Output) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "negsim failed: {stderr}");
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn a_morris_screening_writes_indices_outputs_points_and_charts() {
    let dir = scratch_in("sensitivity", "morris");
    let file = write(&dir, "screening.toml", MORRIS);
    let out = dir.join("out");
    let stdout = succeeds(sensitivity(&file, &out, &[]));
    assert!(
        stdout.contains("joint_utility[collaborative-positional]"),
        "{stdout}"
    );
    assert!(stdout.contains("mu*"), "{stdout}");
    let indices = read(&out, "sensitivity.csv");
    let mut lines = indices.lines();
    assert_eq!(
        lines.next().unwrap(),
        "output,parameter,key,condition,low,high,mu,mu_star,mu_star_low,mu_star_high,mu_star_conf,sigma,trajectories"
    );
    // 2 outputs x 3 parameters.
    assert_eq!(lines.count(), 6);
    assert!(indices.contains(
        "agreed[positional],positional openness,traits.openness.mean,positional,0.1,0.4,"
    ));
    // processes.csv has a column per parameter, and the design's 64 processes.
    let processes = read(&out, "processes.csv");
    let header = processes.lines().next().unwrap();
    assert!(
        header.starts_with(
            "process_id,condition,deadline,parameters.stress_rate,positional openness,replication,"
        ),
        "{header}"
    );
    assert_eq!(processes.lines().count(), 1 + 64);
    // One row per point: 4 trajectories x 4 points.
    let points = read(&out, "sensitivity-points.csv");
    assert_eq!(points.lines().count(), 1 + 16);
    assert!(points.starts_with("point,trajectory,deadline,parameters.stress_rate,positional openness,joint_utility[collaborative-positional],agreed[positional]\n"));
    // The deadline takes whole numbers on the grid's 4 levels: 5, 17, 28, 40.
    for line in points.lines().skip(1) {
        let deadline = line.split(',').nth(2).unwrap();
        assert!(["5", "17", "28", "40"].contains(&deadline), "{line}");
    }
    let outputs = read(&out, "sensitivity-outputs.csv");
    assert!(outputs.starts_with(
        "output,metric,measure,points,replications,mean,sd,min,max,share_below_zero,noise_share\n"
    ));
    assert!(outputs.contains("agreed[positional],agreed,positional,16,2,"));
    assert_eq!(
        common::chart_names(&out),
        common::chart_files(&[
            "sensitivity-agreed-positional",
            "sensitivity-joint-utility-collaborative-positional"
        ])
    );
    // The manifest records the design's parameters as its axes, and the whole file.
    let manifest = read(&out, "manifest.json");
    assert!(manifest.contains("\"grid_points\": 16"), "{manifest}");
    assert!(manifest.contains("[sensitivity]"));
}

/// The indices are computed from processes.csv: recomputing them by hand from the points
/// file gives the same mu* for a parameter.
#[test]
fn morris_mu_star_is_the_mean_absolute_effect_of_the_points_file() {
    let dir = scratch_in("sensitivity", "by-hand");
    let file = write(&dir, "screening.toml", MORRIS);
    let out = dir.join("out");
    succeeds(sensitivity(&file, &out, &["--no-plots"]));
    let points: Vec<Vec<String>> = read(&out, "sensitivity-points.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    // Elementary effects of the deadline (column 2) on the first output (column 5), in the
    // unit cube: a step of delta = 2/3 of the range [5, 40].
    let mut effects = Vec::new();
    for trajectory in points.chunks(4) {
        for step in trajectory.windows(2) {
            let (a, b) = (&step[0], &step[1]);
            if a[2] != b[2] {
                let dx: f64 = b[2].parse::<f64>().unwrap() - a[2].parse::<f64>().unwrap();
                let dy: f64 = b[5].parse::<f64>().unwrap() - a[5].parse::<f64>().unwrap();
                effects.push(dy / (dx.signum() * 2.0 / 3.0));
            }
        }
    }
    assert_eq!(effects.len(), 4);
    let mu_star = effects.iter().map(|e: &f64| e.abs()).sum::<f64>() / 4.0;
    let row = read(&out, "sensitivity.csv")
        .lines()
        .find(|l| l.starts_with("joint_utility[collaborative-positional],deadline,"))
        .unwrap()
        .to_string();
    let got: f64 = row.split(',').nth(7).unwrap().parse().unwrap();
    assert!((got - mu_star).abs() < 1e-12, "{got} vs {mu_star}: {row}");
}

/// The same file gives the same bytes on one thread and on four, and from shards merged.
#[test]
fn sobol_results_are_the_same_bits_on_any_thread_count_and_from_shards() {
    let dir = scratch_in("sensitivity", "bits");
    let file = write(&dir, "variance.toml", SOBOL);
    let one = dir.join("one");
    let four = dir.join("four");
    succeeds(sensitivity(&file, &one, &["--threads", "1", "--no-plots"]));
    succeeds(sensitivity(&file, &four, &["--threads", "4", "--no-plots"]));
    for shard in ["1/3", "2/3", "3/3"] {
        let out = dir.join(format!("shard{}", &shard[..1]));
        let stdout = succeeds(sensitivity(&file, &out, &["--shard", shard]));
        assert!(stdout.contains("negsim merge"), "{stdout}");
        assert!(!out.join("sensitivity.csv").exists());
    }
    let merged = dir.join("merged");
    let o = Command::new(negsim())
        .arg("merge")
        .args(["shard1", "shard2", "shard3"].map(|s| dir.join(s)))
        .arg("--out")
        .arg(&merged)
        .arg("--no-plots")
        .output()
        .unwrap();
    let stdout = succeeds(o);
    assert!(stdout.contains("S1"), "{stdout}");
    for f in [
        "processes.csv",
        "sensitivity.csv",
        "sensitivity-outputs.csv",
        "sensitivity-points.csv",
    ] {
        let reference = std::fs::read(one.join(f)).unwrap();
        assert_eq!(
            reference,
            std::fs::read(four.join(f)).unwrap(),
            "{f}, 4 threads"
        );
        assert_eq!(
            reference,
            std::fs::read(merged.join(f)).unwrap(),
            "{f}, merged"
        );
    }
    let indices = read(&one, "sensitivity.csv");
    assert!(indices.starts_with("output,parameter,key,condition,low,high,s1,s1_low,s1_high,s1_conf,st,st_low,st_high,st_conf,samples\n"));
    assert_eq!(indices.lines().count(), 1 + 2);
    // 8 rows x (2 + 2) points.
    assert_eq!(read(&one, "sensitivity-points.csv").lines().count(), 1 + 32);
}

#[test]
fn negsim_plot_redraws_the_charts_of_an_analysis() {
    let dir = scratch_in("sensitivity", "plot");
    let file = write(&dir, "variance.toml", SOBOL);
    let out = dir.join("out");
    succeeds(sensitivity(&file, &out, &["--no-plots"]));
    assert!(!out.join("charts").exists());
    let o = Command::new(negsim())
        .arg("plot")
        .arg(&out)
        .output()
        .unwrap();
    succeeds(o);
    assert_eq!(
        common::chart_names(&out),
        common::chart_files(&["sensitivity-win-win-win-collaborative-positional"])
    );
    let (w, h, _) = common::decode_png(
        &out.join("charts/sensitivity-win-win-win-collaborative-positional.png"),
    );
    assert_eq!((w, h), (1600, 900));
}

#[test]
fn negsim_check_describes_the_design_and_run_refuses_the_file() {
    let dir = scratch_in("sensitivity", "check");
    let file = write(&dir, "screening.toml", MORRIS);
    let o = Command::new(negsim())
        .current_dir(root())
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    let stdout = succeeds(o);
    assert!(
        stdout.contains(
            "morris design: 3 parameters, 16 points x 2 conditions x 2 replications = 64 processes"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("0.1 to 0.4, sets traits.openness.mean, in condition `positional` only"),
        "{stdout}"
    );
    assert!(stdout.contains("deadline"), "{stdout}");
    let o = Command::new(negsim())
        .current_dir(root())
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("negsim sensitivity"), "{stderr}");
}

/// A bad [sensitivity] section fails like any config error: exit code 2, the file, the line
/// and the key, what was expected and a hint; nothing is written.
fn fails(name: &str, text: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), name, text);
    let out = dir.path().join("out");
    let o = sensitivity(&file, &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert!(stderr.contains(name), "{name}: names the file: {stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{name}: expected `{e}` in: {stderr}");
    }
    assert!(!out.exists(), "{name}: nothing written");
}

#[test]
fn errors_in_the_section_name_the_line_the_key_and_a_fix() {
    let edit = |from: &str, to: &str| {
        assert!(MORRIS.contains(from), "{from}");
        MORRIS.replacen(from, to, 1)
    };
    fails(
        "no-method.toml",
        &edit("method = \"morris\"\n", ""),
        &["line 19", "names no method", "method = \"morris\""],
    );
    fails(
        "typo-method.toml",
        &edit("method = \"morris\"", "method = \"moris\""),
        &["line 20", "did you mean `morris`?"],
    );
    fails(
        "samples-for-morris.toml",
        &edit("trajectories = 4", "samples = 4"),
        &["line 21", "sensitivity.samples", "trajectories = 20"],
    );
    fails(
        "odd-levels.toml",
        &edit("trajectories = 4", "trajectories = 4\nlevels = 3"),
        &["line 22", "sensitivity.levels", "even"],
    );
    fails(
        "sobol-not-power-of-two.toml",
        &SOBOL.replace("samples = 8", "samples = 100"),
        &["sensitivity.samples", "power of 2", "use 64 or 128"],
    );
    fails(
        "unquoted-key.toml",
        &edit(
            "\"parameters.stress_rate\" = [0.05, 0.2]",
            "parameters.stress_rate = [0.05, 0.2]",
        ),
        &[
            "line 26",
            "must be quoted",
            "\"parameters.stress_rate\" = [low, high]",
        ],
    );
    fails(
        "unknown-key.toml",
        &edit("\"parameters.stress_rate\"", "\"parameters.stres_rate\""),
        &[
            "line 26",
            "sensitivity.parameters.\"parameters.stres_rate\"",
            "not a number of the scenario",
            "did you mean `parameters.stress_rate`?",
        ],
    );
    fails(
        "reversed-range.toml",
        &edit("deadline = [5, 40]", "deadline = [40, 5]"),
        &[
            "line 25",
            "sensitivity.parameters.deadline",
            "lower to a higher",
        ],
    );
    fails(
        "invalid-end.toml",
        &edit("[0.05, 0.2]", "[0.05, 1.5]"),
        &[
            "line 26",
            "high end of its range (1.5)",
            "stress_rate must be between 0 and 1",
        ],
    );
    fails(
        "unknown-condition.toml",
        &edit(
            "condition = \"positional\" }",
            "condition = \"positonal\" }",
        ),
        &[
            "line 27",
            "sensitivity.parameters.\"positional openness\"",
            "unknown condition `positonal`",
            "the conditions are: collaborative, positional",
        ],
    );
    fails(
        "unknown-metric.toml",
        &edit("metric = \"joint_utility\"", "metric = \"joint_utilty\""),
        &[
            "line 30",
            "sensitivity.output.0.metric",
            "not a metric of processes.csv",
            "did you mean `joint_utility`?",
        ],
    );
    fails(
        "self-contrast.toml",
        &edit(
            "contrast = [\"collaborative\", \"positional\"]",
            "contrast = [\"positional\", \"positional\"]",
        ),
        &["line 31", "contrasted with itself"],
    );
    fails(
        "no-output.toml",
        &MORRIS[..MORRIS.find("[[sensitivity.output]]").unwrap()],
        &["names no output", "[[sensitivity.output]]"],
    );
    fails(
        "with-sweep.toml",
        &format!("{MORRIS}\n[sweep]\ndeadline = [10, 20]\n"),
        &["line 37", "cannot also have a [sweep]"],
    );
    fails(
        "not-a-parameter.toml",
        &edit(
            "deadline = [5, 40]",
            "\"parameters.exact_outcome_bound\" = [1000, 2000]",
        ),
        &["cannot be varied", "outcome space"],
    );
    fails(
        "unknown-field.toml",
        &edit("bootstrap = 50", "bootstrap = 50\nresamples = 10"),
        &["line 23", "unknown key `resamples`"],
    );
}

#[test]
fn an_interrupted_analysis_resumes_with_its_own_command() {
    let dir = scratch_in("sensitivity", "resume");
    // Enough processes that the run is still going when it is signalled.
    let file = write(
        &dir,
        "screening.toml",
        &MORRIS.replace("replications = 2", "replications = 200"),
    );
    let out = dir.join("out");
    let reference = dir.join("reference");
    succeeds(sensitivity(&file, &reference, &["--no-plots"]));
    let mut child = Command::new(negsim())
        .current_dir(root())
        .arg("sensitivity")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .args(["--threads", "1", "--no-plots"])
        .env("NEGSIM_BLOCK_SIZE", "8")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let journal = out.join("progress.json");
    let start = std::time::Instant::now();
    while !journal.exists() {
        assert!(
            start.elapsed().as_secs() < 60,
            "the run never saved progress"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the signal"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("Continue with: negsim sensitivity"),
        "{stderr}"
    );
    succeeds(sensitivity(&file, &out, &["--resume", "--no-plots"]));
    for f in ["processes.csv", "sensitivity.csv", "sensitivity-points.csv"] {
        assert_eq!(
            std::fs::read(reference.join(f)).unwrap(),
            std::fs::read(out.join(f)).unwrap(),
            "{f}"
        );
    }
}
