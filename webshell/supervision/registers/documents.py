"""Rows → :class:`radrules.model.UnitRegister`: the register the warnings are evaluated over
(source 001 modules 3–8 and §2.3.4; the rules are the library's, :func:`radrules.warnings`).

:func:`registers_of` builds many units' registers with one query per table (the daily job
evaluates a whole city); :func:`register_of` is the one-unit form. What goes in:

- the unit: the client row (``parties.client_model``);
- licences: every :class:`RadiationLicence` with its projects, and as ``verified_on`` the
  latest passed :class:`LicenceVerification`;
- devices: the client's devices with an installation date (a device without one is not yet
  registered and is left out), with their :class:`DeviceTestRecord` rows;
- workers: the client's workers with a start date, each with its archive's trainings,
  health exams, the latest 放射工作人员证 not cancelled, and doses — those entered in the
  archive and those of the client's submitted dose reports for that ID number (the report
  wins for a period both give).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import orjson
from radrules_webshell.clients.tables import Client, Device, Worker
from radrules_webshell.exams.records import record_of as exam_training
from radrules_webshell.exams.tables import ExamTrainingRecord
from radrules_webshell.filings.doses.tables import DoseReport
from radrules_webshell.filings.reports.parties import client_model
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

from radrules import TestCondition
from radrules.model import (
    DeviceTest,
    HealthExam,
    HealthExamKind,
    Licence,
    RadiationProject,
    RegisteredDevice,
    RegisteredWorker,
    TrainingRecord,
    UnitRegister,
    WorkerDose,
    WorkerTrainingKind,
)

#: Units built per batch of queries (keeps each ``IN (…)`` list within both databases' limits).
BATCH = 500


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _licence(row: dict[str, Any], projects: list[dict[str, Any]], checks: list[dict[str, Any]]) -> Licence:
    passed = [c["verified_on"] for c in checks if c["passed"]]
    seen: list[RadiationProject] = []
    for p in projects:
        project = RadiationProject(p["project"])
        if project not in seen:
            seen.append(project)
    return Licence(
        number=row["number"],
        issued_on=row["issued_on"],
        verification_years=int(row["verification_years"]),
        verified_on=max(passed) if passed else None,
        cancelled_on=row["cancelled_on"],
        projects=tuple(seen),
    )


def _device(row: dict[str, Any], tests: list[dict[str, Any]]) -> RegisteredDevice:
    return RegisteredDevice(
        device_id=row["device_uid"],
        name=row["name"],
        installed_on=row["installed_on"],
        type=row["type"] or None,
        model=row["model"] or None,
        retired_on=row["retired_on"],
        tests=tuple(
            DeviceTest(
                condition=TestCondition(t["condition"]),
                tested_on=t["tested_on"],
                passed=bool(t["passed"]),
                report_no=t["report_no"],
            )
            for t in sorted(tests, key=lambda t: (t["tested_on"], t["id"]))
        ),
    )


def _doses(entered: list[dict[str, Any]], reported: dict[tuple[date, date], float]) -> tuple[WorkerDose, ...]:
    periods: dict[tuple[date, date], float] = {
        (d["period_start"], d["period_end"]): float(d["hp10"]) for d in entered
    }
    periods.update(reported)
    return tuple(WorkerDose(period_start=s, period_end=e, hp10=v) for (s, e), v in sorted(periods.items()))


def _reported_doses(rows: Iterable[dict[str, Any]]) -> dict[tuple[int, str], dict[tuple[date, date], float]]:
    """(client id, ID number) → period → Hp(10) from submitted dose reports, later reports last."""
    out: dict[tuple[int, str], dict[tuple[date, date], float]] = defaultdict(dict)
    for row in sorted(rows, key=lambda r: (r["submitted_at"] is None, r["submitted_at"], r["id"])):
        document = orjson.loads(row["document"])
        for record in document.get("records") or ():
            worker = record.get("worker") or {}
            key = (int(row["client"]), str(worker.get("id_number", "")).strip().upper())
            period = (date.fromisoformat(record["period_start"]), date.fromisoformat(record["period_end"]))
            out[key][period] = float(record["hp10"])
    return out


async def reported_doses(client_id: int, id_number: str) -> list[dict[str, Any]]:
    """The doses of one worker in the unit's submitted dose reports (period → Hp(10)), as the
    register reads them; shown beside the entered ones on the archive page."""
    rows = await DoseReport.select(
        DoseReport.id, DoseReport.client, DoseReport.document, DoseReport.submitted_at
    ).where((DoseReport.client == client_id) & (DoseReport.status == "submitted"))
    periods = _reported_doses(rows).get((client_id, id_number.strip().upper()), {})
    return [{"period_start": s, "period_end": e, "hp10": v} for (s, e), v in sorted(periods.items())]


async def _archives(client_ids: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Worker id → the records of its archive, by kind (joined in SQL: no id lists)."""
    archives = await HealthArchive.select(HealthArchive.id, HealthArchive.worker).where(
        HealthArchive.worker._.client.is_in(client_ids)
    )
    worker_of = {a["id"]: a["worker"] for a in archives}
    out: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    tables: tuple[tuple[str, Any], ...] = (
        ("trainings", ArchiveTraining),
        ("health_exams", ArchiveHealthExam),
        ("doses", ArchiveDose),
        ("certificates", WorkerCertificate),
    )
    for name, table in tables:
        # every column but the row's own time stamp, which the register does not read and
        # which is the dearest value to decode (200,000 doses in a city)
        columns = [c for c in table._meta.columns if c._meta.name != "created_at"]
        rows = (
            await table.select(*columns)
            .where(table.archive._.worker._.client.is_in(client_ids))
            .order_by(table.id)
        )
        for r in rows:
            if r["archive"] in worker_of:
                out[worker_of[r["archive"]]][name].append(r)
    return out


