"""Importing dealership files: streamed, upserted on the external id, committed in batches,
resumable, every bad row kept in a reject file with its reason.

A row becomes one of five outcomes: ``create``, ``update``, ``unchanged``, ``duplicate`` (a client
without a DMS number that probably exists already: reported, not created) or ``rejected``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, islice, repeat
from operator import attrgetter, is_, is_not, itemgetter, mul, or_
from pathlib import Path
from typing import Any, TextIO

from dateutil.relativedelta import relativedelta

from store.csvfiles import CsvDialect, CsvReader, sniff
from store.db import write
from store.deferred_indexes import ImportLock, database_file, defer, restore
from store.errors import StoreError
from store.gdpr import erased_external_id
from store.import_kinds import CLIENT_REF, KINDS, VEHICLE_REF, Column, ImportKind
from store.import_parsing import FilePlan, ParsedBatch, parsed_batches
from store.imports_matching import Candidate, find_duplicate_candidates, same_record
from store.rows import now_utc
from store.values import fold

ACTIONS = ("create", "update", "unchanged", "duplicate", "rejected")
PROBLEMS = ("duplicate", "rejected")  # the rows a real import lists (the rest are counted)
REASON_HEADING = "motif du rejet"
DEFAULT_BATCH = 5000
# the records that make a person a client (the facts gdpr due judges by, store/gdpr.py)
PURCHASE_TABLES = frozenset({"vehicles", "repair_orders", "financings", "proposals"})
DRY_RUN_MEMORY = 100_000  # rows a dry run remembers to tell a repeat from a creation
# The numbers whose first line in the file an import remembers, the latest ones: a number seen
# again with other values is rejected, naming that line (a repeat further apart updates). With the
# vehicles' owners, a 1,000,000-row import's peak RSS went from 99 to 116 MB (bench_import).
FILE_MEMORY = 100_000
REFERENCE_MEMORY = 500_000  # client and vehicle ids an import keeps at most (references, owners, promotions)
IGNORE = "-"
_ACTION = attrgetter("action")


class ImportFileError(StoreError):
    """The file cannot be imported at all (unreadable, no identity column, bad --map)."""


@dataclass(slots=True)
class RowOutcome:
    """What happened (or, in a dry run, would happen) to one row of the file."""

    row: int
    action: str
    external_id: str | None
    reason: str = ""
    candidates: tuple[Candidate, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "action": self.action,
                               "external_id": self.external_id, "reason": self.reason}
        if self.action == "duplicate":
            out["candidates"] = [{"client_id": c.client_id, "external_id": c.external_id,
                                  "score": round(c.score, 3)} for c in self.candidates]
        return out


@dataclass(slots=True)
class ImportOptions:
    encoding: str | None = None
    delimiter: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    preset: str | None = None
    dry_run: bool = False
    batch_size: int = DEFAULT_BATCH
    reject_path: Path | None = None
    today: date | None = None  # the import's day (no repair order, delivery or birth after it)


@dataclass(slots=True)
class ImportSummary:
    kind: str
    path: Path
    dialect: CsvDialect
    dry_run: bool
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    ignored_columns: list[str] = field(default_factory=list)
    reject_path: Path | None = None
    resumed_at_record: int = 0
    records: int = 0
    promoted: int = 0  # prospects made clients by the vehicle, repair order or financing imported

    def promoted_sentence(self) -> str:
        """What the import said of the prospects it made clients; empty when none."""
        if not self.promoted:
            return ""
        return (f"{self.promoted} prospect(s) devenu(s) client(s) : un véhicule, un ordre de réparation,"
                " un financement ou une proposition acceptée leur est rattaché.")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": str(self.path), "encoding": self.dialect.encoding,
                "delimiter": self.dialect.delimiter, "dry_run": self.dry_run,
                "rows": self.records, "counts": dict(self.counts),
                "ignored_columns": self.ignored_columns,
                "rejects_file": str(self.reject_path) if self.reject_path else None,
                "resumed_at_row": self.resumed_at_record or None,
                "prospects_made_clients": self.promoted}


@dataclass(frozen=True, slots=True)
class Plan:
    """Which column of the file feeds which field."""

    header: list[str]
    columns: list[tuple[int, Column]]
    ignored: list[str]

    def heading(self, name: str) -> str:
        for index, column in self.columns:
            if column.name == name:
                return self.header[index]
        return name


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``--map "N° client=external_id,Nom=last_name"`` as {source heading: field}."""
    mapping: dict[str, str] = {}
    for item in items:
        for pair in item.split(","):
            if not pair.strip():
                continue
            source, sep, dest = pair.partition("=")
            if not sep or not source.strip():
                raise ImportFileError(f"--map : « {pair} » doit s'écrire COLONNE=CHAMP.")
            mapping[source.strip()] = dest.strip() or IGNORE
    return mapping


