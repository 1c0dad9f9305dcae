"""The ``public_goods`` family: allies choosing how much to spend on the common defence.

Spec shape (see ``docs/spec_alliance.md``)::

    kind: public_goods
    utility: cobb_douglas          # quasi_linear_log | quasi_linear_power | cobb_douglas
                                   # | isoelastic
    exponent: 0.5                  # β (quasi_linear_power) or η (isoelastic) only
    parameters:
      n_allies: 3                  # how many allies; --set n_allies=5 adds generated ones
      defence_share: 0.1
    valuation: defence_share       # default valuation of every ally (expression)
    allies:                        # named allies (optional); the first n_allies are used
      - {name: United States, income: 100}
      - {name: United Kingdom, income: 20, valuation: 0.12}
    generate:                      # allies beyond the named ones (optional)
      name: "Ally {i}"             # {i} is the ally's position 1..n_allies
      income: 60 / i               # expressions in the parameters and i
      valuation: defence_share     # ... and income

``valuation`` is ``a_i`` (quasi-linear and isoelastic forms: weight of collective
defence) or the budget share ``α_i`` in ``(0, 1)`` (Cobb-Douglas). Without
``n_allies`` the named allies are the alliance.

Reference: Olson, M. & Zeckhauser, R. (1966). An economic theory of alliances. *Review
of Economics and Statistics* 48(3), 266-279.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..errors import GameError, SpecError, quote
from ..games.public_goods import UTILITY_FORMS, PublicGoodsGame
from .context import SpecContext, parse_checked
from .expr import substitute, to_fraction
from .source import format_path

__all__ = ["compile_public_goods", "family_info", "count_parameter", "number_with"]

KEYS = {"name", "description", "references", "kind", "parameters", "utility", "exponent",
        "valuation", "allies", "generate", "n_allies", "notes", "history"}
ALLY_KEYS = {"name", "income", "valuation"}
GENERATE_KEYS = {"name", "income", "valuation"}
MAX_ALLIES = 200


def family_info(ctx: SpecContext, **extra: Any) -> dict[str, Any]:
    """The human information every family game carries (description, references ...)."""
    data = ctx.data
    refs = data.get("references", [])
    if refs is None:
        refs = []
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise ctx.error(("references",), "expected a list of citations (text)")
    info = {
        "description": str(data.get("description", "") or "").strip(),
        "references": list(refs),
        "source": ctx.filename,
        "kind": data.get("kind"),
        "notes": str(data.get("notes", "") or "").strip(),
        # a case model's record: what happened and whether the model gets it right
        **({"history": " ".join(str(data["history"]).split())} if data.get("history") else {}),
        "parameter_descriptions": {n: p.description for n, p in ctx.parameters.items()},
    }
    info.update(extra)
    return info


def python_number(value: Any) -> Any:
    """A spec number (Fraction or sympy number) as a Fraction (rational) or float."""
    frac = to_fraction(value)
    return frac if frac is not None else float(value)


def number_with(
    ctx: SpecContext, path: Sequence[str | int], extra: Mapping[str, Any], value: Any = None
) -> Any:
    """The expression at ``path`` evaluated with the parameters plus ``extra`` names:
    a Fraction by the numeric path where it decides (``extra`` values that are
    Fractions), else a sympy number."""
    raw = ctx.get(path) if value is None else value
    fast = ctx.fast_number(raw, extra)
    if fast is not None:
        return fast
    try:
        expr = parse_checked(raw, set(ctx.names) | set(extra))
        result = substitute(expr, {**ctx.values, **extra})
    except SpecError as exc:
        line, column = ctx.doc.where(path)
        raise exc.located(file=ctx.filename, line=line, column=column,
                          path=format_path(path) or None) from None
    import sympy  # substitute has built sympy objects already

    if isinstance(result, sympy.logic.boolalg.BooleanAtom):
        raise ctx.error(path, f"expected a number, found the condition {raw}")
    return result


def count_parameter(
    ctx: SpecContext, key: str, what: str, low: int, high: int, default: Any = None
) -> int | None:
    """An integer count given at top-level ``key`` (expression) or the parameter ``key``."""
    if key in ctx.data:
        value = ctx.number((key,))
        path: tuple[str | int, ...] = (key,)
    elif key in ctx.parameters:
        value = ctx.parameters[key].value
        path = ("parameters", key)
    elif default is not None:
        return default
    else:
        return None
    frac = to_fraction(value)
    if frac is None or frac.denominator != 1:
        raise ctx.error(path, f"{what} must be a whole number, found {value}")
    count = int(frac)
    if not low <= count <= high:
        raise ctx.error(path, f"{what} must lie between {low} and {high}, found {count}")
    return count


def compile_public_goods(ctx: SpecContext) -> PublicGoodsGame:
    """Build the :class:`~alliance_games.games.public_goods.PublicGoodsGame` of a spec."""
    ctx.check_keys((), KEYS, "a public_goods spec")
    utility, exponent = _utility(ctx)
    named, count, generate = _ally_sources(ctx)
    names, incomes, valuations = [], [], []
    for k in range(count):
        i = Fraction(k + 1)
        if k < len(named):
            name, income, valuation = _listed_ally(ctx, named[k], k, i)
        else:
            assert generate is not None
            name, income, valuation = _generated_ally(ctx, generate, k, i)
        names.append(name)
        incomes.append(python_number(income))
        valuations.append(python_number(valuation))
    ctx.distinct([(("allies", k) if k < len(named) else ("generate", "name"), n)
                  for k, n in enumerate(names)], "allies")
    try:
        return PublicGoodsGame.build(
            names,
            incomes=incomes,
            valuations=valuations,
            utility=utility,
            exponent=exponent,
            name=str(ctx.data.get("name", "") or (ctx.filename or "public goods game")),
            parameters={n: p.python_value for n, p in ctx.parameters.items()},
            info=family_info(ctx, utility=UTILITY_FORMS[utility]),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None


def _utility(ctx: SpecContext) -> tuple[Any, Any]:
    """The utility form (``utility``, checked against :data:`UTILITY_FORMS`) and its
    ``exponent`` (``None`` when the spec gives none)."""
    utility = ctx.get(("utility",), "quasi_linear_log")
    if utility not in UTILITY_FORMS:
        raise ctx.error(("utility",), f"unknown utility form {quote(utility)}; expected one of "
                                      f"{', '.join(UTILITY_FORMS)}")
    exponent = None
    if "exponent" in ctx.data:
        exponent = python_number(ctx.number(("exponent",)))
    return utility, exponent


def _ally_sources(ctx: SpecContext) -> tuple[list[Any], int, dict[str, Any] | None]:
    """The listed allies, how many allies there are (``n_allies`` or the list's length)
    and the ``generate`` rule for those beyond the list (``None`` when absent)."""
    named = ctx.get(("allies",), [])
    if not isinstance(named, list):
        raise ctx.error(("allies",), "expected a list of allies {name, income, valuation}")
    count = count_parameter(ctx, "n_allies", "the number of allies", 1, MAX_ALLIES)
    if count is None:
        count = len(named)
    if count < 1:
        raise ctx.error(("allies",), "give at least one ally (or an n_allies parameter)")
    generate = ctx.get(("generate",))
    if generate is not None:
        if not isinstance(generate, dict):
            raise ctx.error(("generate",), "expected a mapping {name, income, valuation}")
        ctx.check_keys(("generate",), GENERATE_KEYS, "generate")
    if count > len(named) and generate is None:
        raise ctx.error(
            ("allies",),
            f"{count} allies wanted but only {len(named)} listed; add a 'generate' rule "
            "(income and valuation as expressions in i) for the others",
        )
    return named, count, generate


def _listed_ally(ctx: SpecContext, entry: Any, k: int, i: Any) -> tuple[str, Any, Any]:
    """Name, income and valuation of ``allies[k]`` (``i`` = k + 1 in its expressions)."""
    base: tuple[str | int, ...] = ("allies", k)
    if not isinstance(entry, dict):
        raise ctx.error(base, "expected a mapping {name, income, valuation}")
    ctx.check_keys(base, ALLY_KEYS, "an ally")
    name = ctx.label((*base, "name"), "an ally's name") or f"Ally {k + 1}"
    if "income" not in entry:
        raise ctx.error(base, f"ally {quote(name)} needs an income")
    income = number_with(ctx, (*base, "income"), {"i": i})
    if "valuation" in entry:
        valuation = number_with(ctx, (*base, "valuation"),
                                {"i": i, "income": income})
    else:
        valuation = _default_valuation(ctx, i, income, name)
    return name, income, valuation


def _generated_ally(ctx: SpecContext, generate: dict[str, Any], k: int, i: Any
                    ) -> tuple[str, Any, Any]:
    """Name, income and valuation of ally k + 1 by the ``generate`` rule (``i`` = k + 1)."""
    pattern = ctx.label(("generate", "name"), "a name pattern") or "Ally {i}"
    name = pattern.replace("{i}", str(k + 1))
    if "income" not in generate:
        raise ctx.error(("generate",), "the generate rule needs an income expression")
    income = number_with(ctx, ("generate", "income"), {"i": i})
    if "valuation" in generate:
        valuation = number_with(ctx, ("generate", "valuation"),
                                {"i": i, "income": income})
    else:
        valuation = _default_valuation(ctx, i, income, name)
    return name, income, valuation


def _default_valuation(ctx: SpecContext, i: Any, income: Any, name: str) -> Any:
    if "valuation" not in ctx.data:
        raise ctx.error(("allies",), f"ally {quote(name)} needs a valuation (or give a top-level "
                                     "'valuation' for every ally)")
    return number_with(ctx, ("valuation",), {"i": i, "income": income})
