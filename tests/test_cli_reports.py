"""``relance report``, ``campaign``, ``plan`` and ``complaint`` through the real console script."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from store.rows import insert
from tests.cli import run_relance
from tests.factories import add_client, add_repair_order, add_vehicle


def _ok(*args: str) -> subprocess.CompletedProcess[str]:
    result = run_relance(*args)
    assert result.returncode == 0, result.stderr
    return result


def _json(*args: str) -> object:
    return json.loads(_ok(*args, "--format", "json").stdout)


def _one_line_failure(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


# Campaign simulation -----------------------------------------------------------------------

SEED = ["campaign", "simulate", "--cost", "15 000", "--buyers", "200", "--price", "100",
        "--margin-rate", "50"]


def test_the_seed_simulation() -> None:
    figures = _json(*SEED)
    assert isinstance(figures, dict)
    assert figures["revenue_cents"] == 20_000_00
    assert figures["margin_cents"] == 10_000_00
    assert figures["result_cents"] == -5_000_00
    assert figures["roi"] == "0.67"
    assert figures["break_even_sales"] == 300
    table = _ok(*SEED).stdout
    assert "ROI (marge / coût)             0,67" in table
    assert "-5\u202f000,00 €" in table


def test_simulation_with_contacts_and_discount() -> None:
    figures = _json(*SEED, "--contacts", "3000", "--discount", "30 %")
    assert isinstance(figures, dict)
    assert figures["cost_per_contact_cents"] == 5_00
    assert figures["discount_cost_cents"] == 6_000_00


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [("--cost", "-15000", "négatif"), ("--margin-rate", "0", "--margin-rate"),
     ("--margin-rate", "150", "--margin-rate"), ("--price", "cent", "pas un nombre"),
     ("--price", "0", "prix"), ("--buyers", "-2", "--buyers"), ("--discount", "120", "--discount"),
     ("--cost", "10,555", "deux décimales"), ("--contacts", "0", "--contacts")],
)
def test_bad_simulation_input_is_one_line(option: str, value: str, fragment: str) -> None:
    args = list(SEED)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    _one_line_failure(run_relance(*args), fragment)


# Reports on a database ---------------------------------------------------------------------

def _workshop(conn: sqlite3.Connection) -> int:
    """Seed 000's 2010: 969 orders on 268 days for 219 154 €."""
    client = add_client(conn)
    rows = []
    for i in range(969):
        cents = 21_915_400 // 969 + (1 if i < 21_915_400 % 969 else 0)
        day = f"2010-{1 + (i % 268) // 28:02d}-{1 + (i % 268) % 28:02d}"
        rows.append((f"N{i}", day, client, cents))
    conn.executemany("INSERT INTO repair_orders (number, opened_on, client_id, revenue_cents)"
                     " VALUES (?, ?, ?, ?)", rows)
    return client


def test_workshop_reproduces_the_seed_2010_row(conn: sqlite3.Connection, db_path: Path) -> None:
    _workshop(conn)
    rows = _json("report", "workshop", "--db", str(db_path))
    assert isinstance(rows, list)
    year = rows[0]
    assert (year["year"], year["days_open"], year["orders"], year["average_orders_per_day"]) == (
        2010, 268, 969, 4)
    assert year["revenue_per_day"] == 817_74
    assert round(year["potential_1"] / 100) == 303_061
    assert round(year["gain_1"] / 100) == 83_907
    assert year["progression_1"] == "38.29"
    assert rows[-1]["year"] == "total"
    table = _ok("report", "workshop", "--db", str(db_path)).stdout
    assert "817,74 €" in table
    assert "38,29 %" in table


def test_days_set_by_a_manager(conn: sqlite3.Connection, db_path: Path) -> None:
    _workshop(conn)
    _ok("report", "set-days", "2010", "250", "--db", str(db_path))
    rows = _json("report", "workshop", "--db", str(db_path))
    assert isinstance(rows, list)
    assert rows[0]["days_open"] == 250
    assert rows[0]["days_set_by_manager"] is True
    _ok("report", "set-days", "2010", "auto", "--db", str(db_path))
    rows = _json("report", "workshop", "--db", str(db_path))
    assert isinstance(rows, list)
    assert rows[0]["days_open"] == 268
    _one_line_failure(run_relance("report", "set-days", "2010", "400", "--db", str(db_path)), "JOURS")


