"""What the rules engine reads: facts whose anchor date falls in a window, and client context.

Each anchor (``financing.end_on``, ``vehicle.delivered_on``...) is one indexed range query, so
a run reads only the few rows whose date can give a reminder in the window, never a whole table.
A fact carries the values a rule's conditions and message use, by name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

Value = str | int | None
Wanted = frozenset[str] | None  # the values a rule uses; None: all
Since = str | None  # only the rows written at or after this instant (YYYY-MM-DDTHH:MM:SS); None: all
# SQLite's month arithmetic rolls 31 August + 6 months over to 3 March where relativedelta
# stops at 28 February: widen the SQL window by this much and filter exactly in Python.
_SQL_MONTH_SLACK = timedelta(days=4)
_CHUNK = 900  # bound parameters per IN (...) query


@dataclass(frozen=True, slots=True)
class Fact:
    """One subject (a financing, a vehicle, a lead...) with its anchor date and named values."""

    subject_kind: str
    subject_id: int
    client_id: int
    anchor_on: date
    status: str
    assigned_user_id: int | None
    values: Mapping[str, Value]


@dataclass(frozen=True, slots=True)
class ClientContext:
    """What the engine needs of a client: consent, contract, value, owner."""

    client_id: int
    name: str
    company: str
    consent_phone: str
    has_active_contract: bool
    abc_segment: str | None
    assigned_user_id: int | None
    anonymized: bool


@dataclass(frozen=True, slots=True)
class Anchor:
    """A date a rule can count from: its subject, the values it offers, and how to read it."""

    name: str
    subject_kind: str
    fields: tuple[str, ...]
    read: Callable[[sqlite3.Connection, date, date, Wanted, Since], list[Fact]]


_VEHICLE_FIELDS = ("make", "model", "plate", "mileage", "delivered_on", "first_registration_on")


def _iso(day: date) -> str:
    return day.isoformat()


def _end_of(day: date) -> str:
    """Upper bound for an instant column (``YYYY-MM-DDTHH:MM:SS``) on ``day``."""
    return day.isoformat() + "T99"


def _written_since(columns: tuple[str, ...], since: Since) -> tuple[str, tuple[Value, ...]]:
    """``AND (a.updated_at >= ? OR ...)`` over the rows a fact is made of, when ``since`` is
    given: the rows whose change could make a fact meet a rule it did not meet before."""
    if since is None:
        return "", ()
    tests = " OR ".join(f"{column} >= ?" for column in columns)
    return f" AND ({tests})", (since,) * len(columns)


def _facts(
    conn: sqlite3.Connection,
    kind: str,
    sql: str,
    params: tuple[Value, ...],
    anchor: str,
    names: tuple[str, ...],
) -> list[Fact]:
    """Run ``sql`` and build one fact per row; columns are found by name once per query."""
    cursor = conn.execute(sql, params)
    rows = cursor.fetchall()
    position = {column[0]: index for index, column in enumerate(cursor.description)}
    at_id, at_client, at_status, at_user, at_anchor = (
        position[name] for name in ("id", "client_id", "status", "assigned_user_id", anchor)
    )
    named = [(name, position[name]) for name in names]
    fromiso = date.fromisoformat
    return [
        Fact(
            kind,
            row[at_id],
            row[at_client],
            fromiso(row[at_anchor][:10]),
            row[at_status],
            row[at_user],
            {name: row[index] for name, index in named},
        )
        for row in rows
    ]


_FINANCING_SELECT = """
SELECT f.id, f.client_id, f.status, NULL AS assigned_user_id, f.mode, f.lender, f.start_on,
       f.duration_months, f.end_on, v.make, v.model, v.plate, v.mileage, v.delivered_on,
       v.first_registration_on
