"""Lemke–Howson pivoting compiled with numba (optional; the ``fast`` extra).

The same arithmetic, in the same order, as :class:`~..normal.lh_tableaux._FloatTableau`:
the lexicographic minimum-ratio test (ratio ``T[r, -1] / T[r, c]`` over the rows with a
positive entry in the entering column ``c``, ties within ``1e-9`` broken on the columns
of the initial slack basis, von Stengel 2002, sec. 3.6) and the rank-one update of the
condensed tableau (``T -= col ⊗ (T[r] / p)``, then the pivot row and column are
replaced). Every floating-point operation is the numpy path's, one rounding each (numba
does not contract ``a - b * c`` into a fused multiply-add without ``fastmath``), so the
path, its pivots and its end bases are identical (``tests/test_lemke_howson_compiled.py``
compares them on random and degenerate games).

What numba saves is the Python and numpy call overhead of each pivot (20-40 µs for a
dozen small numpy calls); the compiled loop costs one pass over the tableau. The kernel
is compiled on first use and cached on disk (``cache=True``): the first call on a
machine pays the compilation (a few seconds), later processes load it (importing numba
itself costs about half a second, so :func:`available` is only asked for games large
enough to repay it).

References
----------
Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix games. *J. SIAM*
12(2), 413-423.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.4-3.6.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["available", "follow_path", "CyclingError"]

_TOL = 1e-9
#: initial slots of the open-addressing set of visited basis pairs (doubled when half full)
SEEN_START = 1 << 10
_kernel: Any = None
_tried = False


def available() -> bool:
    """Whether the compiled kernel can be used (numba importable, not disabled).

    ``ALLIANCE_GAMES_NO_NUMBA=1`` in the environment disables it (the numpy path runs).
    """
    global _kernel, _tried
    if os.environ.get("ALLIANCE_GAMES_NO_NUMBA"):
        return False
    if not _tried:
        _tried = True
        try:
            _kernel = _build()
            _warm_up()  # compile (or load from the cache) now, not mid-solve
        except Exception:  # ImportError, or a numba that cannot compile here
            _kernel = None
    return _kernel is not None


def _build() -> Any:
    from . import _lh_numba  # noqa: PLC0415 - optional dependency, imported on first use

    return _lh_numba.follow, _lh_numba.rehash


def _warm_up() -> None:
    """Run the kernel on the 1x1 game ``A = B = [1]`` (two pivots), with the argument
    types of real calls, so that compilation errors surface in :func:`available`."""
    words = np.arange(1, 5, dtype=np.int64).reshape(2, 2)
    words.flags.writeable = False

    def tableau(basic: int, nonbasic: int, words_row: np.ndarray) -> tuple[np.ndarray, ...]:
        row_of = np.full(2, -1, dtype=np.int64)
        row_of[basic] = 0
        col_of = np.full(2, -1, dtype=np.int64)
        col_of[nonbasic] = 0
        return (np.ones((1, 2)), np.array([basic], dtype=np.int64),
                np.array([nonbasic], dtype=np.int64), row_of, col_of,
                np.array([basic], dtype=np.int64), words_row)

    arrays = tableau(1, 0, words[0]) + tableau(0, 1, words[1])
    pivots, _, _ = follow_path(arrays, 0, (0, 0), lambda: None)
    if pivots != 2:  # pragma: no cover - a broken numba
        raise RuntimeError("the compiled Lemke–Howson kernel failed its warm-up")


def follow_path(arrays: tuple[Any, ...], label: int, keys: tuple[int, int],
                check: Callable[[], None], chunk: int = 1 << 14) -> tuple[int, int, int]:
    """Follow the path dropping ``label`` to its end; ``(pivots, key_p, key_q)``.

    ``arrays`` is the flat tuple of both tableaux' arrays (table, basis, nonbasis, row of
    each label or -1, column of each label or -1, lex labels, Zobrist words; ``P`` then
    ``Q``), changed in place; ``keys`` the basis pair's Zobrist keys. ``check`` is called
    every ``chunk`` pivots (the budget's clock). Raises :class:`CyclingError` when
    rounding makes the path revisit a basis pair or meet an unbounded edge, after the
    same pivot as the numpy path would.
    """
    follow, rehash = _kernel
    in_p = bool(arrays[3][label] < 0)  # label nonbasic in P (row_of[label] == -1)
    entering = label
    state = np.array([keys[0], keys[1], 0], dtype=np.int64)
    seen = np.zeros((SEEN_START, 2), dtype=np.int64)
    used = np.zeros(SEEN_START, dtype=np.bool_)
    total = 0
    while True:
        pivots, status, entering, in_p = follow(*arrays, label, entering, in_p, chunk,
                                                state, seen, used)
        total += int(pivots)
        if status == 1:
            return total, int(state[0]), int(state[1])
        if status == -1:
            raise CyclingError(total, int(state[0]), int(state[1]))
        if status == 2:
            bigger = np.zeros((2 * seen.shape[0], 2), dtype=np.int64)
            bigger_used = np.zeros(2 * seen.shape[0], dtype=np.bool_)
            rehash(seen, used, bigger, bigger_used)
            seen, used = bigger, bigger_used
        check()


class CyclingError(Exception):
    """Rounding broke the lexicographic rule; ``args = (pivots, key_p, key_q)``."""
