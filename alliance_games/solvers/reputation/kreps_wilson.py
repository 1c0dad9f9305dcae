"""The Kreps-Wilson sequential equilibrium of the chain store game, in closed form.

Markets are played in order ``t = 1..N``; ``k = N - t + 1`` counts the markets left
(including the current one) and ``p`` is the public belief that the incumbent is tough
at the start of the market (``p = δ`` in market 1). Payoffs as in
:mod:`alliance_games.games.reputation` (``0 < b < 1``, ``a > 1``).

The equilibrium (Kreps & Wilson 1982, sec. 3, Proposition 1)
--------------------------------------------------------------
- **Tough incumbent**: always fights.
- **Weak incumbent**, after an entry with ``k`` markets left: in the last market
  (``k = 1``) it accommodates; otherwise it fights for sure if ``p ≥ b^{k-1}``, and if
  ``p < b^{k-1}`` it fights with probability

  .. math:: β_k(p) = \\frac{p\\,(1 - b^{k-1})}{(1 - p)\\,b^{k-1}},

  the probability that makes the posterior after a fight exactly ``b^{k-1}``:
  ``p / (p + (1-p) β) = b^{k-1}``.
- **Entrant** with ``k`` markets left: enters if ``p < b^k``, stays out if ``p > b^k``,
  and at ``p = b^k`` stays out with probability ``1/a``.
- **Beliefs**: no entry leaves ``p`` unchanged; an accommodation reveals the weak type
  (``p = 0`` from then on); a fight moves ``p`` to ``max(p, b^{k-1})`` (to 0 if ``p``
  was already 0).

Derivation
----------
*Entrant.* Entering pays ``b`` when accommodated and ``b - 1`` when fought, so it pays
``b - P(fight)``. With ``p < b^{k-1}`` the fight probability is
``p + (1-p)β = p / b^{k-1}``, which is below ``b`` exactly when ``p < b^k``; with
``p ≥ b^{k-1}`` both types fight and entry loses (``b < 1``). In the last market the weak
type accommodates, ``P(fight) = p``, and the threshold is ``b = b^1``.

*Weak incumbent.* Let ``V_j(q)`` be its value with ``j`` markets left at belief ``q``.
Accommodating yields 0 now and reveals it: every later entrant enters and is
accommodated, so 0 in total. Fighting yields ``-1 + V_{k-1}(b^{k-1})`` when
``p < b^{k-1}``. At the threshold belief ``q = b^j`` the entrant stays out with
probability ``1/a`` (the weak type then earns ``a`` and keeps the belief ``b^j``, below
the next threshold ``b^{j-1}``, where entry is certain and the weak type is indifferent,
worth 0) and enters otherwise (worth 0 by indifference), so
``V_j(b^j) = (1/a)·a = 1``. Hence fighting is worth ``-1 + 1 = 0``: the weak type is
indifferent and willing to mix with ``β_k``. The entrant's ``1/a`` is what makes this
work; the weak type's ``β_k`` is what makes the entrant indifferent one market later.

*Reputation.* Entry is deterred while ``δ > b^k``: with ``δ`` fixed and ``N`` large
(``b^N → 0``) the entrants stay out of all but the last ``≈ log δ / log b`` markets.

*Selten's paradox.* With ``δ = 0`` the belief stays 0: every entrant enters and the weak
incumbent accommodates in every market, the backward-induction solution of Selten's
(1978) complete-information chain store, however many markets there are.

The equilibrium path is a Markov chain on ``(type, belief)``; :func:`chain_store_path`
follows it market by market exactly (Fractions for rational inputs).

References
----------
D. M. Kreps & R. Wilson, "Reputation and imperfect information", *Journal of Economic
Theory* 27(2), 1982, pp. 253-279.
P. Milgrom & J. Roberts, "Predation, reputation, and entry deterrence", *Journal of
Economic Theory* 27(2), 1982, pp. 280-312.
R. Selten, "The chain store paradox", *Theory and Decision* 9(2), 1978, pp. 127-159.
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, sec. 9.2.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...equilibrium import Equilibrium, SolveResult
from ...errors import SolverError
from ...games.extensive import ExtensiveFormGame
from ...games.reputation import ReputationGame
from ...numbers import exact_needs_rational
from ..tree.behavior import make_behavior_equilibrium
from ..tree.sequential import sequential_test

__all__ = [
    "solve_chain_store",
    "entry_probability",
    "weak_fight_probability",
    "posterior_after_fight",
    "chain_store_path",
    "chain_store_behavior",
    "MarketRecord",
    "SEQUENTIAL_TEST_MARKETS",
]

Number = Any
#: the tree's consistency test (Kreps-Wilson) is run up to this many markets
SEQUENTIAL_TEST_MARKETS = 3
_TOL = 1e-12


def _eq(x: Number, y: Number) -> bool:
    if isinstance(x, Fraction) and isinstance(y, (Fraction, int)):
        return x == y
    return abs(float(x) - float(y)) <= _TOL


def entry_probability(k: int, p: Number, a: Number, b: Number) -> Number:
    """The entrant's probability of entering with ``k`` markets left at belief ``p``:
    1 below ``b^k``, 0 above, ``1 - 1/a`` at it."""
    threshold = b ** k
    unit = p * 0 + 1
    if _eq(p, threshold):
        return unit - unit / a
    return unit if p < threshold else unit * 0


def weak_fight_probability(k: int, p: Number, b: Number) -> Number:
    """``β_k(p)``: the weak incumbent's probability of fighting an entry (0 in the last
    market, 1 from ``p ≥ b^{k-1}``, else ``p(1-b^{k-1}) / ((1-p) b^{k-1})``)."""
    unit = p * 0 + 1
    if k == 1:
        return unit * 0
    threshold = b ** (k - 1)
    if p >= threshold or _eq(p, threshold):
        return unit
    return p * (1 - threshold) / ((1 - p) * threshold)


def posterior_after_fight(k: int, p: Number, b: Number) -> Number:
    """The belief after a fight with ``k`` markets left: ``max(p, b^{k-1})``; 0 stays 0;
    in the last market (only the tough type fights) 1 when ``p > 0``."""
    if _eq(p, 0):
        return p * 0
    if k == 1:
        return p * 0 + 1
    threshold = b ** (k - 1)
    return p if p >= threshold else threshold


def _after(k: int, p: Number, b: Number, code: str) -> Number:
    if code == "O":
        return p
    if code == "A":
        return p * 0
    return posterior_after_fight(k, p, b)


@dataclass(frozen=True)
class MarketRecord:
    """One market of the equilibrium path (unconditional probabilities).

    Attributes
    ----------
    market, markets_left
        ``t`` and ``k = N - t + 1``.
    entry_threshold
        ``b^k``: the entrant enters below it.
    fight_threshold
        ``b^{k-1}``: the weak incumbent fights for sure from it on (``None`` in the last
        market, where it accommodates).
    beliefs
        ``(belief, probability)`` pairs: the public belief at the start of the market.
    entry, fight, accommodate
        Probabilities of entry, entry fought, entry accommodated.
    weak_fight
        ``(belief, β)`` pairs: the weak incumbent's fight probability at each belief.
    posterior_fight
        ``(belief, posterior after a fight)`` pairs.
    """

    market: int
    markets_left: int
    entry_threshold: Number
    fight_threshold: Number | None
    beliefs: tuple[tuple[Number, Number], ...]
    entry: Number
    fight: Number
    accommodate: Number
    weak_fight: tuple[tuple[Number, Number], ...]
    posterior_fight: tuple[tuple[Number, Number], ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (numbers stay Fractions or floats; the JSON writer mirrors them)."""
        return {
            "market": self.market,
            "markets_left": self.markets_left,
            "entry_threshold": self.entry_threshold,
            "fight_threshold": self.fight_threshold,
            "beliefs": [{"belief": q, "probability": w} for q, w in self.beliefs],
            "P(entry)": self.entry,
            "P(fight)": self.fight,
            "P(accommodate)": self.accommodate,
            "P(fight | entry)": (self.fight / self.entry) if self.entry else None,
            "weak_fight_probability": [{"belief": q, "probability": f}
                                       for q, f in self.weak_fight],
            "posterior_after_fight": [{"belief": q, "posterior": f}
                                      for q, f in self.posterior_fight],
        }


