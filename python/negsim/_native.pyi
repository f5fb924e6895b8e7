# The native module's functions; the documented API is in negsim.results and negsim.demo.
from os import PathLike
from typing import Any

__version__: str

def run(
    experiment: str | PathLike[str] | dict[str, Any],
    out: str | PathLike[str],
    threads: int | None = None,
    seed: int | None = None,
    replications: int | None = None,
    force: bool = False,
    resume: bool = False,
    plots: bool = False,
) -> dict[str, Any]: ...
def check(config: str | PathLike[str] | dict[str, Any]) -> str: ...
def demo(
    case: str | None = None,
    culture: str | None = None,
    compare: str | None = None,
    seed: int = 1,
    deadline: int = 30,
    lang: str = "en",
    replay: str | None = None,
    fork_at: int | None = None,
    set: str | None = None,
    gif: str | PathLike[str] | None = None,
    highlights: bool = False,
) -> dict[str, Any]: ...
def register_strategy(name: str, strategy: Any, fingerprint: str) -> None: ...
def unregister_strategy(name: str) -> None: ...
def clear_strategy_failure() -> None: ...
def take_strategy_failure() -> BaseException | None: ...

class Observation:
    """What a strategy sees when it decides."""

    protocol: str
    seat: int
    stakeholder: str
    round: int
    deadline: int
    time: float
    batna: float
    best_utility: float
    offer: list[int] | None
    offer_utility: float | None
    proposer: int | None
    acceptances: int
    packages: list[tuple[int, list[int], float]]
    statements: list[tuple[int, bool] | None]
    disclosed: list[bool]
    trust: list[float]
    beliefs: list[float]
    priorities: list[float]
    interests: list[float]
    decision_rule: str | None
    stakeholders: list[str]
    world_values: list[float]
    world_threshold: float
    traits: dict[str, float]
    issues: list[str]
    options: list[list[str]]
    def utility(self, package: list[int]) -> float: ...
    def package_near(self, target: float) -> list[int]: ...
    def describe(self, package: list[int]) -> dict[str, str]: ...
