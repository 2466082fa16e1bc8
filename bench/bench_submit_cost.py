"""The cost of one card submission on PostgreSQL: database round trips, time per query,
and the server's CPU time (issue 17: ≤ 10 ms of server CPU per submission).

    .venv/bin/python -m bench.bench_submit_cost --postgres postgresql://postgres@127.0.0.1:5432 [--cards 200]

Creates a scratch database on the server given (dropped afterwards), then two parts:

1. **In process**: the app (``create_app``) under Litestar's test client, every asyncpg
   call counted and timed (``execute``/``fetch``/``fetchrow``/``fetchval``/``executemany``;
   BEGIN and COMMIT are ``execute`` calls too) while the demo institution submits
   ``--cards`` drafts one after another (``POST /api/cards/{id}/submit``). Prints the
   round trips per submission by statement kind and the mean time per query.
2. **Over HTTP**: ``radrules serve`` (one worker) on the same database; the same number of
   drafts submitted one after another, the server process's CPU time (``/proc/<pid>/stat``,
   user + system) over the submissions divided by their number.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench._server import free_port, machine, scratch_database, server_pid, serving, tree_cpu, used
from bench.bench_card_submit import INSTITUTION, _card, _uscc

CALLS = ("execute", "fetch", "fetchrow", "fetchval", "executemany")


class QueryLog:
    """Counts and times every asyncpg call while :attr:`on` is set."""

    def __init__(self) -> None:
        self.on = False
        self.kinds: Counter[str] = Counter()
        self.seconds = 0.0
        self.count = 0

    def install(self) -> None:
        from asyncpg.connection import Connection

        for name in CALLS:
            setattr(Connection, name, self._wrap(getattr(Connection, name)))

    def _wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        log = self

        async def timed(conn: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            if not log.on:
                return await method(conn, query, *args, **kwargs)
            start = time.perf_counter()
            try:
                return await method(conn, query, *args, **kwargs)
            finally:
                log.seconds += time.perf_counter() - start
                log.count += 1
                log.kinds[" ".join(query.split()[:3])[:60]] += 1

        return timed


def _prepare_drafts(http: Any, n: int, offset: int) -> list[int]:
    staff_id = http.get("/api/cards/staff").json()[0]["id"]
    added = http.post(
        "/api/cards/clients",
        json={
            "uscc": _uscc(),
            "name": f"成本测试单位{offset}",
            "kind": "enterprise",
            "division_code": "320104",
            "address": "南京市秦淮区成本路1号",
        },
    )
    added.raise_for_status()
    client_id = added.json()["id"]
    ids = []
    for i in range(n):
        r = http.post("/api/cards", json=_card(staff_id, client_id, offset + i))
        r.raise_for_status()
        ids.append(r.json()["id"])
    return ids


def _login(http: Any) -> None:
    r = http.post("/api/auth/login", json={"login": INSTITUTION[0], "password": INSTITUTION[1]})
    r.raise_for_status()
    http.headers["X-CSRF-Token"] = r.json()["csrf_token"]


def in_process(url: str, data_dir: str, cards: int) -> None:
    from litestar.testing import TestClient
    from radrules_webshell import demo
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.settings import Settings

    log = QueryLog()
    log.install()
    settings = Settings(
        data_dir=Path(data_dir), database_url=url, sync_interval_seconds=0, notify_interval_seconds=0
    )
    app = create_app(settings, engine_from_url(url))
    with TestClient(app, base_url="http://testserver.local", timeout=120) as http:
        http.blocking_portal.call(demo.seed, settings)
        _login(http)
        ids = _prepare_drafts(http, cards + 5, 0)
        for card_id in ids[:5]:  # warm caches and the pool
            http.post(f"/api/cards/{card_id}/submit", json={"version": 1}).raise_for_status()
        log.on = True
        cpu = time.process_time()
        start = time.perf_counter()
        for card_id in ids[5:]:
            http.post(f"/api/cards/{card_id}/submit", json={"version": 1}).raise_for_status()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
        log.on = False
    print(
        f"in process: {cards} submissions, {wall / cards * 1000:.1f} ms each (wall), "
        f"{cpu / cards * 1000:.1f} ms CPU each (client and app in one process)"
    )
    print(
        f"  round trips per submission: {log.count / cards:.1f}; "
        f"mean {log.seconds / max(log.count, 1) * 1000:.2f} ms per query, "
        f"{log.seconds / cards * 1000:.1f} ms per submission waiting for the database"
    )
    for kind, n in log.kinds.most_common():
        print(f"    {n / cards:5.1f}  {kind}")


def over_http(url: str, data_dir: str, cards: int) -> None:
    port = free_port()
    with (
        serving(url, port=port, data_dir=data_dir, options=("--no-demo",)) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        _login(http)
        ids = _prepare_drafts(http, cards + 5, 10_000)
        for card_id in ids[:5]:
            http.post(f"/api/cards/{card_id}/submit", json={"version": 1}).raise_for_status()
        pid = server_pid(port)
        before = tree_cpu(pid)
        start = time.perf_counter()
        for card_id in ids[5:]:
            http.post(f"/api/cards/{card_id}/submit", json={"version": 1}).raise_for_status()
        wall = time.perf_counter() - start
        spent = used(before, tree_cpu(pid))
    print(
        f"over HTTP: {cards} submissions one after another, {wall / cards * 1000:.1f} ms each (wall); "
        f"server CPU {spent / cards * 1000:.1f} ms per submission"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--cards", type=int, default=200)
    args = parser.parse_args()
    print(machine(), f"load average {os.getloadavg()[0]:.1f}")
    # One data folder for both parts: the audit signing key the first part creates is
    # sealed with the folder's signing.key, and the server of the second part must open it.
    with scratch_database(args.postgres) as url, tempfile.TemporaryDirectory() as data_dir:
        in_process(url, data_dir, args.cards)
        over_http(url, data_dir, args.cards)
    print(f"load average afterwards {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