def test_visits_by_age_against_the_market(conn: sqlite3.Connection, db_path: Path) -> None:
    client = add_client(conn)
    young = add_vehicle(conn, client, first_registration_on="2025-01-10")
    old = add_vehicle(conn, client, first_registration_on="2015-01-10", plate="XY-123-ZZ")
    for day in ("2026-02-01", "2026-05-01", "2026-08-01"):
        add_repair_order(conn, client, day, 100_00, vehicle_id=young, mileage=20_000)
    add_repair_order(conn, client, "2026-09-01", 100_00, vehicle_id=old, mileage=180_000)
    _ok("report", "set-market", "age", "9+", "30", "--db", str(db_path))
    rows = _json("report", "workshop", "--by", "age", "--db", str(db_path), "--today", "2026-11-23")
    assert isinstance(rows, list)
    old_band = next(r for r in rows if r["band"] == "9+")
    assert old_band["share"] == "25.00"
    assert old_band["market_share"] == "30.00"
    assert old_band["gap_points"] == "-5.00"
    mileage = _json("report", "workshop", "--by", "mileage", "--db", str(db_path),
                    "--today", "2026-11-23")
    assert isinstance(mileage, list)
    assert [r["orders"] for r in mileage] == [3, 0, 0, 0, 1]
    _one_line_failure(run_relance("report", "set-market", "age", "10-12", "5", "--db", str(db_path)),
                      "TRANCHE")


def _buyers(conn: sqlite3.Connection) -> list[int]:
    ids = [add_client(conn, last_name=f"Client{i}") for i in range(5)]
    amounts = [5000, 3000, 1000, 500, 500]
    for client_id, euros in zip(ids, amounts, strict=True):
        for quarter_day in ("2025-11-15", "2026-02-15", "2026-05-15", "2026-08-15"):
            add_repair_order(conn, client_id, quarter_day, euros * 25, number=f"{client_id}{quarter_day}")
    add_client(conn, last_name="Prospect")
    return ids


