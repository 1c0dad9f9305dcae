"""Compile ``kind: normal`` specs into :class:`~alliance_games.games.normal.NormalFormGame`.

Shape of the spec (see ``docs/spec.md``)::

    players:                       # a list of {name, strategies} ...
      - {name: A, strategies: [Restrain, Arm]}
      - {name: B, strategies: [Restrain, Arm]}
    # ... or a mapping   players: {A: [Restrain, Arm], B: [Restrain, Arm]}
    payoffs:                       # per-player matrices (nested lists, one level per player)
      A: [[R, S], [T, P]]
      B: [[R, T], [S, P]]
    # ... or a table of profiles
    payoffs:
      - {profile: [Restrain, Restrain], payoffs: [R, R], outcome: mutual restraint}
    outcomes:                      # label -> profile or list of profiles ('*' = any)
      arms race: [Arm, Arm]
      exploitation: [[Restrain, Arm], [Arm, Restrain]]
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..errors import GameError, quote
from ..games.normal import NormalFormGame, Profile
from .context import SpecContext

__all__ = ["compile_normal", "read_players", "read_outcomes", "build_game"]

NORMAL_KEYS = {"name", "description", "references", "kind", "parameters", "players",
               "payoffs", "outcomes", "notes"}


def compile_normal(ctx: SpecContext) -> NormalFormGame:
    """Build the normal-form game a ``kind: normal`` spec describes."""
    ctx.check_keys((), NORMAL_KEYS, "a normal-form spec")
    players, strategies = read_players(ctx)
    shape = tuple(len(s) for s in strategies)
    # payoffs and outcomes are checked independently, so that validate reports both
    blank: tuple[np.ndarray, dict[Profile, str]] = (
        np.zeros((len(players), *shape), dtype=object), {})
    payoffs, table_outcomes = ctx.attempt(
        lambda: _read_payoffs(ctx, players, strategies, shape), blank)
    outcomes = ctx.attempt(lambda: read_outcomes(ctx, players, strategies), {})
    for prof, label in table_outcomes.items():
        outcomes.setdefault(prof, label)
    if ctx.errors:
        raise ctx.errors[-1]  # the loader reports every recorded error
    return build_game(ctx, players, strategies, payoffs, outcomes)


def build_game(
    ctx: SpecContext,
    players: list[str],
    strategies: list[list[str]],
    payoffs: np.ndarray,
    outcomes: dict[Profile, str],
    info: dict[str, Any] | None = None,
) -> NormalFormGame:
    """Assemble the game with the spec's name, parameters and human information."""
    data = ctx.data
    meta = {
        "description": str(data.get("description", "") or "").strip(),
        "references": ctx.references(),
        "source": ctx.filename,
        "kind": data.get("kind", "normal"),
        "notes": str(data.get("notes", "") or "").strip(),
        "parameter_descriptions": {n: p.description for n, p in ctx.parameters.items()},
        "symbolic_payoffs": None,
    }
    meta.update(info or {})
    try:
        return NormalFormGame.from_payoff_array(
            payoffs,
            players=players,
            strategies=strategies,
            name=str(data.get("name", "") or (ctx.filename or "game")),
            outcomes=outcomes,
            parameters={n: p.python_value for n, p in ctx.parameters.items()},
            info=meta,
        )
    except GameError as exc:
        where = _first_bad_payoff(ctx) if "finite" in str(exc) else None
        raise ctx.error(where or ("payoffs",), str(exc)) from None


