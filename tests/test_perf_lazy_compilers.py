"""The loader imports a family's compiler only when a spec of that kind is compiled.

``COMPILERS`` keeps its keys and gives the same functions as before; loading a
``security_dilemma`` spec must not import the other families' compiler modules (each
pulls its own dependencies: the start-up cost of issue 13, goal 6). Checked in a fresh
interpreter, where nothing else has imported them yet.
"""

from __future__ import annotations

import json
import subprocess
import sys

KINDS = {"normal", "security_dilemma", "public_goods", "volunteers_dilemma", "bargaining",
         "repeated", "signaling", "crisis_bargaining", "extensive", "reputation",
         "chain_store", "trust", "coalitional", "dynamics", "joint_products",
         "autonomy_security", "chain_ganging", "alliance_dilemma"}


def test_compilers_keys_and_functions() -> None:
    """Every kind of the previous eager dict is still there and resolves to its
    compiler function (the module attribute itself)."""
    from alliance_games.modeling import loader, reputation, signaling

    assert KINDS <= set(loader.COMPILERS)
    assert loader.COMPILERS["signaling"] is signaling.compile_signaling
    assert loader.COMPILERS["chain_store"] is reputation.compile_reputation
    assert "no_such_kind" not in loader.COMPILERS
    for kind in loader.COMPILERS:
        assert callable(loader.COMPILERS[kind])


def test_loading_one_kind_imports_one_compiler() -> None:
    """A fresh process loads stag_hunt: its compiler is imported, signaling's,
    extensive's and bargaining's are not."""
    code = (
        "import sys, json\n"
        "from alliance_games import load\n"
        "g = load('security_dilemma/stag_hunt')\n"
        "mods = [m for m in ('security_dilemma', 'signaling', 'extensive', 'bargaining',"
        " 'crisis', 'repeated') if 'alliance_games.modeling.' + m in sys.modules]\n"
        "print(json.dumps([g.shape, mods]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    shape, mods = json.loads(out.stdout)
    assert shape == [2, 2]
    assert mods == ["security_dilemma"]