def test_abc_summary_and_save(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _buyers(conn)
    args = ("report", "abc", "--db", str(db_path), "--today", "2026-11-23")
    rows = _json(*args)
    assert isinstance(rows, list)
    assert [(r["segment"], r["clients"]) for r in rows] == [("A", 2), ("B", 2), ("C", 2)]
    assert rows[0]["revenue_share"] == "80.00"
    assert rows[0]["client_share"] == "33.33"
    result = _ok(*args, "--save")
    assert "6 client(s)" in result.stderr
    stored = dict(conn.execute("SELECT id, abc_segment FROM clients").fetchall())
    assert [stored[i] for i in ids] == ["A", "A", "B", "B", "C"]


def test_rfm_summary_and_clients(conn: sqlite3.Connection, db_path: Path) -> None:
    _buyers(conn)
    late = add_client(conn, last_name="Tardif")
    add_repair_order(conn, late, "2024-01-10", 50_00)
    args = ("report", "rfm", "--db", str(db_path), "--today", "2026-11-23")
    rows = _json(*args)
    assert isinstance(rows, list)
    by_profile = {r["profile"]: r["clients"] for r in rows}
    assert by_profile["very_regular"] == 5
    assert by_profile["inactive"] == 1
    assert rows[-1]["codes"] == {"0000": 1, "1111": 5}
    clients = _json(*args, "--clients", "--profile", "inactive")
    assert isinstance(clients, list)
    assert [(c["client_id"], c["code"], c["last_on"]) for c in clients] == [(late, "0000", "2024-01-10")]
    table = _ok(*args).stdout
    assert "très régulier" in table
    _one_line_failure(run_relance(*args, "--quarters", "0"), "--quarters")


# Real campaigns ----------------------------------------------------------------------------

def test_campaign_measured_return(conn: sqlite3.Connection, db_path: Path) -> None:
    db = ("--db", str(db_path))
    dupont = add_client(conn, last_name="Dupont", abc_segment="A")
    durand = add_client(conn, last_name="Durand", abc_segment="A")
    other = add_client(conn, last_name="Autre", abc_segment="C")
    for client_id in (dupont, durand, other):
        insert(conn, "contacts", {"client_id": client_id, "at": "2026-10-05T09:00:00",
                                  "channel": "phone"})
    insert(conn, "contacts", {"client_id": dupont, "at": "2026-10-06T09:00:00", "channel": "sms"})
    add_repair_order(conn, dupont, "2026-10-20", 600_00)  # within 30 days of both contacts: once
    add_repair_order(conn, durand, "2026-11-20", 900_00)  # too late
    add_repair_order(conn, other, "2026-10-10", 700_00)  # not targeted
    campaign_id = _ok("campaign", "add", "Relance hiver", "--cost", "100", "--target", "abc:a",
                      "--starts", "2026-10-01", "--ends", "2026-10-31", "--margin-rate", "50",
                      *db).stdout.strip()
    assert _ok("campaign", "attribute", campaign_id, *db).stdout.startswith("3 contact(s)")
    figures = _json("campaign", "report", campaign_id, *db)
    assert isinstance(figures, dict)
    assert figures["contacts"] == 3
    assert figures["clients_contacted"] == 2
    assert figures["clients_returned"] == 1
    assert figures["orders"] == 1
    assert figures["revenue_cents"] == 600_00
    assert figures["margin_cents"] == 300_00
    assert figures["return_per_euro"] == "3.00"
    assert figures["meets_seed_claim"] is False
    same = _json("report", "campaign", campaign_id, *db, "--margin-rate", "80")
    assert isinstance(same, dict)
    assert same["meets_seed_claim"] is True
    listed = _json("campaign", "list", *db)
    assert isinstance(listed, list)
    assert listed[0]["contacts"] == 3
    assert listed[0]["margin_rate"] == "0.5"
    audited = conn.execute("SELECT count(*) FROM audit WHERE table_name = 'contacts'"
                           " AND field = 'campaign_id'").fetchone()[0]
    assert audited == 3


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(("campaign", "report", "42"), "campagne 42 introuvable"),
     (("report", "campaign", "42"), "campagne 42 introuvable"),
     (("campaign", "report", "abc"), "ID"),
     (("campaign", "attribute", "7"), "campagne 7"),
     (("campaign", "add", "X", "--cost", "-1"), "--cost"),
     (("campaign", "add", "X", "--cost", "1", "--target", "abc:Z"), "segment"),
     (("campaign", "add", "X", "--cost", "1", "--target", "rfm"), "--target"),
     (("campaign", "add", "X", "--cost", "1", "--starts", "2026-10-10", "--ends", "2026-10-01"),
      "--ends")],
)
def test_bad_campaign_input_is_one_line(db_path: Path, args: tuple[str, ...], fragment: str) -> None:
    _one_line_failure(run_relance(*args, "--db", str(db_path)), fragment)


def test_a_campaign_without_margin_rate_asks_for_one(db_path: Path) -> None:
    campaign_id = _ok("campaign", "add", "Sans taux", "--cost", "10", "--db", str(db_path)).stdout.strip()
    _one_line_failure(run_relance("campaign", "report", campaign_id, "--db", str(db_path)),
                      "--margin-rate")


# Action plan and complaints ----------------------------------------------------------------

def test_plan_add_update_and_csv_grid(db_path: Path) -> None:
    db = ("--db", str(db_path))
    first = _ok("plan", "add", "Recruter 2 commerciaux", "--owner", "dg", "--months", "1-3",
                "--horizon", "short", "--priority", "1", "--expenses", "35000", "--revenue", "135000",
                *db).stdout.strip()
    _ok("plan", "add", "Signer des partenariats", "--segment", "VIP", "--months", "9,12",
        "--horizon", "long", "--priority", "2", "--current", "522000", "--target", "750000", *db)
    _ok("plan", "update", first, "--progress", "40", "--results", "1 recruté", *db)
    rows = list(csv.reader(io.StringIO(_ok("plan", "list", "--format", "csv", *db).stdout),
                           delimiter=";"))
    header = rows[0]
    assert header[7:19] == ["Janv", "Févr", "Mars", "Avr", "Mai", "Juin", "Juil", "Août", "Sept",
                            "Oct", "Nov", "Déc"]
    assert rows[1][1] == "Recruter 2 commerciaux"
    assert rows[1][7:19] == ["X", "X", "X", *[""] * 9]
    assert rows[1][19] == "35\u202f000,00 €"
    assert rows[1][-2:] == ["40 %", "1 recruté"]
    assert rows[2][2] == "VIP"
    items = _json("plan", "list", *db)
    assert isinstance(items, list)
    assert items[1]["months"] == [9, 12]
    assert items[1]["target_revenue"] == 750_000_00


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(("plan", "add", "X", "--months", "13"), "--months"),
     (("plan", "add", "X", "--progress", "120"), "--progress"),
     (("plan", "add", "X", "--client", "99"), "client 99 introuvable"),
     (("plan", "add", " "), "ACTION"),
     (("plan", "update", "5", "--progress", "10"), "action 5"),
     (("complaint", "open", "99", "--subject", "bruit"), "client 99 introuvable"),
     (("complaint", "resolve", "3", "--resolution", "ok"), "réclamation 3 introuvable")],
)
def test_bad_plan_and_complaint_input_is_one_line(db_path: Path, args: tuple[str, ...],
                                                   fragment: str) -> None:
    _one_line_failure(run_relance(*args, "--db", str(db_path)), fragment)


