"""Login with lockout and throttling, password changes, and creating accounts.

Lockout: ``lockout_threshold`` failed logins in a row lock the account for
``lockout_seconds``; an address with ``ip_failure_limit`` failures within
``ip_window_seconds`` is refused for the rest of that window, whatever the login.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from datetime import UTC, datetime, timedelta
from typing import Any

from piccolo.columns import Column
from radrules_webshell.accounts import passwords, sessions
from radrules_webshell.accounts.tables import ROLES, Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings

from radrules import InvalidValue, validate_password


class LoginRefused(Exception):
    def __init__(self, message: str, *, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class AccountError(Exception):
    """A request about an account that cannot be carried out; ``errors`` by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


class _IpThrottle:
    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, ip: str | None, settings: Settings) -> bool:
        if not ip:
            return False
        window = self._failures[ip]
        cutoff = time.monotonic() - settings.ip_window_seconds
        while window and window[0] < cutoff:
            window.popleft()
        return len(window) >= settings.ip_failure_limit

    def fail(self, ip: str | None) -> None:
        if ip:
            self._failures[ip].append(time.monotonic())

    def clear(self) -> None:
        self._failures.clear()


throttle = _IpThrottle()

GENERIC_FAILURE = "账号或密码错误"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def login(login_name: str, password: str, settings: Settings, ip: str | None) -> str:
    """Check the credentials and open a session; the session token, or :class:`LoginRefused`."""
    if throttle.blocked(ip, settings):
        raise LoginRefused("登录失败次数过多，请稍后再试", status=429)
    login_name = (login_name or "").strip()
    account = await Account.objects().where(Account.login == login_name).first() if login_name else None
    if account is None:
        await passwords.verify_password_off_loop(None, password or "")  # same time as a real check
        throttle.fail(ip)
        await _explain_pending_registration(login_name, password)
        raise LoginRefused(GENERIC_FAILURE)
    locked_until = _aware(account.locked_until)
    locked = bool(locked_until and locked_until > _now())
    # The password is checked even on a locked account, and a wrong one gets the same reply
    # as an unknown login: only someone who knows the password learns that it is locked.
    if not await passwords.verify_password_off_loop(account.password_hash, password or ""):
        throttle.fail(ip)
        if not locked:
            await _count_failure(account.id, settings, ip)
        raise LoginRefused(GENERIC_FAILURE)
    if locked_until and locked:
        throttle.fail(ip)
        raise LoginRefused(
            f"账号因连续登录失败已被锁定，请于 {locked_until.astimezone().strftime('%H:%M')} 后再试",
            status=429,
        )
    if not account.active:
        raise LoginRefused("账号已停用，请联系管理员", status=403)
    actor = Principal(account_id=account.id, login=account.login, name=account.name, role=account.role, ip=ip)
    async with atomic():
        changes: dict[Column | str, Any] = {Account.failed_logins: 0, Account.locked_until: None}
        if passwords.needs_rehash(account.password_hash):
            changes[Account.password_hash] = await passwords.hash_password_off_loop(password)
        await Account.update(changes).where(Account.id == account.id)
        token = await sessions.create(account.id, settings, ip)
        await audit.record(actor, "login", "account", account.id)
    return token


async def _count_failure(account_id: int, settings: Settings, ip: str | None) -> None:
    async with atomic():
        row = (
            await Account.select(Account.failed_logins, Account.login, Account.role)
            .where(Account.id == account_id)
            .first()
        )
        if row is None:
            return
        failures = row["failed_logins"] + 1
        changes: dict[Column | str, Any] = {Account.failed_logins: failures}
        if failures >= settings.lockout_threshold:
            changes[Account.locked_until] = _now() + timedelta(seconds=settings.lockout_seconds)
            changes[Account.failed_logins] = 0
            actor = Principal(account_id=account_id, login=row["login"], name="", role=row["role"], ip=ip)
            await audit.record(
                actor, "account_locked", "account", account_id, after={"failed_logins": failures}
            )
        await Account.update(changes).where(Account.id == account_id)


async def _explain_pending_registration(login_name: str, password: str) -> None:
    from radrules_webshell.registrations.tables import Registration

    if not login_name:
        return
    reg = (
        await Registration.select(Registration.status, Registration.password_hash)
        .where(Registration.login == login_name)
        .first()
    )
    if (
        reg
        and reg["status"] != "approved"
        and await passwords.verify_password_off_loop(reg["password_hash"], password or "")
    ):
        if reg["status"] == "returned":
            raise LoginRefused("注册申请已被退回，请通过“查询进度”查看原因并修改后重新提交", status=403)
        raise LoginRefused("注册申请正在审核中，审核通过后方可登录", status=403)


async def change_password(actor: Principal, current: str, new: str, confirm: str | None = None) -> None:
    account = await Account.objects().where(Account.id == actor.account_id).first()
    if account is None:
        raise AccountError({"current_password": "账号不存在"})
    errors: dict[str, str] = {}
    if not await passwords.verify_password_off_loop(account.password_hash, current or ""):
        errors["current_password"] = "原密码不正确"
    try:
        validate_password(new or "")
    except InvalidValue as exc:
        errors["new_password"] = exc.reason
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
        try:
            validate_password(password)
        except InvalidValue as exc:
            errors["password"] = exc.reason
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
