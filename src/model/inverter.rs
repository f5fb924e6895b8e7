//! Finding the packages whose utility is nearest above and below a target, without enumerating
//! the outcome space. Linear additive utilities split into two halves of the issues; each
//! half's partial sums are enumerated once per case and sorted, and a query searches the second
//! half for each entry of the first (meet in the middle): O(sqrt(N) log N) per query instead of
//! O(N), and O(sqrt(N) log N) to build instead of O(N log N).
//!
//! Utilities are compared exactly as [`PreparedCase::utility`] computes them: a left-to-right
//! sum over the issues. A meet-in-the-middle sum `first + second` can differ from it in the last
//! bits, so the halves only narrow the search down to a window a few ulps wide, and every
//! package in the window is scored with the left-to-right sum. That keeps replays bit-exact
//! against platforms that score packages the same way (NegMAS's linear additive utilities).

use crate::error::{Error, Result};
use crate::model::case::Case;
use crate::model::prepared::{Package, PreparedCase};

/// Most memory building one stakeholder's inverter may take. The halves grow with the square
/// root of the outcome space (12 issues of 10 options need some 180 MB), so a case far beyond
/// it would exhaust memory; [`check_outcome_space`] refuses it before anything runs.
pub const MAX_BUILD_BYTES: u64 = 512 << 20;

/// Splits the issues in two halves balanced by number of combinations: the issues `0..split`
/// form the first half. `visible` is the number of visible options per issue.
fn split_point(visible: &[usize]) -> usize {
    let total_log: f64 = visible.iter().map(|&v| (v as f64).ln()).sum();
    let mut split = 0;
    let mut acc = 0.0;
    while split < visible.len() && acc + (visible[split] as f64).ln() <= total_log / 2.0 {
        acc += (visible[split] as f64).ln();
        split += 1;
    }
    split
}

/// Peak bytes of building one stakeholder's inverter over issues with `visible` options each
/// (saturating): per first-half entry its sum, sort key and code; per second-half entry the
/// same plus its options' values, which exist twice while the entries are sorted.
pub fn build_bytes(visible: &[usize]) -> u64 {
    let split = split_point(visible);
    let entries = |half: &[usize]| half.iter().fold(1u64, |n, &v| n.saturating_mul(v as u64));
    let width = (visible.len() - split) as u64;
    entries(&visible[..split])
        .saturating_mul(40)
        .saturating_add(entries(&visible[split..]).saturating_mul(40 + 16 * width))
}

/// Refuses a case whose outcome space is too large for classic tactics: they find packages by
/// utility with an [`Inverter`], whose memory grows with the square root of the outcome space
/// (see [`MAX_BUILD_BYTES`]).
pub fn check_outcome_space(case: &Case) -> Result<()> {
    let visible: Vec<usize> = case
        .issues
        .iter()
        .map(|issue| issue.options.iter().filter(|o| !o.hidden).count())
        .collect();
    check_visible_options(&format!("case `{}`", case.name), &visible)
}

/// [`check_outcome_space`] for issues with `visible` options each; `what` names the case in the
/// message.
pub fn check_visible_options(what: &str, visible: &[usize]) -> Result<()> {
    let bytes = build_bytes(visible);
    if bytes <= MAX_BUILD_BYTES {
        return Ok(());
    }
    // Shown as powers of ten: the exact counts can exceed any integer type.
    let packages: f64 = visible.iter().map(|&v| v as f64).product();
    let needed = if bytes == u64::MAX {
        "more memory than any machine has".to_string()
    } else {
        format!("about {} MB per stakeholder", bytes.div_ceil(1 << 20))
    };
    Err(Error::input(format!(
        "{what} has {} issues and {packages:.1e} packages: too many for classic tactics, which \
         would need {needed} to search them (at most {} MB)",
        visible.len(),
        MAX_BUILD_BYTES >> 20
    ))
    .with_hint(
        "use fewer issues or options (12 issues of 10 options fit), or protocol = \"mindset\", \
         whose search does not enumerate packages",
    ))
}

/// The packages nearest to a target utility, from [`Inverter::around`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Around {
    /// The package with the smallest utility at or above the target, if any.
    pub above: Option<Hit>,
    /// The package with the largest utility below the target and at or above the floor, if any.
    pub below: Option<Hit>,
}

/// One package found by an [`Inverter`]: its exact utility and where it sits in the halves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// Utility, summed left to right over the issues.
    pub utility: f64,
    first: u32,
    second: u32,
}

