"""Demonstrations from Python: :func:`demo` plays what ``negsim demo`` plays and returns the
narration with every process's transcript as Python objects."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from negsim import _native
from negsim._fork import polars_in_use, refuse_a_forked_child
from negsim._registration import raise_strategy_failure, registered
from negsim.errors import ConfigError
from negsim.transcript import Event, _event

__all__ = ["Demonstration", "Process", "Seat", "Fork", "demo"]


@dataclass(frozen=True)
class Seat:
    """Who sat in one seat: a stakeholder of the case, with the mindset drawn from a culture."""

    key: str
    """The stakeholder's key in the case."""
    tactic: str
    """``mindset`` (negsim's model) or a classic tactic (``boulware``, ``conceder``, ...)."""
    traits: dict[str, float]
    """Openness, empathy, concession willingness, ... in [0, 1]."""
    batna: float
    """Its best alternative: it never accepts less."""
    utility: float
    """What it got: the agreed package's utility, or its BATNA without agreement."""
    walked_out: bool


@dataclass(frozen=True)
class Process:
    """One negotiation played out, with its transcript."""

    name: str
    """The column name in a comparison: the culture, or Original / Fork."""
    culture: str
    outcome: Literal["agreement", "deadline", "walk_out"]
    rounds: int
    agreement: dict[str, str] | None
    """The agreed package ``{issue: option}``, or ``None``."""
    agreed_on: str | None
    """Whose package was agreed: a stakeholder's key or ``facilitator``."""
    joint_utility: float
    world_value: float
    win_win_win: bool
    """Agreed, every party above its BATNA, and good enough for the world."""
    stakeholders: list[Seat]
    events: list[Event]

    def events_frame(self) -> pl.DataFrame:
        """The events as a polars DataFrame: one row per event, ``round`` and ``event`` first,
        then every field any event has (null where an event has no such field; packages as
        ``issue=option;...`` text, as in ``processes.csv``)."""
        refuse_a_forked_child()
        polars_in_use()
        rows = []
        for e in self.events:
            row: dict[str, Any] = {"round": e.round, "event": e.kind}
            for name, value in vars(e).items():
                if name != "round":
                    row[name] = _package_text(value) if isinstance(value, dict) else value
            rows.append(row)
        return pl.DataFrame(rows, infer_schema_length=None)


def _package_text(package: dict[str, str]) -> str:
    return ";".join(f"{issue}={option}" for issue, option in package.items())


@dataclass(frozen=True)
class Fork:
    """What a fork changed: one stakeholder's trait, from one round on."""

    round: int
    stakeholder: str
    trait: str
    value: float


@dataclass(frozen=True)
class Demonstration:
    """A demonstration: what ``negsim demo`` tells, and the processes it played.

    ``print(demonstration)`` prints the narration.
    """

    case: str
    title: str
    """The case's title in the narration's language."""
    processes: list[Process]
    """The processes in the order shown (a fork: the original, then the fork)."""
    narration: str
    """The narration, verdicts, comparison and replay code, as ``negsim demo`` prints them."""
    replay_code: str
    """Plays the same demonstration again: ``negsim.demo(replay=code)``."""
    fork: Fork | None

    def __str__(self) -> str:
        return self.narration


