"""The statistics home page of a city with 100,000 radiation workers (issue 16 "Reliability and
speed": p95 ≤ 300 ms on PostgreSQL).

Creates a PostgreSQL database of its own on ``--server`` (dropped afterwards), starts
``radrules serve`` on it, and writes a city (四川省宜宾市, 5115) straight into the tables:
``--units`` units over the ten counties, ``--workers`` workers and ten devices per 100
workers, 50 institutions, and ``--warnings`` open warnings (levels and categories mixed, the
city and the county told) each with its ``opened`` event over the last year. Then, as the
city's regulator, it requests ``/oversight/statistics`` (the page: the SQL aggregates, the
table and four SVG charts) ``--requests`` times one after another, and the county's and
the API's, and prints the latencies.

    .venv/bin/python bench/bench_statistics.py [--server postgresql://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

if __package__:
    from bench._server import latency_line, machine, serving
    from bench.yibin import COUNTIES
else:  # run as a file: bench/ is on sys.path
    from _server import latency_line, machine, serving  # type: ignore[no-redef]
    from yibin import COUNTIES  # type: ignore[no-redef]

KINDS = ("general_hospital", "specialist_hospital", "other_medical")
LEVELS = (("high", "严重预警", 0), ("medium", "预警", 1), ("low", "提醒", 2))
CATEGORIES = ("worker", "dose", "device", "licence", "training", "health")


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _seed(url: str, units: int, workers: int, warnings: int) -> None:
    rng = random.Random(16)
    conn = await asyncpg.connect(url)
    now = datetime.now(UTC)
    try:
        clients = [
            (f"12511{i:013d}"[:18], f"宜宾市第{i}医院", KINDS[i % 3], COUNTIES[i % len(COUNTIES)], now)
            for i in range(units)
        ]
        await conn.copy_records_to_table(
            "client", records=clients, columns=["uscc", "name", "kind", "division_code", "created_at"]
        )
        ids = [r["id"] for r in await conn.fetch("SELECT id FROM client ORDER BY id")]

        # on the register since 2015–2024; one in twenty has left (or its device retired)
        # before today, one in ten came from report cards without dates: the counts are
        # taken as of the day
        def since(i: int) -> date | None:
            return None if i % 10 == 9 else date(2015 + i % 10, 1 + i % 12, 1)

        def until(i: int) -> date | None:
            return date(2025, 1 + i % 12, 28) if i % 20 == 3 else None

        await conn.copy_records_to_table(
            "worker",
            records=[
                (ids[i % units], f"工{i}", f"5115021985{i:08d}"[:18], since(i), until(i))
                for i in range(workers)
            ],
            columns=["client", "name", "id_number", "started_on", "left_on"],
        )
        await conn.copy_records_to_table(
            "device",
            records=[
                (ids[i % units], f"DR-{i}", "DR", "DR", "M", "1", since(i), until(i))
                for i in range(workers // 10)
            ],
            columns=[
                "client",
                "device_uid",
                "name",
                "type",
                "model",
                "location",
                "installed_on",
                "retired_on",
            ],
        )
        await conn.copy_records_to_table(
            "institution",
            records=[
                (f"91511{i:013d}"[:18], f"宜宾检测{i}", COUNTIES[i % len(COUNTIES)], now) for i in range(50)
            ],
            columns=["uscc", "name", "division_code", "created_at"],
        )
        division = {
            r["id"]: r["division_code"] for r in await conn.fetch("SELECT id, division_code FROM client")
        }
        rows = []
        for i in range(warnings):
            client = ids[i % units]
            level, label, rank = LEVELS[i % 3]
            notify = json.dumps([division[client], "511500"] if level == "high" else [division[client]])
            opened = now - timedelta(days=rng.randrange(365))
            rows.append(
                (
                    f"K{i}",
                    client,
                    division[client],
                    "NAT.unit.x",
                    level,
                    label,
                    rank,
                    CATEGORIES[i % 6],
                    "worker",
                    str(i),
                    f"工{i}",
                    "workers[0]",
                    "预警",
                    "[]",
                    notify,
                    "open",
                    opened,
                    date.today(),
                    1,
                )
            )
        await conn.copy_records_to_table(
            "unit_warning",
            records=rows,
            columns=[
                "key",
                "client",
                "division_code",
                "rule_id",
                "level",
                "level_label",
                "level_rank",
                "category",
                "subject_kind",
                "subject_id",
                "subject_name",
                "path",
                "message",
                "citations",
                "notify",
                "state",
                "opened_at",
                "last_raised_on",
                "openings",
            ],
        )
        await conn.execute(
            "INSERT INTO unit_warning_event (warning, event, at, actor_name, detail)"
            " SELECT id, 'opened', opened_at, '系统', '' FROM unit_warning"
        )
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def _regulator(env: dict[str, str], login: str, division: str) -> None:
    radrules = str(Path(sys.executable).parent / "radrules")
    subprocess.run(
        [
            radrules,
            "admin",
            "create-user",
            "--role",
            "regulator",
            "--login",
            login,
            "--password-stdin",
            "--division",
            division,
        ],
        input=b"Bench#2026xx\n",
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _session(base: str, login: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    me = client.post("/api/auth/login", json={"login": login, "password": "Bench#2026xx"}).json()
    r = client.post(
        "/api/me/password",
        json={"current_password": "Bench#2026xx", "new_password": "Bench#2027xx"},
        headers={"X-CSRF-Token": me["csrf_token"]},
    )
    assert r.status_code == 204, r.text
    client.post("/api/auth/login", json={"login": login, "password": "Bench#2027xx"})
    return client


def _time(client: httpx.Client, path: str, n: int) -> list[float]:
    assert client.get(path).status_code == 200  # warm
    out = []
    for _ in range(n):
        start = time.perf_counter()
        r = client.get(path)
        out.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, r.text[:300]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server", default=os.environ.get("RADRULES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--warnings", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    name = f"radrules_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(f"{args.server}/postgres", f'CREATE DATABASE "{name}"'))
    url = f"{args.server}/{name}"
    try:
        with serving(url, options=["--no-demo"]) as base:
            started = time.perf_counter()
            asyncio.run(_seed(url, args.units, args.workers, args.warnings))
            print(
                f"seeded {args.units} units, {args.workers} workers, {args.workers // 10} devices, "
                f"{args.warnings} open warnings in {time.perf_counter() - started:.1f} s"
            )
            env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
            env["RADRULES_DATABASE_URL"] = url
            _regulator(env, "benchcity", "511500")
            _regulator(env, "benchcounty", "511502")
            city = _session(base, "benchcity")
            county = _session(base, "benchcounty")
            print(machine())
            for label, client, path in (
                ("city page", city, "/oversight/statistics"),
                ("city API", city, "/api/oversight/statistics/"),
                ("city, one county", city, "/oversight/statistics?division=511502"),
                ("county page", county, "/oversight/statistics"),
            ):
                print(f"{label:18} {path}: {latency_line(_time(client, path, args.requests))}")
    finally:
        asyncio.run(_admin(f"{args.server}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
