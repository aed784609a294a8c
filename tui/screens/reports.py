"""The manager's reports on screen: workshop activity by year, ABC and RFM with bar charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rules import abc, rfm
from rules.workshop import WorkshopRow, workshop_table
from store import reports
from store.db import connect
from tui.figures import percent
from tui.formats import money
from tui.i18n import _
from tui.threads import show_from_thread

BAR_WIDTH = 30


@dataclass(frozen=True, slots=True)
class ReportsData:
    """Everything the screen shows, read in one go (in a worker thread)."""

    workshop: list[WorkshopRow]
    window: list[rfm.Quarter]
    segments: list[abc.SegmentSummary]
    profiles: rfm.RfmSummary


def load_reports(db_path: Path, today: date) -> ReportsData:
    """Read and compute the three summaries; opens its own connection (it runs in a thread)."""
    conn = connect(db_path)
    try:
        window = rfm.periods(today)
        bounds = rfm.window_bounds(window)
        start, end = bounds[0][0], bounds[-1][1]
        total = reports.revenue_total(conn, start, end)
        return ReportsData(
            window=window,
            workshop=workshop_table(reports.year_activity(conn), reports.days_open_set(conn)),
            segments=abc.summarize(reports.revenue_by_client(conn, start, end), total,
                              all_clients=reports.client_count(conn)),
            profiles=rfm.summarize_codes(reports.purchase_code_counts(conn, bounds)),
        )
    finally:
        conn.close()


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar of ``value`` against ``largest``, in whole and eighth blocks."""
    if largest <= 0 or value <= 0:
        return Text("")
    eighths = max(1, round(value * width * 8 / largest))
    full, rest = divmod(eighths, 8)
    return Text("█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest]), style="cyan")


def workshop_view(rows: list[WorkshopRow]) -> Group:
    title = Text("Activité atelier", style="bold underline")
    if not rows:
        return Group(title, Text("aucun ordre de réparation", style="dim"))
    table = Table(box=None, padding=(0, 1), show_edge=False)
    for heading in ("année", "jours", "OR", "moy/j", "CA HT", "CA HT/jour", "CA HT/OR",
                    "potentiel +1", "progression"):
        table.add_column(heading, justify="left" if heading == "année" else "right")
    for row in rows:
        first = row.potentials[0] if row.potentials else None
        table.add_row(
            "Total" if row.year is None else str(row.year),
            f"{row.days_open}{'*' if row.days_set_by_manager else ''}", str(row.orders),
            str(row.average_orders_per_day), money(row.revenue_cents),
            money(row.revenue_per_day_cents), money(row.revenue_per_order_cents),
            money(first.revenue_cents) if first else "",
            percent(first.progression) if first else "",
            style="bold" if row.year is None else "",
        )
    return Group(title, table)


def abc_view(segments: list[abc.SegmentSummary], window: list[rfm.Quarter]) -> Group:
    title = Text(f"ABC ({window[0].label} – {window[-1].label})", style="bold underline")
    largest = max((s.clients for s in segments), default=0)
    table = Table.grid(padding=(0, 1))
    for s in segments:
        table.add_row(Text(s.segment, style="bold"), bar(s.clients, largest),
                      Text(f"{s.clients} clients ({percent(s.client_share)})"),
                      Text(f"{money(s.revenue_cents)} ({percent(s.revenue_share)} du CA)", style="dim"))
    return Group(title, table)


def rfm_view(summary: rfm.RfmSummary) -> Group:
    title = Text("Profils RFM", style="bold underline")
    largest = max((p.clients for p in summary.profiles), default=0)
    table = Table.grid(padding=(0, 1))
    for p in summary.profiles:
        table.add_row(Text(rfm.PROFILE_LABELS[p.profile]), bar(p.clients, largest),
                      Text(str(p.clients)), Text(money(p.amount_cents), style="dim"))
    return Group(title, table)


class ReportsScreen(Screen[None]):
    """The workshop table and the ABC and RFM summaries, for the sales manager."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", _("Retour"), id="reports-back"),
        Binding("r", "refresh_reports", _("Actualiser"), id="reports-refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reports"):
            yield Static("Calcul des rapports…", id="reports-workshop")
            yield Static(id="reports-abc")
            yield Static(id="reports-rfm")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reports").focus()
        self.load()

    def action_refresh_reports(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="reports")
    def load(self) -> None:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        data = load_reports(self.app.db_path, self.app.ctx.today)
        show_from_thread(self, self._show, data)

    def _show(self, data: ReportsData) -> None:
        self.query_one("#reports-workshop", Static).update(workshop_view(data.workshop))
        self.query_one("#reports-abc", Static).update(abc_view(data.segments, data.window))
        self.query_one("#reports-rfm", Static).update(rfm_view(data.profiles))
