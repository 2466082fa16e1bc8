"""authority: the names the platform generated before it had a division table
(``江苏省市级卫生健康委员会（320500）``) become the body's own name
(``江苏省苏州市卫生健康委员会``), from radrules' GB/T 2260 table; a name someone typed is
left as it is (issue 18, item 9)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-03T20:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "authority: generated names become the division's full name"

_LEVELS = {2: "省级", 4: "市级", 6: "县级"}
_BODIES = {"reviewer": "疾病预防控制中心", "regulator": "卫生健康委员会"}


def _generated(kind: str, code: str) -> str:
    """The name the earlier ``admin.service.authority_name`` gave (kept here as it was)."""
    from radrules import PROVINCES

    six = code[:6]
    prefix = six[:2] if six.endswith("0000") else six[:4] if six.endswith("00") else six
    body = _BODIES.get(kind, "卫生健康委员会")
    return f"{PROVINCES.get(code[:2], '')}{_LEVELS.get(len(prefix), '')}{body}（{code}）"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="radrules_webshell", description=DESCRIPTION)

    async def rename() -> None:
        from radrules import division_name

        engine = engine_finder()
        if engine is None:
            raise RuntimeError("no database engine configured")
        rows = await engine.run_querystring(
            QueryString("SELECT id, name, kind, division_code FROM authority")
        )
        for row in rows or []:
            name = division_name(row["division_code"])
            if name and row["name"] == _generated(row["kind"], row["division_code"]):
                new = f"{name}{_BODIES.get(row['kind'], '卫生健康委员会')}"
                await engine.run_querystring(
                    QueryString("UPDATE authority SET name = {} WHERE id = {}", new, row["id"])
                )

    manager.add_raw(rename)
    return manager
