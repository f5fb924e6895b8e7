//! GENIUS / ANAC scenarios: a folder with one domain XML (root `negotiation_template`: the
//! issues and their values) and one utility-profile XML per party (root `utility_space`:
//! issue weights, an evaluation per value, a reservation value and a discount factor).
//!
//! Import follows GENIUS's own reading of a profile: a value's utility is its evaluation
//! divided by the largest evaluation of its issue, so every valuation lands in [0, 1]; weights
//! are taken as written (negsim normalises them); the reservation value becomes the BATNA;
//! the discount factor is kept on the stakeholder. GENIUS has no world value: every option
//! gets the neutral [`NEUTRAL_WORLD_VALUE`], which is also the world threshold and the world
//! value without agreement, so the world neither favours nor blocks any package.
//!
//! Export writes the reverse: evaluations are negsim's valuations, weights its normalised
//! weights. GENIUS rescales each issue's evaluations by their maximum, so a stakeholder whose
//! best option on an issue is valued below 1 gets different utilities there; export reports
//! such issues.

use crate::error::{Error, Result};
use crate::model::case::{Case, Issue, IssueOption, MAX_ISSUES, MAX_OPTIONS, StakeholderInterests};
use crate::model::label::Label;
use indexmap::IndexMap;
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// World value of every imported option, world threshold and world value without agreement.
pub const NEUTRAL_WORLD_VALUE: f64 = 0.5;

#[derive(Debug, Default, Deserialize, Serialize)]
struct UtilitySpace {
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(
        rename = "@number_of_issues",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    number_of_issues: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    objective: Option<Objective>,
    #[serde(rename = "issue", default, skip_serializing_if = "Vec::is_empty")]
    issues: Vec<IssueXml>,
    #[serde(rename = "weight", default, skip_serializing_if = "Vec::is_empty")]
    weights: Vec<Weight>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reservation: Option<ValueAttr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discount_factor: Option<ValueAttr>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct Objective {
    #[serde(rename = "@index", default)]
    index: u32,
    #[serde(rename = "@name", default)]
    name: String,
    #[serde(rename = "@type", default)]
    kind: String,
    #[serde(rename = "@etype", default)]
    etype: String,
    #[serde(rename = "issue", default)]
    issues: Vec<IssueXml>,
    #[serde(rename = "weight", default, skip_serializing_if = "Vec::is_empty")]
    weights: Vec<Weight>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct IssueXml {
    #[serde(rename = "@index")]
    index: usize,
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(rename = "@etype", default, skip_serializing_if = "Option::is_none")]
    etype: Option<String>,
    #[serde(rename = "@vtype", default, skip_serializing_if = "Option::is_none")]
    vtype: Option<String>,
    #[serde(rename = "item", default)]
    items: Vec<Item>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct Item {
    #[serde(rename = "@index")]
    index: usize,
    #[serde(rename = "@value")]
    value: String,
    #[serde(
        rename = "@evaluation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    evaluation: Option<f64>,
    #[serde(
        rename = "@description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    description: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
struct Weight {
    #[serde(rename = "@index")]
    index: usize,
    #[serde(rename = "@value")]
    value: f64,
}

#[derive(Debug, Deserialize, Serialize)]
struct ValueAttr {
    #[serde(rename = "@value")]
    value: f64,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "negotiation_template")]
struct Template {
    utility_space: UtilitySpace,
}

impl UtilitySpace {
    fn issues(&self) -> &[IssueXml] {
        match &self.objective {
            Some(o) if !o.issues.is_empty() => &o.issues,
            _ => &self.issues,
        }
    }

    fn weights(&self) -> &[Weight] {
        match &self.objective {
            Some(o) if !o.weights.is_empty() => &o.weights,
            _ => &self.weights,
        }
    }
}

/// What kind of GENIUS file an XML file is.
enum Root {
    Domain,
    Profile,
    Other,
}

/// The root element's name of an XML text; malformed XML is an error naming the line.
fn root_of(text: &str, path: &Path) -> Result<Root> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let position = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.name().as_ref().to_string();
                return Ok(match name.as_str() {
                    "negotiation_template" => Root::Domain,
                    "utility_space" => Root::Profile,
                    _ => Root::Other,
                });
            }
            Ok(Event::Eof) => {
                return Err(Error::input("no XML element found").in_file(path));
            }
            Ok(_) => {}
            Err(e) => {
                return Err(Error::input(format!("malformed XML: {e}"))
                    .in_file(path)
                    .at_line(Some(line_at(text, position))));
            }
        }
    }
}

