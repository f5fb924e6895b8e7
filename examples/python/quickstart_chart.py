"""Runs the quickstart experiment from Python and draws its headline with matplotlib: the
win-win-win rate and the agreement rate per culture, with their 95% Wilson intervals, read
from ``Results.summary`` (the rows of ``summary.csv``).

    python examples/python/quickstart_chart.py [OUT_FOLDER]

Writes ``quickstart.png`` into OUT_FOLDER (default: ``output/python``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no window is needed
import matplotlib.pyplot as plt
import polars as pl

import negsim

REPO = Path(__file__).resolve().parents[2]


def main(out: Path) -> Path:
    results = negsim.run(REPO / "experiments" / "quickstart.toml")
    print(results)  # the table `negsim run` prints

    rates = results.summary.filter(pl.col("metric").is_in(["agreed", "win_win_win"]))
    conditions = results.processes["condition"].unique(maintain_order=True).to_list()

    figure, axes = plt.subplots(figsize=(8, 4.5), layout="constrained")
    width = 0.38
    for k, (metric, label) in enumerate([("agreed", "agreement"), ("win_win_win", "win-win-win")]):
        rows = rates.filter(pl.col("metric") == metric)
        by_condition = {row["condition"]: row for row in rows.iter_rows(named=True)}
        means = [by_condition[c]["mean"] for c in conditions]
        low = [by_condition[c]["mean"] - by_condition[c]["ci_low"] for c in conditions]
        high = [by_condition[c]["ci_high"] - by_condition[c]["mean"] for c in conditions]
        x = [i + (k - 0.5) * width for i in range(len(conditions))]
        axes.bar(x, means, width, yerr=[low, high], capsize=4, label=label)
    axes.set_xticks(range(len(conditions)), conditions)
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("share of processes (95% Wilson interval)")
    axes.set_title(f"{results.name}: {results.processes.height} negotiations")
    axes.legend()

    out.mkdir(parents=True, exist_ok=True)
    path = out / "quickstart.png"
    figure.savefig(path, dpi=150)
    print(f"wrote {path}")
    return path


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "output" / "python")
