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
from store.db import connect

RESULT_MARKERS = ("client(s)", "Aucun client trouvé")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def _memory_mb(pid: int) -> dict[str, float]:
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


def _wait(name: str, markers: tuple[str, ...], timeout: float = 60) -> float:
    started = time.perf_counter()
    while True:
        screen = _tmux("capture-pane", "-p", "-t", name)
        if any(marker in screen for marker in markers):
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"nothing of {markers} after {timeout} s:\n{screen}")
        time.sleep(0.01)


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
        _wait(name, READY_MARKERS)
        pid = int(_tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        opened = _memory_mb(pid)
        _tmux("send-keys", "-t", name, "/")
        for query in typed:
            for char in query:
                _tmux("send-keys", "-t", name, "-l", char)
            _wait(name, RESULT_MARKERS)
            _tmux("send-keys", "-t", name, "C-u")
            time.sleep(0.05)
        searched = _memory_mb(pid)
    finally:
        _tmux("kill-session", "-t", name)
    return {"rss_queue_mb": opened["VmRSS"], "rss_after_search_mb": searched["VmRSS"],
            "peak_rss_mb": searched["VmHWM"], "queries": len(typed)}


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
