import sqlite3

import pytest

from storage import connect, migrate, transaction

STEPS = ["CREATE TABLE t (x INTEGER)", "ALTER TABLE t ADD COLUMN y TEXT"]


def test_migrate_applies_each_step_once(base_path):
    conn = connect(base_path)
    assert migrate(conn, "demo", STEPS) == 2
    assert migrate(conn, "demo", STEPS) == 0
    assert migrate(conn, "demo", [*STEPS, "CREATE INDEX t_x ON t (x)"]) == 1
    conn.execute("INSERT INTO t (x, y) VALUES (1, 'a')")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failed_migration_leaves_no_trace(base_path):
    conn = connect(base_path)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, "demo", ["CREATE TABLE u (x); SELECT * FROM missing_table"])
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'u'").fetchone() is None
    assert migrate(conn, "demo", ["CREATE TABLE u (x)"]) == 1


def test_transaction_rolls_back_on_error(base_path):
    conn = connect(base_path)
    migrate(conn, "demo", STEPS)
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO t (x) VALUES (1)")
        raise RuntimeError("boom")
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0
