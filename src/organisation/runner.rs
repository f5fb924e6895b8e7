//! Running an organisation experiment: every (condition x sweep point x replication) is one
//! organisation run. Runs go one after the other; within a run the processes of each cycle run
//! in parallel. Rows stream to disk cycle by cycle; a journal after every organisation run
//! makes the experiment resumable, and shards split it by organisation run.

use crate::error::{Error, Result};
use crate::experiment::plan::{CaseSpec, Plan};
use crate::experiment::progress::Progress;
use crate::experiment::runner::{
    INTERRUPTED, RunContext, RunOptions, RunReport, append, header_bytes,
};
use crate::model::prepared::PreparedCase;
use crate::organisation::components::{CasePool, OrgSetup};
use crate::organisation::cycle_record::CycleRecord;
use crate::organisation::engine::Organisation;
use crate::organisation::records;
use crate::output::atomic::{AtomicFile, FileMark};
use crate::output::csv_row::Row;
use crate::output::journal::Journal;
use crate::output::records as headers;
use crate::protocol::setup::Observe;
use crate::record::process::ProcessRef;
use crate::rng::StreamKey;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// Output files of an organisation experiment, in journal order.
const FILES: [&str; 4] = [
    "cycles.csv",
    "organisations.csv",
    "processes.csv",
    "stakeholders.csv",
];

/// The setup of organisation run `unit`.
pub fn org_setup(plan: &Plan, unit: &ProcessRef) -> Result<OrgSetup> {
    let cell = plan.cell(unit);
    let scenario = &cell.scenario;
    let config = scenario.organisation.clone().ok_or_else(|| {
        Error::input(format!(
            "condition `{}` has no [organisation]",
            plan.file.conditions[unit.condition].name
        ))
    })?;
    let streams = StreamKey::new(plan.seed, unit.replication);
    let cases = match (&cell.case, plan.case_pool_of(unit)) {
        (_, Some(pool)) => CasePool::Generated(
            pool.into_iter()
                .map(|size| {
                    size.into_iter()
                        .map(|case| {
                            Arc::new(PreparedCase::new(case, cell.params.exact_outcome_bound))
                        })
                        .collect()
                })
                .collect(),
        ),
        (CaseSpec::Fixed(c), None) => CasePool::Fixed(c.clone()),
        (CaseSpec::Generated { .. }, None) => {
            return Err(Error::input(format!(
                "condition `{}` generates cases but has no [organisation]",
                plan.file.conditions[unit.condition].name
            )));
        }
    };
    let probe = plan.table_setup(unit, Observe::default());
    Ok(OrgSetup {
        config: Arc::new(config),
        culture: scenario.traits,
        hiring: cell.hiring.unwrap_or(scenario.traits),
        coaches: cell.coaches,
        rules: probe.rules,
        params: cell.params.clone(),
        streams,
        cases,
        cell: cell.columns.clone(),
    })
}

struct Outputs {
    dir: PathBuf,
    files: Vec<Option<AtomicFile>>,
}

impl Outputs {
    fn wanted(plan: &Plan) -> [bool; 4] {
        [
            true,
            true,
            plan.file.output.processes,
            plan.file.output.stakeholders,
        ]
    }

    fn create(dir: &Path, plan: &Plan) -> Result<Outputs> {
        let sweep = plan.sweep_columns();
        let headers = [
            headers::cycle_header(&sweep),
            headers::organisation_header(&sweep),
            headers::organisation_process_header(&sweep),
            headers::organisation_stakeholder_header(&sweep),
        ];
        let mut files = Vec::new();
        for ((name, header), wanted) in FILES.iter().zip(headers).zip(Outputs::wanted(plan)) {
            if !wanted {
                files.push(None);
                continue;
            }
            let path = dir.join(name);
            let mut f = AtomicFile::create(&path)?;
            f.write_all(&header_bytes(&header))
                .map_err(|e| Error::io(&path, &e))?;
            files.push(Some(f));
        }
        Ok(Outputs {
            dir: dir.to_path_buf(),
            files,
        })
    }

    fn resume(dir: &Path, plan: &Plan, journal: &Journal, hint: &str) -> Result<Outputs> {
        let mut files = Vec::new();
        for (name, wanted) in FILES.iter().zip(Outputs::wanted(plan)) {
            files.push(if wanted {
                let path = dir.join(name);
                Some(AtomicFile::resume(&path, journal.mark(name, hint)?, hint)?)
            } else {
                None
            });
        }
        Ok(Outputs {
            dir: dir.to_path_buf(),
            files,
        })
    }

