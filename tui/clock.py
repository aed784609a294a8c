"""The app's notion of now: the day it runs for (``--today`` replays one) at the wall clock's time."""

from __future__ import annotations

from datetime import date, datetime

from tui.context import DEALERSHIP_TZ


def wall_time() -> datetime:
    """The dealership's local time, naive (tests replace this to freeze the clock)."""
    return datetime.now(DEALERSHIP_TZ).replace(tzinfo=None, microsecond=0)


def local_now(today: date) -> datetime:
    """Now, on ``today``: a replayed day keeps the time of day, so « 10h » still means something."""
    return datetime.combine(today, wall_time().time())
