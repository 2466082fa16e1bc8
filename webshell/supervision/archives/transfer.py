"""A 健康监护档案 moves with its worker (source 001 module 20; 卫生部令第55号 第二十二条:
the archive is kept for the worker and follows the worker's employment).

The new unit asks for the archive by the worker's name and ID number; the old unit, or an
authority whose division holds the old unit, approves or rejects; the new unit may cancel
while it waits. On approval the archive moves whole in ONE transaction: the worker row at
the new unit (made, or the one already entered, whose own archive must still be empty),
the archive pointed at it, the old row's 离岗日期, and the transfer's record; a failure at
any step leaves both units as they were. Both units keep the :class:`ArchiveTransfer` row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client, Worker
from radrules_webshell.core.errors import Conflict, Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.notifications import Recipient, notify
from radrules_webshell.supervision import records, scope
from radrules_webshell.supervision.archives.forms import DECISION_FORM, TRANSFER_FORM
from radrules_webshell.supervision.archives.service import KINDS
from radrules_webshell.supervision.archives.tables import ArchiveTransfer, HealthArchive

OPEN = "requested"


async def _archive_for(name: str, id_number: str, to_client: dict[str, Any]) -> dict[str, Any]:
    """The archive held by another unit of the same city for that name and ID number."""
    city = to_client["division_code"][:4]
    rows = await HealthArchive.select(
        HealthArchive.id,
        HealthArchive.worker,
        HealthArchive.worker.client.as_alias("client"),
        HealthArchive.worker._.client.division_code.as_alias("division_code"),
        HealthArchive.worker.name.as_alias("name"),
    ).where(HealthArchive.worker.id_number == id_number)
    found = [
        r
        for r in rows
        if r["client"] != to_client["id"] and r["name"] == name and str(r["division_code"]).startswith(city)
    ]
    if not found:
        raise Invalid(errors={"id_number": "本市其他单位没有该姓名和身份证号的放射工作人员档案"})
    return found[0]


async def request(actor: Principal, to_client_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """The new unit asks for a worker's archive."""
    to_client = await scope.unit(actor, to_client_id)
    values = records.parse(TRANSFER_FORM, data)
    async with atomic():
        found = await _archive_for(values["name"], values["id_number"], to_client)
        if await ArchiveTransfer.exists().where(
            (ArchiveTransfer.archive == found["id"]) & (ArchiveTransfer.status == OPEN)
        ):
            raise Conflict("该人员的档案已有待处理的调转申请")
        row = ArchiveTransfer(
            archive=found["id"],
            from_client=found["client"],
            to_client=to_client_id,
            from_worker=found["worker"],
            worker_name=values["name"],
            id_number=values["id_number"],
            starts_on=values["starts_on"],
            reason=values["reason"],
            requested_by=actor.account_id or None,
        )
        await row.save()
        after = await _row(int(row.id))
        await audit.record(actor, "archive_transfer_request", "archive_transfer", row.id, after=after)
        await notify(
            [Recipient.org("client", found["client"])],
            kind="supervision.transfer",
            title=f"{to_client['name']}申请调入 {values['name']} 的健康监护档案",
            link=f"/supervision/transfers/{row.id}",
            key=f"transfer-request-{row.id}",
        )
    return after


async def _row(transfer_id: int) -> dict[str, Any]:
    row = await ArchiveTransfer.select().where(ArchiveTransfer.id == transfer_id).first()
    if row is None:
        raise NotFound()
    return row


async def _clients(row: dict[str, Any]) -> dict[int, dict[str, Any]]:
    ids = [row["from_client"], row["to_client"]]
    return {c["id"]: c for c in await Client.select().where(Client.id.is_in(ids))}


async def visible(actor: Principal, transfer_id: int) -> tuple[dict[str, Any], bool, bool]:
    """The transfer if ``actor`` reaches either unit; (row, reaches the old unit, the new one)."""
    if actor.role not in scope.ROLES:
        raise Forbidden()
    row = await _row(transfer_id)
    units = await _clients(row)
    old = scope.may_reach(actor, row["from_client"], units[row["from_client"]]["division_code"])
    new = scope.may_reach(actor, row["to_client"], units[row["to_client"]]["division_code"])
    if not (old or new):
        raise NotFound()
    names = {"from_name": units[row["from_client"]]["name"], "to_name": units[row["to_client"]]["name"]}
    return row | names, old, new


async def transfers(actor: Principal) -> list[dict[str, Any]]:
    """The transfers of the units ``actor`` reaches, either way, newest first."""
    ids = [r["id"] for r in await Client.select(Client.id).where(scope.where_visible(actor))]
    if not ids:
        return []
    return await (
        ArchiveTransfer.select(
            *ArchiveTransfer.all_columns(),
            ArchiveTransfer.from_client.name.as_alias("from_name"),
            ArchiveTransfer.to_client.name.as_alias("to_name"),
        )
        .where(ArchiveTransfer.from_client.is_in(ids) | ArchiveTransfer.to_client.is_in(ids))
        .order_by(ArchiveTransfer.id, ascending=False)
        .limit(500)
    )


