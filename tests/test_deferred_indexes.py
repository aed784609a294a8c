"""A large import sets its table's secondary indexes aside and builds them at the end; whatever
happens to it, the base is left with its indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.db import connect
from store.deferred_indexes import ImportLock, database_file, defer, restore_orphans
from store.imports import BULK_MIN_ROWS, PROBLEMS, ImportOptions, RowOutcome, import_file
from tests.factories import add_client, index_names, repair_orders_csv

INDEXES = {"repair_orders_vehicle", "repair_orders_opened", "repair_orders_client_revenue"}


def test_unique_indexes_stay_and_the_others_come_back(conn: sqlite3.Connection) -> None:
    assert index_names(conn) == INDEXES
    assert set(defer(conn, "repair_orders")) == INDEXES
    assert index_names(conn) == set()
    unique = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                          " AND tbl_name = 'repair_orders' AND sql IS NULL").fetchone()[0]
    assert unique == 1  # UNIQUE(number): the upsert's
    assert set(restore_orphans(conn)) == INDEXES  # no import holds the lock: an orphan
    assert index_names(conn) == INDEXES
    assert restore_orphans(conn) == []


def test_a_running_import_keeps_its_indexes_aside_until_it_ends(db_path: Path,
                                                               conn: sqlite3.Connection) -> None:
    lock = ImportLock(database_file(conn))
    assert lock.acquire()
    defer(conn, "repair_orders")
    other = connect(db_path)  # another session opening the base meanwhile
    try:
        assert not ImportLock(database_file(other)).acquire()
        assert index_names(other) == set()
    finally:
        other.close()
    lock.release()
    other = connect(db_path)
    try:
        assert index_names(other) == INDEXES
    finally:
        other.close()


def test_an_import_that_fails_in_the_bulk_phase_builds_the_indexes_before_leaving(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = repair_orders_csv(tmp_path / "or.csv", BULK_MIN_ROWS + 5000)
    seen: list[set[str]] = []

    def stop_after_three(batches: int) -> None:
        seen.append(index_names(conn))
        if batches == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(conn, "repair-orders", path, ImportOptions(batch_size=2000), on_batch=stop_after_three)
    assert seen == [set(), set(), set()]  # aside from the first batch on
    assert index_names(conn) == INDEXES
    assert conn.execute("SELECT count(*) FROM deferred_indexes").fetchone()[0] == 0
    summary = import_file(conn, "repair-orders", path, ImportOptions(batch_size=2000))
    assert summary.resumed_at_record == 6000
    assert conn.execute("SELECT count(*) FROM repair_orders").fetchone()[0] == BULK_MIN_ROWS + 5000
    assert index_names(conn) == INDEXES


@pytest.mark.parametrize(("existing", "new", "deferred"), [
    (0, BULK_MIN_ROWS - 3000, False),  # too few to pay for a build
    (4 * BULK_MIN_ROWS, BULK_MIN_ROWS + 3000, False),  # a small part of a large table
    (BULK_MIN_ROWS, 2 * BULK_MIN_ROWS, True),
])
def test_only_an_import_large_for_its_table_sets_indexes_aside(
        conn: sqlite3.Connection, tmp_path: Path, existing: int, new: int, deferred: bool) -> None:
    add_client(conn, external_id="C1")
    if existing:
        import_file(conn, "repair-orders", repair_orders_csv(tmp_path / "old.csv", existing))
    seen: list[set[str]] = []
    import_file(conn, "repair-orders", repair_orders_csv(tmp_path / "new.csv", new, start=existing + 1),
                ImportOptions(batch_size=2000), on_batch=lambda _: seen.append(index_names(conn)))
    assert (set() in seen) == deferred
    assert index_names(conn) == INDEXES


def test_a_repeated_file_leaves_the_indexes_alone(conn: sqlite3.Connection, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = repair_orders_csv(tmp_path / "or.csv", BULK_MIN_ROWS + 5000)
    import_file(conn, "repair-orders", path)
    seen: list[set[str]] = []
    summary = import_file(conn, "repair-orders", path, ImportOptions(batch_size=2000),
                          on_batch=lambda _: seen.append(index_names(conn)))
    assert summary.counts["unchanged"] == BULK_MIN_ROWS + 5000
    assert all(names == INDEXES for names in seen)


def test_a_caller_hearing_only_the_problems_sets_them_aside_too(conn: sqlite3.Connection,
                                                               tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = repair_orders_csv(tmp_path / "or.csv", BULK_MIN_ROWS + 5000)
    text = path.read_text(encoding="cp1252").replace("OR000500;14/01/2025", "OR000500;32/01/2025")
    path.write_text(text, encoding="cp1252")
    seen: list[set[str]] = []
    heard: list[RowOutcome] = []
    summary = import_file(conn, "repair-orders", path, ImportOptions(batch_size=2000),
                          on_outcome=heard.append, on_batch=lambda _: seen.append(index_names(conn)),
                          report=PROBLEMS)
    assert [o.row for o in heard] == [501]
    assert summary.counts["create"] == BULK_MIN_ROWS + 4999
    assert seen[0] == set()
    assert index_names(conn) == INDEXES
