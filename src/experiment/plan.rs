//! The plan: every (sweep point x condition) resolved to a scenario, and every process
//! numbered. Process ids run sweep point (outermost), replication, condition (innermost), so
//! that the conditions of one replication sit side by side and share their random streams.

use crate::error::{Error, Result};
use crate::experiment::file::{ExperimentFile, SweepMode, value_label};
use crate::experiment::library::{Library, load_case, locate, nearest};
use crate::experiment::scenario::{DEFAULT_CULTURE, Scenario, StakeholderPin};
use crate::model::case::Case;
use crate::model::generator::CaseGenerator;
use crate::model::prepared::PreparedCase;
use crate::organisation::config::OrganisationConfig;
use crate::protocol::inverter::check_outcome_space;
use crate::protocol::parameters::Parameters;
use crate::protocol::setup::{Agenda, Observe, ProtocolKind, Rules, SeatSetup, TableSetup, Tactic};
use crate::rng::{Purpose, StreamKey};
use crate::source::Source;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a cell's case comes from.
#[derive(Clone, Debug)]
pub enum CaseSpec {
    /// One hand-written case for every process.
    Fixed(Arc<PreparedCase>),
    /// A case generated per replication (or once, with a fixed generator seed).
    Generated {
        /// The generator.
        generator: CaseGenerator,
        /// A stable text key of the generator, for caching.
        key: String,
    },
}

/// One condition at one sweep point.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Condition index.
    pub condition: usize,
    /// Sweep point index.
    pub point: usize,
    /// The resolved scenario.
    pub scenario: Scenario,
    /// The case.
    pub case: CaseSpec,
    /// Model parameters.
    pub params: Arc<Parameters>,
    /// Values of the sweep columns for this cell (the varied axis first in one-at-a-time mode,
    /// then every axis key with the value in effect).
    pub labels: Vec<String>,
    /// For organisations: the trait distributions newcomers are hired from.
    pub hiring: Option<crate::model::culture::TraitDistributions>,
}

/// A resolved experiment.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The experiment file.
    pub file: ExperimentFile,
    /// Cells, `[point * conditions + condition]`.
    pub cells: Vec<Cell>,
    /// Experiment seed (possibly overridden on the command line).
    pub seed: u64,
    /// Replications.
    pub replications: u64,
    /// Case and culture files used, by name, for provenance and replays.
    pub sources: BTreeMap<String, Source>,
}

/// What one process is: its place in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessRef {
    /// Process id.
    pub id: u64,
    /// Sweep point.
    pub point: usize,
    /// Replication.
    pub replication: u64,
    /// Condition.
    pub condition: usize,
}

impl Plan {
    /// Resolves every cell; any error in any cell is reported before anything runs.
    pub fn build(file: ExperimentFile, seed: Option<u64>) -> Result<Plan> {
        Plan::build_with(file, seed, None)
    }