/// Utility inverter of one stakeholder over the visible options of a case.
#[derive(Clone, Debug)]
pub struct Inverter {
    /// Number of issues.
    k: usize,
    /// Issues in the first half (`0..split`); the rest form the second half.
    split: usize,
    /// Visible options per issue (entries are mixed-radix codes over these).
    visible: Vec<Vec<u8>>,
    /// First-half partial sums, left to right from 0 (so they are exact prefixes of the
    /// utility), ascending.
    first_sum: Vec<f64>,
    /// Mixed-radix code of each first-half entry.
    first_code: Vec<u32>,
    /// Second-half partial sums, ascending; rounded down to make room for the code in the
    /// sort key, so they only locate the search window.
    second_sum: Vec<f64>,
    /// Weighted values of each second-half entry's options in issue order, for exact sums,
    /// `[entry * (k - split) + j]`.
    second_values: Vec<f64>,
    /// Mixed-radix code of each second-half entry.
    second_code: Vec<u32>,
    /// Largest gap between a window sum and the left-to-right sum (a safe bound).
    slack: f64,
    /// Largest utility.
    pub max_utility: f64,
    /// Smallest utility.
    pub min_utility: f64,
    /// The package with the largest utility.
    pub best: Package,
}

impl Inverter {
    /// Builds the inverter of stakeholder `s`.
    pub fn new(case: &PreparedCase, s: usize) -> Inverter {
        let values = case.values_of(s);
        let k = case.k;
        let visible: Vec<Vec<u8>> = (0..k)
            .map(|i| {
                (0..case.options[i])
                    .filter(|&o| !case.hidden[case.flat(i, o)])
                    .map(|o| o as u8)
                    .collect()
            })
            .collect();
        // Weighted values of the visible options, per issue.
        let weighted: Vec<Vec<f64>> = (0..k)
            .map(|i| {
                visible[i]
                    .iter()
                    .map(|&o| values[case.flat(i, o as usize)])
                    .collect()
            })
            .collect();
        let split = split_point(&visible.iter().map(Vec::len).collect::<Vec<_>>());
        let first = Half::new(&weighted[..split], true);
        let second = Half::new(&weighted[split..], false);
        // Sums of at most 64 terms in [0, max]: rounding gaps stay far below this.
        let magnitude: f64 = weighted
            .iter()
            .map(|w| w.iter().map(|v| v.abs()).fold(0.0, f64::max))
            .sum::<f64>()
            .max(1.0);
        let slack = magnitude * (4.0 * second.truncation + 1e-12);
        let mut inverter = Inverter {
            k,
            split,
            visible,
            first_sum: first.sums,
            first_code: first.codes,
            second_sum: second.sums,
            second_values: second.values,
            second_code: second.codes,
            slack,
            max_utility: 0.0,
            min_utility: 0.0,
            best: Vec::new(),
        };
        // Extremes by the per-issue best and worst options, scored left to right.
        let extreme = |pick_best: bool| -> Package {
            (0..k)
                .map(|i| {
                    let mut chosen = 0;
                    for (j, &v) in weighted[i].iter().enumerate() {
                        let c = weighted[i][chosen];
                        if (pick_best && v > c) || (!pick_best && v < c) {
                            chosen = j;
                        }
                    }
                    inverter.visible[i][chosen]
                })
                .collect()
        };
        let (best, worst) = (extreme(true), extreme(false));
        inverter.max_utility = case.utility(s, &best);
        inverter.min_utility = case.utility(s, &worst);
        inverter.best = best;
        inverter
    }

    /// Exact (left-to-right) utility of first-half entry `a` with second-half entry `b`.
    #[inline]
    fn exact(&self, a: usize, b: usize) -> f64 {
        let width = self.k - self.split;
        let mut u = self.first_sum[a];
        for &v in &self.second_values[b * width..(b + 1) * width] {
            u += v;
        }
        u
    }