def plan_columns(kind: ImportKind, header: list[str], options: ImportOptions, path: Path) -> Plan:
    """Match the file's headings to the kind's fields: --map first, then the preset, then the
    known French/English/DMS headings."""
    folded = [fold(h) for h in header]
    chosen: dict[int, str] = {}
    for source, dest in options.mapping.items():
        if fold(source) not in folded:
            raise ImportFileError(f"--map : colonne « {source} » absente de {path} "
                                  f"(colonnes : {', '.join(header)}).")
        if dest != IGNORE and dest not in kind.names:
            raise ImportFileError(f"--map : champ « {dest} » inconnu pour {kind.name} "
                                  f"(champs : {', '.join(kind.names)}).")
        chosen[folded.index(fold(source))] = dest
    if options.preset:
        if options.preset not in kind.presets:
            known = ", ".join(sorted(kind.presets)) or "aucun"
            raise ImportFileError(f"--preset : « {options.preset} » inconnu pour {kind.name} "
                                  f"(connus : {known}).")
        for source, dest in kind.presets[options.preset].items():
            if fold(source) in folded:
                chosen.setdefault(folded.index(fold(source)), dest)
    for index, name in enumerate(folded):
        if index in chosen:
            continue
        for column in kind.columns:
            if name in column.headings:
                chosen[index] = column.name
                break
    columns: list[tuple[int, Column]] = []
    ignored: list[str] = []
    taken: set[str] = set()
    for index, heading in enumerate(header):
        target = chosen.get(index)
        if target is None or target == IGNORE or target in taken:
            if heading:
                ignored.append(heading)
            continue
        taken.add(target)
        columns.append((index, kind.column(target)))
    if not kind.key_optional and kind.key not in taken:
        raise ImportFileError(
            f"{path} : pas de colonne pour l'identifiant « {kind.key} » de {kind.name} "
            f"(colonnes lues : {', '.join(header)}) ; indiquez-la avec --map COLONNE={kind.key}.")
    if not columns:  # a file of another kind, or a header line the DMS named its own way
        raise ImportFileError(
            f"{path} : aucune colonne reconnue pour {kind.name} (colonnes lues : {', '.join(header)}) ;"
            f" indiquez-les avec --map COLONNE=CHAMP (champs : {', '.join(kind.names)}).")
    return Plan(header=header, columns=columns, ignored=ignored)


@dataclass(slots=True)
class _State:
    """A record as the import knows it: its id (None while pending), version and the values of
    the compared columns, in their order."""

    record_id: int | None
    version: int
    values: tuple[Any, ...]


class _Rejected(Exception):
    pass


# An import that will at least add this many rows, and half the table, sets its secondary indexes
# aside and builds them once at the end (store.deferred_indexes).
BULK_MIN_ROWS = 20_000
IMPORT_CACHE_KIB = 32 * 1024  # SQLite page cache while importing: the indexes' hot pages stay in memory


