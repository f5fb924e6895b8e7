//! The sensitivity analysis: its Sobol' sequence against an independent implementation, and
//! `negsim sensitivity` end to end.

mod common;

use negsim::experiment::sensitivity::sequence::{MAX_DIMENSIONS, SobolSequence};

/// Every coordinate of 119 points (the first 64, and others that bring in all 32 direction
/// numbers) in all 64 dimensions equals SciPy's (see tests/data/sobol/README.md): the whole
/// table of direction numbers, and the recurrence that extends it, are Joe and Kuo's.
#[test]
fn the_sobol_sequence_matches_scipy_in_every_dimension() {
    let text = std::fs::read_to_string("tests/data/sobol/scipy-joe-kuo-64d.csv").unwrap();
    let sequence = SobolSequence::new(MAX_DIMENSIONS).unwrap();
    let mut rows = 0;
    for line in text.lines() {
        let mut fields = line.split(',').map(|v| v.parse::<u32>().unwrap());
        let n = fields.next().unwrap();
        let want: Vec<u32> = fields.collect();
        assert_eq!(sequence.point_bits(n), want, "point {n}");
        rows += 1;
    }
    assert_eq!(rows, 119);
}
