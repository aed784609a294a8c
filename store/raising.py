"""Raising reminders set-based: one ``INSERT ... SELECT`` per rule, offset and window.

The engine decides in Python what depends only on dates (which anchor days give an occurrence
in the window, its working due day, validity, the words for its distance) and hands them over
as a small table of days; SQLite joins the facts of those anchor days to it, checks the rule's
conditions and the client's consent, writes the reasons in both languages and inserts, without
one row going through Python. A full run over a million clients is a few statements.

The words are the same as :func:`rules.messages.render` writes (dates dd/mm/yyyy, ``36 500 km``,
``1 234,56 €``, labels of modes and sources); the tests hold the two equal.
"""

from __future__ import annotations

import re
import sqlite3
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from operator import attrgetter
from typing import Literal

from store.db import write
from store.facts import ANCHORS, Since, add_months_sql
from store.rows import now_utc

Lang = Literal["fr", "en"]
Labels = Mapping[str, Mapping[str, Mapping[Lang, str]]]  # field -> value -> lang -> label
_BLANKS = re.compile(r"[ \t\n]{2,}")  # not \s: the thin spaces of "36 500,00 €" stay
# str.isspace() characters: a reason starting or ending with one of them is tidied in Python
_SPACES = (
    9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
    8287, 12288,
)
_NARROW_NBSP = "\u202f"
RUN_CACHE_KIB = 64 * 1024


def tidy_words(text: str) -> str:
    """A filled template with the runs of blanks left by missing values collapsed, trimmed."""
    return _BLANKS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class OccurrenceDay:
    """An anchor day that gives an occurrence in the window, due by the day of the run."""

    anchor_on: str
    occurrence_on: str
    due_on: str
    valid_until: str
    status: str  # open, or expired when its validity ended before the run's day
    anchor_date: str  # dd/mm/yyyy
    occurrence_date: str
    distance_fr: str  # « dans 2 mois »
    distance_en: str
    unseen_limit: str | None  # last workshop visit allowed for unseen_in_workshop_months
    age_limit: str | None  # latest start of a vehicle old enough for min_age_years


@dataclass(frozen=True, slots=True)
class Criteria:
    """A rule's conditions, as the store checks them (``rules.ruleset.Conditions``)."""

    status: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    no_contact_since_anchor: bool = False
    unseen_in_workshop: bool = False
    old_enough: bool = False  # the day's age_limit applies
    min_mileage_km: int | None = None
    min_duration_months: int | None = None
    sold_here: bool | None = None


@dataclass(frozen=True, slots=True)
class RaiseJob:
    """One rule at one offset over one window: the facts of the anchor days ``first`` to
    ``last`` (written since ``since``, when given) meeting ``criteria`` on ``days``."""

    rule_id: str
    anchor: str
    tier: int
    channel: str
    message_fr: str
    message_en: str
    criteria: Criteria
    first: date
    last: date
    since: Since
    days: Sequence[OccurrenceDay]
    canvassing: bool  # a sales call: held without consent (``rules.consent``)


@dataclass(frozen=True, slots=True)
class Wording:
    """What the store needs to word a reminder: the day of the run, labels, hold reasons."""

    today: date
    labels: Labels
    held_refused: str
    held_unknown: str


@dataclass(frozen=True, slots=True)
class Raised:
    """What a job found: occurrences meeting the rule, and of them the reminders inserted by
    (status, due before the day of the run, held)."""

    found: int
    inserted: Counter[tuple[str, bool, bool]]


# one column per OccurrenceDay field, in its order; the first, anchor_on, is the key
_DAY_FIELDS = tuple(f.name for f in dataclass_fields(OccurrenceDay))
_DAYS_TABLE = (
    f"CREATE TEMP TABLE IF NOT EXISTS relance_days ({_DAY_FIELDS[0]} TEXT PRIMARY KEY, "
    + ", ".join(f"{name} TEXT" for name in _DAY_FIELDS[1:]) + ")"
)
_INSERT_DAY = f"INSERT INTO temp.relance_days VALUES ({', '.join('?' * len(_DAY_FIELDS))})"
_day_row = attrgetter(*_DAY_FIELDS)


