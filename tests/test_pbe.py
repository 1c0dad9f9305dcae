"""Perfect Bayesian equilibria: the characterisations of /work/shared/domain.md §4.1 and §4.4.

Every case builds the tree in Python, solves it exactly and compares with values derived
by hand in the docstring.

Fearon (1997), discrete version (domain §4.1). Nature draws the defender's type, H with
probability π, else L. The defender signals (S) or not (N); an opportunistic challenger
who sees the message challenges or not; a challenged defender fights (war) or concedes.
Payoffs (defender, challenger): not challenged ``(v_t - k[S], 0)``; war
``(w_t - k[S], -c_C)``; concession ``(-k[S] - a[S], g)``, where ``k`` is the sunk cost
of S and ``a`` its audience cost (tying hands). Throughout ``v_H = 4, v_L = 2, w_H = 1,
w_L = -1, g = c_C = 1``, so the challenger challenges iff ``μ(H | m) < μ* = g/(g + c_C)
= 1/2``; H fights when challenged (``w_H > 0``), L concedes (``w_L < 0``) unless tied
with ``a > -w_L``.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.solvers.signaling.pbe import solve_pbe

V_H, V_L, W_H, W_L, G, C_C = 4, 2, 1, -1, 1, 1


def fearon(pi, k=0, audience=0, resolved=0, tying=False):
    """The discrete Fearon (1997) game; ``resolved`` is ρ_C (challenger always challenges)."""

    def after(t, msg):
        v, w = (V_H, W_H) if t == "H" else (V_L, W_L)
        cost = F(k) if msg == "Signal" and not tying else 0
        aud = F(audience) if msg == "Signal" and tying else 0
        concede = "bluff called" if (t == "L" and msg == "Signal") else "capitulation"

        def respond():
            return Decision("Defender", {"Fight": Terminal((w - cost, -C_C), "war"),
                                         "Concede": Terminal((-cost - aud, G), concede)})

        opportunist = Decision("Challenger", {
            "Challenge": respond(),
            "Not challenge": Terminal((v - cost, 0), "deterrence success")},
            infoset=f"after {msg}")
        if not resolved:
            return opportunist
        return Chance({"resolved": (F(resolved), respond()),
                       "opportunistic": (1 - F(resolved), opportunist)})

    def defender(t):
        return Decision("Defender", {"Signal": after(t, "Signal"),
                                     "No signal": after(t, "No signal")}, infoset=t)

    return ExtensiveFormGame.from_tree(
        Chance({"H": (F(pi), defender("H")), "L": (1 - F(pi), defender("L"))}),
        players=("Defender", "Challenger"), name="fearon 1997")


def by_description(result):
    return {e.extra["description"]: e for e in result.equilibria}


def test_separating_when_cost_between_values():
    """π = 1/4, k = 5/2 with v_L = 2 <= k <= v_H - w_H = 3: the separating PBE exists.

    H signals (v_H - k = 3/2 > w_H = 1, what it gets if challenged after N), L does not
    (v_L - k = -1/2 < 0 = concession after N). Beliefs: μ(H | S) = 1, μ(H | N) = 0, so the
    challenger stays out after S and challenges after N: P(challenge) = 1 - π = 3/4, no war,
    no bluff. The only other class is pooling on N with a challenge (π < μ*), sustained by
    μ(H | S) <= 1/2; it fails the Intuitive Criterion: L is equilibrium-dominated at S
    (v_L - k < 0 = u*_L) and H gains from S once believed (v_H - k = 3/2 > w_H = 1).
    """
    result = solve_pbe(fearon("1/4", k="5/2"), exact=True)
    assert result.complete
    eqs = by_description(result)
    assert set(eqs) == {"separating (H: Signal; L: No signal)", "pooling on No signal"}
    sep = eqs["separating (H: Signal; L: No signal)"]
    assert sep.extra["kind"] == "separating"
    assert sep.behavior["Challenger"]["after Signal"]["Challenge"] == 0
    assert sep.behavior["Challenger"]["after No signal"]["Challenge"] == 1
    assert sep.beliefs["Challenger"]["after Signal"] == {"H/Signal": 1, "L/Signal": 0}
    probs = sep.extra["probabilities"]
    assert probs["P(challenge)"] == F(3, 4)
    assert probs["P(war)"] == 0 and probs["P(bluff called)"] == 0
    assert probs["P(deterrence success)"] == F(1, 4)
    pool = eqs["pooling on No signal"]
    assert pool.extra["off_path_beliefs"]["Challenger"]["after Signal"]["H/Signal"] == [
        0, F(1, 2)]
    assert pool.extra["intuitive_criterion"].startswith("fails")
    assert "type L cannot gain" in pool.extra["intuitive_criterion"]
    assert pool.extra["d1"].startswith("fails")


def test_semi_separating_with_exact_mixing():
    """π = 1/4, k = 1 < v_L: the semi-separating PBE of domain §4.1.

    H always signals; L bluffs w.p. σ_L = π(1-μ*)/((1-π)μ*) = (1/4)(1/2)/((3/4)(1/2)) =
    1/3, so μ(H | S) = (1/4)/(1/4 + 3/4·1/3) = 1/2 = μ*. The challenger challenges after S
    w.p. q = 1 - k/v_L = 1/2 (L indifferent: (1-q)(v_L - k) - q k = 0, its payoff after N)
    and always after N (μ(H | N) = 0). Then P(war) = π q = 1/8 (H fights),
    P(bluff called) = (1-π) σ_L q = 1/8, P(challenge) = π q + (1-π)(σ_L q + 1 - σ_L) = 3/4.
    No separating PBE (k < v_L: L would mimic). Pooling on N passes the Intuitive Criterion
    (L is not equilibrium-dominated at S: v_L - k = 1 > 0) but fails D1 since
    v_L = 2 < v_H - w_H = 3 (L gains from S iff q < 1 - k/v_L = 1/2, H iff
    q < 1 - k/(v_H - w_H) = 2/3).
    """
    result = solve_pbe(fearon("1/4", k=1), exact=True)
    eqs = by_description(result)
    semi = eqs["semi-separating (H: Signal; L: Signal w.p. 1/3, No signal w.p. 2/3)"]
    assert semi.extra["kind"] == "semi-separating"
    assert semi.behavior["Defender"]["L"]["Signal"] == F(1, 3)
    assert semi.behavior["Challenger"]["after Signal"]["Challenge"] == F(1, 2)
    assert semi.beliefs["Challenger"]["after Signal"]["H/Signal"] == F(1, 2)
    probs = semi.extra["probabilities"]
    assert probs["P(war)"] == F(1, 8)
    assert probs["P(bluff called)"] == F(1, 8)
    assert probs["P(challenge)"] == F(3, 4)
    assert semi.payoffs["Defender"] == F(1, 4) * F(3, 2)  # H: (1-q)(v_H-k) + q(w_H-k)
    assert not any(e.extra["kind"] == "separating" for e in result.equilibria)
    pool = eqs["pooling on No signal"]
    assert pool.extra["intuitive_criterion"] == "passes"
    assert pool.extra["d1"].startswith("fails")
    assert len(result.equilibria) == 2


def test_refinements_eliminate_and_name():
    """With refine='d1' the pooling class of the previous case is eliminated and named;
    with refine='intuitive' it survives (it passes the Intuitive Criterion)."""
    d1 = solve_pbe(fearon("1/4", k=1), exact=True, refine="d1")
    assert [e.extra["kind"] for e in d1.equilibria] == ["semi-separating"]
    assert [e["description"] for e in d1.extra["eliminated"]] == ["pooling on No signal"]
    assert any("D1" in d and "pooling on No signal" in d for d in d1.diagnostics)
    ic = solve_pbe(fearon("1/4", k=1), exact=True, refine="intuitive")
    assert len(ic.equilibria) == 2 and not ic.extra["eliminated"]


def test_optimistic_prior_pooling_separating_and_hybrid():
    """π = 3/4 > μ*, k = 5/2: three classes (domain §4.1, 'If π > μ*').

    Pooling on N without challenge (μ(H | N) = 3/4 >= 1/2; deterrence by reputation,
    P(deterrence success) = 1); separating as before; a hybrid where L sends N and H
    signals w.p. 2/3: after N, μ(H | N) = (3/4)(1/3)/((3/4)(1/3) + 1/4) = 1/2 and the
    challenger challenges w.p. q with H indifferent: v_H - k = 3/2 = (1-q)v_H + q w_H,
    so q = 5/6.
    """
    result = solve_pbe(fearon("3/4", k="5/2"), exact=True)
    eqs = by_description(result)
    assert set(eqs) == {
        "separating (H: Signal; L: No signal)",
        "pooling on No signal",
        "semi-separating (H: Signal w.p. 2/3, No signal w.p. 1/3; L: No signal)",
    }
    assert eqs["pooling on No signal"].outcomes == {"deterrence success": 1}
    hybrid = eqs["semi-separating (H: Signal w.p. 2/3, No signal w.p. 1/3; L: No signal)"]
    assert hybrid.behavior["Challenger"]["after No signal"]["Challenge"] == F(5, 6)
    assert hybrid.beliefs["Challenger"]["after No signal"]["H/No signal"] == F(1, 2)


def test_tying_hands_locks_in_the_low_type():
    """Tying hands, a = 2 > -w_L = 1, resolved challengers ρ_C = 1/4, π = 1/4.

    Tied, L fights (w_L = -1 > -a = -2), so after S both types fight and the opportunist
    stays out whatever it believes. Both types tying hands is a PBE: L gets
    (1-ρ_C) v_L + ρ_C w_L = 3/2 - 1/4 = 5/4 > 0, its payoff after N if challenged there
    (μ(H | N) off path <= 1/2 sustains the challenge). War happens only with resolved
    challengers: P(war) = ρ_C = 1/4. With sunk costs k = 2 instead, separation needs
    (1-ρ)v_L = 3/2 <= k <= (1-ρ)(v_H - w_H) = 9/4 (H: (1-ρ)(v_H - k) + ρ(w_H - k) = 5/4 >
    w_H = 1; L: (1-ρ)(v_L - k) - ρk = -1/2 < 0), and war occurs only when a resolved
    challenger meets H: P(war) = π ρ_C = 1/16. The defender's ex ante payoff is
    π((1-ρ)v_H + ρ w_H) + (1-π)(5/4) = (1/4)(13/4) + (3/4)(5/4) = 7/4 with tied hands,
    π(5/4) + (1-π)·0 = 5/16 with sunk costs: Fearon's two results (tying hands does better
    for the defender, with a greater ex ante risk of war).
    """
    tied = solve_pbe(fearon("1/4", audience=2, resolved="1/4", tying=True), exact=True)
    pools = [e for e in tied.equilibria if e.extra["description"] == "pooling on Signal"]
    assert len(pools) == 1
    pool = pools[0]
    assert pool.extra["probabilities"]["P(war)"] == F(1, 4)
    assert pool.payoffs["Defender"] == F(7, 4)
    assert pool.behavior["Defender"]["L/Signal/opportunistic/Challenge"]["Fight"] == 1
    sunk = solve_pbe(fearon("1/4", k=2, resolved="1/4"), exact=True)
    sep = [e for e in sunk.equilibria if e.extra["kind"] == "separating"][0]
    assert sep.extra["probabilities"]["P(war)"] == F(1, 16)
    assert sep.payoffs["Defender"] == F(5, 16)


# ---------------------------------------------------------------------- Zagare & Kilgour
C_PAY = (4, 3, 2, 1, 0)  # c_DC > c_SQ > c_DD^H > c_CD > c_DD^S
D_PAY = (4, 3, 2, 1, 0)  # d_SQ > d_CD > d_DD^H > d_DC > d_DD^S


def udg(p_ch, p_def):
    """Zagare & Kilgour's Unilateral Deterrence Game with two-sided incomplete information."""
    c_dc, c_sq, c_ddh, c_cd, c_dds = C_PAY
    d_sq, d_cd, d_ddh, d_dc, d_dds = D_PAY

    def branch(ct, dt):
        c_dd = c_ddh if ct == "Hard" else c_dds
        d_dd = d_ddh if dt == "Hard" else d_dds
        return Decision("Challenger", {
            "Status quo": Terminal((c_sq, d_sq), "status quo"),
            "Initiate": Decision("Defender", {
                "Concede": Terminal((c_dc, d_dc), "capitulation"),
                "Resist": Decision("Challenger", {
                    "Back down": Terminal((c_cd, d_cd), "deterrence success"),
                    "Fight": Terminal((c_dd, d_dd), "war")},
                    infoset=f"{ct} challenger resisted")},
                infoset=f"{dt} defender challenged")}, infoset=f"{ct} challenger")

    pc, pd = F(p_ch), F(p_def)
    return ExtensiveFormGame.from_tree(Chance({
        "HH": (pc * pd, branch("Hard", "Hard")),
        "HS": (pc * (1 - pd), branch("Hard", "Soft")),
        "SH": ((1 - pc) * pd, branch("Soft", "Hard")),
        "SS": ((1 - pc) * (1 - pd), branch("Soft", "Soft"))}),
        players=("Challenger", "Defender"), name="UDG")


