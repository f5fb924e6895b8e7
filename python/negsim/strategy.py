"""Strategies written in Python: a class whose instances decide for a stakeholder.

Pass the class to :func:`negsim.run` (or :func:`negsim.check`) under a name,
``negsim.run(experiment, strategies={"mine": MyStrategy})``, and name it in the experiment
as a tactic: for one stakeholder, ``stakeholders.<key>.tactic = "mine"``, or for everyone a
culture draws, ``tactic = "mine"`` in the culture file or the experiment's ``[base]``.
Everything else is as for the built-in tactics: the same DataFrames, CSV files, statistics
and charts; the ``tactic`` column holds the name.

negsim makes one instance per seat and process (the class is called without arguments), so
an instance may keep state across rounds. It calls, with an :class:`Observation` and
``rng``:

- ``disclose(observation, rng)`` (optional): what to tell the table, ``None`` or an issue
  (its index or key: the truth about it) or ``(issue, bluff)``;
- ``propose(observation, rng)``: the package to put on the table, an option index per issue
  (``observation.package_near(target)`` finds the package closest above a target utility);
- ``respond(observation, rng)``: accept ``observation.offer``?
- ``walk_out(observation, rng)`` (optional): leave the table, ending the process without
  agreement.

When, depends on the protocol:

- ``protocol = "mindset"`` (negsim's round, any number of parties): every round,
  ``disclose`` before the dialogue (the others listen as to anyone), ``propose`` after it,
  ``respond`` once for each other package on the table (its own it accepts), and
  ``walk_out`` at the end of the round. ``observation.packages`` lists the packages on the
  table, ``observation.statements`` what each seat disclosed this round.
- ``protocol = "alternating_offers"``: at its turn, ``walk_out``, then ``respond`` to the
  package on the table (if any), then, unless it accepted, ``propose``. ``disclose`` is not
  called: nobody talks at these tables.

``rng`` is a :class:`random.Random` seeded from the seat's own random stream: draw from it,
not from the ``random`` module, and the run stays reproducible to the bit for any number of
threads. Seeding it takes one draw from that stream, at the strategy's first call; the model
draws from the same stream for the seat (when it listens at a mindset table), so a Python
class and the same rule written in Rust give the same decisions but may differ where those
draws matter (``belief_accuracy``, say).

Besides the table, an observation tells the seat who it is (``stakeholder``, ``traits``),
who the others are (``stakeholders``), the table's ``decision_rule`` and the world value of
every option (``world_values``, ``world_threshold``).

A strategy fails when it raises, or returns a value of the wrong kind: ``respond`` and
``walk_out`` return ``True`` or ``False`` (``"no"`` is not taken for no), ``propose`` an
option index per issue within its options. The run then stops: the processes before the
first it failed in are written, and :func:`negsim.run` raises the exception.

Cost: each call holds the GIL, so Python strategies run one call at a time whatever
``threads`` is; see the package README for figures.
"""

from __future__ import annotations

import random

from negsim._native import Observation

__all__ = ["Strategy", "Observation"]


class Strategy:
    """A base class for strategies (optional: any class with ``respond`` and ``propose``
    works). The default discloses nothing, never walks out, accepts a package at or above
    its BATNA that is at least as good as what it would propose now, and concedes linearly
    in time from its best package to its BATNA."""

    def target(self, observation: Observation) -> float:
        """The utility it holds out for now: linear in time from its best to its BATNA."""
        floor = max(observation.batna, 0.0)
        best = observation.best_utility
        return best - (best - floor) * observation.time

    def walk_out(self, observation: Observation, rng: random.Random) -> bool:
        """Whether to leave the table now (default: never)."""
        return False

    def disclose(
        self, observation: Observation, rng: random.Random
    ) -> int | str | tuple[int | str, bool] | None:
        """What to tell the table at a mindset table this round: ``None`` (default: nothing),
        an issue (its index or key), whose priority and valuations the others then hear
        truthfully, or ``(issue, bluff)``, where a bluff overstates them."""
        return None

    def respond(self, observation: Observation, rng: random.Random) -> bool:
        """Whether to accept ``observation.offer``, the package on the table."""
        utility = observation.offer_utility
        return utility is not None and utility >= max(self.target(observation), observation.batna)

    def propose(self, observation: Observation, rng: random.Random) -> list[int]:
        """The package to propose: an option index per issue (``observation.issues``)."""
        return observation.package_near(self.target(observation))
