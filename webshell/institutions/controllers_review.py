"""Pages and API of the reviewer's side of the qualification declaration (资质审核, source 000
§4: the provincial reviewer approves a submitted declaration or returns it with a reason)."""

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core import resources
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, user_of
from radrules_webshell.institutions import documents, service
from radrules_webshell.institutions.controllers import ReasonIn
from radrules_webshell.institutions.forms import SCOPE_LABELS
from radrules_webshell.registrations import states

from radrules import QualificationStatus


def _declaration_row(row: dict[str, Any]) -> dict[str, Any]:
    return row | {"status_label": states.label(row["status"]), "scope": documents.scope_of(row)}


class ReviewQualificationPages(Controller):
    path = "/review/qualifications"
    guards = [role("reviewer", "admin")]
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], status: FromQuery[str | None] = "submitted"
    ) -> Template:
        rows = [_declaration_row(r) for r in await service.review_list(status or None)]
        return render(
            request, "review/qualifications.html", rows=rows, status_filter=status or "", nav="review_q"
        )

    @get("/{declaration_id:int}")
    async def show(self, request: Request[Any, Any, Any], declaration_id: FromPath[int]) -> Template:
        return render(
            request,
            "review/qualification.html",
            nav="review_q",
            errors={},
            **await _review_context(declaration_id),
        )

    @post("/{declaration_id:int}/approve")
    async def approve(self, request: Request[Any, Any, Any], declaration_id: FromPath[int]) -> Redirect:
        await service.approve(user_of(request), declaration_id)
        return redirect(f"/review/qualifications/{declaration_id}", "approved")

    @post("/{declaration_id:int}/return")
    async def return_(
        self, request: Request[Any, Any, Any], declaration_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await service.return_(user_of(request), declaration_id, str(form.get("reason") or ""))
        except Invalid as exc:
            return render(
                request,
                "review/qualification.html",
                status=400,
                nav="review_q",
                errors=exc.errors,
                **await _review_context(declaration_id),
            )
        return redirect(f"/review/qualifications/{declaration_id}", "returned")


async def _review_context(declaration_id: FromPath[int]) -> dict[str, Any]:
    decl = await service.declaration_by_id(declaration_id)
    inst_id = decl["institution"]
    staff = [
        resources.masked(service.STAFF, service.staff_view(r))
        for r in await resources.list_rows(service.STAFF, inst_id)
    ]
    return {
        "declaration": _declaration_row(decl),
        "institution": await service.institution(inst_id),
        "staff": staff,
        "instruments": await resources.list_rows(service.INSTRUMENTS, inst_id),
        "attachments": await service.attachments(inst_id),
        "scope_labels": SCOPE_LABELS,
        "certificate_status_labels": {q.value: q.label for q in QualificationStatus},
        # the rules' errors and warnings (a lapsed calibration) for the reviewer to weigh
        "findings": await service.declaration_findings(inst_id),
    }


class ReviewQualificationApi(Controller):
    path = "/api/review/qualifications"
    guards = [role("reviewer", "admin"), api_csrf]
    tags = ["审核"]

    @get("/", summary="资质申报列表")
    async def index(self, status: FromQuery[str | None] = None) -> list[dict[str, Any]]:
        return [_declaration_row(r) for r in await service.review_list(status)]

    @get("/{declaration_id:int}", summary="资质申报详情（人员身份证号已遮蔽）")
    async def show(self, declaration_id: FromPath[int]) -> dict[str, Any]:
        return await _review_context(declaration_id)

    @post("/{declaration_id:int}/approve", summary="审核通过", status_code=200)
    async def approve(self, request: Request[Any, Any, Any], declaration_id: FromPath[int]) -> dict[str, str]:
        await service.approve(user_of(request), declaration_id)
        return {"status": "approved"}

    @post("/{declaration_id:int}/return", summary="退回（须填写原因）", status_code=200)
    async def return_(
        self, request: Request[Any, Any, Any], declaration_id: FromPath[int], data: JSONBody[ReasonIn]
    ) -> dict[str, str]:
        await service.return_(user_of(request), declaration_id, data.reason)
        return {"status": "returned"}
