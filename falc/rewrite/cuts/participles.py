"""Cuts at an absolute participle clause with its own subject: « …, le titulaire étant tenu
de… » → « Le titulaire est tenu de… », « …, chacun faisant l'objet… » → « Chacun fait
l'objet… ». The participle is conjugated in the present; a participle of « devoir » is never
made an obligation (« devant » stays), and the clause must close the sentence and say something
of its own noun."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import VOWEL_START, is_finite, join
from falc.rewrite.conjugation import conjugate
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import (
    MAX_SUBJECT_TOKENS,
    after_determiner,
    is_participle,
    stands_alone,
    verb_of,
)
from falc.rewrite.cuts.words import (
    AFOREMENTIONED,
    AUXILIARY_PARTICIPLES,
    CLAUSE_DETERMINERS,
    EACH,
    NE,
    NOT_PARTICIPLES,
)


def _second_participle(right: list[Token], participle: Token) -> Token | None:
    """Another participle after the first, without a comma, « et » or « ou » between, when the
    parse says the first one modifies a noun of the subject and the second hangs on a verb
    outside the participle clause: the first belongs to the subject (« l'ensemble des candidats
    ayant retiré le dossier étant informé »), the second is the clause's verb. « le titulaire
    percevant une indemnité … restant à courir » keeps its first participle."""
    if verb_of(participle).dep_ != "acl":
        return None
    inside = {t.i for t in right}
    for token in right:
        if token.i <= participle.i:
            continue
        if token.text in ",;" or token.lower_ in ("et", "ou"):
            return None
        if (
            is_participle(token)
            and token.lower_ not in NOT_PARTICIPLES
            and token.nbor(-1).lower_ != "en"  # a gerund: « en indiquant »
        ):
            verb = verb_of(token)
            if verb.dep_ == "acl" or verb.head.i in inside:
                return None
            return token
    return None


def _each_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« …en 7 lots, chacun faisant l'objet d'un contrat distinct » → « …en 7 lots. Chacun fait
    l'objet d'un contrat distinct. »"""
    cuts = []
    for position, comma in enumerate(body[:-2]):
        if comma.text != "," or body[position + 1].lower_ not in EACH:
            continue
        left, right = body[:position], body[position + 1 :]
        participle = right[1]
        if not is_participle(participle) or participle.lower_ in ("étant", "ayant"):
            continue  # « chacun étant… » may be a passive or a compound tense: left as it is
        if not stands_alone(left) or _second_participle(right, participle) is not None:
            continue
        lemma = AUXILIARY_PARTICIPLES.get(participle.lower_, participle.lemma_)
        form = conjugate(lemma, 3, "s")
        if form is None:
            continue
        rest = join(right[2:])
        cuts.append(Cut(join(left), f"{join(right[:1])} {form} {rest}".strip(), at=left[-1].i + 1))
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


ARGUMENTS = frozenset({"obj", "iobj", "obl:arg", "nsubj", "nsubj:pass"})


def _own_clause(left: list[Token], right: list[Token], noun: Token, participle: Token) -> bool:
    """The words after the comma are a clause of their own, its participle saying something of
    its noun: the noun is no argument of a verb before the comma (« pour prendre, dès
    notification, les décisions engageant… » : the decisions are what is taken), the
    participle belongs to the noun (« le candidat produit les documents concernant… » : the
    documents concern), and nothing after the participle hangs on a word before the comma (« Le
    maître d'œuvre procède, le titulaire ayant été convoqué, aux opérations… »)."""
    before = {t.i for t in left}
    if noun.dep_ in ARGUMENTS and noun.head.i in before:
        return False
    verb = verb_of(participle)
    after = {t.i for t in right}
    if verb.dep_.startswith("acl") and verb.head.i in after and verb.head.i != noun.i:
        return False  # the participle says something of another noun after the comma
    return not any(
        t.head.i in before
        and not t.is_punct
        and t.dep_ != "cc"
        and t.i not in (participle.i, verb.i)
        and not _participle_clause_head(t)
        for t in right
        if t.i > participle.i
    )


def _participle_clause_head(token: Token) -> bool:
    """A participle, or a verb whose auxiliary is one (« étant invité »): the head of a second
    participle clause (« …, et le candidat étant invité à confirmer »), conjugated too."""
    return is_participle(token) or any(
        c.dep_.startswith("aux") and is_participle(c) for c in token.children
    )


