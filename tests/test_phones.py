"""One way to show a phone: every form a French dealership meets, and what each surface shows."""

from __future__ import annotations

import pytest

from store.exports import csv_cell
from store.normalize import display_phone

MOBILE = "06 12 34 56 78"

SHOWN = [
    # French numbers, however typed or stored: the national form in pairs.
    ("+33612345678", MOBILE),
    ("0612345678", MOBILE),
    ("06 12 34 56 78", MOBILE),
    ("06.12.34.56.78", MOBILE),
    ("06-12-34-56-78", MOBILE),
    ("06/12/34/56/78", MOBILE),
    ("+33 6 12 34 56 78", MOBILE),
    ("+33-6-12-34-56-78", MOBILE),
    ("+33 (0)6 12 34 56 78", MOBILE),
    ("(06) 12 34 56 78", MOBILE),
    ("0033 6 12 34 56 78", MOBILE),
    ("0033612345678", MOBILE),
    ("33612345678", MOBILE),
    (" 06 12 34 56 78 ", MOBILE),
    ("06\u00a012\u00a034\u00a056\u00a078", MOBILE),
    ("612345678", MOBILE),  # a spreadsheet ate the leading zero
    ("01 47 00 00 00", "01 47 00 00 00"),
    ("0800 12 34 56", "08 00 12 34 56"),  # free numbers in pairs too, not phonenumbers' "0 800"
    # Other countries: international, with their + prefix.
    ("+442079460958", "+44 20 7946 0958"),
    ("0044 20 7946 0958", "+44 20 7946 0958"),
    ("+32470123456", "+32 470 12 34 56"),
    ("+262 692 12 34 56", "+262 692 12 34 56"),
    # Anything else as typed (trimmed): nothing is cut off or lost.
    ("06 12 34 56 78 poste 12", "06 12 34 56 78 poste 12"),
    ("Tél. 06 12 34 56 78", "Tél. 06 12 34 56 78"),
    ("06 12 34 56 78 / 06 98 76 54 32", "06 12 34 56 78 / 06 98 76 54 32"),
    ("06 12 34", "06 12 34"),
    ("+33 0 00 00 00 00", "+33 0 00 00 00 00"),
    ("12", "12"),
    ("n/a", "n/a"),
    (" inconnu ", "inconnu"),
    ("", ""),
]


@pytest.mark.parametrize(("typed", "shown"), SHOWN)
def test_a_phone_is_shown_in_one_form(typed: str, shown: str) -> None:
    assert display_phone(typed) == shown


@pytest.mark.parametrize(("typed", "shown"), SHOWN)
def test_the_csv_export_shows_the_same_phone(typed: str, shown: str) -> None:
    assert csv_cell(typed, "phone").lstrip("'") == shown


@pytest.mark.parametrize(
    ("typed", "cell"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1 415 555 2671", "'+1 415-555-2671"),
     ("+33612345678", MOBILE)],
)
def test_a_phone_cell_never_runs_in_excel(typed: str, cell: str) -> None:
    assert csv_cell(typed, "phone") == cell
