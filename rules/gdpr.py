"""GDPR policy (CNIL): who may erase a person, and when data is due for purge."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

ERASING_ROLES = frozenset({"manager", "admin"})
PROSPECT_RETENTION = relativedelta(years=3)  # after the last contact coming from the prospect
CLIENT_RETENTION = relativedelta(years=3)  # after the end of the commercial relationship


def erase_refusal(login: str, role: str | None) -> str | None:
    """Why ``login`` (with ``role`` from the users table, None when absent) may not erase a
    person; None when they may."""
    if role is None:
        return (f"« {login} » n'est pas dans la table des utilisateurs : l'effacement est réservé "
                "aux chefs des ventes (manager) et aux administrateurs.")
    if role not in ERASING_ROLES:
        return (f"« {login} » a le rôle {role} : l'effacement est réservé aux chefs des ventes "
                "(manager) et aux administrateurs.")
    return None


def prospect_cutoff(today: date) -> date:
    """A prospect whose last contact from them is before this day is due for purge."""
    return today - PROSPECT_RETENTION


def client_cutoff(today: date) -> date:
    """A (former) client whose relationship ended before this day is due for purge."""
    return today - CLIENT_RETENTION


def due_reason(kind: str, last_on: str) -> str:
    """The words ``relance gdpr due`` shows for one person."""
    shown = f"{last_on[8:10]}/{last_on[5:7]}/{last_on[0:4]}"
    if kind == "prospect":
        return f"prospect sans contact de sa part depuis le {shown} (plus de 3 ans)"
    return f"relation commerciale terminée le {shown} (plus de 3 ans)"
