"""Cuts at a clause that leans on the main one: a condition (« Si », « Lorsque », « En cas de »,
« à condition de », « sous réserve que ») or a limit (« sans que »). A condition stays a
condition, in its own words: a question followed by « Dans ce cas », or « Il y a une
condition : … ». Never a possibility (« Il se peut que… »), never a fact, never an obligation."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import is_finite, join, lower_first, upper_first
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import (
    clause_head,
    clause_number_length,
    comma_openers,
    has_clause,
    negative_sentence,
    opens_subordinate,
    read_clause,
    stands_alone,
)
from falc.rewrite.cuts.words import (
    CLITICS,
    CONDITION_CLAUSE_OPENERS,
    CONDITION_OPENERS,
    IF,
    IN_CASE,
    NE,
    REFERRING_CLITICS,
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
        text = negative_sentence(clause)
        if text is not None:
            cuts.append(Cut(join(left), text, at=left[-1].i + 1))
    return cuts


CONDITION_LEAD = "Il y a une condition :"


def _condition_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A condition closing the sentence becomes a sentence that says it is one, its words kept:

    « Le titulaire peut sous-traiter…, à condition d'avoir obtenu l'acceptation… » → « Le
    titulaire peut sous-traiter… Il y a une condition : avoir obtenu l'acceptation… »;
    « …, sous réserve que le titulaire en fasse la demande » → « … Il y a une condition : que
    le titulaire en fasse la demande. » Never an obligation (« Pour cela, le titulaire doit… »
    would add one), never for two conditions (« une condition » would miscount them)."""
    cuts = []
    for left, right in comma_openers(body, CONDITION_OPENERS):
        first = next((t for t in right if t.lower_ not in CLITICS | NE), None)
        if first is None or "Inf" not in first.morph.get("VerbForm"):
            continue  # « sous réserve de l'accord… »: a noun, not a condition to fulfil
        if _one_condition(left, right):
            cuts.append(Cut(join(left), f"{CONDITION_LEAD} {join(right)}", at=left[-1].i + 1))
    for left, right in comma_openers(body, CONDITION_CLAUSE_OPENERS):
        if _one_condition(left, right):
            que = right[0].nbor(-1)  # « que » or « qu' », the opener's last word
            text = f"{CONDITION_LEAD} {que.text}{que.whitespace_}{join(right)}"
            cuts.append(Cut(join(left), text, at=left[-1].i + 1))
    return cuts


def _one_condition(left: list[Token], right: list[Token]) -> bool:
    return (
        bool(left)
        and bool(right)
        and stands_alone(left)
        and not any(t.lower_ in ("et", "ou", "ni") or t.text in ",;:" for t in right)
    )


def _first_clause_has_verb(main: list[Token]) -> bool:
    """The words after the condition's comma open with a clause, not with the rest of a list
    the condition began (« Lorsque le dernier jour est un samedi, un dimanche ou un jour
    férié, le délai est prolongé »: a cut at the first comma would split the list)."""
    for token in main:
        if token.text in ",;:":
            return False
        if token.pos_ in ("VERB", "AUX") and is_finite(token):
            return True
    return True


def _question(condition: list[Token]) -> str:
    """The condition's clause, its words unchanged, asked as a question: « Le dernier jour du
    délai est un samedi, un dimanche ou un jour férié ? »."""
    return upper_first(f"{join(condition)} ?")


def _numbered(finder):
    """The finder run on the sentence without the clause number that opens it (« 3. 2. 2.
    Lorsque… »), the number kept in front of the first piece."""

    def find(sentence: Span, body: list[Token]) -> list[Cut]:
        count = clause_number_length(body)
        if not count:
            return finder(sentence, body)
        number = join(body[:count])
        return [
            Cut(f"{number} {found.left}", found.right, found.rule, found.at)
            for found in finder(sentence, body[count:])
        ]

    find.__doc__ = finder.__doc__
    return find


