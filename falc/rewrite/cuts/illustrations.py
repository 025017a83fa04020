"""Cuts at words that add to a complete sentence: examples (« , notamment A et B » → « Ce sont
par exemple A et B. ») and a reservation (« , sans préjudice de X » → « Cela ne remet pas en
cause X. »), only when what follows is a noun phrase without a verb of its own."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import is_finite, join
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import comma_openers, stands_alone
from falc.rewrite.cuts.words import (
    EXAMPLE_OPENERS,
    NOUN_DETERMINERS,
    PREJUDICE_ARTICLES,
    PREJUDICE_NOUNS,
)


def _example_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« …comprend les renseignements mentionnés à l'article R. 2193-1, notamment la nature et
    le montant des prestations. » → « … Ce sont par exemple la nature et le montant des
    prestations. »: examples (a noun phrase without a verb) closing a sentence whose last words
    are a noun phrase."""
    cuts = []
    for left, right in comma_openers(body, EXAMPLE_OPENERS):
        if len(right) < 2 or right[0].lower_ not in NOUN_DETERMINERS:
            continue
        if any(t.text in ",;" for t in right):
            continue  # « notamment des véhicules, et l'agrément sanitaire »: where do they end?
        if not left or left[-1].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            continue
        if any(t.pos_ in ("VERB", "AUX") and is_finite(t) for t in right) or not stands_alone(left):
            continue
        plural = right[0].lower_ in ("les", "des") or any(t.lower_ == "et" for t in right)
        lead = "Ce sont" if plural else "C'est"
        cuts.append(Cut(join(left), f"{lead} par exemple {join(right)}", at=left[-1].i + 1))
    return cuts


def _prejudice_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« …, sans préjudice de la possibilité pour l'acheteur de résilier le marché. » → « …
    Cela ne remet pas en cause la possibilité pour l'acheteur de résilier le marché. »"""
    cuts = []
    for left, right in comma_openers(body, (("sans", "préjudice"),)):
        if len(right) < 3 or right[0].lower_ not in PREJUDICE_ARTICLES:
            continue
        if any(t.text in ",;" or (t.pos_ in ("VERB", "AUX") and is_finite(t)) for t in right):
            continue
        if not stands_alone(left):
            continue
        article = PREJUDICE_ARTICLES[right[0].lower_]
        if not article and right[1].lower_ not in NOUN_DETERMINERS:
            continue
        noun = next((t for t in right[1:] if t.pos_ == "NOUN"), None)
        if noun is None or noun.lower_ not in PREJUDICE_NOUNS:
            continue  # « sans préjudice des vices cachés »: the defects are not « remis en cause »
        phrase = " ".join(part for part in (article, join(right[1:])) if part)
        cuts.append(Cut(join(left), f"Cela ne remet pas en cause {phrase}", at=left[-1].i + 1))
    return cuts


EXAMPLES = CutRule(
    code="coupe-notamment",
    message="« …, notamment A et B » devient « Ce sont par exemple A et B. ».",
    find=_example_cuts,
    examples=(
        cut(
            "La demande d'acceptation comprend les renseignements mentionnés à l'article R. "
            "2193-1 du CCP, notamment la nature et le montant des prestations sous-traitées.",
            "La demande d'acceptation comprend les renseignements mentionnés à l'article R. "
            "2193-1 du CCP.",
            "Ce sont par exemple la nature et le montant des prestations sous-traitées.",
        ),
        kept(
            "Le candidat fournit une description de l'équipement technique, notamment des "
            "véhicules de livraison, et l'agrément sanitaire.",
            "Les exemples ont une virgule : où finissent-ils ?",
        ),
    ),
)

PREJUDICE = CutRule(
    code="coupe-sans-prejudice",
    message="« …, sans préjudice de X » devient « Cela ne remet pas en cause X. ».",
    find=_prejudice_cuts,
    examples=(
        cut(
            "Le montant total des pénalités ne peut excéder 10 % du montant du marché, sans "
            "préjudice de la possibilité pour l'acheteur de résilier le marché.",
            "Le montant total des pénalités ne peut excéder 10 % du montant du marché.",
            "Cela ne remet pas en cause la possibilité pour l'acheteur de résilier le marché.",
        ),
        cut(
            "Ils sont prélevés sur les sommes qui peuvent lui être dues ou, à défaut, sur ses "
            "sûretés éventuelles, sans préjudice des droits à exercer contre lui en cas "
            "d'insuffisance.",
            "Ils sont prélevés sur les sommes qui peuvent lui être dues ou, à défaut, sur ses "
            "sûretés éventuelles.",
            "Cela ne remet pas en cause les droits à exercer contre lui en cas d'insuffisance.",
        ),
        kept(
            "L'admission est prononcée de manière tacite à l'expiration d'un délai de 15 "
            "jours, sans préjudice des vices cachés révélés plus tard.",
            "« sans préjudice des vices cachés » garde les recours contre eux : « Cela ne "
            "remet pas en cause les vices cachés » ne voudrait rien dire.",
        ),
    ),
)

RULES = (EXAMPLES, PREJUDICE)
