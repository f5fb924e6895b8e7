"""Running experiments from Python: :func:`run` returns the CSV files as polars DataFrames,
:func:`check` validates a config and describes it."""

from __future__ import annotations

import numbers
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import polars as pl

from negsim import _native
from negsim._fork import polars_in_use, refuse_a_forked_child
from negsim._registration import raise_strategy_failure, registered
from negsim.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Experiment", "Results", "PandasResults", "run", "check"]

#: What :func:`run` and :func:`check` take: a path to a TOML file, or a dict shaped like one.
Experiment = Union[str, "os.PathLike[str]", Mapping[str, Any]]

# The CSV files' column types (named by the native module) as polars dtypes.
_DTYPES: dict[str, pl.DataType] = {
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "str": pl.String(),
}


@dataclass(frozen=True, repr=False)
class Results:
    """The results of a run: the CSV files ``negsim run`` writes, as polars DataFrames.

    Every DataFrame holds the same rows as its CSV file, in the same order, with each
    column's declared type (``Int64`` ids and counts, ``Float64`` numbers, ``Boolean``
    flags, ``String`` names); an empty field is null. ``print(results)`` shows the table
    ``negsim run`` prints.

    Attributes:
        name: The experiment's name.
        question: The question it answers (its leading comment).
        processes: ``processes.csv``: one row per process.
        stakeholders: ``stakeholders.csv``: one row per stakeholder per process.
        summary: ``summary.csv``: condition x sweep point x metric, with 95% intervals.
        comparison: ``comparison.csv``: compared pair x sweep point x metric.
        rounds: ``rounds.csv`` (one row per stakeholder per round), if the experiment's
            ``[output]`` asks for it (``rounds = true``), else ``None``.
        cycles: ``cycles.csv`` of an organisation experiment, else ``None``.
        organisations: ``organisations.csv`` of an organisation experiment, else ``None``.
        out: The folder the files are in, or ``None`` when the run wrote to a temporary
            folder (``out`` not given), which is gone.
        charts: The ``charts/`` folder, if charts were drawn.
        report: The ``report.html`` page, if charts were drawn.
        table: The statistics table ``negsim run`` prints.
        seconds: How long the simulation took.
        threads: The worker threads it used.
    """

    name: str
    question: str
    processes: pl.DataFrame
    stakeholders: pl.DataFrame
    summary: pl.DataFrame
    comparison: pl.DataFrame
    rounds: pl.DataFrame | None
    cycles: pl.DataFrame | None
    organisations: pl.DataFrame | None
    out: Path | None
    charts: Path | None
    report: Path | None
    table: str
    seconds: float
    threads: int
    _undeclared: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def tables(self) -> dict[str, pl.DataFrame]:
        """The DataFrames by file name (``processes``, ``summary``, ...), those written only."""
        return {
            name: frame
            for name in _TABLES
            if isinstance(frame := getattr(self, name), pl.DataFrame) and frame.width > 0
        }

    def to_pandas(self) -> PandasResults:
        """The same results as pandas DataFrames (needs ``pip install negsim[pandas]``).

        Whole-number and true/false columns with missing values become pandas' nullable
        ``Int64`` and ``boolean``, so that no column changes type.
        """
        frames = {name: _to_pandas(getattr(self, name)) for name in _TABLES}
        return PandasResults(**frames)  # type: ignore[arg-type]

    def __str__(self) -> str:
        head = f"{self.question}\n\n" if self.question else ""
        return head + self.table.rstrip("\n")

    def __repr__(self) -> str:
        rows = self.organisations if self.organisations is not None else self.processes
        unit = "organisation runs" if self.organisations is not None else "processes"
        where = f", in {self.out}" if self.out is not None else ""
        return f"<negsim.Results {self.name!r}: {rows.height} {unit}{where}>"


_TABLES = (
    "processes",
    "stakeholders",
    "summary",
    "comparison",
    "rounds",
    "cycles",
    "organisations",
)


@dataclass(frozen=True, repr=False)
class PandasResults:
    """The DataFrames of :class:`Results` as pandas DataFrames (see :meth:`Results.to_pandas`)."""

    processes: pd.DataFrame
    stakeholders: pd.DataFrame
    summary: pd.DataFrame
    comparison: pd.DataFrame
    rounds: pd.DataFrame | None
    cycles: pd.DataFrame | None
    organisations: pd.DataFrame | None

    def __repr__(self) -> str:
        present = [f.name for f in fields(self) if getattr(self, f.name) is not None]
        return f"<negsim.PandasResults: {', '.join(present)}>"


