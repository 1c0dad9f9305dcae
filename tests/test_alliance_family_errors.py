"""Bad input to the joint_products, autonomy_security and chain_ganging templates: a
located SpecError (file, line, YAML path, how to fix), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_games import load
from alliance_games.errors import SpecError


@pytest.mark.parametrize("text,line,message", [
    ("kind: joint_products\nallies:\n  - {name: A, income: 10, valuation: 1}\n", 1,
     "missing key 'private_share'"),
    ("kind: joint_products\nprivate_share: 1.5\nallies:\n  - {name: A, income: 10, "
     "valuation: 1}\n", 2, "private_share must lie in [0, 1]"),
    ("kind: joint_products\nprivate_share: 0.5\nallies:\n  - {name: A, income: 10}\n", 4,
     "needs a valuation"),
    ("kind: autonomy_security\ncapabilities: [10, 2]\nsecurity_weights: [0.4, 1.5]\n"
     "commitment_costs: [1, 0.3]\nefficiency: 0.5\n", 3, "security weight must lie in (0, 1)"),
    ("kind: autonomy_security\ncapabilities: [10, 2]\nsecurity_weights: [0.4, 0.5]\n"
     "commitment_costs: [1, 3]\nefficiency: 0.5\n", 4, "commitment cost must lie in"),
    ("kind: chain_ganging\nn_states: 3\noffense: 2\nloss: 8\ncommitment_cost: 1\n"
     "passing_gain: 1\n", 3, "offense must lie in [0, 1]"),
    ("kind: chain_ganging\nn_states: 9\noffense: 0.5\nloss: 8\ncommitment_cost: 1\n"
     "passing_gain: 1\n", 2, "between 2 and 8"),
])
def test_located_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(SpecError) as info:
        load(str(path))
    assert message in str(info.value)
    assert info.value.line == line