    /// As [`Plan::build`], with a given library (e.g. texts from a manifest).
    pub fn build_with(
        file: ExperimentFile,
        seed: Option<u64>,
        library: Option<Library>,
    ) -> Result<Plan> {
        let library = library.unwrap_or_else(|| Library::near(&file.source.path));
        let mut sources = BTreeMap::new();
        let mut fixed_cases: BTreeMap<(String, u64), Arc<PreparedCase>> = BTreeMap::new();
        // Sweep keys must name something a scenario has.
        let mut valid: Vec<String> = vec!["culture".into(), "case".into()];
        for c in 0..file.conditions.len() {
            // Without the sweep, or (when the sweep supplies something required, such as
            // the case) with the first sweep point.
            let first: Vec<(String, toml::Value)> = file
                .point(0)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            let (scenario, _) = match resolve(&file, &library, c, &[], &mut sources) {
                Ok(r) => r,
                Err(_) => resolve(&file, &library, c, &first, &mut sources)?,
            };
            let value =
                toml::Value::try_from(&scenario).map_err(|e| Error::input(e.to_string()))?;
            if let toml::Value::Table(t) = value {
                flatten_keys(&t, "", &mut valid);
            }
            // Left out of the scenario's table while unset (newcomers then come from the
            // scenario's culture), but a key a sweep may set.
            if scenario.organisation.is_some() {
                valid.push("organisation.hiring_culture".into());
            }
        }
        valid.sort();
        valid.dedup();
        for axis in &file.sweep {
            if !valid.contains(&axis.key) {
                let mut ranked: Vec<(usize, &String)> = valid
                    .iter()
                    .map(|v| (strsim::damerau_levenshtein(&axis.key, v), v))
                    .collect();
                ranked.sort();
                let close: Vec<&str> = ranked.iter().take(3).map(|(_, v)| v.as_str()).collect();
                let mut e = file.source.error_at(
                    &format!("sweep.{}", axis.key),
                    format!("`{}` is not a scenario key", axis.key),
                );
                e.line = e.line.or_else(|| file.source.line_of("sweep"));
                e.key = Some(format!("sweep.{}", axis.key));
                e.hint = Some(
                    if axis.key.starts_with("organisation.")
                        && !valid.iter().any(|v| v.starts_with("organisation."))
                    {
                        // Organisation keys exist only once an organisation is set up.
                        "organisation keys can be swept in an organisation experiment: add a \
                         [base.organisation] table (see experiments/levers.toml)"
                            .to_string()
                    } else {
                        format!("nearest valid keys: {}", close.join(", "))
                    },
                );
                return Err(e);
            }
        }
        let mut cells = Vec::new();
        for point in 0..file.points() {
            let values: Vec<(String, toml::Value)> = file
                .point(point)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            for condition in 0..file.conditions.len() {
                let (scenario, case_source) =
                    resolve(&file, &library, condition, &values, &mut sources)
                        .map_err(|e| name_sweep_point(e, &file, &library, condition, &values))?;
                let params = Arc::new(scenario.parameters.clone());
                let case = match (&scenario.case, &scenario.case_generator) {
                    (Some(name), _) => {
                        let bound = params.exact_outcome_bound;
                        let key = (name.clone(), bound);
                        if !fixed_cases.contains_key(&key) {
                            let src = case_source.expect("a named case has a source");
                            let case = load_case(&src, name)?;
                            check_against_case(&scenario, &case)
                                .map_err(|e| locate_scenario_error(e, &file, condition, &values))?;
                            fixed_cases
                                .insert(key.clone(), Arc::new(PreparedCase::new(case, bound)));
                        } else {
                            check_against_case(&scenario, &fixed_cases[&key].case)
                                .map_err(|e| locate_scenario_error(e, &file, condition, &values))?;
                        }
                        CaseSpec::Fixed(fixed_cases[&key].clone())
                    }
                    (None, Some(g)) => {
                        let probe = g.generate(&mut StreamKey::new(0, 0).stream(Purpose::Case, 0));
                        check_against_case(&scenario, &probe)
                            .map_err(|e| locate_scenario_error(e, &file, condition, &values))?;
                        CaseSpec::Generated {
                            generator: g.clone(),
                            key: format!(
                                "{}|{}",
                                toml::to_string(g).unwrap_or_default(),
                                params.exact_outcome_bound
                            ),
                        }
                    }
                    (None, None) => unreachable!("validated: a scenario has a case"),
                };
                let labels = sweep_labels(&file, point, &scenario);
                let hiring = match scenario
                    .organisation
                    .as_ref()
                    .map(|o| o.hiring_culture.clone())
                {
                    None => None,
                    Some(None) => Some(scenario.traits),
                    Some(Some(name)) => {
                        let (culture, src) = library.culture(&name).map_err(|e| {
                            if e.file.is_none() {
                                locate_scenario_error(
                                    e.at_key("organisation.hiring_culture"),
                                    &file,
                                    condition,
                                    &values,
                                )
                            } else {
                                e
                            }
                        })?;
                        sources.insert(format!("cultures/{name}"), src);
                        Some(culture.traits)
                    }
                };
                cells.push(Cell {
                    condition,
                    point,
                    scenario,
                    case,
                    params,
                    labels,
                    hiring,
                });
            }
        }
        // An experiment's units are all organisations or all single processes: its outputs
        // are one kind or the other.
        let organisations = cells
            .iter()
            .filter(|c| c.scenario.organisation.is_some())
            .count();
        if organisations > 0 {
            if let Some(single) = cells.iter().find(|c| c.scenario.organisation.is_none()) {
                let name = &file.conditions[single.condition].name;
                return Err(file
                    .source
                    .error_at(
                        &format!("condition.{}", single.condition),
                        format!(
                            "condition `{name}` has no organisation, while others of this experiment have one"
                        ),
                    )
                    .with_hint("put the [organisation] in [base] so every condition has one, or run single processes in an experiment of their own"));
            }
            if file.output.rounds {
                return Err(file
                    .source
                    .error_at(
                        "output.rounds",
                        "rounds.csv is not written for organisation experiments",
                    )
                    .with_hint(
                        "remove `rounds = true`, or run single processes to see their rounds",
                    ));
            }
        }
        // A process experiment's statistics, charts, merges and resumes read both files.
        if organisations == 0 {
            for (key, on) in [
                ("processes", file.output.processes),
                ("stakeholders", file.output.stakeholders),
            ] {
                if !on {
                    return Err(file
                        .source
                        .error_at(
                            &format!("output.{key}"),
                            format!("{key}.csv can be switched off only in organisation experiments; the statistics, charts and merges of single processes are made from it"),
                        )
                        .with_hint(format!("remove `{key} = false`")));
                }
            }
        }
        // An organisation's streams are keyed by replication, cycle and table in 20, 22 and 22
        // bits (see `organisation::engine::table_streams`): more replications would share them.
        if cells.iter().any(|c| c.scenario.organisation.is_some())
            && file.meta.replications > MAX_ORGANISATION_REPLICATIONS
        {
            return Err(file
                .source
                .error_at(
                    "experiment.replications",
                    format!(
                        "an organisation experiment has at most {MAX_ORGANISATION_REPLICATIONS} replications, found {}",
                        file.meta.replications
                    ),
                )
                .with_hint("each replication is a whole organisation over all its cycles; 10 to 100 are typical"));
        }
        Ok(Plan {
            seed: seed.unwrap_or(file.meta.seed),
            replications: file.meta.replications,
            file,
            cells,
            sources,
        })
    }

