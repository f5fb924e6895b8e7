"""Python strategies registered with the native module for one call (a run, a check or a
demonstration), and the exception a failed one raised."""

from __future__ import annotations

import hashlib
import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any

from negsim import _native

__all__ = ["registered", "fingerprint", "raise_strategy_failure"]


#: One run (or check) at a time per Python process: the strategies a run registers are its
#: own, and a strategy's failure stops only the run it happened in.
_ONE_AT_A_TIME = threading.Lock()


class registered:
    """Registers Python strategies under their names for one run, check or demonstration, which waits
    for any other in this process to finish, and forgets them after it."""

    def __init__(self, strategies: Mapping[str, Callable[[], Any]] | None) -> None:
        if strategies is not None and not isinstance(strategies, Mapping):
            raise TypeError(
                "strategies must be a mapping of names to classes, "
                f'{{"mine": MyStrategy}}, got {type(strategies).__name__}'
            )
        self.strategies = dict(strategies or {})

    def __enter__(self) -> None:
        _ONE_AT_A_TIME.acquire()
        _native.clear_strategy_failure()
        try:
            for name, strategy in self.strategies.items():
                _native.register_strategy(name, strategy, fingerprint(strategy))
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *_: object) -> None:
        try:
            for name in self.strategies:
                _native.unregister_strategy(name)
        finally:
            _ONE_AT_A_TIME.release()


def fingerprint(strategy: Any) -> str:
    """What identifies a strategy's code in a run's provenance: a hash of its class's
    qualified name and source (or, where the source cannot be read, as for a class typed at
    an interactive prompt, of its methods' bytecode). What the class calls elsewhere is not
    included."""
    digest = hashlib.sha256()
    name = f"{getattr(strategy, '__module__', '')}.{getattr(strategy, '__qualname__', '')}"
    digest.update(name.encode())
    try:
        digest.update(inspect.getsource(strategy).encode())
    except (OSError, TypeError):
        members = vars(strategy) if hasattr(strategy, "__dict__") else {}
        for member_name, member in sorted(members.items()):
            code = getattr(member, "__code__", None)
            if code is not None:
                digest.update(member_name.encode())
                _digest_code(code, digest)
    return "python:" + digest.hexdigest()


def _digest_code(code: Any, digest: Any) -> None:
    """Adds a code object to a digest: its bytecode, names and constants, nested code (of
    comprehensions and inner functions) included, without addresses."""
    digest.update(code.co_code)
    digest.update(repr(code.co_names).encode())
    for constant in code.co_consts:
        if hasattr(constant, "co_code"):
            _digest_code(constant, digest)
        else:
            digest.update(repr(constant).encode())


def raise_strategy_failure(stopped: BaseException | None = None) -> None:
    """Raises what a Python strategy raised during the run, if anything, with what the run
    said on stopping (``stopped``) as a note."""
    failure = _native.take_strategy_failure()
    if failure is not None:
        if hasattr(failure, "add_note"):
            failure.add_note("raised by a Python strategy: the run stopped")
            if stopped is not None:
                failure.add_note(str(stopped))
        raise failure from None
