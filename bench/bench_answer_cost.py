"""The cost of one answer save (issue 15 "Reliability and speed"): database round trips and
time per query, and the CPU time per save, on SQLite or PostgreSQL.

    .venv/bin/python -m bench.bench_answer_cost [--saves 300] [--postgres postgresql://postgres@127.0.0.1:5432]
    .venv/bin/python -m bench.bench_answer_cost --profile /tmp/answer.html   # pyinstrument, if installed

The app (``create_app``) under Litestar's test client on SQLite in a temporary folder (or a
scratch database on the PostgreSQL server given, dropped afterwards), seeded with the demo
data and one candidate of the exam benchmark (``bench/webshell_exams.py``'s set-up); the
candidate saves ``--saves`` answers one after another (``PUT
/api/exams/sittings/{id}/answers/{n}``, cycling over the paper's questions, so most are
updates of an answer already given, as on a real paper). Every database call is counted
and timed while the saves run: on PostgreSQL each asyncpg call (BEGIN and COMMIT
included), on SQLite each call that goes to aiosqlite's connection thread (execute, fetch,
commit — each a round trip between the event loop and the thread). The CPU time is the
process's (``time.process_time``), the test client's share included: an upper bound of the
server's.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench._server import latency_line, machine, scratch_database
from bench.bench_submit_cost import QueryLog
from bench.webshell_exams import PASSWORD, _account, _setup


class SqliteLog(QueryLog):
    """Counts and times every call aiosqlite sends to its connection thread."""

    def install(self) -> None:
        from aiosqlite.core import Connection

        method = Connection._execute
        log = self

        async def timed(conn: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            if not log.on:
                return await method(conn, fn, *args, **kwargs)
            start = time.perf_counter()
            try:
                return await method(conn, fn, *args, **kwargs)
            finally:
                log.seconds += time.perf_counter() - start
                log.count += 1
                sql = args[0] if args and isinstance(args[0], str) else getattr(fn, "__name__", "call")
                log.kinds[" ".join(sql.split()[:3])[:60]] += 1

        Connection._execute = timed  # type: ignore[method-assign]


@contextlib.contextmanager
def _database(postgres: str | None, data_dir: Path) -> Iterator[str]:
    if postgres:
        with scratch_database(postgres) as url:
            yield url
    else:
        yield f"sqlite:///{data_dir / 'cost.sqlite3'}"


def run(postgres: str | None, saves: int, profile: str | None) -> None:
    from litestar.testing import TestClient
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.settings import Settings

    log: QueryLog = QueryLog() if postgres else SqliteLog()
    log.install()
    with tempfile.TemporaryDirectory() as tmp, _database(postgres, Path(tmp)) as url:
        settings = Settings(
            data_dir=Path(tmp),
            database_url=url,
            argon2_profile="fast",
            sync_interval_seconds=0,
            notify_interval_seconds=0,
        )
        app = create_app(settings, engine_from_url(url))
        with TestClient(app, base_url="http://bench.local", timeout=600) as client:
            client.blocking_portal.call(_saves, settings, app, log, saves, profile, bool(postgres))


async def _saves(settings: Any, app: Any, log: QueryLog, saves: int, profile: str | None, pg: bool) -> None:
    from radrules_webshell import demo
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.exams import sittings
    from radrules_webshell.exams.tables import ExamAnswer

    await demo.seed(settings)
    _, [(login, enrolment_id)] = await _setup(1, 10)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as c:
        r = await c.post("/api/auth/login", json={"login": login, "password": PASSWORD})
        r.raise_for_status()
        headers = {"X-CSRF-Token": r.json()["csrf_token"]}
        worker = Principal(account_id=await _account(login), login=login, name="", role="worker")
        sitting_id = await sittings.start(worker, enrolment_id, datetime.now(UTC))

        async def save(n: int) -> float:
            t0 = time.perf_counter()
            r = await c.put(
                f"/api/exams/sittings/{sitting_id}/answers/{n % 10 + 1}",
                json={"choice": [n % 4]},
                headers=headers,
            )
            if r.status_code != 200:
                raise RuntimeError(f"save {n}: {r.status_code} {r.text[:200]}")
            return (time.perf_counter() - t0) * 1000

        for n in range(20):  # warm up: the first answer of each question is an insert
            await save(n)
        profiler = None
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="enabled")
            profiler.start()
        log.on = True
        cpu, wall = time.process_time(), time.perf_counter()
        latencies = [await save(n) for n in range(saves)]
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        log.on = False
        if profiler is not None:
            profiler.stop()
            target = Path(profile or "")
            if target.suffix == ".txt":
                target.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
            else:
                target.write_text(profiler.output_html(), encoding="utf-8")
    stored = await ExamAnswer.count().where(ExamAnswer.sitting == sitting_id)
    print(
        f"{'postgresql' if pg else 'sqlite'}: {saves} answer saves, one after another ({stored} answers stored)"
    )
    print(
        f"  wall {wall / saves * 1000:.2f} ms per save; CPU {cpu / saves * 1000:.2f} ms per save (client included)"
    )
    print(
        f"  round trips per save: {log.count / saves:.1f}; "
        f"{log.seconds / max(log.count, 1) * 1000:.2f} ms per query, "
        f"{log.seconds / saves * 1000:.2f} ms per save in the database calls"
    )
    for kind, n in Counter(log.kinds).most_common(12):
        print(f"    {n / saves:5.2f} × {kind}")
    print("  " + latency_line(latencies))
    print(machine())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a scratch database is made on it)")
    parser.add_argument(
        "--profile", help="write a pyinstrument profile of the saves to this file (.html, or .txt for text)"
    )
    args = parser.parse_args(argv)
    run(args.postgres, args.saves, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