/// The 1-based line of a byte offset (the XML reader's positions are bytes, and may fall
/// inside a character).
fn line_at(text: &str, offset: usize) -> usize {
    let before = &text.as_bytes()[..offset.min(text.len())];
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

fn read(path: &Path) -> Result<String> {
    let limit = crate::source::file::MAX_CONFIG_BYTES;
    let bytes = crate::source::file::read_limited(path, limit).map_err(|e| {
        let mut err = Error::input(format!("cannot read the file: {e}")).in_file(path);
        if let crate::source::file::ReadError::TooLarge(_) = e {
            err = err.with_hint(format!(
                "negsim reads GENIUS files of at most {} MiB; a scenario is a few kilobytes",
                limit >> 20
            ));
        }
        err
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| Error::input("not UTF-8 text").in_file(path))?;
    // GENIUS files often start with a byte-order mark.
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, path: &Path) -> Result<T> {
    // Check well-formedness and size first, in one pass: the reader knows where an error
    // is, and a file with more issues or values than a case may have is refused before it
    // is read into memory (and before anything quadratic in its size could run).
    let mut reader = quick_xml::Reader::from_str(text);
    let mut issues = 0usize;
    let mut items = 0usize;
    let mut issue_name = String::new();
    let mut issue_line = 0usize;
    loop {
        let position = reader.buffer_position() as usize;
        let element = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => e,
            Ok(_) => continue,
            Err(e) => {
                return Err(Error::input(format!("malformed XML: {e}"))
                    .in_file(path)
                    .at_line(Some(line_at(text, position))));
            }
        };
        match element.name().as_ref() {
            "issue" => {
                issues += 1;
                items = 0;
                issue_line = line_at(text, position);
                issue_name = element
                    .try_get_attribute("name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                if issues > MAX_ISSUES {
                    return Err(Error::input(format!(
                        "more than {MAX_ISSUES} issues; a negsim case has at most {MAX_ISSUES}"
                    ))
                    .in_file(path)
                    .at_line(Some(issue_line)));
                }
            }
            "item" => {
                items += 1;
                if items > MAX_OPTIONS {
                    return Err(Error::input(format!(
                        "issue `{issue_name}` (line {issue_line}) has more than {MAX_OPTIONS} values; a negsim issue has at most {MAX_OPTIONS} options"
                    ))
                    .in_file(path)
                    .at_line(Some(line_at(text, position)))
                    .with_hint("group the values into at most 255 ranges before importing"));
                }
            }
            _ => {}
        }
    }
    quick_xml::de::from_str(text).map_err(|e| {
        Error::input(format!("not a GENIUS file as expected: {e}"))
            .in_file(path)
            .with_hint("expected a GENIUS domain (negotiation_template) or profile (utility_space) with discrete issues")
    })
}

/// A GENIUS scenario folder, read: the domain file and the profile files, in name order.
#[derive(Clone, Debug)]
pub struct GeniusScenario {
    /// The domain file.
    pub domain: PathBuf,
    /// The profile files, one per party.
    pub profiles: Vec<PathBuf>,
}

/// Finds the domain and the profiles in a folder (by their root elements).
pub fn scan(folder: &Path) -> Result<GeniusScenario> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        Error::input(format!("cannot read the folder: {e}"))
            .in_file(folder)
            .with_hint("give the folder that holds the GENIUS domain and profile XML files")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    let mut domains = Vec::new();
    let mut profiles = Vec::new();
    for f in files {
        match root_of(&read(&f)?, &f)? {
            Root::Domain => domains.push(f),
            Root::Profile => profiles.push(f),
            Root::Other => {}
        }
    }
    let domain = match domains.len() {
        1 => domains.remove(0),
        0 => {
            return Err(Error::input(
                "no GENIUS domain file (an XML file whose root is <negotiation_template>)",
            )
            .in_file(folder));
        }
        _ => {
            return Err(Error::input(format!(
                "{} domain files; a scenario folder holds exactly one",
                domains.len()
            ))
            .in_file(folder));
        }
    };
    if profiles.len() < 2 {
        return Err(Error::input(format!(
            "missing profiles: found {} utility profile(s) (XML files whose root is <utility_space>); a case needs at least 2",
            profiles.len()
        ))
        .in_file(folder)
        .with_hint("put one profile XML per party next to the domain file"));
    }
    Ok(GeniusScenario { domain, profiles })
}