def _first_bad_payoff(ctx: SpecContext) -> tuple[str | int, ...] | None:
    """The path of the first payoff that is not a finite number (for the message
    "payoffs must be finite numbers", which the game raises without a place)."""
    import math

    def walk(node: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            try:
                return None if math.isfinite(float(ctx.number(path))) else path
            except (ArithmeticError, TypeError, ValueError):
                return path
        for key, child in items:
            if key in ("profile", "outcome"):
                continue
            found = walk(child, (*path, key))
            if found:
                return found
        return None

    if ctx.get(("payoffs",)) is None:
        return None
    return walk(ctx.get(("payoffs",)), ("payoffs",))


def _name_list(ctx: SpecContext, path: tuple[str | int, ...], what: str) -> list[str]:
    return ctx.name_list(path, what)


def read_players(ctx: SpecContext) -> tuple[list[str], list[list[str]]]:
    """Player names and each player's strategy names."""
    raw = ctx.get(("players",))
    if raw is None:
        raise ctx.error((), "missing key 'players': list each player with its strategies")
    players: list[str] = []
    strategies: list[list[str]] = []
    if isinstance(raw, dict):
        for name in raw:
            players.append(ctx.name(("players", name), "a player name", name))
            strategies.append(_name_list(ctx, ("players", name), f"{name}'s strategies"))
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                raise ctx.error(
                    ("players", i),
                    "expected {name: ..., strategies: [...]} for each player",
                )
            ctx.check_keys(("players", i), {"name", "strategies", "description"}, "a player")
            name = ctx.name(("players", i, "name"), "the player's name")
            players.append(name)
            strategies.append(
                _name_list(ctx, ("players", i, "strategies"), f"{name}'s strategies")
            )
    else:
        raise ctx.error(("players",), "expected a list of players or a mapping name -> strategies")
    if not players:
        raise ctx.error(("players",), "at least one player is needed")
    paths = ([("players", p) for p in raw] if isinstance(raw, dict)
             else [("players", i, "name") for i in range(len(raw))])
    ctx.distinct(list(zip(paths, players, strict=True)), "players")
    return players, strategies


def _strategy_path(ctx: SpecContext, players: list[str], i: int) -> tuple[str | int, ...]:
    raw = ctx.get(("players",))
    return ("players", players[i]) if isinstance(raw, dict) else ("players", i, "strategies")


def _parse_profile(
    ctx: SpecContext,
    path: tuple[str | int, ...],
    value: Any,
    players: list[str],
    strategies: list[list[str]],
    wildcard: bool = False,
) -> list[Profile]:
    if isinstance(value, str) and ("," in value or "/" in value):
        value = [v.strip() for v in value.replace("/", ",").split(",")]
    if not isinstance(value, list) or len(value) != len(players):
        raise ctx.error(
            path,
            f"expected a profile: a list of {len(players)} strategy names, one per player "
            f"({', '.join(players)})",
        )
    choices: list[list[int]] = []
    for i, name in enumerate(value):
        name = ctx.name(path + (i,), f"a strategy name of {players[i]}", name)
        if wildcard and name == "*":
            choices.append(list(range(len(strategies[i]))))
            continue
        if name not in strategies[i]:
            raise ctx.error(
                path + (i,),
                f"unknown strategy {quote(name)} of {players[i]}; "
                f"{players[i]}'s strategies are {', '.join(strategies[i])}",
            )
        choices.append([strategies[i].index(name)])
    return [tuple(p) for p in itertools.product(*choices)]


def read_outcomes(
    ctx: SpecContext, players: list[str], strategies: list[list[str]]
) -> dict[Profile, str]:
    """``outcomes: {label: profile | [profiles]}`` -> profile -> label."""
    raw = ctx.get(("outcomes",))
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ctx.error(("outcomes",), "expected a mapping 'label: profile or list of profiles'")
    out: dict[Profile, str] = {}
    labels = [(("outcomes", label), ctx.name(("outcomes", label), "an outcome label", label))
              for label in raw]
    ctx.distinct(labels, "outcome labels")
    for label, value in raw.items():
        path: tuple[str | int, ...] = ("outcomes", label)
        if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            groups = [(path + (j,), v) for j, v in enumerate(value)]
        else:
            groups = [(path, value)]
        for gpath, prof in groups:
            for profile in _parse_profile(ctx, gpath, prof, players, strategies, wildcard=True):
                if profile in out and out[profile] != label:
                    names = ", ".join(strategies[i][s] for i, s in enumerate(profile))
                    raise ctx.error(
                        gpath,
                        f"profile ({names}) already has the outcome label "
                        f"{quote(out[profile])}; "
                        "each profile takes one label",
                    )
                out[profile] = label
    return out


def _read_payoffs(
    ctx: SpecContext,
    players: list[str],
    strategies: list[list[str]],
    shape: tuple[int, ...],
) -> tuple[np.ndarray, dict[Profile, str]]:
    """The payoff array ``(player, *profile)`` and the outcome labels, read from either
    form of ``payoffs``: per-player matrices, or a table of profile rows."""
    raw = ctx.get(("payoffs",))
    n = len(players)
    array = np.empty((n, *shape), dtype=object)
    outcomes: dict[Profile, str] = {}
    if raw is None:
        raise ctx.error((), "missing key 'payoffs': per-player matrices or a profile table")
    if isinstance(raw, dict):
        _read_matrices(ctx, raw, players, strategies, shape, array)
    elif isinstance(raw, list):
        _read_profile_table(ctx, raw, players, strategies, shape, array, outcomes)
    else:
        raise ctx.error(("payoffs",), "expected per-player matrices or a list of profile rows")
    return array, outcomes


def _read_matrices(
    ctx: SpecContext,
    raw: dict[Any, Any],
    players: list[str],
    strategies: list[list[str]],
    shape: tuple[int, ...],
    array: np.ndarray,
) -> None:
    """``payoffs: {player: matrix}``: one matrix per player, into ``array``."""
    for key in raw:
        if key not in players:
            raise ctx.error(
                ("payoffs", key),
                f"unknown player {quote(key)}; payoff matrices are keyed by player "
                f"({', '.join(players)})",
            )
    for i, player in enumerate(players):
        if player not in raw:
            raise ctx.error(("payoffs",), f"missing payoff matrix for player {quote(player)}")
        _read_matrix(ctx, ("payoffs", player), raw[player], shape, array, i, players,
                     strategies)


def _read_profile_table(
    ctx: SpecContext,
    raw: list[Any],
    players: list[str],
    strategies: list[list[str]],
    shape: tuple[int, ...],
    array: np.ndarray,
    outcomes: dict[Profile, str],
) -> None:
    """``payoffs: [{profile, payoffs, outcome}, ...]``: one row per profile, every
    profile exactly once, into ``array`` and ``outcomes``."""
    seen: dict[Profile, int] = {}
    for r, row in enumerate(raw):
        path: tuple[str | int, ...] = ("payoffs", r)
        if not isinstance(row, dict):
            raise ctx.error(
                path, "expected {profile: [...], payoffs: [...]} (optionally outcome: label)"
            )
        ctx.check_keys(path, {"profile", "payoffs", "payoff", "outcome"}, "a payoff row")
        key = "payoffs" if "payoffs" in row else "payoff"
        if "profile" not in row or key not in row:
            raise ctx.error(path, "each payoff row needs 'profile' and 'payoffs'")
        (profile,) = _parse_profile(ctx, path + ("profile",), row["profile"], players,
                                    strategies)
        if profile in seen:
            raise ctx.error(
                path + ("profile",),
                f"profile listed twice (also in payoffs[{seen[profile]}])",
            )
        seen[profile] = r
        vector, paths = _row_payoffs(ctx, row[key], path + (key,), players)
        for i, (v, p) in enumerate(zip(vector, paths, strict=True)):
            array[(i, *profile)] = ctx.number_or_record(p, v)
        label = ctx.label(path + ("outcome",), "an outcome label")
        if label is not None:
            outcomes[profile] = label
    missing = [p for p in itertools.product(*(range(m) for m in shape)) if p not in seen]
    if missing:
        names = ", ".join(strategies[i][s] for i, s in enumerate(missing[0]))
        raise ctx.error(
            ("payoffs",),
            f"{len(missing)} profile(s) have no payoffs, e.g. ({names}); list every profile",
        )


def _row_payoffs(
    ctx: SpecContext, vector: Any, vpath: tuple[str | int, ...], players: list[str]
) -> tuple[list[Any], list[tuple[str | int, ...]]]:
    """A row's payoffs (a list, or a mapping by player) in player order, with their paths."""
    n = len(players)
    if isinstance(vector, dict):
        for k in vector:
            if k not in players:
                raise ctx.error(vpath + (k,), f"unknown player {quote(k)}")
        vector = [vector.get(p) for p in players]
        paths = [vpath + (p,) for p in players]
    elif isinstance(vector, list):
        paths = [vpath + (i,) for i in range(len(vector))]
    else:
        raise ctx.error(vpath, f"expected {n} payoffs, one per player")
    if len(vector) != n or any(v is None for v in vector):
        raise ctx.error(vpath, f"expected {n} payoffs, one per player, found "
                        f"{sum(v is not None for v in vector)}")
    return vector, paths


def _read_matrix(
    ctx: SpecContext,
    path: tuple[str | int, ...],
    value: Any,
    shape: tuple[int, ...],
    array: np.ndarray,
    player: int,
    players: list[str],
    strategies: list[list[str]],
) -> None:
    def walk(node: Any, depth: int, index: tuple[int, ...], p: tuple[str | int, ...]) -> None:
        if depth == len(shape):
            if isinstance(node, list | dict):
                raise ctx.error(p, "expected a payoff here, found a nested list: the matrix "
                                f"has more levels than the {len(shape)} players")
            array[(player, *index)] = ctx.number_or_record(p, node)
            return
        if not isinstance(node, list) or len(node) != shape[depth]:
            found = f"a list of {len(node)}" if isinstance(node, list) else "a single value"
            raise ctx.error(
                p,
                f"wrong matrix shape: expected a list of {shape[depth]} entries for "
                f"{players[depth]}'s strategies ({', '.join(strategies[depth])}), found {found}",
            )
        for k, child in enumerate(node):
            walk(child, depth + 1, index + (k,), p + (k,))

    walk(value, 0, (), path)
