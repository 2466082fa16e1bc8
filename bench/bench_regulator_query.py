"""The regulator's card query (source 000 §5.4) over 100,000 cards in PostgreSQL: first page, filtered.

Target (issue 7): p95 ≤ 200 ms. Creates a scratch database on the given server, migrates
it, seeds the demo accounts, inserts institutions and cards (COPY, in chunks), then times

* the service function :func:`radrules_webshell.oversight.cards.search` (what every page and
  the API call), for a city regulator (3201) and the provincial reviewer (32), under
  several filters; and
* the same queries over HTTP: ``radrules serve`` on 127.0.0.1, logged in as the demo
  regulator and reviewer, ``GET /api/oversight/cards?...`` and the HTML page.

Cards are the Jiangsu example card moved to other institutions, places, clients, dates and
states, stored with ``filings.cards.documents.card_columns`` as the filing flow stores them.
The scratch database is dropped at the end unless ``--keep``.

    .venv/bin/python bench/bench_regulator_query.py                 # 100,000 cards
    .venv/bin/python bench/bench_regulator_query.py --cards 20000 --runs 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import httpx

if __package__:
    from bench._server import free_port, percentile, serving
else:  # run as a file: bench/ is on sys.path
    from _server import free_port, percentile, serving  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "examples" / "jiangsu" / "valid-medical-protection-testing-from-device-tests.json"
#: Service locations: Nanjing's counties are a tenth of the whole, the rest of Jiangsu and
#: three other provinces share the remainder.
NANJING = ["320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115"]
ELSEWHERE = [
    "320205", "320211", "320311", "320412", "320505", "320583", "320602", "320703", "320803",
    "320902", "321002", "321102", "321202", "321302", "350102", "350203", "220102", "220104",
    "330106", "330212",
]  # fmt: skip
HOSPITALS = ["人民医院", "中医院", "妇幼保健院", "口腔医院", "肿瘤医院", "骨科医院", "社区卫生服务中心"]
STATUSES = ["draft", "submitted", "submitted", "submitted", "approved", "withdrawn", "returned", "locked"]


def _uscc(rng: random.Random, county: str, kind: str = "12") -> str:
    from radrules.identifiers.uscc import complete_uscc, org_code_check

    body = f"{rng.randrange(10**7, 10**8)}"
    return complete_uscc(f"{kind}{county}{body}{org_code_check(body)}")


def institutions(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        county = "320104" if i == 1 else rng.choice(NANJING if i % 4 == 0 else ELSEWHERE)
        # a quarter registered with a township code (nine digits), as the query goes that deep
        division = county + ("001" if i == 1 else f"{rng.randrange(1, 20):03d}") if i % 4 == 1 else county
        out.append(
            {
                "uscc": _uscc(rng, county, "91"),
                "name": f"压测放射卫生技术服务机构{i:03d}",
                "division_code": division,
            }
        )
    return out


def card_records(count: int, insts: list[dict[str, Any]], seed: int) -> list[tuple[Any, ...]]:
    """``count`` rows for COPY, in :data:`CARD_FIELDS` order."""
    from radrules_webshell.filings.cards.documents import card_columns

    from radrules import FilingStatus, ServiceAddress, ServiceField, filing_from_json

    rng = random.Random(seed)
    base = filing_from_json(json.loads(BASE.read_text("utf-8"))).report_card
    assert base is not None
    clients = [
        (f"{place}{rng.choice(HOSPITALS)}{k}", _uscc(rng, place), place)
        for k, place in enumerate(rng.choice(NANJING if k % 10 == 0 else ELSEWHERE) for k in range(3000))
    ]
    now = datetime.now(UTC)
    out = []
    for i in range(count):
        inst_id, inst = rng.choice(list(enumerate(insts, 1)))
        name, uscc, place = rng.choice(clients)
        issued = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365 - 60))
        status = FilingStatus(rng.choice(STATUSES))
        under = None
        if status is FilingStatus.locked:
            under = FilingStatus.submitted
        filed = None if status is FilingStatus.draft else issued + timedelta(days=rng.randrange(0, 40))
        card = attrs.evolve(
            base,
            card_id=None,
            institution=attrs.evolve(
                base.institution, name=inst["name"], uscc=inst["uscc"], division_code=inst["division_code"]
            ),
            client=attrs.evolve(base.client, name=name, uscc=uscc, division_code=place),
            service_address=ServiceAddress(division_code=place, address="示例路1号"),
            service_field=ServiceField.dose_monitoring if i % 3 == 0 else ServiceField.protection_testing,
            report_no=f"BQ-{i:07d}",
            report_issued_on=issued,
            status=status,
            status_under_lock=under,
            filed_on=filed,
            qc_code=None,
        )
        c = card_columns(card)
        out.append(
            (
                inst_id,
                c["division_code"],
                c["institution_division_code"],
                c["client_name"],
                c["client_uscc"],
                c["service_field"],
                c["report_no"],
                c["report_issued_on"],
                c["report_year"],
                c["status"],
                c["status_under_lock"],
                c["filed_on"],
                c["document"],
                "[]",
                1,
                now,
                now,
            )
        )
    return out


CARD_FIELDS = [
    "institution",
    "division_code",
    "institution_division_code",
    "client_name",
    "client_uscc",
    "service_field",
    "report_no",
    "report_issued_on",
    "report_year",
    "status",
    "status_under_lock",
    "filed_on",
    "document",
    "sources",
    "version",
    "created_at",
    "updated_at",
]

#: (label, principal's prefix, query parameters)
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("市级（3201），无筛选", "3201", {}),
    ("市级，状态=已提交", "3201", {"status": "submitted"}),
    ("市级，报告单位地区 320102 + 个人剂量监测", "3201", {"region": "320102", "service_field": "dose_monitoring"}),
    ("市级，服务单位名称包含“人民医院”", "3201", {"client": "人民医院"}),
    ("市级，出具报告日期 2025 年", "3201", {"issued_from": "2025-01-01", "issued_to": "2025-12-31"}),
    ("市级，报告单位名称包含“机构01”", "3201", {"institution": "机构01"}),
    ("省级（32），无筛选", "32", {}),
    ("省级，已提交 + 2024 年", "32", {"status": "submitted", "issued_from": "2024-01-01", "issued_to": "2024-12-31"}),
    ("省级，报告单位地区乡镇 320104001（9 位）", "32", {"region": "320104001"}),
]  # fmt: skip


async def load(url: str, data_dir: Path, cards: int, seed: int) -> None:
    import asyncpg
    from radrules_webshell import demo
    from radrules_webshell.db import engine as db
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.settings import Settings

    settings = Settings(data_dir=data_dir, database_url=url, argon2_profile="fast")
    engine = engine_from_url(url)
    await migrate(engine)
    db.bind(engine)
    await demo.seed(settings)
    rng = random.Random(seed)
    insts = institutions(rng, 200)
    conn = await asyncpg.connect(url)
    try:
        first = await conn.fetchval("SELECT coalesce(max(id), 0) FROM institution")
        now = datetime.now(UTC)
        await conn.copy_records_to_table(
            "institution",
            records=[(i["uscc"], i["name"], i["division_code"], False, "025-83001234", "tech_service", now) for i in insts],
            columns=["uscc", "name", "division_code", "is_branch", "phone", "unit_attribute", "created_at"],
        )  # fmt: skip
        ids = [
            r["id"] for r in await conn.fetch("SELECT id FROM institution WHERE id > $1 ORDER BY id", first)
        ]
        started = time.perf_counter()
        done = 0
        chunk = 10_000
        while done < cards:
            n = min(chunk, cards - done)
            records = card_records(n, insts, seed + done)
            records = [(ids[r[0] - 1], *r[1:]) for r in records]
            await conn.copy_records_to_table("report_card", records=records, columns=CARD_FIELDS)
            done += n
            print(f"  已写入 {done} 张报送卡（{time.perf_counter() - started:.0f} s）", file=sys.stderr)
        # what autovacuum does soon after a bulk insert (PostgreSQL 13+ vacuums on inserts too):
        # statistics for the planner and the visibility map that lets index-only scans skip the heap
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def time_service(url: str, runs: int) -> list[tuple[str, float, float, int]]:
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.db import engine as db
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.oversight import cards

    engine = engine_from_url(url)
    db.bind(engine)
    await db.start(engine)
    out = []
    try:
        for label, prefix, params in QUERIES:
            role = "regulator" if len(prefix) > 2 else "reviewer"
            user = Principal(account_id=1, login="bench", name="bench", role=role, division_prefix=prefix)
            query = cards.parse_query(params)
            await cards.search(user, query)  # warm the pool and the plan cache
            times = []
            total = 0
            for _ in range(runs):
                start = time.perf_counter()
                result = await cards.search(user, query)
                times.append((time.perf_counter() - start) * 1000)
                total = result["total"]
            out.append((label, statistics.median(times), percentile(times, 0.95), total))
    finally:
        await db.stop(engine)
    return out


def time_http(url: str, runs: int, data_dir: Path, port: int) -> list[tuple[str, float, float, int]]:
    out = []
    with serving(url, port=port, data_dir=data_dir, options=["--no-demo"]) as base:
        logins = {"3201": ("njwjw", "Regu#2026rad"), "32": ("jscdc", "Review#2026")}
        clients = {}
        for prefix, (login, password) in logins.items():
            client = httpx.Client(base_url=base, timeout=60)
            assert (
                client.post("/api/auth/login", json={"login": login, "password": password}).status_code == 200
            )
            clients[prefix] = client
        for label, prefix, params in QUERIES:
            for kind, path in (("API", "/api/oversight/cards"), ("页面", "/oversight/cards")):
                client = clients[prefix]
                assert client.get(path, params=params).status_code == 200
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    response = client.get(path, params=params)
                    times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, response.text[:300]
                total = response.json()["total"] if kind == "API" else -1
                out.append((f"{kind} {label}", statistics.median(times), percentile(times, 0.95), total))
        for client in clients.values():
            client.close()
    return out


async def time_export(url: str) -> list[tuple[str, float, int]]:
    """One whole-result export per scope: rows read by keyset, then the workbook written."""
    import io

    from radrules_webshell.core.principal import Principal
    from radrules_webshell.db import engine as db
    from radrules_webshell.db.engine import engine_from_url
    from radrules_webshell.oversight import cards

    from radrules.documents.exports import CARD_COLUMNS
    from radrules.documents.tables import Table, write_xlsx

    engine = engine_from_url(url)
    db.bind(engine)
    await db.start(engine)
    out = []
    try:
        for label, prefix in (("市级（3201）全部", "3201"), ("省级（32）全部", "32")):
            role = "regulator" if len(prefix) > 2 else "reviewer"
            user = Principal(account_id=1, login="bench", name="bench", role=role, division_prefix=prefix)
            start = time.perf_counter()
            rows = await cards.export_rows(user, cards.CardQuery())
            read = time.perf_counter() - start
            table = Table(sheet="报送卡", title="查询结果", columns=CARD_COLUMNS, rows=rows, borders=False)
            write_xlsx([table], io.BytesIO())
            out.append((label, read, time.perf_counter() - start, len(rows)))
    finally:
        await db.stop(engine)
    print("\n导出（整个查询结果）")
    for label, read, total, n in out:
        print(f"{label:<20} {n:>7} 行  读取 {read:5.1f} s  合计 {total:5.1f} s")
    return [(label, total, n) for label, _, total, n in out]


def _table(title: str, rows: list[tuple[str, float, float, int]]) -> None:
    print(f"\n{title}")
    print(f"{'查询':<44} {'p50 ms':>8} {'p95 ms':>8} {'命中':>8}")
    for label, p50, p95, total in rows:
        shown = "" if total < 0 else str(total)
        print(f"{label:<44} {p50:8.1f} {p95:8.1f} {shown:>8}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", default=os.environ.get("RADRULES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--port", type=int, default=0, help="port for the HTTP part (default: a free one)")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--export", action="store_true", help="also time whole-result xlsx exports")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="URL", help="time a database loaded by an earlier --keep run")
    args = parser.parse_args()
    import asyncpg

    if args.reuse:
        with tempfile.TemporaryDirectory() as data:
            service = asyncio.run(time_service(args.reuse, args.runs))
            _table(f"服务函数 cards.search（已有数据库，每项 {args.runs} 次）", service)
            if args.export:
                asyncio.run(time_export(args.reuse))
            if not args.no_http:
                _table("HTTP", time_http(args.reuse, args.runs, Path(data), args.port or free_port()))
        return 0
    name = f"radrules_bench_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(f"{args.server}/postgres")
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = f"{args.server}/{name}"
    ok = True
    try:
        with tempfile.TemporaryDirectory() as data:
            started = time.perf_counter()
            asyncio.run(load(url, Path(data), args.cards, 20261127))
            print(f"写入 {args.cards} 张报送卡用时 {time.perf_counter() - started:.1f} s", file=sys.stderr)
            service = asyncio.run(time_service(url, args.runs))
            _table(f"服务函数 cards.search（{args.cards} 张，每项 {args.runs} 次）", service)
            ok = all(p95 <= 200 for _, _, p95, _ in service)
            if args.export:
                asyncio.run(time_export(url))
            if not args.no_http:
                http = time_http(url, args.runs, Path(data), args.port or free_port())
                _table(f"HTTP（radrules serve，每项 {args.runs} 次）", http)
                ok = ok and all(p95 <= 200 for _, _, p95, _ in http)
    finally:
        if args.keep:
            print(f"数据库保留：{url}")
        else:
            asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print("\n目标 p95 ≤ 200 ms：" + ("达到" if ok else "未达到"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
