//! The plan: every (sweep point x condition) resolved to a scenario, and every process
//! numbered. Process ids run sweep point (outermost), replication, condition (innermost), so
//! that the conditions of one replication sit side by side and share their random streams.

use crate::error::{Error, Result};
use crate::experiment::file::{ExperimentFile, value_label};
use crate::experiment::library::{Library, load_case};
use crate::experiment::scenario::Scenario;
use crate::model::case::Case;
use crate::model::generator::CaseGenerator;
use crate::model::organisation::MentorPool;
use crate::model::prepared::PreparedCase;
use crate::model::traits::TraitName;
use crate::protocol::parameters::Parameters;
use crate::protocol::setup::{Observe, Rules, SeatSetup, TableSetup, Tactic};
use crate::record::process::{CellColumns, ProcessRef, SweepMode};
use crate::rng::{Purpose, StreamKey};
use crate::source::Source;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

mod blame;
mod resolve;
pub mod toml_tree;

pub use blame::locate_scenario_error;
use resolve::{check_against_case, name_sweep_point, resolve};
use toml_tree::flatten_keys;

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

/// One condition at one sweep point: the [`Scenario`] it resolves to, with its case and
/// parameters. Each of its processes seats a
/// [`TableSetup`] from it ([`Plan::table_setup`]).
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
    /// What every row of the cell says besides its results (condition, sweep values,
    /// culture and rules).
    pub columns: Arc<CellColumns>,
    /// For organisations: the trait distributions newcomers are hired from.
    pub hiring: Option<crate::model::culture::TraitDistributions>,
    /// For organisations coached from outside (`mentoring.pool = "external"`): the trait
    /// distributions coaches are drawn from.
    pub coaches: Option<crate::model::culture::TraitDistributions>,
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

impl Plan {
    /// Resolves every cell; any error in any cell is reported before anything runs.
    pub fn build(file: ExperimentFile, seed: Option<u64>) -> Result<Plan> {
        Plan::build_with(file, seed, None)
    }

