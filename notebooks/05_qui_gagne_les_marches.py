# %% [markdown]
# # Qui gagne les marchés du territoire ?
#
# **La question** : pourquoi si peu d'entreprises du territoire gagnent-elles les marchés de la
# communauté urbaine ? Qui gagne, à quelle distance, de quelle taille, avec combien de
# concurrence ? Et dans quelles activités des entreprises proches existent-elles sans jamais
# gagner ?
#
# **Les données** : les marchés attribués de démonstration de Clair (**fictifs**, au format des
# données essentielles de la commande publique, DECP 2022), passés de 2022 à 2025 par les dix
# acheteurs de démonstration de la communauté urbaine de Dunkerque, et le registre de
# démonstration (400 entreprises fictives du territoire, plus des établissements hors du
# territoire). Tout est chargé dans une base neuve dont le chemin est dans la variable
# `CLAIR_BASE`. Les calculs sont ceux de `tenders.dashboard.build_dashboard`, la fonction
# qu'appellent la commande `clair marches tableau`, l'API et la page « Tableau de bord ».
#
# **À quoi servent ces chiffres** : à préparer les achats (sourçage, lots à la taille des PME,
# annonces anticipées), **jamais à noter les offres**. La distance ou le lieu d'une entreprise
# ne peut pas être un critère de choix (Conseil d'État, 12 septembre 2018, n° 420585).

# %%
import os
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from storage import connect
from tenders.dashboard import DashboardQuery, build_dashboard
from tenders.demo_awards import demo_buyers

started = time.perf_counter()
plt.rcParams.update({"figure.dpi": 110, "axes.spines.top": False, "axes.spines.right": False})
pd.set_option("display.max_colwidth", 80)

# The base prepared by the portfolio build, else the one `clair serve` uses by default.
conn = connect(Path(os.environ.get("CLAIR_BASE", "clair.sqlite")))
buyers = demo_buyers(conn)
group = [siret for siret, _ in buyers]
names = dict(buyers)
print(f"{len(buyers)} acheteurs de démonstration dans la base :")
for siret, name in buyers:
    print(f"  {siret}  {name}")

# %% [markdown]
# ## 1. Le groupe : la communauté urbaine et ses communes
#
# Un seul tableau pour tout le groupe d'acheteurs, de 2022 à 2025, avec un rayon « local » de
# 30 km. Un marché compte pour 1 ; s'il a plusieurs titulaires, chacun reçoit une part égale
# (les données ne disent pas comment le marché est partagé).

# %%
whole = build_dashboard(
    conn, DashboardQuery(acheteurs=group, annee_debut=2022, annee_fin=2025, rayon_km=30)
)


def share(value: float | None) -> str:
    """A share as a French percentage; « — » when it cannot be computed."""
    return "—" if value is None else f"{value:.0%}".replace("%", " %")


pd.DataFrame(
    [
        ("Marchés", whole.marches),
        ("Montant total (€ HT)", f"{whole.montant_total:,.0f}".replace(",", " ")),
        ("Titulaires (un par marché et par titulaire)", whole.titulaires),
        ("Titulaires hors registre (jamais placés)", whole.hors_registre),
        ("Gagnés par des PME (en nombre)", share(whole.part_pme)),
        ("Gagnés par des PME (en montant)", share(whole.part_pme_montant)),
        ("Gagnés par des PME, parmi les tailles connues", share(whole.part_pme_tailles_connues)),
        ("Gagnés à moins de 30 km (en nombre)", share(whole.part_locale["30"])),
        ("Gagnés à moins de 30 km (en montant)", share(whole.part_locale_montant["30"])),
        ("Avec une seule offre", share(whole.concurrence.part_offre_unique)),
        ("Part des 10 premiers titulaires", share(whole.concentration.part_top10)),
    ],
    columns=["indicateur", "valeur"],
).set_index("indicateur")

# %% [markdown]
# ## 2. Qui gagne : la taille des titulaires
#
# La taille vient du registre : la catégorie d'entreprise de l'INSEE (PME, ETI, grande
# entreprise) quand il la donne, sinon elle est présumée d'après l'effectif de
# l'établissement. Un titulaire absent du registre a une taille « inconnue » : il n'est jamais
# compté comme PME, et la part des PME est donc un minimum.

# %%
sizes = pd.DataFrame(
    {
        "taille": t.taille,
        "titulaires": t.titulaires,
        "dont taille présumée": t.presumees,
        "parts de marchés": t.parts,
        "en nombre": t.part,
        "en montant": t.part_montant,
    }
    for t in whole.tailles
).set_index("taille")
display(
    sizes.style.format(
        {"parts de marchés": "{:.1f}", "en nombre": "{:.0%}", "en montant": "{:.0%}"}
    )
)

# %% [markdown]
# ## 3. À quelle distance
#
# La distance va de l'établissement de l'acheteur à celui du titulaire, à vol d'oiseau, avec
# les positions du registre. Les titulaires hors registre ne sont pas placés : ils restent
# dans le dénominateur des parts locales, jamais au numérateur.

