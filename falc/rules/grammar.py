"""Rules about sentence grammar: active voice, positive sentences, indicative mood, verbs rather
than nouns, and speaking to the reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Span, Token

from falc.rules.base import Hit, Rule, RuleContext
from falc.rules.pieces import sentence_pieces

_SOURCE_IE = "Inclusion Europe, « L'information pour tous »"

# --- passive voice ---------------------------------------------------------------------------


_STATE_PARTICIPLES = frozenset(
    {
        "soumis",
        "soumise",
        "soumises",
        "tenu",
        "tenue",
        "tenus",
        "tenues",
        "réputé",
        "réputée",
        "réputés",
        "réputées",
        "situé",
        "située",
        "situés",
        "situées",
        "composé",
        "composée",
        "composés",
        "composées",
        "constitué",
        "constituée",
        "constitués",
        "constituées",
        "destiné",
        "destinée",
        "destinés",
        "destinées",
        "approprié",
        "appropriée",
        "appropriés",
        "appropriées",
    }
)
"""Participles that say a state or a duty, not an action someone does: « le marché est soumis
au code », « le titulaire est tenu de », « l'offre est réputée complète ». Nobody is hidden
behind them; the active voice would not say who acts. « approprié » is an adjective (suited to)
that the parser takes for the participle of « s'approprier »."""

_ETRE_VERBS = frozenset(
    {
        "advenir",
        "aller",
        "apparaître",
        "arriver",
        "décéder",
        "demeurer",
        "devenir",
        "échoir",
        "entrer",
        "intervenir",
        "mourir",
        "naître",
        "parvenir",
        "partir",
        "rester",
        "retourner",
        "revenir",
        "sortir",
        "survenir",
        "tomber",
        "venir",
    }
)
"""Verbs whose compound tenses take « être » without being passive: « la nécessité serait
apparue », « le paiement n'est pas intervenu », « la mise en demeure est restée sans effet »."""


def _is_passive_participle(participle: Token) -> bool:
    """« est fixé » but not « est conforme » (an adjective), « est intervenu » (a compound tense
    of a verb conjugated with « être ») or « est soumis à » (a state)."""
    if "Part" not in participle.morph.get("VerbForm"):
        return False
    return (
        participle.lower_ not in _STATE_PARTICIPLES and participle.lemma_.lower() not in _ETRE_VERBS
    )


_REFERENCE_FORMULA = re.compile(
    r"\b(?:comme|ainsi\s+qu['’]|tel(?:le)?s?\s+qu['’]|selon\s+ce\s+qu['’])\s*"
    r"(?P<impersonal>il\s+(?:est|sera|a\s+été)\s+"
    r"(?:dit|précisé|indiqué|prévu|stipulé|mentionné|spécifié|énoncé|exposé|expliqué|décrit|"
    r"rappelé|fixé|défini)\b)",
    re.IGNORECASE,
)
"""« comme il est dit au 13 », « ainsi qu'il est précisé à l'article 5 » : a cross-reference,
the way legal texts point to another clause. Nobody is hidden behind « il est dit », and the
sentence does not speak about the reader: neither a passive nor an impersonal turn to rewrite."""


def _reference_formulas(text: str) -> list[tuple[int, int]]:
    """Character spans of the « il est dit » part of the cross-reference formulas of ``text``."""
    if "il " not in text and "Il " not in text:
        return []
    return [m.span("impersonal") for m in _REFERENCE_FORMULA.finditer(text)]


def _passives(context: RuleContext) -> Iterator[Hit]:
    formulas: list[tuple[int, int]] | None = None
    for span, stats in context.sentences():
        if not stats.passive:
            continue
        for token in span:
            if token.dep_ == "aux:pass":
                participle = token.head
                if not _is_passive_participle(participle):
                    continue
                if formulas is None:
                    formulas = _reference_formulas(context.text)
                if any(s <= participle.idx < e for s, e in formulas):
                    continue  # « comme il est dit à l'article 5 »
                start = min(token.idx, participle.idx)
                end = max(token.idx + len(token), participle.idx + len(participle))
                yield Hit(start, end)


