# %% [markdown]
# # Lisibilité des documents de marché
#
# **La question** : nos documents de consultation sont-ils lisibles par une petite entreprise ?
# Quelles règles du FALC (Facile à lire et à comprendre) enfreignent-ils le plus souvent ?
# Et que gagne-t-on avec la réécriture automatique de Clair (`clair simplifie`), sans perdre
# un montant, une date ou un délai ?
#
# **Les données** : les documents d'exemple livrés avec Clair (`falc/exemples/`). Ils sont
# fictifs, mais écrits dans le style administratif que reçoivent les agents : un règlement de
# la consultation, un extrait de CCAP (en Markdown et en Word), un extrait de CCTP pour la
# restauration scolaire et un avis de marché.
#
# **La méthode** : chaque document est lu par `falc.readers.read_document`, analysé par
# `falc.analysis.analyse_documents`, puis réécrit par `falc.simplify.simplify_document`.
# Le texte réécrit est analysé de nouveau, avec les mêmes règles et les mêmes seuils.

# %%
import html
import time
from collections import Counter
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

import falc
from falc.analysis import analyse_documents
from falc.config import FalcConfig
from falc.exemples import exemple_paths
from falc.nlp import load_nlp
from falc.readers import read_document
from falc.rewrite.registry import get_rewrite
from falc.rules import RULES, get_rule
from falc.simplify import rewritten_document, simplify_document

started = time.perf_counter()
plt.rcParams.update({"figure.dpi": 110, "axes.spines.top": False, "axes.spines.right": False})
pd.set_option("display.max_colwidth", 120)

config = FalcConfig()
nlp = load_nlp()
MAX_BYTES = 20 * 1024 * 1024
documents = [read_document(path, max_bytes=MAX_BYTES) for path in exemple_paths()]
reports = analyse_documents(documents, nlp, config)
print(f"{len(documents)} documents lus et analysés en {time.perf_counter() - started:.1f} s.")

# %% [markdown]
# ## 1. Le score de chaque document
#
# Le score FALC va de 0 (loin du FALC) à 100 (conforme). Il combine la lisibilité
# (Kandel et Moles, la formule de Flesch adaptée au français), la longueur des phrases, les
# mots rares et le nombre d'écarts aux règles. Une mesure qu'on ne peut pas calculer reste
# vide : elle ne vaut jamais 0.


# %%
def percent(share: float | None) -> float | None:
    """A share as a percentage; None (cannot compute) stays None."""
    return None if share is None else 100 * share


scores = pd.DataFrame(
    {
        "document": r.document,
        "format": r.format,
        "paragraphes": len(r.paragraphs),
        "mots": r.metrics.words,
        "phrases": r.metrics.sentences,
        "mots par phrase": r.metrics.words_per_sentence,
        "Kandel-Moles": r.metrics.kandel_moles,
        "LIX": r.metrics.lix,
        "mots rares (%)": percent(r.metrics.rare_word_share),
        "phrases passives (%)": percent(r.metrics.passive_ratio),
        "écarts": len(r.findings),
        "écarts pour 100 mots": 100 * len(r.findings) / r.metrics.words
        if r.metrics.words
        else None,
        "score FALC": r.score,
        "niveau": r.niveau,
    }
    for r in reports
)
scores.round(1)

# %% [markdown]
# Le même extrait de CCAP existe en Markdown et en Word. Les deux lectures doivent donner le même
# score : c'est un contrôle du lecteur de documents Word. Dans la suite, la version Word est
# écartée pour ne pas compter deux fois le même texte.

# %%
by_name = {r.document: r for r in reports}
word_twins = [
    (r.document, r.document.rsplit(".", 1)[0] + ".md")
    for r in reports
    if r.format == "docx" and r.document.rsplit(".", 1)[0] + ".md" in by_name
]
for docx_name, md_name in word_twins:
    same = by_name[docx_name].score == by_name[md_name].score
    print(
        f"{docx_name} : {by_name[docx_name].score} ; {md_name} : {by_name[md_name].score}"
        f" → {'même score' if same else 'scores différents'}"
    )
