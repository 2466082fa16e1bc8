"""The registration workflow (source 002 §4.4, §7 问题五、八、十二): states, refusals, audit."""

from __future__ import annotations

from datetime import datetime

import attrs
import pytest

from radrules import (
    PlanStatus,
    RegistrationAction,
    RegistrationRefused,
    RegistrationStatus,
    TrainingFiling,
    approve_registration,
    cancel_registration,
    remove_registration,
    return_registration,
    submit_registration,
)

BEFORE_DEADLINE = datetime(2026, 3, 15, 10, 30)
AFTER_DEADLINE = datetime(2026, 4, 1, 9, 0)


def test_submit_sends_the_registration_and_records_who_and_when(registration: TrainingFiling) -> None:
    step = submit_registration(registration, 0, actor="unit-user-7", at=BEFORE_DEADLINE)
    assert step.registration is not None
    assert step.registration.status is RegistrationStatus.registered
    assert step.registration.submitted_on == BEFORE_DEADLINE.date()
    assert step.audit.action is RegistrationAction.submit
    assert (step.audit.from_status, step.audit.to_status) == (
        RegistrationStatus.not_registered,
        RegistrationStatus.registered,
    )
    assert step.audit.plan_id == "JS-2026-ZD-01"
    assert step.audit.id_number == "320106198003121233"
    assert step.check is not None and step.check.ok


def test_no_registration_after_the_deadline(registration: TrainingFiling) -> None:
    # §7 问题八: the entry closes when the deadline passes.
    with pytest.raises(RegistrationRefused) as refused:
        submit_registration(registration, 0, actor="unit-user-7", at=AFTER_DEADLINE)
    assert "报名已截止" in str(refused.value)
    assert [f.rule_id for f in refused.value.findings] == ["JS.training.registration.deadline"]


def test_the_deadline_day_itself_is_open(registration: TrainingFiling) -> None:
    step = submit_registration(registration, 1, actor="u", at=datetime(2026, 3, 31, 23, 59))
    assert step.registration is not None and step.registration.status is RegistrationStatus.registered


def test_errors_of_another_person_do_not_block_this_one(registration: TrainingFiling) -> None:
    other = registration.registrations[1]
    broken = attrs.evolve(other, accommodation=None)
    filing = attrs.evolve(registration, registrations=(registration.registrations[0], broken))
    assert submit_registration(filing, 0, actor="u", at=BEFORE_DEADLINE).registration is not None
    with pytest.raises(RegistrationRefused) as refused:
        submit_registration(filing, 1, actor="u", at=BEFORE_DEADLINE)
    assert [f.path for f in refused.value.findings] == ["registrations[1].accommodation"]


def test_warnings_do_not_block(registration: TrainingFiling) -> None:
    # Red marks remind (§4.4 3.2); the CDC decides on review.
    plan = attrs.evolve(registration.plan, age_limit=30)
    step = submit_registration(attrs.evolve(registration, plan=plan), 0, actor="u", at=BEFORE_DEADLINE)
    assert step.check is not None
    assert [f.rule_id for f in step.check.warnings] == [
        "JS.training.registration.age",
        "JS.training.registration.age",
    ]


@pytest.mark.parametrize("status", [PlanStatus.draft, PlanStatus.closed])
def test_only_a_published_plan_takes_registrations(registration: TrainingFiling, status: PlanStatus) -> None:
    filing = attrs.evolve(registration, plan=attrs.evolve(registration.plan, status=status))
    with pytest.raises(RegistrationRefused, match=status.label):
        submit_registration(filing, 0, actor="u", at=BEFORE_DEADLINE)


def test_cancel_before_review_makes_it_editable_again(registration: TrainingFiling) -> None:
    sent = submit_registration(registration, 0, actor="u", at=BEFORE_DEADLINE).registration
    assert sent is not None
    back = cancel_registration(sent, actor="u", at=BEFORE_DEADLINE)
    assert back.registration is not None
    assert back.registration.status is RegistrationStatus.not_registered
    assert back.registration.submitted_on is None