/// Lower-case key from a name: letters and digits, other runs become `-`.
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "x".into() } else { s }
}

/// A key from `name`, made unique among `taken`.
fn unique_key(name: &str, taken: &mut HashSet<String>) -> String {
    let base = slug(name);
    let mut key = base.clone();
    let mut n = 2;
    while !taken.insert(key.clone()) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// Imports a GENIUS scenario folder as a negsim case (validated).
pub fn import(folder: &Path) -> Result<Case> {
    let scenario = scan(folder)?;
    let domain = (scenario.domain.clone(), read(&scenario.domain)?);
    let profiles = scenario
        .profiles
        .iter()
        .map(|p| Ok((p.clone(), read(p)?)))
        .collect::<Result<Vec<_>>>()?;
    import_texts(folder, &domain, &profiles)
}

/// Imports a GENIUS scenario from the texts of its domain and profile files (each with the
/// path it is reported under); `folder` names the case. The work of [`import`], without the
/// file system.
pub fn import_texts(
    folder: &Path,
    domain: &(PathBuf, String),
    profiles: &[(PathBuf, String)],
) -> Result<Case> {
    let domain_path = &domain.0;
    let template: Template = parse(&domain.1, domain_path)?;
    let space = &template.utility_space;
    let domain_issues = space.issues();
    if domain_issues.is_empty() {
        return Err(Error::input("the domain has no issues").in_file(domain_path));
    }
    check_unique(domain_issues, domain_path)?;
    let mut issue_keys = HashSet::new();
    let mut issues = Vec::with_capacity(domain_issues.len());
    for issue in domain_issues {
        let kind = issue
            .kind
            .as_deref()
            .or(issue.etype.as_deref())
            .unwrap_or("discrete");
        if kind != "discrete" || issue.items.is_empty() {
            return Err(Error::input(format!(
                "issue `{}` is {kind}{}; negsim imports discrete issues only",
                issue.name,
                if issue.items.is_empty() {
                    " without items"
                } else {
                    ""
                }
            ))
            .in_file(domain_path)
            .with_hint("discretise integer and real issues into values first"));
        }
        let mut option_keys = HashSet::new();
        issues.push(Issue {
            key: unique_key(&issue.name, &mut issue_keys),
            label: Label::plain(issue.name.clone()),
            world_weight: 1.0,
            comparative: None,
            options: issue
                .items
                .iter()
                .map(|item| IssueOption {
                    key: unique_key(&item.value, &mut option_keys),
                    label: Label::plain(item.value.clone()),
                    world_value: NEUTRAL_WORLD_VALUE,
                    hidden: false,
                })
                .collect(),
        });
    }
    let mut stakeholder_keys = HashSet::new();
    let mut stakeholders = Vec::with_capacity(profiles.len());
    for (path, text) in profiles {
        let profile: UtilitySpace = parse(text, path)?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let interests = interests_of(&profile, domain_issues, &issues, path)?;
        stakeholders.push(StakeholderInterests {
            key: unique_key(&stem, &mut stakeholder_keys),
            label: Label::plain(stem),
            ..interests
        });
    }
    let name = folder
        .file_name()
        .map(|n| slug(&n.to_string_lossy()))
        .unwrap_or_else(|| "genius".into());
    let title = space
        .objective
        .as_ref()
        .map(|o| o.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| name.clone());
    let case = Case {
        name,
        title: Label::plain(title),
        story: Label::default(),
        world_threshold: NEUTRAL_WORLD_VALUE,
        world_value_no_agreement: NEUTRAL_WORLD_VALUE,
        issues,
        stakeholders,
    };
    case.validate().map_err(|e| {
        e.in_file(folder)
            .with_hint("the imported scenario is not a valid negsim case")
    })?;
    Ok(case)
}

/// Refuses a file with two issues of the same name, or an issue with the same value twice:
/// a profile's evaluations are matched to the domain's issues and values by name, so a
/// repeated name would silently give one value's evaluation to the other.
fn check_unique(issues: &[IssueXml], path: &Path) -> Result<()> {
    let mut names: HashMap<&str, &IssueXml> = HashMap::with_capacity(issues.len());
    for issue in issues {
        if let Some(first) = names.insert(&issue.name, issue) {
            return Err(Error::input(format!(
                "issue `{}` appears twice (index {} and index {}); issue names must differ",
                issue.name, first.index, issue.index
            ))
            .in_file(path)
            .with_hint(
                "evaluations are matched to issues by name: rename one of the issues, in the domain and in every profile",
            ));
        }
        let mut values: HashMap<&str, &Item> = HashMap::with_capacity(issue.items.len());
        for item in &issue.items {
            if let Some(first) = values.insert(&item.value, item) {
                return Err(Error::input(format!(
                    "issue `{}` has the value `{}` twice (item {} and item {}); the values of an issue must differ",
                    issue.name, item.value, first.index, item.index
                ))
                .in_file(path)
                .with_hint(
                    "evaluations are matched to values by name: rename one of the values, in the domain and in every profile",
                ));
            }
        }
    }
    Ok(())
}

/// One profile's weights, valuations, reservation value and discount factor.
fn interests_of(
    profile: &UtilitySpace,
    domain_issues: &[IssueXml],
    issues: &[Issue],
    path: &Path,
) -> Result<StakeholderInterests> {
    let err = |m: String| Error::input(m).in_file(path);
    check_unique(profile.issues(), path)?;
    let mut weights = IndexMap::new();
    let mut values = IndexMap::new();
    for (domain_issue, issue) in domain_issues.iter().zip(issues) {
        let Some(own) = profile
            .issues()
            .iter()
            .find(|p| p.name == domain_issue.name)
        else {
            return Err(err(format!(
                "no evaluations for issue `{}` of the domain",
                domain_issue.name
            )));
        };
        let weight = profile
            .weights()
            .iter()
            .find(|w| w.index == own.index)
            .or_else(|| {
                profile
                    .weights()
                    .iter()
                    .find(|w| w.index == domain_issue.index)
            })
            .map(|w| w.value)
            .ok_or_else(|| err(format!("no weight for issue `{}`", domain_issue.name)))?;
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(err(format!(
                "the weight of issue `{}` must be 0 or more, found {weight}",
                domain_issue.name
            )));
        }
        let own_items: HashMap<&str, &Item> =
            own.items.iter().map(|x| (x.value.as_str(), x)).collect();
        let mut evaluations = Vec::with_capacity(domain_issue.items.len());
        for item in &domain_issue.items {
            let e = own_items
                .get(item.value.as_str())
                .and_then(|x| x.evaluation)
                .ok_or_else(|| {
                    err(format!(
                        "no evaluation for value `{}` of issue `{}`",
                        item.value, domain_issue.name
                    ))
                })?;
            if !(e.is_finite() && e >= 0.0) {
                return Err(err(format!(
                    "evaluations must be 0 or more, found {e} for value `{}` of issue `{}`",
                    item.value, domain_issue.name
                )));
            }
            evaluations.push(e);
        }
        // GENIUS: a value's utility is its evaluation over the issue's largest evaluation.
        let max = evaluations.iter().copied().fold(0.0, f64::max);
        let valuations = evaluations
            .iter()
            .map(|&e| if max > 0.0 { e / max } else { 0.0 })
            .collect();
        weights.insert(issue.key.clone(), weight);
        values.insert(issue.key.clone(), valuations);
    }
    let batna = profile.reservation.as_ref().map_or(0.0, |r| r.value);
    if !(0.0..=1.0).contains(&batna) {
        return Err(err(format!(
            "the reservation value must be between 0 and 1, found {batna}"
        )));
    }
    let discount = profile.discount_factor.as_ref().map(|d| d.value);
    // GENIUS writes 0 for "no discount"; negsim keeps a factor in (0, 1].
    let discount_factor = discount.filter(|&d| d > 0.0 && d < 1.0);
    if let Some(d) = discount
        && !(0.0..=1.0).contains(&d)
    {
        return Err(err(format!(
            "the discount factor must be between 0 and 1, found {d}"
        )));
    }
    Ok(StakeholderInterests {
        key: String::new(),
        label: Label::default(),
        batna,
        weights,
        values,
        discount_factor,
    })
}

