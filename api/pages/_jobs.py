"""Long page tasks (analysing a long document) run in a background thread; the page polls.

Jobs live in memory, in this process, for :data:`JOB_TTL_S` seconds; at most :data:`MAX_JOBS`
are kept (the oldest finished ones are dropped first). A job's id is random and unguessable:
it is the only key to its result. One worker thread: analyses run one after another, so
two long documents never fight for the two CPU cores with the web server.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, Literal

from core.errors import ClairError

JOB_TTL_S = 3600.0
MAX_JOBS = 100

State = Literal["en_attente", "en_cours", "termine", "erreur"]


@dataclass
class Job:
    """One background task: its state, a French status line, and its result or error."""

    id: str
    kind: str
    label: str
    created: float = field(default_factory=time.monotonic)
    state: State = "en_attente"
    message: str = "En attente."
    result: Any = None
    error: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    future: Future | None = None

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.created


class JobRunner:
    """Runs jobs one at a time in a worker thread and keeps them for a while."""

    def __init__(self, max_jobs: int = MAX_JOBS, ttl_s: float = JOB_TTL_S) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clair-job")
        self.max_jobs = max_jobs
        self.ttl_s = ttl_s

    def submit(self, kind: str, label: str, work: Callable[[Job], Any], **data: Any) -> Job:
        """Queue ``work(job)``; its return value becomes ``job.result``."""
        job = Job(id=secrets.token_urlsafe(16), kind=kind, label=label, data=data)

        def run() -> None:
            job.state = "en_cours"
            job.message = "Analyse en cours."
            try:
                job.result = work(job)
            except ClairError as refused:
                job.error, job.state = str(refused), "erreur"
            except Exception:
                job.error = "L'analyse a échoué. Essayez avec un autre document."
                job.state = "erreur"
                logging.getLogger("clair.jobs").exception("tâche en échec", extra={"job": job.id})
            else:
                job.state, job.message = "termine", "Terminé."

        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        job.future = self._pool.submit(run)
        return job

    def get(self, job_id: str, kind: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.kind == kind else None

    def wait(self, job: Job, timeout_s: float) -> None:
        """Wait a little for the job, so short tasks show their result at once."""
        if job.future is not None:
            with contextlib.suppress(FutureTimeout):
                job.future.result(timeout=timeout_s)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job_id, job in list(self._jobs.items()):
            if now - job.created > self.ttl_s and job.state in ("termine", "erreur"):
                del self._jobs[job_id]
        finished = [j for j in self._jobs.values() if j.state in ("termine", "erreur")]
        finished.sort(key=lambda j: j.created)
        while len(self._jobs) >= self.max_jobs and finished:
            del self._jobs[finished.pop(0).id]

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def runner(app_state: Any) -> JobRunner:
    """The app's job runner, created on first use."""
    existing = getattr(app_state, "jobs", None)
    if existing is None:
        existing = JobRunner()
        app_state.jobs = existing
    return existing
