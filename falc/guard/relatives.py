"""A relative clause cut off its sentence keeps its antecedent.

« …notifiés au mandataire du groupement, qui a seul compétence… » cut into « … Ce groupement a
seul compétence… » swaps the party. A demonstrative (« Ce groupement ») or a subject pronoun
(« Il ») that opens a new sentence of the result must take up the noun the parse attaches the
relative clause to. The cut is refused when that noun is unsure: another noun of the same
gender and number stands between it and the relative pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from falc.guard.words import lower_word, stem

RELATIVE_PRONOUNS = frozenset(
    {"qui", "que", "qu'", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles",
     "auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles"}
)  # fmt: skip
DEMONSTRATIVES = frozenset({"ce", "cet", "cette", "ces"})
PRONOUNS = {"il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": ("Masc", "Plur"), "elles": ("Fem", "Plur")}  # fmt: skip
NOUNS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class Relative:
    antecedent: Token | None
    """The noun the parse attaches the clause to; None when the parse attaches it to no noun."""
    pronoun: Token
    rivals: list[Token]
    """Other nouns of the same gender and number between the antecedent and the pronoun."""

    @property
    def unsure(self) -> bool:
        return self.antecedent is None or bool(self.rivals)


def _agreement(token: Token) -> tuple[str, str]:
    gender = token.morph.get("Gender")
    number = token.morph.get("Number")
    return (gender[0] if gender else "", number[0] if number else "")


def relatives(doc: Doc) -> list[Relative]:
    """Each relative clause of the text with the noun the parse attaches it to (None when the
    parse attaches the relative pronoun's clause to no noun)."""
    found: list[Relative] = []
    for pronoun in doc:
        word = lower_word(pronoun)
        if word not in RELATIVE_PRONOUNS or pronoun.i == 0:
            continue
        marked = "Rel" in pronoun.morph.get("PronType")
        if not marked and (word in ("que", "qu'", "où") or pronoun.pos_ != "PRON"):
            continue  # « que » conjunction, « où » of place: not a relative the guard can read
        clause = pronoun.head if pronoun.head.i != pronoun.i else pronoun
        antecedent = (
            clause.head if clause.dep_.startswith("acl") and clause.head.pos_ in NOUNS else None
        )
        if antecedent is None:
            found.append(Relative(None, pronoun, []))
            continue
        agreement = _agreement(antecedent)
        rivals = [
            t
            for t in doc[antecedent.i + 1 : pronoun.i]
            if t.pos_ in NOUNS and _agreement(t) == agreement
        ]
        found.append(Relative(antecedent, pronoun, rivals))
    return found


def _new_sentence_openers(original: Doc, result: Doc) -> list[tuple[Token, Token | None]]:
    """(opening word, its noun) of the result's sentences after the first that open with a
    demonstrative or a subject pronoun the original does not open a sentence with."""
    opened = {lower_word(s[0]) for s in original.sents if len(s)}
    openers: list[tuple[Token, Token | None]] = []
    for sentence in list(result.sents)[1:]:
        first = sentence[0]
        word = lower_word(first)
        if word in DEMONSTRATIVES:
            following = list(sentence[1:3])
            noun = None
            if following and following[0].pos_ in NOUNS:
                noun = following[0]
            elif len(following) == 2 and following[0].pos_ == "ADJ" and following[1].pos_ in NOUNS:
                noun = following[1]
            openers.append((first, noun))
        elif word in PRONOUNS and word not in opened:
            openers.append((first, None))
    return openers


def wrong_antecedents(original: Doc, result: Doc) -> list[str]:
    """French messages for each taken-up antecedent that is not the parse's, or unsure."""
    clauses = relatives(original)
    if not clauses:
        return []
    messages: list[str] = []
    named = [r for r in clauses if r.antecedent is not None]
    antecedents = {stem(r.antecedent.lemma_): r for r in named if r.antecedent is not None}
    for opener, noun in _new_sentence_openers(original, result):
        clause: Relative | None
        if noun is not None:
            clause = antecedents.get(stem(noun.lemma_))
            if clause is None and len(named) < len(clauses):
                clause = next(r for r in clauses if r.antecedent is None)
            if clause is None:
                shown = (
                    f" (« {named[0].antecedent.text} »)" if named and named[0].antecedent else ""
                )
                messages.append(
                    f"« {opener.text} {noun.text} » ne reprend pas le nom auquel la relative est "
                    f"rattachée{shown}."
                )
                continue
        elif lower_word(opener) in DEMONSTRATIVES:
            messages.append(
                f"« {opener.text} » ouvre une phrase sans nommer l'antécédent de la relative."
            )
            continue
        else:
            wanted = PRONOUNS[lower_word(opener)]
            clause = next(
                (r for r in clauses if r.antecedent is None or _agreement(r.antecedent) == wanted),
                None,
            )
            if clause is None:
                messages.append(
                    f"« {opener.text} » ne s'accorde avec aucun antécédent de la relative."
                )
                continue
        if clause.antecedent is None:
            messages.append(
                f"Antécédent incertain : l'analyse ne rattache « {clause.pronoun.text} » à aucun nom."
            )
        elif clause.rivals:
            messages.append(
                f"Antécédent incertain : « {clause.rivals[0].text} » se trouve entre "
                f"« {clause.antecedent.text} » et « {clause.pronoun.text} »."
            )
    return messages
