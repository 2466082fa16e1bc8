"""login_challenge: the picture check before a login after failures (source 002 §2.2 1; accounts.captcha)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T01:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "login_challenge: picture checks waiting for their answer"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    manager.add_table(
        class_name="LoginChallenge",
        tablename="login_challenge",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="LoginChallenge",
        tablename="login_challenge",
        column_name="token_hash",
        db_column_name="token_hash",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="LoginChallenge",
        tablename="login_challenge",
        column_name="answer_hash",
        db_column_name="answer_hash",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 100,
            "default": "",
            "null": False,
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

    manager.add_column(
        table_class_name="LoginChallenge",
        tablename="login_challenge",
        column_name="expires_at",
        db_column_name="expires_at",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