twins = {docx_name for docx_name, _ in word_twins}
distinct = [(d, r) for d, r in zip(documents, reports, strict=True) if r.document not in twins]

# %%
fig, ax = plt.subplots(figsize=(7, 3))
ordered = sorted(distinct, key=lambda pair: pair[1].score or 0)
ax.barh([r.document for _, r in ordered], [r.score or 0 for _, r in ordered], color="#000091")
for y, (_, r) in enumerate(ordered):
    ax.text((r.score or 0) + 1, y, f"{r.score:.0f} ({r.niveau})", va="center", fontsize=9)
ax.set_xlim(0, 100)
ax.set_xlabel("Score FALC (points sur 100)")
ax.set_title("Score FALC des documents d'exemple")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 2. Les règles les plus enfreintes
#
# Chaque écart est un endroit précis du texte qui enfreint une règle. Le graphique additionne les
# écarts des documents distincts.

# %%
broken = Counter()
for _, report in distinct:
    for item in report.rules_most_broken:
        broken[item.rule] += item.count
total_findings = sum(broken.values())
top = broken.most_common(12)
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.barh(
    [get_rule(code).title for code, _ in reversed(top)],
    [n for _, n in reversed(top)],
    color="#6a6af4",
)
ax.set_xlabel("Nombre d'écarts (occurrences)")
ax.set_title(f"Les {len(top)} règles FALC les plus enfreintes ({len(distinct)} documents)")
plt.tight_layout()
plt.show()

rules_table = pd.DataFrame(
    [
        {
            "règle": code,
            "titre": get_rule(code).title,
            "écarts": count,
            "part des écarts (%)": 100 * count / total_findings,
        }
        for code, count in broken.most_common()
    ]
)
rules_table.round(1)

# %% [markdown]
# Les écarts se répartissent différemment selon le document. Rapportés à 100 mots, ils se
# comparent d'un document à l'autre malgré des longueurs très différentes.

# %%
per_100_words = pd.DataFrame(
    {
        report.document: {
            get_rule(item.rule).title: 100 * item.count / report.metrics.words
            for item in report.rules_most_broken
        }
        for _, report in distinct
    }
).fillna(0.0)
per_100_words.loc[[get_rule(code).title for code, _ in top[:8]]].round(1)

# %% [markdown]
# ## 3. La longueur des phrases
#
# Le FALC demande des phrases courtes. Clair signale une phrase au-delà de
# `sentence_max_words` mots (15 par défaut, d'après les règles européennes *Information pour
# tous*). Les titres et les cellules de tableau sont mis à part : ce ne sont pas des phrases.

# %%
lengths = pd.DataFrame(
    [
        {"document": report.document, "mots": sentence.metrics.words}
        for _, report in distinct
        for paragraph in report.paragraphs
        if paragraph.kind in ("paragraph", "list_item")
        for sentence in paragraph.sentences
        if sentence.metrics.words
    ]
)
limit = config.sentence_max_words
summary = lengths.groupby("document")["mots"].describe(percentiles=[0.5, 0.9])[
    ["count", "mean", "50%", "90%", "max"]
]
summary["trop longues (%)"] = lengths.groupby("document")["mots"].apply(
    lambda s: 100 * (s > limit).mean()
)
summary.columns = [
    "phrases",
    "moyenne (mots)",
    "médiane (mots)",
    "9e décile (mots)",
    "maximum (mots)",
    "trop longues (%)",
]
summary.round(1)

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
names = list(summary.index)
axes[0].boxplot(
    [lengths.loc[lengths["document"] == n, "mots"] for n in names],
    orientation="horizontal",
    tick_labels=names,
)
axes[0].axvline(limit, color="#c9191e", linestyle="--", label=f"limite FALC : {limit} mots")
axes[0].set_xlabel("Longueur de la phrase (mots)")
axes[0].set_title("Longueur des phrases par document")
axes[0].legend(loc="lower right", fontsize=8)
axes[1].hist(lengths["mots"], bins=range(0, int(lengths["mots"].max()) + 5, 3), color="#000091")
axes[1].axvline(limit, color="#c9191e", linestyle="--")
axes[1].set_xlabel("Longueur de la phrase (mots)")
axes[1].set_ylabel("Nombre de phrases")
axes[1].set_title(f"Toutes les phrases des {len(distinct)} documents")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 4. Avant et après la réécriture
#
# `simplify_document` réécrit chaque phrase. Les changements sûrs (nombres, dates, symboles,
# sigles, équivalents exacts) font la version sûre ; les termes juridiques sont gardés et
# expliqués en tête ; le reste (« vous », voix active, découpage des phrases longues) est
# proposé, et compté ici comme accepté. Chaque changement passe deux gardes : les faits
# juridiques (montants, dates, délais, références...) et le sens (mots, négations, obligations,
# conditions, numéros de clause). Un changement qui échoue est refusé.

