"""Cuts at a coordination between two clauses (« et », « mais », « puis », « donc », « or »;
never « ou », which would turn an alternative into two obligations), the subject said again
when the second verb shares it; and « A, ainsi que B » → « … aussi B »."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import contiguous, is_finite, join, lower_first
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import (
    finite_of,
    in_subtree,
    opens_subordinate,
    outside_subtree,
    subject_of,
)
from falc.rewrite.cuts.words import CUT_CONJUNCTIONS, MODALS, NE, RELATIVE_PRONOUNS


def _stray_items(right: list[Token], verb: Token) -> bool:
    """Every word of ``right`` outside the verb's subtree is a comma or a noun after a comma:
    the items of an enumeration the parser hung on the first verb (« …et mentionnent le numéro,
    la désignation, les quantités »), not a complement shared by both verbs."""
    indexes = {t.i for t in verb.subtree}
    if right[0].i != verb.i:
        return False
    seen_comma = False
    for token in right:
        if token.text == ",":
            seen_comma = True
        if token.i in indexes or token.head.i in {t.i for t in right}:
            continue
        if token.text != "," and not (token.pos_ in ("NOUN", "PROPN") and seen_comma):
            return False
    return True


CLAUSE_MODIFIERS = frozenset({"acl", "acl:relcl", "appos", "parataxis"})


def _subject_again(subject: Token) -> str:
    """The subject said again for the second verb, without its relative clause, participle or
    apposition: « Le pouvoir adjudicateur, qui met les documents … à la disposition des
    opérateurs, précise … et permet … » → « Le pouvoir adjudicateur permet … » (the clause
    said twice made the second sentence as hard as the first)."""
    left_out: set[int] = set()
    for child in subject.children:
        if child.dep_ in CLAUSE_MODIFIERS:
            left_out |= {t.i for t in child.subtree}
    return join(t for t in subject.subtree if t.i not in left_out and t.text != ",")


def _coordination_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    root = sentence.root
    cuts = []
    for position, cc in enumerate(body):
        if cc.dep_ != "cc" or cc.lower_ not in CUT_CONJUNCTIONS:
            continue
        second = cc.head
        if second.dep_ != "conj" or second.pos_ not in ("VERB", "AUX"):
            continue
        first = second.head
        right = body[position + 1 :]
        left = body[:position]
        if right and (
            opens_subordinate(right[0]) or right[0].lower_ in ("que", "qu'", "qu’", "si")
        ):
            continue  # « à moins que X et s'il peut établir Y »: two conditions, not two clauses
        if left and left[-1].text == ",":
            left = left[:-1]
        if not outside_subtree(left, second):
            continue
        if not in_subtree(right, second) and not _stray_items(right, second):
            continue
        prefix = ""
        own_subject = subject_of(second)
        if own_subject is not None:
            if own_subject.lower_ in RELATIVE_PRONOUNS or finite_of(second) is None:
                continue
        elif first.i == root.i and finite_of(second) is not None:
            subject = subject_of(root)
            if subject is None or subject.lower_ in RELATIVE_PRONOUNS or not contiguous(subject):
                continue
            if subject.left_edge.i != body[0].i:
                continue  # "Lorsque X, il informe… et propose…": the condition covers both verbs
            prefix = _subject_again(subject)
        elif (
            first.dep_ == "xcomp"
            and first.head.i == root.i
            and root.lemma_ in MODALS
            and "Inf" in second.morph.get("VerbForm")
            and is_finite(root)
        ):
            subject = subject_of(root)
            if subject is None or subject.lower_ in RELATIVE_PRONOUNS or not contiguous(subject):
                continue
            if any(c.lower_ in NE | {"pas"} for c in root.children):
                continue
            if subject.left_edge.i != body[0].i:
                continue
            prefix = f"{_subject_again(subject)} {root.text}"
        else:
            continue
        if first.i != root.i and not (first.dep_ == "xcomp" and first.head.i == root.i):
            continue
        lead = CUT_CONJUNCTIONS[cc.lower_]
        right_text = join(right)
        if prefix:
            right_text = f"{prefix} {right_text}"
        elif not lead:
            right_text = right_text
        if lead:
            right_text = f"{lead}, {lower_first(right_text, right[0] if not prefix else None)}"
            right_text = right_text.replace(f"{lead}, ", f"{lead} ", 1)
        cuts.append(Cut(join(left), right_text, at=left[-1].i + 1))
    return cuts


def _also_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """ "Le titulaire communique A, ainsi que B." → "Le titulaire communique A. Le titulaire
    communique aussi B." (B coordinated with the object of the main verb). With an auxiliary,
    a modal or « faire », « aussi » follows the conjugated verb: « Le titulaire a aussi
    transmis B », « Le dépassement du délai fait aussi courir une indemnité »."""
    root = sentence.root
    subject = subject_of(root)
    if (
        subject is None
        or root.pos_ != "VERB"
        or subject.lower_ in RELATIVE_PRONOUNS
        or not contiguous(subject)
        or subject.right_edge.i >= root.i
        or subject.left_edge.i != body[0].i
        or any(c.dep_ == "aux:pass" or c.lower_ in NE for c in root.children)
    ):
        return []
    between = [t for t in body if subject.right_edge.i < t.i < root.i]
    clitics = [t for t in between if t.pos_ == "PRON"]
    verbs = [t for t in between if t.pos_ != "PRON"]
    if any(t.pos_ not in ("AUX", "VERB") for t in verbs) or between != [*clitics, *verbs]:
        return []  # clitics, then the verb group: « le lui a transmis », « fait courir »
    group = [*verbs, root]
    carrier = root  # the verb whose object « ainsi que » extends
    following = [c for c in root.children if c.dep_ == "xcomp" and c.i == root.i + 1]
    if root.lemma_ in MODALS and following and "Inf" in following[0].morph.get("VerbForm"):
        carrier = following[0]  # « doit fournir A, ainsi que B »
        group.append(carrier)
    causative = group[0].lower_ == "fait" and len(group) > 1  # the tagger reads a participle
    if not (is_finite(group[0]) or causative) or any(is_finite(t) for t in group[1:]):
        return []
    cuts = []
    for position in range(1, len(body) - 2):
        comma, ainsi, que = body[position - 1], body[position], body[position + 1]
        if comma.text != "," or ainsi.lower_ != "ainsi" or que.lower_ not in ("que", "qu'"):
            continue
        left, right = body[: position - 1], body[position + 2 :]
        heads = [t for t in right if t.head.i not in {r.i for r in right} or t.head.i == t.i]
        if len(heads) != 1 or heads[0].dep_ != "conj" or heads[0].pos_ not in ("NOUN", "PROPN"):
            continue
        target = heads[0].head
        objects = [c for c in carrier.children if c.dep_ == "obj"]
        in_object = any(target.i in {t.i for t in o.subtree} for o in objects)
        if not objects or not (target.i == carrier.i or in_object):
            continue  # after a comma, "ainsi que" joins the object, wherever the parser hung it
        verb_group = join([*clitics, group[0]]) + " aussi"
        if group[1:]:
            verb_group += " " + join(group[1:])
        prefix = f"{join(subject.subtree)} {verb_group}"
        cuts.append(Cut(join(left), f"{prefix} {join(right)}", at=left[-1].i + 1))
    return cuts


COORDINATION = CutRule(
    code="coupe-coordination",
    message=(
        "Deux propositions liées par « et », « mais », « puis », « donc » ou « or » deviennent "
        "deux phrases ; le sujet est répété, sans sa relative. Jamais à « ou » : une alternative n'est pas deux "
        "obligations."
    ),
    find=_coordination_cuts,
    examples=(
        cut(
            "Le pouvoir adjudicateur, qui met les documents de la consultation à la disposition "
            "des opérateurs économiques sur un réseau informatique, précise les modalités "
            "d'accès à ce réseau et permet le téléchargement du règlement de la consultation.",
            "Le pouvoir adjudicateur, qui met les documents de la consultation à la disposition "
            "des opérateurs économiques sur un réseau informatique, précise les modalités "
            "d'accès à ce réseau.",
            "Le pouvoir adjudicateur permet le téléchargement du règlement de la consultation.",
        ),
        cut(
            "Les prix sont établis hors taxes et comprennent les frais afférents au "
            "conditionnement, au transport et à la livraison des produits.",
            "Les prix sont établis hors taxes.",
            "Les prix comprennent les frais afférents au conditionnement, au transport et à la "
            "livraison des produits.",
        ),
        cut(
            "Les factures sont déposées sur le portail Chorus Pro et mentionnent le numéro de "
            "la commande, la désignation des produits, les quantités.",
            "Les factures sont déposées sur le portail Chorus Pro.",
            "Les factures mentionnent le numéro de la commande, la désignation des produits, "
            "les quantités.",
        ),
        cut(
            "Le titulaire remet le rapport à l'acheteur et transmet la facture au comptable "
            "public dans un délai de 30 jours.",
            "Le titulaire remet le rapport à l'acheteur.",
            "Le titulaire transmet la facture au comptable public dans un délai de 30 jours.",
        ),
        cut(
            "Le titulaire doit remettre le rapport mensuel au service technique et transmettre "
            "les factures au comptable public avant le 15 du mois.",
            "Le titulaire doit remettre le rapport mensuel au service technique.",
            "Le titulaire doit transmettre les factures au comptable public avant le 15 du mois.",
        ),
        kept(
            "Vous devez fournir les pièces demandées dans le règlement de la consultation ou "
            "un document équivalent établi dans un autre État.",
            "« ou » : deux phrases feraient d'une alternative deux obligations.",
        ),
        kept(
            "Le dossier comprend les pièces suivantes : le DUME qui est signé par le "
            "représentant ; le mémoire technique qui décrit les moyens mis en œuvre.",
            "Des éléments de liste, pas des propositions principales.",
        ),
        kept(
            "Le titulaire ne peut prétendre ni à prolongation du délai d'exécution, ni à "
            "indemnité, à moins que les informations ne lui aient été communiquées après le dépôt "
            "de son offre et s'il peut établir que les obligations ainsi imposées nécessitent un "
            "délai supplémentaire.",
            "« et s'il peut établir… » est une seconde condition : seule, elle ne serait pas une "
            "phrase (CCAG-Travaux, article 31).",
        ),
    ),
)

ALSO = CutRule(
    code="coupe-ainsi-que",
    message="« A, ainsi que B » devient deux phrases, la seconde avec « aussi ».",
    find=_also_cuts,
    examples=(
        cut(
            "Le titulaire a transmis à l'acheteur le rapport mensuel d'activité du service, "
            "ainsi que les factures des prestations exécutées.",
            "Le titulaire a transmis à l'acheteur le rapport mensuel d'activité du service.",
            "Le titulaire a aussi transmis les factures des prestations exécutées.",
        ),
        cut(
            "Le titulaire doit fournir à l'acheteur le rapport mensuel d'activité du service, "
            "ainsi que les factures des prestations exécutées.",
            "Le titulaire doit fournir à l'acheteur le rapport mensuel d'activité du service.",
            "Le titulaire doit aussi fournir les factures des prestations exécutées.",
        ),
        cut(
            "Le dépassement du délai de paiement fait courir de plein droit, au bénéfice du "
            "titulaire, des intérêts de retard au taux prévu à l'article R. 2192-31 du code de "
            "la commande publique, ainsi qu'une indemnité forfaitaire de 40 euros pour frais "
            "de recouvrement.",
            "Le dépassement du délai de paiement fait courir de plein droit, au bénéfice du "
            "titulaire, des intérêts de retard au taux prévu à l'article R. 2192-31 du code de "
            "la commande publique.",
            "Le dépassement du délai de paiement fait aussi courir une indemnité forfaitaire "
            "de 40 euros pour frais de recouvrement.",
        ),
        cut(
            "Le titulaire communique la liste exhaustive des ingrédients de chaque référence, "
            "ainsi que la présence éventuelle des allergènes majeurs.",
            "Le titulaire communique la liste exhaustive des ingrédients de chaque référence.",
            "Le titulaire communique aussi la présence éventuelle des allergènes majeurs.",
        ),
        kept(
            "Le titulaire n'a pas transmis à l'acheteur le rapport mensuel d'activité du "
            "service, ainsi que les factures.",
            "Après une négation, « aussi » changerait ce qui est dit.",
        ),
    ),
)

RULES = (ALSO, COORDINATION)
