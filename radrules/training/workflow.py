"""A person's registration for a plan, as explicit transitions with audit records.

States (:class:`~radrules.model.training_enums.RegistrationStatus`, source 002 §4.4 3.2,
§7 问题五、十二):

* 未报名 (``not_registered``): added to the unit's list, not yet sent; 报名 sends it;
* 已报名 (``registered``): waiting for the CDC; the unit may 取消报名, which makes it 未报名
  again to be corrected (“无需联系疾控退回，可以自行点击【取消报名】按钮取消报名”);
* 已退回 (``returned``), with the CDC's reason: corrected and sent again (报名);
* 审核通过 (``approved``): only the CDC can undo it, by returning it (问题五 2).

Only 未报名 and 已退回 registrations may be deleted (§4.4 3.2 “删除：未报名和已退回状态的人员
信息可以删除；审核通过的人员无法删除”); 报名 is refused once the plan's deadline has passed
(§7 问题八) by the province's rule, which :func:`submit_registration` runs with every other
rule in force. Who may take each step (the unit or the CDC) is the web shell's to
enforce; this module says what each step does to the registration.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

import attrs

from radrules.china_time import china_date
from radrules.engine.check import CheckResult
from radrules.engine.findings import Finding
from radrules.engine.registry import Registry
from radrules.errors import RadrulesError
from radrules.model.training import Registration, TrainingFiling
from radrules.model.training_enums import PlanStatus, RegistrationStatus
from radrules.training.check import check_training


class RegistrationAction(StrEnum):
    submit = "submit"
    cancel = "cancel"
    return_ = "return"
    approve = "approve"
    remove = "remove"

    @property
    def label(self) -> str:
        return {
            "submit": "报名",
            "cancel": "取消报名",
            "return": "退回",
            "approve": "审核通过",
            "remove": "删除",
        }[self.value]


#: States in which the unit may change a registration's data.
EDITABLE_REGISTRATIONS = frozenset({RegistrationStatus.not_registered, RegistrationStatus.returned})


@attrs.frozen(kw_only=True)
class RegistrationAudit:
    """Who did what to whose registration, when, from which state to which (None: deleted), why."""

    action: RegistrationAction
    actor: str
    at: datetime
    id_number: str
    from_status: RegistrationStatus
    to_status: RegistrationStatus | None
    plan_id: str | None = None
    registration_id: str | None = None
    reason: str | None = None


@attrs.frozen(kw_only=True)
class RegistrationTransition:
    """The registration after the step (None when deleted), its audit record, and the check
    that :func:`submit_registration` ran."""

    registration: Registration | None
    audit: RegistrationAudit
    check: CheckResult | None = None


class RegistrationRefused(RadrulesError):
    """A step the registration's state, its plan or its findings do not allow."""

    def __init__(
        self,
        message: str,
        *,
        action: RegistrationAction,
        status: RegistrationStatus,
        findings: Sequence[Finding] = (),
    ) -> None:
        self.message = message
        self.action = action
        self.status = status
        self.findings = tuple(findings)
        super().__init__(f"不能{action.label}：{message}")


def _audit(
    action: RegistrationAction,
    before: Registration,
    after: Registration | None,
    *,
    actor: str,
    at: datetime,
    plan_id: str | None = None,
    reason: str | None = None,
) -> RegistrationAudit:
    if not actor.strip():
        raise RegistrationRefused("须注明操作人", action=action, status=before.status)
    return RegistrationAudit(
        action=action,
        actor=actor,
        at=at,
        id_number=before.id_number,
        from_status=before.status,
        to_status=None if after is None else after.status,
        plan_id=plan_id,
        registration_id=before.registration_id,
        reason=reason,
    )


def _require(action: RegistrationAction, reg: Registration, allowed: frozenset[RegistrationStatus]) -> None:
    if reg.status not in allowed:
        names = "、".join(s.label for s in sorted(allowed, key=list(RegistrationStatus).index))
        raise RegistrationRefused(
            f"只有“{names}”的报名可以{action.label}（当前为“{reg.status.label}”）",
            action=action,
            status=reg.status,
        )


