"""Rules about words: rare words, jargon, acronyms, Latin and foreign expressions, capitals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from core.text import fold
from falc.glossary import (
    ACRONYMS,
    JARGON_VERBS,
    TERMS,
    GlossaryEntry,
    JargonEntry,
    VocabularyKind,
    find_vocabulary,
    lookup_expression,
    lookup_jargon,
    lookup_term,
    vocabulary_pattern,
)
from falc.rules.base import Hit, Rule, RuleContext
from falc.rules.numbers import is_roman_numeral
from falc.sentences import zipf_frequency

_SOURCE_IE = "Inclusion Europe, « L'information pour tous »"
_ACRONYM_SHAPE = re.compile(
    r"^(?=(?:[^A-ZÀ-Ý]*[A-ZÀ-Ý]){2})[A-ZÀ-Ý](?:[A-ZÀ-Ý0-9]|-(?=[A-Z])){1,9}s?$"
)
"""Two capitals at least, then capitals, digits or inner hyphens: « DCE », « DC1 », « CCAG-FCS »."""
_COMMON_WORD_ZIPF = 3.5
"""A word in capitals whose lowercase form is this frequent is a shouted word, not an acronym."""


def _matches(context: RuleContext, kind: VocabularyKind) -> list[tuple[int, int]]:
    """Spans of the jargon, term or expression table in the paragraph, shared by the rules.

    The glossary keeps the word index of two kinds in its cache: jargon and terms use it; the
    short table of expressions goes through its compiled pattern (the same matches), so that no
    index is rebuilt in every paragraph.
    """
    if kind == "expressions":
        return context.shared(
            kind, lambda: [m.span() for m in vocabulary_pattern(kind).finditer(context.text)]
        )
    return context.shared(kind, lambda: find_vocabulary(context.text, kind))


def _jargon_spans(context: RuleContext) -> list[tuple[int, int]]:
    return [
        span for kind in ("jargon", "termes", "expressions") for span in _matches(context, kind)
    ]


_TERM_VERBS: dict[str, GlossaryEntry] = {e.term: e for e in TERMS.values() if e.category == "verbe"}
"""Terms of art that are verbs (« notifier »), found by their lemma."""
_TERM_VERB_STEMS = tuple(term[:4] for term in _TERM_VERBS)
"""The first letters every form of those verbs starts with: a paragraph without any of them
has none of the verbs (« notifie », « notifiée »…), and its tokens need not be looked at."""

# --- rare words ------------------------------------------------------------------------------


def _rare_words(context: RuleContext) -> Iterator[Hit]:
    covered = _jargon_spans(context)
    doc = context.doc
    for _, stats in context.sentences():
        for index in stats.rare_tokens:
            token = doc[index]
            start = token.idx
            if any(s <= start < e for s, e in covered):
                continue
            lemma = token.lemma_.lower()
            if lemma in _TERM_VERBS or lemma in JARGON_VERBS:
                continue  # a term of art or a jargon verb has its own rule
            yield Hit(start, start + len(token), message=f"« {token.text} » est un mot rare.")


# --- jargon -------------------------------------------------------------------------------------


def _verb_entry(token: Token) -> tuple[JargonEntry | None, int]:
    entry = JARGON_VERBS.get(token.lemma_.lower())
    if entry is not None and " " not in entry.term.removeprefix("s'"):
        return entry, token.idx + len(token)
    return None, 0


def _multiword_verb(token: Token) -> tuple[JargonEntry | None, int]:
    """« procéder à / au / aux »: a jargon verb followed by its preposition."""
    head = token.lemma_.lower()
    for term, entry in JARGON_VERBS.items():
        verb, _, preposition = term.partition(" ")
        if not preposition or verb != head:
            continue
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if following is not None and following.lower_ in {preposition, "au", "aux"}:
            return entry, following.idx + len(following)
    return None, 0


_MULTIWORD_VERBS = frozenset(t.partition(" ")[0] for t in JARGON_VERBS if " " in t)


def _jargon(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    for start, end in _matches(context, "jargon"):
        surface = text[start:end]
        entry = lookup_jargon(surface)
        if entry is None:
            continue
        plural = entry.plural is not None and surface.lower() == entry.plural.lower()
        plain = entry.plain_plural if plural and entry.plain_plural else entry.plain
        yield Hit(
            start,
            end,
            message=f"« {surface} » est un mot administratif.",
            suggestion=f"Écrivez plutôt « {plain} ».",
        )
    for token in context.doc:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        entry, end = _verb_entry(token)
        if entry is None and token.lemma_.lower() in _MULTIWORD_VERBS:
            entry, end = _multiword_verb(token)
        if entry is not None:
            yield Hit(
                token.idx,
                end,
                message=f"« {context.text[token.idx : end]} » est un verbe administratif.",
                suggestion=f"Utilisez le verbe « {entry.plain} ».",
            )


# --- terms of art -------------------------------------------------------------------------------

_DEFINITION_AFTER = re.compile(
    r"^\s*(?::|,?\s*(?:est|sont|désigne|désignent|s['’]entend|s['’]entendent|signifie|"
    r"veut dire|c['’]est)\b)",
    re.IGNORECASE,
)
"""After the term at the start of a paragraph or list item: « ― la notification est l'action
consistant à… », « Titulaire : l'opérateur économique qui… »."""
_DEFINITION_BEFORE = re.compile(
    r"^\s*(?:[\d.\s]+|[A-Za-z][.)]\s*)?(?:[-–―•*]\s*)?(?:(?:le|la|les|l['’]|un|une|des)\s*)?"
    r"[«\"]?\s*$",
    re.IGNORECASE,
)
_EVERYDAY_ZIPF = 4.5
"""A one-word term this frequent in everyday French (wordfreq: « candidat » 4.8) is understood in
its everyday sense: nothing to explain."""


