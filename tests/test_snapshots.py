"""How the main screens look at 80x24, on a small fixed base, a fixed day and a frozen clock.

Update after a deliberate change of looks with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.factories import add_client, add_contact, add_financing, add_reminder, add_user, add_vehicle
from tui.app import RelanceApp
from tui.context import Context
from tui.messages import DataChanged
from tui.screens.queue import QueueScreen

SnapCompare = Callable[..., bool]
TODAY = date(2026, 11, 23)  # a Monday


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def app(conn: sqlite3.Connection, db_path: Path) -> RelanceApp:
    add_user(conn, "martine", name="Martine")
    people = [("Dupont", "Éric", "0612345600", 3, "2026-11-16",
               "LOA Peugeot 3008 AB-123-CD : fin le 14/01/2027, dans 2 mois"),
              ("Lefèvre", "Anne", "0612345610", 1, "2026-11-23", "Lead site marque : essai 208 demandé"),
              ("Nguyen", "Paul", "0612345620", 4, "2026-11-22", "Fidélisation : livré il y a 12 mois")]
    for last, first, phone, tier, due, reason in people:
        client = add_client(conn, last_name=last, first_name=first, phone=phone, consent_phone="yes",
                            consent_phone_on="2025-03-02", consent_phone_source="bon de commande",
                            email=f"{last.lower()}@example.fr")
        vehicle = add_vehicle(conn, client, plate=f"AB-12{tier}-CD", mileage=42000,
                              mileage_on="2026-06-01")
        # Only Dupont's contract is two months from its end; the reminders are the engine's own
        # (same occurrence keys), so the run the app makes on opening raises nothing more.
        ends_soon = tier == 3
        financing = add_financing(conn, client, vehicle, **({} if ends_soon else {
            "start_on": "2025-09-01", "end_on": "2029-09-01"}))
        add_contact(conn, client, outcome="no_answer", note="rappeler après 18h")
        if ends_soon:
            add_reminder(conn, client, subject_kind="financing", subject_id=financing, tier=tier,
                         occurrence_on="2026-11-14", due_on=due, reason=reason,
                         rule_id="financing_end_2m")
        else:
            add_reminder(conn, client, subject_id=client, tier=tier, due_on=due, reason=reason,
                         rule_id="web_lead" if tier == 1 else "loyalty_12m")
    return RelanceApp(Context(db_path=db_path, today=TODAY, user="martine", lang="fr"))


async def _settle(pilot: Pilot[None]) -> None:
    """Workers done, another session's-write poll run now rather than when the timer says."""
    app = pilot.app
    assert isinstance(app, RelanceApp)
    for _ in range(3):
        await app.workers.wait_for_complete()
        for screen in app.screen_stack:
            await screen.workers.wait_for_complete()
        for screen in app.screen_stack:
            if isinstance(screen, QueueScreen):
                screen._settle_until = 0.0  # the reload that follows a save, now rather than soon
                # and not on the timer a save set: on a loaded machine it fired after the picture
                screen.on_data_changed(DataChanged(data_version=0))
        app._poll_changes()
        await pilot.pause()
    for field in app.screen.query(Input):
        field.cursor_blink = False


def _after(*keys: str, then: Callable[[Pilot[None]], Awaitable[None]] | None = None
           ) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        if then is not None:
            await then(pilot)
            await _settle(pilot)

    return run_before


def test_queue(snap_compare: SnapCompare, app: RelanceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("down"))


def test_client_card(snap_compare: SnapCompare, app: RelanceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("enter"))


def test_log_dialog(snap_compare: SnapCompare, app: RelanceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("l", "n"))


def test_log_dialog_refusing_a_past_date(snap_compare: SnapCompare, app: RelanceApp) -> None:
    async def past(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#log-when", Input).value = "15/03/2020"

    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("l", "m", "tab", "tab", then=past))


def test_assistant(snap_compare: SnapCompare, app: RelanceApp) -> None:
    async def ask(pilot: Pilot[None]) -> None:
        for line in ("suivant", "appelé, pas de réponse, rappeler jeudi"):
            pilot.app.screen.query_one("#assistant-input", Input).value = line
            await pilot.press("enter")
            await _settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("colon", then=ask))
