"""A cut condition stays a condition: « Si / Lorsque / En cas de / Sous réserve de X, Y ».

All of X stays in the condition and all of Y in its consequence; a condition never becomes a
possibility (« Il se peut que X. Dans ce cas, Y ») nor a fact (« X. Dans ce cas, Y »). Y may go
on in the sentences that follow when they open with « Dans ce cas » or « Alors ».

A condition may also be written as a question answered by the next sentence: « X ? Dans ce
cas, Y. » (the usual FALC form). It is read strictly: the question holds the words of X and no
word of Y (« Il y a » may open it: « En cas de retard » → « Il y a un retard ? »), the next
sentence opens with « Dans ce cas, » and does not go on with the end of a list of X, and each
side keeps its own negations and its own obligation or permission markers. « X. Dans ce cas, Y » (a statement) and « Il se peut que X ? » are not read
as conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from falc.guard.words import CONTENT_POS, equivalent_spans, lower_word, stem

SUBORDINATORS = frozenset({"si", "s'", "lorsque", "lorsqu'", "quand"})
QUESTION_MARKER = "question"
QUESTION_LINK = re.compile(r"^dans ce cas\s*,", re.I)
QUESTION_OPENING = ("il", "y", "a")
"""« Il y a une contestation ? » asks « En cas de contestation » : the only words a question
may add to its condition."""
MARKER_WORDS = frozenset(
    {"ne", "n'", "pas", "plus", "jamais", "aucun", "aucune", "ni", "sans", "nul", "nulle", "rien"}
)
MARKER_LEMMAS = frozenset({"devoir", "pouvoir", "interdire", "tenir", "appartenir"})
LINKS = re.compile(
    r"^(?:dans (?:ce|ces|cette) (?:cas|hypothèse|situation)|alors|en ce cas)\b", re.I
)


@dataclass(frozen=True)
class Condition:
    marker: str
    sentence: Span
    condition: list[Token]
    consequence: list[Token]


def _content_stems(tokens: list[Token]) -> set[str]:
    return {
        stem(t.lemma_)
        for t in tokens
        if t.pos_ in CONTENT_POS and re.search(r"[^\W\d_]{2,}", t.text) and not t.like_num
    }


def _all_stems(tokens: list[Token]) -> set[str]:
    found: set[str] = set()
    for t in tokens:
        found.add(stem(t.lemma_))
        found.add(stem(t.text))
    return found


def _condition_of(token: Token) -> tuple[str, list[Token], list[Token]] | None:
    """(marker, marker tokens, condition tokens) when ``token`` opens a condition."""
    doc = token.doc
    word = lower_word(token)
    if word in SUBORDINATORS and token.dep_ == "mark":
        head = token.head
        tokens = [t for t in head.subtree if t.i != token.i]
        if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
            return None  # « si besoin », « si nécessaire »: a word of the clause, not a condition
        return word.rstrip("'"), [token], tokens
    if word == "en" and token.i + 2 < len(doc) and lower_word(doc[token.i + 1]) == "cas":
        after = doc[token.i + 2]
        if lower_word(after) in ("de", "d'"):
            case = doc[token.i + 1]
            tokens = [t for t in case.subtree if t.i > after.i]
            return "en cas de", [token, case, after], tokens
    if word in ("sous", "à") and token.i + 2 < len(doc):
        second, third = lower_word(doc[token.i + 1]), lower_word(doc[token.i + 2])
        if (word, second) in (
            ("sous", "condition"),
            ("sous", "réserve"),
            ("à", "condition"),
        ) and third in (
            "de",
            "d'",
            "que",
            "qu'",
            "du",
            "des",
        ):
            head = doc[token.i + 1]
            tokens = [t for t in head.subtree if t.i > token.i + 2]
            if third in ("que", "qu'") and doc[token.i + 2].head.i != head.i:
                tokens = [t for t in doc[token.i + 2].head.subtree if t.i > token.i + 2]
            return f"{word} {second} {third}", [token, head, doc[token.i + 2]], tokens
    if word == "où" and token.i >= 2 and lower_word(doc[token.i - 1]) in ("cas", "hypothèse"):
        head = token.head
        tokens = [t for t in head.subtree if t.i != token.i]
        return "dans le cas où", [token], tokens
    return None


def _question_conditions(doc: Doc) -> list[Condition]:
    """Each question followed by a sentence that opens with « Dans ce cas, »: the question is
    the condition, the words after « Dans ce cas, » the consequence."""
    sentences = [s for s in doc.sents if s.text.strip()]
    found = []
    for question, answer in pairwise(sentences):
        words = [t for t in question if not t.is_space]
        if not words or words[-1].text != "?" or not QUESTION_LINK.match(answer.text.strip()):
            continue
        link = next(t for t in answer if t.text == ",")
        condition = words[:-1]
        consequence = [t for t in answer if t.i > link.i and not t.is_punct]
        found.append(Condition(QUESTION_MARKER, question, condition, consequence))
    return found


def conditions(doc: Doc) -> list[Condition]:
    """Every condition of the text, with its condition and consequence words, in the order of
    the text (a question answered by « Dans ce cas, » included)."""
    return sorted(
        [*_subordinate_conditions(doc), *_question_conditions(doc)],
        key=lambda c: c.condition[0].i if c.condition else c.sentence.start,
    )


def _subordinate_conditions(doc: Doc) -> list[Condition]:
    found: list[Condition] = []
    for token in doc:
        read = _condition_of(token)
        if read is None:
            continue
        marker, markers, condition = read
        sentence = token.sent
        taken = {t.i for t in condition} | {t.i for t in markers}
        consequence = [t for t in sentence if t.i not in taken and not t.is_punct]
        found.append(Condition(marker, sentence, condition, consequence))
    return found


def _consequence_after(result: Doc, condition: Condition) -> list[Token]:
    """The consequence of a condition in the result: its own sentence without the condition,
    and the next sentences that open with « Dans ce cas » or « Alors » (for a question, its
    answer after « Dans ce cas, » and the sentences after it that open the same way)."""
    taken = {t.i for t in condition.condition}
    tokens = [t for t in condition.sentence if t.i not in taken]
    if condition.marker == QUESTION_MARKER:
        tokens = list(condition.consequence)
    sentences = list(result.sents)
    index = next((i for i, s in enumerate(sentences) if s.start == condition.sentence.start), -1)
    following = sentences[index + 1 :]
    if condition.marker == QUESTION_MARKER:
        following = following[1:]  # the answer, already in
    for sentence in following:
        if not LINKS.match(sentence.text.strip()):
            break
        tokens.extend(sentence)
    return tokens


def broken_conditions(original: Doc, result: Doc) -> list[str]:
    """French messages for each condition of ``original`` that ``result`` does not keep."""
    before = conditions(original)
    if not before:
        return []
    after = conditions(result)
    if len(after) < len(before):
        first = before[len(after)]
        excerpt = " ".join(t.text for t in first.condition[:8])
        return [
            f"La condition « {first.marker} {excerpt}… » n'est plus une condition "
            "(elle devient un fait ou une possibilité)."
        ]
    messages: list[str] = []
    spans = equivalent_spans(original, result)
    for old, new in zip(before, after, strict=False):
        condition = [t for t in old.condition if not _replaced(t, spans)]
        missing = _content_stems(condition) - _all_stems(new.condition)
        if missing:
            messages.append(
                f"La condition « {old.marker} … » ne garde pas tous ses mots : "
                + ", ".join(sorted(t.text for t in old.condition if stem(t.lemma_) in missing))
                + " en sort."
            )
        if new.marker == QUESTION_MARKER:
            messages += _question_faults(old, new, _consequence_after(result, new))
        kept = _all_stems(_consequence_after(result, new))
        consequence = [t for t in old.consequence if not _replaced(t, spans)]
        lost = _content_stems(consequence) - kept
        if lost:
            messages.append(
                f"La conséquence de « {old.marker} … » ne reste pas sous la condition : "
                + ", ".join(sorted({t.text for t in old.consequence if stem(t.lemma_) in lost}))
                + " en sort."
            )
    return messages


def _replaced(token: Token, spans: list[tuple[int, int]]) -> bool:
    """The word was replaced by its exact equivalent (« à compter de » → « à partir de »)."""
    return any(start <= token.idx < end for start, end in spans)


def _markers(tokens: list[Token]) -> list[str]:
    """The negations and the obligation or permission markers of some words, in order."""
    return [
        lower_word(t) if lower_word(t) in MARKER_WORDS else t.lemma_
        for t in tokens
        if lower_word(t) in MARKER_WORDS or t.lemma_ in MARKER_LEMMAS
    ]


def _list_left_behind(answer: list[Token]) -> str:
    """The words after « Dans ce cas, » up to the next comma when they have no verb and do not
    open with a preposition or an adverb: the end of a list the question cut in two (« Le
    dernier jour est un samedi ? Dans ce cas, un dimanche ou un jour férié, le délai… »)."""
    doc = answer[0].doc if answer else None
    if doc is None:
        return ""
    start = answer[0].i
    segment = []
    for token in doc[start : answer[-1].i + 1]:
        if token.text == ",":
            break
        segment.append(token)
    else:
        return ""  # no comma: the answer is one clause
    if not segment or segment[0].pos_ in ("ADP", "ADV", "SCONJ"):
        return ""
    if any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in segment):
        return ""
    return " ".join(t.text for t in segment)


def _question_faults(old: Condition, new: Condition, consequence: list[Token]) -> list[str]:
    """A question keeps its condition only if it says the condition and nothing more, and each
    side keeps its own negations and markers."""
    messages = []
    words = [lower_word(t) for t in new.condition if not t.is_punct]
    opening = len(QUESTION_OPENING) if tuple(words[:3]) == QUESTION_OPENING else 0
    asked = [t for t in new.condition if not t.is_punct][opening:]
    added = (_content_stems(asked) - _all_stems(old.condition)) & _content_stems(old.consequence)
    if added:
        messages.append(
            f"La question « {new.sentence.text.strip()} » prend des mots de la conséquence de "
            f"« {old.marker} … » : "
            + ", ".join(sorted({t.text for t in asked if stem(t.lemma_) in added}))
            + "."
        )
    if _markers(old.condition) != _markers(asked):
        messages.append(
            f"La question « {new.sentence.text.strip()} » ne garde pas les négations ou les "
            f"obligations de la condition « {old.marker} … »."
        )
    dangling = _list_left_behind(new.consequence)
    if dangling:
        messages.append(
            f"Après « Dans ce cas, », « {dangling} » semble finir la liste de la condition "
            f"« {old.marker} … » : la question ne la dit pas toute."
        )
    if sorted(_markers(old.consequence)) != sorted(_markers(consequence)):
        messages.append(
            f"La conséquence de « {old.marker} … » ne garde pas ses négations ou ses obligations."
        )
    return messages
