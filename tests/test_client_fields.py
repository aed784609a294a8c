"""The client form's validators: what is accepted, how it is stored, what is refused and why."""

from __future__ import annotations

from datetime import date

import pytest

from rules.client_fields import (
    FieldRefused,
    complete_consents,
    parse_birth_year,
    parse_day,
    parse_edits,
    parse_email,
    parse_phone,
    parse_postcode,
    value_text,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("04 78 12 34 56", "+33478123456"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_phones_are_stored_in_e164(typed: str, stored: str) -> None:
    assert parse_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "06 12 34", "abc", "06 12 34 56 78 90", "+33 0 00 00 00 00"])
def test_bad_phones_are_refused(typed: str) -> None:
    with pytest.raises(FieldRefused, match="numéro"):
        parse_phone(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("eric.dupont@Orange.FR", "eric.dupont@orange.fr"), (" a+b@x.io ", "a+b@x.io"), ("", "")],
)
def test_good_emails(typed: str, stored: str) -> None:
    assert parse_email(typed) == stored


@pytest.mark.parametrize("typed", ["dupont", "dupont@", "@orange.fr", "a@b", "a b@c.fr", "a@@b.fr",
                                   "a..b@c.fr", "a@b..fr", "a@b.f"])
def test_bad_emails_are_refused(typed: str) -> None:
    with pytest.raises(FieldRefused, match="e-mail"):
        parse_email(typed)


@pytest.mark.parametrize(("typed", "stored"), [("69003", "69003"), ("75 001", "75001"),
                                               ("97400", "97400"), ("20000", "20000"), ("", "")])
def test_good_postcodes(typed: str, stored: str) -> None:
    assert parse_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["6900", "690033", "69OO3", "00100", "99000", "96000"])
def test_bad_postcodes_are_refused(typed: str) -> None:
    with pytest.raises(FieldRefused, match="code postal"):
        parse_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("02/03/2025", "2025-03-02"), ("2/3/2025", "2025-03-02"), ("29/02/2024", "2024-02-29"),
     ("23/11/2026", "2026-11-23"), ("", None)],
)
def test_good_days(typed: str, stored: str | None) -> None:
    assert parse_day(typed, TODAY) == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [("2025-03-02", "jj/mm/aaaa"), ("31/02/2025", "calendrier"), ("29/02/2025", "calendrier"),
     ("00/01/2025", "calendrier"), ("24/11/2026", "futur"), ("01/01/1900", "ancienne"),
     ("1/1/25", "jj/mm/aaaa")],
)
def test_bad_days_are_refused(typed: str, why: str) -> None:
    with pytest.raises(FieldRefused, match=why):
        parse_day(typed, TODAY)


@pytest.mark.parametrize(("typed", "year"), [("1968", 1968), ("2010", 2010), ("1916", 1916), ("", None)])
def test_plausible_birth_years(typed: str, year: int | None) -> None:
    assert parse_birth_year(typed, TODAY) == year


@pytest.mark.parametrize("typed", ["2011", "1915", "68", "19688", "année", "2030"])
def test_implausible_birth_years_are_refused(typed: str) -> None:
    with pytest.raises(FieldRefused):
        parse_birth_year(typed, TODAY)


def _form(**values: str) -> dict[str, str]:
    from rules.client_fields import FORM_FIELDS

    form = dict.fromkeys(FORM_FIELDS, "")
    form.update({f"consent_{ch}": "unknown" for ch in ("phone", "sms", "email", "post")})
    form.update(last_name="Dupont")
    form.update(values)
    return form


def test_only_changed_fields_are_saved_normalized() -> None:
    initial = _form(phone="06 12 34 56 78", city="Lyon")
    edited = _form(phone="06 12 34 56 78", city=" Villeurbanne ", postcode="69100",
                   email="E@X.FR", birth_date="14/07/1968")
    parsed = parse_edits(edited, initial, TODAY)
    assert parsed.refusals == []
    assert parsed.changes == {"city": "Villeurbanne", "postcode": "69100", "email": "E@x.fr",
                              "birth_date": "1968-07-14", "birth_year": 1968}


