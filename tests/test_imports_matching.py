"""Import rows without a DMS number go through the real matcher: any spelling, any phone form."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.imports import ImportOptions, RowOutcome, import_file
from store.imports_matching import find_duplicate_candidates
from tests.search_data import add_client

HEADER = "Nom;Prénom;Téléphone;Email;Code postal;Ville;Année de naissance\n"


def _import(conn: sqlite3.Connection, path: Path, text: str) -> list[RowOutcome]:
    path.write_text(HEADER + text, encoding="utf-8")
    heard: list[RowOutcome] = []
    import_file(conn, "clients", path, ImportOptions(), user="chef", on_outcome=heard.append)
    return heard


def test_a_phone_typed_otherwise_and_a_misspelt_name_are_the_same_person(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    known = add_client(conn, "Lefèvre", "Philippe", phone="06 12 34 56 78", postcode="69003",
                       external_id="C9")
    heard = _import(conn, tmp_path / "c.csv", "Lefebvre;Phillipe;+33612345678;;69003;Lyon;\n")
    assert [o.action for o in heard] == ["duplicate"]
    assert [(c.client_id, c.external_id) for c in heard[0].candidates] == [(known, "C9")]
    assert 0.7 <= heard[0].candidates[0].score <= 1.0


def test_same_sound_same_town_same_year_without_phone(conn: sqlite3.Connection) -> None:
    known = add_client(conn, "Lefèvre", "Philippe", postcode="69003", birth_year=1970)
    found = find_duplicate_candidates(conn, {"last_name": "Lefebvre", "first_name": "Philippe",
                                             "postcode": "69003", "birth_year": 1970})
    assert [c.client_id for c in found] == [known]


def test_a_homonym_is_created_not_reported(conn: sqlite3.Connection, tmp_path: Path) -> None:
    add_client(conn, "Martin", "Claire", phone="0612345678", postcode="69003", birth_year=1970)
    heard = _import(conn, tmp_path / "c.csv", "Martin;Claire;0698765432;;29200;Brest;1990\n")
    assert [o.action for o in heard] == ["create"]
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2


def test_a_row_imported_again_is_unchanged(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    row = "Zola;Émile;0147000000;emile@exemple.fr;75009;Paris;1840\n"
    assert [o.action for o in _import(conn, path, row)] == ["rejected"]  # 1840: no such birth year
    row = "Zola;Émile;0147000000;emile@exemple.fr;75009;Paris;1940\n"
    assert [o.action for o in _import(conn, path, row)] == ["create"]
    assert [o.action for o in _import(conn, path, row)] == ["unchanged"]
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


def test_nothing_alike_gives_no_candidate(conn: sqlite3.Connection) -> None:
    add_client(conn, "Dupont", "Marie", phone="0611111111", postcode="44000")
    assert find_duplicate_candidates(conn, {"last_name": "Durand", "first_name": "Paul",
                                            "phone": "+33622222222"}) == []
