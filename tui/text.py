"""Data meets the screen here: user and import text is shown as typed, never interpreted."""

from __future__ import annotations

import os
import re

from rich.text import Text

# Read at import, before the app starts: Textual takes NO_COLOR out of the environment then.
_NO_COLOR = "NO_COLOR" in os.environ
_COLOURS = frozenset({"red", "green", "yellow"})


def tone(style: str) -> str:
    """``style`` as is where colours show. Under NO_COLOR Textual greys every colour by its
    luminance, and red comes out nearly as dark as the background: a warning in red becomes
    underlined instead (bold kept), the other colour words are dropped (the words say it)."""
    if not _NO_COLOR:
        return style
    words = style.split()
    kept = [word for word in words if word not in _COLOURS]
    if "red" in words:
        kept.append("underline")
    return " ".join(kept)


# C0 and C1 controls (ESC, BEL, CR...) would let a client's name drive the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: object) -> str:
    """``value`` as one safe line: control characters shown as U+FFFD, line breaks as spaces."""
    text = "" if value is None else str(value)
    return _CONTROLS.sub("\ufffd", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def plain(value: object, style: str = "") -> Text:
    """A Rich ``Text`` holding ``value`` literally: ``[b]Dupont[/]`` stays ``[b]Dupont[/]``."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")
