"""Shared helpers: the repository's paths, the `negsim` command line, small experiments, and
a check that a DataFrame holds exactly the rows of a CSV file."""

from __future__ import annotations

import csv
import os
import struct
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest

# Imported here so that a missing package fails every test instead of skipping them.
import negsim  # noqa: E402,F401

REPO = Path(__file__).resolve().parents[2]
EXPERIMENTS = REPO / "experiments"
QUICKSTART = EXPERIMENTS / "quickstart.toml"


def cli_binary() -> Path:
    """The `negsim` command line built by cargo: $NEGSIM_BIN, else target/release, else
    target/debug. Missing, the tests that compare with it fail (they never skip)."""
    given = os.environ.get("NEGSIM_BIN")
    candidates = [Path(given)] if given else [
        REPO / "target" / "release" / "negsim",
        REPO / "target" / "debug" / "negsim",
    ]
    for path in candidates:
        if path.is_file():
            return path
    pytest.fail(
        "the negsim command line is needed to compare with: build it with "
        "`cargo build --release` or set NEGSIM_BIN",
        pytrace=False,
    )


def run_cli(*args: str | os.PathLike[str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Runs the command line and returns what it printed; fails the test on a non-zero exit."""
    done = subprocess.run(
        [str(cli_binary()), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done


# A small experiment with a sweep of every kind of value (whole numbers, numbers, names)
# and the rounds file, run in well under a second.
SWEEP = """\
# Does the deadline matter more for open people?
[experiment]
name = "sweep-test"
seed = 7
replications = 3

[base]
case = "job-offer"
deadline = 12

[[condition]]
name = "plain"

[[condition]]
name = "facilitated"
norms.facilitator = true

[sweep]
deadline = [6, 12]
"traits.openness.mean" = [0.25, 0.75]
culture = ["collaborative", "positional"]

[output]
rounds = true
"""

ONE_AT_A_TIME = """\
[experiment]
name = "one-at-a-time-test"
seed = 5
replications = 2
sweep_mode = "one_at_a_time"

[base]
case = "job-offer"
culture = "mixed"

[sweep]
"traits.empathy.mean" = [0.0, 1.0]
deadline = [5, 10, 20]
"""

ORGANISATION = """\
[experiment]
name = "organisation-test"
seed = 3
replications = 2

[base]
case_generator = { issues = 3 }
culture = "positional"

[base.organisation]
population = 24
cycles = 4

[[condition]]
name = "none"

[[condition]]
name = "trained"
organisation.training = { share = 0.5, dose = 0.3, timing = { start = 1, every = 2, stop = 0 } }
"""


@pytest.fixture
def write(tmp_path: Path):
    """Writes a text into a file under the test's temporary folder and returns its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def assert_frame_is_csv(frame: pl.DataFrame, path: Path) -> None:
    """The DataFrame holds the CSV file's rows, in order, value for value: numbers to the
    last bit (compared with Python's correctly rounded float()), an empty field as null."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert frame.columns == header, path
    assert frame.height == len(body), path
    for i, (name, dtype) in enumerate(frame.schema.items()):
        for r, (value, row) in enumerate(zip(frame[name].to_list(), body)):
            field = row[i]
            where = f"{path.name} row {r + 1} column {name}: {value!r} vs {field!r}"
            if field == "":
                assert value is None, where
            elif dtype == pl.Float64:
                assert struct.pack("<d", value) == struct.pack("<d", float(field)), where
            elif dtype == pl.Int64:
                assert value == int(field), where
            elif dtype == pl.Boolean:
                assert field in ("true", "false") and value == (field == "true"), where
            else:
                assert dtype == pl.String and value == field, where


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A skipped test counts as failed: CI must not pass because a tool was missing."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which this suite never does: {report.longrepr}"


def frames(results: Any) -> dict[str, pl.DataFrame]:
    return results.tables()
