"""Subgame perfect outcomes of the extensive-form catalog models, derived by hand.

Each test loads a catalog model (optionally with ``--set``-style overrides), solves it
with ``auto`` in exact arithmetic and checks the subgame perfect equilibria against the
backward-induction derivation in its docstring.
"""

from __future__ import annotations

from fractions import Fraction as F

from alliance_games.modeling.loader import load
from alliance_games.solvers.dispatch import solve


def _spe(ref: str, **overrides):
    game = load(ref, overrides or None)
    result = solve(game, exact=True)
    assert result.method == "spe" and result.complete
    assert all(eq.concept == "subgame perfect" and eq.exact for eq in result)
    return game, result


def _moves(eq, player):
    return {iset: max(dist, key=dist.get) for iset, dist in eq.behavior[player].items()}


# ---------------------------------------------------------------------- Zagare & Kilgour
def test_udg_credible_threat_deters_a_hard_challenger() -> None:
    """Defaults: c_DC=4 > c_SQ=3 > c_DD=2 > c_CD=1 (Hard challenger) and d_SQ=4 > d_CD=3 >
    d_DD=2 > d_DC=1 (credible threat). After resistance the challenger fights (2 > 1);
    after initiation the defender resists (conflict 2 > concession 1); initiating would
    bring conflict (2) below the status quo (3), so the challenger keeps the status quo:
    one SPE, outcome status quo (Zagare & Kilgour 2000, ch. 5: a credible threat deters)."""
    _, result = _spe("extended_deterrence/unilateral_deterrence")
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"status quo": 1}
    assert _moves(eq, "Challenger") == {"challenge or not": "Status quo",
                                        "after resistance": "Fight"}
    assert _moves(eq, "Defender") == {"after a challenge": "Resist"}
    assert eq.payoffs == {"Challenger": 3, "Defender": 4}


def test_udg_incredible_threat_invites_a_challenge() -> None:
    """d_conflict = 0 < d_concede = 1: the defender would concede to a challenger that
    fights (1 > 0). The challenger fights when resisted (2 > 1), so the defender concedes
    and the challenger initiates (c_DC = 4 > c_SQ = 3): the defender capitulates."""
    _, result = _spe("extended_deterrence/unilateral_deterrence", d_conflict=0)
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"capitulation": 1}
    assert eq.payoffs == {"Challenger": 4, "Defender": 1}


def test_udg_soft_challenger_is_deterred_even_by_a_soft_defender() -> None:
    """c_conflict = 0 < c_backdown = 1: a resisted challenger backs down, so the defender
    resists (d_CD = 3 > d_DC = 1) even with d_conflict = 0, and a challenge would end in
    the challenger's retreat (1 < 3): status quo. Credible threats are not necessary."""
    _, result = _spe("extended_deterrence/unilateral_deterrence", c_conflict=0, d_conflict=0)
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"status quo": 1}
    assert _moves(eq, "Challenger")["after resistance"] == "Back down"
    assert _moves(eq, "Defender")["after a challenge"] == "Resist"


# ---------------------------------------------------------------------- Huth's triad
def test_triad_commitment_makes_intervention_credible() -> None:
    """Committed defender under attack: intervene -4 - 1/4 vs abandon -3 - 2 - 1/4:
    intervenes. Uncommitted: -4 vs -3: abandons. The challenger backs off a committed
    protege (war -2 < 0) and attacks an uncommitted one (conquest 3 > 0). The protege
    stands firm when committed (0 > -2) and concedes otherwise (-2 > -4). The defender
    commits: -1/4 (deterrence success) > -1 (protege concedes)."""
    _, result = _spe("extended_deterrence/extended_deterrence_triad")
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"deterrence success": 1}
    moves = _moves(eq, "Defender")
    assert moves["commitment"] == "Commit"
    assert moves["committed defender under attack"] == "Intervene"
    assert moves["uncommitted defender under attack"] == "Abandon"
    assert eq.payoffs == {"Defender": F(-1, 4), "Protege": 0, "Challenger": 0}


def test_triad_cheap_commitment_is_a_bluff() -> None:
    """reputation_cost = 1/2: a committed defender abandons (-3 - 1/2 - 1/4 > -4 - 1/4),
    so the challenger would attack a committed protege too, and the protege concedes in
    both branches. Committing then costs 1/4 for nothing (-5/4 < -1): no commitment,
    the protege concedes."""
    _, result = _spe("extended_deterrence/extended_deterrence_triad", reputation_cost="1/2")
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"protege concedes": 1}
    assert _moves(eq, "Defender")["commitment"] == "No commitment"
    assert eq.payoffs["Defender"] == -1


