//! The estimators behind the statistics: running moments (an exact mean, Welford's variance),
//! the t- and Wilson intervals, Newcombe's interval of a paired difference of proportions, Cohen's d, and the exact median of a stream kept in a
//! histogram. Quantiles of the t and normal distributions are rounded to 10 significant digits
//! before use, so that every figure is bit-identical on every platform.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// Most bins of the histogram that locates the median; a group of n values gets at most n, so
/// that a sweep of thousands of points with few replications keeps its histograms small (the
/// median is exact whatever the number of bins: the values in its bins are kept).
const BINS: usize = 1024;

/// Running mean and variance, plus range. The mean is a compensated sum (Neumaier) divided by
/// the count, so that 195 agreements in 200 processes give 0.975, not 0.9749999999999998 as a
/// running mean would; the variance is Welford's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    /// Count.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// The sum of the values so far, and the low-order bits it lost.
    sum: f64,
    lost: f64,
    /// Welford's running mean, which `m2` is measured from.
    running: f64,
    m2: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Moments {
    /// Adds a value.
    pub fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        self.n += 1;
        let d = x - self.running;
        self.running += d / self.n as f64;
        self.m2 += d * (x - self.running);
        let t = self.sum + x;
        self.lost += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
        self.mean = (self.sum + self.lost) / self.n as f64;
    }

    /// Sample standard deviation (n - 1), 0 for fewer than two values.
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// Standard error of the mean.
    pub fn se(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sd() / (self.n as f64).sqrt()
        }
    }
}

fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// Two-sided 95% critical value of Student's t with `df` degrees of freedom. Above 100,000
/// degrees of freedom it is the normal's (they agree to 5 digits there, and statrs's inverse
/// loses accuracy, and for infinite df never returns).
pub fn t_critical(df: f64) -> f64 {
    if df > 1e5 {
        return z_critical();
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => round_sig(t.inverse_cdf(0.975), 10),
        Err(_) => f64::NAN,
    }
}

/// Two-sided 95% critical value of the standard normal.
pub fn z_critical() -> f64 {
    Normal::new(0.0, 1.0).map_or(1.959963985, |n| round_sig(n.inverse_cdf(0.975), 10))
}

/// 95% t-interval of a mean: (low, high); NaN for fewer than two values.
pub fn t_interval(m: &Moments) -> (f64, f64) {
    if m.n < 2 {
        return (f64::NAN, f64::NAN);
    }
    let h = t_critical((m.n - 1) as f64) * m.se();
    (m.mean - h, m.mean + h)
}

/// 95% Wilson score interval of a proportion with `k` successes in `n` trials.
pub fn wilson(k: f64, n: f64) -> (f64, f64) {
    if n == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let z = z_critical();
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    // At k = 0 and k = n the interval ends at 0 and 1 exactly; the formula misses them by
    // rounding (0.9999999999999999).
    let low = if k == 0.0 { 0.0 } else { centre - half };
    let high = if k == n { 1.0 } else { centre + half };
    (low, high)
}

/// The paired 2 x 2 table of a true-or-false metric measured on the same pairs (the same
/// replication in two conditions a and b).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairTable {
    /// Pairs where both are true.
    pub both: u64,
    /// Pairs where only a is.
    pub only_a: u64,
    /// Pairs where only b is.
    pub only_b: u64,
    /// Pairs where neither is.
    pub neither: u64,
}

impl PairTable {
    /// Counts a pair of values, each 1 (true) or 0 (false).
    pub fn push(&mut self, a: f64, b: f64) {
        match (a > 0.5, b > 0.5) {
            (true, true) => self.both += 1,
            (true, false) => self.only_a += 1,
            (false, true) => self.only_b += 1,
            (false, false) => self.neither += 1,
        }
    }

    /// Newcombe's 95% interval of the difference of the two proportions (see
    /// [`newcombe_paired`]).
    pub fn interval(&self) -> (f64, f64) {
        newcombe_paired(
            self.both as f64,
            self.only_a as f64,
            self.only_b as f64,
            self.neither as f64,
        )
    }
}

