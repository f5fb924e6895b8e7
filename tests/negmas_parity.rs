//! NegMAS parity: negsim's alternating-offers protocol replays NegMAS 0.16's own results
//! (dumps written by `benches/peer/negmas_bench.py --dump`, committed under tests/data/negmas/)
//! and must reach the same agreement in the same number of rounds in every negotiation:
//! bilateral pairings of Boulware, Linear and Conceder, 3 and 5 parties, reservation values
//! 0, 0.2, 0.3 and 0.5, on 3 to 5 issues with up to 100,000 outcomes. On the large domains
//! NegMAS's rule of offering the outcome just below the threshold (within 1e-6) decides about
//! one negotiation in seven.

use negsim::bench::negmas::{Dump, replay};
use std::path::Path;
use std::process::Command;

fn check(file: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/negmas")
        .join(file);
    let dump = Dump::read(&path).expect("the committed dump reads");
    let negotiations = dump.negotiations().expect("the committed dump is complete");
    let replayed = replay(&negotiations, dump.steps);
    let differing: Vec<String> = replayed
        .iter()
        .zip(&negotiations)
        .filter(|(r, _)| !(r.agreement_matches && r.rounds_match))
        .map(|(r, n)| {
            format!(
                "{}[{}]: negsim {:?} in {} rounds, NegMAS {:?} in {} rounds",
                r.scenario, r.index, r.agreement, r.rounds, n.expected_agreement, n.expected_rounds
            )
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{file}: differs from NegMAS:\n{}",
        differing.join("\n")
    );
    negotiations.len()
}

#[test]
fn bilateral_and_three_parties_without_reservation_value() {
    assert_eq!(check("k3v5-multi3.json"), 180);
}

#[test]
fn five_parties_with_reservation_value_0_2() {
    assert_eq!(check("k3v5-reserved0.2-multi5.json"), 150);
}

#[test]
fn reservation_value_0_5_with_failed_negotiations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/negmas/k4v4-reserved0.5-multi3.json");
    let dump = Dump::read(&path).unwrap();
    let failed = dump
        .results
        .values()
        .flatten()
        .filter(|r| r.agreement.is_none())
        .count();
    assert!(
        failed > 0,
        "this dump must include negotiations that end without agreement"
    );
    assert_eq!(check("k4v4-reserved0.5-multi3.json"), 120);
}

#[test]
fn the_reference_workload_100_000_outcomes() {
    assert_eq!(check("k5v10.json"), 75);
}

#[test]
fn the_reference_workload_with_reservation_value_0_3_and_three_parties() {
    assert_eq!(check("k5v10-reserved0.3-multi3.json"), 60);
}

#[test]
fn the_command_reports_matches_and_exits_zero() {
    let out = Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(["bench", "negmas", "--min-seconds", "0"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/negmas/k3v5-multi3.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("all 180 negotiations match NegMAS"),
        "{stdout}"
    );
    assert!(stdout.contains("boulware:conceder"), "{stdout}");
}

#[test]
fn a_doctored_result_is_a_mismatch_with_exit_code_1() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/negmas/k3v5-multi3.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rounds = &mut json["results"]["linear:linear"][0]["rounds"];
    *rounds = serde_json::json!(rounds.as_u64().unwrap() + 1);
    let dir = tempfile::tempdir().unwrap();
    let doctored = dir.path().join("doctored.json");
    std::fs::write(&doctored, json.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(["bench", "negmas", "--min-seconds", "0"])
        .arg(&doctored)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 of 180 negotiations differ from NegMAS"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_a_dump_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"K": 3, "V": 5}"#).unwrap();
    for file in [bad.clone(), dir.path().join("missing.json")] {
        let out = Command::new(env!("CARGO_BIN_EXE_negsim"))
            .args(["bench", "negmas"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(file.file_name().unwrap().to_str().unwrap()),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
