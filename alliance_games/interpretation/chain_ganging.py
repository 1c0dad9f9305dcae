"""Plain-language readings of the chain-ganging / buck-passing model (Christensen and
Snyder 1990).

The compiler (:mod:`alliance_games.modeling.chain_ganging`) keeps the regime and its
thresholds in ``game.info["chain_ganging"]``: ``offense``, ``buck_passing_below``
(``θ_pass = c n / L``), ``chain_ganging_above`` (``θ_chain = (c + r)/(L/n + r)``),
``regime`` and the model's numbers. This module writes the sentences and then adds the
symmetric n-player lines of :mod:`.nplayer` (the mixed equilibrium) when that module
has any.

References
----------
Christensen, T. J. & Snyder, J. (1990). Chain gangs and passed bucks: predicting alliance
patterns in multipolarity. *International Organization* 44(2), 137-168.
"""

from __future__ import annotations

from ..equilibrium import SolveResult
from ..games.normal import NormalFormGame
from . import nplayer

__all__ = ["predictions"]


def predictions(result: SolveResult) -> list[str] | None:
    """The regime in Christensen and Snyder's words, with its thresholds."""
    game = result.game
    if not isinstance(game, NormalFormGame) or "chain_ganging" not in game.info:
        return None
    a = game.info["chain_ganging"]
    n, theta = a["n_states"], float(a["offense"])
    low, high = float(a["buck_passing_below"]), float(a["chain_ganging_above"])
    where = (f"offense dominance {theta:.3g}; buck-passing below {low:.3g}, chain-ganging "
             f"above {high:.3g} with {n} states")
    stake = theta * float(a["loss"]) / n
    cost, gain = float(a["commitment_cost"]), float(a["passing_gain"])
    if a["regime"] == "chain-ganging":
        lines = [
            f"Chain-ganging ({where}): committing is each state's dominant strategy, so "
            "every state ties itself unconditionally to its allies: its own commitment "
            f"cuts the expected loss from a quick, decisive defeat by {stake:.3g}, more than "
            f"its cost {cost:.3g} plus the {gain * (1 - theta):.3g} it could gain by standing "
            "aside in a long war. With offense believed dominant no state can let an ally "
            "fight alone (Christensen and Snyder's reading of 1914)."]
    elif a["regime"] == "buck-passing":
        why = ("with defense believed dominant the revisionist is unlikely to win quickly, "
               "so each state waits for others to bleed (Christensen and Snyder's reading "
               "of the late 1930s)" if theta < 0.5 else
               f"with {n} states each one's commitment matters too little to the outcome")
        lines = [
            f"Buck-passing ({where}): passing is each state's dominant strategy and no "
            f"state balances: its own commitment cuts the expected loss from a quick defeat "
            f"by only {stake:.3g}, less than its cost {cost:.3g}; {why}."]
    else:
        lines = [
            f"Buck-passing onto one state ({where}): a state commits only if no other does, "
            "so in every pure equilibrium exactly one state balances and the others pass "
            "the buck to it; which one is not determined by the model."]
    if abs(theta - low) < 1e-12 or abs(theta - high) < 1e-12:
        lines.append("The offense dominance sits exactly on a threshold: a state is "
                     "indifferent between committing and passing, so equilibria form a "
                     "continuum (a degenerate boundary case).")
    lines.append(
        "Both thresholds rise with the number of states (θ_pass = c n / L, θ_chain = "
        "(c + r)/(L/n + r)): in a more multipolar system each state's own commitment "
        "matters less, the multipolar root of both pathologies.")
    extra = nplayer.predictions(result) or []
    return lines + list(extra)