def chain_store_path(game: ReputationGame) -> list[MarketRecord]:
    """Follow the equilibrium market by market: the distribution of ``(type, belief)``
    and the unconditional entry, fight and accommodation probabilities.

    Examples
    --------
    Two markets, ``δ = 1/5``, ``b = 1/2``, ``a = 2``: ``δ < b^2 = 1/4``, so entrant 1
    enters; the weak type fights with ``β = (1/5·1/2)/(4/5·1/2) = 1/4``, so a fight
    (probability ``1/5 + 4/5·1/4 = 2/5``) lifts the belief to ``b = 1/2``:

    >>> from fractions import Fraction as F
    >>> g = ReputationGame("cs", 2, F(1, 5), F(1, 2), F(2))
    >>> m1, m2 = chain_store_path(g)
    >>> m1.entry, m1.fight, m1.weak_fight
    (Fraction(1, 1), Fraction(2, 5), ((Fraction(1, 5), Fraction(1, 4)),))
    >>> [(str(q), str(w)) for q, w in m2.beliefs]
    [('1/2', '2/5'), ('0', '3/5')]
    """
    a, b, n = game.monopoly, game.entrant_gain, game.markets
    delta = game.prior_tough
    one = Fraction(1) if game.is_exact else 1.0
    zero = one * 0
    states: dict[tuple[str, Number], Number] = {}
    if delta:
        states[("tough", delta)] = delta * one
    if not _eq(delta, 1):
        states[("weak", delta * one)] = (1 - delta) * one
    records = []
    for t in range(1, n + 1):
        k = n - t + 1
        nxt: dict[tuple[str, Number], Number] = {}
        entry = fight = acc = zero
        beliefs: dict[Number, Number] = {}
        weak_fight: dict[Number, Number] = {}
        post: dict[Number, Number] = {}
        for (kind, p), w in states.items():
            beliefs[p] = beliefs.get(p, zero) + w
            e = entry_probability(k, p, a, b)
            f = 1 if kind == "tough" else weak_fight_probability(k, p, b)
            weak_fight[p] = weak_fight_probability(k, p, b)
            post[p] = posterior_after_fight(k, p, b)
            entry += w * e
            fight += w * e * f
            acc += w * e * (1 - f)
            for code, prob in (("O", 1 - e), ("F", e * f), ("A", e * (1 - f))):
                if prob:
                    key = (kind, _after(k, p, b, code))
                    nxt[key] = nxt.get(key, zero) + w * prob
        records.append(MarketRecord(
            t, k, b ** k, b ** (k - 1) if k > 1 else None,
            tuple(sorted(beliefs.items(), key=lambda x: -float(x[0]))),
            entry, fight, acc,
            tuple(sorted(weak_fight.items(), key=lambda x: -float(x[0]))),
            tuple(sorted(post.items(), key=lambda x: -float(x[0]))),
        ))
        states = nxt
    return records


