"""The real ``relance`` in a tmux window, as the benches that read the screen drive it."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def tmux(*args: str) -> str:
    """Run one tmux command; its standard output (empty when it failed)."""
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def wait_for(name: str, markers: tuple[str, ...], timeout: float = 60, poll: float = 0.01) -> float:
    """Seconds until one of ``markers`` is on the screen of window ``name``, polled every ``poll``."""
    started = time.perf_counter()
    while True:
        screen = tmux("capture-pane", "-p", "-t", name)
        if any(marker in screen for marker in markers):
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"nothing of {markers} after {timeout} s:\n{screen}")
        time.sleep(poll)


def pane_pid(name: str) -> int:
    """The process running in window ``name``."""
    return int(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of ``pid``, in MB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)
