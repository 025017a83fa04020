"""Rules about the length of sentences and paragraphs: one idea per sentence, short paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from falc.parsing import forced_cuts
from falc.rules.base import Hit, Rule, RuleContext
from falc.rules.pieces import Piece, list_pieces, sentence_pieces
from falc.sentences import SentenceStats

_SOURCE_IE = "Inclusion Europe, « L'information pour tous » : phrases courtes, une idée par phrase"
_SOURCE_LUCID = "lucid-lint, profil falc"


def _long_sentences(context: RuleContext) -> Iterator[Hit]:
    """Sentences (or glued list items) over the limit; a little over it only with two ideas.

    A sentence of 16 to 20 words with one verb and no comma says one thing: a reader of
    procurement text does not stumble on it, and the officer has nothing to cut.
    """
    config = context.config
    limit, tolerated = config.sentence_max_words, config.sentence_tolerated_words
    for pieces in sentence_pieces(context):
        for piece in pieces:
            if piece.words <= limit:
                continue
            words = piece.words - _clause_number_words(piece.span)
            if words <= limit or (words <= tolerated and not _several_ideas(piece.span)):
                continue
            yield Hit(
                piece.start,
                piece.end,
                message=f"Cette phrase a {words} mots. Une phrase facile a {limit} mots au plus.",
            )


def _clause_number_words(span: Span) -> int:
    """The numbers of a clause number that opens the sentence (« 41. 2. Les opérations … »): the
    reader reads them as the clause's number, not as words of the sentence."""
    numbers = 0
    tokens = list(span[:12])
    for token, following in pairwise(tokens):
        if not (token.text.isdigit() and len(token.text) <= 3 and following.text == "."):
            if token.text != ".":
                break
            continue
        numbers += 1
    return numbers


def _several_ideas(span: Span) -> bool:
    """A comma, a semicolon or a second conjugated verb: the sentence can be cut."""
    return any(t.text in (",", ";") for t in span) or _clause_count(span) > 1


def _runs_of_long_sentences(context: RuleContext) -> Iterator[Hit]:
    """Runs of long sentences of prose.

    A sentence that holds a glued list (several pieces) is a list, not prose: its items are read
    one by one, so it ends a run instead of adding to it. So does a sentence with the other
    marks of a list whose line breaks were lost: it opens with the « ; » that ended the item
    before (« … public ou privé. ; Déclaration indiquant … »), or a label is glued to its text
    (« DC 5 ou équivalent :Le formulaire DC 5 … »).
    """
    long_words = context.config.long_run_words
    most = context.config.long_run_max
    run: list[Piece] = []
    for pieces in sentence_pieces(context):
        if len(pieces) == 1 and pieces[0].words > long_words and not _list_marks(pieces[0]):
            run.append(pieces[0])
            continue
        if len(run) > most:
            yield _run_hit(run)
        run = []
    if len(run) > most:
        yield _run_hit(run)


_GLUED_LABEL = re.compile(r"\w\s?:[A-ZÀ-Ý][a-zà-ÿ]")


def _list_marks(piece: Piece) -> bool:
    text = piece.span.text
    return text.startswith(";") or _GLUED_LABEL.search(text) is not None


def _run_hit(run: list[Piece]) -> Hit:
    return Hit(
        run[0].start,
        run[-1].end,
        message=f"{len(run)} phrases longues se suivent. Le lecteur a besoin de phrases courtes "
        "entre les longues.",
    )


def _is_clause_number(span: Span) -> bool:
    """« 2. », « B. », « 13. 4. » : a clause number the splitter took for a sentence."""
    return not any(t.is_alpha and len(t) > 1 for t in span)


def _long_paragraph(context: RuleContext) -> Iterator[Hit]:
    config = context.config
    sentences = [s for span, s in context.sentences() if not _is_clause_number(span)]
    words = sum(s.words for s in sentences)
    if not sentences:
        return
    if len(sentences) > config.paragraph_max_sentences or words > config.paragraph_max_words:
        yield Hit(
            sentences[0].start,
            sentences[-1].end,
            message=f"Ce paragraphe a {len(sentences)} phrases et {words} mots. Un paragraphe facile a "
            f"{config.paragraph_max_sentences} phrases et {config.paragraph_max_words} mots au plus.",
        )