    /// Number of conditions.
    pub fn conditions(&self) -> usize {
        self.file.conditions.len()
    }

    /// Number of sweep points.
    pub fn points(&self) -> usize {
        self.cells.len() / self.conditions()
    }

    /// True if the units of this experiment are organisations (a `[base.organisation]`).
    pub fn is_organisation(&self) -> bool {
        self.cells.iter().any(|c| c.scenario.organisation.is_some())
    }

    /// The plan's size in words: `7 conditions x 1 sweep point x 1 replication = 7
    /// organisation runs`.
    pub fn size(&self) -> String {
        use crate::text::counted;
        format!(
            "{} x {} x {} = {}",
            counted(self.conditions() as u64, "condition", "conditions"),
            counted(self.points() as u64, "sweep point", "sweep points"),
            counted(self.replications, "replication", "replications"),
            if self.is_organisation() {
                counted(
                    self.process_count(),
                    "organisation run",
                    "organisation runs",
                )
            } else {
                counted(self.process_count(), "process", "processes")
            }
        )
    }

    /// Number of processes (for organisation experiments: organisation runs).
    pub fn process_count(&self) -> u64 {
        self.cells.len() as u64 * self.replications
    }

    /// Where process `id` sits in the plan.
    pub fn locate(&self, id: u64) -> ProcessRef {
        let c = self.conditions() as u64;
        let condition = (id % c) as usize;
        let rest = id / c;
        ProcessRef {
            id,
            point: (rest / self.replications) as usize,
            replication: rest % self.replications,
            condition,
        }
    }