_DEFINITION_ITEM = re.compile(
    r"^\s*[-–―•*]\s*(?:les|le|la|l['’])\s*«?\s*([^\W\d][\w'’ -]{1,40}?)\s*»?\s*"
    r"(?:(?:est|sont)\s+(?:l['’]|la|le|les|un|une|des)\b|désignen?t?\b|s['’]entendent?\b)",
    re.IGNORECASE,
)
"""An item of a definitions article: « ― la réception est la décision … par laquelle … »,
« ― la notification est l'action consistant à … ». The word it defines may be the head of a
term of art (« réception des prestations ») or the noun of a verb (« notifier »)."""
_DEFINED_BY_REFERENCE = re.compile(
    r"\s*,?\s*(?:tel|telle|tels|telles)\s+que\s+(?:défini|définie|définis|définies)\b",
    re.IGNORECASE,
)
"""« le décompte général tel que défini à l'article 13. 4 » : the sentence points to the
document's own definition."""
_VERB_STEM_LETTERS = 5
_EXPLAINED_AFTER = re.compile(
    r"\s*»?\s*(?:\([^()]{1,20}\)\s*)?,?\s*(?:c['’]est-à-dire|à savoir|"
    r"qui\s+(?:contient|contiennent|fixe|fixent|définit|définissent|décrit|décrivent|précise|"
    r"précisent|désigne|désignent|rassemble|rassemblent|regroupe|regroupent)|"
    r"contenant|fixant|définissant|décrivant|désignant|rassemblant|regroupant)\b",
    re.IGNORECASE,
)
"""« le cahier des clauses techniques particulières contenant la description des ouvrages »,
« le bordereau, c'est-à-dire la liste des prix » : the sentence says what the term holds or
means, right after it (or after its acronym in brackets: « le cahier … (CCTP) contenant … »)."""