_REFERENCE_ITEM = re.compile(r"(?:[a-z]|[A-Z]|\d+(?:[.-]\d+)*|[IVX]+)\.?", re.ASCII)
"""« 4 », « 15.2.2 », « 324-10 », « b », « IV » : the number or the letter of a clause, a post, an
article or a lot."""
_REFERENCE_PREFIX = frozenset({"l.", "r.", "d.", "a.", "l", "r", "d"})
"""« L. 324-9, L. 324-10 » : the code letter before an article number."""
_LIST_JOIN = frozenset({"et", "ou", "à"})


def _is_reference_item(doc: Doc, i: int) -> bool:
    """Token ``i`` is a reference number or letter (or « et »/« L. » before one)."""
    if i >= len(doc):
        return False
    token = doc[i]
    if token.lower_ in _LIST_JOIN or token.lower_ in _REFERENCE_PREFIX:
        return i + 1 < len(doc) and _REFERENCE_ITEM.fullmatch(doc[i + 1].text) is not None
    return _REFERENCE_ITEM.fullmatch(token.text) is not None


def _between_references(comma: Token) -> bool:
    """A comma between two references (« aux 1, 2 et 4 », « postes a, b, et c », « L. 324-9,
    L. 324-10 ») separates the items of a list of numbers, not two ideas."""
    doc = comma.doc
    if comma.i == 0 or _REFERENCE_ITEM.fullmatch(doc[comma.i - 1].text) is None:
        return False
    return _is_reference_item(doc, comma.i + 1)


def _too_many_commas(context: RuleContext) -> Iterator[Hit]:
    limit = context.config.sentence_max_commas
    for pieces in sentence_pieces(context):
        for piece in pieces:
            if piece.span.text.count(",") <= limit:
                continue  # fast: a decimal comma inside a number only adds to this count
            commas = sum(1 for t in piece.span if t.text == "," and not _between_references(t))
            if commas > limit:
                yield Hit(
                    piece.start,
                    piece.end,
                    message=f"Cette phrase a {commas} virgules : elle dit sans doute plusieurs choses.",
                )


_CLAUSE_POS = frozenset({"VERB", "AUX"})
_AUXILIARY_DEPS = frozenset({"aux", "aux:pass", "aux:tense", "cop"})


def _clause_count(span: Span) -> int:
    """Clauses of a sentence: distinct heads of its finite verbs.

    An auxiliary counts for the verb it helps (« vous avez rempli » is one clause) and a copula
    for its attribute (« l'offre est complète »).
    """
    heads = set()
    for token in span:
        if token.pos_ in _CLAUSE_POS and "Fin" in token.morph.get("VerbForm"):
            heads.add(token.head.i if token.dep_ in _AUXILIARY_DEPS else token.i)
    return len(heads)


def _too_many_clauses(context: RuleContext) -> Iterator[Hit]:
    """Sentences (or glued list items, each read on its own) with too many conjugated verbs."""
    limit = context.config.sentence_max_clauses
    for pieces in sentence_pieces(context):
        for piece in pieces:
            clauses = _clause_count(piece.span)
            if clauses > limit:
                yield Hit(
                    piece.start,
                    piece.end,
                    message=f"Cette phrase a {clauses} verbes conjugués : elle contient plusieurs "
                    "idées.",
                )


def _unpunctuated(context: RuleContext) -> Iterator[Hit]:
    """A passage cut for parsing because it runs past the cap without a full stop.

    A glued list whose items all stay under the cap is not one: the reader reads a list (« à cet
    effet- une déclaration … - la copie … »), and each item is measured as a sentence.
    """
    cuts = set(forced_cuts(context.doc))
    if not cuts:
        return
    run: list[tuple[Span, SentenceStats]] = []
    for span, stats in context.sentences():
        if span.start_char in cuts and run:
            run.append((span, stats))
            continue
        if len(run) > 1 and not _glued_list(context, run):
            yield _unpunctuated_hit(context, [s for _, s in run])
        run = [(span, stats)]
    if len(run) > 1 and not _glued_list(context, run):
        yield _unpunctuated_hit(context, [s for _, s in run])


