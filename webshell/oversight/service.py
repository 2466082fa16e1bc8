"""What a regulator may see: institutions and clients within its division-code prefix.

Source 001 §2.4.3 grades authority by level (市级、县区级、用户单位); here a provincial
body sees ``32…``, a city ``3201…`` and a county ``320102…``. Nothing here writes.
"""

from __future__ import annotations

from typing import Any

from radrules_webshell.clients.tables import Client, Device, Worker
from radrules_webshell.core.errors import Forbidden, NotFound
from radrules_webshell.core.masking import mask_id_number, mask_phone
from radrules_webshell.core.principal import Principal
from radrules_webshell.institutions.tables import Institution, QualificationDeclaration
from radrules_webshell.registrations import states


def prefix_of(user: Principal) -> str:
    if user.role == "admin":
        return ""
    if user.role in ("regulator", "reviewer") and user.division_prefix:
        return user.division_prefix
    raise Forbidden()


async def institutions(user: Principal) -> list[dict[str, Any]]:
    prefix = prefix_of(user)
    rows = (
        await QualificationDeclaration.select(
            QualificationDeclaration.status,
            *QualificationDeclaration.institution.all_columns(),
        )
        .where(QualificationDeclaration.institution.division_code.like(f"{prefix}%"))
        .order_by(QualificationDeclaration.institution.name)
    )
    return [
        {
            "id": r["institution.id"],
            "uscc": r["institution.uscc"],
            "name": r["institution.name"],
            "division_code": r["institution.division_code"],
            "phone": mask_phone(r["institution.phone"]),
            "declaration_status": r["status"],
            "declaration_status_label": states.label(r["status"]),
        }
        for r in rows
    ]


async def clients(user: Principal) -> list[dict[str, Any]]:
    prefix = prefix_of(user)
    rows = await Client.select().where(Client.division_code.like(f"{prefix}%")).order_by(Client.name)
    return [r | {"contact_phone": mask_phone(r["contact_phone"])} for r in rows]


async def client_detail(user: Principal, client_id: int) -> dict[str, Any]:
    prefix = prefix_of(user)
    row = (
        await Client.select()
        .where((Client.id == client_id) & Client.division_code.like(f"{prefix}%"))
        .first()
    )
    if row is None:
        raise NotFound()
    devices = await Device.select().where(Device.client == client_id).order_by(Device.name)
    workers = await Worker.select().where(Worker.client == client_id).order_by(Worker.name)
    return {
        "client": row | {"contact_phone": mask_phone(row["contact_phone"])},
        "devices": devices,
        "workers": [w | {"id_number": mask_id_number(w["id_number"])} for w in workers],
    }


async def institution_detail(user: Principal, institution_id: int) -> dict[str, Any]:
    prefix = prefix_of(user)
    row = (
        await Institution.select()
        .where((Institution.id == institution_id) & Institution.division_code.like(f"{prefix}%"))
        .first()
    )
    if row is None:
        raise NotFound()
    return row | {"phone": mask_phone(row["phone"]), "contact_mobile": mask_phone(row["contact_mobile"])}
