"""The vertex list of a polytope ``{z >= 0 : M z <= 1}``: coordinates, tight labels, bases.

The record both vertex enumerations of :mod:`.polytope` return (floats with a
``delicate`` flag, or exact rationals), so callers can switch between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

__all__ = ["PolytopeVertices"]


@dataclass(frozen=True, eq=False)
class PolytopeVertices:
    """The vertices of ``{z >= 0 : M z <= 1}`` and their tight constraints.

    Attributes
    ----------
    coordinates
        ``(V, d)`` float array, one vertex per row.
    tight
        ``(V, k)`` bool array: ``tight[v, i]`` iff variable ``w_i`` is 0 at vertex ``v``
        (``i < d``: ``z_i = 0``; ``i >= d``: row ``i - d`` of ``M z <= 1`` is tight).
    bases
        ``(V, r)`` int array: one basis (basic variables) of each vertex.
    exact_coordinates
        Per vertex, the exact coordinates (only from :func:`vertices_exact`).
    n_bases
        Number of lexico-feasible bases visited.
    complete
        False when the deadline or the memory budget stopped the search.
    delicate
        True when some float decision fell inside the safety margin.
    stopped
        The budget's message when a limit stopped the search, else ``None``.
    keys
        Each vertex's ``tight`` row as an integer bitmask (bit ``i`` for column ``i``),
        when the enumeration computed them (the compiled one-call path); else ``None``.
    """

    coordinates: np.ndarray
    tight: np.ndarray
    bases: np.ndarray
    exact_coordinates: tuple[tuple[Fraction, ...], ...] | None
    n_bases: int
    complete: bool
    delicate: bool
    stopped: str | None = None
    keys: list[int] | None = None

    @cached_property
    def degenerate(self) -> bool:
        """True when some vertex has more than ``d`` tight constraints."""
        d = self.coordinates.shape[1]
        if self.keys is not None:
            return any(key.bit_count() > d for key in self.keys)
        return bool(np.any(self.tight.sum(axis=1) > d))
