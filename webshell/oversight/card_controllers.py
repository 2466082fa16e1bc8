"""Pages and API of the regulator side of the filing flow (source 000 §5.4; source 003 五):
the card query with details and export, the overdue list, the province's summaries, and
the reviewer's return of a card. Regulators read; only the reviewer role writes (退回).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import anyio.to_thread
import attrs
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import File, Redirect, Template
from radrules_webshell.core import divisions
from radrules_webshell.core.errors import Invalid, NotFound

try:
    from litestar.params import QueryParameter

    # ``scope`` is a name Litestar reserves for the ASGI scope: the parameter is renamed
    ScopeParam = Annotated[str | None, QueryParameter(name="scope")]
except ImportError:  # Litestar before 2.24
    from litestar.params import Parameter

    ScopeParam = Annotated[str | None, Parameter(query="scope")]  # type: ignore[misc, assignment]
from radrules_webshell.core import clock
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.filings.cards import files as card_files
from radrules_webshell.oversight import cards, overdue, returns, summaries
from radrules_webshell.oversight.service import prefix_of
from radrules_webshell.uploads import service as uploads
from radrules_webshell.verify.secret import verification_base

from radrules import Duty, FilingStatus, ServiceField
from radrules.documents.exports import CARD_COLUMNS
from radrules.documents.tables import Table, write_xlsx
from radrules.errors import TableError

READERS = ("regulator", "reviewer", "admin")
REVIEWERS = ("reviewer", "admin")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DUTIES = {d.value: d.label for d in Duty}
FILTER_NAMES = ("region", "institution", "client", "service_field", "issued_from", "issued_to", "status")


def _params(request: Request[Any, Any, Any]) -> dict[str, str]:
    params = {k: str(v) for k, v in request.query_params.items()}
    # 报告单位地区 from the page's picker (region__1 … region__4), or as a code (the API, links)
    params["region"] = divisions.read(params.get, "region") or ""
    return params


def _given(**values: str | None) -> dict[str, str]:
    return {k: v for k, v in values.items() if v is not None}


def download(content: bytes, filename: str, media_type: str = XLSX) -> Response[bytes]:
    """A file download; the Chinese name goes in ``filename*`` (RFC 6266), an ASCII one beside it."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store",
        },
    )


async def export_xlsx(request: Request[Any, Any, Any], query: cards.CardQuery) -> bytes:
    """The whole filtered result as a workbook, written off the event loop."""
    rows = await cards.export_rows(user_of(request), query)
    table = Table(
        sheet="报送卡",
        title="放射卫生技术服务信息报送卡查询结果",
        columns=CARD_COLUMNS,
        rows=rows,
        borders=False,
    )

    def write() -> bytes:
        import io

        buffer = io.BytesIO()
        write_xlsx([table], buffer)
        return buffer.getvalue()

    try:
        return await anyio.to_thread.run_sync(write)
    except TableError as exc:  # more rows than one Excel sheet holds
        raise Invalid(f"{exc}；请缩小查询范围（如按年度或地区）后分批导出") from None


def _as_of(value: str | None) -> date:
    if not value:
        return clock.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid("查询条件有误", errors={"as_of": "日期格式应为 YYYY-MM-DD"}) from None


def _filter_choices() -> dict[str, Any]:
    return {
        "service_fields": [(f.value, f.label) for f in ServiceField],
        "statuses": [(s.value, s.label) for s in FilingStatus],
    }


