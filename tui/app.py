"""The Relance Textual application."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from store.claims import release_all
from store.db import connect
from store.records import User
from store.users import identify
from tui.context import Context
from tui.i18n import _
from tui.messages import DataChanged
from tui.screens.log_call import LogCallForm
from tui.screens.queue import QueueScreen
from tui.textual_words import textual_word, translate_textual_bindings

if TYPE_CHECKING:
    from tui.screens.search import SearchScreen

CHANGE_POLL_SECONDS = 1.0


class RelanceApp(App[None]):
    """Today's callback queue, the client cards, keyboard only."""

    CSS_PATH = "app.tcss"
    TITLE = "Relance"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        # « ? Aide » before « q Quitter »: at 80 columns the queue's footer has room for it, not both
        Binding("question_mark", "toggle_keys", _("Aide"), id="help", key_display="?"),
        Binding("q", "quit", _("Quitter"), id="quit"),
        # declared here (Textual adds its own, described in English, only when none is)
        Binding("ctrl+p", "command_palette", "palette", id="command_palette", show=False, priority=True,
                tooltip=_("Ouvrir la palette des commandes")),
        Binding("ctrl+o", "open_import", _("Importer"), id="open_import"),
        Binding("ctrl+r", "open_reports", _("Rapports"), id="open_reports"),
        Binding("slash", "open_search", _("Rechercher"), id="open_search", key_display="/"),
    ]

    def __init__(self, ctx: Context) -> None:
        translate_textual_bindings()  # Textual's own key descriptions, in French too
        super().__init__()
        self.ctx = ctx
        self.read_only = False
        self.user: User | None = None
        self._watch: sqlite3.Connection | None = None
        self._data_version = 0
        self._rules_started = False

    @property
    def db_path(self) -> Path:
        return self.ctx.db_path

    def on_mount(self) -> None:
        self._watch = connect(self.ctx.db_path)
        self._data_version = self._read_data_version()
        self.user, notice = identify(self._watch, self.ctx.user)
        self.read_only = self.user is None
        name = self.user.name if self.user else self.ctx.user
        self.sub_title = f"{name} — {self.ctx.today:%d/%m/%Y}"
        self.push_screen(QueueScreen())
        if notice:
            self.notify(notice, severity="warning" if self.read_only else "information", timeout=10)
        self.set_interval(CHANGE_POLL_SECONDS, self._poll_changes)

    def _read_data_version(self) -> int:
        assert self._watch is not None
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def _poll_changes(self) -> None:
        """Another session's commit shows up here within a poll (PRAGMA data_version is cheap)."""
        version = self._read_data_version()
        if version != self._data_version:
            self._data_version = version
            self._tell_data_changed(version)

    def _tell_data_changed(self, version: int) -> None:
        """The screen in use hears of a change, and so do the queues under it: back on the
        queue, a line another session has handled is gone, not left to be called again."""
        hearers: list[Screen[Any]] = [self.screen]
        hearers += [s for s in self.screen_stack if isinstance(s, QueueScreen) and s is not self.screen]
        for screen in hearers:
            screen.post_message(DataChanged(version))

    @on(QueueScreen.FirstPageShown)
    def _queue_on_screen(self) -> None:
        """Today's reminders are raised once the queue is on screen, never before it."""
        if not self._rules_started and not self.read_only:
            self._rules_started = True
            # after the page is painted: the engine's thread would otherwise share the
            # interpreter with the first paint of a large queue
            self.call_after_refresh(self.raise_todays_reminders)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rules")
    def raise_todays_reminders(self) -> object:
        """The engine's incremental run for today, on this thread's own connection (its
        modules load here, not before the first screen)."""
        from rules.ruleset import load_rules, site_rules_path
        from rules.runner import run_rules

        rules = load_rules(site_rules_path(self.ctx.rules_path))
        conn = connect(self.ctx.db_path)
        try:
            return run_rules(conn, self.ctx.today, rules, incremental=True)
        finally:
            conn.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "rules" or event.state not in (WorkerState.SUCCESS,
                                                                 WorkerState.ERROR):
            return
        # loaded by the worker by now: no wait on the event loop
        from rules.listing import format_problems
        from rules.ruleset import RuleFileError
        from rules.runner import RunReport

        if event.state == WorkerState.SUCCESS:
            report = event.worker.result
            # The poll's data version is left alone: resetting it here would swallow a commit
            # another session made during the run. The engine's own commit costs one reload
            # of an unchanged page, which is not redrawn.
            if isinstance(report, RunReport) and (
                report.raised or report.expired or report.holds_changed
            ):  # the queue reloads even under a client card; the screen in use hears it too
                self._tell_data_changed(self._data_version)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            detail = format_problems(list(error.problems)) if isinstance(error, RuleFileError) \
                else str(error)
            self.notify(_("Relances du jour non calculées : {detail}", detail=detail),
                        severity="error", timeout=20, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette lists every command of the screen in use: declared once, as bindings.
        Textual's own commands (theme, keys, screenshot...) are said in the interface language."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=textual_word(command.title), help=textual_word(command.help))
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.id or binding.action in seen or not active.enabled \
                    or binding.action == "command_palette":
                continue
            seen.add(binding.action)
            shown_key = binding.key_display or key
            yield SystemCommand(binding.description, _("touche {key}", key=shown_key),
                                partial(self._run_binding, active.node, binding.action))

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=_("Rechercher une commande…"),
                                            id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's theme list (« Thème » in the palette), its placeholder translated."""
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=_("Rechercher un thème…")))

    async def _run_binding(self, node: DOMNode, action: str) -> None:
        await self.run_action(action, node)

    def action_toggle_keys(self) -> None:
        """Show every key of the screen in use (and hide them again)."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def on_unmount(self) -> None:
        if self._watch is not None:
            if self.user is not None:
                release_all(self._watch, self.user.login)
            self._watch.close()

    def action_open_import(self) -> None:
        from tui.screens.import_ import ImportScreen

        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

    def action_open_reports(self) -> None:
        from tui.screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen())


    def action_open_search(self, query: str = "") -> None:
        """Find a client from anywhere; the one chosen opens on its card."""
        from tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.query_one("#query").focus()
            return
        self.push_screen(SearchScreen(self.db_path, query), self.open_client)

    def action_new_client(self, query: str = "") -> None:
        """The new-client form (it searches while filled); the client it leads to opens."""
        from tui.screens.client_new import NewClientScreen

        if self.read_only:
            self.notify(_("Consultation seulement : pas de création de fiche."), severity="warning")
            return
        self.push_screen(NewClientScreen(self.db_path, self.ctx.user, self.ctx.today, query),
                         self.open_client)

    def on_search_screen_new_client_wanted(self, message: SearchScreen.NewClientWanted) -> None:
        self.action_new_client(message.query)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        # the screen's module may have brought a widget Textual loads lazily (Select...): its key
        # descriptions are translated before the screen composes it
        translate_textual_bindings()
        return super().push_screen(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a read-only session is not offered what it cannot do; in the log form the letters are
        # outcomes (« n » no answer), so « n » and « q » are neither offered nor run there
        if action in ("new_client", "quit") and self._in_log_form():
            return False
        return not (action == "new_client" and self.read_only)

    def _in_log_form(self) -> bool:
        focused = self.screen.focused
        return focused is not None and any(isinstance(node, LogCallForm)
                                           for node in focused.ancestors_with_self)

    def open_client(self, client_id: int | None) -> None:
        """Show the card of ``client_id`` (nothing when ``None``: the user left)."""
        from tui.screens.client import ClientScreen

        if client_id is not None:
            self.push_screen(ClientScreen(client_id))


def run_app(ctx: Context) -> int:
    """Open the app on ``ctx``'s database; the database is checked before the screen is taken."""
    connect(ctx.db_path).close()  # refuse a bad path with a one-line message, not a traceback
    RelanceApp(ctx).run()
    return 0
