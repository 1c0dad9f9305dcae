"""The breadth-first vertex enumeration of :mod:`.polytope`, compiled with numba (optional).

:func:`~.polytope.vertices_float` spends most of a small or medium polytope's time in
numpy's per-call overhead: a BFS level is two dozen array operations on arrays of a few
hundred entries. The kernel :func:`._polytope_numba.level` does one level in one
compiled loop, basis by basis and edge by edge, with the same decisions: the zero tests
against ``tol``, the lexicographic minimum-ratio rule (ratio ``(B^{-1} 1)_i / a_i`` over
the rows with ``a_i > tol``, ties within ``tol`` broken on the columns of ``B^{-1}``),
the ``delicate`` margins (a value or a gap within ``[tol, 1e-7]``, an inverse entry
above ``1e4``, an unbounded edge), the first parent of each new basis and the level
sorted by basis key, so it visits the same bases in the same order. Each basis carries
its whole tableau ``B^{-1} [M | I]`` (updated by one rank-one pivot, so an entering
column is read, not computed: ``O(r)`` per edge instead of ``O(r^2)``), and every four
levels the inverse part gets the numpy path's Newton-Schulz refinement and the tableau
is recomputed from it. The roundings therefore differ from the numpy path's (which
multiplies the inverse by each entering column), by about ``1e-12`` on 9x9 polytopes:
not bit for bit, but the vertices, label sets, bases visited and ``delicate`` flag agree,
and rational games are certified from the bases in integers either way
(``tests/test_polytope_compiled.py`` compares both paths on 300 matrices and the exact
equilibria on 200 games, half of them degenerate). The Python driver
(:func:`~.polytope._vertices_compiled`) keeps the per-level budget and deadline checks
and the progress callback.

The kernel is stricter than the numpy path about ties: a ratio or tie-break value
within ``[tol / 100, 1e-7]`` of the best one (a tie, or not, decided within rounding of
the tolerance) also counts as delicate; a polytope that the kernel finds delicate is
then enumerated by the numpy path, so that on every close call the result is the one the
numpy path always gave. (An irrational catalog game, ``extended_deterrence/
audience_costs`` with ``war_cost_determined: E``, has two tie-break values whose true
difference is about 1e-9: the numpy path called it delicate, the kernel's roundings put
it just inside the tolerance and missed 6 of 64 vertices before this rule.)

When is it used? Importing numba and loading the cached kernel costs 0.3-2 s (more on a
loaded machine, and the first compilation on a machine a few seconds): far more than a
small game takes. So the kernel is loaded only when that cost is already paid or will
be repaid: when numba is already imported in this process (QuantEcon, or the compiled
Lemke-Howson kernel, brought it in), or once this process has spent more than
:data:`PAYBACK` seconds of CPU time in float vertex enumeration (a long sweep, a large
game). ``ALLIANCE_GAMES_NO_NUMBA=1`` disables it; :data:`MODE` forces it on or off
(tests).

References
----------
Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra. *Discrete Comput. Geom.* 8, 295-313.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _loading

__all__ = ["kernel", "PAYBACK", "MODE"]

PAYBACK = 2.0
"""CPU seconds of float vertex enumeration after which loading numba pays."""

MODE: bool | None = None
"""``None``: the automatic rule above; ``True``: use the kernel whenever numba imports;
``False``: never (the numpy path)."""

spent = 0.0
"""CPU seconds this process has spent in the numpy BFS (updated by :mod:`.polytope`)."""

_kernel: Any = None
_tried = False


def kernel() -> Any:
    """The compiled kernel module, or ``None`` when it should not (or cannot) be used."""
    global _kernel, _tried
    if _loading.disabled(MODE):
        return None
    if _kernel is not None:
        return _kernel
    if _tried:
        return None
    if _loading.waits(MODE, spent, PAYBACK):
        return None
    _tried = True
    _kernel = _loading.load("_polytope_numba", _warm_up)
    return _kernel


def _warm_up(module: Any) -> None:
    """One level on ``{z >= 0 : 2 z <= 1}`` with the argument types of real calls (compiles
    or loads the cache now, and surfaces a broken numba here)."""
    columns = np.array([[2.0, 1.0]])
    bit = np.array([1, 2], dtype=np.int64)
    table = np.full(16, -1, dtype=np.int64)
    module.insert_all(table, np.array([2], dtype=np.int64))
    tableau = np.ascontiguousarray(columns.T)[None, :, :]
    rhs = np.ones((1, 1))
    frontier = np.array([[1]], dtype=np.int64)
    nonbasic = np.array([[0]], dtype=np.int64)
    if not module.refine(columns, frontier, tableau, rhs):  # pragma: no cover
        raise RuntimeError("the compiled vertex enumeration failed its warm-up")
    out = module.level(frontier, nonbasic, tableau, rhs, np.array([2], dtype=np.int64),
                       bit, table, 1, 1e-9, 1e-7, 1e4)
    if out[0].shape != (1, 1) or abs(out[3][0, 0] - 0.5) > 1e-12:  # pragma: no cover
        raise RuntimeError("the compiled vertex enumeration failed its warm-up")
    module.grow(table)
    coordinates, tight, bases, _ = module.assemble(out[0], out[3], out[1], 1e-9, 1e-7)
    nums, dets, status = module.certify(np.array([[2]], dtype=np.int64),
                                        np.array([1], dtype=np.int64), bases, tight,
                                        np.arange(len(bases), dtype=np.int64))
    if status.any() or nums[-1, 0] != 1 or dets[-1] != 2:  # pragma: no cover
        raise RuntimeError("the compiled vertex certification failed its warm-up")
    coordinates, tight, bases, keys, n_bases, _, status = module.bfs(columns, 1, 1e-9, 1e-7,
                                                                     1e4, 4)
    if status or n_bases != 2 or abs(coordinates[-1, 0] - 0.5) > 1e-12 or \
            keys.tolist() != [1, 2]:  # pragma: no cover
        raise RuntimeError("the compiled vertex enumeration failed its warm-up")
