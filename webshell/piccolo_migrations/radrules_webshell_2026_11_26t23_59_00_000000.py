"""Make the audit table append-only in the database itself, on SQLite and PostgreSQL.

The application only inserts audit rows; these triggers make an UPDATE or DELETE fail
even for code (or a person at a SQL prompt) that tries, so the hash chain is not the
only line of defence.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T23:59:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_event is append-only (triggers refuse UPDATE and DELETE)"

_SQLITE = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
]

_POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_event is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    async def create_triggers() -> None:
        engine = engine_finder()
        if engine is None:
            raise RuntimeError("no database engine configured")
        for statement in _SQLITE if engine.engine_type == "sqlite" else _POSTGRES:
            await engine.run_ddl(statement)

    manager.add_raw(create_triggers)
    return manager
