"""The Piccolo engine a database URL names (``RADRULES_DATABASE_URL``): SQLite or PostgreSQL.

Kept apart from :mod:`.engine` (which binds the tables and so imports the Piccolo
configuration) because the Piccolo configuration itself builds its engine from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

SQLITE_TIMEOUT_SECONDS = 30


class DatabaseUrlError(ValueError):
    """A database URL that names no supported database."""


def sqlite_path(url: str) -> Path:
    """``sqlite:///rel/path`` is relative to the working directory, ``sqlite:////abs`` absolute."""
    rest = url[len("sqlite://") :]
    if not rest.startswith("/") or rest == "/":
        raise DatabaseUrlError(f"SQLite 地址应为 sqlite:///相对路径 或 sqlite:////绝对路径，实际为 {url!r}")
    return Path(rest[1:])


def engine_from_url(url: str) -> Engine[Any]:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return SQLiteEngine(path=str(sqlite_path(url)), timeout=SQLITE_TIMEOUT_SECONDS)
    if scheme in ("postgresql", "postgres"):
        return PostgresEngine(config={"dsn": url})
    raise DatabaseUrlError(
        f"不支持的数据库地址 {url!r}：应以 sqlite:/// 或 postgresql:// 开头（RADRULES_DATABASE_URL）"
    )
