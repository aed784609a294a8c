"""``relance backup DEST`` and ``relance restore SRC``: a consistent copy while others write, and
a restore that refuses a database in use and never leaves it half written."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.backup import backup
from tui.context import Context

NAME = "backup"
HELP = "sauvegarde la base, même pendant que d'autres sessions écrivent"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("dest", metavar="DEST", type=Path,
                        help="fichier de sauvegarde, ou dossier (un fichier daté y est créé)")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = backup(ctx.db_path, args.dest)
    rows = sum(result.row_counts.values())
    print(f"sauvegarde vérifiée (integrity_check ok) : {result.path}, {result.size} octets, "
          f"{rows} lignes.")
    return 0
