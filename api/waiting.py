"""Jobs seen from HTTP: submit one, wait for it without blocking the server, stop it when the
client leaves, and turn its error into the right French answer.

The job itself runs in a worker process (:mod:`jobs.queue`); this side only reads the base.
"""

from __future__ import annotations

import asyncio
import time

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from core.errors import InvalidInputError, TooLargeError
from falc.document import Document
from jobs import Job, JobCancelledError, JobQueue

POLL_S = 0.2
"""How often a waiting request reads the job's state."""
SEEN_EVERY_S = 2.0
"""How often a waiting request tells the worker that someone still waits."""

_STATUS = {"trop_gros": 413, "invalide": 422, "annulee": 422, "echec": 500}


def job_queue(request: Request) -> JobQueue:
    return request.app.state.jobs


def error_status(job: Job) -> int:
    """The HTTP status of a failed job: 413 past its budget, 422 for a refused document."""
    return _STATUS.get(job.error_kind or "echec", 500)


async def read_job(request: Request, job_id: str, *, seen: bool = True) -> Job | None:
    return await run_in_threadpool(job_queue(request).get, job_id, seen=seen)


async def wait_for(request: Request, job_id: str, timeout_s: float) -> Job | None:
    """The job once done, or as it stands after ``timeout_s`` seconds (None if unknown)."""
    deadline = time.monotonic() + timeout_s
    job = await read_job(request, job_id)
    while job is not None and not job.done and time.monotonic() < deadline:
        await asyncio.sleep(POLL_S)
        job = await read_job(request, job_id, seen=False)
    return job


async def run_for_request(
    request: Request, kind: str, document: Document, source: bytes | None, filename: str
) -> Job:
    """Submit a job and wait for its end; the finished job.

    When the client disconnects, the job is cancelled: its worker stops computing. A failed
    job raises its French error: past its budget 413, a refused document 422.
    """
    queue = job_queue(request)
    job_id = await run_in_threadpool(queue.submit, kind, document, source, filename)
    last_seen = time.monotonic()
    while True:
        seen = time.monotonic() - last_seen > SEEN_EVERY_S
        if seen:
            last_seen = time.monotonic()
        job = await read_job(request, job_id, seen=seen)
        if job is None:
            raise HTTPException(
                500, "Le travail a disparu de la file. Envoyez le document à nouveau."
            )
        if job.state == "termine":
            return job
        if job.state == "erreur":
            raise_error(job)
        if await request.is_disconnected():
            await run_in_threadpool(queue.cancel, job_id)
            raise JobCancelledError("La demande a été quittée : le travail est arrêté.")
        await asyncio.sleep(POLL_S)


def raise_error(job: Job) -> None:
    """Raise the French error of a failed job, with its HTTP kind."""
    message = job.error or "Le travail a échoué."
    if job.error_kind == "trop_gros":
        raise TooLargeError(message)
    if job.error_kind in ("invalide", "annulee"):
        raise InvalidInputError(message)
    raise HTTPException(500, message)
