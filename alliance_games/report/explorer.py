"""The offline explorer: one self-contained HTML file with sliders over a solved grid.

``alliance-games explore SPEC -o file.html`` solves the model at every point of a grid
over some of its parameters (by default every parameter the spec declares a ``range``
for) and writes one HTML file with inline CSS and JavaScript and no network access:
sliders that snap to the grid points, and panels that show, for the chosen point, the
payoff table or game tree, the verified equilibria, the plain-language predictions, and
the point marked on a phase diagram of the equilibrium regimes.

Nothing is solved in the browser: every number on the page was computed and verified by
the solvers before the file was written (the regimes by :func:`~alliance_games.analysis
.sweep.sweep`, the equilibria by :func:`~alliance_games.solvers.dispatch.solve`).

The default grid
----------------
For a parameter with default ``v`` and declared range ``[lo, hi]`` the default axis runs
over ``[max(lo, v - 2s), min(hi, v + 2s)]`` with ``s = max(|v|, 1)``: the whole range
of a probability, and a window around the default for open-ended ranges such as a cost
of war in ``[0, 1000000]``. Points per axis: ``floor(max_points ** (1/k))`` for ``k``
axes, at most 9 and at least 2. A grid over more than ``max_points`` points is refused
(explicit ``--grid``) or coarsened (the default grid), with a message saying so.

The same pieces serve the notebook widget (:mod:`alliance_games.report.widget`):
:func:`declared_parameters`, :func:`equilibrium_rows` and :func:`phase_svg`.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..analysis.sweep import GridAxis, SweepResult, parse_grid, solve_point, sweep
from ..equilibrium import SolveResult
from ..errors import AllianceGamesError, SpecError, quote
from ..numbers import format_number
from .plot_style import regime_colours, short_names

__all__ = [
    "DeclaredParameter",
    "declared_parameters",
    "default_axes",
    "default_axis",
    "equilibrium_rows",
    "equilibria_html",
    "phase_svg",
    "explorer_data",
    "explorer_html",
    "build_explorer",
    "MAX_POINTS",
]

#: the default budget of grid points (each is solved once for its regime and once for
#: its equilibria)
MAX_POINTS = 400
#: the most points per axis of a default grid
DEFAULT_POINTS = 9
#: refuse to write an explorer larger than this (bytes)
MAX_BYTES = 60_000_000


@dataclass(frozen=True)
class DeclaredParameter:
    """A parameter as the spec declares it: default value, meaning, range."""

    name: str
    value: Fraction | float
    description: str
    range: tuple[Fraction | float, Fraction | float] | None

    def window(self) -> tuple[float, float]:
        """The interval a slider spans: the declared range clipped to
        ``[v - 2s, v + 2s]`` with ``s = max(|v|, 1)``; without a declared range,
        ``[v/4, 7v/4]`` (a value keeps its sign: a valuation stays positive), or
        ``[-1, 1]`` around a default of 0."""
        v = float(self.value)
        if self.range is None:
            return (min(v / 4, 7 * v / 4), max(v / 4, 7 * v / 4)) if v else (-1.0, 1.0)
        s = max(abs(v), 1.0)
        return max(v - 2 * s, float(self.range[0])), min(v + 2 * s, float(self.range[1]))


def _number(value: Any) -> Fraction | float:
    from ..numbers import to_fraction

    frac = to_fraction(value)
    return frac if frac is not None else float(value)


def declared_parameters(spec: str) -> list[DeclaredParameter]:
    """The parameters ``spec`` declares, in spec order (none for Gambit files).

    >>> [p.name for p in declared_parameters("security_dilemma/chicken")]
    ['prize', 'compromise', 'concession', 'cost_of_war']
    """
    from ..modeling.loader import _read_text, load_spec, resolve

    path = resolve(spec)
    if path.suffix.lower() in (".nfg", ".efg"):
        return []
    loaded = load_spec(_read_text(path), str(path))
    out = []
    for name, p in loaded.context.parameters.items():
        prange = None
        if p.range is not None:
            prange = (_number(p.range[0]), _number(p.range[1]))
        out.append(DeclaredParameter(name, _number(p.value), p.description, prange))
    return out


def _exact(value: Fraction | float) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value).limit_denominator(10**6)


def default_axes(spec: str, max_points: int = MAX_POINTS,
                 fixed: Sequence[str] = ()) -> tuple[list[GridAxis], list[str]]:
    """The default grid: every parameter with a declared range (except ``fixed``).

    Returns the axes and notices (a coarsened or truncated grid says so).
    """
    params = [p for p in declared_parameters(spec) if p.range is not None
              and p.name not in fixed and p.range[0] < p.range[1]]
    notices: list[str] = []
    if not params:
        params = [p for p in declared_parameters(spec) if p.name not in fixed]
        if not params:
            raise SpecError(f"{spec} has no parameters to explore (a Gambit file, or a "
                            "spec without a parameters section)")
        notices.append("no parameter declares a range: the sliders span a window around "
                       "each default (declare `range: [low, high]` in the spec, or give "
                       "--grid NAME=START:STOP:N)")
    while len(params) > 1 and 2 ** len(params) > max_points:
        dropped = params.pop()
        notices.append(f"{dropped.name} is held at its default ({format_number(dropped.value)}):"
                       f" a grid over every ranged parameter exceeds {max_points} points")
    n = max(2, min(DEFAULT_POINTS, int(math.floor(max_points ** (1 / len(params)) + 1e-9))))
    if n < DEFAULT_POINTS:
        notices.append(f"the grid is coarsened to {n} points per parameter "
                       f"(at most {max_points} points in all; raise --max-points for more)")
    return [default_axis(p, n) for p in params], notices


def default_axis(p: DeclaredParameter, n: int) -> GridAxis:
    """``n`` evenly spaced values over the parameter's window, the default among them
    where the window allows (a slider then starts exactly at the spec's model)."""
    v = _exact(p.value)
    s = max(abs(v), Fraction(1))
    integral = (p.range is not None and v.denominator == 1
                and all(_exact(b).denominator == 1 for b in p.range)
                and tuple(p.range) != (0, 1))  # [0, 1]: a probability
    if integral and p.range is not None and p.range[1] - p.range[0] + 1 <= n:
        # a count (allies): every value in its range
        return GridAxis(p.name, tuple(Fraction(k) for k in
                                      range(int(p.range[0]), int(p.range[1]) + 1)))
    if not integral and p.range is not None and p.range[1] - p.range[0] <= 4 * s:
        # a narrow declared range (a probability): all of it
        lo, hi = _exact(p.range[0]), _exact(p.range[1])
        step = (hi - lo) / (n - 1)
        return GridAxis(p.name, tuple(lo + k * step for k in range(n)))
    if p.range is None:
        lo, hi = (_exact(x) for x in p.window())
        step = (hi - lo) / (n - 1)
        if v.denominator == 1:  # an integer default: integer values
            lo, hi = Fraction(math.ceil(lo)), Fraction(math.floor(hi))
            step = Fraction(max(1, math.ceil((hi - lo) / (n - 1))))
            return GridAxis(p.name, tuple(lo + k * step for k in range(n)
                                          if lo + k * step <= hi))
        return GridAxis(p.name, tuple(lo + k * step for k in range(n)))
    step = 4 * s / (n - 1)
    if integral:
        step = Fraction(max(1, round(step)))
    room_below = room_above = n - 1
    if p.range is not None:  # grid points that fit inside the declared range
        room_below = min(n - 1, int((v - _exact(p.range[0])) / step))
        room_above = min(n - 1, int((_exact(p.range[1]) - v) / step))
    below = min(room_below, (n - 1) // 2)
    above = min(room_above, n - 1 - below)
    below = min(room_below, n - 1 - above)
    return GridAxis(p.name, tuple(v + k * step for k in range(-below, above + 1)))


def _dist(dist: Mapping[str, Any]) -> str:
    used = [(k, p) for k, p in dist.items() if p != 0]
    if len(used) == 1 and used[0][1] == 1:
        return str(used[0][0])
    return ", ".join(f"{k} {format_number(p)}" for k, p in used)


def equilibrium_rows(result: SolveResult) -> tuple[list[str], list[list[str]]]:
    """The equilibria as a table: header and one row of strings per equilibrium.

    Columns: ``#``, one per player (its mixed strategy, its behaviour strategy by
    information set, or its per-player values such as a public good's contribution),
    ``payoffs``, ``outcomes``. Numbers are written by
    :func:`~alliance_games.numbers.format_number` (exact fractions as ``2/3``).
    """
    players = [str(p) for p in getattr(result.game, "players", ())]
    rows = []
    for k, eq in enumerate(result.equilibria, 1):
        cells = [str(k)]
        for p in players:
            if eq.strategies is not None and p in eq.strategies:
                cells.append(_dist(eq.strategies[p]))
            elif eq.behavior is not None:
                # one information set per line (a cell of prose is unreadable)
                cells.append("\n".join(f"{i}: {_dist(d)}"
                                        for i, d in eq.behavior.get(p, {}).items()))
            else:
                # families whose equilibria are not strategy profiles (public goods,
                # bargaining) keep per-player values in ``extra``: contributions, shares
                cells.append("; ".join(
                    f"{key} {format_number(m[p])}" for key, m in (eq.extra or {}).items()
                    if isinstance(m, Mapping) and p in m
                    and isinstance(m[p], (int, float, Fraction))))
        cells.append(", ".join(f"{p} {format_number(v)}" for p, v in eq.payoffs.items()))
        cells.append(", ".join(f"{o} {format_number(v)}" for o, v in eq.outcomes.items()))
        rows.append(cells)
    return ["#", *players, "payoffs", "outcomes"], rows


def equilibria_html(result: SolveResult) -> str:
    """The equilibria of ``result`` as an HTML table, with their count ("1 equilibrium",
    "3 equilibria") and method: the notebook views' equilibrium table."""
    esc = html.escape
    header, rows = equilibrium_rows(result)
    n = len(rows)
    flag = "complete" if result.complete else "possibly incomplete"
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td style="white-space:pre-line">{esc(c)}</td>'
                                    for c in r) + "</tr>" for r in rows)
    return (f"<p>{n} {'equilibrium' if n == 1 else 'equilibria'} (method "
            f"{esc(result.method)}, {flag})</p>"
            f'<table class="equilibria"><tr>{head}</tr>{body}</table>')


