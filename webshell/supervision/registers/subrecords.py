"""The rows under a licence or a device (校验, 检测记录, 卫生部令第46号 第十七、二十条), added
and removed within the acting user's unit: the parent is found in the unit first."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core.principal import Principal
from radrules_webshell.supervision import records, scope
from radrules_webshell.supervision.registers.service import DEVICE_TESTS, VERIFICATIONS, device_in, licence_in


async def add_verification(
    actor: Principal, client_id: int, licence_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    await licence_in(client_id, licence_id)
    return await records.add(VERIFICATIONS, actor, licence_id, data)


async def remove_verification(actor: Principal, client_id: int, licence_id: int, item_id: int) -> None:
    await scope.unit(actor, client_id)
    await licence_in(client_id, licence_id)
    await records.remove(VERIFICATIONS, actor, licence_id, item_id)


async def add_test(actor: Principal, client_id: int, device_id: int, data: dict[str, Any]) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    await device_in(client_id, device_id)
    return await records.add(DEVICE_TESTS, actor, device_id, data)


async def remove_test(actor: Principal, client_id: int, device_id: int, item_id: int) -> None:
    await scope.unit(actor, client_id)
    await device_in(client_id, device_id)
    await records.remove(DEVICE_TESTS, actor, device_id, item_id)
