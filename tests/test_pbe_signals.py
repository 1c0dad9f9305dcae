"""Signaling structure, labels, event probabilities and refinements
(alliance_games.solvers.signaling.signals), on games small enough to check by hand.

The two-type game is the one of ``tests/test_pbe_beliefs.py`` (its docstring has the
payoff table): types t0 (1/3), t1 (2/3); messages m0, m1; receiver actions r0, r1; the
receiver plays r0 iff μ(t0) >= 2/3. Its information sets in tree order are 0 ``t0``,
1 ``after m0``, 2 ``after m1``, 3 ``t1``.
"""

from __future__ import annotations

from fractions import Fraction as F

from gamegen import signaling_game
from hypothesis import given, settings
from strategies import signaling_games
from test_pbe_beliefs import game as two_type_game

from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.solvers.signaling.pbe import verify_assessment
from alliance_games.solvers.signaling.signals import (
    chance_reach,
    classify,
    detect_signaling,
    event_probabilities,
    refinement_verdicts,
)

ONE, ZERO = F(1), F(0)
SEMI_SEPARATING = [(1, 0), (F(1, 2), F(1, 2)), (0, 1), (F(1, 4), F(3, 4))]
POOLING = [(1, 0), (0, 1), (1, 0), (1, 0)]


def three_types() -> ExtensiveFormGame:
    """Types t0, t1, t2 with prior 1/4, 1/4, 1/2; payoffs do not matter for labels."""
    pay = {(t, m, r): (0, 0) for t in range(3) for m in ("m0", "m1") for r in ("r0", "r1")}
    return signaling_game([F(1, 4), F(1, 4), F(1, 2)], pay)


def sender_table(game: ExtensiveFormGame, sends: dict[str, tuple]) -> list[tuple]:
    """Behavior with the given sender rows and receivers playing r0."""
    return [sends.get(s.name, (ONE, ZERO)) for s in game.infosets]


# ---------------------------------------------------------------------- structure
def test_detect_sender_types_and_receiver_sets() -> None:
    """Nature moves first, then the Sender at two sets (its types); after each message
    the Receiver's one set, with one node per type (t0's first, in tree order)."""
    g = two_type_game()
    st = detect_signaling(g)
    assert st is not None
    assert (st.sender, st.receiver) == (0, 1)
    assert st.type_infosets == (0, 3) and st.type_names == ("t0", "t1")
    assert dict(st.receiver_infosets) == {"m0": (1,), "m1": (2,)}
    assert dict(st.node_types) == {1: (0, 1), 2: (0, 1)}
    assert st.describe(g) == {
        "sender": "Sender", "types": ["t0", "t1"], "receiver": "Receiver",
        "receiver_infosets": {"m0": ["after m0"], "m1": ["after m1"]}}


def test_no_structure_without_a_chance_root_or_types() -> None:
    """A tree that does not start with Nature, and one where Nature is followed by a
    single sender information set (no private types), have no sender-receiver structure."""
    plain = ExtensiveFormGame.from_tree(
        Decision("A", {"x": Terminal((1, 0)), "y": Terminal((0, 1))}), players=("A", "B"))
    assert detect_signaling(plain) is None
    blind = ExtensiveFormGame.from_tree(
        Chance({c: (F(1, 2), Decision("A", {"x": Terminal((1, 0)), "y": Terminal((0, 1))},
                                      infoset="same")) for c in ("h", "t")}),
        players=("A", "B"))
    assert detect_signaling(blind) is None


def test_chance_reach() -> None:
    """Every node below type t0 has chance probability 1/3, below t1 2/3; the root 1."""
    g = two_type_game()
    reach = chance_reach(g, exact=True)
    assert reach[0] == 1
    t1_root = g.infosets[3].members[0]
    assert {reach[v] for v in range(1, t1_root)} == {F(1, 3)}
    assert {reach[v] for v in range(t1_root, len(g.nodes))} == {F(2, 3)}
    assert chance_reach(g, exact=False)[t1_root] == 2 / 3


# ---------------------------------------------------------------------- labels
def test_labels_of_two_types() -> None:
    """Pooling: both types send m0. Separating: t0 m0, t1 m1 (disjoint supports).
    Semi-separating: t0 m0, t1 mixes (supports overlap and a type mixes)."""
    g = two_type_game()
    st = detect_signaling(g)
    pooling = classify(g, st, POOLING)
    assert (pooling.kind, pooling.description) == ("pooling", "pooling on m0")
    separating = classify(g, st, sender_table(g, {"t0": (ONE, ZERO), "t1": (ZERO, ONE)}))
    assert separating.kind == "separating"
    assert separating.description == "separating (t0: m0; t1: m1)"
    semi = classify(g, st, SEMI_SEPARATING)
    assert semi.kind == "semi-separating"
    assert semi.description == "semi-separating (t0: m0; t1: m0 w.p. 1/4, m1 w.p. 3/4)"
    assert semi.signals == {"t0": {"m0": 1, "m1": 0}, "t1": {"m0": F(1, 4), "m1": F(3, 4)}}


