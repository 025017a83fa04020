"""Generate the demo firms shipped in ``suppliers/data/demo_firms.csv.gz``.

About 400 FICTITIOUS firms in the 17 communes of the Communauté urbaine de Dunkerque, with
realistic activities (food supply, catering, cleaning, building works, printing, IT...), made-up
SIRETs with a valid key, points drawn inside the real commune outlines, and for some of them a
declaration (keywords, delivery area, contact on the reserved ``.example`` domain) and an
officer's decision. Names end with « (démo) ». Deterministic (fixed seed)::

    .venv/bin/python scripts/build_demo_firms.py
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.identifiers import luhn_key
from core.text import fold
from places.communes import CUD_COMMUNES, commune_polygons, get_commune
from suppliers.naf import naf_label

OUT = Path(__file__).resolve().parent.parent / "suppliers" / "data" / "demo_firms.csv.gz"
SEED = 20240959
COUNT = 400
DEMO_SUFFIX = " (démo)"

# (NAF sub-class, name stems, keywords a firm of this trade would declare, weight)
TRADES: list[tuple[str, list[str], list[str], int]] = [
    ("10.71C", ["Boulangerie", "Au Pain de", "Fournil"], ["pain", "viennoiseries", "pâtisseries", "goûters"], 14),
    ("10.13B", ["Charcuterie", "Salaisons"], ["charcuterie", "plats cuisinés", "viandes"], 5),
    ("46.31Z", ["Primeurs", "Vergers et Potagers"], ["fruits", "légumes", "produits locaux", "circuit court"], 8),
    ("46.33Z", ["Crèmerie", "Laiterie"], ["produits laitiers", "fromages", "yaourts"], 5),
    ("46.39B", ["Épicerie en gros", "Distribution alimentaire"], ["épicerie", "denrées sèches", "livraison cantines"], 8),
    ("46.38B", ["Marée", "Poissonnerie de gros"], ["poisson frais", "produits de la mer"], 4),
    ("56.10A", ["Restaurant", "Brasserie", "Estaminet"], ["restauration", "repas", "salle de réception"], 14),
    ("56.21Z", ["Traiteur", "Buffets"], ["traiteur", "buffets", "plateaux-repas", "réceptions"], 10),
    ("56.29A", ["Restauration collective", "Cuisine centrale"], ["cantine", "restauration scolaire", "liaison froide"], 6),
    ("81.21Z", ["Nettoyage", "Propreté"], ["nettoyage de bureaux", "entretien des locaux", "vitrerie"], 16),
    ("81.22Z", ["Nettoyage industriel", "Hygiène services"], ["nettoyage industriel", "désinfection", "remise en état"], 6),
    ("81.30Z", ["Jardins", "Espaces verts"], ["espaces verts", "tonte", "élagage", "entretien de parcs"], 10),
    ("43.21A", ["Électricité", "Elec"], ["électricité", "éclairage", "mise aux normes", "bornes de recharge"], 14),
    ("43.22A", ["Plomberie", "Sanitaire"], ["plomberie", "sanitaires", "dépannage"], 12),
    ("43.22B", ["Chauffage", "Thermique"], ["chauffage", "climatisation", "pompes à chaleur"], 8),
    ("43.32A", ["Menuiserie", "Fenêtres"], ["menuiserie", "fenêtres", "portes", "bois"], 10),
    ("43.34Z", ["Peinture", "Décoration"], ["peinture", "revêtements", "ravalement"], 10),
    ("43.91B", ["Couverture", "Toitures"], ["couverture", "zinguerie", "étanchéité"], 8),
    ("43.99C", ["Maçonnerie", "Bâtiment"], ["maçonnerie", "gros œuvre", "rénovation"], 12),
    ("42.11Z", ["Travaux publics", "Routes"], ["voirie", "enrobés", "terrassement"], 5),
    ("18.12Z", ["Imprimerie", "Arts graphiques"], ["impression", "affiches", "brochures", "papeterie"], 8),
    ("18.13Z", ["Studio graphique", "Prépresse"], ["mise en page", "signalétique", "graphisme"], 4),
    ("62.01Z", ["Logiciels", "Développement web"], ["développement", "sites web", "applications"], 8),
    ("62.02A", ["Conseil informatique", "Numérique"], ["informatique", "réseaux", "cybersécurité", "infogérance"], 8),
    ("95.11Z", ["Dépannage informatique", "Réparation PC"], ["réparation", "ordinateurs", "maintenance"], 6),
    ("46.66Z", ["Bureautique", "Équipement de bureau"], ["photocopieurs", "mobilier de bureau", "fournitures"], 5),
    ("49.41A", ["Transports", "Logistique"], ["transport de marchandises", "livraison", "messagerie"], 8),
    ("80.10Z", ["Sécurité", "Gardiennage"], ["gardiennage", "surveillance", "sécurité incendie"], 6),
    ("71.12B", ["Bureau d'études", "Ingénierie"], ["études techniques", "maîtrise d'œuvre", "diagnostics"], 6),
    ("45.20A", ["Garage", "Auto service"], ["entretien véhicules", "réparation automobile", "flottes"], 6),
    ("85.59A", ["Formation", "Centre de formation"], ["formation professionnelle", "sécurité au travail"], 5),
]  # fmt: skip

SURNAMES = [
    "Vandamme", "Deswarte", "Lefebvre", "Dewaele", "Vermeersch", "Ducrocq", "Vanhoutte",
    "Delattre", "Verbeke", "Coppin", "Hennebelle", "Debaecker", "Vandenbussche", "Caron",
    "Dumont", "Leroy", "Pruvost", "Baert", "Verhaeghe", "Declercq", "Lemaire", "Dehondt",
    "Vasseur", "Wyckaert", "Blondé", "Desmet", "Top", "Lambin", "Vanpeene", "Hoflack",
]  # fmt: skip
PLACES = ["la Côte d'Opale", "Flandre", "l'Aa", "la Dune", "Malo", "la Digue", "Fort-Mardyck",
          "la Colme", "l'Estran", "Zuydcoote"]  # fmt: skip
STREETS = ["rue de la Gare", "rue du Port", "avenue de la Mer", "rue des Écoles",
           "rue Jean-Jaurès", "boulevard de l'Europe", "rue du Moulin", "quai des Pêcheurs",
           "rue de Flandre", "place de la République", "route de Bergues", "rue des Dunes"]  # fmt: skip
AREAS = ["Communauté urbaine de Dunkerque", "Littoral dunkerquois", "Flandre maritime",
         "Nord et Pas-de-Calais", "Dunkerque et communes voisines"]  # fmt: skip
REJECTION_REASONS = ["Activité déclarée différente de celle du registre.",
                     "Contact injoignable.", "Zone de livraison non justifiée."]  # fmt: skip
OFFICERS = ["Agent Delannoy (démo)", "Agent Fournier (démo)"]

COLUMNS = [
    "siret", "nom_repli", "enseigne", "code_naf", "adresse", "code_postal", "code_commune",
    "latitude", "longitude", "precision", "tranche_effectif", "etat", "date_creation",
    "mots_cles", "description", "zone_livraison", "rayon_livraison_km", "contact",
    "statut", "verifie_par", "motif",
]  # fmt: skip


def random_point_in(polygon: shapely.Geometry, rng: np.random.Generator) -> shapely.Point:
    """A point drawn uniformly inside ``polygon`` (rejection sampling in its bounding box)."""
    min_x, min_y, max_x, max_y = polygon.bounds
    while True:
        point = shapely.Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
        if polygon.contains(point):
            return point


def slug(text: str) -> str:
    return "-".join(w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split())


def main() -> None:
    rng = np.random.default_rng(SEED)
    for code, *_ in TRADES:
        assert naf_label(code), code
    polygons = commune_polygons(CUD_COMMUNES).set_index("code_insee")
    communes = [get_commune(code) for code in CUD_COMMUNES]
    population = np.array([c.population or 1 for c in communes], dtype=float)
    weights = np.sqrt(population) / np.sqrt(population).sum()
    trade_weights = np.array([t[3] for t in TRADES], dtype=float)
    trade_weights /= trade_weights.sum()
    used: set[str] = set()
    names: set[str] = set()
    rows = []
    while len(rows) < COUNT:
        body = f"9{rng.integers(10**11, 10**12):012d}"
        siret = body + luhn_key(body)
        if siret[:9] in used:
            continue
        used.add(siret[:9])
        commune = communes[rng.choice(len(communes), p=weights)]
        naf, stems, keywords, _ = TRADES[rng.choice(len(TRADES), p=trade_weights)]
        stem = stems[rng.integers(len(stems))]
        tail = SURNAMES[rng.integers(len(SURNAMES))] if rng.random() < 0.6 else None
        tail = tail or PLACES[rng.integers(len(PLACES))]
        joiner = " "
        if stem.endswith(" de") and tail[0] in "AEIOUaeiouÉ":
            stem, joiner = stem[:-3] + " d'", ""
        name = f"{stem}{joiner}{tail}{DEMO_SUFFIX}"
        if name in names:
            continue
        names.add(name)
        point = random_point_in(polygons.loc[commune.code_insee, "geometry"], rng)
        declared = rng.random() < 0.4
        chosen = list(
            rng.choice(keywords, size=min(len(keywords), 2 + rng.integers(2)), replace=False)
        )
        status, officer, reason = "", "", ""
        if declared:
            draw = rng.random()
            if draw < 0.5:
                status, officer = "vérifié", OFFICERS[rng.integers(len(OFFICERS))]
            elif draw < 0.6:
                status, officer = "rejeté", OFFICERS[rng.integers(len(OFFICERS))]
                reason = REJECTION_REASONS[rng.integers(len(REJECTION_REASONS))]
        rows.append(
            {
                "siret": siret,
                "nom_repli": name,
                "enseigne": "",
                "code_naf": naf,
                "adresse": f"{rng.integers(1, 150)} {STREETS[rng.integers(len(STREETS))]}",
                "code_postal": commune.codes_postaux[0],
                "code_commune": commune.code_insee,
                "latitude": round(point.y, 6),
                "longitude": round(point.x, 6),
                "precision": "adresse",
                "tranche_effectif": str(rng.choice(["00", "01", "02", "03", "11", "12"])),
                "etat": "A" if rng.random() < 0.95 else "F",
                "date_creation": f"{rng.integers(1975, 2024)}-{rng.integers(1, 13):02d}-01",
                "mots_cles": "|".join(chosen) if declared else "",
                "description": f"{naf_label(naf)} à {commune.nom}." if declared else "",
                "zone_livraison": AREAS[rng.integers(len(AREAS))] if declared else "",
                "rayon_livraison_km": int(rng.choice([10, 20, 30, 50])) if declared else "",
                "contact": f"contact@{slug(name.removesuffix(DEMO_SUFFIX))}.example"
                if declared
                else "",
                "statut": status if declared else "",
                "verifie_par": officer,
                "motif": reason,
            }
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
        zipped.write(buffer.getvalue().encode("utf-8"))
    print(f"{len(rows)} entreprises fictives → {OUT}")


if __name__ == "__main__":
    main()
