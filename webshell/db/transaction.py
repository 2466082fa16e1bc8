"""All-or-nothing writes.

On SQLite a write transaction begins IMMEDIATE, taking the write lock before it reads, so
that two requests which both read-then-write cannot interleave and fail with "database is
locked". On PostgreSQL the default isolation (read committed) applies; the audit chain takes
its own lock (see :mod:`radrules_webshell.audit.service`).
"""

from __future__ import annotations

from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType


def atomic(engine: Engine[Any] | None = None) -> Any:
    """A transaction context manager suited to a read-then-write unit of work.

    Without ``engine``, the one the tables are bound to (:func:`..db.engine.bind`).
    """
    if engine is None:
        from radrules_webshell import piccolo_conf

        engine = piccolo_conf.DB
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()
