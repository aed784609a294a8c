"""Worker threads of a screen: their results shown only while the screen is there, and the
connection they share."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.screen import Screen

from store.db import connect


def show_from_thread(screen: Screen[Any], callback: Callable[..., object], *args: object) -> None:
    """Run ``callback(*args)`` on the UI thread, unless the app stopped running or ``screen``
    left the DOM meanwhile (a read that ends as the app closes, or after Escape): its widgets
    may be gone by then, and a query would fail the worker and with it the app."""

    def guarded() -> None:
        if screen.app.is_running and screen.is_attached:
            callback(*args)

    screen.app.call_from_thread(guarded)


class ScreenConnection:
    """A screen's own database connection for its worker threads: opened on first use, one
    thread at a time (a cancelled worker may still be running), closed with the screen.

    A worker that reads on every keystroke or cursor move reuses it instead of opening the file,
    checking it and setting its pragmas each time."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                self._conn = connect(self.db_path, create=False)
            yield self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
