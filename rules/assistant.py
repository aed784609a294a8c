"""The assistant's command line: short commands and plain French phrases read into typed intents.

Deterministic and offline: a phrase is folded (accents, case, punctuation), a leading command
word decides the intent (« cherche », « note », « reporter »...), and otherwise the words of a
call outcome (« pas de réponse », « messagerie », « vendu »...) make it a logged call, with the
date found in it (rules.phrases). What cannot be read comes back as ``Unknown`` with the closest
command; what is understood but cannot be done as typed comes back as ``Refused`` with the reason.
Both say why as a French template and its values apart, so the interface can translate them.
The grammar is documented in docs/assistant.md; ``help_text`` is the in-app help.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from rules.folding import fold_with_map, original_span
from rules.lexicon import Lexicon, check_text, refusal_message
from rules.outcomes import Outcome
from rules.phrases import ParsedWhen, ParseError, parse_when, search_when
from rules.said import Said
from rules.working_days import next_working_day


@dataclass(frozen=True, slots=True)
class LogCall:
    """Log the call just made; ``next`` is when to call again (None: the outcome's default)."""

    outcome: Outcome
    next: ParsedWhen | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Appointment:
    """An appointment was booked: when, and where (« atelier », « showroom », free text)."""

    when: ParsedWhen
    place: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Next:
    """Go to the next client of the queue."""


@dataclass(frozen=True, slots=True)
class Search:
    """Find a client by name, phone, email or plate."""

    query: str


@dataclass(frozen=True, slots=True)
class Note:
    """Add a note to the current client."""

    text: str


@dataclass(frozen=True, slots=True)
class Undo:
    """Undo the last thing saved."""


@dataclass(frozen=True, slots=True)
class Snooze:
    """Put the current reminder off until ``when``."""

    when: ParsedWhen


@dataclass(frozen=True, slots=True)
class Dismiss:
    """Dismiss the current reminder, for a reason."""

    reason: str


@dataclass(frozen=True, slots=True)
class Assign:
    """Give the current reminder to another user, by login (as typed: « s.moreau »)."""

    login: str


@dataclass(frozen=True, slots=True)
class Help:
    """Show the help."""


@dataclass(frozen=True, slots=True)
class Refused(Said):
    """Understood, but not possible as typed (a past date, a forbidden word, a missing date)."""

    reason: str
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, said: Said) -> Refused:
        return cls(said.reason, said.values)


@dataclass(frozen=True, slots=True)
class Unknown(Said):
    """Not understood; ``suggestion`` is the closest command (may be empty)."""

    text: str
    suggestion: str
    reason: str
    values: dict[str, str] = field(default_factory=dict)


Intent = (LogCall | Appointment | Next | Search | Note | Undo | Snooze | Dismiss | Assign | Help | Refused
          | Unknown)

# Words that carry no meaning at the start of a phrase: « je voudrais chercher », « ok suivant ».
_FILLERS = frozenset({
    "je", "j", "veux", "voudrais", "peux", "tu", "stp", "svp", "merci", "ok", "okay", "bon", "alors",
    "please", "il", "faut", "on", "va", "vas", "y", "et", "puis", "maintenant", "now", "go", "au",
})
_VERBS: dict[str, str] = {
    **dict.fromkeys(("aide", "help", "commandes", "commands"), "help"),
    **dict.fromkeys(("suivant", "suivante", "suiv", "next", "passer", "skip"), "next"),
    **dict.fromkeys(("annule", "annuler", "annulation", "undo", "defaire", "oups", "oops"), "undo"),
    **dict.fromkeys(("cherche", "chercher", "recherche", "rechercher", "trouve", "trouver", "find",
                     "search"), "search"),
    **dict.fromkeys(("note", "noter", "nb", "remarque"), "note"),
    **dict.fromkeys(("reporter", "reporte", "report", "snooze", "decaler", "decale", "repousser",
                     "repousse", "postpone", "later"), "snooze"),
    **dict.fromkeys(("ecarter", "ecarte", "dismiss", "abandonner", "abandonne", "ignorer"), "dismiss"),
    **dict.fromkeys(("confier", "confie", "attribuer", "attribue", "assigner", "assigne",
                     "reattribuer", "reattribue", "assign", "reassign", "transferer", "transfere"),
                    "assign"),
}
_TO = re.compile(r"^(?:[\s,;:.!-]|(?:à|a|au|to|vers)\b)+", re.IGNORECASE)
# After « suivant » / « next », only these may follow.
_NEXT_TAILS = frozenset({"client", "dossier", "fiche", "one", "please", "svp", "stp", "merci", "au",
                         "suivant", "rappel"})

