"""The public verification page ``/verify`` that the QC QR code opens (no login needed)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template
from radrules_webshell.core.web import render, settings_of
from radrules_webshell.verify import service


class VerifyPages(Controller):
    path = "/verify"
    include_in_schema = False

    # Any query gets the page's own verdict (无效 for garbage, NUL characters included): the
    # signature is checked before anything is looked up, so nothing reaches the database.
    @get("/", opt={"any_query": True})
    async def verify(self, request: Request[Any, Any, Any]) -> Template:
        query = request.url.query or ""
        if not query:
            return render(request, "verify.html", outcome=None)
        outcome = await service.verify(query, settings_of(request))
        return render(
            request,
            "verify.html",
            status=outcome.status_code,
            outcome=outcome,
        )

    @get("/{rest:path}", opt={"any_query": True})
    async def anything_else(self, request: Request[Any, Any, Any], rest: FromPath[str]) -> Template:  # noqa: ARG002
        """A mangled address (a path after ``/verify``): the same verdict as a forged one."""
        outcome = service.invalid("二维码地址格式不正确")
        return render(request, "verify.html", status=outcome.status_code, outcome=outcome)
