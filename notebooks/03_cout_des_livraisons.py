# %% [markdown]
# # Le coût des livraisons aux cantines scolaires
#
# **La question** : la communauté urbaine veut acheter des denrées livrées dans des dizaines de
# restaurants scolaires. Avant de publier le marché, combien coûteraient ces livraisons, en
# euros et en CO2, selon l'entreprise qui livre ? Ces estimations bougent-elles avec le
# véhicule et le prix donné au carbone ? Et comment écrire un critère de choix **légal** sur
# les livraisons, puisque noter la distance est interdit ?
#
# **Les données** : les restaurants scolaires de démonstration
# (`suppliers/data/demo_sites_cantines.csv`, avec le nombre de livraisons par an) et les
# entreprises de l'alimentation du registre de démonstration (base `CLAIR_BASE`).
#
# **La méthode** : `suppliers.delivery.estimate_deliveries` calcule, pour chaque entreprise,
# les km par an (distance à vol d'oiseau × facteur de détour, aller et retour), le coût du
# transport, les émissions et leur coût au prix du carbone. `suppliers.criteria` écrit le
# critère pour le règlement de la consultation, et refuse les critères de distance.
#
# > **Cet outil sert à préparer l'achat** (sourçage, taille des lots, bordereau des prix).
# > Ses estimations ne servent **jamais** à noter les candidats.

# %%
import os
import time
from importlib.resources import files
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from maps.firms_map import MapFirm, MapSite, firms_map
from storage import connect
from suppliers.criteria import IllegalCriterionError, criterion_text
from suppliers.delivery import DeliveryFirm, estimate_deliveries, score_lowest_ratio
from suppliers.naf import naf_section
from suppliers.offers import read_offers_bytes, score_offers
from suppliers.search import FirmQuery, search_firms
from suppliers.sites import read_sites
from suppliers.vehicles import DEFAULT_VEHICLE, VEHICLES, DeliveryParameters

started = time.perf_counter()
plt.rcParams.update({"figure.dpi": 110, "axes.spines.top": False, "axes.spines.right": False})
pd.set_option("display.max_colwidth", 120)

# The base prepared by the portfolio build, else the one `clair serve` uses by default.
conn = connect(Path(os.environ.get("CLAIR_BASE", "clair.sqlite")))
sites = read_sites(Path(str(files("suppliers") / "data" / "demo_sites_cantines.csv")))
print(
    f"{len(sites)} sites, {sum(s.livraisons_par_an for s in sites):.0f} livraisons par an au total."
)

# %% [markdown]
# ## 1. Les sites à livrer
#
# Un site est placé par ses coordonnées, son adresse ou sa commune. Quand seule la commune est
# connue, il est placé à la mairie : la distance est alors approximative, et Clair le dit.

# %%
site_table = pd.DataFrame(s.model_dump() for s in sites)
summary_sites = site_table.groupby("precision").agg(
    sites=("nom", "count"), livraisons_par_an=("livraisons_par_an", "sum")
)
summary_sites.index = summary_sites.index.map(
    {"coordonnees": "placé par ses coordonnées", "commune": "placé à la mairie de sa commune"}
)
display(summary_sites)

# %% [markdown]
# ## 2. Les entreprises qui pourraient livrer
#
# Les établissements actifs dont l'activité correspond au code CPV des denrées alimentaires
# (15000000), dans un rayon de 40 km autour de Dunkerque.

# %%
FOOD_CPV = "15000000"
hits = search_firms(
    conn, FirmQuery(cpv=FOOD_CPV, autour="Dunkerque", rayon_km=40, limite=500)
).items
firms = [
    DeliveryFirm(
        siret=h.firm.siret, nom=h.firm.nom, latitude=h.firm.latitude, longitude=h.firm.longitude
    )
    for h in hits
]
activities = pd.Series([h.firm.libelle_naf for h in hits]).value_counts()
print(f"{len(firms)} entreprises candidates possibles.")
activities.rename("établissements").to_frame()

# %% [markdown]
# ## 3. Coût et CO2 par entreprise
#
# Véhicule par défaut : un fourgon de 3,5 tonnes. Paramètres cités dans
# `suppliers.vehicles.DeliveryParameters` : facteur de détour 1,3 (route ÷ vol d'oiseau),
# aller et retour à chaque livraison (une borne haute : une tournée coûte moins), carbone à
# 250 € la tonne (valeur de l'action pour le climat en 2030, rapport Quinet, 2019).

