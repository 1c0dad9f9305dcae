"""From equilibria to what they predict, in plain words.

The solvers say *which profiles* are equilibria; this module says what that means in
the language of the spec's outcome labels ("arms race", "deterrence success", "war"):
each equilibrium's outcome distribution, whether it is Pareto-dominated (the mark of a
dilemma), which of several pure equilibria is risk-dominant (Harsanyi & Selten 1988), the
trust threshold of an assurance game, and the probability of war in chicken.

References
----------
Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
Games*. MIT Press (risk dominance: for a 2x2 game with two strict equilibria, the one
with the larger product of deviation losses).
Jervis, R. (1978). Cooperation under the Security Dilemma. *World Politics* 30(2).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..equilibrium import Equilibrium, SolveResult
from ..games.classify import classify_2x2, symmetric_2x2_payoffs
from ..games.normal import NormalFormGame
from ..numbers import format_number, format_percent
from .families import family_predictions

__all__ = ["predictions", "format_number", "describe_equilibrium", "risk_dominant"]


def _percent(p: Any) -> str:
    return format_percent(p)


def describe_equilibrium(eq: Equilibrium) -> str:
    """One plain sentence: who plays what, and the outcome it leads to."""
    parts = []
    if eq.strategies is not None:
        for player, dist in eq.strategies.items():
            used = [(s, p) for s, p in dist.items() if p > 0]
            if len(used) == 1:
                parts.append(f"{player} plays {used[0][0]}")
            else:
                mix = ", ".join(f"{s} w.p. {format_number(p)}" for s, p in used)
                parts.append(f"{player} mixes ({mix})")
    elif eq.behavior is not None:
        for player, infosets in eq.behavior.items():
            moves = []
            for infoset, dist in infosets.items():
                used = [(a, p) for a, p in dist.items() if p > 0]
                if len(used) == 1:
                    moves.append(f"{used[0][0]} at {infoset}")
                else:
                    mix = "/".join(f"{a} {format_number(p)}" for a, p in used)
                    moves.append(f"{mix} at {infoset}")
            if moves:
                parts.append(f"{player}: {', '.join(moves)}")
    if not parts:
        # continuous games (public goods, bargaining): their choices live in ``extra``
        for key, value in eq.extra.items():
            if hasattr(value, "items") and all(isinstance(v, int | float | Fraction)
                                               for v in value.values()):
                shown = ", ".join(f"{k} {format_number(v)}" for k, v in value.items())
                parts.append(f"{key.replace('_', ' ')}: {shown}")
                break
    text = "; ".join(parts)
    if eq.outcomes:
        outcome = _outcome_phrase(eq.outcomes)
        text = f"{text} -> {outcome}" if text else f"outcomes: {outcome}"
    return text


def _outcome_phrase(outcomes: Any) -> str:
    items = sorted(outcomes.items(), key=lambda kv: -float(kv[1]))
    if len(items) == 1 and float(items[0][1]) == 1.0:
        return items[0][0]
    return ", ".join(f"{label} {_percent(p)}" for label, p in items)


def _pure_profile(game: NormalFormGame, eq: Equilibrium) -> tuple[int, ...] | None:
    if not eq.pure or eq.strategies is None:
        return None
    return tuple(
        next(j for j, p in enumerate(eq.strategies[player].values()) if p == 1)
        for player in game.players
    )


def _label(game: NormalFormGame, profile: tuple[int, ...]) -> str:
    label = game.outcomes.get(profile)
    names = ", ".join(game.profile_name(profile))
    return f"{label} ({names})" if label else f"({names})"


def _pareto_better(game: NormalFormGame, profile: tuple[int, ...]) -> tuple[int, ...] | None:
    """A pure profile every player strictly prefers to ``profile``, if any."""
    here = game.payoff_vector(profile)
    best = None
    for other in game.profiles_gen():
        there = game.payoff_vector(other)
        if all(t > h for t, h in zip(there, here, strict=True)):
            if best is None or sum(there) > sum(game.payoff_vector(best)):
                best = other
    return best


def risk_dominant(
    game: NormalFormGame, first: tuple[int, ...], second: tuple[int, ...]
) -> tuple[int, ...] | None:
    """Of two strict pure equilibria of a 2x2 game, the risk-dominant one (None on a tie).

    For equilibria (r1, c1) and (r2, c2), (r1, c1) risk-dominates iff
    (a[r1,c1] - a[r2,c1]) (b[r1,c1] - b[r1,c2]) > (a[r2,c2] - a[r1,c2]) (b[r2,c2] - b[r2,c1])
    (Harsanyi & Selten 1988, the product of deviation losses).
    """
    if game.n_players != 2 or game.shape != (2, 2) or first == second:
        return None
    src = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    a, b = src[0], src[1]
    (r1, c1), (r2, c2) = first, second
    if r1 == r2 or c1 == c2:
        return None
    loss1 = (a[r1, c1] - a[r2, c1]) * (b[r1, c1] - b[r1, c2])
    loss2 = (a[r2, c2] - a[r1, c2]) * (b[r2, c2] - b[r2, c1])
    if loss1 == loss2:
        return None
    return first if loss1 > loss2 else second


def predictions(result: SolveResult) -> list[str]:
    """Plain-language lines on what the equilibria predict."""
    lines: list[str] = []
    game = result.game
    eqs = result.equilibria
    lines.extend(family_predictions(result))
    if not eqs and lines and result.complete:
        return lines  # a family without strategy profiles (coalitional, dynamics)
    if not eqs:
        lines.append(
            "No equilibrium was found"
            + (" (the search was cut short; see diagnostics)." if not result.complete else ".")
        )
        return lines
    if isinstance(game, NormalFormGame) and result.method != "repeated":
        lines.extend(_normal_predictions(game, result))
    else:
        for k, eq in enumerate(eqs, 1):
            lines.append(_tree_sentence(k, eq))
    kind = "equilibrium" if len(eqs) == 1 else "equilibria"
    if result.method == "pure":
        kind = "pure-strategy " + kind
    if all(eq.concept == "nash bargaining solution" for eq in eqs):
        lines.append("This is the Nash bargaining solution (Nash 1950): the unique division "
                     "satisfying Nash's axioms, not an equilibrium of a bargaining game "
                     "(for that, see the Rubinstein alternating-offers method).")
    elif result.complete:
        lines.append(
            f"{'This is the only' if len(eqs) == 1 else f'These {len(eqs)} are all the'} "
            f"{kind} ({result.method})."
        )
    else:
        lines.append(f"The list may be incomplete ({result.method}); see diagnostics.")
    return lines


def _normal_predictions(game: NormalFormGame, result: SolveResult) -> list[str]:
    lines: list[str] = []
    eqs = result.equilibria
    trps = symmetric_2x2_payoffs(game)
    if trps is not None:
        c = classify_2x2(trps["T"], trps["R"], trps["P"], trps["S"])
        # a family may word the reading for its own relation (allies, not rivals)
        own = game.info.get("classification") or {}
        reading = own.get("reading", c.reading) if own.get("name") == c.name else c.reading
        lines.append(f"The game is {_article(c.name)} {c.name} ({c.ordering}): {reading}.")
    candidates = [(k, _pure_profile(game, eq)) for k, eq in enumerate(eqs, 1)]
    pure = [(k, p) for k, p in candidates if p is not None]
    for k, eq in enumerate(eqs, 1):
        profile = _pure_profile(game, eq)
        if profile is not None:
            sentence = f"Equilibrium {k}: {describe_equilibrium(eq)}."
            better = _pareto_better(game, profile)
            if better is not None:
                sentence += (
                    f" It is Pareto-dominated: every player would prefer {_label(game, better)}."
                )
            lines.append(sentence)
        else:
            lines.append(f"Equilibrium {k} (mixed): {describe_equilibrium(eq)}.")
    if len(pure) == 2 and game.shape == (2, 2):
        (k1, p1), (k2, p2) = pure
        winner = risk_dominant(game, p1, p2)
        if winner is not None:
            loser = p2 if winner == p1 else p1
            lines.append(
                f"{_cap(_label(game, loser))} is an equilibrium but risk-dominated by "
                f"{_label(game, winner)}: under uncertainty about the other's choice, "
                f"{game.outcomes.get(winner, 'that profile')} is the safer prediction."
            )
    if trps is not None and len(eqs) == 3:
        mixed = [eq for eq in eqs if not eq.pure]
        if len(mixed) == 1 and mixed[0].strategies is not None:
            first = game.players[0]
            p_coop = list(mixed[0].strategies[first].values())[0]
            coop = game.strategies[0][0]
            name = classify_2x2(trps["T"], trps["R"], trps["P"], trps["S"]).name
            if name == "stag hunt":
                lines.append(
                    f"Trust threshold: {coop} is a best response only if a state believes "
                    f"{game.info.get('counterpart', 'its rival')} chooses {coop} with "
                    f"probability at least {format_number(p_coop)}."
                )
            if name == "chicken":
                worst = game.outcomes.get((1, 1), "mutual defection")
                p_both = (1 - p_coop) ** 2
                lines.append(
                    f"In the mixed equilibrium each side plays {coop} with probability "
                    f"{format_number(p_coop)}, so {worst} happens with probability "
                    f"{format_number(p_both)}."
                )
    return lines


def _tree_sentence(k: int, eq: Equilibrium) -> str:
    """A sentence for an extensive-form equilibrium: its class and what it leads to."""
    description = eq.extra.get("description")
    if eq.concept == "nash bargaining solution":
        return f"The Nash bargaining solution: {describe_equilibrium(eq)}."
    if not description:
        return f"Equilibrium {k} ({eq.concept}): {describe_equilibrium(eq)}."
    sentence = f"Equilibrium {k} ({eq.concept}, {description})"
    if eq.outcomes:
        sentence += f": {_outcome_phrase(eq.outcomes)}"
    probabilities: Any = eq.extra.get("probabilities")
    if hasattr(probabilities, "items"):
        shown = [f"{name} {_percent(p)}" for name, p in probabilities.items()
                 if "|" not in name and float(p) > 0]
        if shown:
            sentence += " (" + ", ".join(shown) + ")"
    return sentence + _refinement_clause(eq) + "."


def _refinement_clause(eq: Equilibrium) -> str:
    """``; it passes the Intuitive Criterion and D1`` and the like.

    A verdict is ``passes ...``, ``fails (reason)``, ``not applicable (...)`` or ``not
    computed (...)``; only a failure is called one: a refinement that does not apply, or
    was not computed, is said so.
    """
    groups: dict[str, list[str]] = {"passes": [], "fails": [], "na": [], "nc": []}
    for key, name in (("intuitive_criterion", "the Intuitive Criterion"), ("d1", "D1")):
        verdict = eq.extra.get(key)
        if not isinstance(verdict, str):
            continue
        kind = ("passes" if verdict.startswith("passes") else
                "fails" if verdict.startswith("fails") else
                "na" if verdict.startswith("not applicable") else "nc")
        groups[kind].append(name)
    parts = []
    if groups["passes"]:
        parts.append("it passes " + " and ".join(groups["passes"]))
    if groups["fails"]:
        parts.append("it fails " + " and ".join(groups["fails"]))
    if groups["na"]:
        verb = " do not apply" if len(groups["na"]) > 1 else " does not apply"
        parts.append(" and ".join(groups["na"]) + verb + " (no sender-receiver structure)")
    if groups["nc"]:
        verb = " were not computed" if len(groups["nc"]) > 1 else " was not computed"
        parts.append(" and ".join(groups["nc"]) + verb)
    return ("; " + "; ".join(parts)) if parts else ""


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
