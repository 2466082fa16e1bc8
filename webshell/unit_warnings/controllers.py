"""Pages and API of the delivered warnings (source 001 module 14; issue 16 item 4).

The unit: ``/client/warnings`` (its warnings, open first; one warning with its history;
确认). Regulators: ``/oversight/warnings`` — the open warnings of the area by level,
category, division and unit, paged, and ``export.xlsx`` (the whole filtered list).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, user_of
from radrules_webshell.training.shared.web import xlsx
from radrules_webshell.unit_warnings import queries, service
from radrules_webshell.unit_warnings.tables import UnitWarning

REGULATOR_ROLES = ("regulator", "admin")
EXPORT_COLUMNS = (
    ("所属地区", 24),
    ("单位", 30),
    ("统一社会信用代码", 21),
    ("等级", 10),
    ("类别", 12),
    ("对象", 14),
    ("预警内容", 60),
    ("到期日", 12),
    ("规则", 34),
    ("状态", 8),
    ("发现时间", 20),
    ("确认", 14),
)


def _vocab() -> dict[str, Any]:
    return {"levels": queries.LEVELS, "categories": queries.CATEGORIES, "states": queries.STATES}


def _own(request: Request[Any, Any, Any]) -> Any:
    return UnitWarning.client == queries.unit_of(user_of(request))


class UnitWarningPages(Controller):
    path = "/client/warnings"
    guards = (role("client"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        q = request.query_params
        f = queries.filters(q)
        listing = await queries.listing(_own(request), f, q.get("page"))
        return render(
            request, "unit_warnings/unit_list.html", nav="warnings", listing=listing, f=f, **_vocab()
        )

    @get("/{warning_id:int}")
    async def show(self, request: Request[Any, Any, Any], warning_id: FromPath[int]) -> Template:
        row = await queries.detail(_own(request), warning_id)
        return render(request, "unit_warnings/detail.html", nav="warnings", w=row, unit=True)

    @post("/{warning_id:int}/acknowledge")
    async def acknowledge(self, request: Request[Any, Any, Any], warning_id: FromPath[int]) -> Redirect:
        form = await request.form()
        await service.acknowledge(user_of(request), warning_id, str(form.get("note") or ""))
        return redirect(f"/client/warnings/{warning_id}", "warning_acknowledged")


class UnitWarningApi(Controller):
    path = "/api/client/warnings"
    guards = (role("client"), api_csrf)
    tags = ("预警（放射诊疗单位）",)

    @get("/", summary="本单位的预警（state=open|closed|all，level，category，page）")
    async def index(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        q = request.query_params
        return await queries.listing(_own(request), queries.filters(q), q.get("page"), q.get("page_size"))

    @get("/{warning_id:int}", summary="一条预警及其历史")
    async def show(self, request: Request[Any, Any, Any], warning_id: FromPath[int]) -> dict[str, Any]:
        return await queries.detail(_own(request), warning_id)

    @post("/{warning_id:int}/acknowledge", summary="确认预警（note 可选）", status_code=200)
    async def acknowledge(
        self, request: Request[Any, Any, Any], warning_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        await service.acknowledge(user_of(request), warning_id, str(data.get("note") or ""))
        return await queries.detail(_own(request), warning_id)


class OversightWarningPages(Controller):
    path = "/oversight/warnings"
    guards = (role(*REGULATOR_ROLES),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        q = request.query_params
        f = queries.filters(q)
        base = await queries.regulator_scope(user_of(request))
        listing = await queries.listing(base, f, q.get("page"))
        query = "&".join(f"{k}={v}" for k, v in f.items() if v)
        return render(
            request,
            "unit_warnings/oversight_list.html",
            nav="o_warnings",
            listing=listing,
            f=f,
            query=query,
            **_vocab(),
        )

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        f = queries.filters(request.query_params)
        rows = await queries.export_rows(await queries.regulator_scope(user_of(request)), f)
        return await xlsx(
            "预警清单.xlsx",
            "预警清单",
            EXPORT_COLUMNS,
            (
                [
                    r["division_name"],
                    r["unit_name"],
                    r["unit_uscc"],
                    r["level_label"],
                    r["category_label"],
                    r["subject_name"],
                    r["message"],
                    r["due"] or "",
                    r["rule_id"],
                    r["state_label"],
                    (r["opened_at"] or "")[:19].replace("T", " "),
                    r["acknowledged_by_name"] or "",
                ]
                for r in rows
            ),
        )

    @get("/{warning_id:int}")
    async def show(self, request: Request[Any, Any, Any], warning_id: FromPath[int]) -> Template:
        base = await queries.regulator_scope(user_of(request))
        return render(
            request,
            "unit_warnings/detail.html",
            nav="o_warnings",
            w=await queries.detail(base, warning_id),
            unit=False,
        )


class OversightWarningApi(Controller):
    path = "/api/oversight/warnings"
    guards = (role(*REGULATOR_ROLES), api_csrf)
    tags = ("预警（监管）",)

    @get("/", summary="辖区内的预警（state、level、category、division、unit、rule、page、page_size）")
    async def index(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        q = request.query_params
        base = await queries.regulator_scope(user_of(request))
        return await queries.listing(base, queries.filters(q), q.get("page"), q.get("page_size"))

    @get("/{warning_id:int}", summary="一条预警及其历史")
    async def show(self, request: Request[Any, Any, Any], warning_id: FromPath[int]) -> dict[str, Any]:
        return await queries.detail(await queries.regulator_scope(user_of(request)), warning_id)


WARNING_CONTROLLERS: list[type[Controller]] = [
    UnitWarningPages,
    UnitWarningApi,
    OversightWarningPages,
    OversightWarningApi,
]
