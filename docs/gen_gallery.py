"""The model gallery, generated from the catalog when the site is built (a MkDocs hook).

One page per catalog model (``gallery/<family>/<name>.md``): its description, citations,
notes, parameters, payoff table or game tree, verified equilibria, predictions and a
phase diagram over its first parameter with a declared range. Nothing is written into
``docs/``: the pages exist only in the build, so a model added to ``models/`` appears
in the next build with no edit to this file or to ``mkdocs.yml``.

Also usable without MkDocs: ``python docs/gen_gallery.py OUT_DIR`` writes the pages.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the hook runs from a checkout, not an install
    sys.path.insert(0, str(ROOT))

#: points of each gallery phase diagram (one swept parameter)
PHASE_POINTS = 13

_PAGES: dict[str, str | bytes] = {}


def _cell(text: object) -> str:
    return html.escape(str(text)).replace("|", "&#124;").replace("\n", "<br>")


def _raw_html(fragment: str) -> str:
    """An HTML fragment as one raw block (a blank line would end it early)."""
    lines = [line for line in fragment.splitlines() if line.strip()]
    return '<div class="gallery-figure" style="overflow-x:auto">\n' + "\n".join(lines) + "\n</div>"


def model_page(slug: str) -> dict[str, str | bytes]:
    """The gallery page of one model (Markdown) and its phase diagram (PNG), by path."""
    from alliance_games import load, predictions, solve
    from alliance_games.analysis.sweep import sweep
    from alliance_games.numbers import format_number
    from alliance_games.report.explorer import declared_parameters, equilibrium_rows
    from alliance_games.report.phase import phase_diagram_png

    name = slug.split("/")[-1]
    game = load(slug)
    info = getattr(game, "info", {}) or {}
    out = [f"# {getattr(game, 'name', slug)}", "",
           f"`{slug}` · kind `{info.get('kind', '')}`", ""]
    if info.get("description"):
        out += [str(info["description"]).strip(), ""]
    refs = info.get("references") or []
    if refs:
        out += ["**References**", ""] + [f"- {_cell(r)}" for r in refs] + [""]
    if info.get("notes"):
        out += ['!!! note "Notes"', ""] + [
            f"    {line}" for line in str(info["notes"]).strip().splitlines()] + [""]
    params = declared_parameters(slug)
    if params:
        out += ["## Parameters", "", "| parameter | default | range | meaning |",
                "|---|---|---|---|"]
        for p in params:
            rng = (f"[{format_number(p.range[0])}, {format_number(p.range[1])}]"
                   if p.range else "")
            out.append(f"| `{p.name}` | {format_number(p.value)} | {rng} | "
                       f"{_cell(p.description)} |")
        out.append("")
    draw = getattr(game, "_repr_html_", None)
    if draw is not None:
        out += ["## The game", "", _raw_html(str(draw())), ""]
    result = solve(game)
    header, rows = equilibrium_rows(result)
    n = len(rows)
    out += ["## Equilibria", "",
            f"{n} {'equilibrium' if n == 1 else 'equilibria'}, method `{result.method}` "
            f"({'complete' if result.complete else 'possibly incomplete'}); every one "
            "verified against all deviations.", ""]
    if rows:
        out += ["| " + " | ".join(_cell(h) for h in header) + " |",
                "|" + "---|" * len(header)]
        out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
        out.append("")
    out += ["## What the equilibria predict", ""]
    out += [f"- {_cell(p)}" for p in predictions(result)] + [""]
    files: dict[str, str | bytes] = {}
    ranged = [p for p in params if p.range is not None and p.range[0] < p.range[1]]
    from alliance_games.errors import AllianceGamesError
    from alliance_games.report.explorer import default_axis

    png = None
    for param in ranged:  # the first declared range whose whole window the spec accepts
        axis = default_axis(param, PHASE_POINTS)
        try:
            png = phase_diagram_png(sweep(slug, [axis]))
            break
        except AllianceGamesError:
            continue  # e.g. power below power_shift: this window leaves the model's domain
    if png is not None:
        files[f"gallery/{slug}_phase.png"] = png
        out += ["## Phase diagram", "",
                f"Equilibrium regimes as `{axis.name}` varies, the other parameters at "
                "their defaults (dashed lines: exact boundaries where `explain` derives "
                "them).", "", f"![Phase diagram of {slug} over {axis.name}]({name}_phase.png)",
                ""]
    out += ["## Try it", "", "```bash",
            f"alliance-games solve {slug}",
            f"alliance-games explore {slug} -o {name}.html   # offline sliders",
            "```", "", "In a notebook:", "", "```python",
            "from alliance_games import explore", "",
            f'explore("{slug}")', "```", ""]
    files[f"gallery/{slug}.md"] = "\n".join(out)
    return files


def gallery() -> dict[str, str | bytes]:
    """Every gallery file (index, one page and one figure per model), by path."""
    from alliance_games import catalog

    files: dict[str, str | bytes] = {}
    entries = catalog()
    index = ["# Model gallery", "",
             "Every model of the catalog, solved when this site was built: its payoff "
             "table or tree, its verified equilibria, what they predict, and a phase "
             "diagram. Generated by `docs/gen_gallery.py` from `models/`.", ""]
    family = None
    for e in entries:
        fam = e.slug.split("/")[0]
        if fam != family:
            index += ["", f"## {fam.replace('_', ' ').capitalize()}", ""]
            family = fam
        index.append(f"- [{_cell(e.name)}]({e.slug}.md): {_cell(e.summary)}")
        try:
            files.update(model_page(e.slug))
        except Exception as exc:  # the page says what failed; the build goes on
            files[f"gallery/{e.slug}.md"] = (f"# {e.name}\n\nThis model could not be "
                                             f"solved when the site was built: {_cell(exc)}\n")
    files["gallery/index.md"] = "\n".join(index) + "\n"
    return files


# ------------------------------------------------------------------ MkDocs hook


def on_config(config: Any) -> Any:
    """Put one nav entry per model under "Model gallery"."""
    from alliance_games import catalog

    sections: dict[str, list[Any]] = {}
    for e in catalog():
        fam = e.slug.split("/")[0].replace("_", " ").capitalize()
        sections.setdefault(fam, []).append({e.name: f"gallery/{e.slug}.md"})
    nav = config["nav"] or []
    for k, item in enumerate(nav):
        if isinstance(item, dict) and "Model gallery" in item:
            nav[k] = {"Model gallery": ["gallery/index.md",
                                        *({f: pages} for f, pages in sections.items())]}
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add the generated gallery pages and figures to the build."""
    from mkdocs.structure.files import File

    if not _PAGES:
        _PAGES.update(gallery())
    for path, content in _PAGES.items():
        files.append(File.generated(config, path, content=content))
    return files


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "site_gallery")
    for path, content in gallery().items():
        dest = target / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            dest.write_bytes(content)
        else:
            dest.write_text(content, encoding="utf-8")
    print(f"wrote {target}")
