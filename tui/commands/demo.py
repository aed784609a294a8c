"""``relance demo``: a realistic French dealership to try Relance on."""

from __future__ import annotations

import argparse
import sys

from rules.ruleset import load_rules
from rules.runner import run_rules
from store.db import connect
from store.demo import generate_demo
from store.search_index import rebuild_search_index
from store.users import add_user, find_user
from tui.context import Context

NAME = "demo"
HELP = "crée une concession de démonstration réaliste (clients, véhicules, contrats, OR)"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("--clients", type=int, default=2000, metavar="N",
                        help="nombre de clients (2000 par défaut)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="graine : la même graine donne la même base (1 par défaut)")
    parser.add_argument("--if-missing", action="store_true",
                        help="ne rien faire si la base existe déjà")
    return parser


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rclients : {done}/{total}", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.clients < 1:
        print("relance: --clients doit être au moins 1.", file=sys.stderr)
        return 2
    if args.if_missing and ctx.db_path.exists():
        print(f"base existante gardée : {ctx.db_path}")
        return 0
    conn = connect(ctx.db_path)
    try:
        stats = generate_demo(conn, clients=args.clients, seed=args.seed, today=ctx.today,
                              progress=_progress)
        rebuild_search_index(conn)  # bulk rows: the search keys are computed once, here
        run_rules(conn, ctx.today, load_rules(), incremental=False)  # today's queue is ready
        if find_user(conn, ctx.user) is None:  # whoever asked for the demo may work in it
            add_user(conn, ctx.user, "manager", ctx.user, by=ctx.user)
    finally:
        conn.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"démo créée : {ctx.db_path} — {stats.clients} clients, {stats.vehicles} véhicules, "
          f"{stats.repair_orders} OR en {stats.seconds:.1f} s")
    return 0
