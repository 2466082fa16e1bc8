"""The sitting's JSON API (source 001 表1 第18项): what a phone app or the page's script
calls — a question as drawn for the candidate, saving one answer, handing in, the result."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import user_of
from radrules_webshell.exams import sitting_views, sittings
from radrules_webshell.exams.web import now


class SittingApi(Controller):
    path = "/api/exams/sittings/{sitting_id:int}"
    guards = (role("worker"), api_csrf)
    tags = ("在线考试",)

    @get("/questions/{number:int}", summary="试卷的一道题（按本人抽到的题序和选项顺序；不含答案）")
    async def question(
        self, request: Request[Any, Any, Any], sitting_id: FromPath[int], number: FromPath[int]
    ) -> dict[str, Any]:
        view = await sitting_views.question_view(user_of(request), sitting_id, number, now())
        if view["closed"]:
            return {"closed": True}
        return view

    @put("/answers/{number:int}", summary='保存一道题的答案：{"choice": [显示位置, …]}；截止后不再保存')
    async def answer(
        self, request: Request[Any, Any, Any], sitting_id: FromPath[int], number: FromPath[int]
    ) -> dict[str, Any]:
        user = user_of(request)
        try:
            data = await request.json()
        except Exception:  # any unreadable body gets the same refusal
            data = None
        choice = data.get("choice") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or set(data) - {"choice"}
            or not isinstance(choice, list)
            or len(choice) > 16
            or not all(type(c) is int for c in choice)
        ):
            await sittings.own_sitting(user, sitting_id)  # another's sitting is 404 whatever the body
            raise Invalid(
                '请求体应为 {"choice": [整数, …]}', errors={"choice": "应为显示位置（从0起）的整数列表"}
            )
        await sittings.save_answer(user, sitting_id, number, choice, now())
        return {"saved": True, "number": number}

    @post("/submit", summary="交卷并评分（只评一次）", status_code=200)
    async def submit(self, request: Request[Any, Any, Any], sitting_id: FromPath[int]) -> dict[str, Any]:
        row = await sittings.submit(user_of(request), sitting_id, now())
        return {"score": row["score"], "possible": row["possible"], "passed": row["passed"]}

    @get("/result", summary="成绩；考试截止后才有答案与解析")
    async def result(self, request: Request[Any, Any, Any], sitting_id: FromPath[int]) -> dict[str, Any]:
        view = await sitting_views.result_view(user_of(request), sitting_id, now())
        record = view.pop("record")
        view["training_recorded"] = record is not None
        return view
