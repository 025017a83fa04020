"""A legal reference hung on the sentence moves to a sentence of its own (« C'est ce que prévoit
l'article… », « Les conditions sont prévues à l'article… »), only when it says something of the
main verb: a reference that qualifies a noun or a subordinate clause (« après mise en demeure
de l'administrateur, dans les conditions prévues à l'article L. 622-13, ce dernier… ») stays."""

from __future__ import annotations

from spacy.tokens import Span, Token

from falc.rewrite._tokens import is_finite, join
from falc.rewrite.cuts.base import Cut, CutRule, cut, kept
from falc.rewrite.cuts.grammar import stands_alone
from falc.rewrite.cuts.words import CLITICS, NE
from falc.rewrite.references import reference_cuts


def _reference_cuts(sentence: Span, body: list[Token]) -> list[Cut]:
    """ "Selon l'article X, vous fournissez…" → "Vous fournissez… C'est ce que prévoit
    l'article X." (:mod:`falc.rewrite.references`)."""
    cuts = []
    main_verbs = {sentence.root.i} | {
        c.i for c in sentence.root.children if c.dep_ in ("xcomp", "conj")
    }
    for before, after, text in reference_cuts(body):
        rest = [*before, *after]
        if not rest or not stands_alone(rest) or (after and after[0].dep_ == "cc"):
            continue
        kept = {t.i for t in rest}
        outside = {t.head.i for t in body if t.i not in kept and t.head.i in kept}
        if not outside <= main_verbs:
            continue  # the reference says something of a noun or of a subordinate clause
        # A comma stays after words in front of the clause (« Dans un délai de 8 jours, le
        # titulaire… »), never inside the clause (« L'acheteur peut néanmoins autoriser… »,
        # « Le titulaire ne s'est pas acquitté… »).
        fronted = not any(
            (t.pos_ in ("VERB", "AUX") and is_finite(t)) or t.dep_ in ("nsubj", "nsubj:pass")
            for t in before
        )
        verb_next = bool(after) and (
            after[0].pos_ in ("VERB", "AUX", "ADP") or after[0].lower_ in NE | CLITICS
        )
        glue = ", " if fronted and after and not verb_next else " "
        left = glue.join(join(part) for part in (before, after) if part)
        cuts.append(Cut(left, text))
    return cuts


REFERENCE = CutRule(
    code="coupe-reference",
    message=(
        "Une référence juridique accrochée à la phrase passe dans une phrase à elle "
        "(« C'est ce que prévoit l'article… »)."
    ),
    find=_reference_cuts,
    examples=(
        cut(
            "Une avance de 10 % peut être versée au titulaire pour les lots de plus de 50 000 "
            "euros, dans les conditions définies aux articles R. 2191-3 et suivants du CCP.",
            "Une avance de 10 % peut être versée au titulaire pour les lots de plus de 50 000 "
            "euros.",
            "Les conditions sont définies aux articles R. 2191-3 et suivants du CCP.",
        ),
        cut(
            "L'acheteur se réserve la possibilité, selon l'article R. 2152-1, de déclarer la "
            "procédure sans suite pour motif d'intérêt général jusqu'à l'envoi du marché.",
            "L'acheteur se réserve la possibilité de déclarer la procédure sans suite pour "
            "motif d'intérêt général jusqu'à l'envoi du marché.",
            "C'est ce que prévoit l'article R. 2152-1.",
        ),
        cut(
            "L'acheteur peut néanmoins, en application de l'article R. 2152-2, autoriser tous "
            "les soumissionnaires concernés à régulariser leur offre dans un délai approprié.",
            "L'acheteur peut néanmoins autoriser tous les soumissionnaires concernés à "
            "régulariser leur offre dans un délai approprié.",
            "C'est ce que prévoit l'article R. 2152-2.",
        ),
        cut(
            "Selon les articles R. 2143-3 et R. 2143-4 du CCP, le candidat produit, à l'appui "
            "de sa candidature, le document unique de marché européen rédigé en français.",
            "Le candidat produit, à l'appui de sa candidature, le document unique de marché "
            "européen rédigé en français.",
            "C'est ce que prévoient les articles R. 2143-3 et R. 2143-4 du CCP.",
        ),
        cut(
            "Chaque lot donnera lieu à un contrat à bons de commande conclu sans minimum et "
            "avec un maximum annuel, en application des articles R. 2162-1 à R. 2162-6 du CCP.",
            "Chaque lot donnera lieu à un contrat à bons de commande conclu sans minimum et "
            "avec un maximum annuel.",
            "C'est ce que prévoient les articles R. 2162-1 à R. 2162-6 du CCP.",
        ),
        cut(
            "Le titulaire peut sous-traiter l'exécution de certaines parties de son marché, "
            "dans les conditions prévues aux articles L. 2193-1 à L. 2193-14 du CCP.",
            "Le titulaire peut sous-traiter l'exécution de certaines parties de son marché.",
            "Les conditions sont prévues aux articles L. 2193-1 à L. 2193-14 du CCP.",
        ),
        kept(
            "Le présent marché est passé selon la procédure de l'appel d'offres ouvert prévue "
            "par le code de la commande publique.",
            "La référence est l'objet du verbe, pas un complément accroché à la phrase.",
        ),
        kept(
            "Les quantités livrées chaque semaine varient, selon les effectifs inscrits à la "
            "cantine et les menus arrêtés par la diététicienne du syndicat.",
            "« selon » n'ouvre pas ici un texte juridique.",
        ),
        kept(
            "Ce critère ne saurait, en application de l'article L. 3 du CCP et du principe "
            "d'égalité de traitement, être utilisé pour choisir.",
            "La référence est jointe à autre chose qu'une référence (« et du principe… »).",
        ),
        kept(
            "En cas de redressement judiciaire, le marché est résilié si, après mise en "
            "demeure de l'administrateur judiciaire, dans les conditions prévues à l'article "
            "L. 622-13 du code de commerce, ce dernier indique ne pas reprendre les "
            "obligations du titulaire.",
            "Les conditions sont celles de la mise en demeure, pas de la résiliation "
            "(CCAG-Travaux, article 46).",
        ),
    ),
)

RULES = (REFERENCE,)