RESUMING = frozenset({"à", "au", "aux", "de", "du", "des", "d'", "d’"})


def _resumes_main_clause(left: list[Token], right: list[Token], participle: Token) -> bool:
    """After the participle clause, a comma and a complement the main verb was waiting for:
    « il est procédé, le titulaire étant présent ou ayant été convoqué, à la constatation des
    travaux » (« à la constatation » is what « il est procédé » needs; the clause was an aside
    in the middle, and a cut would give it to the participle)."""
    words = [t for t in left if not t.is_punct]
    if not words or words[-1].pos_ not in ("VERB", "AUX"):
        return False  # « … lors du dépôt, la signature étant exigée …, au moyen d'un certificat »
    after = [t for t in right if t.i > participle.i]
    return any(
        t.text == "," and k + 1 < len(after) and after[k + 1].lower_ in RESUMING
        for k, t in enumerate(after)
    )


def _participle_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
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
            if token.is_punct or (is_finite(token) and not after_determiner(token)):
                break  # "dans son offre ayant…": after a determiner, "offre" is a noun
            if token.lower_ in NOT_PARTICIPLES:
                continue  # « le prix fixé suivant les modalités »: a preposition
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
        if participle is None or not stands_alone(left):
            continue
        while (following := _second_participle(right, participle)) is not None:
            participle = following  # the first one belongs to the subject
        if not _own_clause(left, right, noun, participle):
            continue
        if _resumes_main_clause(left, right, participle):
            continue
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
            if t.i <= participle.i or not is_participle(t):
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
        cuts.append(Cut(join(left), "".join(pieces).strip(), at=left[-1].i + 1))
    return cuts


