"""Page and JSON routes for a :class:`Resource`, generated once per resource.

This module deliberately does not use postponed annotations: Litestar reads the handler
signatures, which are built inside a factory, at import time.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core import resources
from radrules_webshell.core.errors import Forbidden, Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.resources import Resource
from radrules_webshell.core.web import redirect, render, user_of

OwnerOf = Callable[[Principal], int | None]
Decorate = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]] | None


def _owner(owner_of: OwnerOf, request: Request[Any, Any, Any]) -> tuple[Principal, int]:
    user = user_of(request)
    owner = owner_of(user)
    if owner is None:
        raise Forbidden()
    return user, owner


def page_controller(
    resource: Resource,
    base: str,
    owner_of: OwnerOf,
    roles: tuple[str, ...],
    *,
    title: str,
    nav: str,
    view: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    extra_columns: tuple[tuple[str, str], ...] = (),
    row_links: tuple[tuple[str, str], ...] = (),
) -> type[Controller]:
    """HTML pages: list, new, edit, delete."""
    labels = {f.name: f.label for f in resource.spec}
    columns = tuple((name, labels[name]) for name in resource.list_fields) + extra_columns
    show = view or (lambda row: row)

    def list_context(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"rows": [resources.masked(resource, show(r)) for r in rows], "columns": columns}

    class Pages(Controller):
        path = base
        guards = [role(*roles)]
        include_in_schema = False

        @get("/")
        async def index(self, request: Request[Any, Any, Any]) -> Template:
            _, owner = _owner(owner_of, request)
            rows = await resources.list_rows(resource, owner)
            return render(
                request,
                "resource_list.html",
                title=title,
                nav=nav,
                base=base,
                resource=resource,
                row_links=row_links,
                **list_context(rows),
            )

        @get("/new")
        async def new(self, request: Request[Any, Any, Any]) -> Template:
            _owner(owner_of, request)
            return render(
                request,
                "resource_form.html",
                title=f"添加{resource.label}",
                nav=nav,
                base=base,
                spec=resource.spec,
                values={"selected": True},
                errors={},
                action=base,
            )

        @post("/")
        async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
            user, owner = _owner(owner_of, request)
            form = await request.form()
            data = resource.spec.form_values(form)
            try:
                await resources.create(resource, user, owner, data)
            except Invalid as exc:
                return render(
                    request,
                    "resource_form.html",
                    status=400,
                    title=f"添加{resource.label}",
                    nav=nav,
                    base=base,
                    spec=resource.spec,
                    values=data,
                    errors=exc.errors,
                    message=exc.message,
                    action=base,
                )
            return redirect(base, "created")

        @get("/{row_id:int}")
        async def edit(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> Template:
            _, owner = _owner(owner_of, request)
            row = await resources.get_row(resource, owner, row_id)
            return render(
                request,
                "resource_form.html",
                title=f"修改{resource.label}",
                nav=nav,
                base=base,
                spec=resource.spec,
                values=show(row),
                errors={},
                action=f"{base}/{row_id}",
                delete_action=f"{base}/{row_id}/delete",
            )

        @post("/{row_id:int}")
        async def update(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> Template | Redirect:
            user, owner = _owner(owner_of, request)
            await resources.get_row(resource, owner, row_id)
            form = await request.form()
            data = resource.spec.form_values(form)
            try:
                await resources.update(resource, user, owner, row_id, data)
            except Invalid as exc:
                return render(
                    request,
                    "resource_form.html",
                    status=400,
                    title=f"修改{resource.label}",
                    nav=nav,
                    base=base,
                    spec=resource.spec,
                    values=data,
                    errors=exc.errors,
                    message=exc.message,
                    action=f"{base}/{row_id}",
                    delete_action=f"{base}/{row_id}/delete",
                )
            return redirect(base, "saved")

        @post("/{row_id:int}/delete")
        async def remove(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> Redirect:
            user, owner = _owner(owner_of, request)
            await resources.delete(resource, user, owner, row_id)
            return redirect(base, "deleted")

    Pages.__name__ = Pages.__qualname__ = f"{resource.name.title()}Pages"
    return Pages


def api_controller(
    resource: Resource,
    base: str,
    owner_of: OwnerOf,
    roles: tuple[str, ...],
    *,
    tag: str,
    view: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> type[Controller]:
    """JSON: list (masked), read, create, replace, delete."""
    show = view or (lambda row: row)
    fields = ", ".join(f"`{f.name}` ({f.label}{'' if f.required else '，选填'})" for f in resource.spec)

    class Api(Controller):
        path = base
        guards = [role(*roles), api_csrf]
        tags = [tag]

        @get("/", summary=f"列出{resource.label}（身份证号、电话已遮蔽）")
        async def index(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
            _, owner = _owner(owner_of, request)
            return [resources.masked(resource, show(r)) for r in await resources.list_rows(resource, owner)]

        @post("/", summary=f"添加{resource.label}", description=f"字段：{fields}", status_code=201)
        async def create(
            self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
        ) -> dict[str, Any]:
            user, owner = _owner(owner_of, request)
            return show(await resources.create(resource, user, owner, data))

        @get("/{row_id:int}", summary=f"查看{resource.label}")
        async def read(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> dict[str, Any]:
            _, owner = _owner(owner_of, request)
            return show(await resources.get_row(resource, owner, row_id))

        @put("/{row_id:int}", summary=f"修改{resource.label}", description=f"字段：{fields}")
        async def replace(
            self, request: Request[Any, Any, Any], row_id: FromPath[int], data: JSONBody[dict[str, Any]]
        ) -> dict[str, Any]:
            user, owner = _owner(owner_of, request)
            return show(await resources.update(resource, user, owner, row_id, data))

        @delete("/{row_id:int}", summary=f"删除{resource.label}", status_code=204)
        async def remove(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> None:
            user, owner = _owner(owner_of, request)
            await resources.delete(resource, user, owner, row_id)

    Api.__name__ = Api.__qualname__ = f"{resource.name.title()}Api"
    return Api


__all__ = ["api_controller", "page_controller"]
