"""Plain-language readings of coalitional games: power, winning alliances, stability.

The solver (:mod:`alliance_games.solvers.coalitional.solve`) puts the figures in
``extra``; this module writes what a scholar of coalitions reads from them:

- power is not weight: the Shapley-Shubik and Banzhaf indices beside the weight shares;
- Riker's (1962) size principle: the coalition predicted to form is a minimal winning
  coalition of smallest weight;
- veto players, and null players whose weight buys no power;
- the core: empty (every division of the spoils is blocked by some coalition, so no
  alliance is stable: the balance-of-power instability of Riker and of Niou, Ordeshook
  & Rose 1989) or not (and then who must be paid).

When the spec names the state the coalitions balance against (``against``), the
winning coalitions read as balancing alliances (Walt 1987): a coalition "wins" when its
capability meets the threat, and when even all of the states together fall short,
balancing is out of reach and Walt expects weak states to bandwagon.

References
----------
Riker, W. H. (1962). *The Theory of Political Coalitions*. Yale University Press.
Walt, S. M. (1987). *The Origins of Alliances*. Cornell University Press.
Niou, E. M. S., Ordeshook, P. C. & Rose, G. F. (1989). *The Balance of Power: Stability
in International Systems*. Cambridge University Press.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..equilibrium import SolveResult
from ..games.coalitional import CoalitionalGame
from ..numbers import format_number, format_percent

__all__ = ["predictions", "power_lines", "coalition_lines", "core_lines"]


def predictions(result: SolveResult) -> list[str] | None:
    """The family's sentences on a coalitional result (``None`` for other games)."""
    game = result.game
    if not isinstance(game, CoalitionalGame):
        return None
    extra = result.extra
    if game.weights is not None and extra.get("grand_coalition_value") == 0:
        return [_no_winner(game)]
    lines: list[str] = []
    lines += coalition_lines(game, extra)
    lines += power_lines(game, extra)
    lines += core_lines(game, extra)
    lines += history_lines(game, extra)
    return lines


def history_lines(game: CoalitionalGame, extra: Mapping[str, Any]) -> list[str]:
    """What happened (the spec's ``historical_outcome``) and whether the size principle's
    coalition is the one that formed."""
    history = game.info.get("historical_outcome")
    if not history:
        return []
    line = f"What happened: {history['text'].strip()}"
    formed = history.get("coalition")
    if formed and extra.get("simple"):
        predicted = [set(c) for c in extra.get("smallest_winning_coalitions") or []]
        minimal = [set(c) for c in extra.get("minimal_winning_coalitions") or []]
        if set(formed) in predicted:
            verdict = (f"the model gets it right: {_coalition(formed)} is the "
                       f"{'only ' if len(predicted) == 1 else ''}coalition the size "
                       "principle predicts")
        elif set(formed) in minimal:
            verdict = (f"the model gets it partly right: {_coalition(formed)} is a minimal "
                       "balancing coalition, but not the smallest one")
        else:
            verdict = (f"the model gets it wrong: {_coalition(formed)} is not a minimal "
                       "winning coalition of this game")
        line += f" Verdict: {verdict}."
    return [line]


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _coalition(members: Sequence[str]) -> str:
    return "{" + ", ".join(members) + "}"


def _no_winner(game: CoalitionalGame) -> str:
    against = game.info.get("against")
    if against:
        return (f"No coalition of these states can balance {against}: even all of them "
                "together fall short of the threat. Walt (1987) expects balancing when "
                "allies are available; without them weak states bandwagon with the "
                "threatening power.")
    return "No coalition wins: the quota exceeds the total weight."


