"""Client records: devices, workers and whom they assigned to monitor each worker.

The client maintains them (source 000 §5.1.1, §5.2.1). An institution reads a client's
devices and those of its workers currently assigned to that institution — what it may pick
in a test or dose report (§5.2.2.2: a worker not assigned to it, or outside the period, is
not selectable) — and cannot change either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.clients.forms import (
    ASSIGNMENT_FORM,
    CARD_CLIENT_EDIT_FORM,
    CARD_CLIENT_FORM,
    CLIENT_EDIT_FORM,
    CLIENT_FORM,
    DEVICE_FORM,
    WORKER_FORM,
)
from radrules_webshell.clients.tables import Client, Device, MonitoringAssignment, Worker
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.forms import FormSpec
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.resources import Resource, get_row
from radrules_webshell.db.text_match import contains
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution

from radrules import Device as DeviceModel
from radrules import MonitoringAssignment as AssignmentModel
from radrules import Worker as WorkerModel

DEVICES = Resource(
    name="device",
    label="放射装置",
    table=Device,
    spec=DEVICE_FORM,
    owner_column="client",
    list_fields=("name", "type", "model", "device_uid", "location"),
    unique=(("device_uid", "本单位已有该设备唯一标识的设备"),),
)

WORKERS = Resource(
    name="worker",
    label="放射工作人员",
    table=Worker,
    spec=WORKER_FORM,
    owner_column="client",
    list_fields=("name", "id_number", "dosimeter_no"),
    unique=(("id_number", "本单位已有该身份证号的放射工作人员"),),
)


async def client(client_id: int) -> dict[str, Any]:
    row = await Client.select().where(Client.id == client_id).first()
    if row is None:
        raise NotFound()
    return row


async def create_client(actor: Principal, data: dict[str, Any], *, for_card: bool = False) -> int:
    """Register a client. ``for_card``: added by an institution from a report card (source
    000 §5.3.4 第四步), so the fields the card reads are required and the institution is
    recorded as the one that registered it (and may change it)."""
    values, errors = (CARD_CLIENT_FORM if for_card else CLIENT_FORM).parse(data)
    if errors:
        raise Invalid(errors=errors)
    async with atomic():
        if await Client.exists().where(Client.uscc == values["uscc"]):
            raise Invalid(errors={"uscc": "该统一社会信用代码的单位已存在，请直接查询选择"})
        row = Client(**values, registered_by=actor.institution_id if actor.role == "institution" else None)
        await row.save()
        await audit.record(actor, "client_create", "client", row.id, after=row.to_dict())
    return int(row.id)


def may_edit(actor: Principal, row: dict[str, Any]) -> bool:
    """Whoever registered a client changes it: the administrator, or the institution that
    added it from a card. A client registered by the administrator, or by another
    institution, is the register's word for everyone else."""
    if actor.role == "admin":
        return True
    return (
        actor.role == "institution"
        and actor.institution_id is not None
        and row.get("registered_by") == actor.institution_id
    )


def edit_form(actor: Principal) -> FormSpec:
    return CLIENT_EDIT_FORM if actor.role == "admin" else CARD_CLIENT_EDIT_FORM


async def client_for_edit(actor: Principal, client_id: int) -> dict[str, Any]:
    """The client, if ``actor`` may change it: another's registration is refused (403), as
    the record itself is visible to every institution that picks it."""
    row = await client(client_id)
    if not may_edit(actor, row):
        raise Forbidden(
            "该单位由其他机构或管理员登记，只有登记单位和系统管理员可以修改；如有误，请联系管理员"
        )
    return row


