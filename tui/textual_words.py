"""Textual's own words (its widgets' key descriptions, its palette commands) in the interface language.

Textual writes them in English and has no catalog of its own. The key descriptions live in the
``BINDINGS`` of its classes (``DataTable``: « Cursor up », ``Screen``: « Focus Next »,
``SelectOverlay``: « Dismiss menu »); a subclass that declares a key again overrides the parent's
binding, but some of these widgets are built inside Textual (the ``Select``'s overlay) and every
screen inherits ``Screen``'s. So, in French, ``translate_textual_bindings`` writes the French
descriptions into those classes' ``BINDINGS`` once, before the app runs, and merges every class's
bindings again (Textual merges them when a class is created). Nothing is done in English.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from tui.i18n import language

# Textual 8's English descriptions -> French. A description missing here stays in English:
# tests/test_app_lang.py lists every description of the widgets the app uses and fails on one.
FR: dict[str, str] = {
    # App, Screen
    "Quit": "Quitter",
    "Quit the app and return to the command prompt.": "Quitter l'application.",
    "Focus Next": "Champ suivant",
    "Focus Previous": "Champ précédent",
    "Copy selected text": "Copier le texte sélectionné",
    # DataTable, OptionList, scrolling
    "Select": "Choisir",
    "Cursor up": "Ligne précédente",
    "Cursor down": "Ligne suivante",
    "Cursor right": "Colonne suivante",
    "Cursor left": "Colonne précédente",
    "Page up": "Page précédente",
    "Page down": "Page suivante",
    "Page Up": "Page précédente",
    "Page Down": "Page suivante",
    "Page Left": "Page à gauche",
    "Page Right": "Page à droite",
    "Top": "Début",
    "Bottom": "Fin",
    "Home": "Début",
    "End": "Fin",
    "Up": "Haut",
    "Down": "Bas",
    "First": "Premier",
    "Last": "Dernier",
    "Scroll Up": "Défiler vers le haut",
    "Scroll Down": "Défiler vers le bas",
    "Scroll Left": "Défiler à gauche",
    "Scroll Right": "Défiler à droite",
    "Scroll Home": "Début",
    "Scroll End": "Fin",
    # Input
    "Move cursor left": "Caractère précédent",
    "Move cursor left and select": "Sélectionner à gauche",
    "Move cursor left a word": "Mot précédent",
    "Move cursor left a word and select": "Sélectionner le mot précédent",
    "Move cursor right or accept the completion suggestion":
        "Caractère suivant ou accepter la suggestion",
    "Move cursor right and select": "Sélectionner à droite",
    "Move cursor right a word": "Mot suivant",
    "Move cursor right a word and select": "Sélectionner le mot suivant",
    "Delete character left": "Effacer à gauche",
    "Select all": "Tout sélectionner",
    "Go to start": "Aller au début",
    "Go to end": "Aller à la fin",
    "Select line start": "Sélectionner jusqu'au début",
    "Select line end": "Sélectionner jusqu'à la fin",
    "Delete character right": "Effacer à droite",
    "Submit": "Valider",
    "Delete left to start of word": "Effacer le mot à gauche",
    "Delete all to the left": "Effacer tout à gauche",
    "Delete right to start of word": "Effacer le mot à droite",
    "Delete all to the right": "Effacer tout à droite",
    "Cut selected text": "Couper le texte sélectionné",
    "Paste text from the clipboard": "Coller",
    # Select, Button, RadioSet
    "Show menu": "Ouvrir la liste",
    "Dismiss menu": "Fermer la liste",
    "Press button": "Appuyer",
    "Next option": "Choix suivant",
    "Previous option": "Choix précédent",
    "Toggle": "Cocher / décocher",
    # command palette
    "Go to bottom": "Aller à la fin",
    "Go to top": "Aller au début",
    "Next command": "Commande suivante",
    "Previous command": "Commande précédente",
    "Exit the command palette": "Fermer la palette",
    "Next page": "Page suivante",
    "Previous page": "Page précédente",
    # the palette's own commands (App.get_system_commands)
    "Theme": "Thème",
    "Change the current theme": "Changer le thème de l'écran",
    "Quit the application as soon as possible": "Quitter l'application",
    "Keys": "Touches",
    "Hide the keys and widget help panel": "Masquer le panneau des touches",
    "Show help for the focused widget and a summary of available keys":
        "Afficher l'aide et les touches de l'écran",
    "Minimize": "Réduire",
    "Minimize the widget and restore to normal size": "Rendre au champ sa taille normale",
    "Maximize": "Agrandir",
    "Maximize the focused widget": "Agrandir le champ actif à tout l'écran",
    "Screenshot": "Capture d'écran",
    "Save an SVG 'screenshot' of the current screen": "Enregistrer l'écran en image SVG",
}


def textual_word(text: str) -> str:
    """One of Textual's English words in the interface language."""
    return FR.get(text, text) if language() == "fr" else text


def _translated(binding: BindingType) -> Binding:
    made = binding if isinstance(binding, Binding) else Binding(*binding)
    return replace(made, description=textual_word(made.description),
                   tooltip=textual_word(made.tooltip))


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _subclasses(sub)
    return found


_seen: set[type[DOMNode]] = set()


def translate_textual_bindings() -> None:
    """Textual's key descriptions in French (when the interface is French), in every class
    defined so far and, through their ``BINDINGS``, every subclass defined later.

    Cheap once done: only the classes new since the last call are looked at, so it is called
    again as each screen is pushed (its module may have brought a widget Textual loads lazily,
    such as ``Select``), not paid for at startup by importing every widget."""
    if language() != "fr":
        return
    fresh = [cls for cls in dict.fromkeys(_subclasses(DOMNode)) if cls not in _seen]
    _seen.update(fresh)
    changed: list[type[DOMNode]] = []
    for cls in fresh:
        own = cls.__dict__.get("BINDINGS")
        if own and cls.__module__.startswith("textual."):
            cls.BINDINGS = [_translated(binding) for binding in own]
            changed.append(cls)
    # Textual merged each class's bindings when the class was made: merge again the classes
    # translated and those made from them before this call (their merge reads the bases')
    for cls in dict.fromkeys(sub for base in changed for sub in _subclasses(base)):
        cls._merged_bindings = cls._merge_bindings()