# %%
bins = pd.DataFrame(
    {
        "classe": f"{b.de_km:g}–{b.a_km:g} km" if b.a_km is not None else f"{b.de_km:g} km et +",
        "titulaires": b.titulaires,
        "montant": b.montant,
    }
    for b in whole.histogramme
)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
axes[0].bar(bins["classe"], bins["titulaires"], color="#1d3d8f")
axes[0].set_title("Titulaires placés, par distance")
axes[0].tick_params(axis="x", rotation=45)
axes[1].bar(bins["classe"], bins["montant"] / 1e6, color="#b34000")
axes[1].set_title("Montant de leurs parts (M€)")
axes[1].tick_params(axis="x", rotation=45)
plt.tight_layout()
plt.show()

# %%
radii = pd.DataFrame(
    {
        "rayon (km)": float(key),
        "part en nombre": whole.part_locale[key],
        "part en montant": whole.part_locale_montant[key],
    }
    for key in sorted(whole.part_locale, key=float)
).set_index("rayon (km)")
radii.style.format("{:.0%}")

# %% [markdown]
# Le choix du rayon change beaucoup la réponse. Voici la part gagnée « localement » pour des
# rayons de 5 à 150 km, chaque fois calculée par `build_dashboard`.

# %%
by_radius = []
for radius in (5, 10, 15, 20, 30, 40, 50, 75, 100, 150):
    one = build_dashboard(
        conn, DashboardQuery(acheteurs=group, annee_debut=2022, annee_fin=2025, rayon_km=radius)
    )
    key = f"{radius:g}"
    by_radius.append(
        {
            "rayon (km)": radius,
            "en nombre": one.part_locale[key],
            "en montant": one.part_locale_montant[key],
        }
    )
by_radius = pd.DataFrame(by_radius).set_index("rayon (km)")
ax = by_radius.plot(marker="o", figsize=(8, 3.5), color=["#1d3d8f", "#b34000"])
ax.set_ylim(0, 1)
ax.set_ylabel("Part des marchés gagnée dans le rayon")
ax.set_title("Plus le rayon est grand, plus les marchés semblent « locaux »")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 4. Année après année

# %%
years = pd.DataFrame(
    {
        "année": y.annee,
        "marchés": y.marches,
        "PME": y.part_pme,
        "à moins de 30 km": y.part_locale,
        "offre unique": y.part_offre_unique,
        "clause sociale": y.part_clause_sociale,
    }
    for y in whole.par_annee
).set_index("année")
ax = years[["PME", "à moins de 30 km", "offre unique"]].plot.bar(
    figsize=(8, 3.5), color=["#1d3d8f", "#b34000", "#18653a"], rot=0
)
ax.set_ylim(0, 1)
ax.set_ylabel("Part des marchés")
ax.set_title("Parts des marchés par année")
plt.tight_layout()
plt.show()
display(years.style.format("{:.0%}", subset=years.columns[1:], na_rep="—"))

# %% [markdown]
# ## 5. Concurrence et concentration
#
# La part des marchés avec **une seule offre** se calcule sur les marchés mis en concurrence
# qui disent combien d'offres ils ont reçues (`offresRecues`, DECP 2022). L'indice de **Herfindahl** d'une
# division CPV va de 0 (les marchés sont très partagés) à 1 (un seul titulaire gagne tout).

# %%
print(
    f"{whole.concurrence.marches_renseignes} marchés mis en concurrence sur {whole.marches} "
    f"donnent le nombre d'offres ({whole.concurrence.marches_sans_concurrence} marchés passés "
    "sans mise en concurrence sont laissés de côté). Offre unique : {share(whole.concurrence.part_offre_unique)} en nombre, "
    f"{share(whole.concurrence.part_offre_unique_montant)} en montant. "
    f"Nombre médian d'offres : {whole.concurrence.offres_mediane}."
)
pd.DataFrame(
    {
        "division": f"{c.division} {c.libelle or ''}"[:60],
        "marchés": c.marches,
        "titulaires différents": c.titulaires_distincts,
        "Herfindahl (nombre)": c.herfindahl,
        "Herfindahl (montant)": c.herfindahl_montant,
    }
    for c in whole.concentration.par_division
).set_index("division").round(2)

# %% [markdown]
# ## 6. Où les entreprises locales pourraient répondre
#
# Pour chaque division CPV achetée, Clair compte les établissements actifs du registre à moins
# de 30 km dont l'activité (NAF) correspond (table CPV → NAF de Clair), et la part des marchés
# de cette division gagnée dans ce rayon. Beaucoup d'entreprises proches et peu de marchés
# gagnés sur place : c'est une piste de **sourçage** (rencontrer ces entreprises, découper les
# lots, annoncer les besoins plus tôt), jamais une raison de préférer une offre proche.

