"""The client card: identity, consent, vehicles and their workshop visits, pending reminders,
financing, latest contacts; it reloads when another session writes."""

from __future__ import annotations

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

from rules.calls import SavedCall
from rules.outcomes import label
from store.clients import ClientCard, client_card, due_to_be_handled
from store.db import connect
from store.errors import NotFoundError
from store.merge import MERGE_ROLES
from store.normalize import display_phone
from store.records import CONSENT_CHANNELS, Client, Contact
from tui.formats import day, money
from tui.i18n import _, language
from tui.messages import DataChanged
from tui.screens.log_call import CHANNEL_NAMES
from tui.text import clean, plain, tone
from tui.threads import show_from_thread

CONSENT_LABELS = {"yes": _("oui"), "no": _("non"), "unknown": _("inconnu")}
MODE_LABELS = {"cash": _("Comptant"), "loan": _("Crédit"), "loa": "LOA", "lld": "LLD"}
REPAIR_KINDS = {"maintenance": _("entretien"), "repair": _("réparation"), "brakes": _("freinage"),
                "tyres": _("pneumatiques"), "diagnosis": _("diagnostic"), "bodywork": _("carrosserie"),
                "warranty": _("garantie"), "recall": _("rappel constructeur")}
REPAIR_ORDERS_PER_VEHICLE = 3
CARD_CONTACTS = 5


def outcome_label(outcome: str) -> str:
    """A stored outcome as the screen names it, in the interface language (rules/outcomes)."""
    return label(outcome, language())


