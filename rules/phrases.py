"""Dates typed as people say them (« jeudi 14h », « dans 3 jours », « 15/03 »), relative to ``now``.

``now`` is naive local time (Europe/Paris). Day and month always come in the French order (dd/mm).
Every answer is either a ``ParsedWhen`` (a day, maybe a time, and how to say it) or a ``ParseError``
with a French message that tells the user what to type instead. Nothing in the past is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from rules.folding import fold_with_map, original_span
from rules.said import Said, as_texts
from rules.working_days import working_day_on_or_after, working_day_on_or_before

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_FR = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
             "octobre", "novembre", "decembre")
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december")

_WEEKDAY_WORDS: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS_FR)},
    **{name.lower(): i for i, name in enumerate(WEEKDAYS_EN)},
}  # no three-letter forms: « mon » and « tue » are French words
_MONTH_WORDS: dict[str, int] = {
    **{name: i + 1 for i, name in enumerate(MONTHS_FR)},
    **{name: i + 1 for i, name in enumerate(MONTHS_EN)},
    **{name[:3]: i + 1 for i, name in enumerate(MONTHS_EN) if name != "may"},
    "fev": 2, "avr": 4, "juil": 7, "sept": 9, "dec": 12,
}
_NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}
# « dans huit jours » is a week and « dans quinze jours » two, as everybody in France means them.
_IDIOM_DAYS = {"huit": 7, "quinze": 14}
_UNITS: dict[str, str] = {
    **dict.fromkeys(("jour", "jours", "j", "day", "days", "d"), "days"),
    **dict.fromkeys(("semaine", "semaines", "sem", "week", "weeks", "w"), "weeks"),
    **dict.fromkeys(("mois", "month", "months"), "months"),
    **dict.fromkeys(("an", "ans", "annee", "annees", "year", "years"), "years"),
    **dict.fromkeys(("heure", "heures", "hour", "hours"), "hours"),
}
_PARTS_OF_DAY: dict[str, time] = {
    "matin": time(9), "morning": time(9), "midi": time(12), "noon": time(12),
    "aprem": time(14), "afternoon": time(14), "soir": time(18), "evening": time(18),
}
# Little words that may precede a date or an hour and belong to it.
_LEAD_WORDS = frozenset({"le", "pour", "on", "for", "des"})
_AT_WORDS = frozenset(
    {"a", "au", "at", "vers", "around", "sur", "des", "le", "en", "dans", "la", "in", "the"}
)

_TOKEN = re.compile(
    r"""
    (?P<date>\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)(?![\d/])
    | (?P<time>\d{1,2}\s?(?::\d{2}\s?(?:am|pm)?|(?:am|pm)|h\s?(?:\d{2})?))(?![a-z\d])
    | (?P<num>\d+)
    | (?P<word>[a-z]+)
    | (?P<plus>\+)
    """,
    re.VERBOSE,
)


TimeOfDay = time  # the field below is called ``time``


@dataclass(frozen=True, slots=True)
class ParsedWhen:
    """A day, maybe a time, and how to say it in each language."""

    day: date
    time: TimeOfDay | None
    text_fr: str
    text_en: str

    @classmethod
    def on(cls, day: date, at: TimeOfDay | None = None) -> ParsedWhen:
        """Build one from a day (and a time), with its French and English wording."""
        return cls(day, at, say_fr(day, at), say_en(day, at))

    def text_in(self, lang: str) -> str:
        """How to say it in ``lang`` (English, else French)."""
        return self.text_en if lang == "en" else self.text_fr


@dataclass(frozen=True, slots=True)
class ParseError(Said):
    """What was typed and why it is not a date we can use (:class:`rules.said.Said`)."""

    text: str
    reason: str
    values: dict[str, str] = field(default_factory=dict)


def _refused(reason: str, **values: object) -> ParseError:
    """Why a date cannot be used, before it is known which text it is said of."""
    return ParseError("", reason, as_texts(values))


@dataclass(frozen=True, slots=True)
class WhenMatch:
    """A date found inside a longer phrase, with its span in the original text."""

    result: ParsedWhen | ParseError
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Day:
    end: int
    day: date | None
    error: ParseError | None = None


@dataclass(frozen=True, slots=True)
class _Time:
    end: int
    at: time | None
    error: ParseError | None = None


def say_fr(day: date, at: time | None = None) -> str:
    """« jeudi 26/11/2026 à 14h00 »."""
    text = f"{WEEKDAYS_FR[day.weekday()]} {day:%d/%m/%Y}"
    return f"{text} à {at.hour}h{at.minute:02d}" if at else text


def say_en(day: date, at: time | None = None) -> str:
    """"Thursday 26/11/2026 at 14:00"."""
    text = f"{WEEKDAYS_EN[day.weekday()]} {day:%d/%m/%Y}"
    return f"{text} at {at:%H:%M}" if at else text


def parse_when(text: str, now: datetime) -> ParsedWhen | ParseError:
    """The whole of ``text`` read as a day (and maybe a time) from ``now``."""
    folded, _ = fold_with_map(text)
    toks = _tokens(folded)
    shown = text.strip()
    if not toks:
        return ParseError(shown, "Quelle date ? Par exemple « demain », « jeudi 14h », « 15/03 ».")
    found = _match(toks, 0, now)
    if found is None:
        if toks[0].kind == "num":
            return replace(_ambiguous_number(toks[0].text), text=shown)
        return ParseError(shown, "Je ne reconnais pas la date « {typed} ». Essayez « demain », "
                                 "« lundi 10h », « dans 3 jours » ou « 15/03 ».", {"typed": shown})
    end, result = found
    if end < len(toks):
        rest = folded[toks[end].start:].strip()
        return ParseError(shown, "Je ne comprends pas « {rest} » après la date. "
                                 "Essayez « jeudi 14h » ou « 15/03 ».", {"rest": rest})
    return result if isinstance(result, ParsedWhen) else replace(result, text=shown)


def search_when(text: str, now: datetime) -> WhenMatch | None:
    """The first date inside a longer phrase (« appelé, rappeler jeudi 14h »), or None."""
    folded, index = fold_with_map(text)
    toks = _tokens(folded)
    for i in range(len(toks)):
        found = _match(toks, i, now)
        if found is None:
            continue
        end, result = found
        start, stop = original_span(index, len(text), toks[i].start, toks[end - 1].end)
        if isinstance(result, ParseError):
            result = replace(result, text=text[start:stop])
        return WhenMatch(result, start, stop)
    return None


def _tokens(folded: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(folded):
        kind = m.lastgroup or ""
        toks.append(_Tok(kind, re.sub(r"\s", "", m.group()), m.start(), m.end()))
    return _join_today(toks)


def _join_today(toks: list[_Tok]) -> list[_Tok]:
    """« aujourd'hui » splits at its apostrophe; put it back together."""
    out: list[_Tok] = []
    for tok in toks:
        if tok.text == "hui" and out and out[-1].text == "aujourd":
            prev = out.pop()
            out.append(_Tok("word", "aujourdhui", prev.start, tok.end))
        else:
            out.append(tok)
    return out


