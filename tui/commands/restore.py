"""``relance restore SRC``: put a backup back in place of the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.backup import restore
from tui.context import Context

NAME = "restore"
HELP = "remplace la base par une sauvegarde (refusé si la base est ouverte, sauf --force)"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("src", metavar="SRC", type=Path, help="la sauvegarde à remettre en place")
    parser.add_argument("--force", action="store_true",
                        help="remplacer même si d'autres sessions ont la base ouverte")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = restore(args.src, ctx.db_path, force=args.force)
    print(f"base restaurée depuis {args.src} : {result.path}, {sum(result.row_counts.values())} lignes.")
    return 0