/// A note about an exported case that GENIUS will read differently.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportNote {
    /// Stakeholder key.
    pub stakeholder: String,
    /// Issue key.
    pub issue: String,
    /// The stakeholder's best valuation on the issue (GENIUS rescales it to 1).
    pub best: f64,
}

/// Writes a case as a GENIUS scenario into `folder` (created; must not hold XML files of
/// another scenario): `<case>-domain.xml` and one `<stakeholder>.xml` per stakeholder.
/// The folder is written next to its final place and renamed into it, so nothing is left
/// half-written. Returns the issues GENIUS will rescale.
pub fn export(case: &Case, folder: &Path) -> Result<Vec<ExportNote>> {
    case.validate()?;
    check_export_folder(folder)?;
    if folder.exists() {
        let has_xml = std::fs::read_dir(folder)
            .map_err(|e| Error::io(folder, &e))?
            .filter_map(|e| e.ok())
            .any(|e| e.path().extension().is_some_and(|x| x == "xml"));
        if has_xml {
            return Err(Error::input("the folder already holds XML files")
                .in_file(folder)
                .with_hint("export into a new or empty folder"));
        }
    }
    let name = if case.name.is_empty() {
        "case".to_string()
    } else {
        slug(&case.name)
    };
    let issues_xml = |with_evaluations: Option<usize>| -> Vec<IssueXml> {
        case.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| IssueXml {
                index: i + 1,
                // A name, as a heading: "timeline", not the running text's "the timeline".
                name: if issue.label.en.is_empty() {
                    issue.key.clone()
                } else {
                    issue
                        .label
                        .heading(crate::model::label::Lang::En)
                        .to_string()
                },
                kind: Some("discrete".into()),
                etype: Some("discrete".into()),
                vtype: Some("discrete".into()),
                items: issue
                    .options
                    .iter()
                    .enumerate()
                    .map(|(o, opt)| Item {
                        index: o + 1,
                        value: option_value(opt),
                        evaluation: with_evaluations.map(|s| case.values(s, i)[o]),
                        description: None,
                    })
                    .collect(),
            })
            .collect()
    };
    let title = if case.title.en.is_empty() {
        name.clone()
    } else {
        case.title.en.clone()
    };
    let objective = |issues: Vec<IssueXml>, weights: Vec<Weight>| Objective {
        index: 0,
        name: title.clone(),
        kind: "objective".into(),
        etype: "objective".into(),
        issues,
        weights,
    };
    let mut files: Vec<(String, String)> = Vec::new();
    let domain = Template {
        utility_space: UtilitySpace {
            number_of_issues: Some(case.issues.len()),
            objective: Some(objective(issues_xml(None), Vec::new())),
            ..UtilitySpace::default()
        },
    };
    files.push((
        format!("{name}-domain.xml"),
        to_xml(&domain, "negotiation_template")?,
    ));
    let mut notes = Vec::new();
    // Profiles are named by stakeholder key, so that importing the folder gives the keys back.
    let mut taken = HashSet::from([format!("{name}-domain")]);
    for (s, st) in case.stakeholders.iter().enumerate() {
        let weights = case
            .weights(s)
            .iter()
            .enumerate()
            .map(|(i, &w)| Weight {
                index: i + 1,
                value: w,
            })
            .collect();
        for (i, issue) in case.issues.iter().enumerate() {
            let best = case.values(s, i).iter().copied().fold(0.0, f64::max);
            if best > 0.0 && best < 1.0 {
                notes.push(ExportNote {
                    stakeholder: st.key.clone(),
                    issue: issue.key.clone(),
                    best,
                });
            }
        }
        let profile = UtilitySpace {
            kind: Some("any".into()),
            number_of_issues: Some(case.issues.len()),
            objective: Some(objective(issues_xml(Some(s)), weights)),
            reservation: Some(ValueAttr { value: st.batna }),
            discount_factor: Some(ValueAttr {
                value: st.discount_factor.unwrap_or(1.0),
            }),
            ..UtilitySpace::default()
        };
        let file = format!("{}.xml", unique_key(&st.key, &mut taken));
        files.push((file, to_xml(&profile, "utility_space")?));
    }
    write_folder(folder, &files)?;
    Ok(notes)
}

