"""Complaints in figures (seed ``003``): time to resolve, and how many per status and channel."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from store.records import Complaint


def days_to_resolve(complaint: Complaint) -> int | None:
    """Days from opening to resolution; None while it is not resolved."""
    if not complaint.resolved_on:
        return None
    opened = date.fromisoformat(complaint.opened_on[:10])
    return (date.fromisoformat(complaint.resolved_on[:10]) - opened).days


def days_open(complaint: Complaint, today: date) -> int:
    """How long the complaint has waited (until its resolution, or until ``today``)."""
    end = date.fromisoformat(complaint.resolved_on[:10]) if complaint.resolved_on else today
    return (end - date.fromisoformat(complaint.opened_on[:10])).days


@dataclass(frozen=True, slots=True)
class ComplaintSummary:
    total: int
    by_status: dict[str, int]
    by_channel: dict[str, int]
    resolved: int
    average_days_to_resolve: Decimal | None  # one decimal
    longest_days_to_resolve: int | None
    oldest_open_days: int | None


def summarize(complaints: Iterable[Complaint], today: date) -> ComplaintSummary:
    """Counts per status and channel, the average and longest time to resolve."""
    statuses: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    durations: list[int] = []
    waiting: list[int] = []
    for complaint in complaints:
        statuses[complaint.status] += 1
        channels[complaint.channel] += 1
        duration = days_to_resolve(complaint)
        if duration is not None:
            durations.append(duration)
        else:
            waiting.append(days_open(complaint, today))
    average = None
    if durations:
        average = (Decimal(sum(durations)) / len(durations)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)
    return ComplaintSummary(
        total=sum(statuses.values()),
        by_status=dict(statuses),
        by_channel=dict(channels),
        resolved=len(durations),
        average_days_to_resolve=average,
        longest_days_to_resolve=max(durations, default=None),
        oldest_open_days=max(waiting, default=None),
    )
