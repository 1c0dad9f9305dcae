"""The ``joint_products`` family: defence that is partly a public, partly a private good.

Spec shape::

    kind: joint_products
    parameters:
      private_share: 0.4            # s in [0, 1]: ally-specific share of each unit's output
      defence_value: 0.05
    private_share: private_share    # expression
    valuation: defence_value * income   # default a_i (expression in the parameters, i, income)
    threat: 1                       # default threat weight t_i (same names)
    allies:
      - {name: United States, income: 569, threat: 1}
      - {name: Norway, income: 6, valuation: 0.3, threat: 1.5}
    generate:                       # allies beyond the list when n_allies is larger
      name: "Ally {i}"
      income: 60 / i

Ally ``i``'s utility is ``(w_i - x_i) + a_i t_i [(1 - s) ln X + s ln x_i]``
(:class:`~alliance_games.games.public_goods.JointProductsGame`).

References
----------
Sandler, T. (1977). Impurity of defense: an application to the economics of alliances.
*Kyklos* 30(3), 443-460.
Murdoch, J. C. & Sandler, T. (1984). Complementarity, free riding, and the military
expenditures of NATO allies. *Journal of Public Economics* 25(1-2), 83-101.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import GameError, quote
from ..games.public_goods import JointProductsGame
from .context import SpecContext
from .public_goods import count_parameter, family_info, number_with, python_number

__all__ = ["compile_joint_products"]

KEYS = {"name", "description", "references", "kind", "parameters", "notes", "history",
        "private_share", "valuation", "threat", "allies", "generate", "n_allies"}
ALLY_KEYS = {"name", "income", "valuation", "threat"}
MAX_ALLIES = 200


def compile_joint_products(ctx: SpecContext) -> JointProductsGame:
    """Build the :class:`~alliance_games.games.public_goods.JointProductsGame` of a spec."""
    ctx.check_keys((), KEYS, "a joint_products spec")
    if "private_share" not in ctx.data:
        raise ctx.error((), "missing key 'private_share' (an expression in [0, 1], e.g. "
                            "private_share: private_share)")
    share = python_number(ctx.number(("private_share",)))
    if not 0 <= share <= 1:
        raise ctx.error(("private_share",), f"private_share must lie in [0, 1], found {share}")
    named = ctx.get(("allies",), [])
    if not isinstance(named, list):
        raise ctx.error(("allies",), "expected a list of allies {name, income, valuation, "
                                     "threat}")
    count = count_parameter(ctx, "n_allies", "the number of allies", 1, MAX_ALLIES)
    count = len(named) if count is None else count
    if count < 1:
        raise ctx.error(("allies",), "give at least one ally")
    generate = ctx.get(("generate",))
    if generate is not None:
        if not isinstance(generate, dict):
            raise ctx.error(("generate",), "expected a mapping {name, income, valuation, threat}")
        ctx.check_keys(("generate",), ALLY_KEYS, "generate")
    if count > len(named) and generate is None:
        raise ctx.error(("allies",), f"{count} allies wanted but only {len(named)} listed; add "
                                     "a 'generate' rule for the others")
    names, incomes, valuations, threats = [], [], [], []
    for k in range(count):
        if k < len(named):
            base: tuple[str | int, ...] = ("allies", k)
            entry = named[k]
            if not isinstance(entry, dict):
                raise ctx.error(base, "expected a mapping {name, income, valuation, threat}")
            ctx.check_keys(base, ALLY_KEYS, "an ally")
            name = ctx.label((*base, "name"), "an ally's name") or f"Ally {k + 1}"
        else:
            assert generate is not None
            base, entry = ("generate",), generate
            pattern = ctx.label(("generate", "name"), "a name pattern") or "Ally {i}"
            name = pattern.replace("{i}", str(k + 1))
        i = Fraction(k + 1)
        if "income" not in entry:
            raise ctx.error(base, f"ally {quote(name)} needs an income")
        income = number_with(ctx, (*base, "income"), {"i": i})
        names.append(name)
        incomes.append(python_number(income))
        valuations.append(python_number(_field(ctx, base, entry, "valuation", i, income, name)))
        threats.append(python_number(_field(ctx, base, entry, "threat", i, income, name)))
    ctx.distinct([(("allies", k) if k < len(named) else ("generate", "name"), n)
                  for k, n in enumerate(names)], "allies")
    try:
        return JointProductsGame.build(
            names, incomes=incomes, valuations=valuations, threats=threats,
            private_share=share,
            name=str(ctx.data.get("name", "") or (ctx.filename or "joint-products game")),
            parameters={n: p.python_value for n, p in ctx.parameters.items()},
            info=family_info(ctx, utility="u_i = (w_i - x_i) + a_i t_i [(1 - s) ln X + "
                                          "s ln x_i]"),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None


def _field(ctx: SpecContext, base: tuple[str | int, ...], entry: dict[str, Any], key: str,
           i: Any, income: Any, name: str) -> Any:
    """An ally's ``valuation`` or ``threat``: its own entry, else the top-level default
    (``threat`` defaults to 1)."""
    extra = {"i": i, "income": income}
    if key in entry:
        return number_with(ctx, (*base, key), extra)
    if key in ctx.data:
        return number_with(ctx, (key,), extra)
    if key == "threat":
        return Fraction(1)
    raise ctx.error(base, f"ally {quote(name)} needs a {key} (or give a top-level {key!r} "
                          "for every ally)")
