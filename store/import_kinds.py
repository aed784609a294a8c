"""What each import reads: the columns of a kind of file, their French/English/DMS headings,
how a cell is parsed, and the identity (external id) a row is upserted on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store import values as v


@dataclass(frozen=True, slots=True)
class Limit:
    """The values a column accepts on the import's day, compared as parsed (ISO days, numbers):
    ``bounds(day)`` gives the lowest and highest (None: no bound), ``reason(cell, day)`` why a
    cell beyond them is refused."""

    bounds: Callable[[date], tuple[Any, Any]]
    reason: Callable[[str, date], str]


def _until_today(day: date) -> tuple[Any, Any]:
    return None, day.isoformat()


def _until_tonight(day: date) -> tuple[Any, Any]:
    return None, f"{day.isoformat()}T23:59:59"


def _in_the_future(cell: str, day: date) -> str:
    return f"« {cell} » est dans le futur (après le {day:%d/%m/%Y}, jour de l'import)"


def _born_days(day: date) -> tuple[Any, Any]:
    low, high = v.birth_years(day)
    return f"{low:04d}-01-01", f"{high:04d}-12-31"


def _implausible_birth(cell: str, day: date) -> str:
    low, high = v.birth_years(day)
    return f"« {cell} » n'est pas plausible (naissance entre {low} et {high})"


PAST = Limit(_until_today, _in_the_future)  # the day of an event: not after the import's day
PAST_INSTANT = Limit(_until_tonight, _in_the_future)
BIRTH_DATE = Limit(_born_days, _implausible_birth)  # the new-client form's rule (16 to 110 years)
BIRTH_YEAR = Limit(v.birth_years, _implausible_birth)


@dataclass(frozen=True, slots=True)
class Column:
    """A destination field: the column of the table (or a reference), its headings, parser and
    the limit its values keep to on the import's day."""

    name: str
    headings: tuple[str, ...]
    parse: Callable[[str], object] = str.strip
    limit: Limit | None = None


@dataclass(frozen=True, slots=True)
class ImportKind:
    """One ``relance import`` kind: its table, identity column and columns."""

    name: str
    table: str
    key: str  # the identity column in the table (external id, VIN, repair-order number)
    columns: tuple[Column, ...]
    required: tuple[str, ...] = ()  # each row needs a value in these (besides the key)
    key_optional: bool = False  # clients: a row without a DMS number goes to the matcher
    # a large import builds the table's secondary indexes once at the end (not clients: the
    # matcher reads them row by row)
    defers_indexes: bool = True
    presets: dict[str, dict[str, str]] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# References resolved to ids at import time; not columns of the table themselves.
CLIENT_REF = "client_external_id"
VEHICLE_REF = "vin"

_CLIENT_REF = Column(CLIENT_REF, ("client_external_id", "numero_client", "n_client", "no_client",
                                  "num_client", "code_client", "client", "id_client", "client_id_dms",
                                  "numcli", "client_number"))
_VIN_REF = Column(VEHICLE_REF, ("vin", "numero_de_serie", "n_serie", "no_serie", "numero_serie",
                                "vis", "chassis", "numero_chassis"), v.parse_vin)

_KIND = v.choice({"prospect": "prospect", "client": "client", "former": "former",
                  "ancien_client": "former", "ancien": "former", "perdu": "former"}, "un type de client")
_ORIGIN = v.choice({"web_lead": "web_lead", "lead_web": "web_lead", "site": "web_lead",
                    "internet": "web_lead", "showroom": "showroom", "passage": "showroom",
                    "phone": "phone", "telephone": "phone", "contest": "contest",
                    "jeu_concours": "contest", "emulateur": "contest", "referral": "referral",
                    "parrainage": "referral", "recommandation": "referral", "dms": "dms",
                    "aftersales": "aftersales", "apv": "aftersales", "atelier": "aftersales",
                    "import": "import"}, "une origine")