_OUTCOME_PHRASES: dict[Outcome, tuple[str, ...]] = {
    Outcome.REACHED: ("joint", "jointe", "reached", "repondu", "decroche", "parle", "eu au telephone",
                      "talked", "spoke", "answered"),
    Outcome.NO_ANSWER: ("pas de reponse", "pas repondu", "ne repond pas", "repond pas", "sans reponse",
                        "aucune reponse", "no answer", "no reply", "nrp", "injoignable", "pas joignable",
                        "pas joint", "pas decroche", "sonne dans le vide", "didn t answer", "unreachable",
                        "occupe", "busy"),
    Outcome.VOICEMAIL: ("messagerie", "repondeur", "boite vocale", "voicemail", "message laisse",
                        "laisse un message", "laisse message", "left a message", "left message"),
    Outcome.WRONG_NUMBER: ("faux numero", "faux num", "mauvais numero", "numero errone", "wrong number",
                           "numero non attribue", "plus attribue", "numero invalide"),
    Outcome.APPOINTMENT: ("rdv", "rendez vous", "rendezvous", "appointment"),
    Outcome.NOT_INTERESTED: ("pas interesse", "pas interessee", "plus interesse", "plus interessee",
                             "not interested", "aucun interet", "pas d interet", "ne veut pas",
                             "veut pas", "refuse"),
    Outcome.SALE: ("vendu", "vendue", "vente", "sale", "sold", "signe", "bon de commande", "bdc",
                   "commande signee"),
}
# When a phrase names several outcomes, the most telling one wins (« joint, rdv jeudi »: appointment).
_PRIORITY = (Outcome.SALE, Outcome.APPOINTMENT, Outcome.NOT_INTERESTED, Outcome.WRONG_NUMBER,
             Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.REACHED)
_PHRASES: list[tuple[tuple[str, ...], Outcome]] = sorted(
    ((tuple(p.split()), o) for o, ps in _OUTCOME_PHRASES.items() for p in ps),
    key=lambda item: -len(item[0]),
)
_CALL_WORDS = frozenset({"appele", "appel", "appelle", "rappele", "called", "call", "tel", "telephone",
                         "rappeler", "rappel"})
_RESULTS = ("joint", "pas de réponse", "messagerie", "faux numéro", "rdv lundi 10h", "pas intéressé",
            "vendu")
_NOTE_WORDS = frozenset({"note", "nb", "remarque"})
_PLACE_LEAD = re.compile(
    r"^(?:[\s,;:.!-]|(?:à|a|au|aux|at|en|the|l'|l’|la|le|pour|pris|prise|fixé|fixe|booked|confirmé)\b)+",
    re.IGNORECASE,
)
_EDGES = " \t,;:.!-–—"

_WORD = re.compile(r"[a-z0-9]+|\?")


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int  # in the original text
    end: int


def parse_command(text: str, now: datetime, lexicon: Lexicon | None = None, lang: str = "fr") -> Intent:
    """Read one line typed to the assistant; with a lexicon, free text is checked for forbidden words
    (the refusal said in ``lang``)."""
    intent = _parse(text, now)
    if lexicon is None:
        return intent
    findings = check_text(" / ".join(free_text(intent)), lexicon)
    return Refused(refusal_message(findings, lang)) if findings else intent


