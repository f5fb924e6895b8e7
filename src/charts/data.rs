//! Reading a finished run for charts: `manifest.json`, `processes.csv`, `summary.csv` and
//! `comparison.csv`, and for organisation experiments `organisations.csv` and `cycles.csv`
//! (`processes.csv` only if the run wrote it), checked as they are read. Every problem names
//! the file and line.

pub mod grid;
pub mod organisations;
pub mod table;

use crate::charts::theme;
use crate::error::{Error, Result};
use crate::experiment::plan::Plan;
use crate::experiment::replay::plan_from_manifest;
use crate::output::manifest::Manifest;
use crate::record::columns::Column;
use crate::record::columns::{
    ComparisonColumn, Cost, IdColumn, OrganisationColumn, ProcessColumn, SummaryColumn,
};
use crate::record::process::SweepMode;
use crate::record::transcript::{self, ProcessTranscript};
use grid::Grid;
use organisations::{CycleRow, OrganisationRow, read_cycles, read_organisations};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use table::Table;

/// The metrics charts show: per process (`processes.csv`) or, for organisation experiments,
/// per organisation run (`organisations.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Sum of the stakeholders' utilities.
    JointUtility,
    /// Joint utility per stakeholder: value created, comparable across table sizes.
    MeanUtility,
    /// Share of processes that are a win for everyone at the table and for the world.
    WinWinWin,
    /// Share of processes that reached agreement.
    Agreed,
    /// Rounds used.
    Rounds,
    /// An organisation's win-win-win rate at the end (mean of its last cycles).
    FinalWinWinWin,
    /// An organisation's win-win-win rate over all cycles.
    MeanWinWinWin,
    /// An organisation's win-win-win rate at the end minus at the start.
    WinWinWinGain,
    /// An organisation's collaborativeness index at the end.
    FinalCollaborativeness,
    /// The first cycle at which an organisation counted as collaborative.
    CyclesToCollaborative,
    /// Cost of an organisation's levers over all cycles.
    TotalCost,
    /// Win-win-win gain per 1,000 cost units.
    GainPerCost,
}

impl Metric {
    /// The four headline metrics of process experiments, in the order charts show them.
    pub const HEADLINE: [Metric; 4] = [
        Metric::JointUtility,
        Metric::WinWinWin,
        Metric::Agreed,
        Metric::Rounds,
    ];

    /// The four headline metrics of organisation experiments, in the order charts show them.
    pub const ORGANISATION: [Metric; 4] = [
        Metric::FinalWinWinWin,
        Metric::WinWinWinGain,
        Metric::FinalCollaborativeness,
        Metric::TotalCost,
    ];

    /// The metric's column in the registry: a column of `processes.csv`, or of
    /// `organisations.csv` for [`Metric::of_organisations`].
    pub fn column(self) -> Column {
        use OrganisationColumn as O;
        use ProcessColumn as P;
        match self {
            Metric::JointUtility => P::JointUtility.column(),
            Metric::MeanUtility => P::MeanUtility.column(),
            Metric::WinWinWin => P::WinWinWin.column(),
            Metric::Agreed => P::Agreed.column(),
            Metric::Rounds => P::Rounds.column(),
            Metric::FinalWinWinWin => O::FinalWinWinWinRate.column(),
            Metric::MeanWinWinWin => O::MeanWinWinWinRate.column(),
            Metric::WinWinWinGain => O::WinWinWinGain.column(),
            Metric::FinalCollaborativeness => O::FinalCollaborativeness.column(),
            Metric::CyclesToCollaborative => O::CyclesToCollaborative.column(),
            Metric::TotalCost => O::Cost(Cost::Total).column(),
            Metric::GainPerCost => O::GainPerCost.column(),
        }
    }

