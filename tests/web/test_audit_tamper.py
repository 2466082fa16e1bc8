"""Tampering with the audit trail by someone who can write the database (issue 12,
finding 11): every attack of the report, and each now shows in ``verify-audit``.

These tests rewrite and delete rows, so they run on a database of their own per backend.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from web_helpers import DEMO, Web, unique_id_number


@pytest.fixture(scope="module")
def tamper_web(backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    from conftest import own_web

    with own_web(backend, tmp_path_factory, "audit", audit_checkpoint_seconds=0) as web:
        yield web


def _grow(web: Web, n: int = 3) -> None:
    user = web.api_login(*DEMO["client"])
    for i in range(n):
        r = user.api(
            "POST", "/api/client/workers/", json={"name": f"审计{i}", "id_number": unique_id_number()}
        )
        assert r.status_code == 201, r.text


def _verify(web: Web) -> Any:
    from radrules_webshell.audit import service

    return web.run(service.verify)


def _checkpoint(web: Web) -> None:
    from radrules_webshell.audit import checkpoints

    web.run(checkpoints.write)


class _TriggersOff:
    """What the database's owner (or whoever holds the SQLite file) can do."""

    def __init__(self, web: Web) -> None:
        self.web = web

    def sql(self, statement: str) -> Any:
        from radrules_webshell.audit.tables import AuditEvent

        return self.web.run(AuditEvent.raw(statement).run)

    def __enter__(self) -> _TriggersOff:
        if self.web.backend == "sqlite":
            for name in ("audit_event_no_update", "audit_event_no_delete", "audit_event_no_replace"):
                self.sql(f"DROP TRIGGER {name}")
        else:
            self.sql("ALTER TABLE audit_event DISABLE TRIGGER USER")
        return self

    def __exit__(self, *_: object) -> None:
        if self.web.backend == "sqlite":
            abort = "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
            self.sql(f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event {abort}")
            self.sql(f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event {abort}")
            self.sql(
                "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event WHEN EXISTS "
                f"(SELECT 1 FROM audit_event WHERE id = NEW.id OR hash = NEW.hash) {abort}"
            )
        else:
            self.sql("ALTER TABLE audit_event ENABLE TRIGGER USER")


def _rows(web: Web) -> list[dict[str, Any]]:
    from radrules_webshell.audit.tables import AuditEvent

    return web.run(AuditEvent.select().order_by(AuditEvent.id))


def _sha256_chain(rows: list[dict[str, Any]], start: int) -> list[tuple[int, str, str]]:
    """The old, unkeyed chain recomputed from row ``start`` on: what the attacker did."""
    from radrules_webshell.audit.service import hashed_fields

    out = []
    prev = rows[start - 1]["hash"] if start else "0" * 64
    for row in rows[start:]:
        body = json.dumps(hashed_fields(row), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        new = hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()
        out.append((row["id"], prev, new))
        prev = new
    return out


def test_sqlite_refuses_replace_on_the_audit_table(tamper_web: Web) -> None:
    if tamper_web.backend != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    from radrules_webshell.audit.tables import AuditEvent

    first = _rows(tamper_web)[0]
    statement = (
        "INSERT OR REPLACE INTO audit_event (id, at, actor_login, actor_role, action, entity, entity_id,"
        f" prev_hash, hash) VALUES ({first['id']}, '{first['at']}', 'mallory', 'admin', 'forged', 'x', '1',"
        f" '{first['prev_hash']}', '{'f' * 64}')"
    )
    with pytest.raises(Exception, match="append-only"):
        tamper_web.run(AuditEvent.raw(statement).run)
    assert _rows(tamper_web)[0] == first


def test_a_rewritten_row_with_recomputed_hashes_is_found(tamper_web: Web) -> None:
    """The report's attack: rewrite a row, recompute every following hash; the key was not known."""
    _grow(tamper_web)
    rows = _rows(tamper_web)
    target = len(rows) - 3
    with _TriggersOff(tamper_web) as db:
        db.sql(f"UPDATE audit_event SET actor_login = 'mallory' WHERE id = {rows[target]['id']}")
        forged = _rows(tamper_web)
        for row_id, prev, new in _sha256_chain(forged, target):
            db.sql(f"UPDATE audit_event SET prev_hash = '{prev}', hash = '{new}' WHERE id = {row_id}")
        report = _verify(tamper_web)
        assert not report.ok and report.first_bad_id == rows[target]["id"] and "修改" in report.reason
        for row in rows[target:]:  # put it back
            db.sql(
                f"UPDATE audit_event SET actor_login = '{row['actor_login']}', prev_hash = '{row['prev_hash']}',"
                f" hash = '{row['hash']}' WHERE id = {row['id']}"
            )
    assert _verify(tamper_web).ok


def test_a_row_added_without_the_key_is_found(tamper_web: Web) -> None:
    """A forged event appended at the end, hashed as the old chain was: its hash does not fit."""
    from radrules_webshell.audit.tables import AuditEvent

    _grow(tamper_web, 1)
    rows = _rows(tamper_web)
    forged = dict(rows[-1], id=None, actor_login="mallory", action="login", prev_hash=rows[-1]["hash"])
    forged["hash"] = _sha256_chain([*rows, forged], len(rows))[0][2]
    del forged["id"]
    tamper_web.run(AuditEvent.insert(AuditEvent(**forged)).run)  # inserts are allowed: it is a trail
    added = _rows(tamper_web)[-1]
    assert added["actor_login"] == "mallory"
    report = _verify(tamper_web)
    assert not report.ok and report.first_bad_id == added["id"] and "修改" in report.reason
    with _TriggersOff(tamper_web) as db:
        db.sql(f"DELETE FROM audit_event WHERE id > {rows[-1]['id']}")
    assert _verify(tamper_web).ok


def test_an_altered_checkpoint_is_found(tamper_web: Web) -> None:
    path = tamper_web.settings.audit_checkpoints
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines()
    data = json.loads(lines[-1])
    data["count"] -= 2  # as if fewer rows had been checkpointed
    path.write_text("\n".join([*lines[:-1], json.dumps(data)]) + "\n", encoding="utf-8")
    try:
        report = _verify(tamper_web)
        assert not report.ok and "签名不符" in report.reason
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_missing_checkpoint_file_is_found(tamper_web: Web) -> None:
    path = tamper_web.settings.audit_checkpoints
    moved = path.with_name("moved.jsonl")
    path.rename(moved)
    try:
        report = _verify(tamper_web)
        assert not report.ok and "检查点文件" in report.reason
    finally:
        moved.rename(path)


def test_deleting_the_newest_rows_is_found(tamper_web: Web) -> None:
    """Runs last in this module: the trail stays marked as damaged afterwards."""
    _grow(tamper_web)
    _checkpoint(tamper_web)
    rows = _rows(tamper_web)
    assert _verify(tamper_web).ok
    with _TriggersOff(tamper_web) as db:
        db.sql(f"DELETE FROM audit_event WHERE id >= {rows[-2]['id']}")
    report = _verify(tamper_web)
    assert not report.ok and "最新的记录被删除" in report.reason, report
    assert f"第 {rows[-1]['id']} 条" in report.reason


def test_a_chain_written_before_keying_is_carried_over(
    backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An existing database: its unkeyed rows stay verifiable, and the switch is recorded."""
    from conftest import fresh_database
    from radrules_webshell import piccolo_conf
    from radrules_webshell.audit import checkpoints, service
    from radrules_webshell.audit.startup import start_checkpoints
    from radrules_webshell.audit.tables import AuditEvent
    from radrules_webshell.db.engine import bind, engine_from_url
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.settings import Settings

    previous = piccolo_conf.DB
    with fresh_database(backend, tmp_path_factory, "legacy") as (url, data_dir):
        import asyncio

        async def run() -> tuple[Any, list[dict[str, Any]]]:
            engine = engine_from_url(url)
            await migrate(engine)
            prev = "0" * 64
            for i in range(3):  # as the previous version wrote them: SHA-256, no key
                row = {
                    "at": f"2026-11-2{i}T08:00:00.000000+00:00",
                    "actor_id": None,
                    "actor_login": "cli",
                    "actor_role": "admin",
                    "action": "legacy",
                    "entity": "x",
                    "entity_id": str(i),
                    "before": None,
                    "after": None,
                    "ip": None,
                }
                digest = checkpoints.digest(prev, row, None)
                await AuditEvent.insert(AuditEvent(**row, prev_hash=prev, hash=digest))
                prev = digest
            checkpoints.configure(engine, Settings(data_dir=data_dir, database_url=url))
            await start_checkpoints()
            report = await service.verify()
            return report, await AuditEvent.select().order_by(AuditEvent.id)

        try:
            report, rows = asyncio.run(run())
        finally:
            bind(previous)
    assert report.ok and report.events == 4, report
    assert rows[-1]["action"] == "audit_checkpoints_started"
    assert json.loads(rows[-1]["after"])["legacy_until"] == rows[2]["id"]


def test_the_web_shell_runs_as_an_ordinary_postgresql_role(
    backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """docs/webshell.md: the role is no superuser, owns nothing, and may not change the trail."""
    if backend["name"] != "postgres":
        pytest.skip("roles are PostgreSQL's")
    import secrets

    import asyncpg
    from conftest import PG_SERVER, fresh_database
    from radrules_webshell import demo, piccolo_conf
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import bind, engine_from_url
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.settings import Settings

    role = f"radrules_app_{secrets.token_hex(4)}"
    previous = piccolo_conf.DB
    with fresh_database(backend, tmp_path_factory, "role") as (owner_url, data_dir):
        import asyncio

        database = owner_url.rsplit("/", 1)[1]

        async def prepare() -> None:
            await migrate(engine_from_url(owner_url))  # the owner runs the migrations
            conn = await asyncpg.connect(owner_url)
            try:
                # docs/webshell.md, "The database role": exactly these grants.
                await conn.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
                await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {role}')
                await conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
                await conn.execute(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
                )
                await conn.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {role}")
                await conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
            finally:
                await conn.close()

        asyncio.run(prepare())
        host = PG_SERVER.split("@", 1)[-1].split("//", 1)[-1]
        app_url = f"postgresql://{role}@{host}/{database}"
        settings = Settings(
            data_dir=data_dir, database_url=app_url, argon2_profile="fast", sync_interval_seconds=0
        )
        try:
            app = create_app(settings, engine_from_url(app_url))  # start-up migrates: nothing to do
            with TestClient(app, base_url="http://testserver.local") as client:
                client.blocking_portal.call(demo.seed, settings)
                web = Web(client, settings, "postgres")
                _grow(web, 1)
                assert _verify(web).ok

                async def attempts() -> list[str]:
                    conn = await asyncpg.connect(app_url)
                    refused = []
                    try:
                        for statement in (
                            "SET session_replication_role = replica",
                            "UPDATE audit_event SET actor_login = 'mallory'",
                            "DELETE FROM audit_event",
                            "TRUNCATE audit_event",
                            "ALTER TABLE audit_event DISABLE TRIGGER USER",
                            "DROP TRIGGER audit_event_no_change ON audit_event",
                        ):
                            try:
                                await conn.execute(statement)
                            except asyncpg.PostgresError as exc:
                                refused.append(type(exc).__name__)
                    finally:
                        await conn.close()
                    return refused

                assert len(web.run(attempts)) == 6
                assert _verify(web).ok
        finally:
            bind(previous)

            async def drop_role() -> None:
                conn = await asyncpg.connect(f"{PG_SERVER}/postgres")
                try:
                    await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                    await conn.execute(f"DROP ROLE IF EXISTS {role}")
                finally:
                    await conn.close()

            asyncio.run(drop_role())