def _tick_labels(values: Sequence[str], most: int = 8) -> list[tuple[int, str]]:
    step = max(1, math.ceil(len(values) / most))
    return [(k, v) for k, v in enumerate(values) if k % step == 0 or k == len(values) - 1]


def phase_svg(x_name: str, x_labels: Sequence[str], y_name: str | None,
              y_labels: Sequence[str] | None, fills: Sequence[Sequence[str]],
              marker: tuple[float, float] | None = None,
              titles: Sequence[Sequence[str]] | None = None) -> str:
    """A phase diagram as inline SVG: one opaque cell per grid point.

    ``fills[j][i]`` is the colour of the cell at ``x_labels[i]``, ``y_labels[j]`` (one
    row when there is no y axis); ``marker`` is the current point in cell units (0 is the
    first grid value's centre), drawn as a ring. Cells carry ``data-i``/``data-j`` so a
    script can recolour them; the ring is ``<circle class="phase-marker">``.
    """
    esc = html.escape
    nx, ny = len(x_labels), (len(y_labels) if y_labels else 1)
    cw = min(48.0, 480.0 / nx)
    ch = min(48.0, 300.0 / ny) if y_labels else 36.0
    left, top, bottom = (70.0 if y_labels else 10.0), 10.0, 46.0
    width, height = left + cw * nx + 10, top + ch * ny + bottom
    out = [f'<svg class="phase" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
           f'{height:.0f}" width="100%" style="max-width:{width:.0f}px" role="img" '
           f'aria-label="phase diagram">']
    for j in range(ny):
        for i in range(nx):
            y = top + (ny - 1 - j) * ch
            tip = f"<title>{esc(titles[j][i])}</title>" if titles else ""
            out.append(f'<rect data-i="{i}" data-j="{j}" x="{left + i * cw:.1f}" '
                       f'y="{y:.1f}" width="{cw:.1f}" height="{ch:.1f}" fill="{fills[j][i]}" '
                       f'stroke="#fff" stroke-width="0.5">{tip}</rect>')
    axis_y = top + ny * ch
    for i, label in _tick_labels(x_labels):
        x = left + (i + 0.5) * cw
        out.append(f'<text x="{x:.1f}" y="{axis_y + 14:.1f}" font-size="10" '
                   f'text-anchor="middle">{esc(label)}</text>')
    out.append(f'<text x="{left + cw * nx / 2:.1f}" y="{axis_y + 34:.1f}" font-size="12" '
               f'text-anchor="middle">{esc(x_name)}</text>')
    if y_labels and y_name:
        for j, label in _tick_labels(y_labels):
            y = top + (ny - 1 - j + 0.5) * ch
            out.append(f'<text x="{left - 4:.1f}" y="{y + 3:.1f}" font-size="10" '
                       f'text-anchor="end">{esc(label)}</text>')
        out.append(f'<text x="12" y="{top + ch * ny / 2:.1f}" font-size="12" '
                   f'text-anchor="middle" transform="rotate(-90 12 {top + ch * ny / 2:.1f})">'
                   f'{esc(y_name)}</text>')
    mx, my = marker if marker is not None else (-10.0, -10.0)
    r = max(4.0, min(cw, ch) * 0.32)
    out.append(f'<circle class="phase-marker" data-cw="{cw:.3f}" data-ch="{ch:.3f}" '
               f'data-left="{left:.3f}" data-top="{top:.3f}" data-ny="{ny}" '
               f'cx="{left + (mx + 0.5) * cw:.1f}" cy="{top + (ny - 1 - my + 0.5) * ch:.1f}" '
               f'r="{r:.1f}" fill="none" stroke="#000" stroke-width="2.5"/>')
    out.append("</svg>")
    return "".join(out)