    /// Column name in the CSV files.
    pub fn key(self) -> &'static str {
        self.column().name
    }

    /// True for metrics of organisation runs (`organisations.csv`).
    pub fn of_organisations(self) -> bool {
        !matches!(
            self,
            Metric::JointUtility
                | Metric::MeanUtility
                | Metric::WinWinWin
                | Metric::Agreed
                | Metric::Rounds
        )
    }

    /// True for shares in [0, 1] (shown as percentages). Rates of processes get Wilson
    /// intervals; rates of organisations are means over organisation runs.
    pub fn is_rate(self) -> bool {
        self.column().rate
    }

    /// True for differences of shares (shown in percentage points).
    pub fn in_points(self) -> bool {
        matches!(self, Metric::WinWinWinGain | Metric::GainPerCost)
    }

    /// Panel title.
    pub fn title(self) -> &'static str {
        match self {
            Metric::JointUtility => "Value created: joint utility",
            Metric::MeanUtility => "Value created: mean utility",
            Metric::WinWinWin => "Win-win-win rate",
            Metric::Agreed => "Agreement rate",
            Metric::Rounds => "Time: rounds used",
            Metric::FinalWinWinWin => "Win-win-win rate at the end",
            Metric::MeanWinWinWin => "Win-win-win rate over all cycles",
            Metric::WinWinWinGain => "Gain in win-win-win rate",
            Metric::FinalCollaborativeness => "Collaborativeness at the end",
            Metric::CyclesToCollaborative => "Cycles to a collaborative culture",
            Metric::TotalCost => "Cost of the levers",
            Metric::GainPerCost => "Gain per 1,000 cost units",
        }
    }

    /// The metric in running text.
    pub fn noun(self) -> &'static str {
        match self {
            Metric::JointUtility => "joint utility",
            Metric::MeanUtility => "mean utility per stakeholder",
            Metric::WinWinWin => "win-win-win rate",
            Metric::Agreed => "agreement rate",
            Metric::Rounds => "rounds used",
            Metric::FinalWinWinWin => "final win-win-win rate",
            Metric::MeanWinWinWin => "mean win-win-win rate",
            Metric::WinWinWinGain => "win-win-win gain",
            Metric::FinalCollaborativeness => "final collaborativeness",
            Metric::CyclesToCollaborative => "cycles to a collaborative culture",
            Metric::TotalCost => "total cost",
            Metric::GainPerCost => "gain per 1,000 cost units",
        }
    }

    /// Axis description: the unit (the panel title names the metric).
    pub fn axis(self) -> &'static str {
        match self {
            Metric::JointUtility => "sum of utilities",
            Metric::MeanUtility => "utility per stakeholder",
            Metric::WinWinWin | Metric::Agreed => "% of processes",
            Metric::Rounds => "rounds",
            Metric::FinalWinWinWin | Metric::MeanWinWinWin => "% of processes",
            Metric::WinWinWinGain => "percentage points",
            Metric::FinalCollaborativeness => "index (0 to 1)",
            Metric::CyclesToCollaborative => "cycles",
            Metric::TotalCost => "cost units",
            Metric::GainPerCost => "points per 1,000 cost units",
        }
    }

    /// A value as text: percentages for rates, signed percentage points for differences of
    /// rates, a number otherwise.
    pub fn format(self, v: f64) -> String {
        if !v.is_finite() {
            "–".into()
        } else if v == 0.0 && !self.is_rate() && !self.in_points() {
            "0".into()
        } else if self.is_rate() {
            theme::percent(v)
        } else if self == Metric::CyclesToCollaborative && v.fract() == 0.0 {
            format!("{v:.0}")
        } else if self.in_points() {
            let p = 100.0 * v;
            let s = if p.abs() < 9.95 {
                format!("{p:+.1}")
            } else {
                format!("{p:+.0}")
            };
            if s.trim_start_matches(['+', '-', '0', '.']).is_empty() {
                format!("{} pp", &s[1..])
            } else {
                format!("{s} pp")
            }
        } else {
            theme::number(v)
        }
    }

    /// A tick label of the metric's axis.
    pub fn tick(self, v: f64) -> String {
        if self.is_rate() {
            theme::percent(v)
        } else if self.in_points() {
            theme::tick(100.0 * v)
        } else {
            theme::tick(v)
        }
    }

    /// The metric's value in a process (NaN for organisation metrics).
    pub fn value(self, p: &ProcessRow) -> f64 {
        match self {
            Metric::JointUtility => p.joint_utility,
            // As processes.csv computes it, to the bit.
            Metric::MeanUtility => p.joint_utility / f64::from(p.stakeholders),
            Metric::WinWinWin => f64::from(u8::from(p.win_win_win)),
            Metric::Agreed => f64::from(u8::from(p.agreed)),
            Metric::Rounds => p.rounds,
            _ => f64::NAN,
        }
    }
}

/// A mean (or rate) with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Processes (or organisation runs).
    pub n: u64,
    /// Mean, or rate in [0, 1].
    pub mean: f64,
    /// Lower end of the 95% interval (NaN if undefined).
    pub low: f64,
    /// Upper end of the 95% interval (NaN if undefined).
    pub high: f64,
}

