"""``relance users``: who may use Relance, and with which role."""

from __future__ import annotations

import argparse

from store.db import connect
from store.users import ROLES, add_user, list_users
from tui.context import Context
from tui.output import FORMATS, emit

NAME = "users"
HELP = "gère les utilisateurs (identifiant système, nom, rôle)"
ROLE_LABELS = {"sales": "vendeur", "aftersales": "réception APV", "manager": "chef des ventes",
               "admin": "administrateur"}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="ajoute un utilisateur ou change son rôle")
    add.add_argument("login", metavar="LOGIN", help="identifiant système (celui de la session SSH)")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", default="", help="nom affiché (« Martine Leroy »)")
    listing = actions.add_parser("list", help="liste les utilisateurs")
    listing.add_argument("--format", choices=FORMATS, default="table")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    conn = connect(ctx.db_path)
    try:
        if args.users_action == "add":
            user = add_user(conn, args.login, args.role, args.name, by=ctx.user)
            print(f"{user.login} : {ROLE_LABELS[user.role]} ({user.name})")
            return 0
        rows = [{"login": u.login, "name": u.name, "role": u.role,
                 "role_label": ROLE_LABELS.get(u.role, u.role), "active": bool(u.active)}
                for u in list_users(conn)]
    finally:
        conn.close()
    emit(rows, [("login", "identifiant"), ("name", "nom"), ("role_label", "rôle")], args.format)
    return 0
