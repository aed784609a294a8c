"""What to say: the talking points of a call, drawn from the rule that raised it."""

from __future__ import annotations

AFTERSALES_RULES = frozenset({"service_due", "aged_vehicle_unseen", "satisfaction_call"})

_POINTS_FR: dict[str, tuple[str, ...]] = {
    "complaint_follow_up": ("Faire le point sur la réclamation", "Dire ce qui a été fait et quand",
                            "Convenir de la prochaine étape"),
    "complaint_resolved_call": ("Vérifier que la solution convient", "Remercier de la patience",
                                "Noter la satisfaction"),
    "web_lead": ("Répondre à la demande faite sur le site", "Qualifier le besoin (modèle, budget, délai)",
                 "Proposer un essai ou un rendez-vous"),
    "proposal_follow_up": ("Reprendre la proposition remise", "Lever les objections",
                           "Proposer un rendez-vous de signature"),
    "financing_middle": ("Point à mi-contrat : kilométrage, usage", "Évoquer le renouvellement anticipé"),
    "financing_end_6m": ("Fin de contrat dans 6 mois : offre de renouvellement",
                         "Estimer la reprise", "Présenter les nouveautés"),
    "financing_end_2m": ("Fin de contrat dans 2 mois : offre de renouvellement",
                         "Préparer la restitution ou le rachat", "Fixer un rendez-vous"),
    "satisfaction_call": ("Satisfaction après le passage à l'atelier", "Noter toute réserve"),
    "contest_lead": ("Remercier de la participation au jeu", "Qualifier le projet automobile"),
    "loyalty_call": ("Satisfaction du véhicule", "Rappeler l'entretien et les services",
                     "Recueillir un avis"),
    "service_due": ("Entretien dû : proposer un rendez-vous atelier", "Rappeler les offres du moment"),
    "aged_vehicle_unseen": ("Véhicule non revu à l'atelier : proposer un contrôle",
                            "Évoquer le remplacement du véhicule"),
    "untouched_record": ("Mettre à jour la fiche (coordonnées, situation, véhicule)",
                         "Vérifier les consentements"),
}

_POINTS_EN: dict[str, tuple[str, ...]] = {
    "complaint_follow_up": ("Review the complaint", "Say what was done and when", "Agree the next step"),
    "complaint_resolved_call": ("Check the solution suits", "Thank them for their patience",
                                "Record satisfaction"),
    "web_lead": ("Answer the request made on the website", "Qualify the need (model, budget, timing)",
                 "Offer a test drive or a meeting"),
    "proposal_follow_up": ("Go over the proposal handed over", "Answer objections",
                           "Offer a signing appointment"),
    "financing_middle": ("Mid-contract review: mileage, use", "Mention an early renewal"),
    "financing_end_6m": ("Contract ends in 6 months: renewal offer", "Estimate the trade-in",
                         "Present what is new"),
    "financing_end_2m": ("Contract ends in 2 months: renewal offer",
                         "Prepare the return or the buy-out", "Book a meeting"),
    "satisfaction_call": ("Satisfaction after the workshop visit", "Record any reservation"),
    "contest_lead": ("Thank them for entering the contest", "Qualify their car plans"),
    "loyalty_call": ("Satisfaction with the vehicle", "Remind servicing and services", "Ask for a review"),
    "service_due": ("Service due: offer a workshop appointment", "Mention current offers"),
    "aged_vehicle_unseen": ("Vehicle not seen in the workshop: offer a check",
                            "Mention replacing the vehicle"),
    "untouched_record": ("Update the record (details, situation, vehicle)", "Check consent"),
}


def talking_points(rule_id: str, lang: str = "fr") -> tuple[str, ...]:
    """The points to raise on a call made for ``rule_id`` (site rules fall back to general ones)."""
    table = _POINTS_EN if lang == "en" else _POINTS_FR
    general = ("Faire le point avec le client",) if lang != "en" else ("Catch up with the client",)
    return table.get(rule_id, general)


def department(rule_id: str) -> str:
    """``aftersales`` for the workshop's reminders, ``sales`` for the others."""
    return "aftersales" if rule_id in AFTERSALES_RULES else "sales"
