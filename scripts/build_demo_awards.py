"""Generate the demo award data shipped in ``tenders/data/``.

FICTITIOUS contracts awarded from 2022 to 2025 by the demo buyers of the Communauté urbaine de
Dunkerque (the buyers of the demo notices, ``tenders/data/demo_notices.json``), in the DECP 2022 shape (arrêté du 22 décembre
2022: ``{"marches": {"marche": [...]}}``, ``titulaires[{"titulaire": {typeIdentifiant, id}}]``,
``offresRecues``, ``considerationsSociales``...). Two files:

- ``demo_decp_2022.json``: the contracts. Ids start with ``DEMO``, buyers' and outside winners'
  names end with « (démo) », and the file says it is fictitious.
- ``demo_etablissements.csv``: the establishments the register needs for these contracts and
  that the demo firms (``suppliers/data/demo_firms.csv.gz``) do not hold: the buyers, and firms
  outside the communauté urbaine (Lille, Calais, Arras, Paris...). Named columns of the
  register's records (:data:`suppliers.firm.RECORD_COLUMNS`), plus ``role``.

Winners are drawn from the demo register (local firms whose NAF matches the CPV), from the
outside establishments above, and from firms that are in no register at all (« hors registre »:
national groups, a Belgian firm identified by its VAT number). Some contracts have several
winners, some no ``offresRecues``, some no amount, a few a modification. SIRETs are made up,
with a valid Luhn key. Deterministic (fixed seed)::

    .venv/bin/python scripts/build_demo_awards.py
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.identifiers import luhn_key
from places.communes import get_commune
from suppliers.cpv import naf_prefixes_for_cpv
from suppliers.demo import demo_table
from suppliers.naf import naf_label
from tenders.demo import demo_notices

DATA = Path(__file__).resolve().parent.parent / "tenders" / "data"
AWARDS = DATA / "demo_decp_2022.json"
ESTABLISHMENTS = DATA / "demo_etablissements.csv"
SEED = 20251217
YEARS = (2022, 2023, 2024, 2025)
PER_YEAR = (38, 44, 47, 41)
DEMO = " (démo)"

# The buyers of the demo notices (tenders/data/demo_notices.json): (name, commune, NAF, tranche,
# weight, families they buy).
BUYER_PLACES: tuple[tuple[str, str, str, str, float, tuple[str, ...]], ...] = (
    ("Communauté urbaine de Dunkerque (démo)", "59183", "84.11Z", "42", 0.26, ("travaux", "voirie", "nettoyage", "informatique", "maintenance", "etudes", "espaces_verts", "securite", "impression", "transport")),
    ("Ville de Dunkerque (démo)", "59183", "84.11Z", "41", 0.18, ("travaux", "alimentation", "restauration", "nettoyage", "impression", "espaces_verts", "fournitures", "formation")),
    ("Ville de Grande-Synthe (démo)", "59271", "84.11Z", "32", 0.10, ("travaux", "restauration", "nettoyage", "espaces_verts", "fournitures")),
    ("Ville de Gravelines (démo)", "59273", "84.11Z", "22", 0.09, ("travaux", "alimentation", "nettoyage", "espaces_verts", "impression")),
    ("Ville de Coudekerque-Branche (démo)", "59155", "84.11Z", "22", 0.08, ("travaux", "nettoyage", "restauration", "maintenance")),
    ("CCAS de Dunkerque (démo)", "59183", "88.99B", "21", 0.06, ("restauration", "alimentation", "nettoyage")),
    ("Collège Jean Zay de Téteghem (démo)", "59588", "85.31Z", "12", 0.05, ("alimentation", "fournitures", "nettoyage")),
    ("Syndicat des eaux du Dunkerquois (démo)", "59273", "36.00Z", "21", 0.07, ("voirie", "etudes", "maintenance")),
    ("Ville de Bourbourg (démo)", "59094", "84.11Z", "12", 0.06, ("travaux", "espaces_verts", "nettoyage", "alimentation")),
    ("Office de tourisme de Dunkerque (démo)", "59183", "79.90Z", "11", 0.05, ("impression", "informatique", "formation")),
)  # fmt: skip


@dataclass(frozen=True)
class Family:
    """A kind of purchase: its CPV codes and objects, amounts, and who tends to win it."""

    cpv: tuple[tuple[str, str], ...]  # (code, object)
    amount: tuple[float, float]  # euros HT, drawn log-uniformly
    local: float  # chance that a winner is a firm of the communauté urbaine
    ccag: str


FAMILIES: dict[str, Family] = {
    "travaux": Family((("45261000", "Réfection de la toiture du gymnase"), ("45321000", "Isolation thermique d'une école"), ("45442100", "Peinture des bâtiments communaux"), ("45330000", "Plomberie et sanitaires d'un équipement sportif"), ("45310000", "Mise aux normes électriques de la mairie"), ("45421000", "Remplacement des menuiseries d'une école")), (60_000, 900_000), 0.62, "Travaux"),
    "voirie": Family((("45233140", "Réfection de chaussées et de trottoirs"), ("45232130", "Réseaux d'eaux pluviales"), ("45232150", "Renouvellement de conduites d'eau potable")), (120_000, 2_500_000), 0.35, "Travaux"),
    "alimentation": Family((("15110000", "Viande et volaille pour la restauration scolaire"), ("15500000", "Produits laitiers pour la cuisine centrale"), ("15810000", "Pain et viennoiseries pour les écoles"), ("03221000", "Fruits et légumes frais")), (40_000, 300_000), 0.45, "Fournitures courantes et services"),
    "restauration": Family((("55523100", "Restauration scolaire : fourniture de repas"), ("55521000", "Portage de repas à domicile")), (150_000, 1_800_000), 0.12, "Fournitures courantes et services"),
    "nettoyage": Family((("90919200", "Nettoyage des locaux administratifs"), ("90911300", "Nettoyage des vitres des écoles"), ("90910000", "Entretien ménager des équipements sportifs")), (40_000, 600_000), 0.12, "Fournitures courantes et services"),
    "espaces_verts": Family((("77310000", "Entretien des espaces verts"), ("77211400", "Élagage et abattage d'arbres")), (40_000, 350_000), 0.55, "Fournitures courantes et services"),
    "impression": Family((("79810000", "Impression du magazine municipal"), ("79820000", "Impression d'affiches et de dépliants")), (40_000, 220_000), 0.18, "Fournitures courantes et services"),
    "securite": Family((("79713000", "Gardiennage des bâtiments"), ("79714000", "Surveillance des parkings")), (60_000, 700_000), 0.1, "Fournitures courantes et services"),
    "informatique": Family((("72267000", "Maintenance du logiciel de gestion financière"), ("72413000", "Refonte du site internet")), (40_000, 400_000), 0.08, "Techniques de l'information et de la communication"),
    "maintenance": Family((("50720000", "Exploitation des chaufferies"), ("50750000", "Maintenance des ascenseurs"), ("50112000", "Entretien des véhicules de service")), (40_000, 500_000), 0.3, "Fournitures courantes et services"),
    "etudes": Family((("71000000", "Maîtrise d'œuvre pour la rénovation d'un équipement"), ("71900000", "Analyses de la qualité de l'eau")), (40_000, 450_000), 0.25, "Prestations intellectuelles"),
    "formation": Family((("80550000", "Formation des agents à la sécurité"),), (40_000, 120_000), 0.3, "Prestations intellectuelles"),
    "fournitures": Family((("30192000", "Fournitures de bureau et scolaires"), ("39160000", "Mobilier scolaire")), (40_000, 250_000), 0.1, "Fournitures courantes et services"),
    "transport": Family((("60130000", "Transport scolaire et sorties"),), (60_000, 600_000), 0.3, "Fournitures courantes et services"),
}  # fmt: skip

# Establishments outside the communauté urbaine, in the register: (name, NAF, commune, tranche,
# families they win).
OUTSIDE: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Grossiste alimentaire des Flandres", "46.39B", "59295", "22", ("alimentation",)),
    ("Maraîchers de l'Audomarois", "46.31Z", "62765", "11", ("alimentation",)),
    ("Boulangerie de Bergues", "10.71C", "59067", "02", ("alimentation",)),
    ("Restauration collective du Nord", "56.29A", "59350", "42", ("restauration",)),
    ("Cuisine centrale de l'Artois", "56.29A", "62041", "32", ("restauration",)),
    ("Propreté Nord Services", "81.21Z", "59350", "41", ("nettoyage",)),
    ("Nettoyage Côte d'Opale", "81.21Z", "62193", "22", ("nettoyage",)),
    ("Paysages de Flandre", "81.30Z", "59663", "12", ("espaces_verts",)),
    ("Routes et réseaux du Nord", "42.11Z", "59009", "42", ("voirie", "travaux")),
    ("Bâtiment Artois", "41.20B", "62498", "31", ("travaux",)),
    ("Toitures de l'Audomarois", "43.91B", "62765", "11", ("travaux",)),
    ("Génie électrique Hauts-de-France", "43.21A", "59350", "32", ("travaux", "maintenance")),
    ("Imprimerie lilloise", "18.12Z", "59350", "21", ("impression",)),
    ("Imprimerie du Boulonnais", "18.12Z", "62160", "12", ("impression",)),
    ("Sécurité gardiennage du Nord", "80.10Z", "59512", "41", ("securite",)),
    ("Services numériques de la métropole", "62.02A", "59350", "22", ("informatique",)),
    ("Éditeur de logiciels publics", "58.29A", "75056", "32", ("informatique",)),
    ("Ascenseurs et maintenance du Nord", "43.29B", "59512", "31", ("maintenance",)),
    ("Bureau d'études Flandre Artois", "71.12B", "62041", "12", ("etudes",)),
    ("Laboratoire d'analyses des eaux", "71.20B", "59350", "21", ("etudes",)),
    ("Formation sécurité Hauts-de-France", "85.59A", "62119", "11", ("formation",)),
    ("Fournitures de bureau du Nord", "46.66Z", "59512", "22", ("fournitures",)),
    ("Mobilier collectivités Picardie", "46.65Z", "80021", "21", ("fournitures",)),
    ("Autocars de l'Audomarois", "49.39A", "62765", "21", ("transport",)),
    ("Garage poids lourds de Bailleul", "45.20B", "59043", "11", ("maintenance",)),
)

# Winners in no register (national groups, a firm abroad): (name, identifier type, families).
UNREGISTERED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Groupe national de restauration", "SIRET", ("restauration",)),
    ("Entreprise générale de BTP France", "SIRET", ("travaux", "voirie")),
    ("Propreté Île-de-France", "SIRET", ("nettoyage",)),
    ("Société belge de nettoyage", "TVA", ("nettoyage",)),
    ("Imprimerie nationale de labeur", "SIRET", ("impression",)),
    ("Solutions informatiques lyonnaises", "SIRET", ("informatique",)),
    ("Sécurité privée France", "SIRET", ("securite",)),
    ("Maintenance multitechnique nationale", "SIRET", ("maintenance",)),
    ("Ingénierie Grand Ouest", "SIRET", ("etudes",)),
    ("Fournitures collectivités France", "SIRET", ("fournitures", "alimentation")),
    ("Paysagistes associés de Picardie", "SIRET", ("espaces_verts",)),
    ("Transports Voyageurs France", "SIRET", ("transport",)),
)

ESTABLISHMENT_COLUMNS = (
    "role", "siret", "nom_repli", "code_naf", "adresse", "code_postal", "code_commune",
    "latitude", "longitude", "precision", "tranche_effectif", "categorie_entreprise", "etat",
    "date_creation",
)  # fmt: skip
STREETS = ("rue de la République", "avenue du Général-de-Gaulle", "rue Nationale",
           "boulevard de la Liberté", "rue du Commerce", "place de l'Hôtel-de-Ville")  # fmt: skip


def firm_category(tranche: str) -> str:
    """INSEE's category as the establishment's headcount suggests: under 250 people a PME,
    up to 999 an ETI, beyond a large firm (GE). Buyers get none."""
    return "PME" if tranche <= "31" else "ETI" if tranche <= "41" else "GE"


def made_up_siret(rng: np.random.Generator, first: str, taken: set[str]) -> str:
    """A SIRET that passes the Luhn check and is not in ``taken`` (by SIREN)."""
    while True:
        body = first + "".join(str(d) for d in rng.integers(0, 10, 12))
        siret = body + luhn_key(body)
        if siret[:9] not in taken:
            taken.add(siret[:9])
            return siret


def establishments(rng: np.random.Generator, taken: set[str]) -> list[dict[str, str]]:
    rows = []
    known = {notice.acheteur for notice in demo_notices()}
    for name, commune_code, naf, tranche, *_ in BUYER_PLACES:
        assert name in known, f"{name} n'achète dans aucun avis de démonstration"
        commune = get_commune(commune_code)
        assert commune is not None and naf_label(naf), (commune_code, naf)
        rows.append(
            {
                "role": "acheteur",
                "siret": made_up_siret(rng, "2", taken),
                "nom_repli": name,
                "code_naf": naf,
                "adresse": f"{rng.integers(1, 40)} {STREETS[rng.integers(len(STREETS))]}",
                "code_postal": commune.codes_postaux[0],
                "code_commune": commune.code_insee,
                "latitude": f"{commune.mairie_latitude or commune.latitude:.6f}",
                "longitude": f"{commune.mairie_longitude or commune.longitude:.6f}",
                "precision": "adresse",
                "tranche_effectif": tranche,
                "categorie_entreprise": "",
                "etat": "A",
                "date_creation": f"{rng.integers(1960, 2000)}-01-01",
            }
        )
    for name, naf, commune_code, tranche, _ in OUTSIDE:
        commune = get_commune(commune_code)
        assert commune is not None and naf_label(naf), (commune_code, naf)
        rows.append(
            {
                "role": "titulaire",
                "siret": made_up_siret(rng, "8", taken),
                "nom_repli": name + DEMO,
                "code_naf": naf,
                "adresse": f"{rng.integers(1, 200)} {STREETS[rng.integers(len(STREETS))]}",
                "code_postal": commune.codes_postaux[0] if commune.codes_postaux else "",
                "code_commune": commune.code_insee,
                "latitude": "",  # placed at the commune's point by the register
                "longitude": "",
                "precision": "",
                "tranche_effectif": tranche,
                "categorie_entreprise": firm_category(tranche),
                "etat": "A",
                "date_creation": f"{rng.integers(1970, 2020)}-{rng.integers(1, 13):02d}-01",
            }
        )
    return rows


def local_pools(families: dict[str, Family]) -> dict[str, list[str]]:
    """For each family, the active demo firms whose NAF matches one of its CPV codes."""
    firms = demo_table()
    firms = firms[firms["etat"] == "A"]
    pools = {}
    for key, family in families.items():
        prefixes = tuple({p for code, _ in family.cpv for p in naf_prefixes_for_cpv(code)})
        match = firms["code_naf"].str.startswith(prefixes)
        pools[key] = sorted(firms.loc[match, "siret"])
    return pools


def main() -> None:
    rng = np.random.default_rng(SEED)
    taken = {s[:9] for s in demo_table()["siret"]}
    rows = establishments(rng, taken)
    buyers = [r for r in rows if r["role"] == "acheteur"]
    outside = {r["nom_repli"]: r["siret"] for r in rows if r["role"] == "titulaire"}
    unregistered = []
    for name, kind, families in UNREGISTERED:
        if kind == "TVA":
            identifier = f"BE0{rng.integers(10**8, 10**9)}"
        else:
            identifier = made_up_siret(rng, "8", taken)
        unregistered.append((name + DEMO, kind, identifier, families))
    far_pool = [(name + DEMO, outside[name + DEMO], fams) for name, *_, fams in OUTSIDE]
    pools = local_pools(FAMILIES)
    firm_names = dict(zip(demo_table()["siret"], demo_table()["nom_repli"], strict=True))
    for key, pool in pools.items():
        assert pool, f"aucune entreprise de démonstration pour la famille {key}"

    def winner(family_key: str) -> tuple[str, str, str]:
        """(typeIdentifiant, id, name) of one winner of a contract of this family."""
        family = FAMILIES[family_key]
        draw = rng.random()
        if draw < family.local:
            siret = pools[family_key][rng.integers(len(pools[family_key]))]
            return "SIRET", siret, firm_names[siret]
        far = [(name, siret) for name, siret, fams in far_pool if family_key in fams]
        unreg = [u for u in unregistered if family_key in u[3]]
        if unreg and (not far or rng.random() < 0.45):
            name, kind, identifier, _ = unreg[rng.integers(len(unreg))]
            return kind, identifier, name
        name, siret = far[rng.integers(len(far))]
        return "SIRET", siret, name

    weights = np.array([b[4] for b in BUYER_PLACES])
    weights /= weights.sum()
    marches = []
    for year, count in zip(YEARS, PER_YEAR, strict=True):
        for number in range(1, count + 1):
            b = int(rng.choice(len(BUYER_PLACES), p=weights))
            buyer_name, commune_code, *_, families = BUYER_PLACES[b]
            family_key = families[rng.integers(len(families))]
            family = FAMILIES[family_key]
            code, objet = family.cpv[rng.integers(len(family.cpv))]
            low, high = family.amount
            amount = float(round(np.exp(rng.uniform(np.log(low), np.log(high))), -2))
            works = family.ccag == "Travaux"
            threshold = 5_538_000 if works else 221_000
            procedure = (
                "Appel d'offres ouvert"
                if amount >= threshold or (amount > 150_000 and rng.random() < 0.4)
                else "Procédure adaptée"
            )
            direct = rng.random() < 0.05 and amount < 100_000
            if direct:
                procedure = "Marché passé sans publicité ni mise en concurrence préalable"
            winners_count = 1
            framework = False
            if not direct and rng.random() < 0.14:
                winners_count, framework = int(rng.choice([2, 3], p=[0.7, 0.3])), True
            winners: list[tuple[str, str, str]] = []
            while len(winners) < winners_count:
                pick = winner(family_key)
                if pick[1] not in {w[1] for w in winners}:
                    winners.append(pick)
            notified = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 360)))
            if year == 2025 and notified > date(2025, 11, 30):
                notified = date(2025, 11, 30)
            bids = 1 if direct else int(max(winners_count, rng.poisson(3.2 if works else 2.4)))
            bids = max(bids, 1)
            social = rng.random() < (0.35 if works or family_key == "nettoyage" else 0.12)
            green = rng.random() < 0.3
            record: dict[str, object] = {
                "id": f"DEMO{year}{number:04d}",
                "acheteur": {"id": buyers[b]["siret"], "nom": buyer_name},
                "nature": "Accord-cadre" if framework else "Marché",
                "objet": objet,
                "codeCPV": code,
                "procedure": procedure,
                "techniques": {"technique": ["Accord-cadre" if framework else "Sans objet"]},
                "modalitesExecution": {
                    "modaliteExecution": ["Bons de commande" if framework else "Tranches"]
                },
                "lieuExecution": {"code": commune_code, "typeCode": "Code commune"},
                "dureeMois": int(rng.choice([6, 12, 24, 36, 48])),
                "dateNotification": notified.isoformat(),
                "datePublicationDonnees": (notified + timedelta(days=int(rng.integers(5, 55)))).isoformat(),
                "montant": amount,
                "formePrix": "Unitaire" if framework else str(rng.choice(["Forfaitaire", "Mixte"])),
                "typesPrix": {"typePrix": ["Définitif ferme"]},
                "ccag": family.ccag,
                "offresRecues": bids,
                "considerationsSociales": {
                    "considerationSociale": ["Clause sociale" if social else "Pas de considération sociale"]
                },
                "considerationsEnvironnementales": {
                    "considerationEnvironnementale": [
                        "Critère environnemental" if green else "Pas de considération environnementale"
                    ]
                },
                "marcheInnovant": False,
                "attributionAvance": False,
                "tauxAvance": 0,
                "origineUE": 0,
                "origineFrance": 0,
                "sousTraitanceDeclaree": False,
                "typeGroupementOperateurs": "Pas de groupement",
                "titulaires": [
                    {"titulaire": {"typeIdentifiant": kind, "id": identifier, "denominationSociale": name}}
                    for kind, identifier, name in winners
                ],
                "modifications": [],
                "actesSousTraitance": [],
                "modificationsActesSousTraitance": [],
            }  # fmt: skip
            if rng.random() < 0.15:  # the buyer did not say how many bids it received
                del record["offresRecues"]
            if rng.random() < 0.05:  # no amount published
                del record["montant"]
            elif rng.random() < 0.06:  # one amendment: +5 to +15 % and three more months
                record["modifications"] = [
                    {
                        "modification": {
                            "id": 1,
                            "montant": round(amount * float(rng.uniform(1.05, 1.15)), -2),
                            "dureeMois": int(record["dureeMois"]) + 3,  # type: ignore[call-overload]
                            "dateNotificationModification": (notified + timedelta(days=200)).isoformat(),
                            "datePublicationDonneesModification": (notified + timedelta(days=210)).isoformat(),
                        }
                    }
                ]  # fmt: skip
            marches.append(record)
    payload = {
        "avertissement": (
            "Données FICTIVES de démonstration de Clair : ces marchés n'ont jamais été "
            "attribués. Format DECP 2022 (arrêté du 22 décembre 2022)."
        ),
        "marches": {"marche": marches},
    }
    DATA.mkdir(parents=True, exist_ok=True)
    AWARDS.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    with ESTABLISHMENTS.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=ESTABLISHMENT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(marches)} marchés fictifs → {AWARDS}")
    print(f"{len(rows)} établissements fictifs → {ESTABLISHMENTS}")


if __name__ == "__main__":
    main()