async def update_client(actor: Principal, client_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Change a registered client's details (not its credit code), audited with before and
    after. Cards already filed keep the client as they were filed; drafts read it anew."""
    await client_for_edit(actor, client_id)
    values, errors = edit_form(actor).parse(data)
    if errors:
        raise Invalid(errors=errors)
    async with atomic():
        before = await client_for_edit(actor, client_id)
        changes = {getattr(Client, k): v for k, v in values.items()}
        changes[Client.updated_at] = datetime.now(UTC)
        await Client.update(changes).where(Client.id == client_id)
        after = await client(client_id)
        await audit.record(actor, "client_update", "client", client_id, before=before, after=after)
    return after


async def assignments(client_id: int, worker_id: int) -> list[dict[str, Any]]:
    await get_row(WORKERS, client_id, worker_id)
    return (
        await MonitoringAssignment.select(
            *MonitoringAssignment.all_columns(),
            MonitoringAssignment.institution.name.as_alias("institution_name"),
            MonitoringAssignment.institution.uscc.as_alias("institution_uscc"),
        )
        .where(MonitoringAssignment.worker == worker_id)
        .order_by(MonitoringAssignment.start)
    )


async def add_assignment(actor: Principal, client_id: int, worker_id: int, data: dict[str, Any]) -> int:
    await get_row(WORKERS, client_id, worker_id)
    values, errors = ASSIGNMENT_FORM.parse(data)
    if not errors and values["end"] is not None and values["end"] < values["start"]:
        errors["end"] = "监测结束日期不能早于开始日期"
    if errors:
        raise Invalid(errors=errors)
    async with atomic():
        await get_row(WORKERS, client_id, worker_id)
        inst = (
            await Institution.select(Institution.id)
            .where(Institution.uscc == values["institution_uscc"])
            .first()
        )
        if inst is None:
            raise Invalid(errors={"institution_uscc": "平台上没有该统一社会信用代码的技术服务机构"})
        row = MonitoringAssignment(
            worker=worker_id, institution=inst["id"], start=values["start"], end=values["end"]
        )
        await row.save()
        await audit.record(actor, "assignment_create", "monitoring_assignment", row.id, after=row.to_dict())
    return int(row.id)


async def remove_assignment(actor: Principal, client_id: int, worker_id: int, assignment_id: int) -> None:
    async with atomic():
        await get_row(WORKERS, client_id, worker_id)
        row = (
            await MonitoringAssignment.select()
            .where((MonitoringAssignment.id == assignment_id) & (MonitoringAssignment.worker == worker_id))
            .first()
        )
        if row is None:
            raise NotFound()
        await MonitoringAssignment.delete().where(MonitoringAssignment.id == assignment_id)
        await audit.record(actor, "assignment_delete", "monitoring_assignment", assignment_id, before=row)


# -- what an institution may pick ------------------------------------------------------------


async def search_clients(query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Clients by name or credit code (委托单位选择框: 根据单位名称模糊查询)."""
    q = Client.select(
        Client.id,
        Client.uscc,
        Client.name,
        Client.kind,
        Client.division_code,
        Client.address,
        Client.registered_by,
    ).order_by(Client.name)
    text = (query or "").strip()
    if text:
        q = q.where(contains(Client.name, text) | (Client.uscc == text.upper()))
    return await q.limit(limit)


async def devices_for_pick(client_id: int) -> list[dict[str, Any]]:
    await client(client_id)
    return await Device.select().where(Device.client == client_id).order_by(Device.name)


async def workers_for_pick(client_id: int, institution_id: int, on: date) -> list[dict[str, Any]]:
    """Workers of ``client_id`` assigned to ``institution_id`` on ``on``, with their period."""
    await client(client_id)
    rows = await MonitoringAssignment.select(
        MonitoringAssignment.start,
        MonitoringAssignment.end,
        MonitoringAssignment.worker.id.as_alias("id"),
        MonitoringAssignment.worker.name.as_alias("name"),
        MonitoringAssignment.worker.id_number.as_alias("id_number"),
        MonitoringAssignment.worker.dosimeter_no.as_alias("dosimeter_no"),
    ).where(
        (MonitoringAssignment.institution == institution_id)
        & (MonitoringAssignment.worker.client == client_id)
        & (MonitoringAssignment.start <= on)
        & (MonitoringAssignment.end.is_null() | (MonitoringAssignment.end >= on))
    )
    return sorted(rows, key=lambda r: (r["name"], r["id"]))


async def device_models(client_id: int) -> list[DeviceModel]:
    owner = await client(client_id)
    rows = await Device.select().where(Device.client == client_id).order_by(Device.id)
    return [
        DeviceModel(
            device_id=r["device_uid"],
            name=r["name"],
            owner_uscc=owner["uscc"],
            type=r["type"],
            model=r["model"],
            location=r["location"],
        )
        for r in rows
    ]


async def worker_models(client_id: int) -> list[WorkerModel]:
    """The client's workers as :class:`radrules.Worker`, with every monitoring assignment."""
    owner = await client(client_id)
    workers = await Worker.select().where(Worker.client == client_id).order_by(Worker.id)
    links = await MonitoringAssignment.select(
        MonitoringAssignment.worker,
        MonitoringAssignment.start,
        MonitoringAssignment.end,
        MonitoringAssignment.institution.uscc.as_alias("uscc"),
    ).where(MonitoringAssignment.worker.client == client_id)
    by_worker: dict[int, list[AssignmentModel]] = {}
    for link in links:
        by_worker.setdefault(link["worker"], []).append(
            AssignmentModel(institution_uscc=link["uscc"], start=link["start"], end=link["end"])
        )
    return [
        WorkerModel(
            name=w["name"],
            id_number=w["id_number"],
            employer_uscc=owner["uscc"],
            dosimeter_no=w["dosimeter_no"],
            assignments=tuple(by_worker.get(w["id"], ())),
        )
        for w in workers
    ]
