"""The portal's pages and API (source 001 §2.3.2, module 1).

Public, no login: ``/portal`` (the list, by 栏目), ``/portal/{id}`` and its attachments;
``/api/portal/…`` the same as JSON. Managers (a city's or the province's health
administration, the administrator): ``/oversight/portal`` and ``/api/oversight/portal``
— new, edit, 发布, 撤回, delete, attachments.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import File, Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import api_csrf, current, role
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.portal import queries, service
from radrules_webshell.uploads import service as uploads

MANAGE = "/oversight/portal"
MANAGER_ROLES = ("regulator", "admin")


def _version(value: Any) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


async def _file(request: Request[Any, Any, Any], article_id: int, attachment_id: int) -> File:
    row = await queries.attachment_upload(article_id, attachment_id, current(request))
    return uploads.response(row, settings_of(request))


class PortalPages(Controller):
    path = "/portal"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        q = request.query_params
        listing = await queries.public_list(q.get("kind"), q.get("page"))
        return render(request, "portal/index.html", nav="portal", listing=listing, kinds=service.KINDS)

    @get("/{article_id:int}")
    async def article(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Template:
        row = await queries.public_article(article_id)
        return render(request, "portal/article.html", nav="portal", article=row)

    @get("/{article_id:int}/attachments/{attachment_id:int}")
    async def attachment(
        self, request: Request[Any, Any, Any], article_id: FromPath[int], attachment_id: FromPath[int]
    ) -> File:
        return await _file(request, article_id, attachment_id)


class PortalApi(Controller):
    path = "/api/portal"
    tags = ("门户（公开）",)

    @get("/", summary="已发布的新闻、通知和政策文件（kind、page；无须登录）")
    async def index(
        self, kind: FromQuery[str | None] = None, page: FromQuery[str | None] = None
    ) -> dict[str, Any]:
        return await queries.public_list(kind, page)

    @get("/{article_id:int}", summary="一篇已发布的文章及其附件")
    async def article(self, article_id: FromPath[int]) -> dict[str, Any]:
        return await queries.public_article(article_id)

    @get("/{article_id:int}/attachments/{attachment_id:int}", summary="下载附件")
    async def attachment(
        self, request: Request[Any, Any, Any], article_id: FromPath[int], attachment_id: FromPath[int]
    ) -> File:
        return await _file(request, article_id, attachment_id)


class PortalManagePages(Controller):
    path = MANAGE
    guards = (role(*MANAGER_ROLES),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        q = request.query_params
        rows = await queries.managed_list(user_of(request), q.get("kind"), q.get("status"))
        return render(
            request,
            "portal/manage.html",
            nav="o_portal",
            rows=rows,
            q=dict(q),
            kinds=service.KINDS,
            statuses=service.STATUSES,
        )

    def _form(
        self,
        request: Request[Any, Any, Any],
        article: dict[str, Any] | None,
        values: dict[str, Any],
        errors: dict[str, str],
        status: int = 200,
        message: str | None = None,
    ) -> Template:
        return render(
            request,
            "portal/edit.html",
            status=status,
            nav="o_portal",
            article=article,
            values=values,
            errors=errors,
            message=message,
            kinds=service.KINDS,
        )

    @get("/new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        service.manager_prefix(user_of(request))
        return self._form(request, None, {"kind": request.query_params.get("kind", "news")}, {})

    @post("/new")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        data = dict(await request.form())
        try:
            article_id = await service.create(user_of(request), service.parse(data))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return self._form(request, None, data, exc.errors, exc.status, exc.message)
        return redirect(f"{MANAGE}/{article_id}", "created")

    @get("/{article_id:int}")
    async def show(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Template:
        detail = await queries.detail(await service.managed(user_of(request), article_id))
        return self._form(request, detail, detail, {})

    @post("/{article_id:int}")
    async def save(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Template | Redirect:
        user = user_of(request)
        row = await service.managed(user, article_id)
        data = dict(await request.form())
        try:
            await service.update(user, article_id, service.parse(data), _version(data.get("version")))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return self._form(request, await queries.detail(row), data, exc.errors, exc.status, exc.message)
        return redirect(f"{MANAGE}/{article_id}", "saved")

    @post("/{article_id:int}/publish")
    async def publish(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Redirect:
        await service.set_status(user_of(request), article_id, "published")
        return redirect(f"{MANAGE}/{article_id}", "article_published")

    @post("/{article_id:int}/withdraw")
    async def withdraw(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Redirect:
        await service.set_status(user_of(request), article_id, "withdrawn")
        return redirect(f"{MANAGE}/{article_id}", "article_withdrawn")

    @post("/{article_id:int}/delete")
    async def remove(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Redirect:
        await service.delete(user_of(request), article_id, settings_of(request))
        return redirect(MANAGE, "deleted")

    @post("/{article_id:int}/attachments", opt={"upload_files": 1})
    async def attach(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> Template | Redirect:
        user = user_of(request)
        row = await service.managed(user, article_id)
        try:
            await service.attach(user, article_id, (await request.form()).get("file"), settings_of(request))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            detail = await queries.detail(row)
            return self._form(request, detail, detail, exc.errors, exc.status, exc.message)
        return redirect(f"{MANAGE}/{article_id}", "attached")

    @get("/{article_id:int}/attachments/{attachment_id:int}")
    async def attachment(
        self, request: Request[Any, Any, Any], article_id: FromPath[int], attachment_id: FromPath[int]
    ) -> File:
        await service.managed(user_of(request), article_id)
        return await _file(request, article_id, attachment_id)

    @post("/{article_id:int}/attachments/{attachment_id:int}/delete")
    async def detach(
        self, request: Request[Any, Any, Any], article_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Redirect:
        await service.detach(user_of(request), article_id, attachment_id, settings_of(request))
        return redirect(f"{MANAGE}/{article_id}", "deleted")


class PortalManageApi(Controller):
    path = "/api/oversight/portal"
    guards = (role(*MANAGER_ROLES), api_csrf)
    tags = ("门户管理（市级卫生健康行政部门）",)

    @get("/", summary="本辖区发布的文章（各状态；kind、status 筛选）")
    async def index(
        self,
        request: Request[Any, Any, Any],
        kind: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
    ) -> list[dict[str, Any]]:
        return await queries.managed_list(user_of(request), kind, status)

    @post("/", summary="新建文章（未发布）：kind（news/notice/policy）、title、body", status_code=201)
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        return {"id": await service.create(user_of(request), service.parse(data))}

    @get("/{article_id:int}", summary="文章（含未发布的）")
    async def show(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> dict[str, Any]:
        return await queries.detail(await service.managed(user_of(request), article_id))

    @put("/{article_id:int}", summary="修改文章（可带 version）")
    async def update(
        self, request: Request[Any, Any, Any], article_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user = user_of(request)
        await service.managed(user, article_id)
        await service.update(user, article_id, service.parse(data), _version(data.get("version")))
        return await queries.detail(await service.managed(user, article_id))

    @post("/{article_id:int}/publish", summary="发布", status_code=200)
    async def publish(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> dict[str, Any]:
        user = user_of(request)
        await service.set_status(user, article_id, "published")
        return await queries.detail(await service.managed(user, article_id))

    @post("/{article_id:int}/withdraw", summary="撤回（公众不再可见）", status_code=200)
    async def withdraw(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> dict[str, Any]:
        user = user_of(request)
        await service.set_status(user, article_id, "withdrawn")
        return await queries.detail(await service.managed(user, article_id))

    @delete("/{article_id:int}", summary="删除未发布或已撤回的文章", status_code=204)
    async def remove(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> None:
        await service.delete(user_of(request), article_id, settings_of(request))

    @post(
        "/{article_id:int}/attachments",
        summary="上传附件（multipart：file，PDF或图片）",
        status_code=201,
        opt={"upload_files": 1},
    )
    async def attach(self, request: Request[Any, Any, Any], article_id: FromPath[int]) -> dict[str, int]:
        user = user_of(request)
        await service.managed(user, article_id)
        attachment_id = await service.attach(
            user, article_id, (await request.form()).get("file"), settings_of(request)
        )
        return {"id": attachment_id}

    @delete("/{article_id:int}/attachments/{attachment_id:int}", summary="删除附件", status_code=204)
    async def detach(
        self, request: Request[Any, Any, Any], article_id: FromPath[int], attachment_id: FromPath[int]
    ) -> None:
        await service.detach(user_of(request), article_id, attachment_id, settings_of(request))


PORTAL_CONTROLLERS: list[type[Controller]] = [PortalPages, PortalApi, PortalManagePages, PortalManageApi]
