"""negsim.run: the CSV files as DataFrames, row for row and bit for bit, as `negsim run`
writes them, for any number of threads, from a file or a dict."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from conftest import (
    ONE_AT_A_TIME,
    ORGANISATION,
    QUICKSTART,
    REPO,
    SWEEP,
    assert_frame_is_csv,
    frames,
    run_cli,
)

import negsim
from negsim import _native

FILES = {
    "processes": "processes.csv",
    "stakeholders": "stakeholders.csv",
    "summary": "summary.csv",
    "comparison": "comparison.csv",
    "rounds": "rounds.csv",
    "cycles": "cycles.csv",
    "organisations": "organisations.csv",
}


def test_the_quickstart_gives_the_csv_files_as_dataframes(tmp_path: Path) -> None:
    results = negsim.run(QUICKSTART, out=tmp_path / "run", plots=False)
    assert results.name == "quickstart"
    assert results.out == tmp_path / "run"
    assert results.processes.height == 600
    assert results.stakeholders.height == 600 * 5
    assert results.rounds is None and results.cycles is None
    assert results.processes["condition"].unique(maintain_order=True).to_list() == [
        "collaborative",
        "mixed",
        "positional",
    ]
    for name, frame in frames(results).items():
        assert_frame_is_csv(frame, tmp_path / "run" / FILES[name])
    # The table `negsim run` prints, and the question above it.
    assert str(results).startswith("Quickstart: does a collaborative culture")
    assert "collaborative     200    100% [98-100]" in results.table
    assert repr(results) == f"<negsim.Results 'quickstart': 600 processes, in {tmp_path / 'run'}>"


def test_the_files_are_those_of_negsim_run_byte_for_byte(tmp_path: Path, write) -> None:
    experiment = write("sweep.toml", SWEEP)
    negsim.run(experiment, out=tmp_path / "python", plots=False)
    run_cli("run", experiment, "--out", tmp_path / "cli", "--quiet", "--no-plots")
    for name in ("processes", "stakeholders", "rounds", "summary", "comparison"):
        python = (tmp_path / "python" / FILES[name]).read_bytes()
        cli = (tmp_path / "cli" / FILES[name]).read_bytes()
        assert python == cli, name


def test_threads_do_not_change_one_value(write) -> None:
    experiment = write("sweep.toml", SWEEP)
    one = negsim.run(experiment, threads=1)
    two = negsim.run(experiment, threads=2)
    assert one.threads == 1 and two.threads == 2
    for name, frame in frames(one).items():
        assert frame.equals(frames(two)[name], null_equal=True), name


def test_a_dict_runs_as_the_file_it_describes(write) -> None:
    from_file = negsim.run(write("sweep.toml", SWEEP))
    as_dict = {
        "experiment": {"name": "sweep-test", "seed": 7, "replications": 3},
        "base": {"case": "job-offer", "deadline": 12},
        "condition": [
            {"name": "plain"},
            # A dotted key nests, as in TOML.
            {"name": "facilitated", "norms.facilitator": True},
        ],
        # Sweep keys are dotted paths and stay whole.
        "sweep": {
            "deadline": [6, 12],
            "traits.openness.mean": (0.25, 0.75),
            "culture": ["collaborative", "positional"],
        },
        "output": {"rounds": True},
    }
    from_dict = negsim.run(as_dict)
    for name, frame in frames(from_file).items():
        assert frame.equals(frames(from_dict)[name], null_equal=True), name


def test_a_dicts_manifest_says_it_was_written_from_a_dict(
    tmp_path: Path, monkeypatch, write
) -> None:
    monkeypatch.chdir(tmp_path)
    # A file of that name in the working directory is not the config, and is not named as it.
    (tmp_path / "experiment.toml").write_text("# another experiment\n")
    config = {"experiment": {"name": "from-a-dict"}, "base": {"case": "job-offer"}}
    negsim.run(config, out=tmp_path / "run", replications=1)
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["config_written_from"] == "a Python dict"
    assert 'name = "from-a-dict"' in manifest["config_text"]
    report = (tmp_path / "run" / "report.html").read_text()
    assert "<dt>experiment</dt><dd>written from a Python dict" in report
    assert "<dt>experiment file</dt>" not in report
    # A file is named as it is, and nothing says it was written from anything.
    job = write("job.toml", '[experiment]\nname = "from-a-file"\n\n[base]\ncase = "job-offer"\n')
    negsim.run(job, out=tmp_path / "file", replications=1, plots=False)
    manifest = json.loads((tmp_path / "file" / "manifest.json").read_text())
    assert "config_written_from" not in manifest
    assert manifest["config_file"].endswith("job.toml")


def test_a_seed_overrides_the_files_seed(write) -> None:
    experiment = write("sweep.toml", SWEEP)
    same = negsim.run(experiment, seed=7)
    other = negsim.run(experiment, seed=8)
    base = negsim.run(experiment)
    assert base.processes.equals(same.processes, null_equal=True)
    assert not base.processes.equals(other.processes, null_equal=True)


def test_replications_override_the_files_and_are_recorded(tmp_path: Path, write) -> None:
    experiment = write("sweep.toml", SWEEP)
    full = negsim.run(experiment)
    quick = negsim.run(experiment, replications=2, out=tmp_path / "quick", plots=False)
    # The file asks for 3 replications of each condition at each sweep point.
    assert quick.processes.height * 3 == full.processes.height * 2
    manifest = json.loads((tmp_path / "quick" / "manifest.json").read_text())
    assert manifest["replications"] == 2


def test_columns_keep_their_declared_types_whatever_the_rows_hold(write) -> None:
    sweep = negsim.run(write("sweep.toml", SWEEP))
    assert sweep.rounds is not None
    assert sweep.processes.schema["deadline"] == pl.Int64
    assert sweep.processes.schema["traits.openness.mean"] == pl.Float64
    assert sweep.processes.schema["sweep.culture"] == pl.String
    assert sweep.summary.schema["deadline"] == pl.Int64
    assert sweep.rounds.schema["disclosed_issue"] == pl.String
    # A whole-number value in a column of numbers stays a number.
    assert sweep.stakeholders.schema["openness"] == pl.Float64
    # A column empty in every row keeps its type.
    assert sweep.processes["agreement"].dtype == pl.String
    one = negsim.run(write("one.toml", ONE_AT_A_TIME))
    assert one.processes.schema["varied"] == pl.String
    assert one.processes.schema["traits.empathy.mean"] == pl.Float64
    assert one.processes.schema["deadline"] == pl.Int64
    organisation = negsim.run(write("organisation.toml", ORGANISATION))
    assert organisation.cycles is not None and organisation.organisations is not None
    assert organisation.cycles.schema["facilitated"] == pl.Int64
    assert organisation.organisations.schema["cycles_to_collaborative"] == pl.Int64
    assert organisation.processes.schema["stakeholders"] == pl.Int64
    assert organisation.stakeholders.schema["stakeholder_id"] == pl.Int64
    assert repr(organisation).startswith("<negsim.Results 'organisation-test': 4 organisation runs")
    for results in (sweep, one, organisation):
        # Every column of every file has a declared type.
        assert results._undeclared == ()
        for frame in frames(results).values():
            for name, dtype in frame.schema.items():
                assert dtype in (pl.Int64, pl.Float64, pl.Boolean, pl.String), name


def test_every_file_is_its_csv_for_sweeps_and_organisations(tmp_path: Path, write) -> None:
    for name, text in (("one", ONE_AT_A_TIME), ("organisation", ORGANISATION)):
        out = tmp_path / name
        results = negsim.run(write(f"{name}.toml", text), out=out, plots=False)
        for table, frame in frames(results).items():
            assert_frame_is_csv(frame, out / FILES[table])


def test_pandas_frames_keep_the_types(write) -> None:
    results = negsim.run(write("organisation.toml", ORGANISATION))
    pandas = results.to_pandas()
    processes = pandas.processes
    assert len(processes) == results.processes.height
    assert str(processes["organisation"].dtype) == "int64"
    assert str(processes["joint_utility"].dtype) == "float64"
    assert str(processes["agreed"].dtype) == "bool"
    assert pandas.organisations is not None
    # Whole numbers with missing values become pandas' nullable integers, not floats.
    reached = pandas.organisations["cycles_to_collaborative"]
    assert results.organisations is not None
    if results.organisations["cycles_to_collaborative"].null_count() > 0:
        assert str(reached.dtype) == "Int64"
    assert pandas.rounds is None
    assert "processes" in repr(pandas)


def test_without_out_nothing_is_left_behind(tmp_path: Path, monkeypatch, write) -> None:
    experiment = write("sweep.toml", SWEEP)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    results = negsim.run(experiment)
    assert results.out is None and results.report is None
    assert list((tmp_path / "tmp").iterdir()) == []


def test_out_gets_what_negsim_run_writes_charts_included(tmp_path: Path, write) -> None:
    out = tmp_path / "run"
    results = negsim.run(write("sweep.toml", SWEEP), out=out)
    assert results.report == out / "report.html" and results.report.is_file()
    assert results.charts == out / "charts" and any(results.charts.glob("*.png"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment"] == "sweep-test"
    assert manifest["seed"] == 7
    # Without plots, no charts.
    bare = negsim.run(write("sweep2.toml", SWEEP), out=tmp_path / "bare", plots=False)
    assert bare.report is None and not (tmp_path / "bare" / "charts").exists()


def test_a_folder_with_other_results_needs_force(tmp_path: Path, write) -> None:
    out = tmp_path / "run"
    negsim.run(write("sweep.toml", SWEEP), out=out, plots=False)
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.run(QUICKSTART, out=out, plots=False)
    assert caught.value.hint is not None and "force=True" in caught.value.hint
    assert "--force" not in str(caught.value)
    negsim.run(QUICKSTART, out=out, plots=False, force=True)
    # A finished run's folder: the hint quotes a command (left as a command) and names the
    # parameter that replaces the results.
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.run(QUICKSTART, out=out, plots=False)
    hint = caught.value.hint or ""
    assert "`negsim plot " in hint and "add force=True" in hint, hint
    assert "--force" not in hint, hint


def test_bad_arguments_raise_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.run(QUICKSTART, threads=0)
    assert caught.value.key == "threads"
    assert caught.value.message.startswith("threads must be between 1 and ")
    assert "--" not in str(caught.value)
    for wrong, said in [
        (-1, "threads must be at least 1, got -1"),
        ("2", "threads must be a whole number, got str '2'"),
        (2.0, "threads must be a whole number, got float 2.0"),
        (True, "threads must be a whole number, got bool True"),
        (2**70, "threads is too large"),
    ]:
        with pytest.raises(negsim.ConfigError) as caught:
            negsim.run(QUICKSTART, threads=wrong)  # type: ignore[arg-type]
        assert caught.value.key == "threads" and caught.value.message.startswith(said)
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.run(QUICKSTART, replications=0)
    assert caught.value.key == "replications"
    assert caught.value.message == "replications must be at least 1, found 0"
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.run(QUICKSTART, seed=-3)
    assert caught.value.key == "seed"
    with pytest.raises(ValueError, match="plots=True needs out"):
        negsim.run(QUICKSTART, plots=True)
    with pytest.raises(ValueError, match="resume=True needs out"):
        negsim.run(QUICKSTART, resume=True)
    with pytest.raises(TypeError, match="expected a path to a TOML file"):
        negsim.run(42)  # type: ignore[arg-type]
    with pytest.raises(negsim.ConfigError) as missing:
        negsim.run(tmp_path / "nowhere.toml")
    assert missing.value.file == str(tmp_path / "nowhere.toml")
    assert missing.value.message == "file not found"


def test_the_gil_is_released_while_rust_simulates(tmp_path: Path) -> None:
    # 3,000 processes on one thread: long enough for another thread to count a great deal,
    # if it can run at all while Rust works.
    experiment = {
        "experiment": {"seed": 1, "replications": 1000},
        "base": {"case": "office-reorganisation"},
        "condition": [{"name": c, "culture": c} for c in ("collaborative", "mixed", "positional")],
    }
    counted = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal counted
        while not stop.is_set():
            counted += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        before = counted
        # The native call itself: the wrapper's CSV reading releases the GIL as well.
        _native.run(experiment, tmp_path / "run", 1)
        during = counted - before
    finally:
        stop.set()
        counter.join()
    assert during > 10_000, f"the other thread counted only {during} while negsim ran"


CHILD = """
import sys, negsim
try:
    negsim.run(sys.argv[1], out=sys.argv[2], threads=1, plots=False)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


