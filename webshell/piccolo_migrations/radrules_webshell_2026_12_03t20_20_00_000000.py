"""staff_member.support_multiple: the declaration's 支撑几倍 (source 000 §4.1 第三步; issue 18, item 6)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T20:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "staff_member: support_multiple"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    manager.add_column(
        table_class_name="StaffMember",
        tablename="staff_member",
        column_name="support_multiple",
        db_column_name="support_multiple",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
