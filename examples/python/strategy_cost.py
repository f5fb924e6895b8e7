"""What a Python strategy costs: processes per second with a trivial Python strategy
(``negsim.Strategy``, linear concession) against the built-in linear tactic, on the same
2,000 job-offer negotiations against Boulware, on one thread.

    python examples/python/strategy_cost.py [OUT_FOLDER] [--replications N]

The same concession written in Rust through the plug-in point is timed by
``cargo run --release --example custom_strategy -- --cost`` (the same experiment); it
decides exactly as ``negsim.Strategy`` does, so the mean joint utility printed by both
must agree. Writes ``strategy_cost.png`` into OUT_FOLDER (default: ``output/python``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import negsim

REPO = Path(__file__).resolve().parents[2]


def experiment(tactic: str, replications: int) -> dict:
    return {
        "experiment": {"name": "strategy-cost", "seed": 1, "replications": replications},
        "base": {"case": "job-offer", "protocol": "alternating_offers", "deadline": 20},
        "condition": [
            {
                "name": "cost",
                "stakeholders": {"candidate": {"tactic": tactic}, "manager": {"tactic": "boulware"}},
            }
        ],
    }


def main(out: Path, replications: int = 2000) -> Path:
    rates: dict[str, float] = {}
    for _ in range(2):  # the first pass warms the caches
        for tactic in ("linear", "python_linear"):
            results = negsim.run(
                experiment(tactic, replications),
                threads=1,
                strategies={"python_linear": negsim.Strategy},
            )
            rate = results.processes.height / results.seconds
            joint = results.processes["joint_utility"].mean()
            rounds = results.processes["rounds"].mean()
            print(
                f"{tactic:>14}: {results.processes.height} processes in {results.seconds:.3f} s, "
                f"{rate:.0f} processes/s, mean joint utility {joint:.6f}, {rounds:.1f} rounds"
            )
            rates[tactic] = rate
    print(f"the Python strategy runs {rates['linear'] / rates['python_linear']:.1f}x slower")

    figure, axes = plt.subplots(figsize=(8, 3.5), layout="constrained")
    axes.barh(["built-in linear (Rust)", "negsim.Strategy (Python)"], list(rates.values()))
    axes.set_xlabel("processes per second, one thread")
    axes.set_title("What a Python strategy costs (job offer vs Boulware, deadline 20)")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "strategy_cost.png"
    figure.savefig(path, dpi=150)
    print(f"wrote {path}")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=REPO / "output" / "python",
                        help="where strategy_cost.png goes (default: output/python)")
    parser.add_argument("--replications", type=int, default=2000, metavar="N",
                        help="negotiations per tactic (default: 2000)")
    options = parser.parse_args()
    if options.replications < 1:
        parser.error("--replications must be at least 1")
    main(options.out, options.replications)
