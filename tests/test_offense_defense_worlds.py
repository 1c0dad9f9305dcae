"""Jervis's (1978, p. 211) four worlds in security_dilemma/offense_defense.

B is aggressive (q = 0.3) or status quo; B picks a Defensive or Offensive posture; with
probability d (distinguishability) A sees it, else A cannot tell; A restrains or arms.
Payoffs (A, B): status quo B: Restrain (0, s), Arm (-c, s - a) with s = 1 - o for a
defensive and s = o for an offensive posture; aggressive B, defensive: (0, 0) / (-c, 0);
aggressive B, offensive: Restrain (-o L, o G - k), Arm (-c - o L s_A, o G s_B - k).
Defaults L = 10, c = 0.5, s_A = 0.5, G = 10, s_B = 0.25, k = 1, a = 1.

Derivations (perfect Bayesian equilibrium: A never arms before a defensive posture,
arming costs c and defends against nothing):
- A arms before a seen offensive posture iff o L (1 - s_A) > c: 5 o > 0.5, true for
  o = 0.8 and o = 0.2 (if the posture is an aggressor's).
- A arms when it cannot tell iff q o L (1 - s_A) > c (aggressors offensive, status-quo
  states harmless): 1.5 o > 0.5, i.e. o > 1/3.
- An aggressor is offensive iff its gain beats k against A's response: unopposed 10 o - 1
  > 0 for o > 0.1; against an armed A 2.5 o - 1 > 0 iff o > 0.4.
- A status-quo B is offensive iff its security o (minus a if that makes A arm) beats 1 - o.

World (o, d) -> equilibrium outcome distribution:
- (0.8, 0) doubly dangerous: A cannot tell and arms (1.2 > 0.5); status-quo B gets o - a
  either way and picks offensive (-0.2 > -0.8): spiral 0.7, aggression met 0.3.
- (0.2, 0) dilemma but compatible requirements: A restrains unseen (0.3 < 0.5); status-quo
  B defensive (0.8 > 0.2); aggressor offensive unopposed (10*0.2 - 1 = 1 > 0):
  mutual restraint 0.7, aggression unopposed 0.3.
- (0.8, 1) no dilemma, aggression possible: status-quo B defensive (0.2 > 0.8 - 1),
  A restrains before it; aggressor offensive and met (2.5*0.8 - 1 = 1 > 0):
  mutual restraint 0.7, aggression met (warning given) 0.3.
- (0.2, 1) doubly stable: an aggressor's offensive posture would be met (2.5*0.2 - 1 < 0),
  so it stays defensive: mutual restraint 0.7, aggression deterred by defence 0.3.
"""

from __future__ import annotations

import pytest

from alliance_games import load, solve

SPIRAL = "spiral (arms race between status-quo states)"


@pytest.mark.parametrize("o,d,expected", [
    ("0.8", "0", {SPIRAL: 0.7, "aggression met (warning given)": 0.3}),
    ("0.2", "0", {"mutual restraint": 0.7, "aggression unopposed": 0.3}),
    ("0.8", "1", {"mutual restraint": 0.7, "aggression met (warning given)": 0.3}),
    ("0.2", "1", {"mutual restraint": 0.7, "aggression deterred by defence": 0.3}),
], ids=["doubly dangerous", "compatible requirements", "warning given", "doubly stable"])
def test_four_worlds(o: str, d: str, expected: dict[str, float]) -> None:
    game = load("security_dilemma/offense_defense",
                {"offense_advantage": o, "distinguishability": d})
    result = solve(game, "pbe")
    assert len(result.equilibria) == 1 and result.complete
    got = {k: float(v) for k, v in result.equilibria[0].outcomes.items() if float(v) > 0}
    assert got == pytest.approx(expected)


def test_the_four_worlds_differ() -> None:
    """No two of Jervis's worlds give the same equilibrium outcome distribution."""
    seen = set()
    for o in ("0.8", "0.2"):
        for d in ("0", "1"):
            r = solve(load("security_dilemma/offense_defense",
                           {"offense_advantage": o, "distinguishability": d}), "pbe")
            seen.add(tuple(sorted((k, round(float(v), 9))
                                  for k, v in r.equilibria[0].outcomes.items())))
    assert len(seen) == 4


def test_distinguishability_is_information_not_payoff() -> None:
    """Distinguishability enters only as the chance of A seeing B's posture: no terminal
    payoff depends on it (it is a probability in the tree), so d moves A's information
    about B's intentions and nothing else."""
    a = load("security_dilemma/offense_defense", {"distinguishability": "0"})
    b = load("security_dilemma/offense_defense", {"distinguishability": "1"})
    pa = [(a.nodes[i].name, a.nodes[i].payoffs) for i in a.terminals]
    pb = [(b.nodes[i].name, b.nodes[i].payoffs) for i in b.terminals]
    assert pa == pb
