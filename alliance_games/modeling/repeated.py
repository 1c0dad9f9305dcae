"""The ``repeated`` family: an infinitely repeated stage game with a discount factor.

Two stage games (see ``docs/spec_alliance.md``)::

    kind: repeated
    stage: two_by_two                  # symmetric 2x2 from T, R, P, S
    players: [State A, State B]        # optional
    strategies: [Restrain, Arm]        # optional: cooperate / defect names
    payoffs: {T: temptation, R: reward, P: punishment, S: sucker}
    discount_factor: delta             # optional: lists the cooperative equilibrium
    horizon: 10                        # optional: N periods, last one known (0: none)

    kind: repeated
    stage: linear_public_good          # u_i = -x_i + r * sum(x) / n, x_i in {0, 1}
    n_players: n_states                # expression (or a parameter named n_players)
    multiplier: r                      # 1 < r < n
    discount_factor: delta

The compiled game is the stage game (a normal form) with ``info["repeated"]`` holding
the discount factor and the cooperative action, so ``--method repeated`` (and ``auto``
for 3+ players) reports the critical discount factor.

References: Friedman, J. W. (1971). A non-cooperative equilibrium for supergames.
*Review of Economic Studies* 38(1), 1-12; Axelrod, R. (1984). *The Evolution of
Cooperation*. Basic Books.
"""

from __future__ import annotations

import numpy as np

from ..errors import GameError, quote
from ..games.binary import linear_public_good
from ..games.classify import classify_2x2
from ..games.normal import NormalFormGame
from .context import SpecContext
from .expr import to_fraction
from .normal import build_game
from .public_goods import count_parameter, family_info, python_number

__all__ = ["compile_repeated"]

KEYS = {"name", "description", "references", "kind", "parameters", "stage", "players",
        "strategies", "payoffs", "outcomes", "discount_factor", "n_players", "multiplier",
        "notes", "horizon"}
LABELS = {"mutual cooperation": "mutual cooperation", "mutual defection": "mutual defection",
          "exploitation": "exploitation", "partial cooperation": "partial cooperation"}
MAX_PLAYERS = 12


def compile_repeated(ctx: SpecContext) -> NormalFormGame:
    """Build the stage game of a repeated-game spec, carrying the discount factor."""
    ctx.check_keys((), KEYS, "a repeated spec")
    stage = ctx.get(("stage",), "two_by_two")
    delta = None
    if "discount_factor" in ctx.data:
        delta = python_number(ctx.number(("discount_factor",)))
        if not 0 <= delta < 1:
            raise ctx.error(("discount_factor",), f"must lie in [0, 1), found {delta}")
    horizon = None
    if "horizon" in ctx.data:
        value = python_number(ctx.number(("horizon",)))
        if value != int(value) or int(value) < 0:
            raise ctx.error(("horizon",), f"expected a whole number of periods >= 1 (the "
                                          "last period known to all), or 0 for no known "
                                          f"last period; found {value}")
        horizon = int(value) or None
    labels = dict(LABELS)
    custom = ctx.get(("outcomes",))
    if custom is not None:
        if not isinstance(custom, dict):
            raise ctx.error(("outcomes",), "expected a mapping default-label: your-label")
        ctx.check_keys(("outcomes",), set(LABELS), "repeated outcomes")
        labels.update({k: ctx.name(("outcomes", k), "an outcome label") for k in custom})
    if stage == "two_by_two":
        return _two_by_two(ctx, delta, labels, horizon)
    if stage == "linear_public_good":
        return _linear_public_good(ctx, delta, labels, horizon)
    raise ctx.error(("stage",), f"unknown stage game {quote(stage)}; use two_by_two or "
                                "linear_public_good")


def _settings(delta: object, cooperate: str, horizon: int | None) -> dict[str, object]:
    """``info["repeated"]``: the discount factor, the cooperative action and, when the
    spec sets one, the finite ``horizon``."""
    out: dict[str, object] = {"discount_factor": delta, "cooperate": cooperate}
    if horizon is not None:
        out["horizon"] = horizon
    return out


def _names(ctx: SpecContext, key: str, default: list[str], count: int | None) -> list[str]:
    return ctx.name_list((key,), "player names" if key == "players" else "strategy names",
                         count=count, default=default)


def _two_by_two(ctx: SpecContext, delta: object, labels: dict[str, str],
                horizon: int | None = None) -> NormalFormGame:
    players = _names(ctx, "players", ["A", "B"], 2)
    actions = _names(ctx, "strategies", ["Cooperate", "Defect"], 2)
    raw = ctx.get(("payoffs",))
    if not isinstance(raw, dict):
        raise ctx.error(("payoffs",), "expected a mapping {T: ..., R: ..., P: ..., S: ...}")
    ctx.check_keys(("payoffs",), {"T", "R", "P", "S"}, "stage payoffs")
    values = {}
    for key in "TRPS":
        if key not in raw:
            raise ctx.error(("payoffs",), f"missing payoff {key!r}; give all of T, R, P, S")
        values[key] = ctx.number_or_record(("payoffs", key))
    T, R, P, S = (values[k] for k in "TRPS")
    payoffs = np.empty((2, 2, 2), dtype=object)
    payoffs[0] = [[R, S], [T, P]]
    payoffs[1] = [[R, T], [S, P]]
    outcomes: dict[tuple[int, ...], str] = {
        (0, 0): labels["mutual cooperation"], (1, 1): labels["mutual defection"],
        (0, 1): labels["exploitation"], (1, 0): labels["exploitation"]}
    exact = [to_fraction(v) for v in (T, R, P, S)]
    numbers = exact if all(e is not None for e in exact) else [float(v) for v in (T, R, P, S)]
    return build_game(
        ctx, players, [actions, actions], payoffs, outcomes,
        info={
            "classification": classify_2x2(*numbers).as_dict(),
            "TRPS": dict(zip("TRPS", numbers, strict=True)),
            "cooperate": actions[0],
            "defect": actions[1],
            "repeated": _settings(delta, actions[0], horizon),
        },
    )


def _linear_public_good(
    ctx: SpecContext, delta: object, labels: dict[str, str], horizon: int | None = None
) -> NormalFormGame:
    n = count_parameter(ctx, "n_players", "the number of players", 2, MAX_PLAYERS)
    if n is None:
        raise ctx.error((), "give the number of players: n_players (an expression)")
    if "multiplier" not in ctx.data:
        raise ctx.error((), "missing key 'multiplier' (r, the return on contributions)")
    r = python_number(ctx.number(("multiplier",)))
    names = _names(ctx, "players", [f"State {k + 1}" for k in range(n)], None)
    players = [names[k] if k < len(names) else f"State {k + 1}" for k in range(n)]
    actions = _names(ctx, "strategies", ["Cooperate", "Defect"], 2)
    try:
        return linear_public_good(
            n, r, players=players, actions=actions, labels=labels,
            name=str(ctx.data.get("name", "") or (ctx.filename or "linear public good")),
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(
                ctx, cooperate=actions[0], defect=actions[1],
                repeated=_settings(delta, actions[0], horizon),
            ),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
