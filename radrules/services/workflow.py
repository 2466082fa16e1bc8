"""The report card's workflow: each transition is a function that checks its rules and
returns the new card with an audit record (DESIGN.md, Workflow).

States (:class:`~radrules.model.enums.FilingStatus`): draft (暂存) → submitted (已提交) →
withdrawn (撤销) → resubmitted; returned (退回, with a reason); approved (审核通过); locked
(stamped copies attached); synced (sent in full to the national system, then fixed).

The Jiangsu platform (source 000 §5.3.2, §5.3.4 第八–九步, FAQ 3) describes:

* 暂存 saves a card at any time and issues its QC code (第六步); 提交 sends it, and every
  error finding blocks that; 撤销 makes a submitted card editable again;
* once the stamped card PDF and the report's cover and sign page are uploaded, nothing on
  the card can change until an attachment is deleted (第八步, FAQ 3). That is the *lock*: a
  layer over the state beneath it (``ReportCard.status_under_lock``), so a locked card can
  still be submitted or withdrawn, but not edited;
* after submission the data goes to the national system first and the attachments a few
  days later; once the attachments are sent the card is fixed (第九步): ``synced``.

What locks a card and how long the attachments wait come from the jurisdiction's plugin
(``radrules_workflow_policy``); the web shell calls these functions and stores their
results, and holds no rule of its own. This module has the states, the audit record and
the filer's and reviewer's transitions; attaching, detaching and forwarding to the
national system are in :mod:`radrules.services.attachments`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

import attrs

from radrules import hookspecs
from radrules.answers import WorkflowPolicy
from radrules.china_time import china_date
from radrules.engine.check import CheckResult, check
from radrules.engine.findings import Finding
from radrules.engine.registry import Registry, default_registry
from radrules.errors import RadrulesError
from radrules.model.card import ReportCard
from radrules.model.enums import FilingStatus
from radrules.model.filing import Filing
from radrules.services.qc_codes import QcSequence, issue_qc_code


class Action(StrEnum):
    """The transitions, named by the glossary (``return`` is 退回)."""

    save_draft = "save_draft"
    submit = "submit"
    withdraw = "withdraw"
    return_ = "return"
    approve = "approve"
    attach = "attach"
    detach = "detach"
    data_sent = "data_sent"
    attachments_sent = "attachments_sent"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.save_draft: "暂存",
    Action.submit: "提交",
    Action.withdraw: "撤销",
    Action.return_: "退回",
    Action.approve: "审核通过",
    Action.attach: "上传附件",
    Action.detach: "删除附件",
    Action.data_sent: "数据上报国家系统",
    Action.attachments_sent: "附件上报国家系统",
}

#: States in which the card's content may be changed (when it is not locked).
EDITABLE = frozenset({FilingStatus.draft, FilingStatus.withdrawn, FilingStatus.returned})
#: States that count as submitted for forwarding to the national system.
SENDABLE = frozenset({FilingStatus.submitted, FilingStatus.approved})


@attrs.frozen(kw_only=True)
class AuditRecord:
    """Who did what to which card, when, from which state to which, and why."""

    action: Action
    actor: str
    at: datetime
    from_status: FilingStatus
    to_status: FilingStatus
    card_id: str | None = None
    qc_code: str | None = None
    reason: str | None = None
    detail: str | None = None


@attrs.frozen(kw_only=True)
class Transition:
    """The outcome of a transition: the new card and its audit record.

    ``check`` is the check the transition ran (save and submit); ``qc_code_withheld`` the
    errors that kept a saved draft from getting its QC code yet.
    """

    card: ReportCard
    audit: AuditRecord
    check: CheckResult | None = None
    qc_code_withheld: tuple[Finding, ...] = ()


class TransitionRefused(RadrulesError):
    """A transition that the card's state or its findings do not allow.

    ``findings`` are the blocking errors when findings were the reason.
    """

    def __init__(
        self,
        message: str,
        *,
        action: Action,
        status: FilingStatus,
        findings: Sequence[Finding] = (),
    ) -> None:
        self.message = message
        self.action = action
        self.status = status
        self.findings = tuple(findings)
        super().__init__(f"不能{action.label}：{message}")


# -- policy and state helpers ---------------------------------------------------------------


def workflow_policy(
    card: ReportCard, *, as_of: date, registry: Registry | None = None, province: str | None = None
) -> WorkflowPolicy:
    """The policy of the card's jurisdiction (the most specific that gives one), else none."""
    reg = registry or default_registry()
    chain = reg.chain_for(province=province, division_code=card.service_division_code)
    found = reg.ask(hookspecs.radrules_workflow_policy, chain, params=reg.view(chain, as_of))
    return found[1] if found is not None else WorkflowPolicy()