class OversightCardPages(Controller):
    path = "/oversight"
    guards = [role(*READERS)]  # noqa: RUF012 - Litestar reads it as a class attribute
    include_in_schema = False

    @get("/cards")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        params = _params(request)
        form = {k: params.get(k, "") for k in FILTER_NAMES}
        try:
            query = cards.parse_query(params)
            page, size = cards.parse_page(params)
        except Invalid as exc:
            return render(
                request,
                "oversight/cards.html",
                status=400,
                nav="o_cards",
                form=form,
                errors=exc.errors,
                result=None,
                **_filter_choices(),
            )
        result = await cards.search(user_of(request), query, page=page, size=size)
        link = urlencode(query.params())
        return render(
            request,
            "oversight/cards.html",
            nav="o_cards",
            form=form,
            errors={},
            result=result,
            link=link,
            **_filter_choices(),
        )

    @get("/cards.xlsx")
    async def export(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        query = cards.parse_query(_params(request))
        return download(await export_xlsx(request, query), f"报送卡查询结果-{clock.today().isoformat()}.xlsx")

    @get("/cards/{card_id:int}")
    async def show(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template:
        card = await cards.detail(user_of(request), card_id)
        return render(request, "oversight/card.html", nav="o_cards", card=card, errors={}, duties=DUTIES)

    @get("/cards/{card_id:int}/card.pdf")
    async def pdf(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Response[bytes]:
        """The card as printed, for a card within the reader's area (as the institution sees it)."""
        row = await cards.card_row(user_of(request), card_id)
        base = verification_base(settings_of(request), str(request.base_url))
        code, pdf = await card_files.pdf_of_row(row, settings_of(request), base)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f"inline; filename=\"card.pdf\"; filename*=UTF-8''{quote(code)}.pdf",
                "Cache-Control": "private, no-store",
            },
        )

    @get("/cards/{card_id:int}/attachments/{attachment_id:int}")
    async def attachment(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], attachment_id: FromPath[int]
    ) -> File:
        """A stamped copy of a card within the reader's area (source 000 §5.3.4 第八步)."""
        await cards.card_row(user_of(request), card_id)
        found = [a for a in await card_files.attachment_rows(card_id) if a["id"] == attachment_id]
        if not found:
            raise NotFound("附件不存在")
        return uploads.file_response(
            found[0]["stored_name"],
            found[0]["filename"],
            "application/pdf",
            settings_of(request),
            missing="附件不存在",
        )

    @post("/cards/{card_id:int}/return", guards=[role(*REVIEWERS)])
    async def return_(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        version = str(form.get("version") or "")
        try:
            await returns.return_to_institution(
                user_of(request),
                card_id,
                str(form.get("reason") or ""),
                version=int(version) if version.isdigit() else None,
            )
        except Invalid as exc:
            card = await cards.detail(user_of(request), card_id)
            return render(
                request,
                "oversight/card.html",
                status=400,
                nav="o_cards",
                card=card,
                errors=exc.errors,
                duties=DUTIES,
            )
        return redirect(f"/oversight/cards/{card_id}", "returned")

    @get("/overdue")
    async def overdue(self, request: Request[Any, Any, Any], as_of: FromQuery[str | None] = None) -> Template:
        result = await overdue.overdue(user_of(request), as_of=_as_of(as_of))
        return render(request, "oversight/overdue.html", nav="o_overdue", result=result)

    @get("/summaries")
    async def summaries(self, request: Request[Any, Any, Any]) -> Template:
        user = user_of(request)
        params = _params(request)
        own = prefix_of(user)[:2]
        province = params.get("province") or own or "22"
        context: dict[str, Any] = {
            "form": {k: params.get(k, "") for k in ("scope", "period", "institution")}
            | {"province": province},
            "institutions": await summaries.institutions_with_cards(user, province),
            "scopes": summaries.SCOPES,
            "errors": {},
            "summary": None,
            "link": "",
        }
        if params.get("period"):
            try:
                built = await summaries.build(user, summaries.parse_request(user, params))
            except Invalid as exc:
                return render(
                    request,
                    "oversight/summaries.html",
                    status=400,
                    nav="o_summaries",
                    **context | {"errors": exc.errors},
                )
            context["summary"] = summaries.as_json(built)
            context["link"] = urlencode(
                {k: v for k, v in params.items() if k in ("scope", "period", "institution", "province")}
            )
        return render(request, "oversight/summaries.html", nav="o_summaries", **context)

    @get("/summaries.xlsx")
    async def summary_xlsx(self, request: Request[Any, Any, Any]) -> Response[bytes] | Redirect:
        user = user_of(request)
        params = _params(request)
        if not params.get("period"):
            return redirect("/oversight/summaries")  # nothing chosen yet: the form
        wanted = summaries.parse_request(user, params)
        built = await summaries.build(user, wanted)
        content = await anyio.to_thread.run_sync(summaries.xlsx, built)
        return download(content, f"{built.title}.xlsx")


@attrs.define
class ReturnIn:
    reason: str
    #: The card version the reviewer saw; a card changed since is refused (409).
    version: int | None = None


class OversightCardApi(Controller):
    path = "/api/oversight"
    guards = [role(*READERS), api_csrf]  # noqa: RUF012
    tags = ["监管查询"]  # noqa: RUF012

    @get("/cards", summary="报送卡查询（辖区内；按报告年度升序，分页）")
    async def index(
        self,
        request: Request[Any, Any, Any],
        region: FromQuery[str | None] = None,
        institution: FromQuery[str | None] = None,
        client: FromQuery[str | None] = None,
        service_field: FromQuery[str | None] = None,
        issued_from: FromQuery[str | None] = None,
        issued_to: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        page: FromQuery[str | None] = None,
        page_size: FromQuery[str | None] = None,
    ) -> dict[str, Any]:
        params = _given(
            region=region,
            institution=institution,
            client=client,
            service_field=service_field,
            issued_from=issued_from,
            issued_to=issued_to,
            status=status,
            page=page,
            page_size=page_size,
        )
        query = cards.parse_query(params)
        number, size = cards.parse_page(params)
        return await cards.search(user_of(request), query, page=number, size=size)

    @get("/cards/{card_id:int}", summary="报送卡详情（身份证号已遮蔽）")
    async def show(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> dict[str, Any]:
        return await cards.detail(user_of(request), card_id)

    @post(
        "/cards/{card_id:int}/return",
        summary="退回报送卡（省级审核；须填写原因）",
        status_code=200,
        guards=[role(*REVIEWERS)],
    )
    async def return_(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[ReturnIn]
    ) -> dict[str, Any]:
        return await returns.return_to_institution(
            user_of(request), card_id, data.reason, version=data.version
        )

    @get("/overdue", summary="逾期未报送和逾期报送的报送卡（按省份的报送期限）")
    async def overdue(
        self, request: Request[Any, Any, Any], as_of: FromQuery[str | None] = None
    ) -> dict[str, Any]:
        return await overdue.overdue(user_of(request), as_of=_as_of(as_of))

    @get("/summaries", summary="省份规定的汇总（如吉林省机构半年汇总、全省年度汇总）")
    async def summaries(
        self,
        request: Request[Any, Any, Any],
        summary_scope: ScopeParam = None,
        period: FromQuery[str | None] = None,
        province: FromQuery[str | None] = None,
        institution: FromQuery[str | None] = None,
    ) -> dict[str, Any]:
        user = user_of(request)
        params = _given(scope=summary_scope, period=period, province=province, institution=institution)
        built = await summaries.build(user, summaries.parse_request(user, params))
        return summaries.as_json(built)
