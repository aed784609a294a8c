"""Shared fixtures: a fresh, migrated Relance database in a temporary file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db import connect


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "relance.db"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(db_path)
    yield connection
    connection.close()
