"""What the cut rules read on a parse: subjects, conjugated verbs, main and subordinate
clauses, antecedents, and whether a piece is a sentence of its own.

The parse of long legal sentences is often wrong, so most tests read both the dependencies and
the morphology (a conjugated verb counted against the words that open a clause), and the rules
refuse a cut whenever the two disagree."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from falc.rewrite._tokens import VOWEL_START, is_finite, join
from falc.rewrite.conjugation import conjugate
from falc.rewrite.cuts.words import (
    AUXILIARY_PARTICIPLES,
    CLITICS,
    CONTRACTED_LEQUEL,
    LEQUEL,
    LOCUTION_NOUNS,
    NE,
    NEGATIVE_WORDS,
    NOT_PARTICIPLES,
    PRONOUN_PERSONS,
    RELATIVE_PRONOUNS,
    SUBORDINATORS,
)

MAX_SUBJECT_TOKENS = 8


def word_count(tokens: list[Token] | Span) -> int:
    return sum(1 for t in tokens if not t.is_punct and not t.is_space)


def finite_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense", "aux:pass", "cop") and is_finite(child):
            return child
    return verb if is_finite(verb) else None


def subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    return subjects[0] if len(subjects) == 1 else None


def sentence_body(sentence: Span) -> list[Token]:
    """The sentence's tokens without its final punctuation."""
    tokens = list(sentence)
    while tokens and tokens[-1].is_punct and tokens[-1].text in ".!?…;:":
        tokens.pop()
    return tokens


def in_subtree(tokens: list[Token], head: Token) -> bool:
    indexes = {t.i for t in head.subtree}
    return all(t.i in indexes for t in tokens)


def outside_subtree(tokens: list[Token], head: Token) -> bool:
    indexes = {t.i for t in head.subtree}
    return not any(t.i in indexes for t in tokens)


def has_clause(tokens: list[Token]) -> bool:
    """A conjugated verb whose subject is among the tokens (or an imperative)."""
    indexes = {t.i for t in tokens}
    for token in tokens:
        if token.dep_ in ("nsubj", "nsubj:pass") and token.head.i in indexes:
            if token.lower_ in RELATIVE_PRONOUNS:
                continue
            head = token.head
            if finite_of(head) is not None:
                return True
        if "Imp" in token.morph.get("Mood"):
            return True
    return False


def has_subject(tokens: list[Token]) -> bool:
    """A subject (not a relative pronoun) whose verb is among the tokens."""
    indexes = {t.i for t in tokens}
    return any(
        t.dep_ in ("nsubj", "nsubj:pass")
        and t.head.i in indexes
        and t.lower_ not in RELATIVE_PRONOUNS
        and t.head.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
        for t in tokens
    )


def has_main_verb(tokens: list[Token]) -> bool:
    """More conjugated verbs than words opening a relative or subordinate clause.

    Read from the morphology alone, for when the parse is wrong: « le défaut de paiement fait
    courir des intérêts » has a main verb even where the parser makes « défaut » an object.
    « le mémoire qui est signé » has none: its only verb belongs to the relative clause.
    """
    finite = sum(1 for t in tokens if t.pos_ in ("VERB", "AUX") and is_finite(t))
    openers = sum(1 for t in tokens if t.lower_ in RELATIVE_PRONOUNS | SUBORDINATORS)
    return finite > openers


def after_determiner(token: Token) -> bool:
    return token.i > 0 and token.nbor(-1).pos_ == "DET"


def misread_verb(tokens: list[Token]) -> bool:
    """The clause opens on a determiner, a noun and a present-tense verb the tagger took for an
    adjective or a noun (« Le titulaire communique la liste », « le candidat produit… »): the
    third word is the third person singular of a verb verbecc knows, followed by a comma, a
    determiner or a pronoun."""
    if len(tokens) < 3 or tokens[0].pos_ != "DET" or tokens[1].pos_ != "NOUN":
        return False
    token = tokens[2]
    text = token.lower_
    following = tokens[3] if len(tokens) > 3 else None
    if token.pos_ not in ("ADJ", "NOUN") or following is None:
        return False
    if following.text != "," and following.pos_ not in ("DET", "PRON"):
        return False  # « la date limite de réception » is a noun phrase
    return present_singular(text)


