"""Vectorised sweeps of the ``repeated`` family (a symmetric 2x2 stage game repeated with
discount factor ``δ``): grim-trigger and tit-for-tat thresholds over a whole grid.

With stage payoffs T (defect against a cooperator), R (both cooperate), P (both defect)
and S (cooperate against a defector), all distinct, :func:`~alliance_games.solvers.
repeated.strategies.solve_repeated` lists:

- the pure stage equilibria played forever: (C, C) when R > T, (D, D) when P > S, and
  both exploitation profiles (C, D), (D, C) when S > P and T > R;
- the grim-trigger cooperative equilibrium when ``δ ≥ δ* > 0``, with
  ``δ* = (D - R)/(D - p)``, ``D = max(R, T)`` the best deviation and ``p`` the worst pure
  stage-equilibrium payoff (``δ* = 0`` when T < R: nothing to deter; no threshold when
  ``p ≥ R``); in a prisoner's dilemma ``δ* = (T - R)/(T - P)`` (Friedman 1971);
- tit-for-tat against itself when T > R > P > S and
  ``δ ≥ max{(T - R)/(T - P), (T - R)/(R - S)}`` (Axelrod 1984, Proposition 2);

so the region boundaries are the orderings of T, R, P, S and the lines ``δ = δ*`` and
``δ = δ_TFT``. The best reply to tit-for-tat is the largest of ``R/(1-δ)`` (always
cooperate), ``T + δP/(1-δ)`` (always defect) and ``(T + δS)/(1-δ²)`` (alternate), ties
going to always cooperate and then to the first listed. The minmax value of each player
is the stage game's mixed minmax: where one action strictly dominates (D: T > R and
P > S; C: R > T and S > P) it is the dominant row's least payoff, ``min(T, P)`` or
``min(R, S)``, attained by pure strategies on both sides; in stage games without a
dominant action (stag hunts, chickens) it is the solver's own linear program and
certificate (:func:`stage_minmax`), run once per distinct stage game (a sweep of δ, or
of one payoff, has few). Ties between payoffs, a finite horizon or a punishment profile
keep the per-point path.

:func:`classify` decides every point's equilibrium set with numpy; each point's row is
then computed exactly in Fractions (thresholds, δ and the payoffs are exact columns),
and the exact decision must agree with the float one, else the point is solved.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..games.classify import classify_2x2
from ..solvers.repeated.margins import ALTERNATE, ALWAYS_C, ALWAYS_D

__all__ = ["classify", "extract", "valid", "point_record"]

#: relative gap below which two numbers count as tied in floats (decided exactly)
TIE = 1e-9
#: a point the vectorised path does not handle (the per-point path solves it)
UNSUPPORTED = -2
#: a point whose float decision is too close to a boundary (decided in Fractions)
EXACT = -1
GRIM, TFT, STAGE_CC, STAGE_DD, STAGE_EXPLOIT = 1, 2, 4, 8, 16

Row = tuple[int, bool, str, str, dict[str, tuple[float, float]],
            dict[str, tuple[Fraction, Fraction]], Any, Any]


def extract(game: Any) -> tuple[Any, tuple[Fraction, ...]] | None:
    """``(structure, (T, R, P, S, δ))`` of a symmetric 2x2 repeated stage game with
    rational payoffs, a discount factor, labelled outcomes and no horizon or punishment
    profile; None for any other game."""
    settings = getattr(game, "repeated", None)
    u = getattr(game, "exact_payoffs", None)
    if (settings is None or u is None or getattr(game, "shape", None) != (2, 2)
            or set(settings) != {"discount_factor", "cooperate"}
            or getattr(game, "linear_public_good", None) is not None):
        return None
    delta = settings["discount_factor"]
    if not isinstance(delta, Fraction):
        return None
    if settings["cooperate"] != game.strategies[0][0] or game.strategies[0] != game.strategies[1]:
        return None
    R, S, T, P = u[0, 0, 0], u[0, 0, 1], u[0, 1, 0], u[0, 1, 1]
    if (u[1, 0, 0], u[1, 1, 0], u[1, 0, 1], u[1, 1, 1]) != (R, S, T, P):
        return None
    outcomes = tuple(game.outcomes.get(p) for p in itertools.product((0, 1), repeat=2))
    if None in outcomes or outcomes[1] != outcomes[2] or len(set(outcomes)) != 3:
        return None
    structure = (tuple(game.players), tuple(game.strategies[0]), outcomes)
    return structure, tuple(Fraction(v) for v in (T, R, P, S, delta))


def valid(structure: Any, data: Sequence[Fraction]) -> bool:
    """The compiler's check ``0 ≤ δ < 1`` (other points are error rows)."""
    return 0 <= data[4] < 1


