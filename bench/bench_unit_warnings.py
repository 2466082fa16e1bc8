"""The daily evaluation of a city's warnings in the web shell (issue 16 "Reliability and speed":
300 units, 10,000 workers ≤ 10 s on SQLite and PostgreSQL).

Writes a city (四川省宜宾市, ten counties) into the register tables of a fresh database —
``--units`` units, each with a licence, ten devices with their acceptance and status tests,
and ``--workers`` workers in all with their health archives: pre-job and in-service
trainings, health exams and five years of quarterly doses (a realistic share overdue or
above the investigation level, so that warnings open) — then times the daily job's work,
:func:`radrules_webshell.unit_warnings.evaluate.evaluate_all`: the registers built from the
tables, evaluated by ``radrules.warnings``, stored, the units and authorities told. The
first run opens the warnings; the second is the steady state of every later day (the same
warnings raised again, nothing new).

    .venv/bin/python bench/bench_unit_warnings.py                      # SQLite in a temporary folder
    .venv/bin/python bench/bench_unit_warnings.py --postgres postgresql://postgres@127.0.0.1:5432
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from stdnum.cn import ric

if __package__:
    from bench._server import machine
    from bench.yibin import CITY, COUNTIES
else:  # run as a file: bench/ is on sys.path
    from _server import machine  # type: ignore[no-redef]
    from yibin import CITY, COUNTIES  # type: ignore[no-redef]

AS_OF = date(2026, 11, 26)


def _id_number(n: int, county: str) -> str:
    born = date(1966, 1, 1) + timedelta(days=(n * 37) % (365 * 35))
    body = f"{county}{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


async def _insert(table: Any, rows: list[Any]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), 1000):
        done = await table.insert(*rows[start : start + 1000]).returning(table.id)
        ids += [r["id"] for r in done]
    return ids


async def _seed(units: int, workers: int) -> None:
    from radrules_webshell.accounts.tables import Authority
    from radrules_webshell.clients.tables import Client, Device, Worker
    from radrules_webshell.supervision.archives.tables import (
        ArchiveDose,
        ArchiveHealthExam,
        ArchiveTraining,
        HealthArchive,
        WorkerCertificate,
    )
    from radrules_webshell.supervision.registers.tables import (
        DeviceTestRecord,
        LicenceProject,
        LicenceVerification,
        RadiationLicence,
    )

    rng = random.Random(16)
    await Authority.insert(
        *[Authority(name=f"{c}卫健局", kind="regulator", division_code=c) for c in (*COUNTIES, CITY)]
    )
    client_ids = await _insert(
        Client,
        [
            Client(
                uscc=f"12511{i:013d}",
                name=f"宜宾市第{i}医院",
                kind="general_hospital",
                division_code=COUNTIES[i % 10],
            )
            for i in range(units)
        ],
    )
    licence_ids = await _insert(
        RadiationLicence,
        [
            RadiationLicence(
                client=c, number=f"川卫放证字第{c}号", issued_on=date(2020, 5, 10), verification_years=3
            )
            for c in client_ids
        ],
    )
    await _insert(
        LicenceProject, [LicenceProject(licence=lid, project="x_ray_imaging") for lid in licence_ids]
    )
    await _insert(
        LicenceVerification,
        [LicenceVerification(licence=lid, verified_on=date(2024, 6, 1), passed=True) for lid in licence_ids],
    )
    device_ids = await _insert(
        Device,
        [
            Device(
                client=c,
                device_uid=f"DR-{c}-{d}",
                name="数字X射线摄影系统",
                type="DR",
                model="M",
                location="1",
                installed_on=date(2019, 3, 1),
            )
            for c in client_ids
            for d in range(10)
        ],
    )
    tests = []
    for i, dev in enumerate(device_ids):
        tests.append(
            DeviceTestRecord(device=dev, condition="acceptance", tested_on=date(2019, 3, 5), passed=True)
        )
        last = 2026 if i % 7 else 2025  # one device in seven overdue
        for year in range(2020, last + 1):
            tests.append(
                DeviceTestRecord(device=dev, condition="status", tested_on=date(year, 2, 20), passed=True)
            )
    await _insert(DeviceTestRecord, tests)
    worker_ids = await _insert(
        Worker,
        [
            Worker(
                client=client_ids[n % units],
                name=f"工{n}",
                id_number=_id_number(n, COUNTIES[(n % units) % 10]),
                started_on=date(2019, 7, 1),
            )
            for n in range(workers)
        ],
    )
    archive_ids = await _insert(HealthArchive, [HealthArchive(worker=w) for w in worker_ids])
    trainings, exams, doses, certificates = [], [], [], []
    for n, archive in enumerate(archive_ids):
        trainings.append(
            ArchiveTraining(archive=archive, kind="pre_job", ended_on=date(2019, 6, 21), days=4, passed=True)
        )
        last_training = date(2025, 6, 1) if n % 10 else date(2024, 1, 10)  # one in ten overdue
        trainings += [
            ArchiveTraining(
                archive=archive, kind="in_service", ended_on=date(2021, 6, 1), days=2, passed=True
            ),
            ArchiveTraining(
                archive=archive, kind="in_service", ended_on=date(2023, 5, 20), days=2, passed=True
            ),
            ArchiveTraining(archive=archive, kind="in_service", ended_on=last_training, days=2, passed=True),
        ]
        exams.append(
            ArchiveHealthExam(archive=archive, kind="pre_job", examined_on=date(2019, 6, 10), fit=True)
        )
        for year in (2021, 2023, 2025):
            exams.append(
                ArchiveHealthExam(archive=archive, kind="in_service", examined_on=date(year, 5, 1), fit=True)
            )
        certificates.append(
            WorkerCertificate(archive=archive, number=f"川放证字第{n}号", issued_on=date(2019, 7, 1))
        )
        hot = rng.random() < 0.03
        for year in range(2022, 2027):
            for q in range(1, 5):
                if year == 2026 and q == 4:
                    break
                start = date(year, 3 * q - 2, 1)
                end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
                dose = round(rng.uniform(0.02, 0.4) + (1.5 if hot and year == 2025 and q == 2 else 0), 2)
                doses.append(ArchiveDose(archive=archive, period_start=start, period_end=end, hp10=dose))
    for table, rows in (
        (ArchiveTraining, trainings),
        (ArchiveHealthExam, exams),
        (WorkerCertificate, certificates),
        (ArchiveDose, doses),
    ):
        await _insert(table, rows)


async def _run(url: str, units: int, workers: int) -> None:
    from radrules_webshell.db.engine import bind, engine_from_url, start, stop
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.unit_warnings.evaluate import evaluate_all

    engine = engine_from_url(url)
    await migrate(engine)
    bind(engine)
    await start(engine)
    try:
        started = time.perf_counter()
        await _seed(units, workers)
        print(
            f"seeded {units} units, {units * 10} devices, {workers} workers (5 years of quarterly doses) "
            f"in {time.perf_counter() - started:.0f} s"
        )
        for label in ("first run (opens the warnings)", "second run (the same day again)"):
            started, cpu = time.perf_counter(), time.process_time()
            applied = await evaluate_all(AS_OF)
            print(
                f"{label}: {time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU; "
                f"{applied.units} units, {applied.opened} opened, {applied.still_open} still open, {applied.closed} closed"
            )
    finally:
        await stop(engine)


async def _pg(server: str, sql: str) -> None:
    conn = await asyncpg.connect(f"{server}/postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres", metavar="SERVER", help="a PostgreSQL server (a database is created and dropped)"
    )
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--workers", type=int, default=10_000)
    args = parser.parse_args()
    print(machine())
    if args.postgres:
        name = f"radrules_bench_{secrets.token_hex(4)}"
        asyncio.run(_pg(args.postgres, f'CREATE DATABASE "{name}"'))
        try:
            print(f"PostgreSQL {args.postgres}")
            asyncio.run(_run(f"{args.postgres}/{name}", args.units, args.workers))
        finally:
            asyncio.run(_pg(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        with tempfile.TemporaryDirectory() as folder:
            print("SQLite")
            asyncio.run(_run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.units, args.workers))


if __name__ == "__main__":
    main()