def _definition_patterns(term: str) -> re.Pattern[str]:
    """Ways a French legal text defines a term anywhere in its body: « on entend par prix
    forfaitaire », « le prix forfaitaire s'entend de », « est dit prix forfaitaire », « est
    forfaitaire tout prix qui », « le prix forfaitaire est celui qui ». Not « X désigne » in the
    body: « le pouvoir adjudicateur désigne une personne » appoints someone (a definitions
    article, read by :func:`defined_terms`, may use it), nor « est considéré comme mandataire »,
    which says who holds the role, not what it is. Lower case, accents kept."""
    t = re.escape(term.lower())
    forms = [
        rf"\b(?:on entend par|par)\s+(?:les?\s+|la\s+|l')?«?\s*{t}s?\s*»?\s*,?\s*"
        r"(?:on entend|il faut entendre|on désigne)",
        rf"\b{t}s?\s*»?\s*s'entend(?:ent)?\s+(?:de|d'|du|des|comme)\b",
        rf"\b(?:est|sont)\s+(?:dite?s?|appelée?s?|dénommée?s?)\s+"
        rf"(?:(?:un|une|des|le|la|les)\s+)?«?\s*{t}",
        rf"\b(?:le|la|les|un|une|l')\s*{t}s?\s+(?:est|sont)\s+(?:celui|celle|ceux|celles)\s+"
        r"(?:qui|dont|par)",
    ]
    words = term.lower().split(" ")
    if len(words) == 2:  # « prix forfaitaire » : « est forfaitaire tout prix qui »
        noun, adjective = (re.escape(w) for w in words)
        forms.append(
            rf"\b(?:est|sont)\s+{adjective}s?\s+(?:tout|toute|tous|toutes|les?|la|l')\s*{noun}"
        )
    return re.compile("|".join(f"(?:{f})" for f in forms))


_DEFINITION_CUE = re.compile(
    r"on entend|il faut entendre|s'entend|"
    r"\b(?:est|sont)\s+(?:dite?s?|appelée?s?|dénommée?s?|celui|celle|ceux|celles)\b|"
    r"\b(?:est|sont)\s+\w+\s+(?:tout|toute|tous|toutes|les?|la|l')\b"
)
"""The words every form of :func:`_definition_patterns` holds: the document is scanned once for
them, and each term is looked for only around them (a search per term over the whole text
would cost about 7 ms a term on a 180,000-character CCAG)."""
_CUE_REACH = 90
"""Characters kept on each side of a cue: the term (40 characters at most) and its article."""


def _definition_windows(paragraphs: tuple[str, ...]) -> str:
    """The passages of the document, in lower case with straight apostrophes, around the words
    that can define a term; the rest of the text cannot hold a definition."""
    lowered = "\n".join(paragraphs).lower().replace("’", "'")
    return "\n".join(
        lowered[max(0, m.start() - _CUE_REACH) : m.end() + _CUE_REACH]
        for m in _DEFINITION_CUE.finditer(lowered)
    )


def defined_in_body(entry: GlossaryEntry, surface: str, windows: str) -> bool:
    """The document defines the term (as the glossary writes it or as the text does: « tranche
    conditionnelle » for « tranche optionnelle ») somewhere in its body, not only in a
    definitions article. ``windows``: :func:`_definition_windows` of the document."""
    forms = {entry.term.lower(), surface.lower().replace("’", "'")}
    return any(
        f.split(" ")[0] in windows and _definition_patterns(f).search(windows) is not None
        for f in forms
    )


def defined_terms(paragraphs: tuple[str, ...]) -> frozenset[str]:
    """Terms of art the document defines itself (a definitions article, a glossary entry)."""
    found: set[str] = set()
    words: set[str] = set()
    for text in paragraphs:
        for start, end in find_vocabulary(text[:160], "termes"):
            if _DEFINITION_BEFORE.match(text[:start]) and _DEFINITION_AFTER.match(
                text[end:].lstrip('»" ')
            ):
                entry = lookup_term(text[start:end])
                if entry is not None:
                    found.add(entry.term)
        match = _DEFINITION_ITEM.match(text)
        if match:
            words.add(fold(match.group(1).strip()))
    if words:
        found.update(t.term for t in TERMS.values() if _defined_by_word(t, words))
    return frozenset(found)


