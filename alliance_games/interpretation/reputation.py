"""Plain-language readings of the chain store (reputation) results.

The solver (:mod:`alliance_games.solvers.reputation.kreps_wilson`) puts the figures in
``extra``: ``thresholds`` (``b^k``), ``path`` (per market: beliefs, entry, fight and
accommodation probabilities, the weak incumbent's fight probability and the posterior
after a fight), ``expected_entries``, ``selten_paradox``. This module writes the
sentences: one line per market, then what the reputation buys.

References
----------
D. M. Kreps & R. Wilson, "Reputation and imperfect information", *Journal of Economic
Theory* 27(2), 1982, pp. 253-279.
R. Selten, "The chain store paradox", *Theory and Decision* 9(2), 1978, pp. 127-159.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..equilibrium import SolveResult
from ..games.reputation import ReputationGame
from ..numbers import format_number, format_percent

__all__ = ["predictions", "market_line"]


def predictions(result: SolveResult) -> list[str] | None:
    """Market-by-market entry, fighting and beliefs; Selten's paradox when it applies."""
    game = result.game
    if not isinstance(game, ReputationGame) or "path" not in result.extra:
        return None
    extra = result.extra
    lines = []
    if extra.get("selten_paradox"):
        lines.append(
            "Selten's chain store paradox: with no chance that the incumbent is tough, "
            "backward induction unravels deterrence from the last market: every "
            "challenger enters and the incumbent accommodates in every market, however "
            "many there are.")
    else:
        lines.append(
            f"Kreps-Wilson reputation equilibrium (sequential): a challenger with k "
            f"markets left enters when the belief that the incumbent is tough is below "
            f"b^k (b = {format_number(game.entrant_gain)}), stays out above it, and at it "
            f"stays out with probability 1/a = {format_number(1 / game.monopoly)}; the "
            "weak incumbent fights an entry with the probability that lifts the belief to "
            "b^(k-1), and one accommodation reveals it as weak.")
    lines += [market_line(m, game.markets) for m in extra["path"]]
    deterred = extra.get("deterred_markets", 0)
    lines.append(
        f"Expected entries {format_number(extra['expected_entries'])} of {game.markets}, "
        f"expected fights {format_number(extra['expected_fights'])}; the weak incumbent "
        f"expects {format_number(extra['payoff_weak'])} in total"
        + (f", and {deterred} market{'s are' if deterred != 1 else ' is'} deterred outright."
           if deterred else "."))
    return lines


def market_line(m: Mapping[str, Any], markets: int) -> str:
    """One market: the belief(s) at its start, entry, fighting and the posterior."""
    beliefs = m["beliefs"]
    shown = ", ".join(
        f"{format_number(b['belief'])}" + (f" (w.p. {format_percent(b['probability'])})"
                                           if len(beliefs) > 1 else "")
        for b in beliefs)
    k = m["markets_left"]
    text = (f"Market {m['market']} of {markets} ({k} left, entry threshold b^{k} = "
            f"{format_number(m['entry_threshold'])}): belief tough {shown}; "
            f"P(entry) {format_percent(m['P(entry)'])}")
    if m["P(entry)"]:
        text += (f", P(fight) {format_percent(m['P(fight)'])}, "
                 f"P(accommodate) {format_percent(m['P(accommodate)'])}")
        live = [(w["belief"], w["probability"]) for w in m["weak_fight_probability"]
                if w["belief"]]
        if k > 1 and live:
            text += "; the weak incumbent fights w.p. " + ", ".join(
                f"{format_number(f)} at {format_number(q)}" for q, f in live)
            posts = [(p["belief"], p["posterior"]) for p in m["posterior_after_fight"]
                     if p["belief"]]
            text += "; after a fight the belief is " + ", ".join(
                format_number(post) for _, post in posts)
    return text + "."
