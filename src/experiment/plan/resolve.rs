//! Resolving one cell: the experiment's base, a condition's overrides and a sweep point's
//! values merged into one scenario, read and checked against its case.

use super::blame::{
    blame_the_variation, key_set_in_experiment, locate_scenario_error, name_choices,
};
use super::toml_tree::{deep_merge, set_path};
use crate::error::{Error, Result, nearest};
use crate::experiment::file::{ExperimentFile, value_label};
use crate::experiment::library::{Library, locate};
use crate::experiment::scenario::{DEFAULT_CULTURE, Scenario};
use crate::model::case::Case;
use crate::model::organisation::OrganisationConfig;
use crate::protocol::inverter::check_outcome_space;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::Agenda;
use crate::source::Source;
use std::collections::BTreeMap;

/// Resolves one condition at one sweep point into a scenario (and the named case's source).
pub(super) fn resolve(
    file: &ExperimentFile,
    library: &Library,
    condition: usize,
    point: &[(String, toml::Value)],
    sources: &mut BTreeMap<String, Source>,
) -> Result<(Scenario, Option<Source>)> {
    let mut merged = file.base.clone();
    deep_merge(&mut merged, &file.conditions[condition].overrides);
    for (k, v) in point.iter().filter(|(k, _)| k == "culture" || k == "case") {
        merged.insert(k.clone(), v.clone());
    }
    let culture_name = match merged.get("culture") {
        None => DEFAULT_CULTURE.to_string(),
        Some(toml::Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(locate_scenario_error(
                Error::input("`culture` must be a culture name or file").at_key("culture"),
                file,
                condition,
                point,
            ));
        }
    };
    let (culture, culture_source) = library.culture(&culture_name).map_err(|e| {
        if e.file.is_none() {
            locate_scenario_error(e.at_key("culture"), file, condition, point)
        } else {
            e
        }
    })?;
    sources.insert(format!("cultures/{culture_name}"), culture_source.clone());
    let mut resolved = toml::Table::new();
    resolved.insert(
        "traits".into(),
        toml::Value::try_from(culture.traits).map_err(|e| Error::input(e.to_string()))?,
    );
    resolved.insert(
        "norms".into(),
        toml::Value::try_from(culture.norms).map_err(|e| Error::input(e.to_string()))?,
    );
    if let Some(tactic) = culture.tactic {
        resolved.insert("tactic".into(), toml::Value::String(tactic));
    }
    deep_merge(&mut resolved, &merged);
    for (k, v) in point.iter().filter(|(k, _)| k != "culture" && k != "case") {
        set_path(&mut resolved, k, v.clone());
    }
    seat_the_whole_case(&mut resolved, library).map_err(|e| {
        if e.file.is_none() {
            locate_scenario_error(e.at_key("case"), file, condition, point)
        } else {
            e
        }
    })?;
    fill_organisation_defaults(&mut resolved)?;
    let resolved = toml::Value::Table(resolved);
    let scenario: Scenario = serde_path_to_error::deserialize(resolved.clone()).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().message().to_string();
        let err = name_choices::<Scenario>(&resolved, &path, &message)
            .unwrap_or_else(|| crate::source::humane(&message));
        let mut err = if path.is_empty() || path == "." {
            err
        } else {
            err.at_key(path)
        };
        // A tactic that is neither built in nor registered, and not a slip of one that is.
        if err.hint.is_none()
            && crate::error::key_leaf(err.key.as_deref()) == "tactic"
            && err.message.starts_with("unknown value")
        {
            err.hint = Some(crate::experiment::library::REGISTER_A_STRATEGY.into());
        }
        locate_scenario_error(err, file, condition, point)
    })?;
    scenario.validate().map_err(|mut e| {
        blame_the_variation(&mut e, file, condition, point);
        if e.key
            .as_deref()
            .is_some_and(|k| k.starts_with("traits.") || k.starts_with("norms.") || k == "tactic")
            && !key_set_in_experiment(file, condition, point, e.key.as_deref().unwrap_or(""))
        {
            locate(e, &culture_source)
        } else {
            locate_scenario_error(e, file, condition, point)
        }
    })?;
    let case_source = match &scenario.case {
        Some(name) => {
            let src = library
                .find(crate::experiment::library::Kind::Case, name)
                .map_err(|e| locate_scenario_error(e.at_key("case"), file, condition, point))?;
            sources.insert(format!("cases/{name}"), src.clone());
            Some(src)
        }
        None => None,
    };
    Ok((scenario, case_source))
}