/// Checks that a scenario can be exported into `folder` before anything is written: it is a
/// folder or does not exist yet, and no part of its path is a file. (A folder that already
/// holds XML files is refused by [`export`].)
pub fn check_export_folder(folder: &Path) -> Result<()> {
    let refuse = |what: String, hint: String| {
        Err(
            Error::input(format!("cannot export into {}: {what}", folder.display()))
                .at_key("--out")
                .with_hint(hint),
        )
    };
    if folder.as_os_str().is_empty() {
        return refuse(
            "the path is empty".into(),
            "give a folder, e.g. --out genius/my-case".into(),
        );
    }
    if folder.exists() && !folder.is_dir() {
        return refuse(
            "it is a file; a GENIUS scenario is a folder of XML files".into(),
            format!(
                "give a new or empty folder, e.g. --out {}-genius",
                folder.display()
            ),
        );
    }
    if let Some(file) = folder
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| a.exists() && !a.is_dir())
    {
        return refuse(
            format!("{} is a file, not a folder", file.display()),
            "export into a folder whose parents are folders".into(),
        );
    }
    Ok(())
}

/// The GENIUS value of an option: its English label, else its key.
fn option_value(opt: &IssueOption) -> String {
    if opt.label.en.is_empty() {
        opt.key.clone()
    } else {
        opt.label.en.clone()
    }
}

