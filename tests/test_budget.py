"""The shared time and memory budget (alliance_games.budget)."""

from __future__ import annotations

import pytest

from alliance_games.budget import Budget, BudgetExceeded, default_memory, parse_memory
from alliance_games.errors import SolverError, SpecError


@pytest.mark.parametrize(("text", "expected"), [
    ("2G", 2 * 2**30), ("512M", 512 * 2**20), ("1.5g", int(1.5 * 2**30)),
    ("4096K", 4096 * 2**10), ("2GiB", 2 * 2**30), ("1048576", 2**20),
])
def test_parse_memory(text: str, expected: int) -> None:
    assert parse_memory(text) == expected


@pytest.mark.parametrize("text", ["lots", "-1G", "2X", "", "1K"])
def test_parse_memory_refuses(text: str) -> None:
    with pytest.raises(SpecError):
        parse_memory(text)


def test_require_refuses_past_the_budget_with_a_message() -> None:
    budget = Budget.start(memory="64M")
    budget.require(2**20, "a table")
    with pytest.raises(BudgetExceeded) as info:
        budget.require(3 * 2**30, "the reduced normal form")
    assert isinstance(info.value, SolverError)
    assert info.value.kind == "memory"
    assert "the reduced normal form would need about 3.0 GiB" in str(info.value)
    assert "64.0 MiB" in str(info.value)


def test_deadline() -> None:
    assert not Budget.start(timeout=None).expired()
    past = Budget(deadline=0.0, memory=2**30)
    assert past.expired() and past.remaining() == 0.0
    with pytest.raises(BudgetExceeded) as info:
        past.check_time("support enumeration")
    assert info.value.kind == "time"


def test_environment_sets_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCE_GAMES_MEMORY", "300M")
    assert default_memory() == 300 * 2**20
    assert Budget().memory == 300 * 2**20
