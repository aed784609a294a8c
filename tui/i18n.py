"""French first, English on request: ``_("Quitter")`` gives "Quit" when the language is English.

The language is chosen once, before the app's modules are imported (``tui.cli`` imports the app
lazily), so class-level texts such as binding descriptions are translated too.
"""

from __future__ import annotations

import os

from rules.said import Said

_language = "fr"

EN: dict[str, str] = {
    "Quitter": "Quit",
    "Relances du jour non calculées : {detail}": "Today's reminders were not raised: {detail}",
    "Fiche client": "Client card",
    "Actualiser": "Refresh",
    "Retour": "Back",
    "Aide": "Help",
    "Importer": "Import",
    "Simuler": "Dry run",
    "Rapports": "Reports",
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
    # the log dialog
    "Noter l'appel": "Log call",
    "Noter l'appel — ": "Log the call — ",
    "(sans rappel)": "(no reminder)",
    "Canal": "Channel",
    "(c pour changer)": "(c to change)",
    "Visite": "Visit",
    "Note": "Note",
    "facultative": "optional",
    "Rappeler le": "Call again",
    "demain, jeudi 14h, dans 3 jours, 15/03…": "tomorrow, thursday 2pm, in 3 days, 15/03…",
    "aucune date": "no date",
    "choisissez un résultat : une lettre ou un chiffre": "choose an outcome: a letter or a digit",
    "Choisissez d'abord le résultat : j, n, m, f, r, p ou v (ou 1 à 7).":
        "Choose the outcome first: j, n, m, f, r, p or v (or 1 to 7).",
    "Ce rappel vient d'être modifié par une autre session : rien n'est enregistré. "
    "Échap puis recommencez.":
        "Another session has just changed this reminder: nothing saved. Esc and start again.",
    "Appel noté.": "Call logged.",
    "SMS noté.": "Text logged.",
    "E-mail noté.": "Email logged.",
    "Visite notée.": "Visit logged.",
    "Courrier noté.": "Letter logged.",
    "le SMS à {name}": "the text to {name}",
    "l'e-mail à {name}": "the email to {name}",
    "la visite de {name}": "the visit to {name}",
    "le courrier à {name}": "the letter to {name}",
    "Champ suivant": "Next field",
    "Champ précédent": "Previous field",
    "Aucun rappel sélectionné.": "No reminder selected.",
    "Consultation seulement : votre identifiant n'est pas un utilisateur de Relance. "
    "Demandez à un responsable de vous ajouter (relance users add).":
        "Read-only: your login is not a Relance user. Ask a manager to add you (relance users add).",
    # the assistant
    "Assistant": "Assistant",
    "Fermer l'assistant": "Close the assistant",
    "**Assistant** (`:`, `escape` ferme) :": "**Assistant** (`:`, `escape` closes), in French:",
    "« pas de réponse, rappeler jeudi », « aide »…": "« pas de réponse, rappeler jeudi », « aide »…",
    "Je n'ai rien fait.": "I did nothing.",
    "Suivant : {name} — {reason}.": "Next: {name} — {reason}.",
    "Suivant : {name}.": "Next: {name}.",
    "C'était le dernier rappel de la liste.": "That was the last reminder of the list.",
    "Note ajoutée à la fiche de {name} : « {note} ».": "Note added to {name}'s card: “{note}”.",
    "Annulé : {what}.": "Undone: {what}.",
    "Rien à annuler.": "Nothing to undo.",
    "Impossible d'annuler {what} : une autre session l'a modifié depuis.":
        "Cannot undo {what}: another session has changed it since.",
    "Je cherche « {query} »…": "Searching “{query}”…",
    "Compris : {name}, {what}. {done}": "Understood: {name}, {what}. {done}",
    "la note sur {name}": "the note on {name}",
    "l'appel à {name}": "the call to {name}",
    "le rappel de {name}": "the reminder of {name}",
    "Ce rappel vient d'être modifié par une autre session : rien n'est enregistré.":
        "Another session has just changed this reminder: nothing saved.",
    "Appel retenu par la loi ({reason}) : rien n'est enregistré. Notez une visite, un "
    "e-mail ou un courrier (c pour changer de canal).":
        "Call held back by law ({reason}): nothing saved. Log a visit, an e-mail or a letter "
        "(c to change the channel).",
    "Rappel de {name} reporté au {when}.": "{name}'s reminder put off to {when}.",
    "Rappel de {name} écarté : {reason}.": "{name}'s reminder dismissed: {reason}.",
    "Rappel de {name} confié à {user}.": "{name}'s reminder given to {user}.",
    "Aucun utilisateur « {login} ». Les utilisateurs : {known}.":
        "No user “{login}”. The users: {known}.",
    "À qui confier ce rappel ? Son identifiant, par exemple « confier à s.moreau ».":
        "Whom to give this reminder to? Their login, for example “confier à s.moreau”.",
    "confier le rappel à un collègue": "give the reminder to a colleague",
    # the assistant's readings (rules/assistant.py): the commands quoted stay French, as typed
    "Tapez une commande, ou « aide » pour la liste.": "Type a command, or “aide” for the list.",
    "Quelle note ? Par exemple « note veut un essai de la 3008 ».":
        "What note? For example “note veut un essai de la 3008”.",
    "Pourquoi écarter ce rappel ? Par exemple « écarter a déjà acheté ailleurs ».":
        "Why dismiss this reminder? For example “écarter a déjà acheté ailleurs”.",
    "Que faut-il chercher ? Un nom, un téléphone ou une plaque : « cherche dupont ».":
        "What should I look for? A name, a phone or a plate: “cherche dupont”.",
    "Quel résultat pour cet appel ? {results}. Par exemple « pas de réponse, rappeler jeudi ».":
        "What came of this call? {results}. For example “pas de réponse, rappeler jeudi”.",
    "Quand est le rendez-vous ? Par exemple « rdv lundi 10h atelier ».":
        "When is the appointment? For example “rdv lundi 10h atelier”.",
    "Pour reporter ce rappel, tapez « {suggestion} ». Pour noter un appel : « pas de réponse, "
    "rappeler {when} ». Tapez « aide » pour la liste.":
        "To put this reminder off, type “{suggestion}”. To log a call: “pas de réponse, rappeler "
        "{when}”. Type “aide” for the list.",
    "Je n'ai pas compris « {typed} ». Vouliez-vous dire « {suggestion} » ? Tapez « aide » pour la "
    "liste des commandes.":
        "I did not understand “{typed}”. Did you mean “{suggestion}”? Type “aide” for the list of commands.",
    "Je n'ai pas compris « {typed} ». Tapez « aide » pour la liste des commandes.":
        "I did not understand “{typed}”. Type “aide” for the list of commands.",
    # dates that cannot be used (rules/phrases.py), in the log form and the assistant
    "Quelle date ? Par exemple « demain », « jeudi 14h », « 15/03 ».":
        "What date? For example “demain”, “jeudi 14h”, “15/03”.",
    "Je ne reconnais pas la date « {typed} ». Essayez « demain », « lundi 10h », « dans 3 jours » ou "
    "« 15/03 ».":
        "I do not know the date “{typed}”. Try “demain”, “lundi 10h”, “dans 3 jours” or “15/03”.",
    "Je ne comprends pas « {rest} » après la date. Essayez « jeudi 14h » ou « 15/03 ».":
        "I do not understand “{rest}” after the date. Try “jeudi 14h” or “15/03”.",
    "« {number} » est ambigu : un jour ou une heure ? Écrivez « le {number} », « {number}/03 » "
    "(jour/mois) ou « {number}h ».":
        "“{number}” is ambiguous: a day or an hour? Write “le {number}”, “{number}/03” (day/month) "
        "or “{number}h”.",
    "Le {day} est passé : donnez une date à venir.": "{day} is past: give a date to come.",
    "Aujourd'hui {hour} est déjà passé : donnez une heure à venir.":
        "{hour} today is already past: give a time to come.",
    "{hour} est déjà passé aujourd'hui : vouliez-vous dire « demain {hour} » ?":
        "{hour} is already past today: did you mean “demain {hour}”?",
    "Le {day} est un {weekday}, pas un {named}.": "{day} is a {weekday_en}, not a {named_en}.",
    "C'est trop loin : au plus quelques années.": "That is too far: a few years at most.",
    "Il n'y a pas de jour {number} dans un mois.": "No month has a day {number}.",
    "Je ne comprends pas l'année de « {date} ».": "I do not understand the year of “{date}”.",
    "Le {date} n'existe pas (jour/mois, comme en France).":
        "{date} does not exist (day/month, as in France).",
    "Le {date} n'existe pas.": "{date} does not exist.",
    "« {hour} » n'est pas une heure.": "“{hour}” is not a time.",
    "« {hour} » n'est pas une heure valide.": "“{hour}” is not a valid time.",
    "« {hour} » n'est pas une heure valide (0h à 23h59).": "“{hour}” is not a valid time (0h to 23h59).",
    # the assistant's help: each line of 78 columns at most
    "L'assistant comprend des commandes courtes et des phrases simples.":
        "The assistant understands short commands and simple phrases, in French.",
    "Accents, majuscules et ponctuation sont facultatifs.": "Accents, capitals and punctuation are optional.",
    "rappel le prochain jour ouvré": "call again on the next working day",
    "sans réponse, rappel jeudi": "no answer, call again on Thursday",
    "message laissé, rappel dans 2 jours": "message left, call again in 2 days",
    "joint : rappel traité": "reached: reminder done",
    "joint, à rappeler le 15 mars": "reached, call again on 15 March",
    "rendez-vous pris, avec le lieu": "appointment booked, with the place",
    "rappel écarté, numéro à corriger": "dismissed, the number to be fixed",
    "rappel écarté": "reminder dismissed",
    "vente : rappel traité": "sale: reminder done",
    "avec une note": "with a note",
    "reporter le rappel (snooze 3 jours)": "put the reminder off (snooze 3 days)",
    "écarter le rappel, avec la raison": "dismiss the reminder, saying why",
    "ajouter une note à la fiche": "add a note to the card",
    "nom, téléphone ou plaque (/dupont)": "name, phone or plate (/dupont)",
    "client suivant": "next client",
    "annuler le dernier enregistrement": "undo the last save",
    "cette aide (« ? » aussi)": "this help (“?” too)",
    "Résultats : joint, pas de réponse (NRP), messagerie (répondeur),":
        "Outcomes: joint, pas de réponse (NRP), messagerie (répondeur),",
    "Dates : demain, après-demain, lundi, jeudi 14h30, lundi prochain,":
        "Dates: demain, après-demain, lundi, jeudi 14h30, lundi prochain,",
    "Une note ne contient ni jugement, ni description physique, ni religion,":
        "A note holds no judgement, physical description, religion, political",
    "opinion politique, orientation sexuelle, origine, santé ou syndicat.":
        "opinion, sexual orientation, origin, health or union membership.",
    # search, new client, merge
    "Rechercher": "Search",
    "nom": "name",
    "son": "sound",
    "immat.": "plate",
    "n° DMS": "DMS no.",
    "Ouvrir la fiche": "Open the card",
    "Suivant": "Next",
    "Précédent": "Previous",
    "Nom, téléphone, e-mail, immat., VIN…": "Name, phone, email, plate, VIN…",
    "Né(e)": "Born",
    "Véhicule": "Vehicle",
    "Trouvé par": "Matched on",
    "Par": "On",
    "tél.": "phone",
    " — en jaune : homonymes": " — in yellow: namesakes",
    "Recherche impossible : {error}": "Search failed: {error}",
    " (homonyme)": " (namesake)",
    "Aucun client trouvé": "No client found",
    "{n} client(s)": "{n} client(s)",
    "Nouveau client": "New client",
    "Nouveau client — on cherche pendant la saisie": "New client — searching as you type",
    "Consultation seulement : pas de création de fiche.": "Read-only: no new client.",
    "Ouvrir ce client": "Open this client",
    "Créer": "Create",
    "Personne de connu pour l'instant.": "Nobody known yet.",
    "Déjà connu ? {n} client(s) ressemblent à cette saisie — tab puis entrée ouvre la fiche, "
    "ctrl+s crée une autre personne.":
        "Already known? {n} client(s) look like this — tab then enter opens the card, "
        "ctrl+s creates another person.",
    "Fiche créée.": "Client created.",
    " En jaune : homonymes entre eux.": " In yellow: namesakes of each other.",
    "Oui, une autre personne": "Yes, another person",
    "Non, revenir": "No, go back",
    "Ces clients sont déjà connus. S'agit-il d'une autre personne (un homonyme) ?":
        "These clients are already known. Is this another person (a namesake)?",
    "o : oui, créer une autre personne (noté comme homonyme)    n : non, revenir aux fiches":
        "o: yes, create another person (recorded as a namesake)    n: no, back to the cards",
    "Saisie": "Typed",
    "Fiche {id}": "Card {id}",
    "n° {id}": "no. {id}",
    "Fusionner": "Merge",
    "Seuls un chef des ventes ou un administrateur peuvent fusionner.":
        "Only a sales manager or an administrator may merge.",
    "C'est la même fiche : choisissez l'autre fiche de cette personne.":
        "That is the same card: choose this person's other card.",
    "Cherchez l'autre fiche de cette personne, puis entrée.": "Find this person's other card, then enter.",
    "N° DMS": "DMS no.",
    "Type": "Kind",
    "Segment ABC": "ABC segment",
    "Garder (gauche)": "Keep (left)",
    "Reprendre (droite)": "Take (right)",
    "Basculer": "Toggle",
    "Fusionner la fiche {id} ": "Merge card {id} ",
    " dans la fiche {id} ": " into card {id} ",
    "Ressemblance {score} % : {reasons}": "Likeness {score}%: {reasons}",
    "  Attention : probablement deux personnes (homonymes).": "  Careful: probably two people (namesakes).",
    "←/→ par ligne : garder la valeur de gauche ou reprendre celle de droite ; ctrl+s fusionne.":
        "←/→ on each line: keep the left value or take the right one; ctrl+s merges.",
    "Champ": "Field",
    "Gardée n° {id}": "Kept no. {id}",
    "Autre n° {id}": "Other no. {id}",
    "aucun": "none",
    "Fusionner la fiche {other} dans la fiche {keep} ? Champs repris : {fields}. "
    "Contacts, véhicules, contrats, rappels et ordres de réparation passent sur la fiche {keep}.":
        "Merge card {other} into card {keep}? Fields taken: {fields}. Contacts, vehicles, contracts, "
        "reminders and repair orders move to card {keep}.",
    "Fiche {other} fusionnée dans la fiche {keep} ({n} éléments déplacés).":
        "Card {other} merged into card {keep} ({n} items moved).",
    "Fusion impossible : {why}": "Merge refused: {why}",
    # Textual's command palette
    "Rechercher une commande…": "Search for commands…",
    "Rechercher un thème…": "Search for themes…",
    "Ouvrir la palette des commandes": "Open the command palette",
    "{channel} : {consent}": "{channel}: {consent}",
    # client card: workshop, reminders, contacts, history
    "Historique": "History",
    "Atelier : derniers ordres de réparation": "Workshop: latest repair orders",
    "aucun passage à l'atelier": "no workshop visit",
    "entretien": "service",
    "réparation": "repair",
    "freinage": "brakes",
    "pneumatiques": "tyres",
    "diagnostic": "diagnosis",
    "carrosserie": "bodywork",
    "garantie": "warranty",
    "rappel constructeur": "manufacturer recall",
    "Relances en cours": "Pending reminders",
    "aucune relance en cours": "no pending reminder",
    "suivie par {who}": "followed by {who}",
    "non attribuée": "not assigned",
    "reportée au {day}": "snoozed until {day}",
    "Retenue : {why}": "Held: {why}",
    "h : tout l'historique": "h: whole history",
    "VN": "new",  # véhicule neuf / d'occasion, on the card's vehicle line
    "VO": "used",
    "Date": "Date",
    "Résultat": "Outcome",
    "Qui": "Who",
    "{shown} contacts sur {total}, le plus récent en premier": "{shown} of {total} contacts, newest first",
    "entrant": "inbound",
    "sortant": "outbound",
    "prochaine action le {day}": "next action on {day}",
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


def translated(words: Said) -> str:
    """What the rules tell the user (a French template and its values), in the interface
    language: the template translated, then filled."""
    return _(words.reason, **words.values)


def language_from_locale() -> str | None:
    """``en`` when the user's locale is English, ``fr`` when French, else nothing."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value.startswith("en"):
            return "en"
        if value.startswith("fr"):
            return "fr"
    return None
