//! Reading a finished run for charts: `manifest.json`, `processes.csv`, `summary.csv` and
//! `comparison.csv`, checked as they are read. Every problem names the file and line.

use crate::error::{Error, Result};
use crate::experiment::plan::Plan;
use crate::experiment::replay::plan_from_manifest;
use crate::output::manifest::Manifest;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The headline metrics charts show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Sum of the stakeholders' utilities.
    JointUtility,
    /// Share of processes that are a win for everyone at the table and for the world.
    WinWinWin,
    /// Share of processes that reached agreement.
    Agreed,
    /// Rounds used.
    Rounds,
}

impl Metric {
    /// The four headline metrics, in the order charts show them.
    pub const HEADLINE: [Metric; 4] = [
        Metric::JointUtility,
        Metric::WinWinWin,
        Metric::Agreed,
        Metric::Rounds,
    ];

    /// Column name in the CSV files.
    pub fn key(self) -> &'static str {
        match self {
            Metric::JointUtility => "joint_utility",
            Metric::WinWinWin => "win_win_win",
            Metric::Agreed => "agreed",
            Metric::Rounds => "rounds",
        }
    }

    /// True for rates (shown as percentages, Wilson intervals).
    pub fn is_rate(self) -> bool {
        matches!(self, Metric::WinWinWin | Metric::Agreed)
    }

    /// Panel title.
    pub fn title(self) -> &'static str {
        match self {
            Metric::JointUtility => "Value created: joint utility",
            Metric::WinWinWin => "Win-win-win rate",
            Metric::Agreed => "Agreement rate",
            Metric::Rounds => "Time: rounds used",
        }
    }

    /// The metric in running text.
    pub fn noun(self) -> &'static str {
        match self {
            Metric::JointUtility => "joint utility",
            Metric::WinWinWin => "win-win-win rate",
            Metric::Agreed => "agreement rate",
            Metric::Rounds => "rounds used",
        }
    }

    /// Axis description: the unit (the panel title names the metric).
    pub fn axis(self) -> &'static str {
        match self {
            Metric::JointUtility => "sum of utilities",
            Metric::WinWinWin | Metric::Agreed => "% of processes",
            Metric::Rounds => "rounds",
        }
    }

    /// The metric's value in a process.
    pub fn value(self, p: &ProcessRow) -> f64 {
        match self {
            Metric::JointUtility => p.joint_utility,
            Metric::WinWinWin => f64::from(u8::from(p.win_win_win)),
            Metric::Agreed => f64::from(u8::from(p.agreed)),
            Metric::Rounds => p.rounds,
        }
    }
}

/// A mean (or rate) with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Processes.
    pub n: u64,
    /// Mean, or rate in [0, 1].
    pub mean: f64,
    /// Lower end of the 95% interval (NaN if undefined).
    pub low: f64,
    /// Upper end of the 95% interval (NaN if undefined).
    pub high: f64,
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

/// What one process reports, as far as charts need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessRow {
    /// Process id.
    pub id: u64,
    /// Condition index (manifest order).
    pub condition: usize,
    /// Sweep point index (first axis outermost).
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
pub struct ComparisonRow {
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
    /// Every process, in file order.
    pub processes: Vec<ProcessRow>,
    /// `summary.csv`: (condition, point, metric column) -> estimate.
    pub summary: HashMap<(usize, usize, String), Estimate>,
    /// `comparison.csv` rows, in file order.
    pub comparisons: Vec<ComparisonRow>,
}

