# %% [markdown]
# # La carte des entreprises du territoire
#
# **La question** : pour quatre besoins courants d'une commune (repas, ménage, travaux,
# impression), combien d'entreprises du territoire pourraient répondre, et où sont-elles ?
# Quelle part de leurs fiches a été complétée par l'entreprise, et vérifiée par la collectivité ?
#
# **Les données** : le registre de démonstration de Clair (entreprises fictives de la
# communauté urbaine de Dunkerque, CUD), chargé dans une base neuve dont le chemin est dans la
# variable `CLAIR_BASE`. Avec un vrai extrait SIRENE importé par `clair fournisseurs importer`,
# le même carnet donne la vraie carte.
#
# **La méthode** : un besoin est décrit comme l'acheteur le décrit dans un avis, par un code
# CPV. Clair en déduit les activités (codes NAF) concernées (`suppliers.cpv`) et cherche les
# établissements actifs dans un rayon autour de Dunkerque (`suppliers.search`). La carte est
# dessinée par `maps.firms_map`.

# %%
import os
import time
from collections import Counter
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from maps.firms_map import MapCircle, MapFirm, firms_map
from places.communes import CUD_COMMUNES, commune_polygons, find_commune
from storage import connect
from suppliers.cpv import cpv_label, naf_prefixes_for_cpv
from suppliers.naf import naf_label, naf_section
from suppliers.search import FirmQuery, search_firms

started = time.perf_counter()
plt.rcParams.update({"figure.dpi": 110, "axes.spines.top": False, "axes.spines.right": False})
pd.set_option("display.max_colwidth", 80)

# The base prepared by the portfolio build, else the one `clair serve` uses by default.
conn = connect(Path(os.environ.get("CLAIR_BASE", "clair.sqlite")))
CENTRE = "Dunkerque"
RADIUS_KM = 25.0
PAGE = 500


def all_hits(query: FirmQuery) -> list:
    """Every firm a query finds, page after page."""
    hits, page = [], 1
    while True:
        results = search_firms(conn, query.model_copy(update={"page": page, "limite": PAGE}))
        hits += results.items
        if page * PAGE >= results.total:
            return hits
        page += 1


register = all_hits(FirmQuery())
print(f"{len(register)} établissements actifs dans le registre.")

# %% [markdown]
# ## 1. Quatre besoins, les activités qu'ils concernent
#
# Le besoin est un code CPV (la nomenclature des achats publics) ; les entreprises ont un code
# NAF (leur activité principale). La table de correspondance de Clair relie les deux : elle
# est modifiable, et elle est montrée ici pour qu'on puisse la discuter.

# %%
needs = {
    "alimentation": "15000000",
    "nettoyage": "90910000",
    "travaux": "45000000",
    "impression": "79800000",
}
pd.DataFrame(
    {
        "besoin": need,
        "code CPV": cpv,
        "libellé CPV (division)": cpv_label(cpv),
        "activités NAF concernées": ", ".join(
            f"{p} {naf_label(p) or ''}".strip() for p in naf_prefixes_for_cpv(cpv)
        ),
    }
    for need, cpv in needs.items()
)

# %% [markdown]
# ## 2. Combien d'entreprises, et où
#
# Recherche dans un rayon de 25 km autour de Dunkerque : c'est à peu près l'étendue de la CUD.
# On distingue les établissements situés dans une commune de la CUD et les autres.

# %%
centre = find_commune(CENTRE)
hits_by_need = {
    need: all_hits(FirmQuery(cpv=cpv, autour=CENTRE, rayon_km=RADIUS_KM))
    for need, cpv in needs.items()
}
cud = set(CUD_COMMUNES)
counts = pd.DataFrame(
    {
        "dans la CUD": [
            sum(h.firm.code_commune in cud for h in hits) for hits in hits_by_need.values()
        ],
        "hors CUD": [
            sum(h.firm.code_commune not in cud for h in hits) for hits in hits_by_need.values()
        ],
    },
    index=list(hits_by_need),
)
counts["total"] = counts.sum(axis=1)
counts["distance médiane (km)"] = [
    pd.Series([h.distance_km for h in hits]).median() for hits in hits_by_need.values()
]
counts.round(1)