class ClientScreen(Screen[None]):
    """Everything a salesperson needs on one person before dialling."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", _("Retour"), id="back"),
        Binding("e", "edit", _("Modifier"), id="edit_client"),
        Binding("l", "log_call", _("Noter l'appel"), id="card_log_call", priority=True),
        Binding("f", "merge", _("Fusionner"), id="merge_client"),
        Binding("h", "history", _("Historique"), id="contact_history"),
    ]

    def __init__(self, client_id: int, *, reminder_id: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.reminder_id = reminder_id  # the queue item the card was opened from, if any
        self.logged_here = False  # a call logged from this card: the next one is about the client
        self.card: ClientCard | None = None  # as last shown

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="card"):
            yield Static(_("Chargement…"), id="card-identity")
            yield Static(id="card-consent")
            yield Static(id="card-vehicles")
            yield Static(id="card-workshop")
            yield Static(id="card-reminders")
            yield Static(id="card-financing")
            yield Static(id="card-contacts")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#card").focus()

    def on_screen_resume(self) -> None:
        """Read on showing, and again on coming back: what was done meanwhile (a call logged
        from the history, another session's write under a dialog) is on the card."""
        self.load()

    def on_data_changed(self, message: DataChanged) -> None:
        """Another session wrote: read the card again; the widgets are updated in place, so the
        scroll position and the focus stay."""
        self.load()

    def action_history(self) -> None:
        """Every contact of this client, newest first."""
        from tui.screens.contact_history import ContactHistoryScreen

        self.app.push_screen(ContactHistoryScreen(self.client_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a read-only session does not even see the key; merging is for the roles allowed to
        if action == "merge":
            return self._may_merge()
        return not (action == "edit" and getattr(self.app, "read_only", False))

    def _may_merge(self) -> bool:
        user = getattr(self.app, "user", None)
        return not getattr(self.app, "read_only", False) and user is not None and user.role in MERGE_ROLES

    def action_merge(self) -> None:
        """Pick the other record of this person with the search, then merge it into this one."""
        from tui.app import RelanceApp
        from tui.screens.merge import MergeScreen
        from tui.screens.search import SearchScreen

        assert isinstance(self.app, RelanceApp)
        app = self.app
        if not self._may_merge():
            self.notify(_("Seuls un chef des ventes ou un administrateur peuvent fusionner."),
                        severity="warning")
            return

        def picked(other_id: int | None) -> None:
            if other_id is None:
                return
            if other_id == self.client_id:
                self.notify(_("C'est la même fiche : choisissez l'autre fiche de cette personne."),
                            severity="warning")
                return
            # merged or not, the card is read again as it shows (on_screen_resume)
            app.push_screen(MergeScreen(app.db_path, app.ctx.user, self.client_id, other_id))

        self.notify(_("Cherchez l'autre fiche de cette personne, puis entrée."))
        app.push_screen(SearchScreen(app.db_path, offer_new=False), picked)

    def action_edit(self) -> None:
        from tui.screens.client_edit import ClientEditScreen

        # saved or not, the card is read again as it shows (on_screen_resume)
        self.app.push_screen(ClientEditScreen(self.client_id))

    def action_log_call(self) -> None:
        """Log a call on this client (and on the reminder the card was opened from)."""
        from tui.app import RelanceApp
        from tui.screens.log_call import LogCallDialog, change_message
        from tui.screens.queue import READ_ONLY_MESSAGE

        assert isinstance(self.app, RelanceApp)
        if self.app.read_only or self.app.user is None:
            self.notify(READ_ONLY_MESSAGE, severity="error")
            return

        def logged(result: SavedCall | None) -> None:
            if result is not None:
                self.reminder_id = None  # handled: a second log is about the client alone
                self.logged_here = True
                self.notify(change_message(result.logged.change, result.logged.channel))

        reminder_id = self.reminder_id
        if reminder_id is None and not self.logged_here and self.card is not None:
            # a card found by search: the call the client is due is the one this contact handles,
            # or they would be called again about it (the form reads it again as it opens)
            reminder_id = due_to_be_handled(self.card.reminders, self.app.ctx.today)
        self.app.push_screen(LogCallDialog(self.app.db_path, self.client_id, reminder_id,
                                           login=self.app.user.login, today=self.app.ctx.today), logged)

    @work(thread=True, exclusive=True, group="card")
    def load(self) -> None:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        conn = connect(self.app.db_path)
        try:
            card = client_card(conn, self.client_id, contacts=CARD_CONTACTS,
                               repair_orders=REPAIR_ORDERS_PER_VEHICLE, reminders=True)
        except NotFoundError:  # gone under our feet (another session): say so, do not fail
            show_from_thread(self, self._gone)
            return
        finally:
            conn.close()
        show_from_thread(self, self._show, card)

    def _show(self, card: ClientCard) -> None:
        self.card = card
        self.query_one("#card-identity", Static).update(identity(card.client))
        self.query_one("#card-consent", Static).update(consent(card.client))
        self.query_one("#card-vehicles", Static).update(vehicles(card))
        self.query_one("#card-workshop", Static).update(workshop(card))
        self.query_one("#card-reminders", Static).update(reminders(card))
        self.query_one("#card-financing", Static).update(financing(card))
        self.query_one("#card-contacts", Static).update(contacts(card))

    def _gone(self) -> None:
        self.query_one("#card-identity", Static).update(
            Text(_("Cette fiche n'existe plus."), style=tone("bold red")))


def _section(title: str) -> Text:
    return Text(title, style="bold underline")


def identity(client: Client) -> Group:
    lines = [Text.assemble(plain(client.civility), " ", plain(client.display_name, "bold"))]
    if client.company and client.display_name != client.company:
        lines.append(plain(client.company))
    facts = []
    if client.birth_year:
        facts.append(_("né(e) en {year}", year=client.birth_year))
    if client.profession:
        facts.append(client.profession)
    if client.situation:
        facts.append(client.situation)
    if facts:
        lines.append(plain(", ".join(facts)))
    address = " ".join(p for p in (client.address, client.postcode, client.city) if p)
    if address:
        lines.append(plain(address))
    phones = (display_phone(client.phone), display_phone(client.phone2))
    reach = "   ".join(p for p in (*phones, client.email) if p)
    if reach:
        lines.append(plain(reach))
    if client.external_id:
        lines.append(plain(_("N° DMS {number}", number=client.external_id), "dim"))
    return Group(*lines)


def consent(client: Client) -> Group:
    table = Table.grid(padding=(0, 2))
    for channel in CONSENT_CHANNELS:
        given = client.consent(channel)
        style = tone({"yes": "green", "no": "red"}.get(given.state, "yellow"))
        table.add_row(
            Text(CHANNEL_NAMES[channel]),
            Text(CONSENT_LABELS.get(given.state, given.state), style=style),
            plain(day(given.on)),
            plain(given.source, "dim"),
        )
    return Group(_section(_("Consentements")), table)


def vehicles(card: ClientCard) -> Group:
    if not card.vehicles:
        return Group(_section(_("Véhicules")), Text(_("aucun véhicule"), style="dim"))
    table = Table.grid(padding=(0, 2))
    for vehicle in card.vehicles:
        kind = _("VN") if vehicle.condition == "new" else _("VO")
        table.add_row(
            plain(vehicle.label, "bold"), plain(vehicle.plate), Text(kind),
            plain(_("livré le {day}", day=day(vehicle.delivered_on)) if vehicle.delivered_on else ""),
            plain(kilometres(vehicle.mileage)),
        )
    return Group(_section(_("Véhicules")), table)


def financing(card: ClientCard) -> Group:
    if not card.financings:
        return Group(_section(_("Financement")), Text(_("aucun contrat"), style="dim"))
    table = Table.grid(padding=(0, 2))
    for contract in card.financings:
        table.add_row(
            Text(MODE_LABELS.get(contract.mode, contract.mode), style="bold"),
            plain(contract.lender),
            plain(_("{n} mois", n=contract.duration_months) if contract.duration_months else ""),
            plain(_("du {start} au {end}", start=day(contract.start_on), end=day(contract.end_on))
                  if contract.end_on else ""),
            plain(_("{amount}/mois", amount=money(contract.monthly_payment_cents))
                  if contract.monthly_payment_cents else ""),
        )
    return Group(_section(_("Financement")), table)


def workshop(card: ClientCard) -> Group:
    """Each vehicle's last repair orders, most recent first: date, number, kind, mileage."""
    title = _section(_("Atelier : derniers ordres de réparation"))
    if not card.repair_orders:
        return Group(title, Text(_("aucun passage à l'atelier"), style="dim"))
    parts: list[Text | Table] = [title]
    # one width per column for every vehicle's table: the orders line up down the section
    number_width = max(len(clean(o.number)) for o in card.repair_orders)
    kind_width = max(len(clean(repair_kind(o.kind))) for o in card.repair_orders)
    for vehicle in card.vehicles:
        orders = [o for o in card.repair_orders if o.vehicle_id == vehicle.id]
        if not orders:
            continue
        parts.append(Text.assemble(plain(vehicle.label, "bold"), " ", plain(vehicle.plate)))
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(min_width=number_width)
        table.add_column(min_width=kind_width)
        table.add_column(no_wrap=True)
        for order in orders:  # indented under the vehicle
            table.add_row(plain("  " + day(order.opened_on)), plain(order.number),
                          plain(repair_kind(order.kind)), plain(kilometres(order.mileage)))
        parts.append(table)
    return Group(*parts)


def repair_kind(kind: str) -> str:
    """A stored repair-order kind as the screen names it; an unknown one as stored."""
    return REPAIR_KINDS.get(kind, kind)


def kilometres(mileage: int | None) -> str:
    return f"{mileage:,} km".replace(",", "\u202f") if mileage else ""


def reminders(card: ClientCard) -> Group:
    """The open and snoozed reminders: due date, why, held or not, who follows it."""
    title = _section(_("Relances en cours"))
    if not card.reminders:
        return Group(title, Text(_("aucune relance en cours"), style="dim"))
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    lang = language()
    for reminder in card.reminders:
        details = [_("suivie par {who}", who=reminder.follower) if reminder.follower
                   else _("non attribuée")]
        if reminder.status == "snoozed" and reminder.snoozed_until:
            details.append(_("reportée au {day}", day=day(reminder.snoozed_until)))
        about = Text(clean(reminder.reason_in(lang)))
        about.append("\n" + " · ".join(clean(d) for d in details), style="dim")
        if reminder.held_reason:
            about.append("\n" + _("Retenue : {why}", why=clean(reminder.held_reason)),
                         style=tone("bold yellow"))
        table.add_row(plain(day(reminder.due_on), "bold"), about)
    return Group(title, table)


def contact_time(contact: Contact) -> str:
    """« 24/11/2026 10:38 »: the day and, when known, the time of the contact."""
    clock = contact.at[11:16] if len(contact.at) >= 16 else ""
    return f"{day(contact.at)} {clock}".rstrip()


def channel_label(channel: str) -> str:
    """A stored contact channel as the screen names it (``visit`` -> « Visite »)."""
    return CHANNEL_NAMES.get(channel, channel)


def contacts(card: ClientCard) -> Group:
    title = Text.assemble(_section(_("Derniers contacts")), ("  " + _("h : tout l'historique"), "dim"))
    if not card.contacts:
        return Group(title, Text(_("aucun contact"), style="dim"))
    lines: list[Text] = []
    for contact in card.contacts:
        head = f"{contact_time(contact)}  {channel_label(contact.channel)}  {outcome_label(contact.outcome)}"
        lines.append(Text.assemble(plain(head, "bold"), "  ", plain(contact.user_login, "dim")))
        if contact.note:
            lines.append(Text("  " + clean(contact.note)))
    return Group(title, *lines)
