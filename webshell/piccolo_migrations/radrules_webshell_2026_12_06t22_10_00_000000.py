"""Indexes for the statistics home page (issue 16 "Reliability and speed": p95 ≤ 300 ms with
100,000 workers on PostgreSQL), measured by bench/bench_statistics.py.

The page counts, per unit of the regulator's scope, the workers at work and the devices in
use on the day (``started_on``/``left_on``, ``installed_on``/``retired_on``) and the open
warnings by level, category and month of opening that the regulator's authority is told of
(``notify``). Each index starts with ``client`` — so that a county's page reads the rows of
its own units only — and carries the columns those filters read, so that the counts are
index-only scans, not reads of the wide rows (a warning's message and citations). SQLite
has no INCLUDE; it gets the plain composites.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T22:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "worker, device, unit_warning: covering indexes for the statistics home page"

_POSTGRES = (
    "CREATE INDEX IF NOT EXISTS worker_at_work ON worker (client, started_on, left_on)",
    "CREATE INDEX IF NOT EXISTS device_in_use ON device (client, installed_on, retired_on)",
    """CREATE INDEX IF NOT EXISTS unit_warning_statistics ON unit_warning (client)
    INCLUDE (state, level, category, opened_at, notify)""",
)
_SQLITE = (
    "CREATE INDEX IF NOT EXISTS worker_at_work ON worker (client, started_on, left_on)",
    "CREATE INDEX IF NOT EXISTS device_in_use ON device (client, installed_on, retired_on)",
    """CREATE INDEX IF NOT EXISTS unit_warning_statistics ON unit_warning
    (client, state, level, category, opened_at, notify)""",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        if engine is None:
            raise RuntimeError("no database engine configured")
        for ddl in _SQLITE if engine.engine_type == "sqlite" else _POSTGRES:
            await engine.run_ddl(ddl)

    manager.add_raw(create_indexes)
    return manager