def base_status(card: ReportCard) -> FilingStatus:
    """The card's state beneath its lock (its state, when not locked)."""
    if card.status is FilingStatus.locked:
        return card.status_under_lock or FilingStatus.draft
    return card.status


def lock_complete(card: ReportCard, policy: WorkflowPolicy) -> bool:
    """True when every attachment kind that locks the card is attached."""
    if not policy.lock_attachments:
        return False
    present = {a.kind for a in card.attachments}
    return all(kind in present for kind in policy.lock_attachments)


def _with_base(card: ReportCard, base: FilingStatus, **changes: object) -> ReportCard:
    if card.status is FilingStatus.locked:
        return attrs.evolve(card, status_under_lock=base, **changes)  # type: ignore[arg-type]
    return attrs.evolve(card, status=base, **changes)  # type: ignore[arg-type]


def audit_record(
    action: Action,
    before: ReportCard,
    after: ReportCard,
    *,
    actor: str,
    at: datetime,
    reason: str | None = None,
    detail: str | None = None,
) -> AuditRecord:
    if not actor.strip():
        raise TransitionRefused("须注明操作人", action=action, status=before.status)
    return AuditRecord(
        action=action,
        actor=actor,
        at=at,
        from_status=before.status,
        to_status=after.status,
        card_id=after.card_id,
        qc_code=after.qc_code,
        reason=reason,
        detail=detail,
    )


def refuse_if_fixed(card: ReportCard, action: Action) -> None:
    """Refuse ``action`` once the attachments have gone to the national system (第九步)."""
    sent = card.national_sync is not None and card.national_sync.attachments_sent_on is not None
    if card.status is FilingStatus.synced or sent:
        raise TransitionRefused(
            "附件已上报国家系统，报送卡数据已全部固定，无法再撤销修改", action=action, status=card.status
        )


def _card_of(filing: Filing | ReportCard) -> tuple[Filing, ReportCard]:
    if isinstance(filing, ReportCard):
        return Filing(report_card=filing), filing
    if filing.report_card is None:
        raise RadrulesError("报送数据中没有报送卡（report_card）")
    return filing, filing.report_card


def _refuse_findings(action: Action, card: ReportCard, found: tuple[Finding, ...]) -> TransitionRefused:
    first = found[0]
    more = f"等{len(found)}个问题" if len(found) > 1 else ""
    return TransitionRefused(f"{first.message}{more}", action=action, status=card.status, findings=found)


# -- transitions ------------------------------------------------------------------------------


def save_draft(
    filing: Filing | ReportCard,
    *,
    actor: str,
    at: datetime,
    registry: Registry | None = None,
    province: str | None = None,
    sequence: QcSequence | None = None,
) -> Transition:
    """暂存: save the card as a draft and, when nothing withholds it, issue its QC code.

    Refused for a locked card (delete an attachment first, FAQ 3), a submitted one (withdraw
    first) and when an error of a rule that blocks saving is found (Jiangsu: no approved
    qualification declaration, source 000 §5.3.4 第一步).
    """
    filing, card = _card_of(filing)
    refuse_if_fixed(card, Action.save_draft)
    if card.status is FilingStatus.locked:
        raise TransitionRefused(
            "报送卡已上传盖章附件，数据已锁定：须先删除已上传的《放射卫生技术服务信息报送卡》等附件，才能修改",
            action=Action.save_draft,
            status=card.status,
        )
    if card.status not in EDITABLE:
        raise TransitionRefused(
            f"报送卡状态为“{card.status.label}”，须先撤销才能修改",
            action=Action.save_draft,
            status=card.status,
        )
    result = check(filing, as_of=china_date(at), province=province, registry=registry)
    if blocking := result.blocking("save_draft"):
        raise _refuse_findings(Action.save_draft, card, blocking)
    withheld = result.blocking("qc_code") if not card.qc_code else ()
    code = card.qc_code
    if not code and not withheld:
        code = issue_qc_code(card, on=china_date(at), registry=registry, province=province, sequence=sequence)
    new = attrs.evolve(card, status=FilingStatus.draft, qc_code=code)
    audit = audit_record(Action.save_draft, card, new, actor=actor, at=at)
    return Transition(card=new, audit=audit, check=result, qc_code_withheld=withheld)