    /// The packages nearest to `target`: the one with the smallest utility at or above it, and
    /// the one with the largest utility below it but at or above `floor`. Ties go to the
    /// package found first (lowest first-half sum, then lowest second-half sum).
    pub fn around(&self, target: f64, floor: f64) -> Around {
        let mut found = Around::default();
        let (Some(&b_min), Some(&b_max)) = (self.second_sum.first(), self.second_sum.last()) else {
            return found;
        };
        let lo = floor.min(target) - self.slack;
        let start = self.first_sum.partition_point(|&a| a + b_max < lo);
        // Two pointers: as the first-half sum grows, the first second-half entry that can
        // reach `lo` moves down, so one sweep finds it for every first-half entry.
        let mut j = self.second_sum.len();
        for ia in start..self.first_sum.len() {
            let a = self.first_sum[ia];
            if let Some(above) = found.above
                && a + b_min > above.utility + self.slack
            {
                break;
            }
            while j > 0 && a + self.second_sum[j - 1] >= lo {
                j -= 1;
            }
            let mut ib = j;
            while ib < self.second_sum.len() {
                if let Some(above) = found.above
                    && a + self.second_sum[ib] > above.utility + self.slack
                {
                    break;
                }
                let u = self.exact(ia, ib);
                let hit = Hit {
                    utility: u,
                    first: ia as u32,
                    second: ib as u32,
                };
                if u >= target {
                    if found.above.is_none_or(|x| u < x.utility) {
                        found.above = Some(hit);
                    }
                } else if u >= floor && found.below.is_none_or(|x| u > x.utility) {
                    found.below = Some(hit);
                }
                ib += 1;
            }
        }
        found
    }

    /// Writes the package of a hit into `package`.
    pub fn write(&self, hit: &Hit, package: &mut [u8]) {
        let mut decode = |mut code: usize, issues: std::ops::Range<usize>| {
            for i in issues {
                let v = &self.visible[i];
                package[i] = v[code % v.len()];
                code /= v.len();
            }
        };
        decode(self.first_code[hit.first as usize] as usize, 0..self.split);
        decode(
            self.second_code[hit.second as usize] as usize,
            self.split..self.k,
        );
    }
}

/// One half of the issues, enumerated and sorted by partial sum.
struct Half {
    /// Partial sums, ascending (exact, or rounded down to make room for the code).
    sums: Vec<f64>,
    /// Mixed-radix code of each entry (first issue fastest).
    codes: Vec<u32>,
    /// Weighted values of each entry's options, `[entry * width + j]` (second half only).
    values: Vec<f64>,
    /// Relative amount by which `sums` were rounded down (0 if exact).
    truncation: f64,
}

impl Half {
    /// Enumerates the partial sums (left to right from 0) of the issues whose weighted option
    /// values are given. The sort key is the sum's bit pattern with the code in its lowest
    /// bits, so sorting is one integer sort; an exact half sorts (key, code) pairs instead.
    fn new(weighted: &[Vec<f64>], exact: bool) -> Half {
        let width = weighted.len();
        let count: usize = weighted.iter().map(Vec::len).product();
        // Cartesian expansion, issue by issue, first issue fastest in the code: entry
        // `c + stride * d` extends entry `c` with option `d` of the next issue, so every sum is
        // left to right from 0. Values are kept per issue (`columns[j][code]`) for the gather.
        let mut sums = Vec::with_capacity(count);
        sums.push(0.0);
        let mut columns: Vec<Vec<f64>> = Vec::with_capacity(if exact { 0 } else { width });
        for w in weighted {
            let stride = sums.len();
            for &v in &w[1..] {
                for c in 0..stride {
                    let x = sums[c] + v;
                    sums.push(x);
                }
            }
            for c in 0..stride {
                sums[c] += w[0];
            }
            if !exact {
                for column in columns.iter_mut() {
                    for _ in 1..w.len() {
                        column.extend_from_within(..stride);
                    }
                }
                let mut column = Vec::with_capacity(count);
                for &v in w {
                    column.extend(std::iter::repeat_n(v, stride));
                }
                columns.push(column);
            }
        }
        let code_bits = usize::BITS - count.saturating_sub(1).leading_zeros();
        let mut half = Half {
            sums: Vec::with_capacity(count),
            codes: Vec::with_capacity(count),
            values: Vec::new(),
            truncation: 0.0,
        };
        if exact {
            let mut keys: Vec<(u64, u32)> = sums
                .iter()
                .enumerate()
                .map(|(c, &x)| (order_key(x), c as u32))
                .collect();
            keys.sort_unstable();
            for (key, code) in keys {
                half.sums.push(from_order_key(key));
                half.codes.push(code);
            }
        } else {
            let mask = (1u64 << code_bits) - 1;
            let mut keys: Vec<u64> = sums
                .iter()
                .enumerate()
                .map(|(c, &x)| (order_key(x) & !mask) | c as u64)
                .collect();
            bucket_sort(&mut keys, &sums);
            half.truncation = (2.0f64).powi(code_bits as i32 - 52);
            half.values.reserve(count * width);
            for key in keys {
                let code = (key & mask) as usize;
                half.sums.push(from_order_key(key & !mask));
                half.codes.push(code as u32);
                half.values
                    .extend(columns.iter().map(|column| column[code]));
            }
        }
        half
    }
}

