"""Tables of accounts, server-side sessions and the authorities that review or oversee.

Roles (source 000 §2–§3; source 001 §2.4.3 three-level authority):
``institution`` (技术服务机构, only its own records), ``client`` (放射诊疗单位, its own
devices and workers), ``reviewer`` (省疾控, reviews registrations and qualifications),
``regulator`` (卫健委/市/县, read-only within its division-code prefix), ``admin``, and
``worker`` (放射工作人员: their own online training and exams, source 001 表1 第17–18项).
"""

from __future__ import annotations

from piccolo.columns import (
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LazyTableReference,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

ROLES = ("institution", "client", "reviewer", "regulator", "admin", "worker")
ROLE_LABELS = {
    "institution": "技术服务机构",
    "client": "放射诊疗单位",
    "reviewer": "省级审核（疾控）",
    "regulator": "卫生健康监管",
    "admin": "系统管理员",
    "worker": "放射工作人员",
}


class Authority(Table, tablename="authority"):
    """A reviewing body (省疾控) or a regulator (省/市/县卫健委) with its division code."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    name = Varchar(length=200)
    kind = Varchar(length=20)  # reviewer | regulator
    division_code = Varchar(length=12)
    phone = Varchar(length=30, null=True, default=None)


class Account(Table, tablename="account"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    login = Varchar(length=64, unique=True)
    password_hash = Text()
    role = Varchar(length=20)
    name = Varchar(length=100)
    mobile = Varchar(length=20, null=True, default=None)
    id_number = Varchar(length=18, null=True, default=None)
    institution: ForeignKey[Table] = ForeignKey(
        LazyTableReference("Institution", module_path="radrules_webshell.institutions.tables"),
        null=True,
        on_delete=OnDelete.restrict,
    )
    client: ForeignKey[Table] = ForeignKey(
        LazyTableReference("Client", module_path="radrules_webshell.clients.tables"),
        null=True,
        on_delete=OnDelete.restrict,
    )
    authority = ForeignKey(Authority, null=True, on_delete=OnDelete.restrict)
    must_change_password = Boolean(default=True)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    password_changed_at = Timestamptz(null=True, default=None)
    #: 账号有效期 (source 002 §2.1 3): the last day the account may log in (Beijing time);
    #: None: no end. The city CDC extends it (applications.service).
    valid_until = Date(null=True, default=None)


class WebSession(Table, tablename="web_session"):
    """A server-side session; the cookie holds a random token, the table only its SHA-256."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(Account, on_delete=OnDelete.cascade)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    last_seen_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    ip = Varchar(length=64, null=True, default=None)
    #: Set when the session was ended by something else than its own logout (``replaced``:
    #: a later login of the account, source 002 §2.1 4); the row stays until its next
    #: request, which is told why, and then goes.
    ended_reason = Varchar(length=20, null=True, default=None)


class LoginCounter(Table, tablename="login_counter"):
    """Failed logins, counted in the database so that every server process shares them.

    One row per login name (``login:<sha256>``, whether or not an account has that name, so
    that a lockout says nothing about which accounts exist) and per client address
    (``ip:<address>``). Times are Unix seconds, compared in SQL on both databases; see
    :mod:`radrules_webshell.accounts.throttle`.
    """

    key = Varchar(length=80, unique=True)
    failures = Integer(default=0)
    #: Address rows: start of the current window. Login rows: time of the latest failure.
    window_start = BigInt(default=0)
    #: Login rows: locked until then (0: not locked).
    locked_until = BigInt(default=0)


class LoginChallenge(Table, tablename="login_challenge"):
    """A picture check (图片验证, source 002 §2.2 1) waiting for its answer; see
    :mod:`radrules_webshell.accounts.captcha`. Only hashes are kept; the row goes when it is
    answered (right or wrong) or has expired."""

    token_hash = Varchar(length=64, unique=True)
    #: ``salt$sha256(salt:answer)``
    answer_hash = Varchar(length=100)
    #: Unix seconds.
    expires_at = BigInt(index=True)
