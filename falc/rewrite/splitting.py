"""Long sentences split into short ones, on the dependency parse.

Four cuts, each only where the parse shows two complete clauses:

- at a semicolon, when both sides have a conjugated verb with its subject;
- at a coordination ("et", "mais", "puis") joining two clauses of the main verb; when the second
  verb has no subject of its own, the subject of the first is repeated ("Le titulaire remet le
  rapport et transmet la facture" → "Le titulaire remet le rapport. Le titulaire transmet la
  facture."), and so is "doit"/"peut" before two coordinated infinitives;
- at a comma before a second main clause that has its own subject;
- at ", qui" closing the sentence: the antecedent is repeated with a demonstrative ("le rapport
  mensuel, qui précise…" → "… le rapport mensuel. Ce rapport mensuel précise…").

"ou" is never cut (two sentences would turn an alternative into two obligations). The most
balanced cut is taken, the two parts are parsed again, and cutting goes on while a part is
longer than the target.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from falc.rewrite._tokens import (
    VOWEL_START,
    contiguous,
    finish,
    is_finite,
    join,
    lower_first,
    upper_first,
)
from falc.rewrite.conjugation import conjugate, known_infinitives
from falc.rewrite.enumeration import find_enumeration
from falc.rewrite.references import reference_cuts

CUT_CONJUNCTIONS = {"et": "", "mais": "Mais", "puis": "Puis", "donc": "Donc", "or": "Or"}
MODALS = frozenset({"devoir", "pouvoir"})
NE = frozenset({"ne", "n'", "n’"})
"""« ne » and its elided forms."""
RELATIVE_PRONOUNS = frozenset({"qui", "que", "qu'", "dont", "où", "lequel", "laquelle"})
MIN_PIECE_WORDS = 3
MAX_DEPTH = 4


@dataclass(frozen=True)
class Cut:
    """Two sentences made from one: text of each part, before finishing."""

    left: str
    right: str


def word_count(tokens: list[Token] | Span) -> int:
    return sum(1 for t in tokens if not t.is_punct and not t.is_space)


def _finite_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("aux", "aux:tense", "aux:pass", "cop") and is_finite(child):
            return child
    return verb if is_finite(verb) else None


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    return subjects[0] if len(subjects) == 1 else None


def _body(sentence: Span) -> list[Token]:
    """The sentence's tokens without its final punctuation."""
    tokens = list(sentence)
    while tokens and tokens[-1].is_punct and tokens[-1].text in ".!?…;:":
        tokens.pop()
    return tokens


def _in_subtree(tokens: list[Token], head: Token) -> bool:
    indexes = {t.i for t in head.subtree}
    return all(t.i in indexes for t in tokens)


def _outside_subtree(tokens: list[Token], head: Token) -> bool:
    indexes = {t.i for t in head.subtree}
    return not any(t.i in indexes for t in tokens)


def _has_clause(tokens: list[Token]) -> bool:
    """A conjugated verb whose subject is among the tokens (or an imperative)."""
    indexes = {t.i for t in tokens}
    for token in tokens:
        if token.dep_ in ("nsubj", "nsubj:pass") and token.head.i in indexes:
            if token.lower_ in RELATIVE_PRONOUNS:
                continue
            head = token.head
            if _finite_of(head) is not None:
                return True
        if "Imp" in token.morph.get("Mood"):
            return True
    return False


def _has_subject(tokens: list[Token]) -> bool:
    """A subject (not a relative pronoun) whose verb is among the tokens."""
    indexes = {t.i for t in tokens}
    return any(
        t.dep_ in ("nsubj", "nsubj:pass")
        and t.head.i in indexes
        and t.lower_ not in RELATIVE_PRONOUNS
        and t.head.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
        for t in tokens
    )


SUBORDINATORS = frozenset(
    {"si", "s'", "lorsque", "lorsqu'", "quand", "puisque", "puisqu'", "quoique", "quoiqu'", "comme"}
)


def _has_main_verb(tokens: list[Token]) -> bool:
    """More conjugated verbs than words opening a relative or subordinate clause.

    Read from the morphology alone, for when the parse is wrong: « le défaut de paiement fait
    courir des intérêts » has a main verb even where the parser makes « défaut » an object.
    « le mémoire qui est signé » has none: its only verb belongs to the relative clause.
    """
    finite = sum(1 for t in tokens if t.pos_ in ("VERB", "AUX") and is_finite(t))
    openers = sum(1 for t in tokens if t.lower_ in RELATIVE_PRONOUNS | SUBORDINATORS)
    return finite > openers


def _after_determiner(token: Token) -> bool:
    return token.i > 0 and token.nbor(-1).pos_ == "DET"


def _misread_verb(tokens: list[Token]) -> bool:
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
    return _present_singular(text)


def _present_singular(text: str) -> bool:
    """The word is the third person singular present of a verb verbecc knows (« contresigne »,
    « produit »), whatever the tagger read."""
    candidates = {text + "re", text + "tre"}
    if text.endswith("e"):
        candidates.add(text[:-1] + "er")
    if text.endswith("t"):
        candidates |= {text[:-1] + "r", text[:-1] + "re"}
    return any(conjugate(infinitive, 3, "s") == text for infinitive in candidates)


def _stands_alone(tokens: list[Token]) -> bool:
    """The tokens hold a main clause: a subject and its conjugated verb, or more conjugated verbs
    than relative or subordinate openers (:func:`_has_main_verb`), counting a verb the tagger
    misread."""
    if _has_clause(tokens) or _has_main_verb(tokens):
        return True
    openers = any(t.lower_ in RELATIVE_PRONOUNS | SUBORDINATORS for t in tokens)
    return not openers and _misread_verb(tokens)


def _clause_head(tokens: list[Token], strict: bool = True) -> Token | None:
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
    subject = _subject(head)
    if subject is None or subject.i not in indexes or subject.lower_ in RELATIVE_PRONOUNS:
        return None
    # After a semicolon the tagger sometimes reads a verb as an adjective ("le valide").
    return head if _finite_of(head) is not None or not strict else None


CLAUSE_LINKS = frozenset({"conj", "parataxis", "advcl"})
"""Relations that join two clauses of equal weight (a relative or a complement clause is not)."""


def _starts_relative(tokens: list[Token]) -> bool:
    """A relative pronoun among the first words (« au-delà duquel », « par exception à
    laquelle »: the tagger does not always mark these as relative)."""
    return any(
        t.lower_ in RELATIVE_PRONOUNS
        or t.lower_ in LEQUEL
        or t.lower_ in CONTRACTED_LEQUEL
        or "Rel" in t.morph.get("PronType")
        for t in tokens[:4]
    )