/// Sorts keys whose high bits order like `sums` (`keys[c]` belongs to `sums[c]`): a counting
/// pass into about one bucket per key by value, then an insertion sort that fixes the few
/// keys out of order inside a bucket. Partial sums are spread smoothly, so this is linear in
/// practice; the insertion sort makes it correct whatever the spread.
fn bucket_sort(keys: &mut Vec<u64>, sums: &[f64]) {
    let n = keys.len();
    let (lo, hi) = sums
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
            (l.min(x), h.max(x))
        });
    if n < 64 || hi <= lo || !(hi - lo).is_finite() {
        keys.sort_unstable();
        return;
    }
    let scale = (n - 1) as f64 / (hi - lo);
    let bucket = |x: f64| (((x - lo) * scale) as usize).min(n - 1);
    let mut starts = vec![0u32; n + 1];
    for &x in sums {
        starts[bucket(x) + 1] += 1;
    }
    for b in 0..n {
        starts[b + 1] += starts[b];
    }
    let mut sorted = vec![0u64; n];
    for (&key, &x) in keys.iter().zip(sums) {
        let b = bucket(x);
        sorted[starts[b] as usize] = key;
        starts[b] += 1;
    }
    for i in 1..n {
        let key = sorted[i];
        let mut j = i;
        while j > 0 && sorted[j - 1] > key {
            sorted[j] = sorted[j - 1];
            j -= 1;
        }
        sorted[j] = key;
    }
    *keys = sorted;
}

/// Maps a float to an integer with the same order (total order, as `f64::total_cmp`), so
/// sorting is a fast integer sort.
fn order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Inverse of [`order_key`].
fn from_order_key(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::negmas::{PartyDomain, case_of};

    #[test]
    fn build_bytes_counts_both_halves() {
        // 2 x 3 x 4 options: half of ln 24 is 1.59, so the first half is issue 0 alone (2
        // entries) and the second the other two (12 entries of 2 values each):
        // 2 * 40 + 12 * (40 + 16 * 2) = 944 bytes.
        assert_eq!(split_point(&[2, 3, 4]), 1);
        assert_eq!(build_bytes(&[2, 3, 4]), 944);
        // The split is the one the inverter uses.
        let party = PartyDomain {
            weights: vec![1.0 / 3.0; 3],
            tables: vec![vec![0.0, 0.5, 1.0, 0.25]; 3],
        };
        let case = PreparedCase::with_weights_as_written(
            case_of(&[party.clone(), party], 3, 4, 0.0).unwrap(),
            0,
        );
        let inverter = Inverter::new(&case, 0);
        assert_eq!(inverter.split, split_point(&[4, 4, 4]));
        assert_eq!(inverter.first_sum.len(), 4);
        assert_eq!(inverter.second_sum.len(), 16);
    }

    #[test]
    fn outcome_spaces_beyond_the_memory_bound_are_refused_with_a_hint() {
        assert!(check_visible_options("w", &[10; 12]).is_ok());
        let e = check_visible_options("case `big`", &[10; 13]).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("case `big` has 13 issues and 1.0e13 packages"),
            "{text}"
        );
        assert!(text.contains("about 1488 MB per stakeholder"), "{text}");
        assert!(e.hint.unwrap().contains("protocol = \"mindset\""));
        // Counts beyond any integer type are named, not wrapped.
        let e = check_visible_options("w", &[255; 64]).unwrap_err();
        assert!(e.to_string().contains("more memory than any machine has"));
    }

    #[test]
    fn order_key_round_trips_and_orders() {
        let xs = [-2.5, -0.0, 0.0, 1e-300, 0.25, 0.5, 3.0];
        for w in xs.windows(2) {
            assert!(order_key(w[0]) <= order_key(w[1]));
        }
        for &x in &xs {
            assert_eq!(from_order_key(order_key(x)).to_bits(), x.to_bits());
        }
    }
}