def _when_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """A condition in front becomes a question, its words kept, and the main clause follows
    with « Dans ce cas » (the usual FALC form of a condition):

    « Si les litiges ne peuvent être réglés à l'amiable, les parties saisiront le tribunal. »
    → « Les litiges ne peuvent être réglés à l'amiable ? Dans ce cas, les parties saisiront le
    tribunal. »

    A condition stays a condition: never a possibility (« Il se peut que… », « peut »), never a
    fact; its negation, its verb and every item of its lists stay in it. The condition ends
    at the first comma after the clause the parse gives « si » or « lorsque », and what follows
    that comma must open with a clause, not with the rest of a list; the condition has its own
    subject (not « il » or « elle », which would announce the main clause's subject) and no
    second condition; the main clause after the comma stands alone."""
    if not body or body[0].lower_ not in WHEN | IF:
        return []
    verb = body[0].head
    if body[0].dep_ != "mark" or verb.i == body[0].i:
        return []
    end = verb.right_edge.i - body[0].i
    position = next((k for k in range(end + 1, len(body)) if body[k].text == ","), None)
    if position is None:
        return []
    condition, main = body[1:position], body[position + 1 :]
    while condition and condition[0].text == ",":
        condition = condition[1:]
    if not condition or not main or not has_clause(condition):
        return []
    subjects = [t for t in condition if t.dep_ in ("nsubj", "nsubj:pass", "expl:subj")]
    if not subjects or any(t.lower_ in THIRD_PERSON_PRONOUNS | RELATIVE_PRONOUNS for t in subjects):
        return []
    if any(
        t.lower_ in WHEN | IF | {"que", "qu'", "qu’"} or opens_subordinate(t) for t in condition
    ):
        return []  # « Si X et si Y, Z », « Lorsque X et qu'Y »: two conditions
    if any(t.pos_ == "PRON" and t.lower_ in REFERRING_CLITICS for t in condition):
        return []  # « Si le marché le prévoit, le titulaire établit un plan »: « le » is the plan
    if clause_head(main) is None or not _first_clause_has_verb(main):
        return []
    rest = lower_first(join(main), main[0])
    return [Cut(_question(condition), f"Dans ce cas, {rest}", at=body[position].i)]


def _in_case_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """« En cas de retard dans la livraison, le titulaire encourt une pénalité. » → « Il y a un
    retard dans la livraison ? Dans ce cas, le titulaire encourt une pénalité. » The case is
    one noun without a determiner and its complements (never a list of cases, never a verb),
    asked as a question; the main clause after the comma stands alone."""
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
    if not main or clause_head(main) is None or not _first_clause_has_verb(main):
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
    return [Cut(f"Il y a {article} {join(case)} ?", f"Dans ce cas, {rest}", at=body[comma].i)]


WITHOUT = CutRule(
    code="coupe-sans-que",
    message=(
        "« …, sans que sa durée puisse excéder 36 mois » devient « Sa durée ne peut pas "
        "excéder 36 mois. » (une limite, avec « pouvoir », « être » ou « devoir » seulement)."
    ),
    find=_without_cuts,
    examples=(
        cut(
            "Le marché peut être reconduit tacitement 2 fois par période de 12 mois, sans que "
            "sa durée totale puisse excéder 36 mois.",
            "Le marché peut être reconduit tacitement 2 fois par période de 12 mois.",
            "Sa durée totale ne peut pas excéder 36 mois.",
        ),
        cut(
            "Les candidats peuvent présenter une offre pour un, plusieurs ou l'ensemble des "
            "lots sans que le nombre de lots attribués à un même candidat soit limité.",
            "Les candidats peuvent présenter une offre pour un, plusieurs ou l'ensemble des lots.",
            "Le nombre de lots attribués à un même candidat n'est pas limité.",
        ),
        cut(
            "L'acheteur peut modifier les quantités commandées dans la limite de 10 pour cent, "
            "sans que le titulaire puisse prétendre à une indemnité.",
            "L'acheteur peut modifier les quantités commandées dans la limite de 10 pour cent.",
            "Le titulaire ne peut pas prétendre à une indemnité.",
        ),
        kept(
            "Le titulaire exécute les prestations commandées dans les délais prévus, sans que "
            "l'acheteur puisse jamais les refuser.",
            "La proposition a déjà sa négation (« jamais ») : « ne … pas » en ajouterait une.",
        ),
        kept(
            "Une réponse est adressée à toutes les entreprises ayant retiré le dossier de "
            "consultation sans que soit révélée l'identité de l'auteur.",
            "Le sujet vient après le verbe : la proposition ne se lit pas comme une phrase.",
        ),
        kept(
            "Le titulaire peut modifier les quantités commandées dans la limite de 10 pour "
            "cent, sans que l'acheteur s'y oppose par écrit.",
            "Avec un autre verbe que « pouvoir », « être » ou « devoir », c'est une condition "
            ": « L'acheteur ne s'y oppose pas. » la dirait comme un fait.",
        ),
    ),
)

