"""Exact rationals over a whole sweep grid: numerator and denominator arrays.

A vectorised sweep writes every figure both as a float and as its exact string, and the
float must be the exact value rounded once (what ``float(Fraction)`` gives on the
per-point path). A :class:`Rat` holds one rational per grid point as two integer
arrays, ``num / den`` with ``den > 0``; the arithmetic is the schoolbook one
(``a/b + c/d = (ad + cb)/bd``), on ``int64`` while every product provably fits (the
bound is checked from the operands' largest magnitudes before each operation) and on
numpy object arrays of Python integers (unbounded) beyond. Nothing is rounded:

- :meth:`Rat.floats` is correctly rounded: ``float(n) / float(d)`` when both are exact
  doubles (``|n|, d ≤ 2^53``; IEEE division rounds once), else Python's integer true
  division ``n / d`` (correctly rounded, as ``Fraction.__float__``);
- :meth:`Rat.texts` are ``str(Fraction(n, d))``: the reduced ``n/d``, or ``n`` when
  ``d = 1``.

The grid's parameters are rationals (``start + k * step``), and the game data of the
closed-form families are exact affine maps of them (:mod:`.sweep_fields`), so
:func:`affine_on_grid` builds each datum from the axes' index arrays without a Fraction
per point.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["Rat", "AffineInts", "affine_integers", "affine_on_grid", "distinct_on_subgrid",
           "grid_indices", "small_pages"]

#: int64 arithmetic is used while every intermediate stays below this magnitude
_SAFE = 2 ** 62
#: below this magnitude a result is not reduced after each operation
_KEEP = 2 ** 40
#: integers up to this magnitude are exact doubles
_EXACT_DOUBLE = 2 ** 53

_gcd_object = np.frompyfunc(math.gcd, 2, 1)


@contextmanager
def small_pages() -> Iterator[None]:
    """numpy's advice to the kernel to back its large arrays with 2 MB pages switched
    off while the block runs (restored after).

    A vectorised sweep allocates hundreds of fresh 8 MB arrays in a short-lived
    process. With Linux's transparent huge pages on ``madvise`` (a common default),
    numpy's advice makes each first touch of such an array ask for 2 MB pages, which
    the kernel may compact memory to find: on a busy machine that was a second of
    system time for a 10^6-point public-goods sweep (4.0 s of CPU with the advice,
    2.7 s without; 2.1 s -> 1.3 s of system time for the commitment problem). The
    switch is numpy's own (``_set_madvise_hugepage``, what ``NUMPY_MADVISE_HUGEPAGE=0``
    sets at import); where it is missing nothing is changed."""
    core = getattr(np, "_core", None) or getattr(np, "core", None)
    switch = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if switch is None:
        yield
        return
    previous = switch(False)
    try:
        yield
    finally:
        switch(previous)


def with_small_pages(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` run under :func:`small_pages`."""
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with small_pages():
            return function(*args, **kwargs)

    return run


def _max_abs(a: np.ndarray) -> int:
    """The largest magnitude in ``a``, exactly."""
    if a.size == 0:
        return 0
    if a.ndim == 1 and a.strides[0] == 0:  # one value spread (Rat.const)
        return abs(int(a[0]))
    entry = _BOUNDS.get(id(a))
    if entry is not None and entry[2] and entry[0]() is a:
        return entry[1]
    if a.dtype == object:
        value = int(max(abs(int(a.max())), abs(int(a.min()))))
    else:
        value = max(abs(int(a.max())), abs(int(a.min())))
    _remember(a, value, True)
    return value


#: per array (by id, checked through a weak reference): an upper bound of its
#: magnitudes and whether it is exact. An operation's result gets the bound its
#: operands give (|a b| <= A B, |a + b| <= A + B), so a decision that the bound settles
#: (the product fits in int64, the value needs no reduction) costs no pass over the
#: array; where it does not, the exact largest magnitude decides, as without bounds.
_BOUNDS: dict[int, tuple[Any, int, bool]] = {}


def _remember(a: np.ndarray, bound: int, exact: bool) -> None:
    if len(_BOUNDS) > 1024:
        _BOUNDS.clear()
    try:
        _BOUNDS[id(a)] = (weakref.ref(a), bound, exact)
    except TypeError:  # not weakly referable: no bound kept
        pass


