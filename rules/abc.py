"""ABC segments (seed ``004``): A = the clients making the first 80 % of revenue, B the next
15 %, C the rest (including the clients who bought nothing in the period).

A client belongs to the segment where its revenue starts: the one who crosses 80 % is still A.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from rules.workshop import percent

A_SHARE = 80
B_SHARE = 95  # A's 80 % plus B's 15 %
SEGMENTS = ("A", "B", "C")


def segment_at(revenue_before: int, total: int) -> str:
    """The segment of a client when ``revenue_before`` was made by the clients above it."""
    if total > 0 and revenue_before * 100 < A_SHARE * total:
        return "A"
    if total > 0 and revenue_before * 100 < B_SHARE * total:
        return "B"
    return "C"


def segments(revenues_desc: Iterable[tuple[int, int]], total: int) -> Iterator[tuple[int, str]]:
    """``(client_id, segment)`` for clients read by revenue, the highest first.

    ``revenues_desc`` yields ``(client_id, revenue_cents)``; ``total`` is their sum (read first
    in SQL, so the clients are streamed, never held).
    """
    before = 0
    for client_id, revenue in revenues_desc:
        yield client_id, segment_at(before, total) if revenue > 0 else "C"
        before += revenue


@dataclass(frozen=True, slots=True)
class SegmentSummary:
    segment: str
    clients: int
    revenue_cents: int
    client_share: Decimal  # percent of all clients counted
    revenue_share: Decimal  # percent of the revenue


def summarize(
    revenues_desc: Iterable[tuple[int, int]], total: int, all_clients: int | None = None
) -> list[SegmentSummary]:
    """Clients and revenue per segment, with their shares; without keeping the clients.

    ``all_clients`` counts the clients who bought nothing too: they are C.
    """
    clients = dict.fromkeys(SEGMENTS, 0)
    revenue = dict.fromkeys(SEGMENTS, 0)
    before = 0
    for _, amount in revenues_desc:
        segment = segment_at(before, total) if amount > 0 else "C"
        clients[segment] += 1
        revenue[segment] += amount
        before += amount
    if all_clients is not None:
        clients["C"] += max(all_clients - sum(clients.values()), 0)
    everyone = sum(clients.values())
    return [
        SegmentSummary(s, clients[s], revenue[s], percent(clients[s], everyone),
                       percent(revenue[s], total))
        for s in SEGMENTS
    ]