def _defined_by_word(entry: GlossaryEntry, words: set[str]) -> bool:
    """The document defines the term, its head noun or, for a verb, its noun of action."""
    term = fold(entry.term)
    if term in words or term.split(" ")[0] in words:
        return True
    if entry.category != "verbe":
        return False
    stem = term.removeprefix("s'")[:-2]
    return len(stem) >= _VERB_STEM_LETTERS and any(w.startswith(stem) for w in words)


def _everyday_word(entry: GlossaryEntry) -> bool:
    term = entry.term
    return " " not in term and zipf_frequency(term.lower()) >= _EVERYDAY_ZIPF


def _term_hit(start: int, end: int, surface: str, entry: GlossaryEntry) -> Hit:
    return Hit(
        start,
        end,
        message=f"« {surface} » est un mot à expliquer : c'est un terme du métier, qui a un sens "
        "précis. Gardez-le et expliquez-le la première fois.",
        suggestion=f"Explication : {entry.explanation} (source : {entry.source}).",
    )


def _terms_of_art(context: RuleContext) -> Iterator[Hit]:
    """Each term of art once per document, with its cited explanation (never « to replace »)."""
    if context.kind == "heading":
        return  # a heading names things; the body explains them
    state = context.state
    seen: set[str] = state.shared("terms-seen", set)
    found: list[tuple[int, int, GlossaryEntry]] = []
    text = context.text
    for start, end in _matches(context, "termes"):
        entry = lookup_term(text[start:end])
        if entry is not None and not _everyday_word(entry):
            found.append((start, end, entry))
    lowered = text.lower()
    if any(stem in lowered for stem in _TERM_VERB_STEMS):
        for token in context.doc:
            entry = _TERM_VERBS.get(token.lemma_.lower())
            if entry is not None and token.pos_ in ("VERB", "AUX"):
                found.append((token.idx, token.idx + len(token), entry))
    if not found:
        return
    defined = state.shared("defined-terms", lambda: defined_terms(state.paragraphs))
    body: dict[str, bool] = state.shared("terms-defined-in-body", dict)
    for start, end, entry in sorted(found, key=lambda item: item[0]):
        if entry.term in seen or entry.term in defined:
            continue
        seen.add(entry.term)
        if _DEFINED_BY_REFERENCE.match(text, end) or _EXPLAINED_AFTER.match(text, end):
            continue  # « tel que défini à l'article 2 », « … contenant la description de … »
        surface = text[start:end]
        if surface not in body:
            windows = state.shared(
                "definition-windows", lambda: _definition_windows(state.paragraphs)
            )
            body[surface] = defined_in_body(entry, surface, windows)
        if body[surface]:
            continue
        yield _term_hit(start, end, surface, entry)


# --- acronyms -------------------------------------------------------------------------------------

_ORDINARY_WORD_ZIPF = 2.0
"""A word of 5 letters or more in capitals whose lowercase form has this Zipf frequency is an
ordinary French word written in capitals (« PÉNALITÉS » 3.5, « TRAITANCE » 3.3), not an acronym.
Short acronyms are often frequent words of their own (« TTC » 3.1, « OIT » 3.1): under 5 letters
the stricter :data:`_COMMON_WORD_ZIPF` applies."""
_UNKNOWN_ACRONYM_MAX_LETTERS = 6
"""An unknown word in capitals longer than this is a name or a shouted word (« AQUAREEL »): the
acronyms of public procurement that are longer (« CCAG-FCS ») are in ``sigles.csv``."""
_REFERENCE_DIGITS = 3
"""Letters and at least 3 digits make a reference number (« FAC9450075 »), not an acronym."""
_EXPLAINED_IN_BRACKETS = re.compile(r"\(\s*([A-ZÀ-Ý][A-ZÀ-Ý0-9&.\-]{1,14}?)s?\s*\)")
_EXPLAINED_BEFORE_BRACKETS = re.compile(
    r"\b([A-ZÀ-Ý][A-ZÀ-Ý0-9\-]{1,14})s?\s*\(\s*[^()\s]+\s[^()]+\)"
)
_DEFINED = re.compile(
    r"^\s*(?:[-–―•*]\s*)?«?\s*([A-ZÀ-Ý][A-ZÀ-Ý0-9\-]{1,14})s?\s*»?\s*(?::|=|–|―|—|-\s|désigne\b|"
    r"signifie\b|veut dire\b|est\s+l['’]|est\s+le\b|est\s+la\b)"
    r"|(?:on entend par|par)\s+«?\s*([A-ZÀ-Ý][A-ZÀ-Ý0-9\-]{1,14})s?\s*»?\s*,",
    re.MULTILINE,
)
"""« DCE : dossier de consultation », « Le CCAP désigne… », « On entend par DCE, … » : a
glossary entry or a definitions article."""


