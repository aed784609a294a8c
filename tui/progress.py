"""A progress bar on stderr for long commands, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """``[#########.........]  45 %`` redrawn at most ten times a second; silent off a tty."""

    def __init__(self, label: str, out: TextIO | None = None, width: int = 30) -> None:
        self.out = out or sys.stderr
        self.enabled = self.out.isatty()
        self.label = label
        self.width = width
        self._last = 0.0

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        share = min(1.0, done / total)
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        self.out.write(f"\r{self.label} [{bar}] {share:4.0%}")
        self.out.flush()

    def close(self) -> None:
        if self.enabled:
            self.out.write("\r" + " " * (len(self.label) + self.width + 10) + "\r")
            self.out.flush()
