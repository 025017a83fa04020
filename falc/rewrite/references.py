"""Legal references set apart in a sentence of their own.

Procurement prose hangs its references on the sentence: « Selon l'article R. 2143-13 du CCP,
vous fournissez… », « …, en application des articles R. 2162-1 à R. 2162-6 du CCP. », « …, dans
les conditions prévues aux articles L. 2193-1 à L. 2193-14 du CCP. » The reference moves to a
short sentence after the one it qualifies, every word of it kept::

    Vous fournissez… C'est ce que prévoit l'article R. 2143-13 du CCP.
    … Les conditions sont prévues aux articles L. 2193-1 à L. 2193-14 du CCP.

The cut is made only when the reference is a phrase between commas (or the sentence's edges)
made of a reference noun and the codes that follow it, without any verb, and when the sentence
without it still holds a main clause.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from falc.rewrite._tokens import is_finite, is_sigle, join

REFERENCE_NOUNS = frozenset(
    {"article", "articles", "loi", "lois", "décret", "décrets", "arrêté", "arrêtés",
     "règlement", "règlements", "code", "directive", "directives", "ordonnance", "ordonnances"}
)  # fmt: skip
CONTRACTIONS = {"au": "le", "aux": "les", "du": "le", "des": "les"}
SOURCE_OPENERS: tuple[tuple[str, ...], ...] = (
    ("conformément", "à"),
    ("conformément",),
    ("en", "application", "de"),
    ("en", "application", "d'"),
    ("en", "application"),
    ("selon",),
)
"""Words that say « this is what the reference provides »; the new sentence says it plainly."""
CONDITION_PARTICIPLES = frozenset({"prévues", "définies", "fixées", "mentionnées"})
_CODE_CONTINUATION = re.compile(r"^(?:[LRDA]\.?|\d.*|alinéas?|paragraphes?|articles?|[IVX]+)$")


def _opener_length(tokens: list[Token]) -> tuple[int, str] | None:
    """How many tokens open the reference, and which kind (« source » or « conditions »)."""
    words = [t.lower_ for t in tokens[:5]]
    for opener in SOURCE_OPENERS:
        if tuple(words[: len(opener)]) == opener:
            return len(opener), "source"
    if (
        words[:3] == ["dans", "les", "conditions"]
        and len(words) > 4
        and words[3] in CONDITION_PARTICIPLES
    ):
        return 4, "conditions"
    return None


def _reference_end(tokens: list[Token], start: int) -> int:
    """Index just after the reference that starts at ``start``: commas inside a list of codes
    (« articles L. 2152-5, L. 2152-6 et R. 2152-3 ») are part of it."""
    position = start
    while position < len(tokens):
        token = tokens[position]
        if token.text == ",":
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or not _CODE_CONTINUATION.match(following.text):
                return position
        position += 1
    return position


def _reference_phrase(tokens: list[Token]) -> str | None:
    """The reference as a noun phrase (« aux articles X » → « les articles X »), or None."""
    if len(tokens) < 2:
        return None
    first, second = tokens[0], tokens[1]
    # A reference noun, or the acronym of a contract document (« le CCAG-FCS », « du CCTP »).
    reference = second.lower_ in REFERENCE_NOUNS or is_sigle(second.text)
    if first.lower_ in CONTRACTIONS and reference:
        return f"{CONTRACTIONS[first.lower_]} {join(tokens[1:])}"
    if first.lower_ in ("le", "la", "les", "l'", "l’") and reference:
        return join(tokens)
    return None


def _plural(phrase: str) -> bool:
    words = phrase.lower().split()
    return words[0] == "les" or " et l" in phrase.lower()


def _joins_other_source(tokens: list[Token]) -> bool:
    """An « et » in the reference joins something else than another code or reference."""
    for position, token in enumerate(tokens):
        if token.lower_ not in ("et", "ou") or position + 1 >= len(tokens):
            continue
        following = tokens[position + 1 : position + 3]
        if _CODE_CONTINUATION.match(following[0].text) or is_sigle(following[0].text):
            continue  # « R. 2112-14 », « et suivants », « ou CJA » (the acronym of the code)
        if following[0].lower_ in ("suivants", "suivantes"):
            continue
        if len(following) == 2 and (
            following[1].lower_ in REFERENCE_NOUNS or is_sigle(following[1].text)
        ):
            continue  # « et l'article R. 2112-14 », « et du CCAG »
        return True
    return False


def reference_cuts(body: list[Token]) -> list[tuple[list[Token], list[Token], str]]:
    """(words before the reference, words after it, sentence of the reference) for each
    reference that can stand apart; the caller checks that the words left hold a main clause."""
    cuts = []
    for position in range(len(body)):
        if position and body[position - 1].text != ",":
            continue
        opened = _opener_length(body[position:])
        if opened is None:
            continue
        length, kind = opened
        end = _reference_end(body, position + length)
        inside = body[position + length : end]
        if any(t.pos_ in ("VERB", "AUX") and is_finite(t) for t in inside):
            continue
        if any(t.lower_ in ("qui", "que", "qu'", "dont", "où") for t in inside):
            continue
        if _joins_other_source(inside):
            continue  # « l'article L. 3 du CCP et du principe d'égalité »: not only references
        if kind == "conditions":
            by = bool(inside) and inside[0].lower_ in ("à", "par")
            if _reference_phrase(inside[1:] if by else inside) is None:
                continue
            participle = body[position + 3].text
            sentence = f"Les conditions sont {participle} {join(inside)}"
        else:
            phrase = _reference_phrase(inside)
            if phrase is None:
                continue
            verb = "prévoient" if _plural(phrase) else "prévoit"
            sentence = f"C'est ce que {verb} {phrase}"
        before = body[: position - 1] if position else []
        after = body[end + 1 :] if end < len(body) else []
        cuts.append((before, after, sentence))
    return cuts
