"""Promises about what the library's code may contain (README, non-negotiables)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "alliance_games"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _calls_and_imports(path: Path) -> tuple[set[str], set[str]]:
    """Top-level modules imported, and called names (bare ``f(...)`` as ``f``, attribute
    calls ``x.f(...)`` as ``.f``)."""
    tree = ast.parse(path.read_text())
    imports: set[str] = set()
    calls: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imports.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                calls.add(func.id)
            elif isinstance(func, ast.Attribute):
                calls.add("." + func.attr)
    return imports, calls


def test_library_never_imports_gpl_pygambit() -> None:
    assert SOURCES
    for path in SOURCES:
        imports, _ = _calls_and_imports(path)
        assert "pygambit" not in imports, path


def test_no_eval_exec_or_sympify_on_text() -> None:
    """Spec text reaches sympy only through the restricted parser (spec/expr.py)."""
    for path in SOURCES:
        _, calls = _calls_and_imports(path)
        # Python's eval/exec (a polynomial's .eval(x) is arithmetic, not code)
        for forbidden in ("eval", "exec", "__import__", "compile", "sympify", "parse_expr",
                          ".sympify", ".parse_expr", ".S"):
            assert forbidden not in calls, f"{path} calls {forbidden}"