def explained_acronyms(paragraphs: tuple[str, ...]) -> frozenset[str]:
    """Acronyms the document explains somewhere: in brackets next to their expansion, in a
    glossary or a definitions article, or by writing out their known expansion."""
    found: set[str] = set()
    for text in paragraphs:
        if "(" in text:
            found.update(m.group(1) for m in _EXPLAINED_IN_BRACKETS.finditer(text))
            found.update(m.group(1) for m in _EXPLAINED_BEFORE_BRACKETS.finditer(text))
        for match in _DEFINED.finditer(text):
            found.add(match.group(1) or match.group(2))
    folded = fold("\n".join(paragraphs))
    found.update(code for code, expansion in ACRONYMS.items() if fold(expansion) in folded)
    return frozenset(found)


def _is_capital_word(token: Token) -> bool:
    text = token.text
    return token.is_alpha and len(text) >= 2 and text.isupper()


def _known_acronym(text: str) -> str | None:
    if text in ACRONYMS:
        return text
    if text.endswith("s") and text[:-1] in ACRONYMS:
        return text[:-1]
    return None


def _ordinary_word(text: str) -> bool:
    """A French word written in capitals: « PÉNALITÉS », « SOUS-TRAITANCE », « OPTION »."""
    lower = text.lower()
    if zipf_frequency(lower) >= _COMMON_WORD_ZIPF:
        return True
    parts = [p for p in lower.split("-") if p]
    return all(len(p) >= 5 and zipf_frequency(p) >= _ORDINARY_WORD_ZIPF for p in parts)


def _looks_like_acronym(token: Token) -> bool:
    text = token.text
    if _known_acronym(text):
        return True
    if not _ACRONYM_SHAPE.match(text) or is_roman_numeral(text):
        return False
    letters = sum(c.isalpha() for c in text)
    if sum(c.isdigit() for c in text) >= _REFERENCE_DIGITS:
        return False
    if letters > _UNKNOWN_ACRONYM_MAX_LETTERS and "-" not in text:
        return False
    return not _ordinary_word(text)


def _compound(token: Token) -> list[Token]:
    """The tokens glued to ``token`` by hyphens without spaces: « CCAG », « - », « PI »."""
    doc = token.doc
    first = token.i
    while (
        first >= 2
        and doc[first - 1].text == "-"
        and not doc[first - 2].whitespace_
        and (not doc[first - 1].whitespace_)
    ):
        first -= 2
    last = token.i
    while (
        last + 2 < len(doc)
        and doc[last + 1].text == "-"
        and not doc[last].whitespace_
        and (not doc[last + 1].whitespace_)
    ):
        last += 2
    return [doc[i] for i in range(first, last + 1, 2)]


def _in_capitals_run(token: Token) -> bool:
    """A word inside a title in capitals (« OBJET DU MARCHÉ ») is not an acronym."""
    doc = token.doc
    for neighbour in (token.i - 1, token.i + 1):
        if 0 <= neighbour < len(doc):
            other = doc[neighbour]
            if _is_capital_word(other) and not _known_acronym(other.text):
                return True
    return False


