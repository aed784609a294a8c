"""Words a note about a person must not contain (seed 001): find them, say why, let the user rephrase.

The lexicon is data (``rules/forbidden_words.toml``) that a site file can extend. Matching folds
accents and case, works on whole words (so « l'arabe » and « Arabes » match, « parabole » does not),
knows simple plurals and feminines, multi-word entries, an allow list of harmless phrases
(« gros client »), and lets a few words describe a car (« Peugeot 208 noire »).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from rules.folding import fold_with_map

DEFAULT_PATH = Path(__file__).with_name("forbidden_words.toml")
NUMBER = "#"  # in an allowed phrase, stands for any number (« rn # »: the RN 7 is a road)

_WORD = re.compile(r"[a-z0-9]+")
_MODEL_CODE = re.compile(r"\d{3,4}|[a-z]+\d+[a-z\d]*|\d+[a-z]+\d*")
_BEFORE, _AFTER = 3, 2  # how far a vehicle word reaches, in words
_TOP_KEYS = {"allow", "vehicle", "categories"}
_CATEGORY_KEYS = {"fr", "en", "words"}


class LexiconError(ValueError):
    """A lexicon file that cannot be used: its path, the line and the reason."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of forbidden data, with its name on screen."""

    key: str
    fr: str
    en: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A forbidden word as written in the text, its category and where it is (``text[start:end]``)."""

    word: str
    category: Category
    start: int
    end: int


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Forbidden phrases by category, allowed phrases and the vehicle context; build with ``load_lexicon``."""

    entries: Mapping[Phrase, Category]
    allow: tuple[Phrase, ...] = ()
    vehicle_words: frozenset[str] = frozenset()
    may_describe: frozenset[Phrase] = frozenset()
    _first: dict[str, list[Phrase]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _vehicle: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    _allow_first: dict[str, list[Phrase]] = field(default_factory=dict, init=False, repr=False,
                                                  compare=False)

    def __post_init__(self) -> None:
        for phrase in sorted(self.entries, key=len, reverse=True):  # longest first
            for form in variants(phrase[0]):
                self._first.setdefault(form, []).append(phrase)
        object.__setattr__(self, "_vehicle", frozenset(f for w in self.vehicle_words for f in variants(w)))
        for phrase in self.allow:
            for form in (NUMBER,) if phrase[0] == NUMBER else variants(phrase[0]):
                self._allow_first.setdefault(form, []).append(phrase)

    @property
    def categories(self) -> dict[str, Category]:
        """The categories in use, by key."""
        return {c.key: c for c in self.entries.values()}


@lru_cache(maxsize=8192)
def variants(word: str) -> frozenset[str]:
    """The folded word with its simple plurals and feminines (« juif » -> juive, juifs, juives...)."""
    forms = {word, word + "s"}
    if len(word) <= 3:
        return frozenset(forms)
    forms |= {word + "x", word + "e", word + "es"}
    for ending, replacements in _ENDINGS:
        if word.endswith(ending):
            stem = word[: len(word) - len(ending)]
            forms |= {stem + r for r in replacements}
    return frozenset(forms)


_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("eux", ("euse", "euses")),
    ("eur", ("euse", "euses", "eurs")),
    ("if", ("ive", "ives")),
    ("ien", ("ienne", "iennes")),
    ("on", ("onne", "onnes")),
    ("el", ("elle", "elles")),
    ("er", ("ere", "eres")),
    ("al", ("aux", "ale", "ales")),
    ("c", ("que", "ques")),
    ("et", ("ette", "ettes")),
    ("ot", ("otte", "ottes")),
    ("s", ("se", "ses", "sse", "sses")),
    ("x", ("sse", "sses", "se", "ses")),
)


def words_of(text: str) -> Phrase:
    """A phrase as the folded words it is compared by (« Témoin de Jéhovah » -> temoin, de, jehovah)."""
    folded, _ = fold_with_map(text)
    return tuple(_WORD.findall(folded))


def check_text(text: str, lexicon: Lexicon) -> list[Finding]:
    """The forbidden words of ``text``, in order; empty when the text may be saved."""
    folded, index = fold_with_map(text)
    spans = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
    tokens = [s[0] for s in spans]
    allowed = _allowed_positions(tokens, lexicon)
    findings: list[Finding] = []
    i = 0
    while i < len(tokens):
        phrase = _longest_entry(tokens, i, lexicon)
        if phrase is None:
            i += 1
            continue
        end = i + len(phrase)
        harmless = all(k in allowed for k in range(i, end))
        if not harmless and not _describes_a_vehicle(tokens, i, end, phrase, lexicon):
            start, stop = index[spans[i][1]], index[spans[end - 1][2] - 1] + 1
            findings.append(Finding(text[start:stop], lexicon.entries[phrase], start, stop))
        i = end
    return findings


def _matches(tokens: list[str], i: int, phrase: Phrase) -> bool:
    if i + len(phrase) > len(tokens):
        return False
    return all(
        tokens[i + k].isdigit() if word == NUMBER else tokens[i + k] in variants(word)
        for k, word in enumerate(phrase)
    )


def _longest_entry(tokens: list[str], i: int, lexicon: Lexicon) -> Phrase | None:
    for phrase in lexicon._first.get(tokens[i], ()):
        if _matches(tokens, i, phrase):
            return phrase
    return None


def _allowed_positions(tokens: list[str], lexicon: Lexicon) -> set[int]:
    allowed: set[int] = set()
    for i, token in enumerate(tokens):
        key = NUMBER if token.isdigit() else token
        for phrase in lexicon._allow_first.get(key, ()):
            if _matches(tokens, i, phrase):
                allowed.update(range(i, i + len(phrase)))
    return allowed


