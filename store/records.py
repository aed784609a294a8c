"""Typed records, one dataclass per table; field names are the column names.

Rows become records only in :mod:`store.converters`. Dates are ISO strings as stored
(``YYYY-MM-DD``); money is integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Channel = Literal["phone", "sms", "email", "post"]
ConsentState = Literal["yes", "no", "unknown"]
CONSENT_CHANNELS: tuple[Channel, ...] = ("phone", "sms", "email", "post")


def person_name(last_name: str, first_name: str, company: str) -> str:
    """« NOM Prénom », or the company for a fleet without a person's name."""
    person = " ".join(part for part in (last_name.upper(), first_name) if part)
    return person or company


class Reasons:
    """A reminder's reason, written in French and, when known, in English."""

    __slots__ = ()
    reason: str
    reason_en: str

    def reason_in(self, lang: str) -> str:
        """Why, in ``lang`` ("en" when written in English too; French otherwise)."""
        return self.reason_en if lang == "en" and self.reason_en else self.reason


@dataclass(frozen=True, slots=True)
class Consent:
    """A client's consent for one channel: state, since when, and who said so."""

    state: str
    on: str | None
    source: str


@dataclass(frozen=True, slots=True)
class User:
    id: int
    login: str
    name: str
    role: str
    active: int
    version: int


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    external_id: str | None
    kind: str
    civility: str
    last_name: str
    first_name: str
    company: str
    birth_year: int | None
    birth_date: str | None
    situation: str
    profession: str
    interests: str
    phone: str
    phone2: str
    email: str
    address: str
    postcode: str
    city: str
    origin: str
    assigned_user_id: int | None
    consent_phone: str
    consent_phone_on: str | None
    consent_phone_source: str
    consent_sms: str
    consent_sms_on: str | None
    consent_sms_source: str
    consent_email: str
    consent_email_on: str | None
    consent_email_source: str
    consent_post: str
    consent_post_on: str | None
    consent_post_source: str
    abc_segment: str | None
    last_contact_on: str | None
    last_inbound_on: str | None
    anonymized_at: str | None
    version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str

    @property
    def display_name(self) -> str:
        """« NOM Prénom », or the company for a fleet without a person's name."""
        return person_name(self.last_name, self.first_name, self.company)

    def consent(self, channel: Channel) -> Consent:
        """The consent given for ``channel``."""
        return Consent(
            state=getattr(self, f"consent_{channel}"),
            on=getattr(self, f"consent_{channel}_on"),
            source=getattr(self, f"consent_{channel}_source"),
        )


@dataclass(frozen=True, slots=True)
class Vehicle:
    id: int
    client_id: int | None
    make: str
    model: str
    version_name: str
    energy: str
    plate: str
    vin: str | None
    first_registration_on: str | None
    delivered_on: str | None
    condition: str
    sold_here: int
    mileage: int | None
    mileage_on: str | None
    status: str
    version: int

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.make, self.model) if part)


@dataclass(frozen=True, slots=True)
class Financing:
    id: int
    vehicle_id: int | None
    client_id: int
    external_id: str | None
    mode: str
    lender: str
    start_on: str
    duration_months: int
    end_on: str | None
    monthly_payment_cents: int | None
    residual_cents: int | None
    status: str
    version: int


@dataclass(frozen=True, slots=True)
class Wish:
    id: int
    client_id: int
    model: str
    segment: str
    energy: str
    budget_cents: int | None
    horizon_on: str | None
    needs: str
    version: int


@dataclass(frozen=True, slots=True)
class Lead:
    id: int
    client_id: int
    external_id: str | None
    source: str
    received_at: str
    status: str
    assigned_user_id: int | None
    subject: str
    version: int


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    client_id: int
    external_id: str | None
    vehicle_offered: str
    amount_cents: int | None
    handed_on: str
    status: str
    user_id: int | None
    version: int


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    client_id: int
    at: str
    user_login: str
    channel: str
    direction: str
    outcome: str
    note: str
    next_action_on: str | None
    reminder_id: int | None
    campaign_id: int | None
    version: int


@dataclass(frozen=True, slots=True)
class Reminder(Reasons):
    id: int
    client_id: int
    rule_id: str
    subject_kind: str
    subject_id: int
    occurrence_on: str
    due_on: str
    valid_until: str | None
    tier: int
    channel: str
    reason: str
    reason_en: str
    status: str
    snoozed_until: str | None
    dismissed_reason: str
    held_reason: str
    attempts: int
    assigned_user_id: int | None
    claimed_by: str | None
    claimed_at: str | None
    campaign_id: int | None
    handled_at: str | None
    handled_by: str | None
    version: int


@dataclass(frozen=True, slots=True)
class RepairOrder:
    id: int
    number: str
    opened_on: str
    client_id: int | None
    vehicle_id: int | None
    mileage: int | None
    revenue_cents: int
    kind: str


@dataclass(frozen=True, slots=True)
class ClientReminder(Reasons):
    """An open or snoozed reminder as the client card lists it, with who follows it."""

    id: int
    tier: int
    due_on: str
    reason: str
    reason_en: str
    status: str
    snoozed_until: str | None
    held_reason: str
    follower: str | None  # the assigned user's name (their login when nameless); None: nobody


@dataclass(frozen=True, slots=True)
class Campaign:
    id: int
    name: str
    channel: str
    target: str
    starts_on: str | None
    ends_on: str | None
    cost_cents: int
    version: int
    margin_rate_bp: int | None  # the margin rate on what the campaign brings back, 5000 = 50 %


@dataclass(frozen=True, slots=True)
class Complaint:
    id: int
    client_id: int
    opened_on: str
    channel: str
    subject: str
    status: str
    resolution: str
    resolved_on: str | None
    user_login: str
    version: int


@dataclass(frozen=True, slots=True)
class ActionPlanItem:
    id: int
    action: str
    client_id: int | None
    segment: str
    owner_login: str
    participants: str
    months: str
    horizon: str
    priority: int
    budget_expenses_cents: int
    budget_revenue_cents: int
    current_revenue_cents: int
    target_revenue_cents: int
    progress: int
    results: str
    version: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    user_login: str
    action: str
    table_name: str
    row_id: int | None
    field: str
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True, slots=True)
class QueueItem(Reasons):
    """One line of the callback queue: a reminder joined with what the screen shows of its client."""

    reminder_id: int
    client_id: int
    last_name: str
    first_name: str
    company: str
    tier: int
    rule_id: str
    reason: str
    reason_en: str
    due_on: str
    phone: str
    channel: str
    status: str
    held_reason: str
    claimed_by: str | None
    abc_segment: str | None

    @property
    def client_name(self) -> str:
        return person_name(self.last_name, self.first_name, self.company)