# %%
rewrite_started = time.perf_counter()
simplified = [simplify_document(doc, nlp, config) for doc, _ in distinct]
after_reports = analyse_documents(
    [rewritten_document(doc, s, True) for (doc, _), s in zip(distinct, simplified, strict=True)],
    nlp,
    config,
)
print(f"Réécriture et nouvelle analyse : {time.perf_counter() - rewrite_started:.1f} s.")

before_after = pd.DataFrame(
    {
        "document": s.document,
        "score avant": s.before.score,
        "score après": s.accepted.score,
        "gain (points)": None
        if s.before.score is None or s.accepted.score is None
        else s.accepted.score - s.before.score,
        "niveau avant": s.before.niveau,
        "niveau après": s.accepted.niveau,
        "mots par phrase avant": s.before.words_per_sentence,
        "mots par phrase après": s.accepted.words_per_sentence,
        "écarts avant": s.before.findings,
        "écarts après": s.accepted.findings,
        "réécritures appliquées": s.applied + s.proposed,
        "réécritures refusées": s.refused,
        "faits juridiques perdus": s.invariants_lost,
    }
    for s in simplified
)
before_after.round(1)

# %%
fig, ax = plt.subplots(figsize=(7, 3.2))
y = range(len(simplified))
ax.barh(
    [i + 0.2 for i in y],
    [s.before.score or 0 for s in simplified],
    height=0.4,
    label="avant",
    color="#b0b0b0",
)
ax.barh(
    [i - 0.2 for i in y],
    [s.accepted.score or 0 for s in simplified],
    height=0.4,
    label="après",
    color="#000091",
)
ax.set_yticks(list(y), [s.document for s in simplified])
ax.set_xlim(0, 100)
ax.set_xlabel("Score FALC (points sur 100)")
ax.set_title("Score avant et après la réécriture automatique")
ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# ### Le gain règle par règle
#
# Pour chaque règle, on compte les écarts dans les textes d'origine et dans les textes
# réécrits (le graphique montre les 12 règles les plus enfreintes au départ). La colonne « réécritures » compte les phrases où la réécriture de la règle a été
# appliquée. Une règle sans réécriture automatique peut tout de même bouger : découper une phrase
# retire aussi des virgules et des propositions.

# %%
before_counts = Counter(f.rule for _, report in distinct for f in report.findings)
after_counts = Counter(f.rule for report in after_reports for f in report.findings)
applied_counts = Counter(
    get_rewrite(code).answers
    for s in simplified
    for sentence in s.sentences
    for code in [*sentence.applied_rules, *sentence.proposed_rules]
)
gain = pd.DataFrame(
    [
        {
            "règle": rule.code,
            "titre": rule.title,
            "réécriture automatique": "oui" if rule.rewrite is not None else "non",
            "écarts avant": before_counts[rule.code],
            "écarts après": after_counts[rule.code],
            "gain": before_counts[rule.code] - after_counts[rule.code],
            "réécritures": applied_counts[rule.code],
        }
        for rule in RULES
        if before_counts[rule.code] or after_counts[rule.code]
    ]
).sort_values("gain", ascending=False)
gain["gain (%)"] = 100 * gain["gain"] / gain["écarts avant"].where(gain["écarts avant"] > 0)
gain.round(1)