    /// The cell of a process.
    pub fn cell(&self, p: &ProcessRef) -> &Cell {
        &self.cells[p.point * self.conditions() + p.condition]
    }

    /// Sweep values of a point (of its first condition), as labels in column order.
    pub fn point_labels(&self, point: usize) -> Vec<String> {
        self.cells[point * self.conditions()].labels.clone()
    }

    /// Names of the sweep columns in the output files (see [`sweep_column`]).
    pub fn sweep_columns(&self) -> Vec<String> {
        let mut cols = Vec::new();
        if self.file.meta.sweep_mode == SweepMode::OneAtATime && !self.file.sweep.is_empty() {
            cols.push("varied".to_string());
        }
        cols.extend(self.file.sweep.iter().map(|a| sweep_column(&a.key)));
        cols
    }

    /// Builds everything process `p` needs.
    pub fn table_setup(&self, p: &ProcessRef, observe: Observe) -> TableSetup {
        let cell = self.cell(p);
        let case = self.case_of(p);
        let streams = StreamKey::new(self.seed, p.replication);
        table_setup(&cell.scenario, case, cell.params.clone(), streams, observe)
    }

    /// The case process `p` negotiates (generated for it, if the plan generates cases).
    pub fn case_of(&self, p: &ProcessRef) -> Arc<PreparedCase> {
        let cell = self.cell(p);
        match &cell.case {
            CaseSpec::Fixed(c) => c.clone(),
            CaseSpec::Generated { generator, key } => {
                let stream_key = match generator.seed {
                    Some(s) => StreamKey::new(s, 0),
                    None => StreamKey::new(self.seed, p.replication),
                };
                generated_case(generator, key, stream_key, cell.params.exact_outcome_bound)
            }
        }
    }
}

/// Seats a table for a scenario: every stakeholder's traits drawn from the scenario's culture
/// on its own stream (`Purpose::Traits`, index = seat) and pinned where the scenario pins them;
/// rules from the scenario's norms. The same scenario, case and streams always give the same
/// table, so conditions that share streams seat the same people (common random numbers).
pub fn table_setup(
    scenario: &Scenario,
    case: Arc<PreparedCase>,
    params: Arc<Parameters>,
    streams: StreamKey,
    observe: Observe,
) -> TableSetup {
    let seats = (0..case.n)
        .map(|s| {
            let mut traits = scenario
                .traits
                .draw(&mut streams.stream(Purpose::Traits, s as u64));
            let pin = scenario.stakeholders.get(&case.case.stakeholders[s].key);
            if let Some(pin) = pin {
                pin.apply(&mut traits);
            }
            SeatSetup {
                traits,
                tactic: pin.and_then(|p| p.tactic).unwrap_or(Tactic::Mindset),
            }
        })
        .collect();
    let agenda_order = if scenario.agenda_order.is_empty() {
        (0..case.k).collect()
    } else {
        scenario
            .agenda_order
            .iter()
            .filter_map(|k| case.case.issues.iter().position(|i| &i.key == k))
            .collect()
    };
    TableSetup {
        rules: Rules {
            protocol: scenario.protocol,
            deadline: scenario.deadline,
            agenda: scenario.agenda,
            agenda_order,
            decision_rule: scenario.norms.decision_rule,
            disclosure: scenario.norms.disclosure,
            facilitator: scenario.norms.facilitator,
            mirror_negmas: false,
        },
        seats,
        params,
        streams,
        initial_trust: None,
        observe,
        case,
    }
}

thread_local! {
    /// Recently generated cases on this thread: (generator key, stream key, case).
    static CASE_CACHE: RefCell<Vec<(String, StreamKey, Arc<PreparedCase>)>> = const { RefCell::new(Vec::new()) };
}