# %%
params = DeliveryParameters()
van = VEHICLES[DEFAULT_VEHICLE]
table = estimate_deliveries(firms, sites, van, params)
print(table.avertissement)
print(table.source_distances)
for remark in table.remarques[:5]:
    print("Remarque :", remark)
estimates = pd.DataFrame(line.model_dump() for line in table.lignes)
columns = {
    "nom": "entreprise",
    "km_annuels": "km par an",
    "cout_eur": "transport (€/an)",
    "co2_kg": "CO2 (kg/an)",
    "cout_co2_eur": "coût du CO2 (€/an)",
    "cout_total_eur": "coût total (€/an)",
    "site_le_plus_proche_km": "site le plus proche (km)",
}
estimates[list(columns)].rename(columns=columns).head(10).round(0)

# %%
fig, ax = plt.subplots(figsize=(8, 5))
shown = estimates.head(15).iloc[::-1]
ax.barh(shown["nom"], shown["cout_eur"] / 1000, color="#000091", label="transport")
ax.barh(
    shown["nom"],
    shown["cout_co2_eur"] / 1000,
    left=shown["cout_eur"] / 1000,
    color="#18753c",
    label="CO2 au prix du carbone",
)
ax.set_xlabel("Coût estimé des livraisons (milliers d'euros par an)")
ax.set_title(f"Les 15 entreprises au coût le plus bas ({van.libelle})")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
plt.tight_layout()
plt.show()

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.hist(estimates["co2_kg"] / 1000, bins=20, color="#18753c")
ax.set_xlabel("Émissions estimées des livraisons (tonnes de CO2e par an)")
ax.set_ylabel("Nombre d'entreprises")
ax.set_title(f"Émissions selon l'entreprise qui livre ({len(estimates)} entreprises)")
plt.tight_layout()
plt.show()

# %% [markdown]
# Sur la carte : les restaurants scolaires et les 15 entreprises au coût le plus bas (cliquez
# sur un point pour voir le coût et les émissions estimés).

# %%
located = {h.firm.siret: h.firm for h in hits}
firms_map(
    [
        MapFirm(
            siret=line.siret,
            nom=line.nom,
            latitude=line.latitude,
            longitude=line.longitude,
            activite=located[line.siret].libelle_naf,
            section=naf_section(located[line.siret].code_naf)
            if located[line.siret].code_naf
            else None,
            code_commune=located[line.siret].code_commune,
            statut_verification=located[line.siret].statut_verification,
            cout_livraison_eur=line.cout_total_eur,
            co2_kg=line.co2_kg,
        )
        for line in table.lignes[:15]
    ],
    sites=[
        MapSite(
            nom=site.nom,
            latitude=site.latitude,
            longitude=site.longitude,
            livraisons_par_an=site.livraisons_par_an,
            remarque=site.remarque,
        )
        for site in sites
    ],
    title="Livraisons des cantines – Clair",
)

# %% [markdown]
# ## 4. Les notes bougent-elles avec le véhicule et le prix du carbone ?
#
# L'outil calcule une note « coût le plus bas ÷ coût de l'entreprise » pour voir l'écart entre
# entreprises. On refait le calcul pour chaque véhicule et pour plusieurs prix du carbone.

# %%
carbon_values = [0, 100, 250, 500, 1000]
runs = []
for vehicle in VEHICLES.values():
    for carbon in carbon_values:
        run = estimate_deliveries(
            firms, sites, vehicle, params.model_copy(update={"carbon_value_eur_per_t": carbon})
        )
        runs += [
            {
                "véhicule": vehicle.libelle,
                "carbone (€/t)": carbon,
                "siret": line.siret,
                "coût total (€/an)": line.cout_total_eur,
                "part du CO2 (%)": 100 * line.cout_co2_eur / line.cout_total_eur
                if line.cout_total_eur
                else None,
                "note": line.note,
            }
            for line in run.lignes
        ]
sensitivity = pd.DataFrame(runs)
spread = sensitivity.groupby("siret")["note"].agg(lambda notes: notes.max() - notes.min())
cost_range = (
    sensitivity.groupby(["véhicule", "carbone (€/t)"])["coût total (€/an)"].median().unstack()
)
print(
    f"Écart maximal de la note d'une même entreprise entre les {len(VEHICLES) * len(carbon_values)} scénarios : {spread.max():.2f} point."
)
(cost_range / 1000).round(1).rename_axis(columns="carbone (€/t) → coût médian (k€/an)")