def _bound(a: np.ndarray) -> int:
    """An upper bound of ``a``'s magnitudes (its largest one when nothing cheaper is
    known)."""
    if a.ndim == 1 and a.size and a.strides[0] == 0:
        return abs(int(a[0]))
    entry = _BOUNDS.get(id(a))
    if entry is not None and entry[0]() is a:
        return entry[1]
    return _max_abs(a)


def _below(a: np.ndarray, b: np.ndarray, combine: Any, limit: int) -> int | None:
    """``combine`` of the two arrays' bounds when it is below ``limit`` (first from
    the bounds known, then from the exact largest magnitudes), else None."""
    value = combine(_bound(a), _bound(b))
    if value < limit:
        return int(value)
    value = combine(_max_abs(a), _max_abs(b))
    return int(value) if value < limit else None


def _as_object(a: np.ndarray) -> np.ndarray:
    return a if a.dtype == object else a.astype(object)


def _mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != object and b.dtype != object:
        bound = _below(a, b, operator.mul, _SAFE)
        if bound is not None:
            out = a * b
            _remember(out, bound, False)
            return out
    return _as_object(a) * _as_object(b)


def _add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != object and b.dtype != object:
        bound = _below(a, b, operator.add, _SAFE)
        if bound is not None:
            out = a + b
            _remember(out, bound, False)
            return out
    return _as_object(a) + _as_object(b)


