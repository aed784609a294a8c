"""Reading an import file as parsed batches: records read in chunks, each column converted by its
parser, a row that cannot be read given its reason.

A large file is read in a second process whose batches come back through a pipe: reading and
converting a million rows takes a third of an import's time, and the writes (``store.imports``)
need not wait for it when the machine has another core. The second process (:func:`main`) reads
only the file; if it cannot start or stops, this one reads on from where it was.
"""

from __future__ import annotations

import fcntl
import gc
import os
import pickle
import signal
import subprocess
import sys
from array import array
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import accumulate, chain, compress, islice, repeat
from operator import is_, is_not
from pathlib import Path
from typing import IO, Any, BinaryIO, overload

from store import values as v
from store.csvfiles import CsvDialect, CsvReader
from store.import_kinds import KINDS, Column, Limit
from store.values import ValueProblem

CELL_CACHE = 65_536  # distinct cells a column remembers from batch to batch (dates, clients, VINs)
# A file at least this large is read in a second process (two cores or more). Measured: at 100,000
# rows (7 MB) starting it (a tenth of a second) costs what it saves; at 300,000, a quarter faster.
WORKER_MIN_BYTES = 8 << 20
WORKER_MIN_BYTES_ENV = "RELANCE_TEST_IMPORT_WORKER_MIN_BYTES"  # the tests' way to use it on small files

PIPE_BYTES = 1 << 20  # the pipe holds a batch or two: the worker reads on while this one writes
_LENGTH = 8  # bytes of the length before each message on the pipe
_UNKNOWN = object()
_PRESENT = partial(is_not, None)
# Columns converted in C when every cell is written the usual way (else cell by cell).
_WHOLE_COLUMN: dict[Callable[[str], object], Callable[[Sequence[str]], list[Any] | None]] = {
    v.parse_cents: v.cents_of, v.parse_int: v.ints_of, v.parse_mileage: v.mileages_of}


@dataclass(frozen=True, slots=True)
class FilePlan:
    """What reading needs of an import's plan: the file's headings and, by position, the field
    each feeds (``store.imports.Plan`` without the parsers, which a pipe cannot carry), and the
    import's day (no event after it)."""

    kind: str
    header: tuple[str, ...]
    fields: tuple[tuple[int, str], ...]
    today: date

    def columns(self) -> list[tuple[int, Column]]:
        kind = KINDS[self.kind]
        return [(index, kind.column(name)) for index, name in self.fields]


class PackedRows(Sequence[list[str]]):
    """A batch's rows as read, packed for the pipe: their fields as one string with the lengths.
    Thirty thousand small strings cost as much to carry as the values parsed from them, for rows
    only a reject reads; they are unpacked, all at once, when one is first asked for."""

    __slots__ = ("_lengths", "_rows", "_text", "_widths")

    def __init__(self, text: str, lengths: array[int], widths: array[int]) -> None:
        self._text, self._lengths, self._widths = text, lengths, widths
        self._rows: list[list[str]] | None = None

    @classmethod
    def pack(cls, rows: list[list[str]]) -> PackedRows:
        fields = list(chain.from_iterable(rows))
        return cls("".join(fields), array("L", map(len, fields)), array("L", map(len, rows)))

    def __reduce__(self) -> tuple[type[PackedRows], tuple[str, array[int], array[int]]]:
        return PackedRows, (self._text, self._lengths, self._widths)

    def _unpacked(self) -> list[list[str]]:
        if self._rows is None:
            text, ends = self._text, list(accumulate(self._lengths))
            fields = iter(map(text.__getitem__, map(slice, [0, *ends], ends)))
            self._rows = [list(islice(fields, width)) for width in self._widths]
        return self._rows

    def __len__(self) -> int:
        return len(self._widths)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[list[str]]: ...

    def __getitem__(self, index: int | slice) -> list[str] | Sequence[list[str]]:
        return self._unpacked()[index]


@dataclass(slots=True)
class ParsedBatch:
    """A batch of records: the line each starts on, its fields as read (for the reject file),
    the values by field (None for an empty cell) and, by position, why a row cannot be read ("").
    ``records``: records read from the start of the file, skipped ones included; ``bytes_read``:
    how far into the file. A batch skipped on a resumed run has no lines."""

    lines: list[int]
    rows: Sequence[list[str]]
    converted: dict[str, list[Any]]
    problems: list[str]
    records: int
    bytes_read: int
    sparse: frozenset[str] = frozenset()  # the fields with an empty cell (None) in this batch


