"""Pages and API of an institution: qualification declaration, staff, instruments, clients to
pick from (source 000 §4, §5.1.1, §5.2.2.2). The reviewer's side of the declaration is
:mod:`.controllers_review`."""

from datetime import date
from typing import Any

import attrs
from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Forbidden, WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.resource_routes import api_controller, page_controller
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.institutions import documents, service
from radrules_webshell.institutions.forms import BASIC_FORM, CERTIFICATE_FORM, SCOPE_LABELS
from radrules_webshell.registrations import states

from radrules import QualificationStatus


def own_institution(user: Principal) -> int | None:
    return user.institution_id if user.role == "institution" else None


def _institution_id(request: Request[Any, Any, Any]) -> tuple[Principal, int]:
    user = user_of(request)
    owner = own_institution(user)
    if owner is None:
        raise Forbidden()
    return user, owner


StaffPages = page_controller(
    service.STAFF,
    "/institution/staff",
    own_institution,
    ("institution",),
    title="人员信息",
    nav="staff",
    view=service.staff_view,
    extra_columns=(("sex_label", "性别"), ("birth_month", "出生年月")),
)
InstrumentPages = page_controller(
    service.INSTRUMENTS,
    "/institution/instruments",
    own_institution,
    ("institution",),
    title="仪器信息",
    nav="instruments",
)
StaffApi = api_controller(
    service.STAFF,
    "/api/institution/staff",
    own_institution,
    ("institution",),
    tag="资质申报",
    view=service.staff_view,
)
InstrumentApi = api_controller(
    service.INSTRUMENTS, "/api/institution/instruments", own_institution, ("institution",), tag="资质申报"
)


async def _declaration_context(institution_id: FromPath[int]) -> dict[str, Any]:
    inst = await service.institution(institution_id)
    decl = await service.declaration(institution_id)
    return {
        "institution": inst,
        "declaration": decl,
        "status_label": states.label(decl["status"]),
        "scope": documents.scope_of(decl),
        "scope_labels": SCOPE_LABELS,
        "editable": decl["status"] in service.EDITABLE,
        "attachments": await service.attachments(institution_id),
        "missing": await service.missing_for_submission(institution_id),
        "findings": await service.declaration_findings(institution_id),
        "certificate_status_labels": {q.value: q.label for q in QualificationStatus},
    }


def _form_values(ctx: dict[str, Any]) -> dict[str, Any]:
    values = {f.name: ctx["institution"].get(f.name) for f in BASIC_FORM}
    values |= {f.name: ctx["declaration"].get(f.name) for f in CERTIFICATE_FORM}
    values["service_scope"] = ctx["scope"]
    if not values.get("certificate_no"):
        values["certificate_no"] = "苏卫职技字[]第号"  # the platform's default text (source 000 §4.1.2)
    return values


