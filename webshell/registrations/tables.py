"""The registration table: an institution's application for an account (source 000 §2.2.1).

States: submitted (待审核) → approved (审核通过) | returned (退回, with a reason);
a returned application is edited and submitted again (§2.2.2).
"""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.uploads.tables import Upload


class Registration(Table, tablename="registration"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    uscc = Varchar(length=18, unique=True)
    status = Varchar(length=20, default="submitted", index=True)
    division_code = Varchar(length=12)
    name = Varchar(length=200)
    is_branch = Boolean(default=False)
    phone = Varchar(length=30)
    unit_attribute = Varchar(length=40)
    certificate_upload = ForeignKey(Upload, on_delete=OnDelete.restrict)
    commitment_upload = ForeignKey(Upload, on_delete=OnDelete.restrict)
    applicant_name = Varchar(length=100)
    applicant_mobile = Varchar(length=20)
    applicant_id_number = Varchar(length=18)
    login = Varchar(length=64, unique=True)
    password_hash = Text()
    return_reason = Text(null=True, default=None)
    submitted_at = Timestamptz(default=TimestamptzNow())
    reviewed_at = Timestamptz(null=True, default=None)
    reviewer = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    institution = ForeignKey(Institution, null=True, on_delete=OnDelete.set_null)