# %%
ax = counts[["dans la CUD", "hors CUD"]].plot.bar(
    stacked=True, figsize=(7, 3.5), color=["#000091", "#b0b0b0"], rot=0
)
ax.set_ylabel("Nombre d'établissements")
ax.set_xlabel("Besoin")
ax.set_title(f"Établissements actifs à moins de {RADIUS_KM:.0f} km de {centre.nom}, par besoin")
plt.tight_layout()
plt.show()

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.hist(
    [[h.distance_km for h in hits if h.distance_km is not None] for hits in hits_by_need.values()],
    bins=range(0, int(RADIUS_KM) + 3, 2),
    label=list(hits_by_need),
)
ax.set_xlabel(f"Distance à vol d'oiseau au centre de {centre.nom} (km)")
ax.set_ylabel("Nombre d'établissements")
ax.set_title("À quelle distance sont les entreprises ?")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# Les cinq entreprises les plus proches pour chaque besoin :

# %%
pd.DataFrame(
    {
        "besoin": need,
        "entreprise": h.firm.nom,
        "activité": h.firm.libelle_naf,
        "commune": h.firm.commune,
        "distance (km)": h.distance_km,
        "fiche": h.firm.statut_verification or "données publiques",
    }
    for need, hits in hits_by_need.items()
    for h in sorted(hits, key=lambda hit: hit.distance_km or 0)[:5]
).round(1)

# %% [markdown]
# ## 3. La carte interactive
#
# Une couleur par secteur d'activité, les entreprises regroupées quand on dézoome, le rayon de
# recherche en pointillés, et le nombre d'entreprises par commune en fond (carte
# choroplèthe). Cliquez sur un point pour voir la fiche. Le fond de carte OpenStreetMap
# demande une connexion ; les points et les communes s'affichent sans elle.

# %%
unique = {h.firm.siret: h for hits in hits_by_need.values() for h in hits}
map_firms = [
    MapFirm(
        siret=h.firm.siret,
        nom=h.firm.nom,
        latitude=h.firm.latitude,
        longitude=h.firm.longitude,
        activite=h.firm.libelle_naf,
        section=naf_section(h.firm.code_naf) if h.firm.code_naf else None,
        code_commune=h.firm.code_commune,
        distance_km=h.distance_km,
        statut_verification=h.firm.statut_verification,
    )
    for h in unique.values()
    if h.firm.latitude is not None and h.firm.longitude is not None
]
firm_communes = {f.code_commune for f in map_firms if f.code_commune}
outlines = commune_polygons(sorted(cud | firm_communes))
firms_map(
    map_firms,
    circles=[MapCircle(latitude=centre.latitude, longitude=centre.longitude, rayon_km=RADIUS_KM)],
    communes=outlines,
    title="Entreprises pour quatre besoins – Clair",
)

# %% [markdown]
# ## 4. Le nombre d'entreprises par commune
#
# La même information en image fixe, pour un rapport imprimé : le nombre d'établissements
# (tous besoins confondus, sans double compte) par commune. La carte est projetée en
# Lambert 93 (EPSG:2154), la projection officielle en France métropolitaine.

# %%
per_commune = Counter(f.code_commune for f in map_firms if f.code_commune)
choropleth = outlines.assign(
    entreprises=[per_commune.get(code, 0) for code in outlines["code_insee"]]
)
fig, ax = plt.subplots(figsize=(8, 6))
choropleth.to_crs("EPSG:2154").plot(
    column="entreprises",
    cmap="Blues",
    edgecolor="#555555",
    linewidth=0.4,
    legend=True,
    legend_kwds={"label": "Nombre d'établissements", "shrink": 0.7},
    ax=ax,
)
ax.set_axis_off()
ax.set_title("Établissements pour les quatre besoins, par commune")
plt.tight_layout()
plt.show()

choropleth.drop(columns="geometry").sort_values("entreprises", ascending=False).head(10)

# %% [markdown]
# ## 5. Fiches déclarées, fiches vérifiées
#
# Le registre public (SIRENE) dit où est l'entreprise et quelle est son activité principale. Il
# ne dit pas ce qu'elle sait faire, ni jusqu'où elle livre. L'entreprise peut compléter sa
# fiche (mots-clés, zone de livraison, contact) : la fiche est alors **déclarée**. Un agent de
# la collectivité peut la **vérifier**, ou la rejeter en disant pourquoi.

