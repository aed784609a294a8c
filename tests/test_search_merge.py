"""Merge: chosen fields kept, every owned row moved, all audited, only by those allowed."""

from __future__ import annotations

import sqlite3

import pytest

from store.db import write
from store.errors import ConflictError, MergeRefusedError, PermissionDeniedError
from store.merge import CLIENT_OWNED_TABLES, can_merge, merge_clients, resolve_client_id
from store.search import find_clients
from tests.search_data import add_client, add_user, add_vehicle


@pytest.fixture
def pair(conn: sqlite3.Connection) -> tuple[int, int]:
    add_user(conn, "chef", "manager")
    add_user(conn, "vendeur", "sales")
    keep = add_client(conn, "Lefèvre", "Philippe", phone="0612345678", city="Lyon",
                      external_id="DMS-1")
    other = add_client(conn, "Lefebvre", "Phillipe", phone="0698765432", city="Lyon",
                       email="pl@exemple.fr", external_id="DMS-2", birth_year=1970)
    vehicle = add_vehicle(conn, other, plate="AB-123-CD")
    with write(conn):
        conn.execute("INSERT INTO contacts(client_id, at, channel)"
                     " VALUES (?, '2026-01-02', 'phone')", (other,))
        conn.execute("INSERT INTO financings(client_id, vehicle_id, mode, start_on)"
                     " VALUES (?, ?, 'loa', '2025-01-01')", (other, vehicle))
        conn.execute("INSERT INTO reminders(client_id, rule_id, subject_kind, subject_id,"
                     " occurrence_on, due_on, tier) VALUES (?, 'r', 'client', ?, '2026-02-01',"
                     " '2026-02-01', 3)", (other, other))
        conn.execute("INSERT INTO leads(client_id, source, received_at) VALUES (?, 'contest',"
                     " '2026-01-01')", (other,))
        conn.execute("INSERT INTO proposals(client_id, handed_on) VALUES (?, '2026-01-03')",
                     (other,))
        conn.execute("INSERT INTO complaints(client_id, opened_on) VALUES (?, '2026-01-04')",
                     (other,))
        conn.execute("INSERT INTO wishes(client_id, model) VALUES (?, 'Clio')", (other,))
        conn.execute("INSERT INTO repair_orders(number, opened_on, client_id, vehicle_id)"
                     " VALUES ('OR1', '2026-01-05', ?, ?)", (other, vehicle))
    return keep, other


@pytest.mark.parametrize(("login", "allowed"),
                         [("chef", True), ("vendeur", False), ("inconnu", False)])
def test_only_managers_and_admins_merge(
    conn: sqlite3.Connection, pair: tuple[int, int], login: str, allowed: bool
) -> None:
    assert can_merge(conn, login) is allowed
    if not allowed:
        with pytest.raises(PermissionDeniedError):
            merge_clients(conn, *pair, login)
        assert conn.execute("SELECT count(*) FROM audit WHERE action LIKE 'merge%'"
                            ).fetchone()[0] == 0


def test_everything_moves_to_the_kept_client(conn: sqlite3.Connection,
                                             pair: tuple[int, int]) -> None:
    keep, other = pair
    result = merge_clients(conn, keep, other, "chef", take_from_other=["email", "birth_year"])
    for table in CLIENT_OWNED_TABLES:
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE client_id = ?",
                            (other,)).fetchone()[0] == 0
    assert result.moved["vehicles"] == 1
    assert result.moved["repair_orders"] == 1
    assert sum(result.moved.values()) == 9
    assert result.fields_taken == ("birth_year", "email")
    row = conn.execute("SELECT email, birth_year, phone, external_id, version FROM clients"
                       " WHERE id = ?", (keep,)).fetchone()
    assert row == ("pl@exemple.fr", 1970, "0612345678", "DMS-1", 2)


def test_other_record_is_left_merged_and_empty(conn: sqlite3.Connection,
                                               pair: tuple[int, int]) -> None:
    keep, other = pair
    merge_clients(conn, keep, other, "chef")
    row = conn.execute("SELECT last_name, phone, email, external_id, merged_into,"
                       " anonymized_at IS NOT NULL FROM clients WHERE id = ?",
                       (other,)).fetchone()
    assert row == ("", "", "", "DMS-2", keep, 1)  # its DMS number stays: the DMS cannot revive it
    assert resolve_client_id(conn, other) == keep
    assert [h.client_id for h in find_clients(conn, "lefebvre")] == [keep]
    assert [h.client_id for h in find_clients(conn, "AB-123-CD")] == [keep]
    assert find_clients(conn, "0698765432") == []


def test_merge_is_audited_so_it_can_be_rebuilt(conn: sqlite3.Connection,
                                               pair: tuple[int, int]) -> None:
    keep, other = pair
    merge_clients(conn, keep, other, "chef", take_from_other=["external_id"])
    erased = dict(conn.execute("SELECT field, old_value FROM audit WHERE action = 'merge_erase'"
                               " AND row_id = ?", (other,)).fetchall())
    assert erased["last_name"] == "Lefebvre"
    assert erased["phone"] == "0698765432"
    assert erased["external_id"] == "DMS-2"
    assert conn.execute("SELECT field, old_value, new_value FROM audit WHERE"
                        " action = 'merge_field'").fetchall() == [("external_id", "DMS-1",
                                                                   "DMS-2")]
    moved = conn.execute("SELECT table_name, old_value, new_value FROM audit"
                         " WHERE action = 'merge_move' ORDER BY table_name").fetchall()
    assert len(moved) == 9
    assert all((old, new) == (str(other), str(keep)) for _, old, new in moved)
    assert conn.execute("SELECT user_login, new_value FROM audit WHERE action = 'merge'"
                        ).fetchall() == [("chef", str(other))]


@pytest.mark.parametrize("fields", [["id"], ["version"], ["merged_into"]])
def test_only_client_fields_can_be_taken(conn: sqlite3.Connection, pair: tuple[int, int],
                                         fields: list[str]) -> None:
    with pytest.raises(MergeRefusedError):
        merge_clients(conn, *pair, "chef", take_from_other=fields)


def test_refused_twice_and_with_itself(conn: sqlite3.Connection, pair: tuple[int, int]) -> None:
    keep, other = pair
    with pytest.raises(MergeRefusedError):
        merge_clients(conn, keep, keep, "chef")
    merge_clients(conn, keep, other, "chef")
    with pytest.raises(MergeRefusedError):
        merge_clients(conn, keep, other, "chef")


def test_stale_version_is_a_conflict(conn: sqlite3.Connection, pair: tuple[int, int]) -> None:
    keep, other = pair
    with write(conn):
        conn.execute("UPDATE clients SET version = 5 WHERE id = ?", (keep,))
    with pytest.raises(ConflictError):
        merge_clients(conn, keep, other, "chef", keep_version=1)
    assert conn.execute("SELECT merged_into FROM clients WHERE id = ?", (other,)).fetchone() == (
        None,)


def test_consent_comes_with_its_date_and_source(conn: sqlite3.Connection,
                                                pair: tuple[int, int]) -> None:
    keep, other = pair
    with write(conn):
        conn.execute("UPDATE clients SET consent_email = 'yes', consent_email_on = '2026-01-01',"
                     " consent_email_source = 'formulaire' WHERE id = ?", (other,))
    merge_clients(conn, keep, other, "chef", take_from_other=["consent_email"])
    assert conn.execute("SELECT consent_email, consent_email_on, consent_email_source FROM"
                        " clients WHERE id = ?", (keep,)).fetchone() == ("yes", "2026-01-01",
                                                                          "formulaire")
