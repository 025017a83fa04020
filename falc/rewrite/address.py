"""Speak to the reader: "les candidats doivent fournir" → "vous devez fournir".

Only a subject that is exactly a determiner and "candidat(s)" or "soumissionnaire(s)" ("les
candidats", "chaque candidat", "tout soumissionnaire") becomes "vous": "le candidat retenu" names
one firm, not the reader, and stays. The finite verb (or its auxiliary, or the copula) and the
verbs coordinated with it are conjugated with verbecc; "se" becomes "vous"; "son/sa/leur" become
"votre" and "ses/leurs" "vos" in the same sentence.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import finish, is_finite, upper_first
from falc.rewrite.conjugation import conjugate, spacy_tense
from falc.rewrite.examples import becomes, kept

READER_NOUNS = frozenset({"candidat", "candidats", "soumissionnaire", "soumissionnaires"})
READER_DETERMINERS = frozenset({"le", "les", "chaque", "tout", "tous"})
POSSESSIVES = {"son": "votre", "sa": "votre", "leur": "votre", "ses": "vos", "leurs": "vos"}
REFLEXIVES = frozenset({"se", "s'", "s’"})
THIRD_PERSON_PRONOUNS = frozenset({"il", "ils", "elle", "elles", "lui", "eux"})


def _reader_subject(sentence: Span) -> Token | None:
    for token in sentence:
        if token.dep_ not in ("nsubj", "nsubj:pass") or token.lower_ not in READER_NOUNS:
            continue
        subtree = list(token.subtree)
        if len(subtree) != 2 or subtree[0].lower_ not in READER_DETERMINERS:
            continue
        if subtree[1].i != token.i:
            continue
        return token
    return None


def _finite_of(verb: Token) -> Token | None:
    """The token carrying the person of a clause: its auxiliary, copula or the verb itself."""
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense", "aux:pass", "cop") and is_finite(child):
            return child
    return verb if is_finite(verb) else None


def _second_plural(token: Token) -> str | None:
    tense = token.morph.get("Tense")
    mood = token.morph.get("Mood")
    tense_mood = spacy_tense(tense[0] if tense else None, mood[0] if mood else None)
    if tense_mood is None:
        return None
    if tense_mood == ("présent", "indicatif") and _is_subjunctive(token):
        tense_mood = ("présent", "subjonctif")
    form = conjugate(token.lemma_, 2, "p", *tense_mood)
    if form is None:
        return None
    return upper_first(form) if token.text[:1].isupper() else form


def _is_subjunctive(token: Token) -> bool:
    """True when the verb is a present subjunctive the tagger read as an indicative: its form
    is the subjunctive's and not the indicative's (« exige que le candidat fournisse »)."""
    number = "p" if "Plur" in token.morph.get("Number") else "s"
    subjunctive = conjugate(token.lemma_, 3, number, "présent", "subjonctif")
    indicative = conjugate(token.lemma_, 3, number, "présent", "indicatif")
    return subjunctive is not None and subjunctive != indicative and token.lower_ == subjunctive


def _elide_negation(pieces: list[str]) -> list[str]:
    """« ne » before a word that starts with a vowel or a mute h becomes « n' » (« vous ne
    êtes » → « vous n'êtes »), once the verb has changed."""
    for i, piece in enumerate(pieces[:-1]):
        if piece.lower() == "ne " and pieces[i + 1][:1].lower() in "aeiouyhéèêâîôû":
            pieces[i] = piece[0] + "'"
        elif piece.lower() in ("n'", "n’") and pieces[i + 1][:1].lower() not in "aeiouyhéèêâîôû":
            pieces[i] = piece[0] + "e "
    return pieces


def address_reader(sentence: Span) -> str | None:
    """The sentence addressed to the reader with "vous", or None when the pattern is absent."""
    subject = _reader_subject(sentence)
    if subject is None:
        return None
    if any(t.lower_ in THIRD_PERSON_PRONOUNS for t in sentence):
        return None  # "ils" may point back to the candidates: "vous" would break the link
    verb = subject.head
    if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i != subject.i for c in verb.children):
        return None
    clause_verbs = [verb] + [
        c
        for c in verb.children
        if c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and not any(g.dep_.startswith("nsubj") for g in c.children)
    ]
    replacements: dict[int, str] = {}
    for clause_verb in clause_verbs:
        finite = _finite_of(clause_verb)
        if finite is None:
            return None
        form = _second_plural(finite)
        if form is None:
            return None
        replacements[finite.i] = form
        for child in clause_verb.children:
            if child.lower_ in REFLEXIVES:
                replacements[child.i] = "vous"
    determiner = next(subject.subtree)
    starts = determiner.i == sentence.start
    replacements[determiner.i] = "Vous" if starts else "vous"
    replacements[subject.i] = ""
    for token in sentence:
        if token.pos_ == "DET" and "Yes" in token.morph.get("Poss"):
            possessive = POSSESSIVES.get(token.lower_)
            if possessive is None:
                return None  # "notre", "votre"...: someone else speaks, leave the sentence
            replacements[token.i] = (
                upper_first(possessive) if token.i == sentence.start else possessive
            )
    pieces: list[str] = []
    for token in sentence:
        text = replacements.get(token.i, token.text)
        if token.i in replacements and token.lower_ in REFLEXIVES:
            pieces.append(text + " ")
        elif text:
            pieces.append(text + token.whitespace_)
    return finish("".join(_elide_negation(pieces)))


EXAMPLES = (
    becomes(
        "Les candidats doivent fournir les pièces suivantes.",
        "Vous devez fournir les pièces suivantes.",
    ),
    becomes(
        "Le candidat s'engage à respecter son offre.", "Vous vous engagez à respecter votre offre."
    ),
    kept(
        "Le candidat retenu fournit les certificats.",
        "« le candidat retenu » est une entreprise, pas le lecteur.",
    ),
    kept(
        "Si les candidats le souhaitent, ils peuvent poser des questions.",
        "« ils » perdrait ce qu'il reprend.",
    ),
)
