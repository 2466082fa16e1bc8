"""Getting a user back in: the administrator resets a forgotten password and lifts a lockout
(source 000 第6章 1(2): 忘记账号及密码 — 联系…平台技术支持提供相关个人及单位信息验证身份后进行密码
重置). The identity check is the administrator's, outside the platform; what the platform
does is this, each step audited:

- **reset**: a new password (typed by the administrator, or generated), which the user must
  change at the next login (``must_change_password``, as for a new account, §3.2.1); the
  account's sessions end and its lockout is lifted, so the user can log in with it at once.
- **unlock**: the failed-login counter of the login is cleared (``accounts.throttle``), the
  password unchanged.

Used by the administrator's pages and API and by ``radrules admin reset-password`` /
``radrules admin unlock``.
"""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime

import attrs
from radrules_webshell.accounts import passwords, sessions, throttle
from radrules_webshell.accounts.services import AccountError
from radrules_webshell.accounts.tables import Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic

# Told to the user by phone or in person: no characters read alike (l/1/I, O/0/o) and no
# specials a page or a spreadsheet would change (&, <, quotes).
_UPPER = "".join(c for c in string.ascii_uppercase if c not in "IO")
_LOWER = "".join(c for c in string.ascii_lowercase if c not in "lo")
_DIGITS = "23456789"
_SPECIALS = "#@%*+=!"  # each in every jurisdiction's list (source 002 §2.2 2 names no ?)
_ALPHABET = _UPPER + _LOWER + _DIGITS + _SPECIALS


@attrs.frozen
class Reset:
    """The account reset; ``password`` is set when it was generated, to be told once."""

    account_id: int
    login: str
    password: str | None


def generate_password(length: int = 12, division_code: str | None = None) -> str:
    """A random password that meets the password rule of the account's jurisdiction
    (``radrules.check_password``: 8–16 characters, upper and lower case, digits and
    specials, no runs of three)."""
    while True:
        chars = [
            secrets.choice(_UPPER),
            secrets.choice(_LOWER),
            secrets.choice(_DIGITS),
            secrets.choice(_SPECIALS),
            *(secrets.choice(_ALPHABET) for _ in range(length - 4)),
        ]
        secrets.SystemRandom().shuffle(chars)
        candidate = "".join(chars)
        if passwords.policy_error(candidate, division_code) is None:
            return candidate
        # a run of three, now and then: draw again


async def _account(account_id: int | None = None, login: str | None = None) -> Account:
    query = Account.objects()
    found = await (
        query.where(Account.id == account_id)
        if account_id is not None
        else query.where(Account.login == login)
    ).first()
    if found is None:
        raise AccountError({"login": f"没有登录账号 {login}" if login else "账号不存在"})
    return found


async def reset_password(
    actor: Principal, *, account_id: int | None = None, login: str | None = None, password: str | None = None
) -> Reset:
    """Give the account a new password it must change at the next login (see the module)."""
    account = await _account(account_id, login)
    generated = None
    division = await passwords.division_of(account.id)
    if password:
        rule_broken = passwords.policy_error(password, division)
        if rule_broken:
            raise AccountError({"password": rule_broken})
    else:
        password = generated = generate_password(division_code=division)
    digest = await passwords.hash_password_off_loop(password)
    async with atomic():
        await Account.update(
            {
                Account.password_hash: digest,
                Account.must_change_password: True,
                Account.password_changed_at: datetime.now(UTC),
            }
        ).where(Account.id == account.id)
        await sessions.destroy_all(account.id)
        unlocked = await throttle.unlock(account.login)
        await audit.record(
            actor,
            "password_reset",
            "account",
            account.id,
            before={"must_change_password": account.must_change_password},
            after={"must_change_password": True, "generated": generated is not None, "unlocked": unlocked},
        )
    return Reset(account_id=account.id, login=account.login, password=generated)


async def unlock(actor: Principal, *, account_id: int | None = None, login: str | None = None) -> bool:
    """Lift the lockout of the account's login; whether any failures were counted."""
    account = await _account(account_id, login)
    async with atomic():
        unlocked = await throttle.unlock(account.login)
        await audit.record(actor, "account_unlock", "account", account.id, after={"had_failures": unlocked})
    return unlocked