# %%
STATUS_LABELS = {
    None: "données publiques seules",
    "déclaré": "déclarée, à vérifier",
    "vérifié": "vérifiée",
    "rejeté": "rejetée",
}
status = pd.DataFrame(
    {
        group: Counter(STATUS_LABELS[h.firm.statut_verification] for h in hits)
        for group, hits in {"tout le registre": register, **hits_by_need}.items()
    }
).T.fillna(0)
status = status[[label for label in STATUS_LABELS.values() if label in status.columns]]
shares = 100 * status.div(status.sum(axis=1), axis=0)
ax = shares.plot.barh(
    stacked=True,
    figsize=(8, 3.5),
    color=["#b0b0b0", "#f3b229", "#18753c", "#c9191e"][: len(shares.columns)],
)
ax.set_xlabel("Part des établissements (%)")
ax.set_ylabel("")
ax.set_xlim(0, 100)
ax.set_title("État des fiches, par besoin")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4, fontsize=8)
plt.tight_layout()
plt.show()
shares.round(1)

# %% [markdown]
# Un acheteur peut ne garder que les fiches vérifiées (`verifies_seulement`). Combien en
# reste-t-il pour chaque besoin ?

# %%
verified_only = {
    need: search_firms(
        conn, FirmQuery(cpv=cpv, autour=CENTRE, rayon_km=RADIUS_KM, verifies_seulement=True)
    ).total
    for need, cpv in needs.items()
}
pd.DataFrame(
    {"toutes les fiches": counts["total"], "fiches vérifiées seulement": pd.Series(verified_only)}
)

# %% [markdown]
# ### Les chiffres de ce carnet

# %%
register_status = Counter(h.firm.statut_verification for h in register)
declared_share = 100 * (len(register) - register_status[None]) / len(register)
verified_share = 100 * register_status["vérifié"] / len(register)
in_cud_share = 100 * counts["dans la CUD"].sum() / counts["total"].sum()
fewest = counts["total"].idxmin()
elapsed = time.perf_counter() - started
display(
    Markdown(
        f"""
- Registre : {len(register)} établissements actifs.
- À moins de {RADIUS_KM:.0f} km de {centre.nom} :
  {", ".join(f"{need} {int(row.total)}" for need, row in counts.iterrows())} établissements.
  Le besoin le moins couvert est « {fewest} » ({int(counts.loc[fewest, "total"])}).
- {in_cud_share:.0f} % de ces établissements sont dans une commune de la CUD.
- {len(per_commune)} communes ont au moins un établissement pour ces besoins ;
  la première, {choropleth.sort_values("entreprises").iloc[-1]["nom"]}, en a {choropleth["entreprises"].max()}.
- Fiches complétées par l'entreprise (déclarées, vérifiées ou rejetées) : {declared_share:.0f} % du registre ;
  vérifiées par un agent : {verified_share:.0f} %.
- Avec les fiches vérifiées seulement : {", ".join(f"{need} {n}" for need, n in verified_only.items())}.
- Durée du carnet : {elapsed:.0f} s.
"""
    )
)
conn.close()

# %% [markdown]
# ## Ce que nous retenons
#
# - **Le passage du besoin (CPV) à l'activité (NAF) est simple et visible** : la table de
#   correspondance est montrée, discutable et modifiable. Elle reste grossière : un code NAF dit
#   l'activité principale, pas tout ce que l'entreprise sait faire. Ce carnet ne mesure pas
#   combien d'entreprises pertinentes elle oublie : il faudrait un jeu jugé, comme pour les
#   marchés (carnet 04).
# - **La carte répond à la question « qui est là ? »** en quelques secondes, avec un fond qui
#   montre les communes où l'offre est rare. Elle ne dit rien de la capacité des entreprises
#   (taille, références, disponibilité).
# - **Les fiches vérifiées sont la vraie limite** (chiffres ci-dessus) : tant que peu
#   d'entreprises complètent leur fiche et que peu de fiches sont vérifiées, filtrer sur les
#   fiches vérifiées réduit fortement la liste. Le travail de terrain (inviter les entreprises à compléter
#   leur fiche, vérifier) compte plus que l'outil.
# - **Les limites du test** : entreprises fictives, réparties par un générateur ; la distance est
#   à vol d'oiseau. Sur un vrai extrait SIRENE, certaines entreprises ne sont placées qu'au
#   centre de leur commune (colonne « précision » du registre).
# - **Un rappel juridique** : cette carte sert à connaître l'offre locale (sourçage), jamais à
#   choisir une entreprise pour sa proximité (voir le carnet 03).
