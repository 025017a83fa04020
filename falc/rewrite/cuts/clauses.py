"""Cuts between two complete clauses set side by side: at a semicolon, or at a comma when the
parse shows two main clauses joined only by the link of their heads (« Les prix sont fermes,
ils comprennent… »). Never after a clause left open: « Il arrête le montant et, s'il est
différent, il le notifie » keeps its condition with what it conditions."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import join
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import (
    clause_head,
    has_main_verb,
    has_subject,
    opens_on_participle,
    opens_subordinate,
    starts_relative,
)

CLAUSE_LINKS = frozenset({"conj", "parataxis", "advcl"})
"""Relations that join two clauses of equal weight (a relative or a complement clause is not)."""


def _juxtaposed_cuts(body: list[Token], separators: tuple[str, ...]) -> list[Cut]:
    """Cuts at a separator between two main clauses that only share the link of their heads."""
    cuts = []
    for position, token in enumerate(body):
        if token.text not in separators:
            continue
        left, right = body[:position], body[position + 1 :]
        if not left or not right or right[0].dep_ == "cc" or starts_relative(right):
            continue
        if _left_open(left):
            continue
        if token.text == ";":
            # A semicolon in French prose separates two independent clauses: each side only
            # needs its own subject and verb (or, when the parse is wrong, its own main verb).
            if (has_subject(left) and has_subject(right)) or (
                has_main_verb(left) and has_main_verb(right)
            ):
                cuts.append(Cut(join(left), join(right), at=left[-1].i + 1))
            continue
        if not (has_main_verb(left) and has_main_verb(right)):
            continue  # « s'il constate que … », « la signature étant exigée »: no main clause
        if opens_on_participle(right):
            continue  # « la signature … étant exigée …, au moyen d'un certificat dit … »
        strict = True
        left_head, right_head = clause_head(left, strict), clause_head(right, strict)
        if left_head is None or right_head is None:
            continue
        if any(
            "Rel" in t.morph.get("PronType") and right_head.i in (t.head.i, t.head.head.i)
            for t in right
        ):
            continue  # "…, dont le montant est déduit": a relative clause read as a main one
        if right_head.head.i == left_head.i:
            link = right_head.dep_
        elif left_head.head.i == right_head.i:
            link = left_head.dep_
        else:
            continue
        if link not in CLAUSE_LINKS and not (token.text == ";" and link != "acl:relcl"):
            continue
        cuts.append(Cut(join(left), join(right), at=left[-1].i + 1))
    return cuts


def _left_open(left: list[Token]) -> bool:
    """The words before the separator end on a clause that the words after it complete: a
    coordination followed by a comma (« et, s'il est différent… »), or a last segment that
    opens a subordinate clause (« …, lorsque X »)."""
    if any(t.dep_ == "cc" and t.i + 1 < len(t.doc) and t.nbor(1).text == "," for t in left):
        return True
    commas = [k for k, t in enumerate(left) if t.text == ","]
    segment = left[commas[-1] + 1 :] if commas else left
    return any(opens_subordinate(t) for t in segment)


def _juxtaposition_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    return _juxtaposed_cuts(body, (";", ","))


JUXTAPOSITION = CutRule(
    code="coupe-juxtaposition",
    message=(
        "Deux propositions complètes séparées par un point-virgule ou une virgule deviennent "
        "deux phrases."
    ),
    find=_juxtaposition_cuts,
    examples=(
        cut(
            "Les prix sont fermes pendant toute la durée du marché, ils comprennent toutes les "
            "charges fiscales et sociales et les frais de transport.",
            "Les prix sont fermes pendant toute la durée du marché.",
            "Ils comprennent toutes les charges fiscales et sociales et les frais de transport.",
        ),
        cut(
            "Le délai pour payer ne peut excéder 30 jours ; le défaut de paiement dans ce "
            "délai fait courir de plein droit des intérêts de retard.",
            "Le délai pour payer ne peut excéder 30 jours.",
            "Le défaut de paiement dans ce délai fait courir de plein droit des intérêts de "
            "retard.",
        ),
        cut(
            "Les documents particuliers du marché précisent l'option retenue pour les droits "
            "de propriété intellectuelle ; à défaut, l'option A s'applique.",
            "Les documents particuliers du marché précisent l'option retenue pour les droits "
            "de propriété intellectuelle.",
            "À défaut, l'option A s'applique.",
        ),
        kept(
            "Il arrête le montant de la somme à régler et, s'il est différent du montant "
            "figurant dans la demande de paiement, il le notifie ainsi arrêté au titulaire.",
            "La condition « s'il est différent » irait sans ce qu'elle conditionne.",
        ),
        kept(
            "Dans son mémoire en réclamation, le titulaire expose les motifs de son différend, "
            "indique, le cas échéant, les montants de ses réclamations et fournit les "
            "justifications nécessaires.",
            "« indique » perdrait son objet.",
        ),
        kept(
            "Le présent CCAG s'applique aux marchés industriels présentant une ou plusieurs "
            "des caractéristiques suivantes : les prestations sont exécutées suivant les "
            "spécifications propres à l'acheteur public, leurs prix sont déterminés sur devis.",
            "Après un deux-points, chaque proposition est un élément de la liste annoncée : "
            "seule, elle se lirait comme un fait.",
        ),
    ),
)

RULES = (JUXTAPOSITION,)
