"""French first, English on request: ``_("Quitter")`` gives "Quit" when the language is English.

The language is chosen once, before the app's modules are imported (``tui.cli`` imports the app
lazily), so class-level texts such as binding descriptions are translated too.
"""

from __future__ import annotations

import os

_language = "fr"

EN: dict[str, str] = {
    "Quitter": "Quit",
    "Relances du jour non calculées : {detail}": "Today's reminders were not raised: {detail}",
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
    # client edit, conflicts, questions
    "Modifier": "Edit",
    "Modifier la fiche : ": "Edit client: ",
    "Enregistrer": "Save",
    "Annuler": "Cancel",
    "Oui": "Yes",
    "Non": "No",
    "o : oui    n : non": "o: yes    n: no",
    "Civilité": "Title",
    "Nom": "Last name",
    "Prénom": "First name",
    "Société": "Company",
    "Année de naissance": "Birth year",
    "Date de naissance": "Birth date",
    "Situation": "Situation",
    "Profession": "Occupation",
    "Centres d'intérêt": "Interests",
    "Téléphone 2": "Phone 2",
    "Adresse": "Address",
    "Code postal": "Postcode",
    "Ville": "City",
    "Origine": "Origin",
    "Suivi par": "Assigned to",
    "(personne)": "(nobody)",
    "utilisateur n° {id}": "user no. {id}",
    "téléphone": "phone",
    "e-mail": "email",
    "courrier": "post",
    "Consentement {channel}": "Consent {channel}",
    "Consentement {channel} : date": "Consent {channel}: date",
    "Consentement {channel} : source": "Consent {channel}: source",
    "Consentements : état, date (jj/mm/aaaa), source": "Consent: state, date (dd/mm/yyyy), source",
    "jj/mm/aaaa": "dd/mm/yyyy",
    "aaaa": "yyyy",
    "source": "source",
    "Lead site marque": "Brand site lead",
    "Showroom": "Showroom",
    "Jeu concours": "Contest",
    "Recommandation": "Referral",
    "Après-vente": "After-sales",
    "Import": "Import",
    "Aucune modification à enregistrer.": "Nothing to save.",
    "Fiche enregistrée.": "Client saved.",
    "Fiche conservée telle qu'enregistrée par l'autre session.": "Client kept as the other session saved it.",
    "Cette fiche n'existe plus.": "This client no longer exists.",
    "Erreur inattendue : {error}": "Unexpected error: {error}",
    "Abandonner les modifications non enregistrées ?": "Discard the unsaved changes?",
    "Rien n'a été enregistré : la fiche a changé entre-temps. ctrl+s pour choisir à nouveau.":
        "Nothing was saved: the client changed meanwhile. ctrl+s to choose again.",
    "Cette fiche a été enregistrée par une autre session pendant votre saisie. "
    "Choisissez pour chaque champ :":
        "Another session saved this client while you were typing. Choose for each field:",
    "votre saisie": "your entry",
    "enregistré par {user} à {time}": "saved by {user} at {time}",
    "{time} le {day}": "{time} on {day}",
    "(vide)": "(empty)",
    "Tout garder (mes saisies)": "Keep all mine",
    "Tout reprendre (enregistré)": "Take all theirs",
    "Retour à la saisie": "Back to the form",
    # refusals of client fields (rules.client_fields), filled in after translation
    "« {value} » n'est pas un numéro de téléphone": "“{value}” is not a phone number",
    "« {value} » n'est pas un numéro de téléphone valide": "“{value}” is not a valid phone number",
    "« {value} » n'est pas une adresse e-mail (nom@domaine.fr)":
        "“{value}” is not an email address (name@domain.com)",
    "« {value} » : un code postal a 5 chiffres": "“{value}”: a postcode has 5 digits",
    "« {value} » n'est pas un code postal français": "“{value}” is not a French postcode",
    "« {value} » : date attendue au format jj/mm/aaaa": "“{value}”: date expected as dd/mm/yyyy",
    "« {value} » n'est pas un jour du calendrier": "“{value}” is not a calendar day",
    "« {value} » est dans le futur": "“{value}” is in the future",
    "« {value} » est trop ancienne": "“{value}” is too far back",
    "« {value} » : une année sur 4 chiffres": "“{value}”: a 4-digit year",
    "{value} n'est pas plausible (entre {low} et {high})":
        "{value} is not plausible (between {low} and {high})",
    "« {value} » n'est pas un choix possible": "“{value}” is not one of the choices",
    "un nom ou une société est obligatoire": "a name or a company is required",
    "{year} ne correspond pas à la date de naissance {day}": "{year} does not match the birth date {day}",
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