def test_every_refusal_names_its_field_and_nothing_is_kept() -> None:
    initial = _form()
    edited = _form(phone="12", postcode="6900", email="x@", consent_sms_on="31/02/2026", city="Lyon")
    parsed = parse_edits(edited, initial, TODAY)
    assert parsed.changes == {}
    assert [r.field for r in parsed.refusals] == ["phone", "email", "postcode", "consent_sms_on"]
    assert "6900" in parsed.refusals[2].message


def test_birth_year_and_date_must_agree() -> None:
    parsed = parse_edits(_form(birth_year="1970", birth_date="14/07/1968"), _form(), TODAY)
    assert [(r.field, r.message) for r in parsed.refusals] == [
        ("birth_year", "1970 ne correspond pas à la date de naissance 14/07/1968")]


def test_a_client_needs_a_name_or_a_company() -> None:
    parsed = parse_edits(_form(last_name=""), _form(), TODAY)
    assert [r.field for r in parsed.refusals] == ["last_name"]
    assert parse_edits(_form(last_name="", company="Transports Girard"), _form(), TODAY).refusals == []


def test_free_text_goes_through_the_lexicon_check() -> None:
    def check(text: str) -> str | None:
        return "« obèse » : description physique" if "obèse" in text else None

    parsed = parse_edits(_form(situation="marié, obèse", interests="golf"), _form(), TODAY, check)
    assert [(r.field, r.message) for r in parsed.refusals] == [
        ("situation", "« obèse » : description physique")]


@pytest.mark.parametrize(
    ("before", "after", "expected_on", "expected_source"),
    [
        # a new state with nothing typed: dated today, sourced to the user
        (("unknown", "", ""), ("yes", "", ""), "23/11/2026", "saisie martine"),
        (("yes", "02/03/2025", "bon de commande"), ("no", "02/03/2025", "bon de commande"),
         "23/11/2026", "saisie martine"),
        # what the user typed is kept
        (("unknown", "", ""), ("yes", "01/10/2026", "appel entrant"), "01/10/2026", "appel entrant"),
        # the state set back: what was filled in is taken back
        (("yes", "02/03/2025", "bon de commande"), ("yes", "23/11/2026", "saisie martine"),
         "02/03/2025", "bon de commande"),
    ],
)
def test_a_changed_consent_is_dated_and_sourced(
    before: tuple[str, str, str], after: tuple[str, str, str], expected_on: str, expected_source: str,
) -> None:
    names = ("consent_email", "consent_email_on", "consent_email_source")
    initial = _form(**dict(zip(names, before, strict=True)))
    form = _form(**dict(zip(names, after, strict=True)))
    done = complete_consents(form, initial, TODAY, "martine")
    assert (done["consent_email_on"], done["consent_email_source"]) == (expected_on, expected_source)


def test_values_are_shown_in_french_forms() -> None:
    assert value_text("consent_phone_on", "2025-03-02") == "02/03/2025"
    assert value_text("birth_date", None) == ""
    assert value_text("phone", "+33612345678") == "06 12 34 56 78"
    assert value_text("birth_year", 1968) == "1968"


@pytest.mark.parametrize(
    ("text", "refused"),
    [("marié, deux enfants", False), ("gros client, flotte de 12", False), ("un peu obèse", True),
     ("très croyant, catholique", True), ("[b]obèse[/b]", True)],
)
def test_the_shipped_lexicon_checks_free_texts(text: str, refused: bool) -> None:
    from rules.client_fields import lexicon_check
    from rules.lexicon import load_lexicon

    parsed = parse_edits(_form(interests=text), _form(), TODAY, lexicon_check(load_lexicon()))
    assert bool(parsed.refusals) is refused
    if refused:
        assert "Reformulez" in parsed.refusals[0].message
