"""From the command to the first queue on screen, and the app's memory, in a real terminal.

Usage: python -m bench.startup --db PATH [--runs N] [--today AAAA-MM-JJ]
Starts ``relance`` in tmux at 80x24 and polls the screen until the queue summary is drawn.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.terminal import memory_mb, pane_pid, tmux, wait_for

READY_MARKERS = ("rappels dus", "Aucun rappel")


@dataclass(frozen=True)
class Launch:
    seconds: float
    rss_mb: float
    peak_rss_mb: float


def launch_once(command: str, settle: float) -> Launch:
    """Start the app once; time to the first queue, then memory after ``settle`` seconds."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
                   check=True)
    try:
        wait_for(name, READY_MARKERS, timeout=30, poll=0.005)
        seconds = time.perf_counter() - start
        pid = pane_pid(name)
        time.sleep(settle)  # let the start-up work (rules run) finish before reading memory
        rss, peak = memory_mb(pid)
    finally:
        tmux("kill-session", "-t", name)
    return Launch(seconds=seconds, rss_mb=rss, peak_rss_mb=peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="database (default: a new empty one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--bare", action="store_true", help="time a bare Textual app instead")
    args = parser.parse_args(argv)
    relance = shutil.which("relance") or str(Path(sys.executable).parent / "relance")
    parser_bare = args.bare
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "empty.db"
        label = "empty database" if args.db is None else str(db)
        command = f"exec {relance} --db {db} --today {args.today}"
        if parser_bare:
            label = "bare Textual app"
            command = f"exec {sys.executable} -m bench.bare_textual"
        # a session kept open meanwhile: the tmux server must not exit between two launches
        keeper = f"bench-keeper-{uuid.uuid4().hex[:8]}"
        subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 600"], check=True)
        try:
            launches = [launch_once(command, args.settle) for _ in range(args.runs)]
        finally:
            tmux("kill-session", "-t", keeper)
    times = sorted(launch.seconds for launch in launches)
    print(f"startup [{label}]: first queue on screen median {statistics.median(times):.3f} s, "
          f"min {times[0]:.3f} s, max {times[-1]:.3f} s over {len(times)} runs")
    print(f"startup [{label}]: RSS {max(launch.rss_mb for launch in launches):.0f} MB, "
          f"peak {max(launch.peak_rss_mb for launch in launches):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
