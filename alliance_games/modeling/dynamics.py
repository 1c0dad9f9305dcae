"""The ``dynamics`` family: Richardson's arms race as a spec.

Spec shape (see ``docs/spec-dynamics.md``)::

    kind: dynamics
    model: richardson            # the only model so far
    players: [United States, Soviet Union]
    reaction: [k, l]             # dx/dt = k y - a x + g
    fatigue: [a, b]              # dy/dt = l x - b y + h
    grievance: [g, h]            # default [0, 0]
    initial: [x0, y0]            # default [0, 0]
    horizon: 20                  # length of the reported time path

Evolutionary and learning dynamics over normal-form games are solver methods
(``--method replicator``, ``asymmetric-replicator``, ``fictitious-play``), not a spec
kind: any two-player catalog game takes them.

References
----------
Richardson, L. F. (1960). *Arms and Insecurity*. Boxwood Press.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import GameError, quote
from ..games.dynamics import RichardsonGame, richardson_regime
from .context import SpecContext
from .public_goods import family_info, python_number

__all__ = ["compile_dynamics", "KEYS", "MODELS"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "model",
        "reaction", "fatigue", "grievance", "initial", "horizon", "notes"}
MODELS = ("richardson",)

_REGIME_NAMES = {
    "stable": ("stable arms race (ab > kl)", "fatigue outweighs reaction: armaments "
               "converge to the rest point"),
    "runaway arms race": ("runaway arms race (ab < kl)", "reaction outweighs fatigue and "
                          "the race starts above the stable line: armaments grow without "
                          "bound"),
    "disarmament": ("unstable, toward disarmament (ab < kl)", "reaction outweighs fatigue "
                    "but the race starts below the stable line: armaments fall"),
    "knife edge": ("unstable, on the knife edge (ab < kl)", "the race starts exactly on "
                   "the stable line of the saddle"),
    "borderline": ("borderline (ab = kl)", "no unique rest point"),
}


def compile_dynamics(ctx: SpecContext) -> RichardsonGame:
    """Build the :class:`~alliance_games.games.dynamics.RichardsonGame` of a spec."""
    ctx.check_keys((), KEYS, "a dynamics spec")
    model = ctx.label(("model",), "the dynamic model") or "richardson"
    if model not in MODELS:
        raise ctx.error(("model",), f"unknown dynamic model {quote(model)}; expected one of "
                                    f"{', '.join(MODELS)} (evolutionary dynamics are "
                                    "methods: --method replicator on a normal-form game)")
    players = ctx.name_list(("players",), "the two states' names", default=["X", "Y"])
    if len(players) != 2:
        raise ctx.error(("players",), "a Richardson arms race has exactly two states")

    def pair(key: str, default: list[Any] | None) -> list[Any]:
        raw = ctx.get((key,))
        if raw is None:
            if default is None:
                raise ctx.error((), f"missing key {quote(key)}: two expressions, one per "
                                    "state")
            return default
        if not isinstance(raw, list) or len(raw) != 2:
            raise ctx.error((key,), "expected a list of two expressions, one per state")
        values = [python_number(ctx.number((key, i))) for i in range(2)]
        if key in ("reaction", "fatigue"):
            for i, v in enumerate(values):
                if v < 0:
                    raise ctx.error((key, i), f"{key} coefficients must be non-negative, "
                                              f"found {v}")
        return values

    paths: dict[str, tuple[str | int, ...]] = {}
    for key, names in (("reaction", ("k", "l")), ("fatigue", ("a", "b")),
                       ("grievance", ("g", "h"))):
        if isinstance(ctx.get((key,)), list) and len(ctx.get((key,))) == 2:
            for i, sym in enumerate(names):
                paths[sym] = (key, i)
    # sympy expressions for explain, parsed when first read where they cannot fail
    symbolic = ctx.symbolic(paths)
    reaction = pair("reaction", None)
    fatigue = pair("fatigue", None)
    grievance = pair("grievance", [0, 0])
    initial = pair("initial", [0, 0])
    horizon = python_number(ctx.number(("horizon",))) if "horizon" in ctx.data else 20
    if horizon <= 0:
        raise ctx.error(("horizon",), f"the horizon must be positive, found {horizon}")
    try:
        game = RichardsonGame.build(
            players, reaction=reaction, fatigue=fatigue, grievance=grievance,
            initial=initial, horizon=horizon,
            name=str(ctx.data.get("name", "") or (ctx.filename or "arms race")),
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(ctx, model=model, symbolic_coefficients=symbolic))
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
    name, reading = _REGIME_NAMES[richardson_regime(game)]
    ordering = f"ab = {game.fatigue[0] * game.fatigue[1]}, kl = " \
               f"{game.reaction[0] * game.reaction[1]}"
    return replace(game, info={**game.info, "classification": {
        "name": name, "ordering": ordering, "reading": reading}})
