"""Verification codes sent by SMS: :func:`send_sms_code` and :func:`check_sms_code`.

Source 002 §2.4 (修改手机号): the new mobile is confirmed with a code sent to it; the manual
shows the code button only after the picture check (§7 问题九), which the caller asks first
(:mod:`radrules_webshell.accounts.captcha`). The exam module (issue 15) confirms a worker's
own registration the same way.

* A code is six random digits, valid ``sms_code_seconds`` (5 minutes); only the newest
  code of a mobile and purpose counts. The table keeps a salted SHA-256, never the code;
  the SMS row holds the text until it is sent, and the dispatcher blanks it then.
* At most one code per mobile and purpose every ``sms_code_interval_seconds`` (60 s), at
  most ``sms_code_daily_limit`` (10) per mobile and Beijing day, at most
  ``sms_code_max_attempts`` (5) wrong tries per code. The checks and the insert run in one
  transaction; on PostgreSQL an advisory lock on the mobile serialises two requests for it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import zlib
from datetime import UTC, datetime, timedelta

import attrs
from radrules_webshell.core.clock import CHINA
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.notifications.outbox import sms_text
from radrules_webshell.notifications.tables import SmsCode, SmsMessage
from radrules_webshell.settings import Settings

from radrules import InvalidValue, validate_mobile

_LOCK_BASE = 727_4000_000  # pg_advisory_xact_lock keys of mobiles: this plus a CRC of the number


class CodeRefused(Exception):
    """A code that cannot be sent or is not right; ``message`` says why, in Chinese."""

    def __init__(self, message: str, *, field: str = "code") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@attrs.frozen
class CodeSent:
    """A code is on its way: when it stops being valid, and when another may be asked for."""

    mobile: str
    expires_at: datetime
    resend_after: datetime


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def _lock(mobile: str) -> None:
    if not is_sqlite(SmsCode._meta.db):
        await SmsCode.raw(f"SELECT pg_advisory_xact_lock({_LOCK_BASE + zlib.crc32(mobile.encode())})")


async def send_sms_code(
    mobile: str,
    *,
    purpose: str,
    label: str,
    settings: Settings,
    account_id: int | None = None,
    now: datetime | None = None,
) -> CodeSent:
    """Queue a new code for ``mobile``; ``label`` says in the text what it is for (更换手机号).

    Raises :class:`CodeRefused` for a mobile that is not one, or when the limits refuse.
    The text is due at once; the server's dispatcher sends it (the caller may wake it).
    """
    try:
        mobile = validate_mobile((mobile or "").strip())
    except InvalidValue as exc:
        raise CodeRefused(exc.reason, field="mobile") from None
    at = _now(now)
    day = at.astimezone(CHINA).date()
    async with atomic():
        await _lock(mobile)
        last = (
            await SmsCode.select(SmsCode.created_at)
            .where((SmsCode.mobile == mobile) & (SmsCode.purpose == purpose))
            .order_by(SmsCode.id, ascending=False)
            .first()
        )
        if last is not None:
            wait = _aware(last["created_at"]) + timedelta(seconds=settings.sms_code_interval_seconds) - at
            if wait > timedelta(0):
                raise CodeRefused(
                    f"验证码已发送，请 {int(wait.total_seconds()) + 1} 秒后再获取", field="mobile"
                )
        today = await SmsCode.count().where((SmsCode.mobile == mobile) & (SmsCode.day == day))
        if today >= settings.sms_code_daily_limit:
            raise CodeRefused(
                f"该手机号今日获取验证码已达 {settings.sms_code_daily_limit} 次，请明日再试", field="mobile"
            )
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        expires = at + timedelta(seconds=settings.sms_code_seconds)
        await SmsCode.insert(
            SmsCode(
                mobile=mobile,
                purpose=purpose,
                account=account_id,
                code_hash=f"{salt}${_digest(salt, code)}",
                expires_at=expires,
                created_at=at,
                day=day,
            )
        )
        minutes = max(settings.sms_code_seconds // 60, 1)
        text = f"您的验证码为{code}，用于{label}，{minutes}分钟内有效。如非本人操作，请忽略本短信。"
        await SmsMessage.insert(
            SmsMessage(
                account=account_id,
                mobile=mobile,
                kind="code",
                body=sms_text(settings, text),
                state="pending",
                due_at=at,
                created_at=at,
            )
        )
    return CodeSent(
        mobile=mobile,
        expires_at=expires,
        resend_after=at + timedelta(seconds=settings.sms_code_interval_seconds),
    )


async def check_sms_code(
    mobile: str, code: str, *, purpose: str, settings: Settings, now: datetime | None = None
) -> int | None:
    """Use up the newest code of ``mobile`` for ``purpose`` if ``code`` is it.

    Returns the account the code was sent for (None if it was sent for none); raises
    :class:`CodeRefused` otherwise. A wrong try counts even though it raises.
    """
    at = _now(now)
    mobile = (mobile or "").strip()
    code = (code or "").strip()
    refused: str | None = None
    account: int | None = None
    async with atomic():
        await _lock(mobile)
        row = (
            await SmsCode.select()
            .where((SmsCode.mobile == mobile) & (SmsCode.purpose == purpose))
            .order_by(SmsCode.id, ascending=False)
            .first()
        )
        if row is None or row["used_at"] is not None:
            refused = "请先获取验证码"
        elif _aware(row["expires_at"]) <= at:
            refused = "验证码已过期，请重新获取"
        elif row["attempts"] >= settings.sms_code_max_attempts:
            refused = "验证码错误次数过多，请重新获取"
        else:
            salt, _, digest = row["code_hash"].partition("$")
            right = len(code) == 6 and code.isdigit() and hmac.compare_digest(_digest(salt, code), digest)
            if right:
                await SmsCode.update({SmsCode.used_at: at}).where(SmsCode.id == row["id"])
                account = row["account"]
            else:
                await SmsCode.update({SmsCode.attempts: SmsCode.attempts + 1}).where(SmsCode.id == row["id"])
                left = settings.sms_code_max_attempts - row["attempts"] - 1
                refused = (
                    f"验证码不正确，还可尝试 {left} 次" if left > 0 else "验证码错误次数过多，请重新获取"
                )
    # raised after the commit, so that the wrong try is counted
    if refused is not None:
        raise CodeRefused(refused)
    return account
