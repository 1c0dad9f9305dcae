"""``explain`` for the chain store: the Kreps-Wilson thresholds in the parameters.

With ``k`` markets left and belief ``p`` that the incumbent is tough (Kreps & Wilson
1982; :mod:`alliance_games.solvers.reputation.kreps_wilson`):

- the entrant enters iff ``p < b^k``, stays out iff ``p > b^k``, and stays out with
  probability ``1/a`` at ``p = b^k``;
- the weak incumbent fights for sure iff ``p ≥ b^{k-1}``, otherwise with probability
  ``β_k(p) = p (1 - b^{k-1}) / ((1 - p) b^{k-1})``; in the last market it accommodates;
- the posterior after a fight is ``max(p, b^{k-1})``.

As long as nobody enters the belief stays at the prior ``δ``, so market ``t``
(``k = N - t + 1``) is deterred outright iff ``δ > b^k``: the regions of ``δ`` are the
intervals between consecutive powers ``b^N < b^{N-1} < ... < b``, and in
``(b^{j+1}, b^j)`` the first ``N - j`` markets are deterred. ``δ = 0`` is Selten's
paradox (every entrant enters, the incumbent always accommodates).

Only rational arithmetic on the parameters is needed (no sympy): it takes milliseconds.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..games.reputation import ReputationGame
from ..numbers import format_number

__all__ = ["explain_reputation", "prior_regions"]


def prior_regions(game: ReputationGame) -> list[tuple[Any, Any, str]]:
    """``(low, high, reading)`` for the prior ``δ``: the intervals between the powers of
    ``b`` and what the equilibrium does in each (points are the endpoints themselves)."""
    b, n = game.entrant_gain, game.markets
    out: list[tuple[Any, Any, str]] = [(0, 0, "Selten's paradox: every entrant enters and "
                                              "is accommodated")]
    out.append((0, b ** n, "no market is deterred: entrant 1 enters (the weak incumbent "
                           "mixes between fighting and accommodating)"))
    for j in range(n - 1, -1, -1):
        deterred = n - j
        what = (f"the first {deterred} markets are" if deterred > 1
                else "the first market is") + " deterred outright"
        if j > 0:
            what += f"; entry starts in market {deterred + 1}"
        out.append((b ** (j + 1), b ** j, what))
    return out


def explain_reputation(game: ReputationGame) -> str:
    """The thresholds ``b^k``, the weak incumbent's mixing and the regions of the prior."""
    a, b, n, delta = game.monopoly, game.entrant_gain, game.markets, game.prior_tough
    lines = [f"{game.name}: the Kreps-Wilson sequential equilibrium (reputation family)", "",
             f"Parameters now: markets N = {n}, prior_tough δ = {format_number(delta)}, "
             f"entrant_gain b = {format_number(b)}, monopoly a = {format_number(a)}", "",
             "With k markets left and belief p that the incumbent is tough:",
             "- the entrant enters iff p < b^k, stays out iff p > b^k, and stays out with "
             "probability 1/a at p = b^k",
             "- the weak incumbent fights iff p ≥ b^(k-1), otherwise with probability "
             "β_k(p) = p·(1 - b^(k-1)) / ((1 - p)·b^(k-1)); it accommodates in the last market",
             "- the belief after a fight is max(p, b^(k-1)); after an accommodation 0; "
             "unchanged when nobody enters", "",
             "Thresholds market by market:"]
    for t in range(1, n + 1):
        k = n - t + 1
        line = f"  market {t} (k = {k}): entry threshold b^{k} = {format_number(b ** k)}"
        if k > 1:
            line += f"; the weak incumbent fights for sure from b^{k - 1} = " \
                    f"{format_number(b ** (k - 1))}"
            beta = _beta(delta, b, k)
            if beta is not None:
                line += f"; at p = δ it fights w.p. {format_number(beta)}"
        lines.append(line)
    lines += ["", f"Regions of the prior δ (b = {format_number(b)}, N = {n}):"]
    current = None
    for low, high, what in prior_regions(game):
        if low == high:
            here = delta == low
            lines.append(f"  δ = {format_number(low)}: {what}" + ("   [now]" if here else ""))
        else:
            here = low < delta < high
            lines.append(f"  {format_number(low)} < δ < {format_number(high)}: {what}"
                         + ("   [now]" if here else ""))
        if here:
            current = what
    if current is None:
        at = next((j for j in range(1, n + 1) if delta == b ** j), None)
        if delta == 1:
            current = "the incumbent is known to be tough: no entrant enters"
        elif at is not None:
            current = (f"δ equals the threshold b^{at}: the entrant of market {n - at + 1} "
                       f"stays out with probability 1/a = {format_number(1 / a)}")
        lines.append(f"  now: {current}")
    return "\n".join(lines) + "\n"


def _beta(p: Any, b: Any, k: int) -> Any:
    threshold = b ** (k - 1)
    if p >= threshold or p == 0:
        return None
    one = Fraction(1) if isinstance(p, Fraction) else 1.0
    return p * (one - threshold) / ((one - p) * threshold)
