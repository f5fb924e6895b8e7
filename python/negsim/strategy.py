"""Strategies written in Python: a class whose instances decide for a stakeholder.

Pass the class to :func:`negsim.run` under a name, ``negsim.run(experiment,
strategies={"mine": MyStrategy})``, and name it in the experiment as a tactic,
``stakeholders.<key>.tactic = "mine"``, with ``protocol = "alternating_offers"`` (the
protocol of classic tactics: each stakeholder in turn accepts the package on the table or
rejects it and proposes another). Everything else is as for the built-in tactics: the same
DataFrames, CSV files, statistics and charts; the ``tactic`` column holds the name.

negsim makes one instance per seat and process (the class is called without arguments), so
an instance may keep state across rounds. At each turn it calls, with an
:class:`Observation` and ``rng``:

1. ``walk_out(observation, rng)`` (optional): leave the table now, ending the process
   without agreement;
2. ``respond(observation, rng)``, when a package is on the table: accept it?
3. ``propose(observation, rng)``, unless it accepted: the package to put on the table, an
   option index per issue (``observation.package_near(target)`` finds the package closest
   above a target utility).

``rng`` is a :class:`random.Random` seeded from the seat's own random stream: draw from it,
not from the ``random`` module, and the run stays reproducible to the bit for any number of
threads. An exception in a strategy stops the run: the remaining processes end at once and
:func:`negsim.run` raises it.

Cost: each call holds the GIL, so Python strategies run one call at a time whatever
``threads`` is; see the package README for figures.
"""

from __future__ import annotations

import random

from negsim._native import Observation

__all__ = ["Strategy", "Observation"]


class Strategy:
    """A base class for strategies (optional: any class with ``respond`` and ``propose``
    works). The default never walks out, accepts a package at or above its BATNA that is
    at least as good as what it would propose now, and concedes linearly in time from its
    best package to its BATNA."""

    def target(self, observation: Observation) -> float:
        """The utility it holds out for now: linear in time from its best to its BATNA."""
        floor = max(observation.batna, 0.0)
        best = observation.best_utility
        return best - (best - floor) * observation.time

    def walk_out(self, observation: Observation, rng: random.Random) -> bool:
        """Whether to leave the table now (default: never)."""
        return False

    def respond(self, observation: Observation, rng: random.Random) -> bool:
        """Whether to accept ``observation.offer``, the package on the table."""
        utility = observation.offer_utility
        return utility is not None and utility >= max(self.target(observation), observation.batna)

    def propose(self, observation: Observation, rng: random.Random) -> list[int]:
        """The package to propose: an option index per issue (``observation.issues``)."""
        return observation.package_near(self.target(observation))
