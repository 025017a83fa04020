"""The analysis report: the stable JSON schema of ``clair analyse``.

A metric that cannot be computed (no words, no sentence) is ``None`` (JSON ``null``), never 0.
Offsets ``start``/``end`` are character offsets into ``Document.paragraphs[paragraph].text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["info", "avertissement", "erreur"]
Niveau = Literal["facile", "assez facile", "difficile", "très difficile"]


class Metrics(BaseModel):
    """Readability metrics of a span of text (document, section, paragraph or sentence)."""

    words: int = Field(description="Nombre de mots.")
    sentences: int = Field(description="Nombre de phrases.")
    syllables: int = Field(description="Nombre de syllabes.")
    kandel_moles: float | None = Field(
        description="Flesch français de Kandel et Moles : 207 − 1,015 × mots/phrase − 73,6 × syllabes/mot."
    )
    lix: float | None = Field(
        description="LIX : mots/phrase + 100 × mots de plus de 6 lettres / mots."
    )
    words_per_sentence: float | None
    syllables_per_word: float | None
    rare_word_share: float | None = Field(
        description="Part des mots rares (fréquence Zipf wordfreq sous le seuil configuré)."
    )
    passive_ratio: float | None = Field(description="Part des phrases à la voix passive.")


class Finding(BaseModel):
    """One place where the text breaks a FALC rule."""

    rule: str = Field(description="Code stable de la règle, par exemple « phrase-longue ».")
    severity: Severity
    message: str = Field(description="Explication en français simple.")
    suggestion: str | None = Field(default=None, description="Ce qu'il faudrait écrire ou faire.")
    paragraph: int = Field(description="Index du paragraphe dans le document.")
    start: int = Field(description="Début de l'extrait, en caractères dans le paragraphe.")
    end: int = Field(description="Fin de l'extrait (exclue).")
    text: str = Field(description="L'extrait exact du texte original.")
    priorite: float = Field(
        default=0.0,
        description="Priorité : points de gravité (erreur 3, avertissement 2, info 1) × gain du "
        "score FALC du document si l'on corrige ce passage. Plus elle est haute, plus il faut "
        "le revoir tôt.",
    )


class PassageARevoir(Finding):
    """A passage to fix first: a finding, or a group of the same finding repeated."""

    nombre: int = Field(default=1, description="Nombre de fois où le même constat revient.")
    paragraphes: list[int] = Field(
        default_factory=list, description="Index des paragraphes où il revient."
    )


class SentenceReport(BaseModel):
    paragraph: int
    start: int
    end: int
    text: str
    metrics: Metrics


class ParagraphReport(BaseModel):
    index: int
    kind: str
    section: str | None
    metrics: Metrics
    score: float | None
    sentences: list[SentenceReport]


class RuleCount(BaseModel):
    rule: str
    message: str
    count: int


class SectionReport(BaseModel):
    title: str | None = Field(description="Titre de la section ; None avant le premier titre.")
    paragraphs: list[int] = Field(description="Index des paragraphes de la section.")
    metrics: Metrics
    score: float | None
    niveau: Niveau | None
    rules_most_broken: list[RuleCount] = Field(
        default_factory=list, description="Les 3 règles les plus enfreintes dans la section."
    )


class Report(BaseModel):
    """Everything ``clair analyse`` says about one document."""

    document: str = Field(description="Nom du document analysé.")
    format: str
    score: float | None = Field(
        description="Score FALC de 0 (loin du FALC) à 100 (conforme) ; null si le texte est vide."
    )
    niveau: Niveau | None
    metrics: Metrics
    sections: list[SectionReport]
    paragraphs: list[ParagraphReport]
    findings: list[Finding]
    rules_most_broken: list[RuleCount]
    a_revoir_en_premier: list[PassageARevoir] = Field(
        default_factory=list,
        description="Les 10 passages à revoir en premier, par priorité décroissante ; un constat "
        "qui revient (le même mot 40 fois) compte une fois, avec son nombre.",
    )
