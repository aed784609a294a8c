"""Keys several screens share."""

from __future__ import annotations

from textual.binding import Binding

from tui.i18n import _


def field_moves(next_id: str, previous_id: str) -> list[Binding]:
    """``tab`` and ``shift+tab`` to the next and previous field, as priority keys: the focus
    moves before the keys typed ahead of it (a paste, a slow SSH link) are sent to the field
    it leaves, which would glue a first name onto a last name."""
    return [
        Binding("tab", "app.focus_next", _("Champ suivant"), id=next_id, show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", _("Champ précédent"), id=previous_id, show=False,
                priority=True),
    ]
