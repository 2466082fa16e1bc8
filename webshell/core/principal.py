"""Who is making a request: the account, its role and the scope it may see."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Principal:
    account_id: int
    login: str
    name: str
    role: str
    institution_id: int | None = None
    client_id: int | None = None
    authority_id: int | None = None
    #: Division-code prefix a reviewer or regulator sees (``32``, ``3201``, ``320102``).
    division_prefix: str = ""
    must_change_password: bool = False
    session_id: int | None = None
    csrf_token: str = ""
    ip: str | None = None
    #: Set when the request came with an API token (gateway): its id and permissions.
    token_id: int | None = None
    token_permissions: tuple[str, ...] = ()


#: The actor recorded for writes made by the command line or start-up seeding.
SYSTEM = Principal(account_id=0, login="system", name="系统", role="system")


def division_prefix(code: str | None) -> str:
    """The prefix that names a division and everything under it: 320000 → 32, 320100 → 3201."""
    if not code:
        return ""
    code = code[:6]
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code
