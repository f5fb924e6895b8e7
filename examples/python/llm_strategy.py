"""A stakeholder whose decisions come from a language model, as negmas-llm and mesa-llm put
LLMs at the table: the strategy writes the situation as a prompt, hands it to a model, and
reads the model's answer back as a decision.

The model call is a plain Python function, ``ask(prompt) -> str``. Here it is a stand-in
that answers like a cautious negotiator from the numbers in the prompt, so the example runs
offline and reproducibly. To use a real model, install its client package, give it its key
and a network, and hand the strategy your call, e.g. with the ``openai`` package::

    from openai import OpenAI

    client = OpenAI()  # reads OPENAI_API_KEY

    def ask(prompt: str) -> str:
        reply = client.chat.completions.create(
            model="...", messages=[{"role": "user", "content": prompt}]
        )
        return reply.choices[0].message.content

    ModelStrategy.ask = staticmethod(ask)

An exception the call raises (no network, a bad key) stops the run with that exception and a
note that a Python strategy raised it.

(A networked model is neither reproducible to the bit nor fast: cache its answers by prompt
if a run must be repeatable.)

    python examples/python/llm_strategy.py [OUT_FOLDER]
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import polars as pl

import negsim

REPO = Path(__file__).resolve().parents[2]


def stand_in_model(prompt: str) -> str:
    """Answers like a cautious negotiator: accepts an offer worth at least what it asks for
    at this point of the negotiation, and otherwise asks for a little less as the deadline
    nears. Reads only the prompt, as a real model would."""
    numbers = dict(re.findall(r"^(\w+): ([0-9.]+)$", prompt, re.M))
    time, batna = float(numbers["time"]), float(numbers["batna"])
    best = float(numbers["best"])
    ask_for = best - (best - batna) * time**2
    offer = numbers.get("offer")
    if offer is not None and float(offer) >= ask_for:
        return "ACCEPT"
    return f"PROPOSE {ask_for:.3f}"


class ModelStrategy:
    """A seat played by a model: one prompt per turn, one line back."""

    ask: Callable[[str], str] = staticmethod(stand_in_model)

    def __init__(self) -> None:
        self.decision: str | None = None

    def prompt(self, o: negsim.Observation) -> str:
        lines = [
            f"You negotiate for {o.stakeholder} (round {o.round} of {o.deadline}).",
            "Utilities run from 0 to 1. Answer ACCEPT or PROPOSE <utility you ask for>.",
            f"time: {o.time:.3f}",
            f"batna: {max(o.batna, 0.0):.3f}",
            f"best: {o.best_utility:.3f}",
        ]
        if o.offer is not None and o.offer_utility is not None:
            lines.append(f"offer: {o.offer_utility:.3f}")
            lines.append(f"package: {o.describe(o.offer)}")
        return "\n".join(lines)

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        self.decision = type(self).ask(self.prompt(o))
        accepted = self.decision.strip().upper().startswith("ACCEPT")
        return accepted and o.offer_utility is not None and o.offer_utility >= o.batna

    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        # The answer to this turn's prompt, or (first move) a fresh one.
        answer = self.decision if self.decision is not None else type(self).ask(self.prompt(o))
        self.decision = None
        match = re.search(r"PROPOSE\s+([0-9.]+)", answer)
        target = float(match.group(1)) if match else o.best_utility
        return o.package_near(target)


EXPERIMENT = {
    "experiment": {"name": "llm-strategy", "seed": 9, "replications": 20},
    "base": {"case": "job-offer", "protocol": "alternating_offers", "deadline": 20},
    "condition": [
        {
            "name": f"model vs {tactic}",
            "stakeholders": {"candidate": {"tactic": "model"}, "manager": {"tactic": tactic}},
        }
        for tactic in ("boulware", "linear", "conceder")
    ],
}


def main(out: Path) -> Path:
    results = negsim.run(EXPERIMENT, strategies={"model": ModelStrategy}, threads=1)
    print(results)
    utilities = (
        results.stakeholders.group_by("condition", "stakeholder", maintain_order=True)
        .agg(pl.col("utility").mean())
    )
    figure, axes = plt.subplots(figsize=(8, 4.5), layout="constrained")
    conditions = results.processes["condition"].unique(maintain_order=True).to_list()
    for k, stakeholder in enumerate(["candidate", "manager"]):
        mine = utilities.filter(pl.col("stakeholder") == stakeholder)
        rows = {r["condition"]: r["utility"] for r in mine.iter_rows(named=True)}
        x = [i + (k - 0.5) * 0.38 for i in range(len(conditions))]
        label = "candidate (the model)" if stakeholder == "candidate" else "manager"
        axes.bar(x, [rows[c] for c in conditions], 0.38, label=label)
    axes.set_xticks(range(len(conditions)), conditions)
    axes.set_ylabel("mean utility")
    axes.set_title("A model at the job-offer table (stand-in model)")
    axes.legend()
    out.mkdir(parents=True, exist_ok=True)
    path = out / "llm_strategy.png"
    figure.savefig(path, dpi=150)
    print(f"wrote {path}")
    return path


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "output" / "python")
