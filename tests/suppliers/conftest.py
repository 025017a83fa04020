"""Fixtures of the suppliers tests: an empty migrated register, small files in official layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import connect
from suppliers import store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def conn(base_path: Path):
    """A migrated, empty register in a fresh base file."""
    connection = connect(base_path)
    store.migrate(connection)
    yield connection
    connection.close()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
