"""Who sees and changes which unit's register (source 001 §2.3.1, §2.4.3 三级权限).

A unit (放射诊疗机构) keeps its own register; a regulator (市级 or 县区级卫生健康行政部门)
reaches the units of its division — a county its own, a city its counties — by the
division-code prefix of its authority; the system administrator every unit. The licence is
the regulator's act (卫生部令第46号 第十一条), so a regulator in the division enters and
changes register rows as the unit does; every write is audited. Anyone else reaches nothing:
a unit outside the scope is "not found" (404), never shown.
"""

from __future__ import annotations

from typing import Any

from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Forbidden, NotFound
from radrules_webshell.core.principal import Principal

#: Roles that reach a register at all.
ROLES = ("client", "regulator", "admin")


def may_reach(user: Principal, client_id: int, division_code: str) -> bool:
    if user.role == "admin":
        return True
    if user.role == "client":
        return user.client_id is not None and user.client_id == client_id
    if user.role == "regulator":
        return bool(user.division_prefix) and division_code.startswith(user.division_prefix)
    return False


def where_visible(user: Principal) -> Any:
    """The condition on :class:`Client` of the units ``user`` reaches."""
    if user.role == "admin":
        return Client.id > 0
    if user.role == "client" and user.client_id is not None:
        return Client.id == user.client_id
    if user.role == "regulator" and user.division_prefix:
        return Client.division_code.like(f"{user.division_prefix}%")
    raise Forbidden()


async def unit(user: Principal, client_id: int) -> dict[str, Any]:
    """The client row of a unit ``user`` reaches; another is not found."""
    if user.role not in ROLES:
        raise Forbidden()
    row = await Client.select().where(Client.id == client_id).first()
    if row is None or not may_reach(user, client_id, row["division_code"]):
        raise NotFound()
    return row