def test_partially_pooling_and_same_mixture() -> None:
    """Three types: t0 and t1 send m0, t2 sends m1 (pure, shared but not by all):
    partially pooling. All three mixing (1/2, 1/2): pooling on the same mixture."""
    g = three_types()
    st = detect_signaling(g)
    part = classify(g, st, sender_table(g, {"t2": (ZERO, ONE)}))
    assert part.kind == "partially pooling"
    assert part.description == "partially pooling (t0: m0; t1: m0; t2: m1)"
    half = (F(1, 2), F(1, 2))
    same = classify(g, st, sender_table(g, {"t0": half, "t1": half, "t2": half}))
    assert (same.kind, same.description) == ("pooling", "pooling (same mixture)")


def test_labels_without_structure() -> None:
    """Without a sender-receiver structure a profile is only pure or mixed."""
    g = two_type_game()
    assert classify(g, None, POOLING).kind == "pure"
    assert classify(g, None, SEMI_SEPARATING).kind == "mixed"


@settings(max_examples=40, deadline=None)
@given(signaling_games())
def test_pure_labels_follow_the_message_map(case) -> None:  # type: ignore[no-untyped-def]
    """For every pure sender strategy of a drawn game: pooling iff all types send one
    message, separating iff no two types share one, partially pooling otherwise."""
    g = case.game
    st = detect_signaling(g)
    n = len(case.prior)
    assert st is not None and len(st.type_infosets) == n
    for code in range(2 ** n):
        sends = [(code >> t) & 1 for t in range(n)]
        rows = {f"t{t}": (ONE, ZERO) if m == 0 else (ZERO, ONE) for t, m in enumerate(sends)}
        label = classify(g, st, sender_table(g, rows))
        if len(set(sends)) == 1:
            assert label.kind == "pooling"
        elif len(set(sends)) == n:
            assert label.kind == "separating"
        else:
            assert label.kind == "partially pooling"


# ---------------------------------------------------------------------- events
def test_event_probabilities_from_labels_and_actions() -> None:
    """Nature: defender Hard (1/4) or Soft (3/4). The challenger, not knowing which,
    Challenges w.p. 1/2; Hard fights ("war"), Soft concedes ("capitulation"); no
    challenge is the "status quo". P(challenge) = 1/2; P(war) = 1/4 * 1/2 = 1/8;
    P(deterrence success) = P(status quo) = 1/2."""
    def after(hard: bool) -> Decision:
        respond = Decision("Defender", {"Fight": Terminal((0, -1), "war"),
                                        "Concede": Terminal((-1, 1), "capitulation")},
                           infoset="hard" if hard else "soft")
        return Decision("Challenger", {"Challenge": respond,
                                       "Stay": Terminal((1, 0), "status quo")},
                        infoset="challenger")

    g = ExtensiveFormGame.from_tree(
        Chance({"Hard": (F(1, 4), after(True)), "Soft": (F(3, 4), after(False))}),
        players=("Defender", "Challenger"))
    half = (F(1, 2), F(1, 2))
    by_name = {"challenger": half, "hard": (ONE, ZERO), "soft": (ZERO, ONE)}
    table = [by_name[s.name] for s in g.infosets]
    events = event_probabilities(g, table, exact=True)
    assert events == {"P(challenge)": F(1, 2), "P(war)": F(1, 8),
                      "P(deterrence success)": F(1, 2)}


# ---------------------------------------------------------------------- refinements
def test_pooling_fails_the_intuitive_criterion_and_d1() -> None:
    """The pooling PBE (both send m0, r1 after m0, r0 after the unsent m1; off-path
    belief μ(t0 | m1) >= 2/3). Equilibrium payoffs u*_t0 = u*_t1 = 0 (m0 answered by r1).

    Intuitive Criterion at m1: t0 gets -1 from m1 whatever the answer (< 0): equilibrium
    dominated. With beliefs on {t1} the receiver answers r1, which gives t1 1 > 0: fails.
    D1: t0's set of answers that make m1 weakly worth it is empty, contained in t1's
    nonempty set, so t0 is deleted; on {t1} the only best answer r1 gives t1 1 > 0:
    fails."""
    g = two_type_game()
    a = verify_assessment(g, POOLING, exact=True)
    verdicts = refinement_verdicts(g, detect_signaling(g), a)
    ic = verdicts["intuitive_criterion"]
    assert ic.startswith("fails (at m1: type t0 cannot gain from m1 whatever the Receiver")
    assert "type t1 would gain from m1 under every best response of the Receiver" in ic
    assert verdicts["d1"].startswith("fails (at m1: t0 gains from m1")


def test_refinements_pass_or_do_not_apply() -> None:
    """The semi-separating PBE sends both messages: nothing to refine. Without a
    sender-receiver structure the tests do not apply."""
    g = two_type_game()
    a = verify_assessment(g, SEMI_SEPARATING, exact=True)
    assert refinement_verdicts(g, detect_signaling(g), a) == {
        "intuitive_criterion": "passes (every message is sent on the path)",
        "d1": "passes (every message is sent on the path)"}
    na = "not applicable (no sender-receiver structure)"
    assert refinement_verdicts(g, None, a) == {"intuitive_criterion": na, "d1": na}