def _opens_on_participle(tokens: list[Token]) -> bool:
    """A present participle comes before any conjugated verb: the words open an absolute
    participle clause (:func:`_participle_cuts` conjugates it), not a main clause."""
    for token in tokens:
        if is_finite(token) and not _after_determiner(token):
            return False
        if (
            token.lower_.endswith("ant")
            and token.lower_ not in NOT_PARTICIPLES
            and (token.lower_ in AUXILIARY_PARTICIPLES or "Part" in token.morph.get("VerbForm"))
            and token.nbor(-1).lower_ != "en"
        ):
            return True
    return False


def _juxtaposed_cuts(body: list[Token], separators: tuple[str, ...]) -> list[Cut]:
    """Cuts at a separator between two main clauses that only share the link of their heads."""
    cuts = []
    for position, token in enumerate(body):
        if token.text not in separators:
            continue
        left, right = body[:position], body[position + 1 :]
        if not left or not right or right[0].dep_ == "cc" or _starts_relative(right):
            continue
        if token.text == ";":
            # A semicolon in French prose separates two independent clauses: each side only
            # needs its own subject and verb (or, when the parse is wrong, its own main verb).
            if (_has_subject(left) and _has_subject(right)) or (
                _has_main_verb(left) and _has_main_verb(right)
            ):
                cuts.append(Cut(join(left), join(right)))
            continue
        if not (_has_main_verb(left) and _has_main_verb(right)):
            continue  # « s'il constate que … », « la signature étant exigée »: no main clause
        if _opens_on_participle(right):
            continue  # « la signature … étant exigée …, au moyen d'un certificat dit … »
        strict = True
        left_head, right_head = _clause_head(left, strict), _clause_head(right, strict)
        if left_head is None or right_head is None:
            continue
        if any(
            "Rel" in t.morph.get("PronType") and right_head.i in (t.head.i, t.head.head.i)
            for t in right
        ):
            continue  # "…, dont le montant est déduit": a relative clause read as a main one
        if right_head.head.i == left_head.i:
            link = right_head.dep_
        elif left_head.head.i == right_head.i:
            link = left_head.dep_
        else:
            continue
        if link not in CLAUSE_LINKS and not (token.text == ";" and link != "acl:relcl"):
            continue
        cuts.append(Cut(join(left), join(right)))
    return cuts


CLAUSE_DETERMINERS = frozenset(
    {"le", "la", "les", "l'", "l’", "chaque", "ce", "cet", "cette", "ces", "son", "sa", "ses",
     "leur", "leurs", "tout", "toute", "tous", "toutes", "aucun", "aucune",
     "ledit", "ladite", "lesdits", "lesdites"}
)  # fmt: skip
MAX_SUBJECT_TOKENS = 8
AFOREMENTIONED = {"ledit": "ce", "ladite": "cette", "lesdits": "ces", "lesdites": "ces"}
AUXILIARY_PARTICIPLES = {
    "étant": "être",
    "ayant": "avoir",
    "devant": "devoir",
    "pouvant": "pouvoir",
}


def _is_participle(token: Token) -> bool:
    if "Part" in token.morph.get("VerbForm") and token.lower_.endswith("ant"):
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.lower_ in AUXILIARY_PARTICIPLES
        and following is not None
        and following.pos_ in ("VERB", "AUX", "ADJ")
    )


NOT_PARTICIPLES = frozenset(
    {"avant", "pendant", "durant", "suivant", "cependant", "maintenant", "pourtant", "moyennant",
     "nonobstant", "concernant", "devant"}
)  # fmt: skip
"""Words in -ant the tagger may read as participles but that are prepositions or adverbs."""


def _verb_of(token: Token) -> Token:
    return token.head if token.dep_.startswith("aux") else token


def _second_participle(right: list[Token], participle: Token) -> Token | None:
    """Another participle after the first, without a comma, « et » or « ou » between, when the
    parse says the first one modifies a noun of the subject and the second hangs on a verb
    outside the participle clause: the first belongs to the subject (« l'ensemble des candidats
    ayant retiré le dossier étant informé »), the second is the clause's verb. « le titulaire
    percevant une indemnité … restant à courir » keeps its first participle."""
    if _verb_of(participle).dep_ != "acl":
        return None
    inside = {t.i for t in right}
    for token in right:
        if token.i <= participle.i:
            continue
        if token.text in ",;" or token.lower_ in ("et", "ou"):
            return None
        if (
            _is_participle(token)
            and token.lower_ not in NOT_PARTICIPLES
            and token.nbor(-1).lower_ != "en"  # a gerund: « en indiquant »
        ):
            verb = _verb_of(token)
            if verb.dep_ == "acl" or verb.head.i in inside:
                return None
            return token
    return None


EACH = frozenset({"chacun", "chacune"})


def _each_cuts(body: list[Token]) -> list[Cut]:
    """« …en 7 lots, chacun faisant l'objet d'un contrat distinct » → « …en 7 lots. Chacun fait
    l'objet d'un contrat distinct. »"""
    cuts = []
    for position, comma in enumerate(body[:-2]):
        if comma.text != "," or body[position + 1].lower_ not in EACH:
            continue
        left, right = body[:position], body[position + 1 :]
        participle = right[1]
        if not _is_participle(participle) or participle.lower_ in ("étant", "ayant"):
            continue  # « chacun étant… » may be a passive or a compound tense: left as it is
        if not _stands_alone(left) or _second_participle(right, participle) is not None:
            continue
        lemma = AUXILIARY_PARTICIPLES.get(participle.lower_, participle.lemma_)
        form = conjugate(lemma, 3, "s")
        if form is None:
            continue
        rest = join(right[2:])
        cuts.append(Cut(join(left), f"{join(right[:1])} {form} {rest}".strip()))
    return cuts


def _coordinated_subject_number(right: list[Token], participle: Token) -> str | None:
    """« …, et le candidat étant invité… »: a second absolute participle clause with its own
    subject after « et »; the number of that subject, or None."""
    words = [t for t in right if t.i < participle.i][-(MAX_SUBJECT_TOKENS + 2) :]
    for position in range(len(words) - 2, -1, -1):
        if words[position].lower_ not in ("et", "ou"):
            continue
        subject = words[position + 1 :]
        if subject[0].lower_ not in CLAUSE_DETERMINERS or len(subject) < 2:
            return None
        if any(t.pos_ not in ("DET", "NOUN", "PROPN", "ADJ", "ADP") for t in subject):
            return None
        if subject[0].lower_ in ("les", "ces", "ses", "leurs", "tous", "toutes"):
            return "p"
        return "p" if "Plur" in subject[1].morph.get("Number") else "s"
    return None


