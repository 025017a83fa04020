"""Every job is bounded: past its time or its memory, or when its client leaves, it stops with a
French message, and its process is gone (issue 15, item 2)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from falc.analysis import analyse_text
from falc.config import FalcConfig
from falc.parsing import parse_paragraphs, plan_pieces
from jobs import Budget, BudgetExceededError, JobCancelledError, run_within

WORDS = ["le", "titulaire", "livre", "les", "repas", "aux", "écoles", "de", "la", "ville"]


def _unpunctuated(words: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(words))


def _children() -> set[int]:
    """The live child processes of this test process (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.fixture(autouse=True)
def no_child_left():
    """Each job's process is gone when ``run_within`` returns, whatever happened."""
    before = _children()
    yield
    assert _children() <= before


def test_200000_words_without_punctuation_are_bounded(nlp):
    """Scaled down (3,000 words): no parsed sentence passes the cap, every piece is bounded,
    the passage is flagged once with its word count (the full size is in
    benchmarks/bench_bornes.py)."""
    text = _unpunctuated(3_000)
    cap = FalcConfig().parse_max_sentence_tokens
    ranges, cuts = plan_pieces(nlp.make_doc(text), cap)
    assert max(end - start for start, end in ranges) <= cap
    assert len(cuts) == 3_000 // cap - (3_000 % cap == 0)
    (doc,) = parse_paragraphs(nlp, [text], max_sentence_tokens=cap)
    assert doc.text == text
    assert max(len(sentence) for sentence in doc.sents) <= cap
    report = analyse_text(text, nlp)
    flagged = [f for f in report.findings if f.rule == "phrase-sans-ponctuation"]
    assert len(flagged) == 1
    assert (flagged[0].start, flagged[0].end) == (0, len(text))
    assert "3000 mots sans point" in flagged[0].message


def test_a_long_paragraph_of_real_sentences_is_parsed_in_pieces_of_whole_sentences(nlp):
    sentence = "Le titulaire livre les repas aux écoles de la ville avant midi. "
    text = (sentence * 300).strip()
    ranges, cuts = plan_pieces(nlp.make_doc(text), 200)
    assert len(ranges) > 1 and cuts == []
    (doc,) = parse_paragraphs(nlp, [text], max_sentence_tokens=200)
    assert doc.text == text
    assert len(list(doc.sents)) == 300
    assert not [f for f in analyse_text(text, nlp).findings if f.rule == "phrase-sans-ponctuation"]


def test_a_job_past_its_time_budget_stops_with_a_french_message():
    started = time.monotonic()
    with pytest.raises(BudgetExceededError, match=r"L'analyse a dépassé le temps permis \(0.5 s\)"):
        run_within(
            time.sleep, 30, budget=Budget(seconds=0.5, memory_mb=100_000), subject="L'analyse"
        )
    assert time.monotonic() - started < 10


def _allocate(megabytes: int, hold_s: float = 5) -> int:
    block = b"x" * (megabytes * 1024 * 1024)  # written, so resident
    time.sleep(hold_s)
    return len(block)


def test_a_job_past_its_memory_budget_stops_with_a_french_message():
    """The budget is what the job adds: the test process's own memory (the model, and all the
    earlier tests held) is not counted against it."""
    assert run_within(_allocate, 50, 0, budget=Budget(seconds=60, memory_mb=200)) == 50 << 20
    with pytest.raises(BudgetExceededError, match="mémoire permise"):
        run_within(
            _allocate, 400, budget=Budget(seconds=60, memory_mb=200), subject="La simplification"
        )


def test_a_cancelled_job_stops_computing():
    started = time.monotonic()
    with pytest.raises(JobCancelledError, match="annulée"):
        run_within(
            time.sleep, 30, budget=Budget(60, 100_000), cancelled=lambda: True, cancel_every_s=0.1
        )
    assert time.monotonic() - started < 5


def test_a_job_returns_its_result_and_a_refusal_keeps_its_french_message():
    from falc.errors import DocumentError

    assert run_within(sum, [1, 2, 3], budget=Budget(30, 100_000)) == 6

    def refuse() -> None:
        raise DocumentError("Le document est vide.")

    with pytest.raises(DocumentError, match=r"Le document est vide\."):
        run_within(refuse, budget=Budget(30, 100_000))


@pytest.mark.parametrize(
    ("command", "subject"), [("analyse", "L'analyse"), ("simplifie", "La simplification")]
)
def test_the_cli_stops_a_job_past_its_time_budget(tmp_path, monkeypatch, nlp, command, subject):
    """« the CLI was still running after 120 s, at 4 GB »: now it stops at its budget."""
    from typer.testing import CliRunner

    from api.cli import app
    from api.settings import get_settings

    source = tmp_path / "long.txt"
    source.write_text("\n\n".join([_unpunctuated(400) + "."] * 40), encoding="utf-8")
    monkeypatch.setenv("CLAIR_TACHE_DUREE_MAX_S", "0.5")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, [command, str(source)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert f"{subject} a dépassé le temps permis (0.5 s)" in " ".join(result.output.split())
