"""The law on phone canvassing (France, since August 2026): which calls are held, and why."""

from __future__ import annotations

from store.facts import ClientContext

HELD_REFUSED = "consentement téléphone refusé par le client"
HELD_UNKNOWN = (
    "particulier sans consentement téléphone connu et sans contrat en cours : "
    "appel de prospection interdit"
)


def phone_hold_reason(client: ClientContext, canvassing: bool = True) -> str:
    """Why a phone reminder to ``client`` is held, in French; empty when the call is allowed.

    Refused consent holds every call. Unknown consent holds a sales call (``canvassing``) to a
    consumer (no company) unless an ongoing contract (an active financing not ended) ties them
    to the dealership; a call about the client's own case (a complaint, a repair just done) is
    not canvassing, and unknown consent does not hold it.
    """
    if client.consent_phone == "no":
        return HELD_REFUSED
    if (
        canvassing
        and client.consent_phone == "unknown"
        and not client.company.strip()
        and not client.has_active_contract
    ):
        return HELD_UNKNOWN
    return ""


def hold_reason(channel: str, client: ClientContext, canvassing: bool = True) -> str:
    """Why a reminder on ``channel`` is held; only phone calls are held by this rule."""
    return phone_hold_reason(client, canvassing) if channel == "phone" else ""
