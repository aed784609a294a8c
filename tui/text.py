"""Data meets the screen here: user and import text is shown as typed, never interpreted."""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls (ESC, BEL, CR...) would let a client's name drive the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: object) -> str:
    """``value`` as one safe line: control characters shown as U+FFFD, line breaks as spaces."""
    text = "" if value is None else str(value)
    return _CONTROLS.sub("\ufffd", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def plain(value: object, style: str = "") -> Text:
    """A Rich ``Text`` holding ``value`` literally: ``[b]Dupont[/]`` stays ``[b]Dupont[/]``."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")
