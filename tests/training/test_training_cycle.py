"""The whole cycle through the library, as the web shell will drive it (source 002 §3–§6):
profiles, registration with a return and a correction, review, classes, selection within
capacity, scores, certificates with drawn numbers, the PDF and its verification."""

from __future__ import annotations

from datetime import date, datetime

import attrs
from training_helpers import example

import radrules
from radrules import (
    ClassSelection,
    InMemoryQcSequence,
    RegistrationStatus,
    Score,
    SeatCount,
    TrainingCounts,
)

SECRET = b"cycle-test-secret-0123456789"


def test_from_registration_to_a_verified_certificate() -> None:
    start = example("valid-registration")
    people = start.registrations

    # 集体报名: both sent; the CDC returns one, the unit corrects it and sends it again.
    sent = [
        radrules.submit_registration(start, i, actor="unit", at=datetime(2026, 3, 10, 9)).registration
        for i in range(len(people))
    ]
    assert all(r is not None and r.status is RegistrationStatus.registered for r in sent)
    returned = radrules.return_registration(
        sent[1], actor="cdc", at=datetime(2026, 3, 12, 9), reason="住宿类型有误"
    )
    assert returned.registration is not None
    corrected = attrs.evolve(returned.registration, accommodation=radrules.Accommodation.single_room)
    again = radrules.submit_registration(
        attrs.evolve(start, registrations=(sent[0], corrected)), 1, actor="unit", at=datetime(2026, 3, 13, 9)
    ).registration
    assert again is not None and again.status is RegistrationStatus.registered
    approved = [
        radrules.approve_registration(r, actor="cdc", at=datetime(2026, 3, 20, 9)).registration
        for r in (sent[0], again)
    ]
    assert (
        radrules.unit_plan_status(a for a in approved if a is not None) is radrules.UnitPlanStatus.registered
    )

    # 分班 and 集体选班: the CDC's sessions; the unit picks from the candidates, within capacity.
    classes = example("valid-selection")
    regs = tuple(a for a in approved if a is not None)
    first = classes.sessions[0]
    offered = radrules.candidates(first, "职业性化学中毒", regs, (), classes.sessions)
    assert [r.id_number for r in offered] == ["320106198003121233"]
    picks = (
        ClassSelection(
            session_id=first.session_id,
            id_number=offered[0].id_number,
            unit_uscc=offered[0].unit_uscc,
            specialties=("职业性化学中毒",),
            selected_on=date(2026, 4, 10),
        ),
        ClassSelection(
            session_id=first.session_id,
            id_number=regs[1].id_number,
            unit_uscc=regs[1].unit_uscc,
            specialties=("职业性尘肺病及其他呼吸系统疾病",),
            selected_on=date(2026, 4, 10),
        ),
    )
    counted = TrainingCounts(seats=(SeatCount(session_id=first.session_id, persons=first.capacity - 2),))
    placed = attrs.evolve(classes, registrations=regs, selections=picks, counts=counted)
    assert radrules.check_training(placed, as_of=date(2026, 4, 10)).ok
    assert radrules.session_seats(first, counted.seats[0], picks).left == 0
    one_more = TrainingCounts(seats=(SeatCount(session_id=first.session_id, persons=first.capacity - 1),))
    assert not radrules.check_training(attrs.evolve(placed, counts=one_more), as_of=date(2026, 4, 10)).ok

    # 成绩: the first passes, the second fails; one certificate is due.
    scores = (
        Score(
            session_id=first.session_id,
            id_number=picks[0].id_number,
            specialty="职业性化学中毒",
            score=88,
            passed=True,
            name="王建国",
        ),
        Score(
            session_id=first.session_id,
            id_number=picks[1].id_number,
            specialty="职业性尘肺病及其他呼吸系统疾病",
            score=41,
            passed=False,
            name="张敏",
        ),
    )
    assert radrules.check_training(
        attrs.evolve(placed, scores=scores), as_of=date(2026, 4, 30), only=(Score,)
    ).ok
    due = radrules.certificates_due(scores)
    (person,) = due.issue
    plan = placed.plan
    assert plan is not None
    number = radrules.issue_certificate_number(
        plan, on=date(2026, 5, 8), sequence=InMemoryQcSequence(start=17)
    )
    assert number.startswith("JSPX-2026-01-000017-")
    cert = radrules.issue_certificate(
        person,
        plan=plan,
        session=first,
        number=number,
        issued_on=date(2026, 5, 8),
        issuer="江苏省疾病预防控制中心",
    )
    assert radrules.check_training(
        attrs.evolve(placed, scores=scores, certificates=(cert,)), as_of=date(2026, 5, 8)
    ).ok

    # 证书下载 and the public check of its QR code.
    base = radrules.certificate_verification_base(plan, as_of=date(2026, 5, 8))
    url = radrules.certificate_verification_url(cert.number, base_url=base, secret=SECRET)
    from radrules.documents import render_certificate_pdf

    assert render_certificate_pdf(cert, verification_url=url).startswith(b"%PDF")
    assert radrules.verify_certificate_url(url, secret=SECRET) == cert.number
    profile = radrules.add_certificate_to_profile(regs[0].person, cert)
    assert profile.professional_qualifications[-1].certificate_no == cert.number
