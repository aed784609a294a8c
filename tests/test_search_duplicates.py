"""Probable duplicates with score and reasons; homonyms never reported as one person."""

from __future__ import annotations

import sqlite3

import pytest

from store.client_intake import record_homonyms
from store.duplicates import ClientFacts, compare, compare_clients, find_duplicates
from tests.search_data import add_client, add_vehicle


def facts(client_id: int, name: str, phon: tuple[str, str] = ("", ""),
          year: int | None = None, postcode: str = "", keys: frozenset[str] = frozenset()
          ) -> ClientFacts:
    return ClientFacts(client_id, name, phon[0], phon[1], year, postcode, keys)


TEL = frozenset({"tel:+33612345678"})
OTHER_TEL = frozenset({"tel:+33699999999"})


@pytest.mark.parametrize(
    ("a", "b", "duplicate", "homonym", "reason"),
    [
        (facts(1, "dupont jean", year=1970, postcode="69001", keys=TEL),
         facts(2, "dupont jean", year=1970, postcode="69001", keys=TEL), True, False,
         "même téléphone"),
        (facts(1, "lefevre philippe", ("lefevr", "filip"), postcode="75011"),
         facts(2, "lefebvre philippe", ("lefevr", "filip"), postcode="75011"), True, False,
         "nom de même son"),
        (facts(1, "dupont jean", keys=TEL), facts(2, "dupnot jean", keys=TEL), True, False,
         "nom proche"),
        (facts(1, "martin sophie", year=1980), facts(2, "martin sophie", year=1992), False, True,
         "années de naissance différentes"),
        (facts(1, "martin sophie", postcode="69001", keys=TEL),
         facts(2, "martin sophie", postcode="29200", keys=OTHER_TEL), False, True,
         "codes postaux différents"),
        (facts(1, "moreau claire", keys=TEL), facts(2, "moreau paul", keys=TEL), False, False,
         "même téléphone"),
    ],
)
def test_pair_verdicts(a: ClientFacts, b: ClientFacts, duplicate: bool, homonym: bool,
                       reason: str) -> None:
    verdict = compare(a, b)
    assert (verdict.score >= 70 and not verdict.homonym) is duplicate
    assert verdict.homonym is homonym
    assert any(r.startswith(reason) for r in verdict.reasons)
    assert 0 <= verdict.score <= 100
    assert compare(b, a) == verdict


def test_duplicates_listed_with_reasons_homonyms_left_out(conn: sqlite3.Connection) -> None:
    a = add_client(conn, "Lefèvre", "Philippe", phone="0612345678", postcode="69001")
    b = add_client(conn, "Lefebvre", "Philippe", phone="+33 6 12 34 56 78", postcode="69001")
    add_client(conn, "Martin", "Sophie", birth_year=1980)
    add_client(conn, "Martin", "Sophie", birth_year=1992)
    add_client(conn, "Moreau", "Claire", phone="0711111111")
    add_client(conn, "Moreau", "Paul", phone="0711111111")
    pairs = find_duplicates(conn)
    assert [(p.client_id, p.other_id) for p in pairs] == [(a, b)]
    assert "même téléphone" in pairs[0].reasons
    assert pairs[0].as_json()["score"] == pairs[0].score


def test_shared_vehicle_is_a_reason(conn: sqlite3.Connection) -> None:
    a = add_client(conn, "Garnier", "Luc")
    b = add_client(conn, "Garnier", "Lucas")
    add_vehicle(conn, a, plate="AB-123-CD")
    add_vehicle(conn, b, plate="ab123cd")
    verdict = compare_clients(conn, a, b)
    assert "même immatriculation" in verdict.reasons


def test_confirmed_homonyms_are_not_proposed_again(conn: sqlite3.Connection) -> None:
    a = add_client(conn, "Petit", "Louis", postcode="44000")
    b = add_client(conn, "Petit", "Louis", postcode="44000")
    assert [(p.client_id, p.other_id) for p in find_duplicates(conn)] == [(a, b)]
    record_homonyms(conn, b, a, "bob")
    assert find_duplicates(conn) == []


def test_min_score_filters(conn: sqlite3.Connection) -> None:
    add_client(conn, "Petit", "Louis")
    add_client(conn, "Petit", "Louis")
    assert len(find_duplicates(conn, min_score=50)) == 1
    assert find_duplicates(conn, min_score=99) == []
