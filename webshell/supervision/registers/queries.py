"""Reads of the registers (source 001 modules 3–8): one unit's whole register as its page and
the API show it — profile, licences with projects and 校验, devices with tests, workers,
attachments and transfers — and the library's register JSON for other systems."""

from __future__ import annotations

from typing import Any

from radrules_webshell.clients.tables import Device, Worker
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.supervision import scope
from radrules_webshell.supervision.archives.tables import ArchiveTransfer, HealthArchive
from radrules_webshell.supervision.registers import attachments
from radrules_webshell.supervision.registers.tables import (
    DeviceTestRecord,
    LicenceProject,
    LicenceVerification,
    RadiationLicence,
    UnitProfile,
)


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


async def unit_detail(actor: Principal, client_id: int) -> dict[str, Any]:
    unit = await scope.unit(actor, client_id)
    profile = await UnitProfile.select().where(UnitProfile.client == client_id).first()
    licences = (
        await RadiationLicence.select()
        .where(RadiationLicence.client == client_id)
        .order_by(RadiationLicence.id)
    )
    ids = [r["id"] for r in licences] or [0]
    projects = _by(await LicenceProject.select().where(LicenceProject.licence.is_in(ids)), "licence")
    checks = _by(
        await LicenceVerification.select()
        .where(LicenceVerification.licence.is_in(ids))
        .order_by(LicenceVerification.verified_on),
        "licence",
    )
    devices = await Device.select().where(Device.client == client_id).order_by(Device.id)
    tests = _by(
        await DeviceTestRecord.select()
        .where(DeviceTestRecord.device.is_in([d["id"] for d in devices] or [0]))
        .order_by(DeviceTestRecord.tested_on),
        "device",
    )
    workers = await Worker.select().where(Worker.client == client_id).order_by(Worker.id)
    archives = {
        a["worker"]: a["id"]
        for a in await HealthArchive.select().where(
            HealthArchive.worker.is_in([w["id"] for w in workers] or [0])
        )
    }
    transfers = (
        await ArchiveTransfer.select(
            *ArchiveTransfer.all_columns(),
            ArchiveTransfer.from_client.name.as_alias("from_name"),
            ArchiveTransfer.to_client.name.as_alias("to_name"),
        )
        .where((ArchiveTransfer.from_client == client_id) | (ArchiveTransfer.to_client == client_id))
        .order_by(ArchiveTransfer.id, ascending=False)
    )
    return {
        "unit": unit,
        "profile": profile,
        "licences": [
            r
            | {
                "projects": [p["project"] for p in projects.get(r["id"], [])],
                "verifications": checks.get(r["id"], []),
            }
            for r in licences
        ],
        "devices": [d | {"tests": tests.get(d["id"], [])} for d in devices],
        "workers": [
            w | {"id_number": mask_id_number(w["id_number"]), "archive": archives.get(w["id"])}
            for w in workers
        ],
        "attachments": await attachments.listing(client_id),
        "transfers": [t | {"id_number": mask_id_number(t["id_number"])} for t in transfers],
    }
