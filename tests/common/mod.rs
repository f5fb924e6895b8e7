//! Helpers shared by the integration tests: running the negsim binary and copying outputs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs negsim with arguments (in the repository root).
pub fn negsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("negsim runs")
}

/// Runs an experiment fixture into `out`; panics with its stderr if it fails.
pub fn run_fixture(fixture: &str, out: &Path, extra: &[&str]) {
    let path = root().join("tests/fixtures").join(fixture);
    let mut args = vec![
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = negsim(&args);
    assert!(
        o.status.success(),
        "negsim run failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Decodes a PNG: (width, height, RGBA pixels).
pub fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let rgba: Vec<u8> = buf
        .chunks(channels)
        .flat_map(|p| match p.len() {
            1 => [p[0], p[0], p[0], 255],
            2 => [p[0], p[0], p[0], p[1]],
            3 => [p[0], p[1], p[2], 255],
            _ => [p[0], p[1], p[2], p[3]],
        })
        .collect();
    (info.width, info.height, rgba)
}

/// Variance of the luminance of an RGBA image, and the share of pixels that are not
/// (near) white.
pub fn ink(rgba: &[u8]) -> (f64, f64) {
    let lum: Vec<f64> = rgba
        .chunks(4)
        .map(|p| 0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64)
        .collect();
    let n = lum.len() as f64;
    let mean = lum.iter().sum::<f64>() / n;
    let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n;
    let inked = lum.iter().filter(|&&l| l < 235.0).count() as f64 / n;
    (var, inked)
}