def _participle_cuts(body: list[Token]) -> list[Cut]:
    """ ", le titulaire étant tenu de…" → ". Le titulaire est tenu de…"; ", chaque bon précisant…"
    → ". Chaque bon précise…": an absolute participle clause with its own subject, read on the
    words (a determiner, a noun, a few modifiers, then a present participle) because the parser
    often attaches such clauses anywhere."""
    cuts = []
    for position, comma in enumerate(body):
        if comma.text != "," or position + 3 >= len(body):
            continue
        left, right = body[:position], body[position + 1 :]
        if right[0].lower_ not in CLAUSE_DETERMINERS or right[1].pos_ not in (
            "NOUN",
            "PROPN",
            "ADJ",
            "VERB",
        ):
            continue  # ADJ: the tagger reads "chaque bon précisant…" with "bon" as an adjective
        if right[1].pos_ == "VERB" and right[0].pos_ != "DET":
            continue  # VERB: "l'offre étant rejetée", after a determiner "offre" is a noun
        noun = right[1]
        participle = None
        for token in right[2 : 2 + MAX_SUBJECT_TOKENS]:
            if token.is_punct or (is_finite(token) and not _after_determiner(token)):
                break  # "dans son offre ayant…": after a determiner, "offre" is a noun
            if "Part" in token.morph.get("VerbForm") and token.lower_.endswith("ant"):
                participle = token
                break
            following = token.nbor(1) if token.i + 1 < len(token.doc) else None
            if (
                token.lower_ in AUXILIARY_PARTICIPLES
                and following is not None
                and following.pos_ in ("VERB", "AUX", "ADJ")
            ):
                participle = token  # "devant être signalée": the tagger often reads a preposition
                break
        if participle is None or not _stands_alone(left):
            continue
        while (following := _second_participle(right, participle)) is not None:
            participle = following  # the first one belongs to the subject
        number = "p" if "Plur" in noun.morph.get("Number") else "s"
        if right[0].lower_ in (
            "les",
            "ces",
            "ses",
            "leurs",
            "tous",
            "toutes",
            "lesdits",
            "lesdites",
        ):
            number = "p"
        lemma = AUXILIARY_PARTICIPLES.get(participle.lower_, participle.lemma_)
        form = conjugate(lemma, 3, number)
        if form is None:
            continue
        forms = {participle.i: form}
        for t in right:  # « chaque bon précisant la quantité et indiquant le lieu »
            if t.i <= participle.i or not _is_participle(t):
                continue
            before = t.nbor(-1).lower_
            if before in NE:
                before = t.nbor(-2).lower_  # « et ne pouvant porter que sur… »
            if before in ("et", "ou"):
                other = AUXILIARY_PARTICIPLES.get(t.lower_, t.lemma_)
                forms[t.i] = conjugate(other, 3, number) or ""
            elif (own := _coordinated_subject_number(right, t)) is not None:
                other = AUXILIARY_PARTICIPLES.get(t.lower_, t.lemma_)
                forms[t.i] = conjugate(other, 3, own) or ""  # « , et le candidat étant invité »
        if not all(forms.values()):
            continue
        pieces = []
        for t in right:
            if t.i in forms:
                pieces.append(forms[t.i] + t.whitespace_)
            elif (
                t.i + 1 in forms
                and t.lower_ in ("n'", "n’")
                and not VOWEL_START.match(forms[t.i + 1])
            ):
                pieces.append("ne ")  # "n'étant" → "ne sont"
            elif t.i == right[0].i and t.lower_ in AFOREMENTIONED:
                plain = AFOREMENTIONED[t.lower_]
                if plain == "ce" and VOWEL_START.match(noun.text):
                    plain = "cet"
                pieces.append(plain + t.whitespace_)  # "lesdits prix" → "ces prix"
            else:
                pieces.append(t.text_with_ws)
        cuts.append(Cut(join(left), "".join(pieces).strip()))
    return cuts


def _stray_items(right: list[Token], verb: Token) -> bool:
    """Every word of ``right`` outside the verb's subtree is a comma or a noun after a comma:
    the items of an enumeration the parser hung on the first verb (« …et mentionnent le numéro,
    la désignation, les quantités »), not a complement shared by both verbs."""
    indexes = {t.i for t in verb.subtree}
    if right[0].i != verb.i:
        return False
    seen_comma = False
    for token in right:
        if token.text == ",":
            seen_comma = True
        if token.i in indexes or token.head.i in {t.i for t in right}:
            continue
        if token.text != "," and not (token.pos_ in ("NOUN", "PROPN") and seen_comma):
            return False
    return True


def _coordination_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    root = sentence.root
    cuts = []
    for position, cc in enumerate(body):
        if cc.dep_ != "cc" or cc.lower_ not in CUT_CONJUNCTIONS:
            continue
        second = cc.head
        if second.dep_ != "conj" or second.pos_ not in ("VERB", "AUX"):
            continue
        first = second.head
        right = body[position + 1 :]
        left = body[:position]
        if left and left[-1].text == ",":
            left = left[:-1]
        if not _outside_subtree(left, second):
            continue
        if not _in_subtree(right, second) and not _stray_items(right, second):
            continue
        prefix = ""
        own_subject = _subject(second)
        if own_subject is not None:
            if own_subject.lower_ in RELATIVE_PRONOUNS or _finite_of(second) is None:
                continue
        elif first.i == root.i and _finite_of(second) is not None:
            subject = _subject(root)
            if subject is None or subject.lower_ in RELATIVE_PRONOUNS or not contiguous(subject):
                continue
            if subject.left_edge.i != body[0].i:
                continue  # "Lorsque X, il informe… et propose…": the condition covers both verbs
            prefix = join(subject.subtree)
        elif (
            first.dep_ == "xcomp"
            and first.head.i == root.i
            and root.lemma_ in MODALS
            and "Inf" in second.morph.get("VerbForm")
            and is_finite(root)
        ):
            subject = _subject(root)
            if subject is None or subject.lower_ in RELATIVE_PRONOUNS or not contiguous(subject):
                continue
            if any(c.lower_ in NE | {"pas"} for c in root.children):
                continue
            if subject.left_edge.i != body[0].i:
                continue
            prefix = f"{join(subject.subtree)} {root.text}"
        else:
            continue
        if first.i != root.i and not (first.dep_ == "xcomp" and first.head.i == root.i):
            continue
        lead = CUT_CONJUNCTIONS[cc.lower_]
        right_text = join(right)
        if prefix:
            right_text = f"{prefix} {right_text}"
        elif not lead:
            right_text = right_text
        if lead:
            right_text = f"{lead}, {lower_first(right_text, right[0] if not prefix else None)}"
            right_text = right_text.replace(f"{lead}, ", f"{lead} ", 1)
        cuts.append(Cut(join(left), right_text))
    return cuts


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


