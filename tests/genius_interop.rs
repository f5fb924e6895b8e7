//! GENIUS / ANAC import and export: hand-written scenario XML under tests/data/genius/,
//! round trips, and bad input (exit code 2, the file named, no panic, nothing half-written).

use negsim::interop::genius::{self, NEUTRAL_WORLD_VALUE};
use negsim::model::case::Case;
use negsim::model::prepared::PreparedCase;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn laptop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/genius/laptop")
}

fn negsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// `negsim import genius <scenario> --out <out> <extra>`.
fn import(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "genius",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    negsim(&args)
}

/// Asserts exit code 2 and no panic; returns the message.
fn refused(o: &Output) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn import_reads_issues_weights_evaluations_reservation_and_discount() {
    let case = genius::import(&laptop()).unwrap();
    assert_eq!(case.name, "laptop");
    let keys: Vec<&str> = case.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["laptop", "harddisk", "external-monitor"]);
    assert_eq!(case.issues[2].options[0].label.en, "19'' LCD");
    assert_eq!(case.issues[2].options[0].key, "19-lcd");
    assert!(
        case.issues
            .iter()
            .flat_map(|i| &i.options)
            .all(|o| o.world_value == NEUTRAL_WORLD_VALUE)
    );
    assert_eq!(case.world_threshold, NEUTRAL_WORLD_VALUE);
    let buyer = &case.stakeholders[0];
    assert_eq!(buyer.key, "laptop-buyer");
    assert_eq!(buyer.batna, 0.3);
    assert_eq!(buyer.discount_factor, Some(0.9));
    assert_eq!(buyer.weights["laptop"], 0.5);
    // GENIUS: evaluation / the issue's largest evaluation (1, 3, 2 -> 1/3, 1, 2/3).
    assert_eq!(buyer.values["laptop"], vec![1.0 / 3.0, 1.0, 2.0 / 3.0]);
    assert_eq!(buyer.values["external-monitor"], vec![0.25, 0.5, 1.0]);
    let seller = &case.stakeholders[1];
    assert_eq!(seller.batna, 0.0);
    assert_eq!(seller.discount_factor, None, "1.0 means no discount");
    assert_eq!(seller.values["harddisk"], vec![1.0, 0.5, 0.0]);
    // Utilities as GENIUS computes them: the buyer's best package is worth 1.
    let prepared = PreparedCase::new(case, 1000);
    assert!((prepared.utility(0, &[1, 2, 2]) - 1.0).abs() < 1e-12);
    assert!(
        (prepared.utility(0, &[0, 0, 0]) - (0.5 / 3.0 + 0.25 * 0.25 + 0.25 * 0.25)).abs() < 1e-12
    );
    assert!((prepared.utility(1, &[0, 0, 0]) - 1.0).abs() < 1e-12);
}

#[test]
fn xml_to_case_to_xml_to_case_is_the_same_case() {
    let case = genius::import(&laptop()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("laptop");
    let notes = genius::export(&case, &out).unwrap();
    assert!(
        notes.is_empty(),
        "every imported issue has a best value of 1: {notes:?}"
    );
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["laptop-buyer.xml", "laptop-domain.xml", "laptop-seller.xml"]
    );
    let back = genius::import(&out).unwrap();
    assert_eq!(back, case);
}

#[test]
fn case_to_xml_to_case_keeps_utilities_and_reports_what_genius_rescales() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cases/job-offer.toml"),
    )
    .unwrap();
    let mut case: Case = toml::from_str(&text).unwrap();
    case.fill_labels();
    let dir = tempfile::tempdir().unwrap();
    let notes = genius::export(&case, &dir.path().join("job")).unwrap();
    let back = genius::import(&dir.path().join("job")).unwrap();
    assert_eq!(back.issues.len(), case.issues.len());
    assert_eq!(back.stakeholders.len(), case.stakeholders.len());
    for (s, (a, b)) in case.stakeholders.iter().zip(&back.stakeholders).enumerate() {
        assert_eq!(a.batna, b.batna);
        let (wa, wb) = (case.weights(s), back.weights(s));
        for (i, issue) in case.issues.iter().enumerate() {
            assert!((wa[i] - wb[i]).abs() < 1e-12);
            let rescaled = notes
                .iter()
                .any(|n| n.stakeholder == a.key && n.issue == issue.key);
            let best = a.values[&issue.key].iter().copied().fold(0.0, f64::max);
            assert_eq!(rescaled, best > 0.0 && best < 1.0);
            for (va, vb) in a.values[&issue.key].iter().zip(back.values(s, i)) {
                let expected = if rescaled { va / best } else { *va };
                assert!((expected - vb).abs() < 1e-12, "{} {}", a.key, issue.key);
            }
        }
    }
}

