"""``relance merge KEEP OTHER``: two records of one person become one, audited."""

from __future__ import annotations

import argparse
import sys

from store.db import connect
from store.errors import StoreError
from store.gdpr import find_client_id
from store.merge import MERGEABLE_FIELDS, merge_clients
from tui.context import Context

NAME = "merge"
HELP = "fusionne la fiche OTHER dans KEEP (chef des ventes ou administrateur)"

TABLE_LABELS = {
    "contacts": "contacts", "vehicles": "véhicules", "financings": "financements",
    "reminders": "rappels", "leads": "leads", "proposals": "propositions",
    "complaints": "réclamations", "wishes": "souhaits", "repair_orders": "ordres de réparation",
    "action_plan_items": "actions du plan",
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("keep", metavar="KEEP", help="la fiche gardée (id Relance ou dms:N°)")
    parser.add_argument("other", metavar="OTHER", help="la fiche fusionnée dans KEEP, puis vidée")
    parser.add_argument("--take", default="", metavar="CHAMP,...",
                        help="les champs pris de OTHER (les autres restent ceux de KEEP) : "
                             + ", ".join(sorted(MERGEABLE_FIELDS)))
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    fields = [name.strip() for name in args.take.split(",") if name.strip()]
    conn = connect(ctx.db_path, create=False)  # a mistyped --db must not become a new empty base
    try:
        keep = find_client_id(conn, args.keep)
        other = find_client_id(conn, args.other)
        result = merge_clients(conn, keep, other, ctx.user, fields)
    except StoreError as exc:
        print(f"relance merge : {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    moved = ", ".join(f"{n} {TABLE_LABELS.get(table, table)}" for table, n in result.moved.items() if n)
    taken = ", ".join(result.fields_taken)
    print(f"fiche {result.merged_id} fusionnée dans la fiche {result.kept_id}"
          f" ; champs repris : {taken or 'aucun'} ; déplacés : {moved or 'rien'}.")
    return 0
