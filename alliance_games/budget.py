"""Time and memory budgets for algorithms whose cost grows exponentially.

Every enumeration (vertices, supports, reduced normal forms, PBE candidates, n-player
support profiles) and every large allocation asks its :class:`Budget` first:

- :meth:`Budget.require` before allocating: the caller estimates the bytes it is about
  to use (an array's ``rows * cols * itemsize``, a count of profiles times their size)
  and the budget refuses with :class:`BudgetExceeded` when the estimate does not fit;
- :meth:`Budget.expired` / :meth:`Budget.check_time` inside loops, so that ``--timeout``
  stops work within a loop iteration, not after it.

A method that catches :class:`BudgetExceeded` returns what it has with
``complete=False`` and a diagnostic built from the exception's message; ``auto`` falls
back to a method that fits. Nothing should ever reach ``MemoryError``.

The default memory budget is a quarter of the machine's physical memory, at most
8 GiB; ``$ALLIANCE_GAMES_MEMORY`` (``2G``, ``512M``, or bytes) or the CLI's
``--memory`` overrides it.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from .errors import SolverError, SpecError

__all__ = [
    "Budget",
    "BudgetExceeded",
    "default_memory",
    "machine_memory",
    "parse_memory",
    "MEMORY_ENV",
]

MEMORY_ENV = "ALLIANCE_GAMES_MEMORY"
_FRACTION = 0.25
_CAP = 8 * 2**30
_UNITS = {"": 1, "B": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


class BudgetExceeded(SolverError):
    """An algorithm would exceed its time or memory budget.

    ``kind`` is ``"time"`` or ``"memory"``; ``needed`` the estimated bytes (memory only).
    """

    def __init__(self, message: str, kind: str, needed: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.needed = needed


def machine_memory() -> int:
    """Physical memory of this machine in bytes (4 GiB when it cannot be read)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def parse_memory(text: str | int) -> int:
    """``"2G"``, ``"512M"``, ``"1.5g"``, ``"4096"`` -> bytes; a clear error otherwise."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgtKMGT]?)[iI]?[bB]?\s*", str(text))
        if not match:
            raise SpecError(
                f"memory budget {str(text)[:40]!r} is not a size; write it as 2G, 512M or "
                "a number of bytes"
            )
        value = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    if value < 2**20:
        raise SpecError(f"memory budget {value} bytes is too small; give at least 1M")
    return value


def default_memory() -> int:
    """The memory budget: ``$ALLIANCE_GAMES_MEMORY`` or a quarter of the machine (<= 8 GiB)."""
    env = os.environ.get(MEMORY_ENV)
    if env:
        return parse_memory(env)
    return min(_CAP, int(machine_memory() * _FRACTION))


def _size(nbytes: float) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{nbytes:.0f} bytes"


@dataclass(frozen=True)
class Budget:
    """A deadline (``time.monotonic()`` seconds) and a memory ceiling in bytes.

    Examples
    --------
    >>> b = Budget.start(timeout=None, memory="1G")
    >>> b.fits(2**20), b.fits(2**31)
    (True, False)
    """

    deadline: float | None = None
    memory: int = field(default_factory=default_memory)

    @classmethod
    def start(cls, timeout: float | None = None, memory: int | str | None = None) -> Budget:
        """A budget starting now: ``timeout`` seconds (None: no limit), ``memory`` bytes."""
        deadline = None if timeout is None else time.monotonic() + float(timeout)
        mem = default_memory() if memory is None else parse_memory(memory)
        return cls(deadline=deadline, memory=mem)

    def remaining(self) -> float | None:
        """Seconds left (None: no deadline; never negative)."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline

    def check_time(self, what: str) -> None:
        """Raise :class:`BudgetExceeded` when the deadline has passed."""
        if self.expired():
            raise BudgetExceeded(f"{what} stopped at the time limit", "time")

    def fits(self, nbytes: float) -> bool:
        return nbytes <= self.memory

    def require(self, nbytes: float, what: str) -> None:
        """Raise :class:`BudgetExceeded` unless ``nbytes`` fit in the memory budget."""
        if not self.fits(nbytes):
            raise BudgetExceeded(
                f"{what} would need about {_size(nbytes)}, over the memory budget of "
                f"{_size(self.memory)} (raise it with --memory or ${MEMORY_ENV})",
                "memory",
                nbytes,
            )
