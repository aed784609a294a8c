"""``relance plan``: the commercial action plan (PAC) — add actions, follow them, the yearly grid."""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

from rules.action_plan import HORIZONS, MONTH_NAMES, grid, months_text, parse_months, stored_months
from store.action_plan import add_item, change_item, get_item, list_items
from store.db import connect
from store.records import ActionPlanItem
from tui.commands import options
from tui.context import Context, UsageError
from tui.formats import money
from tui.output import FORMATS, emit

NAME = "plan"
HELP = "plan d'actions commercial : actions, responsables, mois, budget, avancement"

HORIZON_SHORT = {"short": "CT", "medium": "MT", "long": "LT"}


def _item_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument("--owner", metavar="LOGIN", help="responsable")
    parser.add_argument("--participants", metavar="TEXTE", help="participants")
    parser.add_argument("--client", metavar="ID", help="le client visé")
    parser.add_argument("--segment", metavar="TEXTE", help="ou la cible (A, VIP, inactifs...)")
    parser.add_argument("--months", metavar="MOIS", help="mois d'action, ex. 1-3,9")
    parser.add_argument("--horizon", choices=tuple(HORIZONS),
                        help="court (0-6 mois), moyen (6-24), long (24+)"
                        + (" ; court par défaut" if adding else ""))
    parser.add_argument("--priority", metavar="N", help="priorité, 1 la plus haute")
    parser.add_argument("--expenses", metavar="€", help="budget : dépenses")
    parser.add_argument("--revenue", metavar="€", help="budget : recettes attendues")
    parser.add_argument("--current", metavar="€", help="CA actuel")
    parser.add_argument("--target", metavar="€", help="CA cible")
    parser.add_argument("--progress", metavar="%", help="avancement en %%")
    parser.add_argument("--results", metavar="TEXTE", help="résultats")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="plan_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="ajouter une action")
    add.add_argument("action", metavar="ACTION")
    _item_options(add, adding=True)
    change = actions.add_parser("update", help="modifier une action")
    change.add_argument("item_id", metavar="ID")
    _item_options(change, adding=False)
    listing = actions.add_parser("list", help="le plan, avec la grille janvier-décembre")
    listing.add_argument("--horizon", choices=tuple(HORIZONS))
    listing.add_argument("--format", choices=FORMATS, default="table")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    conn = connect(ctx.db_path)
    try:
        if args.plan_action == "list":
            return _list(conn, args)
        values = _values(args)
        if args.plan_action == "add":
            action = args.action.strip()
            if not action:
                raise UsageError("ACTION : l'action est vide.")
            print(add_item(conn, {"action": action, **values}, ctx.user))
            return 0
        item = get_item(conn, options.count(args.item_id, "ID", minimum=1))
        if not values:
            raise UsageError("rien à modifier : donnez au moins une option.")
        change_item(conn, item, values, ctx.user)
        return 0
    finally:
        conn.close()


def _values(args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if args.owner is not None:
        values["owner_login"] = args.owner.strip()
    if args.participants is not None:
        values["participants"] = args.participants.strip()
    if args.client is not None:
        values["client_id"] = options.count(args.client, "--client", minimum=1)
    if args.segment is not None:
        values["segment"] = args.segment.strip()
    if args.months is not None:
        try:
            values["months"] = months_text(parse_months(args.months))
        except ValueError as exc:
            raise UsageError(f"--months : {exc}") from None
    if args.horizon is not None:
        values["horizon"] = args.horizon
    if args.priority is not None:
        values["priority"] = options.count(args.priority, "--priority", minimum=1)
    for option, column in (("expenses", "budget_expenses_cents"), ("revenue", "budget_revenue_cents"),
                           ("current", "current_revenue_cents"), ("target", "target_revenue_cents")):
        text = getattr(args, option)
        if text is not None:
            values[column] = options.cents(text, f"--{option}")
    if args.progress is not None:
        progress = options.count(args.progress.rstrip("% "), "--progress")
        if progress > 100:
            raise UsageError(f"--progress : « {args.progress} » dépasse 100 %.")
        values["progress"] = progress
    if args.results is not None:
        values["results"] = args.results.strip()
    return values


def as_row(item: ActionPlanItem, json_out: bool) -> dict[str, Any]:
    """The table/CSV/JSON shape of a plan item, with its January-December grid."""
    months = stored_months(item.months)
    row: dict[str, Any] = {
        "id": item.id, "action": item.action,
        "target": item.segment or (f"client {item.client_id}" if item.client_id else ""),
        "client_id": item.client_id, "segment": item.segment,
        "owner": item.owner_login, "participants": item.participants,
        "horizon": item.horizon if json_out else HORIZON_SHORT.get(item.horizon, item.horizon),
        "priority": item.priority,
        "expenses": item.budget_expenses_cents if json_out else money(item.budget_expenses_cents),
        "revenue": item.budget_revenue_cents if json_out else money(item.budget_revenue_cents),
        "current": item.current_revenue_cents if json_out else money(item.current_revenue_cents),
        "target_revenue": item.target_revenue_cents if json_out else money(item.target_revenue_cents),
        "progress": item.progress if json_out else f"{item.progress} %",
        "results": item.results,
    }
    if json_out:
        row["months"] = list(months)
    else:
        row.update(zip(MONTH_NAMES, grid(months), strict=True))
    return row


def _list(conn: sqlite3.Connection, args: argparse.Namespace) -> int:
    json_out = args.format == "json"
    rows = [as_row(item, json_out) for item in list_items(conn, args.horizon)]
    columns = [("id", "n°"), ("action", "action"), ("target", "cible"), ("owner", "responsable"),
               ("participants", "participants"), ("horizon", "horizon"), ("priority", "priorité")]
    columns += [(m, m) for m in MONTH_NAMES]
    columns += [("expenses", "dépenses"), ("revenue", "recettes"), ("current", "CA actuel"),
                ("target_revenue", "CA cible"), ("progress", "avancement"), ("results", "résultats")]
    emit(rows, columns, args.format)
    return 0
