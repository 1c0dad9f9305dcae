"""Plain-language readings of dynamics: Richardson arms races and evolving strategies.

Richardson (1960): the rest point, whether the race settles there (``a b > k l``) or runs
away, read in the field's words (reaction, fatigue, grievance). Evolutionary and
learning dynamics (replicator, fictitious play): which equilibria a population or two
learning players reach, from which share of the starting points, and the exact basin
boundary of a symmetric 2x2 game. The constructivist reading (Axelrod 1986; Finnemore &
Sikkink 1998) is that a norm is a strategy whose share grows when it pays; what the
replicator dynamics cannot show is a norm changing the payoffs themselves.

References
----------
Richardson, L. F. (1960). *Arms and Insecurity*. Boxwood Press.
Taylor, P. D. & Jonker, L. B. (1978). *Mathematical Biosciences* 40, 145-156.
Axelrod, R. (1986). An evolutionary approach to norms. *American Political Science
Review* 80(4), 1095-1111.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..equilibrium import SolveResult
from ..games.dynamics import RichardsonGame
from ..numbers import format_number, format_percent

__all__ = ["predictions", "richardson_lines", "evolution_lines"]

_EVOLUTION_METHODS = ("replicator", "asymmetric-replicator", "fictitious-play",
                      "stochastic-fictitious-play")


def predictions(result: SolveResult) -> list[str] | None:
    """Sentences for a Richardson result or an evolutionary-dynamics result."""
    if isinstance(result.game, RichardsonGame):
        return richardson_lines(result.game, result.extra)
    if result.method in _EVOLUTION_METHODS and "basins" in result.extra:
        return evolution_lines(result)
    return None


def richardson_lines(game: RichardsonGame, extra: Mapping[str, Any]) -> list[str]:
    """Stability, the rest point and where the race is heading."""
    x, y = game.players
    (k, el), (a, b) = game.reaction, game.fatigue
    fmt = format_number
    lines = []
    cond = (f"fatigue product ab = {fmt(a * b)} vs reaction product kl = {fmt(k * el)}")
    regime = extra["regime"]
    rest = extra.get("rest_point")
    if regime == "stable":
        where = (f"{x} {fmt(rest[x])}, {y} {fmt(rest[y])}" if rest else "")
        lines.append(f"Stable arms race ({cond}): whatever the starting levels, armaments "
                     f"converge to the rest point ({where}); eigenvalues "
                     f"{', '.join(fmt(v) for v in extra['eigenvalues'])} are both negative.")
        if rest and not extra.get("rest_point_nonnegative", True):
            lines.append("The rest point has a negative level: the states disarm to zero "
                         "(goodwill outweighs the reactions; the linear model stops "
                         "meaning anything below zero).")
    elif regime == "borderline":
        lines.append(f"Borderline ({cond}, equal): no unique rest point; armaments drift "
                     "at a constant rate or stay where they are.")
    else:
        where = (f" The rest point ({x} {fmt(rest[x])}, {y} {fmt(rest[y])}) is a saddle; "
                 if rest else " ")
        verdict = {"runaway arms race": "armaments grow without bound: a runaway arms "
                                        "race, Richardson's instability",
                   "disarmament": "armaments fall toward zero: a disarmament spiral",
                   "knife edge": "the race sits on the knife edge and reaches the rest "
                                 "point only if nothing disturbs it"}[regime]
        lines.append(f"Unstable ({cond}): each state's reaction to the other outweighs "
                     f"the fatigue of its own arms.{where}from the starting levels "
                     f"({fmt(game.initial[0])}, {fmt(game.initial[1])}) {verdict}.")
    end = extra.get("levels_at_horizon") or {}
    if end:
        lines.append(f"After t = {fmt(game.horizon)}: {x} {fmt(end[x])}, {y} {fmt(end[y])} "
                     f"(starting from {fmt(game.initial[0])}, {fmt(game.initial[1])}).")
    return lines


def evolution_lines(result: SolveResult) -> list[str]:
    """Basins of attraction in words, with the exact threshold of a symmetric 2x2 game."""
    extra = result.extra
    lines = []
    basins = extra["basins"]
    total = extra["starting_points"]
    if total == 0:
        return ["The time limit stopped the dynamics before any path was run."]
    parts = [f"{label} from {format_percent(share)} of starts"
             for label, share in sorted(basins.items(), key=lambda kv: -float(kv[1]))]
    lines.append(f"{extra['dynamics'].capitalize()} from {total} starting points reaches: "
                 + "; ".join(parts) + ".")
    boundary = extra.get("basin_boundary")
    if boundary and boundary.get("threshold") is not None:
        s = boundary["strategy_1"]
        p = format_number(boundary["threshold"])
        if boundary["kind"] == "coordination":
            lines.append(f"Exact basin boundary: {s} spreads through the population when "
                         f"more than {p} of it already plays {s}, and dies out below that "
                         "share (a tipping point).")
        else:
            lines.append(f"Every mixed population converges to {p} playing {s}: the "
                         "evolutionarily stable state.")
    elif boundary:
        lines.append(f"{'Basin boundary' if 'saddle' in boundary else 'Exact reading'}: "
                     f"{boundary['reading']}.")
    if "seed" in extra and "match_distance" in extra:
        reached = [e["distance"] for e in extra.get("end_points", ())
                   if e.get("equilibrium") is not None]
        if reached:
            lines.append(f"Where play converges: the empirical frequencies end within "
                         f"{max(reached):.3g} (max-norm) of the equilibrium they approach; "
                         "stochastic fictitious play settles at a perturbed (logit) "
                         "equilibrium near it, up to sampling noise of about "
                         "1/(2 sqrt(rounds)). The same seed gives the same run.")
    if extra.get("not_converged"):
        lines.append(f"{extra['not_converged']} paths reached no equilibrium within the "
                     "horizon (cycling or slow convergence).")
    unreached = extra.get("unreached_equilibria", 0)
    if unreached:
        lines.append(f"{unreached} of the game's {extra['equilibria_of_the_game']} "
                     f"equilibria {'is' if unreached == 1 else 'are'} reached from none of "
                     "the starting points (an unstable rest point, such as the mixed "
                     "equilibrium of a coordination game, attracts no open set of starts).")
    return lines