/// Most replications of an organisation experiment.
pub const MAX_ORGANISATION_REPLICATIONS: u64 = 1 << 20;

/// Cases kept per thread; conditions of one replication run next to each other.
const CASE_CACHE_SIZE: usize = 16;

fn generated_case(
    generator: &CaseGenerator,
    key: &str,
    stream_key: StreamKey,
    bound: u64,
) -> Arc<PreparedCase> {
    CASE_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(pos) = cache
            .iter()
            .position(|(k, s, _)| k == key && *s == stream_key)
        {
            let hit = cache.remove(pos);
            let case = hit.2.clone();
            cache.push(hit);
            return case;
        }
        let case = generator.generate(&mut stream_key.stream(Purpose::Case, 0));
        let prepared = Arc::new(PreparedCase::new(case, bound));
        if cache.len() >= CASE_CACHE_SIZE {
            cache.remove(0);
        }
        cache.push((key.to_string(), stream_key, prepared.clone()));
        prepared
    })
}

/// Scenario keys that the results files also carry as columns of their own, filled in for
/// every process whether swept or not.
pub const KEYS_WITH_RESULT_COLUMNS: [&str; 3] = ["case", "culture", "protocol"];

/// The column that holds the values of the sweep over `key`: the key itself, or `sweep.KEY`
/// for a key in [`KEYS_WITH_RESULT_COLUMNS`], so that no file has two columns of one name
/// (which data frame libraries rename or drop).
pub fn sweep_column(key: &str) -> String {
    if KEYS_WITH_RESULT_COLUMNS.contains(&key) {
        format!("sweep.{key}")
    } else {
        key.to_string()
    }
}

/// The scenario key whose sweep values column `column` holds: the inverse of [`sweep_column`].
pub fn swept_key(column: &str) -> &str {
    column.strip_prefix("sweep.").unwrap_or(column)
}