def prepare(conn: sqlite3.Connection, *, large: bool = False) -> None:
    """The connection's scratch tables (temporary: never in the file) and text functions;
    for a ``large`` run (a full one), a page cache that holds the reminders' indexes, written
    all over. (The app's daily run keeps SQLite's small default: its memory is the app's.
    Mapping the file in memory would save a quarter of a full run, but its pages would count
    in the process's memory: 1.5 GB on a million clients, against a budget of 300 MB.)"""
    conn.execute("PRAGMA temp_store = MEMORY")
    if large:
        conn.execute(f"PRAGMA cache_size = -{RUN_CACHE_KIB}")
    conn.execute(_DAYS_TABLE)
    conn.create_function("relance_tidy", 1, tidy_words, deterministic=True)
    conn.create_function("relance_upper", 1, str.upper, deterministic=True)


_INSERT = (
    "INSERT OR IGNORE INTO reminders (client_id, subject_id, occurrence_on, due_on, valid_until,"
    " reason, reason_en, status, held_reason, assigned_user_id, rule_id, subject_kind, tier,"
    " channel, created_at, updated_at, created_by, updated_by)"
)


def raise_reminders(conn: sqlite3.Connection, job: RaiseJob, wording: Wording) -> Raised:
    """Insert the reminders of ``job`` whose occurrence key is new (after :func:`prepare`).

    One ``INSERT OR IGNORE ... SELECT`` in its own write transaction: the rows inserted are
    those after the largest id before it, which the same transaction tidies and counts. The
    lock is held while the facts are read: milliseconds for a day's run, a second or two for
    the largest rule of a full run over a million clients (other sessions' writes wait and
    retry, ``store.db.write``).
    """
    conn.execute("DELETE FROM temp.relance_days")
    conn.executemany(_INSERT_DAY, map(_day_row, job.days))
    found = 0

    def drafted(value: int) -> int:
        nonlocal found
        found += 1
        return value

    # not deterministic: SQLite calls it once per row the SELECT gives, inserted or known
    conn.create_function("relance_drafted", 1, drafted)
    sql, params = draft_query(job, wording, now_utc())
    inserted: Counter[tuple[str, bool, bool]] = Counter()
    with write(conn):
        before = conn.execute("SELECT coalesce(max(id), 0) FROM reminders").fetchone()[0]
        conn.execute(_INSERT + sql, params)
        conn.execute(
            "UPDATE reminders SET reason = relance_tidy(reason), reason_en = relance_tidy(reason_en)"
            f" WHERE id > ? AND ({_untidy('reason')} OR {_untidy('reason_en')})",
            (before,),
        )
        for status, late, held, count in conn.execute(
            "SELECT status, due_on < ?, held_reason != '', count(*) FROM reminders WHERE id > ?"
            " GROUP BY 1, 2, 3",
            (wording.today.isoformat(), before),
        ):
            inserted[(status, bool(late), bool(held))] = count
    return Raised(found, inserted)


def draft_query(job: RaiseJob, wording: Wording, now: str) -> tuple[str, tuple[object, ...]]:
    """The SELECT of the reminders of ``job``: one row per fact of an anchor day in
    ``temp.relance_days`` meeting the criteria, with its words and holding, stamped ``now``,
    in the order of ``_INSERT``'s columns."""
    anchor = ANCHORS[job.anchor]
    facts_sql, facts_params = anchor.query(job.first, job.last, job.since)
    fields = frozenset(anchor.fields)
    conditions, condition_params = _criteria(job.criteria, fields)
    fr, fr_params = _words(job.message_fr, "fr", fields, wording.labels)
    en, en_params = _words(job.message_en, "en", fields, wording.labels)
    held, held_params = _held(job.channel, job.canvassing, wording)
    sql = f"""
        SELECT relance_drafted(f.client_id), f.id, d.occurrence_on, d.due_on, d.valid_until,
               {fr}, {en}, d.status, {held}, coalesce(f.assigned_user_id, c.assigned_user_id),
               ?, ?, ?, ?, ?, ?, 'relance', 'relance'
        FROM ({facts_sql}) AS f
        JOIN temp.relance_days d ON d.anchor_on = f.anchor_on
        JOIN clients c ON c.id = f.client_id
        WHERE c.anonymized_at IS NULL AND {conditions}
    """
    constants = (job.rule_id, anchor.subject_kind, job.tier, job.channel, now, now)
    params = (*fr_params, *en_params, *held_params, *constants, *facts_params, *condition_params)
    return sql, params


