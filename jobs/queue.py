"""The job queue: analyses and rewrites wait in a durable Huey queue, run by worker processes.

- The queue is a ``SqliteHuey`` file beside Clair's base (``clair.taches.sqlite`` beside
  ``clair.sqlite``); each job's document, state and result are in the base itself
  (:mod:`jobs.store`). Any server process can submit a job and any can read it.
- Two lanes: a job of at most ``short_words`` words goes to the short lane, with a worker of
  its own; longer jobs share ``processes`` workers (default: cores − 1). A long job never
  holds up a short one.
- Each job runs in a child of its worker within its time and memory budget
  (:mod:`jobs.budget`); it is stopped when nobody has asked about it for ``abandon_s`` seconds
  or when it is cancelled (the client left).
- At start, jobs that were running when Clair stopped run again (once), and waiting jobs are
  still in the queue file.

With ``processes = 0`` the jobs run in threads of the calling process, one per lane, still each
in a budgeted child: for tests and for a single-process set-up.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from huey import SqliteHuey
from pydantic import BaseModel, ConfigDict, Field

from core.errors import ClairError, InvalidInputError, TooLargeError
from falc.document import Document
from falc.nlp import load_nlp
from jobs import store
from jobs.budget import Budget, JobCancelledError, JobFailedError, die_with_parent, run_within
from jobs.kinds import KINDS, run_kind
from storage import connect

log = logging.getLogger("clair.jobs")

Lane = Literal["courte", "longue"]
LANES: tuple[Lane, ...] = ("courte", "longue")
TASK_NAME = "clair.tache"
STOP_TIMEOUT_S = 10.0
"""How long a consumer gets to stop its workers (a running job stays « en cours »)."""


def default_processes() -> int:
    """Worker processes for long jobs: one per core but one, at least one."""
    return max(1, (os.cpu_count() or 2) - 1)


class JobSettings(BaseModel):
    """Where jobs are kept, how many processes run them, and each job's budget."""

    model_config = ConfigDict(frozen=True)

    base: Path
    spacy_model: str = "fr_core_news_md"
    processes: int = Field(default_factory=default_processes, ge=0)
    seconds: float = Field(default=300.0, gt=0)
    memory_mb: int = Field(default=900, gt=0)
    short_words: int = Field(default=2000, ge=0)
    abandon_s: float = Field(default=60.0, gt=0)

    @property
    def budget(self) -> Budget:
        """What one job may use."""
        return Budget(self.seconds, self.memory_mb)

    @property
    def queue_file(self) -> Path:
        """The Huey queue, beside the base: ``clair.sqlite`` → ``clair.taches.sqlite``."""
        return self.base.with_name(f"{self.base.stem}.taches{self.base.suffix or '.sqlite'}")


def lane_for(document: Document, short_words: int) -> Lane:
    words = sum(len(p.text.split()) for p in document.paragraphs)
    return "courte" if words <= short_words else "longue"


def run_job(
    base: str, job_id: str, seconds: float, memory_mb: int, abandon_s: float, spacy_model: str
) -> None:
    """Run one stored job, once, within its budget; its result or its error go to the base."""
    conn = connect(base)
    try:
        _run_job(conn, job_id, Budget(seconds, memory_mb), abandon_s, spacy_model)
    finally:
        conn.close()


def _run_job(
    conn: sqlite3.Connection, job_id: str, budget: Budget, abandon_s: float, spacy_model: str
) -> None:
    job = store.get(conn, job_id)
    if job is None or job.state != "en_attente":
        return
    kind = KINDS[job.kind]
    if store.abandoned(conn, job_id, abandon_s):
        store.cancel(conn, job_id, f"{kind.subject} a été annulée : la demande a été quittée.")
        return
    message = kind.running_message(Document.model_validate_json(job.document))
    if store.claim(conn, job_id, message) is None:
        return
    nlp = load_nlp(spacy_model)
    try:
        result = run_within(
            run_kind,
            job.kind,
            job.document,
            nlp,
            budget=budget,
            subject=kind.subject,
            cancelled=lambda: store.abandoned(conn, job_id, abandon_s),
        )
    except JobCancelledError as cancelled:
        store.fail(conn, job_id, str(cancelled), "annulee")
    except TooLargeError as refused:
        store.fail(conn, job_id, str(refused), "trop_gros")
    except JobFailedError as failed:
        log.error("tâche en échec", extra={"job": job_id, "cause": str(failed.__cause__)})
        store.fail(conn, job_id, str(failed), "echec")
    except (InvalidInputError, ClairError) as refused:
        store.fail(conn, job_id, str(refused), "invalide")
    except Exception:
        log.exception("tâche en échec", extra={"job": job_id})
        store.fail(
            conn, job_id, f"{kind.subject} a échoué. Essayez avec un autre document.", "echec"
        )
    else:
        store.finish(conn, job_id, result)


@lru_cache(maxsize=8)
def _lane_tasks(queue_file: str) -> dict[Lane, Any]:
    """The Huey task of each lane on this queue file (one ``SqliteHuey`` per lane)."""
    tasks: dict[Lane, Any] = {}
    for lane in LANES:
        huey = SqliteHuey(name=f"clair-{lane}", filename=queue_file, results=False)
        huey.on_startup("die_with_parent")(die_with_parent)
        tasks[lane] = huey.task(name=TASK_NAME)(run_job)
    return tasks


