"""Content lines shared by iCalendar (RFC 5545) and vCard (RFC 6350, 2426): escaping and folding."""

from __future__ import annotations

from collections.abc import Iterable

LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(value: object) -> str:
    """A TEXT value: backslash, comma, semicolon and line breaks escaped."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (CRLF + one space), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1  # the leading space counts
        current += ch
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def render(lines: Iterable[str]) -> str:
    """Content lines folded, each ended by CRLF."""
    return "".join(fold(line) + CRLF for line in lines)
