"""French first, English on request: ``_("Quitter")`` gives "Quit" when the language is English.

The language is chosen once, before the app's modules are imported (``tui.cli`` imports the app
lazily), so class-level texts such as binding descriptions are translated too.
"""

from __future__ import annotations

import os

_language = "fr"

EN: dict[str, str] = {
    "Quitter": "Quit",
    "Fiche client": "Client card",
    "Actualiser": "Refresh",
    "Retour": "Back",
    "Aide": "Help",
    "Chargement de la file du jour…": "Loading today's queue…",
    "Chargement…": "Loading…",
    "Aucun rappel dû aujourd'hui.": "No callback due today.",
    "{total} rappels dus — {parts}": "{total} callbacks due — {parts}",
    "rang {tier} : {n}": "tier {tier}: {n}",
    "Rg": "T",
    "Client": "Client",
    "Motif": "Reason",
    "Échéance": "Due",
    "Téléphone": "Phone",
    "Consentements": "Consent",
    "Véhicules": "Vehicles",
    "Financement": "Financing",
    "Derniers contacts": "Latest contacts",
    "aucun véhicule": "no vehicle",
    "aucun contrat": "no contract",
    "aucun contact": "no contact",
    "oui": "yes",
    "non": "no",
    "inconnu": "unknown",
    "SMS": "Text",
    "E-mail": "Email",
    "Courrier": "Post",
    "né(e) en {year}": "born {year}",
    "livré le {day}": "delivered {day}",
    "du {start} au {end}": "from {start} to {end}",
    "{n} mois": "{n} months",
    "{amount}/mois": "{amount}/month",
    "Comptant": "Cash",
    "Crédit": "Loan",
    "N° DMS {number}": "DMS no. {number}",
    "les miens": "mine",
    "tous": "all",
    "vente": "sales",
    "après-vente": "after-sales",
    "rang {tier}": "tier {tier}",
    "retenus par la loi": "held by law",
    "Les miens": "Mine",
    "Vente/APV": "Sales/After-sales",
    "Rang": "Tier",
    "Retenus": "Held",
    ", dont {n} en retard": ", {n} overdue",
    " — par rang {parts}": " — by tier {parts}",
    "{total} rappels dus": "{total} callbacks due",
    "Afficher les touches": "Show keys",
    "touche {key}": "key {key}",
    "en cours — {who}": "in progress — {who}",
    "Déjà en cours par {who}.": "Already being handled by {who}.",
    "dû le {day}": "due {day}",
    ", {n} j de retard": ", {n} days late",
    "Retenu : {why}": "Held: {why}",
    "fin le {day}": "ends {day}",
    "À dire : {points}": "Talking points: {points}",
}


def set_language(language: str) -> None:
    """Choose the interface language (``fr`` or ``en``) for what is translated from now on."""
    global _language
    _language = "en" if language == "en" else "fr"


def language() -> str:
    return _language


def _(text: str, **fields: object) -> str:
    """``text`` in the interface language, with ``fields`` filled in."""
    chosen = EN.get(text, text) if _language == "en" else text
    return chosen.format(**fields) if fields else chosen


def language_from_locale() -> str | None:
    """``en`` when the user's locale is English, ``fr`` when French, else nothing."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value.startswith("en"):
            return "en"
        if value.startswith("fr"):
            return "fr"
    return None