def regime_legend_html(regimes: Sequence[str]) -> str:
    """The key of a phase diagram: swatch, short name, full regime text."""
    colours, names = regime_colours(regimes), short_names(regimes)
    esc = html.escape
    rows = "".join(
        f'<tr data-regime="{k}"><td><span class="swatch" style="background:{colours[r]}">'
        f'</span></td><td>{names[r]}</td><td class="regime-text">{esc(r)}</td></tr>'
        for k, r in enumerate(regimes))
    return (f'<table class="legend"><tr><th></th><th>key</th><th>regime: the equilibria at '
            f'these points (pure ones by outcome, the others "mixed")</th></tr>{rows}</table>')


# ---------------------------------------------------------------------------- data


def _game_html(game: Any) -> str:
    draw = getattr(game, "_repr_html_", None)
    if draw is None:
        return ""
    try:
        return str(draw())
    except Exception:  # a drawing failure must not lose the solved point
        return ""


def _grid_points(axes: Sequence[GridAxis]) -> list[dict[str, str]]:
    """The grid's points in :func:`itertools.product` order (the last axis fastest)."""
    import itertools

    return [{a.name: str(v) for a, v in zip(axes, combo, strict=True)}
            for combo in itertools.product(*(a.values for a in axes))]


def explorer_data(
    spec: str,
    axes: Sequence[GridAxis],
    *,
    overrides: Mapping[str, str] | None = None,
    method: str = "auto",
    workers: int = 1,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Solve every grid point and collect what the page shows (a JSON-ready dict).

    Keys: ``spec``, ``name``, ``description``, ``references``, ``axes`` (name,
    description, values as exact strings, labels, default index), ``fixed`` (the
    ``--set`` values), ``regimes``, ``colours``, ``short``, ``html`` (a pool of
    distinct HTML strings), and ``points`` (per grid point, in the order of
    :func:`itertools.product` over the axes: ``regime`` index, ``game`` (pool index),
    ``header``/``rows`` of the equilibria, ``predictions``, ``method``, ``complete``,
    ``error``).
    """
    from ..interpretation.outcomes import predictions
    from ..modeling.loader import load
    from ..solvers.dispatch import solve

    overrides = dict(overrides or {})
    regimes_result: SweepResult | None = None
    if workers > 1:
        try:
            regimes_result = sweep(spec, axes, overrides=overrides, method=method,
                                   workers=workers, timeout=timeout)
        except AllianceGamesError:
            regimes_result = None  # a failing corner: each point reports its own error
    if regimes_result is None:
        regimes_result = SweepResult(spec, tuple(axes), tuple(
            solve_point(spec, {**overrides, **values}, method, timeout)
            for values in _grid_points(axes)), method)
    regimes = regimes_result.regimes()
    regime_index = {r: k for k, r in enumerate(regimes)}
    pool: dict[str, int] = {}

    def pooled(text: str) -> int:
        return pool.setdefault(text, len(pool))

    declared = {p.name: p for p in declared_parameters(spec)}
    points = []
    total = len(regimes_result.points)
    for k, sp in enumerate(regimes_result.points, 1):
        values = {**overrides, **{a: str(v) for a, v in sp.parameters.items()}}
        entry: dict[str, Any] = {"regime": regime_index[sp.regime]}
        try:
            game = load(spec, values)
            result = solve(game, method, timeout=timeout)
        except AllianceGamesError as exc:
            entry.update(error=str(exc).splitlines()[0], game=pooled(""), header=[],
                         rows=[], predictions=[], method=method, complete=False)
        else:
            header, rows = equilibrium_rows(result)
            entry.update(error="", game=pooled(_game_html(game)), header=header, rows=rows,
                         predictions=list(predictions(result)), method=result.method,
                         complete=bool(result.complete))
        points.append(entry)
        if progress:
            progress(k, total)
    first = load(spec, overrides)
    info = getattr(first, "info", {}) or {}
    axes_out = []
    for a in axes:
        p = declared.get(a.name)
        default = float(p.value) if p is not None else float(a.values[0])
        nearest = min(range(len(a.values)), key=lambda i: abs(float(a.values[i]) - default))
        axes_out.append({
            "name": a.name,
            "description": p.description if p is not None else "",
            "values": [str(v) for v in a.values],
            "labels": [format_number(v) for v in a.values],
            "start": nearest,
        })
    return {
        "spec": spec,
        "name": str(getattr(first, "name", spec)),
        "description": str(info.get("description", "") or "").strip(),
        "references": [str(r) for r in info.get("references", []) or []],
        "axes": axes_out,
        "fixed": overrides,
        "regimes": regimes,
        "colours": [regime_colours(regimes)[r] for r in regimes],
        "short": [short_names(regimes)[r] for r in regimes],
        "html": list(pool),
        "points": points,
    }


# ---------------------------------------------------------------------------- page

_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 78rem;
       padding: 0 1rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
.meta { color: #555; font-size: .9rem; }
.controls { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr 7rem;
            gap: .4rem 1rem; align-items: center; background: #f4f6fb; padding: .8rem;
            border-radius: 6px; }
.controls input[type=range] { width: 100%; }
.controls output { font-family: ui-monospace, monospace; font-weight: bold; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; }
@media (max-width: 900px) { .columns { grid-template-columns: minmax(0, 1fr); } }
.panel { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #aaa; padding: .3rem .6rem; text-align: center; vertical-align: top; }
#equilibria td { white-space: pre-line; }
#equilibria td:nth-child(n+2) { text-align: left; }
th { background: #eef; }
table.legend td, table.legend th { border: none; text-align: left; padding: .15rem .4rem; }
table.legend tr.current { outline: 2px solid #000; }
.swatch { display: inline-block; width: 1.1rem; height: 1.1rem; border: 1px solid #666;
          vertical-align: middle; }
.error { color: #a00; }
svg { height: auto; }
/* the tree scales to its panel (its SVG has a viewBox): no minimum width, no scrolling */
#game svg { min-width: 0 !important; max-width: 100% !important; width: 100%; }
"""

_JS = r"""
(function () {
  const D = JSON.parse(document.getElementById('explorer-data').textContent);
  const idx = D.axes.map(a => a.start);
  const $ = id => document.getElementById(id);
  function pointIndex(ix) {
    let k = 0;
    for (let a = 0; a < D.axes.length; a++) k = k * D.axes[a].values.length + ix[a];
    return k;
  }
  function text(tag, s) { const e = document.createElement(tag); e.textContent = s; return e; }
  function render() {
    const p = D.points[pointIndex(idx)];
    D.axes.forEach((a, k) => {
      $('value-' + k).textContent = a.labels[idx[k]];
      $('slider-' + k).setAttribute('aria-valuetext', a.name + ' = ' + a.labels[idx[k]]);
    });
    $('game').innerHTML = D.html[p.game];
    const table = $('equilibria');
    table.replaceChildren();
    const head = document.createElement('tr');
    p.header.forEach(h => head.appendChild(text('th', h)));
    table.appendChild(head);
    p.rows.forEach(r => {
      const tr = document.createElement('tr');
      r.forEach(c => tr.appendChild(text('td', c)));
      table.appendChild(tr);
    });
    $('count').textContent = p.error ? '' :
      p.rows.length + (p.rows.length === 1 ? ' equilibrium' : ' equilibria') +
      ' (method ' + p.method + (p.complete ? ', complete' : ', possibly incomplete') + ')';
    $('error').textContent = p.error;
    const ul = $('predictions');
    ul.replaceChildren();
    p.predictions.forEach(s => ul.appendChild(text('li', s)));
    // the phase diagram: a slice through the current values of the other axes
    const cells = document.querySelectorAll('#phase rect[data-i]');
    cells.forEach(c => {
      const ix = idx.slice();
      ix[0] = +c.dataset.i;
      if (D.axes.length > 1) ix[1] = +c.dataset.j;
      const q = D.points[pointIndex(ix)];
      c.setAttribute('fill', D.colours[q.regime]);
      c.querySelector('title').textContent = D.short[q.regime] + ': ' + D.regimes[q.regime];
    });
    const m = document.querySelector('#phase .phase-marker');
    const cw = +m.dataset.cw, ch = +m.dataset.ch, ny = +m.dataset.ny;
    const j = D.axes.length > 1 ? idx[1] : 0;
    m.setAttribute('cx', +m.dataset.left + (idx[0] + 0.5) * cw);
    m.setAttribute('cy', +m.dataset.top + (ny - 1 - j + 0.5) * ch);
    document.querySelectorAll('#legend tr[data-regime]').forEach(tr =>
      tr.classList.toggle('current', +tr.dataset.regime === p.regime));
    $('regime').textContent = D.short[p.regime] + ': ' + D.regimes[p.regime];
  }
  D.axes.forEach((a, k) => {
    const s = $('slider-' + k);
    s.value = idx[k];
    s.addEventListener('input', () => { idx[k] = +s.value; render(); });
  });
  render();
  document.body.dataset.ready = '1';
})();
"""


def explorer_html(data: Mapping[str, Any]) -> str:
    """The explorer page for :func:`explorer_data`'s dict (one string, no external
    assets)."""
    esc = html.escape
    axes = data["axes"]
    controls = []
    for k, a in enumerate(axes):
        n = len(a["values"])
        tip = f' title="{esc(a["description"])}"' if a["description"] else ""
        controls.append(
            f'<label for="slider-{k}"{tip}><code>{esc(a["name"])}</code></label>'
            f'<input type="range" id="slider-{k}" min="0" max="{n - 1}" step="1" '
            f'value="{a["start"]}" aria-label="{esc(a["name"])}">'
            f'<output id="value-{k}" for="slider-{k}"></output>')
    fixed = "".join(f"<li><code>{esc(k)}</code> = {esc(v)}</li>"
                    for k, v in data["fixed"].items())
    x = axes[0]
    y = axes[1] if len(axes) > 1 else None
    nx, ny = len(x["values"]), (len(y["values"]) if y else 1)
    blank = [["#ffffff"] * nx for _ in range(ny)]
    titles = [[""] * nx for _ in range(ny)]
    svg = phase_svg(x["name"], x["labels"], y["name"] if y else None,
                    y["labels"] if y else None, blank, (0.0, 0.0), titles)
    slice_note = ""
    if len(axes) > 2:
        others = ", ".join(a["name"] for a in axes[2:])
        slice_note = (f'<p class="meta">The diagram is the slice through the current '
                      f'values of {esc(others)}.</p>')
    refs = "".join(f"<li>{esc(r)}</li>" for r in data["references"])
    payload = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    # inside <script>, "</" would end the element early
    payload = payload.replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(data["name"])}: explorer</title>