def present_singular(text: str) -> bool:
    """The word is the third person singular present of a verb verbecc knows (« contresigne »,
    « produit »), whatever the tagger read."""
    candidates = {text + "re", text + "tre"}
    if text.endswith("e"):
        candidates.add(text[:-1] + "er")
    if text.endswith("t"):
        candidates |= {text[:-1] + "r", text[:-1] + "re"}
    return any(conjugate(infinitive, 3, "s") == text for infinitive in candidates)


def stands_alone(tokens: list[Token]) -> bool:
    """The tokens hold a main clause: a subject and its conjugated verb, or more conjugated verbs
    than relative or subordinate openers (:func:`has_main_verb`), counting a verb the tagger
    misread."""
    if has_clause(tokens) or has_main_verb(tokens):
        return True
    openers = any(t.lower_ in RELATIVE_PRONOUNS | SUBORDINATORS for t in tokens)
    return not openers and misread_verb(tokens)


def clause_head(tokens: list[Token], strict: bool = True) -> Token | None:
    """The head of a main clause covering the tokens: a conjugated verb (or copula) with its own
    subject among the tokens, not introduced by "si", "lorsque", "que"... (a subordinate
    clause cannot stand alone)."""
    indexes = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in indexes or t.head.i == t.i]
    if len(heads) != 1:
        return None
    head = heads[0]
    if any(c.dep_ == "mark" for c in head.children):
        return None
    subject = subject_of(head)
    if subject is None or subject.i not in indexes or subject.lower_ in RELATIVE_PRONOUNS:
        return None
    # After a semicolon the tagger sometimes reads a verb as an adjective ("le valide").
    return head if finite_of(head) is not None or not strict else None


def starts_relative(tokens: list[Token]) -> bool:
    """A relative pronoun among the first words (« au-delà duquel », « par exception à
    laquelle »: the tagger does not always mark these as relative)."""
    return any(
        t.lower_ in RELATIVE_PRONOUNS
        or t.lower_ in LEQUEL
        or t.lower_ in CONTRACTED_LEQUEL
        or "Rel" in t.morph.get("PronType")
        for t in tokens[:4]
    )


def opens_on_participle(tokens: list[Token]) -> bool:
    """A present participle comes before any conjugated verb: the words open an absolute
    participle clause (:func:`_participle_cuts` conjugates it), not a main clause."""
    for token in tokens:
        if is_finite(token) and not after_determiner(token):
            return False
        if (
            token.lower_.endswith("ant")
            and token.lower_ not in NOT_PARTICIPLES
            and (token.lower_ in AUXILIARY_PARTICIPLES or "Part" in token.morph.get("VerbForm"))
            and token.nbor(-1).lower_ != "en"
        ):
            return True
    return False


def is_participle(token: Token) -> bool:
    if "Part" in token.morph.get("VerbForm") and token.lower_.endswith("ant"):
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.lower_ in AUXILIARY_PARTICIPLES
        and following is not None
        and following.pos_ in ("VERB", "AUX", "ADJ")
    )


def verb_of(token: Token) -> Token:
    return token.head if token.dep_.startswith("aux") else token


def demonstrative(noun: Token) -> str | None:
    """ "Ce", "Cet", "Cette" or "Ces" agreeing with the noun; None if its gender is unknown."""
    if "Plur" in noun.morph.get("Number"):
        return "Ces"
    gender = noun.morph.get("Gender")
    if "Fem" in gender:
        return "Cette"
    if "Masc" in gender:
        return "Cet" if VOWEL_START.match(noun.text) else "Ce"
    return None


def taken_up(found: tuple[Token, list[Token]] | None) -> str | None:
    """An antecedent (noun, adjectives) said again with a demonstrative: « Ce livreur »,
    « Cette formule »; None without an antecedent or when its gender is unknown."""
    if found is None:
        return None
    noun, adjectives = found
    determiner = demonstrative(noun)
    if determiner is None:
        return None
    return f"{determiner} {join([noun, *adjectives]).lower()}"


def in_locution(noun: Token) -> bool:
    """The noun belongs to a locution (« au cours de », « en cas de », « à compter de »): it
    cannot be the antecedent of a relative pronoun."""
    if noun.dep_ == "fixed" or noun.i == 0 or noun.i + 1 >= len(noun.doc):
        return noun.dep_ == "fixed"
    before, after = noun.nbor(-1).lower_, noun.nbor(1).lower_
    return (
        noun.lower_ in LOCUTION_NOUNS
        and before in ("au", "en", "à", "aux")
        and after in ("de", "du", "des", "d'", "d’")
    )


