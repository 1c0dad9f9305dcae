"""The notebook explorer: a slider per parameter, the model re-solved as they move.

>>> from alliance_games import explore
>>> explore("extended_deterrence/sinking_costs")        # doctest: +SKIP

shows one slider per declared parameter (its declared range, clipped to a window around
the default as in :mod:`alliance_games.report.explorer`) above four panels: the payoff
table or game tree, the verified equilibria, the plain-language predictions, and a phase
diagram over two parameters with the current point ringed.

Feeling live: sliders report a value when released (``continuous_update=False``, the
debounce), each parameter point is solved once (a cache of :data:`CACHE_SIZE` solves),
and the phase diagram (a coarse :func:`~alliance_games.analysis.sweep.sweep`) is
recomputed only when a parameter that is not one of its axes changes.

Needs ``ipywidgets`` (the ``notebook`` extra); without it :func:`explore` raises an
:class:`~alliance_games.errors.AllianceGamesError` naming ``pip install
"alliance_games[notebook]"``. Outside notebooks use ``alliance-games explore SPEC -o
file.html`` (the same panels, precomputed on a grid, in one offline file).
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..analysis.sweep import GridAxis, SweepResult, sweep
from ..errors import AllianceGamesError, SpecError, quote
from ..numbers import format_number
from .explorer import (
    DeclaredParameter,
    declared_parameters,
    equilibria_html,
    phase_svg,
)
from .plot_style import regime_colours, short_names

__all__ = ["explore", "NotebookExplorer", "CACHE_SIZE", "equilibria_html"]

#: solves kept per explorer (a slider moved back and forth is not solved again)
CACHE_SIZE = 256
#: slider positions between the ends of a continuous parameter's range
SLIDER_STEPS = 40


def _ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        raise AllianceGamesError(
            "the notebook explorer needs ipywidgets: pip install \"alliance_games[notebook]\""
            " (or write an offline explorer: alliance-games explore SPEC -o file.html)"
        ) from None
    return ipywidgets


def _text(value: Any) -> str:
    """A slider's value as a ``--set`` string (floats to 10 significant digits, so a
    slider step of 0.1 is ``0.3``, not ``0.30000000000000004``)."""
    if isinstance(value, int):
        return str(value)
    return format(float(value), ".10g")


def _integral(p: DeclaredParameter) -> bool:
    v = Fraction(p.value) if isinstance(p.value, Fraction) else None
    return (p.range is not None and v is not None and v.denominator == 1
            and all(isinstance(b, Fraction) and b.denominator == 1 for b in p.range)
            and (p.range[1] - p.range[0]) >= 2)


class NotebookExplorer:
    """The widget :func:`explore` returns (displayed by Jupyter through ``.widget``).

    Attributes
    ----------
    widget
        The ``ipywidgets.VBox`` shown in the notebook.
    sliders
        ``parameter -> slider``; set ``.value`` to move one from code.
    panels
        ``"game"``, ``"equilibria"``, ``"predictions"``, ``"phase"``: ``ipywidgets.HTML``
        whose ``.value`` is the panel's current HTML.
    result
        The :class:`~alliance_games.equilibrium.SolveResult` at the current values (None
        when the point failed to compile or solve; the message is in the panel).
    """

    def __init__(self, spec: str, *, phase: Sequence[str] | None = None,
                 phase_points: int = 6, method: str = "auto",
                 fixed: Mapping[str, str] | None = None) -> None:
        w = _ipywidgets()
        self.spec = spec
        self.method = method
        self.fixed = dict(fixed or {})
        params = [p for p in declared_parameters(spec) if p.name not in self.fixed]
        if not params:
            raise SpecError(f"{spec} has no parameters to explore")
        self.parameters = {p.name: p for p in params}
        if phase is None:
            ranged = [p.name for p in params if p.range is not None]
            phase = (ranged or [p.name for p in params])[:2]
        for name in phase:
            if name not in self.parameters:
                raise SpecError(f"phase axis {quote(name)} is not a parameter of {spec}")
        if not 1 <= len(phase) <= 2:
            raise SpecError("the phase diagram has one or two axes")
        self.phase_axes = list(phase)
        self.phase_points = max(2, phase_points)
        self._solves: OrderedDict[tuple[tuple[str, str], ...], Any] = OrderedDict()
        self._phases: dict[tuple[tuple[str, str], ...], SweepResult] = {}
        self.result: Any = None
        self.sliders: dict[str, Any] = {}
        for p in params:
            lo, hi = p.window()
            common = dict(description=p.name, continuous_update=False,
                          style={"description_width": "12rem"},
                          layout=w.Layout(width="36rem"), tooltip=p.description)
            if _integral(p):
                slider = w.IntSlider(value=int(p.value), min=int(lo), max=int(hi), step=1,
                                     **common)
            else:
                slider = w.FloatSlider(value=float(p.value), min=lo, max=hi,
                                       step=(hi - lo) / SLIDER_STEPS or 1.0,
                                       readout_format=".4g", **common)
            slider.observe(self._changed, names="value")
            self.sliders[p.name] = slider
        self.panels = {k: w.HTML() for k in ("game", "equilibria", "predictions", "phase")}
        heading = w.HTML(f"<h3>{html.escape(spec)}</h3>")
        left = w.VBox([w.HTML("<b>Game</b>"), self.panels["game"],
                       w.HTML("<b>Equilibria</b>"), self.panels["equilibria"],
                       w.HTML("<b>What the equilibria predict</b>"), self.panels["predictions"]],
                      layout=w.Layout(width="55%", overflow="auto"))
        right = w.VBox([w.HTML("<b>Phase diagram</b>"), self.panels["phase"]],
                       layout=w.Layout(width="45%", overflow="auto"))
        self.widget = w.VBox([heading, *self.sliders.values(), w.HBox([left, right])])
        self.refresh()

    # -------------------------------------------------------------- state

    def values(self) -> dict[str, str]:
        """The current parameter values as ``--set`` strings (fixed ones included)."""
        return {**self.fixed, **{k: _text(s.value) for k, s in self.sliders.items()}}

    def solve(self, values: Mapping[str, str]) -> Any:
        """The result at ``values`` (cached); an :class:`AllianceGamesError` is returned,
        not raised, so that a bad corner of the sliders shows a message."""
        from ..modeling.loader import load
        from ..solvers.dispatch import solve

        key = tuple(sorted(values.items()))
        if key in self._solves:
            self._solves.move_to_end(key)
            return self._solves[key]
        try:
            found: Any = solve(load(self.spec, dict(values)), self.method)
        except AllianceGamesError as exc:
            found = exc
        self._solves[key] = found
        if len(self._solves) > CACHE_SIZE:
            self._solves.popitem(last=False)
        return found

    def phase(self, values: Mapping[str, str]) -> SweepResult:
        """The coarse sweep over the phase axes at the other parameters' ``values``."""
        others = {k: v for k, v in values.items() if k not in self.phase_axes}
        key = tuple(sorted(others.items()))
        if key not in self._phases:
            axes = []
            for name in self.phase_axes:
                p = self.parameters[name]
                lo, hi = (Fraction(x).limit_denominator(10**6) for x in p.window())
                n = self.phase_points
                if _integral(p):
                    n = min(n, int(hi - lo) + 1)
                step = (hi - lo) / (n - 1)
                axes.append(GridAxis(name, tuple(lo + k * step for k in range(n))))
            self._phases[key] = sweep(self.spec, axes, overrides=others, method=self.method)
        return self._phases[key]

    def _changed(self, change: Any) -> None:
        self.refresh()

    # -------------------------------------------------------------- drawing

    def refresh(self) -> None:
        """Re-solve at the sliders' values and redraw every panel."""
        values = self.values()
        found = self.solve(values)
        esc = html.escape
        if isinstance(found, AllianceGamesError):
            self.result = None
            self.panels["game"].value = ""
            self.panels["equilibria"].value = (
                f'<p style="color:#a00">{esc(str(found).splitlines()[0])}</p>')
            self.panels["predictions"].value = ""
        else:
            self.result = found
            draw = getattr(found.game, "_repr_html_", None)
            self.panels["game"].value = str(draw()) if draw is not None else ""
            self.panels["equilibria"].value = equilibria_html(found)
            from ..interpretation.outcomes import predictions

            self.panels["predictions"].value = "<ul>" + "".join(
                f"<li>{esc(p)}</li>" for p in predictions(found)) + "</ul>"
        # the panels above reach the notebook now; a new phase sweep takes longer
        others = tuple(sorted((k, v) for k, v in values.items() if k not in self.phase_axes))
        if others not in self._phases and self.panels["phase"].value:
            self.panels["phase"].value = ('<p><i>re-solving the phase diagram ...</i></p>'
                                          + self.panels["phase"].value)
        self.panels["phase"].value = self._phase_html(values)

    def _phase_html(self, values: Mapping[str, str]) -> str:
        try:
            result = self.phase(values)
        except AllianceGamesError as exc:
            return f'<p style="color:#a00">{html.escape(str(exc).splitlines()[0])}</p>'
        from .explorer import regime_legend_html

        regimes = result.regimes()
        colours = regime_colours(regimes)
        names = short_names(regimes)
        x = result.axes[0]
        y = result.axes[1] if len(result.axes) > 1 else None
        nx, ny = len(x.values), (len(y.values) if y else 1)
        fills = [[""] * nx for _ in range(ny)]
        titles = [[""] * nx for _ in range(ny)]
        for k, point in enumerate(result.points):
            i, j = (k // ny, k % ny) if y else (k, 0)
            fills[j][i] = colours[point.regime]
            titles[j][i] = f"{names[point.regime]}: {point.regime}"

        def position(axis: GridAxis) -> float:
            lo, hi = float(axis.values[0]), float(axis.values[-1])
            v = float(values[axis.name])
            return (v - lo) / (hi - lo) * (len(axis.values) - 1) if hi > lo else 0.0

        marker = (position(x), position(y) if y else 0.0)
        svg = phase_svg(x.name, [format_number(v) for v in x.values],
                        y.name if y else None,
                        [format_number(v) for v in y.values] if y else None,
                        fills, marker, titles)
        return svg + regime_legend_html(regimes)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def explore(spec: str, *, phase: Sequence[str] | None = None, phase_points: int = 6,
            method: str = "auto", fixed: Mapping[str, str] | None = None
            ) -> NotebookExplorer:
    """Sliders for every declared parameter of ``spec``; the panels follow them.

    Parameters
    ----------
    spec
        Catalog name or path of a YAML spec.
    phase
        The one or two parameters of the phase diagram (default: the first two with a
        declared range).
    phase_points
        Grid points per phase axis (each is one solve).
    method
        Solution method, as for :func:`alliance_games.solve`.
    fixed
        Parameters held at a value (no slider), as ``--set`` strings.

    Returns
    -------
    NotebookExplorer
        Displayed as its widget; ``.sliders`` and ``.panels`` reach the parts.
    """
    return NotebookExplorer(spec, phase=phase, phase_points=phase_points, method=method,
                            fixed=fixed)
