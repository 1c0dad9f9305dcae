"""Plain-language readings of the ``trust`` family: trust, the spiral, reassurance (Kydd).

The model (:mod:`alliance_games.modeling.trust`): each state is trustworthy (assurance
preferences ``R_t > T_t > P_t > S_t`` in the catalog, ``R_t > T_t`` and ``P_t > S_t`` in
general) or untrustworthy (prisoner's dilemma, ``T_u > R_u``, ``P_u > S_u``).

*Untrustworthy types defect*: Defect strictly dominates for them.

*The trust threshold.* A trustworthy state that believes the other cooperates with
probability ``q`` gets ``q R_t + (1-q) S_t`` from cooperating and ``q T_t + (1-q) P_t``
from defecting, so it cooperates iff ``q (R_t - T_t) >= (1 - q)(P_t - S_t)``, i.e.

    q >= q* = (P_t - S_t) / ((R_t - T_t) + (P_t - S_t)).

*Trust and the spiral* (Kydd 2005, ch. 2). In the equilibrium where trustworthy types
cooperate, the other cooperates with probability equal to its prior of being
trustworthy, so it exists iff both priors are at least ``q*``: trust sustains
cooperation. Mutual defection is always an equilibrium; when a prior is below ``q*`` it
is the only one (were the trustworthy types to cooperate with any probability ``σ``,
the other would face ``q = σ p < q*`` and defect): fear breeds defection.

*Reassurance by a costly gesture* (Kydd 2000; 2005, ch. 7). State A may first pay
``k`` for a gesture B sees. In a separating equilibrium only a trustworthy A gestures;
B, now sure A is trustworthy, cooperates if trustworthy itself, and a trustworthy A
cooperates after the gesture iff ``p_B >= q*`` (its belief about B is unchanged). Then

- a trustworthy A gains from gesturing iff ``p_B R_t + (1-p_B) S_t - k >= P_t``
  (without the gesture it is taken for untrustworthy and both defect);
- an untrustworthy A does not mimic iff ``p_B T_u + (1-p_B) P_u - k <= P_u``, i.e.
  ``k >= p_B (T_u - P_u)`` (it would gesture only to exploit the trust it buys).

So the gesture separates iff ``p_B >= q*`` and
``p_B (T_u - P_u) <= k <= p_B R_t + (1-p_B) S_t - P_t``: it must be costly enough
that an untrustworthy state would not pay it, and cheap enough that a trustworthy one
will; possible only when trustworthy states value cooperation more than untrustworthy
ones value exploitation. Pooling on no gesture (trust or spiral, as without the
gesture) is also an equilibrium, supported by suspicious beliefs after a gesture.

References
----------
Kydd, A. (2000). Trust, reassurance, and cooperation. *International Organization*
54(2), 325-357.
Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton
University Press.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..equilibrium import SolveResult
from ..numbers import format_float, format_number

__all__ = ["predictions", "trust_facts"]


def trust_facts(model: Mapping[str, Any]) -> dict[str, Any]:
    """The thresholds and regimes of a trust model at its values (see the module
    docstring): ``threshold`` (``q*``), ``trust_equilibrium``, ``spiral_only``, and with
    a gesture ``gesture_cost``, ``separating_interval`` ``(lower, upper)`` and
    ``separating``; ``p_mutual_cooperation`` in the trust or separating equilibrium.

    Examples
    --------
    >>> m = {"prior_a": Fraction(3, 5), "prior_b": Fraction(1), "gesture": ("G", "N"),
    ...      "cost": Fraction(7, 4), "payoffs": {
    ...      "Trustworthy": {"T": 3, "R": 4, "P": 2, "S": 0},
    ...      "Untrustworthy": {"T": Fraction(7, 2), "R": 3, "P": 2, "S": 0}}}
    >>> f = trust_facts(m)
    >>> f["threshold"], f["trust_equilibrium"], f["separating_interval"], f["separating"]
    (Fraction(2, 3), False, (Fraction(3, 2), Fraction(2, 1)), True)
    """
    t = model["payoffs"]["Trustworthy"]
    u = model["payoffs"]["Untrustworthy"]
    pa, pb = model["prior_a"], model["prior_b"]
    one = Fraction(1) if all(isinstance(v, int | Fraction) for v in (pa, pb)) else 1.0
    q = (t["P"] - t["S"]) * one / ((t["R"] - t["T"]) + (t["P"] - t["S"]))
    trust = pa >= q and pb >= q
    out: dict[str, Any] = {
        "threshold": q,
        "prior_a": pa,
        "prior_b": pb,
        "trust_equilibrium": trust,
        "spiral_only": not trust,
        "p_mutual_cooperation": pa * pb if trust else 0 * one,
    }
    if model.get("gesture"):
        k = model["cost"]
        lower = pb * (u["T"] - u["P"])
        upper = pb * t["R"] + (1 - pb) * t["S"] - t["P"]
        separating = pb >= q and lower <= k <= upper
        out.update({
            "gesture_cost": k,
            "separating_interval": (lower, upper),
            "separating": separating,
            "p_mutual_cooperation_separating": pa * pb if separating else 0 * one,
        })
    return out


def _fmt(value: Any) -> str:
    return format_number(value) if isinstance(value, int | Fraction) else format_float(value)


def predictions(result: SolveResult) -> list[str] | None:
    """Trust, spiral and reassurance in words, or ``None`` for another family's result."""
    info = getattr(result.game, "info", {}) or {}
    model = info.get("trust")
    if info.get("kind") != "trust" or not model:
        return None
    f = trust_facts(model)
    A, B = model["players"]
    q = f["threshold"]
    lines = [
        "Untrustworthy states defect whatever they expect (defection dominates in their "
        "prisoner's dilemma).",
        f"Trust threshold (Kydd): a trustworthy state cooperates iff it believes the other "
        f"cooperates with probability at least q* = (P-S)/((R-T)+(P-S)) = {_fmt(q)}.",
    ]
    priors = (f"P({A} trustworthy) = {_fmt(f['prior_a'])}, "
              f"P({B} trustworthy) = {_fmt(f['prior_b'])}")
    if f["trust_equilibrium"]:
        lines.append(
            f"Trust sustains cooperation: with {priors}, both at least q*, trustworthy "
            "states cooperate in equilibrium (mutual cooperation with probability "
            f"{_fmt(f['p_mutual_cooperation'])}); mutual defection remains an equilibrium "
            "too, a self-fulfilling spiral of mistrust.")
    else:
        lines.append(
            f"Spiral: with {priors}, some prior is below q* = {_fmt(q)}, so fear breeds "
            "defection: even trustworthy states defect, and mutual defection is the only "
            "equilibrium of the game without reassurance.")
    if "separating" in f:
        lo, hi = f["separating_interval"]
        k = f["gesture_cost"]
        if f["separating"]:
            lines.append(
                f"Reassurance: the costly gesture (cost {_fmt(k)}, within [{_fmt(lo)}, "
                f"{_fmt(hi)}]) separates the types: only a trustworthy {A} makes it, "
                f"since an untrustworthy one would gain at most {_fmt(lo)} by exploiting "
                f"the trust it buys. {B}, reassured, cooperates: mutual cooperation with "
                f"probability {_fmt(f['p_mutual_cooperation_separating'])}.")
        elif f["prior_b"] < q:
            lines.append(
                f"Reassurance fails: {A}'s own fear of {B} (prior {_fmt(f['prior_b'])} < "
                f"q*) keeps a trustworthy {A} from cooperating after its gesture.")
        elif k < lo:
            lines.append(
                f"Reassurance fails: the gesture is too cheap (cost {_fmt(k)} < {_fmt(lo)}): "
                f"an untrustworthy {A} would make it too, to exploit {B}'s trust, so it "
                "proves nothing.")
        else:
            lines.append(
                f"Reassurance fails: the gesture is too costly (cost {_fmt(k)} > {_fmt(hi)}) "
                f"for a trustworthy {A} to make it.")
    if result.method != "pbe":
        lines.append("solve --method pbe lists every perfect Bayesian equilibrium "
                     "(trust, spiral, separating and pooling) with beliefs.")
    return lines
