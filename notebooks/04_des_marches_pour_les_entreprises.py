# %% [markdown]
# # Des marchés pour les entreprises du territoire
#
# **La question** : une petite entreprise du Dunkerquois trouve-t-elle les marchés publics
# qui la concernent ? Avec des mots-clés d'abord (`tenders.search`), puis sans rien chercher :
# à partir de son activité et de sa commune, Clair lui dit « ces marchés sont pour vous »
# (`tenders.matching`). Et ces propositions sont-elles justes ?
#
# **Les données** : les avis de démonstration de Clair (fictifs, autour de Dunkerque), chargés
# dans une base neuve dont le chemin est dans la variable `CLAIR_BASE`. La justesse est mesurée
# sur le jeu de pertinence jugé à la main par l'équipe marchés
# (`benchmarks/data/pertinence_marches.json`), avec la fonction de son banc d'essai.

# %%
import os
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import tenders
from falc.nlp import load_nlp
from storage import connect
from suppliers.cpv import cpv_label
from suppliers.search import FirmQuery, search_firms
from tenders.fiche import fiche_simple
from tenders.matching import FirmProfile, profile_from_firm, tenders_for_firm
from tenders.relevance import load_judged, measure_relevance
from tenders.search import TenderQuery, search_tenders

started = time.perf_counter()
plt.rcParams.update({"figure.dpi": 110, "axes.spines.top": False, "axes.spines.right": False})
pd.set_option("display.max_colwidth", 200)

# The base prepared by the portfolio build, else the one `clair serve` uses by default.
conn = connect(Path(os.environ.get("CLAIR_BASE", "clair.sqlite")))
now = datetime.now(UTC)


def all_notices(query: TenderQuery) -> list:
    """Every notice a query finds, page after page."""
    found, page = [], 1
    while True:
        results = search_tenders(
            conn, query.model_copy(update={"page": page, "limite": 200}), now=now
        )
        found += [hit.tender for hit in results.items]
        if page * results.limite >= results.total:
            return found
        page += 1


notices = all_notices(TenderQuery())
print(f"{len(notices)} avis dans la base de démonstration.")

# %% [markdown]
# ## 1. Les avis de la base
#
# Avant de chercher, voyons ce que contient la base : le type de marché, la nature de l'avis,
# et s'il est encore ouvert (la date limite de réponse n'est pas passée).

# %%
stock = pd.DataFrame(
    {
        "type": n.type_marche or "inconnu",
        "nature": n.nature,
        "état": "ouvert" if n.is_open(now) else "fermé ou attribué",
        "division CPV": cpv_label(n.codes_cpv[0][:2] + "000000")
        if n.codes_cpv
        else "sans code CPV",
    }
    for n in notices
)
pd.crosstab(stock["type"], stock["état"], margins=True, margins_name="total")

# %%
divisions = stock["division CPV"].value_counts().head(10).iloc[::-1]
fig, ax = plt.subplots(figsize=(8, 4))
ax.barh([label[:60] for label in divisions.index], divisions.values, color="#000091")
ax.set_xlabel("Nombre d'avis")
ax.set_title("Les 10 divisions CPV les plus présentes dans les avis")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 2. Chercher avec des mots-clés
#
# Quatre besoins typiques d'une commune : repas, ménage, travaux, impression. La recherche
# ignore les accents, les majuscules et les pluriels. Ici, seulement les avis ouverts, dans un
# rayon de 30 km autour de Dunkerque.

# %%
needs = {
    "alimentation": "restauration scolaire",
    "nettoyage": "nettoyage",
    "travaux": "travaux de voirie",
    "impression": "impression",
}
search_rows = []
for need, words in needs.items():
    query = TenderQuery(q=words, autour="Dunkerque", rayon_km=30, ouverts=True, limite=5)
    results = search_tenders(conn, query, now=now)
    print(f"{need} (« {words} ») : {results.total} avis ouverts à moins de 30 km.")
    search_rows += [
        {
            "besoin": need,
            "avis": hit.tender.titre or hit.tender.objet,
            "acheteur": hit.tender.acheteur.nom,
            "date limite": hit.tender.date_limite.date() if hit.tender.date_limite else None,
            "distance (km)": hit.distance_km,
        }
        for hit in results.items
    ]
pd.DataFrame(search_rows).round(1)

# %% [markdown]
# ## 3. « Ces marchés sont pour vous »
#
# L'entreprise ne cherche rien : Clair part de son code d'activité (NAF), de ses mots-clés et de
# sa commune. Chaque proposition dit pourquoi elle est faite : activité, mot-clé, distance.
# Quatre profils d'entreprises fictives :

