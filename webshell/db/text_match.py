"""“Contains” filters (模糊查询) on both databases, with the user's text taken literally.

``%`` and ``_`` are LIKE's wildcards: typed into a filter they would match everything (or
any one character). They, and the escape character itself, are escaped, and the pattern
says which escape it uses (SQLite has no default). SQLite's LIKE already ignores the case
of Latin letters; PostgreSQL's ILIKE does the same there.
"""

from __future__ import annotations

from typing import Any

from piccolo.columns.combination import Where
from piccolo.columns.operators.comparison import ComparisonOperator
from radrules_webshell.db.engine import is_sqlite


class _LikeEscaped(ComparisonOperator):
    template = "{name} LIKE {value} ESCAPE '\\'"


class _ILikeEscaped(ComparisonOperator):
    template = "{name} ILIKE {value} ESCAPE '\\'"


def literal_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching itself only (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, text: str) -> Where:
    """``column`` contains ``text`` (stripped), Latin letters in either case."""
    pattern = f"%{literal_pattern(text.strip())}%"
    operator = _LikeEscaped if is_sqlite(column._meta.table._meta.db) else _ILikeEscaped
    return Where(column=column, value=pattern, operator=operator)
