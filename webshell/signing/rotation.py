"""Rotating an account's signing key (source 001 module 11 电子签名; docs/signature.md):
``radrules admin rotate-signing-key --login X`` (or ``--system``), when a key may have been
exposed or a person leaves. Audited, signed with the old key's successor only from the next
write on: the retired key's public half stays, so everything it signed still verifies.
"""

from __future__ import annotations

from radrules_webshell.accounts.services import AccountError
from radrules_webshell.accounts.tables import Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.signing.server import retire


async def rotate(actor: Principal, login: str | None) -> str | None:
    """Retire the current key of ``login`` (None: the system's key); the retired key id, or
    None when the account has not signed anything yet."""
    account_id: int | None = None
    if login is not None:
        row = await Account.select(Account.id).where(Account.login == login).first()
        if row is None:
            raise AccountError({"login": f"没有登录名为“{login}”的账号"})
        account_id = int(row["id"])
    async with atomic():
        # The audit record takes the chain's lock first, so no write of this account is
        # signed between the record and the retirement.
        await audit.record(actor, "signing_key_rotate", "account", account_id or 0, after={"login": login})
        return await retire(account_id)
