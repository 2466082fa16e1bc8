"""Pages and API of a card's files: QR code, PDF preview, stamped copies
(source 000 §5.3.4 第八步; FAQ 3). The rules are in :mod:`.files` and radrules."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.filings.cards import files as card_files
from radrules_webshell.verify.secret import verification_base

_PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _base(request: Request[Any, Any, Any]) -> str:
    return verification_base(settings_of(request), str(request.base_url))


async def _qr(request: Request[Any, Any, Any], card_id: int) -> Response[bytes]:
    code, png = await card_files.qr_code(user_of(request), card_id, settings_of(request), _base(request))
    return Response(
        png,
        media_type="image/png",
        headers={**_PRIVATE, "Content-Disposition": f'attachment; filename="qc-{code}.png"'},
    )


async def _pdf(request: Request[Any, Any, Any], card_id: int) -> Response[bytes]:
    code, pdf = await card_files.card_pdf(user_of(request), card_id, settings_of(request), _base(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**_PRIVATE, "Content-Disposition": f'inline; filename="card-{code}.pdf"'},
    )


def _attachment_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "kind_label": row["kind_label"],
        "filename": row["filename"],
        "size": row["size"],
        "sha256": row["sha256"],
        "download": f"/files/{row['upload_id']}",
        "created_at": row["created_at"],
    }


async def _page_context(request: Request[Any, Any, Any], card_id: int) -> dict[str, Any]:
    row = await card_files.card_row(user_of(request), card_id)
    files = await card_files.attachment_rows(card_id)
    present = {f["kind"] for f in files}
    fixed = row["status"] == "synced" or row["attachments_sent_on"] is not None
    return {
        "card": row,
        "status_label": card_files.status_label(row),
        "files": files,
        "missing": [
            (k.value, card_files.KIND_LABELS[k.value])
            for k in card_files.kinds_for(row)
            if k.value not in present
        ],
        "fixed": fixed,
    }


class CardFilePages(Controller):
    path = "/institution/cards"
    guards = [role("institution")]
    include_in_schema = False

    @get("/{card_id:int}/qr.png")
    async def qr(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Response[bytes]:
        return await _qr(request, card_id)

    @get("/{card_id:int}/card.pdf")
    async def pdf(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Response[bytes]:
        return await _pdf(request, card_id)

    @get("/{card_id:int}/attachments")
    async def attachments(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template:
        ctx = await _page_context(request, card_id)
        return render(request, "institution/card_files.html", nav="cards", errors={}, **ctx)

    @post("/{card_id:int}/attachments", opt={"upload_files": 1})
    async def attach(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Template | Redirect:
        user = user_of(request)
        await card_files.card_row(user, card_id)  # another institution's card: 404 before anything
        form = await request.form()
        try:
            await card_files.add_attachment(
                user, card_id, form.get("kind"), form.get("file"), settings_of(request)
            )
        except WebError as exc:
            ctx = await _page_context(request, card_id)
            return render(
                request,
                "institution/card_files.html",
                status=exc.status,
                nav="cards",
                errors=exc.errors,
                message=exc.message,
                **ctx,
            )
        return redirect(f"/institution/cards/{card_id}/attachments", "created")

    @post("/{card_id:int}/attachments/{attachment_id:int}/delete")
    async def detach(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            await card_files.remove_attachment(user_of(request), card_id, attachment_id, settings_of(request))
        except WebError as exc:
            if exc.status == 404:
                raise
            ctx = await _page_context(request, card_id)
            return render(
                request,
                "institution/card_files.html",
                status=exc.status,
                nav="cards",
                errors={},
                message=exc.message,
                **ctx,
            )
        return redirect(f"/institution/cards/{card_id}/attachments", "deleted")


class CardFileApi(Controller):
    path = "/api/cards"
    guards = [role("institution"), api_csrf]
    tags = ["报送卡文书"]

    @get(
        "/{card_id:int}/qr.png",
        summary="下载质控二维码PNG（内容为带签名的核验地址）",
        media_type="image/png",
    )
    async def qr(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Response[bytes]:
        return await _qr(request, card_id)

    @get("/{card_id:int}/card.pdf", summary="报送卡PDF预览（页脚印质控二维码）", media_type="application/pdf")
    async def pdf(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> Response[bytes]:
        return await _pdf(request, card_id)

    @get("/{card_id:int}/attachments", summary="本环节文书：已上传的盖章版附件")
    async def attachments(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> dict[str, Any]:
        row = await card_files.card_row(user_of(request), card_id)
        files = await card_files.attachment_rows(card_id)
        return {
            "card_id": card_id,
            "status": row["status"],
            "status_under_lock": row["status_under_lock"],
            "version": row["version"],
            "attachments": [_attachment_out(f) for f in files],
        }

    @post(
        "/{card_id:int}/attachments",
        summary="上传盖章版附件（multipart：kind=stamped_card|report_cover_sign，file=PDF）",
        description="两份盖章版附件都上传后报送卡锁定，任何信息不能修改；删除附件即解锁（操作手册 §5.3.4 第八步、常见问题3）。",
        status_code=201,
        opt={"upload_files": 1},
    )
    async def attach(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> dict[str, Any]:
        user = user_of(request)
        await card_files.card_row(user, card_id)
        form = await request.form()
        return await card_files.add_attachment(
            user, card_id, form.get("kind"), form.get("file"), settings_of(request)
        )

    @delete(
        "/{card_id:int}/attachments/{attachment_id:int}",
        summary="删除盖章版附件（报送卡随之解锁）",
        status_code=200,
    )
    async def detach(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], attachment_id: FromPath[int]
    ) -> dict[str, str]:
        status = await card_files.remove_attachment(
            user_of(request), card_id, attachment_id, settings_of(request)
        )
        return {"status": status}
