"""What the JSON API of device-test and dose reports shares: who may call it, how a stored
report is shown, and how a refused submission answers (422 with radrules' findings)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from litestar import MediaType, Request, Response
from radrules_webshell.core.errors import Forbidden
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.web import user_of
from radrules_webshell.filings import report_store as store
from radrules_webshell.filings.report_common import STATUS_LABELS, Refused


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
        warnings = await store.submit(kind, user, institution_id, report_id, date.today())
    except Refused as exc:
        return Response(
            {"message": exc.message, "findings": exc.findings}, status_code=422, media_type=MediaType.JSON
        )
    return Response({"status": "submitted", "warnings": warnings}, media_type=MediaType.JSON)
