"""Rows of the demo dealership, generated chunk by chunk as tuples ready for ``executemany``.

One :class:`random.Random` drives everything in a fixed order, and every date derives from
``today``: the same seed and day give the same rows, however they are chunked.

Speed comes from pools: weighted values are spread over lists of a power-of-two length, so one
``getrandbits`` call picks several fields with masks; names, client traits, consents, vehicle
specs and financing deals are drawn once into such pools, then picked whole.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from store import demo_data as data
from store.demo_identifiers import (
    PHONE_STYLES,
    Calendar,
    VinMaker,
    fni_plate,
    landline_digits,
    mobile_digits,
    siv_plate,
    typed_phone,
)

T = TypeVar("T")

WINDOW_YEARS = 6
SIV_START = dt.date(2009, 4, 15)
RECENT_LEAD_DAYS = 14
RECENT_PROPOSAL_DAYS = 7
DUPLICATE_RATE = 0.003
HOMONYM_RATE = 0.003
RECENT_PEOPLE = 200  # duplicates and homonyms copy one of the last clients made
REPAIR_ORDERS_PER_YEAR = 0.86
POOL_BITS = 12
POOL_SIZE = 1 << POOL_BITS
POOL_MASK = POOL_SIZE - 1
NAME_POOL_BITS = 16
NAME_POOL_MASK = (1 << NAME_POOL_BITS) - 1
TIME_BITS = 14
TIMES = [f"T{7 + n * 13 * 3600 // (1 << TIME_BITS) // 3600:02d}:"
         f"{n * 13 * 3600 // (1 << TIME_BITS) // 60 % 60:02d}:"
         f"{n * 13 * 3600 // (1 << TIME_BITS) % 60:02d}" for n in range(1 << TIME_BITS)]
TIME_MASK = (1 << TIME_BITS) - 1

# Columns of the big tables with their SQL values: ``?N`` repeats a parameter (created and
# updated often match) and constants stay in the statement, so each row carries less.
CLIENT_INSERT = (
    "clients",
    ("id", "external_id", "kind", "civility", "last_name", "first_name", "company", "birth_year",
     "situation", "profession", "interests", "phone", "phone2", "email", "address", "postcode",
     "city", "origin", "assigned_user_id",
     "consent_phone", "consent_phone_on", "consent_phone_source",
     "consent_sms", "consent_sms_on", "consent_sms_source",
     "consent_email", "consent_email_on", "consent_email_source",
     "consent_post", "consent_post_on", "consent_post_source",
     "last_contact_on", "last_inbound_on", "version", "created_at", "created_by", "updated_at",
     "updated_by"),
    ("?1", "CASE WHEN ?2 = 'prospect' THEN NULL ELSE printf('DMS%08d', ?1) END", "?2", "?3",
     "?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11", "?12", "?13", "?14", "?15", "?16", "?17",
     "?18", "?19", "?20", "?21", "?22", "?23", "?24", "?25", "?26", "?27", "?28", "?29", "?30",
     "?31", "?32", "1", "?33", "?34", "?35", "?34"),
)
VEHICLE_INSERT = (
    "vehicles",
    ("id", "client_id", "make", "model", "version_name", "energy", "plate", "vin",
     "first_registration_on", "delivered_on", "condition", "sold_here", "mileage", "mileage_on",
     "status", "version", "created_at", "created_by", "updated_at", "updated_by"),
    ("?1", "?2", "?3", "?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11", "?12", "?13", "?14",
     "?15", "1", "?16", "?17", "?18", "?17"),
)
FINANCING_INSERT = (
    "financings",
    ("id", "vehicle_id", "client_id", "external_id", "mode", "lender", "start_on",
     "duration_months", "end_on", "monthly_payment_cents", "residual_cents", "status",
     "version", "created_at", "created_by", "updated_at", "updated_by"),
    ("?1", "?2", "?3", "printf('CTR%08d', ?1)", "?4", "?5", "?6", "?7", "?8", "?9", "?10",
     "?11", "1", "?12", "?13", "?12", "?13"),
)
REPAIR_ORDER_INSERT = (
    "repair_orders",
    ("id", "number", "opened_on", "client_id", "vehicle_id", "mileage", "revenue_cents", "kind",
     "version", "created_at", "created_by", "updated_at", "updated_by"),
    ("?1", "printf('OR%08d', ?1)", "?2", "?3", "?4", "?5", "?6", "?7", "1", "?8", "?9", "?8",
     "?9"),
)
LEAD_COLUMNS = (
    "id", "client_id", "external_id", "source", "received_at", "status", "assigned_user_id",
    "subject", "version", "created_at", "created_by", "updated_at", "updated_by",
)
PROPOSAL_COLUMNS = (
    "id", "client_id", "external_id", "vehicle_offered", "amount_cents", "handed_on", "status",
    "user_id", "version", "created_at", "created_by", "updated_at", "updated_by",
)
CONTACT_COLUMNS = (
    "id", "client_id", "at", "user_login", "channel", "direction", "outcome", "note",
    "next_action_on", "campaign_id", "version", "created_at", "created_by", "updated_at",
    "updated_by",
)
WISH_COLUMNS = (
    "id", "client_id", "model", "segment", "energy", "budget_cents", "horizon_on", "needs",
    "version", "created_at", "created_by", "updated_at", "updated_by",
)
COMPLAINT_COLUMNS = (
    "id", "client_id", "opened_on", "channel", "subject", "status", "resolution", "resolved_on",
    "user_login", "version", "created_at", "created_by", "updated_at", "updated_by",
)
LABEL_COLUMNS = ("kind", "client_id", "other_id")

Row = tuple[object, ...]


@dataclass(slots=True)
class ChunkRows:
    """The rows of one chunk of clients, table by table."""

    clients: list[Row] = field(default_factory=list)
    vehicles: list[Row] = field(default_factory=list)
    financings: list[Row] = field(default_factory=list)
    repair_orders: list[Row] = field(default_factory=list)
    leads: list[Row] = field(default_factory=list)
    proposals: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    wishes: list[Row] = field(default_factory=list)
    complaints: list[Row] = field(default_factory=list)
    labels: list[Row] = field(default_factory=list)


class Person(NamedTuple):
    """What a duplicate or a homonym copies from an earlier client."""

    client_id: int
    civility: str
    first_name: str
    last_name: str
    birth_year: int
    phone_digits: str
    email: str
    address: str
    postcode: str
    city: str


class Name(NamedTuple):
    """A civility, a first and a last name, and the e-mail local parts they suggest."""

    civility: str
    first: str
    last: str
    emails: tuple[str, str, str, str]


class VehicleSpec(NamedTuple):
    """A make and model as sold: version, energy, price and the VIN parts of its factory."""

    make: str
    model: str
    version: str
    energy: str
    price: int
    descriptor: str
    wmi: str
    plant: str
    deals: list[tuple[str, int, str]]


@dataclass(frozen=True, slots=True)
class Staff:
    """The users the demo rows point to."""

    sales_ids: tuple[int, ...]
    sales_logins: tuple[str, ...]
    aftersales_logins: tuple[str, ...]
    campaign_ids: tuple[int, ...]


def ascii_fold(text: str) -> str:
    """``Lefèvre`` as ``Lefevre``: what a keyboard without accents produces."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def email_local(first: str, last: str, style: int) -> str:
    """The part before ``@`` a person with this name would choose."""
    first_key = ascii_fold(first).lower().replace(" ", "").replace("'", "")
    last_key = ascii_fold(last).lower().replace(" ", "").replace("'", "")
    if style == 0:
        return f"{first_key}.{last_key}"
    if style == 1:
        return f"{first_key[0]}{last_key}"
    if style == 2:
        return f"{last_key}.{first_key}"
    return f"{first_key}{last_key}"