# %%
co2_share = sensitivity.groupby(["carbone (€/t)", "véhicule"])["part du CO2 (%)"].median().unstack()
ax = co2_share.plot(marker="o", figsize=(7.5, 4))
ax.set_xlabel("Valeur du carbone (euros par tonne de CO2e)")
ax.set_ylabel("Part du CO2 dans le coût total (%)")
ax.set_title("Part du CO2 dans le coût total, selon le prix du carbone")
ax.legend(fontsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# **Pourquoi les notes ne bougent pas.** Quand toutes les entreprises utilisent le même
# véhicule, le coût de chacune est ses km multipliés par un même prix du km (transport +
# carbone). Le rapport « coût le plus bas ÷ coût » devient « km les plus bas ÷ km » : **c'est
# une note de distance déguisée**. Changer de véhicule ou de prix du carbone change les euros,
# pas le classement.
#
# Les notes ne bougent que si les entreprises n'ont pas le même véhicule. Exemple : les cinq
# entreprises les moins chères avec un fourgon, si la première livre en camion frigorifique de
# 19 tonnes et les autres en fourgon.

# %%
top5 = [line.siret for line in table.lignes[:5]]
by_vehicle = {
    code: {
        line.siret: line
        for line in estimate_deliveries(
            [f for f in firms if f.siret in top5], sites, vehicle, params
        ).lignes
    }
    for code, vehicle in VEHICLES.items()
}
mix = {
    siret: ("porteur-19t-frigorifique" if i == 0 else DEFAULT_VEHICLE)
    for i, siret in enumerate(top5)
}
mixed_cost = np.array([by_vehicle[mix[s]][s].cout_total_eur for s in top5])
same_cost = np.array([by_vehicle[DEFAULT_VEHICLE][s].cout_total_eur for s in top5])
mixed = pd.DataFrame(
    {
        "entreprise": [by_vehicle[DEFAULT_VEHICLE][s].nom for s in top5],
        "véhicule": [VEHICLES[mix[s]].libelle for s in top5],
        "coût total (€/an)": mixed_cost.round(0),
        "note, même véhicule": score_lowest_ratio(same_cost, params.max_points).round(2),
        "note, véhicules différents": score_lowest_ratio(mixed_cost, params.max_points).round(2),
    }
)
display(mixed)

# %% [markdown]
# ## 5. Un critère légal sur les livraisons
#
# ### Pourquoi la distance n'est pas un critère
#
# Noter la distance entre l'entreprise et les sites, ou favoriser les entreprises proches, est
# **interdit**. Tous les candidats doivent être traités de la même façon (Code de la commande
# publique, article L3). Le Conseil d'État a annulé un critère fondé sur la seule distance
# (**CE, 12 septembre 2018, Département de la Haute-Garonne, n° 420585**) : la distance ne dit
# rien de la qualité de l'offre ni de son coût réel ; elle écarte seulement les entreprises
# éloignées. La partie 4 le montre avec les chiffres : à véhicule égal, une note de coût
# estimée par Clair n'est qu'une note de distance.
#
# Clair refuse donc d'écrire un tel critère. Voici ce qu'il répond :

# %%
explanation = None
for asked in ("distance", "proximité géographique", "prix-distance", "implantation locale"):
    try:
        criterion_text(asked)
        print(f"« {asked} » : accepté.")
    except IllegalCriterionError as refusal:
        print(f"« {asked} » : refusé.")
        explanation = str(refusal)
display(Markdown(f"> {explanation}" if explanation else "> Aucun refus."))

# %% [markdown]
# ### Les trois critères que Clair écrit
#
# Ils notent **ce que chaque candidat déclare dans son offre** (prix de livraison par site,
# véhicule, km, part du chargement), jamais une distance estimée par l'acheteur.

# %%
for kind in ("prix", "co2", "cout-cycle-de-vie"):
    display(Markdown(criterion_text(kind).markdown()))

# %% [markdown]
# ### Noter les offres reçues
#
# Avec le critère « coût du cycle de vie », l'acheteur note les chiffres déclarés par les
# candidats (`suppliers.offers`). Trois offres fictives pour deux sites : une entreprise proche
# avec un camion à moitié vide, une entreprise plus lointaine qui mutualise ses tournées, et une
# troisième entre les deux.

# %%
declared = """candidat;site;prix_livraison_eur;livraisons_par_an;vehicule;km_annuels;part_chargement
Proche (fictive);Site 1;18;144;porteur 19 t frigorifique;2900;50 %
Proche (fictive);Site 2;18;72;porteur 19 t frigorifique;1450;50 %
Lointaine (fictive);Site 1;16;144;fourgon 3,5 t;9800;25 %
Lointaine (fictive);Site 2;16;72;fourgon 3,5 t;4900;25 %
Moyenne (fictive);Site 1;17;144;porteur 7,5 t;5200;40 %
Moyenne (fictive);Site 2;17;72;porteur 7,5 t;2600;40 %
"""
sheet = score_offers(read_offers_bytes(declared.encode("utf-8"), "offres.csv"))
print(sheet.avertissement)
offer_scores = pd.DataFrame(s.model_dump() for s in sheet.notes)
display(offer_scores)

# %% [markdown]
# ### Les chiffres de ce carnet


# %%
def amount(value: float) -> str:
    """A number the French way: thin spaces between thousands, no decimals."""
    return f"{value:,.0f}".replace(",", "\u202f")


def decimal(value: float, digits: int = 1) -> str:
    """A decimal number the French way: a comma."""
    return f"{value:.{digits}f}".replace(".", ",")


cheapest, dearest = table.lignes[0], table.lignes[-1]
median_share = sensitivity.loc[sensitivity["carbone (€/t)"] == 250, "part du CO2 (%)"].median()
winner = sheet.notes[0]
closest = min(sheet.notes, key=lambda s: s.km_annuels)
elapsed = time.perf_counter() - started
display(
    Markdown(
        f"""
- {len(sites)} sites, {amount(sum(s.livraisons_par_an for s in sites))} livraisons par an ;
  {int((site_table["precision"] == "commune").sum())} sites placés seulement à la mairie de leur commune.
- {len(firms)} entreprises de l'alimentation à moins de 40 km de Dunkerque.
- Avec un {van.libelle.lower()} : de {amount(cheapest.cout_total_eur)} € par an ({cheapest.nom})
  à {amount(dearest.cout_total_eur)} € par an ({dearest.nom}) ;
  émissions de {decimal(cheapest.co2_kg / 1000)} à {decimal(dearest.co2_kg / 1000)} t de CO2e par an.
- À 250 € la tonne, le CO2 pèse {median_share:.0f} % du coût total (médiane, tous véhicules).
- Écart maximal de la note d'une même entreprise entre véhicules et prix du carbone : {decimal(spread.max(), 2)} point.
- Offres déclarées : la meilleure note au coût du cycle de vie va à « {winner.candidat} » ;
  l'offre qui roule le moins est « {closest.candidat} ».
- Durée du carnet : {elapsed:.0f} s.
"""
    )
)
conn.close()

# %% [markdown]
# ## Ce que nous retenons
#
# - **L'estimation est utile pour préparer l'achat** : elle donne un ordre de grandeur du coût
#   et des émissions des livraisons, site par site, et aide à découper les lots ou à écrire le
#   bordereau des prix (une ligne de livraison par site). Le tableur exporté garde les formules,
#   l'agent peut tout vérifier.
# - **Elle ne doit jamais noter les candidats.** À véhicule égal, la note « coût le plus bas ÷
#   coût » ne dépend que des km : c'est une note de distance, interdite depuis la décision du
#   Conseil d'État du 12 septembre 2018 (n° 420585). Les chiffres de la partie 4 le montrent :
#   changer de véhicule ou de prix du carbone ne change pas le classement.
# - **Le critère légal note ce que le candidat déclare** : prix de livraison par site, émissions
#   déclarées, ou coût du cycle de vie. Une entreprise lointaine qui remplit bien ses camions
#   peut alors gagner contre une entreprise proche (partie 5).
# - **Le prix du carbone change les euros, pas le classement**, tant que tout le monde a le même
#   véhicule. Sa part dans le coût total (chiffre ci-dessus) dit combien il peut peser quand les
#   émissions déclarées diffèrent.
# - **Les limites** : distances à vol d'oiseau × 1,3, sans serveur de routage ; un aller-retour
#   par livraison (les tournées coûtent moins) ; coûts au km moyens ; entreprises et offres
#   fictives.