class InstitutionPages(Controller):
    path = "/institution"
    guards = [role("institution")]
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        _, inst_id = _institution_id(request)
        return render(request, "institution/home.html", nav="home", **await _declaration_context(inst_id))

    @get("/qualification")
    async def qualification(self, request: Request[Any, Any, Any]) -> Template:
        _, inst_id = _institution_id(request)
        ctx = await _declaration_context(inst_id)
        return render(
            request,
            "institution/qualification.html",
            nav="qualification",
            values=_form_values(ctx),
            errors={},
            basic=BASIC_FORM,
            certificate=CERTIFICATE_FORM,
            **ctx,
        )

    @post("/qualification")
    async def save(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, inst_id = _institution_id(request)
        form = await request.form()
        data = BASIC_FORM.form_values(form) | CERTIFICATE_FORM.form_values(form)
        try:
            await service.save_basic(user, inst_id, data)
        except WebError as exc:
            ctx = await _declaration_context(inst_id)
            return render(
                request,
                "institution/qualification.html",
                status=exc.status,
                nav="qualification",
                values=data,
                errors=exc.errors,
                message=exc.message,
                basic=BASIC_FORM,
                certificate=CERTIFICATE_FORM,
                **ctx,
            )
        return redirect("/institution/qualification", "saved")

    @post("/qualification/submit")
    async def submit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, inst_id = _institution_id(request)
        try:
            await service.submit(user, inst_id)
        except WebError as exc:
            ctx = await _declaration_context(inst_id)
            return render(
                request,
                "institution/qualification.html",
                status=exc.status,
                nav="qualification",
                values=_form_values(ctx),
                errors=exc.errors,
                message=exc.message,
                basic=BASIC_FORM,
                certificate=CERTIFICATE_FORM,
                **ctx,
            )
        return redirect("/institution/qualification", "submitted")

    @post("/qualification/reopen")
    async def reopen(self, request: Request[Any, Any, Any]) -> Redirect:
        user, inst_id = _institution_id(request)
        await service.reopen(user, inst_id)
        return redirect("/institution/qualification", "reopened")

    @post("/qualification/attachments", opt={"upload_files": 1})
    async def attach(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user, inst_id = _institution_id(request)
        form = await request.form()
        try:
            await service.add_attachment(user, inst_id, form.get("file"), settings_of(request))
        except WebError as exc:
            ctx = await _declaration_context(inst_id)
            return render(
                request,
                "institution/qualification.html",
                status=exc.status,
                nav="qualification",
                values=_form_values(ctx),
                errors=exc.errors,
                message=exc.message,
                basic=BASIC_FORM,
                certificate=CERTIFICATE_FORM,
                **ctx,
            )
        return redirect("/institution/qualification", "created")

    @post("/qualification/attachments/{upload_id:int}/delete")
    async def detach(self, request: Request[Any, Any, Any], upload_id: FromPath[int]) -> Redirect:
        user, inst_id = _institution_id(request)
        await service.remove_attachment(user, inst_id, upload_id, settings_of(request))
        return redirect("/institution/qualification", "deleted")

    @get("/clients")
    async def clients(self, request: Request[Any, Any, Any], q: FromQuery[str | None] = None) -> Template:
        _institution_id(request)
        rows = await clients.search_clients(q or "")
        return render(request, "institution/clients.html", nav="clients", rows=rows, q=q or "")

    @get("/clients/{client_id:int}")
    async def client(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> Template:
        _, inst_id = _institution_id(request)
        row = await clients.client(client_id)
        devices = await clients.devices_for_pick(client_id)
        workers = [
            {**w, "id_number": mask_id_number(w["id_number"])}
            for w in await clients.workers_for_pick(client_id, inst_id, clock.today())
        ]
        return render(
            request, "institution/client.html", nav="clients", client=row, devices=devices, workers=workers
        )


@attrs.define
class DeclarationOut:
    status: str
    status_label: str
    institution: dict[str, Any]
    declaration: dict[str, Any]
    service_scope: list[str]
    attachments: list[dict[str, Any]]
    missing: list[str]
    #: the rules' findings: ``field`` (basic information) or ``part``/``row_id``/``column``
    findings: list[dict[str, Any]]


async def _declaration_out(inst_id: int) -> DeclarationOut:
    ctx = await _declaration_context(inst_id)
    return DeclarationOut(
        status=ctx["declaration"]["status"],
        status_label=ctx["status_label"],
        institution=ctx["institution"],
        declaration=ctx["declaration"],
        service_scope=ctx["scope"],
        attachments=ctx["attachments"],
        missing=ctx["missing"],
        findings=ctx["findings"],
    )


class InstitutionApi(Controller):
    path = "/api/institution"
    guards = [role("institution"), api_csrf]
    tags = ["资质申报"]

    @get("/qualification", summary="资质申报：基本信息、证书、附件、待填项")
    async def qualification(self, request: Request[Any, Any, Any]) -> DeclarationOut:
        _, inst_id = _institution_id(request)
        return await _declaration_out(inst_id)

    @put(
        "/qualification",
        summary="保存基本信息和证书信息",
        description="字段："
        + "、".join(f"`{f.name}`（{f.label}）" for f in (*BASIC_FORM, *CERTIFICATE_FORM)),
    )
    async def save(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> DeclarationOut:
        user, inst_id = _institution_id(request)
        await service.save_basic(user, inst_id, data)
        return await _declaration_out(inst_id)

    @post("/qualification/submit", summary="提交资质申报", status_code=200)
    async def submit(self, request: Request[Any, Any, Any]) -> dict[str, str]:
        user, inst_id = _institution_id(request)
        await service.submit(user, inst_id)
        return {"status": "submitted"}

    @post("/qualification/reopen", summary="变更申报（审核通过后转回草稿）", status_code=200)
    async def reopen(self, request: Request[Any, Any, Any]) -> dict[str, str]:
        user, inst_id = _institution_id(request)
        await service.reopen(user, inst_id)
        return {"status": "draft"}

    @post(
        "/qualification/attachments",
        summary="上传资质附件（multipart，字段 file）",
        status_code=201,
        opt={"upload_files": 1},
    )
    async def attach(self, request: Request[Any, Any, Any]) -> dict[str, int]:
        user, inst_id = _institution_id(request)
        form = await request.form()
        return {"id": await service.add_attachment(user, inst_id, form.get("file"), settings_of(request))}

    @delete("/qualification/attachments/{upload_id:int}", summary="删除资质附件", status_code=204)
    async def detach(self, request: Request[Any, Any, Any], upload_id: FromPath[int]) -> None:
        user, inst_id = _institution_id(request)
        await service.remove_attachment(user, inst_id, upload_id, settings_of(request))

    @get("/clients", summary="查找委托单位（名称模糊或信用代码）")
    async def clients(
        self, request: Request[Any, Any, Any], q: FromQuery[str | None] = None
    ) -> list[dict[str, Any]]:
        _institution_id(request)
        return await clients.search_clients(q or "")

    @get("/clients/{client_id:int}/devices", summary="委托单位的放射装置（只读，供选择）")
    async def devices(
        self, request: Request[Any, Any, Any], client_id: FromPath[int]
    ) -> list[dict[str, Any]]:
        _institution_id(request)
        return await clients.devices_for_pick(client_id)

    @get("/clients/{client_id:int}/workers", summary="委托单位指定本机构监测的放射工作人员（只读，供选择）")
    async def workers(
        self, request: Request[Any, Any, Any], client_id: FromPath[int], on: FromQuery[date | None] = None
    ) -> list[dict[str, Any]]:
        _, inst_id = _institution_id(request)
        rows = await clients.workers_for_pick(client_id, inst_id, on or clock.today())
        # a list: ID numbers masked; a filing refers to the worker by id and the server fills it in
        return [w | {"id_number": mask_id_number(w["id_number"])} for w in rows]


@attrs.define
class ReasonIn:
    """The body of a reviewer's 退回 (:mod:`.controllers_review`). It stays in this module so
    that its OpenAPI component keeps the name ``institutions_controllers_ReasonIn``."""

    reason: str
