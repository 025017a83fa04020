"""The process that reads and prepares a large SIRENE file for :func:`suppliers.importer.import_file`.

Run as ``python -m suppliers._import_worker``: reads the pickled job on its standard input and
writes the pickled chunks on its standard output (:func:`suppliers.importer.produce`).
"""

from __future__ import annotations

import pickle
import sys

from suppliers.importer import produce


def main() -> None:
    job, base = pickle.load(sys.stdin.buffer)
    produce(job, base, sys.stdout.buffer)


if __name__ == "__main__":
    main()
