"""Condensed complementary-pivoting tableaux of the Lemke-Howson algorithm.

The two best-response polytopes of a bimatrix game are kept as condensed tableaux (one
row per basic variable, one column per nonbasic one) in floats (:class:`_FloatTableau`,
lexicographic minimum-ratio test; rounding that revisits a basis raises
:class:`_Cycling`) or in integers (:class:`_ExactTableau`, fraction-free pivoting
after Bareiss). :func:`_integer_matrix` scales a game's rows to integers for the exact
tableaux.

References
----------
Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix games. *J. SIAM*
12(2), 413-423.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.4-3.6.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from ...errors import SolverError
from ...games.normal import NormalFormGame

_TOL = 1e-9


class _Cycling(Exception):
    """Float pivoting revisited a basis (rounding broke the lexicographic rule)."""


# ============================================================================ tableaux
class _FloatTableau:
    """A condensed float tableau: one row per basic variable, one column per nonbasic one.

    Row ``r`` reads ``basic_r + Σ_c T[r, c] nonbasic_c = T[r, -1]`` (the columns of the
    basic variables, an identity, are not stored: half the work per pivot of a full
    tableau). ``basis[r]`` and ``nonbasis[c]`` are labels. ``lex`` are the labels of the
    initial slack basis: their columns in the full tableau hold the basis inverse, which
    the lexicographic ratio test compares (a unit vector while the slack is basic).
    """

    def __init__(self, table: np.ndarray, basis: list[int], nonbasis: list[int],
                 lex: np.ndarray, zobrist: np.ndarray) -> None:
        self.table = table
        self.basis = basis
        self.nonbasis = nonbasis
        self.lex = lex
        self.row_of = {label: r for r, label in enumerate(basis)}
        self.col_of = {label: c for c, label in enumerate(nonbasis)}
        self._buffer = np.empty_like(table)
        # Zobrist hash of the basis (XOR of one random word per basic label), updated in
        # O(1) per pivot: cycle detection without hashing the whole basis every pivot
        self.zobrist = zobrist
        self.key = 0
        for label in basis:
            self.key ^= int(zobrist[label])

    def copy(self) -> _FloatTableau:
        return _FloatTableau(self.table.copy(), list(self.basis), list(self.nonbasis),
                             self.lex, self.zobrist)

    def is_basic(self, label: int) -> bool:
        return label in self.row_of

    def _lex_column(self, label: int, rows: np.ndarray) -> np.ndarray:
        c = self.col_of.get(label)
        if c is not None:
            return self.table[rows, c]
        return (rows == self.row_of[label]).astype(float)

    def enter(self, label: int) -> int:
        """Pivot ``label`` into the basis (lexicographic minimum ratio); return the leaver."""
        t = self.table
        c = self.col_of[label]
        col = t[:, c].copy()
        rows = np.flatnonzero(col > _TOL)
        if rows.size == 0:
            raise _Cycling("unbounded edge: only possible through rounding")
        ratio = t[rows, -1] / col[rows]
        best = ratio.min()
        rows = rows[ratio <= best + _TOL * max(1.0, abs(best))]
        k = 0
        while rows.size > 1 and k < self.lex.size:
            values = self._lex_column(int(self.lex[k]), rows) / col[rows]
            rows = rows[values <= values.min() + _TOL]
            k += 1
        r = int(rows[0])
        p = col[r]
        pivot_row = t[r] / p
        pivot_row[c] = 1.0 / p
        np.multiply(col[:, None], pivot_row, out=self._buffer)
        t -= self._buffer
        t[:, c] = col / -p
        t[r] = pivot_row
        leaving = self.basis[r]
        self.basis[r] = label
        self.nonbasis[c] = leaving
        del self.row_of[leaving]
        self.row_of[label] = r
        del self.col_of[label]
        self.col_of[leaving] = c
        self.key ^= int(self.zobrist[leaving]) ^ int(self.zobrist[label])
        return leaving

    def values(self) -> dict[int, float]:
        """Basic label -> value of its variable."""
        return {label: float(self.table[r, -1]) for r, label in enumerate(self.basis)}


class _ExactTableau:
    """The same tableau in integers: ``T / det`` with a common positive ``det``.

    Pivoting is fraction-free (``T'_ij = (T_ij T_pe - T_ie T_pj) / det``, an exact
    division; Edmonds 1967, as in lrs), so every ratio comparison is exact.
    """

    def __init__(self, rows: list[list[int]], det: int, basis: list[int], lex: list[int]
                 ) -> None:
        self.rows = rows
        self.det = det
        self.basis = basis
        self.lex = lex
        self.row_of = {label: r for r, label in enumerate(basis)}

    def copy(self) -> _ExactTableau:
        return _ExactTableau([list(r) for r in self.rows], self.det, list(self.basis),
                             self.lex)

    def is_basic(self, label: int) -> bool:
        return label in self.row_of

    def _less(self, a: int, b: int, e: int) -> bool:
        """Row ``a`` lexicographically below row ``b``, both divided by their column ``e``."""
        ra, rb = self.rows[a], self.rows[b]
        pa, pb = ra[e], rb[e]
        for c in (-1, *self.lex):
            lhs, rhs = ra[c] * pb, rb[c] * pa
            if lhs != rhs:
                return lhs < rhs
        return False

    def enter(self, label: int) -> int:
        best = -1
        for i, row in enumerate(self.rows):
            if row[label] > 0 and (best < 0 or self._less(i, best, label)):
                best = i
        if best < 0:  # pragma: no cover - the polytopes are bounded
            raise SolverError("Lemke–Howson met an unbounded edge (a bug)")
        prow = self.rows[best]
        piv = prow[label]
        det = self.det
        for i, row in enumerate(self.rows):
            if i != best:
                f = row[label]
                if f:
                    self.rows[i] = [(a * piv - f * b) // det for a, b in zip(row, prow,
                                                                          strict=True)]
                else:
                    self.rows[i] = [a * piv // det for a in row]
        self.det = piv
        leaving = self.basis[best]
        self.basis[best] = label
        del self.row_of[leaving]
        self.row_of[label] = best
        return leaving

    def values(self) -> dict[int, Fraction]:
        return {label: Fraction(self.rows[r][-1], self.det) for r, label in enumerate(self.basis)}


@functools.lru_cache(maxsize=32)
def _zobrist_words(labels: int) -> np.ndarray:
    """One random 63-bit word per label and tableau (fixed seed; read-only, shared)."""
    words = np.random.default_rng(0).integers(1, 2**63, size=(2, labels))
    words.flags.writeable = False
    return words


def _start_tables(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The condensed tables of ``P`` (``n`` rows ``s_j``, columns ``x_i``: ``[B^T | 1]``)
    and ``Q`` (``m`` rows ``r_i``, columns ``y_j``: ``[A | 1]``) at the artificial
    equilibrium, for payoffs ``a``, ``b`` already mapped onto ``[1, 2]``."""
    m, n = a.shape
    tp = np.empty((n, m + 1))
    tp[:, :m] = b.T
    tp[:, -1] = 1.0
    tq = np.empty((m, n + 1))
    tq[:, :n] = a
    tq[:, -1] = 1.0
    return tp, tq


