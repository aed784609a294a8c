"""``relance import KIND FILE``: the DMS and CSV files of a dealership, upserted and resumable."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from store.db import connect
from store.import_kinds import KINDS
from store.imports import (
    ACTIONS,
    PROBLEMS,
    ImportOptions,
    ImportSummary,
    RowOutcome,
    import_file,
    parse_mapping,
)
from tui.context import Context, UsageError
from tui.output import emit
from tui.progress import ProgressBar
from tui.text import clean

NAME = "import"
HELP = "importe un fichier CSV (clients, véhicules, financements, OR, leads, propositions)"

ACTION_LABELS = {"create": "créé", "update": "modifié", "unchanged": "inchangé",
                 "duplicate": "doublon probable", "rejected": "rejeté"}
ROW_COLUMNS = [("row", "ligne"), ("action", "action"), ("external_id", "identifiant"),
               ("reason", "motif"), ("candidates", "fiches candidates")]
WIDTHS = (6, 16, 14, 60, 0)
SHOWN_PROBLEMS = 1000  # more are in the reject file
# Tests kill an import midway, right after a batch is committed, to prove it resumes.
KILL_AFTER_ENV = "RELANCE_TEST_KILL_AFTER_BATCHES"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("kind", choices=sorted(KINDS), metavar="TYPE",
                        help="clients, vehicles, financing, repair-orders, leads ou proposals")
    parser.add_argument("file", metavar="FICHIER", type=Path)
    parser.add_argument("--map", action="append", default=[], metavar="COLONNE=CHAMP,...",
                        help="associe une colonne du fichier à un champ (CHAMP vide ou - : ignorer)")
    parser.add_argument("--preset", metavar="NOM", help="correspondances d'un DMS connu (dms)")
    parser.add_argument("--dry-run", action="store_true",
                        help="n'écrit rien, dit ligne par ligne ce qui serait fait")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--encoding", metavar="ENC", help="forcer l'encodage (utf-8, cp1252, latin-1)")
    parser.add_argument("--delimiter", metavar="SEP", help="forcer le séparateur (; , tab |)")
    parser.add_argument("--rejects", metavar="FICHIER", type=Path,
                        help="fichier des rejets (sinon FICHIER.rejets.csv à côté du fichier)")
    parser.add_argument("--batch-size", type=int, default=5000, metavar="N",
                        help="lignes par transaction (5000 par défaut)")
    return parser


def _candidates(outcome: RowOutcome) -> str:
    return ", ".join(f"{c.client_id} ({c.score:.2f})" for c in outcome.candidates)


def _row(outcome: RowOutcome) -> dict[str, Any]:
    return {"row": outcome.row, "action": ACTION_LABELS[outcome.action],
            "external_id": outcome.external_id or "", "reason": outcome.reason,
            "candidates": _candidates(outcome)}


def _table_line(row: dict[str, Any]) -> str:
    cells = [clean(row.get(key, "")).ljust(width) for (key, _), width in zip(ROW_COLUMNS, WIDTHS,
                                                                              strict=True)]
    return "  ".join(cells).rstrip() + "\n"


def _kill_hook() -> Any:
    after = int(os.environ.get(KILL_AFTER_ENV, "0") or 0)
    if after <= 0:
        return None

    def hook(batches: int) -> None:
        if batches >= after:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.batch_size < 1:
        raise UsageError("--batch-size : au moins 1.")
    options = ImportOptions(encoding=args.encoding, delimiter=args.delimiter,
                            mapping=parse_mapping(args.map), preset=args.preset,
                            dry_run=args.dry_run, batch_size=args.batch_size,
                            reject_path=args.rejects, today=ctx.today)
    conn = connect(ctx.db_path)
    bar = ProgressBar(f"import {args.kind}")
    streamed_json = args.dry_run and args.format == "json"
    streamed_table = args.dry_run and args.format == "table"
    shown: list[RowOutcome] = []
    hidden = 0
    first = True

    def on_outcome(outcome: RowOutcome) -> None:
        nonlocal first, hidden
        # A dry run of a million rows is printed as it goes, never held in memory.
        if streamed_json:
            sys.stdout.write(("[\n  " if first else ",\n  ")
                             + json.dumps(outcome.as_dict(), ensure_ascii=False))
        elif streamed_table:
            if first:
                sys.stdout.write(_table_line(dict(ROW_COLUMNS)))
            sys.stdout.write(_table_line(_row(outcome)))
        elif len(shown) < SHOWN_PROBLEMS:  # a real import hears only its problems (PROBLEMS)
            shown.append(outcome)
        else:
            hidden += 1
        first = False

    try:
        summary = import_file(conn, args.kind, args.file, options, user=ctx.user,
                              on_outcome=on_outcome, on_progress=bar.update, on_batch=_kill_hook(),
                              report=ACTIONS if args.dry_run else PROBLEMS)
    finally:
        bar.close()
        conn.close()
    if streamed_json:
        sys.stdout.write("[]\n" if first else "\n]\n")
    elif args.format == "json":
        json.dump({**summary.as_dict(), "problems": [o.as_dict() for o in shown],
                   "problems_not_shown": hidden}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if shown and not streamed_table:
            emit([_row(o) for o in shown], ROW_COLUMNS, "table")
        if hidden:
            print(f"… et {hidden} autres lignes à revoir, toutes dans le fichier des rejets.")
        _print_summary(summary)
    return 0


def _print_summary(summary: ImportSummary) -> None:
    counts = summary.counts
    verb = "seraient" if summary.dry_run else "ont été"
    lines = [
        f"{summary.path} ({summary.dialect.encoding}, séparateur {summary.dialect.delimiter_name}) : "
        f"{summary.records} lignes.",
        f"{counts['create']} {verb} créées, {counts['update']} modifiées, "
        f"{counts['unchanged']} inchangées, {counts['duplicate']} doublons probables, "
        f"{counts['rejected']} rejetées.",
    ]
    if promoted := summary.promoted_sentence():
        lines.append(promoted)
    if summary.resumed_at_record:
        lines.append(f"Import repris après la ligne de données {summary.resumed_at_record}.")
    if summary.ignored_columns:
        lines.append("Colonnes ignorées : " + ", ".join(summary.ignored_columns) + ".")
    if summary.reject_path and (counts["rejected"] or counts["duplicate"]):
        lines.append(f"Rejets et doublons (avec leur motif) : {summary.reject_path}")
    for line in lines:
        print(line)
