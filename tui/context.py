"""What every command and the app need to know: which database, which day, who, which language."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from store.db import default_path

DEALERSHIP_TZ = ZoneInfo("Europe/Paris")


class UsageError(Exception):
    """A command-line value is wrong; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Context:
    db_path: Path
    today: date
    user: str
    lang: str
    rules_path: Path | None = None  # --rules FILE; None: RELANCE_RULES, else the config directory


def parse_day(text: str, where: str) -> date:
    """A YYYY-MM-DD day, or a :class:`UsageError` naming ``where`` it came from."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{where} : « {text} » n'est pas une date AAAA-MM-JJ.") from None


def resolve(db: str | None, today: str | None, lang: str | None, rules: str | None = None
            ) -> Context:
    """Options first, then ``RELANCE_DB``/``RELANCE_TODAY``/``RELANCE_LANG``, then defaults
    (the site rules file falls back on ``RELANCE_RULES`` later, in ``rules.ruleset``)."""
    db_text = db or os.environ.get("RELANCE_DB") or ""
    db_path = Path(db_text).expanduser() if db_text else default_path()
    if today:
        day = parse_day(today, "--today")
    elif os.environ.get("RELANCE_TODAY"):
        day = parse_day(os.environ["RELANCE_TODAY"], "RELANCE_TODAY")
    else:
        day = datetime.now(DEALERSHIP_TZ).date()
    from tui.i18n import language_from_locale

    language = (lang or os.environ.get("RELANCE_LANG") or language_from_locale() or "fr").lower()
    if language not in ("fr", "en"):
        raise UsageError(f"--lang : « {language} » inconnu (fr ou en).")
    rules_path = Path(rules).expanduser() if rules else None
    return Context(db_path=db_path, today=day, user=current_login(), lang=language,
                   rules_path=rules_path)


def current_login() -> str:
    """The OS login (over SSH, the account the receptionist signed in with)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"