CLIENTS = ImportKind(
    name="clients",
    table="clients",
    key="external_id",
    key_optional=True,
    defers_indexes=False,
    required=("last_name|company",),
    columns=(
        Column("external_id", ("external_id", "numero_client", "n_client", "no_client", "num_client",
                               "code_client", "id_client", "numero_dms", "client_number", "numcli")),
        Column("kind", ("kind", "type", "type_client", "statut_client"), _KIND),
        Column("civility", ("civility", "civilite", "titre", "civ")),
        Column("last_name", ("last_name", "nom", "nom_de_famille", "name", "surname")),
        Column("first_name", ("first_name", "prenom", "firstname")),
        Column("company", ("company", "societe", "raison_sociale", "entreprise")),
        Column("birth_year", ("birth_year", "annee_de_naissance", "annee_naissance"), v.parse_int,
               BIRTH_YEAR),
        Column("birth_date", ("birth_date", "date_de_naissance", "date_naissance", "ne_le"),
               v.parse_date, BIRTH_DATE),
        Column("profession", ("profession", "metier")),
        Column("phone", ("phone", "telephone", "tel", "portable", "mobile", "tel_portable",
                         "telephone_portable", "tel1"), v.parse_phone),
        Column("phone2", ("phone2", "telephone_2", "tel_2", "tel2", "telephone_fixe", "tel_fixe",
                          "fixe", "tel_domicile"), v.parse_phone),
        Column("email", ("email", "e_mail", "mail", "courriel", "adresse_mail"), v.parse_email),
        Column("address", ("address", "adresse", "adresse_1", "rue")),
        Column("postcode", ("postcode", "code_postal", "cp", "zip"), v.parse_postcode),
        Column("city", ("city", "ville", "commune", "localite")),
        Column("origin", ("origin", "origine", "source"), _ORIGIN),
        Column("consent_phone", ("consent_phone", "consentement_telephone", "optin_telephone",
                                 "accord_telephone"), v.CONSENT),
        Column("consent_sms", ("consent_sms", "consentement_sms", "optin_sms", "accord_sms"),
               v.CONSENT),
        Column("consent_email", ("consent_email", "consentement_email", "consentement_e_mail",
                                 "optin_email", "accord_email"), v.CONSENT),
        Column("consent_post", ("consent_post", "consentement_courrier", "optin_courrier",
                                "accord_courrier"), v.CONSENT),
        Column("last_inbound_on", ("last_inbound_on", "dernier_contact_entrant",
                                   "date_dernier_contact_client"), v.parse_date, PAST),
    ),
    presets={"dms": {"numcli": "external_id", "civ": "civility", "nom": "last_name",
                     "prenom": "first_name", "rs": "company", "adr1": "address", "cp": "postcode",
                     "ville": "city", "tel1": "phone", "tel2": "phone2", "mail": "email"}},
)

_CONDITION = v.choice({"new": "new", "neuf": "new", "vn": "new", "used": "used", "occasion": "used",
                       "vo": "used"}, "un état (VN/VO)")
_VEHICLE_STATUS = v.choice({"owned": "owned", "en_parc": "owned", "possede": "owned",
                            "actif": "owned", "sold": "sold", "vendu": "sold", "revendu": "sold",
                            "scrapped": "scrapped", "detruit": "scrapped", "epave": "scrapped"},
                           "un statut de véhicule")

VEHICLES = ImportKind(
    name="vehicles",
    table="vehicles",
    key="vin",
    columns=(
        _VIN_REF,
        _CLIENT_REF,
        Column("make", ("make", "marque")),
        Column("model", ("model", "modele")),
        Column("version_name", ("version_name", "version", "finition")),
        Column("energy", ("energy", "energie", "carburant")),
        Column("plate", ("plate", "immatriculation", "immat", "plaque"), v.parse_plate),
        Column("first_registration_on", ("first_registration_on", "date_mec",
                                         "mise_en_circulation", "date_mise_en_circulation",
                                         "date_1ere_immatriculation", "mec"), v.parse_date, PAST),
        Column("delivered_on", ("delivered_on", "date_livraison", "livraison", "date_de_livraison",
                                "date_achat"), v.parse_date, PAST),
        Column("condition", ("condition", "vn_vo", "type", "etat"), _CONDITION),
        Column("mileage", ("mileage", "kilometrage", "km"), v.parse_mileage),
        Column("mileage_on", ("mileage_on", "date_kilometrage", "date_releve_km"), v.parse_date, PAST),
        Column("status", ("status", "statut"), _VEHICLE_STATUS),
    ),
)

_MODE = v.choice({"cash": "cash", "comptant": "cash", "loan": "loan", "credit": "loan",
                  "credit_classique": "loan", "pret": "loan", "cc": "loan", "loa": "loa",
                  "lld": "lld"}, "un mode de financement")
_FINANCING_STATUS = v.choice({"active": "active", "en_cours": "active", "actif": "active",
                              "closed": "closed", "termine": "closed", "solde": "closed",
                              "renewed": "renewed", "renouvele": "renewed", "cancelled": "cancelled",
                              "annule": "cancelled"}, "un statut de contrat")


def _months(raw: str) -> int:
    months = v.parse_int(raw)
    if not 0 <= months <= 240:
        raise v.ValueProblem(f"« {raw.strip()} » n'est pas une durée en mois")
    return months


