"""What the rules engine reads: facts whose anchor date falls in a window, and client context.

Each anchor (``financing.end_on``, ``vehicle.delivered_on``...) is one indexed range query, so
a run reads only the few rows whose date can give a reminder in the window, never a whole table.
A fact carries the values a rule's conditions and message use, by name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

Value = str | int | None
Since = str | None  # only the rows written at or after this instant (YYYY-MM-DDTHH:MM:SS); None: all
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


Query = tuple[str, tuple[Value, ...]]


@dataclass(frozen=True, slots=True)
class Anchor:
    """A date a rule can count from: its subject, the values it offers, and how to select them.

    ``query(first, last, since)`` is one SELECT of the facts whose anchor date falls in
    ``[first, last]``, with the columns ``id, client_id, status, assigned_user_id, anchor_on``
    (``YYYY-MM-DD``) and one per field: the engine reads it row by row or runs it inside an
    ``INSERT ... SELECT``.
    """

    name: str
    subject_kind: str
    fields: tuple[str, ...]
    query: Callable[[date, date, Since], Query]


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


def _between(
    select: str, condition: str, bounds: tuple[str, str], written: tuple[str, ...], since: Since
) -> Query:
    """``select`` restricted to ``condition`` (two ``?`` for the bounds) and, with ``since``,
    to the facts one of whose ``written`` rows changed since."""
    extra, params = _written_since(written, since)
    return f"{select} WHERE {condition}{extra}", (*bounds, *params)


def _facts(conn: sqlite3.Connection, kind: str, query: Query, names: tuple[str, ...]) -> list[Fact]:
    """Run ``query`` and build one fact per row; columns are found by name once per query."""
    cursor = conn.execute(*query)
    rows = cursor.fetchall()
    position = {column[0]: index for index, column in enumerate(cursor.description)}
    at_id, at_client, at_status, at_user, at_anchor = (
        position[name] for name in ("id", "client_id", "status", "assigned_user_id", "anchor_on")
    )
    named = [(name, position[name]) for name in names]
    fromiso = date.fromisoformat
    return [
        Fact(
            kind,
            row[at_id],
            row[at_client],
            fromiso(row[at_anchor]),
            row[at_status],
            row[at_user],
            {name: row[index] for name, index in named},
        )
        for row in rows
    ]


def add_months_sql(day: str, months: str) -> str:
    """SQL for ``day`` (a ``YYYY-MM-DD`` expression) moved by ``months`` (an integer
    expression) as ``relativedelta`` does it: a day past the month's end is clamped to it,
    where SQLite's own ``'+N months'`` rolls 31 August + 6 months over to 3 March."""
    first = f"date({day}, 'start of month', ({months}) || ' months')"
    return (
        f"min(date({first}, (CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days'),"
        f" date({first}, '+1 month', '-1 day'))"
    )


_FINANCING_SELECT = """
SELECT f.id, f.client_id, f.status, NULL AS assigned_user_id, {anchor} AS anchor_on, f.mode,
       f.lender, f.start_on, f.duration_months, f.end_on, {middle} AS middle_on, v.make, v.model,
       v.plate, v.mileage, v.delivered_on, v.first_registration_on
FROM financings f LEFT JOIN vehicles v ON v.id = f.vehicle_id
"""
_FINANCING_FIELDS = ("mode", "lender", "start_on", "duration_months", "end_on", *_VEHICLE_FIELDS)
_MIDDLE = add_months_sql("f.start_on", "f.duration_months / 2")


def _financing_end(first: date, last: date, since: Since) -> Query:
    return _between(
        _FINANCING_SELECT.format(anchor="f.end_on", middle="NULL"), "f.end_on BETWEEN ? AND ?",
        (_iso(first), _iso(last)), ("f.updated_at",), since,
    )


def _financing_middle(first: date, last: date, since: Since) -> Query:
    """Contracts at half their duration (start + duration // 2 months, clamped as relativedelta
    clamps): a range of the financings_middle index, whose expression this is."""
    return _between(
        _FINANCING_SELECT.format(anchor=_MIDDLE, middle=_MIDDLE), f"{_MIDDLE} BETWEEN ? AND ?",
        (_iso(first), _iso(last)), ("f.updated_at",), since,
    )


_VEHICLE_SELECT = """
SELECT v.id, v.client_id, v.status, NULL AS assigned_user_id, {anchor} AS anchor_on, v.make,
       v.model, v.plate, v.mileage, v.delivered_on, v.first_registration_on, v.condition,
       v.sold_here,
       (SELECT max(r.opened_on) FROM repair_orders r WHERE r.vehicle_id = v.id) AS last_workshop_on
FROM vehicles v
"""
_VEHICLE_ALL_FIELDS = (*_VEHICLE_FIELDS, "condition", "sold_here", "last_workshop_on")


def _vehicle_delivered(first: date, last: date, since: Since) -> Query:
    return _between(
        _VEHICLE_SELECT.format(anchor="v.delivered_on"),
        "v.delivered_on BETWEEN ? AND ? AND v.client_id IS NOT NULL",
        (_iso(first), _iso(last)), ("v.updated_at",), since,
    )


def _vehicle_registered(first: date, last: date, since: Since) -> Query:
    return _between(
        _VEHICLE_SELECT.format(anchor="v.first_registration_on"),
        "v.first_registration_on BETWEEN ? AND ? AND v.client_id IS NOT NULL",
        (_iso(first), _iso(last)), ("v.updated_at",), since,
    )


