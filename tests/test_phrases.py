"""Dates as people type them, read from a fixed ``now``: Monday 23/11/2026 at 14:20, Paris."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.phrases import ParsedWhen, ParseError, parse_when, say_en, say_fr, search_when
from tui.i18n import EN

NOW = datetime(2026, 11, 23, 14, 20)  # a Monday


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        # French, relative days
        ("demain", date(2026, 11, 24), None),
        ("Demain", date(2026, 11, 24), None),
        ("DEMAIN", date(2026, 11, 24), None),
        ("après-demain", date(2026, 11, 25), None),
        ("apres demain", date(2026, 11, 25), None),
        ("aujourd'hui", date(2026, 11, 23), None),
        ("aujourd’hui", date(2026, 11, 23), None),
        ("aujourdhui", date(2026, 11, 23), None),
        # weekdays: the next one, never today
        ("lundi", date(2026, 11, 30), None),
        ("mardi", date(2026, 11, 24), None),
        ("mercredi", date(2026, 11, 25), None),
        ("jeudi", date(2026, 11, 26), None),
        ("vendredi", date(2026, 11, 27), None),
        ("samedi", date(2026, 11, 28), None),
        ("dimanche", date(2026, 11, 29), None),
        ("lundi prochain", date(2026, 11, 30), None),
        ("ce jeudi", date(2026, 11, 26), None),
        ("Jeudi 14h", date(2026, 11, 26), time(14)),
        ("jeudi 14h30", date(2026, 11, 26), time(14, 30)),
        ("jeudi 14 h", date(2026, 11, 26), time(14)),
        ("jeudi 14:30", date(2026, 11, 26), time(14, 30)),
        ("jeudi à 14h", date(2026, 11, 26), time(14)),
        ("jeudi a 14", date(2026, 11, 26), time(14)),
        ("jeudi vers 9h", date(2026, 11, 26), time(9)),
        ("jeudi 26", date(2026, 11, 26), None),
        ("jeudi 26/11", date(2026, 11, 26), None),
        ("mardi 1er", date(2026, 12, 1), None),
        ("lundi 10h", date(2026, 11, 30), time(10)),
        ("demain matin", date(2026, 11, 24), time(9)),
        ("demain midi", date(2026, 11, 24), time(12)),
        ("demain après-midi", date(2026, 11, 24), time(14)),
        ("demain soir", date(2026, 11, 24), time(18)),
        ("demain 8h", date(2026, 11, 24), time(8)),
        # offsets
        ("dans 3 jours", date(2026, 11, 26), None),
        ("dans 1 jour", date(2026, 11, 24), None),
        ("dans trois jours", date(2026, 11, 26), None),
        ("3 jours", date(2026, 11, 26), None),
        ("3j", date(2026, 11, 26), None),
        ("j+3", date(2026, 11, 26), None),
        ("dans 2 semaines", date(2026, 12, 7), None),
        ("dans une semaine", date(2026, 11, 30), None),
        ("dans huit jours", date(2026, 11, 30), None),
        ("dans quinze jours", date(2026, 12, 7), None),
        ("dans une quinzaine", date(2026, 12, 7), None),
        ("dans 1 mois", date(2026, 12, 23), None),
        ("dans 6 mois", date(2027, 5, 23), None),
        ("dans un an", date(2027, 11, 23), None),
        ("dans 2h", date(2026, 11, 23), time(16, 20)),
        ("dans 3 heures", date(2026, 11, 23), time(17, 20)),
        # periods
        ("fin du mois", date(2026, 11, 30), None),
        ("fin de mois", date(2026, 11, 30), None),
        ("fin de semaine", date(2026, 11, 27), None),
        ("fin de la semaine", date(2026, 11, 27), None),
        ("semaine prochaine", date(2026, 11, 30), None),
        ("la semaine prochaine", date(2026, 11, 30), None),
        ("mois prochain", date(2026, 12, 1), None),
        # calendar dates, day first as in France
        ("15/03", date(2027, 3, 15), None),
        ("15/03/2027", date(2027, 3, 15), None),
        ("15/3/27", date(2027, 3, 15), None),
        ("15-03-2027", date(2027, 3, 15), None),
        ("15.03.2027", date(2027, 3, 15), None),
        ("24/11", date(2026, 11, 24), None),
        ("23/11", date(2026, 11, 23), None),
        ("22/11", date(2027, 11, 22), None),
        ("29/02", date(2028, 2, 29), None),
        ("01/12 10h", date(2026, 12, 1), time(10)),
        ("le 15/12 à 9h30", date(2026, 12, 15), time(9, 30)),
        ("15 mars", date(2027, 3, 15), None),
        ("15 mars 2028", date(2028, 3, 15), None),
        ("1er décembre", date(2026, 12, 1), None),
        ("le 1er", date(2026, 12, 1), None),
        ("le 12", date(2026, 12, 12), None),
        ("le 23", date(2026, 11, 23), None),
        ("pour demain", date(2026, 11, 24), None),
        # hours alone: today when still ahead
        ("16h", date(2026, 11, 23), time(16)),
        ("à 17h30", date(2026, 11, 23), time(17, 30)),
        ("23:59", date(2026, 11, 23), time(23, 59)),
        # English
        ("today", date(2026, 11, 23), None),
        ("tomorrow", date(2026, 11, 24), None),
        ("day after tomorrow", date(2026, 11, 25), None),
        ("monday", date(2026, 11, 30), None),
        ("next monday", date(2026, 11, 30), None),
        ("this friday", date(2026, 11, 27), None),
        ("Thursday 2pm", date(2026, 11, 26), time(14)),
        ("thursday at 2:30pm", date(2026, 11, 26), time(14, 30)),
        ("thursday 12pm", date(2026, 11, 26), time(12)),
        ("thursday 12am", date(2026, 11, 26), time(0)),
        ("tomorrow morning", date(2026, 11, 24), time(9)),
        ("in 3 days", date(2026, 11, 26), None),
        ("in a week", date(2026, 11, 30), None),
        ("in 2 weeks", date(2026, 12, 7), None),
        ("in 1 month", date(2026, 12, 23), None),
        ("in 2 hours", date(2026, 11, 23), time(16, 20)),
        ("end of month", date(2026, 11, 30), None),
        ("end of the month", date(2026, 11, 30), None),
        ("end of week", date(2026, 11, 27), None),
        ("next week", date(2026, 11, 30), None),
        ("next month", date(2026, 12, 1), None),
        ("15 march", date(2027, 3, 15), None),
    ],
)
def test_parse_when(text: str, day: date, at: time | None) -> None:
    result = parse_when(text, NOW)
    assert isinstance(result, ParsedWhen), result
    assert (result.day, result.time) == (day, at)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12", "ambigu"),
        ("3", "ambigu"),
        ("15/03/2020", "Le 15/03/2020 est passé"),
        ("22/11/2026", "Le 22/11/2026 est passé"),
        ("31/02", "Le 31/02 n'existe pas"),
        ("31/02/2027", "Le 31/02/2027 n'existe pas"),
        ("29/02/2027", "Le 29/02/2027 n'existe pas"),
        ("32/01", "n'existe pas"),
        ("15/13", "n'existe pas"),
        ("03/15", "n'existe pas (jour/mois"),
        ("10h", "10h est déjà passé aujourd'hui"),
        ("10h", "« demain 10h »"),
        ("14h20", "déjà passé"),
        ("aujourd'hui 9h", "Aujourd'hui 9h est déjà passé"),
        ("25h", "n'est pas une heure valide"),
        ("14h75", "n'est pas une heure valide"),
        ("13pm", "n'est pas une heure valide"),
        ("lundi 26", "est un jeudi, pas un lundi"),
        ("mardi 26/11", "est un jeudi, pas un mardi"),
        ("le 32", "pas de jour 32"),
        ("blabla", "Je ne reconnais pas la date"),
        ("", "Quelle date"),
        ("   ", "Quelle date"),
        ("demain truc", "Je ne comprends pas « truc »"),
        ("dans 5000 ans", "trop loin"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    result = parse_when(text, NOW)
    assert isinstance(result, ParseError), result
    assert message in result.message
    assert result.text == text.strip()


@pytest.mark.parametrize(
    ("now", "text", "day"),
    [
        # « fin du mois » is the last working day; after it, the next month's
        (datetime(2026, 1, 10, 9), "fin du mois", date(2026, 1, 30)),  # 31/01/2026 is a Saturday
        (datetime(2026, 1, 31, 9), "fin du mois", date(2026, 2, 27)),
        (datetime(2026, 2, 27, 9), "fin du mois", date(2026, 2, 27)),
        (datetime(2028, 2, 3, 9), "fin du mois", date(2028, 2, 29)),
        # « fin de semaine » is Friday, or Thursday when Friday is a holiday; on the weekend, next week's
        (datetime(2026, 11, 27, 9), "fin de semaine", date(2026, 11, 27)),
        (datetime(2026, 11, 28, 9), "fin de semaine", date(2026, 12, 4)),
        (datetime(2026, 12, 21, 9), "fin de semaine", date(2026, 12, 24)),
        # weekdays from a Thursday
        (datetime(2026, 11, 26, 9), "jeudi", date(2026, 12, 3)),
        (datetime(2026, 11, 26, 9), "vendredi", date(2026, 11, 27)),
        # year rolls over
        (datetime(2026, 12, 31, 9), "demain", date(2027, 1, 1)),
        (datetime(2026, 12, 31, 9), "02/01", date(2027, 1, 2)),
        (datetime(2026, 12, 31, 9), "dans 2 mois", date(2027, 2, 28)),
        (datetime(2027, 1, 31, 9), "dans 1 mois", date(2027, 2, 28)),
        # next week starts on the first working day
        (datetime(2026, 4, 1, 9), "semaine prochaine", date(2026, 4, 7)),
        # « dans 2h » late in the evening lands tomorrow
        (datetime(2026, 11, 23, 23, 2), "dans 2h", date(2026, 11, 24)),
    ],
)
def test_parse_when_from_other_days(now: datetime, text: str, day: date) -> None:
    result = parse_when(text, now)
    assert isinstance(result, ParsedWhen), result
    assert result.day == day


@pytest.mark.parametrize(
    ("day", "at", "fr", "en"),
    [
        (date(2026, 11, 26), time(14), "jeudi 26/11/2026 à 14h00", "Thursday 26/11/2026 at 14:00"),
        (date(2026, 11, 26), time(9, 5), "jeudi 26/11/2026 à 9h05", "Thursday 26/11/2026 at 09:05"),
        (date(2027, 3, 15), None, "lundi 15/03/2027", "Monday 15/03/2027"),
        (date(2026, 11, 29), None, "dimanche 29/11/2026", "Sunday 29/11/2026"),
    ],
)
def test_wording(day: date, at: time | None, fr: str, en: str) -> None:
    assert say_fr(day, at) == fr
    assert say_en(day, at) == en
    assert ParsedWhen.on(day, at) == ParsedWhen(day, at, fr, en)


@pytest.mark.parametrize(
    ("text", "found", "day"),
    [
        ("appelé, pas de réponse, rappeler jeudi", "jeudi", date(2026, 11, 26)),
        ("rdv lundi 10h atelier", "lundi 10h", date(2026, 11, 30)),
        ("rdv Lundi à 10h à l'atelier", "Lundi à 10h", date(2026, 11, 30)),
        ("reporter à demain", "demain", date(2026, 11, 24)),
        ("snooze 3 jours", "3 jours", date(2026, 11, 26)),
        ("rappeler dans 2 semaines svp", "dans 2 semaines", date(2026, 12, 7)),
        ("Rappeler le 15/03 au matin", "le 15/03 au matin", date(2027, 3, 15)),
        ("call back next monday", "next monday", date(2026, 11, 30)),
    ],
)
def test_search_when_finds_the_date_inside_a_phrase(text: str, found: str, day: date) -> None:
    match = search_when(text, NOW)
    assert match is not None
    assert text[match.start:match.end] == found
    assert isinstance(match.result, ParsedWhen)
    assert match.result.day == day


@pytest.mark.parametrize(
    "text",
    [
        "appelé, pas de réponse", "veut 2 voitures", "ce matin au téléphone", "client content", "",
        "pas de réponse depuis 3 jours", "relancé il y a 2 semaines", "depuis le 15/03",
        "client de 45 ans", "LOA de 37 mois", "le 2e essai", "rappeler mon collègue", "since 3 days",
    ],
)
def test_search_when_finds_nothing(text: str) -> None:
    assert search_when(text, NOW) is None


def test_search_when_reports_a_bad_date_with_its_text() -> None:
    match = search_when("rappeler le 31/02", NOW)
    assert match is not None
    assert isinstance(match.result, ParseError)
    assert match.result.text == "le 31/02"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 23))
def test_numeric_dates_round_trip(today: date, hour: int) -> None:
    now = datetime.combine(today, time(hour))
    target = today + timedelta(days=1 + hour * 7)
    result = parse_when(target.strftime("%d/%m/%Y"), now)
    assert isinstance(result, ParsedWhen)
    assert result.day == target
    short = parse_when(target.strftime("%d/%m"), now)
    assert isinstance(short, ParsedWhen)
    assert short.day >= today


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 6))
def test_weekday_is_within_a_week_never_today(today: date, weekday: int) -> None:
    names = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    result = parse_when(names[weekday], datetime.combine(today, time(8)))
    assert isinstance(result, ParsedWhen)
    assert result.day.weekday() == weekday
    assert timedelta(days=1) <= result.day - today <= timedelta(days=7)


@given(st.text(max_size=40), st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_never_crashes_and_never_goes_back(text: str, today: date) -> None:
    now = datetime.combine(today, time(12))
    result = parse_when(text, now)
    if isinstance(result, ParsedWhen):
        assert result.day >= today
    match = search_when(text, now)
    if match is not None:
        assert 0 <= match.start <= match.end <= len(text)


# Each refusal of a date, as an English session says it.
ENGLISH_REFUSALS = {
    "12": "“12” is ambiguous: a day or an hour? Write “le 12”, “12/03” (day/month) or “12h”.",
    "15/03/2020": "15/03/2020 is past: give a date to come.",
    "31/02": "31/02 does not exist.",
    "31/02/2027": "31/02/2027 does not exist.",
    "03/15": "03/15 does not exist (day/month, as in France).",
    "01/01/1850": "I do not understand the year of “01/01/1850”.",
    "10h": "10h is already past today: did you mean “demain 10h”?",
    "aujourd'hui 9h": "9h today is already past: give a time to come.",
    "25h": "“25h” is not a valid time (0h to 23h59).",
    "13pm": "“13pm” is not a valid time.",
    "lundi 26": "26/11/2026 is a Thursday, not a Monday.",
    "le 32": "No month has a day 32.",
    "blabla": "I do not know the date “blabla”. Try “demain”, “lundi 10h”, “dans 3 jours” or “15/03”.",
    "": "What date? For example “demain”, “jeudi 14h”, “15/03”.",
    "demain truc": "I do not understand “truc” after the date. Try “jeudi 14h” or “15/03”.",
    "dans 5000 ans": "That is too far: a few years at most.",
}


def test_parse_errors_have_their_english() -> None:
    said = {}
    for text in ENGLISH_REFUSALS:
        result = parse_when(text, NOW)
        assert isinstance(result, ParseError), (text, result)
        said[text] = EN[result.reason].format(**result.values)
    assert said == ENGLISH_REFUSALS
