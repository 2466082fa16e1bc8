"""What the exam pages share: the clock, form reading, and the notices after a write."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template
from radrules_webshell.core.clock import now, today
from radrules_webshell.core.web import render

__all__ = ["DONE", "form_dict", "now", "page", "today"]

#: ``?ok=<key>`` after a write, shown on the page it lands on.
DONE = {
    "signed_up": "注册成功，请用身份证号和密码登录",
    "enrolled": "报名成功，请等待单位确认",
    "unit_enrolled": "已为本单位人员报名",
    "confirmed": "已确认为本单位人员",
    "refused": "已拒绝该报名",
    "code_sent": "验证码已发送，请查收短信",
    "bank_created": "题库已创建",
    "imported": "题目已导入",
    "saved": "已保存",
    "plan_created": "培训计划已保存（未发布）",
    "published": "培训计划已发布",
    "closed": "培训计划已关闭",
    "submitted": "已交卷",
}


def page(request: Request[Any, Any, Any], template: str, status: int = 200, **context: Any) -> Template:
    context.setdefault("done", DONE.get(request.query_params.get("ok", "")))
    context.setdefault("errors", {})
    context.setdefault("values", {})
    return render(request, template, status=status, **context)


async def form_dict(request: Request[Any, Any, Any]) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


async def form_ints(request: Request[Any, Any, Any], name: str) -> list[int]:
    """Every value of a repeated field (check boxes) that is a small whole number."""
    form = await request.form()
    try:
        values = form.getall(name)
    except KeyError:  # none ticked
        values = []
    out = []
    for v in values[:16]:
        text = str(v).strip()
        if text.isdigit() and len(text) < 3:
            out.append(int(text))
    return out