# %%
profiles = {
    "Entreprise de nettoyage à Dunkerque": FirmProfile(code_naf="81.21Z", autour="Dunkerque"),
    "Boulangerie à Gravelines": FirmProfile(code_naf="10.71C", autour="Gravelines"),
    "Plombier-chauffagiste à Coudekerque-Branche": FirmProfile(
        code_naf="43.22A", autour="Coudekerque-Branche"
    ),
    "Imprimerie à Dunkerque": FirmProfile(
        code_naf="18.12Z", mots_cles=["affiches", "brochures"], autour="Dunkerque"
    ),
}
matches = {
    name: tenders_for_firm(conn, profile, limite=10, now=now) for name, profile in profiles.items()
}
for name, found in matches.items():
    display(Markdown(f"**{name}** : {len(found)} marchés ouverts proposés."))
    display(
        pd.DataFrame(
            {
                "avis": m.tender.titre or m.tender.objet,
                "score": m.score,
                "distance (km)": m.distance_km,
                "pourquoi": " ; ".join(reason.message for reason in m.raisons),
            }
            for m in found[:5]
        ).round(1)
    )

# %%
reasons = (
    pd.DataFrame(
        [
            Counter(reason.kind for m in found for reason in m.raisons) | {"profil": name}
            for name, found in matches.items()
        ]
    )
    .set_index("profil")
    .fillna(0)
)
reason_labels = {"activite": "activité (NAF ↔ CPV)", "mot_cle": "mot-clé", "distance": "proximité"}
reasons = reasons.rename(columns=reason_labels)
ax = reasons.plot.barh(figsize=(8, 3.5), stacked=True, color=["#000091", "#6a6af4", "#b0b0b0"])
ax.set_xlabel("Nombre de raisons données (toutes propositions)")
ax.set_ylabel("")
ax.set_title("Pourquoi Clair propose ces marchés")
plt.tight_layout()
plt.show()

# %% [markdown]
# Les mêmes propositions pour des entreprises **du registre** : Clair lit leur profil dans leur
# fiche (activité, position, mots-clés et rayon de livraison qu'elles ont déclarés), sans rien
# leur demander de plus. Une entreprise vérifiée par activité ; la colonne « sans rayon
# déclaré » refait la recherche avec le rayon par défaut de Clair (50 km).

# %%
register_rows = []
for naf in ("81.21Z", "56.21Z", "43.22A", "18.12Z"):
    found_firms = search_firms(conn, FirmQuery(naf=[naf], verifies_seulement=True, limite=1)).items
    if not found_firms:
        register_rows.append({"activité": naf, "entreprise": "aucune fiche vérifiée"})
        continue
    firm = found_firms[0].firm
    profile = profile_from_firm(firm)
    proposed = tenders_for_firm(conn, profile, limite=10, now=now)
    register_rows.append(
        {
            "activité": f"{naf} {firm.libelle_naf or ''}".strip(),
            "entreprise": firm.nom,
            "mots-clés déclarés": ", ".join(firm.mots_cles),
            "rayon déclaré (km)": profile.rayon_km,
            "marchés proposés": len(proposed),
            "sans rayon déclaré": len(
                tenders_for_firm(
                    conn, profile.model_copy(update={"rayon_km": None}), limite=10, now=now
                )
            ),
            "premiers marchés": " ; ".join(m.tender.titre or m.tender.objet for m in proposed[:3]),
        }
    )
pd.DataFrame(register_rows)

# %% [markdown]
# Pour la première proposition faite à la boulangerie, la fiche simple de l'avis, rédigée en
# FALC par `tenders.fiche.fiche_simple`, avec son score de lisibilité :

# %%
bakery = matches["Boulangerie à Gravelines"]
first_match = bakery[0] if bakery else None
if first_match is None:
    print("Aucune proposition : pas de fiche à montrer.")
else:
    fiche = fiche_simple(first_match.tender, load_nlp())
    print(f"{fiche.titre} — score FALC {fiche.score} ({fiche.niveau})\n")
    print(fiche.texte)

# %% [markdown]
# ## 4. Les propositions sont-elles justes ?
#
# Le jeu jugé contient des recherches et des profils d'entreprises. Pour chacun, l'équipe a
# listé à la main, en lisant les avis, ceux qu'une entreprise devrait voir en premier. La
# fonction `tenders.relevance.measure_relevance` (celle du banc d'essai) charge les avis de
# démonstration à la date du jugement, pose chaque question et mesure, sur les 10 premiers
# résultats :
#
# - la **précision@10** : la part des avis montrés qui sont jugés pertinents ;
# - le **rappel@10** : la part des avis jugés pertinents qui sont montrés.

