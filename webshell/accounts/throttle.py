"""Counting failed logins in the database, before the password is checked.

Every credential check (the login, and the registration endpoints that take the
application's password) first *claims* an attempt: one atomic ``INSERT … ON CONFLICT DO
UPDATE … RETURNING`` per counter adds one to the failures of the login name and of the
client address and returns the new count. Only an attempt whose count is within the limit
may check the password; a success gives the claim back. Because the count is raised before
the (slow) password hash runs, thirty logins sent at once for one account are counted one
by one, and the sixth is refused however fast they arrive. Because it lives in a table,
every server process sharing the database sees the same counts.

- **Per login name** (``lockout_threshold`` failures in a row lock it for
  ``lockout_seconds``): counted whether or not an account has that name, so a lockout
  tells nothing about which accounts exist. While locked, no password is checked at all:
  the right password is refused like a wrong one, so guessing on a locked account learns
  nothing.
- **Per address** (``ip_failure_limit`` failures within ``ip_window_seconds``): the address
  is refused for the rest of that window, whatever the login.

:func:`unlock` clears a login's counter (for an administrator's 解锁 action).
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime

import attrs
from radrules_webshell.accounts.tables import LoginCounter
from radrules_webshell.core import clock
from radrules_webshell.settings import Settings

#: Login-name rows untouched this long are removed by :func:`purge` (seconds).
STALE_SECONDS = 24 * 3600


class Refused(Exception):
    """The attempt may not check a password; ``message`` and ``status`` are the reply."""

    def __init__(self, message: str, status: int = 429) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@attrs.frozen
class Claim:
    """An attempt counted against ``login_key`` and ``ip_key`` (None: no address known)."""

    login_key: str
    ip_key: str | None
    failures: int


def login_key(login: str) -> str:
    # Hashed: names of any length or content map to a bounded key, and the table holds no
    # list of the names people tried.
    return "login:" + hashlib.sha256(login.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _ip_key(ip: str | None) -> str | None:
    return f"ip:{ip[:64]}" if ip else None


_CLAIM_IP = """
INSERT INTO login_counter (key, failures, window_start, locked_until) VALUES ({}, 1, {}, 0)
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN login_counter.window_start <= {} THEN 1 ELSE login_counter.failures + 1 END,
  window_start = CASE WHEN login_counter.window_start <= {} THEN {} ELSE login_counter.window_start END
RETURNING failures, window_start
"""

# A lock that has run out starts a fresh count; the attempt after ``threshold`` failures
# sets the lock itself, so that attempts refused while the last allowed one is still
# being checked (or whose process died) cannot leave a count above the limit unlocked.
_CLAIM_LOGIN = """
INSERT INTO login_counter (key, failures, window_start, locked_until) VALUES ({}, 1, {}, 0)
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN login_counter.locked_until BETWEEN 1 AND {} THEN 1
                  ELSE login_counter.failures + 1 END,
  locked_until = CASE WHEN login_counter.locked_until BETWEEN 1 AND {} THEN 0
                      WHEN login_counter.locked_until = 0 AND login_counter.failures >= {} THEN {}
                      ELSE login_counter.locked_until END,
  window_start = {}
RETURNING failures, locked_until
"""


def _until_text(until: int) -> str:
    return clock.local(datetime.fromtimestamp(until, UTC)).strftime("%H:%M")


def locked_message(until: int) -> str:
    return f"该账号因连续登录失败已被暂时锁定，请于 {_until_text(until)} 后再试"


ADDRESS_REFUSED = "登录失败次数过多，请稍后再试"


async def claim(login: str, ip: str | None, settings: Settings) -> Claim:
    """Count one attempt for ``login`` from ``ip``; :class:`Refused` when over a limit."""
    now = int(time.time())
    ip_key = _ip_key(ip)
    if ip_key is not None:
        cutoff = now - settings.ip_window_seconds
        rows = await LoginCounter.raw(_CLAIM_IP, ip_key, now, cutoff, cutoff, now)
        if rows[0]["failures"] > settings.ip_failure_limit:
            raise Refused(ADDRESS_REFUSED)
    key = login_key(login)
    lock_end = now + settings.lockout_seconds
    rows = await LoginCounter.raw(_CLAIM_LOGIN, key, now, now, now, settings.lockout_threshold, lock_end, now)
    failures, locked_until = rows[0]["failures"], rows[0]["locked_until"]
    if locked_until > now:
        raise Refused(locked_message(locked_until))
    return Claim(key, ip_key, failures)


async def failed(attempt: Claim, settings: Settings) -> bool:
    """The claimed attempt failed: lock the login when it was the last one allowed.

    True when this call set the lock (the caller records the lockout in the audit trail).
    """
    if attempt.failures < settings.lockout_threshold:
        return False
    lock_end = int(time.time()) + settings.lockout_seconds
    rows = await LoginCounter.raw(
        "UPDATE login_counter SET locked_until = {} WHERE key = {} AND locked_until = 0 RETURNING key",
        lock_end,
        attempt.login_key,
    )
    return bool(rows)


async def succeeded(attempt: Claim) -> None:
    """The password was right: the login's count starts again and the address gets its claim back."""
    await LoginCounter.delete().where(LoginCounter.key == attempt.login_key)
    if attempt.ip_key is not None:
        await LoginCounter.raw(
            "UPDATE login_counter SET failures = failures - 1 WHERE key = {} AND failures > 0",
            attempt.ip_key,
        )


async def unlock(login: str) -> bool:
    """Clear the failures and any lock of ``login`` (an administrator's 解锁); True if there were any."""
    rows = await LoginCounter.delete().where(LoginCounter.key == login_key(login)).returning(LoginCounter.key)
    return bool(rows)


async def locked_logins(logins: list[str]) -> dict[str, datetime]:
    """Which of ``logins`` are locked now, and until when (for the administrator's account list)."""
    if not logins:
        return {}
    keys = {login_key(name): name for name in logins}
    now = int(time.time())
    rows = await LoginCounter.select(LoginCounter.key, LoginCounter.locked_until).where(
        LoginCounter.key.is_in(list(keys)) & (LoginCounter.locked_until > now)
    )
    return {keys[r["key"]]: datetime.fromtimestamp(r["locked_until"], UTC) for r in rows}


async def purge(settings: Settings) -> None:
    """Remove rows that no longer count: address windows over, login rows idle and unlocked."""
    now = int(time.time())
    await LoginCounter.delete().where(
        (LoginCounter.key.like("ip:%") & (LoginCounter.window_start <= now - settings.ip_window_seconds))
        | (
            LoginCounter.key.like("login:%")
            & (LoginCounter.locked_until <= now)
            & (LoginCounter.window_start <= now - STALE_SECONDS)
        )
    )
