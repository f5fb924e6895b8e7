"""negsim: a multi-agent negotiation simulator, from Python.

Stakeholders with interests and mindset traits negotiate in rounds, alone or with a
facilitator; experiments compare collaborative and positional cultures and the levers an
organisation can pull. The simulation runs in Rust; this package runs it and hands the
results to Python.

- :func:`run` runs an experiment (a TOML file or a dict) and returns :class:`Results`:
  the CSV files as polars DataFrames (``.processes``, ``.stakeholders``, ``.summary``,
  ``.comparison``), row for row and bit for bit what ``negsim run`` writes.
- :func:`check` validates a config and describes it; a problem raises :class:`ConfigError`
  with the file, line, key and a hint.
- :class:`Strategy`: a stakeholder's decisions written in Python, passed to :func:`run` as
  ``strategies={"mine": MyStrategy}`` and named in the experiment as a tactic.
- :func:`demo` plays a narrated negotiation and returns its transcript as Python objects
  (:mod:`negsim.transcript`).

Example::

    import negsim
    import polars as pl

    results = negsim.run("experiments/quickstart.toml")
    print(results)                      # the table `negsim run` prints
    rates = results.processes.group_by("condition").agg(
        pl.col("win_win_win").mean()
    )
"""

from negsim._native import __version__
from negsim.demo import Demonstration, Fork, Process, Seat, demo
from negsim.errors import ConfigError, NegsimError, OutputError
from negsim.results import Experiment, PandasResults, Results, check, run

from negsim import transcript
from negsim.strategy import Observation, Strategy

__all__ = [
    "__version__",
    "run",
    "check",
    "demo",
    "Results",
    "PandasResults",
    "Experiment",
    "Demonstration",
    "Process",
    "Seat",
    "Fork",
    "transcript",
    "Strategy",
    "Observation",
    "NegsimError",
    "ConfigError",
    "OutputError",
]