def _float_tableaux(a: np.ndarray, b: np.ndarray,
                    tables: tuple[np.ndarray, np.ndarray] | None = None
                    ) -> tuple[_FloatTableau, _FloatTableau]:
    """``P`` and ``Q`` (:func:`_start_tables`), condensed, at the artificial equilibrium
    (``tables``: those tables precomputed; they are copied, not changed)."""
    m, n = a.shape
    tp, tq = _start_tables(a, b) if tables is None else (tables[0].copy(),
                                                          tables[1].copy())
    words = _zobrist_words(m + n)
    return (_FloatTableau(tp, list(range(m, m + n)), list(range(m)), np.arange(m, m + n),
                          words[0]),
            _FloatTableau(tq, list(range(m)), list(range(m, m + n)), np.arange(m),
                          words[1]))


def _exact_tableaux(ints_a: list[list[int]], span_a: int, ints_b: list[list[int]],
                    span_b: int) -> tuple[_ExactTableau, _ExactTableau]:
    """Integer twins of :func:`_float_tableaux`.

    Row ``j`` of ``P`` is ``B[:, j]^T x = 1`` times ``span`` with the slack scaled to
    ``s'_j = span s_j``: ``Σ_i ints[i][j] x_i + s'_j = span``, an integer tableau whose
    slack columns are the identity, so fraction-free pivoting starts from ``det = 1``
    (every later entry is then a minor, and every division exact). Scaling a variable or
    the right-hand side by a positive constant changes neither the basic solutions' signs
    nor the lexicographic order of the rows.
    """
    m, n = len(ints_a), len(ints_a[0])
    rows_p = []
    for j in range(n):
        row = [ints_b[i][j] for i in range(m)] + [0] * n + [span_b]
        row[m + j] = 1
        rows_p.append(row)
    rows_q = []
    for i in range(m):
        row = [0] * m + list(ints_a[i]) + [span_a]
        row[i] = 1
        rows_q.append(row)
    return (_ExactTableau(rows_p, 1, list(range(m, m + n)), list(range(m, m + n))),
            _ExactTableau(rows_q, 1, list(range(m)), list(range(m))))


# ============================================================================ integer rows
def _integer_matrix(game: NormalFormGame, player: int) -> tuple[list[list[int]], int]:
    """Player's payoffs mapped onto ``[1, 2]`` as ``ints / span`` (the float tableau's map).

    ``ints[i][j] = L a_ij - lo + span`` with ``L`` the lcm of the denominators and ``lo``,
    ``hi`` the extremes of ``L a``, ``span = hi - lo`` (1 and all ones for a constant
    matrix), exactly :func:`~._rational.normalized_integer_rows` without its row layout.
    """
    src = game.exact_payoffs[player]  # type: ignore[index]
    scale = math.lcm(*{int(v.denominator) for v in src.flat})
    ints = [[int(v.numerator) * (scale // int(v.denominator)) for v in row] for row in src]
    lo = min(min(row) for row in ints)
    hi = max(max(row) for row in ints)
    if hi == lo:
        return [[1] * len(row) for row in ints], 1
    span = hi - lo
    return [[v - lo + span for v in row] for row in ints], span


def _integer_block(src: np.ndarray, rows: list[int], cols: list[int] | None
                   ) -> tuple[list[list[int]], int]:
    """``src[rows, cols]`` (Fractions; all columns when ``cols`` is None) as integers over
    the lcm of their denominators: ``(ints, L)`` with ``src = ints / L``."""
    block = src[rows] if cols is None else src[np.ix_(rows, cols)]
    scale = math.lcm(*{int(v.denominator) for v in block.flat}) if block.size else 1
    return [[int(v.numerator) * (scale // int(v.denominator)) for v in row]
            for row in block], scale