#[test]
fn the_commands_write_a_case_and_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let toml_path = dir.path().join("laptop.toml");
    let out = import(&laptop(), &toml_path, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&toml_path).unwrap();
    assert!(text.starts_with("# Imported from the GENIUS scenario `laptop`"));
    let case: Case = toml::from_str(&text).unwrap();
    case.validate().unwrap();
    assert_eq!(case, genius::import(&laptop()).unwrap());
    let folder = dir.path().join("again");
    let out = negsim(&[
        "export",
        "genius",
        toml_path.to_str().unwrap(),
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        genius::import(&folder).unwrap().stakeholders,
        case.stakeholders
    );
    // A folder that already holds a scenario is not overwritten.
    refused(&negsim(&[
        "export",
        "genius",
        toml_path.to_str().unwrap(),
        "--out",
        folder.to_str().unwrap(),
    ]));
}

/// A scenario folder with the laptop domain and profiles, with one file replaced or removed.
fn broken(replace: &str, text: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(laptop()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name == replace {
            if let Some(t) = text {
                std::fs::write(dir.path().join(&name), t).unwrap();
            }
        } else {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
        }
    }
    dir
}

fn fails_naming(dir: &Path, file: &str, words: &str) {
    let out_file = dir.join("case.toml");
    let stderr = refused(&import(dir, &out_file, &[]));
    assert!(stderr.contains(file), "{stderr}");
    assert!(stderr.contains(words), "{stderr}");
    assert!(!out_file.exists(), "nothing is written on error");
}

#[test]
fn malformed_xml_names_the_file_and_line() {
    let dir = broken(
        "laptop-seller.xml",
        Some("<?xml version=\"1.0\"?>\n<utility_space>\n  <objective>\n</utility_space>\n"),
    );
    fails_naming(dir.path(), "laptop-seller.xml", "malformed XML");
    let stderr = String::from_utf8_lossy(
        &negsim(&["import", "genius", dir.path().to_str().unwrap()]).stderr,
    )
    .to_string();
    assert!(stderr.contains("line 4"), "{stderr}");
}

