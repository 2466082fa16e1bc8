"""``GET /api/divisions``: the children of a division, for the picker's script (public, as
the registration page that uses it; the data is the GB/T 2260 table ``radrules`` ships)."""

from typing import Any

from litestar import Controller, get
from litestar.params import FromQuery
from radrules_webshell.core.divisions import LEVEL_LABELS, RANK
from radrules_webshell.core.errors import Invalid

from radrules import division_children, lookup_division


class DivisionApi(Controller):
    path = "/api/divisions"
    tags = ["行政区划"]

    @get(
        "/",
        summary="下级行政区划（parent 为空：各省；depth：最细到 province|city|county|township）",
    )
    async def children(
        self, parent: FromQuery[str] = "", depth: FromQuery[str] = "township"
    ) -> dict[str, Any]:
        if depth not in RANK:
            raise Invalid(errors={"depth": "应为 province、city、county 或 township"})
        code = parent.strip()
        if code and lookup_division(code) is None:
            raise Invalid(errors={"parent": f"行政区划代码 {code[:12]} 不存在"})
        found = division_children(code or None)
        if found and RANK[found[0].level] > RANK[depth]:
            found = ()
        level = found[0].level if found else ""
        return {
            "parent": code or None,
            "label": LEVEL_LABELS.get(level, ""),
            "children": [{"code": d.code, "name": d.name, "level": d.level} for d in found],
        }
