"""The client card's open time on a large base: its read alone, and the real app in tmux.

    python -m bench.bench_card --db COPY [--clients 300] [--runs 20] [--today 2026-11-24]

The read is what the card's worker does: open the file, read the client, vehicles, each
vehicle's last three repair orders, the pending reminders, contracts and last five contacts,
close; timed for random clients that own a vehicle, against the read before the workshop and
reminders sections. The app figure is `enter` on a queue line to the card drawn (tmux 80x24,
including one screen poll). Not a test: prints figures, asserts nothing. Give it a copy: the
app writes (claims, the day's rules run).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from bench.terminal import tmux, wait_for
from store.clients import client_card
from store.db import connect

CARD_MARKER = ("Consentements",)  # drawn by the card's first read, not before
QUEUE_MARKER = ("rappels dus", "Aucun rappel")


def _report(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{label}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
          f" ({len(ms)} cards)")


def bench_read(db: Path, clients: int, seed: int = 11) -> None:
    conn = connect(db)
    top = int(conn.execute("SELECT max(client_id) FROM vehicles").fetchone()[0])
    conn.close()
    rng = random.Random(seed)
    ids: list[int] = []
    probe = connect(db)
    while len(ids) < clients:
        candidate = rng.randrange(1, top + 1)
        if probe.execute("SELECT 1 FROM vehicles WHERE client_id = ?", (candidate,)).fetchone():
            ids.append(candidate)
    probe.close()
    for label, extra in (("read before (no workshop, no reminders)", False),
                         ("card read (workshop + reminders)", True)):
        seconds: list[float] = []
        orders = reminders = 0
        for client_id in ids:
            started = time.perf_counter()
            conn = connect(db)
            try:
                card = client_card(conn, client_id, contacts=5, repair_orders=3 if extra else 0,
                                   reminders=extra)
            finally:
                conn.close()
            seconds.append(time.perf_counter() - started)
            orders += len(card.repair_orders)
            reminders += len(card.reminders)
        _report(label, seconds)
        if extra:
            print(f"  {orders} repair orders and {reminders} reminders shown over {len(ids)} cards")


def bench_app(db: Path, runs: int, today: str) -> None:
    name = "bench-card"
    relance = str(Path(sys.executable).parent / "relance")
    tmux("kill-session", "-t", name)
    tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24",
         f"{relance} --db {db} --today {today}")
    try:
        wait_for(name, QUEUE_MARKER)
        time.sleep(3)  # the day's rules run, in its thread, out of the way
        seconds: list[float] = []
        for _ in range(runs):
            tmux("send-keys", "-t", name, "Down")
            time.sleep(0.3)
            tmux("send-keys", "-t", name, "Enter")
            seconds.append(wait_for(name, CARD_MARKER, poll=0.002))
            tmux("send-keys", "-t", name, "Escape")
            wait_for(name, QUEUE_MARKER)
            time.sleep(0.3)
        _report("app: enter on a queue line to the card drawn", seconds)
    finally:
        tmux("kill-session", "-t", name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a COPY of the demo database")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--today", default="2026-11-24")
    args = parser.parse_args(argv)
    bench_read(args.db, args.clients)
    if args.runs:
        bench_app(args.db, args.runs, args.today)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