# %%
JUDGED = (
    Path(tenders.__file__).resolve().parent.parent
    / "benchmarks"
    / "data"
    / "pertinence_marches.json"
)
relevance = measure_relevance(load_judged(JUDGED), k=10)
measured = pd.DataFrame(
    [
        {
            "type": q.type,
            "question": ", ".join(f"{k} = {v}" for k, v in q.requete.items()),
            "précision@10": q.precision,
            "rappel@10": q.recall,
        }
        for q in relevance.questions
    ]
)
measured.groupby("type")[["précision@10", "rappel@10"]].agg(["mean", "count"]).round(2)

# %%
fig, ax = plt.subplots(figsize=(8, 7))
positions = range(len(measured))
ax.barh(
    [p + 0.2 for p in positions],
    measured["précision@10"],
    height=0.4,
    label="précision@10",
    color="#000091",
)
ax.barh(
    [p - 0.2 for p in positions],
    measured["rappel@10"],
    height=0.4,
    label="rappel@10",
    color="#b0b0b0",
)
ax.set_yticks(
    list(positions),
    [f"{t[:4]}. {q[:45]}" for t, q in zip(measured["type"], measured["question"], strict=True)],
)
ax.invert_yaxis()
ax.set_xlim(0, 1.05)
ax.set_xlabel("Part (0 = aucun, 1 = tous)")
ax.set_title("Précision et rappel sur les 10 premiers résultats, par question jugée")
ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %%
weak = measured[measured["précision@10"] < 0.75]
display(weak)

# %% [markdown]
# ### Les chiffres de ce carnet


# %%
def decimal(value: float) -> str:
    """A share with two decimals, the French way: « 0,95 »."""
    return f"{value:.2f}".replace(".", ",")


by_type = measured.groupby("type")[["précision@10", "rappel@10"]].mean()
open_count = sum(n.is_open(now) for n in notices)
elapsed = time.perf_counter() - started
display(
    Markdown(
        f"""
- La base de démonstration contient {len(notices)} avis, dont {open_count} ouverts aujourd'hui.
- Recherche par mots-clés, {int((measured["type"] == "recherche").sum())} questions jugées :
  précision@10 moyenne {decimal(by_type.loc["recherche", "précision@10"])},
  rappel@10 moyen {decimal(by_type.loc["recherche", "rappel@10"])}.
- « Ces marchés sont pour vous », {int((measured["type"] == "entreprise").sum())} profils jugés :
  précision@10 moyenne {decimal(by_type.loc["entreprise", "précision@10"])},
  rappel@10 moyen {decimal(by_type.loc["entreprise", "rappel@10"])}.
- « Pour vous » est {"moins" if by_type.loc["entreprise", "précision@10"] < by_type.loc["recherche", "précision@10"] else "aussi ou plus"}
  précis que la recherche par mots-clés.
- Ensemble : précision@10 {decimal(measured["précision@10"].mean())}, rappel@10 {decimal(measured["rappel@10"].mean())} ;
  {len(weak)} question(s) sous 0,75 de précision.
- Entreprises du registre sans proposition avec leur rayon déclaré :
  {", ".join(r["entreprise"] for r in register_rows if r.get("marchés proposés") == 0) or "aucune"}.
- Profils de ce carnet : {", ".join(f"{name} : {len(found)}" for name, found in matches.items())} marchés proposés.
- Durée du carnet : {elapsed:.0f} s.
"""
    )
)
conn.close()

# %% [markdown]
# ## Ce que nous retenons
#
# - **La recherche par mots-clés** se juge sur deux chiffres (ci-dessus) : la précision dit si
#   les avis montrés sont les bons, le rappel si un avis pertinent manque. Un rappel faible
#   vient d'un avis pertinent écrit avec d'autres mots que ceux de la recherche.
# - **« Ces marchés sont pour vous »** part d'un code d'activité (NAF) et non des mots de
#   l'entreprise. La correspondance NAF ↔ CPV est large : un plombier voit aussi des marchés de
#   bâtiment voisins de son métier. C'est le prix à payer pour ne rien demander à l'entreprise.
#   Chaque proposition dit pourquoi elle est faite, ce qui aide l'entreprise à trier.
# - **Le rayon déclaré par l'entreprise compte** : le tableau des entreprises du registre
#   compare les propositions avec son rayon et avec le rayon par défaut. Un petit rayon peut
#   vider la liste : c'est voulu, mais il faut le dire à l'entreprise quand elle remplit sa fiche.
# - **Les questions les plus faibles** (tableau ci-dessus) montrent où travailler : affiner la
#   correspondance NAF ↔ CPV et laisser l'entreprise ajouter ses mots-clés.
# - **Les limites du test** : le jeu jugé est petit (une vingtaine de questions), jugé par
#   l'équipe qui a écrit les avis, sur des avis fictifs. Il faut le refaire avec de vrais avis du
#   BOAMP et des entreprises du territoire qui jugent elles-mêmes les propositions.