# %%
shown = gain.sort_values("écarts avant", ascending=False).head(12).iloc[::-1]
fig, ax = plt.subplots(figsize=(8, 4.8))
positions = range(len(shown))
ax.barh(
    [p + 0.2 for p in positions], shown["écarts avant"], height=0.4, label="avant", color="#b0b0b0"
)
ax.barh(
    [p - 0.2 for p in positions], shown["écarts après"], height=0.4, label="après", color="#000091"
)
ax.set_yticks(list(positions), shown["titre"])
ax.set_xlabel(f"Nombre d'écarts (occurrences, {len(distinct)} documents)")
ax.set_title("Écarts par règle avant et après la réécriture")
ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# ### Quelques phrases avant et après
#
# Les phrases ci-dessous sont choisies par le calcul : pour chaque règle réécrite, la phrase
# modifiée dont la réécriture applique le plus de règles.

# %%
changed = [
    sentence
    for s in simplified
    for sentence in s.sentences
    if sentence.proposal != sentence.original
]
examples = {}
for sentence in sorted(
    changed,
    key=lambda item: (-len(item.applied_rules + item.proposed_rules), len(item.original)),
):
    for code in sentence.applied_rules + sentence.proposed_rules:
        if (
            code not in examples
            and sentence not in examples.values()
            and len(sentence.original) < 400
        ):
            examples[code] = sentence
