"""Timestamps as the base stores them: UTC, ISO 8601 to the second (``2026-03-01T11:00:00Z``)."""

from __future__ import annotations

from datetime import UTC, datetime

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


def utc_stamp(moment: datetime | None = None) -> str:
    """A moment (default: now) as sortable UTC text, ``2026-03-01T11:00:00Z``."""
    moment = moment if moment is not None else utc_now()
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)