def _describes_a_vehicle(tokens: list[str], start: int, end: int, phrase: Phrase, lexicon: Lexicon) -> bool:
    """« noire » in « Peugeot 208 noire » is a paint colour: a vehicle word stands close by."""
    if phrase not in lexicon.may_describe:
        return False
    near = tokens[max(0, start - _BEFORE):start] + tokens[end:end + _AFTER]
    return any(t in lexicon._vehicle or _MODEL_CODE.fullmatch(t) for t in near)


def refusal_message(findings: list[Finding], lang: str = "fr") -> str:
    """« Note refusée : « chauve » (description physique). Reformulez sans ces informations. »"""
    if not findings:
        return ""
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault(" ".join(words_of(finding.word)), finding)
    if lang == "en":
        listed = ", ".join(f"“{f.word}” ({f.category.en})" for f in seen.values())
        return f"Note refused: {listed}. Rephrase without this information."
    listed = ", ".join(f"« {f.word} » ({f.category.fr})" for f in seen.values())
    return f"Note refusée : {listed}. Reformulez sans ces informations."


@cache
def shipped_lexicon() -> Lexicon:
    """The forbidden words shipped in ``rules/``, read once per process."""
    return load_lexicon()


def load_lexicon(default_path: Path = DEFAULT_PATH, site_path: Path | None = None) -> Lexicon:
    """The shipped lexicon, extended by the site file when there is one; a bad file raises LexiconError.

    A site file adds words and categories, moves a shipped word to another category, and adds
    allowed phrases; a single allowed word (« gros ») is never objected to on that site.
    """
    categories: dict[str, Category] = {}
    entries: dict[Phrase, Category] = {}
    allow: list[Phrase] = []
    vehicle_words: set[str] = set()
    may_describe: set[Phrase] = set()
    for path in (default_path, site_path):
        if path is None:
            continue
        data, raw = _read(path)
        in_this_file: dict[Phrase, str] = {}
        tables = data.get("categories", {})
        assert isinstance(tables, dict)  # checked by _read
        for key, table in tables.items():
            category = _category(path, raw, key, table, categories.get(key))
            categories[key] = category
            for phrase in _phrases(path, raw, table, f"categories.{key}", "words"):
                other = in_this_file.setdefault(phrase, key)
                if other != key:
                    here = _line_of(raw, f"categories.{key}")
                    raise LexiconError(path, _line_of(raw, " ".join(phrase), here),
                                       f"« {' '.join(phrase)} » est à la fois dans « {other} » et « {key} »")
                entries[phrase] = category
        allow.extend(_phrases(path, raw, data.get("allow", {}), "allow", "phrases"))
        vehicle = data.get("vehicle", {})
        vehicle_words.update(w for p in _phrases(path, raw, vehicle, "vehicle", "words") for w in p)
        may_describe.update(_phrases(path, raw, vehicle, "vehicle", "may_describe"))
    for phrase in allow:
        entries.pop(phrase, None)
    return Lexicon(entries, tuple(p for p in allow if len(p) > 1 or p[0] == NUMBER),
                   frozenset(vehicle_words), frozenset(may_describe))


def _read(path: Path) -> tuple[dict[str, object], str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(path, 0, f"fichier illisible ({exc})") from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise LexiconError(path, int(found.group(1)) if found else 0, f"TOML invalide : {exc}") from exc
    for key in data:
        if key not in _TOP_KEYS:
            raise LexiconError(path, _line_of(raw, key), f"clé inconnue « {key} » "
                                                         f"(attendu : {', '.join(sorted(_TOP_KEYS))})")
    for key in ("allow", "vehicle", "categories"):
        if not isinstance(data.get(key, {}), dict):
            raise LexiconError(path, _line_of(raw, key), f"« {key} » doit être une table [{key}]")
    return data, raw


def _category(path: Path, raw: str, key: str, table: object, known: Category | None) -> Category:
    line = _line_of(raw, f"categories.{key}")
    if not isinstance(table, dict):
        raise LexiconError(path, line, f"la catégorie « {key} » doit être une table")
    unknown = set(table) - _CATEGORY_KEYS
    if unknown:
        raise LexiconError(path, line, f"clé inconnue « {sorted(unknown)[0]} » dans la catégorie « {key} »")
    fr, en = table.get("fr", known.fr if known else None), table.get("en", known.en if known else None)
    if not isinstance(fr, str) or not fr or not isinstance(en, str) or not en:
        raise LexiconError(path, line, f"la catégorie « {key} » doit avoir ses libellés fr et en")
    return Category(key, fr, en)


def _phrases(path: Path, raw: str, table: object, where: str, key: str) -> list[Phrase]:
    if not isinstance(table, dict):  # pragma: no cover - checked by _read
        return []
    values = table.get(key, [])
    if not isinstance(values, list):
        raise LexiconError(path, _line_of(raw, key), f"« {where}.{key} » doit être une liste de mots")
    phrases: list[Phrase] = []
    for value in values:
        if not isinstance(value, str):
            raise LexiconError(path, _line_of(raw, key),
                               f"« {value!r} » dans {where}.{key} n'est pas un texte")
        phrase = _phrase_words(value)
        if not phrase:
            raise LexiconError(path, _line_of(raw, value), f"« {value} » ne contient aucun mot")
        phrases.append(phrase)
    return phrases


def _phrase_words(value: str) -> Phrase:
    folded, _ = fold_with_map(value)
    return tuple(re.findall(r"[a-z0-9]+|#", folded))


def _line_of(raw: str, needle: str, start: int = 1) -> int:
    """The first line of ``raw`` from line ``start`` on that mentions ``needle`` (1-based), else ``start``."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    return start
