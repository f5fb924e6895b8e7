"""Processes forked from one that has used polars (Linux's default start method of
``multiprocessing``): polars' thread pool does not survive ``fork``, so polars hangs in the
child. negsim notes when it starts using polars, and refuses in such a child, with the way
out, rather than hanging."""

from __future__ import annotations

import os

__all__ = ["polars_in_use", "refuse_a_forked_child"]

#: Whether this process has used polars through negsim (its thread pool then runs).
_STARTED = False
#: Whether this process was forked from one in which it had (set in the child).
_FORKED_AFTER_POLARS = False


def polars_in_use() -> None:
    """Notes that polars is used from here on (call before using it)."""
    global _STARTED
    _STARTED = True


def _forked() -> None:
    global _FORKED_AFTER_POLARS
    _FORKED_AFTER_POLARS = _STARTED


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def refuse_a_forked_child() -> None:
    """Raises, rather than hanging in polars, in a child forked from a process that used
    polars through negsim."""
    if _FORKED_AFTER_POLARS:
        raise RuntimeError(
            "negsim cannot run in a process forked from one that has already run negsim: "
            "polars, which reads the results, would hang here, since its threads do not "
            "survive fork. Start worker processes with "
            'multiprocessing.get_context("spawn") or "forkserver" (the results are the same)'
        )
