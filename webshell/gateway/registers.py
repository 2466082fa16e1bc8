"""Another health system pulls units' registers (source 001 module 13 标准接口: 支持与市人口
健康信息系统进行接口集成; docs/api-tokens.md "Pulling registers").

A register is the library's :class:`radrules.model.UnitRegister` in its JSON contract
(``{"unit_register": {...}}``, :func:`radrules.unstructure`), built from the rows by
:func:`radrules_webshell.supervision.registers.documents.registers_of` — the same register
the warnings are evaluated over. Who reaches which unit is the registers' own rule
(:mod:`radrules_webshell.supervision.scope`): a county's token its division, a city's its
counties; a unit outside is "not found". Every read is audited: ``register_read`` (one unit)
and ``register_list`` (a page, with the ids it answered).
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.supervision import scope
from radrules_webshell.supervision.registers.documents import register_of, registers_of

import radrules

#: Registers one page may hold: a unit's register may carry thousands of workers, so a page
#: of 50 stays a few megabytes at most; a city of 300 units is 6 pages.
MAX_PER_PAGE = 50
#: Pages beyond this are refused (the offset stays bounded): 50 × 2,000 = 100,000 units.
MAX_PAGE = 2_000


async def one(actor: Principal, client_id: int) -> dict[str, Any]:
    """One unit's register; 404 outside ``actor``'s reach."""
    row = await scope.unit(actor, client_id)
    model = await register_of(client_id)
    assert model is not None  # the unit row was just read
    await audit.record(actor, "register_read", "client", client_id, after={"uscc": row["uscc"]})
    return {"client_id": client_id, "unit_register": radrules.unstructure(model)}


def _filters(actor: Principal, *, division: str | None, uscc: str | None) -> Any:
    where = scope.where_visible(actor)
    errors: dict[str, str] = {}
    if division is not None:
        if not (division.isascii() and division.isdigit() and 2 <= len(division) <= 12):
            errors["division"] = "行政区划代码前缀应为2~12位数字"
        else:
            where = where & Client.division_code.like(f"{division}%")
    if uscc is not None:
        if not (uscc.isascii() and uscc.isalnum() and len(uscc) == 18):
            errors["uscc"] = "统一社会信用代码应为18位字母或数字"
        else:
            where = where & (Client.uscc == uscc.upper())
    if errors:
        raise Invalid(errors=errors)
    return where


async def page(
    actor: Principal, *, page: int, per_page: int, division: str | None = None, uscc: str | None = None
) -> dict[str, Any]:
    """A page of the registers of the units ``actor`` reaches, by client id; ``division`` narrows
    to a division-code prefix (within the reach, never beyond it), ``uscc`` to one unit."""
    errors: dict[str, str] = {}
    if not 1 <= page <= MAX_PAGE:
        errors["page"] = f"页码应为 1~{MAX_PAGE}"
    if not 1 <= per_page <= MAX_PER_PAGE:
        errors["per_page"] = f"每页条数应为 1~{MAX_PER_PAGE}"
    if errors:
        raise Invalid(errors=errors)
    where = _filters(actor, division=division, uscc=uscc)
    total = await Client.count().where(where)
    rows = (
        await Client.select(Client.id, Client.uscc, Client.name, Client.division_code)
        .where(where)
        .order_by(Client.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    models = await registers_of([r["id"] for r in rows])
    rows = [r for r in rows if r["id"] in models]
    # a page may hold tens of thousands of records: turned into JSON off the event loop
    documents = await anyio.to_thread.run_sync(lambda: [radrules.unstructure(models[r["id"]]) for r in rows])
    units = [
        {
            "client_id": r["id"],
            "uscc": r["uscc"],
            "name": r["name"],
            "division_code": r["division_code"],
            "unit_register": document,
        }
        for r, document in zip(rows, documents, strict=True)
    ]
    await audit.record(
        actor,
        "register_list",
        "client",
        "",
        after={"page": page, "per_page": per_page, "client_ids": [u["client_id"] for u in units]},
    )
    return {"page": page, "per_page": per_page, "total": total, "units": units}
