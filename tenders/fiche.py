"""The « fiche simple » of a tender: what is bought, by whom, where, until when, how to answer,
written in FALC style (short sentences, one idea each, "vous") from the notice's fields only,
with the readability score ``clair analyse`` gives it.

Nothing is invented: a field the notice does not give is said to be missing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from tenders.tender import PARIS, Tender

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
TYPES = {
    "travaux": "C'est un marché de travaux.",
    "fournitures": "C'est un marché de fournitures : l'acheteur achète des produits.",
    "services": "C'est un marché de services : l'acheteur achète un travail, pas un produit.",
}
MAX_OBJET_CHARS = 300


class FicheSection(BaseModel):
    titre: str
    phrases: list[str]


class Fiche(BaseModel):
    id: str
    titre: str
    sections: list[FicheSection]
    texte: str = Field(description="La fiche en texte suivi (titres et phrases).")
    score: float | None = Field(None, description="Score de lisibilité de « clair analyse ».")
    niveau: str | None = None
    demo: bool = False


def french_date(moment: datetime, with_time: bool = True) -> str:
    """ "mardi 3 mars 2026 à 12 h" (Paris time)."""
    local = moment.astimezone(PARIS)
    day = "1er" if local.day == 1 else str(local.day)
    text = f"{JOURS[local.weekday()]} {day} {MOIS[local.month - 1]} {local.year}"
    if with_time and (local.hour, local.minute) != (23, 59):
        text += f" à {local.hour} h" + (f" {local.minute:02d}" if local.minute else "")
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_OBJET_CHARS:
        cut = text[:MAX_OBJET_CHARS].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "…"
    return text if text.endswith((".", "…", "!", "?")) else text + "."


def fiche_sections(tender: Tender, now: datetime | None = None) -> list[FicheSection]:
    """The fiche's sections, built from the notice's fields."""
    now = now or datetime.now(UTC)
    buyer = tender.acheteur.nom or "Un acheteur public"
    what = [f"{buyer} achète : {_lower_first(_sentence(tender.titre or tender.objet))}"]
    if tender.titre and tender.objet and tender.objet != tender.titre:
        what.append(f"En détail : {_sentence(tender.objet)}")
    if tender.type_marche:
        what.append(TYPES[tender.type_marche])
    if tender.lots:
        what.append(f"Le marché a {len(tender.lots)} parties. Chaque partie s'appelle un lot.")
        what += [
            f"Lot {lot.numero or i} : {_sentence(lot.titre or lot.description or 'sans titre')}"
            for i, lot in enumerate(tender.lots, start=1)
        ]
        what.append("Lisez l'avis : il dit si vous pouvez répondre à un seul lot.")
    if tender.valeur_estimee_eur:
        what.append(f"L'acheteur pense dépenser environ {_euros(tender.valeur_estimee_eur)}.")

    who = (
        [f"L'acheteur est : {buyer}."]
        if tender.acheteur.nom
        else ["L'avis ne donne pas le nom de l'acheteur."]
    )
    if tender.acheteur.siret:
        who.append(f"Son numéro SIRET est {tender.acheteur.siret}.")

    where: list[str] = []
    lieu = tender.lieu
    if lieu.commune:
        dep = f" ({lieu.departement})" if lieu.departement else ""
        where.append(f"Le travail ou la livraison se fait à {lieu.commune}{dep}.")
    elif lieu.departement:
        where.append(f"Le travail ou la livraison se fait dans le département {lieu.departement}.")
    elif lieu.libelle:
        where.append(f"Le lieu indiqué est : {_sentence(lieu.libelle)}")
    else:
        where.append("L'avis ne dit pas où se fait le travail.")

    when: list[str] = []
    how: list[str] = []
    if tender.nature == "attribution":
        names = [t.nom for t in tender.titulaires if t.nom]
        if names:
            when.append(f"Ce marché est déjà attribué à : {', '.join(names)}.")
        else:
            when.append("Ce marché est déjà attribué.")
        when.append("Vous ne pouvez plus répondre.")
        if tender.montant_eur and tender.montant_fiable:
            when.append(f"Le montant est de {_euros(tender.montant_eur)} hors taxes.")
    elif tender.date_limite is None:
        when.append("L'avis ne donne pas de date limite. Demandez-la à l'acheteur.")
    elif tender.date_limite < now:
        when.append(f"La date limite était le {french_date(tender.date_limite)}.")
        when.append("Elle est passée : vous ne pouvez plus répondre.")
    else:
        when.append(f"Vous avez jusqu'au {french_date(tender.date_limite)} pour répondre.")
        days = (tender.date_limite - now).days
        if days >= 1:
            when.append(f"Il reste {days} jour{'s' if days > 1 else ''}.")
        else:
            when.append("C'est bientôt : il reste moins d'un jour.")
    if tender.nature != "attribution":
        if tender.url:
            how.append(f"Lisez l'avis complet ici : {tender.url}")
        how.append("Téléchargez le dossier de l'acheteur. Il dit ce que vous devez envoyer.")
        how.append("Vous pouvez poser vos questions à l'acheteur avant la date limite.")
        how.append("En général, vous envoyez votre réponse par internet.")
    elif tender.url:
        how.append(f"L'avis complet est ici : {tender.url}")

    sections = [
        FicheSection(titre="Ce qui est acheté", phrases=what),
        FicheSection(titre="Qui achète", phrases=who),
        FicheSection(titre="Où", phrases=where),
        FicheSection(titre="Jusqu'à quand", phrases=when),
    ]
    if how:
        sections.append(FicheSection(titre="Comment répondre", phrases=how))
    if tender.demo:
        sections.append(
            FicheSection(
                titre="Attention", phrases=["Cet avis est fictif. Il sert de démonstration."]
            )
        )
    return sections


def _lower_first(text: str) -> str:
    """ "Fourniture de pain" → "fourniture de pain"; an acronym ("DSP", "EHPAD") stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _euros(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", " ") + " euros"


def fiche_text(sections: list[FicheSection]) -> str:
    return "\n\n".join(f"{s.titre}\n" + "\n".join(s.phrases) for s in sections)


def fiche_simple(tender: Tender, nlp, now: datetime | None = None) -> Fiche:
    """The fiche of ``tender`` with its ``clair analyse`` score (``nlp``: the spaCy pipeline)."""
    from falc.analysis import analyse_text

    sections = fiche_sections(tender, now)
    text = fiche_text(sections)
    report = analyse_text(text, nlp, name=f"fiche {tender.id}")
    return Fiche(
        id=tender.id,
        titre=tender.titre or tender.objet[:120],
        sections=sections,
        texte=text,
        score=report.score,
        niveau=report.niveau,
        demo=tender.demo,
    )
