"""Exact equivalents of the glossary, keeping articles, elision and agreement right.

Only the « équivalent » entries of :data:`falc.glossary.JARGON` are replaced: « nonobstant » →
« malgré », « la computation » → « le calcul », « les articles susvisés » → « les articles
cités plus haut », « ladite décision » → « cette décision ». Terms of art (« notification »,
« pouvoir adjudicateur »...) are never replaced: they are explained apart
(:mod:`falc.rewrite.terms`). The determiner or contracted preposition just before a noun is
rebuilt for the gender, number and elision of the replacement.

A replacement is skipped when it would break agreement the rewriter cannot see to: the number
changes (the verb would no longer agree), or the gender changes and an adjective or participle
follows the term.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from falc.glossary import (
    JargonEntry,
    adjective_inflections,
    elides,
    lookup_jargon,
    vocabulary_pattern,
)
from falc.rewrite.context import RewriteContext
from falc.rewrite.examples import becomes, kept

_DETERMINER = re.compile(
    r"(?P<det>\b(?:de\s+la|de\s+l['’]|à\s+la|à\s+l['’]|le|la|les|l['’]|un|une|des|du|au|aux"
    r"|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|votre|nos|vos|chaque|tout|toute|d['’]|de)"
    r"\s*)$",
    re.IGNORECASE,
)


_DEFINES_ACRONYM = re.compile(r"\s*(?:\(|ou\s+)[A-ZÉÈ][A-ZÉÈ0-9-]{1,10}\b")
_COORDINATED_COMPLEMENT = re.compile(
    r"(?:(?!\.\s+[A-ZÀ-Ý][a-zà-ÿ])[^,;:])*?"  # up to the clause's end (« L. 3 » goes on)
    r"\bet\s+(?:du|des|de\s+la|de\s+l['’]|d['’]|de|au|aux|à\s+la|à\s+l['’]|à)(?=\s|$|['’])",
    re.IGNORECASE,
)
"""A second complement of the same preposition: « en application de l'article L. 3 et du
principe… » cannot become « selon l'article L. 3 et du principe… »."""
_CONJUNCTIONS = frozenset(["mais", "donc", "car", "or"])
_POINTS_BACK = re.compile(r"^si c'est\b", re.IGNORECASE)
"""A replacement that points back to what was said before (« si c'est le cas »)."""
_SENTENCE_HEAD = re.compile(
    r"^\s*(?:[-–—•*]\s*|(?:\d+\s*\.\s*)+|[a-z0-9]{1,3}\s*[)°.]\s*)?[«\"']?\s*$", re.IGNORECASE
)
"""Nothing before a match but a list marker or a clause number: the head of a sentence or item."""
"""Plain words that can only open a clause: « toutefois » → « mais » at the start of a
sentence, never in « l'acheteur peut toutefois autoriser »."""


def _singular_determiner(det: str, gender: str, elides: bool) -> str | None:
    """The determiner ``det`` (lowercase, normalised) rebuilt for a singular replacement."""
    masculine = gender == "m"
    if det in ("le", "la", "l'"):
        return "l'" if elides else ("le " if masculine else "la ")
    if det in ("du", "de la", "de l'"):
        return "de l'" if elides else ("du " if masculine else "de la ")
    if det in ("au", "à la", "à l'"):
        return "à l'" if elides else ("au " if masculine else "à la ")
    if det in ("un", "une"):
        return "un " if masculine else "une "
    if det in ("ce", "cet", "cette"):
        return ("cet " if elides else "ce ") if masculine else "cette "
    if det in ("son", "sa"):
        return "son " if masculine or elides else "sa "
    if det in ("tout", "toute"):
        return "tout " if masculine else "toute "
    if det in ("d'", "de"):
        return "d'" if elides else "de "
    if det in ("leur", "notre", "votre", "chaque"):
        return det + " "
    return None


def _plural_determiner(det: str, elides: bool, words: str = "") -> str | None:
    if det == "des" and words.split(" ")[0] in ("autres", "nouvelles", "nouveaux", "bonnes"):
        return "d'" if elides else "de "  # "des variantes" → "d'autres solutions"
    if det in ("les", "des", "aux", "ces", "ses", "leurs", "nos", "vos"):
        return det + " "
    if det in ("d'", "de"):
        return "d'" if elides else "de "
    return None


def _keep_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _agreed_adjective(entry: JargonEntry, form: str) -> str | None:
    """The replacement of an adjective in the gender and number of ``form`` (« susvisées » →
    « citées plus haut »)."""
    if not entry.plain:
        return None
    source = adjective_inflections(entry.term)
    target = adjective_inflections(entry.plain)
    for key, surface in source.items():
        if surface.lower() == form.lower().replace("’", "'"):
            return target[key]
    return None


def _replacement(entry: JargonEntry, form: str, det: str | None) -> tuple[str, str] | None:
    """(new determiner, new words) for one matched form, or None when unsafe."""
    if entry.category == "adjectif":
        agreed = _agreed_adjective(entry, form)
        return (det or "", agreed) if agreed else None
    if entry.category == "determinant":
        return (det or "", entry.plain) if entry.plain else None
    if entry.category != "nom":
        if entry.category in ("adverbe", "locution") and entry.plain:
            return (det or "", entry.plain)
        return None
    plural = (
        entry.plural is not None
        and form.lower() == entry.plural.lower()
        and (entry.plural.lower() != entry.term.lower())
    )
    if entry.number == "p":
        plural = True
    words = entry.plain_plural if plural else entry.plain
    plain_number = "p" if plural else entry.plain_number
    if not words or plain_number != ("p" if plural else entry.number or "s"):
        return None
    if det is None:
        return ("", words)
    key = re.sub(r"\s+", " ", det.strip().lower().replace("’", "'"))
    if plural:
        new = _plural_determiner(key, elides(words), words)
    else:
        new = _singular_determiner(key, entry.plain_gender or "m", elides(words))
    if new is None:
        return None
    return (_keep_case(det, new), words)


