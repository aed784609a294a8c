"""``relance campaign``: simulate an action's return, record campaigns, measure what they brought."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from rules import rfm
from rules.campaigns import RETURN_WINDOW_DAYS, SEED_RETURN_PER_EURO, measured_return, simulate
from store.campaigns import TARGET_KINDS, add_campaign, attribute_contacts, get_campaign, list_campaigns
from store.campaigns import return_facts as read_return_facts
from store.db import connect
from store.reports import purchases_by_period
from tui.commands import options
from tui.context import Context, UsageError, parse_day
from tui.figures import Figure, decimal, emit_figures, percent, rate
from tui.formats import day, money
from tui.output import FORMATS, emit

NAME = "campaign"
HELP = "campagnes : simuler le retour d'une action, les enregistrer, mesurer leur retour"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="campaign_action", metavar="ACTION", required=True)

    simulate_parser = actions.add_parser(
        "simulate", help="coût, marge, ROI et seuil de rentabilité d'une action")
    simulate_parser.add_argument("--cost", required=True, metavar="C", help="coût de l'action (€)")
    simulate_parser.add_argument("--buyers", required=True, metavar="B", help="nombre d'acheteurs")
    simulate_parser.add_argument("--price", required=True, metavar="P", help="prix de vente (€)")
    simulate_parser.add_argument("--margin-rate", required=True, metavar="R",
                                 help="taux de marge commerciale (%%)")
    simulate_parser.add_argument("--contacts", metavar="N", help="nombre de contacts (coût unitaire)")
    simulate_parser.add_argument("--discount", metavar="D", help="remise accordée (%%)")
    simulate_parser.add_argument("--format", choices=FORMATS, default="table")

    add = actions.add_parser("add", help="enregistrer une campagne")
    add.add_argument("name", metavar="NOM")
    add.add_argument("--cost", required=True, metavar="C", help="coût total (€)")
    add.add_argument("--channel", default="phone",
                     choices=("phone", "sms", "email", "letter", "visit", "mixed"))
    add.add_argument("--target", default="all", metavar="CIBLE",
                     help="all, abc:A|B|C, rfm:PROFIL (losing_speed...) ou rule:IDENTIFIANT_DE_REGLE")
    add.add_argument("--starts", metavar="AAAA-MM-JJ", help="premier jour")
    add.add_argument("--ends", metavar="AAAA-MM-JJ", help="dernier jour")
    add.add_argument("--margin-rate", metavar="R", help="taux de marge de l'atelier (%%)")

    listing = actions.add_parser("list", help="les campagnes")
    listing.add_argument("--format", choices=FORMATS, default="table")

    attribute = actions.add_parser(
        "attribute", help="rattacher à la campagne les contacts faits à sa cible pendant ses dates")
    attribute.add_argument("campaign_id", metavar="ID")

    report = actions.add_parser(
        "report", help="retour mesuré : marge des OR des clients contactés dans les 30 jours")
    add_report_arguments(report)
    return parser


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of a campaign's report (shared with ``relance report campaign``)."""
    parser.add_argument("campaign_id", metavar="ID")
    parser.add_argument("--margin-rate", metavar="R",
                        help="taux de marge (%%) si la campagne n'en a pas, ou pour le remplacer")
    parser.add_argument("--window", default=str(RETURN_WINDOW_DAYS), metavar="JOURS",
                        help="jours après le contact pendant lesquels un OR compte (30)")
    parser.add_argument("--format", choices=FORMATS, default="table")


def run(args: argparse.Namespace, ctx: Context) -> int:
    action = args.campaign_action
    if action == "simulate":
        return _simulate(args)
    conn = connect(ctx.db_path)
    try:
        if action == "add":
            return _add(conn, args, ctx)
        if action == "list":
            return _list(conn, args)
        if action == "attribute":
            return _attribute(conn, args, ctx)
        return report(conn, args)
    finally:
        conn.close()