ON_CONDITION = CutRule(
    code="coupe-a-condition",
    message=(
        "« …, à condition de … » ou « …, sous réserve que … » devient une phrase à elle : « Il y "
        "a une condition : … » ; ses mots restent, jamais une obligation."
    ),
    find=_condition_cuts,
    examples=(),
    enabled=False,
    note=(
        "Désactivée : « Le titulaire peut sous-traiter. Il y a une condition : … » dit d'abord "
        "la permission sans sa condition, et « sous réserve que » y perd le mot « réserve ». "
        "La garde ne lit pas cette forme comme une condition : sur le corpus des CCAG, chacune "
        "de ses coupes était refusée."
    ),
)

CONDITION_FIRST = CutRule(
    code="coupe-condition",
    message=(
        "« Si X, Y » ou « Lorsque X, Y » devient « X ? Dans ce cas, Y. » : la condition reste "
        "une condition, tous ses mots dans la question. Une conséquence encore longue est "
        "coupée à son tour, chaque morceau sous « Dans ce cas, »."
    ),
    find=_numbered(_when_cuts),
    examples=(
        cut(
            "3. 2. 2. Lorsque le délai est fixé en jours, il s'entend en jours calendaires et il "
            "expire à minuit, le dernier jour du délai.",
            "3. 2. 2. Le délai est fixé en jours ?",
            "Dans ce cas, il s'entend en jours calendaires et il expire à minuit, le dernier jour "
            "du délai.",
        ),
        cut(
            "Lorsque les produits livrés ne sont pas conformes aux spécifications du cahier "
            "des charges, le titulaire les remplace dans un délai de 48 heures.",
            "Les produits livrés ne sont pas conformes aux spécifications du cahier des charges ?",
            "Dans ce cas, le titulaire les remplace dans un délai de 48 heures.",
        ),
        cut(
            "Lorsque le titulaire est en retard, il paie les pénalités de retard fixées par le "
            "marché et il informe l'acheteur du motif de ce retard.",
            "Le titulaire est en retard ?",
            "Dans ce cas, il paie les pénalités de retard fixées par le marché.",
            "Dans ce cas, il informe l'acheteur du motif de ce retard.",
        ),
        cut(
            "Lorsque l'acheteur constate un retard dans la livraison, il adresse une mise en "
            "demeure au titulaire.",
            "L'acheteur constate un retard dans la livraison ?",
            "Dans ce cas, il adresse une mise en demeure au titulaire.",
        ),
        cut(
            "Lorsqu'un candidat ne peut pas produire les documents demandés, l'acheteur lui "
            "laisse un délai de 5 jours.",
            "Un candidat ne peut pas produire les documents demandés ?",
            "Dans ce cas, l'acheteur lui laisse un délai de 5 jours.",
        ),
        cut(
            "Si le titulaire ne remet pas le rapport dans le délai prévu au contrat, "
            "l'acheteur applique une pénalité de 100 euros.",
            "Le titulaire ne remet pas le rapport dans le délai prévu au contrat ?",
            "Dans ce cas, l'acheteur applique une pénalité de 100 euros.",
        ),
        cut(
            "Si le candidat s'appuie sur les capacités d'autres opérateurs économiques, il "
            "justifie des capacités de ceux-ci.",
            "Le candidat s'appuie sur les capacités d'autres opérateurs économiques ?",
            "Dans ce cas, il justifie des capacités de ceux-ci.",
        ),
        cut(
            "Si vous êtes en retard dans la livraison des produits commandés, l'acheteur "
            "applique une pénalité de 50 euros par jour.",
            "Vous êtes en retard dans la livraison des produits commandés ?",
            "Dans ce cas, l'acheteur applique une pénalité de 50 euros par jour.",
        ),
        cut(
            "Si le marché est résilié pour motif d'intérêt général, le titulaire perçoit une "
            "indemnité de 2 % du montant restant.",
            "Le marché est résilié pour motif d'intérêt général ?",
            "Dans ce cas, le titulaire perçoit une indemnité de 2 % du montant restant.",
        ),
        cut(
            "Si le titulaire ne remet pas le rapport dans le délai prévu, l'acheteur applique "
            "une pénalité de 100 euros par jour de retard.",
            "Le titulaire ne remet pas le rapport dans le délai prévu ?",
            "Dans ce cas, l'acheteur applique une pénalité de 100 euros par jour de retard.",
        ),
        cut(
            "Lorsque le titulaire ne peut pas livrer un produit, il en informe l'office au "
            "plus tard 48 heures avant la livraison et propose un produit de remplacement au "
            "même prix.",
            "Le titulaire ne peut pas livrer un produit ?",
            "Dans ce cas, il en informe l'office au plus tard 48 heures avant la livraison et "
            "propose un produit de remplacement au même prix.",
        ),
        cut(
            "Si les litiges ne peuvent être réglés à l'amiable, les parties saisiront le "
            "tribunal administratif dans le ressort duquel se trouve l'acheteur.",
            "Les litiges ne peuvent être réglés à l'amiable ?",
            "Dans ce cas, les parties saisiront le tribunal administratif dans le ressort "
            "duquel se trouve l'acheteur.",
        ),
        cut(
            "Lorsque le délai est fixé en jours, il s'entend en jours calendaires et il expire "
            "à minuit, le dernier jour du délai.",
            "Le délai est fixé en jours ?",
            "Dans ce cas, il s'entend en jours calendaires et il expire à minuit, le dernier "
            "jour du délai.",
        ),
        kept(
            "Lorsqu'il constate un retard dans la livraison des produits commandés, l'acheteur "
            "applique une pénalité de 50 euros.",
            "« il » annonce le sujet de la principale : seul dans une question, il ne "
            "désignerait personne.",
        ),
        kept(
            "Si les documents particuliers du marché le prévoient, le titulaire établit un plan "
            "d'assurance qualité du chantier.",
            "« le » désigne le plan, nommé après : seul dans une question, il ne désignerait "
            "rien.",
        ),
        kept(
            "Lorsque le dernier jour du délai est un samedi, un dimanche ou un jour férié, le "
            "délai est prolongé jusqu'à la fin du premier jour ouvrable qui suit, à minuit.",
            "La condition finit sur une liste : couper à la première virgule laisserait « un "
            "dimanche ou un jour férié » hors de la condition.",
        ),
        kept(
            "Avant de procéder à l'examen des candidatures, s'il constate que des pièces dont "
            "la production était réclamée sont absentes ou incomplètes, l'acheteur peut "
            "demander aux candidats concernés de compléter leur dossier.",
            "La condition ne tient pas seule : son sujet est « il ».",
        ),
    ),
)

