"""Pages and API of a client user: its devices, workers and their monitoring assignments."""

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.clients import service
from radrules_webshell.clients.forms import ASSIGNMENT_FORM
from radrules_webshell.core.errors import Forbidden, Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.resource_routes import api_controller, page_controller
from radrules_webshell.core.resources import get_row
from radrules_webshell.core.web import redirect, render, user_of
from radrules_webshell.unit_warnings import queries as warning_queries


def own_client(user: Principal) -> int | None:
    return user.client_id if user.role == "client" else None


def _client_id(request: Request[Any, Any, Any]) -> tuple[Principal, int]:
    user = user_of(request)
    owner = own_client(user)
    if owner is None:
        raise Forbidden()
    return user, owner


DevicePages = page_controller(
    service.DEVICES, "/client/devices", own_client, ("client",), title="放射装置", nav="devices"
)
WorkerPages = page_controller(
    service.WORKERS,
    "/client/workers",
    own_client,
    ("client",),
    title="放射工作人员",
    nav="workers",
    row_links=(("监测机构", "/client/workers/{id}/assignments"),),
)
DeviceApi = api_controller(
    service.DEVICES, "/api/client/devices", own_client, ("client",), tag="放射诊疗单位"
)
WorkerApi = api_controller(
    service.WORKERS, "/api/client/workers", own_client, ("client",), tag="放射诊疗单位"
)


class ClientPages(Controller):
    path = "/client"
    guards = [role("client")]
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        _, client_id = _client_id(request)
        return render(
            request,
            "client/home.html",
            nav="home",
            client=await service.client(client_id),
            devices=len(await service.devices_for_pick(client_id)),
            warnings=await warning_queries.home_summary(client_id),
        )

    @get("/workers/{worker_id:int}/assignments")
    async def assignments(self, request: Request[Any, Any, Any], worker_id: FromPath[int]) -> Template:
        _, client_id = _client_id(request)
        return await _assignments_page(request, client_id, worker_id, {}, {})

    @post("/workers/{worker_id:int}/assignments")
    async def add(self, request: Request[Any, Any, Any], worker_id: FromPath[int]) -> Template | Redirect:
        user, client_id = _client_id(request)
        form = await request.form()
        data = ASSIGNMENT_FORM.form_values(form)
        try:
            await service.add_assignment(user, client_id, worker_id, data)
        except Invalid as exc:
            return await _assignments_page(request, client_id, worker_id, data, exc.errors, status=400)
        return redirect(f"/client/workers/{worker_id}/assignments", "created")

    @post("/workers/{worker_id:int}/assignments/{assignment_id:int}/delete")
    async def remove(
        self, request: Request[Any, Any, Any], worker_id: FromPath[int], assignment_id: FromPath[int]
    ) -> Redirect:
        user, client_id = _client_id(request)
        await service.remove_assignment(user, client_id, worker_id, assignment_id)
        return redirect(f"/client/workers/{worker_id}/assignments", "deleted")


async def _assignments_page(
    request: Request[Any, Any, Any],
    client_id: FromPath[int],
    worker_id: FromPath[int],
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Template:
    worker = await get_row(service.WORKERS, client_id, worker_id)
    rows = await service.assignments(client_id, worker_id)
    return render(
        request,
        "client/assignments.html",
        status=status,
        nav="workers",
        worker=worker,
        rows=rows,
        spec=ASSIGNMENT_FORM,
        values=values,
        errors=errors,
    )


class AssignmentApi(Controller):
    path = "/api/client/workers/{worker_id:int}/assignments"
    guards = [role("client"), api_csrf]
    tags = ["放射诊疗单位"]

    @get("/", summary="放射工作人员的个人剂量监测机构及监测期")
    async def index(self, request: Request[Any, Any, Any], worker_id: FromPath[int]) -> list[dict[str, Any]]:
        _, client_id = _client_id(request)
        return await service.assignments(client_id, worker_id)

    @post("/", summary="指定监测机构（institution_uscc, start, end）", status_code=201)
    async def add(
        self, request: Request[Any, Any, Any], worker_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, int]:
        user, client_id = _client_id(request)
        return {"id": await service.add_assignment(user, client_id, worker_id, data)}

    @delete("/{assignment_id:int}", summary="删除监测机构指定", status_code=204)
    async def remove(
        self, request: Request[Any, Any, Any], worker_id: FromPath[int], assignment_id: FromPath[int]
    ) -> None:
        user, client_id = _client_id(request)
        await service.remove_assignment(user, client_id, worker_id, assignment_id)