    /// As [`Plan::build`], with a given library (e.g. texts from a manifest). The steps: check
    /// that every sweep key names something a scenario has, resolve each cell (condition x
    /// sweep point) with its case and cultures, and check that the cells make one kind of
    /// experiment.
    pub fn build_with(
        file: ExperimentFile,
        seed: Option<u64>,
        library: Option<Library>,
    ) -> Result<Plan> {
        let library = library.unwrap_or_else(|| Library::near(&file.source.path));
        let mut sources = BTreeMap::new();
        check_sweep_keys(&file, &library, &mut sources)?;
        let mut fixed_cases = BTreeMap::new();
        let mut cells = Vec::new();
        for point in 0..file.points() {
            let values: Vec<(String, toml::Value)> = file
                .point(point)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            for condition in 0..file.conditions.len() {
                let at = CellAt {
                    file: &file,
                    library: &library,
                    condition,
                    point,
                    values: &values,
                };
                cells.push(at.build(&mut sources, &mut fixed_cases)?);
            }
        }
        check_units(&file, &cells)?;
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
        self.cells[point * self.conditions()].columns.labels.clone()
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

    /// The cases organisation run `p` draws its tables from, when its cell generates cases:
    /// for each group size from the organisation's smallest to its largest, `case_pool` cases,
    /// each on its own stream (`Purpose::Case`, index = size << 16 | k) of the run, or of the
    /// generator's own seed. `None` for a hand-written case or a cell without an organisation.
    pub fn case_pool_of(&self, p: &ProcessRef) -> Option<Vec<Vec<Case>>> {
        let cell = self.cell(p);
        let (CaseSpec::Generated { generator, .. }, Some(org)) =
            (&cell.case, cell.scenario.organisation.as_ref())
        else {
            return None;
        };
        let key = match generator.seed {
            Some(s) => StreamKey::new(s, 0),
            None => StreamKey::new(self.seed, p.replication),
        };
        let pool = (org.group_size.min..=org.group_size.max)
            .map(|size| {
                (0..org.case_pool)
                    .map(|k| {
                        let mut g = generator.clone();
                        g.stakeholders = size;
                        g.generate(&mut key.stream(Purpose::Case, ((size as u64) << 16) | k as u64))
                    })
                    .collect()
            })
            .collect();
        Some(pool)
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
                tactic: pin
                    .and_then(|p| p.tactic)
                    .or(scenario.tactic)
                    .unwrap_or(Tactic::Mindset),
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

/// Refuses a sweep key that names nothing a scenario has, naming the nearest valid keys.
fn check_sweep_keys(
    file: &ExperimentFile,
    library: &Library,
    sources: &mut BTreeMap<String, Source>,
) -> Result<()> {
    let mut valid: Vec<String> = vec!["culture".into(), "case".into()];
    for c in 0..file.conditions.len() {
        // Without the sweep, or (when the sweep supplies something required, such as the
        // case) with the first sweep point.
        let first: Vec<(String, toml::Value)> = file
            .point(0)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let (scenario, _) = match resolve(file, library, c, &[], sources) {
            Ok(r) => r,
            Err(_) => resolve(file, library, c, &first, sources)?,
        };
        let value = toml::Value::try_from(&scenario).map_err(|e| Error::input(e.to_string()))?;
        if let toml::Value::Table(t) = value {
            flatten_keys(&t, "", &mut valid);
        }
        // Left out of the scenario's table while unset (newcomers then come from the
        // scenario's culture), but a key a sweep may set.
        if scenario.organisation.is_some() {
            valid.push("organisation.hiring_culture".into());
        }
    }
    // Left out of the scenario's table while unset, but keys a sweep may set: the tactic
    // everyone negotiates with, and any stakeholder's pins (whether the case has that
    // stakeholder is checked where the pins are applied, with the case's keys named).
    valid.push("tactic".into());
    valid.sort();
    valid.dedup();
    let Some(axis) = file
        .sweep
        .iter()
        .find(|a| !valid.contains(&a.key) && !is_pin_key(&a.key))
    else {
        return Ok(());
    };
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
    Err(e)
}

/// Whether `key` is a stakeholder's pin, `stakeholders.<stakeholder>.<field>`, with a field
/// a pin has (a trait or the tactic).
fn is_pin_key(key: &str) -> bool {
    let mut parts = key.split('.');
    let (Some("stakeholders"), Some(stakeholder), Some(field), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !stakeholder.is_empty()
        && (field == "tactic" || TraitName::ALL.iter().any(|t| t.key() == field))
}

/// Hand-written cases loaded so far, by name and exact-outcome bound.
type FixedCases = BTreeMap<(String, u64), Arc<PreparedCase>>;

/// One cell being built: a condition at a sweep point, and where its errors are blamed.
struct CellAt<'a> {
    file: &'a ExperimentFile,
    library: &'a Library,
    condition: usize,
    point: usize,
    /// The sweep point's values.
    values: &'a [(String, toml::Value)],
}

impl CellAt<'_> {
    /// Resolves the cell's scenario, its case and the cultures its organisation hires from
    /// and coaches with.
    fn build(
        &self,
        sources: &mut BTreeMap<String, Source>,
        fixed_cases: &mut FixedCases,
    ) -> Result<Cell> {
        let (file, condition) = (self.file, self.condition);
        let (scenario, case_source) = resolve(file, self.library, condition, self.values, sources)
            .map_err(|e| name_sweep_point(e, file, self.library, condition, self.values))?;
        let params = Arc::new(scenario.parameters.clone());
        let case = self.case(&scenario, case_source, &params, fixed_cases)?;
        let labels = sweep_labels(file, self.point, &scenario);
        let hiring = match scenario
            .organisation
            .as_ref()
            .map(|o| o.hiring_culture.clone())
        {
            None => None,
            Some(None) => Some(scenario.traits),
            Some(Some(name)) => {
                Some(self.culture(&name, "organisation.hiring_culture", sources)?)
            }
        };
        let coaches = match scenario.organisation.as_ref().map(|o| &o.mentoring) {
            Some(m) if m.pool == MentorPool::External => Some(self.culture(
                &m.coach_culture,
                "organisation.mentoring.coach_culture",
                sources,
            )?),
            _ => None,
        };
        Ok(Cell {
            condition,
            point: self.point,
            case,
            params,
            columns: Arc::new(CellColumns {
                condition: file.conditions[condition].name.clone(),
                labels,
                culture: scenario.culture.clone(),
                protocol: scenario.protocol,
                decision_rule: scenario.norms.decision_rule,
            }),
            scenario,
            hiring,
            coaches,
        })
    }

    /// An error about the scenario of this cell, placed in the file.
    fn blame(&self, e: Error) -> Error {
        locate_scenario_error(e, self.file, self.condition, self.values)
    }

    /// The cell's case: a hand-written one (loaded once per name and bound), or a generator
    /// whose cases are checked against the scenario on a probe.
    fn case(
        &self,
        scenario: &Scenario,
        case_source: Option<Source>,
        params: &Parameters,
        fixed_cases: &mut FixedCases,
    ) -> Result<CaseSpec> {
        match (&scenario.case, &scenario.case_generator) {
            (Some(name), _) => {
                let bound = params.exact_outcome_bound;
                let key = (name.clone(), bound);
                if let Some(known) = fixed_cases.get(&key) {
                    check_against_case(scenario, &known.case).map_err(|e| self.blame(e))?;
                } else {
                    let src = case_source.expect("a named case has a source");
                    let case = load_case(&src, name)?;
                    check_against_case(scenario, &case).map_err(|e| self.blame(e))?;
                    fixed_cases.insert(key.clone(), Arc::new(PreparedCase::new(case, bound)));
                }
                Ok(CaseSpec::Fixed(fixed_cases[&key].clone()))
            }
            (None, Some(g)) => {
                let probe = g.generate(&mut StreamKey::new(0, 0).stream(Purpose::Case, 0));
                check_against_case(scenario, &probe).map_err(|e| self.blame(e))?;
                Ok(CaseSpec::Generated {
                    generator: g.clone(),
                    key: format!(
                        "{}|{}",
                        toml::to_string(g).unwrap_or_default(),
                        params.exact_outcome_bound
                    ),
                })
            }
            (None, None) => unreachable!("validated: a scenario has a case"),
        }
    }

    /// The trait distributions of a culture named at scenario key `key`.
    fn culture(
        &self,
        name: &str,
        key: &str,
        sources: &mut BTreeMap<String, Source>,
    ) -> Result<crate::model::culture::TraitDistributions> {
        let (culture, src) = self.library.culture(name).map_err(|e| {
            if e.file.is_none() {
                self.blame(e.at_key(key))
            } else {
                e
            }
        })?;
        sources.insert(format!("cultures/{name}"), src);
        Ok(culture.traits)
    }
}

/// An experiment's units are all organisations or all single processes (its outputs are one
/// kind or the other), and each kind has its own limits on outputs and replications.
fn check_units(file: &ExperimentFile, cells: &[Cell]) -> Result<()> {
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
                .with_hint("remove `rounds = true`, or run single processes to see their rounds"));
        }
        // An organisation's streams are keyed by replication, cycle and table in 20, 22 and
        // 22 bits (see `organisation::engine::table_streams`): more replications would share
        // them.
        if file.meta.replications > MAX_ORGANISATION_REPLICATIONS {
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
        return Ok(());
    }
    // A process experiment's statistics, charts, merges and resumes read both files.
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
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::records;

