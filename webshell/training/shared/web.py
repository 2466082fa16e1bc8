"""What the training controllers share: the acting unit or CDC, the vocabulary of the
moment, the page notices, and xlsx responses (every list exportable, issue 13)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from litestar import Request, Response
from radrules_webshell.core import clock
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.web import user_of
from radrules_webshell.training.shared.scope import cdc_prefix, unit_of

from radrules import TrainingVocabulary, training_vocabulary
from radrules.documents.tables import Column, Table, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Fixed messages after a redirect (``?notice=key``); free text is never reflected.
NOTICES = {
    "saved": "已保存",
    "created": "已添加",
    "deleted": "已删除",
    "uploaded": "附件已上传",
    "employment": "在岗状态已修改",
    "added": "已添加报名人员，请逐一点击人员填写报名信息后报名",
    "submitted": "已报名，请关注审核结果",
    "cancelled": "已取消报名，可修改后重新报名",
    "published": "培训计划已发布",
    "closed": "培训计划已关闭",
    "approved": "已审核通过",
    "returned": "已退回",
    "opened": "已开放选班，已通知报名单位",
    "selected": "选班已保存",
    "selection_submitted": "集体选班已提交",
    "scores_saved": "成绩已保存",
    "scores_imported": "成绩已导入",
    "scores_published": "成绩已发布，合格人员的证书已出具",
    "revoked": "证书已撤销",
}


def notice_of(request: Request[Any, Any, Any]) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


def unit(request: Request[Any, Any, Any]) -> tuple[Principal, int]:
    """The acting unit's account and institution id (another role: 404)."""
    user = user_of(request)
    return user, unit_of(user)


def cdc(request: Request[Any, Any, Any]) -> tuple[Principal, str]:
    """The acting CDC's account and division prefix (another role: 403)."""
    user = user_of(request)
    return user, cdc_prefix(user)


def vocabulary(division_code: str | None) -> TrainingVocabulary:
    """The choices of the province of ``division_code`` today."""
    return training_vocabulary(division_code, on=clock.today())


async def xlsx(
    name: str, title: str, columns: Sequence[tuple[str, float]], rows: Iterable[Sequence[Any]]
) -> Response[bytes]:
    """One-sheet workbook of a list, written off the event loop, named in Chinese."""
    table = Table(
        sheet=title[:31],
        title=title,
        columns=[Column(header=h, width=w) for h, w in columns],
        rows=list(rows),
    )

    def write() -> bytes:
        buffer = io.BytesIO()
        write_xlsx([table], buffer)
        return buffer.getvalue()

    data = await anyio.to_thread.run_sync(write)
    return Response(
        data,
        media_type=XLSX,
        headers={
            "Content-Disposition": f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "private, no-store",
        },
    )