fn to_xml<T: Serialize>(value: &T, root: &str) -> Result<String> {
    let mut body = String::new();
    let mut ser = quick_xml::se::Serializer::with_root(&mut body, Some(root))
        .map_err(|e| Error::input(format!("cannot write XML: {e}")))?;
    ser.indent(' ', 2);
    value
        .serialize(ser)
        .map_err(|e| Error::input(format!("cannot write XML: {e}")))?;
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n"
    ))
}

/// Writes files into a fresh sibling folder, then renames it into place (or, if the target
/// exists and is empty, moves the files in one by one after they are all written).
fn write_folder(folder: &Path, files: &[(String, String)]) -> Result<()> {
    let parent = folder
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
    let leaf = folder
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "genius".into());
    let staging = parent.join(format!(".{leaf}.partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, &e))?;
    let result = (|| {
        for (file, text) in files {
            let path = staging.join(file);
            std::fs::write(&path, text).map_err(|e| Error::io(&path, &e))?;
        }
        if folder.exists() {
            for (file, _) in files {
                std::fs::rename(staging.join(file), folder.join(file))
                    .map_err(|e| Error::io(&folder.join(file), &e))?;
            }
            std::fs::remove_dir(&staging).map_err(|e| Error::io(&staging, &e))
        } else {
            std::fs::rename(&staging, folder).map_err(|e| Error::io(folder, &e))
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_inside_a_character_is_reported_at_its_line() {
        // Found by the fuzzer: a byte-order mark and broken XML made the reader report an
        // offset inside the mark, and counting lines sliced the text there.
        let text = "\u{feff}m<\u{7f}xs'ign=\"0.0";
        let domain = (PathBuf::from("domain.xml"), text.to_string());
        let e = import_texts(Path::new("x"), &domain, &[]).unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        assert_eq!(line_at("é\nx", 1), 1);
        assert_eq!(line_at("é\nx", 3), 2);
    }
}
