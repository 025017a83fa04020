"""Running one job in a child process within a time and a memory budget.

The child is forked from the worker (which has loaded the language model once: the pages are
shared, nothing is loaded again). The worker watches it every ``poll_s`` seconds and kills it
when it runs past its time, when the resident memory it adds to the worker's passes its budget
(the pages it shares with the worker, the language model above all, are not its own), or when
the job is cancelled (the client left). The child also has an address-space limit (``RLIMIT_AS``) of its
size at the fork plus the budget, so that a sudden allocation fails inside it rather than
taking the machine's memory; and it dies with its parent (``PR_SET_PDEATHSIG``), so that no job
outlives the worker that watches it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import ClairError, TooLargeError

_PR_SET_PDEATHSIG = 1
_READ_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Budget:
    """What one job may use: wall time in seconds, and the resident memory in megabytes it
    may add to its worker's (which already holds the language model)."""

    seconds: float
    memory_mb: int


class BudgetExceededError(TooLargeError):
    """The job ran past its time or its memory and was stopped."""


class JobCancelledError(ClairError):
    """The job was cancelled: the person who asked for it left."""


class JobFailedError(ClairError):
    """The job failed for a reason that is not the user's (a bug, a killed process)."""


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no orphan keeps computing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _status_kb(pid: int | str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def resident_mb(pid: int) -> float:
    """Resident memory of a process, in megabytes (0 if it is gone)."""
    return _status_kb(pid, "VmRSS") / 1024


def _child(write_fd: int, function: Callable[..., Any], args: tuple, memory_mb: int) -> None:
    """In the forked child: limit, run, send (status, payload) through the pipe, exit."""
    die_with_parent()
    with contextlib.suppress(OSError, ValueError):
        limit = _status_kb("self", "VmSize") * 1024 + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome: tuple[str, Any] = ("ok", function(*args))
    except MemoryError:
        outcome = ("memoire", None)
    except ClairError as refused:
        outcome = ("refus", refused)
    except BaseException:  # the child reports everything; the parent decides
        outcome = ("echec", traceback.format_exc())
    try:
        data = pickle.dumps(outcome)
    except Exception:
        data = pickle.dumps(("echec", traceback.format_exc()))
    view = memoryview(data)
    while view:
        view = view[os.write(write_fd, view) :]
    os.close(write_fd)


def run_within(
    function: Callable[..., Any],
    *args: Any,
    budget: Budget,
    subject: str = "La tâche",
    cancelled: Callable[[], bool] | None = None,
    poll_s: float = 0.1,
    cancel_every_s: float = 0.5,
) -> Any:
    """``function(*args)`` run in a forked child within ``budget``; its return value.

    Raises :class:`BudgetExceededError` past the time or the memory (French message naming
    ``subject``, e.g. « L'analyse »), :class:`JobCancelledError` when ``cancelled()`` becomes
    true, the child's own :class:`ClairError` when it refused the input, and
    :class:`JobFailedError` for anything else. The child is always gone when this returns.
    """
    read_fd, write_fd = os.pipe()
    baseline_mb = resident_mb(os.getpid())  # the child starts with this: the model, the caller
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 0
        try:
            os.close(read_fd)
            _child(write_fd, function, args, budget.memory_mb)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    started = time.monotonic()
    next_cancel_check = started + cancel_every_s
    finished = False
    try:
        while not finished:
            readable, _, _ = select.select([read_fd], [], [], poll_s)
            if readable:
                chunk = os.read(read_fd, _READ_CHUNK)
                if chunk:
                    chunks.append(chunk)
                    continue
                finished = True
                break
            now = time.monotonic()
            if now - started > budget.seconds:
                raise BudgetExceededError(
                    f"{subject} a dépassé le temps permis ({budget.seconds:g} s) : Clair l'a "
                    "arrêtée. Envoyez un document plus court, ou coupé en phrases par des points."
                )
            if resident_mb(pid) - baseline_mb > budget.memory_mb:
                raise BudgetExceededError(
                    f"{subject} a dépassé la mémoire permise ({budget.memory_mb} Mo) : Clair "
                    "l'a arrêtée. Envoyez un document plus court."
                )
            if cancelled is not None and now >= next_cancel_check:
                next_cancel_check = now + cancel_every_s
                if cancelled():
                    raise JobCancelledError(f"{subject} a été annulée : la demande a été quittée.")
    finally:
        os.close(read_fd)
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, wait_status = os.waitpid(pid, 0)
    return _outcome(b"".join(chunks), wait_status, subject, budget)


def _outcome(data: bytes, wait_status: int, subject: str, budget: Budget) -> Any:
    try:
        status, payload = pickle.loads(data) if data else ("mort", wait_status)
    except Exception:
        status, payload = "mort", wait_status
    if status == "ok":
        return payload
    if status == "memoire":
        raise BudgetExceededError(
            f"{subject} a dépassé la mémoire permise ({budget.memory_mb} Mo) : Clair l'a "
            "arrêtée. Envoyez un document plus court."
        )
    if status == "refus":
        raise payload
    raise JobFailedError(f"{subject} a échoué. Essayez avec un autre document.") from RuntimeError(
        str(payload)
    )
