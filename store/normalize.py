"""How names, phones, emails, plates and VINs are reduced to the keys the search index holds.

Everything here is pure: text in, key out. The same functions build the index and read the
query, so a client is found however either side was typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers

# Letters NFKD does not decompose into ASCII.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM_UPPER = re.compile(r"[^A-Z0-9]+")

# Particles dropped from names: "de", "d'", "du", "des", and "la"/"le"/"l'" right after "de".
PARTICLES = frozenset({"de", "d", "du", "des"})
_ARTICLES = frozenset({"la", "le", "l", "les"})

PHONE_REGION = "FR"
_PHONE_SEPARATORS = re.compile(r"[\s.\-/]")
_FR_NATIONAL = re.compile(r"0[1-9]\d{8}")
_FR_INTERNATIONAL = re.compile(r"(?:\+|00)33[1-9]\d{8}")
# What a phone and nothing else is typed with; phonenumbers would also read "tel: ..." or "... ext 12".
_PHONE_ONLY = re.compile(r"\+?[\d\s.\-/()]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case ASCII words separated by single spaces: no accents, hyphens or apostrophes."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_ALNUM.sub(" ", ascii_text).strip()


def name_words(text: str) -> list[str]:
    """The folded words of a name without French particles (``de``, ``d'``, ``du``, ``de la``).

    A name made of particles only (``Dé``, ``Le``) keeps its words, so it still has a key.
    """
    words = fold(text).split()
    kept: list[str] = []
    after_particle = False
    for word in words:
        if word in PARTICLES or (after_particle and word in _ARTICLES):
            after_particle = True
            continue
        after_particle = False
        kept.append(word)
    return kept or words


def name_key(text: str) -> str:
    """One word for a whole name part: ``Le Fèvre-Dupont`` and ``lefevre dupont`` give
    ``lefevredupont``; particles are dropped first (``de La Fontaine`` gives ``fontaine``)."""
    return "".join(name_words(text))


# A simplified French phonetic reduction (in the spirit of Phonex / Soundex-FR): the rules
# run in order on a folded word; the result is a key two spellings of one sound share.
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),
        (r"^h", ""),
        (r"(?<=[^cspt])h", ""),  # silent h, except in ch/sh/ph/th
        (r"ph", "f"),
        (r"th", "t"),
        (r"chr", "kr"),
        (r"s?ch", "C"),
        (r"sh", "C"),
        (r"gu(?=[eiy])", "G"),
        (r"qu|q|ck|k", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"g(?=[eiy])", "j"),
        (r"ge(?=[aou])", "j"),
        (r"bv", "v"),
        (r"w", "v"),
        (r"x$", ""),
        (r"x", "ks"),
        (r"z", "s"),
        (r"y", "i"),
        (r"eau|au|eo", "o"),
        (r"(?<=[aeiou])s(?=[aeiou])", "z"),
        (r"ai|ei|er$|ez$|et$", "e"),
        (r"ou", "U"),
        (r"oi", "W"),
        (r"[ae][nm](?=[^aeiouUWnm]|$)", "A"),
        (r"[aeiu][i]?[nm](?=[^aeiouUWnm]|$)", "I"),
        (r"o[nm](?=[^aeiouUWnm]|$)", "O"),
        (r"G", "g"),
        (r"(.)\1+", r"\1"),
        (r"(?<=.)[stdpg]$", ""),
        (r"(?<=.)e$", ""),
        (r"(?<=.)[stdpg]$", ""),
    )
)


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """The French phonetic key of one folded word (``lefebvre`` and ``lefevre`` give ``lefevr``)."""
    key = word
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


def phonetic_key(text: str) -> str:
    """The phonetic key of a whole name part, its words' keys joined."""
    return "".join(phonetic(word) for word in name_words(text))


@lru_cache(maxsize=4096)
def phone_e164(text: str, region: str = PHONE_REGION) -> str | None:
    """The phone in E.164 (``+33612345678``), or ``None`` when it is not a possible number."""
    if not text or not any(ch.isdigit() for ch in text):
        return None
    compact = _PHONE_SEPARATORS.sub("", text)
    if region == "FR":  # the common case without phonenumbers' parser: 20x faster on bulk loads
        if _FR_NATIONAL.fullmatch(compact):
            return "+33" + compact[1:]
        if _FR_INTERNATIONAL.fullmatch(compact):
            return "+33" + compact[-9:]
    raw = text.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_prefix(text: str) -> str | None:
    """What a partly typed French phone is the start of, in E.164: ``06 12`` gives ``+33612``.

    ``None`` when the text is not a phone being typed (letters, or fewer than 4 digits).
    """
    compact = re.sub(r"[\s.\-/()]", "", text)
    if not re.fullmatch(r"\+?\d{4,15}", compact):
        return None
    if compact.startswith("+"):
        return compact
    if compact.startswith("00"):
        return "+" + compact[2:]
    if compact.startswith("0"):
        return "+33" + compact[1:]
    if compact.startswith("33") and len(compact) >= 11:
        return "+" + compact
    return None


@lru_cache(maxsize=4096)
def display_phone(typed: str) -> str:
    """A phone as Relance shows and exports it, however it was typed or stored.

    French numbers in the national form (``+33 6 12 34 56 78``, ``0033612345678`` and
    ``06.12.34.56.78`` all give ``06 12 34 56 78``); other countries international
    (``+44 20 7946 0958``); anything else as typed, trimmed: a text with words in it
    (``06 12 34 56 78 poste 12``) is never cut down to the number it holds.
    """
    text = typed.strip()
    e164 = phone_e164(text) if _PHONE_ONLY.fullmatch(text) else None
    if e164 is None:
        return text
    if e164.startswith("+33"):
        if len(e164) != 12 or e164[3] == "0":  # possible but not a French number: as typed
            return text
        return f"0{e164[3]} {e164[4:6]} {e164[6:8]} {e164[8:10]} {e164[10:12]}"
    number = phonenumbers.parse(e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def email_key(text: str) -> str:
    """An email as compared: trimmed, lower case."""
    return text.strip().lower()


def compact_code(text: str) -> str:
    """Upper case letters and digits only: the key of plates, VINs and DMS numbers."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM_UPPER.sub("", folded.upper())


_PLATE_SIV = re.compile(r"^[A-Z]{2}\d{3}[A-Z]{2}$")
_PLATE_FNI = re.compile(r"^\d{1,4}[A-Z]{1,3}(\d{2}|2A|2B|97\d)$")


def plate_key(text: str) -> str:
    """A plate as compared: ``AB-123-CD``, ``ab 123 cd`` give ``AB123CD``; old ``1234 AB 56``
    gives ``1234AB56``."""
    return compact_code(text)


def is_plate(text: str) -> bool:
    """Whether the text is a whole French plate, current (SIV) or old (FNI)."""
    key = plate_key(text)
    return bool(_PLATE_SIV.match(key) or _PLATE_FNI.match(key))


def vin_key(text: str) -> str:
    """A VIN as compared: upper case, no separators."""
    return compact_code(text)