PARTICIPLE = CutRule(
    code="coupe-participe",
    message=(
        "Une proposition participe qui a son propre sujet (« , le titulaire étant tenu de… ») "
        "devient une phrase au présent. Un participe de « devoir » ne devient jamais une "
        "obligation."
    ),
    find=_participle_cuts,
    examples=(
        kept(
            "Pour assurer la poursuite des travaux, il est procédé, le titulaire étant présent "
            "ou ayant été dûment convoqué, à la constatation des travaux exécutés.",
            "La proposition participiale est une incise : « à la constatation » revient au "
            "verbe « procéder », la coupe la lui prendrait.",
        ),
        cut(
            "La disposition précédente est applicable à la nouvelle date, l'ensemble des "
            "candidats ayant retiré le dossier étant informé de ce report.",
            "La disposition précédente est applicable à la nouvelle date.",
            "L'ensemble des candidats ayant retiré le dossier est informé de ce report.",
        ),
        cut(
            "Les fichiers sont analysés par l'acheteur à leur arrivée, tout document contenant "
            "un virus informatique pouvant faire l'objet d'un archivage de sécurité.",
            "Les fichiers sont analysés par l'acheteur à leur arrivée.",
            "Tout document contenant un virus informatique peut faire l'objet d'un archivage "
            "de sécurité.",
        ),
        cut(
            "Le marché est résilié pour motif d'intérêt général, le titulaire percevant alors "
            "une indemnité égale à 2 % du maximum annuel restant à courir.",
            "Le marché est résilié pour motif d'intérêt général.",
            "Le titulaire perçoit alors une indemnité égale à 2 % du maximum annuel restant à "
            "courir.",
        ),
        cut(
            "Les produits sont validés par la diététicienne, le titulaire s'engageant à ne "
            "jamais substituer à un tel produit une référence n'ayant pas fait l'objet d'une "
            "validation.",
            "Les produits sont validés par la diététicienne.",
            "Le titulaire s'engage à ne jamais substituer à un tel produit une référence "
            "n'ayant pas fait l'objet d'une validation.",
        ),
        cut(
            "Les prestations sont réglées par application des prix, chaque bon précisant la "
            "quantité et indiquant le lieu de livraison.",
            "Les prestations sont réglées par application des prix.",
            "Chaque bon précise la quantité et indique le lieu de livraison.",
        ),
        cut(
            "Les documents ne sont pas signés lors du dépôt, la signature électronique étant "
            "exigée du seul attributaire, au moyen d'un certificat dit « eIDAS ».",
            "Les documents ne sont pas signés lors du dépôt.",
            "La signature électronique est exigée du seul attributaire, au moyen d'un "
            "certificat dit « eIDAS ».",
        ),
        cut(
            "Les demandes de paiement sont transmises par voie électronique sur le portail "
            "Chorus Pro, chaque facture faisant référence au numéro d'engagement et ne pouvant "
            "porter que sur des bons entièrement exécutés.",
            "Les demandes de paiement sont transmises par voie électronique sur le portail "
            "Chorus Pro.",
            "Chaque facture fait référence au numéro d'engagement.",
            "Chaque facture ne peut porter que sur des bons entièrement exécutés.",
        ),
        cut(
            "Le titulaire s'efforce de réduire l'impact environnemental des livraisons au sens "
            "de l'article L. 224-7 du Code de l'environnement, les engagements pris à ce titre "
            "dans son offre ayant valeur contractuelle.",
            "Le titulaire s'efforce de réduire l'impact environnemental des livraisons au sens "
            "de l'article L. 224-7 du Code de l'environnement.",
            "Les engagements pris à ce titre dans son offre ont valeur contractuelle.",
        ),
        cut(
            "Les documents de l'offre ne sont pas obligatoirement signés lors du dépôt, la "
            "signature électronique de l'acte d'engagement étant exigée du seul attributaire "
            "pressenti.",
            "Les documents de l'offre ne sont pas obligatoirement signés lors du dépôt.",
            "La signature électronique de l'acte d'engagement est exigée du seul attributaire "
            "pressenti.",
        ),
        cut(
            "La décision sera notifiée au titulaire par lettre recommandée au moins 3 mois "
            "avant la fin de la période, le titulaire ne pouvant refuser la prolongation.",
            "La décision sera notifiée au titulaire par lettre recommandée au moins 3 mois "
            "avant la fin de la période.",
            "Le titulaire ne peut refuser la prolongation.",
        ),
        cut(
            "Les fruits relèvent de la catégorie I, les produits de catégorie II n'étant admis "
            "que pour les légumes destinés à la confection de potages.",
            "Les fruits relèvent de la catégorie I.",
            "Les produits de catégorie II ne sont admis que pour les légumes destinés à la "
            "confection de potages.",
        ),
        cut(
            "Les prestations sont réglées par application des prix à l'unité figurant au "
            "bordereau, lesdits prix étant réputés comprendre toutes les charges fiscales.",
            "Les prestations sont réglées par application des prix à l'unité figurant au "
            "bordereau.",
            "Ces prix sont réputés comprendre toutes les charges fiscales.",
        ),
        cut(
            "Aucune indemnité ne peut néanmoins être accordée au titulaire pour perte totale "
            "ou partielle de son matériel flottant, les frais d'assurance de ce matériel étant "
            "réputés compris dans les prix du marché.",
            "Aucune indemnité ne peut néanmoins être accordée au titulaire pour perte totale "
            "ou partielle de son matériel flottant.",
            "Les frais d'assurance de ce matériel sont réputés compris dans les prix du marché.",
        ),
        kept(
            "Le titulaire communique, pour chaque référence livrée, la liste exhaustive des "
            "ingrédients, toute modification de la composition d'un produit devant être "
            "signalée par écrit au moins 15 jours avant sa mise en œuvre.",
            "Un participe de « devoir » ne devient jamais une obligation (« les composants "
            "devant accéder… » ne sont pas « Les composants doivent accéder… »).",
        ),
        kept(
            "Ce ou ces représentants sont réputés disposer des pouvoirs suffisants pour "
            "prendre, dès notification de leur nom au titulaire, les décisions nécessaires "
            "engageant le pouvoir adjudicateur.",
            "« les décisions » est l'objet de « prendre » : la coupe le lui ôterait (CCAG-MI, "
            "article 3.3).",
        ),
    ),
)

EACH_ONE = CutRule(
    code="coupe-chacun",
    message="« , chacun faisant l'objet… » devient « Chacun fait l'objet… ».",
    find=_each_cuts,
    examples=(
        cut(
            "Les prestations sont réparties en sept lots, chacun faisant l'objet d'un "
            "accord-cadre distinct passé avec un seul titulaire.",
            "Les prestations sont réparties en sept lots.",
            "Chacun fait l'objet d'un accord-cadre distinct passé avec un seul titulaire.",
        ),
        kept(
            "Les prestations sont réparties en sept lots distincts, chacun étant attribué à un "
            "seul titulaire retenu.",
            "« chacun étant… » peut être un passif ou un temps composé.",
        ),
    ),
)

RULES = (PARTICIPLE, EACH_ONE)
