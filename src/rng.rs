//! Random streams. Every draw comes from a ChaCha8 stream keyed by (experiment seed,
//! replication, purpose, index), so results never depend on thread count, shard, machine or
//! the order in which processes run. Conditions share streams for the same replication
//! (common random numbers), which makes differences between conditions comparisons of like
//! with like.
//!
//! Only exactly rounded arithmetic and the pure-Rust `libm` functions are used on random
//! numbers, so draws are bit-identical on every platform.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random stream type used everywhere in negsim.
pub type Stream = ChaCha8Rng;

/// What a stream is used for; part of the stream key so that purposes never share numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Generating a case.
    Case = 1,
    /// Drawing stakeholders' traits from a culture.
    Traits = 2,
    /// A stakeholder's behaviour at the table (index = seat).
    Seat = 3,
    /// The facilitator's and the table's own draws.
    Table = 4,
    /// Approximating an outcome space (fixed, independent of the experiment).
    OutcomeSpace = 5,
    /// Organisation dynamics: forming tables, levers, turnover (index = cycle).
    Organisation = 6,
    /// Hiring newcomers into an organisation (index = stakeholder id).
    Hiring = 7,
}

/// The part of a stream key fixed for one process: experiment seed and replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamKey {
    /// Experiment seed.
    pub seed: u64,
    /// Replication (or, for organisations, the process number).
    pub replication: u64,
}

impl StreamKey {
    /// A key for a seed and replication.
    pub fn new(seed: u64, replication: u64) -> StreamKey {
        StreamKey { seed, replication }
    }

    /// The stream for a purpose and index (e.g. a seat).
    pub fn stream(&self, purpose: Purpose, index: u64) -> Stream {
        let mut key = [0u8; 32];
        key[0..8].copy_from_slice(&self.seed.to_le_bytes());
        key[8..16].copy_from_slice(&self.replication.to_le_bytes());
        key[16..24].copy_from_slice(&(purpose as u64).to_le_bytes());
        key[24..32].copy_from_slice(&index.to_le_bytes());
        ChaCha8Rng::from_seed(key)
    }
}

/// A uniform draw in [0, 1) with 53 bits of precision.
#[inline]
pub fn unit(rng: &mut impl Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// True with probability `p`.
#[inline]
pub fn chance(rng: &mut impl Rng, p: f64) -> bool {
    unit(rng) < p
}

/// A standard normal draw (Box-Muller with `libm`, identical on every platform).
pub fn normal(rng: &mut impl Rng) -> f64 {
    let u1 = 1.0 - unit(rng); // (0, 1]
    let u2 = unit(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// A uniform index in `0..n` (n > 0), by rejection so that it is unbiased.
pub fn index(rng: &mut impl Rng, n: usize) -> usize {
    debug_assert!(n > 0);
    let n = n as u64;
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return (x % n) as usize;
        }
    }
}