def _taken_up(found: tuple[Token, list[Token]] | None) -> str | None:
    """An antecedent (noun, adjectives) said again with a demonstrative: « Ce livreur »,
    « Cette formule »; None without an antecedent or when its gender is unknown."""
    if found is None:
        return None
    noun, adjectives = found
    determiner = demonstrative(noun)
    if determiner is None:
        return None
    return f"{determiner} {join([noun, *adjectives]).lower()}"


def _in_locution(noun: Token) -> bool:
    """The noun belongs to a locution (« au cours de », « en cas de », « à compter de »): it
    cannot be the antecedent of a relative pronoun."""
    if noun.dep_ == "fixed" or noun.i == 0 or noun.i + 1 >= len(noun.doc):
        return noun.dep_ == "fixed"
    before, after = noun.nbor(-1).lower_, noun.nbor(1).lower_
    return before in ("au", "en", "à") and after in ("de", "du", "des", "d'", "d’")


LEQUEL = {
    "lequel": ("Masc", "Sing"),
    "laquelle": ("Fem", "Sing"),
    "lesquels": ("Masc", "Plur"),
    "lesquelles": ("Fem", "Plur"),
}


def _antecedent(left: list[Token], pronoun: Token) -> tuple[Token, list[Token]] | None:
    """The noun a relative pronoun after a comma points to, with the adjectives that follow it."""
    if pronoun.lower_ in LEQUEL:
        gender, number = LEQUEL[pronoun.lower_]
        for cursor in range(len(left) - 1, -1, -1):
            noun = left[cursor]
            morph = noun.morph
            if (
                noun.pos_ == "NOUN"
                and not _in_locution(noun)
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


def _relative_cuts(body: list[Token]) -> list[Cut]:
    cuts = []
    for position, pronoun in enumerate(body):
        if pronoun.lower_ not in ("qui", *LEQUEL) or position < 2:
            continue
        if body[position - 1].text != ",":
            continue
        right = body[position + 1 :]
        left = body[: position - 1]
        if not right or not _has_clause(left):
            continue
        if pronoun.lower_ == "qui":
            verb = pronoun.head
            if pronoun.dep_ not in ("nsubj", "nsubj:pass"):
                continue
            misread = (
                verb.i == pronoun.i + 1
                and verb.pos_ in ("ADJ", "NOUN")
                and _present_singular(verb.lower_)
            )
            if _finite_of(verb) is None and not misread:
                continue  # « du livreur, qui contresigne… »: the tagger read an adjective
            if not _outside_subtree(left, verb):
                continue
            if not _in_subtree(right, verb) and any(t.text in ",;" for t in right):
                continue  # without a comma, the relative clause runs to the end
        elif not any(is_finite(t) for t in right) or any(t.text == "," for t in right[:1]):
            continue
        antecedent = _taken_up(_antecedent(left, pronoun))
        if antecedent is None:
            continue
        cuts.append(Cut(join(left), f"{antecedent} {join(right)}"))
    return cuts


def _also_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """ "Le titulaire communique A, ainsi que B." → "Le titulaire communique A. Le titulaire
    communique aussi B." (B coordinated with the object of the main verb). With an auxiliary,
    a modal or « faire », « aussi » follows the conjugated verb: « Le titulaire a aussi
    transmis B », « Le dépassement du délai fait aussi courir une indemnité »."""
    root = sentence.root
    subject = _subject(root)
    if (
        subject is None
        or root.pos_ != "VERB"
        or subject.lower_ in RELATIVE_PRONOUNS
        or not contiguous(subject)
        or subject.right_edge.i >= root.i
        or subject.left_edge.i != body[0].i
        or any(c.dep_ == "aux:pass" or c.lower_ in NE for c in root.children)
    ):
        return []
    between = [t for t in body if subject.right_edge.i < t.i < root.i]
    clitics = [t for t in between if t.pos_ == "PRON"]
    verbs = [t for t in between if t.pos_ != "PRON"]
    if any(t.pos_ not in ("AUX", "VERB") for t in verbs) or between != [*clitics, *verbs]:
        return []  # clitics, then the verb group: « le lui a transmis », « fait courir »
    group = [*verbs, root]
    carrier = root  # the verb whose object « ainsi que » extends
    following = [c for c in root.children if c.dep_ == "xcomp" and c.i == root.i + 1]
    if root.lemma_ in MODALS and following and "Inf" in following[0].morph.get("VerbForm"):
        carrier = following[0]  # « doit fournir A, ainsi que B »
        group.append(carrier)
    causative = group[0].lower_ == "fait" and len(group) > 1  # the tagger reads a participle
    if not (is_finite(group[0]) or causative) or any(is_finite(t) for t in group[1:]):
        return []
    cuts = []
    for position in range(1, len(body) - 2):
        comma, ainsi, que = body[position - 1], body[position], body[position + 1]
        if comma.text != "," or ainsi.lower_ != "ainsi" or que.lower_ not in ("que", "qu'"):
            continue
        left, right = body[: position - 1], body[position + 2 :]
        heads = [t for t in right if t.head.i not in {r.i for r in right} or t.head.i == t.i]
        if len(heads) != 1 or heads[0].dep_ != "conj" or heads[0].pos_ not in ("NOUN", "PROPN"):
            continue
        target = heads[0].head
        objects = [c for c in carrier.children if c.dep_ == "obj"]
        in_object = any(target.i in {t.i for t in o.subtree} for o in objects)
        if not objects or not (target.i == carrier.i or in_object):
            continue  # after a comma, "ainsi que" joins the object, wherever the parser hung it
        verb_group = join([*clitics, group[0]]) + " aussi"
        if group[1:]:
            verb_group += " " + join(group[1:])
        prefix = f"{join(subject.subtree)} {verb_group}"
        cuts.append(Cut(join(left), f"{prefix} {join(right)}"))
    return cuts


CONNECTORS: dict[tuple[str, ...], str] = {
    ("faute", "de", "quoi"): "Sinon,",
    ("à", "défaut", "de", "quoi"): "Sinon,",
    ("auquel", "cas"): "Dans ce cas,",
    ("de", "sorte", "que"): "Ainsi,",
    ("si", "bien", "que"): "Ainsi,",
    ("car",): "En effet,",
}
"""Connectors after a comma that start a new sentence with the same meaning."""


def _connector_cuts(body: list[Token]) -> list[Cut]:
    """ ", faute de quoi le bon est réputé accepté" → ". Sinon, le bon est réputé accepté"."""
    cuts = []
    for position, comma in enumerate(body):
        if comma.text != ",":
            continue
        for words, lead in CONNECTORS.items():
            end = position + 1 + len(words)
            if tuple(t.lower_ for t in body[position + 1 : end]) != words:
                continue
            left, right = body[:position], body[end:]
            if right and _has_clause(left) and _has_subject(right):
                cuts.append(Cut(join(left), f"{lead} {lower_first(join(right), right[0])}"))
    return cuts


def _reference_cuts(body: list[Token]) -> list[Cut]:
    """ "Selon l'article X, vous fournissez…" → "Vous fournissez… C'est ce que prévoit
    l'article X." (:mod:`falc.rewrite.references`)."""
    cuts = []
    for before, after, sentence in reference_cuts(body):
        rest = [*before, *after]
        if not rest or not _stands_alone(rest) or (after and after[0].dep_ == "cc"):
            continue
        # A comma stays after words in front of the clause (« Dans un délai de 8 jours, le
        # titulaire… »), never inside the clause (« L'acheteur peut néanmoins autoriser… »).
        fronted = not any(t.pos_ in ("VERB", "AUX") and is_finite(t) for t in before)
        glue = ", " if fronted and after[:1] and after[0].pos_ != "ADP" else " "
        text = glue.join(join(part) for part in (before, after) if part)
        cuts.append(Cut(text, sentence))
    return cuts


# Clauses that lean on the main one: each becomes a sentence of its own, said plainly.

NEGATIVE_WORDS = frozenset(
    {"pas", "plus", "jamais", "rien", "aucun", "aucune", "personne", "ni", "nul", "nulle",
     "guère", "point", "nullement"}
)  # fmt: skip
CLITICS = frozenset(
    {"se", "s'", "le", "la", "les", "l'", "lui", "leur", "en", "y", "me", "m'", "te", "t'",
     "nous", "vous"}
)  # fmt: skip
PRONOUN_PERSONS: dict[str, tuple[int, str]] = {
    "vous": (2, "p"),
    "il": (3, "s"),
    "elle": (3, "s"),
    "on": (3, "s"),
    "cela": (3, "s"),
    "ils": (3, "p"),
    "elles": (3, "p"),
}
"""Subject pronouns whose person the rewrite can conjugate (« je », « nous »… never occur)."""
THIRD_PERSON_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})


