"""Forbidden data in notes (seed 001): what is refused, what is not, and the manager's own file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.lexicon import (
    DEFAULT_PATH,
    Category,
    Finding,
    Lexicon,
    LexiconError,
    check_text,
    load_lexicon,
    refusal_message,
    variants,
    words_of,
)

LEXICON = load_lexicon()


def found(text: str, lexicon: Lexicon = LEXICON) -> list[tuple[str, str]]:
    return [(f.word, f.category.key) for f in check_text(text, lexicon)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the seven kinds of the seed, and the two sensitive ones of the RGPD
        ("Client très pénible", [("pénible", "judgment")]),
        ("un vrai con", [("con", "judgment")]),
        ("CONNARD", [("CONNARD", "judgment")]),
        ("radin sur les options", [("radin", "judgment")]),
        ("Il est stupide", [("stupide", "judgment")]),
        ("Monsieur chauve", [("chauve", "physical")]),
        ("elle est moche", [("moche", "physical")]),
        ("il est gros", [("gros", "physical")]),
        ("grosse dame", [("grosse", "physical")]),
        ("fils handicapé", [("handicapé", "physical")]),
        ("famille catholique", [("catholique", "religion")]),
        ("Musulmane pratiquante", [("Musulmane", "religion"), ("pratiquante", "religion")]),
        ("juives", [("juives", "religion")]),
        ("Témoins de Jéhovah", [("Témoins de Jéhovah", "religion")]),
        ("vote RN", [("RN", "politics")]),
        ("un gauchiste", [("gauchiste", "politics")]),
        ("facho", [("facho", "politics")]),
        ("Front National", [("Front National", "politics")]),
        ("il est homo", [("homo", "sexuality")]),
        ("couple gay", [("gay", "sexuality")]),
        ("sa femme est lesbienne", [("lesbienne", "sexuality")]),
        ("client noir", [("noir", "origin")]),
        ("il est noir", [("noir", "origin")]),
        ("l'Arabe du coin", [("Arabe", "origin")]),
        ("d'origine étrangère", [("origine étrangère", "origin")]),
        ("un black", [("black", "origin")]),
        ("malade depuis mars", [("malade", "health")]),
        ("a eu un cancer", [("cancer", "health")]),
        ("en dépression", [("dépression", "health")]),
        ("elle est enceinte", [("enceinte", "health")]),
        ("syndiqué à la CGT", [("syndiqué", "union"), ("CGT", "union")]),
        ("délégué syndical", [("délégué syndical", "union")]),
        # accents, case, elision, plural and feminine
        ("PENIBLE", [("PENIBLE", "judgment")]),
        ("penibles", [("penibles", "judgment")]),
        ("qu'un menteur", [("menteur", "judgment")]),
        ("une menteuse", [("menteuse", "judgment")]),
        ("chrétienne", [("chrétienne", "religion")]),
        ("dépressive", [("dépressive", "health")]),
        ("rousse", [("rousse", "physical")]),
        ("Chauves", [("Chauves", "physical")]),
        # English
        ("bald and fat", [("bald", "physical"), ("fat", "physical")]),
        ("he is muslim", [("muslim", "religion")]),
        ("pregnant", [("pregnant", "health")]),
        ("union member", [("union member", "union")]),
        ("stupid guy", [("stupid", "judgment")]),
    ],
)
def test_forbidden_words_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rappeler pour la LOA de la 3008, fin de contrat en mars.",
        "Peugeot 208 noir",
        "Peugeot 208 noire métallisée",
        "veut une voiture noire",
        "intérieur cuir noir",
        "jantes noires de 18 pouces",
        "Clio black edition",
        "3008 black",
        "gros client, gros rouleur",
        "grosse remise demandée, gros budget",
        "en gros, il veut un SUV",
        "veut un gros SUV",
        "enceintes Focal dans la 3008",
        "habite près de la RN 7",
        "syndicat de copropriété à prévenir",
        "nulle part ailleurs",
        "match nul",
        "jante voilée",
        "numéro invalide",
        "parabole, connexion, homologation, arabesque, syndication, malabar",
        "intéressé par la Mégane",
        "Black Friday",
        "fou rire au téléphone",
        "",
    ],
)
def test_harmless_text_passes(text: str) -> None:
    assert check_text(text, LEXICON) == []


def test_findings_point_into_the_original_text() -> None:
    text = "Œuvre : Mme  Dupont, très PÉNIBLE et chauve."
    findings = check_text(text, LEXICON)
    assert [text[f.start:f.end] for f in findings] == ["PÉNIBLE", "chauve"]
    assert [f.word for f in findings] == ["PÉNIBLE", "chauve"]


def test_refusal_message() -> None:
    findings = check_text("Client chauve et catholique, très chauve", LEXICON)
    assert refusal_message(findings) == (
        "Note refusée : « chauve » (description physique), « catholique » (religion). "
        "Reformulez sans ces informations."
    )
    assert refusal_message(findings, "en") == (
        "Note refused: “chauve” (physical description), “catholique” (religion). "
        "Rephrase without this information."
    )
    assert refusal_message([]) == ""


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("noir", "noire"), ("noir", "noirs"), ("noir", "noires"), ("juif", "juive"), ("juif", "juives"),
        ("menteur", "menteuse"), ("paresseux", "paresseuse"), ("chretien", "chretienne"),
        ("gros", "grosse"), ("roux", "rousse"), ("turc", "turque"), ("con", "cons"),
        ("fasciste", "fascistes"), ("syndique", "syndiquee"), ("malade", "malades"),
    ],
)
def test_variants(word: str, form: str) -> None:
    assert form in variants(word)


@pytest.mark.parametrize(("word", "form"), [("con", "cone"), ("rn", "rne"), ("noir", "noircir")])
def test_short_words_do_not_grow_too_far(word: str, form: str) -> None:
    assert form not in variants(word)


def test_shipped_file_has_the_eight_categories() -> None:
    assert set(LEXICON.categories) == {"judgment", "physical", "religion", "politics", "sexuality",
                                       "origin", "health", "union"}
    assert all(c.fr and c.en for c in LEXICON.categories.values())
    assert DEFAULT_PATH.name == "forbidden_words.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_site_file_adds_moves_and_allows(tmp_path: Path) -> None:
    site = write(tmp_path, """
