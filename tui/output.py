"""Printing rows for the command line as an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from store.csvfiles import spreadsheet_text
from tui.text import clean

FORMATS = ("table", "csv", "json")


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: str,
    out: TextIO | None = None,
) -> None:
    """Write ``rows`` in ``fmt``; ``columns`` pairs a key with its table/CSV heading."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow([heading for _, heading in columns])
        for row in rows:
            writer.writerow(["" if row.get(key) is None else spreadsheet_text(clean(str(row[key])))
                             for key, _ in columns])
    else:
        _table(rows, columns, out)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], out: TextIO) -> None:
    cells = [[clean(row.get(key, "")) for key, _ in columns] for row in rows]
    widths = [len(heading) for _, heading in columns]
    for line in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, line, strict=True)]
    header = "  ".join(h.ljust(w) for (_, h), w in zip(columns, widths, strict=True))
    out.write(header.rstrip() + "\n")
    for line in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")