def convert_column(cells: Sequence[str], parse: Callable[[str], object], known: dict[str, Any]
                   ) -> tuple[list[Any], bool]:
    """A column's cells parsed (None for an empty one), and whether one is. Text is only
    stripped; any other cell is parsed once and remembered in ``known`` from batch to batch
    (dates, clients, VINs repeat), the column mapped in C."""
    whole = _WHOLE_COLUMN.get(parse)
    if whole is not None and (values := whole(cells)) is not None:
        return values, False
    if parse is str.strip:
        texts = list(map(str.strip, cells))
        return ([text or None for text in texts], True) if "" in texts else (texts, False)
    values = list(map(known.get, cells, repeat(_UNKNOWN)))
    if _UNKNOWN in values:
        new = set(compress(cells, map(is_, values, repeat(_UNKNOWN))))
        if len(known) + len(new) > CELL_CACHE:
            known.clear()  # bounded memory whatever the file
        for cell in new:
            known[cell] = parse(cell) if cell and not cell.isspace() else None
        values = list(map(known.__getitem__, cells))
    return values, None in values  # the few values known: no new objects to read


class BatchParser:
    """Converts batches of one file column by column: each column by its parser in one pass (a
    cell that fails sends that column through the slow path that names it)."""

    def __init__(self, plan: FilePlan, dialect: CsvDialect) -> None:
        self.header = plan.header
        self.dialect = dialect
        self.width = len(plan.header)
        self.parsers = [(index, column.name, column.parse) for index, column in plan.columns()]
        self.today = plan.today
        self.limits = [(index, column.name, column.limit, column.limit.bounds(plan.today))
                       for index, column in plan.columns() if column.limit is not None]
        self.known: list[dict[str, Any]] = [{} for _ in plan.header]  # cells parsed, by column

    def fit(self, fields: list[str]) -> list[str] | str:
        """A short record padded with empty cells; a long one refused (its reason) unless the
        extra cells are empty (a trailing separator)."""
        width = len(fields)
        if width > self.width and any(f.strip() for f in fields[self.width:]):
            return (f"{width} champs au lieu de {self.width} "
                    f"(séparateur « {self.dialect.delimiter_name} » ou guillemets ?)")
        return fields[: self.width] + [""] * (self.width - width)

    def parse(self, lines: list[int], rows: list[list[str]], errors: dict[int, str], records: int,
              bytes_read: int) -> ParsedBatch:
        problems = [""] * len(rows)
        for position, message in errors.items():
            problems[position] = message
        width = self.width
        cells = rows
        if set(map(len, rows)) != {width}:
            cells = list(rows)
            blank = [""] * width
            for position in [p for p, fields in enumerate(rows) if len(fields) != width]:
                fitted = blank if position in errors else self.fit(rows[position])
                if isinstance(fitted, str):
                    problems[position] = fitted
                    fitted = blank
                cells[position] = fitted
        columns = list(zip(*cells, strict=True))
        converted: dict[str, list[Any]] = {}
        sparse: set[str] = set()  # a scan for None would read every cell again, from memory
        for index, name, parse in self.parsers:
            raw = columns[index] if columns else ()
            try:
                converted[name], empty = convert_column(raw, parse, self.known[index])
            except ValueProblem:
                converted[name], empty = self._convert_slowly(raw, index, parse, problems), True
            if empty:
                sparse.add(name)
        for index, name, limit, (low, high) in self.limits:
            values = converted[name]
            present = list(filter(_PRESENT, values)) if name in sparse else values
            if present and ((low is not None and min(present) < low)
                            or (high is not None and max(present) > high)):
                self._refuse_beyond(values, columns[index], index, limit, (low, high), problems)
        return ParsedBatch(lines, rows, converted, problems, records, bytes_read, frozenset(sparse))

    def _refuse_beyond(self, values: list[Any], raw: Sequence[str], index: int, limit: Limit,
                       bounds: tuple[Any, Any], problems: list[str]) -> None:
        """The rows whose value is beyond the column's limit get the column and the reason,
        unless an earlier column already rejected them."""
        low, high = bounds
        for position, value in enumerate(values):
            if value is None or problems[position]:
                continue
            if (low is not None and value < low) or (high is not None and value > high):
                problems[position] = (f"colonne « {self.header[index]} » : "
                                      f"{limit.reason(raw[position].strip(), self.today)}")

    def _convert_slowly(self, raw: Sequence[str], index: int, parse: Callable[[str], object],
                        problems: list[str]) -> list[Any]:
        """A column holding a bad cell, cell by cell: the row gets the column and the reason,
        unless an earlier column already rejected it."""
        out: list[Any] = []
        for position, cell in enumerate(raw):
            value = None
            if cell and not cell.isspace():
                try:
                    value = parse(cell)
                except ValueProblem as problem:
                    if not problems[position]:
                        problems[position] = f"colonne « {self.header[index]} » : {problem}"
            out.append(value)
        return out


def read_batches(path: Path, dialect: CsvDialect, plan: FilePlan, size: int, skip: int
                 ) -> Iterator[ParsedBatch]:
    """The file's records in parsed batches of ``size``, in this process; the first ``skip``
    records (done by a killed run) are read, not parsed."""
    parser = BatchParser(plan, dialect)
    with CsvReader(path, dialect) as reader:
        done = 0
        for lines, rows, errors in reader.chunks(max(1, size)):
            start, done = done, done + len(rows)
            if done <= skip:
                yield ParsedBatch([], [], {}, [], done, reader.bytes_read())
                continue
            if start < skip:  # resumed with another --batch-size: the chunk's tail is left to do
                cut = skip - start
                lines, rows = lines[cut:], rows[cut:]
                errors = {p - cut: message for p, message in errors.items() if p >= cut}
            yield parser.parse(lines, rows, errors, done, reader.bytes_read())


