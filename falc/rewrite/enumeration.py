"""Enumerations turned into bulleted lists, and how a rewrite holds a list.

FALC asks for one item per line: « Chaque colis porte un étiquetage comportant la dénomination
de vente, le poids net, le numéro de lot et l'origine du produit. » becomes::

    Chaque colis porte un étiquetage comportant :
    - la dénomination de vente
    - le poids net
    - le numéro de lot
    - l'origine du produit.

A rewrite is plain text where each line that starts with :data:`LIST_MARK` is a list item; the
other lines are prose. :func:`lines` reads that convention back for the writers (Markdown list
lines, DOCX line breaks inside the tracked insertion, ODT line breaks, HTML).

The enumeration is read on the words, checked on the tags, because the parser hangs the items
of a long enumeration anywhere: at least three items that open alike (a determiner, « en » and a
gerund, or the same preposition), separated by commas, the last one after « et » and running to
the end of the sentence, the sentence before them holding a conjugated verb. « ou » never closes
a list (the reader would read an alternative as a set of obligations), and a last item followed
by words that depend on something else (« … et C avant le 15 mars ») is not cut: the deadline
would end up on C alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field
from spacy.tokens import Span, Token

from falc.rewrite._tokens import is_finite, join
from falc.rewrite.cuts.grammar import has_main_verb
from falc.rewrite.examples import becomes, kept

LIST_MARK = "- "
SUBORDINATE_OPENERS = frozenset({"si", "s'", "s’", "lorsque", "lorsqu'", "lorsqu’", "quand"})
MIN_ITEMS = 3
MIN_INTRO_WORDS = 3
MAX_ASIDE_WORDS = 3
"""« et, si besoin, le signe de qualité » : a short aside may open the last item."""

COMPLEMENT_PREPOSITIONS = frozenset(
    {"de", "d'", "d’", "du", "des", "à", "au", "aux", "en"}
)  # fmt: skip
"""A determiner after these opens a complement of the previous noun, not a list item."""
TAIL_OPENERS = ("par exemple", "notamment", "en particulier")
"""A last item may end with an example of itself (« …, par exemple par le don à… »)."""


class Line(BaseModel):
    """One line of a rewrite: prose, or a list item (its text without the mark)."""

    kind: Literal["text", "item"] = Field(description="« text » (phrase) ou « item » (puce).")
    text: str
    start: int = Field(description="Début de la ligne (marque comprise) dans la réécriture.")


def lines(text: str) -> list[Line]:
    """The lines of a rewrite; consecutive prose lines stay one piece."""
    out: list[Line] = []
    position = 0
    for raw in text.split("\n"):
        if raw.startswith(LIST_MARK):
            out.append(Line(kind="item", text=raw[len(LIST_MARK) :].strip(), start=position))
        elif out and out[-1].kind == "text":
            out[-1] = out[-1].model_copy(update={"text": f"{out[-1].text}\n{raw}"})
        elif raw.strip():
            out.append(Line(kind="text", text=raw, start=position))
        position += len(raw) + 1
    return out


def has_list(text: str) -> bool:
    return any(line.startswith(LIST_MARK) for line in text.split("\n"))


def join_sentences(pieces: list[str]) -> str:
    """Sentences joined by a space, or by a line break next to a list."""
    out = ""
    for piece in pieces:
        if not out:
            out = piece
        elif has_list(piece) or has_list(out):
            out = f"{out.rstrip()}\n{piece.lstrip()}"
        else:
            out = f"{out.rstrip()} {piece.lstrip()}"
    return out


@dataclass(frozen=True)
class Enumeration:
    """An introducing sentence and its items (texts, before formatting)."""

    intro: str
    items: list[str]

    def render(self) -> str:
        items = [item.rstrip(" ,") for item in self.items]
        last = items[-1]
        if last[-1] not in ".!?…":
            items[-1] = last + "."
        intro = self.intro.rstrip(" ,:")
        return "\n".join([f"{intro} :", *(f"{LIST_MARK}{item}" for item in items)])


OpenerKind = tuple[str, str]


def _opener(tokens: list[Token]) -> OpenerKind | None:
    """What kind of phrase the tokens open: a noun phrase, a gerund, a prepositional phrase."""
    if not tokens:
        return None
    first = tokens[0]
    if first.lower_ == "en" and len(tokens) > 1:
        second = tokens[1]
        if second.lower_.endswith("ant") and second.pos_ in ("VERB", "AUX"):
            return ("gérondif", "en")
    if first.pos_ == "DET" or (first.pos_ == "NUM" and len(tokens) > 1):
        return ("nom", "")
    if (
        first.pos_ == "ADP"
        and first.lower_ not in COMPLEMENT_PREPOSITIONS
        and len(tokens) > 1
        and tokens[1].pos_ == "DET"
    ):
        return ("préposition", first.lower_)
    return None


def _split_at_commas(tokens: list[Token]) -> list[list[Token]]:
    segments: list[list[Token]] = [[]]
    for token in tokens:
        if token.text == ",":
            segments.append([])
        else:
            segments[-1].append(token)
    return segments


def _without_aside(tokens: list[Token]) -> list[Token]:
    """The last item without a short aside opening it (« si besoin, le signe » → « le signe »)."""
    for position, token in enumerate(tokens[: MAX_ASIDE_WORDS + 1]):
        if token.text == "," and position > 0:
            return tokens[position + 1 :]
    return tokens


def _first_item_start(segment: list[Token], kind: OpenerKind) -> int | None:
    """Where, in the segment before the first comma, the first item starts: the rightmost
    opener that does not follow a preposition (the complement of a noun, or a preposition that
    may govern the first item alone)."""
    for position in range(len(segment) - 1, -1, -1):
        if _opener(segment[position:]) != kind:
            continue
        if kind[0] == "nom" and position > 0:
            before = segment[position - 1]
            if before.pos_ in ("ADP", "DET", "NUM") or before.lower_ in COMPLEMENT_PREPOSITIONS:
                continue  # « selon la formule, … »: the preposition may govern the first item only
        return position
    return None


def _single_phrase(tokens: list[Token]) -> bool:
    """All the tokens hang on one of them (the item is one phrase, no stray complement)."""
    indexes = {t.i for t in tokens}
    heads = [t for t in tokens if not t.is_punct and (t.head.i not in indexes or t.head.i == t.i)]
    return len(heads) == 1


def _last_item(tokens: list[Token]) -> list[Token]:
    """The last item, without an example of itself that follows a comma."""
    for position, token in enumerate(tokens):
        if token.text != ",":
            continue
        rest = join(tokens[position + 1 :]).lower()
        if rest.startswith(TAIL_OPENERS):
            return tokens[:position]
    return tokens


def find_enumeration(sentence: Span) -> Enumeration | None:
    """The enumeration closing the sentence, if one reads clearly; None otherwise."""
    body = list(sentence)
    while body and body[-1].is_punct and body[-1].text in ".!?…;:":
        body.pop()
    for position, conjunction in enumerate(body):
        if conjunction.lower_ != "et" or conjunction.pos_ != "CCONJ":
            continue
        before = body[:position]
        if before and before[-1].text == ",":
            before = before[:-1]
        after = body[position + 1 :]
        if after and after[0].text == ",":
            after = after[1:]
        found = _enumeration(before, after)
        if found is not None:
            return found
    return None


def _enumeration(before: list[Token], after: list[Token]) -> Enumeration | None:
    last = _without_aside(after)
    kind = _opener(last)
    if kind is None or any(t.lower_ == "et" and t.pos_ == "CCONJ" for t in after):
        return None
    segments = _split_at_commas(before)
    # Walk back over the middle items: each opens like the last one.
    middle: list[list[Token]] = []
    while len(segments) > 1 and _opener(segments[-1]) == kind:
        middle.insert(0, segments.pop())
    if not middle:
        return None
    head_segment = segments[-1]
    # « Le dossier comprend, pour chaque lot, A, B et C », « Le titulaire transmet, au plus
    # tard un mois avant, A et B »: an aside between commas holds no item.
    aside = len(segments) > 1 and bool(head_segment) and head_segment[0].pos_ in ("ADP", "ADV")
    start = None if aside else _first_item_start(head_segment, kind)
    if start is None:
        # « …, en adaptant A, en acceptant B et en proposant C »: the items start after a comma.
        if kind[0] == "nom" and not aside:
            return None
        first, intro_segments, rest = middle[0], segments, []
        middle = middle[1:]
    else:
        first, intro_segments, rest = head_segment[start:], segments[:-1], head_segment[:start]
    intro = [t for segment in intro_segments for t in [*segment, _comma(segment)]]
    intro = [t for t in intro if t is not None] + rest
    items = [first, *middle, after]
    if len(items) < MIN_ITEMS or any(not item for item in items):
        return None
    if sum(1 for t in intro if not t.is_punct) < MIN_INTRO_WORDS:
        return None
    if not any(t.pos_ in ("VERB", "AUX") and is_finite(t) for t in intro):
        return None  # no main clause to introduce the list
    if not _single_phrase(_last_item(last)) or not _single_phrase(first):
        return None
    if any(t.text in ";:" or (t.lower_ == "et" and t.pos_ == "CCONJ") for i in items for t in i):
        return None  # another « et » inside: the items are not read for sure
    if any(has_main_verb(item) for item in items):
        return None  # « …, les imperfections se trouvent couvertes et la réception est… »: clauses
    if intro[0].lower_ in SUBORDINATE_OPENERS:
        return None  # « Si le titulaire accepte : … »: the list would leave the condition
    if any(t.lower_ in ("qui", "que", "qu'", "qu’", "dont") for t in head_segment):
        return None  # « …, notamment celles qui peuvent être causées par X, A, B et C »: A, B
        # and C may be what X is or what « celles » are
    if last[0].lower_ in ("du", "des") and any(
        t.lower_ in COMPLEMENT_PREPOSITIONS for t in items[-2][1:]
    ):
        return None  # « une proposition accompagnée du détail du calcul et des indices »
    if _shared_complement(items):
        return None
    return Enumeration(intro=join(intro), items=[join(item) for item in items])


def _shared_complement(items: list[list[Token]]) -> bool:
    """A bare item (a determiner and a noun) before a last item with a complement: the
    complement may bear on every item (« l'organisation et le fonctionnement des entreprises »,
    « la durée, les modes d'exploitation et le prix définis dans les documents particuliers »),
    and a list would give it to the last one only."""
    words = [[t for t in item if not t.is_punct] for item in items]
    bare = any(
        len(item) == 2 and item[0].pos_ == "DET" and item[1].pos_ == "NOUN" for item in words[:-1]
    )
    return bare and len(words[-1]) > 2


def _comma(segment: list[Token]) -> Token | None:
    """The comma that followed a segment in the sentence."""
    if not segment:
        return None
    last = segment[-1]
    following = last.nbor(1) if last.i + 1 < len(last.doc) else None
    return following if following is not None and following.text == "," else None


EXAMPLES = (
    becomes(
        "Le dossier remis par le candidat comprend, pour chaque lot, la lettre de candidature, "
        "le mémoire technique et le bordereau des prix.",
        "Le dossier remis par le candidat comprend, pour chaque lot :\n"
        "- la lettre de candidature\n"
        "- le mémoire technique\n"
        "- le bordereau des prix.",
    ),
    kept(
        "Le titulaire transmet chaque mois à l'acheteur le rapport d'activité, la facture "
        "détaillée ou le bon de livraison signé.",
        "« ou » : une alternative n'est pas une liste de choses à fournir.",
    ),
    kept(
        "Le titulaire prend les dispositions nécessaires pour réduire les gênes imposées aux "
        "voisins, notamment celles qui peuvent être causées par les difficultés d'accès, le "
        "bruit des engins, les vibrations, les fumées et les poussières.",
        "Après une relative, on ne sait pas si la liste dit les gênes ou les difficultés d'accès "
        "(CCAG-Travaux, article 31).",
    ),
    kept(
        "Si le titulaire accepte la réfaction, les imperfections qui l'ont motivée se trouvent "
        "couvertes de ce fait et la réception est prononcée sans réserve.",
        "Les « éléments » sont des propositions, et la liste sortirait de la condition "
        "(CCAG-Travaux, article 41).",
    ),
    kept(
        "Sont notamment considérés comme confidentiels les moyens de fabrication, "
        "l'organisation et le fonctionnement des entreprises.",
        "« des entreprises » vaut aussi pour « l'organisation » : dans une liste, il n'irait "
        "qu'avec le dernier (CCAG-MI de 1980).",
    ),
    kept(
        "Le titulaire transmet chaque mois à l'acheteur le rapport, la facture et le bon de "
        "livraison avant le 15 mars.",
        "Le délai vaut pour les trois : dans une liste, il n'irait qu'avec le dernier.",
    ),
)