def _to_pandas(frame: pl.DataFrame | None) -> pd.DataFrame | None:
    if frame is None:
        return None
    import pandas as pd

    converted = frame.to_pandas()
    for name, dtype in frame.schema.items():
        if frame[name].null_count() == 0:
            continue
        if dtype == pl.Int64:
            converted[name] = pd.array(frame[name].to_list(), dtype="Int64")
        elif dtype == pl.Boolean:
            converted[name] = pd.array(frame[name].to_list(), dtype="boolean")
    return converted


def _config(experiment: Experiment) -> Any:
    """A config as the native module takes it: a path, or a plain dict."""
    if isinstance(experiment, Mapping) and not isinstance(experiment, dict):
        return _plain(experiment)
    return experiment


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _read(info: dict[str, Any], keep_folder: bool) -> Results:
    polars_in_use()
    frames: dict[str, pl.DataFrame | None] = {name: None for name in _TABLES}
    undeclared: list[tuple[str, str]] = []
    for name, entry in info["files"].items():
        schema = {}
        for column, dtype in entry["columns"]:
            if dtype is None:
                undeclared.append((name, column))
            schema[column] = _DTYPES[dtype or "str"]
        frames[name] = pl.read_csv(entry["path"], schema=schema)
    for name in ("processes", "stakeholders"):
        if frames[name] is None:
            frames[name] = pl.DataFrame()
    return Results(
        name=info["name"],
        question=info["question"],
        out=Path(info["out"]) if keep_folder else None,
        charts=Path(info["charts"]) if info["charts"] and keep_folder else None,
        report=Path(info["report"]) if info["report"] and keep_folder else None,
        table=info["table"],
        seconds=info["seconds"],
        threads=info["threads"],
        _undeclared=tuple(undeclared),
        **frames,  # type: ignore[arg-type]
    )


def run(
    experiment: Experiment,
    *,
    threads: int | None = None,
    out: str | os.PathLike[str] | None = None,
    seed: int | None = None,
    replications: int | None = None,
    force: bool = False,
    resume: bool = False,
    plots: bool | None = None,
    strategies: Mapping[str, Callable[[], Any]] | None = None,
) -> Results:
    """Runs an experiment and returns its results as polars DataFrames.

    This is ``negsim run``: the same processes, the same rows, bit for bit, for any number
    of threads. The simulation runs in Rust with the GIL released, so other Python threads
    go on meanwhile (runs in several threads of one Python process take turns: the
    strategies a run registers are its own); Ctrl-C stops it once the processes under way
    are done and raises ``KeyboardInterrupt``.

    Args:
        experiment: A path to an experiment file (``experiments/quickstart.toml``), or a
            dict shaped like one: ``{"experiment": {"seed": 3, "replications": 100},
            "base": {"case": "job-offer"}, "condition": [{"name": "a", ...}, ...],
            "sweep": {"deadline": [10, 20]}}``. As in a TOML file, a dotted key nests
            (``{"norms.facilitator": True}``), except the keys of ``sweep``, which are
            dotted paths into the scenario. Case and culture names are looked up as for a
            file in the working directory; ``manifest.json`` keeps the dict's text
            (``config_text``) and says it was written from a dict (``config_written_from``).
        threads: Worker threads (default: one per core). Results do not depend on it.
        out: A folder to write the CSV files, ``manifest.json`` and (with ``plots``) the
            charts and ``report.html`` into, as ``negsim run --out`` does. Without it the
            run writes to a temporary folder that is removed once the files are read.
        seed: Overrides the experiment's ``experiment.seed``.
        replications: Overrides the experiment's ``experiment.replications``
            (``--replications``: a quick look at a large experiment); the manifest records
            it.
        force: Overwrite a folder that holds other results (``--force``).
        resume: Continue an interrupted run in ``out`` (``--resume``).
        plots: Draw the charts and the report page into ``out`` (default: when ``out`` is
            given).
        strategies: Python strategies by name, ``{"mine": MyStrategy}``: a class (called
            once per seat and process) with ``respond(observation, rng)`` and
            ``propose(observation, rng)`` methods, and optionally ``disclose`` and
            ``walk_out``; see
            :mod:`negsim.strategy`. The experiment names them as tactics
            (``stakeholders.<key>.tactic = "mine"``, or a culture's ``tactic = "mine"``),
            under either protocol. They are registered for this run only. The manifest
            records a fingerprint of each class's source (``strategies``), and
            ``resume=True`` refuses to continue a run started with other code.

    Returns:
        The :class:`Results`: ``.processes``, ``.stakeholders``, ``.summary``,
        ``.comparison`` (and ``.rounds``, ``.cycles``, ``.organisations`` where written).

    Raises:
        ConfigError: The experiment, an argument or the folder is not usable; the
            exception's ``file``, ``line``, ``key`` and ``hint`` say where and how to fix it.
        OutputError: The folder cannot be written.
        Exception: Whatever a Python strategy raised: the run stops, and ``out`` holds
            the processes before the one it failed in (none it touched), as an unfinished
            run: once the class is fixed, run again with ``force=True``.
        RuntimeError: This process was forked (``multiprocessing``'s default on Linux)
            from one that has run negsim, where polars would hang: use the ``spawn`` or
            ``forkserver`` start method.
        KeyboardInterrupt: The run was interrupted (with ``out``, what was written is
            complete: continue with ``resume=True``).

    Example:
        >>> import negsim
        >>> results = negsim.run("experiments/quickstart.toml")  # doctest: +SKIP
        >>> results.summary.filter(metric="win_win_win")  # doctest: +SKIP
    """
    refuse_a_forked_child()
    if plots is None:
        plots = out is not None
    if out is None:
        for flag, given in (("plots", plots), ("resume", resume)):
            if given:
                raise ValueError(
                    f"{flag}=True needs out=...: without it the run writes into a "
                    "temporary folder that is removed afterwards"
                )
    counts = {
        "threads": _whole("threads", threads, 1),
        "seed": _whole("seed", seed, 0),
        "replications": _whole("replications", replications, 1),
    }
    config = _config(experiment)
    with registered(strategies):
        try:
            if out is not None:
                info = _native.run(
                    config, Path(out), **counts, force=force, resume=resume, plots=plots
                )
                return _read(info, keep_folder=True)
            with tempfile.TemporaryDirectory(prefix="negsim-") as folder:
                info = _native.run(config, Path(folder) / "run", **counts)
                return _read(info, keep_folder=False)
        except Exception as stopped:
            raise_strategy_failure(stopped)
            raise


