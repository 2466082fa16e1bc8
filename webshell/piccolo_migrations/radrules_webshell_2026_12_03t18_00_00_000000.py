"""SQLite: the audit table refuses ``INSERT OR REPLACE`` (and ``REPLACE INTO``).

REPLACE resolves a conflict by deleting the existing row and inserting the new one, and
SQLite does not fire DELETE triggers for that deletion (unless ``recursive_triggers`` is
on), so the append-only triggers of 2026-11-26 never saw it: an existing row could be
rewritten in place. This trigger refuses any insert whose id or hash is already there,
before the conflict is resolved. PostgreSQL has no REPLACE; its triggers already see every
UPDATE and DELETE, and only a superuser can switch them off (see docs/webshell.md: the web
shell's role must not be one).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_event: SQLite refuses REPLACE of an existing row"

_SQLITE = """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event
   WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id OR hash = NEW.hash)
   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    async def create_trigger() -> None:
        engine = engine_finder()
        if engine is None:
            raise RuntimeError("no database engine configured")
        if engine.engine_type == "sqlite":
            await engine.run_ddl(_SQLITE)

    manager.add_raw(create_trigger)
    return manager
