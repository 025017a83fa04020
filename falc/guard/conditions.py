"""A cut condition stays a condition: « Si / Lorsque / En cas de / Sous réserve de X, Y ».

All of X stays in the condition and all of Y in its consequence; a condition never becomes a
possibility (« Il se peut que X. Dans ce cas, Y ») nor a fact (« X. Dans ce cas, Y »). Y may go
on in the sentences that follow when they open with « Dans ce cas » or « Alors ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from falc.guard.words import CONTENT_POS, stem

SUBORDINATORS = frozenset({"si", "s'", "lorsque", "lorsqu'", "quand"})
LINKS = re.compile(
    r"^(?:dans (?:ce|ces|cette) (?:cas|hypothèse|situation)|alors|en ce cas)\b", re.I
)


@dataclass(frozen=True)
class Condition:
    marker: str
    sentence: Span
    condition: list[Token]
    consequence: list[Token]


def _word(token: Token) -> str:
    return token.text.lower().replace("’", "'")


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
    word = _word(token)
    if word in SUBORDINATORS and token.dep_ == "mark":
        head = token.head
        tokens = [t for t in head.subtree if t.i != token.i]
        if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
            return None  # « si besoin », « si nécessaire »: a word of the clause, not a condition
        return word.rstrip("'"), [token], tokens
    if word == "en" and token.i + 2 < len(doc) and _word(doc[token.i + 1]) == "cas":
        after = doc[token.i + 2]
        if _word(after) in ("de", "d'"):
            case = doc[token.i + 1]
            tokens = [t for t in case.subtree if t.i > after.i]
            return "en cas de", [token, case, after], tokens
    if word in ("sous", "à") and token.i + 2 < len(doc):
        second, third = _word(doc[token.i + 1]), _word(doc[token.i + 2])
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
    if word == "où" and token.i >= 2 and _word(doc[token.i - 1]) in ("cas", "hypothèse"):
        head = token.head
        tokens = [t for t in head.subtree if t.i != token.i]
        return "dans le cas où", [token], tokens
    return None


def conditions(doc: Doc) -> list[Condition]:
    """Every condition of the text, with its condition and consequence words."""
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
    and the next sentences that open with « Dans ce cas » or « Alors »."""
    taken = {t.i for t in condition.condition}
    tokens = [t for t in condition.sentence if t.i not in taken]
    sentences = list(result.sents)
    index = next((i for i, s in enumerate(sentences) if s.start == condition.sentence.start), -1)
    for sentence in sentences[index + 1 :]:
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
    for old, new in zip(before, after, strict=False):
        missing = _content_stems(old.condition) - _all_stems(new.condition)
        if missing:
            messages.append(
                f"La condition « {old.marker} … » ne garde pas tous ses mots : "
                + ", ".join(sorted(t.text for t in old.condition if stem(t.lemma_) in missing))
                + " en sort."
            )
        kept = _all_stems(_consequence_after(result, new))
        lost = _content_stems(old.consequence) - kept
        if lost:
            messages.append(
                f"La conséquence de « {old.marker} … » ne reste pas sous la condition : "
                + ", ".join(sorted({t.text for t in old.consequence if stem(t.lemma_) in lost}))
                + " en sort."
            )
    return messages
