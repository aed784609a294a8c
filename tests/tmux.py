"""A real terminal for end-to-end tests: tmux, send-keys, capture-pane."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Terminal:
    """One tmux session running one command."""

    name: str

    def screen(self) -> str:
        result = subprocess.run(["tmux", "capture-pane", "-p", "-J", "-t", self.name],
                                capture_output=True, text=True, check=False)
        return result.stdout

    def pid(self) -> int:
        """The process running in the pane (the command, started with ``exec``)."""
        result = subprocess.run(["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"],
                                capture_output=True, text=True, check=True)
        return int(result.stdout.strip())

    def hang_up(self) -> None:
        """Close the terminal as a dropped SSH connection does."""
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False, capture_output=True)

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> str:
        """Poll the screen until ``predicate`` holds; fail with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"screen never matched within {timeout}s:\n{screen}")

    def wait_text(self, text: str, timeout: float = 20.0) -> str:
        return self.wait_for(lambda screen: text in screen, timeout)


@contextmanager
def bare_terminal(command: Sequence[str], env: dict[str, str], size: tuple[int, int] = (80, 24)
                  ) -> Iterator[Terminal]:
    """Run ``command`` as the pane's own process (``exec``): closing the pane hangs it up."""
    name = f"relance-test-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    width, height = size
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
                    f"exec env {exports} {shlex.join(command)}"], check=True)
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, capture_output=True)


@contextmanager
def terminal(command: Sequence[str], env: dict[str, str], size: tuple[int, int] = (80, 24),
             term: str = "xterm-256color") -> Iterator[Terminal]:
    """Run ``command`` in a fresh tmux session; the shell says ``EXIT=<code>`` when it ends."""
    assert shutil.which("tmux"), "tmux is needed for the end-to-end tests (.ci/run installs it)"
    name = f"relance-test-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    shell = f"env TERM={term} {exports} {shlex.join(command)}; echo EXIT=$?; sleep 60"
    width, height = size
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
                    shell], check=True)
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, capture_output=True)