def free_text(intent: Intent) -> list[str]:
    """The free text an intent would save about a person (note, reason, place)."""
    if isinstance(intent, LogCall | Note):
        return [intent.note if isinstance(intent, LogCall) else intent.text]
    if isinstance(intent, Appointment):
        return [intent.place, intent.note]
    if isinstance(intent, Dismiss):
        return [intent.reason]
    return []


def _parse(text: str, now: datetime) -> Intent:
    words = _words(text)
    if not words:
        return Unknown(text.strip(), "aide", "Tapez une commande, ou « aide » pour la liste.")
    if text.strip().startswith("/"):
        return _search(text.strip()[1:].strip())
    head = 0
    while head < len(words) - 1 and words[head].text in _FILLERS:
        head += 1
    verb = _VERBS.get(words[head].text)
    names = {w.text for w in words}
    if any(_VERBS.get(n) == "next" for n in names) and all(
            _VERBS.get(n) == "next" or n in _NEXT_TAILS or n in _FILLERS for n in names):
        return Next()  # « client suivant », « au suivant svp »
    if words[head].text == "?":
        verb = "help"
    rest = text[words[head].end:].strip(_EDGES)
    if verb == "next" and any(w.text not in _NEXT_TAILS for w in words[head + 1:]):
        verb = None  # « next monday » is a date, not the next client
    if verb == "help":
        return Help()
    if verb == "next":
        return Next()
    if verb == "undo":
        return Undo()
    if verb == "search":
        return _search(rest)
    if verb == "note":
        return Note(rest) if rest else Refused("Quelle note ? Par exemple « note veut un essai de la 3008 ».")
    if verb == "snooze":
        return _snooze(rest, now)
    if verb == "assign":
        login = _TO.sub("", rest).strip(_EDGES)
        if not login or len(login.split()) > 1:
            return Refused("À qui confier ce rappel ? Son identifiant, par exemple « confier à s.moreau ».")
        return Assign(login)
    if verb == "dismiss":
        reason = rest.strip(_EDGES)
        return Dismiss(reason) if reason else Refused(
            "Pourquoi écarter ce rappel ? Par exemple « écarter a déjà acheté ailleurs ».")
    return _log_call(text, words, now)


def _words(text: str) -> list[_Word]:
    folded, index = fold_with_map(text)
    words = []
    for m in _WORD.finditer(folded):
        start, end = original_span(index, len(text), m.start(), m.end())
        words.append(_Word(m.group(), start, end))
    return words


def _search(query: str) -> Intent:
    query = query.strip(_EDGES)
    return Search(query) if query else Refused("Que faut-il chercher ? Un nom, un téléphone ou une "
                                               "plaque : « cherche dupont ».")


def _strip_lead(text: str) -> str:
    return _PLACE_LEAD.sub("", text).strip(_EDGES)


def _snooze(rest: str, now: datetime) -> Intent:
    if not _strip_lead(rest):
        return Snooze(ParsedWhen.on(next_working_day(now.date())))
    when = parse_when(_strip_lead(rest), now)
    if isinstance(when, ParsedWhen):
        return Snooze(when)
    found = search_when(rest, now)
    if found is None:
        return Refused.of(when)
    if isinstance(found.result, ParseError):
        return Refused.of(found.result)
    return Snooze(found.result)


def _log_call(text: str, words: list[_Word], now: datetime) -> Intent:
    note_at = next((i for i, w in enumerate(words) if w.text in _NOTE_WORDS and i > 0), None)
    note = text[words[note_at].end:].strip(_EDGES) if note_at is not None else ""
    call_words = words[:note_at] if note_at is not None else words
    call_text = text[:words[note_at].start] if note_at is not None else text
    found = _outcomes(call_words)
    if not found and any(w.text in _CALL_WORDS for w in call_words):
        return Refused("Quel résultat pour cet appel ? {results}. Par exemple « pas de réponse, "
                       "rappeler jeudi ».", {"results": ", ".join(f"« {w} »" for w in _RESULTS)})
    if not found:
        return _unknown(text, words, now)
    outcome, at = min(found, key=lambda item: (_PRIORITY.index(item[0]), item[1]))
    if outcome is Outcome.APPOINTMENT:
        return _appointment(call_text, at, now, note)
    when = search_when(call_text, now)
    if when is None:
        return LogCall(outcome, None, note)
    if isinstance(when.result, ParseError):
        return Refused.of(when.result)
    return LogCall(outcome, when.result, note)