def _about(finding: Finding, prefix: str) -> bool:
    path = finding.path
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def submit_registration(
    filing: TrainingFiling,
    index: int,
    *,
    actor: str,
    at: datetime,
    registry: Registry | None = None,
    province: str | None = None,
) -> RegistrationTransition:
    """报名: send ``filing.registrations[index]`` to the CDC.

    The whole envelope is checked as of the day of ``at`` (the plan, the unit's other
    registrations for uniqueness, storage's counts for a plan limit); the errors about
    this registration block it, findings about the others do not.
    """
    action = RegistrationAction.submit
    if not 0 <= index < len(filing.registrations):
        raise RadrulesError(f"没有第{index + 1}条报名（共{len(filing.registrations)}条）")
    reg = filing.registrations[index]
    _require(action, reg, EDITABLE_REGISTRATIONS)
    plan = filing.plan
    if plan is None:
        raise RegistrationRefused("缺少培训计划（plan）", action=action, status=reg.status)
    if plan.status is not PlanStatus.published:
        raise RegistrationRefused(f"培训计划{plan.status.label}，不能报名", action=action, status=reg.status)
    candidate = attrs.evolve(reg, submitted_on=china_date(at))
    regs = list(filing.registrations)
    regs[index] = candidate
    result = check_training(
        attrs.evolve(filing, registrations=tuple(regs)),
        as_of=china_date(at),
        province=province,
        registry=registry,
    )
    prefix = f"registrations[{index}]"
    blocking = tuple(f for f in result.blocking("submit") if _about(f, prefix))
    if blocking:
        more = f"等{len(blocking)}个问题" if len(blocking) > 1 else ""
        raise RegistrationRefused(
            f"{blocking[0].message}{more}", action=action, status=reg.status, findings=blocking
        )
    new = attrs.evolve(candidate, status=RegistrationStatus.registered, return_reason=None)
    return RegistrationTransition(
        registration=new,
        audit=_audit(action, reg, new, actor=actor, at=at, plan_id=plan.plan_id),
        check=result,
    )


def cancel_registration(reg: Registration, *, actor: str, at: datetime) -> RegistrationTransition:
    """取消报名: the unit takes back a registration the CDC has not reviewed yet (问题十二 1)."""
    action = RegistrationAction.cancel
    _require(action, reg, frozenset({RegistrationStatus.registered}))
    new = attrs.evolve(reg, status=RegistrationStatus.not_registered, submitted_on=None)
    return RegistrationTransition(registration=new, audit=_audit(action, reg, new, actor=actor, at=at))


def return_registration(
    reg: Registration, *, actor: str, at: datetime, reason: str
) -> RegistrationTransition:
    """退回: the CDC sends a registration back with its reason — one waiting for review, or
    an approved one the unit asked to correct (问题五 2)."""
    action = RegistrationAction.return_
    if not reason.strip():
        raise RegistrationRefused("退回须填写退回原因", action=action, status=reg.status)
    _require(action, reg, frozenset({RegistrationStatus.registered, RegistrationStatus.approved}))
    new = attrs.evolve(reg, status=RegistrationStatus.returned, return_reason=reason.strip())
    return RegistrationTransition(
        registration=new, audit=_audit(action, reg, new, actor=actor, at=at, reason=reason.strip())
    )


def approve_registration(reg: Registration, *, actor: str, at: datetime) -> RegistrationTransition:
    """审核通过: the CDC approves a registration waiting for review."""
    action = RegistrationAction.approve
    _require(action, reg, frozenset({RegistrationStatus.registered}))
    new = attrs.evolve(reg, status=RegistrationStatus.approved)
    return RegistrationTransition(registration=new, audit=_audit(action, reg, new, actor=actor, at=at))


def remove_registration(reg: Registration, *, actor: str, at: datetime) -> RegistrationTransition:
    """删除: only a registration not yet sent, or returned, leaves the unit's list."""
    action = RegistrationAction.remove
    _require(action, reg, EDITABLE_REGISTRATIONS)
    return RegistrationTransition(registration=None, audit=_audit(action, reg, None, actor=actor, at=at))