def spread(weighted: Sequence[tuple[T, int]], size: int = POOL_SIZE) -> list[T]:
    """A list of exactly ``size`` values, each in proportion to its weight."""
    total = sum(weight for _, weight in weighted)
    values: list[T] = []
    running = 0
    for value, weight in weighted:
        running += weight
        values.extend([value] * (round(running * size / total) - len(values)))
    return values


def insert_sql(spec: tuple[str, Sequence[str], Sequence[str]]) -> str:
    """The INSERT statement of a table, its columns and their SQL values."""
    table, columns, values = spec
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"


class ChunkBuilder:
    """Generates the demo rows, one chunk of clients at a time, ids running across chunks."""

    def __init__(self, seed: int, today: dt.date, staff: Staff) -> None:
        self.rng = random.Random(seed)
        self.cal = Calendar(today, WINDOW_YEARS)
        self.this_year = today.year
        self.today_iso = self.cal.iso[self.cal.today]
        self.staff = staff
        self.vins = VinMaker()
        self.next_vehicle = 1
        self.next_financing = 1
        self.next_repair_order = 1
        self.next_lead = 1
        self.next_proposal = 1
        self.next_contact = 1
        self.next_wish = 1
        self.next_complaint = 1
        self.recent: list[Person] = []
        self.pending_label: tuple[str, int, int] | None = None
        self._build_pools()

    def _build_pools(self) -> None:
        self.cities = spread(data.CITIES)
        self.streets = spread([(street, 1) for street in data.STREETS])
        self.street_suffixes = spread(data.STREET_NUMBER_SUFFIXES)
        self.domains = spread(data.EMAIL_DOMAINS)
        self.departments = spread(data.OLD_PLATE_DEPARTMENTS)
        self.lead_sources = data.expand(data.LEAD_SOURCES)
        self.repair_kinds = spread(
            tuple(((kind, low * 100, (high - low) * 100), weight)
                  for kind, weight, low, high in data.REPAIR_KINDS)
        )
        self.vehicle_counts = spread(((0, 12), (1, 42), (2, 30), (3, 11), (4, 5)))
        self.names = self._name_pool()
        self.traits = self._trait_pool()
        self.consent_patterns = self._consent_pool()
        self.specs = self._spec_pool()
        self.models = [(s.make, s.model, (s.version,), (s.energy,), s.price, s.descriptor)
                       for s in self.specs]
        self.sales_days_max = self.cal.today - self.cal.window_start

    def _name_pool(self) -> list[Name]:
        r = self.rng.random
        last_names = data.expand(data.LAST_NAMES)
        pools = (("M.", data.expand(data.MALE_FIRST_NAMES)),
                 ("Mme", data.expand(data.FEMALE_FIRST_NAMES)))
        locals_seen: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        names = []
        for _ in range(1 << NAME_POOL_BITS):
            civility, first_names = pools[0 if r() < 0.5 else 1]
            first = first_names[int(r() * len(first_names))]
            last = last_names[int(r() * len(last_names))]
            if r() < 0.03:
                other = last_names[int(r() * len(last_names))]
                if other != last and " " not in other and " " not in last:
                    last = f"{last}-{other}"
            emails = locals_seen.get((first, last))
            if emails is None:
                emails = (email_local(first, last, 0), email_local(first, last, 1),
                          email_local(first, last, 2), email_local(first, last, 3))
                locals_seen[(first, last)] = emails
            names.append(Name(civility, first, last, emails))
        return names

    def _trait_pool(self) -> list[tuple[str, str, str, str, str, int]]:
        """Situation, profession, interests, origin, company and phone habit, drawn together."""
        r = self.rng.random
        situations = data.expand(data.SITUATIONS)
        professions = data.expand(data.PROFESSIONS)
        interests = data.expand(data.INTERESTS)
        origins = data.expand(data.ORIGINS)
        companies = data.COMPANIES
        return [(situations[int(r() * len(situations))],
                 professions[int(r() * len(professions))],
                 interests[int(r() * len(interests))],
                 origins[int(r() * len(origins))],
                 companies[int(r() * len(companies))] if r() < 0.02 else "",
                 _phone_style(r()))
                for _ in range(POOL_SIZE)]

    def _consent_pool(self) -> list[tuple[str, str, str, str, str, str, str, str]]:
        """State and source for phone, SMS, e-mail and post, as one signature collects them."""
        r = self.rng.random
        states = data.expand((("yes", 45), ("no", 20), ("unknown", 35)))
        sources = data.CONSENT_SOURCES
        pool = []
        for _ in range(POOL_SIZE):
            pattern: list[str] = []
            for _channel in range(4):
                state = states[int(r() * len(states))]
                pattern += (state, "" if state == "unknown" else
                            sources[int(r() * len(sources))])
            a, b, c, d, e, f, g, h = pattern
            pool.append((a, b, c, d, e, f, g, h))
        return pool

    def _spec_pool(self) -> list[VehicleSpec]:
        r = self.rng.random
        make_info = {make: (wmis, plants, weight) for make, wmis, plants, weight in data.MAKES}
        deals = {make: self._deal_pool(make) for make in make_info}
        descriptor_rng = random.Random("vin-descriptors")  # fixed: a model keeps its code
        weighted = []
        for make, model, versions, energies, price, weight in data.MODELS:
            descriptor = "".join(descriptor_rng.choice(data.VIN_CHARS[:23]) for _ in range(4))
            energy_pool = data.expand(energies)
            wmis, plants, make_weight = make_info[make]
            for _ in range(weight * make_weight // 8 + 1):
                spec = VehicleSpec(make, model, versions[int(r() * len(versions))],
                                   energy_pool[int(r() * len(energy_pool))], price, descriptor,
                                   wmis[int(r() * len(wmis))], plants[int(r() * len(plants))],
                                   deals[make])
                weighted.append((spec, 1))
        return spread(weighted)

    def _deal_pool(self, make: str) -> list[tuple[str, int, str]]:
        """Mode, duration and lender of contracts on cars of ``make``."""
        r = self.rng.random
        modes = data.expand(data.FINANCING_MODES)
        durations = data.expand(data.FINANCING_DURATIONS)
        captive = data.CAPTIVE_LENDERS[make]
        deals = []
        for _ in range(1024):
            mode = modes[int(r() * len(modes))]
            if mode == "cash":
                deals.append(("cash", 0, ""))
                continue
            if mode == "lld" and r() < 0.5:
                lender = data.LLD_LENDERS[int(r() * len(data.LLD_LENDERS))]
            elif mode == "loan" and r() < 0.45:
                lender = data.BANK_LENDERS[int(r() * len(data.BANK_LENDERS))]
            else:
                lender = captive[int(r() * len(captive))]
            deals.append((mode, durations[int(r() * len(durations))], lender))
        return deals

    # -- one chunk ------------------------------------------------------------------------

    def chunk(self, first_client_id: int, count: int) -> ChunkRows:
        """The rows of clients ``first_client_id`` .. ``first_client_id + count - 1``."""
        rows = ChunkRows()
        for client_id in range(first_client_id, first_client_id + count):
            self._client(rows, client_id)
        return rows

    def _client(self, rows: ChunkRows, client_id: int) -> None:
        draw = self.rng.random()
        if draw < DUPLICATE_RATE and self.recent:
            self._duplicate(rows, client_id)
            return
        person = self._new_person(client_id, homonym=draw < DUPLICATE_RATE + HOMONYM_RATE)
        self._client_with_history(rows, person)
        recent = self.recent
        recent.append(person)
        if len(recent) > 2 * RECENT_PEOPLE:
            del recent[:RECENT_PEOPLE]

    def _new_person(self, client_id: int, *, homonym: bool) -> Person:
        r = self.rng.random
        bits = self.rng.getrandbits(60)
        birth_year = self.this_year - 19 - int((r() + r() + r()) * 24)
        postcode, city = self.cities[bits & POOL_MASK]
        name = self.names[(bits >> 12) & NAME_POOL_MASK]
        email = (f"{name.emails[(bits >> 28) & 3]}{client_id}"  # the id: no two people share one
                 f"@{self.domains[(bits >> 30) & POOL_MASK]}") if (bits >> 42) & 7 < 6 else ""
        number = 1 + int(r() * r() * 180)
        street = self.streets[int(r() * POOL_SIZE)]
        address = f"{number}{self.street_suffixes[(bits >> 45) & POOL_MASK]} {street}"
        person = Person(client_id, name.civility, name.first, name.last, birth_year,
                        mobile_digits(client_id), email, address, postcode, city)
        if homonym and self.recent:
            person = self._homonym(person)
        return person

    def _homonym(self, person: Person) -> Person:
        """Another person with the name of a recent client: other birth year, city and phone."""
        r = self.rng.random
        original = self.recent[int(r() * len(self.recent))]
        gap = 3 + int(r() * 25)
        too_young = original.birth_year + gap > self.this_year - 18
        birth_year = original.birth_year + (-gap if too_young or r() < 0.5 else gap)
        postcode, city = person.postcode, person.city
        while city == original.city:
            postcode, city = self.cities[int(r() * POOL_SIZE)]
        self.pending_label = ("homonym", original.client_id, person.client_id)
        return person._replace(civility=original.civility, first_name=original.first_name,
                               last_name=original.last_name, birth_year=birth_year,
                               postcode=postcode, city=city)

    def _client_with_history(self, rows: ChunkRows, person: Person) -> None:
        r = self.rng.random
        cal = self.cal
        client_id = person.client_id
        bits = self.rng.getrandbits(24)
        first_day = cal.window_start + int(r() * self.sales_days_max)
        staff = self.staff
        seller = (bits >> 12) % len(staff.sales_ids)
        seller_id, seller_login = staff.sales_ids[seller], staff.sales_logins[seller]
        last_day = first_day
        vehicle_count = self.vehicle_counts[bits & POOL_MASK]
        for _ in range(vehicle_count):
            seen = self._vehicle(rows, client_id, first_day, seller_login)
            if seen > last_day:
                last_day = seen
        kind = "prospect" if vehicle_count == 0 else ("former" if r() < 0.04 else "client")
        last_contact = self._leads_and_talks(rows, client_id, first_day, kind, seller_id,
                                             seller_login)
        if r() < 0.004:
            self._complaint(rows, client_id, first_day)
        if last_contact is not None and last_contact > last_day:
            last_day = last_contact
        self._client_row(rows, person, kind, first_day, last_day, last_contact, seller_id,
                         seller_login)
        if self.pending_label is not None:
            rows.labels.append(self.pending_label)
            self.pending_label = None

    def _client_row(self, rows: ChunkRows, person: Person, kind: str, first_day: int,
                    last_day: int, last_contact: int | None, seller_id: int,
                    seller_login: str) -> None:
        r = self.rng.random
        cal = self.cal
        iso = cal.iso
        bits = self.rng.getrandbits(64)
        situation, profession, interests, origin, company, phone_style = (
            self.traits[bits & POOL_MASK])
        if self.this_year - person.birth_year > 66 and (bits >> 12) & 7 != 0:
            profession = "retraité(e)"
        phone = typed_phone(person.phone_digits, phone_style)
        phone2 = typed_phone(landline_digits(person.client_id), 0) if (bits >> 15) & 15 < 3 else ""
        c = self.consent_patterns[(bits >> 19) & POOL_MASK]
        on = iso[first_day + int(r() * r() * (cal.today - first_day + 1))]
        contact_iso = iso[last_contact] if last_contact is not None else None
        inbound_iso = contact_iso if (bits >> 31) & 3 == 0 else None
        created = iso[first_day] + TIMES[(bits >> 33) & TIME_MASK]
        updated = iso[last_day] + TIMES[(bits >> 47) & TIME_MASK]
        rows.clients.append((
            person.client_id, kind, "" if company else person.civility, person.last_name,
            person.first_name, company, person.birth_year, situation, profession, interests,
            phone, phone2, person.email, person.address, person.postcode, person.city, origin,
            seller_id,
            c[0], None if c[0] == "unknown" else on, c[1],
            c[2], None if c[2] == "unknown" else on, c[3],
            c[4], None if c[4] == "unknown" else on, c[5],
            c[6], None if c[6] == "unknown" else on, c[7],
            contact_iso, inbound_iso,
            created, seller_login, updated if updated > created else created,
        ))

    # -- vehicles, financing, workshop ------------------------------------------------------

    def _vehicle(self, rows: ChunkRows, client_id: int, first_day: int, seller: str) -> int:
        """Add a vehicle with its financing and repair orders; return the last day it was seen."""
        r = self.rng.random
        cal = self.cal
        iso = cal.iso
        bits = self.rng.getrandbits(64)
        more = self.rng.getrandbits(64)
        vehicle_id = self.next_vehicle
        self.next_vehicle = vehicle_id + 1
        spec = self.specs[bits & POOL_MASK]
        sold_here = (bits >> 12) & 31 < 28
        if sold_here:  # delivered by us, new or used; else seen only at the workshop
            start = first_day + int(r() * r() * (cal.today - first_day + 1))
            is_new = (bits >> 17) & 7 < 5
            age_days = 0 if is_new else 200 + int(r() * r() * 3000)
            registered = start - age_days - ((bits >> 20) & 15)
        else:
            start = first_day
            is_new = False
            registered = cal.window_start - int(r() * 5500)
        registration = cal.dates[registered]
        if not sold_here and registration < SIV_START and (bits >> 24) & 3 != 0:
            plate = fni_plate(vehicle_id, self.departments[(bits >> 26) & POOL_MASK])
        else:
            plate = siv_plate(vehicle_id)
        vin = self.vins.vin(spec.wmi, spec.descriptor, registration.year, spec.plant, vehicle_id)
        km_per_day = 20 + (more & 63) % 50
        start_km = 5 + (more >> 6 & 31) % 20 if is_new else (
            (start - registered) * km_per_day * 2 // 3)  # older cars are driven less
        last_day, mileage = self._repair_orders(rows, client_id, vehicle_id, start, start_km,
                                                km_per_day)
        status_draw = (more >> 11) & 127
        status = "owned" if status_draw < 119 else ("sold" if status_draw < 126 else "scrapped")
        created = iso[start] + TIMES[(more >> 18) & TIME_MASK]
        updated = iso[last_day] + TIMES[(more >> 32) & TIME_MASK]
        rows.vehicles.append((
            vehicle_id, client_id, spec.make, spec.model, spec.version, spec.energy, plate, vin,
            iso[registered], iso[start] if sold_here else None,
            "new" if is_new else "used", 1 if sold_here else 0, mileage, iso[last_day], status,
            created, seller, updated if updated > created else created,
        ))
        if sold_here:
            price = spec.price if is_new else spec.price * (55 + (more >> 46 & 31)) // 100
            self._financing(rows, client_id, vehicle_id, spec, start, price, seller)
        return last_day

    def _financing(self, rows: ChunkRows, client_id: int, vehicle_id: int, spec: VehicleSpec,
                   start: int, price: int, seller: str) -> None:
        r = self.rng.random
        cal = self.cal
        bits = self.rng.getrandbits(32)
        financing_id = self.next_financing
        self.next_financing = financing_id + 1
        mode, months, lender = spec.deals[bits & 1023]
        if mode == "cash":
            end_iso, monthly, residual, status = None, None, None, "closed"
        else:
            end_iso = cal.months_later(start, months)
            monthly, residual = _payments(mode, price, months, r())
            status = "active" if end_iso >= self.today_iso else (
                "renewed" if (bits >> 24) & 7 < 3 else "closed")
        rows.financings.append((
            financing_id, vehicle_id, client_id, mode, lender, cal.iso[start], months, end_iso,
            monthly, residual, status, cal.iso[start] + TIMES[(bits >> 10) & TIME_MASK], seller,
        ))

    def _repair_orders(self, rows: ChunkRows, client_id: int, vehicle_id: int, start: int,
                       start_km: int, km_per_day: int) -> tuple[int, int]:
        """Workshop visits from ``start`` to today; return the last visit's day and mileage."""
        rng = self.rng
        r = rng.random
        getrandbits = rng.getrandbits
        span = self.cal.today - start
        count = int(span * (REPAIR_ORDERS_PER_YEAR / 365.0) + r())
        if count == 0:
            return start, start_km
        days = sorted([start + 1 + int(r() * span) for _ in range(count)])
        kinds = self.repair_kinds
        append = rows.repair_orders.append
        iso = self.cal.iso
        logins = self.staff.aftersales_logins
        login_count = len(logins)
        order_id = self.next_repair_order
        self.next_repair_order = order_id + count
        for day in days:
            bits = getrandbits(64)
            kind, low, span_cents = kinds[bits & POOL_MASK]
            revenue = low + (bits >> 26) % span_cents if span_cents else low
            opened = iso[day]
            append((order_id, opened, client_id, vehicle_id,
                    start_km + (day - start) * km_per_day, revenue, kind,
                    opened + TIMES[(bits >> 12) & TIME_MASK], logins[order_id % login_count]))
            order_id += 1
        return days[-1], start_km + (days[-1] - start) * km_per_day

    # -- leads, proposals, contacts, wishes, complaints -----------------------------------

    def _leads_and_talks(self, rows: ChunkRows, client_id: int, first_day: int, kind: str,
                         seller_id: int, seller: str) -> int | None:
        """Leads, proposals, wishes and contacts of a client; return the last contact's day."""
        r = self.rng.random
        if r() < (0.7 if kind == "prospect" else 0.12):
            self._lead(rows, client_id, first_day, seller_id, seller)
        if r() < 0.08:
            self._proposal(rows, client_id, first_day, seller_id, seller)
        if r() < (0.12 if kind == "prospect" else 0.05):
            self._wish(rows, client_id, first_day, seller)
        last_contact = None
        draw = r()
        contact_count = 0 if draw < 0.75 else (1 if draw < 0.92 else 2)
        for _ in range(contact_count):
            day = self._contact(rows, client_id, first_day, seller)
            last_contact = day if last_contact is None else max(last_contact, day)
        return last_contact

    def _lead(self, rows: ChunkRows, client_id: int, first_day: int, seller_id: int,
              seller: str) -> None:
        r = self.rng.random
        cal = self.cal
        lead_id = self.next_lead
        self.next_lead += 1
        source = self.lead_sources[int(r() * len(self.lead_sources))]
        recent = r() < 0.1
        if recent:
            day = cal.today - int(r() * RECENT_LEAD_DAYS)
            draw = r()
            status = "new" if draw < 0.6 else ("in_progress" if draw < 0.9 else "handled")
        else:
            day = first_day + int(r() * max(1, cal.today - RECENT_LEAD_DAYS - first_day + 1))
            draw = r()
            status = "handled" if draw < 0.6 else ("lost" if draw < 0.95 else "in_progress")
        day = min(day, cal.today)
        subjects = data.LEAD_SUBJECTS[source]
        received = cal.iso[day] + TIMES[int(r() * len(TIMES))]
        updated = received if status == "new" else max(received, (
            cal.iso[min(cal.today, day + int(r() * 5))] + TIMES[int(r() * len(TIMES))]))
        rows.leads.append((
            lead_id, client_id, f"LD{lead_id:08d}", source, received, status,
            seller_id if status != "new" or r() < 0.5 else None,
            subjects[int(r() * len(subjects))], 1, received, "import", updated, seller,
        ))

    def _proposal(self, rows: ChunkRows, client_id: int, first_day: int, seller_id: int,
                  seller: str) -> None:
        r = self.rng.random
        cal = self.cal
        proposal_id = self.next_proposal
        self.next_proposal += 1
        make, model, versions, energies, price, _ = self.models[int(r() * len(self.models))]
        offered = f"{make} {model} {versions[int(r() * len(versions))]} " \
                  f"{energies[int(r() * len(energies))]}"
        amount = (price * (88 + int(r() * 14)) // 100) * 100
        if r() < 0.12:
            day = cal.today - int(r() * RECENT_PROPOSAL_DAYS)
            status = "open"
        else:
            day = first_day + int(r() * (cal.today - first_day + 1))
            draw = r()
            status = "open" if day > cal.today - 30 else (
                "accepted" if draw < 0.35 else ("refused" if draw < 0.65 else "expired"))
        stamp = cal.iso[day] + TIMES[int(r() * len(TIMES))]
        rows.proposals.append((
            proposal_id, client_id, f"PR{proposal_id:08d}", offered, amount, cal.iso[day],
            status, seller_id, 1, stamp, seller, stamp, seller,
        ))

    def _wish(self, rows: ChunkRows, client_id: int, first_day: int, seller: str) -> None:
        r = self.rng.random
        cal = self.cal
        wish_id = self.next_wish
        self.next_wish += 1
        make, model, _, energies, price, _ = self.models[int(r() * len(self.models))]
        stamp = cal.iso[first_day] + TIMES[int(r() * len(TIMES))]
        horizon = cal.iso[first_day + 30 + int(r() * 330)]
        rows.wishes.append((
            wish_id, client_id, f"{make} {model}",
            data.WISH_SEGMENTS[int(r() * len(data.WISH_SEGMENTS))],
            energies[int(r() * len(energies))], price * 100, horizon,
            data.WISH_NEEDS[int(r() * len(data.WISH_NEEDS))], 1, stamp, seller, stamp, seller,
        ))

    def _contact(self, rows: ChunkRows, client_id: int, first_day: int, seller: str) -> int:
        r = self.rng.random
        cal = self.cal
        contact_id = self.next_contact
        self.next_contact += 1
        day = first_day + int(r() * (cal.today - first_day + 1))
        channel, outcome, note = data.CONTACT_NOTES[int(r() * len(data.CONTACT_NOTES))]
        at = cal.iso[day] + TIMES[int(r() * len(TIMES))]
        next_action = cal.iso[day + 7 + int(r() * 60)] if outcome == "callback" else None
        campaigns = self.staff.campaign_ids
        campaign = campaigns[int(r() * len(campaigns))] if r() < 0.1 else None
        direction = "in" if channel == "visit" or r() < 0.1 else "out"
        rows.contacts.append((
            contact_id, client_id, at, seller, channel, direction, outcome, note, next_action,
            campaign, 1, at, seller, at, seller,
        ))
        return day

    def _complaint(self, rows: ChunkRows, client_id: int, first_day: int) -> None:
        r = self.rng.random
        cal = self.cal
        complaint_id = self.next_complaint
        self.next_complaint += 1
        day = first_day + int(r() * (cal.today - first_day + 1))
        draw = r()
        status = "open" if draw < 0.2 else ("in_progress" if draw < 0.35 else (
            "resolved" if draw < 0.7 else "closed"))
        done = status in ("resolved", "closed")
        resolved_on = cal.iso[min(cal.today, day + 2 + int(r() * 40))] if done else None
        resolution = data.COMPLAINT_RESOLUTIONS[int(r() * len(data.COMPLAINT_RESOLUTIONS))] \
            if done else ""
        login = self.staff.aftersales_logins[int(r() * len(self.staff.aftersales_logins))]
        stamp = cal.iso[day] + TIMES[int(r() * len(TIMES))]
        rows.complaints.append((
            complaint_id, client_id, cal.iso[day], "phone" if r() < 0.6 else "email",
            data.COMPLAINT_SUBJECTS[int(r() * len(data.COMPLAINT_SUBJECTS))], status, resolution,
            resolved_on, login, 1, stamp, login, (resolved_on or cal.iso[day]) + "T17:30:00",
            login,
        ))

    # -- near-duplicates ---------------------------------------------------------------------

    def _duplicate(self, rows: ChunkRows, client_id: int) -> None:
        """The same person typed a second time, with a typo, an accent or a phone habit."""
        r = self.rng.random
        original = self.recent[int(r() * len(self.recent))]
        first, last = original.first_name, original.last_name
        if r() < 0.5:
            last = self._misspell(last)
        else:
            first = self._misspell(first)
        email = original.email if r() < 0.5 else ""
        copy = Person(client_id, original.civility, first, last, original.birth_year,
                      original.phone_digits, email, original.address, original.postcode,
                      original.city)
        first_day = self.cal.today - int(r() * 400)
        seller = int(r() * len(self.staff.sales_ids))
        seller_id, seller_login = self.staff.sales_ids[seller], self.staff.sales_logins[seller]
        self._client_row(rows, copy, "prospect", first_day, first_day, None, seller_id,
                         seller_login)
        rows.labels.append(("duplicate", original.client_id, client_id))

    def _misspell(self, name: str) -> str:
        """One slip a person makes typing ``name``; never the name unchanged."""
        r = self.rng.random
        folded = ascii_fold(name)
        choices = []
        if folded != name:
            choices.append(folded)
        if "-" in name:
            choices.append(name.replace("-", " "))
        phonetic = _PHONETIC.get(name)
        if phonetic:
            choices.append(phonetic)
        choices.append(name.upper())
        letters = [i for i, c in enumerate(name[:-1]) if c.isalpha() and name[i + 1].isalpha()]
        if letters:
            i = letters[int(r() * len(letters))]
            if name[i] != name[i + 1]:
                choices.append(name[:i] + name[i + 1] + name[i] + name[i + 2:])
            choices.append(name[:i + 1] + name[i + 2:] if len(name) > 3 else name + name[-1])
        return choices[int(r() * len(choices))]


_PHONETIC = {
    "Lefèvre": "Lefebvre", "Lefebvre": "Lefèvre", "Gauthier": "Gautier", "Gautier": "Gauthier",
    "Chevalier": "Chevallier", "Chevallier": "Chevalier", "Leclerc": "Leclercq",
    "Leclercq": "Leclerc", "Collin": "Colin", "Colin": "Collin", "Philippe": "Philipe",
    "Mathieu": "Matthieu", "Thierry": "Thiery", "Sylvie": "Silvie", "Laetitia": "Lætitia",
    "Rémi": "Rémy", "Rémy": "Rémi", "Henry": "Henri", "Grégory": "Grégoire",
}


def _phone_style(draw: float) -> int:
    """Most phones come in display form, the rest as imports and people typed them."""
    if draw < 0.7:
        return 0
    return 1 + int((draw - 0.7) / 0.3 * (PHONE_STYLES - 1))


_LOAN_RATE = 0.055 / 12


def _payments(mode: str, price: int, months: int, draw: float) -> tuple[int, int | None]:
    """Monthly payment and residual value, in cents, of a contract on a car at ``price`` €."""
    deposit = price * (0.05 + 0.2 * draw)
    if mode == "loan":
        principal = price - deposit
        monthly = principal * _LOAN_RATE / (1 - (1 + _LOAN_RATE) ** -months)
        return int(monthly * 100), None
    residual = price * max(0.3, 0.62 - 0.006 * months)
    monthly = (price - deposit - residual) / months * 1.18
    if mode == "lld":
        return int(monthly * 100), None
    return int(monthly * 100), int(residual * 100)
