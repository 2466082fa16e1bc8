"""All-or-nothing writes.

On SQLite a write transaction begins IMMEDIATE, taking the write lock before it reads, so
that two requests which both read-then-write cannot interleave and fail with "database is
locked". On PostgreSQL the default isolation (read committed) applies; the audit chain takes
its own lock (see :mod:`radrules_webshell.audit.service`).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, ParamSpec, TypeVar

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

P = ParamSpec("P")
T = TypeVar("T")


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


@asynccontextmanager
async def reading(engine: Engine[Any] | None = None) -> AsyncIterator[None]:
    """Several reads on one connection. Piccolo opens a new SQLite connection (and aiosqlite
    a thread) for each query outside a transaction, a few milliseconds each; a page that
    reads eight times spends most of its time there. On SQLite the block is a deferred
    transaction, which takes no write lock; on PostgreSQL the pool serves each query as
    before. Inside a transaction it joins it."""
    if engine is None:
        from radrules_webshell import piccolo_conf

        engine = piccolo_conf.DB
    if isinstance(engine, SQLiteEngine) and not engine.transaction_exists():
        async with engine.transaction(transaction_type=TransactionType.deferred):
            yield
    else:
        yield


def reads(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """The async function's queries in one :func:`reading` block (pages that read a lot)."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        async with reading():
            return await fn(*args, **kwargs)

    return wrapper