rows = "".join(
    "<tr><td{td}>{rule}</td><td{td}>{before}</td><td{td}>{after}</td><td{td}>{applied}</td></tr>".format(
        td=' style="vertical-align:top;text-align:left;border:1px solid #ccc;padding:.4em"',
        rule=html.escape(get_rewrite(code).message),
        before=html.escape(sentence.original),
        after=html.escape(sentence.proposal).replace("\n", "<br>"),
        applied=html.escape(", ".join(sentence.applied_rules + sentence.proposed_rules)),
    )
    for code, sentence in list(examples.items())[:6]
)
print(f"{len(changed)} phrases modifiées sur {sum(len(s.sentences) for s in simplified)}.")
display(
    HTML(
        '<table style="border-collapse:collapse;max-width:60rem">'
        "<thead><tr><th>Règle</th><th>Avant</th><th>Après</th><th>Règles appliquées</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
)

# %% [markdown]
# ## 5. Ce que la réécriture refuse, et pourquoi
#
# Deux sortes de limites :
#
# 1. **Les refus de la garde** : une réécriture a été calculée, mais elle aurait perdu, changé ou
#    ajouté un fait juridique. La phrase garde son texte et le refus dit pourquoi.
# 2. **Les règles sans réécriture automatique** : négations, mots rares, expressions latines,
#    conditionnel... Les corriger demande de comprendre le sens. Elles restent dans le rapport,
#    avec une suggestion pour l'agent.

# %%
refusals = [
    {
        "document": s.document,
        "règle": refusal.regle,
        "phrase": sentence.original,
        "raison": refusal.raison,
    }
    for s in simplified
    for sentence in s.sentences
    for refusal in sentence.refused
]
print(f"Refus de la garde : {len(refusals)}.")
pd.DataFrame(refusals, columns=["document", "règle", "phrase", "raison"])

# %%
remaining = Counter(f.rule for s in simplified for f in s.remaining)
left_for_people = pd.DataFrame(
    [
        {
            "règle": code,
            "titre": get_rule(code).title,
            "écarts restants": count,
            "suggestion donnée à l'agent": get_rule(code).suggestion,
        }
        for code, count in remaining.most_common()
    ]
)
display(left_for_people)

# %% [markdown]
# ### Les chiffres de ce carnet


# %%
def signed(value: float) -> str:
    """A signed decimal the French way: « +7,9 »."""
    return f"{value:+.1f}".replace(".", ",")


n_docs = len(simplified)
score_gains = [
    s.accepted.score - s.before.score
    for s in simplified
    if s.before.score is not None and s.accepted.score is not None
]
top3 = ", ".join(f"« {get_rule(code).title} » ({count})" for code, count in broken.most_common(3))
top3_share = 100 * sum(count for _, count in broken.most_common(3)) / total_findings
long_share = 100 * (lengths["mots"] > limit).mean()
best_gain = gain.iloc[0]
findings_before = sum(s.before.findings for s in simplified)
findings_after = sum(s.accepted.findings for s in simplified)
lost = sum(s.invariants_lost for s in simplified)
refused = sum(s.refused for s in simplified)
worse = gain[gain["gain"] < 0]
worse_text = (
    "aucune"
    if worse.empty
    else ", ".join(
        f"« {t} » ({a} → {b})"
        for t, a, b in worse[["titre", "écarts avant", "écarts après"]].values
    )
)
left = sum(remaining.values())
elapsed = time.perf_counter() - started
display(
    Markdown(
        f"""
- Scores d'origine : de {min(r.score for _, r in distinct):.0f} à {max(r.score for _, r in distinct):.0f} sur 100
  ({", ".join(f"{r.document} : {r.niveau}" for _, r in distinct)}).
- {total_findings} écarts sur {n_docs} documents. Les trois règles les plus enfreintes, {top3},
  font {top3_share:.0f} % des écarts.
- {long_share:.0f} % des {len(lengths)} phrases dépassent {limit} mots ;
  médiane : {lengths["mots"].median():.0f} mots.
- Après réécriture, le score {"monte" if min(score_gains) > 0 else "ne monte pas toujours"} :
  gain de {signed(min(score_gains))} à {signed(max(score_gains))} points,
  {signed(sum(score_gains) / len(score_gains))} en moyenne.
  Les écarts passent de {findings_before} à {findings_after}.
- Le plus gros gain est sur « {best_gain["titre"]} » : {best_gain["écarts avant"]} → {best_gain["écarts après"]} écarts.
- Règles dont les écarts augmentent après réécriture : {worse_text}.
- Faits juridiques perdus sur les documents entiers : {lost}. Réécritures refusées par la garde : {refused}.
- {left} écarts restent à revoir à la main, sur des règles sans réécriture automatique.
- Durée du carnet : {elapsed:.0f} s.
"""
    )
)

# %% [markdown]
# ## 6. Sur des textes réels, notés par des juges
#
# Les documents d'exemple sont fictifs : un test sur des textes écrits par l'équipe prouve peu.
# Clair a donc été mesuré sur des textes officiels (les CCAG de 1980 et 2009), et sur un texte
# **tenu à part**, le CCAG-Travaux de 1976 : aucune règle n'a été écrite ni réglée en le lisant.
# Des juges qui connaissent la commande publique ont noté à l'aveugle des phrases réécrites,
# tirées par une règle fixe (`benchmarks/data/README.md`) :
#
# - **A** : français correct, même sens juridique, nettement plus facile ;
# - **B** : correct, même sens, pas plus facile ;
# - **C** : français cassé ;
# - **D** : le sens juridique a changé.
#
# Une phrase « avec proposition » a au moins un changement que l'agent doit accepter
# (coupe, voix active) ; les autres n'ont que des changements sûrs (nombres, mots équivalents).

# %%
JUDGED = Path(falc.__file__).resolve().parent.parent / "benchmarks" / "data"
samples = {
    "CCAG 1980 et 2009 (3e tirage)": JUDGED / "simplifie_echantillon.csv",
    "CCAG-Travaux 1976 (tenu à part)": JUDGED / "simplifie_tenu_a_part.csv",
}
grades = pd.concat(
    [
        pd.read_csv(path, dtype=str).assign(texte=name)
        for name, path in samples.items()
        if path.exists()
    ]
)
grades["avec proposition"] = grades["version_acceptee"] != grades["version_sure"]
table = (
    grades.groupby(["texte", "avec proposition"])["note"]
    .value_counts()
    .unstack(fill_value=0)
    .reindex(columns=list("ABCD"), fill_value=0)
)
table["phrases"] = table.sum(axis=1)
table["A (%)"] = (100 * table["A"] / table["phrases"]).round(0)
display(table)

# %%
with_proposal = grades[grades["avec proposition"]]
ax = (
    with_proposal.groupby("texte")["note"]
    .value_counts(normalize=True)
    .unstack(fill_value=0)
    .reindex(columns=list("ABCD"), fill_value=0)
    .mul(100)
    .plot.barh(stacked=True, figsize=(7, 2.2), color=["#2e7d32", "#9e9e9e", "#f9a825", "#c62828"])
)
ax.set_xlabel("part des phrases avec proposition (%)")
ax.set_ylabel("")
ax.legend(title="note", bbox_to_anchor=(1.01, 1), loc="upper left")
plt.show()
changed_meaning = int((grades["note"] == "D").sum())
broken_french = int((grades["note"] == "C").sum())
display(
    Markdown(
        f"- {len(grades)} phrases notées ; sens juridique changé (D) : {changed_meaning} ; "
        f"français cassé (C) : {broken_french}.\n"
        f"- Propositions nettement plus faciles (A) : "
        + " ; ".join(
            f"{name} : {100 * (part['note'] == 'A').mean():.0f} % de {len(part)}"
            for name, part in with_proposal.groupby("texte")
        )
        + "."
    )
)

# %% [markdown]
# ## Ce que nous retenons
#
# - **Le diagnostic est utile tel quel.** Les documents d'exemple sont loin du FALC, et quelques
#   règles concentrent l'essentiel des écarts (chiffres ci-dessus). C'est par elles qu'une
#   rédaction plus simple doit commencer.
# - **La réécriture automatique aide, sans finir le travail.** Le score monte et les écarts
#   baissent, surtout sur les règles qu'elle sait corriger (tableau du gain par règle). Elle
#   laisse les règles qui demandent de comprendre le sens : négations, mots rares, noms
#   d'action. Un agent doit relire et finir.
# - **Quand des écarts augmentent** (ci-dessus), c'est le prix d'une autre correction :
#   expliquer un sigle ajoute une phrase au paragraphe, et couper une phrase de 40 mots en deux
#   phrases de 20 mots compte deux phrases trop longues au lieu d'une. Le découpage doit donc
#   aller plus loin, ou l'agent finir à la main.
# - **La garde des faits juridiques est la condition de confiance.** Le nombre de faits perdus
#   est compté sur les documents entiers (ci-dessus) ; une réécriture douteuse est refusée et
#   le refus dit pourquoi, ce qui permet d'améliorer les réécritures sans risque juridique.
# - **Sur des textes réels, le sens tient** (partie 6) : des juges n'ont trouvé aucun
#   changement du sens juridique dans les phrases réécrites tirées des CCAG, ni dans le texte
#   tenu à part. La plupart des changements sûrs ne rendent pas la phrase plus facile (B) :
#   c'est le prix de la sûreté. Les propositions (coupes, voix active) sont celles qui aident.
# - **Les limites du test** : les parties 1 à 5 portent sur quatre documents fictifs écrits pour
#   Clair ; la partie 6 sur des textes officiels anciens, notés chacun par un seul juge. Le
#   score lui-même n'est validé que sur des paires de phrases jugées (voir
#   `benchmarks/bench_falc_score.py`). Il faudra refaire ce carnet sur de vrais DCE de la
#   communauté urbaine, et faire relire les textes réécrits par des lecteurs du FALC.