[allow]
phrases = ["gros", "client pénible"]

[categories.judgment]
words = ["lourdingue", "chauve"]

[categories.finance]
fr = "situation financière"
en = "financial situation"
words = ["fiché banque de france", "surendetté"]
""")
    lexicon = load_lexicon(DEFAULT_PATH, site)
    assert found("il est gros", lexicon) == []
    assert found("lourdingue", lexicon) == [("lourdingue", "judgment")]
    assert found("chauve", lexicon) == [("chauve", "judgment")]
    assert found("client pénible", lexicon) == []
    assert found("très pénible", lexicon) == [("pénible", "judgment")]
    assert found("Surendettée, fichée Banque de France", lexicon) == [
        ("Surendettée", "finance"), ("fichée Banque de France", "finance")]
    assert lexicon.categories["finance"] == Category("finance", "situation financière", "financial situation")
    assert found("il est gros") == [("gros", "physical")]  # the shipped lexicon is untouched


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("[categories.x\nwords = []\n", 1, "TOML invalide"),
        ("words = ['a']\n", 1, "clé inconnue « words »"),
        ("[categories.finance]\nwords = ['surendetté']\n", 1, "libellés fr et en"),
        ("[categories.judgment]\nwords = 'idiot'\n", 2, "doit être une liste"),
        ("[categories.judgment]\nwords = [1]\n", 2, "n'est pas un texte"),
        ("[categories.judgment]\nwords = ['...']\n", 2, "ne contient aucun mot"),
        ("[categories.judgment]\ncolour = 'red'\nwords = []\n", 1, "clé inconnue « colour »"),
        ("[categories.judgment]\nwords = ['sot']\n\n[categories.health]\nwords = ['sot']\n", 5,
         "à la fois dans « judgment » et « health »"),
        ("allow = ['gros']\n", 1, "doit être une table"),
        ("[allow]\nphrases = 'gros'\n", 2, "doit être une liste"),
    ],
)
def test_bad_site_file_is_refused_with_line_and_reason(tmp_path: Path, text: str, line: int,
                                                       reason: str) -> None:
    site = write(tmp_path, text)
    with pytest.raises(LexiconError) as caught:
        load_lexicon(DEFAULT_PATH, site)
    assert caught.value.path == site
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{site}:{line}: ")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="illisible"):
        load_lexicon(DEFAULT_PATH, tmp_path / "absent.toml")


def test_words_of() -> None:
    assert words_of("Témoin de Jéhovah") == ("temoin", "de", "jehovah")
    assert words_of("l'Arabe") == ("l", "arabe")


def test_a_finding_is_a_plain_value() -> None:
    category = Category("health", "santé", "health")
    assert Finding("malade", category, 0, 6) == Finding("malade", category, 0, 6)


@given(st.text(max_size=200))
def test_findings_are_ordered_spans_of_the_text(text: str) -> None:
    findings = check_text(text, LEXICON)
    last = 0
    for finding in findings:
        assert last <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.word
        last = finding.end