@pytest.mark.parametrize(
    ("p_ch", "p_def", "expected"),
    [
        ("1/2", "3/5", {"pooling on Status quo": ("passes", "passes")}),
        ("1/2", "2/5", {"pooling on Status quo": ("fails", "fails"),
                        "separating (Hard challenger: Initiate; Soft challenger: Status quo)":
                        ("passes", "passes")}),
        ("4/5", "1/4", {"pooling on Status quo": ("passes", "fails"),
                        "pooling on Initiate": ("passes", "passes")}),
        ("1/2", "1/4", {"pooling on Status quo": ("passes", "fails"),
                        "semi-separating (Hard challenger: Initiate; Soft challenger: "
                        "Status quo w.p. 1/2, Initiate w.p. 1/2)": ("passes", "passes")}),
    ],
    ids=["deterrence-robust", "separating", "attack", "bluff"],
)
def test_unilateral_deterrence_game_families(p_ch, p_def, expected):
    """UDG (domain §4.4b) with c = (4, 3, 2, 1, 0), d = (4, 3, 2, 1, 0).

    Thresholds: q* = (d_CD - d_DC)/(d_CD - d_DD^S) = 2/3; r_S = (c_DC - c_SQ)/(c_DC - c_CD)
    = 1/3; r_H = (c_DC - c_SQ)/(c_DC - c_DD^H) = 1/2. Deterrence (no initiation) is robust
    (passes D1) iff p_Def >= r_H, else supported only by beliefs failing D1; separating iff
    r_S <= p_Def <= r_H; attack iff p_Ch > q* and p_Def <= r_S; bluff iff p_Ch < q* and
    p_Def < r_S, with x_S = p_Ch(1-q*)/((1-p_Ch)q*) = 1/2 and the Soft defender resisting
    w.p. y = (r_S - p_Def)/(1 - p_Def) = (1/12)/(3/4) = 1/9 at p = (1/2, 1/4).
    """
    result = solve_pbe(udg(p_ch, p_def), exact=True)
    eqs = by_description(result)
    assert set(eqs) == set(expected)
    for name, (ic, d1) in expected.items():
        assert eqs[name].extra["intuitive_criterion"].startswith(ic)
        assert eqs[name].extra["d1"].startswith(d1)
    if p_def == "1/4" and p_ch == "1/2":
        bluff = [e for e in result.equilibria if e.extra["kind"] == "semi-separating"][0]
        assert bluff.behavior["Challenger"]["Soft challenger"]["Initiate"] == F(1, 2)
        assert bluff.behavior["Defender"]["Soft defender challenged"]["Resist"] == F(1, 9)
        # the soft defender is indifferent: belief in a hard challenger equals q* = 2/3
        belief = bluff.beliefs["Defender"]["Soft defender challenged"]
        assert belief["HS/Initiate"] == F(2, 3)


