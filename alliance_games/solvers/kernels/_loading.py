"""When and how an optional compiled (numba) kernel is loaded.

Importing numba and loading a cached kernel costs 0.3-2 s, more than a small game
takes, so the kernels of :mod:`.polytope_compiled` and :mod:`..nplayer.binary` share
one rule: never when ``ALLIANCE_GAMES_NO_NUMBA`` is set or the caller's ``MODE`` is
``False``; under the automatic rule (``MODE`` ``None``) only once loading pays (numba
is already imported in this process, or more than a payback of CPU seconds went to the
numpy path); and once per process, warmed up on a small case so that a numba that
cannot compile here shows at load time, not mid-solve.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["disabled", "waits", "load"]


def disabled(mode: bool | None) -> bool:
    """The kernel must not be used: ``mode`` is ``False`` or ``ALLIANCE_GAMES_NO_NUMBA``
    is set in the environment."""
    return mode is False or bool(os.environ.get("ALLIANCE_GAMES_NO_NUMBA"))


def waits(mode: bool | None, spent: float, payback: float) -> bool:
    """Under the automatic rule (``mode`` ``None``) loading does not pay yet: numba is
    not imported in this process and the numpy path has spent less than ``payback``
    CPU seconds."""
    return mode is None and "numba" not in sys.modules and spent < payback


def load(name: str, warm_up: Callable[[Any], None]) -> Any:
    """The kernel module ``name`` of this package after ``warm_up(module)`` ran (which
    compiles it or loads its cache); ``None`` when numba is missing or cannot compile
    here."""
    try:
        module = importlib.import_module(f".{name}", __package__)
        warm_up(module)
    except Exception:  # ImportError, or a numba that cannot compile here
        return None
    return module