def chain_store_behavior(game: ReputationGame,
                         tree: ExtensiveFormGame | None = None) -> list[tuple[Number, ...]]:
    """The equilibrium as a behavior table of :meth:`ReputationGame.as_extensive`
    (beliefs along each history by the updating rule, off the path included)."""
    tree = game.as_extensive() if tree is None else tree
    a, b, n = game.monopoly, game.entrant_gain, game.markets
    table: list[tuple[Number, ...]] = []
    for s in tree.infosets:
        head, _, history = s.name.partition(" | ")
        history = "" if history == "-" else history
        p = game.prior_tough * (Fraction(1) if game.is_exact else 1.0)
        for j, code in enumerate(history, start=1):
            p = _after(n - j + 1, p, b, code)
        t = len(history) + 1
        k = n - t + 1
        if head.startswith("tough"):
            probs: tuple[Number, ...] = (1, 0)                 # Fight, Accommodate
        elif head.startswith("weak"):
            f = weak_fight_probability(k, p, b)
            probs = (f, 1 - f)
        else:
            e = entry_probability(k, p, a, b)
            probs = (1 - e, e)                                  # Out, In
        order = {"Fight": 0, "Accommodate": 1, "Out": 0, "In": 1}
        table.append(tuple(probs[order[x]] for x in s.actions))
    return table


