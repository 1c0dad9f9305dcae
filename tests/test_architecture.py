"""The package's layers flow one way, and no module imports its way back into itself.

Every module's imports are read with :mod:`ast` (top-level and inside functions, absolute
and relative), mapped to the layers of ``docs/architecture.md``:

====  =========================================  ==========================================
rank  layer                                      modules
====  =========================================  ==========================================
0     numbers, errors, budget, text escaping     ``numbers``, ``errors``, ``budget``,
                                                 ``text_escape``
1     games (and how each draws itself)          ``games/``
2     equilibrium                                ``equilibrium``
3     files in: YAML specs, Gambit files         ``modeling/``, ``interop/``
4     solvers                                    ``solvers/``
5     interpretation                             ``interpretation/``
6     analysis                                   ``analysis/``
7     report                                     ``report/``
8     the public API (registers the renderers)   ``alliance_games/__init__.py``
9     cli                                        ``cli``, ``__main__``
====  =========================================  ==========================================

A module may import modules of its own rank or an earlier one; an import of a later rank
is a layering error. Independently, the graph of module imports must have no cycle (a
lazy import inside a function still runs the other module, so it counts, and so does a
module named in a string for ``importlib`` (``"alliance_games.solvers.normal.pure:run"``);
an import under
``if TYPE_CHECKING:`` never runs, so it counts for the layers but not for cycles).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "alliance_games"
ROOT = "alliance_games"

#: first matching prefix wins (a module name, or a package name followed by ".")
LAYERS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (0, "numbers/errors/budget", ("numbers", "errors", "budget", "text_escape")),
    (1, "games", ("games",)),
    (2, "equilibrium", ("equilibrium",)),
    (3, "modeling/interop", ("modeling", "interop")),
    (4, "solvers", ("solvers",)),
    (5, "interpretation", ("interpretation",)),
    (6, "analysis", ("analysis",)),
    (7, "report", ("report",)),
    (8, "public API", ("",)),
    (9, "cli", ("cli", "__main__")),
)

#: Edges of the import cycles other branches of issue 9 are breaking (the "trees" split of
#: solvers/signaling/pbe.py; the method registry). EMPTY THIS after merging them: every
#: other import must already be clean. (games/extensive.py <-> reduced.py /
#: sequence_form.py, the other cycle the trees branch owns, is a cycle only through
#: ``if TYPE_CHECKING:`` imports, which never run; the layer test still reads them.)
ALLOWED_CYCLE_EDGES: frozenset[tuple[str, str]] = frozenset({
    # solvers/dispatch.py names every runner by its module ("alliance_games.solvers.tree
    # .methods", ...), and tree/normal_form.py solves the reduced normal form of a subgame
    # through dispatch.solve(sub, "auto") (a lazy import): the runner calls back into the
    # dispatcher.
    ("solvers.tree.normal_form", "solvers.dispatch"),
    # the registry names auto's runners by string ("alliance_games.solvers.auto:...",
    # imported when auto runs) and auto looks the methods it falls back to up in the
    # registry: a runner that consults the table that names it.
    ("solvers.auto", "solvers.registry"),
})


def _module_name(path: Path) -> str:
    """``games.normal`` for ``alliance_games/games/normal.py``; ``games`` for its
    ``__init__.py``; ``""`` for the package's own ``__init__.py``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom) -> str | None:
    """The absolute in-package name of ``from <module> import ...`` (None if external)."""
    if node.level == 0:
        module = node.module or ""
        if module != ROOT and not module.startswith(ROOT + "."):
            return None
        return module[len(ROOT) + 1:] if module != ROOT else ""
    base = importer.split(".") if importer else []
    if not _is_package(importer):
        base = base[:-1]  # a module's package
    base = base[: len(base) - (node.level - 1)]
    if node.module:
        base += node.module.split(".")
    return ".".join(base)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the statements inside ``if TYPE_CHECKING:`` blocks (never run)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
                "TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for statement in node.body:
                inside.update(id(n) for n in ast.walk(statement))
    return inside


