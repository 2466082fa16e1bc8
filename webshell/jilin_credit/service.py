"""Regulators' writes on Jilin's credit records and blacklist (吉卫监督发〔2021〕1号 第六条).

Who (第六条 “各级卫生健康行政部门按照属地原则…进行监督检查”): every health administration of
Jilin (division ``22…``) records the behaviours it observed at an institution serving in its
area — registered in Jilin or not — and proposes the institution for the blacklist; the
provincial commission (``22``, and the system administrator) approves, publishes and
removes entries. A regulator sees the records and entries of its own division and below.
What a transition allows, and what publishing sets, is the plugin's
(:mod:`radrules_plugins.jilin.credit`); a refused transition answers 409 with its reason.
Publishing tells the institution and every medical institution of the province in their
inbox (“通报全省医疗卫生机构”). Every write is audited.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from radrules_plugins.jilin import credit
from radrules_webshell.accounts.tables import Authority
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.notifications import Recipient, notify

from . import models
from .tables import BlacklistEntryRecord, BlacklistEntryRow, BlacklistHistory, CreditRecordRow

JILIN = "22"
MAX_TEXT = 2000
MAX_EVIDENCE = 20
MAX_RECORDS = 50


def regulator_prefix(user: Principal) -> str:
    """The division prefix whose credit records ``user`` sees: a Jilin regulator's own, the
    administrator's everything; anyone else 403."""
    if user.role == "admin":
        return ""
    if user.role == "regulator" and user.division_prefix.startswith(JILIN):
        return user.division_prefix
    raise Forbidden(
        "信用预警与黑名单是吉林省的制度（吉卫监督发〔2021〕1号 第六条），由吉林省各级卫生健康行政部门记录"
    )


def _commission(user: Principal) -> None:
    if user.role == "admin" or (user.role == "regulator" and user.division_prefix == JILIN):
        return
    raise Forbidden("黑名单由吉林省卫生健康委审定、公布和移出")


async def _actor(user: Principal) -> tuple[str, str]:
    """The acting authority's name (recorded as ``by``) and division code."""
    if user.authority_id is None:
        return user.name, ""
    row = (
        await Authority.select(Authority.name, Authority.division_code)
        .where(Authority.id == user.authority_id)
        .first()
    )
    return (row["name"], row["division_code"]) if row else (user.name, "")


def _date(value: Any, field: str, errors: dict[str, str]) -> date | None:
    try:
        parsed = date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = "请填写日期（如 2026-04-09）"
        return None
    if parsed > clock.today():
        errors[field] = "日期不能晚于今天"
    return parsed


def parse_record(data: dict[str, Any]) -> dict[str, Any]:
    """An observed behaviour from a form or JSON body; 400 naming each wrong field."""
    errors: dict[str, str] = {}
    uscc = str(data.get("institution_uscc") or "").strip().upper()
    behaviour = str(data.get("behaviour") or "").strip()
    description = str(data.get("description") or "").strip()
    evidence_in = data.get("evidence") or []
    if isinstance(evidence_in, str):
        evidence_in = evidence_in.splitlines()
    if not isinstance(evidence_in, list):
        errors["evidence"] = "佐证材料应为文字列表"
        evidence_in = []
    evidence = [str(e).strip() for e in evidence_in if str(e).strip()]
    if not uscc:
        errors["institution_uscc"] = "请填写技术服务机构的统一社会信用代码"
    if behaviour not in credit.CreditBehaviour.__members__:
        errors["behaviour"] = "请选择第六条所列的行为"
    if not description:
        errors["description"] = "请写明发现的问题"
    elif len(description) > MAX_TEXT:
        errors["description"] = f"不能超过 {MAX_TEXT} 个字"
    if len(evidence) > MAX_EVIDENCE or any(len(e) > 200 for e in evidence):
        errors["evidence"] = f"最多 {MAX_EVIDENCE} 条，每条不超过 200 个字"
    observed_on = _date(data.get("observed_on"), "observed_on", errors)
    if errors:
        raise Invalid("记录未保存，请按提示修改", errors=errors)
    return {
        "institution_uscc": uscc,
        "behaviour": behaviour,
        "description": description,
        "evidence": evidence,
        "observed_on": observed_on,
    }