#[test]
fn an_existing_case_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = laptop();
    let out = dir.path().join("case.toml");
    std::fs::write(&out, "# edited by hand\n").unwrap();
    let stderr = refused(&import(&scenario, &out, &[]));
    assert!(
        stderr.contains("exists already") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# edited by hand\n");
    let o = import(&scenario, &out, &["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("[[issues]]")
    );
    // A case is a TOML file.
    let stderr = refused(&import(&scenario, &dir.path().join("case.txt"), &[]));
    assert!(stderr.contains("must end in .toml"), "{stderr}");
}

#[test]
fn missing_profiles_are_an_error() {
    let dir = broken("laptop-seller.xml", None);
    fails_naming(
        dir.path(),
        dir.path().file_name().unwrap().to_str().unwrap(),
        "missing profiles",
    );
}

#[test]
fn non_discrete_issues_are_an_error() {
    let domain = std::fs::read_to_string(laptop().join("laptop-domain.xml")).unwrap();
    let integer = domain.replacen(
        r#"<issue name="Harddisk" index="2" etype="discrete" type="discrete" vtype="discrete">"#,
        r#"<issue name="Harddisk" index="2" etype="integer" type="integer" vtype="integer" lowerbound="60" upperbound="120">"#,
        1,
    );
    assert_ne!(integer, domain);
    let dir = broken("laptop-domain.xml", Some(&integer));
    fails_naming(dir.path(), "laptop-domain.xml", "discrete issues only");
}

#[test]
fn a_profile_without_an_evaluation_is_an_error() {
    let seller = std::fs::read_to_string(laptop().join("laptop-seller.xml")).unwrap();
    let missing = seller.replacen(r#"<item index="2" value="80 Gb" evaluation="5"/>"#, "", 1);
    assert_ne!(missing, seller);
    let dir = broken("laptop-seller.xml", Some(&missing));
    fails_naming(
        dir.path(),
        "laptop-seller.xml",
        "no evaluation for value `80 Gb`",
    );
}

#[test]
fn a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fails_naming(
        &dir.path().join("nowhere"),
        "nowhere",
        "cannot read the folder",
    );
}

/// A scenario of one issue `a` whose domain lists the value `x` twice; p1 evaluates the two
/// items 0 and 1, p2 1 and 0.
fn duplicate_values() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let issue = |evaluations: Option<(u32, u32)>| {
        let (e1, e2) = match evaluations {
            Some((a, b)) => (
                format!(r#" evaluation="{a}""#),
                format!(r#" evaluation="{b}""#),
            ),
            None => (String::new(), String::new()),
        };
        format!(
            r#"<issue index="1" name="a" type="discrete" etype="discrete"><item index="1" value="x"{e1}/><item index="2" value="x"{e2}/></issue>"#
        )
    };
    std::fs::write(
        dir.path().join("domain.xml"),
        format!(
            r#"<negotiation_template><utility_space><objective index="0" name="d" type="objective" etype="objective">{}</objective></utility_space></negotiation_template>"#,
            issue(None)
        ),
    )
    .unwrap();
    for (name, evaluations) in [("p1", (0, 1)), ("p2", (1, 0))] {
        std::fs::write(
            dir.path().join(format!("{name}.xml")),
            format!(
                r#"<utility_space><objective index="0" name="d" type="objective" etype="objective">{}<weight index="1" value="1"/></objective></utility_space>"#,
                issue(Some(evaluations))
            ),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_value_twice_in_an_issue_is_an_error_not_a_wrong_evaluation() {
    let dir = duplicate_values();
    fails_naming(
        dir.path(),
        "domain.xml",
        "issue `a` has the value `x` twice (item 1 and item 2)",
    );
    let e = genius::import(dir.path()).unwrap_err();
    assert!(e.hint.unwrap().contains("rename one of the values"));
    // With distinct values in the domain, the profiles' own duplicates are refused too.
    let domain = std::fs::read_to_string(dir.path().join("domain.xml")).unwrap();
    std::fs::write(
        dir.path().join("domain.xml"),
        domain.replacen(r#"index="2" value="x""#, r#"index="2" value="y""#, 1),
    )
    .unwrap();
    fails_naming(dir.path(), "p1.xml", "issue `a` has the value `x` twice");
}

#[test]
fn an_issue_name_twice_is_an_error() {
    let rename = |file: &str| {
        std::fs::read_to_string(laptop().join(file))
            .unwrap()
            .replace(r#"name="Harddisk""#, r#"name="Laptop""#)
    };
    let dir = broken("laptop-domain.xml", Some(&rename("laptop-domain.xml")));
    for profile in ["laptop-buyer.xml", "laptop-seller.xml"] {
        std::fs::write(dir.path().join(profile), rename(profile)).unwrap();
    }
    fails_naming(
        dir.path(),
        "laptop-domain.xml",
        "issue `Laptop` appears twice (index 1 and index 2)",
    );
}

#[test]
fn output_paths_in_the_way_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    // import --out an existing folder.
    let stderr = refused(&import(&laptop(), dir.path(), &[]));
    assert!(
        stderr.contains("it is a folder; the case is a file"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: give a file name"), "{stderr}");
    // import --out into a folder that does not exist.
    let missing = dir.path().join("nowhere/case.toml");
    let stderr = refused(&import(&laptop(), &missing, &[]));
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    // export --out an existing file, or a folder below one.
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "keep me").unwrap();
    for target in [file.clone(), file.join("genius")] {
        let stderr = refused(&negsim(&[
            "export",
            "genius",
            "job-offer",
            "--out",
            target.to_str().unwrap(),
        ]));
        assert!(stderr.contains("file"), "{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["notes.txt"], "nothing else is written");
}

#[test]
fn a_domain_with_more_values_than_an_issue_may_have_is_refused_as_it_is_read() {
    // Defect: import was quadratic in the items of an issue and checked the 255-option limit
    // only at the end (16,000 items took 1.2 s, 200,000 items ran for minutes).
    for count in [256, 200_000] {
        let items: String = (1..=count)
            .map(|i| format!("        <item index=\"{i}\" value=\"v{i}\"/>\n"))
            .collect();
        let domain = format!(
            "<?xml version=\"1.0\"?>\n<negotiation_template>\n  <utility_space>\n    <objective name=\"big\">\n      <issue name=\"Many\" index=\"1\" etype=\"discrete\">\n{items}      </issue>\n    </objective>\n  </utility_space>\n</negotiation_template>\n"
        );
        let dir = broken("laptop-domain.xml", Some(&domain));
        fails_naming(
            dir.path(),
            "laptop-domain.xml",
            "issue `Many` (line 5) has more than 255 values",
        );
        let stderr = String::from_utf8_lossy(
            &negsim(&["import", "genius", dir.path().to_str().unwrap()]).stderr,
        )
        .to_string();
        assert!(
            stderr.contains("line 261"),
            "the 256th item's line: {stderr}"
        );
    }
}