_LAST_REPAIR_ORDER_SELECT = """
SELECT v.id, v.client_id, v.status, NULL AS assigned_user_id, ro.opened_on AS anchor_on, v.make,
       v.model, v.plate, coalesce(ro.mileage, v.mileage) AS mileage, v.delivered_on,
       v.first_registration_on, ro.number, ro.opened_on AS last_workshop_on
FROM repair_orders ro JOIN vehicles v ON v.id = ro.vehicle_id
"""


def _vehicle_last_repair_order(first: date, last: date, since: Since) -> Query:
    """Vehicles whose latest repair order was opened in the window.

    Reads the repair orders of the window by date, then keeps those no later order follows
    (one probe of the (vehicle_id, opened_on) index each): never a scan of all orders. The probe
    names ``v.id``, not ``ro.vehicle_id``: SQLite then makes it after joining the vehicle, once
    the cheap tests (an owner; with ``since``, a row written since) have kept the row.
    """
    return _between(
        _LAST_REPAIR_ORDER_SELECT,
        """ro.opened_on BETWEEN ? AND ? AND v.client_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM repair_orders later
                          WHERE later.vehicle_id = v.id
                            AND (later.opened_on > ro.opened_on
                                 OR (later.opened_on = ro.opened_on AND later.id > ro.id)))""",
        (_iso(first), _iso(last)), ("ro.updated_at", "v.updated_at"), since,
    )


_REPAIR_ORDER_SELECT = """
SELECT ro.id, coalesce(ro.client_id, v.client_id) AS client_id, 'open' AS status,
       NULL AS assigned_user_id, ro.opened_on AS anchor_on, ro.number, ro.opened_on, ro.kind,
       ro.revenue_cents, coalesce(ro.mileage, v.mileage) AS mileage, v.make, v.model, v.plate,
       v.delivered_on, v.first_registration_on
FROM repair_orders ro LEFT JOIN vehicles v ON v.id = ro.vehicle_id
"""


def _repair_order_opened(first: date, last: date, since: Since) -> Query:
    return _between(
        _REPAIR_ORDER_SELECT,
        "ro.opened_on BETWEEN ? AND ? AND coalesce(ro.client_id, v.client_id) IS NOT NULL",
        (_iso(first), _iso(last)), ("ro.updated_at", "v.updated_at"), since,
    )


_LEAD_SELECT = """
SELECT id, client_id, status, assigned_user_id, substr(received_at, 1, 10) AS anchor_on, source,
       subject, substr(received_at, 1, 10) AS received_on
FROM leads
"""


def _lead_received(first: date, last: date, since: Since) -> Query:
    return _between(
        _LEAD_SELECT, "received_at BETWEEN ? AND ?", (_iso(first), _end_of(last)),
        ("updated_at",), since,
    )


_PROPOSAL_SELECT = """
SELECT p.id, p.client_id, p.status, p.user_id AS assigned_user_id, p.handed_on AS anchor_on,
       p.vehicle_offered, p.amount_cents, p.handed_on,
       (SELECT max(substr(c.at, 1, 10)) FROM contacts c
        WHERE c.client_id = p.client_id) AS last_contact_on
FROM proposals p
"""


def _proposal_handed(first: date, last: date, since: Since) -> Query:
    return _between(
        _PROPOSAL_SELECT, "p.handed_on BETWEEN ? AND ?", (_iso(first), _iso(last)),
        ("p.updated_at",), since,
    )


_COMPLAINT_SELECT = """
SELECT id, client_id, status, NULL AS assigned_user_id, {anchor} AS anchor_on, channel, subject,
       opened_on, resolved_on
FROM complaints
"""
_COMPLAINT_FIELDS = ("channel", "subject", "opened_on", "resolved_on")


def _complaint_opened(first: date, last: date, since: Since) -> Query:
    return _between(
        _COMPLAINT_SELECT.format(anchor="opened_on"), "opened_on BETWEEN ? AND ?",
        (_iso(first), _iso(last)), ("updated_at",), since,
    )


def _complaint_resolved(first: date, last: date, since: Since) -> Query:
    return _between(
        _COMPLAINT_SELECT.format(anchor="resolved_on"), "resolved_on BETWEEN ? AND ?",
        (_iso(first), _iso(last)), ("updated_at",), since,
    )


_CLIENT_SELECT = """
SELECT id, id AS client_id, kind AS status, assigned_user_id,
       substr(updated_at, 1, 10) AS anchor_on, last_name, first_name, company,
       substr(updated_at, 1, 10) AS updated_on, last_contact_on
FROM clients
"""


def _client_updated(first: date, last: date, since: Since) -> Query:
    return _between(
        _CLIENT_SELECT, "updated_at BETWEEN ? AND ? AND anonymized_at IS NULL",
        (_iso(first), _end_of(last)), ("updated_at",), since,
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
    since: Since = None,
) -> list[Fact]:
    """The facts whose ``anchor`` date falls in ``[first, last]`` (``KeyError``: no such
    anchor). ``since``: only the facts one of whose rows was written at or after that instant."""
    found = ANCHORS[anchor]
    return _facts(conn, found.subject_kind, found.query(first, last, since), found.fields)


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
