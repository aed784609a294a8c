"""The client card as the service desk reads it: workshop visits, pending reminders, contacts with
their time and labels, the whole history, and another session's writes shown without a key."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from rules.consent import HELD_REFUSED
from store.clients import contacts_before, last_repair_orders, pending_reminders
from store.db import connect
from store.rows import update
from tests.factories import add_client, add_contact, add_reminder, add_repair_order, add_user, add_vehicle
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.contact_history import PAGE, ContactHistoryScreen

TODAY = date(2026, 11, 24)


def _app(db_path: Path) -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user="sophie", lang="fr"))


def _seed(conn: sqlite3.Connection) -> dict[str, int]:
    sophie = add_user(conn, "sophie", name="Sophie Moreau")
    client = add_client(conn, last_name="Bertrand", first_name="Louis", consent_phone="no",
                        assigned_user_id=sophie)
    yaris = add_vehicle(conn, client, make="Toyota", model="Yaris", plate="GC-664-YX",
                        delivered_on="2021-03-02")
    polo = add_vehicle(conn, client, make="Volkswagen", model="Polo", plate="CX-384-XW",
                       delivered_on="2020-05-10")
    for n, (opened, kind, km) in enumerate([("2022-04-01", "maintenance", 15000),
                                            ("2023-04-03", "tyres", 30000),
                                            ("2024-04-02", "brakes", 45000),
                                            ("2025-04-07", "bodywork", 60000),
                                            ("2026-04-06", "maintenance", 75000)]):
        add_repair_order(conn, client, opened, 10000, vehicle_id=yaris, kind=kind, mileage=km,
                         number=f"[b]OR{n}[/b]")
    add_repair_order(conn, client, "2026-09-15", 20000, vehicle_id=polo, kind="recall",
                     mileage=88000, number="OR-POLO")
    # pending: one held by law (a phone call, consent refused), one snoozed, one nobody follows
    add_reminder(conn, client, rule_id="loyalty_24m", subject_kind="vehicle", subject_id=yaris,
                 occurrence_on="2026-11-10", due_on="2026-11-10", tier=4, channel="phone",
                 held_reason=HELD_REFUSED, assigned_user_id=sophie,
                 reason="Fidélisation Toyota Yaris GC-664-YX [red]")
    add_reminder(conn, client, rule_id="service_due", subject_kind="vehicle", subject_id=polo,
                 occurrence_on="2026-11-20", due_on="2026-11-20", tier=5, channel="sms",
                 status="snoozed", snoozed_until="2026-12-01", assigned_user_id=sophie,
                 reason="Entretien Volkswagen Polo CX-384-XW")
    add_reminder(conn, client, rule_id="untouched", subject_kind="client", subject_id=client,
                 occurrence_on="2026-11-22", due_on="2026-11-22", tier=5, channel="sms",
                 reason="Fiche sans contact depuis 24 mois")
    # handled or expired: not on the card
    add_reminder(conn, client, rule_id="financing_end_2m", subject_id=client, status="done",
                 occurrence_on="2026-10-01", due_on="2026-10-01", reason="Déjà traitée")
    add_reminder(conn, client, rule_id="financing_end_6m", subject_id=client, status="expired",
                 occurrence_on="2026-09-01", due_on="2026-09-01", reason="Expirée")
    return {"client": client, "sophie": sophie, "yaris": yaris, "polo": polo}


async def _settle(app: RelanceApp, pilot: Pilot[None]) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()


async def _open_card(app: RelanceApp, pilot: Pilot[None], client_id: int) -> ClientScreen:
    await _settle(app, pilot)
    app.push_screen(ClientScreen(client_id))
    await _settle(app, pilot)
    assert isinstance(app.screen, ClientScreen)
    return app.screen


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _cells(line: str) -> list[str]:
    """A line of a table grid, cut where the columns are (two spaces or more)."""
    return re.split(r" {2,}", line.strip())


async def test_the_card_lists_each_vehicles_last_repair_orders(conn: sqlite3.Connection,
                                                               db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _open_card(app, pilot, ids["client"])
        lines = _lines(shown(card.query_one("#card-workshop", Static)))
        assert lines[0] == "Atelier : derniers ordres de réparation"
        # each vehicle, then its last three orders, most recent first; numbers shown as typed
        assert lines[1] == "Toyota Yaris GC-664-YX"
        assert _cells(lines[2]) == ["06/04/2026", "[b]OR4[/b]", "entretien", "75\u202f000 km"]
        assert _cells(lines[3]) == ["07/04/2025", "[b]OR3[/b]", "carrosserie", "60\u202f000 km"]
        assert _cells(lines[4]) == ["02/04/2024", "[b]OR2[/b]", "freinage", "45\u202f000 km"]
        assert lines[5] == "Volkswagen Polo CX-384-XW"
        assert _cells(lines[6]) == ["15/09/2026", "OR-POLO", "rappel constructeur", "88\u202f000 km"]
        assert len(lines) == 7  # the two oldest orders of the Yaris are not listed


async def test_the_card_lists_the_pending_reminders(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _open_card(app, pilot, ids["client"])
        text = shown(card.query_one("#card-reminders", Static))
        lines = _lines(text)
        assert lines[0] == "Relances en cours"
        assert lines[1].startswith("10/11/2026  Fidélisation Toyota Yaris GC-664-YX [red]")
        assert lines[2] == "suivie par Sophie Moreau"
        assert lines[3].startswith("Retenue : ")  # the hold, wrapped to the card's width
        assert f"Retenue : {HELD_REFUSED}" in " ".join(text.split())
        entretien = next(n for n, line in enumerate(lines) if "Entretien Volkswagen" in line)
        assert lines[entretien].startswith("20/11/2026")
        assert lines[entretien + 1] == "suivie par Sophie Moreau · reportée au 01/12/2026"
        untouched = next(n for n, line in enumerate(lines) if "Fiche sans contact" in line)
        assert lines[untouched + 1] == "non attribuée"
        assert entretien < untouched
        assert text.count("Retenue") == 1
        assert "Déjà traitée" not in text
        assert "Expirée" not in text


def test_each_section_of_the_card_is_one_indexed_read(conn: sqlite3.Connection) -> None:
    ids = _seed(conn)
    traced: list[str] = []
    conn.set_trace_callback(traced.append)  # the statements as run, their values in place
    orders = last_repair_orders(conn, ids["client"], 3)
    reminders = pending_reminders(conn, ids["client"])
    conn.set_trace_callback(None)
    assert len(orders) == 4
    assert len(reminders) == 3
    assert len(traced) == 2  # one statement per section
    for statement, index in zip(traced, ("repair_orders_vehicle", "reminders_client"), strict=True):
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statement)]
        assert not any(step.startswith("SCAN") for step in plan), plan
        assert any(f"INDEX {index} " in step for step in plan), plan


async def test_contact_lines_show_the_time_and_french_labels(conn: sqlite3.Connection,
                                                             db_path: Path) -> None:
    ids = _seed(conn)
    client = ids["client"]
    add_contact(conn, client, at="2026-11-24T09:05:00", channel="phone", outcome="no_answer")
    add_contact(conn, client, at="2026-11-24T16:40:00", channel="sms", outcome="reached",
                note="[b]rappel[/b] demain")
    add_contact(conn, client, at="2026-05-06T11:00:00", channel="visit", direction="in",
                outcome="sale", user_login="s.moreau")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _open_card(app, pilot, client)
        lines = _lines(shown(card.query_one("#card-contacts", Static)))
        assert lines[1] == "24/11/2026 16:40  SMS  joint  martine"
        assert lines[2] == "[b]rappel[/b] demain"
        assert lines[3] == "24/11/2026 09:05  Téléphone  pas de réponse  martine"
        assert lines[4] == "06/05/2026 11:00  Visite  vente  s.moreau"


async def test_h_lists_the_whole_history_page_by_page(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    client = ids["client"]
    total = PAGE + 30
    for n in range(total):  # four a day, so that same-day contacts must be told apart by time
        add_contact(conn, client, at=f"2026-{1 + n // 120:02d}-{1 + n // 4 % 28:02d}T{8 + n % 4}:15:00",
                    note=f"appel n°{n}", channel="phone" if n % 2 else "visit")
    newest = contacts_before(conn, client, 1)[0]
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _open_card(app, pilot, client)
        assert card.check_action("history", ()) is True
        await pilot.press("h")
        await _settle(app, pilot)
        history = app.screen
        assert isinstance(history, ContactHistoryScreen)
        table = history.query_one("#history-table", DataTable)
        assert table.row_count == PAGE
        assert f"{PAGE} contacts sur {total}" in shown(history.query_one("#history-title", Static))
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[-1] == newest.note
        assert first[0].endswith(newest.at[11:16])
        detail = shown(history.query_one("#history-detail", Static))
        assert newest.note in detail
        await pilot.press("ctrl+end")  # the last row read: the older ones follow
        await _settle(app, pilot)
        assert table.row_count == total
        assert f"{total} contacts sur {total}" in shown(history.query_one("#history-title", Static))
        notes = [str(table.get_row_at(n)[-1]) for n in range(total)]
        stored = [c.note for c in contacts_before(conn, client, total)]
        assert notes == stored  # newest first, each once
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.screen is card


async def test_another_sessions_write_shows_on_the_open_card(conn: sqlite3.Connection,
                                                             db_path: Path) -> None:
    ids = _seed(conn)
    client = ids["client"]
    for n in range(6):
        add_contact(conn, client, at=f"2026-11-1{n}T10:00:00", note=f"ancien {n}")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _open_card(app, pilot, client)
        scroll = card.query_one("#card", VerticalScroll)
        await pilot.press("pagedown")
        await pilot.pause()
        position = scroll.scroll_y
        assert position > 0
        other = connect(db_path)  # another session logs a call and renames the client
        add_contact(other, client, at="2026-11-24T11:32:00", user_login="paul",
                    note="appel de l'autre poste")
        update(other, "clients", client, 1, {"city": "Nantes"}, "paul")
        other.close()
        contacts = card.query_one("#card-contacts", Static)
        for _ in range(40):  # at most 2 s, in 50 ms steps
            await pilot.pause(0.05)
            await card.workers.wait_for_complete()
            if "appel de l'autre poste" in shown(contacts):
                break
        await pilot.pause()
        assert "24/11/2026 11:32" in shown(contacts)
        assert "Nantes" in shown(card.query_one("#card-identity", Static))
        assert scroll.scroll_y == position
        assert app.focused is scroll


async def test_a_card_whose_client_is_gone_says_so(conn: sqlite3.Connection, db_path: Path) -> None:
    client = add_client(conn, last_name="Parti")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _open_card(app, pilot, client)
        conn.execute("DELETE FROM clients WHERE id = ?", (client,))
        card.load()
        await _settle(app, pilot)
        assert app.is_running
        assert "Cette fiche n'existe plus." in shown(card.query_one("#card-identity", Static))


async def test_the_history_follows_another_sessions_call_and_keeps_the_cursor(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    ids = _seed(conn)
    client = ids["client"]
    for n in range(5):
        add_contact(conn, client, at=f"2026-11-1{n}T10:00:00", note=f"ancien {n}")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_card(app, pilot, client)
        await pilot.press("h")
        await _settle(app, pilot)
        history = app.screen
        assert isinstance(history, ContactHistoryScreen)
        table = history.query_one("#history-table", DataTable)
        await pilot.press("down", "down")
        assert str(table.get_row_at(table.cursor_row)[-1]) == "ancien 2"
        other = connect(db_path)
        add_contact(other, client, at="2026-11-24T11:32:00", user_login="paul", note="tout frais")
        other.close()
        for _ in range(40):  # at most 2 s, in 50 ms steps
            await pilot.pause(0.05)
            await history.workers.wait_for_complete()
            if table.row_count == 6:
                break
        await pilot.pause()
        assert str(table.get_row_at(0)[-1]) == "tout frais"
        assert str(table.get_row_at(table.cursor_row)[-1]) == "ancien 2"  # the same contact
        assert "6 contacts sur 6" in shown(history.query_one("#history-title", Static))
