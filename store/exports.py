"""Exports: clients, vehicles and the queue as CSV that French Excel opens as is (``;``, UTF-8
with BOM, dd/mm/yyyy, decimal comma) or as JSON (ISO dates, integer cents), streamed.

CSV headings are the ones ``relance import`` recognises, so an export can be imported back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from store.csvfiles import excel_writer, spreadsheet_text
from store.normalize import display_phone
from store.queue import queue_page

FETCH = 2000


@dataclass(frozen=True, slots=True)
class ExportColumn:
    """A field of the export: its JSON key, its CSV heading, and how CSV writes it."""

    key: str
    heading: str
    kind: str = "text"  # text, date, cents, phone


def _column(key: str, heading: str, kind: str = "text") -> ExportColumn:
    return ExportColumn(key, heading, kind)


CLIENT_COLUMNS: tuple[ExportColumn, ...] = (
    _column("id", "Id Relance"), _column("external_id", "N° client"), _column("kind", "Type"),
    _column("civility", "Civilité"), _column("last_name", "Nom"), _column("first_name", "Prénom"),
    _column("company", "Société"), _column("birth_year", "Année de naissance"),
    _column("phone", "Téléphone", "phone"), _column("phone2", "Téléphone 2", "phone"),
    _column("email", "Email"), _column("address", "Adresse"), _column("postcode", "Code postal"),
    _column("city", "Ville"), _column("origin", "Origine"),
    _column("consent_phone", "Consentement téléphone"), _column("consent_sms", "Consentement SMS"),
    _column("consent_email", "Consentement email"), _column("consent_post", "Consentement courrier"),
    _column("abc_segment", "Segment ABC"), _column("last_contact_on", "Dernier contact", "date"),
    _column("last_inbound_on", "Dernier contact entrant", "date"),
    _column("created_at", "Créé le", "date"), _column("updated_at", "Modifié le", "date"),
)

VEHICLE_COLUMNS: tuple[ExportColumn, ...] = (
    _column("id", "Id Relance"), _column("vin", "VIN"), _column("client_external_id", "N° client"),
    _column("client_id", "Id client"), _column("make", "Marque"), _column("model", "Modèle"),
    _column("version_name", "Version"), _column("energy", "Énergie"),
    _column("plate", "Immatriculation"), _column("first_registration_on", "Date MEC", "date"),
    _column("delivered_on", "Date livraison", "date"), _column("condition", "VN/VO"),
    _column("mileage", "Kilométrage"), _column("mileage_on", "Date kilométrage", "date"),
    _column("status", "Statut"),
)

QUEUE_COLUMNS: tuple[ExportColumn, ...] = (
    _column("reminder_id", "Id rappel"), _column("client_id", "Id client"),
    _column("client_name", "Client"), _column("tier", "Rang"), _column("rule", "Règle"),
    _column("reason", "Motif"), _column("due", "Échéance", "date"),
    _column("phone", "Téléphone", "phone"), _column("channel", "Canal"),
    _column("claimed_by", "Pris par"),
)
HELD_QUEUE_COLUMNS: tuple[ExportColumn, ...] = (*QUEUE_COLUMNS, _column("held_reason", "Retenu car"))


def _stream(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    while True:
        rows = cursor.fetchmany(FETCH)
        if not rows:
            return
        for row in rows:
            yield dict(zip(names, row, strict=True))


def client_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    names = ", ".join(c.key for c in CLIENT_COLUMNS)
    return _stream(conn, f"SELECT {names} FROM clients ORDER BY id")


def vehicle_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    names = ", ".join(f"v.{c.key}" for c in VEHICLE_COLUMNS if c.key != "client_external_id")
    return _stream(conn, f"SELECT {names}, c.external_id AS client_external_id FROM vehicles v"
                         " LEFT JOIN clients c ON c.id = v.client_id ORDER BY v.id")


def queue_rows(conn: sqlite3.Connection, today: date, user_login: str | None = None,
               held: bool = False) -> Iterator[dict[str, Any]]:
    """Today's queue as the app shows it: never a reminder the law holds back, unless ``held``
    asks for those alone (with the reason)."""
    for item in queue_page(conn, today, user_login=user_login, held=held, limit=1_000_000):
        yield {"reminder_id": item.reminder_id, "client_id": item.client_id,
               "client_name": item.client_name, "tier": item.tier, "rule": item.rule_id,
               "reason": item.reason, "due": item.due_on, "phone": item.phone,
               "channel": item.channel, "claimed_by": item.claimed_by,
               "held_reason": item.held_reason}


def csv_cell(value: Any, kind: str) -> str:
    """A value as French Excel reads it: dd/mm/yyyy, decimal comma, phones kept as text."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    if kind == "cents" and isinstance(value, int):
        sign = "-" if value < 0 else ""
        euros, cents = divmod(abs(value), 100)
        return f"{sign}{euros},{cents:02d}"
    if kind == "phone" and isinstance(value, str):
        return spreadsheet_text(display_phone(value))
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    return spreadsheet_text(str(value))


def write_csv(rows: Iterator[dict[str, Any]], columns: tuple[ExportColumn, ...], out: TextIO) -> int:
    """Write an Excel CSV (the stream must be UTF-8 with BOM); return the number of rows."""
    writer = excel_writer(out)
    writer.writerow([c.heading for c in columns])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(c.key), c.kind) for c in columns])
        count += 1
    return count


def write_json(rows: Iterator[dict[str, Any]], columns: tuple[ExportColumn, ...], out: TextIO) -> int:
    """Write a JSON list of objects keyed by the columns' keys, one object a line."""
    count = 0
    for row in rows:
        out.write("[\n  " if count == 0 else ",\n  ")
        out.write(json.dumps({c.key: row.get(c.key) for c in columns}, ensure_ascii=False))
        count += 1
    out.write("[]\n" if count == 0 else "\n]\n")
    return count


Writer = Callable[[Iterator[dict[str, Any]], tuple[ExportColumn, ...], TextIO], int]
WRITERS: dict[str, Writer] = {"csv": write_csv, "json": write_json}
