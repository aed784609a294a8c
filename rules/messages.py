"""The words of a reminder: a rule's French and English template filled from its fact.

Dates show as dd/mm/yyyy; a value ``xxx_on`` is offered to templates as ``{xxx_date}``.
Besides the fact's own values every template may use ``{vehicle}`` (make and model),
``{mode}`` (LOA, LLD, crédit...), ``{source}``, ``{client}``, ``{age_years}``,
``{anchor_date}``, ``{occurrence_date}`` and ``{distance}``
(« dans 2 mois », « il y a 12 mois »: from the occurrence to the anchor).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Literal

from rules.dates import distance_words, french_date
from rules.vehicles import vehicle_age_years
from store.facts import ANCHORS, Fact, Value

Lang = Literal["fr", "en"]
# Written here again, not taken from store.raising.tidy_words: this is the plain reference the
# engine's SQL is tested against (rules.occurrences), and a fault shared by both would pass.
_BLANKS = re.compile(r"[ \t\n]{2,}")  # not \s: the thin spaces of "36 500,00 €" stay

_MODES: dict[str, dict[Lang, str]] = {
    "cash": {"fr": "Comptant", "en": "Cash"},
    "loan": {"fr": "Crédit", "en": "Loan"},
    "loa": {"fr": "LOA", "en": "Lease (LOA)"},
    "lld": {"fr": "LLD", "en": "Long-term rental (LLD)"},
}
_SOURCES: dict[str, dict[Lang, str]] = {
    "brand_site": {"fr": "site de la marque", "en": "brand website"},
    "contest": {"fr": "jeu concours", "en": "contest"},
    "phone": {"fr": "téléphone", "en": "phone"},
    "walk_in": {"fr": "visite", "en": "walk-in"},
    "partner": {"fr": "partenaire", "en": "partner"},
}
# the fields shown through a label, for the store's own wording of reminders
LABELS: dict[str, dict[str, dict[Lang, str]]] = {"mode": _MODES, "source": _SOURCES}
_COMPUTED = (
    "vehicle",
    "mode",
    "source",
    "anchor_date",
    "occurrence_date",
    "distance",
    "client",
    "age_years",
)


def template_fields(anchor: str) -> frozenset[str]:
    """The ``{fields}`` a message of a rule counting from ``anchor`` may use."""
    return frozenset({*_COMPUTED, *(_shown_name(name) for name in ANCHORS[anchor].fields)})


def fields_used(template: str) -> list[str]:
    """The field names a template refers to (``ValueError`` when it is malformed)."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def styled_fields(template: str) -> list[str]:
    """The fields written with a conversion or a format (``{plate!r}``, ``{mileage:>8}``):
    reminders are worded by SQLite, which shows a field as it is, never formatted so."""
    return [
        f"{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}"
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None and (spec or conversion)
    ]


def _shown(name: str, value: Value, lang: Lang) -> tuple[str, str]:
    if value is None:
        return _shown_name(name), ""
    if name.endswith("_on"):
        return name[:-3] + "_date", french_date(date.fromisoformat(str(value)[:10]))
    if name == "mileage" and isinstance(value, int):
        return name, f"{value:,} km".replace(",", "\u202f" if lang == "fr" else ",")
    if name.endswith("_cents") and isinstance(value, int):
        euros = f"{value / 100:,.2f}"
        if lang == "fr":
            euros = euros.replace(",", "\u202f").replace(".", ",")
        return name, f"{euros} €"
    return name, str(value)


@cache
def _needed(template: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fields_used(template)))


def _vehicle(fact: Fact, occurrence: date, client_name: str, lang: Lang) -> str:
    values = fact.values
    made = " ".join(str(values[k]) for k in ("make", "model") if values.get(k))
    return made or str(values.get("vehicle_offered") or "")


_COMPUTERS: dict[str, Callable[[Fact, date, str, Lang], str]] = {
    "vehicle": _vehicle,
    "mode": lambda fact, _o, _c, lang: _label(_MODES, fact.values.get("mode"), lang),
    "source": lambda fact, _o, _c, lang: _label(_SOURCES, fact.values.get("source"), lang),
    "anchor_date": lambda fact, _o, _c, _l: french_date(fact.anchor_on),
    "occurrence_date": lambda _f, occurrence, _c, _l: french_date(occurrence),
    "distance": lambda fact, occurrence, _c, lang: distance_words(occurrence, fact.anchor_on, lang),
    "client": lambda _f, _o, client_name, _l: client_name,
    "age_years": lambda fact, occurrence, _c, _l: _age(fact.values, occurrence),
}


def message_values(
    fact: Fact, occurrence: date, client_name: str, lang: Lang, template: str | None = None
) -> dict[str, str]:
    """The fields a template may use (only those ``template`` uses, when given), formatted
    for ``lang``; a field the fact lacks is empty."""
    values: Mapping[str, Value] = fact.values
    needed = _needed(template) if template is not None else tuple(template_fields_of(values))
    shown: dict[str, str] = {}
    for name in needed:
        compute = _COMPUTERS.get(name)
        if compute is not None:
            shown[name] = compute(fact, occurrence, client_name, lang)
            continue
        key = name[:-5] + "_on" if name.endswith("_date") else name
        shown[name] = _shown(key, values.get(key), lang)[1]
    return shown


def template_fields_of(values: Mapping[str, Value]) -> frozenset[str]:
    """Every field name a fact with these values offers."""
    return frozenset({*_COMPUTED, *(_shown_name(name) for name in values)})


def _shown_name(name: str) -> str:
    return name[:-3] + "_date" if name.endswith("_on") else name


def _label(labels: dict[str, dict[Lang, str]], value: Value, lang: Lang) -> str:
    return labels.get(str(value), {}).get(lang, "" if value is None else str(value))


def _age(values: Mapping[str, Value], occurrence: date) -> str:
    age = vehicle_age_years(values, occurrence)
    return "" if age is None else str(age)


def render(template: str, values: Mapping[str, str]) -> str:
    """The template filled in, runs of blanks left by missing values collapsed."""
    return _BLANKS.sub(" ", template.format_map(values)).strip()
