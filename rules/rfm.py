"""RFM per client over the last quarters (seed ``004``): bought or not in each quarter, the
binary code (``0011``: nothing in periods 1-2, bought in 3 and 4), and the profile.

Periods are whole calendar quarters, the oldest first; the last one is the last quarter ended
before the report's day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from store.reports import ClientPurchases, CodeCount

DEFAULT_QUARTERS = 4

VERY_REGULAR = "very_regular"
REGULAR = "regular"
CYCLICAL = "cyclical"
LOSING_SPEED = "losing_speed"
NEW = "new"
INACTIVE = "inactive"

PROFILES = (VERY_REGULAR, REGULAR, CYCLICAL, LOSING_SPEED, NEW, INACTIVE)
PROFILE_LABELS = {
    VERY_REGULAR: "très régulier",
    REGULAR: "régulier",
    CYCLICAL: "cyclique",
    LOSING_SPEED: "en perte de vitesse (à fidéliser)",
    NEW: "nouveau",
    INACTIVE: "inactif",
}


@dataclass(frozen=True, slots=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.year * 4 + self.number - 1

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def label(self) -> str:
        return f"T{self.number} {self.year}"

    @classmethod
    def of_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


def periods(today: date, count: int = DEFAULT_QUARTERS) -> list[Quarter]:
    """The ``count`` whole quarters ended before ``today``, the oldest first."""
    if count < 1:
        raise ValueError("il faut au moins un trimestre.")
    last = Quarter.of(today).index - 1
    return [Quarter.of_index(i) for i in range(last - count + 1, last + 1)]


@dataclass(frozen=True, slots=True)
class Rfm:
    client_id: int
    code: str
    amounts_cents: tuple[int, ...]  # per period, oldest first
    last_on: str  # recency: the date of the last purchase
    recency_days: int  # days from the last purchase to the end of the window
    frequency: int  # repair orders in the window
    amount_cents: int  # their revenue
    profile: str


def profile_of(code: str, new_client: bool) -> str:
    """The profile of a binary code, the oldest period first (the README has the full table).

    In this order: no purchase -> inactive; every period -> very regular; a first purchase
    ever inside the window with every period bought since -> new; all periods but one,
    including the last -> regular; bought earlier in one stretch but not in the last period ->
    losing speed (to retain); anything else (gaps, comebacks) -> cyclical.
    """
    if "1" not in code:
        return INACTIVE
    if "0" not in code:
        return VERY_REGULAR
    first = code.index("1")
    if new_client and "0" not in code[first:]:
        return NEW
    if code[-1] == "1" and code.count("1") >= len(code) - 1:
        return REGULAR
    if code[-1] == "0" and "0" not in code[first:code.rindex("1") + 1]:
        return LOSING_SPEED
    return CYCLICAL


def window_bounds(window: Sequence[Quarter]) -> list[tuple[str, str]]:
    """``[start, end)`` ISO days of each quarter, for the store."""
    return [(q.first_day.isoformat(), Quarter.of_index(q.index + 1).first_day.isoformat())
            for q in window]


def rfm_of(client: ClientPurchases, window: Sequence[Quarter]) -> Rfm:
    """The RFM of one client whose purchases were read over ``window`` (from :func:`periods`)."""
    start = window[0].first_day.isoformat()
    end = Quarter.of_index(window[-1].index + 1).first_day
    code = "".join("1" if orders else "0" for orders in client.orders)
    new_client = client.first_on >= start
    recency = (end - date.fromisoformat(client.last_on[:10])).days
    return Rfm(client.client_id, code, client.amounts_cents, client.last_on, recency,
               sum(client.orders), sum(client.amounts_cents), profile_of(code, new_client))


def rfm_all(clients: Iterable[ClientPurchases], window: Sequence[Quarter]) -> Iterator[Rfm]:
    """Stream the RFM of every client read from the store."""
    start = window[0].first_day.isoformat()
    end = Quarter.of_index(window[-1].index + 1).first_day
    profiles: dict[tuple[str, bool], str] = {}  # a handful of codes for a million clients
    for client in clients:
        code = "".join(["1" if orders else "0" for orders in client.orders])
        new_client = client.first_on >= start
        profile = profiles.get((code, new_client))
        if profile is None:
            profile = profiles[code, new_client] = profile_of(code, new_client)
        yield Rfm(client.client_id, code, client.amounts_cents, client.last_on,
                  (end - date.fromisoformat(client.last_on[:10])).days, sum(client.orders),
                  sum(client.amounts_cents), profile)


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    profile: str
    clients: int
    amount_cents: int


@dataclass(frozen=True, slots=True)
class RfmSummary:
    profiles: tuple[ProfileSummary, ...]  # in PROFILES order
    codes: dict[str, int]  # how many clients per code
    clients: int


def summarize(rfms: Iterable[Rfm]) -> RfmSummary:
    """Clients and amount per profile, clients per code, without keeping the clients."""
    counts: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    total = 0
    for rfm in rfms:
        counts[rfm.profile] += 1
        amounts[rfm.profile] += rfm.amount_cents
        codes[rfm.code] += 1
        total += 1
    return RfmSummary(
        tuple(ProfileSummary(p, counts[p], amounts[p]) for p in PROFILES),
        dict(sorted(codes.items())),
        total,
    )


def summarize_codes(counts: Iterable[CodeCount]) -> RfmSummary:
    """The same summary from the clients per code the store adds up in SQL."""
    clients: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for count in counts:
        profile = profile_of(count.code, count.new_client)
        clients[profile] += count.clients
        amounts[profile] += count.amount_cents
        codes[count.code] += count.clients
    return RfmSummary(
        tuple(ProfileSummary(p, clients[p], amounts[p]) for p in PROFILES),
        dict(sorted(codes.items())),
        sum(clients.values()),
    )
