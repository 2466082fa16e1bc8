"""Rows that hang on a parent of a unit's register — a licence's 校验, a device's tests, an
archive's trainings, exams, doses and certificates: added from a form, removed, each write
in one transaction with its audit row (source 001 module 11: every entry is recorded).

The caller has already found the parent inside the acting user's unit
(:func:`radrules_webshell.supervision.scope.unit` and the parent's own query), so a record
of another unit is not found here either: every query names the parent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
from piccolo.table import Table
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.forms import FormSpec
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic

#: Records one parent may hold (the library's bounds: 100 trainings or exams per worker,
#: 600 doses, 500 tests per device; 校验 and certificates stay far below).
LIMITS = {
    "verification": 100,
    "device_test": 500,
    "training": 100,
    "health_exam": 100,
    "dose": 600,
    "certificate": 50,
}


@attrs.frozen(kw_only=True)
class Kind:
    name: str
    label: str
    table: type[Table]
    spec: FormSpec
    parent: str
    #: Parsed form values → column values (numbers from their text, for instance).
    convert: Callable[[dict[str, Any]], dict[str, Any]] = lambda values: values
    order_by: str = "id"

    def column(self, name: str) -> Any:
        return getattr(self.table, name)


def parse(spec: FormSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical values of ``data`` read strictly: an unknown key is refused by name
    (a typo must not silently save nothing), then every field's own check."""
    unknown = [str(k) for k in data if k not in spec.names]
    if unknown:
        raise Invalid(
            f"未知字段 {unknown[0]}；可用字段：{'、'.join(spec.names)}", errors={unknown[0]: "未知字段"}
        )
    values, errors = spec.parse(data)
    if errors:
        raise Invalid(errors=errors)
    return values


async def rows(kind: Kind, parent_id: int) -> list[dict[str, Any]]:
    t = kind.table
    return await t.select().where(kind.column(kind.parent) == parent_id).order_by(kind.column(kind.order_by))


async def add(
    kind: Kind, actor: Principal, parent_id: int, data: dict[str, Any], extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    values = kind.convert(parse(kind.spec, data)) | (extra or {}) | {kind.parent: parent_id}
    t = kind.table
    async with atomic():
        count = await t.count().where(kind.column(kind.parent) == parent_id)
        if count >= LIMITS[kind.name]:
            raise Invalid(f"{kind.label}已达上限 {LIMITS[kind.name]} 条")
        row = t(**values)
        await row.save()
        after = await t.select().where(t._meta.primary_key == row["id"]).first()
        assert after is not None
        await audit.record(actor, f"{kind.name}_create", kind.table._meta.tablename, row["id"], after=after)
    return after


async def remove(kind: Kind, actor: Principal, parent_id: int, item_id: int) -> None:
    t = kind.table
    async with atomic():
        before = (
            await t.select()
            .where((t._meta.primary_key == item_id) & (kind.column(kind.parent) == parent_id))
            .first()
        )
        if before is None:
            raise NotFound()
        await t.delete().where(t._meta.primary_key == item_id)
        await audit.record(actor, f"{kind.name}_delete", kind.table._meta.tablename, item_id, before=before)
