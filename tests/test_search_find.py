"""Ranking: the person meant comes first however the query is typed."""

from __future__ import annotations

import sqlite3

import pytest

from store.search import find_clients
from tests.search_data import add_client, add_vehicle


@pytest.fixture
def people(conn: sqlite3.Connection) -> dict[str, int]:
    ids = {
        "lefevre": add_client(conn, "Lefèvre", "Philippe", phone="06 12 34 56 78",
                              email="p.lefevre@exemple.fr", city="Lyon", birth_year=1970,
                              external_id="DMS-0042"),
        "lefebvre": add_client(conn, "Lefebvre", "Philippe", phone="0698765432", city="Paris",
                               birth_year=1985),
        "fontaine": add_client(conn, "de La Fontaine", "Jean", city="Reims"),
        "dupont": add_client(conn, "Dupont", "Jean-Pierre", city="Nantes", birth_year=1960),
        "dupond": add_client(conn, "Dupond", "Marie", city="Nantes"),
        "martin_lyon": add_client(conn, "Martin", "Sophie", city="Lyon", birth_year=1980),
        "martin_brest": add_client(conn, "Martin", "Sophie", city="Brest", birth_year=1992),
        "oconnor": add_client(conn, "O'Connor", "Seán"),
        "artagnan": add_client(conn, "d'Artagnan", "Charles"),
        "company": add_client(conn, "", "", company="Transports Girard SARL"),
    }
    add_vehicle(conn, ids["dupont"], plate="AB-123-CD", vin="VF1AB000012345678")
    add_vehicle(conn, ids["martin_brest"], plate="1234 AB 29", make="Peugeot", model="205")
    return ids


@pytest.mark.parametrize(
    ("query", "expected", "matched"),
    [
        ("Lefèvre", "lefevre", "name"),
        ("lefevre philippe", "lefevre", "name"),
        ("PHILIPPE LEFEVRE", "lefevre", "name"),
        ("lefebvre", "lefebvre", "name"),
        ("Lefebvre Phillipe", "lefebvre", "phonetic"),
        ("lefev", "lefevre", "name"),
        ("de la fontaine", "fontaine", "name"),
        ("fontaine jean", "fontaine", "name"),
        ("jean fontaine", "fontaine", "name"),
        ("lafontaine", "fontaine", "name"),
        ("jean-pierre dupont", "dupont", "name"),
        ("dupont jean pierre", "dupont", "name"),
        ("dupnot jean-pierre", "dupont", "name"),
        ("dpuont jean-pierre", "dupont", "name"),
        ("oconnor", "oconnor", "name"),
        ("o'connor sean", "oconnor", "name"),
        ("artagnan", "artagnan", "name"),
        ("d'artagnan charles", "artagnan", "name"),
        ("girard transports", "company", "name"),
        ("06 12 34 56 78", "lefevre", "phone"),
        ("0612345678", "lefevre", "phone"),
        ("+33 6 12 34 56 78", "lefevre", "phone"),
        ("0033 6 12 34 56 78", "lefevre", "phone"),
        ("06 98 76", "lefebvre", "phone"),
        ("P.Lefevre@Exemple.fr", "lefevre", "email"),
        ("p.lefevre@exe", "lefevre", "email"),
        ("AB-123-CD", "dupont", "plate"),
        ("ab123cd", "dupont", "plate"),
        ("ab12", "dupont", "plate"),
        ("1234 AB 29", "martin_brest", "plate"),
        ("vf1ab000012345678", "dupont", "vin"),
        ("dms-0042", "lefevre", "external_id"),
        ("DMS0042", "lefevre", "external_id"),
    ],
)
def test_the_person_meant_comes_first(
    conn: sqlite3.Connection, people: dict[str, int], query: str, expected: str, matched: str
) -> None:
    hits = find_clients(conn, query, limit=5)
    assert hits, query
    assert hits[0].client_id == people[expected]
    assert hits[0].matched == matched
    assert 0 <= hits[0].score <= 100


def test_exact_name_ranks_above_phonetic_neighbour(
    conn: sqlite3.Connection, people: dict[str, int]
) -> None:
    hits = find_clients(conn, "dupond", limit=5)
    assert [h.client_id for h in hits[:2]] == [people["dupond"], people["dupont"]]
    assert hits[0].score > hits[1].score


def test_homonyms_are_flagged_and_told_apart(
    conn: sqlite3.Connection, people: dict[str, int]
) -> None:
    hits = find_clients(conn, "martin sophie", limit=5)
    found = {h.client_id: h for h in hits[:2]}
    assert set(found) == {people["martin_lyon"], people["martin_brest"]}
    assert all(h.homonym for h in found.values())
    assert {h.city for h in found.values()} == {"Lyon", "Brest"}
    assert {h.birth_year for h in found.values()} == {1980, 1992}
    assert found[people["martin_brest"]].vehicle == "1234 AB 29 Peugeot 205"


def test_hit_shows_phone_as_on_screen(conn: sqlite3.Connection, people: dict[str, int]) -> None:
    hit = find_clients(conn, "0612345678")[0]
    assert hit.phone == "06 12 34 56 78"
    assert hit.as_json()["client_id"] == people["lefevre"]


@pytest.mark.parametrize("query", ["", "   ", "zzzzqqq", "@"])
def test_nothing_found(conn: sqlite3.Connection, people: dict[str, int], query: str) -> None:
    assert find_clients(conn, query) == []


def test_limit_is_respected(conn: sqlite3.Connection, people: dict[str, int]) -> None:
    assert len(find_clients(conn, "martin", limit=1)) == 1


def test_markup_in_a_name_is_kept_as_typed(conn: sqlite3.Connection) -> None:
    add_client(conn, "[b]Dupont[/]", "Léa")
    assert find_clients(conn, "dupont lea")[0].name == "[B]DUPONT[/] Léa"