def _glued_list(context: RuleContext, run: list[tuple[Span, SentenceStats]]) -> bool:
    """The passage is a list of several items, none of them longer than the parsing cap.

    A forced cut falls inside an item: the last piece before it and the first after it are one.
    """
    items: list[int] = []
    for position, (span, _) in enumerate(run):
        for number, piece in enumerate(list_pieces(span)):
            if position and not number:
                items[-1] += piece.words
            else:
                items.append(piece.words)
    return len(items) > 1 and max(items) <= context.config.parse_max_sentence_tokens


def _unpunctuated_hit(context: RuleContext, run: list[SentenceStats]) -> Hit:
    words = sum(s.words for s in run)
    limit = context.config.parse_max_sentence_tokens
    return Hit(
        run[0].start,
        run[-1].end,
        message=f"Ce passage a {words} mots sans point. Clair l'a coupé tous les {limit} "
        "mots pour le lire : ses phrases et sa grammaire sont mesurées sur ces morceaux.",
    )


RULES = (
    Rule(
        code="phrase-longue",
        title="Phrase trop longue",
        message="Cette phrase est trop longue.",
        severity="avertissement",
        suggestion="Coupez la phrase en phrases de 15 mots au plus, avec une seule idée chacune.",
        source=f"{_SOURCE_IE} ; guide easy read du gouvernement britannique (10 à 15 mots) ; {_SOURCE_LUCID}",
        check=_long_sentences,
    ),
    Rule(
        code="phrase-sans-ponctuation",
        title="Phrase sans ponctuation",
        message="Ce passage est une suite de mots sans point.",
        severity="erreur",
        suggestion="Mettez un point à la fin de chaque idée : des phrases de 15 mots au plus.",
        source=f"{_SOURCE_IE} ; seuil d'analyse de Clair (parse_max_sentence_tokens)",
        check=_unpunctuated,
    ),
    Rule(
        code="phrases-longues-suite",
        title="Plusieurs phrases longues à la suite",
        message="Plusieurs phrases longues se suivent.",
        severity="info",
        suggestion="Alternez : après une phrase longue, écrivez une phrase courte.",
        source=f"{_SOURCE_LUCID} (pas plus de 2 phrases de plus de 10 mots à la suite)",
        check=_runs_of_long_sentences,
        on_headings=False,
        # judged precision 80 % on real text (benchmarks/bench_falc_precision.py): the notices
        # glue lists, criteria and form fields into « sentences » in ever new ways
        default=False,
    ),
    Rule(
        code="paragraphe-long",
        title="Paragraphe trop long",
        message="Ce paragraphe est trop long.",
        severity="info",
        suggestion="Coupez le paragraphe : 3 phrases et 60 mots au plus, une idée par paragraphe.",
        source=f"Inclusion Europe, « L'information pour tous » : paragraphes courts ; {_SOURCE_LUCID}",
        check=_long_paragraph,
        on_headings=False,
    ),
    Rule(
        code="trop-de-virgules",
        title="Trop de virgules dans la phrase",
        message="Cette phrase a trop de virgules.",
        severity="avertissement",
        suggestion="Faites une phrase par idée. Utilisez une liste à puces pour une énumération.",
        source=f"{_SOURCE_IE} ; {_SOURCE_LUCID} (2 virgules au plus)",
        check=_too_many_commas,
    ),
    Rule(
        code="trop-de-propositions",
        title="Trop de verbes conjugués dans la phrase",
        message="Cette phrase contient plusieurs idées.",
        severity="avertissement",
        suggestion="Gardez un verbe principal par phrase. Mettez chaque autre idée dans sa propre phrase.",
        source=_SOURCE_IE,
        check=_too_many_clauses,
    ),
)
