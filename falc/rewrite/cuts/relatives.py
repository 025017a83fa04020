"""Cuts at a relative clause: the antecedent is said again with a demonstrative (« …le rapport
mensuel, qui précise… » → « Ce rapport mensuel précise… »; « …la formule, par exception à
laquelle… » → « Par exception à cette formule, … »). Only when the antecedent is sure: the one
noun of the phrase before the comma that agrees with the pronoun, never when another could be
meant (« au mandataire du groupement, qui a seul compétence » stays whole)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import is_finite, join, upper_first
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import (
    antecedent_of,
    finite_of,
    has_clause,
    in_locution,
    in_subtree,
    outside_subtree,
    present_singular,
    stands_alone,
    taken_up,
)
from falc.rewrite.cuts.words import CONTRACTED_LEQUEL, LEQUEL, RELATIVE_PRONOUNS


def _noun_chain(left: list[Token]) -> list[Token] | None:
    """The nouns of the noun phrase that closes ``left``, nearest first: back from the comma over
    nouns, adjectives, participles, determiners, prepositions and « et » / « ou », up to a
    conjugated verb or a pronoun (« au mandataire du groupement » gives « groupement »,
    « mandataire »). None when a comma comes first: the phrase is an aside (« la décision,
    prise après vérifications, par laquelle… »), and what it hangs on is not sure."""
    nouns = []
    for token in reversed(left):
        if token.text in ",;:":
            return None
        if token.is_punct or token.pos_ in ("PRON", "SCONJ") or is_finite(token):
            break
        if token.pos_ in ("VERB", "AUX") and "Part" not in token.morph.get("VerbForm"):
            break
        if token.pos_ in ("NOUN", "PROPN"):
            nouns.append(token)
    return nouns


def _agrees(noun: Token, gender: str | None, number: str | None) -> bool:
    """The noun may be what a pronoun of this gender and number takes up (an unknown gender or
    number agrees with anything)."""
    genders, numbers = noun.morph.get("Gender"), noun.morph.get("Number")
    return (gender is None or not genders or gender in genders) and (
        number is None or not numbers or number in numbers
    )


def _sure_antecedent(
    left: list[Token], gender: str | None, number: str | None
) -> tuple[Token, list[Token]] | None:
    """The only noun of the closing noun phrase that agrees with the pronoun, with the
    adjectives after it; None when two could be meant (« au mandataire du groupement, qui a
    seul compétence » : the mandataire or the groupement?) or none."""
    chain = _noun_chain(left)
    if chain is None:
        return None
    candidates = [n for n in chain if _agrees(n, gender, number) and not in_locution(n)]
    if len(candidates) != 1 or candidates[0].pos_ != "NOUN":
        return None
    noun = candidates[0]
    adjectives = []
    for follower in left[left.index(noun) + 1 :]:
        if follower.pos_ != "ADJ" or follower.head.i != noun.i:
            break
        adjectives.append(follower)
    return noun, adjectives


def _verb_number(verb: Token) -> str | None:
    """« Sing » or « Plur » from the conjugated verb of a relative clause, if it shows."""
    finite = finite_of(verb) or verb
    numbers = finite.morph.get("Number")
    return numbers[0] if numbers else None


def _relative_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    cuts = []
    for position, pronoun in enumerate(body):
        if pronoun.lower_ not in ("qui", *LEQUEL) or position < 2:
            continue
        if body[position - 1].text != ",":
            continue
        right = body[position + 1 :]
        left = body[: position - 1]
        if not right or not has_clause(left):
            continue
        if pronoun.lower_ == "qui":
            verb = pronoun.head
            if pronoun.dep_ not in ("nsubj", "nsubj:pass"):
                continue
            misread = (
                verb.i == pronoun.i + 1
                and verb.pos_ in ("ADJ", "NOUN")
                and present_singular(verb.lower_)
            )
            if finite_of(verb) is None and not misread:
                continue  # « du livreur, qui contresigne… »: the tagger read an adjective
            if not outside_subtree(left, verb):
                continue
            if not in_subtree(right, verb) and any(t.text in ",;" for t in right):
                continue  # without a comma, the relative clause runs to the end
        elif not any(is_finite(t) for t in right) or any(t.text == "," for t in right[:1]):
            continue
        if pronoun.lower_ == "qui":
            nearest = antecedent_of(left, pronoun)  # right before the comma
            found = _sure_antecedent(left, None, _verb_number(pronoun.head))
            if nearest is None or found is None or nearest[0].i != found[0].i:
                continue
        else:
            found = _sure_antecedent(left, *LEQUEL[pronoun.lower_])
        antecedent = taken_up(found)
        if antecedent is None:
            continue
        cuts.append(Cut(join(left), f"{antecedent} {join(right)}", at=left[-1].i + 1))
    return cuts


MAX_PREPOSITION_WORDS = 3


def _prepositional_relative_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« …selon la formule prévue à l'article 14.1, par exception à laquelle aucune exonération
    n'est appliquée » → « … Par exception à cette formule, aucune exonération n'est appliquée. »
    (« dans lequel », « auprès duquel »…): the antecedent is repeated with a demonstrative, and
    the relative clause must have its subject before its verb."""
    cuts = []
    for position, comma in enumerate(body):
        if comma.text != ",":
            continue
        left, right = body[:position], body[position + 1 :]
        pronoun_at = next(
            (
                k
                for k, t in enumerate(right[: MAX_PREPOSITION_WORDS + 1])
                if t.lower_ in LEQUEL or t.lower_ in CONTRACTED_LEQUEL
            ),
            None,
        )
        if pronoun_at is None or not left:
            continue
        pronoun, lead, rest = right[pronoun_at], right[:pronoun_at], right[pronoun_at + 1 :]
        preposition, form = CONTRACTED_LEQUEL.get(pronoun.lower_, ("", pronoun.lower_))
        if not lead and not preposition:
            continue  # « , lequel ne saurait… »: the subject relative, cut elsewhere
        if any(t.pos_ not in ("ADP", "NOUN", "ADV", "DET") for t in lead):
            continue
        if lead and lead[0].pos_ == "DET":
            continue  # « , l'acte par lequel… »: the antecedent is « l'acte », after the comma
        if not rest or rest[0].pos_ not in ("DET", "NOUN", "PROPN", "PRON"):
            continue  # « auprès duquel peuvent être introduits… »: the subject comes last
        if rest[0].lower_ in RELATIVE_PRONOUNS or not has_clause(rest):
            continue
        if not stands_alone(left):
            continue
        antecedent = taken_up(_sure_antecedent(left, *LEQUEL[form]))
        if antecedent is None:
            continue
        words = [join(lead), preposition, antecedent.lower()]
        phrase = " ".join(w for w in words if w)
        cuts.append(Cut(join(left), f"{upper_first(phrase)}, {join(rest)}", at=left[-1].i + 1))
    return cuts


