"""An index for the regulator's card query (source 000 §5.4), measured by bench/bench_regulator_query.py.

Every regulator query is bounded by a division-code prefix (``division_code LIKE '3201%'``)
and sorted by report year, then id. On PostgreSQL the index is ordered by the prefix with
``varchar_pattern_ops`` (so that LIKE can use it whatever the database's collation) and
carries the columns the filters read, so counting the matches and choosing the first page
read the index only, not the wide rows with their JSON documents. SQLite has neither
operator classes nor INCLUDE; it gets the plain composite.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "report_card: covering index for the regulator's query by division prefix"

_POSTGRES = """CREATE INDEX IF NOT EXISTS report_card_regulator_query ON report_card
    (division_code varchar_pattern_ops, report_year, id)
    INCLUDE (status, status_under_lock, service_field, report_issued_on,
             institution_division_code, institution, client_name, client_uscc)"""
_SQLITE = """CREATE INDEX IF NOT EXISTS report_card_regulator_query ON report_card
    (division_code, report_year, id)"""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    async def create_index() -> None:
        engine = engine_finder()
        if engine is None:
            raise RuntimeError("no database engine configured")
        await engine.run_ddl(_SQLITE if engine.engine_type == "sqlite" else _POSTGRES)

    manager.add_raw(create_index)
    return manager
