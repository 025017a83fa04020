"""The local-economy dashboard: who wins a buyer's contracts, how far away, how big, with how
much competition, and in which activities local firms exist but never win.

The query and result models are in :mod:`tenders.dashboard_model`; the definitions of each
indicator and their sources in ``docs/indicateurs.md``.
"""

from __future__ import annotations

import sqlite3

from tenders.dashboard_model import Dashboard, DashboardQuery

__all__ = ["Dashboard", "DashboardQuery", "build_dashboard"]


def build_dashboard(conn: sqlite3.Connection, query: DashboardQuery) -> Dashboard:
    """The dashboard of the buyers' contracts that pass the query's filters."""
    raise NotImplementedError("en cours (issue 17, i17a)")
