"""Campaigns: their row, the contacts attributed to them, and the repair orders that followed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from store.converters import columns, to_record
from store.db import write
from store.errors import NotFoundError
from store.records import Campaign
from store.rows import insert, now_utc

TARGET_KINDS = ("all", "abc", "rule", "rfm")


@dataclass(frozen=True, slots=True)
class CampaignLine:
    """A campaign as listed: its row and how many contacts are attributed to it."""

    campaign: Campaign
    contacts: int


@dataclass(frozen=True, slots=True)
class ReturnFacts:
    """What followed a campaign's contacts within the window, each repair order counted once."""

    contacts: int
    clients_contacted: int
    clients_returned: int
    orders: int
    revenue_cents: int


def add_campaign(
    conn: sqlite3.Connection,
    name: str,
    *,
    cost_cents: int,
    channel: str = "phone",
    target: str = "",
    starts_on: str | None = None,
    ends_on: str | None = None,
    margin_rate_bp: int | None = None,
    user: str = "",
) -> int:
    """Record a campaign; returns its id."""
    return insert(conn, "campaigns", {
        "name": name, "cost_cents": cost_cents, "channel": channel, "target": target,
        "starts_on": starts_on, "ends_on": ends_on, "margin_rate_bp": margin_rate_bp,
    }, user=user)


def get_campaign(conn: sqlite3.Connection, campaign_id: int) -> Campaign:
    """The campaign ``campaign_id``; raises :class:`NotFoundError` when there is none."""
    row = conn.execute(
        f"SELECT {columns(Campaign)} FROM campaigns WHERE id = ?", (campaign_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"campagne {campaign_id} introuvable.")
    return to_record(Campaign, row)


def list_campaigns(conn: sqlite3.Connection) -> list[CampaignLine]:
    """Every campaign, the latest start first, with its attributed contacts."""
    rows = conn.execute(
        f"SELECT {columns(Campaign, 'c')}, (SELECT count(*) FROM contacts t"
        " WHERE t.campaign_id = c.id) FROM campaigns c"
        " ORDER BY coalesce(c.starts_on, '') DESC, c.id DESC"
    ).fetchall()
    width = len(columns(Campaign).split(", "))
    return [CampaignLine(to_record(Campaign, row[:width]), int(row[width])) for row in rows]


def attribute_contacts(
    conn: sqlite3.Connection, campaign_id: int, kind: str, value: str, user: str,
    client_ids: Iterable[int] = (),
) -> int:
    """Give the campaign the unattributed contacts made during it to its target; return how many.

    ``kind`` ``abc``: clients of segment ``value``; ``rule``: contacts that handled a reminder
    of rule ``value``; ``rfm``: the clients ``client_ids`` (the caller computed the profile);
    ``all``: every contact. The campaign's dates bound the contacts (days
    included); each contact is audited.
    """
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {kind!r}")
    campaign = get_campaign(conn, campaign_id)
    clauses = ["t.campaign_id IS NULL"]
    params: list[object] = []
    if campaign.starts_on:
        clauses.append("substr(t.at, 1, 10) >= ?")
        params.append(campaign.starts_on)
    if campaign.ends_on:
        clauses.append("substr(t.at, 1, 10) <= ?")
        params.append(campaign.ends_on)
    if kind == "abc":
        clauses.append("t.client_id IN (SELECT id FROM clients WHERE abc_segment = ?)")
        params.append(value)
    elif kind == "rule":
        clauses.append("t.reminder_id IN (SELECT id FROM reminders WHERE rule_id = ?)")
        params.append(value)
    elif kind == "rfm":
        # a temporary table of this connection: the targeted ids, without locking the file
        conn.execute("DROP TABLE IF EXISTS temp.campaign_targets")
        conn.execute("CREATE TEMP TABLE campaign_targets (client_id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT OR IGNORE INTO temp.campaign_targets VALUES (?)",
                         ((client_id,) for client_id in client_ids))
        clauses.append("t.client_id IN (SELECT client_id FROM temp.campaign_targets)")
    with write(conn):
        ids = [row[0] for row in conn.execute(
            f"SELECT t.id FROM contacts t WHERE {' AND '.join(clauses)}", params).fetchall()]
        now = now_utc()
        conn.executemany(
            "UPDATE contacts SET campaign_id = ?, version = version + 1, updated_at = ?,"
            " updated_by = ? WHERE id = ?",
            [(campaign_id, now, user, contact_id) for contact_id in ids],
        )
        conn.executemany(
            "INSERT INTO audit (user_login, action, table_name, row_id, field, old_value, new_value)"
            " VALUES (?, 'update', 'contacts', ?, 'campaign_id', NULL, ?)",
            [(user, contact_id, str(campaign_id)) for contact_id in ids],
        )
    if kind == "rfm":
        conn.execute("DROP TABLE IF EXISTS temp.campaign_targets")
    return len(ids)


def return_facts(conn: sqlite3.Connection, campaign_id: int, window_days: int) -> ReturnFacts:
    """Repair orders of the contacted clients opened from the day of a contact to
    ``window_days`` days after it; an order following two contacts counts once."""
    contacts, clients = conn.execute(
        "SELECT count(*), count(DISTINCT client_id) FROM contacts WHERE campaign_id = ?",
        (campaign_id,),
    ).fetchone()
    orders, returned, revenue = conn.execute(
        "SELECT count(*), count(DISTINCT client_id), coalesce(sum(revenue_cents), 0)"
        " FROM repair_orders WHERE id IN ("
        "  SELECT ro.id FROM contacts t JOIN repair_orders ro ON ro.client_id = t.client_id"
        "   AND ro.opened_on >= substr(t.at, 1, 10)"
        "   AND ro.opened_on <= date(substr(t.at, 1, 10), ?)"
        "  WHERE t.campaign_id = ?)",
        (f"+{int(window_days)} days", campaign_id),
    ).fetchone()
    return ReturnFacts(int(contacts), int(clients), int(returned), int(orders), int(revenue))