def _sub(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != object and b.dtype != object:
        bound = _below(a, b, operator.add, _SAFE)
        if bound is not None:
            out = a - b
            _remember(out, bound, False)
            return out
    return _as_object(a) - _as_object(b)


def _narrow(a: np.ndarray) -> np.ndarray:
    """An object array back to int64 when every entry fits."""
    if a.dtype == object and _max_abs(a) < _SAFE:
        return a.astype(np.int64)
    return a


class Rat:
    """One rational per grid point: ``num / den`` (integer arrays, ``den > 0``)."""

    __slots__ = ("num", "den")

    def __init__(self, num: np.ndarray, den: np.ndarray) -> None:
        self.num = num
        self.den = den

    @classmethod
    def const(cls, value: Fraction | int, size: int) -> Rat:
        """The same rational at every one of ``size`` points."""
        value = Fraction(value)

        def full(v: int) -> np.ndarray:
            # one value spread over the points without memory (a read-only view: the
            # arithmetic makes new arrays)
            one = np.array([v], dtype=np.int64 if abs(v) < _SAFE else object)
            return np.broadcast_to(one, (size,))

        num, den = full(value.numerator), full(value.denominator)
        return cls(num, den)

    def __len__(self) -> int:
        return len(self.num)

    def take(self, index: np.ndarray) -> Rat:
        return Rat(self.num[index], self.den[index])

    # ------------------------------------------------------------------ arithmetic
    def _small(self) -> Rat:
        """Reduced only when the integers grow (keeps int64 arithmetic going; the
        value is the same either way)."""
        if self.num.dtype != object and self.den.dtype != object and (
                (_bound(self.den) < _KEEP and _bound(self.num) < _KEEP)
                or (_max_abs(self.den) < _KEEP and _max_abs(self.num) < _KEEP)):
            return self
        return self._reduced()

    def _reduced(self) -> Rat:
        num, den = self.num, self.den
        if num.dtype == object or den.dtype == object:
            g = _gcd_object(_as_object(num), _as_object(den))
            return Rat(_narrow(_as_object(num) // g), _narrow(_as_object(den) // g))
        g = np.gcd(num, den)
        g[g == 0] = 1
        return Rat(num // g, den // g)

    def __add__(self, other: Rat | Fraction | int) -> Rat:
        o = self._coerce(other)
        if self.den is o.den or (self.den.dtype != object and o.den.dtype != object
                                 and np.array_equal(self.den, o.den)):
            return Rat(_add(self.num, o.num), self.den)._small()
        return Rat(_add(_mul(self.num, o.den), _mul(o.num, self.den)),
                   _mul(self.den, o.den))._small()

    __radd__ = __add__

    def __neg__(self) -> Rat:
        num = -self.num
        if num.dtype != object:
            _remember(num, _bound(self.num), False)
        return Rat(num, self.den)

    def __sub__(self, other: Rat | Fraction | int) -> Rat:
        return self + (-self._coerce(other))

    def __rsub__(self, other: Fraction | int) -> Rat:
        return self._coerce(other) - self

    def __mul__(self, other: Rat | Fraction | int) -> Rat:
        o = self._coerce(other)
        return Rat(_mul(self.num, o.num), _mul(self.den, o.den))._small()

    __rmul__ = __mul__

    def __truediv__(self, other: Rat | Fraction | int) -> Rat:
        """Division; the caller makes sure no divisor is 0 where the result is used
        (a zero divisor gives a placeholder ``0/1`` there)."""
        o = self._coerce(other)
        sign = np.sign(o.num) if o.num.dtype != object else np.array(
            [(v > 0) - (v < 0) for v in o.num.tolist()], dtype=np.int64)
        num = _mul(self.num, _mul(o.den, sign))
        den = _mul(self.den, np.abs(o.num) if o.num.dtype != object else
                   np.array([abs(v) for v in o.num.tolist()], dtype=object))
        zero = sign == 0
        if zero.any():
            num = num.copy()
            den = den.copy()
            num[zero] = 0
            den[zero] = 1
        return Rat(num, den)._small()

    def __rtruediv__(self, other: Fraction | int) -> Rat:
        return self._coerce(other) / self

    def where(self, mask: np.ndarray, other: Rat | Fraction | int) -> Rat:
        """``self`` where ``mask``, ``other`` elsewhere."""
        o = self._coerce(other)
        num, den = np.where(mask, self.num, o.num), np.where(mask, self.den, o.den)
        if num.dtype != object and den.dtype != object:
            _remember(num, max(_bound(self.num), _bound(o.num)), False)
            _remember(den, max(_bound(self.den), _bound(o.den)), False)
        return Rat(num, den)

    def maximum(self, other: Rat | Fraction | int) -> Rat:
        """The larger of ``self`` and ``other`` at every point (``self`` on a tie)."""
        return self.where(self.cmp(other) >= 0, other)

    def _coerce(self, other: Rat | Fraction | int) -> Rat:
        return other if isinstance(other, Rat) else Rat.const(other, len(self.num))

    # ------------------------------------------------------------------ comparisons
    def sign(self) -> np.ndarray:
        """-1, 0 or 1 per point."""
        if self.num.dtype == object:
            return np.array([(v > 0) - (v < 0) for v in self.num.tolist()], dtype=np.int64)
        return np.sign(self.num)

    def cmp(self, other: Rat | Fraction | int) -> np.ndarray:
        """The sign of ``self - other`` per point."""
        o = self._coerce(other)
        return Rat(_sub(_mul(self.num, o.den), _mul(o.num, self.den)), self.den).sign()

    def max_abs_float(self) -> np.ndarray:
        return np.abs(self.floats())

    # ------------------------------------------------------------------ output
    def floats(self) -> np.ndarray:
        """Each value rounded once to the nearest double (``float(Fraction)``)."""
        num, den = self.num, self.den
        if (num.dtype != object and den.dtype != object
                and ((_bound(num) <= _EXACT_DOUBLE and _bound(den) <= _EXACT_DOUBLE)
                     or (_max_abs(num) <= _EXACT_DOUBLE
                         and _max_abs(den) <= _EXACT_DOUBLE))):
            return num.astype(float) / den.astype(float)
        out = []
        for n, d in zip(num.tolist(), den.tolist(), strict=True):
            try:
                out.append(n / d)
            except OverflowError:
                out.append(math.inf if (n > 0) == (d > 0) else -math.inf)
        return np.array(out, dtype=float)

    def texts(self) -> list[str]:
        """``str(Fraction(n, d))`` of every value."""
        r = self._reduced()
        if not len(r.num):
            return []
        nums = list(map(int.__repr__, r.num.tolist()))
        dens = list(map(int.__repr__, r.den.tolist()))
        return [n if d == "1" else n + "/" + d for n, d in zip(nums, dens, strict=True)]

    def fraction(self, i: int) -> Fraction:
        return Fraction(int(self.num[i]), int(self.den[i]))


def grid_indices(shape: Sequence[int]) -> list[np.ndarray]:
    """Per axis, the index of its value at every grid point (the last axis fastest)."""
    if not shape:
        return []
    return [np.asarray(a, dtype=np.int64).ravel() for a in np.indices(tuple(shape))]


def fields_on_grid(fields: Any, axes: Sequence[Any],
                   count: int | None = None) -> tuple[list[np.ndarray], list[Rat]]:
    """The grid's per-axis indices (:func:`grid_indices`) and the spec's first ``count``
    fitted fields (all by default), ``base_j + Σ_k (x_k - origin_k) slope_kj``, at every
    grid point, exactly (:func:`affine_on_grid`)."""
    index = grid_indices([len(a.values) for a in axes])
    values = [a.values for a in axes]
    count = len(fields.base) if count is None else count
    return index, [affine_on_grid(fields.base[j], fields.origin,
                                  [s[j] for s in fields.slopes], values, index)
                   for j in range(count)]


def affine_on_grid(base: Fraction, origin: Sequence[Fraction],
                   slopes: Sequence[Fraction], axes_values: Sequence[Sequence[Fraction]],
                   indices: Sequence[np.ndarray]) -> Rat:
    """``base + Σ_k (x_k - origin_k) slope_k`` at every grid point, exactly.

    Each axis' term is computed once per axis value (in Fractions) and put over one
    denominator; the grid's values are then sums of integers picked by index.
    """
    size = len(indices[0]) if indices else 1
    terms: list[tuple[list[int], int]] = []
    den = base.denominator
    for x0, g, values in zip(origin, slopes, axes_values, strict=True):
        if not g:
            terms.append(([], 1))
            continue
        # (v - x0) g over one denominator without a Fraction per value: the values
        # over their common denominator q (v = V / q), the terms (V - X0) g_n / (q g_d);
        # divided by the gcd of all of them with that denominator, the denominator is
        # the least common one of the reduced terms
        dens = [v.denominator for v in values]
        q = math.lcm(*dens)
        start = x0 * q
        if start.denominator != 1:  # an origin off the axis' denominators
            fr = [(v - x0) * g for v in values]
            lcm = math.lcm(*(f.denominator for f in fr))
            terms.append(([f.numerator * (lcm // f.denominator) for f in fr], lcm))
            den = math.lcm(den, lcm)
            continue
        x0q, gn = int(start), g.numerator
        nums = [(v.numerator * (q // d) - x0q) * gn for v, d in zip(values, dens,
                                                                   strict=True)]
        lcm = q * g.denominator
        common = math.gcd(lcm, *nums)
        terms.append(([n // common for n in nums], lcm // common))
        den = math.lcm(den, lcm // common)
    total = Rat.const(Fraction(base.numerator * (den // base.denominator)), size).num
    for (nums, lcm), index in zip(terms, indices, strict=True):
        if not nums:
            continue
        scale = den // lcm
        scaled = [n * scale for n in nums]
        big = max(abs(v) for v in scaled) >= _SAFE
        column = np.array(scaled, dtype=object if big else np.int64)
        total = _add(total, column[index])
    return Rat(total, Rat.const(Fraction(den), size).num)._small()


@dataclass(frozen=True)
class AffineInts:
    """Game data as integers over one common denominator, axis by axis:
    ``den * f_j(x) = const[j] + Σ_k terms[j][k][i_k]`` (``i_k`` the index of ``x_k`` on
    axis ``k``), every sum of any of the data's magnitudes below ``2^53`` (exact in
    int64 and in doubles; see :func:`affine_integers`)."""

    den: int
    const: tuple[int, ...]
    terms: tuple[tuple[np.ndarray, ...], ...]
    shape: tuple[int, ...]

    def broadcast(self, weights: Sequence[int]) -> np.ndarray:
        """``Σ_j weights[j] (den f_j)`` on the grid as an int64 array of the grid's
        dimension whose axes are 1 long where it does not vary (numpy broadcasting):
        a difference of two data that depend on one axis costs one value per value of
        that axis, not one per grid point."""
        total: np.ndarray = np.array(sum(w * c for w, c in zip(weights, self.const,
                                                                  strict=True)),
                                     dtype=np.int64).reshape((1,) * len(self.shape))
        for k, n in enumerate(self.shape):
            column = None
            for w, terms in zip(weights, self.terms, strict=True):
                if w and terms[k] is not None:
                    column = w * terms[k] if column is None else column + w * terms[k]
            if column is not None:
                view = [1] * len(self.shape)
                view[k] = n
                total = total + column.reshape(view)
        return total

    def flat(self, weights: Sequence[int]) -> np.ndarray:
        """:meth:`broadcast` spread over every grid point (the last axis fastest)."""
        return np.broadcast_to(self.broadcast(weights), self.shape).reshape(-1)


def affine_integers(fields: Any, axes: Sequence[Any], count: int | None = None,
                    bound: int = _EXACT_DOUBLE) -> AffineInts | None:
    """The first ``count`` fitted fields (all by default) as :class:`AffineInts`; None
    when the sum of the data's largest magnitudes (over that common denominator)
    reaches ``bound`` (then :func:`fields_on_grid`'s :class:`Rat` arrays, which
    promote to unbounded integers, are the way).

    Each axis' values are put over their common denominator once; the map's slopes
    then scale them, so no Fraction is made per grid point nor per axis value and
    field."""
    count = len(fields.base) if count is None else count
    scaled = []
    for axis in axes:
        dens = [v.denominator for v in axis.values]
        lcm = math.lcm(*dens)
        scaled.append((lcm, [v.numerator * (lcm // d) for v, d in zip(axis.values, dens,
                                                                      strict=True)]))
    den = math.lcm(*(fields.base[j].denominator for j in range(count)))
    for (lcm, _), slope in zip(scaled, fields.slopes, strict=True):
        den = math.lcm(den, *(lcm * slope[j].denominator for j in range(count) if slope[j]))
    # the terms (x - x0) g over ``den``: (X - X0) * g * den / lcm with X = x * lcm
    consts = []
    terms: list[tuple[Any, ...]] = []
    total = 0
    for j in range(count):
        c = fields.base[j] * den
        if c.denominator != 1:
            return None
        consts.append(int(c))
        row: list[Any] = []
        size = abs(int(c))
        for (lcm, values), x0, slope in zip(scaled, fields.origin, fields.slopes,
                                            strict=True):
            g = slope[j]
            if not g:
                row.append(None)
                continue
            factor = g * den / lcm
            start = x0 * lcm
            if factor.denominator != 1 or start.denominator != 1:
                return None
            f, s0 = int(factor), int(start)
            ints = [(v - s0) * f for v in values]
            size += max(abs(v) for v in ints)
            if size >= bound:
                return None
            row.append(np.array(ints, dtype=np.int64))
        total += size
        if total >= bound:
            return None
        terms.append(tuple(row))
    return AffineInts(den, tuple(consts), tuple(terms), tuple(len(a.values) for a in axes))


def distinct_on_subgrid(fields: Any, axes: Sequence[Any], index: Sequence[np.ndarray],
                        data: Sequence[int]
                        ) -> tuple[list[tuple[Fraction, ...]], np.ndarray]:
    """The distinct values of the data ``data`` (positions in the affine map) over the
    grid: the data depend only on the axes where one of them has a slope, so they are
    computed on that smaller grid. Returns the exact data at each point of the smaller
    grid and, per grid point, its position there."""
    used = [k for k in range(len(axes)) if any(fields.slopes[k][j] for j in data)]
    values = []
    for combo in itertools.product(*(axes[k].values for k in used)):
        point = list(fields.origin)
        for k, v in zip(used, combo, strict=True):
            point[k] = v
        exact = fields.exact_at(point)
        values.append(tuple(exact[j] for j in data))
    if not used:
        return values, np.zeros(len(index[0]) if index else 1, dtype=np.int64)
    at = np.ravel_multi_index(tuple(index[k] for k in used),
                              tuple(len(axes[k].values) for k in used))
    return values, np.asarray(at, dtype=np.int64)
