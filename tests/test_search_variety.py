"""Namesakes of a common name do not hide the other names a query may mean."""

from __future__ import annotations

import sqlite3

from store.db import write
from store.search import find_clients
from tests.search_data import add_client


def _many(conn: sqlite3.Connection, last: str, first: str, count: int) -> list[int]:
    with write(conn):
        return [add_client(conn, last, first, city=f"Ville {n}") for n in range(count)]


def _names(conn: sqlite3.Connection, query: str, limit: int = 5) -> list[str]:
    return [hit.name for hit in find_clients(conn, query, limit)]


def test_swapped_names_both_shown(conn: sqlite3.Connection) -> None:
    _many(conn, "Louis", "Michel", 8)
    _many(conn, "Michel", "Louis", 8)
    names = _names(conn, "Louis Michel")
    assert set(names) == {"LOUIS Michel", "MICHEL Louis"}
    assert names.count("LOUIS Michel") <= 3


def test_a_misspelt_name_finds_the_reading_hidden_by_namesakes(conn: sqlite3.Connection) -> None:
    _many(conn, "Philippe", "Bernard", 8)
    wanted = add_client(conn, "Bernard", "Philippe")
    assert wanted in [hit.client_id for hit in find_clients(conn, "Bernad Philippe", 5)]


def test_whole_first_name_by_sound_beyond_a_crowd(conn: sqlite3.Connection) -> None:
    _many(conn, "Martin", "Christian", 120)
    wanted = add_client(conn, "Martin", "Christine")
    assert find_clients(conn, "Christine martyn", 5)[0].client_id == wanted


def test_an_exact_name_shows_its_namesakes_before_weaker_names(conn: sqlite3.Connection) -> None:
    _many(conn, "Martin", "Jean", 8)
    _many(conn, "Jean", "Marie", 3)
    assert _names(conn, "martin jean") == ["MARTIN Jean"] * 5


def test_a_close_spelling_shares_the_page(conn: sqlite3.Connection) -> None:
    _many(conn, "Lefèvre", "Élodie", 8)
    _many(conn, "Lefebvre", "Élodie", 2)
    names = _names(conn, "Élodie lefevre")
    assert names[:3] == ["LEFÈVRE Élodie"] * 3
    assert names[3:] == ["LEFEBVRE Élodie"] * 2