def antecedent_of(left: list[Token], pronoun: Token) -> tuple[Token, list[Token]] | None:
    """The noun a relative pronoun after a comma points to, with the adjectives that follow it."""
    if pronoun.lower_ in LEQUEL:
        gender, number = LEQUEL[pronoun.lower_]
        for cursor in range(len(left) - 1, -1, -1):
            noun = left[cursor]
            morph = noun.morph
            if (
                noun.pos_ == "NOUN"
                and not in_locution(noun)
                and gender in morph.get("Gender")
                and number in morph.get("Number")
            ):
                adjectives = []
                for follower in left[cursor + 1 :]:
                    if follower.pos_ != "ADJ" or follower.head.i != noun.i:
                        break
                    adjectives.append(follower)
                return noun, adjectives
        return None
    adjectives: list[Token] = []
    cursor = len(left) - 1
    while cursor >= 0 and left[cursor].pos_ == "ADJ" and left[cursor].dep_ == "amod":
        adjectives.insert(0, left[cursor])
        cursor -= 1
    if cursor < 0 or left[cursor].pos_ != "NOUN":
        return None
    noun = left[cursor]
    if any(a.head.i != noun.i for a in adjectives):
        return None
    return noun, adjectives


def antecedent_like(left: list[Token], form: str) -> tuple[Token, list[Token]] | None:
    """The antecedent of a contracted pronoun (« duquel »), found as its « lequel » form."""
    gender, number = LEQUEL[form]
    for cursor in range(len(left) - 1, -1, -1):
        noun = left[cursor]
        if (
            noun.pos_ == "NOUN"
            and not in_locution(noun)
            and gender in noun.morph.get("Gender")
            and number in noun.morph.get("Number")
        ):
            return noun, []
    return None


@dataclass(frozen=True)
class Clause:
    """A subordinate clause read as subject, clitics, one finite verb, and the rest."""

    subject: list[Token]
    clitics: list[Token]
    verb: Token
    rest: list[Token]
    person: int
    number: str
    negated: bool = False


def person_of(subject: list[Token]) -> tuple[int, str] | None:
    if len(subject) == 1 and subject[0].lower_ in PRONOUN_PERSONS:
        return PRONOUN_PERSONS[subject[0].lower_]
    heads = [t for t in subject if t.dep_ in ("nsubj", "nsubj:pass", "expl:subj")]
    if not heads and len(subject) > 1 and subject[0].pos_ == "DET":
        heads = [subject[1]]  # « le nombre de lots … soit limité »: the parse lost the subject
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN"):
        return None
    if any(t.dep_ == "conj" for t in subject):
        return 3, "p"
    return 3, "p" if "Plur" in heads[0].morph.get("Number") else "s"


def read_clause(tokens: list[Token], *, negation: bool = False) -> Clause | None:
    """Subject + clitics + the only conjugated verb + the rest, without any negation: the shape
    of « sa durée totale puisse excéder 36 mois », « le titulaire en fasse la demande ». With
    ``negation``, also a plain « ne … pas » around the verb (« les produits ne sont pas
    conformes »): ``negated`` says so, and ``rest`` starts with « pas »."""
    finite = [t for t in tokens if t.pos_ in ("VERB", "AUX") and is_finite(t)]
    if len(finite) != 1:
        return None
    negatives = [t for t in tokens if t.lower_ in NEGATIVE_WORDS]
    negated = bool(negatives) and negation
    if negatives and not (
        negation
        and len(negatives) == 1
        and negatives[0].lower_ == "pas"
        and negatives[0].i == finite[0].i + 1
        and sum(t.lower_ in NE for t in tokens) == 1
    ):
        return None
    openers = RELATIVE_PRONOUNS | SUBORDINATORS - {"s'"}  # « s' » is also « se » (« s'appuie »)
    if any(t.lower_ in openers or t.text in ",;:" for t in tokens):
        return None
    verb = finite[0]
    if "Pres" not in verb.morph.get("Tense"):
        return None
    position = next(i for i, t in enumerate(tokens) if t.i == verb.i)
    start = position
    while start > 1 and tokens[start - 1].lower_ in CLITICS | NE:
        start -= 1
    subject = tokens[:start]
    clitics = [t for t in tokens[start:position] if t.lower_ not in NE]
    if not subject or subject[0].pos_ not in ("DET", "PRON", "PROPN", "NOUN"):
        return None
    found = person_of(subject)
    if found is None:
        return None
    person, number = found
    if verb.morph.get("Number") and verb.morph.get("Number") != [
        "Plur" if number == "p" else "Sing"
    ]:
        return None  # the verb does not agree with what was read as its subject
    if negated and not any(t.lower_ in NE for t in tokens[start:position]):
        return None  # the « ne » is not just before the verb
    return Clause(subject, clitics, verb, tokens[position + 1 :], person, number, negated)