@dataclass(frozen=True)
class _Clause:
    """A subordinate clause read as subject, clitics, one finite verb, and the rest."""

    subject: list[Token]
    clitics: list[Token]
    verb: Token
    rest: list[Token]
    person: int
    number: str
    negated: bool = False


def _person(subject: list[Token]) -> tuple[int, str] | None:
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


def _read_clause(tokens: list[Token], *, negation: bool = False) -> _Clause | None:
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
    found = _person(subject)
    if found is None:
        return None
    person, number = found
    if verb.morph.get("Number") and verb.morph.get("Number") != [
        "Plur" if number == "p" else "Sing"
    ]:
        return None  # the verb does not agree with what was read as its subject
    if negated and not any(t.lower_ in NE for t in tokens[start:position]):
        return None  # the « ne » is not just before the verb
    return _Clause(subject, clitics, verb, tokens[position + 1 :], person, number, negated)


def _words(*parts: str) -> str:
    """The parts joined by spaces, none after an elided word (« s' » + « appuyer »)."""
    text = ""
    for part in (p for p in parts if p):
        text += part if not text or text.endswith(("'", "’")) else f" {part}"
    return text


def _elide(word: str, following: str) -> str:
    """« ne » or « de » before the next word: « n'a », « ne peut »."""
    return f"{word[0]}'" if VOWEL_START.match(following) else f"{word} "


def _negative_sentence(clause: _Clause) -> str | None:
    """The clause in the indicative with « ne … pas »: « sa durée totale puisse excéder 36 mois »
    → « sa durée totale ne peut pas excéder 36 mois »."""
    form = conjugate(clause.verb.lemma_, clause.person, clause.number)  # type: ignore[arg-type]
    if form is None:
        return None
    clitics = join(clause.clitics)
    after_ne = _words(clitics, form)
    text = f"{join(clause.subject)} {_elide('ne', after_ne)}{after_ne} pas"
    return f"{text} {join(clause.rest)}".strip()


def _comma_openers(body: list[Token], openers: tuple[tuple[str, ...], ...], comma: bool = True):
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


WITHOUT_VERBS = frozenset({"pouvoir", "être", "devoir"})
"""« sans que X puisse… », « sans que X soit limité »: a limit said as a fact. With another verb
(« sans que l'acheteur s'y oppose ») the clause is a condition: « L'acheteur ne s'y oppose pas »
would state it as a fact."""


def _without_cuts(body: list[Token]) -> list[Cut]:
    """« …, sans que sa durée totale puisse excéder 36 mois » → « … . Sa durée totale ne peut
    pas excéder 36 mois. » (the clause ends the sentence and holds no negation of its own)."""
    cuts = []
    for left, right in _comma_openers(body, (("sans", "que"), ("sans", "qu'")), comma=False):
        if not _stands_alone(left):
            continue
        clause = _read_clause(right)
        if clause is None or not (
            clause.verb.lemma_ in WITHOUT_VERBS or clause.subject[0].lower_ in ("cela", "ceci")
        ):
            continue  # « sans que l'acheteur s'y oppose » is a condition, not a fact
        sentence = _negative_sentence(clause)
        if sentence is not None:
            cuts.append(Cut(join(left), sentence))
    return cuts


CONDITION_OPENERS = (
    ("à", "condition", "de"),
    ("à", "condition", "d'"),
    ("sous", "réserve", "de"),
    ("sous", "réserve", "d'"),
)
CONDITION_CLAUSE_OPENERS = (
    ("à", "condition", "que"),
    ("à", "condition", "qu'"),
    ("sous", "réserve", "que"),
    ("sous", "réserve", "qu'"),
)


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
    subject = _subject(root)
    for left, right in _comma_openers(body, CONDITION_OPENERS):
        if not right or not _stands_alone(left) or subject is None:
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
        found = _person(subject_tokens)
        if found is None:
            continue
        text = lower_first(join(subject_tokens), subject_tokens[0])
        obligation = _obligation(text, *found, join(right))
        if obligation is not None:
            cuts.append(Cut(join(left), obligation))
    for left, right in _comma_openers(body, CONDITION_CLAUSE_OPENERS):
        if not _stands_alone(left):
            continue
        clause = _read_clause(right)
        if clause is None or clause.subject[0].lower_ in THIRD_PERSON_PRONOUNS:
            continue
        infinitive = clause.verb.lemma_
        if infinitive not in known_infinitives():
            continue
        rest = _words(join(clause.clitics), infinitive, join(clause.rest))
        text = lower_first(join(clause.subject), clause.subject[0])
        obligation = _obligation(text, clause.person, clause.number, rest)
        if obligation is not None:
            cuts.append(Cut(join(left), obligation))
    return cuts


