"""The synchronous API routes wait for their job without computing it, and stop it when the
client leaves (issue 15: « POST /api/falc/analyse kept computing after the client left »)."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest

from api.database import prepare_base
from api.waiting import run_for_request
from falc.document import Document
from jobs import JobCancelledError, JobQueue, JobSettings
from storage import connect

SENTENCE = "Le titulaire livre les repas aux écoles de la ville avant midi chaque jour. "


class LeavingClient:
    """A request whose client disconnects as soon as its job runs."""

    def __init__(self, queue: JobQueue) -> None:
        self.app = SimpleNamespace(state=SimpleNamespace(jobs=queue))
        self._base = queue.settings.base

    async def is_disconnected(self) -> bool:
        conn = connect(self._base)
        try:
            row = conn.execute("SELECT state FROM jobs").fetchone()
        finally:
            conn.close()
        return row is not None and row["state"] == "en_cours"


def test_the_analysis_stops_when_the_client_leaves(tmp_path):
    base = tmp_path / "clair.sqlite"
    prepare_base(base, demo=False)
    queue = JobQueue(JobSettings(base=base, processes=0, abandon_s=600))
    text = "\n\n".join([SENTENCE * 10] * 200)  # 30,000 words: minutes of work if not stopped
    document = Document.from_text(text, name="long")
    started = time.monotonic()
    try:
        with pytest.raises(JobCancelledError):
            asyncio.run(
                run_for_request(LeavingClient(queue), "analyse", document, None, "long.txt")
            )
        conn = connect(base)
        try:
            while True:
                job = conn.execute("SELECT state, error_kind, error FROM jobs").fetchone()
                if job["state"] != "en_cours" or time.monotonic() - started > 60:
                    break
                time.sleep(0.1)
        finally:
            conn.close()
    finally:
        queue.stop()
    assert (job["state"], job["error_kind"]) == ("erreur", "annulee")
    assert job["error"] == "L'analyse a été annulée : la demande a été quittée."
    assert time.monotonic() - started < 60