impl Estimate {
    /// The estimate with its interval kept to the values the metric can take: a rate's
    /// t-interval (of organisation runs, with few of them) can reach past 0 or 100%.
    pub fn bounded(self, metric: Metric) -> Estimate {
        if !metric.is_rate() {
            return self;
        }
        // NaN (no interval, e.g. one run) stays NaN: `f64::max` would turn it into 0.
        let clamp = |v: f64| if v.is_nan() { v } else { v.clamp(0.0, 1.0) };
        Estimate {
            low: clamp(self.low),
            high: clamp(self.high),
            ..self
        }
    }
}

/// A sweep axis of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Dotted scenario key.
    pub key: String,
    /// Values as labels, in sweep order.
    pub labels: Vec<String>,
    /// The values as numbers, if every label is one.
    pub numbers: Option<Vec<f64>>,
}

impl Axis {
    /// True if its values are numbers: they lie in an order with values between them, so a
    /// line may join them. Names (cases, cultures, protocols) have neither.
    pub fn is_numeric(&self) -> bool {
        self.numbers.is_some()
    }

    /// The axis in words for titles and axes ("number of stakeholders", "mean openness");
    /// subtitles and captions name the key itself.
    pub fn words(&self) -> String {
        key_words(&self.key)
    }

    /// The axis in words with its key after it, where the two differ ("number of
    /// stakeholders (case_generator.stakeholders)"), for subtitles and captions.
    pub fn named(&self) -> String {
        let words = self.words();
        if words == self.key {
            words
        } else {
            format!("{words} ({})", self.key)
        }
    }
}

/// A dotted scenario key in words: counts of the generated case are numbers of things, a
/// trait's mean and spread name the trait, and the table a key sits in is left out
/// (`organisation.training.share` is "training share").
pub fn key_words(key: &str) -> String {
    let plain = |s: &str| s.replace('_', " ");
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["case_generator", "stakeholders" | "issues"] => format!("number of {}", parts[1]),
        ["case_generator", "options"] => "options per issue".into(),
        ["traits", t, "mean"] => format!("mean {}", plain(t)),
        ["traits", t, "spread"] => format!("spread of {}", plain(t)),
        ["norms", "disclosure"] => "disclosure norm".into(),
        [
            "base" | "case_generator" | "norms" | "parameters" | "organisation",
            rest @ ..,
        ] if !rest.is_empty() => plain(&rest.join(" ")),
        _ => plain(&parts.join(" ")),
    }
}

/// The small multiples one figure of a chart over conditions shows (see
/// [`RunData::facet_pages`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FacetPage {
    /// What its sweep points share (`deadline=8`, `traits.openness.mean varied`), for its
    /// file name and subtitle; `None` when one figure shows every sweep point.
    pub part: Option<String>,
    /// Its facets (indices into [`RunData::facets`]), in order.
    pub facets: Vec<usize>,
}

impl FacetPage {
    /// The chart's name for this figure: `base`, or `base-<part>` when the chart takes several.
    pub fn name(&self, base: &str) -> String {
        match &self.part {
            Some(part) => format!("{base}-{}", crate::charts::theme::slug(part)),
            None => base.to_string(),
        }
    }

    /// The chart's title for this figure: `title`, with the page's part when the chart takes
    /// several figures.
    pub fn title(&self, title: &str) -> String {
        match &self.part {
            Some(part) => format!("{title} ({part})"),
            None => title.to_string(),
        }
    }
}

/// Where a process or an organisation run sits in the experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Condition index (manifest order).
    pub condition: usize,
    /// Sweep point index.
    pub point: usize,
}

/// What one process reports, as far as charts need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessRow {
    /// Process id (in organisation experiments: the organisation run it belongs to).
    pub id: u64,
    /// Condition index (manifest order).
    pub condition: usize,
    /// Sweep point index (in a grid, first axis outermost; one axis at a time, the axes'
    /// values one after the other).
    pub point: usize,
    /// Stakeholders at the table.
    pub stakeholders: u32,
    /// Agreement reached.
    pub agreed: bool,
    /// Win-win-win.
    pub win_win_win: bool,
    /// Rounds used.
    pub rounds: f64,
    /// Joint utility.
    pub joint_utility: f64,
    /// Share of the joint utility that went to the richest stakeholder.
    pub richest_share: f64,
    /// World value of the outcome.
    pub world_value: f64,
}

