"""What units are told about their training (issue 13 "Notifications"): a registration
returned or approved, class selection opened, scores published.

Each notice goes through the platform's notification API
(:func:`radrules_webshell.notifications.notify`, docs/notifications.md) inside the
transaction of its event, so a unit is told exactly when the event committed: an inbox
message for every account of the unit, and an SMS to their mobiles (source 002 §5.1: units
otherwise wait for the CDC's “群里通知”). Each carries a key, so a step retried tells once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from radrules_webshell.notifications import Recipient, notify


def _unit(institution_id: int) -> list[Recipient]:
    return [Recipient.org("institution", institution_id)]


async def registration_reviewed(row: dict[str, Any], *, approved: bool, reason: str | None) -> None:
    """报名审核通过 / 已退回, with the reason (the unit corrects and sends again)."""
    name, plan_id = row["name"], row["plan"]
    if approved:
        title = f"报名审核通过：{name}"
        body = "该人员的报名已审核通过，请等待省疾控通知选班。"
    else:
        title = f"报名已退回：{name}"
        body = f"退回原因：{reason}\n请按退回原因修改后重新报名。"
    await notify(
        _unit(row["institution"]),
        kind="training.registration_approved" if approved else "training.registration_returned",
        title=title,
        body=body,
        link=f"/training/plans/{plan_id}?r={row['id']}",
        sms="now",
        key=f"training-registration:{row['id']}:{'approved' if approved else 'returned'}:{row['version'] + 1}",
    )


async def selection_opened(
    session: dict[str, Any], plan: dict[str, Any], institution_ids: Iterable[int]
) -> None:
    """开放选班 (§5.1): every unit with an approved person for the plan."""
    units = sorted(set(institution_ids))
    if not units:
        return
    for start in range(0, len(units), 1000):
        await notify(
            [Recipient.org("institution", i) for i in units[start : start + 1000]],
            kind="training.selection_opened",
            title=f"已开放选班：{plan['name']} 第{session['number']}期",
            body=f"选班截止日期 {session['selection_deadline']}，培训时间 {session['starts_on']} 至 {session['ends_on']}。",
            link=f"/training/selection/{plan['id']}",
            sms="now",
            key=f"training-selection-open:{session['id']}:{session['version'] + 1}",
        )


async def scores_published(
    session: dict[str, Any], plan: dict[str, Any], institution_ids: Iterable[int]
) -> None:
    """成绩发布 (§6.3): every unit with a person placed in the session."""
    units = sorted(set(institution_ids))
    for start in range(0, len(units), 1000):
        await notify(
            [Recipient.org("institution", i) for i in units[start : start + 1000]],
            kind="training.scores_published",
            title=f"成绩已发布：{plan['name']} 第{session['number']}期",
            body="可在“集体成绩查询”中查看成绩并下载合格人员的证书。",
            link=f"/training/scores/{session['id']}",
            sms="now",
            key=f"training-scores:{session['id']}:{session['version'] + 1}",
        )