RELATIVE = CutRule(
    code="coupe-relative",
    message=(
        "« …, qui … » devient une phrase qui reprend l'antécédent avec un démonstratif "
        "(« Ce livreur… »), seulement quand l'antécédent est sûr."
    ),
    find=_relative_cuts,
    examples=(
        cut(
            "Le titulaire remet le rapport mensuel, qui précise les actions menées pendant le "
            "mois écoulé par les équipes.",
            "Le titulaire remet le rapport mensuel.",
            "Ce rapport mensuel précise les actions menées pendant le mois écoulé par les équipes.",
        ),
        cut(
            "Un circuit court compte au plus un intermédiaire, sans que cette notion puisse "
            "être confondue avec un critère de proximité géographique, lequel ne saurait être "
            "utilisé comme critère de choix.",
            "Un circuit court compte au plus un intermédiaire, sans que cette notion puisse "
            "être confondue avec un critère de proximité géographique.",
            "Ce critère ne saurait être utilisé comme critère de choix.",
        ),
        cut(
            "En cas de groupement, les ordres de service sont adressés au mandataire, qui a "
            "seul qualité pour présenter des réserves au nom de tous les membres.",
            "En cas de groupement, les ordres de service sont adressés au mandataire.",
            "Ce mandataire a seul qualité pour présenter des réserves au nom de tous les membres.",
        ),
        kept(
            "3. 8. 4. En cas de cotraitance, les ordres de service sont adressés au mandataire "
            "du groupement, qui a seul compétence pour formuler des observations au pouvoir "
            "adjudicateur.",
            "Le mandataire ou le groupement ? « Ce groupement a seul compétence » changerait "
            "la partie (CCAG-PI, article 3.8.4).",
        ),
        kept(
            "Les vérifications sont faites lors de la livraison par l'agent de la commune, en "
            "présence du livreur, qui contresigne le bon de livraison.",
            "L'analyse fait de « le bon de livraison » l'objet de « faites » : couper "
            "l'ôterait à son verbe.",
        ),
        kept(
            "Le titulaire établit un plan d'assurance qualité et le porte à la connaissance du "
            "maître d'œuvre, qui le vise avant tout début d'exécution.",
            "« maître d'œuvre » est un seul nom : « Cette œuvre le vise » serait faux.",
        ),
    ),
)

PREPOSITIONAL_RELATIVE = CutRule(
    code="coupe-relative-prepositionnelle",
    message=(
        "« …, par exception à laquelle … » devient une phrase qui reprend l'antécédent "
        "(« Par exception à cette formule, … »)."
    ),
    find=_prepositional_relative_cuts,
    examples=(
        cut(
            "Les pénalités ne peuvent excéder 10 % du montant des prestations commandées au "
            "cours de l'année, au-delà duquel l'acheteur peut résilier le marché.",
            "Les pénalités ne peuvent excéder 10 % du montant des prestations commandées au "
            "cours de l'année.",
            "Au-delà de ce montant, l'acheteur peut résilier le marché.",
        ),
        cut(
            "Les stipulations qui précèdent ne concernent pas les marchés à bons de commande "
            "comportant un minimum, pour lesquels les dispositions suivantes s'appliquent.",
            "Les stipulations qui précèdent ne concernent pas les marchés à bons de commande "
            "comportant un minimum.",
            "Pour ces marchés, les dispositions suivantes s'appliquent.",
        ),
        kept(
            "Le recours est porté devant le tribunal administratif de Lille, auprès duquel "
            "peuvent être introduits un référé et un recours.",
            "Le sujet de la relative vient après son verbe.",
        ),
        kept(
            "Le titulaire encourt une pénalité calculée selon la formule prévue à l'article "
            "14.1 du CCAG-FCS, par exception à laquelle aucune exonération n'est appliquée.",
            "« laquelle » : la formule ou la pénalité ? Deux noms s'accordent, l'antécédent "
            "n'est pas sûr.",
        ),
        kept(
            "― la réception est la décision, prise après vérifications, par laquelle le "
            "pouvoir adjudicateur reconnaît la conformité des prestations aux stipulations du "
            "marché.",
            "Une incise entre l'antécédent et le relatif : « Par cette prise » reprendrait le "
            "mauvais mot (CCAG-TIC, article 2).",
        ),
    ),
)

RULES = (RELATIVE, PREPOSITIONAL_RELATIVE)
