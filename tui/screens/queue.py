"""Today's callback queue: who to call, why, by when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store.db import connect
from store.queue import queue_counts, queue_page
from store.records import QueueItem
from tui.formats import day, phone
from tui.i18n import _
from tui.screens.client import ClientScreen
from tui.text import plain

if TYPE_CHECKING:
    from tui.app import RelanceApp

PAGE_SIZE = 200
FIXED_COLUMNS = {"tier": 2, "client": 20, "due": 10, "phone": 14}
MIN_REASON_WIDTH = 20


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
    offset: int


class QueueScreen(Screen[None]):
    """The list a salesperson works through in the morning."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", _("Actualiser"), id="refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: list[QueueItem] = []
        self._total = 0
        self._loading = False

    @property
    def relance(self) -> RelanceApp:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Chargement de la file du jour…"), id="queue-summary")
        yield QueueTable(id="queue-table", cursor_type="row", zebra_stripes=True)
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

    @work(thread=True, exclusive=True, group="queue")
    def load(self, offset: int) -> QueuePage:
        """Read a page of the queue on a connection of this thread's own."""
        ctx = self.relance.ctx
        conn = connect(ctx.db_path)
        try:
            counts = queue_counts(conn, ctx.today) if offset == 0 else {}
            items = queue_page(conn, ctx.today, limit=PAGE_SIZE, offset=offset)
        finally:
            conn.close()
        page = QueuePage(items=items, counts=counts, offset=offset)
        self.app.call_from_thread(self._show, page)
        return page

    def _show(self, page: QueuePage) -> None:
        table = self.query_one("#queue-table", DataTable)
        if page.offset == 0:
            table.clear()
            self._items = []
            self._total = sum(page.counts.values())
            self._show_summary(page.counts)
        today = self.relance.ctx.today
        for item in page.items:
            table.add_row(*self._cells(item, today), key=str(item.reminder_id))
        self._items.extend(page.items)
        self._loading = False
        if page.offset == 0 and page.items:
            table.focus()

    def _show_summary(self, counts: dict[int, int]) -> None:
        summary = self.query_one("#queue-summary", Static)
        if not counts:
            summary.update(Text(_("Aucun rappel dû aujourd'hui.")))
            return
        parts = "  ".join(_("rang {tier} : {n}", tier=tier, n=n) for tier, n in counts.items())
        summary.update(Text(_("{total} rappels dus — {parts}", total=self._total, parts=parts)))

    @staticmethod
    def _cells(item: QueueItem, today: date) -> tuple[Text, ...]:
        overdue = item.due_on < today.isoformat()
        due_style = "bold red" if overdue else ""
        return (
            plain(item.tier),
            plain(item.client_name),
            plain(item.reason),
            plain(day(item.due_on), style=due_style),
            plain(phone(item.phone)),
        )

    @on(DataTable.RowHighlighted, "#queue-table")
    def _maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        near_end = event.cursor_row >= len(self._items) - 20
        if near_end and not self._loading and len(self._items) < self._total:
            self._loading = True
            self.load(len(self._items))

    @on(DataTable.RowSelected, "#queue-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.cursor_row)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.app.push_screen(ClientScreen(self._items[row].client_id))

    def action_refresh(self) -> None:
        self.load(0)
