"""Today's callback queue: who to call, why, by when — and the brief of the selected call."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from rules.talking_points import AFTERSALES_RULES, talking_points
from store.claims import claim, release
from store.clients import ClientCard, client_card
from store.db import connect
from store.queue import QueueFilter, overdue_count, queue_counts, queue_page
from store.records import QueueItem
from tui.formats import day, phone
from tui.i18n import _, language
from tui.messages import DataChanged
from tui.screens.client import CHANNEL_LABELS, CONSENT_LABELS, MODE_LABELS, OUTCOME_LABELS, ClientScreen
from tui.text import plain

if TYPE_CHECKING:
    from tui.app import RelanceApp

PAGE_SIZE = 200
FIXED_COLUMNS = {"tier": 2, "client": 20, "due": 10, "phone": 14}
MIN_REASON_WIDTH = 20
DEPARTMENTS: tuple[str | None, ...] = (None, "sales", "aftersales")
TIERS: tuple[int | None, ...] = (None, 0, 1, 2, 3, 4, 5)


class QueueTable(DataTable[Text]):
    """The queue's table: Enter opens the client card, and says so in the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Fiche client"), id="open_client"),
    ]


@dataclass(frozen=True, slots=True)
class QueuePage:
    """What one read of the queue brings back to the screen."""

    items: list[QueueItem]
    counts: dict[int, int]
    overdue: int
    offset: int


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user chose to see."""

    mine: bool = False
    department: str | None = None
    tier: int | None = None
    held: bool = False

    def query(self, login: str | None) -> QueueFilter:
        return QueueFilter(
            user_login=login if self.mine else None,
            held=self.held,
            tier=self.tier,
            rule_ids=AFTERSALES_RULES if self.department == "aftersales" else None,
            except_rule_ids=AFTERSALES_RULES if self.department == "sales" else None,
        )

    def label(self) -> str:
        parts = [_("les miens") if self.mine else _("tous")]
        if self.department:
            parts.append(_("vente") if self.department == "sales" else _("après-vente"))
        if self.tier is not None:
            parts.append(_("rang {tier}", tier=self.tier))
        if self.held:
            parts.append(_("retenus par la loi"))
        return " · ".join(parts)


class QueueScreen(Screen[None]):
    """The list a salesperson works through in the morning."""

    class FirstPageShown(Message):
        """The first page of the queue is on screen: slower work may start now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "toggle_mine", _("Les miens"), id="filter_mine", show=False),
        Binding("a", "cycle_department", _("Vente/APV"), id="filter_department", show=False),
        Binding("t", "cycle_tier", _("Rang"), id="filter_tier", show=False),
        Binding("h", "toggle_held", _("Retenus"), id="filter_held", show=False),
        Binding("r", "refresh", _("Actualiser"), id="refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: list[QueueItem] = []
        self._total = 0
        self._loading = False
        self._shown_once = False
        self.filters = Filters()

    @property
    def relance(self) -> RelanceApp:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Chargement de la file du jour…"), id="queue-summary")
        yield QueueTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="brief")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.add_column(_("Rg"), key="tier", width=FIXED_COLUMNS["tier"])
        table.add_column(_("Client"), key="client", width=FIXED_COLUMNS["client"])
        table.add_column(_("Motif"), key="reason", width=self._reason_width())
        table.add_column(_("Échéance"), key="due", width=FIXED_COLUMNS["due"])
        table.add_column(_("Téléphone"), key="phone", width=FIXED_COLUMNS["phone"])
        self.load(0)

    def _reason_width(self) -> int:
        """What the reason column may take of the screen once the fixed columns are placed."""
        padding = 2 * (len(FIXED_COLUMNS) + 1) + 2  # cell padding, and the scrollbar
        return max(MIN_REASON_WIDTH, self.size.width - sum(FIXED_COLUMNS.values()) - padding)

    def on_resize(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        column = table.columns.get("reason")  # type: ignore[call-overload]
        if column is not None and column.width != self._reason_width():
            column.width = self._reason_width()
            table.refresh()

    @property
    def _login(self) -> str | None:
        user = self.relance.user
        return user.login if user else None

    @work(thread=True, exclusive=True, group="queue")
    def load(self, offset: int) -> QueuePage:
        """Read a page of the queue on a connection of this thread's own."""
        ctx = self.relance.ctx
        where = self.filters.query(self._login or ctx.user)
        conn = connect(ctx.db_path)
        try:
            counts = queue_counts(conn, ctx.today, by=where) if offset == 0 else {}
            overdue = overdue_count(conn, ctx.today, where) if offset == 0 else 0
            items = queue_page(conn, ctx.today, limit=PAGE_SIZE, offset=offset, by=where)
        finally:
            conn.close()
        page = QueuePage(items=items, counts=counts, overdue=overdue, offset=offset)
        worker = get_current_worker()

        def show_unless_replaced() -> None:  # on the event loop, where a newer load cancels this one
            if not worker.is_cancelled:
                self._show(page)

        self.app.call_from_thread(show_unless_replaced)
        return page

    def _show(self, page: QueuePage) -> None:
        table = self.query_one("#queue-table", DataTable)
        if page.offset == 0:
            kept = self.current_item
            table.clear()
            self._items = []
            self._total = sum(page.counts.values())
            self._show_summary(page.counts, page.overdue)
        today = self.relance.ctx.today
        for item in page.items:
            table.add_row(*self._cells(item, today), key=str(item.reminder_id))
        self._items.extend(page.items)
        self._loading = False
        if page.offset == 0:
            self._restore_cursor(kept)
            if page.items:
                table.focus()
            else:
                self.query_one("#brief", Static).update("")
            if not self._shown_once:
                self._shown_once = True
                self.post_message(self.FirstPageShown())

    def _restore_cursor(self, kept: QueueItem | None) -> None:
        """After a reload the cursor stays on the same reminder when it is still there."""
        if kept is None:
            return
        for row, item in enumerate(self._items):
            if item.reminder_id == kept.reminder_id:
                self.query_one("#queue-table", DataTable).move_cursor(row=row)
                return

    @property
    def current_item(self) -> QueueItem | None:
        row = self.query_one("#queue-table", DataTable).cursor_row
        return self._items[row] if 0 <= row < len(self._items) else None

    def _show_summary(self, counts: dict[int, int], overdue: int) -> None:
        summary = self.query_one("#queue-summary", Static)
        shown = Text(f"[{self.filters.label()}] ", style="dim")
        if not counts:
            summary.update(shown + Text(_("Aucun rappel dû aujourd'hui.")))
            return
        parts = " ".join(f"{tier}:{n}" for tier, n in counts.items())
        line = shown + Text(_("{total} rappels dus", total=self._total))
        if overdue:
            line += Text(_(", dont {n} en retard", n=overdue), style="bold red")
        line += Text(_(" — par rang {parts}", parts=parts), style="dim")
        summary.update(line)

    @staticmethod
    def _cells(item: QueueItem, today: date) -> tuple[Text, ...]:
        overdue = item.due_on < today.isoformat()
        reason = item.reason_en if language() == "en" and item.reason_en else item.reason
        if item.claimed_by:
            reason_cell = plain(_("en cours — {who}", who=item.claimed_by) + " · " + reason, "italic")
        else:
            reason_cell = plain(reason)
        return (
            plain(item.tier),
            plain(item.client_name),
            reason_cell,
            plain(day(item.due_on), style="bold red" if overdue else ""),
            plain(phone(item.phone)),
        )

    @on(DataTable.RowHighlighted, "#queue-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        near_end = event.cursor_row >= len(self._items) - 20
        if near_end and not self._loading and len(self._items) < self._total:
            self._loading = True
            self.load(len(self._items))
        if 0 <= event.cursor_row < len(self._items):
            self.load_brief(self._items[event.cursor_row])

    @work(thread=True, exclusive=True, group="brief")
    def load_brief(self, item: QueueItem) -> None:
        """Read what the brief shows of the highlighted item's client."""
        conn = connect(self.relance.ctx.db_path)
        try:
            card = client_card(conn, item.client_id, contacts=3)
        finally:
            conn.close()
        self.app.call_from_thread(self._show_brief, item, card)

    def _show_brief(self, item: QueueItem, card: ClientCard) -> None:
        current = self.current_item
        if current is None or current.reminder_id != item.reminder_id:
            return  # the cursor moved on meanwhile
        self.query_one("#brief", Static).update(brief(item, card, self.relance.ctx.today))

    @on(DataTable.RowSelected, "#queue-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self._items):
            self.open_card(self._items[event.cursor_row])

    def open_card(self, item: QueueItem) -> None:
        """Take the reminder (others see it as being worked) and show the client card."""
        login = self._login
        if login is not None:
            conn = connect(self.relance.ctx.db_path)
            try:
                holder = claim(conn, item.reminder_id, login, datetime.now(UTC))
            finally:
                conn.close()
            if holder:
                self.notify(_("Déjà en cours par {who}.", who=holder), severity="warning")

        def released(_result: None) -> None:
            if login is not None:
                conn = connect(self.relance.ctx.db_path)
                try:
                    release(conn, item.reminder_id, login)
                finally:
                    conn.close()

        self.app.push_screen(ClientScreen(item.client_id), released)

    def on_data_changed(self, _message: DataChanged) -> None:
        self.load(0)

    def _refilter(self, filters: Filters) -> None:
        self.filters = filters
        self.load(0)

    def action_toggle_mine(self) -> None:
        self._refilter(replace(self.filters, mine=not self.filters.mine))

    def action_cycle_department(self) -> None:
        following = DEPARTMENTS[(DEPARTMENTS.index(self.filters.department) + 1) % len(DEPARTMENTS)]
        self._refilter(replace(self.filters, department=following))

    def action_cycle_tier(self) -> None:
        following = TIERS[(TIERS.index(self.filters.tier) + 1) % len(TIERS)]
        self._refilter(replace(self.filters, tier=following))

    def action_toggle_held(self) -> None:
        self._refilter(replace(self.filters, held=not self.filters.held))

    def action_refresh(self) -> None:
        self.load(0)


def brief(item: QueueItem, card: ClientCard, today: date) -> Group:
    """Why this call, who, how to reach them, what they drive, what was said, what to say."""
    client = card.client
    lang = language()
    reason = item.reason_en if lang == "en" and item.reason_en else item.reason
    late = (today - date.fromisoformat(item.due_on)).days
    when = _("dû le {day}", day=day(item.due_on)) + (_(", {n} j de retard", n=late) if late > 0 else "")
    lines = [Text.assemble(plain(reason, "bold"), "  ", plain(when, "red" if late > 0 else "dim"))]
    if item.held_reason:
        lines.append(plain(_("Retenu : {why}", why=item.held_reason), "bold yellow"))
    consent = client.consent("phone")
    reach = [client.display_name, phone(client.phone), client.email, client.city]
    lines.append(Text.assemble(
        plain("  ".join(part for part in reach if part)), "  ",
        plain(f"{CHANNEL_LABELS['phone']} : {CONSENT_LABELS.get(consent.state, consent.state)}",
              {"yes": "green", "no": "red"}.get(consent.state, "yellow")),
    ))
    for vehicle in card.vehicles[:1]:
        contract = next((f for f in card.financings if f.vehicle_id == vehicle.id), None)
        text = f"{vehicle.label} {vehicle.plate}"
        if contract is not None:
            text += f" — {MODE_LABELS.get(contract.mode, contract.mode)} {contract.lender}"
            if contract.end_on:
                text += " " + _("fin le {day}", day=day(contract.end_on))
        lines.append(plain(text))
    for contact in card.contacts[:3]:
        note = f" « {contact.note} »" if contact.note else ""
        lines.append(plain(f"{day(contact.at)} {OUTCOME_LABELS.get(contact.outcome, contact.outcome)}"
                           f" ({contact.user_login}){note}", "dim"))
    points = " · ".join(talking_points(item.rule_id, lang))
    lines.append(plain(_("À dire : {points}", points=points), "italic"))
    return Group(*lines)
