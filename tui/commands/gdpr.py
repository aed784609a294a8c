"""``relance gdpr export|erase|due``: subject access, erasure, and what the CNIL says to purge."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rules.gdpr import client_cutoff, due_reason, erase_refusal, prospect_cutoff
from store.db import connect
from store.gdpr import anonymize, find_client_id, retention_due, subject_access, user_role
from store.records import person_name
from tui.context import Context
from tui.output import FORMATS, emit

NAME = "gdpr"
HELP = "RGPD : export des données d'une personne, effacement, personnes à purger"

DUE_COLUMNS = [("client_id", "id"), ("external_id", "n° client"), ("name", "nom"),
               ("kind", "type"), ("last_on", "depuis le"), ("reason", "motif")]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("action", choices=("export", "erase", "due"), metavar="ACTION",
                        help="export CLIENT, erase CLIENT ou due")
    parser.add_argument("client", nargs="?", metavar="CLIENT",
                        help="id Relance (123, id:123) ou n° DMS (dms:1001)")
    parser.add_argument("--output", metavar="FICHIER", type=Path,
                        help="export : écrit le JSON dans FICHIER")
    parser.add_argument("--format", choices=FORMATS, default="table", help="due : table, csv ou json")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.action in ("export", "erase") and not args.client:
        print(f"relance gdpr {args.action} : indiquez le client (id Relance ou dms:N°).",
              file=sys.stderr)
        return 2
    conn = connect(ctx.db_path)
    try:
        if args.action == "export":
            data = subject_access(conn, find_client_id(conn, args.client))
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            if args.output:
                args.output.write_text(text, encoding="utf-8")
                print(f"données du client écrites dans {args.output}.", file=sys.stderr)
            else:
                sys.stdout.write(text)
            return 0
        if args.action == "erase":
            refusal = erase_refusal(ctx.user, user_role(conn, ctx.user))
            if refusal:
                print(f"relance gdpr erase : {refusal}", file=sys.stderr)
                return 1
            client_id = find_client_id(conn, args.client)
            anonymize(conn, client_id, ctx.user)
            print(f"client {client_id} anonymisé (ordres de réparation et statistiques conservés).")
            return 0
        rows: list[dict[str, Any]] = [
            {"client_id": due.client_id, "external_id": due.external_id,
             "name": person_name(due.last_name, due.first_name, due.company), "kind": due.kind,
             "last_on": due.last_on, "reason": due_reason(due.kind, due.last_on)}
            for due in retention_due(conn, prospect_cutoff(ctx.today), client_cutoff(ctx.today))
        ]
    finally:
        conn.close()
    emit(rows, DUE_COLUMNS, args.format)
    return 0