WHEN = frozenset({"lorsque", "lorsqu'", "lorsqu’", "quand"})
IF = frozenset({"si"})


def _eventuality(clause: _Clause) -> str | None:
    """The clause as an eventuality, its verb in the subjunctive: « le titulaire ne peut pas
    livrer » → « Il se peut que le titulaire ne puisse pas livrer »."""
    form = conjugate(clause.verb.lemma_, clause.person, clause.number, "présent", "subjonctif")  # type: ignore[arg-type]
    if form is None:
        return None
    verb = _words(join(clause.clitics), form)
    if clause.negated:
        verb = f"{_elide('ne', verb)}{verb}"
    subject = lower_first(join(clause.subject), clause.subject[0])
    que = "qu'" if VOWEL_START.match(subject) else "que "
    return _words(f"Il se peut {que}{subject}", verb, join(clause.rest))


def _possibility(clause: _Clause) -> str | None:
    """The clause as a possibility: « le candidat s'appuie sur… » → « le candidat peut s'appuyer
    sur… », « le marché est résilié » → « le marché peut être résilié »."""
    infinitive = clause.verb.lemma_
    if infinitive in MODALS or infinitive not in known_infinitives():
        return None
    can = conjugate("pouvoir", clause.person, clause.number)  # type: ignore[arg-type]
    if can is None:
        return None
    return _words(join(clause.subject), can, join(clause.clitics), infinitive, join(clause.rest))


def _when_cuts(body: list[Token]) -> list[Cut]:
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
        if not condition or not main or not _has_clause(condition):
            return []
        subjects = [t for t in condition if t.dep_ in ("nsubj", "nsubj:pass")]
        if any(t.lower_ in THIRD_PERSON_PRONOUNS | RELATIVE_PRONOUNS for t in subjects):
            return []
        if _clause_head(main) is None:
            return []
        rest = lower_first(join(main), main[0])
        clause = _read_clause(condition, negation=True)
        if clause is None or clause.subject[0].lower_ in THIRD_PERSON_PRONOUNS:
            return []
        possible = None if clause.negated else _possibility(clause)
        possible = possible or _eventuality(clause)
        if possible is None:
            return []
        return [Cut(possible, f"Dans ce cas, {rest}")]
    return []


IN_CASE = (("en", "cas", "de"), ("en", "cas", "d'"), ("en", "cas", "d’"))


def _in_case_cuts(body: list[Token]) -> list[Cut]:
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
    if not main or _clause_head(main) is None:
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


EXAMPLE_OPENERS = (("notamment",), ("par", "exemple"), ("en", "particulier"))
NOUN_DETERMINERS = frozenset({"le", "la", "les", "l'", "l’", "un", "une", "des"})


def _example_cuts(body: list[Token]) -> list[Cut]:
    """« …comprend les renseignements mentionnés à l'article R. 2193-1, notamment la nature et
    le montant des prestations. » → « … Ce sont par exemple la nature et le montant des
    prestations. »: examples (a noun phrase without a verb) closing a sentence whose last words
    are a noun phrase."""
    cuts = []
    for left, right in _comma_openers(body, EXAMPLE_OPENERS):
        if len(right) < 2 or right[0].lower_ not in NOUN_DETERMINERS:
            continue
        if any(t.text in ",;" for t in right):
            continue  # « notamment des véhicules, et l'agrément sanitaire »: where do they end?
        if not left or left[-1].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            continue
        if any(t.pos_ in ("VERB", "AUX") and is_finite(t) for t in right) or not _stands_alone(
            left
        ):
            continue
        plural = right[0].lower_ in ("les", "des") or any(t.lower_ == "et" for t in right)
        lead = "Ce sont" if plural else "C'est"
        cuts.append(Cut(join(left), f"{lead} par exemple {join(right)}"))
    return cuts


PREJUDICE_NOUNS = frozenset(
    {"possibilité", "faculté", "droit", "droits", "application", "disposition", "dispositions",
     "recours", "action", "actions", "sanction", "sanctions", "pénalité", "pénalités",
     "obligation", "obligations", "responsabilité", "garantie", "garanties", "stipulations"}
)  # fmt: skip
"""What « sans préjudice de » keeps in force and « Cela ne remet pas en cause » can say: a right,
a rule, a remedy (« sans préjudice des vices cachés » means the remedies for them)."""
PREJUDICE_ARTICLES = {"du": "le", "des": "les", "de": "", "d'": "", "d’": ""}


def _prejudice_cuts(body: list[Token]) -> list[Cut]:
    """« …, sans préjudice de la possibilité pour l'acheteur de résilier le marché. » → « …
    Cela ne remet pas en cause la possibilité pour l'acheteur de résilier le marché. »"""
    cuts = []
    for left, right in _comma_openers(body, (("sans", "préjudice"),)):
        if len(right) < 3 or right[0].lower_ not in PREJUDICE_ARTICLES:
            continue
        if any(t.text in ",;" or (t.pos_ in ("VERB", "AUX") and is_finite(t)) for t in right):
            continue
        if not _stands_alone(left):
            continue
        article = PREJUDICE_ARTICLES[right[0].lower_]
        if not article and right[1].lower_ not in NOUN_DETERMINERS:
            continue
        noun = next((t for t in right[1:] if t.pos_ == "NOUN"), None)
        if noun is None or noun.lower_ not in PREJUDICE_NOUNS:
            continue  # « sans préjudice des vices cachés »: the defects are not « remis en cause »
        phrase = " ".join(part for part in (article, join(right[1:])) if part)
        cuts.append(Cut(join(left), f"Cela ne remet pas en cause {phrase}"))
    return cuts


CONTRACTED_LEQUEL = {
    "auquel": ("à", "lequel"),
    "auxquels": ("à", "lesquels"),
    "auxquelles": ("à", "lesquelles"),
    "duquel": ("de", "lequel"),
    "desquels": ("de", "lesquels"),
    "desquelles": ("de", "lesquelles"),
}
MAX_PREPOSITION_WORDS = 3


