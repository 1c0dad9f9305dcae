"""The ``chain_ganging`` family: chain-ganging and buck-passing in a multipolar system.

Christensen & Snyder (1990) argue that multipolarity breeds two opposite alliance
pathologies and that the perceived offense-defense balance decides which: when offense
is believed dominant (Europe 1914), states tie themselves unconditionally to their
allies, because an ally's quick defeat would be decisive (**chain-ganging**); when
defense is believed dominant (the 1930s), states pass the buck, expecting a long war of
attrition in which whoever stands aside gains (**buck-passing**).

Teaching formalisation (the functional forms are ours; Christensen and Snyder argue
verbally). ``n`` status-quo states face a revisionist. Each chooses **Commit** (fight
from the start beside its allies, cost ``c``) or **Pass** (stand aside). With ``m``
states committed the revisionist wins a quick, decisive war with probability
``θ (n - m)/n``, costing every status-quo state ``L``; ``θ`` in ``[0, 1]`` is the offense
dominance (0: defense dominant, no quick victories). In a long war (probability
``1 - θ``) a state that passed while others fought gains ``r`` in relative position.
With ``k`` other states committing::

    u(Commit | k) = -c - L θ (n - k - 1)/n
    u(Pass   | k) = -L θ (n - k)/n + r (1 - θ) [k > 0]

Committing is worth ``L θ/n - c`` when no one else commits and ``L θ/n - c - r (1 - θ)``
when someone does, so:

* **chain-ganging** (Commit strictly dominant; every state commits unconditionally) iff
  ``θ (L/n + r) > c + r``, i.e. ``θ > θ_chain = (c + r)/(L/n + r)``;
* **buck-passing** (Pass strictly dominant; no one balances) iff ``θ < θ_pass = c n / L``;
* in between, every pure equilibrium has exactly one state committed and the others
  passing the buck to it (plus a symmetric mixed equilibrium).

Both thresholds rise with ``n``: in a more multipolar system each state's commitment
matters less to the outcome.

Collective security is not given a separate form here: the literature we can cite
(Kupchan & Kupchan 1991; Betts 1992) argues about it verbally, and we found no formal
model of a collective-action problem distinct from this one and from the volunteer's
dilemma to reproduce. Read ``Commit`` as honouring a collective-security pledge.

Spec shape::

    kind: chain_ganging
    parameters: {n_states: 3, offense: 0.8, loss: 6, commitment_cost: 1, passing_gain: 1}
    n_states: n_states
    offense: offense
    loss: loss
    commitment_cost: commitment_cost
    passing_gain: passing_gain
    players: [France, Russia, Britain]     # optional names (generated beyond the list)

References
----------
Christensen, T. J. & Snyder, J. (1990). Chain gangs and passed bucks: predicting
alliance patterns in multipolarity. *International Organization* 44(2), 137-168.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import GameError
from ..games.binary import binary_symmetric_game
from ..games.normal import NormalFormGame
from .context import SpecContext
from .public_goods import count_parameter, family_info, python_number

__all__ = ["compile_chain_ganging", "thresholds", "regime", "MAX_STATES"]

KEYS = {"name", "description", "references", "kind", "parameters", "notes", "players",
        "n_states", "offense", "loss", "commitment_cost", "passing_gain", "actions"}
MAX_STATES = 8


def thresholds(n: int, loss: Any, cost: Any, gain: Any) -> tuple[Any, Any]:
    """``(θ_pass, θ_chain) = (c n / L, (c + r)/(L/n + r))``.

    >>> thresholds(3, 6, 1, 1)
    (Fraction(1, 2), Fraction(2, 3))
    """
    f = [Fraction(v) if not isinstance(v, float) else v for v in (loss, cost, gain)]
    big_l, c, r = f
    return c * n / big_l, (c + r) / (big_l / n + r)


def regime(n: int, offense: Any, loss: Any, cost: Any, gain: Any) -> str:
    """``"chain-ganging"``, ``"buck-passing"`` or ``"one state balances"``."""
    low, high = thresholds(n, loss, cost, gain)
    if offense > high:
        return "chain-ganging"
    if offense < low:
        return "buck-passing"
    return "one state balances"


def compile_chain_ganging(ctx: SpecContext) -> NormalFormGame:
    """Expand a chain-ganging spec into its symmetric n-state normal form."""
    ctx.check_keys((), KEYS, "a chain_ganging spec")
    names = ctx.name_list(("players",), "state names", default=[])
    n = count_parameter(ctx, "n_states", "the number of states", 2, MAX_STATES,
                        default=len(names) or None)
    if n is None:
        raise ctx.error((), "give the number of states (parameter n_states) or their names")
    players = [names[k] if k < len(names) else f"State {k + 1}" for k in range(n)]
    ctx.distinct([(("players",), p) for p in players], "states")
    actions = ctx.name_list(("actions",), "action names: [commit, pass]", count=2,
                            default=["Commit", "Pass"])
    values = {}
    for key in ("offense", "loss", "commitment_cost", "passing_gain"):
        if key not in ctx.data:
            raise ctx.error((), f"missing key '{key}' (an expression over the parameters)")
        values[key] = python_number(ctx.number((key,)))
    theta, big_l = values["offense"], values["loss"]
    c, r = values["commitment_cost"], values["passing_gain"]
    if not 0 <= theta <= 1:
        raise ctx.error(("offense",), f"offense must lie in [0, 1], found {theta}")
    for key, value in (("loss", big_l), ("commitment_cost", c)):
        if value <= 0:
            raise ctx.error((key,), f"{key} must be positive, found {value}")
    if r < 0:
        raise ctx.error(("passing_gain",), f"passing_gain must be >= 0, found {r}")
    commit = [-c - big_l * theta * Fraction(n - k - 1, n) for k in range(n)]
    passing = [-big_l * theta * Fraction(n - k, n) + (r * (1 - theta) if k > 0 else 0)
               for k in range(n)]

    def label(acting: int) -> str:
        if acting == n:
            return "chain-ganging (every state committed)"
        if acting == 0:
            return "buck-passing (no state balances)"
        return f"buck-passing onto {acting} of {n}"

    low, high = thresholds(n, big_l, c, r)
    try:
        return binary_symmetric_game(
            n, commit, passing, players=players, actions=actions, outcome=label,
            name=str(ctx.data.get("name", "") or (ctx.filename or "chain-ganging game")),
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(ctx, chain_ganging={
                "n_states": n, "offense": theta, "loss": big_l, "commitment_cost": c,
                "passing_gain": r, "buck_passing_below": low, "chain_ganging_above": high,
                "regime": regime(n, theta, big_l, c, r)}),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
