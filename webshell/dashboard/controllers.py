"""The statistics home page of a city or a county (``/oversight/statistics``) and its API and
workbook (source 001 modules 2, 15: “支持相关统计数据导出，支持统计数据明细查询”).

The page shows the totals, a table one level down (counties of a city, units of a county)
whose rows drill down, and charts drawn on the server (:mod:`.charts`); each count of
warnings links to the warning list filtered the same way.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.response import Template
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import render, user_of
from radrules_webshell.dashboard import charts, queries
from radrules_webshell.training.shared.web import xlsx
from radrules_webshell.unit_warnings.queries import CATEGORIES, LEVELS

ROLES = ("regulator", "reviewer", "admin")
LEVEL_PARTS = (("严重预警", "level-high"), ("预警", "level-medium"), ("提醒", "level-low"))


async def _stats(request: Request[Any, Any, Any]) -> dict[str, Any]:
    user = user_of(request)
    return await queries.statistics(user, queries.parse(user, request.query_params))


def _charts(stats: dict[str, Any]) -> dict[str, Any]:
    rows = stats["rows"][:30]
    return {
        "workers": charts.bars(
            f"放射工作人员（按{stats['group_label']}）", [(r["name"], r["workers"]) for r in rows]
        ),
        "warnings": charts.stacked(
            f"未关闭预警（按{stats['group_label']}、等级）",
            [(r["name"], [r["high"], r["medium"], r["low"]]) for r in rows],
            LEVEL_PARTS,
        ),
        "categories": charts.bars(
            "未关闭预警（按类别）",
            [(CATEGORIES[c], n) for c, n in stats["by_category"].items()],
            "categories",
        ),
        "trend": charts.trend("近12个月新发现的预警", [(t["month"], t["opened"]) for t in stats["trend"]]),
    }


class StatisticsPages(Controller):
    path = "/oversight/statistics"
    guards = (role(*ROLES),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        stats = await _stats(request)
        query = "&".join(f"{k}={v}" for k, v in (("division", stats["prefix"]), ("kind", stats["kind"])) if v)
        return render(
            request,
            "statistics/home.html",
            nav="o_statistics",
            s=stats,
            charts=_charts(stats),
            kinds=queries.kinds(),
            levels=LEVELS,
            categories=CATEGORIES,
            query=query,
        )

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        stats = await _stats(request)
        columns = [
            (stats["group_label"], 30),
            ("放射诊疗机构", 12),
            ("技术服务机构", 12),
            ("放射诊疗设备", 12),
            ("放射工作人员", 12),
            ("严重预警", 10),
            ("预警", 10),
            ("提醒", 10),
        ]
        rows = [
            [
                r["name"],
                r["units"],
                r["institutions"] or "",
                r["devices"],
                r["workers"],
                r["high"],
                r["medium"],
                r["low"],
            ]
            for r in stats["rows"]
        ]
        t = stats["totals"]
        rows.append(
            [
                "合计",
                t["units"],
                t["institutions"],
                t["devices"],
                t["workers"],
                t["high"],
                t["medium"],
                t["low"],
            ]
        )
        return await xlsx(f"统计_{stats['area']}.xlsx", f"{stats['area']}放射卫生统计", columns, rows)


class StatisticsApi(Controller):
    path = "/api/oversight/statistics"
    guards = (role(*ROLES),)
    tags = ("统计（市、县区）",)

    @get("/", summary="辖区统计：单位、机构、设备、人员、未关闭预警（division、kind 筛选）")
    async def index(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return await _stats(request)


STATISTICS_CONTROLLERS: list[type[Controller]] = [StatisticsPages, StatisticsApi]