def solve_chain_store(game: ReputationGame, *, exact: bool = False) -> SolveResult:
    """The Kreps-Wilson sequential equilibrium of a chain store game.

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.reputation.ReputationGame`.
    exact
        Report Fractions (rational ``δ``, ``a``, ``b``); the path is exact then anyway.

    Returns
    -------
    SolveResult
        ``method="kreps-wilson"``. With a tree (at most
        :data:`~alliance_games.games.reputation.TREE_MAX_MARKETS` markets) one
        :class:`~alliance_games.equilibrium.Equilibrium` on it, verified (regret 0), and
        up to :data:`SEQUENTIAL_TEST_MARKETS` markets also checked for Kreps-Wilson
        consistency. ``extra`` (JSON ``analysis``): ``thresholds`` (``b^k`` per market),
        ``path`` (market-by-market beliefs, entry, fight and accommodation
        probabilities, the weak type's mixing and the posterior after a fight),
        ``expected_entries``, ``expected_fights``, ``payoff_weak``, ``payoff_tough``,
        ``entrant_payoffs``, ``selten_paradox`` and ``figures`` (flat, for sweeps).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> r = solve_chain_store(ReputationGame("cs", 3, F(1, 5), F(1, 2), F(2)), exact=True)
    >>> [str(m["P(entry)"]) for m in r.extra["path"]]
    ['0', '1', '4/5']
    """
    if not isinstance(game, ReputationGame):
        raise SolverError(f"the Kreps-Wilson solution needs a chain store game, got "
                          f"{type(game).__name__}")
    if exact and not game.is_exact:
        exact_needs_rational()
    start = time.monotonic()
    path = chain_store_path(game)
    a, b = game.monopoly, game.entrant_gain
    expected_entries = sum((m.entry for m in path), path[0].entry * 0)
    expected_fights = sum((m.fight for m in path), path[0].fight * 0)
    payoff_weak, payoff_tough = _incumbent_values(game)
    entrant_payoffs = {name: b * m.entry - m.fight
                       for name, m in zip(game.entrant_names, path, strict=True)}
    paradox = _eq(game.prior_tough, 0)
    figures: dict[str, Number] = {
        "expected_entries": expected_entries,
        "expected_fights": expected_fights,
        "payoff_weak": payoff_weak,
        "payoff_tough": payoff_tough,
    }
    for m in path:
        figures[f"P(entry) m{m.market}"] = m.entry
        figures[f"P(fight) m{m.market}"] = m.fight
        figures[f"E[belief] m{m.market}"] = sum((q * w for q, w in m.beliefs), m.entry * 0)
    first = path[0]
    figures["weak_fight m1"] = first.weak_fight[0][1] if first.weak_fight else 0
    figures["posterior_after_fight m1"] = first.posterior_fight[0][1]
    diagnostics = [
        "the Kreps-Wilson (1982) sequential equilibrium in closed form: entrants enter "
        "below the belief b^k (k markets left), the weak incumbent fights to keep the "
        "posterior at b^(k-1), beliefs fall to 0 after an accommodation",
    ]
    if game.markets > 1 and not paradox:
        diagnostics.append(
            "other perfect Bayesian equilibria can exist that are weak PBE only (not "
            "sequential): e.g. entrants deterred by a belief after an off-path fight that "
            "ignores the prior; method 'pbe' on the tree (game.as_extensive(), or the "
            "exported .efg, a few markets) lists and marks them")
    equilibria: tuple[Equilibrium, ...] = ()
    if game.has_tree:
        equilibria = (_tree_equilibrium(game, exact, diagnostics),)
    else:
        diagnostics.append(
            f"no tree is written for {game.markets} markets (2·3^{game.markets} leaves): "
            "the equilibrium is stated from the closed form, not verified on the tree")
    extra: dict[str, Any] = {
        "markets": game.markets,
        "prior_tough": game.prior_tough,
        "entrant_gain": b,
        "monopoly": a,
        "selten_paradox": paradox,
        "thresholds": [m.entry_threshold for m in path],
        "path": [m.as_dict() for m in path],
        "expected_entries": expected_entries,
        "expected_fights": expected_fights,
        "payoff_weak": payoff_weak,
        "payoff_tough": payoff_tough,
        "entrant_payoffs": entrant_payoffs,
        "deterred_markets": sum(1 for m in path if _eq(m.entry, 0)),
        "figures": figures,
        "seconds": round(time.monotonic() - start, 6),
        "concept": "sequential equilibrium (Kreps & Wilson 1982)",
    }
    if not (exact or game.is_exact):
        extra = _floats(extra)
    return SolveResult(game=game, method="kreps-wilson", complete=False,
                       equilibria=equilibria, exact=exact, diagnostics=tuple(diagnostics),
                       extra=extra)


