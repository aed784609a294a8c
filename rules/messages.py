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
from collections.abc import Mapping
from datetime import date
from typing import Literal

from rules.dates import distance_words, french_date
from rules.vehicles import vehicle_age_years
from store.facts import ANCHORS, Fact, Value

Lang = Literal["fr", "en"]
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
    names = set(_COMPUTED)
    for name in ANCHORS[anchor].fields:
        names.add(name[:-3] + "_date" if name.endswith("_on") else name)
    return frozenset(names)


def fields_used(template: str) -> list[str]:
    """The field names a template refers to (``ValueError`` when it is malformed)."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def _shown(name: str, value: Value, lang: Lang) -> tuple[str, str]:
    if value is None:
        return (name[:-3] + "_date" if name.endswith("_on") else name), ""
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


def message_values(fact: Fact, occurrence: date, client_name: str, lang: Lang) -> dict[str, str]:
    """Every field a template may use, formatted for ``lang``."""
    values: Mapping[str, Value] = fact.values
    shown = dict(_shown(name, value, lang) for name, value in values.items())
    vehicle = " ".join(str(values[k]) for k in ("make", "model") if values.get(k))
    shown.update(
        vehicle=vehicle or str(values.get("vehicle_offered") or ""),
        mode=_MODES.get(str(values.get("mode")), {}).get(lang, str(values.get("mode") or "")),
        source=_SOURCES.get(str(values.get("source")), {}).get(
            lang, str(values.get("source") or "")
        ),
        anchor_date=french_date(fact.anchor_on),
        occurrence_date=french_date(occurrence),
        distance=distance_words(occurrence, fact.anchor_on, lang),
        client=client_name,
    )
    age = vehicle_age_years(values, occurrence)
    shown["age_years"] = "" if age is None else str(age)
    return shown


def render(template: str, values: Mapping[str, str]) -> str:
    """The template filled in, runs of blanks left by missing values collapsed."""
    return _BLANKS.sub(" ", template.format_map(values)).strip()