/// One row of `comparison.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Sweep point.
    pub point: usize,
    /// First condition.
    pub a: String,
    /// Second condition.
    pub b: String,
    /// Metric column name.
    pub metric: String,
    /// Pairs.
    pub n_pairs: u64,
    /// Mean of a.
    pub mean_a: f64,
    /// Mean of b.
    pub mean_b: f64,
    /// Mean paired difference a - b.
    pub difference: f64,
    /// 95% interval of the difference.
    pub low: f64,
    /// 95% interval of the difference.
    pub high: f64,
    /// Cohen's d.
    pub cohens_d: f64,
}

/// A finished run, loaded for charts and the report.
pub struct RunData {
    /// Output directory.
    pub dir: PathBuf,
    /// The manifest.
    pub manifest: Manifest,
    /// The plan, rebuilt from the manifest (for replays and case facts).
    pub plan: Plan,
    /// Condition names in manifest order.
    pub conditions: Vec<String>,
    /// Sweep axes (empty without a sweep).
    pub axes: Vec<Axis>,
    /// How the sweep axes combine.
    pub sweep_mode: SweepMode,
    /// Every process, in file order (empty for an organisation experiment that did not
    /// write `processes.csv`).
    pub processes: Vec<ProcessRow>,
    /// Organisation experiments: every organisation run (empty otherwise).
    pub organisations: Vec<OrganisationRow>,
    /// Organisation experiments: every cycle of every organisation run (empty otherwise).
    pub cycles: Vec<CycleRow>,
    /// `summary.csv`: (condition, point, metric column) -> estimate.
    pub summary: HashMap<(usize, usize, String), Estimate>,
    /// `comparison.csv` rows, in file order.
    pub comparisons: Vec<Comparison>,
    /// `transcripts.jsonl`: the transcripts the run recorded, in process order (empty for an
    /// organisation experiment, or a run of a negsim that recorded none).
    pub transcripts: Vec<ProcessTranscript>,
}

impl RunData {
    /// Loads and checks the run in `dir`.
    pub fn load(dir: &Path) -> Result<RunData> {
        if !dir.is_dir() {
            return Err(
                Error::input(format!("{} is not a directory", dir.display())).with_hint(format!(
                    "point at the folder `{program} run` wrote (by default output/<experiment>)",
                    program = crate::program::name()
                )),
            );
        }
        let manifest = Manifest::read(dir)?;
        if let Some(shard) = manifest.shard {
            return Err(Error::input(format!(
                "{} holds shard {} of {} of a run, not a whole run",
                dir.display(),
                shard.index,
                shard.count
            ))
            .in_file(dir.join("manifest.json"))
            .with_hint(format!(
                "combine the shards with `{program} merge` and plot the merged folder",
                program = crate::program::name()
            )));
        }
        let plan = plan_from_manifest(&manifest).map_err(|e| {
            let mut e = e;
            e.message = format!(
                "the experiment recorded in manifest.json cannot be rebuilt: {}",
                e.message
            );
            e.or_file(&dir.join("manifest.json"))
        })?;
        let conditions: Vec<String> = manifest.conditions.iter().map(|c| c.name.clone()).collect();
        let axes: Vec<Axis> = manifest
            .sweep
            .iter()
            .map(|s| {
                let numbers: Option<Vec<f64>> =
                    s.values.iter().map(|v| v.parse::<f64>().ok()).collect();
                Axis {
                    key: s.key.clone(),
                    labels: s.values.clone(),
                    numbers: numbers.filter(|v| v.iter().all(|x| x.is_finite())),
                }
            })
            .collect();
        let sweep_mode = manifest.sweep_mode;
        let grid = Grid::new(&conditions, &axes, sweep_mode);
        let organisation = plan.is_organisation();
        let (processes, organisations, cycles) = if organisation {
            let processes = if plan.file.output.processes {
                read_processes(&dir.join("processes.csv"), &grid, IdColumn::Organisation)?
            } else {
                Vec::new()
            };
            (
                processes,
                read_organisations(&dir.join("organisations.csv"), &grid)?,
                read_cycles(&dir.join("cycles.csv"), &grid)?,
            )
        } else {
            (
                read_processes(&dir.join("processes.csv"), &grid, IdColumn::ProcessId)?,
                Vec::new(),
                Vec::new(),
            )
        };
        let summary = read_summary(&dir.join("summary.csv"), &grid)?;
        let comparisons = read_comparisons(&dir.join("comparison.csv"), &grid)?;
        let transcripts = transcript::read(dir, &manifest.config_hash)?;
        Ok(RunData {
            dir: dir.to_path_buf(),
            manifest,
            plan,
            conditions,
            axes,
            sweep_mode,
            processes,
            organisations,
            cycles,
            summary,
            comparisons,
            transcripts,
        })
    }

