//! The Sobol' low-discrepancy sequence (Sobol' 1967) with Joe and Kuo's direction numbers
//! ([`super::joe_kuo`]), in Antonov and Saleev's Gray-code order: the order of Joe and Kuo's
//! own generator, SciPy's `qmc.Sobol(scramble=False)` and SALib, so that the points are
//! theirs. Unscrambled, and the first point (the origin) is kept: the first `2^m` points
//! together form a balanced net only with it (Owen 2021, "On dropping the first Sobol' point").
//!
//! Points are computed directly from their index, not recursively, so any point can be had
//! without its predecessors.

use super::joe_kuo::DIRECTIONS;

/// Bits of every coordinate: points `0 .. 2^32` are distinct.
const BITS: usize = 32;

/// Most dimensions available.
pub const MAX_DIMENSIONS: usize = DIRECTIONS.len() + 1;

/// A Sobol' sequence in a fixed number of dimensions.
#[derive(Clone, Debug)]
pub struct SobolSequence {
    /// `directions[d][k]`: direction number `v_{k+1}` of dimension `d`, as a 32-bit fraction.
    directions: Vec<[u32; BITS]>,
}

impl SobolSequence {
    /// The sequence in `dimensions` dimensions (1 to [`MAX_DIMENSIONS`]), or `None` if there
    /// are no direction numbers for that many.
    pub fn new(dimensions: usize) -> Option<SobolSequence> {
        if dimensions == 0 || dimensions > MAX_DIMENSIONS {
            return None;
        }
        let mut directions = Vec::with_capacity(dimensions);
        // Dimension 1: v_k = 2^-k, the van der Corput sequence.
        directions.push(std::array::from_fn(|k| 1u32 << (BITS - 1 - k)));
        for &(a, m) in &DIRECTIONS[..dimensions - 1] {
            directions.push(direction_numbers(a, m));
        }
        Some(SobolSequence { directions })
    }

    /// Number of dimensions.
    pub fn dimensions(&self) -> usize {
        self.directions.len()
    }

    /// Point `n` as 32-bit fractions (coordinate `x` stands for `x / 2^32`).
    pub fn point_bits(&self, n: u32) -> Vec<u32> {
        let gray = n ^ (n >> 1);
        self.directions
            .iter()
            .map(|v| {
                (0..BITS)
                    .filter(|k| gray >> k & 1 == 1)
                    .fold(0u32, |x, k| x ^ v[k])
            })
            .collect()
    }

    /// Point `n` in the unit cube `[0, 1)^d` (exact: every coordinate is a multiple of 2^-32).
    pub fn point(&self, n: u32) -> Vec<f64> {
        self.point_bits(n)
            .into_iter()
            .map(|x| f64::from(x) / 4_294_967_296.0)
            .collect()
    }
}

/// The 32 direction numbers of one dimension from its primitive polynomial and initial
/// numbers, by the recurrence in Joe and Kuo's reference generator:
/// `v_i = v_{i-s} ^ (v_{i-s} >> s) ^ sum_k a_k v_{i-k}`.
fn direction_numbers(a: u32, m: &[u32]) -> [u32; BITS] {
    let s = m.len();
    let mut v = [0u32; BITS];
    for (i, &mi) in m.iter().enumerate() {
        v[i] = mi << (BITS - 1 - i);
    }
    for i in s..BITS {
        let mut x = v[i - s] ^ (v[i - s] >> s);
        for k in 1..s {
            if (a >> (s - 1 - k)) & 1 == 1 {
                x ^= v[i - k];
            }
        }
        v[i] = x;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first ten points in three dimensions as Joe and Kuo's generator gives them (the
    /// reference values of Apache Commons Math's and other implementations' tests).
    #[test]
    fn the_first_points_are_joe_and_kuos() {
        let published = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
            [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
            [0.1875, 0.3125, 0.9375],
            [0.6875, 0.8125, 0.4375],
        ];
        let s = SobolSequence::new(3).unwrap();
        for (n, want) in published.iter().enumerate() {
            assert_eq!(s.point(n as u32), want.to_vec(), "point {n}");
        }
    }

    #[test]
    fn the_table_is_well_formed() {
        for (d, (a, m)) in DIRECTIONS.iter().enumerate() {
            let s = m.len();
            assert!(*a < 1 << (s - 1), "dimension {}: a = {a}", d + 2);
            for (k, &mk) in m.iter().enumerate() {
                assert!(
                    mk % 2 == 1 && mk < 1 << (k + 1),
                    "dimension {}: m_{}",
                    d + 2,
                    k + 1
                );
            }
        }
    }

    /// Every dimension of the first 2^m points is a (0, m, 1)-net: each interval
    /// [j/2^m, (j+1)/2^m) holds exactly one point.
    #[test]
    fn every_dimension_is_stratified() {
        let s = SobolSequence::new(MAX_DIMENSIONS).unwrap();
        for m in [1u32, 4, 8, 10] {
            let n = 1u32 << m;
            let mut seen = vec![vec![false; n as usize]; MAX_DIMENSIONS];
            for i in 0..n {
                for (d, x) in s.point_bits(i).into_iter().enumerate() {
                    let cell = (x >> (32 - m)) as usize;
                    assert!(
                        !seen[d][cell],
                        "dimension {}: two points in cell {cell} of {n}",
                        d + 1
                    );
                    seen[d][cell] = true;
                }
            }
        }
    }

    #[test]
    fn dimensions_beyond_the_table_are_refused() {
        assert!(SobolSequence::new(0).is_none());
        assert!(SobolSequence::new(MAX_DIMENSIONS + 1).is_none());
        assert_eq!(SobolSequence::new(MAX_DIMENSIONS).unwrap().dimensions(), 64);
    }
}
