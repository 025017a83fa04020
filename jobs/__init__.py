"""Clair's jobs: analyses and rewrites queued in a durable Huey queue beside the base, run by a
pool of worker processes, each job within a time and memory budget (see :mod:`jobs.queue`)."""

from jobs.budget import Budget, BudgetExceededError, JobCancelledError, JobFailedError, run_within
from jobs.kinds import KINDS, JobKind
from jobs.queue import JobQueue, JobSettings, default_processes
from jobs.store import Job

__all__ = [
    "KINDS",
    "Budget",
    "BudgetExceededError",
    "Job",
    "JobCancelledError",
    "JobFailedError",
    "JobKind",
    "JobQueue",
    "JobSettings",
    "default_processes",
    "run_within",
]
