"""The ``security_dilemma`` family: a symmetric 2x2 game from T, R, P, S.

Two states each choose to cooperate (restrain, defensive posture) or defect (arm,
offensive posture) at once. Row payoffs: R when both cooperate, T for defecting against a
cooperator, S for cooperating against a defector, P when both defect; the game is
symmetric. The compiled game carries its name by payoff ordering (prisoner's dilemma,
stag hunt, chicken, deadlock, harmony; see :mod:`alliance_games.games.classify`) in
``game.info["classification"]``.

Spec shape::

    kind: security_dilemma
    players: [State A, State B]          # optional (default A, B)
    strategies: [Restrain, Arm]          # optional: names of cooperate / defect
    parameters: {temptation: 5, reward: 3, punishment: 1, sucker: 0}
    payoffs: {T: temptation, R: reward, P: punishment, S: sucker}   # expressions
    outcomes:                            # optional: rename the default labels
      mutual cooperation: mutual restraint
      mutual defection: arms race
      exploitation: exploitation

Reference: Jervis, R. (1978). Cooperation under the Security Dilemma. *World Politics*
30(2), 167-214.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..games.classify import classify_2x2
from ..games.normal import NormalFormGame
from .context import SpecContext, SymbolicExpressions
from .expr import to_fraction
from .normal import build_game

__all__ = ["compile_security_dilemma"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "strategies",
        "payoffs", "outcomes", "notes"}
DEFAULT_LABELS = {
    "mutual cooperation": "mutual restraint",
    "mutual defection": "arms race",
    "exploitation": "exploitation",
}


def compile_security_dilemma(ctx: SpecContext) -> NormalFormGame:
    """Expand a ``security_dilemma`` spec into its 2x2 normal-form game."""
    ctx.check_keys((), KEYS, "a security_dilemma spec")
    players = ctx.attempt(lambda: ctx.name_list(("players",), "player names, e.g. [A, B]",
                                                count=2, default=["A", "B"]), None)
    names = ctx.attempt(lambda: ctx.name_list(
        ("strategies",), "strategy names: [cooperate-name, defect-name]", count=2,
        default=["Cooperate", "Defect"]), None)
    # payoffs and outcome labels are checked independently (validate reports both)
    values = ctx.attempt(lambda: _trps(ctx), None)
    labels = ctx.attempt(lambda: _labels(ctx), None)
    if players is None or names is None or values is None or labels is None:
        raise ctx.errors[-1]  # the loader reports every recorded error
    T, R, P, S = (values[k] for k in ("T", "R", "P", "S"))
    payoffs = np.empty((2, 2, 2), dtype=object)
    payoffs[0] = [[R, S], [T, P]]
    payoffs[1] = [[R, T], [S, P]]
    outcomes: dict[tuple[int, ...], str] = {
        (0, 0): labels["mutual cooperation"],
        (1, 1): labels["mutual defection"],
        (0, 1): labels["exploitation"],
        (1, 0): labels["exploitation"],
    }
    exact = [to_fraction(v) for v in (T, R, P, S)]
    numbers = exact if all(e is not None for e in exact) else [float(v) for v in (T, R, P, S)]
    classification = classify_2x2(*numbers)
    # sympy expressions, not text: explain uses them as they are (printing and
    # re-parsing them would meet sympy's names, Piecewise, Max, Mod ...); parsed on first
    # use, so that solve does not import sympy
    symbolic = SymbolicExpressions(
        {k: ctx.get(("payoffs", k)) for k in ("T", "R", "P", "S")} if not ctx.errors else {},
        ctx.names)
    return build_game(
        ctx,
        list(players),
        [list(names), list(names)],
        payoffs,
        outcomes,
        info={
            "classification": classification.as_dict(),
            "TRPS": dict(zip("TRPS", numbers, strict=True)),
            "symbolic_payoffs": symbolic,
            "cooperate": names[0],
            "defect": names[1],
        },
    )


def _trps(ctx: SpecContext) -> dict[str, Any]:
    raw = ctx.get(("payoffs",))
    if not isinstance(raw, dict):
        raise ctx.error(("payoffs",), "expected a mapping {T: ..., R: ..., P: ..., S: ...}")
    ctx.check_keys(("payoffs",), {"T", "R", "P", "S"}, "security_dilemma payoffs")
    values = {}
    for key in ("T", "R", "P", "S"):
        if key not in raw:
            raise ctx.error(("payoffs",), f"missing payoff '{key}'; give all of T, R, P, S")
        values[key] = ctx.number_or_record(("payoffs", key))
    return values


def _labels(ctx: SpecContext) -> dict[str, str]:
    labels = dict(DEFAULT_LABELS)
    custom = ctx.get(("outcomes",))
    if custom is not None:
        if not isinstance(custom, dict):
            raise ctx.error(("outcomes",), "expected a mapping default-label: your-label")
        ctx.check_keys(("outcomes",), set(DEFAULT_LABELS), "security_dilemma outcomes")
        labels.update({k: ctx.name(("outcomes", k), "an outcome label") for k in custom})
    return labels
