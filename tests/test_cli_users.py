"""``relance users``: adding people with a role, listing them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import run_relance


def test_add_then_list(db_path: Path) -> None:
    added = run_relance("users", "add", "martine", "--role", "sales", "--name", "Martine Leroy",
                        "--db", str(db_path))
    assert added.returncode == 0, added.stderr
    run_relance("users", "add", "karim", "--role", "aftersales", "--db", str(db_path))
    listed = json.loads(run_relance("users", "list", "--format", "json", "--db", str(db_path)).stdout)
    assert [(u["login"], u["role"], u["name"]) for u in listed] == [
        ("karim", "aftersales", "karim"), ("martine", "sales", "Martine Leroy")]


def test_adding_again_changes_the_role(db_path: Path) -> None:
    run_relance("users", "add", "martine", "--role", "sales", "--db", str(db_path))
    run_relance("users", "add", "martine", "--role", "manager", "--db", str(db_path))
    listed = json.loads(run_relance("users", "list", "--format", "json", "--db", str(db_path)).stdout)
    assert [(u["login"], u["role"]) for u in listed] == [("martine", "manager")]


@pytest.mark.parametrize(("login", "role", "says"), [
    ("a b", "sales", "sans espace"),
    ("paul", "boss", "invalid choice"),
])
def test_bad_users_are_refused(db_path: Path, login: str, role: str, says: str) -> None:
    result = run_relance("users", "add", login, "--role", role, "--db", str(db_path))
    assert result.returncode != 0
    assert says in result.stderr
    assert "Traceback" not in result.stderr
