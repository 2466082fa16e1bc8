"""Login with lockout and throttling, password changes, and creating accounts.

Lockout and the per-address limit are counted in the database before the password is
checked (:mod:`radrules_webshell.accounts.throttle`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from radrules_webshell.accounts import captcha, passwords, sessions, throttle
from radrules_webshell.accounts.tables import ROLES, Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings


class LoginRefused(Exception):
    """A login refused; ``code`` names the reason for API clients (``captcha_required``, …)."""

    def __init__(self, message: str, *, status: int = 401, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class AccountError(Exception):
    """A request about an account that cannot be carried out; ``errors`` by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


GENERIC_FAILURE = "账号或密码错误"


def expired_message(valid_until: date) -> str:
    """Source 002 §2.1 3: “账号到期后联系所在地市疾控延长账号使用期限”."""
    return f"账号已于 {valid_until.isoformat()} 到期，请联系所在地市疾控延长账号使用期限"


def _now() -> datetime:
    return datetime.now(UTC)


async def login(
    login_name: str,
    password: str,
    settings: Settings,
    ip: str | None,
    *,
    challenge: str | None = None,
    answer: str | None = None,
) -> str:
    """Check the credentials and open a session; the session token, or :class:`LoginRefused`.

    After ``captcha_after_failures`` failures for the login name or the address, the
    picture check (``challenge`` and its ``answer``, :mod:`.captcha`) must pass first; a
    refused check counts no failure and checks no password.

    The attempt is counted (:mod:`.throttle`) before anything else, and exactly one
    password hash runs on every path that checks a password — against the account, a
    pending or returned registration of that login, or a dummy — so the time taken tells
    nothing about which logins exist or have applied.
    """
    login_name = (login_name or "").strip()
    if await captcha.required(login_name, ip, settings):
        if not challenge:
            raise LoginRefused(captcha.REQUIRED, status=400, code="captcha_required")
        if not await captcha.passes(challenge, answer or ""):
            raise LoginRefused(captcha.WRONG, status=400, code="captcha_wrong")
    try:
        attempt = await throttle.claim(login_name, ip, settings)
    except throttle.Refused as exc:
        raise LoginRefused(exc.message, status=exc.status) from None
    account = await Account.objects().where(Account.login == login_name).first() if login_name else None
    registration = None if account is not None else await _open_registration(login_name)
    stored = account.password_hash if account else registration["password_hash"] if registration else None
    if not await passwords.verify_password_off_loop(stored, password or ""):
        if await throttle.failed(attempt, settings) and account is not None:
            actor = Principal(account_id=account.id, login=account.login, name="", role=account.role, ip=ip)
            await audit.record(
                actor, "account_locked", "account", account.id, after={"failed_logins": attempt.failures}
            )
        raise LoginRefused(GENERIC_FAILURE)
    await throttle.succeeded(attempt)
    if account is None:
        assert registration is not None
        if registration["status"] == "returned":
            raise LoginRefused("注册申请已被退回，请通过“查询进度”查看原因并修改后重新提交", status=403)
        raise LoginRefused("注册申请正在审核中，审核通过后方可登录", status=403)
    if not account.active:
        raise LoginRefused("账号已停用，请联系管理员", status=403)
    if sessions.expired(account.valid_until):
        # told only after the right password, like the other states of an account
        raise LoginRefused(expired_message(account.valid_until), status=403, code="account_expired")
    actor = Principal(account_id=account.id, login=account.login, name=account.name, role=account.role, ip=ip)
    async with atomic():
        if passwords.needs_rehash(account.password_hash):
            await Account.update(
                {Account.password_hash: await passwords.hash_password_off_loop(password)}
            ).where(Account.id == account.id)
        token, replaced = await sessions.create(account.id, settings, ip)
        # one login per account at a time (source 002 §2.1 4): the others were ended
        await audit.record(
            actor, "login", "account", account.id, after={"ended_sessions": replaced} if replaced else None
        )
    return token


