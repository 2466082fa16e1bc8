"""Multi-row INSERT for the batch writers (the daily evaluation of warnings, issue 16).

Piccolo builds an ``insert(*rows)`` by making a ``Table`` object of every row and a nested
query string of every value; for the ten thousand warnings (and as many history events) of
a city's first evaluation that cost about 7 s of CPU, more than the evaluation itself.
:func:`insert_rows` writes plain tuples as ``INSERT … VALUES (…), (…) RETURNING id`` on the
connection of the current transaction, in statements of at most :data:`MAX_PARAMETERS`
values (asyncpg takes at most 32,767 parameters per statement, SQLite since 3.32 32,766).

Values are passed as parameters, never formatted into the SQL: on SQLite the adapters
Piccolo registers (dates and times as ISO text, aware times in UTC) convert them as they do
for Piccolo's own queries, so the rows read back the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

#: Under asyncpg's limit of 32,767 parameters per statement (and SQLite's 32,766).
MAX_PARAMETERS = 32_000


def _columns_of(table: type[Table], columns: Sequence[str]) -> list[str]:
    names = {c._meta.name: c._meta.db_column_name for c in table._meta.columns}
    unknown = [c for c in columns if c not in names]
    if unknown:
        raise ValueError(f"{table._meta.tablename} has no column {unknown}")
    return [names[c] for c in columns]


async def insert_rows(
    table: type[Table], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, returning: bool = False
) -> list[int]:
    """Insert ``rows`` (each a tuple in the order of ``columns``) into ``table``, inside the
    current transaction (required: the caller's all-or-nothing unit of work); the new ids
    when ``returning``, in no particular order."""
    if not rows:
        return []
    engine = table._meta.db
    transaction = engine.current_transaction.get()
    if transaction is None:
        raise RuntimeError("insert_rows runs inside a transaction (db.transaction.atomic)")
    width = len(columns)
    if any(len(r) != width for r in rows):
        raise ValueError("every row has one value per column")
    names = ", ".join(f'"{c}"' for c in _columns_of(table, columns))
    head = f'INSERT INTO "{table._meta.tablename}" ({names}) VALUES '
    tail = ' RETURNING "id"' if returning else ""
    postgres = isinstance(engine, PostgresEngine)
    per_statement = max(1, MAX_PARAMETERS // width)
    connection = transaction.connection
    ids: list[int] = []
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        if postgres:
            groups = (
                "(" + ", ".join(f"${n * width + i + 1}" for i in range(width)) + ")" for n in range(len(part))
            )
        else:
            one = "(" + ", ".join("?" * width) + ")"
            groups = (one for _ in part)
        sql = head + ", ".join(groups) + tail
        values = [v for row in part for v in row]
        if postgres:
            fetched = await connection.fetch(sql, *values)
        else:
            async with connection.execute(sql, values) as cursor:
                fetched = await cursor.fetchall()
        if returning:
            ids += [int(r["id"]) for r in fetched]
    return ids