FINANCING = ImportKind(
    name="financing",
    table="financings",
    key="external_id",
    required=(CLIENT_REF, "mode", "start_on"),
    columns=(
        Column("external_id", ("external_id", "numero_contrat", "n_contrat", "no_contrat",
                               "contrat", "reference", "num_dossier", "numero_dossier", "dossier")),
        _CLIENT_REF,
        _VIN_REF,
        Column("mode", ("mode", "type_financement", "type", "produit", "formule"), _MODE),
        Column("lender", ("lender", "organisme", "financeur", "banque", "societe_financiere")),
        Column("start_on", ("start_on", "date_debut", "debut", "date_de_debut", "date_mise_en_place"),
               v.parse_date),
        Column("duration_months", ("duration_months", "duree", "duree_mois", "duree_en_mois",
                                   "nb_mois"), _months),
        Column("end_on", ("end_on", "date_fin", "fin", "date_de_fin", "echeance"), v.parse_date),
        Column("monthly_payment_cents", ("monthly_payment_cents", "mensualite", "loyer",
                                         "loyer_mensuel", "montant_mensualite"), v.parse_cents),
        Column("residual_cents", ("residual_cents", "valeur_residuelle", "vr", "option_achat",
                                  "option_d_achat", "ballon"), v.parse_cents),
        Column("status", ("status", "statut", "etat"), _FINANCING_STATUS),
    ),
)

REPAIR_ORDERS = ImportKind(
    name="repair-orders",
    table="repair_orders",
    key="number",
    required=("opened_on",),
    columns=(
        Column("number", ("number", "numero_or", "n_or", "no_or", "or", "numero", "num_or",
                          "ordre_de_reparation", "numero_ordre")),
        Column("opened_on", ("opened_on", "date", "date_or", "date_ouverture", "date_entree",
                             "date_facture"), v.parse_date, PAST),
        _CLIENT_REF,
        _VIN_REF,
        Column("mileage", ("mileage", "kilometrage", "km"), v.parse_mileage),
        Column("revenue_cents", ("revenue_cents", "ca_ht", "montant_ht", "total_ht", "chiffre_d_affaires_ht",
                                 "montant"), v.parse_cents),
        Column("kind", ("kind", "type", "nature", "type_or", "type_intervention")),
    ),
)

_LEAD_SOURCE = v.choice({"brand_site": "brand_site", "site_marque": "brand_site",
                         "lead_site_marque": "brand_site", "web": "brand_site",
                         "internet": "brand_site", "contest": "contest", "jeu_concours": "contest",
                         "emulateur": "contest", "phone": "phone", "telephone": "phone",
                         "walk_in": "walk_in", "passage": "walk_in", "showroom": "walk_in",
                         "partner": "partner", "partenaire": "partner"}, "une source de lead")
_LEAD_STATUS = v.choice({"new": "new", "nouveau": "new", "a_traiter": "new",
                         "in_progress": "in_progress", "en_cours": "in_progress",
                         "handled": "handled", "traite": "handled", "lost": "lost", "perdu": "lost"},
                        "un statut de lead")

LEADS = ImportKind(
    name="leads",
    table="leads",
    key="external_id",
    required=(CLIENT_REF, "source", "received_at"),
    columns=(
        Column("external_id", ("external_id", "numero_lead", "n_lead", "id_lead", "reference",
                               "lead_id")),
        _CLIENT_REF,
        Column("source", ("source", "origine", "canal"), _LEAD_SOURCE),
        Column("received_at", ("received_at", "date", "recu_le", "date_reception", "date_lead"),
               v.parse_instant, PAST_INSTANT),
        Column("status", ("status", "statut", "etat"), _LEAD_STATUS),
        Column("subject", ("subject", "objet", "sujet", "modele", "demande")),
    ),
)

_PROPOSAL_STATUS = v.choice({"open": "open", "ouverte": "open", "en_cours": "open",
                             "remise": "open", "accepted": "accepted", "acceptee": "accepted",
                             "signee": "accepted", "refused": "refused", "refusee": "refused",
                             "expired": "expired", "expiree": "expired"}, "un statut de proposition")

PROPOSALS = ImportKind(
    name="proposals",
    table="proposals",
    key="external_id",
    required=(CLIENT_REF, "handed_on"),
    columns=(
        Column("external_id", ("external_id", "numero_proposition", "n_proposition", "numero_offre",
                               "n_offre", "reference", "devis", "numero_devis")),
        _CLIENT_REF,
        Column("vehicle_offered", ("vehicle_offered", "vehicule", "vehicule_propose", "modele")),
        Column("amount_cents", ("amount_cents", "montant", "montant_ttc", "prix", "total"),
               v.parse_cents),
        Column("handed_on", ("handed_on", "date", "remise_le", "date_remise", "date_proposition"),
               v.parse_date, PAST),
        Column("status", ("status", "statut", "etat"), _PROPOSAL_STATUS),
    ),
)

KINDS: dict[str, ImportKind] = {k.name: k for k in (CLIENTS, VEHICLES, FINANCING, REPAIR_ORDERS,
                                                     LEADS, PROPOSALS)}