def _prepositional_relative_cuts(body: list[Token]) -> list[Cut]:
    """« …selon la formule prévue à l'article 14.1, par exception à laquelle aucune exonération
    n'est appliquée » → « … Par exception à cette formule, aucune exonération n'est appliquée. »
    (« dans lequel », « auprès duquel »…): the antecedent is repeated with a demonstrative, and
    the relative clause must have its subject before its verb."""
    cuts = []
    for position, comma in enumerate(body):
        if comma.text != ",":
            continue
        left, right = body[:position], body[position + 1 :]
        pronoun_at = next(
            (
                k
                for k, t in enumerate(right[: MAX_PREPOSITION_WORDS + 1])
                if t.lower_ in LEQUEL or t.lower_ in CONTRACTED_LEQUEL
            ),
            None,
        )
        if pronoun_at is None or not left:
            continue
        pronoun, lead, rest = right[pronoun_at], right[:pronoun_at], right[pronoun_at + 1 :]
        preposition, form = CONTRACTED_LEQUEL.get(pronoun.lower_, ("", pronoun.lower_))
        if not lead and not preposition:
            continue  # « , lequel ne saurait… »: the subject relative, cut elsewhere
        if any(t.pos_ not in ("ADP", "NOUN", "ADV", "DET") for t in lead):
            continue
        if not rest or rest[0].pos_ not in ("DET", "NOUN", "PROPN", "PRON"):
            continue  # « auprès duquel peuvent être introduits… »: the subject comes last
        if rest[0].lower_ in RELATIVE_PRONOUNS or not _has_clause(rest):
            continue
        if not _stands_alone(left):
            continue
        antecedent = _taken_up(
            _antecedent_like(left, form)
            if pronoun.lower_ in CONTRACTED_LEQUEL
            else _antecedent(left, pronoun)
        )
        if antecedent is None:
            continue
        words = [join(lead), preposition, antecedent.lower()]
        phrase = " ".join(w for w in words if w)
        cuts.append(Cut(join(left), f"{upper_first(phrase)}, {join(rest)}"))
    return cuts


def _antecedent_like(left: list[Token], form: str) -> tuple[Token, list[Token]] | None:
    """The antecedent of a contracted pronoun (« duquel »), found as its « lequel » form."""
    gender, number = LEQUEL[form]
    for cursor in range(len(left) - 1, -1, -1):
        noun = left[cursor]
        if (
            noun.pos_ == "NOUN"
            and not _in_locution(noun)
            and gender in noun.morph.get("Gender")
            and number in noun.morph.get("Number")
        ):
            return noun, []
    return None


OBJECT_PRONOUNS = {("Masc", "Sing"): "le", ("Fem", "Sing"): "la"}


def _aside_object(tail: list[Token], verbs: list[Token]) -> Token | None:
    """The head noun of the object that closes the sentence after the aside: a determiner and a
    noun, no verb of its own, read as the verb's object (or, where the parser lost its way, as
    an unlabelled dependent of the verb group, or as the subject of a participle after it that
    the parser took for the sentence's root)."""
    if len(tail) < 2 or tail[0].lower_ not in NOUN_DETERMINERS:
        return None
    if any(t.text in ",;" or is_finite(t) for t in tail):
        return None
    noun = tail[2] if tail[1].pos_ == "ADJ" and len(tail) > 2 else tail[1]  # « un nouveau BPU »
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    group = {t.i for t in verbs}
    if noun.dep_ == "obj" and noun.head.i == verbs[-1].i:
        return noun
    if noun.dep_ == "dep" and noun.head.i in group:
        return noun  # « est tenu de remplacer, à ses frais, les produits »
    glitch = noun.dep_ in ("nsubj", "nsubj:pass") and "Part" in noun.head.morph.get("VerbForm")
    return noun if glitch and noun.head.i in {t.i for t in tail} else None


VERB_GROUP_MARKS = frozenset({"de", "d'", "d’", "à"})


def _aside_cuts(body: list[Token]) -> list[Cut]:
    """A circumstance set between commas before the object moves to a sentence of its own, the
    object taken up by « le », « la » or « les »:

    - « Le titulaire transmet à l'acheteur, au plus tard un mois avant la révision, une
      proposition de prix. » → « Le titulaire transmet à l'acheteur une proposition de prix. Le
      titulaire la transmet au plus tard un mois avant la révision. »
    - « L'acheteur peut, en cas de circonstances particulières, demander une livraison
      supplémentaire. » → « L'acheteur peut demander une livraison supplémentaire. L'acheteur
      peut la demander en cas de circonstances particulières. »

    Only for an active verb group right after its subject (« transmet », « est tenu de
    remplacer », « peut … demander »), without negation, whose direct object closes the
    sentence."""
    for token in body:
        subject = _subject(token) if token.pos_ in ("VERB", "AUX") else None
        if subject is None or subject.right_edge.i >= token.i:
            continue
        if (
            subject.lower_ in RELATIVE_PRONOUNS | THIRD_PERSON_PRONOUNS
            or not contiguous(subject)
            or subject.left_edge.i < body[0].i
        ):
            return []
        commas = [k for k, t in enumerate(body) if t.text == "," and t.i > subject.right_edge.i]
        if len(commas) != 2:
            return []
        first, second = commas
        between = [t for t in body if subject.right_edge.i < t.i < body[first].i]
        group: list[Token] = []
        for t in between:  # the verb group, then its complements (« transmet | à l'acheteur »)
            if t.pos_ not in ("VERB", "AUX") and t.lower_ not in VERB_GROUP_MARKS:
                break
            group.append(t)
        while group and group[-1].lower_ in VERB_GROUP_MARKS:
            group.pop()  # « transmet à l'acheteur »: « à » opens a complement
        complements = between[len(group) :]
        aside, tail = body[first + 1 : second], body[second + 1 :]
        if not group or not is_finite(group[0]) or group[-1].pos_ not in ("VERB", "AUX"):
            return []
        if any(is_finite(t) for t in complements):
            return []
        if not tail or any(c.lower_ in NE for t in group for c in t.children):
            return []
        verbs = list(group)
        moved: list[Token] = []
        if (
            not complements
            and group[-1].lemma_ in MODALS
            and "Inf" in tail[0].morph.get("VerbForm")
        ):
            moved, tail = [tail[0]], tail[1:]  # « peut, en cas de…, demander une livraison »
            verbs.append(moved[0])
        if not aside or aside[0].pos_ not in ("ADP", "ADV"):
            return []
        if any(is_finite(t) or t.lower_ in RELATIVE_PRONOUNS for t in aside):
            return []
        inside, anchors = {t.i for t in aside}, {t.i for t in verbs}
        if any(t.head.i not in inside and t.head.i not in anchors for t in aside):
            return []  # every part of the aside hangs on the verb group
        obj = _aside_object(tail, verbs)
        if obj is None or any(c.dep_ == "conj" for c in obj.children):
            return []  # « la liste des ingrédients et la présence des allergènes »: not « la »
        gender, number = obj.morph.get("Gender")[:1], obj.morph.get("Number")[:1]
        pronoun = "les" if number == ["Plur"] else OBJECT_PRONOUNS.get((*gender, *number))
        if pronoun is None:
            return []
        carrier = verbs[-1]
        elided = pronoun != "les" and VOWEL_START.match(carrier.text)
        pronoun_text = "l'" if elided else f"{pronoun} "
        before = [t for t in body if t.i < body[first].i]
        lead = upper_first(join([*subject.subtree, *verbs[:-1]]))
        right = f"{lead} {pronoun_text}{carrier.text} {join(aside)}"
        return [Cut(f"{join(before)} {join([*moved, *tail])}", right)]
    return []


