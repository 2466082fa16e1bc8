"""The unit's registration pages (source 002 §4.4): ``/training/plans/{id}`` with the plan
read-only, the 报名人员 list (red marks for age and title, 已退回 with its reason), the
selected person's 报名资料 (``?r=<registration id>``) with 保存 / 报名 / 取消报名 / 删除, and
the 添加 picker of in-service staff. No 报名 or 添加 after the deadline (§7 问题八)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.web import redirect, render
from radrules_webshell.training.registrations import forms, queries, service
from radrules_webshell.training.shared.web import notice_of, unit


async def _page(
    request: Request[Any, Any, Any],
    inst: int,
    plan_id: int,
    selected: int | None,
    *,
    status: int = 200,
    message: str | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    warnings: list[dict[str, Any]] | None = None,
) -> Template:
    page = await queries.plan_page(inst, plan_id)
    current = next((r for r in page["registrations"] if r["id"] == selected), None)
    return render(
        request,
        "training/registration.html",
        status=status,
        nav="t_plans",
        **page,
        current=current,
        values=values or (current or {}),
        errors=errors or {},
        message=message,
        warnings=warnings or [],
        notice=notice_of(request),
    )


def _selected(request: Request[Any, Any, Any]) -> int | None:
    text = request.query_params.get("r", "")
    return row_id(int(text)) if text.isdigit() and len(text) < 11 else None


class RegistrationPages(Controller):
    path = "/training"
    guards = (role("institution"),)
    include_in_schema = False

    @get("/plans/{plan_id:int}")
    async def plan(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template:
        _, inst = unit(request)
        return await _page(request, inst, plan_id, _selected(request))

    @get("/plans/{plan_id:int}/add")
    async def picker(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template:
        _, inst = unit(request)
        name = request.query_params.get("name")
        page = await queries.plan_page(inst, plan_id)
        rows = await queries.candidates(inst, plan_id, name)
        return render(
            request,
            "training/registration_add.html",
            nav="t_plans",
            plan=page["plan"],
            open=page["open"],
            rows=rows,
            name=name or "",
        )

    @post("/plans/{plan_id:int}/add")
    async def add(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        user, inst = unit(request)
        form = await request.form()
        ids = [
            int(v) for v in form.getall("person_id", []) if isinstance(v, str) and v.isdigit() and len(v) < 11
        ]
        try:
            created = await service.add(user, inst, plan_id, ids)
        except WebError as exc:
            if exc.status == 404:
                raise
            return await _page(request, inst, plan_id, None, status=exc.status, message=exc.message)
        target = f"/training/plans/{plan_id}"
        return redirect(f"{target}?r={created[0]}&notice=added" if created else target)

    @post("/registrations/{registration_id:int}")
    async def save(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> Template | Redirect:
        """保存, or 报名 (``action=submit``): the form is saved first, then sent."""
        user, inst = unit(request)
        row = await service.reg_row(inst, registration_id)
        form = await request.form()
        values: dict[str, Any] = {}
        try:
            values = forms.parse(form, form=True)
            version = form.get("version")
            await service.save_info(
                user,
                inst,
                registration_id,
                values,
                int(version) if isinstance(version, str) and version.isdigit() else None,
            )
            if form.get("action") == "submit":
                await service.submit(user, inst, registration_id)
        except WebError as exc:
            if exc.status == 404:
                raise
            shown = _form_values(form)
            return await _page(
                request,
                inst,
                row["plan"],
                registration_id,
                status=exc.status,
                message=exc.message,
                errors=exc.errors,
                values=shown,
            )
        notice = "submitted" if form.get("action") == "submit" else "saved"
        return redirect(f"/training/plans/{row['plan']}?r={registration_id}&notice={notice}")

    @post("/registrations/{registration_id:int}/cancel")
    async def cancel(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> Template | Redirect:
        user, inst = unit(request)
        row = await service.reg_row(inst, registration_id)
        try:
            await service.cancel(user, inst, registration_id)
        except WebError as exc:
            if exc.status == 404:
                raise
            return await _page(
                request, inst, row["plan"], registration_id, status=exc.status, message=exc.message
            )
        return redirect(f"/training/plans/{row['plan']}?r={registration_id}&notice=cancelled")

    @post("/registrations/{registration_id:int}/delete")
    async def delete(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> Template | Redirect:
        user, inst = unit(request)
        row = await service.reg_row(inst, registration_id)
        try:
            await service.remove(user, inst, registration_id)
        except WebError as exc:
            if exc.status == 404:
                raise
            return await _page(
                request, inst, row["plan"], registration_id, status=exc.status, message=exc.message
            )
        return redirect(f"/training/plans/{row['plan']}", "deleted")


def _form_values(form: Any) -> dict[str, Any]:
    """What was typed, to show again beside the errors."""
    flag = form.get("needs_credit_certificate")
    return {
        "needs_credit_certificate": True if flag == "yes" else False if flag == "no" else None,
        "training_kind": form.get("training_kind"),
        "accommodation": form.get("accommodation"),
        "specialties": list(form.getall("specialties", [])),
        "recipient": {k: form.get(f"recipient.{k}") for k in forms.RECIPIENT_FIELDS},
    }