def _outcomes(words: list[_Word]) -> list[tuple[Outcome, int]]:
    """Every outcome named in the words, with the end (in the text) of its phrase."""
    tokens = [w.text for w in words]
    found: list[tuple[Outcome, int]] = []
    i = 0
    while i < len(tokens):
        for phrase, outcome in _PHRASES:
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                found.append((outcome, words[i + len(phrase) - 1].end))
                i += len(phrase)
                break
        else:
            i += 1
    return found


def _appointment(call_text: str, after: int, now: datetime, note: str) -> Intent:
    """« rdv lundi 10h atelier »: the date after the word, and what is left is the place."""
    rest = call_text[after:]
    found = search_when(rest, now)
    if found is None:
        return Refused("Quand est le rendez-vous ? Par exemple « rdv lundi 10h atelier ».")
    if isinstance(found.result, ParseError):
        return Refused.of(found.result)
    place = " ".join(p for p in (_strip_lead(rest[:found.start]), _strip_lead(rest[found.end:])) if p)
    return Appointment(found.result, place, note)


def _unknown(text: str, words: list[_Word], now: datetime) -> Intent:
    shown = text.strip()
    if isinstance(parse_when(shown, now), ParsedWhen):
        suggestion = f"reporter {shown}"
        return Unknown(shown, suggestion, "Pour reporter ce rappel, tapez « {suggestion} ». Pour noter "
                       "un appel : « pas de réponse, rappeler {when} ». Tapez « aide » pour la liste.",
                       {"suggestion": suggestion, "when": shown})
    head = words[0].text
    close = difflib.get_close_matches(head, _VOCABULARY, n=1, cutoff=0.7)
    if close:
        suggestion = (close[0] + " " + text[words[0].end:].strip(_EDGES)).strip()
    elif len(words) <= 3 and all(w.text.isalpha() for w in words):
        suggestion = f"cherche {shown}"
    else:
        suggestion = ""
    if suggestion:
        return Unknown(shown, suggestion, "Je n'ai pas compris « {typed} ». Vouliez-vous dire "
                       "« {suggestion} » ? Tapez « aide » pour la liste des commandes.",
                       {"typed": shown, "suggestion": suggestion})
    return Unknown(shown, suggestion, "Je n'ai pas compris « {typed} ». Tapez « aide » pour la liste "
                   "des commandes.", {"typed": shown})


_VOCABULARY = sorted(
    set(_VERBS) | {p for ps in _OUTCOME_PHRASES.values() for p in ps if " " not in p}
    | {"reporter", "ecarter", "rendez-vous", "messagerie"}
)


# --- help ------------------------------------------------------------------------------------------

EXAMPLES: tuple[tuple[str, str], ...] = (
    ("pas de réponse", "rappel le prochain jour ouvré"),
    ("appelé, pas de réponse, rappeler jeudi", "sans réponse, rappel jeudi"),
    ("messagerie, rappeler dans 2 jours", "message laissé, rappel dans 2 jours"),
    ("joint", "joint : rappel traité"),
    ("joint, rappeler le 15/03", "joint, à rappeler le 15 mars"),
    ("rdv lundi 10h atelier", "rendez-vous pris, avec le lieu"),
    ("faux numéro", "rappel écarté, numéro à corriger"),
    ("pas intéressé", "rappel écarté"),
    ("vendu", "vente : rappel traité"),
    ("pas de réponse note ligne occupée", "avec une note"),
    ("reporter à demain", "reporter le rappel (snooze 3 jours)"),
    ("écarter a acheté ailleurs", "écarter le rappel, avec la raison"),
    ("confier à s.moreau", "confier le rappel à un collègue"),
    ("note veut un essai de la 3008", "ajouter une note à la fiche"),
    ("cherche dupont", "nom, téléphone ou plaque (/dupont)"),
    ("suivant", "client suivant"),
    ("annule", "annuler le dernier enregistrement"),
    ("aide", "cette aide (« ? » aussi)"),
)

