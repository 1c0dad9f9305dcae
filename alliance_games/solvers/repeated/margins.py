"""The values behind the thresholds: complying, deviating, replying to tit-for-tat, a last period.

All values are given twice, labelled: the *discounted total* ``Σ_{t≥0} δ^t u_t`` and the
*per-period average* ``(1-δ) Σ_t δ^t u_t`` (the same scale as a stage payoff).

**Grim trigger** (Friedman 1971). With cooperative profile ``c``, player ``i``'s best
one-shot deviation payoff ``D_i = max_{s_i} u_i(s_i, c_{-i})`` and punishment payoff
``p_i`` (the stage equilibrium worst for ``i``):

- complying: ``u_i(c)/(1-δ)`` in total, ``u_i(c)`` per period;
- deviating once and being punished forever: ``D_i + δ p_i/(1-δ)`` in total,
  ``(1-δ) D_i + δ p_i`` per period;
- the margin, complying minus deviating, ``[δ(D_i - p_i) - (D_i - u_i(c))]/(1-δ)`` in
  total: it is *not* clipped at zero: its sign says whether cooperation holds, its size
  how robustly. It is zero exactly at ``δ* = (D_i - u_i(c))/(D_i - p_i)``.

**Best reply to tit-for-tat** (Axelrod 1984, ch. 2 and appendix A). TFT is a two-state
machine (it plays what the other played last period), so a best reply to it is a
stationary policy on its two states (dynamic programming over an automaton): in the
state where TFT cooperates play C or D, in the state where it defects play C or D.
From the opening state (TFT cooperates) the four policies give three paths:
always cooperate ``R/(1-δ)``, always defect ``T + δP/(1-δ)``, and alternate D, C
``(T + δS)/(1-δ²)``. The best reply is the largest (ties go to cooperation);
TFT is a best reply to itself iff ``δ >= max{(T-R)/(T-P), (T-R)/(R-S)}``: always C
beats always D iff ``R/(1-δ) >= T + δP/(1-δ)`` iff ``δ(T-P) >= T-R``; always C beats
alternating iff ``R(1+δ) >= T + δS`` iff ``δ(R-S) >= T-R``.

**Finite horizon** (Luce & Raiffa 1957, ch. 5; Selten 1978). With ``N`` periods known
to all and a stage game with a unique Nash equilibrium, in the last period the stage
equilibrium is played whatever happened; so the last-but-one period is strategically a
one-shot game too, and so on back to the first: the unique subgame-perfect equilibrium
plays the stage equilibrium in every period ("unravelling"). With several stage
equilibria the argument fails (Benoit & Krishna 1985) and is not claimed.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
Luce, R. D. & Raiffa, H. (1957). *Games and Decisions*. Wiley.
Benoit, J.-P. & Krishna, V. (1985). Finitely repeated games. *Econometrica* 53(4),
905-922.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ...games.normal import NormalFormGame
from .thresholds import Number, Threshold, pure_stage_equilibria

__all__ = ["grim_trigger_values", "tit_for_tat_best_reply", "finite_horizon", "discounted"]

ALWAYS_C, ALWAYS_D, ALTERNATE = "always cooperate", "always defect", "alternate defect/cooperate"


def discounted(total: Number, delta: Number) -> dict[str, Number]:
    """``{"discounted_total": total, "per_period_average": (1-δ) total}``."""
    return {"discounted_total": total, "per_period_average": (1 - delta) * total}


def grim_trigger_values(thresholds: Sequence[Threshold], delta: Number) -> dict[str, Any]:
    """Per player: the value of complying, of the best one-shot deviation, and the
    margin (complying minus deviating, unclipped), as totals and per-period averages.

    Examples
    --------
    >>> from alliance_games.solvers.repeated.thresholds import Threshold
    >>> t = Threshold("A", Fraction(3), Fraction(5), Fraction(1), (1, 1), Fraction(1, 2))
    >>> v = grim_trigger_values([t], Fraction(3, 5))["A"]
    >>> v["comply"]["discounted_total"], v["deviate"]["discounted_total"], v["margin"]
    (Fraction(15, 2), Fraction(13, 2), {'discounted_total': Fraction(1, 1), \
'per_period_average': Fraction(2, 5)})
    """
    out: dict[str, Any] = {}
    for t in thresholds:
        comply = t.cooperate / (1 - delta)
        deviate = t.deviation + delta * t.punishment / (1 - delta)
        out[t.player] = {
            "comply": discounted(comply, delta),
            "deviate": discounted(deviate, delta),
            "margin": discounted(comply - deviate, delta),
            "sustained": comply >= deviate,
        }
    return out


def tit_for_tat_best_reply(T: Number, R: Number, P: Number, S: Number,
                           delta: Number) -> dict[str, Any]:
    """The values of the three candidate replies to tit-for-tat and the best of them.

    Examples
    --------
    >>> r = tit_for_tat_best_reply(*map(Fraction, (5, 3, 1, 0)), Fraction(3, 5))
    >>> r["best_reply"], r["value"]["discounted_total"]
    ('alternate defect/cooperate', Fraction(125, 16))
    """
    values = {
        ALWAYS_C: R / (1 - delta),
        ALWAYS_D: T + delta * P / (1 - delta),
        ALTERNATE: (T + delta * S) / (1 - delta * delta),
    }
    best = max(values, key=lambda k: (values[k], k == ALWAYS_C))
    return {
        "best_reply": best,
        "value": discounted(values[best], delta),
        "replies": {k: discounted(v, delta) for k, v in values.items()},
        "tit_for_tat_is_best_reply": values[ALWAYS_C] >= max(values.values()),
    }


def finite_horizon(game: NormalFormGame, horizon: int, delta: Number | None,
                   exact: bool) -> dict[str, Any]:
    """Backward induction over ``horizon`` periods: the unravelling result when the stage
    game has a unique equilibrium. Uniqueness is certified when the one pure equilibrium
    is in strictly dominant strategies, or is strict in a 2x2 game (a nondegenerate 2x2
    game has an odd number of equilibria, and a second pure one would be needed for a
    mixed one)."""
    stage = pure_stage_equilibria(game, exact)
    unique = len(stage) == 1 and (_strict_dominant(game, stage[0])
                                  or game.shape == (2, 2) and _strict(game, stage[0]))
    out: dict[str, Any] = {"horizon": horizon, "unique_stage_equilibrium": unique}
    if not unique:
        out["unravelling"] = False
        return out
    profile = stage[0]
    names = list(game.profile_name(profile))
    src = game.exact_payoffs if exact and game.exact_payoffs is not None else game.payoffs
    d = delta if delta is not None else Fraction(1)
    weight = sum((d ** t for t in range(horizon)), 0 * d)
    out.update({
        "unravelling": True,
        "stage_equilibrium": dict(zip(game.players, names, strict=True)),
        "values": {
            p: {"discounted_total": src[(i, *profile)] * weight,
                "per_period_average": src[(i, *profile)]}
            for i, p in enumerate(game.players)
        },
    })
    return out


def _strict(game: NormalFormGame, profile: tuple[int, ...]) -> bool:
    u = game.payoffs
    for i in range(game.n_players):
        for alt in range(game.shape[i]):
            if alt != profile[i]:
                dev = (*profile[:i], alt, *profile[i + 1:])
                if not u[(i, *profile)] > u[(i, *dev)]:
                    return False
    return True


def _strict_dominant(game: NormalFormGame, profile: tuple[int, ...]) -> bool:
    """Every player's strategy in ``profile`` strictly dominates the others (then the
    equilibrium is unique among mixed ones too)."""
    import itertools

    u = game.payoffs
    for i in range(game.n_players):
        others = [range(m) for j, m in enumerate(game.shape) if j != i]
        for alt in range(game.shape[i]):
            if alt == profile[i]:
                continue
            for rest in itertools.product(*others):
                a = (*rest[:i], profile[i], *rest[i:])
                b = (*rest[:i], alt, *rest[i:])
                if not u[(i, *a)] > u[(i, *b)]:
                    return False
    return True
