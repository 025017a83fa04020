"""TODO"""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import VOWEL_START, contiguous, is_finite, join, lower_first
from falc.rewrite.conjugation import conjugate, known_infinitives
from falc.rewrite.cuts.base import Cut, CutRule
from falc.rewrite.cuts.grammar import (
    Clause,
    clause_head,
    comma_openers,
    elide,
    has_clause,
    join_words,
    negative_sentence,
    person_of,
    read_clause,
    stands_alone,
    subject_of,
)
from falc.rewrite.cuts.words import (
    CLITICS,
    CONDITION_CLAUSE_OPENERS,
    CONDITION_OPENERS,
    IF,
    IN_CASE,
    MODALS,
    NE,
    NEGATIVE_WORDS,
    RELATIVE_PRONOUNS,
    THIRD_PERSON_PRONOUNS,
    WHEN,
    WITHOUT_VERBS,
)


def _without_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« …, sans que sa durée totale puisse excéder 36 mois » → « … . Sa durée totale ne peut
    pas excéder 36 mois. » (the clause ends the sentence and holds no negation of its own)."""
    cuts = []
    for left, right in comma_openers(body, (("sans", "que"), ("sans", "qu'")), comma=False):
        if not stands_alone(left):
            continue
        clause = read_clause(right)
        if clause is None or not (
            clause.verb.lemma_ in WITHOUT_VERBS or clause.subject[0].lower_ in ("cela", "ceci")
        ):
            continue  # « sans que l'acheteur s'y oppose » is a condition, not a fact
        sentence = negative_sentence(clause)
        if sentence is not None:
            cuts.append(Cut(join(left), sentence, at=left[-1].i + 1))
    return cuts


def _obligation(subject: str, person: int, number: str, rest: str) -> str | None:
    must = conjugate("devoir", person, number)  # type: ignore[arg-type]
    return f"Pour cela, {subject} {must} {rest}" if must else None


def _condition_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A condition closing the sentence becomes what someone must do first:

    « Le titulaire peut sous-traiter…, à condition d'avoir obtenu l'acceptation… » → « Le
    titulaire peut sous-traiter… Pour cela, le titulaire doit avoir obtenu l'acceptation… »;
    « …, sous réserve que le titulaire en fasse la demande » → « … Pour cela, le titulaire doit
    en faire la demande. » The infinitive's subject is the main clause's, which must be active.
    """
    cuts = []
    root = sentence.root
    subject = subject_of(root)
    for left, right in comma_openers(body, CONDITION_OPENERS):
        if not right or not stands_alone(left) or subject is None:
            continue
        if any(t.dep_ in ("aux:pass", "nsubj:pass") for t in left):
            continue  # « le marché peut être résilié, à condition de… »: whose condition?
        if subject.lower_ in RELATIVE_PRONOUNS or not contiguous(subject):
            continue
        subject_tokens = list(subject.subtree)
        if subject_tokens[-1].i >= left[-1].i or subject_tokens[0].i < body[0].i:
            continue
        first = next((t for t in right if t.lower_ not in CLITICS | NE), None)
        if first is None or "Inf" not in first.morph.get("VerbForm"):
            continue
        if any(t.lower_ in NEGATIVE_WORDS or (t.pos_ in ("VERB", "AUX") and is_finite(t))
               for t in right):  # fmt: skip
            continue
        found = person_of(subject_tokens)
        if found is None:
            continue
        text = lower_first(join(subject_tokens), subject_tokens[0])
        obligation = _obligation(text, *found, join(right))
        if obligation is not None:
            cuts.append(Cut(join(left), obligation, at=left[-1].i + 1))
    for left, right in comma_openers(body, CONDITION_CLAUSE_OPENERS):
        if not stands_alone(left):
            continue
        clause = read_clause(right)
        if clause is None or clause.subject[0].lower_ in THIRD_PERSON_PRONOUNS:
            continue
        infinitive = clause.verb.lemma_
        if infinitive not in known_infinitives():
            continue
        rest = join_words(join(clause.clitics), infinitive, join(clause.rest))
        text = lower_first(join(clause.subject), clause.subject[0])
        obligation = _obligation(text, clause.person, clause.number, rest)
        if obligation is not None:
            cuts.append(Cut(join(left), obligation, at=left[-1].i + 1))
    return cuts


def _eventuality(clause: Clause) -> str | None:
    """The clause as an eventuality, its verb in the subjunctive: « le titulaire ne peut pas
    livrer » → « Il se peut que le titulaire ne puisse pas livrer »."""
    form = conjugate(clause.verb.lemma_, clause.person, clause.number, "présent", "subjonctif")  # type: ignore[arg-type]
    if form is None:
        return None
    verb = join_words(join(clause.clitics), form)
    if clause.negated:
        verb = f"{elide('ne', verb)}{verb}"
    subject = lower_first(join(clause.subject), clause.subject[0])
    que = "qu'" if VOWEL_START.match(subject) else "que "
    return join_words(f"Il se peut {que}{subject}", verb, join(clause.rest))


