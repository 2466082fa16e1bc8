"""Which certificates a class's scores call for, and issuing them (source 002 §6.4).

“只要该培训班次有一个专业合格就会有证书信息……一个培训班次同一人员只有一个合格证，多个专业合格
则证书编号和附件为同一个”: a pass in any specialty of a session earns the person one
certificate for that session; later passes in the same session add their specialty to
the same certificate and keep its number. :func:`certificates_due` says, from the scores
and the certificates already issued, what to issue, what to extend and which certificate
has lost every pass (a score corrected to a fail): storage acts on the answer in one
transaction, drawing numbers with :func:`radrules.training.numbers.issue_certificate_number`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from radrules.model.profile import PersonProfile, ProfessionalQualification
from radrules.model.training import Certificate, Score, Session, TrainingPlan
from radrules.model.training_enums import CertificateStatus
from radrules.training.numbers import CertificateError


@attrs.frozen(kw_only=True)
class CertificateDue:
    """A person who passed in ``session_id``: the specialties passed (empty for a plan
    type without specialties)."""

    session_id: str
    id_number: str
    specialties: tuple[str, ...]
    name: str | None = None


@attrs.frozen(kw_only=True)
class CertificateExtension:
    """An issued certificate that must also name ``specialties`` (passed after it was issued)."""

    certificate: Certificate
    specialties: tuple[str, ...]


@attrs.frozen(kw_only=True)
class CertificatesDue:
    """What the scores call for: new certificates, extended ones, and ones without a pass."""

    issue: tuple[CertificateDue, ...] = ()
    extend: tuple[CertificateExtension, ...] = ()
    without_pass: tuple[Certificate, ...] = ()


def _key(session_id: str, id_number: str) -> tuple[str, str]:
    return session_id, id_number.strip().upper()


def passes(scores: Iterable[Score]) -> dict[tuple[str, str], CertificateDue]:
    """Per (session, person), the specialties passed — only people with at least one pass."""
    passed: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], str | None] = {}
    for score in scores:
        if not score.passed:
            continue
        key = _key(score.session_id, score.id_number)
        found = passed.setdefault(key, [])
        if score.specialty and score.specialty not in found:
            found.append(score.specialty)
        names.setdefault(key, score.name)
    return {
        key: CertificateDue(session_id=key[0], id_number=key[1], specialties=tuple(specs), name=names[key])
        for key, specs in passed.items()
    }


def certificates_due(scores: Iterable[Score], issued: Iterable[Certificate] = ()) -> CertificatesDue:
    """Compare the passes in ``scores`` with the certificates ``issued`` so far (revoked
    ones count as issued: a revoked certificate is not silently replaced)."""
    due = passes(scores)
    existing = {_key(c.session_id, c.id_number): c for c in issued}
    issue = tuple(d for key, d in due.items() if key not in existing)
    extend = []
    without = []
    for key, cert in existing.items():
        found = due.get(key)
        if found is None:
            if cert.status is CertificateStatus.valid:
                without.append(cert)
            continue
        missing = tuple(s for s in found.specialties if s not in cert.specialties)
        if missing and cert.status is CertificateStatus.valid:
            extend.append(CertificateExtension(certificate=cert, specialties=cert.specialties + missing))
    return CertificatesDue(issue=issue, extend=tuple(extend), without_pass=tuple(without))


def issue_certificate(
    due: CertificateDue,
    *,
    plan: TrainingPlan,
    session: Session,
    number: str,
    issued_on: date,
    issuer: str,
    name: str | None = None,
    unit_name: str | None = None,
) -> Certificate:
    """The certificate for ``due``, with a ``number`` storage drew for it."""
    if due.session_id != session.session_id:
        raise CertificateError(f"成绩属于期次 {due.session_id}，不是期次 {session.session_id}")
    holder = name or due.name
    if not holder:
        raise CertificateError(f"身份证号 {due.id_number} 的人员缺少姓名，无法出具证书")
    return Certificate(
        number=number,
        session_id=session.session_id,
        id_number=due.id_number,
        name=holder,
        plan_id=plan.plan_id,
        plan_name=plan.name,
        plan_type=plan.plan_type,
        session_number=session.number,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        issued_on=issued_on,
        issuer=issuer,
        specialties=due.specialties,
        unit_name=unit_name,
    )


def revoke_certificate(certificate: Certificate, *, on: date, reason: str) -> Certificate:
    """The certificate marked revoked; its verification page says so from then on."""
    if not reason.strip():
        raise CertificateError("撤销证书须填写原因")
    if certificate.status is CertificateStatus.revoked:
        raise CertificateError(f"证书 {certificate.number} 已于 {certificate.revoked_on} 撤销")
    return attrs.evolve(certificate, status=CertificateStatus.revoked, revoked_on=on, revoke_reason=reason)


def add_certificate_to_profile(profile: PersonProfile, certificate: Certificate) -> PersonProfile:
    """The profile with the certificate among its 专业技术资质 (source 002 §3.3: “在系统内通过
    培训并取得证书的人员，个人档案的专业技术人员资质信息内会自动增加该证书信息”).

    The qualification's category is the plan type and its scope the specialties passed;
    an entry from the same certificate is replaced, so extending a certificate updates it.
    """
    if profile.id_number != certificate.id_number.strip().upper():
        raise CertificateError("证书持有人与人员信息的身份证号不一致")
    entry = ProfessionalQualification(
        category=certificate.plan_type,
        certificate_no=certificate.number,
        issued_on=certificate.issued_on,
        scope=certificate.specialties,
        training_certificate_no=certificate.number,
    )
    kept = tuple(
        q for q in profile.professional_qualifications if q.training_certificate_no != certificate.number
    )
    return attrs.evolve(profile, professional_qualifications=(*kept, entry))
