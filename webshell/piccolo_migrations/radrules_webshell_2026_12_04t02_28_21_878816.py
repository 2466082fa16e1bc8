from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-04T02:28:21:878816"
VERSION = "1.38.0"
DESCRIPTION = ""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    manager.drop_column(
        table_class_name="ExamTrainingRecord",
        tablename="exam_training_record",
        column_name="certificate_no",
        db_column_name="certificate_no",
        schema=None,
    )

    return manager
