"""The job queue (issue 15, item 4): real worker processes on a durable queue beside the base.

- a short job is not stuck behind a long one;
- a job running when Clair stops runs again at the next start;
- two server processes on one base: a job submitted to one is read from the other;
- the synchronous API stops the job when its client leaves.

These tests start worker processes (each loads the language model once): they are few and
share what they can. Every process they start is stopped before they end.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.database import prepare_base
from falc.document import Document
from jobs import JobQueue, JobSettings

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Le titulaire livre les repas aux écoles de la ville avant midi chaque jour. "
LONG_WORDS = 5_000
"""A few seconds of analysis: long enough to keep the one long-job worker busy."""
pytestmark = pytest.mark.slow


def _document(words: int, name: str) -> Document:
    sentences = max(1, words // len(SENTENCE.split()))
    paragraphs = [SENTENCE * 10] * max(1, sentences // 10)
    return Document.from_text("\n\n".join(p.strip() for p in paragraphs), name=name)


def _wait_done(queue: JobQueue, job_id: str, timeout_s: float = 240.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = queue.get(job_id)
        if job is not None and job.done:
            return job
        time.sleep(0.2)
    raise AssertionError(f"tâche {job_id} pas finie en {timeout_s} s : {queue.get(job_id)}")


def _wait_state(queue: JobQueue, job_id: str, state: str, timeout_s: float = 240.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = queue.get(job_id)
        if job is not None and job.state == state:
            return
        time.sleep(0.1)
    raise AssertionError(f"tâche {job_id} jamais « {state} » : {queue.get(job_id)}")


@pytest.fixture
def settings(tmp_path: Path) -> JobSettings:
    base = tmp_path / "clair.sqlite"
    prepare_base(base, demo=False)
    return JobSettings(base=base, processes=1, short_words=300, seconds=600, abandon_s=600)


@pytest.fixture
def queue(settings: JobSettings):
    started = JobQueue(settings)
    started.start()
    try:
        yield started
    finally:
        started.stop()
    assert not multiprocessing.active_children()  # no job process is left behind


def test_a_short_job_is_not_stuck_behind_a_long_one(queue):
    warm_up = queue.submit("analyse", _document(30, "court"), None, "court.txt")
    assert _wait_done(queue, warm_up).state == "termine"  # the short lane's worker is up
    long_id = queue.submit("analyse", _document(LONG_WORDS, "long"), None, "long.txt")
    _wait_state(queue, long_id, "en_cours")
    short_id = queue.submit("analyse", _document(30, "court"), None, "court.txt")
    short = _wait_done(queue, short_id)
    assert short.state == "termine"
    assert short.lane == "courte"
    assert queue.get(long_id).state == "en_cours"  # the one long-job worker is still busy
    long = _wait_done(queue, long_id)
    assert long.state == "termine" and long.lane == "longue"
    assert short.finished_at < long.finished_at


def test_a_job_running_when_clair_stops_runs_again_at_the_next_start(settings):
    first = JobQueue(settings)
    first.start()
    try:
        job_id = first.submit("analyse", _document(LONG_WORDS, "long"), None, "long.txt")
        _wait_state(first, job_id, "en_cours")
    finally:
        first.stop()
    assert first.get(job_id).state == "en_cours"  # interrupted, not lost
    waiting_id = first.submit("simplifie", _document(30, "court"), None, "court.txt")
    second = JobQueue(settings)
    second.start()
    try:
        rerun = _wait_done(second, job_id)
        assert rerun.state == "termine" and rerun.attempts == 2
        waited = _wait_done(second, waiting_id)  # queued while no worker ran: kept in the file
        assert waited.state == "termine"
    finally:
        second.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server(base: Path, port: int) -> subprocess.Popen:
    env = os.environ | {
        "CLAIR_BASE": str(base),
        "CLAIR_TACHES_EXTERNES": "true",
        "CLAIR_TACHES_PROCESSUS": "1",
        "CLAIR_SECRET_KEY": "deux-serveurs",
        "CLAIR_DEMO": "false",
    }
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    return subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _ready(url: str, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"{url} ne répond pas")


def test_two_server_processes_share_the_jobs_of_one_base(queue, settings):
    ports = [_free_port(), _free_port()]
    servers = [_server(settings.base, port) for port in ports]
    try:
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        _ready(first)
        _ready(second)
        with httpx.Client(base_url=first, timeout=30) as client:
            form = client.get("/analyser").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
            sent = client.post(
                "/analyser",
                data={"csrf_token": token, "texte": "Le pouvoir adjudicateur notifie la décision."},
            )
        assert sent.status_code == 303
        path = sent.headers["location"]
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            state = httpx.get(f"{second}{path}/etat", timeout=30).json()["etat"]
            if state in ("termine", "erreur"):
                break
            time.sleep(0.3)
        assert state == "termine"
        page = httpx.get(f"{second}{path}", timeout=30).text
        assert "Analyse : texte collé" in page
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
