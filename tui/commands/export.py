"""``relance export``: clients, vehicles and the queue to CSV/JSON, reminders to iCalendar,
clients to vCard."""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from store.contentlines import render
from store.db import connect
from store.exports import (
    CLIENT_COLUMNS,
    HELD_QUEUE_COLUMNS,
    QUEUE_COLUMNS,
    VEHICLE_COLUMNS,
    WRITERS,
    client_rows,
    queue_rows,
    vehicle_rows,
)
from store.ics import calendar_lines
from store.vcard import VERSIONS, vcards
from tui.context import Context, UsageError

NAME = "export"
HELP = "exporte clients, véhicules ou file (CSV Excel, JSON), rappels (ics), clients (vCard)"
WHAT = ("clients", "vehicles", "queue", "ics", "vcard")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("what", choices=WHAT, metavar="QUOI",
                        help="clients, vehicles, queue, ics ou vcard")
    parser.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="csv (Excel : ;, UTF-8 avec BOM, virgule décimale) ou json")
    parser.add_argument("--output", metavar="FICHIER", type=Path,
                        help="écrit dans FICHIER (sinon sur la sortie standard)")
    parser.add_argument("--user", metavar="LOGIN", help="queue, ics, vcard : seulement ceux de LOGIN")
    parser.add_argument("--held", action="store_true",
                        help="queue : seulement les rappels retenus par la loi, avec la raison")
    parser.add_argument("--vcard-version", choices=VERSIONS, default="4.0",
                        help="version des vCards (4.0 par défaut, 3.0 pour les vieux téléphones)")
    return parser


@contextmanager
def _output(path: Path | None, encoding: str) -> Iterator[TextIO]:
    """Stdout, or a file written beside its final name and renamed only when complete."""
    if path is None:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="",
                                  write_through=True)
        try:
            yield stream
        finally:
            stream.detach()
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--output : le dossier {folder} n'existe pas.")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as out:
            yield out
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.held and args.what != "queue":
        raise UsageError(f"--held ne vaut que pour « export queue », pas pour « export {args.what} ».")
    conn = connect(ctx.db_path)
    try:
        if args.what == "ics":
            with _output(args.output, "utf-8") as out:
                for line in calendar_lines(conn, args.user):
                    out.write(render([line]))
            return 0
        if args.what == "vcard":
            with _output(args.output, "utf-8") as out:
                for card in vcards(conn, args.vcard_version, args.user):
                    out.write(card)
            return 0
        if args.what == "clients":
            rows, columns = client_rows(conn), CLIENT_COLUMNS
        elif args.what == "vehicles":
            rows, columns = vehicle_rows(conn), VEHICLE_COLUMNS
        else:
            rows = queue_rows(conn, ctx.today, args.user, args.held)
            columns = HELD_QUEUE_COLUMNS if args.held else QUEUE_COLUMNS
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        with _output(args.output, encoding) as out:
            count = WRITERS[args.format](rows, columns, out)
    finally:
        conn.close()
    if args.output:
        print(f"{count} lignes exportées vers {args.output}.", file=sys.stderr)
    return 0