async def _open_registration(login_name: str) -> dict[str, Any] | None:
    """A registration of ``login_name`` not yet approved (its applicant may try to log in early)."""
    from radrules_webshell.registrations.tables import Registration

    if not login_name:
        return None
    row: dict[str, Any] | None = (
        await Registration.select(Registration.status, Registration.password_hash)
        .where((Registration.login == login_name) & (Registration.status != "approved"))
        .first()
    )
    return row


async def unlock(login: str) -> bool:
    """Lift a lockout of ``login`` now (for an administrator); True if it had failures counted."""
    return await throttle.unlock(login)


async def change_password(actor: Principal, current: str, new: str, confirm: str | None = None) -> None:
    account = await Account.objects().where(Account.id == actor.account_id).first()
    if account is None:
        raise AccountError({"current_password": "账号不存在"})
    errors: dict[str, str] = {}
    if not await passwords.verify_password_off_loop(account.password_hash, current or ""):
        errors["current_password"] = "原密码不正确"
    rule_broken = passwords.policy_error(new or "", await passwords.division_of(actor.account_id))
    if rule_broken:
        errors["new_password"] = rule_broken
    if not errors.get("new_password") and new == current:
        errors["new_password"] = "新密码不能与原密码相同"
    if confirm is not None and confirm != new:
        errors["confirm_password"] = "两次输入的新密码不一致"
    if errors:
        raise AccountError(errors)
    async with atomic():
        await Account.update(
            {
                Account.password_hash: await passwords.hash_password_off_loop(new),
                Account.must_change_password: False,
                Account.password_changed_at: _now(),
            }
        ).where(Account.id == actor.account_id)
        await sessions.destroy_all(actor.account_id, keep_session_id=actor.session_id)
        await audit.record(
            actor,
            "password_change",
            "account",
            actor.account_id,
            before={"must_change_password": account.must_change_password},
            after={"must_change_password": False},
        )


async def create_account(
    actor: Principal,
    *,
    login: str,
    password: str,
    role: str,
    name: str,
    institution_id: int | None = None,
    client_id: int | None = None,
    authority_id: int | None = None,
    mobile: str | None = None,
    id_number: str | None = None,
    must_change_password: bool = True,
    password_hash: str | None = None,
) -> int:
    """Create an account (inside the caller's transaction if any); its id."""
    errors: dict[str, str] = {}
    if role not in ROLES:
        errors["role"] = f"角色应为 {'、'.join(ROLES)} 之一"
    if not login or len(login) > 64 or not login.isascii() or not login.isalnum():
        errors["login"] = "登录账号只能使用英文字母（区分大小写）或数字，最长64位"
    if password_hash is None:
        division = await passwords.division_for(
            institution_id=institution_id, client_id=client_id, authority_id=authority_id
        )
        rule_broken = passwords.policy_error(password, division)
        if rule_broken:
            errors["password"] = rule_broken
    need = {
        "institution": institution_id,
        "client": client_id,
        "reviewer": authority_id,
        "regulator": authority_id,
    }
    if role in need and need[role] is None:
        errors["org"] = "该角色须指定所属单位或机构"
    if errors:
        raise AccountError(errors)
    async with atomic():
        if await login_taken(login):
            raise AccountError({"login": "该登录账号已被使用"})
        account = Account(
            login=login,
            password_hash=password_hash or await passwords.hash_password_off_loop(password),
            role=role,
            name=name,
            mobile=mobile,
            id_number=id_number,
            institution=institution_id,
            client=client_id,
            authority=authority_id,
            must_change_password=must_change_password,
        )
        await account.save()
        await audit.record(
            actor,
            "account_create",
            "account",
            account.id,
            after={k: v for k, v in account.to_dict().items() if k != "password_hash"},
        )
    return int(account.id)


async def login_taken(login: str, *, except_registration: int | None = None) -> bool:
    from radrules_webshell.registrations.tables import Registration

    if await Account.exists().where(Account.login == login):
        return True
    query = Registration.exists().where((Registration.login == login) & (Registration.status != "approved"))
    if except_registration is not None:
        query = query.where(Registration.id != except_registration)
    return bool(await query)