def _in_reference(token: Token) -> bool:
    """Capitals that name a reference followed by its number: « BT 01 », « NF EN ISO/CEI 17025 »."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and (doc[i].text in ("/", "-") or _is_capital_word(doc[i])):
        i += 1
    return (
        i < len(doc)
        and i > token.i
        and any(c.isdigit() for c in doc[i].text)
        and (doc[i].text[0].isdigit())
    )


_NAME_BEFORE = frozenset({"marque", "marques", "label", "labels", "logo", "logos", "estampille"})
"""« la marque NF », « le label XYZ » : the capitals are the name of a mark or a label, which the
text names as such; expanding it would not help the reader (a name, like a firm's)."""


def _named_mark(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_ in _NAME_BEFORE


def _explained_here(token: Token, expansion: str | None, folded_text: str) -> bool:
    doc = token.doc
    before = doc[token.i - 1].text if token.i > 0 else ""
    after = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    if before == "(" or after == "(":
        return True
    return expansion is not None and fold(expansion) in folded_text


def _acronyms(context: RuleContext) -> Iterator[Hit]:
    seen = context.state.acronyms_seen
    heading = context.kind == "heading"
    folded_text: str | None = None
    explained: frozenset[str] | None = None
    for token in context.doc:
        text = token.text
        if len(text) < 2 or not text[0].isupper() or not text[:2].isupper():
            continue
        if not _looks_like_acronym(token):
            continue
        code = _known_acronym(text) or text
        if code in seen or heading:
            continue  # a heading names things; the body explains them
        if _in_reference(token) or (not _known_acronym(text) and _in_capitals_run(token)):
            continue
        if _named_mark(token):
            continue  # « marque NF »
        seen.add(code)
        if explained is None:
            explained = context.state.shared(
                "explained-acronyms", lambda: explained_acronyms(context.state.paragraphs)
            )
        if code in explained or text in explained:
            continue
        if folded_text is None:
            folded_text = fold(context.text)
        expansion = ACRONYMS.get(code)
        if _explained_here(token, expansion, folded_text):
            continue
        if expansion:
            yield Hit(
                token.idx,
                token.idx + len(text),
                message=f"Le sigle « {code} » n'est pas expliqué la première fois.",
                suggestion=f"Écrivez d'abord les mots en entier : « {expansion} ». "
                f"Vous pouvez ensuite utiliser « {code} ».",
            )
        else:
            yield Hit(token.idx, token.idx + len(text), message=f"« {text} » semble être un sigle.")


# --- Latin and foreign expressions ------------------------------------------------------------------


_NUMBERING_WORDS = frozenset({"bis", "ter", "quater"})
_NUMBERED = re.compile(r"(?:\b\d+|\b[A-Z])\s*$")


def _numbering(text: str, start: int, surface: str) -> bool:
    """« 11 bis », « extrait K bis » : part of a number or of a document's name."""
    return surface.lower() in _NUMBERING_WORDS and bool(_NUMBERED.search(text[:start]))


def _expressions(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    for start, end in _matches(context, "expressions"):
        surface = text[start:end]
        expression = lookup_expression(surface)
        if expression is None or _numbering(text, start, surface):
            continue
        yield Hit(
            start,
            end,
            message=f"« {surface} » est une expression latine ou étrangère.",
            suggestion=f"Écrivez plutôt « {expression.plain} ».",
        )


# --- capitals -------------------------------------------------------------------------------------------


def _capitals(context: RuleContext) -> Iterator[Hit]:
    minimum = context.config.capitals_min_words
    run: list[Token] = []
    for token in [*context.doc, None]:
        if token is not None and not token.is_alpha:
            continue  # punctuation, digits and elisions neither start nor stop a run
        if token is not None and _is_capital_word(token):
            run.append(token)
            continue
        if run and _shouts(run, minimum) and not _capitals_by_convention(run):
            yield Hit(run[0].idx, run[-1].idx + len(run[-1]))
        run = []


_CIVILITIES = frozenset(
    {"m", "m.", "mme", "mlle", "monsieur", "madame", "mademoiselle", "me", "dr"}
)
_POSTCODE = re.compile(r"^\d{5}$")


def _capitals_by_convention(run: list[Token]) -> bool:
    """Capitals that French conventions ask for: a reference followed by its number (« NF EN
    45011 »), a family name after a civility or a first name (« Mme Laetitia ARFEUILLE »), a
    town after its postcode in an address (« 11500 QUILLAN », La Poste's address standard)."""
    doc = run[0].doc
    if _looks_like_acronym(run[0]) and _in_reference(run[0]):
        return True
    before = doc[run[0].i - 1] if run[0].i > 0 else None
    if before is None:
        return False
    if _POSTCODE.match(before.text):
        return True
    if before.lower_ in _CIVILITIES:
        return True
    return (
        before.is_title
        and before.is_alpha
        and before.i > 0
        and doc[before.i - 1].lower_.rstrip(".") in _CIVILITIES
    )


def _shouts(run: list[Token], minimum: int) -> bool:
    """Capitals shout when a real word is in them: « OBJET DU MARCHÉ », not « CCAG-FCS »."""
    words = [
        t.text
        for t in run
        if not _looks_like_acronym(t)
        and not is_roman_numeral(t.text)
        and not any(_looks_like_acronym(part) for part in _compound(t))
    ]
    if not words:
        return False
    if len(run) >= minimum:
        return True
    return len(words[0]) >= 4


RULES = (
    Rule(
        code="mot-rare",
        title="Mot rare",
        message="Ce mot est rare : beaucoup de lecteurs ne le connaissent pas.",
        severity="info",
        suggestion="Utilisez un mot courant, ou expliquez ce mot juste après.",
        source=f"{_SOURCE_IE} : utilisez des mots faciles à comprendre ; fréquence wordfreq (Zipf < 3)",
        check=_rare_words,
        # judged precision 73 % on real text (benchmarks/bench_falc_precision.py): frequency does
        # not tell « réceptionnées », « rectificatif » (known) from « quantième » (unknown)
        default=False,
    ),
    Rule(
        code="jargon",
        title="Jargon administratif",
        message="Ce mot appartient au jargon administratif.",
        severity="avertissement",
        suggestion="Utilisez un mot de tous les jours.",
        source=f"{_SOURCE_IE} : utilisez des mots faciles, évitez les mots techniques ; glossaire Clair",
        check=_jargon,
    ),
    Rule(
        code="mot-a-expliquer",
        title="Mot à expliquer",
        message="Ce mot du métier a un sens précis : gardez-le et expliquez-le la première fois.",
        severity="avertissement",
        suggestion="Expliquez ce mot la première fois qu'il apparaît.",
        source=f"{_SOURCE_IE} : expliquez les mots difficiles ; glossaire Clair (termes, avec "
        "leur source)",
        check=_terms_of_art,
    ),
    Rule(
        code="sigle-non-explique",
        title="Sigle non expliqué",
        message="Ce sigle n'est pas expliqué la première fois qu'il apparaît.",
        severity="avertissement",
        suggestion="Écrivez les mots en entier la première fois, puis le sigle.",
        source=f"{_SOURCE_IE} : évitez les sigles, ou expliquez-les",
        check=_acronyms,
    ),
    Rule(
        code="expression-latine",
        title="Expression latine ou étrangère",
        message="Cette expression latine ou étrangère est difficile.",
        severity="avertissement",
        suggestion="Écrivez la même idée avec des mots français courants.",
        source=f"{_SOURCE_IE} : n'utilisez pas de mots étrangers",
        check=_expressions,
    ),
    Rule(
        code="majuscules",
        title="Texte en majuscules",
        message="Ce texte est écrit en majuscules : il est plus difficile à lire.",
        severity="avertissement",
        suggestion="Écrivez en minuscules, avec une majuscule au début de la phrase. "
        "Pour attirer l'attention, utilisez le gras.",
        source=f"{_SOURCE_IE} : n'écrivez pas des mots entiers en majuscules ; lucid-lint, profil falc",
        check=_capitals,
    ),
)
