"""Grammar rules on hand-built spaCy Docs: the parse is given, so only the rule is tested."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from falc.config import FalcConfig
from falc.rules import DocumentState, RuleContext, get_rule
from falc.sentences import parse_paragraph

VOCAB = spacy.blank("fr").vocab


def _doc(rows: list[tuple[str, str, str, int, str, str]]) -> Doc:
    """Rows of (word, pos, dep, head index, morph, lemma); a space after every word but the last
    and before final punctuation."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][1] != "PUNCT" for i in range(len(rows))]
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        pos=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        heads=[r[3] for r in rows],
        morphs=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
    )


def _findings(code: str, doc: Doc) -> list[str]:
    context = RuleContext(
        index=0,
        kind="paragraph",
        parsed=parse_paragraph(doc.text, doc, FalcConfig()),
        config=FalcConfig(),
        state=DocumentState(),
    )
    return [f.text for f in get_rule(code).run(context)]


PASSIVE = [
    ("Les", "DET", "det", 1, "Number=Plur", "le"),
    ("offres", "NOUN", "nsubj:pass", 3, "Number=Plur", "offre"),
    ("sont", "AUX", "aux:pass", 3, "Mood=Ind|VerbForm=Fin", "être"),
    ("lues", "VERB", "ROOT", 3, "VerbForm=Part|Voice=Pass", "lire"),
    (".", "PUNCT", "punct", 3, "", "."),
]
ACTIVE = [
    ("Vous", "PRON", "nsubj", 1, "Person=2", "vous"),
    ("lisez", "VERB", "ROOT", 1, "Mood=Ind|VerbForm=Fin", "lire"),
    ("les", "DET", "det", 3, "Number=Plur", "le"),
    ("offres", "NOUN", "obj", 1, "Number=Plur", "offre"),
    (".", "PUNCT", "punct", 1, "", "."),
]
CONDITIONAL = [
    ("Vous", "PRON", "nsubj", 1, "Person=2", "vous"),
    ("devriez", "VERB", "ROOT", 1, "Mood=Cnd|VerbForm=Fin", "devoir"),
    ("signer", "VERB", "xcomp", 1, "VerbForm=Inf", "signer"),
    (".", "PUNCT", "punct", 1, "", "."),
]
# the tagger says Cnd but the ending is not a conditional one: not flagged
MISTAGGED = [
    ("Nous", "PRON", "nsubj", 1, "Person=1", "nous"),
    ("répondions", "VERB", "ROOT", 1, "Mood=Cnd|VerbForm=Fin", "répondre"),
    (".", "PUNCT", "punct", 1, "", "."),
]
JARGON_VERB = [
    ("Vous", "PRON", "nsubj", 1, "Person=2", "vous"),
    ("effectuez", "VERB", "ROOT", 1, "Mood=Ind|VerbForm=Fin", "effectuer"),
    ("la", "DET", "det", 3, "", "le"),
    ("livraison", "NOUN", "obj", 1, "", "livraison"),
    (".", "PUNCT", "punct", 1, "", "."),
]


@pytest.mark.parametrize(
    ("code", "rows", "expected"),
    [
        ("voix-passive", PASSIVE, ["sont lues"]),
        ("voix-passive", ACTIVE, []),
        ("conditionnel", CONDITIONAL, ["devriez"]),
        ("conditionnel", MISTAGGED, []),
        ("conditionnel", ACTIVE, []),
        ("jargon", JARGON_VERB, ["effectuez"]),
        ("jargon", ACTIVE, []),
    ],
)
def test_rule_on_a_hand_built_parse(code, rows, expected):
    assert _findings(code, _doc(rows)) == expected


def test_passive_ratio_reads_the_given_dependencies():
    doc = _doc(PASSIVE)
    (sentence,) = parse_paragraph(doc.text, doc, FalcConfig()).sentences
    assert sentence.passive
    assert sentence.words == 4
