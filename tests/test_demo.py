"""The demo dealership: deterministic, realistic, consistent, and only in an empty database."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

import store.demo
from store.db import connect
from store.demo import DemoRefusedError, DemoStats, generate_demo
from store.demo_identifiers import vin_check_digit

TODAY = dt.date(2026, 11, 23)
CLIENTS = 1500
SIV_PLATE = re.compile(r"^[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}$")
FNI_PLATE = re.compile(r"^\d{1,4} [A-HJ-NP-TV-Z]{2} \d{2}$")
VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


def make_demo(path: Path, *, seed: int = 42, clients: int = CLIENTS) -> sqlite3.Connection:
    conn = connect(path)
    generate_demo(conn, clients=clients, seed=seed, today=TODAY)
    return conn


def dump(conn: sqlite3.Connection) -> Iterator[str]:
    """Every row of every table, in a stable order."""
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        yield f"-- {table}"
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()
        yield from sorted(repr(row) for row in rows)  # WITHOUT ROWID tables have no rowid


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    conn = make_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    yield conn
    conn.close()


def scalar(conn: sqlite3.Connection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


def test_same_seed_and_day_give_the_same_database(tmp_path: Path) -> None:
    first = make_demo(tmp_path / "a.db", clients=400)
    second = make_demo(tmp_path / "b.db", clients=400)
    assert list(dump(first)) == list(dump(second))


def test_rows_do_not_depend_on_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = make_demo(tmp_path / "a.db", clients=400)
    monkeypatch.setattr(store.demo, "CHUNK_CLIENTS", 150)  # three chunks from a child process
    piped = make_demo(tmp_path / "b.db", clients=400)
    assert list(dump(alone)) == list(dump(piped))


def test_another_seed_gives_another_database(tmp_path: Path) -> None:
    first = make_demo(tmp_path / "a.db", clients=300, seed=1)
    second = make_demo(tmp_path / "b.db", clients=300, seed=2)
    assert list(dump(first)) != list(dump(second))


def test_refuses_a_database_with_clients(tmp_path: Path) -> None:
    conn = make_demo(tmp_path / "a.db", clients=10)
    with pytest.raises(DemoRefusedError, match="déjà des clients"):
        generate_demo(conn, clients=10, seed=1, today=TODAY)
    assert scalar(conn, "SELECT count(*) FROM clients") == 10


def test_stats_count_the_rows_written(tmp_path: Path) -> None:
    conn = connect(tmp_path / "a.db")
    calls: list[tuple[int, int]] = []
    stats = generate_demo(conn, clients=250, seed=3, today=TODAY,
                          progress=lambda done, total: calls.append((done, total)))
    assert isinstance(stats, DemoStats)
    assert calls[-1] == (250, 250)
    for field, table in (("clients", "clients"), ("vehicles", "vehicles"),
                         ("financings", "financings"), ("repair_orders", "repair_orders"),
                         ("leads", "leads"), ("proposals", "proposals"),
                         ("contacts", "contacts"), ("labels", "demo_labels")):
        assert getattr(stats, field) == scalar(conn, f"SELECT count(*) FROM {table}")


def test_database_stays_wal_with_its_settings(demo: sqlite3.Connection) -> None:
    assert scalar(demo, "PRAGMA journal_mode") == "wal"
    assert scalar(demo, "PRAGMA foreign_keys") == 1
    assert scalar(demo, "PRAGMA ignore_check_constraints") == 0
    assert scalar(demo, "PRAGMA integrity_check") == "ok"
    assert demo.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_index_of_the_schema_is_back(demo: sqlite3.Connection, tmp_path: Path) -> None:
    fresh = connect(tmp_path / "fresh.db")
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    assert demo.execute(query).fetchall() == fresh.execute(query).fetchall()


def test_no_row_keeps_a_default_timestamp(demo: sqlite3.Connection) -> None:
    for table in ("users", "clients", "vehicles", "financings", "repair_orders", "leads",
                  "proposals", "contacts", "campaigns", "wishes", "complaints"):
        latest = scalar(demo, f"SELECT max(max(created_at), max(updated_at)) FROM {table}")
        assert str(latest) <= TODAY.isoformat() + "T23:59:59", table


def test_ratios_look_like_a_dealership(demo: sqlite3.Connection) -> None:
    vehicles = int(str(scalar(demo, "SELECT count(*) FROM vehicles")))
    orders = int(str(scalar(demo, "SELECT count(*) FROM repair_orders")))
    assert 1.3 * CLIENTS < vehicles < 1.7 * CLIENTS
    assert 1.7 * vehicles < orders < 2.3 * vehicles


def test_plates_have_french_formats(demo: sqlite3.Connection) -> None:
    plates = [p for (p,) in demo.execute("SELECT plate FROM vehicles")]
    assert all(SIV_PLATE.match(p) or FNI_PLATE.match(p) for p in plates)
    assert any(FNI_PLATE.match(p) for p in plates)
    assert len(set(plates)) == len(plates)


def test_vins_look_valid(demo: sqlite3.Connection) -> None:
    rows = demo.execute("SELECT make, vin FROM vehicles").fetchall()
    assert all(VIN.match(vin) for _, vin in rows)
    assert all(vin[8] == vin_check_digit(vin) for _, vin in rows)
    assert {vin[:3] for make, vin in rows if make == "Renault"} == {"VF1"}


def test_financing_ends_duration_months_after_start(demo: sqlite3.Connection) -> None:
    rows = demo.execute("SELECT mode, start_on, duration_months, end_on FROM financings")
    for mode, start, months, end in rows:
        if mode == "cash":
            assert (months, end) == (0, None)
        else:
            assert 24 <= months <= 60
            assert end == (dt.date.fromisoformat(start) + relativedelta(months=months)).isoformat()


def test_every_row_references_an_existing_client(demo: sqlite3.Connection) -> None:
    for table in ("vehicles", "financings", "repair_orders", "leads", "proposals", "contacts",
                  "wishes", "complaints"):
        orphans = scalar(demo, f"SELECT count(*) FROM {table} WHERE client_id NOT IN"
                               " (SELECT id FROM clients)")
        assert orphans == 0, table
    assert scalar(demo, "SELECT count(*) FROM repair_orders r JOIN vehicles v"
                        " ON v.id = r.vehicle_id WHERE v.client_id <> r.client_id") == 0
    assert scalar(demo, "SELECT count(*) FROM financings WHERE vehicle_id NOT IN"
                        " (SELECT id FROM vehicles)") == 0


def test_every_check_constraint_holds(demo: sqlite3.Connection) -> None:
    """Checks are off while the demo writes; copying each table under its own schema proves
    every value passes them."""
    tables = demo.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'"
    ).fetchall()
    demo.execute("PRAGMA foreign_keys = OFF")  # the copies' references would point into temp
    try:
        for name, sql in tables:
            demo.execute(sql.replace(f"CREATE TABLE {name}", f"CREATE TEMP TABLE copy_{name}", 1))
            demo.execute(f"INSERT INTO temp.copy_{name} SELECT * FROM main.{name}")
            demo.execute(f"DROP TABLE temp.copy_{name}")
    finally:
        demo.execute("PRAGMA foreign_keys = ON")


def test_consents_have_a_state_and_when_known_a_date_and_source(
    demo: sqlite3.Connection,
) -> None:
    for channel in ("phone", "sms", "email", "post"):
        states = {s for (s,) in demo.execute(f"SELECT DISTINCT consent_{channel} FROM clients")}
        assert states == {"yes", "no", "unknown"}
        bad = scalar(demo, f"SELECT count(*) FROM clients WHERE (consent_{channel} = 'unknown')"
                           f" <> (consent_{channel}_on IS NULL)")
        assert bad == 0


def test_queue_has_recent_work(demo: sqlite3.Connection) -> None:
    two_weeks = (TODAY - dt.timedelta(days=14)).isoformat()
    week = (TODAY - dt.timedelta(days=7)).isoformat()
    new_leads = scalar(demo, "SELECT count(*) FROM leads WHERE status = 'new' AND source ="
                             f" 'brand_site' AND received_at >= '{two_weeks}'")
    assert int(str(new_leads)) > 0
    assert int(str(scalar(demo, "SELECT count(*) FROM proposals"
                                f" WHERE handed_on >= '{week}'"))) > 0


def test_users_cover_every_role(demo: sqlite3.Connection) -> None:
    roles = {role for (role,) in demo.execute("SELECT role FROM users")}
    assert roles == {"sales", "aftersales", "manager", "admin"}
    assigned = {u for (u,) in demo.execute("SELECT DISTINCT assigned_user_id FROM clients")}
    assert len(assigned) > 3


def test_labels_tell_duplicates_from_homonyms(demo: sqlite3.Connection) -> None:
    labels = demo.execute("SELECT kind, client_id, other_id FROM demo_labels").fetchall()
    kinds = {kind for kind, _, _ in labels}
    assert kinds == {"duplicate", "homonym"}
    query = ("SELECT first_name, last_name, birth_year, city, phone FROM clients WHERE id = ?")
    for kind, client_id, other_id in labels:
        one = demo.execute(query, (client_id,)).fetchone()
        other = demo.execute(query, (other_id,)).fetchone()
        if kind == "homonym":
            assert one[:2] == other[:2]
            assert one[2] != other[2]
            assert one[3] != other[3]
            assert digits(one[4]) != digits(other[4])
        else:
            assert one[:2] != other[:2]
            assert (one[2], one[3]) == (other[2], other[3])
            assert digits(one[4]) == digits(other[4])


def digits(phone: str) -> str:
    """The ten national digits of a phone however it was typed."""
    raw = re.sub(r"\D", "", phone)
    return "0" + raw[2:] if raw.startswith("33") else raw


def test_names_are_french_with_accents_and_particles(demo: sqlite3.Connection) -> None:
    names = {n for (n,) in demo.execute("SELECT last_name || ' ' || first_name FROM clients")}
    assert any(c in "".join(names) for c in "éèêëïîôç")
    assert any("-" in n for n in names)
    assert any(n.startswith(("de ", "d'", "Le ", "Du ")) for n in names)
