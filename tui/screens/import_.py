"""The import screen: a file, its kind, a simulation first, then the import, with a progress bar
and the rows that need a look (rejected, probable duplicates)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, ProgressBar, Select, Static

from store.db import connect
from store.errors import StoreError
from store.import_kinds import KINDS
from store.imports import ImportOptions, ImportSummary, RowOutcome, import_file
from tui.i18n import _
from tui.text import plain, tone

KIND_LABELS = {"clients": "Clients", "vehicles": "Véhicules", "financing": "Financements",
               "repair-orders": "Ordres de réparation", "leads": "Leads",
               "proposals": "Propositions"}
ACTION_LABELS = {"create": "créé", "update": "modifié", "unchanged": "inchangé",
                 "duplicate": "doublon probable", "rejected": "rejeté"}


class ImportScreen(Screen[None]):
    """Import a dealership file without leaving the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", _("Retour"), id="import_back"),
        Binding("f5", "run(True)", _("Simuler"), id="import_dry_run"),
        Binding("f6", "run(False)", _("Importer"), id="import_run"),
    ]

    @dataclass
    class Progressed(Message):
        """Bytes of the file read so far."""

        done: int
        total: int

    @dataclass
    class Finished(Message):
        """The import (or its simulation) is over."""

        summary: ImportSummary | None
        problems: list[RowOutcome]
        error: str

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="chemin du fichier CSV", id="import-file")
        yield Select([(label, kind) for kind, label in KIND_LABELS.items()], value="clients",
                     allow_blank=False, id="import-kind")
        with Horizontal(id="import-buttons"):
            yield Button("Simuler (F5)", id="import-simulate")
            yield Button("Importer (F6)", id="import-start", variant="primary")
        yield ProgressBar(total=100, show_eta=False, id="import-progress")
        yield Static("Choisissez un fichier, simulez, puis importez.", id="import-summary")
        yield DataTable(id="import-problems", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#import-problems", DataTable)
        table.add_columns("ligne", "action", "identifiant", "motif")
        self.query_one("#import-file", Input).focus()

    @on(Button.Pressed, "#import-simulate")
    def _simulate(self) -> None:
        self.action_run(True)

    @on(Button.Pressed, "#import-start")
    def _start(self) -> None:
        self.action_run(False)

    def action_run(self, dry_run: bool) -> None:
        path = Path(self.query_one("#import-file", Input).value.strip()).expanduser()
        kind = str(self.query_one("#import-kind", Select).value)
        if kind not in KINDS:
            return
        self.query_one("#import-problems", DataTable).clear()
        self.query_one("#import-progress", ProgressBar).update(progress=0)
        verb = "Simulation" if dry_run else "Import"
        self.query_one("#import-summary", Static).update(plain(f"{verb} de {path}…"))
        self.run_import(path, kind, dry_run)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def run_import(self, path: Path, kind: str, dry_run: bool) -> None:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        problems: list[RowOutcome] = []

        listed = ("duplicate", "rejected", "update")

        def heard(outcome: RowOutcome) -> None:
            if len(problems) < 1000:
                problems.append(outcome)

        def progressed(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            conn = connect(self.app.db_path)
            try:
                options = ImportOptions(dry_run=dry_run, today=self.app.ctx.today)
                summary = import_file(conn, kind, path, options,
                                      user=self.app.ctx.user, on_outcome=heard,
                                      on_progress=progressed, report=listed)
            finally:
                conn.close()
        except StoreError as exc:
            self.post_message(self.Finished(None, [], str(exc)))
            return
        self.post_message(self.Finished(summary, problems, ""))

    def on_import_screen_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)

    def on_import_screen_finished(self, message: Finished) -> None:
        status = self.query_one("#import-summary", Static)
        if message.summary is None:
            status.update(plain(message.error, tone("bold red")))
            return
        summary = message.summary
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=100, progress=100)
        counts = summary.counts
        verb = "seraient" if summary.dry_run else "ont été"
        text = (f"{summary.records} lignes : {counts['create']} {verb} créées, "
                f"{counts['update']} modifiées, {counts['unchanged']} inchangées, "
                f"{counts['duplicate']} doublons probables, {counts['rejected']} rejetées.")
        if promoted := summary.promoted_sentence():
            text += " " + promoted
        if summary.reject_path and (counts["rejected"] or counts["duplicate"]):
            text += f" Rejets : {summary.reject_path}"
        status.update(plain(text))
        table = self.query_one("#import-problems", DataTable)
        for outcome in message.problems:
            table.add_row(plain(outcome.row), plain(ACTION_LABELS[outcome.action]),
                          plain(outcome.external_id or ""), plain(outcome.reason))
