"""Normalization tables: what each way of typing a name, phone, email or plate reduces to."""

from __future__ import annotations

import pytest

from store.normalize import (
    display_phone,
    fold,
    is_plate,
    name_key,
    name_words,
    phone_e164,
    phone_prefix,
    phonetic,
    phonetic_key,
    plate_key,
    vin_key,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Lefèvre", "lefevre"),
        ("LEFÈVRE", "lefevre"),
        ("Jean-Pierre", "jean pierre"),
        ("D'Artagnan", "d artagnan"),
        ("Cœur", "coeur"),
        ("Lætitia", "laetitia"),
        ("  Müller   ", "muller"),
        ("Éloïse Ñúñez", "eloise nunez"),
        ("[b]Dupont[/]", "b dupont"),
        ("", ""),
    ],
)
def test_fold_drops_accents_case_and_punctuation(typed: str, folded: str) -> None:
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("de La Fontaine", "fontaine"),
        ("De la fontaine", "fontaine"),
        ("D'Artagnan", "artagnan"),
        ("du Pont", "pont"),
        ("Le Gall", "legall"),
        ("Le Fèvre-Dupont", "lefevredupont"),
        ("lefevre dupont", "lefevredupont"),
        ("Jean-Pierre", "jeanpierre"),
        ("jean pierre", "jeanpierre"),
        ("Dé", "de"),
        ("des Granges", "granges"),
    ],
)
def test_name_key_joins_words_without_particles(typed: str, key: str) -> None:
    assert name_key(typed) == key


def test_name_words_keep_a_name_made_of_a_particle() -> None:
    assert name_words("De") == ["de"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lefèvre", "Lefebvre"),
        ("Phillipe", "Philippe"),
        ("Dupont", "Dupond"),
        ("Rousseau", "Roussot"),
        ("Thomas", "Tomas"),
        ("Mathieu", "Matthieu"),
        ("Gauthier", "Gautier"),
        ("Sylvie", "Silvie"),
        ("Christophe", "Cristophe"),
        ("Laurent", "Lorent"),
        ("Vincent", "Vinsent"),
        ("Nathalie", "Natalie"),
        ("Bonnet", "Bonet"),
        ("Lemaire", "Lemère"),
        ("Michel", "Mishel"),
        ("Girard", "Jirard"),
        ("Mercier", "Mersier"),
        ("Faure", "Fort"),
    ],
)
def test_phonetic_spellings_share_a_key(one: str, other: str) -> None:
    assert phonetic_key(one) == phonetic_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Martin", "Marin"), ("Dupont", "Durand"), ("Petit", "Robert"), ("Guerin", "Gerin")],
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert phonetic_key(one) != phonetic_key(other)


def test_phonetic_of_empty_word_is_empty() -> None:
    assert phonetic("") == ""


@pytest.mark.parametrize(
    "typed",
    ["06 12 34 56 78", "0612345678", "06.12.34.56.78", "06-12-34-56-78", "+33 6 12 34 56 78",
     "+33612345678", "0033 6 12 34 56 78", "0033612345678", "+33 (0)6 12 34 56 78"],
)
def test_phone_forms_give_one_e164(typed: str) -> None:
    assert phone_e164(typed) == "+33612345678"


@pytest.mark.parametrize("typed", ["", "dupont", "12", "06 12"])
def test_not_a_phone(typed: str) -> None:
    assert phone_e164(typed) is None


def test_foreign_phone_keeps_its_country() -> None:
    assert phone_e164("+32 470 12 34 56") == "+32470123456"


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [("06 12", "+33612"), ("0612345", "+33612345"), ("+33 6 1", "+3361"), ("0033 61", "+3361"),
     ("33612345678", "+33612345678"), ("061", None), ("dupont", None), ("AB-123", None)],
)
def test_phone_being_typed(typed: str, prefix: str | None) -> None:
    assert phone_prefix(typed) == prefix


def test_display_phone_is_french_national() -> None:
    assert display_phone("+33612345678") == "06 12 34 56 78"


@pytest.mark.parametrize(
    ("typed", "key", "whole"),
    [
        ("AB-123-CD", "AB123CD", True),
        ("ab123cd", "AB123CD", True),
        ("ab 123 cd", "AB123CD", True),
        ("1234 AB 56", "1234AB56", True),
        ("1234-ab-2a", "1234AB2A", True),
        ("AB-12", "AB12", False),
        ("Dupont", "DUPONT", False),
    ],
)
def test_plate_forms(typed: str, key: str, whole: bool) -> None:
    assert plate_key(typed) == key
    assert is_plate(typed) is whole


def test_vin_key_is_compact_upper_case() -> None:
    assert vin_key(" vf1ab-000012345678 ") == "VF1AB000012345678"
