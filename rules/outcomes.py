"""The outcomes of a call, their keys, and what becomes of the reminder after each.

Keys are French mnemonics on plain letters (any terminal, any layout, no modifier), with the
digits 1-7 as a layout-free fallback, in the order of ``OUTCOMES``:

    j / 1  joint            reached         -> done (or call back on the date given)
    n / 2  pas de réponse   no answer       -> call again next working day; after 3 tries, decide
    m / 3  messagerie       voicemail       -> same as no answer
    f / 4  faux numéro      wrong number    -> dismissed: fix the number on the card
    r / 5  rendez-vous      appointment     -> done: the appointment is booked
    p / 6  pas intéressé    not interested  -> dismissed
    v / 7  vente            sale            -> done

« No answer, call again tomorrow » is three keys in the log dialog: ``l`` (log) ``n`` (no answer)
``enter`` (save, next action prefilled with ``default_next_action``: the next working day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rules.phrases import say_en, say_fr
from rules.working_days import next_working_day

DEFAULT_MAX_ATTEMPTS = 3


class Outcome(StrEnum):
    """What a call gave; the values are those of ``contacts.outcome``."""

    REACHED = "reached"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong_number"
    APPOINTMENT = "appointment"
    NOT_INTERESTED = "not_interested"
    SALE = "sale"


class ReminderStatus(StrEnum):
    """The values of ``reminders.status`` an outcome can lead to."""

    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class OutcomeInfo:
    """How an outcome is keyed and named."""

    outcome: Outcome
    key: str
    digit: str
    label_fr: str
    label_en: str
    unanswered: bool  # the client was not reached: the call counts as an attempt


OUTCOMES: tuple[OutcomeInfo, ...] = (
    OutcomeInfo(Outcome.REACHED, "j", "1", "joint", "reached", False),
    OutcomeInfo(Outcome.NO_ANSWER, "n", "2", "pas de réponse", "no answer", True),
    OutcomeInfo(Outcome.VOICEMAIL, "m", "3", "messagerie", "voicemail", True),
    OutcomeInfo(Outcome.WRONG_NUMBER, "f", "4", "faux numéro", "wrong number", False),
    OutcomeInfo(Outcome.APPOINTMENT, "r", "5", "rendez-vous", "appointment", False),
    OutcomeInfo(Outcome.NOT_INTERESTED, "p", "6", "pas intéressé", "not interested", False),
    OutcomeInfo(Outcome.SALE, "v", "7", "vente", "sale", False),
)
_BY_OUTCOME = {info.outcome: info for info in OUTCOMES}
_BY_KEY = {**{info.key: info for info in OUTCOMES}, **{info.digit: info for info in OUTCOMES}}


@dataclass(frozen=True, slots=True)
class ReminderChange:
    """What to write on the reminder after a call."""

    status: ReminderStatus
    snoozed_until: date | None
    attempts: int
    message_fr: str
    message_en: str = ""
    needs_decision: bool = False  # too many unanswered calls: ask « écarter ou reprogrammer ? »
    dismissed_reason: str = ""


def info(outcome: Outcome) -> OutcomeInfo:
    """Key and labels of ``outcome``."""
    return _BY_OUTCOME[outcome]


def keys_line(lang: str = "fr") -> str:
    """The keys of the log dialog on one line: « j joint  n pas de réponse  … »."""
    return "  ".join(f"{o.key} {o.label_en if lang == 'en' else o.label_fr}" for o in OUTCOMES)


def outcome_for_key(key: str) -> Outcome | None:
    """The outcome bound to a key (``n`` or ``2`` -> no answer), or None; case does not matter."""
    found = _BY_KEY.get(key.lower())
    return found.outcome if found else None


def default_next_action(outcome: Outcome, today: date, attempts: int = 0,
                        max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> date | None:
    """The date prefilled in the log dialog, so that ``enter`` alone does the usual thing.

    No answer or voicemail: the next working day, until the last attempt. Other outcomes: none.
    """
    info_ = _BY_OUTCOME[outcome]
    if info_.unanswered and attempts + 1 < max_attempts:
        return next_working_day(today)
    return None


def after_outcome(outcome: Outcome, attempts: int, today: date, next_action: date | None,
                  max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> ReminderChange:
    """What happens to the reminder after a call with ``outcome``.

    ``attempts`` is the number of calls already made on this reminder; the returned change
    counts this one. ``next_action`` is the date the user chose (None: none chosen).
    """
    if attempts < 0 or max_attempts < 1:
        raise ValueError("attempts must be >= 0 and max_attempts >= 1")
    if next_action is not None and next_action < today:
        raise ValueError(f"next action {next_action} is before today {today}")
    tries = attempts + 1
    label = _BY_OUTCOME[outcome].label_fr
    label_en = _BY_OUTCOME[outcome].label_en
    if outcome in (Outcome.NO_ANSWER, Outcome.VOICEMAIL):
        return _unanswered(label, label_en, tries, today, next_action, max_attempts)
    if outcome is Outcome.REACHED and next_action is not None:
        return _snooze(tries, next_action, "Joint", "Reached")
    if outcome in (Outcome.WRONG_NUMBER, Outcome.NOT_INTERESTED):
        return ReminderChange(
            ReminderStatus.DISMISSED, None, tries,
            f"{label.capitalize()} : rappel écarté."
            + (" Corrigez le numéro sur la fiche." if outcome is Outcome.WRONG_NUMBER else ""),
            f"{label_en.capitalize()}: reminder dismissed."
            + (" Fix the number on the card." if outcome is Outcome.WRONG_NUMBER else ""),
            dismissed_reason=label,
        )
    if outcome is Outcome.APPOINTMENT and next_action is not None:
        return ReminderChange(ReminderStatus.DONE, None, tries,
                              f"Rendez-vous le {say_fr(next_action)} : rappel traité.",
                              f"Appointment on {say_en(next_action)}: reminder done.")
    return ReminderChange(ReminderStatus.DONE, None, tries,
                          f"{label.capitalize()} : rappel traité.",
                          f"{label_en.capitalize()}: reminder done.")


def _unanswered(label: str, label_en: str, tries: int, today: date, next_action: date | None,
                max_attempts: int) -> ReminderChange:
    if next_action is not None:
        return _snooze(tries, next_action, label.capitalize(), label_en.capitalize())
    if tries >= max_attempts:
        return ReminderChange(
            ReminderStatus.OPEN, None, tries,
            f"{label.capitalize()}, {tries} tentatives sans réponse : écarter ou reprogrammer ?",
            f"{label_en.capitalize()}, {tries} unanswered attempts: dismiss or reschedule?",
            needs_decision=True,
        )
    return _snooze(tries, next_working_day(today), label.capitalize(), label_en.capitalize())


def _snooze(tries: int, until: date, label: str, label_en: str) -> ReminderChange:
    return ReminderChange(ReminderStatus.SNOOZED, until, tries,
                          f"{label} : à rappeler le {say_fr(until)}.",
                          f"{label_en}: call back on {say_en(until)}.")


_OTHER_LABELS = {"callback": ("à rappeler", "call back"), "": ("", "")}


def label(outcome: str, lang: str = "fr") -> str:
    """The name of a stored outcome (``no_answer`` -> « pas de réponse »); unknown ones as stored."""
    found = next((o for o in OUTCOMES if o.outcome.value == outcome), None)
    if found is not None:
        return found.label_en if lang == "en" else found.label_fr
    fr, en = _OTHER_LABELS.get(outcome, (outcome, outcome))
    return en if lang == "en" else fr
