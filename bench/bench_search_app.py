"""Memory of the real app once the search has been used, in a real terminal (tmux, 80x24).

Usage: python -m bench.bench_search_app --db PATH [--queries N] [--runs N]

Starts ``relance --db PATH``, waits for the queue, presses ``/`` and types N realistic queries
key by key (misspelt, swapped, accent-less names of sampled clients, phones, plates), waiting for
each list of results; then reads the process's resident memory (VmRSS) and its peak (VmHWM).
The app may write (a first user becomes admin, the rules run): give it a copy of the demo.
Not a test: prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.bench_search import labelled_queries
from bench.startup import READY_MARKERS
from bench.terminal import memory_mb, pane_pid, tmux, wait_for
from store.db import connect

RESULT_MARKERS = ("client(s)", "Aucun client trouvé")


def queries(db: Path, count: int, seed: int) -> list[str]:
    """Names as users type them, plus a few phones and plates, from the database itself."""
    conn = connect(db, create=False)
    try:
        rng = random.Random(seed)
        names = [item.query for item in labelled_queries(conn, rng)][:count]
        codes = conn.execute(
            "SELECT c.phone, v.plate FROM clients c JOIN vehicles v ON v.client_id = c.id"
            " WHERE c.id % 997 = 0 LIMIT ?", (max(1, count // 10),)
        ).fetchall()
    finally:
        conn.close()
    return names + [text for pair in codes for text in pair if text]


def run_once(db: Path, typed: list[str]) -> dict[str, float]:
    """One app, the search used for every query; its memory at the end."""
    name = f"bench-search-{uuid.uuid4().hex[:8]}"
    relance = shutil.which("relance") or str(Path(sys.executable).parent / "relance")
    command = f"exec {shlex.quote(relance)} --db {shlex.quote(str(db))}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
                   check=True)
    try:
        wait_for(name, READY_MARKERS)
        pid = pane_pid(name)
        opened, _ = memory_mb(pid)
        tmux("send-keys", "-t", name, "/")
        for query in typed:
            for char in query:
                tmux("send-keys", "-t", name, "-l", char)
            wait_for(name, RESULT_MARKERS)
            tmux("send-keys", "-t", name, "C-u")
            time.sleep(0.05)
        searched, peak = memory_mb(pid)
    finally:
        tmux("kill-session", "-t", name)
    return {"rss_queue_mb": round(opened, 1), "rss_after_search_mb": round(searched, 1),
            "peak_rss_mb": round(peak, 1), "queries": len(typed)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--db", type=Path, required=True, help="a copy of the demo: the app may write")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    if not shutil.which("tmux"):
        raise SystemExit("tmux is needed to run the real app")
    typed = queries(args.db, args.queries, args.seed)
    runs = [run_once(args.db, typed) for _ in range(args.runs)]
    print(json.dumps({"db": str(args.db), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
