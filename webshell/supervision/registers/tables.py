"""Tables of the registers (source 001 modules 3–7 and 9–10): a unit's basic information and
qualification attachments, its 放射诊疗许可证 with their 放射诊疗项目 and 校验, and the tests
of its devices.

The unit is the existing :class:`~radrules_webshell.clients.tables.Client` (放射诊疗机构), its
devices and workers the client's (extended by the migration of issue 16 with installation
and employment dates); technical-service and occupational-health-examination institutions
are :class:`~radrules_webshell.institutions.tables.Institution` rows, told apart by
``institution.service_kind``. What the rules read of these rows is built by
:func:`radrules_webshell.supervision.registers.documents.register_of` into
:class:`radrules.model.UnitRegister` (卫生部令第46号 第四、十七、二十条).
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.clients.tables import Client, Device
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.uploads.tables import Upload


class UnitProfile(Table, tablename="unit_profile"):
    """机构基本信息 of a 放射诊疗机构 beyond the client row (source 001 module 3): one per client."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    client = ForeignKey(Client, unique=True, on_delete=OnDelete.cascade)
    legal_representative = Varchar(length=100, null=True, default=None)
    #: 医疗机构执业许可证 登记号 and its 有效期.
    practice_licence_no = Varchar(length=100, null=True, default=None)
    practice_licence_valid_until = Date(null=True, default=None)
    #: 医院等级 (三级甲等 …), free text as the certificate reads.
    grade = Varchar(length=40, null=True, default=None)
    #: 核定床位: decides the 校验 period of the practice licence (医疗机构校验管理办法 第六条).
    beds = Integer(null=True, default=None)
    #: 放射防护管理部门 and the person in charge of radiation protection.
    protection_department = Varchar(length=100, null=True, default=None)
    protection_officer = Varchar(length=100, null=True, default=None)
    protection_officer_phone = Varchar(length=30, null=True, default=None)
    remark = Text(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class RegisterAttachment(Table, tablename="register_attachment"):
    """A file of the register (资质附件): of a unit (``client``) or an institution, and of one
    of its records (``subject`` ``unit``, ``licence``, ``device``, ``worker``,
    ``health_exam``, ``certificate``; ``subject_id`` the record's id, None for the unit)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    client = ForeignKey(Client, null=True, default=None, on_delete=OnDelete.cascade, index=True)
    institution = ForeignKey(Institution, null=True, default=None, on_delete=OnDelete.cascade, index=True)
    subject = Varchar(length=20, default="unit")
    subject_id = Integer(null=True, default=None, index=True)
    #: What the file is (营业执照, 医疗机构执业许可证, 许可证正本 …): a word of the register's
    #: vocabulary (``supervision.vocabulary.ATTACHMENT_CATEGORIES``).
    category = Varchar(length=40)
    title = Varchar(length=200)
    upload = ForeignKey(Upload, on_delete=OnDelete.restrict)
    created_by = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class RadiationLicence(Table, tablename="radiation_licence"):
    """《放射诊疗许可证》 (卫生部令第46号 第十一、十七条): unique by number within the client."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    number = Varchar(length=100)
    issued_on = Date()
    issuer = Varchar(length=200, null=True, default=None)
    #: 校验 period in years, as the licence's practice licence (医疗机构校验管理办法 第六条).
    verification_years = Integer(default=1)
    #: Set when the licence is no longer held (注销 or replaced): no longer judged.
    cancelled_on = Date(null=True, default=None)
    remark = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class LicenceProject(Table, tablename="licence_project"):
    """A 放射诊疗项目 of a licence: one of the four classes of 第四条 (``radrules.model.
    RadiationProject`` value), with the licence's wording of it (``detail``)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    licence = ForeignKey(RadiationLicence, on_delete=OnDelete.cascade, index=True)
    project = Varchar(length=20)
    detail = Varchar(length=300, null=True, default=None)


class LicenceVerification(Table, tablename="licence_verification"):
    """A 校验 of a licence (第十七条): the date, whether it passed, and by whom; the register's
    ``verified_on`` is the latest passed one."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    licence = ForeignKey(RadiationLicence, on_delete=OnDelete.cascade, index=True)
    verified_on = Date()
    passed = Boolean(default=True)
    verifier = Varchar(length=200, null=True, default=None)
    remark = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class DeviceTestRecord(Table, tablename="device_test_record"):
    """A test of a device (第二十条: 验收、状态、稳定性检测) entered in the register, with the
    institution that tested it when it is one of the web shell's."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    device = ForeignKey(Device, on_delete=OnDelete.cascade, index=True)
    #: ``radrules.TestCondition`` value.
    condition = Varchar(length=20)
    tested_on = Date()
    passed = Boolean()
    report_no = Varchar(length=100, null=True, default=None)
    tested_by = Varchar(length=200, null=True, default=None)
    institution = ForeignKey(Institution, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class SupervisionAdmin(Table, tablename="supervision_admin"):
    """An account that administers one level (source 001 §2.3.1, §2.4.3): ``city`` or
    ``county`` (a regulator account; its authority's division is the level's) or ``unit``
    (a client's or institution's account). It grants accounts and rights at its level and below."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    account = ForeignKey(Account, unique=True, on_delete=OnDelete.cascade)
    level = Varchar(length=10)
    granted_by = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.set_null)
    granted_at = Timestamptz(default=TimestamptzNow())