def _ambiguous_number(number: str) -> ParseError:
    return _refused("« {number} » est ambigu : un jour ou une heure ? "
                    "Écrivez « le {number} », « {number}/03 » (jour/mois) ou « {number}h ».", number=number)


def _words(toks: list[_Tok], i: int, *words: str) -> bool:
    """The tokens from ``i`` are exactly ``words``."""
    return all(i + k < len(toks) and toks[i + k].text == w for k, w in enumerate(words))


def _match(toks: list[_Tok], i: int, now: datetime) -> tuple[int, ParsedWhen | ParseError] | None:
    """The longest date starting at token ``i``: (index after it, result), or None."""
    if _after_past_marker(toks, i):
        return None  # « depuis 3 jours », « il y a 2 mois »: how long ago, not when
    j = i
    while j < len(toks) - 1 and toks[j].text in _LEAD_WORDS:
        j += 1
    today = now.date()
    hours = _match_hours_from_now(toks, j, now)
    if hours is not None:
        return hours
    day = _match_day(toks, j, today)
    if day is None:
        return _match_hour_today(toks, j, now)
    if day.day is None:
        assert day.error is not None
        return day.end, day.error
    end, when = day.end, None
    at = _match_time(toks, day.end, bare_ok=True)
    if at is not None:
        if at.at is None:
            assert at.error is not None
            return at.end, at.error
        end, when = at.end, at.at
    if day.day < today:
        return end, _refused("Le {day} est passé : donnez une date à venir.", day=f"{day.day:%d/%m/%Y}")
    if day.day == today and when is not None and when <= now.time():
        return end, _refused("Aujourd'hui {hour} est déjà passé : donnez une heure à venir.",
                             hour=_hour(when))
    return end, ParsedWhen.on(day.day, when)