def test_an_approved_registration_cannot_be_cancelled_or_deleted_by_the_unit(
    registration: TrainingFiling,
) -> None:
    approved = attrs.evolve(registration.registrations[0], status=RegistrationStatus.approved)
    with pytest.raises(RegistrationRefused, match="已报名"):
        cancel_registration(approved, actor="u", at=BEFORE_DEADLINE)
    with pytest.raises(RegistrationRefused, match="审核通过"):
        remove_registration(approved, actor="u", at=BEFORE_DEADLINE)


def test_return_needs_a_reason_and_keeps_it(registration: TrainingFiling) -> None:
    sent = attrs.evolve(registration.registrations[0], status=RegistrationStatus.registered)
    with pytest.raises(RegistrationRefused, match="退回原因"):
        return_registration(sent, actor="cdc", at=BEFORE_DEADLINE, reason="  ")
    step = return_registration(sent, actor="cdc", at=BEFORE_DEADLINE, reason="职称证书附件不清晰")
    assert step.registration is not None
    assert step.registration.return_reason == "职称证书附件不清晰"
    assert step.audit.reason == "职称证书附件不清晰"


def test_the_cdc_can_return_an_approved_registration(registration: TrainingFiling) -> None:
    # §7 问题五 2: 已经审核通过的，需要联系省里负责报名老师，将报名信息退回，重新报名。
    approved = attrs.evolve(registration.registrations[0], status=RegistrationStatus.approved)
    step = return_registration(approved, actor="cdc", at=BEFORE_DEADLINE, reason="单位申请更正")
    assert step.registration is not None and step.registration.status is RegistrationStatus.returned


def test_a_returned_registration_is_corrected_and_sent_again(registration: TrainingFiling) -> None:
    returned = attrs.evolve(
        registration.registrations[0], status=RegistrationStatus.returned, return_reason="住宿类型有误"
    )
    filing = attrs.evolve(registration, registrations=(returned, registration.registrations[1]))
    step = submit_registration(filing, 0, actor="u", at=BEFORE_DEADLINE)
    assert step.registration is not None
    assert step.registration.status is RegistrationStatus.registered
    assert step.registration.return_reason is None
    assert step.audit.from_status is RegistrationStatus.returned


def test_approve_only_what_waits_for_review(registration: TrainingFiling) -> None:
    with pytest.raises(RegistrationRefused, match="未报名"):
        approve_registration(registration.registrations[0], actor="cdc", at=BEFORE_DEADLINE)
    sent = attrs.evolve(registration.registrations[0], status=RegistrationStatus.registered)
    assert (
        approve_registration(sent, actor="cdc", at=BEFORE_DEADLINE).audit.to_status
        is RegistrationStatus.approved
    )


def test_remove_a_returned_registration_leaves_an_audit_record(registration: TrainingFiling) -> None:
    returned = attrs.evolve(
        registration.registrations[0], status=RegistrationStatus.returned, return_reason="x"
    )
    step = remove_registration(returned, actor="u", at=BEFORE_DEADLINE)
    assert step.registration is None
    assert step.audit.to_status is None and step.audit.from_status is RegistrationStatus.returned


def test_every_step_names_its_actor(registration: TrainingFiling) -> None:
    with pytest.raises(RegistrationRefused, match="操作人"):
        submit_registration(registration, 0, actor=" ", at=BEFORE_DEADLINE)


def test_a_registration_limit_refuses_the_one_past_it(registration: TrainingFiling) -> None:
    from radrules import TrainingCounts

    plan = attrs.evolve(registration.plan, registration_limit=5)
    full = attrs.evolve(registration, plan=plan, counts=TrainingCounts(registrations=5))
    with pytest.raises(RegistrationRefused, match="报名人数已满"):
        submit_registration(full, 0, actor="u", at=BEFORE_DEADLINE)
    room = attrs.evolve(full, counts=TrainingCounts(registrations=4))
    assert submit_registration(room, 0, actor="u", at=BEFORE_DEADLINE).registration is not None
