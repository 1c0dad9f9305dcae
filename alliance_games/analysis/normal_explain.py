"""``explain`` for normal-form games with parameters: when is each pure profile an equilibrium?

A pure profile ``s`` is a Nash equilibrium iff no player gains by a unilateral switch:

    u_i(s) >= u_i(s_i', s_-i)   for every player i and every strategy s_i' of i,

a conjunction of inequalities in the parameters, linear whenever the payoffs are. The
payoffs are re-read from the spec as expressions (the compiler keeps only their values),
each inequality is printed as a scholar writes it, decided at the current values, and
solved for each parameter in turn with the others held at their current values (exact
rational arithmetic for linear atoms). Mixed equilibria are not characterised here
(``solve`` lists them at the current values).

References
----------
J. F. Nash, "Non-cooperative games", *Annals of Mathematics* 54(2), 1951.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..errors import AllianceGamesError, SolverError
from ..numbers import as_sympy
from .conditions_explain import (
    atom,
    holds,
    parameter_ranges,
    regions_text,
    show,
    spec_context,
    symbol_values,
    symbolic_context,
)

__all__ = ["explain_normal", "pure_equilibrium_conditions", "symbolic_payoff_array"]


def symbolic_payoff_array(game: Any) -> np.ndarray:
    """The payoff array ``(player, *profile)`` with each entry the spec's expression.

    Falls back to the game's numbers (exact where known) when the spec is not at hand.
    """
    ctx = spec_context(game)
    if ctx is not None and ctx.data.get("kind", "normal") == "normal":
        try:
            return _read_symbolic(ctx, game)
        except (AllianceGamesError, ValueError, TypeError):
            pass
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    out = np.empty(source.shape, dtype=object)
    for idx in np.ndindex(*source.shape):
        out[idx] = as_sympy(source[idx])
    return out


def _read_symbolic(ctx: Any, game: Any) -> np.ndarray:
    from ..modeling import normal as normal_spec

    sym = symbolic_context(ctx)
    players, strategies = normal_spec.read_players(sym)
    shape = tuple(len(s) for s in strategies)
    if list(players) != list(game.players) or shape != tuple(game.shape):
        raise ValueError("the spec on disk does not match the game")
    array, _ = normal_spec._read_payoffs(sym, players, strategies, shape)
    return array


@dataclass(frozen=True)
class PureCondition:
    """A pure profile, the condition for it to be an equilibrium, and its truth now."""

    profile: tuple[str, ...]
    outcome: str | None
    condition: Any
    holds: str


def pure_equilibrium_conditions(game: Any) -> list[PureCondition]:
    """For every pure profile, the parameter condition under which it is a Nash
    equilibrium (profiles whose condition is identically false are left out)."""
    u = symbolic_payoff_array(game)
    values = symbol_values(game.parameters)
    out = []
    for profile in itertools.product(*(range(m) for m in game.shape)):
        atoms = []
        for i in range(game.n_players):
            for alt in range(game.shape[i]):
                if alt == profile[i]:
                    continue
                dev = (*profile[:i], alt, *profile[i + 1:])
                atoms.append(atom(u[(i, *profile)] - u[(i, *dev)]))
        cond = sympy.And(*atoms)
        if cond is sympy.false:
            continue
        out.append(PureCondition(game.profile_name(profile), game.outcomes.get(profile),
                                 cond, holds(cond, values)))
    return out


def explain_normal(game: Any) -> str:
    """The text of ``alliance-games explain`` for a normal-form game."""
    if not hasattr(game, "shape"):
        raise SolverError("explain for kind: normal needs a normal-form game")
    values = symbol_values(game.parameters)
    ranges = parameter_ranges(game)
    lines = [f"{game.name}: conditions for each pure-strategy Nash equilibrium "
             "(normal form)", ""]
    lines.append("Players: " + "; ".join(
        f"{p} ({', '.join(s)})" for p, s in zip(game.players, game.strategies, strict=True)))
    if game.parameters:
        lines.append("Parameters now: " + ", ".join(
            f"{k} = {v}" for k, v in game.parameters.items()))
    lines.append("A profile is an equilibrium iff no player gains by switching alone: "
                 "u_i(s) >= u_i(s_i', s_-i).")
    lines.append("")
    conds = pure_equilibrium_conditions(game)
    never = 0
    for c in conds:
        label = f" [{c.outcome}]" if c.outcome else ""
        if c.condition is sympy.true:
            lines.append(f"- ({', '.join(c.profile)}){label}: an equilibrium for all "
                         "parameter values")
            continue
        lines.append(f"- ({', '.join(c.profile)}){label}: equilibrium iff {show(c.condition)}"
                     f"   [{c.holds} now]")
        lines.extend(regions_text(c.condition, values, ranges=ranges))
    never = int(np.prod(game.shape)) - len(conds)
    if never:
        lines.append(f"({never} other profile(s) are never pure equilibria: a player always "
                     "gains by switching.)")
    current = [c for c in conds if c.holds == "holds"]
    lines.append("")
    lines.append("At the current values: " + ("; ".join(
        "(" + ", ".join(c.profile) + ")" for c in current) or "no pure equilibrium")
        + ". Mixed equilibria are not characterised here; solve lists them.")
    return "\n".join(lines) + "\n"
