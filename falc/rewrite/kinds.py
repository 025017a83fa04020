"""Every rewrite of ``clair simplifie`` besides the sentence cuts, with its code, a French
message saying what it does, and its examples (kept next to the code of each rewrite).

The codes are those of the FALC rules each rewrite answers (:data:`falc.rules.RULES`, where
:mod:`falc.rewrite.registry` attaches the rewrites); the sentence cuts, the rewrite of
« phrase-longue », have their own registry (:data:`falc.rewrite.cuts.CUT_RULES`), and a long
sentence no cut applies to may become a list (« liste-enumeration »).
"""

from __future__ import annotations

from dataclasses import dataclass

from falc.rewrite import (
    acronyms,
    address,
    characters,
    dates,
    enumeration,
    jargon,
    numbers,
    voice,
)
from falc.rewrite.examples import Example


@dataclass(frozen=True)
class RewriteKind:
    """One rewrite: the code of the rule it answers, what it does, its examples."""

    code: str
    message: str
    examples: tuple[Example, ...]


REWRITE_KINDS: tuple[RewriteKind, ...] = (
    RewriteKind(
        "nombre-en-lettres",
        "Les nombres écrits en lettres passent en chiffres (« quinze jours » → « 15 jours »).",
        numbers.NUMBER_EXAMPLES,
    ),
    RewriteKind(
        "chiffres-romains",
        "Un chiffre romain après « titre », « lot », « chapitre »… passe en chiffres arabes.",
        numbers.ROMAN_EXAMPLES,
    ),
    RewriteKind(
        "date-numerique",
        "Une date en chiffres s'écrit en toutes lettres, avec le jour de la semaine.",
        dates.EXAMPLES,
    ),
    RewriteKind(
        "caractere-special",
        "Les caractères spéciaux (« & », « % », « § ») s'écrivent en mots ; les parenthèses "
        "deviennent des virgules seulement en proposition.",
        characters.EXAMPLES,
    ),
    RewriteKind(
        "tournure-impersonnelle",
        "Le texte s'adresse au lecteur : « les candidats doivent » → « vous devez ».",
        address.EXAMPLES,
    ),
    RewriteKind(
        "voix-passive",
        "Une phrase au passif dont on sait qui agit passe à l'actif.",
        voice.EXAMPLES,
    ),
    RewriteKind(
        "jargon",
        "Un mot administratif est remplacé par son équivalent du glossaire.",
        jargon.EXAMPLES,
    ),
    RewriteKind(
        "sigle-non-explique",
        "Un sigle est expliqué la première fois qu'il apparaît.",
        acronyms.EXAMPLES,
    ),
    RewriteKind(
        "liste-enumeration",
        "Une phrase longue qui finit par une énumération devient une introduction et une liste.",
        enumeration.EXAMPLES,
    ),
)
KINDS_BY_CODE = {kind.code: kind for kind in REWRITE_KINDS}