/// 95% interval of the difference of two proportions measured on the same pairs (the same
/// replication in two conditions), from the paired 2 x 2 table: `both` pairs where both
/// succeed, `only_a` and `only_b` where one does, `neither`. Newcombe's square-and-add
/// interval (Newcombe 1998, "Improved confidence intervals for the difference between
/// binomial proportions based on paired data", Statistics in Medicine 17:2635-2650, method
/// 10): each proportion's Wilson interval, combined with the correlation of the pairs, whose
/// estimate is moved towards 0 by half the number of pairs as Newcombe does (the form of
/// Fagerland, Lydersen and Laake, *Statistical Analysis of Contingency Tables*, 2017,
/// section 8.5). It keeps its coverage near the bounds, where a t-interval of 0/1 differences
/// can overshoot them (+0.967 [+0.898, +1.035]); what little it can overshoot is cut at -1
/// and 1.
pub fn newcombe_paired(both: f64, only_a: f64, only_b: f64, neither: f64) -> (f64, f64) {
    let n = both + only_a + only_b + neither;
    if n == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let (pa, pb) = ((both + only_a) / n, (both + only_b) / n);
    let (la, ua) = wilson(both + only_a, n);
    let (lb, ub) = wilson(both + only_b, n);
    let margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither);
    let cross = both * neither - only_a * only_b;
    let phi = if margins == 0.0 {
        0.0
    } else if cross > n / 2.0 {
        (cross - n / 2.0) / margins.sqrt()
    } else if cross >= 0.0 {
        0.0
    } else {
        cross / margins.sqrt()
    };
    let d = pa - pb;
    let below = ((pa - la).powi(2) - 2.0 * phi * (pa - la) * (ub - pb) + (ub - pb).powi(2)).sqrt();
    let above = ((ua - pa).powi(2) - 2.0 * phi * (ua - pa) * (pb - lb) + (pb - lb).powi(2)).sqrt();
    ((d - below).max(-1.0), (d + above).min(1.0))
}

/// Cohen's d with the pooled standard deviation.
pub fn cohens_d(a: &Moments, b: &Moments) -> f64 {
    if a.n < 2 || b.n < 2 {
        return f64::NAN;
    }
    let (na, nb) = (a.n as f64, b.n as f64);
    let pooled =
        (((na - 1.0) * a.sd().powi(2) + (nb - 1.0) * b.sd().powi(2)) / (na + nb - 2.0)).sqrt();
    if pooled == 0.0 {
        f64::NAN
    } else {
        (a.mean - b.mean) / pooled
    }
}

/// The median of values known to lie in a histogram: exact, from the values of the bins
/// holding the middle ranks. Those values are kept as counts per distinct value, so that a
/// metric with few distinct values (a rate, a round number) costs a few entries however many
/// processes share the middle bin.
#[derive(Clone, Debug)]
pub(super) struct MedianFinder {
    counts: Vec<u64>,
    lo: f64,
    hi: f64,
    ranks: (u64, u64),
    bins: (usize, usize),
    below: (u64, u64),
    /// Values of the middle bins (by their total-order key) with how often each occurs.
    values: std::collections::BTreeMap<i64, u64>,
}

/// A key that orders like `f64::total_cmp`; [`from_order_key`] undoes it.
fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

fn from_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ (((key >> 63) as u64) >> 1) as i64) as u64)
}

impl MedianFinder {
    pub(super) fn new(m: &Moments) -> MedianFinder {
        MedianFinder {
            counts: vec![0; (m.n as usize).clamp(1, BINS)],
            lo: m.min,
            hi: m.max,
            ranks: ((m.n.saturating_sub(1)) / 2, m.n / 2),
            bins: (0, 0),
            below: (0, 0),
            values: std::collections::BTreeMap::new(),
        }
    }

    /// Keeps a value if it lies in one of the middle bins.
    pub(super) fn keep(&mut self, x: f64) {
        let b = self.bin(x);
        if b >= self.bins.0 && b <= self.bins.1 {
            *self.values.entry(order_key(x)).or_insert(0) += 1;
        }
    }

    /// First pass: counts a value in its bin.
    pub(super) fn count(&mut self, x: f64) {
        let b = self.bin(x);
        self.counts[b] += 1;
    }

    fn bin(&self, x: f64) -> usize {
        if self.hi <= self.lo {
            return 0;
        }
        let bins = self.counts.len();
        (((x - self.lo) / (self.hi - self.lo) * bins as f64) as usize).min(bins - 1)
    }