def _held(channel: str, canvassing: bool, wording: Wording) -> tuple[str, tuple[object, ...]]:
    """Why a reminder may not be called (``rules.consent.phone_hold_reason``): refused phone
    consent; for a sales call, unknown consent of a consumer with no ongoing contract."""
    if channel != "phone":
        return "''", ()
    if not canvassing:
        return "CASE WHEN c.consent_phone = 'no' THEN ? ELSE '' END", (wording.held_refused,)
    return (
        """CASE WHEN c.consent_phone = 'no' THEN ?
               WHEN c.consent_phone = 'unknown' AND trim(c.company, ' ' || char(9, 10, 13)) = ''
                    AND NOT EXISTS (SELECT 1 FROM financings fi WHERE fi.client_id = c.id
                                    AND fi.status = 'active' AND fi.end_on >= ?)
               THEN ? ELSE '' END""",
        (wording.held_refused, wording.today.isoformat(), wording.held_unknown),
    )


def _criteria(criteria: Criteria, fields: frozenset[str]) -> tuple[str, tuple[object, ...]]:
    """SQL true when a fact meets ``criteria`` (``rules.conditions.meets``); a condition on a
    value the anchor does not offer judges it missing."""
    tests: list[str] = []
    params: list[object] = []

    def one_of(column: str, values: tuple[str, ...]) -> None:
        tests.append(f"{column} IN ({', '.join('?' * len(values))})")
        params.extend(values)

    if criteria.status:
        one_of("f.status", criteria.status)
    for name, values in (("mode", criteria.modes), ("source", criteria.sources)):
        if values:
            if name in fields:
                one_of(f"f.{name}", values)
            else:
                tests.append("0")
    if criteria.no_contact_since_anchor and "last_contact_on" in fields:
        tests.append("(f.last_contact_on IS NULL OR substr(f.last_contact_on, 1, 10) < f.anchor_on)")
    if criteria.unseen_in_workshop and "last_workshop_on" in fields:
        tests.append(
            "(f.last_workshop_on IS NULL OR substr(f.last_workshop_on, 1, 10) <= d.unseen_limit)"
        )
    if criteria.min_duration_months is not None:
        if "duration_months" in fields:
            tests.append("(typeof(f.duration_months) = 'integer' AND f.duration_months >= ?)")
            params.append(criteria.min_duration_months)
        else:
            tests.append("0")
    if criteria.sold_here is not None:
        sold = "coalesce(f.sold_here, 0) != 0" if "sold_here" in fields else "0"
        tests.append(f"({sold}) = ?")
        params.append(int(criteria.sold_here))
    alternatives: list[str] = []
    if criteria.old_enough:
        alternatives.append(f"{_age_start(fields)} <= d.age_limit")
    if criteria.min_mileage_km is not None:
        if "mileage" in fields:
            alternatives.append("(typeof(f.mileage) = 'integer' AND f.mileage >= ?)")
            params.append(criteria.min_mileage_km)
        else:
            alternatives.append("0")
    if alternatives:
        tests.append(f"({' OR '.join(alternatives)})")
    return " AND ".join(tests) or "1", tuple(params)


def _age_start(fields: frozenset[str]) -> str:
    """The date a vehicle's age counts from: first registration, else delivery."""
    starts = [
        f"nullif(substr(f.{name}, 1, 10), '')"
        for name in ("first_registration_on", "delivered_on")
        if name in fields
    ]
    return f"coalesce({', '.join(starts)}, NULL)" if starts else "NULL"


def _months_between_sql(start: str, end: str) -> str:
    """Whole months from ``start`` to a later or equal ``end`` (``rules.dates.months_between``)."""
    raw = (
        f"((CAST(substr({end}, 1, 4) AS INTEGER) - CAST(substr({start}, 1, 4) AS INTEGER)) * 12"
        f" + CAST(substr({end}, 6, 2) AS INTEGER) - CAST(substr({start}, 6, 2) AS INTEGER))"
    )
    return f"({raw} - ({add_months_sql(start, raw)} > {end}))"


