"""Saving a client's edit: optimistic locking, audit, and the conflict between two sessions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rules.client_conflicts import find_conflicts, rebase
from store.clients import assignable_users, get_client, last_field_edits, save_client
from store.db import connect
from store.errors import ConflictError
from tests.factories import add_client, add_user


def test_save_client_writes_audits_and_bumps_the_version(conn: sqlite3.Connection) -> None:
    client_id = add_client(conn, city="Lyon")
    version = save_client(conn, client_id, 1, {"city": "Villeurbanne", "postcode": "69100"}, "martine")
    assert version == 2
    assert get_client(conn, client_id).city == "Villeurbanne"
    edits = last_field_edits(conn, client_id, ["city", "postcode", "email"])
    assert set(edits) == {"city", "postcode"}
    assert edits["city"].user_login == "martine"


def test_save_client_refuses_columns_nobody_edits(conn: sqlite3.Connection) -> None:
    client_id = add_client(conn)
    with pytest.raises(ValueError, match="abc_segment"):
        save_client(conn, client_id, 1, {"abc_segment": "A"}, "martine")


def test_two_sessions_one_client(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = add_client(conn, city="Lyon", email="", phone="+33612345678")
    base = get_client(conn, client_id)
    other = connect(db_path)
    try:
        save_client(other, client_id, 1, {"city": "Bron", "email": "a@b.fr"}, "paul")
    finally:
        other.close()
    mine = {"city": "Villeurbanne", "phone": "+33698765432", "email": "a@b.fr"}
    with pytest.raises(ConflictError):
        save_client(conn, client_id, base.version, mine, "martine")
    current = get_client(conn, client_id)
    conflicts = find_conflicts(base, mine, current)
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("city", "Villeurbanne", "Bron")]
    assert rebase(mine, current, conflicts, keep_mine=[]) == {"phone": "+33698765432"}
    changes = rebase(mine, current, conflicts, keep_mine=["city"])
    assert changes == {"city": "Villeurbanne", "phone": "+33698765432"}
    save_client(conn, client_id, current.version, changes, "martine")
    saved = get_client(conn, client_id)
    assert (saved.city, saved.phone, saved.email, saved.version) == (
        "Villeurbanne", "+33698765432", "a@b.fr", 3)


def test_assignable_users_are_the_active_ones(conn: sqlite3.Connection) -> None:
    add_user(conn, "paul")
    add_user(conn, "anne")
    conn.execute("UPDATE users SET active = 0 WHERE login = 'paul'")
    assert [u.login for u in assignable_users(conn)] == ["anne"]