async def record(user: Principal, values: dict[str, Any]) -> int:
    """Record one behaviour against a registered institution; it is told in its inbox."""
    regulator_prefix(user)
    target = (
        await Institution.select(Institution.id, Institution.name)
        .where(Institution.uscc == values["institution_uscc"])
        .first()
    )
    if target is None:
        raise Invalid(
            "平台上没有该统一社会信用代码的技术服务机构",
            errors={"institution_uscc": "平台上没有该统一社会信用代码的技术服务机构"},
        )
    by, division = await _actor(user)
    behaviour = credit.CreditBehaviour(values["behaviour"])
    async with atomic():
        inserted = await CreditRecordRow.insert(
            CreditRecordRow(
                institution=target["id"],
                authority=user.authority_id,
                division_code=division,
                behaviour=behaviour.value,
                observed_on=values["observed_on"],
                description=values["description"],
                evidence=json.dumps(values["evidence"], ensure_ascii=False),
                recorded_by_name=by,
                recorded_by=user.account_id or None,
            )
        ).returning(CreditRecordRow.id)
        record_id = int(inserted[0]["id"])
        await audit.record(
            user, "credit_record", "credit_record", record_id, after={**values, "recorded_by": by}
        )
        await notify(
            [Recipient.org("institution", target["id"])],
            kind="credit.record",
            title=f"{by}记录了贵机构的信用行为：{behaviour.label}",
            body=f"{values['observed_on'].isoformat()}：{values['description']}",
            link="/institution/credit",
            key=f"credit_record:{record_id}",
        )
    return record_id


async def visible_record(user: Principal, record_id: int) -> dict[str, Any]:
    prefix = regulator_prefix(user)
    row = (
        await CreditRecordRow.select(*models.RECORD_COLUMNS)
        .where((CreditRecordRow.id == record_id) & CreditRecordRow.division_code.like(f"{prefix}%"))
        .first()
    )
    if row is None:
        raise NotFound("记录不存在或不在本辖区")
    return row


async def visible_entry(user: Principal, entry_id: int, *, lock: bool = False) -> dict[str, Any]:
    prefix = regulator_prefix(user)
    if lock and not is_sqlite(BlacklistEntryRow._meta.db):
        # the joined read below cannot lock (an outer join): lock the row alone first
        await (
            BlacklistEntryRow.select(BlacklistEntryRow.id).where(BlacklistEntryRow.id == entry_id).lock_rows()
        )
    row = (
        await BlacklistEntryRow.select(*models.ENTRY_COLUMNS)
        .where((BlacklistEntryRow.id == entry_id) & BlacklistEntryRow.division_code.like(f"{prefix}%"))
        .first()
    )
    if row is None:
        raise NotFound("黑名单条目不存在或不在本辖区")
    return row


def _refused(exc: credit.CreditError) -> Conflict:
    return Conflict(str(exc))


async def propose(user: Principal, data: dict[str, Any]) -> int:
    """拟纳入黑名单: an institution with blacklist-type records of this regulator's area, at a
    level of dishonesty (the plugin's ``propose`` decides what it accepts)."""
    prefix = regulator_prefix(user)
    raw_ids = data.get("record_ids") or []
    if isinstance(raw_ids, str | int):
        raw_ids = [raw_ids]
    ids = sorted({int(str(i)) for i in raw_ids if str(i).isdigit()})
    level = str(data.get("level") or "")
    errors: dict[str, str] = {}
    if not ids:
        errors["record_ids"] = "请选择至少一条记录"
    elif len(ids) > MAX_RECORDS:
        errors["record_ids"] = f"一次最多 {MAX_RECORDS} 条记录"
    if level not in credit.DishonestyLevel.__members__:
        errors["level"] = "请选择失信程度"
    if errors:
        raise Invalid("未能拟纳入黑名单，请按提示修改", errors=errors)
    rows = list(
        await CreditRecordRow.select(*models.RECORD_COLUMNS).where(
            CreditRecordRow.id.is_in(ids) & CreditRecordRow.division_code.like(f"{prefix}%")
        )
    )
    if len(rows) != len(ids):
        raise NotFound("所选记录不存在或不在本辖区")
    first = rows[0]
    by, division = await _actor(user)
    try:
        entry = credit.propose(
            models.institution(
                first["institution_name"], first["institution_uscc"], first["institution_division"]
            ),
            [models.record_model(r) for r in rows],
            level=credit.DishonestyLevel(level),
            on=clock.today(),
            by=by,
        )
    except credit.CreditError as exc:
        raise Invalid(str(exc), errors={"record_ids": str(exc)}) from None
    async with atomic():
        inserted = await BlacklistEntryRow.insert(
            BlacklistEntryRow(
                institution=first["institution"],
                authority=user.authority_id,
                division_code=division,
                version=1,
                **models.entry_columns(entry),
            )
        ).returning(BlacklistEntryRow.id)
        entry_id = int(inserted[0]["id"])
        await BlacklistEntryRecord.insert(
            *[BlacklistEntryRecord(entry=entry_id, record=r["id"]) for r in rows]
        )
        await _append_history(entry_id, entry.history, 0, user)
        await audit.record(
            user,
            "blacklist_propose",
            "blacklist_entry",
            entry_id,
            after={"institution": first["institution_uscc"], "level": level, "records": ids},
        )
    return entry_id


