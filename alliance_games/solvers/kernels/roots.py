"""A root of a continuous function on a sign-changing bracket: Brent's method.

The public-goods and joint-products equilibria (the total at which the replacement
functions add up to it), the best responses checked by their certificates, the Lindahl
prices and the boundaries of the dynamics' basins are each the root of a monotone or
at least sign-changing scalar function on a known bracket, where no closed form exists
(a polynomial of the number of allies' degree, or an isoelastic power).

Why hand-written rather than ``scipy.optimize.brentq``: importing ``scipy.optimize``
costs about 0.32 s, more than the whole ``solve`` of the catalog models that need a
root (issue 13, goal 6), and a root takes a few dozen evaluations of a Python function.
The method is the safeguarded one of Brent (1973, ch. 4) in the variant scipy uses
(inverse quadratic extrapolation through the last three points when they are ordered,
the secant step after the bracket flips, bisection whenever the step is not short
enough; never a step below the tolerance), with the same stopping rule, so the
equilibria reported are the same floating-point numbers as before.

References
----------
R. P. Brent, *Algorithms for Minimization without Derivatives*, Prentice-Hall, 1973,
ch. 4 ("An algorithm with guaranteed convergence for finding a zero of a function").
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["brent_root"]


def brent_root(f: Callable[[float], float], a: float, b: float, *, xtol: float = 2e-12,
               rtol: float = 8.881784197001252e-16, maxiter: int = 100) -> float:
    """A root of ``f`` in ``[a, b]`` where ``f(a)`` and ``f(b)`` differ in sign.

    The answer ``x`` is within ``xtol + rtol |x|`` of a sign change of ``f`` (or ``f(x)``
    is 0).

    Parameters
    ----------
    f
        Continuous on the bracket.
    a, b
        The bracket.
    xtol, rtol
        Absolute and relative tolerance (``rtol`` at least 4 machine epsilons).
    maxiter
        Iterations before :class:`ArithmeticError`.

    Raises
    ------
    ValueError
        When ``f(a)`` and ``f(b)`` have the same sign.

    Examples
    --------
    >>> round(brent_root(lambda x: x * x - 2, 0.0, 2.0, xtol=1e-15), 15)
    1.414213562373095
    """
    if xtol <= 0 or rtol < 4 * 2.220446049250313e-16:
        raise ValueError("brent_root: xtol must be positive and rtol at least 4 eps")
    # ``near`` is the current estimate, ``prev`` the one before it, ``far`` the end of the
    # bracket across the root from ``near``; the step ``step`` and the one before it
    # ``last`` decide whether interpolation is converging fast enough.
    prev, near = float(a), float(b)
    f_prev, f_near = f(prev), f(near)
    if f_prev * f_near > 0:
        raise ValueError("brent_root: f(a) and f(b) must have different signs")
    if f_prev == 0:
        return prev
    if f_near == 0:
        return near
    far, f_far, last, step = 0.0, 0.0, 0.0, 0.0
    for _ in range(maxiter):
        if f_prev * f_near < 0:   # the root lies between prev and near: re-anchor
            far, f_far = prev, f_prev
            last = step = near - prev
        if abs(f_far) < abs(f_near):   # keep the best estimate in ``near``
            prev, near, far = near, far, near
            f_prev, f_near, f_far = f_near, f_far, f_near
        half_tol = (xtol + rtol * abs(near)) / 2
        half_bracket = (far - near) / 2
        if f_near == 0 or abs(half_bracket) < half_tol:
            return near
        if abs(last) > half_tol and abs(f_near) < abs(f_prev):
            if prev == far:   # secant through near and prev
                trial = -f_near * (near - prev) / (f_near - f_prev)
            else:             # inverse quadratic through the three points
                d_prev = (f_prev - f_near) / (prev - near)
                d_far = (f_far - f_near) / (far - near)
                trial = -f_near * (f_far * d_far - f_prev * d_prev) \
                    / (d_far * d_prev * (f_far - f_prev))
            if 2 * abs(trial) < min(abs(last), 3 * abs(half_bracket) - half_tol):
                last, step = step, trial
            else:
                last = step = half_bracket
        else:
            last = step = half_bracket
        prev, f_prev = near, f_near
        near += step if abs(step) > half_tol else math.copysign(half_tol, half_bracket)
        f_near = f(near)
    raise ArithmeticError(f"brent_root: no convergence in {maxiter} iterations")