    pub(super) fn locate(&mut self) {
        let find = |rank: u64| {
            let mut acc = 0;
            for (b, &c) in self.counts.iter().enumerate() {
                if acc + c > rank {
                    return (b, acc);
                }
                acc += c;
            }
            (self.counts.len() - 1, acc)
        };
        let (b0, a0) = find(self.ranks.0);
        let (b1, a1) = find(self.ranks.1);
        self.bins = (b0, b1);
        self.below = (a0, a1);
    }

    pub(super) fn median(&mut self) -> f64 {
        // `values` holds the values of bins b0..=b1 in order; rank r sits at r - below(b0).
        let at = |i: u64| {
            let mut seen = 0;
            for (&key, &count) in &self.values {
                seen += count;
                if seen > i {
                    return Some(from_order_key(key));
                }
            }
            None
        };
        match (
            at(self.ranks.0 - self.below.0),
            at(self.ranks.1 - self.below.0),
        ) {
            (Some(a), Some(b)) => (a + b) / 2.0,
            _ => f64::NAN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(xs: &[f64]) -> Moments {
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        m
    }

    #[test]
    fn a_rate_is_its_count_over_n_to_the_last_bit() {
        // 195 agreements in 200: a running mean drifts to 0.9749999999999998.
        let rate = moments(&[&[1.0; 195][..], &[0.0; 5][..]].concat());
        assert_eq!(rate.mean, 0.975);
        assert_eq!(rate.mean * 200.0, 195.0);
        // The compensated sum keeps what a plain one loses.
        assert_eq!(moments(&[1e16, 1.0, -1e16]).mean, 1.0 / 3.0);
        assert_eq!(moments(&[0.1; 10]).mean, 0.1);
    }

    /// Newcombe's paired interval on the table of Altman et al. (2000, *Statistics with
    /// Confidence*, table 6.2: 14 pairs both, 5 only the first, 0 only the second, 22
    /// neither) and of Cavo et al. (2012) in Fagerland et al. (2017, chapter 8), worked by hand
    /// from the Wilson limits and the corrected correlation.
    #[test]
    fn newcombe_s_paired_interval_matches_hand_computation() {
        let (lo, hi) = newcombe_paired(14.0, 5.0, 0.0, 22.0);
        assert!(
            (lo - 0.011483).abs() < 1e-6 && (hi - 0.226493).abs() < 1e-6,
            "{lo} {hi}"
        );
        let (lo, hi) = newcombe_paired(59.0, 6.0, 16.0, 80.0);
        assert!(
            (lo + 0.118621).abs() < 1e-6 && (hi + 0.004625).abs() < 1e-6,
            "{lo} {hi}"
        );
        let mut table = PairTable::default();
        for (a, b, times) in [(1.0, 1.0, 14), (1.0, 0.0, 5), (0.0, 0.0, 22)] {
            (0..times).for_each(|_| table.push(a, b));
        }
        assert_eq!(table.interval(), newcombe_paired(14.0, 5.0, 0.0, 22.0));
    }

    /// Every table of up to 12 pairs: the interval holds the estimate and stays in [-1, 1],
    /// where the t-interval of the same 0/1 differences can leave it; swapping a and b
    /// mirrors it.
    #[test]
    fn newcombe_s_paired_interval_holds_the_estimate_within_its_bounds() {
        let mut t_outside = 0;
        for n in 1..=12u32 {
            for both in 0..=n {
                for only_a in 0..=n - both {
                    for only_b in 0..=n - both - only_a {
                        let neither = n - both - only_a - only_b;
                        let [w, x, y, z] = [both, only_a, only_b, neither].map(f64::from);
                        let (lo, hi) = newcombe_paired(w, x, y, z);
                        let d = (x - y) / f64::from(n);
                        assert!((-1.0..=d).contains(&lo), "{w} {x} {y} {z}: {lo}");
                        assert!((d..=1.0).contains(&hi), "{w} {x} {y} {z}: {hi}");
                        let (mlo, mhi) = newcombe_paired(w, y, x, z);
                        assert!((mlo + hi).abs() < 1e-12 && (mhi + lo).abs() < 1e-12);
                        let diffs: Vec<f64> = [(1.0, x), (-1.0, y), (0.0, w + z)]
                            .iter()
                            .flat_map(|&(v, k)| std::iter::repeat_n(v, k as usize))
                            .collect();
                        let (tlo, thi) = t_interval(&moments(&diffs));
                        t_outside += usize::from(tlo < -1.0 || thi > 1.0);
                    }
                }
            }
        }
        assert!(t_outside > 0, "the t-interval never left [-1, 1]");
    }

    #[test]
    fn mean_sd_and_t_interval_match_hand_computation() {
        let m = moments(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(m.n, 5);
        assert!((m.mean - 3.0).abs() < 1e-15);
        assert!((m.sd() - 2.5f64.sqrt()).abs() < 1e-15); // sum of squares 10 over 4
        assert!((m.se() - 0.5f64.sqrt()).abs() < 1e-15);
        // t(0.975, 4) = 2.776445105 (tables): 3 -+ 2.776445105 * 0.707106781
        assert!((t_critical(4.0) - 2.776445105).abs() < 1e-9);
        let (lo, hi) = t_interval(&m);
        assert!(
            (lo - 1.036756).abs() < 1e-6 && (hi - 4.963244).abs() < 1e-6,
            "{lo} {hi}"
        );
        assert!(
            t_interval(&moments(&[7.0])).0.is_nan(),
            "no interval from one value"
        );
    }

    #[test]
    fn wilson_interval_matches_hand_computation() {
        // 8 successes in 10: p = 0.8, z = 1.959964; centre (0.8 + z^2/20) / (1 + z^2/10)
        let (lo, hi) = wilson(8.0, 10.0);
        assert!(
            (lo - 0.490162).abs() < 1e-6 && (hi - 0.943318).abs() < 1e-6,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0.0, 20.0);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.161125).abs() < 1e-6, "{hi}");
        let (lo, hi) = wilson(200.0, 200.0);
        assert!((lo - 0.981155).abs() < 1e-6, "{lo}");
        assert_eq!(hi, 1.0);
    }

    #[test]
    fn cohens_d_uses_the_pooled_sd() {
        let a = moments(&[2.0, 4.0, 6.0]);
        let b = moments(&[1.0, 3.0, 5.0]);
        assert!((cohens_d(&a, &b) - 0.5).abs() < 1e-15); // difference 1, pooled sd 2
        assert!(cohens_d(&moments(&[1.0]), &b).is_nan());
    }

    #[test]
    fn order_keys_sort_like_total_cmp_and_round_trip() {
        let xs = [
            -f64::INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            0.5,
            3.0,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(order_key(w[0]) < order_key(w[1]), "{w:?}");
        }
        for &x in &xs {
            assert_eq!(from_order_key(order_key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn a_median_of_many_equal_values_is_exact() {
        // Rates: 0 and 1 only; 7 of 12 are 1, so the middle ranks (5 and 6) are both 1.
        let xs: Vec<f64> = (0..12).map(|i| if i < 5 { 0.0 } else { 1.0 }).collect();
        let m = moments(&xs);
        let mut f = MedianFinder::new(&m);
        xs.iter().for_each(|&x| {
            let b = f.bin(x);
            f.counts[b] += 1;
        });
        f.locate();
        xs.iter().for_each(|&x| f.keep(x));
        assert_eq!(
            f.values.len(),
            1,
            "one entry for the middle bin's single value"
        );
        assert_eq!(f.median(), 1.0);
        // Six and six: the median lies between 0 and 1.
        let xs: Vec<f64> = (0..12).map(|i| if i < 6 { 0.0 } else { 1.0 }).collect();
        let mut f = MedianFinder::new(&moments(&xs));
        xs.iter().for_each(|&x| {
            let b = f.bin(x);
            f.counts[b] += 1;
        });
        f.locate();
        xs.iter().for_each(|&x| f.keep(x));
        assert_eq!(f.median(), 0.5);
    }

    #[test]
    fn the_histogram_median_is_exact() {
        let xs = [5.0, 1.0, 4.0, 2.0, 3.0, 100.0];
        let m = moments(&xs);
        let mut f = MedianFinder::new(&m);
        for &x in &xs {
            let b = f.bin(x);
            f.counts[b] += 1;
        }
        f.locate();
        xs.iter().for_each(|&x| f.keep(x));
        assert_eq!(f.median(), 3.5);
    }
}
