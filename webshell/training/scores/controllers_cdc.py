"""The CDC's score pages and API of a session (source 002 §6.4; issue 13): the entry table,
the template and its import (all or nothing, problems by row and column), 发布成绩 (which
issues the certificates and tells the units), and the xlsx of the scores."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, MediaType, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render
from radrules_webshell.filings.doses.excel import ImportRefused, read_upload
from radrules_webshell.training.scores import excel, forms, queries, service
from radrules_webshell.training.sessions.service import cdc_session
from radrules_webshell.training.shared.scope import CDC_ROLES
from radrules_webshell.training.shared.web import cdc, notice_of, xlsx

COLUMNS = (("姓名", 10), ("身份证号", 21), ("专业类别", 28), ("成绩", 8), ("合格", 8), ("证书编号", 24))


async def _save(user: Any, session_id: int, scores: list[Any]) -> list[dict[str, Any]]:
    _, _, filing, by_id = await service.envelope(user, session_id)
    warnings = service.check_scores(filing, scores)
    await service.store(user, session_id, scores, by_id, "training_scores_enter")
    return warnings


class CdcScorePages(Controller):
    path = "/cdc/training/sessions/{session_id:int}/scores"
    guards = (role(*CDC_ROLES),)
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], session_id: int, **extra: Any) -> Template:
        user, _ = cdc(request)
        data = await queries.cdc_score_page(user, session_id)
        return render(
            request,
            "training/cdc_scores.html",
            nav="c_plans",
            **data,
            errors=extra.pop("errors", {}),
            problems=extra.pop("problems", []),
            notice=notice_of(request),
            **extra,
        )

    @get("/")
    async def index(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template:
        return await self._page(request, session_id)

    @post("/")
    async def enter(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        await cdc_session(user, session_id)
        try:
            await _save(user, session_id, forms.from_form(await request.form(), session_id))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._page(
                request, session_id, status=exc.status, message=exc.message, errors=exc.errors
            )
        return redirect(f"/cdc/training/sessions/{session_id}/scores", "scores_saved")

    @get("/template.xlsx")
    async def template(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        return await excel.template(user, session_id)

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        data = await queries.cdc_score_page(user, session_id)
        return await xlsx(
            f"{data['plan']['name']}-{data['session']['label']}-成绩.xlsx",
            "成绩",
            COLUMNS,
            (
                [
                    r["name"],
                    r["id_number_masked"],
                    r["specialty"] or "——",
                    r["score"],
                    "" if r["passed"] is None else ("合格" if r["passed"] else "不合格"),
                    r["certificate_no"] or "",
                ]
                for r in data["rows"]
            ),
        )

    @post("/import", opt={"max_body": excel.MAX_BODY})
    async def import_(
        self, request: Request[Any, Any, Any], session_id: FromPath[int]
    ) -> Template | Redirect:
        user, _ = cdc(request)
        await cdc_session(user, session_id)
        try:
            content, filename = await read_upload(request)
            await excel.import_file(user, session_id, content, filename)
        except ImportRefused as exc:
            return await self._page(
                request, session_id, status=400, message=exc.message, problems=list(exc.outcome.errors)
            )
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._page(
                request, session_id, status=exc.status, message=exc.message, errors=exc.errors
            )
        return redirect(f"/cdc/training/sessions/{session_id}/scores", "scores_imported")

    @post("/publish")
    async def publish(
        self, request: Request[Any, Any, Any], session_id: FromPath[int]
    ) -> Template | Redirect:
        user, _ = cdc(request)
        try:
            await service.publish(user, session_id)
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._page(request, session_id, status=exc.status, message=exc.message)
        return redirect(f"/cdc/training/sessions/{session_id}/scores", "scores_published")


class CdcScoreApi(Controller):
    path = "/api/cdc/training/sessions/{session_id:int}/scores"
    guards = (role(*CDC_ROLES), api_csrf)
    tags = ("成绩与证书（省疾控）",)

    @get("/", summary="期次的成绩（每人每专业类别一行）")
    async def index(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        data = await queries.cdc_score_page(user, session_id)
        data["session"].pop("form", None)
        return data

    @put("/", summary='录入成绩（{"scores": [{id_number, specialty, score, passed}]}，全部保存或全部不保存）')
    async def enter(
        self, request: Request[Any, Any, Any], session_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, _ = cdc(request)
        await cdc_session(user, session_id)
        warnings = await _save(user, session_id, forms.from_json(data, session_id))
        return {"saved": len(data.get("scores") or []), "warnings": warnings}

    @get("/template", summary="成绩导入模板（xlsx，已按选班名单预填）")
    async def template(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        return await excel.template(user, session_id)

    @post(
        "/import",
        summary="成绩导入（multipart，字段 file）：全部导入或全部不导入",
        status_code=200,
        opt={"max_body": excel.MAX_BODY},
    )
    async def import_(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Response[Any]:
        user, _ = cdc(request)
        await cdc_session(user, session_id)
        content, filename = await read_upload(request)
        try:
            outcome = await excel.import_file(user, session_id, content, filename)
        except ImportRefused as exc:
            return Response(
                {"message": exc.message} | attrs.asdict(exc.outcome),
                status_code=400,
                media_type=MediaType.JSON,
            )
        return Response(attrs.asdict(outcome), media_type=MediaType.JSON)

    @post("/publish", summary="发布成绩：出具、补充或撤销证书，通知单位", status_code=200)
    async def publish(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> dict[str, int]:
        user, _ = cdc(request)
        return await service.publish(user, session_id)