def _possibility(clause: Clause) -> str | None:
    """The clause as a possibility: « le candidat s'appuie sur… » → « le candidat peut s'appuyer
    sur… », « le marché est résilié » → « le marché peut être résilié »."""
    infinitive = clause.verb.lemma_
    if infinitive in MODALS or infinitive not in known_infinitives():
        return None
    can = conjugate("pouvoir", clause.person, clause.number)  # type: ignore[arg-type]
    if can is None:
        return None
    return join_words(
        join(clause.subject), can, join(clause.clitics), infinitive, join(clause.rest)
    )


def _when_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A condition in front becomes a sentence of its own, « Dans ce cas » keeping it over the
    whole main clause:

    - « Si le candidat s'appuie sur d'autres opérateurs, il justifie… » → « Le candidat peut
      s'appuyer sur d'autres opérateurs. Dans ce cas, il justifie… »: a condition stays a
      possibility, never a fact (« Parfois, … » would say that it happens).
    - With a negation or a modal verb, an eventuality: « Lorsque les produits ne sont pas
      conformes, le titulaire les remplace. » → « Il se peut que les produits ne soient pas
      conformes. Dans ce cas, le titulaire les remplace. » (« peuvent ne pas être » is no
      easier to read).

    The clause in front must be complete (its own subject, not a pronoun announcing the main
    subject) and the main clause after the first comma must stand alone."""
    if not body or body[0].lower_ not in WHEN | IF:
        return []
    for position, comma in enumerate(body):
        if comma.text != ",":
            continue
        condition, main = body[1:position], body[position + 1 :]
        if not condition or not main or not has_clause(condition):
            return []
        subjects = [t for t in condition if t.dep_ in ("nsubj", "nsubj:pass")]
        if any(t.lower_ in THIRD_PERSON_PRONOUNS | RELATIVE_PRONOUNS for t in subjects):
            return []
        if clause_head(main) is None:
            return []
        rest = lower_first(join(main), main[0])
        clause = read_clause(condition, negation=True)
        if clause is None or clause.subject[0].lower_ in THIRD_PERSON_PRONOUNS:
            return []
        possible = None if clause.negated else _possibility(clause)
        possible = possible or _eventuality(clause)
        if possible is None:
            return []
        return [Cut(possible, f"Dans ce cas, {rest}")]
    return []


def _in_case_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« En cas de retard dans la livraison, le titulaire encourt une pénalité. » → « Il peut y
    avoir un retard dans la livraison. Dans ce cas, le titulaire encourt une pénalité. » The
    case is one noun without a determiner and its complements (never a list of cases, never a
    verb), the main clause after the comma stands alone."""
    opener = next((w for w in IN_CASE if tuple(t.lower_ for t in body[:3]) == w), None)
    if opener is None:
        return []
    comma = next((k for k, t in enumerate(body) if t.text == ","), None)
    if comma is None or comma < 4:
        return []
    case, main = body[3:comma], body[comma + 1 :]
    noun = case[0]
    if noun.pos_ != "NOUN" or any(t.lower_ in ("et", "ou", "ni") or is_finite(t) for t in case):
        return []
    if not main or clause_head(main) is None:
        return []
    if "Plur" in noun.morph.get("Number"):
        article = "des"
    elif "Fem" in noun.morph.get("Gender"):
        article = "une"
    elif "Masc" in noun.morph.get("Gender"):
        article = "un"
    else:
        return []
    rest = lower_first(join(main), main[0])
    return [Cut(f"Il peut y avoir {article} {join(case)}", f"Dans ce cas, {rest}")]


WITHOUT = CutRule(
    code="coupe-sans-que",
    message=(
        "« …, sans que sa durée puisse excéder 36 mois » devient « Sa durée ne peut pas "
        "excéder 36 mois. » (une limite, avec « pouvoir », « être » ou « devoir » seulement)."
    ),
    find=_without_cuts,
    examples=(),
)

ON_CONDITION = CutRule(
    code="coupe-a-condition",
    message="« …, à condition de … » ou « …, sous réserve que … » devient une phrase à elle.",
    find=_condition_cuts,
    examples=(),
)

CONDITION_FIRST = CutRule(
    code="coupe-condition",
    message="« Si X, Y » ou « Lorsque X, Y » devient deux phrases ; la condition reste une condition.",
    find=_when_cuts,
    examples=(),
)

IN_CASE_OF = CutRule(
    code="coupe-en-cas-de",
    message="« En cas de X, Y » devient deux phrases ; le cas reste une condition.",
    find=_in_case_cuts,
    examples=(),
)

RULES = (WITHOUT, ON_CONDITION, CONDITION_FIRST, IN_CASE_OF)
