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
of one payoff, has few). With a finite horizon (``horizon``) the equilibria are the
stage equilibria played in every period, the list complete when that equilibrium is
unique (unravelling) and ``finite_horizon.horizon`` a figure: :func:`bulk_rows` handles
it (the record path leaves it to the solver). Ties between payoffs or a punishment
profile keep the per-point path.

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
from .sweep_rational import with_small_pages

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
    rational payoffs, a discount factor, labelled outcomes and no punishment profile
    (the structure: players, actions, outcome labels and the finite horizon, or None);
    None for any other game."""
    settings = getattr(game, "repeated", None)
    u = getattr(game, "exact_payoffs", None)
    if (settings is None or u is None or getattr(game, "shape", None) != (2, 2)
            or not {"discount_factor", "cooperate"} <= set(settings)
            <= {"discount_factor", "cooperate", "horizon"}
            or getattr(game, "linear_public_good", None) is not None):
        return None
    horizon = settings.get("horizon")
    if horizon is not None and (not isinstance(horizon, int) or isinstance(horizon, bool)
                                or horizon < 1):
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
    structure = (tuple(game.players), tuple(game.strategies[0]), outcomes, horizon)
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
    players, actions, (label_cc, label_ex, _, label_dd), horizon = structure
    if horizon is not None:
        return None  # a finite horizon: the columnar path (bulk_rows) or the solver
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


# ---------------------------------------------------------------- the whole grid at once
def _stage_facts(structure: Any, T: Fraction, R: Fraction, P: Fraction, S: Fraction
                 ) -> tuple[str, tuple[Any, ...]]:
    """The stage game's name (:func:`classify_2x2`) and each player's minmax value (the
    dominant row's least payoff, else :func:`stage_minmax`), as :func:`point_record`
    finds them."""
    players, actions = structure[:2]
    name = str(classify_2x2(T, R, P, S).as_dict()["name"])
    if T > R and P > S:
        return name, (min(T, P),) * len(players)
    if R > T and S > P:
        return name, (min(R, S),) * len(players)
    return name, stage_minmax(players, actions, T, R, P, S)


@with_small_pages
def bulk_rows(fields: Any, axes: Sequence[Any], holes: np.ndarray) -> Any:
    """Every grid point's row at once (:class:`~.sweep_table.Bulk`): the equilibrium set
    (grim trigger, tit-for-tat, the pure stage equilibria), the thresholds and the best
    reply to tit-for-tat decided and computed on exact integer arrays
    (:class:`~.sweep_rational.Rat`), as :func:`point_record` does point by point. The
    stage game's name and minmax values depend on (T, R, P, S) only: they are found once
    per distinct stage game (on the sub-grid of the axes the payoffs move with). Ties
    between payoffs and δ outside [0, 1) are solved one by one."""
    from .sweep_rational import Rat, distinct_on_subgrid, fields_on_grid
    from .sweep_table import Bulk, Kind

    players, actions, (label_cc, label_ex, _, label_dd), horizon = fields.structure
    finite = horizon is not None
    index, (T, R, P, S, delta) = fields_on_grid(fields, axes, 5)
    size = len(T)
    ok = ~holes & (delta.sign() >= 0) & (delta.cmp(1) < 0)
    sign: dict[str, np.ndarray] = {}
    for (nx, x), (ny, y) in itertools.combinations(
            zip("TRPS", (T, R, P, S), strict=True), 2):
        sign[nx + ny] = x.cmp(y)
        ok &= sign[nx + ny] != 0
    cc = sign["TR"] < 0                       # R > T
    dd = sign["PS"] > 0                       # P > S
    exploit = (sign["PS"] < 0) & (sign["TR"] > 0)
    # the least own payoff over the pure stage equilibria (there is one at least)
    punish = Rat.const(0, size)  # replaced at every point by its first stage equilibrium
    have = np.zeros(size, dtype=bool)
    for there, value in ((cc, R), (exploit, S), (exploit, T), (dd, P)):
        lower = there & (~have | (value.cmp(punish) < 0))
        punish = value.where(lower, punish)
        have |= there
    deviation = R.maximum(T)
    safe = ok & have
    critical_zero = sign["TR"] < 0            # deviation <= R: nothing to deter
    critical_there = critical_zero | (punish.cmp(R) < 0)
    gap = (deviation - punish).where(safe & ~critical_zero & critical_there, 1)
    critical = ((deviation - R) / gap).where(~critical_zero, 0)
    pd = (sign["TR"] > 0) & (sign["RP"] > 0) & (sign["PS"] > 0)
    tp = (T - P).where(pd, 1)
    rs = (R - S).where(pd, 1)
    tft = ((T - R) / tp).maximum((T - R) / rs)
    grim = critical_there & (delta.cmp(critical) >= 0) & (critical.sign() > 0)
    tft_on = pd & (delta.cmp(tft) >= 0)
    code = (GRIM * grim + TFT * tft_on + STAGE_CC * cc + STAGE_DD * dd
            + STAGE_EXPLOIT * exploit).astype(np.int64)
    if finite:
        # backward induction from the last period: the stage equilibria played in every
        # period (no cooperative equilibrium is listed)
        code &= STAGE_CC | STAGE_DD | STAGE_EXPLOIT
    rest = (1 - delta).where(ok, 1)
    rest2 = (1 - delta * delta).where(ok, 1)
    reply_c = R / rest
    reply_d = T + delta * P / rest
    reply_a = (T + delta * S) / rest2
    pick_c = (reply_c.cmp(reply_d) >= 0) & (reply_c.cmp(reply_a) >= 0)
    pick_d = ~pick_c & (reply_d.cmp(reply_a) >= 0)
    # three word objects picked per point (no string made per point)
    best = np.array([ALWAYS_C, ALWAYS_D, ALTERNATE], dtype=object)[
        np.where(pick_c, 0, np.where(pick_d, 1, 2))]
    # the stage game's name and minmax values, once per distinct stage game
    stages, where = distinct_on_subgrid(fields, axes, index, [0, 1, 2, 3])
    names: list[str] = []
    minmax: list[tuple[Any, ...]] = []
    minmax_exact = np.zeros(len(stages), dtype=bool)
    for i, (t, r, p, s) in enumerate(stages):
        if len({t, r, p, s}) < 4:
            names.append("")
            minmax.append((Fraction(0),) * len(players))
            continue
        name, values_i = _stage_facts(fields.structure, t, r, p, s)
        names.append(name)
        minmax.append(values_i)
        minmax_exact[i] = all(isinstance(v, Fraction) for v in values_i)
    game_type = (where, tuple(names))
    analysis: dict[str, tuple[Any, Any]] = {}
    for p_name in players:
        analysis[f"cooperative_profile.{p_name}"] = (np.full(size, actions[0], dtype=object),
                                                     None)
    analysis["discount_factor"] = (delta.floats(), delta)
    analysis["critical_discount_factor"] = (critical.floats(), critical)
    for key, value in zip("TRPS", (T, R, P, S), strict=True):
        analysis[f"stage_payoffs.{key}"] = (value.floats(), value)
    analysis["tit_for_tat_threshold"] = (tft.floats(), tft)
    analysis["tit_for_tat_best_reply.best_reply"] = (best, None)
    for k, p_name in enumerate(players):
        exact_values = [v[k] if isinstance(v[k], Fraction) else Fraction(0) for v in minmax]
        rat = Rat(np.array([v.numerator for v in exact_values], dtype=object),
                  np.array([v.denominator for v in exact_values], dtype=object))
        rat = Rat(rat.num[where], rat.den[where])
        floats = np.array([float(v[k]) for v in minmax])[where]
        analysis[f"minmax.{p_name}"] = (floats, rat)
    if finite:
        analysis["finite_horizon.horizon"] = (np.full(size, float(horizon)),
                                              Rat.const(horizon, size))
    # kinds: the equilibrium set and which figures the point has
    signature = (code * 8 + critical_there.astype(np.int64) * 4 + pd.astype(np.int64) * 2
                 + minmax_exact[where].astype(np.int64))
    signature = np.where(ok, signature, -1)
    present = sorted(set(np.unique(signature).tolist()) - {-1})
    position = {sig: k for k, sig in enumerate(present)}
    kinds = []
    stage_labels = ((STAGE_CC, [label_cc]), (STAGE_EXPLOIT, [label_ex, label_ex]),
                    (STAGE_DD, [label_dd]))
    for sig in present:
        c, has_crit, has_tft, exact_mm = sig // 8, sig & 4, sig & 2, sig & 1
        reached = [label_cc] * (bool(c & GRIM) + bool(c & TFT))
        for bit, labels in stage_labels:
            if c & bit:
                reached += labels
        counts: dict[str, int] = {}
        for label in reached:
            counts[label] = counts.get(label, 0) + 1
        regime = " | ".join(k if v == 1 else f"{k} x{v}" for k, v in sorted(counts.items()))
        keys = [f"cooperative_profile.{p}" for p in players] + ["discount_factor"]
        keys += ["critical_discount_factor"] if has_crit else []
        keys += [f"stage_payoffs.{k}" for k in "TRPS"]
        keys += ["tit_for_tat_threshold"] if has_tft else []
        keys += ["tit_for_tat_best_reply.best_reply"] + [f"minmax.{p}" for p in players]
        keys += ["finite_horizon.horizon"] if finite else []
        exact_keys = {k for k in keys if not k.startswith(("cooperative", "tit_for_tat_b",
                                                           "minmax"))}
        if exact_mm:
            exact_keys |= {f"minmax.{p}" for p in players}
        # a finite horizon with a unique (strict: the payoffs are distinct) stage
        # equilibrium has a unique subgame perfect equilibrium: complete
        complete = finite and c in (STAGE_CC, STAGE_DD)
        kinds.append(Kind(len(reached), complete, regime, tuple(sorted(counts)), True,
                          tuple(keys), frozenset(exact_keys)))
    kind_of = np.full(size, -1, dtype=np.int64)
    for sig, k in position.items():
        kind_of[signature == sig] = k
    outcomes = {}
    one = Rat.const(1, size)
    for label in {label_cc, label_ex, label_dd}:
        # a label's range over the point's equilibria: max 1 (it is reached), min 1 only
        # when every equilibrium reaches it
        only = np.zeros(size, dtype=bool)
        for k, kd in enumerate(kinds):
            if kd.labels == (label,):
                only |= kind_of == k
        lo = only.astype(float)
        outcomes[label] = (lo, np.ones(size), Rat(only.astype(np.int64),
                                                  np.ones(size, dtype=np.int64)), one)
    return Bulk(kind_of, kinds, game_type, outcomes, analysis)