impl RunData {
    /// Loads and checks the run in `dir`.
    pub fn load(dir: &Path) -> Result<RunData> {
        if !dir.is_dir() {
            return Err(
                Error::input(format!("{} is not a directory", dir.display())).with_hint(
                    "point at the folder `negsim run` wrote (by default output/<experiment>)",
                ),
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
            .with_hint("combine the shards with `negsim merge` and plot the merged folder"));
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
        let grid = Grid::new(&conditions, &axes);
        let processes = read_processes(&dir.join("processes.csv"), &grid)?;
        let summary = read_summary(&dir.join("summary.csv"), &grid)?;
        let comparisons = read_comparisons(&dir.join("comparison.csv"), &grid)?;
        Ok(RunData {
            dir: dir.to_path_buf(),
            manifest,
            plan,
            conditions,
            axes,
            processes,
            summary,
            comparisons,
        })
    }

    /// Number of sweep points (1 without a sweep).
    pub fn points(&self) -> usize {
        self.axes.iter().map(|a| a.labels.len()).product()
    }

    /// The value index on `axis` of sweep point `point`.
    pub fn axis_index(&self, point: usize, axis: usize) -> usize {
        let inner: usize = self.axes[axis + 1..]
            .iter()
            .map(|a| a.labels.len())
            .product();
        (point / inner) % self.axes[axis].labels.len()
    }

    /// Sweep labels of a point, `key=value` joined by commas ("" without a sweep).
    pub fn point_label(&self, point: usize) -> String {
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

    /// The estimate recorded in `summary.csv` for a condition at a sweep point.
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

    /// Estimates of `metric` for groups of processes: `group` maps a process to a group index
    /// below `groups` (or `None` to leave it out). Means get a t-interval and rates a Wilson
    /// interval, as in `summary.csv`.
    pub fn pooled(
        &self,
        metric: Metric,
        groups: usize,
        group: impl Fn(&ProcessRow) -> Option<usize>,
    ) -> Vec<Estimate> {
        use crate::experiment::stats::{Moments, t_interval, wilson};
        let mut m = vec![Moments::default(); groups];
        for p in &self.processes {
            if let Some(g) = group(p).filter(|&g| g < groups) {
                m[g].push(metric.value(p));
            }
        }
        m.iter()
            .map(|m| {
                let (low, high) = if metric.is_rate() {
                    wilson(m.mean * m.n as f64, m.n as f64)
                } else {
                    t_interval(m)
                };
                Estimate {
                    n: m.n,
                    mean: m.mean,
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

    /// The world threshold of the run's cases, if all of them share one.
    pub fn world_threshold(&self) -> Option<f64> {
        use crate::experiment::plan::CaseSpec;
        let mut t: Option<f64> = None;
        for cell in &self.plan.cells {
            let v = match &cell.case {
                CaseSpec::Fixed(c) => c.case.world_threshold,
                CaseSpec::Generated { generator, .. } => generator.world_threshold,
            };
            match t {
                None => t = Some(v),
                Some(x) if x != v => return None,
                _ => {}
            }
        }
        t
    }
}

/// Maps condition names and sweep labels to indices.
struct Grid {
    conditions: HashMap<String, usize>,
    axes: Vec<(String, HashMap<String, usize>)>,
    strides: Vec<usize>,
}

impl Grid {
    fn new(conditions: &[String], axes: &[Axis]) -> Grid {
        let mut strides = vec![1; axes.len()];
        for a in (0..axes.len().saturating_sub(1)).rev() {
            strides[a] = strides[a + 1] * axes[a + 1].labels.len();
        }
        Grid {
            conditions: conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), i))
                .collect(),
            axes: axes
                .iter()
                .map(|a| {
                    (
                        a.key.clone(),
                        a.labels
                            .iter()
                            .enumerate()
                            .map(|(i, l)| (l.clone(), i))
                            .collect(),
                    )
                })
                .collect(),
            strides,
        }
    }

    fn condition(&self, t: &Table, rec: &csv::StringRecord, col: usize) -> Result<usize> {
        let name = t.field(rec, col)?;
        self.conditions.get(name).copied().ok_or_else(|| {
            t.error(
                rec,
                format!("condition `{name}` is not one of the run's conditions in manifest.json"),
            )
        })
    }

    fn point(&self, t: &Table, rec: &csv::StringRecord, cols: &[usize]) -> Result<usize> {
        let mut point = 0;
        for (a, &col) in cols.iter().enumerate() {
            let label = t.field(rec, col)?;
            let (key, values) = &self.axes[a];
            let i = values.get(label).copied().ok_or_else(|| {
                t.error(
                    rec,
                    format!("`{label}` is not a value of the sweep over `{key}` in manifest.json"),
                )
            })?;
            point += i * self.strides[a];
        }
        Ok(point)
    }

    fn sweep_columns(&self, t: &Table) -> Result<Vec<usize>> {
        self.axes.iter().map(|(k, _)| t.column(k)).collect()
    }
}

/// A CSV file being read, for errors that name the file and line.
struct Table {
    path: PathBuf,
    name: String,
    header: csv::StringRecord,
}

impl Table {
    fn open(path: &Path) -> Result<(Table, csv::Reader<std::fs::File>)> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let file = std::fs::File::open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::input(format!("{name} is missing"))
                    .in_file(path)
                    .with_hint(
                        "charts need a complete run: run the experiment again with `negsim run`",
                    )
            } else {
                Error::io(path, &e)
            }
        })?;
        let mut reader = csv::ReaderBuilder::new().from_reader(file);
        let header = reader
            .headers()
            .map_err(|e| {
                Error::input(format!("cannot read the header: {e}"))
                    .in_file(path)
                    .at_line(Some(1))
            })?
            .clone();
        if header.is_empty() || header.iter().all(|h| h.is_empty()) {
            return Err(Error::input(format!("{name} is empty: it has no header"))
                .in_file(path)
                .at_line(Some(1)));
        }
        Ok((
            Table {
                path: path.to_path_buf(),
                name,
                header,
            },
            reader,
        ))
    }

    fn column(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(format!("{} has no `{name}` column", self.name))
                .in_file(&self.path)
                .at_line(Some(1))
                .with_hint("the file was not written by this version of negsim, or was edited")
        })
    }

    fn error(&self, rec: &csv::StringRecord, message: String) -> Error {
        Error::input(message)
            .in_file(&self.path)
            .at_line(rec.position().map(|p| p.line() as usize))
    }

    fn field<'r>(&self, rec: &'r csv::StringRecord, col: usize) -> Result<&'r str> {
        rec.get(col)
            .ok_or_else(|| self.error(rec, "the row has fewer columns than the header".into()))
    }

    fn number(&self, rec: &csv::StringRecord, col: usize) -> Result<f64> {
        let text = self.field(rec, col)?;
        text.parse::<f64>().map_err(|_| {
            self.error(
                rec,
                format!("`{}`: expected a number, found `{text}`", &self.header[col]),
            )
        })
    }

    fn flag(&self, rec: &csv::StringRecord, col: usize) -> Result<bool> {
        match self.field(rec, col)? {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(self.error(
                rec,
                format!(
                    "`{}`: expected true or false, found `{other}`",
                    &self.header[col]
                ),
            )),
        }
    }

    fn rows(
        &self,
        reader: csv::Reader<std::fs::File>,
    ) -> impl Iterator<Item = Result<csv::StringRecord>> + '_ {
        reader.into_records().map(move |r| {
            r.map_err(|e| {
                let line = e.position().map(|p| p.line() as usize);
                let what = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the row has {len} fields but the header has {expected_len}"),
                    _ => format!("damaged row: {e}"),
                };
                Error::input(what).in_file(&self.path).at_line(line)
            })
        })
    }
}

