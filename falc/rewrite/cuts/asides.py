"""Cuts that move a complement (an aside between commas, a circumstance after the last comma)
to a sentence of its own, the subject and the verb said again. Both are disabled: separated
from its action, a circumstance no longer limits it (see each rule's note)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import VOWEL_START, contiguous, is_finite, join, upper_first
from falc.rewrite.cuts.base import Cut, CutRule
from falc.rewrite.cuts.grammar import demonstrative, stands_alone, subject_of
from falc.rewrite.cuts.words import (
    MODALS,
    NE,
    NOUN_DETERMINERS,
    OBJECT_PRONOUNS,
    RELATIVE_PRONOUNS,
    THIRD_PERSON_PRONOUNS,
    TRAILING_PREPOSITIONS,
    VERB_GROUP_MARKS,
)


def _aside_object(tail: list[Token], verbs: list[Token]) -> Token | None:
    """The head noun of the object that closes the sentence after the aside: a determiner and a
    noun, no verb of its own, read as the verb's object (or, where the parser lost its way, as
    an unlabelled dependent of the verb group, or as the subject of a participle after it that
    the parser took for the sentence's root)."""
    if len(tail) < 2 or tail[0].lower_ not in NOUN_DETERMINERS:
        return None
    if any(t.text in ",;" or is_finite(t) for t in tail):
        return None
    noun = tail[2] if tail[1].pos_ == "ADJ" and len(tail) > 2 else tail[1]  # « un nouveau BPU »
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    group = {t.i for t in verbs}
    if noun.dep_ == "obj" and noun.head.i == verbs[-1].i:
        return noun
    if noun.dep_ == "dep" and noun.head.i in group:
        return noun  # « est tenu de remplacer, à ses frais, les produits »
    glitch = noun.dep_ in ("nsubj", "nsubj:pass") and "Part" in noun.head.morph.get("VerbForm")
    return noun if glitch and noun.head.i in {t.i for t in tail} else None


