"""Certificate routes (source 002 §6.4 证书下载; issue 13 “Certificates”): the unit's PDF
download, the CDC's list (and xlsx), PDF and 撤销, and the public ``/training/verify``."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, settings_of
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.certificates import files, queries, service, verify
from radrules_webshell.training.shared.scope import CDC_ROLES
from radrules_webshell.training.shared.web import cdc, notice_of, unit, xlsx

_PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
COLUMNS = (
    ("证书编号", 24),
    ("姓名", 10),
    ("身份证号", 21),
    ("单位", 30),
    ("培训班名称", 34),
    ("期次", 8),
    ("合格专业类别", 40),
    ("发证日期", 12),
    ("状态", 8),
)


async def _pdf(request: Request[Any, Any, Any], row: dict[str, Any]) -> Response[bytes]:
    settings = settings_of(request)
    data = await files.pdf(row, settings, files.verification_base(settings, str(request.base_url)))
    return Response(
        data,
        media_type="application/pdf",
        headers={
            **_PRIVATE,
            "Content-Disposition": f'attachment; filename="certificate-{row["number"]}.pdf"',
        },
    )


class UnitCertificateRoutes(Controller):
    path = "/training/certificates"
    guards = (role("institution"),)
    include_in_schema = False

    @get("/{certificate_id:int}/pdf")
    async def pdf(self, request: Request[Any, Any, Any], certificate_id: FromPath[int]) -> Response[bytes]:
        _, inst = unit(request)
        return await _pdf(request, await files.unit_certificate(inst, certificate_id))


class UnitCertificateApi(Controller):
    path = "/api/training/certificates"
    guards = (role("institution"), api_csrf)
    tags = ("集体成绩查询",)

    @get("/{certificate_id:int}/pdf", summary="证书下载（PDF，二维码可公开核验）")
    async def pdf(self, request: Request[Any, Any, Any], certificate_id: FromPath[int]) -> Response[bytes]:
        _, inst = unit(request)
        return await _pdf(request, await files.unit_certificate(inst, certificate_id))


async def _revoke(user: Any, certificate_id: int, reason: Any) -> None:
    await files.cdc_certificate(user, certificate_id)  # another province's: 404 first
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid("撤销证书须填写原因", errors={"reason": "必填"})
    if len(reason) > 500:
        raise Invalid(errors={"reason": "不能超过500个字"})
    async with atomic():
        row = await files.cdc_certificate(user, certificate_id)
        if row["status"] == "revoked":
            from radrules_webshell.core.errors import Conflict

            raise Conflict(f"证书 {row['number']} 已撤销")
        await service.revoke(user, row, reason.strip(), clock.today())


class CdcCertificatePages(Controller):
    path = "/cdc/training/certificates"
    guards = (role(*CDC_ROLES),)
    include_in_schema = False

    def _filters(self, q: Any) -> dict[str, Any]:
        plan = q.get("plan_id") or ""
        return {
            "number": q.get("number"),
            "name": q.get("name"),
            "status": q.get("status"),
            "plan_id": int(plan) if plan.isdigit() and len(plan) < 10 else None,
        }

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        user, _ = cdc(request)
        q = request.query_params
        rows = await queries.cdc_list(user, **self._filters(q))
        return render(
            request,
            "training/cdc_certificates.html",
            nav="c_certificates",
            rows=rows,
            q=dict(q),
            notice=notice_of(request),
        )

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        user, _ = cdc(request)
        rows = await queries.cdc_list(user, **self._filters(request.query_params))
        return await xlsx(
            "培训合格证书.xlsx",
            "培训合格证书",
            COLUMNS,
            (
                [
                    r["number"],
                    r["name"],
                    r["id_number"],
                    r["unit_name"],
                    r["plan_name"],
                    r["session"],
                    "、".join(r["specialties"]) or "——",
                    r["issued_on"],
                    r["status_label"],
                ]
                for r in rows
            ),
        )

    @get("/{certificate_id:int}/pdf")
    async def pdf(self, request: Request[Any, Any, Any], certificate_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        return await _pdf(request, await files.cdc_certificate(user, certificate_id))

    @post("/{certificate_id:int}/revoke")
    async def revoke(self, request: Request[Any, Any, Any], certificate_id: FromPath[int]) -> Redirect:
        user, _ = cdc(request)
        await _revoke(user, certificate_id, (await request.form()).get("reason"))
        return redirect("/cdc/training/certificates", "revoked")


class CdcCertificateApi(Controller):
    path = "/api/cdc/training/certificates"
    guards = (role(*CDC_ROLES), api_csrf)
    tags = ("成绩与证书（省疾控）",)

    @get("/", summary="本省培训合格证书（number、name、status、plan_id 筛选）")
    async def index(
        self,
        request: Request[Any, Any, Any],
        number: FromQuery[str | None] = None,
        name: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        plan_id: FromQuery[int | None] = None,
    ) -> list[dict[str, Any]]:
        user, _ = cdc(request)
        return await queries.cdc_list(user, number=number, name=name, status=status, plan_id=plan_id)

    @get("/{certificate_id:int}/pdf", summary="证书PDF")
    async def pdf(self, request: Request[Any, Any, Any], certificate_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        return await _pdf(request, await files.cdc_certificate(user, certificate_id))

    @post(
        "/{certificate_id:int}/revoke", summary='撤销证书（{"reason"}；核验页面显示已撤销）', status_code=200
    )
    async def revoke(
        self, request: Request[Any, Any, Any], certificate_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, str]:
        user, _ = cdc(request)
        await _revoke(user, certificate_id, data.get("reason"))
        return {"status": "revoked"}


class CertificateVerifyPages(Controller):
    path = "/training/verify"
    include_in_schema = False

    @get("/")
    async def verify(self, request: Request[Any, Any, Any]) -> Template:
        query = request.url.query or ""
        if not query:
            return render(request, "training/verify.html", verdict=None)
        verdict = await verify.verify(query, settings_of(request))
        return render(request, "training/verify.html", status=verdict.status_code, verdict=verdict)

    @get("/{rest:path}")
    async def anything_else(self, request: Request[Any, Any, Any], rest: FromPath[str]) -> Template:  # noqa: ARG002
        verdict = verify.invalid("二维码地址格式不正确")
        return render(request, "training/verify.html", status=404, verdict=verdict)
