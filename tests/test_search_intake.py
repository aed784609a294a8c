"""Create only after looking: validated fields, candidates put first, homonyms recorded."""

from __future__ import annotations

import sqlite3

import pytest

from store.client_intake import (
    FieldValue,
    candidates_for,
    create_client,
    validate_client_fields,
)
from store.errors import FieldError, PossibleDuplicateError, ValidationError
from store.search import find_clients
from tests.search_data import add_client


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"last_name": "Dupont", "phone": "06 12 34 56 78"}, []),
        ({"last_name": "Dupont", "phone": "+33 6 12 34 56 78", "postcode": "75011"}, []),
        ({"company": "Garage SARL"}, []),
        ({"last_name": "Dupont", "phone": "0033 6 12 34 56 78", "email": "a.b@exemple.fr"}, []),
        ({"last_name": "Dupont", "postcode": "20090"}, []),
        ({"last_name": "Dupont", "postcode": "97400"}, []),
        ({"first_name": "Jean"}, ["last_name"]),
        ({"last_name": "Dupont", "phone": "06 12 34"}, ["phone"]),
        ({"last_name": "Dupont", "phone": "bonjour"}, ["phone"]),
        ({"last_name": "Dupont", "phone2": "00 00 00 00 00"}, ["phone2"]),
        ({"last_name": "Dupont", "email": "dupont@"}, ["email"]),
        ({"last_name": "Dupont", "email": "jean dupont@x.fr"}, ["email"]),
        ({"last_name": "Dupont", "postcode": "7501"}, ["postcode"]),
        ({"last_name": "Dupont", "postcode": "00100"}, ["postcode"]),
        ({"last_name": "Dupont", "birth_year": 1850}, ["birth_year"]),
        ({"last_name": "Dupont", "shoe_size": "43"}, ["shoe_size"]),
        ({"phone": "12", "email": "x", "postcode": "x"}, ["last_name", "phone", "email",
                                                          "postcode"]),
    ],
)
def test_validation_names_each_refused_field(
    fields: dict[str, FieldValue], errors: list[str]
) -> None:
    refused = validate_client_fields(fields)
    assert [e.field for e in refused] == errors
    assert all(e.message for e in refused)


def test_refusal_says_why() -> None:
    refused = validate_client_fields({"last_name": "X", "postcode": "7501"})
    assert refused == [FieldError("postcode", "« 7501 » n'est pas un code postal français"
                                              " (5 chiffres)")]


def test_create_refuses_invalid_fields(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as raised:
        create_client(conn, {"last_name": "Dupont", "phone": "06"}, "alice")
    assert raised.value.errors[0].field == "phone"


def test_create_a_new_person(conn: sqlite3.Connection) -> None:
    client = create_client(conn, {"last_name": "Lefèvre", "first_name": "Anaïs",
                                  "phone": "+33612345678", "email": "Anais@Exemple.fr"}, "alice")
    row = conn.execute("SELECT phone, email, created_by FROM clients WHERE id = ?",
                       (client,)).fetchone()
    assert row == ("06 12 34 56 78", "anais@exemple.fr", "alice")
    assert find_clients(conn, "lefevre anais")[0].client_id == client
    assert conn.execute("SELECT action, user_login FROM audit WHERE row_id = ?",
                        (client,)).fetchall() == [("create", "alice")]


def test_candidates_while_the_form_is_filled(conn: sqlite3.Connection) -> None:
    known = add_client(conn, "Lefebvre", "Philippe", phone="0612345678")
    assert [h.client_id for h in candidates_for(conn, {"last_name": "Lefèvre"})] == [known]
    assert [h.client_id for h in candidates_for(conn, {"phone": "06 12 34 56 78"})] == [known]
    assert candidates_for(conn, {"last_name": "Zyx"}) == []


def test_known_person_is_put_first_not_created_again(conn: sqlite3.Connection) -> None:
    known = add_client(conn, "Lefebvre", "Philippe", city="Lyon")
    with pytest.raises(PossibleDuplicateError) as raised:
        create_client(conn, {"last_name": "Lefèvre", "first_name": "Phillipe"}, "alice")
    assert raised.value.candidates == [known]
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


def test_same_phone_is_put_first(conn: sqlite3.Connection) -> None:
    known = add_client(conn, "Moreau", "Claire", phone="0612345678")
    with pytest.raises(PossibleDuplicateError) as raised:
        create_client(conn, {"last_name": "Morin", "phone": "+33 6 12 34 56 78"}, "alice")
    assert raised.value.candidates == [known]


def test_confirmed_homonym_is_created_and_recorded(conn: sqlite3.Connection) -> None:
    known = add_client(conn, "Martin", "Sophie", city="Lyon", birth_year=1980)
    client = create_client(conn, {"last_name": "Martin", "first_name": "Sophie",
                                  "city": "Brest", "birth_year": 1992}, "bob",
                           confirmed_homonym_of=[known])
    assert conn.execute("SELECT client_id, other_id, confirmed_by FROM homonyms").fetchall() == [
        (known, client, "bob")]
    audit = conn.execute(
        "SELECT row_id, new_value FROM audit WHERE action = 'confirm_homonym' ORDER BY row_id"
    ).fetchall()
    assert audit == [(known, str(client)), (client, str(known))]
    hits = find_clients(conn, "martin sophie")
    assert {h.client_id for h in hits} == {known, client}
    assert all(h.homonym for h in hits)


def test_confirming_one_candidate_does_not_confirm_another(conn: sqlite3.Connection) -> None:
    first = add_client(conn, "Martin", "Sophie", city="Lyon")
    second = add_client(conn, "Martin", "Sophie", city="Brest")
    with pytest.raises(PossibleDuplicateError) as raised:
        create_client(conn, {"last_name": "Martin", "first_name": "Sophie"}, "bob",
                      confirmed_homonym_of=[first])
    assert raised.value.candidates == [second]