def whole_years_sql(start: str, on: str) -> str:
    """Whole years from ``start`` to ``on`` (``rules.dates.whole_years``), both ``YYYY-MM-DD``."""
    return (
        f"(CASE WHEN {on} >= {start} THEN {_months_between_sql(start, on)} / 12"
        f" ELSE -({_months_between_sql(on, start)} / 12) END)"
    )


def _words(
    template: str, lang: Lang, fields: frozenset[str], labels: Labels
) -> tuple[str, tuple[object, ...]]:
    """SQL writing ``template`` for one fact in ``lang`` (to be tidied: ``_untidy``)."""
    parts: list[str] = []
    params: list[object] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append("?")
            params.append(literal)
        if name is not None:
            expression, more = _field(name, lang, fields, labels)
            parts.append(f"coalesce({expression}, '')")
            params.extend(more)
    return " || ".join(parts) or "''", tuple(params)


def _untidy(column: str) -> str:
    """SQL true when ``column`` (a filled template) has what ``tidy_words`` changes: a run of
    blanks, or a blank at either end (rare: left by a missing value, or typed in one)."""
    ends = ", ".join(map(str, _SPACES))
    return (
        f"(instr({column}, '  ') OR instr({column}, char(9)) OR instr({column}, char(10))"
        f" OR unicode({column}) IN ({ends}) OR unicode(substr({column}, -1)) IN ({ends}))"
    )


def _field(
    name: str, lang: Lang, fields: frozenset[str], labels: Labels
) -> tuple[str, tuple[object, ...]]:
    """SQL of one template field (``rules.messages.message_values``)."""
    if name in ("anchor_date", "occurrence_date"):
        return f"d.{name}", ()
    if name == "distance":
        return f"d.distance_{lang}", ()
    if name == "client":
        last = "relance_upper(c.last_name)"
        return (
            f"CASE WHEN {last} != '' AND c.first_name != '' THEN {last} || ' ' || c.first_name"
            f" WHEN {last} != '' THEN {last} WHEN c.first_name != '' THEN c.first_name"
            " ELSE c.company END",
            (),
        )
    if name == "vehicle":
        make = "coalesce(f.make, '')" if "make" in fields else "''"
        model = "coalesce(f.model, '')" if "model" in fields else "''"
        offered = "coalesce(f.vehicle_offered, '')" if "vehicle_offered" in fields else "''"
        return (
            f"CASE WHEN {make} != '' AND {model} != '' THEN {make} || ' ' || {model}"
            f" WHEN {make} != '' THEN {make} WHEN {model} != '' THEN {model} ELSE {offered} END",
            (),
        )
    if name == "age_years":
        start = _age_start(fields)
        return f"CASE WHEN {start} IS NULL THEN '' ELSE {whole_years_sql(start, 'd.occurrence_on')} END", ()
    if name in labels:
        if name not in fields:
            return "''", ()
        cases = [(value, words.get(lang, value)) for value, words in labels[name].items()]
        whens = " ".join("WHEN ? THEN ?" for _ in cases)
        return f"CASE f.{name} {whens} ELSE f.{name} END", tuple(x for pair in cases for x in pair)
    key = name[:-5] + "_on" if name.endswith("_date") else name
    if key not in fields:
        return "''", ()
    column = f"f.{key}"
    if key.endswith("_on"):
        return f"coalesce(strftime('%d/%m/%Y', substr({column}, 1, 10)), {column})", ()
    separator = _NARROW_NBSP if lang == "fr" else ","
    if key == "mileage":
        return (
            f"CASE WHEN typeof({column}) = 'integer'"
            f" THEN replace(printf('%,d', {column}), ',', ?) || ' km' ELSE {column} END",
            (separator,),
        )
    if key.endswith("_cents"):
        euros = f"printf('%,d', abs({column}) / 100) || '.' || printf('%02d', abs({column}) % 100)"
        if lang == "fr":
            euros = f"replace(replace({euros}, ',', ?), '.', ',')"
        sign = f"CASE WHEN {column} < 0 THEN '-' ELSE '' END"
        return (
            f"CASE WHEN typeof({column}) = 'integer' THEN {sign} || {euros} || ' €'"
            f" ELSE {column} END",
            (separator,) if lang == "fr" else (),
        )
    return column, ()
