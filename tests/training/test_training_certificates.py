"""Certificates (source 002 §6.4): which to issue, their numbers, profiles, signed addresses."""

from __future__ import annotations

import itertools
from datetime import date

import attrs
import pytest

from radrules import (
    CertificateError,
    CertificateStatus,
    InMemoryQcSequence,
    QcSignatureError,
    Score,
    TrainingFiling,
    add_certificate_to_profile,
    certificate_format,
    certificate_number_problems,
    certificate_series,
    certificate_verification_base,
    certificate_verification_url,
    certificates_due,
    issue_certificate,
    issue_certificate_number,
    revoke_certificate,
    verify_certificate_url,
)
from radrules.qc import verification_url

WANG = "320106198003121233"
SECRET = b"test-secret-0123456789abcdef"


def _score(session: str, specialty: str | None, passed: bool, who: str = WANG) -> Score:
    return Score(session_id=session, id_number=who, specialty=specialty, passed=passed, name="王建国")


def test_a_pass_in_any_specialty_earns_one_certificate_naming_every_pass() -> None:
    due = certificates_due(
        [
            _score("s1", "甲", True),
            _score("s1", "乙", False),
            _score("s1", "丙", True),
            _score("s2", "甲", False),
        ]
    )
    assert [(d.session_id, d.specialties) for d in due.issue] == [("s1", ("甲", "丙"))]
    assert due.extend == () and due.without_pass == ()


def test_a_later_pass_extends_the_certificate_and_keeps_its_number(results: TrainingFiling) -> None:
    issued = results.certificates[0]
    scores = [*results.scores, _score(issued.session_id, "物理因素所致职业病", True)]
    due = certificates_due(scores, results.certificates)
    assert due.issue == ()
    (extension,) = due.extend
    assert extension.certificate.number == issued.number
    assert extension.specialties == ("职业性化学中毒", "物理因素所致职业病")


def test_a_certificate_whose_pass_was_corrected_is_reported(results: TrainingFiling) -> None:
    scores = [attrs.evolve(results.scores[0], passed=False), *results.scores[1:]]
    due = certificates_due(scores, results.certificates)
    assert [c.number for c in due.without_pass] == [results.certificates[0].number]


def test_a_revoked_certificate_is_not_silently_replaced(results: TrainingFiling) -> None:
    revoked = revoke_certificate(results.certificates[0], on=date(2026, 6, 2), reason="成绩录入错误")
    assert revoked.status is CertificateStatus.revoked
    due = certificates_due(results.scores, (revoked, results.certificates[1]))
    assert due.issue == () and due.extend == () and due.without_pass == ()
    with pytest.raises(CertificateError, match="已于"):
        revoke_certificate(revoked, on=date(2026, 6, 3), reason="再次撤销")
    with pytest.raises(CertificateError, match="原因"):
        revoke_certificate(results.certificates[1], on=date(2026, 6, 3), reason="")


def test_numbers_are_drawn_per_series_and_formatted_with_a_check_character(results: TrainingFiling) -> None:
    plan = results.plan
    assert plan is not None
    sequence = InMemoryQcSequence()
    day = date(2026, 6, 1)
    numbers = [issue_certificate_number(plan, on=day, sequence=sequence) for _ in range(3)]
    assert numbers[0] == results.certificates[0].number == "JSPX-2026-01-000001-0"
    assert len(set(numbers)) == 3
    jurisdiction, fmt = certificate_format(plan, on=day)
    assert jurisdiction == "32"
    assert all(certificate_number_problems(n, fmt) == () for n in numbers)
    other_type = attrs.evolve(plan, plan_type="新增培训类型")
    assert certificate_series(other_type, on=day).prefix == "JSPX-2026-99"
    assert issue_certificate_number(plan, on=date(2027, 1, 4), sequence=sequence).startswith(
        "JSPX-2027-01-000001-"
    )


def test_every_single_mistyped_character_and_neighbour_swap_is_caught() -> None:
    from radrules.training.numbers import CertificateNumberFormat

    fmt = CertificateNumberFormat(prefix="JSPX", type_codes={"职业病诊断医师": "01"}, other_type_code="99")
    number = "JSPX-2026-01-000123-G"
    assert certificate_number_problems(number, fmt) == ()
    for i, char in enumerate(number):
        if char == "-" or i < 5:
            continue
        for other in "0123456789":
            if other != char:
                assert certificate_number_problems(number[:i] + other + number[i + 1 :], fmt), (i, other)
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    for i, j in itertools.pairwise(digits):
        if j == i + 1 and number[i] != number[j]:
            swapped = number[:i] + number[j] + number[i] + number[j + 1 :]
            assert certificate_number_problems(swapped, fmt), swapped


def test_no_format_before_the_manual_and_none_in_a_province_without_one(results: TrainingFiling) -> None:
    plan = results.plan
    assert plan is not None
    with pytest.raises(CertificateError, match="没有生效的"):
        certificate_format(plan, on=date(2025, 12, 31))
    with pytest.raises(CertificateError, match="编号格式"):
        certificate_format(attrs.evolve(plan, division_code="350000"), on=date(2026, 6, 1))


def test_issue_and_add_to_the_profile(results: TrainingFiling) -> None:
    from radrules import PersonProfile
    from radrules.model.profile import BasicInfo

    plan, session = results.plan, results.sessions[0]
    assert plan is not None
    (due,) = certificates_due([_score(session.session_id, "职业性化学中毒", True)]).issue
    cert = issue_certificate(
        due,
        plan=plan,
        session=session,
        number="JSPX-2026-01-000001-0",
        issued_on=date(2026, 6, 1),
        issuer="江苏省疾病预防控制中心",
    )
    assert (cert.name, cert.session_number, cert.specialties) == ("王建国", 1, ("职业性化学中毒",))
    profile = PersonProfile(basic=BasicInfo(id_number=WANG, name="王建国"))
    updated = add_certificate_to_profile(profile, cert)
    (entry,) = updated.professional_qualifications
    assert (entry.category, entry.certificate_no, entry.scope) == (
        "职业病诊断医师",
        cert.number,
        cert.specialties,
    )
    extended = attrs.evolve(cert, specialties=("职业性化学中毒", "物理因素所致职业病"))
    (entry,) = add_certificate_to_profile(updated, extended).professional_qualifications
    assert entry.scope == extended.specialties
    with pytest.raises(CertificateError, match="不是期次"):
        issue_certificate(
            due, plan=plan, session=results.sessions[1], number="x", issued_on=date(2026, 6, 1), issuer="x"
        )


def test_verification_addresses_are_signed_and_separate_from_qc_codes(results: TrainingFiling) -> None:
    plan = results.plan
    assert plan is not None
    number = results.certificates[0].number
    base = certificate_verification_base(plan, as_of=date(2026, 6, 1))
    assert base == "https://218.94.1.84:8001/training/verify"
    url = certificate_verification_url(number, base_url=base, secret=SECRET)
    assert verify_certificate_url(url, secret=SECRET) == number
    altered = url.replace("000001-0", "000002-Y")
    with pytest.raises(QcSignatureError, match="篡改"):
        verify_certificate_url(altered, secret=SECRET)
    with pytest.raises(QcSignatureError):
        verify_certificate_url(url, secret=b"another-deployment-key-000")
    # A QC code's signature never vouches for a certificate with the same text.
    qc_signed = verification_url(base, number, SECRET).replace("c=", "n=")
    with pytest.raises(QcSignatureError):
        verify_certificate_url(qc_signed, secret=SECRET)
    with pytest.raises(QcSignatureError, match="缺少"):
        verify_certificate_url(base, secret=SECRET)
