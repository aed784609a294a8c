"""Reading and writing the CSV files dealerships really have: sniffed encoding and separator,
quoted multi-line fields, streamed row by row whatever the size.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from store.errors import StoreError

DELIMITERS = (";", ",", "\t", "|")
SNIFF_BYTES = 64 * 1024
_DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


def _utf8_else_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a file sniffed as UTF-8 is read as Windows-1252: a large
    export whose first accent comes after the sniffed part is still read, not aborted."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("relance-utf8-else-cp1252", _utf8_else_cp1252)


class CsvFileError(StoreError):
    """The file cannot be read as CSV; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class CsvDialect:
    """How a file is written: its encoding and its separator."""

    encoding: str
    delimiter: str

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def detect_encoding(sample: bytes, complete: bool = True) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the bytes decode as such, else ``cp1252``
    (Excel's "CSV (séparateur : point-virgule)"), else ``latin-1`` which decodes anything.

    ``complete`` is false when ``sample`` is only the start of the file (it may end mid-character).
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(text: str) -> str:
    """The separator that appears most in the header line (outside quotes); ``;`` on a tie."""
    header = _first_record_text(text)
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals: ";"
    return best if counts[best] else ";"


def _first_record_text(text: str) -> str:
    out: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            continue
        if ch in "\r\n" and not quoted:
            break
        if not quoted:
            out.append(ch)
    return "".join(out)


def sniff(path: Path, encoding: str | None = None, delimiter: str | None = None) -> CsvDialect:
    """The file's dialect, detected from its first 64 KiB unless forced."""
    try:
        with path.open("rb") as raw:
            sample = raw.read(SNIFF_BYTES)
    except OSError as exc:
        raise CsvFileError(f"{path} : lecture impossible ({exc.strerror}).") from exc
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CsvFileError(f"--encoding : « {encoding} » n'est pas un encodage connu.") from None
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8") and sample.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"  # forcing UTF-8 must not turn the BOM into data
    else:
        encoding = detect_encoding(sample, complete=len(sample) < SNIFF_BYTES)
    if delimiter:
        delimiter = {"tab": "\t", "\\t": "\t", "tabulation": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise CsvFileError(f"--delimiter : « {delimiter} » doit être un seul caractère (ou tab).")
    else:
        delimiter = detect_delimiter(sample.decode(encoding, errors="replace"))
    return CsvDialect(encoding=encoding, delimiter=delimiter)


@dataclass(slots=True)
class CsvRecord:
    """One record: the line it starts on (1 = header) and its fields as read."""

    line: int
    fields: list[str]
    error: str = ""


def _decode_errors(encoding: str) -> str:
    """A bad byte never aborts a file: UTF-8 falls back to cp1252, other encodings replace it."""
    return "relance-utf8-else-cp1252" if encoding.replace("_", "-").lower().startswith("utf-8") \
        else "replace"


def _record_starts(records: list[list[str]], end: int, line_num: int | None) -> tuple[list[int], int]:
    """The line each of ``records`` starts on, read after line ``end``, and the last line they
    take. ``line_num``: the reader's count after them (None when it also counts a bad record)."""
    if line_num is not None and line_num - end == len(records):  # one line each, the usual file
        return list(range(end + 1, line_num + 1)), line_num
    starts: list[int] = []
    line = end + 1
    for fields in records:  # a quoted field holds line breaks: the record takes more lines
        starts.append(line)
        line += 1 + sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in fields)
    return starts, line - 1 if line_num is None else line_num


class CsvReader:
    """A streamed reader: the header, then records with the line each starts on."""

    def __init__(self, path: Path, dialect: CsvDialect) -> None:
        self.path = path
        self.dialect = dialect
        try:
            self._file: TextIO = path.open("r", encoding=dialect.encoding, newline="",
                                           errors=_decode_errors(dialect.encoding))
        except OSError as exc:
            raise CsvFileError(f"{path} : lecture impossible ({exc.strerror}).") from exc
        # strict: a quote left open at the end (a truncated file) is an error, not a half-read row
        self._reader = csv.reader(self._file, delimiter=dialect.delimiter, strict=True)
        self.header = self._read_header()

    def _read_header(self) -> list[str]:
        try:
            header = next(self._reader)
        except StopIteration:
            raise CsvFileError(f"{self.path} : fichier vide, aucune ligne d'en-tête.") from None
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc, 1) from exc
        except UnicodeError as exc:  # "UTF-16 stream does not start with BOM"...
            raise CsvFileError(f"{self.path} : illisible en {self.dialect.encoding} ({exc}) ; "
                               f"précisez un autre --encoding (cp1252, latin-1, utf-8).") from exc
        except csv.Error as exc:
            raise CsvFileError(f"{self.path}, ligne 1 : en-tête illisible ({exc}).") from exc
        return [name.strip() for name in header]

    def _decode_error(self, exc: UnicodeDecodeError, line: int) -> CsvFileError:
        return CsvFileError(
            f"{self.path}, ligne {line} : octets illisibles en {self.dialect.encoding} "
            f"({exc.reason}) ; précisez --encoding (cp1252, latin-1, utf-8)."
        )

    def records(self) -> Iterator[CsvRecord]:
        """Records after the header; blank lines are skipped. A record the CSV reader cannot
        parse (an overlong field after a stray quote...) comes with its ``error``; reading goes on."""
        reader = self._reader
        previous_end = reader.line_num
        while True:
            try:
                for fields in reader:
                    start = previous_end + 1
                    previous_end = reader.line_num
                    if len(fields) > 1 or (fields and fields[0].strip()):
                        yield CsvRecord(start, fields)
                return
            except csv.Error as exc:
                start, previous_end = previous_end + 1, reader.line_num
                yield CsvRecord(start, [], f"CSV illisible ({exc})")

    def chunks(self, size: int) -> Iterator[tuple[list[int], list[list[str]], dict[int, str]]]:
        """The records of :meth:`records` in lists of ``size``, without an object per record:
        (the line each starts on, their fields, {position in the chunk: error}). A record the
        CSV reader cannot parse has no fields and its error."""
        reader = self._reader
        end = reader.line_num  # the last line read
        lines: list[int] = []
        rows: list[list[str]] = []
        errors: dict[int, str] = {}
        while True:
            wanted = size - len(rows)
            got: list[list[str]] = []
            failure = ""
            try:
                got.extend(islice(reader, wanted))  # the hot loop of a million-row file, in C
            except csv.Error as exc:  # the records read before it are kept
                failure = f"CSV illisible ({exc})"
            read = len(got)
            starts, end = _record_starts(got, end, None if failure else reader.line_num)
            if got and min(map(len, got)) < 2:  # blank lines (or a one-column file)
                kept = [i for i, fields in enumerate(got)
                        if len(fields) > 1 or (fields and fields[0].strip())]
                got, starts = [got[i] for i in kept], [starts[i] for i in kept]
            rows += got
            lines += starts
            if failure:
                errors[len(rows)] = failure
                lines.append(end + 1)
                rows.append([])
                end = reader.line_num
            elif read < wanted:  # the end of the file
                break
            if len(rows) >= size:
                yield lines, rows, errors
                lines, rows, errors = [], [], {}
        if rows:
            yield lines, rows, errors

    def bytes_read(self) -> int:
        """How far into the file the reader is, in bytes (for a progress bar)."""
        try:
            return self._file.buffer.tell()
        except (OSError, ValueError, AttributeError):
            return 0

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> CsvReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?[\d \u00a0\u202f]*[\d][\d \u00a0\u202f]*([.,]\d+)?$")


def spreadsheet_text(text: str) -> str:
    """A cell Excel shows as text, never runs: a name or note typed as ``=HYPERLINK(...)``
    (a web form, an import) gets a leading apostrophe; numbers such as ``-12,50`` stay numbers."""
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def excel_writer(out: TextIO) -> Any:
    """A CSV writer French Excel opens as is: ``;`` separated, CRLF lines (the caller writes
    UTF-8 with a BOM)."""
    return csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def open_excel_csv(path: Path | None) -> TextIO:
    """A text stream for an Excel CSV: ``path`` in UTF-8 with BOM, or stdout's bytes."""
    import sys

    if path is None:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="",
                                  write_through=True)
        return stream
    return path.open("w", encoding="utf-8-sig", newline="")
