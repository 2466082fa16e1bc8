"""The CDC's plan pages (``/cdc/training/plans``) and API (``/api/cdc/training/plans``):
list (and its xlsx), new, edit, 发布, 关闭 and the 培训附件 (source 002 §4; issue 13)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import File, Redirect, Template
from radrules_webshell.core.errors import NotFound, WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, settings_of
from radrules_webshell.training.plans import forms, queries, service
from radrules_webshell.training.shared.files import download
from radrules_webshell.training.shared.scope import CDC_ROLES, cdc_plan
from radrules_webshell.training.shared.web import cdc, notice_of, vocabulary, xlsx
from radrules_webshell.uploads.tables import Upload

from radrules import PlanStatus

BASE = "/cdc/training/plans"
EXPORT_COLUMNS = (
    ("培训班类型", 16),
    ("培训班名称", 36),
    ("报名截止日期", 13),
    ("状态", 9),
    ("待审核", 8),
    ("审核通过", 9),
    ("已退回", 8),
    ("培训专业类别", 40),
)


def _int(value: Any) -> int | None:
    return (
        int(value)
        if isinstance(value, str) and value.isdigit()
        else value
        if isinstance(value, int)
        else None
    )


async def attachment_file(row: dict[str, Any], settings: Any) -> File:
    if not row["attachment"]:
        raise NotFound("该培训计划没有附件")
    upload = await Upload.select().where(Upload.id == row["attachment"]).first()
    if upload is None:
        raise NotFound("该培训计划没有附件")
    return download(upload, settings)


def _vocab(request: Request[Any, Any, Any]) -> Any:
    """The choices of the CDC's own province (the administrator: this platform's)."""
    _, prefix = cdc(request)
    return vocabulary((prefix or settings_of(request).province).ljust(6, "0"))


class CdcPlanPages(Controller):
    path = BASE
    guards = (role(*CDC_ROLES),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, prefix = cdc(request)
        q = request.query_params
        rows = await queries.cdc_list(prefix, status=q.get("status"), name=q.get("name"))
        return render(
            request, "training/cdc_plans.html", nav="c_plans", rows=rows, q=dict(q), notice=notice_of(request)
        )

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        _, prefix = cdc(request)
        q = request.query_params
        rows = await queries.cdc_list(prefix, status=q.get("status"), name=q.get("name"))
        return await xlsx(
            "培训计划.xlsx",
            "培训计划",
            EXPORT_COLUMNS,
            (
                [
                    r["plan_type"],
                    r["name"],
                    r["deadline"],
                    r["status_label"],
                    r["waiting"],
                    r["approved"],
                    r["returned"],
                    "、".join(r["specialties"]),
                ]
                for r in rows
            ),
        )

    @get("/new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        return self._form(request, None, {}, {})

    def _form(
        self,
        request: Request[Any, Any, Any],
        plan: dict[str, Any] | None,
        values: dict[str, Any],
        errors: dict[str, str],
        status: int = 200,
        message: str | None = None,
    ) -> Template:
        return render(
            request,
            "training/cdc_plan.html",
            status=status,
            nav="c_plans",
            plan=plan,
            spec=forms.form(_vocab(request) if plan is None else vocabulary(plan["division_code"])),
            values=values,
            errors=errors,
            message=message,
            notice=notice_of(request),
        )

    @post("/new")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, _ = cdc(request)
        vocab = _vocab(request)
        data = forms.form(vocab).form_values(await request.form())
        try:
            plan_id = await service.create(user, forms.parse(vocab, data))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return self._form(request, None, data, exc.errors, exc.status, exc.message)
        return redirect(f"{BASE}/{plan_id}", "created")

    @get("/{plan_id:int}")
    async def show(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template:
        user, _ = cdc(request)
        row = await cdc_plan(user, plan_id)
        detail = queries.plan_detail(row)
        return self._form(request, detail, detail, {})

    @post("/{plan_id:int}")
    async def save(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        row = await cdc_plan(user, plan_id)
        vocab = vocabulary(row["division_code"])
        form = await request.form()
        data = forms.form(vocab).form_values(form)
        try:
            await service.update(user, plan_id, forms.parse(vocab, data), _int(form.get("version")))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return self._form(request, queries.plan_detail(row), data, exc.errors, exc.status, exc.message)
        return redirect(f"{BASE}/{plan_id}", "saved")

    @post("/{plan_id:int}/publish")
    async def publish(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Redirect:
        user, _ = cdc(request)
        await service.set_status(user, plan_id, PlanStatus.published)
        return redirect(f"{BASE}/{plan_id}", "published")

    @post("/{plan_id:int}/close")
    async def close(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Redirect:
        user, _ = cdc(request)
        await service.set_status(user, plan_id, PlanStatus.closed)
        return redirect(f"{BASE}/{plan_id}", "closed")

    @get("/{plan_id:int}/attachment")
    async def attachment(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> File:
        user, _ = cdc(request)
        return await attachment_file(await cdc_plan(user, plan_id), settings_of(request))

    @post("/{plan_id:int}/attachment", opt={"upload_files": 1})
    async def attach(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        row = await cdc_plan(user, plan_id)
        try:
            await service.attach(user, plan_id, (await request.form()).get("file"), settings_of(request))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            detail = queries.plan_detail(row)
            return self._form(request, detail, detail, exc.errors, exc.status, exc.message)
        return redirect(f"{BASE}/{plan_id}", "uploaded")


class CdcPlanApi(Controller):
    path = "/api/cdc/training/plans"
    guards = (role(*CDC_ROLES), api_csrf)
    tags = ("培训计划（省疾控）",)

    @get("/", summary="本省培训计划（status、name 筛选）")
    async def index(
        self,
        request: Request[Any, Any, Any],
        status: FromQuery[str | None] = None,
        name: FromQuery[str | None] = None,
    ) -> list[dict[str, Any]]:
        _, prefix = cdc(request)
        return await queries.cdc_list(prefix, status=status, name=name)

    @post("/", summary="新建培训计划（未发布）", status_code=201)
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        user, _ = cdc(request)
        plan_id = await service.create(user, forms.parse(_vocab(request), data))
        return {"id": plan_id}

    @get("/{plan_id:int}", summary="培训计划")
    async def show(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        return queries.plan_detail(await cdc_plan(user, plan_id))

    @put("/{plan_id:int}", summary="修改培训计划（可带 version；已关闭的不能修改）")
    async def update(
        self, request: Request[Any, Any, Any], plan_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, _ = cdc(request)
        row = await cdc_plan(user, plan_id)
        await service.update(
            user, plan_id, forms.parse(vocabulary(row["division_code"]), data), _int(data.get("version"))
        )
        return queries.plan_detail(await cdc_plan(user, plan_id))

    @post("/{plan_id:int}/publish", summary="发布", status_code=200)
    async def publish(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        await service.set_status(user, plan_id, PlanStatus.published)
        return queries.plan_detail(await cdc_plan(user, plan_id))

    @post("/{plan_id:int}/close", summary="关闭（不再接受报名）", status_code=200)
    async def close(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        await service.set_status(user, plan_id, PlanStatus.closed)
        return queries.plan_detail(await cdc_plan(user, plan_id))

    @get("/{plan_id:int}/attachment", summary="下载培训附件")
    async def attachment(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> File:
        user, _ = cdc(request)
        return await attachment_file(await cdc_plan(user, plan_id), settings_of(request))

    @post(
        "/{plan_id:int}/attachment",
        summary="上传培训附件（multipart：file，图片或PDF）",
        status_code=201,
        opt={"upload_files": 1},
    )
    async def attach(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, int]:
        user, _ = cdc(request)
        await cdc_plan(user, plan_id)
        upload_id = await service.attach(
            user, plan_id, (await request.form()).get("file"), settings_of(request)
        )
        return {"upload_id": upload_id}
