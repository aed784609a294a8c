"""Today's callback queue: who to call, why, by when — and the brief of the selected call."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from rules.calls import LoggedCall, SavedCall
from rules.talking_points import AFTERSALES_RULES, talking_points
from store.claims import claim, release
from store.clients import ClientCard, client_card
from store.db import connect
from store.normalize import display_phone
from store.queue import QueueFilter, overdue_count, queue_counts, queue_page
from store.records import QueueItem
from tui.formats import day
from tui.i18n import _, language
from tui.messages import DataChanged
from tui.screens.assistant import GRAMMAR_HELP, Assistant, AssistantPane, hello
from tui.screens.client import CONSENT_LABELS, MODE_LABELS, ClientScreen, outcome_label
from tui.screens.log_call import CHANNEL_NAMES, CONTACT_WITH, LogCallForm, OutcomePicker, change_message
from tui.text import plain, tone
from tui.threads import ScreenConnection, show_from_thread

if TYPE_CHECKING:
    from tui.app import RelanceApp

PAGE_SIZE = 100  # a screenful many times over; the next page loads as the cursor nears the end
QUEUE_ACTIONS = frozenset({"toggle_mine", "cycle_department", "cycle_tier", "toggle_held", "refresh",
                           "log_call", "assistant", "select_cursor"})
SETTLE_AFTER_SAVE = 0.4  # seconds the reload after a save waits, so the next brief is drawn first
READ_ONLY_MESSAGE = _("Consultation seulement : votre identifiant n'est pas un utilisateur de Relance. "
                      "Demandez à un responsable de vous ajouter (relance users add).")
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

    HELP = GRAMMAR_HELP  # `?` shows the assistant's grammar beside the keys

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "toggle_mine", _("Les miens"), id="filter_mine", show=False),
        Binding("a", "cycle_department", _("Vente/APV"), id="filter_department", show=False),
        Binding("t", "cycle_tier", _("Rang"), id="filter_tier", show=False),
        Binding("h", "toggle_held", _("Retenus"), id="filter_held", show=False),
        Binding("r", "refresh", _("Actualiser"), id="refresh", show=False),
        # priority: the dialog opens before the next key typed ahead (« l n enter ») is dispatched
        Binding("l", "log_call", _("Noter l'appel"), id="log_call", priority=True),
        Binding("colon", "assistant", _("Assistant"), id="assistant", key_display=":", priority=True),
        Binding("n", "app.new_client", _("Nouveau client"), id="new_client"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: list[QueueItem] = []
        self._total = 0
        self._loading = False
        self._shown_once = False
        self.filters = Filters()
        self.undoable: list[tuple[LoggedCall, str]] = []  # what « annule » takes back, last first
        self._brief_for: int | None = None  # the reminder whose brief is on screen
        self._settle_until = 0.0  # no reload before this (monotonic) time: a save is being drawn
        self._reloading = False  # a reload after another write is running
        self._reload_pending = False  # and another write came meanwhile
        self.counts: dict[int, int] = {}
        self.overdue = 0
        # held, not queried: check_action reads it for every binding, key after key
        self.log_form = LogCallForm(id="log-form")

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
        yield self.log_form
        yield AssistantPane(id="assistant")
        yield Footer(compact=True)  # at 80 columns « ? Aide » still shows, left of the palette key

    def on_mount(self) -> None:
        self._db = ScreenConnection(self.relance.ctx.db_path)  # the brief's reads, key after key
        table = self.query_one("#queue-table", DataTable)
        table.add_column(_("Rg"), key="tier", width=FIXED_COLUMNS["tier"])
        table.add_column(_("Client"), key="client", width=FIXED_COLUMNS["client"])
        table.add_column(_("Motif"), key="reason", width=self._reason_width())
        table.add_column(_("Échéance"), key="due", width=FIXED_COLUMNS["due"])
        table.add_column(_("Téléphone"), key="phone", width=FIXED_COLUMNS["phone"])
        self.load(0)

    def on_unmount(self) -> None:
        self._db.close()

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
        me = {self.relance.user.name, self.relance.user.login} if self.relance.user else set()
        # « en cours » is for the others: my own claim does not change my queue (nor redraw it)
        items = [replace(item, claimed_by=None) if item.claimed_by in me else item for item in items]
        page = QueuePage(items=items, counts=counts, overdue=overdue, offset=offset)
        if get_current_worker().is_cancelled:  # a newer read (another filter) replaced this one
            if offset == 0:
                show_from_thread(self, self._reloaded)
            return page
        show_from_thread(self, self._show, page)
        return page

    def _show(self, page: QueuePage) -> None:
        if page.offset == 0:
            self._reloaded()
        table = self.query_one("#queue-table", DataTable)
        if page.offset == 0 and self._unchanged(page.items):
            # another session wrote something this page does not show: keep the table as drawn
            self._total = sum(page.counts.values())
            self.counts, self.overdue = page.counts, page.overdue
            self._show_summary(page.counts, page.overdue)
            self._loading = False
            self._first_page_shown()
            return
        if page.offset == 0:
            kept = self.current_item
            table.clear()
            self._items = []
            self._total = sum(page.counts.values())
            self.counts, self.overdue = page.counts, page.overdue
            self._show_summary(page.counts, page.overdue)
        today = self.relance.ctx.today
        for item in page.items:
            table.add_row(*self._cells(item, today), key=str(item.reminder_id))
        self._items.extend(page.items)
        self._loading = False
        if page.offset == 0:
            self._restore_cursor(kept)
            if not page.items:
                self._brief_for = None
                self.query_one("#brief", Static).update("")
            elif self.focused is None:  # never taken from the log form or the assistant
                table.focus()
            self._first_page_shown()

    def _first_page_shown(self) -> None:
        if not self._shown_once:
            self._shown_once = True
            self.post_message(self.FirstPageShown())

    def _unchanged(self, first_page: list[QueueItem]) -> bool:
        """The first page read again is the one on screen (and nothing after it was dropped)."""
        if first_page != self._items[:len(first_page)]:
            return False
        return len(first_page) == PAGE_SIZE or len(self._items) == len(first_page)

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
            line += Text(_(", dont {n} en retard", n=overdue), style=tone("bold red"))
        line += Text(_(" — par rang {parts}", parts=parts), style="dim")
        summary.update(line)

    @staticmethod
    def _cells(item: QueueItem, today: date) -> tuple[Text, ...]:
        overdue = item.due_on < today.isoformat()
        reason = item.reason_in(language())
        if item.claimed_by:
            reason_cell = plain(_("en cours — {who}", who=item.claimed_by) + " · " + reason, "italic")
        else:
            reason_cell = plain(reason)
        return (
            plain(item.tier),
            plain(item.client_name),
            reason_cell,
            plain(day(item.due_on), style=tone("bold red") if overdue else ""),
            plain(display_phone(item.phone)),
        )

    @on(DataTable.RowHighlighted, "#queue-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        near_end = event.cursor_row >= len(self._items) - 20
        if near_end and not self._loading and len(self._items) < self._total:
            self._loading = True
            self.load(len(self._items))
        if 0 <= event.cursor_row < len(self._items):
            self.load_brief(self._items[event.cursor_row])

    def show_brief_at_once(self, item: QueueItem) -> None:
        """What the queue line knows (why, who, what to say) now; the card's details follow.

        Not when the brief already shows this item: a reload must not make it flicker."""
        if self._brief_for != item.reminder_id:
            self._brief_for = item.reminder_id
            self.query_one("#brief", Static).update(brief(item, None, self.relance.ctx.today))

    def load_brief(self, item: QueueItem) -> None:
        """The brief of ``item``: its first lines at once, the client's card read in a worker."""
        self.show_brief_at_once(item)
        self.read_card(item)

    @work(thread=True, exclusive=True, group="brief")
    def read_card(self, item: QueueItem) -> None:
        """Read what the brief shows of the highlighted item's client."""
        with self._db.use() as conn:
            card = client_card(conn, item.client_id, contacts=3)
        show_from_thread(self, self._show_brief, item, card)

    def _show_brief(self, item: QueueItem, card: ClientCard) -> None:
        current = self.current_item
        if current is None or current.reminder_id != item.reminder_id:
            return  # the cursor moved on meanwhile
        self._brief_for = item.reminder_id
        self.query_one("#brief", Static).update(brief(item, card, self.relance.ctx.today))

    @on(DataTable.RowSelected, "#queue-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self._items):
            self.open_card(self._items[event.cursor_row])

    def open_card(self, item: QueueItem) -> None:
        """Take the reminder (others see it as being worked) and show the client card."""
        login = self._login
        if login is not None:
            holder = self._claim(item, login)
            if holder:
                self.notify(_("Déjà en cours par {who}.", who=holder), severity="warning")

        def released(_result: None) -> None:
            if login is not None:
                self._release(item, login)

        self.app.push_screen(ClientScreen(item.client_id, reminder_id=item.reminder_id), released)

    def _claim(self, item: QueueItem, login: str) -> str | None:
        """Take the reminder (others see it « en cours »); who already holds it, if someone does.

        My own queue hides my claims: the reload the write causes finds the page unchanged and
        does not redraw it."""
        conn = connect(self.relance.ctx.db_path)
        try:
            return claim(conn, item.reminder_id, login, datetime.now(UTC))
        finally:
            conn.close()

    def _release(self, item: QueueItem, login: str) -> None:
        conn = connect(self.relance.ctx.db_path)
        try:
            release(conn, item.reminder_id, login)
        finally:
            conn.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a priority key must not be taken from a text field of this screen; while a call is
        # logged, the queue's own keys are neither offered nor run
        logging = self.log_form.is_mounted and self.log_form.display
        if logging and action in QUEUE_ACTIONS:
            return False
        return not (action in ("log_call", "assistant") and isinstance(self.focused, Input))

    def action_log_call(self) -> None:
        """Open the log dialog on the selected reminder; saving moves on to the next one."""
        if self.relance.read_only:
            self.notify(READ_ONLY_MESSAGE, severity="error")
            return
        item = self.current_item
        login = self._login
        if item is None or login is None:
            self.notify(_("Aucun rappel sélectionné."), severity="warning")
            return
        holder = self._claim(item, login)
        if holder:
            self.notify(_("Déjà en cours par {who}.", who=holder), severity="warning")

        def done(result: SavedCall | None) -> None:
            # in this order: the next brief is drawn first, the claim is given back after
            self._show_form(False)
            if result is not None:
                self.call_logged(item, result)
            self._release(item, login)

        form = self.log_form
        form.start(self.relance.ctx.db_path, item.client_id, item.reminder_id, login=login,
                   today=self.relance.ctx.today, on_done=done)
        self._show_form(True)

    def _show_form(self, shown: bool) -> None:
        """The log form in place of the brief (same height: the table is not redrawn)."""
        form = self.log_form
        form.display = shown
        self.query_one("#brief", Static).display = not shown
        # at once, not later: the keys typed right after « l » belong to the form
        self.set_focus(form.query_one(OutcomePicker) if shown else self.query_one("#queue-table"))

    def call_logged(self, item: QueueItem, result: SavedCall, *, quiet: bool = False) -> None:
        """A call was saved: say so (unless the assistant does), and move on to the next call."""
        message = "" if quiet else change_message(result.logged.change, result.logged.channel)
        with_whom = CONTACT_WITH.get(result.logged.channel, CONTACT_WITH["phone"])
        self.moved_on(item, result.logged, message, left_queue=result.left_queue,
                      what=_(with_whom, name=item.client_name))

    def moved_on(self, item: QueueItem, done: LoggedCall, message: str, *, left_queue: bool,
                 what: str = "") -> None:
        """Put the cursor on the next call and show its brief at once; the reload follows."""
        self._settle_until = monotonic() + SETTLE_AFTER_SAVE
        # said on the brief's top border, not in a toast: a toast re-lays the whole screen out,
        # which on a loaded machine took longer than the rest of the save
        self.query_one("#brief", Static).border_title = Text(f"{item.client_name} — {message}") \
            if message else None
        self.remember(done, what or _("le rappel de {name}", name=item.client_name))
        table = self.query_one("#queue-table", DataTable)
        row = next((n for n, it in enumerate(self._items) if it.reminder_id == item.reminder_id), -1)
        if row < 0:
            self.load(0)
            return
        if left_queue and row == len(self._items) - 1:
            table.remove_row(str(item.reminder_id))
            del self._items[row]
            self._total -= 1
        else:
            # the line handled stays until the reload that follows the write (within a second):
            # moving the cursor repaints two lines, removing a line repaints the whole table
            row += 1
        if self._items:
            table.move_cursor(row=min(row, len(self._items) - 1))
            current = self.current_item
            if current is not None:
                self.load_brief(current)
        else:
            self._brief_for = None
            self.query_one("#brief", Static).update("")
        # no reload here: the write is seen by the change poll, which reloads within a second,
        # after the next brief is on screen rather than competing with it

    def remember(self, done: LoggedCall, what: str) -> None:
        """Keep what was just saved, for « annule »."""
        self.undoable.append((done, what))

    def forget_last(self) -> tuple[LoggedCall, str] | None:
        """The last thing saved, taken off the undo list (None when there is nothing)."""
        return self.undoable.pop() if self.undoable else None

    def action_assistant(self) -> None:
        """Open the assistant's command line; Relance speaks first."""
        pane = self.query_one(AssistantPane)
        if not pane.greeted:
            pane.greeted = True
            pane.say(hello(self))
        pane.open()

    @on(AssistantPane.Asked)
    def _asked(self, event: AssistantPane.Asked) -> None:
        self.query_one(AssistantPane).say(Assistant(self).answer(event.text))

    def on_data_changed(self, message: DataChanged) -> None:
        """Another write: reload, one read at a time (on a big base a read takes seconds, and
        reads started on every write would pile up and starve the screen of CPU). Right after a
        save the reload waits a moment, so the next brief is drawn first."""
        wait = self._settle_until - monotonic()
        if wait > 0:
            self.set_timer(wait, partial(self.on_data_changed, message))
            return
        if self._reloading:
            self._reload_pending = True
        else:
            self._reloading = True
            self.load(0)

    def _reloaded(self) -> None:
        self._reloading = False
        if self._reload_pending:
            self._reload_pending = False
            self._reloading = True
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


def brief(item: QueueItem, card: ClientCard | None, today: date) -> Group:
    """Why this call, who, how to reach them, what they drive, what was said, what to say.

    Without the card (not read yet): the queue line's own facts, why, who and what to say.
    """
    lang = language()
    reason = item.reason_in(lang)
    late = (today - date.fromisoformat(item.due_on)).days
    when = _("dû le {day}", day=day(item.due_on)) + (_(", {n} j de retard", n=late) if late > 0 else "")
    lines = [Text.assemble(plain(reason, "bold"), "  ", plain(when, tone("red") if late > 0 else "dim"))]
    if item.held_reason:
        lines.append(plain(_("Retenu : {why}", why=item.held_reason), "bold yellow"))
    if card is None:
        lines.append(plain(f"{item.client_name}  {display_phone(item.phone)}"))
        lines.append(plain(_("À dire : {points}", points=" · ".join(talking_points(item.rule_id, lang))),
                           "italic"))
        return Group(*lines)
    client = card.client
    consent = client.consent("phone")
    reach = [client.display_name, display_phone(client.phone), client.email, client.city]
    lines.append(Text.assemble(
        plain("  ".join(part for part in reach if part)), "  ",
        plain(_("{channel} : {consent}", channel=CHANNEL_NAMES["phone"],
                consent=CONSENT_LABELS.get(consent.state, consent.state)),
              tone({"yes": "green", "no": "red"}.get(consent.state, "yellow"))),
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
        lines.append(plain(f"{day(contact.at)} {outcome_label(contact.outcome)}"
                           f" ({contact.user_login}){note}", "dim"))
    points = " · ".join(talking_points(item.rule_id, lang))
    lines.append(plain(_("À dire : {points}", points=points), "italic"))
    return Group(*lines)
