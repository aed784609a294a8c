"""A large import file is read in a second process: the same outcomes, rejects and records as
reading it here, and the import goes on when that process stops or cannot read."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from subprocess import Popen

import pytest
from hypothesis import given
from hypothesis import strategies as st

import store.import_parsing as parsing
from store.csvfiles import CsvDialect
from store.db import connect
from store.import_parsing import WORKER_MIN_BYTES_ENV, FilePlan, PackedRows, parsed_batches
from store.imports import ImportOptions, RowOutcome, import_file
from tests.factories import add_client, add_vehicle

HEADER = "N° OR;Date OR;N° client;VIN;Kilométrage;CA HT;Type\r\n"


def _quirky_repair_orders(path: Path, good: int = 60) -> Path:
    """Good rows, and every way a row goes wrong, spread over several batches."""
    lines = [HEADER]
    for n in range(1, good + 1):
        amount = f"{n} 234,{n % 100:02d}" if n % 4 else f"{n},5"
        lines.append(f"OR{n:04d};{n % 28 + 1:02d}/0{n % 9 + 1}/2025;C{n % 3 + 1};VF3TEST{n % 3 + 1:010d};"
                     f"{n * 1000};{amount};Entretien\r\n")
    lines += [
        "OR9100;32/01/2025;C1;;1000;10,00;Révision\r\n",  # no such day
        "OR9101;14/01/2025;C9;;1000;10,00;Révision\r\n",  # unknown client
        "OR9102;14/01/2025;C1;;mille;10,00;Révision\r\n",  # not a mileage
        "OR9103;14/01/2025;C1;;1000;10,00;Révision;en trop\r\n",  # a cell too many
        "OR9104;14/01/2025;C1\r\n",  # short: padded
        'OR9105;14/01/2025;C2;;2000;"1 000,00";"Carrosserie\r\naile avant"\r\n',  # two lines
        ";14/01/2025;C1;;1000;10,00;Révision\r\n",  # no number
        "OR0001;15/01/2025;C1;;1500;12,00;Révision\r\n",  # a number seen above, other values
        "\r\n",
        "OR9106;14/01/2025;C3;;1000;-25,00;Avoir\r\n",
        "OR9107;14/01/2099;C1;;1000;10,00;Révision\r\n",  # after the import's day
    ]
    path.write_bytes("".join(lines).encode("cp1252"))
    return path


def _dealership(db: Path) -> sqlite3.Connection:
    conn = connect(db)
    for n in (1, 2, 3):
        client = add_client(conn, external_id=f"C{n}", last_name=f"Client {n}")
        add_vehicle(conn, client, vin=f"VF3TEST{n:010d}", plate=f"AB-{n:03d}-CD")
    return conn


Imported = tuple[list[RowOutcome], dict[str, int], list[tuple[object, ...]], bytes]


def _imported(db: Path, path: Path) -> Imported:
    conn = _dealership(db)
    try:
        heard: list[RowOutcome] = []
        summary = import_file(conn, "repair-orders", path, ImportOptions(batch_size=7), user="chef",
                              on_outcome=heard.append)
        stored = conn.execute("SELECT number, opened_on, client_id, vehicle_id, mileage, revenue_cents,"
                              " kind FROM repair_orders ORDER BY number").fetchall()
    finally:
        conn.close()
    assert summary.reject_path is not None
    return heard, summary.counts, stored, summary.reject_path.read_bytes()


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[Popen[bytes]]:
    """Every file read by a second process, whatever its size; the processes started."""
    started: list[Popen[bytes]] = []
    start = parsing._start_worker

    def spied(request: tuple[Path, CsvDialect, FilePlan, int, int]) -> Popen[bytes]:
        started.append(start(request))
        return started[-1]

    monkeypatch.setenv(WORKER_MIN_BYTES_ENV, "1")
    monkeypatch.setattr(parsing, "cores", lambda: 2)  # a one-core runner reads here otherwise
    monkeypatch.setattr(parsing, "_start_worker", spied)
    return started


def test_a_file_read_by_a_worker_imports_as_one_read_here(tmp_path: Path, workers: list[Popen[bytes]],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = _quirky_repair_orders(tmp_path / "or.csv")
    by_worker = _imported(tmp_path / "worker.db", path)
    assert len(workers) == 1
    assert workers[0].returncode == 0  # it ended by itself, its batches all read
    monkeypatch.setenv(WORKER_MIN_BYTES_ENV, str(1 << 40))
    here = _imported(tmp_path / "here.db", path)
    assert len(workers) == 1
    assert by_worker == here
    outcomes, counts, stored, rejects = by_worker
    assert counts == {"create": 63, "update": 0, "unchanged": 0, "duplicate": 0, "rejected": 7}
    assert [o.row for o in outcomes if o.action == "rejected"] == [62, 63, 64, 65, 69, 70, 73]
    assert "« 14/01/2099 » est dans le futur" in outcomes[-1].reason
    assert ("OR9105", "2025-01-14", 2, None, 2000, 100000, "Carrosserie\r\naile avant") in stored
    assert "aile avant" not in rejects.decode("cp1252")  # the two-line row was not rejected


def _kill_the_worker_after_two_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker killed once two of its batches are received; where this process then reads
    on from (the ``skip`` of each read here)."""
    # the smallest pipe: past the few batches it holds, the killed worker's are never sent
    monkeypatch.setattr(parsing, "PIPE_BYTES", 4096)
    receive, read = parsing._received, parsing.read_batches
    read_here: list[int] = []

    def spied(path: Path, dialect: CsvDialect, plan: FilePlan, size: int, skip: int
              ) -> Iterator[parsing.ParsedBatch]:
        read_here.append(skip)
        return read(path, dialect, plan, size, skip)

    def killed_after_two(worker: Popen[bytes]) -> Iterator[parsing.ParsedBatch]:
        for count, batch in enumerate(receive(worker)):
            yield batch
            if count == 1:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()

    monkeypatch.setattr(parsing, "_received", killed_after_two)
    monkeypatch.setattr(parsing, "read_batches", spied)
    return read_here


