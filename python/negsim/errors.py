"""Exceptions negsim raises: where the problem is (file, line, key) and how to fix it (hint).

Every problem with what you gave negsim (a config file, a dict, an argument) is a
:class:`ConfigError`, a ``ValueError``; a folder negsim cannot read or write is an
:class:`OutputError`, an ``OSError``. Both are :class:`NegsimError`, which carries the
attributes::

    try:
        negsim.check("experiments/mine.toml")
    except negsim.ConfigError as e:
        print(e.file, e.line, e.key)   # experiments/mine.toml 7 base.deadline
        print(e.message)               # what is wrong, and what was expected
        print(e.hint)                  # how to fix it

Ctrl-C during a run raises ``KeyboardInterrupt`` once the run has stopped; what was written
to ``out`` is complete, and ``negsim.run(..., out=..., resume=True)`` continues it.
"""

from __future__ import annotations

__all__ = ["NegsimError", "ConfigError", "OutputError"]


class NegsimError(Exception):
    """An error negsim reports, with where it is and how to fix it.

    Attributes:
        message: What is wrong, and what was expected.
        file: The file the problem is in, if any (``None`` for a config given as a dict).
        line: The 1-based line in ``file``, where known.
        key: The dotted config key (``base.deadline``) or the parameter (``threads``).
        hint: How to fix it, where negsim knows.
    """

    message: str
    file: str | None
    line: int | None
    key: str | None
    hint: str | None

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.key = key
        self.hint = hint

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file if self.line is None else f"{self.file}, line {self.line}")
        if self.key is not None:
            where.append(f"key `{self.key}`")
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Keeps the attributes when the exception crosses a process boundary (multiprocessing).
        return (
            _rebuild,
            (type(self), self.message, self.file, self.line, self.key, self.hint),
        )


def _rebuild(
    cls: type[NegsimError],
    message: str,
    file: str | None,
    line: int | None,
    key: str | None,
    hint: str | None,
) -> NegsimError:
    return cls(message, file=file, line=line, key=key, hint=hint)


class ConfigError(NegsimError, ValueError):
    """A config (file or dict) or an argument negsim cannot use; ``negsim run`` exits with 2."""


class OutputError(NegsimError, OSError):
    """A file or folder negsim cannot read or write (disk full, no permission)."""
