"""The reader hands the import its records in chunks read in C: the same records, on the same
lines, as reading them one by one, whatever the file holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.csvfiles import CsvDialect, CsvReader

DIALECT = CsvDialect(encoding="utf-8", delimiter=";")
PIECES = [
    "A1;x;1\r\n", "A2;y;2\n", "\r\n", "\n", "   \r\n", 'A3;"two\r\nlines";3\r\n', 'A4;"a\nb\nc";4\n',
    'A5;"cr\ronly";5\r\n', 'A6;"b"c;6\r\n', "A7;only two\r\n", 'A8;"";8\r\n', ";;\r\n",
]


def one_by_one(path: Path) -> list[tuple[int, list[str], str]]:
    with CsvReader(path, DIALECT) as reader:
        return [(r.line, r.fields, r.error) for r in reader.records()]


def chunked(path: Path, size: int) -> list[tuple[int, list[str], str]]:
    out: list[tuple[int, list[str], str]] = []
    with CsvReader(path, DIALECT) as reader:
        for lines, rows, errors in reader.chunks(size):
            assert len(lines) == len(rows) <= size
            out += [(line, fields, errors.get(p, "")) for p, (line, fields) in enumerate(zip(lines, rows,
                                                                                          strict=True))]
    return out


@settings(max_examples=150, deadline=None)
@given(body=st.lists(st.sampled_from(PIECES), max_size=30), size=st.integers(1, 8))
def test_chunks_are_the_records_on_their_lines(tmp_path_factory: pytest.TempPathFactory, body: list[str],
                                               size: int) -> None:
    path = tmp_path_factory.mktemp("chunks") / "f.csv"
    path.write_text("Num;Nom;Qte\r\n" + "".join(body), encoding="utf-8", newline="")
    expected = one_by_one(path)
    assert chunked(path, size) == expected
    assert chunked(path, 5000) == expected


def test_a_bad_record_keeps_its_line_between_multiline_ones(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Num;Nom;Qte\r\n" + 'A3;"two\r\nlines";3\r\n\r\nA6;"b"c;6\r\nA1;x;1\r\n',
                    encoding="utf-8", newline="")
    assert [(line, error[:13]) for line, _, error in chunked(path, 2)] == [
        (2, ""), (5, "CSV illisible"), (6, "")]
