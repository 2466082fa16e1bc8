"""Occupational-health-examination institutions post 职业健康检查 results into workers'
health archives (source 001 module 13 标准接口 and module 8; 卫生部令第55号 第十九条;
docs/api-tokens.md "Health examinations").

The result is read by the library (:mod:`radrules.supervision.exam_results`); this module
finds its worker and writes the archive row. A bulk is all or nothing: every item is looked
up first, every problem is reported by its JSON path (``results[3].id_number``), and only a
bulk without one is written, in one transaction, one audit row (signed with the acting
account's key) per exam.

Who may post for whom (the scope rule):

- only an institution whose kind is 职业健康检查机构 (``service_kind = health_exam``, set by its
  regulator, :mod:`radrules_webshell.supervision.institutions`), read at each request, so a
  changed kind takes effect at once;
- only for units of its own province (the first two digits of the division codes): a
  职业健康检查机构 is 备案 with the provincial health commission (职业健康检查管理办法 第四条)
  and examines the workers of employers in that province;
- only for a worker the unit has registered, named by the unit's USCC, the ID number *and*
  the name: a guessed ID number of another unit's worker is refused with the same message as
  an unknown one, and nothing of the unit's register is answered.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client, Worker
from radrules_webshell.core.errors import Forbidden, Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.supervision.archives.service import archive_of
from radrules_webshell.supervision.archives.tables import ArchiveHealthExam, HealthArchive
from radrules_webshell.supervision.records import LIMITS

from radrules import InputError
from radrules.supervision.exam_results import HealthExamResult, read_result, read_results

NO_WORKER = "该单位没有登记此身份证号和姓名的放射工作人员"
NO_UNIT = "未登记的放射诊疗机构，或不在本机构的服务范围（本省）内"


def serves(institution_division: str, unit_division: str) -> bool:
    """Whether an institution of ``institution_division`` may post for a unit of ``unit_division``."""
    return len(institution_division) >= 2 and institution_division[:2] == unit_division[:2]


async def _institution(actor: Principal) -> dict[str, Any]:
    if actor.role != "institution" or not actor.institution_id:
        raise Forbidden("只有职业健康检查机构可以提交职业健康检查结果")
    row = (
        await Institution.select(
            Institution.id, Institution.name, Institution.division_code, Institution.service_kind
        )
        .where(Institution.id == actor.institution_id)
        .first()
    )
    if row is None or row["service_kind"] != "health_exam":
        raise Forbidden("只有职业健康检查机构可以提交职业健康检查结果（本机构的类型不是职业健康检查机构）")
    return row


def _invalid(exc: InputError) -> Invalid:
    errors: dict[str, str] = {}
    for path, message in exc.problems:
        errors.setdefault(path or "$", message)
    return Invalid(exc.message, errors=errors)


def _prefix(path: str, field: str) -> str:
    return f"{path}.{field}" if path else field


async def _find(
    institution: dict[str, Any], items: list[tuple[str, HealthExamResult]]
) -> tuple[list[tuple[str, HealthExamResult, dict[str, Any]]], dict[str, str]]:
    """Each item's unit and worker row, or the items' problems by path."""
    usccs = sorted({r.unit_uscc.strip().upper() for _, r in items})
    clients = {
        c["uscc"]: c
        for c in await Client.select(Client.id, Client.uscc, Client.division_code).where(
            Client.uscc.is_in(usccs)
        )
        if serves(institution["division_code"], c["division_code"])
    }
    numbers = sorted({r.id_number.strip().upper() for _, r in items})
    workers: dict[tuple[int, str], dict[str, Any]] = {}
    if clients:
        for w in await Worker.select(Worker.id, Worker.client, Worker.name, Worker.id_number).where(
            Worker.client.is_in([c["id"] for c in clients.values()]) & Worker.id_number.is_in(numbers)
        ):
            workers[(int(w["client"]), str(w["id_number"]).upper())] = w
    found: list[tuple[str, HealthExamResult, dict[str, Any]]] = []
    errors: dict[str, str] = {}
    for path, r in items:
        client = clients.get(r.unit_uscc.strip().upper())
        if client is None:
            errors[_prefix(path, "unit_uscc")] = NO_UNIT
            continue
        worker = workers.get((int(client["id"]), r.id_number.strip().upper()))
        if worker is None or worker["name"].strip() != r.name.strip():
            errors[_prefix(path, "id_number")] = NO_WORKER
            continue
        found.append((path, r, worker))
    return found, errors


async def _archives(worker_ids: list[int]) -> dict[int, int]:
    """Worker id → its archive id, created for a worker that has none yet (caller's transaction)."""
    rows = await HealthArchive.select(HealthArchive.id, HealthArchive.worker).where(
        HealthArchive.worker.is_in(worker_ids)
    )
    out = {int(r["worker"]): int(r["id"]) for r in rows}
    for worker_id in worker_ids:
        if worker_id not in out:
            out[worker_id] = await archive_of(worker_id)
    return out


async def _write(
    actor: Principal, institution: dict[str, Any], found: list[tuple[str, HealthExamResult, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The archive rows, written inside the caller's transaction; a duplicate refuses all.
    The archives and their exams are read once for the whole bulk; each row is then saved
    and audited on its own (one signed audit row per exam)."""
    archive_of_worker = await _archives(sorted({int(w["id"]) for _, _, w in found}))
    existing = await ArchiveHealthExam.select(
        ArchiveHealthExam.archive,
        ArchiveHealthExam.institution,
        ArchiveHealthExam.kind,
        ArchiveHealthExam.examined_on,
    ).where(ArchiveHealthExam.archive.is_in(sorted(set(archive_of_worker.values()))))
    counts: dict[int, int] = {}
    posted: set[tuple[int, str, date]] = set()
    for e in existing:
        counts[int(e["archive"])] = counts.get(int(e["archive"]), 0) + 1
        if e["institution"] == institution["id"]:
            posted.add((int(e["archive"]), str(e["kind"]), e["examined_on"]))
    errors: dict[str, str] = {}
    for path, r, worker in found:
        archive_id = archive_of_worker[int(worker["id"])]
        if (archive_id, r.kind.value, r.examined_on) in posted:
            errors[path or "$"] = "本机构已提交过该人员同日同类的职业健康检查结果"
        counts[archive_id] = counts.get(archive_id, 0) + 1
        if counts[archive_id] > LIMITS["health_exam"]:
            errors[path or "$"] = f"该人员的职业健康检查记录已达上限 {LIMITS['health_exam']} 条"
    if errors:
        raise Invalid("提交的职业健康检查结果有误，均未保存", errors=errors)
    written: list[dict[str, Any]] = []
    for _path, r, worker in found:
        archive_id = archive_of_worker[int(worker["id"])]
        exam = r.as_exam(institution["name"])
        row = ArchiveHealthExam(
            archive=archive_id,
            kind=exam.kind.value,
            examined_on=exam.examined_on,
            fit=exam.fit,
            conclusion=r.conclusion,
            institution_name=exam.institution,
            institution=institution["id"],
            report_no=r.report_no,
        )
        await row.save()
        written.append(
            {"id": int(row.id), "client_id": int(worker["client"]), "worker_id": int(worker["id"])}
            | {"archive_id": archive_id}
        )
    rows = {
        int(a["id"]): a
        for a in await ArchiveHealthExam.select().where(
            ArchiveHealthExam.id.is_in([w["id"] for w in written])
        )
    }
    for w in written:
        await audit.record(actor, "health_exam_create", "archive_health_exam", w["id"], after=rows[w["id"]])
    await HealthArchive.update({HealthArchive.updated_at: datetime.now(UTC)}).where(
        HealthArchive.id.is_in(sorted({w["archive_id"] for w in written}))
    )
    return written


async def post(actor: Principal, data: Any, today: date, *, bulk: bool) -> list[dict[str, Any]]:
    """One result (a JSON object) or a bulk (``{"results": [...]}``), all or nothing; the rows
    written, in order. The caller re-evaluates the units' warnings after this returns."""
    institution = await _institution(actor)
    try:
        if bulk:
            items = [(f"results[{i}]", r) for i, r in enumerate(read_results(data, as_of=today))]
        else:
            items = [("", read_result(data, as_of=today))]
    except InputError as exc:
        raise _invalid(exc) from None
    async with atomic():
        found, errors = await _find(institution, items)
        if errors:
            raise Invalid("提交的职业健康检查结果有误，均未保存", errors=errors)
        return await _write(actor, institution, found)


async def posted(actor: Principal, *, page: int, per_page: int) -> dict[str, Any]:
    """The results this institution has posted, newest first (its own record of what it sent;
    not the worker's unit, which may have changed since with a transfer of the archive)."""
    if not 1 <= page <= 10_000 or not 1 <= per_page <= 200:
        raise Invalid(
            errors={"page" if not 1 <= page <= 10_000 else "per_page": "页码应为 1~10000，每页 1~200 条"}
        )
    institution = await _institution(actor)
    mine = ArchiveHealthExam.institution == institution["id"]
    total = await ArchiveHealthExam.count().where(mine)
    rows = (
        await ArchiveHealthExam.select(
            ArchiveHealthExam.id,
            ArchiveHealthExam.kind,
            ArchiveHealthExam.examined_on,
            ArchiveHealthExam.fit,
            ArchiveHealthExam.conclusion,
            ArchiveHealthExam.report_no,
            ArchiveHealthExam.created_at,
        )
        .where(mine)
        .order_by(ArchiveHealthExam.id, ascending=False)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return {"page": page, "per_page": per_page, "total": total, "results": rows}
