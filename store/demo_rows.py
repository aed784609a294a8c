"""Rows of the demo dealership, generated chunk by chunk as tuples ready for ``executemany``.

One :class:`random.Random` drives everything in a fixed order, and every date derives from
``today``: the same seed and day give the same rows. Weighted choices are uniform picks in
expanded lists (``pool[int(random() * len(pool))]``), the cheapest draw Python offers.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

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

WINDOW_YEARS = 6
SIV_START = dt.date(2009, 4, 15)
RECENT_LEAD_DAYS = 14
RECENT_PROPOSAL_DAYS = 7
DUPLICATE_RATE = 0.003
HOMONYM_RATE = 0.003
RECENT_PEOPLE = 200  # duplicates and homonyms copy one of the last clients made
REPAIR_ORDERS_PER_YEAR = 0.86
# Vehicles per client: none for a prospect, most have one or two.
VEHICLE_COUNTS = data.expand(((0, 12), (1, 42), (2, 30), (3, 11), (4, 5)))
CONSENT_STATES = data.expand((("yes", 45), ("no", 20), ("unknown", 35)))
TIMES = [f"T{h:02d}:{m:02d}:{s:02d}"
         for h in range(7, 20) for m in range(60) for s in range(0, 60, 7)]

CLIENT_COLUMNS = (
    "id", "external_id", "kind", "civility", "last_name", "first_name", "company", "birth_year",
    "situation", "profession", "interests", "phone", "phone2", "email", "address", "postcode",
    "city", "origin", "assigned_user_id",
    "consent_phone", "consent_phone_on", "consent_phone_source",
    "consent_sms", "consent_sms_on", "consent_sms_source",
    "consent_email", "consent_email_on", "consent_email_source",
    "consent_post", "consent_post_on", "consent_post_source",
    "last_contact_on", "last_inbound_on", "version", "created_at", "created_by", "updated_at",
    "updated_by",
)
VEHICLE_COLUMNS = (
    "id", "client_id", "make", "model", "version_name", "energy", "plate", "vin",
    "first_registration_on", "delivered_on", "condition", "sold_here", "mileage", "mileage_on",
    "status", "version", "created_at", "created_by", "updated_at", "updated_by",
)
FINANCING_COLUMNS = (
    "id", "vehicle_id", "client_id", "external_id", "mode", "lender", "start_on",
    "duration_months", "end_on", "monthly_payment_cents", "residual_cents", "status",
    "version", "created_at", "created_by", "updated_at", "updated_by",
)
REPAIR_ORDER_COLUMNS = (
    "id", "number", "opened_on", "client_id", "vehicle_id", "mileage", "revenue_cents", "kind",
    "version", "created_at", "created_by", "updated_at", "updated_by",
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


@dataclass(frozen=True, slots=True)
class Person:
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


class ChunkBuilder:
    """Generates the demo rows, one chunk of clients at a time, ids running across chunks."""

    def __init__(self, seed: int, today: dt.date, staff: Staff) -> None:
        self.rng = random.Random(seed)
        self.cal = Calendar(today, WINDOW_YEARS)
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
        self._email_keys: dict[tuple[str, str, int], str] = {}
        self._build_pools()

    def _build_pools(self) -> None:
        self.last_names = data.expand(data.LAST_NAMES)
        self.male_names = data.expand(data.MALE_FIRST_NAMES)
        self.female_names = data.expand(data.FEMALE_FIRST_NAMES)
        self.cities = data.expand(data.CITIES)
        self.domains = data.expand(data.EMAIL_DOMAINS)
        self.situations = data.expand(data.SITUATIONS)
        self.professions = data.expand(data.PROFESSIONS)
        self.interests = data.expand(data.INTERESTS)
        self.origins = data.expand(data.ORIGINS)
        self.street_suffixes = data.expand(data.STREET_NUMBER_SUFFIXES)
        self.departments = data.expand(data.OLD_PLATE_DEPARTMENTS)
        self.modes = data.expand(data.FINANCING_MODES)
        self.durations = data.expand(data.FINANCING_DURATIONS)
        self.lead_sources = data.expand(data.LEAD_SOURCES)
        self.repair_kinds = data.expand(
            tuple(((kind, low * 100, high * 100), weight)
                  for kind, weight, low, high in data.REPAIR_KINDS)
        )
        make_weights = {make: weight for make, _, _, weight in data.MAKES}
        self.make_info = {make: (wmis, plants) for make, wmis, plants, _ in data.MAKES}
        descriptor_rng = random.Random("vin-descriptors")  # fixed: a model keeps its code
        models = []
        for make, model, versions, energies, price, weight in data.MODELS:
            descriptor = "".join(descriptor_rng.choice(data.VIN_CHARS[:23]) for _ in range(4))
            models.append(((make, model, versions, data.expand(energies), price, descriptor),
                           weight * make_weights[make]))
        self.models = data.expand(tuple(models))
        self.sales_days_max = self.cal.today - self.cal.window_start

    # -- one chunk ------------------------------------------------------------------------

    def chunk(self, first_client_id: int, count: int) -> ChunkRows:
        """The rows of clients ``first_client_id`` .. ``first_client_id + count - 1``."""
        rows = ChunkRows()
        for client_id in range(first_client_id, first_client_id + count):
            self._client(rows, client_id)
        return rows

    def _client(self, rows: ChunkRows, client_id: int) -> None:
        r = self.rng.random
        draw = r()
        if draw < DUPLICATE_RATE and self.recent:
            self._duplicate(rows, client_id)
            return
        person = self._new_person(client_id, homonym=draw < DUPLICATE_RATE + HOMONYM_RATE)
        vehicle_count = VEHICLE_COUNTS[int(r() * len(VEHICLE_COUNTS))]
        self._client_with_history(rows, person, vehicle_count)
        self.recent.append(person)
        if len(self.recent) > 2 * RECENT_PEOPLE:
            del self.recent[:RECENT_PEOPLE]

    def _new_person(self, client_id: int, *, homonym: bool) -> Person:
        r = self.rng.random
        birth_year = self.cal.year(self.cal.today) - 19 - int((r() + r() + r()) * 24)
        postcode, city = self.cities[int(r() * len(self.cities))]
        if homonym and self.recent:
            original = self.recent[int(r() * len(self.recent))]
            civility, first, last = original.civility, original.first_name, original.last_name
            gap = 3 + int(r() * 25)
            too_young = original.birth_year + gap > self.cal.year(self.cal.today) - 18
            birth_year = original.birth_year + (-gap if too_young or r() < 0.5 else gap)
            while city == original.city:
                postcode, city = self.cities[int(r() * len(self.cities))]
        else:
            civility, first, last = self._name()
            original = None
        digits = mobile_digits(client_id)
        email = self._email(first, last, client_id) if r() < 0.8 else ""
        number = 1 + int(r() * r() * 180)
        street = data.STREETS[int(r() * len(data.STREETS))]
        suffix = self.street_suffixes[int(r() * len(self.street_suffixes))]
        person = Person(client_id, civility, first, last, birth_year, digits, email,
                        f"{number}{suffix} {street}", postcode, city)
        if original is not None:
            self.pending_label = ("homonym", original.client_id, client_id)
        return person

    def _name(self) -> tuple[str, str, str]:
        r = self.rng.random
        if r() < 0.5:
            civility, pool = "M.", self.male_names
        else:
            civility, pool = "Mme", self.female_names
        first = pool[int(r() * len(pool))]
        last = self.last_names[int(r() * len(self.last_names))]
        if r() < 0.03:
            other = self.last_names[int(r() * len(self.last_names))]
            if other != last and " " not in other and " " not in last:
                last = f"{last}-{other}"
        return civility, first, last

    def _email(self, first: str, last: str, client_id: int) -> str:
        r = self.rng.random
        style = int(r() * 4)
        key = (first, last, style)
        local = self._email_keys.get(key)
        if local is None:
            local = email_local(first, last, style)
            self._email_keys[key] = local
        domain = self.domains[int(r() * len(self.domains))]
        return f"{local}{client_id}@{domain}"  # the id keeps two people from sharing one

    def _client_with_history(self, rows: ChunkRows, person: Person, vehicle_count: int) -> None:
        r = self.rng.random
        cal = self.cal
        client_id = person.client_id
        first_day = cal.window_start + int(r() * self.sales_days_max)
        staff = self.staff
        seller = int(r() * len(staff.sales_ids))
        seller_id, seller_login = staff.sales_ids[seller], staff.sales_logins[seller]
        last_day = first_day
        for _ in range(vehicle_count):
            last_day = max(last_day, self._vehicle(rows, client_id, first_day, seller_login))
        kind = "prospect" if vehicle_count == 0 else ("former" if r() < 0.04 else "client")
        last_contact = self._leads_and_talks(rows, client_id, first_day, kind, seller_id,
                                             seller_login)
        if r() < 0.004:
            self._complaint(rows, client_id, first_day)
        self._client_row(rows, person, kind, first_day, max(last_day, last_contact or 0),
                         last_contact, seller_id, seller_login)
        if self.pending_label is not None:
            rows.labels.append(self.pending_label)
            self.pending_label = None

    def _client_row(self, rows: ChunkRows, person: Person, kind: str, first_day: int,
                    last_day: int, last_contact: int | None, seller_id: int,
                    seller_login: str) -> None:
        r = self.rng.random
        cal = self.cal
        is_company = r() < 0.02
        company = data.COMPANIES[int(r() * len(data.COMPANIES))] if is_company else ""
        age = cal.year(cal.today) - person.birth_year
        profession = "retraité(e)" if age > 66 and r() < 0.85 else (
            self.professions[int(r() * len(self.professions))])
        origin = self.origins[int(r() * len(self.origins))]
        phone = typed_phone(person.phone_digits, _phone_style(r()))
        phone2 = typed_phone(landline_digits(person.client_id), 0) if r() < 0.18 else ""
        consents = self._consents(first_day)
        contact_iso = cal.iso[last_contact] if last_contact is not None else None
        inbound_iso = contact_iso if last_contact is not None and r() < 0.3 else None
        rows.clients.append((
            person.client_id, f"DMS{person.client_id:08d}" if kind != "prospect" else None,
            kind, "" if is_company else person.civility, person.last_name, person.first_name,
            company, person.birth_year, self.situations[int(r() * len(self.situations))],
            profession, self.interests[int(r() * len(self.interests))], phone, phone2,
            person.email, person.address, person.postcode, person.city, origin, seller_id,
            *consents, contact_iso, inbound_iso, 1,
            cal.iso[first_day] + TIMES[int(r() * len(TIMES))], seller_login,
            cal.iso[last_day] + TIMES[int(r() * len(TIMES))], seller_login,
        ))

    def _consents(self, first_day: int) -> list[object]:
        r = self.rng.random
        cal = self.cal
        values: list[object] = []
        span = cal.today - first_day + 1
        for _ in range(4):
            state = CONSENT_STATES[int(r() * len(CONSENT_STATES))]
            if state == "unknown":
                values += ("unknown", None, "")
            else:
                day = first_day + int(r() * r() * span)
                source = data.CONSENT_SOURCES[int(r() * len(data.CONSENT_SOURCES))]
                values += (state, cal.iso[day], source)
        return values

    # -- vehicles, financing, workshop ------------------------------------------------------

    def _vehicle(self, rows: ChunkRows, client_id: int, first_day: int, seller: str) -> int:
        """Add a vehicle with its financing and repair orders; return the last day it was seen."""
        r = self.rng.random
        cal = self.cal
        vehicle_id = self.next_vehicle
        self.next_vehicle += 1
        model_row = self.models[int(r() * len(self.models))]
        make, model, versions, energies, price, descriptor = model_row
        sold_here = r() < 0.88
        if sold_here:
            delivered = first_day + int(r() * r() * (cal.today - first_day + 1))
            is_new = r() < 0.62
            age_days = 0 if is_new else 200 + int(r() * r() * 3000)
            registered = delivered - age_days - int(r() * 20)
        else:
            delivered = None
            is_new = False
            registered = cal.window_start - int(r() * 5500)
        registration_date = cal.dates[registered]
        if registration_date < SIV_START and not sold_here and r() < 0.7:
            plate = fni_plate(vehicle_id, self.departments[int(r() * len(self.departments))])
        else:
            plate = siv_plate(vehicle_id)
        wmis, plants = self.make_info[make]
        vin = self.vins.vin(wmis[int(r() * len(wmis))], descriptor, registration_date.year,
                            plants[int(r() * len(plants))], vehicle_id)
        km_per_day = 20 + int(r() * 50)
        start = delivered if delivered is not None else first_day
        start_km = 5 + int(r() * 20) if is_new else (start - registered) * km_per_day
        last_day, mileage = self._repair_orders(rows, client_id, vehicle_id, start, start_km,
                                                km_per_day)
        status_draw = r()
        status = "owned" if status_draw < 0.93 else ("sold" if status_draw < 0.99 else "scrapped")
        created = cal.iso[start] + TIMES[int(r() * len(TIMES))]
        rows.vehicles.append((
            vehicle_id, client_id, make, model, versions[int(r() * len(versions))],
            energies[int(r() * len(energies))], plate, vin, cal.iso[registered],
            cal.iso[delivered] if delivered is not None else None, "new" if is_new else "used",
            1 if sold_here else 0, mileage, cal.iso[last_day], status, 1, created, seller,
            cal.iso[last_day] + TIMES[int(r() * len(TIMES))], seller,
        ))
        if delivered is not None:
            vehicle_price = price if is_new else price * (55 + int(r() * 30)) // 100
            self._financing(rows, client_id, vehicle_id, make, delivered, vehicle_price, seller)
        return last_day

    def _financing(self, rows: ChunkRows, client_id: int, vehicle_id: int, make: str,
                   start: int, price: int, seller: str) -> None:
        r = self.rng.random
        cal = self.cal
        financing_id = self.next_financing
        self.next_financing += 1
        mode = self.modes[int(r() * len(self.modes))]
        if mode == "cash":
            lender, months, end_iso, monthly, residual = "", 0, None, None, None
            status = "closed"
        else:
            months = self.durations[int(r() * len(self.durations))]
            lender = self._lender(mode, make)
            end_iso = cal.months_later(start, months)
            monthly, residual = _payments(mode, price, months, r())
            status = "active" if end_iso >= cal.iso[cal.today] else (
                "renewed" if r() < 0.35 else "closed")
        created = cal.iso[start] + TIMES[int(r() * len(TIMES))]
        rows.financings.append((
            financing_id, vehicle_id, client_id, f"CTR{financing_id:08d}", mode, lender,
            cal.iso[start], months, end_iso, monthly, residual, status, 1, created, seller,
            created, seller,
        ))

    def _lender(self, mode: str, make: str) -> str:
        r = self.rng.random
        captive = data.CAPTIVE_LENDERS[make]
        if mode == "lld" and r() < 0.5:
            return data.LLD_LENDERS[int(r() * len(data.LLD_LENDERS))]
        if mode == "loan" and r() < 0.45:
            return data.BANK_LENDERS[int(r() * len(data.BANK_LENDERS))]
        return captive[int(r() * len(captive))]

    def _repair_orders(self, rows: ChunkRows, client_id: int, vehicle_id: int, start: int,
                       start_km: int, km_per_day: int) -> tuple[int, int]:
        """Workshop visits from ``start`` to today; return the last visit's day and mileage."""
        r = self.rng.random
        cal = self.cal
        span = cal.today - start
        expected = span / 365.0 * REPAIR_ORDERS_PER_YEAR
        count = int(expected + r())
        if count == 0:
            return start, start_km
        days = sorted(start + 1 + int(r() * span) for _ in range(count))
        kinds = self.repair_kinds
        orders = rows.repair_orders
        logins = self.staff.aftersales_logins
        mileage = start_km
        for day in days:
            order_id = self.next_repair_order
            self.next_repair_order += 1
            kind, low, high = kinds[int(r() * len(kinds))]
            revenue = low + int(r() * (high - low))
            mileage = start_km + (day - start) * km_per_day
            opened = cal.iso[day]
            stamp = opened + TIMES[int(r() * len(TIMES))]
            login = logins[order_id % len(logins)]
            orders.append((order_id, f"OR{order_id:08d}", opened, client_id, vehicle_id, mileage,
                           revenue, kind, 1, stamp, login, stamp, login))
        return days[-1], mileage

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
        updated = received if status == "new" else (
            cal.iso[min(cal.today, day + int(r() * 5))] + TIMES[int(r() * len(TIMES))])
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
            status = "accepted" if draw < 0.35 else ("refused" if draw < 0.65 else "expired")
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