def test_ctrl_c_stops_the_run_and_resume_finishes_it(tmp_path: Path, write) -> None:
    experiment = write(
        "big.toml",
        QUICKSTART.read_text().replace("replications = 200", "replications = 4000"),
    )
    out = tmp_path / "run"
    env = dict(os.environ, NEGSIM_BLOCK_SIZE="64")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(experiment), str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Ctrl-C once the run has saved its first checkpoint: it is running then.
    journal = out / "progress.json"
    deadline = time.monotonic() + 120
    while not journal.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 3, stdout + stderr
    assert stdout.strip() == "interrupted"
    assert journal.exists(), "an interrupted run keeps its journal"
    done = json.loads(journal.read_text())["next"]
    assert 0 < done < 12000
    resumed = negsim.run(experiment, out=out, resume=True, plots=False)
    whole = negsim.run(experiment)
    assert resumed.processes.height == 12000
    for name, frame in frames(whole).items():
        assert frame.equals(frames(resumed)[name], null_equal=True), name


def test_the_package_runs_from_any_folder(tmp_path: Path) -> None:
    # Bundled case names are found without the repository's configs/ nearby.
    script = textwrap.dedent(
        """
        import negsim
        r = negsim.run({"base": {"case": "park-redesign", "culture": "mixed"}})
        print(r.processes.height, r.processes["case"][0])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "park-redesign"]
    assert REPO not in tmp_path.parents


def test_a_child_forked_after_a_run_raises_instead_of_hanging(tmp_path: Path) -> None:
    # Linux's default start method forks: polars, which read the parent's results, would
    # hang in the child; spawn works and gives the same rows.
    script = textwrap.dedent(
        """
        import multiprocessing, sys, warnings
        import negsim
        warnings.simplefilter("ignore")
        CASE = {"base": {"case": "job-offer", "culture": "mixed"}}

        def child(_):
            try:
                return negsim.run(CASE).processes.height
            except RuntimeError as e:
                return str(e)

        if __name__ == "__main__":
            negsim.run(CASE)
            for method in ("fork", "spawn"):
                with multiprocessing.get_context(method).Pool(1) as pool:
                    print(pool.map_async(child, [0]).get(timeout=60)[0])
        """
    )
    path = tmp_path / "forking.py"
    path.write_text(script)
    done = subprocess.run(
        [sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    forked, spawned = done.stdout.splitlines()
    assert forked.startswith("negsim cannot run in a process forked from one"), forked
    assert "get_context(\"spawn\")" in forked
    assert spawned == "1"
