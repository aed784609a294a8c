"""The floor: a bare Textual app's time to first paint on this machine, to compare startup with."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Aucun rappel (bare Textual)")


if __name__ == "__main__":
    Bare().run()
    sys.exit(0)
