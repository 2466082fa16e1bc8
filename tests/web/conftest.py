"""Fixtures for the web-shell tests: one app per database backend (SQLite and PostgreSQL).

Each backend gets a fresh database for the session — a temporary SQLite file, or a
PostgreSQL database ``radrules_test_<random>`` created and dropped here so that parallel
runs never collide — migrated and seeded with the demo data. Tests create what else they
need with unique identifiers, so they can share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("litestar", reason="the web extra is not installed")

from litestar.testing import TestClient
from web_helpers import Web

PG_SERVER = os.environ.get("RADRULES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
BACKENDS = ["sqlite", "postgres"]


def _pg(sql: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(f"{PG_SERVER}/postgres")
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture(scope="session", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    with fresh_database({"name": request.param}, tmp_path_factory, "web") as (url, data_dir):
        yield {"name": request.param, "url": url, "data_dir": data_dir}


@contextlib.contextmanager
def fresh_database(
    backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, label: str
) -> Iterator[tuple[str, Path]]:
    """A new, empty database of ``backend``'s kind and a data folder; dropped afterwards."""
    data_dir = tmp_path_factory.mktemp(f"{label}-{backend['name']}")
    if backend["name"] == "sqlite":
        yield f"sqlite:///{data_dir / 'test.sqlite3'}", data_dir
        return
    name = f"radrules_test_{secrets.token_hex(6)}"
    try:
        _pg(f'CREATE DATABASE "{name}"')
    except OSError as exc:  # pragma: no cover - depends on the machine
        pytest.fail(
            f"PostgreSQL at {PG_SERVER} is not reachable ({exc}); the web tests run on both databases"
        )
    try:
        yield f"{PG_SERVER}/{name}", data_dir
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def own_web(
    backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, label: str, **overrides: Any
) -> Iterator[Web]:
    """An app of its own on a fresh database of ``backend``'s kind, seeded with the demo data,
    for tests that change what they reach (fuzzing, tampering with the audit trail)."""
    from radrules_webshell import demo, piccolo_conf
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import bind, engine_from_url
    from radrules_webshell.settings import Settings

    # The tables are bound to one engine per process; give them back to the shared test
    # app's database when this app is done with its own.
    previous = piccolo_conf.DB
    try:
        with fresh_database(backend, tmp_path_factory, label) as (url, data_dir):
            # off unless a test turns them on: see the shared app's settings below
            # The periodic jobs are off too: the tables are bound to one engine per process,
            # so a job of the shared app ticking in its own thread while this app holds the
            # binding would use this app's connections from another event loop (asyncpg
            # crashed the interpreter that way in test_api_fuzz).
            defaults: dict[str, Any] = {
                "single_login": False,
                "captcha_after_failures": 0,
                "notify_interval_seconds": 0,
                "cleanup_interval_seconds": 0,
                "exam_close_interval_seconds": 0,
                "audit_checkpoint_seconds": 0,
                "warnings_interval_seconds": 0,
            }
            settings = Settings(
                data_dir=data_dir,
                database_url=url,
                argon2_profile="fast",
                ip_failure_limit=10_000,
                sync_interval_seconds=0,
                **(defaults | overrides),
            )
            app = create_app(settings, engine_from_url(url))
            with TestClient(app, base_url="http://testserver.local") as client:
                client.blocking_portal.call(demo.seed, settings)
                yield Web(client, settings, backend["name"])
    finally:
        bind(previous)


@pytest.fixture(scope="session")
def web(backend: dict[str, Any]) -> Iterator[Web]:
    from radrules_webshell import demo
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.settings import Settings

    settings = Settings(
        data_dir=backend["data_dir"],
        database_url=backend["url"],
        argon2_profile="fast",
        ip_failure_limit=10_000,
        max_upload_bytes=64 * 1024,
        # the warnings' daily run and the evaluation after a unit's writes would tell other
        # tests' units; tests/web/test_warning_runs.py runs them on an app of its own
        warnings_interval_seconds=0,
        warnings_on_change=False,
        # the server's periodic national sync would send other tests' cards at its own time;
        # tests/web/test_sync.py runs the dispatcher itself
        sync_interval_seconds=0,
        # likewise the SMS dispatcher; tests/web/test_notifications.py runs it itself
        notify_interval_seconds=0,
        # the tests log the demo accounts in many times over and keep each session, and
        # fail logins on purpose from one address; one login per account and the picture
        # check are tested on apps of their own (test_single_login.py, test_captcha.py)
        single_login=False,
        captcha_after_failures=0,
        # no job may tick in this app's thread while another test app holds the tables'
        # binding (see own_web): the audit checkpoints and the clean-up run in their tests
        audit_checkpoint_seconds=0,
        cleanup_interval_seconds=0,
        # the sittings' closing job would score other tests' sittings at its own time;
        # tests/web/test_exams_closing.py runs it itself
        exam_close_interval_seconds=0,
    )
    engine = engine_from_url(settings.database_url)
    app = create_app(settings, engine)
    with TestClient(app, base_url="http://testserver.local") as client:
        client.blocking_portal.call(demo.seed, settings)
        yield Web(client, settings, backend["name"])


@pytest.fixture(scope="session")
def data_dir(backend: dict[str, Any]) -> Path:
    return Path(backend["data_dir"])