def _whole(name: str, value: Any, least: int) -> int | None:
    """A whole-number argument (``threads``, ``seed``, ``replications``), checked here so
    that a wrong one is a :class:`ConfigError` naming it, not a conversion error."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(
            f"{name} must be a whole number, got {type(value).__name__} {value!r}",
            key=name,
            hint=f"e.g. {name}={max(least, 2)}, or leave it out",
        )
    # Within 0 to 2**64 - 1 the run itself checks the range (threads: at most one per
    # thread it can start), as it does for the command line's flags.
    if int(value) < 0:
        raise ConfigError(
            f"{name} must be at least {least}, got {int(value)}",
            key=name,
            hint=f"e.g. {name}={max(least, 2)}, or leave it out",
        )
    if int(value) >= 2**64:
        raise ConfigError(
            f"{name} is too large: {int(value)} (at most 2**64 - 1)",
            key=name,
            hint=f"e.g. {name}={max(least, 2)}, or leave it out",
        )
    return int(value)


def check(
    config: Experiment,
    *,
    strategies: Mapping[str, Callable[[], Any]] | None = None,
) -> str:
    """Validates a config and describes it, as ``negsim check`` does.

    Args:
        config: A path to an experiment, case or culture file, or a dict shaped like one
            (told apart by its keys).
        strategies: Python strategies by name, as :func:`run` takes them: an experiment
            that names them as tactics checks clean (nothing is called; the classes are
            only registered under their names).

    Returns:
        What the config describes: for an experiment its conditions, sweep and size; for a
        case its stakeholders, issues and outcome space; for a culture its traits and norms.

    Raises:
        ConfigError: The config is not valid; ``file``, ``line``, ``key`` and ``hint`` say
            where and how to fix it. A name in ``strategies`` that is not a strategy's name
            (lowercase letters, digits, ``_`` and ``-``, not a built-in tactic's) is raised
            with ``key="strategies"``.
        TypeError: A value in ``strategies`` is not a class (or other callable).
    """
    with registered(strategies):
        return _native.check(_config(config))
