"""Words for the user kept as a French template and the values that fill it, apart: the
interface translates the template, then fills it (``tui.i18n.said``)."""

from __future__ import annotations


class Said:
    """Mixed into the dataclasses and exceptions that tell the user something: ``reason`` is
    a French template, ``values`` fill it; ``message`` is it filled, in French."""

    __slots__ = ()
    reason: str
    values: dict[str, str]

    @property
    def message(self) -> str:
        return self.reason.format(**self.values) if self.values else self.reason


def as_texts(values: dict[str, object]) -> dict[str, str]:
    """Values as a template shows them."""
    return {name: str(value) for name, value in values.items()}