HELP_HEAD = (
    "L'assistant comprend des commandes courtes et des phrases simples.",
    "Accents, majuscules et ponctuation sont facultatifs.",
)
HELP_TAIL = (
    "Résultats : joint, pas de réponse (NRP), messagerie (répondeur),",
    "faux numéro, rdv (rendez-vous), pas intéressé, vendu.",
    "Dates : demain, après-demain, lundi, jeudi 14h30, lundi prochain,",
    "dans 3 jours, dans 2 semaines, dans 1 mois, fin du mois, fin de semaine,",
    "15/03, 15/03/2027, 10h.",
    "Une note ne contient ni jugement, ni description physique, ni religion,",
    "opinion politique, orientation sexuelle, origine, santé ou syndicat.",
)


def help_text(translate: Callable[[str], str] = str) -> str:
    """The in-app help, each French line and meaning passed through ``translate``; the examples
    stay as they are typed."""
    return "\n".join([
        *(translate(line) for line in HELP_HEAD),
        "",
        *(f"  {example:<39} {translate(meaning)}" for example, meaning in EXAMPLES),
        "",
        *(translate(line) for line in HELP_TAIL),
    ])


# --- greeting -----------------------------------------------------------------------------------

TIER_LABELS: dict[int, tuple[str, str]] = {
    0: ("réclamation", "réclamations"),
    1: ("lead site", "leads site"),
    2: ("proposition", "propositions"),
    3: ("financement", "financements"),
    4: ("fidélisation", "fidélisations"),
    5: ("fiche à réveiller", "fiches à réveiller"),
    6: ("après-vente", "après-vente"),
}
TIER_LABELS_EN: dict[int, tuple[str, str]] = {
    0: ("complaint", "complaints"),
    1: ("web lead", "web leads"),
    2: ("proposal", "proposals"),
    3: ("financing", "financing"),
    4: ("loyalty call", "loyalty calls"),
    5: ("dormant record", "dormant records"),
    6: ("after-sales", "after-sales"),
}


def greeting(counts_by_tier: dict[int, int], overdue: int, name: str, *, hour: int | None = None,
             lang: str = "fr") -> str:
    """« Bonjour Martine. Aujourd'hui : 12 appels — 2 leads site, 3 financements et 7 fidélisations,
    dont 4 en retard. » (« Bonsoir » from 18h when ``hour`` is given.)"""
    english = lang == "en"
    labels = TIER_LABELS_EN if english else TIER_LABELS
    total = sum(n for n in counts_by_tier.values() if n > 0)
    name = name.strip()
    if english:
        hello = "Good evening" if hour is not None and hour >= 18 else "Hello"
    else:
        hello = "Bonsoir" if hour is not None and hour >= 18 else "Bonjour"
    hello = f"{hello} {name}." if name else f"{hello}."
    if total == 0:
        nothing = "Nothing to call today." if english else "Rien à appeler aujourd'hui."
        return f"{hello} {nothing}"
    others = sum(n for tier, n in counts_by_tier.items() if n > 0 and tier not in labels)
    parts = [f"{n} {labels[tier][n > 1]}" for tier, n in sorted(counts_by_tier.items())
             if n > 0 and tier in labels]
    if others:
        parts.append(f"{others} {'other' if english else 'autre'}{'s' if others > 1 else ''}")
    last = " and " if english else " et "
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + last + parts[-1]
    if english:
        late = f", {overdue} of them overdue" if overdue > 0 else ""
        return f"{hello} Today: {total} call{'s' if total > 1 else ''} — {listed}{late}."
    late = f", dont {overdue} en retard" if overdue > 0 else ""
    return f"{hello} Aujourd'hui : {total} appel{'s' if total > 1 else ''} — {listed}{late}."