def _imports(name: str) -> Iterator[tuple[str, int, bool]]:
    """In-package modules imported by module ``name`` (top-level and lazy): the module,
    the line, and whether the import runs (False under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(MODULES[name].read_text(), str(MODULES[name]))
    typing_only = _type_checking_only(tree)
    for node in ast.walk(tree):
        runs = id(node) not in typing_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == ROOT or alias.name.startswith(ROOT + "."):
                    yield alias.name[len(ROOT) + 1:], node.lineno, runs
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, node)
            if target is None:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                # ``from . import loader`` imports the module; ``from . import load``
                # imports a name from the package
                yield (sub if sub in MODULES else target), node.lineno, runs
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # a module named in a string is imported by name later (importlib: the
            # registry's runners "alliance_games.solvers.x:run", interpretation FAMILIES)
            named = _named_module(node.value)
            if named is not None:
                yield named, node.lineno, runs


def _named_module(text: str) -> str | None:
    """``solvers.normal.pure`` for ``"alliance_games.solvers.normal.pure:run"``."""
    module = text.split(":")[0]
    if module.startswith(ROOT + ".") and module[len(ROOT) + 1:] in MODULES:
        return module[len(ROOT) + 1:]
    return None


def _graph(runtime_only: bool = False) -> dict[str, dict[str, int]]:
    """module -> {imported module: first line}; with ``runtime_only``, imports that run."""
    graph: dict[str, dict[str, int]] = {name: {} for name in MODULES}
    for name in MODULES:
        for target, line, runs in _imports(name):
            assert target in MODULES, f"{name}:{line} imports unknown module {target!r}"
            if target != name and (runs or not runtime_only):
                graph[name].setdefault(target, line)
    return graph


def layer(name: str) -> tuple[int, str]:
    """(rank, layer name) of module ``name``."""
    for rank, label, prefixes in LAYERS:
        for prefix in prefixes:
            if name == prefix or (prefix and name.startswith(prefix + ".")) or (
                    prefix == "" and name == ""):
                return rank, label
    raise AssertionError(f"module {name!r} has no layer: add it to LAYERS and the docs")


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _a_cycle(graph: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """One concrete cycle inside a strongly connected component, for the message."""
    members = set(component)
    path = [component[0]]
    seen = {component[0]: 0}
    while True:
        nxt = next(w for w in sorted(graph[path[-1]]) if w in members)
        if nxt in seen:
            return path[seen[nxt]:] + [nxt]
        seen[nxt] = len(path)
        path.append(nxt)


def _show(name: str) -> str:
    return f"{ROOT}.{name}" if name else ROOT


def test_every_module_has_a_layer() -> None:
    assert "games.normal" in MODULES and "cli" in MODULES
    for name in MODULES:
        layer(name)


def test_imports_point_to_earlier_layers() -> None:
    graph = _graph()
    wrong = []
    for name, targets in sorted(graph.items()):
        rank, label = layer(name)
        for target, line in sorted(targets.items()):
            target_rank, target_label = layer(target)
            if target_rank > rank:
                wrong.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: "
                             f"{_show(name)} ({label}) imports {_show(target)} "
                             f"({target_label})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


#: Narrower than the ranks (the table's "imports games, equilibrium"): solvers and the
#: interpretation stage work on games and results, not on spec files; interpretation
#: reads results, it does not run solvers.
SEPARATE: dict[str, frozenset[str]] = {
    "solvers": frozenset({"modeling/interop"}),
    "interpretation": frozenset({"modeling/interop", "solvers"}),
}

#: Imports the one-number-policy branch of issue 9 removes (``as_sympy`` moves to
#: ``numbers.py``). EMPTY THIS after merging it.
ALLOWED_SEPARATE_EDGES: frozenset[tuple[str, str]] = frozenset()


def test_solvers_and_interpretation_do_not_read_specs() -> None:
    graph = _graph()
    for a, b in ALLOWED_SEPARATE_EDGES:
        assert b in graph[a], f"allowed edge {a} -> {b} no longer exists: remove it"
    wrong = []
    for name, targets in sorted(graph.items()):
        label = layer(name)[1]
        for target, line in sorted(targets.items()):
            if layer(target)[1] in SEPARATE.get(label, ()) and (
                    name, target) not in ALLOWED_SEPARATE_EDGES:
                wrong.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: "
                             f"{_show(name)} imports {_show(target)}")
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_the_cli() -> None:
    graph = _graph()
    assert [name for name, targets in graph.items() if "cli" in targets] == []


def test_no_import_cycle() -> None:
    graph = _graph(runtime_only=True)
    for a, b in ALLOWED_CYCLE_EDGES:  # the allow-list names real, current edges only
        assert b in graph[a], f"allowed edge {a} -> {b} no longer exists: remove it"
    pruned = {name: {t: line for t, line in targets.items()
                     if (name, t) not in ALLOWED_CYCLE_EDGES}
              for name, targets in graph.items()}
    cycles = [" -> ".join(_show(m) for m in _a_cycle(pruned, c))
              + f"  (modules on cycles together: {', '.join(c)})"
              for c in strongly_connected(pruned)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_cycle_finder_finds_and_prints_a_cycle() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1, "d": 1}, "d": {}}
    components = strongly_connected(graph)
    assert components == [["a", "b", "c"]]
    assert _a_cycle(graph, components[0]) == ["a", "b", "c", "a"]
    assert strongly_connected({"a": {"b": 1}, "b": {}}) == []


def test_modules_named_in_strings_count_as_imports() -> None:
    assert _named_module("alliance_games.solvers.normal.pure:pure_equilibria") == (
        "solvers.normal.pure")
    assert _named_module("alliance_games.interpretation.outcomes") == (
        "interpretation.outcomes")
    assert _named_module("alliance_games.no_such_module") is None
    assert _named_module(">>> from alliance_games.games.normal import X") is None


def test_relative_imports_resolve_like_python() -> None:
    (node,) = ast.parse("from ..equilibrium import SolveResult").body
    assert isinstance(node, ast.ImportFrom)
    assert _resolve("report.text", node) == "equilibrium"
    (node,) = ast.parse("from .normal import NormalFormGame").body
    assert isinstance(node, ast.ImportFrom)
    assert _resolve("games.payoff_table", node) == "games.normal"
    assert _resolve("games", node) == "games.normal"  # from a package's __init__
    assert layer("games.payoff_table") == (1, "games")
    assert layer("") == (8, "public API")


DOC = PACKAGE.parent / "docs" / "architecture.md"


def test_architecture_doc_names_every_folder_and_module() -> None:
    """docs/architecture.md describes each top-level module and folder of the package."""
    text = DOC.read_text()
    top = {name.split(".")[0] for name in MODULES if name}
    missing = [name for name in sorted(top)
               if f"`{name}/`" not in text and f"`{name}.py`" not in text
               and f"`{name}`" not in text]
    assert not missing, f"docs/architecture.md does not describe {missing}"


def test_architecture_doc_model_family_example_is_real() -> None:
    """The worked example's compiler and its COMPILERS line are in the code."""
    from alliance_games import load
    from alliance_games.modeling.loader import COMPILERS
    from alliance_games.modeling.volunteers_dilemma import compile_volunteers_dilemma

    text = DOC.read_text()
    assert '"volunteers_dilemma": compile_volunteers_dilemma,' in text
    assert COMPILERS["volunteers_dilemma"] is compile_volunteers_dilemma
    game = load("alliance/volunteers_dilemma")
    assert game.n_players == 3 and game.shape == (2, 2, 2)


def test_results_display_through_renderers_registered_from_above() -> None:
    """equilibrium.py imports no report; the package registers the full views."""
    from alliance_games import load, solve
    from alliance_games.report.markdown import render_html_fragment
    from alliance_games.report.text import render_text

    result = solve(load("security_dilemma/stag_hunt"))
    assert str(result) == render_text(result)
    assert result._repr_html_() == render_html_fragment(result)
    assert "Predictions:" in str(result) and "risk-dominated" in str(result)