def _aside_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A circumstance set between commas before the object moves to a sentence of its own, the
    object taken up by « le », « la » or « les »:

    - « Le titulaire transmet à l'acheteur, au plus tard un mois avant la révision, une
      proposition de prix. » → « Le titulaire transmet à l'acheteur une proposition de prix. Le
      titulaire la transmet au plus tard un mois avant la révision. »
    - « L'acheteur peut, en cas de circonstances particulières, demander une livraison
      supplémentaire. » → « L'acheteur peut demander une livraison supplémentaire. L'acheteur
      peut la demander en cas de circonstances particulières. »

    Only for an active verb group right after its subject (« transmet », « est tenu de
    remplacer », « peut … demander »), without negation, whose direct object closes the
    sentence."""
    for token in body:
        subject = subject_of(token) if token.pos_ in ("VERB", "AUX") else None
        if subject is None or subject.right_edge.i >= token.i:
            continue
        if (
            subject.lower_ in RELATIVE_PRONOUNS | THIRD_PERSON_PRONOUNS
            or not contiguous(subject)
            or subject.left_edge.i < body[0].i
        ):
            return []
        commas = [k for k, t in enumerate(body) if t.text == "," and t.i > subject.right_edge.i]
        if len(commas) != 2:
            return []
        first, second = commas
        between = [t for t in body if subject.right_edge.i < t.i < body[first].i]
        group: list[Token] = []
        for t in between:  # the verb group, then its complements (« transmet | à l'acheteur »)
            if t.pos_ not in ("VERB", "AUX") and t.lower_ not in VERB_GROUP_MARKS:
                break
            group.append(t)
        while group and group[-1].lower_ in VERB_GROUP_MARKS:
            group.pop()  # « transmet à l'acheteur »: « à » opens a complement
        complements = between[len(group) :]
        aside, tail = body[first + 1 : second], body[second + 1 :]
        if not group or not is_finite(group[0]) or group[-1].pos_ not in ("VERB", "AUX"):
            return []
        if any(is_finite(t) for t in complements):
            return []
        if not tail or any(c.lower_ in NE for t in group for c in t.children):
            return []
        verbs = list(group)
        moved: list[Token] = []
        if (
            not complements
            and group[-1].lemma_ in MODALS
            and "Inf" in tail[0].morph.get("VerbForm")
        ):
            moved, tail = [tail[0]], tail[1:]  # « peut, en cas de…, demander une livraison »
            verbs.append(moved[0])
        if not aside or aside[0].pos_ not in ("ADP", "ADV"):
            return []
        if any(is_finite(t) or t.lower_ in RELATIVE_PRONOUNS for t in aside):
            return []
        inside, anchors = {t.i for t in aside}, {t.i for t in verbs}
        if any(t.head.i not in inside and t.head.i not in anchors for t in aside):
            return []  # every part of the aside hangs on the verb group
        obj = _aside_object(tail, verbs)
        if obj is None or any(c.dep_ == "conj" for c in obj.children):
            return []  # « la liste des ingrédients et la présence des allergènes »: not « la »
        gender, number = obj.morph.get("Gender")[:1], obj.morph.get("Number")[:1]
        pronoun = "les" if number == ["Plur"] else OBJECT_PRONOUNS.get((*gender, *number))
        if pronoun is None:
            return []
        carrier = verbs[-1]
        elided = pronoun != "les" and VOWEL_START.match(carrier.text)
        pronoun_text = "l'" if elided else f"{pronoun} "
        before = [t for t in body if t.i < body[first].i]
        lead = upper_first(join([*subject.subtree, *verbs[:-1]]))
        right = f"{lead} {pronoun_text}{carrier.text} {join(aside)}"
        return [Cut(f"{join(before)} {join([*moved, *tail])}", right)]
    return []


def _subject_again(subject: Token) -> str | None:
    """The subject said again: as it is when short (« Le titulaire »), else its noun with a
    demonstrative (« Les opérations de vérification quantitative » → « Ces opérations »)."""
    tokens = list(subject.subtree)
    if len(tokens) <= 3:
        return upper_first(join(tokens))
    if subject.pos_ != "NOUN":
        return None
    determiner = demonstrative(subject)
    return f"{determiner} {subject.text}" if determiner else None


def _trailing_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A circumstance after the last comma becomes a sentence of its own, with the subject and
    the verb said again: « Les opérations sont effectuées par l'agent désigné, en présence du
    livreur. » → « Les opérations sont effectuées par l'agent désigné. Ces opérations sont
    effectuées en présence du livreur. » An object is taken up by « le », « la » or « les »."""
    root = sentence.root
    subject = subject_of(root)
    commas = [k for k, t in enumerate(body) if t.text == ","]
    if subject is None or not commas or root.pos_ != "VERB":
        return []
    if (
        subject.lower_ in RELATIVE_PRONOUNS | THIRD_PERSON_PRONOUNS
        or not contiguous(subject)
        or subject.right_edge.i >= root.i
        or any(c.dep_ == "xcomp" or c.lower_ in NE for c in root.children)
    ):
        return []
    auxiliaries = [c for c in root.children if c.dep_.startswith("aux") and c.i < root.i]
    between = [t for t in body if subject.right_edge.i < t.i < root.i]
    if between != auxiliaries or not (is_finite(root) or auxiliaries):
        return []  # « sont effectuées »: only auxiliaries between the subject and the verb
    last = commas[-1]
    left, circumstance = body[:last], body[last + 1 :]
    if len(circumstance) < 3 or circumstance[0].lower_ not in TRAILING_PREPOSITIONS:
        return []
    if any(is_finite(t) or t.lower_ in RELATIVE_PRONOUNS or t.text in ";:" for t in circumstance):
        return []
    if any(
        t.lower_ in ("et", "ou") and t.i + 1 < len(t.doc) and t.nbor(1).pos_ == "ADP"
        for t in circumstance
    ):
        return []  # « …, au transport et à la livraison »: the end of a list, not a circumstance
    inside = {t.i for t in circumstance}
    heads = [t for t in circumstance if t.head.i not in inside]
    if any(t.head.i != root.i or not t.dep_.startswith(("obl", "advmod")) for t in heads):
        return []  # the circumstance hangs on the main verb, not on a noun of the sentence
    if root.i > left[-1].i or not stands_alone(left):
        return []
    lead = _subject_again(subject)
    if lead is None:
        return []
    verb = join([*auxiliaries, root])
    objects = [c for c in root.children if c.dep_ == "obj"]
    if objects:
        obj = objects[0]
        gender, number = obj.morph.get("Gender")[:1], obj.morph.get("Number")[:1]
        pronoun = "les" if number == ["Plur"] else OBJECT_PRONOUNS.get((*gender, *number))
        if len(objects) > 1 or pronoun is None or any(c.dep_ == "conj" for c in obj.children):
            return []
        elided = pronoun != "les" and VOWEL_START.match(verb)
        verb = f"l'{verb}" if elided else f"{pronoun} {verb}"
    return [Cut(join(left), f"{lead} {verb} {join(circumstance)}")]


ASIDE = CutRule(
    code="coupe-incise",
    message=(
        "Un complément entre virgules avant l'objet passe dans une phrase à lui ; l'objet est "
        "repris par « le », « la » ou « les »."
    ),
    find=_aside_cuts,
    examples=(),
    enabled=False,
    note=(
        "Désactivée : la première phrase dit l'action sans sa circonstance (« Le titulaire doit "
        "faire connaître le lieu d'exécution. » perd « sur sa demande » : une obligation sans "
        "sa condition), et le pronom qui reprend l'objet casse souvent le français (« Le "
        "titulaire doit faire le connaître »). Sur les CCAG de 2009, les 12 coupes lues "
        "changeaient le sens ou cassaient le français."
    ),
)

TRAILING = CutRule(
    code="coupe-complement-final",
    message=(
        "Un complément de temps, de lieu ou de manière après la dernière virgule passe dans une "
        "phrase à lui ; le sujet et le verbe sont répétés."
    ),
    find=_trailing_cuts,
    examples=(),
    enabled=False,
    note=(
        "Désactivée : la circonstance séparée de son action en change le sens (« le délai est "
        "prolongé jusqu'à la fin du premier jour ouvrable, à minuit » ; « la résiliation prend "
        "effet à la date fixée ou, à défaut, à la date de sa notification » devenait « La "
        "résiliation le prend… »). Sur les CCAG de 2009, 10 des 12 coupes lues "
        "changeaient le sens ou cassaient le français."
    ),
)

RULES = (ASIDE, TRAILING)