def test_complaint_life(conn: sqlite3.Connection, db_path: Path) -> None:
    db = ("--db", str(db_path), "--today", "2026-11-23")
    client = add_client(conn, last_name="[b]Dupont[/b]")
    complaint_id = _ok("complaint", "open", str(client), "--subject", "Bruit après vidange",
                       "--channel", "email", "--on", "2026-11-10", *db).stdout.strip()
    _ok("complaint", "follow", complaint_id, *db)
    listed = _json("complaint", "list", *db)
    assert isinstance(listed, list)
    assert listed[0]["status"] == "in_progress"
    assert listed[0]["days_open"] == 13
    assert listed[0]["client_name"] == "[B]DUPONT[/B] Claire"
    _one_line_failure(run_relance("complaint", "resolve", complaint_id, "--resolution", "ok",
                                  "--on", "2026-11-01", *db), "avant l'ouverture")
    _ok("complaint", "resolve", complaint_id, "--resolution", "Cache moteur refixé", "--on",
        "2026-11-14", *db)
    assert _json("complaint", "list", *db) == []
    resolved = _json("complaint", "list", "--status", "resolved", *db)
    assert isinstance(resolved, list)
    assert resolved[0]["days_to_resolve"] == 4
    _one_line_failure(run_relance("complaint", "resolve", complaint_id, "--resolution", "x", *db),
                      "déjà résolue")
    summary = _json("report", "complaints", *db)
    assert isinstance(summary, dict)
    assert summary["status_resolved"] == 1
    assert summary["average_days_to_resolve"] == "4.0"
    assert summary["channel_email"] == 1  # JSON keeps the code, for other programs
    figures = _ok("report", "complaints", *db).stdout
    assert "canal e-mail" in figures
    assert "canal email" not in figures
    assert "e-mail" in _ok("complaint", "list", "--status", "all", *db).stdout
    assert "Bruit après vidange" in _ok("complaint", "list", "--status", "all", *db).stdout


def test_campaign_targeting_an_rfm_profile(conn: sqlite3.Connection, db_path: Path) -> None:
    db = ("--db", str(db_path))
    losing = add_client(conn, last_name="Parti")
    loyal = add_client(conn, last_name="Fidèle")
    for day in ("2025-07-10", "2025-10-10", "2026-01-10"):
        add_repair_order(conn, losing, day, 100_00, number=f"L{day}")
    for day in ("2025-10-10", "2026-01-10", "2026-04-10", "2026-07-10"):
        add_repair_order(conn, loyal, day, 100_00, number=f"F{day}")
    for client_id in (losing, loyal):
        insert(conn, "contacts", {"client_id": client_id, "at": "2026-10-05T09:00:00",
                                  "channel": "phone"})
    campaign_id = _ok("campaign", "add", "Reconquête", "--cost", "50", "--target", "rfm:losing_speed",
                      "--starts", "2026-10-01", *db).stdout.strip()
    assert _ok("campaign", "attribute", campaign_id, *db).stdout.startswith("1 contact(s)")
    attributed = conn.execute("SELECT client_id FROM contacts WHERE campaign_id = ?",
                              (int(campaign_id),)).fetchall()
    assert attributed == [(losing,)]
    _one_line_failure(run_relance("campaign", "add", "X", "--cost", "1", "--target", "rfm:vip", *db),
                      "profil")
