"""Preparing the database (WAL on SQLite, pools on PostgreSQL) and binding the tables to an engine.

SQLite is the embedded default. Measured on this project: Piccolo on SQLite loses
concurrent writes ("database is locked") unless the file is in WAL mode, connections wait
for the lock (``timeout=30``) and read-then-write transactions start IMMEDIATE; with those,
500 of 500 concurrent posts succeeded. PostgreSQL is reached through asyncpg with a pool.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine
from radrules_webshell.db.urls import SQLITE_TIMEOUT_SECONDS as SQLITE_TIMEOUT_SECONDS
from radrules_webshell.db.urls import DatabaseUrlError as DatabaseUrlError
from radrules_webshell.db.urls import engine_from_url as engine_from_url
from radrules_webshell.db.urls import sqlite_path as sqlite_path


def prepare(engine: Engine[Any]) -> None:
    """Create the SQLite file's folder and switch it to WAL; nothing to do for PostgreSQL."""
    if isinstance(engine, SQLiteEngine):
        path = Path(engine.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        _enable_wal(path)


def _enable_wal(path: Path) -> None:
    # journal_mode=WAL is stored in the database file, so setting it once at start-up
    # covers every connection Piccolo opens later.
    connection = sqlite3.connect(path, timeout=SQLITE_TIMEOUT_SECONDS)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def is_sqlite(engine: Engine[Any]) -> bool:
    return engine.engine_type == "sqlite"


def bind(engine: Engine[Any]) -> None:
    """Point every table of the web shell, and Piccolo's own migration table, at ``engine``.

    Piccolo finds its engine through ``piccolo_conf.DB``; setting it (and each table's
    cached engine) lets one process, such as the test suite, use several databases in turn.
    """
    from piccolo.apps.migrations.tables import Migration
    from radrules_webshell import piccolo_conf
    from radrules_webshell.piccolo_app import TABLES

    piccolo_conf.DB = engine
    for table in (*TABLES, Migration):
        table._meta.db = engine


class _PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """A pooled connection returned to the pool without asyncpg's reset query.

    asyncpg resets a connection each time it goes back to the pool (``SELECT
    pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``): one more round trip per
    query outside a transaction, six of a card submission's 21 (bench/bench_submit_cost.py).
    The web shell leaves no session state to reset — its advisory locks are transaction-
    scoped (``pg_advisory_xact_lock``), it never LISTENs, SETs or keeps a cursor — and
    asyncpg still rolls back a transaction left open, whatever this returns.
    """

    def get_reset_query(self) -> str:
        return ""


async def start(engine: Engine[Any]) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10, connection_class=_PooledConnection)


async def stop(engine: Engine[Any]) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
