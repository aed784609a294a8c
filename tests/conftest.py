"""Shared fixtures: every test gets its own real SQLite file and none of the user's own files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from store.db import connect


@pytest.fixture(autouse=True)
def no_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's data directory, database and day out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("RELANCE_DB", "RELANCE_TODAY", "RELANCE_LANG", "RELANCE_RULES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "relance.db"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's wall clock at 9:30 on the demo's day, for what says « bonjour » or the time."""
    monkeypatch.setattr("tui.clock.wall_time", lambda: datetime(2026, 11, 23, 9, 30))