    fn plan(text: &str) -> Plan {
        let file = ExperimentFile::parse(Source::from_text("test.toml", text));
        Plan::build(file.unwrap(), None).unwrap()
    }

    /// Every header of a plan's result files.
    fn headers(plan: &Plan) -> Vec<Vec<String>> {
        let sweep = plan.sweep_columns();
        if plan.is_organisation() {
            vec![
                records::organisation_process_header(&sweep),
                records::organisation_stakeholder_header(&sweep),
                records::cycle_header(&sweep),
                records::organisation_header(&sweep),
            ]
        } else {
            vec![
                records::process_header(&sweep),
                records::stakeholder_header(&sweep),
                records::round_header(&sweep),
            ]
        }
    }

    #[test]
    fn no_sweep_column_shares_its_name_with_a_result_column() {
        let plans = [
            plan(
                "[experiment]\nreplications = 1\n[sweep]\ncase = [\"job-offer\", \"office-reorganisation\"]\nculture = [\"mixed\", \"positional\"]\ndeadline = [10, 20]\n",
            ),
            plan(
                "[experiment]\nreplications = 1\n[base]\ncase_generator = { issues = 3 }\n[base.organisation]\npopulation = 20\ncycles = 2\n[sweep]\nculture = [\"mixed\", \"positional\"]\ndeadline = [10, 20]\n",
            ),
        ];
        for plan in &plans {
            for header in headers(plan) {
                let mut seen = std::collections::HashSet::new();
                for name in &header {
                    assert!(seen.insert(name), "`{name}` twice in {header:?}");
                }
                assert!(header.contains(&"sweep.culture".to_string()), "{header:?}");
                assert!(header.contains(&"deadline".to_string()), "{header:?}");
                // Any top-level scenario key may be swept: none may come out as the name of
                // a result column.
                let results = &header[header.iter().position(|c| c == "replication").unwrap()..];
                let scenario = toml::Value::try_from(&plan.cells[0].scenario).unwrap();
                for key in scenario.as_table().unwrap().keys() {
                    assert!(
                        !results.contains(&sweep_column(key)),
                        "a sweep over `{key}` would repeat a column of {header:?}"
                    );
                }
                for key in KEYS_WITH_RESULT_COLUMNS {
                    assert!(!results.contains(&sweep_column(key)), "{key}");
                }
            }
        }
    }
}
