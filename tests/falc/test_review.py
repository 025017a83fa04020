"""The officer decides: proposals, decisions applied to the document, statistics per rule."""

from __future__ import annotations

import pytest

from falc.decisions import decisions_of, migrate, record_decisions, rule_statistics
from falc.document import Document
from falc.review import Decision, ReviewError, apply_decisions, proposals_of
from falc.simplify import rewritten_document, simplify_document
from storage import connect

TEXT = (
    "Les offres sont examinées par l'acheteur.\n\n"
    "Les pénalités sont calculées par le pouvoir adjudicateur."
)


@pytest.fixture(scope="module")
def report(nlp):
    return simplify_document(Document.from_text(TEXT, name="essai"), nlp)


def _text(report, decisions) -> list[str]:
    decided = apply_decisions(report, decisions)
    written = rewritten_document(Document.from_text(TEXT, name="essai"), decided, accepted=True)
    texts = [p.text(accepted=True) for p in decided.paragraphs]
    assert all(any(t in w.text for w in written.paragraphs) for t in texts)
    return texts


def test_each_sentence_with_a_proposal_is_offered_once(report):
    proposals = proposals_of(report)
    assert [p.id for p in proposals] == ["p0-s0", "p1-s0"]
    assert proposals[0].apres == "L'acheteur examine les offres."
    assert proposals[0].regles == ["voix-active"]


@pytest.mark.parametrize(
    ("decisions", "first", "second"),
    [
        # nothing decided: the safe version
        ([], "Les offres sont examinées par l'acheteur.", None),
        ([Decision(id="p0-s0", choix="acceptée")], "L'acheteur examine les offres.", None),
        (
            [Decision(id="p0-s0", choix="refusée")],
            "Les offres sont examinées par l'acheteur.",
            None,
        ),
        (
            [Decision(id="p0-s0", choix="modifiée", texte="  L'acheteur  lit les offres. ")],
            "L'acheteur lit les offres.",
            None,
        ),
    ],
)
def test_decisions_give_the_final_text(report, decisions, first, second):
    texts = _text(report, decisions)
    assert texts[0] == first
    safe_second = report.paragraphs[1].rewrite
    assert texts[1] == (second or safe_second)


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        (Decision(id="p9-s9", choix="acceptée"), "n'existe pas"),
        (Decision(id="p0-s0", choix="modifiée", texte="   "), "vide"),
    ],
)
def test_bad_decisions_are_refused_in_french(report, decision, words):
    with pytest.raises(ReviewError, match=words):
        apply_decisions(report, [decision])


def test_an_edit_that_changes_a_legal_fact_is_refused(nlp):
    text = "Les offres sont examinées par l'acheteur dans un délai de 15 jours."
    report = simplify_document(Document.from_text(text, name="essai"), nlp)
    (proposal,) = proposals_of(report)
    edit = Decision(
        id=proposal.id, choix="modifiée", texte="L'acheteur examine les offres en 30 jours."
    )
    with pytest.raises(ReviewError, match="change ce que dit le texte"):
        apply_decisions(report, [edit])


def test_decisions_are_stored_and_counted_per_rule(report, tmp_path):
    conn = connect(tmp_path / "clair.sqlite")
    migrate(conn)
    proposals = proposals_of(report)
    record_decisions(conn, "job-1", "essai", proposals, [Decision(id="p0-s0", choix="acceptée")])
    record_decisions(
        conn,
        "job-2",
        "essai",
        proposals,
        [
            Decision(id="p0-s0", choix="modifiée", texte="L'acheteur lit les offres."),
            Decision(id="p1-s0", choix="refusée"),
        ],
    )
    # Deciding again replaces the earlier choice of the same job.
    record_decisions(
        conn, "job-1", "essai", proposals[1:], [Decision(id="p1-s0", choix="acceptée")]
    )
    stats = {s.regle: s for s in rule_statistics(conn)}
    voice = stats["voix-active"]
    # 2 jobs × 2 proposals: job-1 accepted both, job-2 edited one and rejected one.
    assert (voice.proposees, voice.acceptees, voice.modifiees, voice.refusees) == (4, 2, 1, 1)
    assert voice.taux_acceptation == pytest.approx(2 / 4)
    kept = {d.id: d for d in decisions_of(conn, "job-2")}
    assert kept["p0-s0"].texte == "L'acheteur lit les offres."
    conn.close()
