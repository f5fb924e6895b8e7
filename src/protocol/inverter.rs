//! Finding the package whose utility is nearest above a target, without enumerating the
//! outcome space. Linear additive utilities split into two halves of the issues; each half's
//! partial sums are enumerated once per case and sorted, and a query searches one half for
//! each entry of the other (meet in the middle): O(sqrt(N) log N) per query instead of O(N).

use crate::model::prepared::{Package, PreparedCase};

/// Utility inverter of one stakeholder over the visible options of a case.
#[derive(Clone, Debug)]
pub struct Inverter {
    /// Issues in the first half (`0..split`); the rest form the second half.
    split: usize,
    /// Visible option indices per issue.
    visible: Vec<Vec<u8>>,
    /// First-half partial sums, ascending, with their mixed-radix codes.
    first: Vec<(f64, u32)>,
    /// Second-half partial sums, ascending, with their mixed-radix codes.
    second: Vec<(f64, u32)>,
    /// Largest utility.
    pub max_utility: f64,
    /// Smallest utility.
    pub min_utility: f64,
}

impl Inverter {
    /// Builds the inverter of stakeholder `s`.
    pub fn new(case: &PreparedCase, s: usize) -> Inverter {
        let values = case.values_of(s);
        let visible: Vec<Vec<u8>> = (0..case.k)
            .map(|i| {
                (0..case.options[i])
                    .filter(|&o| !case.hidden[case.flat(i, o)])
                    .map(|o| o as u8)
                    .collect()
            })
            .collect();
        // Balance the halves by the number of combinations.
        let total_log: f64 = visible.iter().map(|v| (v.len() as f64).ln()).sum();
        let mut split = 0;
        let mut acc = 0.0;
        while split < case.k && acc + (visible[split].len() as f64).ln() <= total_log / 2.0 {
            acc += (visible[split].len() as f64).ln();
            split += 1;
        }
        let half = |range: std::ops::Range<usize>| -> Vec<(f64, u32)> {
            let issues: Vec<usize> = range.collect();
            let count: usize = issues.iter().map(|&i| visible[i].len()).product();
            let mut sums = Vec::with_capacity(count);
            for code in 0..count {
                let mut c = code;
                let mut sum = 0.0;
                for &i in &issues {
                    let v = &visible[i];
                    sum += values[case.flat(i, v[c % v.len()] as usize)];
                    c /= v.len();
                }
                sums.push((sum, code as u32));
            }
            sums.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            sums
        };
        let first = half(0..split);
        let second = half(split..case.k);
        let max_utility = first.last().map_or(0.0, |x| x.0) + second.last().map_or(0.0, |x| x.0);
        let min_utility = first.first().map_or(0.0, |x| x.0) + second.first().map_or(0.0, |x| x.0);
        Inverter {
            split,
            visible,
            first,
            second,
            max_utility,
            min_utility,
        }
    }

    fn decode(&self, first: u32, second: u32, package: &mut [u8]) {
        let mut c = first as usize;
        for i in 0..self.split {
            let v = &self.visible[i];
            package[i] = v[c % v.len()];
            c /= v.len();
        }
        let mut c = second as usize;
        for i in self.split..package.len() {
            let v = &self.visible[i];
            package[i] = v[c % v.len()];
            c /= v.len();
        }
    }

    /// The package with the smallest utility at or above `target`, written into `package`;
    /// returns its utility, or `None` if no package reaches the target.
    pub fn at_least(&self, target: f64, package: &mut [u8]) -> Option<f64> {
        let mut best: Option<(f64, u32, u32)> = None;
        for &(a, ca) in &self.first {
            let need = target - a;
            let j = self.second.partition_point(|&(b, _)| b < need);
            if let Some(&(b, cb)) = self.second.get(j) {
                let u = a + b;
                if best.is_none_or(|x| u < x.0) {
                    best = Some((u, ca, cb));
                }
            }
        }
        best.map(|(u, ca, cb)| {
            self.decode(ca, cb, package);
            u
        })
    }

    /// The package with the largest utility strictly below `target`, written into `package`.
    pub fn below(&self, target: f64, package: &mut [u8]) -> Option<f64> {
        let mut best: Option<(f64, u32, u32)> = None;
        for &(a, ca) in &self.first {
            let need = target - a;
            let j = self.second.partition_point(|&(b, _)| b < need);
            if j > 0 {
                let (b, cb) = self.second[j - 1];
                let u = a + b;
                if u < target && best.is_none_or(|x| u > x.0) {
                    best = Some((u, ca, cb));
                }
            }
        }
        best.map(|(u, ca, cb)| {
            self.decode(ca, cb, package);
            u
        })
    }

    /// The best package.
    pub fn best(&self) -> Package {
        let mut p = vec![0u8; self.visible.len()];
        let a = self.first.last().map_or(0, |x| x.1);
        let b = self.second.last().map_or(0, |x| x.1);
        self.decode(a, b, &mut p);
        p
    }
}
