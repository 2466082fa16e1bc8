"""Saving answers through the web shell with many candidates at once (issue 15 "Reliability
and speed": answer-save p95, target ≤ 100 ms).

Builds the app in this process on SQLite in a temporary folder (or the empty PostgreSQL
database given with ``--postgres URL``), seeded with the demo data; as the demo CDC it
imports a bank and publishes a plan of ``--questions`` questions; ``--candidates`` workers
registered with the demo hospital and confirmed log in through ``/api/auth/login`` and
start their sitting. Then every candidate at once answers the paper question by question
(``PUT /api/exams/sittings/{id}/answers/{n}``, the route the page's script and a phone app
call), after ``--think`` seconds on average over each question, and the benchmark reports the latency of those saves, requests per second, and
checks that every answer was stored. Requests go through the ASGI app (httpx's ASGI
transport), so the figures are the server's, without a network.

    .venv/bin/python bench/webshell_exams.py
    .venv/bin/python bench/webshell_exams.py --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from stdnum.cn import ric

if __package__:
    from bench._server import latency_line, machine
else:  # run as a file: bench/ is on sys.path
    from _server import latency_line, machine  # type: ignore[no-redef]

PASSWORD = "Bench#2026exam"


def _id_number(n: int) -> str:
    born = date(1970 + n % 25, 1 + n % 12, 1 + n % 28)
    first17 = f"320104{born:%Y%m%d}{(n * 2 + 1) % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


async def _setup(candidates: int, questions: int) -> tuple[int, list[tuple[str, int]]]:
    """The plan, and each candidate's login and confirmed registration."""
    from radrules_webshell.accounts import passwords
    from radrules_webshell.accounts.tables import Account
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.demo import HOSPITAL_USCC
    from radrules_webshell.exams import enrolments, plans
    from radrules_webshell.exams import questions as bank
    from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamWorker

    from radrules import Question, QuestionCategory, QuestionKind

    admin = Principal(account_id=0, login="system", name="系统", role="admin")
    bank_id = await bank.create_bank(admin, "基准题库", "320000")
    await bank.store(
        admin,
        bank_id,
        [
            Question(
                question_id=f"B{i:04d}",
                kind=QuestionKind.single,
                category=QuestionCategory.protection,
                stem=f"基准题{i}",
                options=("甲", "乙", "丙", "丁"),
                answer=(i % 4,),
            )
            for i in range(questions * 2)
        ],
    )
    today = date.today()
    plan_id, _ = await plans.create(
        admin,
        {
            "plan_id": f"BENCH-{time.time_ns()}",
            "name": "基准在线培训",
            "kind": "pre_job",
            "organizer": "基准",
            "registration_opens_on": today.isoformat(),
            "registration_closes_on": today.isoformat(),
            "training_starts_on": today.isoformat(),
            "training_days": 4,
            "exam_opens_on": today.isoformat(),
            "exam_closes_on": (today + timedelta(days=1)).isoformat(),
            "pass_mark": 60,
            "max_attempts": 1,
            "time_limit_minutes": 120,
            "blueprint": {
                "parts": [
                    {"category": "protection", "kind": "single", "count": questions, "marks": 100 / questions}
                ]
            },
        },
        bank_id=bank_id,
        today=today,
    )
    await plans.publish(admin, plan_id)
    digest = passwords.hash_password(PASSWORD)
    out = []
    for n in range(candidates):
        id_number = _id_number(n)
        account = Account(
            login=id_number, password_hash=digest, role="worker", name=f"考生{n}", must_change_password=False
        )
        await account.save()
        await ExamWorker.insert(
            ExamWorker(
                account=account.id,
                id_number=id_number,
                name=account.name,
                mobile="13900000000",
                mobile_confirmed_at=datetime.now(UTC),
            )
        )
        user = Principal(account_id=account.id, login=id_number, name=account.name, role="worker")
        enrolment_id, _ = await enrolments.enrol_self(user, plan_id, HOSPITAL_USCC, today)
        await ExamEnrolmentRow.update({ExamEnrolmentRow.status: "confirmed"}).where(
            ExamEnrolmentRow.id == enrolment_id
        )
        out.append((id_number, enrolment_id))
    return plan_id, out


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
        # 200 logins from one address at once: a slow one must not ask the rest for the picture check
        captcha_after_failures=0,
        sync_interval_seconds=0,
    )
    app = create_app(settings, engine_from_url(url))
    # The app's database pool belongs to the loop it started in: run everything there.
    with TestClient(app, base_url="http://bench.local", timeout=600) as client:
        client.blocking_portal.call(_bench, args, settings, app)


async def _bench(args: argparse.Namespace, settings: Any, app: Any) -> None:
    from radrules_webshell import demo
    from radrules_webshell.exams import sittings
    from radrules_webshell.exams.tables import ExamAnswer, ExamSitting

    await demo.seed(settings)
    started = time.perf_counter()
    _, people = await _setup(args.candidates, args.questions)
    print(f"setup: {args.candidates} candidates registered in {time.perf_counter() - started:.1f} s")
    transport = httpx.ASGITransport(app=app)
    latencies: list[float] = []
    sitting_ids: list[int] = []

    async def candidate(login: str, enrolment_id: int) -> None:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local", timeout=600) as c:
            r = await c.post("/api/auth/login", json={"login": login, "password": PASSWORD})
            if r.status_code != 200:
                raise RuntimeError(f"login {login}: {r.status_code} {r.text[:300]}")
            headers = {"X-CSRF-Token": r.json()["csrf_token"]}
            from radrules_webshell.core.principal import Principal

            account = await _account(login)
            sitting_id = await sittings.start(
                Principal(account_id=account, login=login, name="", role="worker"),
                enrolment_id,
                datetime.now(UTC),
            )
            sitting_ids.append(sitting_id)
            await start_gate.wait()
            for number in range(1, args.questions + 1):
                if args.think:
                    await asyncio.sleep(random.uniform(0, 2 * args.think))
                t0 = time.perf_counter()
                r = await c.put(
                    f"/api/exams/sittings/{sitting_id}/answers/{number}",
                    json={"choice": [number % 4]},
                    headers=headers,
                )
                latencies.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"answer {number}: {r.status_code} {r.text[:200]}")

    start_gate = asyncio.Event()
    tasks = [asyncio.create_task(candidate(login, e)) for login, e in people]
    while len(sitting_ids) < len(people) and not any(t.done() and t.exception() for t in tasks):
        await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    start_gate.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    stored = await ExamAnswer.count().where(ExamAnswer.sitting.is_in(sitting_ids))
    print(
        f"{'postgresql' if args.postgres else 'sqlite'}: {args.candidates} candidates × {args.questions} answers at once"
    )
    print(f"answer saves: {len(latencies)} in {elapsed:.1f} s, {len(latencies) / elapsed:.0f} per second")
    print(latency_line(latencies))
    print(
        f"stored: {stored} of {args.candidates * args.questions}; sittings {await ExamSitting.count().where(ExamSitting.id.is_in(sitting_ids))}"
    )
    print(machine())


async def _account(login: str) -> int:
    from radrules_webshell.accounts.tables import Account

    row = await Account.select(Account.id).where(Account.login == login).first()
    assert row is not None
    return int(row["id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds a candidate takes over a question (uniform 0..2×); 0: answer at once, the worst case",
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
