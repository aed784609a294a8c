"""Find a client as you type: name, phone, email, plate, VIN or DMS number.

Self-contained: give it a database path; it searches in a worker thread with its own SQLite
connection and dismisses with the chosen client's id (``None`` when left with Escape).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import Worker, WorkerState

from store.search import SearchHit, find_clients
from tui.i18n import _
from tui.text import plain
from tui.threads import ScreenConnection

RESULT_LIMIT = 20

_MATCHED = {"name": _("nom"), "phonetic": _("son"), "phone": _("tél."), "email": _("e-mail"),
            "plate": _("immat."), "vin": "VIN", "external_id": _("n° DMS")}
# Fixed widths that keep every column on an 80-column terminal; the name takes the rest.
COLUMN_WIDTHS = {"city": 12, "born": 5, "phone": 14, "vehicle": 10, "matched": 6}
MIN_NAME_WIDTH = 16


class SearchScreen(Screen[int | None]):
    """Search-as-you-type; Enter opens the highlighted client, Escape leaves."""

    CSS_PATH = "search.tcss"
    BINDINGS = [  # noqa: RUF012 (Textual reads a class attribute)
        Binding("escape", "leave", _("Retour"), id="search.leave"),
        Binding("enter", "choose", _("Ouvrir la fiche"), id="search.choose", priority=True),
        Binding("down", "next_hit", _("Suivant"), show=False, id="search.next"),
        Binding("up", "previous_hit", _("Précédent"), show=False, id="search.previous"),
        Binding("ctrl+n", "new_client", _("Nouveau client"), id="search.new_client"),
    ]

    @dataclass
    class ClientChosen(Message):
        """The user chose this client."""

        client_id: int

    @dataclass
    class NewClientWanted(Message):
        """The user looked and wants a new client; ``query`` is what they typed."""

        query: str

    def __init__(self, db_path: Path | str, query: str = "", *, offer_new: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.initial_query = query
        self.offer_new = offer_new  # False when the search picks a client for something else
        self.hits: list[SearchHit] = []
        self.hits_for: str | None = None  # the query the hits shown answer
        self._choose_for: str | None = None  # enter typed ahead of this query's hits
        self._db = ScreenConnection(self.db_path)

    def compose(self) -> ComposeResult:
        yield Input(value=self.initial_query, placeholder=_("Nom, téléphone, e-mail, immat., VIN…"),
                    id="query")
        yield Static("", id="status")
        table: DataTable[str | Text] = DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str | Text] = self.query_one("#hits", DataTable)
        table.add_column(_("Client"), key="name", width=self._name_width())
        for key, label in (("city", _("Ville")), ("born", _("Né(e)")), ("phone", _("Téléphone")),
                           ("vehicle", _("Véhicule")), ("matched", _("Par"))):
            table.add_column(label, key=key, width=COLUMN_WIDTHS[key])
        self.query_one("#query", Input).focus()
        if self.initial_query:
            self.search(self.initial_query)

    def _name_width(self) -> int:
        padding = 2 * (len(COLUMN_WIDTHS) + 1) + 2  # cell padding, and the scrollbar
        return max(MIN_NAME_WIDTH, self.size.width - sum(COLUMN_WIDTHS.values()) - padding)

    def on_resize(self) -> None:
        table: DataTable[str | Text] = self.query_one("#hits", DataTable)
        column = table.columns.get("name")  # type: ignore[call-overload]
        if column is not None and column.width != self._name_width():
            column.width = self._name_width()
            table.refresh()

    @on(Input.Changed, "#query")
    def query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def search(self, query: str) -> tuple[str, list[SearchHit]]:
        """Run the search in a thread, on the screen's own connection; the hits with their query."""
        with self._db.use() as conn:
            return query, find_clients(conn, query, RESULT_LIMIT)

    def on_unmount(self) -> None:
        self._db.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "search":
            return
        status = self.query_one("#status", Static)
        if event.state == WorkerState.ERROR:
            status.update(Text(_("Recherche impossible : {error}", error=event.worker.error)))
        elif event.state == WorkerState.SUCCESS and isinstance(event.worker.result, tuple):
            query, hits = event.worker.result
            self.show_hits(hits, query)
            if self._choose_for == query and self._current_hits():
                self._choose_now()

    def _current_hits(self) -> bool:
        """Whether the hits shown answer what is typed now (not an older search)."""
        return self.hits_for == self.query_one("#query", Input).value

    def show_hits(self, hits: list[SearchHit], query: str) -> None:
        """Fill the table; data is shown as typed, never read as markup."""
        self.hits = hits
        self.hits_for = query
        table: DataTable[str | Text] = self.query_one("#hits", DataTable)
        table.clear()
        for hit in hits:
            table.add_row(
                plain(hit.name, "bold yellow" if hit.homonym else ""), plain(hit.city),
                plain(hit.birth_year or ""), plain(hit.phone), plain(hit.vehicle),
                plain(_MATCHED.get(hit.matched, hit.matched)), key=str(hit.client_id),
            )
        count = len(hits)
        status = Text(_("Aucun client trouvé") if count == 0 else _("{n} client(s)", n=count))
        if any(hit.homonym for hit in hits):
            status.append(_(" — en jaune : homonymes"), style="yellow")
        self.query_one("#status", Static).update(
            status if self.query_one("#query", Input).value.strip() else Text(""))

    def action_next_hit(self) -> None:
        self.query_one("#hits", DataTable).action_cursor_down()

    def action_previous_hit(self) -> None:
        self.query_one("#hits", DataTable).action_cursor_up()

    def action_choose(self) -> None:
        """Open the selected client, once the field has read the keys typed before enter (a
        priority key is handled as it arrives, the field's keys in its turn)."""
        self.query_one("#query", Input).call_later(self._choose_now)

    def _choose_now(self) -> None:
        query = self.query_one("#query", Input).value
        if not self._current_hits():  # typed ahead of its search: opened when its hits come
            self._choose_for = query if query.strip() else None
            return
        self._choose_for = None
        table: DataTable[str | Text] = self.query_one("#hits", DataTable)
        if not self.hits or table.cursor_row < 0 or table.cursor_row >= len(self.hits):
            return
        client_id = self.hits[table.cursor_row].client_id
        self.post_message(self.ClientChosen(client_id))
        self.dismiss(client_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "new_client" and not self.offer_new)

    def action_new_client(self) -> None:
        """Leave for the new-client form, taking what was typed with it."""
        query = self.query_one("#query", Input).value
        self.dismiss(None)
        self.app.post_message(self.NewClientWanted(query))

    def action_leave(self) -> None:
        self.dismiss(None)