def _consume(queue_file: str, lane: Lane, workers: int) -> None:
    """One lane's consumer: it forks ``workers`` Huey worker processes and feeds them."""
    die_with_parent()
    huey = _lane_tasks(queue_file)[lane].huey
    consumer = huey.create_consumer(
        workers=workers, worker_type="process", periodic=False, check_worker_health=True
    )
    consumer.run()


def _consume_lanes(queue_file: str, lanes: list[tuple[Lane, int]], spacy_model: str) -> None:
    """The job processes' parent: load the language model once, fork one consumer per lane
    (every consumer and worker shares the model's pages), and stop them on SIGTERM."""
    die_with_parent()
    logging.basicConfig(level=logging.WARNING)
    load_nlp(spacy_model)
    fork = multiprocessing.get_context("fork")
    consumers = [
        fork.Process(target=_consume, args=(queue_file, lane, workers), name=f"clair-{lane}")
        for lane, workers in lanes
    ]
    for consumer in consumers:
        consumer.start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.wait(1.0):
        for index, consumer in enumerate(consumers):
            if not consumer.is_alive():  # a consumer that died is replaced
                lane, workers = lanes[index]
                consumers[index] = fork.Process(
                    target=_consume, args=(queue_file, lane, workers), name=f"clair-{lane}"
                )
                consumers[index].start()
    for consumer in consumers:
        consumer.terminate()
    for consumer in consumers:
        consumer.join(STOP_TIMEOUT_S)
        if consumer.is_alive():
            consumer.kill()
            consumer.join()


class JobQueue:
    """Submit jobs, read them, cancel them; start and stop the processes that run them."""

    def __init__(self, settings: JobSettings) -> None:
        self.settings = settings
        self._threads: dict[Lane, ThreadPoolExecutor] = {}
        self._consumers: list[multiprocessing.process.BaseProcess] = []

    def _connect(self) -> sqlite3.Connection:
        return connect(self.settings.base)

    def submit(self, kind: str, document: Document, source: bytes | None, filename: str) -> str:
        """Store the job and queue it in its lane; its id."""
        conn = self._connect()
        try:
            store.purge(conn)
            lane = lane_for(document, self.settings.short_words)
            job_id = store.create(
                conn,
                kind=kind,
                label=document.name,
                lane=lane,
                document=document.model_dump_json(),
                source=source,
                filename=filename,
            )
        finally:
            conn.close()
        self._dispatch(lane, job_id)
        return job_id

    def _dispatch(self, lane: Lane, job_id: str) -> None:
        s = self.settings
        args = (str(s.base), job_id, s.seconds, s.memory_mb, s.abandon_s, s.spacy_model)
        if s.processes == 0:
            if lane not in self._threads:
                self._threads[lane] = ThreadPoolExecutor(1, thread_name_prefix=f"clair-{lane}")
            self._threads[lane].submit(run_job, *args)
        else:
            _lane_tasks(str(s.queue_file))[lane](*args)

    def get(self, job_id: str, *, seen: bool = True) -> store.Job | None:
        """The job (None if unknown or forgotten); ``seen`` says someone is still waiting."""
        conn = self._connect()
        try:
            if seen:
                store.seen(conn, job_id)
            return store.get(conn, job_id)
        finally:
            conn.close()

    def cancel(self, job_id: str) -> None:
        conn = self._connect()
        try:
            job = store.get(conn, job_id)
            if job is not None:
                subject = KINDS[job.kind].subject
                store.cancel(conn, job_id, f"{subject} a été annulée : la demande a été quittée.")
        finally:
            conn.close()

    def start(self) -> None:
        """Run again the jobs a restart interrupted, then start the lanes' consumers."""
        conn = self._connect()
        try:
            store.migrate(conn)
            rerun, waiting = store.interrupted(conn)
        finally:
            conn.close()
        for job in rerun:
            self._dispatch(job.lane, job.id)  # type: ignore[arg-type]
        if self.settings.processes == 0:
            for job in waiting:  # in-process queues do not survive the process
                self._dispatch(job.lane, job.id)  # type: ignore[arg-type]
            return
        lanes = [("longue", self.settings.processes), ("courte", 1)]
        process = multiprocessing.get_context("spawn").Process(
            target=_consume_lanes,
            args=(str(self.settings.queue_file), lanes, self.settings.spacy_model),
            name="clair-taches",
        )
        process.start()
        self._consumers.append(process)

    def stop(self, timeout_s: float = 2 * STOP_TIMEOUT_S) -> None:
        """Stop the consumers (a running job stays « en cours » and runs again at the next
        start) and the in-process threads."""
        for process in self._consumers:
            process.terminate()
        for process in self._consumers:
            process.join(timeout_s)
            if process.is_alive():
                process.kill()
                process.join()
        self._consumers.clear()
        for pool in self._threads.values():
            pool.shutdown(wait=False, cancel_futures=True)
        self._threads.clear()
