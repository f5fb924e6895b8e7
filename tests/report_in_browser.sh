#!/usr/bin/env bash
# End-to-end check of report.html in a real browser: runs a small experiment, renders its
# report in headless Chromium and fails if the page is blank or logs console messages.
# Needs Chromium (Debian package `chromium`; set CHROMIUM to use another binary).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEGSIM_REQUIRE_BROWSER=1
cargo test --test report_in_browser -- --nocapture
