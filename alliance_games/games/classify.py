"""Name a symmetric 2x2 game by its payoff ordering (Snyder & Diesing 1977; Jervis 1978).

With row payoffs R (mutual cooperation), T (temptation: defect against a cooperator),
S (sucker: cooperate against a defector) and P (mutual defection), the strict orderings
that name the classic security-dilemma games are

==================  ===================  ===========================================
game                ordering             reading
==================  ===================  ===========================================
prisoner's dilemma  T > R > P > S        arms race despite a shared wish for restraint
stag hunt           R > T > P > S        cooperation needs trust (assurance)
chicken             T > R > S > P        brinkmanship; war if neither swerves
deadlock            T > P > R > S        no dilemma: both prefer conflict
harmony             R > T and S > P      no dilemma: cooperation dominant
==================  ===================  ===========================================

References
----------
Jervis, R. (1978). Cooperation under the Security Dilemma. *World Politics* 30(2), 167-214.
Snyder, G. H. & Diesing, P. (1977). *Conflict Among Nations*. Princeton UP, ch. 2.
Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in Games*.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["Classification", "classify_2x2", "symmetric_2x2_payoffs"]

Number = Fraction | float


@dataclass(frozen=True)
class Classification:
    """The name of a symmetric 2x2 game and what it means."""

    name: str
    ordering: str
    reading: str
    dilemma: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ordering": self.ordering, "reading": self.reading,
                "dilemma": self.dilemma}


_READINGS = {
    "prisoner's dilemma": (
        "security dilemma proper: each side arms whatever the other does, so both end in an "
        "arms race although both prefer mutual restraint",
        True,
    ),
    "stag hunt": (
        "assurance game: mutual restraint is an equilibrium, but so is the arms race; "
        "cooperation needs trust",
        True,
    ),
    "chicken": (
        "crisis brinkmanship: each wants the other to back down; war if neither does",
        True,
    ),
    "deadlock": ("no dilemma: both sides prefer conflict to cooperation", False),
    "harmony": ("no dilemma: restraint is each side's best choice", False),
}


def classify_2x2(T: Number, R: Number, P: Number, S: Number) -> Classification:
    """Classify the symmetric 2x2 game with payoffs T, R, P, S.

    Examples
    --------
    >>> classify_2x2(5, 3, 1, 0).name
    "prisoner's dilemma"
    >>> classify_2x2(3, 4, 2, 0).name
    'stag hunt'
    """
    values = {"T": T, "R": R, "P": P, "S": S}
    order = " > ".join(sorted(values, key=lambda k: values[k], reverse=True))
    if len(set(values.values())) < 4:
        ties = " ".join(sorted(values, key=lambda k: values[k], reverse=True))
        return Classification(
            "unnamed (tied payoffs)",
            ties,
            "some payoffs are equal, so the game sits on the boundary between named games",
            False,
        )
    name = None
    if T > R > P > S:
        name = "prisoner's dilemma"
    elif R > T > P > S:
        name = "stag hunt"
    elif T > R > S > P:
        name = "chicken"
    elif T > P > R > S:
        name = "deadlock"
    elif R > T and S > P:
        name = "harmony"
    if name is None:
        return Classification(
            "unnamed ordering", order, "an ordering outside the five classic games", False
        )
    reading, dilemma = _READINGS[name]
    return Classification(name, order, reading, dilemma)


def symmetric_2x2_payoffs(game: Any) -> dict[str, Number] | None:
    """T, R, P, S of a symmetric 2-player 2x2 game (strategy 0 = cooperate), else None.

    Symmetric means ``u_B(s, t) = u_A(t, s)``.
    """
    if getattr(game, "n_players", None) != 2 or tuple(game.shape) != (2, 2):
        return None
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    a, b = source[0], source[1]
    for s in range(2):
        for t in range(2):
            if a[s, t] != b[t, s]:
                return None
    return {"R": a[0, 0], "S": a[0, 1], "T": a[1, 0], "P": a[1, 1]}