    fn write(&mut self, i: usize, w: csv::Writer<Vec<u8>>) -> Result<()> {
        if let Some(f) = &mut self.files[i] {
            append(f, &self.dir.join(FILES[i]), w)?;
        }
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<Vec<FileMark>> {
        self.files
            .iter_mut()
            .flatten()
            .map(AtomicFile::checkpoint)
            .collect()
    }

    fn into_files(self) -> Vec<AtomicFile> {
        self.files.into_iter().flatten().collect()
    }
}

fn buffer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(1 << 16))
}

/// Runs an organisation experiment (or one shard of it) into `opts.out`.
pub fn run(plan: &Plan, opts: &RunOptions) -> Result<RunReport> {
    let run = RunContext::open(plan, opts)?;
    if run.complete {
        return Ok(run.already_complete());
    }
    let dir = &opts.out;
    let mut outputs = match &run.journal {
        Some(journal) => Outputs::resume(dir, plan, journal, &run.restart_hint())?,
        None => {
            // The journal is written at once, so that the run is resumable from its start.
            let mut outputs = Outputs::create(dir, plan)?;
            let marks = outputs.checkpoint()?;
            run.save(run.first(), marks)?;
            outputs
        }
    };
    let first = run.first();
    let mut next = first;
    let range = run.range.clone();
    let pool = &run.pool;
    let total_cycles: u64 = (range.start..range.end)
        .map(|id| {
            u64::from(
                plan.cell(&plan.locate(id))
                    .scenario
                    .organisation
                    .as_ref()
                    .map_or(0, |o| o.cycles),
            )
        })
        .sum();
    let done_cycles: u64 = (range.start..next)
        .map(|id| {
            u64::from(
                plan.cell(&plan.locate(id))
                    .scenario
                    .organisation
                    .as_ref()
                    .map_or(0, |o| o.cycles),
            )
        })
        .sum();
    let mut progress = Progress::counting("cycles", total_cycles, done_cycles, opts.quiet);
    let mut cycles_done = done_cycles;
    let mut row = Row::new();
    while next < range.end {
        let unit = plan.locate(next);
        let setup = org_setup(plan, &unit)?;
        let cell = setup.cell.clone();
        let population = setup.config.population;
        let target = setup.config.collaborative_target;
        let cycles = setup.config.cycles;
        let mut org = pool.install(|| Organisation::new(setup, unit));
        let mut history: Vec<CycleRecord> = Vec::with_capacity(cycles as usize);
        for _ in 0..cycles {
            let report = pool.install(|| org.run_cycle(Observe::default()));
            crate::output::fault::step("cycle-simulated", dir)?;
            let (mut pw, mut sw, mut cw) = (buffer(), buffer(), buffer());
            for (t, table) in report.tables.iter().enumerate() {
                if plan.file.output.processes {
                    records::process_row(&mut row, report.record.cycle, t, &table.result);
                    let _ = pw.write_byte_record(row.record());
                }
                if plan.file.output.stakeholders {
                    records::stakeholder_rows(
                        &mut row,
                        report.record.cycle,
                        t,
                        &table.ids,
                        &table.result,
                        |r| {
                            let _ = sw.write_byte_record(r.record());
                        },
                    );
                }
            }
            records::cycle_row(&mut row, &cell, &unit, &report.record);
            let _ = cw.write_byte_record(row.record());
            let written = outputs
                .write(0, cw)
                .and_then(|()| outputs.write(2, pw))
                .and_then(|()| outputs.write(3, sw));
            written.map_err(|e| run.resumable(e))?;
            crate::output::fault::step("cycle-written", dir)?;
            history.push(report.record);
            // A cycle's tables hold some 100,000 small buffers: the workers free them together.
            pool.install(|| report.tables.into_par_iter().for_each(drop));
            cycles_done += 1;
            progress.advance(cycles_done);
            // An organisation run is saved whole, so Ctrl-C stops after the cycle under way
            // instead of waiting for the run's last cycle (minutes at scale).
            if INTERRUPTED.load(Ordering::SeqCst) && history.len() < cycles as usize {
                progress.finish();
                let saved = next - range.start;
                let then = format!(
                    "the {saved} organisation run(s) before it are saved; continue with: {}",
                    run.again("--resume")
                );
                return Err(Error::interrupted(format!(
                    "interrupted after cycle {} of {cycles} of organisation run {} of {}; {then}",
                    history.len(),
                    saved + 1,
                    range.end - range.start
                )));
            }
        }
        let mut ow = buffer();
        records::organisation_row(&mut row, &cell, &unit, population, target, &history);
        let _ = ow.write_byte_record(row.record());
        let saved = outputs.write(1, ow).and_then(|()| {
            let marks = outputs.checkpoint()?;
            run.save(next + 1, marks)
        });
        saved.map_err(|e| run.resumable(e))?;
        next += 1;
        run.stop_if_interrupted(next, "organisation runs", &mut progress)?;
    }
    progress.finish();
    run.finish(first, outputs.into_files())
}
