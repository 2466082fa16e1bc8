"""register_of: the supervision tables built into radrules' UnitRegister, on both databases,
and the library's warnings over it (卫生部令第55号 第七条: no pre-job training → a warning
until one is entered)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from web_helpers import Web, unique_id_number, unique_uscc

AS_OF = date(2026, 11, 26)


async def _unit() -> dict[str, Any]:
    from radrules_webshell.clients.tables import Client, Device, Worker
    from radrules_webshell.supervision.archives.tables import (
        ArchiveDose,
        ArchiveHealthExam,
        HealthArchive,
        WorkerCertificate,
    )
    from radrules_webshell.supervision.registers.tables import (
        DeviceTestRecord,
        LicenceProject,
        LicenceVerification,
        RadiationLicence,
    )

    client = Client(
        uscc=unique_uscc("12"), name="翠屏区测试医院", kind="general_hospital", division_code="511502"
    )
    await client.save()
    licence = RadiationLicence(
        client=client.id,
        number="川卫放证字〔2020〕第0123号",
        issued_on=date(2020, 5, 10),
        verification_years=3,
    )
    await licence.save()
    await LicenceProject.insert(
        LicenceProject(licence=licence.id, project="x_ray_imaging"),
        LicenceProject(licence=licence.id, project="interventional", detail="心血管介入"),
        LicenceProject(licence=licence.id, project="x_ray_imaging", detail="重复的一行"),
    )
    await LicenceVerification.insert(
        LicenceVerification(licence=licence.id, verified_on=date(2023, 6, 1)),
        LicenceVerification(licence=licence.id, verified_on=date(2024, 6, 1)),
        LicenceVerification(licence=licence.id, verified_on=date(2025, 6, 1), passed=False),
    )
    device = Device(
        client=client.id,
        device_uid="DR-01",
        name="数字X射线摄影系统",
        type="DR",
        model="M1",
        location="放射科",
        installed_on=date(2019, 3, 1),
    )
    await device.save()
    await Device(
        client=client.id, device_uid="DR-02", name="未登记安装", type="", model="", location=""
    ).save()
    await DeviceTestRecord(
        device=device.id, condition="acceptance", tested_on=date(2019, 3, 5), passed=True
    ).save()
    id_number = unique_id_number()
    worker = Worker(client=client.id, name="李明", id_number=id_number, started_on=date(2019, 7, 1))
    await worker.save()
    archive = HealthArchive(worker=worker.id)
    await archive.save()
    await ArchiveHealthExam(
        archive=archive.id, kind="pre_job", examined_on=date(2019, 6, 10), fit=True
    ).save()
    await WorkerCertificate(archive=archive.id, number="旧证", issued_on=date(2019, 6, 1)).save()
    await WorkerCertificate(
        archive=archive.id, number="川放证字第2019-0456号", issued_on=date(2020, 6, 1)
    ).save()
    await WorkerCertificate(
        archive=archive.id, number="已注销", issued_on=date(2021, 6, 1), cancelled_on=date(2021, 7, 1)
    ).save()
    await ArchiveDose.insert(
        ArchiveDose(
            archive=archive.id, period_start=date(2026, 4, 1), period_end=date(2026, 6, 30), hp10=0.3
        ),
        ArchiveDose(
            archive=archive.id, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), hp10=9.9
        ),
    )
    return {"client": client.id, "archive": archive.id, "id_number": id_number}


async def _submitted_dose(client_id: int, id_number: str) -> None:
    from radrules_webshell.filings.doses.tables import DoseReport
    from radrules_webshell.institutions.tables import Institution

    institution = await Institution.select(Institution.id).first()
    assert institution is not None
    document = {
        "records": [
            {
                "worker": {"name": "李明", "id_number": id_number},
                "period_start": "2026-07-01",
                "period_end": "2026-09-30",
                "hp10": 0.15,
            },
        ]
    }
    await DoseReport(
        institution=institution["id"],
        client=client_id,
        report_no="D-1",
        report_date=date(2026, 10, 10),
        status="submitted",
        document=orjson.dumps(document).decode(),
    ).save()


def test_register_of_builds_the_library_model(web: Web) -> None:
    from radrules_webshell.supervision.registers.documents import register_of, registers_of, reported_doses

    unit = web.run(_unit)
    web.run(_submitted_dose, unit["client"], unit["id_number"])
    register = web.run(register_of, unit["client"])
    assert register is not None
    assert register.unit.division_code == "511502"
    (licence,) = register.licences
    assert [p.value for p in licence.projects] == ["x_ray_imaging", "interventional"]
    assert licence.verified_on == date(2024, 6, 1)  # the failed 校验 of 2025 does not count
    (device,) = register.devices  # the device without installation date is not registered
    assert device.device_id == "DR-01" and device.tests[0].condition.value == "acceptance"
    (worker,) = register.workers
    assert worker.certificate_no == "川放证字第2019-0456号"
    # the submitted report's dose wins over the entered one for the same period
    assert [(d.period_start, d.hp10) for d in worker.doses] == [
        (date(2026, 4, 1), 0.3),
        (date(2026, 7, 1), 0.15),
    ]
    reported = web.run(reported_doses, unit["client"], unit["id_number"].lower())
    assert reported == [{"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30), "hp10": 0.15}]
    assert web.run(register_of, 10**9) is None
    assert set(web.run(registers_of, [unit["client"], 10**9])) == {unit["client"]}


def test_warning_closes_when_the_training_is_entered(web: Web) -> None:
    from radrules_webshell.supervision.archives.tables import ArchiveTraining
    from radrules_webshell.supervision.registers.documents import register_of

    import radrules

    unit = web.run(_unit)
    report = radrules.warnings(web.run(register_of, unit["client"]), as_of=AS_OF)
    assert "NAT.unit.training.pre-job" in {w.rule_id for w in report.warnings}
    assert "NAT.unit.device.acceptance-test" not in {w.rule_id for w in report.warnings}
    web.run(
        ArchiveTraining(
            archive=unit["archive"], kind="pre_job", ended_on=date(2019, 6, 21), days=4, passed=True
        ).save
    )
    report = radrules.warnings(web.run(register_of, unit["client"]), as_of=AS_OF)
    assert "NAT.unit.training.pre-job" not in {w.rule_id for w in report.warnings}
