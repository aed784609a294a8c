"""``relance complaint``: open a complaint, follow it, resolve it, list them."""

from __future__ import annotations

import argparse
import sqlite3

from rules.complaints import days_open, days_to_resolve
from store.complaints import (
    CHANNELS,
    OPEN_STATUSES,
    STATUSES,
    change_complaint,
    get_complaint,
    list_complaints,
    open_complaint,
)
from store.db import connect
from tui.commands import options
from tui.context import Context, UsageError, parse_day
from tui.formats import day
from tui.output import FORMATS, emit

NAME = "complaint"
HELP = "réclamations : ouvrir, suivre, résoudre, lister"

STATUS_LABELS = {"open": "ouverte", "in_progress": "en cours", "resolved": "résolue",
                 "closed": "close"}
CHANNEL_LABELS = {"phone": "téléphone", "email": "e-mail", "letter": "courrier", "visit": "visite",
                  "web": "site web", "sms": "SMS"}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="complaint_action", metavar="ACTION", required=True)

    opening = actions.add_parser("open", help="ouvrir une réclamation")
    opening.add_argument("client_id", metavar="CLIENT")
    opening.add_argument("--subject", required=True, metavar="TEXTE", help="l'objet de la réclamation")
    opening.add_argument("--channel", choices=CHANNELS, default="phone")
    opening.add_argument("--on", metavar="AAAA-MM-JJ", help="reçue ce jour (aujourd'hui par défaut)")

    follow = actions.add_parser("follow", help="la passer en cours de traitement")
    follow.add_argument("complaint_id", metavar="ID")

    resolve = actions.add_parser("resolve", help="la résoudre")
    resolve.add_argument("complaint_id", metavar="ID")
    resolve.add_argument("--resolution", required=True, metavar="TEXTE", help="ce qui a été fait")
    resolve.add_argument("--on", metavar="AAAA-MM-JJ", help="résolue ce jour (aujourd'hui par défaut)")

    listing = actions.add_parser("list", help="les réclamations")
    listing.add_argument("--status", choices=(*STATUSES, "all"), default=None,
                         help="ce statut seul (par défaut : ouvertes et en cours)")
    listing.add_argument("--format", choices=FORMATS, default="table")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    conn = connect(ctx.db_path)
    try:
        action = args.complaint_action
        if action == "open":
            return _open(conn, args, ctx)
        if action == "list":
            return _list(conn, args, ctx)
        return _change(conn, args, ctx)
    finally:
        conn.close()


def _open(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    subject = args.subject.strip()
    if not subject:
        raise UsageError("--subject : l'objet de la réclamation est vide.")
    opened = parse_day(args.on, "--on") if args.on else ctx.today
    complaint_id = open_complaint(
        conn, options.count(args.client_id, "CLIENT", minimum=1), subject, channel=args.channel,
        opened_on=opened.isoformat(), user=ctx.user,
    )
    print(complaint_id)
    return 0


def _change(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    complaint = get_complaint(conn, options.count(args.complaint_id, "ID", minimum=1))
    if complaint.status in ("resolved", "closed"):
        raise UsageError(f"réclamation {complaint.id} déjà {STATUS_LABELS[complaint.status]}"
                         f" le {day(complaint.resolved_on)}.")
    if args.complaint_action == "follow":
        change_complaint(conn, complaint, {"status": "in_progress"}, ctx.user)
        return 0
    resolution = args.resolution.strip()
    if not resolution:
        raise UsageError("--resolution : dites ce qui a été fait.")
    resolved = parse_day(args.on, "--on") if args.on else ctx.today
    if resolved.isoformat() < complaint.opened_on[:10]:
        raise UsageError(f"--on : {day(resolved.isoformat())} est avant l'ouverture"
                         f" ({day(complaint.opened_on)}).")
    change_complaint(conn, complaint, {"status": "resolved", "resolution": resolution,
                                       "resolved_on": resolved.isoformat()}, ctx.user)
    return 0


def _list(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    statuses: tuple[str, ...]
    if args.status == "all":
        statuses = STATUSES
    elif args.status:
        statuses = (args.status,)
    else:
        statuses = OPEN_STATUSES
    json_out = args.format == "json"
    rows = []
    for line in list_complaints(conn, statuses):
        k = line.complaint
        rows.append({
            "id": k.id, "client_id": k.client_id, "client_name": line.client_name,
            "opened_on": k.opened_on if json_out else day(k.opened_on),
            "channel": k.channel if json_out else CHANNEL_LABELS.get(k.channel, k.channel),
            "subject": k.subject,
            "status": k.status if json_out else STATUS_LABELS.get(k.status, k.status),
            "resolution": k.resolution,
            "resolved_on": k.resolved_on if json_out else day(k.resolved_on),
            "days_to_resolve": days_to_resolve(k),
            "days_open": days_open(k, ctx.today),
        })
    emit(rows, [("id", "n°"), ("client_name", "client"), ("opened_on", "ouverte le"),
                ("channel", "canal"), ("subject", "objet"), ("status", "statut"),
                ("resolution", "résolution"), ("resolved_on", "résolue le"),
                ("days_open", "jours")], args.format)
    return 0
