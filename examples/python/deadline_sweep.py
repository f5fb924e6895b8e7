"""A sweep built as a Python dict, analysed with pandas: how the deadline changes the
win-win-win rate of a collaborative and a positional table in the job-offer case.

    python examples/python/deadline_sweep.py [OUT_FOLDER]

Writes ``deadline_sweep.png`` and ``deadline_sweep.csv`` into OUT_FOLDER (default:
``output/python``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import negsim

REPO = Path(__file__).resolve().parents[2]

EXPERIMENT = {
    "experiment": {"name": "deadline-sweep", "seed": 11, "replications": 100},
    "base": {"case": "job-offer"},
    "condition": [
        {"name": "collaborative", "culture": "collaborative"},
        {"name": "positional", "culture": "positional"},
    ],
    # Sweep keys are dotted paths into the scenario, as in an experiment file.
    "sweep": {"deadline": [2, 4, 6, 10, 15, 20, 30]},
}


def main(out: Path) -> Path:
    results = negsim.run(EXPERIMENT).to_pandas()
    processes = results.processes
    table = (
        processes.groupby(["condition", "deadline"])[["agreed", "win_win_win", "rounds"]]
        .mean()
        .reset_index()
    )
    print(table.to_string(index=False))

    figure, axes = plt.subplots(figsize=(8, 4.5), layout="constrained")
    for condition, rows in table.groupby("condition"):
        axes.plot(rows["deadline"], rows["win_win_win"], marker="o", label=condition)
    axes.set_xlabel("deadline (rounds)")
    axes.set_ylabel("win-win-win rate")
    axes.set_ylim(0, 1.05)
    axes.set_title("job offer: win-win-win rate by deadline (100 processes per point)")
    axes.legend()

    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "deadline_sweep.csv", index=False)
    path = out / "deadline_sweep.png"
    figure.savefig(path, dpi=150)
    print(f"wrote {path}")
    return path


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "output" / "python")