def submit(
    filing: Filing | ReportCard,
    *,
    actor: str,
    at: datetime,
    registry: Registry | None = None,
    province: str | None = None,
    sequence: QcSequence | None = None,
) -> Transition:
    """提交: every error finding blocks; the card gets its QC code if it has none yet."""
    filing, card = _card_of(filing)
    refuse_if_fixed(card, Action.submit)
    base = base_status(card)
    if base not in EDITABLE:
        raise TransitionRefused(
            f"只有暂存、已撤销或被退回的报送卡可以提交（当前为“{base.label}”）",
            action=Action.submit,
            status=card.status,
        )
    # Checked as it will be filed, so that the record of a late filing is the one kept.
    filing = attrs.evolve(filing, report_card=attrs.evolve(card, filed_on=china_date(at)))
    result = check(filing, as_of=china_date(at), province=province, registry=registry)
    if blocking := result.blocking("submit"):
        raise _refuse_findings(Action.submit, card, blocking)
    code = issue_qc_code(card, on=china_date(at), registry=registry, province=province, sequence=sequence)
    new = _with_base(card, FilingStatus.submitted, qc_code=code, filed_on=china_date(at))
    return Transition(
        card=new, audit=audit_record(Action.submit, card, new, actor=actor, at=at), check=result
    )


def withdraw(card: ReportCard, *, actor: str, at: datetime, reason: str | None = None) -> Transition:
    """撤销: make a submitted card editable again (nothing is deleted, source 000 §5.3.2).

    Refused once the attachments have gone to the national system (第九步). A locked card
    can be withdrawn but stays locked until its attachment is deleted (FAQ 3). Data already
    forwarded will be forwarded again after resubmission, so the sent date is cleared.
    """
    refuse_if_fixed(card, Action.withdraw)
    base = base_status(card)
    if base not in SENDABLE:
        raise TransitionRefused(
            f"只有已提交的报送卡可以撤销（当前为“{base.label}”）", action=Action.withdraw, status=card.status
        )
    sync = card.national_sync
    new = _with_base(
        card,
        FilingStatus.withdrawn,
        national_sync=attrs.evolve(sync, data_sent_on=None) if sync is not None else None,
    )
    return Transition(
        card=new, audit=audit_record(Action.withdraw, card, new, actor=actor, at=at, reason=reason)
    )


def return_card(card: ReportCard, *, actor: str, at: datetime, reason: str) -> Transition:
    """退回: a reviewer sends a submitted card back, saying why."""
    refuse_if_fixed(card, Action.return_)
    if not reason.strip():
        raise TransitionRefused("退回须填写退回原因", action=Action.return_, status=card.status)
    base = base_status(card)
    if base is not FilingStatus.submitted:
        raise TransitionRefused(
            f"只有已提交的报送卡可以退回（当前为“{base.label}”）", action=Action.return_, status=card.status
        )
    new = _with_base(card, FilingStatus.returned)
    return Transition(
        card=new, audit=audit_record(Action.return_, card, new, actor=actor, at=at, reason=reason)
    )


def approve(card: ReportCard, *, actor: str, at: datetime) -> Transition:
    """审核通过: a reviewer approves a submitted card."""
    refuse_if_fixed(card, Action.approve)
    base = base_status(card)
    if base is not FilingStatus.submitted:
        raise TransitionRefused(
            f"只有已提交的报送卡可以审核（当前为“{base.label}”）", action=Action.approve, status=card.status
        )
    new = _with_base(card, FilingStatus.approved)
    return Transition(card=new, audit=audit_record(Action.approve, card, new, actor=actor, at=at))


__all__ = [
    "EDITABLE",
    "SENDABLE",
    "Action",
    "AuditRecord",
    "Transition",
    "TransitionRefused",
    "approve",
    "audit_record",
    "base_status",
    "lock_complete",
    "refuse_if_fixed",
    "return_card",
    "save_draft",
    "submit",
    "withdraw",
    "workflow_policy",
]
