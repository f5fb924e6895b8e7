//! Progress on stderr: a bar with rate and ETA on a terminal, plain periodic lines otherwise.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::fmt::Write;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Seconds between plain progress lines when stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

/// The bar's look. Rate and ETA count only what this run does: the `done` items a resumed
/// run starts with were not done in its time (indicatif's own rate would count them as done
/// at once, and show millions per second and an ETA of 0 s).
fn style(unit: &'static str, done: u64) -> ProgressStyle {
    let rate = move |s: &ProgressState| {
        (s.pos().saturating_sub(done)) as f64 / s.elapsed().as_secs_f64().max(1e-9)
    };
    ProgressStyle::with_template(&format!(
        "{{bar:40.cyan/blue}} {{pos}}/{{len}} {unit}  {{rate}}/s  ETA {{left}}"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .with_key("rate", move |s: &ProgressState, w: &mut dyn Write| {
        let r = rate(s);
        let _ = if r >= 10.0 {
            write!(w, "{r:.0}")
        } else {
            write!(w, "{r:.1}")
        };
    })
    .with_key("left", move |s: &ProgressState, w: &mut dyn Write| {
        let r = rate(s);
        let left = s.len().unwrap_or(0).saturating_sub(s.pos());
        let _ = if r > 0.0 {
            let secs = (left as f64 / r).ceil().min(1e9) as u64;
            write!(
                w,
                "{}",
                humantime::format_duration(Duration::from_secs(secs))
            )
        } else {
            write!(w, "-")
        };
    })
}

/// Progress of a run.
pub struct Progress {
    unit: &'static str,
    bar: Option<ProgressBar>,
    plain: bool,
    total: u64,
    done_at_start: u64,
    start: Instant,
    last_line: Instant,
}

impl Progress {
    /// Progress over `total` processes, `done` of them already complete (resume).
    pub fn new(total: u64, done: u64, quiet: bool) -> Progress {
        Progress::counting("processes", total, done, quiet)
    }

    /// Progress over `total` items of a named unit (e.g. "cycles").
    pub fn counting(unit: &'static str, total: u64, done: u64, quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(style(unit, done));
            bar.set_position(done);
            bar
        });
        Progress {
            unit,
            bar,
            plain: !quiet && !terminal,
            total,
            done_at_start: done,
            start: Instant::now(),
            last_line: Instant::now(),
        }
    }

    /// `done` processes are complete.
    pub fn advance(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        } else if self.plain && self.last_line.elapsed() >= PLAIN_EVERY {
            self.last_line = Instant::now();
            let secs = self.start.elapsed().as_secs_f64();
            let rate = (done - self.done_at_start) as f64 / secs.max(1e-9);
            let eta = (self.total - done) as f64 / rate.max(1e-9);
            eprintln!(
                "{program}: {done}/{} {} ({:.0}%), {rate:.0}/s, ETA {eta:.0} s",
                self.total,
                self.unit,
                100.0 * done as f64 / self.total.max(1) as f64,
                program = crate::program::name(),
            );
        }
    }

    /// Clears the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
