"""Changing an account's mobile number (source 002 §2.4 修改手机号; §2.3 2 个人设置).

The manual's steps: the user proves the account (login, password, the old mobile), passes
the picture check, gets a code sent to the *new* mobile, and types it back (§2.4 步骤一、二;
§7 问题九: the code button works only after the picture check). Here the user is logged in
(个人设置) and proves the account again with the password when confirming:

1. :func:`send_code` — the picture check (:mod:`.captcha`, always: §7 问题九), then a code
   to the new mobile through the notifications' SMS codes (``codes.send_sms_code``: six
   digits, 5 minutes, one a minute, ten a day, at most five wrong tries per code).
2. :func:`confirm` — the code and the current password; the mobile changes, audited with
   both numbers masked. One mobile per account (§2.1 4): the new number replaces the old.
"""

from __future__ import annotations

from radrules_webshell.accounts import captcha, passwords, throttle
from radrules_webshell.accounts.services import AccountError
from radrules_webshell.accounts.tables import Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core.masking import mask_phone
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.notifications import codes
from radrules_webshell.notifications.tables import SmsCode
from radrules_webshell.settings import Settings

PURPOSE = "mobile_change"
LABEL = "更换手机号"


async def _code_waiting(account_id: int, mobile: str) -> bool:
    """Whether the newest code of ``mobile`` for a change was sent for this account, unused."""
    row = await (
        SmsCode.select(SmsCode.account, SmsCode.used_at)
        .where((SmsCode.mobile == mobile) & (SmsCode.purpose == PURPOSE))
        .order_by(SmsCode.id, ascending=False)
        .first()
    )
    return row is not None and row["account"] == account_id and row["used_at"] is None


async def current_mobile(actor: Principal) -> str | None:
    row = await Account.select(Account.mobile).where(Account.id == actor.account_id).first()
    return None if row is None else row["mobile"]


async def send_code(
    actor: Principal, mobile: str, challenge: str, answer: str, settings: Settings
) -> codes.CodeSent:
    """Pass the picture check, then send a code to the new ``mobile``; :class:`AccountError` by field."""
    if not await captcha.passes(challenge, answer):
        raise AccountError({"captcha": captcha.WRONG})
    if (mobile or "").strip() == (await current_mobile(actor) or ""):
        raise AccountError({"mobile": "新手机号码与当前手机号码相同"})
    try:
        return await codes.send_sms_code(
            mobile, purpose=PURPOSE, label=LABEL, settings=settings, account_id=actor.account_id
        )
    except codes.CodeRefused as exc:
        raise AccountError({exc.field: exc.message}) from None


async def confirm(actor: Principal, mobile: str, code: str, password: str, settings: Settings) -> str:
    """Check the password and the code sent to ``mobile``, then make it the account's mobile."""
    account = await Account.objects().where(Account.id == actor.account_id).first()
    if account is None:
        raise AccountError({"password": "账号不存在"})
    mobile = (mobile or "").strip()[:20]
    if not await _code_waiting(actor.account_id, mobile):
        # no code asked for this account and number: nothing to confirm, no password checked
        raise AccountError({"code": "请先获取验证码"})
    # the password is checked on the login counters, like a login (accounts.throttle)
    try:
        attempt = await throttle.claim(account.login, actor.ip, settings)
    except throttle.Refused as exc:
        raise AccountError({"password": exc.message}) from None
    if not await passwords.verify_password_off_loop(account.password_hash, password or ""):
        await throttle.failed(attempt, settings)
        raise AccountError({"password": "登录密码不正确"})
    await throttle.succeeded(attempt)
    try:
        owner = await codes.check_sms_code(mobile, code, purpose=PURPOSE, settings=settings)
    except codes.CodeRefused as exc:
        raise AccountError({"code": exc.message}) from None
    if owner != actor.account_id:
        # a code sent for another account's change of the same number
        raise AccountError({"code": "请先获取验证码"})
    async with atomic():
        before = account.mobile
        await Account.update({Account.mobile: mobile}).where(Account.id == actor.account_id)
        await audit.record(
            actor,
            "mobile_change",
            "account",
            actor.account_id,
            before={"mobile": mask_phone(before) if before else None},
            after={"mobile": mask_phone(mobile)},
        )
    return mobile
