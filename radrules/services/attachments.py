"""Attachments, the lock they make, and forwarding a card to the national system.

The Jiangsu platform (source 000 §5.3.4 第八–九步, FAQ 3): once the stamped card PDF and the
report's cover and sign page are uploaded, nothing on the card can change until an
attachment is deleted — the *lock*, a layer over the state beneath it; after submission the
data go to the national system first and the attachments a few days later, after which the
card is fixed for good (``synced``). Which attachments lock a card, and how long they wait,
is the jurisdiction's :class:`~radrules.answers.WorkflowPolicy`
(:func:`radrules.services.workflow.workflow_policy`). The other transitions are in
:mod:`radrules.services.workflow`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs

from radrules.china_time import china_date
from radrules.engine.registry import Registry
from radrules.model.card import Attachment, NationalSync, ReportCard
from radrules.model.enums import FilingStatus
from radrules.services.workflow import (
    SENDABLE,
    Action,
    Transition,
    TransitionRefused,
    audit_record,
    base_status,
    lock_complete,
    refuse_if_fixed,
    workflow_policy,
)


@attrs.frozen(kw_only=True)
class SyncDue:
    """What is due to go to the national system as of a date (source 000 §5.3.4 第九步)."""

    data: bool
    attachments: bool
    attachments_due_on: date | None
    note: str


def attach(
    card: ReportCard,
    attachment: Attachment,
    *,
    actor: str,
    at: datetime,
    registry: Registry | None = None,
    province: str | None = None,
) -> Transition:
    """上传: add an attachment; the card locks when the policy's attachments are all present."""
    refuse_if_fixed(card, Action.attach)
    policy = workflow_policy(card, as_of=china_date(at), registry=registry, province=province)
    if not attachment.filename.strip():
        raise TransitionRefused("附件须有文件名", action=Action.attach, status=card.status)
    if attachment.kind in policy.lock_attachments and any(
        a.kind is attachment.kind for a in card.attachments
    ):
        raise TransitionRefused(
            f"已上传《{attachment.kind.label}》，须先删除原附件再上传",
            action=Action.attach,
            status=card.status,
        )
    new = attrs.evolve(card, attachments=(*card.attachments, attachment))
    if new.status is not FilingStatus.locked and lock_complete(new, policy):
        new = attrs.evolve(new, status=FilingStatus.locked, status_under_lock=card.status)
    audit = audit_record(
        Action.attach, card, new, actor=actor, at=at, detail=f"{attachment.kind.label}：{attachment.filename}"
    )
    return Transition(card=new, audit=audit)


def detach(
    card: ReportCard,
    filename: str,
    *,
    actor: str,
    at: datetime,
    registry: Registry | None = None,
    province: str | None = None,
) -> Transition:
    """删除附件: remove an attachment; a locked card unlocks to the state beneath the lock."""
    refuse_if_fixed(card, Action.detach)
    kept = tuple(a for a in card.attachments if a.filename != filename)
    if len(kept) == len(card.attachments):
        raise TransitionRefused(f"没有名为“{filename}”的附件", action=Action.detach, status=card.status)
    removed = next(a for a in card.attachments if a.filename == filename)
    policy = workflow_policy(card, as_of=china_date(at), registry=registry, province=province)
    new = attrs.evolve(card, attachments=kept)
    if new.status is FilingStatus.locked and not lock_complete(new, policy):
        new = attrs.evolve(new, status=base_status(card), status_under_lock=None)
    audit = audit_record(
        Action.detach, card, new, actor=actor, at=at, detail=f"{removed.kind.label}：{filename}"
    )
    return Transition(card=new, audit=audit)


def sync_due(
    card: ReportCard, *, as_of: date, registry: Registry | None = None, province: str | None = None
) -> SyncDue:
    """What is due to be sent to the national system as of ``as_of``.

    The data are due once the card is submitted; the attachments when the policy's delay
    after the data has passed and the card is locked (its stamped copies are all present).
    """
    if card.status is FilingStatus.synced:
        return SyncDue(
            data=False, attachments=False, attachments_due_on=None, note="数据和附件均已上报国家系统"
        )
    if base_status(card) not in SENDABLE:
        return SyncDue(data=False, attachments=False, attachments_due_on=None, note="报送卡未提交，无需上报")
    sent = card.national_sync.data_sent_on if card.national_sync else None
    if sent is None:
        return SyncDue(data=True, attachments=False, attachments_due_on=None, note="报送数据待上报国家系统")
    policy = workflow_policy(card, as_of=as_of, registry=registry, province=province)
    due_on = sent + timedelta(days=policy.attachment_sync_delay_days)
    if card.status is not FilingStatus.locked:
        return SyncDue(
            data=False,
            attachments=False,
            attachments_due_on=due_on,
            note="待上传盖章版报送卡及报告首页、签发页",
        )
    if as_of < due_on:
        return SyncDue(
            data=False,
            attachments=False,
            attachments_due_on=due_on,
            note=f"附件将于 {due_on.isoformat()} 起上报",
        )
    return SyncDue(data=False, attachments=True, attachments_due_on=due_on, note="附件待上报国家系统")


def record_data_sent(card: ReportCard, *, actor: str, at: datetime) -> Transition:
    """The card's data reached the national system (the state is unchanged)."""
    refuse_if_fixed(card, Action.data_sent)
    if base_status(card) not in SENDABLE:
        raise TransitionRefused("报送卡未提交，不能上报", action=Action.data_sent, status=card.status)
    if card.national_sync is not None and card.national_sync.data_sent_on is not None:
        raise TransitionRefused(
            f"数据已于 {card.national_sync.data_sent_on.isoformat()} 上报",
            action=Action.data_sent,
            status=card.status,
        )
    sync = attrs.evolve(card.national_sync or NationalSync(), data_sent_on=china_date(at))
    new = attrs.evolve(card, national_sync=sync)
    return Transition(card=new, audit=audit_record(Action.data_sent, card, new, actor=actor, at=at))


def record_attachments_sent(
    card: ReportCard,
    *,
    actor: str,
    at: datetime,
    registry: Registry | None = None,
    province: str | None = None,
) -> Transition:
    """The attachments reached the national system: the card is synced and fixed for good."""
    refuse_if_fixed(card, Action.attachments_sent)
    due = sync_due(card, as_of=china_date(at), registry=registry, province=province)
    if not due.attachments:
        raise TransitionRefused(due.note, action=Action.attachments_sent, status=card.status)
    sync = attrs.evolve(card.national_sync or NationalSync(), attachments_sent_on=china_date(at))
    new = attrs.evolve(card, status=FilingStatus.synced, status_under_lock=None, national_sync=sync)
    return Transition(card=new, audit=audit_record(Action.attachments_sent, card, new, actor=actor, at=at))


__all__ = [
    "SyncDue",
    "attach",
    "detach",
    "record_attachments_sent",
    "record_data_sent",
    "sync_due",
]
