"""What the pages of device-test and dose reports do alike (source 000 §5.1.2.2, §5.2.2.2):
picking the client (委托单位选择框, §5.1.2.2 3 and §5.2.2.2 3: fuzzy search by name, single
choice), the basic-information form (新增, 保存) and the buttons 提交, 撤回 and 删除.

Each report kind's ``controllers_pages.py`` keeps its own thin route methods (Litestar routes
belong to a controller) and calls these with its :class:`ReportPages`: the report kind, the pages' base
URL and navigation key, and the module's renderer of a report's page, which shows a refusal
or a notice on the report itself.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

import attrs
from litestar import Request
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, NotFound, WebError
from radrules_webshell.core.web import redirect, render
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.controllers import institution_of
from radrules_webshell.filings.reports.findings import Refused
from radrules_webshell.filings.reports.forms import basic_body, basic_values, client_errors

from radrules import unstructure


async def client_choices(q: str, selected: int | None) -> list[dict[str, Any]]:
    rows = await clients.search_clients(q)
    if selected is not None and all(r["id"] != selected for r in rows):
        with contextlib.suppress(NotFound):
            rows = [await clients.client(selected), *rows]
    return rows


class ReportPage(Protocol):
    """A module's renderer of one report's page (``institution/<kind>.html``)."""

    async def __call__(
        self,
        request: Request[Any, Any, Any],
        inst_id: int,
        report_id: int,
        *,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        message: str | None = None,
        notice: str | None = None,
        status: int = 200,
    ) -> Template: ...


@attrs.frozen(kw_only=True)
class ReportPages:
    """One report kind's pages: where they live and how a report's page is drawn."""

    kind: store.ReportKind[Any]
    base: str  # "/institution/device-tests"
    nav: str  # the navigation entry to highlight
    kind_label: str  # "医用辐射装置检测报告", on the basic-information form
    blank: dict[str, Any] | None  # the body a new report starts from (None: basic_body's default)
    report_page: ReportPage


def _basic_form(
    request: Request[Any, Any, Any],
    pages: ReportPages,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    q: str,
    clients: list[dict[str, Any]],
    status: int = 200,
) -> Template:
    return render(
        request,
        "institution/report_basic.html",
        status=status,
        nav=pages.nav,
        kind_label=pages.kind_label,
        base=pages.base,
        values=values,
        errors=errors,
        q=q,
        clients=clients,
        today=clock.today().isoformat(),
    )


async def new(request: Request[Any, Any, Any], pages: ReportPages, q: str | None) -> Template:
    """新增: the empty basic-information form, the client choices filtered by ``q``."""
    institution_of(request)
    return _basic_form(
        request,
        pages,
        values={"report_date": clock.today().isoformat()},
        errors={},
        q=q or "",
        clients=await client_choices(q or "", None),
    )


async def create(request: Request[Any, Any, Any], pages: ReportPages) -> Template | Redirect:
    """保存 a new report's basic information (§5.1.2.2 1, §5.2.2.2 1), or show the form again."""
    user, inst_id = institution_of(request)
    values, client, errors = await basic_values(await request.form())
    if not errors and client is not None:
        body = basic_body(pages.blank, values, client)
        try:
            report_id = await store.create(pages.kind, user, inst_id, body)
        except Invalid as exc:
            errors = client_errors(exc)
        else:
            return redirect(f"{pages.base}/{report_id}", "created")
    selected = int(values["client_id"]) if values["client_id"].isdigit() else None
    return _basic_form(
        request,
        pages,
        values=values,
        errors=errors,
        q="",
        clients=await client_choices("", selected),
        status=400,
    )


async def save(request: Request[Any, Any, Any], pages: ReportPages, report_id: int) -> Template | Redirect:
    """保存 a draft report's basic information, keeping what it holds."""
    user, inst_id = institution_of(request)
    row = await store.get(pages.kind, inst_id, report_id)
    values, client, errors = await basic_values(await request.form())
    if not errors and client is not None:
        doc = unstructure(await store.report_of(pages.kind, row))
        try:
            await store.update(pages.kind, user, inst_id, report_id, basic_body(doc, values, client))
        except Invalid as exc:
            errors = client_errors(exc)
        else:
            return redirect(f"{pages.base}/{report_id}", "saved")
    return await pages.report_page(request, inst_id, report_id, values=values, errors=errors, status=400)


async def refused(
    request: Request[Any, Any, Any], pages: ReportPages, inst_id: int, report_id: int, exc: WebError
) -> Template:
    """The report's page with the refusal of an action on it; someone else's report stays 404."""
    if exc.status == 404:
        raise exc
    return await pages.report_page(request, inst_id, report_id, message=exc.message, status=exc.status)


async def submit(request: Request[Any, Any, Any], pages: ReportPages, report_id: int) -> Template | Redirect:
    """提交: radrules' errors refuse it (422, on the page); warnings are counted in the notice."""
    user, inst_id = institution_of(request)
    try:
        warnings = await store.submit(pages.kind, user, inst_id, report_id, clock.today())
    except Refused as exc:
        return await pages.report_page(request, inst_id, report_id, message=exc.message, status=422)
    except WebError as exc:
        return await refused(request, pages, inst_id, report_id, exc)
    if warnings:
        return await pages.report_page(
            request, inst_id, report_id, notice=f"已提交（有 {len(warnings)} 条提示，请留意）"
        )
    return redirect(f"{pages.base}/{report_id}", "submitted")


async def withdraw(
    request: Request[Any, Any, Any], pages: ReportPages, report_id: int
) -> Template | Redirect:
    """撤回 a submitted report to draft."""
    user, inst_id = institution_of(request)
    try:
        await store.withdraw(pages.kind, user, inst_id, report_id)
    except WebError as exc:
        return await refused(request, pages, inst_id, report_id, exc)
    return redirect(f"{pages.base}/{report_id}", "withdrawn")


async def delete(request: Request[Any, Any, Any], pages: ReportPages, report_id: int) -> Template | Redirect:
    """删除 a whole draft report, once confirmed: the first press shows what would go."""
    user, inst_id = institution_of(request)
    if (await request.form()).get("confirm") != "yes":
        row = await store.get(pages.kind, inst_id, report_id)
        report = pages.kind.from_row(row)
        parts = getattr(report, "samples", None) or getattr(report, "records", None) or ()
        return render(
            request,
            "institution/report_delete.html",
            nav=pages.nav,
            kind_label=pages.kind_label,
            base=pages.base,
            row=row,
            parts=len(parts),
            part_label="个样品" if hasattr(report, "samples") else "条监测结果",
        )
    try:
        await store.delete(pages.kind, user, inst_id, report_id)
    except WebError as exc:
        return await refused(request, pages, inst_id, report_id, exc)
    return redirect(pages.base, "deleted")
