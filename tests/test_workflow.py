"""The card workflow with Jiangsu's policy: QC code on first save, errors block submission,
stamped attachments lock the card (FAQ 3), attachments follow the data to the national
system after 5 days and then the card is fixed (source 000 §5.3.2, §5.3.4 第八–九步)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from jiangsu_fixtures import filing, raw

from radrules import (
    Action,
    Attachment,
    AttachmentKind,
    DeclarationStatus,
    FilingStatus,
    InMemoryQcSequence,
    ReportStatus,
    TransitionRefused,
    approve,
    attach,
    detach,
    record_attachments_sent,
    record_data_sent,
    return_card,
    save_draft,
    submit,
    sync_due,
    withdraw,
    workflow_policy,
)

T0 = datetime(2026, 11, 2, 9, 30)
STAMPED = Attachment(kind=AttachmentKind.stamped_card, filename="报送卡（盖章）.pdf")
COVER = Attachment(kind=AttachmentKind.report_cover_sign, filename="报告首页及签发页（盖章）.pdf")


def _new_filing(**card_changes: object):  # type: ignore[no-untyped-def]
    data = raw()
    data["report_card"]["status"] = "draft"
    del data["report_card"]["qc_code"]
    del data["report_card"]["filed_on"]
    f = filing(data=data)
    assert f.report_card is not None
    return attrs.evolve(f, report_card=attrs.evolve(f.report_card, **card_changes))  # type: ignore[arg-type]


def test_first_save_issues_the_qc_code_and_records_who_and_when() -> None:
    seq = InMemoryQcSequence()
    t = save_draft(_new_filing(), actor="陈静", at=T0, sequence=seq)
    assert t.card.status is FilingStatus.draft
    assert t.card.qc_code is not None and t.card.qc_code.startswith("JS-2026-2-000001-")
    assert t.audit.action is Action.save_draft
    assert (t.audit.actor, t.audit.at, t.audit.from_status, t.audit.to_status) == (
        "陈静",
        T0,
        FilingStatus.draft,
        FilingStatus.draft,
    )
    again = save_draft(attrs.evolve(_new_filing(), report_card=t.card), actor="陈静", at=T0, sequence=seq)
    assert again.card.qc_code == t.card.qc_code  # one code per card, never a second


def test_without_an_approved_qualification_the_card_cannot_be_saved() -> None:
    f = _new_filing()
    assert f.report_card is not None
    q = attrs.evolve(f.report_card.institution.qualification, declaration_status=DeclarationStatus.draft)
    card = attrs.evolve(f.report_card, institution=attrs.evolve(f.report_card.institution, qualification=q))
    with pytest.raises(TransitionRefused) as exc:
        save_draft(attrs.evolve(f, report_card=card), actor="陈静", at=T0, sequence=InMemoryQcSequence())
    assert "请先填报并提交放射卫生服务机构资质信息！" in str(exc.value)
    assert [x.rule_id for x in exc.value.findings] == ["JS.card.qualification-declared"]


def test_a_draft_is_saved_without_a_code_until_the_data_are_submitted() -> None:
    f = _new_filing()
    reports = (attrs.evolve(f.device_test_reports[0], status=ReportStatus.draft),)
    t = save_draft(
        attrs.evolve(f, device_test_reports=reports), actor="陈静", at=T0, sequence=InMemoryQcSequence()
    )
    assert t.card.qc_code is None
    assert [x.rule_id for x in t.qc_code_withheld] == ["JS.card.report-source"]
    with pytest.raises(TransitionRefused) as exc:
        submit(attrs.evolve(f, device_test_reports=reports, report_card=t.card), actor="陈静", at=T0)
    assert "JS.card.report-source" in {x.rule_id for x in exc.value.findings}


def test_full_life_of_a_jiangsu_card() -> None:
    seq = InMemoryQcSequence()
    f = _new_filing()
    card = save_draft(f, actor="陈静", at=T0, sequence=seq).card
    card = attach(card, STAMPED, actor="陈静", at=T0).card
    assert card.status is FilingStatus.draft  # one of two stamped files: not yet locked
    locked = attach(card, COVER, actor="陈静", at=T0)
    card = locked.card
    assert (card.status, card.status_under_lock) == (FilingStatus.locked, FilingStatus.draft)
    assert (locked.audit.from_status, locked.audit.to_status) == (FilingStatus.draft, FilingStatus.locked)

    with pytest.raises(TransitionRefused, match="须先删除"):
        save_draft(attrs.evolve(f, report_card=card), actor="陈静", at=T0, sequence=seq)
    with pytest.raises(TransitionRefused, match="须先删除原附件"):
        attach(card, COVER, actor="陈静", at=T0)

    t1 = T0 + timedelta(hours=1)
    card = submit(attrs.evolve(f, report_card=card), actor="陈静", at=t1, sequence=seq).card
    assert (card.status, card.status_under_lock, card.filed_on) == (
        FilingStatus.locked,
        FilingStatus.submitted,
        t1.date(),
    )

    # FAQ 3: withdrawn, but still locked until the stamped card is deleted.
    card = withdraw(card, actor="陈静", at=t1, reason="修改参与人员").card
    assert (card.status, card.status_under_lock) == (FilingStatus.locked, FilingStatus.withdrawn)
    with pytest.raises(TransitionRefused, match="锁定"):
        save_draft(attrs.evolve(f, report_card=card), actor="陈静", at=t1, sequence=seq)
    unlocked = detach(card, STAMPED.filename, actor="陈静", at=t1)
    card = unlocked.card
    assert (card.status, card.status_under_lock) == (FilingStatus.withdrawn, None)
    card = save_draft(attrs.evolve(f, report_card=card), actor="陈静", at=t1, sequence=seq).card
    card = attach(card, STAMPED, actor="陈静", at=t1).card
    card = submit(attrs.evolve(f, report_card=card), actor="陈静", at=t1, sequence=seq).card
    assert card.status is FilingStatus.locked

    day0 = datetime(2026, 11, 3, 2, 0)
    due = sync_due(card, as_of=day0.date())
    assert (due.data, due.attachments) == (True, False)
    card = record_data_sent(card, actor="system", at=day0).card
    for days, attachments_due in ((4, False), (5, True)):
        due = sync_due(card, as_of=(day0 + timedelta(days=days)).date())
        assert due.attachments is attachments_due, days
        assert due.attachments_due_on == (day0 + timedelta(days=5)).date()
    with pytest.raises(TransitionRefused, match="起上报"):
        record_attachments_sent(card, actor="system", at=day0 + timedelta(days=4))
    card = record_attachments_sent(card, actor="system", at=day0 + timedelta(days=5)).card
    assert card.status is FilingStatus.synced

    later = day0 + timedelta(days=6)
    for act in (
        lambda: withdraw(card, actor="陈静", at=later),
        lambda: detach(card, COVER.filename, actor="陈静", at=later),
        lambda: attach(card, Attachment(kind=AttachmentKind.other, filename="x.pdf"), actor="陈静", at=later),
    ):
        with pytest.raises(TransitionRefused, match="已全部固定"):
            act()
    assert not sync_due(card, as_of=later.date()).data


def test_withdrawing_after_the_data_went_out_resends_them() -> None:
    seq = InMemoryQcSequence()
    f = _new_filing()
    card = submit(f, actor="陈静", at=T0, sequence=seq).card
    card = record_data_sent(card, actor="system", at=T0).card
    with pytest.raises(TransitionRefused, match="已于"):
        record_data_sent(card, actor="system", at=T0)
    card = withdraw(card, actor="陈静", at=T0).card
    assert card.national_sync is not None and card.national_sync.data_sent_on is None
    card = submit(attrs.evolve(f, report_card=card), actor="陈静", at=T0, sequence=seq).card
    assert sync_due(card, as_of=T0.date()).data


def test_attachments_wait_for_the_lock() -> None:
    card = submit(_new_filing(), actor="陈静", at=T0, sequence=InMemoryQcSequence()).card
    card = record_data_sent(card, actor="system", at=T0).card
    due = sync_due(card, as_of=(T0 + timedelta(days=10)).date())
    assert not due.attachments and "待上传" in due.note


def test_review_transitions() -> None:
    card = submit(_new_filing(), actor="陈静", at=T0, sequence=InMemoryQcSequence()).card
    with pytest.raises(TransitionRefused, match="退回原因"):
        return_card(card, actor="省疾控", at=T0, reason=" ")
    returned = return_card(card, actor="省疾控", at=T0, reason="参与人员不全")
    assert returned.card.status is FilingStatus.returned
    assert returned.audit.reason == "参与人员不全"
    with pytest.raises(TransitionRefused):
        approve(returned.card, actor="省疾控", at=T0)
    assert approve(card, actor="省疾控", at=T0).card.status is FilingStatus.approved
    with pytest.raises(TransitionRefused, match="须先撤销"):
        save_draft(card, actor="陈静", at=T0)
    with pytest.raises(TransitionRefused, match="只有已提交"):
        withdraw(returned.card, actor="陈静", at=T0)
    with pytest.raises(TransitionRefused, match="操作人"):
        approve(card, actor="", at=T0)


def test_submission_is_blocked_by_any_error() -> None:
    f = _new_filing(report_no="JSFH-2026-9999")
    with pytest.raises(TransitionRefused) as exc:
        submit(f, actor="陈静", at=T0, sequence=InMemoryQcSequence())
    assert exc.value.findings and all(x.severity.value == "error" for x in exc.value.findings)


def test_jiangsu_policy_comes_from_the_ruleset() -> None:
    card = _new_filing().report_card
    assert card is not None
    policy = workflow_policy(card, as_of=T0.date())
    assert policy.lock_attachments == (AttachmentKind.stamped_card, AttachmentKind.report_cover_sign)
    assert policy.attachment_sync_delay_days == 5
    elsewhere = attrs.evolve(card, client=attrs.evolve(card.client, division_code="330106"))
    assert workflow_policy(elsewhere, as_of=T0.date()).lock_attachments == ()


def test_a_card_submitted_at_night_in_utc_is_filed_on_the_day_in_china() -> None:
    """20:30 UTC on 6 November is 04:30 on 7 November in Beijing: the card is filed on the 7th."""
    seq = InMemoryQcSequence()
    f = _new_filing()
    card = save_draft(f, actor="陈静", at=T0, sequence=seq).card
    at = datetime(2026, 11, 6, 20, 30, tzinfo=UTC)
    filed = submit(attrs.evolve(f, report_card=card), actor="陈静", at=at, sequence=seq).card
    assert filed.filed_on == date(2026, 11, 7)
    naive = submit(attrs.evolve(f, report_card=card), actor="陈静", at=at.replace(tzinfo=None), sequence=seq)
    assert naive.card.filed_on == date(2026, 11, 6)  # a naive time is China's already
