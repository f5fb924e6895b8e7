//! The report page in a real browser: headless Chromium renders `report.html` of a small run
//! to a PNG, which must not be blank, and the page must log no console messages.
//!
//! Skipped when Chromium is not installed, unless `NEGSIM_REQUIRE_BROWSER=1` (CI sets it, via
//! `tests/report_in_browser.sh`). Chromium is looked for at `$CHROMIUM`, else
//! `/usr/bin/chromium`.

mod common;

use common::{decode_png, ink, run_fixture};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        Some(path)
    } else if std::env::var("NEGSIM_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "NEGSIM_REQUIRE_BROWSER=1 but there is no Chromium at {}",
            path.display()
        );
    } else {
        None
    }
}

/// Renders a page to `png`; returns the console messages the page logged.
fn render(browser: &Path, page: &Path, png: &Path, scratch: &Path) -> Vec<String> {
    let profile = scratch.join(format!(
        "profile-{}",
        png.file_stem().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        png.exists(),
        "chromium wrote no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect()
}

#[test]
fn the_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no Chromium (install the Debian package `chromium`)");
        return;
    };
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();

    // The check can fail: a page that logs an error is caught.
    let bad = scratch.join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><body><p>x</p><script>console.error('broken')</script></body></html>",
    )
    .unwrap();
    let messages = render(&browser, &bad, &scratch.join("bad.png"), &scratch);
    assert!(
        messages.iter().any(|m| m.contains("broken")),
        "console messages are not detected: {messages:?}"
    );

    let run = scratch.join("run");
    run_fixture("charts.toml", &run, &[]);
    let png = scratch.join("report.png");
    let messages = render(&browser, &run.join("report.html"), &png, &scratch);
    assert!(messages.is_empty(), "the report logged: {messages:?}");
    let (w, h, rgba) = decode_png(&png);
    assert_eq!((w, h), (1280, 2400));
    let (variance, inked) = ink(&rgba);
    assert!(
        variance > 500.0,
        "the page looks blank (variance {variance})"
    );
    assert!(
        inked > 0.03,
        "the page looks blank ({:.1}% ink)",
        inked * 100.0
    );
    eprintln!(
        "report rendered: {} ({:.1}% of the pixels carry ink)",
        png.display(),
        inked * 100.0
    );
}

#[test]
fn the_one_at_a_time_and_organisation_reports_render_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no Chromium (install the Debian package `chromium`)");
        return;
    };
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-kinds");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    for fixture in ["charts-one-at-a-time", "charts-organisation"] {
        let run = scratch.join(fixture);
        run_fixture(&format!("{fixture}.toml"), &run, &[]);
        let png = scratch.join(format!("{fixture}.png"));
        let messages = render(&browser, &run.join("report.html"), &png, &scratch);
        assert!(
            messages.is_empty(),
            "{fixture}: the report logged: {messages:?}"
        );
        let (w, h, rgba) = decode_png(&png);
        assert_eq!((w, h), (1280, 2400));
        let (variance, inked) = ink(&rgba);
        assert!(
            variance > 500.0,
            "{fixture}: blank page (variance {variance})"
        );
        assert!(
            inked > 0.03,
            "{fixture}: blank page ({:.1}% ink)",
            inked * 100.0
        );
        eprintln!(
            "{fixture} report rendered: {} ({:.1}% of the pixels carry ink)",
            png.display(),
            inked * 100.0
        );
    }
}
