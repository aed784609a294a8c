"""Working the queue in a real terminal: keystroke to screen, and from the save to the next brief.

Usage: python -m bench.bench_calls --db COPY.db [--runs N] [--today AAAA-MM-JJ]

Starts ``relance`` in tmux at 80x24 on ``--db`` and polls the screen (``tmux capture-pane``):
- ``down``: from the key to the brief of the next line drawn (the brief is read in a worker);
- ``save``: with the log dialog open on « pas de réponse », from ``enter`` to the dialog gone and
  the next line's brief drawn (the call written, the reminder snoozed, the cursor moved on).
The save WRITES contacts and snoozes reminders: give it a copy of the demo, never the original.
Each figure includes one tmux poll (a few ms); the poll cost is measured and printed too. Figures
are printed, not asserted; on a loaded machine they are noisy: read the median.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.terminal import tmux
from store.clients import client_card
from store.db import connect
from store.queue import queue_page
from store.records import QueueItem
from store.reminders import get_reminder
from store.users import identify

BRIEF_RULE = "─" * 20  # the brief's top border

# « no answer, call again tomorrow », as each save measured below types it: log, outcome, save
NO_ANSWER_KEYS = ("l", "n", "Enter")


def _brief(screen: str) -> str:
    """The part of the screen below the brief's top border."""
    lines = screen.splitlines()
    top = max((n for n, line in enumerate(lines) if line.startswith(BRIEF_RULE)), default=0)
    return "\n".join(lines[top + 1:])


def _shows(item: QueueItem, full: bool = False) -> Callable[[str], bool]:
    """The screen shows ``item``'s brief (its client and the start of its reason), no dialog over it.

    ``full``: with what the client's card adds (the phone consent, read in a worker)."""
    reason = item.reason[:30]

    def shown(screen: str) -> bool:
        below = _brief(screen)
        return ("Noter l'appel —" not in screen and item.client_name in below and reason in below
                and (not full or "Téléphone" in below))  # the consent, from the card

    return shown


class Terminal:
    def __init__(self, command: str) -> None:
        self.name = f"bench-calls-{uuid.uuid4().hex[:8]}"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", command],
                       check=True)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def until(self, done: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Seconds until ``done`` holds for the screen, polling as fast as tmux answers."""
        start = time.perf_counter()
        while True:
            screen = self.screen()
            if done(screen):
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"screen never matched within {timeout} s:\n{screen}")

    def close(self) -> None:
        tmux("kill-session", "-t", self.name)


def _items(db: Path, today: date, count: int) -> list[QueueItem]:
    conn = connect(db)
    try:
        user, _notice = identify(conn, _login())
        if user is None:
            raise SystemExit(f"{_login()} is not a user of {db}: relance users add {_login()} --role sales")
        return queue_page(conn, today, limit=count)
    finally:
        conn.close()


def _login() -> str:
    from tui.context import current_login

    return current_login()


def _report(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    print(f"{label}: median {statistics.median(ms):.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms "
          f"over {len(ms)} runs", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a COPY of the demo: the bench writes to it")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--gap", type=float, default=1.5,
                        help="seconds between two saves (the reload each write causes runs meanwhile)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds between the outcome key and enter (0: l n enter typed at once)")
    args = parser.parse_args(argv)
    relance = shutil.which("relance") or str(Path(sys.executable).parent / "relance")
    items = _items(args.db, date.fromisoformat(args.today), 2 * args.runs + 2)
    if len(items) < 2 * args.runs + 2:
        raise SystemExit(f"the queue has {len(items)} lines; {2 * args.runs + 2} are needed")
    term = Terminal(f"exec {relance} --db {args.db} --today {args.today}")
    try:
        opened = term.until(_shows(items[0]))
        print(f"queue and first brief on screen after {opened:.2f} s", flush=True)
        polls = [term.until(lambda _screen: True) for _ in range(20)]
        _report("one screen poll (tmux capture-pane), included in every figure below", polls)

        down: list[float] = []
        down_full: list[float] = []
        for n in range(1, args.runs + 1):
            term.press("Down")
            down.append(term.until(_shows(items[n])))
            down_full.append(down[-1] + term.until(_shows(items[n], full=True)))
        _report("down: key to the next line's brief on screen (why, who, what to say)", down)
        _report("down: key to the brief with the client's card (consent, vehicle, contacts)", down_full)

        saves: list[float] = []
        saves_full: list[float] = []
        for n in range(args.runs, 2 * args.runs):
            term.press(*NO_ANSWER_KEYS[:-1])
            term.until(lambda screen: "Noter l'appel —" in screen and "→ " in screen
                       and "Pas de réponse : à rappeler" in screen)  # the dialog, outcome chosen
            time.sleep(args.think)
            term.press(NO_ANSWER_KEYS[-1])
            saves.append(term.until(_shows(items[n + 1])))
            saves_full.append(saves[-1] + term.until(_shows(items[n + 1], full=True)))
            time.sleep(args.gap)  # between two calls; the reload after the write runs meanwhile
        _report("save (l n enter): enter to the next line's brief on screen", saves)
        _report("save (l n enter): enter to the next brief with the client's card", saves_full)
        print(f"keys for « no answer, call again tomorrow »: {len(NO_ANSWER_KEYS)}"
              f" ({' '.join(NO_ANSWER_KEYS)}, the keys pressed above)")
    finally:
        term.press("q")
        time.sleep(0.5)
        term.close()
    _check(args.db, items[args.runs:2 * args.runs])
    return 0


def _check(db: Path, saved: list[QueueItem]) -> None:
    """Every save of the bench is in the base: the reminders snoozed, a « no answer » contact each."""
    conn = connect(db)
    try:
        snoozed = sum(get_reminder(conn, item.reminder_id).status == "snoozed" for item in saved)
        logged = sum(any(c.reminder_id == item.reminder_id and c.outcome == "no_answer"
                         for c in client_card(conn, item.client_id, contacts=5).contacts) for item in saved)
    finally:
        conn.close()
    print(f"checked in the base: {snoozed}/{len(saved)} reminders snoozed, "
          f"{logged}/{len(saved)} contacts logged")


if __name__ == "__main__":
    sys.exit(main())
