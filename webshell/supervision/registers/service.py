"""Writes of the registers (source 001 modules 3–7): a unit registered in the regulator's
division, its basic information, licences with their projects and 校验, devices with the
register's columns and their tests, and attachments — each scoped to the acting user's
units (:mod:`..scope`), in one transaction with its audit row. No rule is decided here: the
warnings read these rows through :func:`.documents.register_of`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.clients import service as clients
from radrules_webshell.clients.tables import Client, Device
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.supervision import records, scope
from radrules_webshell.supervision.registers.forms import (
    DEVICE_FORM_FULL,
    DEVICE_TEST_FORM,
    LICENCE_FORM,
    PROFILE_FORM,
    VERIFICATION_FORM,
)
from radrules_webshell.supervision.registers.tables import (
    DeviceTestRecord,
    LicenceProject,
    LicenceVerification,
    RadiationLicence,
    UnitProfile,
)

VERIFICATIONS = records.Kind(
    name="verification",
    label="校验记录",
    table=LicenceVerification,
    spec=VERIFICATION_FORM,
    parent="licence",
    order_by="verified_on",
)
DEVICE_TESTS = records.Kind(
    name="device_test",
    label="检测记录",
    table=DeviceTestRecord,
    spec=DEVICE_TEST_FORM,
    parent="device",
    order_by="tested_on",
)
#: Licences and devices one unit may hold (the library's bounds, radrules.model.register).
MAX_LICENCES = 20
MAX_DEVICES = 2_000


async def create_unit(actor: Principal, data: dict[str, Any]) -> int:
    """Register a 放射诊疗机构 (a client) in the actor's division: a county registers its
    hospitals, a city those of its counties (§2.3.1); the administrator anywhere."""
    if actor.role == "regulator":
        code = str(data.get("division_code") or "")
        if not actor.division_prefix or not code.startswith(actor.division_prefix):
            raise Invalid(errors={"division_code": "只能登记本辖区内的单位"})
    elif actor.role != "admin":
        raise Forbidden()
    return await clients.create_client(actor, data)


async def save_profile(actor: Principal, client_id: int, data: dict[str, Any]) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    values = records.parse(PROFILE_FORM, data)
    async with atomic():
        before = await UnitProfile.select().where(UnitProfile.client == client_id).first()
        if before is None:
            await UnitProfile(client=client_id, **values).save()
        else:
            changes = {getattr(UnitProfile, k): v for k, v in values.items()}
            await UnitProfile.update(changes | {UnitProfile.updated_at: datetime.now(UTC)}).where(
                UnitProfile.client == client_id
            )
        after = await UnitProfile.select().where(UnitProfile.client == client_id).first()
        assert after is not None
        await audit.record(
            actor, "unit_profile_save", "unit_profile", after["id"], before=before, after=after
        )
    return after


async def licence_in(client_id: int, licence_id: int) -> dict[str, Any]:
    row = (
        await RadiationLicence.select()
        .where((RadiationLicence.id == licence_id) & (RadiationLicence.client == client_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return row


async def _licence_values(
    client_id: int, data: dict[str, Any], licence_id: int | None
) -> tuple[dict[str, Any], list[str]]:
    values = records.parse(LICENCE_FORM, data)
    projects = values.pop("projects")
    values["verification_years"] = int(values["verification_years"])
    same = RadiationLicence.exists().where(
        (RadiationLicence.client == client_id) & (RadiationLicence.number == values["number"])
    )
    if licence_id is not None:
        same = same.where(RadiationLicence.id != licence_id)
    if await same:
        raise Invalid(errors={"number": "本单位已有该编号的许可证"})
    return values, projects


async def _projects(licence_id: int) -> list[str]:
    rows = await LicenceProject.select(LicenceProject.project).where(LicenceProject.licence == licence_id)
    return [r["project"] for r in rows]


async def _set_projects(licence_id: int, projects: list[str]) -> None:
    await LicenceProject.delete().where(LicenceProject.licence == licence_id)
    if projects:
        await LicenceProject.insert(*(LicenceProject(licence=licence_id, project=p) for p in projects))


async def licence_detail(client_id: int, licence_id: int) -> dict[str, Any]:
    row = await licence_in(client_id, licence_id)
    return row | {
        "projects": await _projects(licence_id),
        "verifications": await records.rows(VERIFICATIONS, licence_id),
    }


async def create_licence(actor: Principal, client_id: int, data: dict[str, Any]) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    async with atomic():
        values, projects = await _licence_values(client_id, data, None)
        if await RadiationLicence.count().where(RadiationLicence.client == client_id) >= MAX_LICENCES:
            raise Invalid(f"一个单位最多登记 {MAX_LICENCES} 个许可证")
        row = RadiationLicence(client=client_id, **values)
        await row.save()
        await _set_projects(int(row.id), projects)
        after = await licence_detail(client_id, int(row.id))
        await audit.record(actor, "licence_create", "radiation_licence", row.id, after=after)
    return after


async def update_licence(
    actor: Principal, client_id: int, licence_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    await licence_in(client_id, licence_id)
    async with atomic():
        before = await licence_detail(client_id, licence_id)
        values, projects = await _licence_values(client_id, data, licence_id)
        changes = {getattr(RadiationLicence, k): v for k, v in values.items()}
        await RadiationLicence.update(changes | {RadiationLicence.updated_at: datetime.now(UTC)}).where(
            RadiationLicence.id == licence_id
        )
        await _set_projects(licence_id, projects)
        after = await licence_detail(client_id, licence_id)
        await audit.record(
            actor, "licence_update", "radiation_licence", licence_id, before=before, after=after
        )
    return after


async def delete_licence(actor: Principal, client_id: int, licence_id: int) -> None:
    await scope.unit(actor, client_id)
    async with atomic():
        before = await licence_detail(client_id, licence_id)
        await RadiationLicence.delete().where(RadiationLicence.id == licence_id)
        await audit.record(actor, "licence_delete", "radiation_licence", licence_id, before=before)


async def device_in(client_id: int, device_id: int) -> dict[str, Any]:
    row = await Device.select().where((Device.id == device_id) & (Device.client == client_id)).first()
    if row is None:
        raise NotFound()
    return row


async def device_detail(client_id: int, device_id: int) -> dict[str, Any]:
    return await device_in(client_id, device_id) | {"tests": await records.rows(DEVICE_TESTS, device_id)}


async def _device_values(client_id: int, data: dict[str, Any], device_id: int | None) -> dict[str, Any]:
    values = records.parse(DEVICE_FORM_FULL, data)
    same = Device.exists().where((Device.client == client_id) & (Device.device_uid == values["device_uid"]))
    if device_id is not None:
        same = same.where(Device.id != device_id)
    if await same:
        raise Invalid(errors={"device_uid": "本单位已有该设备唯一标识的设备"})
    if values["installed_on"] and values["retired_on"] and values["retired_on"] < values["installed_on"]:
        raise Invalid(errors={"retired_on": "停用日期不能早于安装日期"})
    return values


async def create_device(actor: Principal, client_id: int, data: dict[str, Any]) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    async with atomic():
        values = await _device_values(client_id, data, None)
        if await Device.count().where(Device.client == client_id) >= MAX_DEVICES:
            raise Invalid(f"一个单位最多登记 {MAX_DEVICES} 台设备")
        row = Device(client=client_id, **values)
        await row.save()
        after = await device_in(client_id, int(row.id))
        await audit.record(actor, "device_create", "device", row.id, after=after)
    return after | {"tests": []}


async def update_device(
    actor: Principal, client_id: int, device_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    await device_in(client_id, device_id)
    async with atomic():
        before = await device_in(client_id, device_id)
        values = await _device_values(client_id, data, device_id)
        await Device.update({getattr(Device, k): v for k, v in values.items()}).where(Device.id == device_id)
        after = await device_in(client_id, device_id)
        await audit.record(actor, "device_update", "device", device_id, before=before, after=after)
    return await device_detail(client_id, device_id)


async def units(actor: Principal) -> list[dict[str, Any]]:
    """The units ``actor`` reaches, with their counts of licences, devices and workers."""
    rows = (
        await Client.select(
            Client.id, Client.uscc, Client.name, Client.kind, Client.division_code, Client.contact_name
        )
        .where(scope.where_visible(actor))
        .order_by(Client.division_code)
        .order_by(Client.name)
    )
    return list(rows)