def _after_past_marker(toks: list[_Tok], i: int) -> bool:
    while i > 0 and toks[i - 1].text in _LEAD_WORDS:
        i -= 1
    before = [t.text for t in toks[max(0, i - 2):i]]
    return bool(before) and (before[-1] in {"depuis", "since"} or before == ["y", "a"])


def _match_hour_today(toks: list[_Tok], j: int, now: datetime) -> tuple[int, ParsedWhen | ParseError] | None:
    """« 10h » alone: today at 10 when that is still ahead."""
    k = j + 1 if toks[j].text in {"a", "at", "vers", "des"} and j + 1 < len(toks) else j
    if toks[k].kind != "time":
        return None
    at = _clock(toks[k].text, k + 1)
    if at.at is None:
        assert at.error is not None
        return at.end, at.error
    if at.at <= now.time():
        return at.end, _refused("{hour} est déjà passé aujourd'hui : vouliez-vous dire « demain {hour} » ?",
                                hour=_hour(at.at))
    return at.end, ParsedWhen.on(now.date(), at.at)


def _hour(at: time) -> str:
    return f"{at.hour}h{at.minute:02d}" if at.minute else f"{at.hour}h"


def _match_hours_from_now(toks: list[_Tok], j: int, now: datetime) -> tuple[int, ParsedWhen] | None:
    """« dans 2 heures », « dans 2h », « in 2 hours »: now plus that, rounded up to 5 minutes."""
    if j >= len(toks) or toks[j].text not in {"dans", "in"} or j + 1 >= len(toks):
        return None
    nxt = toks[j + 1]
    count: int | None = None
    end = j + 2
    if nxt.kind == "time" and re.fullmatch(r"\d{1,2}h", nxt.text):
        count = int(nxt.text[:-1])
    elif _count(nxt.text, toks[j].text) is not None and j + 2 < len(toks) \
            and _UNITS.get(toks[j + 2].text) == "hours":
        count, end = _count(nxt.text, toks[j].text), j + 3
    if count is None or not 0 < count <= 48:
        return None
    at = now + timedelta(hours=count)
    at += timedelta(minutes=(-at.minute) % 5, seconds=-at.second, microseconds=-at.microsecond)
    return end, ParsedWhen.on(at.date(), at.time())


def _count(word: str, prev: str = "") -> int | None:
    if word.isdigit():
        return int(word)
    if word == "a" and prev == "in":
        return 1
    return _NUMBER_WORDS.get(word)


def _match_day(toks: list[_Tok], j: int, today: date) -> _Day | None:
    if j >= len(toks):
        return None
    tok = toks[j]
    word = tok.text
    if word in {"aujourdhui", "today"}:
        return _Day(j + 1, today)
    if word in {"demain", "tomorrow"}:
        return _Day(j + 1, today + timedelta(days=1))
    if _words(toks, j, "apres", "demain"):
        return _Day(j + 2, today + timedelta(days=2))
    if _words(toks, j, "day", "after", "tomorrow") or _words(toks, j, "surlendemain"):
        return _Day(j + (3 if word == "day" else 1), today + timedelta(days=2))
    return (_match_weekday(toks, j, today) or _match_offset(toks, j, today)
            or _match_period(toks, j, today) or _match_calendar(toks, j, today))


def _match_weekday(toks: list[_Tok], j: int, today: date) -> _Day | None:
    """« lundi », « ce lundi », « lundi prochain », « next monday », « jeudi 26 »: never today."""
    k = j + 1 if toks[j].text in {"ce", "this", "next"} else j
    if k >= len(toks) or toks[k].text not in _WEEKDAY_WORDS:
        return None
    weekday = _WEEKDAY_WORDS[toks[k].text]
    end = k + 1
    if end < len(toks) and toks[end].text in {"prochain", "prochaine"}:
        end += 1
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    day = today + timedelta(days=ahead)
    dated = _match_calendar(toks, end, today) if end < len(toks) else None
    if dated is None and end < len(toks) and toks[end].kind == "num":
        dated = _day_of_month(toks, end, today)
    if dated is None:
        return _Day(end, day)
    if dated.day is None:
        return dated
    if dated.day.weekday() != weekday:
        return _Day(dated.end, None, _refused(
            "Le {day} est un {weekday}, pas un {named}.", day=f"{dated.day:%d/%m/%Y}",
            weekday=WEEKDAYS_FR[dated.day.weekday()], named=WEEKDAYS_FR[weekday],
            weekday_en=WEEKDAYS_EN[dated.day.weekday()], named_en=WEEKDAYS_EN[weekday]))
    return dated


