"""What the JSON API of device-test and dose reports shares (source 000 §5.1, §5.2): who may
call it, how a stored report is shown, how a refused submission answers (422 with radrules'
findings), and the bodies of the create/show/update/submit/withdraw/delete routes,
parametrized by the report kind. Each kind's ``controllers.py`` keeps its own thin route
methods (Litestar routes belong to a controller) and calls these."""

from __future__ import annotations

from typing import Any

import orjson
from litestar import MediaType, Request, Response
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Forbidden
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.web import user_of
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.findings import Refused
from radrules_webshell.filings.reports.service import STATUS_LABELS


def institution_of(request: Request[Any, Any, Any]) -> tuple[Principal, int]:
    user = user_of(request)
    if user.role != "institution" or user.institution_id is None:
        raise Forbidden()
    return user, user.institution_id


def report_out(row: dict[str, Any]) -> dict[str, Any]:
    """A stored report: its id, state and client, and the radrules document."""
    return {
        "id": row["id"],
        "status": row["status"],
        "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        "client_id": row["client"],
        "report_no": row["report_no"],
        "report_date": row["report_date"],
        "submitted_at": row["submitted_at"],
        "updated_at": row["updated_at"],
        "report": orjson.loads(row["document"]),
    }


async def submit_response(
    kind: store.ReportKind[Any], user: Principal, institution_id: int, report_id: int
) -> Response[Any]:
    try:
        warnings = await store.submit(kind, user, institution_id, report_id, clock.today())
    except Refused as exc:
        return Response(
            {"message": exc.message, "findings": exc.findings}, status_code=422, media_type=MediaType.JSON
        )
    return Response({"status": "submitted", "warnings": warnings}, media_type=MediaType.JSON)


async def create_report(
    kind: store.ReportKind[Any], request: Request[Any, Any, Any], data: dict[str, Any]
) -> dict[str, Any]:
    """新增: store a report from its JSON body and show it."""
    user, inst_id = institution_of(request)
    report_id = await store.create(kind, user, inst_id, data)
    return report_out(await store.get(kind, inst_id, report_id))


async def show_report(
    kind: store.ReportKind[Any], request: Request[Any, Any, Any], report_id: int
) -> dict[str, Any]:
    _, inst_id = institution_of(request)
    return report_out(await store.get(kind, inst_id, report_id))


async def update_report(
    kind: store.ReportKind[Any], request: Request[Any, Any, Any], report_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    """修改 a draft report with a whole new JSON body and show it."""
    user, inst_id = institution_of(request)
    await store.update(kind, user, inst_id, report_id, data)
    return report_out(await store.get(kind, inst_id, report_id))


async def submit_report(
    kind: store.ReportKind[Any], request: Request[Any, Any, Any], report_id: int
) -> Response[Any]:
    user, inst_id = institution_of(request)
    return await submit_response(kind, user, inst_id, report_id)


async def withdraw_report(
    kind: store.ReportKind[Any], request: Request[Any, Any, Any], report_id: int
) -> dict[str, str]:
    """撤回 a submitted report: it is a draft again."""
    user, inst_id = institution_of(request)
    await store.withdraw(kind, user, inst_id, report_id)
    return {"status": "draft"}


async def delete_report(kind: store.ReportKind[Any], request: Request[Any, Any, Any], report_id: int) -> None:
    """删除 a whole draft report."""
    user, inst_id = institution_of(request)
    await store.delete(kind, user, inst_id, report_id)
