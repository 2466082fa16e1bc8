"""The standard interface under load (issue 16 item 3): an occupational-health-examination
institution posting bulks of exam results, and another health system paging through a
division's registers, both with API tokens.

Builds the app in this process on SQLite in a temporary folder (or the empty PostgreSQL
database given with ``--postgres URL``), seeded with the demo data; the demo institution is
made a 职业健康检查机构 and the demo hospital gets ``--workers`` registered workers. Then
``--bulks`` bulks of 200 results (``POST /api/health-exams/bulk``, each followed, as in
production, by the evaluation of the hospital's warnings) are timed one after another, and
the demo regulator's token reads every page of its registers (``GET /api/registers/``, 50 a
page) over ``--units`` more units of ``--unit-workers`` workers each. Requests go through the ASGI app (httpx's ASGI transport): the server's figures,
without a network. Wall time and this process's CPU time are both reported (the machine is
shared; note its load average).

    .venv/bin/python bench/webshell_gateway.py
    .venv/bin/python bench/webshell_gateway.py --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from stdnum.cn import ric

if __package__:
    from bench._server import machine
else:  # run as a file: bench/ is on sys.path
    from _server import machine  # type: ignore[no-redef]

BULK = 200


def _id_number(n: int) -> str:
    born = date(1970 + n % 25, 1 + n % 12, 1 + n % 28)
    first17 = f"320104{born:%Y%m%d}{n % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


async def _seed(workers: int, units: int, unit_workers: int) -> tuple[str, list[dict[str, str]], str, str]:
    """The hospital's USCC and workers, and the two tokens (institution, regulator)."""
    from radrules_webshell.accounts.tables import Account
    from radrules_webshell.clients.tables import Client, Worker
    from radrules_webshell.core.principal import Principal, division_prefix
    from radrules_webshell.demo import HOSPITAL_USCC
    from radrules_webshell.gateway import service
    from radrules_webshell.institutions.tables import Institution

    await Institution.update({Institution.service_kind: "health_exam"}).where(Institution.id > 0)
    client = await Client.select(Client.id).where(Client.uscc == HOSPITAL_USCC).first()
    assert client is not None
    # one row per ID number (a unit registers a person once)
    numbers = dict.fromkeys(_id_number(n) for n in range(workers))
    people = [{"name": f"工作人员{i}", "id_number": number} for i, number in enumerate(numbers)]
    await Worker.insert(*[Worker(client=client["id"], started_on=date(2025, 7, 1), **p) for p in people])
    # the regulator's division holds ``units`` more units of ``unit_workers`` workers each
    extra = await Client.insert(
        *[
            Client(uscc=f"B{u:017d}", name=f"单位{u}", kind="general_hospital", division_code="320104")
            for u in range(units)
        ]
    ).returning(Client.id)
    await Worker.insert(
        *[
            Worker(client=c["id"], started_on=date(2024, 1, 1), name=f"人员{i}", id_number=_id_number(i))
            for c in extra
            for i in range(unit_workers)
        ]
    )
    tokens = []
    for login in ("jsinst", "njwjw"):
        row = (
            await Account.select(
                *Account.all_columns(exclude=[Account.password_hash]),
                Account.authority.division_code.as_alias("division"),
            )
            .where(Account.login == login)
            .first()
        )
        assert row is not None
        actor = Principal(
            account_id=row["id"],
            login=login,
            name=row["name"],
            role=row["role"],
            institution_id=row["institution"],
            authority_id=row["authority"],
            division_prefix=division_prefix(row["division"]) if row["authority"] else "",
        )
        permission = "health_exams" if login == "jsinst" else "register:read"
        tokens.append((await service.create(actor, name="基准", permissions=[permission], days=1))["token"])
    return HOSPITAL_USCC, people, tokens[0], tokens[1]


