"""Call outcomes: their keys, and what each one does to the reminder."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.outcomes import (
    DEFAULT_MAX_ATTEMPTS,
    OUTCOMES,
    Outcome,
    ReminderStatus,
    after_outcome,
    default_next_action,
    info,
    outcome_for_key,
)
from rules.working_days import is_working_day

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)
THURSDAY = date(2026, 11, 26)
STORE_OUTCOMES = {"reached", "no_answer", "voicemail", "wrong_number", "appointment", "not_interested",
                  "sale", "callback"}
STORE_STATUSES = {"open", "done", "snoozed", "dismissed", "expired"}


@pytest.mark.parametrize(
    ("key", "outcome"),
    [
        ("j", Outcome.REACHED), ("J", Outcome.REACHED), ("1", Outcome.REACHED),
        ("n", Outcome.NO_ANSWER), ("N", Outcome.NO_ANSWER), ("2", Outcome.NO_ANSWER),
        ("m", Outcome.VOICEMAIL), ("3", Outcome.VOICEMAIL),
        ("f", Outcome.WRONG_NUMBER), ("4", Outcome.WRONG_NUMBER),
        ("r", Outcome.APPOINTMENT), ("5", Outcome.APPOINTMENT),
        ("p", Outcome.NOT_INTERESTED), ("6", Outcome.NOT_INTERESTED),
        ("v", Outcome.SALE), ("7", Outcome.SALE),
        ("l", None), ("x", None), ("8", None), ("", None), ("enter", None),
    ],
)
def test_outcome_for_key(key: str, outcome: Outcome | None) -> None:
    assert outcome_for_key(key) is outcome


def test_keys_are_unique_single_characters_and_not_the_log_key() -> None:
    keys = [o.key for o in OUTCOMES] + [o.digit for o in OUTCOMES]
    assert len(set(keys)) == len(keys)
    assert all(len(k) == 1 and k.isascii() for k in keys)
    assert "l" not in keys  # ``l`` opens the dialog; it must not also pick an outcome


def test_every_outcome_has_a_key_and_is_a_store_value() -> None:
    assert {o.outcome for o in OUTCOMES} == set(Outcome)
    assert {str(o) for o in Outcome} <= STORE_OUTCOMES
    assert {str(s) for s in ReminderStatus} <= STORE_STATUSES


@pytest.mark.parametrize(
    ("outcome", "fr", "en"),
    [
        (Outcome.REACHED, "joint", "reached"),
        (Outcome.NO_ANSWER, "pas de réponse", "no answer"),
        (Outcome.VOICEMAIL, "messagerie", "voicemail"),
        (Outcome.WRONG_NUMBER, "faux numéro", "wrong number"),
        (Outcome.APPOINTMENT, "rendez-vous", "appointment"),
        (Outcome.NOT_INTERESTED, "pas intéressé", "not interested"),
        (Outcome.SALE, "vente", "sale"),
    ],
)
def test_labels(outcome: Outcome, fr: str, en: str) -> None:
    assert (info(outcome).label_fr, info(outcome).label_en) == (fr, en)


@pytest.mark.parametrize(
    ("outcome", "attempts", "today", "next_action", "status", "until", "decide", "words"),
    [
        # reached: done, or snoozed to the date the client asked for
        (Outcome.REACHED, 0, MONDAY, None, ReminderStatus.DONE, None, False, "Joint : rappel traité"),
        (Outcome.REACHED, 2, MONDAY, THURSDAY, ReminderStatus.SNOOZED, THURSDAY, False,
         "Joint : à rappeler le jeudi 26/11/2026"),
        # no answer: next working day, until the third try asks for a decision
        (Outcome.NO_ANSWER, 0, MONDAY, None, ReminderStatus.SNOOZED, date(2026, 11, 24), False,
         "Pas de réponse : à rappeler le mardi 24/11/2026"),
        (Outcome.NO_ANSWER, 1, MONDAY, None, ReminderStatus.SNOOZED, date(2026, 11, 24), False, ""),
        (Outcome.NO_ANSWER, 0, FRIDAY, None, ReminderStatus.SNOOZED, date(2026, 11, 30), False, "lundi"),
        (Outcome.NO_ANSWER, 0, date(2026, 12, 24), None, ReminderStatus.SNOOZED, date(2026, 12, 28),
         False, ""),
        (Outcome.NO_ANSWER, 2, MONDAY, None, ReminderStatus.OPEN, None, True,
         "3 tentatives sans réponse : écarter ou reprogrammer ?"),
        (Outcome.NO_ANSWER, 5, MONDAY, None, ReminderStatus.OPEN, None, True, "6 tentatives"),
        (Outcome.NO_ANSWER, 2, MONDAY, THURSDAY, ReminderStatus.SNOOZED, THURSDAY, False, "jeudi"),
        (Outcome.VOICEMAIL, 0, MONDAY, None, ReminderStatus.SNOOZED, date(2026, 11, 24), False,
         "Messagerie : à rappeler"),
        (Outcome.VOICEMAIL, 2, MONDAY, None, ReminderStatus.OPEN, None, True, "Messagerie, 3 tentatives"),
        (Outcome.VOICEMAIL, 0, MONDAY, FRIDAY, ReminderStatus.SNOOZED, FRIDAY, False, "vendredi"),
        # closed
        (Outcome.WRONG_NUMBER, 0, MONDAY, None, ReminderStatus.DISMISSED, None, False,
         "Faux numéro : rappel écarté. Corrigez le numéro sur la fiche."),
        (Outcome.NOT_INTERESTED, 0, MONDAY, None, ReminderStatus.DISMISSED, None, False,
         "Pas intéressé : rappel écarté."),
        (Outcome.NOT_INTERESTED, 0, MONDAY, THURSDAY, ReminderStatus.DISMISSED, None, False, "écarté"),
        # done
        (Outcome.APPOINTMENT, 0, MONDAY, THURSDAY, ReminderStatus.DONE, None, False,
         "Rendez-vous le jeudi 26/11/2026 : rappel traité."),
        (Outcome.APPOINTMENT, 0, MONDAY, None, ReminderStatus.DONE, None, False,
         "Rendez-vous : rappel traité"),
        (Outcome.SALE, 4, MONDAY, None, ReminderStatus.DONE, None, False, "Vente : rappel traité."),
        (Outcome.SALE, 0, MONDAY, MONDAY, ReminderStatus.DONE, None, False, "Vente"),
    ],
)
def test_after_outcome(outcome: Outcome, attempts: int, today: date, next_action: date | None,
                       status: ReminderStatus, until: date | None, decide: bool, words: str) -> None:
    change = after_outcome(outcome, attempts, today, next_action)
    assert change.status is status
    assert change.snoozed_until == until
    assert change.needs_decision is decide
    assert change.attempts == attempts + 1
    assert words in change.message_fr
    assert change.message_en


@pytest.mark.parametrize(
    ("max_attempts", "attempts", "decide"),
    [(1, 0, True), (2, 0, False), (2, 1, True), (5, 3, False), (5, 4, True)],
)
def test_max_attempts_is_configurable(max_attempts: int, attempts: int, decide: bool) -> None:
    change = after_outcome(Outcome.NO_ANSWER, attempts, MONDAY, None, max_attempts=max_attempts)
    assert change.needs_decision is decide


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [(Outcome.WRONG_NUMBER, "faux numéro"), (Outcome.NOT_INTERESTED, "pas intéressé")],
)
def test_dismissals_carry_their_reason(outcome: Outcome, reason: str) -> None:
    assert after_outcome(outcome, 0, MONDAY, None).dismissed_reason == reason


@pytest.mark.parametrize(
    ("attempts", "next_action", "max_attempts"),
    [(-1, None, 3), (0, date(2026, 11, 22), 3), (0, None, 0)],
)
def test_after_outcome_refuses_nonsense(attempts: int, next_action: date | None, max_attempts: int) -> None:
    with pytest.raises(ValueError, match=r"must be|before today"):
        after_outcome(Outcome.REACHED, attempts, MONDAY, next_action, max_attempts=max_attempts)


@pytest.mark.parametrize(
    ("outcome", "attempts", "today", "expected"),
    [
        (Outcome.NO_ANSWER, 0, MONDAY, date(2026, 11, 24)),
        (Outcome.NO_ANSWER, 0, FRIDAY, date(2026, 11, 30)),
        (Outcome.NO_ANSWER, 1, MONDAY, date(2026, 11, 24)),
        (Outcome.NO_ANSWER, 2, MONDAY, None),  # the third try asks for a decision instead
        (Outcome.VOICEMAIL, 0, date(2026, 11, 10), date(2026, 11, 12)),
        (Outcome.REACHED, 0, MONDAY, None),
        (Outcome.WRONG_NUMBER, 0, MONDAY, None),
        (Outcome.APPOINTMENT, 0, MONDAY, None),
        (Outcome.NOT_INTERESTED, 0, MONDAY, None),
        (Outcome.SALE, 0, MONDAY, None),
    ],
)
def test_default_next_action(outcome: Outcome, attempts: int, today: date, expected: date | None) -> None:
    assert default_next_action(outcome, today, attempts) == expected


def test_no_answer_call_again_tomorrow_is_three_keys() -> None:
    """``l`` opens the dialog, ``n`` picks the outcome, ``enter`` saves the prefilled date."""
    outcome = outcome_for_key("n")
    assert outcome is Outcome.NO_ANSWER
    prefilled = default_next_action(outcome, MONDAY)
    change = after_outcome(outcome, 0, MONDAY, prefilled)
    assert change.status is ReminderStatus.SNOOZED
    assert change.snoozed_until == date(2026, 11, 24)


@given(st.sampled_from(list(Outcome)), st.integers(0, 20),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 10))
def test_policy_invariants(outcome: Outcome, attempts: int, today: date, max_attempts: int) -> None:
    change = after_outcome(outcome, attempts, today, default_next_action(outcome, today, attempts,
                                                                          max_attempts), max_attempts)
    assert change.attempts == attempts + 1
    assert (change.status is ReminderStatus.SNOOZED) == (change.snoozed_until is not None)
    if change.snoozed_until is not None:
        assert change.snoozed_until > today
        assert is_working_day(change.snoozed_until)
    assert change.needs_decision == (change.status is ReminderStatus.OPEN)
    assert DEFAULT_MAX_ATTEMPTS == 3