def _simulate(args: argparse.Namespace) -> int:
    discount = options.rate(args.discount, "--discount", allow_zero=True) if args.discount else None
    contacts = options.count(args.contacts, "--contacts", minimum=1) if args.contacts else None
    try:
        sim = simulate(
            options.cents(args.cost, "--cost"),
            options.count(args.buyers, "--buyers"),
            options.cents(args.price, "--price"),
            options.rate(args.margin_rate, "--margin-rate"),
            contacts=contacts,
            discount_rate=discount,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    figures: list[Figure] = [
        ("cost_cents", "coût de l'action", money(sim.cost_cents), sim.cost_cents),
    ]
    if sim.contacts is not None:
        figures += [
            ("contacts", "contacts", str(sim.contacts), sim.contacts),
            ("cost_per_contact_cents", "coût unitaire du contact", money(sim.cost_per_contact_cents),
             sim.cost_per_contact_cents),
        ]
    figures += [
        ("buyers", "acheteurs", str(sim.buyers), sim.buyers),
        ("price_cents", "prix de vente", money(sim.price_cents), sim.price_cents),
        ("revenue_cents", "CA généré", money(sim.revenue_cents), sim.revenue_cents),
        ("gross_gain_cents", "gain brut (CA - coût)", money(sim.gross_gain_cents), sim.gross_gain_cents),
        ("margin_rate", "taux de marge", rate(sim.margin_rate), sim.margin_rate),
        ("margin_cents", "marge", money(sim.margin_cents), sim.margin_cents),
        ("result_cents", "résultat (marge - coût)", money(sim.result_cents), sim.result_cents),
        ("roi", "ROI (marge / coût)", decimal(sim.roi), sim.roi),
        ("break_even_sales", "seuil de rentabilité (ventes)",
         "" if sim.break_even_sales is None else str(sim.break_even_sales), sim.break_even_sales),
    ]
    if sim.discount_rate is not None:
        figures += [
            ("discount_rate", "remise", rate(sim.discount_rate), sim.discount_rate),
            ("discount_cost_cents", "coût de la remise", money(sim.discount_cost_cents),
             sim.discount_cost_cents),
            ("result_after_discount_cents", "résultat après remise",
             money(sim.result_after_discount_cents), sim.result_after_discount_cents),
        ]
    figures.append(("profitable", "rentable", "oui" if sim.profitable else "non", sim.profitable))
    emit_figures(figures, args.format)
    return 0


def parse_target(text: str) -> tuple[str, str]:
    """``abc:A`` as ``("abc", "A")``; ``all`` as ``("all", "")``."""
    kind, _, value = text.strip().partition(":")
    kind = kind.lower()
    if kind not in TARGET_KINDS or (kind == "all") != (value == ""):
        raise UsageError(f"--target : « {text} » inconnue (all, abc:A|B|C, rfm:PROFIL ou rule:ID).")
    if kind == "abc":
        value = value.upper()
        if value not in ("A", "B", "C"):
            raise UsageError(f"--target : segment « {value} » inconnu (A, B ou C).")
    if kind == "rfm" and value not in rfm.PROFILES:
        raise UsageError(f"--target : profil « {value} » inconnu ({', '.join(rfm.PROFILES)}).")
    return kind, value


def _add(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    name = args.name.strip()
    if not name:
        raise UsageError("le nom de la campagne est vide.")
    kind, value = parse_target(args.target)
    starts = parse_day(args.starts, "--starts").isoformat() if args.starts else None
    ends = parse_day(args.ends, "--ends").isoformat() if args.ends else None
    if starts and ends and ends < starts:
        raise UsageError("--ends : la campagne finit avant de commencer.")
    margin = options.rate(args.margin_rate, "--margin-rate") if args.margin_rate else None
    campaign_id = add_campaign(
        conn, name, cost_cents=options.cents(args.cost, "--cost"), channel=args.channel,
        target=f"{kind}:{value}" if value else kind, starts_on=starts, ends_on=ends,
        margin_rate_bp=options.basis_points(margin) if margin is not None else None, user=ctx.user,
    )
    print(campaign_id)
    return 0


def _list(conn: sqlite3.Connection, args: argparse.Namespace) -> int:
    rows = []
    for line in list_campaigns(conn):
        c = line.campaign
        json_out = args.format == "json"
        rows.append({
            "id": c.id, "name": c.name, "channel": c.channel, "target": c.target,
            "starts": c.starts_on if json_out else day(c.starts_on),
            "ends": c.ends_on if json_out else day(c.ends_on),
            "cost": c.cost_cents if json_out else money(c.cost_cents),
            "margin_rate": (str(Decimal(c.margin_rate_bp) / 10_000) if json_out
                            else rate(Decimal(c.margin_rate_bp) / 10_000))
            if c.margin_rate_bp is not None else None,
            "contacts": line.contacts,
        })
    emit(rows, [("id", "n°"), ("name", "campagne"), ("channel", "canal"), ("target", "cible"),
                ("starts", "début"), ("ends", "fin"), ("cost", "coût"),
                ("margin_rate", "taux de marge"), ("contacts", "contacts")], args.format)
    return 0


def _campaign_id(text: str) -> int:
    return options.count(text, "ID", minimum=1)


def _attribute(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    campaign = get_campaign(conn, _campaign_id(args.campaign_id))
    kind, _, value = campaign.target.partition(":")
    if kind not in TARGET_KINDS:
        raise UsageError(f"campagne {campaign.id} : cible « {campaign.target} » inconnue.")
    client_ids: Iterator[int] = iter(())
    if kind == "rfm":
        # the profile as of the campaign's start: what the manager saw when choosing the target
        when = date.fromisoformat(campaign.starts_on) if campaign.starts_on else ctx.today
        window = rfm.periods(when)
        client_ids = (item.client_id for item in rfm.rfm_all(
            purchases_by_period(conn, rfm.window_bounds(window)), window) if item.profile == value)
    attributed = attribute_contacts(conn, campaign.id, kind, value, ctx.user, client_ids)
    print(f"{attributed} contact(s) rattaché(s) à la campagne {campaign.id}.")
    return 0


def report(conn: sqlite3.Connection, args: argparse.Namespace) -> int:
    """The measured return of one campaign, against its cost and the seed's 1 € -> 4 €."""
    campaign = get_campaign(conn, _campaign_id(args.campaign_id))
    window = options.count(args.window, "--window", minimum=0)
    if args.margin_rate:
        margin_rate = options.rate(args.margin_rate, "--margin-rate")
    elif campaign.margin_rate_bp is not None:
        margin_rate = Decimal(campaign.margin_rate_bp) / 10_000
    else:
        raise UsageError(f"campagne {campaign.id} : pas de taux de marge, donnez --margin-rate.")
    facts = read_return_facts(conn, campaign.id, window)
    result = measured_return(
        campaign.cost_cents, margin_rate, contacts=facts.contacts,
        clients_contacted=facts.clients_contacted, clients_returned=facts.clients_returned,
        orders=facts.orders, revenue_cents=facts.revenue_cents,
    )
    claim = result.meets_seed_claim
    verdict = ("pas de coût : non mesurable" if claim is None else
               f"oui : 1 € a rapporté {decimal(result.return_per_euro)} € de marge" if claim else
               f"non : 1 € a rapporté {decimal(result.return_per_euro)} € de marge")
    figures: list[Figure] = [
        ("campaign_id", "campagne", f"{campaign.id} {campaign.name}", campaign.id),
        ("target", "cible", campaign.target, campaign.target),
        ("cost_cents", "coût", money(result.cost_cents), result.cost_cents),
        ("contacts", "contacts rattachés", str(result.contacts), result.contacts),
        ("cost_per_contact_cents", "coût unitaire du contact", money(result.cost_per_contact_cents),
         result.cost_per_contact_cents),
        ("clients_contacted", "clients contactés", str(result.clients_contacted),
         result.clients_contacted),
        ("clients_returned", f"clients revenus à l'atelier sous {window} jours",
         str(result.clients_returned), result.clients_returned),
        ("conversion", "taux de retour", percent(result.conversion), result.conversion),
        ("orders", "OR", str(result.orders), result.orders),
        ("revenue_cents", "CA HT de ces OR", money(result.revenue_cents), result.revenue_cents),
        ("margin_rate", "taux de marge", rate(result.margin_rate), result.margin_rate),
        ("margin_cents", "marge", money(result.margin_cents), result.margin_cents),
        ("result_cents", "résultat (marge - coût)", money(result.result_cents), result.result_cents),
        ("return_per_euro", "marge pour 1 € investi", decimal(result.return_per_euro),
         result.return_per_euro),
        ("meets_seed_claim", f"1 € rapporte {SEED_RETURN_PER_EURO} € en {RETURN_WINDOW_DAYS} jours ?",
         verdict, claim),
    ]
    emit_figures(figures, args.format)
    return 0