def _run(args: argparse.Namespace, data_dir: Path) -> None:
    from litestar.testing import TestClient
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.settings import Settings

    url = args.postgres or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    settings = Settings(
        data_dir=data_dir,
        database_url=url,
        argon2_profile="fast",
        ip_failure_limit=10_000_000,
        sync_interval_seconds=0,
        warnings_interval_seconds=0,
        warnings_on_change=not args.no_evaluation,
    )
    app = create_app(settings, engine_from_url(url))
    with TestClient(app, base_url="http://bench.local", timeout=600) as client:
        client.blocking_portal.call(_bench, args, settings, app)


async def _bench(args: argparse.Namespace, settings: Any, app: Any) -> None:
    from radrules_webshell import demo
    from radrules_webshell.supervision.archives.tables import ArchiveHealthExam

    await demo.seed(settings)
    uscc, people, exam_token, pull_token = await _seed(args.workers, args.units, args.unit_workers)
    transport = httpx.ASGITransport(app=app)
    kinds = ("pre_job", "in_service")
    bulks: list[float] = []
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    async with httpx.AsyncClient(transport=transport, base_url="http://bench.local", timeout=600) as c:
        headers = {"Authorization": f"Bearer {exam_token}"}
        for b in range(args.bulks):
            chunk = [people[(b * BULK + i) % len(people)] for i in range(BULK)]
            results = [
                {
                    "unit_uscc": uscc,
                    **p,
                    "kind": kinds[(b * BULK + i) // len(people) % 2],
                    "examined_on": f"2025-{1 + (b * BULK + i) // len(people) % 12:02d}-15",
                    "fit": True,
                    "report_no": f"B{b}-{i}",
                }
                for i, p in enumerate(chunk)
            ]
            t0 = time.perf_counter()
            r = await c.post(
                "/api/health-exams/bulk",
                json={"results": results},
                headers=headers | {"Idempotency-Key": f"bench-{b}"},
            )
            bulks.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 201:
                raise RuntimeError(f"bulk {b}: {r.status_code} {r.text[:300]}")
        post_wall, post_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        stored = await ArchiveHealthExam.count()
        cpu1, wall1 = time.process_time(), time.perf_counter()
        pages: list[float] = []
        page, units = 1, 0
        while True:
            t0 = time.perf_counter()
            r = await c.get(
                f"/api/registers/?page={page}&per_page=50", headers={"Authorization": f"Bearer {pull_token}"}
            )
            pages.append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()
            body = r.json()
            units += len(body["units"])
            if page * 50 >= body["total"]:
                break
            page += 1
        pull_wall, pull_cpu = time.perf_counter() - wall1, time.process_time() - cpu1
    backend = "postgresql" if args.postgres else "sqlite"
    evaluated = "without" if args.no_evaluation else "each with"
    print(
        f"{backend}: {args.bulks} bulks of {BULK} results for one unit of {len(people)} workers,"
        f" {evaluated} the unit's evaluation"
    )
    print(f"bulk posts: wall {post_wall:.1f} s, CPU {post_cpu:.1f} s; stored {stored}")
    ordered = sorted(bulks)
    print(
        f"per bulk ms: first {bulks[0]:.0f}  median {statistics.median(ordered):.0f}"
        f"  max {ordered[-1]:.0f}  mean {statistics.fmean(ordered):.0f}"
    )
    print(f"register pages: {len(pages)} ({units} units) in wall {pull_wall:.2f} s, CPU {pull_cpu:.2f} s")
    print(f"load average {os.getloadavg()[0]:.2f}; {machine()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1_000)
    parser.add_argument("--bulks", type=int, default=10)
    parser.add_argument("--units", type=int, default=100, help="more units in the regulator's division")
    parser.add_argument("--unit-workers", type=int, default=30, help="workers of each of those units")
    parser.add_argument(
        "--no-evaluation", action="store_true", help="no evaluation of the unit's warnings after a bulk"
    )
    parser.add_argument(
        "--postgres", help="an empty PostgreSQL database URL (default: SQLite in a temporary folder)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _run(args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
