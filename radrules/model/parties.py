"""The parties of a filing: the institution (filer), its qualification and staff, the client.

Fields follow the platform's forms: registration (source 000 §2.2.1), qualification
declaration (§4.1), the card's institution and client sections (§5.3.4 第二、四步),
Jilin's registration of out-of-province institutions (source 003 四), and a change between
two versions of an institution's record, which Jilin requires to be reported (source 003 五).
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.enums import (
    ClientKind,
    DeclarationStatus,
    EvaluationGrade,
    QualificationStatus,
    ServiceField,
)


@attrs.frozen(kw_only=True)
class Contact:
    name: str | None = None
    phone: str | None = None


@attrs.define(kw_only=True)
class Qualification:
    """资质: the certificate that licenses an institution's service fields (source 000 §4.1)."""

    certificate_no: str
    issued_on: date
    expires_on: date
    status: QualificationStatus = QualificationStatus.valid
    service_scope: tuple[ServiceField, ...] = ()
    evaluation_grade: EvaluationGrade | None = None
    # Review state of the platform's qualification declaration, where the platform has one
    # (Jiangsu: source 000 §4.2); None when the filing does not say.
    declaration_status: DeclarationStatus | None = None


@attrs.define(kw_only=True)
class ProvincialRegistration:
    """A registration with a province's body that lets an institution work there (source 003 四)."""

    province: str
    body: str
    registered_on: date
    valid_to: date | None = None
    reference_no: str | None = None


@attrs.define(kw_only=True)
class StaffMember:
    """人员信息 of a qualification declaration (source 000 §4.1 第三步).

    ``support_multiple`` is the form's 支撑几倍 (必填). The manual names the field and marks it
    required without saying what it counts; read with the declaration it belongs to, it is
    how many times the person is counted towards the institution's staffing — a whole
    number, at least 1. That reading is an inference [U]: the value is kept as typed.
    """

    name: str
    id_number: str
    mobile: str | None = None
    major: str | None = None
    title: str | None = None
    support_multiple: int | None = None


@attrs.define(kw_only=True)
class Instrument:
    """仪器信息 of a qualification declaration (source 000 §4.1 第五步)."""

    type: str
    name: str
    model: str
    asset_no: str
    serial_no: str | None = None
    outsourced: bool = False
    calibrated_on: date | None = None
    calibration_period_years: int | None = None


@attrs.define(kw_only=True)
class Institution:
    """放射卫生技术服务机构, the filer.

    ``division_code`` is where the institution itself is registered; the jurisdiction of a
    filing comes from the service address, not from here (DESIGN.md, Jurisdiction).
    """

    name: str
    uscc: str
    division_code: str
    address: str | None = None
    legal_representative: str | None = None
    project_leader: str | None = None
    phone: str | None = None
    website: str | None = None
    contact: Contact | None = None
    qualification: Qualification | None = None
    registrations: tuple[ProvincialRegistration, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    instruments: tuple[Instrument, ...] = ()


@attrs.define(kw_only=True)
class Client:
    """委托单位 / 服务的用人单位 (source 000 §5.3.4 第四步)."""

    name: str
    uscc: str
    kind: ClientKind
    division_code: str
    registered_address: str | None = None
    contact: Contact | None = None


@attrs.define(kw_only=True)
class ServiceAddress:
    """技术服务地址, chosen down to the county when it differs from the registered address."""

    division_code: str
    address: str | None = None


@attrs.define(kw_only=True)
class InstitutionChange:
    """Two versions of an institution's record, before and after a change (source 003 五).

    ``changed_on`` is when the change took effect, ``reported_on`` when it was reported to
    the health commission, when known.
    """

    before: Institution
    after: Institution
    changed_on: date | None = None
    reported_on: date | None = None
