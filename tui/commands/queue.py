"""``relance queue``: today's callback queue without the app."""

from __future__ import annotations

import argparse
from typing import Any

from store.db import connect
from store.normalize import display_phone
from store.queue import queue_page
from store.records import QueueItem
from tui.context import Context
from tui.formats import day
from tui.output import FORMATS, emit

NAME = "queue"
HELP = "affiche la file de rappels du jour (sans ouvrir l'application)"

COLUMNS = [
    ("tier", "rang"),
    ("client_name", "client"),
    ("reason", "motif"),
    ("due", "échéance"),
    ("phone", "téléphone"),
]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("--user", metavar="LOGIN", help="seulement les rappels de cet utilisateur")
    parser.add_argument("--held", action="store_true",
                        help="les rappels retenus par la loi (consentement), avec la raison")
    parser.add_argument("--limit", type=int, default=1000, metavar="N",
                        help="au plus N lignes (1000 par défaut)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    return parser


def as_row(item: QueueItem, lang: str, fmt: str = "json") -> dict[str, Any]:
    """The JSON/CSV/table shape of a queue item: a person reads the table's dates as dd/mm/yyyy,
    CSV and JSON (for other programs) keep them YYYY-MM-DD."""
    return {
        "reminder_id": item.reminder_id,
        "client_id": item.client_id,
        "client_name": item.client_name,
        "tier": item.tier,
        "rule": item.rule_id,
        "reason": item.reason_in(lang),
        "due": day(item.due_on) if fmt == "table" else item.due_on,
        "phone": display_phone(item.phone),
        "channel": item.channel,
        "held_reason": item.held_reason,
        "claimed_by": item.claimed_by,
    }


def run(args: argparse.Namespace, ctx: Context) -> int:
    conn = connect(ctx.db_path)
    try:
        items = queue_page(conn, ctx.today, user_login=args.user, held=args.held,
                           limit=max(args.limit, 0))
    finally:
        conn.close()
    columns = [*COLUMNS, ("held_reason", "raison")] if args.held else COLUMNS
    emit([as_row(item, ctx.lang, args.format) for item in items], columns, args.format)
    return 0