def replace_jargon(text: str, context: RewriteContext | None = None) -> str:
    """The text with the glossary's jargon replaced by plain words, where it is safe."""
    pattern = vocabulary_pattern("jargon")
    parsed: list[Doc] = []

    def parse() -> Doc | None:
        """The sentence's parse, made only when an agreement needs it."""
        if context is None:
            return None
        if not parsed:
            parsed.append(context.parse(text))
        return parsed[0]

    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        entry = lookup_jargon(match.group(0))
        if entry is None:
            continue
        before = text[last : match.start()]
        found = _DETERMINER.search(before)
        det = found.group("det") if found else None
        result = _replacement(entry, match.group(0), det)
        if result is None:
            continue
        new_det, words = result
        gender_changes = bool(entry.gender and entry.plain_gender) and (
            entry.gender != entry.plain_gender
        )
        if gender_changes and (
            found is None
            or (doc := parse()) is None
            or _gender_sensitive(doc, match.start(), match.end())
        ):
            continue  # "un même soumissionnaire": a word before agrees that we do not rebuild
        if _COMPLEMENTED.search(words) and (
            (doc := parse()) is None or _adjective_follows(doc, match.end())
        ):
            continue  # « un accord-cadre distinct »: « distinct » would follow « commandes »
        if _DEFINES_ACRONYM.match(text, match.end()):
            continue  # "cahier des clauses… (CCAP)" defines the acronym: keep the exact words
        if (
            entry.term in _POSTPOSED
            and (doc := parse()) is not None
            and _after_noun(doc, match.start())
        ):
            continue  # « les deux dates ci-après »: « les deux dates plus loin » says another thing
        if entry.plain in _CONJUNCTIONS and text[: match.start()].strip(" «\"'"):
            continue  # a conjunction in the middle of a clause is not French
        if _POINTS_BACK.match(words) and _SENTENCE_HEAD.match(text[: match.start()]):
            continue  # « e) Le cas échéant, le montant… »: « si c'est le cas » would point at nothing
        if _drops_preposition(entry) and _COORDINATED_COMPLEMENT.match(text, match.end()):
            continue  # the preposition also governs a second complement, after « et »
        words = _without_repeat(words, text[match.end() :])
        if entry.category == "determinant":
            words = _demonstrative_before(words, text[match.end() :])
        if found:
            before = before[: found.start()]
        if not new_det:
            words = _keep_case(match.group(0), words)
        pieces.append(before + new_det + words)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _demonstrative_before(words: str, following: str) -> str:
    """« ce » becomes « cet » before a vowel or a silent h (« ledit article » → « cet article »)."""
    if words.split(" ")[-1] == "ce" and elides(following.strip()):
        return words[: -len("ce")] + "cet"
    return words


_POSTPOSED = frozenset({"ci-après", "ci-dessus", "ci-dessous"})
"""Adverbs that also follow a noun like an adjective (« les dates ci-après »): then « plus loin »
is not French for them."""


def _after_noun(doc: Doc, start: int) -> bool:
    before = [t for t in doc if t.idx + len(t) <= start and not t.is_space]
    return bool(before) and before[-1].pos_ in ("NOUN", "PROPN", "NUM")


def _drops_preposition(entry: JargonEntry) -> bool:
    """A locution ending with a preposition replaced by words without it (« en application
    de » → « selon »)."""
    last = entry.term.lower().replace("’", "'").split()[-1]
    plain = (entry.plain or "").lower().split()
    return last in ("de", "à", "d'", "au", "aux") and (not plain or plain[-1] != last)


def _without_repeat(words: str, following: str) -> str:
    """The plain words without their last ones when the text goes on with them: « référé
    précontractuel avant la signature du contrat » → « recours avant la signature du
    contrat », not « recours avant la signature avant la signature du contrat »."""
    plain = words.split()
    upcoming = following.lower().split()
    for size in range(len(plain) - 1, 0, -1):
        if [w.lower() for w in plain[-size:]] == upcoming[:size]:
            return " ".join(plain[:-size])
    return words


_COMPLEMENTED = re.compile(r"\s(?:de|du|des|d['’]|pour|à|au|aux|qui|que|sur|en)\s", re.IGNORECASE)
"""Plain words whose last word is not their head noun: « contrat pour plusieurs commandes »,
« entreprises qui répondent »."""


def _adjective_follows(doc: Doc, end: int) -> bool:
    """An adjective or participle comes right after ``end``, adverbs apart: « commandes
    entièrement exécutées », « accord-cadre distinct »."""
    following = next((t for t in doc if t.idx >= end and t.pos_ != "ADV"), None)
    return following is not None and (
        following.pos_ == "ADJ" or "Part" in following.morph.get("VerbForm")
    )


def _gender_sensitive(doc: Doc, start: int, end: int) -> bool:
    """True when a change of gender of the term at [start, end) would break an agreement: the
    term is a subject (its verb's participle or adjective agrees with it) or an adjective or
    participle follows it."""
    inside = [t for t in doc if start <= t.idx < end]
    if not inside:
        return True
    span_ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in span_ids or t.head.i == t.i]
    if any(h.dep_.startswith("nsubj") for h in heads):
        return True
    return _adjective_follows(doc, end)


EXAMPLES = (
    becomes(
        "Nonobstant ces dispositions, le titulaire remet le rapport.",
        "Malgré ces dispositions, le titulaire remet le rapport.",
    ),
    kept("Le titulaire remet le rapport mensuel.", "Aucun mot du glossaire."),
)
