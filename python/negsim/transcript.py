"""What happened at the table, event by event: the transcript of a demonstration.

Every event is a frozen dataclass with the ``round`` it happened in; stakeholders, issues
and options are named by their keys in the case, and a package is a dict ``{issue:
option}``. Match on the classes::

    for event in process.events:
        match event:
            case negsim.transcript.Proposed(stakeholder=who, package=package):
                print(who, "proposes", package)
            case negsim.transcript.WalkedOut(stakeholder=who):
                print(who, "walks out")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Event",
    "RoundStarted",
    "Disclosed",
    "Discovered",
    "Proposed",
    "FacilitatorText",
    "Responded",
    "IssueSettled",
    "Agreed",
    "TrustTurned",
    "StressRose",
    "WalkedOut",
    "DeadlinePassed",
]


@dataclass(frozen=True)
class Event:
    """Something that happened at the table."""

    round: int
    """The round it happened in, from 1."""

    @property
    def kind(self) -> str:
        """The event's name in snake case (``proposed``, ``walked_out``)."""
        return _KIND_OF[type(self)]


@dataclass(frozen=True)
class RoundStarted(Event):
    """A round begins."""


@dataclass(frozen=True)
class Disclosed(Event):
    """A stakeholder told the table how much an issue matters to it."""

    stakeholder: str
    issue: str
    bluff: bool
    """Whether what it said was a bluff."""


@dataclass(frozen=True)
class Discovered(Event):
    """A creative stakeholder found a hidden option."""

    stakeholder: str
    issue: str
    option: str


@dataclass(frozen=True)
class Proposed(Event):
    """A stakeholder put a package on the table."""

    stakeholder: str
    package: dict[str, str]
    aspiration: float
    """The proposer's aspiration (the utility it holds out for) when proposing."""


@dataclass(frozen=True)
class FacilitatorText(Event):
    """The facilitator put its single negotiating text on the table."""

    package: dict[str, str]


@dataclass(frozen=True)
class Responded(Event):
    """A stakeholder's verdict on a package on the table."""

    stakeholder: str
    to: str
    """Whose package: a stakeholder's key, or ``facilitator``."""
    accepted: bool
    utility: float
    """The responder's utility of the package."""
    aspiration: float
    """The responder's aspiration: it accepts at or above it, never below its BATNA."""


@dataclass(frozen=True)
class IssueSettled(Event):
    """Under a sequential agenda, an issue was settled."""

    issue: str
    option: str


@dataclass(frozen=True)
class Agreed(Event):
    """The table agreed on a package."""

    on: str
    """Whose package was agreed: a stakeholder's key, or ``facilitator``."""
    package: dict[str, str]


@dataclass(frozen=True)
class TrustTurned(Event):
    """A stakeholder's trust in another crossed the middle (0.5), either way."""

    stakeholder: str
    """Who trusts."""
    towards: str
    """Whom."""
    before: float
    after: float


@dataclass(frozen=True)
class StressRose(Event):
    """A stakeholder's stress crossed a notable level."""

    stakeholder: str
    level: float


@dataclass(frozen=True)
class WalkedOut(Event):
    """A stakeholder walked out: everyone gets their BATNA."""

    stakeholder: str


@dataclass(frozen=True)
class DeadlinePassed(Event):
    """The deadline passed without agreement: everyone gets their BATNA."""


_CLASSES: dict[str, type[Event]] = {
    "round_started": RoundStarted,
    "disclosed": Disclosed,
    "discovered": Discovered,
    "proposed": Proposed,
    "facilitator_text": FacilitatorText,
    "responded": Responded,
    "issue_settled": IssueSettled,
    "agreed": Agreed,
    "trust_turned": TrustTurned,
    "stress_rose": StressRose,
    "walked_out": WalkedOut,
    "deadline_passed": DeadlinePassed,
}
_KIND_OF: dict[type[Event], str] = {cls: kind for kind, cls in _CLASSES.items()}


def _event(fields: dict[str, Any]) -> Event:
    fields = dict(fields)
    return _CLASSES[fields.pop("event")](**fields)
