"""``relance report``: the seeds' reports — workshop activity, RFM, ABC, complaints, a campaign."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from rules import abc, rfm
from rules.complaints import summarize as summarize_complaints
from rules.workshop import (
    AGE_BANDS,
    EXTRA_ORDERS_PER_DAY,
    MILEAGE_BANDS,
    WorkshopRow,
    band_shares,
    count_by_band,
    workshop_table,
)
from store import reports
from store.complaints import list_complaints
from store.db import connect
from tui.commands import campaign, options
from tui.commands.complaint import CHANNEL_LABELS, STATUS_LABELS
from tui.context import Context, UsageError, parse_day
from tui.figures import Figure, decimal, emit_figures, percent
from tui.formats import money
from tui.output import FORMATS, emit

NAME = "report"
HELP = "les rapports : activité atelier, RFM, ABC, réclamations, retour d'une campagne"

BANDS = {"age": AGE_BANDS, "mileage": MILEAGE_BANDS}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = sub.add_parser(NAME, help=HELP, description=HELP)
    kinds = parser.add_subparsers(dest="report", metavar="RAPPORT", required=True)

    workshop = kinds.add_parser(
        "workshop", help="activité atelier par an et potentiel à +1, +2, +3 OR par jour")
    workshop.add_argument("--by", choices=("age", "mileage"),
                          help="passages par tranche d'âge ou de kilométrage face au marché")
    workshop.add_argument("--since", metavar="AAAA-MM-JJ",
                          help="avec --by : depuis ce jour (12 mois par défaut)")
    workshop.add_argument("--format", choices=FORMATS, default="table")

    rfm_parser = kinds.add_parser("rfm", help="récence, fréquence, montant par client")
    rfm_parser.add_argument("--quarters", default=str(rfm.DEFAULT_QUARTERS), metavar="N",
                            help="trimestres complets étudiés (4)")
    rfm_parser.add_argument("--clients", action="store_true", help="une ligne par client")
    rfm_parser.add_argument("--profile", choices=rfm.PROFILES, help="avec --clients : ce profil seul")
    rfm_parser.add_argument("--limit", default="1000", metavar="N",
                            help="avec --clients : au plus N lignes (1000 ; 0 = toutes)")
    rfm_parser.add_argument("--format", choices=FORMATS, default="table")

    abc_parser = kinds.add_parser("abc", help="segments A (80 %% du CA), B (15 %%), C")
    abc_parser.add_argument("--quarters", default=str(rfm.DEFAULT_QUARTERS), metavar="N",
                            help="trimestres complets de CA pris en compte (4)")
    abc_parser.add_argument("--save", action="store_true",
                            help="enregistrer le segment de chaque client (utilisé par la file)")
    abc_parser.add_argument("--format", choices=FORMATS, default="table")

    complaints = kinds.add_parser("complaints", help="réclamations en chiffres")
    complaints.add_argument("--format", choices=FORMATS, default="table")

    campaign.add_report_arguments(kinds.add_parser(
        "campaign", help="retour mesuré d'une campagne (comme relance campaign report)"))

    days = kinds.add_parser(
        "set-days", help="fixer les jours d'ouverture d'une année (sinon : jours avec au moins un OR)")
    days.add_argument("year", metavar="ANNÉE")
    days.add_argument("days", metavar="JOURS", help="nombre de jours, ou auto")

    market = kinds.add_parser(
        "set-market", help="part du marché d'une tranche d'âge ou de kilométrage (%%)")
    market.add_argument("dimension", choices=("age", "mileage"))
    market.add_argument("band", metavar="TRANCHE",
                        help="âge : 0-2, 3-5, 6-8, 9+ ; km : 0-30k, 30-60k, 60-100k, 100-150k, 150k+")
    market.add_argument("share", metavar="POURCENT", help="part en %%, ou none pour l'effacer")
    return parser


def run(args: argparse.Namespace, ctx: Context) -> int:
    conn = connect(ctx.db_path)
    try:
        handler = {
            "workshop": _workshop, "rfm": _rfm, "abc": _abc, "complaints": _complaints,
            "set-days": _set_days, "set-market": _set_market,
        }.get(args.report)
        if handler is None:
            return campaign.report(conn, args)
        return handler(conn, args, ctx)
    finally:
        conn.close()


# Workshop ----------------------------------------------------------------------------------

def _money_cell(cents: int | None, json_out: bool) -> object:
    return cents if json_out else money(cents)


def _workshop_row(row: WorkshopRow, fmt: str) -> dict[str, Any]:
    json_out = fmt == "json"
    out: dict[str, Any] = {
        "year": row.year if row.year is not None else ("total" if json_out else "Total"),
        "days_open": f"{row.days_open}*" if fmt == "table" and row.days_set_by_manager else row.days_open,
        "days_set_by_manager": row.days_set_by_manager,
        "orders": row.orders,
        "average_orders_per_day": row.average_orders_per_day,
        "revenue": _money_cell(row.revenue_cents, json_out),
        "revenue_per_day": _money_cell(row.revenue_per_day_cents, json_out),
        "revenue_per_order": _money_cell(row.revenue_per_order_cents, json_out),
    }
    for potential in row.potentials:
        n = potential.extra
        out[f"potential_{n}"] = _money_cell(potential.revenue_cents, json_out)
        out[f"gain_{n}"] = _money_cell(potential.gain_cents, json_out)
        out[f"progression_{n}"] = str(potential.progression) if json_out else percent(potential.progression)
    return out


def _workshop(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    if args.by:
        return _bands(conn, args, ctx)
    table = workshop_table(reports.year_activity(conn), reports.days_open_set(conn))
    columns = [("year", "année"), ("days_open", "jours"), ("orders", "OR"),
               ("average_orders_per_day", "moy/j"), ("revenue", "CA HT"),
               ("revenue_per_day", "CA HT/jour"), ("revenue_per_order", "CA HT/OR")]
    for n in EXTRA_ORDERS_PER_DAY:
        columns += [(f"potential_{n}", f"potentiel +{n}"), (f"gain_{n}", f"gain +{n}"),
                    (f"progression_{n}", f"progression +{n}")]
    emit([_workshop_row(row, args.format) for row in table], columns, args.format)
    if args.format == "table" and any(row.days_set_by_manager for row in table):
        print("* jours d'ouverture fixés par un responsable", file=sys.stderr)
    return 0


def _bands(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    start = (parse_day(args.since, "--since") if args.since else ctx.today - relativedelta(years=1))
    end = (ctx.today + relativedelta(days=1)).isoformat()
    if args.by == "age":
        counts = reports.orders_by_vehicle_age(conn, start.isoformat(), end)
    else:
        counts = reports.orders_by_mileage(conn, start.isoformat(), end)
    bands = BANDS[args.by]
    market = {band: (Decimal(bp) / 100).quantize(Decimal("0.01"))
              for band, bp in reports.market_averages(conn, args.by).items()}
    json_out = args.format == "json"
    rows = []
    for share in band_shares(count_by_band(counts, bands), bands, market):
        rows.append({
            "band": share.band, "orders": share.orders,
            "share": str(share.share) if json_out else percent(share.share),
            "market_share": (None if share.market_share is None else
                             str(share.market_share) if json_out else percent(share.market_share)),
            "gap_points": (None if share.gap is None else
                           str(share.gap) if json_out else decimal(share.gap)),
        })
    heading = "âge (ans)" if args.by == "age" else "kilométrage"
    emit(rows, [("band", heading), ("orders", "OR"), ("share", "part atelier"),
                ("market_share", "part marché"), ("gap_points", "écart (points)")], args.format)
    return 0


# RFM and ABC -------------------------------------------------------------------------------

def _window(args: argparse.Namespace, ctx: Context) -> list[rfm.Quarter]:
    return rfm.periods(ctx.today, options.count(args.quarters, "--quarters", minimum=1))


def _rfm(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    window = _window(args, ctx)
    json_out = args.format == "json"
    bounds = rfm.window_bounds(window)
    if args.clients:
        return _rfm_clients(rfm.rfm_all(reports.purchases_by_period(conn, bounds), window), window, args)
    summary = rfm.summarize_codes(reports.purchase_code_counts(conn, bounds))
    total_amount = sum(p.amount_cents for p in summary.profiles)
    rows = []
    for profile in summary.profiles:
        share = Decimal(profile.clients * 100) / summary.clients if summary.clients else Decimal(0)
        share = share.quantize(Decimal("0.01"))
        rows.append({
            "profile": profile.profile if json_out else rfm.PROFILE_LABELS[profile.profile],
            "clients": profile.clients,
            "client_share": str(share) if json_out else percent(share),
            "amount": _money_cell(profile.amount_cents, json_out),
        })
    if json_out:
        rows.append({"profile": "total", "clients": summary.clients, "client_share": "100.00",
                     "amount": total_amount, "codes": summary.codes,
                     "quarters": [q.label for q in window]})
    else:
        rows.append({"profile": "Total", "clients": summary.clients, "client_share": "",
                     "amount": money(total_amount)})
    emit(rows, [("profile", f"profil ({window[0].label} - {window[-1].label})"),
                ("clients", "clients"), ("client_share", "part"), ("amount", "montant")], args.format)
    return 0


def _rfm_clients(stream: Any, window: list[rfm.Quarter], args: argparse.Namespace) -> int:
    limit = options.count(args.limit, "--limit")
    json_out = args.format == "json"
    rows = []
    for item in stream:
        if args.profile and item.profile != args.profile:
            continue
        row: dict[str, Any] = {"client_id": item.client_id, "code": item.code}
        for quarter, amount in zip(window, item.amounts_cents, strict=True):
            row[quarter.label] = _money_cell(amount, json_out)
        row.update({
            "last_on": item.last_on, "recency_days": item.recency_days, "frequency": item.frequency,
            "amount": _money_cell(item.amount_cents, json_out),
            "profile": item.profile if json_out else rfm.PROFILE_LABELS[item.profile],
        })
        rows.append(row)
        if limit and len(rows) >= limit:
            break
    columns = [("client_id", "client"), ("code", "code")]
    columns += [(q.label, q.label) for q in window]
    columns += [("last_on", "dernier achat"), ("recency_days", "récence (j)"),
                ("frequency", "fréquence"), ("amount", "montant"), ("profile", "profil")]
    emit(rows, columns, args.format)
    return 0


def _abc(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    window = _window(args, ctx)
    bounds = rfm.window_bounds(window)
    start, end = bounds[0][0], bounds[-1][1]
    total = reports.revenue_total(conn, start, end)
    if args.save:
        changed = reports.write_abc_segments(
            conn, abc.segments(reports.revenue_by_client(conn, start, end), total))
        print(f"segments ABC enregistrés : {changed} client(s) changé(s) de segment.", file=sys.stderr)
    segments = abc.summarize(reports.revenue_by_client(conn, start, end), total,
                             all_clients=reports.client_count(conn))
    json_out = args.format == "json"
    rows = [{
        "segment": s.segment, "clients": s.clients,
        "client_share": str(s.client_share) if json_out else percent(s.client_share),
        "revenue": _money_cell(s.revenue_cents, json_out),
        "revenue_share": str(s.revenue_share) if json_out else percent(s.revenue_share),
    } for s in segments]
    emit(rows, [("segment", f"segment ({window[0].label} - {window[-1].label})"),
                ("clients", "clients"), ("client_share", "part des clients"), ("revenue", "CA HT"),
                ("revenue_share", "part du CA")], args.format)
    return 0


# Complaints and the manager's figures ------------------------------------------------------

def _complaints(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    summary = summarize_complaints((line.complaint for line in list_complaints(conn)), ctx.today)
    figures: list[Figure] = [("total", "réclamations", str(summary.total), summary.total)]
    for status in ("open", "in_progress", "resolved", "closed"):
        n = summary.by_status.get(status, 0)
        figures.append((f"status_{status}", f"statut {STATUS_LABELS[status]}", str(n), n))
    for channel, n in sorted(summary.by_channel.items()):
        figures.append((f"channel_{channel}", f"canal {CHANNEL_LABELS.get(channel, channel)}", str(n), n))
    figures += [
        ("average_days_to_resolve", "délai moyen de résolution (jours)",
         decimal(summary.average_days_to_resolve, 1), summary.average_days_to_resolve),
        ("longest_days_to_resolve", "délai le plus long (jours)",
         "" if summary.longest_days_to_resolve is None else str(summary.longest_days_to_resolve),
         summary.longest_days_to_resolve),
        ("oldest_open_days", "plus ancienne non résolue (jours)",
         "" if summary.oldest_open_days is None else str(summary.oldest_open_days),
         summary.oldest_open_days),
    ]
    emit_figures(figures, args.format)
    return 0


def _set_days(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    year = options.count(args.year, "ANNÉE", minimum=1900)
    if args.days.strip().lower() == "auto":
        reports.set_days_open(conn, year, None, ctx.user)
        return 0
    days = options.count(args.days, "JOURS", minimum=1)
    if days > 366:
        raise UsageError(f"JOURS : « {args.days} » dépasse les jours d'une année.")
    reports.set_days_open(conn, year, days, ctx.user)
    return 0


def _set_market(conn: sqlite3.Connection, args: argparse.Namespace, ctx: Context) -> int:
    labels = [label for label, _, _ in BANDS[args.dimension]]
    if args.band not in labels:
        raise UsageError(f"TRANCHE : « {args.band} » inconnue ({', '.join(labels)}).")
    if args.share.strip().lower() == "none":
        reports.set_market_average(conn, args.dimension, args.band, None, ctx.user)
        return 0
    share = options.rate(args.share, "POURCENT", allow_zero=True)
    reports.set_market_average(conn, args.dimension, args.band, options.basis_points(share), ctx.user)
    return 0