IN_CASE_OF = CutRule(
    code="coupe-en-cas-de",
    message="« En cas de X, Y » devient « Il y a un X ? Dans ce cas, Y. » : le cas reste une condition.",
    find=_numbered(_in_case_cuts),
    examples=(
        cut(
            "27. 3. En cas de retard dans la livraison des prestations, le titulaire encourt une "
            "pénalité journalière calculée selon la formule suivante.",
            "27. 3. Il y a un retard dans la livraison des prestations ?",
            "Dans ce cas, le titulaire encourt une pénalité journalière calculée selon la formule "
            "suivante.",
        ),
        cut(
            "En cas de retard dans la livraison, le titulaire encourt une pénalité calculée "
            "selon la formule prévue à l'article 14.1 du CCAG-FCS.",
            "Il y a un retard dans la livraison ?",
            "Dans ce cas, le titulaire encourt une pénalité calculée selon la formule prévue à "
            "l'article 14.1 du CCAG-FCS.",
        ),
        cut(
            "En cas de défaillance du mandataire du groupement, les membres du groupement sont "
            "tenus de lui désigner un remplaçant.",
            "Il y a une défaillance du mandataire du groupement ?",
            "Dans ce cas, les membres du groupement sont tenus de lui désigner un remplaçant.",
        ),
        kept(
            "En cas de grève, d'intempéries ou de tout autre évènement susceptible de "
            "perturber les livraisons, le titulaire en avise sans délai l'acheteur.",
            "Plusieurs cas : un article pour chacun serait à inventer.",
        ),
    ),
)

RULES = (WITHOUT, ON_CONDITION, CONDITION_FIRST, IN_CASE_OF)
