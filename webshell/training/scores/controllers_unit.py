"""集体成绩查询 of the unit (source 002 §6): ``/training/scores`` and ``/api/training/scores``."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import render
from radrules_webshell.filings.reports.forms import parse_day
from radrules_webshell.training.scores import queries
from radrules_webshell.training.shared.scope import unit_row
from radrules_webshell.training.shared.web import unit, vocabulary

from radrules import score_query_range


def _filters(q: Any) -> dict[str, Any]:
    """§6.3 2: 培训开始日期 from 1 January of this year to today unless given."""
    start, end = score_query_range(clock.today())
    out: dict[str, Any] = {"plan_type": q.get("plan_type") or None, "name": q.get("name") or None}
    errors: dict[str, str] = {}
    for key, default in (("start_from", start), ("start_to", end)):
        text = (q.get(key) or "").strip()
        out[key] = parse_day(text, key, errors) if text else (default if key not in q else None)
    if errors:
        raise Invalid("查询条件有误", errors=errors)
    return out


class ScorePages(Controller):
    path = "/training/scores"
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = unit(request)
        filters = _filters(request.query_params)
        division = (await unit_row(inst))["division_code"]
        return render(
            request,
            "training/scores.html",
            nav="t_scores",
            rows=await queries.unit_list(inst, **filters),
            f=filters,
            plan_types=[t.name for t in vocabulary(division).plan_types],
        )

    @get("/{session_id:int}")
    async def show(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template:
        _, inst = unit(request)
        return render(
            request, "training/score.html", nav="t_scores", **await queries.unit_session(inst, session_id)
        )


class ScoreApi(Controller):
    path = "/api/training/scores"
    guards = (role("institution"), api_csrf)
    tags = ("集体成绩查询",)

    @get("/", summary="集体成绩查询（plan_type、name、start_from、start_to；默认本年1月1日至今天）")
    async def index(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        _, inst = unit(request)
        return await queries.unit_list(inst, **_filters(request.query_params))

    @get("/{session_id:int}", summary="培训班次的成绩：按专业类别，合格、证书编号与证书下载")
    async def show(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> dict[str, Any]:
        _, inst = unit(request)
        return await queries.unit_session(inst, session_id)
