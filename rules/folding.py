"""Text folded for matching (lower case, no accents, one apostrophe), with a map back to the original."""

from __future__ import annotations

import unicodedata

# Characters NFKD leaves whole but people type interchangeably.
_SPECIAL = {
    "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
    "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


def fold_char(ch: str) -> str:
    """One character folded: may become zero, one or two characters."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """``« Après-Demain »`` -> ``« apres-demain »``: what every matcher compares."""
    return "".join(fold_char(ch) for ch in text)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def original_span(index: list[int], length: int, start: int, end: int) -> tuple[int, int]:
    """Map a ``[start, end)`` span of the folded text back onto the original text of ``length`` chars."""
    if start >= end:
        pos = index[start] if start < len(index) else length
        return pos, pos
    return index[start], index[end - 1] + 1
