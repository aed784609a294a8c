"""``relance find``, ``relance duplicates`` and ``relance merge`` through the real console script."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli import run_relance
from tests.search_data import add_client, add_user, add_vehicle


def _as(login: str) -> dict[str, str]:
    return {"USER": login, "LOGNAME": login, "LNAME": login, "USERNAME": login}


@pytest.fixture
def people(conn: sqlite3.Connection) -> dict[str, int]:
    add_user(conn, "chef", "manager")
    add_user(conn, "paul", "sales")
    philippe = add_client(conn, "Lefèvre", "Philippe", phone="06 12 34 56 78", city="Lyon",
                          postcode="69003", birth_year=1970)
    twin = add_client(conn, "Lefebvre", "Phillipe", phone="0612345678", city="Lyon",
                      postcode="69003", email="pl@exemple.fr", birth_year=1970)
    namesake = add_client(conn, "Lefèvre", "Philippe", phone="0698765432", city="Brest",
                          postcode="29200", birth_year=1988)
    other = add_client(conn, "Dupont", "Marie", city="Nantes")
    add_vehicle(conn, twin, plate="AB-123-CD")
    return {"philippe": philippe, "twin": twin, "namesake": namesake, "other": other}


def test_find_json_has_the_documented_fields(db_path: Path, people: dict[str, int]) -> None:
    result = run_relance("find", "lefebvre philippe", "--db", str(db_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert {h["client_id"] for h in hits[:3]} == {people["philippe"], people["twin"], people["namesake"]}
    assert people["other"] not in {h["client_id"] for h in hits}
    for hit in hits:
        assert 0 <= hit["score"] <= 100
        assert hit["matched"] in ("name", "phonetic")
        assert isinstance(hit["name"], str)
    brest = next(h for h in hits if h["client_id"] == people["namesake"])
    assert (brest["city"], brest["birth_year"]) == ("Brest", 1988)


@pytest.mark.parametrize(("query", "matched"), [
    ("+33 6 12 34 56 78", "phone"), ("0033612345678", "phone"), ("ab123cd", "plate"),
    ("PL@exemple.fr", "email"),
])
def test_find_by_phone_plate_email(db_path: Path, people: dict[str, int], query: str,
                                   matched: str) -> None:
    hits = json.loads(run_relance("find", query, "--db", str(db_path), "--format", "json").stdout)
    assert hits[0]["matched"] == matched
    assert hits[0]["score"] == 100
    assert hits[0]["client_id"] in (people["philippe"], people["twin"])


def test_find_table_and_limit(db_path: Path, people: dict[str, int]) -> None:
    result = run_relance("find", "Lefèvre", "--db", str(db_path), "--limit", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "client", "ville"]
    assert len(lines) == 3
    assert all("LEFÈVRE Philippe (homonyme)" in line and " nom " in line for line in lines[1:])
    assert {"Lyon", "Brest"} == {line.split()[4] for line in lines[1:]}


@pytest.mark.parametrize(("args", "message"), [
    (("find", "   "), "la recherche est vide"),
    (("find", "dupont", "--limit", "0"), "--limit"),
    (("find", "dupont", "--limit", "dix"), "--limit"),
    (("duplicates", "--min-score", "120"), "--min-score"),
    (("duplicates", "--limit", "-1"), "--limit"),
])
def test_bad_values_get_one_line(db_path: Path, people: dict[str, int], args: tuple[str, ...],
                                 message: str) -> None:
    result = run_relance(*args, "--db", str(db_path))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_duplicates_lists_the_pair_not_the_homonym(db_path: Path, people: dict[str, int]) -> None:
    result = run_relance("duplicates", "--db", str(db_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    ids = [{p["client_id"], p["other_id"]} for p in pairs]
    assert {people["philippe"], people["twin"]} in ids
    assert all(people["namesake"] not in pair for pair in ids)
    found = pairs[ids.index({people["philippe"], people["twin"]})]
    assert "même téléphone" in found["reasons"]
    assert 70 <= found["score"] <= 100
    table = run_relance("duplicates", "--db", str(db_path), "--limit", "1")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert len(lines) == 2
    assert "LEFÈVRE Philippe" in lines[1]
    assert "LEFEBVRE Phillipe" in lines[1]
    assert "même téléphone" in lines[1]


def test_merge_takes_the_chosen_fields_and_moves_everything(
        conn: sqlite3.Connection, db_path: Path, people: dict[str, int]) -> None:
    keep, other = people["philippe"], people["twin"]
    result = run_relance("merge", str(keep), str(other), "--take", "email", "--db", str(db_path),
                         env=_as("chef"))
    assert result.returncode == 0, result.stderr
    assert "1 véhicules" in result.stdout
    row = conn.execute("SELECT first_name, email FROM clients WHERE id = ?", (keep,)).fetchone()
    assert row == ("Philippe", "pl@exemple.fr")
    assert conn.execute("SELECT client_id FROM vehicles").fetchone()[0] == keep
    assert conn.execute("SELECT merged_into FROM clients WHERE id = ?", (other,)).fetchone()[0] == keep
    audited = conn.execute("SELECT action, user_login FROM audit WHERE action LIKE 'merge%'"
                           " GROUP BY action ORDER BY action").fetchall()
    assert audited == [("merge", "chef"), ("merge_erase", "chef"), ("merge_field", "chef"),
                       ("merge_move", "chef")]
    again = run_relance("merge", str(keep), str(other), "--db", str(db_path), env=_as("chef"))
    assert again.returncode == 1
    assert "déjà fusionné" in again.stderr


@pytest.mark.parametrize(("login", "keep", "other", "take", "message"), [
    ("paul", "philippe", "twin", "", "n'a pas le droit de fusionner"),
    ("inconnu", "philippe", "twin", "", "n'a pas le droit de fusionner"),
    ("chef", "philippe", "philippe", "", "avec lui-même"),
    ("chef", "philippe", "999", "", "introuvable"),
    ("chef", "philippe", "99999999999999999999999", "", "introuvable"),
    ("chef", "philippe", "id:99999999999999999999999", "", "introuvable"),
    ("chef", "philippe", "²", "", "introuvable"),
    ("chef", "philippe", "twin", "email,shoe_size", "shoe_size"),
])
def test_merge_refusals_write_nothing(conn: sqlite3.Connection, db_path: Path,
                                      people: dict[str, int], login: str, keep: str, other: str,
                                      take: str, message: str) -> None:
    before = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    ids = [str(people.get(ref, ref)) for ref in (keep, other)]
    result = run_relance("merge", *ids, "--take", take, "--db", str(db_path), env=_as(login))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM clients WHERE merged_into IS NOT NULL").fetchone()[0] == 0


@pytest.mark.parametrize("args", [("find", "dupont"), ("duplicates",), ("merge", "1", "2")])
def test_a_mistyped_base_is_not_created(tmp_path: Path, args: tuple[str, ...]) -> None:
    # a typo in --db must not answer "no client" from a new empty base left behind
    typo = tmp_path / "sous-dossier" / "relanse.db"
    result = run_relance(*args, "--db", str(typo))
    assert result.returncode == 1
    assert "n'existe pas" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not typo.parent.exists()