class Importer:
    """One import of one file into one connection.

    A batch comes parsed, column by column (``store.import_parsing``: in a second process for a
    large file, so that reading overlaps writing), the batch's identities and references are
    looked up in one query each, and the new records go in one ``executemany``. Only the decision
    (create, update, unchanged) is made row by row.
    """

    def __init__(self, conn: sqlite3.Connection, kind: ImportKind, path: Path,
                 options: ImportOptions, user: str, report: Collection[str] = ACTIONS) -> None:
        self.conn = conn
        self.report = frozenset(report)  # the actions whose rows on_outcome hears
        self.kind = kind
        self.path = path
        self.options = options
        self.user = user
        self.dialect = sniff(path, options.encoding, options.delimiter)
        with CsvReader(path, self.dialect) as reader:
            self.plan = plan_columns(kind, reader.header, options, path)
        self.summary = ImportSummary(kind=kind.name, path=path, dialect=self.dialect,
                                     dry_run=options.dry_run, ignored_columns=self.plan.ignored)
        self._pending: dict[str, _State] = {}
        self._seen: dict[str, int] = {}  # each number of the file: its first line
        self._gave: dict[str, int] = {}  # and, unless every one, the columns it gave (as bits)
        # a dry run inserts nothing: the rows without a number it would create, to tell a repeat
        self._dry_unkeyed: set[tuple[Any, ...]] = set()
        self._client_ids: dict[str, int] = {}
        self._vehicle_ids: dict[str, int] = {}
        self._owners: dict[int, int | None] = {}  # repair orders: each vehicle's owner (client id)
        self._erased: set[str] = set()
        self._merged: dict[str, int] = {}  # DMS number of a merged record: the client it went into
        # clients this run found to be no prospect (or made clients): not looked up again
        self._not_prospects: set[int] = set()
        self._rejects: TextIO | None = None
        self._reject_writer: Any = None
        self._run_id: int | None = None
        self._defaults = {r[1]: r[4] for r in conn.execute(f"PRAGMA table_info({kind.table})")}
        self._compared = self._compared_columns()
        # the parsed column each compared one comes from (whether it has empty cells)
        self._given_from = [{"client_id": CLIENT_REF, "vehicle_id": VEHICLE_REF}.get(name, name)
                            for name in self._compared]
        self._headings = [self._heading_of(name) for name in self._compared]
        self._bytes_read = 0
        self._required = [tuple(r.split("|")) for r in kind.required]
        self._key = kind.key
        self._key_index = next((i for i, c in self.plan.columns if c.name == kind.key), None)
        self._insert_sql: dict[tuple[str, str], str] = {}
        self._lock: ImportLock | None = None  # held while the table's indexes are set aside
        self._deferred = False

    def _compared_columns(self) -> list[str]:
        names: list[str] = []
        for _, column in self.plan.columns:
            if column.name == CLIENT_REF:
                names.append("client_id")
            elif column.name == VEHICLE_REF and self.kind.table != "vehicles":
                names.append("vehicle_id")
            elif column.name != self.kind.key:
                names.append(column.name)
        if self.kind.table == "financings" and "end_on" not in names:
            names.append("end_on")
        return names

    # -- reading -----------------------------------------------------------------------

    def _raw_key(self, fields: list[str]) -> str | None:
        index = self._key_index
        if index is not None and index < len(fields):
            return fields[index].strip() or None
        return None

    def _check_required(self, converted: dict[str, list[Any]], keys: list[Any],
                        problems: list[str]) -> None:
        if not self.kind.key_optional:
            for position in [p for p, key in enumerate(keys) if key is None]:
                if not problems[position]:
                    problems[position] = (f"colonne « {self.plan.heading(self._key)} » vide : "
                                          f"identifiant obligatoire")
        for names in self._required:
            present = [converted[name] for name in names if name in converted]
            if len(present) == 1:
                empty = [p for p, value in enumerate(present[0]) if value is None]
            else:
                empty = [p for p, values in enumerate(zip(*present, strict=True))
                         if all(value is None for value in values)] if present else list(range(len(keys)))
            if empty:
                headings = " ou ".join(f"« {self.plan.heading(n)} »" for n in names)
                for position in empty:
                    if not problems[position]:
                        problems[position] = f"colonne {headings} vide : valeur obligatoire"

    def _derive(self, converted: dict[str, list[Any]], size: int) -> None:
        """Financing: the end date from the start and the duration when the file lacks it."""
        if self.kind.table != "financings":
            return
        ends = converted.get("end_on") or [None] * size
        starts = converted.get("start_on") or [None] * size
        months = converted.get("duration_months") or [None] * size
        for position, (end, start, duration) in enumerate(zip(ends, starts, months, strict=True)):
            if end is None and start and duration:
                ends[position] = (date.fromisoformat(start) + relativedelta(months=duration)).isoformat()
        converted["end_on"] = ends

    # -- the run -------------------------------------------------------------------------

    def run(self, on_outcome: Callable[[RowOutcome], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None,
            on_batch: Callable[[int], None] | None = None) -> ImportSummary:
        """Import the whole file; ``on_outcome`` hears every row, ``on_progress`` gets
        (bytes read, file size) and ``on_batch`` the number of batches committed."""
        total = self.path.stat().st_size
        thresholds = gc.get_threshold()
        # Rows are lists and tuples by the million: the cyclic collector would run every 700 of
        # them (a quarter of the time) for nothing, as rows form no cycles; refcounting frees them.
        gc.set_threshold(200_000, 20, 20)
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        # Each batch touches pages all over the table's indexes: with SQLite's default 2 MB cache
        # they are read back and spilled again batch after batch. A bounded cache for the run.
        self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        try:
            return self._run(total, on_outcome, on_progress, on_batch)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")
            gc.set_threshold(*thresholds)

    def _run(self, total: int, on_outcome: Callable[[RowOutcome], None] | None,
             on_progress: Callable[[int, int], None] | None,
             on_batch: Callable[[int], None] | None) -> ImportSummary:
        skip = 0 if self.options.dry_run else self._start_run()
        self.summary.resumed_at_record = skip
        plan = FilePlan(self.kind.name, tuple(self.plan.header),
                        tuple((index, column.name) for index, column in self.plan.columns),
                        self.options.today or date.today())
        batches = parsed_batches(self.path, self.dialect, plan, self.options.batch_size, skip)
        done = 0
        try:
            report = self.report
            every = report.issuperset(ACTIONS)
            for batch in batches:
                self.summary.records = batch.records
                self._bytes_read = batch.bytes_read
                if not batch.lines:  # done by the killed run this one resumes
                    continue
                outcomes, counts = self._apply(batch)
                for action, count in counts.items():
                    self.summary.counts[action] += count
                if on_outcome and (every or not report.isdisjoint(counts)):
                    for outcome in outcomes:
                        if every or outcome.action in report:
                            on_outcome(outcome)
                done += 1
                if not self.options.dry_run and not self._deferred:
                    self._consider_deferring(counts, total)
                if on_progress:
                    on_progress(batch.bytes_read, total)
                if on_batch:
                    on_batch(done)
            if not self.options.dry_run:
                self._restore_indexes()
                self._finish_run()
        finally:
            batches.close()  # stops the process reading the file, if one does
            if self._rejects:
                self._rejects.close()
            if self._deferred:  # interrupted or failed: the indexes are built before leaving
                with suppress(sqlite3.Error, StoreError):  # else the next connection builds them
                    self._restore_indexes()
            if self._lock is not None:
                self._lock.release()
        return self.summary

    def _consider_deferring(self, counts: Counter[str], total: int) -> None:
        """After a batch that mostly created records: when the rest of the file will add at
        least BULK_MIN_ROWS rows and half the table, set the table's secondary indexes aside."""
        if not self.kind.defers_indexes or self._lock is not None:
            return
        done_bytes, records = self._bytes_read, self.summary.records
        if counts["create"] * 2 < counts.total() or done_bytes <= 0 or records <= 0:
            return
        remaining = (total - done_bytes) * records // done_bytes
        rows = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {self.kind.table}").fetchone()[0]
        if remaining < BULK_MIN_ROWS or remaining * 2 < rows:
            return
        self._lock = ImportLock(database_file(self.conn))
        if not self._lock.acquire():
            return  # another import has them aside: it builds them when it ends
        self._deferred = True
        defer(self.conn, self.kind.table)

    def _restore_indexes(self) -> None:
        if self._deferred:
            restore(self.conn, self.kind.table)
            self._deferred = False

    def _apply(self, batch: ParsedBatch) -> tuple[list[RowOutcome], Counter[str]]:
        """A batch decided (and, unless a dry run, written): its outcomes and their count by action."""
        if self.options.dry_run:
            if len(self._pending) > DRY_RUN_MEMORY:
                self._pending.clear()  # flat memory; a number repeated this far apart shows twice
            if len(self._dry_unkeyed) > DRY_RUN_MEMORY:
                self._dry_unkeyed.clear()
            self.conn.execute("BEGIN")  # one consistent read of the batch
            try:
                outcomes, unlisted = self._decide(batch)
                return outcomes, _counted(outcomes, unlisted)
            finally:
                self.conn.execute("ROLLBACK")
        with write(self.conn):
            outcomes, unlisted = self._decide(batch)
            if self.kind.table in PURCHASE_TABLES:
                self._promote_prospects(batch, outcomes)
            counts = _counted(outcomes, unlisted)
            self._pending.clear()
            self._save_progress(len(batch.rows), counts)
        return outcomes, counts

    def _promote_prospects(self, batch: ParsedBatch, outcomes: list[RowOutcome]) -> None:
        """Make clients of the prospects this batch attached a vehicle, repair order or financing
        to (a DMS client file without a Type column creates prospects): one look-up of the
        batch's clients not seen before, one update when some are prospects, each audited."""
        client_ids = batch.converted.get("client_id")
        if not client_ids:
            return
        if self.kind.table == "proposals":  # a proposal is a purchase once accepted
            statuses = batch.converted.get("status") or [None] * len(client_ids)
            client_ids = [c if s == "accepted" else None for c, s in zip(client_ids, statuses, strict=True)]
        rejected = {o.row for o in outcomes if o.action == "rejected"}
        seen = self._not_prospects
        wanted = {c for line, c in zip(batch.lines, client_ids, strict=True)
                  if c is not None and c not in seen and line not in rejected}
        if not wanted:
            return
        if len(seen) > REFERENCE_MEMORY:
            seen.clear()  # bounded memory whatever the file
        seen.update(wanted)
        ids = json.dumps(sorted(wanted))
        prospects = [row[0] for row in self.conn.execute(
            "SELECT id FROM clients WHERE id IN (SELECT value FROM json_each(?)) AND kind = 'prospect'",
            (ids,))]
        if not prospects:
            return
        stamp = now_utc()
        self.conn.execute(
            "UPDATE clients SET kind = 'client', version = version + 1, updated_at = ?, updated_by = ?"
            " WHERE id IN (SELECT value FROM json_each(?)) AND kind = 'prospect'",
            (stamp, self.user, json.dumps(prospects)))
        self.conn.executemany(
            "INSERT INTO audit (at, user_login, action, table_name, row_id, field, old_value, new_value)"
            " VALUES (?, ?, 'update', 'clients', ?, 'kind', 'prospect', 'client')",
            [(stamp, self.user, client_id) for client_id in prospects])
        self.summary.promoted += len(prospects)

    def _decide(self, batch: ParsedBatch) -> tuple[list[RowOutcome], int]:
        """The batch's outcomes, and how many rows were created without an outcome (creations
        the caller does not hear)."""
        lines, rows, converted, problems = batch.lines, batch.rows, batch.converted, batch.problems
        size = len(rows)
        parsed = set(converted)
        keys: list[Any] = converted.pop(self._key, []) or [None] * size
        self._check_required(converted, keys, problems)
        parsed_ok = [not problem for problem in problems]  # later problems name the parsed key
        clean = not any(problems) and None not in keys
        existing = self._lookup(keys if clean else [key for key, ok in zip(keys, parsed_ok, strict=True)
                                                    if ok and key is not None])
        self._resolve_references(converted, problems)
        self._derive(converted, size)
        compared = [converted[name] for name in self._compared]
        every = (1 << len(compared)) - 1
        gave = _given(compared, [name in batch.sparse or name not in parsed
                                       for name in self._given_from])
        seen, partly = self._seen, self._gave
        if len(seen) > FILE_MEMORY:  # flat memory: the older half forgotten
            for number in list(islice(seen, len(seen) // 2)):
                del seen[number]
                partly.pop(number, None)
        if (clean and not existing and not self._pending and not self.options.dry_run
                and not any(problems) and len(set(keys)) == size and seen.keys().isdisjoint(keys)
                and self._erased.isdisjoint(keys) and self._merged.keys().isdisjoint(keys)):
            seen.update(zip(keys, lines, strict=True))
            if gave is not None:
                partly.update((key, bits) for key, bits in zip(keys, gave, strict=True) if bits != every)
            return self._create_all(lines, rows, keys, compared)
        values_of: list[tuple[Any, ...]] = list(zip(*compared, strict=True)) if compared \
            else [()] * size
        dry_run = self.options.dry_run
        pending = self._pending
        created: dict[str, tuple[Any, ...]] = {}  # records to insert, with their last values
        created_at: list[int] = []  # the position of the row that created each
        outcomes: list[RowOutcome] = []
        append, outcome, erased, merged = outcomes.append, RowOutcome, self._erased, self._merged
        known, remembered, first_of = existing.get, pending.get, seen.get
        failed: dict[int, RowOutcome] = {}
        for position, (line, key, values, problem) in enumerate(zip(lines, keys, values_of, problems,
                                                                    strict=True)):
            if problem:
                append(self._reject(line, rows[position], key if parsed_ok[position]
                                    else self._raw_key(rows[position]), problem))
                continue
            if key is None:
                if created and not dry_run:
                    # the matcher must see the rows created above this one in the file
                    failed.update(self._insert_created(created, created_at, lines, rows))
                    created, created_at = {}, []
                try:
                    append(self._decide_unkeyed(line, rows[position], values))
                except _Rejected as exc:
                    append(self._reject(line, rows[position], None, str(exc)))
                continue
            old = created.get(key)
            state = None
            if old is None:
                state = remembered(key) or known(key)
                if state is None:
                    if key in erased:
                        append(self._reject(line, rows[position], key, "personne effacée à sa"
                                            " demande (RGPD) : elle n'est pas réimportée"))
                        continue
                    if key in merged:
                        append(self._reject(line, rows[position], key, f"fiche fusionnée dans le client"
                                            f" {merged[key]} : fusionnez aussi les fiches dans le DMS"))
                        continue
                    created[key] = values
                    created_at.append(position)
                    append(outcome(line, "create", key))
                    seen[key] = line
                    if gave is not None and gave[position] != every:
                        partly[key] = gave[position]
                    continue
                old = state.values
            first = first_of(key)
            if first is None:
                seen[key] = line
                if gave is not None and gave[position] != every:
                    partly[key] = gave[position]
            else:  # the number again in this file: what it gave above must stand
                given = partly.get(key, every)
                clash = [i for i in range(len(values)) if given >> i & 1
                         and values[i] is not None and values[i] != old[i]]
                if clash:
                    append(self._reject(line, rows[position], key, (
                        f"{self.plan.heading(self._key)} déjà présent ligne {first} du fichier,"
                        f" avec une autre valeur de {', '.join(self._headings[i] for i in clash)}")))
                    continue
                if given != every:
                    now = given | (every if gave is None else gave[position])
                    if now == every:
                        del partly[key]
                    else:
                        partly[key] = now
            if values == old:
                append(outcome(line, "unchanged", key))
                continue
            changed = [(i, value) for i, value in enumerate(values)
                       if value is not None and value != old[i]]
            if not changed:
                append(outcome(line, "unchanged", key))
                continue
            new = list(old)
            for i, value in changed:
                new[i] = value
            if state is None:  # created earlier in this batch: the insert takes the last values
                created[key] = tuple(new)
            else:
                if state.record_id is not None and not dry_run:
                    try:
                        self._update(state, changed)
                    except _Rejected as exc:
                        append(self._reject(line, rows[position], key, str(exc)))
                        continue
                if state.record_id is not None:
                    state.version += 1
                state.values = tuple(new)
                pending[key] = state
            append(outcome(line, "update", key, "modifié : " + ", ".join(
                self._headings[i] for i, _ in changed)))
        if created:
            if dry_run:  # remembered, so a later batch tells a repeat from a creation
                pending.update((key, _State(None, 1, values)) for key, values in created.items())
            else:
                failed.update(self._insert_created(created, created_at, lines, rows))
        if failed:
            outcomes = [failed.get(o.row, o) for o in outcomes]
        return outcomes, 0

    def _create_all(self, lines: list[int], rows: Sequence[list[str]], keys: list[str],
                    compared: list[list[Any]]) -> tuple[list[RowOutcome], int]:
        """The usual batch of a new file: every row valid, every key new and once: all created,
        the parameters zipped from the columns without a loop per row."""
        stamp = now_utc()
        params = list(zip(keys, *compared, strict=True))

        def sources() -> list[tuple[int, list[str], str | None]]:
            return list(zip(lines, rows, keys, strict=True))

        failed = self._insert(self._sql_insert("dms", stamp), params, sources, stamp)
        for refused in failed.values():  # not in the base: a later line of its number creates it
            self._seen.pop(refused.external_id or "", None)
            self._gave.pop(refused.external_id or "", None)
        if "create" not in self.report:  # a million outcomes nobody reads cost a second
            return list(failed.values()), len(lines) - len(failed)
        outcomes = list(map(RowOutcome, lines, repeat("create"), keys))
        return ([failed.get(o.row, o) for o in outcomes] if failed else outcomes), 0

    def _heading_of(self, name: str) -> str:
        lookup = {"client_id": CLIENT_REF, "vehicle_id": VEHICLE_REF}.get(name, name)
        return self.plan.heading(lookup)

    def _decide_unkeyed(self, line: int, fields: list[str], values: tuple[Any, ...]) -> RowOutcome:
        found = {name: value for name, value in zip(self._compared, values, strict=True)
                 if value is not None}
        if self.options.dry_run and values in self._dry_unkeyed:
            return RowOutcome(line, "unchanged", None, "déjà présent (mêmes valeurs)")
        candidates = find_duplicate_candidates(self.conn, found)
        if (any(self._same_client(c.client_id, found) for c in candidates)
                or same_record(self.conn, found) is not None):
            return RowOutcome(line, "unchanged", None, "déjà présent (mêmes valeurs)")
        if candidates:
            best = candidates[0]
            reason = (f"doublon probable de la fiche {best.client_id}"
                      + (f" (n° {best.external_id})" if best.external_id else "")
                      + " : non créé, à vérifier")
            self._write_reject(fields, f"ligne {line} : {reason}")
            return RowOutcome(line, "duplicate", None, reason, tuple(candidates))
        if not self.options.dry_run:
            stamp = now_utc()
            failed = self._insert(self._sql_insert("import", stamp), [(None, *values)],
                                  lambda: [(line, fields, None)], stamp)
            if failed:
                return failed[line]
        else:
            self._dry_unkeyed.add(values)
        return RowOutcome(line, "create", None)

    def _same_client(self, client_id: int, values: dict[str, Any]) -> bool:
        names = ", ".join(values)
        found = self.conn.execute(f"SELECT {names} FROM clients WHERE id = ?", (client_id,)).fetchone()
        return found is not None and list(found) == list(values.values())

    # -- SQL -----------------------------------------------------------------------------

    def _lookup(self, keys: list[str]) -> dict[str, _State]:
        if not keys:
            return {}
        names = ", ".join(self._compared)
        select = f"SELECT {self.kind.key}, id, version" + (f", {names}" if names else "")
        rows: list[Any] = []
        # a new file's keys are usually a range the table has nothing in: one probe, not one a key
        if self.conn.execute(f"SELECT 1 FROM {self.kind.table} WHERE {self.kind.key} BETWEEN ? AND ?"
                             " LIMIT 1", (min(keys), max(keys))).fetchone() is not None:
            rows = self.conn.execute(
                f"{select} FROM {self.kind.table} WHERE {self.kind.key} IN (SELECT value FROM json_each(?))",
                (json.dumps(keys),),
            ).fetchall()
        found = {row[0]: _State(row[1], row[2], row[3:]) for row in rows}
        if self.kind.table == "clients":
            # a merged record keeps its DMS number so that the DMS cannot bring it back: its
            # rows are neither written into the emptied record nor created again
            for number, into in self.conn.execute(
                    "SELECT external_id, merged_into FROM clients WHERE merged_into IS NOT NULL"
                    " AND external_id IN (SELECT value FROM json_each(?))", (json.dumps(keys),)):
                self._merged[number] = into
                del found[number]
            hashed = {erased_external_id(k): k for k in keys if k not in found}
            if hashed:
                erased = self.conn.execute(
                    "SELECT external_id FROM clients WHERE external_id IN"
                    " (SELECT value FROM json_each(?))", (json.dumps(list(hashed)),)).fetchall()
                self._erased.update(hashed[row[0]] for row in erased)
        return found

    def _resolve_references(self, converted: dict[str, list[Any]], problems: list[str]) -> None:
        """Client numbers and VINs to ids, in one query per batch; a row naming one the base
        lacks gets its problem."""
        refs: list[tuple[str, str, str, dict[str, int]]] = [(CLIENT_REF, "clients", "external_id",
                                                              self._client_ids)]
        if self.kind.table != "vehicles":
            refs.append((VEHICLE_REF, "vehicles", "vin", self._vehicle_ids))
        for ref, table, column, cache in refs:
            if ref not in converted:
                continue
            if len(cache) > REFERENCE_MEMORY:
                cache.clear()  # bounded memory whatever the file
                if table == "vehicles":
                    self._owners.clear()
            values = converted.pop(ref)
            ids = list(map(cache.get, values))  # one look-up a row when the batch's are known
            wanted = set(compress(values, map(is_, ids, repeat(None)))) if None in ids else set()
            wanted.discard(None)
            if wanted:
                target_id = "coalesce(merged_into, id)" if table == "clients" else "id"
                owned = ref == VEHICLE_REF and self.kind.table == "repair_orders"
                found = self.conn.execute(
                    f"SELECT {column}, {target_id}{', client_id' if owned else ''} FROM {table}"
                    f" WHERE {column} IN (SELECT value FROM json_each(?))",
                    (json.dumps(sorted(wanted)),)).fetchall()
                if owned:  # pairs made in C: a batch may bring thousands of new vehicles
                    found_ids = list(map(itemgetter(1), found))
                    cache.update(zip(map(itemgetter(0), found), found_ids, strict=True))
                    self._owners.update(zip(found_ids, map(itemgetter(2), found), strict=True))
                else:
                    cache.update(found)
                ids = list(map(cache.get, values))
            target = "client_id" if ref == CLIENT_REF else "vehicle_id"
            what = "client" if ref == CLIENT_REF else "véhicule"
            if None in ids:
                for position in [p for p, (i, value) in enumerate(zip(ids, values, strict=True))
                                 if i is None and value is not None]:
                    if not problems[position]:
                        problems[position] = (f"colonne « {self.plan.heading(ref)} » : {what} « "
                                              f"{values[position]} » inconnu (importez d'abord les {what}s)")
            converted[target] = ids
        if self.kind.table == "repair_orders" and "client_id" in converted and "vehicle_id" in converted:
            self._check_owners(converted, problems)

    def _check_owners(self, converted: dict[str, list[Any]], problems: list[str]) -> None:
        """A repair order names the vehicle's owner, or a client who had the vehicle before its
        delivery to the owner: else the owner's satisfaction call would be about another car."""
        clients, vehicles = converted["client_id"], converted["vehicle_id"]
        if list(map(self._owners.get, vehicles)) == clients:
            return
        days = converted["opened_on"] if "opened_on" in converted else [None] * len(clients)
        mismatched = [
            (position, vehicle, day, owner)
            for position, (client, vehicle, day) in enumerate(zip(clients, vehicles, days, strict=True))
            if client is not None and vehicle is not None and not problems[position]
            and (owner := self._owners.get(vehicle)) is not None and owner != client
        ]
        if not mismatched:
            return
        delivered = self._by_id("vehicles", "delivered_on", {vehicle for _, vehicle, _, _ in mismatched})
        refused = [(position, vehicle, owner) for position, vehicle, day, owner in mismatched
                   if not (day and delivered[vehicle] and day < delivered[vehicle])]
        numbers = self._by_id("clients", "external_id", {owner for _, _, owner in refused})
        for position, vehicle, owner in refused:
            day = delivered[vehicle]
            since = f" depuis sa livraison le {day[8:10]}/{day[5:7]}/{day[:4]}" if day else ""
            problems[position] = (
                f"colonne « {self.plan.heading(CLIENT_REF)} » : le véhicule est au client "
                f"{numbers[owner] or f'fiche {owner}'}{since}, pas à celui-ci ; corrigez le n° client"
                " ou importez d'abord les véhicules à jour")

    def _by_id(self, table: str, column: str, ids: set[int]) -> dict[int, Any]:
        """``column`` of the rows ``ids`` of ``table``, by id: one query for a batch's few."""
        if not ids:
            return {}
        return dict(self.conn.execute(
            f"SELECT id, {column} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),)).fetchall())

    def _sql_insert(self, origin: str, stamp: str) -> str:
        """One INSERT for every new record: an empty cell (None) takes the column's default, as
        if the column had been left out. ``origin``: what a new client's origin defaults to.
        The user and the time are the same for the whole batch: written in the statement as
        literals SQLite quotes itself, rather than bound four times a row (a tenth of the inserts'
        time)."""
        sql = self._insert_sql.get((origin, stamp))
        if sql is None:
            if len(self._insert_sql) > 4:
                self._insert_sql.clear()
            user, at = self.conn.execute("SELECT quote(?), quote(?)", (self.user, stamp)).fetchone()
            columns = [self.kind.key, *self._compared]
            values: list[str] = []
            for name in columns:
                default = self._defaults.get(name)
                if self.kind.table == "clients" and name == "origin":
                    default = f"'{origin}'"
                values.append(f"coalesce(?, ({default}))" if default is not None else "?")
            if self.kind.table == "clients" and "origin" not in columns:
                columns.append("origin")
                values.append(f"'{origin}'")
            columns += ["created_by", "updated_by", "created_at", "updated_at"]
            values += [user, user, at, at]
            sql = self._insert_sql[origin, stamp] = (f"INSERT INTO {self.kind.table} ({', '.join(columns)})"
                                                     f" VALUES ({', '.join(values)})")
        return sql

    def _insert_created(self, created: dict[str, tuple[Any, ...]], positions: list[int],
                        lines: list[int], rows: Sequence[list[str]]) -> dict[int, RowOutcome]:
        """Insert the records created by the rows at ``positions``, with their last values."""
        stamp = now_utc()
        params = [(key, *values) for key, values in created.items()]

        def sources() -> list[tuple[int, list[str], str | None]]:
            return [(lines[p], rows[p], key) for p, key in zip(positions, created, strict=True)]

        failed = self._insert(self._sql_insert("dms", stamp), params, sources, stamp)
        if self.kind.key_optional:  # a later row of this batch may update what was just inserted
            found = self.conn.execute(
                f"SELECT {self.kind.key}, id, version FROM {self.kind.table} WHERE {self.kind.key}"
                " IN (SELECT value FROM json_each(?))", (json.dumps(list(created)),)).fetchall()
            for key, record_id, version in found:
                self._pending[key] = _State(int(record_id), int(version), created[key])
        return failed

    def _insert(self, sql: str, params: list[tuple[Any, ...]],
                sources: Callable[[], list[tuple[int, list[str], str | None]]], stamp: str
                ) -> dict[int, RowOutcome]:
        """Insert new records (audited once, as a range of ids); a row the database refuses is
        rejected. ``sources()``: the line, fields and key of each record's row."""
        before = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {self.kind.table}").fetchone()[0]
        failed: dict[int, RowOutcome] = {}
        self.conn.execute("SAVEPOINT batch")
        try:
            self.conn.executemany(sql, params)
            self.conn.execute("RELEASE batch")
        except sqlite3.Error:
            self.conn.execute("ROLLBACK TO batch")
            self.conn.execute("RELEASE batch")
            for param_row, (line, fields, key) in zip(params, sources(), strict=True):
                try:
                    self.conn.execute(sql, param_row)
                except sqlite3.Error as exc:
                    failed[line] = self._reject(line, fields, key, f"refusé par la base ({exc})")
        # One audit line per batch: the ids created (a range, as ids only grow) and the file.
        # A line per record would double the writes of a million-row import.
        first, last, count = self.conn.execute(
            f"SELECT min(id), max(id), count(*) FROM {self.kind.table} WHERE id > ?", (before,)
        ).fetchone()
        if count:
            self.conn.execute(
                "INSERT INTO audit (at, user_login, action, table_name, row_id, field, old_value,"
                " new_value) VALUES (?, ?, 'import', ?, ?, 'ids', ?, ?)",
                (stamp, self.user, self.kind.table, first if count == 1 else None,
                 f"{first}-{last} ({count})", str(self.path)),
            )
        return failed

    def _update(self, state: _State, changed: list[tuple[int, Any]]) -> None:
        assert state.record_id is not None
        stamp = now_utc()
        names = [self._compared[i] for i, _ in changed]
        assignments = ", ".join(f"{name} = ?" for name in names)
        cursor = self.conn.execute(
            f"UPDATE {self.kind.table} SET {assignments}, version = version + 1, updated_at = ?,"
            " updated_by = ? WHERE id = ? AND version = ?",
            [*(value for _, value in changed), stamp, self.user, state.record_id, state.version],
        )
        if cursor.rowcount != 1:
            raise _Rejected("modifié par une autre session pendant l'import ; relancez l'import")
        self.conn.executemany(
            "INSERT INTO audit (at, user_login, action, table_name, row_id, field, old_value, new_value)"
            " VALUES (?, ?, 'update', ?, ?, ?, ?, ?)",
            [(stamp, self.user, self.kind.table, state.record_id, self._compared[i],
              _text(state.values[i]), _text(value)) for i, value in changed],
        )

    # -- rejects and progress ------------------------------------------------------------

    def _reject(self, line: int, fields: list[str], key: str | None, reason: str) -> RowOutcome:
        self._write_reject(fields, f"ligne {line}, {reason}" if reason.startswith("colonne")
                           else f"ligne {line} : {reason}")
        return RowOutcome(line, "rejected", key, reason)

    def _write_reject(self, fields: list[str], reason: str) -> None:
        if self.options.dry_run:
            return
        if self._rejects is None:
            self._open_rejects(0)
        self._reject_writer.writerow([*fields[: len(self.plan.header)],
                                      *([""] * (len(self.plan.header) - len(fields))), reason])

    def _reject_file(self) -> Path:
        if self.options.reject_path:
            return self.options.reject_path
        return self.path.with_name(f"{self.path.stem}.rejets{self.path.suffix or '.csv'}")

    def _open_rejects(self, offset: int) -> None:
        import csv

        path = self._reject_file()
        self.summary.reject_path = path
        try:
            if offset and path.exists():
                with path.open("r+b") as raw:
                    raw.truncate(offset)  # drop what a killed batch wrote but never committed
                self._rejects = path.open("a", encoding=self.dialect.encoding, errors="replace",
                                          newline="")
            else:
                self._rejects = path.open("w", encoding=self.dialect.encoding, errors="replace",
                                          newline="")
        except OSError as exc:
            raise ImportFileError(f"{path} : impossible d'écrire le fichier des rejets "
                                  f"({exc.strerror}) ; choisissez-en un avec --rejects.") from exc
        self._reject_writer = csv.writer(self._rejects, delimiter=self.dialect.delimiter,
                                         lineterminator="\r\n")
        if not offset:
            self._reject_writer.writerow([*self.plan.header, REASON_HEADING])

    def _file_key(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as raw:
            for chunk in iter(lambda: raw.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(repr((self.kind.name, [(i, c.name) for i, c in self.plan.columns],
                            self.dialect)).encode())
        return digest.hexdigest()

    def _start_run(self) -> int:
        """Resume the unfinished run of this very file, or start a new one; return the number
        of records already done."""
        key = self._file_key()
        with write(self.conn):
            found = self.conn.execute(
                "SELECT id, records_done, created, updated, unchanged, duplicates, rejected,"
                " reject_path, reject_offset FROM import_runs"
                " WHERE file_key = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1", (key,),
            ).fetchone()
            if found is None:
                self._run_id = int(self.conn.execute(
                    "INSERT INTO import_runs (kind, file_name, file_key, user_login, started_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (self.kind.name, str(self.path), key, self.user, now_utc()),
                ).lastrowid or 0)
                stale = self._reject_file()
                if stale.exists():
                    stale.unlink()  # the rejects of an earlier, finished run of this name
                return 0
        self._run_id = int(found[0])
        counts = dict(zip(("create", "update", "unchanged", "duplicate", "rejected"), found[2:7],
                          strict=True))
        self.summary.counts.update(counts)
        if found[7] and found[8]:
            self._open_rejects(int(found[8]))
        return int(found[1])

    def _save_progress(self, done: int, counts: Counter[str]) -> None:
        offset = 0
        if self._rejects is not None:
            self._rejects.flush()
            offset = self._rejects.buffer.tell()
        self.conn.execute(
            "UPDATE import_runs SET records_done = records_done + ?, created = created + ?,"
            " updated = updated + ?, unchanged = unchanged + ?, duplicates = duplicates + ?,"
            " rejected = rejected + ?, reject_path = ?, reject_offset = ? WHERE id = ?",
            (done, counts["create"], counts["update"],
             counts["unchanged"], counts["duplicate"], counts["rejected"],
             str(self.summary.reject_path or ""), offset, self._run_id),
        )

    def _finish_run(self) -> None:
        with write(self.conn):
            self.conn.execute("UPDATE import_runs SET finished_at = ? WHERE id = ?",
                              (now_utc(), self._run_id))


def _counted(outcomes: list[RowOutcome], unlisted_creations: int) -> Counter[str]:
    counts = Counter(map(_ACTION, outcomes))
    if unlisted_creations:
        counts["create"] += unlisted_creations
    return counts


def _given(columns: list[list[Any]], sparse: list[bool]) -> list[int] | None:
    """The columns each row gives a value in, as bits (column by column, in C); None when every
    row gives every one. ``sparse``: the columns that may hold an empty cell (None)."""
    full, masks = 0, None
    for i, (column, scan) in enumerate(zip(columns, sparse, strict=True)):
        if not scan or None not in column:
            full |= 1 << i
            continue
        bits = map(mul, map(is_not, column, repeat(None)), repeat(1 << i))
        masks = list(bits) if masks is None else list(map(or_, masks, bits))
    if masks is None:
        return None
    return list(map(or_, masks, repeat(full))) if full else masks


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def import_file(conn: sqlite3.Connection, kind: str, path: Path, options: ImportOptions | None = None,
                user: str = "", on_outcome: Callable[[RowOutcome], None] | None = None,
                on_progress: Callable[[int, int], None] | None = None,
                on_batch: Callable[[int], None] | None = None,
                report: Collection[str] = ACTIONS) -> ImportSummary:
    """Import ``path`` as ``kind`` (clients, vehicles, financing, repair-orders, leads,
    proposals). ``on_outcome`` hears the rows whose action is in ``report`` (all by default:
    a caller that keeps only the problems saves a call per created row)."""
    if kind not in KINDS:
        raise ImportFileError(f"type d'import « {kind} » inconnu ({', '.join(KINDS)}).")
    if not path.is_file():
        raise ImportFileError(f"{path} : fichier introuvable.")
    rejects = (options or ImportOptions()).reject_path
    # a run first removes the reject file of an earlier run: it must not be the file imported
    if rejects is not None and (rejects.is_dir() or (rejects.exists() and rejects.samefile(path))):
        raise ImportFileError(f"--rejects : {rejects} est un dossier ou le fichier importé lui-même ; "
                              "choisissez un autre fichier.")
    importer = Importer(conn, KINDS[kind], path, options or ImportOptions(), user, report)
    return importer.run(on_outcome, on_progress, on_batch)
