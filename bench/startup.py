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

READY_MARKERS = ("rappels dus", "Aucun rappel")


@dataclass(frozen=True)
class Launch:
    seconds: float
    rss_mb: float
    peak_rss_mb: float


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def _memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of ``pid``, in MB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def launch_once(command: str, settle: float) -> Launch:
    """Start the app once; time to the first queue, then memory after ``settle`` seconds."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
                   check=True)
    try:
        while True:
            screen = _tmux("capture-pane", "-p", "-t", name)
            if any(marker in screen for marker in READY_MARKERS):
                seconds = time.perf_counter() - start
                break
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"no queue on screen after 30 s:\n{screen}")
            time.sleep(0.005)
        pid = int(_tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        time.sleep(settle)  # let the start-up work (rules run) finish before reading memory
        rss, peak = _memory_mb(pid)
    finally:
        _tmux("kill-session", "-t", name)
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
            _tmux("kill-session", "-t", keeper)
    times = sorted(launch.seconds for launch in launches)
    print(f"startup [{label}]: first queue on screen median {statistics.median(times):.3f} s, "
          f"min {times[0]:.3f} s, max {times[-1]:.3f} s over {len(times)} runs")
    print(f"startup [{label}]: RSS {max(launch.rss_mb for launch in launches):.0f} MB, "
          f"peak {max(launch.peak_rss_mb for launch in launches):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
