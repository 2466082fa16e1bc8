"""Radiation workers of a unit and their 健康监护档案 (卫生部令第55号 第六、七、八、十一、十九
条; source 001 module 8): a worker entered with the register's columns gets its archive in
the same transaction; the archive's records are added and removed one by one
(:mod:`..records`), scoped to the unit through the worker; training certificates of the
training module are taken into it where they name the worker (source 001 modules 17–19,
issue 16 item 9).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import orjson
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Worker
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.exams.tables import ExamTrainingRecord
from radrules_webshell.supervision import records, scope
from radrules_webshell.supervision.archives.forms import (
    CERTIFICATE_FORM,
    DOSE_FORM,
    EXAM_FORM,
    TRAINING_FORM,
    WORKER_FORM_FULL,
)
from radrules_webshell.supervision.archives.tables import (
    ArchiveDose,
    ArchiveHealthExam,
    ArchiveTraining,
    ArchiveTransfer,
    HealthArchive,
    WorkerCertificate,
)
from radrules_webshell.supervision.registers import documents
from radrules_webshell.training.certificates.tables import TrainingCertificate

#: Workers one unit may hold (radrules.model.register.MAX_WORKERS).
MAX_WORKERS = 10_000


def _numbers(*names: str) -> Any:
    def convert(values: dict[str, Any]) -> dict[str, Any]:
        return values | {n: float(values[n]) for n in names}

    return convert


#: The archive's records, by the name their routes use.
KINDS: dict[str, records.Kind] = {
    "trainings": records.Kind(
        name="training",
        label="培训记录",
        table=ArchiveTraining,
        spec=TRAINING_FORM,
        parent="archive",
        convert=_numbers("days"),
        order_by="ended_on",
    ),
    "health-exams": records.Kind(
        name="health_exam",
        label="职业健康检查",
        table=ArchiveHealthExam,
        spec=EXAM_FORM,
        parent="archive",
        order_by="examined_on",
    ),
    "doses": records.Kind(
        name="dose",
        label="个人剂量记录",
        table=ArchiveDose,
        spec=DOSE_FORM,
        parent="archive",
        convert=_numbers("hp10"),
        order_by="period_start",
    ),
    "certificates": records.Kind(
        name="certificate",
        label="放射工作人员证",
        table=WorkerCertificate,
        spec=CERTIFICATE_FORM,
        parent="archive",
        order_by="issued_on",
    ),
}


def kind_of(name: str) -> records.Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound()
    return kind


async def worker_in(client_id: int, worker_id: int) -> dict[str, Any]:
    row = await Worker.select().where((Worker.id == worker_id) & (Worker.client == client_id)).first()
    if row is None:
        raise NotFound()
    return row


async def archive_of(worker_id: int) -> int:
    """The archive of a worker row, created when it has none (inside the caller's transaction)."""
    row = await HealthArchive.select(HealthArchive.id).where(HealthArchive.worker == worker_id).first()
    if row is not None:
        return int(row["id"])
    archive = HealthArchive(worker=worker_id)
    await archive.save()
    return int(archive.id)


async def _worker_values(client_id: int, data: dict[str, Any], worker_id: int | None) -> dict[str, Any]:
    values = records.parse(WORKER_FORM_FULL, data)
    same = Worker.exists().where((Worker.client == client_id) & (Worker.id_number == values["id_number"]))
    if worker_id is not None:
        same = same.where(Worker.id != worker_id)
    if await same:
        raise Invalid(errors={"id_number": "本单位已有该身份证号的放射工作人员"})
    if values["started_on"] and values["left_on"] and values["left_on"] < values["started_on"]:
        raise Invalid(errors={"left_on": "离岗日期不能早于起始日期"})
    return values


async def create_worker(actor: Principal, client_id: int, data: dict[str, Any]) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    async with atomic():
        values = await _worker_values(client_id, data, None)
        if await Worker.count().where(Worker.client == client_id) >= MAX_WORKERS:
            raise Invalid(f"一个单位最多登记 {MAX_WORKERS} 名放射工作人员")
        row = Worker(client=client_id, **values)
        await row.save()
        archive_id = await archive_of(int(row.id))
        after = await worker_in(client_id, int(row.id))
        await audit.record(actor, "worker_create", "worker", row.id, after=after | {"archive": archive_id})
    return after | {"archive": archive_id}


async def update_worker(
    actor: Principal, client_id: int, worker_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    await worker_in(client_id, worker_id)
    async with atomic():
        before = await worker_in(client_id, worker_id)
        values = await _worker_values(client_id, data, worker_id)
        await Worker.update({getattr(Worker, k): v for k, v in values.items()}).where(Worker.id == worker_id)
        after = await worker_in(client_id, worker_id)
        await audit.record(actor, "worker_update", "worker", worker_id, before=before, after=after)
    return after


async def archive(actor: Principal, client_id: int, worker_id: int) -> dict[str, Any]:
    """The worker and the whole of its archive: records by kind, transfers, and the training
    certificates of the training module that name its ID number (to take into the archive)."""
    await scope.unit(actor, client_id)
    worker = await worker_in(client_id, worker_id)
    row = await HealthArchive.select().where(HealthArchive.worker == worker_id).first()
    kinds: dict[str, list[dict[str, Any]]] = {name: [] for name in KINDS}
    transfers: list[dict[str, Any]] = []
    if row is not None:
        for name, kind in KINDS.items():
            kinds[name] = await records.rows(kind, row["id"])
        transfers = (
            await ArchiveTransfer.select()
            .where(ArchiveTransfer.archive == row["id"])
            .order_by(ArchiveTransfer.id)
        )
    else:  # moved away: the unit keeps the record of the move
        transfers = (
            await ArchiveTransfer.select()
            .where(ArchiveTransfer.from_worker == worker_id)
            .order_by(ArchiveTransfer.id)
        )
    taken = {t["training_certificate"] for t in kinds["trainings"] if t["training_certificate"]}
    certificates = (
        await TrainingCertificate.select(
            TrainingCertificate.id,
            TrainingCertificate.number,
            TrainingCertificate.name,
            TrainingCertificate.status,
            TrainingCertificate.issued_on,
        )
        # an online exam's certificate is shown with its score below, not taken again
        .where(
            (TrainingCertificate.id_number == worker["id_number"])
            & TrainingCertificate.exam_sitting.is_null()
        )
        .order_by(TrainingCertificate.issued_on)
    )
    exam_results = await exam_results_of(worker["id_number"])
    return {
        "worker": worker,
        "archive": row,
        **{name.replace("-", "_"): rows for name, rows in kinds.items()},
        "transfers": transfers,
        "reported_doses": await documents.reported_doses(client_id, worker["id_number"]),
        "exam_results": exam_results,
        "training_certificates": [c | {"taken": c["id"] in taken} for c in certificates],
    }


async def exam_results_of(id_number: str) -> list[dict[str, Any]]:
    """The passed online exams of the ID number, each with the certificate it issued (if any)."""
    rows = (
        await ExamTrainingRecord.select(
            ExamTrainingRecord.id,
            ExamTrainingRecord.sitting,
            ExamTrainingRecord.kind,
            ExamTrainingRecord.started_on,
            ExamTrainingRecord.ended_on,
            ExamTrainingRecord.days,
            ExamTrainingRecord.score,
            ExamTrainingRecord.possible,
            ExamTrainingRecord.organizer,
            ExamTrainingRecord.plan.name.as_alias("plan_name"),
        )
        .where(ExamTrainingRecord.id_number == id_number)
        .order_by(ExamTrainingRecord.ended_on)
    )
    issued = {
        c["exam_sitting"]: c
        for c in await TrainingCertificate.select(
            TrainingCertificate.exam_sitting, TrainingCertificate.number, TrainingCertificate.status
        ).where(TrainingCertificate.exam_sitting.is_in([r["sitting"] for r in rows] or [0]))
    }
    return [r | {"certificate": issued.get(r["sitting"])} for r in rows]


async def add_record(
    actor: Principal, client_id: int, worker_id: int, kind_name: str, data: dict[str, Any]
) -> dict[str, Any]:
    kind = kind_of(kind_name)
    await scope.unit(actor, client_id)
    await worker_in(client_id, worker_id)
    async with atomic():
        archive_id = await archive_of(worker_id)
        row = await records.add(kind, actor, archive_id, data)
        await HealthArchive.update({HealthArchive.updated_at: datetime.now(UTC)}).where(
            HealthArchive.id == archive_id
        )
    return row


async def remove_record(
    actor: Principal, client_id: int, worker_id: int, kind_name: str, item_id: int
) -> None:
    kind = kind_of(kind_name)
    await scope.unit(actor, client_id)
    await worker_in(client_id, worker_id)
    row = await HealthArchive.select(HealthArchive.id).where(HealthArchive.worker == worker_id).first()
    if row is None:
        raise NotFound()
    await records.remove(kind, actor, row["id"], item_id)


async def take_certificate(
    actor: Principal, client_id: int, worker_id: int, certificate_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    """A training record from a certificate of the training module naming the worker: its
    last day and length are the certificate's class dates; the kind (岗前 or 在岗) is the
    user's to say, with the organiser the certificate's issuer."""
    unknown = [str(k) for k in data if k != "kind"]
    if unknown:
        raise Invalid(f"未知字段 {unknown[0]}；可用字段：kind", errors={unknown[0]: "未知字段"})
    await scope.unit(actor, client_id)
    worker = await worker_in(client_id, worker_id)
    cert = (
        await TrainingCertificate.select()
        .where(
            (TrainingCertificate.id == certificate_id)
            & (TrainingCertificate.id_number == worker["id_number"])
            & TrainingCertificate.exam_sitting.is_null()
        )
        .first()
    )
    if cert is None:
        raise NotFound()
    if cert["status"] != "valid":
        raise Invalid("该培训证书已撤销，不能记入档案")
    document = orjson.loads(cert["document"])
    starts, ends = document["starts_on"], document["ends_on"]
    days = (date.fromisoformat(ends) - date.fromisoformat(starts)).days + 1
    form = {
        "kind": data.get("kind"),
        "ended_on": ends,
        "days": str(days),
        "passed": True,
        "organizer": document.get("issuer"),
        "certificate_no": cert["number"],
    }
    kind = KINDS["trainings"]
    async with atomic():
        archive_id = await archive_of(worker_id)
        if await ArchiveTraining.exists().where(
            (ArchiveTraining.archive == archive_id) & (ArchiveTraining.training_certificate == certificate_id)
        ):
            raise Invalid("该培训证书已记入档案")
        return await records.add(
            kind, actor, archive_id, form, extra={"training_certificate": certificate_id}
        )