def test_a_worker_killed_midway_is_taken_over(tmp_path: Path, workers: list[Popen[bytes]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _quirky_repair_orders(tmp_path / "or.csv", good=2000)
    read_here = _kill_the_worker_after_two_batches(monkeypatch)
    outcomes, counts, stored, rejects = _imported(tmp_path / "killed.db", path)
    assert workers[0].returncode == -signal.SIGKILL
    assert len(read_here) == 1
    assert 14 <= read_here[0] < 1000  # read on here from the last batch it received
    monkeypatch.setenv(WORKER_MIN_BYTES_ENV, str(1 << 40))
    assert (outcomes, counts, stored, rejects) == _imported(tmp_path / "here.db", path)
    assert len(stored) == len({row[0] for row in stored}) == 2003


def test_what_stops_the_worker_reading_stops_the_import_as_here(tmp_path: Path,
                                                                workers: list[Popen[bytes]]) -> None:
    path = _quirky_repair_orders(tmp_path / "or.csv")
    plan = FilePlan("repair-orders", ("N° OR", "Date OR"), ((0, "number"), (1, "opened_on")),
                    date(2026, 11, 24))
    unknown = CsvDialect(encoding="no-such-encoding", delimiter=";")
    with pytest.raises(LookupError, match="no-such-encoding"):
        list(parsed_batches(path, unknown, plan, 10, 0))
    assert len(workers) == 1
    assert workers[0].returncode == 0  # it said why, then ended


fields = st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12), max_size=6)


@given(st.lists(fields, max_size=20))
def test_packed_rows_carry_every_field_as_read(rows: list[list[str]]) -> None:
    packed = pickle.loads(pickle.dumps(PackedRows.pack(rows), protocol=pickle.HIGHEST_PROTOCOL))
    assert len(packed) == len(rows)
    assert list(packed) == rows
    assert [packed[i] for i in range(len(rows))] == rows


class _Stopped(Exception):
    pass


def test_a_resumed_import_whose_worker_dies_reads_on_from_the_right_row(
        tmp_path: Path, workers: list[Popen[bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _quirky_repair_orders(tmp_path / "or.csv", good=2000)
    conn = _dealership(tmp_path / "resumed.db")

    def stop_after_40(batches: int) -> None:
        if batches == 40:
            raise _Stopped  # as a killed import: 40 batches of 7 committed

    with pytest.raises(_Stopped):
        import_file(conn, "repair-orders", path, ImportOptions(batch_size=7), user="chef",
                    on_batch=stop_after_40)
    read_here = _kill_the_worker_after_two_batches(monkeypatch)
    heard: list[RowOutcome] = []
    summary = import_file(conn, "repair-orders", path, ImportOptions(batch_size=7), user="chef",
                          on_outcome=heard.append)
    assert summary.resumed_at_record == 280
    assert read_here == [280]  # the two batches received were among those done before
    assert all(o.row > 281 for o in heard)  # no row of the first run decided again
    # OR0001 repeated: its first line was read by the killed run, so this one updates it
    assert summary.counts == {"create": 2003, "update": 1, "unchanged": 0, "duplicate": 0,
                              "rejected": 6}
    count, distinct = conn.execute("SELECT count(*), count(DISTINCT number) FROM repair_orders").fetchone()
    conn.close()
    assert count == distinct == 2003


def test_an_import_that_fails_stops_its_worker(tmp_path: Path, workers: list[Popen[bytes]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = _quirky_repair_orders(tmp_path / "or.csv", good=2000)
    monkeypatch.setattr(parsing, "PIPE_BYTES", 4096)  # the worker is still sending when it fails
    conn = _dealership(tmp_path / "failed.db")

    def fail(_outcome: RowOutcome) -> None:
        raise _Stopped  # what a full disk or a failing screen does to the import

    try:
        with pytest.raises(_Stopped):
            import_file(conn, "repair-orders", path, ImportOptions(batch_size=7), user="chef",
                        on_outcome=fail)
    finally:
        conn.close()
    assert workers[0].returncode == -signal.SIGKILL  # stopped and waited for, not left behind
