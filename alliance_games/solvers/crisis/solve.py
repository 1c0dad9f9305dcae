"""Entry point of the crisis-bargaining solvers: one game in, one verified result out.

``solve_crisis`` picks the model's solver (:mod:`.risk_return` for
:class:`~alliance_games.games.crisis.RiskReturnGame`, :mod:`.commitment` for
:class:`~alliance_games.games.crisis.CommitmentGame`) and wraps its figures in a
:class:`~alliance_games.equilibrium.SolveResult`: one equilibrium (the solution is
unique; ``complete=True``), the figures under ``extra`` (the JSON ``analysis``, whose
keys are listed in ``docs/spec-crisis.md``).

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1),
169-203.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ...equilibrium import SolveResult
from ...errors import SolverError
from ...games.crisis import CommitmentGame, RiskReturnGame
from . import commitment, risk_return

__all__ = ["solve_crisis"]


def solve_crisis(game: Any, exact: bool = False) -> SolveResult:
    """Solve a crisis-bargaining game (risk-return or commitment problem).

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.crisis.RiskReturnGame` or
        :class:`~alliance_games.games.crisis.CommitmentGame`.
    exact
        Ask for exact figures. They are exact whenever the data are rational (a
        diagnostic says so otherwise).

    Returns
    -------
    SolveResult
        ``method="crisis-bargaining"``, one equilibrium, ``extra`` with the analysis.

    Examples
    --------
    >>> from alliance_games import load
    >>> r = solve_crisis(load("crisis/risk_return"))
    >>> r.extra["demand"], r.extra["p_war"]
    (Fraction(7, 10), Fraction(1, 4))
    """
    is_exact = bool(getattr(game, "exact", False))
    if isinstance(game, RiskReturnGame):
        sol = risk_return.risk_return(game)
        eq = risk_return.equilibrium(game, sol, is_exact)
        extra = risk_return.analysis(game, sol)
    elif isinstance(game, CommitmentGame):
        csol = commitment.commitment_problem(game)
        eq = commitment.equilibrium(game, csol, is_exact)
        extra = commitment.analysis(game, csol)
    else:
        raise SolverError(f"crisis-bargaining needs a crisis game, found {type(game).__name__}")
    diagnostics: list[str] = []
    if exact and not is_exact:
        diagnostics.append("some data are irrational: the solution is shown in floating point")
    if not is_exact:
        extra = {k: _as_float(v) for k, v in extra.items()}
    return SolveResult(
        game=game,
        method="crisis-bargaining",
        complete=True,
        equilibria=(eq,),
        exact=is_exact and eq.exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
    )


def _as_float(value: Any) -> Any:
    return float(value) if isinstance(value, Fraction) else value
