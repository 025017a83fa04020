"""Negations and obligation or permission markers keep their count and their place.

A marker's place is the word it bears on: the verb after « ne » and « peut », the noun after
« aucun » or « sans ». An obligation also keeps its form: « les composants devant accéder »
(a participle that says which components) is not « les composants doivent accéder » (an
obligation of its own).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from falc.guard.words import lower_word, stem

NEGATIONS = {
    "ne": "ne",
    "n'": "ne",
    "pas": "pas",
    "jamais": "jamais",
    "aucun": "aucun",
    "aucune": "aucun",
    "aucuns": "aucun",
    "aucunes": "aucun",
    "ni": "ni",
    "sans": "sans",
    "nul": "nul",
    "nulle": "nul",
    "nullement": "nullement",
    "rien": "rien",
}
MODAL_LEMMAS = {"devoir": "devoir", "pouvoir": "pouvoir", "interdire": "interdire"}
NEUTRAL_VERBS = frozenset({"être", "avoir"})
WINDOW = 6

Marker = tuple[str, str, str]
"""(marker, word it bears on, form): « ("pouvoir", "régler", "fini") »."""


def _next(doc: Doc, start: int, pos: frozenset[str], skip_neutral: bool = True) -> Token | None:
    for token in doc[start + 1 : start + 1 + WINDOW]:
        if token.is_punct and token.text not in ("'", "’"):
            return None
        if token.pos_ in pos and not (skip_neutral and token.lemma_ in NEUTRAL_VERBS):
            return token
    return None


def _previous_verb(doc: Doc, start: int) -> Token | None:
    for token in reversed(doc[max(0, start - WINDOW) : start]):
        if token.is_punct:
            return None
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _lemma(token: Token | None) -> str:
    """The stem of the word's lemma: « analyse » and « analyser » bear on the same verb."""
    return stem(token.lemma_) if token is not None else ""


def _negation_preceded(doc: Doc, index: int) -> bool:
    return any(lower_word(t) in ("ne", "n'") for t in doc[max(0, index - WINDOW) : index])


def _form(token: Token) -> str:
    forms = token.morph.get("VerbForm")
    return "fini" if not forms or "Fin" in forms else "non fini"


CLITICS = frozenset(
    {"se", "s'", "me", "m'", "te", "t'", "le", "la", "l'", "les", "lui", "leur", "y", "en",
     "nous", "vous"}
)  # fmt: skip
SKIPPED = frozenset({"pas", "plus", "jamais", "point", "guère", "rien", "aucunement", "nullement"})


def _verb_after(doc: Doc, index: int) -> Token | None:
    """The word a « ne » bears on: the word after it, object pronouns apart; after « être » or
    « avoir », the participle that follows (« ne sont pas analysées » bears on « analyser »,
    like « n'analyse pas »)."""
    following = [t for t in doc[index + 1 : index + 1 + WINDOW] if not t.is_punct]
    words = [t for t in following if lower_word(t) not in CLITICS]
    if not words:
        return None
    first = words[0]
    if first.lemma_ in NEUTRAL_VERBS:
        for token in words[1:4]:
            if lower_word(token) in SKIPPED or token.pos_ == "ADV":
                continue
            if token.pos_ in ("VERB", "ADJ") or "Part" in token.morph.get("VerbForm"):
                return token
            break
    return first


def negations(doc: Doc) -> Counter[Marker]:
    """Each negation word with the word it bears on."""
    found: Counter[Marker] = Counter()
    last_ne: Token | None = None
    for token in doc:
        word = lower_word(token)
        kind = NEGATIONS.get(word)
        if word == "plus" and _negation_preceded(doc, token.i):
            kind = "plus"
        if kind is None:
            continue
        if kind in ("ne", "ni"):
            target = _verb_after(doc, token.i)
            if kind == "ne":
                last_ne = token
        elif kind in ("pas", "jamais", "plus", "rien", "nullement"):
            paired = last_ne is not None and token.i - last_ne.i <= WINDOW
            target = (
                _verb_after(doc, last_ne.i) if paired and last_ne else _previous_verb(doc, token.i)
            )
        else:
            target = _next(doc, token.i, frozenset({"NOUN", "PROPN", "VERB", "ADJ"}))
        found[(kind, _lemma(target), "")] += 1
    return found


def modalities(doc: Doc) -> Counter[Marker]:
    """Each obligation or permission marker with the verb it bears on and its form."""
    found: Counter[Marker] = Counter()
    verbs = frozenset({"VERB"})
    for token in doc:
        lemma = token.lemma_.lower()
        word = lower_word(token)
        kind = None
        if lemma in MODAL_LEMMAS and token.pos_ in ("VERB", "AUX"):
            kind = MODAL_LEMMAS[lemma]
        elif lemma == "interdiction":
            kind = "interdire"
        elif word in ("tenu", "tenue", "tenus", "tenues") and token.i + 1 < len(doc):
            if lower_word(doc[token.i + 1]) in ("de", "d'"):
                kind = "être tenu de"
        elif (
            lemma == "appartenir" and token.i > 0 and lower_word(doc[token.i - 1]) in ("il", "lui")
        ):
            kind = "il appartient à"
        elif lemma == "falloir":
            kind = "falloir"
        if kind is None:
            continue
        target = _next(doc, token.i, verbs)
        found[(kind, _lemma(target), _form(token))] += 1
    return found


def describe(marker: Marker, lemmas: dict[str, str] | None = None) -> str:
    kind, target, form = marker
    shown = (lemmas or {}).get(target, target)
    on = f" (sur « {shown} »)" if target else ""
    shape = " au participe ou à l'infinitif" if form == "non fini" else ""
    return f"« {kind} »{on}{shape}"


def changed_markers(original: Doc, result: Doc) -> list[str]:
    """French messages for each negation or modal marker lost, added or moved."""
    messages: list[str] = []
    lemmas = {stem(t.lemma_): t.lemma_ for doc in (original, result) for t in doc}
    for label, extract in (
        ("la négation", negations),
        ("l'obligation ou la permission", modalities),
    ):
        before, after = extract(original), extract(result)
        lost = before - after
        added = after - before
        for marker in lost.elements():
            messages.append(f"La réécriture perd ou déplace {label} {describe(marker, lemmas)}.")
        for marker in added.elements():
            messages.append(f"La réécriture ajoute {label} {describe(marker, lemmas)}.")
    return messages
