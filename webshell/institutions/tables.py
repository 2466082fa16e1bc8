"""Tables of institutions and their qualification declaration (source 000 §4.1).

An institution exists once its registration is approved (source 000 §2.2.2). Its
declaration (资质申报) holds the certificate and service scope; staff and instruments are
the institution's own lists, of which the ``selected`` ones are declared (第四、五步).
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account


class Institution(Table, tablename="institution"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    uscc = Varchar(length=18, unique=True)
    name = Varchar(length=200)
    division_code = Varchar(length=12, index=True)
    is_branch = Boolean(default=False)
    phone = Varchar(length=30)
    unit_attribute = Varchar(length=40)
    address = Varchar(length=300, null=True, default=None)
    website = Varchar(length=300, null=True, default=None)
    legal_representative = Varchar(length=100, null=True, default=None)
    legal_representative_title = Varchar(length=100, null=True, default=None)
    contact_name = Varchar(length=100, null=True, default=None)
    contact_mobile = Varchar(length=20, null=True, default=None)
    fax = Varchar(length=30, null=True, default=None)
    postcode = Varchar(length=6, null=True, default=None)
    email = Varchar(length=254, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    #: ``technical_service`` (放射卫生技术服务机构) or ``health_exam`` (职业健康检查机构),
    #: both registered and guided by the supervision system (source 001 modules 9, 10).
    service_kind = Varchar(length=20, default="technical_service")


class QualificationDeclaration(Table, tablename="qualification_declaration"):
    """资质申报: draft → submitted → approved | returned (source 000 §4.1–§4.2)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, unique=True, on_delete=OnDelete.cascade)
    status = Varchar(length=20, default="draft")
    certificate_no = Varchar(length=100, null=True, default=None)
    issued_on = Date(null=True, default=None)
    expires_on = Date(null=True, default=None)
    certificate_status = Varchar(length=20, null=True, default=None)
    #: JSON list of service-scope codes (ServiceField values, with the evaluation grade).
    service_scope = Text(default="[]")
    return_reason = Text(null=True, default=None)
    submitted_at = Timestamptz(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None)
    reviewer = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class StaffMember(Table, tablename="staff_member"):
    """人员信息 (第三步); sex and birth date are derived from the ID number, never stored."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    id_number = Varchar(length=18)
    mobile = Varchar(length=20)
    address = Varchar(length=300)
    major = Varchar(length=100)
    title = Varchar(length=100)
    social_security = Varchar(length=200)
    recipient_name = Varchar(length=100)
    recipient_phone = Varchar(length=30)
    recipient_address = Varchar(length=300)
    #: 支撑几倍 (必填, source 000 §4.1 第三步; what it counts: radrules.StaffMember).
    support_multiple = Integer(null=True, default=None)
    selected = Boolean(default=True)


class Instrument(Table, tablename="instrument"):
    """仪器信息 (第五步)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.cascade, index=True)
    type = Varchar(length=100)
    name = Varchar(length=200)
    model = Varchar(length=100)
    asset_no = Varchar(length=100)
    serial_no = Varchar(length=100, null=True, default=None)
    outsourced = Boolean(default=False)
    calibrated_on = Date(null=True, default=None)
    calibration_period_years = Integer(null=True, default=None)
    selected = Boolean(default=True)