def _match_offset(toks: list[_Tok], j: int, today: date) -> _Day | None:
    """« dans 3 jours », « 2 semaines », « in a month », « j+3 »."""
    if _words(toks, j, "j", "+") and j + 2 < len(toks) and toks[j + 2].kind == "num":
        return _Day(j + 3, today + timedelta(days=int(toks[j + 2].text)))
    k = j + 1 if toks[j].text in {"dans", "in"} else j
    if k >= len(toks):
        return None
    if toks[k].text in {"une", "a"} and _words(toks, k + 1, "quinzaine"):
        return _Day(k + 2, today + timedelta(days=14))
    if k + 1 >= len(toks):
        return None
    count = _count(toks[k].text, toks[k - 1].text if k > j else "")
    unit = _UNITS.get(toks[k + 1].text)
    if count is None or unit is None or unit == "hours":
        return None
    if k == j and (toks[k].kind != "num" or unit not in {"days", "weeks"}):
        return None  # « deux jours », « 45 ans » alone are too loose in a sentence: « dans 2 mois »
    if unit == "days" and toks[k].text in _IDIOM_DAYS:
        count = _IDIOM_DAYS[toks[k].text]
    if count > 3660:
        return _Day(k + 2, None, _refused("C'est trop loin : au plus quelques années."))
    step = {"days": relativedelta(days=count), "weeks": relativedelta(weeks=count),
            "months": relativedelta(months=count), "years": relativedelta(years=count)}[unit]
    return _Day(k + 2, today + step)


def _match_period(toks: list[_Tok], j: int, today: date) -> _Day | None:
    """« fin du mois », « fin de semaine », « semaine prochaine », « mois prochain » and English."""
    for words in (("fin", "du", "mois"), ("fin", "de", "mois"), ("fin", "mois"), ("end", "of", "month"),
                  ("end", "of", "the", "month")):
        if _words(toks, j, *words):
            return _Day(j + len(words), _end_of_month(today))
    for words in (("fin", "de", "semaine"), ("fin", "de", "la", "semaine"), ("fin", "semaine"),
                  ("end", "of", "week"), ("end", "of", "the", "week")):
        if _words(toks, j, *words):
            return _Day(j + len(words), _end_of_week(today))
    for words in (("semaine", "prochaine"), ("la", "semaine", "prochaine"), ("next", "week")):
        if _words(toks, j, *words):
            monday = today + timedelta(days=7 - today.weekday())
            return _Day(j + len(words), working_day_on_or_after(monday))
    for words in (("mois", "prochain"), ("le", "mois", "prochain"), ("next", "month")):
        if _words(toks, j, *words):
            first = today.replace(day=1) + relativedelta(months=1)
            return _Day(j + len(words), working_day_on_or_after(first))
    return None


def _end_of_month(today: date) -> date:
    """The last working day of this month, or of the next one when this one is over."""
    last = working_day_on_or_before(today + relativedelta(day=31))
    if last < today:
        last = working_day_on_or_before(today + relativedelta(months=1, day=31))
    return last


def _end_of_week(today: date) -> date:
    """The last working day of this week (Friday, unless a holiday), or of next week after it."""
    friday = today + timedelta(days=4 - today.weekday())
    last = working_day_on_or_before(friday)
    if last < today:
        last = working_day_on_or_before(friday + timedelta(days=7))
    return last