def parsed_batches(path: Path, dialect: CsvDialect, plan: FilePlan, size: int, skip: int
                   ) -> Generator[ParsedBatch, None, None]:
    """:func:`read_batches`, from a second process when the file is large and the machine has
    a core for it. Close the iterator when done with it: that stops the second process."""
    least = WORKER_MIN_BYTES
    with suppress(ValueError):
        least = int(os.environ.get(WORKER_MIN_BYTES_ENV) or WORKER_MIN_BYTES)
    if cores() < 2 or not sys.executable or path.stat().st_size < least:
        yield from read_batches(path, dialect, plan, size, skip)
        return
    done = skip
    try:
        worker = _start_worker((path, dialect, plan, size, skip))
    except OSError:
        worker = None
    if worker is not None:
        ended = False
        try:
            for batch in _received(worker):
                done = max(done, batch.records)
                yield batch
            ended = True
            return
        except _Reported as reported:
            ended = True
            raise reported.error from None
        except (EOFError, OSError, pickle.UnpicklingError):
            pass  # it stopped (killed, out of memory): this process reads on from where it was
        finally:
            _stop(worker, ended)
    yield from read_batches(path, dialect, plan, size, done)


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start_worker(request: tuple[Path, CsvDialect, FilePlan, int, int]) -> subprocess.Popen[bytes]:
    root = str(Path(__file__).resolve().parent.parent)  # where the store package is, installed or not
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    worker = subprocess.Popen(
        # not ``-m``: its classes must be pickled as store.import_parsing's, not __main__'s; ``-P``:
        # the folder the user runs it in is not searched first (a store.py there is not ours)
        [sys.executable, "-P", "-c", "from store.import_parsing import main; main()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True,
    )
    assert worker.stdin is not None
    assert worker.stdout is not None
    resize = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux: a larger pipe than the 64 KiB default
    if resize is not None:
        with suppress(OSError):
            fcntl.fcntl(worker.stdout, resize, PIPE_BYTES)
    try:
        pickle.dump(request, worker.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        worker.stdin.close()
    except OSError:
        _stop(worker)
        raise
    return worker


class _Reported(Exception):
    """What stopped the worker reading, as it told it."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(error)
        self.error = error


def _received(worker: subprocess.Popen[bytes]) -> Iterator[ParsedBatch]:
    """The worker's batches until its end mark; an error it met while reading is raised here,
    as reading in this process would have raised it."""
    assert worker.stdout is not None
    source = worker.stdout
    while True:
        size = int.from_bytes(_read(source, _LENGTH), "little")
        data = _read(source, size)
        try:
            message = pickle.loads(data)
        except Exception as exc:  # a class that changed under a running import, an odd error
            raise pickle.UnpicklingError(f"unreadable message ({exc})") from exc
        if message is None:
            return
        if isinstance(message, BaseException):
            raise _Reported(message)
        if not isinstance(message, ParsedBatch):
            raise pickle.UnpicklingError(f"unexpected message {type(message).__name__}")
        yield message


def _read(source: IO[bytes], size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise EOFError("the worker stopped mid-message")
    return data


def _stop(worker: subprocess.Popen[bytes], ended: bool = False) -> None:
    """Let a worker that sent its end mark exit by itself; stop any other at once."""
    if ended:
        with suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=5)
    if worker.poll() is None:
        worker.kill()
    if worker.stdout is not None:
        worker.stdout.close()
    worker.wait()


def _serve(source: BinaryIO, out: BinaryIO) -> None:
    """The worker: one request read from ``source``, its batches written to ``out``, then None
    (or the exception that stopped the reading)."""
    path, dialect, plan, size, skip = pickle.load(source)

    def send(message: object) -> None:
        # whole, then written at once: the pipe takes it while the next batch is read
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(_LENGTH, "little"))
        out.write(data)
        out.flush()

    try:
        for batch in read_batches(path, dialect, plan, size, skip):
            if isinstance(batch.rows, list):
                batch.rows = PackedRows.pack(batch.rows)
            send(batch)
    except Exception as exc:  # handed to the importing process, which raises it
        try:
            send(exc)
        except (pickle.PicklingError, TypeError, AttributeError):
            send(RuntimeError(str(exc)))
    else:
        send(None)


def main() -> None:
    # Ctrl-C in the terminal reaches the whole process group: the importing process decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(200_000, 20, 20)  # rows form no cycles (as in store.imports)
    try:
        _serve(sys.stdin.buffer, sys.stdout.buffer)
    except BrokenPipeError:  # the importing process stopped or was killed
        os._exit(0)