/// Resolves one condition at one sweep point into a scenario (and the named case's source).
fn resolve(
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
    deep_merge(&mut resolved, &merged);
    for (k, v) in point.iter().filter(|(k, _)| k != "culture" && k != "case") {
        set_path(&mut resolved, k, v.clone());
    }
    fill_organisation_defaults(&mut resolved)?;
    let resolved = toml::Value::Table(resolved);
    let scenario: Scenario = serde_path_to_error::deserialize(resolved.clone()).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().message().to_string();
        let err = name_choices::<Scenario>(&resolved, &path, &message)
            .unwrap_or_else(|| crate::source::humane(&message));
        let err = if path.is_empty() || path == "." {
            err
        } else {
            err.at_key(path)
        };
        locate_scenario_error(err, file, condition, point)
    })?;
    scenario.validate().map_err(|mut e| {
        blame_the_variation(&mut e, file, condition, point);
        if e.key
            .as_deref()
            .is_some_and(|k| k.starts_with("traits.") || k.starts_with("norms."))
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
fn check_against_case(scenario: &Scenario, case: &Case) -> Result<()> {
    if scenario.protocol == ProtocolKind::AlternatingOffers {
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
        .with_hint("set group_size = { min = N, max = N } to the case's size, or use a [case_generator]"));
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

/// Keys whose settings can contradict each other: an error on the first may be caused by the
/// second.
const CONFLICTING_KEYS: &[(&str, &str)] = &[
    ("agenda_order", "agenda"),
    ("norms.facilitator", "protocol"),
];

/// An error about two keys that contradict each other is put on the one a condition or a sweep
/// point varies, when the other comes from the base: that variation is what broke a base that
/// was fine on its own (e.g. a condition with `agenda = "package"` under a base with an
/// `agenda_order`).
fn blame_the_variation(
    err: &mut Error,
    file: &ExperimentFile,
    condition: usize,
    point: &[(String, toml::Value)],
) {
    let Some(key) = err.key.clone() else { return };
    let varied = |k: &str| {
        point.iter().any(|(p, _)| p == k) || has_path(&file.conditions[condition].overrides, k)
    };
    for &(first, second) in CONFLICTING_KEYS {
        if key == first && !varied(first) && varied(second) {
            err.key = Some(second.to_string());
            err.message = format!("{} (`{first}` is set in [base])", err.message);
        }
    }
}

fn key_set_in_experiment(
    file: &ExperimentFile,
    condition: usize,
    point: &[(String, toml::Value)],
    key: &str,
) -> bool {
    point
        .iter()
        .any(|(k, _)| key == k || key.starts_with(&format!("{k}.")))
        || has_path(&file.conditions[condition].overrides, key)
        || has_path(&file.base, key)
}

/// Puts a scenario error at the place in the experiment file that set the key: the sweep, the
/// condition or the base. A key the file did not write itself, such as a default filled into
/// a partial table (`group_size.max` next to a condition's `group_size.min`), is put where
/// its table was written; array indices (`traits[0]`) point at the array.
pub fn locate_scenario_error(
    mut err: Error,
    file: &ExperimentFile,
    condition: usize,
    point: &[(String, toml::Value)],
) -> Error {
    let key = err.key.clone().unwrap_or_default();
    let src = &file.source;
    let overrides = &file.conditions[condition].overrides;
    // The key as a table path, then its enclosing tables below the top level.
    let path: String = key
        .split('[')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once(']').map_or("", |p| p.1)
            }
        })
        .collect();
    let mut paths = vec![path.as_str()];
    while let Some((parent, _)) = paths[paths.len() - 1].rsplit_once('.')
        && parent.contains('.')
    {
        paths.push(parent);
    }
    let within = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}."));
    let mut place = None;
    for (depth, p) in paths.into_iter().enumerate() {
        // The key itself was set by a sweep axis on it or on a table holding it; an enclosing
        // table also by an axis on another of its fields (a sibling of the key). A whole table
        // in error (`case_generator`) is never blamed on an axis on one of its fields.
        let swept = |k: &str| within(p, k) || (depth > 0 && within(k, p));
        if let Some((k, v)) = point.iter().find(|(k, _)| swept(k)) {
            place = Some(Setter::Sweep(k, v));
        } else if has_path(overrides, p) {
            place = Some(Setter::Condition(p));
        } else if has_path(&file.base, p) {
            place = Some(Setter::Base(p));
        }
        if place.is_some() {
            break;
        }
    }
    let place = place.unwrap_or(
        if file.conditions[condition].name != "base" && key.is_empty() {
            Setter::Condition("")
        } else {
            Setter::Base(&path)
        },
    );
    let (line, shown) = match place {
        Setter::Sweep(k, v) => {
            err.message = format!("{} (sweep value {})", err.message, value_label(v));
            (
                src.line_of(&format!("sweep.{k}"))
                    .or_else(|| src.line_of("sweep")),
                format!("sweep.{k}"),
            )
        }
        Setter::Condition(p) => {
            let name = &file.conditions[condition].name;
            err.message = format!("{} (in condition `{name}`)", err.message);
            (
                src.line_of(&format!("condition.{condition}.{p}"))
                    .or_else(|| src.line_of(&format!("condition.{condition}"))),
                key.clone(),
            )
        }
        Setter::Base(p) => (
            src.line_of(&format!("base.{p}"))
                .or_else(|| src.line_of("base")),
            format!("base.{key}"),
        ),
    };
    err.file = Some(src.path.clone());
    err.line = line;
    let shown = shown.trim_end_matches('.').to_string();
    err.key = (!shown.is_empty()).then_some(shown);
    err
}