FROM financings f LEFT JOIN vehicles v ON v.id = f.vehicle_id
"""
_FINANCING_FIELDS = ("mode", "lender", "start_on", "duration_months", "end_on", *_VEHICLE_FIELDS)


def _financing_end(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    written, params = _written_since(("f.updated_at",), since)
    return _facts(
        conn,
        "financing",
        _FINANCING_SELECT + " WHERE f.end_on BETWEEN ? AND ?" + written,
        (_iso(first), _iso(last), *params),
        "end_on",
        _FINANCING_FIELDS,
    )


def _financing_middle(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    """Contracts at half their duration (start + duration // 2 months, relativedelta)."""
    written, params = _written_since(("f.updated_at",), since)
    facts = _facts(
        conn,
        "financing",
        _FINANCING_SELECT
        + " WHERE date(f.start_on, '+' || (f.duration_months / 2) || ' months') BETWEEN ? AND ?"
        + written,
        (_iso(first - _SQL_MONTH_SLACK), _iso(last + _SQL_MONTH_SLACK), *params),
        "start_on",
        _FINANCING_FIELDS,
    )
    middles = []
    for fact in facts:
        middle = fact.anchor_on + relativedelta(
            months=int(fact.values["duration_months"] or 0) // 2
        )
        if first <= middle <= last:
            values = {**fact.values, "middle_on": middle.isoformat()}
            middles.append(replace(fact, anchor_on=middle, values=values))
    return middles


_VEHICLE_SELECT = """
SELECT v.id, v.client_id, v.status, NULL AS assigned_user_id, v.make, v.model, v.plate,
       v.mileage, v.delivered_on, v.first_registration_on, v.condition, v.sold_here,
       {last_workshop} AS last_workshop_on
FROM vehicles v
"""
_LAST_WORKSHOP = "(SELECT max(r.opened_on) FROM repair_orders r WHERE r.vehicle_id = v.id)"


def _vehicle_select(wanted: Wanted) -> str:
    """The vehicle query, with the last workshop visit only when the rule uses it (one index
    probe per vehicle: the dearest column of a full run)."""
    needs_visit = wanted is None or "last_workshop_on" in wanted
    return _VEHICLE_SELECT.format(last_workshop=_LAST_WORKSHOP if needs_visit else "NULL")


_VEHICLE_ALL_FIELDS = (*_VEHICLE_FIELDS, "condition", "sold_here", "last_workshop_on")


def _vehicle_delivered(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    written, params = _written_since(("v.updated_at",), since)
    return _facts(
        conn,
        "vehicle",
        _vehicle_select(wanted)
        + " WHERE v.delivered_on BETWEEN ? AND ? AND v.client_id IS NOT NULL" + written,
        (_iso(first), _iso(last), *params),
        "delivered_on",
        _VEHICLE_ALL_FIELDS,
    )


def _vehicle_registered(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    written, params = _written_since(("v.updated_at",), since)
    return _facts(
        conn,
        "vehicle",
        _vehicle_select(wanted)
        + " WHERE v.first_registration_on BETWEEN ? AND ? AND v.client_id IS NOT NULL" + written,
        (_iso(first), _iso(last), *params),
        "first_registration_on",
        _VEHICLE_ALL_FIELDS,
    )


def _vehicle_last_repair_order(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    """Vehicles whose latest repair order was opened in the window.

    Reads the repair orders of the window by date, then keeps those no later order follows
    (one probe of the (vehicle_id, opened_on) index each): never a scan of all orders.
    """
    written, params = _written_since(("ro.updated_at", "v.updated_at"), since)
    return _facts(
        conn,
        "vehicle",
        """
        SELECT v.id, v.client_id, v.status, NULL AS assigned_user_id, v.make, v.model, v.plate,
               coalesce(ro.mileage, v.mileage) AS mileage, v.delivered_on,
               v.first_registration_on, ro.number, ro.opened_on AS last_workshop_on
        FROM repair_orders ro JOIN vehicles v ON v.id = ro.vehicle_id
        WHERE ro.opened_on BETWEEN ? AND ? AND v.client_id IS NOT NULL"""
        + written
        + """
          AND NOT EXISTS (SELECT 1 FROM repair_orders later
                          WHERE later.vehicle_id = ro.vehicle_id
                            AND (later.opened_on > ro.opened_on
                                 OR (later.opened_on = ro.opened_on AND later.id > ro.id)))
        """,
        (_iso(first), _iso(last), *params),
        "last_workshop_on",
        (*_VEHICLE_FIELDS, "number", "last_workshop_on"),
    )


def _repair_order_opened(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    fields = ("number", "opened_on", "kind", "revenue_cents", *_VEHICLE_FIELDS)
    written, params = _written_since(("ro.updated_at", "v.updated_at"), since)
    return _facts(
        conn,
        "repair_order",
        """
        SELECT ro.id, coalesce(ro.client_id, v.client_id) AS client_id, 'open' AS status,
               NULL AS assigned_user_id, ro.number, ro.opened_on, ro.kind, ro.revenue_cents,
               coalesce(ro.mileage, v.mileage) AS mileage, v.make, v.model, v.plate,
               v.delivered_on, v.first_registration_on
        FROM repair_orders ro LEFT JOIN vehicles v ON v.id = ro.vehicle_id
        WHERE ro.opened_on BETWEEN ? AND ? AND coalesce(ro.client_id, v.client_id) IS NOT NULL
        """ + written,
        (_iso(first), _iso(last), *params),
        "opened_on",
        fields,
    )


def _lead_received(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    written, params = _written_since(("updated_at",), since)
    return _facts(
        conn,
        "lead",
        """
        SELECT id, client_id, status, assigned_user_id, source, subject,
               substr(received_at, 1, 10) AS received_on
        FROM leads WHERE received_at BETWEEN ? AND ?
        """ + written,
        (_iso(first), _end_of(last), *params),
        "received_on",
        ("source", "subject", "received_on"),
    )


def _proposal_handed(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    fields = ("vehicle_offered", "amount_cents", "handed_on", "last_contact_on")
    written, params = _written_since(("p.updated_at",), since)
    return _facts(
        conn,
        "proposal",
        """
        SELECT p.id, p.client_id, p.status, p.user_id AS assigned_user_id, p.vehicle_offered,
               p.amount_cents, p.handed_on,
               (SELECT max(substr(c.at, 1, 10)) FROM contacts c
                WHERE c.client_id = p.client_id) AS last_contact_on
        FROM proposals p WHERE p.handed_on BETWEEN ? AND ?
        """ + written,
        (_iso(first), _iso(last), *params),
        "handed_on",
        fields,
    )


_COMPLAINT_SELECT = """
SELECT id, client_id, status, NULL AS assigned_user_id, channel, subject, opened_on, resolved_on
FROM complaints
"""
_COMPLAINT_FIELDS = ("channel", "subject", "opened_on", "resolved_on")


def _complaint_opened(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    written, params = _written_since(("updated_at",), since)
    return _facts(
        conn,
        "complaint",
        _COMPLAINT_SELECT + " WHERE opened_on BETWEEN ? AND ?" + written,
        (_iso(first), _iso(last), *params),
        "opened_on",
        _COMPLAINT_FIELDS,
    )


def _complaint_resolved(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    written, params = _written_since(("updated_at",), since)
    return _facts(
        conn,
        "complaint",
        _COMPLAINT_SELECT + " WHERE resolved_on BETWEEN ? AND ?" + written,
        (_iso(first), _iso(last), *params),
        "resolved_on",
        _COMPLAINT_FIELDS,
    )


def _client_updated(
    conn: sqlite3.Connection, first: date, last: date, wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    fields = ("last_name", "first_name", "company", "updated_on", "last_contact_on")
    written, params = _written_since(("updated_at",), since)
    return _facts(
        conn,
        "client",
        """
        SELECT id, id AS client_id, kind AS status, assigned_user_id, last_name, first_name,
               company, substr(updated_at, 1, 10) AS updated_on, last_contact_on
        FROM clients WHERE updated_at BETWEEN ? AND ? AND anonymized_at IS NULL
        """ + written,
        (_iso(first), _end_of(last), *params),
        "updated_on",
        fields,
    )


ANCHORS: dict[str, Anchor] = {
    anchor.name: anchor
    for anchor in (
        Anchor("financing.end_on", "financing", _FINANCING_FIELDS, _financing_end),
        Anchor(
            "financing.middle_on", "financing", (*_FINANCING_FIELDS, "middle_on"), _financing_middle
        ),
        Anchor("vehicle.delivered_on", "vehicle", _VEHICLE_ALL_FIELDS, _vehicle_delivered),
        Anchor(
            "vehicle.first_registration_on", "vehicle", _VEHICLE_ALL_FIELDS, _vehicle_registered
        ),
        Anchor(
            "vehicle.last_repair_order_on",
            "vehicle",
            (*_VEHICLE_FIELDS, "number", "last_workshop_on"),
            _vehicle_last_repair_order,
        ),
        Anchor(
            "repair_order.opened_on",
            "repair_order",
            ("number", "opened_on", "kind", "revenue_cents", *_VEHICLE_FIELDS),
            _repair_order_opened,
        ),
        Anchor("lead.received_on", "lead", ("source", "subject", "received_on"), _lead_received),
        Anchor(
            "proposal.handed_on",
            "proposal",
            ("vehicle_offered", "amount_cents", "handed_on", "last_contact_on"),
            _proposal_handed,
        ),
        Anchor("complaint.opened_on", "complaint", _COMPLAINT_FIELDS, _complaint_opened),
        Anchor("complaint.resolved_on", "complaint", _COMPLAINT_FIELDS, _complaint_resolved),
        Anchor(
            "client.updated_on",
            "client",
            ("last_name", "first_name", "company", "updated_on", "last_contact_on"),
            _client_updated,
        ),
    )
}


def facts_between(
    conn: sqlite3.Connection,
    anchor: str,
    first: date,
    last: date,
    wanted: Wanted = None,
    since: Since = None,
) -> list[Fact]:
    """The facts whose ``anchor`` date falls in ``[first, last]`` (``KeyError``: no such
    anchor). ``wanted`` names the values the caller uses; a dear one not wanted is None.
    ``since``: only the facts one of whose rows was written at or after that instant."""
    return ANCHORS[anchor].read(conn, first, last, wanted, since)


def client_contexts(
    conn: sqlite3.Connection, client_ids: Iterable[int], today: date
) -> dict[int, ClientContext]:
    """Consent, ongoing contract (an active financing ending on or after ``today``), ABC
    segment and owner of each client, by id; clients that do not exist are absent."""
    ids = sorted(set(client_ids))
    contexts: dict[int, ClientContext] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""
            SELECT c.id, c.last_name, c.first_name, c.company, c.consent_phone, c.abc_segment,
                   c.assigned_user_id, c.anonymized_at IS NOT NULL,
                   EXISTS (SELECT 1 FROM financings f WHERE f.client_id = c.id
                           AND f.status = 'active' AND f.end_on >= ?)
            FROM clients c WHERE c.id IN ({marks})
            """,
            (_iso(today), *chunk),
        ).fetchall()
        for (
            client_id,
            last_name,
            first_name,
            company,
            consent,
            abc,
            user_id,
            anonymized,
            contract,
        ) in rows:
            name = " ".join(p for p in (str(last_name).upper(), first_name) if p) or company
            contexts[client_id] = ClientContext(
                client_id=client_id,
                name=name,
                company=company,
                consent_phone=consent,
                has_active_contract=bool(contract),
                abc_segment=abc,
                assigned_user_id=user_id,
                anonymized=bool(anonymized),
            )
    return contexts
