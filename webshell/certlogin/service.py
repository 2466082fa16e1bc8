"""CA-certificate login (source 001 §2.4.2): certificates mapped to accounts by the
administrator, and a session opened for a request whose certificate the authenticator
verified. Both audited; the login is refused, as a password login is, for an account that
is not active.
"""

from __future__ import annotations

import hashlib

from radrules_webshell.accounts import sessions
from radrules_webshell.accounts.services import AccountError, LoginRefused
from radrules_webshell.accounts.tables import Account
from radrules_webshell.audit import service as audit
from radrules_webshell.certlogin.identity import MAX_LENGTH, CertificateIdentity, normal_serial
from radrules_webshell.certlogin.tables import ClientCertificate
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings

NOT_MAPPED = "此证书未绑定账号：请联系管理员绑定（radrules admin map-certificate）"
NO_CERTIFICATE = "未收到经验证的客户端证书：请插入 CA 证书（Ukey）并通过反向代理访问"


def identity_key(identity: CertificateIdentity) -> str:
    return hashlib.sha256(f"{identity.subject}\n{identity.serial}".encode()).hexdigest()


async def map_certificate(actor: Principal, *, login: str, subject: str, serial: str) -> int:
    """Bind the certificate ``subject`` / ``serial`` to the account ``login``; the mapping's id."""
    subject, serial = subject.strip(), serial.strip()
    errors = {}
    if not subject or len(subject) > MAX_LENGTH:
        errors["subject"] = f"须填写证书主题（1~{MAX_LENGTH}个字符）"
    if not serial or len(serial) > 100 or any(c not in "0123456789ABCDEFabcdef: " for c in serial):
        errors["serial"] = "须填写证书序列号（十六进制）"
    if errors:
        raise AccountError(errors)
    identity = CertificateIdentity(subject, normal_serial(serial))
    async with atomic():
        account = await Account.select(Account.id).where(Account.login == login).first()
        if account is None:
            raise AccountError({"login": f"没有登录名为“{login}”的账号"})
        key = identity_key(identity)
        if await ClientCertificate.exists().where(ClientCertificate.identity == key):
            raise AccountError({"serial": "此证书已绑定账号"})
        row = await ClientCertificate.insert(
            ClientCertificate(
                identity=key, account=account["id"], subject=identity.subject, serial=identity.serial
            )
        ).returning(ClientCertificate.id)
        mapping_id = int(row[0]["id"])
        await audit.record(
            actor,
            "certificate_map",
            "account",
            account["id"],
            after={"subject": identity.subject, "serial": identity.serial},
        )
    return mapping_id


async def login(identity: CertificateIdentity | None, settings: Settings, ip: str | None) -> str:
    """Open a session for the account ``identity`` is mapped to; the session token, or
    :class:`LoginRefused`."""
    if identity is None:
        raise LoginRefused(NO_CERTIFICATE, status=401)
    row = (
        await ClientCertificate.select(
            ClientCertificate.account.id,
            ClientCertificate.account.login,
            ClientCertificate.account.name,
            ClientCertificate.account.role,
            ClientCertificate.account.active,
        )
        .where(ClientCertificate.identity == identity_key(identity))
        .first()
    )
    if row is None:
        raise LoginRefused(NOT_MAPPED, status=403)
    if not row["account.active"]:
        raise LoginRefused("账号已停用，请联系管理员", status=403)
    actor = Principal(
        account_id=row["account.id"],
        login=row["account.login"],
        name=row["account.name"],
        role=row["account.role"],
        ip=ip,
    )
    async with atomic():
        # sessions.create answers the token, or (token, sessions ended) where one login per
        # account is enforced (source 002 §2.1 4; the parallel accounts work): either way
        created: object = await sessions.create(actor.account_id, settings, ip)
        token = str(created[0] if isinstance(created, tuple) else created)
        await audit.record(
            actor, "login_certificate", "account", actor.account_id, after={"serial": identity.serial}
        )
    return token
