"""Page and JSON routes for a :class:`Resource`, generated once per resource.

This module deliberately does not use postponed annotations: Litestar reads the handler
signatures, which are built inside a factory, at import time.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
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


@attrs.frozen(kw_only=True)
class _ResourcePages:
    """The steps of one resource's pages (list, new, create, edit, update, delete); the
    controller that :func:`page_controller` builds routes each request to one of them."""

    resource: Resource
    base: str
    owner_of: OwnerOf
    title: str
    nav: str
    columns: tuple[tuple[str, str], ...]
    show: Callable[[dict[str, Any]], dict[str, Any]]
    row_links: tuple[tuple[str, str], ...]

    def _form(
        self,
        request: Request[Any, Any, Any],
        *,
        row_id: int | None,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str | None = None,
        status: int = 200,
    ) -> Template:
        """The add form (``row_id`` None) or the edit form of a row."""
        editing = row_id is not None
        return render(
            request,
            "resource_form.html",
            status=status,
            title=f"{'修改' if editing else '添加'}{self.resource.label}",
            nav=self.nav,
            base=self.base,
            spec=self.resource.spec,
            values=values,
            errors=errors,
            message=message,
            action=f"{self.base}/{row_id}" if editing else self.base,
            delete_action=f"{self.base}/{row_id}/delete" if editing else None,
        )

    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, owner = _owner(self.owner_of, request)
        rows = await resources.list_rows(self.resource, owner)
        return render(
            request,
            "resource_list.html",
            title=self.title,
            nav=self.nav,
            base=self.base,
            resource=self.resource,
            row_links=self.row_links,
            rows=[resources.masked(self.resource, self.show(r)) for r in rows],
            columns=self.columns,
        )

    async def new(self, request: Request[Any, Any, Any]) -> Template:
        _owner(self.owner_of, request)
        return self._form(request, row_id=None, values={"selected": True}, errors={})

    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, owner = _owner(self.owner_of, request)
        data = self.resource.spec.form_values(await request.form())
        try:
            await resources.create(self.resource, user, owner, data)
        except Invalid as exc:
            return self._form(
                request, row_id=None, values=data, errors=exc.errors, message=exc.message, status=400
            )
        return redirect(self.base, "created")

    async def edit(self, request: Request[Any, Any, Any], row_id: int) -> Template:
        _, owner = _owner(self.owner_of, request)
        row = await resources.get_row(self.resource, owner, row_id)
        return self._form(request, row_id=row_id, values=self.show(row), errors={})

    async def update(self, request: Request[Any, Any, Any], row_id: int) -> Template | Redirect:
        user, owner = _owner(self.owner_of, request)
        await resources.get_row(self.resource, owner, row_id)
        data = self.resource.spec.form_values(await request.form())
        try:
            await resources.update(self.resource, user, owner, row_id, data)
        except Invalid as exc:
            return self._form(
                request, row_id=row_id, values=data, errors=exc.errors, message=exc.message, status=400
            )
        return redirect(self.base, "saved")

    async def remove(self, request: Request[Any, Any, Any], row_id: int) -> Redirect:
        user, owner = _owner(self.owner_of, request)
        await resources.delete(self.resource, user, owner, row_id)
        return redirect(self.base, "deleted")


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
    pages = _ResourcePages(
        resource=resource,
        base=base,
        owner_of=owner_of,
        title=title,
        nav=nav,
        columns=tuple((name, labels[name]) for name in resource.list_fields) + extra_columns,
        show=view or (lambda row: row),
        row_links=row_links,
    )

    class Pages(Controller):
        path = base
        guards = [role(*roles)]
        include_in_schema = False

        @get("/")
        async def index(self, request: Request[Any, Any, Any]) -> Template:
            return await pages.index(request)

        @get("/new")
        async def new(self, request: Request[Any, Any, Any]) -> Template:
            return await pages.new(request)

        @post("/")
        async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
            return await pages.create(request)

        @get("/{row_id:int}")
        async def edit(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> Template:
            return await pages.edit(request, row_id)

        @post("/{row_id:int}")
        async def update(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> Template | Redirect:
            return await pages.update(request, row_id)

        @post("/{row_id:int}/delete")
        async def remove(self, request: Request[Any, Any, Any], row_id: FromPath[int]) -> Redirect:
            return await pages.remove(request, row_id)

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