# --- negation ----------------------------------------------------------------------------------

_NE = frozenset({"ne", "n'", "n’"})
_NEGATIVE_CLOSERS = frozenset(
    {
        "pas",
        "plus",
        "jamais",
        "rien",
        "aucun",
        "aucune",
        "guère",
        "point",
        "nullement",
        "personne",
        "ni",
    }
)
_NEGATIVE_OPENERS = frozenset({"aucun", "aucune", "nul", "nulle", "personne", "rien", "jamais"})
_RESTRICTION = frozenset({"que", "qu'", "qu’"})
_CLOSER_WINDOW = 8
"""Tokens searched after « ne » for its closing word (« ne pourra en aucun cas » needs 4)."""
_OPENER_WINDOW = 6
"""Tokens searched before « ne » for « aucun », « rien »… (« aucune offre tardive ne »)."""


def _negative_opener(token: Token) -> bool:
    """« aucun », « rien », « personne »… but not the noun « la personne publique »."""
    if token.lower_ not in _NEGATIVE_OPENERS:
        return False
    return not (token.i > 0 and token.doc[token.i - 1].pos_ == "DET")


def _negation_spans(span: Span) -> list[tuple[int, int]]:
    """Character spans of each « ne … pas » (or « aucun … ne ») negation of a sentence."""
    tokens = list(span)
    found: list[tuple[int, int]] = []
    for position, token in enumerate(tokens):
        if token.lower_ not in _NE:
            continue
        closer: Token | None = None
        for following in tokens[position + 1 : position + 1 + _CLOSER_WINDOW]:
            lower = following.lower_
            if lower in _RESTRICTION:
                break  # « ne … que » restricts, it does not negate
            if lower in _NEGATIVE_CLOSERS:
                closer = following
                break
        if closer is not None:
            found.append((token.idx, closer.idx + len(closer)))
            continue
        window = tokens[max(0, position - _OPENER_WINDOW) : position]
        opener = next((t for t in reversed(window) if _negative_opener(t)), None)
        if opener is not None:
            verb = tokens[position + 1] if position + 1 < len(tokens) else token
            found.append((opener.idx, verb.idx + len(verb)))
        # otherwise an expletive « ne » (« avant qu'il ne parte »): not a negation
    return found


def _sentence_negations(context: RuleContext) -> list[list[tuple[int, int]]]:
    """The negations of each sentence of the paragraph, shared by two rules."""
    return context.shared(
        "negations", lambda: [_negation_spans(span) for span, _ in context.sentences()]
    )


def _negations(context: RuleContext) -> Iterator[Hit]:
    for negations in _sentence_negations(context):
        for start, end in negations:
            yield Hit(start, end)


_NEGATIVE_WORDS = frozenset(
    {
        "sans",
        "non",
        "impossible",
        "inutile",
        "illégal",
        "illégale",
        "irrégulier",
        "irrégulière",
        "irrégulières",
        "irréguliers",
        "incomplet",
        "incomplète",
        "incomplètes",
        "incomplets",
        "inexact",
        "inexacte",
        "incorrect",
        "incorrecte",
        "inacceptable",
        "inacceptables",
        "inappropriée",
        "inapproprié",
        "irrecevable",
        "irrecevables",
        "interdit",
        "interdite",
        "interdits",
        "interdites",
        "insuffisant",
        "insuffisante",
        "invalide",
        "inévitable",
        "nul",
        "nulle",
    }
)


_DOUBLE_WINDOW = 40
"""Characters around a negation where a second negative word makes a double negation."""


def _is_other_negative(token: Token, negations: list[tuple[int, int]]) -> bool:
    """A negative word outside the « ne … pas » pairs: « sans », « non », « impossible »…"""
    lower = token.lower_
    if lower not in _NEGATIVE_WORDS or any(s <= token.idx < e for s, e in negations):
        return False
    if not any(s - _DOUBLE_WINDOW <= token.idx <= e + _DOUBLE_WINDOW for s, e in negations):
        return False  # too far to negate the same thing (« sans » in another clause)
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return not (lower == "non" and following is not None and following.lower_ == "plus")