async def _append_history(
    entry_id: int, history: tuple[credit.StateChange, ...], known: int, user: Principal
) -> None:
    new = history[known:]
    if new:
        await BlacklistHistory.insert(
            *[
                BlacklistHistory(
                    entry=entry_id,
                    state=h.state.value,
                    changed_on=h.on,
                    changed_by=h.by,
                    reason=h.reason,
                    account=user.account_id or None,
                )
                for h in new
            ]
        )


async def transition(user: Principal, entry_id: int, action: str, data: dict[str, Any]) -> None:
    """审定 (``approve``), 公布 (``publish``, with ``channels``) or 移出 (``remove``, with
    ``reason``), as the plugin allows; a stale ``version`` is 409."""
    _commission(user)
    by, _ = await _actor(user)
    channels_in = data.get("channels") or []
    if isinstance(channels_in, str):
        channels_in = [channels_in]
    async with atomic():
        row = await visible_entry(user, entry_id, lock=True)
        version = str(data.get("version") or "")
        if version.isdigit() and int(version) != row["version"]:
            raise Conflict("黑名单条目刚被修改过，请刷新页面后重试")
        entry, _records = await models.entry_model(row)
        try:
            if action == "approve":
                changed = credit.approve(entry, on=clock.today(), by=by)
            elif action == "publish":
                unknown = [c for c in channels_in if c not in credit.Channel.__members__]
                if unknown:
                    raise Invalid("没有这个公布渠道", errors={"channels": "没有这个公布渠道"})
                changed = credit.publish(
                    entry, on=clock.today(), by=by, channels=[credit.Channel(c) for c in channels_in]
                )
            elif action == "remove":
                changed = credit.remove(entry, on=clock.today(), by=by, reason=str(data.get("reason") or ""))
            else:
                raise NotFound()
        except credit.CreditError as exc:
            raise _refused(exc) from None
        columns = models.entry_columns(changed)
        values: dict[Any, Any] = {**columns, "version": row["version"] + 1, "updated_at": datetime.now(UTC)}
        await BlacklistEntryRow.update(values).where(BlacklistEntryRow.id == entry_id)
        await _append_history(entry_id, changed.history, len(entry.history), user)
        await audit.record(
            user,
            f"blacklist_{action}",
            "blacklist_entry",
            entry_id,
            before={"state": entry.state.value},
            after={
                k: v for k, v in columns.items() if k in ("state", "channels", "published_on", "removed_on")
            },
        )
        title = {
            "approve": "贵机构被拟纳入的黑名单已审定",
            "publish": "贵机构已被列入放射卫生技术服务机构黑名单并公布",
            "remove": "贵机构已移出放射卫生技术服务机构黑名单",
        }[action]
        await notify(
            [Recipient.org("institution", row["institution"])],
            kind=f"credit.blacklist_{action}",
            title=title,
            link="/institution/credit",
            key=f"blacklist:{entry_id}:{action}",
        )
        if action == "publish":
            await _warn_medical_institutions(changed, entry_id)


async def _warn_medical_institutions(entry: credit.BlacklistEntry, entry_id: int) -> None:
    """实施信用预警并通报全省医疗卫生机构: every registered unit of Jilin, in its inbox."""
    ids = [
        r["id"]
        for r in await Client.select(Client.id)
        .where(Client.division_code.like(f"{JILIN}%"))
        .order_by(Client.id)
    ]
    title = f"信用预警：{entry.institution_name}（{entry.institution_uscc}）已列入放射卫生技术服务机构黑名单"
    body = f"失信程度：{entry.level.label}；行为：{'；'.join(sorted({r.behaviour.label for r in entry.records}))}。"
    for start in range(0, len(ids), 1000):
        await notify(
            [Recipient.org("client", i) for i in ids[start : start + 1000]],
            kind="credit.warning",
            title=title,
            body=body,
            link="/credit/blacklist",
            key=f"blacklist:{entry_id}:warning",
        )