def test_deterrence_off_path_belief_range():
    """At p = (1/2, 2/5) deterrence needs the Soft defender to resist after an (off-path)
    initiation, which it does iff its belief in a Hard challenger is at most q* = 2/3."""
    result = solve_pbe(udg("1/2", "2/5"), exact=True)
    pool = by_description(result)["pooling on Status quo"]
    soft = pool.extra["off_path_beliefs"]["Defender"]["Soft defender challenged"]
    assert soft["HS/Initiate"] == [0, F(2, 3)]
    assert soft["SS/Initiate"] == [F(1, 3), 1]


@pytest.mark.parametrize(("p_hard", "challenge"), [("1/2", True), ("3/4", False)])
def test_radg_threshold(p_hard, challenge):
    """RADG (domain §4.4a): a_DD = 0 < a_SQ = 1 < a_DC = 3; b_DD- = 0 < b_DC = 1 <
    b_DD+ = 2 < b_SQ = 3. Hard B resists, Soft B concedes; A challenges iff
    p_B < (a_DC - a_SQ)/(a_DC - a_DD) = 2/3, so at p_B = 1/2 it does (P(war) = 1/2), at
    3/4 it does not. The game has a single PBE class either way.
    """
    def b_node(hard):
        return Decision("B", {"Concede": Terminal((3, 1), "capitulation"),
                              "Resist": Terminal((0, 2 if hard else 0), "war")},
                        infoset="Hard B" if hard else "Soft B")

    def a_node(hard):
        return Decision("A", {"C": Terminal((1, 3), "status quo"), "D": b_node(hard)},
                        infoset="A")

    p = F(p_hard)
    game = ExtensiveFormGame.from_tree(
        Chance({"Hard": (p, a_node(True)), "Soft": (1 - p, a_node(False))}),
        players=("A", "B"), name="RADG")
    result = solve_pbe(game, exact=True)
    assert len(result.equilibria) == 1
    eq = result.equilibria[0]
    assert eq.behavior["A"]["A"]["D"] == (1 if challenge else 0)
    assert eq.behavior["B"]["Hard B"]["Resist"] == 1
    assert eq.behavior["B"]["Soft B"]["Concede"] == 1
    assert eq.outcomes.get("war", 0) == (p if challenge else 0)
    assert eq.extra["kind"] == "pure"


def test_float_mode_and_exact_flag():
    """exact=False reports floats with the same classes (here the three of π = 3/4)."""
    result = solve_pbe(fearon("3/4", k="5/2"))
    assert not result.exact
    assert len(result.equilibria) == 3
    hybrid = [e for e in result.equilibria if e.extra["kind"] == "semi-separating"][0]
    assert hybrid.behavior["Challenger"]["after No signal"]["Challenge"] == pytest.approx(5 / 6)
    assert isinstance(hybrid.extra["probabilities"]["P(war)"], float)


def test_rejects_unknown_refinement_and_non_tree():
    from alliance_games.errors import SolverError

    with pytest.raises(SolverError, match="unknown refinement"):
        solve_pbe(fearon("1/4", k=1), refine="d2")
    with pytest.raises(SolverError, match="ExtensiveFormGame"):
        solve_pbe("not a game")  # type: ignore[arg-type]
