"""A client's whole contact history, newest first, read a page at a time as the cursor goes down."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from store.clients import contact_count, contacts_before, get_client
from store.errors import NotFoundError
from store.records import Contact
from tui.formats import day
from tui.i18n import _
from tui.messages import DataChanged
from tui.screens.client import channel_label, contact_time, outcome_label
from tui.text import clean, plain
from tui.threads import ScreenConnection, show_from_thread

PAGE = 100


class ContactHistoryScreen(Screen[None]):
    """Every call, visit, e-mail and letter of one client, the newest first."""

    CSS_PATH = "contact_history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", _("Retour"), id="history_back"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.contacts: list[Contact] = []
        self.total = 0
        self.client_name = ""  # as the first page read it
        self._loading = False
        self._db: ScreenConnection | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Chargement…"), id="history-title")
        yield DataTable(id="history-table", cursor_type="row")
        yield Static(id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        self._db = ScreenConnection(self.app.db_path)
        table = self.query_one("#history-table", DataTable)
        table.add_columns(_("Date"), _("Canal"), _("Résultat"), _("Qui"), _("Note"))
        table.focus()
        self.load(PAGE, None)

    def on_unmount(self) -> None:
        if self._db is not None:
            self._db.close()

    def on_data_changed(self, message: DataChanged) -> None:
        """Another session wrote: read again as many contacts as are listed, keep the cursor."""
        self.load(max(PAGE, len(self.contacts)), None)

    @work(thread=True, exclusive=True, group="history")
    def load(self, limit: int, before: tuple[str, int] | None) -> None:
        """Read ``limit`` contacts older than ``before`` (None: from the newest)."""
        assert self._db is not None
        with self._db.use() as conn:
            if before is None:
                try:
                    name = get_client(conn, self.client_id).display_name
                except NotFoundError:
                    name = "?"
                total = contact_count(conn, self.client_id)
            else:  # a next page: the name and the count were read with the first
                name, total = self.client_name, self.total
            page = contacts_before(conn, self.client_id, limit, before)
        if get_current_worker().is_cancelled:  # a newer read replaces this one: no page twice
            return
        show_from_thread(self, self._show, name, total, page, before is None)

    def _show(self, name: str, total: int, page: list[Contact], fresh: bool) -> None:
        self._loading = False
        self.client_name = name
        table = self.query_one("#history-table", DataTable)
        kept = None
        if fresh:
            if table.row_count and table.cursor_row < len(self.contacts):
                kept = self.contacts[table.cursor_row].id
            self.contacts = []
            table.clear()
        self.total = total
        self.contacts.extend(page)
        for contact in page:
            table.add_row(plain(contact_time(contact)), plain(channel_label(contact.channel)),
                          plain(outcome_label(contact.outcome)), plain(contact.user_login),
                          plain(contact.note), key=str(contact.id))
        if kept is not None:
            row = next((n for n, c in enumerate(self.contacts) if c.id == kept), 0)
            table.move_cursor(row=row, scroll=True)
        title = Text.assemble(plain(name, "bold"), "  ",
                              plain(_("{shown} contacts sur {total}, le plus récent en premier",
                                      shown=len(self.contacts), total=total), "dim"))
        self.query_one("#history-title", Static).update(title)
        if not self.contacts:
            self.query_one("#history-detail", Static).update(Text(_("aucun contact"), style="dim"))
        else:
            self._detail(table.cursor_row)

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)
        # the last row listed: read the next page, older contacts follow below
        if (event.cursor_row >= len(self.contacts) - 1 and len(self.contacts) < self.total
                and not self._loading and self.contacts):
            self._loading = True
            last = self.contacts[-1]
            self.load(PAGE, (last.at, last.id))

    def _detail(self, row: int) -> None:
        if not 0 <= row < len(self.contacts):
            return
        contact = self.contacts[row]
        way = _("entrant") if contact.direction == "in" else _("sortant")
        head = " · ".join((contact_time(contact), channel_label(contact.channel), way,
                           outcome_label(contact.outcome), contact.user_login))
        text = Text(clean(head), style="bold")
        if contact.note:
            text.append("\n" + clean(contact.note))
        if contact.next_action_on:
            text.append("\n" + _("prochaine action le {day}", day=day(contact.next_action_on)),
                        style="dim")
        self.query_one("#history-detail", Static).update(text)
