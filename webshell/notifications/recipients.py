"""Who a message is for: one account, or every account of an organisation.

An organisation is named by its kind and row id: ``institution`` (技术服务机构),
``client`` (放射诊疗单位), ``authority`` (an 审核/监管 body: 省疾控, a city or county
卫健委). A message for an organisation is in the inbox of each of its accounts — also of
accounts created after it was sent — and each reads it on its own.
"""

from __future__ import annotations

from typing import Any

import attrs
from piccolo.columns import Column
from radrules_webshell.accounts.tables import Account
from radrules_webshell.core.principal import Principal

#: The account column that ties an account to each kind of organisation.
ORG_COLUMNS: dict[str, Column] = {
    "institution": Account.institution,
    "client": Account.client,
    "authority": Account.authority,
}


@attrs.frozen
class Recipient:
    """An account (``account_id``) or an organisation (``org_kind``, ``org_id``)."""

    account_id: int | None = None
    org_kind: str | None = None
    org_id: int | None = None

    def __attrs_post_init__(self) -> None:
        if (self.account_id is None) == (self.org_kind is None):
            raise ValueError("a recipient is an account or an organisation, not both or neither")
        if self.org_kind is not None and (self.org_kind not in ORG_COLUMNS or self.org_id is None):
            raise ValueError(f"unknown organisation kind {self.org_kind!r}; known: {', '.join(ORG_COLUMNS)}")

    @classmethod
    def account(cls, account_id: int) -> Recipient:
        return cls(account_id=account_id)

    @classmethod
    def org(cls, kind: str, org_id: int) -> Recipient:
        return cls(org_kind=kind, org_id=org_id)

    @property
    def tag(self) -> str:
        """Short name of the recipient (``a17``, ``institution5``), part of a message's key."""
        return f"a{self.account_id}" if self.account_id is not None else f"{self.org_kind}{self.org_id}"


def orgs_of(user: Principal) -> list[tuple[str, int]]:
    """The organisations whose messages ``user`` reads."""
    ids = {"institution": user.institution_id, "client": user.client_id, "authority": user.authority_id}
    return [(kind, value) for kind, value in ids.items() if value is not None]


async def accounts_of(recipient: Recipient) -> list[dict[str, Any]]:
    """The active accounts a recipient stands for, with their mobiles (``id``, ``mobile``)."""
    query = Account.select(Account.id, Account.mobile).where(Account.active.eq(True))
    if recipient.account_id is not None:
        query = query.where(Account.id == recipient.account_id)
    else:
        assert recipient.org_kind is not None
        query = query.where(ORG_COLUMNS[recipient.org_kind] == recipient.org_id)
    return list(await query.order_by(Account.id))