async def _counts(archive_id: int) -> dict[str, int]:
    return {
        name.replace("-", "_"): await kind.table.count().where(kind.column("archive") == archive_id)
        for name, kind in KINDS.items()
    }


async def _target_worker(row: dict[str, Any], old: dict[str, Any]) -> int:
    """The new unit's row for the worker: the one entered already (its own archive, if any,
    must be empty and is dropped) or a new one from the old row."""
    existing = (
        await Worker.select()
        .where((Worker.client == row["to_client"]) & (Worker.id_number == row["id_number"]))
        .first()
    )
    if existing is None:
        worker = Worker(
            client=row["to_client"],
            name=old["name"],
            id_number=old["id_number"],
            started_on=row["starts_on"],
            occupation=old["occupation"],
        )
        await worker.save()
        return int(worker.id)
    own = await HealthArchive.select(HealthArchive.id).where(HealthArchive.worker == existing["id"]).first()
    if own is not None:
        if any((await _counts(own["id"])).values()):
            raise Conflict("新单位该人员已有档案记录，不能合并；请先删除新单位录入的记录")
        await HealthArchive.delete().where(HealthArchive.id == own["id"])
    if existing["started_on"] is None:
        await Worker.update({Worker.started_on: row["starts_on"]}).where(Worker.id == existing["id"])
    return int(existing["id"])


async def _mark_moved(
    actor: Principal, transfer_id: int, to_worker: int, moved: dict[str, int], note: str | None
) -> None:
    now = datetime.now(UTC)
    await ArchiveTransfer.update(
        {
            ArchiveTransfer.status: "approved",
            ArchiveTransfer.to_worker: to_worker,
            ArchiveTransfer.decided_by: actor.account_id or None,
            ArchiveTransfer.decided_at: now,
            ArchiveTransfer.decision_note: note,
            ArchiveTransfer.moved: orjson.dumps(moved).decode(),
            ArchiveTransfer.moved_at: now,
        }
    ).where(ArchiveTransfer.id == transfer_id)


async def _move(actor: Principal, row: dict[str, Any], note: str | None) -> None:
    """Every step of the move; the caller's transaction makes them one."""
    archive = await HealthArchive.select().where(HealthArchive.id == row["archive"]).first()
    if archive is None or archive["worker"] != row["from_worker"]:
        raise Conflict("该档案已不在原单位，申请无法执行")
    old = await Worker.select().where(Worker.id == row["from_worker"]).first()
    if old is None:
        raise Conflict("原单位的人员记录已不存在")
    to_worker = await _target_worker(row, old)
    await HealthArchive.update(
        {HealthArchive.worker: to_worker, HealthArchive.updated_at: datetime.now(UTC)}
    ).where(HealthArchive.id == row["archive"])
    if old["left_on"] is None:
        last_day = max(row["starts_on"] - timedelta(days=1), old["started_on"] or row["starts_on"])
        await Worker.update({Worker.left_on: last_day}).where(Worker.id == old["id"])
    await _mark_moved(actor, row["id"], to_worker, await _counts(row["archive"]), note)


async def decide(
    actor: Principal, transfer_id: int, *, approve: bool, data: dict[str, Any]
) -> dict[str, Any]:
    """The old unit (or its authority) approves — the archive moves — or rejects."""
    _, reaches_old, _ = await visible(actor, transfer_id)
    if not reaches_old:
        raise Forbidden("只有原单位或其所在辖区的卫生健康行政部门可以审批调转申请")
    values = records.parse(DECISION_FORM, data)
    async with atomic():
        before = await _row(transfer_id)
        if before["status"] != OPEN:
            raise Conflict("该申请已处理")
        if approve:
            await _move(actor, before, values["note"])
        else:
            await ArchiveTransfer.update(
                {
                    ArchiveTransfer.status: "rejected",
                    ArchiveTransfer.decided_by: actor.account_id or None,
                    ArchiveTransfer.decided_at: datetime.now(UTC),
                    ArchiveTransfer.decision_note: values["note"],
                }
            ).where(ArchiveTransfer.id == transfer_id)
        after = await _row(transfer_id)
        action = "archive_transfer_approve" if approve else "archive_transfer_reject"
        await audit.record(actor, action, "archive_transfer", transfer_id, before=before, after=after)
        await notify(
            [Recipient.org("client", before["to_client"])],
            kind="supervision.transfer",
            title=f"{before['worker_name']} 的健康监护档案调转申请{'已批准，档案已转入' if approve else '未获批准'}",
            link=f"/supervision/transfers/{transfer_id}",
            key=f"transfer-decided-{transfer_id}",
        )
    return after


async def cancel(actor: Principal, transfer_id: int) -> dict[str, Any]:
    _, _, reaches_new = await visible(actor, transfer_id)
    if not reaches_new:
        raise Forbidden("只有申请单位可以撤回调转申请")
    async with atomic():
        before = await _row(transfer_id)
        if before["status"] != OPEN:
            raise Conflict("该申请已处理")
        await ArchiveTransfer.update({ArchiveTransfer.status: "cancelled"}).where(
            ArchiveTransfer.id == transfer_id
        )
        after = await _row(transfer_id)
        await audit.record(
            actor, "archive_transfer_cancel", "archive_transfer", transfer_id, before=before, after=after
        )
    return after