# ---------------------------------------------------------------------- Snyder
def test_snyder_firm_commitment_risks_entrapment() -> None:
    """Patron with its ally attacked: after Firm intervene (-3) beats abandon (-2 - 2 =
    -4); after Loose abandon (-2) beats intervene (-3). After Firm the protege stands firm:
    attacked w.p. rho = 1/5 it fights alongside the patron (-1), else the adversary backs
    down (1): 1 - 2/5 = 3/5 > -2 (conciliation). After Loose standing firm means being
    attacked w.p. 4/5 and abandoned (-4): 1/5 - 16/5 = -3 < -2, so it conciliates. Firm
    is worth -3 rho = -3/5 to the patron, Loose -1: the patron is firm; entrapment (war)
    w.p. 1/5, deterrence success 4/5 (Snyder 1984's entrapment risk)."""
    _, result = _spe("alliance/abandonment_entrapment")
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"entrapment": F(1, 5), "deterrence success": F(4, 5)}
    assert _moves(eq, "Patron") == {"commitment": "Firm",
                                    "firm patron, ally attacked": "Intervene",
                                    "loose patron, ally attacked": "Abandon"}
    assert _moves(eq, "Protege") == {"protege, firm patron": "Stand firm",
                                     "protege, loose patron": "Conciliate"}
    assert eq.payoffs == {"Patron": F(-3, 5), "Protege": F(3, 5)}


def test_snyder_loose_commitment_breeds_conciliation() -> None:
    """rho = 1/2: Firm is worth -3/2 < -1, so the patron stays loose and the protege,
    fearing abandonment, conciliates for sure (the protege would still stand firm behind
    a firm patron: 1 - 2 * 1/2 = 0 > -2)."""
    _, result = _spe("alliance/abandonment_entrapment", rho="1/2")
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"conciliation": 1}
    assert _moves(eq, "Patron")["commitment"] == "Loose"


def test_snyder_threshold_gives_both_equilibria() -> None:
    """At rho = 1/3 = patron_influence_loss / patron_war_cost the patron is indifferent
    (-3 * 1/3 = -1): both pure SPE are listed, Firm (entrapment 1/3) and Loose
    (conciliation), and the result says the mover is indifferent."""
    _, result = _spe("alliance/abandonment_entrapment", rho="1/3")
    outcomes = sorted(tuple(sorted(eq.outcomes.items())) for eq in result)
    assert outcomes == [
        (("conciliation", F(1)),),
        (("deterrence success", F(2, 3)), ("entrapment", F(1, 3))),
    ]
    assert any("indifferent" in d for d in result.diagnostics)


def test_snyder_sequence_lcp_finds_a_nash_equilibrium() -> None:
    """The command of the issue: Lemke's algorithm on the sequence form gives one verified
    equilibrium of this 2-player tree (not claimed to be the only one). Nash outcomes:
    if the patron is firm, the protege (on path) stands firm (3/5 > -2) and the patron
    intervenes when the ally is attacked (-3 > -4): entrapment 1/5, deterrence success
    4/5. If the patron is loose, the protege (on path) conciliates (-2 > -3), worth -1 to
    the patron, which is an equilibrium when the protege would also conciliate behind a
    firm patron (Firm then also gives -1). The patron never mixes: with both branches
    reached the protege stands firm behind Firm, worth -3/5 > -1."""
    game = load("alliance/abandonment_entrapment")
    result = solve(game, "sequence-lcp", exact=True)
    (eq,) = result.equilibria
    assert not result.complete and eq.regret == 0 and eq.exact
    assert dict(eq.outcomes) in (
        {"entrapment": F(1, 5), "deterrence success": F(4, 5)},
        {"conciliation": 1},
    )


def test_catalog_models_cite_sources_and_describe_parameters() -> None:
    """Each model carries references, a description and described parameters."""
    for ref in ("extended_deterrence/unilateral_deterrence",
                "extended_deterrence/extended_deterrence_triad",
                "alliance/abandonment_entrapment"):
        game = load(ref)
        assert game.info["references"] and game.info["description"]
        assert all(game.info["parameter_descriptions"].values())
