"""Who does what: a cut keeps each verb with its subject.

« La police de la circulation … où la circulation est interrompue … incombe aux services » cut
into « … est interrompue. Le long des itinéraires déviés incombe aux services » gives the verb
« incomber » another subject. Each (verb, subject) pair of the original must be in the result,
the subject written again or taken up by a pronoun or a demonstrative.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from falc.guard.words import stem

SUBJECTS = ("nsubj", "nsubj:pass")
TAKEN_UP = frozenset({"il", "elle", "ils", "elles", "on", "celui-ci", "celle-ci", "ceux-ci", "celles-ci", "qui", "ce", "cela"})  # fmt: skip


def _pairs(doc: Doc) -> Counter[tuple[str, str]]:
    """(verb, subject) stems; a verb coordinated to another without a subject of its own
    shares the other's (« le titulaire informe l'acheteur et paie »: « paie » has « titulaire »)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for token in doc:
        if token.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        subject = _subject_of(token)
        if subject is not None:
            pairs[(stem(token.lemma_), _subject(subject))] += 1
    return pairs


def _subject_of(verb: Token) -> Token | None:
    for _ in range(4):
        found = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if found is not None or verb.dep_ != "conj" or verb.head is verb:
            return found
        verb = verb.head
    return None


def _subject(token: Token) -> str:
    word = token.text.lower()
    return "*" if word in TAKEN_UP or token.pos_ == "PRON" else stem(token.lemma_)


def _doubly_subjected(doc: Doc) -> Token | None:
    """A verb the parse gives two subjects: the parse of the sentence is wrong (« La police de
    la circulation … où la circulation est interrompue et le long des itinéraires incombe… »:
    « police » and « circulation » both subjects of « interrompre »), so who does what is
    unknown, and a cut would follow the mistake."""
    for token in doc:
        if sum(c.dep_ in SUBJECTS for c in token.children) > 1:
            return token
    return None


def changed_roles(original: Doc, result: Doc) -> list[str]:
    """French messages for each verb whose subject is another noun in the result, or for a
    parse of the original too wrong to tell."""
    wrong = _doubly_subjected(original)
    if wrong is not None:
        return [
            f"Analyse incertaine : « {wrong.text} » a deux sujets ; on ne sait pas qui fait "
            "quoi dans la phrase."
        ]
    before, after = _pairs(original), _pairs(result)
    messages = []
    for (verb, subject), count in before.items():
        if subject == "*":
            continue
        kept = after[(verb, subject)] + after[(verb, "*")]
        if kept >= count:
            continue
        others = [s for (v, s) in after if v == verb and s not in (subject, "*")]
        if others:
            shown = {stem(t.lemma_): t.lemma_ for t in (*original, *result)}
            messages.append(
                f"La réécriture change le sujet de « {shown.get(verb, verb)} » : "
                f"« {shown.get(subject, subject)} » devient « {shown.get(others[0], others[0])} »."
            )
    return messages