def _match_calendar(toks: list[_Tok], j: int, today: date) -> _Day | None:
    """« 15/03 », « 15/3/27 », « 15/03/2027 », « 15 mars », « le 15 »."""
    tok = toks[j]
    if tok.kind == "date":
        return _numeric_date(tok.text, j + 1, today)
    if tok.kind != "num":
        if tok.text == "le" and j + 1 < len(toks) and toks[j + 1].kind == "num":
            return _day_of_month(toks, j + 1, today)
        return None
    k = j + 1
    if k < len(toks) and toks[k].text in {"er", "st", "nd", "rd", "th"}:
        k += 1
    if k < len(toks) and toks[k].text in _MONTH_WORDS:
        month = _MONTH_WORDS[toks[k].text]
        year: int | None = None
        end = k + 1
        if end < len(toks) and toks[end].kind == "num" and len(toks[end].text) == 4:
            year, end = int(toks[end].text), end + 1
        return _dated(int(tok.text), month, year, end, today)
    if j > 0 and toks[j - 1].text == "le":
        return _day_of_month(toks, j, today)
    return None


def _day_of_month(toks: list[_Tok], j: int, today: date) -> _Day | None:
    """« le 15 »: the next 15th, this month or a later one."""
    number = int(toks[j].text)
    end = j + 1
    if end < len(toks) and toks[end].text in {"e", "eme", "ieme"}:
        return None  # « le 2e essai »: an ordinal, not a day
    if end < len(toks) and toks[end].text in {"er", "st", "nd", "rd", "th"}:
        end += 1
    if not 1 <= number <= 31:
        return _Day(end, None, _refused("Il n'y a pas de jour {number} dans un mois.", number=number))
    month = today.replace(day=1)
    for _ in range(13):
        try:
            candidate = month.replace(day=number)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return _Day(end, candidate)
        month += relativedelta(months=1)
    return None  # pragma: no cover - every day 1..31 comes back within a year


def _numeric_date(text: str, end: int, today: date) -> _Day:
    parts = [int(p) for p in re.split(r"[/.-]", text)]
    year: int | None = None
    if len(parts) == 3:
        year = parts[2] + 2000 if parts[2] < 100 else parts[2]
        if year < 1900:
            return _Day(end, None, _refused("Je ne comprends pas l'année de « {date} ».", date=text))
    return _dated(parts[0], parts[1], year, end, today)


def _dated(day: int, month: int, year: int | None, end: int, today: date) -> _Day:
    """A day and month, in ``year`` or else the next time it comes round (this year or later)."""
    shown = f"{day:02d}/{month:02d}"
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return _Day(end, None, _refused("Le {date} n'existe pas (jour/mois, comme en France).", date=shown))
    if year is not None:
        try:
            return _Day(end, date(year, month, day))
        except ValueError:
            return _Day(end, None, _refused("Le {date} n'existe pas.", date=f"{shown}/{year}"))
    for candidate_year in range(today.year, today.year + 9):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return _Day(end, candidate)
    return _Day(end, None, _refused("Le {date} n'existe pas.", date=shown))


def _match_time(toks: list[_Tok], j: int, *, bare_ok: bool) -> _Time | None:
    """« 14h », « 14h30 », « 14:30 », « 2pm », « à 14 », « midi », « matin »; None when no hour."""
    k = j
    lead = False
    while k < len(toks) and toks[k].text in _AT_WORDS and k - j < 2:
        k += 1
        lead = True
    if k >= len(toks):
        return None
    tok = toks[k]
    if tok.kind == "time":
        return _clock(tok.text, k + 1)
    if tok.text in _PARTS_OF_DAY:
        return _Time(k + 1, _PARTS_OF_DAY[tok.text])
    if _words(toks, k, "apres", "midi"):
        return _Time(k + 2, time(14))
    if tok.kind == "num" and lead and bare_ok and toks[j].text in {"a", "at", "vers"} and len(tok.text) <= 2:
        return _clock(tok.text + "h", k + 1)
    return None


def _clock(text: str, end: int) -> _Time:
    m = re.fullmatch(r"(\d{1,2})(?:[h:](\d{2})?)?(am|pm)?", text)
    if m is None:  # pragma: no cover - the tokenizer only lets clock shapes through
        return _Time(end, None, _refused("« {hour} » n'est pas une heure.", hour=text))
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            return _Time(end, None, _refused("« {hour} » n'est pas une heure valide.", hour=text))
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return _Time(end, None, _refused("« {hour} » n'est pas une heure valide (0h à 23h59).", hour=text))
    return _Time(end, time(hour, minute))
