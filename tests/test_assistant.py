"""The assistant's command line: phrases in, typed intents out, from a fixed Monday 23/11/2026 14:20."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.assistant import (
    EXAMPLES,
    HELP_HEAD,
    HELP_TAIL,
    Appointment,
    Assign,
    Dismiss,
    Help,
    Intent,
    LogCall,
    Next,
    Note,
    Refused,
    Search,
    Snooze,
    Undo,
    Unknown,
    free_text,
    greeting,
    help_text,
    parse_command,
)
from rules.lexicon import load_lexicon
from rules.outcomes import Outcome
from rules.phrases import ParsedWhen
from tui.i18n import EN
from tui.screens.assistant import HELP_EXAMPLES

NOW = datetime(2026, 11, 23, 14, 20)
LEXICON = load_lexicon()
DOCS = (Path(__file__).parent.parent / "docs" / "assistant.md").read_text(encoding="utf-8")
THURSDAY = ParsedWhen.on(date(2026, 11, 26))
TOMORROW = ParsedWhen.on(date(2026, 11, 24))


def when(day: date, at: time | None = None) -> ParsedWhen:
    return ParsedWhen.on(day, at)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # logging a call
        ("appelé, pas de réponse, rappeler jeudi", LogCall(Outcome.NO_ANSWER, THURSDAY)),
        ("pas de réponse", LogCall(Outcome.NO_ANSWER)),
        ("Pas de reponse.", LogCall(Outcome.NO_ANSWER)),
        ("PAS DE RÉPONSE", LogCall(Outcome.NO_ANSWER)),
        ("j'ai appelé, pas répondu", LogCall(Outcome.NO_ANSWER)),
        ("J’ai appelé : il n'a pas répondu", LogCall(Outcome.NO_ANSWER)),
        ("ne répond pas, rappeler demain", LogCall(Outcome.NO_ANSWER, TOMORROW)),
        ("NRP", LogCall(Outcome.NO_ANSWER)),
        ("nrp demain", LogCall(Outcome.NO_ANSWER, TOMORROW)),
        ("injoignable", LogCall(Outcome.NO_ANSWER)),
        ("pas joint", LogCall(Outcome.NO_ANSWER)),
        ("no answer, call back thursday", LogCall(Outcome.NO_ANSWER, THURSDAY)),
        ("messagerie", LogCall(Outcome.VOICEMAIL)),
        ("répondeur", LogCall(Outcome.VOICEMAIL)),
        ("tombé sur le répondeur", LogCall(Outcome.VOICEMAIL)),
        ("boîte vocale", LogCall(Outcome.VOICEMAIL)),
        ("laissé un message", LogCall(Outcome.VOICEMAIL)),
        ("pas de réponse, laissé un message", LogCall(Outcome.VOICEMAIL)),
        ("messagerie, rappeler dans 2 jours", LogCall(Outcome.VOICEMAIL, when(date(2026, 11, 25)))),
        ("voicemail", LogCall(Outcome.VOICEMAIL)),
        ("faux numéro", LogCall(Outcome.WRONG_NUMBER)),
        ("mauvais numéro", LogCall(Outcome.WRONG_NUMBER)),
        ("numéro erroné", LogCall(Outcome.WRONG_NUMBER)),
        ("wrong number", LogCall(Outcome.WRONG_NUMBER)),
        ("pas intéressé", LogCall(Outcome.NOT_INTERESTED)),
        ("joint, pas intéressée", LogCall(Outcome.NOT_INTERESTED)),
        ("plus intéressé", LogCall(Outcome.NOT_INTERESTED)),
        ("ne veut pas", LogCall(Outcome.NOT_INTERESTED)),
        ("not interested", LogCall(Outcome.NOT_INTERESTED)),
        ("vendu", LogCall(Outcome.SALE)),
        ("Vendu !", LogCall(Outcome.SALE)),
        ("bon de commande signé", LogCall(Outcome.SALE)),
        ("sold", LogCall(Outcome.SALE)),
        ("joint", LogCall(Outcome.REACHED)),
        ("jointe", LogCall(Outcome.REACHED)),
        ("joint, rappeler le 15/03", LogCall(Outcome.REACHED, when(date(2027, 3, 15)))),
        ("joint, rappeler jeudi 14h", LogCall(Outcome.REACHED, when(date(2026, 11, 26), time(14)))),
        ("reached, call back in 2 weeks", LogCall(Outcome.REACHED, when(date(2026, 12, 7)))),
        ("pas de réponse note ligne occupée", LogCall(Outcome.NO_ANSWER, note="ligne occupée")),
        ("pas de réponse depuis 3 jours", LogCall(Outcome.NO_ANSWER)),
        ("pas de réponse, 2e essai", LogCall(Outcome.NO_ANSWER)),
        ("pas intéressé, a une LOA de 37 mois", LogCall(Outcome.NOT_INTERESTED)),
        ("pas de réponse, rappeler mon collègue lundi", LogCall(Outcome.NO_ANSWER, when(date(2026, 11, 30)))),
        ("joint, rappeler jeudi, note: veut un devis LOA",
         LogCall(Outcome.REACHED, THURSDAY, "veut un devis LOA")),
        # appointments
        ("rdv lundi 10h atelier", Appointment(when(date(2026, 11, 30), time(10)), "atelier")),
        ("rdv Lundi à 10h à l'atelier", Appointment(when(date(2026, 11, 30), time(10)), "atelier")),
        ("RDV pris jeudi 14h30 au showroom", Appointment(when(date(2026, 11, 26), time(14, 30)), "showroom")),
        ("rendez-vous demain 9h", Appointment(when(date(2026, 11, 24), time(9)), "")),
        ("joint, rdv jeudi 14h showroom", Appointment(when(date(2026, 11, 26), time(14)), "showroom")),
        ("rdv atelier mardi 8h30", Appointment(when(date(2026, 11, 24), time(8, 30)), "atelier")),
        ("appointment friday 3pm showroom", Appointment(when(date(2026, 11, 27), time(15)), "showroom")),
        ("rdv vendredi chez le client", Appointment(when(date(2026, 11, 27)), "chez le client")),
        # moving around
        ("suivant", Next()),
        ("Suivant !", Next()),
        ("client suivant", Next()),
        ("rappel suivant svp", Next()),
        ("next", Next()),
        ("ok suivant", Next()),
        ("au suivant", Next()),
        ("passer au suivant", Next()),
        ("cherche dupont", Search("dupont")),
        ("Cherche Le Goff", Search("Le Goff")),
        ("chercher 06 12 34 56 78", Search("06 12 34 56 78")),
        ("recherche AB-123-CD", Search("AB-123-CD")),
        ("find dupont", Search("dupont")),
        ("search Lefèvre", Search("Lefèvre")),
        ("/dupont", Search("dupont")),
        ("je voudrais chercher Martin", Search("Martin")),
        ("note veut un essai de la 3008", Note("veut un essai de la 3008")),
        ("Note : préfère être appelé le matin", Note("préfère être appelé le matin")),
        ("nb: rappeler sa femme", Note("rappeler sa femme")),
        ("annule", Undo()),
        ("Annuler", Undo()),
        ("undo", Undo()),
        ("oups", Undo()),
        ("reporter à demain", Snooze(TOMORROW)),
        ("reporter au 15/03", Snooze(when(date(2027, 3, 15)))),
        ("reporter de 3 jours", Snooze(when(date(2026, 11, 26)))),
        ("snooze 3 jours", Snooze(when(date(2026, 11, 26)))),
        ("snooze 3 days", Snooze(when(date(2026, 11, 26)))),
        ("décaler à jeudi", Snooze(THURSDAY)),
        ("repousser fin du mois", Snooze(when(date(2026, 11, 30)))),
        ("reporter", Snooze(TOMORROW)),
        ("écarter a acheté ailleurs", Dismiss("a acheté ailleurs")),
        ("Écarter : déménagé", Dismiss("déménagé")),
        ("dismiss moved abroad", Dismiss("moved abroad")),
        ("confier à s.moreau", Assign("s.moreau")),
        ("Attribuer à Paul", Assign("Paul")),
        ("réattribuer a j-dupont", Assign("j-dupont")),
        ("assign to paul", Assign("paul")),
        ("aide", Help()),
        ("Aide !", Help()),
        ("help", Help()),
        ("?", Help()),
        ("commandes", Help()),
    ],
)
def test_parse_command(text: str, intent: Intent) -> None:
    assert parse_command(text, NOW) == intent


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rdv", "Quand est le rendez-vous"),
        ("rdv demain 25h", "n'est pas une heure valide"),
        ("pas de réponse, rappeler le 31/02", "Le 31/02 n'existe pas"),
        ("joint, rappeler le 15/03/2020", "Le 15/03/2020 est passé"),
        ("joint rappeler 10h", "10h est déjà passé aujourd'hui"),
        ("reporter au 31/02", "Le 31/02 n'existe pas"),
        ("reporter à hier", "Je ne reconnais pas la date"),
        ("écarter", "Pourquoi écarter"),
        ("confier à", "À qui confier ce rappel"),
        ("confier à paul et marie", "À qui confier ce rappel"),
        ("note", "Quelle note"),
        ("cherche", "Que faut-il chercher"),
        ("j'ai appelé", "Quel résultat pour cet appel"),
        ("appelé, rappeler jeudi", "Quel résultat pour cet appel"),
    ],
)
def test_refused(text: str, message: str) -> None:
    result = parse_command(text, NOW)
    assert isinstance(result, Refused), result
    assert message in result.message


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("suivnt", "suivant"),
        ("cherch dupont", "cherche dupont"),
        ("mesagerie", "messagerie"),
        ("anule", "annule"),
        ("repoter demain", "reporter demain"),
        ("dupont", "cherche dupont"),
        ("Jean Dupont", "cherche Jean Dupont"),
        ("jeudi", "reporter jeudi"),
        ("demain 10h", "reporter demain 10h"),
        ("next monday", "reporter next monday"),
        ("42 !!", ""),
        ("", "aide"),
        ("client dupont", "cherche client dupont"),
    ],
)
def test_unknown_suggests_the_closest_command(text: str, suggestion: str) -> None:
    result = parse_command(text, NOW)
    assert isinstance(result, Unknown), result
    assert result.suggestion == suggestion
    if suggestion:
        assert f"« {suggestion} »" in result.message
    assert "aide" in result.message


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("note client chauve", "chauve"),
        ("note très pénible au téléphone", "pénible"),
        ("pas de réponse note elle est enceinte", "enceinte"),
        ("écarter il est malade", "malade"),
        ("rdv lundi 10h à la mosquée", "mosquée"),
    ],
)
def test_free_text_is_checked_against_the_lexicon(text: str, word: str) -> None:
    result = parse_command(text, NOW, LEXICON)
    assert isinstance(result, Refused), result
    assert result.message.startswith("Note refusée : ")
    assert f"« {word} »" in result.message
    assert not isinstance(parse_command(text, NOW), Refused)  # without a lexicon, nothing is checked


@pytest.mark.parametrize(
    "text",
    ["note veut la 208 noire", "pas de réponse note gros rouleur", "écarter a acheté une Clio ailleurs",
     "cherche Arabe"],  # a search is not saved about anyone
)
def test_harmless_free_text_passes_the_lexicon(text: str) -> None:
    assert not isinstance(parse_command(text, NOW, LEXICON), Refused)


def test_free_text() -> None:
    assert free_text(Note("x")) == ["x"]
    assert free_text(LogCall(Outcome.SALE, None, "y")) == ["y"]
    assert free_text(Appointment(THURSDAY, "atelier", "z")) == ["atelier", "z"]
    assert free_text(Dismiss("w")) == ["w"]
    assert free_text(Next()) == []


@pytest.mark.parametrize(("example", "meaning"), EXAMPLES)
def test_every_help_example_is_understood_and_documented(example: str, meaning: str) -> None:
    result = parse_command(example, NOW)
    assert not isinstance(result, Unknown | Refused), result
    assert example in help_text()
    assert f"`{example}`" in DOCS
    assert meaning


def _filled(example: str) -> str:
    return example.replace("<motif>", "a acheté ailleurs").replace("<texte>", "veut un essai")


@pytest.mark.parametrize("example", HELP_EXAMPLES)
def test_every_example_of_the_short_help_is_understood(example: str) -> None:
    """The one-line help under the queue (``?``) drifts from the long one: what it shows works."""
    result = parse_command(_filled(example), NOW)
    assert not isinstance(result, Unknown | Refused), result


def test_help_fits_an_80_column_terminal() -> None:
    assert max(len(line) for line in help_text().splitlines()) <= 78


@pytest.mark.parametrize(
    ("counts", "overdue", "name", "hour", "expected"),
    [
        ({1: 2, 3: 3, 4: 7}, 4, "Martine", None,
         "Bonjour Martine. Aujourd'hui : 12 appels — 2 leads site, 3 financements et 7 fidélisations, "
         "dont 4 en retard."),
        ({1: 1}, 0, "Martine", 9, "Bonjour Martine. Aujourd'hui : 1 appel — 1 lead site."),
        ({1: 1}, 1, "Martine", 18, "Bonsoir Martine. Aujourd'hui : 1 appel — 1 lead site, dont 1 en retard."),
        ({0: 1, 2: 2}, 0, "Paul", None,
         "Bonjour Paul. Aujourd'hui : 3 appels — 1 réclamation et 2 propositions."),
        ({5: 3, 6: 1, 9: 2}, 0, "Paul", None,
         "Bonjour Paul. Aujourd'hui : 6 appels — 3 fiches à réveiller, 1 après-vente et 2 autres."),
        ({3: 0, 1: 2}, 0, "Paul", None, "Bonjour Paul. Aujourd'hui : 2 appels — 2 leads site."),
        ({}, 0, "Martine", None, "Bonjour Martine. Rien à appeler aujourd'hui."),
        ({1: 0}, 0, "", None, "Bonjour. Rien à appeler aujourd'hui."),
        ({1: 2}, 0, "  ", None, "Bonjour. Aujourd'hui : 2 appels — 2 leads site."),
    ],
)
def test_greeting(counts: dict[int, int], overdue: int, name: str, hour: int | None, expected: str) -> None:
    assert greeting(counts, overdue, name, hour=hour) == expected


def test_greeting_in_english() -> None:
    assert greeting({1: 2, 3: 1}, 1, "Martine", lang="en") == (
        "Hello Martine. Today: 3 calls — 2 web leads and 1 financing, 1 of them overdue.")
    assert greeting({}, 0, "Martine", hour=20, lang="en") == "Good evening Martine. Nothing to call today."


@given(st.text(max_size=80))
def test_any_line_gives_an_intent(text: str) -> None:
    result = parse_command(text, NOW, LEXICON)
    assert isinstance(result, LogCall | Appointment | Next | Search | Note | Undo | Snooze | Dismiss | Help
                      | Refused | Unknown)
    if isinstance(result, Refused | Unknown):
        assert result.message


@pytest.mark.parametrize(
    "text", ["", "note", "écarter", "cherche", "j'ai appelé", "rdv", "suivnt", "42 !!", "jeudi"])
def test_every_reading_the_assistant_says_has_its_english(text: str) -> None:
    result = parse_command(text, NOW)
    assert isinstance(result, Refused | Unknown), result
    assert result.reason in EN
    assert EN[result.reason].format(**result.values)


def test_the_help_has_its_english_and_fits_80_columns() -> None:
    english = help_text(lambda line: EN.get(line, line))
    assert max(len(line) for line in english.splitlines()) <= 78
    assert all(meaning in EN for _example, meaning in EXAMPLES)
    untranslated = [line for line in (*HELP_HEAD, *HELP_TAIL) if line not in EN]
    assert untranslated == [  # commands and dates only: typed as they are, in French
        "faux numéro, rdv (rendez-vous), pas intéressé, vendu.",
        "dans 3 jours, dans 2 semaines, dans 1 mois, fin du mois, fin de semaine,",
        "15/03, 15/03/2027, 10h.",
    ]
