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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from dateutil.relativedelta import relativedelta

from store.csvfiles import CsvDialect, CsvReader, CsvRecord, sniff
from store.db import write
from store.errors import StoreError
from store.gdpr import erased_external_id
from store.import_kinds import CLIENT_REF, KINDS, VEHICLE_REF, Column, ImportKind
from store.imports_matching import Candidate, find_duplicate_candidates
from store.rows import now_utc
from store.values import ValueProblem, fold

ACTIONS = ("create", "update", "unchanged", "duplicate", "rejected")
REASON_HEADING = "motif du rejet"
DEFAULT_BATCH = 5000
DRY_RUN_MEMORY = 100_000  # rows a dry run remembers to tell a repeat from a creation
IGNORE = "-"


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

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": str(self.path), "encoding": self.dialect.encoding,
                "delimiter": self.dialect.delimiter, "dry_run": self.dry_run,
                "rows": self.records, "counts": dict(self.counts),
                "ignored_columns": self.ignored_columns,
                "rejects_file": str(self.reject_path) if self.reject_path else None,
                "resumed_at_row": self.resumed_at_record or None}


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
    return Plan(header=header, columns=columns, ignored=ignored)


@dataclass(slots=True)
class _Row:
    line: int
    fields: list[str]
    values: dict[str, Any]
    key: str | None
    problem: str = ""  # set when a reference cannot be resolved


@dataclass(slots=True)
class _State:
    """A record as the import knows it: its id (None while pending), version and values."""

    record_id: int | None
    version: int
    values: dict[str, Any]


class _Rejected(Exception):
    pass