/// Checks the parts of a scenario that refer to the case: stakeholder pins, agenda order, and
/// whether classic tactics can search its outcome space.
pub(super) fn check_against_case(scenario: &Scenario, case: &Case) -> Result<()> {
    if scenario.protocol == ProtocolKind::AlternatingOffers || scenario.seats_a_strategy() {
        let key = if scenario.case.is_some() {
            "case"
        } else {
            "case_generator"
        };
        check_outcome_space(case).map_err(|e| e.at_key(key))?;
    }
    if let Some(org) = &scenario.organisation
        && scenario.case.is_some()
        && (org.group_size.min != case.stakeholders.len()
            || org.group_size.max != case.stakeholders.len())
    {
        return Err(Error::input(format!(
            "case `{}` has {} stakeholders, so every table needs exactly {} people; group_size is {} to {}",
            case.name,
            case.stakeholders.len(),
            case.stakeholders.len(),
            org.group_size.min,
            org.group_size.max
        ))
        .at_key("organisation.group_size")
        .with_hint(format!(
            "leave group_size out (tables are then the case's size), or use a [case_generator] \
             for tables of {} to {} people",
            org.group_size.min, org.group_size.max
        )));
    }
    let keys: Vec<String> = case.stakeholders.iter().map(|s| s.key.clone()).collect();
    for key in scenario.stakeholders.keys() {
        if !keys.contains(key) {
            let mut e = Error::input(format!("case `{}` has no stakeholder `{key}`", case.name))
                .at_key(format!("stakeholders.{key}"));
            e.hint = Some(match nearest(key, &keys) {
                Some(n) => format!(
                    "did you mean `{n}`? The stakeholders are: {}",
                    keys.join(", ")
                ),
                None => format!("the stakeholders are: {}", keys.join(", ")),
            });
            return Err(e);
        }
    }
    if scenario.agenda == Agenda::Sequential && !scenario.agenda_order.is_empty() {
        let issues: Vec<String> = case.issues.iter().map(|i| i.key.clone()).collect();
        for k in &scenario.agenda_order {
            if !issues.contains(k) {
                return Err(
                    Error::input(format!("unknown issue `{k}` in the agenda order"))
                        .at_key("agenda_order")
                        .with_hint(format!("the issues are: {}", issues.join(", "))),
                );
            }
        }
        let mut sorted = scenario.agenda_order.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != issues.len() || scenario.agenda_order.len() != issues.len() {
            return Err(
                Error::input("the agenda order must list every issue exactly once")
                    .at_key("agenda_order")
                    .with_hint(format!("the issues are: {}", issues.join(", "))),
            );
        }
    }
    Ok(())
}

/// Completes a scenario's `organisation` table with the defaults of every field it leaves out,
/// nested tables included, so that a partial table such as `organisation.group_size.max = 4`
/// or `organisation.training.timing.start = 2` keeps the other fields of its default (the
/// training's own timing, not a generic one) instead of failing for want of them. Unknown
/// keys stay in and are refused when the scenario is read.
/// An organisation that negotiates one fixed case seats its stakeholders at every table, so
/// when it does not say how large its tables are they are the case's size (the default of 3
/// to 6 fits no case of 2 or 7).
fn seat_the_whole_case(resolved: &mut toml::Table, library: &Library) -> Result<()> {
    let Some(toml::Value::String(name)) = resolved.get("case").cloned() else {
        return Ok(());
    };
    let Some(toml::Value::Table(org)) = resolved.get("organisation") else {
        return Ok(());
    };
    if org.contains_key("group_size") {
        return Ok(());
    }
    let source = library.find(crate::experiment::library::Kind::Case, &name)?;
    let n = crate::experiment::library::load_case(&source, &name)?
        .stakeholders
        .len() as i64;
    if let Some(toml::Value::Table(org)) = resolved.get_mut("organisation") {
        let mut size = toml::Table::new();
        size.insert("min".into(), toml::Value::Integer(n));
        size.insert("max".into(), toml::Value::Integer(n));
        org.insert("group_size".into(), toml::Value::Table(size));
    }
    Ok(())
}

fn fill_organisation_defaults(resolved: &mut toml::Table) -> Result<()> {
    let Some(toml::Value::Table(given)) = resolved.get_mut("organisation") else {
        return Ok(());
    };
    let toml::Value::Table(mut full) = toml::Value::try_from(OrganisationConfig::default())
        .map_err(|e| Error::input(e.to_string()))?
    else {
        return Ok(());
    };
    deep_merge(&mut full, given);
    *given = full;
    Ok(())
}

/// Adds the sweep point to an error the sweep took part in without being blamed for it: a key
/// written in [base] or a condition that only fails together with a sweep value (`stop = 3`
/// in [base], `start = 5` swept). The point is named when the same condition without the
/// sweep gives no error or a different one.
pub(super) fn name_sweep_point(
    mut err: Error,
    file: &ExperimentFile,
    library: &Library,
    condition: usize,
    point: &[(String, toml::Value)],
) -> Error {
    if point.is_empty() || err.key.as_deref().is_some_and(|k| k.starts_with("sweep.")) {
        return err;
    }
    let unswept = resolve(file, library, condition, &[], &mut BTreeMap::new());
    if unswept.is_err_and(|e| e.message == err.message && e.key == err.key) {
        return err;
    }
    let values: Vec<String> = point
        .iter()
        .map(|(k, v)| format!("{k} = {}", value_label(v)))
        .collect();
    err.message = format!("{} (at the sweep point {})", err.message, values.join(", "));
    err
}
