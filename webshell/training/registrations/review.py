"""The CDC's review of registrations, person by person (source 002 §1.2 “提交给省疾控审批”,
§7 问题五、十二): 审核通过, or 退回 with the reason the unit then reads (“点击红色已退回三个字查看”).

The steps are the library's (:func:`radrules.approve_registration`,
:func:`radrules.return_registration`); the unit is told of each in the same transaction
(:mod:`radrules_webshell.training.shared.notices`). An approved person already placed in a
class is not returned: the unit first takes the placement back (集体选班), so that no class
keeps someone who is no longer approved.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.service import audit_record, audited, refused, state_model
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.sessions.tables import TrainingSelection
from radrules_webshell.training.shared import notices
from radrules_webshell.training.shared.scope import cdc_plans, cdc_prefix, lock_rows

from radrules import RegistrationRefused, approve_registration, return_registration

#: The longest 退回原因 (it is shown to the unit and sent in the notice).
MAX_REASON = 500


async def cdc_registration(user: Principal, registration_id: int, *, lock: bool = False) -> dict[str, Any]:
    """A registration for a plan of the CDC's province, else 404."""
    plans = TrainingPlan.select(TrainingPlan.id).where(cdc_plans(cdc_prefix(user)))
    query = TrainingRegistration.select().where(
        (TrainingRegistration.id == registration_id) & TrainingRegistration.plan.is_in(plans)
    )
    row = await (lock_rows(query) if lock else query).first()
    if row is None:
        raise NotFound("报名不存在或无权访问")
    return row


async def approve(user: Principal, registration_id: int) -> None:
    async with atomic():
        row = await cdc_registration(user, registration_id, lock=True)
        try:
            step = approve_registration(state_model(row), actor=user.login, at=clock.now())
        except RegistrationRefused as exc:
            raise refused(exc, None) from None
        await _write(
            row, {"status": step.registration.status.value if step.registration else row["status"]}, user
        )
        await audit.record(
            user,
            "training_registration_approve",
            "training_registration",
            registration_id,
            before=audited(row),
            after=audit_record(step.audit),
        )
        await notices.registration_reviewed(row, approved=True, reason=None)


async def return_(user: Principal, registration_id: int, reason: str) -> None:
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise Invalid(errors={"reason": f"退回原因不能超过{MAX_REASON}个字"})
    async with atomic():
        row = await cdc_registration(user, registration_id, lock=True)
        placed = await TrainingSelection.exists().where(TrainingSelection.registration == registration_id)
        if placed:
            raise Conflict("该人员已选班，退回前请单位先在集体选班中取消该人员的选班")
        try:
            step = return_registration(state_model(row), actor=user.login, at=clock.now(), reason=reason)
        except RegistrationRefused as exc:
            if not reason:
                raise Invalid(exc.message, errors={"reason": exc.message}) from None
            raise refused(exc, None) from None
        await _write(
            row,
            {
                "status": "returned",
                "return_reason": step.registration.return_reason if step.registration else reason,
            },
            user,
        )
        await audit.record(
            user,
            "training_registration_return",
            "training_registration",
            registration_id,
            before=audited(row),
            after=audit_record(step.audit),
        )
        await notices.registration_reviewed(row, approved=False, reason=reason)


async def _write(row: dict[str, Any], changed: dict[str, Any], user: Principal) -> None:
    now = datetime.now(UTC)
    values: dict[Any, Any] = {
        **changed,
        "reviewed_by": user.account_id or None,
        "reviewed_at": now,
        "version": row["version"] + 1,
        "updated_at": now,
    }
    await TrainingRegistration.update(values).where(TrainingRegistration.id == row["id"])