class Importer:
    """One import of one file into one connection."""

    def __init__(self, conn: sqlite3.Connection, kind: ImportKind, path: Path,
                 options: ImportOptions, user: str) -> None:
        self.conn = conn
        self.kind = kind
        self.path = path
        self.options = options
        self.user = user
        self.dialect = sniff(path, options.encoding, options.delimiter)
        self.reader = CsvReader(path, self.dialect)
        self.plan = plan_columns(kind, self.reader.header, options, path)
        self.summary = ImportSummary(kind=kind.name, path=path, dialect=self.dialect,
                                     dry_run=options.dry_run, ignored_columns=self.plan.ignored)
        self._pending: dict[str, _State] = {}
        self._client_ids: dict[str, int] = {}
        self._vehicle_ids: dict[str, int] = {}
        self._erased: set[str] = set()
        self._rejects: TextIO | None = None
        self._reject_writer: Any = None
        self._run_id: int | None = None
        self._table_columns = {r[1] for r in conn.execute(f"PRAGMA table_info({kind.table})")}
        self._compared = self._compared_columns()
        self._width = len(self.plan.header)
        self._parsers = [(index, column.name, column.parse) for index, column in self.plan.columns]
        self._required = [tuple(r.split("|")) for r in kind.required]
        self._key = kind.key

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

    def _parse(self, record: CsvRecord) -> _Row:
        fields = record.fields
        if record.error:
            raise _Rejected(record.error)
        if len(fields) != self._width:
            fields = self._fit(fields)
        values: dict[str, Any] = {}
        try:
            for index, name, parse in self._parsers:  # the hot loop of a million-row file
                raw = fields[index]
                if raw and not raw.isspace():
                    values[name] = parse(raw)
        except ValueProblem:
            self._explain(fields)
        key = values.pop(self._key, None)
        if key is None and not self.kind.key_optional:
            raise _Rejected(f"colonne « {self.plan.heading(self._key)} » vide : "
                            f"identifiant obligatoire")
        for names in self._required:
            if names[0] not in values and not any(name in values for name in names):
                headings = " ou ".join(f"« {self.plan.heading(n)} »" for n in names)
                raise _Rejected(f"colonne {headings} vide : valeur obligatoire")
        return _Row(record.line, fields, values, None if key is None else str(key))

    def _fit(self, fields: list[str]) -> list[str]:
        """A short record padded with empty cells; a long one rejected unless the extra cells
        are empty (a trailing separator)."""
        width = len(fields)
        if width > self._width and any(f.strip() for f in fields[self._width:]):
            raise _Rejected(f"{width} champs au lieu de {self._width} "
                            f"(séparateur « {self.dialect.delimiter_name} » ou guillemets ?)")
        return fields[: self._width] + [""] * (self._width - width)

    def _explain(self, fields: list[str]) -> None:
        """Find the cell the fast loop choked on and reject the row naming its column."""
        for index, _, parse in self._parsers:
            raw = fields[index]
            if raw and not raw.isspace():
                try:
                    parse(raw)
                except ValueProblem as problem:
                    raise _Rejected(f"colonne « {self.plan.header[index]} » : {problem}") from None

    def _raw_key(self, record: CsvRecord) -> str | None:
        for index, column in self.plan.columns:
            if column.name == self.kind.key and index < len(record.fields):
                return record.fields[index].strip() or None
        return None

    # -- the run -------------------------------------------------------------------------

    def run(self, on_outcome: Callable[[RowOutcome], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None,
            on_batch: Callable[[int], None] | None = None) -> ImportSummary:
        """Import the whole file; ``on_outcome`` hears every row, ``on_progress`` gets
        (bytes read, file size) and ``on_batch`` the number of batches committed."""
        total = self.path.stat().st_size
        thresholds = gc.get_threshold()
        # Rows are dicts and lists by the million: the cyclic collector would run every 700 of
        # them (a quarter of the time) for nothing, as rows form no cycles; refcounting frees them.
        gc.set_threshold(200_000, 20, 20)
        try:
            return self._run(total, on_outcome, on_progress, on_batch)
        finally:
            gc.set_threshold(*thresholds)

    def _run(self, total: int, on_outcome: Callable[[RowOutcome], None] | None,
             on_progress: Callable[[int, int], None] | None,
             on_batch: Callable[[int], None] | None) -> ImportSummary:
        skip = 0 if self.options.dry_run else self._start_run()
        self.summary.resumed_at_record = skip
        batches = 0
        try:
            for batch in self._batches(skip):
                outcomes = self._apply(batch)
                for action, count in Counter(o.action for o in outcomes).items():
                    self.summary.counts[action] += count
                if on_outcome:
                    for outcome in outcomes:
                        on_outcome(outcome)
                batches += 1
                if on_progress:
                    on_progress(self.reader.bytes_read(), total)
                if on_batch:
                    on_batch(batches)
            if not self.options.dry_run:
                self._finish_run()
        finally:
            self.reader.close()
            if self._rejects:
                self._rejects.close()
        return self.summary

    def _batches(self, skip: int) -> Iterator[list[CsvRecord]]:
        batch: list[CsvRecord] = []
        size = max(1, self.options.batch_size)
        for number, record in enumerate(self.reader.records(), start=1):
            self.summary.records = number
            if number <= skip:
                continue
            batch.append(record)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _apply(self, records: list[CsvRecord]) -> list[RowOutcome]:
        if self.options.dry_run:
            if len(self._pending) > DRY_RUN_MEMORY:
                self._pending.clear()  # flat memory; a number repeated this far apart shows twice
            self.conn.execute("BEGIN")  # one consistent read of the batch
            try:
                return self._decide(records)
            finally:
                self.conn.execute("ROLLBACK")
        with write(self.conn):
            outcomes = self._decide(records)
            self._pending.clear()
            self._save_progress(len(records), outcomes)
        return outcomes

    def _decide(self, records: list[CsvRecord]) -> list[RowOutcome]:
        rows: list[_Row | RowOutcome] = []
        for record in records:
            try:
                rows.append(self._parse(record))
            except _Rejected as exc:
                rows.append(self._reject(record.line, record.fields, self._raw_key(record), str(exc)))
        parsed = [r for r in rows if isinstance(r, _Row)]
        existing = self._lookup([r.key for r in parsed if r.key is not None])
        self._resolve_references(parsed)
        creates: list[dict[str, Any]] = []
        creates_lines: list[_Row] = []
        outcomes: list[RowOutcome] = []
        failed: dict[int, RowOutcome] = {}
        for item in rows:
            if isinstance(item, RowOutcome):
                outcomes.append(item)
                continue
            if item.key is None and creates and not self.options.dry_run:
                # the matcher must see the rows created above this one in the file
                failed.update(self._insert(creates, creates_lines))
                self._note_inserted(creates_lines)
                creates, creates_lines = [], []
            try:
                outcome = self._decide_row(item, existing, creates, creates_lines)
            except _Rejected as exc:
                outcome = self._reject(item.line, item.fields, item.key, str(exc))
            outcomes.append(outcome)
        if creates and not self.options.dry_run:
            failed.update(self._insert(creates, creates_lines))
        if failed:
            outcomes = [failed.get(o.row, o) for o in outcomes]
        return outcomes

    def _note_inserted(self, rows: list[_Row]) -> None:
        """Rows inserted mid-batch get their ids, so a later row of the batch updates them."""
        for row in rows:
            state = self._pending.get(row.key or "")
            if state is not None and state.record_id is None:
                found = self.conn.execute(
                    f"SELECT id, version FROM {self.kind.table} WHERE {self.kind.key} = ?", (row.key,)
                ).fetchone()
                if found:
                    state.record_id, state.version = int(found[0]), int(found[1])

    def _decide_row(self, row: _Row, existing: dict[str, _State], creates: list[dict[str, Any]],
                    creates_lines: list[_Row]) -> RowOutcome:
        if row.problem:
            raise _Rejected(row.problem)
        self._derive(row.values)
        if row.key is None:
            return self._decide_unkeyed(row)
        state = self._pending.get(row.key) or existing.get(row.key)
        if state is None and row.key in self._erased:
            raise _Rejected("personne effacée à sa demande (RGPD) : elle n'est pas réimportée")
        if state is None:
            values = {self.kind.key: row.key, **row.values}
            if self.kind.table == "clients":
                values.setdefault("origin", "dms")
            self._pending[row.key] = _State(None, 1, values)
            creates.append(values)
            creates_lines.append(row)
            return RowOutcome(row.line, "create", row.key)
        changed = {k: val for k, val in row.values.items() if state.values.get(k) != val}
        if not changed:
            return RowOutcome(row.line, "unchanged", row.key)
        reason = "modifié : " + ", ".join(self._heading_of(k) for k in changed)
        if state.record_id is None:  # created earlier in this batch: the insert takes the last values
            state.values.update(changed)
        else:
            if not self.options.dry_run:
                self._update(state, changed)
            state.values.update(changed)
            state.version += 1
            self._pending[row.key] = state
        return RowOutcome(row.line, "update", row.key, reason)

    def _heading_of(self, name: str) -> str:
        lookup = {"client_id": CLIENT_REF, "vehicle_id": VEHICLE_REF}.get(name, name)
        return self.plan.heading(lookup)

    def _decide_unkeyed(self, row: _Row) -> RowOutcome:
        candidates = find_duplicate_candidates(self.conn, row.values)
        if candidates:
            if any(self._same_client(c.client_id, row.values) for c in candidates):
                return RowOutcome(row.line, "unchanged", None, "déjà présent (mêmes valeurs)")
            best = candidates[0]
            reason = (f"doublon probable de la fiche {best.client_id}"
                      + (f" (n° {best.external_id})" if best.external_id else "")
                      + " : non créé, à vérifier")
            self._write_reject(row.fields, f"ligne {row.line} : {reason}")
            return RowOutcome(row.line, "duplicate", None, reason, tuple(candidates))
        if not self.options.dry_run:
            values = {"origin": "import", **row.values}
            self._insert([values], [row])
        return RowOutcome(row.line, "create", None)

    def _same_client(self, client_id: int, values: dict[str, Any]) -> bool:
        names = ", ".join(values)
        found = self.conn.execute(f"SELECT {names} FROM clients WHERE id = ?", (client_id,)).fetchone()
        return found is not None and list(found) == list(values.values())

    def _derive(self, values: dict[str, Any]) -> None:
        if self.kind.table == "financings" and "end_on" not in values:
            start, months = values.get("start_on"), values.get("duration_months")
            if start and months:
                from datetime import date

                values["end_on"] = (date.fromisoformat(start) + relativedelta(months=months)).isoformat()

    # -- SQL -----------------------------------------------------------------------------

    def _lookup(self, keys: list[str]) -> dict[str, _State]:
        if not keys:
            return {}
        names = ", ".join(self._compared)
        select = f"SELECT {self.kind.key}, id, version" + (f", {names}" if names else "")
        rows = self.conn.execute(
            f"{select} FROM {self.kind.table} WHERE {self.kind.key} IN (SELECT value FROM json_each(?))",
            (json.dumps(keys),),
        ).fetchall()
        found = {row[0]: _State(row[1], row[2], dict(zip(self._compared, row[3:], strict=True)))
                 for row in rows}
        if self.kind.table == "clients":
            hashed = {erased_external_id(k): k for k in keys if k not in found}
            if hashed:
                erased = self.conn.execute(
                    "SELECT external_id FROM clients WHERE external_id IN"
                    " (SELECT value FROM json_each(?))", (json.dumps(list(hashed)),)).fetchall()
                self._erased.update(hashed[row[0]] for row in erased)
        return found

    def _resolve_references(self, rows: list[_Row]) -> None:
        """Client numbers and VINs to ids; a row naming one the base lacks gets its problem."""
        refs: list[tuple[str, str, str, dict[str, int]]] = [(CLIENT_REF, "clients", "external_id",
                                                              self._client_ids)]
        if self.kind.table != "vehicles":
            refs.append((VEHICLE_REF, "vehicles", "vin", self._vehicle_ids))
        for ref, table, column, cache in refs:
            if len(cache) > 500_000:
                cache.clear()  # bounded memory whatever the file
            wanted = {r.values[ref] for r in rows if ref in r.values} - cache.keys()
            if wanted:
                found = self.conn.execute(
                    f"SELECT {column}, id FROM {table} WHERE {column} IN"
                    " (SELECT value FROM json_each(?))", (json.dumps(sorted(wanted)),)).fetchall()
                cache.update(dict(found))
            target = "client_id" if ref == CLIENT_REF else "vehicle_id"
            what = "client" if ref == CLIENT_REF else "véhicule"
            for row in rows:
                if ref in row.values:
                    value = row.values.pop(ref)
                    if value in cache:
                        row.values[target] = cache[value]
                    elif not row.problem:
                        row.problem = (f"colonne « {self.plan.heading(ref)} » : {what} « {value} » "
                                       f"inconnu (importez d'abord les {what}s)")

    def _insert(self, creates: list[dict[str, Any]], lines: list[_Row]) -> dict[int, RowOutcome]:
        """Insert the batch's new records (audited); a row the database refuses is rejected."""
        groups: dict[tuple[str, ...], list[int]] = {}
        for index, values in enumerate(creates):
            groups.setdefault(tuple(values), []).append(index)
        before = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {self.kind.table}").fetchone()[0]
        failed: dict[int, RowOutcome] = {}
        stamp = now_utc()
        for names, indexes in groups.items():
            columns = [*names, "created_by", "updated_by", "created_at", "updated_at"]
            sql = (f"INSERT INTO {self.kind.table} ({', '.join(columns)})"
                   f" VALUES ({', '.join('?' for _ in columns)})")
            params = [[*creates[i].values(), self.user, self.user, stamp, stamp] for i in indexes]
            self.conn.execute("SAVEPOINT batch")
            try:
                self.conn.executemany(sql, params)
                self.conn.execute("RELEASE batch")
            except sqlite3.Error:
                self.conn.execute("ROLLBACK TO batch")
                self.conn.execute("RELEASE batch")
                for i, param_row in zip(indexes, params, strict=True):
                    try:
                        self.conn.execute(sql, param_row)
                    except sqlite3.Error as exc:
                        row = lines[i]
                        failed[row.line] = self._reject(row.line, row.fields, row.key,
                                                        f"refusé par la base ({exc})")
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

    def _update(self, state: _State, changed: dict[str, Any]) -> None:
        assert state.record_id is not None
        stamp = now_utc()
        assignments = ", ".join(f"{name} = ?" for name in changed)
        cursor = self.conn.execute(
            f"UPDATE {self.kind.table} SET {assignments}, version = version + 1, updated_at = ?,"
            " updated_by = ? WHERE id = ? AND version = ?",
            [*changed.values(), stamp, self.user, state.record_id, state.version],
        )
        if cursor.rowcount != 1:
            raise _Rejected("modifié par une autre session pendant l'import ; relancez l'import")
        self.conn.executemany(
            "INSERT INTO audit (at, user_login, action, table_name, row_id, field, old_value, new_value)"
            " VALUES (?, ?, 'update', ?, ?, ?, ?, ?)",
            [(stamp, self.user, self.kind.table, state.record_id, name, _text(state.values.get(name)),
              _text(value)) for name, value in changed.items()],
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

    def _save_progress(self, done: int, outcomes: list[RowOutcome]) -> None:
        offset = 0
        if self._rejects is not None:
            self._rejects.flush()
            offset = self._rejects.buffer.tell()
        counts = Counter(o.action for o in outcomes)
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


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def import_file(conn: sqlite3.Connection, kind: str, path: Path, options: ImportOptions | None = None,
                user: str = "", on_outcome: Callable[[RowOutcome], None] | None = None,
                on_progress: Callable[[int, int], None] | None = None,
                on_batch: Callable[[int], None] | None = None) -> ImportSummary:
    """Import ``path`` as ``kind`` (clients, vehicles, financing, repair-orders, leads,
    proposals)."""
    if kind not in KINDS:
        raise ImportFileError(f"type d'import « {kind} » inconnu ({', '.join(KINDS)}).")
    if not path.is_file():
        raise ImportFileError(f"{path} : fichier introuvable.")
    importer = Importer(conn, KINDS[kind], path, options or ImportOptions(), user)
    return importer.run(on_outcome, on_progress, on_batch)
