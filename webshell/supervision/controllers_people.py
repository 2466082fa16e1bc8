"""Pages of radiation workers' 健康监护档案 (source 001 module 8), their transfer between units
(module 20) and the three levels' accounts (§2.3.1), under ``/supervision``."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, render, user_of
from radrules_webshell.supervision import levels, scope
from radrules_webshell.supervision.archives import service as archives
from radrules_webshell.supervision.archives import transfer
from radrules_webshell.supervision.controllers_pages import BASE, unit_page
from radrules_webshell.supervision.pages import FORMS, LABELS, moved_text, submit
from radrules_webshell.supervision.registers import service as registers

R = Request[Any, Any, Any]
Page = Template | Redirect


def _worker_url(client_id: int, worker_id: int) -> str:
    return f"{BASE}/{client_id}/workers/{worker_id}"


class SupervisionPeoplePages(Controller):
    path = "/supervision"
    guards = [role(*scope.ROLES)]
    include_in_schema = False

    @post("/units/{client_id:int}/workers")
    async def create_worker(self, request: R, client_id: FromPath[int]) -> Page:
        user = user_of(request)

        async def redraw(**form: Any) -> Template:
            return await unit_page(request, client_id, **form)

        return await submit(
            request,
            "worker",
            lambda d: archives.create_worker(user, client_id, d),
            redraw,
            lambda row: _worker_url(client_id, row["id"]),
            "created",
        )

    async def _archive_page(
        self, request: R, client_id: int, worker_id: int, *, status: int = 200, **form: Any
    ) -> Template:
        user = user_of(request)
        unit = await scope.unit(user, client_id)
        detail = await archives.archive(user, client_id, worker_id)
        return render(
            request,
            "supervision/worker.html",
            status=status,
            nav="s_units",
            unit=unit,
            forms=FORMS,
            labels=LABELS,
            kinds=archives.KINDS,
            values=form.get("values") or {"worker": detail["worker"]},
            errors=form.get("errors", {}),
            message=form.get("message"),
            **detail,
        )

    @get("/units/{client_id:int}/workers/{worker_id:int}")
    async def worker(self, request: R, client_id: FromPath[int], worker_id: FromPath[int]) -> Template:
        return await self._archive_page(request, client_id, worker_id)

    async def _on_worker(self, request: R, client_id: int, worker_id: int, name: str, run: Any) -> Page:
        async def redraw(**form: Any) -> Template:
            return await self._archive_page(request, client_id, worker_id, **form)

        return await submit(request, name, run, redraw, _worker_url(client_id, worker_id))

    @post("/units/{client_id:int}/workers/{worker_id:int}")
    async def update_worker(self, request: R, client_id: FromPath[int], worker_id: FromPath[int]) -> Page:
        user = user_of(request)
        return await self._on_worker(
            request,
            client_id,
            worker_id,
            "worker",
            lambda d: archives.update_worker(user, client_id, worker_id, d),
        )

    @post("/units/{client_id:int}/workers/{worker_id:int}/records/{kind:str}")
    async def add_record(
        self, request: R, client_id: FromPath[int], worker_id: FromPath[int], kind: FromPath[str]
    ) -> Page:
        user = user_of(request)
        archives.kind_of(kind)
        return await self._on_worker(
            request,
            client_id,
            worker_id,
            kind,
            lambda d: archives.add_record(user, client_id, worker_id, kind, d),
        )

    @post("/units/{client_id:int}/workers/{worker_id:int}/records/{kind:str}/{item_id:int}/delete")
    async def remove_record(
        self,
        request: R,
        client_id: FromPath[int],
        worker_id: FromPath[int],
        kind: FromPath[str],
        item_id: FromPath[int],
    ) -> Redirect:
        await archives.remove_record(user_of(request), client_id, worker_id, kind, item_id)
        return redirect(_worker_url(client_id, worker_id), "deleted")

    @post("/units/{client_id:int}/workers/{worker_id:int}/training-certificates/{certificate_id:int}")
    async def take_certificate(
        self, request: R, client_id: FromPath[int], worker_id: FromPath[int], certificate_id: FromPath[int]
    ) -> Page:
        user = user_of(request)
        return await self._on_worker(
            request,
            client_id,
            worker_id,
            "take",
            lambda d: archives.take_certificate(user, client_id, worker_id, certificate_id, d),
        )

    # 档案调转

    @post("/units/{client_id:int}/transfers")
    async def request_transfer(self, request: R, client_id: FromPath[int]) -> Page:
        user = user_of(request)

        async def redraw(**form: Any) -> Template:
            return await unit_page(request, client_id, **form)

        return await submit(
            request,
            "transfer",
            lambda d: transfer.request(user, client_id, d),
            redraw,
            lambda row: f"/supervision/transfers/{row['id']}",
            "submitted",
        )

    @get("/transfers")
    async def transfers(self, request: R) -> Template:
        rows = await transfer.transfers(user_of(request))
        return render(request, "supervision/transfers.html", nav="s_transfers", rows=rows, labels=LABELS)

    async def _transfer_page(
        self, request: R, transfer_id: int, *, status: int = 200, **form: Any
    ) -> Template:
        row, old, new = await transfer.visible(user_of(request), transfer_id)
        return render(
            request,
            "supervision/transfer.html",
            status=status,
            nav="s_transfers",
            row=row,
            moved=moved_text(row["moved"]),
            may_decide=old and row["status"] == transfer.OPEN,
            may_cancel=new and row["status"] == transfer.OPEN,
            forms=FORMS,
            labels=LABELS,
            values=form.get("values", {}),
            errors=form.get("errors", {}),
            message=form.get("message"),
        )

    @get("/transfers/{transfer_id:int}")
    async def transfer(self, request: R, transfer_id: FromPath[int]) -> Template:
        return await self._transfer_page(request, transfer_id)

    async def _decide(self, request: R, transfer_id: int, approve: bool) -> Page:
        user = user_of(request)

        async def redraw(**form: Any) -> Template:
            return await self._transfer_page(request, transfer_id, **form)

        return await submit(
            request,
            "decision",
            lambda d: transfer.decide(user, transfer_id, approve=approve, data=d),
            redraw,
            f"/supervision/transfers/{transfer_id}",
            "approved" if approve else "returned",
        )

    @post("/transfers/{transfer_id:int}/approve")
    async def approve(self, request: R, transfer_id: FromPath[int]) -> Page:
        return await self._decide(request, transfer_id, True)

    @post("/transfers/{transfer_id:int}/reject")
    async def reject(self, request: R, transfer_id: FromPath[int]) -> Page:
        return await self._decide(request, transfer_id, False)

    @post("/transfers/{transfer_id:int}/cancel")
    async def cancel(self, request: R, transfer_id: FromPath[int]) -> Redirect:
        await transfer.cancel(user_of(request), transfer_id)
        return redirect(f"/supervision/transfers/{transfer_id}", "saved")

    # 三级权限: accounts

    async def _accounts_page(self, request: R, *, status: int = 200, **form: Any) -> Template:
        user = user_of(request)
        rows = await levels.accounts(user)
        units = await registers.units(user)
        return render(
            request,
            "supervision/accounts.html",
            status=status,
            nav="s_accounts",
            rows=rows,
            units=units,
            level=await levels.level_of(user),
            labels=LABELS,
            values=form.get("values", {}).get("account", {}),
            errors=form.get("errors", {}).get("account", {}),
            message=form.get("message"),
        )

    @get("/accounts")
    async def accounts(self, request: R) -> Template:
        return await self._accounts_page(request)

    @post("/accounts")
    async def create_account(self, request: R) -> Page:
        user = user_of(request)
        form = await request.form()
        data = {k: form.get(k) for k in levels.FIELDS}
        try:
            await levels.create(user, data)
        except Invalid as exc:
            return await self._accounts_page(
                request,
                status=400,
                values={"account": data | {"password": ""}},
                errors={"account": exc.errors},
                message=exc.message,
            )
        return redirect("/supervision/accounts", "created")

    @post("/accounts/{account_id:int}/level")
    async def grant(self, request: R, account_id: FromPath[int]) -> Redirect:
        form = await request.form()
        await levels.grant(user_of(request), account_id, str(form.get("level") or "") or None)
        return redirect("/supervision/accounts", "saved")
