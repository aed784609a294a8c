"""``relance find``: look a client up however the name, phone, email, plate or number is typed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.db import connect
from store.search import SearchHit, find_clients
from tui.commands.options import count
from tui.context import Context
from tui.output import FORMATS, emit

NAME = "find"
HELP = "cherche un client (nom, téléphone, e-mail, immatriculation, VIN, n° DMS)"

COLUMNS = [
    ("client_id", "id"),
    ("name", "client"),
    ("city", "ville"),
    ("birth_year", "né(e)"),
    ("phone", "téléphone"),
    ("vehicle", "véhicule"),
    ("matched", "trouvé par"),
    ("score", "%"),
]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("query", metavar="RECHERCHE",
                        help="« Lefebvre Philippe », « 06 12 34 56 78 », « ab123cd », un e-mail...")
    parser.add_argument("--limit", default="10", metavar="N", help="au plus N clients (10 par défaut)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    return parser


def as_row(hit: SearchHit) -> dict[str, Any]:
    """The JSON/CSV/table shape of a hit: ``client_id``, ``name``, ``score`` (0-100), ``matched``
    and the fields that tell namesakes apart."""
    row = hit.as_json()
    row["score"] = max(0, min(100, int(row["score"])))
    return row


MATCHED_LABELS = {"name": "nom", "phonetic": "son", "phone": "téléphone", "email": "e-mail",
                  "plate": "immat.", "vin": "VIN", "external_id": "n° DMS"}


def as_line(hit: SearchHit) -> dict[str, Any]:
    """A hit as the table and CSV print it: matched in words, homonyms said."""
    row = as_row(hit)
    row["matched"] = MATCHED_LABELS.get(hit.matched, hit.matched)
    if hit.homonym:
        row["name"] = f"{hit.name} (homonyme)"
    return row


def run(args: argparse.Namespace, ctx: Context) -> int:
    limit = count(args.limit, "--limit", minimum=1)
    if not args.query.strip():
        print("relance find : la recherche est vide (un nom, un téléphone, une immatriculation...).",
              file=sys.stderr)
        return 2
    conn = connect(ctx.db_path, create=False)  # a mistyped --db must not become a new empty base
    try:
        hits = find_clients(conn, args.query, limit)
    finally:
        conn.close()
    shape = as_row if args.format == "json" else as_line
    emit([shape(hit) for hit in hits], COLUMNS, args.format)
    if not hits and args.format == "table":
        print(f"aucun client pour « {args.query.strip()} ».", file=sys.stderr)
    return 0
