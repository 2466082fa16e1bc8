"""Creating or upgrading the database with the web shell's Piccolo migrations."""

from __future__ import annotations

import contextlib
import io
import os
from typing import Any

from piccolo.engine.base import Engine
from radrules_webshell.db.engine import bind, prepare

APP_NAME = "radrules_webshell"


class MigrationError(RuntimeError):
    """The database could not be brought to the current schema."""


async def migrate(engine: Engine[Any]) -> None:
    """Bind the tables to ``engine`` and run the migrations it has not run yet."""
    os.environ.setdefault("PICCOLO_CONF", "radrules_webshell.piccolo_conf")
    prepare(engine)
    bind(engine)
    from piccolo.apps.migrations.commands.forwards import run_forwards

    # Piccolo narrates each step on stdout; the serve command prints its own summary.
    with contextlib.redirect_stdout(io.StringIO()) as narration:
        result = await run_forwards(app_name=APP_NAME)
    if not result.success:
        raise MigrationError(f"数据库迁移失败：{result.message}\n{narration.getvalue()}")
