"""Special characters removed where the sentence allows it (FALC: no ( ) / & § # %).

Two rewrites. :func:`replace_special_characters` is a safe change, one symbol for the word it
stands for: "&" → "et", "€/jour" → "€ par jour", "§ 3" → "paragraphe 3", "n° 12" → "numéro
12", "5 %" → "5 pour cent". :func:`parenthesis_sentences` is only a proposal: a parenthesis that
says a thing of its own (a clause with its own subject and verb) becomes a sentence after the
one it interrupted. Other brackets stay: around an acronym, a reference (« (C 87, 1948) ») or a
short gloss, commas would change nothing for the reader (the judged sample graded all such
proposals B, « not easier »), and « et/ou » stays (« ou » alone may read as exclusive).
Addresses (URL, e-mail) are left untouched.
"""

from __future__ import annotations

import re

from spacy.language import Language

from falc.rewrite._tokens import finish, upper_first
from falc.rewrite.examples import becomes, kept

_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_SIMPLE = (
    (re.compile(r"\s*&\s*"), " et "),
    (re.compile(r"§\s*"), "paragraphe "),
    (
        re.compile(
            r"(?<!\bloi )(?<!\bdécret )(?<!\barrêté )(?<!\bordonnance )(?<!\bdirective )"
            r"(?<!\brèglement )\b[Nn]\s*°\s*(?=\d)"
        ),
        "numéro ",
    ),
    (re.compile(r"(?<=\d)\s*%"), " pour cent"),
    (re.compile(r"#\s*(?=\d)"), "numéro "),
    (
        re.compile(r"(?<=[\w€])\s*/\s*(jour|mois|an|heure|semaine|personne|page)s?\b"),
        r" par \1",
    ),
)
_PARENTHESIS = re.compile(r"[ \t]*\(([^()]{1,300})\)")
MIN_ASIDE_WORDS = 5
"""A parenthesis of fewer words is a reference, an acronym or a short gloss, not an idea."""


def _separate_idea(inside: str, nlp: Language) -> bool:
    """The parenthesis says a thing of its own: a clause whose verb is finite and has its own
    subject (« en l'absence d'un choix exprès, l'option A s'applique par défaut »), not a noun,
    a reference or a gloss (« (C 87, 1948) », « (prestations intellectuelles) »)."""
    if len(inside.split()) < MIN_ASIDE_WORDS or _ADDRESS.search(inside):
        return False
    if re.match(r"(?:si|s'|s’|lorsque?|lorsqu['’]|quand|que|qu['’]|sauf|sans)\b", inside, re.I):
        return False  # « (si c'est le cas, et uniquement…) » leans on the sentence: a condition
    doc = nlp(inside)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return False
    root = roots[0]
    finite = (
        root
        if root.pos_ in ("VERB", "AUX")
        else next((c for c in root.children if c.dep_ == "cop"), None)
    )
    return (
        finite is not None
        and "Fin" in finite.morph.get("VerbForm")
        and any(c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") for c in root.children)
    )


def _outside_addresses(text: str, clean) -> str:
    pieces: list[str] = []
    last = 0
    for match in _ADDRESS.finditer(text):
        pieces.append(clean(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(clean(text[last:]))
    return "".join(pieces)


def replace_special_characters(text: str) -> str:
    """The text with each symbol FALC avoids written as the word it stands for (safe)."""
    return _outside_addresses(text, _symbols)


def parenthesis_sentences(text: str, nlp: Language) -> str:
    """The text with each parenthesis that says a thing of its own moved after it as a sentence
    of its own (a proposal): « Il sélectionne l'option (en l'absence d'un choix exprès,
    l'option A s'applique par défaut) et l'ajuste. » → « Il sélectionne l'option et l'ajuste. En
    l'absence d'un choix exprès, l'option A s'applique par défaut. » Brackets around an acronym,
    a reference or a short gloss stay: commas instead would make nothing easier."""
    stripped = text.rstrip()
    if not stripped.endswith((".", "!", "?")):
        return text  # a list item or a title: no sentence to add after it
    asides: list[str] = []

    def take(match: re.Match[str]) -> str:
        inside = match.group(1).strip()
        if not _separate_idea(inside, nlp):
            return match.group(0)
        asides.append(inside)
        return ""

    main = _PARENTHESIS.sub(take, stripped)
    if not asides:
        return text
    main = re.sub(r",?\s+([,.;:!?])", r"\1", main)  # « marché , et » or « marché . »
    sentences = [main, *(finish(upper_first(aside)) for aside in asides)]
    return " ".join(sentences) + text[len(stripped) :]


def _symbols(text: str) -> str:
    for pattern, replacement in _SIMPLE:
        text = pattern.sub(replacement, text)
    return text


PARENTHESIS_EXAMPLES = (
    becomes(
        "Le pouvoir adjudicateur sélectionne l'option la mieux adaptée à l'objet de son marché "
        "(en l'absence d'un choix exprès, l'option A s'applique par défaut) et l'ajuste à son "
        "besoin.",
        "Le pouvoir adjudicateur sélectionne l'option la mieux adaptée à l'objet de son marché "
        "et l'ajuste à son besoin. En l'absence d'un choix exprès, l'option A s'applique par "
        "défaut.",
    ),
    kept(
        "Le CCAG-PI (prestations intellectuelles) peut s'appliquer.",
        "Une parenthèse qui explique un sigle reste : des virgules ne rendraient rien plus facile.",
    ),
    kept(
        "Les conventions sur la liberté syndicale et la protection du droit syndical (C 87, "
        "1948) s'appliquent.",
        "Une référence entre parenthèses reste entre parenthèses.",
    ),
    kept(
        "Indication des candidats déjà sélectionnés (le cas échéant, et uniquement dans le cas "
        "d'une procédure négociée).",
        "La parenthèse ne dit pas une chose à elle seule : elle n'a ni sujet ni verbe.",
    ),
    kept(
        "Indication des candidats déjà sélectionnés (si c'est le cas, et uniquement dans le cas "
        "d'une procédure négociée).",
        "La parenthèse est une condition de la phrase : seule, elle ne dirait plus de quoi.",
    ),
    kept(
        "les documents particuliers du marché ;",
        "Un élément de liste garde son « ; » : « . » ne rendrait rien plus facile.",
    ),
    kept("Le candidat et/ou son mandataire signe.", "« ou » seul pourrait exclure l'un des deux."),
)


EXAMPLES = (
    becomes("Dupont & fils", "Dupont et fils"),
    becomes("une retenue de 5 %", "une retenue de 5 pour cent"),
    kept("le dossier (le cas échéant) est remis.", "Une parenthèse reste une parenthèse."),
    kept("P = P0 × (0,15 + 0,85 × I / I0)", "Une formule garde ses signes."),
    kept("sur https://a.fr/x?a=1&b=2 demain", "Une adresse web garde ses caractères."),
)
