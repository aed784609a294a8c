"""Results of worker threads shown on screen, only while there is a screen to show them on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def show_from_thread(screen: Screen[Any], callback: Callable[..., object], *args: object) -> None:
    """Run ``callback(*args)`` on the UI thread, unless the app stopped running or ``screen``
    left the DOM meanwhile (a read that ends as the app closes, or after Escape): its widgets
    may be gone by then, and a query would fail the worker and with it the app."""

    def guarded() -> None:
        if screen.app.is_running and screen.is_attached:
            callback(*args)

    screen.app.call_from_thread(guarded)