fn read_processes(path: &Path, grid: &Grid) -> Result<Vec<ProcessRow>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.sweep_columns(&t)?;
    let c = [
        "process_id",
        "condition",
        "stakeholders",
        "agreed",
        "win_win_win",
        "rounds",
        "joint_utility",
        "richest_share",
        "world_value",
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
    let sweep = grid.sweep_columns(&t)?;
    let cond = t.column("condition")?;
    let metric = t.column("metric")?;
    let [n, mean, low, high] = ["n", "mean", "ci_low", "ci_high"].map(|c| t.column(c));
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
            mean: t.number(&rec, mean)?,
            low: t.number(&rec, low)?,
            high: t.number(&rec, high)?,
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

fn read_comparisons(path: &Path, grid: &Grid) -> Result<Vec<ComparisonRow>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.sweep_columns(&t)?;
    let cols = [
        "condition_a",
        "condition_b",
        "metric",
        "n_pairs",
        "mean_a",
        "mean_b",
        "difference",
        "ci_low",
        "ci_high",
        "cohens_d",
    ]
    .map(|c| t.column(c));
    let [a, b, metric, n, ma, mb, diff, low, high, d] = cols;
    let (a, b, metric, n, ma, mb, diff, low, high, d) =
        (a?, b?, metric?, n?, ma?, mb?, diff?, low?, high?, d?);
    let mut out = Vec::new();
    for rec in t.rows(reader) {
        let rec = rec?;
        grid.condition(&t, &rec, a)?;
        grid.condition(&t, &rec, b)?;
        out.push(ComparisonRow {
            point: grid.point(&t, &rec, &sweep)?,
            a: t.field(&rec, a)?.to_string(),
            b: t.field(&rec, b)?.to_string(),
            metric: t.field(&rec, metric)?.to_string(),
            n_pairs: t.number(&rec, n)? as u64,
            mean_a: t.number(&rec, ma)?,
            mean_b: t.number(&rec, mb)?,
            difference: t.number(&rec, diff)?,
            low: t.number(&rec, low)?,
            high: t.number(&rec, high)?,
            cohens_d: t.number(&rec, d)?,
        });
    }
    Ok(out)
}
