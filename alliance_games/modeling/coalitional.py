"""The ``coalitional`` family: weighted voting and characteristic-function games.

Spec shape (see ``docs/spec-coalitional.md``)::

    kind: coalitional
    players: [China, France, Russia, United Kingdom, United States, ...]
    weights: [7, 7, 7, 7, 7, 1, ...]      # expressions; with a quota: a weighted voting game
    quota: 39
    against: Russia                       # optional: the state the coalitions balance

    # or a characteristic function, one entry per coalition (others are worth 0):
    values:
      - {coalition: [A, B], value: 60}
      - {coalition: [A, B, C], value: 120}

    # or a formula over the coalition (names: size, n, weight, total_weight, quota and
    # the parameters), in the restricted expression language:
    value: "size**2 if weight >= quota else 0"

Every expression is parsed by :mod:`alliance_games.modeling.expr` (never ``eval``). A
formula is evaluated once per distinct (size, weight) pair, not once per coalition.

References
----------
Shapley, L. S. & Shubik, M. (1954). *American Political Science Review* 48(3), 787-792.
Riker, W. H. (1962). *The Theory of Political Coalitions*. Yale University Press.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from ..errors import GameError, quote
from ..games.coalitional import MAX_PLAYERS, CoalitionalGame, coalition_count_message
from ..numbers import as_sympy, to_fraction
from .context import SpecContext, SymbolicExpressions, parse_checked
from .expr import substitute
from .public_goods import family_info, python_number

__all__ = ["compile_coalitional", "FORMULA_NAMES"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "weights",
        "quota", "values", "value", "against", "notes", "historical_outcome"}
#: the names a ``value`` formula may use besides the parameters
FORMULA_NAMES = ("size", "n", "weight", "total_weight", "quota")
_MAX_FORMULA_POINTS = 50_000


def compile_coalitional(ctx: SpecContext) -> CoalitionalGame:
    """Build the :class:`~alliance_games.games.coalitional.CoalitionalGame` of a spec."""
    ctx.check_keys((), KEYS, "a coalitional spec")
    players = _players(ctx)
    weights = _vector(ctx, "weights", len(players))
    quota = python_number(ctx.number(("quota",))) if "quota" in ctx.data else None
    has_values, has_formula = "values" in ctx.data, "value" in ctx.data
    if has_values and has_formula:
        raise ctx.error(("value",), "give either a 'values' table or a 'value' formula, not both")
    against = ctx.label(("against",), "the state the coalitions balance against")
    if against is not None and against in players:
        raise ctx.error(("against",), f"{quote(against)} is a player; 'against' names the "
                                      "threatening state outside the coalition game")
    symbolic: Any = {}
    if isinstance(ctx.get(("weights",)), list) and "quota" in ctx.data:
        # the weights and the quota have been computed, so they parse: sympy
        # expressions for explain, parsed when first read (solve never does)
        symbolic = SymbolicExpressions(
            {"weights": [ctx.get(("weights", i)) for i in range(len(players))],
             "quota": ctx.get(("quota",))}, ctx.names)
    info = family_info(ctx, against=against, symbolic=symbolic,
                       historical_outcome=_history(ctx, players))
    common: dict[str, Any] = {
        "name": str(ctx.data.get("name", "") or (ctx.filename or "coalitional game")),
        "parameters": {k: p.python_value for k, p in ctx.parameters.items()},
        "info": info,
    }
    try:
        if has_values:
            return CoalitionalGame.from_values(players, _table(ctx, players), **common)
        if has_formula:
            return _formula_game(ctx, players, weights, quota, common)
        if weights is None or quota is None:
            raise ctx.error((), "a coalitional spec needs weights and a quota (a weighted "
                                "voting game), a 'values' table or a 'value' formula")
        game = CoalitionalGame.weighted_voting(players, weights, quota, **common)
    except GameError as exc:
        raise ctx.error(("weights",) if "weight" in str(exc) else
                        ("quota",) if "quota" in str(exc) else (), str(exc)) from None
    total = sum(weights, Fraction(0))
    return replace(game, info={**game.info, "proper": bool(quota > total / 2),
                               "classification": _classify(game)})


def _history(ctx: SpecContext, players: list[str]) -> dict[str, Any] | None:
    """``historical_outcome: {coalition: [names], text: ...}``: what happened, so that the
    predictions can say whether the model gets it right."""
    raw = ctx.get(("historical_outcome",))
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - {"coalition", "text"} or "text" not in raw:
        raise ctx.error(("historical_outcome",), "expected {coalition: [player names], "
                                                 "text: what happened}")
    text = ctx.text(("historical_outcome", "text"), "what happened")
    members = raw.get("coalition")
    if members is None:
        return {"text": text}
    if not isinstance(members, list) or not members:
        raise ctx.error(("historical_outcome", "coalition"), "expected a list of players")
    for j, name in enumerate(members):
        if str(name) not in players:
            raise ctx.error(("historical_outcome", "coalition", j),
                            f"unknown player {quote(str(name))}; players are "
                            f"{', '.join(players)}")
    return {"text": text, "coalition": [str(m) for m in members]}


def _players(ctx: SpecContext) -> list[str]:
    raw = ctx.get(("players",))
    if not isinstance(raw, list) or not raw:
        raise ctx.error(("players",), "expected a list of player names")
    if len(raw) > MAX_PLAYERS:
        raise ctx.error(("players",), coalition_count_message(len(raw)))
    names = ctx.name_list(("players",), "player names")
    if len(names) < 2:
        raise ctx.error(("players",), "a coalitional game needs at least two players")
    return names


def _vector(ctx: SpecContext, key: str, n: int) -> list[Any] | None:
    raw = ctx.get((key,))
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != n:
        raise ctx.error((key,), f"expected a list of {n} expressions, one per player")
    return [python_number(ctx.number((key, k))) for k in range(n)]


def _table(ctx: SpecContext, players: list[str]) -> dict[int, Any]:
    raw = ctx.get(("values",))
    if not isinstance(raw, list):
        raise ctx.error(("values",), "expected a list of {coalition: [names], value: expr}")
    out: dict[int, Any] = {}
    for k, entry in enumerate(raw):
        if not isinstance(entry, dict) or set(entry) != {"coalition", "value"}:
            raise ctx.error(("values", k), "expected {coalition: [player names], value: expr}")
        members = entry["coalition"]
        if not isinstance(members, list) or not members:
            raise ctx.error(("values", k, "coalition"), "expected a non-empty list of players")
        mask = 0
        for j, name in enumerate(members):
            if str(name) not in players:
                raise ctx.error(("values", k, "coalition", j),
                                f"unknown player {quote(str(name))}; players are "
                                f"{', '.join(players)}")
            mask |= 1 << players.index(str(name))
        if mask in out:
            raise ctx.error(("values", k), "this coalition is listed twice")
        out[mask] = python_number(ctx.number(("values", k, "value")))
    return out


def _formula_game(ctx: SpecContext, players: list[str], weights: list[Any] | None,
                  quota: Any, common: dict[str, Any]) -> CoalitionalGame:
    n = len(players)
    names = set(ctx.names) | {"size", "n"}
    if weights is not None:
        names |= {"weight", "total_weight"}
    if quota is not None:
        names.add("quota")
    raw = ctx.get(("value",))
    parsed: list[Any] = []

    def formula() -> Any:
        """The formula as a sympy expression, parsed once, when the numeric path first
        leaves a point to sympy (a parse error is raised then: before any value)."""
        if not parsed:
            try:
                parsed.append(parse_checked(raw, names))
            except Exception as exc:  # a SpecError from the parser: locate it
                from ..errors import SpecError

                if not isinstance(exc, SpecError):
                    raise
                line, column = ctx.doc.where(("value",))
                raise exc.located(file=ctx.filename, line=line, column=column,
                                  path="value") from None
        return parsed[0]

    w = weights or [0] * n
    sums: dict[tuple[int, Any], Any] = {}
    values: list[Any] = [0] * (2 ** n)
    cache_size = 0
    for mask in range(1, 2 ** n):
        size = bin(mask).count("1")
        weight = sum((w[i] for i in range(n) if mask >> i & 1), Fraction(0))
        key = (size, weight)
        if key not in sums:
            cache_size += 1
            if cache_size > _MAX_FORMULA_POINTS:
                raise ctx.error(("value",), f"the formula would be evaluated at more than "
                                            f"{_MAX_FORMULA_POINTS:,} distinct (size, weight) "
                                            "points; use integer weights or fewer players")
            scope: dict[str, Any] = {"size": Fraction(size), "n": Fraction(n)}
            if weights is not None:
                scope.update(weight=weight, total_weight=sum(w, Fraction(0)))
            if quota is not None:
                scope["quota"] = quota
            fast = ctx.fast_number(raw, scope)
            if fast is not None:
                sums[key] = fast
                values[mask] = fast
                continue
            expr = formula()
            import sympy  # the numeric path left this point to sympy

            subs = {**ctx.values, "size": as_sympy(size), "n": as_sympy(n)}
            if weights is not None:
                subs.update(weight=as_sympy(weight),
                            total_weight=as_sympy(sum(w, Fraction(0))))
            if quota is not None:
                subs["quota"] = as_sympy(quota)
            try:
                result = substitute(expr, subs)
            except Exception as exc:
                from ..errors import SpecError

                if not isinstance(exc, SpecError):
                    raise
                raise ctx.error(("value",), f"at a coalition of size {size}: {exc}") from None
            if isinstance(result, sympy.logic.boolalg.BooleanAtom):
                raise ctx.error(("value",), "the formula gives a condition, not a number")
            frac = to_fraction(result)
            sums[key] = frac if frac is not None else float(result)
        values[mask] = sums[key]
    return CoalitionalGame.from_values(players, values, **common)


def _classify(game: CoalitionalGame) -> dict[str, str]:
    """How a weighted game reads (its name shows as the report's Type and sweep's
    game_type): veto players mean a non-empty core (for simple games, exactly)."""
    if not game.is_simple:
        return {"name": "weighted voting game (not simple)", "ordering": "",
                "reading": "a weighted game whose grand coalition loses"}
    grand = game.grand
    veto = [p for i, p in enumerate(game.players) if not game.table[grand & ~(1 << i)]]
    if veto:
        return {"name": "weighted majority game with veto players",
                "ordering": "veto: " + ", ".join(veto),
                "reading": "no coalition wins without the veto players, so the core "
                           "(divisions among them) is non-empty"}
    return {"name": "weighted majority game without veto players (empty core)",
            "ordering": "no player is in every winning coalition",
            "reading": "every division of the spoils is blocked by some winning coalition"}
