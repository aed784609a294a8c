"""The commercial action plan (PAC, seeds ``002`` and ``004``): its items, read and edited."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from store.converters import columns, to_record, to_records
from store.errors import NotFoundError
from store.records import ActionPlanItem
from store.rows import insert, update

HORIZONS = ("short", "medium", "long")


def add_item(conn: sqlite3.Connection, values: Mapping[str, Any], user: str) -> int:
    """Record an action of the plan; returns its id."""
    client_id = values.get("client_id")
    if client_id is not None and conn.execute(
        "SELECT 1 FROM clients WHERE id = ?", (client_id,)
    ).fetchone() is None:
        raise NotFoundError(f"client {client_id} introuvable.")
    return insert(conn, "action_plan_items", values, user=user)


def get_item(conn: sqlite3.Connection, item_id: int) -> ActionPlanItem:
    """The plan item ``item_id``; raises :class:`NotFoundError` when there is none."""
    row = conn.execute(
        f"SELECT {columns(ActionPlanItem)} FROM action_plan_items WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"action {item_id} du plan introuvable.")
    return to_record(ActionPlanItem, row)


def list_items(conn: sqlite3.Connection, horizon: str | None = None) -> list[ActionPlanItem]:
    """The plan, by priority then horizon then id."""
    where, params = ("WHERE horizon = ?", [horizon]) if horizon else ("", [])
    rows = conn.execute(
        f"SELECT {columns(ActionPlanItem)} FROM action_plan_items {where}"
        " ORDER BY priority, CASE horizon WHEN 'short' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id",
        params,
    ).fetchall()
    return to_records(ActionPlanItem, rows)


def change_item(
    conn: sqlite3.Connection, item: ActionPlanItem, changes: Mapping[str, Any], user: str
) -> int:
    """Save ``changes`` if nobody changed the item since ``item`` was read."""
    return update(conn, "action_plan_items", item.id, item.version, changes, user)