/// Adds the sweep point to an error the sweep took part in without being blamed for it: a key
/// written in [base] or a condition that only fails together with a sweep value (`stop = 3`
/// in [base], `start = 5` swept). The point is named when the same condition without the
/// sweep gives no error or a different one.
fn name_sweep_point(
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

/// The part of an experiment file that set a scenario key, with the path found there.
enum Setter<'a> {
    /// A sweep axis and its value at the point.
    Sweep(&'a str, &'a toml::Value),
    /// The condition's overrides.
    Condition(&'a str),
    /// `[base]`.
    Base(&'a str),
}

/// Completes a scenario's `organisation` table with the defaults of every field it leaves out,
/// nested tables included, so that a partial table such as `organisation.group_size.max = 4`
/// or `organisation.training.timing.start = 2` keeps the other fields of its default (the
/// training's own timing, not a generic one) instead of failing for want of them. Unknown
/// keys stay in and are refused when the scenario is read.
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

/// Merges `over` into `base`, table by table; values in `over` win.
pub fn deep_merge(base: &mut toml::Table, over: &toml::Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => deep_merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Sets a dotted key, creating tables on the way.
pub fn set_path(table: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut parts = dotted.split('.').peekable();
    let mut t = table;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            t.insert(part.to_string(), value);
            return;
        }
        let entry = t
            .entry(part.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        t = entry.as_table_mut().expect("just made a table");
    }
}

/// The error for a name from a fixed list written as something other than text at `path`
/// (`agenda = 3`, which serde reports only as "invalid type: unit variant"): deserialising
/// again with empty text in its place makes serde list the names.
fn name_choices<T: serde::de::DeserializeOwned>(
    resolved: &toml::Value,
    path: &str,
    message: &str,
) -> Option<Error> {
    if !message.contains("unit variant") || path.is_empty() {
        return None;
    }
    let found = path
        .split('.')
        .try_fold(resolved, |v, part| v.get(part))?
        .to_string();
    let mut copy = resolved.clone();
    set_path(
        copy.as_table_mut()?,
        path,
        toml::Value::String(String::new()),
    );
    let again = <T as serde::Deserialize>::deserialize(copy).err()?;
    crate::source::choices_error(again.message(), &found, Some(path))
}

/// True if a dotted key is set in a table.
pub fn has_path(table: &toml::Table, dotted: &str) -> bool {
    if dotted.is_empty() {
        return false;
    }
    let mut t = table;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        match t.get(part) {
            None => return false,
            Some(v) if parts.peek().is_none() => {
                return !matches!(v, toml::Value::Table(x) if x.is_empty());
            }
            Some(toml::Value::Table(inner)) => t = inner,
            Some(_) => return false,
        }
    }
    false
}

/// All leaf keys of a table, dotted.
pub fn flatten_keys(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    out.extend(leaves(table, prefix).into_iter().map(|(k, _)| k));
}

/// All leaves of a table with their dotted keys, in the table's order.
pub fn leaves<'t>(table: &'t toml::Table, prefix: &str) -> Vec<(String, &'t toml::Value)> {
    let mut out = Vec::new();
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => out.extend(leaves(t, &key)),
            v => out.push((key, v)),
        }
    }
    out
}

/// The sweep column values of a cell: in a grid the point's values; one axis at a time, the
/// varied key followed by every axis key's value in effect in the resolved scenario.
fn sweep_labels(file: &ExperimentFile, point: usize, scenario: &Scenario) -> Vec<String> {
    match file.varied_axis(point) {
        None => file
            .point(point)
            .into_iter()
            .map(|(_, v)| value_label(v))
            .collect(),
        Some(a) => {
            let tree =
                toml::Value::try_from(scenario).unwrap_or(toml::Value::Table(toml::Table::new()));
            let mut labels = vec![file.sweep[a].key.clone()];
            for axis in &file.sweep {
                let mut v = Some(&tree);
                for part in axis.key.split('.') {
                    v = v.and_then(|x| x.get(part));
                }
                labels.push(v.map(value_label).unwrap_or_default());
            }
            labels
        }
    }
}

/// Pins as written, for the manifest.
pub fn pins_of(scenario: &Scenario) -> Vec<(String, StakeholderPin)> {
    scenario
        .stakeholders
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