def _floats(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _floats(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_floats(v) for v in x]
    if isinstance(x, Fraction):
        return float(x)
    return x


def _incumbent_values(game: ReputationGame) -> tuple[Number, Number]:
    """Expected total payoffs of the weak and the tough incumbent on the path."""
    a, b, n = game.monopoly, game.entrant_gain, game.markets
    one = Fraction(1) if game.is_exact else 1.0
    out = []
    for kind in ("weak", "tough"):
        states = {game.prior_tough * one: one}
        total = one * 0
        for t in range(1, n + 1):
            k = n - t + 1
            nxt: dict[Number, Number] = {}
            for p, w in states.items():
                e = entry_probability(k, p, a, b)
                f = 1 if kind == "tough" else weak_fight_probability(k, p, b)
                fight_pay, acc_pay = (0, -1) if kind == "tough" else (-1, 0)
                total += w * ((1 - e) * a + e * f * fight_pay + e * (1 - f) * acc_pay)
                for code, prob in (("O", 1 - e), ("F", e * f), ("A", e * (1 - f))):
                    if prob:
                        q = _after(k, p, b, code)
                        nxt[q] = nxt.get(q, one * 0) + w * prob
            states = nxt
        out.append(total)
    return out[0], out[1]


def _tree_equilibrium(game: ReputationGame, exact: bool, diagnostics: list[str]) -> Equilibrium:
    """The closed-form profile on the tree, verified (regret 0) and, for a few markets,
    tested for Kreps-Wilson consistency."""
    tree = game.as_extensive()
    table = chain_store_behavior(game, tree)
    arith_exact = game.is_exact
    extra: dict[str, Any] = {"description": "Kreps-Wilson reputation equilibrium"
                             if not _eq(game.prior_tough, 0)
                             else "Selten's chain store: enter and accommodate everywhere"}
    if game.markets <= SEQUENTIAL_TEST_MARKETS:
        verdict = sequential_test(tree, table, exact=arith_exact)
        extra.update(verdict.as_dict(tree))
        diagnostics.append("checked on the tree: regret 0 against every pure deviation, "
                           "and the beliefs are consistent (Kreps-Wilson): "
                           + verdict.reason)
    else:
        diagnostics.append("checked on the tree: regret 0 against every pure deviation")
    return make_behavior_equilibrium(
        tree, table if arith_exact else [tuple(float(x) for x in t) for t in table],
        exact=exact, concept="sequential", extra=extra,
        certified=table if arith_exact and not exact else None,  # JSON's exact mirror
        notes=["the Kreps-Wilson sequential equilibrium (closed form), verified on the tree"])