def classify(structure: Any, floats: Sequence[np.ndarray]) -> np.ndarray:
    """Every point's equilibrium set as a code (sum of ``GRIM``, ``TFT`` and the stage
    equilibria), ``EXACT`` near a boundary, ``UNSUPPORTED`` where the per-point path must
    solve (see the module docstring)."""
    T, R, P, S, delta = (np.asarray(v, dtype=float) for v in floats)
    T, R, P, S, delta = np.broadcast_arrays(T, R, P, S, delta)
    values = (T, R, P, S)
    finite = np.isfinite(np.stack(values)).all(axis=0) & np.isfinite(delta)
    distinct = finite.copy()
    for x, y in itertools.combinations(values, 2):
        distinct &= np.abs(x - y) > TIE * np.maximum(1.0, np.maximum(np.abs(x), np.abs(y)))
    cc, dd = R > T, P > S
    exploit = (S > P) & (T > R)
    dominant = ((T > R) & (P > S)) | ((R > T) & (S > P))
    inf = np.inf
    punish = np.minimum(np.minimum(np.where(cc, R, inf), np.where(exploit, np.minimum(S, T),
                                                                   inf)),
                        np.where(dd, P, inf))
    dev = np.maximum(R, T)
    critical = np.where(dev <= R, 0.0, np.where(punish >= R, np.nan, (dev - R) / (dev - punish)))
    grim = (delta >= critical) & (critical > 0)
    pd = (T > R) & (R > P) & (P > S)
    tft_threshold = np.where(pd, np.maximum((T - R) / (T - P), (T - R) / (R - S)), np.nan)
    tft = pd & (delta >= tft_threshold)
    code = (GRIM * grim + TFT * tft + STAGE_CC * cc + STAGE_DD * dd
            + STAGE_EXPLOIT * exploit).astype(np.int64)
    near = np.zeros(code.shape, dtype=bool)
    for line in (critical, tft_threshold):
        near |= np.abs(delta - line) <= TIE  # nan (no line) compares False
    # the best reply to tit-for-tat: a near-tie of its candidates is decided exactly too
    replies = np.stack([R / (1 - delta), T + delta * P / (1 - delta),
                        (T + delta * S) / (1 - delta * delta)])
    top = np.sort(replies, axis=0)
    near |= top[-1] - top[-2] <= TIE * np.maximum(1.0, np.abs(top[-1]))
    code = np.where(near, EXACT, code)
    del dominant  # stage games without a dominant action: minmax per distinct stage game
    return np.where(distinct & (delta >= 0) & (delta < 1), code, UNSUPPORTED)


def _code(T: Fraction, R: Fraction, P: Fraction, S: Fraction, delta: Fraction,
          critical: Fraction | None, tft: Fraction | None) -> int:
    grim = critical is not None and delta >= critical and critical > 0
    return (GRIM * grim + TFT * (tft is not None and delta >= tft) + STAGE_CC * (R > T)
            + STAGE_DD * (P > S) + STAGE_EXPLOIT * (S > P and T > R))


