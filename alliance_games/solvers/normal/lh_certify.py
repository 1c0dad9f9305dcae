"""Exact certification of a Lemke-Howson end point.

A completely labelled basis pair of the two tableaux determines each player's support
and the opponent's tight (best-reply) strategies; solving the indifference equations on
them in integers (fraction-free) and checking every best-response condition exactly
proves the pair a Nash equilibrium without evaluating the whole game (von Stengel 2002).

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.4-3.6.
"""

from __future__ import annotations

import operator
from fractions import Fraction

import numpy as np

from ...games.normal import NormalFormGame
from ..kernels.rational import solve_integer
from .lh_tableaux import _integer_block

_DENOMINATOR = operator.attrgetter("denominator")


def _support_ints(payoff: np.ndarray, floats: np.ndarray, support: list[int]
                  ) -> list[list[int]]:
    """Rows ``support`` of ``payoff`` (Fractions) as integers over one positive lcm.

    When every entry of those rows is an integer of magnitude below ``2**53`` (integer
    games, the common case), the float payoffs hold them exactly and are read at numpy
    speed; otherwise the Fractions are scaled by the lcm of their denominators. Scaling
    a payoff matrix by a positive constant changes neither the solution of the
    indifference system nor any best-response comparison.
    """
    block = payoff[support]
    if set(map(_DENOMINATOR, block.flat)) <= {1}:
        fl = floats[support]
        if fl.size == 0 or float(np.abs(fl).max()) < 2.0**53:
            return fl.astype(np.int64).tolist()
    return _integer_block(payoff, support, None)[0]


def _exact_strategy(
    payoff: np.ndarray, support: list[int], tight: list[int],
    floats: np.ndarray | None = None,
) -> tuple[Fraction, ...] | None:
    """The mix on ``support`` that makes the opponent's ``tight`` strategies indifferent.

    ``payoff[s, t]`` is the *opponent's* payoff when this player plays ``s`` and the
    opponent ``t`` (exact Fractions; ``floats`` the same in floats, for integer games).
    Solves the indifference system ``Σ_{s ∈ support} payoff[s, t] p_s = w``
    (``t ∈ tight``), ``Σ p_s = 1`` in integers, then checks exactly that ``p >= 0`` and
    that no strategy of the opponent earns more than ``w`` (so every tight strategy is a
    best response). ``None`` when the system is not square, is singular or any check
    fails.
    """
    k = len(support)
    if k == 0 or len(tight) != k:
        return None
    if floats is None:
        ints, _ = _integer_block(payoff, support, None)  # (k, n_opponent) over one lcm
    else:
        ints = _support_ints(payoff, floats, support)
    matrix = [[ints[a][t] for a in range(k)] + [-1] for t in tight]
    matrix.append([1] * k + [0])
    solved = solve_integer(matrix, [0] * k + [1])
    if solved is None:
        return None
    numerators, det = solved
    p, w = numerators[:k], numerators[k]
    if any(v < 0 for v in p):
        return None
    totals = [0] * len(ints[0])
    for a in range(k):
        if p[a]:
            pa = p[a]
            totals = [x + pa * y for x, y in zip(totals, ints[a], strict=True)]
    if max(totals) > w:
        return None
    out = [Fraction(0)] * payoff.shape[0]
    for s, v in zip(support, p, strict=True):
        out[s] = Fraction(v, det)
    return tuple(out)


def _certify(
    game: NormalFormGame, basis_p: tuple[int, ...], basis_q: tuple[int, ...]
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None:
    """The exact equilibrium of a completely labelled basis pair, or ``None``.

    ``x`` lives on ``I`` (the basic ``x_i`` in ``P``) and makes the column player
    indifferent over the tight columns (``s_j`` nonbasic); ``y`` likewise. Both systems
    are solved exactly and every best-response condition is checked exactly. As the pair
    is completely labelled, ``I`` is inside the row player's tight (best-response) rows and
    ``y``'s support inside the tight columns, so the checks prove a Nash equilibrium: the
    exact regret is 0 without evaluating the whole game.
    """
    m, n = game.shape
    in_p, in_q = set(basis_p), set(basis_q)
    if any(label in in_p and label in in_q for label in range(m + n)):
        return None  # not completely labelled
    a, b = game.bimatrix(exact=True)
    fa, fb = game.bimatrix()
    x = _exact_strategy(b, sorted(v for v in in_p if v < m),
                        [j for j in range(n) if m + j not in in_p], fb)
    if x is None:
        return None
    y = _exact_strategy(a.T, sorted(v - m for v in in_q if v >= m),
                        [i for i in range(m) if i not in in_q], fa.T)
    if y is None:
        return None
    return x, y
