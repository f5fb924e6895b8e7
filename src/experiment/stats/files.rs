//! Writing `summary.csv` and `comparison.csv`, in the registry's column order.

use super::estimators::{Moments, cohens_d};
use super::summary::{Scale, Statistics};
use crate::error::{Error, Result};
use crate::output::atomic::write_file;
use crate::output::csv_row::Row;
use crate::record::columns::{ComparisonColumn, SummaryColumn};
use std::path::Path;

/// Writes `summary.csv` and `comparison.csv` atomically.
pub fn write(dir: &Path, stats: &Statistics) -> Result<()> {
    let header = |first: &[&str], rest: &mut dyn Iterator<Item = &'static str>| -> Vec<String> {
        let mut h: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        h.extend(stats.sweep_keys.iter().cloned());
        h.extend(rest.map(String::from));
        h
    };
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut row = Row::new();
    let _ = w.write_record(header(
        &[SummaryColumn::Condition.name()],
        &mut SummaryColumn::AFTER_SWEEP
            .into_iter()
            .map(SummaryColumn::name),
    ));
    for s in &stats.summary {
        row.clear();
        row.text(&s.condition);
        s.sweep.iter().for_each(|v| {
            row.text(v);
        });
        let (lo, hi) = s.interval();
        // Without a single value (a metric left empty in every run, such as the cycles to a
        // collaborative culture that was never reached) there is nothing to summarise, and
        // without two no spread (the interval is NaN then, written empty).
        let known = |x: f64| (s.moments.n > 0).then_some(x);
        let spread = |x: f64| (s.moments.n > 1).then_some(x);
        row.text(s.metric)
            .text(if s.scale == Scale::Boolean {
                "rate"
            } else {
                "mean"
            })
            .int(s.moments.n)
            .opt(known(s.moments.mean))
            .opt(spread(s.moments.sd()))
            .opt(spread(s.moments.se()))
            .num(lo)
            .num(hi)
            .opt(known(s.median));
        let _ = w.write_byte_record(row.record());
    }
    save(dir, "summary.csv", w)?;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(header(
        &[],
        &mut ComparisonColumn::ALL
            .into_iter()
            .map(ComparisonColumn::name),
    ));
    for c in &stats.comparisons {
        row.clear();
        c.sweep.iter().for_each(|v| {
            row.text(v);
        });
        let (lo, hi) = c.interval();
        let known = |m: &Moments, x: f64| (m.n > 0).then_some(x);
        row.text(&c.a)
            .text(&c.b)
            .text(c.metric)
            .int(c.diff.n)
            .opt(known(&c.stats_a, c.stats_a.mean))
            .opt(known(&c.stats_b, c.stats_b.mean))
            .opt(known(&c.diff, c.diff.mean))
            .opt((c.diff.n > 1).then(|| c.diff.se()))
            .num(lo)
            .num(hi)
            .num(cohens_d(&c.stats_a, &c.stats_b))
            .num(c.dz());
        let _ = w.write_byte_record(row.record());
    }
    save(dir, "comparison.csv", w)
}

fn save(dir: &Path, name: &str, w: csv::Writer<Vec<u8>>) -> Result<()> {
    let path = dir.join(name);
    let bytes = w.into_inner().map_err(|e| Error::io(&path, e.error()))?;
    // A failed write (a full disk) leaves no partial file behind.
    write_file(&path, &bytes)
}
