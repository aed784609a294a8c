"""``relance duplicates``: the probable duplicate clients, with a score and the reasons."""

from __future__ import annotations

import argparse
from typing import Any

from store.db import connect
from store.duplicates import DEFAULT_MIN_SCORE, DuplicatePair, client_names, find_duplicates
from tui.commands.options import count
from tui.context import Context, UsageError
from tui.output import FORMATS, emit

NAME = "duplicates"
HELP = "liste les doublons probables (paires de fiches, score, raisons)"

COLUMNS = [
    ("client_id", "id"),
    ("name", "client"),
    ("other_id", "autre id"),
    ("other_name", "autre client"),
    ("score", "%"),
    ("reasons_text", "raisons"),
]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("--min-score", default=str(DEFAULT_MIN_SCORE), metavar="S",
                        help=f"score minimal de 0 à 100 ({DEFAULT_MIN_SCORE} par défaut)")
    parser.add_argument("--limit", default="100", metavar="N", help="au plus N paires (100 par défaut)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    return parser


def as_row(pair: DuplicatePair, names: dict[int, str]) -> dict[str, Any]:
    """A pair as printed: both ids and names, the score, the reasons (a list in JSON)."""
    return {**pair.as_json(), "name": names.get(pair.client_id, ""),
            "other_name": names.get(pair.other_id, ""), "reasons_text": ", ".join(pair.reasons)}


def run(args: argparse.Namespace, ctx: Context) -> int:
    min_score = count(args.min_score, "--min-score")
    if min_score > 100:
        raise UsageError(f"--min-score : « {args.min_score} » doit valoir au plus 100.")
    limit = count(args.limit, "--limit", minimum=1)
    conn = connect(ctx.db_path, create=False)  # a mistyped --db must not become a new empty base
    try:
        pairs = find_duplicates(conn, min_score=min_score, limit=limit)
        names = client_names(conn, sorted({i for p in pairs for i in (p.client_id, p.other_id)}))
    finally:
        conn.close()
    rows = [as_row(pair, names) for pair in pairs]
    if args.format == "json":
        for row in rows:
            del row["reasons_text"]
    emit(rows, COLUMNS, args.format)
    return 0