@functools.lru_cache(maxsize=65536)
def stage_minmax(players: tuple[str, ...], actions: tuple[str, ...], T: Fraction,
                 R: Fraction, P: Fraction, S: Fraction) -> tuple[Any, ...]:
    """Each player's mixed minmax value in the symmetric stage game (T, R, P, S), by the
    solver's own linear program and certificate
    (:func:`~alliance_games.solvers.repeated.values.minmax_value`), once per distinct
    stage game: a stag hunt or a chicken has no dominant action, and its minmax (a mixed
    punishment) is the linear program's, exact where the solver certifies it."""
    from ..games.normal import NormalFormGame
    from ..solvers.repeated.values import minmax_value

    u = np.empty((2, 2, 2), dtype=object)
    for (a, b), (mine, theirs) in {(0, 0): (R, R), (0, 1): (S, T), (1, 0): (T, S),
                                   (1, 1): (P, P)}.items():
        u[0, a, b], u[1, a, b] = mine, theirs
    game = NormalFormGame.from_payoff_array(u, players=players,
                                            strategies=[actions, actions])
    return tuple(minmax_value(game, i, exact=True).value for i in range(2))


def point_record(structure: Any, data: Sequence[Fraction], case: int,
                 make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]]
                 ) -> Row | None:
    """The sweep row of one point, exactly as the per-point path reports it; None where
    the point is unsupported or the exact decision disagrees with ``case``."""
    if case == UNSUPPORTED:
        return None
    players, actions, (label_cc, label_ex, _, label_dd) = structure
    T, R, P, S, delta = data
    # each player's grim-trigger threshold (the game is symmetric: one for both)
    stage = {(0, 0): R > T, (0, 1): S > P and T > R, (1, 0): S > P and T > R,
             (1, 1): P > S}
    own = {(0, 0): R, (0, 1): S, (1, 0): T, (1, 1): P}
    punish = min(own[p] for p, ok in stage.items() if ok)
    deviation = max(R, T)
    critical: Fraction | None
    if deviation <= R:
        critical = 0 * R
    elif punish >= R:
        critical = None
    else:
        critical = (deviation - R) / (deviation - punish)
    tft = max((T - R) / (T - P), (T - R) / (R - S)) if T > R > P > S else None
    code = _code(T, R, P, S, delta, critical, tft)
    if case != EXACT and code != case:
        return None
    minmax: dict[str, Any]
    if T > R and P > S:
        minmax = {p: min(T, P) for p in players}
    elif R > T and S > P:
        minmax = {p: min(R, S) for p in players}
    else:
        minmax = dict(zip(players, stage_minmax(players, actions, T, R, P, S), strict=True))
    extra: dict[str, Any] = {
        "cooperative_profile": {p: actions[0] for p in players},
        "discount_factor": delta,
        "critical_discount_factor": critical,
        "stage_payoffs": {"T": T, "R": R, "P": P, "S": S},
    }
    if tft is not None:
        extra["tit_for_tat_threshold"] = tft
    replies = {
        ALWAYS_C: R / (1 - delta),
        ALWAYS_D: T + delta * P / (1 - delta),
        ALTERNATE: (T + delta * S) / (1 - delta * delta),
    }
    extra["tit_for_tat_best_reply"] = {
        "best_reply": max(replies, key=lambda k: (replies[k], k == ALWAYS_C))}
    extra["minmax"] = minmax
    figures, exact = make_analysis(extra)
    # the equilibria's outcomes: the cooperative ones reach mutual cooperation
    reached = [label_cc] * ((code & GRIM) // GRIM + (code & TFT) // TFT)
    labels = {(0, 0): label_cc, (0, 1): label_ex, (1, 0): label_ex, (1, 1): label_dd}
    reached += [labels[p] for p, ok in stage.items() if ok]
    counts: dict[str, int] = {}
    for label in reached:
        counts[label] = counts.get(label, 0) + 1
    regime = " | ".join(k if v == 1 else f"{k} x{v}" for k, v in sorted(counts.items()))
    one, zero = Fraction(1), Fraction(0)
    outcomes, exact_outcomes = {}, {}
    for label in sorted(counts):
        hit = [one if r == label else zero for r in reached]
        outcomes[label] = (float(min(hit)), float(max(hit)))
        exact_outcomes[label] = (min(hit), max(hit))
    game_type = str(classify_2x2(T, R, P, S).as_dict()["name"])
    return (len(reached), False, regime, game_type, outcomes, exact_outcomes, figures,
            exact)
