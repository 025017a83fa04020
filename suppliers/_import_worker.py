"""The second process of a large import: it reads and prepares the chunks of a SIRENE file
(:func:`suppliers.import_reading.read_chunks`) while the importing process writes them.

A plain child process (``python -m suppliers._import_worker``) rather than
:mod:`multiprocessing`, which would import the caller's main script again (or fork a process
that holds a base open). It reads the pickled job on its standard input and writes each chunk
on its standard output: its length, then its ``marshal`` form (plain tuples, lists and strings;
twice as fast to write as ``pickle``). The pipe holds one chunk, which bounds the memory.
"""

from __future__ import annotations

import marshal
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storage import connect
from suppliers import store
from suppliers.errors import ImportFileError
from suppliers.firm import Reject
from suppliers.import_reading import PreparedChunk, ReadJob, read_chunks


def _failure(kind: str, message: str) -> Exception:
    """The exception of the importing process for what stopped the worker process."""
    if kind == ImportFileError.__name__:
        return ImportFileError(message)
    return RuntimeError(f"{kind} dans le processus de lecture : {message}")


def _send(out: IO[bytes], message: tuple) -> None:
    """One message to the importing process: its length, then its ``marshal`` form."""
    payload = marshal.dumps(message)
    out.write(struct.pack("<Q", len(payload)))
    out.write(payload)
    out.flush()


def _receive(stream: IO[bytes]) -> tuple | None:
    """The next message of the worker process, None when its output ended too early."""
    size = stream.read(8)
    if len(size) < 8:
        return None
    payload = stream.read(struct.unpack("<Q", size)[0])
    return marshal.loads(payload)


def produce(job: ReadJob, base: str, out: IO[bytes]) -> None:
    """Read and prepare every chunk and send them to ``out``, then ``("fin",)``, or
    ``("erreur", kind, message)``."""
    try:
        reader = connect(base, read_only=True)
        try:
            for chunk in read_chunks(job, lambda sirens: store.legal_names(reader, sirens)):
                firms = chunk.firms
                _send(
                    out,
                    (
                        "morceau",
                        chunk.position,
                        chunk.lines_read,
                        chunk.filtered,
                        [(r.ligne, r.siret, r.motif) for r in chunk.rejects],
                        (firms.ids, firms.firms, firms.index) if firms else None,
                        chunk.forbidden_removed,
                    ),
                )
        finally:
            reader.close()
        _send(out, ("fin",))
    except Exception as error:
        _send(out, ("erreur", type(error).__name__, str(error)))


def chunks_from_worker(job: ReadJob, base: str) -> Iterator[PreparedChunk]:
    """The chunks of :func:`~suppliers.import_reading.read_chunks`, prepared by another
    process: reading, checking and normalising (Python and pandas) run on one core while the
    caller writes to SQLite on the other."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "suppliers._import_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    try:
        pickle.dump((job, base), worker.stdin)
        worker.stdin.close()
        while True:
            message = _receive(worker.stdout)
            if message is None:
                raise ImportFileError(
                    f"La lecture de {job.path.name} s'est arrêtée : le processus de lecture "
                    f"s'est terminé (code {worker.wait()})."
                )
            if message[0] == "fin":
                return
            if message[0] == "erreur":
                raise _failure(message[1], message[2])
            _, position, lines_read, filtered, rejects, firms, forbidden_removed = message
            yield PreparedChunk(
                position=position,
                lines_read=lines_read,
                filtered=filtered,
                rejects=[Reject(*reject) for reject in rejects],
                firms=store.FirmRows(*firms) if firms else None,
                forbidden_removed=forbidden_removed,
            )
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()


def main() -> None:
    job, base = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not break the messages
    produce(job, base, out)


if __name__ == "__main__":
    main()