def coalition_lines(game: CoalitionalGame, extra: Mapping[str, Any]) -> list[str]:
    """Winning coalitions, Riker's prediction, veto players; balancing language when the
    spec names the threat."""
    if not extra.get("simple"):
        return []
    against = game.info.get("against")
    lines = []
    smallest = extra.get("smallest_winning_coalitions") or []
    count = extra.get("minimal_winning_count", 0)
    if extra.get("winning_coalitions", 0) == 0:
        return [_no_winner(game)]
    weight = extra.get("smallest_winning_weight")
    weight_text = f" (weight {format_number(weight)})" if weight is not None else ""
    n_smallest = extra.get("smallest_winning_count", len(smallest))
    predicted = "; ".join(_coalition(c) for c in smallest[:2])
    more = f" and {n_smallest - 2} more of the same weight" if n_smallest > 2 else ""
    if against:
        lines.append(
            f"Balancing {against} is feasible: {count} minimal balancing coalition"
            f"{'s' if count != 1 else ''}. Riker's size principle predicts the smallest "
            f"one{weight_text} forms: {predicted}{more}.")
    else:
        lines.append(
            f"{extra.get('winning_coalitions')} winning coalitions, {count} of them minimal; "
            f"Riker's size principle predicts a minimal winning coalition of smallest "
            f"weight{weight_text}: {predicted}{more}.")
    alone = [c[0] for c in extra.get("minimal_winning_coalitions") or [] if len(c) == 1]
    if against and alone:
        lines.append(f"{_names(alone)} can balance {against} alone (internal balancing): "
                     "an alliance is not needed for it.")
    veto = extra.get("veto_players") or []
    if veto:
        role = f"every coalition that balances {against}" if against else \
            "every winning coalition"
        lines.append(f"Veto player{'s' if len(veto) > 1 else ''}: {_names(veto)} "
                     f"(in {role}).")
    dummies = [p for p in extra.get("dummy_players") or []
               if extra.get("shapley_value", {}).get(p, 0) == 0]
    if dummies:
        lines.append(
            f"{_names(dummies)} {'are' if len(dummies) > 1 else 'is a'} null "
            f"player{'s' if len(dummies) > 1 else ''}: never pivotal, so "
            f"{'their' if len(dummies) > 1 else 'its'} capability buys no say in "
            f"which coalition wins{' (the others can balance without it)' if against else ''}.")
    if game.info.get("proper") is False:
        lines.append("The quota is at most half the total weight: two disjoint coalitions "
                     "can both win (an improper game).")
    return lines


def power_lines(game: CoalitionalGame, extra: Mapping[str, Any]) -> list[str]:
    """Shapley-Shubik / Shapley value and Banzhaf index, against the weight shares."""
    phi = extra.get("shapley_value") or {}
    if not phi:
        return []
    shares = extra.get("weight_shares")
    order = sorted(phi, key=lambda p: -float(phi[p]))
    shown = _distinct(order, phi)
    if extra.get("simple"):
        banzhaf = extra.get("banzhaf_index") or {}
        parts = []
        for p in shown:
            text = f"{p} {format_percent(phi[p])}"
            if shares is not None:
                text += (f" (weight {format_percent(shares[p])}, "
                         f"Banzhaf {format_percent(banzhaf[p])})")
            parts.append(text)
        return [f"Shapley-Shubik power: {'; '.join(parts)}."
                + (" Power is not proportional to weight." if shares is not None
                   and any(phi[p] != shares[p] for p in phi) else "")]
    return ["Shapley value (average marginal contribution): "
            + "; ".join(f"{p} {format_number(phi[p])}" for p in shown) + "."]


def _distinct(order: list[str], values: Mapping[str, Any]) -> list[str]:
    """One representative per distinct value when many players tie (a long list of equal
    elected members reads as one)."""
    if len(order) <= 6:
        return order
    seen: dict[Any, str] = {}
    for p in order:
        seen.setdefault(values[p], p)
    return list(seen.values())


def core_lines(game: CoalitionalGame, extra: Mapping[str, Any]) -> list[str]:
    """The core: empty with its balanced collection, or a verified core allocation."""
    if "core_empty" not in extra:
        return []
    verified = "" if extra.get("core_certificate_verified") else \
        " (found in floating point; the exact check did not confirm it)"
    eps = extra.get("least_core_epsilon")
    if extra["core_empty"]:
        collection = extra.get("balanced_collection") or []
        shown = ", ".join(f"{_coalition(c['coalition'])} x {format_number(c['weight'])}"
                          for c in collection[:4])
        if len(collection) > 4:
            shown += f" and {len(collection) - 4} more"
        return [f"The core is empty: every division of v(N) = "
                f"{format_number(extra['grand_coalition_value'])} is blocked by some "
                "coalition that can do better alone, so no alliance is stable against "
                "defection. Certificate (Bondareva-Shapley balanced collection): "
                f"{shown}; least-core epsilon {format_number(eps)}{verified}."]
    alloc = extra.get("core_allocation") or {}
    veto = extra.get("veto_players") or []
    if extra.get("simple") and veto:
        text = (f"The core is non-empty: it holds exactly the divisions that give everything "
                f"to the veto player{'s' if len(veto) > 1 else ''} ({_names(veto)})"
                + (", in any split among them" if len(veto) > 1 else "") + verified
                + ": no coalition without "
                + ("them" if len(veto) > 1 else "it") + " can win, so no outsider can "
                "claim a share.")
    else:
        text = ("The core is non-empty: a stable division exists, e.g. "
                + ", ".join(f"{p} {format_number(v)}" for p, v in alloc.items())
                + f" (no coalition can block it; least-core epsilon {format_number(eps)})"
                + verified + ".")
    lines = [text]
    nucleolus = extra.get("nucleolus")
    if nucleolus:
        lines.append("Nucleolus (most stable division, floating point): "
                     + ", ".join(f"{p} {format_number(v)}" for p, v in
                                 list(nucleolus.items())[:8])
                     + (" ..." if len(nucleolus) > 8 else "") + ".")
    return lines