def join_words(*parts: str) -> str:
    """The parts joined by spaces, none after an elided word (« s' » + « appuyer »)."""
    text = ""
    for part in (p for p in parts if p):
        text += part if not text or text.endswith(("'", "’")) else f" {part}"
    return text


def elide(word: str, following: str) -> str:
    """« ne » or « de » before the next word: « n'a », « ne peut »."""
    return f"{word[0]}'" if VOWEL_START.match(following) else f"{word} "


def negative_sentence(clause: Clause) -> str | None:
    """The clause in the indicative with « ne … pas »: « sa durée totale puisse excéder 36 mois »
    → « sa durée totale ne peut pas excéder 36 mois »."""
    form = conjugate(clause.verb.lemma_, clause.person, clause.number)  # type: ignore[arg-type]
    if form is None:
        return None
    clitics = join(clause.clitics)
    after_ne = join_words(clitics, form)
    text = f"{join(clause.subject)} {elide('ne', after_ne)}{after_ne} pas"
    return f"{text} {join(clause.rest)}".strip()


def comma_openers(body: list[Token], openers: tuple[tuple[str, ...], ...], comma: bool = True):
    """(left, words after the opener) at each comma followed by one of the openers; with
    ``comma=False``, also where no comma comes before the opener."""
    for position, token in enumerate(body):
        if token.text == ",":
            start = position + 1
        elif not comma and position > 0:
            start = position
        else:
            continue
        for words in openers:
            end = start + len(words)
            if tuple(t.lower_.replace("’", "'") for t in body[start:end]) == words:
                yield body[:position], body[end:]


LEADING_SUBORDINATORS = SUBORDINATORS | RELATIVE_PRONOUNS | {"qu’", "lesquels", "lesquelles"}
PURPOSE = frozenset({"pour", "afin"})


def opens_subordinate(token: Token) -> bool:
    """« si », « lorsque », « quand »…; « s' » only before « il » (« s'il »), not as « se »."""
    if token.lower_ in ("s'", "s’"):
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ in ("il", "ils")
    return token.lower_ in SUBORDINATORS and token.lower_ != "comme"


def is_sentence(sentence: Span) -> bool:
    """The words make a sentence of their own: the first word opens no subordinate clause
    (« Si un vice est constaté. », « Qu'elle n'a pas été remplacée. ») nor a purpose (« Pour
    justifier des capacités… »), and a main clause is left: more conjugated verbs than words
    opening a clause (:func:`has_main_verb`), or, without any subordinator, a subject and its
    verb or a verb the tagger misread. Read mostly on the morphology: the parse of a short piece
    is no surer than that of the long sentence."""
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    if not words or words[0].lower_ in LEADING_SUBORDINATORS:
        return False
    if words[0].lower_ in PURPOSE and any("Inf" in t.morph.get("VerbForm") for t in words[1:3]):
        return False
    if has_main_verb(words):
        return True
    if any(opens_subordinate(t) for t in words):
        return False  # « …, lorsque des changements sont notifiés. »: the only verb is theirs
    tokens = [t for t in sentence if not t.is_space]
    return has_clause(tokens) or misread_verb(tokens) or any(_misread_present(t) for t in words)


def _misread_present(token: Token) -> bool:
    """A verb after a noun that the tagger read as a participle though it is a present
    (« Le dépassement du délai fait courir… »)."""
    return (
        token.i > 0
        and token.pos_ in ("VERB", "AUX")
        and token.nbor(-1).pos_ in ("NOUN", "PROPN")
        and present_singular(token.lower_)
    )


def clause_number_length(body: list[Token]) -> int:
    """How many tokens of the clause number open the sentence (« 3. 2. 2. » is six: three
    numbers, three periods); 0 without one."""
    count = 0
    while count < len(body) and (
        body[count].text.isdigit() if count % 2 == 0 else body[count].text == "."
    ):
        count += 1
    return count - count % 2