TRAILING_PREPOSITIONS = frozenset(
    {"en", "dans", "à", "au", "aux", "avant", "après", "pendant", "lors", "pour", "dès", "sur"}
)
"""Words that open a circumstance of time, place or manner (« en présence du livreur », « dans
un délai de 8 jours »); « selon », « sauf », « sans »… say something else and stay."""


def _subject_again(subject: Token) -> str | None:
    """The subject said again: as it is when short (« Le titulaire »), else its noun with a
    demonstrative (« Les opérations de vérification quantitative » → « Ces opérations »)."""
    tokens = list(subject.subtree)
    if len(tokens) <= 3:
        return upper_first(join(tokens))
    if subject.pos_ != "NOUN":
        return None
    determiner = demonstrative(subject)
    return f"{determiner} {subject.text}" if determiner else None


def _trailing_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A circumstance after the last comma becomes a sentence of its own, with the subject and
    the verb said again: « Les opérations sont effectuées par l'agent désigné, en présence du
    livreur. » → « Les opérations sont effectuées par l'agent désigné. Ces opérations sont
    effectuées en présence du livreur. » An object is taken up by « le », « la » or « les »."""
    root = sentence.root
    subject = _subject(root)
    commas = [k for k, t in enumerate(body) if t.text == ","]
    if subject is None or not commas or root.pos_ != "VERB":
        return []
    if (
        subject.lower_ in RELATIVE_PRONOUNS | THIRD_PERSON_PRONOUNS
        or not contiguous(subject)
        or subject.right_edge.i >= root.i
        or any(c.dep_ == "xcomp" or c.lower_ in NE for c in root.children)
    ):
        return []
    auxiliaries = [c for c in root.children if c.dep_.startswith("aux") and c.i < root.i]
    between = [t for t in body if subject.right_edge.i < t.i < root.i]
    if between != auxiliaries or not (is_finite(root) or auxiliaries):
        return []  # « sont effectuées »: only auxiliaries between the subject and the verb
    last = commas[-1]
    left, circumstance = body[:last], body[last + 1 :]
    if len(circumstance) < 3 or circumstance[0].lower_ not in TRAILING_PREPOSITIONS:
        return []
    if any(is_finite(t) or t.lower_ in RELATIVE_PRONOUNS or t.text in ";:" for t in circumstance):
        return []
    if any(
        t.lower_ in ("et", "ou") and t.i + 1 < len(t.doc) and t.nbor(1).pos_ == "ADP"
        for t in circumstance
    ):
        return []  # « …, au transport et à la livraison »: the end of a list, not a circumstance
    inside = {t.i for t in circumstance}
    heads = [t for t in circumstance if t.head.i not in inside]
    if any(t.head.i != root.i or not t.dep_.startswith(("obl", "advmod")) for t in heads):
        return []  # the circumstance hangs on the main verb, not on a noun of the sentence
    if root.i > left[-1].i or not _stands_alone(left):
        return []
    lead = _subject_again(subject)
    if lead is None:
        return []
    verb = join([*auxiliaries, root])
    objects = [c for c in root.children if c.dep_ == "obj"]
    if objects:
        obj = objects[0]
        gender, number = obj.morph.get("Gender")[:1], obj.morph.get("Number")[:1]
        pronoun = "les" if number == ["Plur"] else OBJECT_PRONOUNS.get((*gender, *number))
        if len(objects) > 1 or pronoun is None or any(c.dep_ == "conj" for c in obj.children):
            return []
        elided = pronoun != "les" and VOWEL_START.match(verb)
        verb = f"l'{verb}" if elided else f"{pronoun} {verb}"
    return [Cut(join(left), f"{lead} {verb} {join(circumstance)}")]


def sentence_cuts(sentence: Span) -> list[Cut]:
    """Every safe cut of the sentence, each giving two parts of at least three words."""
    body = _body(sentence)
    cuts = (
        _juxtaposed_cuts(body, (";", ","))
        + _participle_cuts(body)
        + _each_cuts(body)
        + _also_cuts(sentence, body)
        + _connector_cuts(body)
        + _coordination_cuts(sentence, body)
        + _relative_cuts(body)
        + _reference_cuts(body)
        + _without_cuts(body)
        + _condition_cuts(sentence, body)
        + _when_cuts(body)
        + _in_case_cuts(body)
        + _example_cuts(body)
        + _prejudice_cuts(body)
        + _prepositional_relative_cuts(body)
        + _aside_cuts(body)
        + _trailing_cuts(sentence, body)
    )
    return [
        cut
        for cut in cuts
        if len(cut.left.split()) >= MIN_PIECE_WORDS and len(cut.right.split()) >= MIN_PIECE_WORDS
    ]


def split_sentence(text: str, nlp: Language, max_words: int = 15, _depth: int = 0) -> list[str]:
    """The sentence as one or more short sentences (the input alone when no cut is safe); a
    piece that cannot be cut but closes on an enumeration becomes an introduction and a list
    (:mod:`falc.rewrite.enumeration`)."""
    doc = nlp(text)
    sentence = doc[:]  # one sentence for Clair, even where spaCy cuts after "R." or "art."
    if word_count(sentence) <= max_words or _depth >= MAX_DEPTH:
        return [text]
    cuts = sentence_cuts(sentence)
    if not cuts:
        enumeration = find_enumeration(sentence)
        return [enumeration.render()] if enumeration is not None else [text]
    best = min(cuts, key=lambda c: max(len(c.left.split()), len(c.right.split())))
    pieces: list[str] = []
    for part in (finish(best.left), finish(best.right)):
        pieces.extend(split_sentence(part, nlp, max_words, _depth + 1))
    return pieces
