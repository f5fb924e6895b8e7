"""The scripts and the notebook in examples/python run as a user runs them and draw their
charts: CI executes every one of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import REPO
from nbclient import NotebookClient

EXAMPLES = REPO / "examples" / "python"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 2
    assert (EXAMPLES / "quickstart.ipynb").is_file()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_an_example_script_runs_and_draws(script: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr
    charts = list((tmp_path / "out").glob("*.png"))
    assert charts, f"{script.name} drew nothing"
    for chart in charts:
        # A PNG with something in it (an empty 8x4.5 in figure at 150 dpi is far smaller).
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert chart.stat().st_size > 20_000, chart


def test_the_notebook_runs_from_top_to_bottom(monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel draws inline, as in Jupyter, whatever backend the tests' environment names.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(EXAMPLES / "quickstart.ipynb", as_version=4)
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2, "the notebook draws two charts"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "collaborative     200    100% [98-100]" in text
