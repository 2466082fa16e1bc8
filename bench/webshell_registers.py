"""Building a city's registers from the supervision tables (issue 16 "Reliability and speed":
the daily job evaluates a city of 300 units and 10,000 workers).

Migrates a fresh database (SQLite in a temporary folder, or the empty PostgreSQL database
given with ``--postgres URL``), inserts ``--units`` units with a licence (two projects, two
校验), ``--devices`` devices each (an acceptance and a status test) and ``--workers`` workers
in all, each with an archive of two trainings, two health exams, one certificate and eight
quarterly doses; then times :func:`registers_of` over every unit (the rows → the library's
``UnitRegister``) and :func:`radrules.warnings` over the result.

    .venv/bin/python bench/webshell_registers.py
    .venv/bin/python bench/webshell_registers.py --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from stdnum.cn import ric

if __package__:
    from bench.yibin import COUNTIES
else:  # run as a file: bench/ is on sys.path
    from yibin import COUNTIES  # type: ignore[no-redef]

CHUNK = 2_000
#: The counties of 宜宾市.


def _id_number(n: int) -> str:
    born = date(1970 + n % 25, 1 + n % 12, 1 + n % 28)
    first17 = f"511502{born:%Y%m%d}{n % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


async def _insert(table: type, rows: list[object]) -> None:
    for i in range(0, len(rows), CHUNK):
        await table.insert(*rows[i : i + CHUNK])  # type: ignore[attr-defined]


async def _seed(units: int, devices: int, workers: int) -> list[int]:
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

    await _insert(
        Client,
        [
            Client(
                uscc=f"B{u:017d}",
                name=f"单位{u}",
                kind="general_hospital",
                division_code=COUNTIES[u % len(COUNTIES)],
            )
            for u in range(units)
        ],
    )
    client_ids = [r["id"] for r in await Client.select(Client.id).order_by(Client.id)]
    await _insert(
        RadiationLicence,
        [
            RadiationLicence(client=c, number=f"证{c}", issued_on=date(2022, 1, 1), verification_years=1)
            for c in client_ids
        ],
    )
    licences = [r["id"] for r in await RadiationLicence.select(RadiationLicence.id)]
    await _insert(
        LicenceProject,
        [
            LicenceProject(licence=lic, project=p)
            for lic in licences
            for p in ("x_ray_imaging", "interventional")
        ],
    )
    await _insert(
        LicenceVerification,
        [
            LicenceVerification(licence=lic, verified_on=date(y, 1, 5))
            for lic in licences
            for y in (2024, 2025)
        ],
    )
    await _insert(
        Device,
        [
            Device(
                client=c,
                device_uid=f"D{d}",
                name="DR",
                type="DR",
                model="M",
                location="一楼",
                installed_on=date(2020, 1, 1),
            )
            for c in client_ids
            for d in range(devices)
        ],
    )
    device_ids = [r["id"] for r in await Device.select(Device.id)]
    await _insert(
        DeviceTestRecord,
        [
            DeviceTestRecord(device=d, condition=c, tested_on=on, passed=True)
            for d in device_ids
            for c, on in (("acceptance", date(2020, 1, 2)), ("status", date(2026, 3, 1)))
        ],
    )
    await _insert(
        Worker,
        [
            Worker(
                client=client_ids[n % units],
                name=f"人员{n}",
                id_number=_id_number(n),
                started_on=date(2018, 1, 1),
            )
            for n in range(workers)
        ],
    )
    worker_ids = [r["id"] for r in await Worker.select(Worker.id)]
    await _insert(HealthArchive, [HealthArchive(worker=w) for w in worker_ids])
    archives = [r["id"] for r in await HealthArchive.select(HealthArchive.id)]
    await _insert(
        ArchiveTraining,
        [
            ArchiveTraining(archive=a, kind=k, ended_on=on, days=d, passed=True)
            for a in archives
            for k, on, d in (("pre_job", date(2017, 12, 20), 4.0), ("in_service", date(2025, 6, 1), 2.0))
        ],
    )
    await _insert(
        ArchiveHealthExam,
        [
            ArchiveHealthExam(archive=a, kind=k, examined_on=on, fit=True)
            for a in archives
            for k, on in (("pre_job", date(2017, 12, 10)), ("in_service", date(2025, 5, 1)))
        ],
    )
    await _insert(
        WorkerCertificate,
        [WorkerCertificate(archive=a, number=f"证{a}", issued_on=date(2018, 1, 1)) for a in archives],
    )
    quarters = [
        (date(y, m, 1), date(y, m + 2, 30 if m + 2 in (6, 9) else 31))
        for y in (2024, 2025)
        for m in (1, 4, 7, 10)
    ]
    await _insert(
        ArchiveDose,
        [
            ArchiveDose(archive=a, period_start=s, period_end=e, hp10=0.1)
            for a in archives
            for s, e in quarters
        ],
    )
    return client_ids


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", help="an empty PostgreSQL database (default: SQLite in a temporary folder)"
    )
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--devices", type=int, default=3)
    parser.add_argument("--workers", type=int, default=10_000)
    args = parser.parse_args()

    from radrules_webshell.db.engine import bind, engine_from_url, prepare
    from radrules_webshell.db.migrate import migrate
    from radrules_webshell.supervision.registers.documents import registers_of

    import radrules

    folder = tempfile.mkdtemp(prefix="bench-registers-")
    url = args.postgres or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    engine = engine_from_url(url)
    prepare(engine)
    bind(engine)
    await migrate(engine)
    t0 = time.perf_counter()
    client_ids = await _seed(args.units, args.devices, args.workers)
    print(
        f"seeded {args.units} units, {args.workers} workers in {time.perf_counter() - t0:.1f} s ({url.split(':')[0]})"
    )
    t0 = time.perf_counter()
    registers = await registers_of(client_ids)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    total = sum(len(radrules.warnings(r, as_of=date(2026, 11, 26)).warnings) for r in registers.values())
    judged = time.perf_counter() - t0
    workers = sum(len(r.workers) for r in registers.values())
    print(f"registers_of: {len(registers)} registers, {workers} workers in {built:.2f} s")
    print(f"radrules.warnings over them: {judged:.2f} s ({total} warnings)")


if __name__ == "__main__":
    asyncio.run(main())
