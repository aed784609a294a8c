"""The one write path and the audited, optimistic-locking update."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from store.db import connect, write
from store.errors import ConflictError, NotFoundError
from store.rows import update
from tests.factories import add_client


def test_write_commits(conn: sqlite3.Connection, db_path: Path) -> None:
    with write(conn):
        conn.execute("INSERT INTO users (login, role) VALUES ('martine', 'sales')")
    other = connect(db_path)
    assert other.execute("SELECT count(*) FROM users").fetchone()[0] == 1
    other.close()


def test_write_rolls_back_everything_on_error(conn: sqlite3.Connection) -> None:
    def two_inserts_the_second_failing() -> None:
        with write(conn):
            conn.execute("INSERT INTO users (login, role) VALUES ('martine', 'sales')")
            conn.execute("INSERT INTO users (login, role) VALUES ('martine', 'sales')")

    with pytest.raises(sqlite3.IntegrityError):
        two_inserts_the_second_failing()
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    assert not conn.in_transaction


def test_write_takes_the_lock_first(conn: sqlite3.Connection, db_path: Path) -> None:
    other = connect(db_path)
    other.execute("PRAGMA busy_timeout=0")
    with write(conn), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.close()


def test_write_waits_for_another_session(conn: sqlite3.Connection, db_path: Path) -> None:
    holder = connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        time.sleep(0.3)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    conn.execute("PRAGMA busy_timeout=50")  # shorter than the hold: the retry loop does the waiting
    with write(conn):
        conn.execute("INSERT INTO users (login, role) VALUES ('paul', 'sales')")
    assert released.is_set()
    holder.close()


def test_update_bumps_version_and_audits_each_field(conn: sqlite3.Connection) -> None:
    client = add_client(conn, city="Lyon", email="")
    version = update(conn, "clients", client, 1, {"city": "Villeurbanne", "email": "c@x.fr"}, "paul")
    assert version == 2
    rows = conn.execute(
        "SELECT field, old_value, new_value, user_login FROM audit"
        " WHERE action = 'update' ORDER BY field"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("city", "Lyon", "Villeurbanne", "paul"),
        ("email", "", "c@x.fr", "paul"),
    ]


def test_update_on_a_stale_version_is_a_conflict_and_writes_nothing(conn: sqlite3.Connection) -> None:
    client = add_client(conn, city="Lyon")
    update(conn, "clients", client, 1, {"city": "Bron"}, "martine")
    with pytest.raises(ConflictError) as caught:
        update(conn, "clients", client, 1, {"city": "Vénissieux"}, "paul")
    assert caught.value.found == 2
    assert conn.execute("SELECT city FROM clients WHERE id = ?", (client,)).fetchone()[0] == "Bron"


def test_update_of_a_missing_row(conn: sqlite3.Connection) -> None:
    with pytest.raises(NotFoundError):
        update(conn, "clients", 999, 1, {"city": "Bron"}, "paul")


def test_update_refuses_bookkeeping_columns(conn: sqlite3.Connection) -> None:
    client = add_client(conn)
    with pytest.raises(ValueError, match="version"):
        update(conn, "clients", client, 1, {"version": 9}, "paul")
