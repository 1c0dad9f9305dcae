"""The sequence form of an extensive-form game with perfect recall.

A *realization plan* of player ``i`` gives each sequence ``s`` (the empty sequence, or an
information set of ``i`` and an action there) the probability ``x(s)`` that ``i``'s own
moves follow ``s``. Realization plans are exactly the solutions of

.. math::

    x \\ge 0, \\qquad E x = e, \\qquad
    E = \\begin{pmatrix} 1 & 0 \\\\ -1 \\text{ at } \\sigma_h & 1 \\text{ at } \\sigma_h a
    \\end{pmatrix},\\ e = (1, 0, \\dots, 0)^\\top,

one row for the empty sequence (``x(\\emptyset) = 1``) and one per information set ``h``
(``sum_a x(\\sigma_h a) = x(\\sigma_h)``, where ``\\sigma_h`` is the sequence leading to
``h``). With two players the expected payoffs are bilinear, ``x^T A y`` and ``x^T B y``,
where ``A[s, t]`` sums ``c(z) u_1(z)`` over terminal nodes ``z`` whose sequences are
``(s, t)`` and ``c(z)`` is the chance probability of ``z``. Both matrices have at most one
entry per terminal node, so the sequence form is linear in the size of the tree
(Koller, Megiddo & von Stengel 1996; von Stengel 1996), unlike the reduced normal form.

Behavior strategies are recovered by ``b(h)(a) = x(\\sigma_h a) / x(\\sigma_h)`` where
``x(\\sigma_h) > 0``.

References
----------
D. Koller, N. Megiddo & B. von Stengel, "Efficient computation of equilibria for extensive
two-person games", *Games and Economic Behavior* 14, 1996, pp. 247-259.
B. von Stengel, "Efficient computation of behavior strategies", *Games and Economic
Behavior* 14, 1996, pp. 220-246.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError
from .reduced import chance_reach

if TYPE_CHECKING:
    import scipy.sparse as sp

    from .extensive import ExtensiveFormGame

__all__ = ["CooMatrix", "SequenceForm", "sequence_form", "constraint_matrix",
           "constraint_entries", "plan_to_behavior"]


# The matrices of the sequence form are kept as plain coordinate lists, and scipy.sparse is
# imported only when a caller asks for a scipy matrix: importing scipy.sparse (and the
# scipy.linalg it pulls in) costs about 0.2 s, more than a whole ``solve`` of a small
# catalog tree (issue 13, goal 6), and a small tree's Lemke path runs on dense arrays
# (solvers/tree/lemke_pivot.py).
@dataclass(frozen=True, eq=False)
class CooMatrix:
    """A sparse matrix as coordinate lists, sorted by row then column, no duplicates.

    ``row[k], col[k], data[k]`` is the ``k``-th stored entry. :meth:`matvec` and
    :meth:`rmatvec` add the products in the order scipy's CSR and CSC kernels do (entries
    of a row by increasing column; of a column by increasing row), so the floats are the
    ones ``A @ x`` and ``A.T @ x`` give on the scipy matrix.
    """

    row: np.ndarray
    col: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def from_entries(cls, row: Any, col: Any, data: Any, shape: tuple[int, int]
                     ) -> CooMatrix:
        """Sort entries given in any order (their coordinates must be distinct)."""
        r = np.asarray(row, dtype=np.int64)
        c = np.asarray(col, dtype=np.int64)
        v = np.asarray(data, dtype=float)
        order = np.lexsort((c, r))
        return cls(r[order], c[order], v[order], (int(shape[0]), int(shape[1])))

    def toarray(self) -> np.ndarray:
        """The dense array."""
        out = np.zeros(self.shape)
        out[self.row, self.col] = self.data
        return out

    def tocsr(self) -> sp.csr_matrix:
        """The scipy CSR matrix (imports scipy.sparse)."""
        import scipy.sparse as sp

        return sp.csr_matrix((self.data, (self.row, self.col)), shape=self.shape)

    def matvec(self, x: np.ndarray) -> np.ndarray:
        """``A x``: per row, the products summed by increasing column."""
        return np.bincount(self.row, weights=self.data * x[self.col],
                           minlength=self.shape[0])

    def rmatvec(self, x: np.ndarray) -> np.ndarray:
        """``A^T x``: per column, the products summed by increasing row."""
        return np.bincount(self.col, weights=self.data * x[self.row],
                           minlength=self.shape[1])

    def row_entries(self, r: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns and values of row ``r``, by increasing column."""
        lo, hi = np.searchsorted(self.row, [r, r + 1])
        return self.col[lo:hi], self.data[lo:hi]

    def col_entries(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and values of column ``c``, by increasing row."""
        order, starts = self._by_col
        idx = order[starts[c]:starts[c + 1]]
        return self.row[idx], self.data[idx]

    @cached_property
    def _by_col(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.lexsort((self.row, self.col))
        starts = np.searchsorted(self.col[order], np.arange(self.shape[1] + 1))
        return order, starts


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a perfect-recall game.

    Attributes
    ----------
    game
        The extensive-form game.
    constraint_coo
        Per player ``E_i`` (coordinate lists, rows: empty sequence then each information
        set in ``game.player_infosets[i]`` order; columns: the player's sequences);
        :attr:`constraints` gives them as scipy CSR matrices.
    payoff_entries
        ``(s_1, ..., s_n) -> (sum of c(z) u_i(z) per player)`` over terminal nodes with those
        sequences (exact Fractions when the game is exact, else floats).
    """

    game: ExtensiveFormGame
    constraint_coo: tuple[CooMatrix, ...]
    payoff_entries: Mapping[tuple[int, ...], tuple[Any, ...]]
    exact: bool

    @cached_property
    def constraints(self) -> tuple[sp.csr_matrix, ...]:
        """Per player ``E_i`` as a scipy CSR matrix (imports scipy.sparse; the solvers
        read :attr:`constraint_coo`)."""
        return tuple(E.tocsr() for E in self.constraint_coo)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of sequences per player."""
        return tuple(E.shape[1] for E in self.constraint_coo)

    def rhs(self, player: int) -> np.ndarray:
        """The right-hand side ``e`` of player ``player``'s constraints."""
        e = np.zeros(self.constraint_coo[player].shape[0])
        e[0] = 1.0
        return e

    def payoff_matrices(self, *, shift: Sequence[float] | None = None) -> tuple[sp.csr_matrix, ...]:
        """The sparse float matrices ``(A, B)`` of a 2-player game.

        ``shift[i]`` is subtracted from every terminal payoff of player ``i`` (weighted by
        the chance probability of the terminal node), which adds a constant to every
        realization-plan payoff and leaves equilibria unchanged.
        """
        if self.game.n_players != 2:
            raise GameError("payoff matrices need a 2-player game")
        n1, n2 = self.sizes
        keys = list(self.payoff_entries)
        rows = np.fromiter((k[0] for k in keys), dtype=np.int64, count=len(keys))
        cols = np.fromiter((k[1] for k in keys), dtype=np.int64, count=len(keys))
        import scipy.sparse as sp

        out = []
        for i in range(2):
            vals = np.fromiter((float(self.payoff_entries[k][i]) for k in keys), dtype=float,
                               count=len(keys))
            if shift is not None:
                weights = self._chance_weights(keys)
                vals = vals - shift[i] * weights
            out.append(sp.csr_matrix((vals, (rows, cols)), shape=(n1, n2)))
        return tuple(out)

    def exact_entries(self, *, shift: Sequence[Fraction] | None = None
                      ) -> dict[tuple[int, ...], tuple[Fraction, ...]]:
        """Exact payoff entries (optionally shifted like :meth:`payoff_matrices`)."""
        if not self.exact:
            raise GameError("exact sequence form impossible: some number is irrational")
        if shift is None:
            return dict(self.payoff_entries)
        weights = self._exact_weights
        return {
            k: tuple(v[i] - shift[i] * weights[k] for i in range(len(v)))
            for k, v in self.payoff_entries.items()
        }

    def _chance_weights(self, keys: list[tuple[int, ...]]) -> np.ndarray:
        w = self._exact_weights if self.exact else self._float_weights
        return np.fromiter((float(w[k]) for k in keys), dtype=float, count=len(keys))

    @property
    def _float_weights(self) -> dict[tuple[int, ...], float]:
        return _weights(self.game, exact=False)

    @property
    def _exact_weights(self) -> dict[tuple[int, ...], Fraction]:
        return _weights(self.game, exact=True)


def _weights(game: ExtensiveFormGame, exact: bool) -> dict[tuple[int, ...], Any]:
    """Sum of chance probabilities of the terminal nodes per sequence tuple."""
    reach = chance_reach(game, exact)
    out: dict[tuple[int, ...], Any] = {}
    for z in game.terminals:
        key = tuple(game.node_sequences[i][z] for i in range(game.n_players))
        out[key] = out.get(key, 0) + reach[z]
    return out


def constraint_matrix(game: ExtensiveFormGame, player: int) -> sp.csr_matrix:
    """The sparse matrix ``E`` of player ``player``'s realization-plan constraints
    (scipy CSR; imports scipy.sparse)."""
    return constraint_entries(game, player).tocsr()


def constraint_entries(game: ExtensiveFormGame, player: int) -> CooMatrix:
    """The matrix ``E`` of player ``player``'s realization-plan constraints, as
    coordinate lists."""
    hs = game.player_infosets[player]
    n_seq = len(game.sequences[player])
    rows, cols, vals = [0], [0], [1.0]
    for r, h in enumerate(hs, start=1):
        rows.append(r)
        cols.append(game.parent_sequence[h])
        vals.append(-1.0)
        for a in range(len(game.infosets[h].actions)):
            rows.append(r)
            cols.append(game.sequence_number(h, a))
            vals.append(1.0)
    return CooMatrix.from_entries(rows, cols, vals, (1 + len(hs), n_seq))


def sequence_form(game: ExtensiveFormGame) -> SequenceForm:
    """Compute the sequence form of a perfect-recall game (linear in the tree size)."""
    game.check_perfect_recall()
    exact = game.is_exact
    reach = chance_reach(game, exact)
    n = game.n_players
    entries: dict[tuple[int, ...], list[Any]] = {}
    zero: Any = Fraction(0) if exact else 0.0
    for z in game.terminals:
        c = reach[z]
        if c == 0:
            continue
        node = game.nodes[z]
        pay = node.exact_payoffs if exact else node.payoffs
        key = tuple(game.node_sequences[i][z] for i in range(n))
        acc = entries.setdefault(key, [zero] * n)
        for i in range(n):
            acc[i] += c * pay[i]  # type: ignore[index]
    return SequenceForm(
        game=game,
        constraint_coo=tuple(constraint_entries(game, i) for i in range(n)),
        payoff_entries={k: tuple(v) for k, v in entries.items()},
        exact=exact,
    )


def plan_to_behavior(
    game: ExtensiveFormGame, player: int, plan: Sequence[Any], *, exact: bool = False,
    tol: float = 1e-12,
) -> list[tuple[Any, ...] | None]:
    """Behavior at each information set of ``player`` from a realization plan.

    Returns a list indexed like ``game.player_infosets[player]``; an entry is ``None`` when
    the plan reaches the set with probability 0 (behavior there is not determined).
    """
    out: list[tuple[Any, ...] | None] = []
    for h in game.player_infosets[player]:
        parent = plan[game.parent_sequence[h]]
        k = len(game.infosets[h].actions)
        vals = [plan[game.sequence_number(h, a)] for a in range(k)]
        if exact:
            total = sum(vals, Fraction(0))
            if parent == 0 or total == 0:
                out.append(None)
            else:
                out.append(tuple(Fraction(v) / total for v in vals))
        else:
            vals = [max(float(v), 0.0) for v in vals]
            total = sum(vals)
            if float(parent) <= tol or total <= tol:
                out.append(None)
            else:
                out.append(tuple(v / total for v in vals))
    return out