<style>{_CSS}</style></head><body>
<h1>{esc(data["name"])}</h1>
<p class="meta">Explorer of <code>{esc(data["spec"])}</code>: every point of the grid was
solved and every equilibrium verified before this file was written; the sliders move
between those points.</p>
{f'<p>{esc(data["description"])}</p>' if data["description"] else ''}
<h2>Parameters</h2>
<div class="controls">{''.join(controls)}</div>
{f'<p class="meta">Held fixed:</p><ul>{fixed}</ul>' if fixed else ''}
<h2>Game</h2><div class="panel" id="game"></div>
<div class="columns">
<div>
<h2>Equilibria</h2><p class="meta" id="count"></p><p class="error" id="error"></p>
<div class="panel"><table id="equilibria"></table></div>
<h2>What the equilibria predict</h2><ul id="predictions"></ul>
</div>
<div>
<h2>Phase diagram</h2>
<p class="meta">Each cell is a grid point coloured by its equilibrium regime; the ring
is the current point (<span id="regime"></span>).</p>
<div class="panel" id="phase">{svg}</div>{slice_note}
<div id="legend">{regime_legend_html(data["regimes"])}</div>
</div>
</div>
{f'<h2>References</h2><ul>{refs}</ul>' if refs else ''}
<script type="application/json" id="explorer-data">{payload}</script>
<script>{_JS}</script>
</body></html>
"""


def build_explorer(
    spec: str,
    grids: Sequence[str] = (),
    overrides: Mapping[str, str] | None = None,
    *,
    method: str = "auto",
    max_points: int = MAX_POINTS,
    workers: int = 1,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> str:
    """The explorer page of ``spec`` (what ``alliance-games explore`` writes).

    Parameters
    ----------
    grids
        ``NAME=START:STOP:N`` axes; empty: the default grid (see the module docstring).
    overrides
        Parameters held fixed (``--set``).
    max_points
        The budget: an explicit grid with more points is refused; the default grid is
        coarsened to fit.
    notice
        Receives one line per adjustment of the default grid.
    """
    overrides = dict(overrides or {})
    if grids:
        axes = [parse_grid(g) for g in grids]
        total = math.prod(len(a.values) for a in axes)
        if total > max_points:
            raise SpecError(
                f"the grid has {total} points, more than the budget of {max_points}: "
                "use fewer points per axis (each --grid NAME=START:STOP:N) or raise "
                "--max-points")
        for a in axes:
            if a.name in overrides:
                raise SpecError(f"{quote(a.name)} is both swept (--grid) and fixed (--set)")
    else:
        axes, notices = default_axes(spec, max_points, fixed=list(overrides))
        for line in notices:
            if notice:
                notice(line)
    data = explorer_data(spec, axes, overrides=overrides, method=method, workers=workers,
                         timeout=timeout, progress=progress)
    page = explorer_html(data)
    if len(page.encode()) > MAX_BYTES:
        raise AllianceGamesError(
            f"the explorer would be {len(page.encode()) // 1_000_000} MB, more than "
            f"{MAX_BYTES // 1_000_000} MB: use fewer grid points (--grid, --max-points)")
    return page
