"""The account application (江苏省职业病防治信息管理平台用户申请表, source 002 §2.1).

One row per application, with the form's three parts — the unit (一、申请单位信息), the user
(二、申请用户信息), the roles and the validity asked for (三、用户角色信息) — and its review:
``submitted`` → ``approved`` (the account is created) or ``returned`` (with a reason).
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, LazyTableReference, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account, Authority


class AccountApplication(Table, tablename="account_application"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    #: 申请编号, told once to the applicant, with the credit code it opens 查询进度.
    number = Varchar(length=20, unique=True)
    status = Varchar(length=20, default="submitted", index=True)
    # 一、申请单位信息
    unit_name = Varchar(length=200)
    unit_short_name = Varchar(length=100, null=True, default=None)
    uscc = Varchar(length=18, index=True)
    division_code = Varchar(length=12, index=True)  # 行政区划所属区县
    service_area = Varchar(length=200, null=True, default=None)  # 业务管辖地区
    address = Varchar(length=200)
    phone = Varchar(length=30)
    postcode = Varchar(length=6, null=True, default=None)
    legal_representative = Varchar(length=50)
    legal_representative_title = Varchar(length=50, null=True, default=None)
    contact_name = Varchar(length=50)
    contact_phone = Varchar(length=30)
    unit_kind = Varchar(length=30)
    unit_kind_other = Varchar(length=50, null=True, default=None)
    # 二、申请用户信息
    applicant_name = Varchar(length=50)
    applicant_mobile = Varchar(length=11)
    applicant_id_number = Varchar(length=18)
    applicant_email = Varchar(length=100, null=True, default=None)
    purpose = Varchar(length=20)  # 申请用途（单选）
    # 三、用户角色信息
    roles = Text(default="[]")  # JSON list of the 申请权限 ticked
    valid_from = Date()
    valid_to = Date()
    login = Varchar(length=64)
    commitment = Boolean(default=False)  # 隐私信息安全承诺
    # the review
    return_reason = Text(null=True, default=None)
    submitted_at = Timestamptz(default=TimestamptzNow())
    reviewed_at = Timestamptz(null=True, default=None)
    reviewer = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    reviewing_body = ForeignKey(Authority, null=True, on_delete=OnDelete.set_null)
    account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    institution: ForeignKey[Table] = ForeignKey(
        LazyTableReference("Institution", module_path="radrules_webshell.institutions.tables"),
        null=True,
        on_delete=OnDelete.set_null,
    )