_COORDINATED = re.compile(
    r"(?:[,;]\s*(?:et|ou|mais)\b|\b(?:et|ou)\s+(?:si\b|s['’](?=ils?\b)|lorsque\b|lorsqu['’]|"
    r"quand\b|que\b|qu['’])|;)",
    re.IGNORECASE,
)
"""Between two negations, « , et », « et si », « ou s'il », « ou qu'il », « ; » make two separate
statements, not a double negation (« si les travaux ne sont pas achevés, et si ce délai n'a
pas… », « s'il ne remet pas le plan ou s'il ne le corrige pas… »)."""


_COORDINATED_PREDICATE = re.compile(
    r"\b(?:et|ou|ni)\s+(?:(?:il|elle|ils|elles|on|ce|cela|celui-ci|celle-ci|ceux-ci|celles-ci)\s+)?$",
    re.IGNORECASE,
)
"""« … n'ont pas un caractère définitif et ne lient pas … », « … n'a pas donné suite ou n'a
pas donné … » : two negative predicates joined by « et » or « ou », two statements."""


def _linked(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Two negations the reader must combine: no coordination between them."""
    between = text[first[1] : second[0]]
    if _COORDINATED.search(between) is not None:
        return False
    return _COORDINATED_PREDICATE.search(between) is None


def _double_negations(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    for pieces, negations in zip(
        sentence_pieces(context), _sentence_negations(context), strict=True
    ):
        if not negations:
            continue
        for piece in pieces:
            inside = [n for n in negations if piece.start <= n[0] < piece.end]
            if not inside:
                continue
            double = any(_linked(text, a, b) for a, b in pairwise(inside)) or any(
                _is_other_negative(t, inside) for t in piece.span
            )
            if double:
                yield Hit(piece.start, piece.end)


# --- conditional and subjunctive ----------------------------------------------------------------

_CONDITIONAL_ENDINGS = ("rais", "rait", "rions", "riez", "raient")


def _conditionals(context: RuleContext) -> Iterator[Hit]:
    for token in context.doc:
        if token.lower_.endswith(_CONDITIONAL_ENDINGS) and "Cnd" in token.morph.get("Mood"):
            yield Hit(token.idx, token.idx + len(token))


_SUBJUNCTIVE_TRIGGER = re.compile(
    r"\b(?:afin|pour|bien|avant|sans|pourvu|quoi|à moins|à condition|en sorte|de sorte|de façon|"
    r"de manière|jusqu'à ce|jusqu’à ce|veiller à ce|veille à ce|veillera à ce|"
    r"il (?:faut|faudra|faudrait|convient|conviendra|importe|est (?:nécessaire|indispensable|"
    r"important|impératif|obligatoire|souhaitable|possible|préférable|exigé|demandé))|"
    r"(?:exige|exigent|exigera|souhaite|souhaitent|demande|demandent|attend|attendent))"
    r"\s+qu(?:e\b|'|’)",
    re.IGNORECASE,
)


_NOT_SUBJUNCTIVE = frozenset({"soit", "réserve"})
"""« soit » is mostly « that is » or « soit … soit »; « réserve » comes from « sous réserve »."""


_QUE = frozenset({"que", "qu'", "qu’"})


def _after_que(token: Token) -> bool:
    """A subjunctive follows « que » in its sentence; elsewhere spaCy's Mood=Sub is a mistake."""
    sentence = token.sent
    return any(t.lower_ in _QUE for t in token.doc[sentence.start : token.i])


def _subjunctives(context: RuleContext) -> Iterator[Hit]:
    doc = context.doc
    covered_until = -1
    for match in _SUBJUNCTIVE_TRIGGER.finditer(context.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sentence_end = span.sent.end
        verb = next(
            (
                t
                for t in doc[span.end : sentence_end]
                if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm")
            ),
            None,
        )
        end = verb.idx + len(verb) if verb is not None else match.end()
        covered_until = max(covered_until, end)
        yield Hit(match.start(), end)
    for token in doc:
        if (
            token.idx >= covered_until
            and token.pos_ in ("VERB", "AUX")
            and token.lower_ not in _NOT_SUBJUNCTIVE
            and not token.lower_.endswith(_CONDITIONAL_ENDINGS)
            and "Sub" in token.morph.get("Mood")
            and _after_que(token)
        ):
            yield Hit(token.idx, token.idx + len(token))


# --- nominalisations -----------------------------------------------------------------------------

_NOMINAL_SUFFIXES = (
    "tion",
    "tions",
    "sion",
    "sions",
    "ment",
    "ments",
    "age",
    "ages",
    "ité",
    "ités",
    "ance",
    "ances",
    "ence",
    "ences",
)
_NOT_NOMINALISATIONS = frozenset(
    {
        "document",
        "ouvrage",
        "ouvrages",
        "mission",
        "missions",
        "solution",
        "solutions",
        "société",
        "sociétés",
        "collectivité",
        "collectivités",
        "quantité",
        "quantités",
        "qualité",
        "qualités",
        "activité",
        "activités",
        "garage",
        "garages",
        "documents",
        "bâtiment",
        "bâtiments",
        "département",
        "départements",
        "établissement",
        "établissements",
        "logement",
        "logements",
        "appartement",
        "gouvernement",
        "moment",
        "moments",
        "instrument",
        "instruments",
        "élément",
        "éléments",
        "argument",
        "arguments",
        "avantage",
        "avantages",
        "message",
        "messages",
        "langage",
        "village",
        "villages",
        "personnage",
        "fromage",
        "fromages",
        "étage",
        "étages",
        "visage",
        "université",
        "universités",
        "commune",
        "communes",
        "entreprise",
        "entreprises",
        "ministère",
        "urgence",
        "nation",
        "station",
        "stations",
        "question",
        "questions",
        "section",
        "sections",
        "mention",
        "région",
        "régions",
        "légumes",
        "agence",
        "agences",
        "distance",
        "distances",
        "France",
        "vacances",
        "enfance",
        "semaine",
        "semaines",
        "équipement",
        "équipements",
        "partenaire",
    }
)


def _is_nominalisation(token: Token, min_letters: int) -> bool:
    lower = token.lower_
    return (
        token.pos_ == "NOUN"
        and len(lower) >= min_letters
        and lower.endswith(_NOMINAL_SUFFIXES)
        and lower not in _NOT_NOMINALISATIONS
    )


def _nominalisations(context: RuleContext) -> Iterator[Hit]:
    config = context.config
    for pieces in sentence_pieces(context):
        for piece in pieces:
            if piece.words < config.nominalisation_min_words:
                continue
            nouns = [
                t for t in piece.span if _is_nominalisation(t, config.nominalisation_min_letters)
            ]
            if len(nouns) > config.sentence_max_nominalisations:
                for token in nouns:
                    yield Hit(token.idx, token.idx + len(token))


# --- impersonal constructions ---------------------------------------------------------------------

_IMPERSONAL = re.compile(
    r"\b(?:"
    r"il (?:convient|conviendra|conviendrait|appartient|appartiendra|incombe|incombera|importe|"
    r"faut|faudra|faudrait|y a lieu|est (?:demandé|rappelé|précisé|nécessaire|impératif|"
    r"obligatoire|recommandé|conseillé|interdit|indispensable|exigé|attendu)|"
    r"sera (?:demandé|exigé|procédé)|est procédé)"
    r"|(?:le|les|chaque|tout|tous les) (?:candidats?|soumissionnaires?|titulaires?|opérateurs? "
    r"économiques?|prestataires?|attributaires?|fournisseurs?) (?:doit|doivent|devra|devront|"
    r"est tenu|sont tenus|sera tenu|seront tenus|peut|peuvent|pourra|pourront|fournit|fournissent|"
    r"fournira|fourniront|remet|remettent|remettra|remettront|transmet|transmettent|transmettra|"
    r"transmettront|produit|produisent|produira|produiront|joint|joignent|joindra|joindront)"
    r")\b",
    re.IGNORECASE,
)


_LIEU_DE = re.compile(r"\s+(?:de|d['’])", re.IGNORECASE)
"""« il y a lieu de fournir » is a duty said impersonally; « s'il y a lieu », « quand il y a
lieu » without « de » mean « si besoin »: a set phrase, not a sentence that avoids the reader."""


def _impersonal(context: RuleContext) -> Iterator[Hit]:
    text = context.text
    formulas: list[tuple[int, int]] | None = None
    for match in _IMPERSONAL.finditer(text):
        if match.group().lower().endswith("lieu") and not _LIEU_DE.match(text, match.end()):
            continue
        if formulas is None:
            formulas = _reference_formulas(text)
        if any(s <= match.start() < e for s, e in formulas):
            continue  # « ainsi qu'il est précisé à l'article 5 »
        yield Hit(match.start(), match.end())


RULES = (
    Rule(
        code="voix-passive",
        title="Voix passive",
        message="Cette phrase est à la voix passive : on ne sait pas toujours qui fait l'action.",
        severity="avertissement",
        suggestion="Écrivez à la voix active : dites d'abord qui fait l'action. Par exemple « l'acheteur "
        "analyse les offres » plutôt que « les offres sont analysées ».",
        source=f"{_SOURCE_IE} : utilisez la voix active",
        check=_passives,
    ),
    Rule(
        code="negation",
        title="Phrase négative",
        message="Cette phrase est négative. Les phrases positives sont plus faciles à comprendre.",
        severity="info",
        suggestion="Écrivez la phrase à la forme positive. Si vous gardez la négation, mettez « pas » en gras.",
        source=f"{_SOURCE_IE} : utilisez des phrases positives",
        check=_negations,
    ),
    Rule(
        code="double-negation",
        title="Double négation",
        message="Cette phrase contient deux négations. Elle est très difficile à comprendre.",
        severity="erreur",
        suggestion="Dites la même chose à la forme positive : « vous pouvez » plutôt que "
        "« vous ne pouvez pas … sans ».",
        source=f"{_SOURCE_IE} : évitez les négations, surtout les doubles négations",
        check=_double_negations,
    ),
    Rule(
        code="conditionnel",
        title="Verbe au conditionnel",
        message="Ce verbe est au conditionnel : le lecteur ne sait pas si c'est obligatoire.",
        severity="info",
        suggestion="Utilisez le présent ou le futur : « vous devez », « l'acheteur paiera ».",
        source=f"{_SOURCE_IE} : utilisez des temps simples ; lucid-lint, profil falc",
        check=_conditionals,
    ),
    Rule(
        code="subjonctif",
        title="Verbe au subjonctif",
        message="Cette tournure demande un subjonctif, un temps difficile.",
        severity="info",
        suggestion="Écrivez deux phrases simples au présent : « Vous devez … ».",
        source=f"{_SOURCE_IE} : utilisez des temps simples ; lucid-lint, profil falc",
        check=_subjunctives,
    ),
    Rule(
        code="nominalisation",
        title="Trop de noms d'action",
        message="Cette phrase utilise beaucoup de noms d'action (en -tion, -ment, -age…).",
        severity="info",
        suggestion="Utilisez des verbes : « vérifier » plutôt que « la vérification ».",
        source=f"{_SOURCE_IE} : préférez les verbes ; lucid-lint, profil falc (2 par phrase au plus)",
        check=_nominalisations,
        default=False,  # judged precision 47 % on real text (benchmarks/bench_falc_precision.py)
        scored=False,  # already off when the score's weights were fitted
    ),
    Rule(
        code="tournure-impersonnelle",
        title="Tournure impersonnelle",
        message="Cette tournure ne parle pas directement au lecteur.",
        severity="info",
        suggestion="Parlez au lecteur avec « vous » : « vous devez fournir » plutôt que "
        "« il appartient au candidat de fournir ».",
        source=f"{_SOURCE_IE} : adressez-vous directement au lecteur",
        check=_impersonal,
    ),
)