def _worker(
    row: dict[str, Any],
    records: dict[str, list[dict[str, Any]]],
    reported: dict[tuple[date, date], float],
    exams: tuple[TrainingRecord, ...] = (),
) -> RegisteredWorker:
    certificates = [c for c in records.get("certificates", ()) if c["cancelled_on"] is None]
    latest = max(certificates, key=lambda c: (c["issued_on"], c["id"])) if certificates else None
    return RegisteredWorker(
        name=row["name"],
        id_number=row["id_number"],
        started_on=row["started_on"],
        left_on=row["left_on"],
        certificate_no=latest["number"] if latest else None,
        trainings=tuple(
            sorted(
                (
                    *(
                        TrainingRecord(
                            kind=WorkerTrainingKind(t["kind"]),
                            ended_on=t["ended_on"],
                            days=float(t["days"]),
                            passed=bool(t["passed"]),
                            organizer=t["organizer"],
                        )
                        for t in sorted(records.get("trainings", ()), key=lambda t: (t["ended_on"], t["id"]))
                    ),
                    *exams,
                ),
                key=lambda t: t.ended_on,
            )
        ),
        health_exams=tuple(
            HealthExam(
                kind=HealthExamKind(e["kind"]),
                examined_on=e["examined_on"],
                fit=bool(e["fit"]),
                institution=e["institution_name"],
            )
            for e in sorted(records.get("health_exams", ()), key=lambda e: (e["examined_on"], e["id"]))
        ),
        doses=_doses(records.get("doses", []), reported),
    )


def _current(workers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per ID number (the register names a worker by it): the latest start wins."""
    latest: dict[str, dict[str, Any]] = {}
    for w in workers:
        key = w["id_number"].strip().upper()
        if key not in latest or (w["started_on"], w["id"]) > (latest[key]["started_on"], latest[key]["id"]):
            latest[key] = w
    return sorted(latest.values(), key=lambda w: w["id"])


async def _batch(client_ids: list[int]) -> dict[int, UnitRegister]:
    clients = await Client.select().where(Client.id.is_in(client_ids))
    licences = (
        await RadiationLicence.select()
        .where(RadiationLicence.client.is_in(client_ids))
        .order_by(RadiationLicence.id)
    )
    licence_ids = [r["id"] for r in licences] or [0]
    projects = _by(
        await LicenceProject.select()
        .where(LicenceProject.licence.is_in(licence_ids))
        .order_by(LicenceProject.id),
        "licence",
    )
    checks = _by(
        await LicenceVerification.select().where(LicenceVerification.licence.is_in(licence_ids)), "licence"
    )
    devices = (
        await Device.select()
        .where(Device.client.is_in(client_ids) & Device.installed_on.is_not_null())
        .order_by(Device.id)
    )
    tests = _by(
        await DeviceTestRecord.select().where(DeviceTestRecord.device._.client.is_in(client_ids)), "device"
    )
    workers = (
        await Worker.select()
        .where(Worker.client.is_in(client_ids) & Worker.started_on.is_not_null())
        .order_by(Worker.id)
    )
    records = await _archives(client_ids)
    reports = await DoseReport.select(
        DoseReport.id, DoseReport.client, DoseReport.document, DoseReport.submitted_at
    ).where(DoseReport.client.is_in(client_ids) & (DoseReport.status == "submitted"))
    reported = _reported_doses(reports)
    passes: dict[tuple[int, str], list[TrainingRecord]] = defaultdict(list)
    for e in (
        await ExamTrainingRecord.select()
        .where(ExamTrainingRecord.client.is_in(client_ids))
        .order_by(ExamTrainingRecord.ended_on)
    ):
        passes[(int(e["client"]), str(e["id_number"]).strip().upper())].append(exam_training(e))
    licences_by, devices_by, workers_by = (
        _by(licences, "client"),
        _by(devices, "client"),
        _by(workers, "client"),
    )
    return {
        c["id"]: UnitRegister(
            unit=client_model(c),
            licences=tuple(
                _licence(r, projects.get(r["id"], []), checks.get(r["id"], []))
                for r in licences_by.get(c["id"], [])
            ),
            devices=tuple(_device(r, tests.get(r["id"], [])) for r in devices_by.get(c["id"], [])),
            workers=tuple(
                _worker(
                    w,
                    records.get(w["id"], {}),
                    reported.get((c["id"], w["id_number"].strip().upper()), {}),
                    tuple(passes.get((c["id"], w["id_number"].strip().upper()), ())),
                )
                for w in _current(workers_by.get(c["id"], []))
            ),
        )
        for c in clients
    }


async def registers_of(client_ids: Iterable[int]) -> dict[int, UnitRegister]:
    """The registers of the clients ``client_ids`` (unknown ids are left out), by client id."""
    ids = sorted(set(client_ids))
    out: dict[int, UnitRegister] = {}
    for i in range(0, len(ids), BATCH):
        out.update(await _batch(ids[i : i + BATCH]))
    return out


async def register_of(client_id: int) -> UnitRegister | None:
    """The register of one client, None if there is no such client."""
    return (await registers_of([client_id])).get(client_id)