def demo(
    case: str | None = None,
    culture: str | Sequence[str] | None = None,
    *,
    seed: int | None = None,
    deadline: int | None = None,
    lang: Literal["en", "nl"] = "en",
    replay: str | None = None,
    fork_at: int | None = None,
    set: str | None = None,
    gif: str | os.PathLike[str] | None = None,
    highlights: bool = False,
    strategies: Mapping[str, Callable[[], Any]] | None = None,
) -> Demonstration:
    """Plays a narrated negotiation, as ``negsim demo`` does, and returns it.

    Args:
        case: A bundled case (``job-offer``, ``office-reorganisation``, ``park-redesign``,
            ``sprint-planning``) or a case file.
        culture: The culture the people at the table come from (``collaborative``,
            ``positional``, ``mixed``, ``positional-facilitated`` or a culture file), or a
            list of two to four to compare with the same people and seed.
        seed: Seed of the random streams (who sits at the table, what they draw); 1 if not
            given.
        deadline: Rounds before the deadline; 30 if not given.
        lang: Language of the narration: ``en`` or ``nl``.
        replay: Play a demonstration again from its replay code (instead of ``case``,
            ``culture``, ``seed`` and ``deadline``).
        fork_at: Change one thing from this round on (with ``set``).
        set: What changes at the fork: ``STAKEHOLDER.TRAIT=VALUE``, e.g.
            ``works-council.openness=0.9``.
        gif: Also write an animated GIF of the negotiation dance here.
        highlights: Narrate only the rounds with a turning point (the fixed-pie trap, a good
            trade, the world's value crossing the case's bar, a walk-out, the end); the
            processes keep every event.
        strategies: Python strategies by name, as :func:`negsim.run` takes them; a culture
            file whose ``tactic`` names one seats it for every stakeholder it draws, and the
            narration tells its moves as anyone's. A strategy that raises stops the
            demonstration, and its exception is raised.

    Returns:
        The :class:`Demonstration`: its narration, replay code and the processes played,
        each with its seats, outcome and transcript (``.events``).

    Raises:
        ConfigError: An unknown case or culture, a bad replay code or fork.

    Example:
        >>> d = negsim.demo("job-offer", ["collaborative", "positional"], seed=9)  # doctest: +SKIP
        >>> [p.outcome for p in d.processes]  # doctest: +SKIP
    """
    if replay is not None:
        given = [n for n, v in (("case", case), ("culture", culture), ("seed", seed),
                                ("deadline", deadline)) if v is not None]
        if given:
            raise ConfigError(
                f"a replay code holds the case, cultures, seed and deadline, and {given[0]} "
                "is given too",
                key=given[0],
                hint=f"leave out {' and '.join(given)}, or leave out replay",
            )
    else:
        if case is None:
            raise ConfigError(
                "demo needs a case (or a replay code)",
                key="case",
                hint='e.g. negsim.demo("job-offer", "collaborative")',
            )
        if culture is None:
            raise ConfigError(
                "demo needs the culture the people come from, or a list to compare",
                key="culture",
                hint='e.g. culture="collaborative", or ["collaborative", "positional"]',
            )
    if not isinstance(culture, (str, type(None))) and len(culture) < 2:
        raise ConfigError(
            f"a comparison needs two or more cultures, found {len(culture)}",
            key="culture",
            hint='compare with a list, culture=["collaborative", "positional"], or give one '
            'culture as text, culture="collaborative"',
        )
    compare: str | None = None
    single: str | None = None
    if isinstance(culture, str) or culture is None:
        single = culture
    else:
        compare = ",".join(culture)
    with registered(strategies):
        try:
            shown = _native.demo(
                case,
                single,
                compare,
                1 if seed is None else seed,
                30 if deadline is None else deadline,
                lang,
                replay,
                fork_at,
                set,
                Path(gif) if gif is not None else None,
                highlights,
            )
        except Exception as stopped:
            raise_strategy_failure(stopped)
            raise
    fork = shown["fork"]
    return Demonstration(
        case=shown["case"],
        title=shown["title"],
        narration=shown["narration"],
        replay_code=shown["replay_code"],
        fork=Fork(**fork) if fork is not None else None,
        processes=[_process(p) for p in shown["processes"]],
    )


def _process(p: dict[str, Any]) -> Process:
    return Process(
        name=p["name"],
        culture=p["culture"],
        outcome=p["outcome"],
        rounds=p["rounds"],
        agreement=p["agreement"],
        agreed_on=p["agreed_on"],
        joint_utility=p["joint_utility"],
        world_value=p["world_value"],
        win_win_win=p["win_win_win"],
        stakeholders=[Seat(**s) for s in p["stakeholders"]],
        events=[_event(e) for e in p["events"]],
    )
