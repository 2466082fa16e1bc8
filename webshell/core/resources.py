"""Records owned by one organisation: list, read, create, change, delete — scoped and audited.

Staff and instruments belong to an institution; devices and workers to a client. Every
query is filtered by the owner, so a record of another organisation is simply not found
(404), never shown. Each write runs in one transaction with its audit row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
from piccolo.table import Table
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.forms import FormSpec
from radrules_webshell.core.masking import mask_id_number, mask_phone
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic


@attrs.frozen(kw_only=True)
class Resource:
    name: str
    label: str
    table: type[Table]
    spec: FormSpec
    owner_column: str
    #: Fields shown in lists, in order.
    list_fields: tuple[str, ...]
    #: Fields whose value must be unique within the owner, with the message when not.
    unique: tuple[tuple[str, str], ...] = ()
    #: Called before each write with (owner id); raises when the owner's records are locked.
    guard_write: Callable[[int], Awaitable[None]] | None = None
    #: Called with (owner id, the parsed values) before each create or change: the errors,
    #: by field, of the rules of the document the record belongs to (an instrument of the
    #: qualification declaration); none lets the write go on.
    check: Callable[[int, dict[str, Any]], Awaitable[dict[str, str]]] | None = None
    order_by: str = "id"

    def owner(self) -> Any:
        return getattr(self.table, self.owner_column)


def masked(resource: Resource, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for f in resource.spec:
        if f.mask == "id_number":
            out[f.name] = mask_id_number(row.get(f.name))
        elif f.mask == "phone":
            out[f.name] = mask_phone(row.get(f.name))
    return out


async def list_rows(resource: Resource, owner_id: int) -> list[dict[str, Any]]:
    t = resource.table
    return await t.select().where(resource.owner() == owner_id).order_by(getattr(t, resource.order_by))


async def get_row(resource: Resource, owner_id: int, row_id: int) -> dict[str, Any]:
    t = resource.table
    row = await t.select().where((t._meta.primary_key == row_id) & (resource.owner() == owner_id)).first()
    if row is None:
        raise NotFound()
    return row


async def _check_unique(
    resource: Resource, owner_id: int, values: dict[str, Any], row_id: int | None
) -> None:
    t = resource.table
    for field, message in resource.unique:
        if values.get(field) is None:
            continue
        query = t.exists().where((resource.owner() == owner_id) & (getattr(t, field) == values[field]))
        if row_id is not None:
            query = query.where(t._meta.primary_key != row_id)
        if await query:
            raise Invalid(errors={field: message})


async def _parse(resource: Resource, owner_id: int, data: dict[str, Any]) -> dict[str, Any]:
    values, errors = resource.spec.parse(data)
    if not errors and resource.check is not None:
        errors = await resource.check(owner_id, values)
    if errors:
        raise Invalid(errors=errors)
    return values


async def create(resource: Resource, actor: Principal, owner_id: int, data: dict[str, Any]) -> dict[str, Any]:
    values = await _parse(resource, owner_id, data)
    async with atomic():
        if resource.guard_write:
            await resource.guard_write(owner_id)
        await _check_unique(resource, owner_id, values, None)
        row = resource.table(**{**values, resource.owner_column: owner_id})
        await row.save()
        row_id: int = row["id"]
        after = await get_row(resource, owner_id, row_id)
        await audit.record(actor, f"{resource.name}_create", resource.name, row_id, after=after)
    return after


async def update(
    resource: Resource, actor: Principal, owner_id: int, row_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    await get_row(resource, owner_id, row_id)  # another owner's id is "not found" before anything else
    values = await _parse(resource, owner_id, data)
    t = resource.table
    async with atomic():
        before = await get_row(resource, owner_id, row_id)
        if resource.guard_write:
            await resource.guard_write(owner_id)
        await _check_unique(resource, owner_id, values, row_id)
        await t.update({getattr(t, k): v for k, v in values.items()}).where(t._meta.primary_key == row_id)
        after = await get_row(resource, owner_id, row_id)
        await audit.record(
            actor, f"{resource.name}_update", resource.name, row_id, before=before, after=after
        )
    return after


async def delete(resource: Resource, actor: Principal, owner_id: int, row_id: int) -> None:
    t = resource.table
    async with atomic():
        before = await get_row(resource, owner_id, row_id)
        if resource.guard_write:
            await resource.guard_write(owner_id)
        await t.delete().where(t._meta.primary_key == row_id)
        await audit.record(actor, f"{resource.name}_delete", resource.name, row_id, before=before)
