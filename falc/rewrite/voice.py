"""Passive → active when the agent is known: "les offres sont analysées par l'acheteur" →
"l'acheteur analyse les offres".

Only the safe pattern is rewritten: a passive verb with "être" conjugated in a simple tense (or
after "devoir"/"pouvoir"), a noun subject and an agent introduced by "par", each a contiguous
group, without negation. The verb is conjugated for the agent with verbecc.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from falc.rewrite._tokens import (
    contiguous,
    finish,
    is_finite,
    join,
    lower_first,
    number_of,
    subtree_span,
)
from falc.rewrite.conjugation import conjugate, spacy_tense
from falc.rewrite.examples import becomes, kept

MODALS = frozenset({"devoir", "pouvoir"})
ANY = frozenset({"tout", "toute", "tous", "toutes", "quelconque", "aucun", "aucune"})
NEGATION = frozenset({"ne", "n'", "pas", "jamais", "plus", "aucun", "aucune", "rien", "ni"})


def _passive_verb(sentence: Span) -> tuple[Token, Token, Token, Token] | None:
    for verb in sentence:
        if verb.pos_ != "VERB" or "Part" not in verb.morph.get("VerbForm"):
            continue
        children = list(verb.children)
        aux = [c for c in children if c.dep_ == "aux:pass" and c.lemma_ == "être"]
        agents = [c for c in children if c.dep_ == "obl:agent"]
        if len(aux) != 1 or len(agents) != 1:
            continue
        agent = agents[0]
        if not any(c.lower_ == "par" for c in agent.children):
            continue
        subjects = [c for c in children if c.dep_ in ("nsubj:pass", "nsubj")]
        if not subjects and verb.dep_ == "xcomp" and verb.head.lemma_ in MODALS:
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if len(subjects) != 1:
            continue
        return verb, aux[0], subjects[0], agent
    return None


ACTION_SUFFIXES = ("tion", "sion", "ment", "age")
MAX_AGENT_WORDS = 10
"""A longer agent put first would make the reader wait for the verb: the sentence gets no easier."""
CLAUSE_NUMBER = re.compile(r"(?:\d+\s?\.\s?)+(?:\d+)?|[a-z]\)|\d+°")


def active_voice(sentence: Span) -> str | None:
    """The sentence in the active voice, or None when the pattern is not safely there."""
    found = _passive_verb(sentence)
    if found is None:
        return None
    verb, aux, subject, agent = found
    if subject.pos_ not in ("NOUN", "PROPN") or agent.pos_ not in ("NOUN", "PROPN"):
        return None
    if agent.pos_ == "NOUN" and not any(c.dep_ == "det" for c in agent.children):
        return None  # "par application de…", "par voie électronique": a means, not an agent
    if any(
        "." in t.text for t in agent.subtree if not t.is_punct
    ) or sentence.text.rstrip().endswith(".."):
        return None  # « par le C.C.A.P.. »: the tokens of an abbreviation lose its last stop
    if any(c.dep_ == "det" and c.lemma_ in ANY for c in agent.children):
        return None  # « par tout moyen »: any means, not someone who acts
    if any(t.lower_ in NEGATION for t in sentence):
        return None
    main = verb.head if verb.dep_ == "xcomp" and verb.head.lemma_ in MODALS else verb
    dash_root = main.head.dep_ == "ROOT" and not re.search(r"\w", main.head.text)
    if main.dep_ != "ROOT" and not dash_root:  # the parse may take a list dash for the root
        return None  # « Dans le cas où certaines prestations doivent être régies par… »: a
        # passive inside a subordinate clause, whose ends the parse often misplaces
    agent_words = [t for t in agent.subtree if not t.is_punct]
    if len(agent_words) > MAX_AGENT_WORDS or any(
        t.text == "," or (t.i != agent.i and is_finite(t)) for t in agent.subtree
    ):
        return None  # « par les articles 98, 99 et 103 du code … et les dispositions du décret »
    if not (contiguous(subject) and contiguous(agent)):
        return None
    if any(c.dep_ == "conj" for c in (*subject.children, *verb.children)):
        return None  # « X, Y ou Z est constatée », « est dressé … et notifié »: one clause only
    if agent.lemma_.endswith(ACTION_SUFFIXES) and any(
        c.dep_ == "nmod" and c.i > agent.i for c in agent.children
    ):
        return None  # « par l'établissement des décomptes »: an act, not someone who acts
    modal = verb.head if verb.dep_ == "xcomp" and verb.head.lemma_ in MODALS else None
    finite = modal if modal is not None else aux
    if not is_finite(finite) or any(c.dep_ == "aux:tense" for c in verb.children):
        return None
    tense_mood = spacy_tense(_one(finite, "Tense"), _one(finite, "Mood"))
    if tense_mood is None:
        return None
    number = number_of(agent)
    if modal is not None:
        conjugated = conjugate(modal.lemma_, 3, number, *tense_mood)
        infinitive = verb.lemma_
        if conjugated is None or conjugate(infinitive, 3, "s") is None:
            return None
        verb_text = f"{conjugated} {infinitive}"
    else:
        verb_text = conjugate(verb.lemma_, 3, number, *tense_mood)
        if verb_text is None:
            return None

    s_first, s_last = subtree_span(subject)
    a_first, a_last = subtree_span(agent)
    par = next(c for c in agent.children if c.lower_ == "par")
    if not (s_last < finite.i < verb.i < a_first) or par.i != a_first:
        return None
    used = set(range(s_first, s_last + 1)) | set(range(a_first, a_last + 1))
    used |= {aux.i, verb.i} | ({modal.i} if modal is not None else set())
    before = [t for t in sentence if t.i < s_first]
    middle = [t for t in sentence if s_last < t.i < a_first and t.i not in used]
    tail = [t for t in sentence if t.i > a_last]
    end = tail[-1:] if tail and tail[-1].text in (".", "!", "?", ";", ":") else []
    after = tail[: len(tail) - len(end)]
    if any(t.dep_ not in ("advmod", "punct") for t in middle):
        return None
    # « par le titulaire à ses frais »: the complement goes after the object, not between the
    # new subject and its verb (« le titulaire reprend les produits à ses frais »).
    moved: set[int] = set()
    for child in agent.children:
        if child.dep_ in ("nmod", "obl") and child.i > agent.i:
            first, last = subtree_span(child)
            if sentence.doc[first].lower_ not in ("de", "d'", "d’", "du", "des"):
                moved |= set(range(first, last + 1))
    agent_tokens = [t for t in sentence if a_first < t.i <= a_last and t.i not in moved]
    moved_text = join(t for t in sentence if t.i in moved)
    subject_text = lower_first(
        join(t for t in sentence if s_first <= t.i <= s_last), subject.doc[s_first]
    )
    agent_text = join(agent_tokens)
    if not before or CLAUSE_NUMBER.fullmatch(join(before)):
        agent_text = agent_text[:1].upper() + agent_text[1:]
    pieces = [
        join(before),
        agent_text,
        verb_text,
        join(middle),
        subject_text,
        moved_text,
        join(after),
    ]
    text = finish(" ".join(p for p in pieces if p).rstrip(" ,"))
    if end and end[0].text in (";", ":"):
        # a list item keeps its mark (« ― les articles 106 et suivants fixent les règles ; »)
        text = text[:-1] + sentence.doc[end[0].i - 1].whitespace_ + end[0].text
    elif end:
        text = text[:-1] + end[0].text
    return text


def _one(token: Token, feature: str) -> str | None:
    values = token.morph.get(feature)
    return values[0] if values else None


EXAMPLES = (
    becomes(
        "― les règles relatives aux acomptes sont fixées par l'article 91 du code ;",
        "― l'article 91 du code fixe les règles relatives aux acomptes ;",
    ),
    kept(
        "Dans le cas où certaines prestations doivent être régies par des stipulations d'un "
        "autre CCAG, ce dernier doit reproduire les stipulations retenues.",
        "Le passif est dans une proposition subordonnée : la phrase entière est mal découpée.",
    ),
    kept(
        "Les règles relatives aux intérêts moratoires sont fixées par les articles 98, 99 et "
        "103 du code des marchés publics et les dispositions du décret n° 2002-232.",
        "Le nom de qui agit est trop long pour ouvrir la phrase.",
    ),
    becomes(
        "Les offres sont analysées par le service des achats de la commune.",
        "Le service des achats de la commune analyse les offres.",
    ),
    becomes(
        "Les offres doivent être signées par le titulaire.", "Le titulaire doit signer les offres."
    ),
    kept(
        "Les offres ne sont pas analysées par l'acheteur.",
        "Une négation : la tournure active la déplacerait.",
    ),
    kept(
        "Les modalités d'application de ces dispositions sont fixées par le C.C.A.P..",
        "Un sigle avec des points : sa ponctuation se perdrait.",
    ),
    kept(
        "La preuve de la capacité du candidat peut être apportée par tout moyen.",
        "« par tout moyen » dit un moyen quelconque, pas qui agit.",
    ),
    kept(
        "Les prestations sont réglées par application des prix.",
        "« par » dit un moyen, pas qui agit.",
    ),
    kept("Les offres sont analysées.", "On ne sait pas qui agit."),
)