# %%
chances = pd.DataFrame(
    {
        "division": f"{o.cpv} {o.libelle or ''}"[:55],
        "entreprises locales": o.entreprises_locales,
        "dont PME": o.par_taille.get("PME", 0),
        "marchés": o.marches,
        "part gagnée sur place": o.part_locale,
        "score": o.score,
    }
    for o in whole.opportunites
)
top = chances.head(8).iloc[::-1]
fig, ax = plt.subplots(figsize=(9, 4.2))
ax.barh(top["division"], top["entreprises locales"], color="#1d3d8f")
for y, (firms, won) in enumerate(
    zip(top["entreprises locales"], top["part gagnée sur place"], strict=True)
):
    ax.text(firms + 0.5, y, f"{share(won)} gagnés sur place", va="center", fontsize=9)
ax.set_xlabel("Entreprises actives à moins de 30 km dont l'activité correspond")
ax.set_title("Les premières pistes de sourçage")
plt.tight_layout()
plt.show()
chances.head(10).round(2)

# %% [markdown]
# ## 7. Chaque acheteur à part
#
# Le même calcul pour chaque acheteur seul. Un acheteur qui passe peu de marchés donne des
# parts fragiles : un marché de plus ou de moins les change beaucoup.

# %%
rows = []
for siret, name in buyers:
    alone = build_dashboard(conn, DashboardQuery(acheteurs=[siret], rayon_km=30))
    rows.append(
        {
            "acheteur": name,
            "marchés": alone.marches,
            "PME": alone.part_pme,
            "à moins de 30 km": alone.part_locale["30"],
            "hors registre": alone.hors_registre,
            "offre unique": alone.concurrence.part_offre_unique,
        }
    )
per_buyer = pd.DataFrame(rows).set_index("acheteur").sort_values("marchés", ascending=False)
per_buyer.style.format(
    {"PME": "{:.0%}", "à moins de 30 km": "{:.0%}", "offre unique": "{:.0%}"}, na_rep="—"
)

# %% [markdown]
# ### Les chiffres de ce carnet

# %%
best = whole.opportunites[0] if whole.opportunites else None
elapsed = time.perf_counter() - started
display(
    Markdown(
        f"""
- {whole.marches} marchés de démonstration, {whole.titulaires} titulaires, dont
  {whole.hors_registre} hors registre ({share(whole.hors_registre / whole.titulaires if whole.titulaires else None)}).
- Gagnés à moins de 10, 30 et 100 km : {share(whole.part_locale["10"])},
  {share(whole.part_locale["30"])} et {share(whole.part_locale["100"])} des marchés (en nombre).
- Gagnés à moins de 30 km : {share(whole.part_locale["30"])} en nombre,
  {share(whole.part_locale_montant["30"])} en montant.
- Gagnés par des PME : {share(whole.part_pme)} en nombre, {share(whole.part_pme_montant)} en montant.
- Une seule offre : {share(whole.concurrence.part_offre_unique)} des marchés mis en concurrence qui donnent le nombre d'offres.
- Première piste de sourçage : {f"division {best.cpv} ({best.libelle}), {best.entreprises_locales} entreprises locales, {share(best.part_locale)} des marchés gagnés sur place" if best else "aucune"}.
- Durée du carnet : {elapsed:.0f} s.
"""
    )
)
conn.close()

# %% [markdown]
# ## Ce que nous retenons
#
# - **Le croisement marche** : les marchés attribués (DECP) et le registre (SIRENE) se joignent
#   par le SIRET du titulaire. Un titulaire absent du registre est compté à part, « hors
#   registre » : il n'est jamais placé et jamais compté comme local. Avec un vrai registre
#   national, cette part baisse ; avec un registre départemental, elle mesure surtout les
#   entreprises venues de loin.
# - **Le rayon fait la réponse** : la part « locale » change beaucoup entre 10 et 100 km (la
#   courbe de la partie 3). Un tableau de bord doit toujours dire quel rayon il utilise, et en
#   montrer plusieurs : Clair donne toujours 10, 30 et 100 km, plus le rayon choisi.
# - **En nombre ou en montant** : les deux parts peuvent dire des choses différentes, par
#   exemple quand les entreprises proches gagnent les petits marchés et que les gros partent
#   loin. Ici elles sont proches, parce que le générateur des données de démonstration tire le
#   montant d'un marché sans regarder qui le gagne : c'est sur les vraies données qu'il faudra
#   regarder l'écart.
# - **Les pistes de sourçage** sont les divisions où beaucoup d'entreprises proches existent et
#   gagnent peu. Elles servent à préparer les achats (rencontres, lots plus petits, annonces
#   plus tôt), jamais à noter les offres.
# - **Les limites du test** : les données sont fictives, et leur générateur a fixé à l'avance
#   la chance d'un titulaire local pour chaque activité. Le carnet montre que la chaîne
#   fonctionne et ce qu'elle permet de lire ; il ne dit rien du vrai territoire. Il faut le
#   refaire avec les DECP réelles de la communauté urbaine et le registre SIRENE du Nord.
