"""The storage seam: one embedded SQLite file (``CLAIR_BASE``) holds firms, tenders and accounts.

Connections, PRAGMAs, transactions, migrations and timestamps live here and only here. Each
package keeps its own SQL in its store module (``suppliers/store.py``, ``tenders/store.py``,
``api/users.py``); ``docs/architecture.md`` lists what another backend would have to provide.
"""

from storage.clock import utc_now, utc_stamp
from storage.connection import (
    connect,
    main_database_file,
    page_cache,
    transaction,
    tune_for_reads,
)
from storage.migrations import migrate

__all__ = [
    "connect",
    "main_database_file",
    "migrate",
    "page_cache",
    "transaction",
    "tune_for_reads",
    "utc_now",
    "utc_stamp",
]