    /// True for an organisation experiment (its units are organisation runs over cycles).
    pub fn is_organisation(&self) -> bool {
        !self.organisations.is_empty()
    }

    /// The headline metrics of the run: per process, or per organisation run.
    pub fn headline(&self) -> [Metric; 4] {
        if self.is_organisation() {
            Metric::ORGANISATION
        } else {
            let mut headline = Metric::HEADLINE;
            headline[0] = self.value_created();
            headline
        }
    }

    /// How value created is shown: as joint utility, or, when the run's tables differ in
    /// size, as mean utility per stakeholder (joint utility grows with every seat added, so
    /// it would compare table sizes rather than outcomes).
    pub fn value_created(&self) -> Metric {
        let mut sizes = self.processes.iter().map(|p| p.stakeholders);
        match sizes.next() {
            Some(first) if sizes.any(|n| n != first) => Metric::MeanUtility,
            _ => Metric::JointUtility,
        }
    }

    /// What the run's units are called, in the plural ("processes", "organisation runs").
    pub fn units(&self) -> &'static str {
        if self.is_organisation() {
            "organisation runs"
        } else {
            "processes"
        }
    }

    /// True if the sweep varies one axis at a time (and there is a sweep).
    pub fn one_at_a_time(&self) -> bool {
        self.sweep_mode == SweepMode::OneAtATime && !self.axes.is_empty()
    }

    /// Number of sweep points (1 without a sweep): the product of the axes' lengths in a
    /// grid, their sum one axis at a time.
    pub fn points(&self) -> usize {
        if self.one_at_a_time() {
            self.axes.iter().map(|a| a.labels.len()).sum()
        } else {
            self.axes.iter().map(|a| a.labels.len()).product()
        }
    }

    /// The value index on `axis` of sweep point `point` in a grid.
    pub fn axis_index(&self, point: usize, axis: usize) -> usize {
        let inner: usize = self.axes[axis + 1..]
            .iter()
            .map(|a| a.labels.len())
            .product();
        (point / inner) % self.axes[axis].labels.len()
    }

    /// One axis at a time: the axis varied at `point` and the index of its value there.
    pub fn varied(&self, point: usize) -> Option<(usize, usize)> {
        if !self.one_at_a_time() {
            return None;
        }
        let mut p = point;
        for (a, axis) in self.axes.iter().enumerate() {
            if p < axis.labels.len() {
                return Some((a, p));
            }
            p -= axis.labels.len();
        }
        None
    }

    /// One axis at a time: the first sweep point that varies `axis`.
    pub fn first_point_of(&self, axis: usize) -> usize {
        self.axes[..axis].iter().map(|a| a.labels.len()).sum()
    }

    /// One axis at a time: the value of `axis` in effect for `condition` while other axes are
    /// varied (its base value), as a label; `None` with a single axis.
    pub fn base_label(&self, condition: usize, axis: usize) -> Option<&str> {
        let c = self.conditions.len();
        (0..self.points())
            .filter(|&p| self.varied(p).is_some_and(|(a, _)| a != axis))
            .find_map(|p| self.plan.cells.get(p * c + condition))
            .and_then(|cell| cell.columns.labels.get(1 + axis))
            .map(String::as_str)
    }

    /// Sweep labels of a point, `key=value` joined by commas ("" without a sweep); one axis at
    /// a time, the varied axis alone.
    pub fn point_label(&self, point: usize) -> String {
        if let Some((a, i)) = self.varied(point) {
            return format!("{}={}", self.axes[a].key, self.axes[a].labels[i]);
        }
        (0..self.axes.len())
            .map(|a| {
                format!(
                    "{}={}",
                    self.axes[a].key,
                    self.axes[a].labels[self.axis_index(point, a)]
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The estimate recorded in `summary.csv` for a condition at a sweep point (`None` if it
    /// is not there or covers no value).
    pub fn summary_estimate(
        &self,
        condition: usize,
        point: usize,
        metric: Metric,
    ) -> Option<Estimate> {
        self.summary
            .get(&(condition, point, metric.key().to_string()))
            .copied()
    }

    /// Estimates of `metric` for groups of processes (or, for organisation metrics, of
    /// organisation runs): `group` maps a place to a group index below `groups` (or `None` to
    /// leave it out). Means get a t-interval and rates of processes a Wilson interval, as in
    /// `summary.csv`. Undefined values are left out.
    pub fn pooled(
        &self,
        metric: Metric,
        groups: usize,
        group: impl Fn(&Place) -> Option<usize>,
    ) -> Vec<Estimate> {
        use crate::experiment::stats::estimators::{Moments, t_interval, wilson};
        let mut m = vec![Moments::default(); groups];
        let mut add = |place: Place, v: f64| {
            if let Some(g) = group(&place).filter(|&g| g < groups)
                && v.is_finite()
            {
                m[g].push(v);
            }
        };
        if metric.of_organisations() {
            for o in &self.organisations {
                let place = Place {
                    condition: o.condition,
                    point: o.point,
                };
                add(place, o.value(metric));
            }
        } else {
            for p in &self.processes {
                let place = Place {
                    condition: p.condition,
                    point: p.point,
                };
                add(place, metric.value(p));
            }
        }
        m.iter()
            .map(|m| {
                let (low, high) = if metric.is_rate() && !metric.of_organisations() {
                    wilson(m.mean * m.n as f64, m.n as f64)
                } else {
                    t_interval(m)
                };
                Estimate {
                    n: m.n,
                    // Nothing to average (a metric empty in every run) is missing, not 0.
                    mean: if m.n == 0 { f64::NAN } else { m.mean },
                    low,
                    high,
                }
            })
            .collect()
    }

    /// Per condition over the whole run: from `summary.csv` when there is one sweep point,
    /// pooled over the sweep points otherwise.
    pub fn per_condition(&self, metric: Metric) -> Vec<Estimate> {
        if self.points() == 1 {
            let from_summary: Option<Vec<Estimate>> = (0..self.conditions.len())
                .map(|c| self.summary_estimate(c, 0, metric))
                .collect();
            if let Some(v) = from_summary {
                return v;
            }
        }
        self.pooled(metric, self.conditions.len(), |p| Some(p.condition))
    }

    /// The titles of the small multiples a chart over conditions draws, one per sweep point:
    /// a single untitled one without a sweep. Processes of two sweep points (two cases, two
    /// group sizes) are never pooled in one scatter or one box.
    pub fn facets(&self) -> Vec<Option<String>> {
        match self.points() {
            0 | 1 => vec![None],
            n => (0..n).map(|p| Some(self.point_label(p))).collect(),
        }
    }

    /// The small multiples of a chart over conditions split into figures of at most `most`
    /// panels (one figure when they fit): one axis at a time, a figure per varied axis; in a
    /// grid, a figure per value of the first axis; either split further, evenly, where it
    /// still holds more than `most`. Forty panels on one canvas are too small to read, and
    /// their titles run into each other.
    pub fn facet_pages(&self, most: usize) -> Vec<FacetPage> {
        let n = self.facets().len();
        let most = most.max(1);
        if n <= most {
            return vec![FacetPage {
                part: None,
                facets: (0..n).collect(),
            }];
        }
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for f in 0..n {
            let name = match self.varied(f) {
                Some((a, _)) => format!("{} varied", self.axes[a].key),
                None => format!(
                    "{}={}",
                    self.axes[0].key,
                    self.axes[0].labels[self.axis_index(f, 0)]
                ),
            };
            match groups.last_mut() {
                Some((last, members)) if *last == name => members.push(f),
                _ => groups.push((name, vec![f])),
            }
        }
        let mut pages = Vec::new();
        for (name, members) in groups {
            let parts = members.len().div_ceil(most);
            let per = members.len().div_ceil(parts);
            for (k, chunk) in members.chunks(per).enumerate() {
                pages.push(FacetPage {
                    part: Some(if parts == 1 {
                        name.clone()
                    } else {
                        format!("{name}, part {} of {parts}", k + 1)
                    }),
                    facets: chunk.to_vec(),
                });
            }
        }
        pages
    }

    /// One figure per sweep point, for charts that cannot show two sweep points in one figure
    /// and are too large to draw as small multiples (the cycle and lever charts of
    /// organisations, two panels or eight each): without a sweep, the whole run in one figure.
    pub fn point_pages(&self) -> Vec<FacetPage> {
        match self.points() {
            0 | 1 => vec![FacetPage {
                part: None,
                facets: vec![0],
            }],
            n => (0..n)
                .map(|p| FacetPage {
                    part: Some(self.point_label(p)),
                    facets: vec![p],
                })
                .collect(),
        }
    }

    /// True if a figure of `page` shows the results of sweep point `point`.
    pub fn on_page(&self, page: &FacetPage, point: usize) -> bool {
        page.facets.contains(&self.facet_of(point))
    }

    /// Per condition over the sweep points of `page`: as [`RunData::per_condition`] for the
    /// whole run, from `summary.csv` for one sweep point, pooled over its points otherwise.
    pub fn per_condition_on(&self, metric: Metric, page: &FacetPage) -> Vec<Estimate> {
        let c = self.conditions.len();
        match page.facets.as_slice() {
            _ if self.points() <= 1 => self.per_condition(metric),
            &[point] => {
                let from_summary: Option<Vec<Estimate>> = (0..c)
                    .map(|ci| self.summary_estimate(ci, point, metric))
                    .collect();
                from_summary.unwrap_or_else(|| {
                    self.pooled(metric, c, |p| (p.point == point).then_some(p.condition))
                })
            }
            _ => self.pooled(metric, c, |p| {
                self.on_page(page, p.point).then_some(p.condition)
            }),
        }
    }

    /// The facet a process belongs to (see [`RunData::facets`]).
    pub fn facet_of(&self, point: usize) -> usize {
        if self.points() > 1 { point } else { 0 }
    }

    /// The world thresholds of the cases negotiated at a sweep point, lowest first, each
    /// once (conditions at one point usually share a case, and so a threshold).
    pub fn world_thresholds_at(&self, point: usize) -> Vec<f64> {
        use crate::experiment::plan::CaseSpec;
        let mut t: Vec<f64> = self
            .plan
            .cells
            .iter()
            .filter(|cell| self.facet_of(cell.point) == self.facet_of(point))
            .map(|cell| match &cell.case {
                CaseSpec::Fixed(c) => c.case.world_threshold,
                CaseSpec::Generated { generator, .. } => generator.world_threshold,
            })
            .filter(|v| v.is_finite())
            .collect();
        t.sort_by(f64::total_cmp);
        t.dedup();
        t
    }
}

/// Reads `processes.csv`; `id` is the column that identifies a row's unit (`process_id`, or
/// `organisation` in organisation experiments).
fn read_processes(path: &Path, grid: &Grid, id: IdColumn) -> Result<Vec<ProcessRow>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.columns(&t)?;
    use ProcessColumn as P;
    let c = [
        id.name(),
        IdColumn::Condition.name(),
        P::Stakeholders.column().name,
        P::Agreed.column().name,
        P::WinWinWin.column().name,
        P::Rounds.column().name,
        P::JointUtility.column().name,
        P::RichestShare.column().name,
        P::WorldValue.column().name,
    ]
    .map(|n| t.column(n));
    let [id, cond, n, agreed, www, rounds, joint, richest, world] = c;
    let (id, cond, n, agreed, www, rounds, joint, richest, world) = (
        id?, cond?, n?, agreed?, www?, rounds?, joint?, richest?, world?,
    );
    let mut rows = Vec::new();
    for rec in t.rows(reader) {
        let rec = rec?;
        let stakeholders = t.number(&rec, n)?;
        let process_id = t.number(&rec, id)?;
        rows.push(ProcessRow {
            id: process_id as u64,
            condition: grid.condition(&t, &rec, cond)?,
            point: grid.point(&t, &rec, &sweep)?,
            stakeholders: stakeholders as u32,
            agreed: t.flag(&rec, agreed)?,
            win_win_win: t.flag(&rec, www)?,
            rounds: t.number(&rec, rounds)?,
            joint_utility: t.number(&rec, joint)?,
            richest_share: t.number(&rec, richest)?,
            world_value: t.number(&rec, world)?,
        });
    }
    if rows.is_empty() {
        return Err(Error::input("processes.csv has no processes")
            .in_file(path)
            .at_line(Some(2)));
    }
    Ok(rows)
}

fn read_summary(path: &Path, grid: &Grid) -> Result<HashMap<(usize, usize, String), Estimate>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.columns(&t)?;
    use SummaryColumn as S;
    let cond = t.column(S::Condition.name())?;
    let metric = t.column(S::Metric.name())?;
    let [n, mean, low, high] = [S::N, S::Mean, S::CiLow, S::CiHigh].map(|c| t.column(c.name()));
    let (n, mean, low, high) = (n?, mean?, low?, high?);
    let mut out = HashMap::new();
    for rec in t.rows(reader) {
        let rec = rec?;
        let key = (
            grid.condition(&t, &rec, cond)?,
            grid.point(&t, &rec, &sweep)?,
            t.field(&rec, metric)?.to_string(),
        );
        let e = Estimate {
            n: t.number(&rec, n)? as u64,
            // Empty when no run had a value (n = 0).
            mean: t.optional_number(&rec, mean)?,
            low: t.optional_number(&rec, low)?,
            high: t.optional_number(&rec, high)?,
        };
        out.insert(key, e);
    }
    if out.is_empty() {
        return Err(Error::input("summary.csv has no rows")
            .in_file(path)
            .at_line(Some(2)));
    }
    Ok(out)
}

fn read_comparisons(path: &Path, grid: &Grid) -> Result<Vec<Comparison>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.columns(&t)?;
    use ComparisonColumn as C;
    let cols = [
        C::ConditionA,
        C::ConditionB,
        C::Metric,
        C::NPairs,
        C::MeanA,
        C::MeanB,
        C::Difference,
        C::CiLow,
        C::CiHigh,
        C::CohensD,
    ]
    .map(|c| t.column(c.name()));
    let [a, b, metric, n, ma, mb, diff, low, high, d] = cols;
    let (a, b, metric, n, ma, mb, diff, low, high, d) =
        (a?, b?, metric?, n?, ma?, mb?, diff?, low?, high?, d?);
    let mut out = Vec::new();
    for rec in t.rows(reader) {
        let rec = rec?;
        grid.condition(&t, &rec, a)?;
        grid.condition(&t, &rec, b)?;
        out.push(Comparison {
            point: grid.point(&t, &rec, &sweep)?,
            a: t.field(&rec, a)?.to_string(),
            b: t.field(&rec, b)?.to_string(),
            metric: t.field(&rec, metric)?.to_string(),
            n_pairs: t.number(&rec, n)? as u64,
            // Empty when no pair had a value (n_pairs = 0).
            mean_a: t.optional_number(&rec, ma)?,
            mean_b: t.optional_number(&rec, mb)?,
            difference: t.optional_number(&rec, diff)?,
            low: t.optional_number(&rec, low)?,
            high: t.optional_number(&rec, high)?,
            cohens_d: t.optional_number(&rec, d)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_keys_read_as_words() {
        for (key, words) in [
            ("case_generator.stakeholders", "number of stakeholders"),
            ("case_generator.options", "options per issue"),
            (
                "traits.concession_willingness.mean",
                "mean concession willingness",
            ),
            ("traits.openness.spread", "spread of openness"),
            ("organisation.training.share", "training share"),
            ("parameters.trust_gain", "trust gain"),
            ("norms.decision_rule", "decision rule"),
            ("deadline", "deadline"),
            ("culture", "culture"),
        ] {
            assert_eq!(key_words(key), words, "{key}");
        }
    }

    #[test]
    fn a_rate_without_an_interval_keeps_none() {
        let one_run = Estimate {
            n: 1,
            mean: 0.4,
            low: f64::NAN,
            high: f64::NAN,
        }
        .bounded(Metric::WinWinWin);
        assert!(one_run.low.is_nan() && one_run.high.is_nan());
        let wide = Estimate {
            n: 2,
            mean: 0.9,
            low: 0.6,
            high: 1.3,
        }
        .bounded(Metric::WinWinWin);
        assert_eq!((wide.low, wide.high), (0.6, 1.0));
    }

    #[test]
    fn metrics_format_as_their_units() {
        assert_eq!(Metric::WinWinWin.format(0.375), "38%");
        assert_eq!(Metric::FinalWinWinWin.format(0.0), "0%");
        assert_eq!(Metric::WinWinWinGain.format(0.164), "+16 pp");
        assert_eq!(Metric::WinWinWinGain.format(-0.006), "-0.6 pp");
        assert_eq!(Metric::WinWinWinGain.format(0.0), "0.0 pp");
        assert_eq!(Metric::GainPerCost.tick(0.25), "25");
        assert_eq!(Metric::TotalCost.format(0.0), "0");
        assert_eq!(Metric::TotalCost.format(1682.4), "1682");
        assert_eq!(Metric::CyclesToCollaborative.format(48.0), "48");
        assert_eq!(Metric::CyclesToCollaborative.format(12.5), "12.5");
        assert_eq!(Metric::JointUtility.format(1.41), "1.41");
        assert_eq!(Metric::Rounds.format(f64::NAN), "–");
        assert!(Metric::ORGANISATION.iter().all(|m| m.of_organisations()));
        assert!(Metric::HEADLINE.iter().all(|m| !m.of_organisations()));
    }
}
